"""The held-out groups g78–g81 after their first score: each fix from the real text, with the case that must
still be found."""

from __future__ import annotations

import pytest

from juesuan.audit.read import read_document
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
