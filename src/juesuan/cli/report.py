"""The report commands: ``juesuan build``, ``check``, ``rules`` and ``schema``."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.progress import BarColumn, Progress, TextColumn

from juesuan import api
from juesuan.cli.common import (
    EXIT_FATAL,
    console,
    csv_option,
    emit,
    fail,
    json_option,
    min_severity_option,
    print_report,
    prior_option,
)
from juesuan.errors import message


@click.command("build")
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
    type=click.Choice(api.FORMATS),
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
    err_console = console(stderr=True)
    chosen = tuple(dict.fromkeys(formats)) or api.DEFAULT_FORMATS
    checked = api.check(api.load(dataset, text_yaml, prior))  # read, derived and checked once
    try:
        if len(chosen) > 1 and sys.stdout.isatty():
            with Progress(
                TextColumn("{task.description}"),
                BarColumn(),
                TextColumn("{task.completed}/{task.total}"),
                transient=True,
            ) as bar:
                task = bar.add_task(message("progress_build"), total=len(chosen))
                result = api.build(
                    checked,
                    outdir,
                    chosen,
                    force=force,
                    progress=lambda fmt: bar.update(
                        task, advance=1, description=message("progress_format", format=fmt)
                    ),
                )
        else:
            result = api.build(checked, outdir, chosen, force=force)
    except api.CheckFailed as failed:
        print_report(failed.report, err_console)
        err_console.print(message("build_refused"))
        sys.exit(failed.report.exit_code)
    except api.InputError as err:  # writing the outputs failed
        for problem in err.problems:
            err_console.print(message("problem_line", problem=problem), markup=False)
        sys.exit(EXIT_FATAL)
    out = console()
    if result.check is not None and result.check.findings:
        print_report(result.check, out, "warning")
    for path in result.files:
        out.print(message("written", path=path), markup=False)


@click.command("check")
@click.argument("datasets", nargs=-1, required=True, type=click.Path(path_type=Path))
@json_option
@csv_option
@min_severity_option
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
    from juesuan.output import write_file_atomically

    expected = api.Expected(unit_name, unit_code, year) if (unit_name or unit_code or year) else None
    reports = [api.check_file(path, text_yaml, prior, expected) for path in datasets]
    if annotate is not None:
        try:
            write_file_atomically(annotate, api.annotate(datasets[0], reports[0]))
        except api.InputError as err:
            fail(err)

    def show(out: Console) -> None:
        for report in reports:
            print_report(report, out, min_severity)

    emit(reports, as_json, as_csv, show)


@click.command("rules")
@click.option("--markdown", is_flag=True, help="Print docs/rules.md (generated from the catalogue).")
def rules_command(markdown: bool) -> None:
    """List the rule catalogue."""
    from juesuan.rules.catalogue import load_catalogue, render_markdown

    if markdown:
        click.echo(render_markdown(), nl=False)
        return
    for rule in load_catalogue().rules.values():
        click.echo(f"{rule.id}\t{rule.severity}\t{rule.slug}\t{rule.title}")


@click.command("schema")
def schema_command() -> None:
    """Print the dataset's JSON Schema."""
    from juesuan.dataset import Dataset

    click.echo(json.dumps(Dataset.model_json_schema(), ensure_ascii=False, indent=2))
