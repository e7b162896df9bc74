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
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

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
    "cn_number",
    "read_document",
    "table_kind",
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


@dataclass
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


@dataclass
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
    template: str = ""  # "sichuan" (13 tables) | "shanghai" (9 tables, MOF style) | ""
    toc: list[Paragraph] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)  # what the reader noticed (for A033 and the like)
    damage: Damage | None = None  # set when the file could be read only in part

    def unread_note(self) -> str:
        """For findings about something not found: why it may be in the part that could not be read."""
        if self.damage is None:
            return ""
        return f"（文件仅读出{self.damage.read_zh()}，该内容可能在未能读取的部分）"

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
    t = re.sub(r"\s+", "", text)
    t = re.sub(r"^(附表\d*[：:]?|表\d+[：:.、]?)", "", t)
    t = re.sub(r"^([一二三四五六七八九十]{1,3}|\d{1,2})[、.．]", "", t)
    t = t.replace("“三公”", "“三公”").replace('"三公"', "“三公”").replace("”三公“", "“三公”")
    t = re.sub(r"[“\"]三公[”\"]", "“三公”", t)
    return t.translate(_QUOTES)


@lru_cache(maxsize=4096)
def table_kind(title: str) -> str:
    """The standard kind of a table from its title ("" when it is not a standard table)."""
    t = norm_title(title)
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
_L1 = re.compile(r"^([一二三四五六七八九十]{1,3})([、．.])\s*(.*)$")
_L2 = re.compile(r"^[（(]([一二三四五六七八九十]{1,3})[）)]\s*(.*)$")
_L3 = re.compile(r"^(\d{1,2})([、．.](?!\d)|\s+(?=\D))\s*(.*)$")
_L4 = re.compile(r"^[（(](\d{1,2})[）)]\s*(.*)$")


def parse_numbering(text: str) -> Heading | None:
    """The list numbering at the start of a paragraph (and its title), or None."""
    t = text.strip()
    m = _PART.match(t)
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
    ("附表", "appendix"),
    ("附件", "annex"),
    ("概况", "overview"),
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


def _is_heading(par: Paragraph, num: Heading) -> bool:
    if num.level == 0:
        return True
    body = num.title
    if num.level in (1, 2):
        # a heading is short; "（一）评价目的。通过…" is a heading with its text run in
        head = body.split("。")[0]
        return len(head) <= 30 and not re.search(r"[：:，,；;、]", head)
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


def analyse_structure(doc: Document) -> Document:
    """Headings, sections, parts, the 目录, title, year, department and template of ``doc`` (in place)."""
    paragraphs = doc.paragraphs
    # --- the 目录: from a "目录" paragraph until its first entry comes again
    toc_start = next(
        (i for i, p in enumerate(paragraphs[:80]) if re.sub(r"\s+", "", p.text) in ("目录", "目次")), None
    )
    if toc_start is not None:
        first = None
        for p in paragraphs[toc_start + 1 :]:
            key = re.sub(r"\s+", "", p.text)
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
            p.in_toc = True
            doc.toc.append(p)
        paragraphs[toc_start].in_toc = True

    # --- title: leading paragraphs before the 目录 / first part
    title_lines = []
    for p in paragraphs[:6]:
        if p.in_toc or _PART.match(p.text.strip()) or len(p.text) > 60:
            break
        title_lines.append(p.text.strip())
    doc.title = "".join(title_lines)

    # --- headings and sections
    stack: list[Heading] = []
    part = ""
    topic = ""
    for block in doc.blocks:
        if isinstance(block, Table):
            block.section = tuple(h.title for h in stack)
            block.part = part
            continue
        par = block
        if par.in_toc:
            continue
        num = parse_numbering(par.text)
        if num is not None and num.level == 0 and not num.title:
            num.title = _neighbour_title(paragraphs, par)
        par.numbering = num
        if num is not None and _is_heading(par, num):
            par.heading = num
            while stack and stack[-1].level >= num.level:
                stack.pop()
            stack.append(num)
            if num.level == 0:
                part = part_key(num.title)
                topic = ""
            elif num.level == 1 and part in ("explanation", "", "part"):
                topic = topic_key(num.title) or topic
        elif num is None and _ANNEX.search(par.text.strip()) and len(par.text.strip()) <= 40:
            part = "annex"  # an attached report: 部门整体绩效评价报告, 项目绩效评价报告, 自评表
            topic = ""
            stack = []
        elif num is None and not stack and re.search(r"20\d\d\s*年度\s*部门决算(表|情况说明)", par.text):
            # Shanghai: "上海市XX局2024年度部门决算表" opens part 2 without "第二部分"
            part = "tables" if par.text.strip().endswith("表") else "explanation"
        elif (
            num is None
            and re.search(r"20\d\d\s*年度\s*部门决算表\s*$", par.text.strip())
            and len(par.text) < 60
        ):
            part = "tables"
            stack = []
        par.section = tuple(h.title for h in stack)
        par.part = part
        par.topic = topic if part in ("explanation", "", "part") else ""

    # --- year and department
    text = "\n".join(p.text for p in paragraphs[:400])
    years = Counter(int(y) for y in re.findall(r"(20\d\d)\s*年度", doc.title or ""))
    if not years:
        years = Counter(int(y) for y in re.findall(r"(20\d\d)\s*年度\s*部门决算", text))
    if not years:
        years = Counter(int(y) for y in re.findall(r"(20\d\d)\s*年度", text))
    doc.year = years.most_common(1)[0][0] if years else None
    m = re.search(r"^(.+?)\s*20\d\d\s*年度?\s*部门决算", re.sub(r"\s+", "", doc.title or ""))
    if m:
        doc.department = m.group(1)
    else:
        m = re.search(r"纳入(.{2,40}?)\s*20\d\d\s*年度\s*部门决算编制范围", re.sub(r"\s+", "", text))
        if m:
            doc.department = m.group(1)
    # --- template
    kinds = {t.kind for t in doc.tables}
    toc_titles = {table_kind(p.text) for p in paragraphs if table_kind(p.text)}
    all_kinds = kinds | toc_titles
    if all_kinds & {"gpb_detail", "gpb_project", "capital_exp", "fiscal_detail"} or "附表" in text:
        doc.template = "sichuan"
    elif all_kinds:
        doc.template = "shanghai"
    for t in doc.tables:
        if not t.kind:
            t.kind = table_kind(t.title)
    return doc


def read_document(path: str | Path) -> Document:
    """Read a published report (by suffix, with a look at the first bytes), then analyse its structure.

    Raises ``ReadError`` when the file cannot be read at all (missing, empty, not the format its name
    says, encrypted).
    """
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError("unreadable", exc.strerror or str(exc)) from None
    if not p.stat().st_size:
        raise ReadError("empty")
    suffix = p.suffix.lower()
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        from juesuan.audit.read_pdf import read_pdf

        doc = read_pdf(p)
    elif suffix == ".docx" or head.startswith(b"PK"):
        from juesuan.audit.read_docx import read_docx

        doc = read_docx(p)
    else:
        from juesuan.audit.read_txt import read_txt

        doc = read_txt(p)
    return analyse_structure(doc)
