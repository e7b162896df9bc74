"""Issue 12's points 7 and 8 as a person sees them in a real browser (Playwright + Debian chromium,
headless): two uploads compared, a submission withdrawn (撤回), bulk approval and publication from the
dashboard through the confirmation page with its progress, and a correction whose 更正说明 is shown on the
public page beside the link to 第1版 (also on a phone, 375 px wide). Screenshots go to
tests/web/artifacts/versions-*.png. Skipped when chromium or playwright is missing, like test_browser.py
(whose fixtures these tests share)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from tests.web.conftest import EXAMPLE, YEAR, org_id
from tests.web.test_browser import (  # noqa: F401 (fixtures)
    ARTIFACTS,
    chromium,
    confirm_publication,
    served,
    sync_api,
)
from tests.web.test_browser_webux import PHONE, Http, person

OLD_REASON = "严格执行厉行节约规定，控制经费使用"
NEW_REASON = "严格执行厉行节约规定，压减会议费"
NOTE = "更正机关运行经费：17.89万元应为18.89万元。"


def shot(page: Any, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"versions-{name}.png"), full_page=True)


def click_and_wait(page: Any, selector: str) -> None:
    with page.expect_navigation():
        page.click(selector)


def tick_and_act(page: Any, unit: int, button: str) -> None:
    """On the dashboard, tick the unit and press a bulk action's button."""
    page.goto("/review")
    page.check(f'input[name="unit"][value="{unit}"]')
    click_and_wait(page, button)


def test_versions_bulk_publication_and_correction(served, chromium, tmp_path: Path) -> None:  # noqa: F811
    base, app = served
    u11 = org_id(app, "U11")
    unit_url = f"/units/{u11}/{YEAR}"
    first = tmp_path / "第一次.yaml"
    first.write_bytes(EXAMPLE.read_bytes())
    second = tmp_path / "第二次.yaml"
    second.write_bytes(
        EXAMPLE.read_bytes()
        .replace(b"amount: 17.89", b"amount: 18.89")
        .replace(OLD_REASON.encode(), NEW_REASON.encode())
    )

    # 1. the unit uploads twice and compares the two uploads
    tb = person(chromium, base, "tb11")
    for path in (first, second):
        tb.goto(unit_url)
        tb.set_input_files('input[name="file"]', str(path))
        click_and_wait(tb, 'form[action$="/upload"] button')
    click_and_wait(tb, "#versions-link")
    sync_api.expect(tb.locator("table.uploads tr[id^=upload-]")).to_have_count(2)
    sync_api.expect(tb.locator("table.figures")).to_contain_text("机关运行经费")
    sync_api.expect(tb.locator("table.figures")).to_contain_text("+1.00")
    sync_api.expect(tb.locator(".text-change del")).to_have_text("控制经费使用")
    sync_api.expect(tb.locator(".text-change ins")).to_have_text("压减会议费")
    shot(tb, "01-compare")

    # 2. the unit submits, then withdraws (撤回) while no reviewer has acted, and submits again
    tb.goto(unit_url)
    click_and_wait(tb, 'form[action$="/submit"] button')
    sync_api.expect(tb.locator(".state").first).to_have_text("已提交")
    click_and_wait(tb, 'form[action$="/withdraw"] button')
    sync_api.expect(tb.locator(".state").first).to_have_text("草稿")
    sync_api.expect(tb.locator("#flash")).to_contain_text("撤回")
    shot(tb, "02-withdrawn")
    click_and_wait(tb, 'form[action$="/submit"] button')

    # 3. the department reviewer approves it from the dashboard (bulk, one ticked)
    bm = person(chromium, base, "bm1")
    tick_and_act(bm, u11, "#bulk-approve")
    sync_api.expect(bm.locator("table.bulk-results")).to_contain_text("已审核通过")
    shot(bm, "03-bulk-approved")

    # 4. the bureau ticks it on the dashboard, confirms what will be public, and watches it published
    czj = person(chromium, base, "czj")
    tick_and_act(czj, u11, "#bulk-publish-select")
    sync_api.expect(czj.locator("#publish-warning")).to_contain_text("不可撤销")
    sync_api.expect(czj.locator("table.bulk-publish")).to_contain_text("第1版")
    shot(czj, "04-confirm")
    done = confirm_publication(czj, 1)
    sync_api.expect(czj.locator("#bulk-summary")).to_contain_text("公开 1 个")
    sync_api.expect(czj.locator("tr.candidate td:nth-child(3) .state")).to_have_text("已公开")
    shot(czj, "05-published-progress")
    v1 = int(done.get_attribute("href").rsplit("/", 1)[1])

    # 5. a correction: back to the unit, the first file again, approved, published with its 更正说明
    bureau = Http(base, "czj")
    token = bureau.c.get("/.json").json()["csrf_token"]
    r = bureau.c.post(
        f"{unit_url}/reopen",
        data={"csrf_token": token, "comment": "机关运行经费有误"},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 200, r.text
    filler = Http(base, "tb11")
    assert filler.upload(u11, first.read_bytes()).status_code == 200
    assert filler.act(f"{unit_url}/submit").status_code == 200
    assert bureau.act(f"{unit_url}/approve").status_code == 200
    czj.goto(unit_url)
    click_and_wait(czj, 'form[action="/review/publish"] button')
    note = czj.locator(f'textarea[name="note-{u11}"]')
    sync_api.expect(note).to_be_visible()
    assert note.get_attribute("required") is not None  # the browser asks for it before sending
    note.fill(NOTE)
    shot(czj, "06-correction-confirm")
    confirm_publication(czj, 2)
    click_and_wait(czj, "tr.candidate .status a")

    # 6. the public page of 第2版: the 更正说明 beside the link to 第1版, on a desktop and on a phone
    for name, viewport in (("07-public-correction", None), ("08-public-correction-phone", PHONE)):
        anon = person(chromium, base, None, viewport)
        anon.goto(czj.url)
        box = anon.locator("#correction")
        sync_api.expect(box).to_contain_text(NOTE)
        sync_api.expect(box.locator(f'a[href="/public/{v1}"]')).to_have_text("第1版")
        shot(anon, name)
    anon.goto(f"/public/{v1}")
    sync_api.expect(anon.locator("#corrected-by")).to_contain_text(NOTE)
