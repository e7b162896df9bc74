"""The rule functions of the catalogue (``kind = "python"``), one per rule id.

Each takes the check ``Context`` and yields ``Hit``s; the engine turns them into findings with the
catalogue's texts. A function raises ``Skip`` when the data it needs is absent.
"""

from __future__ import annotations

from collections.abc import Iterator
from decimal import Decimal
from typing import Any

from juesuan.derive import Change, Need
from juesuan.figures import UNIT_AFTER
from juesuan.findings import Location
from juesuan.money import ZERO, decimals_of, format_measured, round_half_up, to_wan
from juesuan.rules.context import Context, Hit, Skip, mismatches, rule, shown
from juesuan.rules.tolerance import around

# economic 款 whose 财政拨款 spending belongs to a “三公” item (basic + project)
THREE_PUBLIC_ECONOMIC = {
    "30212": "outbound",
    "30217": "reception",
    "30231": "vehicle_operation",
    "31013": "vehicle_purchase",
}

# explanation needs → the change they explain (for P002) and the figure it concerns
CHANGE_OF_NEED = {
    "total_change": "total",
    "fiscal_total_change": "fiscal_total",
    "general_budget_change": "general_budget",
    "gov_fund_change": "gov_fund",
    "state_capital_change": "state_capital",
    "three_public_change": "three_public.total",
    "three_public_outbound": "three_public.outbound",
    "three_public_vehicles": "three_public.vehicles",
    "three_public_reception": "three_public.reception",
    "admin_cost": "admin_cost",
    "fiscal_income_change": "fiscal_income",
}
LARGE_CHANGE = Decimal(10)


def _what(ctx: Context, what: str) -> str:
    from juesuan.viewmodel import labels

    return labels(ctx.dataset.department.profile)["needs"]["what"].get(what, what)


@rule("X002")
def economic_items_within_three_public(ctx: Context) -> Iterator[Hit]:
    if not any(e.fund == "general_budget" for e in ctx.dataset.economic_items):
        raise Skip("未填写经济分类明细（economic_items）")
    actual = ctx.derived.three_public.actual
    for code, item in THREE_PUBLIC_ECONOMIC.items():
        key = f"econ.all.{code}.total"
        if key not in ctx.ledger:
            continue
        spent_value, limit = ctx.ledger.value(key), actual[item]
        if spent_value is None or limit.value is None or spent_value <= limit.value:
            continue  # the usual case: the 款 of all funds is not made (see _compare_le)
        spent = ctx.ledger[key]
        if not _compare_le(ctx, spent, limit):
            name = next((r.name for r in ctx.derived.economic["all"] if r.code == code), code)
            yield Hit(
                {
                    "code": code,
                    "name": name,
                    "item": ctx.words["three_public"][item],
                    "left": format_measured(spent_value),
                    "right": format_measured(limit.value),
                    "difference": format_measured(spent_value - limit.value),
                },
                [ctx.figure_location(spent, "item"), ctx.figure_location(limit, "total")],
                [key, limit.key],
            )


def _compare_le(ctx: Context, left, right) -> bool:
    if left.value <= right.value:
        return True
    return ctx.intervals.of(left).lo <= ctx.intervals.of(right).hi


@rule("X003")
def admin_cost_vs_public_expenses(ctx: Context) -> Iterator[Hit]:
    admin = ctx.derived.other["admin_cost"]
    if admin is None:
        raise Skip("未填写机关运行经费（admin_cost）")
    if ctx.dataset.department.unit_type == "事业单位":
        raise Skip("事业单位不适用")
    if not ctx.derived.basic["given"]:
        raise Skip("未填写经济分类明细（economic_items）")
    public = ctx.derived.basic["public"]
    if admin.value != public.value and not ctx.intervals.of(admin).intersects(ctx.intervals.of(public)):
        yield Hit(
            {
                "left": format_measured(admin.value),
                "right": format_measured(public.value),
                "difference": format_measured(abs(admin.known - public.known)),
            },
            [ctx.figure_location(admin, "item"), ctx.figure_location(public, "total")],
            [admin.key, public.key],
        )


@rule("X004")
def official_vehicles_within_vehicles(ctx: Context) -> Iterator[Hit]:
    if not ctx.dataset.assets.vehicles:
        raise Skip("未填写国有资产车辆数（assets.vehicles）")
    holdings = ctx.derived.three_public.vehicle_holdings
    total = ctx.derived.other["vehicles_total"]
    if holdings > total:
        yield Hit(
            {"left": holdings, "right": total},
            [
                ctx.path_location(("three_public", "vehicles", "holdings")),
                ctx.path_location(("assets", "vehicles")),
            ],
            ["three_public.vehicles.holdings", "assets.vehicles"],
        )


@rule("X006")
def vehicle_purchase_without_cost(ctx: Context) -> Iterator[Hit]:
    for k, purchase in enumerate(ctx.dataset.three_public.vehicles.purchases):
        if purchase.count and not purchase.amount:
            yield Hit(
                {"type": purchase.type, "count": purchase.count, "amount": format_measured(purchase.amount)},
                [ctx.path_location(("three_public", "vehicles", "purchases", k))],
                [f"three_public.vehicles.purchases[{k}]"],
            )


@rule("P001")
def three_public_over_budget(ctx: Context) -> Iterator[Hit]:
    tp = ctx.derived.three_public
    for item in ("outbound", "vehicle_purchase", "vehicle_operation", "reception"):
        actual, budget = tp.actual[item], tp.budget[item]
        if round_half_up(actual.known, 2) > round_half_up(budget.known, 2):
            yield Hit(
                {
                    "item": ctx.words["three_public"][item],
                    "actual": format_measured(actual.value),
                    "budget": format_measured(budget.value),
                    "difference": format_measured(actual.known - budget.known),
                },
                [ctx.figure_location(budget, "total"), ctx.figure_location(actual, "item")],
                [actual.key, budget.key],
            )


def _explanation_needs(ctx: Context) -> Iterator[tuple[Need, Change | None]]:
    for need in ctx.derived.needs:
        if need.kind == "explanation":
            yield need, ctx.derived.changes.get(CHANGE_OF_NEED.get(need.what, ""))


def _large(change: Change | None) -> bool:
    if change is None or change.direction not in ("increase", "decrease", "new"):
        return False
    if change.direction == "new":
        return True
    assert change.percent is not None  # an increase or decrease has one
    return abs(change.percent.known) >= LARGE_CHANGE


@rule("P002")
def large_change_unexplained(ctx: Context) -> Iterator[Hit]:
    w = ctx.words
    for need, change in _explanation_needs(ctx):
        if change is None or not _large(change):
            continue
        if change.direction == "new":
            text = w["change_new"]
        else:
            assert change.difference is not None and change.percent is not None  # an increase or decrease
            text = w["change"].format(
                direction=w["directions"][change.direction],
                amount=format_measured(abs(change.difference.known)),
                percent=format_measured(abs(change.percent.known)) + "%",
            )
        yield Hit(
            {"what": _what(ctx, need.what), "change": text}, _need_locations(ctx, need, change), [need.path]
        )


def _split(path: str) -> list[str | int]:
    out: list[str | int] = []
    for part in path.replace("]", "").replace("[", ".").split("."):
        out.append(
            int(part)
            if part.isdigit()
            and out
            and out[-1] in ("functional_items", "projects", "indicators", "economic_items")
            else part
        )
    return out


def _needs(ctx: Context, kind: str, exclude_large: bool = False) -> Iterator[Hit]:
    for need in ctx.derived.needs:
        if need.kind != kind:
            continue
        if exclude_large and _large(ctx.derived.changes.get(CHANGE_OF_NEED.get(need.what, ""))):
            continue  # reported by P002
        change = ctx.derived.changes.get(CHANGE_OF_NEED.get(need.what, ""))
        yield Hit({"what": _what(ctx, need.what)}, _need_locations(ctx, need, change), [need.path])


def _need_locations(ctx: Context, need: Need, change: Change | None) -> list[Location]:
    """Where to write the missing text, and the figures that call for it (the place to look first when
    the text's own key is not in the file yet)."""
    path = tuple(_split(need.path))
    here = ctx.path_location(path, "source")
    if need.kind == "prior":
        return [here]  # the prior_year block (or the file) is where it goes
    figures = [] if change is None else [f for f in (change.prior, change.current) if f is not None]
    located = [ctx.figure_location(f, "item") for f in figures]
    if path not in ctx.loaded.document.lines:
        located = [loc for loc in located if loc.line] or located
        return [*located, here] if located else [here]
    return [here, *located]


@rule("C001")
def explanation_missing(ctx: Context) -> Iterator[Hit]:
    yield from _needs(ctx, "explanation", exclude_large=True)


@rule("C002")
def prior_year_missing(ctx: Context) -> Iterator[Hit]:
    yield from _needs(ctx, "prior")


@rule("C003")
def data_missing(ctx: Context) -> Iterator[Hit]:
    yield from _needs(ctx, "data")


@rule("P003")
def project_over_executed(ctx: Context) -> Iterator[Hit]:
    for p in ctx.derived.projects:
        s = p.score
        if s.execution_rate is not None and s.execution_rate > 100:
            yield Hit(
                {
                    "project": s.evaluation.name,
                    "executed": format_measured(s.executed_total),
                    "budget": format_measured(s.budget_total),
                    "rate": format_measured(s.execution_rate) + "%",
                },
                [ctx.path_location(("performance", "projects", p.index, "funds"))],
                [f"performance.project{p.index}.funds"],
            )


@rule("Y001")
def opening_equals_prior_closing(ctx: Context) -> Iterator[Hit]:
    prior = ctx.derived.other["prior"].get("closing_balance")
    if prior is None or prior.value is None:
        raise Skip("未提供上年年末结转和结余（prior_year.closing_balance 或上年数据集）")
    opening = ctx.derived.balances["opening"]
    if opening.value == prior.value:
        return
    oi, pi = ctx.intervals.of(opening), ctx.intervals.of(prior)
    if not oi.intersects(pi):
        yield Hit(
            {
                "left": format_measured(opening.value),
                "right": format_measured(prior.value),
                "difference": format_measured(abs(opening.known - prior.known)),
                "tolerance": format_measured(oi.half_width + pi.half_width),
            },
            [ctx.figure_location(opening, "item"), ctx.figure_location(prior, "prior")],
            [opening.key, prior.key],
        )


@rule("E001")
def weights_sum_to_100(ctx: Context) -> Iterator[Hit]:
    for p in ctx.derived.projects:
        if p.score.weight_total != 100:
            e = p.score.evaluation
            yield Hit(
                {
                    "project": e.name,
                    "execution_weight": format_measured(e.execution_weight, 0),
                    "total": format_measured(p.score.weight_total, 0),
                },
                [ctx.path_location(("performance", "projects", p.index, "indicators"))],
                [f"performance.project{p.index}.weights"],
            )


@rule("E003")
def execution_rate_undefined(ctx: Context) -> Iterator[Hit]:
    for p in ctx.derived.projects:
        if p.score.execution_rate is None:
            yield Hit(
                {"project": p.score.evaluation.name},
                [ctx.path_location(("performance", "projects", p.index, "funds"))],
                [f"performance.project{p.index}.execution_rate"],
            )


@rule("E004")
def project_funds_within_items(ctx: Context) -> Iterator[Hit]:
    projects = [p for p in ctx.derived.projects if p.score.evaluation.functional_codes]
    if not projects:
        raise Skip("绩效项目未填写所属科目（functional_codes）")
    groups: dict[tuple[str, ...], list] = {}
    for p in projects:
        groups.setdefault(tuple(sorted(set(p.score.evaluation.functional_codes))), []).append(p)
    for codes, members in groups.items():
        executed = sum((p.score.evaluation.funds.executed_fiscal for p in members), ZERO)
        executed_wan = (ctx.derived.loaded.dataset.unit == "元" and executed / 10000) or executed
        figures = [
            ctx.ledger[f"func.{c}.fiscal.general_budget.project"]
            for c in codes
            if f"func.{c}.fiscal.general_budget.project" in ctx.ledger
        ]
        available = sum((f.known for f in figures), ZERO)
        slack = sum((ctx.intervals.of(f).half_width for f in figures), ZERO)
        if executed_wan > available + slack + around(executed_wan, 2).half_width * len(members):
            yield Hit(
                {
                    "codes": "、".join(codes),
                    "left": format_measured(executed_wan),
                    "right": format_measured(available),
                },
                [ctx.path_location(("performance", "projects", members[0].index, "funds"))]
                + [ctx.figure_location(f, "total") for f in figures],
                [f"performance.project{p.index}.funds" for p in members],
            )


SHARE_GROUPS = (
    "share.income",
    "share.expenditure",
    "share.general_budget_class",
    "share.three_public",
    "share.fiscal_expenditure",
)


@rule("N002")
def stated_shares_sum_to_100(ctx: Context) -> Iterator[Hit]:
    stated = ctx.dataset.stated
    for group in SHARE_GROUPS:
        prefix = group + "."
        if not any(k.startswith(prefix) for k in stated):
            continue  # no share of this group is stated (the usual case: skip scanning the ledger)
        members = [k for k in ctx.ledger.figures if k.startswith(prefix)]
        if not members or not all(k in stated for k in members):
            continue
        if all(ctx.ledger[k].value == 0 for k in members):
            continue  # nothing to divide
        total = sum((stated[k] for k in members), ZERO)
        if total != 100:
            yield Hit(
                {"group": ctx.describe(group), "total": format_measured(total)},
                [ctx.path_location(("stated", members[0]), "stated")],
                members,
            )


@rule("N003")
def stated_figure_not_computable(ctx: Context) -> Iterator[Hit]:
    """A non-zero figure stated for the narrative whose own value the tables cannot give (a rate on a zero
    base, a completion without a budget): N001 has nothing to compare it with."""
    for key, value in ctx.stated.items():
        if value == 0 or key not in ctx.ledger or ctx.ledger.value(key) is not None:
            continue
        fig = ctx.ledger[key]
        yield Hit(
            {
                "label": ctx.describe(key),
                "stated": shown(value, fig.kind),
                "unit": UNIT_AFTER.get(fig.kind, ""),
            },
            [ctx.path_location(("stated", key), "stated")],
            [key],
        )


def _texts(value: object, path: tuple[str | int, ...]) -> Iterator[tuple[tuple[str | int, ...], str]]:
    """Every string of the dataset as read (mappings and lists walked in order) with its key path."""
    if isinstance(value, str):
        yield path, value
    elif isinstance(value, dict):
        for key, item in value.items():
            if isinstance(item, str | dict | list):
                yield from _texts(item, (*path, str(key)))
    elif isinstance(value, list):
        for i, item in enumerate(value):
            if isinstance(item, str | dict | list):
                yield from _texts(item, (*path, i))


def _strings(value: object) -> list[str]:
    """Every string ``_texts`` yields, without their key paths (a quick first look)."""
    out: list[str] = []
    stack: list[Any] = [value]
    pop, push, add = stack.pop, stack.extend, out.append
    while stack:
        item = pop()
        kind = type(item)
        if kind is str:
            add(item)
        elif kind is dict:
            push(item.values())
        elif kind is list:
            push(item)
        elif kind in _LEAVES:  # the other plain values (most are amounts): nothing to look into
            continue
        elif isinstance(item, str):
            add(item)
        elif isinstance(item, dict):
            push(item.values())
        elif isinstance(item, list):
            push(item)
    return out


_LEAVES = frozenset({Decimal, int, bool, type(None)})


@rule("C004")
def text_placeholder(ctx: Context) -> Iterator[Hit]:
    from juesuan.residue import PLACEHOLDER

    data = ctx.loaded.document.data
    # The pattern matches no line break, so it matches the strings joined by line breaks only where it
    # matches one of them: most datasets have none, and are not walked with the key paths.
    if PLACEHOLDER.search("\n".join(_strings(data))) is None:
        return
    for path, text in _texts(data, ()):
        m = PLACEHOLDER.search(text)
        if m is None:
            continue
        key = ".".join(f"[{p}]" if isinstance(p, int) else str(p) for p in path).replace(".[", "[")
        yield Hit(
            {"found": m.group(0), "field": key}, [ctx.path_location(path, role="text")], [f"text.{key}"]
        )


def _submitter_hits(ctx: Context, field: str) -> Iterator[Hit]:
    dept = ctx.dataset.department
    for found in mismatches(ctx.expected, dept.name, dept.code, dept.year, ctx.derived.year):
        if found["field"] == field:
            yield Hit(
                {k: v for k, v in found.items() if k != "field"},
                [ctx.path_location(("department", field), role="item")],
                [f"department.{field}"],
            )


@rule("C005")
def another_units_name(ctx: Context) -> Iterator[Hit]:
    """The file names another unit than the one it is submitted for."""
    yield from _submitter_hits(ctx, "name")


@rule("C006")
def another_units_code(ctx: Context) -> Iterator[Hit]:
    """The file gives another 单位代码 than the unit's (when it gives one)."""
    yield from _submitter_hits(ctx, "code")


@rule("C007")
def another_year(ctx: Context) -> Iterator[Hit]:
    """The file is of another year than the one it is submitted for."""
    yield from _submitter_hits(ctx, "year")


@rule("Y002")
def prior_differs_from_published(ctx: Context) -> Iterator[Hit]:
    """Last year's figures the dataset gives itself, where last year's published report supplies them
    (``PublishedPrior``): the published figures are used, and each given figure that differs is shown beside
    the published one — an error beyond the 尾差 of the two, else a note."""
    from juesuan.derive import PRIOR_KEYS
    from juesuan.excel import common as cm
    from juesuan.loaded import has_inline_prior
    from juesuan.rules.tolerance import half_unit

    if ctx.loaded.prior is None or not has_inline_prior(ctx.dataset):
        return
    py, published = ctx.dataset.prior_year, ctx.derived.other["prior"]
    given: list[tuple[str, tuple[str, ...], Decimal | None]] = [
        (key, ("prior_year", key), getattr(py, key)) for key in PRIOR_KEYS
    ]
    if py.three_public is not None:
        for item in ("outbound", "vehicle_purchase", "vehicle_operation", "reception"):
            value = getattr(py.three_public, item, None)
            given.append((f"three_public.{item}", ("prior_year", "three_public", item), value))
    labels = {f["key"]: f["label"] for f in cm.workbook_spec()["text_fields"]}
    year = ctx.loaded.prior.dataset.department.year
    for key, path, value in given:
        fig = published.get(key)
        if value is None or fig is None or fig.value is None:
            continue
        mine = to_wan(value, ctx.dataset.unit)
        if mine == fig.value:
            continue
        exact = ctx.dataset.unit == "元"
        tolerance = (ZERO if exact else half_unit(max(decimals_of(mine), 2))) + half_unit(
            max(decimals_of(fig.value), 2)
        )
        difference = abs(mine - fig.value)
        yield Hit(
            {
                "label": labels.get(".".join(path), ".".join(path)),
                "given": format_measured(mine),
                "published": format_measured(fig.value),
                "year": year,
                "difference": format_measured(difference),
                "tolerance": format_measured(tolerance),
            },
            [ctx.path_location(path, role="item")],
            [f"prior.{key}"],
            severity=None if difference > tolerance else "info",
        )
