"""One document model for every published form (txt, docx, pdf): paragraphs and tables in reading order.

Every element knows where it came from (``Where``: line for txt, paragraph/table index for docx, page for
pdf), so a finding can point at it. After reading, :func:`analyse_structure` recognises the standard parts
and numbered headings of both the Sichuan 13-table and the MOF/Shanghai 9-table templates (第X部分,
一、, （一）, 1., （1）), the 目录, the title, the report year and the department, and gives each table a
standard ``kind`` from its title.
"""

from __future__ import annotations

import re
from bisect import bisect_right
from collections import Counter
from dataclasses import dataclass, field, replace
from functools import lru_cache

from juesuan.audit.furniture import (
    footer_start,
    furniture_lines,
    is_breadcrumb,
    is_furniture,
    without_leading_buttons,
)
from juesuan.audit.normalise import normalise, simplified, simplified_cell, unglossed

__all__ = [
    "TABLE_TITLES",
    "Block",
    "Cell",
    "Document",
    "Heading",
    "Paragraph",
    "ReadError",
    "Table",
    "Where",
    "analyse_structure",
    "budget_only",
    "cn_number",
    "table_kind",
    "unit_name",
]


class ReadError(Exception):
    """The file cannot be read as a document; ``code`` names the reason (see A001–A004)."""

    def __init__(self, code: str, detail: str = "") -> None:
        super().__init__(f"{code}: {detail}")
        self.code = code
        self.detail = detail


@dataclass(slots=True)
class Where:
    """A place in the published document."""

    line: int | None = None  # txt: 1-based line
    paragraph: int | None = None  # docx: 1-based index of the body paragraph
    table: int | None = None  # 1-based ordinal of the table in the document
    row: int | None = None  # 1-based row in the table
    col: int | None = None  # 1-based column in the table
    page: int | None = None  # pdf: 1-based page

    def describe(self) -> str:
        """The place in Chinese, as a person would look for it."""
        parts = []
        if self.page is not None:
            parts.append(f"第{self.page}页")
        if self.line is not None:
            parts.append(f"第{self.line}行")
        if self.paragraph is not None:
            parts.append(f"第{self.paragraph}段")
        if self.table is not None:
            cell = f"表{self.table}"
            if self.row is not None:
                cell += f"第{self.row}行"
            if self.col is not None:
                cell += f"第{self.col}列"
            parts.append(cell)
        return "".join(parts) or "全文"


@dataclass(frozen=True)
class Heading:
    level: int  # 0 第X部分, 1 一、, 2 （一）, 3 1., 4 （1）
    number: int
    style: str  # the numbering style, e.g. "一、", "1.", "1、"
    title: str


@dataclass
class Paragraph:
    """A paragraph of text; ``spans`` maps text offsets to where each piece came from."""

    index: int
    text: str
    spans: list[tuple[int, Where]]
    heading: Heading | None = None
    numbering: Heading | None = None  # list numbering at the start (also for headings)
    section: tuple[str, ...] = ()  # titles of the enclosing headings, outermost first
    part: str = ""  # standard part key (overview, tables, explanation, glossary, annex, appendix)
    topic: str = ""  # standard section of the 情况说明 (s1 … s9, perf, other)
    in_toc: bool = False
    is_chart: bool = False

    @property
    def where(self) -> Where:
        return self.spans[0][1] if self.spans else Where()

    def where_at(self, offset: int) -> Where:
        starts = [s for s, _ in self.spans]
        i = max(0, bisect_right(starts, offset) - 1)
        return self.spans[i][1] if self.spans else Where()


@dataclass(slots=True)
class Cell:
    text: str
    row: int  # 0-based
    col: int  # 0-based (leaf column for grids)
    where: Where
    span: int = 1  # number of leaf columns covered (merged cells)


@dataclass
class Table:
    """A table as read: rows of cells. ``kind`` is the standard table it is (see ``TABLE_TITLES``)."""

    index: int
    title: str
    rows: list[list[Cell]]
    where: Where
    title_where: Where | None = None
    unit: str = "万元"
    kind: str = ""
    note: str = ""
    pages: list[int] = field(default_factory=list)
    header_rows: int = 0  # number of leading header rows, when the reader knows it (pdf grids, docx)
    column_labels: list[str] = field(default_factory=list)  # leaf column labels, when known
    aligned: bool = False  # True when every row has one cell per leaf column (pdf grid, docx)
    section: tuple[str, ...] = ()
    part: str = ""
    is_chart: bool = False

    def texts(self) -> list[list[str]]:
        return [[c.text for c in row] for row in self.rows]


Block = Paragraph | Table


@dataclass
class Damage:
    """A file that could be read only in part: how much was read and what the reader reported."""

    pages: int | None  # pages in the file (PDF), when known
    read: list[int]  # the pages whose text was read
    reason: str  # what failed, as the reader said it (first message)

    def read_zh(self) -> str:
        if not self.read:
            return "0页"
        spans: list[str] = []
        start = prev = self.read[0]
        for n in [*self.read[1:], None]:
            if n is not None and n == prev + 1:
                prev = n
                continue
            spans.append(f"第{start}页" if start == prev else f"第{start}–{prev}页")
            if n is not None:
                start = prev = n
        total = f"（共{self.pages}页）" if self.pages else ""
        return "、".join(spans) + total


@dataclass
class Document:
    path: str
    format: str  # txt | docx | pdf
    blocks: list[Block] = field(default_factory=list)
    pages: int | None = None
    text_layer: bool = True
    title: str = ""
    year: int | None = None
    department: str = ""
    template: str = ""  # "sichuan" (13 tables) | "shanghai" (9 tables, MOF style) | "" (not identified)
    template_evidence: list[str] = field(default_factory=list)  # the titles that identified the template
    tables_attached: bool = False  # the tables are published as separate attachments ("报表详见附件")
    attachment_evidence: str = ""  # the passage that says so
    year_evidence: str = ""  # the passage the year was read from ("" when the year is unknown)
    toc: list[Paragraph] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader noticed (for A033 and the like)
    damage: Damage | None = None  # set when the file could be read only in part
    ends_abruptly: bool = False  # the text stops in the middle of a sentence (a page cut short)
    stops_early: bool = False  # the body ends within the first of the parts its 目录 lists (a page cut short)
    furniture: list[Paragraph] = field(default_factory=list)  # the web page's lines around the report

    def unread_note(self) -> str:
        """For findings about something not found: why it may be in the part that could not be read."""
        if self.damage is not None:
            return f"（文件仅读出{self.damage.read_zh()}，该内容可能在未能读取的部分）"
        if self.ends_abruptly:
            return "（文本在句中中断，可能不完整，该内容可能在缺失的部分）"
        if self.stops_early and self.toc and _ends_in_toc(self):
            return "（文本止于目录，其后的正文未见，该内容可能在缺失的部分）"
        if self.stops_early:
            return "（正文止于目录所列的第一部分，文本可能不完整，该内容可能在缺失的部分）"
        return ""

    @property
    def incomplete(self) -> bool:
        """Read only in part, or cut short: what is not found may be in the missing part."""
        return self.damage is not None or self.ends_abruptly or self.stops_early

    @property
    def paragraphs(self) -> list[Paragraph]:
        cached = self.__dict__.get("_paragraphs")
        if cached is None or cached[0] is not self.blocks or cached[1] != len(self.blocks):
            cached = (self.blocks, len(self.blocks), [b for b in self.blocks if isinstance(b, Paragraph)])
            self.__dict__["_paragraphs"] = cached
        return cached[2]

    @property
    def tables(self) -> list[Table]:
        cached = self.__dict__.get("_tables")
        if cached is None or cached[0] is not self.blocks or cached[1] != len(self.blocks):
            cached = (self.blocks, len(self.blocks), [b for b in self.blocks if isinstance(b, Table)])
            self.__dict__["_tables"] = cached
        return cached[2]

    def char_count(self) -> int:
        return sum(len(p.text) for p in self.paragraphs) + sum(
            len(c.text) for t in self.tables for row in t.rows for c in row
        )


# --- standard tables -------------------------------------------------------------------------------

#: Standard table titles (normalised: no spaces, Chinese quotes) → kind.
TABLE_TITLES: dict[str, str] = {
    "收入支出决算总表": "summary",
    "收入决算表": "income",
    "支出决算表": "expenditure",
    "财政拨款收入支出决算总表": "fiscal_summary",
    "财政拨款支出决算明细表": "fiscal_detail",
    "一般公共预算财政拨款支出决算表": "gpb",
    "一般公共预算财政拨款支出决算明细表": "gpb_detail",
    "一般公共预算财政拨款基本支出决算表": "gpb_basic",
    "一般公共预算财政拨款项目支出决算表": "gpb_project",
    "政府性基金预算财政拨款收入支出决算表": "fund",
    "国有资本经营预算财政拨款收入支出决算表": "capital",
    "国有资本经营预算财政拨款支出决算表": "capital_exp",
    "财政拨款“三公”经费支出决算表": "sangong",
}
SHANGHAI_KINDS = (
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "gpb",
    "gpb_basic",
    "sangong",
    "fund",
    "capital",
)
SICHUAN_KINDS = tuple(TABLE_TITLES.values())

_QUOTES = str.maketrans({'"': "”", "＂": "”", "'": "’"})


def norm_title(text: str) -> str:
    """A title without numbering, spaces, bookmarks; Chinese quotes normalised to “”."""
    t = "".join(text.split())
    t = re.sub(r"^(附表\d*[：:]?|表\d+[：:.、]?)", "", t)
    t = re.sub(r"^([一二三四五六七八九十]{1,3}|\d{1,2})[、.．]", "", t)
    t = t.replace("“三公”", "“三公”").replace('"三公"', "“三公”").replace("”三公“", "“三公”")
    t = re.sub(r"[“\"]三公[”\"]", "“三公”", t)
    return t.translate(_QUOTES)


@lru_cache(maxsize=4096)
def table_kind(title: str) -> str:
    """The standard kind of a table from its title ("" when it is not a standard table), in simplified or
    traditional characters (a mirror's “項目支出績效自評表”)."""
    # (a line longer than any title is left as written: it is no title, and is not converted for nothing)
    t = norm_title(simplified_cell(title) if len(title) <= 80 else title)
    t = re.sub(r"[（(]20\d\d年度?[）)]$", "", t)
    if t in TABLE_TITLES:
        return TABLE_TITLES[t]
    if "绩效自评表" in t:
        return "perf_eval"
    return ""


# --- numbering and headings -----------------------------------------------------------------------

_CN_DIGITS = {"零": 0, "一": 1, "二": 2, "三": 3, "四": 4, "五": 5, "六": 6, "七": 7, "八": 8, "九": 9}


def cn_number(text: str) -> int | None:
    """一 … 九十九 as an int (None if not a Chinese numeral)."""
    if not text or any(ch not in "零一二三四五六七八九十" for ch in text):
        return None
    if "十" not in text:
        return _CN_DIGITS[text] if len(text) == 1 else None
    tens, _, units = text.partition("十")
    t = _CN_DIGITS.get(tens, 0) if tens else 1
    u = _CN_DIGITS.get(units, 0) if units else 0
    return t * 10 + u


_PART = re.compile(r"^第([一二三四五六七八九十]+)部分[\s　]*(.*)$")
# a part heading with its 分 left out (“第三部广水市白泉卫生院2023年度部门决算情况说明”): a short title that
# ends as a part's does
_PART_WITHOUT_FEN = re.compile(
    r"^第([一二三四五六七八九十]{1,2})部[\s　]*"
    r"([^\s　，。；;,]{2,40}(?:情况说明|概况|决算表|报表|名词解释|附件|附表))$"
)
_L1 = re.compile(r"^([一二三四五六七八九十]{1,3})[ \u3000]?([、．.])\s*(.*)$")
_L2 = re.compile(r"^[（(][ \u3000]?([一二三四五六七八九十]{1,3})[ \u3000]?[）)]\s*(.*)$")  # “（一 ）” too
# a list counts from 1; after a bare space, a measure word or unit makes a count run onto a new line (“…购置
# ⏎0 台（套）。”, “⏎3 辆”), not an item; a dot before a year is no decimal point
# (“1.2021年部门决算公开表.xls”)
_L3 = re.compile(
    r"^([1-9]\d?)([、．.](?!\d)|[．.](?=(?:19|20)\d\d\s*年)|\s+(?=[^\d台套辆人个项家次件批户万元亿%％]))\s*(.*)$"
)
_L4 = re.compile(r"^[（(][ \u3000]?([1-9]\d?)[ \u3000]?[）)]\s*(.*)$")
_NUMBERING_FIRST = frozenset("第一二三四五六七八九十（(")


@lru_cache(maxsize=8192)
def parse_numbering(text: str) -> Heading | None:
    """The list numbering at the start of a paragraph (and its title), or None (a paragraph's text is asked
    for it by many rules: cached)."""
    t = text.strip()
    if not t or (t[0] not in _NUMBERING_FIRST and not t[0].isdecimal()):
        return None  # what every pattern below needs first (``\d`` is any decimal digit, as isdecimal)
    m = _PART.match(t) or _PART_WITHOUT_FEN.match(t)
    if m and cn_number(m.group(1)):
        return Heading(0, cn_number(m.group(1)) or 0, "第部分", m.group(2).strip())
    m = _L1.match(t)
    if m and cn_number(m.group(1)):
        return Heading(1, cn_number(m.group(1)) or 0, "一" + m.group(2), m.group(3).strip())
    m = _L2.match(t)
    if m and cn_number(m.group(1)):
        return Heading(2, cn_number(m.group(1)) or 0, "（一）", m.group(2).strip())
    m = _L4.match(t)
    if m:
        return Heading(4, int(m.group(1)), "（1）", m.group(2).strip())
    m = _L3.match(t)
    if m:
        sep = m.group(2).strip() or " "
        return Heading(3, int(m.group(1)), "1" + sep, m.group(3).strip())
    return None


# Standard parts (第X部分 titles) and the sections of the 情况说明, by keyword (most specific first).
PART_KEYS: tuple[tuple[str, str], ...] = (
    ("名词解释", "glossary"),
    ("情况说明", "explanation"),
    ("决算表", "tables"),
    ("决算报表", "tables"),  # Beijing: 部门决算报表
    ("附表", "appendix"),
    ("附件", "annex"),
    ("概况", "overview"),
    ("基本情况", "overview"),  # Beijing / Chongqing: 单位基本情况, 部门基本情况
    ("决算说明", "explanation"),  # Beijing: 部门决算说明
)
# Sections of a flat layout (Fujian, Chongqing: 一、…十一、 without 第X部分) → the part they belong to.
FLAT_PART_KEYS: tuple[tuple[str, str], ...] = (
    ("名词解释", "glossary"),
    ("主要职责", "overview"),
    ("职能职责", "overview"),
    ("基本情况", "overview"),
    ("概况", "overview"),
    ("工作总结", "overview"),
    ("机构设置", "overview"),
    ("附表", "appendix"),
    ("决算表", "appendix"),
)
TOPIC_KEYS: tuple[tuple[str, str], ...] = (
    ("一般公共预算财政拨款基本支出", "s6"),
    ("一般公共预算财政拨款支出", "s5"),
    ("财政拨款收入支出决算总体", "s4"),
    ("收入支出决算总体", "s1"),
    ("三公", "s7"),
    ("政府性基金", "s8"),
    ("国有资本经营", "s9"),
    ("绩效", "perf"),
    ("其他重要事项", "other"),
    ("机关运行经费", "other"),
    ("收入决算", "s2"),
    ("支出决算情况", "s3"),
    ("支出决算说明", "s3"),  # Beijing: “(二)支出决算说明”
)


_ANNEX = re.compile(r"^(附件\d*[：:]?.*|.*(绩效评价报告|绩效自评报告|绩效自评表(（20\d\d年度）)?))$")


def part_key(title: str) -> str:
    for word, key in PART_KEYS:
        if word in title:
            return key
    return "part"


def topic_key(title: str) -> str:
    for word, key in TOPIC_KEYS:
        if word in title:
            return key
    return ""


# a figure with its unit, also as web pages and mirror sites write it (“3939.39万”, “3939.39萬元”)
_STATES_FIGURE = re.compile(r"\d[ \u3000]*(?:[亿億萬万]元?|元|%|％)")


def _is_heading(par: Paragraph, num: Heading) -> bool:
    if num.level == 0:
        return True
    body = num.title
    if num.level in (1, 2):
        # a heading is short; "（一）评价目的。通过…" is a heading with its text run in
        head = body.split("。")[0]
        # and states no figure: “(一)2017年全镇本年收入合计3939.39万元。其中:…” is a sentence
        return (
            len(head) <= 30
            and not re.search(r"[：:，,；;、]", head)
            and not (_STATES_FIGURE.search(head) and "。" in body)
            # “(一)一般公共预算1.本级征收完成数。地方一般公共预算收入完成28,583万元,…”: a page flattened into
            # one line whose headings could not be cut from their text is prose that states figures
            and not (len(body) > 120 and len(_STATES_FIGURE.findall(body)) >= 3)
        )
    return len(body) <= 20 and not re.search(r"[：:。；]|\d", body)


def _neighbour_title(paragraphs: list[Paragraph], par: Paragraph) -> str:
    """The title of a bare "第二部分": the next (or previous) short paragraph that reads like a title."""
    i = next((k for k, p in enumerate(paragraphs) if p is par), -1)
    for k in (i + 1, i - 1):
        if 0 <= k < len(paragraphs):
            t = paragraphs[k].text.strip()
            if len(t) <= 40 and re.search(r"(概况|决算表|说明|解释|附件|附表)$", t):
                return t
    return ""


# --- run-in headings and flattened text -------------------------------------------------------------

# A heading's title ends with one of these words; what follows it in the same paragraph is run-in text
# ("五、公共财政拨款支出决算情况2014年公共财政拨款支出…", "一、部门主要职责东庠乡各部门的主要职责是：");
# 机构设置 and 单位构成 may be the whole title (“（二）机构设置。重庆市文物局内设…4个处室。…”).
_RUN_IN = re.compile(
    r"^(?P<title>[^，。；;,：:！？]{2,30}?(?:情况说明|决算情况|基本情况|总体情况|情况|说明|主要职责|职能职责|职责|名词解释"
    r"|工作总结|概况|自评报告|评价报告)|(?:[^，。；;,：:！？]{0,12}?)(?:机构设置|单位构成))"
    r"(?P<gap>[ \u3000]*[：:。]?[ \u3000]*)(?=\S)"
)
_RUN_IN_NOT_BODY = ("说明", "表", "和", "及", "的", "、", "（", "(", "）", ")", "如下", "汇总", "统计")
# a heading that starts inside a flattened paragraph: after a sentence end or a gap
_INNER_HEADING = re.compile(
    r"(?<=[。；！？!?]|[ \u3000])[ \u3000]*"
    r"(?=第[一二三四五六七八九十]+部分|[一二三四五六七八九十]{1,3}[ \u3000]?、)"
    r"|(?<=[。！？!?])(?=[（(][一二三四五六七八九十]{1,3}[）)])"
)


def _cut(par: Paragraph, start: int, end: int) -> Paragraph:
    """The piece ``par.text[start:end]`` as a paragraph of its own (its spans shifted)."""
    spans: list[tuple[int, Where]] = []
    for s, w in par.spans:
        if s <= start:
            spans = [(0, w)]
        elif s < end:
            spans.append((s - start, w))
    return Paragraph(par.index, par.text[start:end].strip(), spans or list(par.spans[:1]))


cut_paragraph = _cut  # public name, for the corpus's 汇编 split


def _run_in_split(text: str) -> int | None:
    """Where the run-in text of a numbered heading starts (None when the paragraph is not one)."""
    num = parse_numbering(text)
    if num is None or num.level not in (1, 2):
        return None
    heading = _is_heading(Paragraph(0, text, []), num)
    lead = len(text) - len(text.lstrip())
    m = _L1.match(text.strip()) if num.level == 1 else _L2.match(text.strip())
    if m is None:
        return None
    body_at = lead + m.start(m.lastindex or 0)
    body = text[body_at:]
    r = _RUN_IN.match(body)
    if r is None:
        return None
    rest = body[r.end() :]
    if rest.startswith(_RUN_IN_NOT_BODY) or len(rest.strip()) < 4:
        return None
    if not (r.group("gap") or re.search(r"\d|[，。；;,：:]", rest)):
        return None
    if heading and not (
        re.match(r"20\d\d", rest) or (r.group("gap") and re.search(r"\d|[，。；;,：:]", rest))
    ):
        return None  # a short heading ("（一）政府采购支出情况2016年本部门…" is still split)
    return body_at + r.end()


# a numbering inside a text flattened to one line, wherever it stands (not inside “十一、” or “第一”), a
# part or the 目录
_FLAT_MARK = re.compile(
    # not a site's field or breadcrumb: “公开目录 | 三公经费”, “部门信息公开目录 > 县教科体局”
    r"第[一二三四五六七八九十]+部分|目[ \u3000]*录(?![ \u3000]*[|｜>＞:：])"
    r"|(?<![一二三四五六七八九十第])[一二三四五六七八九十]{1,3}[ \u3000]?、"
    r"|[（(][一二三四五六七八九十]{1,3}[）)]"
    r"|(?<=[。：:；;！？!?])(?:\d{1,2}[、.．](?!\d)|[（(]\d{1,2}[）)])"
)
# the end of a heading's title in a flattened text: the body follows without a break
_TITLE_WORD = re.compile(
    r"情况说明|决算情况|基本情况|总体情况|情况|说明|主要职责|主要职能|职能职责|职责|名词解释|工作总结|概况|决算表"
    r"|自评报告|评价报告"
)


# (a list of numerals, “分为一、二类”, “丽岙一、二标段”, is no heading)
_NO_TITLE = re.compile(r"[一二三四五六七八九十]{1,3}(?:、|标段|期|类|号|级)|.{0,2}[，,；;。]")


def _flattened(text: str) -> bool:
    """Whether a paragraph is a whole text (or a long stretch of it) flattened to one line: long, with the
    numbering of several headings inside it, or several items opening with their 科目 paths."""
    if len(text) <= 300:
        return False
    return len(_FLAT_MARK.findall(text)) >= 2 or len(_PATH_AFTER_SENTENCE.findall(text)) >= 3


def _flat_cuts(text: str) -> list[int]:
    """Where the headings of a flattened text start: a part, the 目录, and a numbering that goes on from
    the one before it at its level (一、 after the start or after 第X部分, 二、 after 一、 …), so that a
    numbering run into a sentence (“分为一、二类”) is not taken for one unless it continues the sequence."""
    cuts: list[int] = []
    # the numbers seen at each level since the level above last changed (a list of duties “（一）…（八）”
    # inside “（一）主要职能” is followed by “（二）部门决算单位构成”)
    seen: dict[int, set[int]] = {1: set(), 2: set(), 3: set(), 4: set()}
    for m in _FLAT_MARK.finditer(text):
        mark = m.group(0)
        num = parse_numbering(text[m.start() : m.start() + 40])
        if mark.startswith("目"):
            ok = True
        elif num is None or _NO_TITLE.match(text, m.end()):
            continue  # no title after it: a list of numerals in a sentence (“分为一、二类，…”)
        elif num.level == 0:
            ok = True
            seen = {k: set() for k in seen}
        else:
            ok = num.number == 1 or num.number - 1 in seen[num.level]
            if ok:
                seen[num.level].add(num.number)
                for k in seen:
                    if k > num.level:
                        seen[k] = set()
        if ok and m.start() > 0:
            cuts.append(m.start())
    # an item that opens with its 科目 path after a sentence (“…持平。一般公共服务(类)…(款)…(项):支出决算为…”)
    cuts += [m.end() for m in _PATH_AFTER_SENTENCE.finditer(text)]
    return sorted(set(cuts))


_PATH_AFTER_SENTENCE = re.compile(r"[。！？!?](?=[^，。；：,;:！？!?]{2,30}?[（(][类款项][）)])")


def _flat_title_end(text: str) -> int | None:
    """Where the title of a heading run into its body ends, in a flattened text (“二、部门基本情况纳入本套…”,
    “一、收入决算情况说明本部门2020年度…”): after the first title word the body can follow."""
    num = parse_numbering(text)
    t = text.lstrip()
    rx = {0: _PART, 1: _L1, 2: _L2}.get(num.level) if num is not None else None
    m0 = rx.match(t) if rx is not None else None
    if m0 is None:
        return None
    body_at = len(text) - len(t) + m0.start(m0.lastindex or 0)
    for m in _TITLE_WORD.finditer(text, body_at, body_at + 32):
        if re.search(r"[，。；;,：:]", text[body_at : m.start()]):
            return None  # a sentence, not a title
        rest = text[m.end() :]
        if rest and not rest.startswith(_RUN_IN_NOT_BODY):
            return m.end() + (len(rest) - len(rest.lstrip("：:。 \u3000")))
    return None


def _split_paragraph(par: Paragraph) -> list[Paragraph]:
    # the patterns read the text in simplified characters (“（一）收入決算情況。” is a run-in heading) and
    # without the pinyin a mirror put after its characters (“收入總計(jì) 1759.77 萬(wàn)元”); the pieces keep
    # the original text (the conversion is character for character, and the cuts are mapped back past the
    # pinyin)
    text = simplified(par.text)
    plain, kept = unglossed(text)
    spans = _pieces(plain)
    if kept is not None:
        spans = [(_back(kept, a, len(text)), _back(kept, b, len(text))) for a, b in spans]
    return [p for p in (_cut(par, a, b) for a, b in spans) if p.text] or [par]


def _back(kept: list[int], at: int, length: int) -> int:
    """The offset in the original text of offset ``at`` of the text without its pinyin."""
    return kept[at] if at < len(kept) else length


def _pieces(text: str) -> list[tuple[int, int]]:
    """Where ``text`` is cut into paragraphs: its headings run into the text after them, and the headings
    inside a paragraph flattened from several."""
    if _flattened(text):
        return _flattened_pieces(text)
    cuts = [0]
    if len(text) > 60:  # text flattened to one line: headings inside it
        for m in _INNER_HEADING.finditer(text):
            at = m.end()
            if at > cuts[-1] + 1 and at < len(text) - 2:
                head = text[at : at + 80]
                num = parse_numbering(head)
                if num is not None and (_is_heading(Paragraph(0, head, []), num) or _run_in_split(head)):
                    cuts.append(at)
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
        piece = text[a:b]
        body = piece.strip()
        if not body:
            continue
        split_at = _run_in_split(body)
        if split_at is None:
            spans.append((a, b))
        else:
            at = a + len(piece) - len(piece.lstrip()) + split_at
            spans.extend([(a, at), (at, b)])
    return spans


def _flattened_pieces(text: str) -> list[tuple[int, int]]:
    """A whole text on one line: cut before each heading (:func:`_flat_cuts`), and each heading's title
    from the body run into it."""
    cuts = [0, *_flat_cuts(text)]
    spans: list[tuple[int, int]] = []
    for a, b in zip(cuts, [*cuts[1:], len(text)], strict=True):
        piece = text[a:b]
        if piece.lstrip().startswith("目"):
            m = re.match(r"\s*目[ \u3000]*录", piece)
            if m:
                spans.append((a, a + m.end()))
                a += m.end()
                piece = text[a:b]
        end = _flat_title_end(piece)
        if end is None:
            end = _run_in_split(piece)
        if end is not None and 0 < end < len(piece):
            spans.extend([(a, a + end), (a + end, b)])
        else:
            spans.append((a, b))
    return spans


def split_run_in(doc: Document) -> None:
    """Split run-in headings from the sentence that follows, and headings out of flattened paragraphs."""
    blocks: list[Block] = []
    changed = False
    for block in doc.blocks:
        if isinstance(block, Paragraph) and not block.is_chart:
            pieces = _split_paragraph(block)
            changed = changed or len(pieces) > 1
            blocks.extend(pieces)
        else:
            blocks.append(block)
    if changed:
        for k, b in enumerate(blocks):
            if isinstance(b, Paragraph):
                b.index = k
        doc.blocks = blocks


def _flat_part(title: str) -> str:
    for word, key in FLAT_PART_KEYS:
        if word in title:
            return key
    return "explanation"


# --- title, year, department --------------------------------------------------------------------------

# “…2024年度项目支出绩效单位自评报告”: a 绩效自评 reports on the year's spending, like a 决算
_TITLE_KINDS = (
    r"(?:部门|单位)?(?:决算|“三公”经费|\"三公\"经费|三公经费|一般公共预算|财政拨款"
    r"|[\u4e00-\u9fff]{0,12}?绩效(?:单位)?(?:自评|评价|报告)"
    # “2020年市级服务贸易发展资金项目自评表”: a project's self-evaluation form
    r"|项目自评"
    # “常州市金坛第一人民医院2020年财务信息公开”: a unit's yearly account of its finances
    r"|财务(?:信息|收支)"
    # a government's: “禄丰县2016年度财政总决算报表编制说明”, “(天津市)和平区2021年财政收支情况”
    r"|总决算|财政收支(?:情况|决算)"
)
_TITLE_TAIL = _TITLE_KINDS + ")"
# a whole title's may also be a lottery fund's yearly account (“2016年度杭州市体育彩票公益金筹集分配情况…的
# 公告”; not a title run into a sentence: “2023年拨入州教体局体育彩票公益金…” names no unit)
_WHOLE_TITLE_TAIL = _TITLE_KINDS + r"|(?:体育|福利)?彩票公益金)"
# (the scope in brackets after the year: “儋州市财政局2023年度(本级)决算公开报告”)
_SCOPE = r"(?:[（(](?:本级|汇总|本部|部门汇总|单位汇总)[）)])?"
_TITLE_YEAR_FIRST = re.compile(r"^(20\d\d)年度?" + _SCOPE + r"(?P<dept>.{0,40}?)" + _WHOLE_TITLE_TAIL)
# “丰都县人民政府关于2021年决算情况的报告”
# “下陆区政府2023年政府决算公开”: a government's 决算 (政府决算, 财政决算) after its year (before the year,
# “2014年度…乡人民政府决算说明”, 政府 ends the unit's name)
# (“寧強縣2023年政府財政決算公開”: both words)
_TITLE_UNIT_FIRST = re.compile(
    r"^(?P<dept>.{2,40}?)(?:关于)?(20\d\d)年度?" + _SCOPE + r"(?:政府)?(?:财政)?" + _WHOLE_TITLE_TAIL
)
# “部门预算项目支出绩效自评表(2023年度)”: the year in brackets after the title
_TITLE_YEAR_AFTER = re.compile(r"^(?P<dept>.{0,40}?)(?:决算表|决算总表|自评表|决算)[（(](20\d\d)年度?[）)]$")
_TITLE_END = re.compile(
    # “辛集市农业农村局2020年度决算公开文本”: Hebei's name for the published report
    # (“海南省华侨商业学校2022年决算批复公开资料”)
    r"(说明|决算|公开|批复|情况|报告|决算表|决算总表|公开表|自评表|统计表|指标表|公示|公告|公开文本|公开资料)"
    r"([（(].{0,12}[）)]|[—－-].{1,12})?$"
)
# a document site's file name as the page's title: “2020年度辛集市农业农村局决算公开文本.pdf”
_FILE_EXTENSION = re.compile(r"(?:\.(?:pdf|docx?|xlsx?|wps))+$", re.IGNORECASE)
# a province, city or county before the year of a title (its template's cover), not a unit's name
_PLACE = re.compile(r"[\u4e00-\u9fff]{1,6}(?:省|市|县|区|州|旗|盟)")
_NOT_TITLE = re.compile(r"位置|首页|>|＞|http|www\.|索引号|发布机构|时间[：:]|来源[：:]")
_UNIT_SUFFIX = re.compile(
    r"(局|厅|委|委员会|办|办公室|中心|学校|中学|小学|幼儿园|学院|大学|医院|院|所|站|馆|队|会|部|处|社|室|街道|办事处"
    r"|指挥部|政府|镇|乡|公司|集团|法院|检察院|党校|台|团|署|司|园|场|校|局机关|组"
    # the federations and associations by their usual short names (社科联, 文联, 工商联, 残联, 科协)
    r"|联|科协)$"
)
# a government's report on the year's execution, after the year (“关于中原区2020年财政预算执行情况和2021年财政
# 预算(草案)的报告”): the year executed is the report's, though next year's budget is named beside it (not
# “2018年上半年财政预算执行情况”: part of a year)
_EXECUTION_YEAR = re.compile(
    r"(?<![比较与同\d])(20\d\d)年度?(?![^。；;，,\n]{0,6}?(?:半年|季度|月))[^。；;，,\n]{0,6}?(?:财政)?预算执行情况"
    r"(?:和|及|与|的报告)"
)
# sentences that name the report's own year
_YEAR_SENTENCES = (
    re.compile(r"现将(?:我|本)?(?:单位|部门|局|委|校|院|中心)?(20\d\d)年度?.{0,12}?决算"),
    re.compile(r"(?:本|我)(?:单位|部门|局|委|校|院)(20\d\d)年度?(?:总收入|总支出|收入|支出|部门决算|决算)"),
    re.compile(
        r"(?<!\d)(20\d\d)年度?(?:本年)?(?:收入总计|收入合计|支出合计|总收入|总支出|收、?支总计|部门决算总收入"
        r"|政府采购支出总额)"  # “财政部2019年度政府采购支出总额33509.75万元”
    ),
    re.compile(r"(?:纳入|列入).{0,40}?(?<!\d)(20\d\d)年度?部门决算(?:编制|汇编|编报)"),
    # a 绩效 report's own year: “2021年部门决算收支完成情况”, “对2017年整体支出开展绩效自评”
    re.compile(r"(?<![比较与同\d])(20\d\d)年度?(?:部门|单位)决算收支"),
    re.compile(r"(?<![比较与同\d])(20\d\d)年度?(?:部门)?整体支出(?:开展)?绩效(?:自评|评价)"),
    # the scope said after the unit: “深圳市水务局2014年度部门决算包括20家预算单位”
    re.compile(r"(?<![比较与同\d])(20\d\d)年度?(?:部门|单位)决算(?:包括|包含|由|共)"),
    # a comparison table's header: “2016年度 2017年度 2017比2016增减” (this year against the last)
    re.compile(r"(?<![\d年])(20\d\d)比20\d\d增减"),
    # a government's report: “报告汕尾市2018年市级决算草案”, “2021年财政决算草案”, “2023年泉港区财政收支决算
    # 草案”, “作2015年中央决算报告”, “《国务院关于2023年中央决算的报告》”
    # (“关于批准2017年区本级财政决算的决议”: the congress's resolution approving it)
    re.compile(r"(?<![比较与同\d])(20\d\d)年度?[^。；;，,\n]{0,10}?决算(?:草案|的?报告|的?决议)"),
    _EXECUTION_YEAR,
    # “…常委会第二十九次会议审议通过了2015年度焦作市财政总决算”, “2021年度全区及区本级财政决算收支情况如下”
    re.compile(r"审议(?:通过|批准)了?(20\d\d)年度?[^。；;，,\n]{0,12}?决算"),
    re.compile(r"(?<![比较与同\d])(20\d\d)年度?[^。；;，,\n]{0,12}?财政决算收支"),
    # a lottery fund's account announced: “现将2023年迪庆藏族自治州体育彩票公益金筹集、使用情况公告如下”
    re.compile(r"现将(20\d\d)年度?[^。；;，,\n]{0,16}?彩票公益金"),
    # the 财政部's notes: “关于2018年中央国有资本经营决算的说明”, “关于2018年中央社会保险基金决算情况的说明”
    re.compile(r"关于(20\d\d)年度?[^。；;，,\n]{0,16}?决算(?:情况)?的?说明"),
    # a news item: “集中公布2015年度中央部門決算”, “集中公开了2013年度财政决算”
    re.compile(r"(?:公布|公开|公開)了?(20\d\d)年度?[^。；;，,\n]{0,10}?(?:决算|決算)"),
    # the year after the subject: “财政拨款“三公”经费2015年决算情况如下”
    re.compile(r"[“\"]?三公[”\"]?经费(20\d\d)年度?决算"),
    # a "三公" page: "许镇镇2020年“三公”经费决算数…", "2016年,市人大“三公”经费预算为…", "公布2010年“三公”支出"
    # (not "比2019年“三公”…")
    re.compile(r"(?<![比较与同\d])(20\d\d)年度?[,，]?[^。；;，,\n]{0,12}?[“\"]?三公[”\"]?(?:经费|支出)"),
    # the year and then its 决算 figure in one sentence: “2010年因公出国(境)费、…和公务接待费的财政拨款预算数
    # 2711.65万元、决算数2488.79万元”
    re.compile(r"(?<![比较与同\d])(20\d\d)年度?[^。；;\n]{0,60}?决算数?为?\d"),
    # the year before a “三公” item: “2010年公务用车购置及运作费主要包括两方面的支出”
    re.compile(
        r"(?<![比较与同\d])(20\d\d)年度?[,，]?[^。；;，,\n]{0,12}?(?:因公出国|公务用车购置|公务接待费)"
    ),
    # a sentence opening with the year and stating a figure: “2023年一般公共预算财政拨款基本支出911.7万元”
    # (the area or unit may stand between: “2022年度泉州台商投资区一般公共预算支出数为242259万元”)
    re.compile(
        r"(?:^|[。\n])(20\d\d)年度?(?:[\u4e00-\u9fff]{2,12}?)?(?:一般公共预算|财政拨款|政府性基金|国有资本经营"
        r"|本年)[^。\n]{0,24}?(?:收入|支出)(?:决算)?数?(?:为|共计|合计)?\d"
    ),
    # a government's year opening its account of income (“2021年,全县大口径财政收入累计完成95808万元”)
    re.compile(
        r"(?:^|[。\n])(20\d\d)年度?[,，]?全(?:省|市|州|县|区|旗|镇|乡)[^。\n，,]{0,12}?收入(?:累计)?完成\d"
    ),
)
# a part heading that names the report's year (and maybe the unit), in the 目录 or the body:
# "第二部分 2021年度部门决算报表", "第二部分 工布江达县仲莎乡人民政府2021年度部门决算明细表"
_PART_PREFIX = re.compile(r"^第[一二三四五六七八九十]{1,3}部分[\s\u3000:：]*")
# (or a numbered heading: “二、2016年度部门决算表”, “三、2016年度部门决算情况说明”, “二、中共西湖区委老干部局
# 2017年度部门决算公开表”)
_PART_YEAR = re.compile(
    r"^(?:第[一二三四五六七八九十]{1,3}部分[\s\u3000:：]*|[一二三四五六七八九十]{1,3}、)(?P<dept>[^\s\u3000]{0,40}?)"
    r"(20\d\d)\s*年度?(?:部门|单位|公共财政|财政)决算"
)
_DEPT_SENTENCES = (
    re.compile(r"([^\s，。：:；;、（）()“”]{2,40})[（(]以下简称[“\"]?(?:本部门|本单位)"),
    re.compile(r"纳入([^\s，。：:；;]{2,40}?)20\d\d年度?部门决算编制范围"),
)
# the first part's heading naming the unit, in the 目录 or the body: “第一部分:中共梧州市委统战部概况”
_FIRST_PART_UNIT = re.compile(
    r"(?m)^第一部分[\s\u3000:：]*([^\s，。：:；;、“”]{2,40}?)(?:部门|单位)?(?:基本)?概况\s*$"
)


#: A title run into the page's other lines (a page flattened to one line: “…智能机器人2015年内蒙古自治区文化厅
#: 部门决算公示说明—三公经费来源:…”): the report's year, then the unit, then the kind of report.
_RUN_IN_TITLE = re.compile(r"(20\d\d)年度?(?P<dept>[^\s，。：:；;、|｜“”（）()]{2,40}?)" + _TITLE_TAIL)
_RUN_IN_TITLE_SPAN = 300  # characters from the start of the text where a title stands


def _run_in_title_unit(head: str, year: int) -> str:
    """The unit named by the first title of the report's own year in ``head`` when no line is a title."""
    for m in _RUN_IN_TITLE.finditer(head):
        name = unit_name(m.group("dept")) if int(m.group(1)) == year else ""
        # “2015年我局部门决算汇总…”, “2021年度全镇…”, “2021年度政府决算”: a sentence's own words, no name
        if len(name) >= 3 and not _OWN_WORDS.match(name):
            return name
    return ""


_OWN_WORDS = re.compile(r"^(?:我|本|该|全|各)")


def budget_only(text: str) -> bool:
    """A title or sentence about a 预算 and not a 决算 (“2022年“三公”经费预算安排情况”): a page that publishes
    next year's budget beside the 决算 does not take its year from it."""
    text = _FUND_NAMES.sub("", _AGAINST_BUDGET.sub("", _AGAINST_ACTUAL.sub("", text)))
    return "预算" in text and "决算" not in text and "完成" not in text and "自评" not in text


# a figure compared with its budget or its budget's execution is the year's spending: “较2014年预算减少
# 5818.9万元”, “预算执行比例为88.69%” (or a reason naming last year's budget: “主要原因较上年预算时减少了4名
# 教师”)
_AGAINST_BUDGET = re.compile(
    r"(?:比|较|与|同)(?:20\d\d年度?|上年度?)?(?:年初|全年|调整后?)?预算数?|预算执行(?:比例|率|数)"
)
# a budget compared with the 决算 before it is still a budget (“2012年安排出国(境)经费预算25万元,与2011年
# 决算持平”)
_AGAINST_ACTUAL = re.compile(r"(?:比|较|与|同)(?:20\d\d年度?|上年度?)?决算数?")
# 预算 as part of a name, not a budget figure
_FUND_NAMES = re.compile(
    r"一般公共预算|政府性基金预算|国有资本经营预算|社会保险基金预算|预算单位|部门预算编制"
)


def unit_name(name: str) -> str:
    """``name`` when it reads like the name of a department or unit (a known ending: 局, 中心, 学校 …), else
    ""."""
    name = re.sub(r"^(关于|印发)", "", name.strip('“”"：: '))
    # the template's placeholder before the name filled in: “XX部门常州市武进区马杭中心小学”
    name = re.sub(r"^(?:XX|ＸＸ|××|xx)(?:部门|单位)(?=[\u4e00-\u9fff]{2})", "", name)
    # (年 of a year, not of 青年团 or 老年大学)
    if not 2 <= len(name) <= 40 or re.search(
        r"[，。：:；;>＞/\d]|(?<![青老少成童])年|决算|公开|首页|位置|网站", name
    ):
        return ""
    # “海南省应急管理厅(本级)”, “鼎城区教育局(乡镇学校)”: a unit and the scope of its report; “上海市青浦区
    # 图书馆(上海市青浦区青杏科技图书馆)”: a unit and its other name
    return name if _UNIT_SUFFIX.search(re.sub(r"[（(][^（）()]{1,30}[）)]$", "", name)) else ""


def report_title(text: str) -> tuple[int, str] | None:
    """``(year, department)`` when ``text`` reads as a report's title naming both, else None."""
    cand = normalise("".join(text.split()))[0]
    if not _TITLE_END.search(cand) or budget_only(cand) or _NOT_TITLE.search(cand):
        return None
    for rx in (_TITLE_UNIT_FIRST, _TITLE_YEAR_FIRST):
        m = rx.match(cand)
        if m is None:
            continue
        name = unit_name(m.group("dept"))
        if name:
            return int(next(g for g in m.groups() if g and re.fullmatch(r"20\d\d", g))), name
    return None


_SPACED_FIGURE = re.compile(
    r"(?<=\d)[ \u3000\t]+(?=年|万元|亿元|元|%)|(?<=\S)[ \u3000\t]+(?=[\d.,]+[ \u3000\t]*(?:万元|亿元|元|%))"
)


def _title_candidates(paragraphs: list[Paragraph]) -> list[str]:
    """Short title-like pieces at the top of the document (split on gaps: a page flattened to one line)."""
    out: list[str] = []
    earlier = previous = ""
    for p in paragraphs[:15]:
        if p.in_toc:
            continue
        line = re.sub(r"目[ \u3000]*录$", "", p.text.strip())  # "…2024年度部门决算目 录" (pdf title + 目录)
        line = re.sub(
            r"^[一二三四五六七八九十]{1,3}[ \u3000]?、", "", line
        )  # "一、2015年…说明" (a 三公 page)
        if _PART_PREFIX.match(line):
            # "第二部分连云港市…中心2015年度部门决算表": the part's number is no part of the unit's name, and
            # a part heading opens a block: it is not the second line of a title above it
            line = _PART_PREFIX.sub("", line)
            earlier = previous = ""
        # (a copy from a PDF spaces figures from their words, “2011 年度该部…预算为 2100.16 万元”: no gap
        # between title pieces)
        line = _SPACED_FIGURE.sub("", line)
        for token in re.split(r"[ \u3000\t]{1,}", line):
            t = _FILE_EXTENSION.sub("", without_leading_buttons(token.strip()))
            # a file's time stamp after its name (“…部门决算公开表20221013044707503.xls”), a page's label
            # before its title (“标题:儋州市财政局2023年度(本级)”)
            t = re.sub(r"^标题[:：]", "", re.sub(r"(?<=\D)\d{8,}$", "", t))
            if not t or _NOT_TITLE.search(t) or len(t) > 80:
                continue
            out.append(t)
            if previous and re.fullmatch(r"[（(]20\d\d年度?[）)]", t):
                out.append(previous + t)  # “项目支出绩效自评表 (2022年度)”
            elif previous and len(previous) <= 40 and not _TITLE_END.search(previous):
                out.append(previous + t)  # a title printed on two lines (unit, then year and kind)
                if re.fullmatch(r"20\d\d年度?", earlier):
                    out.append(earlier + previous + t)  # on three (“2020年度”, the unit, “部门决算”)
            earlier, previous = previous, t
    return out


def read_title(doc: Document, paragraphs: list[Paragraph]) -> None:
    """The report's year and department from its title (either order), else from sentences that name them.

    Both stay unknown (None / "") when nothing says them: the most frequent year is no evidence.
    """
    year = None
    dept = ""
    for cand in _title_candidates(paragraphs):
        cand = normalise(cand)[0]  # a mirror site's traditional characters and pinyin, as simplified
        if not _TITLE_END.search(cand) or budget_only(cand):
            continue
        for rx in (_TITLE_UNIT_FIRST, _TITLE_YEAR_FIRST, _TITLE_YEAR_AFTER):
            m = rx.match(cand)
            if m is None:
                continue
            y = int(next(g for g in m.groups() if g and re.fullmatch(r"20\d\d", g)))
            name = unit_name(m.group("dept"))
            place = re.sub(r"^[（(]([^（）()]{2,8})[）)]", r"\1", m.group("dept"))  # “(天津市)和平区”
            if rx is _TITLE_UNIT_FIRST and not name and not _PLACE.fullmatch(place):
                continue  # (a place's template titles its reports so: “岳阳市2018年度部门整体支出绩效评价…”)
            if year is None:
                year = y
                doc.title = cand
                doc.year_evidence = cand
            if name and not dept and y == year:
                dept = name
            break
        if year is not None and dept:
            break
    text = "\n".join(normalise(p.text)[0] for p in paragraphs[:400] if not p.in_toc)
    if year is None:
        votes: Counter[int] = Counter()
        first: dict[int, str] = {}
        for rx in _YEAR_SENTENCES:
            for m in rx.finditer(text):
                if rx is not _EXECUTION_YEAR and budget_only(
                    re.split(r"[。\n]", text[m.start() :], maxsplit=1)[0]
                ):
                    continue  # “2022年度“三公”经费预算总计…”: next year's budget published beside the 决算
                y = int(m.group(1))
                votes[y] += 1
                first.setdefault(y, m.group(0).lstrip("。\n"))
        if votes:
            # the most stated; on a tie the later one (a report restates last year's figures)
            year = max(votes, key=lambda y: (votes[y], y))
            doc.year_evidence = first[year]
    if year is None:
        year, dept = _year_from_part_headings(paragraphs, dept)
        if year is not None:
            doc.year_evidence = f"{year}年度部门决算（部分标题）"
    elif not dept:
        # the year said by a sentence (a news lead over the report: “…集中公开了2018年度部门决算”), the unit
        # by the part headings naming that year (“第二部分:梧州市统计局2018年度部门决算表”)
        heading_year, heading_dept = _year_from_part_headings(paragraphs, dept)
        dept = heading_dept if heading_year == year else dept
    if year is None:
        year = _year_from_table_captions(doc)
    if not dept and year is not None:
        dept = _run_in_title_unit(text[:_RUN_IN_TITLE_SPAN], year)
    if not dept:
        for rx in _DEPT_SENTENCES:
            m = rx.search(text)
            if m and unit_name(m.group(1)):
                dept = unit_name(m.group(1))
                break
    if not dept:
        heads = "\n".join(normalise(p.text)[0] for p in paragraphs[:400])  # the 目录 first
        m = _FIRST_PART_UNIT.search(heads)
        dept = unit_name(m.group(1)) if m else ""
    doc.year = year
    doc.department = dept


_CAPTION_AFTER_NOTE = re.compile(r"^.{12,}?[)）。](?=[^)）。]{4,40}[（(]20\d\d年度?[）)]$)")


def _year_from_table_captions(doc: Document) -> int | None:
    """The year of a form or table printed with its caption in its first cells (a page that is nothing but
    the table: “2017年医疗卫生计生机构收支决算总表(按功能分类)”, “部门预算项目支出绩效自评表(2023年度)”)."""
    for table in doc.tables[:2]:
        # the caption a reader took off as the table's title (a merged title row), then the first cells
        captions = [table.title] + [cell.text for row in table.rows[:8] for cell in row[:2]]
        for caption in captions:
            cand = normalise(caption.strip())[0]
            if not re.search(r"(表|报告)([（(].{0,12}[）)])?$", cand) or budget_only(cand):
                continue
            # a note run into the caption (“详情见附件(注:…以附件为准)部门预算项目支出绩效自评表
            # (2023年度)”) ends at its closing bracket or full stop: the caption is what follows
            cand = _CAPTION_AFTER_NOTE.sub("", cand)
            # “施甸县2016年“三公”经费决算情况统计表”: the unit before the year too
            for rx in (_TITLE_YEAR_FIRST, _TITLE_UNIT_FIRST, _TITLE_YEAR_AFTER):
                m = rx.match(cand)
                if m and not re.search(r"\d", m.group("dept")):
                    doc.title = doc.title or cand
                    doc.year_evidence = cand
                    return int(next(g for g in m.groups() if g and re.fullmatch(r"20\d\d", g)))
    return None


def _year_from_part_headings(paragraphs: list[Paragraph], dept: str) -> tuple[int | None, str]:
    """The year (and the unit, when none is known) named by the report's part headings, 目录 included
    (“第二部分 2021年度部门决算报表”): the year when they all name the same one, else None."""
    years: set[int] = set()
    names: list[str] = []
    for p in paragraphs[:400]:
        m = _PART_YEAR.match(normalise(p.text.strip())[0])
        if m:
            years.add(int(m.group(2)))
            names.append(unit_name(m.group("dept") or ""))
    if len(years) != 1:
        return None, dept
    return years.pop(), dept or next((n for n in names if n), "")


# --- template and attached tables ----------------------------------------------------------------------

SICHUAN_ONLY = frozenset({"gpb_detail", "gpb_project", "capital_exp", "fiscal_detail"})
_ATTACHED = re.compile(
    r"(?:报表|附表|决算表|表格|公开表)[^。；]{0,8}(?:详见|见)附件|附件下载|\.xlsx?(?![a-z])|附件[：:]\s*1[.、．]?\s*[^。]{0,30}表"
    r"|以附件形式|另行公开|附表[^。]{0,10}(?:附件|另附)"
)
_LISTED_TABLE = re.compile(
    r"^(?:附表\d*[：:]?|表?\d{1,2}[.、．:：-]?|[一二三四五六七八九十]{1,3}、)\s*(.{4,40}表)$"
)


def identify_template(doc: Document, paragraphs: list[Paragraph]) -> None:
    """The template, only from evidence: its characteristic table titles (present or listed) and parts.

    Sichuan's 13 tables include tables no other template has (明细表, 项目支出表, 国有资本经营预算财政拨款支出
    决算表); the MOF/Shanghai 9 tables are the common ones. Titles listed that belong to neither (another
    province's own tables) are counter-evidence. A word like "附表" proves nothing.
    """
    present = {t.kind: t.title for t in doc.tables if t.kind}
    listed: dict[str, str] = {}
    foreign: list[str] = []
    for p in paragraphs:
        t = p.text.strip()
        kind = table_kind(t)
        if kind:
            listed.setdefault(kind, t)
            continue
        m = _LISTED_TABLE.match("".join(t.split()))
        if m and (p.in_toc or p.part in ("appendix", "annex", "tables")) and "决算" in m.group(1):
            foreign.append(m.group(1))
    found = {**listed, **present}
    kinds = set(found) - {"perf_eval"}
    sichuan = kinds & SICHUAN_ONLY
    evidence = [found[k] for k in sorted(kinds)]
    if len(sichuan) >= 2 and len(kinds) >= 6 and len(foreign) <= 1:
        doc.template = "sichuan"
    elif not sichuan and len(kinds & set(SHANGHAI_KINDS)) >= 6 and len(foreign) <= 1:
        doc.template = "shanghai"
    else:
        doc.template = ""
    doc.template_evidence = evidence if doc.template else []
    if not present:
        text = "\n".join(p.text for p in paragraphs)
        m = _ATTACHED.search(text)
        if m:
            doc.tables_attached = True
            a = max(0, m.start() - 20)
            doc.attachment_evidence = re.sub(r"\s+", " ", text[a : m.end() + 20]).strip()


def _end_toc_at_restart(toc: list[Paragraph]) -> None:
    """Give back to the body the entries of ``toc`` from the last one numbered like its first entry (the
    body's first heading, listed under another title), when there is one after the first."""
    if not toc:
        return
    head = parse_numbering(simplified(toc[0].text))
    if head is None:
        return
    for k in range(len(toc) - 1, 0, -1):
        num = parse_numbering(simplified(toc[k].text))
        if num is not None and (num.level, num.style, num.number) == (head.level, head.style, head.number):
            for p in toc[k:]:
                p.in_toc = False
            del toc[k:]
            return


def set_aside_furniture(doc: Document) -> None:
    """Move the lines of the web page around the report (breadcrumb, fields, buttons, 上一篇 / 下一篇,
    相关链接, the site's notices: :mod:`juesuan.audit.furniture`) from ``doc.blocks`` to ``doc.furniture``.
    Furniture printed as rows of cells (a toolbar, a page's fields), read as a table, leaves ``doc.blocks``
    too; ``doc.furniture`` keeps paragraphs only (it is read for the template's evidence), so such a table
    is not kept there."""
    last = doc.blocks[-1] if doc.blocks else None
    at = footer_start(simplified(last.text)) if isinstance(last, Paragraph) else None
    if isinstance(last, Paragraph) and at is not None:
        # a page flattened to one line: the footer runs on from the report's last sentence
        doc.blocks[-1:] = [_cut(last, 0, at), _cut(last, at, len(last.text))]
    texts = [simplified(b.text) if isinstance(b, Paragraph) else None for b in doc.blocks]
    drop = {len(texts) - 1} if at is not None else set()
    drop |= {
        i
        for i in furniture_lines(texts)
        # a breadcrumb ending at the report's title (“…部门决算公开 2014年度平潭综合实验区东庠乡人民政府决算
        # 说明 时间：2015-11-11”) is kept for the title
        if not (is_breadcrumb(texts[i] or "") and any(report_title(t) for t in (texts[i] or "").split()))
    }
    # a toolbar or a page's fields printed as rows of cells (“简体 | 繁体 | 无障碍浏览 | 网站支持IPv6”,
    # “[ 发布机构 ] | … | [ 发布日期 ] | 2016-08-25 |”) are read as a table: furniture too, not the report's
    drop |= {
        i
        for i, b in enumerate(doc.blocks)
        if isinstance(b, Table)
        and b.rows
        and all(is_furniture(simplified(" | ".join(c.text for c in row))) for row in b.rows)
    }
    if not drop:
        return
    doc.furniture = [b for i, b in enumerate(doc.blocks) if i in drop and isinstance(b, Paragraph)]
    doc.blocks = [b for i, b in enumerate(doc.blocks) if i not in drop]


def analyse_structure(doc: Document) -> Document:
    """Headings, sections, parts, the 目录, title, year, department and template of ``doc`` (in place)."""
    set_aside_furniture(doc)
    split_run_in(doc)
    paragraphs = doc.paragraphs
    # --- the 目录: from a "目录" paragraph until its first entry comes again
    # (a mirror's traditional script: “目 錄”)
    toc_start = next(
        (
            i
            for i, p in enumerate(paragraphs[:80])
            if len(p.text) <= 40 and simplified_cell("".join(p.text.split())) in ("目录", "目次")
        ),
        None,
    )
    if toc_start is not None:
        first = None
        for p in paragraphs[toc_start + 1 :]:
            key = "".join(p.text.split())
            if not key:
                continue
            if first is None:
                first = key
                p.in_toc = True
                doc.toc.append(p)
                continue
            num = parse_numbering(key)
            again = num is not None and num.level == 0 and num.number == 1
            if key == first or again or len(key) > 60 or (first and key.startswith(first[:8])):
                break
            if key.endswith("。"):
                # a sentence is no entry of a 目录: the body has begun, at the last entry numbered like
                # the first (“一、部门主要职责” listed, “一、部门主要职能” in the body)
                _end_toc_at_restart(doc.toc)
                break
            p.in_toc = True
            doc.toc.append(p)
        paragraphs[toc_start].in_toc = True

    # --- title: leading paragraphs before the 目录 / first part / first numbered heading
    title_lines = []
    for p in paragraphs[:6]:
        if p.in_toc or _PART.match(p.text.strip()) or len(p.text) > 60 or parse_numbering(simplified(p.text)):
            break
        title_lines.append(p.text.strip())
    doc.title = "".join(title_lines)

    # a flat layout (一、…十一、 without 第X部分): each top-level section belongs to a part by its title
    flat = not any(
        (n := parse_numbering(simplified(p.text))) is not None and n.level == 0
        for p in paragraphs
        if not p.in_toc
    )

    # --- headings and sections
    stack: list[Heading] = []
    part = ""
    topic = ""
    l1_topic = ""
    for block in doc.blocks:
        if isinstance(block, Table):
            block.section = tuple(h.title for h in stack)
            block.part = part
            continue
        par = block
        if par.in_toc:
            continue
        # headings as the facts read them: in simplified characters, without a mirror's pinyin
        text = unglossed(simplified(par.text))[0]
        num = parse_numbering(text)
        if num is not None and num.level == 0 and not num.title:
            num = replace(num, title=_neighbour_title(paragraphs, par))
        par.numbering = num
        if num is not None and _is_heading(par, num):
            par.heading = num
            while stack and stack[-1].level >= num.level:
                stack.pop()
            stack.append(num)
            if num.level == 0:
                part = part_key(num.title)
                topic = ""
            elif num.level == 1 and flat and part != "annex":
                part = _flat_part(num.title)
                topic = l1_topic = topic_key(num.title) if part == "explanation" else ""
            elif num.level == 1 and part in ("explanation", "", "part"):
                topic = l1_topic = topic_key(num.title) or topic
            elif num.level == 2 and flat and part == "explanation" and not l1_topic:
                topic = topic_key(num.title) or topic  # 二、单位决算情况说明 / (一)收入支出决算总体情况说明
            elif num.level == 2 and part == "explanation" and l1_topic == "s1":
                # Beijing: “二、收入支出决算总体情况说明” / “(一)收入决算说明” / “(二)支出决算说明”
                topic = topic_key(num.title) or l1_topic
        elif num is None and _ANNEX.search(text.strip()) and len(text.strip()) <= 40:
            part = "annex"  # an attached report: 部门整体绩效评价报告, 项目绩效评价报告, 自评表
            topic = ""
            stack = []
        elif num is None and not stack and re.search(r"20\d\d\s*年度\s*部门决算(表|情况说明)", text):
            # Shanghai: "上海市XX局2024年度部门决算表" opens part 2 without "第二部分"
            part = "tables" if text.strip().endswith("表") else "explanation"
        elif num is None and re.search(r"20\d\d\s*年度\s*部门决算表\s*$", text.strip()) and len(text) < 60:
            part = "tables"
            stack = []
        par.section = tuple(h.title for h in stack)
        par.part = part
        par.topic = topic if part in ("explanation", "", "part") else ""

    # --- year and department
    title = doc.title
    read_title(doc, paragraphs)
    if not doc.title:
        doc.title = title
    # --- template
    for t in doc.tables:
        if not t.kind:
            t.kind = table_kind(t.title)
    # an attachment list in a flattened page's footer still says the tables are attached
    identify_template(doc, [*paragraphs, *doc.furniture])
    doc.ends_abruptly = ends_abruptly(doc)
    doc.stops_early = stops_early(doc)
    return doc


_SENTENCE_END = tuple("。！？!?")
_PROSE_MARK = re.compile(r"[，。；：,;:！？!?]")
# a unit that opens a line, closed by a punctuation mark (“万元,同比增长3%。”; not “元旦期间…”)
_UNIT_OPENING = re.compile(r"^(?:万元|亿元|元|%|％|人|名|个|辆|台|套)(?=[，,。；;、）)]|$)")
#: a bracket opened and not closed at the end of a paragraph (“…其中行政运行（科目编码:”)
_ENDS_IN_A_BRACKET = re.compile(r"[（(][^（）()]*$")
_YUAN_OPENING = re.compile(r"^元(?=[，,。；;、）)]|$)")
_OPENS_WITH_PATH = re.compile(r"^[^，。；：,;:！？!?]{2,30}?[（(][类款项][）)]")


def _may_join(prev: Paragraph, par: Paragraph) -> bool:
    """What both readings of a line going on with the one before ask first: neither is a heading, nor in the
    目录 or a chart, ``par`` is not numbered, and both are in the same part and section."""
    if prev.heading is not None or par.heading is not None or par.numbering is not None:
        return False
    if prev.in_toc or par.in_toc or prev.is_chart or par.is_chart:
        return False
    return (prev.part, prev.section) == (par.part, par.section)


def _broken_from_its_unit(prev: Paragraph, par: Paragraph, text: str) -> bool:
    """An amount or count broken from its unit at the end of a line: “…与去年同期相比增加1186.67” / “万元,同比
    增长3%。”, “…离休人员0” / “人,退休人员81人;”, “…拨款支出1023.52万” / “元，比2015年…” — also after a run-in
    heading's line (“(一)一般公共预算。收入:…收入完成214,304” / “万元,为预算的101.7%,…”): no heading ends in a
    figure whose unit opens the next line."""
    if par.heading is not None or par.numbering is not None or prev.in_toc or par.in_toc:
        return False
    if prev.is_chart or par.is_chart:
        return False
    end = prev.text.rstrip()
    return bool(
        (_UNIT_OPENING.match(text) and re.search(r"\d$", end))
        or (_YUAN_OPENING.match(text) and re.search(r"\d[万亿]$", end))
    )


def _continues(prev: Block, par: Block) -> bool:
    """Whether ``par`` goes on with the text of ``prev``: both prose of the same section, ``prev`` ends a
    sentence, and ``par`` is neither numbered nor a heading nor a title (a short line without punctuation)."""
    if not isinstance(prev, Paragraph) or not isinstance(par, Paragraph):
        return False
    text = par.text.strip()
    if _broken_from_its_unit(prev, par, text):
        return True
    if not _may_join(prev, par):
        return False
    if prev.text.rstrip().endswith(("，", ",")) and text and not _OPENS_WITH_PATH.match(text):
        return True  # one sentence broken after a comma (“…与 2016 年决算数相比,” / “减少 51.48 元,…”)
    if text and _ENDS_IN_A_BRACKET.search(prev.text) and re.match(r"[^（(]*[）)]", text):
        # a paragraph stopped inside a bracket the next one closes (“…其中行政运行（科目编码:” /
        # “2010601）35.41 万元，…”: a printed page broke the line there)
        return True
    if not prev.text.rstrip().endswith(_SENTENCE_END):
        return False
    if _OPENS_WITH_PATH.match(text):
        return False  # an item of its own, like a numbered one: “一般公共服务(类)…(款)…(项):支出决算为…”
    return bool(text) and (len(text) > 40 or bool(_PROSE_MARK.search(text))) and not table_kind(text)


# a line that stops inside a sentence: on a character or a digit, or after a clause mark
_OPEN_END = re.compile(r"[\u4e00-\u9fff\d，,、]$")
_THOUSANDS_SEP = re.compile(r",(?<=\d,)(?=\d{3})")  # (the digit before looked behind from after the comma:
# a pattern opening on its literal is tried only where the literal is)


def _is_prose(text: str) -> bool:
    """A line with a punctuation mark other than a thousands separator (“4,753.66万元” is a figure)."""
    return bool(_PROSE_MARK.search(_THOUSANDS_SEP.sub("", text)))


def _wrapped_layout(blocks: list[Block]) -> int:
    """The width of the page's lines when the text keeps the line breaks of a printed page (copied from a
    PDF: “(一)本单位2021年度总收入581.45万元,其中本年收” / “入390.55万元,较2020年度决算数减少175.26万元,
    下降31%。”): at least three lines of prose, and a third of them, stop inside a sentence; else 0."""
    prose = [
        b
        for b in blocks
        if isinstance(b, Paragraph) and not b.in_toc and not b.is_chart and _is_prose(b.text)
    ]
    stopped = [len(b.text.strip()) for b in prose if _OPEN_END.search(b.text.rstrip())]
    width = sorted(stopped)[len(stopped) // 2] if stopped else 0
    if len(stopped) >= 3 and len(stopped) * 3 >= len(prose):
        return width
    # the lines a page broke are all of its width (46, 44, 43, 40, 40 characters): with four or more of them,
    # a quarter of the prose is enough (a sentence a line adds short lines that end their sentence)
    wrapped = len(stopped) >= 4 and len(stopped) * 4 >= len(prose) and min(stopped) * 1.2 >= max(stopped)
    if wrapped:
        return width
    # only the long paragraphs broken (a text of short items, its few long paragraphs at a page's width):
    # three lines or more of prose stopped inside a sentence at one width (within two characters)
    wide = [n for n in stopped if n >= _PAGE_WIDTH]
    best = max(wide, key=lambda n: sum(abs(m - n) <= 2 for m in wide), default=0)
    return best if best and sum(abs(m - best) <= 2 for m in wide) >= 3 else 0


#: where a page's line break may fall inside a sentence: besides ``_OPEN_END``, after a clause's end, a
#: colon, a percent sign or a closing bracket or quote (“…增长12.47%;” / “公务接待费支出决算减少…”)
_WRAPPED_END = re.compile(r"[\u4e00-\u9fff\d，,、；;：:%％）)”]$")


_PAGE_WIDTH = 28


def _goes_on(prev: Paragraph, par: Paragraph, width: int, line: str) -> bool:
    """In a text with the page's line breaks (:func:`_wrapped_layout`, lines of ``width`` characters):
    ``par`` goes on with the sentence ``prev`` (whose last line as printed is ``line``) stopped inside,
    when ``prev`` is prose (or a line of the page's full width, punctuation or not: “安徽省寿县文物保护中心
    2023年度一般公共预算财政拨款“三公”经费支出预” / “算为3万元,…”) and ``par`` opens no heading, numbering,
    path or table — unless a full line stopped inside a word (“…卫生健康(类)支出53.1万元,占0.03%;资源” /
    “勘探工业信息(类)支出2,500万元,…”): the next line goes on with it, whatever it opens with."""
    if not _may_join(prev, par):
        return False
    last = line.strip()
    # (a page is 28 characters wide at least: shorter “widths” are of headings that end without a mark)
    full_width = width >= _PAGE_WIDTH and len(last) >= width * 0.9
    if not (_is_prose(prev.text) or full_width) or not _WRAPPED_END.search(last):
        return False
    if width >= _PAGE_WIDTH and len(last) < width * 0.6:
        # a line well short of the page's width ended its paragraph (“其中,公务用车购置费 232万元”)
        return False
    text = par.text.strip()
    inside_a_word = full_width and _CJK_END.search(last) is not None
    return bool(text) and (inside_a_word or not _OPENS_WITH_PATH.match(text)) and not table_kind(text)


_CJK_END = re.compile(r"[\u4e00-\u9fff]$")


def _new_sentence_wrapped(prev: Paragraph, par: Paragraph, width: int) -> bool:
    """In a text with the page's line breaks: after a finished sentence, a line of the page's full width
    that stops inside a sentence is prose going on with the paragraph, marks or not (“…比上年增长49.73%。” /
    “公务用车购置增长的原因主要是政法部门及城管等执法部门增加执法车辆和其他”): no heading runs to the page's
    edge and on into the next line."""
    if width < _PAGE_WIDTH or not _may_join(prev, par) or not prev.text.rstrip().endswith(_SENTENCE_END):
        return False
    text = par.text.strip()
    return (
        len(text) >= width * 0.9
        and _OPEN_END.search(text) is not None
        and not _OPENS_WITH_PATH.match(text)
        and not table_kind(text)
    )


def join_continued(blocks: list[Block]) -> list[Paragraph]:
    """The paragraphs as the figures are read: each stretch of prose joined into one paragraph (what
    follows a finished sentence without a heading or a numbering of its own goes on with the same one).
    A text laid out a sentence a line, a paragraph a line or flattened to one line is then read in the
    same paragraphs: the items of a numbered paragraph, a total and the changes stated in the next
    sentence stay together, wherever the lines break. The document's own paragraphs (what the structure
    and residue checks read, line by line) are left as they are; a joined paragraph is a new one."""
    out: list[Paragraph] = []
    prev: Block | None = None
    line = ""  # the last line joined, as printed
    wrapped = _wrapped_layout(blocks)
    for par in blocks:
        if (
            isinstance(prev, Paragraph)
            and isinstance(par, Paragraph)
            and (
                _continues(out[-1], par)
                or (
                    wrapped
                    and (
                        _goes_on(out[-1], par, wrapped, line) or _new_sentence_wrapped(out[-1], par, wrapped)
                    )
                )
            )
        ):
            line = par.text
            last = out[-1]
            text = last.text.rstrip()
            lead = len(par.text) - len(par.text.lstrip())
            spans = [*last.spans, *((len(text) + max(0, s - lead), w) for s, w in par.spans)]
            out[-1] = Paragraph(
                last.index,
                text + par.text.strip(),
                spans,
                last.heading,
                last.numbering,
                last.section,
                last.part,
                last.topic,
            )
            continue
        prev = par
        line = par.text if isinstance(par, Paragraph) else ""
        if isinstance(par, Paragraph):
            out.append(par)
    return out


_CLOSED = tuple("。！？!?；;…”’」』)）】.")
# the end of a web page around a report: attachments, source, site identification, buttons
_FURNITURE = re.compile(
    r"\.(xlsx?|docx?|pdf|wps|et)\b|附件下载|来源[：:]|网站标识码|技术支持|版权所有|ICP备|打印|关闭|分享|发布时间|浏览"
)


_ATTACHMENT_LINE = re.compile(
    r"^\s*附件\s*\d*\s*[：:]?\s*$|\.(?:xlsx?|docx?|pdf|wps|et|rar|zip)\s*$", re.IGNORECASE
)


def attachment_line(text: str) -> bool:
    """Whether ``text`` is a line of an attachment list: its heading “附件：” or a file's name."""
    return bool(_ATTACHMENT_LINE.search(text))


def stops_early(doc: Document) -> bool:
    """Whether the body ends within the first of three or more parts that its 目录 lists: a page cut
    short after its opening (“第一部分 关市镇人民政府概况” and its duties, the 目录 listing 第二 to
    第五部分), even where its last sentence is whole; or the text ends in its 目录, with no body after it
    (a cover and a 目录 whose part lines may have lost their “第X”: “部分  2020年度部门决算表”)."""
    if doc.toc and _ends_in_toc(doc):
        return True
    listed: list[str] = []
    for p in doc.toc:
        num = parse_numbering(simplified(p.text))
        if num is not None and num.level == 0 and (key := part_key(num.title)) not in listed:
            listed.append(key)
    if len(listed) < 3:
        return False
    reached = {b.part for b in doc.blocks if not (isinstance(b, Paragraph) and b.in_toc) and b.part}
    return reached == {listed[0]}


def _ends_in_toc(doc: Document) -> bool:
    """Whether the last block with text is a line of the 目录 (the page's furniture aside)."""
    for block in reversed(doc.blocks):
        if isinstance(block, Paragraph):
            if block.in_toc:
                return True
            if block.text.strip():
                return False
        else:
            return False
    return False


def _row_cut_short(table: Table) -> bool:
    """Whether a table printed as text lines ends in a row shorter than all the rows before it (at least
    three of them of one width)."""
    widths = [sum(1 for c in row if c.span) for row in table.rows]
    if len(widths) < 4:
        return False
    before = widths[:-1]
    usual = max(set(before), key=before.count)
    return before.count(usual) >= 3 and widths[-1] < usual and widths[-1] < min(before[-2:])


def _report_blocks(doc: Document) -> list[Paragraph | Table]:
    """The blocks of the report with text, up to its end: an attachment list under the report (“附件：”,
    “1.2019年部门决算公开表.xls”) is the page's, not the report's end, which comes before it."""
    blocks = [b for b in doc.blocks if not isinstance(b, Paragraph) or b.text.strip()]
    while len(blocks) > 1 and isinstance(blocks[-1], Paragraph) and attachment_line(blocks[-1].text):
        blocks.pop()
    return blocks


def last_report_block(doc: Document) -> Paragraph | Table | None:
    """The report's last block with text (a table, or a paragraph above the page's attachment list)."""
    blocks = _report_blocks(doc)
    return blocks[-1] if blocks else None


def ends_abruptly(doc: Document) -> bool:
    """Whether the text stops in the middle of a sentence: its last block is a paragraph of prose without
    closing punctuation, or a numbered heading with nothing under it (not a table, a table's title or a
    line of web-page furniture: attachments, source, site identification)."""
    blocks = _report_blocks(doc)
    last = blocks[-1] if blocks else None
    if isinstance(last, Table) and doc.format == "txt" and _row_cut_short(last):
        # “二、政府性基金预算财政拨款收入 | 2 | 0.00 | 二、外交支出 | 28”: the page cut inside a row
        return True
    if not isinstance(last, Paragraph) or last.in_toc or last.is_chart:
        return False
    text = last.text.strip().rstrip(" ·•")
    if len(blocks) > 1 and isinstance(blocks[-2], Table) and len(text) <= 20 and not text.endswith(_CLOSED):
        return True  # a table's last cell cut short (“十二、农林水支出 |” then “4”)
    # (in the last sentence only: a page flattened to one line holds its header's fields far before)
    tail = re.split(r"[。！？]", text)[-1] or text
    if _FURNITURE.search(tail) or table_kind(tail) or text.endswith(("表", "附件", "附表")):
        return False
    if re.fullmatch(r"20\d\d\s*年\s*\d{1,2}\s*月(\s*\d{1,2}\s*日)?", text):  # the date signing the report
        return False
    if last.heading is not None and len(text) <= 60:
        # a heading with nothing under it, a part's too (“第二部分龙”: the page cut inside the part's title; a
        # last part of tables published apart ends in 表 or 附件 and was set aside above)
        return True
    # “…,增长2.”: a full stop after a digit is a decimal point, the figure cut there
    closed = text.endswith(_CLOSED) and not re.search(r"\d\.$", text)
    return bool(re.search(r"[\u4e00-\u9fff]", text)) and not closed
