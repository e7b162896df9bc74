"""Tolerance from declared precision: which true values a printed or entered figure may stand for.

Every entered figure written with p decimals stands for any value within ½·10⁻ᵖ of it; amounts entered in
元, and defaults that were not written, are exact. A figure that the input also *states* (the dataset's
``stated`` section: a total as printed in a table, a share as printed in the text) is used, wherever other
figures are computed from it, as that printed value with its own precision — so a printed share is checked
against the printed totals, as a reader would check it.

Derived figures are kept as affine forms over these uncertain leaves (sums and differences exactly, with
shared leaves cancelling), and ratios are bounded by moving each leaf to the end of its range that pushes
the ratio up or down. Two figures are consistent when their ranges meet (the "round to nearest" rule of
XBRL Calculations 1.1); for n two-decimal 万元 parts and their two-decimal total this is the familiar
allowance of 0.005 × (n + 1).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.figures import Figure, Ledger
from juesuan.money import HUNDRED, ZERO, decimals_of

LR_STEP = Decimal("0.01")  # a largest-remainder share may sit one unit below or above its exact value
OPEN = Decimal("1e-9")  # makes an interval's upper end open


@dataclass(frozen=True, slots=True)
class Interval:
    lo: Decimal
    hi: Decimal

    @property
    def half_width(self) -> Decimal:
        return (self.hi - self.lo) / 2

    def intersects(self, other: Interval) -> bool:
        return self.lo <= other.hi and other.lo <= self.hi


UNBOUNDED = Interval(Decimal("-1e30"), Decimal("1e30"))


def half_unit(decimals: int | None) -> Decimal:
    return ZERO if decimals is None else Decimal(5).scaleb(-decimals - 1)


def around(value: Decimal, decimals: int | None) -> Interval:
    h = half_unit(decimals)
    return Interval(value - h, value + h)


def ratio_range(num: Decimal, nd: int, den: Decimal, dd: int) -> Interval | None:
    """The range of num/den×100 over both printed intervals (num printed with ``nd`` decimals, den with
    ``dd``); None when the base may be zero. How a printed share or rate is checked against the printed
    amounts it is computed from."""
    n, d = around(num, nd), around(den, dd)
    if d.lo <= 0:
        return None
    return Interval(max(n.lo, ZERO) / d.hi * HUNDRED, n.hi / d.lo * HUNDRED)


@dataclass
class Affine:
    """``centre + Σ coef·εᵢ`` where each leaf εᵢ ranges over ±half[leaf]."""

    centre: Decimal
    coefs: dict[str, Decimal] = field(default_factory=dict)
    bounded: bool = True  # False when the figure is a ratio (not affine): then only ``fixed`` is meaningful
    fixed: Interval | None = None

    def plus(self, other: Affine, sign: int = 1) -> Affine:
        if not (self.bounded and other.bounded):
            return Affine(self.centre + sign * other.centre, bounded=False, fixed=UNBOUNDED)
        coefs = dict(self.coefs)
        for leaf, c in other.coefs.items():
            coefs[leaf] = coefs.get(leaf, ZERO) + sign * c
        return Affine(self.centre + sign * other.centre, {k: v for k, v in coefs.items() if v})


class Evaluator:
    """Ranges of the figures of one ledger, given which figures are stated and with what precision."""

    def __init__(
        self, ledger: Ledger, stated: dict[str, Decimal] | None = None, stated_exact: bool = False
    ) -> None:
        self.ledger = ledger
        self.stated = stated or {}
        self.stated_exact = stated_exact
        self.half: dict[str, Decimal] = {}
        self._memo: dict[tuple[str, str], Affine] = {}

    # -- public ----------------------------------------------------------------------------------

    def of(self, figure: Figure | str, exclude: str = "") -> Interval:
        """The range of true values ``figure`` may stand for (``exclude``: a stated key not to substitute)."""
        return self.range(self._affine(self._fig(figure), exclude))

    def centre(self, figure: Figure | str, exclude: str = "") -> Decimal:
        """The value ``figure`` is computed as from the figures its range is computed from (stated figures
        as printed): the value a finding about that range shows."""
        return self._affine(self._fig(figure), exclude).centre

    def difference(self, left: Figure, right: Figure) -> Interval:
        """The range of ``left − right``, with shared leaves cancelling."""
        return self.range(self._affine(left, "").plus(self._affine(right, ""), -1))

    def stated_range(self, key: str, value: Decimal) -> Interval:
        """The range a stated value stands for: ½ unit of its last written decimal; a largest-remainder share
        may also be one unit off its exact value."""
        fig = self.ledger[key]
        if fig.op == "largest_remainder_share":
            # the exact share r gives floor(r) or floor(r) + 0.01, so r lies in [s − 0.01, s + 0.01)
            return Interval(value - LR_STEP, value + LR_STEP - OPEN)
        return around(
            value, None if self.stated_exact and fig.kind == "amount" else self._decimals(fig, value)
        )

    def range(self, form: Affine) -> Interval:
        if not form.bounded:
            return form.fixed or UNBOUNDED
        spread = sum((abs(c) * self.half.get(leaf, ZERO) for leaf, c in form.coefs.items()), ZERO)
        return Interval(form.centre - spread, form.centre + spread)

    # -- internals -------------------------------------------------------------------------------

    def _fig(self, figure: Figure | str) -> Figure:
        return self.ledger[figure] if isinstance(figure, str) else figure

    @staticmethod
    def _decimals(fig: Figure, value: Decimal) -> int:
        return max(decimals_of(value), 2) if fig.kind == "amount" else decimals_of(value)

    def _leaf(self, name: str, value: Decimal, half: Decimal) -> Affine:
        if half == 0:
            return Affine(value)
        self.half[name] = half
        return Affine(value, {name: Decimal(1)})

    def _affine(self, fig: Figure, exclude: str) -> Affine:
        memo_key = (fig.key, exclude)
        cached = self._memo.get(memo_key)
        if cached is None:
            cached = self._memo[memo_key] = self._compute(fig, exclude)
        return cached

    def _compute(self, fig: Figure, exclude: str) -> Affine:
        if fig.key in self.stated and fig.key != exclude:
            value = self.stated[fig.key]
            if self.stated_exact and fig.kind == "amount":
                return Affine(value)
            return self._leaf("stated:" + fig.key, value, half_unit(self._decimals(fig, value)))
        if fig.value is None:
            return Affine(ZERO, bounded=False, fixed=UNBOUNDED)
        inputs = [self.ledger[k] for k in fig.inputs if k in self.ledger]
        if fig.op == "input":
            return self._leaf(fig.key, fig.value, half_unit(fig.precision))
        if fig.op == "sum" and len(inputs) == len(fig.inputs):
            total = Affine(ZERO)
            for part in inputs:
                total = total.plus(self._affine(part, exclude))
            return total
        if fig.op == "difference" and len(inputs) == 2:
            return self._affine(inputs[0], exclude).plus(self._affine(inputs[1], exclude), -1)
        if fig.op == "ratio" and len(inputs) == 2:
            return self._ratio(self._affine(inputs[0], exclude), self._affine(inputs[1], exclude))
        if fig.op == "largest_remainder_share" and inputs:
            whole = Affine(ZERO)
            for part in inputs[1:]:
                whole = whole.plus(self._affine(part, exclude))
            return self._ratio(self._affine(inputs[0], exclude), whole)
        return Affine(fig.value)

    def _ratio(self, num: Affine, den: Affine) -> Affine:
        """num / den × 100: each leaf moved to the end that raises (lowers) the ratio gives the bounds."""
        if not (num.bounded and den.bounded):
            return Affine(ZERO, bounded=False, fixed=UNBOUNDED)
        if self.range(den).lo <= 0 <= self.range(den).hi:
            return Affine(ZERO, bounded=False, fixed=UNBOUNDED)
        n0, d0 = num.centre, den.centre
        leaves = set(num.coefs) | set(den.coefs)
        hi_n, hi_d, lo_n, lo_d = n0, d0, n0, d0
        for leaf in leaves:
            a, b, h = num.coefs.get(leaf, ZERO), den.coefs.get(leaf, ZERO), self.half.get(leaf, ZERO)
            slope = a * d0 - b * n0  # sign of ∂(num/den)/∂leaf at the centre
            step = h if slope >= 0 else -h
            hi_n, hi_d = hi_n + a * step, hi_d + b * step
            lo_n, lo_d = lo_n - a * step, lo_d - b * step
        centre = n0 * HUNDRED / d0
        hi, lo = hi_n * HUNDRED / hi_d, lo_n * HUNDRED / lo_d
        return Affine(centre, bounded=False, fixed=Interval(min(lo, hi, centre), max(lo, hi, centre)))
