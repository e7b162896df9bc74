"""Majors the corpus still missed at the start of the 2026-12-07 evening session, fixed by their general
causes: each test from the real text, with the correct case that must stay silent."""

from __future__ import annotations

from tests.audit.test_heldout_g33 import _findings

_TWO_YEARS = (
    "英德市经信局2016年“三公经费”预算对比增减说明\n"
    "2016年三公经费预算拨入33万元,2015年三公经费预算拨入57.55万元,与上年对比减少24.55万元。其中:1、公务接待费"
    "2016年预算8万元,2015年预算12.5万元;对比减少4.35万元;减少率35.22%,原因执行八项规定厉行节约。2、公务车辆运行"
    "2016年预算25万元,2015年预算45.2万元;对比减少20.20万元,减少率44.69%。原因是公车改革。\n"
)


# g85-06 line 2: both years' figures stated with their change and rate; the change and the rate agree with
# this year's figure (4.35 ÷ 12.35 = 35.22%), so the prior figure printed beside them (12.5) is the wrong one
def test_a_prior_years_figure_against_its_change_and_rate(tmp_path):
    said = [f for f in _findings(tmp_path, _TWO_YEARS, "doc.txt") if f.rule_id == "A014"]
    assert [f.message for f in said] == [
        f.message for f in said if "12.5万元" in f.message and "应为12.35万元" in f.message
    ]
    assert len(said) == 1
    right = _TWO_YEARS.replace("2015年预算12.5万元", "2015年预算12.35万元")
    assert [f for f in _findings(tmp_path, right, "right.txt") if f.rule_id == "A014"] == []


# the same layout in a 决算: the clause “2015年决算12.5万元” is the year before the one just stated
def test_two_years_figures_in_a_report(tmp_path):
    text = (
        "某县文化局2016年度部门决算\n"
        "其中:1、公务接待费2016年决算8万元,2015年决算12.5万元,较上年减少4.35万元,下降35.22%。"
        "2、公务用车运行维护费2016年决算25万元,2015年决算45.2万元,较上年减少20.20万元,下降44.69%。\n"
    )
    said = [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A014"]
    assert len(said) == 1 and "应为12.35万元" in said[0].message
    # a change that is only the wrong way round is told as a change, not as a wrong prior figure
    flipped = text.replace("2015年决算12.5万元,较上年减少4.35万元", "2015年决算3.65万元,较上年减少4.35万元")
    said = [f for f in _findings(tmp_path, flipped, "flipped.txt") if f.rule_id == "A014"]
    assert len(said) == 1 and "应为增加4.35万元" in said[0].message


# g37-03 line 2: a rate after a budget alone is of the 决算 stated for its subject before it in the paragraph;
# a bare 支出总计 right after the 财政拨款收入总计 is the 财政拨款's
def test_a_completion_rate_after_a_budget_alone(tmp_path):
    text = (
        "金华市救助管理站2021年度单位决算\n"
        "(四)财政拨款收入支出决算总体情况说明 2021年度财政拨款收入总计500.12万元,支出总计500.12万元,"
        "与2020年相比,增加40.72万元,增长8.86%。主要原因是人员类经费标准提高;财政拨款支出年初预算数472.9万元,完成年初预算的"
        "27.22%,主要原因是年中省补资金下达。\n"
    )
    said = [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A016"]
    assert len(said) == 1 and said[0].severity == "warning"
    assert "“财政拨款支出”" in said[0].message and "105.76%" in said[0].message
    right = text.replace("27.22%", "105.76%")
    assert [f for f in _findings(tmp_path, right, "right.txt") if f.rule_id == "A016"] == []
    # two 决算 figures of the subject before it: which one the rate is of, the text does not say
    two = text.replace("支出总计500.12万元,", "支出总计500.12万元,财政拨款支出490万元,")
    assert [f for f in _findings(tmp_path, two, "two.txt") if f.rule_id == "A016"] == []


# g30-03 line 52: a town's report whose 单位构成 names another town as its own level
def test_another_town_named_as_the_reports_own_level(tmp_path):
    text = (
        "重庆市垫江县裴兴镇人民政府2021年度部门决算情况说明\n一、部门基本情况\n(三)单位构成\n"
        "单位构成情况:行政部门1个:包家镇人民政府(本级);事业部门2个:农业服务中心、文化服务中心。\n"
    )
    said = [f for f in _findings(tmp_path, text, "doc.txt") if "他单位的名称" in f.message]
    assert len(said) == 1 and "包家镇" in said[0].message and said[0].severity == "warning"
    right = text.replace("包家镇人民政府(本级)", "裴兴镇人民政府(本级)")
    assert [f for f in _findings(tmp_path, right, "right.txt") if "他单位的名称" in f.message] == []
    street = (
        "重庆市璧山区人民政府来凤街道办事处2022年度部门决算\n"
        "纳入本部门决算编制范围的有:重庆市璧山区人民政府来凤街道办事处(本级)。\n"
    )
    assert [f for f in _findings(tmp_path, street, "street.txt") if "他单位的名称" in f.message] == []


# planted slip 3 (bench/planted_slips.py) on g24-03 line 23: the kinds of funds a 财政拨款收入 is split
# into carry 预算 in their names (一般公共预算, 政府性基金预算): no budget figures, so their sum is checked
def test_the_kinds_of_funds_are_parts_not_budgets(tmp_path):
    text = (
        "衢州市衢江区大洲中学2016年度单位决算\n"
        "本单位2016年度收入决算1,396万元,其中:本年收入1,396万元,占总收入100%,包括财政拨款收入1,167.66万元(其中,"
        "一般公共预算1,129.36万元,政府性基金预算38.3万元),占总收入83.64%;事业单位专户资金158.3万元,"
        "占总收入11.34%;其他收入70.04万元,占总收入5.02%。\n"
    )
    assert [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A020"] == []
    wrong = text.replace("1,129.36", "1,129.63")
    said = [f for f in _findings(tmp_path, wrong, "wrong.txt") if f.rule_id == "A020"]
    assert len(said) == 1 and "1167.93" in said[0].message


# planted slip 10 (bench/planted_slips.py) on g24-05 line 15: one part of a count above the whole
def test_one_part_of_a_count_above_the_whole(tmp_path):
    text = (
        "某幼儿园2015年度部门决算\n"
        "我园截止2015年12月31日,编制数为59人,其中在职在编教职工人数为53人,退休人员23人。\n"
    )
    assert [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A021"] == []
    above = text.replace("为53人", "为63人")
    said = [f for f in _findings(tmp_path, above, "above.txt") if f.rule_id == "A021"]
    assert len(said) == 1 and "不应大于59人" in said[0].message


# planted slip 29 (bench/planted_slips.py) on g27-01 line 8: a total of one decimal beside parts of two is
# written without its trailing zero; a gap only its rounding allows is told as a warning
def test_a_total_of_one_decimal_beside_parts_of_two(tmp_path):
    text = (
        "甘肃省社科联2015年部门决算补充说明\n"
        "2015年,全年“三公”经费实际支出11.7万元,较上年减少5.34万元,下降31.34%。其中,因公出国(境)费用支出"
        "未发生,公务用车购置和运行费11.59万元,公务接待费0.11万元。\n"
    )
    said = [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A020"]
    assert [f for f in said if f.severity != "info"] == []
    off = text.replace("公务接待费0.11万元", "公务接待费0.13万元")
    said = [f for f in _findings(tmp_path, off, "off.txt") if f.rule_id == "A020"]
    assert [f.severity for f in said] == ["warning"] and "11.72" in said[0].message
