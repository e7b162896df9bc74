"""What every renderer asks of a table cell: the text it shows, its alignment, how wide its text is, and
how wide each column of a table needs to be.

Each output measures in its own unit (em of the table font for PDF and Word, Excel's character units for
the workbooks) and turns the widths into its own column widths; the measuring is done here once.
"""

from __future__ import annotations

import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from decimal import Decimal

from juesuan.money import format_amount
from juesuan.tables import Cell, PlacedCell, Table, place_cells


def cell_text(cell: Cell) -> str:
    """The text a table cell shows: amounts as #,##0.00, blanks as empty."""
    if cell.value is None:
        return ""
    if isinstance(cell.value, Decimal):
        return format_amount(cell.value, thousands=True)
    return cell.value


def cell_align(cell: Cell) -> str:
    """The cell's alignment: its own, else right for amounts and left for text."""
    if cell.align:
        return cell.align
    return "right" if isinstance(cell.value, Decimal) else "left"


def text_em(text: str) -> float:
    """Approximate width of one line of *text* in em: wide and fullwidth characters 1, others about half."""
    return sum(1.0 if unicodedata.east_asian_width(ch) in "WF" else 0.55 for ch in text)


def text_columns(text: str) -> int:
    """Display width in Excel character units: East Asian wide and fullwidth characters count 2."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass
class ColumnExtent:
    """What one column of a table holds, as measured by the renderer's ``measure``."""

    body: float = 0.0  # the widest single-column body cell
    header: float = 0.0  # the widest single-column header cell
    numeric: bool = True  # its body cells are amounts or blank (no text)


def column_extents(
    placed: list[PlacedCell], columns: int, measure: Callable[[PlacedCell], float]
) -> list[ColumnExtent]:
    """Per column, the widest header and body cell of one column (cells spanning columns are left to the
    columns they span), measured by ``measure``; and whether its body holds any text."""
    out = [ColumnExtent() for _ in range(columns)]
    for p in placed:
        if p.cell.colspan != 1 or p.col >= columns:
            continue
        extent = out[p.col]
        width = measure(p)
        if p.header:
            extent.header = max(extent.header, width)
        else:
            extent.body = max(extent.body, width)
            if p.cell.value and not isinstance(p.cell.value, Decimal):
                extent.numeric = False
    return out


def table_extents(table: Table, measure: Callable[[PlacedCell], float]) -> list[ColumnExtent]:
    """``column_extents`` of every cell of ``table`` on its grid."""
    return column_extents(place_cells(table), table.column_count, measure)
