"""Slips planted in the clean texts of the held-out groups g24 and g27 (``bench/planted_slips.py``) that the
auditor missed, each fixed by its general reading cause: the real passage draws no finding of the rule, and
the passage with the slip planted draws it."""

from __future__ import annotations

import pytest

from tests.audit.test_heldout_g19 import _findings
from tests.audit.test_heldout_g22 import _clean_then_found

_KINDERGARTEN = (
    "XX市第一幼儿园\n2015年度部门决算公开说明\n三、预算执行情况分析\n"
    "1、年度收支决算情况。我园年初结转结余数为77.56万元,本年收入总额为761.06万元,其中财政补助收入520.46万元,"
    "事业收入235万元,上级补助收入5.5万元,其他收入0.1万元,收入总计838.62万元;本年支出总额为740.79万元,"
    "其中学前教育支出738.39万元,教育费附加安排的支出2.4万元;结余97.83万元。\n"
)

_SCHOOL = (
    "湖塘桥初中2016年度部门决算情况说明\n一、 收入支出情况总体说明\n"
    "2016年度收入、支出总计 3666.34万元。其中:\n"
    "(一) 收入总计 3666.34万元。包括:\n"
    "1. 财政拨款收入3629.02万元,为当年从区级财政取得的一般公共预算拨款和政府性基金预算拨款\n"
    "2. 事业收入37.32万元,为财政安排的预算外收入。主要用于财政预算外安排寄宿制运行管理专项补助"
    "和房租收入缴税金。\n"
    "(二)支出总计3666.34包括:\n"
    "1. 基本支出3460.98万元,主要用于人员支出和学校公用支出。\n"
    "2. 项目支出205.35万元,主要用于日常维修和设备设施的更新改造\n"
)

CASES = {
    # g24-09: the count closes one sentence and the next sentence lists the names it counts (A021)
    "a count, then a sentence of its names": (
        "邵阳市畜牧技术推广站2018年度部门决算\n"
        "(一)内设机构设置。邵阳市畜牧技术推广站共设7 个科室。分别是:办公室、财务室、人事股、农场管理股、"
        "技术推广股、质量安全股、信息培训股。\n",
        ("A021",),
        ("财务室、人事股、农场管理股", "财务室、农场管理股"),
        "A021",
    ),
    # g24-06: a prior named by its comparison only (“较上年231.5万元”) is the prior of the figure right
    # before it, so the change after it is their difference (A014)
    "a prior named by 较上年 only": (
        "XX区第二幼儿园2017年度部门决算\n一、收入决算情况说明\n"
        "本年收入合计252.5万元,较上年231.5万元,增加21万元,其中:财政拨款收入252.5万元,经营收入0万元;其他收入0万元。\n",
        ("A014",),
        ("增加21万元", "增加12万元"),
        "A014",
    ),
    # g24-05: a total with a 其中 of its own after another total's list heads its own list (A020)
    "a second total with its own 其中": (
        _KINDERGARTEN,
        ("A020",),
        ("教育费附加安排的支出2.4万元", "教育费附加安排的支出4.2万元"),
        "A020",
    ),
    # g24-05: the 收入总计 is the opening balance plus the year's income (A020, a warning)
    "收入总计 = 年初结转结余 + 本年收入": (
        _KINDERGARTEN,
        ("A020",),
        ("收入总计838.62万元", "收入总计836.82万元"),
        "A020",
    ),
    # g24-05: the closing 结余 is the 收入总计 less the year's spending (A020, a warning)
    "结余 = 收入总计 − 本年支出": (
        _KINDERGARTEN,
        ("A020",),
        ("结余97.83万元", "结余98.73万元"),
        "A020",
    ),
    # g24-03: shares of 总收入 with no figure stated as 总收入: the one figure said to be 100% of it is the
    # base
    "the figure at 100% is the base of the shares": (
        "衢州市衢江区大洲中学单位2016年度部门决算\n(一)收入决算总体情况\n"
        "衢州市衢江区大洲中学单位2016年度收入决算1,396万元,其中:本年收入1,396万元,占总收入100%,包括财政拨款收入"
        "1,167.66万元(其中,一般公共预算1,129.36万元,政府性基金预算38.3万元),占总收入83.64%;事业单位专户资金"
        "158.3万元,占总收入 11.34%;事业收入(不含专户资金)0万元,占总收入0%; 事业单位经营收入0万元,"
        "占总收入 0%其他收入70.04万元,占总收入 5.02%上级补助收入0万元,占总收入 0%\n",
        ("A012", "A013"),
        ("占总收入83.64%", "占总收入83.46%"),
        "A012",
    ),
    # g27-03: “完成年度预算的100%” — 年度预算 is the year's budget, as 全年预算 (A016)
    "a completion rate of the 年度预算": (
        "武汉市硚口区发展和改革委员会2017年度部门决算\n(三) 财政拨款支出决算具体情况。\n"
        "2017年一般公共预算财政拨款支出年度预算为1498万元,支出决算为1498万元,完成年度预算的100%。其中:基本支出"
        "1221万元,项目支出277万元。\n",
        ("A016",),
        ("年度预算为1498万元", "年度预算为1598万元"),
        "A016",
    ),
    # g24-08: a numbered paragraph “(一)收入总计3666.34万元。包括:” opens a list of the numbered paragraphs
    # after it (A020)
    "a 收入总计 split by the numbered paragraphs after 包括": (
        _SCHOOL,
        ("A020",),
        ("财政拨款收入3629.02万元", "财政拨款收入3692.02万元"),
        "A020",
    ),
}


@pytest.mark.parametrize(("text", "gone", "slip", "rule"), list(CASES.values()), ids=list(CASES))
def test_clean_passage_quiet_and_planted_slip_found(tmp_path, text, gone, slip, rule):
    _clean_then_found(tmp_path, text, gone, slip, rule)


def test_the_balance_after_a_semicolon_is_no_part_of_the_spending(tmp_path):
    # g24-05: “…;结余97.83万元” after the 支出 list is the year's balance, not a third part of the 支出
    messages = [f.message for f in _findings(tmp_path, _KINDERGARTEN) if f.rule_id == "A020"]
    assert not messages, messages
    slipped = _KINDERGARTEN.replace("738.39万元", "737.39万元")
    messages = [f.message for f in _findings(tmp_path, slipped, "slip.txt") if f.rule_id == "A020"]
    # a short list is only an info (the 其中 may not be complete), of the two parts without the 结余
    assert any("合计739.79万元" in m for m in messages), messages
    assert not any("97.83＝" in m for m in messages), messages


def test_a_unit_slip_is_no_wrong_difference(tmp_path):
    # g24-06: “基本支出252.5元,较上年231.5万元,增加21万元” is a 元 written for 万元 (A025), not a change
    # 231 万元 wrong (A014)
    text = (
        "XX区第二幼儿园2017年度部门决算\n二、支出决算情况说明\n"
        "本年支出合计252.5万元,较上年231.5万元,增加21万元,其中:基本支出252.5元,较上年231.5万元,增加21万元;\n"
    )
    rules = {f.rule_id for f in _findings(tmp_path, text)}
    assert "A025" in rules and "A014" not in rules, rules


def test_a_paragraph_numbered_as_the_lists_opener_closes_the_list(tmp_path):
    # g24-08: “(二)支出总计3666.34包括:” (its 万元 lost, so no figure read) is the sibling of “(一)收入总计…”,
    # so the 基本支出 and 项目支出 after it are not parts of the 收入总计
    messages = [f.message for f in _findings(tmp_path, _SCHOOL) if f.rule_id == "A020"]
    assert not any("3460.98" in m for m in messages), messages
