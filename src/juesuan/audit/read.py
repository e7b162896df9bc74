"""Read a published report: choose the reader by the file's suffix and first bytes (pdf, docx, txt), then
analyse the document's structure (:func:`juesuan.audit.document.analyse_structure`).

The readers build the shared document model of :mod:`juesuan.audit.document`; this module sits above both,
so the model never imports a reader.
"""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.document import Document, ReadError, analyse_structure
from juesuan.audit.read_docx import read_docx
from juesuan.audit.read_pdf import read_pdf
from juesuan.audit.read_txt import read_txt

__all__ = ["read_document"]


def read_document(path: str | Path, analyse: bool = True) -> Document:
    """Read a published report (by suffix, with a look at the first bytes), then analyse its structure.

    ``analyse=False`` skips the structure analysis (the reader's blocks only).

    Raises ``ReadError`` when the file cannot be read at all (missing, empty, not the format its name
    says, encrypted).
    """
    p = Path(path)
    try:
        with p.open("rb") as fh:
            head = fh.read(8)
    except OSError as exc:
        raise ReadError("unreadable", exc.strerror or str(exc)) from None
    if not p.stat().st_size:
        raise ReadError("empty")
    suffix = p.suffix.lower()
    if suffix == ".pdf" or head.startswith(b"%PDF"):
        doc = read_pdf(p)
    elif suffix == ".docx" or head.startswith(b"PK"):
        doc = read_docx(p)
    else:
        doc = read_txt(p)
    return analyse_structure(doc) if analyse else doc
