"""Narrative defects of real published texts (issue 11): for each behaviour a failing case (the defect
as published) and a passing case (the passage corrected), from excerpts of ``tests/corpus/docs/*.txt``
cited by file and line. Texts published in traditional characters are quoted in simplified characters."""

from __future__ import annotations

from .test_rule_cases import assert_absent, assert_found, audit_lines, line_of

TITLE_G1_12 = "安徽省寿县文物保护中心2023年度部门决算"

# g1-12 l.27–30 (l.27 edited: its wrong 完成预算的43% → 57%, reported elsewhere; l.31 left out)
G1_12_TOTAL = (
    "安徽省寿县文物保护中心2023年度一般公共预算财政拨款“三公”经费支出预算为3万元,支出决算为1.71万元,"
    "完成预算的57%,较上年减少1.29万元,下降43%。"
)
G1_12_SHARES = (
    "安徽省寿县文物保护中心2023年度一般公共预算财政拨款“三公”经费支出决算中,公务接待费支出决算0.53万元,"
    "占69%;公务用车购置及运行维护费支出决算1.18万元,占31%。具体情况如下:"
)
G1_12_RECEPTION = (
    "1.公务接待费预算为1万元,支出决算为0.53万元,完成预算的47%;较上年减少0.47万元,下降47%。"
    "决算数小于预算数的主要原因是公务接待费减少。"
)


def g1_12(*passages: str) -> list[str]:
    return [TITLE_G1_12, "(一)一般公共预算财政拨款“三公”经费支出决算总体情况说明。", *passages]


def test_shares_of_a_total_named_by_the_sentence_head(tmp_path):
    # g1-12 l.29: the shares are swapped (0.53 / 1.71 = 31%, 1.18 / 1.71 = 69%); the base is the “三公”
    # total the sentence opens with (“…“三公”经费支出决算中,”), stated two lines before.
    lines = g1_12(G1_12_TOTAL, G1_12_SHARES)
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A012", "error", "应为30.99%", line_of(lines, "占69%"))


def test_shares_of_a_total_named_by_the_sentence_head_right(tmp_path):
    shares = G1_12_SHARES.replace("占69%", "占x").replace("占31%", "占69%").replace("占x", "占31%")
    assert_absent(audit_lines(tmp_path, g1_12(G1_12_TOTAL, shares)), "A012")


def test_completion_on_a_whole_budget(tmp_path):
    # g1-12 l.30: 预算为1万元, 决算0.53万元 → 53%; 47% is the decline copied into the completion slot.
    lines = g1_12(G1_12_TOTAL, G1_12_RECEPTION)
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A016", "warning", "应为53.00%", line_of(lines, "完成预算的47%"))


def test_completion_on_a_whole_budget_right(tmp_path):
    lines = g1_12(G1_12_TOTAL, G1_12_RECEPTION.replace("完成预算的47%", "完成预算的53%"))
    assert_absent(audit_lines(tmp_path, lines), "A016")


def test_shares_recomputed_on_the_stated_total(tmp_path):
    # p10 l.1–6 verbatim: the completion rates are printed as shares of the 11.96 万元 stated on l.3.
    from .test_rule_cases import corpus_lines

    lines = corpus_lines("p10.txt")[:6]
    report = audit_lines(tmp_path, lines)
    assert_found(report, "A012", "error", "按7.94万元÷11.96万元计算应为66.39%", 6)
    assert_found(report, "A012", "error", "按4.02万元÷11.96万元计算应为33.61%", 6)


def test_shares_recomputed_on_the_stated_total_right(tmp_path):
    from .test_rule_cases import corpus_lines, replace_in_line

    lines = replace_in_line(corpus_lines("p10.txt")[:6], 6, "占89.33%", "占33.61%")
    lines = replace_in_line(lines, 6, "占39.7%", "占66.39%")
    assert_absent(audit_lines(tmp_path, lines), "A012")


# --- a change stated beside both its figures ------------------------------------------------------------

# g3-05 l.24, verbatim up to the reason: 530.59 − 591.14 = −60.55, not −59.55
G3_05_INCOME = (
    "2019年度部门决算总收入530.59万元, 2019年年初预算数为591.14万元,减少59.55万元;减幅10.07%,主要原因:"
    "2019年度预算将过往年度累计罚没收入非税返还补充办案经费258.19万元全额纳入项目支出预算。"
)


def g3_05(passage: str) -> list[str]:
    return ["漠河市人民检察院2019年度部门决算", "一、部门决算与预算数对比增减变化说明", passage]


def test_change_on_the_budget_contradicts_both_figures(tmp_path):
    lines = g3_05(G3_05_INCOME)
    assert_found(audit_lines(tmp_path, lines), "A014", "error", "应为减少60.55万元", 3)


def test_change_on_the_budget_right(tmp_path):
    lines = g3_05(G3_05_INCOME.replace("减少59.55万元", "减少60.55万元"))
    assert_absent(audit_lines(tmp_path, lines), "A014")


# g4-02 l.1–2, verbatim: 31.23 − 16.08 = 15.15 (the prior year's 16.08 is not this year's total)
G4_02 = [
    "一、2015年部门决算公开中三公经费部分增减变化情况说明",
    "2015年部门决算公开“三公”经费合计31.23万元,其中:公务接待费1.58万元,车辆运行费28.91万元,因公出国(境)费0万元。"
    "较2014年度部门决算公开“三公”经费合计16.08万元增加15.15万元。",
]


def test_prior_year_total_is_not_this_years(tmp_path):
    report = audit_lines(tmp_path, G4_02)
    assert_absent(report, "A010")
    assert_absent(report, "A014")


def test_change_on_the_prior_year_contradicts_both_figures(tmp_path):
    lines = [G4_02[0], G4_02[1].replace("增加15.15万元", "增加14.53万元")]
    assert_found(audit_lines(tmp_path, lines), "A014", "error", "应为增加15.15万元", 2)


# --- counts split in brackets ---------------------------------------------------------------------------

# g3-05 l.21, verbatim: 行政在职18 + 事业在职5 = 23 ≠ 22
G3_05_STAFF = (
    "漠河市人民检察院2019年行政编19个,事业编6个。年底共有在职财政供养人员 22 人 (行政在职18人、事业在职5人)。"
)


def test_count_split_in_brackets(tmp_path):
    lines = ["漠河市人民检察院2019年度部门决算", "三、 人员构成", G3_05_STAFF]
    assert_found(audit_lines(tmp_path, lines), "A021", "warning", "合计23，应等于22人", 3)


def test_count_split_in_brackets_right(tmp_path):
    lines = ["漠河市人民检察院2019年度部门决算", "三、 人员构成", G3_05_STAFF.replace("22 人", "23 人")]
    assert_absent(audit_lines(tmp_path, lines), "A021")


def test_bracketed_qizhong_list_is_part_of_the_whole(tmp_path):
    # g2-10 l.35, verbatim: 公益岗位 and 聘用人员 are some of the 37 (17 参公 + 14 退休 + 3 + 3), not a split
    lines = ["黄石市大冶湖管理局2018年度部门决算", "(3)单位实际人数37人(其中:公益岗位3人,聘用人员3人);"]
    assert_absent(audit_lines(tmp_path, lines), "A021")


def test_bracketed_qizhong_list_above_the_whole(tmp_path):
    # the same, edited: parts above the whole are wrong even when they are only some of it
    lines = ["黄石市大冶湖管理局2018年度部门决算", "(3)单位实际人数5人(其中:公益岗位3人,聘用人员3人);"]
    assert_found(audit_lines(tmp_path, lines), "A021", "warning", "合计6", 2)


# --- parts in brackets are parts of the figure before the bracket ----------------------------------------

# g4-01 l.9, verbatim: 186.42 + 15.71 + 192.72 = 394.85; the bracket splits 公务用车 192.72 = 192.72 + 0
G4_01 = (
    "区直文化系统厅本级和11家直属单位2015年共计支出“三公经费”394.85万元,其中:因公出国(境)支出186.42万元,"
    "公务接待费支出15.71万元,公务用车购置及运行维护费支出192.72万元(公务用车运行维护费192.72万元、公务车购置0万元)。"
)


def test_bracketed_parts_are_not_items_of_the_list(tmp_path):
    lines = ["内蒙古自治区文化厅2015年度部门决算", G4_01]
    assert_absent(audit_lines(tmp_path, lines), "A020", ("error", "warning"))


def test_bracketed_parts_checked_against_their_figure(tmp_path):
    lines = ["内蒙古自治区文化厅2015年度部门决算", G4_01.replace("公务车购置0万元", "公务车购置2万元")]
    assert_found(audit_lines(tmp_path, lines), "A020", "error", "192.72＋2", 2)


# --- 持平 with a reason: the reason is its own sentence ----------------------------------------------------

# g4-11 l.11 (from “因公出国”, verbatim): the 减少 after it is the next item's
G4_11 = (
    "因公出国(境)费支出持平的主要原因是严格执行八项规定。公务用车购置及运行维护费支出减少的主要原因是车辆减少。"
)


def test_flat_reason_is_its_own_sentence(tmp_path):
    lines = ["上海市嘉定区司法局2017年度部门决算", G4_11]
    assert_absent(audit_lines(tmp_path, lines), "A022")


def test_flat_with_a_reason_of_change(tmp_path):
    lines = ["上海市嘉定区司法局2017年度部门决算", G4_11.replace("严格执行八项规定", "出国任务减少")]
    assert_found(audit_lines(tmp_path, lines), "A022", "warning", "出国任务减少", 2)


# juesuan's own generated report (corpus synth): two items 持平 in a 其中 list, then a third that fell, whose
# reason follows; the reason is the third item's, not the flat ones'
OWN_FLAT = (
    "2024年度“三公”经费财政拨款支出决算数比2023年度减少0.39万元，下降54.93%，其中：因公出国（境）费支出决算持平；"
    "公务用车购置及运行维护费支出决算持平；公务接待费支出决算减少0.39万元，下降54.93%。"
    "公务接待费支出减少的主要原因是实行扫码付减少部分接待用餐。"
)


def test_reason_of_another_item_after_flat_ones(tmp_path):
    lines = ["自贡市大安区档案馆2024年度部门决算", OWN_FLAT]
    assert_absent(audit_lines(tmp_path, lines), "A022")


def test_flat_item_with_its_own_reason_of_change_in_a_list(tmp_path):
    text = OWN_FLAT.replace(
        "因公出国（境）费支出决算持平；", "因公出国（境）费支出决算持平，主要原因是出国任务减少；"
    )
    assert_found(
        audit_lines(tmp_path, ["自贡市大安区档案馆2024年度部门决算", text]),
        "A022",
        "warning",
        "出国任务减少",
        2,
    )


# g2-04 l.1, l.15–16 (traditional characters in the original): the 55.93 is the 决算's excess over the budget,
# not the budget; the budget is 1741.75 − 55.93 = 1685.82 and the rate 103.32%, not 100%.
G2_04 = [
    "天水市幼儿园2017年度部门决算公开",
    "三、一般公共预算财政拨款支出决算情况。",
    "2017年度,本单位一般公共预算财政拨款支出总计1741.75万元,与上年相比减少53.7万元,降低2.99%;"
    "完成年初预算100%,决算数大于预算数55.93万元,主要原因:2017年度62名职工工资调标个人部分增加。",
]


def test_completion_beside_a_stated_excess(tmp_path):
    report = audit_lines(tmp_path, G2_04)
    f = assert_found(report, "A016", "error", "应为103.32%", line_of(G2_04, "55.93"))
    assert "预算数应为1685.82万元" in f.message and "3114" not in f.message


def test_completion_beside_a_stated_excess_right(tmp_path):
    lines = [G2_04[0], G2_04[1], G2_04[2].replace("完成年初预算100%", "完成年初预算103.32%")]
    assert_absent(audit_lines(tmp_path, lines), "A016")


def test_quote_of_a_long_traditional_sentence_is_the_original_text(tmp_path):
    # the quoted window of a long sentence is cut from the text as published, not its normalised form
    lines = [G2_04[0], G2_04[1], G2_04[2].replace("决算数大于预算数", "決算數(shù)大于預(yù)算數(shù)")]
    f = assert_found(audit_lines(tmp_path, lines), "A016", "error", "应为103.32%")
    assert "決算數(shù)大于預(yù)算數(shù)55.93" in f.message


def test_excess_and_its_word_agree(tmp_path):
    # g2-04 l.16: “决算数大于预算数55.93万元” beside 完成预算100% is A016's (the rate), not A017's (the word)
    assert_absent(audit_lines(tmp_path, G2_04), "A017")


# g4-04 l.2 (traditional characters in the original; the blank “占 %” slots left out): the 公务用车 item is
# behind an interposed clause (“公务用车保有量2辆,”) and still a part of the 35.
G4_04 = [
    "湛江市委宣传部2017年部门决算",
    "2017年湛江市委宣传部财政预算拨款“三公”经费支出合计35万元,比上年减少2.28万元。其中:因公出国(境)费0万元,"
    "公务用车保有量2辆,购置及运行维护费5万元,比上年减少0.28万元,公务接待费30万元,比上年减少2万元。",
]


def test_item_behind_an_interposed_clause_is_a_part(tmp_path):
    assert_absent(audit_lines(tmp_path, G4_04), "A020")


def test_item_behind_an_interposed_clause_is_a_part_wrong(tmp_path):
    lines = [G4_04[0], G4_04[1].replace("购置及运行维护费5万元", "购置及运行维护费8万元")]
    assert_found(audit_lines(tmp_path, lines), "A020", "error", "0＋8＋30", line_of(lines, "合计35万元"))
