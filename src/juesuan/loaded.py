"""A dataset as it entered the engine: the validated model, the document it came from (for source lines
and cells) and last year's dataset; and ``PublishedPrior``, last year's publication given by a caller.

These are the types the loader (``juesuan.loader``) and the workbook reader (``juesuan.excel.reader``)
both produce, so that neither has to know the other.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

from juesuan.dataset import Dataset
from juesuan.errors import key_path
from juesuan.yamlsource import YamlDocument


@dataclass(frozen=True)
class LoadedDataset:
    """A validated dataset with the document it came from (for source lines) and last year's, if any."""

    dataset: Dataset
    document: YamlDocument
    path: Path
    prior: LoadedDataset | None = None

    def source(self, path: tuple[str | int, ...]) -> tuple[str, int | None, str]:
        """(file, line, key path) of the value at ``path``."""
        return self.document.file, self.document.line_of(path), key_path(path)


@dataclass(frozen=True)
class PublishedPrior:
    """Last year's report as published (the web app's last publication), given as ``prior``: its figures are
    last year's, even when the dataset gives its own (``prior_year.total`` …); those are then compared with
    them (Y002) instead of replacing them."""

    path: Path

    def __fspath__(self) -> str:
        return str(self.path)


def has_inline_prior(dataset: Dataset) -> bool:
    """Does the dataset give any of last year's figures itself (``prior_year.total`` …)?"""
    py = dataset.prior_year
    return any(getattr(py, key) is not None for key in type(py).model_fields if key != "dataset")
