"""False alarms and misses found on the held-out group g27, each with the case that must still be found."""

from __future__ import annotations

import pytest

from tests.audit.test_heldout_g22 import _clean_then_found

# Each case: a passage of a g27 text that drew a false finding, the rules it must not draw, and a slip
# planted in it that the rule must still find.
CASES = {
    # g27-02 lines 16 and 19: the figure inside “与2014年度财政拨款收入218.4万元相比” is the prior year's, the
    # base of the change after it, not this year's (A014 “上年应为226.8万元”, A010 a second statement of 210)
    "a prior figure framed by 与…相比": (
        "贵州省福利彩票发行中心2015年度部门决算\n"
        "(三)2015年度财政拨款收入决算情况说明。\n"
        "2015年度财政拨款收入210万元,占本年收入11752万元的1.79%。与2014年度财政拨款收入218.4万元相比,"
        "财政拨款收入减少8.4万元,降低3.85%。\n",
        ("A010", "A014"),
        ("降低3.85%", "降低3.95%"),
        "A014",
    ),
    # the same frame around an item whose name holds 预算 (一般公共预算…): still the prior year's figure
    "a prior figure framed by 与…相比 whose item names 预算": (
        "贵州省福利彩票发行中心2015年度部门决算\n"
        "2015年度一般公共预算财政拨款支出15.65万元,占本年支出10683.54万元的0.15%。与2014年度一般公共预算财政"
        "拨款支出64.3万元相比,一般公共预算财政拨款支出减少48.65万元,降低75.66%。\n",
        ("A010", "A014"),
        ("减少48.65万元", "减少46.65万元"),
        "A014",
    ),
}


@pytest.mark.parametrize(("text", "gone", "slip", "rule"), list(CASES.values()), ids=list(CASES))
def test_false_alarm_gone_and_slip_found(tmp_path, text, gone, slip, rule):
    _clean_then_found(tmp_path, text, gone, slip, rule)
