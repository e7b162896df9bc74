"""The ``juesuan`` command line: a thin layer over the library (build, check, rules, schema)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from juesuan import __version__
from juesuan.build import DEFAULT_FORMATS, FORMATS, CheckFailed, build
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


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def print_report(report: CheckReport, console: Console, minimum: str = "info") -> None:
    """Findings grouped by severity, one ``file:line: [ID] message`` line each, then a summary."""
    shown = SEVERITIES[: SEVERITIES.index(minimum) + 1]
    for severity in shown:
        group = [f for f in report.sorted_findings() if f.severity == severity]
        if not group:
            continue
        heading = message("severity_group", name=severity_name(severity), count=len(group))
        console.print(f"[{SEVERITY_STYLE[severity]}]{heading}[/]")
        for finding in group:
            console.print(f"  {finding.line()}", markup=False)
    console.print(f"{report.source}：{summary_line(report)}", markup=False)


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="juesuan")
def main() -> None:
    """juesuan: 部门决算 reports from data, with every figure consistent."""


@main.command("build")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option(
    "-o",
    "--output",
    "outdir",
    type=click.Path(path_type=Path),
    default=Path("out"),
    show_default=True,
    help="Output directory.",
)
@click.option(
    "--format",
    "formats",
    multiple=True,
    type=click.Choice(FORMATS),
    help="Output format(s) to write (repeatable); default: all but txt.",
)
@click.option(
    "--force",
    is_flag=True,
    help="Write the report even when the check finds errors (marked 未通过校验, findings appended).",
)
@click.option(
    "--text", "text_yaml", type=click.Path(path_type=Path), help="YAML with the text fields (for .xlsx)."
)
@prior_option
def build_command(
    dataset: Path,
    outdir: Path,
    formats: tuple[str, ...],
    force: bool,
    text_yaml: Path | None,
    prior: Path | None,
) -> None:
    """Build the report of DATASET (a dataset.yaml, a directory holding one, or a 公开表 workbook .xlsx)."""
    err_console = _console(stderr=True)
    chosen = tuple(dict.fromkeys(formats)) or DEFAULT_FORMATS
    try:
        if len(chosen) > 1 and sys.stdout.isatty():
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                transient=True,
            ) as bar:
                task = bar.add_task(message("progress_build"), total=len(chosen))
                result = build(
                    dataset,
                    outdir,
                    chosen,
                    force=force,
                    progress=lambda fmt: bar.update(
                        task, advance=1, description=message("progress_format", format=fmt)
                    ),
                    text_yaml=text_yaml,
                    prior=prior,
                )
        else:
            result = build(dataset, outdir, chosen, force=force, text_yaml=text_yaml, prior=prior)
    except CheckFailed as failed:
        print_report(failed.report, err_console)
        err_console.print(message("build_refused"))
        sys.exit(failed.report.exit_code)
    except InputError as err:  # writing the outputs failed
        for problem in err.problems:
            err_console.print(message("problem_line", problem=problem), markup=False)
        sys.exit(EXIT_FATAL)
    console = _console()
    if result.check is not None and result.check.findings:
        print_report(result.check, console, "warning")
    for path in result.files:
        console.print(message("written", path=path), markup=False)


@main.command("check")
@click.argument("datasets", nargs=-1, required=True, type=click.Path(path_type=Path))
@click.option("--json", "as_json", is_flag=True, help="Print the findings as JSON.")
@click.option("--csv", "as_csv", is_flag=True, help="Print the findings as CSV.")
@click.option(
    "--min-severity",
    type=click.Choice(SEVERITIES),
    default="info",
    show_default=True,
    help="Least severe findings to print in the terminal.",
)
@click.option(
    "--text", "text_yaml", type=click.Path(path_type=Path), help="YAML with the text fields (for .xlsx)."
)
@click.option(
    "--annotate",
    type=click.Path(path_type=Path),
    help="Write a copy of the (first) workbook with each finding as a cell comment.",
)
@prior_option
@click.option("--unit", "unit_name", help="The unit the file must be of (its 单位名称); else a C005 error.")
@click.option("--unit-code", help="The unit's 单位代码 (checked when the file gives one); else a C006 error.")
@click.option("--year", type=int, help="The year the file must be of; else a C007 error.")
def check_command(
    datasets: tuple[Path, ...],
    as_json: bool,
    as_csv: bool,
    min_severity: str,
    text_yaml: Path | None,
    annotate: Path | None,
    prior: Path | None,
    unit_name: str | None,
    unit_code: str | None,
    year: int | None,
) -> None:
    """Check datasets or 公开表 workbooks. Exit status: 0 clean, 1 errors, 2 fatal."""
    from juesuan.rules import check_path
    from juesuan.rules.engine import Expected

    expected = Expected(unit_name, unit_code, year) if (unit_name or unit_code or year) else None
    reports = [check_path(path, text_yaml, prior, expected) for path in datasets]
    if annotate is not None:
        from juesuan.excel.annotate import annotate as annotate_workbook
        from juesuan.output import fail, write_file_atomically

        try:
            write_file_atomically(annotate, annotate_workbook(datasets[0], reports[0]))
        except InputError as err:
            fail(err)
    if as_json:
        payload = [r.to_dict() for r in reports]
        click.echo(json.dumps(payload[0] if len(payload) == 1 else payload, ensure_ascii=False, indent=1))
    elif as_csv:
        click.echo(to_csv(reports), nl=False)
    else:
        console = _console()
        for report in reports:
            print_report(report, console, min_severity)
    sys.exit(max(r.exit_code for r in reports))


@main.command("rules")
@click.option("--markdown", is_flag=True, help="Print docs/rules.md (generated from the catalogue).")
def rules_command(markdown: bool) -> None:
    """List the rule catalogue."""
    from juesuan.rules.catalogue import load_catalogue, render_markdown

    if markdown:
        click.echo(render_markdown(), nl=False)
        return
    for rule in load_catalogue().rules.values():
        click.echo(f"{rule.id}\t{rule.severity}\t{rule.slug}\t{rule.title}")


@main.command("schema")
def schema_command() -> None:
    """Print the dataset's JSON Schema."""
    from juesuan.dataset import Dataset

    click.echo(json.dumps(Dataset.model_json_schema(), ensure_ascii=False, indent=2))


from juesuan.excel.cli import export_xlsx_command, template_command  # noqa: E402

main.add_command(template_command)
main.add_command(export_xlsx_command)


from juesuan.audit.cli import audit_command, extract_command  # noqa: E402

main.add_command(audit_command)
main.add_command(extract_command)

from juesuan.cli_corpus import corpus  # noqa: E402
from juesuan.consolidate import consolidate_command  # noqa: E402

main.add_command(consolidate_command)
main.add_command(corpus)

from juesuan_web.cli import serve_command  # noqa: E402

main.add_command(serve_command)

if __name__ == "__main__":  # pragma: no cover
    main()
