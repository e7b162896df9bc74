"""The ``juesuan`` command line: every command, a thin layer over ``juesuan.api``.

The commands live in this package, one module per area (``report``: build, check, rules, schema; ``excel``:
template, export-xlsx; ``audit``: audit, extract; ``consolidate``); ``juesuan serve`` is the web app's own
command (``juesuan_web.cli``). No module outside this package (and the web app's command) imports click.
"""

from __future__ import annotations

import click

from juesuan import __version__, api
from juesuan.cli.audit import audit_command, extract_command
from juesuan.cli.consolidate import consolidate_command
from juesuan.cli.corpus import corpus
from juesuan.cli.excel import export_xlsx_command, template_command
from juesuan.cli.report import build_command, check_command, rules_command, schema_command

__all__ = ["main"]


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, prog_name="juesuan")
def main() -> None:
    """juesuan: 部门决算 reports from data, with every figure consistent."""
    # What start-up loaded (modules, catalogues) lives as long as the process: kept out of the garbage
    # collector's walks, which run by the thresholds of a juesuan process (api.GC_THRESHOLDS).
    api.settle_gc()


main.add_command(build_command)
main.add_command(check_command)
main.add_command(rules_command)
main.add_command(schema_command)
main.add_command(template_command)
main.add_command(export_xlsx_command)
main.add_command(audit_command)
main.add_command(extract_command)
main.add_command(consolidate_command)
main.add_command(corpus)

from juesuan_web.cli import serve_command  # noqa: E402 - the web app's command (its app is imported lazily)

main.add_command(serve_command)
