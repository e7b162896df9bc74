"""Signing in and out, and the home page."""

from __future__ import annotations

from sqlalchemy import func, select
from starlette.responses import Response

from juesuan_web import security, workflow
from juesuan_web.framework import (
    Ctx,
    Page,
)
from juesuan_web.models import (
    ADMIN,
    BUREAU_REVIEWER,
    DEPT_REVIEWER,
    FILLER,
    PublishedVersion,
    User,
    now,
)


def _home_for(user: User, year: int) -> str:
    if user.role == FILLER and user.org_id:
        return f"/units/{user.org_id}/{year}"
    if user.role in (DEPT_REVIEWER, BUREAU_REVIEWER):
        return "/review"
    if user.role == ADMIN:
        return "/admin"
    return "/"


def _safe_next(target: str) -> str | None:
    if target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None


def home(ctx: Ctx) -> Response:
    """The home page: what the platform is, where the signed-in user works, how many reports are public."""
    return ctx.render(
        "home.html",
        {
            "title": "部门决算公开工作平台",
            "home": _home_for(ctx.user, ctx.settings.year) if ctx.user else None,
            "published": ctx.db.scalar(
                select(func.count())
                .select_from(PublishedVersion)
                .where(PublishedVersion.superseded_at.is_(None))
            ),
        },
    )


def login_page(ctx: Ctx) -> Response:
    """The sign-in form (GET) and signing in (POST; throttled per user name and address, per user name,
    and — higher — per address)."""
    next_url = ctx.request.query_params.get("next", "") if ctx.form is None else ctx.field("next")
    if ctx.request.method == "GET":
        return ctx.render("login.html", {"title": "登录", "next": _safe_next(next_url) or "", "error": None})
    username = ctx.field("username").strip()[:64]
    password = ctx.field("password")
    s = ctx.settings
    if security.throttled(
        ctx.db,
        username,
        ctx.ip,
        s.login_max_failures,
        s.login_max_failures_user,
        s.login_max_failures_ip,
        s.login_window_minutes,
    ):
        return ctx.render(
            "login.html",
            {
                "title": "登录",
                "next": next_url,
                "error": f"登录失败次数过多，请 {s.login_window_minutes} 分钟后再试",
                "username": username,
            },
            429,
        )
    user = ctx.db.scalar(select(User).where(User.username == username))
    stored = user.password_hash if user is not None and user.active else None
    if not security.verify_password(stored, password, s.fast_password_hash) or user is None:
        security.record_failure(ctx.db, username, ctx.ip)
        return ctx.render(
            "login.html",
            {"title": "登录", "next": next_url, "error": "用户名或密码错误", "username": username},
            400,
        )
    security.end_session(ctx.db, ctx.request.cookies.get(security.SESSION_COOKIE))
    token = security.start_session(ctx.db, user, s.session_hours)
    user.last_login_at = now()
    ctx.user = user
    workflow.audit(ctx.db, user, "login", "user", user.id, None, None, ctx.ip)
    ctx.cookies.append((security.SESSION_COOKIE, token))
    return ctx.done(_safe_next(next_url) or _home_for(user, s.year), {"user": ctx.me()})


def logout(ctx: Ctx) -> Response:
    """Sign out: the session ends on the server and its cookie is removed."""
    security.end_session(ctx.db, ctx.request.cookies.get(security.SESSION_COOKIE))
    ctx.cookies.append((security.SESSION_COOKIE, None))
    return ctx.done("/")


ROUTES = [
    Page("/", home),
    Page("/login", login_page, methods=("GET", "POST")),
    Page("/logout", logout, methods=("POST",)),
]
