"""The bridge to the engine: check an uploaded file, lay out its preview, render the published outputs.

Uploaded bytes are written into a fresh temporary directory under a fixed name (``upload.xlsx`` or
``dataset.yaml``), never under the name the browser sent. A dataset may name another file as last year's
dataset (``prior_year.dataset``); the engine would read it from the server's disk, so uploads that do are
refused here (the app will supply the previous year's published dataset itself).
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import yaml

from juesuan.build import CheckFailed, prepare, render_outputs
from juesuan.errors import InputError
from juesuan.excel import guard
from juesuan.findings import SEVERITIES
from juesuan.rules import check_path

XLSX, YAML = "xlsx", "yaml"
SUFFIXES = {".xlsx": XLSX, ".yaml": YAML, ".yml": YAML}
MEDIA_TYPES = {
    "html": "text/html; charset=utf-8",
    "pdf": "application/pdf",
    "docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
    "xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
    "json": "application/json",
    "txt": "text/plain; charset=utf-8",
}
FILE_FORMATS = {
    "report.html": "html",
    "report.pdf": "pdf",
    "report.docx": "docx",
    "tables.xlsx": "xlsx",
    "data.json": "json",
    "report.txt": "txt",
}


class UploadRefused(Exception):
    """An upload that is not stored, with the Chinese reason shown to the user."""


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def inspect_upload(filename: str, data: bytes, max_bytes: int) -> str:
    """The kind of an upload (``xlsx`` or ``yaml``) after every safety check; else ``UploadRefused``."""
    suffix = Path(filename).suffix.lower()
    kind = SUFFIXES.get(suffix)
    if kind is None:
        raise UploadRefused("只接受 Excel 工作簿（.xlsx）或 YAML 数据集（.yaml）")
    if not data:
        raise UploadRefused("上传的文件是空的")
    if len(data) > max_bytes:
        raise UploadRefused(f"文件过大（{len(data) / 1048576:.1f} MB，上限 {max_bytes // 1048576} MB）")
    if kind == XLSX:
        try:
            guard.check_bytes(filename, data)
        except InputError as err:
            raise UploadRefused("；".join(str(p.message) for p in err.problems)) from None
        if _workbook_mentions(data, b"prior_year.dataset") and _workbook_names_prior(data):
            raise UploadRefused("工作簿不能引用其他文件（prior_year.dataset）：上年数据由系统提供")
    else:
        try:
            text = data.decode("utf-8")
        except UnicodeDecodeError:
            raise UploadRefused("YAML 数据集应为 UTF-8 编码的文本文件") from None
        if "\x00" in text:
            raise UploadRefused("YAML 数据集应为文本文件")
        if "prior_year" in text and _yaml_prior_dataset(text):
            raise UploadRefused("数据集不能引用其他文件（prior_year.dataset）：上年数据由系统提供")
    return kind


def _workbook_mentions(data: bytes, needle: bytes) -> bool:
    archive = zipfile.ZipFile(io.BytesIO(data))  # already checked by the guard: sizes are bounded
    for info in archive.infolist():
        name = info.filename
        if name.endswith(".xml") and name.startswith("xl/") and needle in archive.read(info):
            return True
    return False


def _workbook_names_prior(data: bytes) -> bool:
    """Does a row keyed ``prior_year.dataset`` carry a value (juesuan's own export lists the key empty)?"""
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(data), read_only=True, data_only=True)
    try:
        for ws in wb.worksheets:
            for row in ws.iter_rows(values_only=True):
                cells = list(row)
                if "prior_year.dataset" in cells:
                    after = cells[cells.index("prior_year.dataset") + 1 :]
                    if any(v not in (None, "") for v in after):
                        return True
        return False
    finally:
        wb.close()


def _yaml_prior_dataset(text: str) -> bool:
    try:
        doc = yaml.safe_load(text)
    except yaml.YAMLError:
        return False  # the engine reports the syntax error as a finding
    prior = doc.get("prior_year") if isinstance(doc, dict) else None
    return isinstance(prior, dict) and bool(prior.get("dataset"))


@contextmanager
def materialised(kind: str, data: bytes) -> Iterator[Path]:
    """The uploaded bytes as a file in a fresh temporary directory, under a fixed name."""
    with tempfile.TemporaryDirectory(prefix="juesuan-web-") as tmp:
        path = Path(tmp) / ("upload.xlsx" if kind == XLSX else "dataset.yaml")
        path.write_bytes(data)
        yield path


def check(kind: str, data: bytes, display_name: str) -> dict[str, Any]:
    """The engine's check report as a dict, with file names shown as the user knows them."""
    with materialised(kind, data) as path:
        report = check_path(path)
        out = report.to_dict()
    out["source"] = display_name
    for finding in out["findings"]:  # type: ignore[union-attr]
        for loc in finding["locations"]:
            if loc.get("file") == str(path):
                loc["file"] = display_name
    return out


def counts(report: dict[str, Any]) -> dict[str, int]:
    summary = report.get("summary", {})
    return {s: int(summary.get(s, 0)) for s in SEVERITIES}


def preview_html(kind: str, data: bytes) -> str | None:
    """The HTML report as it would be published (marked 未通过校验 when the check fails); None when the input
    cannot be read at all."""
    with materialised(kind, data) as path:
        try:
            view = prepare(path, force=True)
        except (CheckFailed, InputError):
            return None
        return render_outputs(view, ("html",))["report.html"].decode("utf-8")


def publish_outputs(kind: str, data: bytes, formats: tuple[str, ...]) -> tuple[str, dict[str, bytes]]:
    """The title and the outputs of a dataset that passes the check; ``CheckFailed`` otherwise."""
    with materialised(kind, data) as path:
        view = prepare(path, force=False)
        d = view.derived
        title = f"{d.dataset.department.name} {d.year}年度部门决算"
        return title, render_outputs(view, formats)
