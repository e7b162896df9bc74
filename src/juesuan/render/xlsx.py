"""Render the 13 附表 as one Excel workbook (.xlsx), one sheet per table, in the printed layout.

Each sheet has the title row (merged across the table, bold, 16 pt), the row with 编制单位 and 单位：万元,
the header rows with their merged cells, the body and the note below it. Amounts are numeric cells holding
the value the table shows (四舍五入 to 2 decimals, format ``#,##0.00``); blank cells stay empty; the 类/款/项
and 经济分类 codes are text cells (format ``@``). Nothing is computed here: the cells come from
``juesuan.tables`` as they are.

The output is deterministic: the workbook properties are fixed (creator ``juesuan``, created and modified
on 30 June of the year after the report year) and so are the timestamps of the zip entries.
"""

from __future__ import annotations

import datetime as dt
import io
import math
import re
import zipfile
from copy import copy
from decimal import Decimal

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.utils import get_column_letter
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

from juesuan.money import format_amount, round_half_up
from juesuan.render.cells import column_extents, text_columns
from juesuan.tables import Cell, Table, place_cells
from juesuan.tables import PlacedCell as _Placed
from juesuan.viewmodel import ReportView

__all__ = ["render_xlsx", "sheet_name"]

AMOUNT_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
FONT_NAME = "宋体"
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
META_FONT = Font(name=FONT_NAME, size=10)
CELL_FONT = Font(name=FONT_NAME, size=10)
BOLD_FONT = Font(name=FONT_NAME, size=10, bold=True)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill(fill_type="solid", start_color="F0F0EC", end_color="F0F0EC")
LINE_HEIGHT = 13.5  # points per line of 10 pt text
MIN_ROW_HEIGHT = 18.0
MIN_WIDTH, MAX_WIDTH = 8.0, 50.0
AMOUNT_MIN_WIDTH = 12.0
WIDE_TABLE = 7  # tables with at least this many columns print landscape
PORTRAIT_WIDTH = 100.0  # and so do tables wider than this (character units; about an A4 portrait page)
SHEET_NAME_MAX = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")
_CODE = re.compile(r"^\d+$")


def sheet_name(index: int, title: str) -> str:
    """“{index} {title}” without the characters Excel forbids, at most 31 characters."""
    name = _FORBIDDEN.sub("_", f"{index} {title}").strip("'")
    return name[:SHEET_NAME_MAX]


def _is_code(cell: Cell) -> bool:
    return isinstance(cell.value, str) and _CODE.match(cell.value) is not None


def _cell_width(p: _Placed) -> float:
    """The column width a single-column cell asks for (header text may wrap onto two lines)."""
    value = p.cell.value
    if value is None:
        return 0.0
    if isinstance(value, Decimal):
        return max(AMOUNT_MIN_WIDTH, len(format_amount(value, thousands=True)) + 3)
    width = text_columns(value) + 2 * p.cell.indent + 2
    if p.header and width > 12:
        width = math.ceil(width / 2) + 2
    return float(width)


def _column_widths(placed: list[_Placed], columns: int) -> list[float]:
    extents = column_extents(placed, columns, _cell_width)
    return [min(max(MIN_WIDTH, e.header, e.body), MAX_WIDTH) for e in extents]


def _lines(text: str, width: float) -> int:
    """Lines ``text`` wraps onto in a cell ``width`` characters wide (a rough, deterministic estimate)."""
    usable = max(width - 1.5, 1.0)
    return max(1, math.ceil(text_columns(text) / usable))


def _row_heights(placed: list[_Placed], widths: list[float], rows: int) -> list[float]:
    heights = [MIN_ROW_HEIGHT] * rows
    for p in placed:
        if not isinstance(p.cell.value, str) or not p.cell.value:
            continue
        width = sum(widths[p.col : p.col + p.cell.colspan]) - 2 * p.cell.indent
        need = _lines(p.cell.value, width) * LINE_HEIGHT + 4.5
        per_row = need / p.cell.rowspan
        for r in range(p.row, p.row + p.cell.rowspan):
            heights[r] = max(heights[r], per_row)
    return heights


# (kind, header, bold, horizontal alignment, indent, wrap, number format)
StyleKey = tuple[str, bool, bool, str | None, int, bool, str | None]


class _Styles:
    """Cell styles of one workbook, each built once.

    Assigning fonts, borders and alignments through openpyxl hashes the style objects on every assignment;
    a table of a few hundred cells needs only a dozen distinct styles, so each is built once on a first cell
    and its style array copied to the others (the way openpyxl itself copies styles between cells).
    """

    def __init__(self) -> None:
        self.cache: dict[StyleKey, StyleArray] = {}

    def apply(self, target: OpenpyxlCell | MergedCell, key: StyleKey) -> None:
        style = self.cache.get(key)
        if style is not None:
            # openpyxl's own way of copying a style between cells; its stubs do not declare ``_style``
            target._style = copy(style)  # type: ignore[union-attr]
            return
        kind, header, bold, horizontal, indent, wrap, number_format = key
        target.border = BORDER
        if header:
            target.fill = HEADER_FILL
        if kind == "cell":
            target.font = BOLD_FONT if bold else CELL_FONT
            target.alignment = Alignment(
                horizontal=horizontal, vertical="center", wrap_text=wrap, indent=indent
            )
            target.number_format = number_format or "General"
        self.cache[key] = copy(target._style)  # type: ignore[union-attr]

    @staticmethod
    def key(cell: Cell, header: bool) -> StyleKey:
        value = cell.value
        amount = isinstance(value, Decimal)
        horizontal = cell.align or ("center" if header else "right" if amount else "left")
        indent = cell.indent if horizontal == "left" else 0
        number_format = AMOUNT_FORMAT if amount else TEXT_FORMAT if _is_code(cell) else "General"
        return ("cell", header, cell.bold, horizontal, indent, not amount, number_format)

    @staticmethod
    def cover(header: bool) -> StyleKey:
        """The cells a merged cell covers: they carry the border (and shading) of the merged area."""
        return ("cover", header, False, None, 0, False, None)


def _write_cell(ws: Worksheet, p: _Placed, top: int, styles: _Styles) -> None:
    """Write one table cell (1-based sheet row ``top`` is the first grid row) and merge its span."""
    row, col = top + p.row, 1 + p.col
    cell = p.cell
    target = ws.cell(row=row, column=col)
    value = cell.value
    if isinstance(value, Decimal):
        # the value the table prints, exactly: openpyxl writes it with "%.16g", which is exact for
        # any amount with 2 decimals below 10^13
        target.value = round_half_up(value, 2)
    elif value is not None and value != "":
        target.value = value
    styles.apply(target, styles.key(cell, p.header))
    if cell.colspan > 1 or cell.rowspan > 1:
        last_row, last_col = row + cell.rowspan - 1, col + cell.colspan - 1
        cover = styles.cover(p.header)
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                if (r, c) != (row, col):
                    styles.apply(ws.cell(row=r, column=c), cover)
        # ws.merge_cells would also replace the covered cells and recompute their borders one by one
        # (the slowest part of writing a sheet); they are empty and already styled here
        ws.merged_cells.add(
            MergedCellRange(ws, f"{get_column_letter(col)}{row}:{get_column_letter(last_col)}{last_row}")
        )


def _write_table(ws: Worksheet, table: Table, styles: _Styles) -> None:
    columns = table.column_count
    last = get_column_letter(columns)
    placed = place_cells(table)
    grid_rows = len(table.header) + len(table.body)
    widths = _column_widths(placed, columns)
    for c, width in enumerate(widths, 1):
        ws.column_dimensions[get_column_letter(c)].width = round(width, 1)

    # title
    ws.cell(row=1, column=1, value=table.title).font = TITLE_FONT
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if columns > 1:
        ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 30

    # 编制单位 … / 单位：万元
    if columns > 1:
        org = ws.cell(row=2, column=1, value=table.org_line or None)
        unit = ws.cell(row=2, column=columns, value=table.unit_line or None)
        unit.alignment = Alignment(horizontal="right", vertical="center")
        unit.font = META_FONT
        if columns > 2:
            ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns - 1)
    else:
        text = "　".join(x for x in (table.org_line, table.unit_line) if x)
        org = ws.cell(row=2, column=1, value=text or None)
    org.alignment = Alignment(horizontal="left", vertical="center")
    org.font = META_FONT
    ws.row_dimensions[2].height = 20

    # header and body
    top = 3
    for p in placed:
        _write_cell(ws, p, top, styles)
    for r, height in enumerate(_row_heights(placed, widths, grid_rows)):
        ws.row_dimensions[top + r].height = round(height, 1)

    # note
    note_row = top + grid_rows
    if table.note:
        note = ws.cell(row=note_row, column=1, value=table.note)
        note.font = META_FONT
        note.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
        if columns > 1:
            ws.merge_cells(start_row=note_row, start_column=1, end_row=note_row, end_column=columns)
        ws.row_dimensions[note_row].height = round(_lines(table.note, sum(widths)) * LINE_HEIGHT + 6, 1)

    # view and print setup
    header_end = top + len(table.header) - 1
    ws.freeze_panes = f"A{header_end + 1}"
    ws.print_title_rows = f"{top}:{header_end}" if table.header else None
    ws.print_area = f"A1:{last}{note_row if table.note else note_row - 1}"
    setup = ws.page_setup
    setup.paperSize = ws.PAPERSIZE_A4
    wide = columns >= WIDE_TABLE or sum(widths) > PORTRAIT_WIDTH
    setup.orientation = "landscape" if wide else "portrait"
    setup.fitToWidth = 1
    setup.fitToHeight = 0
    fit = ws.sheet_properties.pageSetUpPr or PageSetupProperties()
    fit.fitToPage = True
    ws.sheet_properties.pageSetUpPr = fit
    ws.print_options.horizontalCentered = True
    ws.page_margins.left = ws.page_margins.right = 0.5
    ws.page_margins.top = ws.page_margins.bottom = 0.6
    ws.sheet_view.showGridLines = False


class _FixedTimeZip(zipfile.ZipFile):
    """A zip archive whose entries all carry one fixed timestamp.

    openpyxl's writer stamps entries with the clock (``writestr`` with a name) or with the mtime of a file
    (``write``, which its stock worksheet writer uses); both get the fixed stamp here.
    """

    def __init__(self, file: io.BytesIO, stamp: dt.datetime) -> None:
        super().__init__(file, "w", zipfile.ZIP_DEFLATED)
        self.stamp = stamp.timetuple()[:6]

    def _info(self, name: str) -> zipfile.ZipInfo:
        info = zipfile.ZipInfo(name, date_time=self.stamp)
        info.compress_type = zipfile.ZIP_DEFLATED
        info.external_attr = 0o644 << 16
        return info

    def writestr(self, zinfo_or_arcname, data, compress_type=None, compresslevel=None):
        if isinstance(zinfo_or_arcname, str):
            zinfo_or_arcname = self._info(zinfo_or_arcname)
        super().writestr(zinfo_or_arcname, data, compress_type, compresslevel)

    def write(self, filename, arcname=None, compress_type=None, compresslevel=None):
        with open(filename, "rb") as source:
            data = source.read()
        self.writestr(self._info(str(arcname or filename)), data, compress_type, compresslevel)


class _Writer(ExcelWriter):
    """openpyxl's workbook writer, with each worksheet serialised in memory.

    The stock ``write_worksheet`` writes every sheet to a named temporary file and deletes it afterwards;
    on this project's machines that file traffic was about half the time of a workbook. The steps are
    otherwise those of openpyxl 3.1 (regular, not write-only, workbooks).
    """

    # openpyxl's own steps, on attributes its stubs do not declare (hence the ignores)
    def write_worksheet(self, ws: Worksheet) -> None:
        ws._drawing = SpreadsheetDrawing()  # type: ignore[attr-defined]
        ws._drawing.charts = ws._charts  # type: ignore[attr-defined]
        ws._drawing.images = ws._images  # type: ignore[attr-defined]
        writer = WorksheetWriter(ws, out=io.BytesIO())
        writer.write()
        ws._rels = writer._rels  # type: ignore[attr-defined]
        self._archive.writestr(ws.path[1:], writer.read())  # type: ignore[attr-defined]
        self.manifest.append(ws)


def render_xlsx(view: ReportView) -> bytes:
    """The 附表 of ``view`` as an .xlsx workbook, one sheet per table in printed order."""
    year = view.derived.year
    stamp = dt.datetime(year + 1, 6, 30)
    wb = Workbook()
    wb.remove(wb.worksheets[0])  # the default sheet
    styles = _Styles()
    for index, table in enumerate(view.tables.values(), 1):
        # the number in front keeps truncated names distinct
        _write_table(wb.create_sheet(sheet_name(index, table.title)), table, styles)
    props = wb.properties
    props.creator = "juesuan"
    props.lastModifiedBy = "juesuan"
    props.title = f"{view.title} 附表"
    props.created = stamp
    props.modified = stamp
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, stamp) as archive:
        _Writer(wb, archive).save()
    return buffer.getvalue()
