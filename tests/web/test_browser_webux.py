"""What a person sees in a real browser (Playwright + Debian chromium, headless) of issue 12's points 9, 10
and 12: a refused form shown again with what was typed, two tabs editing different fields, and the public
pages and the report on a phone (375 px wide). Screenshots go to tests/web/artifacts/ux-*.png. Skipped when
chromium or playwright is missing, like test_browser.py (whose fixtures these tests share)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import httpx

from tests.web.conftest import EXAMPLE, PASSWORD, YEAR, org_id
from tests.web.test_browser import ARTIFACTS, chromium, served, sync_api  # noqa: F401 (fixtures)

PHONE = {"width": 375, "height": 812}


class Http:
    """A JSON client of the served app (Playwright's sync API owns this thread's event loop, so the
    in-process ``Browser`` of conftest cannot run beside it)."""

    def __init__(self, base: str, username: str) -> None:
        self.c = httpx.Client(base_url=base, timeout=60)
        page = self.c.get("/login.json").json()
        r = self.c.post(
            "/login", data={"username": username, "password": PASSWORD, "csrf_token": page["csrf_token"]}
        )
        assert r.status_code == 303, r.text

    def act(self, url: str, files: Any = None) -> httpx.Response:
        token = self.c.get("/.json").json()["csrf_token"]
        return self.c.post(
            url, data={"csrf_token": token}, files=files, headers={"accept": "application/json"}
        )

    def upload(self, unit: int, content: bytes) -> httpx.Response:
        return self.act(f"/units/{unit}/{YEAR}/upload", {"file": ("dataset.yaml", content)})


def person(chromium: Any, base: str, username: str | None, viewport: dict[str, int] | None = None) -> Any:  # noqa: F811
    context = chromium.new_context(
        base_url=base,
        accept_downloads=True,
        locale="zh-CN",
        viewport=viewport or {"width": 1280, "height": 900},
    )
    page = context.new_page()
    page.set_default_timeout(15000)
    if username is not None:
        page.goto("/login")
        page.fill('input[name="username"]', username)
        page.fill('input[name="password"]', PASSWORD)
        page.click('form[action="/login"] button')
        page.wait_for_load_state()
        assert "/login" not in page.url, page.content()
    return page


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"ux-{name}.png"), full_page=True)


def test_browser_refused_forms_keep_what_was_typed(served, chromium, tmp_path: Path) -> None:  # noqa: F811
    base, app = served
    admin = person(chromium, base, "admin")
    admin.goto("/admin")
    form = admin.locator('form[action="/admin/users"]')
    form.locator('input[name="username"]').fill("wang.li")
    form.locator('input[name="display_name"]').fill("王立")
    form.locator('input[name="password"]').fill("short")
    form.locator('select[name="role"]').select_option("filler")
    form.locator('input[name="org"]').fill("U21")
    form.locator('input[name="password"]').evaluate("e => e.removeAttribute('required')")
    with admin.expect_navigation():
        form.locator("button").click()
    sync_api.expect(admin.locator("#refused")).to_contain_text("密码至少 8 位")
    form = admin.locator('form[action="/admin/users"]')
    sync_api.expect(form.locator(".field-error")).to_have_text("密码至少 8 位")
    assert form.locator('input[name="username"]').input_value() == "wang.li"
    assert form.locator('input[name="display_name"]').input_value() == "王立"
    assert form.locator('select[name="role"]').input_value() == "filler"
    assert form.locator('input[name="org"]').input_value() == "U21"
    assert form.locator('input[name="password"]').input_value() == ""
    shot(admin, "01-refused-user-form-kept")
    form.locator('input[name="password"]').fill("long-enough-1")
    with admin.expect_navigation():
        form.locator("button").click()
    sync_api.expect(admin.locator("#flash")).to_have_text("已创建用户 wang.li。")
    shot(admin, "02-user-created-message")
    admin.reload()
    assert admin.locator("#flash").count() == 0  # once

    # a unit uploads another unit's file: refused on its own page, saying whose file it is
    school = person(chromium, base, "tb21")
    school.goto(f"/units/{org_id(app, 'U21')}/{YEAR}")
    school.set_input_files('input[name="file"]', str(EXAMPLE))
    with school.expect_navigation():
        school.click('form[action$="/upload"] button')
    sync_api.expect(school.locator("#refused")).to_contain_text("乐山市金口河区信访局")
    sync_api.expect(school.locator("#refused")).to_contain_text("请重新选择文件")
    sync_api.expect(school.locator('form[action$="/upload"] .field-error')).to_contain_text("上传被拒绝")
    shot(school, "03-wrong-units-file-refused")


def test_browser_two_tabs_edit_different_fields(served, chromium) -> None:  # noqa: F811
    base, app = served
    u11 = org_id(app, "U11")
    assert Http(base, "tb11").upload(u11, EXAMPLE.read_bytes()).status_code == 200
    tab_a = person(chromium, base, "tb11")
    tab_b = tab_a.context.new_page()
    for tab in (tab_a, tab_b):
        tab.goto(f"/units/{u11}/{YEAR}")

    def write(tab: Any, key: str, text: str) -> Any:
        tab.locator(f'textarea[data-key="{key}"]').fill(text)
        return tab.locator(f'[id="field-{key}"] .save-status')

    sync_api.expect(write(tab_a, "department.duties", "甲窗口写的职责。")).to_contain_text(
        "已保存", timeout=15000
    )
    status = write(tab_b, "admin_cost.reason", "乙窗口写的原因。")
    sync_api.expect(status).to_contain_text("已保存", timeout=15000)  # another field: no conflict
    assert tab_b.locator("#texts-conflict").is_hidden()
    shot(tab_b, "04-two-tabs-different-fields-saved")
    # the same field tab A changed: a conflict, said once above the fields; only that field stops
    status = write(tab_b, "department.duties", "乙窗口写的职责。")
    sync_api.expect(status).to_have_text("未保存", timeout=15000)
    conflict = tab_b.locator("#texts-conflict")
    sync_api.expect(conflict).to_be_visible()
    assert conflict.inner_text().count("刷新") == 1
    assert tab_b.locator("body").inner_text().count(conflict.inner_text()) == 1
    assert tab_b.locator('textarea[data-key="admin_cost.reason"]').is_enabled()
    shot(tab_b, "05-two-tabs-same-field-conflict")
    tab_a.reload()
    assert tab_a.locator('textarea[data-key="department.duties"]').input_value() == "甲窗口写的职责。"
    assert tab_a.locator('textarea[data-key="admin_cost.reason"]').input_value() == "乙窗口写的原因。"


def no_horizontal_overflow(page: Any) -> None:
    width = page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
    assert width[0] <= width[1], f"the page is {width[0]} px wide on a {width[1]} px screen"


def test_browser_public_pages_on_a_phone(served, chromium) -> None:  # noqa: F811
    base, app = served
    u11 = org_id(app, "U11")
    tb, czj = Http(base, "tb11"), Http(base, "czj")
    assert tb.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert czj.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    version = czj.act(f"/units/{u11}/{YEAR}/publish").json()["version_id"]

    phone = person(chromium, base, None, PHONE)
    phone.goto("/public?q=信访")
    sync_api.expect(phone.locator("#found")).to_contain_text("找到 1 份报告")
    no_horizontal_overflow(phone)
    shot(phone, "06-phone-public-list-search")
    phone.goto(f"/public/{version}")
    links = phone.locator("table.downloads a").all_inner_texts()
    assert links == ["PDF 文档", "网页版", "数据（JSON）"]
    assert all(len(c) == 12 for c in phone.locator("table.downloads code").all_inner_texts())
    no_horizontal_overflow(phone)
    shot(phone, "07-phone-public-version")
    phone.goto(f"/public/{version}/download/html")
    no_horizontal_overflow(phone)
    wide = phone.evaluate(
        "() => [...document.querySelectorAll('section.table')]"
        ".filter(s => s.scrollWidth > s.clientWidth && getComputedStyle(s).overflowX === 'auto').length"
    )
    assert wide >= 1  # a wide table scrolls inside its own box
    font = phone.evaluate("() => parseFloat(getComputedStyle(document.body).fontSize)")
    assert 14 <= font <= 18, font  # reflowed for the phone, still readable
    shot(phone, "08-phone-report")
