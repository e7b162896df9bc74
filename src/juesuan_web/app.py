"""The web app: connect and migrate the database, wrap every page of ``juesuan_web.views`` with the request
machinery (session, CSRF, JSON twin, errors) and add the middleware."""

from __future__ import annotations

import inspect
import re
import secrets
import threading
from collections.abc import AsyncIterator, Callable
from contextlib import asynccontextmanager
from datetime import datetime
from importlib import resources
from pathlib import Path
from typing import Any
from urllib.parse import quote, urlencode

from jinja2 import BytecodeCache, Environment, FileSystemLoader, select_autoescape
from jinja2.bccache import Bucket
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, sessionmaker
from sqlalchemy.orm.exc import StaleDataError
from starlette.applications import Starlette
from starlette.background import BackgroundTask
from starlette.concurrency import run_in_threadpool
from starlette.datastructures import FormData, UploadFile
from starlette.exceptions import HTTPException
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.routing import Mount, Route
from starlette.staticfiles import StaticFiles

from juesuan import api
from juesuan_web import inbox, labels, mailer, notices, reports, security
from juesuan_web import org as orgmod
from juesuan_web.db import make_engine, migrate, session_factory
from juesuan_web.framework import (
    FLASH_COOKIE,
    BodyLimit,
    Ctx,
    HTTPError,
    JsonSuffix,
    SecurityHeaders,
    View,
    human_size,
    known_year,
    local,
    too_large_text,
    wants_json,
)
from juesuan_web.settings import Settings
from juesuan_web.views import all_pages
from juesuan_web.workflow import Refused

CONFLICT = "该申报已被他人同时处理，您的操作未生效，请刷新页面查看最新状态"
UNKEPT = frozenset({"csrf_token", "version"})  # fields the page writes afresh, never what was sent
TEMPLATES = Path(str(resources.files("juesuan_web") / "templates"))
STATIC = Path(str(resources.files("juesuan_web") / "static"))


class CompiledTemplates(BytecodeCache):
    """The compiled page templates, kept in memory and shared by every app the process makes: a new app's
    Environment reuses them instead of compiling each template again (Jinja checks each against its source's
    checksum, so an edited template is compiled afresh). A server makes one app per process; the tests make
    hundreds, which spent ~0.1 s each compiling the same templates."""

    def __init__(self) -> None:
        self._code: dict[str, bytes] = {}
        self._lock = threading.Lock()

    def load_bytecode(self, bucket: Bucket) -> None:
        code = self._code.get(bucket.key)
        if code is not None:
            bucket.bytecode_from_string(code)

    def dump_bytecode(self, bucket: Bucket) -> None:
        with self._lock:
            self._code[bucket.key] = bucket.bytecode_to_string()


COMPILED_TEMPLATES = CompiledTemplates()


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
        bytecode_cache=COMPILED_TEMPLATES,
    )
    env.filters["dt"] = lambda v: (
        local(v).strftime("%Y-%m-%d %H:%M") if isinstance(v, datetime) else (v or "")
    )
    env.filters["action_label"] = lambda a: labels.AUDIT_ACTIONS.get(a, a)
    env.filters["object_label"] = lambda t: labels.OBJECT_TYPES.get(t, t or "")
    env.filters["size"] = human_size
    env.globals["entry_changes"] = labels.entry_changes
    env.filters["qs"] = lambda d: urlencode({k: v for k, v in d.items() if v not in (None, "")})

    def view(
        fn: View,
        login: bool = False,
        max_files: int = 2,
        form_view: View | None = None,
        max_fields: int = 50,
    ) -> Callable[[Request], Any]:
        async def endpoint(request: Request) -> Response:
            form = None
            files: dict[str, tuple[str, bytes]] = {}
            if request.method == "POST" and request.scope.get("state", {}).get("too_large"):
                form = FormData()  # the body is over the limit and never read: the form is shown again
            elif request.method == "POST":
                if request.headers.get("content-type", "").startswith("application/json"):
                    try:
                        body = await request.json()
                    except ValueError:
                        body = None
                    if not isinstance(body, dict):
                        body = {}
                    form = FormData([(str(k), v if isinstance(v, str) else str(v)) for k, v in body.items()])
                else:
                    form = await request.form(
                        max_files=max_files, max_fields=max_fields, max_part_size=256 * 1024
                    )
                for key, value in form.multi_items():
                    if isinstance(value, UploadFile):
                        files[key] = (value.filename or "", await value.read())
            return await run_in_threadpool(run, fn, request, form, files, login, form_view)

        endpoint.__name__ = fn.__name__
        return endpoint

    def run(
        fn: View,
        request: Request,
        form: FormData | None,
        files: dict[str, tuple[str, bytes]],
        login: bool,
        form_view: View | None = None,
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
                wants_json(request),
                security.csrf_token(secret, binding),
                secret=secret,
            )
            try:
                too_large = request.scope.get("state", {}).get("too_large")
                if request.method == "POST" and too_large:
                    if login and user is None:
                        raise HTTPError(401, "请先登录")
                    raise HTTPError(413, too_large_text(too_large), "file")
                if request.method == "POST":
                    given = ctx.field("csrf_token") or request.headers.get("x-csrf-token")
                    if not security.csrf_valid(secret, binding, given):
                        raise HTTPError(403, "安全校验失败（CSRF）：请刷新页面后重试")
                if login and user is None:
                    if ctx.want_json or request.method != "GET":
                        raise HTTPError(401, "请先登录")
                    target = request.url.path + (f"?{request.url.query}" if request.url.query else "")
                    return RedirectResponse(f"/login?next={quote(target)}", status_code=303)
                if "year" in request.path_params:
                    known_year(ctx, request.path_params["year"])  # 404 outside the years the app has
                response = fn(ctx, **request.path_params)
                db.commit()
            except (HTTPError, Refused) as exc:
                db.rollback()
                response = refused_page(ctx, form_view, exc.status, exc.message, exc.field)
            except reports.UploadRefused as exc:
                db.rollback()
                response = refused_page(ctx, form_view, 400, f"上传被拒绝：{exc}", "file")
            except orgmod.OrgImportError as exc:
                db.rollback()
                response = refused_page(
                    ctx, form_view, 400, "导入失败：" + "；".join(exc.problems[:20]), "file"
                )
            except (StaleDataError, IntegrityError):
                db.rollback()
                response = refused_page(ctx, form_view, 409, CONFLICT)
            if db.info.pop(notices.MAIL_FLAG, False) and response.status_code < 400:
                # e-mail the notices the action added, once it has committed and the answer is sent
                response.background = BackgroundTask(mailer.deliver_pending, sessions)
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

    def refused_page(
        ctx: Ctx, form_view: View | None, status: int, message: str, field: str | None = None
    ) -> Response:
        """A refused POST from a browser's form: the form's page again, with the message at the top and
        beside its field, and what was typed kept (never a password). JSON clients, and requests whose
        form page cannot be shown, get the plain error."""
        request = ctx.request
        ctx.cookies = [c for c in ctx.cookies if c[0] != FLASH_COOKIE]  # no success message for a failure
        if ctx.want_json or form_view is None or request.method != "POST" or status == 401:
            return error_page(ctx, status, message)
        ctx.refused = {"status": status, "message": message, "field": field, "form": request.url.path}
        ctx.kept = {
            k: v
            for k, v in (ctx.form.multi_items() if ctx.form is not None else [])
            if isinstance(v, str) and k not in UNKEPT and "password" not in k
        }
        wanted = inspect.signature(form_view).parameters
        params = {k: v for k, v in request.path_params.items() if k in wanted}
        try:
            response = form_view(ctx, **params)
            ctx.db.commit()
        except (HTTPError, Refused):
            ctx.db.rollback()
            ctx.refused, ctx.kept = None, {}
            return error_page(ctx, status, message)
        response.status_code = status
        return response

    def error_page(ctx: Ctx, status: int, message: str) -> Response:
        if ctx.want_json:
            return JSONResponse({"ok": False, "error": message, "status": status}, status_code=status)
        return ctx.render("error.html", {"status": status, "message": message}, status)

    async def http_exception(request: Request, exc: Exception) -> Response:
        status = getattr(exc, "status_code", 500)
        text = {404: "页面不存在", 405: "不支持的请求方法"}.get(status) or _chinese(
            getattr(exc, "detail", "")
        )
        if wants_json(request):
            return JSONResponse({"ok": False, "error": text, "status": status}, status_code=status)
        page = env.get_template("error.html").render(
            data={}, me=None, csrf_token="", status=status, message=text, year=settings.year, path=""
        )
        return HTMLResponse(page, status_code=status)

    routes: list[Any] = [
        Route(
            p.path,
            view(p.fn, login=p.login, max_files=p.max_files, form_view=p.form, max_fields=p.max_fields),
            methods=list(p.methods),
            name=p.fn.__name__,
        )
        for p in all_pages()
    ]
    routes.append(Mount("/static", StaticFiles(directory=str(STATIC)), name="static"))

    @asynccontextmanager
    async def lifespan(application: Starlette) -> AsyncIterator[None]:
        """The audit inbox's workers live as long as the server: requeue what a crash left, then start."""
        runner = inbox.Runner(sessions, settings.audit_workers)
        await run_in_threadpool(runner.start)
        # e-mail left pending by a server stopped between an action and its sending (in the background)
        threading.Thread(target=mailer.deliver_pending, args=(sessions,), name="mail", daemon=True).start()
        application.state.inbox = runner
        if settings.warm_up:  # the renderers loaded before the first publish, start-up kept out of gc
            await run_in_threadpool(api.warm_up, settings.publish_formats)
            api.settle_gc()  # the collector's policy of a juesuan process (api.GC_THRESHOLDS)
        try:
            yield
        finally:
            application.state.inbox = None
            await run_in_threadpool(runner.stop)

    app = Starlette(routes=routes, exception_handlers={HTTPException: http_exception}, lifespan=lifespan)
    app.add_middleware(BodyLimit, limit=settings.max_upload_bytes + 64 * 1024)
    app.add_middleware(JsonSuffix)
    app.add_middleware(SecurityHeaders)
    app.state.settings = settings
    app.state.engine = engine
    app.state.sessions = sessions
    app.state.route_table = all_pages  # what /openapi.json and /api describe, read on each request
    return app


_MULTIPART = [
    (re.compile(r"Too many files\. Maximum number of files is (\d+)"), "一次上传的文件过多（上限 {} 个）"),
    (re.compile(r"Too many fields\. Maximum number of fields is (\d+)"), "表单字段过多（上限 {} 个）"),
    (re.compile(r"Part exceeded maximum size of (\d+)KB"), "表单中的文字内容过长（单项上限 {} KB）"),
]


def _chinese(detail: str) -> str:
    """Starlette's English messages for a malformed or oversized form, in Chinese."""
    for pattern, text in _MULTIPART:
        m = pattern.search(detail or "")
        if m:
            return text.format(m.group(1))
    return "请求格式错误" if detail else "请求错误"
