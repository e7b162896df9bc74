"""False alarms and misses found on the held-out group g21, each with the case that must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _findings, _rules

_SERIES = (
    "20日下午,財政部部長劉昆向全國人大常委會作《國務院關於2017年中央決算的報告》。報告顯示,2017年,中央本級“三公”經費"
    "財政撥款支出合計43.6億元,比預算數減少17.87億元。\n"
    "根據財政部數據,自2012年至2017年,中央本級“三公”經費財政撥款支出分別為74.25億元、70.15億元、58.8億元、53.73億元、"
    "48.25億元和43.6億元。\n"
)


def test_a_series_over_a_span_of_years_is_one_figure_a_year(tmp_path):
    # g21-04 line 11: “自2012年至2017年,…分別為74.25億元、70.15億元、…和43.6億元” are six years' figures, not
    # five more statements of 2017's 43.6
    assert "A010" not in _rules(tmp_path, _SERIES)
    # the year's figure stated again with another value is still found
    listed = "分別為74.25億元、70.15億元、58.8億元、53.73億元、48.25億元和43.6億元"
    twice = _SERIES.replace(listed, "為45.6億元")
    assert "A010" in _rules(tmp_path, twice, "twice.txt")


_DEPARTMENTS = (
    "數據顯示,2015年北京市級黨政機關和全額撥款事業單位“三公”經費財政撥款決算64245萬元(人民幣,下同),比年初預算下降22.3%。\n"
    "其中,今年北京市公安局的“三公”經費財政撥款決算數為9530.81萬元,相比預算數減少約1418萬元,其中公車購置費為0元;"
    "北京市環境保護局“三公”經費財政撥款決算數為431.38萬元,相比預算數減少約44萬元。\n"
)


def test_a_named_departments_figure_is_not_the_aggregates(tmp_path):
    # g21-02 line 4: each department's “三公” 决算 beside the 市级 aggregate's 64245 is another figure
    assert "A010" not in _rules(tmp_path, _DEPARTMENTS)
    # one body's figure stated twice with two values is still found
    twice = (
        "2015年度部门决算\n2015年北京市公安局“三公”经费财政拨款决算数为9530.81万元。\n"
        "北京市公安局的“三公”经费财政拨款决算数为9350.81万元,主要是严控公务接待。\n"
    )
    assert "A010" in _rules(tmp_path, twice, "twice.txt")
    # and so is the department's own figure stated once with its name and once without
    own = (
        "2015年度部门决算\n2015年北京市公安局“三公”经费财政拨款决算数为9530.81万元。\n"
        "“三公”经费财政拨款决算数为9350.81万元,主要是严控公务接待。\n"
    )
    assert "A010" in _rules(tmp_path, own, "own.txt")
    assert not [f for f in _findings(tmp_path, _DEPARTMENTS) if f.severity in ("error", "warning")]
