"""Load a dataset file: parse, validate, check codes against the catalogue, and load last year's.

``load_dataset`` is the only way a dataset enters the engine. Every problem is reported with the file,
the line and the key path (with a suggestion for a mistyped key); nothing is half-loaded.
"""

from __future__ import annotations

import difflib
import types
import typing
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from pydantic import BaseModel, ValidationError

from juesuan.classification import functional_level, load_catalogue
from juesuan.dataset import Dataset, unwrap_annotation
from juesuan.errors import InputError, InputProblem, Message, key_path, message
from juesuan.yamlsource import YamlDocument, load_yaml

DATASET_FILE = "dataset.yaml"


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


WORKBOOK_SUFFIXES = (".xlsx", ".xlsm")


def load_dataset(
    path: Path | str, _seen: frozenset[Path] = frozenset(), prior: Path | str | None = None
) -> LoadedDataset:
    """Load and validate the dataset at ``path``; raise ``InputError`` with every problem found.

    A workbook (.xlsx, .xlsm) is read by ``juesuan.excel.importer`` (the 公开表 workbook, without a
    text YAML). ``prior`` is last year's dataset given by the caller (see ``load_prior``).
    """
    if Path(path).suffix.lower() in WORKBOOK_SUFFIXES:
        from juesuan.excel.importer import load_workbook_dataset

        return load_workbook_dataset(path, None, _seen, prior=prior)
    file = resolve_dataset_path(Path(path))
    real = file.resolve()
    if real in _seen:
        raise InputError([InputProblem(str(file), message("prior_cycle", path=file))])
    try:
        document = load_yaml(file)
    except OSError as exc:
        raise InputError(
            [InputProblem(str(file), message("not_a_file", path=f"{file}（{exc.strerror}）"))]
        ) from None
    data = document.data
    if not isinstance(data, dict):
        raise InputError(
            [InputProblem(document.file, message("yaml_not_mapping", actual=_describe(data)), 1)]
        )
    context = _precision_context(document)
    try:
        dataset = Dataset.model_validate(data, context=context)
    except ValidationError as exc:
        raise InputError(_translate(exc, document)) from None
    problems = _semantic_problems(dataset, document)
    if problems:
        raise InputError(problems)
    prior_dataset = load_prior(dataset, file, document, _seen | {real}, prior)
    return LoadedDataset(dataset, document, file, prior_dataset)


def has_inline_prior(dataset: Dataset) -> bool:
    """Does the dataset give any of last year's figures itself (``prior_year.total`` …)?"""
    py = dataset.prior_year
    return any(getattr(py, key) is not None for key in type(py).model_fields if key != "dataset")


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
    problems = _prior_problems(dataset, prior, document, None if given is None else str(prior_path))
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
    try:
        dataset = Dataset.model_validate(data, context=_precision_context(document))
    except ValidationError as exc:
        raise InputError(_translate(exc, document)) from None
    problems = _semantic_problems(dataset, document)
    if problems:
        raise InputError(problems)
    return LoadedDataset(dataset, document, file, None)


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


def _describe(value: Any) -> str:
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"


def _precision_context(document: YamlDocument) -> dict[str, Any]:
    """The declared unit and decimals, which govern how many decimals an amount may have."""
    data = document.data
    unit = data.get("unit", "万元")
    decimals = data.get("decimals", 2)
    if unit not in ("元", "万元") or isinstance(decimals, bool) or not isinstance(decimals, int):
        return {}
    return {"unit": unit, "decimals": decimals}


# --- pydantic errors → located Chinese messages ---------------------------------------------------

_SIMPLE = {
    "int_type": "int_type",
    "int_parsing": "int_type",
    "int_from_float": "int_type",
    "string_type": "string_type",
    "list_type": "list_type",
    "model_type": "mapping_type",
    "dict_type": "mapping_type",
    "model_attributes_type": "mapping_type",
    "bool_type": "bool_type",
    "bool_parsing": "bool_type",
    "string_too_short": "empty_text",
    "decimal_type": "number_type",
}


_CODES = {
    "extra_forbidden": "unknown_key",
    "missing": "missing",
    "literal_error": "choice",
    "greater_than_equal": "too_small",
    "less_than_equal": "too_large",
}


def _translate(exc: ValidationError, document: YamlDocument) -> list[InputProblem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        value = _describe(err.get("input"))
        line_loc = loc
        text: str
        if kind == "juesuan":
            text = message(ctx["msg_key"], **ctx["params"])
        elif kind == "extra_forbidden":
            text = message("unknown_key", key=loc[-1]) + _suggestion(loc)
        elif kind == "missing":
            text = message("missing", key=loc[-1])
            line_loc = loc[:-1]
        elif kind == "literal_error":
            text = message("choice", value=value, choices=ctx.get("expected", ""))
        elif kind == "greater_than_equal":
            text = message("too_small", value=value, limit=ctx.get("ge"))
        elif kind == "less_than_equal":
            text = message("too_large", value=value, limit=ctx.get("le"))
        elif kind in _SIMPLE:
            text = message(_SIMPLE[kind], value=value)
        else:
            text = message("invalid_value", detail=err.get("msg", kind))
        line = document.line_of(line_loc)
        column = document.lines.get(line_loc, (None, None))[1]
        code = ctx["msg_key"] if kind == "juesuan" else _CODES.get(kind, _SIMPLE.get(kind, "invalid_value"))
        problems.append(InputProblem(document.file, text, line, column, key_path(loc), code))
    return problems


def _model_at(loc: tuple[str | int, ...]) -> type[BaseModel] | None:
    """The model class whose field the last element of ``loc`` would be."""
    annotation: Any = Dataset
    for part in loc[:-1]:
        annotation = _unwrap(annotation)  # also steps from a list to its element type
        if typing.get_origin(annotation) is dict:
            args = typing.get_args(annotation)
            annotation = args[-1] if args else None
            continue
        if isinstance(part, int):
            continue
        if isinstance(annotation, type) and issubclass(annotation, BaseModel):
            field = annotation.model_fields.get(part)
            if field is None:
                return None
            annotation = field.annotation
        else:
            return None
    annotation = _unwrap(annotation)
    return annotation if isinstance(annotation, type) and issubclass(annotation, BaseModel) else None


def _unwrap(annotation: Any) -> Any:
    """Strip Optional/Annotated and take the element type of lists."""
    while True:
        annotation, _ = unwrap_annotation(annotation)
        if typing.get_origin(annotation) is not list:
            return annotation
        annotation = typing.get_args(annotation)[0]


def _suggestion(loc: tuple[str | int, ...]) -> str:
    model = _model_at(loc)
    if model is None or not isinstance(loc[-1], str):
        return ""
    close = difflib.get_close_matches(loc[-1], list(model.model_fields), n=1, cutoff=0.6)
    return message("did_you_mean", suggestion=close[0]) if close else ""


# --- checks that need the catalogue or the whole dataset ------------------------------------------


def _semantic_problems(dataset: Dataset, document: YamlDocument) -> list[InputProblem]:
    catalogue = load_catalogue()
    year = dataset.department.year
    problems: list[InputProblem] = []

    def add(path: tuple[str | int, ...], key: str, **params: Any) -> None:
        problems.append(
            InputProblem(document.file, message(key, **params), document.line_of(path), None, key_path(path))
        )

    seen: dict[str, int | None] = {}
    for i, item in enumerate(dataset.functional_items):
        path = ("functional_items", i, "code")
        code = item.code
        try:
            level = functional_level(code)
        except ValueError:
            add(path, "code_format", code=code)
            continue
        if level != "项":
            add(path, "code_level", code=code, expected="项", actual=level)
            continue
        if catalogue.functional(code, year) is None:
            _unknown_code(add, path, code, year, catalogue.functional_any(code))
        if code in seen:
            add(path, "duplicate_code", code=code, first_line=seen[code])
        seen.setdefault(code, document.line_of(path))

    seen_econ: dict[tuple[str, str], int | None] = {}
    for i, econ in enumerate(dataset.economic_items):
        path = ("economic_items", i, "code")
        entry = catalogue.economic(econ.code, year) if len(econ.code) == 5 else None
        if len(econ.code) != 5 or not econ.code.isdigit():
            add(path, "code_level", code=econ.code, expected="款", actual=f"{len(econ.code)}位")
            continue
        if entry is None:
            add(path, "unknown_economic", code=econ.code, year=year)
            continue
        if econ.basic and entry.group not in ("personnel", "public"):
            add(path, "economic_group", code=econ.code, name=entry.name)
        key = (econ.code, econ.fund)
        if key in seen_econ:
            add(path, "duplicate_code", code=econ.code, first_line=seen_econ[key])
        seen_econ.setdefault(key, document.line_of(path))

    for p, project in enumerate(dataset.performance.projects):
        for c, code in enumerate(project.functional_codes):
            if code not in seen:
                add(
                    ("performance", "projects", p, "functional_codes", c),
                    "project_code_unknown",
                    project=project.name,
                    code=code,
                )
    return problems


def _unknown_code(add: Any, path: tuple[str | int, ...], code: str, year: int, editions: list[Any]) -> None:
    ended = [e for e in editions if e.until is not None and e.until < year]
    if ended:
        last = max(ended, key=lambda e: e.until)
        add(path, "removed_functional", code=code, name=last.name, until=last.until, year=year)
    else:
        add(path, "unknown_functional", code=code, year=year)


def _prior_problems(
    dataset: Dataset, prior: LoadedDataset, document: YamlDocument, given: str | None = None
) -> list[InputProblem]:
    """Last year's dataset must be the same department's, of the year before. A file the caller gave
    (``given``) is named in the message, as the dataset has no line for it."""
    path = ("prior_year", "dataset")
    line = document.line_of(path) if given is None else None
    key = key_path(path) if given is None else ""
    found: list[Message] = []
    expected_year = dataset.department.year - 1
    if prior.dataset.department.year != expected_year:
        found.append(
            message("prior_year_mismatch", found=prior.dataset.department.year, expected=expected_year)
        )
    if prior.dataset.department.name != dataset.department.name:
        found.append(
            message(
                "prior_department_mismatch",
                found=prior.dataset.department.name,
                expected=dataset.department.name,
            )
        )
    return [
        InputProblem(
            document.file, text if given is None else f"{text}（{given}）", line, None, key, text.key
        )
        for text in found
    ]
