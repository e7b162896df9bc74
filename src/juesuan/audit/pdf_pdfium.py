"""The PDFium reader (``pypdfium2``; licence Apache-2.0 / BSD-3-Clause): page content for
:mod:`juesuan.audit.read_pdf` rebuilt from PDFium's characters and path objects.

PDFium gives characters (Unicode, origin, advance box, font size, text object and font) and path objects
(segments, fill mode, matrix). They are assembled the way PyMuPDF assembles its lines, so that the layout
analysis sees the same thing from both readers:

- coordinates are those of the page as drawn, before its /Rotate (as PyMuPDF gives text and drawings);
- a character's box runs from its origin to its advance along the text's direction and from the
  baseline minus the font's ascent to the baseline minus its descent (scaled to one em when ascent −
  descent is under one);
- a character stays on the current line when it runs the same way, sits on the same baseline (within
  0.8 em) and no more than 0.8 em after the previous one; a gap of 0.15–0.8 em after a character that is
  not CJK becomes a space; PDFium's generated characters (its own spaces and line breaks) are left
  out, and where PDFium kept one of a run of space characters, the others come back to fill the gap;
- words are the runs of a line between spaces; a path's subpaths become lines and rectangles, then
  rules by :func:`juesuan.audit.pdf_source.rules`;
- a file PDFium refuses for a lost cross-reference table (a download cut off) is read with the table
  rebuilt from the objects found, so the pages that arrived are read (as MuPDF repairs it).

Known differences from PyMuPDF (README "PDF reader"): a space PDFium replaces by one of its own between
two text objects is not restored (a heading reads "第一部分上海…" for "第一部分 上海…"); the audit results on
the Putuo PDFs and on juesuan's own PDF are the same.
"""

from __future__ import annotations

import ctypes
import math
import re
import struct
from pathlib import Path

from juesuan.audit.document import ReadError
from juesuan.audit.pdf_source import DrawnPath, Line, PageContent, PathItem, Word, rules

_BASE_MAX = 0.8  # off the baseline by more than this (em): a new line
_SPACE_MIN, _SPACE_MAX = 0.15, 0.8  # a forward gap (em) in this range is a space; beyond it a new line
Matrix = tuple[float, float, float, float, float, float]


def _f32(value: float) -> float:
    """``value`` as a C float (PyMuPDF reports font sizes in single precision)."""
    return float(struct.unpack("f", struct.pack("f", value))[0])


def _cjk(ch: str) -> bool:
    o = ord(ch)
    return 0x2E80 <= o <= 0x9FFF or 0xF900 <= o <= 0xFAFF or 0xFF00 <= o <= 0xFFEF or 0x3000 <= o <= 0x303F


def _concat(m: Matrix, n: Matrix) -> Matrix:
    """``m`` then ``n``."""
    a, b, c, d, e, f = m
    p, q, r, s, t, u = n
    return (a * p + b * r, a * q + b * s, c * p + d * r, c * q + d * s, e * p + f * r + t, e * q + f * s + u)


class PdfiumSource:
    """An open PDF read with PDFium."""

    def __init__(self, pdf, raw) -> None:
        self.pdf = pdf
        self.raw = raw
        self.page_count = len(pdf)
        self.repaired = False  # set when the cross-reference table had to be rebuilt (PDFium says nothing)
        self.said: list[str] = []

    def warnings(self) -> list[str]:
        return self.said

    def page(self, index: int) -> PageContent:
        page = self.pdf[index]
        try:
            to_top = self._to_top(page)
            width, height = page.get_size()
            textpage = page.get_textpage()
            try:
                left, bottom, right, top = page.get_cropbox()  # the unturned page clips the text
                lines, words = self._text(textpage, to_top, right - left, top - bottom)
            finally:
                textpage.close()
            hs, vs = rules(self._paths(page, to_top), width, height)
        finally:
            page.close()
        return PageContent(width, height, lines, words, hs, vs)

    def _to_top(self, page) -> Matrix:
        """PDF user space → the page's top-left space: cropbox origin, y downwards, and — as PyMuPDF's text
        and drawings — not turned by the page's /Rotate (only the page size is)."""
        left, _bottom, _right, top = page.get_cropbox()
        return (1.0, 0.0, 0.0, -1.0, -left, top)

    def _text(self, textpage, to_top: Matrix, width: float, height: float) -> tuple[list[Line], list[Word]]:
        raw = self.raw
        a, b, c, d, e, f = to_top
        x, y = ctypes.c_double(), ctypes.c_double()
        box = raw.FS_RECTF()
        matrix = raw.FS_MATRIX()
        value = ctypes.c_float()
        fonts: dict[int | None, tuple[float, float]] = {}
        # per text object: size, ascent and descent in points, direction (x, y) in the top-left space
        objects: dict[int | None, tuple[float, float, float, float, float]] = {}
        chars: list[list[tuple[str, float, float, float, float, float]]] = []
        current: list[tuple[str, float, float, float, float, float]] | None = None
        pen = (0.0, 0.0)
        line_dir = (1.0, 0.0)
        last = ""
        last_advance = 0.0
        # the per-character calls, looked up once; the text object by its address (a plain int)
        generated, unicode = raw.FPDFText_IsGenerated, raw.FPDFText_GetUnicode
        get_origin, get_box = raw.FPDFText_GetCharOrigin, raw.FPDFText_GetLooseCharBox
        address_of_object = _address_function(raw.FPDFText_GetTextObject)
        handle = textpage.raw
        count = raw.FPDFText_CountChars(textpage)
        text = textpage.get_text_range(0, count) if count else ""
        if len(text) != count:  # characters outside the BMP (two UTF-16 units): one call per character
            text = "".join(chr(unicode(handle, i)) for i in range(count))
        for i, ch in enumerate(text):
            # PDFium's own characters are spaces and line breaks: only those are asked about
            if (ch.isspace() or ch in _MAYBE_GENERATED) and generated(handle, i):
                continue
            key = address_of_object(handle, i)
            if key not in objects:
                obj = raw.FPDFText_GetTextObject(textpage, i)
                raw.FPDFText_GetMatrix(textpage, i, matrix)
                scale = math.sqrt(abs(matrix.a * matrix.d - matrix.b * matrix.c))
                size = _f32(raw.FPDFText_GetFontSize(textpage, i) * scale)
                font = raw.FPDFTextObj_GetFont(obj)
                fkey = ctypes.cast(font, ctypes.c_void_p).value
                if fkey not in fonts:
                    # a character without a font (PDFium answers false) gets the default metrics below
                    one = ctypes.c_float(1.0)
                    ascent = value.value if raw.FPDFFont_GetAscent(font, one, value) else 0.0
                    descent = value.value if raw.FPDFFont_GetDescent(font, one, value) else 0.0
                    if ascent < 1e-3:
                        ascent, descent = 0.9, -0.1
                    if ascent - descent < 1:
                        span = ascent - descent
                        ascent, descent = ascent / span, descent / span
                    fonts[fkey] = (ascent, descent)
                ascent, descent = fonts[fkey]
                dx, dy = a * matrix.a + c * matrix.b, b * matrix.a + d * matrix.b
                norm = math.hypot(dx, dy) or 1.0
                objects[key] = (size, ascent * size, descent * size, dx / norm, dy / norm)
            size, up, down, dx, dy = objects[key]
            get_origin(handle, i, x, y)
            get_box(handle, i, box)
            ox, oy = a * x.value + c * y.value + e, b * x.value + d * y.value + f
            # the advance along the text's direction (the box is PDFium's, in PDF space: axis-aligned)
            advance = abs(dx) * (box.right - box.left) + abs(dy) * (box.top - box.bottom)
            if dx == 1.0 and dy == 0.0:  # upright text, the common case: the box without the general rule
                glyph = (ch, ox, oy - up, ox + advance, oy - down, size)
            else:
                glyph = (ch, *_box(ox, oy, dx, dy, advance, up, down), size)
            if glyph[3] < 0 or glyph[1] > width or glyph[4] < 0 or glyph[2] > height:
                continue  # outside the page (PyMuPDF's default clips to it)
            turned = abs(dx - line_dir[0]) > 1e-3 or abs(dy - line_dir[1]) > 1e-3
            new_line = current is None or size <= 0 or turned
            space = False
            if not new_line and current and last == " ":
                # PDFium keeps one of a run of space characters: the others filled the gap up to here
                gap = (ox - pen[0]) * dx + (oy - pen[1]) * dy
                across = (ox - pen[0]) * dy - (oy - pen[1]) * dx
                if abs(across) < _BASE_MAX * size and last_advance > 0 and gap >= last_advance / 2:
                    for k in range(round(gap / last_advance)):
                        sx, sy = pen[0] + k * last_advance * dx, pen[1] + k * last_advance * dy
                        current.append((" ", *_box(sx, sy, dx, dy, last_advance, up, down), size))
                    pen = (ox, oy)
            if not new_line:
                spacing = ((ox - pen[0]) * dx + (oy - pen[1]) * dy) / size
                offset = ((ox - pen[0]) * dy - (oy - pen[1]) * dx) / size
                if abs(offset) >= _BASE_MAX:
                    new_line = True
                elif _SPACE_MIN <= spacing < _SPACE_MAX:
                    space = last != " " and not _cjk(last)
                elif spacing >= _SPACE_MAX or spacing <= -_SPACE_MAX:
                    new_line = True
            if new_line or current is None:
                current = []
                chars.append(current)
                line_dir = (dx, dy)
            elif space:
                gap = (ox - pen[0]) * dx + (oy - pen[1]) * dy
                current.append((" ", *_box(pen[0], pen[1], dx, dy, gap, up, down), size))
            current.append(glyph)
            pen = (ox + advance * dx, oy + advance * dy)
            last = ch
            last_advance = advance
        lines: list[Line] = []
        words: list[Word] = []
        for line in chars:
            text = "".join(g[0] for g in line)
            if not text.strip():
                continue
            lines.append(
                (
                    min(g[1] for g in line),
                    min(g[2] for g in line),
                    max(g[3] for g in line),
                    max(g[4] for g in line),
                    text,
                    max(g[5] for g in line),
                )
            )
            run: list[tuple[str, float, float, float, float, float]] = []
            for g in [*line, (" ", 0.0, 0.0, 0.0, 0.0, 0.0)]:
                if not g[0].isspace():
                    run.append(g)
                    continue
                if run:
                    words.append(
                        (
                            min(r[1] for r in run),
                            min(r[2] for r in run),
                            max(r[3] for r in run),
                            max(r[4] for r in run),
                            "".join(r[0] for r in run),
                        )
                    )
                    run = []
        return lines, words

    def _paths(self, page, to_top: Matrix) -> list[DrawnPath]:
        raw = self.raw
        out: list[DrawnPath] = []
        fill = ctypes.c_int()
        stroke = ctypes.c_int()
        px, py = ctypes.c_float(), ctypes.c_float()
        fs_matrix = raw.FS_MATRIX()

        def matrix_of(obj) -> Matrix:
            raw.FPDFPageObj_GetMatrix(obj, fs_matrix)
            m = fs_matrix
            return (m.a, m.b, m.c, m.d, m.e, m.f)

        def walk(objs: list, outer: Matrix) -> None:
            for obj in objs:
                kind = raw.FPDFPageObj_GetType(obj)
                if kind == raw.FPDF_PAGEOBJ_FORM:
                    inner = _concat(matrix_of(obj), outer)
                    count = raw.FPDFFormObj_CountObjects(obj)
                    walk([raw.FPDFFormObj_GetObject(obj, k) for k in range(count)], inner)
                elif kind == raw.FPDF_PAGEOBJ_PATH:
                    raw.FPDFPath_GetDrawMode(obj, fill, stroke)
                    if fill.value == raw.FPDF_FILLMODE_NONE and not stroke.value:
                        continue  # a clipping path, not a drawing
                    m = _concat(matrix_of(obj), outer)
                    out.append((fill.value == raw.FPDF_FILLMODE_ALTERNATE, _items(obj, m)))

        def _items(obj, m: Matrix) -> list[PathItem]:
            a, b, c, d, e, f = m
            # subpaths: the points with the kind of segment reaching each (MOVETO for the first), closed
            subpaths: list[tuple[list[tuple[float, float, int]], bool]] = []
            for k in range(raw.FPDFPath_CountSegments(obj)):
                seg = raw.FPDFPath_GetPathSegment(obj, k)
                raw.FPDFPathSegment_GetPoint(seg, px, py)
                kind = raw.FPDFPathSegment_GetType(seg)
                point = (a * px.value + c * py.value + e, b * px.value + d * py.value + f, kind)
                if kind == raw.FPDF_SEGMENT_MOVETO or not subpaths:
                    subpaths.append(([point], False))
                else:
                    subpaths[-1][0].append(point)
                if raw.FPDFPathSegment_GetClose(seg):
                    subpaths[-1] = (subpaths[-1][0], True)
            items: list[PathItem] = []
            for points, closed in subpaths:
                if all(p[2] != raw.FPDF_SEGMENT_BEZIERTO for p in points):
                    rect = _rectangle([(p[0], p[1]) for p in points], closed)
                    if rect is not None:
                        items.append(("re", rect))
                        continue
                start = current = points[0]
                curve = 0
                for point in points[1:]:
                    if point[2] == raw.FPDF_SEGMENT_BEZIERTO:
                        curve += 1
                        if curve % 3 == 0:  # control, control, end
                            items.append(("c", (current[0], current[1], point[0], point[1])))
                            current = point
                        continue
                    items.append(("l", (current[0], current[1], point[0], point[1])))
                    current = point
                if closed and len(points) > 2 and (current[0], current[1]) != (start[0], start[1]):
                    items.append(("l", (current[0], current[1], start[0], start[1])))
            return items

        walk([raw.FPDFPage_GetObject(page, k) for k in range(raw.FPDFPage_CountObjects(page))], to_top)
        return out


def _box(
    ox: float, oy: float, dx: float, dy: float, advance: float, up: float, down: float
) -> tuple[float, float, float, float]:
    """A glyph's box: from its origin ``advance`` along the direction, ``up`` (ascent) to ``down``
    (descent) across it; the direction's up is (dy, −dx) in the top-left space."""
    xs = (ox + dy * up, ox + dy * down, ox + dy * up + dx * advance, ox + dy * down + dx * advance)
    ys = (oy - dx * up, oy - dx * down, oy - dx * up + dy * advance, oy - dx * down + dy * advance)
    return min(xs), min(ys), max(xs), max(ys)


_MAYBE_GENERATED = frozenset("-\u00ad\u2010\ufffe\ufeff\x00")
_TEXT_OBJECT = ctypes.CFUNCTYPE(ctypes.c_void_p, ctypes.c_void_p, ctypes.c_int)


def _address_function(function):
    """The same C function returning its pointer as an int (a dictionary key without a ``ctypes.cast``)."""
    address = ctypes.cast(function, ctypes.c_void_p).value
    if address is None:  # pragma: no cover - a loaded library's function has an address
        raise ReadError("no_pdf_reader", "pypdfium2")
    return _TEXT_OBJECT(address)


def _rectangle(points: list[tuple[float, float]], closed: bool) -> tuple[float, float, float, float] | None:
    """The axis-aligned rectangle a closed four-corner subpath draws (as the ``re`` operator does)."""
    corners = points[:-1] if len(points) == 5 and points[0] == points[-1] else points
    if len(corners) != 4 or not (closed or len(points) == 5):
        return None
    xs = sorted({round(p[0], 3) for p in corners})
    ys = sorted({round(p[1], 3) for p in corners})
    if len(xs) > 2 or len(ys) > 2:
        return None
    for (xa, ya), (xb, yb) in zip(corners, [*corners[1:], corners[0]], strict=True):
        if abs(xa - xb) > 1e-3 and abs(ya - yb) > 1e-3:
            return None  # a diagonal side
    x0, x1 = min(p[0] for p in corners), max(p[0] for p in corners)
    y0, y1 = min(p[1] for p in corners), max(p[1] for p in corners)
    return (x0, y0, x1, y1)


_OBJECT = re.compile(rb"(?<!\d)(\d{1,7})\s+(\d{1,5})\s+obj\b")
_CATALOG = re.compile(rb"/Type\s*/Catalog\b")


def _rebuilt(data: bytes) -> bytes | None:
    """A file whose cross-reference table is lost (a download cut off) with a new one appended: every
    ``n g obj`` found, the catalogue as root. PDFium refuses such a file where MuPDF repairs it; with the
    table rebuilt, the pages whose objects arrived can be read. None when there is no catalogue."""
    offsets = {int(m.group(1)): (m.start(), int(m.group(2))) for m in _OBJECT.finditer(data)}
    catalog = _CATALOG.search(data)
    if not offsets or catalog is None:
        return None
    before = [n for n, (at, _) in offsets.items() if at < catalog.start()]
    if not before:
        return None
    root = max(before, key=lambda n: offsets[n][0])
    size = max(offsets) + 1
    free = b"0000000000 65535 f \n"
    rows = [free] + [b"%010d %05d n \n" % offsets[n] if n in offsets else free for n in range(1, size)]
    start = len(data) + 1
    table = b"xref\n0 %d\n" % size + b"".join(rows)
    trailer = b"trailer\n<< /Size %d /Root %d 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (size, root, start)
    return data + b"\n" + table + trailer


def open_pdfium(path: Path) -> PdfiumSource:
    try:
        import pypdfium2 as pdfium
        import pypdfium2.raw as raw
    except ImportError as exc:
        raise ReadError("no_pdf_reader", f"pypdfium2：{exc}") from None
    try:
        return PdfiumSource(pdfium.PdfDocument(str(path)), raw)
    except pdfium.PdfiumError as exc:
        code = getattr(exc, "err_code", None)
        if code == raw.FPDF_ERR_PASSWORD:
            raise ReadError("encrypted") from None
        failure = str(exc)
    except Exception as exc:
        raise ReadError("bad_pdf", type(exc).__name__) from None
    data = path.read_bytes()
    fixed = _rebuilt(data) if code == raw.FPDF_ERR_FORMAT and data.startswith(b"%PDF") else None
    if fixed is None:
        raise ReadError("bad_pdf", failure)
    try:
        source = PdfiumSource(pdfium.PdfDocument(fixed), raw)
    except Exception:
        raise ReadError("bad_pdf", failure) from None
    source.repaired = True
    source.said = ["交叉引用表缺失，已按文件中的对象重建"]
    return source
