"""The zero 款 of the 基本支出 table, shared between datasets: the same figures as if made for each."""

from __future__ import annotations

from decimal import Decimal as D

from juesuan.classification import load_catalogue
from juesuan.derive import derive
from juesuan.figures import Figure
from juesuan.loader import load_dataset

from .conftest import EXAMPLE, MINIMAL


def _row(derived, fund, code):
    return next(r for r in derived.economic[fund] if r.code == code)


def test_a_kuan_no_dataset_enters_is_the_same_zero_in_both(write_dataset):
    example = derive(load_dataset(EXAMPLE))
    minimal = derive(load_dataset(write_dataset(MINIMAL)))
    entered = {e.code for e in example.dataset.economic_items}
    entry = next(e for e in load_catalogue().economic_children("302", 2024) if e.code not in entered)
    code = entry.code
    basic, project, total = (f"econ.general_budget.{code}.{m}" for m in ("basic", "project", "total"))
    for key in (basic, project, total, f"econ.all.{code}.basic", f"econ.all.{code}.total"):
        assert example.ledger[key] is minimal.ledger[key]
    # what each dataset would have made for itself
    assert example.ledger[basic] == Figure(basic, D(0), "amount", "constant")
    assert example.ledger[total] == Figure(total, D(0), "amount", "sum", (basic, project))
    assert example.ledger[f"econ.all.{code}.basic"] == Figure(
        f"econ.all.{code}.basic", D(0), "amount", "sum", (basic,)
    )
    row = _row(minimal, "general_budget", code)
    assert (row.name, row.group, row.basic, row.total) == (
        entry.name,
        entry.group,
        minimal.ledger[basic],
        minimal.ledger[total],
    )
    # the 类 sums still add up this dataset's own 款
    assert example.ledger["econ.general_budget.302.basic"].value == example.basic["public"].value


def test_a_kuan_another_fund_enters_is_summed_for_all_funds(write_dataset):
    text = MINIMAL + 'economic_items:\n  - {code: "30101", fund: gov_fund, basic: 5.00}\n'
    derived = derive(load_dataset(write_dataset(text)))
    zero, entered = "econ.general_budget.30101.basic", "econ.gov_fund.30101.basic"
    assert derived.ledger[zero].value == 0 and derived.ledger[entered].value == D("5.00")
    combined = derived.ledger["econ.all.30101.basic"]
    assert combined.value == D("5.00") and combined.inputs == (zero, entered)
    row = _row(derived, "all", "30101")
    assert row.basic is combined and row.total.value == D("5.00")
    assert _row(derived, "general_budget", "30101").total.value == 0
    assert derived.ledger["econ.all.basic"].value == D("5.00")


def test_a_row_of_one_child_has_the_values_a_sum_of_its_columns_gives() -> None:
    # a 款 of one 项 and a 类 of one 款 take their values without summing columns: each must be what
    # ``sum(column, ZERO)`` gives, exponent and sign included (a written 1E+1, -0 or 1.50 is normalised)
    from juesuan.derive import ENTERED_COLUMNS, RowFigures
    from juesuan.money import ZERO

    written = [D("1E+1"), D("-0"), D("1.50"), D("0.000"), D("-2.5")]
    entered = [written[i % len(written)] for i in range(len(ENTERED_COLUMNS))]

    def summed(code: str, children: list[RowFigures]) -> list[str]:
        columns = list(zip(*(c.values for c in children), strict=True))[: len(ENTERED_COLUMNS)]
        return [str(v) for v in RowFigures(code, [sum(c, ZERO) for c in columns], children).values]

    item = RowFigures("2010101", list(entered))
    kuan = RowFigures.of_children("20101", [item])
    assert [str(v) for v in kuan.values] == summed("20101", [item])
    assert str(kuan.values[0]) == "10" and str(kuan.values[1]) == "0"  # not 1E+1, not -0
    lei = RowFigures.of_children("201", [kuan])
    assert [str(v) for v in lei.values] == summed("201", [kuan])
    assert lei.values is not kuan.values and lei.children == [kuan]
