"""Audit of published 部门决算 reports: read a report as published (txt, docx, pdf), extract what it states
and report every contradiction with its location.

``audit_path`` / ``audit_paths`` (in :mod:`juesuan.audit.run`) return the same ``CheckReport`` and
``Finding`` objects as ``juesuan check``; the rules are catalogued in ``data/rules/A.toml`` (family A,
公开文本审核) and implemented in :mod:`juesuan.audit.rules`. ``extract`` (in :mod:`juesuan.audit.extract`)
writes the figures the auditor read as a partial dataset.
"""

from __future__ import annotations

__all__ = ["audit_path", "audit_paths", "extract", "read_document", "render_audit_html"]


def __getattr__(name: str):  # lazy: importing the package must stay cheap for the CLI
    if name in ("audit_path", "audit_paths", "render_audit_html"):
        from juesuan.audit import run

        return getattr(run, name)
    if name == "extract":
        from juesuan.audit.extract import extract

        return extract
    if name == "read_document":
        from juesuan.audit.read import read_document

        return read_document
    raise AttributeError(name)
