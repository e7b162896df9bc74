"""Table rules (A030–A032, A070): identities within a standard table (totals = Σ rows and columns), the
类/款/项 hierarchy, figures shared between tables, and the basic expenditure items the text says the
人员经费/公用经费 “主要包括” vs the 一般公共预算财政拨款基本支出 table; and, for A014, the rows of any table
that sets this year's figures beside last year's with their change or rate (:func:`table_changes`). The
totals of tables that are not standard ones are :mod:`juesuan.audit.rules.table_sums` (also A030)."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, replace
from decimal import Decimal

from juesuan.audit.document import Cell
from juesuan.audit.facts import (
    class_name,
)
from juesuan.audit.normalise import simplified
from juesuan.audit.rules.base import (
    Context,
    Hit,
    audit_rule,
    cell_quote,
    quote_of,
    quoted,
    row_quote,
)
from juesuan.audit.rules.table_sums import generic_table_sums
from juesuan.audit.stdtables import Num, Row, StdTable
from juesuan.findings import Severity
from juesuan.money import HUNDRED, ZERO, format_fixed
from juesuan.rules.tolerance import half_unit

# --- tables ---------------------------------------------------------------------------------------------


def _sum_check(
    rule_kind: str,
    subject: str,
    total: Num | None,
    parts: Sequence[Num | None],
    what: str,
    quote: str | Row,
    severity_if_wrong: Severity | None = None,
    every_part: bool = False,
) -> Iterable[Hit]:
    """``total`` against Σ ``parts``: info within the rounding envelope, else a finding at the total and
    the first part printed (at every part with ``every_part``: a short list, any of whose figures may be
    the slip)."""
    if total is None or any(p is None for p in parts):
        return
    nums = [p for p in parts if p is not None]
    s = sum((p.value for p in nums), ZERO)
    diff = total.value - s
    if diff == 0:
        return
    envelope = (ZERO if total.blank else half_unit(total.decimals)) + sum(
        (ZERO if p.blank else half_unit(p.decimals) for p in nums), ZERO
    )
    found = f"{total.text}"
    expected = f"{what}＝{format_fixed(s)}，相差{format_fixed(abs(diff))}"
    if not isinstance(quote, str):
        quote = row_quote(quote)
    wheres = [total.where, *[p.where for p in nums if not p.blank][: None if every_part else 1]]
    if abs(diff) <= envelope:
        yield Hit(
            subject,
            found,
            expected + f"，在四舍五入尾差（±{format_fixed(envelope, 3)}）以内",
            quote,
            wheres,
            severity="info",
            keys=[rule_kind, subject],
        )
    else:
        yield Hit(
            subject, found, expected, quote, wheres, severity=severity_if_wrong, keys=[rule_kind, subject]
        )


def _declared(values: dict[str, Num]) -> dict[str, Num]:
    """The “三公” table's ``phase.item`` figures read to the precision each phase's column declares: a
    figure printed with fewer decimals than the others of its column (“0”, “1” beside “167.37”) has had
    its trailing zeros dropped, not been rounded (a reading: a gap it reveals is a warning)."""
    out = dict(values)
    for phase in {k.split(".")[0] for k in values}:
        col = {k: v for k, v in values.items() if k.startswith(phase + ".") and not v.blank}
        top = max((v.decimals for v in col.values()), default=0)
        out.update({k: replace(v, decimals=top) for k, v in col.items()})
    return out


def _lifted(printed: dict[str, Num], declared: dict[str, Num], phase: str) -> Severity | None:
    """ "warning" when a figure of ``phase`` is read to more decimals than printed, else None."""
    lifted = any(declared[k].decimals != v.decimals for k, v in printed.items() if k.startswith(phase + "."))
    return "warning" if lifted else None


@dataclass(frozen=True, slots=True)
class LineSum:
    """A “total = Σ parts” identity between named lines of a summary table (``std.pairs`` keys such as
    ``L:grand_total``; ``key@column`` for a column other than ``value``). Checked when the total and the
    ``parts`` are printed; an absent ``optional`` part counts as zero."""

    subject: str
    total: str
    what: str
    parts: tuple[str, ...] = ()
    optional: tuple[str, ...] = ()


# 收入支出决算总表: 本年收入合计, then (after 本年支出合计 = Σ classes) the totals
SUMMARY_SUMS: tuple[LineSum, ...] = (
    LineSum(
        "本年收入合计",
        "L:income_total",
        "各项收入之和",
        optional=tuple(
            f"L:{k}"
            for k in ("gpb", "fund", "capital", "superior", "business", "operating", "affiliated", "other")
        ),
    ),
    LineSum(
        "收入总计",
        "L:grand_total",
        "本年收入合计＋使用非财政拨款结余＋年初结转和结余",
        ("L:income_total",),
        ("L:nonfiscal_used", "L:opening"),
    ),
    LineSum(
        "支出总计",
        "R:grand_total",
        "本年支出合计＋结余分配＋年末结转和结余",
        ("R:expenditure_total",),
        ("R:distribution", "R:closing"),
    ),
    LineSum("收入总计与支出总计", "L:grand_total", "支出总计", ("R:grand_total",)),
)
# 财政拨款收入支出决算总表
FISCAL_SUMMARY_SUMS: tuple[LineSum, ...] = (
    LineSum("本年收入合计", "L:income_total", "三项财政拨款之和", optional=("L:gpb", "L:fund", "L:capital")),
    LineSum(
        "收入总计",
        "L:grand_total",
        "本年收入合计＋年初财政拨款结转和结余",
        ("L:income_total",),
        ("L:opening",),
    ),
    LineSum(
        "支出总计",
        "R:grand_total@total",
        "本年支出合计＋年末财政拨款结转和结余",
        ("R:expenditure_total@total",),
        ("R:closing@total",),
    ),
    LineSum("收入总计与支出总计", "L:grand_total", "支出总计", ("R:grand_total@total",)),
)


def _line_sums(std: StdTable, sums: tuple[LineSum, ...]) -> Iterable[Hit]:
    def value(ref: str) -> Num | None:
        key, _, column = ref.partition("@")
        return std.pairs[key].values.get(column or "value") if key in std.pairs else None

    for rel in sums:
        total, parts = value(rel.total), [value(k) for k in rel.parts]
        if total is None or any(x is None for x in parts):
            continue
        optional = [x for x in map(value, rel.optional) if x is not None]
        yield from _sum_check(
            "A030",
            f"《{std.title}》{rel.subject}",
            total,
            [*parts, *optional],
            rel.what,
            std.pairs[rel.total.partition("@")[0]],
        )


def _pair_value(pairs: dict[str, Row], key: str, column: str = "value") -> Num | None:
    """The value in ``column`` of the row of a two-sided table under ``key`` (None when either is missing)."""
    return pairs[key].values.get(column) if key in pairs else None


@audit_rule("A030")
def table_identity(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables:
        if not std.readable or std.empty:
            continue
        t = std.title
        if std.kind == "summary":
            p = std.pairs
            yield from _line_sums(std, SUMMARY_SUMS[:1])
            classes = [
                r.values.get("value")
                for r in std.rows
                if r.side == "R"
                and r.name
                and not any(
                    r.name.startswith(w)
                    for w, _ in (("本年支出合计", 0), ("结余分配", 0), ("年末", 0), ("总计", 0))
                )
            ]
            if _pair_value(p, "R:expenditure_total") is not None:
                yield from _sum_check(
                    "A030",
                    f"《{t}》本年支出合计",
                    _pair_value(p, "R:expenditure_total"),
                    [c for c in classes if c is not None],
                    "各类支出之和",
                    (p["R:expenditure_total"]),
                )
            yield from _line_sums(std, SUMMARY_SUMS[1:])
        elif std.kind == "fiscal_summary":
            p = std.pairs
            yield from _line_sums(std, FISCAL_SUMMARY_SUMS)
            for r in std.rows:
                if r.side == "R" and "total" in r.values and len(r.values) >= 2:
                    parts = [r.values.get(k) or Num(ZERO, 2, None, True) for k in ("gpb", "fund", "capital")]
                    yield from _sum_check(
                        "A030",
                        f"《{t}》{quoted(r.name)}合计",
                        r.values["total"],
                        parts,
                        "一般公共预算＋政府性基金＋国有资本经营",
                        r,
                    )
            class_rows = [
                r
                for r in std.rows
                if r.side == "R" and not re.match(r"(本年支出合计|结余分配|年末|总计)", r.name)
            ]
            if "R:expenditure_total" in p:
                for col in ("total", "gpb"):
                    tot = _pair_value(p, "R:expenditure_total", col)
                    if tot is not None:
                        yield from _sum_check(
                            "A030",
                            f"《{t}》本年支出合计",
                            tot,
                            [c.values.get(col) or Num(ZERO, 2, None, True) for c in class_rows],
                            "各类支出之和",
                            (p["R:expenditure_total"]),
                        )
        elif std.kind in (
            "income",
            "expenditure",
            "gpb",
            "capital_exp",
            "fiscal_detail",
            "gpb_detail",
            "fund",
            "capital",
        ):
            parts_of = {
                "income": ("fiscal", "superior", "business", "operating", "affiliated", "other"),
                "expenditure": ("basic", "project", "remit", "operating", "subsidy"),
                "gpb": ("basic", "project"),
                "capital_exp": ("basic", "project"),
                "fund": ("basic", "project"),
                "capital": ("basic", "project"),
                "fiscal_detail": ("basic", "project"),
                "gpb_detail": ("basic", "project"),
            }[std.kind]
            what = {"income": "各项收入之和", "expenditure": "各项支出之和"}.get(
                std.kind, "基本支出＋项目支出"
            )
            for r in std.rows:
                if "total" not in r.values:
                    continue
                present = [r.values.get(k) for k in parts_of if k in r.values]
                if len(present) < 2:
                    continue
                yield from _sum_check(
                    "A030",
                    f"《{t}》“{r.code + ' ' if r.code else ''}{r.name}”合计",
                    r.values["total"],
                    present,
                    what,
                    r,
                )
                if (
                    std.kind in ("fiscal_detail", "gpb_detail")
                    and "basic" in r.values
                    and ("personnel" in r.values or "public" in r.values)
                ):
                    yield from _sum_check(
                        "A030",
                        f"《{t}》{quoted(r.name)}基本支出",
                        r.values["basic"],
                        [
                            r.values.get("personnel") or Num(ZERO, 2, None, True),
                            r.values.get("public") or Num(ZERO, 2, None, True),
                        ],
                        "人员经费＋公用经费",
                        r,
                    )
        elif std.kind == "gpb_basic":
            rows = {r.code: r for r in std.rows if r.code}
            z = Num(ZERO, 2, None, True)
            for name, codes, what in (
                ("人员经费", ("301", "303"), "工资福利支出＋对个人和家庭的补助"),
                ("公用经费", ("302", "310"), "商品和服务支出＋资本性支出"),
            ):
                line = next((r for n, r in std.pairs.items() if n.startswith(name)), None)
                if line is not None and any(c in rows for c in codes):
                    yield from _sum_check(
                        "A030",
                        f"《{t}》{name}合计",
                        line.values["value"],
                        [rows[c].values["value"] if c in rows else z for c in codes],
                        what,
                        line,
                    )
        elif std.kind == "sangong" and std.rows:
            printed = std.rows[0].values
            vals = _declared(printed)
            z = Num(ZERO, 2, None, True)
            for phase, word in (("budget", "预算数"), ("actual", "决算数")):
                if f"{phase}.total" in vals:
                    yield from _sum_check(
                        "A030",
                        f"《{t}》合计{word}",
                        vals[f"{phase}.total"],
                        [vals.get(f"{phase}.{k}", z) for k in ("abroad", "car", "reception")],
                        "因公出国（境）费＋公务用车购置及运行维护费＋公务接待费",
                        std.rows[0],
                        _lifted(printed, vals, phase),
                        every_part=True,
                    )
                if f"{phase}.car" in vals and any(
                    f"{phase}.{k}" in vals for k in ("car_purchase", "car_run")
                ):
                    yield from _sum_check(
                        "A030",
                        f"《{t}》公务用车小计{word}",
                        vals[f"{phase}.car"],
                        [vals.get(f"{phase}.{k}", z) for k in ("car_purchase", "car_run")],
                        "购置费＋运行维护费",
                        std.rows[0],
                        _lifted(printed, vals, phase),
                        every_part=True,
                    )
    yield from generic_table_sums(ctx)


@audit_rule("A031")
def table_hierarchy(ctx: Context) -> Iterable[Hit]:
    for std in ctx.tables:
        if (
            not std.readable
            or std.empty
            or std.kind
            not in (
                "income",
                "expenditure",
                "gpb",
                "gpb_project",
                "capital_exp",
                "fiscal_detail",
                "gpb_detail",
                "gpb_basic",
                "fund",
                "capital",
            )
        ):
            continue
        rows = [r for r in std.rows if r.code]
        by_code = {r.code: r for r in rows}
        columns = sorted({k for r in rows for k in r.values})
        economic = std.kind in ("fiscal_detail", "gpb_detail", "gpb_basic")
        # each 款 and 项 row under the code two digits shorter, in table order (one pass, not one per parent)
        below: dict[str, list] = {}
        for r in rows:
            if len(r.code) in (5, 7):
                below.setdefault(r.code[:-2], []).append(r)
        for parent in rows:
            plen = len(parent.code)
            if plen not in (3, 5):
                continue
            children = below.get(parent.code, [])
            if not children:
                continue
            for col in columns:
                if col not in parent.values:
                    continue
                parts = [c.values.get(col) for c in children]
                if any(p is None for p in parts):
                    continue
                level = "类" if plen == 3 else "款"
                yield from _sum_check(
                    "A031",
                    f"《{std.title}》{parent.code} {parent.name}"
                    + (f"（{_COL_ZH.get(col, col)}）" if len(columns) > 1 else ""),
                    parent.values[col],
                    parts,
                    f"所属{'款' if plen == 3 and not economic else '明细'}之和"
                    if level == "类"
                    else "所属项之和",
                    parent,
                )
        total = std.total_row()
        if total is not None and not economic:
            classes = [r for r in rows if len(r.code) == 3]
            for col in columns:
                if col in total.values and classes and all(col in c.values for c in classes):
                    yield from _sum_check(
                        "A031",
                        f"《{std.title}》合计（{_COL_ZH.get(col, col)}）",
                        total.values[col],
                        [c.values[col] for c in classes],
                        "各类之和",
                        total,
                    )
        del by_code


_COL_ZH = {
    "total": "合计",
    "fiscal": "财政拨款收入",
    "superior": "上级补助收入",
    "business": "事业收入",
    "operating": "经营",
    "affiliated": "附属单位上缴收入",
    "other": "其他收入",
    "basic": "基本支出",
    "project": "项目支出",
    "remit": "上缴上级支出",
    "subsidy": "对附属单位补助支出",
    "personnel": "人员经费",
    "public": "公用经费",
    "value": "决算数",
    "opening": "年初结转和结余",
    "income": "本年收入",
    "closing": "年末结转和结余",
}


@audit_rule("A032")
def table_cross(ctx: Context) -> Iterable[Hit]:
    def first(kind: str) -> StdTable | None:
        return next((t for t in ctx.tables if t.kind == kind and t.readable and not t.empty), None)

    summary, income, expend = first("summary"), first("income"), first("expenditure")
    fiscal, gpb, basic = first("fiscal_summary"), first("gpb"), first("gpb_basic")
    project, detail = first("gpb_project"), first("gpb_detail")

    def pair(std: StdTable | None, key: str, col: str = "value") -> Num | None:
        if std is None or key not in std.pairs:
            return None
        return std.pairs[key].values.get(col)

    def total(std: StdTable | None, col: str) -> Num | None:
        row = std.total_row() if std else None
        return row.values.get(col) if row else None

    checks = [
        (
            summary,
            "本年收入合计",
            pair(summary, "L:income_total"),
            income,
            "收入决算表合计",
            total(income, "total"),
        ),
        (
            summary,
            "本年支出合计",
            pair(summary, "R:expenditure_total"),
            expend,
            "支出决算表合计",
            total(expend, "total"),
        ),
        (
            fiscal,
            "一般公共预算财政拨款支出",
            pair(fiscal, "R:expenditure_total", "gpb"),
            gpb,
            "一般公共预算财政拨款支出决算表合计",
            total(gpb, "total"),
        ),
        (
            gpb,
            "项目支出合计",
            total(gpb, "project"),
            project,
            "一般公共预算财政拨款项目支出决算表合计",
            total(project, "total"),
        ),
        (
            gpb,
            "合计",
            total(gpb, "total"),
            detail,
            "一般公共预算财政拨款支出决算明细表合计",
            total(detail, "total"),
        ),
    ]
    if summary is not None and fiscal is not None:
        parts = [pair(summary, f"L:{k}") for k in ("gpb", "fund", "capital")]
        if all(p is not None for p in parts) and pair(fiscal, "L:income_total") is not None:
            yield from _cross(
                summary,
                "财政拨款收入（一至三项之和）",
                None,
                fiscal,
                "本年收入合计",
                pair(fiscal, "L:income_total"),
                parts=parts,
            )
    if basic is not None and gpb is not None:
        pers = next((r.values["value"] for n, r in basic.pairs.items() if n.startswith("人员经费")), None)
        pub = next((r.values["value"] for n, r in basic.pairs.items() if n.startswith("公用经费")), None)
        if pers is not None and pub is not None:
            yield from _cross(
                gpb,
                "基本支出合计",
                total(gpb, "basic"),
                basic,
                "人员经费合计＋公用经费合计",
                None,
                parts=[pers, pub],
            )
    for a_std, a_label, a_num, b_std, b_label, b_num in checks:
        if a_num is not None and b_num is not None:
            yield from _cross(a_std, a_label, a_num, b_std, b_label, b_num)
    # 类 rows: 收入支出决算总表 (本年支出) vs 支出决算表; 财政拨款收支总表 (一般公共预算) vs 一般公共预算表
    for left, lcol, right, rcol in ((summary, "value", expend, "total"), (fiscal, "gpb", gpb, "total")):
        if left is None or right is None:
            continue
        rclasses = {class_name(r.name): r for r in right.rows if len(r.code) == 3}
        for r in left.rows:
            if (
                r.side != "R"
                or lcol not in r.values
                or re.match(r"(本年支出合计|结余分配|年末|总计)", r.name)
            ):
                continue
            other = rclasses.get(class_name(r.name))
            num = r.values[lcol]
            if other is None:
                if not num.blank and num.value != 0 and rclasses:
                    yield Hit(
                        f"《{left.title}》{quoted(r.name)}",
                        num.text,
                        f"《{right.title}》中没有该类科目",
                        row_quote(r),
                        [num.where],
                        keys=["A032", r.name],
                    )
                continue
            yield from _cross(
                left, quoted(r.name), num, right, f"{other.code}{quoted(other.name)}", other.values.get(rcol)
            )


def _cross(a_std, a_label, a_num, b_std, b_label, b_num, parts=None) -> Iterable[Hit]:
    if parts is not None:
        if a_num is None:
            # parts on side a sum to b_num
            yield from _sum_check(
                "A032",
                f"《{a_std.title}》{a_label}",
                b_num,
                parts,
                f"《{b_std.title}》{b_label}",
                f"{a_label}",
                None,
            )
            return
        yield from _sum_check(
            "A032",
            f"《{a_std.title}》{a_label}",
            a_num,
            parts,
            f"《{b_std.title}》{b_label}",
            a_num.text,
            None,
        )
        return
    if b_num is None or a_num is None:
        return
    yield from _sum_check(
        "A032",
        f"《{a_std.title}》{a_label}",
        a_num,
        [b_num],
        f"《{b_std.title}》{b_label}",
        a_num.text if a_num.cell else a_label,
        None,
    )


# --- basic expenditure items named in the text vs the table ---------------------------------------------


def _econ_name(n: str) -> str:
    n = re.sub(r"(支出|费用)$", "", n.strip())
    return n.replace("（", "(").replace("）", ")")


@audit_rule("A070")
def basic_items_listed(ctx: Context) -> Iterable[Hit]:
    std = next((t for t in ctx.tables_of("gpb_basic") if not t.empty), None)
    if std is None:
        return
    groups = {"人员经费": ("301", "303"), "公用经费": ("302", "310")}
    table_items = {
        k: {r.name: r for r in std.rows if len(r.code) == 5 and r.code[:3] in v} for k, v in groups.items()
    }
    for sent in ctx.facts.sentences:
        if sent.paragraph.topic != "s6":
            continue
        for m in re.finditer(r"(人员经费|公用经费)[^。；]{0,30}?主要包括[：:]([^；。]+)", sent.text):
            kind = m.group(1)
            listed = [x for x in re.split(r"[、，]", m.group(2).rstrip("等")) if x]
            items = table_items[kind]
            by_norm = {_econ_name(n): r for n, r in items.items()}
            for name in listed:
                norm = _econ_name(name.rstrip("等"))
                row = by_norm.get(norm) or next(
                    (
                        r
                        for k, r in by_norm.items()
                        if (k.startswith(norm) or norm.startswith(k)) and min(len(k), len(norm)) >= 3
                    ),
                    None,
                )
                if row is None or row.values["value"].value == 0:
                    yield Hit(
                        f"{kind}“主要包括”",
                        f"列出了{quoted(name)}",
                        f"《{std.title}》中"
                        + (
                            "没有该科目"
                            if row is None
                            else f"{row.code}{quoted(row.name)}为{row.values['value'].text}"
                        ),
                        quote_of(sent),
                        [sent.where] + ([row.where] if row is not None else []),
                        keys=[kind, name],
                    )
            listed_norm = [_econ_name(x.rstrip("等")) for x in listed]
            for n, r in items.items():
                if r.values["value"].value == 0:
                    continue
                k = _econ_name(n)
                if not any(
                    k == x or ((k.startswith(x) or x.startswith(k)) and len(x) >= 3) for x in listed_norm
                ):
                    yield Hit(
                        f"{kind}“主要包括”",
                        f"未列出“{n}”",
                        f"《{std.title}》中{r.code}“{n}”为{r.values['value'].text}万元",
                        quote_of(sent),
                        [sent.where, r.where],
                        severity="info",
                        keys=[kind, n, "unlisted"],
                    )


# --- a table's year-on-year columns (part of A014) -------------------------------------------------------

# the columns of a table that sets this year's figure beside last year's: “本期 | 上年同期 | 增加额 | 增长率”,
# “2016年度 | 2017年度 | 增减值 | 增减%”, “本年决算数 | 上年决算数 | 增减额 | 增减率”
_CURRENT_COL = re.compile(r"^(本期|本年|本年数|本年决算数?|本期数|本年累计)$")
_PRIOR_COL = re.compile(r"^(上年同期|上年|上年数|上年决算数?|上期|上年同期数)$")
_CHANGE_COL = re.compile(r"^(增加额|增减额|增减金额|增减值|增减|增减数|变动额|增减变动)$")
_RATE_COL = re.compile(r"^(增[长長]率|增减率|增减%|增减幅度|增[长長]%|变动率|增幅)[(（]?%?[)）]?$")
_YEAR_COL = re.compile(r"^(20\d\d)年度?(决算数?)?$")
# a header cell over two columns, the change and its rate, named in the row below it (“比上年增、减情况” /
# “增、减金额 | 增、减幅度”)
_GROUP_COL = re.compile(r"增减(变动)?情况$")
# what simplified() leaves in a cell without one of its markers (“增、減幅度” in a mirror site's table)
_SHORT_CELL_T2S = str.maketrans("減額況變動長", "减额况变动长")
_NUMBER = re.compile(r"^-?\d+(?:\.\d+)?%?$")


@dataclass
class _ChangeColumns:
    current: int
    prior: int
    change: int | None
    rate: int | None


def _label(text: str) -> str:
    return re.sub(r"[\s、]", "", simplified(text)).translate(_SHORT_CELL_T2S)


def _header(rows: list[list[str]], k: int) -> list[str]:
    """The column labels of row ``k``: its cells, or — when its last cell heads the change and the rate
    named in the row below (“项目 | 上年决算数 | 本年决算数 | 比上年增、减情况” / “增、减金额 | 增、减幅度”) —
    its cells with the last one replaced by those below."""
    row = rows[k]
    if k + 1 < len(rows) and row and _GROUP_COL.search(_label(row[-1])):
        sub = [t for t in rows[k + 1] if t.strip()]
        if len(sub) >= 2 and all(_CHANGE_COL.match(_label(t)) or _RATE_COL.match(_label(t)) for t in sub):
            return row[:-1] + sub
    return row


#: a character every change or rate column's label holds (``_CHANGE_COL``, ``_RATE_COL``, ``_GROUP_COL``), as
#: written or before :func:`_label` simplifies it
_CHANGE_MARKS = frozenset("增变變")


def _may_head_changes(row: list[Cell]) -> bool:
    """Whether a row may head a change or rate column: the cheap test before reading its labels."""
    return not _CHANGE_MARKS.isdisjoint("".join(c.text for c in row))


def _change_columns(header: list[str]) -> _ChangeColumns | None:
    cells = [_label(t) for t in header]
    current = next((k for k, t in enumerate(cells) if _CURRENT_COL.match(t)), None)
    prior = next((k for k, t in enumerate(cells) if _PRIOR_COL.match(t)), None)
    years = [(int(m.group(1)), k) for k, t in enumerate(cells) if (m := _YEAR_COL.match(t))]
    if (current is None or prior is None) and len(years) == 2 and years[1][0] - years[0][0] in (1, -1):
        (_, prior), (_, current) = sorted(years)
    change = next((k for k, t in enumerate(cells) if _CHANGE_COL.match(t)), None)
    rate = next((k for k, t in enumerate(cells) if _RATE_COL.match(t)), None)
    if current is None or prior is None or (change is None and rate is None):
        return None
    return _ChangeColumns(current, prior, change, rate)


def _figure(text: str) -> tuple[Decimal, int] | None:
    # (“437.7 %”, “- 6.1%”: a copy from a PDF spaces a cell's figure from its sign)
    t = re.sub(r"[\s,，]", "", text).replace("％", "%")
    if not _NUMBER.match(t):
        return None
    digits = t.rstrip("%")
    return Decimal(digits), len(digits.split(".")[1]) if "." in digits else 0


def _outside_rate(c: Decimal, cd: int, p: Decimal, pd: int, rate: Decimal, rd: int) -> Decimal | None:
    """The exact rate of ``c`` on last year's ``p`` when the printed ``rate`` lies outside what the
    rounding of the three printed figures allows, else None (a base that may be zero is not judged, nor a
    rate's sign alone: a 下降 column may print it without “-”)."""
    hc, hp = half_unit(cd), half_unit(pd)
    corners = [(c + i * hc) / (p + j * hp) for i in (-1, 1) for j in (-1, 1) if p + j * hp > 0]
    if len(corners) < 4:
        return None
    lo, hi = (min(corners) - 1) * HUNDRED, (max(corners) - 1) * HUNDRED
    h = half_unit(rd)
    if any(lo - h <= x <= hi + h for x in (rate, -rate)):
        return None
    return (c - p) / p * HUNDRED


def table_changes(ctx: Context) -> Iterable[Hit]:
    """Each row of a table with this year's and last year's figures and their change or rate: the change
    is this year's less last year's, the rate the change over last year's (within the rounding of the
    printed figures). A row whose cells do not line up with the header is left alone; a rate is an error
    when the row's change agrees with its figures (the columns are read right), else a warning."""
    if ctx.doc is None:
        return
    for table in ctx.doc.tables:
        heads = [k for k, row in enumerate(table.rows[:8]) if _may_head_changes(row)]
        if not heads:
            continue
        rows = [[c.text for c in row] for row in table.rows]
        at = next((k for k in heads if _change_columns(_header(rows, k))), None)
        if at is None:
            continue
        header = _header(rows, at)
        cols = _change_columns(header)
        assert cols is not None
        start = at + (1 if header is rows[at] else 2)
        for row, texts in zip(table.rows[start:], rows[start:], strict=True):
            if len(texts) != len(header):
                continue
            cur, prior = _figure(texts[cols.current]), _figure(texts[cols.prior])
            if cur is None or prior is None:
                continue
            (c, cd), (p, pd) = cur, prior
            label = "".join(texts[0].split())
            change_ok = True
            if cols.change is not None and (ch := _figure(texts[cols.change])) is not None:
                d, dd = ch
                slack = half_unit(cd) + half_unit(pd) + half_unit(dd)
                if abs(c - p - d) > slack:
                    change_ok = False
                    yield Hit(
                        f"{quoted(label)}的增减额",
                        texts[cols.change],
                        f"{texts[cols.current]}−{texts[cols.prior]}＝{format_fixed(c - p, max(cd, pd))}",
                        cell_quote(row),
                        [row[cols.change].where],
                        severity="warning",
                        keys=[label, "table-change"],
                    )
            if cols.rate is None or (r := _figure(texts[cols.rate])) is None or p == 0:
                continue
            rate, rd = r
            exact = _outside_rate(c, cd, p, pd, rate, rd)
            if exact is None:
                continue
            yield Hit(
                f"{quoted(label)}的增减率",
                texts[cols.rate],
                f"按（{texts[cols.current]}−{texts[cols.prior]}）÷{texts[cols.prior]}计算为"
                f"{format_fixed(exact, 2)}%",
                cell_quote(row),
                [row[cols.rate].where],
                severity=None if change_ok and cols.change is not None else "warning",
                keys=[label, "table-rate"],
            )


# a table flattened to one row a line, its cells parted by spaces: a name, two years' figures, the change
# and its rate (“3. 医疗收入 51420916.22 61360289.59 9939373.37 19.33%”)
_SPACED_ROW = re.compile(
    r"^(?P<label>\S.*?)\s+(?P<a>-?\d[\d,]*(?:\.\d+)?)\s+(?P<b>-?\d[\d,]*(?:\.\d+)?)"
    r"\s+(?P<d>-?\d[\d,]*(?:\.\d+)?)\s+(?P<r>-?\d+(?:\.\d+)?)[%％]$"
)


def spaced_row_changes(ctx: Context) -> Iterable[Hit]:
    """Rows of a table flattened to lines of space-parted cells, each with two figures, their change and
    its rate. The change tells which figure is last year's (it is the later less the earlier, or the other
    way round); a row where it is neither is left alone. A rate outside the rounding of its figures is a
    warning (the columns are known from the row's own arithmetic, not from a header)."""
    if ctx.doc is None:
        return
    for par in ctx.doc.paragraphs:
        text = par.text.strip()
        if par.in_toc or len(text) > 160 or not text.endswith(("%", "％")):
            continue
        m = _SPACED_ROW.match(text)
        if m is None:
            continue
        figures = [_figure(m.group(k)) for k in ("a", "b", "d", "r")]
        if any(f is None for f in figures):
            continue
        (a, ad), (b, bd), (d, dd), (rate, rd) = figures  # type: ignore[misc]
        slack = half_unit(ad) + half_unit(bd) + half_unit(dd)
        if abs(b - a - d) <= slack:
            (c, cd), (p, pd) = (b, bd), (a, ad)  # last year, then this year
        elif abs(a - b - d) <= slack:
            (c, cd), (p, pd) = (a, ad), (b, bd)
        else:
            continue
        exact = _outside_rate(c, cd, p, pd, rate, rd)
        if exact is None:
            continue
        label = "".join(m.group("label").split())
        yield Hit(
            f"{quoted(label)}的增减率",
            f"{m.group('r')}%",
            f"按{m.group('d')}÷{format_fixed(p, pd)}计算为{format_fixed(exact, 2)}%",
            par.text.strip()[:150],
            [par.where],
            severity="warning",
            keys=[label, "row-rate"],
        )
