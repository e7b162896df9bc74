"""Render the view model as a PDF, laid out by Typst (the compiler inside the PyPI package ``typst``).

The PDF shows what report.html shows — the same blocks, 附表, 自评表 and charts — in the page design of
``templates/typst/report.typ``: A4 with the GB/T 9704 margins, a title page, a 目录 with page numbers (Typst's
outline), a running header and "— N —" page numbers, each 部分 and each 附表 on a new page, 附表 with seven
or more columns on landscape pages. This module only writes Typst markup: every text goes in as a Typst
string literal (``typst_string``), so no character of the data can be read as markup.

Only three TrueType CJK fonts are asked for (``FONT_PACKAGES``); Typst embeds subsets of them. A character
none of them has makes Typst fall back to another installed font or draw an empty box; ``render_pdf_checked``
reports both, ``render_pdf`` logs them and raises ``PdfFontError`` when the fonts themselves are not
installed. The PDF is tagged (structure for assistive technology) with the document language zh-CN.

The output is deterministic: no creation date (``date: none``); title and author are set.
"""

from __future__ import annotations

import logging
import re
import threading
from dataclasses import dataclass, field
from decimal import Decimal
from functools import cache
from importlib import resources
from pathlib import Path
from typing import TYPE_CHECKING

from juesuan.charts import Chart, ChartDrawings
from juesuan.document import Block
from juesuan.render.cells import cell_align, cell_text, table_extents, text_em
from juesuan.tables import Cell, PlacedCell, Table
from juesuan.viewmodel import ReportView, labels

if TYPE_CHECKING:
    import typst

__all__ = [
    "FONT_FAMILIES",
    "FONT_PACKAGES",
    "FONT_POSTSCRIPT_NAMES",
    "PdfFontError",
    "PdfOutput",
    "render_pdf",
    "render_pdf_checked",
    "typst_markup",
    "typst_string",
]

#: The font families of the PDF (fontconfig names) and the Debian package of each.
FONT_PACKAGES = {
    "AR PL UMing CN": "fonts-arphic-uming",  # body text and tables (仿宋/宋体)
    "WenQuanYi Zen Hei": "fonts-wqy-zenhei",  # title, 部分 and 一、 headings, bold, charts (黑体)
    "AR PL UKai CN": "fonts-arphic-ukai",  # （一） headings (楷体)
}
FONT_FAMILIES = frozenset(FONT_PACKAGES)
#: The same families as Typst names them (it drops the region of the first face of a collection).
_TYPST_FAMILIES = {
    "AR PL UMing CN": "AR PL UMing",
    "WenQuanYi Zen Hei": "WenQuanYi Zen Hei",
    "AR PL UKai CN": "AR PL UKai",
}
#: PostScript names (as the PDF's /BaseFont says) of the three fonts, with their family.
FONT_POSTSCRIPT_NAMES = {
    "UMingCN": "AR PL UMing CN",
    "WenQuanYiZenHei": "WenQuanYi Zen Hei",
    "UKaiCN": "AR PL UKai CN",
}

_BASE_FONT = re.compile(rb"/BaseFont\s*/(?:[A-Z]{6}\+)?([^\s/<>\[\]()]+)")
_PAGE_COUNT = re.compile(rb"/Type\s*/Pages\b[^>]*?/Count\s+(\d+)|/Count\s+(\d+)[^>]*?/Type\s*/Pages\b")
_COMPILING = threading.Lock()
LOGGER = logging.getLogger(__name__)


class PdfFontError(RuntimeError):
    """The CJK fonts the PDF needs are not installed."""


@dataclass
class PdfOutput:
    """A rendered PDF and what the renderer noticed on the way."""

    data: bytes
    pages: int
    fonts: list[str]  # families of the embedded fonts
    fallback_fonts: list[str] = field(default_factory=list)  # fonts used that are not FONT_FAMILIES
    missing_glyphs: list[str] = field(default_factory=list)  # "U+XXXX" the three fonts lack (fallback or box)
    messages: list[str] = field(default_factory=list)  # Typst's warnings


# --------------------------------------------------------------------------- page layout

#: Tables with at least this many columns are printed on landscape pages (``wide`` in report.typ).
WIDE_COLUMNS = 7
#: Text width in pt of a portrait page and of a landscape page (must match the margins in report.typ).
PORTRAIT_WIDTH_PT = (210 - 28 - 26) / 25.4 * 72
LANDSCAPE_WIDTH_PT = (297 - 25 - 25) / 25.4 * 72
#: Table font size in pt (report.typ) and the cell padding left + right, in em of that size.
TABLE_FONT_PT = 9.0
_CELL_PADDING_EM = 0.8
_INDENT_EM = 1.5
_MIN_TEXT_COLUMN_EM = 4.0
_SHORT_HEADER_EM = 4.8  # a header of up to four characters is never wrapped

#: The 项目支出绩效自评表 is a standard form: 一级/二级/三级指标, 指标值, 完成值, 分值, 得分, 扣分原因.
EVALUATION_WIDTHS = (12.0, 14.0, 17.0, 11.0, 12.0, 9.0, 7.0, 18.0)

_HEADING_NUMBERING = (
    (re.compile(r"^附件[0-9０-９]+"), "attachment"),
    (re.compile(r"^[一二三四五六七八九十]+、"), "h-cn"),
    (re.compile(r"^（[一二三四五六七八九十]+）"), "h-paren"),
    (re.compile(r"^[0-9０-９]+[.．、]"), "h-num"),
)


def _heading_class(text: str) -> str:
    """GB/T 9704 sets a heading by its numbering (一、 黑体, （一） 楷体, 1. 仿宋), whatever its level."""
    for pattern, name in _HEADING_NUMBERING:
        if pattern.match(text):
            return name
    return ""


def print_classes(view: ReportView) -> dict[str, str]:
    """Layout classes of the PDF, by heading anchor or table id.

    Headings of level 2 and below get the class of their numbering (``_heading_class``). A 附表's heading
    is also ``table-heading`` (it starts a page); a table with ``WIDE_COLUMNS`` or more columns and its
    heading are also ``wide`` (landscape pages). 自评表 stay on portrait pages.
    """
    out: dict[str, str] = {}
    blocks = view.blocks
    for block, following in zip(blocks, [*blocks[1:], None], strict=True):
        if block.kind == "table":
            if view.tables[block.ref].column_count >= WIDE_COLUMNS:
                out[block.ref] = " wide"
        elif block.kind == "heading" and block.level >= 2:
            classes = [_heading_class(block.text)]
            if following is not None and following.kind == "table":
                classes.append("table-heading")
                if view.tables[following.ref].column_count >= WIDE_COLUMNS:
                    classes.append("wide")
            if names := " ".join(c for c in classes if c):
                out[block.anchor] = names
    return out


def column_widths(table: Table, width_pt: float) -> list[float]:
    """Column widths in percent for the fixed table layout of the PDF.

    Widths are estimated from the characters, not measured (a fixed layout is fast and the same in every
    engine). A column needs its longest body cell and half
    its header (two lines; a header of up to four characters keeps one line); it would like its whole
    header on one line. If everything it would like fits, each column gets that; if only the needs fit,
    the room left goes to the headers; if not even those fit, the text columns are narrowed (their text
    wraps) and the amount columns keep their width. The widths are then scaled to the full width.
    """
    n = table.column_count

    def measure(p: PlacedCell) -> float:
        em = text_em(cell_text(p.cell)) + _CELL_PADDING_EM
        return em if p.header else em + p.cell.indent * _INDENT_EM

    extents = table_extents(table, measure)
    body = [max(2.0, e.body) for e in extents]
    header = [e.header for e in extents]
    numeric = [e.numeric for e in extents]
    need = [max(b, h / 2, min(h, _SHORT_HEADER_EM)) for b, h in zip(body, header, strict=True)]
    like = [max(b, h) for b, h in zip(body, header, strict=True)]
    available = width_pt / TABLE_FONT_PT
    if sum(like) <= available:
        widths = like
    elif sum(need) <= available:
        share = (available - sum(need)) / (sum(like) - sum(need))
        widths = [a + (b - a) * share for a, b in zip(need, like, strict=True)]
    else:
        widths = list(need)
        text_cols = [c for c in range(n) if not numeric[c]]
        room = available - sum(need[c] for c in range(n) if numeric[c])
        flexible = sum(need[c] for c in text_cols)
        for c in text_cols:
            widths[c] = max(need[c] * room / flexible, min(need[c], _MIN_TEXT_COLUMN_EM))
    total = sum(widths)
    return [round(100 * w / total, 2) for w in widths]


# --------------------------------------------------------------------------- Typst markup


def typst_string(text: str) -> str:
    """*text* as a Typst string literal: nothing in it is markup, whatever characters it holds."""
    escaped = text.replace("\\", "\\\\").replace('"', '\\"').replace("\n", "\\n").replace("\r", "\\r")
    return f'"{escaped}"'


@cache
def _template() -> str:
    return (resources.files("juesuan") / "templates" / "typst" / "report.typ").read_text(encoding="utf-8")


_ALIGN = {"left": '"l"', "center": '"c"', "right": '"r"'}


def _cell(cell: Cell) -> str:
    bold = "true" if cell.bold else "false"
    align = _ALIGN[cell_align(cell)]
    return f"({typst_string(cell_text(cell))},{cell.colspan},{cell.rowspan},{align},{bold},{cell.indent})"


def _rows(rows: tuple[tuple[Cell, ...], ...]) -> str:
    return "(" + "".join("(" + "".join(_cell(c) + "," for c in row) + ")," for row in rows) + ")"


def _table(table: Table, widths: list[float], caption: str | None, brk: bool) -> str:
    meta = (
        f"({typst_string(table.org_line)}, {typst_string(table.unit_line)})"
        if table.org_line or table.unit_line
        else "none"
    )
    header = _rows(table.header) if meta != "none" else "()"
    fractions = "(" + "".join(f"{w / 100:.4f}," for w in widths) + ")"
    note = typst_string(table.note) if table.note else "none"
    cap = typst_string(caption) if caption is not None else "none"
    return (
        f"jtable({fractions}, {meta}, {header}, {_rows(table.body)}, note: {note}, caption: {cap}, "
        f"brk: {'true' if brk else 'false'})"
    )


def _heading(level: int, text: str, names: list[str], brk: bool) -> str:
    """A heading below a 部分, in the face of its layout classes (``print_classes``)."""
    centred = "table-heading" in names or "attachment" in names
    if "h-cn" in names:
        face, size = "hei", 16
    elif "h-paren" in names:
        face, size = "kai", 17
    elif "h-num" in names:
        face, size = "ming", 16
    elif "attachment" in names:
        face, size = "hei", 17
    else:
        face, size = {2: ("hei", 16), 3: ("kai", 17)}.get(level, ("ming", 16))
    return (
        f"hd({level}, {typst_string(text)}, face: {typst_string(face)}, size: {size}pt, "
        f"centred: {'true' if centred else 'false'}, brk: {'true' if brk else 'false'})"
    )


def _chart(chart: Chart, drawings: ChartDrawings) -> str:
    return f"chart({typst_string(drawings.svg_text(chart))}, {typst_string(chart.title)})"


def _widths(view: ReportView) -> dict[str, list[float]]:
    widths: dict[str, list[float]] = {}
    for t in view.tables.values():
        wide = t.column_count >= WIDE_COLUMNS
        widths[t.id] = column_widths(t, LANDSCAPE_WIDTH_PT if wide else PORTRAIT_WIDTH_PT)
    for t in view.evaluations:
        standard = t.column_count == len(EVALUATION_WIDTHS)
        widths[t.id] = list(EVALUATION_WIDTHS) if standard else column_widths(t, PORTRAIT_WIDTH_PT)
    return widths


def _block_codes(view: ReportView, toc_title: str, banner: str) -> list[str]:
    """One Typst code expression per block; a wide 附表 and its heading together on landscape pages."""
    classes = print_classes(view)
    widths = _widths(view)
    out: list[str] = []
    pending_wide: list[str] = []  # a wide 附表's heading, waiting for its table
    previous: Block | None = None
    for block in view.blocks:
        code: str | None = None
        prev_kind = (previous.kind, previous.level) if previous is not None else ("", 0)
        prev_classes = classes.get(previous.anchor, "").split() if previous is not None else []
        if block.kind == "title":
            code = f"title-page({typst_string(block.text)}, {banner})"
        elif block.kind == "toc":
            code = f"toc-page({typst_string(toc_title)})"
        elif block.kind == "pagebreak":
            code = "pagebreak(weak: true)"
        elif block.kind == "heading" and block.level == 1:
            code = f"heading(level: 1, {typst_string(block.text)})"
        elif block.kind == "heading":
            names = classes.get(block.anchor, "").split()
            wide = "wide" in names
            after_part = prev_kind == ("heading", 1)
            code = _heading(
                block.level, block.text, names, brk="table-heading" in names and not after_part and not wide
            )
            if wide:
                pending_wide.append(code)
                code = None
        elif block.kind == "paragraph":
            code = f"p({typst_string(block.text)})"
        elif block.kind == "note":
            code = f"note({typst_string(block.text)})"
        elif block.kind == "chart":
            code = _chart(view.charts[block.ref], view.drawings)
        elif block.kind == "table":
            table = view.tables[block.ref]
            headed = prev_kind[0] == "heading" and "table-heading" in prev_classes  # the heading is its title
            code = _table(table, widths[table.id], None if headed else table.title, brk=False)
            if table.column_count >= WIDE_COLUMNS:
                out.append("wide({\n" + "\n".join([*pending_wide, code]) + "\n})")
                pending_wide, code = [], None
        elif block.kind == "evaluation":
            table = view.evaluations[int(block.ref)]
            code = _table(table, widths[table.id], table.title, brk=prev_kind[0] != "heading")
        if code is not None:
            out.extend(pending_wide)  # a heading marked wide without its table: set as it is
            pending_wide = []
            out.append(code)
        previous = block
    out.extend(pending_wide)
    return out


def typst_markup(view: ReportView) -> str:
    """The whole report as one Typst document: ``meta``, the page design, then a code block with one
    expression per block (in code, unlike markup, line breaks add no spaces that could make pages)."""
    profile = labels(view.derived.dataset.department.profile)
    unchecked = None if view.passed_check else profile["unchecked"]
    meta = "#let meta = (title: {}, author: {}, watermark: {})".format(
        typst_string(view.title),
        typst_string(view.derived.dataset.department.name),
        typst_string(unchecked["watermark"]) if unchecked else "none",
    )
    banner = typst_string(unchecked["banner"]) if unchecked else "none"
    out = _block_codes(view, profile["toc_title"], banner)
    if unchecked:
        findings = view.check.sorted_findings() if view.check is not None else []
        items = "".join(
            typst_string(f"{unchecked['severity'][f.severity]}：{f.line()}") + "," for f in findings
        )
        out.append(f"findings({typst_string(unchecked['findings_title'])}, ({items}))")
    return "\n".join([meta, _template(), "#{", *out, "}"]) + "\n"


# --------------------------------------------------------------------------- compiling


@cache
def _fonts() -> typst.Fonts:
    """The installed fonts as Typst finds them (once per process); raises ``PdfFontError`` when one of
    the three is missing."""
    import typst

    fonts = typst.Fonts(include_system_fonts=True, include_embedded_fonts=False)
    families = set(fonts.families())
    absent = [name for name, typst_name in _TYPST_FAMILIES.items() if typst_name not in families]
    if absent:
        raise PdfFontError(
            f"the PDF needs the fonts {', '.join(FONT_PACKAGES)}; not found: {', '.join(absent)}. "
            f"Install them with: apt-get install {' '.join(FONT_PACKAGES.values())}"
        )
    return fonts


@cache
def _compiler() -> typst.Compiler:
    """One compiler for the process: it keeps the parsed fonts and Typst's caches warm between reports."""
    import typst

    return typst.Compiler(font_paths=_fonts())


def _font_files() -> list[tuple[Path, int]]:
    wanted = set(_TYPST_FAMILIES.values())
    return [(Path(f.path), f.index) for f in _fonts().fonts() if f.family in wanted and f.path is not None]


@cache
def _covered() -> frozenset[int]:
    """The code points the three fonts have (their character maps, read by FreeType through matplotlib)."""
    from matplotlib.ft2font import FT2Font

    points: set[int] = set()
    for path, index in _font_files():
        font = FT2Font(str(path), face_index=index) if index else FT2Font(str(path))
        points.update(font.get_charmap())
    return frozenset(points)


def _text_of(view: ReportView) -> set[str]:
    chars: set[str] = set(view.title)
    for block in view.blocks:
        chars.update(block.text)
    for table in [*view.tables.values(), *view.evaluations]:
        for row in (*table.header, *table.body):
            for cell in row:
                if cell.value is not None and not isinstance(cell.value, Decimal):
                    chars.update(cell.value)
        chars.update(table.title + table.org_line + table.unit_line + (table.note or ""))
    return chars


def render_pdf_checked(view: ReportView) -> PdfOutput:
    """Render the PDF and report its fonts, any fallback font, characters the three fonts lack and
    Typst's warnings."""
    source = typst_markup(view).encode("utf-8")
    with _COMPILING:  # one compiler per process, used by one thread at a time
        data, warnings = _compiler().compile_with_warnings(source, format="pdf", pdf_tags=True)
    if not isinstance(data, bytes):
        raise TypeError("Typst returned no PDF")
    used = sorted({m.group(1).decode("ascii", "replace") for m in _BASE_FONT.finditer(data)})
    fonts = sorted({FONT_POSTSCRIPT_NAMES.get(name, name) for name in used})
    covered = _covered()
    missing = sorted(
        f"U+{ord(ch):04X}" for ch in _text_of(view) if ord(ch) >= 0x20 and ord(ch) not in covered
    )
    return PdfOutput(
        data=data,
        pages=_page_count(data),
        fonts=fonts,
        fallback_fonts=[f for f in fonts if f not in FONT_FAMILIES],
        missing_glyphs=missing,
        messages=[w.message for w in warnings],
    )


def _page_count(data: bytes) -> int:
    match = _PAGE_COUNT.search(data)
    return int(match.group(1) or match.group(2)) if match else 0


def render_pdf(view: ReportView) -> bytes:
    """The report as PDF bytes.

    Raises ``PdfFontError`` if the CJK fonts are not installed; logs a warning if a character needed a
    fallback font or could not be drawn.
    """
    out = render_pdf_checked(view)
    if out.fallback_fonts:
        LOGGER.warning("PDF: some characters are set in a fallback font: %s", ", ".join(out.fallback_fonts))
    if out.missing_glyphs:
        LOGGER.warning("PDF: the report's fonts lack the characters %s", " ".join(out.missing_glyphs))
    for message in out.messages:
        LOGGER.warning("PDF: %s", message)
    return out.data
