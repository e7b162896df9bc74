"""juesuan: department final-accounts (部门决算) reports from data, with every figure consistent.

``juesuan.load(path)`` reads a dataset (a YAML dataset, a 公开表 workbook with its texts, or a build's
``data.json``) into an ``Input``: the dataset with its sources, or the input findings that kept it from
being read. ``juesuan.validate(data, document)`` makes a ``Dataset`` of plain data. Everything a caller
needs beyond these is in ``juesuan.api``.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from juesuan.dataset import Dataset
    from juesuan.loaded import PublishedPrior
    from juesuan.pipeline import Input
    from juesuan.yamlsource import YamlDocument

__version__ = "0.1.0"
__all__ = ["__version__", "load", "validate"]


def load(
    path: Path | str, text_yaml: Path | str | None = None, prior: Path | str | PublishedPrior | None = None
) -> Input:
    """The dataset at ``path`` with its sources and input findings (see ``juesuan.pipeline.load``)."""
    from juesuan.pipeline import load as load_input

    return load_input(path, text_yaml, prior)


def validate(data: dict[str, Any], document: YamlDocument, context: dict[str, Any] | None = None) -> Dataset:
    """The dataset plain ``data`` describes, or ``InputError`` located in ``document`` (see
    ``juesuan.validation.validate``)."""
    from juesuan.validation import validate as validate_data

    return validate_data(data, document, context)
