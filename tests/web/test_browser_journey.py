"""A real season in a real browser (Playwright + Debian chromium, headless), each role doing what it would:
the 填报人 downloads the blank 公开表 from the unit page and fills it (the example's figures and texts
written in with openpyxl), uploads another unit's workbook by mistake (refused, both units named), uploads
its own, fixes the one finding in the form and submits; the 部门审核人 sees the notice in its inbox and
returns the submission with a reason; the unit sees the reason at the top of its page and in its inbox,
resubmits; the reviewer approves; the 财政局 publishes after the confirmation page (irreversible, progress
shown), later sends it back for a correction, and publishes 第2版 with its required 更正说明; a reader on a
phone (375 px) sees the 更正说明 beside the link to 第1版, and nothing wider than the screen.
Each step leaves a screenshot in tests/web/artifacts/journey-NN-step.png. Skipped when chromium or
playwright is missing, like test_browser.py (whose fixtures this test shares)."""

from __future__ import annotations

import io
from pathlib import Path
from typing import Any

from openpyxl import load_workbook

from juesuan.excel.common import workbook_spec
from juesuan.excel.export import export_workbook
from juesuan.loader import load_dataset
from tests.web.conftest import EXAMPLE, YEAR, org_id
from tests.web.test_browser import (  # noqa: F401 (fixtures)
    act,
    chromium,
    confirm_publication,
    numbered_shots,
    served,
    sync_api,
)
from tests.web.test_browser_webux import PHONE, no_horizontal_overflow, person

OWN = "乐山市金口河区信访局"
OTHER = "测试区第一小学"
PLACEHOLDER_KEY = "explanations.total_change"
FIXED_TEXT = "2024年减少3个项目，支出相应减少。"
REASON = "请补充“三公”经费说明"
REOPEN_REASON = "支出变动原因表述不准确，请更正"
CORRECTED_TEXT = "2024年项目减少3个，项目支出相应减少。"
NOTE = "更正第三部分支出决算变动原因的表述。"


def fill(blank: bytes, texts: dict[str, str]) -> bytes:
    """The blank 公开表 ``blank`` with the example's figures typed into its tables at the cells the example's
    own workbook has them, and its texts into the 文字说明 sheet by key (rows the blank does not list are
    added); ``texts`` overrides some of the texts."""
    wb = load_workbook(io.BytesIO(blank))
    example = load_workbook(io.BytesIO(export_workbook(load_dataset(EXAMPLE))))
    text_sheet = workbook_spec()["text_sheet"]["title"]
    for ws in wb.worksheets:
        source = example[ws.title]
        if ws.title != text_sheet:
            for cell in (c for row in source.iter_rows() for c in row if c.value is not None):
                ws[cell.coordinate].value = cell.value
            continue
        rows = {row[1].value: row for row in ws.iter_rows(min_row=4) if row[1].value}
        for label, key, value in source.iter_rows(min_row=4, values_only=True):
            value = texts.get(key, value)
            if key in rows:
                rows[key][2].value = value
            else:
                ws.append((label, key, value))
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def test_browser_journey_of_a_season(served, chromium, tmp_path: Path) -> None:  # noqa: F811
    base, app = served
    u11 = org_id(app, "U11")
    unit_url = f"/units/{u11}/{YEAR}"
    shot = numbered_shots("journey-")

    def resubmit_and_approve(step: str) -> None:
        """The unit submits what was sent back (the reason leaves its page); the reviewer approves."""
        tb.goto(unit_url)
        act(tb, "submit")
        sync_api.expect(tb.locator(".state")).to_have_text("已提交")
        sync_api.expect(tb.locator("#sent-back")).to_have_count(0)
        shot(tb, step)
        bm.goto(unit_url)
        act(bm, "approve")
        sync_api.expect(bm.locator(".state")).to_have_text("已审核")
        shot(bm, f"{step}-approved")

    def upload(page: Any, path: Path) -> None:
        page.set_input_files('input[name="file"]', str(path))
        with page.expect_navigation():
            page.click('form[action$="/upload"] button')

    # 1. the unit downloads the blank 公开表 from its page
    tb = person(chromium, base, "tb11")
    tb.goto(unit_url)
    sync_api.expect(tb.locator(".state")).to_have_text("未开始")
    with tb.expect_download() as download:
        tb.click(f'a[href="{unit_url}/template.xlsx"]')
    assert download.value.suggested_filename == f"{OWN}{YEAR}年度公开表（空白）.xlsx"
    blank = Path(download.value.path()).read_bytes()
    assert load_workbook(io.BytesIO(blank))[workbook_spec()["text_sheet"]["title"]]["C4"].value is None
    shot(tb, "blank-template-downloaded")

    # 2. filled in (one 变动原因 left as “待补充”); first the school's workbook is picked by mistake: refused,
    # naming the unit it is for and the unit the file is of
    own = tmp_path / "信访局公开表.xlsx"
    own.write_bytes(fill(blank, {"department.name": OWN, PLACEHOLDER_KEY: "待补充"}))
    other = tmp_path / "第一小学公开表.xlsx"
    other.write_bytes(fill(blank, {"department.name": OTHER}))
    upload(tb, other)
    refused = tb.locator("#refused")
    sync_api.expect(refused).to_contain_text(OTHER)
    sync_api.expect(refused).to_contain_text(OWN)
    sync_api.expect(tb.locator(".state")).to_have_text("未开始")
    shot(tb, "other-units-workbook-refused")

    # 3. its own workbook: one error, the placeholder, linked to the text's field in the form
    upload(tb, own)
    sync_api.expect(tb.locator("#refused")).to_have_count(0)
    sync_api.expect(tb.locator("tr.finding", has_text="C004")).to_have_count(1)
    assert tb.locator(f'tr.finding a[href="#field-{PLACEHOLDER_KEY}"]').count() >= 1
    sync_api.expect(tb.locator(".state")).to_have_text("草稿")
    shot(tb, "own-workbook-one-finding")

    # 4. fixed in the form: autosave re-checks
    tb.locator(f'textarea[data-key="{PLACEHOLDER_KEY}"]').fill(FIXED_TEXT)
    status = tb.locator(f'[id="field-{PLACEHOLDER_KEY}"] .save-status')
    sync_api.expect(status).to_contain_text("已保存", timeout=30000)
    sync_api.expect(status).to_contain_text("严重 0，错误 0")
    tb.reload()
    sync_api.expect(tb.locator("tr.finding", has_text="C004")).to_have_count(0)
    shot(tb, "finding-fixed")

    # 5. submitted
    act(tb, "submit")
    sync_api.expect(tb.locator(".state")).to_have_text("已提交")
    shot(tb, "submitted")

    # 6. the department's reviewer: the unread count in the header, the notice in the inbox
    bm = person(chromium, base, "bm1")
    sync_api.expect(bm.locator("#unread-count")).to_have_text("1")
    bm.click("#notices-link")
    sync_api.expect(bm.locator("tr.notice-unread")).to_contain_text(f"{OWN}已提交")
    shot(bm, "reviewer-notice-unread")
    with bm.expect_navigation():
        bm.locator('tr.notice-unread form:has(input[name="open"]) button').click()
    assert bm.url.endswith(unit_url), bm.url
    sync_api.expect(bm.locator("#unread-count")).to_have_count(0)

    # 7. returned with a reason
    act(bm, "return", REASON)
    sync_api.expect(bm.locator(".state")).to_have_text("已退回")
    shot(bm, "returned-with-reason")

    # 8. the unit: the reason at the top of its page, and the notice in its inbox
    tb.goto(unit_url)
    sync_api.expect(tb.locator("#sent-back")).to_contain_text(REASON)
    sent_back, counts = (tb.locator(s).bounding_box() for s in ("#sent-back", "#counts"))
    assert sent_back and counts and sent_back["y"] < counts["y"]  # above the findings and the form
    sync_api.expect(tb.locator("#unread-count")).to_have_text("1")
    shot(tb, "unit-sees-reason")
    tb.click("#notices-link")
    sync_api.expect(tb.locator("tr.notice-unread")).to_contain_text(REASON)
    shot(tb, "unit-notice-of-return")

    # 9. resubmitted; the reviewer approves
    resubmit_and_approve("resubmitted")

    # 10. the bureau: the unit page's 公开 leads to the confirmation page; confirmed, the progress shows it
    czj = person(chromium, base, "czj")
    czj.goto(unit_url)
    act(czj, "publish")
    sync_api.expect(czj.locator("#publish-warning")).to_contain_text("不可撤销")
    sync_api.expect(czj.locator(f'tr.candidate[data-unit="{u11}"]')).to_contain_text("第1版")
    sync_api.expect(czj.locator("tr.candidate .status")).to_have_text("待公开")
    shot(czj, "publish-confirmation")
    done = confirm_publication(czj, 1)
    sync_api.expect(czj.locator("#bulk-summary")).to_contain_text("公开 1 个")
    shot(czj, "published-first-version")
    first = done.get_attribute("href")
    assert first and first.startswith("/public/"), first

    # 11. a mistake found after publication: the bureau sends it back for a correction, with the reason
    czj.goto(unit_url)
    act(czj, "reopen", REOPEN_REASON)
    sync_api.expect(czj.locator(".state")).to_have_text("已退回")
    shot(czj, "reopened-for-correction")

    # 12. the unit corrects the text, resubmits; the reviewer approves
    tb.goto(unit_url)
    sync_api.expect(tb.locator("#sent-back")).to_contain_text(REOPEN_REASON)
    tb.locator(f'textarea[data-key="{PLACEHOLDER_KEY}"]').fill(CORRECTED_TEXT)
    sync_api.expect(status).to_contain_text("已保存", timeout=30000)
    resubmit_and_approve("correction-resubmitted")

    # 13. 第2版 is a correction: the confirmation asks for the 更正说明 (the browser will not send it empty)
    czj.goto(unit_url)
    act(czj, "publish")
    sync_api.expect(czj.locator(f'tr.candidate[data-unit="{u11}"]')).to_contain_text("第2版")
    note = czj.locator(f'textarea[name="note-{u11}"]')
    assert note.get_attribute("required") is not None
    note.fill(NOTE)
    shot(czj, "correction-confirmation-with-note")
    done = confirm_publication(czj, 2)
    shot(czj, "published-correction")
    second = done.get_attribute("href")
    assert second and second != first, second

    # 14. a reader on a phone: the 更正说明 beside the link to 第1版, nothing wider than the screen
    reader = person(chromium, base, None, PHONE)
    reader.goto(second)
    box = reader.locator("#correction")
    sync_api.expect(box).to_contain_text(NOTE)
    sync_api.expect(box.locator(f'a[href="{first}"]')).to_have_text("第1版")
    edges = box.bounding_box()
    assert edges and edges["x"] >= 0 and edges["x"] + edges["width"] <= PHONE["width"], edges
    no_horizontal_overflow(reader)
    shot(reader, "phone-public-correction")
    reader.goto(first)
    sync_api.expect(reader.locator("#corrected-by")).to_contain_text(NOTE)
    no_horizontal_overflow(reader)
    shot(reader, "phone-first-version-corrected-by")
