"""What the workbook importer, exporter and template share: the workbook description (data/layouts/
workbook.yaml), text normalisation for titles and headers, the column paths of a layout's header, which
ledger key is an entered figure (and where it lives in the dataset), and the type of every dataset field.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import typing
from decimal import Decimal
from functools import cache
from importlib.resources import files
from typing import Any

import yaml
from pydantic import BaseModel, BeforeValidator

from juesuan import dataset as ds
from juesuan.dataset import EXPENDITURE_NATURES, FUNDS, INCOME_SOURCES, THREE_PUBLIC_ITEMS, unwrap_annotation

PathT = tuple[str | int, ...]

TABLE_EXTENSIONS = (".xlsx", ".xlsm")
MAX_DECIMALS = 6


@cache
def workbook_spec() -> dict[str, Any]:
    """data/layouts/workbook.yaml: instructions, supplementary sheets, the text sheet and its fields."""
    text = files("juesuan").joinpath("data", "layouts", "workbook.yaml").read_text(encoding="utf-8")
    return yaml.safe_load(text)


def profiles() -> tuple[str, ...]:
    return tuple(workbook_spec()["profile_names"])


# --------------------------------------------------------------------------- text


_SPACE = re.compile(r"[\s\u3000\u00a0\u200b]+")
_TRANS = str.maketrans(
    {
        '"': "“",
        "＂": "“",
        "”": "“",
        "'": "‘",
        "’": "‘",
        "(": "（",
        ")": "）",
        ":": "：",
        ",": "，",
        ";": "；",
    }
)
_ENUM = re.compile(r"^(?:[一二三四五六七八九十]+[、.．]|（[一二三四五六七八九十0-9]+）|\d+[、.．](?!\d))")
_TITLE_PREFIX = re.compile(
    r"^(?:(?:附表|表|公开)(?:[0-9]+|[一二三四五六七八九十]+)?|(?:[0-9]+|[一二三四五六七八九十]+)(?=[、.．:：-]))[、.．:：-]*"
)
_TITLE_TAG = re.compile(r"[（(]?公开\d+表[)）]?$")


def canon(value: object) -> str:
    """A header, title or label as compared: no whitespace, one spelling of quotes, brackets and colons."""
    return _SPACE.sub("", str(value)).translate(_TRANS)


def strip_enum(label: str) -> str:
    """“一、一般公共服务支出” → “一般公共服务支出”."""
    return _ENUM.sub("", label)


def title_forms(title: str) -> str:
    """A title cell as compared with the layout titles: numbering (“附表2”, “表二、”) and tags removed."""
    text = _TITLE_TAG.sub("", canon(title))
    stripped = _TITLE_PREFIX.sub("", text)
    return stripped or text


def alias_map(*groups: dict[str, list[str]] | None) -> dict[str, str]:
    """spelling → canonical spelling, from ``{canonical: [aliases]}`` mappings (later ones win)."""
    out: dict[str, str] = {}
    for group in groups:
        for target, spellings in (group or {}).items():
            for spelling in spellings:
                out[canon(spelling)] = canon(target)
    return out


UNIT_RE = re.compile(r"(?:金额)?单位[:：]\s*(万元|元)")


def unit_in(text: str) -> str | None:
    match = UNIT_RE.search(_SPACE.sub("", str(text)))
    return match.group(1) if match else None


# --------------------------------------------------------------------------- layout columns


def header_paths(header: list[list[dict[str, Any]]], width: int | None = None) -> list[list[str]]:
    """For each column of a layout header, the header texts above it from top to bottom (canonical)."""
    taken: set[tuple[int, int]] = set()
    paths: dict[int, list[str]] = {}
    for r, row in enumerate(header):
        col = 0
        for cell in row:
            while (r, col) in taken:
                col += 1
            span, down = cell.get("colspan", 1), cell.get("rowspan", 1)
            for dr in range(down):
                for dc in range(span):
                    taken.add((r + dr, col + dc))
            for dc in range(span):
                path = paths.setdefault(col + dc, [])
                text = canon(cell["text"])
                if not path or path[-1] != text:
                    path.append(text)
            col += span
    size = width if width is not None else (max(paths) + 1 if paths else 0)
    return [paths.get(c, []) for c in range(size)]


def body_width(spec: dict[str, Any]) -> int:
    body = spec["body"]
    kind = body["kind"]
    if kind in ("functional", "economic"):
        return 2 + len(body["columns"])
    if kind == "economic_panels":
        return 3 * len(body["panels"])
    if kind == "fixed":
        return sum(c.get("colspan", 1) for c in body["rows"][0])
    left = len(body["left"]["rows"][0]["keys"])
    right = len(body["right"]["classes"]["measures"])
    return 2 + left + right


# --------------------------------------------------------------------------- entered figures

_SCALARS: dict[str, PathT] = {
    "balance.opening": ("balances", "opening"),
    "balance.use_of_non_fiscal_balance": ("balances", "use_of_non_fiscal_balance"),
    "balance.distribution": ("balances", "distribution"),
    "balance.closing": ("balances", "closing"),
    "three_public.actual.outbound": ("three_public", "outbound", "amount"),
    "three_public.actual.vehicle_operation": ("three_public", "vehicles", "operation"),
    "admin_cost": ("admin_cost", "amount"),
}
for _fund in FUNDS:
    _SCALARS[f"fiscal.{_fund}.opening"] = ("balances", "opening_fiscal", _fund)
    _SCALARS[f"fiscal.{_fund}.closing"] = ("balances", "closing_fiscal", _fund)
for _item in THREE_PUBLIC_ITEMS:
    _SCALARS[f"three_public.budget.{_item}"] = ("three_public", "budget", _item)
for _p in ("goods", "works", "services", "sme", "small_micro"):
    _SCALARS[f"procurement.{_p}"] = ("procurement", _p)

COMPOSITE = frozenset({"three_public.actual.vehicle_purchase", "three_public.actual.reception"})
"""Table cells that show a sum of entered detail kept outside the tables (purchases; 国内 + 外事 接待)."""

_FUNC_FIELDS: dict[str, PathT] = {f"income.{s}": ("income", s) for s in INCOME_SOURCES}
_FUNC_FIELDS["income.fiscal"] = ("income", "fiscal")  # = general_budget + gov_fund + state_capital
_FUNC_FIELDS |= {f"expenditure.{n}": ("expenditure", n) for n in EXPENDITURE_NATURES}
for _fund in FUNDS:
    for _m in ("basic", "project", "opening", "closing"):
        _FUNC_FIELDS[f"fiscal.{_fund}.{_m}"] = ("fiscal", _fund, _m)

_FUNC_KEY = re.compile(r"^func\.(\d{7})\.(.+)$")
_ECON_KEY = re.compile(r"^econ\.(general_budget|gov_fund|state_capital)\.(\d{5})\.(basic|project)$")


def entered_target(key: str) -> tuple[Any, ...] | None:
    """Where the figure ``key`` is entered, if it is an entered figure:
    ("func", code, field path) for a 项 column, ("econ", code, fund, field) for an 经济分类 款,
    ("scalar", dataset path) for a balance or a “三公” item, ("composite", key); None for a derived figure."""
    match = _FUNC_KEY.match(key)
    if match:
        field = _FUNC_FIELDS.get(match.group(2))
        return None if field is None else ("func", match.group(1), field)
    match = _ECON_KEY.match(key)
    if match:
        return ("econ", match.group(2), match.group(1), match.group(3))
    if key in _SCALARS:
        return ("scalar", _SCALARS[key])
    if key in COMPOSITE:
        return ("composite", key)
    return None


def functional_measure_key(code: str, measure: str) -> str:
    return f"func.{code}.{measure}"


# --------------------------------------------------------------------------- dataset field types


def _validator_kind(metadata: typing.Iterable[Any]) -> str | None:
    for meta in metadata:
        if isinstance(meta, BeforeValidator):
            func = meta.func
            if func is ds._non_negative:
                return "amount"
            if func is ds._amount:
                return "signed"
            if func is ds._number:
                return "number"
    return None


def _classify(annotation: Any, metadata: tuple[Any, ...]) -> tuple[str, Any]:
    """(kind, inner): kind of a field — amount, signed, number, code, count, text, date, choice, list, map,
    model — and for list/map the element annotation, for model the class."""
    annotation, metadata = unwrap_annotation(annotation, metadata)
    special = _validator_kind(metadata)
    if special:
        return special, None
    origin = typing.get_origin(annotation)
    if origin is typing.Literal:
        return "choice", typing.get_args(annotation)
    if origin is list:
        return "list", typing.get_args(annotation)[0]
    if origin is dict:
        return "map", typing.get_args(annotation)[1]
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return "model", annotation
    if annotation is int:
        return "count", None
    if annotation is str:
        return "text", None
    if annotation is dt.date:
        return "date", None
    if annotation is Decimal:
        return "number", None
    return "text", None


class UnknownKey(KeyError):
    """A key path that names no field of the dataset."""


def parse_key(text: str) -> PathT:
    """``performance.projects[0].name`` → ("performance", "projects", 0, "name"); the rest of the path after a
    map field (``stated``, ``holdings``, ``assets.vehicles``) is one key. Raises ``UnknownKey``."""
    tokens: list[str | int] = []
    for part in re.findall(r"[^.\[\]]+|\[\d+\]", text.strip()):
        tokens.append(int(part[1:-1]) if part.startswith("[") else part)
    if not tokens:
        raise UnknownKey(text)
    out: list[str | int] = []
    annotation: Any = ds.Dataset
    kind = "model"
    i = 0
    while i < len(tokens):
        token = tokens[i]
        if kind == "model":
            if not isinstance(token, str) or token not in annotation.model_fields:
                raise UnknownKey(text)
            field = annotation.model_fields[token]
            kind, annotation = _classify(field.annotation, tuple(field.metadata))
            out.append(token)
        elif kind == "list":
            if not isinstance(token, int):
                raise UnknownKey(text)
            kind, annotation = _classify(annotation, ())
            out.append(token)
        elif kind == "map":
            rest = ".".join(str(t) for t in tokens[i:])
            out.append(rest)
            return tuple(out)
        else:
            raise UnknownKey(text)
        i += 1
    return tuple(out)


def kind_of(path: PathT) -> tuple[str, Any]:
    """The kind of the value at a parsed key path (see ``_classify``)."""
    annotation: Any = ds.Dataset
    kind = "model"
    for token in path:
        if kind == "model":
            field = annotation.model_fields[token]
            kind, annotation = _classify(field.annotation, tuple(field.metadata))
        elif kind in ("list", "map"):
            kind, annotation = _classify(annotation, ())
        else:
            raise UnknownKey(str(path))
    return kind, annotation


def render_key(path: PathT) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else ("." if out else "") + str(part)
    return out


def set_path(data: dict[str, Any], path: PathT, value: Any) -> None:
    """Set ``value`` at ``path`` in nested dicts/lists, creating what is missing."""
    node: Any = data
    for part, nxt in itertools.pairwise(path):
        container: Any = [] if isinstance(nxt, int) else {}
        if isinstance(part, int):
            while len(node) <= part:
                node.append({} if not isinstance(nxt, int) else [])
            if node[part] is None:
                node[part] = container
            node = node[part]
        else:
            if part not in node or node[part] is None:
                node[part] = container
            node = node[part]
    last = path[-1]
    if isinstance(last, int):
        while len(node) <= last:
            node.append(None)
    node[last] = value


def get_path(data: Any, path: PathT) -> Any:
    node = data
    for part in path:
        if isinstance(part, int):
            if not isinstance(node, list) or part >= len(node):
                return None
        elif not isinstance(node, dict) or part not in node:
            return None
        node = node[part]
    return node
