"""Issue 12, points 7 and 8: the uploads of a submission kept and compared; a correction's 更正说明; bulk
approval and publication (with a confirmation page, each unit on its own, audit-logged); 撤回 by the unit.
On SQLite and PostgreSQL, with the permissions of every role."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select

from juesuan_web.models import AuditEntry, Submission
from juesuan_web.versions import text_diff
from tests.web.conftest import EXAMPLE, YEAR, org_id, own_dataset

OLD_REASON = "严格执行厉行节约规定，控制经费使用"
NEW_REASON = "严格执行厉行节约规定，压减会议费"


def changed(app: Any, code: str = "U11") -> bytes:
    """The unit's dataset with 机关运行经费 17.89 → 18.89 and its 变动原因 rewritten."""
    data = own_dataset(app, code)
    assert b"amount: 17.89" in data and OLD_REASON.encode() in data
    return data.replace(b"amount: 17.89", b"amount: 18.89").replace(OLD_REASON.encode(), NEW_REASON.encode())


def state_of(app: Any, code: str) -> str | None:
    with app.state.sessions() as db:
        return db.scalar(select(Submission.state).where(Submission.unit_id == org_id(app, code)))


def actions_logged(app: Any, code: str) -> list[tuple[str, str]]:
    with app.state.sessions() as db:
        sub_id = db.scalar(select(Submission.id).where(Submission.unit_id == org_id(app, code)))
        return [
            (e.action, e.username)
            for e in db.scalars(
                select(AuditEntry)
                .where(AuditEntry.object_type == "submission", AuditEntry.object_id == sub_id)
                .order_by(AuditEntry.id)
            )
        ]


def submitted(app: Any, browsers: Any, code: str, filler: str) -> int:
    unit = org_id(app, code)
    tb = browsers(filler)
    assert tb.upload(unit, own_dataset(app, code)).status_code == 200
    assert tb.act(f"/units/{unit}/{YEAR}/submit").status_code == 200
    return unit


# --------------------------------------------------------------------------- point 7: versions


def test_uploads_are_kept_and_any_two_compared(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    assert tb.upload(u11, own_dataset(app, "U11"), "第一次.yaml").status_code == 200
    assert tb.upload(u11, changed(app), "第二次.yaml").status_code == 200
    assert tb.upload(u11, own_dataset(app, "U11"), "第三次.yaml").status_code == 200

    page = tb.get(f"/units/{u11}/{YEAR}/versions.json").json()
    ups = page["uploads"]
    assert [(u["number"], u["filename"], u["user"]) for u in ups] == [
        (1, "第一次.yaml", "tb11"),
        (2, "第二次.yaml", "tb11"),
        (3, "第三次.yaml", "tb11"),
    ]
    assert all(len(u["sha256"]) == 64 and u["uploaded_at"] for u in ups)
    assert ups[0]["sha256"] == ups[2]["sha256"] != ups[1]["sha256"]  # the first is not overwritten
    # by default the latest two: 2 → 3 puts the figure and the text back
    assert (page["a"]["token"], page["b"]["token"]) == (str(ups[1]["id"]), str(ups[2]["id"]))
    assert (page["a"]["label"], page["b"]["label"]) == ("第2次上传", "第3次上传")
    figures = page["comparison"]["figures"]
    assert [(f["label"], f["old"], f["new"], f["difference"]) for f in figures] == [
        ("机关运行经费", "18.89", "17.89", "-1.00")
    ]

    # any two: 1 → 2
    first, second = ups[0]["id"], ups[1]["id"]
    comp = tb.get(f"/units/{u11}/{YEAR}/versions.json?a={first}&b={second}").json()["comparison"]
    assert [(f["label"], f["difference_display"]) for f in comp["figures"]] == [("机关运行经费", "+1.00")]
    assert [(t["label"], t["old"], t["new"]) for t in comp["texts"]] == [
        ("机关运行经费变动原因", OLD_REASON, NEW_REASON)
    ]
    html = tb.get(f"/units/{u11}/{YEAR}/versions?a={first}&b={second}").text
    assert "<del>控制经费使用</del><ins>压减会议费</ins>" in html
    assert "第1次上传 → 第2次上传的差异" in html and "机关运行经费" in html and "+1.00" in html
    # the same upload twice, or an id that is not this submission's
    assert tb.get(f"/units/{u11}/{YEAR}/versions.json?a={first}&b={first}").json()["comparison"] is None
    assert tb.get(f"/units/{u11}/{YEAR}/versions.json?a=999999&b={first}").status_code == 404
    assert f'href="/units/{u11}/{YEAR}/versions"' in tb.get(f"/units/{u11}/{YEAR}").text


def test_a_text_edit_keeps_the_hash_of_the_upload_as_sent(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    sent = tb.upload(u11, own_dataset(app, "U11")).json()
    page = tb.get(f"/units/{u11}/{YEAR}.json").json()
    r = tb.act(
        f"/units/{u11}/{YEAR}/text",
        {"key": "admin_cost.reason", "text": NEW_REASON, "version": page["submission"]["version"]},
    )
    assert r.status_code == 200, r.text
    (up,) = tb.get(f"/units/{u11}/{YEAR}/versions.json").json()["uploads"]
    assert up["id"] == sent["upload_id"] and up["edited"] is True
    assert up["original_sha256"] != up["sha256"] == r.json()["sha256"]


def test_versions_page_permissions(app, browsers) -> None:
    u11 = org_id(app, "U11")
    browsers("tb11").upload(u11, own_dataset(app, "U11"))
    for who in ("tb11", "bm1", "czj"):
        assert browsers(who).get(f"/units/{u11}/{YEAR}/versions.json").status_code == 200, who
    for who in ("tb12", "tb21", "bm2", "admin"):
        r = browsers(who).get(f"/units/{u11}/{YEAR}/versions.json")
        assert r.status_code in (403, 404) and "乐山市金口河区信访局" not in r.text, who
    assert browsers().get(f"/units/{u11}/{YEAR}/versions.json").status_code == 401


def test_text_diff_reads_as_phrases() -> None:
    assert text_diff(OLD_REASON, NEW_REASON) == [
        {"op": "equal", "text": "严格执行厉行节约规定，"},
        {"op": "delete", "text": "控制经费使用"},
        {"op": "insert", "text": "压减会议费"},
    ]
    assert text_diff("", "新增") == [{"op": "insert", "text": "新增"}]
    assert text_diff("相同", "相同") == [{"op": "equal", "text": "相同"}]


# --------------------------------------------------------------------------- point 7: corrections


def publish_v1_and_reopen(app: Any, browsers: Any) -> tuple[int, int]:
    u11 = submitted(app, browsers, "U11", "tb11")
    czj, tb = browsers("czj"), browsers("tb11")
    assert czj.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    v1 = czj.act(f"/units/{u11}/{YEAR}/publish").json()["version_id"]
    assert czj.act(f"/units/{u11}/{YEAR}/reopen", {"comment": "机关运行经费有误"}).status_code == 200
    assert tb.upload(u11, changed(app)).status_code == 200
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert czj.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    return u11, v1


def test_a_correction_needs_its_note_shown_beside_the_first_version(app, browsers) -> None:
    u11, v1 = publish_v1_and_reopen(app, browsers)
    czj, anon = browsers("czj"), browsers()
    # the confirmation page asks for the 更正说明 of 第2版
    confirm = czj.get(f"/review/publish?year={YEAR}&unit={u11}")
    assert confirm.status_code == 200
    assert "第2版" in confirm.text and f'name="note-{u11}"' in confirm.text and "不可撤销" in confirm.text
    # sent empty: refused on the form, nothing published
    r = czj.post(
        "/review/publish",
        data={"csrf_token": czj.token(f"/review/publish?year={YEAR}&unit={u11}"), "year": YEAR, "unit": u11},
    )
    assert r.status_code == 400 and "请填写更正说明" in r.text and 'class="field-error"' in r.text
    assert state_of(app, "U11") == "approved"
    # the JSON API says the same, naming the field
    r = czj.act(f"/units/{u11}/{YEAR}/publish", {"correction_note": "  "})
    assert r.status_code == 400 and "更正说明" in r.json()["error"]
    note = "更正机关运行经费：17.89万元应为18.89万元。"
    r = czj.post(
        "/review/publish",
        data={
            "csrf_token": czj.token(f"/review/publish?year={YEAR}&unit={u11}"),
            "year": YEAR,
            "unit": u11,
            f"note-{u11}": note,
        },
    )
    assert r.status_code == 200 and "已公开第2版" in r.text, r.text[-2000:]
    listing = anon.get("/public.json").json()["reports"]
    v2 = next(x["id"] for x in listing if x["number"] == 2)
    public = anon.get(f"/public/{v2}").text
    assert note in public and f'href="/public/{v1}">第1版</a>' in public
    twin = anon.get(f"/public/{v2}.json").json()
    assert twin["correction_note"] == note and [c["id"] for c in twin["corrects"]] == [v1]
    old = anon.get(f"/public/{v1}.json").json()
    assert old["corrected_by"]["id"] == v2 and old["corrected_by"]["correction_note"] == note
    assert note in anon.get(f"/public/{v1}").text
    assert "第2版，更正版" in anon.get("/public").text
    # the data of 第1版 compared with the correction's: the confirmation page links to it
    assert f"versions?a=v{v1}&amp;b=" in confirm.text
    comp = czj.get(f"/units/{u11}/{YEAR}/versions.json?a=v{v1}&b=v{v2}").json()
    assert (comp["a"]["label"], comp["b"]["label"]) == ("已公开第1版", "已公开第2版")
    assert [(f["label"], f["difference"]) for f in comp["comparison"]["figures"]] == [
        ("机关运行经费", "1.00")
    ]
    assert czj.get(f"/units/{u11}/{YEAR}/versions.json?a=v{v1 + 1000}&b=v{v2}").status_code == 404
    # the history marks which upload each version was published from
    ups = czj.get(f"/units/{u11}/{YEAR}/versions.json").json()
    assert [u["published_as"] for u in ups["uploads"]] == [[1], [2]]
    assert ups["published"][0]["correction_note"] == note


def test_a_refused_bulk_publication_keeps_what_was_typed(app, browsers) -> None:
    """Two corrections, one 更正说明 written and one left empty: refused before anything is published,
    the written one kept on the form."""
    u11, _ = publish_v1_and_reopen(app, browsers)
    czj = browsers("czj")
    u12 = submitted(app, browsers, "U12", "tb12")
    assert czj.act(f"/units/{u12}/{YEAR}/approve").status_code == 200
    assert czj.act(f"/units/{u12}/{YEAR}/publish").status_code == 200
    assert czj.act(f"/units/{u12}/{YEAR}/reopen", {"comment": "更正"}).status_code == 200
    tb12 = browsers("tb12")
    assert tb12.act(f"/units/{u12}/{YEAR}/submit").status_code == 200
    assert czj.act(f"/units/{u12}/{YEAR}/approve").status_code == 200
    url = f"/review/publish?year={YEAR}&unit={u11}&unit={u12}"
    r = czj.post(
        "/review/publish",
        data={
            "csrf_token": czj.token(url),
            "year": YEAR,
            "unit": [u11, u12],
            f"note-{u11}": "已写好的更正说明",
            f"note-{u12}": "",
        },
    )
    assert r.status_code == 400 and "信访局下属中心" in r.text and "请填写更正说明" in r.text
    assert "已写好的更正说明</textarea>" in r.text
    assert state_of(app, "U11") == state_of(app, "U12") == "approved"


# --------------------------------------------------------------------------- point 8: bulk actions


def test_bulk_approve_each_on_its_own(app, browsers) -> None:
    u11 = submitted(app, browsers, "U11", "tb11")
    u12 = submitted(app, browsers, "U12", "tb12")
    u21 = submitted(app, browsers, "U21", "tb21")
    bm1 = browsers("bm1")
    # U21 is another department's: reported as not found, and not touched
    r = bm1.act("/review/approve", {"year": YEAR, "unit": [u21, u11, u12]})
    assert r.status_code == 200, r.text
    results = {x["unit_id"]: x for x in r.json()["results"]}
    assert results[u11]["ok"] and results[u12]["ok"] and not results[u21]["ok"]
    assert "未找到" in results[u21]["message"]
    assert (state_of(app, "U11"), state_of(app, "U12"), state_of(app, "U21")) == (
        "approved",
        "approved",
        "submitted",
    )
    assert actions_logged(app, "U11")[-1] == ("approve", "bm1")
    assert actions_logged(app, "U21")[-1] == ("submit", "tb21")  # nothing recorded about another's unit
    # approving again: refused for each (state), recorded, page lists why
    r = bm1.act("/review/approve", {"year": YEAR, "unit": [u11]})
    assert not r.json()["results"][0]["ok"] and "已审核" in r.json()["results"][0]["message"]
    assert actions_logged(app, "U11")[-1] == ("bulk_refused", "bm1")


def test_bulk_approve_from_the_dashboard_form(app, browsers) -> None:
    u11 = submitted(app, browsers, "U11", "tb11")
    bm1 = browsers("bm1")
    page = bm1.get("/review").text
    assert f'name="unit" value="{u11}" form="bulk"' in page and 'action="/review/approve"' in page
    assert "批量公开" not in page  # a department reviewer does not publish
    r = bm1.post("/review/approve", data={"csrf_token": bm1.token("/review"), "year": YEAR, "unit": u11})
    assert r.status_code == 200 and "审核通过" in r.text and "完成 <strong>1</strong> 个" in r.text
    # nothing ticked: the dashboard again, with the message
    r = bm1.post("/review/approve", data={"csrf_token": bm1.token("/review"), "year": YEAR})
    assert r.status_code == 400 and "请先勾选" in r.text and "审核工作台" in r.text


def test_bulk_actions_refused_to_the_wrong_roles(app, browsers) -> None:
    u11 = submitted(app, browsers, "U11", "tb11")
    for who in ("tb11", "tb21", "admin"):
        r = browsers(who).act("/review/approve", {"year": YEAR, "unit": [u11]})
        assert r.status_code == 403, (who, r.status_code)
    bm2 = browsers("bm2")  # another department's reviewer: nothing happens to U11
    r = bm2.act("/review/approve", {"year": YEAR, "unit": [u11]})
    assert not r.json()["results"][0]["ok"]
    assert state_of(app, "U11") == "submitted"
    assert browsers("czj").act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    for who in ("tb11", "bm1", "bm2", "admin"):
        b = browsers(who)
        assert b.get(f"/review/publish.json?year={YEAR}&unit={u11}").status_code == 403, who
        assert b.act("/review/publish/select", {"year": YEAR, "unit": [u11]}).status_code == 403, who
        assert b.act("/review/publish", {"year": YEAR, "unit": [u11]}).status_code == 403, who
    assert state_of(app, "U11") == "approved"
    # without the CSRF token
    czj = browsers("czj")
    assert czj.post("/review/publish", data={"year": YEAR, "unit": u11}).status_code == 403
    assert czj.post("/review/approve", data={"year": YEAR, "unit": u11}).status_code == 403
    assert state_of(app, "U11") == "approved"


def test_bulk_publish_confirms_then_publishes_each(app, browsers) -> None:
    u11 = submitted(app, browsers, "U11", "tb11")
    u12 = submitted(app, browsers, "U12", "tb12")
    u21 = submitted(app, browsers, "U21", "tb21")  # submitted, not approved: cannot be published
    czj = browsers("czj")
    assert czj.act("/review/approve", {"year": YEAR, "unit": [u11, u12]}).status_code == 200
    # from the dashboard to the confirmation page (nothing published yet)
    r = czj.post(
        "/review/publish/select",
        data={"csrf_token": czj.token("/review"), "year": YEAR, "unit": [u21, u11, u12]},
    )
    assert r.status_code == 303
    confirm = czj.get(r.headers["location"])
    assert confirm.status_code == 200 and "确认公开以上 2 份报告" in confirm.text
    assert "不公开：当前状态（已提交）不能公开" in confirm.text
    listed = czj.get(r.headers["location"].replace("/review/publish", "/review/publish.json")).json()
    assert [(u["unit_id"], u["ok"], u["number"]) for u in listed["units"]] == [
        (u21, False, 1),
        (u11, True, 1),
        (u12, True, 1),
    ]
    assert state_of(app, "U11") == "approved"
    # confirmed: the refused one first does not stop the others
    r = czj.post(
        "/review/publish",
        data={"csrf_token": czj.token(r.headers["location"]), "year": YEAR, "unit": [u21, u11, u12]},
    )
    assert r.status_code == 200
    assert "公开 <strong>2</strong> 个" in r.text and "未公开：只有已审核的申报可以公开" in r.text
    assert "不公开：" not in r.text  # the result page says what happened, not what could be done
    assert (state_of(app, "U11"), state_of(app, "U12"), state_of(app, "U21")) == (
        "published",
        "published",
        "submitted",
    )
    assert ("publish", "czj") in actions_logged(app, "U11") and ("publish", "czj") in actions_logged(
        app, "U12"
    )
    assert actions_logged(app, "U21")[-1] == ("bulk_refused", "czj")
    log = czj.get("/audit.json").json()["entries"]
    refused = next(e for e in log if e["action"] == "bulk_refused")
    assert (
        refused["after"]["bulk_action"] == "publish"
        and "只有已审核的申报可以公开" in refused["after"]["error"]
    )
    assert len(browsers().get("/public.json").json()["reports"]) == 2


def test_bulk_publish_one_at_a_time_as_the_page_script_does(app, browsers) -> None:
    """``bulk.js`` publishes one unit per JSON request and shows each result."""
    u11 = submitted(app, browsers, "U11", "tb11")
    czj = browsers("czj")
    assert czj.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    r = czj.post(
        "/review/publish",
        json={"csrf_token": czj.json_token(), "year": str(YEAR), "unit": str(u11)},
        headers={"accept": "application/json"},
    )
    assert r.status_code == 200, r.text
    (result,) = r.json()["results"]
    assert result["ok"] and result["number"] == 1 and result["message"] == "已公开第1版"
    assert browsers().get(f"/public/{result['version_id']}.json").status_code == 200


# --------------------------------------------------------------------------- point 8: 撤回


def test_the_unit_withdraws_a_submission_not_yet_reviewed(app, browsers) -> None:
    u11 = submitted(app, browsers, "U11", "tb11")
    tb, czj = browsers("tb11"), browsers("czj")
    page = tb.get(f"/units/{u11}/{YEAR}").text
    assert f'action="/units/{u11}/{YEAR}/withdraw"' in page and "撤回" in page
    for who in ("tb12", "bm1", "czj"):
        r = browsers(who).act(f"/units/{u11}/{YEAR}/withdraw")
        assert r.status_code in (403, 404), (who, r.status_code)
    assert state_of(app, "U11") == "submitted"
    r = tb.act(f"/units/{u11}/{YEAR}/withdraw")
    assert r.status_code == 200 and r.json()["state"] == "draft"
    assert actions_logged(app, "U11")[-1] == ("withdraw", "tb11")
    rows = {x["unit"]["code"]: x for x in czj.get("/review.json").json()["units"]}
    assert rows["U11"]["state"] == "draft"  # the reviewers see it back with the unit
    assert "撤回" in czj.get("/audit").text
    # once a reviewer has acted, it can no longer be withdrawn
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert czj.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    r = tb.act(f"/units/{u11}/{YEAR}/withdraw")
    assert r.status_code == 409 and state_of(app, "U11") == "approved"
    assert f"/units/{u11}/{YEAR}/withdraw" not in tb.get(f"/units/{u11}/{YEAR}").text


def test_a_workbook_and_its_yaml_compare_equal(app, browsers) -> None:
    """The comparison reads both formats through the engine: the same data as a YAML dataset and as the
    公开表 workbook has no figure and no text that differs."""
    from juesuan.excel.export import export_workbook
    from juesuan.loader import load_dataset

    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    assert tb.upload(u11, own_dataset(app, "U11")).status_code == 200
    assert tb.upload(u11, export_workbook(load_dataset(EXAMPLE)), "公开表.xlsx").status_code == 200
    page = tb.get(f"/units/{u11}/{YEAR}/versions.json").json()
    assert [u["kind"] for u in page["uploads"]] == ["yaml", "xlsx"]
    assert page["comparison"]["figures"] == [] and page["comparison"]["texts"] == []
    assert page["comparison"]["problems"] == {"old": None, "new": None}


def test_an_unexpected_failure_does_not_stop_the_rest(app, browsers, monkeypatch) -> None:
    """The renderer crashes for the first unit: it is reported and logged, the second is published."""
    from juesuan_web import reports

    u11 = submitted(app, browsers, "U11", "tb11")
    u12 = submitted(app, browsers, "U12", "tb12")
    czj = browsers("czj")
    assert czj.act("/review/approve", {"year": YEAR, "unit": [u11, u12]}).status_code == 200
    real = reports.publish_outputs
    calls: list[int] = []

    def flaky(*args: Any, **kwargs: Any) -> Any:
        calls.append(1)
        if len(calls) == 1:
            raise RuntimeError("renderer crashed")
        return real(*args, **kwargs)

    monkeypatch.setattr(reports, "publish_outputs", flaky)
    r = czj.act("/review/publish", {"year": YEAR, "unit": [u11, u12]})
    assert r.status_code == 200, r.text
    results = {x["unit_id"]: x for x in r.json()["results"]}
    assert not results[u11]["ok"] and "系统内部错误" in results[u11]["message"]
    assert results[u12]["ok"] and results[u12]["number"] == 1
    assert (state_of(app, "U11"), state_of(app, "U12")) == ("approved", "published")
    assert actions_logged(app, "U11")[-1] == ("bulk_refused", "czj")
    audit_page = czj.get("/audit").text
    assert (
        "批量操作未执行" in audit_page
        and "bulk_action" not in audit_page
        and "bulk_refused" not in audit_page
    )
