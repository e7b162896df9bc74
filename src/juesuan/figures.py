"""Derived figures with their lineage: every number the report prints is a ``Figure`` in a ``Ledger``.

A figure knows its value, what kind of number it is, how it was obtained (``op``) and from which other
figures (``inputs``) or from which place in the dataset (``source``). The ledger is what ``data.json``
publishes, so any printed number can be traced back to the entries it came from.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, KeysView
from dataclasses import dataclass
from decimal import Decimal
from operator import attrgetter
from typing import Literal, Protocol, cast

from juesuan.errors import key_path
from juesuan.money import ZERO, ratio_percent

Kind = Literal["amount", "percent", "score", "count"]

#: the unit a message writes after a figure of each kind (“填报为{stated}{unit}”): an amount in 万元 (once
#: converted), a score in 分; a percent is shown with its “%” already, a count bare
UNIT_AFTER: dict[str, str] = {"amount": "万元", "score": "分"}


# Figures and sources are values: never changed once made. They are not ``frozen`` dataclasses only because
# a frozen one costs four times as much to create (every attribute set through ``object.__setattr__``), and
# a check creates some 1,500 of them per dataset; equality and hashing are by value as for a frozen one.


@dataclass(slots=True, unsafe_hash=True)
class Source:
    """Where an entered figure stands: file, line and key path (rendered on demand)."""

    file: str
    line: int | None
    path: tuple[str | int, ...]

    @property
    def key(self) -> str:
        return key_path(self.path)

    def __str__(self) -> str:
        return f"{self.file}:{self.line}" if self.line else self.file


@dataclass(slots=True, unsafe_hash=True)
class Figure:
    """One number with its lineage. ``value`` is None when undefined (a ratio over zero)."""

    key: str
    value: Decimal | None
    kind: Kind = "amount"
    op: str = "input"
    inputs: tuple[str, ...] = ()
    source: Source | None = None
    precision: int | None = None  # decimals an entered figure was written with; None = exact

    @property
    def defined(self) -> bool:
        return self.value is not None

    @property
    def known(self) -> Decimal:
        """``value`` of a figure defined by construction (an entered amount, a sum of such): for arithmetic
        on it. An undefined one raises ``TypeError``, as arithmetic on None would."""
        if self.value is None:
            raise TypeError(f"figure {self.key} is undefined")
        return self.value

    def to_dict(self) -> dict[str, object]:
        out: dict[str, object] = {
            "value": None if self.value is None else str(self.value),
            "kind": self.kind,
            "op": self.op,
        }
        if self.inputs:
            out["inputs"] = list(self.inputs)
        if self.source is not None:
            out["source"] = {"file": self.source.file, "line": self.source.line, "key": self.source.key}
        if self.precision is not None:
            out["precision"] = self.precision
        return out


class Deferred(Protocol):
    """What makes, when first asked for, figures whose places a ledger holds (``Ledger.defer``)."""

    def figure(self, key: str) -> Figure:
        """The figure ``key`` (one of the keys it was deferred with), made now."""
        ...

    def value(self, key: str) -> Decimal | None:
        """The value figure ``key`` has (or will have when made)."""
        ...


class Ledger:
    """The registry of figures; keys are unique dotted names such as ``income.total``.

    A figure may be deferred: its key holds its place (so order and membership are as if it were made) and
    the figure itself is made when first asked for (``ledger[key]``, ``get``, ``figures``), then kept. A
    check reads a few of a table row's figures; a build reads them all."""

    def __init__(self) -> None:
        self._figures: dict[str, Figure | Deferred] = {}
        self._deferred = 0  # places whose figure is not made yet

    def __contains__(self, key: str) -> bool:
        return key in self._figures

    def __getitem__(self, key: str) -> Figure:
        found = self._figures[key]
        if isinstance(found, Figure):
            return found
        return self._make(key, found)

    def value(self, key: str) -> Decimal | None:
        """The value of figure ``key``, without making a deferred one where its maker knows it."""
        found = self._figures[key]
        return found.value if isinstance(found, Figure) else found.value(key)

    def get(self, key: str) -> Figure | None:
        return self[key] if key in self._figures else None

    def keys(self) -> KeysView[str]:
        """The keys, in the order the figures were defined (nothing is made)."""
        return self._figures.keys()

    @property
    def figures(self) -> dict[str, Figure]:
        """Every figure by key, in the order they were defined (deferred ones are made now)."""
        if self._deferred:
            for key, found in list(self._figures.items()):
                if not isinstance(found, Figure):
                    self._make(key, found)
        return self._figures  # type: ignore[return-value]  # every place holds its figure now

    def _make(self, key: str, maker: Deferred) -> Figure:
        figure = maker.figure(key)
        made = self._figures[key]
        if isinstance(made, Figure):  # made meanwhile (by a maker making several at once, or another thread)
            return made
        self._figures[key] = figure
        self._deferred -= 1
        return figure

    def defer(self, keys: tuple[str, ...], maker: Deferred) -> None:
        """Hold the places of ``keys`` (distinct, in order) for figures ``maker`` makes when first asked
        for."""
        figures = self._figures
        if not figures.keys().isdisjoint(keys):
            key = next(k for k in keys if k in figures)
            raise KeyError(f"figure {key!r} defined twice")
        for key in keys:  # a loop: ``update(dict.fromkeys(…))`` costs twice as much
            figures[key] = maker
        self._deferred += len(keys)

    def add(self, figure: Figure) -> Figure:
        if figure.key in self._figures:
            raise KeyError(f"figure {figure.key!r} defined twice")
        self._figures[figure.key] = figure
        return figure

    def entered(
        self,
        key: str,
        value: Decimal,
        source: Source | None,
        kind: Kind = "amount",
        precision: int | None = None,
    ) -> Figure:
        return self.add(Figure(key, value, kind, "input", (), source, precision))

    def sum(self, key: str, parts: Iterable[Figure], kind: Kind = "amount") -> Figure:
        figures = self._figures
        if key in figures:
            raise KeyError(f"figure {key!r} defined twice")
        # (a tuple of types: ``list | tuple`` would make a union at every call)
        if type(parts) is not list and not isinstance(parts, (list, tuple)):
            parts = list(parts)
        total = total_of(list(map(_VALUE, parts)))
        figure = figures[key] = Figure(key, total, kind, "sum", tuple(map(_KEY, parts)))
        return figure

    def sum_of(self, key: str, inputs: tuple[str, ...], values: list[Decimal | None]) -> Figure:
        """The amount ``key``: the sum of figures ``inputs`` given by their ``values`` (as ``sum``, without
        making the parts)."""
        return self.add(Figure(key, total_of(values), "amount", "sum", inputs))

    def difference(self, key: str, minuend: Figure, subtrahend: Figure) -> Figure:
        value = None
        if minuend.value is not None and subtrahend.value is not None:
            value = minuend.value - subtrahend.value
        return self.add(Figure(key, value, minuend.kind, "difference", (minuend.key, subtrahend.key)))

    def percent(self, key: str, numerator: Figure, denominator: Figure, op: str = "ratio") -> Figure:
        value = None
        if numerator.value is not None and denominator.value is not None:
            value = ratio_percent(numerator.value, denominator.value)
        return self.add(Figure(key, value, "percent", op, (numerator.key, denominator.key)))

    def derived(
        self, key: str, value: Decimal | None, op: str, inputs: Iterable[Figure | str], kind: Kind = "amount"
    ) -> Figure:
        names = tuple(i if isinstance(i, str) else i.key for i in inputs)
        return self.add(Figure(key, value, kind, op, names))

    def to_dict(self) -> dict[str, dict[str, object]]:
        return {key: fig.to_dict() for key, fig in self.figures.items()}


# ``sum`` as ``total_of`` calls it: on values that may hold None (a ``TypeError`` then); cast once here, not
# on every call (a function call and a generic alias each time)
_sum = cast(Callable[[list[Decimal | None], Decimal], Decimal], sum)


def total_of(values: list[Decimal | None]) -> Decimal:
    """The sum of the defined ``values``, added in order from zero (the value of a ``Ledger.sum``)."""
    try:
        return _sum(values, ZERO)
    except TypeError:  # an undefined value among them (not looked for first: ``None in values`` compares
        # each Decimal with None, which asks the numbers ABCs, several times slower than the sum)
        return sum((v for v in values if v is not None), ZERO)


_KEY, _VALUE = attrgetter("key"), attrgetter("value")
