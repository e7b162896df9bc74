"""Read a .docx report: body paragraphs and tables in body order.

The main part (``word/document.xml``) is parsed with lxml directly — python-docx's element classes make
walking a 50-page report with 16 tables five times slower; python-docx is used only to locate a main part
that is not at its usual name. The run, paragraph and row properties, and the cells' widths, alignments and
shading, are cut out of the part's bytes before parsing (over half of a generated report's XML, none of it
read).

Tables become grids with one cell per grid column: a horizontally merged cell keeps its text in its first
column and records its span; a vertically merged cell keeps its text in its top row only. Paragraphs are
numbered 1, 2, … in body order (the 段 a finding points at); cells carry table, row and column.
"""

from __future__ import annotations

import re
import zipfile
from pathlib import Path

from juesuan.audit.document import Cell, Document, Paragraph, ReadError, Table, Where, table_kind

_UNIT = re.compile(r"单位[：:]\s*(亿元|万元|元)")
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_T, _TAB, _BR, _CR = _W + "t", _W + "tab", _W + "br", _W + "cr"
_TR, _TC, _TCPR, _GRIDSPAN, _VMERGE, _VAL = (
    _W + x for x in ("tr", "tc", "tcPr", "gridSpan", "vMerge", "val")
)
_NESTED = f".//{_W}tbl"


def _paragraph_text(element) -> str:
    """All text of a w:p, including runs inside hyperlinks and fields; tabs and breaks as spaces."""
    parts = []
    for node in element.iter(_T, _TAB, _BR, _CR):
        if node.tag == _T:
            text = node.text  # (each access decodes the node's text anew)
            if text:
                parts.append(text)
        else:
            parts.append(" ")
    return "".join(parts)


def _refuse_bombs(z: zipfile.ZipFile) -> None:
    """The same limits as for workbooks (``excel.guard``), read from the zip directory before inflating."""
    from juesuan.excel.guard import zip_problem

    problem = zip_problem(z.infolist(), "Word 文件")
    if problem:
        raise ReadError("zip_bomb", problem)


# The run, paragraph and row properties (w:rPr, w:pPr, w:trPr) the reader never looks at: in a generated
# report they are half of document.xml's bytes and elements (fonts, styles, spacing of every run). Each is
# cut out of the bytes before parsing where it holds no element of its own name (the innermost of a
# tracked property change), so what remains is well-formed; a prefix other than w: is left as it is.
# No text is lost: properties hold no w:t, and the tab stops of a w:pPr only led a paragraph's text with
# spaces that are stripped. The repeats are possessive: giving back what they took cannot let the end tag
# match (the loop stops only at a tag of the property's own name), so the engine keeps no backtracking state.
_PROPERTIES = re.compile(rb"<w:(rPr|pPr|trPr)>[^<]*+(?:<(?!/?w:\1[\s/>])[^<]*+)*+</w:\1>")
# the cell properties never read (width, vertical alignment, shading: most of a generated table's elements),
# empty elements cut the same way; a w:tcPr keeps the w:gridSpan and w:vMerge the grid reads, and one that
# holds nothing else (or nothing once the rest is cut, or nothing at all) goes whole in the same pass: a
# w:tcPr without w:gridSpan or w:vMerge changes no cell, and is one element fewer to parse a cell
_UNREAD_CELL_PROPERTY = rb"<w:(?:tcW|vAlign|shd) [^>]*/>"
_CELL_PROPERTIES = re.compile(
    rb"<w:tcPr>(?:" + _UNREAD_CELL_PROPERTY + rb")*+</w:tcPr>|" + _UNREAD_CELL_PROPERTY
)
# a run's text as python-docx writes it, keeping its spaces: the attribute changes nothing lxml parses (blank
# text is always kept), and is a parsed attribute fewer a run (“<” stands in no text or attribute value, so
# the bytes are a start tag)
_PRESERVED_TEXT = b'<w:t xml:space="preserve">'
_W_DECLARED = re.compile(
    rb"""xmlns:w=["']http://schemas\.openxmlformats\.org/wordprocessingml/2006/main["']"""
)


def _parse(xml: bytes):
    """The main part's root element, its unread properties cut out first (the whole part when the cut
    leaves something lxml does not accept)."""
    from lxml import etree

    parser = etree.XMLParser(resolve_entities=False, huge_tree=True, collect_ids=False)
    if _W_DECLARED.search(xml, 0, 4096):  # w: is the main namespace, declared on the root
        try:
            cut = _CELL_PROPERTIES.sub(b"", _PROPERTIES.sub(b"", xml)).replace(_PRESERVED_TEXT, b"<w:t>")
            return etree.fromstring(cut, parser=parser)
        except etree.XMLSyntaxError:
            pass
    return etree.fromstring(xml, parser=parser)


def _body(path: Path):
    """The w:body element of the main document part (plain lxml: python-docx's element classes are slow)."""
    with zipfile.ZipFile(path) as z:
        _refuse_bombs(z)
        names = set(z.namelist())
        main = "word/document.xml"
        if main not in names:  # a renamed main part: ask python-docx where it is
            from docx import Document as open_docx

            return open_docx(str(path)).element.body
        root = _parse(z.read(main))
    body = root.find(_W + "body")
    if body is None:
        raise ReadError("bad_docx", "no w:body")
    return body


def read_docx(path: Path) -> Document:
    try:
        if not zipfile.is_zipfile(path):
            with path.open("rb") as fh:
                magic = fh.read(8)
            raise ReadError("encrypted" if magic.startswith(b"\xd0\xcf\x11\xe0") else "bad_docx")
        body = _body(path)
    except ReadError:
        raise
    except Exception as exc:  # a damaged package or XML
        raise ReadError("bad_docx", type(exc).__name__) from None

    doc = Document(path=str(path), format="docx")
    blocks: list[Paragraph | Table] = []
    n_par = 0
    n_tab = 0
    for child in body.iterchildren():
        tag = child.tag.rsplit("}", 1)[-1]
        if tag == "p":
            n_par += 1
            text = _paragraph_text(child).strip()
            if text:
                blocks.append(Paragraph(len(blocks), text, [(0, Where(None, n_par))]))  # (paragraph n_par)
        elif tag == "tbl":
            n_tab += 1
            blocks.append(_table(child, n_tab, blocks))
    doc.blocks = blocks
    if not any(isinstance(b, Paragraph) for b in blocks) and not any(
        c.text for t in doc.tables for row in t.rows for c in row
    ):
        raise ReadError("no_text")
    return doc


def _table(source, number: int, blocks: list) -> Table:
    """A w:tbl as a grid: w:gridSpan widens a cell, w:vMerge continues the cell above (text kept on top)."""
    rows = _grid(source, number) if source.find(_NESTED) is None else _grid_nested(source, number)
    title = ""
    title_where = None
    for b in reversed(blocks[-3:]):
        if isinstance(b, Paragraph):
            if table_kind(b.text) or b.text.strip().endswith("表") or "图" in b.text:
                title, title_where = b.text.strip(), b.where
                break
            if _UNIT.search(b.text) or b.text.startswith("编制单位"):
                continue
            break
        else:
            break
    if not table_kind(title) and rows:
        first = [c.text for c in rows[0] if c.text]
        if len(first) == 1 and table_kind(first[0]):
            title, title_where = first[0], rows[0][0].where
            rows = rows[1:]
    unit = "万元"
    for b in blocks[-2:]:
        found = _UNIT.search(b.text) if isinstance(b, Paragraph) else None
        if found:
            unit = found.group(1)
    for row in rows[:3]:
        for c in row:
            m = _UNIT.search(c.text)
            if m:
                unit = m.group(1)
    width = max((len(r) for r in rows), default=0)
    return Table(
        index=number,
        title=title,
        rows=rows,
        where=Where(table=number),
        title_where=title_where,
        unit=unit,
        kind=table_kind(title) if title else "",
        aligned=all(len(r) == width for r in rows),
        is_chart="图" in title and not table_kind(title),
    )


def _grid(source, number: int) -> list[list[Cell]]:
    """The rows of a table without nested tables, in one pass over the elements that matter (lxml's
    ``iter`` with tag names runs in C: walking each row and cell from Python was most of a docx read).
    A cell's properties count only in its w:tcPr when that is the cell's first child."""
    rows: list[list[Cell]] = []
    out: list[Cell] = []
    tc = None
    parts: list[str] = []
    span, skip, r, col = 1, False, -1, 0
    # a sentinel row start ends the last cell; w:tr and w:tc end the cell before them
    for el in (*source.iter(_TR, _TC, _GRIDSPAN, _VMERGE, _T), None):
        if el is not None:
            tag = el.tag
            if tag == _T:  # the text and the tail read once: each access decodes the node's text anew
                text = el.text
                if text:
                    parts.append(text)
                tail = el.tail
                if tail:
                    parts.append(tail)
                continue
            if tag in (_GRIDSPAN, _VMERGE):
                tcpr = el.getparent()
                if tcpr.tag == _TCPR and tcpr.getprevious() is None and tcpr.getparent() is tc:
                    if tag == _GRIDSPAN:
                        span = int(el.get(_VAL, "1") or 1)
                    elif el.get(_VAL) in (None, "continue"):
                        skip = True
                continue
        if tc is not None:
            text = "" if skip else (parts[0] if len(parts) == 1 else "".join(parts)).strip()
            if "\n" in text:
                text = re.sub(r"\s*\n\s*", "", text)
            # (table, row, column, by position: the keywords made a third of a cell's making)
            where = Where(None, None, number, r + 1, col + 1)
            out.append(Cell(text, r, col, where, span))
            for k in range(1, span):  # the merged cell continues: no text, the owner's place
                out.append(Cell("", r, col + k, where, 0))
            col += span
            tc = None
        if el is None:
            break
        if tag == _TR:
            out = []
            rows.append(out)
            r += 1
            col = 0
        else:
            tc, parts, span, skip = el, [], 1, False
    return rows


def _grid_nested(source, number: int) -> list[list[Cell]]:
    """The rows of a table holding tables: row by row and cell by cell (a nested table's text stays in
    its cell)."""
    rows: list[list[Cell]] = []
    for r, tr in enumerate(source.iterchildren(_TR)):
        out: list[Cell] = []
        col = 0
        for tc in tr.iterchildren(_TC):
            span = 1
            vmerge_continue = False
            first = tc[0] if len(tc) else None
            if first is not None and first.tag == _TCPR:  # w:tcPr is the first child when present
                for prop in first.iterchildren(_GRIDSPAN, _VMERGE):
                    if prop.tag == _GRIDSPAN:
                        span = int(prop.get(_VAL, "1") or 1)
                    elif prop.get(_VAL) in (None, "continue"):
                        vmerge_continue = True
            text = "" if vmerge_continue else "".join(tc.itertext(_T)).strip()
            if "\n" in text:
                text = re.sub(r"\s*\n\s*", "", text)
            out.append(Cell(text, r, col, Where(table=number, row=r + 1, col=col + 1), span=span))
            for k in range(1, span):  # the merged cell continues: no text, the owner's place
                out.append(Cell("", r, col + k, out[-k].where, span=0))
            col += span
        rows.append(out)
    return rows
