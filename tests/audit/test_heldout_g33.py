"""False alarms and misses found on the held-out groups g33, g34 and g35 after their first score, each with
the case that must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _findings


def _of(tmp_path, text: str, rule: str, name: str = "doc.txt") -> list:
    return [f for f in _findings(tmp_path, text, name) if f.rule_id == rule and f.severity != "info"]


# g35-02 line 2: 短收/超收 is a 收入's gap to its budget, not a figure of its own: the 同比 change after it
# is of the 收入, and it is no part of the total
_SHORT = (
    "2024年,全县大口径财政收入累计完成67955万元,占预算101032万元的67.3%,较上年同期99895万元下降32.0%,"
    "减收31940万元。其中:一般公共预算收入42100万元,完成预算49531万元的85.0%,短收7431万元,同比下降10.2%,"
    "减收4800万元;政府性基金收入3089万元,完成预算24850万元的12.4%,短收21761万元,同比减收31430万元,下降91.1%。\n"
)


def test_a_shortfall_against_the_budget_is_no_level_and_no_part(tmp_path):
    text = "某县2024年财政决算\n" + _SHORT
    assert _of(tmp_path, text, "A014") == []
    assert _of(tmp_path, text, "A020") == []
    # the gap is the 收入's distance to its budget (42100 = 49531 − 7431): one that does not fit is found
    wrong = text.replace("短收7431万元", "短收7531万元")
    found = _of(tmp_path, wrong, "A014", "wrong.txt")
    assert len(found) == 1 and "应为减少7431万元" in found[0].message, found


# g35-05 line 13: one relation (a total's change against its two items') told once, with its items listed
def test_a_change_sum_is_told_once(tmp_path):
    text = (
        "阿图什市2021年“三公”经费决算情况\n"
        "公车购置及运行维护费支出1502.58万元,比上年减支198.79万元,降低11.68%。其中:公务用车购置费支出11.67万元,"
        "比上年减支869.02万元,降低98.67%;公务用车运行维护费1490.91万元,比上年减支670.23万元,降低31.01%。\n"
    )
    sums = [f for f in _of(tmp_path, text, "A014") if "各项增减额" in f.message]
    assert len(sums) == 1 and "-1539.25" in sums[0].message, sums


# g35-08 line 3: an OCR'd 自评表 whose row label runs into its first cell's numbered label
def test_a_row_label_run_into_a_numbered_cell_label_is_no_doubled_word(tmp_path):
    text = (
        "银川市第六中学2021年项目支出绩效自评表\n"
        "项目效益(35分)经济效益指标指标1:指标2:社会效益指标指标L指标2:\n"
    )
    assert not [f for f in _of(tmp_path, text, "A040") if "重复的词语" in f.message]
    typed_twice = "某单位2021年度部门决算\n主要用于保障保障执法巡查,支出支出100万元。\n"
    found = [f for f in _of(tmp_path, typed_twice, "A040", "twice.txt") if "重复的词语" in f.message]
    assert len(found) == 2, found


# g33-03 line 14: a share that fits the base less the other amounts: the amount is the figure in doubt
def test_a_share_off_its_amount_but_right_for_the_rest_names_the_amount(tmp_path):
    text = (
        "沐川县沐溪小学2021年度单位决算\n"
        "2021年本年支出合计880.20万元,其中:基本支出768.88万元,占87.35%;项目支出11.33万元,占12.65%。\n"
    )
    found = _of(tmp_path, text, "A012")
    assert len(found) == 1 and "111.32万元，恰占12.65%，疑金额“11.33万元”有误" in found[0].message, found
    # a share simply wrong (the amounts add up) says only what it should be
    share_wrong = text.replace("11.33万元,占12.65%", "111.32万元,占13.65%")
    found = _of(tmp_path, share_wrong, "A012", "share.txt")
    assert len(found) == 1 and "疑金额" not in found[0].message and "12.65%" in found[0].message, found


# g34-08 lines 8–11, flattened to one line (tests/audit/test_layout_invariance.py's one_line): the change
# printed under the list is the head's, though it now follows the last item
def test_a_change_after_a_flattened_list_that_fits_the_head(tmp_path):
    text = (
        "济宁市2017年“三公”经费决算\n"
        "我市公务用车购置及运行维护费3371.9万元 其中,公务用车购置费 232万元 公务用车运行维护费 3139.9万元 "
        "比2016年减少1097.7万元,下降24.6%。\n"
    )
    assert _of(tmp_path, text, "A014") == []
    # a rate that fits neither the item nor the head is still wrong
    wrong = text.replace("下降24.6%", "下降34.6%")
    assert _of(tmp_path, wrong, "A014", "wrong.txt")


# g35-07 line 9: a 政府决算's completion written “为调整预算的67.1%”, its budget “调整为68000万元”
def test_a_completion_on_the_adjusted_budget_in_a_government_report(tmp_path):
    text = (
        "某区2021年财政决算\n"
        "全区一般公共预算支出为62000万元。经区十届人大常委会第二十九次会议审议通过一般公共预算支出调整为"
        "68000万元,2021年完成82133万元,为调整预算的67.1%,比上年决算下降2.7%。\n"
    )
    found = _of(tmp_path, text, "A016")
    assert len(found) == 1 and "120.78%" in found[0].message, found
    assert found[0].message.startswith("“一般公共预算支出”"), found[0].message
    right = text.replace("为调整预算的67.1%", "为调整预算的120.8%")
    assert _of(tmp_path, right, "A016", "right.txt") == []


def test_template_choices_blank_ordinals_and_unitless_changes(tmp_path):
    # g34-11 line 10 “滨海新区第届人民代表大会”; g33-06 lines 25, 27
    # “收支较上年减少484.05,降低11.1%”
    text = (
        "某中心2022年度单位决算\n"
        "——在天津市滨海新区第届人民代表大会第二次会议上\n"
        "收入总计3874.92万元,支出总计3874.92万元。收支较上年减少484.05,降低11.1%。\n"
    )
    messages = [f.message for f in _of(tmp_path, text, "A040")]
    assert any("“第届”" in m for m in messages), messages
    assert any("“484.05”，应为“484.05万元”" in m for m in messages), messages
    right = (
        text.replace("第届", "第三届").replace("减少484.05,", "减少484.05万元,")
    )
    assert _of(tmp_path, right, "A040", "right.txt") == []
