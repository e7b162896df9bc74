"""The whole life of a submission, on SQLite and PostgreSQL: upload with errors, fix, submit, return with a
comment, approve, publish, download anonymously, correct after publication (a new version)."""

from __future__ import annotations

import hashlib
import json

from tests.web.conftest import AS_PRINTED, EXAMPLE, YEAR, org_id


def state(browser, unit: int) -> dict:
    return browser.get(f"/units/{unit}/{YEAR}.json").json()


def test_life_of_a_submission(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb, bm, czj, anon = browsers("tb11"), browsers("bm1"), browsers("czj"), browsers()

    page = state(tb, u11)
    assert page["submission"] is None and page["actions"] == ["upload", "submit"]

    # a dataset with error findings: stored, listed by severity, submit refused
    r = tb.upload(u11, AS_PRINTED.read_bytes())
    assert r.status_code == 200, r.text
    page = state(tb, u11)
    assert page["submission"]["state"] == "draft"
    assert page["submission"]["counts"]["error"] == 5
    assert len(page["findings"]["error"]) == 5 and page["findings"]["error"][0]["rule_id"]
    r = tb.act(f"/units/{u11}/{YEAR}/submit")
    assert r.status_code == 400 and "不能提交" in r.json()["error"]
    assert state(tb, u11)["submission"]["state"] == "draft"

    # the preview is the engine's HTML report (marked as failing the check)
    preview = tb.get(f"/units/{u11}/{YEAR}/preview")
    assert preview.status_code == 200 and "乐山市金口河区信访局" in preview.text
    assert "default-src 'none'" in preview.headers["content-security-policy"]

    # fixed: the example passes, submit works
    assert tb.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert state(tb, u11)["submission"]["counts"]["error"] == 0
    r = tb.act(f"/units/{u11}/{YEAR}/submit")
    assert r.status_code == 200 and r.json()["state"] == "submitted"
    assert tb.upload(u11, EXAMPLE.read_bytes()).status_code == 409  # no edits once submitted

    # the department reviewer returns it, with a comment
    assert bm.act(f"/units/{u11}/{YEAR}/return").status_code == 400  # a comment is required
    r = bm.act(f"/units/{u11}/{YEAR}/return", {"comment": "请补充“三公”经费说明"})
    assert r.status_code == 200 and r.json()["state"] == "returned"
    page = state(tb, u11)
    assert page["comments"][0]["text"] == "请补充“三公”经费说明"
    assert "请补充“三公”经费说明" in tb.get(f"/units/{u11}/{YEAR}").text

    # resubmitted and approved; only the bureau publishes
    assert tb.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert bm.act(f"/units/{u11}/{YEAR}/approve").json()["state"] == "approved"
    assert bm.act(f"/units/{u11}/{YEAR}/publish").status_code == 403
    r = czj.act(f"/units/{u11}/{YEAR}/publish")
    assert r.status_code == 200, r.text
    v1 = r.json()["version_id"]

    # the public list and the anonymous download, with its SHA-256
    listing = anon.get("/public.json").json()
    assert [x["id"] for x in listing["reports"]] == [v1]
    version = anon.get(f"/public/{v1}.json").json()
    files = {f["format"]: f for f in version["files"]}
    assert set(files) == {"html", "json"}  # the uploaded source is not public (test_webux checks every route)
    html = anon.get(f"/public/{v1}/download/html")
    assert html.status_code == 200 and hashlib.sha256(html.content).hexdigest() == files["html"]["sha256"]
    assert anon.get(f"/public/{v1}/download/dataset").status_code == 404

    # a correction after publication: back to the unit, published again as version 2
    assert czj.act(f"/units/{u11}/{YEAR}/reopen").status_code == 400  # needs a reason
    assert czj.act(f"/units/{u11}/{YEAR}/reopen", {"comment": "更正：人员经费"}).json()["state"] == "returned"
    assert tb.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert czj.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    assert czj.act(f"/units/{u11}/{YEAR}/publish").status_code == 400  # a correction needs its 更正说明
    v2 = czj.act(f"/units/{u11}/{YEAR}/publish", {"correction_note": "更正人员经费"}).json()["version_id"]
    listing = anon.get("/public.json").json()["reports"]
    assert [(x["id"], x["number"], x["superseded_by"]) for x in listing] == [(v2, 2, None), (v1, 1, v2)]
    assert "已被更正版本取代" in anon.get(f"/public/{v1}").text
    assert anon.get(f"/public/{v1}/download/html").content == html.content  # the old one stays as it was

    # the audit log has every state change, with who and before/after
    log = czj.get("/audit.json").json()["entries"]
    changes = [
        (e["action"], e["user"], (e["before"] or {}).get("state"), (e["after"] or {}).get("state"))
        for e in reversed(log)
        if e["object_type"] == "submission"
    ]
    assert changes == [
        ("upload", "tb11", None, "draft"),
        ("upload", "tb11", "draft", "draft"),
        ("submit", "tb11", "draft", "submitted"),
        ("return", "bm1", "submitted", "returned"),
        ("upload", "tb11", "returned", "returned"),
        ("submit", "tb11", "returned", "submitted"),
        ("approve", "bm1", "submitted", "approved"),
        ("publish", "czj", "approved", "published"),
        ("reopen", "czj", "published", "returned"),
        ("upload", "tb11", "returned", "returned"),
        ("submit", "tb11", "returned", "submitted"),
        ("approve", "czj", "submitted", "approved"),
        ("publish", "czj", "approved", "published"),
    ]
    assert all(e["at"] for e in log)

    # the dashboard shows the unit with its status and counts
    rows = {r["unit"]["code"]: r for r in czj.get("/review.json").json()["units"]}
    assert rows["U11"]["state"] == "published" and rows["U12"]["state"] == "not_started"


def test_publish_renders_every_format(app, browsers, db_url) -> None:
    """Publication with the default formats: HTML, PDF, Word, Excel, JSON, each with its SHA-256."""
    if not db_url.startswith("sqlite"):
        import pytest

        pytest.skip("the rendering does not depend on the database; once is enough")
    from juesuan_web.settings import PUBLISH_FORMATS

    app.state.settings.publish_formats = PUBLISH_FORMATS
    u11 = org_id(app, "U11")
    tb, czj = browsers("tb11"), browsers("czj")
    tb.upload(u11, EXAMPLE.read_bytes())
    tb.act(f"/units/{u11}/{YEAR}/submit")
    czj.act(f"/units/{u11}/{YEAR}/approve")
    v = czj.act(f"/units/{u11}/{YEAR}/publish").json()["version_id"]
    files = {f["name"]: f for f in czj.get(f"/public/{v}.json").json()["files"]}
    assert {"report.html", "report.pdf", "report.docx", "tables.xlsx", "data.json"} <= set(files)
    pdf = browsers().get(f"/public/{v}/download/pdf")
    assert (
        pdf.content.startswith(b"%PDF")
        and hashlib.sha256(pdf.content).hexdigest() == files["report.pdf"]["sha256"]
    )
    # the published lineage names the uploaded file, never the server's temporary folder
    data = browsers().get(f"/public/{v}/download/json").json()
    sources = {f["source"]["file"] for f in data["figures"].values() if "source" in f}
    assert sources == {"dataset.yaml"} and data["check"]["source"] == "dataset.yaml"
    assert "juesuan-web-" not in json.dumps(data, ensure_ascii=False)


def test_stale_page_loses(app, browsers) -> None:
    """Two reviewers act on the same page: the first wins, the second is told (409) and changes nothing."""
    u11 = org_id(app, "U11")
    tb, bm, czj = browsers("tb11"), browsers("bm1"), browsers("czj")
    tb.upload(u11, EXAMPLE.read_bytes())
    tb.act(f"/units/{u11}/{YEAR}/submit")
    seen = state(bm, u11)["submission"]["version"]
    assert state(czj, u11)["submission"]["version"] == seen
    assert czj.act(f"/units/{u11}/{YEAR}/approve", {"version": seen}).status_code == 200
    r = bm.act(f"/units/{u11}/{YEAR}/return", {"version": seen, "comment": "退回"})
    assert r.status_code == 409 and "已被他人" in r.json()["error"]
    assert state(czj, u11)["submission"]["state"] == "approved"
