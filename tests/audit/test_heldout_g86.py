"""The held-out groups g86–g89 after their first score: each fix from the real text, with the case that must
still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g33 import _of  # the rule's findings above info


# g88-01 line 27: the balance with “上年结转和结余资金” and a bare “支出” after “本年收入”
def test_a_balance_with_last_years_carry_over_and_a_bare_spending(tmp_path):
    text = (
        "舟曲县第二幼儿园2023年度单位决算\n"
        "2023年度上年结转和结余资金为98.45万元,本年收入1095.76万元,支出1193.35万元,用事业基金弥补收支差额0万元,"
        "结余分配0万元,年末结转和结余资金为5862.89万元。\n"
    )
    assert [f for f in _of(tmp_path, text, "A024") if "5862.89" in f.message]
    right = text.replace("5862.89万元", "0.86万元")
    assert _of(tmp_path, right, "A024", "right.txt") == []


# g88-04 line 20: a second 其中 after a semicolon splits the count before it
def test_a_second_count_list_after_a_semicolon(tmp_path):
    text = (
        "林芝市第二高级中学2020年度部门决算\n"
        "学校现有教职工187人,其中男教师79人,女教师108人;专任教师182人,其中研究生学历7人,本科学历185人。\n"
    )
    assert [f for f in _of(tmp_path, text, "A021") if "182人" in f.message and "192" in f.message]
    right = text.replace("本科学历185人", "本科学历175人")
    assert _of(tmp_path, right, "A021", "right.txt") == []


# g87-03 line 9: a change's rate in brackets right after it
def test_a_rate_in_brackets_after_its_change(tmp_path):
    text = "西安市新城区卫生和计划生育局2019年“三公”经费\n2、公务接待费2.30万元,较上年减少1.5万元(42.86%)。\n"
    assert [f for f in _of(tmp_path, text, "A014") if "39.47%" in f.message]
    right = text.replace("42.86%", "39.47%")
    assert _of(tmp_path, right, "A014", "right.txt") == []


# g87-01 line 17, g47-07: a unit's 元 written twice
def test_a_units_yuan_written_twice(tmp_path):
    text = "郑州大学第一附属医院2021年单位决算\n收入合计218.78亿元,其中事业收入186.06亿元元,占85.05%。\n"
    assert [f for f in _of(tmp_path, text, "A040") if "亿元元" in f.message]
    right = text.replace("亿元元", "亿元")
    assert [f for f in _of(tmp_path, right, "A040", "right.txt") if "元元" in f.message] == []


# g87-01 line 19: “在支出合计218.78亿元中,…” opens the list of its whole; the shares fit the parts' own sum
# (208.34), so the whole is the figure reported, not the shares
def test_a_whole_named_in_the_idiom_and_its_parts(tmp_path):
    text = (
        "郑州大学第一附属医院2021年单位决算\n"
        "此外,上级补助收入、经营收入均为0元。在支出合计218.78亿元中,基本支出188.89亿元,占90.66%;"
        "项目支出19.45亿元,占9.34%。\n"
    )
    assert [f for f in _of(tmp_path, text, "A020") if "218.78" in f.message and "208.34" in f.message]
    assert _of(tmp_path, text, "A012") == []
    right = text.replace("218.78亿元中", "208.34亿元中")
    assert _of(tmp_path, right, "A020", "right.txt") == []
    # a share that fits neither is still told
    off = text.replace("占9.34%", "占19.34%")
    assert _of(tmp_path, off, "A012", "off.txt") or _of(tmp_path, off, "A013", "off.txt")


# g88-01 line 29: one fund's balance stated in one sentence, each figure named with the fund
def test_a_funds_balance_in_one_sentence(tmp_path):
    text = (
        "舟曲县第二幼儿园2023年度单位决算\n"
        "2023年度一般公共预算财政拨款上年结转98.45万元,一般公共预算财政拨款收入1095.76万元,一般公共预算财政拨款"
        "支出1193.35万元,一般公共预算财政拨款年末结转和结余5862.89元。\n"
    )
    assert [f for f in _of(tmp_path, text, "A024") if "0.86万元" in f.message]
    right = text.replace("5862.89元", "0.86万元")
    assert _of(tmp_path, right, "A024", "right.txt") == []
