"""Tolerance from declared precision: every figure becomes an interval of the true values it may stand for.

An entered figure written with p decimals stands for [v − ½·10⁻ᵖ, v + ½·10⁻ᵖ]; amounts entered in 元 (and
defaults not written at all) are exact. Sums add intervals, differences subtract them, ratios take the
extreme corners. Two figures are consistent when their intervals intersect (XBRL Calculations 1.1
"round-to-nearest"); for two-decimal 万元 figures this is the rule that a total may differ from the exact sum
of its n parts by up to 0.005 × (n + 1).
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal

from juesuan.figures import Figure, Ledger
from juesuan.money import HUNDRED, ZERO


@dataclass(frozen=True, slots=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @property
    def half_width(self) -> Decimal:
        return (self.hi - self.lo) / 2

    def intersects(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi

    def __add__(self, other: Interval) -> Interval:
        return Interval(self.lo + other.lo, self.hi + other.hi)

    def __sub__(self, other: Interval) -> Interval:
        return Interval(self.lo - other.hi, self.hi - other.lo)


UNBOUNDED = Interval(Decimal("-1e30"), Decimal("1e30"))


def half_unit(decimals: int | None) -> Decimal:
    return ZERO if decimals is None else Decimal(5).scaleb(-decimals - 1)


def around(value: Decimal, decimals: int | None) -> Interval:
    h = half_unit(decimals)
    return Interval(value - h, value + h)


def _ratio(num: Interval, den: Interval) -> Interval:
    if den.lo <= 0 <= den.hi:
        return UNBOUNDED
    corners = [a * HUNDRED / b for a in (num.lo, num.hi) for b in (den.lo, den.hi)]
    return Interval(min(corners), max(corners))


class Intervals:
    """Intervals of the figures of one ledger, computed through their lineage (memoised)."""

    def __init__(self, ledger: Ledger) -> None:
        self.ledger = ledger
        self._memo: dict[str, Interval] = {}

    def of(self, figure: Figure | str) -> Interval:
        fig = self.ledger[figure] if isinstance(figure, str) else figure
        cached = self._memo.get(fig.key)
        if cached is None:
            cached = self._memo[fig.key] = self._compute(fig)
        return cached

    def _compute(self, fig: Figure) -> Interval:
        if fig.value is None:
            return UNBOUNDED
        inputs = [self.ledger[k] for k in fig.inputs if k in self.ledger]
        if fig.op == "input":
            return around(fig.value, fig.precision)
        if fig.op == "sum" and len(inputs) == len(fig.inputs):
            total = Interval(ZERO, ZERO)
            for part in inputs:
                total = total + self.of(part)
            return total
        if fig.op == "difference" and len(inputs) == 2:
            return self.of(inputs[0]) - self.of(inputs[1])
        if fig.op == "ratio" and len(inputs) == 2:
            return _ratio(self.of(inputs[0]), self.of(inputs[1]))
        if fig.op == "largest_remainder_share" and inputs:
            whole = Interval(ZERO, ZERO)
            for part in inputs[1:]:
                whole = whole + self.of(part)
            share = _ratio(self.of(inputs[0]), whole)
            step = Decimal("0.01")  # the largest-remainder adjustment moves a share by at most one unit
            return Interval(share.lo - step, share.hi + step) if share is not UNBOUNDED else share
        return Interval(fig.value, fig.value)
