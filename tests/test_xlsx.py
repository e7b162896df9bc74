"""Tests for juesuan.render.xlsx: the 13 附表 of the example as an Excel workbook, read back with openpyxl."""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from decimal import Decimal

import pytest
from openpyxl import Workbook, load_workbook
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.worksheet import Worksheet

from juesuan.build import prepare
from juesuan.render.xlsx import render_xlsx, sheet_name
from juesuan.viewmodel import ReportView

from .conftest import EXAMPLE, MINIMAL, SICHUAN_TABLE_TITLES

TITLES = SICHUAN_TABLE_TITLES
CENT = Decimal("0.01")


@pytest.fixture(scope="module")
def view() -> ReportView:
    return prepare(EXAMPLE)


@pytest.fixture(scope="module")
def content(view: ReportView) -> bytes:
    return render_xlsx(view)


@pytest.fixture(scope="module")
def workbook(content: bytes) -> Workbook:
    return load_workbook(io.BytesIO(content))


def _sheet(workbook: Workbook, number: int) -> Worksheet:
    return workbook.worksheets[number - 1]


def _money(value: object) -> Decimal:
    assert isinstance(value, int | float) and not isinstance(value, bool), value
    return Decimal(repr(value)).quantize(CENT)


def _row_with(ws: Worksheet, label: str) -> tuple:
    for row in ws.iter_rows(values_only=True):
        if label in row:
            return row
    raise AssertionError(f"no row with {label!r} in {ws.title}")


def _body(ws: Worksheet) -> list[tuple]:
    """The rows between the header (frozen above) and the note."""
    first = ws[ws.freeze_panes].row
    rows = list(ws.iter_rows(min_row=first, values_only=True))
    return rows[:-1]  # the last row is the note


def test_thirteen_sheets_in_order_with_titles(workbook: Workbook) -> None:
    assert workbook.sheetnames == [f"{n} {t}" for n, t in enumerate(TITLES, 1)]
    for n, title in enumerate(TITLES, 1):
        ws = _sheet(workbook, n)
        assert ws["A1"].value == title
        assert ws["A1"].font.b and ws["A1"].font.sz == 16
        assert ws["A1"].alignment.horizontal == "center"
        last = ws.max_column
        assert f"A1:{get_column_letter(last)}1" in {str(r) for r in ws.merged_cells.ranges}
        assert ws["A2"].value == "编制单位：乐山市金口河区信访局"
        assert ws.cell(row=2, column=last).value == "单位：万元"
        assert ws.cell(row=2, column=last).alignment.horizontal == "right"


def test_sheet_names_are_valid() -> None:
    assert sheet_name(3, "支出决算表") == "3 支出决算表"
    name = sheet_name(12, "a/b:c*d?e[f]g\\h" + "长" * 40)
    assert len(name) == 31 and not set(name) & set("[]:*?/\\")


def test_amounts_are_numbers_and_codes_are_text(workbook: Workbook) -> None:
    numbers = codes = 0
    for ws in workbook.worksheets:
        for row in ws.iter_rows(min_row=3):
            for cell in row:
                if cell.number_format == "#,##0.00":
                    assert cell.value is None or isinstance(cell.value, int | float), (ws.title, cell)
                    numbers += cell.value is not None
                if isinstance(cell.value, str) and cell.value.isdigit():
                    assert cell.number_format == "@", (ws.title, cell.coordinate)
                    assert cell.data_type == "s"
                    codes += 1
    assert numbers > 300
    assert codes > 100
    t2 = _sheet(workbook, 2)
    row = _row_with(t2, "2010301")
    assert row[:4] == ("2010301", "行政运行", 91.14, 91.14)


def test_t1_totals(workbook: Workbook) -> None:
    t1 = _sheet(workbook, 1)
    income = _row_with(t1, "本年收入合计")
    assert income[0] == "本年收入合计" and _money(income[1]) == Decimal("243.33")
    assert income[2] == "本年支出合计" and _money(income[3]) == Decimal("243.38")
    total = _row_with(t1, "总计")
    assert [_money(total[1]), _money(total[3])] == [Decimal("243.40")] * 2


def test_blank_cells_stay_empty(workbook: Workbook) -> None:
    t1 = _sheet(workbook, 1)
    row = _row_with(t1, "二、外交支出")  # a 类 without expenditure: blank, not 0
    assert row[3] is None
    assert _row_with(t1, "二、政府性基金预算财政拨款收入")[1] == 0  # a zero the table prints as 0.00
    t10 = _sheet(workbook, 10)  # an empty table: only the 合计 row, with blank amounts
    assert _body(t10) == [("合计", None, None, None, None, None, None, None)]
    assert t10.cell(row=t10.max_row, column=1).value.startswith("说明：")


@pytest.mark.parametrize("number", [2, 3, 6])
def test_total_row_is_the_sum_of_the_classes(workbook: Workbook, number: int) -> None:
    body = _body(_sheet(workbook, number))
    total, rows = body[0], body[1:]
    assert total[0] == "合计"
    classes = [r for r in rows if isinstance(r[0], str) and len(r[0]) == 3]
    assert len(classes) == 5
    for col in range(2, len(total)):
        assert _money(total[col]) == sum((_money(r[col]) for r in classes), Decimal(0)), col


def test_t8_footer(workbook: Workbook) -> None:
    t8 = _sheet(workbook, 8)
    footer = _row_with(t8, "人员经费合计")
    assert footer[0] == "人员经费合计" and _money(footer[2]) == Decimal("182.09")
    assert footer[3] == "公用经费合计" and _money(footer[5]) == Decimal("17.89")
    row = _row_with(t8, "人员经费合计")
    assert row[1] is None  # merged over two columns
    merged = {str(r) for r in t8.merged_cells.ranges}
    footer_row = next(c.row for c in t8["A"] if c.value == "人员经费合计")
    assert f"A{footer_row}:B{footer_row}" in merged and f"D{footer_row}:E{footer_row}" in merged


def test_merged_header_cells(workbook: Workbook) -> None:
    t13 = _sheet(workbook, 13)
    merged = {str(r) for r in t13.merged_cells.ranges}
    assert {"A3:F3", "G3:L3", "A4:A5", "C4:E4", "I4:K4"} <= merged
    assert t13["C4"].value == "公务用车购置及运行维护费" and t13["C5"].value == "小计"
    assert t13["A3"].border.left.style == "thin"
    assert t13["A3"].alignment.wrap_text and t13["A3"].alignment.horizontal == "center"
    t3 = _sheet(workbook, 3)
    merged = {str(r) for r in t3.merged_cells.ranges}
    assert {"A3:B3", "C3:C4", "A5:B5"} <= merged  # 项目, 本年支出合计, the 合计 row's label


def test_indent_by_level(workbook: Workbook) -> None:
    t3 = _sheet(workbook, 3)
    indent = {}
    for row in t3.iter_rows(min_row=6):
        if isinstance(row[0].value, str) and row[0].value.isdigit():
            indent[len(row[0].value)] = row[1].alignment.indent
    assert indent == {3: 0, 5: 1, 7: 2}


def test_sheet_setup(workbook: Workbook) -> None:
    t3 = _sheet(workbook, 3)
    assert t3.freeze_panes == "A5"
    assert t3.print_title_rows == "$3:$4"
    assert t3.page_setup.orientation == "landscape"
    assert t3.sheet_properties.pageSetUpPr.fitToPage and t3.page_setup.fitToWidth == 1
    assert t3.column_dimensions["B"].width > t3.column_dimensions["A"].width >= 8
    t13 = _sheet(workbook, 13)
    assert t13.freeze_panes == "A6" and t13.print_title_rows == "$3:$5"
    note = t13.cell(row=t13.max_row, column=1).value
    assert note.startswith("注：本表反映部门本年度财政拨款“三公”经费支出预决算情况")


def test_deterministic(view: ReportView, content: bytes, workbook: Workbook) -> None:
    assert render_xlsx(view) == content
    props = workbook.properties
    assert props.creator == "juesuan"
    assert props.created == props.modified == datetime(2025, 6, 30)
    with zipfile.ZipFile(io.BytesIO(content)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 6, 30, 0, 0, 0)}


def test_minimal_dataset(write_dataset) -> None:
    workbook = load_workbook(io.BytesIO(render_xlsx(prepare(write_dataset(MINIMAL)))))
    assert len(workbook.sheetnames) == 13
    t3 = _sheet(workbook, 3)
    assert _body(t3)[0][:3] == ("合计", None, 100)
    assert _row_with(t3, "2010301")[:3] == ("2010301", "行政运行", 100)
