"""Structure rules (A040–A044): template residue, wrong years, list numbering, missing required parts and
topics, and tables listed in the contents but missing."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from decimal import Decimal

from juesuan.audit.document import Paragraph, Where, budget_only, parse_numbering, table_kind
from juesuan.audit.facts import (
    normalise,
)
from juesuan.audit.rules.base import (
    Context,
    Hit,
    audit_rule,
    cell_quote,
)
from juesuan.findings import Severity
from juesuan.residue import PLACEHOLDER

# --- template residue, years, structure -------------------------------------------------------------------

_PLACEHOLDER = "模板占位符或填写说明"
_RESIDUE = (
    (
        re.compile(
            r"(?<![无有])(?:增加/减少|减少/增加|增长/下降|下降/增长|大于/小于|小于/大于|高于/低于|上升/下降"
            r"|增加或减少|增长或下降)"
        ),
        "备选用词",
        "应按实际数字只保留一个",
    ),
    (
        re.compile(
            r"增加（减少）|减少（增加）|增长（下降）|下降（增长）|大于（小于）|小于（大于）|增加\(减少\)|增长\(下降\)"
        ),
        "备选用词",
        "应按实际数字只保留一个",
    ),
    (
        re.compile(
            r"增减少|增加持平|增长持平|减少持平|下降持平|增加减少|减少增加|增长下降|下降增长|上升下降|下降上升|"
            r"大小于|大于小于|小于大于|高于低于|低于高于"
        ),
        "互相矛盾的方向用词",
        "应按实际数字只保留一个",
    ),
    (
        # a template's alternative left in: “决算数小于预算数(或与预算数持平)的主要原因是”
        re.compile(r"[（(]或(?:与|等于|大于|小于|高于|低于)?(?:预算数?|上年)?(?:持平|相等|增加|减少|增长|下降)[）)]"),
        "备选用词",
        "应按实际数字只保留一个",
    ),
    (
        # a figure left blank: “占 %”, “比上年减少 万元” (normalised text has no spaces)
        re.compile(r"(?<![\d.])(占|占比|增加|减少|增长|下降|上升|降低)(了|约)?(%|万元|亿元|元)"),
        "空缺的数字",
        "应填写实际数字",
    ),
    (
        re.compile(
            r"部门[（(]单位[）)]名称|[（(]为机构改革后“三定方案”确定的职能[）)]|请对[^。；]{1,30}进行说明"
            # a drafting instruction in brackets: “(比照预算公开的内容格式)”, “(…,按支出功能分类类级科目逐类
            # 分析)”, “(需公开内设机构数量和下属单位数量及名称)”
            r"|[（(][^（）()]{0,40}(?:比照[^（）()]{0,20}格式|逐类分析|逐项分析|逐项说明|需公开|须公开)"
            r"[^（）()]{0,40}[）)]"
        ),
        _PLACEHOLDER,
        "应替换为实际内容或删除",
    ),
    (
        PLACEHOLDER,
        _PLACEHOLDER,
        "应替换为实际内容或删除",
    ),
    (
        # a form's fill-in prompt left where its answer belongs:
        # “结合自评情况，说明项目自评总分，…(200字以内)”, “对照年度目标，说明…完成情况(100字以内)”
        # (not the form's own rule “…未达到90%的需说明原因(100字以内)”)
        re.compile(
            r"(?:对照|结合|针对)[^。；;|｜]{2,40}?[，,](?:说明|分析|提出|简述|概述)[^。；;|｜]{2,80}?。?"
            r"[（(]\d+字以内[）)]"
        ),
        _PLACEHOLDER,
        "应替换为实际内容或删除",
    ),
    (re.compile(r"%%|％％"), "重复的百分号", "应只写一个“%”"),
    (re.compile(r"#DIV/0!|#REF!|#VALUE!|#N/A|#NAME\?|#NUM!|#NULL!"), "电子表格错误值", "应为计算结果或“—”"),
)
_DOUBLE_PUNCT = re.compile(r"([，。；：、！？])\1|，。|。，|；。|。；|，；|；，")
# Editing slips, warnings: a word of 2–4 characters typed twice (“支出支出”, “原因原因”, “工程完工程完成”;
# not a run-in heading at a sentence's start, “团委团委在…”, nor “一个一个”), a stray full stop inside an
# amount (“488.8. 万元”).
_DOUBLED = re.compile(r"([\u4e00-\u9fff]{2,4})\1")
_STRAY_POINT = re.compile(r"(?<![\d.])\d+\.\d+\.(?=万元|亿元|元|%)")
# a comma between a share's verb and its rate (“公务用车运行维护费23,005.58元,占,88.19%”)
_STRAY_COMMA = re.compile(r"[占达][,，](?=\d+(?:\.\d+)?[%％])")
# a function word typed twice (“主要是是接待上级”; not “是是非非”)
_DOUBLED_WORD = re.compile(r"([的是在和及与为对将把被])\1(?!非)")
# a phrase said twice around 是/为 (“主要原因是主要原因较上年预算时减少了4名教师”)
_REPEATED_PHRASE = re.compile(r"([\u4e00-\u9fff]{3,6})[是为]\1")
# two words opening a comparison run together (“与比上年减少4人”: 与上年相比, or 比上年; “同比去年” is usage)
_RUN_TOGETHER = re.compile(r"与[比较](?=上年|去年|上一年|20\d\d年)")
_SENTENCE_START = "。；;！？：:"
# standard names mis-written (warnings), in the 目录 too: the glossary as “名称解释”, the 政府性基金预算
# without its 基金, the 概况 part as “部门概括” (a summary)
_WRONG_TERMS = {
    "名称解释": "名词解释",
    "政府性预算": "政府性基金预算",
    "部门概括": "部门概况",
    "单位概括": "单位概况",
}
_WRONG_TERM = re.compile("|".join(_WRONG_TERMS))
_TERM = "用语不规范"


#: Every character a match of ``_ANY_RESIDUE`` can begin with (besides a digit; ``tests/audit/
#: test_residue_scan.py`` derives the set from the patterns): looked ahead for first, it lets the search skip
#: the other places of a text without trying each of the alternatives there (three times faster).
_RESIDUE_FIRST = "#%(*X×、。上下仍低减占单名增大对小待政某结请达部针降高！％（＊，：；？"

_ANY_RESIDUE = re.compile(
    "(?=[\\d"
    + re.escape(_RESIDUE_FIRST)
    + "])(?:"
    + "|".join(p.pattern for p, _, _ in _RESIDUE)
    + "|"
    + "|".join(p.pattern for p in (_DOUBLE_PUNCT, _STRAY_POINT, _STRAY_COMMA, _WRONG_TERM))
    + ")"
)


_DOUBLE_CLOSE = re.compile(r"[)）][)）]")


def _unopened(text: str, at: int) -> bool:
    """Whether the closing bracket at ``at`` closes nothing opened before it in the paragraph
    (“上海市青浦区图书馆(上海市青浦区青杏科技图书馆))概况”)."""
    depth = 0
    for ch in text[:at]:
        if ch in "(（":
            depth += 1
        elif ch in ")）":
            depth = max(0, depth - 1)
    return depth == 0


_PROSE_SLIPS = (_DOUBLED, _DOUBLED_WORD, _RUN_TOGETHER, _REPEATED_PHRASE, _DOUBLE_CLOSE)


def _residue_in(text: str, prose: bool = True):
    if (
        not _ANY_RESIDUE.search(text)
        and not (prose and any(p.search(text) for p in _PROSE_SLIPS))
        and "其中" not in text
    ):
        return
    for pattern, what, expected in _RESIDUE:
        for m in pattern.finditer(text):
            yield m, what, expected, None
    for m in _DOUBLE_PUNCT.finditer(text):
        yield m, "重复标点", "应删除多余的标点", "warning"
    for m in _WRONG_TERM.finditer(text):
        yield m, _TERM, f"应为“{_WRONG_TERMS[m.group(0)]}”", "warning"
    if not prose:
        return
    for m in _DOUBLED.finditer(text):
        at_start = m.start() == 0 or text[m.start() - 1] in _SENTENCE_START
        if not at_start and not m.group(1).startswith("一") and m.end() < len(text):
            yield m, "重复的词语", f"“{m.group(1)}”应只写一次", "warning"
    for m in _DOUBLED_WORD.finditer(text):
        yield m, "重复的词语", f"“{m.group(1)}”应只写一次", "warning"
    for m in _REPEATED_PHRASE.finditer(text):
        yield m, "重复的词语", f"“{m.group(1)}”应只写一次", "warning"
    for m in _DOUBLE_CLOSE.finditer(text):
        if _unopened(text, m.start() + 1):
            yield m, "多余的括号", "应删除多余的右括号", "warning"
    for m in _RUN_TOGETHER.finditer(text):
        yield m, "重复的词语", f"应为“与上年相比”或“{m.group(0)[1:]}上年”，只用一个比较用语", "warning"
    for m in _STRAY_POINT.finditer(text):
        yield m, "金额中多余的字符", "应删除金额中多余的“.”", "warning"
    for m in _STRAY_COMMA.finditer(text):
        yield m, "比例前多余的标点", "应删除与比例之间的逗号", "warning"
    yield from _blank_counts(text)


# “其中:行政人,事业6人”: in a 其中 list of counts, a member written without its number (a sibling has one)
_COUNT_LIST = re.compile(r"其中[:：]?([^。；;（）()]{3,120})")
_COUNTED = re.compile(r"^[\u4e00-\u9fff]{1,8}?(\d+)(人|名|辆|个|台|家)$")
_UNCOUNTED = re.compile(r"^([\u4e00-\u9fff]{1,6})(人|名|辆|个|台|家)$")
_PERSON_WORDS = (
    "负责人", "法人", "个人", "责任人", "联系人", "代表人", "成人", "家人", "工人", "军人", "老人"
)


def _blank_counts(text: str):
    for lm in _COUNT_LIST.finditer(text):
        members = re.split(r"[,，、]", lm.group(1))
        counted = {m.group(2) for m in map(_COUNTED.match, members) if m}
        offset = lm.start(1)
        for x in members:
            um = _UNCOUNTED.match(x)
            if um and um.group(2) in counted and not x.endswith(_PERSON_WORDS):
                m = re.compile(re.escape(x)).search(text, offset)
                if m is not None:
                    yield m, "空缺的数字", "应填写实际数字", None
            offset += len(x) + 1


@audit_rule("A040")
def template_residue(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None:
        return
    said: set[str] = set()
    # the 目录 last: a placeholder left in it (“第一部分:部门(单位)名称概况”) unless its heading says it too
    for par in [p for p in doc.paragraphs if not p.in_toc] + [p for p in doc.paragraphs if p.in_toc]:
        norm, idx = normalise(par.text)
        here: set[tuple[str, str]] = set()  # placeholders said in this paragraph
        for m, what, expected, severity in _residue_in(norm, prose=not par.in_toc):
            if par.in_toc and (what not in (_PLACEHOLDER, _TERM) or m.group(0) in said):
                continue
            once = what == _PLACEHOLDER or m.group(0) in ("与比", "与较")
            if once and (what, m.group(0)) in here:
                continue  # each blank figure is a figure missing; one placeholder repeated is one slip
            here.add((what, m.group(0)))
            said.add(m.group(0))
            o0 = idx[m.start()]
            start = max(0, o0 - 40)
            quote = (
                ("…" if start else "") + par.text[start : o0 + 50] + ("…" if o0 + 50 < len(par.text) else "")
            )
            yield Hit(
                what,
                f"“{m.group(0)}”",
                expected,
                quote,
                [par.where_at(o0)],
                severity=severity,
                keys=[m.group(0), str(o0)] + (["toc", str(par.index)] if par.in_toc else []),
            )
    yield from _year_run_into_amount(ctx)
    yield from _dropped_characters(ctx)
    yield from _toc_entry_twice(doc.paragraphs)
    for table in doc.tables:
        if not _ANY_RESIDUE.search("\n".join(c.text for row in table.rows for c in row)):
            continue
        for row in table.rows:
            for cell in row:
                for m, what, expected, severity in _residue_in(cell.text, prose=False):
                    if what == "重复标点":
                        continue
                    yield Hit(
                        f"《{table.title or '表格'}》{what}",
                        f"“{m.group(0)}”",
                        expected,
                        cell_quote(row),
                        [cell.where],
                        severity=severity,
                        keys=[m.group(0), cell.where.describe()],
                    )


#: Standard terms and headings of a 决算 text: one of them with a character dropped (“支总计”, “务用车购置费”,
#: “入支出决算总体情况说明”, “般公共预算财政拨款”) is a slip. The last character is never dropped (“公务接待”
#: is a word), nor a joining word (“公务用车购置运行维护费” is a usual variant); “公务车” is usage. A term
#: whose shortening is another word (年初结转和结余 → 上年结转和结余) is not listed.
_TERMS = (
    "收入支出决算总体情况说明",
    "收入决算情况说明",
    "支出决算情况说明",
    "支出决算表",  # the tables' names too (“三、出决算表”, “四、政拨款收入支出决算总表” in a 目录)
    "财政拨款收入支出决算",  # “…决算表” and “…决算总表” are both its usual names
    "财政拨款支出决算明细表",
    "财政拨款收入支出决算总体情况说明",
    "收入总计",
    "支出总计",
    "一般公共预算财政拨款",
    "政府性基金预算财政拨款",
    "国有资本经营预算财政拨款",
    "公务用车购置费",
    "公务用车运行维护费",
    "公务用车购置及运行维护费",
    "因公出国（境）费",
    "上级补助收入",
    "附属单位上缴收入",
    "对附属单位补助支出",
    "机关运行经费",
    "国有资产占用情况",
)


def _dropped_variants() -> dict[str, str]:
    out: dict[str, str] = {}
    for term in _TERMS:
        for i in range(len(term) - 1):
            if term[i] in "及和与的对性、（）":  # “附属单位补助支出”, “政府基金” are usual shortenings
                continue
            variant = term[:i] + term[i + 1 :]
            if not any(variant in t and term not in t for t in _TERMS) and "公务车" not in variant:
                out.setdefault(variant, term)
    return out


_DROPPED = _dropped_variants()
_DROPPED_RE = re.compile("|".join(sorted(map(re.escape, _DROPPED), key=len, reverse=True)))
_TERMS_RE = re.compile("|".join(sorted(map(re.escape, _TERMS), key=len, reverse=True)))  # longest first


def _dropped_characters(ctx: Context) -> Iterable[Hit]:
    """A standard term with one character dropped (“2020年度收入476.17、支总计460.06万元”), not inside the
    term written in full, and not the usual shortening “收、支总计”. A warning."""
    if ctx.doc is None:
        return
    said: set[str] = set()  # a slip copied into another section is said once, where it first occurs
    for par in ctx.doc.paragraphs:
        norm, idx = normalise(par.text)
        whole = [(m.start(), m.end()) for m in _TERMS_RE.finditer(norm)]
        for m in _DROPPED_RE.finditer(norm):
            if m.group(0) in said or any(a <= m.start() and m.end() <= b for a, b in whole):
                continue
            if re.search(r"收[、，,和及与]?$", norm[: m.start()]):
                continue  # “收、支总计”: 收入、支出总计 shortened on purpose
            said.add(m.group(0))
            yield _slip(par, idx[m.start()], "缺字", m.group(0), f"应为“{_DROPPED[m.group(0)]}”")


def _toc_entry_twice(paragraphs: list[Paragraph]) -> Iterable[Hit]:
    """A 目录 entry printed twice in a row (“第二部分:…部门决算报表” on two lines): one entry. A warning."""
    previous = ""
    for par in paragraphs:
        if not par.in_toc or not par.text.strip():
            continue
        text = normalise(par.text)[0]
        if text == previous and len(re.findall(r"[\u4e00-\u9fff]", text)) >= 4:
            yield _slip(par, 0, "重复的词语", par.text.strip(), "目录中同一条目只应列一次")
        previous = text


def _slip(par: Paragraph, at: int, what: str, found: str, expected: str) -> Hit:
    """A warning on an editing slip at offset ``at`` of a paragraph, quoted with its surroundings."""
    return Hit(
        what,
        f"“{found}”",
        expected,
        par.text[max(0, at - 30) : at + 40],
        [par.where_at(at)],
        severity="warning",
        keys=[found, str(at)],
    )


#: “与2019498.83万元相比”: the prior year and its amount with the 年 between them lost
_YEAR_IN_AMOUNT = re.compile(r"(?<=[比与较])(20\d\d)(\d{1,7}(?:\.\d+)?)(?=万元|元|亿元)")


_AMOUNT_IN_TEXT = re.compile(r"(?<![\d.])(\d+(?:\.\d+)?)(?=万元|元|亿元)")


def _confirmed_by_a_change(norm: str, m: re.Match[str]) -> bool:
    """Whether the amount read without its year is one side of a difference the paragraph states: “424.71
    万元。与2019498.83万元相比,…各减少74.12万元” (498.83 − 424.71 = 74.12)."""
    rest = Decimal(m.group(2))
    others = [Decimal(x.group(1)) for x in _AMOUNT_IN_TEXT.finditer(norm) if x.start() != m.start()]
    return any(abs(abs(a - rest) - d) <= Decimal("0.011") for a in others for d in others if d != a)


def _year_run_into_amount(ctx: Context) -> Iterable[Hit]:
    """An amount compared with, whose first four digits are the year before the report's (“比201423.45万元
    部门决算支出增加162.97万元” in a 2015 report: 2014年23.45万元). A warning: the 年 was lost."""
    if ctx.doc is None or ctx.year is None:
        return
    for par in ctx.doc.paragraphs:
        norm, idx = normalise(par.text)
        for m in _YEAR_IN_AMOUNT.finditer(norm):
            if int(m.group(1)) != ctx.year - 1 or m.group(2).startswith("0"):
                continue
            if not _confirmed_by_a_change(norm, m):
                continue  # “比20195万元”: a large amount, unless the split reading makes the change add up
            expected = f"应为“{m.group(1)}年{m.group(2)}”"
            yield _slip(par, idx[m.start()], "年份与金额连写", m.group(0), expected)


_COMPARE_BEFORE = re.compile(r"(与|比|较|同|对比|相比|相较于?)$")
_OWN_BUDGET = re.compile(r"(年初|全年|调整后?)?(预算|执行数)")
_DATE = re.compile(r"截至(20\d\d)年(\d{1,2})月(\d{1,2})日")


@audit_rule("A041")
def wrong_year(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    year = ctx.year
    if doc is None or year is None:
        return
    for par in doc.paragraphs:
        if par.in_toc or par.is_chart:
            continue
        norm, idx = normalise(par.text)
        for m in _DATE.finditer(norm):
            y = int(m.group(1))
            if y != year:
                yield _year_hit(
                    par,
                    norm,
                    idx,
                    m.start(1),
                    f"截至{y}年{m.group(2)}月{m.group(3)}日",
                    f"决算数据的截至日期应为{year}年12月31日",
                )
        for m in re.finditer(r"(?<!\d)(20\d\d)年(度)?", norm):
            y = int(m.group(1))
            if _DATE.match(norm, max(0, m.start() - 2)):
                continue
            dated = re.match(r"\d{1,2}月\d{1,2}日", norm[m.end() :])
            if dated and not re.search(r"截[至止]$", norm[: m.start()]):
                continue  # “2021年7月9日”: the day the page was signed or published, not a label of figures
            before = norm[max(0, m.start() - 3) : m.start()]
            after = norm[m.end() : m.end() + 6]
            comparing = bool(_COMPARE_BEFORE.search(before)) or after.startswith(
                ("相比", "同期", "决算数相比")
            )
            if y == year and not (comparing and par.heading is None):
                continue
            if y == year and _OWN_BUDGET.match(after):
                continue  # “较2014年预算减少5818.9万元”: the year's spending against its own budget
            if par.heading is not None or (
                par.heading is None and len(norm) < 40 and re.search(r"部门决算", norm)
            ):
                if m.group(2):
                    yield _year_hit(par, norm, idx, m.start(), m.group(0), f"标题中的年度应为{year}年度")
                continue
            if comparing:
                if y != year - 1 and not _other_year_is_right(norm, m.start(), m.end()):
                    yield _year_hit(par, norm, idx, m.start(), m.group(0), f"与上年对比应为{year - 1}年度")
                continue
            sentence_start = m.start() == 0 or norm[m.start() - 1] in "。；：！？"
            has_amount = re.search(r"\d(\.\d+)?万元", norm[m.end() : m.end() + 120].split("。")[0])
            between_years = re.match(r"(比|较|与)20\d\d年", norm[m.end() :])  # 2015年比2014年: history
            own_part = par.part in ("explanation", "annex", "", "part")
            sentence = norm[m.start() :].split("。")[0]
            next_budget = y == year + 1 and budget_only(sentence)  # next year's 预算 beside the 决算
            # last year's figure restated (“2021年的三公经费决算数为…”) is right; it is this year's figure
            # under last year's label when the sentence compares it with the year before (“同比上升32%”)
            # (“…收入决算总额为6754.31万元,…较2019年增加1122.72万元”: compared with that very year)
            restated = y == year - 1 and not re.search(
                rf"同比|比上年|较上年|与上年|上年同期|(比|较|与){y}年", sentence[len(m.group(0)) :]
            )
            other_year = between_years or next_budget or restated
            if sentence_start and has_amount and own_part and not other_year:
                yield _year_hit(par, norm, idx, m.start(), m.group(0), f"本年度数字应为{year}年度")
            elif y > year + 1 and m.group(2):
                yield _year_hit(par, norm, idx, m.start(), m.group(0), f"决算年度为{year}年", "warning")
            elif par.part in ("explanation", "annex") and (
                y < year - 1 or (y > year and sentence_start and not next_budget)
            ):
                yield _year_hit(
                    par,
                    norm,
                    idx,
                    m.start(),
                    m.group(0),
                    f"本年度应为{year}年，上一年度只用于与上年对比",
                    "warning",
                )
    for std in ctx.tables_of("perf_eval"):
        for row in std.table.rows:
            texts = [c.text for c in row]
            for k, t in enumerate(texts[:-1]):
                if (
                    t.startswith("年度")
                    and re.fullmatch(r"20\d\d", texts[k + 1] or "")
                    and int(texts[k + 1]) != year
                ):
                    yield Hit(
                        "自评表年度",
                        texts[k + 1],
                        f"应为{year}",
                        cell_quote(row),
                        [row[k + 1].where],
                        keys=["perf-year"],
                    )


def _other_year_is_right(norm: str, start: int, end: int) -> bool:
    """A comparison with a year other than the prior year that is right: a second, required comparison
    (“比上年…；比2019年(疫情前)…”), a comparison between two earlier years (“2015年比2014年增加”), or one
    about no amount at all (“编制数和人员数都比2021年减少”)."""
    sentence = norm[: norm.find("。", end) + 1 or len(norm)]
    sentence = sentence[sentence.rfind("。", 0, start) + 1 :]
    clause = re.split(r"[，,；;。]", norm[end:], maxsplit=1)[0]
    return bool(
        norm.startswith(("(", "（"), end)
        or re.search(r"(比|较|与|同)上年|同比", sentence)
        or re.search(r"20\d\d年度?(比|较)$", norm[max(0, start - 8) : start])
        or not re.search(r"\d(\.\d+)?(万元|亿元|元|%)", clause)
    )


def _year_hit(
    par: Paragraph, norm: str, idx: list[int], pos: int, found: str, expected: str, severity=None
) -> Hit:
    o0 = idx[pos]
    start = max(0, o0 - 30)
    quote = ("…" if start else "") + par.text[start : o0 + 60] + ("…" if o0 + 60 < len(par.text) else "")
    return Hit(
        "年份", f"“{found}”", expected, quote, [par.where_at(o0)], severity=severity, keys=[found, str(o0)]
    )


@audit_rule("A042")
def list_numbering(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None:
        return
    last: dict[int, int] = {}
    outer: dict[int, int] = {}  # the number a list had reached when a list under its item began
    before = ""
    pars = doc.paragraphs
    yield from _lost_numerals(pars)
    for at, par in enumerate(pars):
        if par.in_toc or par.is_chart:
            continue
        if at + 1 < len(pars) and _BARE_NUMBER.fullmatch(pars[at + 1].text.strip()):
            # “一、一般公共预算财政拨款收入 / 1 / 440.55 / 一、一般公共服务支出 / 29 / …”: a row label of a
            # table printed one cell per line (two columns each numbered afresh), not an item of a list
            continue
        num = par.numbering
        introduced, before = before.rstrip().endswith(("：", ":")), par.text
        if num is None:
            continue
        if num.number == 1 and introduced and num.level in last:
            # “(一)主要职能 / …主要职能是: / (一)举办…”: a list introduced under an item, numbered afresh;
            # the outer list may resume after it (“(二)部门决算单位构成”)
            outer[num.level] = last[num.level]
            last = {k: v for k, v in last.items() if k < num.level}
        elif (
            outer.get(num.level) is not None
            and num.number == outer[num.level] + 1
            and num.number <= last.get(num.level, 0)
        ):
            del outer[num.level]
            last = {k: v for k, v in last.items() if k < num.level}
        level = num.level
        for deeper in [k for k in last if k > level]:
            del last[deeper]
        prev = last.get(level)
        last[level] = num.number
        if prev is None:
            continue
        label = (
            num.style.replace("一", _cn(num.number)).replace("1", str(num.number))
            if num.level != 0
            else f"第{_cn(num.number)}部分"
        )
        if num.number == prev:
            yield Hit(
                "序号",
                f"“{label}”重复",
                f"上一条已是{_label(num, prev)}，本条应为{_label(num, prev + 1)}",
                par.text[:80],
                [par.where],
                keys=["dup", str(par.index)],
            )
        elif num.number > prev + 1:
            yield Hit(
                "序号",
                f"{_label(num, prev)}之后为{label}",
                f"缺少{_label(num, prev + 1)}",
                par.text[:80],
                [par.where],
                severity="info",
                keys=["gap", str(par.index)],
            )


_BARE_NUMBER = re.compile(r"-?[\d,]+(\.\d+)?")
_LOST_NUMERAL = re.compile(r"、[\u4e00-\u9fff“《]")
#: a heading that begins with the list comma: its numeral was lost (“、机构设置”)
_LOST_HEADING = re.compile(r"^\s*、\s*([^\d\s、，,。；;：:]{2,30})\s*$")


def _lost_numerals(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """An item of a “一、” list whose numeral was lost: the line opens with the bare “、” and its neighbours
    say which number it stands for (“九、…表 / 、国有资产占用情况表 / 第三部分…”: 十、; “第三部分… /
    、收入支出决算总体情况说明 / 二、…”: 一、). The 目录 counts too: it is the reader's first list. Where the
    neighbours do not say the number, a short heading opening with “、” has still lost its numeral, unless
    the paragraph before ends in the numeral the layout split from it."""
    for at, par in enumerate(pars):
        text = par.text.strip()
        if not _LOST_NUMERAL.match(text) or len(text) > 60 or re.search(r"[，,。；;：:]", text):
            continue  # a title, not the rest of a wrapped sentence (“…社会保障\n、卫生健康支出，…”)
        prev = parse_numbering(pars[at - 1].text) if at else None
        after = parse_numbering(pars[at + 1].text) if at + 1 < len(pars) else None
        prev_n = prev.number if prev is not None and prev.level == 1 else None
        next_n = after.number if after is not None and after.level == 1 else None
        ends_list = at + 1 == len(pars) or (after is not None and after.level == 0)
        if prev_n is not None and (next_n == prev_n + 2 or ends_list):
            expected = f"应为“{_cn(prev_n + 1)}、”"
        elif prev_n is None and next_n == 2:
            expected = f"应为“{_cn(1)}、”"
        elif _LOST_HEADING.match(text) and not (
            at and re.search(r"[一二三四五六七八九十\d]\s*$", pars[at - 1].text)
        ):
            expected = "缺少序号"
        else:
            continue
        yield Hit(
            "序号",
            f"“{text[:20]}”前缺少序号",
            expected,
            text[:80],
            [par.where],
            severity="warning",
            keys=["lost", str(par.index)],
        )


def _cn(n: int) -> str:
    digits = "零一二三四五六七八九"
    if n < 10:
        return digits[n]
    if n < 20:
        return "十" + (digits[n % 10] if n % 10 else "")
    return digits[n // 10] + "十" + (digits[n % 10] if n % 10 else "")


def _label(num, n: int) -> str:
    if num.level == 0:
        return f"第{_cn(n)}部分"
    if num.level in (1, 2):
        return num.style.replace("一", _cn(n))
    return num.style.replace("1", str(n))


_REQUIRED_PARTS = {
    "shanghai": (("overview", "概况"), ("explanation", "情况说明"), ("glossary", "名词解释")),
    "sichuan": (
        ("overview", "部门概况"),
        ("explanation", "决算情况说明"),
        ("glossary", "名词解释"),
        ("appendix", "附表"),
    ),
}
_REQUIRED_TOPICS = {
    "shanghai": ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "perf", "other"),
    "sichuan": ("s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "other"),
}
_TOPIC_ZH = {
    "s1": "收入支出决算总体情况说明",
    "s2": "收入决算情况说明",
    "s3": "支出决算情况说明",
    "s4": "财政拨款收入支出决算总体情况说明",
    "s5": "一般公共预算财政拨款支出决算情况说明",
    "s6": "一般公共预算财政拨款基本支出决算情况说明",
    "s7": "财政拨款“三公”经费支出决算情况说明",
    "s8": "政府性基金预算财政拨款收入支出决算情况说明",
    "s9": "国有资本经营预算财政拨款收入支出决算情况说明",
    "perf": "预算绩效管理情况",
    "other": "其他重要事项的情况说明",
}


@audit_rule("A043")
def missing_part(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None or not doc.template:
        return
    parts = {p.part for p in doc.paragraphs if not p.in_toc}
    topics = {p.topic for p in doc.paragraphs if not p.in_toc and p.heading is not None}
    # a part that may be in the pages that could not be read, or in attachments, is not said to be missing
    unsure: Severity | None = "info" if doc.tables_attached or doc.incomplete else None
    unread = doc.unread_note()
    for key, zh in _REQUIRED_PARTS[doc.template]:
        if key not in parts and not (key == "appendix" and doc.tables_attached):
            yield Hit(
                "文本结构",
                f"未找到“{zh}”部分{unread}",
                "部门决算公开文本应包含该部分",
                "",
                [Where()],
                keys=[key],
                severity=unsure,
            )
    if "explanation" in parts:
        for key in _REQUIRED_TOPICS[doc.template]:
            if key not in topics:
                yield Hit(
                    "决算情况说明",
                    f"未找到“{_TOPIC_ZH[key]}”{unread}",
                    "应说明该事项；无数据的也应说明",
                    "",
                    [Where()],
                    keys=[key],
                    severity="info" if doc.incomplete else None,
                )
    if doc.template == "shanghai" and not any(t.kind for t in doc.tables) and not doc.tables_attached:
        yield Hit(
            "文本结构",
            f"未找到部门决算表{unread}",
            "第二部分应公开9张决算表",
            "",
            [Where()],
            keys=["tables"],
            severity="info" if doc.incomplete else None,
        )


@audit_rule("A044")
def listed_table_missing(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None or doc.tables_attached:  # published as attachments: not missing
        return
    present = {t.kind for t in doc.tables if t.kind}
    listed: dict[str, Paragraph] = {}
    for p in doc.toc:
        kind = table_kind(p.text)
        if kind:
            listed.setdefault(kind, p)
    for p in doc.paragraphs:
        if p.part == "appendix" and p.heading is not None:
            kind = table_kind(p.text)
            if kind:
                listed.setdefault(kind, p)
    for kind, p in listed.items():
        if kind not in present:
            yield Hit(
                f"《{re.sub(r'^[一二三四五六七八九十]+、', '', p.text.strip())}》",
                "列在目录（附表清单）中，正文未见该表" + doc.unread_note(),
                "应给出该表；无数据的表也应保留表样并说明",
                p.text.strip(),
                [p.where],
                # the template is not identified, or the table may be in the pages that could not be read
                severity="info" if not doc.template or doc.incomplete else None,
                keys=[kind],
            )
