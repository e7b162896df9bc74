"""The request machinery shared by every page: the request context, JSON twins, middleware and helpers.

Every page answers as HTML, and as JSON when its URL ends in ``.json`` or the request asks for
``Accept: application/json``; both come from the same view function, which returns plain data. Views run
synchronously in a worker thread with one database session each; POSTs carry a CSRF token bound to the
browser's cookie.
"""

from __future__ import annotations

import base64
import hashlib
import hmac
import json
import re
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any
from urllib.parse import quote

from jinja2 import Environment
from sqlalchemy.orm import Session
from starlette.datastructures import FormData
from starlette.requests import Request
from starlette.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from juesuan_web import notices, workflow
from juesuan_web.models import ROLES, STATE_LABELS, Org, User
from juesuan_web.settings import Settings

ACTION_LABELS = {
    "submit": "提交",
    "approve": "审核通过",
    "return": "退回",
    "publish": "公开",
    "reopen": "更正（退回单位）",
    "withdraw": "撤回",
}
SEVERITY_LABELS = {"fatal": "严重", "error": "错误", "warning": "警告", "info": "提示"}


@dataclass(frozen=True)
class Page:
    """One route: its path, its view function (``fn(ctx, **path_params) -> Response``), whether it needs a
    signed-in user, the methods it answers and how many files one POST may carry."""

    path: str
    fn: Callable[..., Response]
    login: bool = False
    methods: tuple[str, ...] = ("GET",)
    max_files: int = 2
    form: Callable[..., Response] | None = None  # the GET view that shows this POST's form again
    max_fields: int = 50  # more for a bulk action's list of units


class HTTPError(Exception):
    """A refused request: the status to answer with, the message, and the form field it concerns."""

    def __init__(self, status: int, message: str, field: str | None = None) -> None:
        super().__init__(message)
        self.status = status
        self.message = message
        self.field = field


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
            if _wants_json_scope(scope) or scope.get("method") != "POST":
                await self._refuse(scope, send)
                return
            # a browser's form: the app shows the form again with the reason (the body is never read)
            scope = dict(scope)
            scope["state"] = dict(scope.get("state") or {}) | {"too_large": self.limit}
            await self.app(scope, _empty_body, send)
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
        text = too_large_text(self.limit)
        response = _plain_error(scope, 413, text)
        await response(scope, _empty_receive, send)


async def _empty_receive() -> Message:
    return {"type": "http.disconnect"}


async def _empty_body() -> Message:
    return {"type": "http.request", "body": b"", "more_body": False}


def too_large_text(limit: int) -> str:
    return f"上传内容过大（上限 {limit // 1048576} MB）"


def _wants_json_scope(scope: Scope) -> bool:
    return bool(
        (scope.get("state") or {}).get("want_json")
        or b"application/json" in dict(scope.get("headers") or []).get(b"accept", b"")
    )


def _plain_error(scope: Scope, status: int, text: str) -> Response:
    if _wants_json_scope(scope):
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
    secret: str = ""  # signs the one-time success message (flash)
    # a refused POST shown again on its form: {"status", "message", "field", "form"} and what was typed
    refused: dict[str, Any] | None = None
    kept: dict[str, str] = field(default_factory=dict)

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
            "refused": self.refused,
            "kept": self.kept,
            "flash": self._take_flash(),
            "me": self.me(),
            "unread_notices": notices.unread_count(self.db, self.user),
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

    def done(
        self,
        location: str,
        data: dict[str, Any] | None = None,
        flash: str | None = None,
        **params: Any,
    ) -> Response:
        """After a successful POST: a redirect for browsers, the result for JSON clients. ``flash`` names
        the one-time success message (its wording is in ``flash.html``) shown on the next page, with
        ``params``."""
        if self.want_json:
            return JSONResponse(jsonable({"ok": True, "location": location} | (data or {})))
        if flash and self.secret:
            self.cookies.append((FLASH_COOKIE, sign_flash(self.secret, {"k": flash, "p": jsonable(params)})))
        return RedirectResponse(location, status_code=303)

    def _take_flash(self) -> dict[str, Any] | None:
        """The one-time message a redirect left, once: its cookie is removed by the page that shows it."""
        raw = self.request.cookies.get(FLASH_COOKIE)
        if not raw or any(name == FLASH_COOKIE for name, _ in self.cookies):
            return None
        self.cookies.append((FLASH_COOKIE, None))
        return read_flash(self.secret, raw)


FLASH_COOKIE = "juesuan_flash"


def sign_flash(secret: str, message: dict[str, Any]) -> str:
    payload = base64.urlsafe_b64encode(json.dumps(message, ensure_ascii=False).encode()).decode().rstrip("=")
    mac = hmac.new(secret.encode(), b"flash:" + payload.encode(), hashlib.sha256).hexdigest()[:32]
    return f"{payload}.{mac}"


def read_flash(secret: str, value: str) -> dict[str, Any] | None:
    """The signed message, or None when the cookie is not one this server wrote."""
    payload, _, mac = value.partition(".")
    good = hmac.new(secret.encode(), b"flash:" + payload.encode(), hashlib.sha256).hexdigest()[:32]
    if not secret or not hmac.compare_digest(good, mac):
        return None
    try:
        message = json.loads(base64.urlsafe_b64decode(payload + "=" * (-len(payload) % 4)))
    except ValueError:
        return None
    return message if isinstance(message, dict) and isinstance(message.get("p"), dict) else None


def jsonable(value: Any) -> Any:
    if isinstance(value, dict):
        return {str(k): jsonable(v) for k, v in value.items()}
    if isinstance(value, list | tuple):
        return [jsonable(v) for v in value]
    if isinstance(value, datetime):  # ISO 8601 with the offset (SQLite gives stored UTC times back naive)
        return local(value).isoformat()
    return value


View = Callable[..., Response]


def wants_json(request: Request) -> bool:
    if request.scope.get("state", {}).get("want_json"):
        return True
    accept = request.headers.get("accept", "")
    return accept.startswith("application/json") or (
        "application/json" in accept and "text/html" not in accept
    )


# --------------------------------------------------------------------------- helpers


def visible_unit(ctx: Ctx, unit_id: int) -> Org:
    """The unit, if this user may see it; otherwise 404 whether or not it exists (ids are guessable)."""
    unit = ctx.db.get(Org, unit_id)
    if unit is None or not workflow.sees_unit(ctx.user, unit):
        raise HTTPError(404, "未找到该单位，或您无权查看")
    return unit


def known_year(ctx: Ctx, year: int) -> int:
    """A year the workflow has: from 2000 to the year being collected, or one a 报送截止日期 is set for; else
    404 (``/units/6/0`` is no page)."""
    from juesuan.api import message
    from juesuan_web.deadlines import MIN_YEAR, all_deadlines

    if MIN_YEAR <= year <= ctx.settings.year or year in all_deadlines(ctx.db):
        return year
    raise HTTPError(404, str(message("web_year_unknown", year=year)))


def require(ok: bool) -> None:
    if not ok:
        raise HTTPError(403, "无权访问此页面")


def org_dict(o: Org | None) -> dict[str, Any] | None:
    if o is None:
        return None
    return {"id": o.id, "code": o.code, "name": o.name, "kind": o.kind, "unit_type": o.unit_type}


def report_headers() -> dict[str, str]:
    """The engine's report is a self-contained page: no scripts, no outside resources."""
    return {
        "content-security-policy": "default-src 'none'; style-src 'unsafe-inline'; img-src data:; "
        "font-src data:; frame-ancestors 'self'"
    }


_BODY = re.compile(r"<body\b[^>]*>", re.IGNORECASE)


def draft_marked(ctx: Ctx, html: str, state: str | None) -> str:
    """A preview of a report that is not published: a 草稿 banner and watermark right after ``<body>``
    (``state``: the submission's state label; None for a department's consolidation)."""
    mark = ctx.env.get_template("draft_mark.html").render(state=state)
    found = _BODY.search(html)
    at = found.end() if found else 0
    return html[:at] + mark + html[at:]


def download(content: bytes, media_type: str, filename: str) -> Response:
    ascii_name = (
        "".join(c if c.isascii() and (c.isalnum() or c in "._-") else "_" for c in filename) or "download"
    )
    disposition = f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename)}"
    return Response(content, media_type=media_type, headers={"content-disposition": disposition})


def human_size(n: int | None) -> str:
    """A file size as a reader says it: 812 字节, 12.3 KB, 1.4 MB (1 KB = 1024 字节)."""
    if n is None:
        return ""
    if n < 1024:
        return f"{n} 字节"
    if n < 1024 * 1024:
        return f"{n / 1024:.1f} KB"
    return f"{n / 1048576:.1f} MB"


def aware(value: datetime) -> datetime:
    """SQLite gives naive datetimes back; they were stored in UTC."""
    return value if value.tzinfo else value.replace(tzinfo=UTC)


def local(value: datetime) -> datetime:
    """A stored time in the server's local time zone (what every page and export shows)."""
    return aware(value).astimezone()
