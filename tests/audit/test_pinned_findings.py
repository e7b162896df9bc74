"""Pinned findings: every audit finding on the reference documents, frozen as canonical JSON.

Any change to what the auditor reports (rule, severity, message, quoted passage, locations, fingerprint,
rule outcomes) on the reference report, the Putuo PDFs, the real texts and juesuan's own outputs shows up
here as a diff of ``tests/audit/pinned/<name>.json``. After an intended change, regenerate with
``JUESUAN_UPDATE_GOLDEN=1 pytest tests/audit/test_pinned_findings.py`` and review the diff.
"""

from __future__ import annotations

import json
import os
from functools import cache
from pathlib import Path

import pytest

from juesuan.audit.run import audit_path

from .conftest import CORPUS, REFERENCE, REPO, SHARED

PINNED = Path(__file__).parent / "pinned"
EXAMPLE = REPO / "examples" / "jinkouhe-xinfang-2024"
BUILT = ("built-txt", "built-docx", "built-pdf")


def _shared_documents() -> dict[str, Path]:
    docs: dict[str, Path] = {}
    if REFERENCE is not None and REFERENCE.is_file():
        docs["reference"] = REFERENCE
    if CORPUS is not None and CORPUS.is_dir():
        for pdf in sorted(CORPUS.glob("*.pdf")):
            docs[f"putuo-{pdf.stem}"] = pdf
    if SHARED is not None:
        for txt in sorted((SHARED / "corpus" / "real-texts").glob("*.txt")):
            docs[f"real-{txt.stem}"] = txt
    return docs


SHARED_DOCS = _shared_documents()


@cache
def _built(kind: str, folder: str) -> Path:
    """juesuan's own rendering of the example (built once per session, like tests/audit/test_roundtrip)."""
    from juesuan.build import prepare

    view = prepare(EXAMPLE)
    out = Path(folder)
    if kind == "built-txt":
        from juesuan.render.text import render_text

        path = out / "report.txt"
        path.write_text(render_text(view), encoding="utf-8")
    elif kind == "built-docx":
        from juesuan.render.docx import render_docx

        path = out / "report.docx"
        path.write_bytes(render_docx(view))
    else:
        try:
            from juesuan.render.pdf import render_pdf

            data = render_pdf(view)
        except Exception as exc:  # e.g. fonts not installed on this machine
            pytest.skip(f"PDF rendering unavailable here: {exc}")
        path = out / "report.pdf"
        path.write_bytes(data)
    return path


def canonical(report, path: Path) -> str:
    """The report as stable JSON: findings sorted, file paths replaced by the file name."""

    def loc(location) -> dict[str, object]:
        d = location.to_dict()
        d.pop("file", None)
        return d

    findings = [
        {
            "rule": f.rule_id,
            "severity": f.severity,
            "message": f.message,
            "quote": f.params.get("quote", ""),
            "locations": [loc(x) for x in f.locations],
            "fingerprint": f.fingerprint,
        }
        for f in report.findings
    ]
    findings.sort(key=lambda d: json.dumps(d, ensure_ascii=False, sort_keys=True))
    data = {
        "department": report.department,
        "year": report.year,
        "findings": findings,
        "outcomes": sorted(f"{o.rule_id} {o.outcome} {o.reason}".strip() for o in report.outcomes),
    }
    text = json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n"
    return text.replace(str(path), path.name)


def _check(name: str, path: Path) -> None:
    text = canonical(audit_path(path), path)
    pinned = PINNED / f"{name}.json"
    if os.environ.get("JUESUAN_UPDATE_GOLDEN"):
        PINNED.mkdir(exist_ok=True)
        pinned.write_text(text, encoding="utf-8")
    if not pinned.is_file():
        pytest.fail(f"no pinned findings for {name}; run with JUESUAN_UPDATE_GOLDEN=1")
    assert text == pinned.read_text(encoding="utf-8"), f"the findings on {name} changed; review and re-pin"


@pytest.mark.parametrize("name", sorted(SHARED_DOCS))
def test_shared_document_findings_are_pinned(name):
    _check(name, SHARED_DOCS[name])


@pytest.mark.parametrize("kind", BUILT)
def test_built_output_findings_are_pinned(kind, tmp_path_factory):
    folder = tmp_path_factory.getbasetemp() / "pinned-built"
    folder.mkdir(exist_ok=True)
    _check(kind, _built(kind, str(folder)))


def test_shared_documents_present():
    if SHARED is None:
        pytest.skip("shared/ is not available")
    assert "reference" in SHARED_DOCS and any(n.startswith("putuo-") for n in SHARED_DOCS)
