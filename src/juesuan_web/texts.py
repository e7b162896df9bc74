"""The text fields a unit writes on its draft page: which there are, their values, and editing one — the
engine's text editing (``juesuan.api.text_fields``, ``set_text`` …) over the stored upload's bytes.

A field is named by its dataset key path (``department.duties``, ``functional_items[3].use``), the same
path the engine's findings name, so a finding links to the form field it concerns. A text YAML uploaded
with a workbook (the engine's ``--text`` file) is merged into the workbook's 文字说明 sheet by
``merge_text_file``, so that one file is stored.
"""

from __future__ import annotations

import tempfile
from pathlib import Path
from typing import Any

import yaml

from juesuan.api import (
    FIXED_TEXTS,
    InputError,
    TextFileProblem,
    load_dataset,
    load_yaml,
    prior_texts,
    set_text,
    set_text_rows,
    text_fields,
    text_file_rows,
)
from juesuan_web import reports

MAX_TEXT = 20000
FIXED = FIXED_TEXTS  # the fields every dataset has, with their Chinese names


def _load(kind: str, data: bytes) -> Any:
    with reports.materialised(kind, data) as path:
        try:
            return load_dataset(path).dataset
        except InputError:
            return None


def fields(kind: str, data: bytes) -> list[dict[str, Any]]:
    """The editable fields of a stored dataset with their current values."""
    ds = _load(kind, data)
    if ds is None and kind == reports.YAML:
        ds = _plain_yaml(data)  # a dataset with a fatal problem still shows the texts it has
    return text_fields(ds)


def _plain_yaml(data: bytes) -> dict[str, Any] | None:
    try:
        loaded = yaml.safe_load(data.decode("utf-8"))
    except (yaml.YAMLError, UnicodeDecodeError):
        return None
    return loaded if isinstance(loaded, dict) else None


def prior_values(kind: str, data: bytes, wanted: list[dict[str, Any]]) -> dict[str, str]:
    """Last year's text of each wanted field (项 matched by code, projects by name, not by position)."""
    # a YAML dataset is read plainly: last year's catalogue or rules need not hold this year
    ds: Any = _plain_yaml(data) if kind == reports.YAML else _load(kind, data)
    if ds is None or (kind == reports.YAML and not isinstance(ds, dict)):
        return {}
    return prior_texts(ds, wanted)


def apply(kind: str, data: bytes, key: str, text: str, match: str | None = None) -> bytes:
    """The stored dataset with ``key`` set to ``text`` (removed when the text is empty); ``ValueError`` when
    the file has no place for it. ``match`` is the 项 code of a ``functional_items[i]`` key."""
    return set_text(kind, data, key, text, match)


# --------------------------------------------------------------------------- a text YAML with a workbook


def merge_text_file(workbook: bytes, filename: str, raw: bytes, max_bytes: int) -> bytes:
    """The workbook with every value of the text YAML ``raw`` in its 文字说明 sheet (the file's value wins
    over the sheet's). ``reports.UploadRefused`` names the file and the line of what cannot be taken."""
    reports.inspect_text_file(filename, raw, max_bytes)
    with tempfile.TemporaryDirectory(prefix="juesuan-web-") as tmp:
        path = Path(tmp) / "texts.yaml"
        path.write_bytes(raw)
        try:
            doc = load_yaml(path, display_name=filename)
        except InputError as err:
            raise reports.UploadRefused(
                _where(filename, err.problems[0].line, str(err.problems[0].message))
            ) from None
    try:
        rows = text_file_rows(doc)
    except TextFileProblem as problem:
        raise reports.UploadRefused(_where(filename, problem.line, str(problem))) from None
    if not rows:
        return workbook
    try:
        return set_text_rows(workbook, rows)
    except ValueError as exc:
        raise reports.UploadRefused(f"无法写入工作簿：{exc}") from None


def _where(filename: str, line: int | None, text: str) -> str:
    return f"文字内容文件 {filename}" + (f" 第{line}行" if line else "") + f"：{text}"
