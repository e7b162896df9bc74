"""Run the rule catalogue over a dataset and collect findings and per-rule outcomes.

Phases: reading the input (problems become fatal ``F`` findings, and nothing else runs), then every other
rule over the derived dataset — identities of the derivation layer, stated figures against derived ones,
and the registered rule functions. A rule that raises becomes an ``R003`` finding and the others still
run; a rule that cannot run says so (``R002``) instead of passing silently.
"""

from __future__ import annotations

import re
import traceback
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan.derive import Derived, derive
from juesuan.errors import InputError
from juesuan.figures import Figure
from juesuan.findings import CheckReport, Finding, Location, RuleOutcome, fingerprint
from juesuan.loader import LoadedDataset
from juesuan.money import format_measured, to_wan
from juesuan.rules.catalogue import Catalogue, RuleSpec, load_catalogue, registrar
from juesuan.rules.tolerance import UNBOUNDED, Evaluator
from juesuan.viewmodel import labels


class Skip(Exception):
    """Raised by a rule that cannot run on this dataset (missing data); the reason is reported."""


@dataclass
class Hit:
    """What a rule function found: template parameters, the places involved, their logical keys."""

    params: dict[str, object]
    locations: list[Location] = field(default_factory=list)
    keys: list[str] = field(default_factory=list)
    severity: str | None = None  # a rule may lower (never raise) its catalogue severity


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


def _peek(path: Path | str) -> tuple[object, object, object]:
    """(单位名称, 单位代码, 年度) as a file that could not be read as a dataset still gives them (best effort:
    a YAML mapping's ``department``, a workbook's 文字说明 rows)."""
    import yaml

    file = Path(path)
    try:
        if file.is_dir():
            file = file / "dataset.yaml"
        if file.suffix.lower() in (".yaml", ".yml"):
            doc = yaml.safe_load(file.read_text(encoding="utf-8"))
            dept = doc.get("department") if isinstance(doc, dict) else None
            if isinstance(dept, dict):
                return dept.get("name"), dept.get("code"), dept.get("year")
        elif file.suffix.lower() in (".xlsx", ".xlsm"):
            from openpyxl import load_workbook

            wb = load_workbook(file, read_only=True, data_only=True)
            try:
                found: dict[str, object] = {}
                for ws in wb.worksheets:
                    for row in ws.iter_rows(values_only=True, max_col=3):
                        cells = [*row, None, None, None]
                        if cells[1] in ("department.name", "department.code", "department.year"):
                            found[str(cells[1])] = cells[2]
                return (
                    found.get("department.name"),
                    found.get("department.code"),
                    found.get("department.year"),
                )
            finally:
                wb.close()
    except Exception:  # an unreadable file is reported by the input findings
        pass
    return None, None, None


def submitter_findings(
    path: Path | str, expected: Expected | None, department: str, year: int | None
) -> list[Finding]:
    """C005–C007 for a file that could not be read as a dataset (so no rule ran), from what it gives."""
    if expected is None:
        return []
    catalogue = load_catalogue()
    out = []
    for found in mismatches(expected, *_peek(path)):
        spec = catalogue[SUBMITTER_RULES[str(found["field"])]]
        params = {k: str(v) for k, v in found.items() if k != "field"}
        key = f"department.{found['field']}"
        out.append(
            Finding(
                spec.id,
                spec.severity,
                spec.title,
                spec.format(params),
                params,  # type: ignore[arg-type]
                (Location(str(path), None, key, role="item"),),
                spec.hint,
                fingerprint(spec.id, department, year or 0, [key]),
            )
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
        stated = {
            key: to_wan(value, self.dataset.unit)
            if key in derived.ledger and derived.ledger[key].kind == "amount"
            else value
            for key, value in self.dataset.stated.items()
        }
        self.intervals = Evaluator(derived.ledger, stated, stated_exact=self.dataset.unit == "元")
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
                entry = self.derived.loaded and _catalogue_name(token, self.derived.year)
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


def _catalogue_name(code: str, year: int) -> str:
    from juesuan.classification import load_catalogue as load_classification

    cat = load_classification()
    entry = cat.functional(code, year) if len(code) in (3, 7) or code.startswith("2") else None
    if entry is None and len(code) in (3, 5):
        entry = cat.economic(code, year)  # type: ignore[assignment]
    if entry is None and len(code) == 5:
        entry = cat.functional(code, year)
    return entry.name if entry else ""


# --- reading the input -----------------------------------------------------------------------------


def _input_findings(
    err: InputError, catalogue: Catalogue, department: str, year: int | None
) -> list[Finding]:
    findings = []
    for problem in err.problems:
        spec = catalogue.for_input_code(problem.code)
        detail = str(problem.message) + (f"（{problem.key}）" if problem.key else "")
        loc = Location(
            problem.file, problem.line, problem.key, cell=getattr(problem, "cell", None), role="source"
        )
        findings.append(
            Finding(
                spec.id,
                spec.severity,
                spec.title,
                spec.format({"detail": detail}),  # type: ignore[arg-type]
                {"detail": str(problem.message), "code": problem.code},
                (loc,),
                spec.hint,
                fingerprint(spec.id, department, year or 0, [problem.key, problem.code]),
            )
        )
    return findings


def check_path(
    path: Path | str,
    text_yaml: Path | str | None = None,
    prior: Path | str | None = None,
    expected: Expected | None = None,
) -> CheckReport:
    """Check the dataset at ``path`` (YAML, or a 公开表 workbook with optional ``text_yaml``): read it, derive
    it, run every rule. ``prior`` is last year's dataset given by the caller (instead of
    ``prior_year.dataset``; figures given inline still win); ``expected`` the unit and year the file is
    meant to be of."""
    from juesuan.excel.importer import load_any

    try:
        loaded = load_any(path, text_yaml, prior)
    except InputError as err:
        report = input_report(str(path), err)
        report.findings[:0] = submitter_findings(path, expected, report.department, report.year)
        return report
    return check_loaded(loaded, expected)


def input_report(source: str, err: InputError, department: str = "", year: int | None = None) -> CheckReport:
    """The report of an input that could not be read (or derived): one input finding per problem."""
    report = CheckReport(source, department, year)
    report.findings = _input_findings(err, load_catalogue(), department, year)
    return report


def check_loaded(loaded: LoadedDataset, expected: Expected | None = None) -> CheckReport:
    """Derive a loaded dataset and run every rule (a problem found while deriving is an input finding)."""
    department, year = loaded.dataset.department.name, loaded.dataset.department.year
    try:
        derived = derive(loaded)
    except InputError as err:
        return input_report(loaded.document.file, err, department, year)
    return check_dataset(derived, expected)


# --- the rules -------------------------------------------------------------------------------------


def check_dataset(derived: Derived, expected: Expected | None = None) -> CheckReport:
    """Run every non-input rule over a derived dataset (``expected``: whose file it is meant to be)."""
    catalogue = load_catalogue()
    ctx = Context(derived, catalogue, expected)
    report = CheckReport(ctx.file, ctx.dataset.department.name, derived.year)
    hits: dict[str, list[Hit]] = {rid: [] for rid, spec in catalogue.rules.items() if spec.kind != "audit"}
    rounding: list[Hit] = []

    for identity in derived.identities:
        spec = catalogue.for_identity(identity.name)
        if spec is None:
            raise LookupError(f"identity {identity.name} has no rule in the catalogue")
        hit, within = _identity_hit(ctx, identity)
        if hit is not None:
            (rounding if within else hits[spec.id]).append(hit)

    for key, stated in ctx.dataset.stated.items():
        spec = catalogue.for_stated_key(key)
        hit, within = _stated_hit(ctx, key, stated)
        if hit is not None:
            (rounding if within else hits[spec.id]).append(hit)

    for spec in catalogue.rules.values():
        if spec.kind != "python" or spec.id in ("R001", "R002", "R003"):
            continue
        fn = REGISTRY.get(spec.id)
        if fn is None:
            raise LookupError(f"rule {spec.id} has no implementation")
        try:
            hits[spec.id].extend(fn(ctx))
        except Skip as skip:
            report.outcomes.append(RuleOutcome(spec.id, "skipped", str(skip)))
            hits["R002"].append(
                Hit(
                    {"rule_id": spec.id, "rule_title": spec.title, "reason": str(skip)},
                    [Location(ctx.file, role="source")],
                    [spec.id],
                )
            )
        except Exception as exc:
            report.outcomes.append(RuleOutcome(spec.id, "crashed", traceback.format_exception_only(exc)[-1]))
            hits["R003"].append(
                Hit(
                    {"rule_id": spec.id, "rule_title": spec.title, "error": f"{type(exc).__name__}: {exc}"},
                    [Location(ctx.file, role="source")],
                    [spec.id],
                )
            )
    hits["R001"].extend(rounding)

    reported = {o.rule_id for o in report.outcomes}
    for rule_id, found in hits.items():
        spec = catalogue[rule_id]
        for hit in found:
            report.findings.append(_finding(ctx, spec, hit))
        if rule_id not in reported and spec.kind != "input":
            report.outcomes.append(RuleOutcome(rule_id, "failed" if found else "passed"))
    return report


def _finding(ctx: Context, spec: RuleSpec, hit: Hit) -> Finding:
    params = {k: str(v) for k, v in hit.params.items()}
    severity = hit.severity or spec.severity
    return Finding(
        spec.id,
        severity,
        spec.title,
        spec.format(params),
        params,  # type: ignore[arg-type]
        tuple(hit.locations),
        spec.hint,
        fingerprint(spec.id, ctx.dataset.department.name, ctx.derived.year, hit.keys or list(params)),
    )


def _identity_hit(ctx: Context, identity: Any) -> tuple[Hit | None, bool]:
    """(hit, within tolerance) for an identity; (None, _) when it holds exactly."""
    left, right = identity.left, identity.right
    lv, rv = left.value or Decimal(0), right.value or Decimal(0)
    exact = lv == rv if identity.relation == "=" else lv <= rv
    if exact:
        return None, True
    # tested on the very figures the finding prints (lv, rv), shared leaves cancelling; a printed figure
    # standing in for one of their parts would test other figures than the ones shown
    diff = ctx.derived_intervals.difference(left, right)
    within = diff.lo <= 0 <= diff.hi if identity.relation == "=" else diff.lo <= 0
    within = within and _rounding(lv - rv, diff.half_width)
    params = {
        "left": format_measured(lv),
        "right": format_measured(rv),
        "difference": format_measured(abs(lv - rv)),
        "tolerance": format_measured(diff.half_width),
    } | _identity_words(ctx, identity.name)
    locations = []
    if identity.source is not None:
        locations.append(
            Location(identity.source.file, identity.source.line, identity.source.key, role="source")
        )
    locations += [ctx.figure_location(left, "left"), ctx.figure_location(right, "right")]
    if within:
        names = ctx.words["identity_names"]
        spec = ctx.catalogue.for_identity(identity.name)
        head = identity.name.partition(".")[0]
        params["name"] = names.get(head) or (spec.title if spec is not None else identity.name)
    return Hit(params, locations, [identity.name, left.key, right.key]), within


def _identity_words(ctx: Context, name: str) -> dict[str, str]:
    """Template words from an identity's name, e.g. ``fund_balance.gov_fund`` → fund = 政府性基金预算."""
    w = ctx.words
    head, _, rest = name.partition(".")
    parts = rest.split(".") if rest else []
    out: dict[str, str] = {}
    for part in parts:
        if part in w["funds"]:
            out["fund"] = w["funds"][part]
        elif part in w["natures"]:
            out["nature"] = w["natures"][part]
        elif part in w["receptions"]:
            out["kind"] = w["receptions"][part]
        elif part.isdigit():
            out["code"] = f"{part} {_catalogue_name(part, ctx.derived.year)}".strip()
    for m in ("opening", "closing"):
        if m in head:
            out["measure"] = w["balances"][m]
    for nature in ("basic", "project"):
        if f"_{nature}_" in f"_{head}_":
            out["nature"] = w["natures"][nature]
    if head.startswith("procurement_"):
        part, whole = ("sme", "total") if "sme_within" in head else ("small_micro", "sme")
        out["part"], out["whole"] = w["procurement"][part], w["procurement"][whole]
    return out


def _rounding(difference: Decimal, tolerance: Decimal) -> bool:
    """May a difference between two printed figures be a 尾差 of the tolerance printed beside it? Never when
    it is beyond it: a 尾差 note prints the figures it tested, and their difference is within its
    allowance."""
    return abs(difference) <= tolerance


def _stated_hit(ctx: Context, key: str, stated: Decimal) -> tuple[Hit | None, bool]:
    fig = ctx.ledger[key]
    is_amount = fig.kind == "amount"
    value = to_wan(stated, ctx.dataset.unit) if is_amount else stated
    if fig.value is not None and value == fig.value:
        return None, True
    stated_range = ctx.intervals.stated_range(key, value)
    # First as a reader checks it: against the figure computed from the other printed figures (as printed).
    # Where that fails, the error shows the value computed so; where it holds, a difference from the figure
    # computed from what was entered is a 尾差 only within that figure's own tolerance (else the difference
    # lies in a printed part, which is found there). Either way a finding shows the very figures it tested.
    printed_range = ctx.intervals.of(fig, exclude=key)
    printed_value = fig.value
    if printed_value is not None and printed_range != UNBOUNDED:
        printed_value = ctx.intervals.centre(fig, exclude=key)
    tolerance = stated_range.half_width + printed_range.half_width
    agrees = (
        printed_value is not None
        and stated_range.intersects(printed_range)
        and _rounding(value - printed_value, tolerance)
    )
    derived_value, within = printed_value, False
    if agrees:
        entered_range = ctx.derived_intervals.of(fig, exclude=key)
        derived_value = fig.value
        tolerance = stated_range.half_width + entered_range.half_width
        within = stated_range.intersects(entered_range) and _rounding(value - derived_value, tolerance)
        if not within:
            return None, True
    unit = "万元" if is_amount else ("%" if fig.kind == "percent" else "")

    def shown(v: Decimal) -> str:
        return format_measured(v) + ("%" if unit == "%" else "")

    params = {
        "label": ctx.describe(key),
        "stated": shown(value),
        "derived": shown(derived_value) if derived_value is not None else "无法计算",
        "difference": shown(abs(value - derived_value)) if derived_value is not None else "—",
        "tolerance": shown(tolerance),
    }
    if within:
        params.update(name=params["label"], left=params["stated"], right=params["derived"])
    locations = [ctx.path_location(("stated", key), "stated"), ctx.figure_location(fig, "derived")]
    return Hit(params, locations, [key]), within


def iter_rule_functions() -> Iterator[tuple[str, RuleFunction]]:
    yield from REGISTRY.items()


from juesuan.rules import builtin  # noqa: E402, F401 - registers the rule functions
