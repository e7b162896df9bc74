"""Render the view model as plain text: the narrative, every table (tab-separated rows) and chart data.

This is the form the golden test pins and the form the auditor reads back; every figure appears exactly
as the other formats print it.
"""

from __future__ import annotations

from juesuan.charts import BarChart
from juesuan.render.cells import cell_text
from juesuan.tables import Table
from juesuan.viewmodel import ReportView, labels


def _table_lines(table: Table) -> list[str]:
    lines = [table.title]
    meta = "\t".join(x for x in (table.org_line, table.unit_line) if x)
    if meta:
        lines.append(meta)
    for row in (*table.header, *table.body):
        lines.append("\t".join(cell_text(c) for c in row))
    if table.note:
        lines.append(table.note)
    return lines


def render_text(view: ReportView) -> str:
    """The complete report as UTF-8 text (a report that failed the check says so first and lists why last)."""
    out: list[str] = []
    unchecked = None if view.passed_check else labels(view.derived.dataset.department.profile)["unchecked"]
    if unchecked:
        out.append(unchecked["banner"])
    for block in view.blocks:
        if block.kind in ("title", "paragraph", "note") or block.kind == "heading":
            out.append(block.text)
        elif block.kind == "table":
            out.extend(_table_lines(view.tables[block.ref]))
        elif block.kind == "evaluation":
            out.extend(_table_lines(view.evaluations[int(block.ref)]))
        elif block.kind == "chart":
            chart = view.charts[block.ref]
            out.append(chart.title)
            if isinstance(chart, BarChart) or any(chart.values):
                out.append("\t".join(chart.labels))
                out.append("\t".join(chart.value_labels))
            else:
                out.append(chart.empty_note)
    if unchecked and view.check is not None:
        out.append(unchecked["findings_title"])
        for finding in view.check.sorted_findings():
            out.append(f"{unchecked['severity'][finding.severity]}\t{finding.line()}")
    return "\n".join(out) + "\n"
