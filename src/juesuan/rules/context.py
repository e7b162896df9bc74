"""What a rule function sees and how it is registered: ``Context`` (the dataset, its derivation, intervals,
labels and location helpers), ``Hit`` and ``Skip``, the ``@rule`` registry, and ``Expected`` (whose file this
is meant to be). ``engine`` runs the registered rules; ``builtin`` defines them against this module only.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal

from juesuan.derive import Derived
from juesuan.figures import Figure
from juesuan.findings import Location, Severity
from juesuan.money import format_measured, to_wan
from juesuan.rules.catalogue import Catalogue, registrar
from juesuan.rules.tolerance import Evaluator
from juesuan.viewmodel import labels


class Skip(Exception):
    """Raised by a rule that cannot run on this dataset (missing data); the reason is reported."""


@dataclass
class Hit:
    """What a rule function found: template parameters, the places involved, their logical keys."""

    params: Mapping[str, object]
    locations: list[Location] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    severity: Severity | None = None  # a rule may lower (never raise) its catalogue severity


@dataclass(frozen=True)
class Expected:
    """Whose file this is meant to be (``juesuan check --unit/--unit-code/--year``, or the web app's account
    and submission): a file of another unit, or of another year, is a C005 error naming both."""

    name: str | None = None
    code: str | None = None
    year: int | None = None


SUBMITTER_RULES = {"name": "C005", "code": "C006", "year": "C007"}


def _same_name(a: str, b: str) -> bool:
    """Names compared as people write them: full- and half-width forms alike, spaces ignored."""

    def norm(s: str) -> str:
        return "".join(unicodedata.normalize("NFKC", s).split())

    return norm(a) == norm(b)


def mismatches(
    expected: Expected | None, name: object, code: object, year: object, default_year: object = None
) -> list[dict[str, object]]:
    """Where a file's 单位名称, 单位代码 and year differ from ``expected`` (a code or name the file does not
    give is not compared): the C005–C007 parameters, with ``field``."""
    if expected is None:
        return []
    out: list[dict[str, object]] = []
    unit = expected.name or expected.code or name
    for what, want, found in (
        ("name", expected.name, name),
        ("code", expected.code, code),
        ("year", expected.year, year),
    ):
        if want is None or found is None or str(found).strip() == "":
            continue
        want_s, found_s = str(want).strip(), str(found).strip()
        if _same_name(want_s, found_s) if what == "name" else want_s == found_s:
            continue
        out.append(
            {
                "field": what,
                "found": found_s,
                "expected": want_s,
                "unit": unit,
                "year": expected.year or default_year or year,
            }
        )
    return out


RuleFunction = Callable[["Context"], Iterable[Hit]]
REGISTRY: dict[str, RuleFunction] = {}


rule = registrar(REGISTRY)  # @rule("T001"): register the implementation of catalogue rule T001


class Context:
    """What rule functions see: the dataset, its derivation, intervals, labels, and location helpers."""

    def __init__(self, derived: Derived, catalogue: Catalogue, expected: Expected | None = None) -> None:
        self.derived = derived
        self.expected = expected
        self.loaded = derived.loaded
        self.dataset = derived.dataset
        self.catalogue = catalogue
        self.ledger = derived.ledger
        # each stated figure as it is compared with its derived one: amounts in 万元
        self.stated: dict[str, Decimal] = {
            key: to_wan(value, self.dataset.unit)
            if key in derived.ledger and derived.ledger[key].kind == "amount"
            else value
            for key, value in self.dataset.stated.items()
        }
        self.intervals = Evaluator(derived.ledger, self.stated, stated_exact=self.dataset.unit == "元")
        # the figures as derived from what was entered, no printed figure substituted: what an identity
        # between derived figures is tested on (and so what its finding prints)
        self.derived_intervals = Evaluator(derived.ledger, {}, stated_exact=self.dataset.unit == "元")
        self.words = labels(self.dataset.department.profile)["check_words"]
        self.file = self.loaded.document.file

    def figure_location(self, fig: Figure, role: str) -> Location:
        """Where a figure stands in the dataset: itself if entered, else the first entered non-zero figure it
        is made of (the key stays the derived figure's, so the fingerprint does not depend on the file)."""
        entered = self._first_entered(fig, set())
        if entered is not None and entered.source is not None:
            origin = getattr(self.loaded.document, "origin_of", None)  # a workbook: sheet and cell
            if origin is not None and entered.source.file == self.file:
                file, line, cell = origin(entered.source.path)
                return Location(file, line, fig.key, cell=cell, role=role)
            return Location(entered.source.file, entered.source.line, fig.key, role=role)
        return Location(self.file, None, fig.key, role=role)

    def _first_entered(self, fig: Figure, seen: set[str]) -> Figure | None:
        if fig.op in ("input", "prior_dataset") and fig.source is not None:
            return fig
        fallback = None
        for key in fig.inputs:
            if key in seen or key not in self.ledger:
                continue
            seen.add(key)
            found = self._first_entered(self.ledger[key], seen)
            if found is not None and found.value:
                return found
            fallback = fallback or found
        return fallback

    def path_location(self, path: tuple[str | int, ...], role: str = "item") -> Location:
        file, line, key = self.loaded.source(path)
        origin = getattr(self.loaded.document, "origin_of", None)  # a workbook: sheet and cell
        if origin is not None:
            file, line, cell = origin(tuple(path))
            return Location(file, line, key, cell=cell, role=role)
        return Location(file, line, key, role=role)

    def describe(self, key: str) -> str:
        """A readable Chinese name for a ledger key (for messages about stated figures)."""
        parts = self.words["key_parts"]
        out = []
        for token in key.split("."):
            if token.isdigit():
                entry = self.derived.loaded and catalogue_name(token, self.derived.year)
                out.append(f"{token} {entry}" if entry else token)
            elif re.fullmatch(r"(project|indicator|item)\d+", token):
                kind, n = re.match(r"([a-z]+)(\d+)", token).groups()  # type: ignore[union-attr]
                out.append(self._numbered(kind, int(n)))
            else:
                word = parts.get(token, token)
                if word:
                    out.append(word)
        return "·".join(out)

    def _numbered(self, kind: str, n: int) -> str:
        if kind == "project" and n < len(self.dataset.performance.projects):
            return self.dataset.performance.projects[n].name
        return f"第{n + 1}项"


def shown(value: Decimal, kind: str) -> str:
    """A figure in a finding's message: measured decimals, a percent with its %."""
    return format_measured(value) + ("%" if kind == "percent" else "")


def catalogue_name(code: str, year: int) -> str:
    from juesuan.classification import load_catalogue as load_classification

    cat = load_classification()
    entry = cat.functional(code, year) if len(code) in (3, 7) or code.startswith("2") else None
    if entry is None and len(code) in (3, 5):
        entry = cat.economic(code, year)  # type: ignore[assignment]
    if entry is None and len(code) == 5:
        entry = cat.functional(code, year)
    return entry.name if entry else ""


# --- reading the input -----------------------------------------------------------------------------
