"""Migrations, the organisation import, JSON twins and error shape, `juesuan serve`, the demo."""

from __future__ import annotations

import io

import openpyxl
from alembic.autogenerate import compare_metadata
from alembic.migration import MigrationContext
from click.testing import CliRunner

from juesuan_web import create_app
from juesuan_web.demo import load_demo
from juesuan_web.models import Base
from tests.web.conftest import YEAR, make_settings, org_id


def test_migrations_match_models(empty_db_url) -> None:
    """A first start migrates an empty database to exactly the models' schema (the other tests start from
    a database migrated once per session: tests/web/conftest.py)."""
    application = create_app(make_settings(empty_db_url))
    try:
        with application.state.engine.connect() as conn:
            context = MigrationContext.configure(conn, opts={"compare_type": True})
            diff = compare_metadata(context, Base.metadata)
            assert context.get_current_revision() is not None
        assert diff == []
    finally:
        application.state.engine.dispose()


def test_restart_keeps_data(app, db_url) -> None:
    again = create_app(make_settings(db_url))  # migrations run again: nothing to do, nothing lost
    try:
        assert org_id(again, "U11") == org_id(app, "U11")
    finally:
        again.state.engine.dispose()


def test_json_twins_and_error_shape(app, browsers) -> None:
    czj = browsers("czj")
    for page in ("/", "/public", "/review", "/audit"):
        by_suffix = czj.get(page.rstrip("/") + ".json" if page != "/" else "/.json")
        by_accept = czj.get(page, headers={"accept": "application/json"})
        assert by_suffix.headers["content-type"] == "application/json" and by_suffix.json()["ok"] is True
        assert by_accept.json().keys() == by_suffix.json().keys()
        assert czj.get(page).headers["content-type"].startswith("text/html")
    for url in ("/nowhere.json", "/public/999.json"):
        r = czj.get(url)
        assert r.status_code == 404 and r.json() == {"ok": False, "error": r.json()["error"], "status": 404}
    assert "页面不存在" in czj.get("/nowhere").text


def test_org_import(app, browsers) -> None:
    admin = browsers("admin")
    bad = "代码,名称,上级,类型\nD9,新部门,NOPE,部门\nU91,新单位,D9,学校\n"
    r = admin.act("/admin/org", files={"file": ("org.csv", bad.encode("utf-8"))})
    assert r.status_code == 400 and "第3行" in r.json()["error"]
    r = admin.act("/admin/org", files={"file": ("org.csv", "名称\n".encode())})
    assert r.status_code == 400 and "缺少列" in r.json()["error"]
    book = openpyxl.Workbook()
    ws = book.active
    ws.append(["代码", "名称", "上级", "类型"])
    ws.append(["D9", "新部门", "R", "部门"])
    ws.append(["U91", "新单位", "D9", "事业单位"])
    ws.append(["U12", "信访局下属中心（更名）", "D1", "事业单位"])
    out = io.BytesIO()
    book.save(out)
    r = admin.act("/admin/org", files={"file": ("org.xlsx", out.getvalue())})
    assert r.status_code == 200 and r.json()["imported"] == {"region": 0, "department": 1, "unit": 2}
    orgs = {o["code"]: o for o in admin.get("/admin.json").json()["orgs"]}
    assert orgs["U91"]["parent"] == "D9" and orgs["U91"]["unit_type"] == "事业单位"
    assert orgs["U12"]["name"] == "信访局下属中心（更名）"
    # a filler needs a unit, a department reviewer a department
    r = admin.act("/admin/users", {"username": "x", "password": "long-enough", "role": "filler", "org": "D9"})
    assert r.status_code == 400
    r = admin.act(
        "/admin/users", {"username": "x", "password": "long-enough", "role": "filler", "org": "U91"}
    )
    assert r.status_code == 200
    assert browsers().login("x", "long-enough").headers["location"] == f"/units/{org_id(app, 'U91')}/{YEAR}"


def test_serve_get(tmp_path, monkeypatch) -> None:
    from juesuan.cli import main

    monkeypatch.setenv("JUESUAN_ADMIN_PASSWORD", "admin-password-1")
    db = tmp_path / "cli.sqlite3"
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--get", "/public.json"])
    assert result.exit_code == 0, result.output
    assert '"ok":true' in result.output
    result = CliRunner().invoke(main, ["serve", "--db", str(db), "--get", "/review.json"])
    assert result.exit_code == 1 and "请先登录" in result.output


def test_demo(tmp_path) -> None:
    settings = make_settings(f"sqlite:///{tmp_path / 'demo.sqlite3'}")
    app = create_app(settings)
    try:
        accounts = load_demo(app.state.sessions, settings)
        assert {"admin", "czj", "bm101", "tb101001"} <= {a[0] for a in accounts}
        assert load_demo(app.state.sessions, settings) == accounts  # loading again changes nothing
        from tests.web.conftest import Browser

        b = Browser(app)
        try:
            assert b.login("czj", "demo-2024").status_code == 303
            states = {r["unit"]["code"]: r["state"] for r in b.get("/review.json").json()["units"]}
            assert states == {
                "101001": "published",
                "102001": "submitted",
                "102002": "not_started",
                "103001": "draft",
                "103002": "returned",
                "103003": "approved",
            }
            assert len(b.get("/public.json").json()["reports"]) == 1
            review = b.get("/review.json").json()
            assert review["deadline"]["date"] == f"{YEAR + 1}-06-30" and review["facets"]["overdue"] == 3
        finally:
            b.close()
    finally:
        app.state.engine.dispose()


def test_worker_processes_rebuild_the_same_settings(tmp_path, monkeypatch) -> None:
    """`juesuan serve --workers N`: each worker builds its app from the environment the parent set."""
    from juesuan_web.asgi import app_from_env, settings_from_env, settings_to_env
    from juesuan_web.settings import Settings

    given = Settings(db_url=str(tmp_path / "w.sqlite3"), year=2025, secret_key="k" * 32, secure_cookies=True)
    for key, value in settings_to_env(given).items():
        monkeypatch.setenv(key, value)
    again = settings_from_env()
    assert (again.db_url, again.year, again.secret_key, again.secure_cookies) == (
        given.db_url,
        2025,
        "k" * 32,
        True,
    )
    app = app_from_env()
    try:
        assert app.state.settings.year == 2025
    finally:
        app.state.engine.dispose()
