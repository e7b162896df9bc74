"""The audit log of every state change (who, when, what, before and after)."""

from __future__ import annotations

from sqlalchemy import select
from starlette.responses import Response

from juesuan_web import workflow
from juesuan_web.framework import (
    Ctx,
    Page,
    require,
)
from juesuan_web.models import (
    AuditEntry,
)


def audit_page(ctx: Ctx) -> Response:
    """The audit log (newest 500 entries), filtered by ``object_type`` and ``object_id``."""
    require(workflow.reads_audit(ctx.user))
    q = ctx.request.query_params
    stmt = select(AuditEntry).order_by(AuditEntry.id.desc()).limit(500)
    if q.get("object_id", "").isdigit():
        stmt = stmt.where(AuditEntry.object_id == int(q["object_id"]))
    if q.get("object_type"):
        stmt = stmt.where(AuditEntry.object_type == q["object_type"])
    entries = [
        {
            "id": a.id,
            "at": a.at,
            "user": a.username,
            "action": a.action,
            "object_type": a.object_type,
            "object_id": a.object_id,
            "before": a.before,
            "after": a.after,
            "ip": a.ip,
        }
        for a in ctx.db.scalars(stmt)
    ]
    return ctx.render("audit.html", {"title": "操作日志", "entries": entries})


ROUTES = [Page("/audit", audit_page, login=True)]
