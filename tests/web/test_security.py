"""CSRF, escaping, login throttling, upload refusals, immutable published versions."""

from __future__ import annotations

import io
import zipfile

import pytest

from juesuan_web.security import safe_filename
from tests.web.conftest import EXAMPLE, PASSWORD, YEAR, org_id


def test_csrf_required(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb, other = browsers("tb11"), browsers("tb12")
    url = f"/units/{u11}/{YEAR}/upload"
    files = {"file": ("dataset.yaml", EXAMPLE.read_bytes())}
    assert tb.post(url, files=files).status_code == 403  # no token
    assert tb.post(url, data={"csrf_token": "0" * 64}, files=files).status_code == 403  # a wrong one
    r = tb.post(url, data={"csrf_token": other.json_token()}, files=files)  # another session's token
    assert r.status_code == 403 and "CSRF" in r.text
    assert tb.get(f"/units/{u11}/{YEAR}.json").json()["submission"] is None
    # the login form too, and logout
    anon = browsers()
    assert anon.post("/login", data={"username": "tb11", "password": PASSWORD}).status_code == 403
    assert tb.post("/logout").status_code == 403
    # a header works for API clients; the form field for browsers
    r = tb.post(url, files=files, headers={"x-csrf-token": tb.json_token(), "accept": "application/json"})
    assert r.status_code == 200


def test_session_cookie_flags(app, browsers) -> None:
    b = browsers()
    token = b.token("/login")
    r = b.post("/login", data={"username": "tb11", "password": PASSWORD, "csrf_token": token})
    cookie = r.headers["set-cookie"]
    assert "juesuan_session=" in cookie and "HttpOnly" in cookie and "SameSite=lax" in cookie
    # logging out ends the session on the server too
    session = b.http.cookies["juesuan_session"]
    b.act("/logout")
    b.http.cookies.set("juesuan_session", session)
    assert b.get("/review.json").status_code == 401


def test_login_throttled(app, browsers) -> None:
    b = browsers(ip="10.0.0.7")
    for _ in range(5):
        assert b.login("tb11", "wrong").status_code == 400
    r = b.login("tb11")  # the right password is refused too, for a while
    assert r.status_code == 429 and "次数过多" in r.text
    assert browsers().login("tb12").status_code == 303  # another user is not affected
    assert browsers(ip="10.0.0.8").login("tb11").status_code == 303  # nor the user at another address


def test_an_office_behind_one_address_is_not_locked_out(app, browsers) -> None:
    """Issue 12 point 11: 20 mistakes of colleagues behind one NAT address do not lock the office out;
    each account is throttled on its own (per account and address, and per account from anywhere), and the
    address only at a much higher ceiling."""
    office = "10.1.1.1"
    for _ in range(4):
        for name in ("tb11", "tb12", "tb21", "bm1", "bm2", "czj"):
            assert browsers(ip=office).login(name, "wrong").status_code == 400  # 24 failures in all
    for name in ("tb11", "tb12", "tb21", "bm1", "bm2", "czj"):
        assert browsers(ip=office).login(name).status_code == 303
    # one account guessed from many addresses: locked after the per-account ceiling, everywhere
    s = app.state.settings
    for n in range(s.login_max_failures_user):
        assert browsers(ip=f"10.2.0.{n}").login("admin", "wrong").status_code == 400
    assert browsers(ip="10.3.0.1").login("admin").status_code == 429
    # one address spraying many user names: stopped at the per-address ceiling
    s.login_max_failures_ip = 30
    for n in range(6):
        browsers(ip=office).login(f"nobody{n}", "wrong")
    assert browsers(ip=office).login("tb11").status_code == 429


def test_html_is_escaped(app, browsers) -> None:
    admin = browsers("admin")
    evil = "<script>alert(1)</script>"
    r = admin.act(
        "/admin/users", {"username": "evil", "display_name": evil, "password": PASSWORD, "role": "admin"}
    )
    assert r.status_code == 200
    csv = f"代码,名称,上级,类型\nD1,乐山市金口河区信访局,R,部门\nU13,{evil},D1,单位\n"
    assert admin.act("/admin/org", files={"file": ("org.csv", csv.encode())}).status_code == 200
    page = admin.get("/admin").text
    assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    dash = browsers("czj").get("/review").text
    assert evil not in dash and "&lt;script&gt;" in dash
    # a comment, and a text field of the dataset in the generated report
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    text = EXAMPLE.read_text(encoding="utf-8").replace("  duties: >-\n", f"  duties: >-\n    {evil}\n", 1)
    assert tb.upload(u11, text.encode()).status_code == 200
    preview = tb.get(f"/units/{u11}/{YEAR}/preview").text
    assert evil not in preview and "&lt;script&gt;" in preview
    tb.act(f"/units/{u11}/{YEAR}/submit")
    browsers("bm1").act(f"/units/{u11}/{YEAR}/return", {"comment": evil})
    page = tb.get(f"/units/{u11}/{YEAR}").text
    assert evil not in page and "&lt;script&gt;alert(1)&lt;/script&gt;" in page


def _zip_bomb() -> bytes:
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        z.writestr("xl/workbook.xml", "<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (8 * 1024 * 1024))
    return out.getvalue()


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("report.xlsx", b"%PDF-1.7 not a workbook", "不是 Excel 工作簿"),
        ("report.xlsx", _zip_bomb(), "压缩炸弹"),
        ("report.pdf", b"%PDF-1.7", "只接受"),
        ("dataset.yaml", b"\xff\xfe\x00bad", "UTF-8"),
        ("dataset.yaml", b"prior_year:\n  dataset: ../../../etc/passwd\n", "不能引用其他文件"),
    ],
)
def test_uploads_refused(app, browsers, name, content, message) -> None:
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    r = tb.upload(u11, content, name)
    assert r.status_code == 400 and message in r.json()["error"], r.text
    assert tb.get(f"/units/{u11}/{YEAR}.json").json()["submission"] is None  # nothing stored


def test_upload_of_another_year_refused(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    r = tb.act(f"/units/{u11}/{YEAR + 1}/upload", files={"file": ("dataset.yaml", EXAMPLE.read_bytes())})
    assert r.status_code == 404  # a year the workflow does not have (issue 12 point 13)
    r = tb.act(f"/units/{u11}/{YEAR - 1}/upload", files={"file": ("dataset.yaml", EXAMPLE.read_bytes())})
    assert r.status_code == 400 and f"决算年度为{YEAR}年" in r.json()["error"]  # C007
    assert f"{YEAR - 1}年度" in r.json()["error"]


def test_upload_too_large(app, browsers) -> None:
    app.state.settings.max_upload_bytes = 1024 * 1024
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    r = tb.upload(u11, b"x: 1\n" * 300_000, "dataset.yaml")  # 1.5 MB: refused by the app's limit
    assert r.status_code == 400 and "过大" in r.json()["error"]
    r = tb.upload(u11, b"x: 1\n" * 30_000_000, "dataset.yaml")  # 150 MB: refused before it is read
    assert r.status_code == 413 and "过大" in r.text


def test_path_traversal_names(app, browsers) -> None:
    assert safe_filename("../../etc/passwd.yaml") == "passwd.yaml"
    assert safe_filename("..\\..\\boot.ini") == "boot.ini"
    assert safe_filename("....") == "upload"
    assert safe_filename("a/<b>.yaml") == "b_.yaml"
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    assert tb.upload(u11, EXAMPLE.read_bytes(), "../../../tmp/x.yaml").status_code == 200
    up = tb.get(f"/units/{u11}/{YEAR}.json").json()["upload"]
    assert up["filename"] == "x.yaml"
    r = tb.get(f"/units/{u11}/{YEAR}/uploads/{up['id']}")
    assert 'filename="x.yaml"' in r.headers["content-disposition"]


def test_published_versions_are_immutable(app, browsers) -> None:
    from sqlalchemy import select

    from juesuan_web.models import ImmutableError, PublishedFile, PublishedVersion

    u11 = org_id(app, "U11")
    tb, czj = browsers("tb11"), browsers("czj")
    tb.upload(u11, EXAMPLE.read_bytes())
    tb.act(f"/units/{u11}/{YEAR}/submit")
    czj.act(f"/units/{u11}/{YEAR}/approve")
    v = czj.act(f"/units/{u11}/{YEAR}/publish").json()["version_id"]
    # no route changes a publication
    for method in ("POST", "PUT", "DELETE", "PATCH"):
        for url in (f"/public/{v}", f"/public/{v}/download/html"):
            assert czj.request(method, url, headers={"x-csrf-token": czj.json_token()}).status_code == 405
    assert czj.act(f"/units/{u11}/{YEAR}/publish").status_code == 409  # already published
    # and the database layer refuses changes and deletes
    with app.state.sessions() as db:
        f = db.scalar(select(PublishedFile).where(PublishedFile.version_id == v).limit(1))
        f.content = b"tampered"
        with pytest.raises(ImmutableError):
            db.commit()
        db.rollback()
        version = db.get(PublishedVersion, v)
        version.title = "tampered"
        with pytest.raises(ImmutableError):
            db.commit()
        db.rollback()
        db.delete(db.get(PublishedVersion, v))
        with pytest.raises(ImmutableError):
            db.commit()


def test_too_many_files_is_told_in_chinese(app, browsers) -> None:
    tb11 = browsers("tb11")
    u11 = org_id(app, "U11")
    files = [("file", (f"f{i}.yaml", b"x")) for i in range(3)]
    r = tb11.act(f"/units/{u11}/{YEAR}/upload", files=files)
    assert r.status_code == 400
    assert r.json()["error"] == "一次上传的文件过多（上限 2 个）"
