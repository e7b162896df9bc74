"""The bridge to the engine: check an uploaded file, lay out its preview, render the published outputs.

Uploaded bytes are written into a fresh temporary directory under a fixed name (``upload.xlsx`` or
``dataset.yaml``), never under the name the browser sent. A dataset may name another file as last year's
dataset (``prior_year.dataset``); the engine would read it from the server's disk, so uploads that do are
refused here: the app supplies last year's figures itself, from the unit's current publication of the year
before (its ``data.json``, else its dataset), as a ``PriorSource`` given to ``check``, ``preview_html`` and
``publish_outputs``. The published figures are last year's: figures the upload gives itself
(``prior_year.total`` …) do not replace them, each that differs is a Y002 finding showing both.
"""

from __future__ import annotations

import hashlib
import io
import tempfile
import zipfile
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from juesuan.api import (
    SEVERITIES,
    CheckFailed,
    CheckReport,
    Expected,
    InputError,
    InputProblem,
    PublishedPrior,
    check_file,
    check_upload_bytes,
    load,
    parse_yaml,
    prepare,
    render,
    unreadable_report,
)
from juesuan.api import check as check_input

XLSX, YAML = "xlsx", "yaml"
SUFFIXES = {".xlsx": XLSX, ".yaml": YAML, ".yml": YAML}
XLSX_NAME, YAML_NAME = "upload.xlsx", "dataset.yaml"  # the fixed names of an upload on disk
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
            check_upload_bytes(filename, data)
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


def inspect_text_file(filename: str, data: bytes, max_bytes: int) -> str:
    """A text YAML uploaded with a workbook, after the checks every upload gets; its text, else
    ``UploadRefused`` naming the file."""
    if Path(filename).suffix.lower() not in (".yaml", ".yml"):
        raise UploadRefused(f"文字内容文件 {filename} 应为 YAML 文件（.yaml）")
    if not data:
        raise UploadRefused(f"文字内容文件 {filename} 是空的")
    if len(data) > max_bytes:
        raise UploadRefused(
            f"文字内容文件 {filename} 过大（{len(data) / 1048576:.1f} MB，上限 {max_bytes // 1048576} MB）"
        )
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        raise UploadRefused(f"文字内容文件 {filename} 应为 UTF-8 编码的文本文件") from None
    if "\x00" in text:
        raise UploadRefused(f"文字内容文件 {filename} 应为文本文件")
    if "prior_year" in text and _yaml_prior_dataset(text):
        raise UploadRefused(
            f"文字内容文件 {filename} 不能引用其他文件（prior_year.dataset）：上年数据由系统提供"
        )
    return text


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
    """Does the YAML text name last year's dataset (read by the engine's own reader, as ``check`` will)?"""
    try:
        data = parse_yaml(text, YAML_NAME).data
    except InputError:
        return False  # the engine reports the syntax error as a finding
    prior = data.get("prior_year") if isinstance(data, dict) else None
    return isinstance(prior, dict) and bool(prior.get("dataset"))


@dataclass(frozen=True)
class PriorSource:
    """Last year's figures as the app supplies them: a published version's ``data.json`` (``kind`` json) or,
    when that is missing, the dataset it was published from (``kind`` xlsx or yaml)."""

    version_id: int
    number: int
    year: int
    kind: str
    content: bytes

    @property
    def label(self) -> str:
        what = "data.json" if self.kind == "json" else "数据集"
        return f"{self.year}年度已公开决算第{self.number}版（{what}）"

    def record(self) -> dict[str, Any]:
        """What the check stores about it (``Upload.check["prior"]``)."""
        return {
            "version_id": self.version_id,
            "number": self.number,
            "year": self.year,
            "source": "data.json" if self.kind == "json" else "dataset",
        }


PRIOR_NAMES = {"json": "prior.json", XLSX: "prior.xlsx", YAML: "prior.yaml"}
# problems of last year's data that the unit cannot fix in its upload: the published prior is then not used
PRIOR_CODES = frozenset({"prior_year_mismatch", "prior_department_mismatch", "prior_inconsistent"})


@contextmanager
def materialised(kind: str, data: bytes) -> Iterator[Path]:
    """The uploaded bytes as a file in a fresh temporary directory, under a fixed name."""
    with with_prior(kind, data, None) as (path, _):
        yield path


@contextmanager
def with_prior(kind: str, data: bytes, prior: PriorSource | None) -> Iterator[tuple[Path, Path | None]]:
    """The upload and last year's file (if any) in a fresh temporary directory, under fixed names."""
    with tempfile.TemporaryDirectory(prefix="juesuan-web-") as tmp:
        path = Path(tmp) / (XLSX_NAME if kind == XLSX else YAML_NAME)
        path.write_bytes(data)
        prior_path = None
        if prior is not None:
            prior_path = Path(tmp) / PRIOR_NAMES.get(prior.kind, "prior.yaml")
            prior_path.write_bytes(prior.content)
        yield path, prior_path


def _published(prior_path: Path | None) -> PublishedPrior | None:
    """Last year's publication is last year: it wins over figures the upload gives itself (compared, Y002)."""
    return None if prior_path is None else PublishedPrior(prior_path)


def _about_prior(problem: InputProblem, prior_path: Path) -> bool:
    return problem.file == str(prior_path) or problem.code in PRIOR_CODES


def _checked(
    path: Path, prior_path: Path | None, expected: Expected | None = None
) -> tuple[CheckReport, bool, list[str]]:
    """The check with last year's file (report, whether it was used, why it could not be)."""
    source = load(path, prior=_published(prior_path))
    loaded, err = source.loaded, source.error
    if loaded is None:
        assert err is not None  # an unread input has its problems
        if prior_path is not None:
            unusable = [p for p in err.problems if _about_prior(p, prior_path)]
            if unusable:
                return check_file(path, expected=expected), False, [str(p.message) for p in unusable]
        return unreadable_report(path, err, expected), False, []
    report = check_input(source, expected).report
    if loaded.prior is not None and prior_path is not None:
        about = [f for f in report.findings if f.params.get("code") in PRIOR_CODES]
        if about:
            problems = [str(f.params.get("detail", f.message)) for f in about]
            return check_file(path, expected=expected), False, problems
    return report, loaded.prior is not None, []


# the file is of another unit (名称, 代码) or year than the submission: the upload is refused with these
SUBMITTER_RULES = ("C005", "C006", "C007")


def check(
    kind: str,
    data: bytes,
    display_name: str,
    prior: PriorSource | None = None,
    expected: Expected | None = None,
) -> dict[str, Any]:
    """The engine's check report as a dict, with file names shown as the user knows them.

    ``prior`` supplies last year's figures; ``out["prior"]`` records it: the version, whether it was used
    (not when the upload gives the figures inline) and, when it could not be used, why. ``expected``: the
    unit and year the file is submitted for (C005–C007 when it is another's).
    """
    with with_prior(kind, data, prior) as (path, prior_path):
        report, used, problems = _checked(path, prior_path, expected)
        out = report.to_dict()
    names = {str(path): display_name} | ({str(prior_path): prior.label} if prior and prior_path else {})
    out["source"] = display_name
    for finding in out["findings"]:  # type: ignore[union-attr]
        for loc in finding["locations"]:
            if loc.get("file") in names:
                loc["file"] = names[loc["file"]]
    problem = "；".join(problems)
    for tmp_name, shown in names.items():
        problem = problem.replace(tmp_name, shown)
    out["prior"] = None if prior is None else prior.record() | {"used": used, "problem": problem or None}
    return out


def prior_usable(report: dict[str, Any] | None, prior: PriorSource | None) -> PriorSource | None:
    """``prior`` when the check recorded it as usable (so the preview and the publication use the same
    figures as the check)."""
    record = (report or {}).get("prior")
    if prior is None or not record or record.get("version_id") != prior.version_id or record.get("problem"):
        return None
    return prior


def counts(report: dict[str, Any]) -> dict[str, int]:
    summary = report.get("summary", {})
    return {s: int(summary.get(s, 0)) for s in SEVERITIES}


def preview_html(kind: str, data: bytes, prior: PriorSource | None = None) -> str | None:
    """The HTML report as it would be published (marked 未通过校验 when the check fails); None when the input
    cannot be read at all."""
    with with_prior(kind, data, prior) as (path, prior_path):
        try:
            view = prepare(check_input(load(path, prior=_published(prior_path))), force=True)
        except (CheckFailed, InputError):
            return None
        return render(view, ("html",))["report.html"].decode("utf-8")


def publish_outputs(
    kind: str, data: bytes, formats: tuple[str, ...], prior: PriorSource | None = None
) -> tuple[str, dict[str, bytes]]:
    """The title and the outputs of a dataset that passes the check; ``CheckFailed`` otherwise."""
    with with_prior(kind, data, prior) as (path, prior_path):
        view = prepare(check_input(load(path, prior=_published(prior_path))), force=False)
        d = view.derived
        title = f"{d.dataset.department.name} {d.year}年度部门决算"
        return title, render(view, formats)
