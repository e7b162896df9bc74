"""Render the view model as one self-contained, printable HTML file (text, tables, inline SVG charts)."""

from __future__ import annotations

import base64
import io
import re
import unicodedata
from decimal import Decimal
from functools import cache

from jinja2 import Environment, PackageLoader, StrictUndefined, select_autoescape
from markupsafe import Markup

from juesuan.charts import Chart, render_svg
from juesuan.money import format_amount
from juesuan.tables import Cell, Table, place_rows
from juesuan.viewmodel import ReportView, labels


def cell_text(cell: Cell) -> str:
    """The text a table cell shows: amounts as #,##0.00, blanks as empty."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, Decimal):
        return format_amount(cell.value, thousands=True)
    return cell.value


def cell_align(cell: Cell) -> str:
    if cell.align:
        return cell.align
    return "right" if isinstance(cell.value, Decimal) else "left"


def print_class(cell: Cell) -> str:
    """The classes of a body cell in the print variant: the alignment is a class there (a style
    attribute would give each cell its own style to compute), left alignment being the default; no
    ``data-key`` (it only costs parsing)."""
    align = cell_align(cell)
    names = [
        "num" if isinstance(cell.value, Decimal) else "",
        "bold" if cell.bold else "",
        f"i{cell.indent}" if cell.indent else "",
        "" if align == "left" else align,
    ]
    return " ".join(n for n in names if n)


@cache
def _environment() -> Environment:
    env = Environment(
        loader=PackageLoader("juesuan", "templates"),
        undefined=StrictUndefined,
        autoescape=select_autoescape(["html", "j2"]),
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters.update(cell_text=cell_text, cell_align=cell_align, print_class=print_class)
    return env


# --------------------------------------------------------------------------- the print variant

#: Tables with at least this many columns are printed on landscape pages (``@page wide`` in print.css).
WIDE_COLUMNS = 7
#: Text width in pt of a portrait page and of a landscape page (must match the margins in print.css).
PORTRAIT_WIDTH_PT = (210 - 28 - 26) / 25.4 * 72
LANDSCAPE_WIDTH_PT = (297 - 25 - 25) / 25.4 * 72
#: Table font size in pt (print.css) and the cell padding left + right, in em of that size.
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
    """Extra CSS classes of the print variant, by heading anchor or table id.

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


def _text_em(text: str) -> float:
    """Approximate width of one line of *text* in em: CJK characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def _grid(rows: tuple[tuple[Cell, ...], ...]) -> list[tuple[int, Cell]]:
    """Every cell of *rows* with the index of the first column it occupies (rowspans taken into account)."""
    return [(p.col, p.cell) for p in place_rows(rows)]


def column_widths(table: Table, width_pt: float) -> list[float]:
    """Column widths in percent for the fixed table layout of the PDF.

    Widths are estimated from the characters, not measured (WeasyPrint's automatic table layout measures
    every cell twice and was the slowest part of the PDF). A column needs its longest body cell and half
    its header (two lines; a header of up to four characters keeps one line); it would like its whole
    header on one line. If everything it would like fits, each column gets that; if only the needs fit,
    the room left goes to the headers; if not even those fit, the text columns are narrowed (their text
    wraps) and the amount columns keep their width. The widths are then scaled to the full width.
    """
    n = table.column_count
    body = [2.0] * n
    header = [0.0] * n
    numeric = [True] * n
    for col, cell in _grid(table.body):
        if cell.colspan != 1 or col >= n:
            continue
        text = cell_text(cell)
        body[col] = max(body[col], _text_em(text) + cell.indent * _INDENT_EM + _CELL_PADDING_EM)
        if text and not isinstance(cell.value, Decimal):
            numeric[col] = False
    for col, cell in _grid(table.header):
        if cell.colspan == 1 and col < n:
            header[col] = max(header[col], _text_em(cell_text(cell)) + _CELL_PADDING_EM)
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


def _print_layout(view: ReportView) -> tuple[dict[str, str], dict[str, list[float]]]:
    classes = print_classes(view)
    widths = {}
    for t in view.tables.values():
        wide = t.column_count >= WIDE_COLUMNS
        widths[t.id] = column_widths(t, LANDSCAPE_WIDTH_PT if wide else PORTRAIT_WIDTH_PT)
    for t in view.evaluations:
        standard = t.column_count == len(EVALUATION_WIDTHS)
        widths[t.id] = list(EVALUATION_WIDTHS) if standard else column_widths(t, PORTRAIT_WIDTH_PT)
    return classes, widths


def print_svg(chart: Chart) -> str:
    """The chart as SVG for the PDF: the drawing of ``render_svg`` with its text as SVG text in the
    chart font (WenQuanYi Zen Hei) instead of glyph outlines. WeasyPrint then sets the text with the
    font it embeds anyway, which is twice as fast as parsing the outline of every glyph, and the chart's
    figures can be searched and copied in the PDF."""
    import matplotlib

    from juesuan import charts

    with (
        charts._rc_context(svg_salt=charts._chart_digest(chart)),
        matplotlib.rc_context({"svg.fonttype": "none"}),
    ):
        figure = charts._build_figure(chart)
        out = io.StringIO()
        figure.savefig(
            out, format="svg", metadata={"Date": None, "Creator": None, "Format": None, "Type": None}
        )
    return out.getvalue()


def _chart_markup(chart: Chart, for_print: bool) -> Markup:
    """The chart's SVG inline; for print, as a data-URI image (WeasyPrint would otherwise cascade the
    page's CSS over every element of the drawing, which costs more than drawing it)."""
    if not for_print:
        return Markup(render_svg(chart))
    data = base64.b64encode(print_svg(chart).encode("utf-8")).decode("ascii")
    return Markup('<img src="data:image/svg+xml;base64,{}" alt="{}">').format(data, chart.title)


def render_html(view: ReportView, *, for_print: bool = False) -> str:
    """The complete report.html.

    ``for_print`` gives the variant the PDF is made from: the same content without the screen stylesheet
    (``render_pdf`` supplies print.css), with the classes of ``print_classes``, fixed column widths,
    alignment as classes (``print_class``) and the charts as SVG images (``print_svg``).
    """
    charts = {key: _chart_markup(chart, for_print) for key, chart in view.charts.items()}
    headings = [b for b in view.blocks if b.kind == "heading" and b.level <= 2]
    classes, widths = _print_layout(view) if for_print else ({}, {})
    template = _environment().get_template("html/report.html.j2")
    profile_labels = labels(view.derived.dataset.department.profile)
    return template.render(
        view=view,
        unchecked=None if view.passed_check else profile_labels["unchecked"],
        findings=view.check.sorted_findings() if view.check is not None else [],
        toc_title=profile_labels["toc_title"],
        blocks=view.blocks,
        tables=view.tables,
        charts=charts,
        evaluations=view.evaluations,
        headings=headings,
        for_print=for_print,
        print_classes=classes,
        column_widths=widths,
    )
