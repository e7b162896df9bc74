"""Last year's published figures used automatically (check, preview, stale checks re-run), a workbook
uploaded with its text YAML, and the 项 texts of a workbook upload edited in their row."""

from __future__ import annotations

import io

import pytest

from juesuan.excel.export import export_workbook
from juesuan.loader import load_dataset
from tests.test_prior_override import THIS_YEAR, last_year_text
from tests.web.conftest import EXAMPLE, YEAR, org_id

LAST = YEAR - 1


def page(b, unit, year=YEAR):
    return b.get(f"/units/{unit}/{year}.json").json()


def rule_messages(p) -> list[tuple[str, str]]:
    return [(f["rule_id"], f["message"]) for sev in p["findings"].values() for f in sev]


def save(b, unit, key, text, version):
    return b.post(
        f"/units/{unit}/{YEAR}/text",
        json={"key": key, "text": text, "version": version},
        headers={"accept": "application/json", "x-csrf-token": b.json_token()},
    )


def publish_last_year(app, browsers, unit: int, content: bytes) -> int:
    """Last year's report through the whole workflow: upload, submit, approve, publish."""
    tb, bm, czj = browsers("tb11"), browsers("bm1"), browsers("czj")
    r = tb.act(f"/units/{unit}/{LAST}/upload", files={"file": ("2023.yaml", content)})
    assert r.status_code == 200, r.text
    assert tb.act(f"/units/{unit}/{LAST}/submit").status_code == 200
    assert bm.act(f"/units/{unit}/{LAST}/approve").status_code == 200
    r = czj.act(f"/units/{unit}/{LAST}/publish")
    assert r.status_code == 200, r.text
    return r.json()["version_id"]


def insert_publication(app, unit: int, dataset: str, with_json: bool = True) -> int:
    """Last year's publication as an earlier season left it (its data.json built by the engine)."""
    import tempfile
    from pathlib import Path

    from juesuan.build import build
    from juesuan_web.models import PublishedFile, PublishedVersion, Submission, User

    files = {}
    if with_json:
        with tempfile.TemporaryDirectory() as tmp:
            (Path(tmp) / "d.yaml").write_text(dataset, encoding="utf-8")
            build(Path(tmp) / "d.yaml", Path(tmp) / "out", ("json",))
            files["data.json"] = (Path(tmp) / "out" / "data.json").read_bytes()
    with app.state.sessions() as db:
        sub = Submission(unit_id=unit, year=LAST, state="published")
        db.add(sub)
        db.flush()
        czj = db.query(User).filter_by(username="czj").one().id
        version = PublishedVersion(
            submission_id=sub.id,
            unit_id=unit,
            year=LAST,
            number=1,
            title=str(LAST),
            dataset_filename="d.yaml",
            dataset_kind="yaml",
            dataset_content=dataset.encode(),
            dataset_sha256="0" * 64,
            published_by=czj,
        )
        db.add(version)
        db.flush()
        for name, content in files.items():
            db.add(
                PublishedFile(
                    version_id=version.id,
                    name=name,
                    format="json",
                    media_type="application/json",
                    size=len(content),
                    sha256="0" * 64,
                    content=content,
                )
            )
        db.commit()
        return version.id


def test_last_years_publication_supplies_the_prior(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb, bm = browsers("tb11"), browsers("bm1")
    # before last year is published: the upload's own (here: no) prior figures, said so on the page
    assert tb.upload(u11, THIS_YEAR.encode()).status_code == 200
    p = page(tb, u11)
    assert p["prior"]["published"] is None and p["prior"]["record"] is None
    assert "没有已公开的2023年度决算" in p["prior"]["note"]
    assert [m for m in rule_messages(p) if m[0] == "C002"] and p["submission"]["counts"]["error"] == 0
    seen = p["submission"]["version"]

    v2023 = publish_last_year(app, browsers, u11, last_year_text().encode())

    # publishing last year re-checked this year's draft: last year's figures are there now
    p = page(tb, u11)
    record = p["prior"]["record"]
    assert record["version_id"] == v2023 and record["used"] is True and record["source"] == "data.json"
    assert "上年数取自2023年度已公开决算第1版（data.json）" in p["prior"]["note"]
    messages = rule_messages(p)
    assert not [m for m in messages if m[0] == "C002"]
    assert ("C001", "报告需要说明原因，但未填写：收入、支出总计变动原因。") in messages  # 243.40 vs 263.45
    assert any(e["action"] == "recheck" for e in p["history"])
    assert p["submission"]["version"] > seen
    html = tb.get(f"/units/{u11}/{YEAR}").text
    assert "上年数取自2023年度已公开决算第1版" in html and f'href="/public/{v2023}"' in html
    upload = tb.get(f"/units/{u11}/{YEAR}/uploads/{p['upload']['id']}.json").json()
    assert upload["check"]["prior"]["version_id"] == v2023

    # the preview compares with last year's figures (收入、支出总计 263.45 last year)
    preview = tb.get(f"/units/{u11}/{YEAR}/preview").text
    assert "263.45" in preview
    # the reviewer sees the same (and a fresh upload records the prior straight away)
    assert page(bm, u11)["prior"]["record"]["version_id"] == v2023
    assert tb.upload(u11, THIS_YEAR.encode()).status_code == 200
    assert tb.get(f"/units/{u11}/{YEAR}/uploads/{page(tb, u11)['upload']['id']}.json").json()["check"][
        "prior"
    ]["used"]

    # last year's figures typed into the upload do not replace the publication (issue 12 point 2): the
    # published ones are used, and each that differs is a finding showing both (an error beyond 尾差)
    assert tb.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    p = page(tb, u11)
    assert p["prior"]["record"]["used"] is True and "上年数取自2023年度已公开决算第1版" in p["prior"]["note"]
    y002 = {f["locations"][0]["key"]: f for f in p["findings"]["error"] if f["rule_id"] == "Y002"}
    total = y002["prior_year.total"]["message"]
    assert "本次填报为296.70万元" in total and "2023年度已公开决算为263.45万元" in total
    assert "相差33.25万元" in total and "报告按已公开决算的上年数编制" in total
    assert p["submission"]["counts"]["error"] >= len(y002) >= 2
    preview = tb.get(f"/units/{u11}/{YEAR}/preview").text
    report = preview.split('<section class="findings">')[0]  # the report, without the findings appended
    assert "263.45" in report and "296.70" not in report
    assert tb.act(f"/units/{u11}/{YEAR}/submit").status_code == 400  # not submitted with the errors
    # the same figures as published: nothing to say; a 尾差 is a note, not an error
    text = EXAMPLE.read_text(encoding="utf-8")
    block = text[text.index("prior_year:") : text.index("explanations:")]
    published = published_prior_block()
    assert tb.upload(u11, text.replace(block, published).encode()).status_code == 200
    assert not [m for m in rule_messages(page(tb, u11)) if m[0] == "Y002"]
    nudged = published.replace("  total: 263.45\n", "  total: 263.4549\n")
    assert nudged != published
    assert tb.upload(u11, text.replace(block, nudged).encode()).status_code == 200
    p = page(tb, u11)
    notes = [f for f in p["findings"]["info"] if f["rule_id"] == "Y002"]
    assert len(notes) == 1 and "263.4549" in notes[0]["message"] and "263.45万元" in notes[0]["message"]
    assert not [f for f in p["findings"]["error"] if f["rule_id"] == "Y002"]


def published_prior_block() -> str:
    """A prior_year block with last year's figures exactly as the publication of ``last_year_text`` gives
    them (derived by the engine, as the app does)."""
    import tempfile
    from pathlib import Path

    from juesuan.derive import derive
    from juesuan.loader import PublishedPrior, load_dataset

    with tempfile.TemporaryDirectory() as tmp:
        last, this = Path(tmp) / "last.yaml", Path(tmp) / "this.yaml"
        last.write_text(last_year_text(), encoding="utf-8")
        this.write_text(THIS_YEAR, encoding="utf-8")
        prior = derive(load_dataset(this, prior=PublishedPrior(last))).other["prior"]
    lines = [f"  {k}: {f.value}" for k, f in prior.items() if "." not in k and f is not None]
    three = ", ".join(
        f"{k.split('.')[1]}: {f.value}" for k, f in prior.items() if k.startswith("three_public.")
    )
    return "prior_year:\n" + "\n".join(lines) + f"\n  three_public: {{{three}}}\n\n"


def test_stale_check_rerun_on_submit(app, browsers) -> None:
    """Last year published after the check (here by an earlier season's data): submit re-checks first, and
    its gate sees the new error (this year's opening balance is not last year's closing)."""
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    assert tb.upload(u11, THIS_YEAR.encode()).status_code == 200
    p = page(tb, u11)
    assert p["submission"]["counts"]["error"] == 0 and p["prior"]["record"] is None
    seen = p["submission"]["version"]
    closing = last_year_text().replace("  opening: 0.12\n  closing: 0.07", "  opening: 0.17\n  closing: 0.12")
    closing = closing.replace("  closing_balance: 0.12", "  closing_balance: 0.17")
    v2023 = insert_publication(app, u11, closing)
    r = tb.act(f"/units/{u11}/{YEAR}/submit", {"version": seen})
    assert r.status_code == 400 and "上年决算已公开，已按上年数重新校验" in r.json()["error"]
    p = page(tb, u11)  # the re-check is kept when the page is viewed
    assert p["submission"]["state"] == "draft" and p["submission"]["counts"]["error"] == 1
    assert p["prior"]["record"]["version_id"] == v2023
    assert any(f["rule_id"] == "Y001" for f in p["findings"]["error"])


def test_dataset_snapshot_when_no_data_json(app, browsers, db_url) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the source of last year's figures does not depend on the database")
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    insert_publication(app, u11, last_year_text(), with_json=False)
    assert tb.upload(u11, THIS_YEAR.encode()).status_code == 200
    p = page(tb, u11)
    assert p["prior"]["record"]["source"] == "dataset" and p["prior"]["record"]["used"]
    assert "公开时的数据集" in p["prior"]["note"]
    assert not [m for m in rule_messages(p) if m[0] == "C002"]


TEXTS = """\
department:
  duties: 文字文件中的部门职责。
admin_cost:
  reason: 文字文件中的机关运行经费变动原因
"""


def read_sheet(content: bytes, title: str) -> list[list]:
    from openpyxl import load_workbook

    wb = load_workbook(io.BytesIO(content))
    return [list(row) for row in wb[title].iter_rows(values_only=True)]


def test_workbook_with_text_file(app, browsers, db_url) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the workbook path does not depend on the database")
    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    workbook = export_workbook(load_dataset(EXAMPLE))
    url = f"/units/{u11}/{YEAR}/upload"

    def send(texts: bytes, name: str = "文字.yaml", main=("公开表.xlsx", workbook)):
        return tb.act(url, files={"file": main, "texts": (name, texts)})

    r = send(TEXTS.encode())
    assert r.status_code == 200, r.text
    p = page(tb, u11)
    values = {f["key"]: f["value"] for f in p["text_fields"]}
    assert values["admin_cost.reason"] == "文字文件中的机关运行经费变动原因"
    assert values["department.duties"] == "文字文件中的部门职责。"
    stored = tb.get(f"/units/{u11}/{YEAR}/uploads/{p['upload']['id']}").content
    rows = {row[1]: row[2] for row in read_sheet(stored, "文字说明") if len(row) > 2}
    assert rows["admin_cost.reason"] == "文字文件中的机关运行经费变动原因"
    assert rows["department.duties"] == "文字文件中的部门职责。"
    preview = tb.get(f"/units/{u11}/{YEAR}/preview").text
    assert "文字文件中的机关运行经费变动原因" in preview and "文字文件中的部门职责。" in preview
    upload_log = [e for e in p["history"] if e["action"] == "upload"][-1]
    assert upload_log["after"]["upload"]["text_file"]["filename"] == "文字.yaml"

    # refused, naming the file and the line
    bad_key = "department:\n  duties: x\n  dutys: y\n"
    r = send(bad_key.encode())
    assert r.status_code == 400
    assert "文字内容文件 文字.yaml 第3行" in r.json()["error"] and "department.dutys" in r.json()["error"]
    r = send(b"department:\n  duties: [unclosed\n")
    assert r.status_code == 400 and "文字.yaml 第" in r.json()["error"]
    r = send(b"prior_year:\n  dataset: /etc/passwd\n")
    assert r.status_code == 400 and "prior_year.dataset" in r.json()["error"]
    r = send(b"functional_items:\n  - code: '2010301'\n")
    assert r.status_code == 400 and "第1行" in r.json()["error"] and "应填在工作簿中" in r.json()["error"]
    r = send("department:\n  duties: 职责\n".encode("gb18030") + "部门".encode("gb18030"))
    assert r.status_code == 400 and "UTF-8" in r.json()["error"]
    r = send(TEXTS.encode(), name="文字.txt")
    assert r.status_code == 400 and "应为 YAML 文件" in r.json()["error"]
    r = send(TEXTS.encode(), main=("dataset.yaml", EXAMPLE.read_bytes()))
    assert r.status_code == 400 and "只能与公开表工作簿" in r.json()["error"]
    # nothing of the refused uploads was stored
    assert page(tb, u11)["upload"]["id"] == p["upload"]["id"]


def test_item_texts_of_a_workbook(app, browsers, db_url) -> None:
    if not db_url.startswith("sqlite"):
        pytest.skip("the workbook path does not depend on the database")
    from openpyxl import load_workbook

    u11 = org_id(app, "U11")
    tb = browsers("tb11")
    last = last_year_text().replace(
        '  - code: "2010301"          # 一般公共服务支出 / 政府办公厅（室）及相关机构事务 / 行政运行\n',
        '  - code: "2010301"          # 一般公共服务支出 / 政府办公厅（室）及相关机构事务 / 行政运行\n'
        "    use: 上年的行政运行用途\n",
    )
    assert "上年的行政运行用途" in last
    insert_publication(app, u11, last, with_json=False)

    # the 项级科目 sheet with its rows in reverse order: the edit must find the row by the code
    wb = load_workbook(io.BytesIO(export_workbook(load_dataset(EXAMPLE))))
    ws = wb["项级科目预算及说明"]
    header = next(r for r in range(1, 10) if ws.cell(row=r, column=1).value == "功能分类科目编码")
    body = [[c.value for c in row] for row in ws.iter_rows(min_row=header + 1) if row[0].value]
    for offset, values in enumerate(reversed(body)):
        for col, value in enumerate(values, 1):
            ws.cell(row=header + 1 + offset, column=col, value=value)
    buffer = io.BytesIO()
    wb.save(buffer)
    assert tb.upload(u11, buffer.getvalue(), "公开表.xlsx").status_code == 200

    p = page(tb, u11)
    fields = {f["key"]: f for f in p["text_fields"]}
    use_key = next(k for k, f in fields.items() if f["match"] == "2014004" and k.endswith(".use"))
    reason_key = use_key.replace(".use", ".variance_reason")
    assert reason_key in fields
    first = next(k for k, f in fields.items() if f["match"] == "2010301" and k.endswith(".use"))
    assert fields[first]["previous"] == "上年的行政运行用途"  # last year's text, matched by the code

    version = p["submission"]["version"]
    r = save(tb, u11, use_key, "办理群众来信来访的业务支出", version)
    assert r.status_code == 200, r.text
    r = save(tb, u11, reason_key, "年中追加信访维稳经费", r.json()["version"])
    assert r.status_code == 200, r.text
    r = save(tb, u11, first, "上年的行政运行用途", r.json()["version"])
    assert r.status_code == 200, r.text

    p = page(tb, u11)
    values = {f["key"]: f["value"] for f in p["text_fields"]}
    assert values[use_key] == "办理群众来信来访的业务支出"
    assert values[reason_key] == "年中追加信访维稳经费"
    assert values[first] == "上年的行政运行用途"
    stored = tb.get(f"/units/{u11}/{YEAR}/uploads/{p['upload']['id']}").content
    rows = read_sheet(stored, "项级科目预算及说明")
    head = rows[header - 1]
    code_col, use_col = head.index("功能分类科目编码"), head.index("资金主要用途")
    reason_col = head.index("决算数与预算数差异原因")
    by_code = {str(row[code_col]): row for row in rows[header:] if row[code_col]}
    assert by_code["2014004"][use_col] == "办理群众来信来访的业务支出"
    assert by_code["2014004"][reason_col] == "年中追加信访维稳经费"
    assert by_code["2010301"][use_col] == "上年的行政运行用途"
    assert sum(1 for row in by_code.values() if row[use_col]) == 2  # no other row touched
    assert len(by_code) == len(body)  # no row added
    # clearing the text empties the cell
    r = save(tb, u11, use_key, "", p["submission"]["version"])
    assert r.status_code == 200
    stored = tb.get(f"/units/{u11}/{YEAR}/uploads/{page(tb, u11)['upload']['id']}").content
    by_code = {
        str(row[code_col]): row for row in read_sheet(stored, "项级科目预算及说明")[header:] if row[code_col]
    }
    assert by_code["2014004"][use_col] is None
