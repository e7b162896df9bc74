"""Write the sheets of an input workbook: the profile's tables (from ``juesuan.tables`` models), the
sheets for detail the tables do not carry, the text sheet 文字说明 and the instructions 填报说明.

Amount cells hold exact values (the importer reads back what was written) with the format ``#,##0.00``;
code cells are text (``@``), so that 类/款/项 codes keep their leading digits in Excel and WPS. Formats,
fonts, sheet names and saving are those of tables.xlsx (``juesuan.render.workbook``).
"""

from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal
from typing import Any

from openpyxl.styles import Alignment, Font, PatternFill
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

from juesuan.render.cells import text_columns
from juesuan.render.workbook import (
    AMOUNT_FORMAT,
    BOLD_FONT,
    BORDER,
    CELL_FONT,
    FONT_NAME,
    HEADER_FILL,
    TEXT_FORMAT,
    TITLE_FONT,
    new_workbook,
    save,
    sheet_name,
    write_note,
)
from juesuan.tables import Cell, Table, place_cells

INPUT_FILL = PatternFill(fill_type="solid", start_color="FFFDE7", end_color="FFFDE7")

ValueOf = Callable[[Cell], "Decimal | str | None"]


__all__ = [
    "AMOUNT_FORMAT",
    "TEXT_FORMAT",
    "new_workbook",
    "save",
    "sheet_name",
    "write_instructions",
    "write_rows",
    "write_table",
]


def _place(table: Table) -> list[tuple[Cell, int, int, bool]]:
    return [(p.cell, p.row, p.col, p.header) for p in place_cells(table)]


def write_table(
    ws: Worksheet,
    table: Table,
    value_of: ValueOf,
    code_columns: set[int],
    unit_line: str,
    org_line: str,
    blank_rows: int = 0,
    blank_at: int | None = None,
) -> None:
    """One table: title, 编制单位/单位 line, header, body (``blank_rows`` empty input rows inserted
    before body row ``blank_at``), note. ``value_of`` gives each body cell's value; ``code_columns`` are
    text columns."""
    columns = table.column_count
    last = get_column_letter(columns)
    ws.cell(row=1, column=1, value=table.title).font = TITLE_FONT
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center", vertical="center")
    if columns > 1:
        ws.merge_cells(f"A1:{last}1")
    ws.row_dimensions[1].height = 28
    ws.cell(row=2, column=1, value=org_line).font = CELL_FONT
    unit_col = columns if columns > 1 else 2
    ws.cell(row=2, column=unit_col, value=unit_line).font = CELL_FONT
    ws.cell(row=2, column=unit_col).alignment = Alignment(horizontal="right")
    if columns > 2:
        ws.merge_cells(start_row=2, start_column=1, end_row=2, end_column=columns - 1)

    top = 3
    header_rows = len(table.header)
    placed = _place(table)
    for cell, r, c, header in placed:
        row = top + r
        if not header and blank_at is not None and r - header_rows >= blank_at:
            row += blank_rows
        target = ws.cell(row=row, column=1 + c)
        value = cell.value if header else value_of(cell)
        if isinstance(value, Decimal):
            target.value = value
            target.number_format = AMOUNT_FORMAT
        elif value is not None and value != "":
            target.value = value
            if c in code_columns and not header:
                target.number_format = TEXT_FORMAT
        elif not header:
            target.number_format = TEXT_FORMAT if c in code_columns else AMOUNT_FORMAT
        target.border = BORDER
        target.font = BOLD_FONT if cell.bold or header else CELL_FONT
        horizontal = cell.align or (
            "center" if header else ("right" if isinstance(value, Decimal) else "left")
        )
        target.alignment = Alignment(
            horizontal=horizontal,
            vertical="center",
            wrap_text=header or isinstance(value, str),
            indent=cell.indent if horizontal == "left" else 0,
        )
        if header:
            target.fill = HEADER_FILL
        if cell.colspan > 1 or cell.rowspan > 1:
            for dr in range(cell.rowspan):
                for dc in range(cell.colspan):
                    ws.cell(row=row + dr, column=1 + c + dc).border = BORDER
            ws.merge_cells(
                start_row=row, start_column=1 + c, end_row=row + cell.rowspan - 1, end_column=c + cell.colspan
            )
    body_end = top + header_rows + len(table.body) + blank_rows
    if blank_rows and blank_at is not None:
        for r in range(top + header_rows + blank_at, top + header_rows + blank_at + blank_rows):
            for c in range(columns):
                target = ws.cell(row=r, column=1 + c)
                target.border = BORDER
                target.font = CELL_FONT
                target.fill = INPUT_FILL
                target.number_format = TEXT_FORMAT if c in code_columns else AMOUNT_FORMAT
                if c not in code_columns and c - 1 in code_columns:
                    target.number_format = "General"
    if table.note:
        write_note(ws, body_end, columns, table.note, CELL_FONT, 30)
    for c in range(columns):
        letter = get_column_letter(c + 1)
        texts = [
            cell.value
            for cell, _, col, header in placed
            if col == c and isinstance(cell.value, str) and not header
        ]
        longest = max((text_columns(t) for t in texts), default=0)
        ws.column_dimensions[letter].width = 12 if c in code_columns else min(max(14, longest + 2), 44)
    ws.freeze_panes = f"A{top + header_rows}"
    ws.sheet_view.showGridLines = False
    ws.page_setup.orientation = "landscape" if columns >= 7 else "portrait"
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    fit = ws.sheet_properties.pageSetUpPr or PageSetupProperties()
    fit.fitToPage = True
    ws.sheet_properties.pageSetUpPr = fit


def write_rows(
    ws: Worksheet,
    title: str,
    note: str | None,
    unit_line: str | None,
    columns: list[dict[str, Any]],
    rows: list[list[Any]],
    blank_rows: int = 0,
) -> None:
    """A simple list sheet: title, note and unit line, one header row, the rows (and empty input rows)."""
    ws.cell(row=1, column=1, value=title).font = TITLE_FONT
    if len(columns) > 1:
        ws.merge_cells(start_row=1, start_column=1, end_row=1, end_column=len(columns))
    ws.cell(row=1, column=1).alignment = Alignment(horizontal="center")
    if note:
        ws.cell(row=2, column=1, value=note).font = CELL_FONT
    if unit_line:
        ws.cell(row=2, column=len(columns), value=unit_line).font = CELL_FONT
        ws.cell(row=2, column=len(columns)).alignment = Alignment(horizontal="right")
    for c, column in enumerate(columns, 1):
        cell = ws.cell(row=3, column=c, value=column["text"])
        cell.font = BOLD_FONT
        cell.fill = HEADER_FILL
        cell.border = BORDER
        cell.alignment = Alignment(horizontal="center", vertical="center", wrap_text=True)
        ws.column_dimensions[get_column_letter(c)].width = column.get("width", 16)
    for r, row in enumerate([*rows, *([[None] * len(columns)] * blank_rows)], 4):
        for c, (column, value) in enumerate(zip(columns, row, strict=True), 1):
            cell = ws.cell(row=r, column=c)
            kind = column.get("kind", "text")
            if value is not None and value != "":
                cell.value = value
            cell.number_format = (
                AMOUNT_FORMAT if kind == "amount" else TEXT_FORMAT if kind != "number" else "General"
            )
            cell.border = BORDER
            cell.font = CELL_FONT
            cell.alignment = Alignment(vertical="top", wrap_text=kind == "text")
            if r - 4 >= len(rows):
                cell.fill = INPUT_FILL
    ws.freeze_panes = "A4"


def write_instructions(ws: Worksheet, title: str, paragraphs: list[str]) -> None:
    ws.cell(row=1, column=1, value=title).font = TITLE_FONT
    ws.column_dimensions["A"].width = 120
    for r, text in enumerate(paragraphs, 3):
        cell = ws.cell(row=r, column=1, value=text)
        cell.font = Font(name=FONT_NAME, size=11)
        cell.alignment = Alignment(wrap_text=True, vertical="top")
        ws.row_dimensions[r].height = max(18, 16 * (1 + text_columns(text) // 110))
