"""The reviewers' dashboard: every unit of the year with its state and finding counts."""

from __future__ import annotations

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased
from starlette.responses import Response

from juesuan_web import workflow
from juesuan_web.framework import (
    Ctx,
    Page,
    org_dict,
    require,
)
from juesuan_web.models import (
    DEPT_REVIEWER,
    NOT_STARTED,
    STATE_LABELS,
    Org,
    Submission,
)

SORTS = {
    "code": lambda unit, dept, sub: (dept.code, unit.code),
    "state": lambda unit, dept, sub: (sub.state if sub else "", unit.code),
    "errors": lambda unit, dept, sub: (-((sub.n_fatal + sub.n_error) if sub else 0), unit.code),
    "updated": lambda unit, dept, sub: (-(sub.updated_at.timestamp() if sub else 0), unit.code),
}


def dashboard(ctx: Ctx) -> Response:
    require(workflow.is_reviewer(ctx.user))
    q = ctx.request.query_params
    year = int(q["year"]) if q.get("year", "").isdigit() else ctx.settings.year
    state, dept_code, text = q.get("state", ""), q.get("dept", ""), q.get("q", "").strip()
    errors_only = q.get("errors") == "1"
    sort = q.get("sort", "code") if q.get("sort") in SORTS else "code"
    Dept = aliased(Org)
    stmt = (
        select(Org, Dept, Submission)
        .join(Dept, Org.parent_id == Dept.id)
        .outerjoin(Submission, and_(Submission.unit_id == Org.id, Submission.year == year))
        .where(Org.kind == "unit")
    )
    if ctx.user.role == DEPT_REVIEWER:
        stmt = stmt.where(Org.parent_id == ctx.user.org_id)
    if dept_code:
        stmt = stmt.where(Dept.code == dept_code)
    if text:
        like = f"%{text}%"
        stmt = stmt.where(or_(Org.name.like(like), Org.code.like(like), Dept.name.like(like)))
    rows = list(ctx.db.execute(stmt).all())
    facets: dict[str, int] = dict.fromkeys(STATE_LABELS, 0)
    for _, _, sub in rows:
        facets[sub.state if sub else NOT_STARTED] += 1
    if state:
        rows = [r for r in rows if (r[2].state if r[2] else NOT_STARTED) == state]
    if errors_only:
        rows = [r for r in rows if r[2] is not None and (r[2].n_fatal + r[2].n_error) > 0]
    rows.sort(key=lambda r: SORTS[sort](*r))
    departments = ctx.db.scalars(select(Org).where(Org.kind == "department").order_by(Org.code))
    if ctx.user.role == DEPT_REVIEWER:
        departments = [d for d in departments if d.id == ctx.user.org_id]
    return ctx.render(
        "dashboard.html",
        {
            "title": f"审核工作台 {year}年度",
            "year": year,
            "filters": {
                "state": state,
                "dept": dept_code,
                "q": text,
                "errors": "1" if errors_only else "",
                "sort": sort,
            },
            "facets": facets,
            "departments": [org_dict(d) for d in departments],
            "units": [
                {
                    "unit": org_dict(unit),
                    "department": org_dict(dept),
                    "state": sub.state if sub else NOT_STARTED,
                    "state_label": STATE_LABELS[sub.state if sub else NOT_STARTED],
                    "counts": None
                    if sub is None
                    else {
                        "fatal": sub.n_fatal,
                        "error": sub.n_error,
                        "warning": sub.n_warning,
                        "info": sub.n_info,
                    },
                    "updated_at": sub.updated_at if sub else None,
                    "url": f"/units/{unit.id}/{year}",
                }
                for unit, dept, sub in rows
            ],
        },
    )


ROUTES = [Page("/review", dashboard, login=True)]
