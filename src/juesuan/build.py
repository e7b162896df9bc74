"""Build a report: one pass of ``juesuan.pipeline`` (load → derive → check → view), then render the
outputs and write them atomically.

Outputs are written into a temporary directory next to the target and moved into place only when every
one of them rendered; a failure leaves the output directory as it was.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from juesuan import __version__
from juesuan.errors import InputError, InputProblem, message
from juesuan.findings import CheckReport
from juesuan.loaded import PublishedPrior
from juesuan.pipeline import Checked, CheckFailed, check, load
from juesuan.pipeline import prepare as prepare_checked
from juesuan.viewmodel import ReportView

__all__ = [
    "DEFAULT_FORMATS",
    "FORMATS",
    "BuildResult",
    "CheckFailed",
    "build",
    "build_checked",
    "data_json",
    "prepare",
    "render_outputs",
    "write_atomically",
]

FORMATS = ("html", "pdf", "docx", "xlsx", "json", "fdp", "txt")
DEFAULT_FORMATS = ("html", "pdf", "docx", "xlsx", "json", "fdp")


@dataclass
class BuildResult:
    """What a build produced and what it noticed."""

    outdir: Path
    files: list[Path] = field(default_factory=list)
    check: CheckReport | None = None


def _portable_names(files: set[str]) -> dict[str, str]:
    """Each input file's name relative to the folder that holds them all (``dataset.yaml``,
    ``texts/概况.md``): a published file names the inputs, never a folder of the machine that built it."""
    if not files:
        return {}
    try:
        base = os.path.commonpath([os.path.dirname(os.path.abspath(f)) for f in files])
        return {f: Path(os.path.relpath(os.path.abspath(f), base)).as_posix() for f in files}
    except ValueError:  # files on different drives: their names alone
        return {f: Path(f).name for f in files}


def _with_portable_sources(data: dict[str, Any]) -> dict[str, Any]:
    """``data`` with every input file named by ``_portable_names`` (figures' lineage, check locations)."""
    figures: dict[str, dict[str, Any]] = data["figures"]
    check: dict[str, Any] | None = data["check"]
    locations = [] if check is None else [loc for f in check["findings"] for loc in f["locations"]]
    files = {f["source"]["file"] for f in figures.values() if "source" in f}
    files |= {loc["file"] for loc in locations if loc.get("file")}
    if check is not None and check.get("source"):
        files.add(check["source"])
    names = _portable_names(files)
    for figure in figures.values():
        if "source" in figure:
            figure["source"]["file"] = names[figure["source"]["file"]]
    for loc in locations:
        if loc.get("file"):
            loc["file"] = names[loc["file"]]
    if check is not None and check.get("source"):
        check["source"] = names[check["source"]]
    return data


def data_json(view: ReportView) -> dict[str, Any]:
    """The machine-readable output: the dataset as entered plus every derived figure with its lineage
    (input files named relative to their common folder: see ``_portable_names``)."""
    d = view.derived
    data: dict[str, Any] = {
        "generator": {"name": "juesuan", "version": __version__},
        "department": d.dataset.department.name,
        "year": d.year,
        "unit": "万元",
        "entered_unit": d.dataset.unit,
        "dataset": d.dataset.model_dump(mode="json"),
        "figures": d.ledger.to_dict(),
        "identities": [
            {
                "name": i.name,
                "left": i.left.key,
                "right": i.right.key,
                "relation": i.relation,
                "holds": i.holds,
            }
            for i in d.identities
        ],
        "needs": [{"kind": n.kind, "path": n.path, "what": n.what, "line": n.line} for n in d.needs],
        "check": view.check.to_dict() if view.check is not None else None,
    }
    return _with_portable_sources(data)


def _render_json(view: ReportView) -> dict[str, bytes]:
    return {"data.json": json.dumps(data_json(view), ensure_ascii=False, indent=1).encode("utf-8")}


def _render_html(view: ReportView) -> dict[str, bytes]:
    from juesuan.render.html import render_html

    return {"report.html": render_html(view).encode("utf-8")}


def _render_txt(view: ReportView) -> dict[str, bytes]:
    from juesuan.render.text import render_text

    return {"report.txt": render_text(view).encode("utf-8")}


def _render_pdf(view: ReportView) -> dict[str, bytes]:
    from juesuan.render.pdf import render_pdf

    return {"report.pdf": render_pdf(view)}


def _render_docx(view: ReportView) -> dict[str, bytes]:
    from juesuan.render.docx import render_docx

    return {"report.docx": render_docx(view)}


def _render_xlsx(view: ReportView) -> dict[str, bytes]:
    from juesuan.render.xlsx import render_xlsx

    return {"tables.xlsx": render_xlsx(view)}


def _render_fdp(view: ReportView) -> dict[str, bytes]:
    from juesuan.render.fdp import export_fdp

    return {f"fdp/{name}": content for name, content in export_fdp(view).items()}


RENDERERS: dict[str, Callable[[ReportView], dict[str, bytes]]] = {
    "html": _render_html,
    "pdf": _render_pdf,
    "docx": _render_docx,
    "xlsx": _render_xlsx,
    "json": _render_json,
    "fdp": _render_fdp,
    "txt": _render_txt,
}


def render_outputs(
    view: ReportView, formats: tuple[str, ...], progress: Callable[[str], None] | None = None
) -> dict[str, bytes]:
    """Render the requested formats in memory, keyed by relative path; ``progress`` hears of each format."""
    files: dict[str, bytes] = {}
    view.drawings.expect(formats)
    for fmt in formats:
        files.update(RENDERERS[fmt](view))
        if progress is not None:
            progress(fmt)
    return files


def prepare(
    dataset_path: Path | str,
    force: bool = False,
    text_yaml: Path | str | None = None,
    prior: Path | str | PublishedPrior | None = None,
) -> ReportView:
    """Load, derive, check and lay out a dataset, each once (``prior``: last year's dataset given by the
    caller, see ``juesuan.loader.load_prior``).

    Raises ``CheckFailed`` when the check finds fatal or error problems, unless ``force`` is set: then a
    report is still laid out (when the input could be read at all), marked as not passing the check and
    carrying the findings.
    """
    return prepare_checked(check(load(dataset_path, text_yaml, prior)), force)


def write_atomically(outdir: Path, files: dict[str, bytes]) -> list[Path]:
    """Write ``files`` into ``outdir`` all or nothing."""
    if outdir.exists() and not outdir.is_dir():
        raise InputError([InputProblem(str(outdir), message("output_exists_file", path=outdir))])
    try:
        outdir.parent.mkdir(parents=True, exist_ok=True)
        staging = Path(tempfile.mkdtemp(prefix=".juesuan-", dir=outdir.parent))
    except OSError as exc:
        raise InputError(
            [InputProblem(str(outdir), message("output_write", path=outdir, detail=exc.strerror))]
        ) from None
    try:
        for name, content in files.items():
            (staging / name).parent.mkdir(parents=True, exist_ok=True)
            (staging / name).write_bytes(content)
        outdir.mkdir(exist_ok=True)
        written = []
        for name in files:
            target = outdir / name
            target.parent.mkdir(parents=True, exist_ok=True)
            (staging / name).replace(target)
            written.append(target)
        return written
    except OSError as exc:
        raise InputError(
            [InputProblem(str(outdir), message("output_write", path=outdir, detail=exc.strerror))]
        ) from None
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def build(
    dataset_path: Path | str,
    outdir: Path | str,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
    text_yaml: Path | str | None = None,
    prior: Path | str | PublishedPrior | None = None,
) -> BuildResult:
    """Build the report of the dataset at ``dataset_path`` into ``outdir`` (see ``prepare`` for ``force``
    and ``prior``)."""
    return build_checked(check(load(dataset_path, text_yaml, prior)), outdir, formats, force, progress)


def build_checked(
    checked: Checked,
    outdir: Path | str,
    formats: tuple[str, ...] = DEFAULT_FORMATS,
    force: bool = False,
    progress: Callable[[str], None] | None = None,
) -> BuildResult:
    """Render exactly what was checked into ``outdir`` (``CheckFailed`` as ``prepare`` raises it)."""
    view = prepare_checked(checked, force)
    files = render_outputs(view, formats, progress)
    written = write_atomically(Path(outdir), files)
    return BuildResult(Path(outdir), written, view.check)
