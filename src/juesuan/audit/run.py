"""Audit one published report or a batch: read → extract facts → run the A rules → ``CheckReport``.

``audit_paths`` expands folders recursively (txt, docx, pdf) and audits the files in parallel on a process
pool (all cores by default); a file that cannot be read becomes a fatal finding in its own report and the
batch goes on. ``render_audit_html`` renders the reports as one readable HTML page (Jinja2 template
``templates/audit/report.html.j2``), grouped by document and severity, each finding quoting its passage.
"""

from __future__ import annotations

import os
import re
from collections.abc import Callable, Iterable
from concurrent.futures import ProcessPoolExecutor, as_completed
from pathlib import Path
from typing import TYPE_CHECKING

from juesuan.audit.document import Document, ReadError
from juesuan.audit.read import read_document
from juesuan.findings import (
    SEVERITIES,
    CheckReport,
    Finding,
    Location,
    RuleOutcome,
    fingerprint,
    severity_names,
)

if TYPE_CHECKING:
    from juesuan.audit.rules import Context

SUFFIXES = (".txt", ".docx", ".pdf")


def audit_path(path: str | Path) -> CheckReport:
    """Audit one file; never raises for a bad input file (the problem is a finding)."""
    return audit_document(path)[0]


def read_for_audit(path: str | Path, analyse: bool = True) -> tuple[Document | None, tuple[str, str] | None]:
    """The document read from ``path``, or the reader's problem as ``(code, detail)``; never raises.

    ``analyse=False`` returns the reader's raw blocks (before headings, parts and title are analysed), for
    a caller that cuts the document first (a 汇编 split into its reports).
    """
    p = Path(path)
    try:
        return read_document(p, analyse=analyse), None
    except ReadError as err:
        return None, (err.code, err.detail)
    except Exception as exc:  # a reader bug or a file no reader expected: still a finding, not a crash
        return None, ("bad_pdf" if p.suffix.lower() == ".pdf" else "not_text", f"{type(exc).__name__}: {exc}")


def audit_document(
    path: str | Path, doc: Document | None = None, read_error: tuple[str, str] | None = None
) -> tuple[CheckReport, Context]:
    """Audit ``path`` (read here unless ``doc`` or ``read_error`` is given): the report and the rules'
    context, whose ``facts`` and ``tfacts`` are the figures the auditor read."""
    from juesuan.audit.rules import Context, run_rules

    p = Path(path)
    if doc is None and read_error is None:
        doc, read_error = read_for_audit(p)
    ctx = Context(str(p), doc, read_error)
    report = CheckReport(str(p), doc.department if doc else "", doc.year if doc else None)
    try:
        findings, outcomes = run_rules(ctx)
    except Exception as exc:  # pragma: no cover - defensive
        findings = [
            Finding(
                "A001",
                "fatal",
                "文件无法读取",
                f"审核出错：{type(exc).__name__}: {exc}",
                {},
                (Location(str(p)),),
                "",
                fingerprint("A001", "", 0, [str(p)]),
            )
        ]
        outcomes = []
    report.findings = findings
    report.outcomes = [RuleOutcome(rule, outcome, reason) for rule, outcome, reason in outcomes]  # type: ignore[arg-type]
    return report, ctx


def expand(paths: Iterable[str | Path]) -> list[Path]:
    """Files to audit: the given files, and every txt/docx/pdf under the given folders (sorted)."""
    out: list[Path] = []
    for item in paths:
        p = Path(item)
        if p.is_dir():
            out.extend(sorted(f for f in p.rglob("*") if f.is_file() and f.suffix.lower() in SUFFIXES))
        else:
            out.append(p)
    return out


def audit_paths(
    paths: Iterable[str | Path],
    jobs: int | None = None,
    progress: Callable[[CheckReport], None] | None = None,
) -> list[CheckReport]:
    """Audit files and folders (recursively) in parallel; reports in input order."""
    files = expand(paths)
    jobs = jobs or os.cpu_count() or 1
    if jobs <= 1 or len(files) <= 1:
        reports = []
        for f in files:
            reports.append(audit_path(f))
            if progress:
                progress(reports[-1])
        return reports
    results: dict[int, CheckReport] = {}
    with ProcessPoolExecutor(max_workers=min(jobs, len(files))) as pool:
        futures = {pool.submit(audit_path, f): k for k, f in enumerate(files)}
        for fut in as_completed(futures):
            k = futures[fut]
            try:
                results[k] = fut.result()
            except Exception as exc:  # a worker died: report the file, keep the batch
                results[k] = _crashed(files[k], exc)
            if progress:
                progress(results[k])
    return [results[k] for k in range(len(files))]


def _crashed(path: Path, exc: BaseException) -> CheckReport:
    report = CheckReport(str(path))
    report.findings.append(
        Finding(
            "A001",
            "fatal",
            "文件无法读取",
            f"文件“{path}”审核失败：{type(exc).__name__}",
            {"found": str(exc)},
            (Location(str(path)),),
            "",
            fingerprint("A001", "", 0, [str(path)]),
        )
    )
    return report


def ordered(report: CheckReport) -> list[Finding]:
    """Findings by severity, then in document order (page, line, paragraph), then rule."""

    def key(f: Finding):
        loc = f.primary
        page = loc.page if loc and loc.page is not None else 0
        line = loc.line if loc and loc.line is not None else 0
        para = int(re.sub(r"\D", "", loc.cell) or 0) if loc and loc.cell and loc.cell.endswith("段") else 0
        return (SEVERITIES.index(f.severity), page, line, para, f.rule_id)

    return sorted(report.findings, key=key)


def render_audit_html(reports: list[CheckReport]) -> str:
    """One HTML page: a summary table, then each document's findings grouped by severity with quotes."""
    from importlib import resources

    from jinja2 import Environment, select_autoescape

    source = (resources.files("juesuan") / "templates" / "audit" / "report.html.j2").read_text(
        encoding="utf-8"
    )
    env = Environment(autoescape=select_autoescape(default=True), trim_blocks=True, lstrip_blocks=True)
    template = env.from_string(source)
    labels = severity_names()
    docs = []
    for r in reports:
        groups = []
        for sev in SEVERITIES:
            items = [f for f in ordered(r) if f.severity == sev]
            if items:
                groups.append({"severity": sev, "label": labels[sev], "findings": [_view(f) for f in items]})
        docs.append(
            {
                "source": r.source,
                "department": r.department,
                "year": r.year,
                "counts": {s: r.count(s) for s in SEVERITIES},
                "groups": groups,
                "passes": r.passes,
            }
        )
    return template.render(documents=docs, labels=labels, severities=SEVERITIES)


def _view(f: Finding) -> dict[str, object]:
    where = [loc.key or str(loc) for loc in f.locations if loc.key or loc.line or loc.page]
    return {
        "rule": f.rule_id,
        "title": f.title,
        "subject": f.params.get("subject", ""),
        "found": f.params.get("found", ""),
        "expected": f.params.get("expected", ""),
        "quote": f.params.get("quote", ""),
        "where": where,
        "message": f.message,
        "hint": f.hint,
    }
