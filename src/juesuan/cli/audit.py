"""The ``juesuan audit`` and ``juesuan extract`` commands: published reports audited, and their figures read
as a dataset."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import click

from juesuan.audit.pdf_source import DEFAULT_READER, ENV, READERS
from juesuan.audit.run import ordered
from juesuan.cli.common import csv_option, emit, fail, json_option, min_severity_option
from juesuan.errors import InputError, message
from juesuan.findings import SEVERITIES, SEVERITY_STYLE, CheckReport, severity_name, summary_line
from juesuan.output import write_file_atomically


def print_audit(report: CheckReport, console, minimum: str = "info") -> None:
    """One document: its findings grouped by severity, each with its place, the finding and the quote."""
    shown = SEVERITIES[: SEVERITIES.index(minimum) + 1]
    title = report.source
    if report.department:
        year = message("audit_year", year=report.year) if report.year else ""
        title = message("audit_document", source=report.source, department=report.department, year=year)
    console.print(f"[bold]{title}[/]", markup=True, highlight=False)
    for severity in shown:
        group = [f for f in ordered(report) if f.severity == severity]
        if not group:
            continue
        heading = message("severity_group", name=severity_name(severity), count=len(group))
        console.print(f"  [{SEVERITY_STYLE[severity]}]{heading}[/]")
        for f in group:
            where = f.primary.key if f.primary and f.primary.key else ""
            console.print(f"    {where} [{f.rule_id}] {f.message}", markup=False)
    console.print(f"  {summary_line(report)}", markup=False)


def _choose_pdf_reader(name: str | None) -> None:
    """The PDF reader for this run, worker processes included (they inherit the environment)."""
    if name:
        os.environ[ENV] = name


_PDF_READER = click.option(
    "--pdf-reader",
    type=click.Choice(READERS),
    default=None,
    help=f"PDF library: pdfium (Apache-2.0) or pymupdf (AGPL-3.0). Default: ${ENV}, else {DEFAULT_READER}.",
)


def _write(path: Path, text: str) -> None:
    """Write all or nothing; a failure names the path and exits 2."""
    try:
        write_file_atomically(path, text)
    except InputError as err:
        fail(err)


@click.command("audit")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@csv_option
@click.option(
    "--html", "html_out", type=click.Path(path_type=Path), help="Write a readable HTML report to this file."
)
@click.option("--jobs", "-j", type=int, default=0, help="Parallel processes (default: all cores).")
@min_severity_option
@_PDF_READER
def audit_command(
    paths: tuple[Path, ...],
    as_json: bool,
    as_csv: bool,
    html_out: Path | None,
    jobs: int,
    min_severity: str,
    pdf_reader: str | None,
) -> None:
    """Audit published 部门决算 reports (txt, docx, pdf; folders recursively).

    Exit status: 0 clean, 1 errors, 2 fatal.
    """
    _choose_pdf_reader(pdf_reader)
    from rich.console import Console
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, TextColumn, TimeElapsedColumn

    from juesuan.audit.run import audit_paths, expand, render_audit_html

    files = expand(paths)
    if not files:
        click.echo(message("audit_nothing"), err=True)
        sys.exit(2)
    err = Console(stderr=True, highlight=False)
    if len(files) > 1 and err.is_terminal:
        with Progress(
            TextColumn(message("progress_audit")),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as bar:
            task = bar.add_task("audit", total=len(files))
            reports = audit_paths(files, jobs or None, progress=lambda _r: bar.advance(task))
    else:
        reports = audit_paths(files, jobs or None)
    if html_out is not None:
        _write(html_out, render_audit_html(reports))

    def show(out: Console) -> None:
        for report in reports:
            print_audit(report, out, min_severity)
        if html_out is not None:
            out.print(message("written", path=html_out), markup=False)

    emit(reports, as_json, as_csv, show)


@click.command("extract")
@click.argument("path", type=click.Path(path_type=Path, exists=True, dir_okay=False))
@click.option(
    "-o", "--output", "output", type=click.Path(path_type=Path), required=True, help="dataset.yaml to write."
)
@_PDF_READER
def extract_command(path: Path, output: Path, pdf_reader: str | None) -> None:
    """Write the figures read from a published report as a (partial) dataset YAML."""
    _choose_pdf_reader(pdf_reader)
    from juesuan.audit.document import ReadError
    from juesuan.audit.extract import extract_yaml

    try:
        text = extract_yaml(path)
    except ReadError as exc:
        click.echo(message("audit_unreadable", path=path, code=exc.code, detail=exc.detail), err=True)
        sys.exit(2)
    _write(output, text)
    click.echo(message("written", path=output))
