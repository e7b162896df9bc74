"""Turn a clean juesuan workbook into one that looks like a real 决算-software export: sheets renamed and
shuffled, every table moved down and right (blank rows and columns around it), title cells merged wider,
the code column of the 功能分类 tables split into 类/款/项 columns (类 as a number, 款/项 as text), amounts of
some tables written as text with thousands separators, and one total written as a formula whose cached
value is put into the sheet XML (openpyxl cannot write cached values)."""

from __future__ import annotations

import io
import random
import re
import zipfile
from decimal import Decimal

from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter

SPLIT_TABLES = ("收入决算表", "支出决算表", "一般公共预算财政拨款支出决算表")
TEXT_AMOUNT_TABLES = ("收入决算表", "收入支出决算总表")
FORMULA_TABLE = "支出决算表"


def _title(ws) -> str:
    return str(ws.cell(row=1, column=1).value or "")


def messy(clean: bytes, seed: int = 7) -> bytes:
    src = load_workbook(io.BytesIO(clean))
    out = Workbook()
    out.remove(out.active)
    sheets = list(src.worksheets)
    random.Random(seed).shuffle(sheets)
    formula: tuple[str, str, Decimal] | None = None
    for n, ws in enumerate(sheets, 1):
        new = out.create_sheet(f"Sheet{n}")
        title = _title(ws)
        split = title in SPLIT_TABLES
        as_text = title in TEXT_AMOUNT_TABLES
        dr, dc = 2, 1  # two blank rows above, one blank column to the left

        def col(c: int, dc: int = dc, split: bool = split) -> int:
            return c + dc + (2 if split and c > 1 else 0)

        for row in ws.iter_rows():
            for cell in row:
                value = cell.value
                if value is None:
                    continue
                r, c = cell.row + dr, col(cell.column)
                if split and cell.column == 1 and isinstance(value, str) and re.fullmatch(r"\d{3,7}", value):
                    parts = [int(value[:3]), value[3:5] or None, value[5:7] or None]
                    for i, part in enumerate(parts):
                        if part is not None:
                            new.cell(row=r, column=c + i, value=part)
                    continue
                if as_text and isinstance(value, int | float | Decimal) and not isinstance(value, bool):
                    value = (
                        f"{Decimal(str(value)):,.2f}"
                        if Decimal(str(value)) == round(Decimal(str(value)), 2)
                        else str(value)
                    )
                new.cell(row=r, column=c, value=value)
        for rng in ws.merged_cells.ranges:
            min_col, max_col = col(rng.min_col), col(rng.max_col)
            if split and rng.min_col == 1:
                max_col = col(rng.max_col) + (2 if rng.max_col == 1 else 0)
            if rng.min_row == 1:
                max_col += 1  # title merged wider than the table
            new.merge_cells(
                start_row=rng.min_row + dr, start_column=min_col, end_row=rng.max_row + dr, end_column=max_col
            )
        if split:  # the code header over 类/款/项, and the three labels under it
            for r in range(1, ws.max_row + 1):
                if ws.cell(row=r, column=1).value == "功能分类科目编码":
                    new.cell(row=r + dr, column=col(1), value="支出功能分类科目编码")
                    new.merge_cells(
                        start_row=r + dr, start_column=col(1), end_row=r + dr, end_column=col(1) + 2
                    )
        if title == FORMULA_TABLE and formula is None:
            for r in range(1, ws.max_row + 1):
                if ws.cell(row=r, column=1).value == "合计":
                    value = ws.cell(row=r, column=3).value
                    ref = f"{get_column_letter(col(3))}{r + dr}"
                    first = f"{get_column_letter(col(3))}{r + dr + 1}"
                    new[ref] = f"=SUM({first}:{get_column_letter(col(3))}{r + dr + 1})"
                    formula = (new.title, ref, Decimal(str(value)))
                    break
    buffer = io.BytesIO()
    out.save(buffer)
    data = buffer.getvalue()
    assert formula is not None
    return put_cached_value(data, *formula)


def put_cached_value(data: bytes, sheet_title: str, ref: str, value: Decimal) -> bytes:
    """Write the cached value of the formula at ``ref`` into the sheet's XML (what Excel stores on save)."""
    source = zipfile.ZipFile(io.BytesIO(data))
    index = load_workbook(io.BytesIO(data)).sheetnames.index(sheet_title) + 1
    target = f"xl/worksheets/sheet{index}.xml"
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for info in source.infolist():
            content = source.read(info.filename)
            if info.filename == target:
                pattern = re.compile(
                    rb'(<c r="' + ref.encode() + rb'"[^>]*>\s*<f>[^<]*</f>)\s*(?:<v\s*/>|<v></v>)?'
                )
                content, count = pattern.subn(rb"\g<1><v>" + str(value).encode() + rb"</v>", content)
                assert count == 1, "formula cell not found"
            out.writestr(info, content)
    return buffer.getvalue()
