"""Downloads built from many rows: the reviewers' list as CSV or XLSX, and the published reports as a zip.

The list exports take the dashboard's query string and rows (``review.listing``), so they hold exactly what
the reviewer sees. The zip holds every current (not superseded) published version of a year, its files in
``部门名称/单位名称/`` folders, and ``manifest.csv`` with the SHA-256 stored at publication; each file's
bytes are checked against it while the archive is written. The reviewers' zip follows their scope; the
public one (``/public/reports.zip``) holds only what the public pages already offer, and is kept once built
(keyed by what it holds), since anyone may ask for it.
"""

from __future__ import annotations

import csv
import hashlib
import io
import os
import re
import shutil
import tempfile
import unicodedata
import zipfile
from collections.abc import Iterator
from datetime import datetime
from pathlib import Path
from typing import IO, Any

from sqlalchemy import select
from sqlalchemy.orm import Session, aliased
from starlette.responses import Response, StreamingResponse

from juesuan_web import models, workflow
from juesuan_web.framework import Ctx, HTTPError, Page, download, local, require
from juesuan_web.models import DEPT_REVIEWER, Org, PublishedFile, PublishedVersion
from juesuan_web.views import review

COLUMNS = (
    "部门代码",
    "部门名称",
    "单位代码",
    "单位名称",
    "状态",
    "严重",
    "错误",
    "警告",
    "提示",
    "是否逾期",
    "最后更新",
)
WIDTHS = (12, 28, 12, 32, 10, 7, 7, 7, 7, 10, 20)
TIME_FORMAT = "%Y-%m-%d %H:%M:%S"
MANIFEST = "manifest.csv"
MANIFEST_COLUMNS = ("单位", "版本", "公开时间", "文件", "SHA-256")
PRIVATE = {"cache-control": "private, no-store"}
SPOOL_BYTES = 32 * 1024 * 1024  # the zip stays in memory up to this size, then goes to a temporary file
_STORED = {"pdf", "docx", "xlsx"}  # already compressed
ZIP_CACHE = Path(tempfile.gettempdir()) / "juesuan-zips"
ZIP_CACHE_KEEP = 32


# --------------------------------------------------------------------------- the list as CSV / XLSX


def table(found: review.Listing) -> list[list[Any]]:
    """The dashboard rows as export rows (without the header): counts as numbers, times as local time."""
    out = []
    for row in found.rows:
        counts = row["counts"]
        out.append(
            [
                row["department"]["code"],
                row["department"]["name"],
                row["unit"]["code"],
                row["unit"]["name"],
                row["state_label"],
                *(
                    (counts["fatal"], counts["error"], counts["warning"], counts["info"])
                    if counts
                    else (None,) * 4
                ),
                "是" if row["overdue"] else "否",
                local(row["updated_at"]).replace(tzinfo=None) if row["updated_at"] else None,
            ]
        )
    return out


def _export_name(found: review.Listing, ext: str) -> str:
    dept = f"-{found.filters.dept}" if found.filters.dept else ""
    return f"审核清单-{found.filters.year}{dept}.{ext}"


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def _csv_cell(value: Any) -> str:
    """A CSV cell; text that a spreadsheet would run as a formula is quoted with a leading apostrophe."""
    if value is None:
        return ""
    if isinstance(value, datetime):
        return value.strftime(TIME_FORMAT)
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return str(value)


def csv_bytes(header: tuple[str, ...], rows: list[list[Any]]) -> bytes:
    """UTF-8 with a BOM, so that Excel opens the Chinese text correctly."""
    buf = io.StringIO()
    writer = csv.writer(buf, lineterminator="\r\n")
    writer.writerow(header)
    writer.writerows([_csv_cell(v) for v in row] for row in rows)
    return ("\ufeff" + buf.getvalue()).encode("utf-8")


def review_export_csv(ctx: Ctx) -> Response:
    """The reviewers' list under the dashboard's filters and sort, as CSV (UTF-8 with BOM)."""
    found = review.listing(ctx)
    response = download(
        csv_bytes(COLUMNS, table(found)), "text/csv; charset=utf-8", _export_name(found, "csv")
    )
    response.headers.update(PRIVATE)
    return response


def xlsx_bytes(found: review.Listing) -> bytes:
    from openpyxl import Workbook
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    wb = Workbook()
    ws = wb.active
    ws.title = f"审核清单{found.filters.year}"
    ws.append(COLUMNS)
    bold = Font(bold=True)
    for cell in ws[1]:
        cell.font = bold
    for values in table(found):
        ws.append(values)
        for cell in ws[ws.max_row]:
            if isinstance(cell.value, str):
                cell.data_type = "s"  # a name such as "=1+1" stays text, never a formula
            elif isinstance(cell.value, datetime):
                cell.number_format = "yyyy-mm-dd hh:mm:ss"
    for i, width in enumerate(WIDTHS, start=1):
        ws.column_dimensions[get_column_letter(i)].width = width
    ws.freeze_panes = "A2"
    ws.auto_filter.ref = f"A1:{get_column_letter(len(COLUMNS))}{max(ws.max_row, 1)}"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def review_export_xlsx(ctx: Ctx) -> Response:
    """The reviewers' list under the dashboard's filters and sort, as an Excel workbook."""
    found = review.listing(ctx)
    media = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
    response = download(xlsx_bytes(found), media, _export_name(found, "xlsx"))
    response.headers.update(PRIVATE)
    return response


# --------------------------------------------------------------------------- published reports as a zip

_UNSAFE_PART = re.compile(r"[\x00-\x1f\x7f/\\:*?\"<>|]+")


def safe_part(name: str, default: str = "未命名") -> str:
    """One path component inside the zip: no separators, no control characters, no leading dots."""
    name = unicodedata.normalize("NFC", name or "")
    # format characters (bidi overrides, zero-width) go; control characters and line breaks become "_"
    name = "".join(
        "" if cat == "Cf" else "\x00" if cat in ("Cc", "Zl", "Zp") else c
        for c, cat in ((c, unicodedata.category(c)) for c in name)
    )
    name = _UNSAFE_PART.sub("_", name).strip(" .")
    return name[:80].strip(" .") or default


class _Names:
    """Unique folder names: a second organisation with the same name gets its code appended."""

    def __init__(self) -> None:
        self.used: dict[tuple[str, str], int] = {}

    def name(self, parent: str, org_id: int, name: str, code: str) -> str:
        part = safe_part(name)
        if self.used.setdefault((parent, part), org_id) != org_id:
            part = safe_part(f"{name}（{code}）")
            self.used.setdefault((parent, part), org_id)
        return part


def _zip_date(value: datetime) -> tuple[int, int, int, int, int, int]:
    t = local(value)
    return (max(t.year, 1980), t.month, t.day, t.hour, t.minute, t.second)


def build_zip(db: Session, year: int, department_id: int | None) -> tuple[IO[bytes], int, int]:
    """Write the year's current publications (of one department, when given) into a spooled file.

    Returns the file (positioned at its start), its size and the number of reports. Only one report's
    files are held in memory at a time.
    """
    Dept = aliased(Org)
    stmt = (
        select(
            PublishedVersion.id,
            PublishedVersion.number,
            PublishedVersion.published_at,
            Org.id,
            Org.code,
            Org.name,
            Dept.id,
            Dept.code,
            Dept.name,
        )
        .join(Org, PublishedVersion.unit_id == Org.id)
        .outerjoin(Dept, Org.parent_id == Dept.id)
        .where(PublishedVersion.year == year, PublishedVersion.superseded_at.is_(None))
        .order_by(Dept.code, Org.code, PublishedVersion.number.desc())
    )
    if department_id is not None:
        stmt = stmt.where(Org.parent_id == department_id)
    spool = tempfile.SpooledTemporaryFile(max_size=SPOOL_BYTES)  # noqa: SIM115 (closed by the response)
    names = _Names()
    manifest: list[list[Any]] = []
    seen_units: set[int] = set()
    try:
        with zipfile.ZipFile(spool, "w", compression=zipfile.ZIP_DEFLATED) as zf:
            for vid, number, published_at, uid, ucode, uname, did, dcode, dname in db.execute(stmt).all():
                if uid in seen_units:  # never more than one current version; keep the newest if so
                    continue
                seen_units.add(uid)
                dept_part = names.name("", did or 0, dname or "未归属部门", dcode or "")
                unit_part = names.name(dept_part, uid, uname, ucode)
                files = db.execute(
                    select(
                        PublishedFile.name, PublishedFile.format, PublishedFile.sha256, PublishedFile.content
                    )
                    .where(PublishedFile.version_id == vid)
                    .order_by(PublishedFile.id)
                ).all()
                for fname, fmt, stored, content in files:
                    if hashlib.sha256(content).hexdigest() != stored:
                        raise HTTPError(
                            500,
                            f"已公开文件校验失败：{uname} 第{number}版 {fname} 的内容与公开时记录的 SHA-256 "
                            "不符，已停止打包，请联系管理员核查",
                        )
                    path = f"{dept_part}/{unit_part}/{safe_part(fname, 'file')}"
                    info = zipfile.ZipInfo(path, date_time=_zip_date(published_at))
                    info.compress_type = zipfile.ZIP_STORED if fmt in _STORED else zipfile.ZIP_DEFLATED
                    info.external_attr = 0o644 << 16
                    zf.writestr(info, content)
                    manifest.append([uname, number, local(published_at).strftime(TIME_FORMAT), path, stored])
                del files
            if not seen_units:
                raise HTTPError(404, f"{year}年度暂无已公开的报告")
            info = zipfile.ZipInfo(MANIFEST, date_time=_zip_date(models.now()))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, csv_bytes(MANIFEST_COLUMNS, manifest))
    except BaseException:
        spool.close()
        raise
    size = spool.tell()
    spool.seek(0)
    return spool, size, len(seen_units)


def _zip_response(spool: IO[bytes], size: int, filename: str, private: bool) -> Response:
    def chunks() -> Iterator[bytes]:
        try:
            while block := spool.read(1024 * 1024):
                yield block
        finally:
            spool.close()

    headers = {
        "content-disposition": download(b"", "application/zip", filename).headers["content-disposition"],
        "content-length": str(size),
    } | (PRIVATE if private else {})
    return StreamingResponse(chunks(), media_type="application/zip", headers=headers)


def _year(ctx: Ctx) -> int:
    value = ctx.request.query_params.get("year", "")
    return int(value) if value.isdigit() and len(value) == 4 else ctx.settings.year


def _department(ctx: Ctx, code: str) -> Org:
    dept = ctx.db.scalar(select(Org).where(Org.code == code, Org.kind == "department"))
    if dept is None:
        raise HTTPError(404, "未找到该部门，或您无权查看")
    return dept


def review_published_zip(ctx: Ctx) -> Response:
    """Every current published report of a year in the reviewer's scope (``dept``: one department), zipped,
    with ``manifest.csv`` listing each file's SHA-256."""
    require(workflow.is_reviewer(ctx.user))
    year = _year(ctx)
    code = ctx.request.query_params.get("dept", "")
    department_id = None
    if code:
        department_id = _department(ctx, code).id
    if ctx.user.role == DEPT_REVIEWER:
        if department_id not in (None, ctx.user.org_id) or ctx.user.org_id is None:
            raise HTTPError(404, "未找到该部门，或您无权查看")
        department_id = ctx.user.org_id
    spool, size, _ = build_zip(ctx.db, year, department_id)
    suffix = f"-{code}" if code else ""
    return _zip_response(spool, size, f"已公开报告-{year}{suffix}.zip", private=True)


def _zip_key(db: Session, db_url: str, year: int, department_id: int | None) -> str | None:
    """What the public zip of (year, department) holds, as a digest: the current versions, their files'
    stored SHA-256 and the names that make the folders. Published versions never change, so equal digests
    mean equal archives. None when nothing is published."""
    Dept = aliased(Org)
    stmt = (
        select(
            PublishedVersion.id,
            PublishedVersion.published_at,
            PublishedFile.name,
            PublishedFile.sha256,
            Org.code,
            Org.name,
            Dept.code,
            Dept.name,
        )
        .join(PublishedFile, PublishedFile.version_id == PublishedVersion.id)
        .join(Org, PublishedVersion.unit_id == Org.id)
        .outerjoin(Dept, Org.parent_id == Dept.id)
        .where(PublishedVersion.year == year, PublishedVersion.superseded_at.is_(None))
    )
    if department_id is not None:
        stmt = stmt.where(Org.parent_id == department_id)
    rows = sorted(tuple(str(v) for v in row) for row in db.execute(stmt).all())
    if not rows:
        return None
    digest = hashlib.sha256(repr((db_url, year, department_id, rows)).encode("utf-8"))
    return digest.hexdigest()


def cached_zip(db: Session, db_url: str, year: int, department_id: int | None) -> tuple[IO[bytes], int]:
    """The public zip, built once per content and kept in ``ZIP_CACHE`` (the newest ``ZIP_CACHE_KEEP``):
    anyone may ask for it, and building it reads every published file."""
    key = _zip_key(db, db_url, year, department_id)
    if key is None:
        raise HTTPError(404, f"{year}年度暂无已公开的报告")
    path = ZIP_CACHE / f"{key}.zip"
    try:
        handle = path.open("rb")
        return handle, path.stat().st_size
    except OSError:
        pass
    spool, size, _ = build_zip(db, year, department_id)
    try:
        ZIP_CACHE.mkdir(parents=True, exist_ok=True)
        with tempfile.NamedTemporaryFile(dir=ZIP_CACHE, suffix=".part", delete=False) as part:
            shutil.copyfileobj(spool, part)
        os.replace(part.name, path)
        kept = sorted(ZIP_CACHE.glob("*.zip"), key=lambda p: p.stat().st_mtime, reverse=True)
        for old in kept[ZIP_CACHE_KEEP:]:
            old.unlink(missing_ok=True)
    except OSError:
        pass  # no cache this time; the archive is still served
    spool.seek(0)
    return spool, size


def public_reports_zip(ctx: Ctx) -> Response:
    """Every current published report of a year: public, like each report's own downloads."""
    year = _year(ctx)
    code = ctx.request.query_params.get("dept", "")
    department_id = _department(ctx, code).id if code else None
    spool, size = cached_zip(ctx.db, ctx.settings.db_url, year, department_id)
    suffix = f"-{code}" if code else ""
    return _zip_response(spool, size, f"部门决算公开-{year}{suffix}.zip", private=False)


ROUTES = [
    Page("/review/export.csv", review_export_csv, login=True),
    Page("/review/export.xlsx", review_export_xlsx, login=True),
    Page("/review/published.zip", review_published_zip, login=True),
    Page("/public/reports.zip", public_reports_zip),
]
