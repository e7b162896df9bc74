"""Export the report's figures as a Fiscal Data Package: a tidy ``data.csv`` and its ``datapackage.json``.

Target: the v1.0-rc.1 Fiscal Data Package (per-column ``columnType``s of the budget taxonomy on a Tabular
Data Package), with the ``phase`` and ``direction`` vocabularies of v0.3 (``approved`` 年初预算,
``adjusted`` 调整预算, ``executed`` 决算; ``revenue`` / ``expenditure``). Amounts are in 万元: the ``value``
field declares ``currency: CNY`` and ``factor: 10000`` (OpenSpending's measure options), so value × factor
is the amount in 元.

One row is one figure of the derivation ledger, named in ``figureKey`` (the primary key): nothing is added,
subtracted or rounded here, and zero amounts are left out (budgets excepted). The rows belong to five
*measures* that overlap, so a consumer filters on ``measure`` before adding:

- ``income``: 本年收入 of every 项 by source, executed; fund 一般公共预算 / 政府性基金预算 / 国有资本经营预算
  for the 财政拨款 sources, 其他 for the others. Adds up to 本年收入合计.
- ``expenditure``: 本年支出 of every 项 by nature (基本/项目/上缴上级/经营/对附属单位补助), all funds together
  (fund ``all``, 全部资金), executed. Adds up to 本年支出合计.
- ``fiscal_expenditure``: 财政拨款支出 of every 项 by fund × nature (基本/项目), executed; a part of
  ``expenditure`` (the 非财政拨款 remainder is not exported: it would be a computed difference).
- ``fiscal_budget``: the 一般公共预算财政拨款 budget of every 项, phase ``approved`` (年初预算) or
  ``adjusted`` (调整预算), whichever the derivation uses.
- ``economic_expenditure``: 财政拨款支出 by fund × 部门预算支出经济分类 款 × nature (基本/项目), executed: the
  same money as ``fiscal_expenditure``, classified economically.

Amounts are decimal strings, exact, with 2 to 6 decimals (never binary floating point).
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from juesuan import __version__
from juesuan.classification import parent_code
from juesuan.dataset import EXPENDITURE_NATURES, FUNDS, INCOME_SOURCES
from juesuan.derive import Derived, FunctionalRow
from juesuan.figures import Figure
from juesuan.viewmodel import ReportView

__all__ = ["FDP_VERSION", "export_fdp", "format_value"]

FDP_VERSION = "1.0.0-rc.1"
DATA_FILE = "data.csv"
DESCRIPTOR_FILE = "datapackage.json"
MAX_PLACES = 6
MIN_PLACES = 2

FUND_NAMES = {
    "general_budget": "一般公共预算",
    "gov_fund": "政府性基金预算",
    "state_capital": "国有资本经营预算",
    "other": "其他",
    "all": "全部资金",
}
INCOME_NAMES = {
    "fiscal_grant": "财政拨款收入",
    "superior_subsidy": "上级补助收入",
    "business": "事业收入",
    "operating": "经营收入",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
}
NATURE_NAMES = {
    "basic": "基本支出",
    "project": "项目支出",
    "remit_superior": "上缴上级支出",
    "operating": "经营支出",
    "affiliated_subsidy": "对附属单位补助支出",
}
MEASURE_NAMES = {
    "income": "本年收入",
    "expenditure": "本年支出",
    "fiscal_expenditure": "财政拨款支出",
    "fiscal_budget": "一般公共预算财政拨款预算",
    "economic_expenditure": "财政拨款支出（经济分类）",
}
PHASES = ("approved", "adjusted", "executed")
DIRECTIONS = ("expenditure", "revenue")
_BUDGET_PHASE = {"initial": "approved", "adjusted": "adjusted"}


def _field(
    name: str,
    title: str,
    column_type: str,
    type_: str = "string",
    description: str | None = None,
    **extra: Any,
) -> dict[str, Any]:
    field: dict[str, Any] = {"name": name, "title": title, "type": type_, "columnType": column_type}
    if description:
        field["description"] = description
    field.update(extra)
    return field


def _code_pattern(digits: int) -> dict[str, Any]:
    return {"constraints": {"pattern": f"[0-9]{{{digits}}}"}}


FIELDS: list[dict[str, Any]] = [
    _field("fiscalYear", "年度", "date:fiscal-year", "integer", constraints={"required": True}),
    _field(
        "administrativeName",
        "部门（单位）名称",
        "administrative-classification:generic:level1:label",
        constraints={"required": True},
    ),
    _field(
        "measure",
        "指标",
        "juesuan:measure:code",
        description="Row family; the families overlap, so filter on one before adding values.",
        constraints={"required": True, "enum": list(MEASURE_NAMES)},
    ),
    _field("measureName", "指标名称", "juesuan:measure:label"),
    _field("direction", "收支方向", "direction", constraints={"required": True, "enum": list(DIRECTIONS)}),
    _field("phase", "预算阶段", "phase:id", constraints={"required": True, "enum": list(PHASES)}),
    _field(
        "fundCode",
        "资金性质编码",
        "fin-source:generic:level1:code",
        constraints={"required": True, "enum": list(FUND_NAMES)},
    ),
    _field("fundName", "资金性质", "fin-source:generic:level1:label"),
    _field(
        "incomeSourceCode",
        "收入来源编码",
        "fin-source:generic:level2:code",
        description="Revenue rows only.",
        constraints={"enum": list(INCOME_NAMES)},
    ),
    _field("incomeSourceName", "收入来源", "fin-source:generic:level2:label"),
    _field(
        "natureCode",
        "支出性质编码",
        "expenditure-type:code",
        description="Expenditure rows only.",
        constraints={"enum": list(NATURE_NAMES)},
    ),
    _field("natureName", "支出性质", "expenditure-type:label"),
    _field(
        "functionalClassCode",
        "功能分类类编码",
        "functional-classification:generic:level1:code",
        **_code_pattern(3),
    ),
    _field("functionalClassName", "功能分类类名称", "functional-classification:generic:level1:label"),
    _field(
        "functionalSubclassCode",
        "功能分类款编码",
        "functional-classification:generic:level2:code",
        **_code_pattern(5),
    ),
    _field("functionalSubclassName", "功能分类款名称", "functional-classification:generic:level2:label"),
    _field(
        "functionalItemCode",
        "功能分类项编码",
        "functional-classification:generic:level3:code",
        **_code_pattern(7),
    ),
    _field("functionalItemName", "功能分类项名称", "functional-classification:generic:level3:label"),
    _field(
        "economicClassCode",
        "经济分类类编码",
        "economic-classification:generic:level1:code",
        **_code_pattern(3),
    ),
    _field("economicClassName", "经济分类类名称", "economic-classification:generic:level1:label"),
    _field(
        "economicItemCode",
        "经济分类款编码",
        "economic-classification:generic:level2:code",
        **_code_pattern(5),
    ),
    _field("economicItemName", "经济分类款名称", "economic-classification:generic:level2:label"),
    _field(
        "value",
        "金额（万元）",
        "value",
        "number",
        description="Amount in 万元 (value × factor = 元), exact decimal.",
        currency="CNY",
        factor=10000,
        constraints={"required": True},
    ),
    _field(
        "figureKey",
        "台账键",
        "juesuan:figure-key",
        description="Key of the figure in the ledger of data.json (its inputs and source line).",
        constraints={"required": True, "unique": True},
    ),
]
COLUMNS = [f["name"] for f in FIELDS]

# The custom ColumnTypes used above (FDP v1 "explicit typing"); the others are the budget taxonomy's.
COLUMN_TYPES = [
    {"name": "juesuan:measure:code", "dataType": "string", "unique": True},
    {"name": "juesuan:measure:label", "dataType": "string", "labelOf": "juesuan:measure:code"},
    {"name": "juesuan:figure-key", "dataType": "string", "unique": True},
]


def format_value(value: Decimal) -> str:
    """A decimal string with 2 to 6 decimals: exact, 四舍五入 only beyond the 6th decimal."""
    quantum = Decimal(1).scaleb(-MAX_PLACES)
    text = format(value.quantize(quantum, rounding=ROUND_HALF_UP), "f")
    whole, _, fraction = text.partition(".")
    fraction = fraction.rstrip("0").ljust(MIN_PLACES, "0")
    text = f"{whole}.{fraction}"
    return text[1:] if text.startswith("-") and Decimal(text) == 0 else text


class _Rows:
    """Collects the fact rows of one ``Derived``."""

    def __init__(self, derived: Derived) -> None:
        self.derived = derived
        self.base = {"fiscalYear": str(derived.year), "administrativeName": derived.dataset.department.name}
        self.names = {row.code: row.name for row in derived.rows}
        self.rows: list[dict[str, str]] = []

    def add(self, figure: Figure, measure: str, direction: str, phase: str, fund: str, **dims: str) -> None:
        if figure.value is None:
            return
        row = dict(self.base)
        row.update(
            measure=measure,
            measureName=MEASURE_NAMES[measure],
            direction=direction,
            phase=phase,
            fundCode=fund,
            fundName=FUND_NAMES[fund],
        )
        row.update(dims)
        row["value"] = format_value(figure.value)
        row["figureKey"] = figure.key
        self.rows.append(row)

    def functional(self, code: str) -> dict[str, str]:
        kuan = parent_code(code) or ""
        lei = parent_code(kuan) or ""
        return {
            "functionalClassCode": lei,
            "functionalClassName": self.names.get(lei, lei),
            "functionalSubclassCode": kuan,
            "functionalSubclassName": self.names.get(kuan, kuan),
            "functionalItemCode": code,
            "functionalItemName": self.names.get(code, code),
        }

    def item(self, row: FunctionalRow) -> None:
        where = self.functional(row.code)
        for source in INCOME_SOURCES:
            fig = row.income[source]
            if fig.value:
                fund, kind = (source, "fiscal_grant") if source in FUNDS else ("other", source)
                self.add(
                    fig,
                    "income",
                    "revenue",
                    "executed",
                    fund,
                    incomeSourceCode=kind,
                    incomeSourceName=INCOME_NAMES[kind],
                    **where,
                )
        for nature in EXPENDITURE_NATURES:
            fig = row.expenditure[nature]
            if fig.value:
                self.add(fig, "expenditure", "expenditure", "executed", "all", **self.nature(nature), **where)
        for fund in FUNDS:
            for nature in ("basic", "project"):
                fig = row.fiscal[fund][nature]
                if fig.value:
                    self.add(
                        fig,
                        "fiscal_expenditure",
                        "expenditure",
                        "executed",
                        fund,
                        **self.nature(nature),
                        **where,
                    )
        if row.budget is not None:
            self.add(
                row.budget,
                "fiscal_budget",
                "expenditure",
                self.budget_phase(row.budget),
                "general_budget",
                **where,
            )

    @staticmethod
    def nature(nature: str) -> dict[str, str]:
        return {"natureCode": nature, "natureName": NATURE_NAMES[nature]}

    @staticmethod
    def budget_phase(figure: Figure) -> str:
        """年初预算 or 调整预算: the dataset key the derivation took the 项's budget from."""
        basis = figure.source.key.rsplit(".", 1)[-1] if figure.source else None
        if basis not in _BUDGET_PHASE:
            raise ValueError(f"cannot tell the budget phase of {figure.key!r} (source {figure.source})")
        return _BUDGET_PHASE[basis]

    def economic(self, fund: str) -> None:
        rows = self.derived.economic.get(fund, [])
        classes = {r.code: r.name for r in rows if r.level == "类"}
        for r in rows:
            if r.level != "款":
                continue
            cls = r.code[:3]
            where = {
                "economicClassCode": cls,
                "economicClassName": classes.get(cls, cls),
                "economicItemCode": r.code,
                "economicItemName": r.name,
            }
            for nature, fig in (("basic", r.basic), ("project", r.project)):
                if fig.value:
                    self.add(
                        fig,
                        "economic_expenditure",
                        "expenditure",
                        "executed",
                        fund,
                        **self.nature(nature),
                        **where,
                    )


def fact_rows(derived: Derived) -> list[dict[str, str]]:
    """The rows of ``data.csv`` (every column present, blank where a dimension does not apply)."""
    rows = _Rows(derived)
    for row in derived.rows:
        if row.level == "项":
            rows.item(row)
    for fund in FUNDS:
        rows.economic(fund)
    return [{c: r.get(c, "") for c in COLUMNS} for r in rows.rows]


def _csv(rows: list[dict[str, str]]) -> bytes:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return out.getvalue().encode("utf-8")


def descriptor(derived: Derived, data: bytes) -> dict[str, Any]:
    """The ``datapackage.json`` of a package whose ``data.csv`` is ``data``."""
    department = derived.dataset.department
    year = derived.year
    digest = hashlib.sha256(department.name.encode("utf-8")).hexdigest()[:10]
    return {
        "profile": "tabular-data-package",
        "profiles": {"fiscal": FDP_VERSION, "tabular": "1.0"},
        "name": f"juesuan-{year}-{digest}",
        "title": f"{department.name}{year}年度部门决算",
        "description": (
            f"{department.name}{year}年度部门决算 figures as a tidy fact table (Fiscal Data Package "
            f"{FDP_VERSION} ColumnTypes; phase and direction as in FDP 0.3). Amounts in 万元: currency CNY, "
            "factor 10000. The measure column separates overlapping row families; filter on one measure "
            "before adding values: income = 本年收入 by source; expenditure = 本年支出 by nature, all funds "
            "(fund 'all'); fiscal_expenditure = 财政拨款支出 by fund and nature, part of expenditure; "
            "fiscal_budget = the 项's 一般公共预算财政拨款 budget (approved 年初预算 or adjusted 调整预算); "
            "economic_expenditure = 财政拨款支出 by 经济分类 款, the same money as fiscal_expenditure. Zero "
            "amounts are omitted except budgets. figureKey names the figure in data.json."
        ),
        "countryCode": "CN",
        "granularity": "aggregated",
        "fiscalPeriod": {"start": f"{year}-01-01", "end": f"{year}-12-31"},
        "sources": [{"title": f"{department.name}{year}年度部门决算"}],
        "contributors": [{"title": f"juesuan {__version__}", "role": "author"}],
        "columnTypes": COLUMN_TYPES,
        "resources": [
            {
                "name": "facts",
                "path": DATA_FILE,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "bytes": len(data),
                "hash": "sha256:" + hashlib.sha256(data).hexdigest(),
                "dialect": {"delimiter": ",", "lineTerminator": "\n", "header": True},
                "schema": {
                    "fields": FIELDS,
                    "primaryKey": ["figureKey"],
                    "missingValues": [""],
                    "extraFields": [
                        {
                            "name": "currency",
                            "type": "string",
                            "columnType": "value-currency:code",
                            "constant": "CNY",
                        },
                    ],
                },
            }
        ],
    }


def export_fdp(view: ReportView) -> dict[str, bytes]:
    """``data.csv`` and ``datapackage.json`` of the report's figures, for an ``fdp/`` folder."""
    derived = view.derived
    data = _csv(fact_rows(derived))
    meta = json.dumps(descriptor(derived, data), ensure_ascii=False, indent=2) + "\n"
    return {DATA_FILE: data, DESCRIPTOR_FILE: meta.encode("utf-8")}
