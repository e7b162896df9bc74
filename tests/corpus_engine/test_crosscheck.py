"""Checks across documents (family K): each with a case that passes and one that fails."""

from __future__ import annotations

import shutil
from pathlib import Path

from juesuan.corpus.analyse import Rows
from juesuan.corpus.crosscheck import CROSS_REGISTRY, run_crosschecks
from juesuan.corpus.query import query
from juesuan.corpus.report import scorecard
from juesuan.corpus.run import audit_corpus
from juesuan.corpus.store import Store
from juesuan.rules.catalogue import load_catalogue
from tests.corpus_engine.conftest import REFERENCE
from tests.corpus_engine.rows import doc, figure

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"

LAST_YEAR = """乐山市金口河区信访局2023年度部门决算
第二部分 2023年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入、支出总计均为{total}万元。与2022年度相比，收入、支出总计各增加10.00万元，增长3.49%。
"""


def test_every_corpus_rule_is_catalogued_and_implemented() -> None:
    assert (
        {r.id for r in load_catalogue().of_kind("corpus")}
        == set(CROSS_REGISTRY)
        == {"K001", "K002", "K003", "K004"}
    )


def _two_years(tmp_path: Path, total: str) -> list[tuple]:
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(REFERENCE, folder / "2024.txt")  # says 2024 收入、支出总计 243.4, 53.3 less than 2023: 296.7
    (folder / "2023.txt").write_text(LAST_YEAR.format(total=total), encoding="utf-8")
    summary = audit_corpus([folder], tmp_path / "store", workers=1)
    assert summary.cross_findings >= 0
    return query(tmp_path / "store", "SELECT rule, year, message FROM cross_findings WHERE rule = 'K001'")[1]


def test_k001_planted_prior_year_difference(tmp_path: Path) -> None:
    found = _two_years(tmp_path, "296.8")
    assert len(found) == 1 and found[0][:2] == ("K001", 2024)
    assert "296.7" in found[0][2] and "296.8" in found[0][2] and "0.1" in found[0][2]
    rules = {(r["rule"], r["findings"]) for r in scorecard(tmp_path / "store")["rules"]}
    assert ("K001", 1) in rules  # the scorecard counts the checks across documents with the others


def test_k001_consistent_years(tmp_path: Path) -> None:
    assert _two_years(tmp_path, "296.7") == []


def _store(tmp_path: Path, docs: list[dict], figures: list[dict]) -> Store:
    with Store.open(tmp_path / "store", write=True) as st:
        st.commit(Rows(docs, [], figures))
    return Store(tmp_path / "store")


def _units_case(
    tmp_path: Path, second_unit: str, listed: list[str] | None, more: list[dict] = ()
) -> list[dict]:
    """A 教育局 of 100.00, two of its units (60.00 and ``second_unit``), a unit named under it that its list
    (when ``listed`` is given) leaves out, and another department's unit."""
    dep = doc("dep", "某区教育局", 2024, "部门", 0, 0, [])
    dep["units_listed"] = listed
    docs = [
        dep,
        doc("u1", "某区教育局第一中学", 2024, "单位", 0, 0, []),
        doc("u2", "某区教育局幼儿园", 2024, "单位", 0, 0, []),
        doc("u3", "某区教育局机关服务中心", 2024, "单位", 0, 0, []),  # named under it, not listed
        doc("other", "某区卫生健康委员会", 2024, "单位", 0, 0, []),
        *[d for d in more if "department" in d],
    ]
    figures = [
        figure("dep", 2024, "total.all", "current", "100.00"),
        figure("u1", 2024, "total.all", "current", "60.00"),
        figure("u2", 2024, "total.all", "current", second_unit),
        figure("u3", 2024, "total.all", "current", "500.00"),
        figure("other", 2024, "total.all", "current", "500.00"),  # not a unit of the department
        *[f for f in more if "subject" in f],
    ]
    return [r for r in run_crosschecks(_store(tmp_path, docs, figures)) if r["rule"] in ("K002", "K004")]


LISTED = ["区教育局第一中学", "某区教育局幼儿园（下属事业单位）"]


def test_k002_listed_units_adding_up_to_more_than_the_department(tmp_path: Path) -> None:
    [row] = _units_case(tmp_path, "50.00", LISTED)
    assert row["rule"] == "K002" and row["severity"] == "error" and row["document_id"] == "dep"
    assert "110" in row["message"] and "相差10万元" in row["message"]
    assert "单位构成列明所属单位2个，语料库中有其中2个的报告" in row["message"]
    assert "（某区教育局幼儿园、某区教育局第一中学）" in row["message"]
    assert "机关服务中心" not in row["message"] and "卫生" not in row["message"]


def test_k002_listed_units_within_the_department(tmp_path: Path) -> None:
    # the unit named under the department (500.00) is not in its list: not compared, no fallback either
    assert _units_case(tmp_path, "40.00", LISTED) == []


def test_k002_department_that_says_it_has_no_units(tmp_path: Path) -> None:
    assert _units_case(tmp_path, "50.00", []) == []


def test_k004_units_named_under_a_department_without_a_list(tmp_path: Path) -> None:
    [row] = _units_case(tmp_path, "50.00", None)
    assert row["rule"] == "K004" and row["severity"] == "warning"
    assert "未列明所属单位" in row["message"] and "按名称推定" in row["message"]
    assert "某区教育局机关服务中心" in row["message"] and "卫生" not in row["message"]


def test_k004_leaves_out_a_unit_another_department_lists(tmp_path: Path) -> None:
    # 某区机关事务管理局 lists the 机关服务中心: by its name it would be the 教育局's, by the evidence it
    # is not
    other = doc("dep2", "某区机关事务管理局", 2024, "部门", 0, 0, [])
    other["units_listed"] = ["某区教育局机关服务中心"]
    more = [other, figure("dep2", 2024, "total.all", "current", "900.00")]
    assert _units_case(tmp_path, "40.00", None, more=more) == []


UNIT = """{name}2023年度单位决算
第二部分 2023年度单位决算情况说明
一、收入支出决算总体情况说明
2023年度收入合计{total}万元，支出合计{total}万元。
"""


def _listed_units_of_a_real_report(tmp_path: Path, second: str) -> list[tuple]:
    """p03 (重庆市铜梁区财政局 2023, 收入合计4495.76万元) lists three 直属事业单位; two of them publish
    reports, and so does a unit named under the department that the list leaves out."""
    folder = tmp_path / "reports"
    folder.mkdir()
    shutil.copy(DOCS / "p03.txt", folder / "p03.txt")
    for name, total in (
        ("重庆市铜梁区国库集中支付核算中心", "3000.00"),
        ("重庆市铜梁区非税收入征收管理中心", second),
        ("重庆市铜梁区财政局会计服务所", "9000.00"),  # named under the department, not in its list
    ):
        (folder / f"{name}.txt").write_text(UNIT.format(name=name, total=total), encoding="utf-8")
    audit_corpus([folder], tmp_path / "store", workers=1)
    sql = "SELECT rule, severity, message FROM cross_findings WHERE rule IN ('K002', 'K004')"
    return query(tmp_path / "store", sql)[1]


def test_k002_real_report_with_its_listed_units_exceeding_it(tmp_path: Path) -> None:
    [(rule, severity, message)] = _listed_units_of_a_real_report(tmp_path, "2000.00")
    assert (rule, severity) == ("K002", "error")
    assert "列明所属单位3个" in message and "5000" in message and "4495.76" in message
    assert "会计服务所" not in message


def test_k002_real_report_with_its_listed_units_within_it(tmp_path: Path) -> None:
    assert _listed_units_of_a_real_report(tmp_path, "1000.00") == []


def _separate_pages(tmp_path: Path, sangong_page: str) -> list[dict]:
    docs = [
        doc("main", "某区财政局", 2024, "部门", 0, 0, []),
        doc("page", "某区财政局", 2024, "部门", 0, 0, []),
    ]
    figures = [
        figure("main", 2024, "sangong.total", "current", "12.30"),
        figure("page", 2024, "sangong.total", "actual", sangong_page),
        figure("main", 2024, "admin_cost", "current", "80.00"),  # stated in one document only
    ]
    return [r for r in run_crosschecks(_store(tmp_path, docs, figures)) if r["rule"] == "K003"]


def test_k003_same_figure_stated_differently(tmp_path: Path) -> None:
    [row] = _separate_pages(tmp_path, "13.3")
    assert row["document_id"] == "page" and "相差1万元" in row["message"] and row["severity"] == "error"


def test_k003_within_the_printed_precision(tmp_path: Path) -> None:
    assert _separate_pages(tmp_path, "12.3") == []


def test_k002_called_on_its_own_reads_the_connection_as_it_is_now(tmp_path: Path) -> None:
    # K002 and K004 share their rows within one run_crosschecks; a check called outside a run must not
    # answer from an earlier call's rows (a module-level memo keyed by the connection did: the rows of the
    # first call came back after the figures had changed)
    from juesuan.corpus.crosscheck import _FIRST
    from juesuan.corpus.query import connect

    dep = doc("dep", "某区教育局", 2024, "部门", 0, 0, [])
    dep["units_listed"] = LISTED
    docs = [dep, doc("u1", "某区教育局第一中学", 2024, "单位", 0, 0, [])]
    figures = [
        figure("dep", 2024, "total.all", "current", "100.00"),
        figure("u1", 2024, "total.all", "current", "160.00"),
    ]
    con = connect(_store(tmp_path, docs, figures))
    try:
        con.execute(_FIRST.format(name="current", columns="'current', 'actual'"))
        assert [r["rule"] for r in CROSS_REGISTRY["K002"](con)] == ["K002"]
        con.execute(_FIRST.format(name="current", columns="'actual'"))  # no current figures now
        assert list(CROSS_REGISTRY["K002"](con)) == []
        assert list(CROSS_REGISTRY["K004"](con)) == []
    finally:
        con.close()


def test_k004_takes_the_unit_of_the_department_s_region_when_a_name_recurs(tmp_path: Path) -> None:
    # a unit of the same name in another region, whose document sorts first, is not the one compared, and
    # does not hide the department's own (K004 compares within the region, as the check before it did)
    elsewhere = doc("a-u2", "某区教育局幼儿园", 2024, "单位", 0, 0, [])
    elsewhere["region"] = "某市另一区"
    more = [elsewhere, figure("a-u2", 2024, "total.all", "current", "10.00")]
    [row] = _units_case(tmp_path, "50.00", None, more=more)
    assert row["rule"] == "K004"
    assert "某区教育局幼儿园" in row["message"] and "相加为610万元" in row["message"], row["message"]


def test_k002_takes_the_listed_unit_of_the_department_s_region_when_a_name_recurs(tmp_path: Path) -> None:
    # the list names 某区教育局幼儿园; a report of that name in another region comes first by its id, but the
    # department's own region has one too: that one is the unit (60 + 50 = 110, not 60 + 10 = 70)
    elsewhere = doc("a-u2", "某区教育局幼儿园", 2024, "单位", 0, 0, [])
    elsewhere["region"] = "某市另一区"
    more = [elsewhere, figure("a-u2", 2024, "total.all", "current", "10.00")]
    [row] = _units_case(tmp_path, "50.00", LISTED, more=more)
    assert row["rule"] == "K002" and "相加为110万元" in row["message"], row["message"]
