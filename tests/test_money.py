from decimal import Decimal as D

from hypothesis import given
from hypothesis import strategies as st

from juesuan.money import (
    decimals_of,
    format_amount,
    format_fixed,
    format_measured,
    format_number,
    largest_remainder,
    ratio_percent,
    round_half_up,
)


def test_round_half_up_is_sishewuru():
    assert round_half_up(D("0.125")) == D("0.13")
    assert round_half_up(D("2.675")) == D("2.68")  # a float would give 2.67
    assert round_half_up(D("-0.125")) == D("-0.13")
    assert round_half_up(D("9.845"), 1) == D("9.8")


def test_format_amount():
    assert format_amount(D("243.4")) == "243.40"
    assert format_amount(D("0.3194")) == "0.32"
    assert format_amount(D("-0.001")) == "0.00"
    assert format_amount(D("12345.675"), thousands=True) == "12,345.68"


def test_format_number_drops_trailing_zeros():
    assert format_number(D("93")) == "93"
    assert format_number(D("98.30")) == "98.3"
    assert format_number(D("9.845")) == "9.85"


def test_decimals_of():
    assert decimals_of(D("1.50")) == 2
    assert decimals_of(D("20")) == 0
    assert decimals_of(D("1E+1")) == 0


def test_ratio_percent_zero_denominator():
    assert ratio_percent(D(1), D(0)) is None
    assert ratio_percent(D("0.39"), D("0.71")) == D("0.39") * 100 / D("0.71")


def test_largest_remainder_reference_shares():
    # 一般公共预算财政拨款支出 by 类 in the reference report: 185.21, 36.64, 5.68, 1.50, 14.30 of 243.33
    values = [D("185.21"), D("36.64"), D("5.68"), D("1.50"), D("14.30")]
    assert largest_remainder(values) == [D("76.11"), D("15.06"), D("2.33"), D("0.62"), D("5.88")]


def test_largest_remainder_edge_cases():
    assert largest_remainder([D(0), D(0)]) == [D("0.00"), D("0.00")]
    assert largest_remainder([D(1), D(1), D(1)]) == [D("33.34"), D("33.33"), D("33.33")]
    assert largest_remainder([D(5), D(0)]) == [D("100.00"), D("0.00")]


amounts = st.decimals(min_value=0, max_value=10**9, places=2, allow_nan=False, allow_infinity=False)


@given(st.lists(amounts, min_size=1, max_size=30))
def test_largest_remainder_sums_to_100(values):
    shares = largest_remainder(values)
    if sum(values) == 0:
        assert all(s == 0 for s in shares)
    else:
        assert sum(shares) == D("100.00")
        for v, s in zip(values, shares, strict=True):
            exact = v * 100 / sum(values)
            assert abs(s - exact) < D("0.01")
            if v == 0:
                assert s == 0


def test_message_number_formats():
    assert format_fixed(D("1234.565")) == "1234.57"
    assert format_fixed(D("-0.001")) == "-0.00"  # the sign is kept, as findings have always shown it
    assert format_fixed(D("12.3456"), 3) == "12.346"
    assert format_measured(None) == "—"
    assert format_measured(D("1.5")) == "1.50"
    assert format_measured(D("1.23456")) == "1.2346"


def test_round_half_up_beyond_the_context_precision():
    # thirty digits (more than the 28 of the default context): rounded, not InvalidOperation
    huge = D("1" * 30 + ".125")
    assert round_half_up(huge) == D("1" * 30 + ".13")
    assert format_fixed(D("1E+32"), 2) == "1" + "0" * 32 + ".00"
