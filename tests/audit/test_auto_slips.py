"""Slips planted by ``bench/auto_slips.py`` into relations that hold by the corpus texts' own arithmetic, that
the auditor missed: each fix with the real sentence, the slip found and the correct text silent."""

from __future__ import annotations

import pytest

from tests.audit.test_heldout_g33 import _findings
from tests.audit.test_wording import found_then_silent

# g14-08 line 11: the completion between the level and its change names the budget by what it budgets
# (“完成全年预算收入的66.4%”); it does not part the change from its level
BUSINESS_INCOME = (
    "常州市金坛第一人民医院2020年财务信息公开\n"
    "1、2020年完成业务收入44009万元,完成全年预算收入的66.4%,比上年同期减少16177万元,减少{pct}%。\n"
)


def test_a_completion_of_the_budgeted_income_between_a_level_and_its_change(tmp_path):
    wrong, right = (BUSINESS_INCOME.format(pct=p) for p in ("62.9", "26.9"))
    found_then_silent(tmp_path, wrong, right, "A014", "62.9%", "26.88%")


# g31-07 line 9: the car item's change is stated before its 其中, so a change after the 其中 is its part's
# own (公务用车运行维护费), not the head's restated
CARS = (
    "罗湖区审计局2024年度财政拨款“三公”经费支出决算情况\n"
    "深圳市罗湖区审计局2024年度“三公”经费财政拨款支出决算为2.02万元,完成全年预算5.3万元的38.1%,"
    "比上年决算数减少0.33万元,下降14%。其中:因公出国(境)费支出决算为0万元,完成全年预算0万元的0%,"
    "比上年决算数增加0万元,增长0%;公务用车购置及运行维护费支出决算为2.02万元,完成全年预算5.3万元的38.1%,"
    "比上年决算数减少0.33万元,下降14%,其中:公务用车购置支出决算为0万元,完成全年预算0万元的0%,"
    "比上年决算数增加0万元,增长0%,公务用车运行维护费支出决算为2.02万元,完成全年预算5.3万元的38.1%,"
    "比上年决算数减少0.33万元,下降{pct}%;公务接待费支出决算为0万元,完成全年预算0万元的0%,"
    "比上年决算数增加0万元,增长0%。\n"
)


def test_a_change_after_a_qizhong_is_not_that_of_a_head_with_its_own_change(tmp_path):
    wrong, right = (CARS.format(pct=p) for p in ("41", "14"))
    found_then_silent(tmp_path, wrong, right, "A014", "公务用车运行维护费支出", "41%", "14.04%")


# g63-04 line 3 and g74-03 line 27: the base a share names is the end of a figure's label stated before it,
# with the verb said around the name (“一般公共预算支出累计完成75.28亿元”, “全区完成一般公共预算支出251.45
# 亿元”) and the word for the whole after it (“占一般公共预算支出总量的83%”)
LIVELIHOOD = {
    "total-after": (
        "2021年某区财政预算执行情况\n"
        "2021年全区一般公共预算支出累计完成75.28亿元,较去年增长0.5%。"
        "其中民生类支出62.52亿元,占一般公共预算支出总量的{pct}%。\n",
        ("38", "83"),
    ),
    "verb-before": (
        "2022年某区财政决算\n"
        "2022年全区完成一般公共预算支出251.45亿元,完成调整后支出预算的96.3%,同比下降6.87%。"
        "其中:按省统计口径的民生支出189.5亿元,占一般公共预算支出的比重为{pct}%。\n",
        ("57.4", "75.4"),
    ),
}


@pytest.mark.parametrize("case", sorted(LIVELIHOOD))
def test_a_base_named_as_the_end_of_a_label_with_its_verb(tmp_path, case):
    text, (slip, right) = LIVELIHOOD[case]
    found_then_silent(tmp_path, text.format(pct=slip), text.format(pct=right), "A012", f"{slip}%")


# g11-08 line 9: “总支出” names no figure, but the list's head it splits is the base its other share fits
# (and a head that states its own share of the base is not it: g5-09 line 21, “本年收入合计521.49万元,
# 占总收入99.90%”)
SPENDING = (
    "德钦县移民局2017年度部门决算\n"
    "2017年度支出合计2906万元,其中:基本支出279万元,占总支出的10%;项目支出2626万元,占总支出的90%。"
    "2016年度支出合计628万元,其中:基本支出230万元,占总支出的37%;项目支出398万元,占总支出的{pct}%。\n"
)


def test_a_base_named_as_the_whole_of_a_side_is_the_head_its_peers_fit(tmp_path):
    found_then_silent(tmp_path, SPENDING.format(pct="36"), SPENDING.format(pct="63"), "A012", "63.38%")


# g5-09 line 21, g32-01 line 19, g69-01 line 24: shares of a base no figure is stated for (or none bound)
# each imply the base; all but one agree, and that one is off
IMPLIED = {
    "g5-09": (
        "中共西湖区委老干部局2016年度部门决算\n"
        "本年收入合计521.49万元,占总收入99.90%,包括财政拨款收入494.34万元(其中,一般公共预算494.34万元,"
        "政府性基金预算0万元),占94.70%;事业单位专户资金0万元,占总收入 0%;事业收入(不含专户资金)0万元,占0%;"
        "事业单位经营收入0万元,占0%;其他收入27.14万元,占{pct}%。上级补助收入0万元,占 0%。"
        "附属单位上缴收入0万元,占0%。\n",
        ("5.02", "5.20"),
    ),
    "g32-01": (
        "浙江省人大常委会办公厅2016年度部门决算\n"
        "浙江省人大常委会办公厅2016年度收入决算9712.02万元,其中:本年收入9082.61万元,占总收入{pct}%,"
        "包括财政拨款收入9018.61万元(其中,一般公共预算9018.61万元,政府性基金预算0万元),占总收入92.86%;"
        "事业单位专户资金0万 元,占总收入0%;事业收入(不含专户资金)58.14万元, 占总收入0.60%;"
        "其他收入5.85万元,占总收入0.06%。事业基金弥补收支差额17.03万元,占总收入0.18%。"
        "上年结转收入612.39万元,占总收入6.31%。\n",
        ("93.25", "93.52"),
    ),
    "g69-01": (
        "关于延边朝鲜族自治州2020年预算执行情况和2021年预算草案的报告\n"
        "全州一般公共预算地方级财政收入58.7亿元,为调整预算的98.4%,比上年增长1.0%。地方级财政收入加上一般债务"
        "收入、上级转移支付收入、上年结余收入和动用预算稳定调节基金、接受其他地区援助收入等378.9亿元,"
        "收入总计437.6亿元。其中:地方级财政收入58.7亿元,占13.4%;上级转移支付收入278.3亿元,占{pct}%;"
        "一般债务收入67.4亿元,占15.4%。\n",
        ("36.6", "63.6"),
    ),
}


@pytest.mark.parametrize("doc", sorted(IMPLIED))
def test_a_share_off_the_base_the_others_imply(tmp_path, doc):
    text, (slip, right) = IMPLIED[doc]
    wrong, fixed = text.format(pct=slip), text.format(pct=right)
    hit = found_then_silent(tmp_path, wrong, fixed, "A012", f"{slip}%")
    # an implied base is a warning; g32-01's list is headed by the figure its 其中 follows (the 9712.02 the
    # share names as 总收入), so its share is checked against that figure, exactly: an error
    if hit.severity == "warning":
        assert "应约为" in hit.message
    else:
        assert doc == "g32-01" and f"应为{right}%" in hit.message


# a list within the list, unnamed, has a base of its own: no share is judged off the others'
NESTED = (
    "某局2020年度部门决算\n其中:基本支出500万元,占50%,其中人员经费400万元,占80%;项目支出500万元,占50%。\n"
)


def test_unnamed_shares_of_a_list_within_the_list(tmp_path):
    assert [f.message for f in _findings(tmp_path, NESTED) if f.rule_id == "A012"] == []


# g63-02 line 18: the GDP a share names is the 地区生产总值 stated before it (not the 人均 one)
GDP = (
    "某县2020年财政决算\n"
    "2020年,全县地区生产总值119.49亿元,比上年增长2.8%。全县人均国内生产总值58588元,比上年增长1.9%。"
    "财政总收入完成13.69亿元,增长6.71%,占GDP的比重为{pct}%,比上年提高0.35个百分点。\n"
)


def test_a_share_of_the_gdp(tmp_path):
    found_then_silent(tmp_path, GDP.format(pct="11.64"), GDP.format(pct="11.46"), "A012", "119.49亿元")


# g69-02 line 12: the list's head names no subject but its execution (“实际完成443849万元”), after the budget
# of the very base the share names: that head is the base
EXECUTED = (
    "某区2020年财政决算\n"
    "区十六届人民代表大会第五次会议批准的2020年我区一般公共预算支出预算为412362万元,执行过程中,"
    "因上级转移支付等因素,实际完成443849万元。其中:教育、社会保障、医疗等民生支出完成341964万元,"
    "占一般公共预算支出的{pct}%。\n"
)


def test_a_base_executed_against_its_budget(tmp_path):
    wrong, right = EXECUTED.format(pct="77.50"), EXECUTED.format(pct="77.05")
    found_then_silent(tmp_path, wrong, right, "A012", "443849万元")


# g7-11 line 16 and g35-02 lines 8-10: a total in 元 whose digits are those of a 万元 figure of the text,
# under another name (支出总计 beside 收入总计; “减支出总计” in the balance's sentence)
TOTALS_IN_YUAN = {
    "g7-11": (
        "某单位2021年度部门决算\n1.总体情况。2021年度收入总计3,084.82万元,支出总计3,084.82{unit}。\n",
        "3,084.82元",
    ),
    "g35-02": (
        "某县2024年财政决算\n一般公共预算支出409525万元,支出总计425533万元。\n"
        "收入总计451227万元,减支出总计425533{unit},财政滚存结余25694万元,净结余为零。\n",
        "425533元",
    ),
}


@pytest.mark.parametrize("doc", sorted(TOTALS_IN_YUAN))
def test_a_total_in_yuan_with_the_digits_of_a_wan_figure(tmp_path, doc):
    text, slip = TOTALS_IN_YUAN[doc]
    hit = found_then_silent(
        tmp_path, text.format(unit="元"), text.format(unit="万元"), "A025", slip, "数字相同，单位可能应为万元"
    )
    assert hit.severity == "warning"


# g27-02 lines 12 and 16: the base named in a share's 占 phrase is the 本年收入 itself, not a figure under the
# 财政拨款 scope its sentence opens with: compared with the 本年收入 stated before
SHARE_BASE_AGAIN = (
    "重庆市渝北区统计局2015年度部门决算说明\n"
    "本年收入合计11752万元,其中:财政拨款收入210万元,占1.79%;事业收入11542万元,占98.21%。\n"
    "2015年度财政拨款收入210万元,占本年收入{base}万元的1.79%。\n"
)


def test_a_base_named_in_a_share_phrase_is_the_figure_stated_before(tmp_path):
    wrong, right = (SHARE_BASE_AGAIN.format(base=b) for b in ("11725", "11752"))
    hit = found_then_silent(tmp_path, wrong, right, "A010", "11725万元", "11752万元")
    assert hit.severity in ("error", "warning")


# p02 lines 8-10 (no title line: the year is read from its sentences): a reason naming last year's budget
# (“主要原因较上年预算时减少了4名教师”) does not make a 决算 sentence a budget's, so the two sentences naming
# 2023 outvote the one slipped to 2021, which is reported
YEAR_FROM_SENTENCES = (
    "二、单位决算情况说明\n(一)收入支出决算总体情况说明\n"
    "1.总体情况。{year}年度收入总计617.85万元,支出总计617.85万元。收支较上年决算数减少76.03万元,下降11.0%。\n"
    "2.收入情况。2023年度收入合计617.85万元,较上年决算数减少76.03万元,下降11.0%,主要原因较上年预算时减少了"
    "4名教师。\n"
    "3.支出情况。2023年度支出合计617.85万元,较上年决算数减少76.03万元,下降11.0%,主要原因是较上年预算时减少了"
    "4名教师。\n"
)


def test_a_reason_naming_last_years_budget_keeps_the_sentence_a_decisions(tmp_path):
    wrong, right = (YEAR_FROM_SENTENCES.format(year=y) for y in ("2021", "2023"))
    found_then_silent(tmp_path, wrong, right, "A041", "2021年度", "2023年度")


# g3-03 line 5: the year after a sentence's numbering (“一、”) opens the sentence as much as after a full stop
NUMBERED_YEAR = (
    "2017年度一般公共预算财政拨款“三公”经费决算情况说明\n"
    "一、{year}年因公出国(境)费决算7.8万元,与2016年决算相比减少1.3万元,主要原因是落实八项规定,加强管理,"
    "控制支出。\n"
)


def test_a_stale_year_after_a_sentences_numbering(tmp_path):
    wrong, right = (NUMBERED_YEAR.format(year=y) for y in ("2015", "2017"))
    found_then_silent(tmp_path, wrong, right, "A041", "2015年", "2017年度")


# g50-01 line 20: the 财政拨款 收入总计 and 支出总计 of one sentence that says they hold the balances carried
# are equal; g4-08 line 8, which states the year's 财政拨款 收入 as its 总计, is left alone
FISCAL_TOTALS = (
    "某县统计局2017年度部门决算\n"
    "2017年度财政拨款收入总计{income}万元(含年初财政拨款结转结余),支出总计701.73万元(含年末财政拨款结转和结余)。\n"
)


def test_the_fiscal_grand_totals_of_one_sentence_are_equal(tmp_path):
    wrong, right = (FISCAL_TOTALS.format(income=x) for x in ("701.37", "701.73"))
    found_then_silent(tmp_path, wrong, right, "A024", "财政拨款收入总计701.37万元", "701.73万元")
    g4_08 = (
        "某局2020年度部门决算\n2020年财政拨款收入总计1614.63万元,与2019年相比增加540.23万元,增长50.28%;"
        "财政拨款支出总计1870.91万元,与2019年相比增加633.43万元,增长51.19%。\n"
    )
    assert not [f for f in _findings(tmp_path, g4_08) if f.rule_id == "A024" and f.severity != "info"]


# g90-04 line 7: a budget's change (no change fact reads it) with its amount's and its rate's words opposed
BUDGET_CHANGE = "某局2017年度部门决算\n(三)公务用车费预算19.95万元,同比{word}5.70万元,下降22.22%。\n"


def test_opposed_direction_words_on_a_budgets_change(tmp_path):
    wrong, right = (BUDGET_CHANGE.format(word=w) for w in ("增加", "减少"))
    found_then_silent(tmp_path, wrong, right, "A015", "金额用“增加”、比例用“下降”")


# g14-02 line 23: a count's 其中 list opening a bracket, after a semicolon, in a sentence whose first 其中 is
# another count's
SCHOOLS = (
    "某区教育局2020年度部门决算\n"
    "二、机构设置:全区现有各类学校43所(其中:义务教育学校39所(含公办幼儿园、小学、初中)、高中3所、实验幼儿园1所);"
    "现有在校学生44264人(其中小学30565人、初中{middle}人、高中2376人);在职教师3685人。\n"
)


def test_a_count_list_in_a_bracket_after_a_semicolon(tmp_path):
    wrong, right = (SCHOOLS.format(middle=x) for x in ("11332", "11323"))
    found_then_silent(tmp_path, wrong, right, "A021", "44264人", "合计44273")


# g34-09 line 4: the budget as adjusted by the 人大常委会 (“…一般公共预算收入调整为368000万元”) is the base of
# “完成调整预算的”, for an income as for a spending
ADJUSTED = (
    "(天津市)和平区2021年财政收支情况\n"
    "区第十七届人民代表大会第八次会议审议通过的2021年一般公共预算收入为355000万元,经区第十七届人大常委会第四十六次"
    "会议批准,2021年一般公共预算收入调整为368000万元,实际收入377841万元,比2020年增加57452万元,增长17.93%,"
    "完成调整预算的{rate}%。\n"
)


def test_an_income_budget_adjusted_by_the_standing_committee(tmp_path):
    wrong, right = (ADJUSTED.format(rate=r) for r in ("102.76", "102.67"))
    found_then_silent(tmp_path, wrong, right, "A016", "102.76%", "368000万元", "应为102.67%")


# g46-01 lines 70–74: a part heading with its 分 left out still opens the 情况说明 (its figures are the
# report's own: a stale year on them is found), and the heading is still reported
G46_01 = (
    "广水市白泉卫生院2023年度部门决算\n"
    "第二部分 广水市白泉卫生院2023年度部门决算表\n"
    "第三部广水市白泉卫生院2023年度部门决算情况说明\n"
    "1. 收入支出决算总体情况说明\n"
    "{year}年度收、支总计均为4680.58万元。与2022年度相比,收、支总计各减少2415.45万元,下降34%,主要原因是事业收入减少。\n"
)


def test_a_part_heading_without_its_fen_opens_its_part(tmp_path):
    wrong, right = (G46_01.format(year=y) for y in ("2021", "2023"))
    found_then_silent(tmp_path, wrong, right, "A041", "2021年度", "应为2023年度")
    said = [f for f in _findings(tmp_path, right, "heading.txt") if f.rule_id == "A042"]
    assert any("缺少“分”字" in f.message for f in said), [f.message for f in said]


# g35-02 line 13: a 其中 list that may be partial falls short of its total by what two adjacent digits of one
# item, swapped back, make up exactly: a mistyped figure, not an item left out (a warning)
FUND_INCOME = (
    "2024年全县财政决算情况\n"
    "政府性基金总收入60473万元,其中:基金预算收入3089万元、上级专项补助收入{grant}万元、上年结余收入28501万元、"
    "地方政府专项债务转贷收入25130万元。\n"
)


def test_a_shortfall_that_is_two_digits_swapped(tmp_path):
    wrong, right = (FUND_INCOME.format(grant=g) for g in ("3735", "3753"))
    found_then_silent(tmp_path, wrong, right, "A020", "相差18.00万元", "“3735万元”两位数字颠倒", "“3753万元”")


def test_a_shortfall_that_is_a_digit_left_out(tmp_path):
    # the same list with 3753 written 373: 3380 short, what the 5 put back makes up, and nothing else does
    wrong, right = (FUND_INCOME.format(grant=g) for g in ("373", "3753"))
    said = ("相差3380.00万元", "“373万元”漏写一位数字", "“3753万元”")
    found_then_silent(tmp_path, wrong, right, "A020", *said)


def test_a_shortfall_two_figures_could_make_up_stays_a_note(tmp_path):
    # g81-02 line 13 with 2643 written 2634: 9万元 short, as 2634 → 2643 or 45 → 54 would make up: which
    # figure is wrong, or whether an item is left out, the text does not say
    text = (
        "2022年全县财政决算情况\n"
        "政府性基金总收入105573万元,其中:基金预算收入26785万元、上级专项补助收入2634万元、上年结余收入45万元、"
        "地方政府专项债务转贷收入76100万元。\n"
    )
    said = [f for f in _findings(tmp_path, text, "g81.txt") if f.rule_id == "A020"]
    messages = [f.message for f in said]
    assert [f.severity for f in said] == ["info"] and "可能未列全" in said[0].message, messages


# g65-01 line 26 (昆明市五华区) with its 下降100% written 110%: a level fallen to 0 fell by 100%, whatever
# the rounding of its figures; a fall stated without its figures cannot exceed 100% either
RECEPTION = (
    "昆明市五华区人民政府2021年度部门决算\n"
    "公务接待费为0万元,较上年减少0.86万元,下降{pct} %,国内公务接待批次为0次,较上年减少119批次,下降100%。\n"
)


def test_a_fall_of_more_than_all_of_it(tmp_path):
    wrong, right = (RECEPTION.format(pct=p) for p in ("110", "100"))
    found_then_silent(tmp_path, wrong, right, "A014", "下降110%", "增减率应为100.00%")
    text = "某区政府2021年度部门决算\n2021年“三公”经费支出决算12.5万元。其中公务接待费比上年下降{pct}%。\n"
    wrong, right = (text.format(pct=p) for p in ("120", "20"))
    found_then_silent(tmp_path, wrong, right, "A014", "120%", "不能超过100%")


# g14-02 line 23, its 初中 and 高中 counts edited (11320 and 2379, the sum kept) so that one swap alone
# explains a gap: a bracketed count list is some of the whole (wrong only above it), unless its shortfall is
# exactly what two adjacent digits of one count, swapped back, make up
PUPILS = (
    "某区教育局2020年度部门决算\n"
    "二、机构设置:现有在校学生44264人(其中小学{primary}人、初中11320人、高中2379人);在职教师3685人。\n"
)


def test_a_count_short_by_two_digits_swapped(tmp_path):
    wrong, right = (PUPILS.format(primary=n) for n in ("30556", "30565"))
    found_then_silent(tmp_path, wrong, right, "A021", "少9", "“30556人”两位数字颠倒")
    short = PUPILS.format(primary="30500")  # 65 short: some of the whole, nothing to say
    assert [f for f in _findings(tmp_path, short, "short.txt") if f.rule_id == "A021"] == []
    # g14-02 as published with 初中 11323 written 1133: the 2 put back alone makes up the 10190 short
    right = PUPILS.replace("11320", "11323").replace("2379", "2376").format(primary="30565")
    wrong = right.replace("11323", "1133")
    found_then_silent(tmp_path, wrong, right, "A021", "少10190", "“1133人”漏写一位数字")


# g18-09 line 26: two parts whose levels make the whole (1802 + 845 = 2647) are its whole, so their changes
# make its change (13 + 1262 = 1275); taken for the whole by their levels only, a gap is a warning
FISCAL_INCOME = (
    "黔南州中医医院2016年部门决算及“三公”经费决算公开表和部门决算分析报告\n"
    "1、一般公共预算财政拨款收入2647万元,与上年同期相比减少1275万元,其中:财政基本补助收入1802万元,较去年同期"
    "减少13万元;财政项目补助收入845万元较去年同期减少{delta}万元。\n"
)


def test_changes_of_parts_whose_levels_make_the_whole(tmp_path):
    wrong, right = (FISCAL_INCOME.format(delta=d) for d in ("1226", "1262"))
    said = found_then_silent(tmp_path, wrong, right, "A014", "减少1275万元", "相差36.00万元")
    assert said.severity == "warning"


# g26-01 lines 36 and 50: a department's 总支出, read with no key, stated twice under the very same name
MUSEUM = (
    "2013年度中国文字博物馆部门决算公开\n"
    "总支出4826.3万元,比2012年度支出增加3539.38万元,同比增加275%。\n"
    "(三)部门决算支出情况。总支出{total}万元,具体情况如下:\n"
)


def test_a_departments_bare_total_stated_twice(tmp_path):
    wrong, right = (MUSEUM.format(total=t) for t in ("4862.3", "4826.3"))
    said = found_then_silent(tmp_path, wrong, right, "A010", "4862.3万元", "同一数字为4826.3万元")
    assert said.severity == "warning"
