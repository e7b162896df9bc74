"""The ``juesuan`` command line: a thin layer over the library (build, schema, version)."""

from __future__ import annotations

import json
import sys
from pathlib import Path

import click
from rich.console import Console

from juesuan import __version__
from juesuan.build import DEFAULT_FORMATS, FORMATS, InconsistentData, build
from juesuan.errors import InputError, message

EXIT_OK, EXIT_ERRORS, EXIT_FATAL = 0, 1, 2


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


def _report_input_error(err: InputError) -> None:
    console = _console(stderr=True)
    for problem in err.problems:
        console.print(f"[red]错误[/red] {problem}", markup=True)


def _report_inconsistent(err: InconsistentData) -> None:
    console = _console(stderr=True)
    for identity in err.failures:
        left, right = identity.left, identity.right
        sources = [s for s in (identity.source, left.source, right.source) if s is not None]
        where = f"{sources[0]}: " if sources else ""
        text = message(
            "identity_failed",
            name=identity.name,
            left=left.key,
            left_value=left.value,
            relation=identity.relation,
            right=right.key,
            right_value=right.value,
        )
        console.print(f"[red]错误[/red] {where}{text}", markup=True)


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
    help="Output format(s) to write; default: html and json.",
)
def build_command(dataset: Path, outdir: Path, formats: tuple[str, ...]) -> None:
    """Build the report of DATASET (a dataset.yaml, or a directory holding one)."""
    try:
        result = build(dataset, outdir, formats or DEFAULT_FORMATS)
    except InputError as err:
        _report_input_error(err)
        sys.exit(EXIT_FATAL)
    except InconsistentData as err:
        _report_inconsistent(err)
        sys.exit(EXIT_ERRORS)
    console = _console()
    for need in result.needs:
        console.print(f"[yellow]提示[/yellow] {need}", markup=True)
    for path in result.files:
        console.print(f"已生成 {path}")


@main.command("schema")
def schema_command() -> None:
    """Print the dataset's JSON Schema."""
    from juesuan.dataset import Dataset

    click.echo(json.dumps(Dataset.model_json_schema(), ensure_ascii=False, indent=2))


if __name__ == "__main__":  # pragma: no cover
    main()
