"""Command-line commands of the workbook side: ``juesuan template`` and ``juesuan export-xlsx``.

Registered in ``juesuan.cli`` (``main.add_command``); ``juesuan build`` and ``juesuan check`` read workbooks
through ``juesuan.excel.importer.load_any``.
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

from juesuan.errors import InputError, message
from juesuan.excel.common import profiles

__all__ = ["export_xlsx_command", "template_command"]


def _fail(err: InputError) -> None:
    for problem in err.problems:
        click.echo(message("problem_line", problem=problem), err=True)
    sys.exit(2)


def _write(path: Path, content: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        tmp = path.with_name(f".{path.name}.tmp")
        tmp.write_bytes(content)
        tmp.replace(path)
    except OSError as exc:
        click.echo(
            message("problem_line", problem=message("output_write", path=path, detail=exc.strerror)), err=True
        )
        sys.exit(2)
    click.echo(message("written", path=path))


@click.command("template")
@click.option("--profile", type=click.Choice(profiles()), default="mof", show_default=True, help="Table set.")
@click.option("--year", type=int, default=2024, show_default=True, help="Report year (selects the layout).")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=Path("workbook.xlsx"), show_default=True
)
def template_command(profile: str, year: int, output: Path) -> None:
    """Write a blank input workbook (the profile's 公开表, detail and text sheets) to fill in Excel or WPS."""
    from juesuan.excel.template import write_template

    _write(output, write_template(profile, year))


@click.command("export-xlsx")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=Path("workbook.xlsx"), show_default=True
)
def export_xlsx_command(dataset: Path, output: Path) -> None:
    """Write DATASET (YAML or workbook) as the filled input workbook of its profile."""
    from juesuan.excel.export import export_workbook
    from juesuan.excel.importer import load_any

    try:
        loaded = load_any(dataset)
        content = export_workbook(loaded)
    except InputError as err:
        _fail(err)
        return
    _write(output, content)
