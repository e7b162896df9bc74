"""Versions and bulk actions: a submission's uploads compared, and approving or publishing several at once.

``/units/{id}/{year}/versions`` lists every upload (who, when, file, SHA-256) and compares any two (``a``
and ``b``): figures that changed and texts that changed. On the dashboard reviewers tick units and approve
them together (``/review/approve``); the 财政局审核人 publishes them through a confirmation page
(``/review/publish``) that lists what will be public, asks for the 更正说明 of each correction, and shows
each one's progress (``static/bulk.js`` publishes one unit per request; without scripts the form publishes
all and the page lists each result).
"""

from __future__ import annotations

from typing import Any
from urllib.parse import urlencode

from starlette.responses import Response

from juesuan_web import versions, workflow
from juesuan_web.framework import (
    Ctx,
    HTTPError,
    Page,
    known_year,
    org_dict,
    require,
    visible_unit,
)
from juesuan_web.views import public
from juesuan_web.views.review import dashboard
from juesuan_web.workflow import Actor

MAX_SELECTED = 500  # units in one bulk action (a dashboard page at most)


def versions_page(ctx: Ctx, unit_id: int, year: int) -> Response:
    """Every upload of the submission and every version published from it, and the differences between
    two of them (``a`` → ``b``: an upload's id, or ``v`` and a published version's id; by default the
    upload before the latest → the latest)."""
    unit = visible_unit(ctx, unit_id)
    sub = workflow.submission_for(ctx.db, unit, year)
    rows = versions.history(ctx.db, sub)
    ids = [str(r["id"]) for r in rows]
    q = ctx.request.query_params
    a_token = q.get("a") or (ids[-2] if len(ids) >= 2 else "")
    b_token = q.get("b") or (ids[-1] if ids else "")
    a = versions.side(ctx.db, sub, a_token) if a_token else None
    b = versions.side(ctx.db, sub, b_token) if b_token else None
    if (a_token and a is None) or (b_token and b is None):
        raise HTTPError(404, "未找到该次上传或公开版本")
    comparison = None
    if a is not None and b is not None and a.token != b.token:
        comparison = versions.compare(a, b, year)
    return ctx.render(
        "versions.html",
        {
            "title": f"{unit.name} {year}年度 上传记录与版本比较",
            "unit": org_dict(unit),
            "year": year,
            "uploads": rows,
            "a": None if a is None else {"token": a.token, "label": a.label},
            "b": None if b is None else {"token": b.token, "label": b.label},
            "comparison": comparison,
            "published": versions.published_list(ctx.db, unit, year),
        },
    )


# --------------------------------------------------------------------------- bulk actions


def _selection(ctx: Ctx) -> tuple[int, list[int]]:
    """The year and the ticked units (``unit`` repeated), from the form or the query string."""
    sources: list[Any] = [ctx.request.query_params]
    if ctx.form is not None:
        sources.insert(0, ctx.form)
    year_text = next((str(s.get("year")) for s in sources if s.get("year")), "")
    year = int(year_text) if year_text.isdigit() else ctx.settings.year
    known_year(ctx, year)
    ids: list[int] = []
    for s in sources:
        for value in s.getlist("unit"):
            if isinstance(value, str) and value.isdigit() and int(value) not in ids:
                ids.append(int(value))
        if ids:
            break
    if len(ids) > MAX_SELECTED:
        raise HTTPError(400, f"一次最多选择 {MAX_SELECTED} 个单位")
    return year, ids


def bulk_approve(ctx: Ctx) -> Response:
    """Approve every ticked unit's submission (each on its own: one refused does not stop the others)."""
    require(workflow.is_reviewer(ctx.user))
    year, ids = _selection(ctx)
    if not ids:
        raise HTTPError(400, "请先勾选要审核通过的单位")
    actor = Actor(ctx.user, ctx.ip)
    results = [versions.run_one(ctx.db, actor, "approve", unit_id, year).to_dict() for unit_id in ids]
    return ctx.render(
        "bulk_result.html",
        {
            "title": "批量审核通过",
            "year": year,
            "results": results,
            "done": sum(r["ok"] for r in results),
            "failed": sum(not r["ok"] for r in results),
        },
    )


def publish_select(ctx: Ctx) -> Response:
    """The ticked units from the dashboard, on to the confirmation page (nothing is published yet)."""
    require(workflow.publishes(ctx.user))
    year, ids = _selection(ctx)
    if not ids:
        raise HTTPError(400, "请先勾选要公开的单位")
    return ctx.done(_confirm_url(year, ids), {"year": year, "units": ids})


def _confirm_url(year: int, ids: list[int]) -> str:
    return "/review/publish?" + urlencode([("year", str(year))] + [("unit", str(i)) for i in ids])


def publish_confirm(ctx: Ctx) -> Response:
    """What will be published: each unit, its state, the version it becomes (a correction with its
    更正说明 to write) and the files made public; those that cannot be published are listed apart."""
    return _confirm_page(ctx, None)


def _confirm_page(ctx: Ctx, results: list[dict[str, Any]] | None) -> Response:
    require(workflow.publishes(ctx.user))
    year, ids = _selection(ctx)
    rows = versions.candidates(ctx.db, ctx.user, ids, year)
    chosen = ctx.settings.publish_formats
    formats = [public.FORMAT_LABELS.get(f, f) for f in public.FORMAT_ORDER if f in chosen]
    by_unit = {r["unit_id"]: r for r in results or []}
    for row in rows:
        row["result"] = by_unit.get(row["unit_id"])
    return ctx.render(
        "bulk_publish.html",
        {
            "title": "确认公开",
            "year": year,
            "units": rows,
            "ready": [r for r in rows if r["ok"]],
            "formats": formats,
            "results": results,
            "done": sum(r["ok"] for r in results or []),
            "failed": sum(not r["ok"] for r in results or []),
        },
    )


def bulk_publish(ctx: Ctx) -> Response:
    """Publish the confirmed units one after another, each in its own transaction; a correction without
    its 更正说明 refuses the whole form before anything is published (the form comes back as typed)."""
    require(workflow.publishes(ctx.user))
    year, ids = _selection(ctx)
    if not ids:
        raise HTTPError(400, "请先勾选要公开的单位")
    for row in versions.candidates(ctx.db, ctx.user, ids, year):
        if row["ok"] and row["previous"] and not ctx.field(f"note-{row['unit_id']}").strip():
            raise HTTPError(
                400,
                f"{row['name']}：这是对已公开报告的更正（第{row['number']}版），请填写更正说明",
                f"note-{row['unit_id']}",
            )
    actor = Actor(ctx.user, ctx.ip)
    results = [
        versions.run_one(
            ctx.db,
            actor,
            "publish",
            unit_id,
            year,
            ctx.settings.publish_formats,
            ctx.field(f"note-{unit_id}"),
        ).to_dict()
        for unit_id in ids
    ]
    return _confirm_page(ctx, results)


ROUTES = [
    Page("/units/{unit_id:int}/{year:int}/versions", versions_page, login=True),
    Page("/review/approve", bulk_approve, login=True, methods=("POST",), form=dashboard, max_fields=1100),
    Page("/review/publish", publish_confirm, login=True),
    Page(
        "/review/publish/select",
        publish_select,
        login=True,
        methods=("POST",),
        form=dashboard,
        max_fields=1100,
    ),
    Page(
        "/review/publish",
        bulk_publish,
        login=True,
        methods=("POST",),
        form=publish_confirm,
        max_fields=1100,
    ),
]
