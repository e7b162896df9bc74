"""The held-out groups g82–g85 after their first score: each fix from the real text, with the case that must
still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g33 import _of  # the rule's findings above info


# g84-03 line 63: a list with its shares, cut by the end of the page, is not the whole
def test_a_list_with_shares_cut_by_the_page(tmp_path):
    text = (
        "北京市水务局幼儿园2020年度单位决算\n"
        "2020年度本年收入合计1593.341万元,其中:财政拨款收入1589.366万元,占收入合计的99.75%;上级补助收入0万元,"
        "占收入合计的0%;事业收入0万元,占收入合计的0%;经营收入0万元,占收入合计的0%;附属单位上缴收"
    )
    assert _of(tmp_path, text, "A020") == []
    # the same list closed (the rest of it dropped): its parts fall short of the whole
    closed = text.rsplit(";", 1)[0] + "。\n二、支出决算情况\n本年支出合计1593.341万元。\n"
    assert [f for f in _of(tmp_path, closed, "A020", "closed.txt") if "1593.341" in f.message]


# g85-03 lines 4–14: 基本支出 and 项目支出, each in its own item, with shares of one base adding to 103.68%
def test_basic_and_project_shares_of_one_base(tmp_path):
    text = (
        "某单位2024年单位预算\n"
        "(二)按支出结构分类划分,分为基本支出预算和项目支出预算。\n"
        "1. 基本支出预算 2476260.58 元,占一般公共预算支出的84.06%,同比减少 4966.66 元,下降 0.2%。\n"
        "2. 项目支出 469500 元,占一般公共预算支出的 19.62%,同比增加 70100 元 ,增长 17.55%。\n"
    )
    assert [f for f in _of(tmp_path, text, "A013") if "103.68%" in f.message]
    right = text.replace("19.62%", "15.94%")
    assert _of(tmp_path, right, "A013", "right.txt") == []


# g85-02 lines 14–21: “一般公共预算基本支出” (the 预算 texts' words) heads its 其中 list over the next lines,
# as it does on one line
def test_a_basic_spending_list_over_lines(tmp_path):
    text = (
        "某单位2023年单位预算\n"
        "六、一般公共预算基本支出情况说明\n"
        "2023 年本年一般公共预算基本支出 911000.39 元,其中:\n"
        "人员经费 809961.19 元,主要包括:基本工资、津贴补\n"
        "贴、伙食补助费、住房公积金、委托业务费。\n"
        "公用经费 71339.2 元,主要包括:办公费、工会经费、\n"
        "其他商品服务和支出。\n"
    )
    assert [f for f in _of(tmp_path, text, "A020") if "911000.39" in f.message]
    right = text.replace("911000.39", "881300.39")
    assert _of(tmp_path, right, "A020", "right.txt") == []
