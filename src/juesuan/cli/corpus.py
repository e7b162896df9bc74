"""``juesuan corpus``: audit a whole collection of published reports into a Parquet store, query it,
export its figures and write the scorecard (a thin layer over :mod:`juesuan.corpus`)."""

from __future__ import annotations

import csv
import sys
from pathlib import Path

import click
from rich.console import Console
from rich.markup import escape
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TextColumn,
    TimeElapsedColumn,
    TimeRemainingColumn,
)

EXIT_OK, EXIT_ERRORS, EXIT_FATAL = 0, 1, 2


def _console(stderr: bool = False) -> Console:
    return Console(stderr=stderr, highlight=False, soft_wrap=True)


@click.group("corpus")
def corpus() -> None:
    """A whole collection of published reports as one checked dataset (Parquet store)."""


@corpus.command("audit")
@click.argument("paths", nargs=-1, required=True, type=click.Path(path_type=Path, exists=True))
@click.option(
    "-o", "--output", "store", required=True, type=click.Path(path_type=Path), help="The store directory."
)
@click.option("--engine", type=click.Choice(["local", "dask", "ray"]), default="local", show_default=True)
@click.option(
    "--address",
    default=None,
    help="dask scheduler or Ray cluster address (default: a local cluster for the run).",
)
@click.option(
    "--workers", "-j", type=int, default=0, help="Worker processes (default: all cores; dask, ray: 2)."
)
@click.option("--timeout", type=float, default=300.0, show_default=True, help="Seconds per document.")
@click.option("--memory", "memory_mb", type=int, default=1536, show_default=True, help="MB per document.")
@click.option("--batch", "batch_size", type=int, default=100, show_default=True, help="Documents per commit.")
@click.option("--quiet", "-q", is_flag=True, help="No progress bar.")
def audit_command(
    paths: tuple[Path, ...],
    store: Path,
    engine: str,
    address: str | None,
    workers: int,
    timeout: float,
    memory_mb: int,
    batch_size: int,
    quiet: bool,
) -> None:
    """Audit every txt/docx/pdf under PATHS into STORE (only new or changed files)."""
    from juesuan.corpus.run import Limits, Summary, audit_corpus
    from juesuan.corpus.store import StoreError

    err = _console(stderr=True)
    bar = Progress(
        TextColumn("[bold]审核"),
        BarColumn(),
        MofNCompleteColumn(),
        TextColumn("{task.fields[rate]}"),
        TimeElapsedColumn(),
        TextColumn("剩余"),
        TimeRemainingColumn(),
        console=err,
        disable=quiet,
    )
    task = bar.add_task("audit", total=None, rate="")

    def progress(event: str, s: Summary) -> None:
        if event == "scan":
            bar.update(task, total=s.total)
            return
        speed = bar.tasks[0].speed
        bar.update(task, completed=s.skipped + s.audited, rate=f"{speed:.1f}份/秒" if speed else "")

    try:
        with bar:
            summary = audit_corpus(
                paths,
                store,
                engine=engine,
                workers=workers or None,
                address=address,
                limits=Limits(timeout, memory_mb),
                batch_size=batch_size,
                progress=progress,
            )
    except (StoreError, RuntimeError, ValueError) as exc:
        err.print(f"[red]{escape(str(exc))}[/]")  # escaped: "pip install 'juesuan[ray]'" is not markup
        sys.exit(EXIT_FATAL)
    statuses = "，".join(f"{k} {v}" for k, v in sorted(summary.statuses.items())) or "无"
    _console().print(
        f"共{summary.total}个文件：新审核{summary.audited}个（{summary.documents}份报告，状态：{statuses}），"
        f"未变化跳过{summary.skipped}个；用时{summary.seconds:.1f}秒。",
        markup=False,
    )


@corpus.command("query")
@click.argument("store", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.argument("sql")
@click.option("--csv", "as_csv", is_flag=True, help="Print CSV instead of a table.")
def query_command(store: Path, sql: str, as_csv: bool) -> None:
    """Run SQL (DuckDB) over the tables documents, findings and figures of STORE."""
    import duckdb

    from juesuan.corpus.query import query
    from juesuan.corpus.store import StoreError

    try:
        names, rows = query(store, sql)
    except (StoreError, duckdb.Error) as exc:
        _console(stderr=True).print(f"查询失败：{exc}", markup=False)
        sys.exit(EXIT_FATAL)
    if as_csv:
        writer = csv.writer(sys.stdout)
        writer.writerow(names)
        writer.writerows(rows)
        return
    from rich.table import Table

    table = Table(*names)
    for row in rows:
        table.add_row(*("" if v is None else str(v) for v in row))
    _console().print(table)


@corpus.command("export-fdp")
@click.argument("store", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path))
@click.option(
    "--where", default="", help="SQL condition on figures f / documents d, e.g. \"f.region = '…'\"."
)
def export_fdp_command(store: Path, outdir: Path, where: str) -> None:
    """The figures of STORE as a Fiscal Data Package (data.csv + datapackage.json)."""
    import duckdb

    from juesuan.corpus.fdp import export_corpus_fdp
    from juesuan.corpus.store import StoreError

    try:
        n = export_corpus_fdp(store, outdir, where)
    except (StoreError, duckdb.Error) as exc:
        _console(stderr=True).print(f"导出失败：{exc}", markup=False)
        sys.exit(EXIT_FATAL)
    _console().print(f"已导出{n}个数字到“{outdir}”。", markup=False)


@corpus.command("report")
@click.argument("store", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.option("-o", "--output", "html", required=True, type=click.Path(path_type=Path), help="scorecard.html")
def report_command(store: Path, html: Path) -> None:
    """The scorecard of STORE: one HTML page and the same tables as XLSX beside it."""
    from juesuan.corpus.report import write_scorecard
    from juesuan.corpus.store import StoreError

    try:
        html_out, xlsx_out = write_scorecard(store, html)
    except StoreError as exc:
        _console(stderr=True).print(str(exc), markup=False)
        sys.exit(EXIT_FATAL)
    _console().print(f"已写入“{html_out}”和“{xlsx_out}”。", markup=False)


@corpus.command("synth")
@click.option("-n", "count", type=int, required=True, help="Number of reports.")
@click.option("-o", "--output", "outdir", required=True, type=click.Path(path_type=Path))
@click.option("--seed", type=int, default=0, show_default=True)
@click.option("--formats", default="txt,docx,pdf", show_default=True, help="Formats, in turn.")
@click.option(
    "--defects", "share", type=float, default=0.3, show_default=True, help="Share of reports altered."
)
def synth_command(count: int, outdir: Path, seed: int, formats: str, share: float) -> None:
    """Generate a synthetic corpus with known defects and its ground-truth.jsonl."""
    from juesuan.corpus.synth import synth

    chosen = tuple(f.strip() for f in formats.split(",") if f.strip())
    if not chosen or set(chosen) - {"txt", "docx", "pdf"}:
        _console(stderr=True).print(f"格式“{formats}”无效（可选：txt、docx、pdf）", markup=False)
        sys.exit(EXIT_FATAL)
    bar = Progress(TextColumn("[bold]生成"), BarColumn(), MofNCompleteColumn(), TimeRemainingColumn(),
                   console=_console(stderr=True))  # fmt: skip
    with bar:
        task = bar.add_task("synth", total=count)
        truth = synth(count, outdir, seed, chosen, share, progress=lambda k: bar.update(task, completed=k))
    _console().print(f"已生成{count}份报告，缺陷清单“{truth}”。", markup=False)


@corpus.command("recall")
@click.argument("store", type=click.Path(path_type=Path, exists=True, file_okay=False))
@click.argument("truth", type=click.Path(path_type=Path, exists=True, dir_okay=False))
def recall_command(store: Path, truth: Path) -> None:
    """The share of a synthetic corpus's injected defects that the audit in STORE found."""
    import json

    from juesuan.corpus.synth import recall

    _console().print(json.dumps(recall(store, truth), ensure_ascii=False, indent=2), markup=False)
