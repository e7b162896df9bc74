"""One pass over a dataset: load → derive → check → lay out, each step once.

``load`` reads the input (never raising for bad input: its problems become the input findings),
``check`` derives it and runs every rule, ``prepare`` lays out the report of exactly what was checked.
``juesuan.build`` renders that layout; a caller that keeps a ``Checked`` (the web app between its check
and its preview, a CLI command) builds from it without reading or deriving again.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from juesuan.derive import Derived
from juesuan.errors import InputError
from juesuan.findings import CheckReport
from juesuan.loaded import LoadedDataset, PublishedPrior
from juesuan.loader import load as load_dataset
from juesuan.rules.context import Expected
from juesuan.rules.engine import derive_and_check, unreadable_report
from juesuan.viewmodel import ReportView, build_view


@dataclass(frozen=True)
class Input:
    """A file as read: the dataset with its sources (``loaded``: the document gives every figure's file,
    line or cell), or the problems that kept it from being read (``error``)."""

    path: Path | str
    loaded: LoadedDataset | None
    error: InputError | None = None

    @property
    def readable(self) -> bool:
        return self.loaded is not None

    def input_report(self, expected: Expected | None = None) -> CheckReport | None:
        """The input findings (rule F…) of a file that could not be read; None when it was read."""
        if self.error is None:
            return None
        return unreadable_report(self.path, self.error, expected)


@dataclass(frozen=True)
class Checked:
    """A checked input: the derived dataset (None when it could not be read or derived) and the report."""

    input: Input
    derived: Derived | None
    report: CheckReport

    @property
    def passes(self) -> bool:
        return self.report.passes


class CheckFailed(Exception):
    """The dataset has fatal or error findings, so the report would not be consistent."""

    def __init__(self, report: CheckReport) -> None:
        super().__init__(f"{report.count('fatal')} fatal, {report.count('error')} error findings")
        self.report = report


def load(
    path: Path | str, text_yaml: Path | str | None = None, prior: Path | str | PublishedPrior | None = None
) -> Input:
    """Read the dataset at ``path`` (a YAML dataset, a 公开表 workbook with the texts in ``text_yaml``, or a
    build's ``data.json``); ``prior`` is last year's dataset given by the caller (see
    ``juesuan.loader.load_prior``). Bad input does not raise: the ``Input`` carries its problems."""
    try:
        return Input(path, load_dataset(path, text_yaml, prior))
    except InputError as err:
        return Input(path, None, err)


def check(source: Input, expected: Expected | None = None) -> Checked:
    """Derive the input once and run every rule over it (``expected``: whose file it is meant to be)."""
    if source.loaded is None:
        report = source.input_report(expected)
        assert report is not None  # an unread input has its error
        return Checked(source, None, report)
    derived, report = derive_and_check(source.loaded, expected)
    return Checked(source, derived, report)


def prepare(checked: Checked, force: bool = False) -> ReportView:
    """The report's layout of exactly what was checked.

    Raises ``CheckFailed`` when the check finds fatal or error problems, unless ``force`` is set: then a
    report is still laid out (when the input could be read and derived at all), marked as not passing the
    check and carrying the findings.
    """
    report = checked.report
    if checked.derived is None or report.count("fatal") or (not report.passes and not force):
        raise CheckFailed(report)
    return build_view(checked.derived, report)
