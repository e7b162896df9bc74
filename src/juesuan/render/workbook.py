"""The workbook drawer both Excel writers share: tables.xlsx (``juesuan.render.xlsx``) and the input
workbook (``juesuan.excel.writer``, for its export and its blank template).

Number formats, fonts, borders and fills; sheet names Excel accepts; a cache that builds each cell style
once; and saving: fixed workbook properties and zip timestamps (30 June of the year after the report year),
so that the same input gives the same bytes, with each worksheet serialised in memory.
"""

from __future__ import annotations

import datetime as dt
import io
import re
import zipfile
from collections.abc import Callable, Hashable
from copy import copy

from openpyxl import Workbook
from openpyxl.cell.cell import Cell as OpenpyxlCell
from openpyxl.cell.cell import MergedCell
from openpyxl.drawing.spreadsheet_drawing import SpreadsheetDrawing
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.styles.cell_style import StyleArray
from openpyxl.worksheet._writer import WorksheetWriter
from openpyxl.worksheet.worksheet import Worksheet
from openpyxl.writer.excel import ExcelWriter

AMOUNT_FORMAT = "#,##0.00"
TEXT_FORMAT = "@"
FONT_NAME = "宋体"
TITLE_FONT = Font(name=FONT_NAME, size=16, bold=True)
CELL_FONT = Font(name=FONT_NAME, size=10)
BOLD_FONT = Font(name=FONT_NAME, size=10, bold=True)
THIN = Side(style="thin", color="000000")
BORDER = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEADER_FILL = PatternFill(fill_type="solid", start_color="F0F0EC", end_color="F0F0EC")
SHEET_NAME_MAX = 31
_FORBIDDEN = re.compile(r"[\[\]:*?/\\]")


def sheet_name(index: int | None, title: str) -> str:
    """“{index} {title}” (or the title alone) without the characters Excel forbids, at most 31 characters."""
    text = f"{index} {title}" if index is not None else title
    return _FORBIDDEN.sub("_", text).strip("'")[:SHEET_NAME_MAX]


def write_note(ws: Worksheet, row: int, columns: int, text: str, font: Font, height: float) -> None:
    """A table's note under it: one cell across the table's columns, wrapped, at the given row height."""
    note = ws.cell(row=row, column=1, value=text)
    note.font = font
    note.alignment = Alignment(horizontal="left", vertical="top", wrap_text=True)
    if columns > 1:
        ws.merge_cells(start_row=row, start_column=1, end_row=row, end_column=columns)
    ws.row_dimensions[row].height = height


def new_workbook() -> Workbook:
    """A workbook without its default sheet."""
    wb = Workbook()
    wb.remove(wb.worksheets[0])
    return wb


class StyleCache:
    """Cell styles of one workbook, each built once.

    Assigning fonts, borders and alignments through openpyxl hashes the style objects on every assignment;
    a table of a few hundred cells needs only a dozen distinct styles, so each is built once on a first cell
    (by ``setup``) and its style array copied to the others (the way openpyxl itself copies styles).
    """

    def __init__(self) -> None:
        self.cache: dict[Hashable, StyleArray] = {}

    def apply(
        self,
        target: OpenpyxlCell | MergedCell,
        key: Hashable,
        setup: Callable[[OpenpyxlCell | MergedCell], None],
    ) -> None:
        style = self.cache.get(key)
        if style is not None:
            # openpyxl's own way of copying a style between cells; its stubs do not declare ``_style``
            target._style = copy(style)  # type: ignore[union-attr]
            return
        setup(target)
        self.cache[key] = copy(target._style)  # type: ignore[union-attr]


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


def save(wb: Workbook, year: int, title: str | None = None) -> bytes:
    """The workbook's bytes: creator juesuan, created and modified (and every zip entry stamped) on
    30 June of the year after the report year ``year``."""
    stamp = dt.datetime(year + 1, 6, 30)
    props = wb.properties
    props.creator = "juesuan"
    props.lastModifiedBy = "juesuan"
    if title is not None:
        props.title = title
    props.created = stamp
    props.modified = stamp
    buffer = io.BytesIO()
    with _FixedTimeZip(buffer, stamp) as archive:
        _Writer(wb, archive).save()
    return buffer.getvalue()
