"""A copy of a workbook with the check's findings on it (``juesuan check workbook.xlsx --annotate OUT``):
each finding becomes a comment on every cell it points to, which is highlighted by severity, and a sheet
校验结果 lists all findings (also those that point to no cell)."""

from __future__ import annotations

import io
import re
import warnings
from pathlib import Path

from openpyxl import load_workbook
from openpyxl.comments import Comment
from openpyxl.styles import Alignment, Font, PatternFill

from juesuan.findings import SEVERITY_RANK, CheckReport, severity_name

__all__ = ["annotate"]

FILLS = {
    "fatal": PatternFill(fill_type="solid", start_color="FF9999", end_color="FF9999"),
    "error": PatternFill(fill_type="solid", start_color="FFC7CE", end_color="FFC7CE"),
    "warning": PatternFill(fill_type="solid", start_color="FFEB9C", end_color="FFEB9C"),
    "info": PatternFill(fill_type="solid", start_color="DDEBF7", end_color="DDEBF7"),
}
RESULT_SHEET = "校验结果"
_CELL = re.compile(r"^(?P<sheet>.+)!(?P<ref>[A-Z]{1,3}[0-9]+)$")


def annotate(path: Path | str, report: CheckReport) -> bytes:
    """The workbook at ``path`` with ``report``'s findings as comments and highlights, as .xlsx bytes."""
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        wb = load_workbook(Path(path))
    notes: dict[tuple[str, str], list[str]] = {}
    worst: dict[tuple[str, str], str] = {}
    rows = []
    for finding in report.sorted_findings():
        cells = []
        for loc in finding.locations:
            match = _CELL.match(loc.cell or "")
            if match and match["sheet"] in wb.sheetnames:
                place = (match["sheet"], match["ref"])
                if place not in cells:
                    cells.append(place)
        for place in cells:
            notes.setdefault(place, []).append(
                f"[{finding.rule_id} {severity_name(finding.severity)}] {finding.message}"
            )
            if place not in worst or SEVERITY_RANK[finding.severity] < SEVERITY_RANK[worst[place]]:
                worst[place] = finding.severity
        rows.append(
            (
                finding.rule_id,
                severity_name(finding.severity),
                finding.message,
                "、".join(f"{s}!{r}" for s, r in cells),
            )
        )
    for (sheet, ref), texts in notes.items():
        cell = wb[sheet][ref]
        text = "\n".join(texts)
        if cell.comment is not None:
            text = cell.comment.text + "\n" + text
        comment = Comment(text, "juesuan")
        comment.width, comment.height = 360, min(60 + 40 * len(texts), 400)
        cell.comment = comment
        cell.fill = FILLS[worst[(sheet, ref)]]
    if RESULT_SHEET in wb.sheetnames:
        del wb[RESULT_SHEET]
    ws = wb.create_sheet(RESULT_SHEET, 0)
    ws.append(["规则", "级别", "问题", "单元格"])
    for cell in ws[1]:
        cell.font = Font(bold=True)
    for row in rows:
        ws.append(list(row))
    ws.column_dimensions["A"].width = 8
    ws.column_dimensions["B"].width = 8
    ws.column_dimensions["C"].width = 100
    ws.column_dimensions["D"].width = 40
    for row in ws.iter_rows(min_row=2):
        row[2].alignment = Alignment(wrap_text=True, vertical="top")
    if not rows:
        ws.append(["", "", "未发现问题", ""])
    buffer = io.BytesIO()
    wb.save(buffer)
    return buffer.getvalue()
