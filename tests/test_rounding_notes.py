"""A 尾差 note (R001) prints the very figures it tested, and a difference beyond its tolerance is never one.

Regression of issue 12 point 3: one cell of a workbook changed by 4.00 gave, beside the right errors, 提示
like “收入总计与支出总计：247.40与243.40相差4.00，在四舍五入允许的尾差（±0.08）以内”: the tolerance
was tested on the printed totals (the workbook states them) while the message printed the totals derived
from the items.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from juesuan.excel.export import export_workbook
from juesuan.loader import load_dataset
from juesuan.rules import check_path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml"
AS_PRINTED = ROOT / "tests" / "fixtures" / "jinkouhe-as-printed"


def _number(text: str) -> Decimal:
    return Decimal(text.rstrip("%"))


def assert_notes_hold(report) -> None:
    for f in report.findings:
        if f.rule_id == "R001":
            difference, tolerance = _number(f.params["difference"]), _number(f.params["tolerance"])
            assert difference <= tolerance, f.message
            left, right = _number(f.params["left"]), _number(f.params["right"])
            assert abs(left - right) == difference, f.message


def test_a_changed_workbook_cell_gives_errors_not_rounding_notes(tmp_path):
    wb = load_workbook(io.BytesIO(export_workbook(load_dataset(EXAMPLE))))
    ws = wb["2 收入决算表"]
    row = next(r for r in ws.iter_rows() if r[0].value == "2010350")  # 事业运行: 合计 54.38, 财政拨款 54.38
    assert row[3].value == 54.38
    row[3].value = 58.38  # 财政拨款 (column D)
    path = tmp_path / "changed.xlsx"
    wb.save(path)
    report = check_path(path)
    assert_notes_hold(report)
    assert not [f for f in report.findings if f.rule_id == "R001" and "4.00" in f.message]
    errors = [f for f in report.findings if f.severity == "error"]
    assert errors and all("4.00" in f.message for f in errors)


def test_a_changed_dataset_figure_gives_errors_not_rounding_notes(tmp_path):
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        "income: {general_budget: 54.38}", "income: {general_budget: 58.38}", 1
    )
    path = tmp_path / "dataset.yaml"
    path.write_text(text, encoding="utf-8")
    report = check_path(path)
    assert_notes_hold(report)
    assert {f.rule_id for f in report.findings if f.severity == "error"} >= {"T001", "T002"}


def test_a_total_as_printed_is_not_a_rounding_note_of_the_recomputed_one():
    """The as-printed 绩效自评 total 98.80 is the sum of the printed scores (9.80 among them, itself an E002
    error); it was a note “98.80与99.00相差0.20，在尾差（±0.10）以内”. Now the total agrees as printed and
    the error is found where it is, in the score."""
    report = check_path(AS_PRINTED)
    assert_notes_hold(report)
    keys = {f.locations[0].key: f for f in report.findings}
    assert "stated.performance.project0.total" not in keys
    assert keys["stated.performance.project0.execution_score"].severity == "error"
