"""The derivation layer: every figure the report prints, computed once from the dataset.

``derive(loaded)`` turns a validated dataset into a ``Derived`` object: totals and roll-ups (类 = Σ款 =
Σ项), identities, shares (largest remainder, so printed shares add up to 100.00%), year-on-year changes,
completion rates, the “三公” figures, 绩效 scores, and the explanations the text needs. Each number is a
``Figure`` in ``Derived.ledger`` with its inputs. Amounts are converted to 万元 exactly; nothing is rounded
here except 绩效 scores (which are published rounded). Templates and renderers only format.

Figures on demand: a 类/款/项 row's figures (``RowFigures``) and the 经济分类 rows of each fund
(``_FundEconomic``) and of all funds together (``_AllEconomic``) are computed as values, or not at all, and
made as figures when first asked for; the ledger holds their places (``Ledger.defer``), so its order and
keys are as if they were made at once. A check asks for about a third of a dataset's figures; a build,
through the tables and ``data.json``, for all.
"""

from __future__ import annotations

import functools
from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from itertools import islice
from operator import attrgetter, itemgetter
from typing import Literal, NotRequired, TypedDict

from juesuan.classification import Catalogue, EconomicEntry, FunctionalEntry, load_catalogue, parent_code
from juesuan.dataset import (
    EXPENDITURE_NATURES,
    FUNDS,
    INCOME_SOURCES,
    THREE_PUBLIC_ITEMS,
    Dataset,
    FunctionalItem,
)
from juesuan.errors import InputError, InputProblem, key_path, message
from juesuan.figures import Figure, Ledger, Source, total_of
from juesuan.loaded import LoadedDataset
from juesuan.money import HUNDRED, ZERO, decimals_of, largest_remainder, round_half_up, to_wan
from juesuan.performance import ProjectScore, ScoringProblem, grade_of, score_project

Direction = Literal["increase", "decrease", "flat", "new", "unknown"]
Relation = Literal["above", "below", "equal", "no_budget", "unknown"]
DISPLAY_PLACES = 2

# The previous year's figures the report compares with (``prior_year`` fields, or derived from last
# year's dataset).
PRIOR_KEYS = (
    "total",
    "fiscal_total",
    "fiscal_income",
    "general_budget_expenditure",
    "gov_fund_expenditure",
    "state_capital_expenditure",
    "admin_cost",
    "closing_balance",
)


# ``Change``, ``Completion``, ``Share``, ``EconomicRow``, ``Identity`` and ``Need`` are values, never changed
# once made; like ``Figure`` they are not ``frozen`` dataclasses only because a frozen one costs several
# times as much to create (a check makes about a hundred of them per dataset). Equality and hashing are
# by value.


@dataclass(slots=True, unsafe_hash=True)
class Change:
    """Year-on-year change of one figure. ``percent`` is signed and undefined on a zero base."""

    current: Figure
    prior: Figure | None
    difference: Figure | None
    percent: Figure | None
    direction: Direction


@dataclass(slots=True, unsafe_hash=True)
class Completion:
    """决算 against 预算: rate in percent and whether the 决算 is above, below or equal to the budget."""

    actual: Figure
    budget: Figure | None
    rate: Figure | None
    relation: Relation


@dataclass(slots=True, unsafe_hash=True)
class Share:
    """One part of a whole, with its share in percent (as printed)."""

    name: str
    amount: Figure
    percent: Figure


# The columns of a 类, 款 or 项 row, in the order their figures enter the ledger: those entered on a 项 (and
# summed over the children of a 款 or 类), then the totals of the row itself, each with its parts.
ENTERED_COLUMNS = (
    *(f"income.{s}" for s in INCOME_SOURCES),
    *(f"expenditure.{n}" for n in EXPENDITURE_NATURES),
    *(f"fiscal.{fund}.{m}" for fund in FUNDS for m in ("basic", "project", "opening", "closing")),
)
ROW_TOTALS: dict[str, tuple[str, ...]] = {
    "income.fiscal": tuple(f"income.{f}" for f in FUNDS),
    "income.total": tuple(f"income.{s}" for s in INCOME_SOURCES),
    "expenditure.total": tuple(f"expenditure.{n}" for n in EXPENDITURE_NATURES),
    **{f"fiscal.{fund}.expenditure": (f"fiscal.{fund}.basic", f"fiscal.{fund}.project") for fund in FUNDS},
    **{
        f"fiscal.total.{m}": tuple(f"fiscal.{f}.{m}" for f in FUNDS)
        for m in ("basic", "project", "expenditure")
    },
}
ROW_COLUMNS = (*ENTERED_COLUMNS, *ROW_TOTALS)
COLUMN_INDEX = {column: i for i, column in enumerate(ROW_COLUMNS)}
# the entered columns of a functional item, read at once: ``income.general_budget`` … ``fiscal.….closing``
_READ_ENTERED = attrgetter(*ENTERED_COLUMNS)
# where an entered column stands in a functional item: ("income", source), ("fiscal", fund, measure) …
_ENTERED_PATHS = tuple(tuple(column.split(".")) for column in ENTERED_COLUMNS)
# each row total, as the getter of its parts' values
_TOTAL_PARTS = tuple(itemgetter(*(COLUMN_INDEX[p] for p in parts)) for parts in ROW_TOTALS.values())
# the columns whose amounts make a 项 show the per-项 balance of 政府性基金 or 国有资本经营: its 财政拨款
# basic, project, opening, closing and expenditure, then its income
_FUND_COLUMNS = tuple(
    (
        fund,
        tuple(
            COLUMN_INDEX[c]
            for c in (
                *(f"fiscal.{fund}.{m}" for m in ("basic", "project", "opening", "closing", "expenditure")),
                f"income.{fund}",
            )
        ),
    )
    for fund in ("gov_fund", "state_capital")
)


# a 项's 财政拨款 basic and project within its 本年支出 of the same nature: (nature, the two columns)
_WITHIN_TOTAL = tuple((n, f"fiscal.total.{n}", f"expenditure.{n}") for n in ("basic", "project"))


@functools.lru_cache(maxsize=10_000)  # the codes recur; the catalogue's editions stay far below the bound
def _row_keys(code: str) -> tuple[str, ...]:
    """The ledger keys of a row's columns."""
    return tuple(f"func.{code}.{column}" for column in ROW_COLUMNS)


class RowFigures:
    """The figures of one 类, 款 or 项 row: their values (by ``COLUMN_INDEX``), computed at once, and the
    figures themselves (key, inputs, source), made when the ledger is first asked for them
    (``Ledger.defer``). The values are those ``Ledger.sum`` would give: the same parts, added in the same
    order from zero."""

    __slots__ = ("children", "entered", "prefix", "values")

    def __init__(
        self,
        code: str,
        entered_values: list[Decimal],
        children: list[RowFigures] | None = None,
        entered: tuple[_Entries, tuple[str | int, ...]] | None = None,
        *,
        with_totals: bool = False,
    ) -> None:
        self.prefix = f"func.{code}."
        self.children = children  # a 款 or 类: the rows whose columns it sums
        self.entered = entered  # a 项: the document's entries and the item's key path
        values = self.values = entered_values
        if not with_totals:
            for parts in _TOTAL_PARTS:
                values.append(sum(parts(values), ZERO))

    @classmethod
    def of_item(cls, builder: _Builder, index: int, item: FunctionalItem) -> RowFigures:
        """The row of a functional item (amounts in 万元)."""
        values = list(_READ_ENTERED(item))
        if not builder.in_wan:
            values = [builder.in_wan_value(v) for v in values]
        return cls(item.code, values, entered=(builder.entries, ("functional_items", index)))

    @classmethod
    def of_children(cls, code: str, children: list[RowFigures]) -> RowFigures:
        """A 款 or 类 row: each entered column the sum of the children's."""
        if len(children) == 1:
            child = children[0]
            if child.children is not None:
                # one 款 or 类, itself summed from zero: each value (totals too) is the child's, as ``sum``
                # gives it (zero plus a sum from zero is that sum, exponent and sign included)
                return cls(code, child.values.copy(), children, with_totals=True)
            values = [ZERO + v for v in islice(child.values, len(ENTERED_COLUMNS))]  # ``sum`` of one part
        elif children:
            columns = zip(*(c.values for c in children), strict=True)
            values = [sum(column, ZERO) for column in islice(columns, len(ENTERED_COLUMNS))]
        else:
            values = [ZERO] * len(ENTERED_COLUMNS)
        return cls(code, values, children)

    def value(self, key: str) -> Decimal:
        return self.values[COLUMN_INDEX[key[len(self.prefix) :]]]

    def figure(self, key: str) -> Figure:
        column = key[len(self.prefix) :]
        index = COLUMN_INDEX[column]
        value = self.values[index]
        if index >= len(ENTERED_COLUMNS):
            parts = ROW_TOTALS[column]
            return Figure(key, value, "amount", "sum", tuple(self.prefix + p for p in parts))
        if self.entered is None:
            assert self.children is not None
            return Figure(key, value, "amount", "sum", tuple(c.prefix + column for c in self.children))
        entries, base = self.entered
        return entries.figure(key, value, (*base, *_ENTERED_PATHS[index]))


@dataclass(slots=True)  # a dozen to a hundred per dataset: no ``__dict__`` each
class FunctionalRow:
    """A 类, 款 or 项 row of the tables, with every column the tables need (``figures``: its ledger
    figures, made when first asked for; ``income``, ``expenditure`` and ``fiscal`` hold them by column)."""

    code: str
    level: str
    name: str
    entry: FunctionalEntry | None
    figures: RowFigures = field(repr=False, compare=False)
    ledger: Ledger = field(repr=False, compare=False)
    item: FunctionalItem | None = None
    budget: Figure | None = None
    completion: Completion | None = None
    _columns: tuple[dict[str, Figure], dict[str, Figure], dict[str, dict[str, Figure]]] | None = field(
        default=None, repr=False, compare=False
    )

    def value(self, column: str) -> Decimal:
        """The value of a column (``income.total``, ``fiscal.general_budget.expenditure`` …)."""
        return self.figures.values[COLUMN_INDEX[column]]

    def figure(self, column: str) -> Figure:
        """The ledger figure of a column."""
        return self.ledger[self.figures.prefix + column]

    def _by_column(self) -> tuple[dict[str, Figure], dict[str, Figure], dict[str, dict[str, Figure]]]:
        if self._columns is None:
            fig = self.figure
            income = {s: fig(f"income.{s}") for s in (*INCOME_SOURCES, "fiscal", "total")}
            expenditure = {n: fig(f"expenditure.{n}") for n in (*EXPENDITURE_NATURES, "total")}
            fiscal = {
                fund: {
                    m: fig(f"fiscal.{fund}.{m}")
                    for m in ("basic", "project", "opening", "closing", "expenditure")
                }
                for fund in FUNDS
            }
            fiscal["total"] = {m: fig(f"fiscal.total.{m}") for m in ("basic", "project", "expenditure")}
            self._columns = (income, expenditure, fiscal)
        return self._columns

    @property
    def income(self) -> dict[str, Figure]:
        """本年收入 by source, then ``fiscal`` (财政拨款) and ``total``."""
        return self._by_column()[0]

    @property
    def expenditure(self) -> dict[str, Figure]:
        """本年支出 by nature, then ``total``."""
        return self._by_column()[1]

    @property
    def fiscal(self) -> dict[str, dict[str, Figure]]:
        """财政拨款 by fund (basic, project, opening, closing, expenditure), then ``total`` of the funds."""
        return self._by_column()[2]

    @property
    def full_name(self) -> list[tuple[str, str]]:
        """(level, name) pairs from 类 down to this row."""
        return [(self.level, self.name)]


@dataclass(slots=True, unsafe_hash=True)
class EconomicRow:
    """A 部门预算支出经济分类 类 or 款 with 基本/项目 amounts of one fund (or all funds)."""

    code: str
    level: str
    name: str
    group: str
    basic: Figure
    project: Figure
    total: Figure


class Identity:
    """An accounting identity over derived figures: ``left relation right``.

    ``left`` or ``right`` may be given as the key of a figure of ``ledger``: it is then made when first asked
    for. A check reads only the values of the identities that hold (``values``), so the ~4 row figures each
    项's identities compare are not made. A value, as the other result types: equality, hashing and ``repr``
    as a dataclass of (name, left, right, relation, source)."""

    __slots__ = ("_ledger", "_left", "_right", "_source", "name", "relation")

    def __init__(
        self,
        name: str,
        left: Figure | str,
        right: Figure | str,
        relation: Literal["=", "≤"] = "=",
        source: Source | tuple[_Entries, tuple[str | int, ...]] | None = None,
        ledger: Ledger | None = None,
    ) -> None:
        if ledger is None and not (isinstance(left, Figure) and isinstance(right, Figure)):
            raise TypeError("an identity given figure keys needs their ledger")
        self.name = name
        self._left = left
        self._right = right
        self.relation = relation
        self._source = source  # or the document's entries and the path in it: located when asked for
        self._ledger = ledger

    @property
    def source(self) -> Source | None:
        """The dataset entry to point at when the identity fails (its line looked up when first asked)."""
        source = self._source
        if source is None or isinstance(source, Source):
            return source
        entries, path = source
        located = self._source = Source(entries.file, entries.line_of(path), path)
        return located

    def _figure(self, side: Figure | str) -> Figure:
        if isinstance(side, Figure):
            return side
        assert self._ledger is not None
        return self._ledger[side]

    @property
    def left(self) -> Figure:
        figure = self._left = self._figure(self._left)
        return figure

    @property
    def right(self) -> Figure:
        figure = self._right = self._figure(self._right)
        return figure

    def values(self) -> tuple[Decimal, Decimal]:
        """The values of the two sides (an undefined one as zero), without making a side given by key."""
        left, right, ledger = self._left, self._right, self._ledger
        lv = left.value if isinstance(left, Figure) else ledger.value(left)  # type: ignore[union-attr]
        rv = right.value if isinstance(right, Figure) else ledger.value(right)  # type: ignore[union-attr]
        return lv or ZERO, rv or ZERO

    @property
    def holds(self) -> bool:
        lv, rv = self.values()
        return lv == rv if self.relation == "=" else lv <= rv

    def _fields(self) -> tuple[str, Figure, Figure, str, Source | None]:
        return (self.name, self.left, self.right, self.relation, self.source)

    def __eq__(self, other: object) -> bool:
        if other.__class__ is not self.__class__:
            return NotImplemented
        assert isinstance(other, Identity)
        return self._fields() == other._fields()

    def __hash__(self) -> int:
        return hash(self._fields())

    def __repr__(self) -> str:
        return (
            f"Identity(name={self.name!r}, left={self.left!r}, right={self.right!r}, "
            f"relation={self.relation!r}, source={self.source!r})"
        )


@dataclass(slots=True, unsafe_hash=True)
class Need:
    """Something the report needs that the dataset does not give (an explanation, a prior-year figure)."""

    kind: Literal["explanation", "prior", "data"]
    path: str
    what: str
    line: int | None


@dataclass
class ThreePublicFigures:
    """“三公”经费: budget and actual per item, totals, completion, shares, changes."""

    budget: dict[str, Figure]
    actual: dict[str, Figure]
    completion: dict[str, Completion]
    shares: list[Share]
    changes: dict[str, Change]
    vehicle_purchase_count: int
    vehicle_holdings: int


@dataclass
class ProjectFigures:
    """A scored 项目支出绩效自评表 and the ledger keys of its figures."""

    score: ProjectScore
    total: Figure
    execution_rate: Figure
    index: int


class BasicSpending(TypedDict):
    """基本支出 of the 一般公共预算 split into 人员经费 and 公用经费, with the 款 that have an amount."""

    personnel: Figure
    public: Figure
    personnel_items: list[EconomicRow]
    public_items: list[EconomicRow]
    given: bool  # whether any 一般公共预算 经济分类 row was entered
    total: Figure
    # the funds whose 基本支出 has no 经济分类 rows: their 人员经费/公用经费 are unknown (left blank, not 0)
    unsplit: frozenset[str]


class GeneralBudget(TypedDict):
    """一般公共预算财政拨款支出: totals, shares by 类, the 项 rows, the budget and its completion."""

    expenditure: Figure
    basic: Figure
    project: Figure
    share_of_expenditure: Figure
    class_shares: list[Share]
    classes: list[FunctionalRow]  # the 类 rows with an amount
    item_rows: list[FunctionalRow]  # the 项 rows with an amount or a budget
    budget: Figure | None  # Σ of the 项 budgets, when every such 项 has one
    completion: Completion
    gov_fund_share_of_expenditure: Figure
    state_capital_share_of_expenditure: Figure


class Procurement(TypedDict):
    """政府采购: amounts by kind, the total, and the shares granted to SMEs and small/micro firms."""

    goods: Figure
    works: Figure
    services: Figure
    sme: Figure
    small_micro: Figure
    total: Figure
    sme_share: Figure
    small_micro_share: Figure


class Other(TypedDict):
    """The remaining figures of the text: 机关运行经费, 政府采购, assets, staff, receptions, and the
    shares and changes of the 财政拨款 totals."""

    admin_cost: Figure | None
    procurement: Procurement
    vehicles_total: int
    fiscal_income_change: Change
    fiscal_income_share: Figure
    fiscal_basic_share: Figure
    fiscal_expenditure_shares: dict[str, Share]  # by "basic" and "project"
    headcount: int
    subordinate_units: int
    reception_batches: int
    reception_persons: int
    headcount_change: int | None
    prior: dict[str, Figure | None]  # by PRIOR_KEYS
    department_grade: str | None
    fiscal_basic_is_general: bool
    average_project_score: NotRequired[Figure]  # when the dataset has scored projects


@dataclass
class Derived:
    """Everything the report prints, derived from one dataset."""

    loaded: LoadedDataset
    ledger: Ledger
    year: int
    prior_year: int
    income: dict[str, Figure]
    income_shares: list[Share]
    expenditure: dict[str, Figure]
    expenditure_shares: list[Share]
    balances: dict[str, Figure]
    totals: dict[str, Figure]
    fiscal: dict[str, dict[str, Figure]]
    rows: list[FunctionalRow]
    general_budget: GeneralBudget
    economic: Mapping[str, list[EconomicRow]]  # by fund, then ``all`` (``EconomicRows``)
    basic: BasicSpending
    three_public: ThreePublicFigures
    changes: dict[str, Change]
    other: Other
    projects: list[ProjectFigures]
    identities: list[Identity] = field(default_factory=list)
    needs: list[Need] = field(default_factory=list)

    @property
    def dataset(self) -> Dataset:
        return self.loaded.dataset

    def failed_identities(self) -> list[Identity]:
        return [i for i in self.identities if not i.holds]


class _ZeroEconomic:
    """A 款 of 301/302/303/310 that a dataset does not enter: the 基本支出 table prints it as zero. Its
    figures and rows are the same in every dataset, so they are made once per process and shared by the
    ledgers (a figure is a value, never changed once made): a quarter fewer figures to make per dataset.
    The ``all_`` ones hold when no other fund enters the 款 either."""

    __slots__ = ("all_basic", "all_project", "all_row", "all_total", "basic", "project", "row", "total")

    def __init__(self, entry: EconomicEntry) -> None:
        code, name, group = entry.code, entry.name, entry.group
        ledger = Ledger()
        self.basic = ledger.add(Figure(f"econ.general_budget.{code}.basic", ZERO, "amount", "constant"))
        self.project = ledger.add(Figure(f"econ.general_budget.{code}.project", ZERO, "amount", "constant"))
        self.total = ledger.sum(f"econ.general_budget.{code}.total", [self.basic, self.project])
        self.row = EconomicRow(code, "款", name, group, self.basic, self.project, self.total)
        self.all_basic = ledger.sum(f"econ.all.{code}.basic", [self.basic])
        self.all_project = ledger.sum(f"econ.all.{code}.project", [self.project])
        self.all_total = ledger.sum(f"econ.all.{code}.total", [self.all_basic, self.all_project])
        self.all_row = EconomicRow(code, "款", name, group, self.all_basic, self.all_project, self.all_total)


_ZEROS: dict[EconomicEntry, _ZeroEconomic] = {}


def _zero_economic(entry: EconomicEntry) -> _ZeroEconomic:
    zero = _ZEROS.get(entry)
    if zero is None:
        zero = _ZeroEconomic(entry)
        if len(_ZEROS) < 10_000:  # a guard: catalogue entries × editions stay far below
            _ZEROS[entry] = zero
    return zero


# the 款 of 301/302/303/310 with their zeros, by year (and the catalogue they were taken from)
_ZERO_TABLES: dict[int, tuple[Catalogue, tuple[tuple[str, _ZeroEconomic], ...]]] = {}


def _zero_table(catalogue: Catalogue, year: int) -> tuple[tuple[str, _ZeroEconomic], ...]:
    """Every 款 the 基本支出 table prints (under 301, 302, 303 and 310 in ``year``), in order, with its
    shared zeros: looked up once per year, not entry by entry in every dataset."""
    found = _ZERO_TABLES.get(year)
    if found is not None and found[0] is catalogue:
        return found[1]
    table = tuple(
        (entry.code, _zero_economic(entry))
        for cls in ("301", "302", "303", "310")
        for entry in catalogue.economic_children(cls, year)
    )
    if len(_ZERO_TABLES) < 1_000:  # a guard: a few editions' years
        _ZERO_TABLES[year] = (catalogue, table)
    return table


class _Entries:
    """Makes the figures of amounts entered in one document (see ``_Builder.amount``). Holds no ledger, so a
    deferred maker keeping it makes no reference cycle (a derivation is freed as soon as it is dropped)."""

    __slots__ = ("file", "in_wan", "line_of", "lines")

    def __init__(
        self,
        file: str,
        lines: dict[tuple[str | int, ...], tuple[int, int]],
        line_of: Callable[[tuple[str | int, ...]], int | None],
        in_wan: bool,
    ) -> None:
        self.file = file
        self.lines = lines
        self.line_of = line_of
        self.in_wan = in_wan

    def figure(self, key: str, value: Decimal, path: tuple[str | int, ...]) -> Figure:
        """The figure of an amount entered at ``path`` (``value`` in 万元 already)."""
        precision = None
        if self.in_wan and value and path in self.lines:
            precision = max(decimals_of(value), DISPLAY_PLACES)
        return Figure(
            key, value, "amount", "input", (), Source(self.file, self.line_of(path), path), precision
        )


# an entered 经济分类 款 of one fund: its code, its basic and project figures
_EconomicItem = tuple[str, Figure, Figure]


class _EconomicTable:
    """Makes the 经济分类 rows and their sums into a given ledger (the derivation's, or one of its own for all
    funds together: ``_AllEconomic``). Holds no ledger, so a deferred maker keeping it makes no cycle."""

    __slots__ = ("catalogue", "year")

    def __init__(self, catalogue: Catalogue, year: int) -> None:
        self.catalogue = catalogue
        self.year = year

    def all_funds(
        self, all_items: dict[str, tuple[list[Figure], list[Figure]]], zeros: dict[str, _ZeroEconomic]
    ) -> tuple[list[EconomicRow], Ledger]:
        """The rows of all funds together, their figures in a ledger of their own (see ``_AllEconomic``)."""
        ledger = Ledger()
        combined = []
        all_zeros: dict[str, EconomicRow] = {}
        for code, (b, p) in sorted(all_items.items()):
            unentered = zeros.get(code)
            if unentered is not None and len(b) == 1:  # a zero of the 基本支出 table that no fund enters
                all_zeros[code] = unentered.all_row
                combined.append((code, ledger.add(unentered.all_basic), ledger.add(unentered.all_project)))
            else:
                combined.append(
                    (
                        code,
                        ledger.sum(f"econ.all.{code}.basic", b),
                        ledger.sum(f"econ.all.{code}.project", p),
                    )
                )
        rows = self.rows("all", combined, all_zeros, ledger)
        self.sums("all", rows, ledger)
        return rows, ledger

    def sums(self, fund: str, rows: list[EconomicRow], ledger: Ledger) -> None:
        """``econ.{fund}.basic/project/total`` and the 基本支出 of 人员经费/公用经费 over the 款 rows."""
        kuan = [r for r in rows if r.level == "款"]
        for m in ("basic", "project", "total"):
            ledger.sum(f"econ.{fund}.{m}", [getattr(r, m) for r in kuan])
        for group in ("personnel", "public"):
            ledger.sum(f"econ.{fund}.{group}.basic", [r.basic for r in kuan if r.group == group])

    def rows(
        self,
        fund: str,
        items: list[tuple[str, Figure, Figure]],
        made: dict[str, EconomicRow],
        ledger: Ledger,
    ) -> list[EconomicRow]:
        """The 款 rows of ``items`` (sorted) under their 类 rows; ``made``: the 款 rows among them made
        already (the shared zeros, for ``fund`` "all" those that no fund enters; the 款 the 基本支出 split
        lists), whose total is taken as it is. Figures go to ``ledger``."""
        by_class: dict[str, list[EconomicRow]] = {}
        for code, basic, project in sorted(items, key=itemgetter(0)):
            row: EconomicRow | None = made.get(code)
            if row is not None:
                ledger.add(row.total)
            else:
                total = ledger.sum(f"econ.{fund}.{code}.total", [basic, project])
                row = self.row(code, "款", basic, project, total)
            by_class.setdefault(code[:3], []).append(row)
        rows: list[EconomicRow] = []
        for cls, children in sorted(by_class.items()):
            basic = ledger.sum(f"econ.{fund}.{cls}.basic", [c.basic for c in children])
            project = ledger.sum(f"econ.{fund}.{cls}.project", [c.project for c in children])
            total = ledger.sum(f"econ.{fund}.{cls}.total", [basic, project])
            rows.append(self.row(cls, "类", basic, project, total))
            rows.extend(children)
        return rows

    def row(self, code: str, level: str, basic: Figure, project: Figure, total: Figure) -> EconomicRow:
        entry = self.catalogue.economic(code, self.year)
        name, group = (entry.name, entry.group) if entry else (code, "other")
        return EconomicRow(code, level, name, group, basic, project, total)


@functools.lru_cache(maxsize=1_000)  # the 款 of a year's 基本支出 table and the few entered besides recur
def _all_rows_keys(codes: tuple[str, ...]) -> tuple[str, ...]:
    """The keys of the 款 ``codes`` (sorted) and of their 类 for all funds together (``_AllEconomic``)."""
    keys = [k for code in codes for k in (f"econ.all.{code}.basic", f"econ.all.{code}.project")]
    keys += [f"econ.all.{code}.total" for code in codes]
    for cls in sorted({code[:3] for code in codes}):
        keys += (f"econ.all.{cls}.basic", f"econ.all.{cls}.project", f"econ.all.{cls}.total")
    return tuple(keys)


@functools.cache  # four funds' keys
def _econ_sum_keys(fund: str) -> tuple[str, ...]:
    """The keys of ``_EconomicTable.sums`` for ``fund``, in the order it makes them."""
    return tuple(f"econ.{fund}.{m}" for m in ("basic", "project", "total", "personnel.basic", "public.basic"))


@functools.lru_cache(maxsize=1_000)  # a year's 基本支出 table (the 一般公共预算 款 mostly) recurs
def _fund_layout(
    catalogue: Catalogue, year: int, fund: str, codes: tuple[str, ...]
) -> tuple[tuple[str, ...], tuple[str, ...], tuple[tuple[str, tuple[int, ...]], ...]]:
    """For the 款 ``codes`` (sorted) of one fund: the keys of their figures and of their 类's, in the order
    ``_EconomicTable.rows`` makes them; the keys of the 款 totals alone; and where the 款 of 人员经费 and
    of 公用经费 stand among them."""
    totals = tuple(f"econ.{fund}.{code}.total" for code in codes)
    keys = list(totals)
    for cls in sorted({code[:3] for code in codes}):
        keys += (f"econ.{fund}.{cls}.basic", f"econ.{fund}.{cls}.project", f"econ.{fund}.{cls}.total")
    entries = [catalogue.economic(code, year) for code in codes]
    groups = [entry.group if entry else "other" for entry in entries]
    by_group = tuple(
        (group, tuple(i for i, g in enumerate(groups) if g == group)) for group in ("personnel", "public")
    )
    return tuple(keys), totals, by_group


class _FundEconomic:
    """The 经济分类 rows of one fund (``econ.{fund}.{code}.…`` of 款 and 类): the ledger holds their places
    from the start, and ``_EconomicTable.rows`` makes them and every figure at once when one of them is
    first asked for (a table, ``data.json``, the FDP). The sums a check reads (``econ.{fund}.basic`` …, the
    人员经费/公用经费 split) are taken from the entered values (``_Builder.economic``)."""

    __slots__ = ("_figures", "_fund", "_items", "_keys", "_made", "_rows", "_table")

    def __init__(
        self,
        table: _EconomicTable,
        fund: str,
        items: list[tuple[str, Figure, Figure]],
        made: dict[str, EconomicRow],
        keys: tuple[str, ...],
    ) -> None:
        self._table = table
        self._fund = fund
        self._items = items
        self._made = made
        self._keys = keys
        self._rows: list[EconomicRow] | None = None
        self._figures: dict[str, Figure] = {}

    @property
    def rows(self) -> list[EconomicRow]:
        if self._rows is None:
            ledger = Ledger()
            self._rows = self._table.rows(self._fund, self._items, self._made, ledger)
            self._figures = ledger.figures
            if tuple(self._figures) != self._keys:  # the places held must be the figures made
                raise AssertionError(f"econ.{self._fund} figures differ from the places held for them")
        return self._rows

    def figure(self, key: str) -> Figure:
        self.rows  # noqa: B018 - makes them
        return self._figures[key]

    def value(self, key: str) -> Decimal | None:
        return self.figure(key).value


class _AllEconomic:
    """The 经济分类 rows and sums of all funds together (``econ.all.…``): the ledger holds their places from
    the start, and ``_EconomicTable.all_funds`` makes the rows and every figure at once when one of them is
    first asked for (a check reads at most the values of X002's four “三公” 款, see ``value``)."""

    __slots__ = ("_figures", "_items", "_rows", "_table", "_zeros")

    def __init__(
        self,
        table: _EconomicTable,
        all_items: dict[str, tuple[list[Figure], list[Figure]]],
        zeros: dict[str, _ZeroEconomic],
    ) -> None:
        self._table = table
        self._items = all_items
        self._zeros = zeros
        self._rows: list[EconomicRow] | None = None
        self._figures: dict[str, Figure] = {}

    def rows_keys(self) -> tuple[str, ...]:
        """The keys of the 款 and 类 figures, in the order ``_EconomicTable.all_funds`` makes them."""
        return _all_rows_keys(tuple(sorted(self._items)))

    @property
    def rows(self) -> list[EconomicRow]:
        if self._rows is None:
            self._rows, ledger = self._table.all_funds(self._items, self._zeros)
            self._figures = ledger.figures
            expected = (*self.rows_keys(), *_econ_sum_keys("all"))
            if tuple(self._figures) != expected:  # the places held must be the figures made
                raise AssertionError("econ.all figures differ from the places held for them")
        return self._rows

    def figure(self, key: str) -> Figure:
        self.rows  # noqa: B018 - makes them
        return self._figures[key]

    def value(self, key: str) -> Decimal | None:
        """The value of a 款's total (as its figure will have it) without making the figures; other keys
        are made."""
        code = key[len("econ.all.") : -len(".total")]
        parts = self._items.get(code) if key.startswith("econ.all.") and key.endswith(".total") else None
        if parts is None or self._rows is not None:
            return self.figure(key).value
        zero = self._zeros.get(code)
        if zero is not None and len(parts[0]) == 1:
            return zero.all_total.value
        basic = total_of([f.value for f in parts[0]])
        project = total_of([f.value for f in parts[1]])
        return total_of([basic, project])


class EconomicRows(Mapping[str, list[EconomicRow]]):
    """The 经济分类 rows by fund (``general_budget``, ``gov_fund``, ``state_capital``, then ``all``: all funds
    together, made when first asked for)."""

    def __init__(self, by_fund: dict[str, _FundEconomic], every: _AllEconomic) -> None:
        self._by_fund = by_fund
        self._every = every

    def __getitem__(self, fund: str) -> list[EconomicRow]:
        return self._every.rows if fund == "all" else self._by_fund[fund].rows

    def __iter__(self) -> Iterator[str]:
        return iter((*self._by_fund, "all"))

    def __len__(self) -> int:
        return len(self._by_fund) + 1


class _Builder:
    """Holds the state of one derivation; each method derives one part of the report."""

    def __init__(self, loaded: LoadedDataset) -> None:
        self.loaded = loaded
        self.ds = loaded.dataset
        self.unit = self.ds.unit
        self.in_wan = self.unit == "万元"
        self.file = loaded.document.file
        self.lines = loaded.document.lines
        self.line_of = loaded.document.line_of
        self.year = self.ds.department.year
        self.ledger = Ledger()
        self.catalogue = load_catalogue()
        self.entries = _Entries(self.file, self.lines, self.line_of, self.in_wan)
        self.econ = _EconomicTable(self.catalogue, self.year)
        self.identities: list[Identity] = []
        self.needs: list[Need] = []
        self.changes: dict[str, Change] = {}

    # -- helpers ---------------------------------------------------------------------------------

    def source(self, path: tuple[str | int, ...]) -> Source:
        return Source(self.file, self.line_of(path), path)

    def amount(self, key: str, value: Decimal, path: tuple[str | int, ...]) -> Figure:
        """An entered amount, in 万元. Its precision is what was written (at least 2 decimals of 万元);
        amounts in 元, zeros (nothing happened) and defaults that were not written at all are exact."""
        return self.ledger.add(self.entries.figure(key, self.in_wan_value(value), path))

    def in_wan_value(self, value: Decimal) -> Decimal:
        return value if self.in_wan else to_wan(value, self.unit)

    def identity(
        self,
        name: str,
        left: Figure | str,
        right: Figure | str,
        relation: Literal["=", "≤"] = "=",
        where: tuple[str | int, ...] = (),
    ) -> None:
        """Record ``left relation right`` (figures, or keys of the ledger's figures: made when asked for);
        ``where`` is the dataset entry to point at when it fails."""
        self.identities.append(
            Identity(name, left, right, relation, (self.entries, where) if where else None, self.ledger)
        )

    def need(
        self, kind: Literal["explanation", "prior", "data"], path: tuple[str | int, ...], what: str
    ) -> None:
        self.needs.append(Need(kind, key_path(path), what, self.loaded.document.line_of(path)))

    def explained(self, text: str | None, path: tuple[str | int, ...], what: str) -> None:
        if not text:
            self.need("explanation", path, what)

    def shares(self, key: str, parts: list[tuple[str, Figure]]) -> list[Share]:
        values = [p.value or ZERO for _, p in parts]
        percents = largest_remainder(values, DISPLAY_PLACES)
        whole = tuple(f.key for _, f in parts)
        add = self.ledger.add
        return [
            Share(  # inputs: this part first, then every part (the whole)
                name,
                fig,
                add(Figure(f"{key}.{name}", pct, "percent", "largest_remainder_share", (fig.key, *whole))),
            )
            for (name, fig), pct in zip(parts, percents, strict=True)
        ]

    def change(self, key: str, current: Figure, prior: Figure | None) -> Change:
        if prior is None or prior.value is None:
            result = Change(current, None, None, None, "unknown")
        else:
            difference = self.ledger.difference(f"change.{key}.difference", current, prior)
            assert difference.value is not None and current.value is not None
            shown = round_half_up(difference.value, DISPLAY_PLACES)
            if prior.value == 0:
                percent = self.ledger.derived(
                    f"change.{key}.percent", None, "ratio", [difference, prior], "percent"
                )
                direction: Direction = "flat" if current.value == 0 else "new"
            else:
                percent = self.ledger.percent(f"change.{key}.percent", difference, prior)
                direction = "flat" if shown == 0 else ("increase" if shown > 0 else "decrease")
            result = Change(current, prior, difference, percent, direction)
        self.changes[key] = result
        return result

    def completion(self, key: str, actual: Figure, budget: Figure | None) -> Completion:
        if budget is None or budget.value is None:
            return Completion(actual, None, None, "unknown")
        rate = self.ledger.percent(f"completion.{key}", actual, budget)
        assert actual.value is not None
        shown_actual = round_half_up(actual.value, DISPLAY_PLACES)
        shown_budget = round_half_up(budget.value, DISPLAY_PLACES)
        if budget.value == 0:
            relation: Relation = "no_budget"
        elif shown_actual == shown_budget:
            relation = "equal"
        else:
            relation = "above" if shown_actual > shown_budget else "below"
        return Completion(actual, budget, rate, relation)

    # -- the parts -------------------------------------------------------------------------------

    def functional(self) -> list[FunctionalRow]:
        """项 rows from the dataset, then 款 and 类 roll-ups, in tree order."""
        leaves: list[FunctionalRow] = []
        ledger = self.ledger
        for i, item in enumerate(self.ds.functional_items):
            base = ("functional_items", i)
            code = item.code
            figures = RowFigures.of_item(self, i, item)
            ledger.defer(_row_keys(code), figures)
            entry = self.catalogue.functional(code, self.year)
            row = FunctionalRow(code, "项", entry.name if entry else code, entry, figures, ledger, item)
            budget_value = item.budget.adjusted if self.ds.completion_basis == "adjusted" else None
            if budget_value is None:
                budget_value = item.budget.initial
                basis = "initial"
            else:
                basis = "adjusted"
            if budget_value is not None:
                row.budget = self.amount(f"func.{code}.budget", budget_value, (*base, "budget", basis))
            leaves.append(row)
            values = figures.values
            for fund, columns in _FUND_COLUMNS:
                # per-项 fund balance: 年初 + 本年收入 − 本年支出 = 年末 (政府性基金/国有资本经营 tables)
                if any(values[c] for c in columns):
                    left = ledger.sum(
                        f"func.{code}.fiscal.{fund}.available",
                        [row.figure(f"fiscal.{fund}.opening"), row.figure(f"income.{fund}")],
                    )
                    right = ledger.sum(
                        f"func.{code}.fiscal.{fund}.used",
                        [row.figure(f"fiscal.{fund}.expenditure"), row.figure(f"fiscal.{fund}.closing")],
                    )
                    self.identity(
                        f"fund_item_balance.{fund}.{code}",
                        left,
                        right,
                        where=(*base, "fiscal", fund, "closing"),
                    )
            prefix = figures.prefix
            for nature, fiscal_column, expenditure_column in _WITHIN_TOTAL:
                self.identity(  # by key: the figures are made only if a finding needs them
                    f"fiscal_within_total.{nature}.{code}",
                    prefix + fiscal_column,
                    prefix + expenditure_column,
                    "≤",
                    where=(*base, "expenditure", nature),
                )
            self._item_explanations(row, i)
        return self._rollup(leaves)

    def _rollup(self, leaves: list[FunctionalRow]) -> list[FunctionalRow]:
        by_parent: dict[str, list[FunctionalRow]] = {}
        for leaf in leaves:
            by_parent.setdefault(parent_code(leaf.code) or "", []).append(leaf)
        kuan_rows: dict[str, FunctionalRow] = {
            k: self._sum_row(k, "款", v) for k, v in sorted(by_parent.items())
        }
        lei_children: dict[str, list[FunctionalRow]] = {}
        for code, row in kuan_rows.items():
            lei_children.setdefault(parent_code(code) or "", []).append(row)
        ordered: list[FunctionalRow] = []
        for lei_code, kuans in sorted(lei_children.items()):
            ordered.append(self._sum_row(lei_code, "类", kuans))
            for kuan in kuans:
                ordered.append(kuan)
                ordered.extend(sorted(by_parent[kuan.code], key=lambda r: r.code))
        return ordered

    def _sum_row(self, code: str, level: str, children: list[FunctionalRow]) -> FunctionalRow:
        entry = self.catalogue.functional(code, self.year)
        figures = RowFigures.of_children(code, [c.figures for c in children])
        self.ledger.defer(_row_keys(code), figures)
        row = FunctionalRow(code, level, entry.name if entry else code, entry, figures, self.ledger)
        budgets = [c.budget for c in children]
        if children and all(b is not None for b in budgets):
            row.budget = self.ledger.sum(f"func.{code}.budget", [b for b in budgets if b is not None])
        return row

    def column_total(self, key: str, rows: list[FunctionalRow], column: str) -> Figure:
        """The sum ``key`` of a column over ``rows`` (as ``Ledger.sum`` of their figures, none made)."""
        index = COLUMN_INDEX[column]
        return self.ledger.sum_of(
            key, tuple(r.figures.prefix + column for r in rows), [r.figures.values[index] for r in rows]
        )

    def _item_explanations(self, row: FunctionalRow, index: int) -> None:
        if row.budget is None:
            if row.value("fiscal.general_budget.expenditure"):
                self.need("data", ("functional_items", index, "budget"), "budget")
            return
        general = row.figure("fiscal.general_budget.expenditure")
        row.completion = self.completion(f"func.{row.code}", general, row.budget)
        if row.completion.relation in ("above", "below"):
            self.explained(
                row.item.variance_reason if row.item else None,
                ("functional_items", index, "variance_reason"),
                "item_variance",
            )

    def totals(self, rows: list[FunctionalRow]) -> dict[str, dict[str, Figure]]:
        lei = [r for r in rows if r.level == "类"]
        income = {s: self.column_total(f"income.{s}", lei, f"income.{s}") for s in INCOME_SOURCES}
        income["fiscal"] = self.ledger.sum("income.fiscal", [income[f] for f in FUNDS])
        income["total"] = self.ledger.sum("income.total", [income[s] for s in INCOME_SOURCES])
        expenditure = {
            n: self.column_total(f"expenditure.{n}", lei, f"expenditure.{n}") for n in EXPENDITURE_NATURES
        }
        expenditure["total"] = self.ledger.sum(
            "expenditure.total", [expenditure[n] for n in EXPENDITURE_NATURES]
        )
        b = self.ds.balances
        balances = {
            "use_of_non_fiscal_balance": self.amount(
                "balance.use_of_non_fiscal_balance",
                b.use_of_non_fiscal_balance,
                ("balances", "use_of_non_fiscal_balance"),
            ),
            "opening": self.amount("balance.opening", b.opening, ("balances", "opening")),
            "distribution": self.amount("balance.distribution", b.distribution, ("balances", "distribution")),
            "closing": self.amount("balance.closing", b.closing, ("balances", "closing")),
        }
        totals = {
            "income": self.ledger.sum(
                "total.income", [income["total"], balances["use_of_non_fiscal_balance"], balances["opening"]]
            ),
            "expenditure": self.ledger.sum(
                "total.expenditure", [expenditure["total"], balances["distribution"], balances["closing"]]
            ),
        }
        self.identity(
            "grand_total_balance", totals["income"], totals["expenditure"], where=("balances", "closing")
        )
        return {"income": income, "expenditure": expenditure, "balances": balances, "totals": totals}

    def fiscal(
        self, rows: list[FunctionalRow], income: dict[str, Figure], balances: dict[str, Figure]
    ) -> dict[str, dict[str, Figure]]:
        lei = [r for r in rows if r.level == "类"]
        b = self.ds.balances
        fiscal: dict[str, dict[str, Figure]] = {}
        for fund in FUNDS:
            part = {
                m: self.column_total(f"fiscal.{fund}.{m}", lei, f"fiscal.{fund}.{m}")
                for m in ("basic", "project", "expenditure")
            }
            part["income"] = income[fund]
            part["opening"] = self.amount(
                f"fiscal.{fund}.opening",
                getattr(b.opening_fiscal, fund),
                ("balances", "opening_fiscal", fund),
            )
            part["closing"] = self.amount(
                f"fiscal.{fund}.closing",
                getattr(b.closing_fiscal, fund),
                ("balances", "closing_fiscal", fund),
            )
            left = self.ledger.sum(f"fiscal.{fund}.available", [part["opening"], part["income"]])
            right = self.ledger.sum(f"fiscal.{fund}.used", [part["expenditure"], part["closing"]])
            self.identity(f"fund_balance.{fund}", left, right, where=("balances", "closing_fiscal", fund))
            for m, key in (("opening", "opening_fiscal"), ("closing", "closing_fiscal")):
                if any(r.value(f"fiscal.{fund}.{m}") for r in lei):
                    # the per-项 balances of the fund tables must add up to the fund's balance
                    self.identity(
                        f"fund_item_{m}_total.{fund}",
                        self.column_total(f"fiscal.{fund}.{m}_by_item", lei, f"fiscal.{fund}.{m}"),
                        part[m],
                        where=("balances", key, fund),
                    )
            fiscal[fund] = part
        total = {
            m: self.ledger.sum(f"fiscal.total.{m}", [fiscal[f][m] for f in FUNDS])
            for m in ("basic", "project", "expenditure", "income", "opening", "closing")
        }
        total["income_side"] = self.ledger.sum(
            "fiscal.total.income_side", [total["income"], total["opening"]]
        )
        total["expenditure_side"] = self.ledger.sum(
            "fiscal.total.expenditure_side", [total["expenditure"], total["closing"]]
        )
        fiscal["total"] = total
        self.identity(
            "fiscal_grand_total_balance",
            total["income_side"],
            total["expenditure_side"],
            where=("balances", "closing_fiscal"),
        )
        self.identity(
            "fiscal_opening_within_total",
            total["opening"],
            balances["opening"],
            "≤",
            where=("balances", "opening"),
        )
        self.identity(
            "fiscal_closing_within_total",
            total["closing"],
            balances["closing"],
            "≤",
            where=("balances", "closing"),
        )
        return fiscal

    def economic(self, fiscal: dict[str, dict[str, Figure]]) -> tuple[EconomicRows, BasicSpending]:
        """经济分类 rows per fund (and for all funds), and the 基本支出 人员经费/公用经费 split."""
        items: dict[str, list[_EconomicItem]] = {f: [] for f in FUNDS}
        for i, econ in enumerate(self.ds.economic_items):
            base = ("economic_items", i)
            basic = self.amount(f"econ.{econ.fund}.{econ.code}.basic", econ.basic, (*base, "basic"))
            project = self.amount(f"econ.{econ.fund}.{econ.code}.project", econ.project, (*base, "project"))
            items[econ.fund].append((econ.code, basic, project))
        # The 基本支出 table prints every 款 of 301/302/303/310; those not entered are zero.
        entered = {code for code, _, _ in items["general_budget"]}
        general = sorted(items["general_budget"], key=itemgetter(0))  # as entered, before the zeros
        add = self.ledger.add
        zeros: dict[str, _ZeroEconomic] = {}
        printed = items["general_budget"]
        for code, zero in _zero_table(self.catalogue, self.year):
            if code not in entered:
                zeros[code] = zero
                printed.append((code, add(zero.basic), add(zero.project)))
        # Each fund's 款 and 类 rows are made when first asked for (``_FundEconomic``); what a check reads,
        # the fund's sums and the 人员经费/公用经费 split, is summed from the entered figures here.
        makers: dict[str, _FundEconomic] = {}
        # by fund: its 款 in code order, the keys and values of their totals, their basic by group
        sums: dict[
            str, tuple[list[_EconomicItem], tuple[str, ...], list[Decimal | None], dict[str, list[Figure]]]
        ] = {}
        # the 款 rows the split lists (一般公共预算, with a basic amount, by group in code order): made now
        made = {code: zero.row for code, zero in zeros.items()}
        split_rows: dict[str, list[EconomicRow]] = {"personnel": [], "public": []}
        for code, basic, project in general:
            row = self.econ.row(
                code,
                "款",
                basic,
                project,
                Figure(
                    f"econ.general_budget.{code}.total",
                    total_of([basic.value, project.value]),
                    "amount",
                    "sum",
                    (basic.key, project.key),
                ),
            )
            if basic.value and row.group in split_rows:
                made[code] = row
                split_rows[row.group].append(row)
        for fund in FUNDS:
            ordered = sorted(items[fund], key=itemgetter(0))
            keys, total_keys, by_group = _fund_layout(
                self.catalogue, self.year, fund, tuple(code for code, _, _ in ordered)
            )
            # each 款's total as ``Ledger.sum`` makes it (from zero, basic then project; entered: defined)
            totals: list[Decimal | None] = [ZERO + b.value + p.value for _, b, p in ordered]  # type: ignore[operator]
            groups = {group: [ordered[i][1] for i in indexes] for group, indexes in by_group}
            makers[fund] = _FundEconomic(
                self.econ, fund, items[fund], made if fund == "general_budget" else {}, keys
            )
            self.ledger.defer(keys, makers[fund])
            sums[fund] = (ordered, total_keys, totals, groups)
        split_parts = sums["general_budget"][3]
        all_items: dict[str, tuple[list[Figure], list[Figure]]] = {}
        for fund in FUNDS:
            for code, basic, project in items[fund]:
                slot = all_items.setdefault(code, ([], []))
                slot[0].append(basic)
                slot[1].append(project)
        every = _AllEconomic(self.econ, all_items, zeros)  # all funds together: made when first asked for
        self.ledger.defer(every.rows_keys(), every)
        for fund in FUNDS:
            self._economic_sums(fund, *sums[fund])
        self.ledger.defer(_econ_sum_keys("all"), every)
        for fund in FUNDS:
            if not items[fund] or not any(b.value or p.value for _, b, p in items[fund]):
                continue
            self.identity(
                f"economic_basic_equals_functional.{fund}",
                self.ledger[f"econ.{fund}.basic"],
                fiscal[fund]["basic"],
                where=("economic_items",),
            )
            if self.ledger[f"econ.{fund}.project"].value:
                self.identity(
                    f"economic_project_equals_functional.{fund}",
                    self.ledger[f"econ.{fund}.project"],
                    fiscal[fund]["project"],
                    where=("economic_items",),
                )

        personnel_sum = self.ledger.sum("basic.personnel", split_parts["personnel"])
        public_sum = self.ledger.sum("basic.public", split_parts["public"])
        entered = {e.fund for e in self.ds.economic_items}
        split = BasicSpending(
            personnel=personnel_sum,
            public=public_sum,
            personnel_items=split_rows["personnel"],
            public_items=split_rows["public"],
            given="general_budget" in entered,
            total=self.ledger.sum("basic.total", [personnel_sum, public_sum]),
            unsplit=frozenset(f for f in FUNDS if fiscal[f]["basic"].value and f not in entered),
        )
        if split["unsplit"]:
            self.need("data", ("economic_items",), "economic_items")
        return EconomicRows(makers, every), split

    def _economic_sums(
        self,
        fund: str,
        ordered: list[_EconomicItem],
        total_keys: tuple[str, ...],
        totals: list[Decimal | None],
        groups: dict[str, list[Figure]],
    ) -> None:
        """``econ.{fund}.basic/project/total`` and the 基本支出 of 人员经费/公用经费 over the fund's 款 (in
        code order), as ``_EconomicTable.sums`` makes them over the rows, without making the rows."""
        ledger = self.ledger
        ledger.sum(f"econ.{fund}.basic", [basic for _, basic, _ in ordered])
        ledger.sum(f"econ.{fund}.project", [project for _, _, project in ordered])
        ledger.sum_of(f"econ.{fund}.total", total_keys, totals)
        ledger.sum(f"econ.{fund}.personnel.basic", groups["personnel"])
        ledger.sum(f"econ.{fund}.public.basic", groups["public"])

    def prior(self) -> dict[str, Figure | None]:
        """The previous year's figures: inline, or derived from last year's dataset."""
        py = self.ds.prior_year
        keys = PRIOR_KEYS
        out: dict[str, Figure | None] = {}
        if self.loaded.prior is not None:
            previous = derive(self.loaded.prior)
            failures = previous.failed_identities()
            if failures:
                prior_file = self.loaded.prior.document.file
                raise InputError(
                    [
                        InputProblem(
                            prior_file,
                            message(
                                "prior_inconsistent", name=f.name, left=f.left.value, right=f.right.value
                            ),
                            f.source.line if f.source else None,
                        )
                        for f in failures
                    ]
                )
            mapping = {
                "total": previous.totals["income"],
                "fiscal_total": previous.fiscal["total"]["income_side"],
                "fiscal_income": previous.fiscal["total"]["income"],
                "general_budget_expenditure": previous.fiscal["general_budget"]["expenditure"],
                "gov_fund_expenditure": previous.fiscal["gov_fund"]["expenditure"],
                "state_capital_expenditure": previous.fiscal["state_capital"]["expenditure"],
                "admin_cost": previous.other["admin_cost"],
                "closing_balance": previous.balances["closing"],
            }
            src = self.source(("prior_year", "dataset"))
            for key, fig in mapping.items():
                out[key] = (
                    None
                    if fig is None
                    else self.ledger.add(
                        Figure(f"prior.{key}", fig.value, "amount", "prior_dataset", (fig.key,), src)
                    )
                )
            for item in THREE_PUBLIC_ITEMS:
                fig = previous.three_public.actual[item]
                out[f"three_public.{item}"] = self.ledger.add(
                    Figure(
                        f"prior.three_public.{item}", fig.value, "amount", "prior_dataset", (fig.key,), src
                    )
                )
            return out
        for key in keys:
            value = getattr(py, key)
            out[key] = None if value is None else self.amount(f"prior.{key}", value, ("prior_year", key))
        for item in THREE_PUBLIC_ITEMS:
            if py.three_public is None:
                out[f"three_public.{item}"] = None
            else:
                out[f"three_public.{item}"] = self.amount(
                    f"prior.three_public.{item}",
                    getattr(py.three_public, item),
                    ("prior_year", "three_public", item),
                )
        return out

    def three_public(self, prior: dict[str, Figure | None]) -> ThreePublicFigures:
        tp = self.ds.three_public
        budget = {
            i: self.amount(f"three_public.budget.{i}", getattr(tp.budget, i), ("three_public", "budget", i))
            for i in THREE_PUBLIC_ITEMS
        }
        purchases = [
            self.amount(
                f"three_public.vehicle_purchase.{n}",
                p.amount,
                ("three_public", "vehicles", "purchases", n, "amount"),
            )
            for n, p in enumerate(tp.vehicles.purchases)
        ]
        domestic = self.amount(
            "three_public.reception.domestic",
            tp.domestic_reception.amount,
            ("three_public", "domestic_reception", "amount"),
        )
        foreign = self.amount(
            "three_public.reception.foreign",
            tp.foreign_reception.amount,
            ("three_public", "foreign_reception", "amount"),
        )
        actual = {
            "outbound": self.amount(
                "three_public.actual.outbound", tp.outbound.amount, ("three_public", "outbound", "amount")
            ),
            "vehicle_purchase": self.ledger.sum("three_public.actual.vehicle_purchase", purchases),
            "vehicle_operation": self.amount(
                "three_public.actual.vehicle_operation",
                tp.vehicles.operation,
                ("three_public", "vehicles", "operation"),
            ),
            "reception": self.ledger.sum("three_public.actual.reception", [domestic, foreign]),
            "reception_domestic": domestic,
            "reception_foreign": foreign,
        }
        for name, reception in (("domestic", tp.domestic_reception), ("foreign", tp.foreign_reception)):
            if reception.items:
                parts = [
                    self.amount(
                        f"three_public.reception.{name}.item{n}",
                        it.amount,
                        ("three_public", f"{name}_reception", "items", n, "amount"),
                    )
                    for n, it in enumerate(reception.items)
                ]
                itemised = self.ledger.sum(f"three_public.reception.{name}.itemised", parts)
                self.identity(
                    f"reception_items.{name}",
                    itemised,
                    actual[f"reception_{name}"],
                    where=("three_public", f"{name}_reception", "items"),
                )
        for side, figs in (("budget", budget), ("actual", actual)):
            figs["vehicles"] = self.ledger.sum(
                f"three_public.{side}.vehicles", [figs["vehicle_purchase"], figs["vehicle_operation"]]
            )
            figs["total"] = self.ledger.sum(
                f"three_public.{side}.total", [figs["outbound"], figs["vehicles"], figs["reception"]]
            )
        completion = {
            k: self.completion(f"three_public.{k}", actual[k], budget[k])
            for k in ("total", "outbound", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
        }
        shares = self.shares(
            "share.three_public", [(k, actual[k]) for k in ("outbound", "vehicles", "reception")]
        )
        prior_items = {i: prior.get(f"three_public.{i}") for i in THREE_PUBLIC_ITEMS}
        if all(v is not None for v in prior_items.values()):
            pv = {k: v for k, v in prior_items.items() if v is not None}
            pv["vehicles"] = self.ledger.sum(
                "prior.three_public.vehicles", [pv["vehicle_purchase"], pv["vehicle_operation"]]
            )
            pv["total"] = self.ledger.sum(
                "prior.three_public.total", [pv["outbound"], pv["vehicles"], pv["reception"]]
            )
        else:
            pv = {}
            self.need("prior", ("prior_year", "three_public"), "three_public")
        changes = {
            k: self.change(f"three_public.{k}", actual[k], pv.get(k))
            for k in ("total", "outbound", "vehicles", "vehicle_purchase", "vehicle_operation", "reception")
        }
        reasons = tp.reasons
        if completion["total"].relation in ("above", "below"):
            self.explained(
                reasons.budget_variance,
                ("three_public", "reasons", "budget_variance"),
                "three_public_variance",
            )
        if changes["total"].direction in ("increase", "decrease", "new"):
            self.explained(reasons.change, ("three_public", "reasons", "change"), "three_public_change")
        for item, reason_key in (
            ("outbound", "outbound"),
            ("vehicles", "vehicles"),
            ("reception", "reception"),
        ):
            if changes[item].direction in ("increase", "decrease", "new"):
                self.explained(
                    getattr(reasons, reason_key),
                    ("three_public", "reasons", reason_key),
                    f"three_public_{item}",
                )
        count = sum(p.count for p in tp.vehicles.purchases)
        holdings = sum(tp.vehicles.holdings.values())
        return ThreePublicFigures(budget, actual, completion, shares, changes, count, holdings)

    def performance(self) -> list[ProjectFigures]:
        perf = self.ds.performance
        results = []
        problems = []
        for index, evaluation in enumerate(perf.projects):
            base = ("performance", "projects", index)
            try:
                scored = score_project(evaluation, perf.scoring_decimals)
            except ScoringProblem as problem:
                path = (*base, "indicators", problem.index)
                problems.append(
                    InputProblem(
                        self.loaded.document.file,
                        message(problem.key, **problem.params),
                        self.loaded.document.line_of(path),
                        None,
                        key_path(path),
                    )
                )
                continue
            prefix = f"performance.project{index}"
            inputs = [f"{prefix}.funds"]
            rate = self.ledger.derived(
                f"{prefix}.execution_rate", scored.execution_rate, "ratio", inputs, "percent"
            )
            self.ledger.derived(
                f"{prefix}.execution_score", scored.execution_score, "execution_score", [rate], "score"
            )
            parts = []
            for n, ind in enumerate(scored.indicators):
                parts.append(
                    self.ledger.derived(
                        f"{prefix}.indicator{n}.score",
                        ind.score,
                        ind.method,
                        [f"{prefix}.indicator{n}"],
                        "score",
                    )
                )
            total = self.ledger.derived(
                f"{prefix}.total", scored.total, "sum", [f"{prefix}.execution_score", *parts], "score"
            )
            results.append(ProjectFigures(scored, total, rate, index))
        if problems:
            raise InputError(problems)
        if perf.department is not None:
            self.ledger.entered(
                "performance.department.score",
                perf.department.score,
                self.source(("performance", "department", "score")),
                "score",
            )
        return results

    def department_grade(self) -> str | None:
        department = self.ds.performance.department
        return None if department is None else grade_of(department.score)

    def admin_cost(self, prior: dict[str, Figure | None]) -> Figure | None:
        """机关运行经费 (a 事业单位 may have none)."""
        ac = self.ds.admin_cost
        admin_cost = None
        if ac is not None:
            admin_cost = self.amount("admin_cost", ac.amount, ("admin_cost", "amount"))
            change = self.change("admin_cost", admin_cost, prior.get("admin_cost"))
            if change.direction in ("increase", "decrease", "new"):
                self.explained(ac.reason, ("admin_cost", "reason"), "admin_cost")
            if change.direction == "unknown":
                self.need("prior", ("prior_year", "admin_cost"), "admin_cost")
        elif self.ds.department.unit_type != "事业单位":
            self.need("data", ("admin_cost",), "admin_cost")
        return admin_cost

    def procurement(self) -> Procurement:
        pr = self.ds.procurement
        goods, works, services, sme, small_micro = (
            self.amount(f"procurement.{k}", getattr(pr, k), ("procurement", k))
            for k in ("goods", "works", "services", "sme", "small_micro")
        )
        total = self.ledger.sum("procurement.total", [goods, works, services])
        parts = Procurement(
            goods=goods,
            works=works,
            services=services,
            sme=sme,
            small_micro=small_micro,
            total=total,
            sme_share=self.ledger.percent("procurement.sme_share", sme, total),
            small_micro_share=self.ledger.percent("procurement.small_micro_share", small_micro, total),
        )
        self.identity(
            "procurement_sme_within_total", parts["sme"], parts["total"], "≤", where=("procurement", "sme")
        )
        self.identity(
            "procurement_small_micro_within_sme",
            parts["small_micro"],
            parts["sme"],
            "≤",
            where=("procurement", "small_micro"),
        )
        return parts


def derive(loaded: LoadedDataset) -> Derived:
    """Derive every figure of the report from ``loaded``; raise ``InputError`` for unscorable input."""
    b = _Builder(loaded)
    ds = b.ds
    rows = b.functional()
    t = b.totals(rows)
    income, expenditure, balances, totals = t["income"], t["expenditure"], t["balances"], t["totals"]
    fiscal = b.fiscal(rows, income, balances)
    economic, basic = b.economic(fiscal)
    prior = b.prior()

    income_shares = b.shares("share.income", [(s, income[s]) for s in INCOME_SOURCES])
    expenditure_shares = b.shares("share.expenditure", [(n, expenditure[n]) for n in EXPENDITURE_NATURES])

    ex = ds.explanations
    for key, current, prior_key, reason, what in (
        ("total", totals["income"], "total", ex.total_change, "total_change"),
        (
            "fiscal_total",
            fiscal["total"]["income_side"],
            "fiscal_total",
            ex.fiscal_total_change,
            "fiscal_total_change",
        ),
        (
            "general_budget",
            fiscal["general_budget"]["expenditure"],
            "general_budget_expenditure",
            ex.general_budget_change,
            "general_budget_change",
        ),
        (
            "gov_fund",
            fiscal["gov_fund"]["expenditure"],
            "gov_fund_expenditure",
            ex.gov_fund_change,
            "gov_fund_change",
        ),
        (
            "state_capital",
            fiscal["state_capital"]["expenditure"],
            "state_capital_expenditure",
            ex.state_capital_change,
            "state_capital_change",
        ),
    ):
        change = b.change(key, current, prior.get(prior_key))
        if change.direction in ("increase", "decrease", "new"):
            b.explained(reason, ("explanations", what), what)
        elif change.direction == "unknown" and (
            current.value or key in ("total", "fiscal_total", "general_budget")
        ):
            b.need("prior", ("prior_year", prior_key), prior_key)
    fiscal_income_change = b.change("fiscal_income", fiscal["total"]["income"], prior.get("fiscal_income"))

    lei = [r for r in rows if r.level == "类"]
    general_expenditure = fiscal["general_budget"]["expenditure"]
    gb_lei = [r for r in lei if r.value("fiscal.general_budget.expenditure")]
    gb_items = [
        r
        for r in rows
        if r.level == "项"
        and (r.value("fiscal.general_budget.expenditure") or (r.budget is not None and r.budget.value))
    ]
    budgets = [r.budget for r in gb_items]
    budget_total = (
        b.ledger.sum("general_budget.budget", [x for x in budgets if x is not None])
        if gb_items and all(x is not None for x in budgets)
        else None
    )
    completion = b.completion("general_budget", general_expenditure, budget_total)
    if completion.relation in ("above", "below"):
        b.explained(
            ex.general_budget_variance, ("explanations", "general_budget_variance"), "general_budget_variance"
        )
    general_budget = GeneralBudget(
        expenditure=general_expenditure,
        basic=fiscal["general_budget"]["basic"],
        project=fiscal["general_budget"]["project"],
        share_of_expenditure=b.ledger.percent(
            "general_budget.share_of_expenditure", general_expenditure, expenditure["total"]
        ),
        class_shares=b.shares(
            "share.general_budget_class",
            [(r.code, r.figure("fiscal.general_budget.expenditure")) for r in gb_lei],
        ),
        classes=gb_lei,
        item_rows=gb_items,
        budget=budget_total,
        completion=completion,
        gov_fund_share_of_expenditure=b.ledger.percent(
            "gov_fund.share_of_expenditure", fiscal["gov_fund"]["expenditure"], expenditure["total"]
        ),
        state_capital_share_of_expenditure=b.ledger.percent(
            "state_capital.share_of_expenditure", fiscal["state_capital"]["expenditure"], expenditure["total"]
        ),
    )
    three_public = b.three_public(prior)
    projects = b.performance()
    admin_cost = b.admin_cost(prior)
    procurement = b.procurement()
    fiscal_income_share = b.ledger.percent("fiscal.income_share", fiscal["total"]["income"], income["total"])
    fiscal_basic_share = b.ledger.percent(
        "fiscal.basic_share", fiscal["total"]["basic"], fiscal["total"]["expenditure"]
    )
    fiscal_shares = b.shares(
        "share.fiscal_expenditure",
        [("basic", fiscal["total"]["basic"]), ("project", fiscal["total"]["project"])],
    )
    if fiscal_income_change.direction in ("increase", "decrease", "new") and ds.performance.department:
        reason = ds.performance.department.report.fiscal_income_reason or ex.fiscal_total_change
        b.explained(
            reason, ("performance", "department", "report", "fiscal_income_reason"), "fiscal_income_change"
        )
    org = ds.department.organisation
    headcount = sum(s.actual for s in org.staffing)
    headcount_change = None if org.headcount_prior is None else headcount - org.headcount_prior
    if headcount_change:
        b.explained(
            org.headcount_change_reason,
            ("department", "organisation", "headcount_change_reason"),
            "headcount",
        )
    su = org.subordinate_units
    tp_in = ds.three_public
    other = Other(
        admin_cost=admin_cost,
        procurement=procurement,
        vehicles_total=sum(ds.assets.vehicles.values()),
        fiscal_income_change=fiscal_income_change,
        fiscal_income_share=fiscal_income_share,
        fiscal_basic_share=fiscal_basic_share,
        fiscal_expenditure_shares={s.name: s for s in fiscal_shares},
        headcount=headcount,
        subordinate_units=su.administrative + su.civil_service_managed + su.other_institutions,
        reception_batches=tp_in.domestic_reception.batches + tp_in.foreign_reception.batches,
        reception_persons=tp_in.domestic_reception.persons + tp_in.foreign_reception.persons,
        headcount_change=headcount_change,
        prior=prior,
        department_grade=b.department_grade(),
        fiscal_basic_is_general=fiscal["total"]["basic"].value == fiscal["general_budget"]["basic"].value,
    )
    if ds.performance.projects:
        avg = sum((p.score.total for p in projects), ZERO) / len(projects)
        other["average_project_score"] = b.ledger.derived(
            "performance.average_project_score", avg, "mean", [p.total for p in projects], "score"
        )

    stated_problems = []
    for key in ds.stated:
        if key not in b.ledger:
            path = ("stated", key)
            stated_problems.append(
                InputProblem(
                    loaded.document.file,
                    message("stated_unknown", key=key),
                    loaded.document.line_of(path),
                    None,
                    key_path(path),
                )
            )
    if stated_problems:
        raise InputError(stated_problems)

    return Derived(
        loaded=loaded,
        ledger=b.ledger,
        year=b.year,
        prior_year=b.year - 1,
        income=income,
        income_shares=income_shares,
        expenditure=expenditure,
        expenditure_shares=expenditure_shares,
        balances=balances,
        totals=totals,
        fiscal=fiscal,
        rows=rows,
        general_budget=general_budget,
        economic=economic,
        basic=basic,
        three_public=three_public,
        changes=b.changes,
        other=other,
        projects=projects,
        identities=b.identities,
        needs=b.needs,
    )


__all__ = ["HUNDRED", "Change", "Completion", "Derived", "Identity", "Need", "Share", "derive"]
