"""The OpenAPI document and the /api page: generated from the route table, complete, valid, and true to
how the app answers."""

from __future__ import annotations

import re
from types import SimpleNamespace
from typing import Any

from openapi_spec_validator import validate
from starlette.routing import Mount, Route

from juesuan_web import security, views
from juesuan_web.framework import Page
from juesuan_web.views import admin as admin_views
from juesuan_web.views.openapi import build_document, openapi_path

PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")


def document(browsers: Any) -> dict[str, Any]:
    r = browsers().get("/openapi.json")
    assert r.status_code == 200 and r.headers["content-type"].startswith("application/json")
    return r.json()


def test_every_route_is_documented(app, browsers) -> None:
    doc = document(browsers)
    validate(doc)
    assert doc["openapi"].startswith("3.1")
    paths = doc["paths"]
    routes = [r for r in app.routes if not isinstance(r, Mount)]
    assert len(routes) >= 20
    expected: dict[str, set[str]] = {}  # one path may be served by several routes (GET and POST)
    for route in routes:
        assert isinstance(route, Route)
        methods = {m.lower() for m in route.methods or ()} - {"head"}
        assert methods, route.path
        expected.setdefault(openapi_path(route.path), set()).update(methods)
    for path, methods in expected.items():
        assert path in paths, path
        assert set(paths[path]) == methods, (path, methods, set(paths[path]))
    for route in routes:
        path = openapi_path(route.path)
        for method in {m.lower() for m in route.methods or ()} - {"head"}:
            op = paths[path][method]
            assert op["summary"] and op["operationId"] and op["responses"]
            # path parameters with the convertor's type
            declared = {p["name"]: p for p in op.get("parameters", []) if p["in"] == "path"}
            for name, convertor in PARAM.findall(route.path):
                assert declared[name]["required"] is True
                want = {"int": "integer", "float": "number"}.get(convertor, "string")
                assert declared[name]["schema"]["type"] == want, (route.path, name)
            if method == "post":
                assert op["x-csrf-required"] is True
                assert any(p["in"] == "header" and p["name"] == "X-CSRF-Token" for p in op["parameters"])
                body = op["requestBody"]["content"]["application/x-www-form-urlencoded"]["schema"]
                assert body == {"$ref": "#/components/schemas/Form"}
            if method == "get" and "." not in route.path.rsplit("/", 1)[-1]:
                twin = "/.json" if path == "/" else path + ".json"
                assert "application/json" in paths[twin]["get"]["responses"]["200"]["content"]
    ids = [op["operationId"] for item in paths.values() for op in item.values()]
    assert len(ids) == len(set(ids))


def test_login_csrf_errors_and_docstrings(app, browsers) -> None:
    doc = document(browsers)
    paths = doc["paths"]
    scheme = doc["components"]["securitySchemes"]["session"]
    assert scheme == scheme | {"type": "apiKey", "in": "cookie", "name": security.SESSION_COOKIE}
    logins = {(openapi_path(p.path), m.lower()): p.login for p in views.all_pages() for m in p.methods}
    for (path, method), login in logins.items():
        op = paths[path][method]
        assert op["x-login-required"] is login
        assert (op.get("security") == [{"session": []}]) is login, path
        if login:
            assert op["responses"]["401"] == {"$ref": "#/components/responses/Error"}
    error = doc["components"]["schemas"]["Error"]
    assert error["required"] == ["ok", "error", "status"]
    assert error["properties"]["ok"] == {"const": False}
    # summary and description from the view's docstring
    op = paths["/admin/users/{user_id}/deactivate"]["post"]
    assert op["summary"] == " ".join(admin_views.admin_deactivate_user.__doc__.split())
    assert op["tags"] == ["admin"]
    assert "X-CSRF-Token" in op["description"] and security.SESSION_COOKIE in op["description"]
    assert "Administration" in {t["name"]: t["description"] for t in doc["tags"]}["admin"]


def test_document_follows_the_route_table(app, browsers, monkeypatch) -> None:
    """A page added to the route table appears without any change to the generator; a view without a
    docstring is summarised by its name."""

    def undocumented_view(ctx: Any, item_id: int) -> Any:
        return None

    extra = SimpleNamespace(
        ROUTES=[Page("/extra/{item_id:int}/things", undocumented_view, login=True, methods=("GET", "POST"))]
    )

    monkeypatch.setattr(views, "MODULES", [*views.MODULES, extra])
    doc = document(browsers)
    validate(doc)
    item = doc["paths"]["/extra/{item_id}/things"]
    assert set(item) == {"get", "post"}
    assert item["get"]["summary"] == "undocumented view"
    assert item["post"]["parameters"][0]["schema"]["type"] == "integer"
    assert "/extra/{item_id}/things.json" in doc["paths"]
    assert "/extra/{item_id}/things" in browsers().get("/api").text
    # two views of the same name still get distinct operation ids
    twin = Page("/again", undocumented_view)
    ids = [
        op["operationId"]
        for it in build_document([*extra.ROUTES, twin])["paths"].values()
        for op in it.values()
    ]
    assert len(ids) == len(set(ids)) == 5


def test_the_json_twins_answer_as_documented(app, browsers) -> None:
    """Every documented JSON twin without parameters answers JSON to an anonymous client: the page's data,
    or the documented error shape."""
    doc = document(browsers)
    twins = [p for p in doc["paths"] if p.endswith(".json") and "{" not in p]
    assert {"/.json", "/openapi.json", "/api.json", "/admin.json"} <= set(twins)
    for path in twins:
        r = browsers().get(path)
        assert r.headers["content-type"].startswith("application/json"), path
        body = r.json()
        if r.status_code >= 400:
            assert body == {"ok": False, "error": body["error"], "status": r.status_code}, path
            assert isinstance(body["error"], str) and body["error"]
        else:
            assert r.status_code == 200, path


def test_api_page(app, browsers) -> None:
    anon = browsers()
    r = anon.get("/api")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    page = r.text
    doc = document(browsers)
    for path in doc["paths"]:
        assert f"<code>{path}</code>" in page or f"<code>GET {path}</code>" in page, path
    assert 'href="/openapi.json"' in page and "X-CSRF-Token" in page and security.SESSION_COOKIE in page
    # server-rendered, nothing from outside
    assert "<script" not in page and not re.search(r'(src|href)="(https?:)?//', page)
    data = anon.get("/api.json").json()
    listed = {ep["path"] for g in data["groups"] for ep in g["endpoints"]}
    assert listed == {openapi_path(p.path) for p in views.all_pages()}
    # signed-in users see it too
    assert browsers("tb11").get("/api").status_code == 200
