"""The scorecard's figures against a small corpus counted by hand."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from openpyxl import load_workbook

from juesuan.corpus.analyse import Rows
from juesuan.corpus.report import scorecard, write_scorecard
from juesuan.corpus.store import Store
from tests.corpus_engine.rows import doc as _doc
from tests.corpus_engine.rows import figure as _figure
from tests.corpus_engine.rows import finding as _finding


def _store(tmp_path: Path) -> Path:
    rows = Rows(
        [
            _doc("a23", "某区甲局", 2023, "部门", 2, 1, ["glossary"]),
            _doc("a24", "某区甲局", 2024, "部门", 0, 0, []),
            _doc("b24", "某区乙中心", 2024, "单位", 1, 0, ["glossary", "assets", "sangong"]),
        ],
        [
            _finding("a23", "A010", "error"),
            _finding("a23", "A011", "error"),
            _finding("a23", "A020", "warning"),
            _finding("b24", "A010", "error"),
            _finding("b24", "A040", "info"),
        ],
        [
            _figure("a23", 2023, "sangong.total", "actual", "10.00"),
            _figure("a24", 2024, "sangong.total", "current", "12.00"),
            _figure("a23", 2023, "gpb.expenditure", "budget:年初", "100.00"),
            _figure("a23", 2023, "gpb.expenditure", "current", "90.00"),
            _figure("a24", 2024, "gpb.expenditure", "budget:年初", "200.00"),
            _figure("a24", 2024, "gpb.expenditure", "actual", "190.00"),
        ],
    )
    with Store.open(tmp_path / "store", write=True) as st:
        st.commit(rows)
    return tmp_path / "store"


def test_scorecard_tables_match_the_hand_count(tmp_path: Path) -> None:
    data = scorecard(_store(tmp_path))
    assert data["totals"] == {"documents": 3, "fatal": 0, "errors": 3, "warnings": 1, "regions": 1}
    scores = {(s["department"], s["year"]): s for s in data["scores"]}
    assert scores["某区甲局", 2023]["score"] == 90.0 and scores["某区甲局", 2023]["missing"] == "名词解释"
    assert scores["某区甲局", 2024]["score"] == 100.0
    assert scores["某区乙中心", 2024]["score"] == 66.7 and scores["某区乙中心", 2024]["errors"] == 1
    req = {r["id"]: r for r in data["requirements"]}
    assert (req["glossary"]["asked"], req["glossary"]["present"], req["glossary"]["share"]) == (3, 1, 33.3)
    assert (req["units"]["asked"], req["units"]["present"]) == (2, 2)  # asked of 部门 reports only
    assert all(r["source"] and r["verified"] in ("已核实", "未核实") for r in data["requirements"])
    rules = {(r["rule"], r["severity"]): (r["findings"], r["documents"]) for r in data["rules"]}
    assert rules == {("A010", "error"): (2, 2), ("A011", "error"): (1, 1), ("A020", "warning"): (1, 1)}
    assert [w["id"] for w in data["worst"]] == ["a23", "b24", "a24"]
    assert [f["rule"] for f in data["worst"][0]["findings"]] == ["A010", "A011", "A020"]
    years = {y["year"]: y for y in data["years"]}
    assert (years[2023]["error_rate"], years[2024]["error_rate"], years[2024]["mean_errors"]) == (
        100.0,
        50.0,
        0.5,
    )
    assert [(s["department"], s["change"]) for s in data["sangong"]] == [("某区甲局", Decimal("20.00"))]
    assert [(e["year"], e["rate"]) for e in data["execution"]] == [
        (2023, Decimal("90.00")),
        (2024, Decimal("95.00")),
    ]


def test_html_and_xlsx_carry_the_same_tables(tmp_path: Path) -> None:
    html, xlsx = write_scorecard(_store(tmp_path), tmp_path / "out" / "scorecard.html")
    page = html.read_text("utf-8")
    assert (
        page.count("<svg") == 3
        and "<script" not in page
        and 'href="#doc-a23"' in page
        and 'id="doc-a23"' in page
    )
    assert "某区乙中心" in page and "A011问题" in page and "名词解释" in page
    book = load_workbook(xlsx)
    assert book.sheetnames == [
        "得分",
        "公开要求",
        "规则统计",
        "问题最多的文档",
        "年度比较",
        "三公变动",
        "执行率",
    ]
    sheet = book["得分"]
    assert [c.value for c in sheet[1]][:5] == ["地区", "部门（单位）", "年度", "文档数", "公开完整性得分"]
    assert sheet.max_row == 4
    assert [c.value for c in book["三公变动"][2]][-1] == 20.0
