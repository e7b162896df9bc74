"""The held-out groups g90–g93 after their first score: each fix from the real text, with the case that must
still be found."""

from __future__ import annotations

from juesuan.audit.facts import subject_key
from tests.audit.test_heldout_g29 import DOCS
from tests.audit.test_heldout_g33 import _findings


# g92-04 lines 3 and 9: “财政拨款收、支总计” is the 财政拨款 total, not the 收、支总计 of all funds
def test_the_fiscal_total_written_with_a_comma_is_its_own_subject(tmp_path):
    assert subject_key("财政拨款收、支总计") == subject_key("财政拨款收入支出总计") == "total.fiscal"
    assert subject_key("收、支总计") == "total.all"
    text = (DOCS / "g92-04.txt").read_text(encoding="utf-8")
    said = [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A010"]
    assert [f for f in said if "232,125.37" in f.message] == []


# g97-01 lines 30–32 (and g28-06, the same template): “一般公开预算” for 一般公共预算
def test_public_budget_miswritten(tmp_path):
    text = "曾都区科技局2017年部门决算公开说明\n表2:一般公开预算支出决算情况表\n"
    said = [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A040"]
    assert [f for f in said if "一般公开预算" in f.message]
    right = text.replace("公开预算", "公共预算")
    assert [f for f in _findings(tmp_path, right, "right.txt") if "一般公开预算" in f.message] == []


# g91-02 line 11: a year's figure left blank before its unit
def test_a_years_figure_left_blank(tmp_path):
    text = "2018年中央部门“三公”经费决算\n如果与2011年的亿元相比,2018年“三公”经费支出相当于减了大半。\n"
    said = [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A040"]
    assert [f for f in said if "空缺的数字" in f.message]
    right = text.replace("2011年的亿元", "2011年的94.7亿元")
    assert [f for f in _findings(tmp_path, right, "right.txt") if "空缺的数字" in f.message] == []


# g82-01 line 10: a 支出 in 万元 beside its 收入 in 亿元, a thousandth of it: the unit may be 亿元
def test_wan_written_for_yi_beside_its_counterpart(tmp_path):
    text = (
        "黄石市2021年市级财政决算(草案)的说明\n"
        "2021年全市一般公共预算收入完成125.69亿元,为预算数的102.28%,比上年增长42.45%。全市一般公共预算支出完成"
        "249.87万元(含中央省级财政转移支付),为预算数的90.98%,比上年下降12.74%。\n"
    )
    said = [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A025"]
    assert [f for f in said if "249.87万元" in f.message and "亿元" in f.message]
    right = text.replace("249.87万元", "249.87亿元")
    assert [f for f in _findings(tmp_path, right, "right.txt") if f.rule_id == "A025"] == []


# g77-01 line 11: an average yearly rate is the whole change's n-th root over the years between
def test_an_average_yearly_rate_against_the_whole_change(tmp_path):
    text = (
        "2020年全国教育经费执行情况统计公告\n"
        "全国一般公共预算教育支出年均增长7.02%,2020年达到36310.47亿元,比2015年增长40.4%。"
        "全国幼儿园生均一般公共预算教育经费年均增长12.3%,2020年达到9410.76元,比2015年增长76.48%。\n"
    )
    said = [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A014"]
    assert [f.message for f in said if "12.03%" in f.message]
    assert [f for f in said if "7.02%" in f.message] == []
    right = text.replace("年均增长12.3%", "年均增长12.03%")
    assert [f for f in _findings(tmp_path, right, "right.txt") if f.rule_id == "A014"] == []
