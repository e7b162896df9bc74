"""Notices and reminders: the user's inbox (``/notices``), marking read, the 催报 to overdue units
(reviewers from the dashboard, administrators from the settings page) and the administrator's SMTP page
(``/admin/mail``) with a test message. See :mod:`juesuan_web.notices` and :mod:`juesuan_web.mailer`.
"""

from __future__ import annotations

from datetime import UTC, datetime, time
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import aliased
from starlette.responses import Response

from juesuan_web import mailer, notices, workflow
from juesuan_web.framework import Ctx, HTTPError, Page, known_year, require
from juesuan_web.models import DEPT_REVIEWER, NOT_STARTED, Notice, Org, Submission, User
from juesuan_web.progress import Pager
from juesuan_web.views import review
from juesuan_web.views import settings as deadlines

# --------------------------------------------------------------------------- the inbox


def _me(ctx: Ctx) -> User:
    """The signed-in user (every route here needs one)."""
    if ctx.user is None:
        raise HTTPError(401, "请先登录")
    return ctx.user


def _notice_dict(n: Notice) -> dict[str, Any]:
    return {
        "id": n.id,
        "kind": n.kind,
        "kind_label": notices.KIND_LABELS.get(n.kind, n.kind),
        "title": n.title,
        "body": n.body,
        "url": n.url,
        "year": n.year,
        "unit_id": n.unit_id,
        "created_at": n.created_at,
        "read": n.read_at is not None,
        "read_at": n.read_at,
        "mail_status": n.mail_status,
    }


def inbox_page(ctx: Ctx) -> Response:
    """The signed-in user's notices, newest first, 50 a page (``?unread=1``: only the unread)."""
    q = ctx.request.query_params
    unread_only = q.get("unread") == "1"
    me = _me(ctx)
    _, total = notices.inbox(ctx.db, me, 1, unread_only)
    pager = Pager.of(q.get("page", ""), total, notices.PER_PAGE)
    rows, _ = notices.inbox(ctx.db, me, pager.page, unread_only)
    base = "/notices?unread=1&" if unread_only else "/notices?"
    return ctx.render(
        "notices.html",
        {
            "title": "通知",
            "notices": [_notice_dict(n) for n in rows],
            "unread": notices.unread_count(ctx.db, ctx.user),
            "unread_only": unread_only,
            "pagination": pager.info(lambda n: f"{base}page={n}"),
        },
    )


def read_one(ctx: Ctx, notice_id: int) -> Response:
    """Mark one notice read; with ``open=1`` go on to the page it is about."""
    me = _me(ctx)
    notice = ctx.db.get(Notice, notice_id)
    if notice is None or notice.user_id != me.id:
        raise HTTPError(404, "未找到该通知")
    notices.mark_read(ctx.db, me, notice.id)
    target = notice.url if ctx.field("open") == "1" and notice.url.startswith("/") else "/notices"
    return ctx.done(target, {"unread": notices.unread_count(ctx.db, ctx.user)})


def read_all(ctx: Ctx) -> Response:
    """Mark every notice of the user read."""
    changed = notices.mark_read(ctx.db, _me(ctx))
    return ctx.done("/notices", {"marked": changed, "unread": 0}, "notices_read", count=changed)


# --------------------------------------------------------------------------- reminders (催报)


def overdue_units(ctx: Ctx, year: int, dept_code: str) -> list[Org]:
    """The units in the user's scope (and department ``dept_code``) that have not submitted ``year``'s
    决算: not started, a draft or returned (the caller checks that the deadline has passed)."""
    Dept = aliased(Org)
    stmt = (
        select(Org)
        .join(Dept, Org.parent_id == Dept.id)
        .outerjoin(Submission, and_(Submission.unit_id == Org.id, Submission.year == year))
        .where(Org.kind == "unit")
        .where(or_(Submission.id.is_(None), Submission.state.in_(deadlines.OVERDUE_STATES - {NOT_STARTED})))
        .order_by(Org.code)
    )
    me = _me(ctx)
    if me.role == DEPT_REVIEWER:
        stmt = stmt.where(Org.parent_id == me.org_id)
    if dept_code:
        stmt = stmt.where(Dept.code == dept_code)
    return list(ctx.db.scalars(stmt))


def _back(ctx: Ctx, year: int, dept: str) -> str:
    if workflow.is_reviewer(ctx.user):
        return f"/review?year={year}" + (f"&dept={dept}" if dept else "")
    return f"/admin/settings?year={year}"


def remind(ctx: Ctx) -> Response:
    """催报: a notice (and e-mail) to the 填报人 of every overdue unit of ``year`` in the user's scope
    (``dept``: one department). A unit reminded today already is not reminded twice the same day."""
    require(workflow.is_reviewer(ctx.user) or workflow.is_admin(ctx.user))
    text = ctx.field("year").strip()
    year = known_year(ctx, int(text)) if text.isdigit() and len(text) == 4 else ctx.settings.year
    dept = ctx.field("dept").strip()
    due = deadlines.deadline(ctx.db, year)
    on = deadlines.today()
    if due is None:
        raise HTTPError(409, f"{year}年度尚未设置报送截止日期，没有逾期单位可催报")
    if on <= due:
        raise HTTPError(409, f"{year}年度的报送截止日期（{due.isoformat()}）尚未过，没有逾期单位可催报")
    units = overdue_units(ctx, year, dept)
    since = datetime.combine(on, time.min).astimezone().astimezone(UTC)  # local midnight
    already = notices.reminded_since(ctx.db, [u.id for u in units], year, since)
    fillers = notices.unit_fillers(ctx.db, [u.id for u in units])
    reached: list[str] = []
    nobody: list[str] = []
    users = 0
    for unit in units:
        if unit.id in already:
            continue
        n = notices.notify(
            ctx.db,
            fillers[unit.id],
            "remind",
            unit,
            year,
            ctx.user,
            f"/units/{unit.id}/{year}",
            deadline=due.isoformat(),
            days=(on - due).days,
        )
        users += n
        (reached if n else nobody).append(unit.code)
    result = {
        "year": year,
        "department": dept or None,
        "overdue": len(units),
        "units": reached,
        "users": users,
        "skipped": len(already),
        "without_filler": nobody,
    }
    workflow.audit(ctx.db, ctx.user, "remind", "submission", None, None, result, ctx.ip)
    return ctx.done(
        _back(ctx, year, dept),
        result,
        "reminded",
        units=len(reached),
        users=users,
        skipped=len(already),
        nobody=len(nobody),
        overdue=len(units),
    )


# --------------------------------------------------------------------------- the SMTP settings


def mail_page(ctx: Ctx, test_result: dict[str, Any] | None = None) -> Response:
    """The administrator's e-mail settings: SMTP server, sender, encryption, the site's address; whether
    the password is set in the environment; recent delivery failures."""
    require(workflow.is_admin(ctx.user))
    values = mailer.stored(ctx.db)
    values["security"] = values["security"] or "starttls"
    failures = [
        {
            "id": n.id,
            "at": n.mailed_at or n.created_at,
            "title": n.title,
            "user": name,
            "error": n.mail_error or "",
        }
        for n, name in mailer.recent_failures(ctx.db)
    ]
    return ctx.render(
        "admin_mail.html",
        {
            "title": "邮件通知设置",
            "settings": values,
            "configured": bool(values["host"]),
            "securities": mailer.SECURITY,
            "password_env": mailer.PASSWORD_ENV,
            "password_set": mailer.password_set(),
            "failures": failures,
            "own_email": _me(ctx).email or "",
        },
    )


def mail_save(ctx: Ctx) -> Response:
    """Save the SMTP settings (an empty server turns e-mail off); audit-logged, never a password."""
    require(workflow.is_admin(ctx.user))
    try:
        values = mailer.parse_form({k: ctx.field(k) for k in mailer.FIELDS})
    except mailer.InvalidSetting as exc:
        raise HTTPError(400, str(exc), exc.field) from None
    before, after = mailer.save(ctx.db, values)
    if before != after:
        workflow.audit(ctx.db, ctx.user, "set_mail", "setting", None, before, after, ctx.ip)
    return ctx.done("/admin/mail", {"settings": after}, "mail_saved", on=bool(after["host"]))


def mail_test(ctx: Ctx) -> Response:
    """Send a test message now to ``to`` and say whether it went (the reason when not)."""
    require(workflow.is_admin(ctx.user))
    to = ctx.field("to").strip()
    if not mailer.valid_address(to):
        raise HTTPError(400, "请填写有效的收件人电子邮件地址", "to")
    config = mailer.load(ctx.db)
    if config is None:
        raise HTTPError(409, "尚未设置邮件服务器，请先填写并保存上方的设置", "to")
    msg = mailer.compose(
        config,
        to,
        "测试邮件",
        f"这是决算公开平台发送的测试邮件（由 {notices.display_name(ctx.user)} 发送）。",
        "/notices",
    )
    try:
        mailer.send_one(config, msg)
    except mailer.MailError as exc:
        workflow.audit(
            ctx.db,
            ctx.user,
            "test_mail",
            "setting",
            None,
            None,
            {"to": to, "sent": False, "error": str(exc)},
            ctx.ip,
        )
        ctx.db.commit()  # the attempt stays in the audit log although the page reports a failure
        raise HTTPError(502, f"测试邮件发送失败：{exc}", "to") from None
    workflow.audit(ctx.db, ctx.user, "test_mail", "setting", None, None, {"to": to, "sent": True}, ctx.ip)
    return ctx.done("/admin/mail", {"sent": True, "to": to}, "mail_tested", to=to)


ROUTES = [
    Page("/notices", inbox_page, login=True),
    Page("/notices/read", read_all, login=True, methods=("POST",), max_files=0, form=inbox_page),
    Page(
        "/notices/{notice_id:int}/read", read_one, login=True, methods=("POST",), max_files=0, form=inbox_page
    ),
    Page("/notices/remind", remind, login=True, methods=("POST",), max_files=0, form=review.dashboard),
    Page("/admin/mail", mail_page, login=True),
    Page("/admin/mail", mail_save, login=True, methods=("POST",), max_files=0, form=mail_page),
    Page("/admin/mail/test", mail_test, login=True, methods=("POST",), max_files=0, form=mail_page),
]
