"""The report's view model: one format-neutral object every renderer (HTML, Word, PDF) draws from.

It renders the profile's narrative templates (Jinja2) into blocks, and gathers the 13 tables, the seven
chart specifications and the 项目支出绩效自评表 tables. The only work done here is choosing and formatting:
every number comes from ``juesuan.derive``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from typing import Any

import yaml
from jinja2 import Environment, PackageLoader, StrictUndefined

from juesuan.charts import BarChart, Chart, ChartDrawings, PieChart
from juesuan.classification import load_catalogue, parent_code
from juesuan.dataset import EXPENDITURE_NATURES, INCOME_SOURCES, VEHICLE_USES
from juesuan.derive import Derived, ProjectFigures, Share
from juesuan.document import Block, parse
from juesuan.figures import Figure
from juesuan.findings import CheckReport
from juesuan.money import ZERO, format_amount, format_number, round_half_up, to_wan
from juesuan.tables import Cell, Table, build_tables

CN_DIGITS = "零一二三四五六七八九"


def chinese_number(n: int) -> str:
    """1 → 一, 10 → 十, 13 → 十三, 21 → 二十一 (for list numbering up to 99)."""
    if not 0 < n < 100:
        raise ValueError(f"no Chinese numeral for {n}")
    tens, ones = divmod(n, 10)
    head = "" if tens == 0 else ("十" if tens == 1 else CN_DIGITS[tens] + "十")
    return head + (CN_DIGITS[ones] if ones else "")


def _value(x: Figure | Decimal | int) -> Decimal:
    if isinstance(x, Figure):
        if x.value is None:
            raise ValueError(f"template printed the undefined figure {x.key!r}")
        return x.value
    return Decimal(x)


def fmt_amount(x: Figure | Decimal | int) -> str:
    return format_amount(_value(x))


def fmt_amount_abs(x: Figure | Decimal | int) -> str:
    return format_amount(abs(_value(x)))


def fmt_percent(x: Figure | Decimal | int) -> str:
    return format_amount(_value(x)) + "%"


def fmt_percent_abs(x: Figure | Decimal | int) -> str:
    return format_amount(abs(_value(x))) + "%"


def fmt_number(x: Figure | Decimal | int) -> str:
    return format_number(_value(x))


def clause(text: str) -> str:
    """User text used inside a sentence: trailing sentence punctuation removed (the template adds its own)."""
    return text.strip().rstrip("。；;，,.、 ")


@cache
def environment() -> Environment:
    env = Environment(
        loader=PackageLoader("juesuan", "templates"),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        autoescape=False,  # block markup, not HTML: the HTML renderer escapes every text block
    )
    env.filters.update(
        amt=fmt_amount,
        amt_abs=fmt_amount_abs,
        pct=fmt_percent,
        pct_abs=fmt_percent_abs,
        num=fmt_number,
        clause=clause,
        cn=chinese_number,
    )
    return env


@cache
def labels(profile: str) -> dict[str, Any]:
    text = (resources.files("juesuan") / "data" / "labels" / f"{profile}.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


@dataclass
class ReportView:
    """Everything a renderer needs."""

    title: str
    derived: Derived
    blocks: list[Block]
    tables: dict[str, Table]
    charts: dict[str, Chart]
    evaluations: list[Table]
    needs: list[str]
    check: CheckReport | None = None
    #: the charts as drawn for the outputs, each drawing made once and shared by HTML, PDF and Word (a
    #: view made from another by ``dataclasses.replace`` starts with its own)
    drawings: ChartDrawings = field(default_factory=ChartDrawings, init=False, repr=False, compare=False)

    @property
    def passed_check(self) -> bool:
        """False when the report was forced out despite fatal or error findings (it must say so)."""
        return self.check is None or self.check.passes


class ViewHelpers:
    """Lookups the templates call (names from the catalogue, numbering); no arithmetic."""

    vehicle_uses = VEHICLE_USES

    def __init__(self, derived: Derived, tables: list[Table]) -> None:
        self.derived = derived
        self.year = derived.year
        self.catalogue = load_catalogue()
        self.unit = derived.dataset.unit
        self.tables = tables

    def name(self, code: str) -> str:
        entry = self.catalogue.functional(code, self.year)
        return entry.name if entry else code

    def item_name(self, code: str) -> str:
        """“一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）行政运行（项）”."""
        chain = []
        current: str | None = code
        while current:
            chain.append(current)
            current = parent_code(current)
        levels = {3: "类", 5: "款", 7: "项"}
        return "".join(f"{self.name(c)}（{levels[len(c)]}）" for c in reversed(chain))

    def amount(self, value: Decimal) -> Decimal:
        """An amount taken straight from the dataset, in 万元 (exact conversion from 元 if needed)."""
        return to_wan(value, self.unit)

    @staticmethod
    def ordinal(n: int) -> str:
        return chinese_number(n)

    @staticmethod
    def cn(n: int) -> str:
        return chinese_number(n)

    def glossary(self) -> list[dict[str, str]]:
        """名词解释: the standard terms that apply, and every reported 项 (with figures in the tables,
        or listed in the 一般公共预算 具体情况 for its budget alone) with its catalogue definition."""
        d = self.derived
        cat = self.catalogue
        out: list[dict[str, str]] = []

        def term(key: str) -> None:
            t = cat.term(key)
            out.append({"name": t.name, "definition": t.definition})

        term("fiscal_grant_income")
        for source, key in (
            ("superior_subsidy", "superior_subsidy_income"),
            ("business", "business_income"),
            ("operating", "operating_income"),
            ("affiliated", "affiliated_income"),
            ("other", "other_income"),
        ):
            if d.income[source].value:
                term(key)
        if d.balances["use_of_non_fiscal_balance"].value:
            term("use_of_non_fiscal_balance")
        term("opening_balance")
        if d.balances["distribution"].value:
            term("distribution")
        term("closing_balance")
        explained = {row.code for row in d.general_budget["item_rows"]}  # 具体情况 lists budget-only 项 too
        for row in d.rows:
            if row.level == "项" and row.entry is not None and (_row_has_data(row) or row.code in explained):
                out.append({"name": self.item_name(row.code), "definition": row.entry.definition})
        term("basic_expenditure")
        term("project_expenditure")
        for nature, key in (
            ("remit_superior", "remit_superior"),
            ("operating", "operating_expenditure"),
            ("affiliated_subsidy", "affiliated_subsidy"),
        ):
            if d.expenditure[nature].value:
                term(key)
        term("three_public")
        term("admin_operating_cost")
        return out


def _row_has_data(row: Any) -> bool:
    figures = [
        *row.income.values(),
        *row.expenditure.values(),
        *(f for fund in row.fiscal.values() for f in fund.values()),
    ]
    return any(f.value for f in figures)


def _bar(title: str, years: tuple[str, str], prior: Figure | None, current: Figure, unit: str) -> BarChart:
    if prior is None or prior.value is None:
        return BarChart(title, unit, (years[1],), (_value(current),), (fmt_amount(current),))
    return BarChart(
        title, unit, years, (_value(prior), _value(current)), (fmt_amount(prior), fmt_amount(current))
    )


def _pie(title: str, shares: list[Share], names: dict[str, str], empty: str) -> PieChart:
    if not shares:
        return PieChart(title, (empty,), (ZERO,), ("0.00%",), empty)
    return PieChart(
        title,
        tuple(names.get(s.name, s.name) for s in shares),
        tuple(_value(s.percent) for s in shares),
        tuple(fmt_percent(s.percent) for s in shares),
        empty,
    )


def build_charts(d: Derived, lab: dict[str, Any]) -> dict[str, Chart]:
    """The seven charts of the report, from the derived figures."""
    ch = lab["charts"]
    unit = ch["unit"]
    years = (lab["year"].format(year=d.year - 1), lab["year"].format(year=d.year))
    prior = d.other["prior"]
    class_names = {
        s.name: load_catalogue().functional(s.name, d.year).name  # type: ignore[union-attr]
        for s in d.general_budget["class_shares"]
    }
    three = {
        "outbound": lab["three_public_items"]["outbound"],
        "vehicles": lab["three_public_items"]["vehicles"],
        "reception": lab["three_public_items"]["reception"],
    }
    return {
        "fig1": _bar(ch["fig1"]["title"], years, prior.get("total"), d.totals["income"], unit),
        "fig2": _pie(ch["fig2"]["title"], d.income_shares, lab["income_sources"], ch["fig2"]["empty"]),
        "fig3": _pie(
            ch["fig3"]["title"], d.expenditure_shares, lab["expenditure_natures"], ch["fig3"]["empty"]
        ),
        "fig4": _bar(
            ch["fig4"]["title"], years, prior.get("fiscal_total"), d.fiscal["total"]["income_side"], unit
        ),
        "fig5": _bar(
            ch["fig5"]["title"],
            years,
            prior.get("general_budget_expenditure"),
            d.fiscal["general_budget"]["expenditure"],
            unit,
        ),
        "fig6": _pie(ch["fig6"]["title"], d.general_budget["class_shares"], class_names, ch["fig6"]["empty"]),
        "fig7": _pie(ch["fig7"]["title"], d.three_public.shares, three, ch["fig7"]["empty"]),
    }


def evaluation_table(p: ProjectFigures, d: Derived, lab: dict[str, Any], unit: str) -> Table:
    """A 项目支出绩效自评表 as a table model (8 columns, the standard layout)."""
    e = p.score.evaluation
    s = p.score
    L = lab["evaluation"]
    dec = d.dataset.performance.scoring_decimals

    def t(text: str, span: int = 1, **kw: Any) -> Cell:
        return Cell(text, colspan=span, **kw)

    def money(value: Decimal, span: int = 2) -> Cell:
        return Cell(to_wan(value, unit), colspan=span, align="center")

    def rate(value: Decimal | None, span: int = 2) -> Cell:
        return t(L["not_applicable"] if value is None else fmt_percent(value), span, align="center")

    def score(value: Decimal) -> str:
        return format_number(value, dec)

    funds = e.funds
    body: list[tuple[Cell, ...]] = [
        (t(L["project"]), t(e.name, 4), t(L["year"]), t(str(d.year), 2, align="center")),
        (
            t(L["competent"]),
            t(e.competent_department or "", 3),
            t(L["implementing"]),
            t(e.implementing_unit or "", 3),
        ),
        (t(L["funds"], 8, align="center", bold=True),),
        (
            t("", 2),
            t(L["budget"], 2, align="center"),
            t(L["executed"], 2, align="center"),
            t(L["rate"], 2, align="center"),
        ),
        (t(L["total_funds"], 2), money(s.budget_total), money(s.executed_total), rate(s.execution_rate)),
        (t(L["fiscal"], 2), money(funds.budget_fiscal), money(funds.executed_fiscal), rate(s.fiscal_rate)),
        (t(L["other"], 2), money(funds.budget_other), money(funds.executed_other), rate(s.other_rate)),
        (
            t(L["goal"], 2, rowspan=2, align="center"),
            t(L["expected"], 3, align="center"),
            t(L["actual"], 3, align="center"),
        ),
        (t(e.expected_goal, 3), t(e.actual_goal, 3)),
        tuple(
            t(L[k], align="center", bold=True)
            for k in ("level1", "level2", "level3", "target", "actual_value", "weight", "score", "reason")
        ),
        (
            t(L["total_row"], 5, align="center", bold=True),
            t(score(s.weight_total), align="center"),
            t(score(s.total), align="center", bold=True),
            t(e.deduction_reason or ""),
        ),
        (
            t(L["execution_row"].format(weight=format_number(e.execution_weight)), 3),
            t(L["execution_target"], align="center"),
            rate(s.execution_rate, 1),
            t(format_number(e.execution_weight), align="center"),
            t(score(s.execution_score), align="center"),
            t(""),
        ),
    ]
    by_level: dict[str, dict[str, list[Any]]] = {}
    for level1, defaults in L["level2_defaults"].items():
        by_level[level1] = {level2: [] for level2 in defaults}
    for ind in s.indicators:
        by_level.setdefault(ind.indicator.level1, {}).setdefault(ind.indicator.level2, []).append(ind)
    for level1, groups in by_level.items():
        rows_in_level = sum(max(len(v), 1) for v in groups.values())
        first_of_level = True
        for level2, inds in groups.items():
            entries = inds or [None]
            for n, ind in enumerate(entries):
                row: list[Cell] = []
                if first_of_level:
                    row.append(t(level1, rowspan=rows_in_level, align="center"))
                    first_of_level = False
                if n == 0:
                    row.append(t(level2, rowspan=len(entries), align="center"))
                if ind is None:
                    row.extend(t("") for _ in range(6))
                else:
                    i = ind.indicator
                    row.extend(
                        [
                            t(i.name),
                            t(i.target, align="center"),
                            t(i.actual, align="center"),
                            t(format_number(i.weight), align="center"),
                            t(score(ind.score), align="center"),
                            t(i.deduction_reason or ""),
                        ]
                    )
                body.append(tuple(row))
    title = L["title"].format(year=d.year)
    return Table(
        id=f"E{p.index + 1}",
        number=str(p.index + 1),
        title=title,
        org_line="",
        unit_line="",
        header=(),
        body=tuple(body),
        note=None,
        empty=False,
        column_count=8,
    )


def _needs(d: Derived, lab: dict[str, Any]) -> list[str]:
    out = []
    for need in d.needs:
        what = lab["needs"]["what"].get(need.what, need.what)
        text = lab["needs"][need.kind].format(what=what)
        where = d.loaded.document.file + (f":{need.line}" if need.line else "")
        out.append(f"{where}: {text}（{need.path}）")
    return out


def build_view(derived: Derived, check: CheckReport | None = None) -> ReportView:
    """Render the narrative and gather tables, charts and 自评表 for one derived dataset."""
    ds = derived.dataset
    profile = ds.department.profile
    lab = labels(profile)
    tables = build_tables(derived)
    helpers = ViewHelpers(derived, tables)
    template = environment().get_template(f"{profile}/report.md.j2")
    markup = template.render(
        d=derived,
        ds=ds,
        v=helpers,
        L=lab,
        ledger=derived.ledger.figures,
        org=ds.department.name,
        year=derived.year,
        py=derived.year - 1,
        income_sources=INCOME_SOURCES,
        natures=EXPENDITURE_NATURES,
    )
    blocks = parse(markup)
    title = next((b.text for b in blocks if b.kind == "title"), ds.department.name)
    evaluations = [evaluation_table(p, derived, lab, ds.unit) for p in derived.projects]
    return ReportView(
        title,
        derived,
        blocks,
        {t.id: t for t in tables},
        build_charts(derived, lab),
        evaluations,
        _needs(derived, lab),
        check,
    )


__all__ = ["ReportView", "build_view", "chinese_number", "round_half_up"]
