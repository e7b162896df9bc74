"""Issue 12, points 9, 10 and 12: a refused form is shown again with its message and what was typed, success
messages after actions; Chinese names instead of internal ones (finding locations, the audit log), the
return reason and the 上年数 note once, text fields that conflict only on the same field; the public pages
(downloads in a reader's order with sizes and short hashes, never the uploaded source, a search).
On SQLite and PostgreSQL (the ``app`` fixture); what a person sees in a browser is in test_browser.py."""

from __future__ import annotations

import hashlib
import html as htmllib
import io
import re
import zipfile
from typing import Any

import pytest
from starlette.routing import Route

from juesuan_web import create_app
from juesuan_web.framework import FLASH_COOKIE, sign_flash
from juesuan_web.workflow import FIELD_CONFLICT
from tests.web.conftest import EXAMPLE, YEAR, Browser, make_settings, org_id, own_dataset, seed

PLACEHOLDER = re.sub(
    r"(?m)^  total_change: .*$", "  total_change: 待补充", EXAMPLE.read_text(encoding="utf-8"), count=1
)


def visible(page: str) -> str:
    """The text a person reads: no tags, attributes, scripts or styles."""
    page = re.sub(r"<(script|style)\b.*?</\1>", "", page, flags=re.S)
    return htmllib.unescape(re.sub(r"<[^>]+>", " ", page))


def refused_box(page: str) -> str:
    m = re.search(r'<div class="box error" role="alert" id="refused">(.*?)</div>', page, re.S)
    assert m, "no message at the top of the page"
    return htmllib.unescape(m.group(1))


def field_error(page: str, name: str) -> str:
    """The message shown beside the input named ``name`` (in the same label)."""
    m = re.search(
        rf'name="{name}"[^>]*>(?:[^<]*</textarea>)?<span class="field-error"[^>]*>(.*?)</span>', page
    )
    assert m, f"no message beside {name}"
    return htmllib.unescape(m.group(1))


def input_value(page: str, name: str) -> str:
    m = re.search(rf'<input[^>]*name="{name}"[^>]*>', page)
    assert m, name
    v = re.search(r'value="([^"]*)"', m.group(0))
    return htmllib.unescape(v.group(1)) if v else ""


def html_post(b: Browser, page_url: str, url: str, data: dict[str, Any], files: Any = None) -> Any:
    token = b.token(page_url)
    return b.post(url, data={"csrf_token": token} | data, files=files)


# --------------------------------------------------------------------------- 9. refused forms, flashes


def test_refused_user_form_is_shown_again_with_input_kept(app, browsers) -> None:
    admin = browsers("admin")
    typed = {
        "username": "wang.li",
        "display_name": "王立",
        "password": "short",
        "role": "filler",
        "org": "U21",
    }
    r = html_post(admin, "/admin", "/admin/users", typed)
    assert r.status_code == 400
    page = r.text
    assert "密码至少 8 位" in refused_box(page) and "密码至少 8 位" in field_error(page, "password")
    assert input_value(page, "username") == "wang.li" and input_value(page, "display_name") == "王立"
    assert input_value(page, "org") == "U21" and '<option value="filler" selected>' in page
    assert input_value(page, "password") == "" and "short" not in page  # a password is never sent back
    assert 'action="/admin/users"' in page and 'name="csrf_token"' in page  # the form itself, ready again
    # the same refusal for a JSON client: the status and a JSON error body
    r = admin.act("/admin/users", typed)
    assert r.status_code == 400 and r.json() == {"ok": False, "error": "密码至少 8 位", "status": 400}

    # an org of the wrong kind: the message beside the org field
    r = html_post(admin, "/admin", "/admin/users", typed | {"password": "long-enough-1", "org": "D2"})
    assert r.status_code == 400 and "所属单位" in field_error(r.text, "org")
    # fixed and sent again from the page shown: created, with a one-time message on the next page
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', r.text).group(1)
    r = admin.post("/admin/users", data={"csrf_token": token} | typed | {"password": "long-enough-1"})
    assert r.status_code == 303
    first = admin.get(r.headers["location"]).text
    assert "已创建用户 wang.li。" in visible(first)
    assert "已创建用户" not in admin.get("/admin").text  # shown once
    # a duplicate name: 409, the typed name kept and the message beside it
    r = html_post(admin, "/admin", "/admin/users", typed | {"password": "long-enough-1"})
    assert r.status_code == 409 and "用户名已存在" in field_error(r.text, "username")
    assert input_value(r.text, "username") == "wang.li"


def test_expired_token_shows_the_form_again_with_a_fresh_token(app, browsers) -> None:
    admin = browsers("admin")
    typed = {"username": "zhao", "display_name": "赵", "password": "long-enough-1", "role": "admin"}
    r = admin.post("/admin/users", data={"csrf_token": "0" * 64} | typed)
    assert r.status_code == 403 and "CSRF" in refused_box(r.text)
    assert input_value(r.text, "username") == "zhao" and input_value(r.text, "password") == ""
    token = re.search(r'name="csrf_token" value="([0-9a-f]+)"', r.text).group(1)
    assert admin.post("/admin/users", data={"csrf_token": token} | typed).status_code == 303
    # nothing was created by the refused POST: the name was free for the second one
    assert [u for u in admin.get("/admin.json").json()["users"] if u["username"] == "zhao"]


def test_refused_login_keeps_the_user_name(app, browsers) -> None:
    b = browsers()
    r = html_post(b, "/login", "/login", {"username": "tb11", "password": "wrong-password"})
    assert r.status_code == 400 and "用户名或密码错误" in r.text
    assert input_value(r.text, "username") == "tb11" and "wrong-password" not in r.text


def test_flash_cookie_is_signed(app, browsers) -> None:
    admin = browsers("admin")
    forged = sign_flash("not-the-secret", {"k": "user_created", "p": {"username": "x"}})
    admin.http.cookies.set(FLASH_COOKIE, forged)
    assert "已创建用户" not in admin.get("/admin").text


def test_refused_unit_actions_keep_the_page_and_say_why(app, browsers) -> None:
    u11, u21 = org_id(app, "U11"), org_id(app, "U21")
    tb11, tb21, bm1 = browsers("tb11"), browsers("tb21"), browsers("bm1")
    unit_url = f"/units/{u21}/{YEAR}"
    # another unit's file through the form: the unit page again, the reason at the top and beside the file
    r = html_post(tb21, unit_url, f"{unit_url}/upload", {}, {"file": ("dataset.yaml", EXAMPLE.read_bytes())})
    assert r.status_code == 400
    assert "测试区第一小学" in refused_box(r.text) and "请重新选择文件" in refused_box(r.text)
    assert "上传被拒绝" in field_error(r.text, "file")
    assert f'action="{unit_url}/upload"' in r.text
    # the right file: uploaded, with a message giving the counts
    r = html_post(tb21, unit_url, f"{unit_url}/upload", {}, {"file": ("d.yaml", own_dataset(app, "U21"))})
    assert r.status_code == 303
    assert re.search(r"已上传“d.yaml”并完成校验：严重 0，错误 \d+", visible(tb21.get(unit_url).text))

    # a return without a reason: the reviewer's page again, the message beside the return form's comment
    assert tb11.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb11.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    page = f"/units/{u11}/{YEAR}"
    r = html_post(bm1, page, f"{page}/return", {"comment": "  "})
    assert r.status_code == 400 and "退回时请填写意见" in field_error(r.text, "comment")
    assert re.search(r'action="[^"]*/return".*?<span class="field-error"', r.text, re.S)
    assert not re.search(r'action="[^"]*/approve"[^<]*(<[^>]*>[^<]*){0,6}<span class="field-error"', r.text)
    r = html_post(bm1, page, f"{page}/return", {"comment": "请补充“三公”经费说明"})
    assert r.status_code == 303 and "已退回。" in visible(bm1.get(page).text)


def test_an_oversized_upload_from_a_form_is_refused_on_the_form(db_url) -> None:
    application = create_app(make_settings(db_url, max_upload_bytes=1024 * 1024))
    seed(application)
    b = Browser(application)
    try:
        assert b.login("tb21").status_code == 303
        url = f"/units/{org_id(application, 'U21')}/{YEAR}"
        big = b"x" * (1024 * 1024 + 200 * 1024)
        r = html_post(b, url, f"{url}/upload", {}, {"file": ("big.xlsx", big)})
        assert r.status_code == 413
        assert "上传内容过大" in refused_box(r.text) and "请重新选择文件" in refused_box(r.text)
        assert f'action="{url}/upload"' in r.text  # the form, not a bare error page
        r = b.post(f"{url}/upload", files={"file": ("big.xlsx", big)}, headers={"accept": "application/json"})
        assert r.status_code == 413 and r.json()["ok"] is False and "上传内容过大" in r.json()["error"]
    finally:
        b.close()
        application.state.engine.dispose()


# --------------------------------------------------------------------------- 10. names, notes, conflicts


def test_findings_and_history_use_chinese_names(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb, czj = browsers("tb11"), browsers("czj")
    assert tb.upload(u11, PLACEHOLDER.encode()).status_code == 200
    p = tb.get(f"/units/{u11}/{YEAR}.json").json()
    loc = next(
        loc
        for sev in p["findings"].values()
        for f in sev
        for loc in f["locations"]
        if loc["key"] == "explanations.total_change"
    )
    assert loc["label"] == "收入、支出总计变动原因" and loc["anchor"] == "field-explanations.total_change"
    page = tb.get(f"/units/{u11}/{YEAR}").text
    assert '<a href="#field-explanations.total_change">收入、支出总计变动原因</a>' in page
    text = visible(page)
    for internal in ("explanations.", "department.duties", "stated.", "functional_items["):
        assert internal not in text, internal
    assert text.count("上年数") == 1  # the note about last year's figures, said once

    # an edit shows in the history and the audit log by its Chinese names, never as \uXXXX
    v = p["submission"]["version"]
    r = tb.post(
        f"/units/{u11}/{YEAR}/text",
        json={"key": "department.duties", "text": "负责信访工作。", "version": v},
        headers={"accept": "application/json", "x-csrf-token": tb.json_token()},
    )
    assert r.status_code == 200, r.text
    history = visible(tb.get(f"/units/{u11}/{YEAR}").text)
    assert "修改文字内容：部门职责" in history and "edit_text" not in history
    audit = czj.get("/audit").text
    assert "\\u" not in audit and "edit_text" not in visible(audit)
    assert "修改文字内容" in audit and "文字项：部门职责" in visible(audit) and "负责信访工作。" in audit
    assert "上传数据" in audit and "申报" in visible(audit)


def test_workbook_cells_link_to_the_annotated_workbook(app, browsers) -> None:
    from openpyxl import load_workbook

    from juesuan.excel.common import workbook_spec
    from juesuan.excel.export import export_workbook
    from juesuan.loader import load_dataset

    wb = load_workbook(io.BytesIO(export_workbook(load_dataset(EXAMPLE))))
    ws = wb[workbook_spec()["text_sheet"]["title"]]
    row = next(r for r in ws.iter_rows() if any(c.value == "explanations.total_change" for c in r))
    key_col = next(c.column for c in row if c.value == "explanations.total_change")
    next(
        c for c in row if c.column > key_col and isinstance(c.value, str) and c.value.strip()
    ).value = "待补充"
    data = io.BytesIO()
    wb.save(data)
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    assert tb.upload(u11, data.getvalue(), "公开表.xlsx").status_code == 200
    page = tb.get(f"/units/{u11}/{YEAR}").text
    cells = re.findall(rf'<a class="cell" href="/units/{u11}/{YEAR}/annotated.xlsx"[^>]*>([^<]+)</a>', page)
    assert cells and all(re.fullmatch(r"[^!]+![A-Z]+\d+", c) for c in cells), cells
    assert '<a href="#field-explanations.total_change">收入、支出总计变动原因</a>' in page


def test_return_reason_at_the_top_of_the_units_page(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb, bm = browsers("tb11"), browsers("bm1")
    assert tb.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert bm.act(f"/units/{u11}/{YEAR}/return", {"comment": "请补充“三公”经费说明"}).status_code == 200
    page = tb.get(f"/units/{u11}/{YEAR}").text
    m = re.search(r'id="sent-back">(.*?)</div>', page, re.S)
    assert m and "退回原因" in m.group(1) and "请补充“三公”经费说明" in htmllib.unescape(m.group(1))
    assert page.index('id="sent-back"') < page.index("<h2>校验问题</h2>")
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert 'id="sent-back"' not in tb.get(f"/units/{u11}/{YEAR}").text  # gone once resubmitted


def edit(b: Browser, unit: int, key: str, text: str, base: str, upload: int, version: int) -> Any:
    return b.post(
        f"/units/{unit}/{YEAR}/text",
        json={"key": key, "text": text, "base": base, "upload": upload, "version": version},
        headers={"accept": "application/json", "x-csrf-token": b.json_token()},
    )


def test_two_tabs_conflict_only_on_the_same_field(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tab_a, tab_b = browsers("tb11"), browsers("tb11")
    assert tab_a.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    seen = tab_a.get(f"/units/{u11}/{YEAR}.json").json()  # both tabs opened the same page
    values = {f["key"]: f["value"] for f in seen["text_fields"]}
    upload, version = seen["upload"]["id"], seen["submission"]["version"]
    duties, cost = "department.duties", "admin_cost.reason"

    r = edit(tab_a, u11, duties, "甲窗口写的职责。", values[duties], upload, version)
    assert r.status_code == 200, r.text
    # the other tab, still on the old page, edits another field: saved, nothing of tab A's lost
    r = edit(tab_b, u11, cost, "乙窗口写的原因。", values[cost], upload, version)
    assert r.status_code == 200, r.text
    now = {f["key"]: f["value"] for f in tab_a.get(f"/units/{u11}/{YEAR}.json").json()["text_fields"]}
    assert now[duties] == "甲窗口写的职责。" and now[cost] == "乙窗口写的原因。"
    # the other tab edits the field tab A changed: a conflict, said once, and nothing overwritten
    r = edit(tab_b, u11, duties, "乙窗口写的职责。", values[duties], upload, version)
    assert r.status_code == 409 and r.json() == {"ok": False, "error": FIELD_CONFLICT, "status": 409}
    assert FIELD_CONFLICT.count("刷新") == 1
    now = {f["key"]: f["value"] for f in tab_a.get(f"/units/{u11}/{YEAR}.json").json()["text_fields"]}
    assert now[duties] == "甲窗口写的职责。"
    # tab A goes on from what it saved
    assert edit(tab_a, u11, duties, "甲窗口再改。", "甲窗口写的职责。", upload, version).status_code == 200
    # a new upload meanwhile: an edit from the old page is refused rather than written into the new data
    assert tab_a.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    r = edit(tab_b, u11, cost, "乙窗口又改。", "乙窗口写的原因。", upload, version)
    assert r.status_code == 409 and "重新上传" in r.json()["error"]


# --------------------------------------------------------------------------- 12. public pages


@pytest.fixture
def docs_app(db_url: str) -> Any:
    """Publishing Word, Excel, HTML and JSON (no PDF: its rendering is slow and its place is the same)."""
    application = create_app(make_settings(db_url, publish_formats=("json", "xlsx", "html", "docx")))
    seed(application)
    yield application
    application.state.engine.dispose()


def publish(application: Any, code: str, content: bytes) -> int:
    unit = org_id(application, code)
    tb = Browser(application)
    czj = Browser(application)
    try:
        for b, name in ((tb, f"tb{code[1:]}"), (czj, "czj")):
            assert b.login(name).status_code == 303
        assert tb.upload(unit, content).status_code == 200
        assert tb.act(f"/units/{unit}/{YEAR}/submit").status_code == 200
        assert czj.act(f"/units/{unit}/{YEAR}/approve").status_code == 200
        r = czj.act(f"/units/{unit}/{YEAR}/publish")
        assert r.status_code == 200, r.text
        return r.json()["version_id"]
    finally:
        tb.close()
        czj.close()


def test_public_downloads_in_a_readers_order_without_the_source(docs_app) -> None:
    source = EXAMPLE.read_bytes()
    v = publish(docs_app, "U11", source)
    anon = Browser(docs_app)
    try:
        data = anon.get(f"/public/{v}.json").json()
        assert [f["format"] for f in data["files"]] == ["docx", "xlsx", "html", "json"]
        page = anon.get(f"/public/{v}").text
        links = re.findall(rf'<a href="/public/{v}/download/(\w+)">([^<]+)</a>', page)
        assert links == [
            ("docx", "Word 文档"),
            ("xlsx", "Excel 表格"),
            ("html", "网页版"),
            ("json", "数据（JSON）"),
        ]
        for f in data["files"]:
            short = f["sha256"][:12]
            assert f'<code title="SHA-256：{f["sha256"]}">{short}</code>' in page
            body = anon.get(f["url"]).content
            assert hashlib.sha256(body).hexdigest() == f["sha256"] and len(body) == f["size"]
        sizes = re.findall(r'<td class="num">([^<]+)</td>', page)
        assert len(sizes) == 4 and all(re.fullmatch(r"\d+\.\d (KB|MB)", s) for s in sizes), sizes

        # the uploaded source is not public anywhere: not listed, not downloadable, not in the year's zip
        assert anon.get(f"/public/{v}/download/dataset").status_code == 404
        source_hash = hashlib.sha256(source).hexdigest()
        public = [p.path for p in docs_app.routes if isinstance(p, Route) and p.path.startswith("/public")]
        assert set(public) == {
            "/public",
            "/public/{version_id:int}",
            "/public/{version_id:int}/download/{fmt:str}",
            "/public/reports.zip",
        }
        bodies = [anon.get(u) for u in ("/public", "/public.json", f"/public/{v}", f"/public/{v}.json")]
        bodies += [anon.get(f["url"]) for f in data["files"]]
        for fmt in ("dataset", "yaml", "source", "upload", "txt"):
            bodies.append(anon.get(f"/public/{v}/download/{fmt}"))
        zipped = anon.get(f"/public/reports.zip?year={YEAR}")
        assert zipped.status_code == 200
        with zipfile.ZipFile(io.BytesIO(zipped.content)) as z:
            contents = [z.read(n) for n in z.namelist()]
        for r in bodies:
            assert r.content != source
        for r in bodies[:4]:  # the pages say nothing of it either (data.json keeps the figures' lineage)
            assert source_hash not in r.text and "dataset.yaml" not in r.text
        assert source not in contents
    finally:
        anon.close()


def test_public_list_search(docs_app) -> None:
    publish(docs_app, "U11", own_dataset(docs_app, "U11"))
    publish(docs_app, "U21", own_dataset(docs_app, "U21"))
    anon = Browser(docs_app)
    try:

        def units(query: str) -> list[str]:
            return [r["unit"]["name"] for r in anon.get(f"/public.json?{query}").json()["reports"]]

        assert sorted(units("")) == ["乐山市金口河区信访局", "测试区第一小学"]
        assert units("q=第一小学") == ["测试区第一小学"]
        assert units("q=教育局") == ["测试区第一小学"]  # the department's name finds its units
        assert units("dept=D1") == ["乐山市金口河区信访局"]
        assert units(f"year={YEAR}&q=信访") == ["乐山市金口河区信访局"]
        assert units(f"year={YEAR - 1}") == [] and units("q=100%25") == [] and units("q=_") == []
        page = anon.get("/public?q=第一小学").text  # a plain GET form: works without scripts
        assert 'method="get" action="/public"' in page and 'value="第一小学"' in page
        assert re.findall(r'<a href="/public/\d+">([^<]+)</a>', page) == ["测试区第一小学 2024年度部门决算"]
        assert "找到 1 份报告" in visible(page)
        assert re.search(r'<option value="D2"\s*>测试区教育局</option>', page)
        assert "没有符合条件的报告" in anon.get("/public?q=不存在的单位").text
    finally:
        anon.close()
