"""The held-out groups g106–g109 after their first score: each fix from the real text, with the case that
must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g33 import _findings


def _said(tmp_path, text: str, name: str, rule: str, severities=("error", "warning")) -> list:
    return [f for f in _findings(tmp_path, text, name) if f.rule_id == rule and f.severity in severities]


# g108-01 line 9: the items' changes against their budgets are 2020's (“以2020年为例”); the “三公” total
# stated after them is 2019's
SANGONG_YEARS = (
    "山西省级“三公”经费情况\n"
    "从预算执行情况看,“三公”经费节支力度更为显著。以2020年为例,实际支出1.78亿元,比预算减少1.71亿元,主要原因"
    "是严格财政支出管理。因公出国(境)费0.02亿元,比预算减少0.38亿元;公务接待费0.12亿元,比预算减少0.4亿元;"
    "公务用车购置及运行费1.64亿元,比预算减少0.93亿元。{later}\n"
)


def test_items_of_another_year_than_the_total(tmp_path):
    later = "2019年“三公”经费执行支出2.52亿元,比预算减少1.08亿元。"
    assert _said(tmp_path, SANGONG_YEARS.format(later=later), "doc.txt", "A014") == []
    # the same year's total after its items is still checked
    same = "2020年“三公”经费执行支出1.78亿元,比预算减少1.08亿元。"
    text = SANGONG_YEARS.format(later=same).replace("以2020年为例", "2020年")
    said = _said(tmp_path, text, "same.txt", "A014")
    assert len(said) == 1 and "－1.71亿元" in said[0].message


# g109-06 line 7: two figures and their two shares, stated respectively
RESPECTIVE = (
    "2019年全国政府采购简要情况\n"
    "数据显示,中央预算单位、地方预算单位政府采购规模分别为2666.3亿元和30400.7亿元,占全国政府采购规模的"
    "{first}%和91.9%。全国政府采购规模为33067.0亿元。\n"
)


def test_shares_stated_respectively(tmp_path):
    assert _said(tmp_path, RESPECTIVE.format(first="8.1"), "doc.txt", "A012") == []
    said = _said(tmp_path, RESPECTIVE.format(first="9.1"), "wrong.txt", "A012")
    assert len(said) == 1 and "2666.3亿元÷33067.0亿元" in said[0].message and "8.06%" in said[0].message


# g109-06 line 9: each share of its own kind's whole
def test_shares_of_each_ones_own_kind_do_not_add_up(tmp_path):
    own = (
        "2019年全国政府采购简要情况\n"
        "全国强制和优先采购节能、节水产品633.7亿元,占同类产品采购规模的90%,全国优先采购环保产品718.7亿元,"
        "占同类产品采购规模的88%。\n"
    )
    assert _said(tmp_path, own, "doc.txt", "A013") == []
    one_base = own.replace("同类产品采购规模", "全国政府采购规模")
    assert len(_said(tmp_path, one_base, "one.txt", "A013")) == 1


# g108-03 line 25: the 收入总计's figure left blank before its 其中
def test_a_total_left_blank_before_its_list(tmp_path):
    blank = (
        "三江侗族自治县县直机关幼儿园2020年度部门决算\n"
        "2020年度收入总计 ,其中:财政拨款收入6160234.82元;占100%\n"
    )
    said = _said(tmp_path, blank, "doc.txt", "A040")
    assert len(said) == 1 and "空缺的数字" in said[0].message and "收入总计" in said[0].message
    filled = blank.replace("收入总计 ,", "收入总计6160234.82元,")
    assert _said(tmp_path, filled, "filled.txt", "A040") == []


# g109-07 lines 10–18: three kinds stated apart, each with its share of the whole; the shares add up to 100%,
# so the amounts add up to the whole stated before them
KINDS = (
    "2014年全国政府采购简要情况\n"
    "2014年全国政府采购规模为17305.34亿元,比上年增加924.24亿元,增长5.6%。\n"
    "工程类采购金额{works}亿元,占采购总规模的58.6%,比上年增长2.2%。\n"
    "货物类采购金额5230.04亿元,占采购总规模的30.2%,比上年增长6.3%。\n"
    "服务类采购金额1934.25亿元,占采购总规模的11.2%,比上年增长22.6%。\n"
)


def test_parts_whose_shares_make_the_whole(tmp_path):
    said = _said(tmp_path, KINDS.format(works="10141.11"), "doc.txt", "A020")
    assert len(said) == 1 and said[0].severity == "warning"
    assert "17305.40亿元" in said[0].message and "相差0.06亿元" in said[0].message
    assert _said(tmp_path, KINDS.format(works="10141.05"), "right.txt", "A020") == []
    # shares of 100% in all that name no figure within their reach: no whole to check
    unknown = KINDS.format(works="10141.11").replace("17305.34", "17505.34")
    assert _said(tmp_path, unknown, "unknown.txt", "A020") == []
