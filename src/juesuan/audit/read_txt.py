"""Read a plain-text report: one paragraph per line, tables from tab-separated lines.

Two table encodings occur: juesuan's own text output (one row per line, cells separated by tabs) and the
text dump of a Word file (one cell per line, each line starting with a tab, rows separated by blank lines,
a cell's second line without the tab). WPS bookmark residue ("[bookmark: _Toc…]") is an artefact of the
dump and is removed. Every paragraph, table and cell keeps its 1-based line number.
"""

from __future__ import annotations

import html
import re
from pathlib import Path

from juesuan.audit.document import (
    Cell,
    Document,
    Paragraph,
    ReadError,
    Table,
    Where,
    parse_numbering,
    table_kind,
)
from juesuan.audit.flat_cells import FlatTable, cut_flat
from juesuan.audit.furniture import is_furniture
from juesuan.audit.normalise import ENTITY, normalise, simplified_cell

_BOOKMARK = re.compile(r"\[bookmark:[^\]]*\]")
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f]")
_UNIT = re.compile(r"单位[：:]\s*(亿元|万元|元)")


def decode(data: bytes) -> str:
    """Bytes → text (UTF-8 with or without BOM, else GB18030); ReadError when it is not text."""
    if b"\x00" in data[:4096]:
        raise ReadError("not_text")
    for encoding in ("utf-8-sig", "gb18030"):
        try:
            text = data.decode(encoding)
            break
        except UnicodeDecodeError:
            continue
    else:
        raise ReadError("not_text")
    controls = len(_CONTROL.findall(text, 0, 20000))
    if controls > max(5, len(text[:20000]) // 50):
        raise ReadError("not_text")
    return text


#: a printed page's number on a line of its own, as a copy from a PDF leaves it between the lines of a
#: paragraph or the cells of a table: “— 3 —”, “- 12 -”, “第3页”, “第 3 页 共 20 页”
_PAGE_NUMBER = re.compile(
    r"^\s*(?:[—–-]{1,2}\s*\d{1,3}\s*[—–-]{1,2}|第\s*\d{1,3}\s*页(?:\s*[，,/]?\s*共\s*\d{1,3}\s*页)?)\s*$"
)


#: full-width digits (“１２３．４５万元”, as some sites set figures), read as the figures they are
_WIDE_DIGITS = str.maketrans("０１２３４５６７８９", "0123456789")
_WIDE_POINT = re.compile(r"(?<=\d)．(?=\d)")
_WIDE_DIGIT = re.compile("[０-９]")
#: a short line of single characters set apart by spaces (a PDF's letter-spaced title, heading or label)
_LETTER_SPACED = re.compile(r"[\u4e00-\u9fff](?: [\u4e00-\u9fff]){3,24}")


#: what a copy from a web page carries unseen: zero-width spaces and joiners, a byte-order mark
_INVISIBLE = re.compile("[\u200b-\u200d\u2060\ufeff]")


def clean_line(line: str) -> str:
    """A line as read: bookmarks and trailing blanks cut, what a web copy carries unseen dropped (zero-width
    spaces; no-break spaces as spaces; HTML entities as their characters), full-width digits as ASCII (one
    character for one, so places hold), a page's number line emptied (its number kept)."""
    if "&" in line and ENTITY.search(line):
        line = ENTITY.sub(lambda m: html.unescape(m.group(0)), line)
    line = _INVISIBLE.sub("", line).replace("\u00a0", " ")
    line = _BOOKMARK.sub("", line).rstrip("\r\n").rstrip(" \u3000")
    if " " in line and _LETTER_SPACED.fullmatch(line.strip()):
        # “部 门 整 体 支 出 绩 效 自 评 表”: a PDF's letter-spaced label
        line = line.strip().replace(" ", "")
    if _WIDE_DIGIT.search(line):
        line = _WIDE_POINT.sub(".", line.translate(_WIDE_DIGITS))
    return "" if _PAGE_NUMBER.match(line) else line


_UNIT_LINE = re.compile(r"^(金额)?单位[：:]\s*(亿元|万元|元)$")
_YEAR_PREFIX = re.compile(r"^(([一二三四五六七八九十]{1,3}|\d{1,2})[、.．])?20\d\d年度?")


def _title_kind(title: str) -> str:
    """The standard kind of a flattened table's title, also in a mirror site's traditional characters and
    after a year (“一、2021年度一般公共预算财政拨款“三公”经费支出决算表”)."""
    kind = table_kind(title)
    if kind:
        return kind
    text = normalise(title)[0]
    text = _YEAR_PREFIX.sub("", text)
    kind = table_kind(text)
    if (
        not kind
        and text.startswith("一般公共预算财政拨款")
        and table_kind(text[len("一般公共预算") :]) == "sangong"
    ):
        kind = "sangong"
    return kind


def _trailing_tabs_only(line: str) -> bool:
    """ "标题\t": text followed only by tabs (a heading with a stray tab, or a chart title)."""
    stripped = line.rstrip("\t \u3000")
    return bool(stripped) and "\t" not in stripped


def _is_wps_cell(line: str) -> bool:
    return line.startswith("\t") and line.count("\t") == 1


# A table flattened by a web page: one cell per line ending in " |" ("0 |", "一、一般公共服务支出 |", "|"),
# or a row per line with cells between "|"; or a row of space-separated figures ("合计 12.50 10.00 8.20").
_PIPE_CELL = re.compile(r"^\s*[^|]{0,60}?\s*\|\s*$")
_FIGURE = re.compile(r"^[-—+]?(\d{1,3}(,\d{3})+|\d+)(\.\d+)?%?$|^[-—–]$")


def _pipe_cells(line: str) -> list[str] | None:
    """The cells of a line flattened from a table, or None when the line is not one."""
    if _PIPE_CELL.match(line) or line.count("|") >= 2:
        cells = [c.strip() for c in line.split("|")]
        if any(len(c) > 200 and "。" in c for c in cells):
            return None  # a text flattened to one line with a table's cells in it: prose, not a row
        while len(cells) > 1 and not cells[-1]:
            cells.pop()
        return cells
    return None


def _figure_row(line: str) -> list[str] | None:
    """ "合计 12.50 10.00 8.20": at most one label and at least three figures, separated by spaces."""
    tokens = line.split()
    if len(tokens) < 3:
        return None
    figures = sum(1 for t in tokens if _FIGURE.match(t))
    if figures >= 3 and figures >= len(tokens) - 1 and not re.search(r"[。，；：]", line):
        return tokens
    return None


_BAR_ALONE = re.compile(r"^\s*\|\s*$")
_SHORT_CELL = re.compile(r"^[^|。；;]{1,60}$")


def _cell_closed_below(lines: list[str], j: int) -> bool:
    """Whether line ``j`` is a cell of a table flattened one cell a line whose closing “|” stands alone on the
    next line (“编制单位:…” / “|” / “2016年度” / “|”): short, not a sentence, and closed by a lone bar."""
    return (
        j + 1 < len(lines)
        and "|" in lines[j + 1]
        and bool(_BAR_ALONE.match(lines[j + 1]))
        and bool(_SHORT_CELL.match(lines[j].strip()))
    )


_NO_CUT = FlatTable([], 0, "", "")


def _cell_goes_on(lines: list[str], j: int, rows: list[list[tuple[str, int]]]) -> bool:
    """Whether line ``j`` is the first line of a cell printed one a line whose text goes on to the next line
    (“公务用车” / “购置费 |”): short, no sentence and no figure (not the title of the next table, which
    names its year), between two lines that are each one cell."""
    return (
        bool(rows)
        and len(rows[-1]) == 1
        and j + 1 < len(lines)
        and bool(_SHORT_CELL.match(lines[j].strip()))
        and len(lines[j].strip()) <= 12
        and not re.search(r"[，。；：,:;\d]", lines[j])
        and (nxt := _pipe_cells(lines[j + 1])) is not None
        and len(nxt) == 1
        and bool(nxt[0])
    )


def _flat_rows(lines: list[str], i: int) -> tuple[list[list[tuple[str, int]]], int, FlatTable]:
    """Rows of a flattened table starting at line ``i`` (cells with their 1-based line), the line after it
    (no rows: not one) and, for a table cut by its rhythm, its header rows, unit and title."""
    rows: list[list[tuple[str, int]]] = []
    j = i
    bars_below = False
    while j < len(lines):
        cells = _pipe_cells(lines[j]) or _figure_row(lines[j])
        if cells is None and _cell_goes_on(lines, j, rows):
            rows.append([(lines[j].strip() + (_pipe_cells(lines[j + 1]) or [""])[0], j + 1)])
            j += 2
            continue
        if cells is None and (rows or _cell_closed_below(lines, j + 2)) and _cell_closed_below(lines, j):
            # “收入” / “|”: a cell whose closing bar the page put on the next line
            rows.append([(lines[j].strip(), j + 1)])
            j += 2
            bars_below = True
            continue
        if cells is None:
            break
        rows.append([(c, j + 1) for c in cells])
        j += 1
    if not rows or (len(rows) < 2 and len(rows[0]) < 2):
        return [], i, _NO_CUT
    if all(len(r) == 1 for r in rows):
        column = [r[0] for r in rows]
        # one cell per line, rows separated by a lone "|": rebuild the rows
        rebuilt: list[list[tuple[str, int]]] = []
        current: list[tuple[str, int]] = []
        for cell in column:
            if cell[0]:
                current.append(cell)
            elif current:
                rebuilt.append(current)
                current = []
        if current:
            rebuilt.append(current)
        if len(rebuilt) >= 2 and all(_is_data_row(r) for r in rebuilt[1:]):
            return rebuilt, j, _NO_CUT
        # or one cell per line without row breaks, a lone "|" being an empty cell: rows as wide as the
        # header, or as the table's rhythm gives them
        cut = cut_flat(column)
        if cut is not None:
            return cut.rows, j, cut
        by_header = _rows_by_header(column)
        if by_header:
            return by_header, j, _NO_CUT
        if bars_below:
            # every cell closes with its own bar, so a lone bar is an empty cell, never a row break: cells
            # not cut into rows (a table not read, said so by A006)
            return rows, j, _NO_CUT
        if all(c[0] for c in column):
            rebuilt = []
        return rebuilt or rows, j, _NO_CUT
    return rows, j, _NO_CUT


def _is_figure_or_empty(text: str) -> bool:
    return not text or bool(_FIGURE.match(text))


def _is_data_row(row: list[tuple[str, int]]) -> bool:
    """A label followed by figures or empty cells."""
    return (
        len(row) >= 2
        and not _is_figure_or_empty(row[0][0])
        and all(_is_figure_or_empty(c) for c, _ in row[1:])
    )


def _rows_by_header(cells: list[tuple[str, int]]) -> list[list[tuple[str, int]]]:
    """Cells of a table printed one per line (an empty cell a lone "|") cut into rows as wide as the header:
    the header is the run of labels before the first figure except its last label (the first row's label).
    Empty when the cells do not fit that shape (every row a label and then figures or empty cells)."""
    k = 0
    while k < len(cells) and not cells[k][0]:
        k += 1
    cells = cells[k:]
    labels = 0
    while labels < len(cells) and not _is_figure_or_empty(cells[labels][0]):
        labels += 1
    width = labels - 1
    if width < 2 or labels >= len(cells):
        return []
    rows = [cells[i : i + width] for i in range(0, len(cells), width)]
    body = rows[1:]
    if len(body) < 2 or not all(_is_data_row(r) for r in body[:-1]):
        return []
    last = body[-1]
    if _is_figure_or_empty(last[0][0]) or not all(_is_figure_or_empty(c) for c, _ in last[1:]):
        return []
    return rows


def _form_by_header(rows: list[list[tuple[str, int]]]) -> str:
    """A 自评表 known by its indicator header (“一级指标 | 二级指标 | 三级指标 | … | 得分”) when no title says
    so: the rest of a form at the top of a page, its title on the page before."""
    for row in rows:
        cells = {simplified_cell(normalise(c)[0]) for c, _ in row}
        if "三级指标" in cells and "得分" in cells:
            return "perf_eval"
    return ""


def _split_at_titles(
    flat: list[list[tuple[str, int]]],
) -> list[tuple[list[list[tuple[str, int]]], tuple[str, int] | None]]:
    """A flattened block cut at the rows that hold only a standard table's title (a page's merged title
    row: “| 2020年度项目支出绩效自评表 | ||||”, “部门预算项目支出绩效自评表(2023年度) | |||”): each segment
    with the title above it (None for the rows before the first title, titled as the block is). A block with
    no such row is one segment."""
    if all(len(row) == 1 for row in flat):
        return [(flat, None)]  # a table printed one cell a line: its rows are rebuilt, not cut here
    segments: list[tuple[list[list[tuple[str, int]]], tuple[str, int] | None]] = []
    current: list[list[tuple[str, int]]] = []
    title: tuple[str, int] | None = None
    for row in flat:
        filled = [c for c in row if c[0]]
        # a title opening the block, or closing a table of its own before it (not a 项目名称 cell that names
        # the form: “| 项目名称 | / 2020年省级…补助经费支出绩效自评表 |”)
        if len(filled) == 1 and _title_kind(filled[0][0]) and (not current or len(current) >= 3):
            if current:
                segments.append((current, title))
            current, title = [], filled[0]
            continue
        current.append(row)
    if current:
        segments.append((current, title))
    return segments or [(flat, None)]


def read_txt(path: Path) -> Document:
    text = decode(path.read_bytes())
    doc = Document(path=str(path), format="txt")
    lines = [clean_line(x) for x in text.split("\n")]
    n = len(lines)
    blocks: list[Paragraph | Table] = []
    tables = 0
    i = 0

    def last_title() -> tuple[str, Where | None]:
        recent = [
            b
            for b in blocks[-3:]
            if not (isinstance(b, Paragraph) and _UNIT_LINE.match(normalise(b.text)[0]))
        ]
        for b in reversed(recent[-2:]):
            if isinstance(b, Paragraph) and b.text.strip():
                if _title_kind(b.text) or "图" in b.text or b.text.strip().endswith("表"):
                    return b.text.strip(), b.where
                return "", None
            if isinstance(b, Table):
                return "", None
        return "", None

    while i < n:
        line = lines[i]
        nxt_line = next((lines[k] for k in range(i + 1, min(n, i + 3)) if lines[k].strip()), "")
        if "\t" in line and _trailing_tabs_only(line) and "\t" not in nxt_line:
            line = lines[i] = line.rstrip("\t \u3000")
        if "\t" not in line and ("|" in line or " " in line.strip() or _cell_closed_below(lines, i)):
            flat, end, cut = _flat_rows(lines, i)
            if flat:
                for seg, (segment, own_title) in enumerate(_split_at_titles(flat)):
                    tables += 1
                    rows: list[list[Cell]] = [
                        [
                            Cell(c, r, k, Where(line=line, table=tables, row=r + 1, col=k + 1))
                            for k, (c, line) in enumerate(cells)
                        ]
                        for r, cells in enumerate(segment)
                    ]
                    title_where: Where | None
                    if own_title is not None:
                        title, title_where = own_title[0], Where(line=own_title[1])
                    else:
                        title, title_where = last_title()
                    if (
                        seg == 0
                        and cut.title
                        and (not title or (_title_kind(cut.title) and not _title_kind(title)))
                    ):
                        title, title_where = cut.title, Where(line=i + 1)
                    blocks.append(
                        Table(
                            index=tables,
                            title=title,
                            rows=rows,
                            where=Where(line=segment[0][0][1], table=tables),
                            title_where=title_where,
                            unit=cut.unit or "万元",
                            kind=_title_kind(title) if title else _form_by_header(segment),
                            header_rows=cut.header_rows if seg == 0 else 0,
                        )
                    )
                i = end
                continue
        if "\t" not in line:
            prev = blocks[-1] if blocks else None
            if (
                line.strip()
                and isinstance(prev, Paragraph)
                # the line just before, or the one before a blank line (a copy that puts a blank line
                # after every line: “…与 2016 年决算数相比,⏎⏎减少 51.48 元,…”)
                and (
                    prev.spans[-1][1].line == i
                    or (
                        prev.spans[-1][1].line == i - 1
                        and not lines[i - 1].strip()
                        # (not the page's furniture after a text cut short: “…488.80 万元,⏎⏎【相关链接】”)
                        and not is_furniture(line.strip())
                        and line.strip()[:1] not in "【[·•"
                    )
                )
                and prev.text.endswith(("，", ","))
                and parse_numbering(line.strip()) is None
            ):
                # one sentence broken across lines (“…与 2016 年决算数相比,⏎减少 51.48 元,…”)
                prev.spans.append((len(prev.text), Where(line=i + 1)))
                prev.text += line.strip()
            elif line.strip():
                blocks.append(Paragraph(len(blocks), line.strip(), [(0, Where(line=i + 1))]))
            i += 1
            continue
        tables += 1
        rows = []
        start = i
        if _is_wps_cell(line):
            current: list[Cell] = []
            while i < n:
                cur = lines[i]
                if _is_wps_cell(cur):
                    current.append(Cell(cur[1:].strip(), len(rows), len(current), Where(line=i + 1)))
                elif not cur.strip():
                    if current:
                        rows.append(current)
                        current = []
                    nxt = next((lines[k] for k in range(i + 1, min(n, i + 6)) if lines[k].strip()), "")
                    if not _is_wps_cell(nxt):
                        break
                elif current and len(cur.strip()) <= 10 and cur.strip()[:1] in "（(":
                    current[-1].text += cur.strip()  # the second line of a cell
                else:
                    break
                i += 1
            if current:
                rows.append(current)
        else:
            while i < n:
                cur = lines[i]
                if "\t" in cur:
                    cells = cur.split("\t")
                    rows.append(
                        [Cell(c.strip(), len(rows), k, Where(line=i + 1)) for k, c in enumerate(cells)]
                    )
                    i += 1
                    continue
                # a short line between tab rows (e.g. "项目资金（万元）") belongs to the table
                nxt = lines[i + 1] if i + 1 < n else ""
                if cur.strip() and "\t" in nxt and len(cur.strip()) <= 20 and not table_kind(cur):
                    rows.append([Cell(cur.strip(), len(rows), 0, Where(line=i + 1))])
                    i += 1
                    continue
                break
        title, title_where = last_title()
        first = [c.text for c in rows[0] if c.text] if rows else []
        if not title and len(first) == 1 and ("图" in first[0] or table_kind(first[0])):
            title, title_where = first[0], rows[0][0].where
            rows = rows[1:]
        unit = "万元"
        for row in rows[:3]:
            for c in row:
                m = _UNIT.search(c.text)
                if m:
                    unit = m.group(1)
        rows = [
            row
            for row in rows
            if not any(c.text.startswith("编制单位") or _UNIT.fullmatch(c.text) for c in row)
        ]
        for r, row in enumerate(rows):
            for c in row:
                c.row = r
                c.where = Where(line=c.where.line, table=tables, row=r + 1, col=c.col + 1)
        table = Table(
            index=tables,
            title=title,
            rows=rows,
            where=Where(line=start + 1, table=tables),
            title_where=title_where,
            unit=unit,
            kind=table_kind(title) if title else "",
            is_chart=bool(title) and "图" in title and not table_kind(title),
        )
        # the title paragraph belongs to the table
        if (
            (table.is_chart or (title and title_where is not None))
            and blocks
            and isinstance(blocks[-1], Paragraph)
            and blocks[-1].text.strip() == title
        ):
            blocks[-1].is_chart = table.is_chart
        blocks.append(table)
        if i == start:  # safety: never loop forever
            i += 1
    for k, b in enumerate(blocks):
        if isinstance(b, Paragraph):
            b.index = k
    doc.blocks = blocks
    if not any(isinstance(b, Paragraph) and b.text.strip() for b in blocks) and not doc.tables:
        raise ReadError("empty")
    return doc
