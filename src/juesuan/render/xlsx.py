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

import math
import re
from decimal import Decimal

from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.styles import Alignment, Font
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.merge import MergedCellRange
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from juesuan.money import format_amount, round_half_up
from juesuan.render.cells import column_extents, text_columns
from juesuan.render.workbook import (
    AMOUNT_FORMAT,
    BOLD_FONT,
    BORDER,
    CELL_FONT,
    FONT_NAME,
    HEADER_FILL,
    TEXT_FORMAT,
    TITLE_FONT,
    StyleCache,
    new_workbook,
    save,
    sheet_name,
    write_note,
)
from juesuan.tables import Cell, Table, place_cells
from juesuan.tables import PlacedCell as _Placed
from juesuan.viewmodel import ReportView

__all__ = ["render_xlsx", "sheet_name"]

META_FONT = Font(name=FONT_NAME, size=10)
LINE_HEIGHT = 13.5  # points per line of 10 pt text
MIN_ROW_HEIGHT = 18.0
MIN_WIDTH, MAX_WIDTH = 8.0, 50.0
AMOUNT_MIN_WIDTH = 12.0
WIDE_TABLE = 7  # tables with at least this many columns print landscape
PORTRAIT_WIDTH = 100.0  # and so do tables wider than this (character units; about an A4 portrait page)
_CODE = re.compile(r"^\d+$")


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


class _Styles(StyleCache):
    """The cell styles of tables.xlsx, by ``StyleKey``."""

    def style(self, target: OpenpyxlCell | MergedCell, key: StyleKey) -> None:
        self.apply(target, key, lambda cell: _setup(cell, key))

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


def _setup(target: OpenpyxlCell | MergedCell, key: StyleKey) -> None:
    kind, header, bold, horizontal, indent, wrap, number_format = key
    target.border = BORDER
    if header:
        target.fill = HEADER_FILL
    if kind == "cell":
        target.font = BOLD_FONT if bold else CELL_FONT
        target.alignment = Alignment(horizontal=horizontal, vertical="center", wrap_text=wrap, indent=indent)
        target.number_format = number_format or "General"


class _StyledMerge(MergedCellRange):
    """A merged range whose cells are all styled already, every one with ``BORDER``: openpyxl's range
    would give the top-left cell the bottom-right cell's right and bottom border, which here is the
    same border, at the cost of hashing and comparing border styles (a tenth of the workbook's time)."""

    def _get_borders(self) -> None:
        self.start_cell = self.ws.cell(row=self.min_row, column=self.min_col)


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
    styles.style(target, styles.key(cell, p.header))
    if cell.colspan > 1 or cell.rowspan > 1:
        last_row, last_col = row + cell.rowspan - 1, col + cell.colspan - 1
        cover = styles.cover(p.header)
        for r in range(row, last_row + 1):
            for c in range(col, last_col + 1):
                if (r, c) != (row, col):
                    styles.style(ws.cell(row=r, column=c), cover)
        # ws.merge_cells would also replace the covered cells and recompute their borders one by one
        # (the slowest part of writing a sheet); they are empty and already styled here
        ws.merged_cells.add(
            _StyledMerge(ws, f"{get_column_letter(col)}{row}:{get_column_letter(last_col)}{last_row}")
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
        height = round(_lines(table.note, sum(widths)) * LINE_HEIGHT + 6, 1)
        write_note(ws, note_row, columns, table.note, META_FONT, height)

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


def render_xlsx(view: ReportView) -> bytes:
    """The 附表 of ``view`` as an .xlsx workbook, one sheet per table in printed order."""
    wb = new_workbook()
    styles = _Styles()
    for index, table in enumerate(view.tables.values(), 1):
        # the number in front keeps truncated names distinct
        _write_table(wb.create_sheet(sheet_name(index, table.title)), table, styles)
    return save(wb, view.derived.year, title=f"{view.title} 附表")
