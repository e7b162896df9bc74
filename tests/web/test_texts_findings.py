"""Text fields saved as you type (versions, 409 for a stale tab, last year's text offered), findings linked to
their fields, commented and waived by fingerprint, and two reviewers racing on the same submission."""

from __future__ import annotations

import threading

import pytest

from juesuan_web import workflow
from tests.web.conftest import EXAMPLE, YEAR, org_id

NO_REASON = EXAMPLE.read_text(encoding="utf-8").replace("  reason: 严格执行厉行节约规定，控制经费使用\n", "")


def page(b, unit):
    return b.get(f"/units/{unit}/{YEAR}.json").json()


def save(b, unit, key, text, version):
    return b.post(
        f"/units/{unit}/{YEAR}/text",
        json={"key": key, "text": text, "version": version},
        headers={"accept": "application/json", "x-csrf-token": b.json_token()},
    )


def warning(p, key):
    return next(f for f in p["findings"]["warning"] if any(loc["key"] == key for loc in f["locations"]))


def test_text_saved_as_you_type(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb, other_tab, bm = browsers("tb11"), browsers("tb11"), browsers("bm1")
    tb.upload(u11, NO_REASON.encode())
    p = page(tb, u11)
    keys = {f["key"] for f in p["text_fields"]}
    assert {"department.duties", "admin_cost.reason", "functional_items[0].use"} <= keys
    assert "performance.projects[0].summary" in keys and "three_public.reasons.change" in keys
    f = warning(p, "admin_cost.reason")
    loc = next(loc for loc in f["locations"] if loc["key"] == "admin_cost.reason")
    assert loc["anchor"] == "field-admin_cost.reason"
    html = tb.get(f"/units/{u11}/{YEAR}").text
    assert 'href="#field-admin_cost.reason"' in html and 'id="field-admin_cost.reason"' in html
    assert 'src="/static/unit.js"' in html and tb.get("/static/unit.js").status_code == 200

    v = p["submission"]["version"]
    n_warn = p["submission"]["counts"]["warning"]
    # no token → refused; the token in the header is accepted
    r = tb.post(
        f"/units/{u11}/{YEAR}/text",
        json={"key": "admin_cost.reason", "text": "x", "version": v},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 403
    r = save(tb, u11, "admin_cost.reason", "压减<script>公用经费</script>", v)
    assert r.status_code == 200, r.text
    assert r.json()["version"] == v + 1 and r.json()["counts"]["warning"] == n_warn - 1
    p = page(tb, u11)
    assert {f["key"]: f["value"] for f in p["text_fields"]}[
        "admin_cost.reason"
    ] == "压减<script>公用经费</script>"
    assert "压减&lt;script&gt;" in tb.get(f"/units/{u11}/{YEAR}").text
    assert "压减&lt;script&gt;" in tb.get(f"/units/{u11}/{YEAR}/preview").text  # in the report, escaped
    # the other tab still holds version v: refused, nothing overwritten
    r = save(other_tab, u11, "admin_cost.reason", "另一个标签页", v)
    assert r.status_code == 409 and "已被他人更新" in r.json()["error"]
    assert {f["key"]: f["value"] for f in page(tb, u11)["text_fields"]}["admin_cost.reason"].startswith(
        "压减"
    )
    # a 项's 用途, a multi-line text; figures keep their declared precision (no new findings)
    r = save(tb, u11, "functional_items[2].use", "信访业务\n第二行", v + 1)
    assert r.status_code == 200 and r.json()["counts"]["warning"] == n_warn - 1
    assert save(tb, u11, "no.such.key", "x", v + 2).status_code == 404
    assert save(bm, u11, "admin_cost.reason", "审核人", v + 2).status_code == 403
    edits = [e for e in tb.get(f"/units/{u11}/{YEAR}.json").json()["history"] if e["action"] == "edit_text"]
    assert (
        len(edits) == 2
        and edits[0]["before"]["text"] == ""
        and edits[0]["after"]["field"] == "admin_cost.reason"
    )
    # submitted: no more edits
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert save(tb, u11, "admin_cost.reason", "x", page(tb, u11)["submission"]["version"]).status_code == 409


def test_previous_year_text_offered(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    last_year = EXAMPLE.read_text(encoding="utf-8").replace("year: 2024", "year: 2023")
    last_year = last_year.replace("严格执行厉行节约规定，控制经费使用", "上年的机关运行经费说明")
    from juesuan_web.models import PublishedVersion, Submission, User

    with app.state.sessions() as db:  # last year's publication (made by an earlier season's workflow)
        sub = Submission(unit_id=u11, year=YEAR - 1, state="published")
        db.add(sub)
        db.flush()
        czj_id = db.query(User).filter_by(username="czj").one().id
        db.add(
            PublishedVersion(
                submission_id=sub.id,
                unit_id=u11,
                year=YEAR - 1,
                number=1,
                title="2023",
                dataset_filename="d.yaml",
                dataset_kind="yaml",
                dataset_content=last_year.encode(),
                dataset_sha256="0" * 64,
                published_by=czj_id,
            )
        )
        db.commit()
    tb.upload(u11, NO_REASON.encode())
    fields = {f["key"]: f for f in page(tb, u11)["text_fields"]}
    assert fields["admin_cost.reason"]["previous"] == "上年的机关运行经费说明"
    assert fields["functional_items[0].use"]["previous"] is None
    assert "采用上年文字" in tb.get(f"/units/{u11}/{YEAR}").text


def test_findings_commented_and_waived(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb, bm, bm2 = browsers("tb11"), browsers("bm1"), browsers("bm2")
    tb.upload(u11, NO_REASON.encode())
    fp = warning(page(tb, u11), "admin_cost.reason")["fingerprint"]
    base = f"/units/{u11}/{YEAR}/findings/{fp}"
    assert tb.act(f"{base}/waive", {"reason": "自己豁免"}).status_code == 403
    assert bm2.act(f"{base}/waive", {"reason": "别的部门"}).status_code == 404
    assert bm.act(f"{base}/waive").status_code == 400  # a reason is required
    assert bm.act(f"{base}/comment", {"comment": "请说明<b>原因</b>"}).status_code == 200
    assert bm.act(f"{base}/waive", {"reason": "经费变动已在其他部分说明"}).status_code == 200
    assert bm.act(f"{base}/waive", {"reason": "again"}).status_code == 409
    f = warning(page(tb, u11), "admin_cost.reason")
    assert (
        f["waived"]["reason"] == "经费变动已在其他部分说明"
        and f["comments"][0]["text"] == "请说明<b>原因</b>"
    )
    html = tb.get(f"/units/{u11}/{YEAR}").text
    assert "已豁免" in html and "请说明&lt;b&gt;原因&lt;/b&gt;" in html
    # the waiver survives a re-upload of the same data
    tb.upload(u11, NO_REASON.encode())
    assert warning(page(tb, u11), "admin_cost.reason")["waived"] is not None
    # errors can never be waived
    from tests.web.conftest import AS_PRINTED

    tb.upload(u11, AS_PRINTED.read_bytes())
    err = page(tb, u11)["findings"]["error"][0]["fingerprint"]
    r = bm.act(f"/units/{u11}/{YEAR}/findings/{err}/waive", {"reason": "不行"})
    assert r.status_code == 400 and "只有警告" in r.json()["error"]
    assert bm.act(f"/units/{u11}/{YEAR}/findings/nosuch/waive", {"reason": "x"}).status_code == 404


def test_workbook_text_edit(app, browsers, db_url) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the workbook path does not depend on the database")
    from juesuan.excel.export import export_workbook
    from juesuan.loader import load_dataset

    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    data = export_workbook(load_dataset(EXAMPLE))
    assert tb.upload(u11, data, "公开表.xlsx").status_code == 200
    p = page(tb, u11)
    keys = {f["key"] for f in p["text_fields"]}
    assert "admin_cost.reason" in keys  # 项 texts of a workbook are edited too (in its 项级科目 sheet)
    assert {"functional_items[0].use", "functional_items[0].variance_reason"} <= keys
    r = save(tb, u11, "admin_cost.reason", "工作簿里的新说明", p["submission"]["version"])
    assert r.status_code == 200, r.text
    assert {f["key"]: f["value"] for f in page(tb, u11)["text_fields"]}[
        "admin_cost.reason"
    ] == "工作簿里的新说明"


def test_two_reviewers_race(app, browsers, monkeypatch) -> None:
    """Two reviewers act at once (both read version v): exactly one wins, the other gets 409."""
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    tb.upload(u11, EXAMPLE.read_bytes())
    tb.act(f"/units/{u11}/{YEAR}/submit")
    bm, czj = browsers("bm1"), browsers("czj")
    seen = page(bm, u11)["submission"]["version"]
    tokens = {b: b.json_token() for b in (bm, czj)}
    barrier = threading.Barrier(2, timeout=10)
    original = workflow._expect

    def expect_then_wait(sub, seen_version):
        original(sub, seen_version)
        if seen_version is not None:
            barrier.wait()  # both requests have read the row and passed the check; now both write

    monkeypatch.setattr(workflow, "_expect", expect_then_wait)
    results = {}

    def run(b, action, data):
        results[action] = b.post(
            f"/units/{u11}/{YEAR}/{action}",
            data={"csrf_token": tokens[b], "version": seen} | data,
            headers={"accept": "application/json"},
        )

    threads = [
        threading.Thread(target=run, args=(czj, "approve", {})),
        threading.Thread(target=run, args=(bm, "return", {"comment": "退回"})),
    ]
    for t in threads:
        t.start()
    for t in threads:
        t.join(30)
    statuses = sorted(r.status_code for r in results.values())
    assert statuses == [200, 409], {k: (r.status_code, r.text) for k, r in results.items()}
    loser = next(r for r in results.values() if r.status_code == 409)
    assert "他人" in loser.json()["error"]
    monkeypatch.setattr(workflow, "_expect", original)
    final = page(czj, u11)["submission"]
    winner = next(k for k, r in results.items() if r.status_code == 200)
    assert final["state"] == {"approve": "approved", "return": "returned"}[winner]
    assert final["version"] == seen + 1
    log = [e for e in czj.get("/audit.json").json()["entries"] if e["action"] in ("approve", "return")]
    assert len(log) == 1


def test_fields_of_a_dataset_with_a_fatal_problem_keep_their_texts() -> None:
    """A dataset that fails validation (here: an emptied explanation) still shows every text it has."""
    from juesuan_web import reports, texts

    data = EXAMPLE.read_text(encoding="utf-8")
    broken = data.replace("  total_change: 2024年减少3个项目", "  total_change: ''\n  # 2024年减少3个项目", 1)
    assert broken != data
    fields = {f["key"]: f["value"] for f in texts.fields(reports.YAML, broken.encode("utf-8"))}
    assert fields["department.duties"].startswith("负责处理金口河区内外群众")
    assert fields["explanations.total_change"] == ""
    assert fields["explanations.fiscal_total_change"].startswith("2024年减少3个项目")
