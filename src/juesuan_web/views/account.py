"""The signed-in user's own account: the profile and a change of password."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.responses import Response

from juesuan_web import security, workflow
from juesuan_web.framework import Ctx, Page, aware, org_dict
from juesuan_web.models import ROLES, Org, WebSession, now
from juesuan_web.views.admin import MIN_PASSWORD, end_user_sessions


def _account_data(ctx: Ctx, error: str | None = None, status: int = 200) -> dict[str, Any]:
    user = ctx.user
    assert user is not None  # the page requires a signed-in user
    current = ctx.request.cookies.get(security.SESSION_COOKIE)
    current_hash = security.token_hash(current) if current else ""
    others = [
        s
        for s in ctx.db.scalars(select(WebSession).where(WebSession.user_id == user.id))
        if s.token_hash != current_hash and aware(s.expires_at) >= now()
    ]
    data: dict[str, Any] = {
        "title": "账户",
        "account": {
            "id": user.id,
            "username": user.username,
            "display_name": user.display_name,
            "role": user.role,
            "role_label": ROLES.get(user.role, user.role),
            "org": org_dict(ctx.db.get(Org, user.org_id)) if user.org_id else None,
            "created_at": user.created_at,
            "last_login_at": user.last_login_at,
            "other_sessions": len(others),
        },
        "min_password": MIN_PASSWORD,
        "changed": ctx.request.query_params.get("changed") == "1" and error is None,
        "error": error,
    }
    if error is not None:
        data["status"] = status
    return data


def account_page(ctx: Ctx) -> Response:
    """The signed-in user's account: profile, other open sessions, and the form to change the password."""
    return ctx.render("account.html", _account_data(ctx))


def account_password(ctx: Ctx) -> Response:
    """Change one's own password. The current password is required (failures count towards the login
    throttle); the user's other sessions end, the current one stays signed in."""
    user = ctx.user
    assert user is not None
    s = ctx.settings

    def refuse(message: str, status: int = 400) -> Response:
        return ctx.render("account.html", _account_data(ctx, message, status), status)

    if security.throttled(
        ctx.db,
        user.username,
        ctx.ip,
        s.login_max_failures,
        s.login_max_failures_user,
        s.login_max_failures_ip,
        s.login_window_minutes,
    ):
        return refuse(f"密码验证失败次数过多，请 {s.login_window_minutes} 分钟后再试", 429)
    current = ctx.field("current_password")
    if not security.verify_password(user.password_hash, current, s.fast_password_hash):
        security.record_failure(ctx.db, user.username, ctx.ip)
        return refuse("当前密码不正确")
    new = ctx.field("new_password")
    if len(new) < MIN_PASSWORD:
        return refuse(f"新密码至少 {MIN_PASSWORD} 位")
    if new != ctx.field("confirm_password"):
        return refuse("两次输入的新密码不一致")
    if new == current:
        return refuse("新密码不能与当前密码相同")
    user.password_hash = security.hash_password(new, s.fast_password_hash)
    ended = end_user_sessions(ctx.db, user.id, keep_token=ctx.request.cookies.get(security.SESSION_COOKIE))
    workflow.audit(
        ctx.db,
        user,
        "change_password",
        "user",
        user.id,
        {"username": user.username, "other_sessions": ended},
        {"username": user.username, "other_sessions": 0, "password_changed": True},
        ctx.ip,
    )
    return ctx.done("/account?changed=1", {"other_sessions_ended": ended})


ROUTES = [
    Page("/account", account_page, login=True),
    Page(
        "/account/password", account_password, login=True, methods=("POST",), max_files=0, form=account_page
    ),
]
