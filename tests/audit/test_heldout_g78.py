"""The held-out groups g78–g81 after their first score: each fix from the real text, with the case that must
still be found."""

from __future__ import annotations

import pytest

from juesuan.audit.read import read_document
from tests.audit.test_heldout_g29 import DOCS
from tests.audit.test_heldout_g33 import _of  # the rule's findings above info


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # g81-01: a government's title with both 政府 and 财政 (a mirror in traditional characters)
        ("寧強縣2023年政府財政決算公開\n2023年,在縣委、縣政府的領導下,財稅部門共同克服重重困難。\n", 2023),
        # g81-02: no title; the year opens the government's account of its income
        ("一、财政收支完成情况\n2021年,全县大口径财政收入累计完成95808万元,完成预算的118.8%。\n", 2021),
        # the same with a budget: no year taken from it
        ("一、财政收支预算情况\n2022年,全县大口径财政收入预算安排95808万元。\n", None),
    ],
)
def test_the_year_of_a_governments_account(tmp_path, text, year):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    assert read_document(path).year == year


# g81-03 lines 17–20: a budget's numbered parts, in a text that speaks of no 决算
def test_a_budgets_numbered_parts(tmp_path):
    text = (
        "南宁市西乡塘区人大常委会2017年部门预算\n"
        "2017年收入总预算501.98万元,同比减少17.05万元,同比下降3.28%。其中:\n"
        "1、一般公共财政预算拨款507.37万元,同比减少19.96万元,同比降低3.85%。\n"
        "2、上年结余收入8.3万元,同比增加8.3万元。\n"
        "3、其他收入0万元。\n"
    )
    assert [f for f in _of(tmp_path, text, "A020") if "501.98" in f.message]
    right = text.replace("501.98万元", "515.67万元")
    assert _of(tmp_path, right, "A020", "right.txt") == []


# g78-01 line 3: next year's budget set against this year's 决算 is no stale year
def test_a_budget_against_this_years_actual(tmp_path):
    text = (
        "北京市民政局2010年“三公”经费决算\n"
        "市民政局2010年决算数358.7万元,涉及出国团组14个。2011年,该局严格压缩出国经费,对相应出国任务进行缩减。"
        "因公出国(境)费用预算205.4万元,比2010年决算数减少153.3万元,降幅达42.7%。\n"
    )
    assert _of(tmp_path, text, "A041") == []
    # this year's 决算 set against itself is still a stale comparison
    stale = text.replace("因公出国(境)费用预算205.4万元", "因公出国(境)费用决算205.4万元")
    assert [f for f in _of(tmp_path, stale, "A041", "stale.txt") if "2009" in f.message]


# g78-07 line 13: names, then the others counted (“以及其他42个预算单位”), in a copy with injected marks
def test_names_and_the_others_counted(tmp_path):
    text = (
        "北京市2010年“三公”经费决算\n"
        "此次@@公布的@@44个部门@@,包括市财政局@@、审计局@@,以及其他@@42个预算单位@@。\n"
    )
    assert _of(tmp_path, text, "A021") == []
    assert _of(tmp_path, text.replace("其他@@42个", "其他@@41个"), "A021", "short.txt")


# g79-02 line 9: a figure restated on another basis (“剔除…因素后,为165.61亿元”) is not added to the total
def test_a_figure_restated_on_another_basis_is_not_added(tmp_path):
    text = (
        "温州市2023年市级财政决算(草案)的报告\n"
        "市本级一般公共预算支出168.23亿元,与执行数一致,剔除疫情防控保障等一次性因素后,为165.61亿元,增长5.2%,"
        "完成预算的99.7%;加上转移性支出298.39亿元,支出合计466.62亿元。\n"
    )
    assert _of(tmp_path, text, "A020") == []
    assert _of(tmp_path, text.replace("298.39亿元", "288.39亿元"), "A020", "short.txt")


# g80-08 line 3: a list of numerals run into a long paragraph (“丽岙一、二标段”) opens no heading
def test_numerals_of_sections_open_no_heading(tmp_path):
    text = (DOCS / "g80-08.txt").read_text(encoding="utf-8")
    assert [f for f in _of(tmp_path, text, "A042") if "标段" in f.message] == []
    # a heading run into the same paragraph after a sentence is still read as one
    doc = tmp_path / "doc.txt"
    doc.write_text("一、基本情况\n" + "说明。" * 120 + "二、绩效目标\n", encoding="utf-8")
    assert [p.numbering.number for p in read_document(doc).paragraphs if p.numbering] == [1, 2]
