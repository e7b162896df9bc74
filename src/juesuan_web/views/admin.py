"""Administration: users and the organisation."""

from __future__ import annotations

from sqlalchemy import select
from starlette.responses import Response

from juesuan_web import org as orgmod
from juesuan_web import security, workflow
from juesuan_web.framework import (
    Ctx,
    HTTPError,
    Page,
    org_dict,
    require,
)
from juesuan_web.models import (
    DEPT_REVIEWER,
    FILLER,
    ROLES,
    Org,
    User,
)


def admin_page(ctx: Ctx) -> Response:
    require(workflow.is_admin(ctx.user))
    orgs = list(ctx.db.scalars(select(Org).order_by(Org.code)))
    users = list(ctx.db.scalars(select(User).order_by(User.username)))
    by_id = {o.id: o for o in orgs}
    return ctx.render(
        "admin.html",
        {
            "title": "系统管理",
            "orgs": [org_dict(o) | {"parent": by_id[o.parent_id].code if o.parent_id else ""} for o in orgs],
            "users": [
                {
                    "id": u.id,
                    "username": u.username,
                    "display_name": u.display_name,
                    "role": u.role,
                    "role_label": ROLES.get(u.role, u.role),
                    "org": org_dict(by_id.get(u.org_id)),
                    "active": u.active,
                }
                for u in users
            ],
        },
    )


def admin_create_user(ctx: Ctx) -> Response:
    require(workflow.is_admin(ctx.user))
    username = ctx.field("username").strip()
    password = ctx.field("password")
    role = ctx.field("role")
    org_code = ctx.field("org").strip()
    if not username or len(username) > 64 or not all(c.isalnum() or c in "._-" for c in username):
        raise HTTPError(400, "用户名只能包含字母、数字和 . _ -")
    if len(password) < 8:
        raise HTTPError(400, "密码至少 8 位")
    if role not in ROLES:
        raise HTTPError(400, "角色无效")
    org = ctx.db.scalar(select(Org).where(Org.code == org_code)) if org_code else None
    need = {FILLER: "unit", DEPT_REVIEWER: "department"}.get(role)
    if need and (org is None or org.kind != need):
        raise HTTPError(400, f"{ROLES[role]}需要指定所属{'单位' if need == 'unit' else '部门'}的代码")
    if ctx.db.scalar(select(User).where(User.username == username)) is not None:
        raise HTTPError(409, "用户名已存在")
    user = User(
        username=username,
        display_name=ctx.field("display_name").strip()[:100],
        password_hash=security.hash_password(password, ctx.settings.fast_password_hash),
        role=role,
        org_id=org.id if org and need else None,
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
        {"username": username, "role": role, "org": org.code if org and need else None},
        ctx.ip,
    )
    return ctx.done("/admin", {"user_id": user.id})


def admin_import_org(ctx: Ctx) -> Response:
    require(workflow.is_admin(ctx.user))
    if "file" not in ctx.files or not ctx.files["file"][0]:
        raise HTTPError(400, "请选择要导入的文件")
    raw_name, data = ctx.files["file"]
    counts = orgmod.import_org(ctx.db, security.safe_filename(raw_name), data)
    workflow.audit(ctx.db, ctx.user, "import_org", "org", None, None, counts, ctx.ip)
    return ctx.done("/admin", {"imported": counts})


ROUTES = [
    Page("/admin", admin_page, login=True),
    Page("/admin/users", admin_create_user, login=True, methods=("POST",)),
    Page("/admin/org", admin_import_org, login=True, methods=("POST",)),
]
