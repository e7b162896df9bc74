"""What the commands share: the console, printing a check report, the ``--prior`` option, exit codes, and
ending a command on a problem with its input or output."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable
from pathlib import Path
from typing import NoReturn

import click
from rich.console import Console

from juesuan.errors import InputError, message
from juesuan.findings import SEVERITIES, SEVERITY_STYLE, CheckReport, severity_name, summary_line, to_csv

EXIT_OK, EXIT_ERRORS, EXIT_FATAL = 0, 1, 2


prior_option = click.option(
    "--prior",
    "prior",
    type=click.Path(path_type=Path),
    help="Last year's dataset (dataset.yaml, a workbook or a previous build's data.json); replaces "
    "prior_year.dataset. Figures the dataset gives inline in prior_year still win.",
)


json_option = click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
csv_option = click.option("--csv", "as_csv", is_flag=True, help="Print the findings as CSV.")
min_severity_option = click.option(
    "--min-severity",
    type=click.Choice(SEVERITIES),
    default="info",
    show_default=True,
    help="Least severe findings to print in the terminal.",
)


def console(stderr: bool = False) -> Console:
    """A terminal console (standard error when ``stderr``), without markup highlighting."""
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_report(report: CheckReport, out: Console, minimum: str = "info") -> None:
    """Findings grouped by severity, one ``file:line: [ID] message`` line each, then a summary."""
    shown = SEVERITIES[: SEVERITIES.index(minimum) + 1]
    for severity in shown:
        group = [f for f in report.sorted_findings() if f.severity == severity]
        if not group:
            continue
        heading = message("severity_group", name=severity_name(severity), count=len(group))
        out.print(f"[{SEVERITY_STYLE[severity]}]{heading}[/]")
        for finding in group:
            out.print(f"  {finding.line()}", markup=False)
    out.print(f"{report.source}：{summary_line(report)}", markup=False)


def emit(
    reports: list[CheckReport], as_json: bool, as_csv: bool, show: Callable[[Console], None]
) -> NoReturn:
    """Print the reports as JSON (one object for one report), as CSV, or in the terminal (``show``), and exit
    with the worst report's status."""
    if as_json:
        payload = [r.to_dict() for r in reports]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=1))
    elif as_csv:
        click.echo(to_csv(reports), nl=False)
    else:
        show(console())
    sys.exit(max(r.exit_code for r in reports))


def fail(err: InputError) -> NoReturn:
    """Print each problem (``file:line: message``) on standard error and exit with status 2."""
    for problem in err.problems:
        click.echo(message("problem_line", problem=problem), err=True)
    sys.exit(EXIT_FATAL)
