"""The held-out groups g74–g77 after their first score: each fix from the real text, with the case that must
still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g33 import _of  # the rule's findings above info


# g74-03 line 21: a share in the sentence after a 决算 is of that 决算, not of the budget stated before it
def test_a_share_after_the_budget_and_its_execution(tmp_path):
    text = (
        "关于江宁区2022年区级决算草案的报告\n"
        "2022年,全区一般公共预算收入年初预算安排273.3亿元。经区人大常委会第六次会议批准收入预算调整为200.12亿元。"
        "2022年全区完成一般公共预算收入202.96亿元,完成调整预算数的101.42%,直比下降23.5%。其中,完成税收收入"
        "173.65亿元,税占比85.6%。\n"
    )
    assert _of(tmp_path, text, "A012") == []
    # the share of the 决算 is still checked
    wrong = text.replace("税占比85.6%", "税占比95.6%")
    assert [f for f in _of(tmp_path, wrong, "A012", "wrong.txt") if "95.6%" in f.message]


# g74-04 lines 13–14: a government's balance: its sources add up alone; 结转下年 closes 收入总计 − 支出总计
def test_a_governments_balance_with_its_carry_over(tmp_path):
    text = (
        "清流县2021年县本级财政决算草案\n"
        "2021年全县一般公共预算支出总计165720万元,比上年减支37529万元,下降18.5%。其中,县级一般公共预算支出"
        "107922万元,比上年减支80164万元,下降42.6%。\n"
        "2021年县级一般公共预算收入45343万元,返还性收入 2971万元,一般性转移支付收入102775万元,"
        "专项转移支付收入15572万元,地方政府债券转贷收入28121万元,上年结余收入1003万元,调入资金6734万元,收入总计202519万元。"
        "全县一般公共预算支出165720万元,上解上级支出3117万元,地方政府债券还本支出19419万元,支出总计188256万元,"
        "收支相抵,结转下年支出14263万元。\n"
    )
    assert _of(tmp_path, text, "A020") == []
    assert _of(tmp_path, text, "A024") == []
    # a source that does not add up, and a carry-over that does not close the gap, are still told
    short = text.replace("调入资金6734万元", "调入资金6634万元")
    assert [f for f in _of(tmp_path, short, "A020", "short.txt") if "202519" in f.message]
    gap = text.replace("结转下年支出14263万元", "结转下年支出14163万元")
    assert [f for f in _of(tmp_path, gap, "A024", "gap.txt") if "188256" in f.message]


# g76-01 line 11: an aggregator's middle dot for the decimal point
def test_a_middle_dot_for_the_decimal_point(tmp_path):
    text = (
        "某区政府办公室2021年部门决算\n"
        "2021年总收入2477·1万元,较2020年增长81·3%。总支出2477·1万元,其中:基本支出1605.56万元,"
        "项目支出871.54万元。\n"
    )
    assert _of(tmp_path, text, "A023") == []
    assert _of(tmp_path, text, "A020") == []
    # read as 2477.1, the parts are checked against it
    wrong = text.replace("871.54万元", "881.54万元")
    assert [f for f in _of(tmp_path, wrong, "A020", "wrong.txt") if "2477.1" in f.message]


# g77-04 lines 10–15: a 其中 list, its first item run in after its introducer, the others numbered paragraphs
def test_parts_run_in_then_numbered(tmp_path):
    text = (
        "岱岳区2016年区级对下转移支付决算情况的说明\n"
        "一、一般性转移支付\n"
        "2016年一般性转移支付决算数为32976万元,其中:(一)均衡性转移支付13460万元,主要用于均衡各区间财力差异。\n"
        "(二)基本财力保障补助4022万元,主要用于增强基层政府能力。\n"
        "(三)农村税费改革补助6398万元,对乡镇因实施农村税费改革形成的减收进行补助。\n"
        "(四)农村环境整治资金3340万元。\n"
        "(五)区域战略推进专项资金1200万元。\n"
        "(六)其他一般性转移支付18016万元,主要用于推进区域协调发展。\n"
        "二、专项转移支付\n"
    )
    assert [f for f in _of(tmp_path, text, "A020") if "32976" in f.message and "46436" in f.message]
    right = text.replace("32976万元", "46436万元")
    assert _of(tmp_path, right, "A020", "right.txt") == []
