"""Decimal money arithmetic: half-up display rounding, exact ratios and largest-remainder shares.

Every percentage and rounded amount the report prints goes through this module; nothing here ever
uses binary floating point.
"""

from __future__ import annotations

from decimal import ROUND_DOWN, ROUND_HALF_UP, Context, Decimal, InvalidOperation

ZERO = Decimal(0)
HUNDRED = Decimal(100)
TEN_THOUSAND = Decimal(10000)


_QUANTA = {places: Decimal(1).scaleb(-places) for places in range(9)}


def quantum(places: int) -> Decimal:
    """The Decimal step for ``places`` decimals (2 → 0.01)."""
    step = _QUANTA.get(places)
    return Decimal(1).scaleb(-places) if step is None else step


def round_half_up(value: Decimal, places: int = 2) -> Decimal:
    """四舍五入 to ``places`` decimals. A value with more digits than the context's precision (a garbage
    figure of thirty digits in a published text) is rounded all the same, not an error."""
    step = quantum(places)
    try:
        return value.quantize(step, rounding=ROUND_HALF_UP)
    except InvalidOperation:
        if not value.is_finite():
            raise
        wide = Context(prec=value.adjusted() + places + 2)
        return value.quantize(step, rounding=ROUND_HALF_UP, context=wide)


def decimals_of(value: Decimal) -> int:
    """Number of decimals written in ``value`` (Decimal('1.50') → 2, Decimal('20') → 0)."""
    # read from the text when it is plain (as every amount is): the digits after the point are the negated
    # exponent. ``as_tuple`` builds a tuple of every digit and a named tuple, several times as costly.
    text = str(value)
    if "E" not in text and "e" not in text:  # neither scientific notation ("Infinity" and "NaN" have none)
        point = text.find(".")
        return 0 if point < 0 else len(text) - point - 1
    exponent = value.as_tuple().exponent
    return -exponent if isinstance(exponent, int) and exponent < 0 else 0


def ratio_percent(numerator: Decimal, denominator: Decimal) -> Decimal | None:
    """Exact ``numerator / denominator × 100`` or None when the denominator is zero."""
    if denominator == 0:
        return None
    return numerator * HUNDRED / denominator


def largest_remainder(values: list[Decimal], places: int = 2, total: Decimal = HUNDRED) -> list[Decimal]:
    """Shares of ``values`` in percent, rounded to ``places`` so that they add up to exactly ``total``.

    Each share is first truncated; the units left over go, one each, to the items with the largest
    remainders (ties: the larger item first, then the earlier one). Zero items always get 0. When all
    values are zero every share is zero (there is nothing to divide).
    """
    whole = sum(values, ZERO)
    if any(v < 0 for v in values):
        raise ValueError("largest_remainder needs non-negative values")
    if whole == 0:
        return [ZERO.quantize(quantum(places)) for _ in values]
    step = quantum(places)
    exact = [v * total / whole for v in values]
    floors = [e.quantize(step, rounding=ROUND_DOWN) for e in exact]
    missing = int((total - sum(floors, ZERO)) / step)
    order = sorted(
        (i for i, v in enumerate(values) if v > 0),
        key=lambda i: (-(exact[i] - floors[i]), -values[i], i),
    )
    shares = list(floors)
    for i in order[:missing]:
        shares[i] += step
    return shares


def to_wan(value: Decimal, unit: str) -> Decimal:
    """Convert an amount entered in 元 or 万元 to 万元, exactly."""
    return value / TEN_THOUSAND if unit == "元" else value


def format_amount(value: Decimal, places: int = 2, thousands: bool = False) -> str:
    """Display an amount: half-up to ``places`` decimals, optionally with thousands separators."""
    rounded = round_half_up(value, places)
    if rounded == 0:
        rounded = abs(rounded)  # never print -0.00
    return f"{rounded:,.{places}f}" if thousands else f"{rounded:.{places}f}"


def format_fixed(value: Decimal, places: int = 2) -> str:
    """A recomputed figure in a finding's message: half-up to exactly ``places`` decimals, no separators
    (unlike :func:`format_amount`, a negative that rounds to zero keeps its sign). ``places`` below 0
    (a figure read in 亿元 has two decimals fewer in 万元) shows whole units."""
    places = max(places, 0)
    return f"{round_half_up(value, places):.{places}f}"


def format_measured(value: Decimal | None, places: int = 2) -> str:
    """A figure in a finding's message: at least ``places`` decimals, more when the value has them (up to
    4); “—” for none."""
    if value is None:
        return "—"
    shown = max(places, min(decimals_of(value.normalize()), 4))
    return f"{round_half_up(value, shown):.{shown}f}"


def format_number(value: Decimal, places: int = 2) -> str:
    """Display a non-money number (score, rate) with at most ``places`` decimals, trailing zeros dropped."""
    rounded = round_half_up(value, places)
    text = f"{rounded:.{places}f}"
    if "." in text:
        text = text.rstrip("0").rstrip(".")
    return "0" if text in {"-0", ""} else text
