"""Arithmetic in the text (A010–A023): the same figure stated twice, text vs table, shares and their sum,
year-on-year changes and their direction words, budget completion, parts vs totals, counts vs lists,
“持平” with a reason, and 增减率 without a percent sign.

A share allocated by largest remainder may be one unit off its exact value: when its group adds up to
100.00% that is reported as info, never as an error."""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, replace
from decimal import ROUND_DOWN, ROUND_HALF_UP, Decimal

from juesuan.audit.document import Paragraph, Where, attachment_line
from juesuan.audit.facts import (
    DIRECTION_SIGN,
    GRAND_TOTAL,
    HEAD_KEYS,
    LIST_OPENS,
    PARTS_OF,
    UNIT_SCALE,
    UNIT_SHIFT,
    Amount,
    Change,
    Comparison,
    Difference,
    Group,
    Mention,
    Sentence,
    Share,
    adds_up,
    class_name,
    clean_label,
    inside_a_bracket,
    subject_key,
)
from juesuan.audit.normalise import normalise, simplified
from juesuan.audit.rules.base import (
    Context,
    Hit,
    audit_rule,
    excerpt,
    line_warning,
    quote_of,
    quoted,
    subject_of,
)
from juesuan.audit.rules.classification import (
    resolve_class,
    resolve_path_text,
)
from juesuan.audit.rules.statements import (
    SUBTRACTED,
    class_changes_vs_total,
    listed_sums,
    numbered_parts,
    yuan_change_slip,
    yuan_for_wan,
)
from juesuan.audit.rules.tables import spaced_row_changes, table_changes
from juesuan.audit.units import UnitList, place_of, read_units
from juesuan.findings import Severity
from juesuan.money import HUNDRED, TEN_THOUSAND, ZERO, decimals_of, format_fixed, format_measured
from juesuan.rules.tolerance import LR_STEP, Interval, around, half_unit, ratio_range

_RAW_DECIMALS = re.compile(r"\.(\d+)")


def in_units(value: Decimal, places: int, *raws: str) -> str:
    """An amount (in 万元) as a message shows it beside the figures it comes from (``raws``, as printed):
    in 亿元 when they are all in 亿元 (“各分项0.63亿元＋2.05亿元＋3.18亿元＝5.86亿元”), in 元 when they are
    all in 元 (“合计为40,672,288.65元”), else in 万元."""
    shown = max((len(m.group(1)) for r in raws if (m := _RAW_DECIMALS.search(r))), default=0)
    if raws and all(r.endswith("亿元") for r in raws):
        return f"{format_fixed(value / TEN_THOUSAND, max(2, shown))}亿元"
    if raws and all(r.endswith("元") and not r.endswith(("万元", "亿元")) for r in raws):
        return f"{format_fixed(value * TEN_THOUSAND, max(2, shown))}元"
    return f"{format_fixed(value, places)}万元"


# --- same figure twice, text vs table -------------------------------------------------------------------


def _level_role(role: str) -> str:
    return "budget" if role == "budget" else "level"


def _comparable(key: str) -> bool:
    return bool(key) and not key.startswith("?>") and not key.endswith(".")


#: A sentence opening with a named body (after its numbering and a year) that its figures belong to:
#: “省质监局公布,2011年…”, “省审计厅2011年“三公”经费…”, “2011年省审计厅公务用车…”. The name opens with a
#: place or level (省, 市, 县, 区, 州, 国家, or a place name ending so) and ends as a body's name does; it is
#: followed by a year, a quote, 公布, or the subject — not by a verb (“县财政局批复…” names no owner).
_SENTENCE_OWNER = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])?(?:20\d\d年度?)?"
    r"((?:中共)?(?:省|市|县|区|州|国家|[\u4e00-\u9fff]{1,8}?(?:省|市|县|区|州))[\u4e00-\u9fff]{1,10}?"
    r"(?:厅|局|委员会|委|办公室|中心|法院|检察院|院|所|站|馆|学校|协会|联合会|党校|署))"
    r"(?=20\d\d|公布|本级|[“\"]|三公|公务|因公|购置|的|在|[,，])"
)
#: Words that make the opening a clause, not a name (“我所认真按照县财政局…”, “财政拨款收入是指州财政…”).
_NOT_OWNER = re.compile(r"是|指|按照|根据|纳入|关于|我|属|给|认真|经")


def _owners(ctx: Context) -> dict[int, str]:
    """The body each sentence's figures belong to: the one named at the opening of the sentence, else the
    last one so named before it ("" before any). A news item on two departments (“省质监局公布…”, then
    “省审计厅2011年…”) states each one's figures: the second's are not second statements of the first's."""
    owners: dict[int, str] = {}
    current = ""
    for s in ctx.facts.sentences:
        m = _SENTENCE_OWNER.match(s.text.strip())
        if m and not _NOT_OWNER.search(m.group(1)):
            current = m.group(1)
        owners[s.index] = current
    return owners


def _owner_core(name: str) -> str:
    """A body's name after its place: “寻甸县农业农村局” and “寻甸回族彝族自治县农业农村局” are one body, as
    are “北京市公安局” and its shortening “市公安局” (a bare level word before the name)."""
    place = place_of(name)
    if not place and name[:1] in "省市县区州":
        place = name[:1]
    return name[len(place) :]


#: A department's whole, named bare and read with no key (whose 总支出 it is, a department's report does
#: not doubt): stated twice under the very same name it is one figure
_WHOLE_NAMES = {"总支出": "?whole.expenditure", "总收入": "?whole.income"}


@audit_rule("A010")
def same_figure(ctx: Context) -> Iterable[Hit]:
    # the first statement of each subject, by the body it belongs to (see :func:`_owners`); a figure of a
    # named body with no earlier statement of its own is compared with one of no named body
    yield from _lost_leading_digits(ctx)
    seen: dict[tuple[str, str, str, str], Amount] = {}
    seen_any: dict[tuple[str, str, str], Amount] = {}
    owners = _owners(ctx)
    dept = simplified(ctx.doc.department) if ctx.doc else ""
    for a in ctx.facts.amounts:
        key = a.key or (_WHOLE_NAMES.get(a.label, "") if dept and a.role in ("current", "actual") else "")
        if not _comparable(key) or a.sentence.paragraph.part in ("glossary",):
            continue
        if _stated_for_another_year(a, ctx.year) or _PRIOR_OPENING.match(a.sentence.text):
            continue  # “2022年度“三公”经费预算总计21.8万元…” beside the 2021 决算: another year's figures
        if _in_year_series(a) or _ranked(a) or _of_a_period(a) or _restated(a):
            continue  # one year's of a series (“自2012年至2017年,…分别为…”), one body's of many, a period's
        k = (key, _level_role(a.role), _scope_of(a))
        owner = _owner_core(owners.get(a.sentence.index, ""))
        first = seen.get((*k, owner)) or (seen.get((*k, "")) if owner else seen_any.get(k))
        if first is None:
            seen[(*k, owner)] = a
            seen_any.setdefault(k, a)
            continue
        if first.sentence is a.sentence or _years_apart(a.sentence.text, first.sentence.text):
            continue
        apart = _owners_differ(a, first, dept)
        if apart or (apart is None and (a.in_list or first.in_list)):
            continue  # “北京市公安局的“三公”经费…9530.81万元” beside the 市级 aggregate's 64245万元; a body's
            # figure listed under “其中” is a part
        if not around(a.value, a.decimals).intersects(around(first.value, first.decimals)):
            yield Hit(
                quoted(a.label),
                a.mention.raw,
                f"{first.sentence.where.describe()}同一数字为{first.mention.raw}",
                quote_of(a.sentence, a.mention),
                [a.sentence.where, first.sentence.where],
                keys=[key],
                severity="warning" if not a.key else _one_subject_severity(ctx, a, first, owner),
            )
    yield from _same_change_twice(ctx)
    yield from _grand_totals_stated_apart(ctx)


#: a figure that may fall below zero (a balance, a net figure, a deficit): its fall may exceed 100%
_MAY_GO_NEGATIVE = re.compile(r"结余|结转|差额|赤字|亏损|净|盈余|逆差|顺差")


def _falls_beyond_the_whole(ctx: Context) -> Iterable[Hit]:
    """A fall of more than 100% (“…较上年减少0.86万元,下降110%”): no spending, income or count can fall by
    more than all of it. Where the change's figures are read, the rate is recomputed (below) instead; a
    figure that may go below zero (a balance, a net figure) may fall so."""
    recomputed = {
        (id(ch.sentence), ch.pct.start)
        for ch in ctx.facts.changes
        if ch.pct is not None and ch.delta is not None and ch.current is not None
    }
    for s in ctx.facts.sentences:
        for m in s.mentions:
            if m.kind != "percent" or m.sign != -1 or m.value <= HUNDRED:
                continue
            if (id(s), m.start) in recomputed or "百分点" in s.text[m.end : m.end + 4]:
                continue
            clause_start = max(s.text.rfind(c, 0, m.start) for c in "，,；;。") + 1
            before = s.text[max(0, clause_start - 40) : m.start]
            if _MAY_GO_NEGATIVE.search(before):
                continue
            yield Hit(
                f"{quoted(s.text[clause_start : m.start].strip('，, ')[:20] or '该项')}的降幅",
                m.raw,
                "下降（减少）的比例不能超过100%（降至0即下降100%）",
                quote_of(s, m),
                [s.where],
                keys=["fall-beyond-whole"],
            )


def _same_change_twice(ctx: Context) -> Iterable[Hit]:
    """One change stated twice with two amounts: “财政拨款收入177.28万元,…,与2016年相比21.79万元,增加
    14.01%” in part 三 and “财政拨款收入决算总计177.28万元。与2016年相比增加22.13万元” in part 四 — the same
    subject, the same figure, against the same year, yet two changes. A warning (one of the two is wrong)."""
    seen: dict[tuple[str, int | None, Decimal], Change] = {}
    for c in ctx.facts.changes:
        if c.basis != "prior" or c.base_unsaid or c.current is None or c.delta is None:
            continue
        key = c.key or c.current.key
        if not _comparable(key) or c.current.role not in ("current", "actual"):
            continue
        k = (key, c.year, c.current.value)
        first = seen.setdefault(k, c)
        # (a second change of the one figure stated once is a part of it: “其中,…减少了342.74万元”)
        if first is c or first.sentence is c.sentence or first.delta is None or first.current is c.current:
            continue
        if c.delta.sign and first.delta.sign and c.delta.sign != first.delta.sign:
            continue  # opposite directions are found by the direction checks
        if around(c.delta.value, c.delta.decimals).intersects(
            around(first.delta.value, first.delta.decimals)
        ):
            continue
        yield Hit(
            quoted(c.label or c.current.label) + "的增减额",
            c.delta.raw,
            f"{first.sentence.where.describe()}同一项目与{c.year or '上'}年相比的增减额为{first.delta.raw}",
            quote_of(c.sentence, c.delta),
            [c.sentence.where, first.sentence.where],
            keys=[key, "change-twice"],
            severity="warning",
        )


_GROUPED = re.compile(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?")
_GROUP_TAIL = re.compile(r"\d{3}(?:,\d{3})*(?:\.\d+)?")


def _lost_leading_digits(ctx: Context) -> Iterable[Hit]:
    """“支出总计,867.48万元” where the text states 1,867.48万元: a figure printed with thousands separators
    that lost its leading digits, the separator left after its label (g25-08). Only the tail of a figure
    stated in full elsewhere under a name ending alike is taken for one (“其中,100.00万元用于…” beside
    “总额1,100.00万元” stays a clause mark)."""
    full: dict[tuple[str, str], str] = {}  # (the tail after the first separator, the label's end) → figure
    for sent in ctx.facts.sentences:
        for m in sent.mentions:
            if m.kind != "amount" or "," not in m.raw:
                continue  # only a figure printed with thousands separators
            num = re.match(r"[\d,.]+", m.raw)
            named = re.search(r"[\u4e00-\u9fff]{2}$", sent.text[max(0, m.start - 2) : m.start])
            if num and named and _GROUPED.fullmatch(num.group(0)):
                full.setdefault((num.group(0).split(",", 1)[1], named.group(0)), m.raw)
    if not full:
        return
    for sent in ctx.facts.sentences:
        for m in sent.mentions:
            if m.kind != "amount" or m.start < 2 or sent.text[m.start - 1] not in ",，":
                continue
            num = re.match(r"[\d,.]+", m.raw)
            if num is None or not _GROUP_TAIL.fullmatch(num.group(0)):
                continue
            label = re.search(r"[\u4e00-\u9fff]{2,10}$", sent.text[: m.start - 1])
            # the same figure under the same name (“支出总计1,867.48万元”), not any figure ending so
            after_label = sent.text[m.start - 1] in ",，" and label is not None and label.end() == m.start - 1
            stated = full.get((num.group(0), label.group(0)[-2:])) if after_label and label else None
            if stated is None or label is None:
                continue
            yield Hit(
                quoted(label.group(0)),
                f",{m.raw}",
                f"金额前缺少数字（文中另有{stated}），应补全",
                quote_of(sent, m),
                [sent.where],
                severity="warning",
                keys=["lost-digits", str(sent.index)],
            )


#: 收入总计 or 支出总计 named alone (“(一)收入总计3666.34万元”), of the 财政拨款 or of all funds
_ONE_GRAND_TOTAL = re.compile(
    r"^(?:[（(][一二三四五六七八九十]+[）)])?(?:本年|年度)?(财政拨款)?(?:收入|支出)(?:决算)?总计$"
)


def _grand_totals_stated_apart(ctx: Context) -> Iterable[Hit]:
    """“2016年度收入、支出总计3666.34万元。其中:” then “(一)收入总计3666.34万元” and “(二)支出总计3666.34”:
    the 收入总计 and the 支出总计 stated apart are each the figure stated for both at once (of all funds, or
    of the 财政拨款 alone); one that differs from it beyond the rounding of the two is a slip in one of
    them."""
    stated: dict[str, Amount] = {}
    for a in ctx.facts.amounts:
        if (
            a.role not in ("current", "actual")
            or a.key not in ("total.all", "total.fiscal")
            or a.key in stated
        ):
            continue
        if not _stated_for_another_year(a, ctx.year):
            stated[a.key] = a
    if not stated:
        return
    for a in ctx.facts.amounts:
        m = _ONE_GRAND_TOTAL.match(a.label)
        if m is None or a.role not in ("current", "actual") or a.key:
            continue
        both = stated.get("total.fiscal" if m.group(1) else "total.all")
        if both is None or both.sentence.paragraph.part != a.sentence.paragraph.part:
            continue
        if _stated_for_another_year(a, ctx.year):
            continue
        if not around(a.value, a.decimals).intersects(around(both.value, both.decimals)):
            yield Hit(
                quoted(a.label),
                a.mention.raw,
                f"{both.sentence.where.describe()}收入、支出总计为{both.mention.raw}",
                quote_of(a.sentence, a.mention) + quote_of(both.sentence, both.mention),
                [a.sentence.where, both.sentence.where],
                keys=[both.key, "grand-total-apart"],
                severity="warning",
            )


def _one_subject_severity(ctx: Context, a: Amount, first: Amount, owner: str) -> Severity | None:
    """How sure it is that two statements taken for one figure are one: an error (the rule's own severity)
    when the report's year and unit are known, no body is named as their owner and both carry the same
    label; a warning when only the year and unit are known; a note (info) when the text does not say
    whose report it is or of which year (a news item, an aggregate). On texts nobody here had seen,
    most “同一数字” errors were two figures of one kind (another body's, another year's, a part of the
    department's, a budget) told apart only by words the reader had not learnt, while every true one on
    the labelled corpus was a minor slip."""
    if ctx.year is None or not (ctx.doc and ctx.doc.department):
        return "info"
    if owner or _owner(a) or _owner(first) or a.label != first.label:
        return "warning"
    return None


_SCOPE_OPENING = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])?(?:20\d\d年度?)?"
    r"(?:本部门|本单位|部门|单位)?(一般公共预算|政府性基金|国有资本经营|财政拨款)"
)
#: Keys whose subject already carries its scope (“一般公共预算财政拨款支出”, “三公”经费).
_SCOPED_FAMILIES = ("gpb.", "fund.", "capital.", "sangong.", "income.gpb", "income.fund", "income.capital")


#: Words naming a part of a region or of a department: “区直财政拨款资金安排“三公”经费” is not the whole
#: district's “三公”经费, “部门本级” not the department's consolidated figure.
_JURISDICTION = re.compile(
    r"区直|县直|市直|省直|区属|县属|市属|本级|全区|全县|全市|全省|全镇|全乡"
    # a department's parts: “局机关“三公”经费30万元,下属事业单位“三公”经费11.88万元” (not 机关运行经费)
    r"|机关(?!运行)|下属|所属|直属|二级(?:预算)?单位"
    # a part by the kind of spending: “基本支出安排的“三公”经费30万元,项目支出安排的…11.88万元”
    r"|基本支出|项目支出"
)


def _scope_of(a: Amount) -> str:
    """The scope a sentence names at its start (“2018年度一般公共预算收入总计…，年末结转和结余30.65万元”):
    a figure under it is the scope's, not the same item as the department's unscoped one. A part of a
    region or department named before the figure (区直, 本级, 全区) is a scope of its own."""
    text = a.sentence.text
    if a.label.startswith("占"):
        # the base of a share, named in its 占 phrase (“2015年度财政拨款收入210万元,占本年收入11752万元的
        # 1.79%”): its name is its scope, not the sentence's opening
        named = _JURISDICTION.search(a.label)
        return named.group(0) if named else ""
    named = _JURISDICTION.search(text, 0, max(0, a.mention.start))
    place = named.group(0) if named else ""
    if a.key.startswith(_SCOPED_FAMILIES) or a.key.endswith(("fiscal",)):
        return place
    m = _SCOPE_OPENING.match(text.strip())
    return (m.group(1) if m else "") + place


_OPENING_YEAR = re.compile(
    r"^(?:[一二三四五六七八九十]+、|[（(][一二三四五六七八九十\d]+[）)]|\d+[.、．])?(20\d\d)年"
)


#: A superlative naming one body of many just before its figure:
#: “因公出国(境)费支出最多:省商务厅,213.35万元”.
_RANKED = re.compile(r"(?:最多|最少|最高|最低)[^。；;\d]{0,20}$")


#: A part of the year named before a figure (“上半年“三公”经费支出20.5万元”, “12月…”, “1-6月…”, “月均…”): that
#: period's figure, not the year's (a date, “12月31日”, “年底”, is not a period).
_PERIOD = re.compile(
    r"上半年|下半年|第?[一二三四1-4]季度|\d{1,2}[-－—~～至]\d{1,2}月|(?<![\d年])\d{1,2}月份?(?![\d日底末])"
    r"|(?<=年)\d{1,2}月份?(?![\d日底末])|月均|月平均|日均"
)


#: A figure restated on another basis (“剔除机构改革因素后”, “按可比口径计算”) or of the prior year
#: (“上年“三公”经费支出45.38万元”, “上年同期…”): not the year's figure stated again.
_RESTATED = re.compile(r"(?:剔除|扣除|除去|排除|不考虑)[^。；;]{0,24}?(?:因素|影响|后)|可比口径|同口径")
#: the words right before a figure restated so (“…,剔除疫情防控保障等一次性因素后,为165.61亿元”; not a change
#: “剔除…因素,同口径下降0.9%”)
_RESTATED_AS = re.compile(r"(?:剔除|扣除|除去|排除|不考虑)[^。；;，,]{0,24}?后[，,]?(?:为|是|达)?$")
#: (not 去年: a news item of the next year calls the report's year 去年)
_PRIOR_SUBJECT = re.compile(r"^(?:上年度?|上一年度?)(?:同期)?")


def _restated(a: Amount) -> bool:
    return (
        _RESTATED.search(a.sentence.text, 0, a.mention.start) is not None
        or _PRIOR_SUBJECT.match(a.label) is not None
    )


def _of_a_period(a: Amount) -> bool:
    clause = next(
        (c for c in a.sentence.clauses if c.start <= a.mention.start <= c.start + len(c.text)), None
    )
    start = clause.start if clause is not None else 0
    return _PERIOD.search(a.sentence.text, start, a.mention.start) is not None


def _ranked(a: Amount) -> bool:
    return _RANKED.search(a.sentence.text, max(0, a.mention.start - 24), a.mention.start) is not None


#: A span of years (“自2012年至2017年”, “2012—2017年”) and, after it, a list of figures “分别为…”.
_YEAR_SPAN = re.compile(r"(20\d\d)年?(?:至|到|—|－|-|～|~)(20\d\d)年")


def _in_year_series(a: Amount) -> bool:
    """A figure of a list (“分别为”) after a span of years in its sentence: one year's figure of the span
    (“自2012年至2017年,中央本级“三公”经费…分别为74.25亿元、70.15亿元、…和43.6亿元”), not the report
    year's stated again."""
    before = a.sentence.text[: a.mention.start]
    span = _YEAR_SPAN.search(before)
    return span is not None and "分别" in before[span.end() :]


#: Who a figure belongs to, named before its subject: a body (“北京市公安局的”, “北京市教育委员会今年”,
#: “北京市级党政机关和全额拨款事业单位”) other than the report's own (本部门, 本单位, 我局).
_LABEL_OWNER = re.compile(
    r"^(?:其中|今年|去年|本年|当年)?[，,]?"
    r"([\u4e00-\u9fff]{2,30}?(?:局|厅|委员会|委|院|署|办公室|中心|机关|单位|学校|医院|政府|总工会|联合会|协会))"
    r"(?:的|今年|去年|本年)?"
)
_OWN_BODY = re.compile(r"^(?:本|我|该)(?:局|厅|委|院|署|办|中心|机关|单位|部门)$|^(?:部门|单位)$")


def _owner(a: Amount) -> str:
    m = _LABEL_OWNER.match(simplified(a.label))
    if m is None or _OWN_BODY.match(m.group(1)):
        return ""
    return m.group(1)


def _same_body(x: str, y: str) -> bool:
    """One name shortened (“市园林绿化局” for “北京市园林绿化局”) is the same body."""
    return x.endswith(y) or y.endswith(x)


def _owners_differ(a: Amount, b: Amount, dept: str = "") -> bool | None:
    """Whether two figures of one subject belong to different bodies: True when each is named with its body
    and the bodies differ (a department's “三公”经费 beside the aggregate of all departments), or one is named
    with a body other than the report's own (“其中:市教育局“三公”经费20万元”); None when one is named with a
    body and the report's own is not known (perhaps the same figure: a warning at most); False otherwise."""
    x, y = _owner(a), _owner(b)
    if x and y:
        return not _same_body(x, y)
    named = x or y
    if not named:
        return False
    if not dept:
        return None
    return not _same_body(named, dept)


def _stated_for_another_year(a: Amount, year: int | None) -> bool:
    """Whether ``a`` is stated for a year other than the report's, by its sentence or its own clause."""
    return _other_years_sentence(a.sentence.text, year) or _other_years_clause(a, year)


def _other_years_sentence(text: str, year: int | None) -> bool:
    """A sentence that opens with a year other than the report's labels that year's figures."""
    m = _OPENING_YEAR.match(text.strip())
    return year is not None and m is not None and int(m.group(1)) != year


# a sentence stating last year's figures as its subject, maybe after a run-in title: “…支出情况:上年度“三公”
# 经费支出24.67万元,其中公务用车运行维护费15.48万元…” (not “比上年…”, “上年同期”)
_PRIOR_OPENING = re.compile(r"^(?:[^，,。；;：:\d]{0,16}[：:])?\s*(?:上年度|上一年度|上年)(?!同期)")


def _years_apart(text: str, other: str) -> bool:
    """Two sentences opening with different years (“2010年…预算中,…1229.65万元” and “2011年…预算中,…1205.06
    万元”) state those years' figures, whatever year the report is."""
    m, n = _OPENING_YEAR.match(text.strip()), _OPENING_YEAR.match(other.strip())
    return m is not None and n is not None and m.group(1) != n.group(1)


_CLAUSE_YEAR = re.compile(r"(?<![比较与同\d])(20\d\d)年度?(?!\d{1,2}月)")


def _clause_years(a: Amount) -> set[int]:
    """The years named in a figure's own clause before it (not in a comparison, nor a date)."""
    clause = next(
        (c for c in a.sentence.clauses if c.start <= a.mention.start <= c.start + len(c.text)), None
    )
    if clause is None:
        return set()
    return {int(m.group(1)) for m in _CLAUSE_YEAR.finditer(a.sentence.text[clause.start : a.mention.start])}


def _other_years_clause(a: Amount, year: int | None) -> bool:
    """A figure whose own clause names a year other than the report's before it labels that year's figure:
    “据了解,2013年中央“三公”经费合计70.15亿元,2014年为58.8亿元” in a 2015 report (not a comparison,
    “比2014年增加”, nor a date)."""
    return year is not None and any(y != year for y in _clause_years(a))


def _text_to_table_key(ctx: Context, a: Amount) -> str:
    key = a.key
    if a.role == "budget" and not key.startswith("sangong."):
        return ""  # the tables hold no budgets (except the “三公” table)
    if key.startswith("gpb.class."):
        code = resolve_class(key[len("gpb.class.") :], ctx.year or 0)[0]
        return f"gpb.class.code.{code}" if code else ""
    if key.startswith("gpb.item."):
        codes, _ = resolve_path_text(key[len("gpb.item.") :], ctx.year or 0)
        return f"gpb.item.code.{codes[-1]}" if codes and len(codes[-1]) == 7 else ""
    if key.startswith("sangong."):
        return f"{key}@{'budget' if a.role == 'budget' else 'actual'}"
    if a.role == "budget":
        return ""
    return key


@audit_rule("A011")
def text_vs_table(ctx: Context) -> Iterable[Hit]:
    done: set[tuple[int, str]] = set()
    for a in ctx.facts.amounts:
        if not _comparable(a.key) or a.sentence.paragraph.part == "glossary":
            continue
        tkey = _text_to_table_key(ctx, a)
        fact = ctx.tfacts.get(tkey)
        if fact is None:
            continue
        num = fact.value
        if around(a.value, a.decimals).intersects(around(num.value, num.decimals)):
            continue
        if (a.sentence.index, tkey) in done:
            continue
        done.add((a.sentence.index, tkey))
        yield Hit(
            quoted(a.label),
            a.mention.raw,
            f"{fact.label}为{format_fixed(num.value, num.decimals)}万元（{num.where.describe()}）",
            quote_of(a.sentence, a.mention),
            [a.sentence.where, num.where],
            keys=[a.key, tkey],
        )


# --- shares ---------------------------------------------------------------------------------------------


def _doc_amount(ctx: Context, key: str, sentence: Sentence | None = None) -> tuple[Decimal, int, str] | None:
    if sentence is not None:
        for a in ctx.facts.amounts:
            if a.sentence is sentence and a.key == key and a.role in ("current", "actual"):
                return a.value, a.decimals, a.mention.raw
    first = ctx.facts.first_value(key)
    if first is not None:
        return first.value, first.decimals, first.mention.raw
    fact = ctx.tfacts.get(key)
    if fact is not None:
        return (
            fact.value.value,
            fact.value.decimals,
            format_fixed(fact.value.value, fact.value.decimals) + "万元",
        )
    return None


_VERB_AFTER_LABEL = re.compile(r"(?:累计|完成|实现|共计|合计|为|是|达)+$")
# what may stand before a base's own name in its figure's label: its scope (“地方”, “全区”, “区本级”), and
# the verb said before the name (“全区完成一般公共预算支出251.45亿元”)
_SCOPE_BEFORE_LABEL = re.compile(
    r"(?:20\d\d年度?)?(?:地方|[全我本][国省市区县镇乡]|本级|[省市区县]本级)?(?:累计)?(?:完成|实现)?"
)
# the gross domestic product, by its three names
_GDP = re.compile(r"GDP|(?:地区|国内)?生产总值")
_GDP_NAMES = ("地区生产总值", "国内生产总值", "GDP")
# the word for “the whole amount” after a base's name (“占一般公共预算支出总量的83%”): the figure itself
_WHOLE_WORD = re.compile(r"(?<=.{4})(?:总量|总额|总规模)$")


def _scoped_name_of(label: str, name: str) -> bool:
    """Whether ``label``, without the verb after it, is ``name`` with at most its scope before it."""
    core = _VERB_AFTER_LABEL.sub("", label)
    name = _WHOLE_WORD.sub("", name)
    return core.endswith(name) and _SCOPE_BEFORE_LABEL.fullmatch(core[: -len(name)]) is not None


def _share_base(ctx: Context, share: Share) -> tuple[Decimal, int, str, str] | None:
    """(value, decimals, shown, label) of the base of a share."""
    if share.base is not None:  # bound by the facts: named, or the list's head of the same kind
        b = share.base
        return b.value, b.decimals, b.mention.raw, share.base_label or b.label
    if share.base_key:
        found = _doc_amount(ctx, share.base_key, share.sentence)
        if found:
            return (*found, share.base_label)
    if share.base_label:
        # “2016年度总收入27,664.71万元 … 占总收入的35.39%”: the one figure stated under the base's very name;
        # a base named in words that no stated figure is bound to is not checkable
        named = {
            a.value: a
            for a in ctx.facts.amounts
            if a.label == share.base_label and a.role in ("current", "actual") and a is not share.amount
        }
        # “占GDP的比重为11.46%”: the GDP is stated as 地区生产总值 (or 国内生产总值)
        names = _GDP_NAMES if _GDP.fullmatch(share.base_label) else (share.base_label,)
        if not named and (len(share.base_label) >= 4 or len(names) > 1):
            # “地方一般公共预算收入完成28,583万元(自然口径),…,占一般公共预算收入的48.51%”: the base named
            # as the end of a figure's label, without its verb
            named = {
                a.value: a
                for a in ctx.facts.amounts
                if a.role in ("current", "actual")
                and a is not share.amount
                and a.sentence.paragraph is share.sentence.paragraph
                and (a.sentence.index, a.mention.start) < (share.sentence.index, share.pct.start)
                and any(_scoped_name_of(a.label, name) for name in names)
            }
        if len(named) == 1:
            b = next(iter(named.values()))
            return b.value, b.decimals, b.mention.raw, share.base_label
        head = _head_the_peers_fit(ctx, share) or _executed_head(ctx, share) if not named else None
        if head is not None:
            return head.value, head.decimals, head.mention.raw, share.base_label
        return None
    group = share.group
    if (
        group is not None
        and group.head is not None
        and group.head is not share.amount
        and (not group.named or adds_up(group))
    ):
        h = group.head
        return h.value, h.decimals, h.mention.raw, h.label
    in_sentence = [a for a in ctx.facts.amounts if a.sentence is share.sentence]
    shared = {id(s.amount) for s in ctx.facts.shares if s.sentence is share.sentence}
    if (
        in_sentence
        and not share.base_label
        and in_sentence[0] is not share.amount
        and in_sentence[0].key in HEAD_KEYS
        and id(in_sentence[0]) not in shared
        and (in_sentence[0].role == "budget") == (share.amount.role == "budget")
    ):
        h = in_sentence[0]
        return h.value, h.decimals, h.mention.raw, h.label
    first = share.sentence.clauses[0]
    if all(m.kind == "year" for m in first.mentions):  # “…2023年度…“三公”经费支出决算中，”
        label = re.sub(r"(决算)?中$", "", first.text)
        key = subject_key(label)
        if key:
            found = _doc_amount(ctx, key)
            if found:
                return (*found, label)
    return None


#: the label of a figure that names no subject, only its execution (“实际完成443849万元”)
_EXECUTION_ONLY = re.compile(r"(?:执行中|实际|全年)?(?:累计)?(?:完成|实现|执行数?)(?:数)?(?:为|是)?")


def _executed_head(ctx: Context, share: Share) -> Amount | None:
    """The head of a share's list as the base it names, when the head names no subject but its execution and
    its sentence states the budget of that very base before it (“一般公共预算支出预算为412362万元,执行过程中,
    …,实际完成443849万元。其中:…民生支出完成341964万元,占一般公共预算支出的77.05%”)."""
    group = share.group
    head = group.head if group is not None else None
    if head is None or head is share.amount or not _EXECUTION_ONLY.fullmatch(head.label):
        return None
    if (head.role == "budget") != (share.amount.role == "budget"):
        return None
    budgets = [
        a
        for a in ctx.facts.amounts
        if a.sentence is head.sentence
        and a.role == "budget"
        and a.mention.start < head.mention.start
        and _scoped_name_of(a.label, share.base_label)
    ]
    return head if budgets else None


#: a base named as the whole of a side: “总支出”, “收入总额” (the 本年 figure or the 总计: the text does not
#: say)
_WHOLE_OF_A_SIDE = re.compile(r"总(?:收入|支出)|(?:收入|支出)(?:总额|合计)")


def _head_the_peers_fit(ctx: Context, share: Share) -> Amount | None:
    """The head of a share's list as the base it names in words no figure is stated under (“2016年度支出合计
    628万元,其中:基本支出230万元,占总支出的37%;项目支出398万元,占总支出的63%”): when the head states no
    share of that base itself (“本年收入合计521.49万元,占总收入99.90%,…”: then it is not the whole) and the
    list's other shares of it, above zero, all fit the head — two of them, or one when the base names the
    whole of a side."""
    group = share.group
    if group is None or group.head is None or group.head is share.amount:
        return None
    head = group.head
    if (head.role == "budget") != (share.amount.role == "budget") or head.value <= 0:
        return None
    named_alike = [s for s in ctx.facts.shares if s.base_label == share.base_label]
    if any(s.amount is head for s in named_alike):
        return None
    peers = [
        s for s in group.shares if s is not share and s.base_label == share.base_label and s.amount.value
    ]
    needed = 1 if _WHOLE_OF_A_SIDE.fullmatch(share.base_label) else 2
    if len(peers) < needed:
        return None
    for s in peers:
        rng = ratio_range(s.amount.value, s.amount.decimals, head.value, head.decimals)
        if rng is None or not rng.intersects(around(s.pct.value, s.pct.decimals)):
            return None
    return head


def _group_sum_is_100(shares: list[Share]) -> bool:
    return sum((s.pct.value for s in shares), ZERO) == HUNDRED


def _sentence_shares(ctx: Context, share: Share) -> list[Share]:
    return [s for s in ctx.facts.shares if s.sentence is share.sentence]


def _share_checks(ctx: Context) -> list[tuple[Share, Hit, bool]]:
    """Every share that does not match its recomputed value: (share, hit, flagged), where flagged means a
    real mismatch (not a zero base, not a largest-remainder 尾差). Computed once per context
    (``ctx.derived``): A012 reports the hits, A013 skips the groups with a flagged share."""
    out: list[tuple[Share, Hit, bool]] = []
    unbound = []
    for share in ctx.facts.shares:
        a = share.amount
        base = _share_base(ctx, share)
        if base is None:
            unbound.append(share)
            continue
        if _narrower_than(a.label, base[3]):
            continue
        bval, bdec = base[0], base[1]
        pct = share.pct
        printed = around(pct.value, pct.decimals)
        if a.value == 0:
            if pct.value != 0:
                out.append((share, _share_hit(share, base, "0.00%"), False))
            continue
        rng = ratio_range(a.value, a.decimals, bval, bdec)
        if rng is None:
            if bval == 0 and pct.value != 0:
                out.append((share, _share_hit(share, base, "无法计算（基数为0）"), False))
            continue
        if rng.intersects(printed):
            continue
        exact = a.value / bval * HUNDRED
        peers = [s for s in _sentence_shares(ctx, share)]
        if _base_in_doubt(peers, bval, bdec):
            continue  # the shares fit their parts' own sum: the whole is the figure off (A020 says so)
        lr = (
            abs(pct.value - exact) <= LR_STEP + half_unit(pct.decimals)
            and _group_sum_is_100(peers)
            and len(peers) > 1
        )
        # one unit off in a set of shares of the same named base, stated apart, that adds up to 100%: a
        # rounding remainder pushed onto this share (“占总收入的35.39%” for 35.3805%), a warning
        pushed = (
            not lr
            and abs(pct.value - exact) <= LR_STEP + half_unit(pct.decimals)
            and bool(share.base_label)
            and _group_sum_is_100(
                list(
                    {
                        (s.amount.value, s.pct.value): s
                        for s in ctx.facts.shares
                        if s.base_label == share.base_label
                    }.values()
                )
            )
        )
        severity: Severity | None = "info" if lr else "warning" if pushed else None
        expected = format_fixed(exact) + "%"
        if not lr and not pushed:
            expected += _amount_suspect(share, peers, bval, bdec, base[2])
        out.append((share, _share_hit(share, base, expected, severity), not lr))
    out.extend((share, hit, True) for share, hit in _off_the_implied_base(unbound))
    return out


# a share said to be about so much (“约占”, “近”, “超过”, “以上”, “左右”): no exact figure
_ROUGH_BEFORE = re.compile(r"(?:约|近|超过?|逾|达)$")
_ROUGH_AFTER = re.compile(r"^(?:左右|以上|多|强|弱)")


def _implied_base(share: Share) -> Interval | None:
    """The base a share implies: its amount over its percentage, each over its printed range."""
    a, p = around(share.amount.value, share.amount.decimals), around(share.pct.value, share.pct.decimals)
    text = share.sentence.text
    if (
        a.lo <= 0
        or p.lo <= 0
        or _ROUGH_BEFORE.search(text[: share.pct.start])
        or _ROUGH_AFTER.match(text[share.pct.end :])
    ):
        return None
    return Interval(a.lo / p.hi * HUNDRED, a.hi / p.lo * HUNDRED)


def _meet(ranges: list[Interval]) -> Interval | None:
    lo, hi = max(r.lo for r in ranges), min(r.hi for r in ranges)
    return Interval(lo, hi) if lo <= hi else None


def _off_the_implied_base(unbound: list[Share]) -> Iterable[tuple[Share, Hit]]:
    """Shares of one base no figure is stated for, in one sentence (“本年收入合计521.49万元,占总收入99.90%,
    包括财政拨款收入494.34万元…,占94.70%;…其他收入27.14万元,占5.02%”): each implies the base (its amount over
    its percentage); when all but one agree on it and that one alone does not, that share is off (a warning:
    the base is inferred). Only a base named alike (the same words, or none) is one base; a list whose shares
    are of bases nested in one another (“…,其中…占…”) is not judged without a name. A base named is one
    base throughout its paragraph."""
    by_base: dict[tuple[int, str], list[tuple[Share, Interval]]] = {}
    for share in unbound:
        implied = _implied_base(share)
        if implied is not None and not _OWN_KIND_BASE.match(share.base_label):
            # a base named is one base throughout its paragraph (“…占总收入0.06%。事业基金弥补收支差额17.03
            # 万元,占总收入0.18%。”); one left unnamed, only within its sentence
            where = id(share.sentence.paragraph) if share.base_label else id(share.sentence)
            by_base.setdefault((where, share.base_label), []).append((share, implied))
    for (_index, label), members in by_base.items():
        if len(members) < 3 or _meet([r for _s, r in members]) is not None:
            continue
        off = [
            k
            for k in range(len(members))
            if (rest := _meet([r for j, (_s, r) in enumerate(members) if j != k])) is not None
            and not rest.intersects(members[k][1])
        ]
        if len(off) != 1:
            continue
        share, _implied = members[off[0]]
        rest = _meet([r for j, (_s, r) in enumerate(members) if j != off[0]])
        assert rest is not None
        sent = share.sentence
        first = min(s.amount.mention.start for s, _r in members)  # (unnamed: all in one sentence)
        if not label and re.search(r"其中|包括|含", sent.text[first : share.pct.start]):
            continue  # unnamed, a list within the list may have a base of its own
        base = (rest.lo + rest.hi) / 2
        unit = share.amount.mention.unit if share.amount.mention.unit in UNIT_SCALE else "万元"
        places = max(0, share.amount.decimals - UNIT_SHIFT[unit])
        shown = format_fixed(base / UNIT_SCALE[unit], places) + unit
        exact = share.amount.value / base * HUNDRED
        peers = "、".join(s.pct.raw for j, (s, _r) in enumerate(members) if j != off[0])
        yield (
            share,
            Hit(
                f"{quoted(share.amount.label)}占{label or '合计'}的比例",
                share.pct.raw,
                f"{'同段' if label else '同句'}其余各项占比（{peers}）按各自金额推算的{label or '基数'}一致"
                + f"（约{shown}）"
                + f"，按{share.amount.mention.raw}计算应约为{format_fixed(exact)}%",
                quote_of(sent, share.pct),
                [sent.where],
                severity="warning",
                keys=[share.amount.key, "share"],
            ),
        )


def _base_in_doubt(peers: list[Share], bval: Decimal, bdec: int) -> bool:
    """Whether a list's shares add up to 100% and each fits its amount over the sum of the list's amounts,
    while that sum is not the base stated (“在支出合计218.78亿元中,基本支出188.89亿元,占90.66%;项目支出19.45
    亿元,占9.34%”: 188.89 + 19.45 = 208.34): the stated whole is the figure in doubt, not the shares."""
    if sum(1 for p in peers if p.amount.value) < 2 or not _group_sum_is_100(peers):
        return False  # (one part of all 100%: its amount or the whole may be off, see _amount_suspect)
    parts = sum((p.amount.value for p in peers), ZERO)
    places = max(p.amount.decimals for p in peers)
    envelope = half_unit(bdec) + sum((half_unit(p.amount.decimals) for p in peers), ZERO)
    if parts <= 0 or abs(parts - bval) <= envelope:
        return False
    return all(
        (rng := ratio_range(p.amount.value, p.amount.decimals, parts, places)) is not None
        and rng.intersects(around(p.pct.value, p.pct.decimals))
        for p in peers
    )


def _narrower_than(part: str, base: str) -> bool:
    """Whether a part is of a narrower scope than the whole it would be a share of: “中央本级…的支出
    276.65亿元,占比96.63%” after “全国彩票公益金支出795.51亿元” is a share of the 中央本级 spending, not of
    the 全国."""
    return "本级" in part and "本级" not in base and re.search(r"全[国省市县区]|地方", base) is not None


def _amount_suspect(share: Share, peers: list[Share], bval: Decimal, bdec: int, bshown: str) -> str:
    """When the other shares of the list fit their amounts, the shares add up to 100% and the base less the
    other amounts fits this share, the amount is the figure in doubt, not the share (“基本支出768.88万元,占
    87.35%;项目支出11.33万元,占12.65%” of 880.20: 880.20 − 768.88 = 111.32 is 12.65%): said so."""
    others = [s for s in peers if s is not share]
    if not others or not _group_sum_is_100(peers):
        return ""
    for s in others:
        rng = ratio_range(s.amount.value, s.amount.decimals, bval, bdec)
        if rng is None or not rng.intersects(around(s.pct.value, s.pct.decimals)):
            return ""
    rest = bval - sum((s.amount.value for s in others), ZERO)
    places = max([bdec, *(s.amount.decimals for s in others)])
    envelope = half_unit(bdec) + sum((half_unit(s.amount.decimals) for s in peers), ZERO)
    if abs(rest - share.amount.value) <= envelope:
        return ""  # the amounts add up to the base within their rounding: a 尾差, no figure in doubt
    rng = ratio_range(rest, places, bval, bdec)
    if rest <= 0 or rng is None or not rng.intersects(around(share.pct.value, share.pct.decimals)):
        return ""
    shown = format_fixed(rest, max(places, 0))
    return (
        f"；其余各项金额与占比相符、占比合计为100%，而{bshown}减其余各项为{shown}万元，恰占{share.pct.raw}，"
        f"疑金额“{share.amount.mention.raw}”有误"
    )


def _flagged_shares(ctx: Context) -> set[int]:
    return {id(share) for share, _hit, flagged in ctx.derived(_share_checks) if flagged}


@audit_rule("A012")
def shares(ctx: Context) -> Iterable[Hit]:
    for _share, hit, _flagged in ctx.derived(_share_checks):
        yield hit
    for _shares, total_pct, _allowed, base, off in ctx.derived(_sums_off):
        if base is None:  # then none is known to be off
            continue
        for s in off:
            # within its envelope alone, but the amounts add up to the base and the shares do not add up
            # to 100%: the share that differs from its rounded exact value is the one off
            exact = format_fixed(_rounded_share(s, base[0]), max(s.pct.decimals, 0)) + "%"
            yield _share_hit(
                s, base, f"{exact}（各项金额合计等于基数，各项占比合计为{format_fixed(total_pct)}%）"
            )


def _share_hit(share: Share, base, expected_pct: str, severity: Severity | None = None) -> Hit:
    _bval, _bdec, bshown, blabel = base
    a = share.amount
    how = f"按{a.mention.raw}÷{bshown}计算应为{expected_pct}"
    if severity == "info":
        how += "，与精确值相差一个末位，且该组占比合计为100%，可视为尾差调整"
    elif severity == "warning":
        how += "，与精确值相差一个末位；各项占比合计为100%，似将四舍五入的尾差调整到此项"
    return Hit(
        f"{quoted(a.label)}占{blabel or '合计'}的比例",
        share.pct.raw,
        how,
        quote_of(share.sentence, share.pct),
        [share.sentence.where],
        severity=severity,
        keys=[a.key, "share"],
    )


# (shares, their total, the allowed deviation, the base as _share_base gives it, the shares off)
_SumOff = tuple[list[Share], Decimal, Decimal, tuple[Decimal, int, str, str] | None, list[Share]]


#: a base each figure has of its own: its own kind's whole (“占同类产品采购规模的90%”)
_OWN_KIND_BASE = re.compile(r"同类|本类|该类|各自|其所属")


def _sums_off(ctx: Context) -> list[_SumOff]:
    """The groups of shares whose sum is not 100% though they should be: (shares, total, allowed, base,
    off). When the amounts add up to the base each share is known, and ``off`` holds the shares that
    differ from their rounded exact value (when only some do, A012 names them and A013 is silent)."""
    flagged = _flagged_shares(ctx)
    out: list[_SumOff] = []
    by_sentence: dict[int, list[Share]] = {}
    for s in ctx.facts.shares:
        if s.group is not None or s.base_key == "":
            by_sentence.setdefault(s.sentence.index, []).append(s)
    for group_shares in by_sentence.values():
        # “本年收入合计521.49万元,占总收入99.90%,包括…占94.70%;…占5.20%”: the total's own share is not one
        # of its parts' shares
        heads = {id(s.group.head) for s in group_shares if s.group is not None and s.group.head is not None}
        parts_only = [s for s in group_shares if id(s.amount) not in heads]
        if len(parts_only) >= 2:
            group_shares = parts_only
        # “其中:本年收入1,396万元,占总收入100%,包括财政拨款收入…占83.64%;…占11.34%”: a share of 100% beside
        # two or more other shares of figures above zero is the whole restated, not one of its parts
        rest = [s for s in group_shares if s.pct.value != HUNDRED]
        if len(rest) < len(group_shares) and sum(1 for s in rest if s.amount.value) >= 2:
            group_shares = rest
        group_shares = _without_nested_heads(group_shares)
        if len(group_shares) < 2 or any(id(s) in flagged for s in group_shares):
            continue
        if len({s.base_key for s in group_shares}) > 1:
            continue
        if any(_OWN_KIND_BASE.match(s.base_label) for s in group_shares):
            continue  # “节能、节水产品633.7亿元,占同类产品采购规模的90%,…环保产品718.7亿元,占同类…的88%”
        amounts = [s.amount for s in group_shares]
        if any(a.value < 0 for a in amounts):
            continue
        total_pct = sum((s.pct.value for s in group_shares), ZERO)
        nonzero = [s for s in group_shares if s.amount.value != 0]
        if not nonzero:
            continue
        base = _share_base(ctx, group_shares[0])
        slack = ZERO
        if base is not None:
            parts = sum((a.value for a in amounts), ZERO)
            bval, bdec = base[0], base[1]
            envelope = half_unit(bdec) + sum((half_unit(a.decimals) for a in amounts), ZERO)
            gap = abs(bval - parts)
            if gap > envelope:
                continue  # the list is not the whole: its shares need not add up to 100%
            slack = gap / bval * HUNDRED if bval else ZERO
        allowed = half_unit(max(s.pct.decimals for s in nonzero)) * len(nonzero) + slack
        if abs(total_pct - HUNDRED) < allowed or total_pct == HUNDRED:
            continue
        if base is None and total_pct < HUNDRED:
            continue  # without a base the list may be part of the whole; only more than 100% is certain
        off: list[Share] = []
        if base is not None and base[0]:
            # “占67.75%…占32.24%” of 7.69 = 5.21 + 2.48: 2.48 ÷ 7.69 = 32.2497% → 32.25% is the one off
            off = [s for s in nonzero if _rounded_share(s, base[0]) != s.pct.value]
            if len(off) == len(nonzero):
                off = []
        out.append((group_shares, total_pct, allowed, base, off))
    return out


def _without_nested_heads(shares: list[Share]) -> list[Share]:
    """The shares without those of a figure whose parts follow it in the same list: “其中:本年收入9082.61万元,
    占总收入93.52%,包括财政拨款收入9018.61万元,占总收入92.86%;…0.60%;…0.06%” — 93.52% is the sum of the
    shares after it, and 9,082.61 the sum of their figures (within rounding): a head, not a sibling."""
    ordered = sorted(shares, key=lambda s: (s.sentence.index, s.amount.mention.start))
    heads: set[int] = set()
    for k, head in enumerate(ordered):
        pct = amount = ZERO
        pct_slack = half_unit(head.pct.decimals)
        amount_slack = half_unit(head.amount.decimals)
        for n, part in enumerate(ordered[k + 1 :], start=1):
            pct += part.pct.value
            amount += part.amount.value
            pct_slack += half_unit(part.pct.decimals)
            amount_slack += half_unit(part.amount.decimals)
            if (
                n >= 2
                and head.amount.value
                and amount
                and (
                    abs(pct - head.pct.value) <= pct_slack and abs(amount - head.amount.value) <= amount_slack
                )
            ):
                heads.add(id(head))
                break
            if amount > head.amount.value + amount_slack:
                break
    return [s for s in shares if id(s) not in heads] if heads else shares


def _rounded_share(s: Share, base: Decimal) -> Decimal:
    return (s.amount.value / base * HUNDRED).quantize(
        Decimal(1).scaleb(-max(s.pct.decimals, 0)), rounding=ROUND_HALF_UP
    )


#: An entry kind of a 部门决算填报说明's 报表类型说明 (“(1)单户录入 1 户,其中含单位 1 个,占单位总数的100%”,
#: “2)行政单位汇总录入 1 户,…”, then 事业, 经费自理 and 其他 units' 汇总录入): each unit is entered once.
_ENTRY_KIND = re.compile(
    r"录入(\d+)户[，,]其中含单位(\d+)个[，,]占单位总数的(?:比[重例]为?)?(\d+(?:\.\d+)?)%"
)


def _entry_kind_shares(ctx: Context) -> Iterable[Hit]:
    """The entry kinds of a 填报说明 (单户录入 and the 汇总录入 of each kind of unit) are exclusive, so their
    shares of the 单位总数 add up to at most 100% (beyond the rounding of the shares: a warning)."""
    for sent in ctx.facts.sentences:
        found = list(_ENTRY_KIND.finditer(sent.text))
        if len(found) < 2:
            continue
        shares = [Decimal(m.group(3)) for m in found]
        allowed = sum((half_unit(decimals_of(Decimal(m.group(3)))) for m in found), ZERO)
        if sum(shares, ZERO) <= HUNDRED + allowed:
            continue
        # the entry that takes the shares past 100%, from its numbering on
        over = next(k for k in range(len(found)) if sum(shares[: k + 1], ZERO) > HUNDRED + allowed)
        start = max(sent.text.rfind(x, 0, found[over].start()) for x in "；;，,。") + 1
        numbered = list(re.finditer(r"[（(]?\d[)）]", sent.text[start : found[over].start()]))
        if numbered:  # a form run into one line: “…增减变动原因说明2)行政单位汇总录入…”
            start += numbered[-1].start()
        yield Hit(
            "各录入方式占单位总数的比例",
            format_fixed(sum(shares, ZERO), 0) + "%",
            "单户录入与各类单位汇总录入互不重叠，合计不应超过100%",
            sent.original(start, found[over].end()),
            [sent.where],
            severity="warning",
            keys=["entry-kinds", str(sent.index)],
        )


def _basic_and_project_shares(ctx: Context) -> Iterable[Hit]:
    """基本支出 and 项目支出 are the whole of a spending figure: their shares of the one base both name,
    stated in two items (“1. 基本支出预算2476260.58元,占一般公共预算支出的84.06%…” / “2. 项目支出469500元,
    占一般公共预算支出的19.62%”), add up to 100% within the shares' rounding. The text's first pair only; a
    warning."""
    first: dict[str, Share] = {}
    for share in ctx.facts.shares:
        kind = share.amount.key.removeprefix("?>")
        if kind in ("expenditure.basic", "expenditure.project") and share.base_label and kind not in first:
            first[kind] = share
    if len(first) < 2:
        return
    basic, project = first["expenditure.basic"], first["expenditure.project"]
    if (
        basic.base_label != project.base_label
        or basic.sentence is project.sentence  # one sentence's shares: checked with their list
    ):
        return
    total = basic.pct.value + project.pct.value
    allowed = half_unit(basic.pct.decimals) + half_unit(project.pct.decimals)
    if abs(total - HUNDRED) <= allowed:
        return
    yield Hit(
        f"基本支出与项目支出占{basic.base_label}的比例",
        format_fixed(total) + "%",
        f"基本支出与项目支出合为{basic.base_label}，两者占比合计应为100%（{basic.pct.raw}＋{project.pct.raw}）",
        quote_of(project.sentence, project.pct),
        [basic.sentence.where, project.sentence.where],
        severity="warning",
        keys=["basic-project-shares", basic.base_label],
    )


@audit_rule("A013")
def shares_sum(ctx: Context) -> Iterable[Hit]:
    yield from _entry_kind_shares(ctx)
    yield from _basic_and_project_shares(ctx)
    for group_shares, total_pct, allowed, _base, off in ctx.derived(_sums_off):
        if off:
            continue  # A012 names the shares that are off
        nonzero = [s for s in group_shares if s.amount.value != 0]
        first = group_shares[0]
        yield Hit(
            "各项占比",
            format_fixed(total_pct) + "%",
            f"所列各项金额合计等于基数，占比合计应为100.00%（{len(nonzero)}项非零，四舍五入最多相差±{format_fixed(allowed)}%）",
            quote_of(first.sentence),
            [first.sentence.where],
            keys=["shares", first.amount.key],
        )


# --- year-on-year changes ---------------------------------------------------------------------------------


def _change_range(cur: Decimal, cd: int, delta: Decimal, dd: int, sign: int) -> Interval | None:
    cur_range, delta_range = around(cur, cd), around(delta, dd)
    clo, chi = cur_range.lo, cur_range.hi
    dlo, dhi = delta_range.lo, delta_range.hi
    dlo = max(dlo, ZERO)
    if sign < 0:
        lo_den, hi_den = chi + dlo, clo + dhi
    else:
        lo_den, hi_den = chi - dlo, clo - dhi
    if lo_den <= 0 or hi_den <= 0:
        return None
    return Interval(dlo / lo_den * HUNDRED, dhi / hi_den * HUNDRED)


def _change_fits(c: Amount, d, p) -> tuple[bool, tuple[int, Decimal, Decimal | None] | None]:
    """Whether the change ``d``/``p`` fits the level ``c`` (a zero base fits: A018 reports it); else the
    nearest reading (sign, prior, exact rate; no rate when the prior would be below zero: “年初结转和结余
    134.56万元,较2019年增加149.44万元” cannot be a rise from −14.88)."""
    best: tuple[int, Decimal, Decimal | None] | None = None
    for sign in [d.sign] if d.sign else ([p.sign] if p.sign else [1, -1]):
        prior = c.value - sign * d.value
        slack = half_unit(c.decimals) + half_unit(d.decimals)
        if prior < -slack:
            best = (sign, prior, None)
            continue
        if prior <= slack:
            return True, None
        if sign == -1 and p.value - half_unit(p.decimals) > HUNDRED:
            # a fall of more than all of it, whatever the rounding (“公务接待费为0万元,较上年减少0.86万元,下降
            # 110%”)
            best = (sign, prior, d.value / prior * HUNDRED)
            continue
        rng = _change_range(c.value, c.decimals, d.value, d.decimals, sign)
        if rng is None or rng.intersects(around(p.value, p.decimals)):
            return True, None
        best = (sign, prior, d.value / prior * HUNDRED)
    return False, best


# a rate is judged truncated only when the printed amounts pin it to within this many units of its last
# printed digit: “增长2869%” on a prior of 16.36 (±0.01) may be anything from 2868% to 2872%
_TRUNCATION_SPAN = 3


def _truncated(c: Amount, d: Mention, p: Mention) -> tuple[Decimal, Decimal] | None:
    """(exact, rounded) when the printed rate ``p`` of the change ``d`` on the level ``c`` is the exact rate
    cut after its last digit where 四舍五入 gives the next one (“减少0.28万元,下降15%” on 1.52: 0.28 ÷ 1.80 =
    15.56% → 16%), and the printed amounts are precise enough to tell the two apart."""
    sign = d.sign or p.sign
    if not sign or d.value <= 0 or p.value < 0 or p.decimals < 0:
        return None
    prior = c.value - sign * d.value
    if prior <= 0:
        return None
    exact = d.value / prior * HUNDRED
    unit = Decimal(1).scaleb(-p.decimals)
    rounded = exact.quantize(unit, rounding=ROUND_HALF_UP)
    if rounded == p.value or exact.quantize(unit, rounding=ROUND_DOWN) != p.value:
        return None
    # “公务接待费支出117万元,较2014年相比增加13.63万元,增幅13.18%”: beside a change of two decimals a whole
    # level is written without its “.00” (as in the sums of A020), not rounded to the 万元
    cdec, ddec = c.decimals, d.decimals
    finest = max(cdec, ddec)
    if finest >= 2:
        cdec, ddec = cdec or finest, ddec or finest
    rng = _change_range(c.value, cdec, d.value, ddec, sign)
    if rng is None or rng.hi - rng.lo > _TRUNCATION_SPAN * unit:
        return None
    # “…12.99亿元,同比增加7843.92万元,增幅6.42%”: a level printed coarser than its change (±50万元 against
    # ±0.005万元) was rounded after the rate was worked out, and so were figures printed in 亿元 (“地方收入
    # 14.67亿元,增收2.17亿元,增长17.3%”: 2.165 / 12.505 = 17.31%): their rounding allows the rate printed
    coarse = None
    if cdec < ddec:
        coarse = _change_range(c.value, cdec, d.value, 12, sign)
    elif min(cdec, ddec) < 0:
        coarse = rng
    if coarse is not None and coarse.lo < p.value + unit / 2 and p.value - unit / 2 <= coarse.hi:
        return None
    return exact, rounded


def versus(ch: Change) -> str:
    """What a change is measured against, in words (“与上年相比”, “与预算数相比”; “（未说明比较基数）”)."""
    if ch.base_unsaid:
        return "（未说明比较基数）"
    return "与预算数相比" if ch.basis == "budget" else "与上年相比"


def _level_of(ctx: Context, ch: Change) -> Amount | None:
    """The level a change is stated on: its own, or — for a change repeated without it (“其中：因公出国
    （境）费支出决算减少30.31万元，下降36.75%”) — that of a change of the same subject and amount stated
    beside it."""
    if ch.current is not None or ch.delta is None:
        return ch.current
    same = {
        id(o.current): o.current
        for o in ctx.facts.changes
        if o.current is not None
        and o.key == ch.key
        and o.delta is not None
        and o.delta.value == ch.delta.value
        and o.delta.sign == ch.delta.sign
    }
    return next(iter(same.values())) if len(same) == 1 else None


def _truncated_rates(ctx: Context) -> Iterable[Hit]:
    for ch in ctx.facts.changes:
        c = _level_of(ctx, ch)
        if ch.delta is None or ch.pct is None or c is None:
            continue
        d = yuan_change_slip(ch) or ch.delta
        if not _change_fits(c, d, ch.pct)[0]:
            continue  # reported as a wrong rate
        cut = _truncated(c, d, ch.pct)
        if cut is None:
            continue
        exact, rounded = cut
        sign = d.sign or ch.pct.sign or 1
        base = in_units(c.value - sign * d.value, max(c.decimals, d.decimals), c.mention.raw, d.raw)
        yield Hit(
            f"{quoted(_named(ch.label or c.label, c))}的增减率",
            ch.pct.raw,
            f"按{d.raw}÷{base}（{c.mention.raw}{'+' if sign < 0 else '−'}{d.raw}）计算为"
            f"{format_measured(exact, 4)}%，四舍五入应为{rounded}%，所列数系截尾而非四舍五入",
            quote_of(ch.sentence, ch.pct),
            [ch.sentence.where],
            severity="warning",
            keys=[ch.key, "change", "truncated"],
        )


# “如果剔除这一因素,…“三公”经费仍然减少了933.78万元,下降了16.64%”: the change restated without a factor
_ADJUSTED = re.compile(r"(?:剔除|扣除|除去|排除|不考虑)[^。；;]{0,24}?(?:因素|影响|后)")


def _restated_change(sent: Sentence) -> tuple[Mention, Mention] | None:
    """The (amount, rate) of the one change a sentence restates after removing a factor: an amount with a
    direction word and the rate of the same direction right after it, no level beside them."""
    mentions = [m for c in sent.clauses for m in c.mentions]
    for k, m in enumerate(mentions[:-1]):
        p = mentions[k + 1]
        if m.kind == "amount" and m.sign and p.kind == "percent" and p.sign == m.sign:
            others = [x for x in mentions if x.kind == "amount" and x is not m]
            return (m, p) if not others else None
    return None


def _adjusted_changes(ctx: Context) -> Iterable[Hit]:
    """A change restated with a factor removed (“剔除这一因素,…仍然减少了933.78万元,下降了16.64%”) after the
    subject's change on the prior year (“减少了1,276.52万元”, level 4,333.33) in the same paragraph: its rate
    is the restated amount over the prior year without the factor (level + restated amount) or, if the factor
    was this year's, over the prior year as stated (level + stated change). A rate that fits neither is a
    warning (which factor was removed the text may not say)."""
    last: Change | None = None
    # a change on the prior year with its amount and rate (not a part of it: “其中…减少了X”), by sentence
    by_sentence: dict[int, list[Change]] = {}
    for ch in ctx.facts.changes:
        if ch.current is not None and ch.delta and ch.pct:
            by_sentence.setdefault(id(ch.sentence), []).append(ch)
    for sent in ctx.facts.sentences:
        stated = by_sentence.get(id(sent), [])
        if stated:
            last = stated[-1]
            continue
        if last is None or last.sentence.paragraph is not sent.paragraph or not _ADJUSTED.search(sent.text):
            continue
        restated = _restated_change(sent)
        if restated is None or last.delta is None or last.current is None:
            continue
        d, p = restated
        c, whole = last.current, last.delta
        if d.sign != (whole.sign or d.sign) or d.value >= whole.value:
            continue
        sign = d.sign or 1
        bases = (c.value - sign * d.value, c.value - sign * whole.value)
        spans = (
            _change_range(c.value, c.decimals, d.value, d.decimals, sign),
            ratio_range(d.value, d.decimals, bases[1], max(c.decimals, whole.decimals)),
        )
        if any(r is None or r.intersects(around(p.value, p.decimals)) for r in spans):
            continue
        shown = [format_fixed(b, max(c.decimals, d.decimals)) for b in bases]
        rates = [format_fixed(d.value / b * HUNDRED, max(2, p.decimals)) for b in bases]
        yield Hit(
            f"{quoted((last.label or c.label).lstrip('的'))}剔除因素后的增减率",
            p.raw,
            f"按{d.raw}÷{shown[0]}万元（本年{c.mention.raw}与剔除后的增减额）为{rates[0]}%，"
            f"按{d.raw}÷{shown[1]}万元（上年数未剔除）为{rates[1]}%，均不是{p.raw}",
            quote_of(sent, p),
            [sent.where, last.sentence.where],
            severity="warning",
            keys=[last.key, "change", "adjusted"],
        )
        last = None


#: A label that is only a word of quantity (“共1.2亿元”, “决算数2352万元”) names no subject.
_COMPARISON_WORD = re.compile(r"同比?|比|较|与")
_BARE_LABEL = re.compile(r"^(?:共|共计|合计|总计|计|为|达|决算数?|支出决算数?|支出)$")
#: Words that rank an item among others (“因公出国(境)次之,共1.2亿元”): not part of its name.
_RANKING = re.compile(r"(?:次之|其次|居次|最多|最少|最大|最小|最高|最低|降幅最大|增幅最大)$")


def _named(label: str, a: Amount) -> str:
    """How a message names a figure's subject: its label, or — when the label is only a word of quantity —
    the clause before it that names the subject (“分项看,…;因公出国(境)次之,共1.2亿元” → 因公出国(境)).
    A label that is only the comparison's word (“同” of “同比上年度增加…”) gives way to the figure's own."""
    if _COMPARISON_WORD.fullmatch(label.strip("“”")) and a.label:
        return a.label
    if not _BARE_LABEL.match(label.strip("“”")):
        return label
    clauses = a.sentence.clauses
    k = next((i for i, cl in enumerate(clauses) if cl.start <= a.mention.start <= cl.start + len(cl.text)), 0)
    if k and not clauses[k - 1].mentions:
        name = _RANKING.sub("", clauses[k - 1].text.strip("，,；;：: "))
        if 2 <= len(name) <= 16:
            return name
    return label


def _rates_on_stated_budgets(ctx: Context) -> Iterable[Hit]:
    """A rate against a budget stated beside it, with no amount of change (“2015年决算数2352万元,相比
    年初预算数6200万元下降62.1%”): the rate is (决算 − 预算) ÷ 预算, over the printed figures' rounding."""
    for ch in ctx.facts.changes:
        c, p = ch.current, ch.pct
        if ch.basis != "budget" or ch.delta is not None or c is None or p is None or not p.sign:
            continue
        budgets = [
            a
            for a in ctx.facts.amounts
            if a.sentence is ch.sentence and a.role == "budget" and c.mention.end <= a.mention.start < p.start
        ]
        if len(budgets) != 1 or budgets[0].value <= 0:
            continue
        b = budgets[0]
        gap = c.value - b.value
        rng = ratio_range(abs(gap), max(c.decimals, b.decimals), b.value, b.decimals)
        if rng is None or gap == 0:
            continue
        if (gap > 0) == (p.sign > 0) and rng.intersects(around(p.value, p.decimals)):
            continue
        exact = gap / b.value * HUNDRED
        yield Hit(
            f"{quoted(_named(ch.label or c.label, c))}与预算数相比的增减率",
            f"{p.direction}{p.raw}",
            f"决算数{c.mention.raw}、预算数{b.mention.raw}，应为{'增长' if gap > 0 else '下降'}"
            f"{format_fixed(abs(exact), max(2, p.decimals))}%",
            quote_of(ch.sentence, p),
            [ch.sentence.where],
            keys=[ch.key, "budget-rate"],
        )


# what a budget adjustment's figure is called beside its name: “本级支出预算为79.87亿元”, “基金调入调整12
# 亿元”, “补助下级支出调整为5.48亿元”
_ADJUSTED_NAME_TAIL = re.compile(r"(?:预算数?|调整后?|调整为|为)+$")
_ADJUSTING = ("调增", "调减")


def _adjustments_against_the_start(ctx: Context) -> Iterable[Hit]:
    """A budget adjustment stated as its new figure and the amount it rose or fell by (“(1)收入总计88.6亿元,
    调增4.14亿元”) against the figure of the same name stated before it (the 年初预算's “(1)收入总计84.53亿
    元”): the new figure less the adjustment must be that figure."""
    earlier: dict[str, Amount] = {}
    for a in ctx.facts.amounts:
        if a.role not in ("current", "actual", "budget"):
            continue
        sent = a.sentence
        name = _ADJUSTED_NAME_TAIL.sub("", re.sub(r"^[（(]?\d*[)）.、]?", "", a.label))
        following = next((m for m in sent.mentions if m.start > a.mention.start and m.kind == "amount"), None)
        between = sent.text[a.mention.end : following.start] if following is not None else ""
        if (
            following is not None
            and following.direction in _ADJUSTING
            and re.fullmatch(r"[，,]\s*(?:调增|调减)(?:了)?", between)
            and len(name) >= 3
            and name in earlier
        ):
            start = earlier[name]
            expected = a.value - following.sign * following.value  # type: ignore[operator]
            places = max(a.decimals, following.decimals, start.decimals)
            if not around(expected, max(a.decimals, following.decimals)).intersects(
                around(start.value, start.decimals)
            ):
                raws = [a.mention.raw, following.raw, start.mention.raw]
                yield Hit(
                    quoted(name) + "的调整额",
                    f"{following.direction}{following.raw}",
                    f"调整后为{a.mention.raw}，调整前（{start.sentence.where.describe()}）为"
                    f"{start.mention.raw}，应为{following.direction}"
                    f"{in_units(abs(a.value - start.value), places, *raws)}",
                    quote_of(sent, following),
                    [sent.where, start.sentence.where],
                    severity="warning",
                    keys=[name, "adjusted", str(sent.index)],
                )
        if following is None or following.direction not in _ADJUSTING:
            earlier[name] = a  # the figures are in the text's order: the last one stated before


#: an average yearly rate beside the whole change over the years it averages: “年均增长12.3%,2020年达到
#: 9410.76元,比2015年增长76.48%”
_AVERAGE_RATE = re.compile(
    r"年均(?:增长|增幅为?)(?P<avg>\d+(?:\.\d+)?)%[,，](?P<y1>20\d\d)年度?(?:达到|为)"
    r"(?:[^,，;；。]|(?<=\d)[,，](?=\d{3})){0,30}?[,，]"
    r"[比较](?P<y0>20\d\d)年度?(?:增长|增加)(?P<tot>\d+(?:\.\d+)?)%"
)


def _average_rates(ctx: Context) -> Iterable[Hit]:
    """An average yearly rate is the whole change's n-th root over the n years between the two years named:
    1.7648^(1/5) − 1 = 12.03%, not the 12.3% stated. Outside the rounding of both printed rates: a warning
    (an average may be figured otherwise, on a mean of yearly rates)."""
    for sent in ctx.facts.sentences:
        for m in _AVERAGE_RATE.finditer(sent.text) if "年均" in sent.text else ():
            years = int(m.group("y1")) - int(m.group("y0"))
            if not 2 <= years <= 20:
                continue
            avg, tot = Decimal(m.group("avg")), Decimal(m.group("tot"))
            whole = around(tot, decimals_of(tot))
            root = Decimal(1) / years
            low = ((1 + whole.lo / HUNDRED) ** root - 1) * HUNDRED
            high = ((1 + whole.hi / HUNDRED) ** root - 1) * HUNDRED
            if Interval(low, high).intersects(around(avg, decimals_of(avg))):
                continue
            exact = ((1 + tot / HUNDRED) ** root - 1) * HUNDRED
            stated = next((x for x in sent.mentions if x.start == m.start("avg")), None)
            yield Hit(
                "年均增长率",
                f"{m.group('avg')}%",
                f"{m.group('y0')}年至{m.group('y1')}年累计增长{m.group('tot')}%，按{years}年平均应为"
                f"{format_fixed(exact)}%",
                quote_of(sent, stated),
                [sent.where],
                severity="warning",
                keys=["average-rate", m.group("avg"), m.group("y1")],
            )


def _rates_on_stated_priors(ctx: Context) -> Iterable[Hit]:
    """A rate stated right after the prior figure it is measured on, with no change amount (“本年支出合计
    100万元,较上年80万元增长30%”): the level's change on that figure, within the rounding of all three."""
    for r in ctx.facts.prior_rates:
        if cut_by_the_page(ctx, r.sentence, r.pct):
            continue
        c, ref, p = r.level.mention, r.reference.mention, r.pct
        ratio = ratio_range(c.value, c.decimals, ref.value, ref.decimals)  # this year's ÷ the prior's, ×100
        if ratio is None:
            continue
        stated = (p.sign or 1) * p.value
        if ratio.lo - HUNDRED - half_unit(p.decimals) <= stated <= ratio.hi - HUNDRED + half_unit(p.decimals):
            continue
        exact = (c.value - ref.value) / ref.value * HUNDRED
        word = "增长" if exact > 0 else "下降" if exact < 0 else "持平，"
        yield Hit(
            f"{quoted(_named(r.level.label, r.level))}与上年相比的增减率",
            f"{p.direction}{p.raw}",
            f"本年{c.raw}、上年{ref.raw}，增减率应为{word}{format_fixed(abs(exact))}%",
            quote_of(r.sentence, p),
            [r.sentence.where],
            keys=[r.level.key, "prior-rate"],
        )


@audit_rule("A014")
def change_recomputed(ctx: Context) -> Iterable[Hit]:
    yield from _truncated_rates(ctx)
    yield from _rates_on_stated_priors(ctx)
    yield from _average_rates(ctx)
    yield from _rates_on_stated_budgets(ctx)
    yield from _adjusted_changes(ctx)
    yield from _adjustments_against_the_start(ctx)
    yield from table_changes(ctx)
    yield from spaced_row_changes(ctx)
    yield from _falls_beyond_the_whole(ctx)
    for ch in ctx.facts.changes:
        if ch.delta is None or ch.pct is None or ch.current is None:
            continue
        if cut_by_the_page(ctx, ch.sentence, ch.pct):
            continue
        d, p, c = ch.delta, ch.pct, ch.current
        d = yuan_change_slip(ch) or d  # a 元 slip (A025): the rate is judged on the 万元 reading
        if d.value == 0:
            if p.value != 0:
                yield Hit(
                    f"{quoted(_named(ch.label or c.label, c))}的增减",
                    f"增减额为0但增减率为{p.raw}",
                    "增减额为0时增减率应为0",
                    quote_of(ch.sentence, p),
                    [ch.sentence.where],
                    keys=[ch.key, "change"],
                )
            continue
        ok, best = _change_fits(c, d, p)
        if ok or best is None:
            continue
        severity: Severity | None = None
        # “收入总计3759.2万元,其中年初结转和结余1366.76万元,较2019年增加197.03万元,增加5.5%”: a change after a
        # 其中 item may be the head's; if it fits the head it is not wrong (a list printed a line an item and
        # flattened, “…其中,公务用车购置费 232万元 公务用车运行维护费 3139.9万元 比2016年减少1097.7万元,
        # 下降24.6%”, names the last item though the change is the head's), and if it fits neither, a change
        # with no subject of its own is uncertain (a warning); a head whose own change is stated before the
        # 其中 is not what a later change is of (“公务用车购置及运行维护费支出决算为2.02万元,…,比上年决算数
        # 减少0.33万元,下降14%,其中:…公务用车运行维护费支出决算为2.02万元,…减少0.33万元,下降14%”)
        changed = {id(o.current) for o in ctx.facts.changes if o is not ch and (o.delta or o.pct)}
        heads = [
            a
            for a in ctx.facts.amounts
            if a.sentence is ch.sentence
            and a.role in ("current", "actual")
            and a.mention.start < c.mention.start
            and "其中" in ch.sentence.text[a.mention.end : c.mention.start]
            and id(a) not in changed
        ]
        if any(_change_fits(a, d, p)[0] for a in heads):
            continue
        if heads and not ch.label:
            severity = "warning"
        sign, prior, exact = best
        word = "增加" if sign > 0 else "减少"
        shown_prior = in_units(prior, max(c.decimals, d.decimals), c.mention.raw, d.raw)
        base = "预算数" if ch.basis == "budget" else "上年"
        if ch.base_unsaid:
            # “占调整预算数115.8%,增支42991万元,增长10.3%”: whichever base is meant, it is the amount less the
            # change; which one the text does not say, so the finding is a warning
            base, severity = "比较基数（上年数或预算数）", "warning"
        yield Hit(
            f"{quoted(_named(ch.label or c.label, c))}{versus(ch)}",
            f"{word}{d.raw}、{'增长' if sign > 0 else '下降'}{p.raw}",
            f"本年为{c.mention.raw}（{c.sentence.where.describe()}），"
            + (
                f"{base}应为{shown_prior}，增减率应为{format_fixed(exact, max(2, p.decimals))}%"
                if exact is not None
                else f"{base}将为{shown_prior}，增加额大于本年数，不可能"
            ),
            quote_of(ch.sentence, p),
            [ch.sentence.where, c.sentence.where],
            severity=severity,
            keys=[ch.key, "change"],
        )
    on_budget = list(_budget_change_parts(ctx))
    told = {h.keys[0] for h in on_budget}
    # the items' changes on the budget against the total's, told once (a total's change on the budget is a
    # Change of its own too: “…3825万元,比预算数减少1188万元,下降23.70%”)
    by_items = [h for h in changes_vs_total(ctx) if not ("change-sum-budget" in h.keys and h.keys[0] in told)]
    # the sums those readers tell (any layout) are not told again for items read from numbered paragraphs
    elsewhere = {(h.keys[0], "budget") for h in on_budget} | {
        (h.keys[0], h.keys[1].removeprefix("change-sum-")) for h in by_items
    }
    parts_told = list(_change_parts(ctx, elsewhere))
    # a sum the keyed reader tells with its items listed is not told again from the 其中 sentence (“公车购置及
    # 运行维护费支出…减支198.79万元。其中:…减支869.02万元;…减支670.23万元”: one relation, one finding)
    by_prior = {h.keys[0] for h in by_items if h.keys[1] == "change-sum-prior"}
    yield from (h for h in parts_told if not (h.keys[1] == "change-sum" and h.keys[0] in by_prior))
    left = {ch.key for ch in ctx.facts.changes if ch.parts_apart and (ch.key, ch.basis) in elsewhere}
    yield from _implied_priors(ctx, {h.keys[0] for h in parts_told} | left)
    yield from on_budget
    yield from by_items
    yield from class_changes_vs_total(ctx)
    yield from _differences(ctx)


def _differences(ctx: Context) -> Iterable[Hit]:
    """A change stated beside both its figures is their difference: “总收入530.59万元，年初预算数为591.14万元
    ，减少59.55万元” is 60.55 less."""
    apart = _differences_stated_apart(ctx)
    for diff in [*ctx.facts.differences, *apart]:
        d, level, ref = diff.delta, diff.level, diff.reference
        exact = level.value - ref.value
        # “2016年预算8万元,2015年预算12.5万元;对比减少4.35万元”: beside decimals a whole number is exact
        finest = max(level.decimals, ref.decimals, d.decimals)
        envelope = sum((half_unit(x or finest) for x in (level.decimals, ref.decimals, d.decimals)), ZERO)
        stated = d.value if d.sign is None else d.sign * d.value
        if d.sign is None:
            if abs(abs(exact) - d.value) <= envelope:
                continue
        elif abs(stated - exact) <= envelope:
            continue
        if level.mention.unit == "元" != ref.mention.unit and abs(
            abs(level.value * UNIT_SCALE["亿元"] - ref.value) - d.value
        ) <= envelope + half_unit(level.decimals - 4):
            # “基本支出252.5元,较上年231.5万元,增加21万元”: 元 written for 万元 (A025), the change right
            continue
        what = "预算数" if diff.kind == "budget" else "上年数"
        word = "增加" if exact > 0 else "减少" if exact < 0 else "增减"
        places = max(level.decimals, ref.decimals, d.decimals, 0)
        # (two years' budgets set side by side: “2016年预算8万元,2015年预算12.5万元”)
        this, that = (
            ("决算数", what)
            if diff.kind == "budget"
            else ("本年预算数", "上年预算数")
            if level.role == "budget"
            else ("本年", what)
        )
        rate = next((ch.pct for ch in ctx.facts.changes if ch.delta is d and ch.pct is not None), None)
        where = [
            diff.sentence.where,
            *([level.sentence.where] if level.sentence is not diff.sentence else []),
        ]
        if (
            diff.kind == "prior"
            and rate is not None
            and abs(abs(exact) - d.value) > envelope  # (not a direction word against the figures)
            and _change_fits(level, d, rate)[0]
        ):
            # “…8万元,2015年预算12.5万元;对比减少4.35万元;减少率35.22%”: the change and its rate agree
            # with the level (4.35 ÷ 12.35 = 35.22%), so the figure set beside them is the one that differs
            implied = level.value - (d.sign or rate.sign or -1) * d.value
            yield Hit(
                f"{quoted(subject_of(level))}的{that}",
                ref.mention.raw,
                f"与{this}{level.mention.raw}、{d.direction}{d.raw}、{rate.direction}{rate.raw}不符，"
                f"按增减额和增减率应为{in_units(implied, places, level.mention.raw, ref.mention.raw, d.raw)}",
                quote_of(diff.sentence, ref.mention),
                where,
                severity="warning" if diff in apart else None,
                keys=[level.key, "difference"],
            )
            continue
        yield Hit(
            f"{quoted(subject_of(level))}与{what}相比的增减额",
            f"{d.direction}{d.raw}",
            f"{this}{level.mention.raw}、{that}{ref.mention.raw}，"
            f"应为{word}{in_units(abs(exact), places, level.mention.raw, ref.mention.raw, d.raw)}",
            quote_of(diff.sentence, d),
            where,
            severity="warning" if diff in apart else None,
            keys=[level.key, "difference"],
        )


def _differences_stated_apart(ctx: Context) -> list[Difference]:
    """A change stated in a sentence of its own (“2022年“三公"经费决算数相较于上年增加275.76万元”) when the
    text states the subject's figure once for the report year and once in a sentence opening with the
    prior year (“2021年的三公经费决算数合计为807.95万”): the change is their difference. Both figures are
    bound to the change by their subject only, so a gap is a warning."""
    if ctx.year is None:
        return []
    out: list[Difference] = []
    for ch in ctx.facts.changes:
        d = ch.delta
        if d is None or ch.current is not None or not ch.key or ch.key.startswith("?"):
            continue
        if ch.year not in (None, ctx.year - 1) or ch.parts or ch.basis != "prior":
            continue
        this_year: dict[Decimal, Amount] = {}
        prior: dict[Decimal, Amount] = {}
        scope = _scope_of(Amount(ch.key, ch.label, "current", d, ch.sentence))
        for a in ctx.facts.amounts:
            if a.key != ch.key or a.role not in ("current", "actual") or a.sentence is ch.sentence:
                continue
            if _scope_of(a) != scope:
                continue  # “2022年区直财政拨款资金安排“三公”经费决算数为736.40万元”: a part of the whole
            opening = _OPENING_YEAR.match(a.sentence.text.strip())
            year = int(opening.group(1)) if opening else ctx.year
            if year == ctx.year:
                this_year.setdefault(a.value, a)
            elif year == ctx.year - 1:
                prior.setdefault(a.value, a)
        if len(this_year) == 1 and len(prior) == 1:
            (level,), (ref,) = this_year.values(), prior.values()
            out.append(Difference(d, level, ref, "prior", ch.sentence))
    return out


_BUDGET_IDENTITIES = ("sangong.total", "sangong.car")
#: a year opening a clause (“以2020年为例,…”, “…。2019年“三公”经费…”)
_YEAR_OPENING_A_CLAUSE = re.compile(r"(?:^|[。；;，,：:])\s*(?:以|从|在)?(20\d\d)年")


def _of_other_years(ctx: Context, total: Sentence, items: list[Sentence]) -> bool:
    """Whether the items' changes are stated for another year than the total's (“以2020年为例,实际支出1.78亿
    元,…。因公出国(境)费0.02亿元,比预算减少0.38亿元;…。2019年“三公”经费执行支出2.52亿元,比预算减少1.08亿元”)."""
    said = _spoken_year(ctx, total)
    return said is not None and any(_spoken_year(ctx, s) not in (None, said) for s in items)


def _spoken_year(ctx: Context, sent: Sentence) -> int | None:
    """The year a sentence speaks of: the year opening it, else the last year opening a clause of an
    earlier sentence of its paragraph; None when none is named."""
    own = _OPENING_YEAR.match(sent.text.strip())
    if own:
        return int(own.group(1))
    for before in reversed(ctx.facts.sentences[: sent.index]):
        if before.paragraph is not sent.paragraph:
            break
        years = _YEAR_OPENING_A_CLAUSE.findall(before.text)
        if years:
            return int(years[-1])
    return None


def _budget_change_parts(ctx: Context) -> Iterable[Hit]:
    """The “三公” items' changes against their budgets add up to the total's (“…3825万元,比预算数减少1188
    万元”, then “因公出国(境)费…比预算数减少31万元” …), across sentences (within one sentence the parts of a
    change are checked by :func:`_change_parts`). An item not stated against its budget is allowed only when
    its 决算 is 0: its change can then only be a decrease, so the total's decrease is at least the items'."""
    first: dict[str, tuple[Mention, Sentence]] = {}
    for key, m, sent in ctx.facts.budget_changes:
        first.setdefault(key, (m, sent))
    for total_key in _BUDGET_IDENTITIES:
        if total_key not in first:
            continue
        stated, sent = first[total_key]
        known = [first[p] for p in PARTS_OF[total_key] if p in first]
        missing = [p for p in PARTS_OF[total_key] if p not in first]
        if (
            all(s is sent for _, s in known)
            or len(known) < 2
            or any((v := ctx.facts.first_value(p)) is None or not v.mention.is_zero for p in missing)
        ):
            continue
        if _of_other_years(ctx, sent, [s for _, s in known]):
            continue
        total = (stated.sign or 1) * stated.value  # budget changes are recorded with their sign
        listed = sum(((m.sign or 1) * m.value for m, _ in known), ZERO)
        envelope = half_unit(stated.decimals) + sum((half_unit(m.decimals) for m, _ in known), ZERO)
        gap = total - listed
        if abs(gap) <= envelope or (missing and gap < 0):
            continue  # a missing item at 0 may have been budgeted: the total may decrease more
        where = [sent.where, *[s.where for _, s in known if s is not sent][:1]]
        shown = "".join(("＋" if (m.sign or 1) > 0 else "－") + m.raw.replace("万元", "") for m, _ in known)
        label = "“三公”经费" if total_key == "sangong.total" else "公务用车购置及运行维护费"
        places = max(stated.decimals, *(m.decimals for m, _ in known))
        yield Hit(
            f"{quoted(label)}与预算数相比的增减额",
            f"{'增加' if total >= 0 else '减少'}{stated.raw}",
            f"各项与预算数相比的增减额合计为{shown.lstrip('＋')}＝"
            f"{in_units(listed, places, stated.raw, *(m.raw for m, _ in known)).replace('-', '－')}，"
            f"相差{in_units(abs(gap), places, stated.raw, *(m.raw for m, _ in known))}"
            + ("（未列出的项目决算数为0，其增减额只可能为减少）" if missing else ""),
            quote_of(sent, stated),
            where,
            keys=[total_key, "budget-change-sum"],
        )


def _change_subject(ch: Change) -> str:
    """What a change is of, as a message names it: its label, else its figure's, else its subject's name."""
    return ch.label or (ch.current.label if ch.current is not None else "") or _PART_NAMES.get(ch.key, ch.key)


def _stated_whole_split(ctx: Context, ch: Change) -> bool:
    """Whether the parts of a change (“本年支出合计…减少59.42万元;其中:基本支出…占84.83%…减少61.72万元;项目
    支出…占15.17%…增加2.19万元”) are said to be the whole split: each a part of the change's own subject
    (its key scoped by it), with shares of it stated for every part that add up to 100%."""
    if ch.current is None or not all(p.key.startswith(ch.key + ">") for p in ch.parts):
        return False
    currents = [p.current for p in ch.parts]
    shares = [s for s in ctx.facts.shares if any(s.amount is c for c in currents)]
    if len(shares) != len(ch.parts) or any(s.base is not ch.current for s in shares):
        return False
    total = sum((s.pct.value for s in shares), ZERO)
    return abs(total - HUNDRED) <= sum((half_unit(s.pct.decimals) for s in shares), ZERO)


def _levels_make_the_whole(ch: Change) -> bool:
    """Whether the parts of a change are its whole by their levels: this year's figures of the parts add up
    to the change's own exactly (“一般公共预算财政拨款收入2647万元,与上年同期相比减少1275万元,其中:财政
    基本补助收入1802万元,较去年同期减少13万元;财政项目补助收入845万元较去年同期减少1262万元”), each
    measured against the same base."""
    if ch.current is None or any(p.current is None or p.basis != ch.basis for p in ch.parts):
        return False
    return sum((p.current.value for p in ch.parts if p.current is not None), ZERO) == ch.current.value


def _change_parts(ctx: Context, elsewhere: set[tuple[str, str]]) -> Iterable[Hit]:
    """The items' changes add up to the total's change, and the total's rate (a mean of the items' rates
    weighted by their prior-year amounts) lies within the items' rates — when the items are all its parts.
    Items read from numbered paragraphs (``parts_apart``) are left to the readers of any layout when those
    tell the sum (``elsewhere``: (total, basis))."""
    for ch in ctx.facts.changes:
        parts = ch.parts
        if ch.parts_apart and (ch.key, ch.basis) in elsewhere:
            continue
        if len(parts) < 2:
            continue
        known = bool(PARTS_OF.get(ch.key)) and set(PARTS_OF[ch.key]) <= {p.key for p in parts}
        # (parts taken for the whole because their levels make it are less sure: a warning)
        by_levels = not known and not _stated_whole_split(ctx, ch)
        if by_levels and not _levels_make_the_whole(ch):
            continue
        where = [ch.sentence.where, *[p.sentence.where for p in parts if p.sentence is not ch.sentence][:1]]
        deltas = [d for d in (ch.delta, *[p.delta for p in parts]) if d is not None and d.sign]
        # an item said to be 持平 changed by nothing its figures show (“A持平；B持平；C减少0.39万元”)
        flat = [p for p in parts if p.flat and p.delta is None]
        if ch.delta is not None and ch.delta.sign and len(deltas) + len(flat) == len(parts) + 1:
            total = _directed(ch.delta)
            listed = sum((_directed(d) for d in deltas[1:]), ZERO)
            envelope = sum((half_unit(d.decimals) for d in deltas if d.value), ZERO)
            envelope += len(flat) * half_unit(ch.delta.decimals)
            if listed != total:
                yield Hit(
                    f"{quoted(_change_subject(ch))}{versus(ch)}的增减额",
                    f"{'增加' if total >= 0 else '减少'}{ch.delta.raw}",
                    f"各项增减额合计为{in_units(listed, 2, *(d.raw for d in deltas))}，"
                    f"相差{in_units(abs(total - listed), 2, *(d.raw for d in deltas))}"
                    + ("，在四舍五入尾差以内" if abs(total - listed) <= envelope else ""),
                    quote_of(ch.sentence),
                    where,
                    severity="info"
                    if abs(total - listed) <= envelope
                    else ("warning" if by_levels else None),
                    keys=[ch.key, "change-sum"],
                )
                continue
        rates = [r for r in (ch.pct, *[p.pct for p in parts]) if r is not None and r.sign]
        if ch.pct is not None and len(rates) == len(parts) + 1:
            signed = [(_directed(r), half_unit(r.decimals)) for r in rates[1:]]
            lo, hi = min(v - h for v, h in signed), max(v + h for v, h in signed)
            shown_lo, shown_hi = format_fixed(lo + half_unit(2)), format_fixed(hi - half_unit(2))
            head = _directed(ch.pct)
            if not Interval(lo, hi).intersects(around(head, ch.pct.decimals)):
                yield Hit(
                    f"{quoted(ch.label)}{versus(ch)}的增减率",
                    ch.pct.raw,
                    f"各项增减率在{shown_lo}%至{shown_hi}%之间，合计的增减率不可能超出此范围",
                    quote_of(ch.sentence),
                    where,
                    keys=[ch.key, "change-mean"],
                )


# --- the total's rate from the items' implied prior years (A014) ------------------------------------------


@dataclass
class _Implied:
    """An item's figures as ranges: this year's amount, and its prior year as a function of the corner
    taken (``delta``: amount − change; ``rate``: amount ÷ (1 + rate); neither: 持平, the amount itself)."""

    amount: Interval
    delta: Interval | None = None  # signed change
    rate: Interval | None = None  # signed rate as a fraction

    def leaves(self) -> list[Interval]:
        return [self.amount, *(x for x in (self.delta, self.rate) if x is not None)]

    def prior(self, corner: list[Decimal]) -> Decimal:
        a = corner[0]
        if self.delta is not None:
            return a - corner[1]
        if self.rate is not None:
            return a / (1 + corner[1])
        return a


def _printed(m: Mention, places: int) -> Interval:
    """What an amount of a passage stands for: a zero is exact, and a passage that writes one amount to
    0.01 writes them all to 0.01 (“14万元” beside “201.25万元” is 14.00)."""
    return around(m.value, None if m.value == 0 else max(m.decimals, places))


def _implied(ch: Change, places: int) -> _Implied | None:
    """An item's figures, or None when its prior year is not implied (no amount, no signed change or rate,
    a fall of 100% with no change stated, a change and a rate that disagree: A014 reports that)."""
    c, d, p = ch.current, ch.delta, ch.pct
    if c is None:
        return None
    amount = _printed(c.mention, places)
    if d is not None and (d.sign or d.value == 0):
        if p is not None and not _change_fits(c, d, p)[0]:
            return None
        lo, hi = max(_printed(d, places).lo, ZERO), _printed(d, places).hi
        return _Implied(amount, Interval(lo, hi) if (d.sign or 1) > 0 else Interval(-hi, -lo))
    if p is not None and (p.sign or p.value == 0):
        r = around((p.sign or 1) * p.value / HUNDRED, p.decimals + 2)
        return None if r.lo <= -1 else _Implied(amount, rate=r)
    return _Implied(amount) if ch.flat and d is None and p is None else None


def _implied_range(items: list[_Implied]) -> tuple[Interval, Interval, Interval] | None:
    """The ranges of the items' summed amounts, summed priors and the rate Σ amounts ÷ Σ priors − 1 (in %).
    Each is monotone or linear-fractional in every printed figure, so its bounds are at the corners of the
    box of the figures' rounding intervals; None when a prior year may be 0 or below."""
    leaves = [leaf for it in items for leaf in it.leaves()]
    sums: list[Decimal] = []
    priors: list[Decimal] = []
    rates: list[Decimal] = []
    for bits in range(1 << len(leaves)):
        corner = [leaf.hi if bits >> k & 1 else leaf.lo for k, leaf in enumerate(leaves)]
        total = prior = ZERO
        at = 0
        for it in items:
            n = len(it.leaves())
            total += corner[at]
            prior += it.prior(corner[at : at + n])
            at += n
        if prior <= 0:
            return None
        sums.append(total)
        priors.append(prior)
        rates.append((total / prior - 1) * HUNDRED)
    return (
        Interval(min(sums), max(sums)),
        Interval(min(priors), max(priors)),
        Interval(min(rates), max(rates)),
    )


def _bound_in_clause(ch: Change) -> bool:
    """Whether a change's figures are bound to its own amount: stated in its sentence right after it, no
    other amount or rate between them."""
    c = ch.current
    first = min((m for m in (ch.delta, ch.pct) if m is not None), key=lambda m: m.start, default=None)
    if c is None or first is None or c.sentence is not ch.sentence or c.mention.start > first.start:
        return False
    own = {id(m) for m in (ch.delta, ch.pct)}
    return not any(
        m.kind in ("amount", "percent") and id(m) not in own and c.mention.end <= m.start < first.start
        for m in ch.sentence.mentions
    )


def _rate_text(value: Decimal, places: int) -> str:
    return f"{'增长' if value >= 0 else '下降'}{format_fixed(abs(value), places)}%"


def _implied_priors(ctx: Context, told: set[str]) -> Iterable[Hit]:
    """A total and all its items each with an amount and a change or rate: each item's prior year is implied
    (amount − change, or amount ÷ (1 + rate)), the total's prior is their sum, and the total's rate is Σ
    amounts ÷ Σ priors − 1; the stated rate (and a change stated with only rates for the items) must meet
    that range. An error when every figure is bound to its item in its own clause, else a warning."""
    for ch in ctx.facts.changes:
        parts, keys = ch.parts, set(PARTS_OF.get(ch.key, ()))
        if ch.key in told or len(parts) < 2 or not keys or {p.key for p in parts} != keys:
            continue
        if len(parts) != len(keys) or ch.current is None or (ch.pct is None and ch.delta is None):
            continue
        places = max(
            (m.decimals for x in (ch, *parts) for m in (x.delta, x.current and x.current.mention) if m),
            default=0,
        )
        implied = [_implied(p, places) for p in parts]
        head = _implied(ch, places)
        if head is None or any(it is None for it in implied):
            continue
        items = [it for it in implied if it is not None]
        ranges = _implied_range(items)
        if ranges is None or not ranges[0].intersects(head.amount):
            continue  # a sum the items do not make up is A020's
        summed, prior, rate = ranges
        d, p = ch.delta, ch.pct
        bad_rate = (
            p is not None and p.sign is not None and not rate.intersects(around(p.sign * p.value, p.decimals))
        )
        # with every item's change stated the changes' sum is checked by _change_parts
        bad_delta = (
            d is not None
            and d.sign is not None
            and any(x.delta is None for x in items)
            and not Interval(summed.lo - prior.hi, summed.hi - prior.lo).intersects(
                around(d.sign * d.value, d.decimals)
            )
        )
        if not (bad_rate or bad_delta):
            continue
        centres = [it.prior([(leaf.lo + leaf.hi) / 2 for leaf in it.leaves()]) for it in items]
        total_now = sum(((it.amount.lo + it.amount.hi) / 2 for it in items), ZERO)
        total_prior = sum(centres, ZERO)
        exact = (total_now / total_prior - 1) * HUNDRED
        shown = max(2, p.decimals if p is not None else 2)
        bound = all(_bound_in_clause(x) for x in (ch, *parts))
        what = "增减率" if bad_rate else "增减额"
        found = p.direction + p.raw if bad_rate and p is not None else (d.direction + d.raw if d else "")
        amounts = min(places, 4)
        span = f"{_rate_text(rate.lo, shown)}至{_rate_text(rate.hi, shown)}"
        if not bad_rate:
            low, high = summed.lo - prior.hi, summed.hi - prior.lo
            span = "至".join(f"{'增加' if v >= 0 else '减少'}{format_fixed(abs(v))}万元" for v in (low, high))
        priors = "、".join(
            f"{_PART_NAMES.get(q.key, q.label)}{format_fixed(v)}万元"
            for q, v in zip(parts, centres, strict=True)
        )
        expected = (
            f"各项本年数合计{format_fixed(total_now, amounts)}万元，按各项增减额或增减率推算的上年数合计"
            f"{format_fixed(total_prior)}万元（{priors}），合计应{'增加' if exact >= 0 else '减少'}"
            f"{format_fixed(abs(total_now - total_prior))}万元、{_rate_text(exact, shown)}"
            f"（按所列数字四舍五入的范围，为{span}）"
        )
        yield Hit(
            f"{quoted(_PART_NAMES.get(ch.key, ch.label))}{versus(ch)}的{what}",
            found,
            expected,
            quote_of(ch.sentence),
            [ch.sentence.where, *[q.sentence.where for q in parts if q.sentence is not ch.sentence][:1]],
            severity=None if bound else "warning",
            keys=[ch.key, "change-implied"],
        )


def _directed(m: Mention) -> Decimal:
    """A change with a direction word as a signed number."""
    return (m.sign or 1) * m.value


#: an amount's change and the rate right after it, in words of opposite directions: “同比增加5.70万元,下降
#: 22.22%” (read from the words, whatever figure the change is of)
_OPPOSED = re.compile(
    r"(增加|增长|上升)了?(\d[\d,]*(?:\.\d+)?)万元[，,](下降|减少|降低)了?(\d+(?:\.\d+)?)[%％]"
    r"|(减少|下降|降低)了?(\d[\d,]*(?:\.\d+)?)万元[，,](增长|增加|上升)了?(\d+(?:\.\d+)?)[%％]"
)


def _opposed_words(ctx: Context, read: set[tuple[int, int]]) -> Iterable[Hit]:
    """Opposite direction words on an amount and the rate after it that no change fact holds (a budget's
    change, “公务用车费预算19.95万元,同比增加5.70万元,下降22.22%”)."""
    for sent in ctx.facts.sentences:
        text = sent.text
        if "万元" not in text:
            continue
        for m in _OPPOSED.finditer(text):
            up = m.group(1) is not None
            pct_at = m.start(4) if up else m.start(8)
            if (id(sent), pct_at) in read:
                continue
            amount_word, rate_word = (m.group(1), m.group(3)) if up else (m.group(5), m.group(7))
            if not Decimal((m.group(2) if up else m.group(6)).replace(",", "")) or not Decimal(
                m.group(4) if up else m.group(8)
            ):
                continue
            yield Hit(
                "增减额与增减率",
                f"金额用“{amount_word}”、比例用“{rate_word}”",
                "增减额与增减率的方向应一致（增加—增长，减少—下降）",
                quote_of(sent),
                [sent.where],
                keys=["direction-words", str(m.start())],
            )


@audit_rule("A015")
def direction_words(ctx: Context) -> Iterable[Hit]:
    read = {
        (id(ch.sentence), ch.pct.start)
        for ch in ctx.facts.changes
        if ch.delta is not None and ch.pct is not None and ch.delta.sign and ch.pct.sign
    }
    yield from _opposed_words(ctx, read)
    for ch in ctx.facts.changes:
        d, p = ch.delta, ch.pct
        if d is not None and p is not None and d.sign and p.sign and d.sign != p.sign and d.value and p.value:
            yield Hit(
                f"{quoted(ch.label)}{versus(ch)}",
                f"金额用“{d.direction}”、比例用“{p.direction}”",
                "增减额与增减率的方向应一致（增加—增长，减少—下降）",
                quote_of(ch.sentence, p),
                [ch.sentence.where],
                keys=[ch.key, "direction"],
            )
        if ch.flat and ((d is not None and d.value) or (p is not None and p.value)):
            yield Hit(
                f"{quoted(ch.label)}与上年相比",
                "表述为“持平”但给出了增减数",
                "持平时增减额和增减率应为0",
                quote_of(ch.sentence),
                [ch.sentence.where],
                keys=[ch.key, "flat"],
            )


@audit_rule("A018")
def growth_on_zero_base(ctx: Context) -> Iterable[Hit]:
    for ch in ctx.facts.changes:
        if ch.delta is None or ch.pct is None or ch.current is None or ch.basis != "prior":
            continue
        d, c = ch.delta, ch.current
        up = d.sign == 1 or (d.sign is None and ch.pct.sign != -1)  # 增加（减少）: the sign is the numbers'
        prior = c.value - d.value
        # the prior year is 0 when both figures print the same; printed to the same decimals, a difference is
        # a prior figure of its own (0.02 up by 0.01 from 0.01: 增长100%); else within their rounding
        zero = prior == 0 or (
            c.decimals != d.decimals and abs(prior) <= half_unit(c.decimals) + half_unit(d.decimals)
        )
        if up and d.value and zero:
            yield Hit(
                f"{quoted(_named(ch.label or c.label, c))}与上年相比",
                f"上年为0（本年{c.mention.raw}、增加{d.raw}），仍表述为增长{ch.pct.raw}",
                "上年为0时增长率无意义，宜表述为新增",
                quote_of(ch.sentence, ch.pct),
                [ch.sentence.where],
                keys=[ch.key, "zero-base"],
            )


# --- budget completion ---------------------------------------------------------------------------------


def _basis_budget(comp) -> Amount | None:
    if comp.rate_basis:
        same = [b for b in comp.budgets if b.budget_kind == comp.rate_basis]
        if same:
            return same[-1]
        if comp.budget is not None and comp.budget.budget_kind not in ("", comp.rate_basis):
            # “完成年初预算150万元的146.67%,完成调整预算的100%”: the 调整预算 the second rate is of is not
            # stated; the 年初预算 is no base for it
            return None
    return comp.budget


def _total_rate_above_its_parts(ctx: Context) -> Iterable[Hit]:
    """A total's completion rate is a mean of its parts' rates weighted by their budgets: it cannot be above
    the highest rate of the parts spent on (a part with nothing spent only lowers it). “支出决算为12.04万元,
    完成预算的100%。其中:…公务用车购置及运行费支出决算为4.04万元,完成预算的33.55%;公务接待费…8万元,完成预算的
    66.45%”: the parts' “rates” are their shares of the total (g25-10)."""
    comps = ctx.facts.completions
    for total in comps:
        parts = PARTS_OF.get(total.key, ())
        if not parts or total.actual is None:
            continue
        mine = [
            c
            for c in comps
            if c.key in parts and c.sentence.paragraph is total.sentence.paragraph and c.actual is not None
        ]
        if {c.key for c in mine} != set(parts):
            continue  # a part whose rate is not stated may be the one above the total's
        spent = [c for c in mine if c.actual is not None and c.actual.value > 0]
        if not spent:
            continue
        top = max(spent, key=lambda c: c.rate.value)
        if total.rate.value - half_unit(total.rate.decimals) <= top.rate.value + half_unit(top.rate.decimals):
            continue
        budget = _basis_budget(total)
        own = budget and ratio_range(total.actual.value, total.actual.decimals, budget.value, budget.decimals)
        if own and not own.intersects(around(total.rate.value, total.rate.decimals)):
            continue  # the total's rate is wrong on its own figures: said as such
        yield Hit(
            quoted(subject_of(total.actual)),
            total.rate.raw,
            f"各分项完成预算的比例最高为{top.rate.raw}，合计的完成比例不可能高于此数"
            "（各分项的比例可能是占预算总额的比重，而非该项的预算完成率）",
            quote_of(top.sentence, top.rate),
            [top.sentence.where, *([total.sentence.where] if total.sentence is not top.sentence else [])],
            keys=[total.key, "completion-above-parts"],
        )


# a 决算 figure labelled by its verb alone (“2021年完成82133万元”) and the approval before a budget's
# subject (“经区十届人大常委会第二十九次会议审议通过一般公共预算支出调整为68000万元”)
_VERB_ONLY = re.compile(r"^(?:累计|共|全年|实际)?(?:完成|实现|支出|执行)$|^实际(?:收入|支出)$")
_APPROVAL = re.compile(r"^.*?(?:审议通过|批准|通过)的?")


def _completion_subject(actual: Amount, budget: Amount | None) -> str:
    """The subject of a completion rate: the 决算's own, else (a bare verb) the budget's."""
    subject = subject_of(actual)
    # (“支出总计” after “财政拨款收入总计”: a total named by its side alone is named by the budget's words)
    side_only = subject in ("支出总计", "收入总计", "支出合计", "收入合计")
    if budget is not None and (_VERB_ONLY.match(subject) or (side_only and budget.key == actual.key)):
        subject = _APPROVAL.sub("", subject_of(budget)) or subject
    return subject


@audit_rule("A016")
def completion_recomputed(ctx: Context) -> Iterable[Hit]:
    for comp in ctx.facts.completions:
        rate = comp.rate
        budget = _basis_budget(comp)
        actual = comp.actual
        if actual is not None and budget is not None and budget.value > 0:
            rng = ratio_range(actual.value, actual.decimals, budget.value, budget.decimals)
            if rng is None:
                continue
            if rng.intersects(around(rate.value, rate.decimals)):
                # “预算为1万元，支出决算为0.53万元，完成预算的47%”: a whole-万元 budget beside a 决算 printed
                # to the 分 is that budget exactly (its rounding would allow 35%–106%)
                exact_rng = (
                    ratio_range(actual.value, actual.decimals, budget.value, 4)
                    if budget.decimals == 0 and actual.decimals >= 2
                    else None
                )
                if exact_rng is None or exact_rng.intersects(around(rate.value, rate.decimals)):
                    continue
                exact = actual.value / budget.value * HUNDRED
                yield Hit(
                    quoted(_completion_subject(actual, budget)),
                    rate.raw,
                    f"按决算数{actual.mention.raw}÷预算数{budget.mention.raw}计算应为{format_fixed(exact)}%"
                    "（预算数按整数万元计）",
                    quote_of(comp.sentence, rate),
                    [comp.sentence.where],
                    severity="warning",
                    keys=[comp.key, "completion"],
                )
                continue
            # “公务接待费282元,完成预算的97.92%” of 288万元: a 元 written for 万元 (A025), the rate right
            wan = actual.value * UNIT_SCALE["亿元"]  # the 元 figure read as 万元
            as_wan = (
                ratio_range(wan, actual.decimals - 4, budget.value, budget.decimals)
                if actual.mention.unit == "元"
                else None
            )
            if as_wan is not None and as_wan.intersects(around(rate.value, rate.decimals)):
                continue
            other = [b for b in comp.budgets if b is not budget and b.value > 0]
            if any(
                (r := ratio_range(actual.value, actual.decimals, b.value, b.decimals))
                and r.intersects(around(rate.value, rate.decimals))
                for b in other
            ):
                continue  # consistent with another stated budget: A019 reports the wording
            exact = actual.value / budget.value * HUNDRED
            # a budget stated for the subject in another paragraph: which budget the rate is of, the
            # sentence does not say (a warning, its line shown)
            there = f"（预算数见{budget.sentence.where.describe()}）" if comp.distant else ""
            # (a 决算 stated before the sentence of the rate: which figure the rate is of, it does not say)
            if comp.actual_before:
                place = actual.sentence.where.describe()
                there += (
                    "（决算数取本段前文所列）"
                    if place == comp.sentence.where.describe()
                    else f"（决算数见{place}）"
                )
            yield Hit(
                quoted(_completion_subject(actual, budget)),
                rate.raw,
                f"按决算数{actual.mention.raw}÷预算数{budget.mention.raw}计算应为{format_fixed(exact)}%{there}",
                quote_of(comp.sentence, rate),
                [
                    comp.sentence.where,
                    *([budget.sentence.where] if comp.distant else []),
                    *([actual.sentence.where] if comp.actual_before else []),
                ],
                severity="warning" if comp.distant or comp.actual_before else None,
                keys=[comp.key, "completion"],
            )
        elif actual is not None and budget is None and comp.excess is not None:
            # “完成年初预算100%，决算数大于预算数55.93万元”: the budget is the 决算 less the stated excess
            x = comp.excess
            derived = actual.value - x.excess_sign * x.value
            if derived <= 0:
                continue
            rng = ratio_range(actual.value, actual.decimals, derived, min(actual.decimals, x.decimals))
            if rng is None or rng.intersects(around(rate.value, rate.decimals)):
                continue
            word = "大于" if x.excess_sign > 0 else "小于"
            yield Hit(
                quoted(_completion_subject(actual, budget)),
                rate.raw,
                f"决算数{actual.mention.raw}{word}预算数{x.mention.raw}，预算数应为{format_fixed(derived)}万元，"
                f"按{actual.mention.raw}÷{format_fixed(derived)}万元计算完成比例应为"
                f"{format_fixed(actual.value / derived * HUNDRED)}%",
                quote_of(comp.sentence, rate),
                [comp.sentence.where],
                keys=[comp.key, "completion"],
            )
        elif actual is not None and budget is None:
            if actual.value == 0 and rate.value > 0:
                yield Hit(
                    quoted(actual.label),
                    rate.raw,
                    "决算数为0时完成比例应为0%"
                    + ("；若预算数也为0，完成比例无意义" if rate.value == HUNDRED else ""),
                    quote_of(comp.sentence, rate),
                    [comp.sentence.where],
                    severity="warning" if rate.value == HUNDRED else None,  # 0 of a zero budget
                    keys=[comp.key, "completion"],
                )
            elif actual.value > 0 and rate.value == 0:
                yield Hit(
                    quoted(actual.label),
                    rate.raw,
                    f"决算数为{actual.mention.raw}，完成比例不应为0%",
                    quote_of(comp.sentence, rate),
                    [comp.sentence.where],
                    keys=[comp.key, "completion"],
                )
    yield from _total_rate_above_its_parts(ctx)
    # the whole's rate is a weighted mean of its items' rates: it lies between their smallest and largest
    for group in ctx.facts.groups:
        head = group.head
        if (
            head is None
            or not group.items
            or not all(i.key.startswith(("gpb.item.", "fund.item.", "capital.item.")) for i in group.items)
        ):
            continue
        head_rate = next(
            (
                c.rate
                for c in ctx.facts.completions
                if c.actual is head or (c.sentence is head.sentence and c.key == head.key)
            ),
            None,
        )
        item_rates = [c.rate for c in ctx.facts.completions if c.key in {i.key for i in group.items}]
        if head_rate is None or len(item_rates) < len(group.items) or not item_rates:
            continue
        lo = min(r.value - half_unit(r.decimals) for r in item_rates)
        hi = max(r.value + half_unit(r.decimals) for r in item_rates)
        if not Interval(lo, hi).intersects(around(head_rate.value, head_rate.decimals)):
            yield Hit(
                quoted(head.label),
                f"完成预算{head_rate.raw}",
                f"各项目完成比例在{format_fixed(lo + half_unit(2))}%"
                f"至{format_fixed(hi - half_unit(2))}%之间，"
                "合计的完成比例不可能超出此范围",
                quote_of(head.sentence, head_rate),
                [head.sentence.where],
                keys=[head.key, "completion-mean"],
            )


# “与2021年度预算相比无增减”: the 决算 said to equal the budget of the report year
_EQUAL_TO_BUDGET = re.compile(
    r"与(?:20\d\d年度?)?(?:年初|全年|调整后?)?预算(?:数)?(?:相比|比较)?[,，]?(无增减|无变化|没有变化|持平|一致|相同|相等)"
)


def _stated_budget(ctx: Context, key: str) -> tuple[Decimal, int, str, Where] | None:
    """(value, decimals, shown, where) of the budget of ``key`` stated in the text, else in a table."""
    for a in ctx.facts.amounts:
        if a.key == key and a.role == "budget":
            return a.value, a.decimals, f"{a.mention.raw}（{a.sentence.where.describe()}）", a.sentence.where
    fact = ctx.tfacts.get(f"{key.split('>')[-1]}@budget")
    if fact is not None and fact.value.cell is not None:  # a table's figure always has its cell
        num = fact.value
        return num.value, num.decimals, f"{fact.value.cell.text}万元（{fact.label}）", fact.value.cell.where
    return None


def _equality_claims(ctx: Context) -> Iterable[Hit]:
    """A 决算 said to equal its budget (无增减, 无变化, 持平) while the document states another budget."""
    by_sentence: dict[int, list[Amount]] = {}
    for a in ctx.facts.amounts:
        if a.role != "budget" and a.key and not a.key.startswith("?"):
            by_sentence.setdefault(id(a.sentence), []).append(a)
    for amounts in by_sentence.values():
        sentence = amounts[0].sentence
        for m in _EQUAL_TO_BUDGET.finditer(sentence.text):
            before = [a for a in amounts if a.mention.end <= m.start()]
            if not before:
                continue
            a = before[-1]
            budget = _stated_budget(ctx, a.key)
            if budget is None:
                continue
            bval, bdec, bshown, bwhere = budget
            if around(a.value, a.decimals).intersects(around(bval, bdec)):
                continue
            diff = a.value - bval
            word = "增加" if diff > 0 else "减少"
            yield Hit(
                quoted(subject_of(a)),
                f"决算数{a.mention.raw}与预算相比{m.group(1)}",
                f"预算数为{bshown}，应为{word}{format_fixed(abs(diff))}万元",
                quote_of(sentence, a.mention),
                [sentence.where, bwhere],
                keys=[a.key, "equal-to-budget"],
            )


def _rounds_to_hundred(ctx: Context, cmp_: Comparison) -> bool:
    """Whether a 决算 above or below its budget can print as “完成预算100%”. The rate is read to the
    precision the document gives its completion rates (“100%” beside “29.04%” is 100.00%); a 决算 of
    1595.95 万元 at 100% (no decimals) may be 100.4% of 1590, one of 91.14 万元 at 100.00% differs from its
    budget by less than 0.01 万元, so it equals it."""
    rate = cmp_.rate
    assert rate is not None
    decimals = max([rate.decimals, *(c.rate.decimals for c in ctx.facts.completions)])
    a = cmp_.actual
    if a is None:
        return decimals == 0
    unit = Decimal(1).scaleb(-a.decimals)
    if a.value <= unit:
        return True
    # the smallest departure from the budget the amount can show, as a share of the budget
    return abs(a.value / (a.value - unit) - 1) * HUNDRED < half_unit(decimals)


@audit_rule("A017")
def budget_comparison_words(ctx: Context) -> Iterable[Hit]:
    yield from _equality_claims(ctx)
    seen: set[int] = set()
    for cmp_ in ctx.facts.comparisons:
        if cmp_.sentence.index in seen or re.search(r"[（(]或", cmp_.sentence.text):
            continue  # “决算数小于预算数(或与预算数持平)”: the template's words, reported by A040
        a, b, rate = cmp_.actual, cmp_.budget, cmp_.rate
        expected = ""
        severity: Severity | None = None
        if a is not None and b is not None:
            ai, bi = around(a.value, a.decimals), around(b.value, b.decimals)
            if ai.intersects(bi):
                ok = {"等于", "大于", "小于"} if ai != bi or a.value != b.value else {"等于"}
                if a.value == b.value:
                    ok = {"等于"}
            elif ai.lo > bi.hi:
                ok = {"大于"}
            else:
                ok = {"小于"}
            if cmp_.word not in ok:
                rel = "等于" if "等于" in ok else next(iter(ok))
                expected = f"决算数{a.mention.raw}{rel}预算数{b.mention.raw}"
        elif rate is not None and any(
            c.sentence is cmp_.sentence and c.excess is not None and c.rate is rate
            for c in ctx.facts.completions
        ):
            pass  # “完成预算100%，决算数大于预算数55.93万元”: A016 checks the rate against the stated excess
        elif rate is not None and rate.value == 0:
            pass  # “完成预算0%，决算数大于预算数”: a budget of 0, the rate means nothing (A016 says so)
        elif rate is not None:
            ri = around(rate.value, rate.decimals)
            if ri.lo > HUNDRED:
                ok = {"大于"}
            elif ri.hi < HUNDRED:
                ok = {"小于"}
            else:
                ok = {"等于", "大于", "小于"}
                if rate.value == HUNDRED and cmp_.word != "等于" and not _rounds_to_hundred(ctx, cmp_):
                    ok, severity = {"等于"}, "warning"
            if cmp_.word not in ok:
                rel = "等于" if "等于" in ok else next(iter(ok))
                expected = f"完成预算{rate.raw}，决算数应{rel}预算数"
        if expected:
            seen.add(cmp_.sentence.index)
            word = {"等于": "决算数等于（持平）预算数"}.get(cmp_.word, f"决算数{cmp_.word}预算数")
            yield Hit(
                quoted((a.label if a else cmp_.key) or "该项"),
                word,
                expected,
                quote_of(cmp_.sentence),
                [cmp_.sentence.where],
                severity=severity,
                keys=[cmp_.key, "versus"],
            )


@audit_rule("A019")
def completion_basis(ctx: Context) -> Iterable[Hit]:
    for comp in ctx.facts.completions:
        budget = _basis_budget(comp)
        rate = comp.rate
        if budget is not None and budget.value == 0 and rate.value != 0:
            alt = ""
            if comp.actual is not None:
                for b in comp.budgets:
                    r = (
                        ratio_range(comp.actual.value, comp.actual.decimals, b.value, b.decimals)
                        if b.value
                        else None
                    )
                    if r and r.intersects(around(rate.value, rate.decimals)):
                        alt = f"；{rate.raw}是按{b.budget_kind or ''}预算数{b.mention.raw}计算的"
            yield Hit(
                quoted(subject_of(comp.actual) if comp.actual else comp.key),
                f"完成{comp.rate_basis}预算{rate.raw}，而{comp.rate_basis}预算数为{budget.mention.raw}",
                f"预算数为0时不应表述完成该预算的比例{alt}",
                quote_of(comp.sentence, rate),
                [comp.sentence.where],
                keys=[comp.key, "basis"],
            )
        elif budget is None and comp.key.startswith("sangong."):
            fact = ctx.tfacts.get(f"{comp.key}@budget")
            if fact is not None and fact.value.value == 0 and (comp.actual is None or comp.actual.value == 0):
                yield Hit(
                    quoted(subject_of(comp.actual) if comp.actual else comp.key),
                    f"完成预算{rate.raw}，而{fact.label}为0（{fact.value.where.describe()}）",
                    "预算数为0时不应表述完成预算的比例",
                    quote_of(comp.sentence, rate),
                    [comp.sentence.where, fact.value.where],
                    keys=[comp.key, "basis"],
                )


# --- parts vs totals in the text ------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class PartsOfTotal:
    """One “total = Σ parts” relation of the text: the figure keys that are parts of the same whole.

    An item belongs to the relation when its key's last segment is one of ``parts``, or, for a ``prefix``
    relation, when its whole key starts with ``prefix``. ``complete``: a list of these parts is the whole
    by nature (a shortfall is an error, not an incomplete “其中”). ``aggregate`` and ``aggregated``: when
    the aggregate part (e.g. 财政拨款收入) is itself listed, the parts it sums are not counted again.
    ``head``: the relation holds only in a list whose head is this total (公务用车购置 and 运行维护 are
    parts of 公务用车购置及运行维护费, not of any other list they appear in)."""

    parts: tuple[str, ...] = ()
    complete: bool = False
    prefix: str = ""
    aggregate: str = ""
    aggregated: tuple[str, ...] = ()
    head: str = ""
    # further aggregates with the parts each sums (公务接待费 of its 国内 and 外事 parts, beside 公务用车's)
    also: tuple[tuple[str, tuple[str, ...]], ...] = ()
    # a list is the whole by nature only when it names each of these (one key of each tuple at least):
    # “三公” items of which one is not mentioned at all may simply not be listed
    required: tuple[tuple[str, ...], ...] = ()


PARTS_OF_TOTAL: tuple[PartsOfTotal, ...] = (
    # the 基本支出 may be listed as its two parts (“支出799.12万元。其中:人员经费支出434.89万元,公用经费支出
    # 77.4万元,项目支出286.83万元”, a 部门整体支出绩效 report's usual breakdown)
    PartsOfTotal(
        (
            "expenditure.basic",
            "expenditure.project",
            "expenditure.remit",
            "expenditure.operating",
            "expenditure.subsidy",
            "gpb.personnel",
            "gpb.public",
        ),
        complete=True,
        aggregate="expenditure.basic",
        aggregated=("gpb.personnel", "gpb.public"),
    ),
    PartsOfTotal(
        (
            "income.gpb",
            "income.fund",
            "income.capital",
            "income.superior",
            "income.business",
            "income.operating",
            "income.affiliated",
            "income.other",
            "income.fiscal",
        ),
        aggregate="income.fiscal",
        aggregated=("income.gpb", "income.fund", "income.capital"),
    ),
    PartsOfTotal(("gpb.personnel", "gpb.public"), complete=True),
    # a 财政拨款 total over its year and its balance (“2022年财政拨款收入总计766.75万元,其中:2022年收入合计
    # 610.42万元,年初结转和结余156.33万元”; the same for 支出总计 and 年末结转和结余)
    PartsOfTotal(("income.total", "balance.opening"), complete=True, head="income.fiscal"),
    PartsOfTotal(("expenditure.total", "balance.closing"), complete=True, head="expenditure.fiscal"),
    PartsOfTotal(("procurement.goods", "procurement.works", "procurement.services"), complete=True),
    # parts of one “三公” item, in a list headed by that item (before the “三公” total: they win a tie)
    PartsOfTotal(PARTS_OF["sangong.car"], complete=True, head="sangong.car"),
    PartsOfTotal(PARTS_OF["sangong.reception"], complete=True, head="sangong.reception"),
    # the “三公” total: its three items, or 公务用车 as its two parts, or 公务接待费 as its 国内公务接待费,
    # when the text lists those instead
    PartsOfTotal(
        (
            "sangong.abroad",
            "sangong.car",
            "sangong.reception",
            *PARTS_OF["sangong.car"],
            *PARTS_OF["sangong.reception"],
        ),
        complete=True,
        aggregate="sangong.car",
        aggregated=PARTS_OF["sangong.car"],
        also=(("sangong.reception", PARTS_OF["sangong.reception"]),),
        required=(
            ("sangong.abroad",),
            ("sangong.reception", *PARTS_OF["sangong.reception"]),
            ("sangong.car", *PARTS_OF["sangong.car"]),
        ),
    ),
    # 科目 lists: the 类 or 项 amounts of a table restated in the text
    PartsOfTotal(prefix="gpb.class.", complete=True),
    PartsOfTotal(prefix="gpb.item.", complete=True),
    PartsOfTotal(prefix="fund.item.", complete=True),
    PartsOfTotal(prefix="capital.item.", complete=True),
)
_EXHAUSTIVE_INTRO = ("主要用于以下方面", "具体内容包括", "分别为", "分别是")


_AVERAGE = re.compile(r"平均|人均|车均|均价|单价|每(?:辆|人|次|台|批|个|车)")

#: Lists whose items, one of each name, are the whole by nature: a shortfall of such a list is a gap, not
#: an item left unlisted (“一般公共预算收入76.68亿元,其中:本级收入48.09亿元,转移性收入28.59亿元”)
_COMPLEMENTS: tuple[tuple[re.Pattern[str], ...], ...] = tuple(
    tuple(re.compile(member) for member in members)
    for members in (
        (r"(?<!非)税收收入", r"非税收入"),
        (r"本级收入", r"转移性收入"),
        (r"本级支出", r"转移性支出"),
        (r"一般债务", r"专项债务"),
        (r"一般债券", r"专项债券"),
        (r"新增(?:一般|专项)?债券", r"再融资(?:一般|专项)?债券"),
        (r"一般性?转移支付", r"专项转移支付"),
        (r"返还性收入|税收返还", r"一般性?转移支付", r"专项转移支付|专项补助"),
        (r"基本支出", r"项目支出"),
        (r"直接债务", r"或有债务"),
        (r"货物", r"工程", r"服务"),
        (r"税务部门", r"财政部门"),
        (r"^上级", r"^本级"),
    )
)
#: an item that closes its list: the rest of the whole (“…,其他支出80,789万元”)
_REST = re.compile(r"^(?:\d{1,2}[、.．])?(?:其[他它]|剩余)")


def _names_the_whole(items: list[Amount]) -> bool:
    """Whether a list of parts is the whole of its head by the names of its items: one item of each name of
    a :data:`_COMPLEMENTS` set, or a last item named 其他 (the rest)."""
    if _REST.search(items[-1].label):
        return True
    for members in _COMPLEMENTS:
        if len(members) != len(items):
            continue
        matched = [[k for k, p in enumerate(members) if p.search(i.label)] for i in items]
        if all(len(k) == 1 for k in matched) and len({k[0] for k in matched}) == len(members):
            return True
    return False


def _shown_name(head: Amount) -> str:
    """A figure's name as a finding shows it: its label, or the last of the cells a flattened table ran into
    it (“…上年结转资金 其他资金 年度总体目标 预期目标 实际完成情况 本项目共申请预算资金2026400元”: the
    last, 本项目共申请预算资金)."""
    before = head.sentence.original(max(0, head.mention.start - len(head.label) - 20), head.mention.start)
    tail = re.split(r"[\s\d.，,；;：:。]+", before.strip())[-1]
    return tail if 2 <= len(tail) < len(head.label) and head.label.endswith(tail) else head.label


_NESTING = re.compile(r"其中|包括|加上|减去|扣除|含|另有")


_CLOSING_TOTAL = re.compile(r"(?:合计|总计|总额|总量)(?:为|是|达)?$")


def _plain_items(group: Group) -> list[Amount]:
    """The items of a list that are parts of its head: not a mean, not a share's base (“占区本级年初预算数
    52000万元的98.43%”), not a total closing the sentence (“…,存量债务置换债券收入43400万元,收入合计474230
    万元”), of the head's kind (决算 with 决算, 预算 with 预算)."""
    return [
        i
        for i in _parts_of_its_kind(group)
        if not i.label.startswith("占") and not _CLOSING_TOTAL.search(i.label)
    ]


def _parts_of_its_kind(group: Group) -> list[Amount]:
    """The items of a list that may be parts of its head: no mean, and of the head's kind (决算 with 决算,
    预算 with 预算)."""
    head = group.head
    assert head is not None
    return [
        i
        for i in group.items
        if not _AVERAGE.search(i.label) and (i.role == "budget") == (head.role == "budget")
    ]


def _one_plain_list(group: Group) -> bool:
    """Whether a list is the one list of its sentence, its items all in that sentence after its head and
    nothing between them that nests, adds or takes away (a second 其中, 包括, 加上, 含, …)."""
    head = group.head
    if head is None or any(i.sentence is not head.sentence for i in group.items):
        return False
    text = head.sentence.text
    first = group.items[0].mention.start
    intro = text.rfind("其中", head.mention.end, first)
    if intro < 0 or _NESTING.search(text, head.mention.end, intro):
        return False
    return _NESTING.search(text, intro + 2, group.items[-1].mention.end) is None


def _twin_adds_up(ctx: Context, group: Group) -> bool:
    """Whether another list of the text names the same items, in the same order, and adds up to its own head
    exactly: the items are then the whole (“本项目共申请预算资金2026400元,其中村级组织运转400000元,…”
    beside “本项目共完成预算资金1329120.67元,其中村级组织运转439120.67元,…”, which adds up)."""
    names = [i.label for i in group.items]
    if len(names) < 2:
        return False
    return any(
        other is not group
        and other.head is not None
        and [i.label for i in other.items] == names
        and sum((i.value for i in other.items), ZERO) == other.head.value
        for other in ctx.facts.groups
    )


def _named_list_sum(ctx: Context, group: Group) -> Iterable[Hit]:
    """The items of a list headed by a figure that names it (:func:`~juesuan.audit.facts._names_a_list`)
    against it: parts above the figure are a gap; parts below it only when the list is the whole by its
    names (:func:`_names_the_whole`) or its shares add up to 100%. A warning: what the head holds is read
    from its name alone."""
    head = group.head
    assert head is not None
    items = _parts_of_its_kind(group)
    if len(items) < 2:
        return
    if any(i.value == head.value or i.key in HEAD_KEYS for i in items):
        # “收入决算1,396万元,其中:本年收入1,396万元,占总收入100%,包括财政拨款收入…”: an item that is the
        # whole again, or a total with its own list, nests the lists; their levels are not read
        return
    if _cut_in_the_list(ctx, group.sentence):
        return
    total = sum((i.value for i in items), ZERO)
    if any(
        a.value == total and a.sentence is head.sentence and a.mention.start < head.mention.start
        for a in ctx.facts.amounts
    ):
        # “全县一般公共预算收入8,552万元,…,同口径完成地方财政收入10,066万元,同口径增长9.7%,其中:税收收入完成
        # 5,537万元,非税收入完成3,015万元”: the list splits the figure before, the one its items make
        return
    listed = [s for s in ctx.facts.shares if s.group is group]
    complete = (
        _names_the_whole(items)
        or _twin_adds_up(ctx, group)
        or (len(listed) == len(items) and sum((s.pct.value for s in listed), ZERO) >= 99)
    )
    yield from _sum_hit(
        head.value,
        head.decimals,
        head.mention.raw,
        _shown_name(head),
        items,
        complete,
        head.sentence,
        [head.key, "named-sum"],
        severity="warning",
        around=head.mention,  # (a long sentence is quoted around the figure, not from its start)
    )


def _family_items(group: Group) -> tuple[list[Amount], bool]:
    """The items of a group that are parts of the same whole (the relation of :data:`PARTS_OF_TOTAL`
    matching most of them, the first on a tie), and whether the list is complete by nature."""
    leaves = [(i, i.key.split(">")[-1]) for i in group.items]
    listed = {leaf for _, leaf in leaves}
    best: list[Amount] = []
    complete = False
    for rel in PARTS_OF_TOTAL:
        if rel.head and group.head_key.split(">")[-1] != rel.head:
            continue
        if rel.prefix:
            items = [i for i in group.items if i.key.startswith(rel.prefix)]
        else:
            dropped = {
                part
                for aggregate, parts in ((rel.aggregate, rel.aggregated), *rel.also)
                if aggregate in listed
                for part in parts
            }
            items = [i for i, leaf in leaves if leaf in rel.parts and leaf not in dropped]
        if len(items) > len(best):
            named = all(any(k in listed for k in alternatives) for alternatives in rel.required)
            # ““三公”经费决算数合计为1000.86万,其中:因公出国(境)费…、会议费34.10万元、培训费51.37万元”:
            # a list that also names figures of another kind is not the relation's whole
            foreign = not rel.prefix and any(
                leaf not in rel.parts
                and leaf not in rel.aggregated
                and all(leaf not in p for _, p in rel.also)
                for _, leaf in leaves
            )
            best, complete = items, rel.complete and named and not foreign
    if not best:
        best = [i for i in group.items if not i.key or i.key.startswith("?")]
        # “全年运行维护费支出5.28万元,平均每辆1.76万元”: a mean per car (per head, per trip) is no part, nor
        # is a budget the rate of a 决算 part is measured on (“区本级同口径完成51184万元,占区本级年初预算数
        # 52000万元的98.43%”)
        best = [i for i in best if not _AVERAGE.search(i.label)]
        if group.head is not None and group.head.role != "budget":
            best = [i for i in best if i.role != "budget"]
        if any(_MASKED.search(i.label) for i in best):
            # “********支出2万元,…,工资福利支出3720.57万元”: a masked name hides the item's level and
            # classification, so the items are not known to be parts of one whole
            return [], False
    return best, complete


_MASKED = re.compile(r"\*{2,}|＊{2,}")


# a 项目支出绩效自评表 flattened into one line (a .doc attachment read as text), its 资金 rows under the
# header “年初预算数 全年预算数 全年执行数 …”: “年度资金总额: 0 0 0 10 0 0 其中:本年财政拨款 90 89.974 89.974”
_NUMBER = r"\d[\d,]*(?:\.\d+)?"
_FLAT_FUNDS = re.compile(
    rf"年度资金总额[:：]?\s*(?P<total>(?:{_NUMBER}\s+){{3}})[^其]{{0,40}}?"
    rf"其中[:：，,]?\s*(?:本年|当年)?财政拨款\s*(?P<part>(?:{_NUMBER}\s*){{3}})"
)


def _flat_funds(ctx: Context) -> Iterable[Hit]:
    """A 其中 row of a flattened 自评表 above its 年度资金总额 in a column (年初预算数, 全年预算数,
    全年执行数)."""
    for par in ctx.facts.prose:
        text = simplified(par.text)  # a mirror site's traditional characters (the offsets stay the same)
        if "年度资金总额" not in text:
            continue
        for m in _FLAT_FUNDS.finditer(text):
            total = [Decimal(x.replace(",", "")) for x in m.group("total").split()]
            part = [Decimal(x.replace(",", "")) for x in m.group("part").split()]
            if all(p <= t for p, t in zip(part, total, strict=True)):
                continue
            yield Hit(
                "“年度资金总额”",
                "／".join(m.group("total").split()),
                f"其中财政拨款{'／'.join(m.group('part').split())}，大于年度资金总额",
                excerpt(par.text, m.start() - 10, m.end() + 20),
                [par.where_at(m.start())],
                keys=["flat-funds", str(m.start())],
            )


# a total, then a 其中 list whose items put the amount first: “本项目共完成预算资金89.97万元。其中:30万元用于
# 基建工程项目预算编制;30万元用于基建工程项目审计;29.99万元用于…”
_AMOUNT_FIRST = re.compile(  # a mirror's traditional characters too (合計, 萬, 用於), and “万” for 万元
    rf"(?P<word>共|合[计計]|[总總][计計]|累[计計])(?P<label>[\u4e00-\u9fff“”]{{0,12}}?)(?P<total>{_NUMBER})[万萬]元?"
    rf"[。；;，,]?其中[:：，,]?(?P<items>{_NUMBER}[万萬]元?用[于於][^；;。]{{1,60}}?"
    rf"(?:[；;]{_NUMBER}[万萬]元?用[于於][^；;。]{{1,60}}?)+)(?=[。；;]|$)"
)
_AMOUNT_FIRST_ITEM = re.compile(rf"(?:^|[；;])({_NUMBER})[万萬]元?用[于於]")


def _amount_first_lists(ctx: Context) -> list[tuple[Paragraph, re.Match[str], list[int]]]:
    """Every amount-first 其中 list of the prose: its paragraph, its match in the normalised text and the
    index map."""
    out: list[tuple[Paragraph, re.Match[str], list[int]]] = []
    for par in ctx.facts.prose:
        if "其中" not in par.text:
            continue
        norm, idx = normalise(par.text)
        out.extend((par, m, idx) for m in _AMOUNT_FIRST.finditer(norm))
    return out


def _amount_first_sums(ctx: Context) -> set[tuple[Decimal, tuple[Decimal, ...]]]:
    """(total, parts) of every amount-first list: checked by :func:`_amount_first_parts`, so the general
    其中 reading of the same list does not report it again."""
    return {
        (
            Decimal(m.group("total").replace(",", "")),
            tuple(
                sorted(
                    Decimal(x.group(1).replace(",", ""))
                    for x in _AMOUNT_FIRST_ITEM.finditer(m.group("items"))
                )
            ),
        )
        for _par, m, _idx in ctx.derived(_amount_first_lists)
    }


def _amount_first_parts(ctx: Context) -> Iterable[Hit]:
    """A 其中 list of amounts each “用于” a purpose, under the total stated just before it: its parts add up
    to more than the total (a list under “其中” may leave items out: less than the total is not wrong), by
    at least Σ½·10⁻ᵖ (a figure rounded half up to p decimals is below its printed value + ½·10⁻ᵖ). An
    error when the gap exceeds the rounding of every figure as printed; a warning when it does only if a
    whole number beside two decimals is taken as exact (“30万元” beside “29.99万元”)."""
    for par, m, idx in ctx.derived(_amount_first_lists):
        raws = [x.group(1) for x in _AMOUNT_FIRST_ITEM.finditer(m.group("items"))]
        figures = [(Decimal(r.replace(",", "")), decimals_of(Decimal(r.replace(",", "")))) for r in raws]
        total = Decimal(m.group("total").replace(",", ""))
        tdec = decimals_of(total)
        parts = sum((v for v, _d in figures), ZERO)
        finest = max([tdec, *(d for _v, d in figures)])
        printed = half_unit(tdec) + sum((half_unit(d) for _v, d in figures), ZERO)
        exact_wholes = half_unit(tdec or finest) + sum((half_unit(d or finest) for _v, d in figures), ZERO)
        if parts - total < exact_wholes:
            continue  # at the envelope itself the parts are already too large: 四舍五入 rounds ½ up
        shown = max(2, finest)
        start = idx[m.start()]
        yield Hit(
            quoted(m.group("label") or m.group("word")),
            m.group("total") + "万元",
            f"其中各项{'＋'.join(raws)}＝{format_fixed(parts, shown)}万元，大于合计"
            f"{format_fixed(parts - total, shown)}万元",
            par.text[start : idx[m.end() - 1] + 1][:150],
            [par.where_at(start)],
            severity=None if parts - total > printed else "warning",
            keys=["amount-first", str(start)],
        )


#: “…收入20790亿元,…;支出16699亿元,…。本年收支结余4091亿元”: the year's balance of a fund
_BALANCE = re.compile(r"(?:本年|当年)?收支结余(?:决算数?)?(?:为|是)?$")
_INCOME_LEVEL = re.compile(r"(?:收入(?:总量|总计|合计)?|总收入)(?:决算数?)?(?:为|是)?$")
_SPENDING_LEVEL = re.compile(r"(?:支出(?:总量|总计|合计)?|总支出)(?:决算数?)?(?:为|是)?$")


def _year_balances(ctx: Context) -> Iterable[Hit]:
    """“本年收支结余” is the 收入 less the 支出 stated just before it (in its sentence or the one before, the
    nearest of each, neither a budget nor a change): a gap beyond the rounding of the three figures is a
    warning (which 收入 and 支出 the balance is of, the text does not say in so many words)."""
    previous: Sentence | None = None
    for sent in ctx.facts.sentences:
        before, previous = previous, sent
        if "收支结余" not in sent.text:
            continue  # no balance stated (the cheap test before the pattern, per figure)
        for m in sent.mentions:
            if m.kind != "amount" or m.direction or not _BALANCE.search(sent.text[: m.start]):
                continue
            earlier = [before] if before is not None and before.paragraph is sent.paragraph else []
            levels = [
                a
                for a in ctx.facts.amounts
                if (a.sentence in earlier or (a.sentence is sent and a.mention.start < m.start))
                and a.role in ("current", "actual")
                and not a.mention.direction
            ]
            income = next((a for a in reversed(levels) if _INCOME_LEVEL.search(a.label)), None)
            spending = next((a for a in reversed(levels) if _SPENDING_LEVEL.search(a.label)), None)
            if income is None or spending is None:
                continue
            expected = income.value - spending.value
            envelope = half_unit(m.decimals) + half_unit(income.decimals) + half_unit(spending.decimals)
            if abs(expected - m.value) <= envelope:
                continue
            scale, unit = UNIT_SCALE.get(m.unit, Decimal(1)), m.unit or "万元"  # shown in the balance's unit
            shown = max(m.decimals, income.decimals, spending.decimals) - UNIT_SHIFT.get(unit, 0)
            yield Hit(
                "“本年收支结余”",
                m.raw,
                f"{income.label}{income.mention.raw}−{spending.label}{spending.mention.raw}＝"
                f"{format_fixed(expected / scale, max(2, shown))}{unit}，"
                f"相差{format_fixed(abs(expected - m.value) / scale, max(2, shown))}{unit}",
                quote_of(sent, m),
                [sent.where, *([income.sentence.where] if income.sentence is not sent else [])],
                severity="warning",
                keys=["balance", str(sent.index)],
            )


_GRAND_INCOME = re.compile(r"收入总计(?:数)?(?:为|是)?$")
_CLOSING = re.compile(r"^(?:年末|年终)?(?:结转和|结转)?结余(?:资金|数)?(?:为|是)?$")


def _carried_totals(ctx: Context) -> Iterable[Hit]:
    """A unit's year told in one sentence (“年初结转结余数为77.56万元,本年收入总额为761.06万元,…,收入总计
    838.62万元;本年支出总额为740.79万元,…;结余97.83万元”): the 收入总计 is the opening balance plus the
    year's income, and the closing 结余 is the 收入总计 less the year's spending. A gap beyond the rounding of
    the figures is a warning (a 事业基金 drawn or a 结余分配 may stand between them unnamed)."""
    for sent in ctx.facts.sentences:
        if "收入总计" not in sent.text or "结余" not in sent.text:
            continue  # the cheap test first
        levels = [
            a
            for a in ctx.facts.amounts
            if a.sentence is sent and a.role in ("current", "actual") and not a.mention.direction
        ]
        opening = next((a for a in levels if a.key == "balance.opening"), None)
        income = next((a for a in levels if a.key == "income.total"), None)
        grand = next((a for a in levels if _GRAND_INCOME.search(a.label)), None)
        spending = next((a for a in levels if a.key == "expenditure.total"), None)
        if opening is None or income is None or grand is None or spending is None:
            continue
        if not opening.mention.start < income.mention.start < grand.mention.start < spending.mention.start:
            continue
        closing = next(
            (a for a in levels if a.mention.start > spending.mention.start and _CLOSING.match(a.label)), None
        )
        checks = [(grand, opening.value + income.value, (opening, income), "＋")]
        if closing is not None:
            checks.append((closing, grand.value - spending.value, (grand, spending), "−"))
        for stated, expected, (a, b), op in checks:
            envelope = half_unit(stated.decimals) + half_unit(a.decimals) + half_unit(b.decimals)
            if abs(expected - stated.value) <= envelope:
                continue
            places = max(2, stated.decimals, a.decimals, b.decimals)
            raws = (stated.mention.raw, a.mention.raw, b.mention.raw)
            yield Hit(
                quoted(stated.label),
                stated.mention.raw,
                f"{a.label}{a.mention.raw}{op}{b.label}{b.mention.raw}＝{in_units(expected, places, *raws)}，"
                f"相差{in_units(abs(expected - stated.value), places, *raws)}",
                quote_of(sent, stated.mention),
                [sent.where],
                severity="warning",
                keys=["carried", str(sent.index), str(stated.mention.start)],
            )


#: “…收入合计514601万元。…支出合计448985万元。上述收支相抵,年终结余65616万元”: a government fund's balance
_OFFSET = re.compile(
    r"收支相抵(?:后)?[，,]?[^\d，,。；;]{0,12}?(?:年终|年末|当年)?(?:滚存)?(?:结余结转|结转结余|结余|结转)(?:为|是)?$"
)
_INCOME_TOTAL = re.compile(r"(?:收入(?:总量|总计|合计)|总收入)$")
_SPENDING_TOTAL = re.compile(r"(?:支出(?:总量|总计|合计)|总支出)$")
_INCOME_WORD = re.compile(r"收入|结余|结转")


def _offset_sides(levels: list[Amount]) -> tuple[list[Amount], list[Amount]] | None:
    """The income and spending figures a “收支相抵” balance is of: the last 收入合计 and 支出合计 stated
    before it, or — when no total is stated (“国有资本经营收入1493万元,上级补助收入44万元,上年结余140万元,
    国有资本经营支出1459万元”) — the incomes listed before the first 支出 and the figures from it on."""
    income = next((a for a in reversed(levels) if _INCOME_TOTAL.search(a.label)), None)
    spending = next((a for a in reversed(levels) if _SPENDING_TOTAL.search(a.label)), None)
    if income is not None and spending is not None:
        return [income], [spending]
    if income is not None or spending is not None:
        return None
    levels = [a for a in levels if not a.in_list]  # a listed item is inside its head, not added again
    cut = next((k for k, a in enumerate(levels) if "支出" in a.label), None)
    if not cut or not all(_INCOME_WORD.search(a.label) for a in levels[:cut]):
        return None
    return levels[:cut], levels[cut:]


def _offset_balances(ctx: Context) -> Iterable[Hit]:
    """“上述收支相抵,年终结余X” is the income less the spending stated before it in its paragraph (see
    :func:`_offset_sides`): a gap beyond the rounding of the figures is a warning (the text names the two
    sides only as “上述收支”)."""
    after = -1  # the last sentence stating such a balance: the figures before it are another fund's
    for sent in ctx.facts.sentences:
        if "收支相抵" not in sent.text:
            continue
        since, after = after, sent.index
        for m in sent.mentions:
            if m.kind != "amount" or m.direction or not _OFFSET.search(sent.text[: m.start]):
                continue
            levels = [
                a
                for a in ctx.facts.amounts
                if a.sentence.paragraph is sent.paragraph
                and a.sentence.index > since
                and (a.sentence.index < sent.index or (a.sentence is sent and a.mention.start < m.start))
                and a.role in ("current", "actual")
                and not a.mention.direction
                and not inside_a_bracket(a.sentence.text, a.mention.start)
                and not _COMPARED.search(a.sentence.text[: a.mention.start])
            ]
            sides = _offset_sides(levels)
            if sides is None:
                continue
            incomes, spendings = sides
            expected = sum((a.value for a in incomes), ZERO) - sum((a.value for a in spendings), ZERO)
            envelope = half_unit(m.decimals) + sum((half_unit(a.decimals) for a in incomes + spendings), ZERO)
            if abs(expected - m.value) <= envelope:
                continue
            scale, unit = UNIT_SCALE.get(m.unit, Decimal(1)), m.unit or "万元"
            shown = max(m.decimals, *(a.decimals for a in incomes + spendings)) - UNIT_SHIFT.get(unit, 0)
            listed = "＋".join(f"{a.label}{a.mention.raw}" for a in incomes)
            minus = "−".join(f"{a.label}{a.mention.raw}" for a in spendings)
            yield Hit(
                "“收支相抵”后的结余",
                m.raw,
                f"{listed}−{minus}＝{format_fixed(expected / scale, max(2, shown))}{unit}，"
                f"相差{format_fixed(abs(expected - m.value) / scale, max(2, shown))}{unit}",
                quote_of(sent, m),
                [sent.where],
                severity="warning",
                keys=["offset", str(sent.index)],
            )


#: “收入总计451227万元,减支出总计425533万元,财政滚存结余25694万元”: a figure less the next, stated as the
#: balance right after them (clauses of one sentence)
_LESS_IS_BALANCE = re.compile(r"^减(?:去)?[^，,；;。\d]{1,16}$")
_BALANCE_NAME = re.compile(r"^[^，,；;。\d]{0,10}结余(?:为|是)?$")


def _subtracted_balances(ctx: Context) -> Iterable[Hit]:
    """A balance stated right after a figure and the figure it is less by (“收入总计451227万元,减支出总计
    425533万元,财政滚存结余25694万元”): the first less the second, to the rounding of the three; a gap is a
    warning."""
    for sent in ctx.facts.sentences:
        if "减" not in sent.text or "结余" not in sent.text:
            continue
        figures = [(c, m) for c in sent.clauses for m in c.mentions if m.kind == "amount" and not m.direction]
        for (c1, a), (c2, b), (c3, z) in zip(figures, figures[1:], figures[2:], strict=False):
            if not (c1 is not c2 is not c3 and c1 is not c3) or a.unit != b.unit or b.unit != z.unit:
                continue
            if not _LESS_IS_BALANCE.match(sent.text[c2.start : b.start].strip()):
                continue
            if not _BALANCE_NAME.match(sent.text[c3.start : z.start].strip()):
                continue
            expected = a.value - b.value
            envelope = half_unit(a.decimals) + half_unit(b.decimals) + half_unit(z.decimals)
            if abs(expected - z.value) <= envelope:
                continue
            scale, unit = UNIT_SCALE.get(z.unit, Decimal(1)), z.unit or "万元"
            shown = max(2, a.decimals, b.decimals, z.decimals) - UNIT_SHIFT.get(unit, 0)
            yield Hit(
                "结余",
                z.raw,
                f"{a.raw}−{b.raw}＝{format_fixed(expected / scale, max(2, shown))}{unit}，"
                f"相差{format_fixed(abs(expected - z.value) / scale, max(2, shown))}{unit}",
                quote_of(sent, z),
                [sent.where],
                severity="warning",
                keys=["less", str(sent.index), str(z.start)],
            )


#: A clause closing a list of figures with their sum:
#: “…分别为63.79万元、974.64万元、382.88万元,总数1421.31万元”.
_LIST_SUM = re.compile(r"^(?:合计|共计|总计|总数|总额|总共|共)(?:为|是|达)?")


def _respective_sums(ctx: Context) -> Iterable[Hit]:
    """Figures listed with “分别为/分别是” and the clause after them stating their sum (“合计164万元”, “总数
    1421.31万元”): every figure of the list is a part of the sum."""
    by_mention = {id(a.mention): a for a in ctx.facts.amounts}
    for sent in ctx.facts.sentences:
        if "分别" not in sent.text:
            continue
        for clause, after in zip(sent.clauses, sent.clauses[1:], strict=False):
            at = clause.text.find("分别")
            listed = [m for m in clause.mentions if m.kind == "amount" and m.start - clause.start > at >= 0]
            sums = [m for m in after.mentions if m.kind == "amount"]
            if len(listed) < 2 or len(sums) != 1 or not _LIST_SUM.match(after.text.strip("，,；;：: ")):
                continue
            items = [by_mention.get(id(m)) for m in listed]
            if any(i is None for i in items):
                continue
            total = sums[0]
            label = clean_label(clause.text[:at]) or "所列各项"
            yield from _sum_hit(
                total.value,
                total.decimals,
                total.raw,
                label,
                [i for i in items if i is not None],
                True,
                sent,
                ["respective-sum", str(sent.index), str(after.start)],
            )


#: “2016年支出决算数3109.3838万元,其中:一般公共服务支出…”: a spending figure and the “其中” opening its list
_SPENDING_HEAD = re.compile(r"(?:本年)?支出")
_LIST_OPENS = re.compile(rf"[，,（(]?{LIST_OPENS}")


#: the catch-all 类 that closes a list of classes (其它 as many pages write it)
_CATCH_ALL_CLASS = re.compile(r"其[他它]支出")


def _a_class(label: str, year: int) -> bool:
    """Whether ``label`` is the name of a 功能分类 类 (“社会保障与就业支出” for 社会保障和就业支出 too; the
    catalogue reads “其它” as 其他)."""
    return any(resolve_class(n, year)[1] in ("ok", "outdated") for n in {label, label.replace("与", "和")})


def _class_lists(ctx: Context) -> list[tuple[Amount, list[Amount]]]:
    """A spending figure named only “支出” split “其中:” into 功能分类 类 that ends with 其他支出
    (“2016年支出决算数3109.3838万元,其中:一般公共服务支出3.6540万元,教育支出2405.0198万元,…,其他支出6万元”):
    the classes with the catch-all class are the whole spending, so a figure short of it is a warning (one
    above it is found by the list's own check). Each such figure with its classes."""
    year = ctx.year or 2020
    by_mention = {id(a.mention): a for a in ctx.facts.amounts}
    found: list[tuple[Amount, list[Amount]]] = []
    for sent in ctx.facts.sentences:
        if not _CATCH_ALL_CLASS.search(sent.text):
            continue
        amounts = [by_mention.get(id(m)) for m in sent.mentions if m.kind == "amount"]
        for k, head in enumerate(amounts):
            if head is None or head.key or not _SPENDING_HEAD.fullmatch(head.label):
                continue
            if not _LIST_OPENS.match(sent.text[head.mention.end :]):
                continue
            items = [a for a in amounts[k + 1 :] if a is not None]
            if len(items) < 2 or len(items) != len(amounts) - k - 1:
                break  # a change or a prior year's figure in the list: not a plain split
            if not all(_a_class(i.label, year) for i in items) or not _CATCH_ALL_CLASS.fullmatch(
                items[-1].label
            ):
                break
            if sum((i.value for i in items), ZERO) >= head.value:
                break
            found.append((head, items))
            break
    return found


def _wholes_of_complete_shares(ctx: Context) -> list[tuple[Amount, list[Amount]]]:
    """Parts stated apart, each with its share of one named base, whose shares add up to 100% (“工程类采购金额
    10141.11亿元,占采购总规模的58.6%” …, “货物类…30.2%”, “服务类…11.2%”): they are the whole, so their amounts
    add up to the base's figure, where the text states one figure within every share's reach
    (“全国政府采购规模为17305.34亿元”) named like the base. Each such figure with the parts; bound by their
    shares only, a gap is a warning."""
    by_base: dict[str, list[Share]] = {}
    for s in ctx.facts.shares:
        if s.base is None and s.group is None and len(s.base_label) >= 2 and s.amount.value > 0:
            by_base.setdefault(s.base_label, []).append(s)
    out: list[tuple[Amount, list[Amount]]] = []
    for label, shares in by_base.items():
        parts = [s.amount for s in shares]
        if len(shares) < 2 or len({id(a) for a in parts}) < len(parts) or _OWN_KIND_BASE.match(label):
            continue
        total_pct = sum((s.pct.value for s in shares), ZERO)
        if abs(total_pct - HUNDRED) > sum((half_unit(s.pct.decimals) for s in shares), ZERO):
            continue
        # the whole each share implies: its amount ÷ its rate, over both printed intervals
        reach = [
            r
            for s in shares
            if (r := ratio_range(s.amount.value, s.amount.decimals, s.pct.value, s.pct.decimals)) is not None
        ]
        lo, hi = max(r.lo for r in reach), min(r.hi for r in reach)
        mine = {id(a) for a in parts}
        bases = {
            a.value: a
            for a in ctx.facts.amounts
            if id(a) not in mine
            and a.role in ("current", "actual")
            and lo <= a.value <= hi
            and label[-2:] in a.label
        }
        if len(bases) == 1:
            out.append((next(iter(bases.values())), parts))
    return out


@audit_rule("A020")
def parts_vs_total(ctx: Context) -> Iterable[Hit]:
    yield from _flat_funds(ctx)
    class_lists = _class_lists(ctx)
    for spending, classes in class_lists:
        yield from _head_sum(spending, classes, True, "class-list", severity="warning")
    # not checked again below as the list of a head of unknown key
    split_by_classes = {id(spending) for spending, _ in class_lists}
    yield from _respective_sums(ctx)
    yield from _amount_first_parts(ctx)
    yield from _year_balances(ctx)
    yield from _offset_balances(ctx)
    yield from _subtracted_balances(ctx)
    yield from _carried_totals(ctx)
    for base, parts in _wholes_of_complete_shares(ctx):
        yield from _head_sum(base, parts, True, "complete-shares", severity="warning")
    amount_first = _amount_first_sums(ctx)
    for group in ctx.facts.groups:
        head = group.head
        if head is None or id(head) in split_by_classes:
            continue
        if not head.label.strip():
            # a figure whose subject could not be read (“较2022年决算数688.84万元131.49万元,增长19.09%。
            # 其中:…”, a change that lost its 增加) is no total its 其中 can be checked against
            continue
        if (head.value, tuple(sorted(i.value for i in group.items))) in amount_first:
            continue  # an amount-first list, checked above with its own reading of whole numbers
        # every item listed adds up to the whole (“总支出40976.5万元。其中:…2955万元,…38021.5万元”): no gap to
        # report, whatever the items' families
        whole = len(group.items) >= 2 and sum((i.value for i in group.items), ZERO) == head.value
        if group.named:
            if not whole:
                yield from _named_list_sum(ctx, group)
            continue
        items, complete = _family_items(group)
        if not group.head_key and len(items) < len(group.items) and _one_plain_list(group):
            # “基金预算收入总计91,302万元,…,其中:上级补助收入1,776万元,调入资金7,661万元,债务(转贷)收入
            # 80,500万元,上年结余资金1,410万元”: one list in its sentence, nothing added or nested, all its
            # items are the figure's parts, of whatever family
            items, complete = _plain_items(group), False
        if len(items) < 2 and not (len(items) == 1 and complete):
            continue
        listed = [s for s in ctx.facts.shares if s.group is group or s.sentence is group.sentence]
        has_shares = bool(listed) and sum((s.pct.value for s in listed), ZERO) >= 99  # shares of the whole
        # (“…分别为” says the list is whole: all its items, not those of one family once others are left out)
        exhaustive = len(items) == len(group.items) and any(
            w in group.sentence.text for w in _EXHAUSTIVE_INTRO
        )
        complete = complete or has_shares or exhaustive
        complete = complete or any(i.key.endswith(".other") for i in items)  # 其他收入 closes the list
        if not group.head_key:
            # a head named 总收入/总支出 (:func:`~juesuan.audit.facts._whole_named_total`): what it holds
            # besides the items read is not known, so only parts above it are wrong; unless the items are
            # named as its whole by nature (“一般公共预算支出总计76.68亿元,其中:本级支出65.37亿元,转移性支出
            # 11.31亿元”)
            complete = not any(i.key for i in items) and (
                _names_the_whole(items) or _twin_adds_up(ctx, group)
            )
        if group.head_key in ("income.total", "expenditure.total") and GRAND_TOTAL.search(head.label):
            # “(一)收入总计1759.77万元。包括:” then its numbered sources, 用事业基金弥补收支差额 and
            # 年初结转和结余: the sources alone are not the whole of a 收入总计
            complete = False
        if len(items) == 1 and not has_shares:
            if items[0].value <= head.value:
                continue  # one 其中 part is not the whole list: only a part above its total is wrong
            complete = False
        if _cut_in_the_list(ctx, group.sentence):
            # “…经营收入0万元,占收入合计的0%;附属单位上缴收”: the page cut inside the list, its rest unread
            complete = has_shares = False
        if has_shares:
            items = list(group.items)  # shares adding up to 100%: the list is the whole, of any family
        if not whole and not group.head_key:
            # nor is it known that no item holds another (本年收入 and its 财政拨款收入): a warning
            keys = [head.key, "sum"]
            yield from _sum_hit(
                head.value,
                head.decimals,
                head.mention.raw,
                head.label,
                items,
                complete,
                head.sentence,
                keys,
                severity="warning",
            )
        elif not whole:
            yield from _head_sum(head, items, complete, "sum")
        # budgets of 科目 items vs the head's budget
        if items and items[0].key.startswith(("gpb.item.", "fund.item.", "capital.item.")):
            found = [
                next((b for b in ctx.facts.amounts if b.key == i.key and b.role == "budget"), None)
                for i in items
            ]
            budgets = [b for b in found if b is not None]
            kinds = {b.budget_kind for b in budgets}
            head_budgets = [
                a
                for a in ctx.facts.amounts
                if a.sentence.paragraph is head.sentence.paragraph and a.role == "budget"
            ]
            head_budget = next(
                (a for a in head_budgets if a.budget_kind in kinds), head_budgets[0] if head_budgets else None
            )
            if head_budget is not None and len(budgets) == len(found):
                yield from _sum_hit(
                    head_budget.value,
                    head_budget.decimals,
                    head_budget.mention.raw,
                    head_budget.label + "预算",
                    budgets,
                    True,
                    head_budget.sentence,
                    [head.key, "budget-sum"],
                )
    yield from _parts_of_a_named_whole(ctx)
    yield from _additions_to_a_total(ctx)
    yield from _listed_then_total(ctx)
    # “…总计为X万元,其中:” closing a paragraph, its items in the numbered paragraphs after it
    for head, items, complete in numbered_parts(ctx):
        yield from _head_sum(head, items, complete, "numbered-sum")
    # 项 items of the 具体情况 vs the 类 amounts of the 结构情况
    by_class: dict[str, list[Amount]] = {}
    for _par, path, key in ctx.facts.item_paragraphs:
        if not key.startswith("gpb.item."):
            continue
        actual = next(
            (a for a in ctx.facts.amounts if a.key == key and a.role in ("actual", "current")), None
        )
        if actual is not None and path.cls:
            by_class.setdefault(class_name(path.cls), []).append(actual)
    for cls, items in by_class.items():
        stated = ctx.facts.first_value(f"gpb.class.{cls}")
        if stated is None:
            continue
        yield from _sum_hit(
            stated.value,
            stated.decimals,
            stated.mention.raw,
            stated.label,
            items,
            True,
            stated.sentence,
            [stated.key, "class-sum"],
            item_word="所列项级科目",
        )


def _the_figure_of(ctx: Context, key: str) -> Amount | None:
    """The one figure the text states for ``key`` (决算 or this year's): the figures not under another
    year's opening (“2022年…” in a 2023 report) when the text states several; none when still ambiguous."""
    stated = [a for a in ctx.facts.amounts if a.key == key and a.role in ("current", "actual")]
    if len({a.value for a in stated}) > 1:
        stated = [a for a in stated if not _other_years_sentence(a.sentence.text, ctx.year)]
    return stated[0] if stated and len({a.value for a in stated}) == 1 else None


def _the_budget_of(ctx: Context, key: str, sentence: Sentence) -> Amount | None:
    """The one budget figure stated elsewhere for ``key`` in the year ``sentence`` opens with (“2010年…
    预算中,” against “2010年…预算数2711.65万元、…,2011年预算数2687.06万元”); none when still ambiguous."""
    year = _OPENING_YEAR.match(sentence.text.strip())
    stated = [
        a
        for a in ctx.facts.amounts
        if a.key == key
        and a.role == "budget"
        and a.sentence is not sentence
        and (year is None or _clause_years(a) <= {int(year.group(1))})
    ]
    return stated[0] if stated and len({a.value for a in stated}) == 1 else None


def _parts_of_a_named_whole(ctx: Context) -> Iterable[Hit]:
    """“2023年“三公”经费财政拨款支出决算中,因公出国(境)费支出决算0万元,…;公务用车购置及运行维护费支出决算
    1.4万元,…;公务接待费支出决算0.28万元”: the whole is named by the sentence's opening clause and its
    figure stated elsewhere in the text; a list that is the whole by nature must add up to it. The whole
    is bound by its name only, so a gap is a warning."""
    headed = {id(g.sentence) for g in ctx.facts.groups if g.head is not None}
    by_sentence: dict[int, list[Amount]] = {}
    for a in ctx.facts.amounts:
        if a.role in ("current", "actual", "budget") and a.key and not a.key.startswith("?"):
            by_sentence.setdefault(id(a.sentence), []).append(a)
    for stated in by_sentence.values():
        sentence = stated[0].sentence
        opening = sentence.clauses[0]
        if id(sentence) in headed or not opening.text.endswith("中"):
            continue
        if not all(m.kind == "year" for m in opening.mentions):
            continue
        budget = re.search(r"预算数?中$", opening.text) is not None
        amounts = [a for a in stated if (a.role == "budget") == budget]
        label = re.sub(r"(决算|预算数?)?中$", "", opening.text)
        key = subject_key(label)
        if not amounts or key not in HEAD_KEYS or any(a.key == key for a in amounts):
            continue
        whole = _the_budget_of(ctx, key, sentence) if budget else _the_figure_of(ctx, key)
        if whole is None:
            continue
        items, complete = _family_items(Group(whole, label, key, amounts, sentence))
        if complete and len(items) >= 2:
            yield from _sum_hit(
                whole.value,
                whole.decimals,
                f"{whole.mention.raw}（{whole.sentence.where.describe()}）",
                re.sub(r"^20\d\d年度?", "", label),
                items,
                True,
                sentence,
                [key, "named-sum"],
                severity="warning",
            )


#: “…本级收入238965万元,加上:上年结转4550万元、…,收入总计929393万元”: a government's 决算 adds the
#: transfers to its own revenue (or spending) and closes the sentence with the total
_ADDED = re.compile(r"[，,；;]加上?[：:]?(?=[^\d])")
# a sentence that opens with what it adds to, stated before it: “县级一般公共预算收入加上…” (the subject
# named), “加上上年结转收入113.59亿元,…收入总量为1439.97亿元” (the figure of the sentence before)
_ADDED_OPENING = re.compile(r"^(?P<subject>[^\d，,；;：:。]{0,20}?)加上[：:]?(?=[^\d])")
# a sentence that opens with the uses it adds, “…后”, and closes with the total: “全区政府性基金预算支出
# 40万元,主要是抗疫特别国债40万元。结转下年项目支出4万元后,支出总计40万元。” (the 支出 of the sentence before)
_USES_OPENING = re.compile(
    r"^(?P<subject>)(?=(?:结转下年|上解上级|调出资金|安排预算稳定调节基金|债务还本)[^。；;]{0,30}?\d(?:万元|万|亿元|亿|元)后[，,])"
)
_PARTS_FOLLOW = re.compile(r"其中|主要(?:是|为|包括|有)")
_ADDED_TOTAL = re.compile(
    r"(总收入|总支出|收入总计|支出总计|总计|收入合计|支出合计|收入总量|支出总量)(决算数?)?(为|是|达)?$"
)
_TAKEN_AWAY = re.compile(r"[，,；;、]\s*减(?!少|收|支|免|税|幅)[^，,；;、\d]{2,20}$")
_COMPARED = re.compile(r"(比|较|与|同比)[^，,；;、。]*$")


def _additions_to_a_total(ctx: Context) -> Iterable[Hit]:
    """The first figure of a sentence plus the figures “加上” after it make the total that closes it: “全市
    地方一般公共预算支出1,996,786万元,…加上上解上级支出98,524万元、…,全市地方一般公共预算总支出2,686,338万元”.
    A bracketed figure (“(含…)”, “(其中:本级791万元)”) is inside another, not added."""
    before: Sentence | None = None
    for sent in ctx.facts.sentences:
        previous, before = before, sent
        opening = _ADDED_OPENING.match(sent.text) or _USES_OPENING.match(sent.text)
        added = _ADDED.search(sent.text) or opening
        if added is None or SUBTRACTED.search(sent.text):
            continue
        # a budget beside its 决算 (“收入预算数为15.39亿元,实际完成15.39亿元,…,加上…”) is not added
        budgets = {id(a.mention) for a in ctx.facts.amounts if a.sentence is sent and a.role == "budget"}
        figures = [
            m
            for m in sent.mentions
            if m.kind == "amount"
            and not inside_a_bracket(sent.text, m.start)
            and not _COMPARED.search(sent.text[: m.start])  # “比上年增收12423万元”: a change, not added
            and id(m) not in budgets
        ]
        # “支出168.23亿元,…,剔除疫情防控保障等一次性因素后,为165.61亿元”: the figure before, restated on
        # another basis, is not added again
        figures = [
            m
            for k, m in enumerate(figures)
            if not (k and _RESTATED_AS.search(sent.text, figures[k - 1].end, m.start) is not None)
        ]
        # the total is the first figure after “加上” named as one (“…,收入合计为6449万元;…支出合计6449万元,
        # 其中:”: the sentence goes on past its sum with the spending, which is no part of it)
        at, named = 0, None
        for k in range(1, len(figures)):
            if figures[k].start >= added.end():
                between = re.sub(r"[，,]", "", sent.text[figures[k - 1].end : figures[k].start])
                named = _ADDED_TOTAL.search(between)
                if named is not None:
                    at = k
                    break
        if named is None:
            continue
        severity: Severity | None = None
        # an item taken away (“…,调入资金等29亿元,减上解市级支出49.4亿元,一般公共预算总收入818.9亿元”)
        items = [
            Amount(
                "",
                "",
                "current",
                replace(m, value=-m.value) if _TAKEN_AWAY.search(sent.text[: m.start]) else m,
                sent,
            )
            for m in figures[:at]
        ]
        if opening is not None:
            base = _added_to(ctx, previous, sent, opening.group("subject"))
            if base is None:
                continue
            items.insert(0, base)
            # what the figure is of the text leaves unsaid when it opens with 加上: a warning
            severity = None if opening.group("subject") else "warning"
        elif figures[0].start > added.start():
            continue
        if len(items) < 2:
            continue
        total = figures[at]
        items = min(
            _with_either_of_whole_and_part(items, sent, added.start()),
            key=lambda option: abs(total.value - sum((i.value for i in option), ZERO)),
        )
        worded = next((i for i in items if i.mention.sign and i.mention.start > added.start()), None)
        gap = total.value - sum((i.value for i in items), ZERO)
        places = max(total.decimals, *(i.decimals for i in items))
        envelope = half_unit(places) * (len(items) + 1)
        if worded is not None and gap and abs(gap) <= envelope:
            # “…,调出资金增加10,239万元,…总支出2,686,338万元” (2 short): an item added that is worded as a
            # change (the words of the change against the 执行数 in the next paragraph) is not the item's
            # figure; the gap, however small, is not a rounding one
            raws = [total.raw, *(i.mention.raw for i in items)]
            words = re.split(r"[，,、；;]", sent.text[: worded.mention.start])[-1] + worded.mention.raw
            yield Hit(
                quoted(named.group(1)),
                total.raw,
                f"所加各项之和为{in_units(total.value - gap, places, *raws)}，"
                f"相差{in_units(abs(gap), places, *raws)}；"
                f"所加的“{words}”是增减额的写法，不是该项的决算数",
                quote_of(sent, total),
                [sent.where],
                severity="warning",
                keys=["added-sum", str(sent.index), "worded-change"],
            )
            continue
        yield from _sum_hit(
            total.value,
            total.decimals,
            total.raw,
            named.group(1),
            items,
            True,
            sent,
            ["added-sum", str(sent.index)],
            severity=severity,
        )


def _listed_then_total(ctx: Context) -> Iterable[Hit]:
    """A government's balance sentence: figures set apart by 、 (or commas), then the total they make
    (:func:`~juesuan.audit.rules.statements.listed_sums`); one whose only slip is a figure in 元 that adds up
    in 万元 is A025's."""
    for listed in listed_sums(ctx):
        if yuan_for_wan(listed) is not None:
            continue
        yield from _sum_hit(
            listed.total.value,
            listed.total.decimals,
            listed.total.raw,
            listed.name,
            listed.items,
            listed.closed,
            listed.sentence,
            ["listed-sum", str(listed.sentence.index), str(listed.total.start)],
            severity="warning",
        )


def _with_either_of_whole_and_part(items: list[Amount], sent: Sentence, added: int) -> list[list[Amount]]:
    """The ways to read what is added to: all the figures before “加” (each a part), or, where one of them
    is introduced by 其中 and so is a part of the figure before it, either of the two alone: “全区一般公共
    预算总收入410338万元,…,其中地方一般公共预算收入271630万元,…;加上级补助收入…,收入合计514601万元” adds to
    the 地方 revenue, not to both; so after “加上” (“加上级转移支付收入1884万元,其中:一般转移支付收入1478万元
    (…),上年结转结余60万元,…,收入合计为6449万元”)."""
    options = [items]
    for n in range(1, len(items)):
        item, whole = items[n], items[n - 1]
        if item.sentence is not sent or whole.sentence is not sent:
            continue
        if "其中" in sent.text[whole.mention.end : item.mention.start]:
            options.append([i for i in items if i is not whole])
            options.append([i for i in items if i is not item])
    return options


def _added_to(ctx: Context, previous: Sentence | None, sent: Sentence, subject: str) -> Amount | None:
    """The figure a sentence opening with “加上” adds to, stated in the sentence before it in the same
    paragraph: the last figure of the subject it names (“县级一般公共预算收入加上…”), or, when it names none,
    the last figure of that sentence that is neither a budget nor a change (“…预算数为1376.82亿元,决算数为
    1326.38亿元,完成预算的96.3%。加上…”)."""
    if previous is None or previous.paragraph is not sent.paragraph:
        return None
    levels = [a for a in ctx.facts.amounts if a.sentence is previous and a.role in ("current", "actual")]
    if subject:
        levels = [a for a in levels if a.label and (a.label.endswith(subject) or subject.endswith(a.label))]
    else:
        # the figures of a 其中 list split the one before it (“…收入实现111.11万元,…,其中税收收入109.91万元,
        # …;非税收入1.2万元。加上…”), and those after “主要是” say what it is made of (“支出40万元,主要是抗疫
        # 特别国债40万元。结转下年…”): 加上 adds to the whole, not to its last part
        split = _PARTS_FOLLOW.search(previous.text)
        heads = [a for a in levels if split is not None and a.mention.start < split.start()]
        if split is not None and split.start() == 0 and previous.index > 0:
            # the sentence before opens with 其中 (“…收入137.78亿元,…。其中:税收收入…;非税收入50.03亿元,…。
            # 加上…”): its figures split the one before it, which 加上 adds to
            whole = ctx.facts.sentences[previous.index - 1]
            if whole.paragraph is sent.paragraph:
                heads = [
                    a for a in ctx.facts.amounts if a.sentence is whole and a.role in ("current", "actual")
                ]
        levels = heads or levels
    return levels[-1] if levels else None


def _head_sum(
    head: Amount, items: list[Amount], complete: bool, kind: str, severity: Severity | None = None
) -> Iterable[Hit]:
    """The items of a list against the stated figure that heads it (see :func:`_sum_hit`)."""
    shown, keys = head.mention.raw, [head.key, kind]
    return _sum_hit(
        head.value, head.decimals, shown, head.label, items, complete, head.sentence, keys, severity=severity
    )


def _sum_hit(
    total,
    tdec,
    shown,
    label,
    items: list[Amount],
    complete,
    sentence,
    keys,
    item_word="各分项",
    severity: Severity | None = None,
    around: Mention | None = None,
):
    parts = sum((i.value for i in items), ZERO)
    # “基本支出380.17万元,…;项目支出80万元”: beside figures of two decimals a whole number is written without
    # its “.00”, it is not rounded to the 万元
    finest = max([tdec, *(i.decimals for i in items)])
    # “457.8161万元”: sums and gaps shown to the document's own precision (to four decimals at most)
    shown_dec = min(max(2, finest), 4)
    # (a total of one decimal beside parts of two is written without its trailing zero, “11.7万元” for 11.70:
    # a gap only its rounding to one decimal would allow is told, as a warning)
    tplaces = finest if tdec == 1 and finest == 2 else (tdec or finest)
    # (so is a whole number of 亿元 beside figures of two decimals: “公务用车购置费4亿元,公务用车运行
    # 维护费31.99亿元”)
    envelope = half_unit(tplaces) + sum(
        (half_unit(finest if "." not in i.mention.raw else i.decimals) for i in items), ZERO
    )
    diff = total - parts
    if tplaces != tdec and abs(diff) <= half_unit(tdec) + envelope - half_unit(tplaces):
        severity = "warning"
    if diff == 0:
        return
    # the parts as printed, without their 万元 when all are in 万元 (“…＋4364万元＋55.84亿元” keeps them)
    same = all(i.mention.raw.endswith(("万元", "万")) for i in items)
    listing = "＋".join(i.mention.raw.replace("万元", "") if same else i.mention.raw for i in items[:14]) + (
        "…" if len(items) > 14 else ""
    )
    # the figure's line and the lines its parts stand on (a list continued over numbered lines)
    where = [sentence.where]
    for i in items:
        if i.sentence.where not in where and len(where) < 4:
            where.append(i.sentence.where)
    elsewhere: list = []
    for i in items:
        if i.sentence is not sentence and i.sentence not in elsewhere:
            elsewhere.append(i.sentence)
    raws = [shown, *(i.mention.raw for i in items)]
    sum_s, gap_s = in_units(parts, shown_dec, *raws), in_units(abs(diff), shown_dec, *raws)
    if abs(diff) <= envelope:
        yield Hit(
            quoted(label),
            shown,
            f"{item_word}{listing}＝{sum_s}，相差{gap_s}，"
            f"在四舍五入尾差（±{format_fixed(envelope, 3)}万元）以内",
            quote_of(sentence),
            where,
            severity="info",
            keys=keys,
        )
    elif diff < 0 or complete:
        yield Hit(
            quoted(label),
            shown,
            f"{item_word}{listing}＝{sum_s}，相差{gap_s}",
            # the figure and, when they stand in a sentence of their own, the parts it does not add up to
            quote_of(sentence, around) + "".join(quote_of(s) for s in elsewhere[:3]),
            where,
            severity=severity,
            keys=keys,
        )
    elif (swap := _one_slip(total, shown, [(i.mention.raw, i.value) for i in items])) is not None:
        # a shortfall that one figure's two adjacent digits swapped back, or its one digit left out put back,
        # make up to the cent: the list is whole and that figure mistyped, not an item left unlisted (a
        # warning: which figure, it can only infer)
        raw, fixed, how = swap
        yield Hit(
            quoted(label),
            shown,
            f"{item_word}{listing}＝{sum_s}，相差{gap_s}，恰为“{raw}”{how}所致"
            f"（若为“{fixed}”则相符），疑该数有误",
            quote_of(sentence, around) + "".join(quote_of(s) for s in elsewhere[:3]),
            where,
            severity="warning",
            keys=keys,
        )
    else:
        yield Hit(
            quoted(label),
            shown,
            f"所列{item_word}合计{sum_s}，少{in_units(diff, shown_dec, *raws)}（“其中”可能未列全）",
            quote_of(sentence),
            where,
            severity="info",
            keys=keys,
        )


_FIGURE_DIGITS = re.compile(r"[\d,，.]+")


def _one_slip(total: Decimal, shown: str, items: list[tuple[str, Decimal]]) -> tuple[str, str, str] | None:
    """The one mistyped figure that explains why ``items`` (each as printed and its value) do not add up to
    ``total`` (printed as ``shown``): the figure, its reading that makes them add up exactly and how it was
    mistyped — two adjacent digits swapped (the total or an item), one digit left out (an item of three
    digits or more: “非税收入1268万元” for 12648) or one digit too many (a total of four or more); None unless
    exactly one such reading exists."""
    parts = sum((value for _, value in items), ZERO)
    found: dict[tuple[str, str], str] = {}
    for raw, value, is_total in [(shown, total, True), *((raw, value, False) for raw, value in items)]:
        m = _FIGURE_DIGITS.search(raw)
        if m is None:
            continue
        printed = m.group(0).replace(",", "").replace("，", "")
        try:
            scale = value / Decimal(printed)
        except (ArithmeticError, ValueError):
            continue
        readings = []
        for k in range(len(printed) - 1):
            a, b = printed[k], printed[k + 1]
            if a != b and a.isdigit() and b.isdigit() and not (k == 0 and b == "0"):
                readings.append((printed[:k] + b + a + printed[k + 2 :], "两位数字颠倒"))
        digits = sum(c.isdigit() for c in printed)
        if not is_total and digits >= 3:
            readings += [
                (printed[:k] + x + printed[k:], "漏写一位数字")
                for k in range(len(printed) + 1)
                for x in "0123456789"
                if not (k == 0 and x == "0")
            ]
        if is_total and digits >= 4:
            readings += [
                (printed[:k] + printed[k + 1 :], "多写一位数字")
                for k in range(len(printed))
                if printed[k].isdigit() and not (k == 0 and printed[1:2] in ("0", "."))
            ]
        for reading, how in readings:
            try:
                new = Decimal(reading) * scale
            except ArithmeticError:
                continue
            if (new == parts) if is_total else (parts - value + new == total):
                found.setdefault((raw, raw.replace(m.group(0), reading, 1)), how)
    if len(found) != 1:
        return None
    (raw, fixed), how = next(iter(found.items()))
    return raw, fixed, how


@audit_rule("A021")
def count_vs_list(ctx: Context) -> Iterable[Hit]:
    for cl in ctx.facts.count_lists:
        if len(cl.items) < cl.count.value and _cut_in_the_list(ctx, cl.list_sentence or cl.sentence):
            continue  # “全额拨款单位16个(A、B、C、湖南省举重运动管”: the page cut inside the list
        if cl.count.value not in cl.readings:
            yield Hit(
                f"“{cl.count.raw}{cl.noun}”",
                f"列出了{len(cl.items)}个：{'、'.join(cl.items)[:60]}",
                "个数应与所列一致",
                quote_of(cl.sentence, cl.count) + (quote_of(cl.list_sentence) if cl.list_sentence else ""),
                [cl.sentence.where] + ([cl.list_sentence.where] if cl.list_sentence else []),
                keys=["count-list"],
            )
    for cg in ctx.facts.count_groups:
        total = sum((m.value for _, m in cg.items), ZERO)
        if total < cg.head.value and _cut_in_the_list(ctx, cg.sentence):
            continue  # “人员编制614名,其中:…455名,…13名,长沙铁路运输检察院” at the end of a page cut short
        # (a part of the whole short by what one count mistyped, and only it, explains is that count mistyped:
        # “在校学生5990人,其中初中2827人,高中3136人”)
        swap = (
            _one_slip(cg.head.value, cg.head.raw, [(m.raw, m.value) for _, m in cg.items])
            if cg.partial and total < cg.head.value and len(cg.items) >= 2
            else None
        )
        if total != cg.head.value and (swap or not (cg.partial and total < cg.head.value)):
            listing = "、".join(f"{lab}{m.raw}" for lab, m in cg.items)
            said = cg.head_sentence or cg.sentence
            yield Hit(
                f"“{cg.head.raw}”",
                f"{cg.word}{listing}" + (f"，合计{total}" if len(cg.items) > 1 else ""),
                f"少{cg.head.value - total}，恰为“{swap[0]}”{swap[2]}所致"
                f"（若为“{swap[1]}”则相符），疑该数有误"
                if swap
                else f"不应大于{cg.head.raw}"
                if cg.partial
                else f"应等于{cg.head.raw}",
                quote_of(said, cg.head) + ("" if said is cg.sentence else quote_of(cg.sentence)),
                [said.where] + ([] if said is cg.sentence else [cg.sentence.where]),
                keys=["count-sum"],
            )
    yield from _unit_list_count(ctx)
    yield from _cars_bought_for_nothing(ctx)
    yield from _fleet_above_all_cars(ctx)
    yield from _tables_counted_and_listed(ctx)


#: “第四部分部门决算公开的9张报表” / “二、部门收支总体情况(11张):”, then one 《…》 title a line
_TABLE_COUNT = re.compile(r"(\d{1,2})张(?:报表|表格|表)?[）)]?[：:]?$")
_LISTED_TITLE = re.compile(r"^《[^《》]{2,40}》$")


def _tables_counted_and_listed(ctx: Context) -> Iterable[Hit]:
    """A line that counts the tables (“…部门决算公开的9张报表”, “(11张):”) and the 《…》 titles listed one a
    line under it: as many titles as the count (a list cut by the end of the text is not judged)."""
    paragraphs = [p for p in (ctx.doc.paragraphs if ctx.doc is not None else []) if p.text.strip()]
    for k, par in enumerate(paragraphs):
        if "张" not in par.text:
            continue
        m = _TABLE_COUNT.search(par.text.strip())
        if m is None:
            continue
        titles = 0
        for nxt in paragraphs[k + 1 :]:
            if not _LISTED_TITLE.match("".join(nxt.text.split())):
                break
            titles += 1
        else:
            continue  # the text ends inside the list
        if titles and titles != int(m.group(1)):
            yield line_warning(
                par, f"“{m.group(1)}张”", f"其下列出了{titles}张表", "张数应与所列一致", "table-count"
            )


def _units_of(ctx: Context) -> UnitList:
    return read_units(ctx.doc) if ctx.doc is not None else UnitList()


def _unit_list_count(ctx: Context) -> Iterable[Hit]:
    """The number of units the 单位构成 states (“下属单位4个”, “纳入…范围的单位共3个”) against the units it
    lists in a table, in numbered lines or after it (:mod:`juesuan.audit.units`): a count of the units
    under the department is of the entries other than its own (本级), a count of the scope is of them all."""
    units = ctx.derived(_units_of)
    count, par = units.count, units.count_paragraph
    if count is None or par is None or units.units is None or not units.entries or not units.complete:
        return
    n_all, n_other = len(units.entries), len(units.units)
    # a count of the units under the department leaves its own out, a count of the scope has it; when no
    # entry reads as its own (its name written otherwise), the list may hold it, or leave it out
    fits = {n_other} if units.count_of == "sub" else {n_all}
    if n_all == n_other:
        fits.add(n_all - 1 if units.count_of == "sub" else n_all + 1)
    if count in fits:
        return
    if any(cl.count.value == count and cl.sentence.paragraph is par for cl in ctx.facts.count_lists):
        return  # a list in the count's own sentence: checked above
    text = par.text.strip()
    others = f"（本级以外{n_other}个）" if n_other != n_all else ""
    yield Hit(
        quoted(units.count_text),
        f"列出了{n_all}个{others}：{_names_shown(units.entries)}",
        "个数应与所列一致",
        text if len(text) <= 150 else text[:150] + "…",
        [par.where],
        keys=["unit-list"],
    )


def _names_shown(names: Iterable[str], width: int = 60) -> str:
    """Names listed in a message, joined with “、” up to about ``width`` characters: cut between two names
    (never inside one) and ended with “等” when some are left out."""
    names = list(names)
    shown: list[str] = []
    for name in names:
        if shown and len("、".join([*shown, name])) > width:
            return "、".join(shown) + "等"
        shown.append(name)
    return "、".join(shown)


#: the cars a text says it holds at the year's end: the 公务用车 (“公务用车保有量为7辆”), a part of all its
#: cars (“共有车辆9辆，其中：一般公务用车7辆、执法执勤用车2辆”)
_FLEET = re.compile(r"公务用车(?:年末)?保有量?(?:为|是|共|共计)?$")
_ALL_CARS = re.compile(r"共有(?:各类)?车辆$|车辆(?:共|共计|合计|总数为?)$")


_OTHER_TIME = re.compile(r"上年|去年|年初|以前")


def _fleet_above_all_cars(ctx: Context) -> Iterable[Hit]:
    """“年末公务用车保有量20辆” in one section, “共有车辆16辆” in another: the 公务用车 are some of the
    cars, so they cannot be more. Counts of another year (上年, 年初, a year other than the report's) are
    left aside. A warning: the two sections count cars of the same unit and date only by their wording."""
    fleet: tuple[Mention, Sentence] | None = None
    whole: tuple[Mention, Sentence] | None = None
    for sent in ctx.facts.sentences:
        for clause in sent.clauses:
            if not any(m.kind == "count" and m.unit == "辆" for m in clause.mentions):
                continue  # no count of cars (the cheap test first)
            if _OTHER_TIME.search(clause.text):
                continue
            years = [x for x in clause.mentions if x.kind == "year"]
            if any(ctx.year is None or int(x.value) != ctx.year for x in years):
                continue
            for m in clause.mentions:
                if m.kind != "count" or m.unit != "辆":
                    continue
                before = sent.text[clause.start : m.start].rstrip()
                if fleet is None and _FLEET.search(before):
                    fleet = (m, sent)
                elif whole is None and _ALL_CARS.search(before):
                    whole = (m, sent)
    if fleet is None or whole is None or fleet[0].value <= whole[0].value:
        return
    (fm, fs), (wm, ws) = fleet, whole
    yield Hit(
        f"“公务用车保有量{fm.raw}”",
        f"多于{ws.where.describe()}所述共有车辆{wm.raw}",
        "公务用车是全部车辆的一部分，不应多于共有车辆数",
        quote_of(fs, fm),
        [fs.where, ws.where],
        severity="warning",
        keys=["fleet-vs-cars"],
    )


_CARS_BOUGHT = re.compile(
    r"(?<![未无没不])(购置|购买|购入|新购)(了)?(公务用?车|公车|车辆|[\u4e00-\u9fff]{0,6}用车)?$"
)


_EARLIER_CARS = re.compile(r"上年|以前年度|20\d\d年(以前|之前)|累计")


def _cars_bought_for_nothing(ctx: Context) -> Iterable[Hit]:
    """“本年度使用公共预算财政拨款购置公务用车7辆” beside “公车购置费0万元”: a purchase of cars with no
    purchase cost. A warning: the count may be of another year or of cars paid for otherwise."""
    cost = ctx.facts.first_value("sangong.car_purchase")
    if cost is None or not cost.mention.is_zero:
        return
    for sent in ctx.facts.sentences:
        if _EARLIER_CARS.search(sent.text):
            continue
        for clause in sent.clauses:
            for m in clause.mentions:
                if m.kind != "count" or m.unit != "辆" or m.value <= 0:
                    continue
                before = sent.text[clause.start : m.start]
                # “主要原因是2016年购置2辆”: the cars of another year
                years = [x for x in clause.mentions if x.kind == "year" and x.start < m.start]
                if any(ctx.doc is None or int(x.value) != ctx.doc.year for x in years):
                    continue
                if _CARS_BOUGHT.search(before):
                    yield Hit(
                        f"“{before[-12:]}{m.raw}”",
                        f"公务用车购置费为{cost.mention.raw}",
                        "购置车辆应有购置费；如未购置，车辆数应为0",
                        quote_of(sent, m),
                        [sent.where, cost.sentence.where],
                        keys=["cars-bought"],
                    )
                    return


# a change of another item stated between a 持平 and the reason that follows it
_OTHER_CHANGE = re.compile(r"(减少|增加|下降|增长|上升|降低)了?\s*[0-9０-９]")


@audit_rule("A022")
def flat_with_reason(ctx: Context) -> Iterable[Hit]:
    pars = ctx.facts.prose  # the paragraphs the changes were read in (a sentence a line joined)
    index = {id(p): k for k, p in enumerate(pars)}
    for ch in ctx.facts.changes:
        if not ch.flat or ch.delta is not None:
            continue
        par = ch.sentence.paragraph
        text = par.text
        own = text.find(ch.label)
        pos = text.find("持平", max(own, 0))
        after = text[pos:]
        k = index.get(id(par))
        if re.search(r"主要(变动)?原因[：:是]?\s*$", after) and k is not None and k + 1 < len(pars):
            after += pars[k + 1].text
        m = re.search(r"主要(变动)?原因[：:是为]?(.*)", after)
        # the reason is its own sentence: the next ones are about other items
        reason = m.group(2).lstrip("。 ").split("。")[0] if m else ""
        if m and _OTHER_CHANGE.search(after[: m.start()]):
            continue  # “A持平；B减少0.39万元。B减少的主要原因是…”: the reason is B's, not A's
        if m and re.search(r"减少|增加|下降|增长|调减|调增|减支|增支", reason) and reason.strip() != "无":
            yield Hit(
                quoted(ch.label),
                "表述为“持平”，却说明了增减变动的原因：" + m.group(2)[:40],
                "持平时无需说明原因；若有增减，应写明增减额和增减率",
                quote_of(ch.sentence),
                [ch.sentence.where],
                keys=[ch.key, "flat-reason"],
            )
    yield from _reasons_against_the_items(ctx)


# the reason given for a change (“主要原因是…”, “主要是原因…” as one page wrote it), and in it an item said to
# have risen or fallen with no figure of its own (“公务用车运行维护费增加,…”)
_REASON_OPENING = re.compile(r"(?:主要原因|主要是原因|原因主要|主要是由于|主要是)[是为系]?[:：]?")
_CLAIMED = re.compile(r"([\u4e00-\u9fff“”（）()]{4,24}?)(增加|减少|增长|下降|上升|降低)(?![\d.．%％])")
_CLAIM_LEAD = re.compile(r"^(?:由于|因为|因|是|为|系|和|及|以及|、|，|,|一是|二是|三是)+")


def _reasons_against_the_items(ctx: Context) -> Iterable[Hit]:
    """A reason naming an item's rise where the text states that item's fall (or the other way round):
    “…主要是原因公务用车运行维护费增加” beside “公务用车运行维护费707.53万元,比2020年减少332.09万元”."""
    stated_changes = [
        (ch.label or (ch.current.label if ch.current is not None else ""), ch)
        for ch in ctx.facts.changes
        if ch.basis == "prior" and not ch.base_unsaid
    ]
    said: set[tuple[str, int]] = set()
    for sent in ctx.facts.sentences:
        opening = _REASON_OPENING.search(sent.text)
        if opening is None:
            continue
        for m in _CLAIMED.finditer(sent.text, opening.end()):
            subject = _CLAIM_LEAD.sub("", re.split(r"[，,；;、]", m.group(1))[-1])
            claimed = DIRECTION_SIGN[m.group(2)]
            stated = [
                ch
                for label, ch in stated_changes
                if ch.sentence is not sent
                and len(label) >= 4
                and len(subject) >= 4
                and (label == subject or label.endswith(subject) or subject.endswith(label))
            ]
            signs = {_sign_of(ch) for ch in stated}
            if not stated or signs != {-claimed} or (subject, claimed) in said:
                continue
            said.add((subject, claimed))
            ch = stated[0]
            figure = ch.delta or ch.pct
            assert figure is not None
            yield Hit(
                quoted(subject),
                f"变动原因中称“{subject}{m.group(2)}”",
                f"文中该项{'减少' if claimed > 0 else '增加'}{figure.raw}，所述原因的增减方向应与之一致",
                quote_of(sent) + quote_of(ch.sentence, figure),
                [sent.where, ch.sentence.where],
                keys=[ch.key or subject, "reason-against-item"],
            )


def _sign_of(ch: Change) -> int | None:
    """The direction of a stated change: its amount's, else its rate's."""
    return (ch.delta.sign if ch.delta is not None else None) or (ch.pct.sign if ch.pct is not None else None)


def _cut_in_the_list(ctx: Context, sent: Sentence) -> bool:
    """Whether ``sent`` is the last sentence of a text cut short: a list in it may go on past the cut."""
    if ctx.doc is None or not ctx.doc.ends_abruptly:
        return False
    # the report's last sentence: an attachment list of the page may follow it
    last = next((s for s in reversed(ctx.facts.sentences) if not attachment_line(s.paragraph.text)), None)
    return sent is last


def cut_by_the_page(ctx: Context, sent: Sentence, m: Mention) -> bool:
    """Whether ``m`` ends a text cut short (“…下降7”, “…增长2.”): the figure's rest is missing."""
    return _cut_in_the_list(ctx, sent) and m.end >= len(sent.text.rstrip().rstrip("."))


#: a number's own unit that makes it a quantity, not a rate without its sign: “下降0.36亿”, “增长27.3万人次”,
#: “增长50.8萬人”, “下降3辆”
_QUANTITY_AFTER = re.compile(
    r"\s*(?:[亿億万萬千]|人|个|個|辆|輛|家|项|項|次|户|戶|所|台|套|批|名|件|场|場|天|吨|噸|平方|公里)"
)


@audit_rule("A023")
def percent_sign(ctx: Context) -> Iterable[Hit]:
    for sent in ctx.facts.sentences:
        for m in sent.mentions:
            if cut_by_the_page(ctx, sent, m):
                continue
            if (
                m.kind == "number"
                and m.direction in ("增长", "下降", "上升", "降低")
                and m.value < 1000
                and not sent.text.startswith(("倍", "个百分点", "成"), m.end)  # “增长4.3倍”: a multiple
                and not _QUANTITY_AFTER.match(sent.text, m.end)
            ):
                yield Hit(
                    "增减率",
                    f"“{m.direction}{m.raw}”没有百分号",
                    f"应写作“{m.direction}{m.raw}%”",
                    quote_of(sent, m),
                    [sent.where],
                    keys=["percent-sign"],
                )


# --- item changes vs the total's change (A014) -----------------------------------------------------------

_ON_BUDGET = re.compile(r"(比|较|与)(年初|全年|调整后?)?预算数?(相比)?[^，,；;。]{0,4}$")


def _basis(sentence: Sentence, m) -> str:
    """What a change is measured against, from the words just before it: budget or prior year."""
    start = max((c.start for c in sentence.clauses if c.start <= m.start), default=0)
    return "budget" if "预算" in sentence.text[start : m.start] else "prior"


def _budget_deltas(ctx: Context) -> list[tuple[str, Sentence, Mention]]:
    """“公务接待费支出决算数比预算数减少4.82万元”: (subject key, sentence, delta) for changes on the budget
    that no Change holds (their subject is named before the comparison)."""
    out = []
    for sent in ctx.facts.sentences:
        for clause in sent.clauses:
            for m in clause.mentions:
                if m.kind != "amount" or not (m.direction or m.value == 0):
                    continue  # “比预算数增加(减少)0万元”: a zero needs no direction
                before = sent.text[clause.start : m.start]
                if m.direction and before.endswith(m.direction):
                    before = before[: len(before) - len(m.direction)]
                cmp = re.search(
                    r"(比|较)(年初|全年|调整后?)?预算数?$", re.sub(r"[()（）增加减少]+$", "", before)
                )
                if cmp is None:
                    continue
                key = subject_key(before[: cmp.start()])
                if key:
                    out.append((key, sent, m))
    return out


def _snippet(sentence: Sentence, m: Mention) -> str:
    """The words that state one change: its clause up to the figure (“公务接待费较上年减少2.5万元”)."""
    start = max((c.start for c in sentence.clauses if c.start <= m.start), default=0)
    start = max(start, m.start - 24)
    # inside a bracket a clause is not cut at its marks: the words after the last mark before the figure
    marks = [
        i
        for i in range(start, m.start)
        if sentence.text[i] in "，；;"
        or (sentence.text[i] == "," and not sentence.text[i + 1 : i + 2].isdigit())
    ]
    if marks:
        start = marks[-1] + 1
    return sentence.original(start, m.end)


def _signed(m: Mention) -> Decimal | None:
    if m.value == 0:
        return ZERO
    return None if m.sign is None else m.sign * m.value


def changes_vs_total(ctx: Context) -> Iterable[Hit]:
    """The items' changes (on the prior year, or on the budget) add up to the total's:
    “较上年减少19万元…其中：公务用车…较上年减少16万元；公务接待费较上年减少2.5万元”. An item the list
    leaves out whose amount is 0 this year changed by 0 or less; a list that leaves out an item is a
    warning, never an error."""
    facts = ctx.facts
    # the document's own decomposition of a total, else the known one
    stated_parts: dict[str, list[Amount]] = {}
    for g in facts.groups:
        if g.head_key in PARTS_OF and g.head_key not in stated_parts and len(g.items) >= 2:
            # a part of a listed item (公务用车购置费 of 公务用车购置及运行维护费) is not another item
            within = {k for a in g.items for k in PARTS_OF.get(a.key, ())}
            stated_parts[g.head_key] = [a for a in g.items if a.key not in within]
    seen: set[tuple[str, str]] = set()
    for head in PARTS_OF:
        if not head.startswith("sangong."):
            continue
        for basis in ("prior", "budget"):
            totals = []  # (value, decimals-envelope, sentence, quote mention)
            for ch in facts.changes:
                if ch.key == head and ch.delta is not None and _basis(ch.sentence, ch.delta) == basis:
                    v = _signed(ch.delta)
                    if v is not None:
                        totals.append((v, [ch.delta.decimals], ch.sentence, ch.delta))
            for d in facts.differences:
                if d.level.key == head and d.kind == basis:
                    v = _signed(d.delta)
                    if v is not None:
                        totals.append((v, [d.delta.decimals], d.sentence, d.delta))
            if not totals and basis == "budget":
                budgets = {a.value: a for a in facts.amounts if a.key == head and a.role == "budget"}
                actuals = {a.value: a for a in facts.amounts if a.key == head and a.role == "actual"}
                if len(budgets) == 1 and len(actuals) == 1:
                    (b,), (a,) = budgets.values(), actuals.values()
                    totals.append((a.value - b.value, [a.decimals, b.decimals], b.sentence, b.mention))
            if len({t[0] for t in totals}) != 1:
                continue  # none, or several stated totals: not one relation
            total, tdec, tsent, tm = totals[0]
            items: dict[str, list[tuple[Decimal, int, Sentence, Mention]]] = {}
            for ch in facts.changes:
                if ch.key != head and ch.delta is not None and _basis(ch.sentence, ch.delta) == basis:
                    v = _signed(ch.delta)
                    if v is not None:
                        items.setdefault(ch.key, []).append((v, ch.delta.decimals, ch.sentence, ch.delta))
            if basis == "budget":
                for key, sent, m in _budget_deltas(ctx):
                    v = _signed(m)
                    known = any(x[2] is sent and x[3].start == m.start for x in items.get(key, []))
                    if v is not None and key != head and not known:
                        items.setdefault(key, []).append((v, m.decimals, sent, m))
            parts = stated_parts.get(head)
            part_keys = [a.key for a in parts] if parts else list(PARTS_OF[head])
            # a known part whose change the total's own sentence states is listed, even where the
            # amounts' list stopped short of it (“…减少1.49万元，其中：…减少1.6万元；…减少0.47万元；
            # 公务接待…增加0.58万元”)
            for key in PARTS_OF[head]:
                overlaps = any(key in PARTS_OF.get(p, ()) or p in PARTS_OF.get(key, ()) for p in part_keys)
                if key not in part_keys and not overlaps and any(x[2] is tsent for x in items.get(key, [])):
                    part_keys.append(key)
            listed: list[tuple[Decimal, int, Sentence, Mention]] = []
            missing: list[str] = []
            for key in part_keys:
                values = {x[0] for x in items.get(key, [])}
                if len(values) > 1:
                    listed = []
                    break
                subs = [items.get(k, []) for k in PARTS_OF.get(key, ())]
                if values:
                    listed.append(items[key][0])
                elif subs and all(len({x[0] for x in sub}) == 1 for sub in subs):
                    # “2、公务用车运行费…减少596.98万元” under “1、公务用车购置费…减少79.4万元”: an item whose
                    # change is stated only by its parts changed by their sum
                    listed.extend(sub[0] for sub in subs)
                else:
                    missing.append(key)
            if len(listed) < 2 or _of_other_years(ctx, tsent, [x[2] for x in listed]):
                continue
            zero = {a.key for a in facts.amounts if a.value == 0 and a.role in ("current", "actual")}
            nonzero = {a.key for a in facts.amounts if a.value != 0 and a.role in ("current", "actual")}
            if any(k not in zero or k in nonzero for k in missing):
                continue  # a left-out item with an amount (or none stated) may have changed either way
            # a passage that writes one figure to 0.1 writes them all to 0.1: “16万元” beside “2.5万元”
            sentences = {id(tsent): tsent, **{id(x[2]): x[2] for x in listed}}
            places = max(
                (
                    m.decimals
                    for s in sentences.values()
                    for c in s.clauses
                    for m in c.mentions
                    if m.kind == "amount"
                ),
                default=0,
            )
            decimals = [max(places, d) for d in [*tdec, *(x[1] for x in listed)]]
            envelope = sum((half_unit(d) for d in decimals), ZERO)
            summed = sum((x[0] for x in listed), ZERO)
            gap = total - summed
            if abs(gap) <= envelope or (head, basis) in seen:
                continue
            seen.add((head, basis))
            what = "预算数" if basis == "budget" else "上年"
            word = "增加" if total >= 0 else "减少"
            raws = [x[3].raw for x in listed]
            figures = [in_units(x[0], 2, *raws)[:-2] for x in listed]  # without the unit, said once after
            shown = "＋".join(f"（{f}）" if x[0] < 0 else f for f, x in zip(figures, listed, strict=True))
            note = ""
            severity: Severity | None = None
            if missing:
                base_word = "预算" if basis == "budget" else "上年"
                names = "、".join(_PART_NAMES.get(k, k) for k in missing)
                bound_violated = gap > envelope  # left-out items with 0 this year changed by ≤ 0
                note = (
                    f"；未列出的{names}本年为0，其增减额只能为0或减少，合计的增减额不应大于各项之和"
                    if bound_violated
                    else f"；未列出的{names}本年为0，除非其{base_word}数恰为{in_units(abs(gap), 2, *raws)}"
                )
                severity = "warning"
            quote_sent: Sentence = tsent
            quote_m: Mention | None = tm
            after = facts.sentences[tsent.index + 1] if tsent.index + 1 < len(facts.sentences) else None
            if after is not None and after.paragraph is tsent.paragraph and after.text.startswith("其中"):
                quote_sent, quote_m = after, None  # “…增加15.15万元。其中：公务接待费减少0.26万元，…”
            yield Hit(
                f"{quoted(_PART_NAMES.get(head, head))}与{what}相比的增减额",
                f"{word}{in_units(abs(total), 2, *raws)}",
                f"各项增减额{shown}＝{in_units(summed, 2, *raws)}，相差{in_units(abs(gap), 2, *raws)}{note}"
                f"（各项：{'；'.join(_snippet(x[2], x[3]) for x in listed)}）",
                quote_of(quote_sent, quote_m),
                [quote_sent.where],
                severity=severity,
                keys=[head, f"change-sum-{basis}"],
            )


_PART_NAMES = {
    "sangong.total": "“三公”经费",
    "sangong.abroad": "因公出国（境）费",
    "sangong.car": "公务用车购置及运行维护费",
    "sangong.car_purchase": "公务用车购置费",
    "sangong.car_run": "公务用车运行维护费",
    "sangong.reception": "公务接待费",
}
