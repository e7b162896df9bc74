"""Read a text-layer PDF: narrative paragraphs with page numbers and the ruled tables.

The PDF library is behind :mod:`juesuan.audit.pdf_source` (PyMuPDF or PDFium, chosen by setting): it
gives each page's text lines, words and ruling lines; everything below is the same for every reader.
The standard tables are rebuilt from the ruling lines the PDF draws and the words inside them (PyMuPDF's
own ``find_tables`` took 11 s on the 25-page Putuo 财政局 report, this whole reader 0.12 s):

- a table region is a band of the page covered by vertical rules; its row and column boundaries are the
  horizontal and vertical rules inside it;
- each row band has its own active column boundaries (the vertical rules crossing it), so a merged cell
  keeps its text once and records its span; header labels are joined top-down per leaf column;
- a region at the top of a page with no title above it continues the previous page's table (tables split
  across pages), its columns mapped onto the first part's columns by position.

Narrative lines outside the regions are joined into paragraphs: a new paragraph starts at a numbered
heading, at an indented line after a line that ended a sentence or a heading, or after a short line.
Running page numbers are dropped. A PDF without a text layer is reported as such by the rules (A002).
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from itertools import pairwise
from pathlib import Path

from juesuan.audit.document import (
    Cell,
    Damage,
    Document,
    Paragraph,
    ReadError,
    Table,
    Where,
    parse_numbering,
    table_kind,
)
from juesuan.audit.pdf_source import PageContent, PdfSource, reader_name
from juesuan.audit.pdf_source import pages as pdf_pages

_UNIT = re.compile(r"单位[：:]\s*(亿元|万元|元)")
_NUMERIC = re.compile(r"^-?[\d,]*\d(\.\d+)?%?$")
_PAGE_NUMBER = re.compile(r"^[\s\-—–·]*(第?\s*\d{1,3}\s*页?|[ivxlcdm]+)[\s\-—–·]*(/\s*\d+)?$", re.I)
_END = "。；！？：:;!?"


@dataclass
class Region:
    x0: float
    y0: float
    x1: float
    y1: float
    hs: list[tuple[float, float, float]] = field(default_factory=list)  # (y, x0, x1)
    vs: list[tuple[float, float, float]] = field(default_factory=list)  # (x, y0, y1)

    def contains(self, x: float, y: float, pad: float = 1.0) -> bool:
        return self.x0 - pad <= x <= self.x1 + pad and self.y0 - pad <= y <= self.y1 + pad


def _cluster(values: list[float], tol: float = 1.6) -> list[float]:
    out: list[float] = []
    for v in sorted(values):
        if out and v - out[-1] <= tol:
            continue
        out.append(v)
    return out


def _regions(hs, vs) -> list[Region]:
    """Bands of the page covered by vertical rules, each with the rules inside it."""
    spans = sorted((y0, y1) for _, y0, y1 in vs)
    merged: list[list[float]] = []
    for y0, y1 in spans:
        if merged and y0 <= merged[-1][1] + 2:
            merged[-1][1] = max(merged[-1][1], y1)
        else:
            merged.append([y0, y1])
    regions = []
    for y0, y1 in merged:
        rv = [v for v in vs if v[1] >= y0 - 2 and v[2] <= y1 + 2]
        rh = [h for h in hs if y0 - 2 <= h[0] <= y1 + 2]
        xs = [v[0] for v in rv]
        if len(_cluster(xs)) < 2 or len(_cluster([h[0] for h in rh])) < 2:
            continue
        regions.append(Region(min(xs), y0, max(xs), y1, rh, rv))
    return regions


def _grid(region: Region, words: list[tuple]) -> list[list[tuple[str, int, float]]]:
    """Rows of (text, span, y) per leaf column; an empty string where a cell is empty."""
    ys = _cluster([h[0] for h in region.hs] + [region.y0, region.y1])
    xs = _cluster([v[0] for v in region.vs])
    ncol = len(xs) - 1
    rows = []
    for a, b in pairwise(ys):
        if b - a < 3:
            continue
        mid = (a + b) / 2
        active = _cluster([v[0] for v in region.vs if v[1] - 1 <= mid <= v[2] + 1])
        if len(active) < 2:
            active = xs
        inside = [
            w for w in words if a <= (w[1] + w[3]) / 2 < b and xs[0] - 1 <= (w[0] + w[2]) / 2 <= xs[-1] + 1
        ]
        if not inside:
            continue
        cells: dict[int, list[tuple]] = {}
        spans: dict[int, int] = {}
        for w in inside:
            cx = (w[0] + w[2]) / 2
            k = max(0, min(len(active) - 2, sum(1 for x in active if x <= cx) - 1))
            left, right = active[k], active[k + 1]
            first = min(range(ncol), key=lambda j: abs(xs[j] - left))
            last = min(range(1, ncol + 1), key=lambda j: abs(xs[j] - right))
            cells.setdefault(first, []).append(w)
            spans[first] = max(1, last - first)
        row: list[tuple[str, int, float]] = [("", 1, mid) for _ in range(ncol)]
        for first, ws in cells.items():
            ws.sort(key=lambda w: (round(w[1] / 3), w[0]))
            text = "".join(w[4] for w in ws)
            row[first] = (text, spans[first], mid)
            for j in range(first + 1, min(ncol, first + spans[first])):
                row[j] = ("", 0, mid)
        rows.append(row)
    return rows


def _is_value_row(texts: list[str]) -> bool:
    values = [t for t in texts if t]
    if any(_NUMERIC.match(t) and ("." in t or "," in t) for t in values):
        return True
    return bool(values) and bool(re.fullmatch(r"\d{3}(\d{2}){0,2}", values[0])) and len(values) > 1


def _header_rows(rows: list[list[str]]) -> int:
    for i, texts in enumerate(rows):
        if _is_value_row(texts):
            return i
    for i, texts in enumerate(rows):
        if any(t in ("合计", "总计") for t in texts[:3]):
            return i
    return len(rows)


def column_labels(rows: list[list[Cell]], header: int) -> list[str]:
    """Leaf column labels: the header texts covering each column, top-down, joined by "/"."""
    width = max((len(r) for r in rows), default=0)
    labels: list[list[str]] = [[] for _ in range(width)]
    for row in rows[:header]:
        for c in row:
            if not c.text or c.span == 0:
                continue
            for j in range(c.col, min(width, c.col + max(1, c.span))):
                if c.text not in labels[j]:
                    labels[j].append(c.text)
    return ["/".join(x) for x in labels]


def open_pdf(path: Path, name: str | None = None) -> PdfSource:
    """Open ``path`` with the chosen reader; raises ``ReadError`` (bad_pdf, encrypted, no_pdf_reader)."""
    if reader_name(name) == "pdfium":
        from juesuan.audit.pdf_pdfium import open_pdfium

        return open_pdfium(path)
    from juesuan.audit.pdf_pymupdf import open_pymupdf

    return open_pymupdf(path)


def read_pdf(path: Path, reader: str | None = None) -> Document:
    """Read a PDF with the chosen reader (:func:`juesuan.audit.pdf_source.reader_name`)."""
    source = open_pdf(path, reader)
    page_count = source.page_count
    doc = Document(path=str(path), format="pdf", pages=page_count)
    if page_count == 0:
        raise ReadError("bad_pdf", "0 pages")
    blocks: list[Paragraph | Table] = []
    current: dict | None = None  # the paragraph being assembled
    last_table: Table | None = None
    chars = 0
    n_tables = 0

    def flush() -> None:
        nonlocal current
        if current and current["text"].strip():
            blocks.append(Paragraph(len(blocks), current["text"].strip(), current["spans"]))
        current = None

    pages: list[tuple[int, PageContent]] = []
    failed: list[str] = []
    for pno, content in pdf_pages(source):
        if isinstance(content, Exception):
            doc.notes.append(f"page {pno} unreadable")
            failed.append(f"第{pno}页：{type(content).__name__}")
            continue
        pages.append((pno, content))
    doc.damage = _damage(source, pages, failed)
    running = _running_headers(pages)
    for pno, page in pages:
        words = page.words
        chars += sum(len(w[4]) for w in words)
        regions = _regions(page.hs, page.vs)
        lines = []
        leader_y = None
        for x0, y0, x1, y1, text, size in page.lines:
            cx, cy = (x0 + x1) / 2, (y0 + y1) / 2
            if any(r.contains(cx, cy) for r in regions):
                continue
            if _LEADER.fullmatch(text.strip()):
                leader_y = y0
                continue
            if text.strip().isdigit() and leader_y is not None and abs(y0 - leader_y) < 3:
                continue  # the page number of a 目录 entry
            if (_header_key(text), round(y0 / 3)) in running:
                continue
            text = re.sub(r"[.·…]{3,}\s*\d*\s*$", "", text)
            lines.append((x0, y0, x1, y1, text, size))
        height = page.height
        lines = [
            ln
            for ln in lines
            if not (_PAGE_NUMBER.match(ln[4].strip()) and (ln[1] > height * 0.85 or ln[3] < height * 0.12))
        ]
        long_x0 = [round(ln[0]) for ln in lines if len(ln[4].strip()) >= 12]
        margin = (
            Counter(long_x0).most_common(1)[0][0] if long_x0 else (min((ln[0] for ln in lines), default=0))
        )
        right = max((ln[2] for ln in lines if len(ln[4].strip()) >= 12), default=page.width)
        # interleave narrative lines and table regions by vertical position
        items: list[tuple[float, str, object]] = [(ln[1], "line", ln) for ln in lines]
        items += [(r.y0, "table", r) for r in regions]
        items.sort(key=lambda it: it[0])
        line_no = 0
        for _, kind, obj in items:
            if kind == "table":
                region = obj
                flush()
                raw = _grid(region, words)  # type: ignore[arg-type]
                if not raw:
                    continue
                title, title_where, unit = _title_above(blocks, pno)
                continues = (
                    not title and last_table is not None and blocks and blocks[-1] is last_table and bool(raw)
                )
                if continues:
                    _append_continuation(last_table, raw, region, pno)  # type: ignore[arg-type]
                    continue
                n_tables += 1
                rows = [
                    [
                        Cell(text, r, c, Where(page=pno, table=n_tables, row=r + 1, col=c + 1), span=span)
                        for c, (text, span, _) in enumerate(row)
                    ]
                    for r, row in enumerate(raw)
                ]
                header = _header_rows([[c.text for c in row] for row in rows])
                table = Table(
                    index=n_tables,
                    title=title,
                    rows=rows,
                    where=Where(page=pno, table=n_tables),
                    title_where=title_where,
                    unit=unit,
                    kind=table_kind(title) if title else "",
                    pages=[pno],
                    header_rows=header,
                    column_labels=column_labels(rows, header),
                    aligned=True,
                )
                table._xs = _cluster([v[0] for v in region.vs])  # type: ignore[attr-defined]
                blocks.append(table)
                last_table = table
                continue
            x0, y0, x1, y1, text, size = obj  # type: ignore[misc]
            line_no += 1
            where = Where(page=pno, line=line_no)
            stripped = text.strip()
            starts_new = (
                current is None
                or parse_numbering(stripped) is not None
                or (x0 >= margin + 0.8 * size and _ended(current))
                or (current["short"] and _ended(current))
                or current["heading"]
                or bool(table_kind(stripped))
                or bool(_UNIT.match(stripped))
            )
            if current is not None and _LONE_PART.match(current["text"]) and not table_kind(stripped):
                starts_new = False  # "第一部分" on its own line: the title follows
            if starts_new:
                flush()
                current = {"text": "", "spans": [], "short": False, "heading": False}
            assert current is not None
            current["spans"].append((len(current["text"]), where))
            current["text"] += stripped
            current["short"] = x1 < right - 2 * size
            current["heading"] = _heading_like(current["text"], current["short"]) or bool(
                table_kind(stripped) or _UNIT.match(stripped)
            )
    flush()  # a paragraph may continue on the next page: flushed only by what starts a new one
    doc.blocks = blocks
    if chars < 20:
        doc.text_layer = False
    _note_tables(doc)
    return doc


def _damage(source: PdfSource, pages: list, failed: list[str]) -> Damage | None:
    """A PDF read only in part: pages that raised, or a repaired file (broken cross-reference table,
    truncated download) with pages that gave no text. A sound PDF with blank pages is not damaged."""
    with_text = [pno for pno, page in pages if page.words]
    if not failed and not (source.repaired and len(with_text) < source.page_count):
        return None
    said = [
        ln.strip()
        for ln in source.warnings()
        if ln.strip() and not ln.lstrip().startswith(("trying to repair", "repairing", "..."))
    ]
    reason = "；".join(failed[:3] + said[:2]) or "文件结构损坏"
    return Damage(pages=source.page_count, read=with_text, reason=reason[:200])


_LONE_PART = re.compile(r"^第[一二三四五六七八九十]+部分$")
_LEADER = re.compile(r"[.·…‥\s]+")


def _header_key(text: str) -> str:
    return re.sub(r"\d+", "#", re.sub(r"\s+", "", text))


def _running_headers(pages: list) -> set[tuple[str, int]]:
    """(text, y) of lines repeated at the same height at the top of two or more pages: running headers."""
    seen: dict[tuple[str, int], set[int]] = {}
    for pno, page in pages:
        limit = page.height * 0.12
        for _x0, y0, _x1, y1, text, _size in page.lines:
            if y1 > limit:
                continue
            seen.setdefault((_header_key(text), round(y0 / 3)), set()).add(pno)
    return {k for k, v in seen.items() if len(v) >= 2}


_HEADING_END = re.compile(r"(目\s*录|说明|情况|解释|概况|职能|构成|决算表)$")


def _heading_like(text: str, short: bool) -> bool:
    """A complete heading line: short, not ending a sentence, numbered or ending like a heading."""
    if len(text) > 40 or text.endswith(tuple(_END)) or _LONE_PART.match(text):
        return False
    num = parse_numbering(text)
    if num is not None and num.level == 0:
        return bool(re.search(r"(概况|决算表|说明|解释|附件|附表)$", text))
    if num is not None and num.level <= 2 and _HEADING_END.search(text):
        return True  # a numbered heading filling the whole line
    return short and ((num is not None and num.level <= 2) or bool(_HEADING_END.search(text)))


def _ended(current: dict) -> bool:
    text = current["text"].rstrip()
    return not text or text[-1] in _END or current["heading"]


def _note_of_table(text: str) -> bool:
    return text.startswith(("注：", "说明：", "注:", "说明:"))


def _title_above(blocks: list, page: int) -> tuple[str, Where | None, str]:
    """The table title and unit among the paragraphs just above a region on the same page."""
    title, where, unit = "", None, "万元"
    for b in reversed(blocks[-4:]):
        if not isinstance(b, Paragraph) or b.where.page != page:
            break
        m = _UNIT.search(b.text)
        if m:
            unit = m.group(1)
        if table_kind(b.text):
            title, where = b.text.strip(), b.where
            break
    return title, where, unit


def _append_continuation(table: Table, raw: list, region: Region, page: int) -> None:
    """Rows of a table continued on the next page, columns mapped by position onto the first part's."""
    xs_first: list[float] = getattr(table, "_xs", [])
    xs = _cluster([v[0] for v in region.vs])
    centres = [(a + b) / 2 for a, b in pairwise(xs)]
    first_centres = [(a + b) / 2 for a, b in pairwise(xs_first)]
    width = len(first_centres) or len(centres)
    header_texts = [[c.text for c in row] for row in table.rows[: table.header_rows]]
    for row in raw:
        texts = [t for t, _, _ in row]
        if texts in header_texts or (
            not _is_value_row(texts) and _header_rows([texts]) == 1 and not any(texts)
        ):
            continue
        cells = [
            Cell(
                "",
                len(table.rows),
                j,
                Where(page=page, table=table.index, row=len(table.rows) + 1, col=j + 1),
            )
            for j in range(width)
        ]
        for k, (text, span, _) in enumerate(row):
            if not text:
                continue
            j = (
                min(range(width), key=lambda j: abs(first_centres[j] - centres[k]))
                if first_centres and k < len(centres)
                else min(k, width - 1)
            )
            cells[j].text = (cells[j].text + text) if cells[j].text else text
            cells[j].span = max(1, span)
        table.rows.append(cells)
    if page not in table.pages:
        table.pages.append(page)


def _note_tables(doc: Document) -> None:
    """Attach "注：/说明：" paragraphs that follow a table to it (they stay in the text as well)."""
    previous = None
    for b in doc.blocks:
        if isinstance(b, Table):
            previous = b
        elif previous is not None and _note_of_table(b.text):
            previous.note += b.text
        else:
            previous = None
