"""The department view: who may see it, which units it consolidates, and that its figures and its dataset
download are exactly the engine's ``consolidate`` of the same uploads."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from juesuan.consolidate import Consolidated, consolidate
from juesuan.derive import derive
from juesuan.loader import load_dataset
from juesuan_web.views.department import FIGURES
from tests.test_consolidate import modified
from tests.web.conftest import EXAMPLE, USERS, YEAR, org_id, own_dataset

ROLES = [None, *USERS]  # None: not logged in
DENIED = {401, 403, 404}
D1_NAME = "乐山市金口河区信访局"  # the department D1; its unit U11 carries the same name: the 本级


def copy_yaml(tmp_path: Path) -> Path:
    """The example scaled × 2, renamed 信访局下属中心, with one more 项 (see tests/test_consolidate.py)."""
    path = tmp_path / "copy.yaml"
    dataset = modified(load_dataset(EXAMPLE).dataset)
    path.write_text(Consolidated(dataset, (), (), None).to_yaml(), encoding="utf-8")
    return path


def engine(tmp_path: Path, *paths: Path, base: int | None = 0) -> tuple[Consolidated, object]:
    result = consolidate([load_dataset(p) for p in paths], name=D1_NAME, code="D1", base=base)
    out = tmp_path / "engine.yaml"
    out.write_text(result.to_yaml(), encoding="utf-8")
    return result, derive(load_dataset(out))


def test_figures_are_the_engines(app, browsers, tmp_path: Path) -> None:
    d1, u11, u12 = org_id(app, "D1"), org_id(app, "U11"), org_id(app, "U12")
    copy = copy_yaml(tmp_path)
    assert browsers("tb11").upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert browsers("tb12").upload(u12, copy.read_bytes(), "copy.yaml").status_code == 200
    result, derived = engine(tmp_path, EXAMPLE, copy)
    bm1 = browsers("bm1")
    page = bm1.get(f"/departments/{d1}/{YEAR}.json").json()
    assert page["included"] == [D1_NAME, "信访局下属中心"] and page["excluded"] == []
    assert [r["status"] for r in page["units"]] == ["included", "included"]
    assert [r["base"] for r in page["units"]] == [True, False]
    assert page["units"][0]["state"] == "draft" and page["units"][0]["counts"]["error"] == 0
    got = page["consolidated"]
    assert got["base"] == D1_NAME and got["units"] == [D1_NAME, "信访局下属中心"]
    assert [f["key"] for f in got["figures"]] == [key for key, _ in FIGURES]
    for fig in got["figures"]:
        assert Decimal(fig["value"]) == derived.ledger[fig["key"]].value, fig["key"]
    classes = [(r.code, r.expenditure["total"].value) for r in derived.rows if r.level == "类"]
    assert [(c["code"], Decimal(c["value"])) for c in got["classes"]] == classes
    # the example's 收入总计 243.40 plus the copy's 2 × 243.40 + 10
    assert next(f for f in got["figures"] if f["key"] == "total.income")["display"] == "740.20"
    # the download is the engine's consolidated dataset, byte for byte
    download = bm1.get(f"/departments/{d1}/{YEAR}/dataset")
    assert download.status_code == 200
    assert "attachment" in download.headers["content-disposition"]
    assert download.content.decode("utf-8") == result.to_yaml()
    twin = bm1.get(f"/departments/{d1}/{YEAR}/dataset.json").json()
    assert twin["yaml"] == result.to_yaml() and twin["base"] == D1_NAME
    html = bm1.get(f"/departments/{d1}/{YEAR}").text
    assert "740.20" in html and "已纳入汇总的单位（2 个）" in html and "下载汇总数据集" in html
    # the department's report, built by the engine from the consolidated dataset
    preview = bm1.get(f"/departments/{d1}/{YEAR}/preview")
    assert preview.status_code == 200 and "default-src 'none'" in preview.headers["content-security-policy"]
    assert "740.20" in preview.text and "未通过校验" not in preview.text
    assert browsers("bm2").get(f"/departments/{d1}/{YEAR}/preview").status_code == 404


def test_unreadable_and_missing_units_are_left_out(app, browsers, tmp_path: Path) -> None:
    d1, u11, u12 = org_id(app, "D1"), org_id(app, "U11"), org_id(app, "U12")
    czj = browsers("czj")
    page = czj.get(f"/departments/{d1}/{YEAR}.json").json()  # nothing uploaded yet
    assert page["consolidated"] is None and page["included"] == []
    assert {e["status"] for e in page["excluded"]} == {"missing"}
    assert czj.get(f"/departments/{d1}/{YEAR}/dataset").status_code == 404
    browsers("tb12").upload(u12, b"- not\n- a dataset\n")
    page = czj.get(f"/departments/{d1}/{YEAR}.json").json()
    assert page["excluded"][1]["status"] == "unreadable" and page["excluded"][1]["reason"]
    assert page["consolidated"] is None
    browsers("tb11").upload(u11, EXAMPLE.read_bytes())
    page = czj.get(f"/departments/{d1}/{YEAR}.json").json()
    assert page["included"] == [D1_NAME]
    assert [(e["name"], e["status"]) for e in page["excluded"]] == [("信访局下属中心", "unreadable")]
    _, derived = engine(tmp_path, EXAMPLE)
    for fig in page["consolidated"]["figures"]:
        assert Decimal(fig["value"]) == derived.ledger[fig["key"]].value, fig["key"]
    html = czj.get(f"/departments/{d1}/{YEAR}").text
    assert "信访局下属中心（数据无法读取，未纳入汇总）" in html


def test_the_same_unit_twice_is_not_summed(app, browsers) -> None:
    d1, u11, u12 = org_id(app, "D1"), org_id(app, "U11"), org_id(app, "U12")
    browsers("tb11").upload(u11, EXAMPLE.read_bytes())
    # U12's upload is U11's dataset: refused since issue 12 (C005), so stored as an upload from before was
    assert browsers("tb12").upload(u12, EXAMPLE.read_bytes()).status_code == 400
    assert browsers("tb12").upload(u12, own_dataset(app, "U12")).status_code == 200
    with app.state.sessions() as db:
        from sqlalchemy import select

        from juesuan_web.models import Upload

        db.scalars(select(Upload).order_by(Upload.id.desc())).first().content = EXAMPLE.read_bytes()
        db.commit()
    bm1 = browsers("bm1")
    page = bm1.get(f"/departments/{d1}/{YEAR}.json").json()
    assert page["consolidated"] is None
    assert len(page["problems"]) == 1 and "重复汇总" in page["problems"][0] and "U12" in page["problems"][0]
    refused = bm1.get(f"/departments/{d1}/{YEAR}/dataset.json")
    assert refused.status_code == 422 and "重复汇总" in refused.json()["error"]


def test_department_without_uploads(app, browsers) -> None:
    d2 = org_id(app, "D2")
    page = browsers("bm2").get(f"/departments/{d2}/{YEAR}.json").json()
    assert page["department"]["code"] == "D2"
    assert [r["unit"]["code"] for r in page["units"]] == ["U21"]
    assert page["units"][0]["state"] == "not_started" and page["units"][0]["counts"] is None
    assert page["consolidated"] is None and page["problems"] == []
    assert page["excluded"] == [
        {"name": "测试区第一小学", "status": "missing", "label": "未上传数据，未纳入汇总", "reason": ""}
    ]
    html = browsers("czj").get(f"/departments/{d2}/{YEAR}").text
    assert "尚无可纳入汇总的单位数据" in html


def test_permissions(app, browsers) -> None:
    d1, d2 = org_id(app, "D1"), org_id(app, "D2")
    browsers("tb11").upload(org_id(app, "U11"), EXAMPLE.read_bytes())
    expected = {
        f"/departments/{d1}/{YEAR}": {"czj", "bm1"},
        f"/departments/{d1}/{YEAR}/dataset": {"czj", "bm1"},
        f"/departments/{d2}/{YEAR}": {"czj", "bm2"},
        f"/departments/{d1}/{YEAR - 1}": {"czj", "bm1"},  # another year: the page, with nothing to sum
        f"/departments/{d1}/{YEAR + 1}": set(),  # a year the workflow does not have
        f"/departments/{org_id(app, 'U11')}/{YEAR}": set(),  # a unit is not a department
        f"/departments/{org_id(app, 'R')}/{YEAR}": set(),  # nor is the region
        f"/departments/99999/{YEAR}": set(),
    }
    clients = {role: browsers(role) for role in ROLES}
    for page, allowed in expected.items():
        for role, client in clients.items():
            for url in (page + ".json", page):
                r = client.get(url)
                if role in allowed:
                    assert r.status_code == 200, (role, url, r.status_code)
                elif role is None and url.endswith(".json"):
                    assert r.status_code == 401, (role, url, r.status_code)
                elif role is None:
                    assert r.status_code == 303 and r.headers["location"].startswith("/login"), (role, url)
                else:
                    assert r.status_code == 404, (role, url, r.status_code)
    # a department reviewer guessing the other department's id sees nothing of it
    r = clients["bm2"].get(f"/departments/{d1}/{YEAR}/dataset.json")
    assert r.status_code in DENIED and "乐山" not in r.text


def test_the_dashboard_links_each_department(app, browsers) -> None:
    d1, d2 = org_id(app, "D1"), org_id(app, "D2")
    bm1 = browsers("bm1")
    page = bm1.get("/review").text
    assert f'href="/departments/{d1}/{YEAR}"' in page and f'href="/departments/{d2}/{YEAR}"' not in page
    assert bm1.get(f"/departments/{d1}/{YEAR}").status_code == 200
    czj = browsers("czj").get("/review").text
    assert f'href="/departments/{d1}/{YEAR}"' in czj and f'href="/departments/{d2}/{YEAR}"' in czj


def test_own_level_is_found_by_name() -> None:
    from juesuan_web.models import Org
    from juesuan_web.views.department import is_own_level

    dept = Org(code="103", name="乐山市金口河区卫生健康局", kind="department")
    own = ["乐山市金口河区卫生健康局", "乐山市金口河区卫生健康局（本级）", "乐山市金口河区卫生健康局(本级)"]
    own.append("乐山市金口河区卫生健康局本级")
    for name in own:
        assert is_own_level(Org(code="1", name=name, kind="unit"), dept), name
    for name in ("乐山市金口河区人民医院", "乐山市金口河区卫生健康局下属中心", "本级"):
        assert not is_own_level(Org(code="1", name=name, kind="unit"), dept), name
