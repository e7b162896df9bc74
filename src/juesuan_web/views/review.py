"""The reviewers' dashboard: every unit of the year with its state, finding counts and whether it is overdue.

``listing`` computes the rows from the query string (filters and sort); the page, its JSON twin and the
CSV/XLSX exports (``views/exports.py``) all use it, so an export is exactly the list on the screen.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any
from urllib.parse import urlencode

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased
from starlette.datastructures import QueryParams
from starlette.responses import Response

from juesuan_web import mailer, progress, workflow
from juesuan_web.framework import (
    Ctx,
    Page,
    aware,
    org_dict,
    require,
)
from juesuan_web.models import (
    DEPT_REVIEWER,
    NOT_STARTED,
    STATE_LABELS,
    Org,
    Submission,
    counts_of,
)
from juesuan_web.views import settings as deadlines

SORTS = {
    "code": lambda r: (r.dept_code, r.code),
    "state": lambda r: (r.state or "", r.code),
    "errors": lambda r: (-((r.n_fatal + r.n_error) if r.state else 0), r.code),
    "updated": lambda r: (-(aware(r.updated_at).timestamp() if r.state else 0), r.code),
}
SORT_LABELS = {"code": "代码", "state": "状态", "errors": "错误数", "updated": "最近更新"}


@dataclass(frozen=True)
class Filters:
    """The dashboard's query string, validated: unknown values fall back to the defaults."""

    year: int
    state: str = ""
    dept: str = ""
    q: str = ""
    errors: bool = False
    overdue: bool = False
    sort: str = "code"

    @classmethod
    def parse(cls, q: QueryParams, default_year: int) -> Filters:
        return cls(
            year=int(q["year"]) if q.get("year", "").isdigit() and len(q["year"]) == 4 else default_year,
            state=q.get("state", "") if q.get("state", "") in STATE_LABELS else "",
            dept=q.get("dept", ""),
            q=q.get("q", "").strip(),
            errors=q.get("errors") == "1",
            overdue=q.get("overdue") == "1",
            sort=q.get("sort", "code") if q.get("sort") in SORTS else "code",
        )

    def params(self) -> dict[str, str]:
        """The filters as query parameters (empty ones left out by the ``qs`` template filter)."""
        return {
            "year": str(self.year),
            "state": self.state,
            "dept": self.dept,
            "q": self.q,
            "errors": "1" if self.errors else "",
            "overdue": "1" if self.overdue else "",
            "sort": self.sort,
        }


@dataclass
class Listing:
    filters: Filters
    deadline: date | None
    today: date
    facets: dict[str, int]  # units by state, and "overdue", before the state/errors/overdue filters
    rows: list[dict[str, Any]]
    departments: list[Org]


def listing(ctx: Ctx) -> Listing:
    """The units the reviewer sees under the current filters and sort (the one query of the dashboard)."""
    require(workflow.is_reviewer(ctx.user))
    f = Filters.parse(ctx.request.query_params, ctx.settings.year)
    due = deadlines.deadline(ctx.db, f.year)
    on = deadlines.today()
    Dept = aliased(Org)
    # plain columns, not ORM objects: the dashboard lists hundreds of units on every request
    stmt = (
        select(
            Org.id,
            Org.code,
            Org.name,
            Org.kind,
            Org.unit_type,
            Dept.id.label("dept_id"),
            Dept.code.label("dept_code"),
            Dept.name.label("dept_name"),
            Dept.kind.label("dept_kind"),
            Dept.unit_type.label("dept_unit_type"),
            Submission.state,
            Submission.n_fatal,
            Submission.n_error,
            Submission.n_warning,
            Submission.n_info,
            Submission.updated_at,
        )
        .join(Dept, Org.parent_id == Dept.id)
        .outerjoin(Submission, and_(Submission.unit_id == Org.id, Submission.year == f.year))
        .where(Org.kind == "unit")
    )
    if ctx.user.role == DEPT_REVIEWER:
        stmt = stmt.where(Org.parent_id == ctx.user.org_id)
    if f.dept:
        stmt = stmt.where(Dept.code == f.dept)
    if f.q:
        like = f"%{f.q}%"
        stmt = stmt.where(or_(Org.name.like(like), Org.code.like(like), Dept.name.like(like)))
    found = []
    facets: dict[str, int] = dict.fromkeys(STATE_LABELS, 0) | {"overdue": 0}
    for r in ctx.db.execute(stmt).all():
        state = r.state or NOT_STARTED
        overdue = deadlines.is_overdue(state, due, on)
        facets[state] += 1
        facets["overdue"] += overdue
        if f.state and state != f.state:
            continue
        if f.errors and (r.state is None or r.n_fatal + r.n_error == 0):
            continue
        if f.overdue and not overdue:
            continue
        found.append((r, overdue))
    found.sort(key=lambda item: SORTS[f.sort](item[0]))
    departments = list(ctx.db.scalars(select(Org).where(Org.kind == "department").order_by(Org.code)))
    if ctx.user.role == DEPT_REVIEWER:
        departments = [d for d in departments if d.id == ctx.user.org_id]
    rows = [_row(r, overdue, f.year) for r, overdue in found]
    return Listing(f, due, on, facets, rows, departments)


def _row(r: Any, overdue: bool, year: int) -> dict[str, Any]:
    state = r.state or NOT_STARTED
    updated = aware(r.updated_at) if r.state else None
    return {
        "unit": {"id": r.id, "code": r.code, "name": r.name, "kind": r.kind, "unit_type": r.unit_type},
        "department": {
            "id": r.dept_id,
            "code": r.dept_code,
            "name": r.dept_name,
            "kind": r.dept_kind,
            "unit_type": r.dept_unit_type,
        },
        "state": state,
        "state_label": STATE_LABELS[state],
        "counts": None if r.state is None else counts_of(r),
        "overdue": overdue,
        "updated_at": updated,
        "updated": updated.astimezone().isoformat(" ", "minutes")[:16] if updated else "",  # local time
        "url": f"/units/{r.id}/{year}",
    }


def dashboard(ctx: Ctx) -> Response:
    """The reviewers' dashboard: units in scope with state, finding counts and 逾期 (filters in the query)."""
    found = listing(ctx)
    f = found.filters
    query = f.params()
    link = query | {"sort": "" if f.sort == "code" else f.sort}  # the links leave the default out
    zip_query = {"year": str(f.year), "dept": f.dept}
    pager = progress.Pager.of(ctx.request.query_params.get("page", ""), len(found.rows))
    late = found.deadline is not None and found.today > found.deadline
    return ctx.render(
        "dashboard.html",
        {
            "title": f"审核工作台 {f.year}年度",
            "year": f.year,
            "filters": query,
            "facets": found.facets,
            "sorts": SORT_LABELS,
            "today": found.today.isoformat(),
            "deadline": deadlines.deadline_info(found.deadline, found.today),
            "sets_deadline": deadlines.sets_deadline(ctx.user),
            "departments": [org_dict(d) for d in found.departments],
            "links": {
                "csv": "/review/export.csv?" + _qs(link),
                "xlsx": "/review/export.xlsx?" + _qs(link),
                "zip": "/review/published.zip?" + _qs(zip_query),
                "overdue": "/review?" + _qs(link | {"overdue": "1"}),
                "settings": f"/admin/settings?year={f.year}",
            },
            "units": pager.window(found.rows),
            "total": pager.total,
            "page": pager.page,
            "pagination": pager.info(lambda n: "/review?" + _qs(link | {"page": str(n) if n > 1 else ""})),
            "progress": progress.by_department(
                ctx.db, ctx.user, f.year, f.dept, late, deadlines.OVERDUE_STATES
            ),
            "remind": {
                "year": f.year,
                "dept": f.dept,
                "late": late,
                "query": _qs(zip_query),
                "mail": mailer.configured(ctx.db),
            },
        },
    )


def _qs(params: dict[str, str]) -> str:
    return urlencode({k: v for k, v in params.items() if v})


ROUTES = [Page("/review", dashboard, login=True)]
