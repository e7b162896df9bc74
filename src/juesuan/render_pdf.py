"""Render the view model as a PDF: the print variant of report.html laid out by WeasyPrint.

The PDF shows what report.html shows — ``render_html(view, for_print=True)``: the same blocks, 附表, 自评表
and charts — styled by ``templates/html/print.css``: A4 with the GB/T 9704 margins, a title page, a 目录
with page numbers, a running header and page numbers, each 部分 and each 附表 on a new page, 附表 with
seven or more columns on landscape pages.

Only three TrueType CJK fonts are used (``FONT_PACKAGES``), embedded as subsets. A character none of them
has makes Pango fall back to another installed font or draw an empty box; ``render_pdf_checked`` reports
both, ``render_pdf`` logs them and raises ``PdfFontError`` when the fonts themselves are not installed.

The output is deterministic: no creation date, no random file identifier; title and author are set.
"""

from __future__ import annotations

import logging
import re
from dataclasses import dataclass, field
from functools import cache
from importlib import resources
from typing import TYPE_CHECKING

from juesuan.render_html import render_html
from juesuan.viewmodel import ReportView

if TYPE_CHECKING:
    from weasyprint import CSS

__all__ = ["FONT_FAMILIES", "FONT_PACKAGES", "PdfFontError", "PdfOutput", "render_pdf", "render_pdf_checked"]

#: The font families of the PDF (fontconfig names) and the Debian package of each.
FONT_PACKAGES = {
    "AR PL UMing CN": "fonts-arphic-uming",  # body text and tables (仿宋/宋体)
    "WenQuanYi Zen Hei": "fonts-wqy-zenhei",  # title, 部分 and 一、 headings, bold, charts (黑体)
    "AR PL UKai CN": "fonts-arphic-ukai",  # （一） headings (楷体)
}
FONT_FAMILIES = frozenset(FONT_PACKAGES)
#: Families every report uses (the body and the title); UKai only appears with （一） headings.
_ALWAYS_USED = ("AR PL UMing CN", "WenQuanYi Zen Hei")

_MISSING_GLYPH = re.compile(r"\.notdef glyph rendered.*\((U\+[0-9A-F]+)\)")
LOGGER = logging.getLogger(__name__)


class PdfFontError(RuntimeError):
    """The CJK fonts the PDF needs are not installed."""


@dataclass
class PdfOutput:
    """A rendered PDF and what the renderer noticed on the way."""

    data: bytes
    pages: int
    fonts: list[str]  # families of the embedded fonts
    fallback_fonts: list[str] = field(default_factory=list)  # families used that are not FONT_FAMILIES
    missing_glyphs: list[str] = field(default_factory=list)  # "U+XXXX" drawn as an empty box (.notdef)
    messages: list[str] = field(default_factory=list)  # WeasyPrint's warnings and errors


@cache
def _stylesheet() -> CSS:
    from weasyprint import CSS

    text = (resources.files("juesuan") / "templates" / "html" / "print.css").read_text(encoding="utf-8")
    return CSS(string=text)


class _Collect(logging.Handler):
    """Keeps WeasyPrint's warnings and errors of one rendering."""

    def __init__(self) -> None:
        super().__init__(logging.WARNING)
        self.messages: list[str] = []

    def emit(self, record: logging.LogRecord) -> None:
        self.messages.append(record.getMessage())


def render_pdf_checked(view: ReportView) -> PdfOutput:
    """Render the PDF and report its fonts, any fallback font, missing glyphs and WeasyPrint messages."""
    from weasyprint import HTML

    html = render_html(view, for_print=True)
    logger = logging.getLogger("weasyprint")
    collect = _Collect()
    logger.addHandler(collect)
    try:
        document = HTML(string=html).render(stylesheets=[_stylesheet()])
        document.metadata.title = view.title
        document.metadata.authors = [view.derived.dataset.department.name]
        document.metadata.generator = "juesuan"
        data = document.write_pdf(pdf_identifier=False)
    finally:
        logger.removeHandler(collect)
    fonts = sorted({font.family for font in document.fonts.values()})
    missing = sorted({m.group(1) for msg in collect.messages if (m := _MISSING_GLYPH.search(msg))})
    return PdfOutput(
        data=data,
        pages=len(document.pages),
        fonts=fonts,
        fallback_fonts=[f for f in fonts if f not in FONT_FAMILIES],
        missing_glyphs=missing,
        messages=collect.messages,
    )


def render_pdf(view: ReportView) -> bytes:
    """The report as PDF bytes.

    Raises ``PdfFontError`` if the CJK fonts are not installed; logs a warning if a character needed a
    fallback font or could not be drawn.
    """
    out = render_pdf_checked(view)
    absent = [f for f in _ALWAYS_USED if f not in out.fonts]
    if absent:
        raise PdfFontError(
            f"the PDF needs the fonts {', '.join(FONT_PACKAGES)}; not found: {', '.join(absent)}. "
            f"Install them with: apt-get install {' '.join(FONT_PACKAGES.values())}"
        )
    if out.fallback_fonts:
        LOGGER.warning("PDF: some characters are set in a fallback font: %s", ", ".join(out.fallback_fonts))
    if out.missing_glyphs:
        LOGGER.warning("PDF: no font has the characters %s", " ".join(out.missing_glyphs))
    return out.data
