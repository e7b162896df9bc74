"""The workbook importer's entry points as callers have known them: ``load_any`` is ``juesuan.loader.load``
and ``load_workbook_dataset`` reads a workbook through it (last year's dataset included). The reading
itself is ``juesuan.excel.reader``'s."""

from __future__ import annotations

from pathlib import Path

from juesuan.excel.reader import CellProblem, WorkbookDocument, parse_amount
from juesuan.loaded import LoadedDataset, PublishedPrior
from juesuan.loader import load as load_any
from juesuan.loader import load_workbook

__all__ = ["CellProblem", "WorkbookDocument", "load_any", "load_workbook_dataset", "parse_amount"]


def load_workbook_dataset(
    path: Path | str, text_yaml: Path | str | None = None, prior: Path | str | PublishedPrior | None = None
) -> LoadedDataset:
    """Load and validate a filled workbook; raise ``InputError`` with every problem found (sheet and cell)."""
    return load_workbook(path, text_yaml, prior=prior)
