"""Structure rules (A040–A044): template residue, wrong years, list numbering, missing required parts and
topics, and tables listed in the contents but missing."""

from __future__ import annotations

import itertools
import re
from collections import Counter
from collections.abc import Iterable, Sequence

from juesuan.audit.document import (
    Paragraph,
    Where,
    attachment_line,
    budget_only,
    cn_number,
    last_report_block,
    parse_numbering,
    table_kind,
    unit_name,
)
from juesuan.audit.facts import (
    normalise,
    years_run_into_amounts,
)
from juesuan.audit.normalise import simplified, simplified_cell
from juesuan.audit.rules.base import (
    Context,
    Hit,
    audit_rule,
    cell_quote,
    excerpt,
    line_warning,
)
from juesuan.audit.rules.classification import one_character_off, resolve_path
from juesuan.findings import Severity
from juesuan.residue import PLACEHOLDER

# --- template residue, years, structure -------------------------------------------------------------------

_PLACEHOLDER = "模板占位符或填写说明"
_MASKED = "以星号遮盖的文字"
#: One “*” between two Chinese characters (“降幅*明显”): a character masked by the copy of a page; no
#: template marks a blank with a single asterisk inside a word.
_MASKED_CHARACTER = re.compile(r"[\u4e00-\u9fff][*＊](?![*＊])[\u4e00-\u9fff]")
_MASKED_NOTE = "全文另有以单个“*”遮盖的字，可能为转载时所作遮盖，应核对原文"
#: “XX” standing for a place before its level (“XX市第一幼儿园”, “XX区教育局”): when the report's own unit is
#: named so, the copy (a document site's) masks the place throughout; not a template's blank.
_MASKED_PLACE = re.compile(r"(?<![A-Za-z])X{2,3}(?=省|市|区|县|州|盟|旗|镇|乡|街道)")
_MASKED_PLACE_WHAT = "以“XX”遮盖的地名"
_MASKED_PLACE_NOTE = "本单位名称中的地名以“XX”代替，可能为转载时所作遮盖，应核对原文"
#: the report's own name masked with asterisks where its title or first part names the unit (“****2023年度
#: 单位决算”, “第一部分 ****概况”): the copy (a tender or document site's) masks names throughout, so its
#: other asterisks (“****办公室”) are masked names too, not a template's blanks
_MASKED_UNIT_TITLE = re.compile(
    r"^\s*(?:[*＊]{2,}\s*(?:20\d\d|[一二三四五六七八九〇零]{4})年度?(?:部门|单位)?决算|第一部分\s*[*＊]{2,}\s*概况)"
)
_MASKED_UNIT_WHAT = "以星号遮盖的单位名称"
_MASKED_UNIT_NOTE = "本单位名称以“*”代替，文中其他“*”可能为转载时所作遮盖，应核对原文"
# what follows a title's name field left as the template has it: the year, or the part's 概况
_NAME_FIELD_END = r"(?=(?:19|20)\d\d年|概况|基本情况)"
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
        # an ordinal left blank: “天津市滨海新区第届人民代表大会”
        re.compile(r"第(?:届|次会议)"),
        "空缺的数字",
        "应填写届次",
    ),
    (
        re.compile(
            r"增加（减少）|减少（增加）|增长（下降）|下降（增长）|大于（小于）|小于（大于）|增加\(减少\)|增长\(下降\)"
        ),
        "备选用词",
        "应按实际数字只保留一个",
    ),
    (
        # a generic body left for the named one: “经盘龙区财政厅(局)汇总” (the template's “财政厅(局)”; not
        # the ministry's “各省、自治区、直辖市财政厅(局)”, which names every province's)
        re.compile(r"(?<=[区县市州盟旗])(?<!辖市)财政厅[（(]局[）)]"),
        "备选用词",
        "应按实际机构名称只保留一个",
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
        re.compile(
            r"[（(]或(?:与|等于|大于|小于|高于|低于)?(?:预算数?|上年)?(?:持平|相等|增加|减少|增长|下降)[）)]"
        ),
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
        # a share left blank after its base's name: “占总支出的 %”, “占一般公共预算收入比重 %” (not a
        # flattened table's heading, “|占调整预算%|比上年增长%|”, nor a template's “占XX%”, its placeholder
        # reported as such)
        re.compile(r"占[^，,。；;：:%％\d（）()|｜XxＸｘ×]{1,20}?[%％](?![|｜])"),
        "空缺的数字",
        "应填写实际数字",
    ),
    (
        re.compile(
            # (not the form's field label filled in: “部门(单位)名称: 岳阳市城市管理监督指挥中心”, or a form's
            # row “部门(单位)名称 | 绥阳县太白镇人民政府 | …” with the name in the next cell)
            # (nor the label run into its value by a copy: “部门(单位)名称长沙市雨花区发展和改革局预算编码…”)
            r"部门[（(]单位[）)]名称(?![:：](?![\u4e00-\u9fff]{0,6}[:：])[^,，。;；|｜])(?![|｜][\u4e00-\u9fff]{2,})"
            r"(?![\u4e00-\u9fff]{2,24}?(?:局|委员会|政府|办事处|中心|医院|学校|中学|小学|管理处|管理所))|[（(]为机构改革后“三定方案”确定的职能[）)]|请对[^。；]{1,30}进行说明"
            # a drafting instruction in brackets: “(比照预算公开的内容格式)”, “(…,按支出功能分类类级科目逐类
            # 分析)”, “(需公开内设机构数量和下属单位数量及名称)”
            r"|[（(][^（）()]{0,40}(?:比照[^（）()]{0,20}格式|逐类分析|逐项分析|逐项说明|需公开|须公开)"
            r"[^（）()]{0,40}[）)]"
            # an instruction to the one filling the form in, a sentence of its own: “由单位根据三定方案等
            # 相关规定中有关内部机构设置填写。”, “(请据实填写)”, “注:请部门根据实际注明页码” (a 目录's note;
            # not a 填报说明's account of its sources,
            # “…依据本单位会计账簿…填列”, nor “…表由单位负责人审核”)
            r"|(?<![^。；;：:])由(?:本)?(?:单位|部门)根据[^。；;]{0,40}?填写|请(?:本)?(?:部门|单位)?(?:据实|如实|按实际情况|根据实际(?:情况)?)(?:填写|填列|注明)"
            # a list left as the template's ellipsis, and the template's note to the one filling it in:
            # “本部门内设机构包括…… 。本部门下属单位包括:……。(注:如无下属单位,应写明“本部门无下属单位)”
            r"|包括[：:]?(?:……|…)(?=[。；;，,]|$)"
            r"|[（(]注[：:][^（）()]{0,40}?(?:应写明|请写明|应注明|请注明|应说明|请说明)"
            # the name field of a title left as the template has it: “单位名称2021年度决算公开报告”,
            # “第一部分 部门名称概况”
            # (one alternative per opening: the look-ahead scan's test reads each alternative's first literal)
            + "".join(
                f"|{before}{field}{_NAME_FIELD_END}"
                for before in (r"(?<![\u4e00-\u9fff])", "(?<=部分)")
                for field in ("部门名称", "单位名称")
            )
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
# (each doubled mark spelt out, no back-reference: the pattern is also a part of the scan ``_ANY_RESIDUE``,
# where a “\1” would name another part's group and never match)
_DOUBLE_PUNCT = re.compile(r"，，|。。|；；|：：|、、|！！|？？|，。|。，|；。|。；|，；|；，")
# a document number whose year lost its closing bracket: “(离政办发〔2014130号)” for 〔2014〕130号
_OPEN_DOC_YEAR = re.compile(r"〔(?:19|20)\d\d(?=\d{1,4}号)")
# Editing slips, warnings: a word of 2–4 characters typed twice (“支出支出”, “原因原因”, “工程完工程完成”;
# not a run-in heading at a sentence's start, “团委团委在…”, nor “一个一个”), a stray full stop inside an
# amount (“488.8. 万元”).
# (the word's first character apart, [\u4e00-\u9fff]{1,3} after it: a pattern opening on a character class is
# tried only where a character of the class is, one opening on a repeat at every character)
_DOUBLED = re.compile(r"([\u4e00-\u9fff][\u4e00-\u9fff]{1,3})\1")
_STRAY_POINT = re.compile(r"(?<![\d.])\d+\.\d+\.(?=万元|亿元|元|%)")
# a percent sign after an amount's unit (“因公出国(境)费支出决算0.00万元%”): a rate's sign left behind
_UNIT_PERCENT = re.compile(r"(?<![\d.,])\d[\d,]*(?:\.\d+)?(?:万元|亿元|元)[%％]")
# a comma between a share's verb and its rate (“公务用车运行维护费23,005.58元,占,88.19%”)
_STRAY_COMMA = re.compile(r"[占达][,，](?=\d+(?:\.\d+)?[%％])")
# a comma left before a closing bracket, or after one before an enumeration comma (“…284.80万元,)”, “(挂…
# 牌子),、”)
_COMMA_AT_CLOSE = re.compile(r"(?<=[,，、])[)）]|[)）][,，]、")  # found at the bracket: commas are many
# an enumeration comma left before 等 (“康复科、口腔科、等临床科室”; not 等于, 等级, 等额 …)
_STRAY_LIST_COMMA = re.compile(r"、(?=等(?![级额待同量值效次于候比距分价号]))")
# a function word typed twice (“主要是是接待上级”; not “是是非非”, nor the word before a word it begins:
# “预算时对对象摸底” is 对 + 对象, “在在职人员中” 在 + 在职)
_DOUBLED_WORD = re.compile(r"([的是在和及与为对将把被])\1(?!非)")
_WORDS_AFTER_FUNCTION_WORD = frozenset(
    {
        *("对象", "对口", "对外", "对接", "对照", "对比", "对应", "对待", "对方", "在建", "在职"),
        *("在编", "在岗", "在校", "在用", "在途", "和谐", "的确", "将来", "与会", "被告", "为民"),
    }
)
# a score label of an evaluation form (“3分)”, “(20分)”): a short line holding one is a 评分表's row run
# together, where an indicator ends with the word its sub-indicator begins with (“项目执行执行规范”)
_SCORE_LABEL = re.compile(r"\d+(?:\.\d+)?分[)）]")
# a phrase said twice around 是/为 (“主要原因是主要原因较上年预算时减少了4名教师”)
_REPEATED_PHRASE = re.compile(r"([\u4e00-\u9fff]{3,6})[是为]\1")
# two openings of a reason run together (“主要原因是主要是由于乡镇人员增加”: 主要原因是, or 主要是由于)
_REASON_TWICE = re.compile(r"原因[是为][:：]?(?=主要[是为]|是由于)")
# two words opening a comparison run together (“与比上年减少4人”: 与上年相比, or 比上年; “同比去年” is usage)
_RUN_TOGETHER = re.compile(r"与[比较](?=上年|去年|上一年|20\d\d年)")
_SENTENCE_START = "。；;！？：:"
# Standard terms of a 决算 text mis-written (warnings), in the 目录 too. Each wrong form is a non-word that no
# correct sentence contains; each right form is a standard term with its source:
# - 名词解释: the part's name in the 部门决算公开 template (财政部《部门决算编报说明》);
# - 政府性基金预算, 一般公共预算: two of the four budgets of 《中华人民共和国预算法》第五条 (“一般公共决算” is
#   neither a budget's name nor 一般公共预算决算);
# - 舍入 (as in 四舍五入, 舍入误差): GB/T 8170《数值修约规则与极限数值的表示和判定》;
# - 气候: 《政府收支分类科目》2110108 应对气候变化管理事务 (``data/classification/functional.csv``);
#   “气侯” is a character confusion (候/侯) found in the 职能 texts;
# - 运行维护费: 《政府收支分类科目》30231 公务用车运行维护费 (``data/classification/economic.csv``), its
#   “费” written twice;
# - 部门概况/单位概况: the first part's name in the template (“概括” is a summary, not the 概况 part);
# - 国有资本经营预算财政拨款 (the 预算 dropped; “政府基金预算” for 政府性基金预算 is a usual shortening and is
#   not listed), 转移支付 (written “转移收付”): the budget's and the expenditure's standard names;
# - 预算稳定调节基金: 《中华人民共和国预算法》第四十一条 (“安排预算稳定调金”: 节基 lost).
_WRONG_TERMS = {
    "名称解释": "名词解释",
    "政府性预算": "政府性基金预算",
    "一般公共决算": "一般公共预算",
    "一般公开预算": "一般公共预算",
    "收舍": "舍入",
    "气侯": "气候",
    "运行费维护费": "运行维护费",
    "国有资本经营财政拨款": "国有资本经营预算财政拨款",
    "转移收付": "转移支付",
    "部门概括": "部门概况",
    "单位概括": "单位概况",
    "稳定调金": "稳定调节基金",
}
_WRONG_TERM = re.compile("|".join(_WRONG_TERMS))
_TERM = "用语不规范"


#: Every character a match of ``_ANY_RESIDUE`` can begin with (``tests/audit/test_residue_scan.py`` derives
#: the set from the patterns): looked ahead for first, it lets the search skip the other places of a text
#: without trying each of the alternatives there (three times faster). The one pattern that opens on a digit,
#: ``_STRAY_POINT``, is looked for apart, by its literal end (``_any_residue``): tried at every digit, it
#: made the scan of a table's cells five times slower.
_RESIDUE_FIRST = (
    "#%()*X×、。一上下仍低减单占包名国增大对小待收政某气由稳第结请转达运部针降高！％（）＊，：；？〔财"
)

_ANY_RESIDUE = re.compile(
    "(?=["
    + re.escape(_RESIDUE_FIRST)
    + "])(?:"
    + "|".join(p.pattern for p, _, _ in _RESIDUE)
    + "|"
    + "|".join(
        p.pattern
        for p in (
            _DOUBLE_PUNCT,
            _STRAY_COMMA,
            _STRAY_LIST_COMMA,
            _COMMA_AT_CLOSE,
            _WRONG_TERM,
            _OPEN_DOC_YEAR,
        )
    )
    + ")"
)
#: a “%” after an amount's unit (``_UNIT_PERCENT``) is looked for by its literal end, not in the scan above:
#: a pattern opening on a digit is tried at every digit of a text
_UNIT_PERCENT_ENDS = ("元%", "元％")
_STRAY_POINT_ENDS = (".万元", ".亿元", ".元", ".%")


def _any_residue(text: str) -> bool:
    """Whether some pattern of the residue scan matches in ``text`` (``_ANY_RESIDUE``, or a stray point)."""
    return _ANY_RESIDUE.search(text) is not None or (
        any(end in text for end in _STRAY_POINT_ENDS) and _STRAY_POINT.search(text) is not None
    )


_DOUBLE_CLOSE = re.compile(r"[)）][)）]")
# a year's figure left blank before its unit (“如果与2011年的亿元相比”)
_YEARS_BLANK = re.compile(r"(?<=年)的(?:亿元|万元)")
_YEARS_BLANK_WORDS = ("年的亿元", "年的万元")
# a unit's 元 written twice after an amount (“事业收入186.06亿元元”)
_UNIT_TWICE = re.compile(r"(?<=\d)(?:万|亿)?元元")


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


# a bracketed word written again right after its bracket (“西部(重庆)重庆科学城” for 西部(重庆)科学城)
_BRACKET_REPEAT = re.compile(r"[（(]([\u4e00-\u9fff]{2,4})[）)]\1")
# a word written twice with its colon (“支出合计6449万元,其中:其中:”)
_DOUBLED_WITH_COLON = re.compile(r"([\u4e00-\u9fff][\u4e00-\u9fff]{1,3})[:：]\1[:：]")  # (as _DOUBLED)
#: the editing slips of prose, each with the literals one of which its every match holds (none: always
#: searched), so that a paragraph without them is not scanned for the slip
_PROSE_SLIPS = (
    (_DOUBLED, ()),
    (_DOUBLED_WORD, ()),
    (_RUN_TOGETHER, ("与比", "与较")),
    (_REPEATED_PHRASE, ("是", "为")),
    (_DOUBLE_CLOSE, (")", "）")),
    (_BRACKET_REPEAT, ("(", "（")),
    (_DOUBLED_WITH_COLON, (":", "：")),
    (_REASON_TWICE, ("原因",)),
    (_UNIT_TWICE, ("元元",)),
    (_YEARS_BLANK, _YEARS_BLANK_WORDS),
)


def _any_prose_slip(text: str) -> bool:
    # plain loops, not nested generators: this runs on every paragraph, most of which have no slip
    for pattern, needs in _PROSE_SLIPS:
        if needs:
            for literal in needs:
                if literal in text:
                    break
            else:
                continue  # none of the literals every match holds: not searched
        if pattern.search(text) is not None:
            return True
    return False


def _residue_in(text: str, prose: bool = True):
    if (
        not _any_residue(text)
        and not (prose and _any_prose_slip(text))
        and not any(end in text for end in _UNIT_PERCENT_ENDS)
    ):
        if prose:
            yield from _blank_counts(text)  # the slips the scans above do not look for
        return
    for pattern, what, expected in _RESIDUE:
        for m in pattern.finditer(text):
            yield m, what, expected, None
    for m in _DOUBLE_PUNCT.finditer(text):
        yield m, "重复标点", "应删除多余的标点", "warning"
    for m in _STRAY_LIST_COMMA.finditer(text):
        yield m, "多余的标点", "“等”之前不应有顿号", "warning"
    for m in _COMMA_AT_CLOSE.finditer(text):
        expected = "右括号前不应有逗号或顿号" if len(m.group(0)) == 1 else "右括号后不应再有顿号"
        yield m, "多余的标点", expected, "warning"
    for m in _OPEN_DOC_YEAR.finditer(text):
        yield m, "文号缺少括号", f"应为“{m.group(0)}〕”", "warning"
    for m in _WRONG_TERM.finditer(text):
        yield m, _TERM, f"应为“{_WRONG_TERMS[m.group(0)]}”", "warning"
    if not prose:
        return
    score_row = len(text) <= 60 and _SCORE_LABEL.search(text) is not None
    for m in _DOUBLED.finditer(text):
        at_start = m.start() == 0 or text[m.start() - 1] in _SENTENCE_START
        if not at_start and not score_row and not m.group(1).startswith("一") and m.end() < len(text):
            yield m, "重复的词语", f"“{m.group(1)}”应只写一次", "warning"
    for m in _DOUBLED_WORD.finditer(text):
        if text[m.start() + 1 : m.start() + 3] not in _WORDS_AFTER_FUNCTION_WORD:
            yield m, "重复的词语", f"“{m.group(1)}”应只写一次", "warning"
    for m in _REPEATED_PHRASE.finditer(text):
        yield m, "重复的词语", f"“{m.group(1)}”应只写一次", "warning"
    for m in _DOUBLED_WITH_COLON.finditer(text):
        yield m, "重复的词语", f"“{m.group(1)}:”应只写一次", "warning"
    for m in _BRACKET_REPEAT.finditer(text):
        yield m, "重复的词语", f"括号中的“{m.group(1)}”之后不应再写一次", "warning"
    for m in _DOUBLE_CLOSE.finditer(text):
        if _unopened(text, m.start() + 1):
            yield m, "多余的括号", "应删除多余的右括号", "warning"
    for m in _REASON_TWICE.finditer(text) if "原因" in text else ():
        yield m, "重复的词语", "应为“主要原因是”或“主要是”，只用一个说明原因的用语", "warning"
    for m in _RUN_TOGETHER.finditer(text):
        yield m, "重复的词语", f"应为“与上年相比”或“{m.group(0)[1:]}上年”，只用一个比较用语", "warning"
    for m in _STRAY_POINT.finditer(text):
        yield m, "金额中多余的字符", "应删除金额中多余的“.”", "warning"
    for m in _STRAY_COMMA.finditer(text):
        yield m, "比例前多余的标点", "应删除与比例之间的逗号", "warning"
    for m in _UNIT_PERCENT.finditer(text):
        yield m, "金额中多余的字符", "金额单位后不应有“%”", "warning"
    for m in _UNIT_TWICE.finditer(text) if "元元" in text else ():
        yield m, "金额中多余的字符", "金额单位的“元”应只写一次", "warning"
    for m in _YEARS_BLANK.finditer(text) if any(w in text for w in _YEARS_BLANK_WORDS) else ():
        yield m, "空缺的数字", "应填写实际数字", None
    yield from _blank_counts(text)


# an amount left blank after its subject's name: “2018年中央本级“三公”经费财政拨款支出合计亿元” (looked
# for with the blank counts, behind the unit's literal)
_BLANK_AMOUNT = re.compile(r"(?:收入|支出|合计|总计|经费|费用|资金|拨款|结余)(?:为|是|共计|达)?(?:万元|亿元)")


# “其中:行政人,事业6人”: in a 其中 list of counts, a member written without its number (a sibling has one)
_COUNT_LIST = re.compile(r"其中[:：]?([^。；;（）()]{3,120})")
_COUNTED = re.compile(r"^[\u4e00-\u9fff]{1,8}?(\d+)(人|名|辆|个|台|家)$")
_UNCOUNTED = re.compile(r"^([\u4e00-\u9fff]{1,6})(人|名|辆|个|台|家)$")
_PERSON_WORDS = (
    "负责人",
    "法人",
    "个人",
    "责任人",
    "联系人",
    "代表人",
    "成人",
    "家人",
    "工人",
    "军人",
    "老人",
)


# a total's figure left blank before the list that splits it: “2020年度收入总计 ,其中:财政拨款收入6160234.82
# 元;占100%” (looked for with the blank counts, where 其中 is)
_BLANK_TOTAL = re.compile(r"(?:(?:收入|支出)(?:总计|合计)|总(?:收入|支出))(?:为|是)?(?=[，,；;]其中)")


def _blank_counts(text: str):
    for blank in _BLANK_AMOUNT.finditer(text) if "万元" in text or "亿元" in text else ():
        yield blank, "空缺的数字", "应填写实际数字", None
    if "其中" not in text:
        return
    for blank in _BLANK_TOTAL.finditer(text):
        yield blank, "空缺的数字", "应填写实际数字", None
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


# a field's label (“公开范围:”): a page's metadata set out as “label: value” fields side by side
_FIELD_LABEL = re.compile(r"[\u4e00-\u9fff]{2,6}[:：]")
_BARE_FIELD_LABEL = re.compile(r"[\u4e00-\u9fff]{2,6}[ \t\u3000]+[\u4e00-\u9fff]")
_BARE_LONG_LABEL = re.compile(r"[\u4e00-\u9fff（）()]{2,18}[ \t\u3000]+\S")


def _equal_form_cells(norm: str, m: re.Match) -> bool:
    """Whether a word written twice is a 绩效 form's target cell and its actual cell run together, the same
    (“…改善状况10显著提升显著提升10满意度指标…”: 分值 10, 年度指标值 and 实际完成值 both 显著提升, 得分 10):
    a figure on each side, in a text of indicators."""
    before, after = norm[: m.start()], norm[m.end() :]
    if "指标" not in norm:
        return False
    if re.search(r"\d$", before) and re.match(r"\d", after):
        return True
    # the indicator's name ending in the word, then its target and actual the same (“…补助专款专用专款专用专款
    # 专用10”: three cells, then the 分值)
    word = m.group(1) if m.re.groups else ""
    return bool(word) and after.startswith(word) and re.match(r"\d", after[len(word) :]) is not None


def _across_fields(text: str, norm: str, idx: list[int], m: re.Match) -> bool:
    """Whether a word typed twice is two fields side by side: the first ends a field's value, the second,
    after a space, begins the next field's label (“公开方式: 主动公开 公开范围: 面向社会”)."""
    word = m.group(1) if m.re.groups else ""
    if not word or m.group(0) != word * 2:
        return False
    split = m.start() + len(word)
    between = text[idx[split - 1] + 1 : idx[split]]
    if not between or not between.isspace():
        return False
    if _FIELD_LABEL.match(norm, split) is not None:
        return True
    # a row of fields with no colons (“公开方式 主动公开 公开时限 长期公开 是否有效 有效”): the second
    # word begins a short label that a space parts from its value, in a line of such space-parted words
    words = len(text.split())
    if _BARE_FIELD_LABEL.match(text, idx[split]) is not None and words >= 4:
        return True
    # a form flattened into one line of many space-parted cells (“…二级预算单位 单位经费保障方式 差额 是否编制
    # 部门预算 是 是否编制政府财务报告 是 …”): any label may follow a value, however long
    return words >= 12 and _BARE_LONG_LABEL.match(text, idx[split]) is not None


#: A website's notice about its own pages (copyright, reprints, disclaimers), not the report's text: its
#: “XXX” stands for any source (“凡本网注明"来源:XXX(非大众网)"的作品,均转载自其它媒体”).
_SITE_NOTICE = re.compile(r"(?:本网|本站|本网站)[^。]{0,60}?(?:转载|版权|授权|免责)|版权与免责声明")


#: a form's field label standing alone in its cell
_FIELD_CELL = re.compile(r"部门[（(]单位[）)]名称[:：]?")


def _filled_next(row: Sequence, k: int) -> bool:
    """Whether the first non-empty cell after the ``k``-th of ``row`` holds a name (two Chinese characters at
    least): a form's field filled in."""
    following = next((c.text.strip() for c in row[k + 1 :] if c.text.strip()), "")
    return len(_CJK.findall(following)) >= 2


@audit_rule("A040")
def template_residue(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None:
        return
    said: set[str] = set()
    said_masked = False
    masked = any(_MASKED_CHARACTER.search(p.text) for p in doc.paragraphs)
    masked_place = bool(_MASKED_PLACE.match(doc.department))
    masked_unit = any(_MASKED_UNIT_TITLE.match(p.text) for p in [*doc.furniture, *doc.paragraphs][:40])
    # the 目录 last: a placeholder left in it (“第一部分:部门(单位)名称概况”) unless its heading says it too
    for par in [p for p in doc.paragraphs if not p.in_toc] + [p for p in doc.paragraphs if p.in_toc]:
        if _SITE_NOTICE.search(par.text):
            continue  # the site's own notice around the report: “凡本网注明"来源:XXX(非大众网)"的作品…”
        norm, idx = normalise(par.text)
        here: set[tuple[str, str]] = set()  # placeholders said in this paragraph
        for m, what, expected, severity in _residue_in(norm, prose=not par.in_toc):
            if what == "重复标点" and idx[m.end() - 1] - idx[m.start()] >= m.end() - m.start():
                continue  # “征求群 、 、 、 众意见”: marks a text layer set apart by spaces, not typed twice
            if masked and what == _PLACEHOLDER and not m.group(0).strip("*＊"):
                # a copy that masks characters with “*” inside words (“降幅*明显”, “下降*主要的原因”): its
                # “**” may be masked words too, not a template's placeholder: a note, not an error
                what, expected, severity = _MASKED, _MASKED_NOTE, "info"
            elif masked_place and what == _PLACEHOLDER and _MASKED_PLACE.match(norm, m.start()):
                # the unit's own place masked by the copy (“XX市第一幼儿园隶属于XX市教育局”): a note, once
                what, expected, severity = _MASKED_PLACE_WHAT, _MASKED_PLACE_NOTE, "info"
            elif masked_unit and what == _PLACEHOLDER and not m.group(0).strip("*＊"):
                # the unit's own name masked by the copy (“****2023年度单位决算”, “****办公室”): a note, once
                what, expected, severity = _MASKED_UNIT_WHAT, _MASKED_UNIT_NOTE, "info"
            if par.in_toc and (what not in (_PLACEHOLDER, _TERM) or m.group(0) in said):
                continue
            if what == "重复的词语" and (
                _across_fields(par.text, norm, idx, m)
                or _equal_form_cells(norm, m)
                or _label_run_into_cell_label(norm, m)
            ):
                continue
            once = what in (_PLACEHOLDER, _MASKED) or m.group(0) in ("与比", "与较")
            if what in (_MASKED_PLACE_WHAT, _MASKED_UNIT_WHAT) and said_masked:
                continue  # one note for the whole copy
            said_masked = said_masked or what in (_MASKED_PLACE_WHAT, _MASKED_UNIT_WHAT)
            if once and (what, m.group(0)) in here:
                continue  # each blank figure is a figure missing; one placeholder repeated is one slip
            here.add((what, m.group(0)))
            said.add(m.group(0))
            o0 = idx[m.start()]
            quote = excerpt(par.text, o0 - 40, o0 + 50)
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
    yield from _class_name_slips(ctx)
    yield from _doubled_ascii_commas(ctx)
    yield from _amounts_without_unit(ctx)
    yield from _dropped_characters(ctx)
    yield from _township_words_in_a_subdistrict(ctx)
    yield from _toc_entry_twice(doc.paragraphs)
    yield from _budget_titled_item(doc.paragraphs)
    yield from _passage_twice(doc.paragraphs)
    yield from _unclosed_title_marks(doc.paragraphs)
    yield from _unopened_title_marks(doc.paragraphs)
    yield from _unclosed_brackets(doc.paragraphs)
    yield from _instruction_lines(doc.paragraphs)
    yield from _duties_of_another_unit(doc.paragraphs, doc.department)
    yield from _own_level_of_another_town(doc.paragraphs, doc.department)
    yield from _heading_dropped_characters(ctx)
    yield from _toc_entry_lost_characters(ctx)
    for table in doc.tables:
        if not _any_residue("\n".join(c.text for row in table.rows for c in row)):
            continue
        for row in table.rows:
            for k, cell in enumerate(row):
                for m, what, expected, severity in _residue_in(cell.text, prose=False):
                    if what == "重复标点":
                        continue
                    if what == "空缺的数字" and not any(ch.isdigit() for ch in cell.text):
                        continue  # “比上年增长%”: a column's heading naming its unit, not a blank figure
                    if (
                        what == _PLACEHOLDER
                        and _FIELD_CELL.fullmatch(cell.text.strip())
                        and _filled_next(row, k)
                    ):
                        continue  # a form's field filled in the next cell (“部门(单位)名称 | 某镇”)
                    if masked_place and what == _PLACEHOLDER and _MASKED_PLACE.match(cell.text, m.start()):
                        continue  # the unit's own place masked by the copy: noted once with the text
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
    "国有资本经营预算",  # “九、有资本经营预算支出决算情况说明”
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
            if term[i : i + 2] == "经费":  # “无机关运行费”: 费 for 经费 is a usual shortening too
                continue
            variant = term[:i] + term[i + 1 :]
            if not any(variant in t and term not in t for t in _TERMS) and "公务车" not in variant:
                out.setdefault(variant, term)
    return out


_DROPPED = _dropped_variants()
#: Words a shortened term's last character may start: “收入计划” (the revenue plan) is not 收入总计 with its
#: 总 lost.
_WORDS_RUN_ON = frozenset(("计划", "计算", "计入", "计提", "计量"))


def _longest_first(words: Iterable[str]) -> re.Pattern[str]:
    """The words as one pattern, the longest first, grouped by their first character (“财(?:…|…)|国(?:…)”):
    at each place the engine tries only the words opening with the character there, in the same order, so
    the same word matches as with all of them in one list."""
    order = sorted(words, key=len, reverse=True)
    firsts = dict.fromkeys(w[0] for w in order)
    return re.compile(
        "|".join(
            re.escape(f) + "(?:" + "|".join(re.escape(w[1:]) for w in order if w[0] == f) + ")"
            for f in firsts
        )
    )


_DROPPED_RE = _longest_first(_DROPPED)
_TERMS_RE = _longest_first(_TERMS)


# “比去年” / “较去年” without its 年 (“信访稳定比去大幅度下降”)
_LAST_YEAR_CUT = re.compile(r"(?<=[比较])去(?=[\u4e00-\u9fff])(?![年岁])")
# a year without the 年 of 年度 (“第二部分:梧州市统计局2018度部门决算报表”, “2016度政府性基金支出”); not
# a count of kilowatt-hours (“用电2018度”)
_YEAR_DU = re.compile(
    r"(?<![\d.])(?:19|20)\d\d度(?=部门|单位|决算|预算|收入|支出|财政|一般|政府|国有|绩效|重点|主要|工作)"
)
# a year without its 年 before the item it labels (“银川市档案局2016“三公”经费预算安排资金5万元”, a title's
# “…中心2018绩效评价自评报告”)
_YEAR_UNWORDED_BEFORE = ("三公", "绩效", "部门决算", "单位决算", "部门整体支出", "预算", "决算")
_YEAR_UNWORDED = re.compile(
    r"(?:19|20)(?<![\d.]..)\d\d(?=[“\"]?三公|绩效|部门决算|单位决算|部门整体支出"
    r"|(?:收入|支出|财政)(?:预算|决算))"  # “2016收入预算为1801万元”
)
# a comparison that lost its 与 after a clause mark (“公务接待费支出30.00万元, 2021年度预算相比,减少…”)
_COMPARED_WITHOUT_YU = re.compile(
    r"(?<=[，,。；;])(?:(?:19|20)\d\d年度?|上年度?|去年)(?:预算数?|决算数?)?相比"
)
_YEAR_AT_LINE_END = re.compile(r"(?<=[\u4e00-\u9fff])(?:19|20)\d\d$")
_UNWORDED_ITEM_OPENING = re.compile(r"[“\"]?(?:三公|绩效|部门决算|单位决算|部门整体支出)")
# a heading's “关于” without its 于 (“十三、关2020年度预算绩效情况的说明”, under “十一、关于政府采购支出说明”)
_ABOUT_CUT = re.compile(r"(?:^|[、）)．.])关(?=(?:19|20)\d\d|《|“)")
# “三公” with its opening quotation mark lost (“七、财政拨款三公”经费支出决算情况说明”); a pair written
# with two closing marks (”三公”) is typography
_SANGONG_UNOPENED = re.compile(r"(?<![“”\"‘’'])三公[”\"](?=经费)")
# a count of units, offices, cars or staff without its measure word (“纳入…范围的单位共1,单位名称:…”; not an
# amount with a thousands separator, “收入合计1,151.41万元”)
_COUNT_UNWORDED = re.compile(
    r"(?:单位|机构|科室|车辆|人员|人数)(?:共计?|总数为?|合计)\d+(?=[,，](?!\d)|[。；;])"
)
_MEASURE = {"单位": "个", "机构": "个", "科室": "个", "车辆": "辆", "人员": "人", "人数": "人"}
# a share left as a bare number among items that state theirs (“因公出国(境)费支出决算0万元,0;公务接待费
# 支出决算6.28万元,占34.88%”)
_BARE_SHARE = re.compile(r"(?<=[万萬]元[,，])\d+(?:\.\d+)?(?=[;；])")


# a change whose direction word was lost between the prior's figure and the change (“较2022年决算数688.84万元
# 131.49万元,增长19.09%”): two amounts run together after 较/比 and before the rate
_CHANGE_UNWORDED = re.compile(
    r"(?:较|比)(?:20\d\d年度?|上年度?|去年)[^,，。；;、\d]{0,8}\d[\d,]*(?:\.\d+)?万元"
    r"(?P<change>\d[\d,]*(?:\.\d+)?万元)(?=[,，]?(?:增长|下降|上升|增幅|降幅))"
)


def _after_digit(text: str, ch: str) -> bool:
    """Whether ``ch`` follows a digit somewhere in ``text``: the cheap test before a pattern needing it."""
    at = text.find(ch, 1)
    while at > 0:
        if text[at - 1].isdecimal():
            return True
        at = text.find(ch, at + 1)
    return False


def _dropped_characters(ctx: Context) -> Iterable[Hit]:
    """A standard term with one character dropped (“2020年度收入476.17、支总计460.06万元”), not inside the
    term written in full, and not the usual shortening “收、支总计”; “比去” without the 年 of 去年. A
    warning."""
    if ctx.doc is None:
        return
    said: set[str] = set()  # a slip copied into another section is said once, where it first occurs
    pars = ctx.doc.paragraphs
    for at, par in enumerate(pars):
        norm, idx = normalise(par.text)
        for m in _COMPARED_WITHOUT_YU.finditer(norm) if "相比" in norm else ():
            yield _slip(par, idx[m.start()], "缺字", m.group(0), f"应为“与{m.group(0)}”")
        bare = _YEAR_AT_LINE_END.search(norm, max(0, len(norm) - 5))  # four digits at the end: only there
        if bare and at + 1 < len(pars) and _UNWORDED_ITEM_OPENING.match(normalise(pars[at + 1].text)[0]):
            # a title broken over two lines (“盘龙区鼓楼街道办事处2018” / ““三公经费”决算说明”): the year
            # ending the first has lost its 年 before the item opening the second
            yield _slip(par, idx[bare.start()], "缺字", bare.group(0), f"应为“{bare.group(0)}年”")
        for m in _LAST_YEAR_CUT.finditer(norm) if "去" in norm else ():
            yield _slip(par, idx[m.start()], "缺字", norm[m.start() - 1 : m.end()], "应为“去年”")
        # each pattern searched only in a paragraph holding its literal (a substring test is far cheaper)
        for m in _YEAR_DU.finditer(norm) if _after_digit(norm, "度") else ():
            yield _slip(par, idx[m.start()], "缺字", m.group(0), f"应为“{m.group(0)[:-1]}年度”")
        for m in _YEAR_UNWORDED.finditer(norm) if any(w in norm for w in _YEAR_UNWORDED_BEFORE) else ():
            if idx[m.end()] - idx[m.end() - 1] > 1:
                continue  # “2019 “三公”经费”: a year and a name in two fields (a table's header), not run in
            # quoted with the word after the item (“2016“三公”经费”): its marks stay paired
            word = norm[m.start() : m.end() + (6 if norm[m.end()] in '“"' else 4)]
            yield _slip(par, idx[m.start()], "缺字", word, f"应为“{m.group(0)}年”")
        for m in _ABOUT_CUT.finditer(norm) if "关" in norm else ():
            at = m.end() - 1
            yield _slip(par, idx[at], "缺字", norm[at : at + 8], "应为“关于”")
        for m in _SANGONG_UNOPENED.finditer(norm) if "三公”" in norm or '三公"' in norm else ():
            found = norm[max(0, m.start() - 4) : m.end() + 2]
            yield _slip(par, idx[m.start()], "缺少引号", found, "“三公”应有前引号")
        for m in _BARE_SHARE.finditer(norm) if "元," in norm or "元，" in norm else ():
            start, end = norm.rfind("。", 0, m.start()) + 1, norm.find("。", m.end())
            if re.search(r"占\d", norm[start : end if end >= 0 else len(norm)]):
                yield _slip(
                    par, idx[m.start()], "空缺的比例", norm[m.start() - 3 : m.end() + 1], "应为“占……%”"
                )
        for m in _CHANGE_UNWORDED.finditer(norm) if "万元" in norm else ():
            yield _slip(
                par,
                idx[m.start("change")],
                "缺字",
                m.group(0),
                f"变动额“{m.group('change')}”前缺少“增加”或“减少”",
            )
        for m in _COUNT_UNWORDED.finditer(norm):
            measure = _MEASURE[m.group(0)[:2]]
            yield _slip(
                par, idx[m.start()], "缺字", m.group(0), f"数字后缺少量词，应为“{m.group(0)}{measure}”"
            )
        whole = [(m.start(), m.end()) for m in _TERMS_RE.finditer(norm)]
        for m in _DROPPED_RE.finditer(norm):
            if m.group(0) in said or any(a <= m.start() and m.end() <= b for a, b in whole):
                continue
            if re.search(r"收[、，,和及与]?$", norm[: m.start()]):
                continue  # “收、支总计”: 收入、支出总计 shortened on purpose
            if norm[m.end() - 1 : m.end() + 1] in _WORDS_RUN_ON:
                continue  # “收入计划105.28%”: the shortened term runs on into another word (计划)
            said.add(m.group(0))
            yield _slip(par, idx[m.start()], "缺字", m.group(0), f"应为“{_DROPPED[m.group(0)]}”")


def _label_run_into_cell_label(norm: str, m: re.Match[str]) -> bool:
    """Whether a word seen twice is a form's row label run into the numbered label of its first cell
    (“经济效益指标指标1:指标2:”, OCR'd “指标L”), not a word typed twice."""
    return m.re is _DOUBLED and re.match(r"[\d１][:：]|[LlI]", norm[m.end() : m.end() + 2]) is not None


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


# a 决算 说明's item titled as a budget's (“八、政府性基金预算收入支出预算情况”): not a budget's 执行情况
_BUDGET_TITLED = re.compile(r"(?<!执行)(?:收入|支出|收支)预算情况(?:说明)?[。.]?$")


def _budget_titled_item(paragraphs: list[Paragraph]) -> Iterable[Hit]:
    """A numbered item of a 决算 说明 (its 目录 or its headings) titled “…收入支出预算情况” where its siblings
    say “…决算情况”: 预算 for 决算. A warning; not where fewer than two numbered items say 决算情况."""
    numbered = [
        p for p in paragraphs if len(p.text.strip()) <= 60 and (p.numbering or parse_numbering(p.text))
    ]
    if sum("决算情况" in p.text for p in numbered) < 2:
        return
    for par in numbered:
        m = _BUDGET_TITLED.search(par.text.strip())
        if m:
            at = par.text.find(m.group(0))
            yield _slip(par, at, _TERM, m.group(0), "决算说明中应为“…决算情况”")


_ITEM_NUMBER = re.compile(
    r"^(?:[（(][一二三四五六七八九十\d]{1,3}[)）]|[一二三四五六七八九十]{1,3}、|\d{1,2}[、.．])"
)


_SENTENCE = re.compile(r"[^。]*。|[^。]+\Z")  # a sentence with its full stop, or the rest of a paragraph


_LEAD_MARK = re.compile(r"^\s*(?:来源|原标题|导语|摘要|核心提示|编者按)")


def _news_lead(paragraphs: list[Paragraph], first: Paragraph) -> bool:
    """Whether the first copy of a passage is a news page's lead (导语) under its source line (“来源:
    南方都市报 / 原标题 […] / 据财新网统计,…”), which the article then opens with again."""
    at = next((k for k, p in enumerate(paragraphs) if p is first), None)
    if at is None:
        return False
    before = [p for p in paragraphs[max(0, at - 4) : at] if p.text.strip()][-2:]
    return any(_LEAD_MARK.match(p.text) for p in before)


def _passage_twice(paragraphs: list[Paragraph]) -> Iterable[Hit]:
    """A passage of one or more sentences printed twice in a row (“2.公务用车购置及运行维护费支出52,814.20元。
    其中: / 公务用车购置支出0万元,购置车辆0辆。 / 公务用车购置及运行维护费支出52,814.20元。其中:公务用车购置
    支出0万元,购置车辆0辆。…”), across line breaks too: one copy too many. A warning."""
    # the text's sentences in order, each with its paragraph and where it starts in the paragraph's text
    pieces: list[tuple[str, Paragraph, int]] = []
    for par in paragraphs:
        if par.in_toc or par.is_chart:
            pieces.append(("", par, 0))  # the 目录 and charts break the run
            continue
        norm, idx = normalise(par.text)
        start = 0
        if pieces and pieces[-1][0].endswith(("：", ":", "，", ",", "、")):  # a sentence broken across lines
            head, stop, _ = norm.partition("。")
            pieces[-1] = (pieces[-1][0] + head + stop, *pieces[-1][1:])
            start = len(head) + len(stop)
        pieces += [(m.group(0), par, idx[m.start()]) for m in _SENTENCE.finditer(norm, start)]
    keys = [_ITEM_NUMBER.sub("", t) for t, _, _ in pieces]
    sentences = [t for t in keys if t.endswith("。")]
    if len(set(sentences)) == len(sentences):
        return  # no whole sentence written twice, so no passage either
    i = 0
    while i < len(keys):
        for k in (1, 2, 3):
            if i + 2 * k > len(keys) or keys[i] != keys[i + k] or not keys[i].endswith("。"):
                continue  # no second copy of k sentences here (the cheap test first)
            run, again = keys[i : i + k], keys[i + k : i + 2 * k]
            whole = "".join(run)
            if (
                len(again) == k
                and run == again
                and all(x.endswith("。") for x in run)
                and len(re.findall(r"[\u4e00-\u9fff]", whole)) >= 12
            ):
                _, par, at = pieces[i + k]  # the second copy (a search for its words found the first)
                first, second = pieces[i][1].numbering, par.numbering
                numbered_on = (
                    first is not None
                    and second is not None
                    and second.level == first.level
                    and second.number == first.number + 1
                )  # “(一)围绕… / (二)围绕…”: one item under two numbers, A042's (``_toc_item_repeated``)
                if not numbered_on and not _news_lead(paragraphs, pieces[i][1]):
                    yield _slip(par, at, "重复的词语", whole, "同一段文字只应写一次")
                i += 2 * k - 1
                break
        i += 1


_TITLE_OPEN = re.compile("《")
_TITLE_MARK_OR_STOP = re.compile("[《》。]")


def _unclosed_title_marks(paragraphs: list[Paragraph]) -> Iterable[Hit]:
    """A title mark opened and not closed before the sentence ends (“按照《中华人民共和国预算法》、《中华人民
    共和国政府信息公开条例等有关要求,现将…。”): its 》 was lost. A warning (a page cut inside a title, with no
    full stop after it, is not one)."""
    for par in paragraphs:
        if par.in_toc or par.heading is not None:
            continue
        if "《" not in par.text:
            continue
        norm, idx = normalise(par.text)
        ended = norm.endswith(("。", "：", ":", "；", ";", "！", "？"))  # not a page cut mid-sentence
        for m in _TITLE_OPEN.finditer(norm):
            nxt = _TITLE_MARK_OR_STOP.search(norm, m.end())
            if (nxt is not None and nxt.group(0) == "。") or (nxt is None and ended):
                found = norm[m.start() : m.start() + 20]
                yield _slip(par, idx[m.start()], "缺少书名号", found, "书名号应成对：“《…》”")


#: a template's instruction to the writer standing as a line of its own, unnumbered (“简要说明部门本部和
#: 列入部门决算编制的下属单位情况” under 二、部门决算单位构成): what the item should say, not said
_INSTRUCTION_LINE = re.compile(r"^(?:简要|简述|请)(?:说明|介绍|填写|列示)[\u4e00-\u9fff“”、]{4,40}$")


def _instruction_lines(paragraphs: list[Paragraph]) -> Iterable[Hit]:
    """A line that is a template's instruction (“简要说明…情况”), in the 目录 or the body: left in where the
    item's text belongs. A warning."""
    for par in paragraphs:
        text = simplified(normalise(par.text)[0])
        if par.numbering is None and _INSTRUCTION_LINE.match(text):
            yield _slip(par, 0, _PLACEHOLDER, text, "应删除模板中的填写说明")


#: the unit whose duties a sentence goes on to list: “依据有关法律法规,训保大队履行下列职责:”, “…的主要职责是”
_DUTIES_OF = re.compile(
    r"(?:^|[,，。;；:：])(?:依据有关法律法规[,，]?|根据[^,，。]{2,30}[,，])?([\u4e00-\u9fff]{2,16}?)"
    r"(?:履行下列职责|的?主要职责是|的?主要职能是)"
)


def _duties_of_another_unit(paragraphs: list[Paragraph], department: str) -> Iterable[Hit]:
    """The duties of a report's 部门职责 listed for a unit that is not the report's own: one named (a unit's
    ending: 大队, 局, 中心 …) with a character the report's unit does not have, so no shortening of it
    (“同德县消防救援大队”'s report: “依据有关法律法规,训保大队履行下列职责”, the text of another unit's
    report). Not 本局, 我院, “各部门”, a shortening (“县公安局” of “三门县公安局”). A warning."""
    own = simplified_cell(department)
    if not own:
        return
    for par in paragraphs:
        if "履行下列" not in par.text and "主要职" not in par.text and "主要職" not in par.text:
            continue  # no “履行下列职责”, “主要职责是” or “主要职能是” (職責, 職能) to name a unit's duties
        text = simplified_cell(par.text)
        for m in _DUTIES_OF.finditer(text):
            unit = re.sub(r"^第[一二三四五六七八九十百\d]{1,4}条", "", m.group(1))  # “第三条…局的主要职责是”
            if re.search(r"^(本|我|该|其|各)|各|所属|下属", unit) or not unit_name(unit) or own in unit:
                continue
            rest = iter(own)
            if not all(ch in rest for ch in unit):  # not a shortening of the report's unit
                yield _slip(par, m.start(1), "他单位的职责", unit, f"所列职责应为本部门（{own}）的职责")


#: a town's (乡, 镇, 街道) own name in a unit's name: “垫江县裴兴镇人民政府” → 裴兴镇
_TOWN = re.compile(r"([\u4e00-\u9fff]{2,4}?(?:镇|乡|街道))")
#: the report's own unit as its 单位构成 names it: “行政部门1个:包家镇人民政府(本级)”
_OWN_LEVEL = re.compile(_TOWN.pattern + r"(?:人民政府|政府|办事处)?[（(]本级[)）]")


def _own_level_of_another_town(paragraphs: list[Paragraph], department: str) -> Iterable[Hit]:
    """A town's report whose 单位构成 names another town as its own level (“重庆市垫江县裴兴镇人民政府”'s
    report: “行政部门1个:包家镇人民政府(本级)”): the text of another town's report left in. A warning."""
    own = _TOWN.search(simplified_cell(department))
    if own is None:
        return
    town = own.group(1)
    for par in paragraphs:
        if "本级" not in par.text:
            continue
        text = simplified_cell(par.text)
        for m in _OWN_LEVEL.finditer(text):
            other = m.group(1)
            if other.endswith(town) or town.endswith(other):
                continue
            yield _slip(par, m.start(1), "他单位的名称", other, f"本级单位应为本部门（{department}）")


_CJK = re.compile(r"[\u4e00-\u9fff]")
#: a mirror's pinyin cut at the line's end (“情况說(shu”): not a bracket left open
_CUT_PINYIN = re.compile(r"[（(][a-zāáǎàōóǒòēéěèīíǐìūúǔùǖǘǚǜü]*$")


def _brackets(text: str) -> tuple[int, list[int]]:
    """How many closing brackets of ``text`` close nothing, and where the brackets still open at its end
    stand."""
    unopened, open_at = 0, []
    for k, ch in enumerate(text):
        if ch in "(（":
            open_at.append(k)
        elif ch in ")）":
            if open_at:
                open_at.pop()
            else:
                unopened += 1
    return unopened, open_at


def _unclosed_brackets(paragraphs: list[Paragraph]) -> Iterable[Hit]:
    """A short line (a title, a heading, a 目录 item: 40 characters at most) that opens a bracket and never
    closes it, words going on after it (“林芝市图书馆(部门概况” for 林芝市图书馆(部门)概况): its “)” was lost.
    Only where a heading or list item follows (the report goes on); not a line whose bracket the next line
    closes (a title wrapped inside its bracket), nor a page cut inside a bracket (“(八”, “(1”, the last
    line of the report, whatever the site prints under it). A warning."""
    lines = [p for p in paragraphs if p.text.strip()]
    for par, nxt in itertools.pairwise(lines):
        norm, idx = normalise(par.text)
        if len(norm) > 40 or _CUT_PINYIN.search(norm) or (nxt.numbering is None and not nxt.in_toc):
            continue
        open_at = _brackets(norm)[1]
        if open_at and len(_CJK.findall(norm, open_at[0])) >= 2 and not _brackets(normalise(nxt.text)[0])[0]:
            at = open_at[0]
            yield _slip(par, idx[at], "括号不成对", norm[at : at + 12], "应补上右括号")


#: a title line (a heading, a table's name) closing a title mark it never opened: “收入支出决算总表》”
_UNOPENED_TITLE = re.compile(r"^[^《》，,。；;：:]{2,40}》[^《》，,。；;：:]{0,20}$")


def _unopened_title_marks(paragraphs: list[Paragraph]) -> Iterable[Hit]:
    """A title line whose 》 has no 《 before it (“部分2021年度部门决算 / 收入支出决算总表》 / 二、《收入决算
    (按功能分类列示)》”): its opening mark was lost, and with it the list's numeral when the next line is the
    list's 二、. Not the end of a title wrapped from the line before (which opens a 《 it does not close). A
    warning."""
    before = ""
    for at, par in enumerate(paragraphs):
        text = par.text.strip()
        if not text:
            continue
        previous, before = before, text
        if "》" not in text or not _UNOPENED_TITLE.match(text) or parse_numbering(text) is not None:
            continue
        if previous.rfind("《") > previous.rfind("》"):
            continue  # “…《中华人民共和国 / 预算法》…”: a title wrapped onto this line
        after = next((p.text.strip() for p in paragraphs[at + 1 :] if p.text.strip()), "")
        num = parse_numbering(after)
        first = num is not None and num.level == 1 and num.number == 2
        expected = f"应为“一、《{text}”" if first else "书名号应成对：“《…》”"
        yield _slip(par, 0, "缺少书名号", text[:20], expected)


def _one_dropped(full: str, short: str) -> int | None:
    """Where ``short`` is ``full`` with one Chinese character dropped, before its last (``short`` may stop
    early, as a heading cut at the page's edge does): the offset in ``short``, or None."""
    if len(short) < 6 or len(short) >= len(full):
        return None
    i = next((k for k, (a, b) in enumerate(zip(full, short, strict=False)) if a != b), len(short))
    if i >= len(short) or short[i:] != full[i + 1 : len(short) + 1] or not "\u4e00" <= full[i] <= "\u9fff":
        return None  # a bracket or a mark written twice is not a character dropped
    if i == 0 and full[0] in "目录":
        return None  # “目 第一部分 录 赣州市…概况”: the spaced 目录 title flattened into its first entry
    return i


def _heading_dropped_characters(ctx: Context) -> Iterable[Hit]:
    """A heading written twice (in the 目录 and over its section) with one character dropped the second
    time, or the first (“第二部分 丹東市第六人民醫2021年度…” under the 目录's “…人民醫院2021年度…”)."""
    if ctx.doc is None:
        return
    seen: dict[tuple[int, int], list[tuple[Paragraph, str]]] = {}
    for par in ctx.doc.paragraphs:
        num = par.numbering
        if num is None or num.level > 1:
            continue
        title = re.sub(r"[(（][^)）]*$", "", normalise(num.title)[0])  # a heading cut inside a bracket
        for other, other_title in seen.get((num.level, num.number), []):
            for full, short, where in ((other_title, title, par), (title, other_title, other)):
                at = _one_dropped(full, short)
                if at is not None:
                    offset = where.text.find(where.numbering.title) if where.numbering else 0
                    yield _slip(
                        where,
                        max(0, offset),
                        "缺字",
                        short[max(0, at - 4) : at + 4],
                        f"应为“{full[max(0, at - 4) : at + 5]}”",
                    )
        seen.setdefault((num.level, num.number), []).append((par, title))


#: characters a 目录 entry and its heading may leave out on purpose (“部门决算报表” / “部门决算表”)
_OPTIONAL_CHARACTERS = "的及和与之等报"


def _lost_from(full: str, short: str) -> list[int] | None:
    """Where ``short`` is ``full`` with one Chinese character lost, or two apart (not one word left out, as
    “部门概况” / “概况” is): the offsets in ``full`` of the characters lost, or None. A character written
    optionally (``_OPTIONAL_CHARACTERS``, 度 of 年度) is no loss."""
    lost = len(full) - len(short)
    if lost not in (1, 2) or len(re.findall(r"[\u4e00-\u9fff]", short)) < 3:
        return None
    out: list[int] = []
    j = 0
    for i, ch in enumerate(full):
        if j < len(short) and short[j] == ch:
            j += 1
        else:
            out.append(i)
    if j != len(short) or len(out) != lost or (lost == 2 and out[1] == out[0] + 1):
        return None
    for i in out:
        if not "\u4e00" <= full[i] <= "\u9fff" or full[i] in _OPTIONAL_CHARACTERS:
            return None
        if full[i] == "度" and i and full[i - 1] == "年":
            return None
    return out


def _toc_entry_lost_characters(ctx: Context) -> Iterable[Hit]:
    """A 目录 entry and the heading it lists (the same number at the same level) that differ by one or two
    characters lost from one of them, anywhere, the last too (the 目录's “一、主要职” over the body's
    “一、主要职责”). Not when the shorter wording is written elsewhere in the text too (a heading worded
    twice, as “长均乡中心学校部门” in the title beside “…学校所部门概况”). A warning on the shorter one."""
    if ctx.doc is None or not ctx.doc.toc:
        return
    pars = ctx.doc.paragraphs
    toc: list[tuple[Paragraph, tuple[int, int], str]] = []
    body: dict[tuple[int, int], list[tuple[Paragraph, str]]] = {}  # the headings by number, in order
    for par in pars:
        num = (
            parse_numbering(simplified(_without_page_number(par.text.strip())))
            if par.in_toc
            else par.numbering
        )
        if num is None or num.level > 2:
            continue
        # (a heading cut inside a bracket: a mirror's pinyin “說(shu” at the end of the text)
        title = re.sub(r"[(（][^)）]*$", "", normalise(num.title)[0]).rstrip("：:。.，,；;")
        if par.in_toc:
            toc.append((par, (num.level, num.number), title))
        else:
            body.setdefault((num.level, num.number), []).append((par, title))
    said: set[int] = set()
    last = last_report_block(ctx.doc)
    for a, key, title_a in toc:
        for b, title_b in body.get(key, ()):
            if title_a == title_b:
                continue
            for full, short, where in ((title_a, title_b, b), (title_b, title_a, a)):
                lost = _lost_from(full, short)
                if lost is None or where.index in said:
                    continue
                if _worded_so_elsewhere(pars, where, full, short, lost[0]):
                    continue
                if where is last and lost[0] >= len(short):
                    continue  # the text's last line lost its end: the page cut there (“三、编制现状、人员构”)
                said.add(where.index)
                offset = max(0, where.text.find(short[:2]))
                yield _slip(where, offset, "缺字", short, f"应为“{full}”（目录与正文标题不一致）")


def _worded_so_elsewhere(pars: Sequence[Paragraph], where: Paragraph, full: str, short: str, at: int) -> bool:
    """Whether the text elsewhere words it as ``short`` does where ``full`` has the character at ``at``: the
    two characters either side of the gap (“学校部门” of the title beside “…学校所部门概况”), or, for a last
    character lost, a line ending as ``short`` does. Occurrences of ``full`` do not count."""
    lines = [normalise(_without_page_number(p.text.strip()))[0] for p in pars if p is not where]
    lines = [line.replace(full, "\n") for line in lines]
    if at >= len(short):
        return any(line.endswith(short[-3:]) for line in lines)
    window = short[max(0, at - 2) : at + 2]
    return any(window in line for line in lines)


# a 乡's own words (“管理本乡内的经济…”, “全乡”, “我乡”; not 乡镇, 乡村, 乡土) and a 街道办事处's report
_TOWNSHIP_WORD = re.compile(r"[本全我]乡(?![镇村土])")
_SUBDISTRICT = re.compile(r"街道(?:办事处)?(?:[（(]本级[）)])?$")


def _township_words_in_a_subdistrict(ctx: Context) -> Iterable[Hit]:
    """A 街道办事处's report that speaks of “本乡”, “全乡” or “我乡” (“执行全街道的…发展计划、预算,管理
    本乡内的经济、教育…”, g25-07): a 乡's text copied into the 街道's, not changed."""
    if ctx.doc is None or not _SUBDISTRICT.search(ctx.doc.department.strip()):
        return
    for par in ctx.doc.paragraphs:
        norm, idx = normalise(par.text)
        for m in _TOWNSHIP_WORD.finditer(norm) if "乡" in norm else ():
            expected = f"街道办事处的文本应为“{m.group(0)[0]}街道”"
            yield _slip(par, idx[m.start()], "模板遗留", m.group(0), expected)


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


#: An ASCII comma run into a mark after it (“3165.33万元,,政府性基金”; “万元,、”, “万元,。” too)
_ASCII_COMMA_RUN = re.compile(r",(?=[,、。；;])")


def _doubled_ascii_commas(ctx: Context) -> Iterable[Hit]:
    """An ASCII comma typed twice (“公共预算财政拨款收入3165.33万元,,政府性基金预算拨款收入16.00万元”): a
    warning, where the text runs an ASCII comma into another mark at most twice (a mirror that doubles its
    punctuation throughout, “要求,,现将…”, “万元,、…”, “万元,。”, is the copy's, not a slip of the report)."""
    if ctx.doc is None:
        return
    runs = [(par, m) for par in ctx.doc.paragraphs for m in _ASCII_COMMA_RUN.finditer(par.text)]
    if len(runs) > 2:
        return
    for par, m in runs:
        if par.text[m.end()] == ",":
            yield _slip(par, m.start(), "重复标点", ",,", "应删除多余的标点")


#: A figure of money with decimals right after its subject and right before the words that go on from it,
#: with no unit between (“(二)支出总计3666.34包括:”): the unit was lost.
_UNITLESS_AMOUNT = re.compile(
    r"(?<=总计|合计|收入|支出|经费|拨款|结余|结转|增加|减少)(?:为|是|共)?(\d{1,3}(?:,\d{3})+\.\d+|\d+\.\d+)"
    # (a change that lost its unit before its rate: “本年收入较上年减少484.05,降低11.1%”)
    r"(?=包括|其中|[，,](?:其中|比|较|主要|降低|下降|增长|上升)|。)"
)


_UNIT_AFTER_FIGURE = re.compile(r"(?<=\d)\s*(万元|亿元|元)")


def _amounts_without_unit(ctx: Context) -> Iterable[Hit]:
    """A figure of money stated without its unit (“(二)支出总计3666.34包括:” beside “(一) 收入总计
    3666.34万元。包括:”): a warning, naming the unit the text gives its other amounts in."""
    if ctx.doc is None:
        return
    prose = [p for p in ctx.doc.paragraphs if not p.in_toc]
    found = [
        (par, idx, m)
        for par in prose
        for norm, idx in [normalise(par.text)]
        for m in (_UNITLESS_AMOUNT.finditer(norm) if "." in norm else ())  # (its figure has a point)
    ]
    if not found:
        return
    units = Counter(u for p in prose for u in _UNIT_AFTER_FIGURE.findall(p.text))
    if not units:
        return
    unit = units.most_common(1)[0][0]  # the unit the text gives its amounts in
    for par, idx, m in found:
        yield _slip(par, idx[m.start(1)], "金额缺少单位", m.group(1), f"应为“{m.group(1)}{unit}”")


def _class_name_slips(ctx: Context) -> Iterable[Hit]:
    """A 科目 name of a path (“教育支出(类)普通教育(款)学期教育(项)”) that is not in the catalogue of the year
    but one character off the one name of its level under its parent (学前教育, 2050201): a slip of that
    standard name (A051 notes the name as unknown)."""
    if ctx.year is None:
        return
    said: set[tuple[int, str]] = set()
    for path in ctx.facts.paths:
        _codes, problems = resolve_path(path, ctx.year)
        for level, written, status, _current, _note, parent in problems:
            near = one_character_off(written, level, parent, ctx.year) if status == "unknown" else None
            if near is None or (path.paragraph.index, written) in said:
                continue
            said.add((path.paragraph.index, written))
            norm, idx = normalise(path.paragraph.text)
            at = norm.find(written, path.offset)
            if at < 0:
                continue
            code, name = near
            yield _slip(path.paragraph, idx[at], _TERM, written, f"应为“{name}”（政府收支分类科目{code}）")


def _year_run_into_amount(ctx: Context) -> Iterable[Hit]:
    """An amount compared with, whose first four digits are the year before the report's (“比201423.45万元
    部门决算支出增加162.97万元” in a 2015 report: 2014年23.45万元). A warning: the 年 was lost."""
    if ctx.doc is None or ctx.year is None:
        return
    for par in ctx.doc.paragraphs:
        norm, idx = normalise(par.text)
        for r in years_run_into_amounts(norm, ctx.year):
            expected = f"应为“{r.year}年{r.amount}”"
            yield _slip(par, idx[r.start], "年份与金额连写", norm[r.start : r.end], expected)


_COMPARE_BEFORE = re.compile(r"(与|比|较|同|对比|相比|相较于?)$")
_OWN_BUDGET = re.compile(r"[^，,。；;\d]{0,20}?(年初|全年|调整后?)?(预算|执行数)")
_DATE = re.compile(r"截至(20\d\d)年(\d{1,2})月(\d{1,2})日")
# the scope of the report (“纳入本部门2021年度决算编制的二级预算单位”): a year other than the report's is
# last year's sentence left in
_SCOPE_YEAR = re.compile(
    r"纳入[^。，,；;]{0,24}?(20\d\d)年度?(?:部门|单位)?决算(?:编制|汇编)"
    # “现将秦安县财政局2021年度部门决算信息公开如下”: what the report itself publishes
    r"|现将[^。，,；;《》]{0,24}?(20\d\d)年度?(?:部门|单位)?决算[^。，,；;]{0,8}?公开如下"
)


#: a reason given in the sentence before the year: the year names what happened, not this year's figures
#: (“卫生健康因2019年支付2018年、2019年退休干部体检费,支出减少57万元”: 因 giving the cause, not 因公 or 因此)
_REASON_BEFORE = re.compile(r"原因|由于|因为|(?<!原)因(?!公|此|而|素)")
#: “2016年及以前年度”: a span of past years; “从2007年开始,我县直接与省财政办理年终结算”: since when
_EARLIER_YEARS = re.compile(r"度?(?:及|和)?(?:以前|之前|以来)|度?(?:开始|起)[，,]")


# a year's 决算 (草案) is reported with the first half of the next year's budget execution: “《秦安县2021年
# 财政决算草案和2024年上半年财政预算执行情况报告》” names the wrong half-year
_DRAFT_AND_HALF = re.compile(
    r"(?<!\d)(20\d\d)年度?[^。；;，,《》]{0,12}?决算(?:草案)?(?:和|及|与|暨|、)(20\d\d)年上半年"
)


_A_YEAR = re.compile(r"(20(?<!\d20)\d\d)年(度)?")  # (no digit before: looked behind after the literal 20)
_PLAN = re.compile(r"将|计划|拟|预计|力争|继续")


#: a sentence's numbering right before the place looked at: “一、”, “1.”, “(二)”, at a sentence's start
_NUMBERING_BEFORE = re.compile(
    r"(?:^|[。；：！？])(?:[一二三四五六七八九十]{1,2}、|\d{1,2}[、.．]|[（(][一二三四五六七八九十\d]{1,2}[)）])$"
)


@audit_rule("A041")
def wrong_year(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is not None:
        for par in doc.paragraphs:
            norm, idx = normalise(par.text)
            if "上半年" not in norm:
                continue
            for m in _DRAFT_AND_HALF.finditer(norm):
                first, half = int(m.group(1)), int(m.group(2))
                if half != first + 1:
                    expected = f"{first}年决算应与{first + 1}年上半年预算执行情况一并报告"
                    yield _year_hit(par, norm, idx, m.start(2), f"{half}年上半年", expected, "warning")
    year = ctx.year
    if doc is None or year is None:
        return
    yield from _toc_years(doc.paragraphs, year)
    yield from _last_years_state(doc.paragraphs, year)
    yield from _published_before_the_year_closed(doc.paragraphs, year)
    # a series of years the text announces, up to the report's (“2018年-2020年学校整体收支情况如下:”): its
    # earlier years label their own figures on purpose
    series = [
        (int(m.group(1)), int(m.group(2)))
        for par in doc.paragraphs
        if not par.in_toc
        for m in _YEAR_SERIES.finditer(par.text)
        if int(m.group(1)) < int(m.group(2)) == year
    ]
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
        scope = {m.start(m.lastindex or 1) for m in _SCOPE_YEAR.finditer(norm)}
        for m in _A_YEAR.finditer(norm):
            y = int(m.group(1))
            if _DATE.match(norm, max(0, m.start() - 2)):
                continue
            dated = re.match(r"\d{1,2}月(?:\d{1,2}日)?", norm[m.end() :])
            if dated and not re.search(r"截[至止]$", norm[: m.start()]):
                # “2021年7月9日”: the day the page was signed or published; “2019年1月,北京市十五届二次人代
                # 会…”: an event told with its month; neither labels figures
                continue
            if m.start() in scope:
                scoped = (
                    f"本文公开的应为{year}年度决算"
                    if "公开如下" in norm[m.end() : m.end() + 24]
                    else f"纳入本年决算编制范围的应为{year}年度"
                )
                if y != year:
                    yield _year_hit(par, norm, idx, m.start(), m.group(0), scoped, "warning")
                continue
            before = norm[max(0, m.start() - 3) : m.start()]
            after = norm[m.end() : m.end() + 6]
            comparing = bool(_COMPARE_BEFORE.search(before)) or after.startswith(
                ("相比", "同期", "决算数相比")
            )
            if y == year and not (comparing and par.heading is None):
                continue
            sentence_from = norm.rfind("。", 0, m.start()) + 1
            opening = re.match(r"(20\d\d)年", norm[sentence_from:])
            if comparing and opening is not None and int(opening.group(1)) == y + 1:
                continue  # “2011年…预算中,…1205.06万元(较2010年压缩2%)”: the next year on this one
            budget_before = "预算" in norm[sentence_from : m.start()]
            if y == year and comparing and after.startswith("决算") and budget_before:
                continue  # “因公出国(境)费用预算205.4万元,比2010年决算数减…”: next year's budget on this 决算
            if y == year and _OWN_BUDGET.match(norm, m.end()):
                # “较2014年预算减少5818.9万元”, “比2015年“三公”经费财政拨款年初预算2184.89万元减少…”: the
                # year's spending against its own budget
                continue
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
            sentence_start = (
                m.start() == 0
                or norm[m.start() - 1] in "。；：！？"
                # after the numbering that opens the sentence: “一、2015年因公出国(境)费决算7.8万元,…”
                or _NUMBERING_BEFORE.search(norm, 0, m.start()) is not None
            )
            has_amount = re.search(r"\d(\.\d+)?万元", norm[m.end() : m.end() + 120].split("。")[0])
            between_years = re.match(r"(比|较|与)20\d\d年", norm[m.end() :])  # 2015年比2014年: history
            own_part = par.part in ("explanation", "annex", "", "part", "overview")
            sentence = norm[m.start() :].split("。")[0]
            next_budget = y == year + 1 and budget_only(sentence)  # next year's 预算 beside the 决算
            # last year's figure restated (“2021年的三公经费决算数为…”) is right; it is this year's figure
            # under last year's label when the sentence compares it with the year before (“同比上升32%”)
            # (“…收入决算总额为6754.31万元,…较2019年增加1122.72万元”: compared with that very year)
            restated = y == year - 1 and not re.search(
                rf"同比|比上年|较上年|与上年|上年同期|(比|较|与){y}年", sentence[len(m.group(0)) :]
            )
            # a reason naming earlier years' money (“主要原因是减少了区财政下达2016年结算资金和退2016年及以前
            # 年度退诉讼费资金”) or a span of past years (“2016年及以前年度”) is history, not a stale label
            history = y < year and (
                _REASON_BEFORE.search(norm[: m.start()].split("。")[-1]) is not None
                or _EARLIER_YEARS.match(norm, m.end()) is not None
            )
            # what the department will do next year (“2012年度,我们将按照…的原则”) is a plan, not a label
            plan = y > year and _PLAN.search(sentence) is not None
            in_series = any(first <= y <= last for first, last in series)
            other_year = between_years or next_budget or restated or history or plan or in_series
            if sentence_start and has_amount and own_part and not other_year:
                yield _year_hit(par, norm, idx, m.start(), m.group(0), f"本年度数字应为{year}年度")
            elif y > year + 1 and m.group(2):
                yield _year_hit(par, norm, idx, m.start(), m.group(0), f"决算年度为{year}年", "warning")
            elif par.part in ("explanation", "annex") and (
                (y < year - 1 and not history and not in_series)
                or (y > year and sentence_start and not next_budget and not plan)
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


#: the day the report was published, as its page or its cover gives it: “公开时间:2023年9月6日”,
#: “发布时间:2021-01-28”
_PUBLISHED_ON = re.compile(
    r"(?:公开|发布|公布|成文)(?:时间|日期)[:：]?(20\d\d)(?:年(\d{1,2})月(\d{1,2})日|-(\d{1,2})-(\d{1,2}))"
)


def _published_before_the_year_closed(pars: Sequence[Paragraph], year: int) -> Iterable[Hit]:
    """A 决算 published before its year was over (“第二部分 2023年度单位决算情况说明” on a page dated
    “公开时间:2023年9月6日”): the year of the report or the date is wrong, the text cannot tell which (a
    warning). Only a text that speaks of a 决算 is judged: a 预算 is published before its year, or in it."""
    if not any("决算" in par.text for par in pars[:60]):
        return
    for par in pars:
        if "时间" not in par.text and "日期" not in par.text:
            continue
        norm, idx = normalise(par.text)
        for m in _PUBLISHED_ON.finditer(norm):
            if int(m.group(1)) > year:
                continue
            month, day = (m.group(2), m.group(3)) if m.group(2) else (m.group(4), m.group(5))
            yield _year_hit(
                par,
                norm,
                idx,
                m.start(1),
                f"{m.group(1)}年{int(month)}月{int(day)}日",
                f"{year}年度决算应在{year}年结束后公开，报告年度或公开日期有误",
                "warning",
            )


def _toc_years(pars: Sequence[Paragraph], year: int) -> Iterable[Hit]:
    """A 目录 entry naming another year's report part (“十三、关于2020年度预算绩效情况的说明” in a 2022
    report whose 目录 names “第三部分2022年度部门决算情况说明”): an old 目录's entry left in (a warning).
    Only a 目录 that names the report's year in another entry is judged (the year may have been read from
    the page around it); a date (“2021年8月27日”) is no label."""
    named: list[tuple[Paragraph, str, list[int], re.Match[str]]] = []
    for par in pars:
        if par.in_toc:
            norm, idx = normalise(par.text)
            named.extend((par, norm, idx, m) for m in _A_YEAR.finditer(norm) if m.group(2))
    if not any(int(m.group(1)) == year for *_, m in named):
        return
    for par, norm, idx, m in named:
        if int(m.group(1)) != year:
            yield _year_hit(par, norm, idx, m.start(), m.group(0), f"目录中的年度应为{year}年度", "warning")


# the unit's offices or staff “at the end of” a year (“2021年末下设机构分别为:”, “截至2021年底,本单位实有
# 人员…”)
_YEAR_END_STATE = re.compile(
    r"(20\d\d)年(?:末|底)[，,]?(?:本部门|本单位|本局|我局|我单位|我部门|全镇|全乡|全街道)?"
    r"(?:下设|内设|设有|共有|实有|共)?(?:机构|科室|股室|内设机构|下属单位|二级单位|所属单位|人员|在职|编制|职工)"
)
_CHANGED = re.compile(r"相比|比较|同比|比上年|较上年|增加|减少|增长|下降|变化")


def _last_years_state(paragraphs: Sequence[Paragraph], year: int) -> Iterable[Hit]:
    """The unit's offices or staff described at the end of the year before the report's (“2021年末下设机构
    分别为:” in the 2022 report): last year's text left in place; not a comparison of the two years."""
    for par in paragraphs:
        if par.in_toc or par.is_chart or str(year - 1) not in par.text:
            continue
        norm, idx = normalise(par.text)
        for m in _YEAR_END_STATE.finditer(norm):
            if int(m.group(1)) != year - 1:
                continue
            start = max(norm.rfind("。", 0, m.start()), norm.rfind("；", 0, m.start())) + 1
            sentence = norm[start:].split("。")[0]
            if (
                f"{year}年" in sentence
                or _CHANGED.search(sentence)
                or _COMPARE_BEFORE.search(norm[: m.start()])
            ):
                continue
            expected = f"机构、人员情况应为{year}年末的情况"
            yield _year_hit(par, norm, idx, m.start(), norm[m.start() : m.end()], expected, "warning")


_YEAR_SERIES = re.compile(r"(20\d\d)年?\s*[-—–－~～至到]\s*(20\d\d)年")


def _other_year_is_right(norm: str, start: int, end: int) -> bool:
    """A comparison with a year other than the prior year that is right: a second, required comparison
    (“比上年…；比2019年(疫情前)…”), a comparison between two earlier years (“2015年比2014年增加”), or one
    about no amount at all (“编制数和人员数都比2021年减少”)."""
    sentence = norm[: norm.find("。", end) + 1 or len(norm)]
    sentence = sentence[sentence.rfind("。", 0, start) + 1 :]
    clause = re.split(r"[，,；;。]", norm[end:], maxsplit=1)[0]
    # “与2022年决算数持平”: a figure compared, though the clause states no amount of its own
    figures = re.search(r"\d(\.\d+)?(万元|亿元|元|%)", clause) or re.match(r"度?决算数?(相比)?持平", clause)
    return bool(
        norm.startswith(("(", "（"), end)
        or re.search(r"(比|较|与|同)上年|同比", sentence)
        or re.search(r"20\d\d年度?(比|较)$", norm[max(0, start - 8) : start])
        or not figures
    )


def _year_hit(
    par: Paragraph, norm: str, idx: list[int], pos: int, found: str, expected: str, severity=None
) -> Hit:
    o0 = idx[pos]
    quote = excerpt(par.text, o0 - 30, o0 + 60)
    return Hit(
        "年份", f"“{found}”", expected, quote, [par.where_at(o0)], severity=severity, keys=[found, str(o0)]
    )


@audit_rule("A042")
def list_numbering(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None:
        return
    last: dict[int, int] = {}
    last_at: dict[int, int] = {}  # where the list of each level had its last item
    outer: dict[int, int] = {}  # the number a list had reached when a list under its item began
    styles: dict[int, tuple[str, str]] = {}  # (outer style, nested style) of a nested list of another style
    before = ""
    pars = doc.paragraphs
    yield from _lost_numerals(pars)
    yield from _lost_numbered_titles(pars)
    yield from _items_run_together(pars)
    yield from _toc_item_listed_twice(pars)
    yield from _numeral_without_open_bracket(pars)
    yield from _inline_number_repeated(pars)
    yield from _toc_item_repeated(pars)
    yield from _lost_separators(pars)
    yield from _broken_part_headings(pars)
    yield from _headings_without_listed_numeral(pars)
    yield from _doubled_numerals(pars)
    yield from _run_in_lost_separators(pars)
    # an evaluation form's score table flattened a row a line (“5 合理性(5 分)”): a number and a space opening
    # a line is the 得分 cell ending the row before, not an item of a list
    score_table = any(_SCORE_TABLE_WORDS.search(p.text) for p in pars)
    for at, par in enumerate(pars):
        if par.in_toc or par.is_chart:
            continue
        if (
            par.numbering is not None
            and len(par.numbering.title.strip()) <= 2
            and all(p.text.startswith("附件") or attachment_line(p.text) for p in pars[at + 1 :])
        ):
            continue  # “一、本”: the page cut inside the numbered line the report ends with
        if score_table and par.numbering is not None and par.numbering.style == "1 ":
            continue
        if at + 1 < len(pars) and _BARE_NUMBER.fullmatch(pars[at + 1].text.strip()):
            # “一、一般公共预算财政拨款收入 / 1 / 440.55 / 一、一般公共服务支出 / 29 / …”: a row label of a
            # table printed one cell per line (two columns each numbered afresh), not an item of a list
            continue
        num = par.numbering
        introduced, before = before.rstrip().endswith(("：", ":")), par.text
        if num is None and _LOST_PART.match(par.text):
            # “部分2021年度部门决算”: a part heading that lost its “第二”; it still ends every list before it
            part = last.get(0)
            yield Hit(
                "序号",
                f"“{par.text.strip()[:20]}”缺少部分序号",
                f"应为“第{_cn(part + 1)}部分”" if part is not None else "应为“第X部分”",
                par.text[:80],
                [par.where],
                severity="warning",
                keys=["lost-part", str(par.index)],
            )
            last = {0: part + 1} if part is not None else {}
            outer = {}
            continue
        if num is None:
            continue
        restyled = styles.get(num.level)
        if num.level in outer and restyled and num.style == restyled[0] != restyled[1]:
            # “1、主要职能 / 1.… / 2.… / 2、机构设置”: the outer list's style again: its list goes on from
            # the number it had reached (a second “1、” is numbered twice)
            last = {k: v for k, v in last.items() if k < num.level} | {num.level: outer.pop(num.level)}
            del styles[num.level]
        elif (
            num.number == 1
            and num.level in last
            and (introduced or _styled_under(pars, at, num) or _under_its_title(pars, at, num))
        ):
            # “(一)主要职能 / …主要职能是: / (一)举办…”: a list introduced under an item, numbered afresh;
            # the outer list may resume after it (“(二)部门决算单位构成”); so is a list whose first item,
            # right under the item, has another style of the same level (“1、主要职能 / 1.林芝图书馆系…”)
            above = _numbering_before(pars, at)
            styles[num.level] = (above.style if above is not None else num.style, num.style)
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
        since = last_at.get(level, at)
        last[level], last_at[level] = num.number, at
        label = (
            num.style.replace("一", _cn(num.number)).replace("1", str(num.number))
            if num.level != 0
            else f"第{_cn(num.number)}部分"
        )
        found: tuple[str, str, Severity | None, str] | None = None  # (found, expected, severity, kind)
        if prev is None:
            parent = max((k for lv, k in last_at.items() if lv < level and k < at), default=None)
            # “（一）主要职能。/ …职能… / 2.人员情况 / （二）…”: a list under a heading that opens at 2.
            # and closes as the heading's list goes on; not “（一）… / （2）… / （3）…” (one list, its style
            # changed)
            if (
                num.number == 2
                and level >= 2
                and parent is not None
                and _gap_severity(pars[parent:at], num, 0) == "warning"
                and _resumes(pars, at, pars[parent].numbering)
            ):
                found = (f"列表从{label}开始", f"缺少{_label(num, 1)}", "warning", "start")
        elif num.number == prev and _two_columns(pars[since].text, par.text):
            pass  # “二、外交支出 / 二、上级补助收入”: a 收入 and a 支出 column printed one cell a line
        elif num.number == prev == 1 and all(_listed_by_the_page(p.text) for p in (pars[since], par)):
            pass  # “1. 收入支出决算总体情况说明 / … / 1. 收入决算情况说明”: each title a list of its own
        elif num.number == prev:
            found = (
                f"“{label}”重复",
                f"上一条已是{_label(num, prev)}，本条应为{_label(num, prev + 1)}",
                None,
                "dup",
            )
        elif num.number > prev + 1:
            severity = _gap_severity(pars[since:at], num, prev)
            found = (f"{_label(num, prev)}之后为{label}", f"缺少{_label(num, prev + 1)}", severity, "gap")
        if found is not None:
            yield Hit(
                "序号",
                found[0],
                found[1],
                par.text[:80],
                [par.where],
                severity=found[2],
                keys=[found[3], str(par.index)],
            )


_COLUMN_END = re.compile(r"(收入|支出)[：:]?\s*$")


def _two_columns(before: str, text: str) -> bool:
    """Whether two items numbered alike are the row labels of a 收入 column and a 支出 column side by side
    (a 收入支出决算总表 flattened one cell a line: “二、外交支出”, then “二、上级补助收入”)."""
    a, b = _COLUMN_END.search(before.strip()), _COLUMN_END.search(text.strip())
    return a is not None and b is not None and a.group(1) != b.group(1)


def _numbering_before(pars: Sequence[Paragraph], at: int):
    """The numbering of the last numbered paragraph before ``at`` in the text (not the 目录), or None."""
    return next((p.numbering for p in reversed(pars[:at]) if p.numbering is not None and not p.in_toc), None)


def _styled_under(pars: Sequence[Paragraph], at: int, num) -> bool:
    """Whether the numbered paragraph before ``at`` is of ``num``'s level in another style (“1、” then
    “1.”): ``num`` opens a list under that item."""
    before = _numbering_before(pars, at)
    return before is not None and before.level == num.level and before.style != num.style


_PAGE_LIST_ITEM = re.compile(r"1\.\s+[^\s。；;，,：:]{2,28}")


def _listed_by_the_page(text: str) -> bool:
    """Whether ``text`` is a title the web page numbered as a list of its own (“1. 收入决算情况说明”: the
    number, a space, a title): such titles each start at 1., whatever the report's numbering was."""
    return _PAGE_LIST_ITEM.fullmatch(text.strip()) is not None


def _under_its_title(pars: Sequence[Paragraph], at: int, num) -> bool:
    """Whether the paragraph right before ``at`` is a title numbered as ``num`` (“  1. 部门职责”, then
    “1.贯彻落实…”; “一、 …办公室概况”, then “一、…为全额财政供养的党政机关。”): a list under that title, its
    numbering restarted by the web page, not the title's number repeated."""
    before = pars[at - 1] if at else None
    if before is None or before.in_toc or before.numbering is None:
        return False
    title, item = before.text.strip(), pars[at].text.strip()
    return (
        # the item is a sentence under its title, not a second title (“一、一般公共服务支出 / 一、外交支出”,
        # “(一)职能职责 / (一)职能职责”)
        (len(item) > 30 or re.search(r"[。；;，,]", item) is not None)
        and before.numbering.level == num.level
        and before.numbering.number == num.number
        and len(title) <= 30
        and not re.search(r"[。；;，,：:]", title)
    )


def _resumes(pars: Sequence[Paragraph], at: int, heading) -> bool:
    """Whether the next numbered paragraph after ``at`` is the item after ``heading`` in its list."""
    after = next((p.numbering for p in pars[at + 1 :] if p.numbering is not None and not p.in_toc), None)
    return (
        heading is not None
        and after is not None
        and after.level == heading.level
        and after.number == heading.number + 1
    )


def _gap_severity(between: Sequence[Paragraph], num, prev: int) -> Severity:
    """How sure a gap in a list is: a warning when exactly one item is missing from a list of items (not of
    parts: a part published apart, as the tables often are, leaves 第二部分 followed by 第四部分) and the
    number missing is nowhere in between (“5、… / 6做好… / 7、…”: its punctuation was lost, not the item);
    otherwise info (a page lost by the mirror, a table flattened one cell a line)."""
    if num.level == 0 or num.number != prev + 2:
        return "info"
    n = prev + 1
    if num.level in (1, 2):
        missing = re.compile(f"{_cn(n)}[、.．]|[（(]{_cn(n)}[)）]")
    else:
        missing = re.compile(rf"^\s*{n}(?!\d)|(?<![\d.．]){n}[、.．](?!\d)|[（(]{n}[)）]")
    if any(missing.search(p.text) for p in between):
        return "info"
    if any(p.text.lstrip().startswith("、") for p in between):
        return "info"  # “二、… / 、《收入决算…》 / 四、…”: the item is there, its numeral lost (said apart)
    return "warning"


_BARE_NUMBER = re.compile(r"-?[\d,]+(\.\d+)?")
_SCORE_TABLE_WORDS = re.compile(r"三级指标|评分表|得分表|指标分值")
#: a part heading whose “第X” was lost: “部分2021年度部门决算”, “部分 名词解释”
_LOST_PART = re.compile(r"^\s*部分\s*(20\d\d年度?)?[\u4e00-\u9fff]{2,20}\s*$")
#: the paragraph before holds only the numeral split from the next line (“七\n、机构设置”), or ends in a
#: Chinese numeral; not a 目录 line's page number (“六、…说明8”)
_SPLIT_NUMERAL = re.compile(r"(^|[^\u4e00-\u9fff\d])[一二三四五六七八九十\d]+\s*$|[一二三四五六七八九十]\s*$")
#: a 目录 line's page number run into its title (“、政府采购支出情况说明10”)
_PAGE_NUMBER = re.compile(r"(?<=[\u4e00-\u9fff）)》”])\s*\d{1,3}\s*$")


def _without_page_number(text: str) -> str:
    """A stripped text without the page number run into its end (``_PAGE_NUMBER``): searched only when the
    text ends with a digit, as every match in a stripped text does."""
    return _PAGE_NUMBER.sub("", text) if text[-1:].isdecimal() else text


_LOST_NUMERAL = re.compile(r"、[\u4e00-\u9fff“《]")
#: a heading that begins with the list comma: its numeral was lost (“、机构设置”)
_LOST_HEADING = re.compile(r"^\s*、\s*([^\d\s、，,。；;：:]{2,30})\s*$")


#: a part heading that lost its 分 (“第三部  2024年度部门决算情况说明”); not “第三部门” (the third sector)
_PART_CUT = re.compile(
    r"^\s*第([一二三四五六七八九十]{1,3})部(?![分门])\s*(?:[\u4e00-\u9fff]{0,30}?20\d\d年度?)?[\u4e00-\u9fff]{2,20}\s*$"
)


# a numeral typed twice before its “、” (“一一、部门职责”; not 十一、, whose 十 comes first)
_DOUBLED_NUMERAL = re.compile(r"^\s*([一二三四五六七八九])\1、")


def _doubled_numerals(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """A heading whose numeral is typed twice: “一一、部门职责” for 一、部门职责 (no numeral of a list is
    written with two equal digits: eleven is 十一)."""
    for par in pars:
        m = _DOUBLED_NUMERAL.match(par.text)
        if m is None or par.is_chart:
            continue
        yield Hit(
            "序号",
            f"“{m.group(0).strip()}”中序号重复",
            f"应为“{m.group(1)}、”",
            par.text[:80],
            [par.where],
            severity="warning",
            keys=["doubled-numeral", str(par.index)],
        )


def _broken_part_headings(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """Part headings of the 目录 or the body written “第三部 …” (分 lost) or “部分 名词解释” (第X lost) while
    the part headings around them are numbered: “第二部分 … / 第三部 … / 第四部分 … / 部分 名词解释”.
    The body's bare “部分 …” is said by :func:`list_numbering`, which reads the body's lists."""
    for in_toc in (True, False):
        region = [p for p in pars if p.in_toc == in_toc and not p.is_chart]
        parts: list[tuple[int, int | None]] = []  # (position in region, part number or None when broken)
        for k, par in enumerate(region):
            text = par.text.strip()
            if not text.startswith(("第", "部")):
                continue  # neither a part heading (“第…部分”) nor one cut (“第三部 …”, “部分 …”)
            text = _without_page_number(text)
            num = parse_numbering(simplified(text))
            # (a heading read as a part though its 分 is left out, “第三部 2024年度部门决算情况说明”, is still
            # reported)
            cut = _PART_CUT.match(text)
            if num is not None and num.level == 0 and not cut:
                parts.append((k, num.number))
            elif cut or (in_toc and _LOST_PART.match(text)):
                parts.append((k, None))
        for i, (k, n) in enumerate(parts):
            if n is not None:
                continue
            prev = parts[i - 1][1] if i else None
            after = parts[i + 1][1] if i + 1 < len(parts) else None
            cut = _PART_CUT.match(_without_page_number(region[k].text.strip()))
            if cut is not None:
                n = cn_number(cut.group(1))
                if n is None or not (prev == n - 1 or after == n + 1):
                    continue
                heading = cut.group(0).strip()
                said = f"“{heading if len(heading) <= 20 else heading[:10] + '…'}”缺少“分”字"
                expected = f"应为“第{cut.group(1)}部分”"
            elif prev is not None and after in (None, prev + 2):
                said = f"“{region[k].text.strip()[:20]}”缺少部分序号"
                expected = f"应为“第{_cn(prev + 1)}部分”"
            else:
                continue
            text = region[k].text.strip()
            yield Hit(
                "序号",
                said,
                expected,
                text[:80],
                [region[k].where],
                severity="warning",
                keys=["part-cut", str(region[k].index)],
            )


def _headings_without_listed_numeral(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """The first heading of a part written without the numeral the 目录 gives it: the 目录 lists
    “第一部分 部门概况 / 一、部门职责”, the body has “第一部分 部门概况 / 部门职责” (the 目录 as an earlier
    listing of the same part heading, with or without its “目录” title). Only a part's first heading,
    straight after the part's heading, so its place says the number; not a table's name (tables are often
    titled without the 目录's numbers). A warning."""
    lines = [p for p in pars if not p.is_chart and p.text.strip()]
    listed: dict[tuple[int, str], tuple[str, str]] = {}  # part → the title and style of its first item
    for head, par in itertools.pairwise(lines):
        if not head.text.lstrip().startswith("第"):
            continue  # not a part heading (“第一部分 …”)
        part = parse_numbering(simplified(_without_page_number(head.text.strip())))
        if part is None or part.level != 0:
            continue
        key = (part.number, normalise(part.title)[0])
        item = parse_numbering(simplified(_without_page_number(par.text.strip())))
        text = normalise(par.text)[0]
        if item is not None and item.level == 1 and item.number == 1:
            listed.setdefault(key, (normalise(item.title)[0], item.style))
        elif item is None and key in listed and text == listed[key][0]:
            title, style = listed[key]
            if text.endswith("表") or len(re.findall(r"[\u4e00-\u9fff]", text)) < 2:
                continue
            yield Hit(
                "序号",
                f"“{par.text.strip()[:20]}”前缺少序号",
                f"应为“{style.replace('1', '一')}{title}”（与目录一致）",
                par.text.strip()[:80],
                [par.where],
                severity="warning",
                keys=["lost", str(par.index)],
            )


# an item of a list run into one paragraph: “1.”, “2、” at its start or after a sentence's end
# (its first digit read before the look-behind: at the text's start or after a sentence's end; a pattern
# opening on a digit is tried only at digits)
_INLINE_ITEM = re.compile(r"(\d(?<![^。；;！？]\d)\d?)[.．、](?!\d)")


def _inline_number_repeated(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """A list run into one paragraph (“1.完成…。2.做好…。3.…。4.完成…。4.对受理的…。5.对各…”) that counts
    from 1 by one but numbers one item the same as the item before it: a warning. Not a list whose numbers
    go otherwise (a restart, a gap: other lists run together, or numbers that are no items)."""
    for par in pars:
        if par.in_toc or par.is_chart:
            continue
        norm, idx = normalise(par.text)
        items = list(_INLINE_ITEM.finditer(norm))
        if len(items) < 4 or items[0].group(1) != "1":
            continue
        numbers = [int(m.group(1)) for m in items]
        steps = [b - a for a, b in itertools.pairwise(numbers)]
        if steps.count(0) != 1 or any(step not in (0, 1) for step in steps):
            continue
        k = steps.index(0) + 1
        m = items[k]
        o0 = idx[m.start()]
        end = par.text.find("。", o0)
        yield Hit(
            "序号",
            f"“{m.group(0)}”重复",
            f"上一条已是{numbers[k]}，本条应为{numbers[k] + 1}，其后各条依次顺延",
            par.text[o0 : end + 1 if 0 <= end < o0 + 60 else o0 + 40],
            [par.where_at(o0)],
            severity="warning",
            keys=["inline-repeat", str(par.index)],
        )


def _toc_item_repeated(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """Two numbered lines in a row (a 目录's entries, or headings with nothing between them) with one
    title under two numbers (“三、2016 年度政府性基金支出决算情况。 / 四、2016年度政府性基金支出决算情况”):
    one entry listed twice, the next numbered on. A warning. Spaces and a closing full stop do not make
    titles differ."""
    before: tuple[int, int, str] | None = None  # the entry before: its level, number and title
    for par in pars:
        num = None if par.is_chart else par.numbering or parse_numbering(par.text)
        if num is None:
            before = None
            continue
        title = re.sub(r"[\s。.．；;]", "", _ITEM_NUMBER.sub("", par.text.strip(), count=1))
        if before == (num.level, num.number - 1, title) and len(re.findall(r"[\u4e00-\u9fff]", title)) >= 6:
            yield Hit(
                "序号",
                f"第{_cn(num.number)}条与第{_cn(num.number - 1)}条重复",
                "同一条目不应在相邻的两个序号下重复列出，应核对该条应列的内容",
                par.text.strip(),
                [par.where],
                severity="warning",
                keys=["toc-item-repeated", str(par.index)],
            )
        before = (num.level, num.number, title)


def _toc_item_listed_twice(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """An item of one numbered list of the 目录 whose title is an earlier item's, word for word (“七、一般公共
    预算财政拨款“三公”经费支出决算表 / 八、… / 九、一般公共预算财政拨款“三公”经费支出决算表”): one table or
    section listed twice. A list ends at a part heading (the 第二部分's tables and the 第五部分's 附表 are
    two lists) or where its numbering starts again at 一、."""
    seen: dict[str, int] = {}
    for par in pars:
        if not par.in_toc:
            continue
        num = parse_numbering(simplified(_without_page_number(par.text.strip())))
        if num is None or num.level > 1:
            continue
        if num.level == 0 or num.number == 1:
            seen = {}  # a new list
        if num.level == 0:
            continue
        title = normalise(num.title)[0].rstrip("：:。.，,；;")
        if len(re.findall(r"[\u4e00-\u9fff]", title)) < 4:
            continue
        if title in seen:
            found = f"目录第{_cn(num.number)}项与第{_cn(seen[title])}项同名"
            yield line_warning(par, "序号", found, "同一条目只应列一次", "listed-twice")
        seen.setdefault(title, num.number)


#: a line opening with a Chinese numeral closed by a bracket it never opened: “一)基本情况” for (一)
_HALF_BRACKETED = re.compile(r"^[一二三四五六七八九十]{1,3}[)）](?=[\u4e00-\u9fff])")


def _numeral_without_open_bracket(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """A heading numbered “一)” (“一)基本情况” under “一、部门(单位)情况”): the “(” of “(一)” was lost (a
    Chinese numeral is written “一、” or “(一)”, never “一)”). Not when the line before ends with the
    bracket the layout split from it. A warning."""
    before = ""
    for par in pars:
        text = normalise(par.text)[0]
        m = _HALF_BRACKETED.match(text)
        if m is not None and not before.endswith(("(", "（")):
            found = m.group(0)
            yield line_warning(par, "序号", f"“{found}”缺少左括号", f"应为“({found}”", "half-bracket")
        if text:
            before = text


def _items_run_together(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """Two items of a “一、” list on one line, the second straight after a character of the first (the
    目录's “七、“三公”经费支出决算表八、政府性基金预算财政拨款收入支出决算表”): a line break lost. Not items
    parted by a space or a full stop (a flattened 目录 or paragraph), nor “十二、” (its 二、 follows a
    numeral)."""
    for par in pars:
        num = par.numbering or parse_numbering(par.text)  # the 目录's lines too
        text = par.text.strip()
        if num is None or num.level != 1 or len(text) > 80 or re.search(r"[，,。；;：:]", text):
            continue
        nxt = _cn(num.number + 1) + "、"
        at = text.find(nxt, 2)
        if at > 0 and "\u4e00" <= text[at - 1] <= "\u9fff" and text[at - 1] not in "一二三四五六七八九十":
            yield Hit(
                "序号",
                f"“{nxt}”与上一项连写",
                f"“{text[:at]}”与“{text[at:]}”应分为两项",
                text,
                [par.where],
                severity="warning",
                keys=["run-together", str(par.index)],
            )


def _lost_numerals(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """An item of a “一、” list whose numeral was lost: the line opens with the bare “、” and its neighbours
    say which number it stands for (“九、…表 / 、国有资产占用情况表 / 第三部分…”: 十、; “第三部分… /
    、收入支出决算总体情况说明 / 二、…”: 一、). The 目录 counts too: it is the reader's first list. Where the
    neighbours do not say the number, a short heading opening with “、” has still lost its numeral, unless
    the paragraph before ends in the numeral the layout split from it."""
    for at, par in enumerate(pars):
        text = _without_page_number(par.text.strip())
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
            # the numeral split from this line onto the one before (“七\n、机构设置”); a 目录 line's page
            # number (“六、…说明8”) is not one
            at and _SPLIT_NUMERAL.search(pars[at - 1].text)
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


#: a title of a list (a 目录 line, a table's name): words, quotation marks and brackets, no sentence
#: punctuation
_ITEM_START = re.compile(r"\s*[一二三四五六七八九十]{1,3}\s*、")
_TITLE_LINE = re.compile(r"^[\u4e00-\u9fff“”《》（）()][\u4e00-\u9fff“”《》（）()、]{3,39}$")


def _lost_numbered_titles(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """Titles of a “一、” list that lost their numeral with its “、”: between “七、…” and “十、…” exactly two
    bare titles (“七、…说明 / 政府性基金预算收入支出决算情况 / 关于机关运行经费支出说明 / 十、…”) stand
    for 八、 and 九、. The count must match the gap: a title wrapped onto a second line (“…支出决算 / 表”)
    leaves no gap, and a lost item beside a wrapped line is not told apart (nothing is said)."""
    numbered = ((at, parse_numbering(p.text)) for at, p in enumerate(pars) if _ITEM_START.match(p.text))
    items = [(at, n) for at, n in numbered if n is not None and n.level == 1]
    for (a, na), (b, nb) in itertools.pairwise(items):
        between = pars[a + 1 : b]
        missing = nb.number - na.number - 1
        if not 1 <= missing <= 3 or len(between) != missing:
            continue
        texts = [_without_page_number(p.text.strip()) for p in between]
        if not all(_TITLE_LINE.match(t) for t in texts) or any(parse_numbering(t) for t in texts):
            continue
        for k, (par, text) in enumerate(zip(between, texts, strict=True)):
            yield Hit(
                "序号",
                f"“{text[:20]}”前缺少序号",
                f"应为“{_cn(na.number + 1 + k)}、”",
                text[:80],
                [par.where],
                severity="warning",
                keys=["lost", str(par.index)],
            )


_RUN_IN_NUMBER = re.compile(r"^\s*(\d{1,2})(?=[\u4e00-\u9fff])")


def _lost_separators(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """An item of a “1.” list whose “.” was lost or written otherwise, its neighbours numbered n−1 and n+1 in
    one style: “2.一般公共预算支出决算表 / 3一般公共预算本级基本支出表 / 4.…”, “5.… / 6 对乡镇… / 7.…”."""
    nums = [parse_numbering(p.text) for p in pars]  # a 目录 line has no ``numbering`` of its own
    for at in range(1, len(pars) - 1):
        text = pars[at].text
        prev, after = nums[at - 1], nums[at + 1]
        if prev is None or after is None or prev.level != 3 or prev.style != after.style:
            continue
        num = nums[at]
        run_in = _RUN_IN_NUMBER.match(text)
        n = num.number if num is not None and num.level == 3 else int(run_in.group(1)) if run_in else None
        if n is None or not prev.number + 1 == n == after.number - 1:
            continue
        if num is not None and num.level == 3 and num.style == prev.style:
            continue
        yield Hit(
            "序号",
            f"“{text.strip()[:20]}”的序号写法与前后不一致",
            f"应为“{n}{prev.style[1:]}”",
            text.strip()[:80],
            [pars[at].where],
            severity="warning",
            keys=["sep", str(pars[at].index)],
        )


# an item of a “1.” list run into one paragraph: its number after the sentence before it closes
_RUN_IN_ITEM = re.compile(r"(?:^|[。；;])\s*(\d{1,2})([.．、]?)(?=[\u4e00-\u9fff])")


def _run_in_lost_separators(pars: Sequence[Paragraph]) -> Iterable[Hit]:
    """An item of a “1.” list run into one paragraph whose “.” was lost, between items n−1 and n+1 written
    alike: “…8.保障宪法和法律赋予妇女的…权利。9不断强化社会维稳体系,…。10.完成上级交办的其他事项。”."""
    for par in pars:
        if par.in_toc or par.is_chart:
            continue
        items = [(m, int(m.group(1)), m.group(2)) for m in _RUN_IN_ITEM.finditer(par.text)]
        for k in range(1, len(items) - 1):
            (m, n, sep), (_, before, bsep), (_, after, asep) = items[k], items[k - 1], items[k + 1]
            if sep or not bsep or bsep != asep or not before + 1 == n == after - 1:
                continue
            text = par.text[m.start(1) :]
            yield Hit(
                "序号",
                f"“{text[:12]}”的序号写法与前后不一致",
                f"应为“{n}{bsep}”",
                text[:80],
                [par.where],
                severity="warning",
                keys=["run-in-sep", str(par.index), str(n)],
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


#: A section of the 说明 that is the part “概况” in other templates (Beijing's “一、部门基本情况”).
_OVERVIEW_SECTION = re.compile(r"^(?:部门|单位)?(?:基本情况|概况)$")


def _first_level(p: Paragraph) -> str:
    """The title of a first-level heading of the body (“一、部门基本情况”), or ""."""
    h = p.heading
    return h.title if h is not None and h.level == 1 and not p.in_toc else ""


@audit_rule("A043")
def missing_part(ctx: Context) -> Iterable[Hit]:
    doc = ctx.doc
    if doc is None or not doc.template:
        return
    parts = {p.part for p in doc.paragraphs if not p.in_toc}
    if any(_OVERVIEW_SECTION.search(_first_level(p)) for p in doc.paragraphs):
        parts.add("overview")  # Beijing: “第二部分 部门决算说明 / 一、部门基本情况”
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
