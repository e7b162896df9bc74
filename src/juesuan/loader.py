"""Load a dataset: a YAML dataset (file or directory), a 公开表 workbook (with its texts) or a build's
``data.json``; validate it (``juesuan.validation``) and load last year's.

``load`` is the one way a dataset enters the engine. Every problem is reported with the file, the line
(or the cell) and the key path (with a suggestion for a mistyped key); nothing is half-loaded. Workbooks
are read by ``juesuan.excel.reader``, which is handed the function that reads last year's dataset, so that
neither module needs the other's insides.
"""

from __future__ import annotations

import types
import typing
from pathlib import Path
from typing import Any

from pydantic import BaseModel

from juesuan.dataset import Dataset, unwrap_annotation
from juesuan.errors import InputError, InputProblem, message
from juesuan.excel.guard import fail
from juesuan.loaded import LoadedDataset, PublishedPrior, has_inline_prior
from juesuan.validation import describe, prior_problems, validate
from juesuan.yamlsource import YamlDocument, load_yaml

__all__ = [
    "LoadedDataset",
    "PublishedPrior",
    "has_inline_prior",
    "load",
    "load_data_json",
    "load_dataset",
    "load_prior",
    "load_workbook",
    "resolve_dataset_path",
]

DATASET_FILE = "dataset.yaml"
WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def resolve_dataset_path(path: Path) -> Path:
    """A dataset is a YAML file, or a directory holding ``dataset.yaml``."""
    if path.is_dir():
        candidate = path / DATASET_FILE
        if not candidate.is_file():
            raise InputError([InputProblem(str(path), message("dataset_not_found", path=path))])
        return candidate
    if not path.exists():
        raise InputError([InputProblem(str(path), message("file_not_found", path=path))])
    if not path.is_file():
        raise InputError([InputProblem(str(path), message("not_a_file", path=path))])
    return path


def load(
    path: Path | str, text_yaml: Path | str | None = None, prior: Path | str | PublishedPrior | None = None
) -> LoadedDataset:
    """The dataset at ``path``: a workbook (.xlsx, .xlsm, with the texts in ``text_yaml`` if given), a
    build's ``data.json``, or a YAML dataset (file or directory); ``InputError`` with every problem found.

    ``prior`` is last year's dataset (a dataset, a workbook or a build's ``data.json``) given by the caller
    instead of the file named in ``prior_year.dataset`` (see ``load_prior``).
    """
    suffix = Path(path).suffix.lower()
    if suffix in WORKBOOK_SUFFIXES:
        return load_workbook(path, text_yaml, prior=prior)
    if text_yaml is not None:
        raise fail(str(text_yaml), "--text 只用于工作簿（.xlsx）输入；YAML 数据集请直接写入文字内容")
    if suffix == ".json":
        return load_data_json(path)
    return load_dataset(path, prior=prior)


def load_workbook(
    path: Path | str,
    text_yaml: Path | str | None = None,
    seen: frozenset[Path] = frozenset(),
    prior: Path | str | PublishedPrior | None = None,
) -> LoadedDataset:
    """A filled 公开表 workbook (with the texts in ``text_yaml``), and last year's dataset (see
    ``load_prior``); ``InputError`` with every problem found, located at sheet and cell."""
    from juesuan.excel.reader import read_workbook

    file = Path(path)

    def read_prior(dataset: Dataset, document: YamlDocument) -> LoadedDataset | None:
        return load_prior(dataset, file, document, seen | {file.resolve()}, prior)

    return read_workbook(file, Path(text_yaml) if text_yaml else None, read_prior)


def load_dataset(
    path: Path | str, _seen: frozenset[Path] = frozenset(), prior: Path | str | PublishedPrior | None = None
) -> LoadedDataset:
    """Load and validate the dataset at ``path``; raise ``InputError`` with every problem found.

    A workbook (.xlsx, .xlsm) is read as by ``load_workbook`` (without a text YAML). ``prior`` is last
    year's dataset given by the caller (see ``load_prior``).
    """
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        return load_workbook(path, None, _seen, prior)
    file = resolve_dataset_path(Path(path))
    # the real path (tens of microseconds: a system call per component) only where it is compared: with
    # the datasets already being read, or passed on to read last year's
    real = file.resolve() if _seen else None
    if real is not None and real in _seen:
        raise InputError([InputProblem(str(file), message("prior_cycle", path=file))])
    try:
        document = load_yaml(file)
    except OSError as exc:
        raise InputError(
            [InputProblem(str(file), message("not_a_file", path=f"{file}（{exc.strerror}）"))]
        ) from None
    data = document.data
    if not isinstance(data, dict):
        raise InputError([InputProblem(document.file, message("yaml_not_mapping", actual=describe(data)), 1)])
    dataset = validate(data, document)
    if prior is None and not dataset.prior_year.dataset:
        prior_dataset = None  # no last year's file to read (as load_prior finds)
    else:
        seen = _seen | {file.resolve() if real is None else real}
        prior_dataset = load_prior(dataset, file, document, seen, prior)
    return LoadedDataset(dataset, document, file, prior_dataset)


def load_prior(
    dataset: Dataset,
    file: Path,
    document: YamlDocument,
    seen: frozenset[Path],
    given: Path | str | PublishedPrior | None = None,
) -> LoadedDataset | None:
    """Last year's dataset: a dataset (file or directory), a workbook, or the ``data.json`` of a previous
    build; checked to be the same department and the year before.

    ``given`` is the file a caller supplies (``juesuan build --prior``, the web app's last publication): it
    replaces ``prior_year.dataset``, but figures the dataset gives inline (``prior_year.total`` …) win, as
    they were written for this report: then ``given`` is not read — unless it is a ``PublishedPrior``: the
    published figures are last year's, and the inline ones are compared with them (rule Y002). Without
    ``given``, the file named by ``prior_year.dataset`` (relative to ``file``'s directory) is read.
    """
    if given is not None:
        if has_inline_prior(dataset) and not isinstance(given, PublishedPrior):
            return None
        prior_path = Path(given)
    elif dataset.prior_year.dataset:
        prior_path = file.parent / dataset.prior_year.dataset
    else:
        return None
    if prior_path.suffix.lower() == ".json":
        if prior_path.resolve() in seen:
            raise InputError([InputProblem(str(prior_path), message("prior_cycle", path=prior_path))])
        prior = load_data_json(prior_path)
    else:
        prior = load_dataset(prior_path, seen)
    problems = prior_problems(dataset, prior.dataset, document, None if given is None else str(prior_path))
    if problems:
        raise InputError(problems)
    return prior


def load_data_json(path: Path | str) -> LoadedDataset:
    """The dataset as entered, from the ``data.json`` a build wrote (its ``dataset`` member), validated again.

    Its own last year is not followed (``data.json`` does not carry it); amounts come back as exact decimals.
    """
    import json
    from decimal import Decimal

    file = Path(path)
    if not file.is_file():
        raise InputError([InputProblem(str(file), message("file_not_found", path=file))])
    try:
        payload = json.loads(file.read_text(encoding="utf-8-sig"), parse_float=Decimal)
    except (UnicodeDecodeError, json.JSONDecodeError) as exc:
        raise InputError(
            [InputProblem(str(file), message("invalid_value", detail=f"不是有效的 data.json（{exc}）"))]
        ) from None
    data = payload.get("dataset") if isinstance(payload, dict) else None
    if not isinstance(data, dict):
        raise InputError(
            [
                InputProblem(
                    str(file),
                    message("invalid_value", detail="不是 juesuan 生成的 data.json（缺少 dataset）"),
                )
            ]
        )
    data = _typed(data, Dataset)
    data.setdefault("prior_year", {})["dataset"] = None
    document = YamlDocument(str(file), data, {})
    return LoadedDataset(validate(data, document), document, file, None)


def _typed(value: Any, annotation: Any) -> Any:
    """JSON values back to what the models take: amounts and numbers (strings in data.json) as Decimal."""
    from decimal import Decimal, InvalidOperation

    from pydantic import BeforeValidator

    from juesuan import dataset as model

    annotation, metadata = unwrap_annotation(annotation)
    if typing.get_origin(annotation) in (typing.Union, types.UnionType):
        return value
    numeric = any(
        isinstance(m, BeforeValidator) and m.func in (model._non_negative, model._amount, model._number)
        for m in metadata
    )
    if numeric and isinstance(value, str | int) and not isinstance(value, bool):
        try:
            return Decimal(value)
        except InvalidOperation:
            return value
    if value is None:
        return value
    origin = typing.get_origin(annotation)
    if origin is list and isinstance(value, list):
        element = typing.get_args(annotation)[0]
        return [_typed(v, element) for v in value]
    if origin is dict and isinstance(value, dict):
        element = typing.get_args(annotation)[1]
        return {k: _typed(v, element) for k, v in value.items()}
    if isinstance(annotation, type) and issubclass(annotation, BaseModel) and isinstance(value, dict):
        out = {}
        for key, v in value.items():
            field = annotation.model_fields.get(key)
            out[key] = v if field is None else _typed(v, _annotated(field))
        return out
    return value


def _annotated(field: Any) -> Any:
    return typing.Annotated[(field.annotation, *field.metadata)] if field.metadata else field.annotation
