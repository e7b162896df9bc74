"""Checks across the documents of a store (family K of the rule catalogue, ``kind = "corpus"``).

No single report can have these findings: the previous-year figures a report states against the same
department's own report of the previous year (K001), a 部门 report against the reports of the units it
lists in its 单位构成 (K002; the list is read by :mod:`juesuan.audit.units` and stored in
``documents.units_listed``) or, when it lists none, against the 单位 reports named under its name (K004, a
warning: a name is weak evidence), the same figure stated differently in separately published documents
of one department and year (K003).
Each check is a function registered with ``@cross_rule("K00x")`` that reads the store through DuckDB
and yields finding rows; :func:`write_crosschecks` recomputes them all and replaces the derived table
``STORE/cross/findings.parquet`` atomically (same columns as ``findings``, plus ``region`` and ``year``).
"""

from __future__ import annotations

from bisect import bisect_left
from collections.abc import Callable, Iterator
from contextvars import ContextVar
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import groupby
from typing import Any

import duckdb
import pyarrow as pa

from juesuan.audit.units import canonical, place_of, same_unit
from juesuan.corpus.query import connect
from juesuan.corpus.schema import CROSS_FILE, CROSS_SCHEMA
from juesuan.corpus.store import Store, write_table_atomic
from juesuan.findings import fingerprint
from juesuan.rules.catalogue import load_catalogue, registrar

CrossCheck = Callable[[duckdb.DuckDBPyConnection], Iterator[dict[str, Any]]]
CROSS_REGISTRY: dict[str, CrossCheck] = {}
cross_rule = registrar(CROSS_REGISTRY, "corpus rule")


# each document's first statement of a subject in a role (this year's figure, or the previous year's)
_FIRST = """
CREATE OR REPLACE TEMP VIEW first_{name} AS
SELECT * FROM (
  SELECT f.document_id, d.region, d.department, d.year, d.level, d.title, d.path, d.units_listed,
         f.subject, f.label,
         f.value, f.decimals, f.page, f.line,
         row_number() OVER (PARTITION BY f.document_id, f.subject
                            ORDER BY f.page NULLS FIRST, f.line NULLS FIRST) AS rn
  FROM figures f JOIN documents d USING (document_id)
  WHERE f.source = 'text' AND f.subject <> '' AND f."column" IN ({columns})
    AND d.department <> '' AND d.year > 0
) WHERE rn = 1
"""


def _tolerance(*decimals: int) -> Decimal:
    """Half a unit of the last printed decimal of the less precise figure."""
    return Decimal(5).scaleb(-(min(decimals) + 1))


def _row(rule: str, doc: dict, params: dict[str, str], keys: list[str]) -> dict[str, Any]:
    spec = load_catalogue().rules[rule]
    return {
        "document_id": doc["document_id"],
        "rule": rule,
        "severity": spec.severity,
        "title": spec.title,
        "message": spec.format(params),
        "page": doc.get("page"),
        "line": doc.get("line"),
        "place": doc.get("subject", ""),
        "quote": "",
        "fingerprint": fingerprint(rule, doc["department"], doc["year"], keys),
        "region": doc["region"],
        "year": doc["year"],
    }


def _dicts(con: duckdb.DuckDBPyConnection, sql: str) -> list[dict[str, Any]]:
    cur = con.execute(sql)
    names = [d[0] for d in cur.description or []]
    return [dict(zip(names, r, strict=True)) for r in cur.fetchall()]


def _money(value: Decimal) -> str:
    return f"{value.normalize():f}" if value == value.to_integral() else f"{value:f}".rstrip("0")


def _differs(
    r: dict[str, Any],
    found: Decimal,
    found_decimals: int,
    expected: Decimal,
    expected_decimals: int,
    **extra: str,
) -> dict[str, str] | None:
    """The message parameters when ``found`` and ``expected`` differ beyond the printed precision."""
    diff = abs(found - expected)
    if diff <= _tolerance(found_decimals, expected_decimals):
        return None
    return {
        "subject": r["label"] or r["subject"],
        "found": _money(found),
        "expected": _money(expected),
        "difference": _money(diff),
        "department": r["department"],
        **extra,
    }


@cross_rule("K001")
def prior_year_against_last_report(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    rows = _dicts(
        con,
        """SELECT c.*, p.value AS last_value, p.decimals AS last_decimals, p.document_id AS last_id
           FROM first_prior c JOIN first_current p
             ON p.region = c.region AND p.department = c.department AND p.year = c.year - 1
            AND p.subject = c.subject
           ORDER BY c.document_id, c.subject, p.document_id""",
    )
    for r in rows:
        params = _differs(r, r["value"], r["decimals"], r["last_value"], r["last_decimals"])
        if params:
            yield _row("K001", r, params, [r["subject"], r["last_id"]])


_TOTALS = ("total.all", "income.total", "expenditure.total")


@dataclass
class _Year:
    """One year's statements of the totals, with the indexes K002 and K004 look units up in."""

    rows: list[dict[str, Any]]
    by_tail: dict[tuple[str, str], list[str]] = field(default_factory=dict)  # (subject, last 3 chars) → names
    first: dict[tuple[str, str], dict[str, Any]] = field(default_factory=dict)  # (subject, name) → its row
    claimed: dict[str, set[str]] = field(default_factory=dict)  # subject → unit names some list names
    # (subject, region, name) → its row: K004 compares within the department's region, and K002 takes the
    # report of that region first, where a name recurs in another region (whose document may come first)
    regional: dict[tuple[str, str, str], dict[str, Any]] = field(default_factory=dict)

    def __post_init__(self) -> None:
        for r in self.rows:  # ordered by document_id: a unit published twice counts once, its first report
            self.regional.setdefault((r["subject"], r["region"], r["department"]), r)
            key = (r["subject"], r["department"])
            if key not in self.first:
                self.first[key] = r
                self.by_tail.setdefault((r["subject"], canonical(r["department"])[-3:]), []).append(
                    r["department"]
                )


def _listed_members(year: _Year, dep: dict[str, Any]) -> list[dict[str, Any]]:
    """The reports of the units ``dep``'s report lists: each listed name matched to one report's unit (the
    same name before one that differs by a place prefix), none to the department itself."""
    place = place_of(dep["department"])
    out: dict[str, dict[str, Any]] = {}
    for listed in dep["units_listed"]:
        tail = canonical(listed)[-3:]
        names = [
            n
            for n in year.by_tail.get((dep["subject"], tail), [])
            if n not in out and same_unit(listed, n, place) and not same_unit(n, dep["department"], place)
        ]
        if names:
            best = min(names, key=lambda n: (canonical(n) != canonical(listed), n))
            # the report of the department's own region when the name recurs in another (whose may come first)
            subject = dep["subject"]
            out[best] = year.regional.get((subject, dep["region"], best)) or year.first[(subject, best)]
    return [out[n] for n in sorted(out)]


def _prefixed_members(year: _Year, dep: dict[str, Any], names: list[str]) -> list[dict[str, Any]]:
    """The 单位 reports of ``dep``'s region whose names begin with its name and that no department's list
    names (``names``: the sorted unit names of the year's 单位 reports)."""
    name, subject = dep["department"], dep["subject"]
    claimed = year.claimed.get(subject, set())
    out = []
    for n in names[bisect_left(names, name) :]:
        if not n.startswith(name):
            break
        row = year.regional.get((subject, dep["region"], n))
        if n != name and n not in claimed and row:
            out.append(row)
    return out


def _unit_findings(rule: str, dep: dict[str, Any], members: list[dict[str, Any]]) -> Iterator[dict[str, Any]]:
    if not members:
        return
    total = sum((m["value"] for m in members), Decimal(0))
    if total <= dep["value"]:
        return
    units = "、".join(m["department"] for m in members)
    extra = {"units": units, "listed": str(len(dep["units_listed"] or ())), "matched": str(len(members))}
    params = _differs(dep, total, min(m["decimals"] for m in members), dep["value"], dep["decimals"], **extra)
    if params:
        yield _row(rule, dep, params, [dep["subject"], units])


def _years(con: duckdb.DuckDBPyConnection) -> Iterator[_Year]:
    rows = _dicts(
        con,
        f"""SELECT document_id, region, department, year, level, units_listed, subject, label, value,
                   decimals, page, line
            FROM first_current WHERE subject IN {_TOTALS} ORDER BY year, document_id, subject""",
    )
    for _, group in groupby(rows, key=lambda r: r["year"]):
        yield _Year(list(group))


# K002's and K004's rows (computed together, used by both), kept for one run of :func:`run_crosschecks`
# only: a context variable, so two runs in two threads never see (or clear) each other's, and a check
# called on its own (outside a run) reads the connection as it is now
_UNITS_MEMO: ContextVar[dict[str, list[dict[str, Any]]] | None] = ContextVar("_UNITS_MEMO", default=None)


def _units_checks(con: duckdb.DuckDBPyConnection) -> dict[str, list[dict[str, Any]]]:
    """K002 and K004 together (they share the year's indexes), computed once per run."""
    memo = _UNITS_MEMO.get()
    if memo:
        return memo
    out: dict[str, list[dict[str, Any]]] = {"K002": [], "K004": []}
    for year in _years(con):
        # a report that lists units it consolidates is a department's, whatever its title says
        departments = [r for r in year.rows if r["level"] == "部门" or (not r["level"] and r["units_listed"])]
        listed = {}
        for dep in departments:
            if dep["units_listed"] is not None:
                listed[dep["document_id"], dep["subject"]] = members = _listed_members(year, dep)
                year.claimed.setdefault(dep["subject"], set()).update(m["department"] for m in members)
        names = sorted({r["department"] for r in year.rows if r["level"] == "单位"})
        for dep in departments:
            key = (dep["document_id"], dep["subject"])
            if key in listed:
                out["K002"].extend(_unit_findings("K002", dep, listed[key]))
            else:
                out["K004"].extend(_unit_findings("K004", dep, _prefixed_members(year, dep, names)))
    if memo is not None:
        memo.update(out)
    return out


@cross_rule("K002")
def units_against_department(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """The units the department's report lists (its 单位构成), against the department."""
    yield from _units_checks(con)["K002"]


@cross_rule("K004")
def units_by_name_against_department(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    """A department whose report lists no units: the 单位 reports named under its name (a guess)."""
    yield from _units_checks(con)["K004"]


@cross_rule("K003")
def same_figure_in_separate_documents(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    rows = _dicts(
        con,
        """SELECT a.*, b.value AS other_value, b.decimals AS other_decimals, b.document_id AS other_id,
                  coalesce(nullif(b.title, ''), b.path) AS other
           FROM first_current a JOIN first_current b
             ON b.region = a.region AND b.department = a.department AND b.year = a.year
            AND b.subject = a.subject AND b.document_id < a.document_id
           ORDER BY a.document_id, a.subject, b.document_id""",
    )
    for r in rows:
        extra = {"year": str(r["year"]), "other": r["other"]}
        params = _differs(r, r["value"], r["decimals"], r["other_value"], r["other_decimals"], **extra)
        if params:
            yield _row("K003", r, params, [r["subject"], r["other_id"]])


def run_crosschecks(store: Store) -> list[dict[str, Any]]:
    """Every cross-document finding of the store (each check's rows, in rule order)."""
    con = connect(store)
    token = _UNITS_MEMO.set({})
    try:
        con.execute(_FIRST.format(name="current", columns="'current', 'actual'"))
        con.execute(_FIRST.format(name="prior", columns="'prior'"))
        return [row for rule in sorted(CROSS_REGISTRY) for row in CROSS_REGISTRY[rule](con)]
    finally:
        _UNITS_MEMO.reset(token)
        con.close()


def write_crosschecks(store: Store) -> int:
    """Recompute the cross-document findings into ``cross/findings.parquet``; returns their number."""
    rows = run_crosschecks(store)
    path = store.root / CROSS_FILE
    path.parent.mkdir(exist_ok=True)
    write_table_atomic(path, pa.Table.from_pylist(rows, schema=CROSS_SCHEMA))
    return len(rows)
