"""False alarms and misses found on the held-out group g22, each with the case that must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _rules

_TWO_DEPARTMENTS = (
    "省质监局购置23辆公车\n"
    "省质监局公布,2011年“三公经费”财政拨款支出共1660.78万元,其中因公出国(境)费支出43.28万元。\n"
    "公务用车购置及运行费支出1352.78万元,公务接待费支出264.72万元。\n"
    "省审计厅公务接待费47万\n"
    "省审计厅2011年“三公”经费财政拨款支出数361.17万元,其中因公出国(境)费167.39万元。\n"
    "2011年省审计厅公务用车购置及运行费146.21万元。\n"
)


def test_another_named_bodys_figures_are_its_own(tmp_path):
    # g22-01: a news item on two departments; the second's “三公” total and items (named by the body at the
    # opening of their sentences) are not second statements of the first's
    assert "A010" not in _rules(tmp_path, _TWO_DEPARTMENTS)
    # one body's item stated twice with two values is still found
    twice = _TWO_DEPARTMENTS + "省审计厅公务用车购置及运行费支出164.21万元,主要用于审计业务。\n"
    assert "A010" in _rules(tmp_path, twice, "twice.txt")
    # and a body named twice (with and without its full place) is one body
    one = (
        "寻甸回族彝族自治县农业农村局2019年“三公”经费支出决算为12.5万元。\n"
        "寻甸县农业农村局2019年“三公”经费支出决算为21.5万元。\n"
    )
    assert "A010" in _rules(tmp_path, one, "one.txt")


_DISTRICT = (
    "一、2020年全区收支决算\n"
    "全区一般公共预算总收入410338万元,完成调整后预算的97.3%,下降6.4%,其中地方一般公共预算收入271630万元,"
    "完成调整后预算的99.2%,下降4.7%;加上级补助收入120846万元,上年结余收入42690万元,债务转贷收入16714万元,"
    "调入预算稳定调节基金44421万元,调入资金18300万元,收入合计514601万元。\n"
)


def test_a_figure_and_its_own_part_are_not_both_added(tmp_path):
    # g22-02 line 3: the 收入合计 adds the transfers to the 地方 revenue (the 其中 part of the 总收入), not
    # to both the 总收入 and its part
    assert "A020" not in _rules(tmp_path, _DISTRICT)
    # a 收入合计 that neither reading gives is still found
    bad = _DISTRICT.replace("收入合计514601万元", "收入合计515601万元")
    assert _rules(tmp_path, bad, "bad.txt").get("A020") == ["error"]
