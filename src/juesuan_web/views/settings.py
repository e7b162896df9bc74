"""The settings page of the workflow: the 报送截止日期 of each year (stored by :mod:`juesuan_web.deadlines`).

A deadline is a date in the server's local calendar. A unit is overdue (逾期) once the deadline has passed
(the day after it) while its submission is not yet with the reviewers: not started, a draft or returned.
``today`` is the one clock every page asks; tests monkeypatch it (or ``models.now``).
"""

from __future__ import annotations

from datetime import date

from starlette.responses import Response

from juesuan_web import models, workflow
from juesuan_web.deadlines import (
    ISO_DATE,
    MAX_YEAR,
    MIN_YEAR,
    all_deadlines,
    deadline,
    deadline_key,
)
from juesuan_web.framework import Ctx, Page, require
from juesuan_web.models import ADMIN, BUREAU_REVIEWER, DRAFT, NOT_STARTED, RETURNED, AppSetting, User

OVERDUE_STATES = frozenset({NOT_STARTED, DRAFT, RETURNED})


def today() -> date:
    """The server's local date (the clock of deadlines; tests replace it)."""
    return models.now().astimezone().date()


def sets_deadline(user: User | None) -> bool:
    return user is not None and user.role in (ADMIN, BUREAU_REVIEWER)


def is_overdue(state: str, due: date | None, on: date) -> bool:
    """Overdue: the deadline has passed and the unit has not yet submitted."""
    return due is not None and on > due and state in OVERDUE_STATES


def deadline_info(due: date | None, on: date) -> dict[str, object] | None:
    """What the pages show about a deadline: the date, whether it has passed, the days left."""
    if due is None:
        return None
    return {"date": due.isoformat(), "passed": on > due, "days_left": (due - on).days}


class InvalidInput(ValueError):
    """A form value that cannot be used; the message is shown to the user."""


def parse_year(text: str) -> int:
    text = text.strip()
    if not text.isdigit() or not MIN_YEAR <= int(text) <= MAX_YEAR:
        raise InvalidInput(f"年度应为 {MIN_YEAR} 至 {MAX_YEAR} 之间的四位数字")
    return int(text)


def parse_deadline(text: str) -> date | None:
    """A date written 年-月-日 (e.g. 2025-05-31); empty means no deadline."""
    text = text.strip()
    if not text:
        return None
    if not ISO_DATE.match(text):
        raise InvalidInput(f"截止日期“{text[:40]}”格式不正确，请按“年-月-日”填写，例如 2025-05-31")
    try:
        value = date.fromisoformat(text)
    except ValueError:
        raise InvalidInput(f"截止日期“{text}”不是有效的日期") from None
    if not MIN_YEAR <= value.year <= MAX_YEAR:
        raise InvalidInput(f"截止日期应在 {MIN_YEAR} 年至 {MAX_YEAR} 年之间")
    return value


# --------------------------------------------------------------------------- the page


def _page(ctx: Ctx, form: dict[str, str], error: str = "", status: int = 200) -> Response:
    on = today()
    return ctx.render(
        "settings.html",
        {
            "title": "系统设置",
            "today": on.isoformat(),
            "current_year": ctx.settings.year,
            "deadlines": [
                {"year": y, **(deadline_info(d, on) or {})} for y, d in all_deadlines(ctx.db).items()
            ],
            "form": form,
            "error": error,
        },
        status,
    )


def settings_page(ctx: Ctx) -> Response:
    """The settings page: the 报送截止日期 of each year (管理员 and 财政局审核人)."""
    require(sets_deadline(ctx.user))
    year = ctx.settings.year
    q = ctx.request.query_params
    if q.get("year", "").isdigit() and MIN_YEAR <= int(q["year"]) <= MAX_YEAR:
        year = int(q["year"])
    due = deadline(ctx.db, year)
    return _page(ctx, {"year": str(year), "deadline": due.isoformat() if due else ""})


def settings_save(ctx: Ctx) -> Response:
    """Set or clear (empty ``deadline``) the 报送截止日期 of ``year``; the change is audit-logged."""
    require(sets_deadline(ctx.user))
    form = {"year": ctx.field("year").strip(), "deadline": ctx.field("deadline").strip()}
    try:
        year = parse_year(form["year"])
        value = parse_deadline(form["deadline"])
    except InvalidInput as exc:
        return _page(ctx, form, str(exc), 400)
    key = deadline_key(year)
    row = ctx.db.get(AppSetting, key)
    before = row.value if row is not None else None
    after = value.isoformat() if value is not None else None
    if before != after:
        if after is None:
            ctx.db.delete(row)
        elif row is None:
            ctx.db.add(AppSetting(key=key, value=after))
        else:
            row.value = after
        ctx.db.flush()
        workflow.audit(
            ctx.db,
            ctx.user,
            "set_deadline",
            "setting",
            None,
            {"key": key, "year": year, "deadline": before},
            {"key": key, "year": year, "deadline": after},
            ctx.ip,
        )
    return ctx.done(
        f"/admin/settings?year={year}",
        {"year": year, "deadline": after},
        "deadline_saved",
        year=year,
        deadline=after,
    )


ROUTES = [
    Page("/admin/settings", settings_page, login=True),
    Page("/admin/settings", settings_save, login=True, methods=("POST",), form=settings_page),
]
