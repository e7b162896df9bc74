"""The OpenAPI 3.1 document of the web app (``/openapi.json``) and a readable list of its endpoints
(``/api``), both built at request time from the route table so that every page is described."""

from __future__ import annotations

import inspect
import re
import sys
from importlib import metadata
from typing import Any

from starlette.responses import JSONResponse, Response

from juesuan_web import security
from juesuan_web.framework import Ctx, Page

_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")
# Starlette's path convertors → JSON Schema.
_CONVERTORS: dict[str, dict[str, Any]] = {
    "int": {"type": "integer", "minimum": 0},
    "float": {"type": "number", "minimum": 0},
    "uuid": {"type": "string", "format": "uuid"},
    "path": {"type": "string"},
    "str": {"type": "string"},
}
_METHODS = ("GET", "PUT", "POST", "DELETE", "OPTIONS", "PATCH", "TRACE")

ERROR_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "Every refusal, for JSON clients.",
    "required": ["ok", "error", "status"],
    "properties": {
        "ok": {"const": False},
        "error": {"type": "string", "description": "The message, in Chinese."},
        "status": {"type": "integer", "description": "The HTTP status, repeated."},
    },
}
PAGE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The data the HTML page is rendered from, plus the CSRF token for the next POST.",
    "required": ["ok"],
    "properties": {
        "ok": {"type": "boolean"},
        "csrf_token": {"type": "string", "description": "Send it back with the next POST."},
    },
    "additionalProperties": True,
}
DONE_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "A successful POST, for JSON clients (browsers get a 303 redirect to ``location``).",
    "required": ["ok", "location"],
    "properties": {"ok": {"const": True}, "location": {"type": "string"}},
    "additionalProperties": True,
}
FORM_SCHEMA: dict[str, Any] = {
    "type": "object",
    "description": "The form fields of the action; ``csrf_token`` unless the X-CSRF-Token header is sent.",
    "properties": {"csrf_token": {"type": "string"}},
    "additionalProperties": True,
}

DESCRIPTION = f"""The 部门决算 workflow: units upload and submit, reviewers approve or return, the finance
bureau publishes.

* **Pages and their JSON twins.** Every page answers as HTML, and as JSON when its URL ends in `.json` or the
  request sends `Accept: application/json`; both come from the same data.
* **Sign-in.** Pages marked as requiring login need the session cookie `{security.SESSION_COOKIE}` (obtained
  by `POST /login`). Without it, JSON clients and POSTs get 401 and browsers are redirected to `/login`.
* **CSRF.** Every POST carries a CSRF token bound to the browser's cookie (the session cookie, or
  `{security.ANON_COOKIE}` before login): the form field `csrf_token` or the header `X-CSRF-Token`. Every
  JSON answer includes the token to use next (`csrf_token`). Without a valid token: 403.
* **Bodies.** POST bodies are form-encoded, multipart (uploads) or a flat JSON object.
* **Errors.** JSON clients get `{{"ok": false, "error": "…", "status": 400}}` with the HTTP status.
"""


def openapi_path(path: str) -> str:
    """``/units/{unit_id:int}`` → ``/units/{unit_id}``."""
    return _PARAM.sub(lambda m: "{" + m.group(1) + "}", path)


def json_twin(path: str) -> str:
    return "/.json" if path == "/" else path + ".json"


def _is_file(path: str) -> bool:
    """A path that names a file (``/review/export.csv``) has no JSON twin."""
    return "." in path.rsplit("/", 1)[-1]


def path_parameters(path: str) -> list[dict[str, Any]]:
    return [
        {
            "name": name,
            "in": "path",
            "required": True,
            "schema": dict(_CONVERTORS.get(convertor or "str", {"type": "string"})),
        }
        for name, convertor in _PARAM.findall(path)
    ]


def split_doc(fn: Any) -> tuple[str, str]:
    """The summary (the first paragraph, on one line) and the rest of a view function's docstring; a
    function without one is summarised by its name."""
    doc = inspect.getdoc(fn)
    if not doc:
        return fn.__name__.replace("_", " "), ""
    first, _, rest = doc.partition("\n\n")
    return " ".join(first.split()), rest.strip()


def _tag(fn: Any) -> str:
    return fn.__module__.rsplit(".", 1)[-1]


def _tag_description(module_name: str) -> str:
    module = sys.modules.get(module_name)
    doc = inspect.getdoc(module) if module is not None else None
    return " ".join(doc.partition("\n\n")[0].split()) if doc else ""


def endpoints(pages: list[Page]) -> list[dict[str, Any]]:
    """Each route as plain data: what ``/api`` lists and what the OpenAPI document is built from."""
    result = []
    for page in pages:
        summary, details = split_doc(page.fn)
        methods = [m.upper() for m in page.methods if m.upper() in _METHODS]
        path = openapi_path(page.path)
        result.append(
            {
                "route": page.path,
                "path": path,
                "methods": methods,
                "name": page.fn.__name__,
                "tag": _tag(page.fn),
                "summary": summary,
                "description": details,
                "login": page.login,
                "csrf": "POST" in methods,
                "uploads": page.max_files > 0 and "POST" in methods,
                "json_twin": json_twin(path) if "GET" in methods and not _is_file(path) else None,
                "parameters": [
                    {"name": p["name"], "type": p["schema"]["type"]} for p in path_parameters(page.path)
                ],
            }
        )
    return result


def _operation(ep: dict[str, Any], method: str, twin: bool = False) -> dict[str, Any]:
    notes = []
    if ep["login"]:
        notes.append(f"Requires login (cookie `{security.SESSION_COOKIE}`).")
    if method == "POST":
        notes.append("Requires the CSRF token: form field `csrf_token` or header `X-CSRF-Token`.")
    if twin:
        notes.append(f"The JSON twin of `GET {ep['path']}`.")
    elif ep["json_twin"] and method == "GET":
        notes.append(f"JSON: `GET {ep['json_twin']}` or `Accept: application/json`.")
    else:
        notes.append("JSON: send `Accept: application/json` (errors then come as JSON too).")
    description = "\n\n".join([d for d in (ep["description"],) if d] + [" ".join(notes)])
    parameters = path_parameters(ep["route"])
    if method == "POST":
        parameters.append(
            {
                "name": "X-CSRF-Token",
                "in": "header",
                "required": False,
                "description": "The CSRF token, when the body does not carry `csrf_token`.",
                "schema": {"type": "string"},
            }
        )
    errors: dict[str, Any] = {"$ref": "#/components/responses/Error"}
    responses: dict[str, Any] = {}
    if method == "GET":
        content: dict[str, Any] = {"application/json": {"schema": {"$ref": "#/components/schemas/Page"}}}
        if not twin:
            content = {"text/html": {"schema": {"type": "string"}}} | content
        responses["200"] = {"description": "The page (HTML, or its data as JSON).", "content": content}
    else:
        responses["200"] = {
            "description": "Done (JSON clients).",
            "content": {"application/json": {"schema": {"$ref": "#/components/schemas/Done"}}},
        }
        responses["303"] = {
            "description": "Done (browsers): redirect to the next page.",
            "headers": {"Location": {"schema": {"type": "string"}}},
        }
    if ep["login"]:
        responses["401"] = errors
        if method == "GET" and not twin:
            responses["303"] = {
                "description": "Not signed in (browsers): redirect to `/login?next=…`.",
                "headers": {"Location": {"schema": {"type": "string"}}},
            }
    if method == "POST":
        responses["403"] = errors
    responses["4XX"] = errors
    op: dict[str, Any] = {
        "operationId": f"{ep['name']}_{method.lower()}" + ("_json" if twin else ""),
        "summary": ep["summary"],
        "description": description,
        "tags": [ep["tag"]],
        "parameters": parameters,
        "responses": responses,
        "x-login-required": ep["login"],
        "x-csrf-required": method == "POST",
    }
    if not parameters:
        del op["parameters"]
    if ep["login"]:
        op["security"] = [{"session": []}]
    if method == "POST":
        media = ["application/x-www-form-urlencoded", "application/json"]
        if ep["uploads"]:
            media.insert(1, "multipart/form-data")
        op["requestBody"] = {
            "required": False,
            "content": {m: {"schema": {"$ref": "#/components/schemas/Form"}} for m in media},
        }
    return op


def _version() -> str:
    try:
        return metadata.version("juesuan")
    except metadata.PackageNotFoundError:
        return "0"


def build_document(pages: list[Page]) -> dict[str, Any]:
    """The OpenAPI 3.1 document of these pages."""
    eps = endpoints(pages)
    paths: dict[str, dict[str, Any]] = {}
    used: set[str] = set()
    for ep in eps:
        item = paths.setdefault(ep["path"], {})
        for method in ep["methods"]:
            item[method.lower()] = _operation(ep, method)
        if ep["json_twin"]:
            paths.setdefault(ep["json_twin"], {})["get"] = _operation(ep, "GET", twin=True)
    for item in paths.values():  # operation ids must be unique (two views may share a name)
        for op in item.values():
            base, n = op["operationId"], 2
            while op["operationId"] in used:
                op["operationId"] = f"{base}_{n}"
                n += 1
            used.add(op["operationId"])
    tags = sorted({ep["tag"] for ep in eps})
    modules = {ep["tag"]: page.fn.__module__ for ep, page in zip(eps, pages, strict=True)}
    return {
        "openapi": "3.1.0",
        "info": {"title": "juesuan 部门决算公开平台", "version": _version(), "description": DESCRIPTION},
        "tags": [{"name": t, "description": _tag_description(modules[t])} for t in tags],
        "paths": paths,
        "components": {
            "securitySchemes": {
                "session": {
                    "type": "apiKey",
                    "in": "cookie",
                    "name": security.SESSION_COOKIE,
                    "description": "The login session, set by `POST /login`.",
                }
            },
            "schemas": {"Error": ERROR_SCHEMA, "Page": PAGE_SCHEMA, "Done": DONE_SCHEMA, "Form": FORM_SCHEMA},
            "responses": {
                "Error": {
                    "description": "Refused: not signed in (401), forbidden or CSRF (403), not found (404), "
                    "invalid (400), conflict (409), too large (413), throttled (429).",
                    "content": {
                        "application/json": {"schema": {"$ref": "#/components/schemas/Error"}},
                        "text/html": {"schema": {"type": "string"}},
                    },
                }
            },
        },
    }


def _pages(ctx: Ctx) -> list[Page]:
    """The route table as it is now (``juesuan_web.views.all_pages``, which the app hands over in its state:
    importing it here would make the views package and this module import each other)."""
    pages: list[Page] = ctx.request.app.state.route_table()
    return pages


def openapi_document(ctx: Ctx) -> Response:
    """The OpenAPI 3.1 document of every endpoint, generated from the route table (`/openapi.json`)."""
    return JSONResponse(build_document(_pages(ctx)))


def api_page(ctx: Ctx) -> Response:
    """A readable list of every endpoint: path, methods, login and CSRF requirements, description."""
    pages = _pages(ctx)
    eps = endpoints(pages)
    groups: dict[str, list[dict[str, Any]]] = {}
    for ep in eps:
        groups.setdefault(ep["tag"], []).append(ep)
    modules = {ep["tag"]: page.fn.__module__ for ep, page in zip(eps, pages, strict=True)}
    return ctx.render(
        "api.html",
        {
            "title": "接口文档",
            "groups": [
                {"tag": tag, "description": _tag_description(modules[tag]), "endpoints": items}
                for tag, items in groups.items()
            ],
            "session_cookie": security.SESSION_COOKIE,
            "anon_cookie": security.ANON_COOKIE,
        },
    )


ROUTES = [
    Page("/openapi", openapi_document, max_files=0),
    Page("/api", api_page, max_files=0),
]
