"""The engine's facade: everything the command line and the web app (``juesuan_web``) call.

One pass over a dataset::

    source = load(path)                # the dataset with its sources, or its input findings
    checked = check(source)            # derived once, every rule run once
    result = build(checked, "out")     # the outputs of exactly what was checked

- **Read**: ``load`` (YAML dataset, 公开表 workbook with its texts, a build's ``data.json``),
  ``load_dataset`` (the same, raising ``InputError``), ``validate`` (plain data to a ``Dataset``),
  ``load_yaml`` (a YAML file with the line of every value), ``parse_yaml`` (the same from text).
- **Check**: ``check`` (an ``Input`` to a ``Checked``), ``check_file`` (a path to its ``CheckReport``),
  ``Expected`` (whose file it must be), ``input_report`` / ``unreadable_report`` (the findings of bad input).
- **Build**: ``prepare`` (the layout of what was checked), ``render`` (formats in memory), ``build`` (written
  atomically), ``data_json``.
- **Audit** published reports: ``audit``. **Consolidate** units into their department: ``consolidate``.
- **Workbooks**: ``export_workbook``, ``write_template``, ``annotate``, ``check_upload_bytes`` and
  ``zip_problem`` (the guards against unsafe files).
- **Edit texts** of a stored dataset: ``text_fields``, ``prior_texts``, ``set_text``, ``set_text_rows``,
  ``text_file_rows``.
- **Long-lived processes** (the web server): ``warm_up`` once after start.
- **Words**: ``message`` (the engine's Chinese messages), ``labels`` (a profile's words), ``catalogue_name``
  (a classification code's name), ``format_amount``.

Heavy parts (the auditor's PDF reader, openpyxl) are imported when first called.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from juesuan import validate
from juesuan.build import DEFAULT_FORMATS, FORMATS, BuildResult, data_json, write_atomically
from juesuan.build import build_checked as build
from juesuan.build import render_outputs as render
from juesuan.consolidate import Consolidated
from juesuan.consolidate import consolidate as _consolidate
from juesuan.dataset import Dataset
from juesuan.derive import Derived, derive
from juesuan.errors import InputError, InputProblem, message
from juesuan.findings import SEVERITIES, CheckReport, Finding, Location
from juesuan.loaded import LoadedDataset, PublishedPrior
from juesuan.loader import load as load_dataset
from juesuan.money import format_amount
from juesuan.pipeline import Checked, CheckFailed, Input, check, load, prepare
from juesuan.rules.context import Expected, catalogue_name
from juesuan.rules.engine import check_path as check_file
from juesuan.rules.engine import input_report, unreadable_report
from juesuan.textedit import FIXED as FIXED_TEXTS
from juesuan.textedit import (
    ITEM_TEXTS,
    TextFileProblem,
    prior_texts,
    set_text,
    set_text_rows,
    text_fields,
    text_file_rows,
)
from juesuan.viewmodel import ReportView, labels
from juesuan.yamlsource import YamlDocument, load_yaml, parse_yaml

__all__ = [
    "DEFAULT_FORMATS",
    "EXAMPLE_DATASET",
    "FIXED_TEXTS",
    "FORMATS",
    "GC_THRESHOLDS",
    "ITEM_TEXTS",
    "SEVERITIES",
    "BuildResult",
    "CheckFailed",
    "CheckReport",
    "Checked",
    "Consolidated",
    "Dataset",
    "Derived",
    "Expected",
    "Finding",
    "Input",
    "InputError",
    "InputProblem",
    "LoadedDataset",
    "Location",
    "PublishedPrior",
    "ReportView",
    "TextFileProblem",
    "YamlDocument",
    "annotate",
    "audit",
    "build",
    "catalogue_name",
    "check",
    "check_file",
    "check_upload_bytes",
    "consolidate",
    "data_json",
    "default_profile",
    "derive",
    "export_workbook",
    "format_amount",
    "input_report",
    "labels",
    "load",
    "load_dataset",
    "load_yaml",
    "message",
    "parse_yaml",
    "prepare",
    "prior_texts",
    "render",
    "set_text",
    "set_text_rows",
    "settle_gc",
    "text_fields",
    "text_file_rows",
    "unreadable_report",
    "validate",
    "warm_up",
    "write_atomically",
    "write_template",
    "zip_problem",
]

EXAMPLE_DATASET = Path(__file__).resolve().parents[2] / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml"
"""The bundled example department (in a source checkout)."""


GC_THRESHOLDS = (50_000, 20, 100)
"""The garbage collector's thresholds a process of ours runs with (``settle_gc``): a collection of the
youngest generation after 50,000 net allocations instead of Python's 700, of the middle one after 20 of
those, of the oldest after 100 of those. Checking a dataset makes many short-lived containers (parsed YAML,
models, figures) that are freed by their reference counts, not by the collector; with Python's thresholds
each dataset still ran ~2 collections of the youngest generation and one of the middle every ~6 datasets,
none of which found any garbage (~9 % of ``juesuan check``'s time over 500 datasets, bench/bench_check.py);
with these, none. Cyclic garbage, which a check makes almost none of, waits at most 50,000 allocations (a
few MB) longer."""


def settle_gc() -> None:
    """Set the garbage collector's policy of a juesuan process, once, where it starts (the command line's
    group, the web app's start-up, the benches that measure them), never inside a library function: keep
    everything loaded so far out of the collector's walks (``gc.freeze``: modules, catalogues, the shared
    zero figures live as long as the process) and collect by ``GC_THRESHOLDS``."""
    import gc

    gc.freeze()
    gc.set_threshold(*GC_THRESHOLDS)


def warm_up(formats: tuple[str, ...] = DEFAULT_FORMATS) -> None:
    """Make a long-lived process ready to render: load what the first rendering loads (the renderers, the
    fonts, matplotlib, the Typst compiler) by rendering the bundled example in memory where the checkout has
    it, then keep everything loaded so far out of the garbage collector's walks (``gc.freeze``), which
    otherwise revisit it on every collection of every later request. Nothing is written."""
    import gc

    if EXAMPLE_DATASET.exists():
        render(prepare(check(load(EXAMPLE_DATASET))), formats)
    gc.collect()
    gc.freeze()


def audit(path: str | Path) -> CheckReport:
    """Audit one published report (PDF, Word or text); never raises for a bad file (the problem is a
    finding)."""
    from juesuan.audit.run import audit_path

    return audit_path(path)


def consolidate(
    units: list[LoadedDataset], *, name: str, code: str | None = None, base: int | None = None
) -> Consolidated:
    """The department ``name``'s dataset: the sum of its ``units`` (``units[base]`` is the 本级 unit)."""
    return _consolidate(units, name=name, code=code, base=base)


def export_workbook(loaded: LoadedDataset) -> bytes:
    """The filled 公开表 workbook of a dataset, in its profile's layout."""
    from juesuan.excel.export import export_workbook as export

    return export(loaded)


def write_template(profile: str, year: int = 2024) -> bytes:
    """The blank 公开表 workbook of ``profile`` for the report year ``year``."""
    from juesuan.excel.template import write_template as template

    return template(profile, year)


def annotate(path: Path | str, report: CheckReport) -> bytes:
    """The workbook at ``path`` with ``report``'s findings as cell comments and highlights."""
    from juesuan.excel.annotate import annotate as annotate_workbook

    return annotate_workbook(path, report)


def check_upload_bytes(filename: str, data: bytes) -> None:
    """Refuse (``InputError``) an uploaded workbook that is not a safe, well-formed .xlsx."""
    from juesuan.excel.guard import check_bytes

    check_bytes(filename, data)


def zip_problem(infos: list[Any], what: str) -> str | None:
    """Why a zip container (a .xlsx or .docx: ``zipfile.ZipInfo`` entries) is unsafe to open, or None."""
    from juesuan.excel.guard import zip_problem as problem

    return problem(infos, what)


def default_profile() -> str:
    """The profile (table layout) of a dataset that does not name one."""
    from juesuan.dataset import Department

    return str(Department.model_fields["profile"].default)
