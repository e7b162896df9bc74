"""Issue 12 point 13: unknown years and units are 404, /favicon.ico is an icon, JSON times carry their
offset, an unpublished preview is marked 草稿 (a clean one too)."""

from __future__ import annotations

import re
from datetime import datetime

from tests.web.conftest import EXAMPLE, YEAR, org_id


def test_unknown_year_or_unit_is_404(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb, czj = browsers("tb11"), browsers("czj")
    assert tb.get(f"/units/{u11}/{YEAR}.json").status_code == 200
    assert tb.get(f"/units/{u11}/{YEAR - 1}.json").status_code == 200  # last year's (its publication)
    for year in (0, 1999, YEAR + 1, 9999):
        r = tb.get(f"/units/{u11}/{year}.json")
        assert r.status_code == 404 and f"没有{year}年度" in r.json()["error"], year
        assert tb.get(f"/units/{u11}/{year}").status_code == 404
    assert (
        tb.act(f"/units/{u11}/0/upload", files={"file": ("d.yaml", EXAMPLE.read_bytes())}).status_code == 404
    )
    assert czj.get(f"/units/999999/{YEAR}.json").status_code == 404
    assert czj.get(f"/departments/{org_id(app, 'D1')}/0.json").status_code == 404
    # a year with a 报送截止日期 is one the workflow has
    with app.state.sessions() as db:
        from juesuan_web.models import AppSetting
        from juesuan_web.views.settings import deadline_key

        db.add(AppSetting(key=deadline_key(YEAR + 1), value=f"{YEAR + 2}-06-30"))
        db.commit()
    assert tb.get(f"/units/{u11}/{YEAR + 1}.json").status_code == 200


def test_favicon(app, browsers) -> None:
    r = browsers().get("/favicon.ico")
    assert r.status_code == 200 and r.headers["content-type"] == "image/x-icon"
    assert r.content[:4] == b"\x00\x00\x01\x00" and len(r.content) < 2048
    assert 'rel="icon" href="/favicon.ico"' in browsers().get("/login").text


def test_json_times_carry_their_offset(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    assert tb.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    page = tb.get(f"/units/{u11}/{YEAR}.json").json()
    times = re.findall(r'"(\d{4}-\d\d-\d\dT[^"]+)"', tb.get(f"/units/{u11}/{YEAR}.json").text)
    assert times, page
    for text in times:
        assert datetime.fromisoformat(text).utcoffset() is not None, text


def test_unpublished_preview_is_marked_draft(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb, czj = browsers("tb11"), browsers("czj")
    assert tb.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    page = tb.get(f"/units/{u11}/{YEAR}.json").json()
    assert page["submission"]["counts"]["error"] == 0 and page["submission"]["counts"]["fatal"] == 0
    preview = tb.get(f"/units/{u11}/{YEAR}/preview").text
    assert "juesuan-draft-banner" in preview and "草稿预览（草稿）" in preview and ">草稿</div>" in preview
    assert preview.index("juesuan-draft-banner") > preview.index("<body")
    assert "草稿预览" in tb.get(f"/units/{u11}/{YEAR}/preview.json").json()["html"]
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert "草稿预览（已提交）" in czj.get(f"/units/{u11}/{YEAR}/preview").text
    assert czj.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    r = czj.act(f"/units/{u11}/{YEAR}/publish")
    assert r.status_code == 200, r.text
    published = czj.get(f"/units/{u11}/{YEAR}/preview").text
    assert "juesuan-draft-banner" not in published
    public = browsers().get(f"/public/{r.json()['version_id']}/download/html")
    assert public.status_code == 200 and "juesuan-draft-banner" not in public.text
