"""What a person sees in a real browser (Playwright + Debian chromium, headless) of issue 12's points 5 and
6: the progress bars on the dashboard, the unread count in the header, the inbox, the 催报 from the dashboard
and the deadline on the unit's page. Screenshots go to tests/web/artifacts/notices-*.png. Skipped when
chromium or playwright is missing, like test_browser.py (whose fixtures these tests share)."""

from __future__ import annotations

import re
from datetime import date

from tests.web.conftest import YEAR, org_id, own_dataset
from tests.web.test_browser import ARTIFACTS, chromium, served, sync_api  # noqa: F401 (fixtures)
from tests.web.test_browser_webux import Http, person

DEADLINE = "2025-05-31"  # long past: the units that have not submitted are overdue


def post(client: Http, url: str, data: dict[str, str]) -> int:
    token = client.c.get("/.json").json()["csrf_token"]
    r = client.c.post(url, data={"csrf_token": token} | data, headers={"accept": "application/json"})
    return r.status_code


def shot(page: object, name: str) -> None:
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / f"notices-{name}.png"), full_page=True)  # type: ignore[attr-defined]


def test_browser_progress_inbox_and_reminder(served, chromium) -> None:  # noqa: F811
    base, app = served
    u11, u12 = org_id(app, "U11"), org_id(app, "U12")
    czj = Http(base, "czj")
    assert post(czj, "/admin/settings", {"year": str(YEAR), "deadline": DEADLINE}) == 200
    tb11 = Http(base, "tb11")
    assert tb11.upload(u11, own_dataset(app, "U11")).status_code == 200
    assert tb11.act(f"/units/{u11}/{YEAR}/submit").status_code == 200

    # the department's reviewer: progress bars, and the submission's notice counted in the header
    bm = person(chromium, base, "bm1")
    bm.goto("/review")
    bar = bm.locator('#progress tr[data-dept="D1"] .bar span.seg-submitted')
    box = bar.bounding_box()
    whole = bm.locator('#progress tr[data-dept="D1"] .bar').bounding_box()
    assert box and whole and abs(box["width"] - whole["width"] / 2) <= 2  # 1 of 2 units submitted
    sync_api.expect(bm.locator("#unread-count")).to_have_text("1")
    shot(bm, "01-dashboard-progress")

    # the inbox: the notice, and 查看 goes to the unit and marks it read
    bm.click("#notices-link")
    sync_api.expect(bm.locator("tr.notice-unread")).to_contain_text("乐山市金口河区信访局已提交")
    shot(bm, "02-inbox-unread")
    with bm.expect_navigation():
        bm.locator('tr.notice-unread form:has(input[name="open"]) button').click()
    assert bm.url.endswith(f"/units/{u11}/{YEAR}"), bm.url
    assert bm.locator("#unread-count").count() == 0

    # 催报 from the dashboard: the department's one overdue unit, confirmed with the count
    bm.goto("/review")
    with bm.expect_navigation():
        bm.locator("form.remind-form button").click()
    sync_api.expect(bm.locator("#flash")).to_contain_text("已向 1 个逾期单位的 1 位填报人发送催报通知")
    shot(bm, "03-reminded")

    # the reminded unit sees it in the header and the inbox, and how late it is on its page
    tb = person(chromium, base, "tb12")
    sync_api.expect(tb.locator("#unread-count")).to_have_text("1")
    tb.click("#notices-link")
    sync_api.expect(tb.locator("tr.notice-unread")).to_contain_text("催报")
    shot(tb, "04-reminder-in-inbox")
    tb.goto(f"/units/{u12}/{YEAR}")
    late = (date.today() - date.fromisoformat(DEADLINE)).days
    text = tb.locator("#deadline").inner_text()
    assert re.search(rf"逾期 ({late}|{late - 1}|{late + 1}) 天", text), text  # the server's local date
    shot(tb, "05-unit-overdue")
