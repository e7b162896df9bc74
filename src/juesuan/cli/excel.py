"""The workbook commands: ``juesuan template`` and ``juesuan export-xlsx`` (``juesuan build`` and
``juesuan check`` read workbooks as any other input)."""

from __future__ import annotations

from pathlib import Path

import click

from juesuan import api
from juesuan.cli.common import fail
from juesuan.errors import InputError, message
from juesuan.excel.common import profiles
from juesuan.output import write_file_atomically

__all__ = ["export_xlsx_command", "template_command"]


def _write(path: Path, content: bytes) -> None:
    try:
        write_file_atomically(path, content)
    except InputError as err:
        fail(err)
    click.echo(message("written", path=path))


@click.command("template")
@click.option("--profile", type=click.Choice(profiles()), default="mof", show_default=True, help="Table set.")
@click.option("--year", type=int, default=2024, show_default=True, help="Report year (selects the layout).")
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=Path("workbook.xlsx"), show_default=True
)
def template_command(profile: str, year: int, output: Path) -> None:
    """Write a blank input workbook (the profile's 公开表, detail and text sheets) to fill in Excel or WPS."""
    _write(output, api.write_template(profile, year))


@click.command("export-xlsx")
@click.argument("dataset", type=click.Path(path_type=Path))
@click.option(
    "-o", "--output", type=click.Path(path_type=Path), default=Path("workbook.xlsx"), show_default=True
)
def export_xlsx_command(dataset: Path, output: Path) -> None:
    """Write DATASET (YAML or workbook) as the filled input workbook of its profile."""
    try:
        loaded = api.load_dataset(dataset)
        content = api.export_workbook(loaded)
    except InputError as err:
        fail(err)
        return
    _write(output, content)
