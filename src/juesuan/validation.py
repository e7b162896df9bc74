"""Validate a dataset: the model's rules (pydantic), then the checks that need the classification catalogue
or the whole dataset (codes, duplicates, projects' 项), every problem located at its file, line and key path.

``validate`` is the one way plain data becomes a ``Dataset``: the YAML loader, the ``data.json`` reader and
the workbook reader (which re-locates the problems at cells) all call it.
"""

from __future__ import annotations

import difflib
import typing
from typing import Any

from pydantic import BaseModel, ValidationError

from juesuan.classification import functional_level, load_catalogue
from juesuan.dataset import Dataset, unwrap_annotation
from juesuan.errors import InputError, InputProblem, Message, key_path, message
from juesuan.yamlsource import YamlDocument


def validate(data: dict[str, Any], document: YamlDocument, context: dict[str, Any] | None = None) -> Dataset:
    """The dataset ``data`` describes; ``InputError`` with every problem found (located in ``document``).

    ``context`` is the declared unit and decimals that govern how many decimals an amount may have (by
    default read from ``data`` as a dataset file declares them, see ``precision_context``).
    """
    if context is None:
        context = precision_context(data)
    try:
        dataset = Dataset.model_validate(data, context=context)
    except ValidationError as exc:
        raise InputError(translate_errors(exc, document)) from None
    problems = semantic_problems(dataset, document)
    if problems:
        raise InputError(problems)
    return dataset


def precision_context(data: dict[str, Any]) -> dict[str, Any]:
    """The declared unit and decimals (default 万元, 2): they govern how many decimals an amount may have."""
    unit = data.get("unit", "万元")
    decimals = data.get("decimals", 2)
    if unit not in ("元", "万元") or isinstance(decimals, bool) or not isinstance(decimals, int):
        return {}
    return {"unit": unit, "decimals": decimals}


def describe(value: Any) -> str:
    """A value as a message quotes it (at most 40 characters)."""
    text = repr(value) if not isinstance(value, str) else value
    return text if len(text) <= 40 else text[:37] + "…"


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


def translate_errors(exc: ValidationError, document: YamlDocument) -> list[InputProblem]:
    problems = []
    for err in exc.errors(include_url=False):
        loc = tuple(err["loc"])
        kind = err["type"]
        ctx = err.get("ctx") or {}
        value = describe(err.get("input"))
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


def semantic_problems(dataset: Dataset, document: YamlDocument) -> list[InputProblem]:
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


def prior_problems(
    dataset: Dataset, prior: Dataset, document: YamlDocument, given: str | None = None
) -> list[InputProblem]:
    """Last year's dataset must be the same department's, of the year before. A file the caller gave
    (``given``) is named in the message, as the dataset has no line for it."""
    path = ("prior_year", "dataset")
    line = document.line_of(path) if given is None else None
    key = key_path(path) if given is None else ""
    found: list[Message] = []
    expected_year = dataset.department.year - 1
    if prior.department.year != expected_year:
        found.append(message("prior_year_mismatch", found=prior.department.year, expected=expected_year))
    if prior.department.name != dataset.department.name:
        found.append(
            message(
                "prior_department_mismatch",
                found=prior.department.name,
                expected=dataset.department.name,
            )
        )
    return [
        InputProblem(
            document.file, text if given is None else f"{text}（{given}）", line, None, key, text.key
        )
        for text in found
    ]
