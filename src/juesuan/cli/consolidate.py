"""``juesuan consolidate``: sum the datasets of a department's units into the department's dataset."""

from __future__ import annotations

import sys
from pathlib import Path

import click

from juesuan import api
from juesuan.cli.common import fail
from juesuan.errors import message
from juesuan.output import write_file_atomically


@click.command("consolidate")
@click.argument("units", nargs=-1, type=click.Path(path_type=Path))
@click.option("--name", required=True, help="The department's name (部门名称).")
@click.option("--code", default=None, help="The department's code (部门编码), noted in the output.")
@click.option(
    "--base",
    "base_path",
    type=click.Path(path_type=Path),
    default=None,
    help="The 本级 unit (texts come from it); added to UNITS if not among them.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    required=True,
    help="The department's dataset.yaml to write.",
)
def consolidate_command(
    units: tuple[Path, ...], name: str, code: str | None, base_path: Path | None, output: Path
) -> None:
    """Sum the datasets of a department's units (YAML files or directories, or 公开表 workbooks) into the
    department's dataset. Exit status: 0 written, 2 when an input cannot be read or consolidated."""
    paths = list(units)
    base: int | None = None
    if base_path is not None:
        resolved = [p.resolve() for p in paths]
        if base_path.resolve() in resolved:
            base = resolved.index(base_path.resolve())
        else:
            paths.insert(0, base_path)
            base = 0
    if not paths:
        click.echo(message("problem_line", problem=message("consolidate_no_units")), err=True)
        sys.exit(2)
    loaded: list[api.LoadedDataset] = []
    problems: list[api.InputProblem] = []
    for path in paths:
        try:
            loaded.append(api.load_dataset(path))
        except api.InputError as err:
            problems += err.problems
    try:
        if problems:
            raise api.InputError(problems)
        result = api.consolidate(loaded, name=name, code=code, base=base)
        write_file_atomically(output, result.to_yaml())
    except api.InputError as err:
        fail(err)
    for note in result.notes:
        click.echo(message("consolidate_note_line", note=note), err=True)
    click.echo(message("written", path=output))
