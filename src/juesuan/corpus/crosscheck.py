"""Checks across the documents of a store (family K of the rule catalogue, ``kind = "corpus"``).

No single report can have these findings: the previous-year figures a report states against the same
department's own report of the previous year (K001), a 部门 report against its 单位 reports (K002), the
same figure stated differently in separately published documents of one department and year (K003).
Each check is a function registered with ``@cross_rule("K00x")`` that reads the store through DuckDB
and yields finding rows; :func:`write_crosschecks` recomputes them all and replaces the derived table
``STORE/cross/findings.parquet`` atomically (same columns as ``findings``, plus ``region`` and ``year``).
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from decimal import Decimal
from typing import Any

import duckdb
import pyarrow as pa

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
  SELECT f.document_id, d.region, d.department, d.year, d.level, d.title, d.path, f.subject, f.label,
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


@cross_rule("K002")
def units_against_department(con: duckdb.DuckDBPyConnection) -> Iterator[dict[str, Any]]:
    rows = _dicts(
        con,
        """SELECT d.*, sum(u.value) AS units_value, min(u.decimals) AS units_decimals,
                  string_agg(u.department, '、' ORDER BY u.department) AS units
           FROM first_current d JOIN first_current u
             ON u.region = d.region AND u.year = d.year AND u.subject = d.subject
            AND u.level = '单位' AND d.level = '部门'
            AND u.department <> d.department AND starts_with(u.department, d.department)
           WHERE d.subject IN ('total.all', 'income.total', 'expenditure.total')
           GROUP BY ALL ORDER BY d.document_id, d.subject""",
    )
    for r in rows:
        if r["units_value"] <= r["value"]:
            continue
        params = _differs(
            r, r["units_value"], r["units_decimals"], r["value"], r["decimals"], units=r["units"]
        )
        if params:
            yield _row("K002", r, params, [r["subject"], r["units"]])


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
    try:
        con.execute(_FIRST.format(name="current", columns="'current', 'actual'"))
        con.execute(_FIRST.format(name="prior", columns="'prior'"))
        return [row for rule in sorted(CROSS_REGISTRY) for row in CROSS_REGISTRY[rule](con)]
    finally:
        con.close()


def write_crosschecks(store: Store) -> int:
    """Recompute the cross-document findings into ``cross/findings.parquet``; returns their number."""
    rows = run_crosschecks(store)
    path = store.root / CROSS_FILE
    path.parent.mkdir(exist_ok=True)
    write_table_atomic(path, pa.Table.from_pylist(rows, schema=CROSS_SCHEMA))
    return len(rows)
