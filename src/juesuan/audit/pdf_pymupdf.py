"""The PyMuPDF reader (``pymupdf``; licence AGPL-3.0 or Artifex's commercial licence): page content for
:mod:`juesuan.audit.read_pdf` from PyMuPDF's words, text dict and vector drawings.

Measured on the 25-page Putuo 财政局 report, words + text dict + drawings take 0.10 s for all pages,
against 1.1 s for pdfplumber's words alone and 11 s for PyMuPDF's own ``find_tables``.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.document import ReadError
from juesuan.audit.pdf_source import DrawnPath, Line, PageContent, PathItem, Segment, rules


def _segments(page) -> tuple[list[Segment], list[Segment]]:
    paths: list[DrawnPath] = []
    for path in page.get_drawings():
        items: list[PathItem] = []
        for item in path["items"]:
            if item[0] == "l":
                items.append(("l", (item[1].x, item[1].y, item[2].x, item[2].y)))
            elif item[0] == "re":
                r = item[1]
                items.append(("re", (r.x0, r.y0, r.x1, r.y1)))
            else:
                items.append((item[0], (0.0, 0.0, 0.0, 0.0)))
        paths.append((bool(path.get("even_odd")), items))
    return rules(paths, page.rect.width, page.rect.height)


class PyMuPDFSource:
    """An open PDF read with PyMuPDF."""

    def __init__(self, pdf) -> None:
        self.pdf = pdf
        self.repaired = bool(getattr(pdf, "is_repaired", False))
        try:
            self.page_count = pdf.page_count
        except Exception as exc:  # a page tree cut off or broken beyond repair
            raise ReadError("bad_pdf", f"页面目录无法读取：{exc}") from None

    def page(self, index: int) -> PageContent:
        page = self.pdf[index]
        textpage = page.get_textpage()
        words = [(w[0], w[1], w[2], w[3], w[4]) for w in page.get_text("words", textpage=textpage)]
        info = page.get_text("dict", textpage=textpage)
        lines: list[Line] = []
        for b in info["blocks"]:
            if b.get("type") != 0:
                continue
            for ln in b["lines"]:
                text = "".join(s["text"] for s in ln["spans"])
                if not text.strip():
                    continue
                size = max((s["size"] for s in ln["spans"]), default=10.0)
                x0, y0, x1, y1 = ln["bbox"]
                lines.append((x0, y0, x1, y1, text, size))
        hs, vs = _segments(page)
        return PageContent(page.rect.width, page.rect.height, lines, words, hs, vs)

    def warnings(self) -> list[str]:
        import pymupdf

        return pymupdf.TOOLS.mupdf_warnings().splitlines()


def open_pymupdf(path: Path) -> PyMuPDFSource:
    try:
        import pymupdf
    except ImportError as exc:
        raise ReadError("no_pdf_reader", f"pymupdf：{exc}") from None
    # MuPDF's own complaints go to its warning buffer, not the terminal: they become A007's reason
    pymupdf.TOOLS.mupdf_display_errors(False)
    pymupdf.TOOLS.mupdf_display_warnings(False)
    pymupdf.TOOLS.reset_mupdf_warnings()
    try:
        pdf = pymupdf.open(str(path))
    except Exception as exc:
        raise ReadError("bad_pdf", type(exc).__name__) from None
    if pdf.needs_pass:
        raise ReadError("encrypted")
    return PyMuPDFSource(pdf)
