"""The public pages: published reports by year and department, each with its downloads."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import aliased
from starlette.responses import FileResponse, Response

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


def public_list(ctx: Ctx) -> Response:
    """Published reports (current and superseded), filtered by ``year`` and department code ``dept``."""
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
    years = sorted({y for (y,) in ctx.db.execute(select(PublishedVersion.year).distinct())}, reverse=True)
    return ctx.render(
        "public_list.html",
        {
            "title": "部门决算公开",
            "years": years,
            "filters": {"year": q.get("year", ""), "dept": q.get("dept", "")},
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
    files = [
        {
            "name": f.name,
            "format": f.format,
            "size": f.size,
            "sha256": f.sha256,
            "url": f"/public/{v.id}/download/{f.format}",
        }
        for f in v.files
    ]
    files.append(
        {
            "name": v.dataset_filename,
            "format": "dataset",
            "size": len(v.dataset_content),
            "sha256": v.dataset_sha256,
            "url": f"/public/{v.id}/download/dataset",
        }
    )
    return ctx.render("public_version.html", _version_dict(v, unit, dept) | {"files": files})


def public_download(ctx: Ctx, version_id: int, fmt: str) -> Response:
    """A published file (``html``, ``pdf``, ``docx``, ``xlsx``, ``json`` or the ``dataset`` snapshot)."""
    v = _published(ctx, version_id)
    if fmt == "dataset":
        return download(v.dataset_content, "application/octet-stream", v.dataset_filename)
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
