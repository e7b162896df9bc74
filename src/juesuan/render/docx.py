"""Render the view model as a Word document (.docx) ready to publish: GB/T 9704 body typography, a TOC field,
page numbers, the appendix tables and the project self-evaluation forms as real Word tables, and the
charts as PNG images.

Layout decisions (none of them adds text; every word comes from the view model):

- A4 portrait, margins 3.7 / 3.5 / 2.8 / 2.6 cm (top / bottom / left / right), 22 lines of 28 pt; body
  仿宋_GB2312 16 pt, first-line indent 2 characters; title 方正小标宋简体 22 pt; headings are Word's own
  Heading 1–4 styles, restyled (黑体 / 黑体 / 楷体_GB2312 / 仿宋_GB2312 bold), so that the TOC field works.
- The title gets a cover page; the ``toc`` block starts the next page with a Word TOC field (levels 1–2)
  whose cached entries link to bookmarks on the headings and carry PAGEREF fields, and ``w:updateFields``
  asks Word / WPS to refresh it on opening. The front matter (cover and table of contents) is a section
  without page numbers; the body is numbered from 1 in the footer ("— 1 —", 宋体 14 pt, odd pages right
  and even pages left, one character in from the edge).
- Each table starts a new page with its heading; tables of 7 or more columns get a landscape section (not
  the self-evaluation forms, which are portrait forms). Header rows repeat on every page, rows never
  split, amounts are right-aligned as ``juesuan.render.cells.cell_text`` formats them.
- Output is deterministic: fixed core properties and zip timestamps derived from the dataset.

The document is assembled as WordprocessingML text and parsed once (python-docx supplies the package,
image parts and footers): building thousands of table cells through python-docx's object API is slow.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from xml.sax.saxutils import escape

import docx
from docx.document import Document
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.oxml import parse_xml
from docx.oxml.ns import nsdecls, qn

from juesuan import __version__
from juesuan.charts import Chart
from juesuan.render.cells import cell_align, cell_text, table_extents, text_em
from juesuan.tables import Cell, PlacedCell, Table
from juesuan.viewmodel import ReportView, labels

__all__ = ["render_docx"]

# --------------------------------------------------------------------------- fonts and measures

LATIN = "Times New Roman"
FANGSONG = "仿宋_GB2312"
XIAOBIAOSONG = "方正小标宋简体"
HEITI = "黑体"
KAITI = "楷体_GB2312"
SONGTI = "宋体"
#: Substitutes Word may use where a font is missing (fontTable altName), with the GB2312 charset.
FONT_FALLBACKS = {FANGSONG: "仿宋", KAITI: "楷体", XIAOBIAOSONG: "宋体", HEITI: "SimHei", SONGTI: "SimSun"}

TOC_FIELD = ' TOC \\o "1-2" \\h \\z \\u '
PAGEREF = " PAGEREF {} \\h "

CHART_DPI = 200
TWIPS_PER_CM = 1440 / 2.54
EMU_PER_TWIP = 635

PAGE_SHORT, PAGE_LONG = 11906, 16838  # A4 in twips


def _cm(value: float) -> int:
    return round(value * TWIPS_PER_CM)


@dataclass(frozen=True, slots=True)
class PageSetup:
    width: int
    height: int
    top: int
    bottom: int
    left: int
    right: int
    footer: int  # distance from the page edge to the bottom of the footer
    landscape: bool

    @property
    def text_width(self) -> int:
        return self.width - self.left - self.right


PORTRAIT = PageSetup(PAGE_SHORT, PAGE_LONG, _cm(3.7), _cm(3.5), _cm(2.8), _cm(2.6), _cm(2.2), False)
# The portrait type area turned by a quarter: the text block is 22.5 × 15.6 cm.
LANDSCAPE = PageSetup(PAGE_LONG, PAGE_SHORT, _cm(2.8), _cm(2.6), _cm(3.7), _cm(3.5), _cm(1.3), True)

BODY_PT = 16
LINE_TWIPS = 560  # 28 pt, exact
TABLE_PT = 10
TABLE_SMALL_PT = 9
WIDE_TABLE_COLUMNS = 7
CELL_MARGIN = 57  # twips, left and right (1 mm)
#: Self-evaluation form column widths (cm, portrait text width): indicator levels 1/2/3, target, actual,
#: weight, score, reason for deductions.
EVALUATION_WIDTHS_CM = (1.9, 2.5, 2.8, 1.8, 1.8, 1.5, 1.1, 2.2)

_INVALID_XML = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
_YEAR = re.compile(r"\d{4}")

# --------------------------------------------------------------------------- XML snippets


def _esc(text: str) -> str:
    return escape(_INVALID_XML.sub("", text))


def _attr(text: str) -> str:
    return escape(_INVALID_XML.sub("", text), {'"': "&quot;"})


@cache
def _fonts(east_asia: str, latin: str = LATIN) -> str:
    """``w:rFonts`` naming the Latin and the East-Asian font (ambiguous characters such as curly quotes and
    dashes go to the East-Asian font, as when typed with a Chinese input method)."""
    return (
        f'<w:rFonts w:ascii="{latin}" w:hAnsi="{latin}" w:eastAsia="{east_asia}" w:cs="{latin}"'
        ' w:hint="eastAsia"/>'
    )


def _half_points(pt: float) -> str:
    v = round(pt * 2)
    return f'<w:sz w:val="{v}"/><w:szCs w:val="{v}"/>'


def _bold(on: bool) -> str:
    return "<w:b/><w:bCs/>" if on else '<w:b w:val="0"/><w:bCs w:val="0"/>'


def _indent(first_chars: float, size_pt: float, left_twips: int = 0) -> str:
    """First-line indent in characters (``firstLineChars`` wins in Word and WPS; twips for the rest)."""
    first = round(first_chars * size_pt * 20)
    left = f' w:left="{left_twips}"' if left_twips else ' w:left="0"'
    return f'<w:ind{left} w:firstLineChars="{round(first_chars * 100)}" w:firstLine="{first}"/>'


def _spacing(line: int | None = None, before: int = 0, after: int = 0) -> str:
    rule = f' w:line="{line}" w:lineRule="exact"' if line else ' w:line="240" w:lineRule="auto"'
    return f'<w:spacing w:before="{before}" w:after="{after}"{rule}/>'


def _run(text: str, rpr: str = "") -> str:
    """A run; tabs and line breaks in the text become ``w:tab`` / ``w:br``."""
    parts = []
    for i, line in enumerate(text.split("\n")):
        if i:
            parts.append("<w:br/>")
        for j, chunk in enumerate(line.split("\t")):
            if j:
                parts.append("<w:tab/>")
            if chunk:
                parts.append(f'<w:t xml:space="preserve">{_esc(chunk)}</w:t>')
    return f"<w:r><w:rPr>{rpr}</w:rPr>{''.join(parts)}</w:r>"


def _field(instruction: str, cached: str, rpr: str) -> str:
    """A complex field (begin / instruction / separate / cached result / end)."""
    return (
        f'<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:rPr>{rpr}</w:rPr><w:instrText xml:space="preserve">{_esc(instruction)}</w:instrText></w:r>'
        f'<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
        f"{_run(cached, rpr)}"
        f'<w:r><w:rPr>{rpr}</w:rPr><w:fldChar w:fldCharType="end"/></w:r>'
    )


def _para(style: str, content: str, ppr: str = "", page_break: bool = False) -> str:
    """A paragraph; its ``w:pPr`` always comes first and is closed by the first ``</w:pPr>``."""
    pbb = "<w:pageBreakBefore/>" if page_break else ""
    return f'<w:p><w:pPr><w:pStyle w:val="{style}"/>{pbb}{ppr}</w:pPr>{content}</w:p>'


def _sect_pr(page: PageSetup, restart_numbering: bool) -> str:
    orient = ' w:orient="landscape"' if page.landscape else ""
    numbering = '<w:pgNumType w:fmt="decimal" w:start="1"/>' if restart_numbering else ""
    return (
        '<w:sectPr><w:type w:val="nextPage"/>'
        f'<w:pgSz w:w="{page.width}" w:h="{page.height}"{orient}/>'
        f'<w:pgMar w:top="{page.top}" w:right="{page.right}" w:bottom="{page.bottom}" w:left="{page.left}"'
        f' w:header="851" w:footer="{page.footer}" w:gutter="0"/>'
        f'{numbering}<w:cols w:space="425"/><w:docGrid w:linePitch="312"/></w:sectPr>'
    )


# --------------------------------------------------------------------------- styles

# Run properties by role: (East-Asian font, Latin font, size in pt, bold).
_ROLES = {
    "body": (FANGSONG, LATIN, BODY_PT, False),
    "title": (XIAOBIAOSONG, LATIN, 22, False),
    "h1": (HEITI, LATIN, BODY_PT, False),
    "h2": (HEITI, LATIN, BODY_PT, False),
    "h3": (KAITI, LATIN, BODY_PT, False),
    "h4": (FANGSONG, LATIN, BODY_PT, True),
    "toc1": (HEITI, LATIN, BODY_PT, False),
    "table_title": (HEITI, LATIN, 14, False),
    "table": (SONGTI, LATIN, TABLE_PT, False),
    "table_meta": (SONGTI, LATIN, 10.5, False),
    "footer": (SONGTI, SONGTI, 14, False),
}


@cache
def _rpr(role: str, bold: bool | None = None) -> str:
    """Run properties repeated on every run: both font names (WPS does not always follow the style)."""
    east, latin, _size, style_bold = _ROLES[role]
    b = "<w:b/><w:bCs/>" if (bold if bold is not None else style_bold) else ""
    return _fonts(east, latin) + b


def _style_rpr(role: str) -> str:
    east, latin, size, bold = _ROLES[role]
    return f"<w:rPr>{_fonts(east, latin)}{_bold(bold)}{_half_points(size)}</w:rPr>"


_DEFAULT_ATTR = ' w:default="1"'
_NO_INDENT = '<w:ind w:left="0" w:right="0" w:firstLineChars="0" w:firstLine="0"/>'


def _style(
    style_id: str,
    name: str,
    ppr: str,
    rpr: str,
    *,
    based_on: str | None = "Normal",
    next_style: str | None = "Normal",
    extra: str = "",
    default: bool = False,
) -> str:
    return (
        f'<w:style w:type="paragraph" w:styleId="{style_id}"{_DEFAULT_ATTR if default else ""}>'
        f'<w:name w:val="{name}"/>'
        + (f'<w:basedOn w:val="{based_on}"/>' if based_on else "")
        + (f'<w:next w:val="{next_style}"/>' if next_style else "")
        + f"{extra}<w:pPr>{ppr}</w:pPr>{rpr}</w:style>"
    )


def _styles(text_width: int) -> list[str]:
    no_indent = _indent(0, BODY_PT)
    body_indent = _indent(2, BODY_PT)
    exact = _spacing(LINE_TWIPS)
    single = _spacing()
    heading = '<w:uiPriority w:val="9"/><w:qFormat/>'
    toc = '<w:uiPriority w:val="39"/><w:unhideWhenUsed/>'
    dot_tab = f'<w:tabs><w:tab w:val="right" w:leader="dot" w:pos="{text_width}"/></w:tabs>'
    return [
        _style(
            "Normal",
            "Normal",
            f'<w:widowControl w:val="0"/>{exact}{body_indent}<w:jc w:val="both"/>',
            _style_rpr("body"),
            based_on=None,
            next_style=None,
            extra="<w:qFormat/>",
            default=True,
        ),
        _style(
            "Title",
            "Title",
            f'<w:keepNext/>{_spacing(720)}{no_indent}<w:jc w:val="center"/><w:outlineLvl w:val="9"/>',
            _style_rpr("title"),
            extra='<w:uiPriority w:val="10"/><w:qFormat/>',
        ),
        _style(
            "Heading1",
            "heading 1",
            f"<w:keepNext/><w:keepLines/>{_spacing(LINE_TWIPS, after=280)}{no_indent}"
            '<w:jc w:val="center"/><w:outlineLvl w:val="0"/>',
            _style_rpr("h1"),
            extra=heading,
        ),
        *(
            _style(
                f"Heading{level}",
                f"heading {level}",
                f'<w:keepNext/><w:keepLines/>{exact}{body_indent}<w:jc w:val="both"/>'
                f'<w:outlineLvl w:val="{level - 1}"/>',
                _style_rpr(f"h{level}"),
                extra=heading,
            )
            for level in (2, 3, 4)
        ),
        _style(
            "TOCHeading",
            "TOC Heading",
            f'<w:keepNext/>{_spacing(LINE_TWIPS, after=280)}{no_indent}<w:jc w:val="center"/>'
            '<w:outlineLvl w:val="9"/>',
            _style_rpr("h1"),
            extra=toc + "<w:qFormat/>",
        ),
        _style(
            "TOC1",
            "toc 1",
            f'{dot_tab}{exact}{no_indent}<w:jc w:val="left"/>',
            _style_rpr("toc1"),
            extra=toc,
        ),
        _style(
            "TOC2",
            "toc 2",
            f'{dot_tab}{exact}{_indent(0, BODY_PT, 2 * BODY_PT * 20)}<w:jc w:val="left"/>',
            _style_rpr("body"),
            extra=toc,
        ),
        _style(
            "Footer",
            "footer",
            f'{single}{_NO_INDENT}<w:jc w:val="center"/>',
            _style_rpr("footer"),
            extra='<w:uiPriority w:val="99"/><w:unhideWhenUsed/>',
        ),
        _style("ReportNote", "Report Note", f'{no_indent}<w:jc w:val="center"/>', _style_rpr("body")),
        _style(
            "ReportFigure",
            "Report Figure",
            f'{_spacing(None, 120, 120)}{no_indent}<w:jc w:val="center"/>',
            _style_rpr("body"),
        ),
        _style(
            "TableTitle",
            "Table Title",
            f'<w:keepNext/><w:keepLines/>{_spacing(None, 0, 120)}{no_indent}<w:jc w:val="center"/>',
            _style_rpr("table_title"),
        ),
        _style(
            "TableMeta",
            "Table Meta",
            f'<w:keepNext/>{_spacing(None, 0, 60)}{no_indent}<w:jc w:val="left"/>',
            _style_rpr("table_meta"),
        ),
        _style(
            "TableNote",
            "Table Note",
            f'{_spacing(None, 60, 0)}{no_indent}<w:jc w:val="both"/>',
            _style_rpr("table_meta"),
        ),
        _style(
            "TableText",
            "Table Text",
            f'{single}{_NO_INDENT}<w:jc w:val="left"/>',
            _style_rpr("table"),
        ),
        _style(
            "TableTextSmall",
            "Table Text Small",
            "",
            f"<w:rPr>{_fonts(SONGTI)}{_half_points(TABLE_SMALL_PT)}</w:rPr>",
            based_on="TableText",
            next_style="TableTextSmall",
        ),
        _style(
            "SectionEnd",
            "Section End",
            f'<w:spacing w:before="0" w:after="0" w:line="20" w:lineRule="exact"/>{no_indent}',
            f"<w:rPr>{_fonts(FANGSONG)}{_half_points(1)}</w:rPr>",
        ),
    ]


def _install_styles(document: Document, text_width: int) -> None:
    styles = document.styles.element
    defaults = styles.find(qn("w:docDefaults"))
    new_defaults = parse_xml(
        f"<w:docDefaults {nsdecls('w')}><w:rPrDefault><w:rPr>{_fonts(FANGSONG)}"
        f'{_half_points(BODY_PT)}<w:lang w:val="en-US" w:eastAsia="zh-CN" w:bidi="ar-SA"/>'
        f"</w:rPr></w:rPrDefault><w:pPrDefault><w:pPr>{_spacing()}</w:pPr></w:pPrDefault></w:docDefaults>"
    )
    defaults.addprevious(new_defaults)
    styles.remove(defaults)
    wrapped = parse_xml(f"<w:styles {nsdecls('w')}>{''.join(_styles(text_width))}</w:styles>")
    by_id = {s.get(qn("w:styleId")): s for s in styles.iterchildren(qn("w:style"))}
    for style in list(wrapped):
        old = by_id.get(style.get(qn("w:styleId")))
        if old is not None:
            old.addprevious(style)
            styles.remove(old)
        else:
            styles.append(style)


# --------------------------------------------------------------------------- tables


def _grid(rows: Sequence[Sequence[Cell]], columns: int) -> list[list[tuple[int, Cell | None, int]]]:
    """Lay the rows out on the column grid, as HTML does with rowspans.

    Each row becomes a list of ``(column, cell, span)``; ``cell`` is None where a cell of an earlier row
    continues down (a ``vMerge`` continuation of ``span`` columns).
    """
    pending: dict[int, tuple[int, int]] = {}  # start column → (rows still covered, colspan)
    out = []
    for row in rows:
        cells = iter(row)
        placed: list[tuple[int, Cell | None, int]] = []
        col = 0
        while col < columns:
            if col in pending:
                left, span = pending[col]
                placed.append((col, None, span))
                if left > 1:
                    pending[col] = (left - 1, span)
                else:
                    del pending[col]
                col += span
                continue
            cell = next(cells, None)
            if cell is None:
                cell = Cell(None)
            span = max(1, min(cell.colspan, columns - col))
            placed.append((col, cell, span))
            if cell.rowspan > 1:
                pending[col] = (cell.rowspan - 1, span)
            col += span
        out.append(placed)
    return out


def _column_widths(table: Table, total: int, font_pt: float) -> tuple[list[int], bool]:
    """Column widths in twips from the content (code columns narrow, name columns wide), scaled to the
    text width; second value: whether the table needs the small font to fit."""
    columns = table.column_count

    def measure(p: PlacedCell) -> float:
        w = text_em(cell_text(p.cell)) + 1.5 * p.cell.indent
        if p.header:
            w = max(min(w, 4.0), w / 2)  # header words may wrap onto two lines
        return min(w, 20.0)

    need = [max(e.header, e.body) for e in table_extents(table, measure)]
    ems = [max(n, 2.0) + 0.6 for n in need]  # + cell margins
    available = (total - columns * 2 * CELL_MARGIN) / 20 / font_pt + columns * 0.6
    small = sum(ems) > available
    scale = total / sum(ems)
    widths = [int(e * scale) for e in ems]
    widths[-1] += total - sum(widths)
    return widths, small


_BORDERS = "".join(
    f'<w:{side} w:val="single" w:sz="4" w:space="0" w:color="000000"/>'
    for side in ("top", "left", "bottom", "right", "insideH", "insideV")
)
_ALIGN = {"left": "left", "center": "center", "right": "right"}


def _table_xml(table: Table, total: int, widths_cm: Sequence[float] | None = None) -> str:
    columns = table.column_count
    header = _grid(table.header, columns)
    body = _grid(table.body, columns)
    if widths_cm:
        widths = [_cm(w) for w in widths_cm]
        widths[-1] += total - sum(widths)
        small = True
    else:
        widths, small = _column_widths(table, total, TABLE_PT)
    style = "TableTextSmall" if small else "TableText"
    font_pt = TABLE_SMALL_PT if small else TABLE_PT
    out = [
        "<w:tbl><w:tblPr>"
        f'<w:tblW w:w="{total}" w:type="dxa"/><w:jc w:val="center"/>'
        f"<w:tblBorders>{_BORDERS}</w:tblBorders>"
        '<w:tblLayout w:type="fixed"/>'
        f'<w:tblCellMar><w:top w:w="0" w:type="dxa"/><w:left w:w="{CELL_MARGIN}" w:type="dxa"/>'
        f'<w:bottom w:w="0" w:type="dxa"/><w:right w:w="{CELL_MARGIN}" w:type="dxa"/></w:tblCellMar>'
        '<w:tblLook w:val="0000" w:firstRow="0" w:lastRow="0" w:firstColumn="0" w:lastColumn="0"'
        ' w:noHBand="1" w:noVBand="1"/></w:tblPr><w:tblGrid>',
        *(f'<w:gridCol w:w="{w}"/>' for w in widths),
        "</w:tblGrid>",
    ]
    row_height = round(font_pt * 1.5 * 20)
    for rows, is_header in ((header, True), (body, False)):
        for row in rows:
            out.append(
                f'<w:tr><w:trPr><w:cantSplit/><w:trHeight w:val="{row_height}" w:hRule="atLeast"/>'
                + ("<w:tblHeader/>" if is_header else "")
                + "</w:trPr>"
            )
            for col, cell, span in row:
                width = sum(widths[col : col + span])
                out.append(_cell_xml(cell, span, width, is_header, style, font_pt))
            out.append("</w:tr>")
    out.append("</w:tbl>")
    return "".join(out)


def _cell_xml(cell: Cell | None, span: int, width: int, is_header: bool, style: str, font_pt: float) -> str:
    tcpr = [f'<w:tcW w:w="{width}" w:type="dxa"/>']
    if span > 1:
        tcpr.append(f'<w:gridSpan w:val="{span}"/>')
    if cell is None:
        tcpr.append("<w:vMerge/>")
    elif cell.rowspan > 1:
        tcpr.append('<w:vMerge w:val="restart"/>')
    if is_header:
        tcpr.append('<w:shd w:val="clear" w:color="auto" w:fill="F2F2F2"/>')
    tcpr.append('<w:vAlign w:val="center"/>')
    if cell is None:
        content = ""
        ppr = ""
    else:
        align = "center" if is_header else _ALIGN.get(cell_align(cell), "left")
        indent = f'<w:ind w:left="{round(cell.indent * 1.5 * font_pt * 20)}"/>' if cell.indent else ""
        ppr = f'{indent}<w:jc w:val="{align}"/>'
        text = cell_text(cell)
        content = _run(text, _rpr("table", cell.bold)) if text else ""
    return f"<w:tc><w:tcPr>{''.join(tcpr)}</w:tcPr>{_para(style, content, ppr)}</w:tc>"


# --------------------------------------------------------------------------- the document body


def _chart_pngs(view: ReportView) -> dict[str, bytes]:
    """Each chart the blocks show, drawn once for this view (``view.drawings``)."""
    refs = dict.fromkeys(b.ref for b in view.blocks if b.kind == "chart")
    return {ref: view.drawings.png(view.charts[ref], dpi=CHART_DPI) for ref in refs}


def _orientations(view: ReportView) -> tuple[list[PageSetup], list[bool]]:
    """Per block: its page setup, and whether it starts a table unit (the table with its headings)."""
    blocks = view.blocks
    pages = [PORTRAIT] * len(blocks)
    starts = [False] * len(blocks)
    for i, block in enumerate(blocks):
        if block.kind not in ("table", "evaluation"):
            continue
        wide = block.kind == "table" and view.tables[block.ref].column_count >= WIDE_TABLE_COLUMNS
        j = i
        while j > 0 and blocks[j - 1].kind == "heading":
            j -= 1
        for k in range(j, i + 1):
            pages[k] = LANDSCAPE if wide else PORTRAIT
        starts[j] = True
    return pages, starts


class _Body:
    """Accumulates the body XML, with page breaks and section breaks between blocks."""

    def __init__(self) -> None:
        self.parts: list[str] = []
        self.sections: list[tuple[PageSetup, bool]] = []  # closed sections: (page, restarts numbering)
        self.page = PORTRAIT
        self.restart = False  # the current section restarts page numbering
        self.fresh_page = True
        self.pending_break = False
        self.closed = False  # the last paragraph must not take a section break (it ends the TOC)

    def take_break(self) -> bool:
        brk, self.pending_break = self.pending_break, False
        self.fresh_page = False
        return brk

    def add(self, xml: str, closed: bool = False) -> None:
        self.parts.append(xml)
        self.fresh_page = False
        self.closed = closed

    def new_page(self) -> None:
        if not self.fresh_page:
            self.pending_break = True
            self.fresh_page = True

    def end_section(self, next_page: PageSetup, restart: bool = False) -> None:
        sect = _sect_pr(self.page, self.restart)
        last = self.parts[-1] if self.parts else ""
        if last.startswith("<w:p>") and not self.closed:
            head, tail = last.split("</w:pPr>", 1)
            self.parts[-1] = f"{head}{sect}</w:pPr>{tail}"
        else:
            self.parts.append(_para("SectionEnd", "", sect))
        self.sections.append((self.page, self.restart))
        self.page, self.restart = next_page, restart
        self.fresh_page, self.pending_break = True, False

    def finish(self) -> str:
        self.sections.append((self.page, self.restart))
        return "".join(self.parts) + _sect_pr(self.page, self.restart)


def _title_text(text: str) -> str:
    """Break a title too long for one line before its year (department name / year and report), as is
    usual."""
    size = _ROLES["title"][2]
    if text_em(text) * size * 20 <= PORTRAIT.text_width:
        return text
    match = _YEAR.search(text)
    if match and match.start() > 0:
        head, tail = text[: match.start()], text[match.start() :]
        if text_em(tail) * size * 20 <= PORTRAIT.text_width:
            return head + "\n" + tail
    return text


def _toc(view: ReportView, bookmarks: dict[str, str]) -> str:
    """The TOC field; its cached result lists the level 1–2 headings with PAGEREF page numbers."""
    headings = [b for b in view.blocks if b.kind == "heading" and b.level <= 2]
    rpr_body = _rpr("body")
    begin = (
        f'<w:r><w:rPr>{rpr_body}</w:rPr><w:fldChar w:fldCharType="begin"/></w:r>'
        f'<w:r><w:rPr>{rpr_body}</w:rPr><w:instrText xml:space="preserve">{_esc(TOC_FIELD)}'
        "</w:instrText></w:r>"
        f'<w:r><w:rPr>{rpr_body}</w:rPr><w:fldChar w:fldCharType="separate"/></w:r>'
    )
    end = f'<w:r><w:rPr>{rpr_body}</w:rPr><w:fldChar w:fldCharType="end"/></w:r>'
    if not headings:
        return _para("TOC1", begin + end)
    out = []
    for n, block in enumerate(headings):
        rpr = _rpr("toc1") if block.level == 1 else rpr_body
        mark = bookmarks[block.anchor]
        entry = (
            f'<w:hyperlink w:anchor="{mark}" w:history="1">{_run(block.text + chr(9), rpr)}'
            f"{_field(PAGEREF.format(mark), '', rpr)}</w:hyperlink>"
        )
        out.append(_para(f"TOC{block.level}", (begin if n == 0 else "") + entry))
    # The field ends in a paragraph of its own, as Word writes it (LibreOffice then keeps a section break
    # that follows out of its index).
    out.append(_para("SectionEnd", end))
    return "".join(out)


def _body_xml(
    view: ReportView, images: dict[str, tuple[str, int, int]]
) -> tuple[str, list[tuple[PageSetup, bool]]]:
    """The body XML and its sections (page setup, restarts page numbering)."""
    blocks = view.blocks
    pages, unit_starts = _orientations(view)
    toc_at = next((i for i, b in enumerate(blocks) if b.kind == "toc"), None)
    front_end = None
    if toc_at is not None:
        front_end = next((i for i in range(toc_at + 1, len(blocks)) if blocks[i].kind == "pagebreak"), None)
    bookmarks = {
        b.anchor: f"_Toc{n:09d}" for n, b in enumerate((b for b in blocks if b.kind == "heading"), 1)
    }
    body = _Body()
    body.restart = front_end is None  # without front matter, numbering simply starts at 1
    picture_id = 0
    for i, block in enumerate(blocks):
        kind = block.kind
        if kind == "pagebreak":
            if i == front_end:
                body.end_section(pages[i + 1] if i + 1 < len(blocks) else PORTRAIT, restart=True)
            else:
                body.new_page()
            continue
        if pages[i] != body.page:
            body.end_section(pages[i])
        elif unit_starts[i]:
            body.new_page()
        if kind == "title":
            body.add(_para("Title", _run(_title_text(block.text), _rpr("title")), _spacing(720, 2800, 0)))
        elif kind == "toc":
            body.new_page()
            toc_title = labels(view.derived.dataset.department.profile)["toc_title"]
            body.add(_para("TOCHeading", _run(toc_title, _rpr("h1")), page_break=body.take_break()))
            body.add(_toc(view, bookmarks), closed=True)
        elif kind == "heading":
            level = min(max(block.level, 1), 4)
            mark = bookmarks[block.anchor]
            content = (
                f'<w:bookmarkStart w:id="{int(mark[4:])}" w:name="{mark}"/>'
                f'{_run(block.text, _rpr(f"h{level}"))}<w:bookmarkEnd w:id="{int(mark[4:])}"/>'
            )
            body.add(_para(f"Heading{level}", content, page_break=body.take_break()))
        elif kind == "paragraph":
            body.add(_para("Normal", _run(block.text, _rpr("body")), page_break=body.take_break()))
        elif kind == "note":
            body.add(_para("ReportNote", _run(block.text, _rpr("body")), page_break=body.take_break()))
        elif kind == "chart":
            picture_id += 1
            rid, cx, cy = images[block.ref]
            body.add(
                _para(
                    "ReportFigure",
                    _picture(rid, cx, cy, picture_id, block.ref, view.charts[block.ref]),
                    page_break=body.take_break(),
                )
            )
        elif kind == "table":
            _table_unit(body, view.tables[block.ref])
        elif kind == "evaluation":
            _table_unit(body, view.evaluations[int(block.ref)], EVALUATION_WIDTHS_CM)
    return body.finish(), body.sections


def _table_unit(body: _Body, table: Table, widths_cm: Sequence[float] | None = None) -> None:
    page = body.page
    body.add(_para("TableTitle", _run(table.title, _rpr("table_title")), page_break=body.take_break()))
    if table.org_line or table.unit_line:  # organisation on the left, unit on the right, one line
        tabs = f'<w:tabs><w:tab w:val="right" w:pos="{page.text_width}"/></w:tabs>'
        meta = f"{table.org_line}\t{table.unit_line}"
        body.add(_para("TableMeta", _run(meta, _rpr("table_meta")), tabs))
    body.add(_table_xml(table, page.text_width, widths_cm))
    if table.note:
        body.add(_para("TableNote", _run(table.note, _rpr("table_meta"))))


def _picture(rid: str, cx: int, cy: int, pid: int, ref: str, chart: Chart) -> str:
    a = "http://schemas.openxmlformats.org/drawingml/2006/main"
    pic = "http://schemas.openxmlformats.org/drawingml/2006/picture"
    return (
        "<w:r><w:rPr><w:noProof/></w:rPr><w:drawing>"
        '<wp:inline distT="0" distB="0" distL="0" distR="0">'
        f'<wp:extent cx="{cx}" cy="{cy}"/><wp:effectExtent l="0" t="0" r="0" b="0"/>'
        f'<wp:docPr id="{pid}" name="{_attr(ref)}" descr="{_attr(chart.title)}"/>'
        f'<wp:cNvGraphicFramePr><a:graphicFrameLocks xmlns:a="{a}" noChangeAspect="1"/>'
        "</wp:cNvGraphicFramePr>"
        f'<a:graphic xmlns:a="{a}"><a:graphicData uri="{pic}"><pic:pic xmlns:pic="{pic}">'
        f'<pic:nvPicPr><pic:cNvPr id="{pid}" name="{_attr(ref)}.png"/><pic:cNvPicPr/></pic:nvPicPr>'
        f'<pic:blipFill><a:blip r:embed="{rid}"/><a:stretch><a:fillRect/></a:stretch></pic:blipFill>'
        f'<pic:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="{cx}" cy="{cy}"/></a:xfrm>'
        '<a:prstGeom prst="rect"><a:avLst/></a:prstGeom></pic:spPr>'
        "</pic:pic></a:graphicData></a:graphic></wp:inline></w:drawing></w:r>"
    )


# --------------------------------------------------------------------------- package


def _footer_xml(odd: bool) -> str:
    rpr = _rpr("footer")
    one_char = 14 * 20
    if odd:
        ppr = f'<w:ind w:right="{one_char}" w:rightChars="100"/><w:jc w:val="right"/>'
    else:
        ppr = f'<w:ind w:left="{one_char}" w:leftChars="100"/><w:jc w:val="left"/>'
    return _para("Footer", _run("\u2014 ", rpr) + _field(" PAGE ", "1", rpr) + _run(" \u2014", rpr), ppr)


def _set_footer(footer, odd: bool) -> None:
    footer.is_linked_to_previous = False
    element = footer._element
    for child in list(element):
        element.remove(child)
    element.append(parse_xml(f"<w:body {nsdecls('w')}>{_footer_xml(odd)}</w:body>")[0])


_SETTINGS_AFTER_UPDATE_FIELDS = (
    "hdrShapeDefaults",
    "footnotePr",
    "endnotePr",
    "compat",
    "docVars",
    "rsids",
    "mathPr",
    "attachedSchema",
    "themeFontLang",
    "clrSchemeMapping",
    "doNotIncludeSubdocsInStats",
    "doNotAutoCompressPictures",
    "forceUpgrade",
    "captions",
    "readModeInkLockDown",
    "smartTagType",
    "schemaLibrary",
    "shapeDefaults",
    "doNotEmbedSmartTags",
    "decimalSymbol",
    "listSeparator",
)


def _settings(document: Document) -> None:
    settings = document.settings
    settings.odd_and_even_pages_header_footer = True
    element = settings.element
    update = parse_xml(f'<w:updateFields {nsdecls("w")} w:val="true"/>')
    successor = next(
        (
            child
            for child in element
            if isinstance(child.tag, str) and child.tag.split("}")[-1] in _SETTINGS_AFTER_UPDATE_FIELDS
        ),
        None,
    )
    if successor is not None:
        successor.addprevious(update)
    else:
        element.append(update)
    # Word 2013+ layout rules, so that current Word does not open the report in compatibility mode.
    for setting in element.iter(qn("w:compatSetting")):
        if setting.get(qn("w:name")) == "compatibilityMode":
            setting.set(qn("w:val"), "15")
    lang = element.find(qn("w:themeFontLang"))
    if lang is not None:
        lang.set(qn("w:eastAsia"), "zh-CN")


def _font_table(document: Document) -> None:
    part = document.part.part_related_by(RT.FONT_TABLE)
    xml = part.blob.decode("utf-8")
    entries = "".join(
        f'<w:font w:name="{name}"><w:altName w:val="{alt}"/><w:charset w:val="86"/>'
        '<w:family w:val="modern"/><w:pitch w:val="fixed"/></w:font>'
        for name, alt in FONT_FALLBACKS.items()
    )
    part._blob = xml.replace("</w:fonts>", entries + "</w:fonts>").encode("utf-8")


def _drop_template_extras(document: Document) -> None:
    """Parts of python-docx's template a published report should not carry (thumbnail, customXml, the
    Word 2010 style copy)."""
    part = document.part
    for rid, rel in list(part.rels.items()):
        if rel.reltype in (
            RT.CUSTOM_XML,
            "http://schemas.microsoft.com/office/2007/relationships/stylesWithEffects",
        ):
            part.drop_rel(rid)
    package_rels = part.package.rels
    for rid, rel in list(package_rels.items()):
        if rel.reltype == RT.THUMBNAIL:
            package_rels.pop(rid)
        elif rel.reltype == RT.EXTENDED_PROPERTIES:
            rel.target_part._blob = (
                "<?xml version='1.0' encoding='UTF-8' standalone='yes'?>\n"
                '<Properties xmlns="http://schemas.openxmlformats.org/officeDocument/2006/extended-properties">'
                f"<Template>Normal.dotm</Template><Application>juesuan {__version__}</Application>"
                "<DocSecurity>0</DocSecurity><ScaleCrop>false</ScaleCrop><LinksUpToDate>false</LinksUpToDate>"
                "<SharedDoc>false</SharedDoc><HyperlinksChanged>false</HyperlinksChanged></Properties>"
            ).encode()


def _document_date(view: ReportView) -> dt.date:
    department = view.derived.dataset.department
    return department.publication_date or dt.date(view.derived.year + 1, 6, 30)


def _core_properties(document: Document, view: ReportView, when: dt.date) -> None:
    props = document.core_properties
    stamp = dt.datetime(when.year, when.month, when.day, tzinfo=dt.UTC)
    props.title = view.title
    props.author = view.derived.dataset.department.name
    props.last_modified_by = props.author
    props.created = stamp
    props.modified = stamp
    props.revision = 1
    props.comments = ""
    props.language = "zh-CN"
    props.subject = ""
    props.keywords = ""
    props.category = ""


def _deterministic_zip(data: bytes, when: dt.date) -> bytes:
    """Rewrite the package with fixed member timestamps (python-docx stamps the current time)."""
    stamp = (max(when.year, 1980), when.month, when.day, 0, 0, 0)
    out = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            info = zipfile.ZipInfo(item.filename, date_time=stamp)
            info.create_system = 0
            info.external_attr = 0
            media = item.filename.lower().endswith((".png", ".jpeg", ".jpg"))
            info.compress_type = zipfile.ZIP_STORED if media else zipfile.ZIP_DEFLATED
            dst.writestr(info, src.read(item.filename))
    return out.getvalue()


def render_docx(view: ReportView) -> bytes:
    """The complete report as a .docx file."""
    document = docx.Document()
    _drop_template_extras(document)
    _install_styles(document, PORTRAIT.text_width)
    _settings(document)
    _font_table(document)

    images: dict[str, tuple[str, int, int]] = {}
    width_emu = PORTRAIT.text_width * EMU_PER_TWIP
    for ref, png in _chart_pngs(view).items():
        rid, image = document.part.get_or_add_image(io.BytesIO(png))
        images[ref] = (rid, width_emu, round(width_emu * image.px_height / image.px_width))

    xml, sections = _body_xml(view, images)
    part = document.part
    # One parse of the whole part: much faster than moving thousands of elements into the template's body.
    part._element = parse_xml(f"<w:document {nsdecls('w', 'r', 'wp')}><w:body>{xml}</w:body></w:document>")
    document = part.document

    numbered = next((i for i, (_page, restart) in enumerate(sections) if restart), 0)
    section = document.sections[numbered]
    _set_footer(section.footer, odd=True)
    _set_footer(section.even_page_footer, odd=False)

    when = _document_date(view)
    _core_properties(document, view, when)
    buffer = io.BytesIO()
    document.save(buffer)
    return _deterministic_zip(buffer.getvalue(), when)
