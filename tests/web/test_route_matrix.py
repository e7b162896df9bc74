"""Every route of the app, taken from the route table itself (so a page added later is covered too):
an anonymous visitor reaches only the public ones; a POST without its CSRF token changes nothing; a filler
reaches no reviewer's or administrator's page; every GET page has a JSON twin; and every GET page × every
role, on real objects, answers exactly as ``GET_MATRIX`` says."""

from __future__ import annotations

import re
from typing import Any

import pytest
from sqlalchemy import func, select

from juesuan_web.models import AuditEntry
from juesuan_web.views import all_pages
from tests.web.conftest import EXAMPLE, YEAR, org_id

DENIED = {401, 403, 404}
# Pages an anonymous visitor may open (the public ones); everything else needs a login.
PUBLIC_PREFIXES = ("/public", "/api", "/openapi")
PUBLIC_EXACT = {"/", "/login", "/favicon.ico"}
# Pages a filler may open besides their own unit's (a filler is not a reviewer or an administrator).
FILLER_PREFIXES = ("/units/", "/account", "/notices", "/public", "/api", "/openapi")
FILLER_EXACT = {"/", "/login", "/logout", "/favicon.ico"}
_PARAM = re.compile(r"\{(\w+)(?::(\w+))?\}")


def _fill(path: str, ints: dict[str, int]) -> str:
    def one(m: re.Match[str]) -> str:
        name, kind = m.group(1), m.group(2)
        if kind == "int":
            return str(ints.get(name, 1))
        return {"fmt": "html", "action": "submit", "what": "comment"}.get(name, "x")

    return _PARAM.sub(one, path)


def _audit_count(app: Any) -> int:
    with app.state.sessions() as db:
        return db.scalar(select(func.count()).select_from(AuditEntry)) or 0


def _pages(method: str) -> list[Any]:
    return [p for p in all_pages() if method in p.methods]


def test_the_route_table_is_what_the_app_serves(app) -> None:
    served = {getattr(r, "path", None) for r in app.routes}
    assert {p.path for p in all_pages()} <= served
    assert len(_pages("GET")) >= 10 and len(_pages("POST")) >= 8


def test_anonymous_reaches_only_public_pages(app, browsers) -> None:
    anon = browsers()
    ints = {"unit_id": org_id(app, "U11"), "year": YEAR, "dept_id": org_id(app, "D1")}
    for page in _pages("GET"):
        url = _fill(page.path, ints)
        public = page.path in PUBLIC_EXACT or page.path.startswith(PUBLIC_PREFIXES)
        assert public == (not page.login), f"{page.path}: login={page.login} but public={public}"
        r = anon.get(url, follow_redirects=False)
        if page.login:
            assert r.status_code == 303 and r.headers["location"].startswith("/login"), (url, r.status_code)
            twin = anon.get(url, headers={"accept": "application/json"})
            assert twin.status_code == 401 and twin.json()["ok"] is False, (url, twin.status_code)
        else:
            assert r.status_code in {200, 404}, (url, r.status_code)


def test_posts_without_csrf_token_change_nothing(app, browsers) -> None:
    admin, czj, tb11 = browsers("admin"), browsers("czj"), browsers("tb11")
    u11 = org_id(app, "U11")
    assert tb11.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    ints = {"unit_id": u11, "year": YEAR, "dept_id": org_id(app, "D1")}
    for page in _pages("POST"):
        url = _fill(page.path, ints)
        for client in (admin, czj, tb11):
            before = _audit_count(app)
            r = client.post(url, data={"comment": "x", "text": "x", "key": "department.duties"})
            assert r.status_code == 403, (url, r.status_code)
            r = client.post(url, data={"csrf_token": "0" * 64, "comment": "x"})
            assert r.status_code == 403, (url, r.status_code)
            assert _audit_count(app) == before, url


@pytest.mark.parametrize("filler", ["tb12", "tb21"])
def test_a_filler_reaches_no_reviewer_or_admin_page(app, browsers, filler) -> None:
    """Another unit's filler, on every page with U11's ids: nothing but the public pages and their own."""
    tb11 = browsers("tb11")
    u11 = org_id(app, "U11")
    tb11.upload(u11, EXAMPLE.read_bytes())
    upload_id = tb11.get(f"/units/{u11}/{YEAR}.json").json()["upload"]["id"]
    client = browsers(filler)
    ints = {"unit_id": u11, "year": YEAR, "dept_id": org_id(app, "D1"), "upload_id": upload_id}
    for page in _pages("GET"):
        url = _fill(page.path, ints)
        allowed = page.path in FILLER_EXACT or page.path.startswith(FILLER_PREFIXES)
        r = client.get(url, headers={"accept": "application/json"})
        if not allowed or page.path.startswith("/units/"):
            assert r.status_code in DENIED, (filler, url, r.status_code)
            assert "乐山市金口河区信访局" not in r.text or page.path.startswith("/public"), url


def test_every_get_page_has_a_json_twin(app, browsers) -> None:
    """Signed in as the 财政局审核人 (or the administrator for administration pages): a page that answers
    200 in HTML answers 200 with JSON at ``.json`` too, with ``ok`` true."""
    czj, admin = browsers("czj"), browsers("admin")
    ints = {"unit_id": org_id(app, "U11"), "year": YEAR, "dept_id": org_id(app, "D1")}
    checked = 0
    for page in _pages("GET"):
        url = _fill(page.path, ints)
        client = admin if page.path.startswith("/admin") else czj
        html = client.get(url)
        if html.status_code != 200 or not html.headers["content-type"].startswith("text/html"):
            continue
        suffix = "/.json" if url == "/" else url.split("?")[0] + ".json"
        twin = client.get(suffix)
        assert twin.status_code == 200 and twin.headers["content-type"].startswith("application/json"), url
        assert twin.json()["ok"] is True, url
        checked += 1
    assert checked >= 6


# Every GET page → the roles that may open it (with the ids of U11, D1, bm1's audit job, tb11's account and
# U11's published version). A page missing here fails the test: a new page must say who may see it.
EVERYONE = {None, "admin", "czj", "bm1", "bm2", "tb11", "tb12", "tb21"}
SIGNED_IN = EVERYONE - {None}
GET_MATRIX = {
    "/": EVERYONE,
    "/login": EVERYONE,
    "/favicon.ico": EVERYONE,
    "/units/{unit_id:int}/{year:int}": {"tb11", "bm1", "czj"},
    "/units/{unit_id:int}/{year:int}/preview": {"tb11", "bm1", "czj"},
    "/units/{unit_id:int}/{year:int}/uploads/{upload_id:int}": {"tb11", "bm1", "czj"},
    "/units/{unit_id:int}/{year:int}/template.xlsx": {"tb11", "bm1", "czj"},
    "/units/{unit_id:int}/{year:int}/versions": {"tb11", "bm1", "czj"},
    # the upload here is a YAML dataset: no annotated workbook for anyone (404); test_unit_downloads covers
    # a workbook
    "/units/{unit_id:int}/{year:int}/annotated.xlsx": set(),
    "/review": {"czj", "bm1", "bm2"},
    "/review/export.csv": {"czj", "bm1", "bm2"},
    "/review/export.xlsx": {"czj", "bm1", "bm2"},
    "/review/published.zip": {"czj", "bm1"},  # bm2's department has published nothing: 404
    "/review/publish": {"czj"},  # the confirmation page of publishing (only the 财政局审核人 publishes)
    "/departments/{dept_id:int}/{year:int}": {"czj", "bm1"},
    "/departments/{dept_id:int}/{year:int}/dataset": {"czj", "bm1"},
    "/departments/{dept_id:int}/{year:int}/preview": {"czj", "bm1"},
    "/public": EVERYONE,
    "/public/{version_id:int}": EVERYONE,
    "/public/{version_id:int}/download/{fmt:str}": EVERYONE,
    "/public/reports.zip": EVERYONE,
    "/admin": {"admin"},
    "/admin/users/{user_id:int}": {"admin"},
    "/admin/settings": {"admin", "czj"},
    "/admin/mail": {"admin"},
    "/notices": SIGNED_IN,
    "/audit": {"admin", "czj"},
    "/account": SIGNED_IN,
    "/openapi": EVERYONE,
    "/api": EVERYONE,
    "/inbox": {"admin", "czj", "bm1", "bm2"},
    "/inbox/{job_id:int}": {"admin", "czj", "bm1"},
    "/inbox/{job_id:int}/{doc_id:int}": {"admin", "czj", "bm1"},
    "/inbox/{job_id:int}/findings.csv": {"admin", "czj", "bm1"},
}


def test_every_get_page_for_every_role(app, browsers) -> None:
    """The whole route table × every role, on real objects: allowed → 200, anyone else → 401/403/404."""
    from juesuan_web.models import AuditDocument, User

    u11 = org_id(app, "U11")
    clients = {role: browsers(role) for role in EVERYONE}
    tb11, czj, bm1 = clients["tb11"], clients["czj"], clients["bm1"]
    assert tb11.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb11.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert czj.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    version_id = czj.act(f"/units/{u11}/{YEAR}/publish").json()["version_id"]
    upload_id = czj.get(f"/units/{u11}/{YEAR}.json").json()["upload"]["id"]
    job = bm1.act("/inbox", files=[("files", ("report.txt", "部门决算说明".encode()))])
    assert job.status_code == 200, job.text
    job_id = int(job.json()["location"].rstrip("/").rsplit("/", 1)[1])
    with app.state.sessions() as db:
        doc_id = db.scalar(select(AuditDocument.id).where(AuditDocument.job_id == job_id))
        user_id = db.scalar(select(User.id).where(User.username == "tb11"))
    ints = {
        "unit_id": u11,
        "year": YEAR,
        "upload_id": upload_id,
        "dept_id": org_id(app, "D1"),
        "version_id": version_id,
        "user_id": user_id,
        "job_id": job_id,
        "doc_id": doc_id,
    }
    pages = {p.path for p in _pages("GET")}
    assert pages == set(GET_MATRIX), f"pages without a row in GET_MATRIX: {pages ^ set(GET_MATRIX)}"
    for path, allowed in GET_MATRIX.items():
        url = _fill(path, ints)
        for role, client in clients.items():
            r = client.get(url, headers={"accept": "application/json"})
            if role in allowed:
                assert r.status_code == 200, (role, url, r.status_code, r.text[:200])
            else:
                assert r.status_code in DENIED, (role, url, r.status_code)
