"""False alarms and misses found on the held-out groups g53, g54 and g55 after their first score, each from
the real text, with the case that must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g33 import _of  # the rule's findings above info

# g53-03 line 10: “占调整预算X%” is a completion rate, not a share; a change's amount after its rate
_COLLECTED = (
    "黄平县2022年预算执行情况\n"
    "1.本级征收完成数。地方一般公共预算收入完成28,583万元(自然口径),占调整预算105.47%,同比增长10.85%,"
    "增收2,798万元,从征收部门来看:税务部门完成13,866万元,占调整预算100.93%,占一般公共预算收入的48.51%;"
    "财政部门完成14,717万元,占调整预算110.14%,占一般公共预算收入的51.49%。地方一般公共预算收入(同口径)"
    "完成30,161万元,同比增长14.6%,增收4,376万元。\n"
)


def test_a_share_of_the_budget_is_a_completion_and_an_amount_after_its_rate(tmp_path):
    assert _of(tmp_path, _COLLECTED, "A013") == []
    found = _of(tmp_path, _COLLECTED, "A014")
    assert len(found) == 1 and "本年为30,161万元" in found[0].message and "16.97%" in found[0].message, found
    right = _COLLECTED.replace("同比增长14.6%", "同比增长16.97%")
    assert _of(tmp_path, right, "A014", "right.txt") == []
    # shares of a named whole still add up to 100%
    off = _COLLECTED.replace("占一般公共预算收入的51.49%", "占一般公共预算收入的41.49%")
    assert _of(tmp_path, off, "A012", "off.txt") or _of(tmp_path, off, "A013", "off.txt")


# g55-07 line 16: an item taken away (“减上解市级支出”) in a sum built with 加上
_TAKEN_AWAY = (
    "天津市滨海新区2023年决算草案\n"
    "收支平衡情况。新区一般公共预算收入565.4亿元,加上上级财政转移支付收入173亿元,上年结余46.5亿元,一般债务收入"
    "54.4亿元,调入资金等29亿元,减上解市级支出49.4亿元,一般公共预算总收入818.9亿元。\n"
)


def test_an_item_taken_away_from_a_sum(tmp_path):
    assert _of(tmp_path, _TAKEN_AWAY, "A020") == []
    wrong = _TAKEN_AWAY.replace("总收入818.9亿元", "总收入828.9亿元")
    assert _of(tmp_path, wrong, "A020", "wrong.txt")


# g53-03 flattened to one line (the layout test): a numbered heading run into a paragraph of figures that
# could not be cut from it is read as prose
def test_a_flattened_heading_with_figures_is_read_as_prose(tmp_path):
    text = "黄平县2022年预算执行情况\n(一)一般公共预算" + _COLLECTED.split("\n", 1)[1]
    found = _of(tmp_path, text, "A014")
    assert len(found) == 1 and "16.97%" in found[0].message, found


# g56-03 line 11: a count in a bracket before the 其中 is part of the count before it
def test_a_count_in_a_bracket_before_a_qizhong(tmp_path):
    text = (
        "博州教育局2016年度部门决算\n"
        "2016年12月实有在职职工64人(含援疆干部1人),其中:行政人员13人,事业人员51人。"
        "在职领导8人(含援疆干部1人),其中正县级2人,副县级6人。\n"
    )
    assert _of(tmp_path, text, "A021") == []
    wrong = text.replace("事业人员51人", "事业人员50人")
    found = _of(tmp_path, wrong, "A021", "wrong.txt")
    assert len(found) == 1 and "“64人”" in found[0].message, found
