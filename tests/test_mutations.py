"""Mutation test: single-figure changes to the example; every change that breaks an identity is caught.

An independent oracle (written here, not shared with the engine) decides from the raw dataset whether a
change breaks an accounting identity; the check engine must then report an error, and must not report one
otherwise. The unmodified example has no finding at all.
"""

from __future__ import annotations

import random
from decimal import Decimal

import pytest
import yaml

from juesuan.rules import check_path
from juesuan.yamlsource import load_yaml

from .conftest import EXAMPLE

FUNDS = ("general_budget", "gov_fund", "state_capital")
SOURCES = (
    "general_budget",
    "gov_fund",
    "state_capital",
    "superior_subsidy",
    "business",
    "operating",
    "affiliated",
    "other",
)
NATURES = ("basic", "project", "remit_superior", "operating", "affiliated_subsidy")
COUNT_KEYS = {
    "batches",
    "persons",
    "groups",
    "count",
    "equipment_over_1m",
    "schema_version",
    "decimals",
    "year",
    "target_projects",
    "monitored_projects",
    "headcount_prior",
    "authorised",
    "actual",
    "scoring_decimals",
}
D0 = Decimal(0)


class _Dumper(yaml.SafeDumper):
    pass


_Dumper.add_representer(Decimal, lambda d, v: d.represent_scalar("tag:yaml.org,2002:float", str(v)))


def _leaves(node, path=()):
    if isinstance(node, dict):
        for key, value in node.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(node, list):
        for i, value in enumerate(node):
            yield from _leaves(value, (*path, i))
    elif (
        isinstance(node, Decimal | int)
        and not isinstance(node, bool)
        and path[-1] not in COUNT_KEYS
        and "holdings" not in path
        and path[0] not in ("assets", "department")
    ):
        yield path


def _get(data, path):
    for part in path:
        data = data[part]
    return data


def _set(data, path, value):
    for part in path[:-1]:
        data = data[part]
    data[path[-1]] = value


def _d(x) -> Decimal:
    return Decimal(x) if x is not None else D0


def broken(ds: dict) -> list[str]:
    """The identities the raw dataset breaks (independent of juesuan.derive)."""
    items = ds.get("functional_items", [])
    bal = ds.get("balances", {})
    out = []
    income = sum((_d(i.get("income", {}).get(s)) for i in items for s in SOURCES), D0)
    spent = sum((_d(i.get("expenditure", {}).get(n)) for i in items for n in NATURES), D0)
    if income + _d(bal.get("opening")) + _d(bal.get("use_of_non_fiscal_balance")) != spent + _d(
        bal.get("distribution")
    ) + _d(bal.get("closing")):
        out.append("grand totals")
    for f in FUNDS:
        fund_in = sum((_d(i.get("income", {}).get(f)) for i in items), D0)
        fund_out = sum(
            (_d(i.get("fiscal", {}).get(f, {}).get(m)) for i in items for m in ("basic", "project")), D0
        )
        if _d(bal.get("opening_fiscal", {}).get(f)) + fund_in != fund_out + _d(
            bal.get("closing_fiscal", {}).get(f)
        ):
            out.append(f"fund {f}")
    for i in items:
        for m in ("basic", "project"):
            fiscal = sum((_d(i.get("fiscal", {}).get(f, {}).get(m)) for f in FUNDS), D0)
            if fiscal > _d(i.get("expenditure", {}).get(m)):
                out.append(f"item {i['code']} {m}")
    econ = [e for e in ds.get("economic_items", []) if e.get("fund", "general_budget") == "general_budget"]
    for m in ("basic", "project"):
        total = sum((_d(e.get(m)) for e in econ), D0)
        functional = sum((_d(i.get("fiscal", {}).get("general_budget", {}).get(m)) for i in items), D0)
        if (m == "basic" or total) and total != functional:
            out.append(f"economic {m}")
    tp = ds.get("three_public", {})
    dom = tp.get("domestic_reception", {})
    if dom.get("items") and sum((_d(x["amount"]) for x in dom["items"]), D0) != _d(dom.get("amount")):
        out.append("reception items")
    reception = _d(dom.get("amount")) + _d(tp.get("foreign_reception", {}).get("amount"))
    if sum((_d(e.get("basic")) + _d(e.get("project")) for e in econ if e["code"] == "30217"), D0) > reception:
        out.append("30217 > reception")
    pr = ds.get("procurement", {})
    total = sum((_d(pr.get(k)) for k in ("goods", "works", "services")), D0)
    if _d(pr.get("sme")) > total or _d(pr.get("small_micro")) > _d(pr.get("sme")):
        out.append("procurement")
    prior_closing = ds.get("prior_year", {}).get("closing_balance")
    if prior_closing is not None and _d(prior_closing) != _d(bal.get("opening")):
        out.append("opening ≠ prior closing")
    for p in ds.get("performance", {}).get("projects", []):
        if _d(p.get("execution_weight", 10)) + sum((_d(x["weight"]) for x in p["indicators"]), D0) != 100:
            out.append(f"weights {p['name']}")
    return out


def _mutations(n: int, seed: int = 20241231):
    data = load_yaml(EXAMPLE / "dataset.yaml").data
    paths = sorted(_leaves(data), key=repr)
    rng = random.Random(seed)
    for k in range(n):
        path = rng.choice(paths)
        old = Decimal(_get(data, path))
        delta = rng.choice(
            [Decimal("0.10"), Decimal("-0.10"), Decimal("1.00"), Decimal("-1.00"), Decimal("5.00")]
        )
        new = old + delta if old + delta >= 0 else old - delta
        yield k, path, old, new


def test_unmodified_example_has_no_finding():
    report = check_path(EXAMPLE)
    assert report.findings == []


MUTATIONS = list(_mutations(220))


@pytest.mark.parametrize(("k", "path", "old", "new"), MUTATIONS, ids=[f"m{m[0]}" for m in MUTATIONS])
def test_mutation(tmp_path, k, path, old, new):
    data = load_yaml(EXAMPLE / "dataset.yaml").data
    _set(data, path, new)
    target = tmp_path / "dataset.yaml"
    target.write_text(yaml.dump(data, Dumper=_Dumper, allow_unicode=True, sort_keys=False), encoding="utf-8")
    expected = broken(data)
    report = check_path(target)
    errors = [f for f in report.findings if f.severity in ("error", "fatal")]
    where = ".".join(map(str, path))
    if expected and abs(new - old) >= 1:
        # far beyond rounding: an error
        assert errors, f"{where}: {old} → {new} breaks {expected} but no rule caught it"
    elif expected:
        # 0.10 may be within the rounding allowance of a long sum (0.005 × (n + 1)): then it is a 尾差 (R001)
        caught = errors or [f for f in report.findings if f.rule_id == "R001"]
        assert caught, f"{where}: {old} → {new} breaks {expected} but no rule caught it"
    else:
        assert not errors, f"{where}: {old} → {new} breaks nothing, yet: {[f.line() for f in errors]}"
