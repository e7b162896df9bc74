"""False alarms and misses found on the held-out group g27, each with the case that must still be found."""

from __future__ import annotations

import pytest

from juesuan.audit.read import read_document
from tests.audit.test_heldout_g19 import _findings, _rules
from tests.audit.test_heldout_g22 import _clean_then_found

# Each case: a passage of a g27 text that drew a false finding, the rules it must not draw, and a slip
# planted in it that the rule must still find.
CASES = {
    # g27-02 lines 16 and 19: the figure inside “与2014年度财政拨款收入218.4万元相比” is the prior year's, the
    # base of the change after it, not this year's (A014 “上年应为226.8万元”, A010 a second statement of 210)
    "a prior figure framed by 与…相比": (
        "贵州省福利彩票发行中心2015年度部门决算\n"
        "(三)2015年度财政拨款收入决算情况说明。\n"
        "2015年度财政拨款收入210万元,占本年收入11752万元的1.79%。与2014年度财政拨款收入218.4万元相比,"
        "财政拨款收入减少8.4万元,降低3.85%。\n",
        ("A010", "A014"),
        ("降低3.85%", "降低3.95%"),
        "A014",
    ),
    # the same frame around an item whose name holds 预算 (一般公共预算…): still the prior year's figure
    "a prior figure framed by 与…相比 whose item names 预算": (
        "贵州省福利彩票发行中心2015年度部门决算\n"
        "2015年度一般公共预算财政拨款支出15.65万元,占本年支出10683.54万元的0.15%。与2014年度一般公共预算财政"
        "拨款支出64.3万元相比,一般公共预算财政拨款支出减少48.65万元,降低75.66%。\n",
        ("A010", "A014"),
        ("减少48.65万元", "减少46.65万元"),
        "A014",
    ),
}


@pytest.mark.parametrize(("text", "gone", "slip", "rule"), list(CASES.values()), ids=list(CASES))
def test_false_alarm_gone_and_slip_found(tmp_path, text, gone, slip, rule):
    _clean_then_found(tmp_path, text, gone, slip, rule)


_WUZHOU_TOC = (
    "目 录\n"
    "第三部分: 2016年度部门决算情况说明\n"
    "一、2016 年度收入支出决算总体情况。\n"
    "二、2016年度一般公共预算支出决算情况。\n"
    "三、2016 年度政府性基金支出决算情况。\n"
    "四、2016年度政府性基金支出决算情况\n"
    "五、一般公共预算财政拨款安排的“三公”经费支出决算情况说明\n"
    "六、其他重要事项情况说明。\n"
)


def _one_warning_and_right_forms(tmp_path, text, rule, slip, rights):
    """``text`` draws one warning of ``rule`` quoting ``slip``; each of ``rights`` (``slip`` written right)
    draws none."""
    found = [f for f in _findings(tmp_path, text) if f.rule_id == rule]
    assert [f.severity for f in found] == ["warning"], found
    assert slip in found[0].message
    for k, right in enumerate(rights):
        assert rule not in _rules(tmp_path, text.replace(slip, right), f"right{k}.txt")


def test_one_entry_under_two_numbers(tmp_path):
    # g27-07 (a miss): the 目录's 四 repeats 三 (spaces and a full stop apart): one entry listed twice; the
    # template's own 四 (another title) is no repeat
    slip = "四、2016年度政府性基金支出决算情况"
    rights = ["四、2016年度一般公共预算财政拨款基本支出决算情况说明"]
    _one_warning_and_right_forms(tmp_path, _WUZHOU_TOC, "A042", slip, rights)


_GANSU_SPLITS = (
    "甘肃省社科联2015年部门决算补充说明\n"
    "(一)收支情况\n"
    "2、2015年省社科联决算支出总计512.3万元。按支出经济分类:基本支出392.39万元,占76.59%;项目支出:119.91万元,"
    "占23.41%。按支出功能分类:一般公共服务支出315.25万元,占61.54%;社会保障和就业支出162.64万元,占31.75%;"
    "住房保障支出12.23万元,占2.39%;医疗卫生与计划生育支出22.17万元,占4.33%。\n"
)


def test_classifications_split_the_figure_before_them(tmp_path):
    # g27-01 line 6 (no finding at all on it): each sentence “按支出经济分类:…” / “按支出功能分类:…” splits
    # the one figure of the sentence before (the 支出总计), so its parts are summed and their shares checked
    clean = _rules(tmp_path, _GANSU_SPLITS)
    assert not {"error", "warning"} & {sev for sevs in clean.values() for sev in sevs}, clean
    share = _GANSU_SPLITS.replace("占23.41%", "占25.41%")
    assert {"error", "warning"} & set(_rules(tmp_path, share, "share.txt").get("A012", []))
    part = _GANSU_SPLITS.replace("社会保障和就业支出162.64万元", "社会保障和就业支出163.64万元")
    assert {"error", "warning"} & set(_rules(tmp_path, part, "part.txt").get("A020", []))


@pytest.mark.parametrize(
    ("text", "unit"),
    [
        # g27-01: a federation by its usual short name (社科联; also 文联, 工商联, 科协) is a unit
        ("甘肃省社科联2015年部门决算补充说明\n一、2015年度部门决算情况说明\n", "甘肃省社科联"),
        # g27-07: the unit named only by the first part's heading (the 目录's “第一部分:概况” names none)
        (
            "目 录\n第一部分:概况\n一、主要职能\n第二部分: 2016年部门决算报表\n表一:收入支出决算总表\n"
            "第一部分:中共梧州市委统战部概况\n一、主要职能\n中共梧州市委统一战线工作部是中共梧州市委主管统一战线"
            "工作的职能部门。2016年度部门决算公开如下。\n",
            "中共梧州市委统战部",
        ),
    ],
    ids=["a federation's short name", "the first part's heading"],
)
def test_the_unit_named_by_title_or_first_part(tmp_path, text, unit):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    assert read_document(path).department == unit


_HUNAN_TOC = (
    "目录\n"
    "第三部分 湖南省信访局2017年度部门决算情况说明\n"
    "一、 收入支出决算总体情况说明\n"
    "二、 收入决算情况说明\n"
    "三、 支出决算情况说明\n"
    "八、 政府性基金预算收入支出预算情况\n"
    "九、 预算绩效情况说明\n"
)


def test_a_budget_titled_item_of_a_final_account(tmp_path):
    # g27-06 (a miss): “八、政府性基金预算收入支出预算情况” among items that say 决算情况: 预算 for 决算;
    # “…收入支出决算情况” and a budget's 执行情况 are right (and 预算绩效情况 is no budget title)
    rights = ["收入支出决算情况", "收入支出预算执行情况"]
    _one_warning_and_right_forms(tmp_path, _HUNAN_TOC, "A040", "收入支出预算情况", rights)
