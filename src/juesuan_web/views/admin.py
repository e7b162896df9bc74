"""Administration: users and the organisation."""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.orm import Session
from starlette.responses import Response

from juesuan_web import mailer, security, workflow
from juesuan_web import org as orgmod
from juesuan_web.framework import (
    Ctx,
    HTTPError,
    Page,
    org_dict,
    require,
)
from juesuan_web.models import (
    ADMIN,
    DEPT_REVIEWER,
    FILLER,
    ROLES,
    AuditEntry,
    Org,
    User,
    WebSession,
)

MIN_PASSWORD = 8
# The kind of organisation a role must belong to; other roles belong to none.
ROLE_ORG_KIND = {FILLER: "unit", DEPT_REVIEWER: "department"}


# --------------------------------------------------------------------------- shared helpers


def check_password(password: str) -> None:
    """The rule every new password follows (creation, reset, own change)."""
    if len(password) < MIN_PASSWORD:
        raise HTTPError(400, f"密码至少 {MIN_PASSWORD} 位", "password")


def org_for_role(db: Session, role: str, org_code: str) -> Org | None:
    """The organisation a user of this role belongs to: a unit for 填报人, a department for 部门审核人,
    none for the other roles (a code given for them is ignored)."""
    if role not in ROLES:
        raise HTTPError(400, "角色无效", "role")
    need = ROLE_ORG_KIND.get(role)
    if need is None:
        return None
    org = db.scalar(select(Org).where(Org.code == org_code)) if org_code else None
    if org is None or org.kind != need:
        raise HTTPError(400, f"{ROLES[role]}需要指定所属{'单位' if need == 'unit' else '部门'}的代码", "org")
    return org


def end_user_sessions(db: Session, user_id: int, keep_token: str | None = None) -> int:
    """Delete the user's login sessions (all, or all but the one whose cookie is ``keep_token``): the
    cookies they belong to stop working at once. Returns how many were ended."""
    stmt = delete(WebSession).where(WebSession.user_id == user_id)
    if keep_token:
        stmt = stmt.where(WebSession.token_hash != security.token_hash(keep_token))
    result = db.execute(stmt.execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)


def count_sessions(db: Session, user_id: int) -> int:
    return len(list(db.scalars(select(WebSession.id).where(WebSession.user_id == user_id))))


def guard_admin_removal(db: Session, actor: User, target: User) -> None:
    """Refuse to deactivate or demote an active administrator when that would leave no active
    administrator, or when the administrator is the one acting.

    The active administrators' rows are locked (PostgreSQL) in id order, so two administrators who
    deactivate each other at the same moment cannot both succeed.
    """
    if not (target.active and target.role == ADMIN):
        return
    admins = list(
        db.scalars(
            select(User.id)
            .where(User.role == ADMIN, User.active.is_(True))
            .order_by(User.id)
            .with_for_update()
        )
    )
    if not [i for i in admins if i != target.id]:
        raise HTTPError(409, "该用户是最后一个启用的管理员，不能停用或变更其角色")
    if target.id == actor.id:
        raise HTTPError(409, "不能停用本人账户，也不能变更本人的管理员角色")


def user_snapshot(db: Session, user: User) -> dict[str, Any]:
    """What the audit log records of a user: never the password or its hash."""
    org = db.get(Org, user.org_id) if user.org_id else None
    return {
        "username": user.username,
        "display_name": user.display_name,
        "role": user.role,
        "org": org.code if org else None,
        "active": user.active,
    } | ({"email": user.email} if user.email else {})


def email_field(ctx: Ctx) -> str | None:
    """The form's e-mail address, checked (empty: none)."""
    value = ctx.field("email").strip()
    if value and not mailer.valid_address(value):
        raise HTTPError(400, "电子邮件地址格式不正确，例如 zhangsan@example.gov.cn", "email")
    return value or None


def _user_dict(u: User, orgs: dict[int, Org]) -> dict[str, Any]:
    return {
        "id": u.id,
        "username": u.username,
        "display_name": u.display_name,
        "email": u.email or "",
        "role": u.role,
        "role_label": ROLES.get(u.role, u.role),
        "org": org_dict(orgs.get(u.org_id)) if u.org_id else None,
        "active": u.active,
        "created_at": u.created_at,
        "last_login_at": u.last_login_at,
    }


def _given(ctx: Ctx, name: str) -> bool:
    """Whether the form (or JSON body) carries the field: an edit leaves the fields it omits as they are."""
    return ctx.form is not None and name in ctx.form


def _target(ctx: Ctx, user_id: int) -> User:
    require(workflow.is_admin(ctx.user))
    user = ctx.db.get(User, user_id)
    if user is None:
        raise HTTPError(404, "未找到该用户")
    return user


# --------------------------------------------------------------------------- pages


def admin_page(ctx: Ctx) -> Response:
    """The administration page: organisation import, user creation, the list of users and orgs."""
    require(workflow.is_admin(ctx.user))
    orgs = list(ctx.db.scalars(select(Org).order_by(Org.code)))
    users = list(ctx.db.scalars(select(User).order_by(User.username)))
    by_id = {o.id: o for o in orgs}
    return ctx.render(
        "admin.html",
        {
            "title": "系统管理",
            "orgs": [org_dict(o) | {"parent": by_id[o.parent_id].code if o.parent_id else ""} for o in orgs],
            "users": [_user_dict(u, by_id) for u in users],
        },
    )


def admin_create_user(ctx: Ctx) -> Response:
    """Create a user (username, display name, initial password, role and organisation code)."""
    require(workflow.is_admin(ctx.user))
    username = ctx.field("username").strip()
    password = ctx.field("password")
    role = ctx.field("role")
    if not username or len(username) > 64 or not all(c.isalnum() or c in "._-" for c in username):
        raise HTTPError(400, "用户名只能包含字母、数字和 . _ -", "username")
    check_password(password)
    org = org_for_role(ctx.db, role, ctx.field("org").strip())
    email = email_field(ctx)
    if ctx.db.scalar(select(User).where(User.username == username)) is not None:
        raise HTTPError(409, "用户名已存在", "username")
    user = User(
        username=username,
        display_name=ctx.field("display_name").strip()[:100],
        email=email,
        password_hash=security.hash_password(password, ctx.settings.fast_password_hash),
        role=role,
        org_id=org.id if org else None,
    )
    ctx.db.add(user)
    ctx.db.flush()
    workflow.audit(
        ctx.db,
        ctx.user,
        "create_user",
        "user",
        user.id,
        None,
        {"username": username, "role": role, "org": org.code if org else None},
        ctx.ip,
    )
    return ctx.done("/admin", {"user_id": user.id}, "user_created", username=username)


def admin_user_page(ctx: Ctx, user_id: int) -> Response:
    """One user: profile, state, last login, open sessions and the audit history of the account."""
    user = _target(ctx, user_id)
    orgs = list(ctx.db.scalars(select(Org).where(Org.kind.in_(("unit", "department"))).order_by(Org.code)))
    by_id = {o.id: o for o in orgs}
    if user.org_id and user.org_id not in by_id:
        other = ctx.db.get(Org, user.org_id)
        if other is not None:
            by_id[other.id] = other
    history = [
        {"id": a.id, "at": a.at, "user": a.username, "action": a.action, "before": a.before, "after": a.after}
        for a in ctx.db.scalars(
            select(AuditEntry)
            .where(AuditEntry.object_type == "user", AuditEntry.object_id == user.id)
            .order_by(AuditEntry.id.desc())
            .limit(50)
        )
    ]
    return ctx.render(
        "admin_user.html",
        {
            "title": f"用户：{user.username}",
            "user": _user_dict(user, by_id) | {"sessions": count_sessions(ctx.db, user.id)},
            "is_self": ctx.user is not None and user.id == ctx.user.id,
            "org_choices": [org_dict(o) for o in orgs],
            "min_password": MIN_PASSWORD,
            "history": history,
        },
    )


def admin_update_user(ctx: Ctx, user_id: int) -> Response:
    """Change a user's display name, role and organisation (checked as at creation; omitted fields are
    kept)."""
    user = _target(ctx, user_id)
    before = user_snapshot(ctx.db, user)
    role = ctx.field("role") if _given(ctx, "role") else user.role
    org = org_for_role(ctx.db, role, ctx.field("org").strip() if _given(ctx, "org") else before["org"] or "")
    if role != ADMIN:
        guard_admin_removal(ctx.db, ctx.user, user)
    if _given(ctx, "display_name"):
        user.display_name = ctx.field("display_name").strip()[:100]
    if _given(ctx, "email"):
        user.email = email_field(ctx)
    user.role = role
    user.org_id = org.id if org else None
    after = user_snapshot(ctx.db, user)
    if after != before:
        workflow.audit(ctx.db, ctx.user, "update_user", "user", user.id, before, after, ctx.ip)
    return ctx.done(f"/admin/users/{user.id}", {"user": after}, "user_updated", username=user.username)


def admin_reset_password(ctx: Ctx, user_id: int) -> Response:
    """Set a new password for another user; every session of that user ends at once."""
    user = _target(ctx, user_id)
    if ctx.user is not None and user.id == ctx.user.id:
        raise HTTPError(400, "本人密码请在“账户”页面修改（需要输入当前密码）")
    password = ctx.field("password")
    check_password(password)
    user.password_hash = security.hash_password(password, ctx.settings.fast_password_hash)
    ended = end_user_sessions(ctx.db, user.id)
    workflow.audit(
        ctx.db,
        ctx.user,
        "reset_password",
        "user",
        user.id,
        {"username": user.username, "sessions": ended},
        {"username": user.username, "sessions": 0, "password_changed": True},
        ctx.ip,
    )
    return ctx.done(
        f"/admin/users/{user.id}",
        {"sessions_ended": ended},
        "password_reset",
        username=user.username,
        sessions=ended,
    )


def admin_deactivate_user(ctx: Ctx, user_id: int) -> Response:
    """Deactivate a user: they can no longer sign in and every session of theirs ends at once."""
    user = _target(ctx, user_id)
    if not user.active:
        return ctx.done(f"/admin/users/{user.id}", {"sessions_ended": 0})
    guard_admin_removal(ctx.db, ctx.user, user)
    before = user_snapshot(ctx.db, user)
    user.active = False
    ended = end_user_sessions(ctx.db, user.id)
    after = user_snapshot(ctx.db, user) | {"sessions_ended": ended}
    workflow.audit(ctx.db, ctx.user, "deactivate_user", "user", user.id, before, after, ctx.ip)
    return ctx.done(
        f"/admin/users/{user.id}",
        {"sessions_ended": ended},
        "user_deactivated",
        username=user.username,
        sessions=ended,
    )


def admin_reactivate_user(ctx: Ctx, user_id: int) -> Response:
    """Reactivate a deactivated user (their password is unchanged)."""
    user = _target(ctx, user_id)
    if not user.active:
        before = user_snapshot(ctx.db, user)
        user.active = True
        workflow.audit(
            ctx.db, ctx.user, "reactivate_user", "user", user.id, before, user_snapshot(ctx.db, user), ctx.ip
        )
    return ctx.done(f"/admin/users/{user.id}", None, "user_reactivated", username=user.username)


def admin_import_org(ctx: Ctx) -> Response:
    """Import the organisation (regions, departments, units) from a CSV or XLSX file."""
    require(workflow.is_admin(ctx.user))
    if "file" not in ctx.files or not ctx.files["file"][0]:
        raise HTTPError(400, "请选择要导入的文件", "file")
    raw_name, data = ctx.files["file"]
    counts = orgmod.import_org(ctx.db, security.safe_filename(raw_name), data)
    workflow.audit(ctx.db, ctx.user, "import_org", "org", None, None, counts, ctx.ip)
    return ctx.done("/admin", {"imported": counts}, "org_imported", **counts)


ROUTES = [
    Page("/admin", admin_page, login=True),
    Page("/admin/users", admin_create_user, login=True, methods=("POST",), form=admin_page),
    Page("/admin/users/{user_id:int}", admin_user_page, login=True),
    Page(
        "/admin/users/{user_id:int}/edit",
        admin_update_user,
        login=True,
        methods=("POST",),
        max_files=0,
        form=admin_user_page,
    ),
    Page(
        "/admin/users/{user_id:int}/password",
        admin_reset_password,
        login=True,
        methods=("POST",),
        max_files=0,
        form=admin_user_page,
    ),
    Page(
        "/admin/users/{user_id:int}/deactivate",
        admin_deactivate_user,
        login=True,
        methods=("POST",),
        max_files=0,
        form=admin_user_page,
    ),
    Page(
        "/admin/users/{user_id:int}/reactivate",
        admin_reactivate_user,
        login=True,
        methods=("POST",),
        max_files=0,
        form=admin_user_page,
    ),
    Page("/admin/org", admin_import_org, login=True, methods=("POST",), form=admin_page),
]
