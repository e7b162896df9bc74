"""The 政府收支分类科目 catalogue: functional and economic classification codes, by edition year, plus terms.

The data ships with the package (``juesuan/data/classification/*.csv`` and ``juesuan/data/terms.yaml``):

- ``functional.csv``: 支出功能分类科目 (类 3 digits, 款 5 digits, 项 7 digits) with the official
  科目说明 of every 项 (the wording a report prints in 名词解释);
- ``economic.csv``: 部门预算支出经济分类 (类 3 digits, 款 5 digits), each tagged ``personnel``
  (人员经费), ``public`` (公用经费) or ``other``;
- ``terms.yaml``: the other standard 名词解释 (财政拨款收入, 基本支出, “三公”经费 …).

A row is valid from edition ``since`` to edition ``until`` (both inclusive, empty = open-ended). A renamed
code has one row per name; a removed code has an ``until``. ``status`` is ``verified`` when the code and
name were seen in a real report or official document, ``recalled`` otherwise (ask with
:meth:`Catalogue.is_verified` or the entry's ``verified``); ``functional.csv`` also has a ``source`` column
naming where a verified row was seen (empty for rows verified before the column existed: see the project's
domain-facts note). The catalogue is curated
from public material (no machine-readable official catalogue exists); it is meant to be complete enough
for editions from ``COVERAGE_START`` on. Rows that end before it are kept only so that an old code can be
reported as renamed or removed.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from importlib.resources import files
from typing import Any, TypeVar

import yaml

__all__ = [
    "COVERAGE_START",
    "NOT_PRINTED_CLASSES",
    "Catalogue",
    "EconomicEntry",
    "FunctionalEntry",
    "Term",
    "functional_level",
    "load_catalogue",
    "parent_code",
]

#: First edition year for which the catalogue aims to hold every commonly used code.
COVERAGE_START = 2020
#: Edition the data was curated against.
EDITION_YEAR = 2024
#: 类 that exist in the catalogue but are not printed in 收入支出决算总表.
NOT_PRINTED_CLASSES = frozenset({"209", "227", "230", "233"})

FUNCTIONAL_HEADER = ["code", "name", "level", "since", "until", "status", "source", "definition"]
ECONOMIC_HEADER = ["code", "name", "level", "group", "since", "until", "status"]
STATUSES = frozenset({"verified", "recalled"})
ECONOMIC_GROUPS = frozenset({"personnel", "public", "other"})
_FUNCTIONAL_LEVELS = {3: "类", 5: "款", 7: "项"}


@dataclass(frozen=True, slots=True)
class FunctionalEntry:
    """One 支出功能分类科目 under one name, valid for editions ``since``..``until``."""

    code: str
    name: str
    level: str
    since: int | None
    until: int | None
    status: str
    definition: str
    #: where the code and name were seen (a published report, budget table or official notice), if noted
    source: str = ""

    def valid_in(self, year: int) -> bool:
        return _valid(self.since, self.until, year)

    @property
    def verified(self) -> bool:
        """True when this code and name were seen in a real report or official document."""
        return self.status == "verified"


@dataclass(frozen=True, slots=True)
class EconomicEntry:
    """One 部门预算支出经济分类科目; ``group`` is ``personnel``, ``public`` or ``other``."""

    code: str
    name: str
    level: str
    group: str
    since: int | None
    until: int | None
    status: str

    def valid_in(self, year: int) -> bool:
        return _valid(self.since, self.until, year)

    @property
    def verified(self) -> bool:
        """True when this code and name were seen in a real report or official document."""
        return self.status == "verified"


@dataclass(frozen=True, slots=True)
class Term:
    """A 名词解释 entry."""

    key: str
    name: str
    definition: str


_E = TypeVar("_E", FunctionalEntry, EconomicEntry)


def _valid(since: int | None, until: int | None, year: int) -> bool:
    return (since is None or since <= year) and (until is None or year <= until)


def _code(entry: EconomicEntry) -> str:
    return entry.code


def _pick(entries: Iterable[_E], year: int) -> _E | None:
    for entry in entries:
        if entry.valid_in(year):
            return entry
    return None


class Catalogue:
    """Lookups over the classification data. Build it with :func:`load_catalogue`."""

    def __init__(
        self, functional: list[FunctionalEntry], economic: list[EconomicEntry], terms: list[Term]
    ) -> None:
        self._functional_rows = tuple(functional)
        self._economic_rows = tuple(economic)
        self._functional: dict[str, list[FunctionalEntry]] = {}
        for f in functional:
            self._functional.setdefault(f.code, []).append(f)
        self._economic: dict[str, list[EconomicEntry]] = {}
        for e in economic:
            self._economic.setdefault(e.code, []).append(e)
        for by_code in (self._functional, self._economic):
            for entries in by_code.values():
                entries.sort(key=lambda x: -1 if x.since is None else x.since)
        self._classes = tuple(f for f in functional if f.level == "类")
        self._kuan_by_class: dict[str, list[EconomicEntry]] = {}
        for e in economic:
            if e.level == "款":
                self._kuan_by_class.setdefault(e.code[:3], []).append(e)
        self._children: dict[tuple[str, int], tuple[EconomicEntry, ...]] = {}  # economic_children's memo
        self._picked: dict[tuple[str, str, int], Any] = {}  # functional/economic lookups' memo
        self._terms = {t.key: t for t in terms}

    # --- functional -----------------------------------------------------------------------------
    def functional(self, code: str, year: int) -> FunctionalEntry | None:
        """The entry for ``code`` valid in edition ``year``, or None."""
        memo = ("f", code, year)
        try:
            entry: FunctionalEntry | None = self._picked[memo]
        except KeyError:
            entry = self._picked[memo] = _pick(self._functional.get(code, ()), year)
        return entry

    def is_verified(self, code: str, year: int) -> bool:
        """Whether the name ``code`` has in edition ``year`` was verified against a published source.

        False for a code that is not in the catalogue for ``year`` as well as for a recalled one.
        """
        entry = self.functional(code, year)
        return entry is not None and entry.verified

    def functional_any(self, code: str) -> list[FunctionalEntry]:
        """Every edition of ``code`` (oldest first), for renamed/removed messages."""
        return list(self._functional.get(code, ()))

    def classes(self, year: int) -> list[FunctionalEntry]:
        """The 类 rows of 收入支出决算总表 for ``year``, in printed order."""
        return [f for f in self._classes if f.code not in NOT_PRINTED_CLASSES and f.valid_in(year)]

    def functional_codes(self, year: int) -> list[str]:
        """All functional codes valid in ``year``, sorted."""
        return sorted(code for code, entries in self._functional.items() if _pick(entries, year))

    # --- economic -------------------------------------------------------------------------------
    def economic(self, code: str, year: int) -> EconomicEntry | None:
        """The economic-classification entry for ``code`` valid in ``year``, or None."""
        memo = ("e", code, year)
        try:
            entry: EconomicEntry | None = self._picked[memo]
        except KeyError:
            entry = self._picked[memo] = _pick(self._economic.get(code, ()), year)
        return entry

    def economic_any(self, code: str) -> list[EconomicEntry]:
        """Every edition of economic ``code`` (oldest first)."""
        return list(self._economic.get(code, ()))

    def economic_children(self, code: str, year: int) -> list[EconomicEntry]:
        """The 款 under economic 类 ``code`` valid in ``year``, in code order."""
        kids = self._children.get((code, year))
        if kids is None:
            rows = self._kuan_by_class.get(code, ())
            kids = tuple(sorted((e for e in rows if e.valid_in(year)), key=_code))
            self._children[code, year] = kids
        return list(kids)

    def economic_classes(self, year: int) -> list[EconomicEntry]:
        """The economic 类 valid in ``year``, in code order."""
        return sorted(
            (e for e in self._economic_rows if e.level == "类" and e.valid_in(year)), key=lambda e: e.code
        )

    def economic_codes(self, year: int) -> list[str]:
        """All economic codes valid in ``year``, sorted."""
        return sorted(code for code, entries in self._economic.items() if _pick(entries, year))

    # --- terms ----------------------------------------------------------------------------------
    def term(self, key: str) -> Term:
        """The 名词解释 entry ``key``; KeyError if there is none."""
        try:
            return self._terms[key]
        except KeyError:
            raise KeyError(f"unknown term {key!r}; known: {', '.join(sorted(self._terms))}") from None

    @property
    def edition_note(self) -> str:
        return f"{EDITION_YEAR}年政府收支分类科目（据公开资料整理）"


def _year(text: str) -> int | None:
    text = text.strip()
    return int(text) if text else None


def _read_csv(name: str, header: list[str]) -> list[dict[str, str]]:
    text = (files("juesuan") / "data" / "classification" / name).read_text(encoding="utf-8")
    reader = csv.DictReader(io.StringIO(text))
    if reader.fieldnames != header:
        raise ValueError(f"{name}: header {reader.fieldnames} != {header}")
    return list(reader)


@cache
def load_catalogue() -> Catalogue:
    """The catalogue shipped with the package (read once, then cached)."""
    functional = [
        FunctionalEntry(
            r["code"],
            r["name"],
            r["level"],
            _year(r["since"]),
            _year(r["until"]),
            r["status"],
            r["definition"],
            r["source"],
        )
        for r in _read_csv("functional.csv", FUNCTIONAL_HEADER)
    ]
    economic = [
        EconomicEntry(
            r["code"], r["name"], r["level"], r["group"], _year(r["since"]), _year(r["until"]), r["status"]
        )
        for r in _read_csv("economic.csv", ECONOMIC_HEADER)
    ]
    raw = (files("juesuan") / "data" / "terms.yaml").read_text(encoding="utf-8")
    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    terms = [Term(str(t["key"]), str(t["name"]), str(t["definition"])) for t in yaml.load(raw, Loader=loader)]
    return Catalogue(functional, economic, terms)


def parent_code(code: str) -> str | None:
    """The parent of a classification code: 7 → 5 → 3 digits; None for a 3-digit 类."""
    if not code.isdigit() or len(code) not in _FUNCTIONAL_LEVELS:
        raise ValueError(f"not a classification code: {code!r}")
    return None if len(code) == 3 else code[:-2]


def functional_level(code: str) -> str:
    """'类', '款' or '项' from the length of a functional code; ValueError if it is not one."""
    if not code.isdigit() or len(code) not in _FUNCTIONAL_LEVELS:
        raise ValueError(f"not a functional classification code (3, 5 or 7 digits): {code!r}")
    return _FUNCTIONAL_LEVELS[len(code)]
