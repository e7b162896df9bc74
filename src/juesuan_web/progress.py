"""Progress at a glance: how many units of each department are in each state (one grouped query), with the
shares a bar draws; a page of a long list; and a unit's deadline as its own page tells it.

The dashboard (``views/review.py``) shows the progress above its list and pages the list; the unit's page
shows the deadline and the days left, or how many days it is overdue.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date
from typing import Any, TypeVar

from sqlalchemy import and_, func, select
from sqlalchemy.orm import Session, aliased

from juesuan_web.models import DEPT_REVIEWER, NOT_STARTED, STATE_LABELS, Org, Submission, User

PER_PAGE = 50
T = TypeVar("T")
# the bar's order: from the work done to the work not begun
BAR_ORDER = ("published", "approved", "submitted", "returned", "draft", NOT_STARTED)


def _half_up_percent(part: int, total: int, places: int = 0) -> str:
    """``part`` of ``total`` as a percentage to ``places`` decimals, rounded half up (四舍五入) in integers,
    as every shown figure is (Python's ``round`` rounds half to even: 1 of 8 would show 12%, not 13%)."""
    scale = 10**places
    n = (200 * scale * part + total) // (2 * total) if total else 0
    return f"{n // scale}.{n % scale:0{places}d}" if places else str(n)


def _bar(counts: dict[str, int], total: int) -> list[dict[str, Any]]:
    return [
        {
            "state": s,
            "label": STATE_LABELS[s],
            "count": counts[s],
            "percent": round(100 * counts[s] / total, 2) if total else 0,  # the segment's width (CSS)
            "percent_label": _half_up_percent(counts[s], total, 1),
        }
        for s in BAR_ORDER
        if counts[s]
    ]


def _row(
    dept: dict[str, Any] | None, counts: dict[str, int], overdue_states: frozenset[str], late: bool
) -> dict[str, Any]:
    total = sum(counts.values())
    return {
        "department": dept,
        "total": total,
        "counts": counts,
        "overdue": sum(counts[s] for s in overdue_states) if late else 0,
        "published_percent": int(_half_up_percent(counts["published"], total)),
        "bar": _bar(counts, total),
    }


def by_department(
    db: Session, user: User, year: int, dept_code: str, late: bool, overdue_states: frozenset[str]
) -> dict[str, Any]:
    """Units by department and state in the user's scope (and the ``dept_code`` filter): a row per
    department and one for all; ``late``: the deadline has passed, so units not yet submitted count as
    overdue."""
    Dept = aliased(Org)
    stmt = (
        select(Dept.id, Dept.code, Dept.name, Submission.state, func.count(Org.id))
        .select_from(Org)
        .join(Dept, Org.parent_id == Dept.id)
        .outerjoin(Submission, and_(Submission.unit_id == Org.id, Submission.year == year))
        .where(Org.kind == "unit")
        .group_by(Dept.id, Dept.code, Dept.name, Submission.state)
    )
    if user.role == DEPT_REVIEWER:
        stmt = stmt.where(Org.parent_id == user.org_id)
    if dept_code:
        stmt = stmt.where(Dept.code == dept_code)
    depts: dict[int, dict[str, Any]] = {}
    counts: dict[int, dict[str, int]] = {}
    overall = dict.fromkeys(STATE_LABELS, 0)
    for dept_id, code, name, state, n in db.execute(stmt).all():
        depts[dept_id] = {"id": dept_id, "code": code, "name": name}
        per = counts.setdefault(dept_id, dict.fromkeys(STATE_LABELS, 0))
        per[state or NOT_STARTED] += n
        overall[state or NOT_STARTED] += n
    rows = [
        _row(depts[i], counts[i], overdue_states, late) for i in sorted(depts, key=lambda i: depts[i]["code"])
    ]
    return {"departments": rows, "all": _row(None, overall, overdue_states, late), "order": list(BAR_ORDER)}


@dataclass(frozen=True)
class Pager:
    page: int
    pages: int
    total: int
    per_page: int = PER_PAGE

    @classmethod
    def of(cls, requested: str, total: int, per_page: int = PER_PAGE) -> Pager:
        pages = max(1, -(-total // per_page))
        page = int(requested) if requested.isdigit() else 1
        return cls(min(max(page, 1), pages), pages, total, per_page)

    def window(self, items: list[T]) -> list[T]:
        start = (self.page - 1) * self.per_page
        return items[start : start + self.per_page]

    def info(self, link: Any) -> dict[str, Any]:
        """What the page and its JSON twin say: the counts, and the links (``link(n)`` is page n's URL)."""
        first = (self.page - 1) * self.per_page + 1 if self.total else 0
        return {
            "page": self.page,
            "pages": self.pages,
            "per_page": self.per_page,
            "total": self.total,
            "first": first,
            "last": min(self.page * self.per_page, self.total),
            "prev": link(self.page - 1) if self.page > 1 else None,
            "next": link(self.page + 1) if self.page < self.pages else None,
            "numbers": [
                {"n": n, "url": link(n), "current": n == self.page} for n in _numbers(self.page, self.pages)
            ],
        }


def _numbers(page: int, pages: int) -> list[int]:
    """The page numbers a pager links to: the first, the last and two on each side of the current."""
    wanted = {1, pages} | set(range(page - 2, page + 3))
    return sorted(n for n in wanted if 1 <= n <= pages)


def unit_deadline(
    due: date | None, on: date, state: str, overdue_states: frozenset[str]
) -> dict[str, Any] | None:
    """The deadline as a unit's page shows it: the date, and the days left, or the days overdue while the
    unit has not submitted (None when no deadline is set)."""
    if due is None:
        return None
    days = (due - on).days
    return {
        "date": due.isoformat(),
        "days_left": max(days, 0),
        "passed": days < 0,
        "overdue_days": -days if days < 0 and state in overdue_states else 0,
        "submitted": state not in overdue_states,
    }
