"""Figures on demand: deferred figures keep the ledger's order and keys, are made once when asked for, and a
check makes only the figures it reads."""

from __future__ import annotations

import gc
from decimal import Decimal as D

import pytest

from juesuan.derive import derive
from juesuan.figures import Figure, Ledger
from juesuan.loader import load_dataset
from juesuan.rules.engine import check_dataset

from .conftest import EXAMPLE


class _Maker:
    def __init__(self) -> None:
        self.made: list[str] = []

    def figure(self, key: str) -> Figure:
        self.made.append(key)
        return Figure(key, D(len(key)), "amount", "constant")

    def value(self, key: str) -> D:
        return D(len(key))


def test_deferred_figures_hold_their_places_and_are_made_once():
    ledger, maker = Ledger(), _Maker()
    ledger.add(Figure("a", D(1)))
    ledger.defer(("bb", "ccc"), maker)
    ledger.add(Figure("d", D(4)))
    assert list(ledger.keys()) == ["a", "bb", "ccc", "d"] and "ccc" in ledger
    assert ledger.value("ccc") == 3 and maker.made == []  # the value without making the figure
    assert ledger["ccc"] is ledger.get("ccc") and maker.made == ["ccc"]
    assert list(ledger.figures) == ["a", "bb", "ccc", "d"] and maker.made == ["ccc", "bb"]
    assert all(isinstance(f, Figure) for f in ledger.figures.values())
    with pytest.raises(KeyError, match="defined twice"):
        ledger.defer(("e", "bb"), maker)


def test_a_check_makes_a_third_of_the_figures_and_a_build_reads_the_same_ones():
    derived = derive(load_dataset(EXAMPLE))
    keys = list(derived.ledger.keys())
    check_dataset(derived)
    made = [k for k, f in derived.ledger._figures.items() if isinstance(f, Figure)]
    assert len(made) < len(keys) / 2
    # the rows' columns are the ledger's figures, made on demand
    lei = next(r for r in derived.rows if r.level == "类")
    assert lei.income["total"] is derived.ledger[f"func.{lei.code}.income.total"]
    assert lei.income["total"].value == lei.value("income.total")
    assert derived.economic["all"][0] is not None and list(derived.economic) == [
        "general_budget",
        "gov_fund",
        "state_capital",
        "all",
    ]
    assert list(derived.ledger.figures) == keys  # every figure made, in the order the places were held


def test_a_derivation_is_freed_without_the_cycle_collector():
    gc.collect()
    gc.disable()
    try:
        derived = derive(load_dataset(EXAMPLE))
        check_dataset(derived)
        del derived
        assert gc.collect() < 500  # the makers hold no ledger: no cycle through its ~1,400 figures (~2,000)
    finally:
        gc.enable()


def test_a_deferred_figure_is_what_its_value_said_and_a_sum_of_its_inputs():
    # the maker gives a value at once (Ledger.value) and the figure later: the two must agree, and a deferred
    # sum must add up its inputs, which must be figures of the ledger (the lineage a build prints)
    derived = derive(load_dataset(EXAMPLE))
    ledger = derived.ledger
    deferred = [k for k, f in ledger._figures.items() if not isinstance(f, Figure)]
    assert len(deferred) > 500
    values = {k: ledger.value(k) for k in deferred}
    for key in deferred:
        figure = ledger[key]
        assert figure.key == key and figure.value == values[key], key
        if figure.op == "sum":
            assert all(i in ledger for i in figure.inputs), key
            parts = [ledger.value(i) for i in figure.inputs]
            assert figure.value == sum((v for v in parts if v is not None), D(0)), key
        else:
            assert figure.op == "input" and figure.source is not None, key
