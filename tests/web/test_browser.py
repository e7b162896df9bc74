"""The life of a submission in a real browser: Playwright drives the Debian ``chromium`` package headless
against the app served by uvicorn on loopback (SQLite file in tmp_path).

A 填报人 uploads the 公开表 workbook with a placeholder left in one explanation (an error, C004), fixes
it in the form (autosave), submits; the 部门审核人 returns it with a comment; the unit resubmits; the
reviewer approves; the 财政局审核人 confirms and publishes (HTML and PDF rendered); an anonymous visitor
opens the public list and downloads the PDF.
Each step leaves a screenshot in tests/web/artifacts/NN-step.png. Skipped when chromium or playwright is
missing (``.ci/run`` installs chromium).
"""

from __future__ import annotations

import io
import re
import socket
import threading
import time
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from tests.web.conftest import EXAMPLE, PASSWORD, YEAR, make_settings, org_id, seed

CHROMIUM = Path("/usr/bin/chromium")
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
# publishing renders the PDF before it answers: on a loaded machine that can take longer than 15 s
PUBLISH_TIMEOUT = 90000
MISSING_KEY = "explanations.total_change"
FIXED_TEXT = "2024年减少3个项目，支出相应减少。"

if not CHROMIUM.exists():
    pytest.skip(f"{CHROMIUM} is not installed (apt-get install chromium)", allow_module_level=True)
sync_api = pytest.importorskip("playwright.sync_api", reason="the playwright package is not installed")
uvicorn = pytest.importorskip("uvicorn", reason="uvicorn is not installed")


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def served(tmp_path: Path) -> Iterator[tuple[str, Any]]:
    """The app on a SQLite file, seeded like the in-process fixtures, served by uvicorn in a thread."""
    from juesuan_web import create_app

    app = create_app(
        make_settings(f"sqlite:///{tmp_path / 'juesuan.sqlite3'}", publish_formats=("html", "pdf", "json"))
    )
    seed(app)
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 10
    while not server.started:
        assert thread.is_alive() and time.monotonic() < deadline, "uvicorn did not start"
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}", app
    finally:
        server.should_exit = True
        thread.join(10)
        app.state.engine.dispose()


@pytest.fixture
def chromium() -> Iterator[Any]:
    with sync_api.sync_playwright() as p:
        browser = p.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


def broken_workbook(tmp_path: Path) -> Path:
    """The example as the 公开表 workbook, with one 变动原因 left as the template's placeholder “待补充”: an
    error the unit fixes in the form (the text is written back into the workbook's 文字说明 sheet)."""
    from openpyxl import load_workbook

    from juesuan.excel.common import workbook_spec
    from juesuan.excel.export import export_workbook
    from juesuan.loader import load_dataset

    wb = load_workbook(io.BytesIO(export_workbook(load_dataset(EXAMPLE))))
    ws = wb[workbook_spec()["text_sheet"]["title"]]
    cells = [row for row in ws.iter_rows() if any(c.value == MISSING_KEY for c in row)]
    assert len(cells) == 1
    key_col = next(c.column for c in cells[0] if c.value == MISSING_KEY)
    value = next(c for c in cells[0] if c.column > key_col and isinstance(c.value, str) and c.value.strip())
    value.value = "待补充"
    path = tmp_path / "公开表.xlsx"
    wb.save(path)
    return path


def numbered_shots(prefix: str) -> Callable[[Any, str], None]:
    """A function saving a page's screenshot as tests/web/artifacts/{prefix}NN-{step}.png, NN counting up."""
    ARTIFACTS.mkdir(exist_ok=True)
    steps = iter(range(1, 100))

    def shot(page: Any, step: str) -> None:
        page.screenshot(path=str(ARTIFACTS / f"{prefix}{next(steps):02d}-{step}.png"), full_page=True)

    return shot


def act(page: Any, action: str, comment: str | None = None) -> None:
    """Press the unit page's button of ``action`` (with its 意见 ``comment``) and wait for the next page."""
    form = page.locator(f'form[action$="/{action}"]')
    if comment is not None:
        form.locator('textarea[name="comment"]').fill(comment)
    with page.expect_navigation():
        form.locator("button").click()


def confirm_publication(page: Any, number: int) -> Any:
    """On the publication confirmation page: confirm, and wait (as long as a publication may take) until the
    row says it is published as version ``number``; returns the link to the published version."""
    page.click("#bulk-confirm")
    done = page.locator("tr.candidate .status a")
    sync_api.expect(done).to_have_text(f"已公开第{number}版", timeout=PUBLISH_TIMEOUT)
    return done


def test_browser_life_of_a_submission(served, chromium, tmp_path: Path) -> None:
    base, app = served
    unit_url = f"{base}/units/{org_id(app, 'U11')}/{YEAR}"
    shot = numbered_shots("")

    def person(username: str | None) -> Any:
        context = chromium.new_context(base_url=base, accept_downloads=True, locale="zh-CN")
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

    # 1. the unit logs in and uploads its workbook with a placeholder left in a text: an error
    tb = person("tb11")
    shot(tb, "filler-logged-in")
    tb.goto(unit_url)
    tb.set_input_files('input[name="file"]', str(broken_workbook(tmp_path)))
    with tb.expect_navigation():
        tb.click('form[action$="/upload"] button')
    assert tb.locator("tr.finding", has_text="C004").count() == 1
    assert tb.locator(f'a[href="#field-{MISSING_KEY}"]').count() >= 1  # linked to its form field
    shot(tb, "uploaded-with-finding")

    # 2. the unit writes the explanation; autosave re-checks the workbook
    area = tb.locator(f'textarea[data-key="{MISSING_KEY}"]')
    area.fill(FIXED_TEXT)
    status = tb.locator(f'[id="field-{MISSING_KEY}"] .save-status')
    sync_api.expect(status).to_contain_text("已保存", timeout=15000)
    assert re.search(r"严重 0，错误 0", status.inner_text()), status.inner_text()
    shot(tb, "finding-fixed-autosaved")
    tb.reload()
    assert tb.locator("tr.finding", has_text="C004").count() == 0
    assert tb.locator(f'textarea[data-key="{MISSING_KEY}"]').input_value() == FIXED_TEXT

    # 3. submitted
    act(tb, "submit")
    sync_api.expect(tb.locator(".state")).to_have_text("已提交")
    shot(tb, "submitted")

    # 4. the department reviewer sees it on the dashboard and returns it with a comment
    bm = person("bm1")
    bm.goto("/review")
    sync_api.expect(bm.locator("body")).to_contain_text("乐山市金口河区信访局")
    shot(bm, "reviewer-dashboard")
    bm.goto(unit_url)
    act(bm, "return", "请补充“三公”经费说明")
    sync_api.expect(bm.locator(".state")).to_have_text("已退回")
    shot(bm, "returned-with-comment")

    # 5. the unit sees the comment and resubmits
    tb.goto(unit_url)
    sync_api.expect(tb.locator("body")).to_contain_text("请补充“三公”经费说明")
    act(tb, "submit")
    sync_api.expect(tb.locator(".state")).to_have_text("已提交")
    shot(tb, "resubmitted")

    # 6. the reviewer approves
    bm.goto(unit_url)
    act(bm, "approve")
    sync_api.expect(bm.locator(".state")).to_have_text("已审核")
    shot(bm, "approved")

    # 7. the bureau publishes after confirming what will be public (the PDF is rendered here)
    czj = person("czj")
    czj.goto(unit_url)
    form = czj.locator('form[action$="/publish"]')
    with czj.expect_navigation():
        form.locator("button").click()
    sync_api.expect(czj.locator("#publish-warning")).to_contain_text("不可撤销")
    done = confirm_publication(czj, 1)
    with czj.expect_navigation():
        done.click()
    assert re.search(r"/public/\d+$", czj.url), czj.url
    shot(czj, "published")

    # 8. an anonymous visitor finds the report in the public list and downloads its PDF
    anon = person(None)
    anon.goto("/public")
    shot(anon, "public-list")
    with anon.expect_navigation():
        anon.locator("table a").first.click()
    shot(anon, "public-report")
    with anon.expect_download() as info:
        anon.locator('a[href$="/download/pdf"]').click()
    pdf = Path(info.value.path()).read_bytes()
    assert pdf.startswith(b"%PDF"), pdf[:20]
    assert info.value.suggested_filename.endswith(".pdf")
