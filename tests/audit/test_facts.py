"""Stated facts are bound to their subject, clause by clause; years and codes are never amounts."""

from __future__ import annotations

from decimal import Decimal

from juesuan.audit.document import Document, Paragraph, Where, analyse_structure
from juesuan.audit.facts import extract


def _facts(*texts: str):
    doc = Document(path="t.txt", format="txt")
    doc.blocks = [Paragraph(k, t, [(0, Where(line=k + 1))]) for k, t in enumerate(texts)]
    analyse_structure(doc)
    return extract(doc)


def test_amount_share_and_base_are_bound():
    f = _facts("2024年度一般公共预算财政拨款支出243.33万元，占本年支出合计的99.97%。")
    (share,) = f.shares
    assert share.amount.key == "gpb.expenditure" and share.amount.value == Decimal("243.33")
    assert share.pct.value == Decimal("99.97") and share.base_key == "expenditure.total"


def test_years_and_codes_are_not_amounts():
    f = _facts("与2023年度相比，2010301机关运行经费支出91.14万元，减少2.00万元，下降2.15%。")
    assert [a.value for a in f.amounts] == [Decimal("91.14")]
    (change,) = f.changes
    assert change.year == 2023 and change.delta.value == Decimal("2.00") and change.delta.sign == -1


def test_units_per_sentence():
    f = _facts("机关运行经费支出178900元。", "政府采购金额1.2亿元。")
    assert [a.value for a in f.amounts] == [Decimal("17.89"), Decimal("12000.0")]
    assert f.amounts[0].decimals == 4


def test_numbers_are_never_paired_across_sentences_of_other_subjects():
    f = _facts("本年收入合计243.33万元。其他收入0.05万元，占0.02%。")
    (share,) = f.shares
    assert share.amount.key.endswith("income.other")
    assert share.group is None  # the list head of another sentence is not its base


def test_list_parts_are_scoped_by_their_head():
    f = _facts(
        "2024年度本年支出合计243.38万元，其中：基本支出200.03万元，占82.19%；项目支出43.35万元，占17.81%。",
        "2024年本部门财政拨款支出243.33万元，基本支出199.98万元，占总支出82.18%。",
    )
    keys = {a.key for a in f.amounts}
    assert "expenditure.total>expenditure.basic" in keys and "expenditure.fiscal>expenditure.basic" in keys


def test_a_number_closed_by_a_comma_of_enumeration_takes_the_next_items_unit():
    # g11-03 line 34: “收入476.17、支总计460.06万元”; a whole number before “、” (a count, a code) does not
    f = _facts("2020年度本年收入476.17、本年支出合计460.06万元。")
    assert [(a.value, a.mention.unit) for a in f.amounts] == [
        (Decimal("476.17"), "万元"),
        (Decimal("460.06"), "万元"),
    ]
    f = _facts("2020年度本年收入4761元、本年支出合计460.06万元。", "共有3、本年支出合计460.06万元。")
    assert [a.value for a in f.amounts if a.mention.unit == "万元"] == [Decimal("460.06"), Decimal("460.06")]
