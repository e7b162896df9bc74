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

LAST_YEAR = """乐山市金口河区信访局2023年度部门决算
第二部分 2023年度部门决算情况说明
一、收入支出决算总体情况说明
2023年度收入、支出总计均为{total}万元。与2022年度相比，收入、支出总计各增加10.00万元，增长3.49%。
"""


def test_every_corpus_rule_is_catalogued_and_implemented() -> None:
    assert (
        {r.id for r in load_catalogue().of_kind("corpus")} == set(CROSS_REGISTRY) == {"K001", "K002", "K003"}
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


def _units_case(tmp_path: Path, second_unit: str) -> list[dict]:
    docs = [
        doc("dep", "某区教育局", 2024, "部门", 0, 0, []),
        doc("u1", "某区教育局第一中学", 2024, "单位", 0, 0, []),
        doc("u2", "某区教育局幼儿园", 2024, "单位", 0, 0, []),
        doc("other", "某区卫生健康委员会", 2024, "单位", 0, 0, []),
    ]
    figures = [
        figure("dep", 2024, "total.all", "current", "100.00"),
        figure("u1", 2024, "total.all", "current", "60.00"),
        figure("u2", 2024, "total.all", "current", second_unit),
        figure("other", 2024, "total.all", "current", "500.00"),  # not a unit of the department
    ]
    return [r for r in run_crosschecks(_store(tmp_path, docs, figures)) if r["rule"] == "K002"]


def test_k002_units_adding_up_to_more_than_the_department(tmp_path: Path) -> None:
    [row] = _units_case(tmp_path, "50.00")
    assert row["document_id"] == "dep" and "110" in row["message"] and "相差10万元" in row["message"]
    assert "某区教育局幼儿园、某区教育局第一中学" in row["message"] and "卫生" not in row["message"]


def test_k002_units_within_the_department(tmp_path: Path) -> None:
    assert _units_case(tmp_path, "40.00") == []


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
