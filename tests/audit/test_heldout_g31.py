"""False alarms and misses found on the held-out groups g31 and g32 after their first score, each with
the case that must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _findings


def _of(tmp_path, text: str, rule: str, name: str = "doc.txt") -> list:
    return [f for f in _findings(tmp_path, text, name) if f.rule_id == rule]


# g31-01 line 18: three counts before one 其中, each split by members named with its own noun
_GRADES = (
    "东阳市2023年财政决算\n"
    "2023年对5个部门、5个镇乡街道开展整体支出绩效评价,15个专项开展重点绩效评价,其中:良好部门5个;"
    "优秀镇乡街道3个,良好镇乡街道2个;良好专项14个,中等专项1个。\n"
)


def test_counts_of_several_nouns_split_by_one_qizhong(tmp_path):
    assert _of(tmp_path, _GRADES, "A021") == []
    # each count is still checked against the members that carry its noun
    short = _GRADES.replace("良好专项14个", "良好专项13个")
    found = _of(tmp_path, short, "A021", "short.txt")
    assert len(found) == 1 and "“15个”" in found[0].message and "合计14" in found[0].message, found
    towns = _GRADES.replace("良好镇乡街道2个", "良好镇乡街道1个")
    found = _of(tmp_path, towns, "A021", "towns.txt")
    assert len(found) == 1 and "“5个”" in found[0].message and "合计4" in found[0].message, found


# g32-01 line 19: 本年收入's share beside the shares of its own parts (“包括…”), then its siblings
_NESTED = (
    "浙江省人大常委会办公厅2016年度部门决算\n"
    "浙江省人大常委会办公厅2016年度收入决算9712.02万元,其中:本年收入9082.61万元,占总收入93.52%,"
    "包括财政拨款收入9018.61万元,占总收入92.86%;事业单位专户资金0万元,占总收入0%;"
    "事业收入58.14万元,占总收入0.60%;其他收入5.85万元,占总收入0.06%。\n"
)


def test_a_share_whose_parts_follow_it_is_their_head_not_a_sibling(tmp_path):
    assert _of(tmp_path, _NESTED, "A013") == []
    # siblings whose shares pass 100% are still found
    siblings = (
        "某局2016年度部门决算\n"
        "本年收入合计100万元,其中:财政拨款收入60万元,占本年收入合计的70%;事业收入40万元,占本年收入合计的40%。\n"
    )
    assert _of(tmp_path, siblings, "A013", "siblings.txt") or _of(tmp_path, siblings, "A012", "siblings.txt")


# g32-06: a 收入支出决算总表 flattened one cell a line, its 收入 and 支出 columns each numbered
_COLUMNS = "\n\n".join(
    (
        "某学校2017年度部门决算",
        "收入支出决算总表",
        "项目",
        "决算数",
        "一、财政拨款收入",
        "2,888.49",
        "一、一般公共服务支出",
        "二、外交支出",
        "二、上级补助收入",
        "三、国防支出",
        "三、事业收入",
        "四、公共安全支出",
        "四、经营收入",
        "五、教育支出",
        "2,366.52",
    )
)


def test_numbered_income_and_expense_columns_side_by_side_are_no_repeats(tmp_path):
    assert not [f for f in _of(tmp_path, _COLUMNS, "A042") if "重复" in f.message]
    # a 支出 item numbered twice is still a repeat
    twice = _COLUMNS.replace("二、外交支出", "一、外交支出")
    assert [f for f in _of(tmp_path, twice, "A042", "twice.txt") if "重复" in f.message]


# g31-06 line 32: the 2022 report opens by publishing “2021年度部门决算”, carried over from last year's
def test_the_report_publishing_another_years_accounts(tmp_path):
    text = (
        "秦安县财政局2022年度部门决算公开说明\n"
        "第一部分 部门概况\n"
        "根据《关于2021年度部门决算批复和公开工作的通知》(秦财库〔2022〕170号)精神。"
        "现将秦安县财政局2021年度部门决算信息公开如下:\n"
        "第二部分 2022年度部门决算表\n"
    )
    found = _of(tmp_path, text, "A041")
    assert len(found) == 1 and "本文公开的应为2022年度决算" in found[0].message, found
    right = text.replace("现将秦安县财政局2021年度", "现将秦安县财政局2022年度")
    assert _of(tmp_path, right, "A041", "right.txt") == []


# g31-02 line 17: each change lost its 增加 (“较2022年决算数688.84万元131.49万元,增长19.09%”), and the
# 其中 list after it was read as the parts of a figure whose subject could not be read
_UNWORDED = (
    "云县2023“三公”经费决算情况说明\n"
    "云县2023年“三公”经费预算数为832.05万元,决算支出数为820.33万元,完成年初预算数的98.59%,"
    "较2022年决算数688.84万元131.49万元,增长19.09%。其中:公务接待费预算数为310.37万元,决算支出数为249.29万元,"
    "较2022年决算数247.21万元2.08万元,增长0.84%。\n"
)


def test_a_change_that_lost_its_direction_word(tmp_path):
    found = [f for f in _of(tmp_path, _UNWORDED, "A040") if "缺少“增加”或“减少”" in f.message]
    assert [f.severity for f in found] == ["warning", "warning"], found
    assert "变动额“131.49万元”" in found[0].message
    # no sum is checked against a figure with no subject
    assert not [f for f in _of(tmp_path, _UNWORDED, "A020") if f.severity != "info"]
    worded = _UNWORDED.replace("688.84万元131.49万元", "688.84万元增加131.49万元").replace(
        "247.21万元2.08万元", "247.21万元增加2.08万元"
    )
    assert not [f for f in _of(tmp_path, worded, "A040", "worded.txt") if "缺少“增加”" in f.message]


def test_a_year_run_into_a_budget_word(tmp_path):
    # g32-04 line 54: “2016收入预算为1801万元” (the 年 lost)
    text = "封开县人民法院2016年度部门决算\n2016收入预算为1801万元,其中:基本支出预算1284万元。\n"
    found = [f for f in _of(tmp_path, text, "A040") if "2016收入预算" in f.message]
    assert [f.severity for f in found] == ["warning"], found
    right = text.replace("2016收入预算", "2016年收入预算")
    assert not [f for f in _of(tmp_path, right, "A040", "right.txt") if "缺字" in f.message]


def test_a_comma_left_at_a_closing_bracket(tmp_path):
    # g32-04 line 54 “商品和服务支出284.80万元,)”; g30-06 “(挂卫生健康办公室牌子),、平安建设办公室”
    text = (
        "某单位2016年度部门决算\n"
        "基本支出预算1284万元(包括工资福利支出829.53万元,商品和服务支出284.80万元,);"
        "设民政和社会事务办公室(挂卫生健康办公室牌子),、平安建设办公室。\n"
    )
    found = [f for f in _of(tmp_path, text, "A040") if "多余的标点" in f.message]
    expected = ["右括号前不应有逗号", "右括号后不应再有顿"]
    assert sorted(f.message.split("，")[1][:9] for f in found) == expected, found
    right = text.replace("万元,)", "万元)").replace("),、", ")、")
    assert not [f for f in _of(tmp_path, right, "A040", "right.txt") if "多余的标点" in f.message]


def test_two_openings_of_a_reason_run_together(tmp_path):
    # g16-02 line 16 (a minor still missed before this session): “主要原因是主要是由于乡镇人员增加”
    text = "某乡2016年度部门决算\n收入增加23.74万元、增长3%,主要原因是主要是由于乡镇人员增加。\n"
    found = [f for f in _of(tmp_path, text, "A040") if "说明原因" in f.message]
    assert [f.severity for f in found] == ["warning"], found
    for right in ("主要原因是乡镇人员增加", "主要是由于乡镇人员增加", "原因是由于乡镇人员增加"):
        fixed = text.replace("主要原因是主要是由于乡镇人员增加", right)
        assert not [f for f in _of(tmp_path, fixed, "A040", "right.txt") if "说明原因" in f.message], right
