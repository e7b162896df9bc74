"""The web app: server-rendered pages (Jinja2, Chinese), each with a JSON twin.

Every page answers as HTML, and as JSON when its URL ends in ``.json`` or the request asks for
``Accept: application/json``; both come from the same view function, which returns plain data. Views run
synchronously in a worker thread with one database session each; POSTs carry a CSRF token bound to the
browser's cookie.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import Environment, FileSystemLoader, select_autoescape
from sqlalchemy import and_, func, or_, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, aliased, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from starlette.applications import Starlette
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from juesuan_web import org as orgmod
from juesuan_web import reports, security, texts, workflow
from juesuan_web.db import make_engine, migrate, session_factory
from juesuan_web.models import (
    ADMIN,
    BUREAU_REVIEWER,
    DEPT_REVIEWER,
    FILLER,
    NOT_STARTED,
    ROLES,
    STATE_LABELS,
    AuditEntry,
    Comment,
    Org,
    PublishedFile,
    PublishedVersion,
    Submission,
    Upload,
    User,
    now,
)
from juesuan_web.settings import Settings
from juesuan_web.workflow import Actor, Refused

TEMPLATES = Path(str(resources.files("juesuan_web") / "templates"))
STATIC = Path(str(resources.files("juesuan_web") / "static"))
ACTIONS = {"submit", "approve", "return", "publish", "reopen"}
ACTION_LABELS = {
    "submit": "提交",
    "approve": "审核通过",
    "return": "退回",
    "publish": "公开",
    "reopen": "更正（退回单位）",
}
SEVERITY_LABELS = {"fatal": "严重", "error": "错误", "warning": "警告", "info": "提示"}


class HTTPError(Exception):
    def __init__(self, status: int, message: str) -> None:
        super().__init__(message)
        self.status = status
        self.message = message


# --------------------------------------------------------------------------- middleware


class JsonSuffix:
    """``/path.json`` → ``/path`` with the JSON flag set (the datasette convention)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["path"].endswith(".json") and len(scope["path"]) > 5:
            scope = dict(scope)
            scope["path"] = scope["path"][: -len(".json")] or "/"
            scope["raw_path"] = scope["path"].encode()
            scope.setdefault("state", {})
            scope["state"] = dict(scope["state"]) | {"want_json": True}
        await self.app(scope, receive, send)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuse request bodies over the limit (by Content-Length, and by counting when it is absent)."""

    def __init__(self, app: ASGIApp, limit: int) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        headers = dict(scope.get("headers") or [])
        length = headers.get(b"content-length")
        if length is not None and length.isdigit() and int(length) > self.limit:
            await self._refuse(scope, send)
            return
        seen = 0
        started = False

        async def counting_receive() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def tracking_send(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
            await send(message)

        try:
            await self.app(scope, counting_receive, tracking_send)
        except _TooLarge:
            if not started:
                await self._refuse(scope, send)

    async def _refuse(self, scope: Scope, send: Send) -> None:
        text = f"上传内容过大（上限 {self.limit // 1048576} MB）"
        response = _plain_error(scope, 413, text)
        await response(scope, _empty_receive, send)


async def _empty_receive() -> Message:
    return {"type": "http.disconnect"}


def _plain_error(scope: Scope, status: int, text: str) -> Response:
    wants = (scope.get("state") or {}).get("want_json") or b"application/json" in dict(
        scope.get("headers") or []
    ).get(b"accept", b"")
    if wants:
        return JSONResponse({"ok": False, "error": text, "status": status}, status_code=status)
    return HTMLResponse(
        f"<!doctype html><meta charset=utf-8><title>{status}</title><p>{text}</p>", status_code=status
    )


class SecurityHeaders:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return

        async def add_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = list(message.get("headers", []))
                names = {k.lower() for k, _ in headers}
                defaults = {
                    b"x-content-type-options": b"nosniff",
                    b"referrer-policy": b"same-origin",
                    b"x-frame-options": b"DENY",
                    b"content-security-policy": b"default-src 'self'; style-src 'self' 'unsafe-inline'; "
                    b"img-src 'self' data:; frame-ancestors 'none'; form-action 'self'",
                }
                headers += [(k, v) for k, v in defaults.items() if k not in names]
                message = dict(message) | {"headers": headers}
            await send(message)

        await self.app(scope, receive, add_headers)


# --------------------------------------------------------------------------- request context


@dataclass
class Ctx:
    request: Request
    db: Session
    settings: Settings
    env: Environment
    user: User | None
    form: FormData | None
    files: dict[str, tuple[str, bytes]]
    want_json: bool
    csrf: str
    cookies: list[tuple[str, str | None]] = field(default_factory=list)  # (name, value or None to delete)

    @property
    def ip(self) -> str:
        return self.request.client.host if self.request.client else ""

    def field(self, name: str, default: str = "") -> str:
        value = self.form.get(name) if self.form is not None else None
        return value if isinstance(value, str) else default

    def int_field(self, name: str) -> int | None:
        value = self.field(name)
        return int(value) if value.isdigit() else None

    def me(self) -> dict[str, Any] | None:
        u = self.user
        if u is None:
            return None
        return {
            "id": u.id,
            "username": u.username,
            "display_name": u.display_name or u.username,
            "role": u.role,
            "role_label": ROLES.get(u.role, u.role),
            "org_id": u.org_id,
        }

    def render(self, template: str, data: dict[str, Any], status: int = 200) -> Response:
        if self.want_json:
            body = {"ok": status < 400} | data | {"csrf_token": self.csrf}
            return JSONResponse(jsonable(body), status_code=status)
        context = {
            "me": self.me(),
            "csrf_token": self.csrf,
            "year": self.settings.year,
            "path": self.request.url.path,
            "STATE_LABELS": STATE_LABELS,
            "SEVERITY_LABELS": SEVERITY_LABELS,
            "ACTION_LABELS": ACTION_LABELS,
            "ROLES": ROLES,
        }
        page = self.env.get_template(template).render(context | data | {"data": data})
        return HTMLResponse(page, status_code=status)

    def done(self, location: str, data: dict[str, Any] | None = None) -> Response:
        """After a successful POST: a redirect for browsers, the result for JSON clients."""
        if self.want_json:
            return JSONResponse(jsonable({"ok": True, "location": location} | (data or {})))
        return RedirectResponse(location, status_code=303)


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):
        return value.isoformat()
    return value


View = Callable[..., Response]


def _wants_json(request: Request) -> bool:
    if request.scope.get("state", {}).get("want_json"):
        return True
    accept = request.headers.get("accept", "")
    return accept.startswith("application/json") or (
        "application/json" in accept and "text/html" not in accept
    )


# --------------------------------------------------------------------------- the app


def create_app(settings: Settings | None = None) -> Starlette:
    """Build the app: connect, migrate, and wire the routes."""
    settings = settings or Settings()
    engine = make_engine(settings.db_url)
    migrate(engine)
    sessions: sessionmaker[Session] = session_factory(engine)
    with sessions() as db:
        secret = security.secret_key(db, settings.secret_key)
    env = Environment(
        loader=FileSystemLoader(str(TEMPLATES)),
        autoescape=select_autoescape(["html", "j2"], default=True),
    )
    env.filters["dt"] = lambda v: v.strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else (v or "")
    env.filters["qs"] = lambda d: urlencode({k: v for k, v in d.items() if v not in (None, "")})

    def view(fn: View, login: bool = False) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            form = None
            files: dict[str, tuple[str, bytes]] = {}
            if request.method == "POST":
                if request.headers.get("content-type", "").startswith("application/json"):
                    try:
                        body = await request.json()
                    except ValueError:
                        body = None
                    if not isinstance(body, dict):
                        body = {}
                    form = FormData([(str(k), v if isinstance(v, str) else str(v)) for k, v in body.items()])
                else:
                    form = await request.form(max_files=2, max_fields=50, max_part_size=256 * 1024)
                for key, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        files[key] = (value.filename or "", await value.read())
            return await run_in_threadpool(run, fn, request, form, files, login)

        endpoint.__name__ = fn.__name__
        return endpoint

    def run(
        fn: View, request: Request, form: FormData | None, files: dict[str, tuple[str, bytes]], login: bool
    ) -> Response:
        with sessions() as db:
            session_token = request.cookies.get(security.SESSION_COOKIE)
            user = security.user_for_token(db, session_token)
            binding = session_token if user else request.cookies.get(security.ANON_COOKIE)
            new_anon = None
            if not binding:
                binding = new_anon = secrets.token_urlsafe(24)
            ctx = Ctx(
                request,
                db,
                settings,
                env,
                user,
                form,
                files,
                _wants_json(request),
                security.csrf_token(secret, binding),
            )
            try:
                if request.method == "POST":
                    given = ctx.field("csrf_token") or request.headers.get("x-csrf-token")
                    if not security.csrf_valid(secret, binding, given):
                        raise HTTPError(403, "安全校验失败（CSRF）：请刷新页面后重试")
                if login and user is None:
                    if ctx.want_json or request.method != "GET":
                        raise HTTPError(401, "请先登录")
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
                response = fn(ctx, **request.path_params)
                db.commit()
            except HTTPError as exc:
                db.rollback()
                response = error_page(ctx, exc.status, exc.message)
            except Refused as exc:
                db.rollback()
                response = error_page(ctx, exc.status, exc.message)
            except reports.UploadRefused as exc:
                db.rollback()
                response = error_page(ctx, 400, f"上传被拒绝：{exc}")
            except orgmod.OrgImportError as exc:
                db.rollback()
                response = error_page(ctx, 400, "导入失败：" + "；".join(exc.problems[:20]))
            except (StaleDataError, IntegrityError):
                db.rollback()
                response = error_page(
                    ctx, 409, "该申报已被他人同时处理，您的操作未生效，请刷新页面查看最新状态"
                )
            cookie_args = {
                "httponly": True,
                "samesite": "lax",
                "secure": settings.secure_cookies,
                "path": "/",
            }
            if new_anon:
                response.set_cookie(security.ANON_COOKIE, new_anon, **cookie_args)
            for name, value in ctx.cookies:
                if value is None:
                    response.delete_cookie(name, path="/")
                else:
                    response.set_cookie(name, value, max_age=settings.session_hours * 3600, **cookie_args)
            return response

    def error_page(ctx: Ctx, status: int, message: str) -> Response:
        if ctx.want_json:
            return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
        return ctx.render("error.html", {"status": status, "message": message}, status)

    async def http_exception(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        text = {404: "页面不存在", 405: "不支持的请求方法"}.get(status, getattr(exc, "detail", "请求错误"))
        if _wants_json(request):
            return JSONResponse({"ok": False, "error": text, "status": status}, status_code=status)
        page = env.get_template("error.html").render(
            data={}, me=None, csrf_token="", status=status, message=text, year=settings.year, path=""
        )
        return HTMLResponse(page, status_code=status)

    routes = [
        Route("/", view(home)),
        Route("/login", view(login_page), methods=["GET", "POST"]),
        Route("/logout", view(logout), methods=["POST"]),
        Route("/units/{unit_id:int}/{year:int}", view(unit_page, login=True)),
        Route("/units/{unit_id:int}/{year:int}/preview", view(preview, login=True)),
        Route("/units/{unit_id:int}/{year:int}/uploads/{upload_id:int}", view(upload_file, login=True)),
        Route("/units/{unit_id:int}/{year:int}/upload", view(upload, login=True), methods=["POST"]),
        Route("/units/{unit_id:int}/{year:int}/text", view(edit_text, login=True), methods=["POST"]),
        Route(
            "/units/{unit_id:int}/{year:int}/findings/{fingerprint:str}/{what:str}",
            view(finding_action, login=True),
            methods=["POST"],
        ),
        Route("/units/{unit_id:int}/{year:int}/{action:str}", view(act, login=True), methods=["POST"]),
        Route("/review", view(dashboard, login=True)),
        Route("/public", view(public_list)),
        Route("/public/{version_id:int}", view(public_version)),
        Route("/public/{version_id:int}/download/{fmt:str}", view(public_download)),
        Route("/admin", view(admin_page, login=True)),
        Route("/admin/users", view(admin_create_user, login=True), methods=["POST"]),
        Route("/admin/org", view(admin_import_org, login=True), methods=["POST"]),
        Route("/audit", view(audit_page, login=True)),
        Mount("/static", StaticFiles(directory=str(STATIC)), name="static"),
    ]
    app = Starlette(routes=routes, exception_handlers={HTTPException: http_exception})
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + 64 * 1024)
    app.add_middleware(JsonSuffix)
    app.add_middleware(SecurityHeaders)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    return app


# --------------------------------------------------------------------------- helpers


def _unit(ctx: Ctx, unit_id: int) -> Org:
    """The unit, if this user may see it; otherwise 404 whether or not it exists (ids are guessable)."""
    unit = ctx.db.get(Org, unit_id)
    if unit is None or not workflow.sees_unit(ctx.user, unit):
        raise HTTPError(404, "未找到该单位，或您无权查看")
    return unit


def _require(ok: bool) -> None:
    if not ok:
        raise HTTPError(403, "无权访问此页面")


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


def _org_dict(o: Org | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"id": o.id, "code": o.code, "name": o.name, "kind": o.kind, "unit_type": o.unit_type}


# --------------------------------------------------------------------------- pages


def home(ctx: Ctx) -> Response:
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
    next_url = ctx.request.query_params.get("next", "") if ctx.form is None else ctx.field("next")
    if ctx.request.method == "GET":
        return ctx.render("login.html", {"title": "登录", "next": _safe_next(next_url) or "", "error": None})
    username = ctx.field("username").strip()[:64]
    password = ctx.field("password")
    s = ctx.settings
    if security.throttled(
        ctx.db, username, ctx.ip, s.login_max_failures, s.login_max_failures_ip, s.login_window_minutes
    ):
        return ctx.render(
            "login.html",
            {
                "title": "登录",
                "next": next_url,
                "error": f"登录失败次数过多，请 {s.login_window_minutes} 分钟后再试",
            },
            429,
        )
    user = ctx.db.scalar(select(User).where(User.username == username))
    stored = user.password_hash if user is not None and user.active else None
    if not security.verify_password(stored, password, s.fast_password_hash) or user is None:
        security.record_failure(ctx.db, username, ctx.ip)
        return ctx.render("login.html", {"title": "登录", "next": next_url, "error": "用户名或密码错误"}, 400)
    security.end_session(ctx.db, ctx.request.cookies.get(security.SESSION_COOKIE))
    token = security.start_session(ctx.db, user, s.session_hours)
    user.last_login_at = now()
    ctx.user = user
    workflow.audit(ctx.db, user, "login", "user", user.id, None, None, ctx.ip)
    ctx.cookies.append((security.SESSION_COOKIE, token))
    return ctx.done(_safe_next(next_url) or _home_for(user, s.year), {"user": ctx.me()})


def logout(ctx: Ctx) -> Response:
    security.end_session(ctx.db, ctx.request.cookies.get(security.SESSION_COOKIE))
    ctx.cookies.append((security.SESSION_COOKIE, None))
    return ctx.done("/")


def _findings(
    check: dict[str, Any] | None,
    field_keys: set[str] | None = None,
    waivers: dict[str, Any] | None = None,
    comments: list[dict[str, Any]] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Findings by severity; each location links to its form field (a text key) or names its cell."""
    groups: dict[str, list[dict[str, Any]]] = {s: [] for s in SEVERITY_LABELS}
    for f in (check or {}).get("findings", []):
        f = dict(f)
        f["locations"] = [
            dict(loc) | {"anchor": f"field-{loc['key']}" if loc.get("key") in (field_keys or ()) else None}
            for loc in f.get("locations", [])
        ]
        w = (waivers or {}).get(f.get("fingerprint"))
        f["waived"] = (
            None
            if w is None or f["severity"] != "warning"
            else {"reason": w.reason, "user": w.user.display_name or w.user.username, "at": w.at}
        )
        f["comments"] = [
            c for c in comments or [] if c["fingerprint"] and c["fingerprint"] == f.get("fingerprint")
        ]
        groups.setdefault(f["severity"], []).append(f)
    return groups


def unit_page(ctx: Ctx, unit_id: int, year: int) -> Response:
    unit = _unit(ctx, unit_id)
    sub = workflow.submission_for(ctx.db, unit, year)
    up = workflow.latest_upload(ctx.db, sub)
    comments = []
    history = []
    if sub is not None:
        comments = [
            {
                "user": c.user.display_name or c.user.username,
                "text": c.text,
                "at": c.at,
                "fingerprint": c.fingerprint,
            }
            for c in ctx.db.scalars(
                select(Comment).where(Comment.submission_id == sub.id).order_by(Comment.id)
            )
        ]
        history = [
            {"at": a.at, "user": a.username, "action": a.action, "before": a.before, "after": a.after}
            for a in ctx.db.scalars(
                select(AuditEntry)
                .where(AuditEntry.object_type == "submission", AuditEntry.object_id == sub.id)
                .order_by(AuditEntry.id)
            )
        ]
    versions = [
        {
            "id": v.id,
            "number": v.number,
            "published_at": v.published_at,
            "superseded": v.superseded_at is not None,
        }
        for v in workflow.versions_of(ctx.db, unit, year)
    ]
    dept = ctx.db.get(Org, unit.parent_id) if unit.parent_id else None
    waivers = workflow.waivers_of(ctx.db, sub)
    editable = "upload" in workflow.allowed_actions(ctx.user, unit, sub) and up is not None
    fields: list[dict[str, Any]] = []
    if up is not None:
        fields = texts.fields(up.kind, up.content)
        prior = workflow.prior_published(ctx.db, unit, year) if editable else None
        previous = texts.prior_values(prior.dataset_kind, prior.dataset_content, fields) if prior else {}
        for f in fields:
            f["previous"] = previous.get(f["key"])
    return ctx.render(
        "unit.html",
        {
            "title": f"{unit.name} {year}年度",
            "unit": _org_dict(unit),
            "department": _org_dict(dept),
            "year": year,
            "submission": None
            if sub is None
            else {
                "id": sub.id,
                "state": sub.state,
                "state_label": STATE_LABELS[sub.state],
                "version": sub.version,
                "counts": {
                    "fatal": sub.n_fatal,
                    "error": sub.n_error,
                    "warning": sub.n_warning,
                    "info": sub.n_info,
                },
                "updated_at": sub.updated_at,
            },
            "upload": None
            if up is None
            else {
                "id": up.id,
                "filename": up.filename,
                "kind": up.kind,
                "size": up.size,
                "sha256": up.sha256,
                "uploaded_at": up.uploaded_at,
            },
            "findings": _findings(up.check if up else None, {f["key"] for f in fields}, waivers, comments),
            "waived": sum(
                1
                for f in (up.check if up else {}).get("findings", [])
                if f["severity"] == "warning" and f.get("fingerprint") in waivers
            ),
            "actions": workflow.allowed_actions(ctx.user, unit, sub),
            "reviews": workflow.reviews_unit(ctx.user, unit) and sub is not None and sub.state != "published",
            "text_fields": fields,
            "editable": editable,
            "comments": [c for c in comments if not c["fingerprint"]],
            "history": history,
            "versions": versions,
            "max_upload_mb": ctx.settings.max_upload_bytes // 1048576,
        },
    )


def preview(ctx: Ctx, unit_id: int, year: int) -> Response:
    unit = _unit(ctx, unit_id)
    up = workflow.latest_upload(ctx.db, workflow.submission_for(ctx.db, unit, year))
    if up is None:
        raise HTTPError(404, "尚未上传数据，无法预览")
    html = reports.preview_html(up.kind, up.content)
    if html is None:
        raise HTTPError(422, "数据无法读取（有严重问题），无法生成预览；请先处理问题清单中的严重问题")
    if ctx.want_json:
        return JSONResponse({"ok": True, "upload_id": up.id, "html": html})
    return HTMLResponse(html, headers=_report_headers())


def _report_headers() -> dict[str, str]:
    """The engine's report is a self-contained page: no scripts, no outside resources."""
    return {
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "font-src data:; frame-ancestors 'self'"
    }


def upload_file(ctx: Ctx, unit_id: int, year: int, upload_id: int) -> Response:
    unit = _unit(ctx, unit_id)
    sub = workflow.submission_for(ctx.db, unit, year)
    up = ctx.db.get(Upload, upload_id)
    if up is None or sub is None or up.submission_id != sub.id:
        raise HTTPError(404, "未找到该文件")
    if ctx.want_json:
        return JSONResponse(
            {"ok": True, "id": up.id, "filename": up.filename, "sha256": up.sha256, "check": up.check}
        )
    return _download(up.content, "application/octet-stream", up.filename)


def _download(content: bytes, media_type: str, filename: str) -> Response:
    ascii_name = (
        "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in filename) or "download"
    )
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"content-disposition": disposition})


def upload(ctx: Ctx, unit_id: int, year: int) -> Response:
    unit = _unit(ctx, unit_id)
    if "file" not in ctx.files or not ctx.files["file"][0]:
        raise HTTPError(400, "请选择要上传的文件")
    raw_name, data = ctx.files["file"]
    name = security.safe_filename(raw_name)
    sub, up = workflow.upload(
        ctx.db,
        Actor(ctx.user, ctx.ip),
        unit,
        year,
        name,
        data,
        ctx.settings.max_upload_bytes,
        ctx.int_field("version"),
    )
    return ctx.done(
        f"/units/{unit.id}/{year}", {"submission_id": sub.id, "upload_id": up.id, "check": up.check}
    )


def act(ctx: Ctx, unit_id: int, year: int, action: str) -> Response:
    if action not in ACTIONS:
        raise HTTPError(404, "页面不存在")
    unit = _unit(ctx, unit_id)
    actor = Actor(ctx.user, ctx.ip)
    seen = ctx.int_field("version")
    comment = ctx.field("comment")
    if action == "submit":
        sub = workflow.submit(ctx.db, actor, unit, year, seen)
    elif action == "approve":
        sub = workflow.approve(ctx.db, actor, unit, year, seen, comment)
    elif action == "return":
        sub = workflow.send_back(ctx.db, actor, unit, year, seen, comment)
    elif action == "reopen":
        sub = workflow.reopen(ctx.db, actor, unit, year, seen, comment)
    else:
        v = workflow.publish(ctx.db, actor, unit, year, seen, ctx.settings.publish_formats)
        return ctx.done(f"/public/{v.id}", {"version_id": v.id, "number": v.number})
    return ctx.done(f"/units/{unit.id}/{year}", {"state": sub.state, "version": sub.version})


def edit_text(ctx: Ctx, unit_id: int, year: int) -> Response:
    """Save one text field as the user types (JSON in, JSON out; 409 when another tab saved first)."""
    unit = _unit(ctx, unit_id)
    sub, up = workflow.edit_text(
        ctx.db,
        Actor(ctx.user, ctx.ip),
        unit,
        year,
        ctx.field("key"),
        ctx.field("text"),
        ctx.int_field("version"),
    )
    return JSONResponse(
        {
            "ok": True,
            "version": sub.version,
            "counts": {
                "fatal": sub.n_fatal,
                "error": sub.n_error,
                "warning": sub.n_warning,
                "info": sub.n_info,
            },
            "sha256": up.sha256,
        }
    )


def finding_action(ctx: Ctx, unit_id: int, year: int, fingerprint: str, what: str) -> Response:
    unit = _unit(ctx, unit_id)
    actor = Actor(ctx.user, ctx.ip)
    if what == "comment":
        workflow.comment_finding(ctx.db, actor, unit, year, fingerprint, ctx.field("comment"))
    elif what == "waive":
        workflow.waive(ctx.db, actor, unit, year, fingerprint, ctx.field("reason"))
    else:
        raise HTTPError(404, "页面不存在")
    return ctx.done(f"/units/{unit.id}/{year}#finding-{fingerprint}")


SORTS = {
    "code": lambda unit, dept, sub: (dept.code, unit.code),
    "state": lambda unit, dept, sub: (sub.state if sub else "", unit.code),
    "errors": lambda unit, dept, sub: (-((sub.n_fatal + sub.n_error) if sub else 0), unit.code),
    "updated": lambda unit, dept, sub: (-(sub.updated_at.timestamp() if sub else 0), unit.code),
}


def dashboard(ctx: Ctx) -> Response:
    _require(workflow.is_reviewer(ctx.user))
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
            "departments": [_org_dict(d) for d in departments],
            "units": [
                {
                    "unit": _org_dict(unit),
                    "department": _org_dict(dept),
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


def public_list(ctx: Ctx) -> Response:
    q = ctx.request.query_params
    Dept = aliased(Org)
    stmt = (
        select(PublishedVersion, Org, Dept)
        .join(Org, PublishedVersion.unit_id == Org.id)
        .outerjoin(Dept, Org.parent_id == Dept.id)
        .order_by(PublishedVersion.year.desc(), Dept.code, Org.code, PublishedVersion.number.desc())
    )
    if q.get("year", "").isdigit():
        stmt = stmt.where(PublishedVersion.year == int(q["year"]))
    if q.get("dept"):
        stmt = stmt.where(Dept.code == q["dept"])
    years = sorted({y for (y,) in ctx.db.execute(select(PublishedVersion.year).distinct())}, reverse=True)
    return ctx.render(
        "public_list.html",
        {
            "title": "部门决算公开",
            "years": years,
            "filters": {"year": q.get("year", ""), "dept": q.get("dept", "")},
            "reports": [_version_dict(v, unit, dept) for v, unit, dept in ctx.db.execute(stmt).all()],
        },
    )


def _version_dict(v: PublishedVersion, unit: Org, dept: Org | None) -> dict[str, Any]:
    return {
        "id": v.id,
        "title": v.title,
        "year": v.year,
        "number": v.number,
        "unit": _org_dict(unit),
        "department": _org_dict(dept),
        "published_at": v.published_at,
        "superseded_at": v.superseded_at,
        "superseded_by": v.superseded_by_id,
        "url": f"/public/{v.id}",
    }


def _published(ctx: Ctx, version_id: int) -> PublishedVersion:
    v = ctx.db.get(PublishedVersion, version_id)
    if v is None:
        raise HTTPError(404, "未找到该公开版本")
    return v


def public_version(ctx: Ctx, version_id: int) -> Response:
    v = _published(ctx, version_id)
    unit = ctx.db.get(Org, v.unit_id)
    dept = ctx.db.get(Org, unit.parent_id) if unit and unit.parent_id else None
    files = [
        {
            "name": f.name,
            "format": f.format,
            "size": f.size,
            "sha256": f.sha256,
            "url": f"/public/{v.id}/download/{f.format}",
        }
        for f in v.files
    ]
    files.append(
        {
            "name": v.dataset_filename,
            "format": "dataset",
            "size": len(v.dataset_content),
            "sha256": v.dataset_sha256,
            "url": f"/public/{v.id}/download/dataset",
        }
    )
    return ctx.render("public_version.html", _version_dict(v, unit, dept) | {"files": files})


def public_download(ctx: Ctx, version_id: int, fmt: str) -> Response:
    v = _published(ctx, version_id)
    if fmt == "dataset":
        return _download(v.dataset_content, "application/octet-stream", v.dataset_filename)
    f = ctx.db.scalar(
        select(PublishedFile).where(PublishedFile.version_id == v.id, PublishedFile.format == fmt)
    )
    if f is None:
        raise HTTPError(404, "没有该格式的文件")
    if fmt == "html":
        return Response(f.content, media_type=f.media_type, headers=_report_headers())
    return _download(f.content, f.media_type, f"{v.year}-{v.unit_id}-v{v.number}-{f.name}")


def admin_page(ctx: Ctx) -> Response:
    _require(workflow.is_admin(ctx.user))
    orgs = list(ctx.db.scalars(select(Org).order_by(Org.code)))
    users = list(ctx.db.scalars(select(User).order_by(User.username)))
    by_id = {o.id: o for o in orgs}
    return ctx.render(
        "admin.html",
        {
            "title": "系统管理",
            "orgs": [_org_dict(o) | {"parent": by_id[o.parent_id].code if o.parent_id else ""} for o in orgs],
            "users": [
                {
                    "id": u.id,
                    "username": u.username,
                    "display_name": u.display_name,
                    "role": u.role,
                    "role_label": ROLES.get(u.role, u.role),
                    "org": _org_dict(by_id.get(u.org_id)),
                    "active": u.active,
                }
                for u in users
            ],
        },
    )


def admin_create_user(ctx: Ctx) -> Response:
    _require(workflow.is_admin(ctx.user))
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
    _require(workflow.is_admin(ctx.user))
    if "file" not in ctx.files or not ctx.files["file"][0]:
        raise HTTPError(400, "请选择要导入的文件")
    raw_name, data = ctx.files["file"]
    counts = orgmod.import_org(ctx.db, security.safe_filename(raw_name), data)
    workflow.audit(ctx.db, ctx.user, "import_org", "org", None, None, counts, ctx.ip)
    return ctx.done("/admin", {"imported": counts})


def audit_page(ctx: Ctx) -> Response:
    _require(workflow.reads_audit(ctx.user))
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
