"""The public pages: published reports by year and department, each with its downloads.

What is public of a version is the files rendered from it (HTML, PDF, Word, Excel, the data JSON); the
workbook or dataset the unit uploaded is kept for the record and for next year's 上年数, and is never
served here.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import or_, select
from sqlalchemy.orm import aliased
from starlette.responses import FileResponse, Response

from juesuan_web import versions
from juesuan_web.framework import (
    Ctx,
    HTTPError,
    Page,
    download,
    org_dict,
    report_headers,
)
from juesuan_web.models import (
    Org,
    PublishedFile,
    PublishedVersion,
)

# A reader's order: the documents first (PDF, Word, Excel), then the web page, then the data.
FORMAT_ORDER = ("pdf", "docx", "xlsx", "html", "json", "txt")
FORMAT_LABELS = {
    "pdf": "PDF 文档",
    "docx": "Word 文档",
    "xlsx": "Excel 表格",
    "html": "网页版",
    "json": "数据（JSON）",
    "txt": "纯文本",
}
MAX_QUERY = 50


def public_list(ctx: Ctx) -> Response:
    """Published reports (current and superseded), filtered by ``year``, department code ``dept`` and
    ``q`` (part of the unit's, the department's or the report's name); plain GET parameters, so the
    filter works without scripts and a filtered list can be linked."""
    q = ctx.request.query_params
    Dept = aliased(Org)
    stmt = (
        select(PublishedVersion, Org, Dept)
        .join(Org, PublishedVersion.unit_id == Org.id)
        .outerjoin(Dept, Org.parent_id == Dept.id)
        .order_by(PublishedVersion.year.desc(), Dept.code, Org.code, PublishedVersion.number.desc())
    )
    if q.get("year", "").isdigit():
        stmt = stmt.where(PublishedVersion.year == int(q["year"]))
    if q.get("dept"):
        stmt = stmt.where(Dept.code == q["dept"])
    words = q.get("q", "").strip()[:MAX_QUERY]
    for word in words.split():
        like = "%" + word.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%"
        stmt = stmt.where(
            or_(
                Org.name.like(like, escape="\\"),
                Dept.name.like(like, escape="\\"),
                PublishedVersion.title.like(like, escape="\\"),
                Org.code == word,
            )
        )
    years = sorted({y for (y,) in ctx.db.execute(select(PublishedVersion.year).distinct())}, reverse=True)
    departments = [
        {"code": code, "name": name}
        for code, name in ctx.db.execute(
            select(Dept.code, Dept.name)
            .join(Org, Org.parent_id == Dept.id)
            .join(PublishedVersion, PublishedVersion.unit_id == Org.id)
            .distinct()
            .order_by(Dept.code)
        ).all()
    ]
    filters = {"year": q.get("year", ""), "dept": q.get("dept", ""), "q": words}
    return ctx.render(
        "public_list.html",
        {
            "title": "部门决算公开",
            "years": years,
            "departments": departments,
            "filters": filters,
            "filtered": any(filters.values()),
            "reports": [_version_dict(v, unit, dept) for v, unit, dept in ctx.db.execute(stmt).all()],
        },
    )


def _version_dict(v: PublishedVersion, unit: Org, dept: Org | None) -> dict[str, Any]:
    return {
        "id": v.id,
        "title": v.title,
        "year": v.year,
        "number": v.number,
        "unit": org_dict(unit),
        "department": org_dict(dept),
        "published_at": v.published_at,
        "superseded_at": v.superseded_at,
        "superseded_by": v.superseded_by_id,
        "correction_note": v.correction_note,
        "url": f"/public/{v.id}",
    }


def _published(ctx: Ctx, version_id: int) -> PublishedVersion:
    v = ctx.db.get(PublishedVersion, version_id)
    if v is None:
        raise HTTPError(404, "未找到该公开版本")
    return v


def public_version(ctx: Ctx, version_id: int) -> Response:
    """One published version: its title, unit, dates, whether it is superseded, and its files with SHA-256."""
    v = _published(ctx, version_id)
    unit = ctx.db.get(Org, v.unit_id)
    dept = ctx.db.get(Org, unit.parent_id) if unit and unit.parent_id else None
    rank = {fmt: i for i, fmt in enumerate(FORMAT_ORDER)}
    files = [
        {
            "name": f.name,
            "format": f.format,
            "label": FORMAT_LABELS.get(f.format, f.name),
            "size": f.size,
            "sha256": f.sha256,
            "url": f"/public/{v.id}/download/{f.format}",
        }
        for f in sorted(v.files, key=lambda f: (rank.get(f.format, len(rank)), f.name))
    ]
    return ctx.render(
        "public_version.html",
        _version_dict(v, unit, dept) | {"files": files} | versions.correction_of(ctx.db, v),
    )


def public_download(ctx: Ctx, version_id: int, fmt: str) -> Response:
    """A published file (``html``, ``pdf``, ``docx``, ``xlsx``, ``json``); never the uploaded source."""
    v = _published(ctx, version_id)
    f = ctx.db.scalar(
        select(PublishedFile).where(PublishedFile.version_id == v.id, PublishedFile.format == fmt)
    )
    if f is None:
        raise HTTPError(404, "没有该格式的文件")
    if fmt == "html":
        return Response(f.content, media_type=f.media_type, headers=report_headers())
    return download(f.content, f.media_type, f"{v.year}-{v.unit_id}-v{v.number}-{f.name}")


def favicon(ctx: Ctx) -> Response:
    """The site icon (browsers ask for /favicon.ico whatever a page says)."""
    from importlib import resources

    icon = Path(str(resources.files("juesuan_web") / "static" / "favicon.ico"))
    return FileResponse(icon, media_type="image/x-icon", headers={"cache-control": "public, max-age=86400"})


ROUTES = [
    Page("/favicon.ico", favicon),
    Page("/public", public_list),
    Page("/public/{version_id:int}", public_version),
    Page("/public/{version_id:int}/download/{fmt:str}", public_download),
]
