"""The PDF reader interface: what :mod:`juesuan.audit.read_pdf` needs from a PDF library; the choice.

:func:`juesuan.audit.read_pdf.open_pdf` opens a PDF with a reader, which gives, page by page, a
:class:`PageContent`: the page size, the text lines and the words (boxes in points, origin at the top
left, y downwards, as PyMuPDF reports them) and the ruling lines the page draws.
The layout analysis (table regions, cells, paragraphs) is the same for every reader.

Two readers:

- ``pdfium`` (:mod:`juesuan.audit.pdf_pdfium`, the default): pypdfium2 over Google's PDFium, licence
  Apache-2.0 / BSD-3-Clause. It rebuilds PyMuPDF's lines and words from PDFium's characters.
- ``pymupdf`` (:mod:`juesuan.audit.pdf_pymupdf`, the optional extra ``juesuan[pymupdf]``): PyMuPDF, licence
  AGPL-3.0 (or Artifex's commercial licence). The pinned audit results were first made with it.

The reader is chosen by ``JUESUAN_PDF_READER`` (``pymupdf`` or ``pdfium``; the CLI's ``--pdf-reader``
sets it for the whole batch, worker processes included), else :data:`DEFAULT_READER`. A reader whose
library is not installed is a ``no_pdf_reader`` read error naming the library.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Protocol

from juesuan.audit.document import ReadError

READERS = ("pymupdf", "pdfium")
# PDFium: the same audit results as PyMuPDF on every pinned PDF (README: "PDF reader"), without the AGPL
DEFAULT_READER = "pdfium"
ENV = "JUESUAN_PDF_READER"

Segment = tuple[float, float, float]  # a horizontal rule (y, x0, x1) or a vertical one (x, y0, y1)
Line = tuple[float, float, float, float, str, float]  # x0, y0, x1, y1, text, largest font size
Word = tuple[float, float, float, float, str]  # x0, y0, x1, y1, text
# a drawn path: (filled by the even-odd rule, items); an item is ("l", (xa, ya, xb, yb)), a line from a
# to b, or ("re", (x0, y0, x1, y1)), a rectangle; other items (curves) are kept by kind only
PathItem = tuple[str, tuple[float, float, float, float]]
DrawnPath = tuple[bool, list[PathItem]]


@dataclass
class PageContent:
    width: float
    height: float
    lines: list[Line] = field(default_factory=list)  # non-blank text lines in the library's order
    words: list[Word] = field(default_factory=list)
    hs: list[Segment] = field(default_factory=list)
    vs: list[Segment] = field(default_factory=list)


class PdfSource(Protocol):
    """An open PDF."""

    page_count: int
    repaired: bool  # the library had to repair the file (broken cross-reference table, truncated file)

    def page(self, index: int) -> PageContent:
        """The content of page ``index`` (0-based); raises when the page cannot be read."""
        ...

    def warnings(self) -> list[str]:
        """What the library said about the file while reading it (for a damaged file's reason)."""
        ...


def _area(r: tuple[float, float, float, float]) -> float:
    return max(r[2] - r[0], 0.0) * max(r[3] - r[1], 0.0)


def rules(paths: list[DrawnPath], width: float, height: float) -> tuple[list[Segment], list[Segment]]:
    """Horizontal and vertical rules: stroked lines, thin filled rectangles, the sides of other rectangles
    (not of a page-sized one) and of frames drawn as an even-odd filled pair of rectangles."""
    hs: list[Segment] = []
    vs: list[Segment] = []
    for even_odd, items in paths:
        if even_odd and len(items) == 2 and items[0][0] == items[1][0] == "re":
            # a border drawn as a filled frame (outer rect minus inner rect): each differing side is a rule
            outer, inner = sorted((items[0][1], items[1][1]), key=lambda r: -_area(r))
            if abs(outer[1] - inner[1]) > 0.05:
                hs.append((outer[1], outer[0], outer[2]))
            if abs(outer[3] - inner[3]) > 0.05:
                hs.append((outer[3], outer[0], outer[2]))
            if abs(outer[0] - inner[0]) > 0.05:
                vs.append((outer[0], outer[1], outer[3]))
            if abs(outer[2] - inner[2]) > 0.05:
                vs.append((outer[2], outer[1], outer[3]))
            continue
        for op, (p, q, r, s) in items:
            if op == "l":  # from (p, q) to (r, s)
                if abs(q - s) < 1.0 and abs(p - r) > 2:
                    hs.append((q, min(p, r), max(p, r)))
                elif abs(p - r) < 1.0 and abs(q - s) > 2:
                    vs.append((p, min(q, s), max(q, s)))
            elif op == "re":  # (p, q)–(r, s), normalised
                w, h = max(r - p, 0.0), max(s - q, 0.0)  # as PyMuPDF's Rect.width/height
                if h < 2.5 and w > 2:
                    hs.append(((q + s) / 2, p, r))
                elif w < 2.5 and h > 2:
                    vs.append(((p + r) / 2, q, s))
                elif w < width * 0.9 or h < height * 0.9:
                    hs += [(q, p, r), (s, p, r)]
                    vs += [(p, q, s), (r, q, s)]
    return hs, vs


def reader_name(name: str | None = None) -> str:
    """The reader to use: ``name`` if given, else the environment's choice, else the default."""
    chosen = (name or os.environ.get(ENV) or DEFAULT_READER).strip().lower()
    if chosen not in READERS:
        raise ReadError("no_pdf_reader", f"{ENV}={chosen}：可选{'、'.join(READERS)}")
    return chosen


def pages(source: PdfSource) -> Iterator[tuple[int, PageContent | Exception]]:
    """(1-based page number, content or the exception that page raised)."""
    for index in range(source.page_count):
        try:
            yield index + 1, source.page(index)
        except Exception as exc:
            yield index + 1, exc
