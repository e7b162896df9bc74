"""Run the rule catalogue over a dataset and collect findings and per-rule outcomes.

Phases: reading the input (problems become fatal ``F`` findings, and nothing else runs), then every other
rule over the derived dataset — identities of the derivation layer, stated figures against derived ones,
and the registered rule functions. A rule that raises becomes an ``R003`` finding and the others still
run; a rule that cannot run says so (``R002``) instead of passing silently.
"""

from __future__ import annotations

import traceback
from collections.abc import Iterator
from decimal import Decimal
from pathlib import Path
from typing import Any

from juesuan.derive import Derived, derive
from juesuan.errors import InputError
from juesuan.figures import UNIT_AFTER
from juesuan.findings import CheckReport, Finding, Location, RuleOutcome, fingerprint
from juesuan.loaded import LoadedDataset
from juesuan.money import format_measured
from juesuan.rules import builtin  # noqa: F401 - registers the rule functions
from juesuan.rules.catalogue import Catalogue, RuleSpec, load_catalogue
from juesuan.rules.context import (
    REGISTRY,
    SUBMITTER_RULES,
    Context,
    Expected,
    Hit,
    RuleFunction,
    Skip,
    catalogue_name,
    mismatches,
    shown,
)
from juesuan.rules.tolerance import UNBOUNDED


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
                params,
                (Location(str(path), None, key, role="item"),),
                spec.hint,
                fingerprint(spec.id, department, year or 0, [key]),
            )
        )
    return out


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
                spec.format({"detail": detail}),
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
    from juesuan.loader import load

    try:
        loaded = load(path, text_yaml, prior)
    except InputError as err:
        return unreadable_report(path, err, expected)
    return check_loaded(loaded, expected)


def unreadable_report(path: Path | str, err: InputError, expected: Expected | None = None) -> CheckReport:
    """The report of a file that could not be read as a dataset: its input findings, after C005–C007 from
    what it still gives (when ``expected`` says whose it should be)."""
    report = input_report(str(path), err)
    report.findings[:0] = submitter_findings(path, expected, report.department, report.year)
    return report


def input_report(source: str, err: InputError, department: str = "", year: int | None = None) -> CheckReport:
    """The report of an input that could not be read (or derived): one input finding per problem."""
    report = CheckReport(source, department, year)
    report.findings = _input_findings(err, load_catalogue(), department, year)
    return report


def check_loaded(loaded: LoadedDataset, expected: Expected | None = None) -> CheckReport:
    """Derive a loaded dataset and run every rule (a problem found while deriving is an input finding)."""
    return derive_and_check(loaded, expected)[1]


def derive_and_check(
    loaded: LoadedDataset, expected: Expected | None = None
) -> tuple[Derived | None, CheckReport]:
    """The derived dataset (None when deriving found input problems) and the report of every rule."""
    department, year = loaded.dataset.department.name, loaded.dataset.department.year
    try:
        derived = derive(loaded)
    except InputError as err:
        return None, input_report(loaded.document.file, err, department, year)
    return derived, check_dataset(derived, expected)


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

    for key in ctx.dataset.stated:
        if ctx.ledger.value(key) is None:
            continue  # nothing to compare with (a rate on a zero base, a missing prior): N003
        spec = catalogue.for_stated_key(key)
        hit, within = _stated_hit(ctx, key)
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
        params,
        tuple(hit.locations),
        spec.hint,
        fingerprint(spec.id, ctx.dataset.department.name, ctx.derived.year, hit.keys or list(params)),
    )


def _identity_hit(ctx: Context, identity: Any) -> tuple[Hit | None, bool]:
    """(hit, within tolerance) for an identity; (None, _) when it holds exactly."""
    lv, rv = identity.values()  # the sides' figures are made only for a finding
    exact = lv == rv if identity.relation == "=" else lv <= rv
    if exact:
        return None, True
    left, right = identity.left, identity.right
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
        "unit": UNIT_AFTER.get(left.kind, ""),  # for R001's template, which writes no unit of its own
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
            out["code"] = f"{part} {catalogue_name(part, ctx.derived.year)}".strip()
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


def _stated_hit(ctx: Context, key: str) -> tuple[Hit | None, bool]:
    """A stated figure against its derived one (defined: the caller leaves the others to N003)."""
    fig = ctx.ledger[key]
    value = ctx.stated[key]
    if fig.value is None or value == fig.value:
        return None, True
    stated_range = ctx.intervals.stated_range(key, value)
    # First as a reader checks it: against the figure computed from the other printed figures (as printed).
    # Where that fails, the error shows the value computed so; where it holds, a difference from the figure
    # computed from what was entered is a 尾差 only within that figure's own tolerance (else the difference
    # lies in a printed part, which is found there). Either way a finding shows the very figures it tested.
    printed_range = ctx.intervals.of(fig, exclude=key)
    printed_value = fig.value
    if printed_range != UNBOUNDED:
        printed_value = ctx.intervals.centre(fig, exclude=key)
    tolerance = stated_range.half_width + printed_range.half_width
    agrees = stated_range.intersects(printed_range) and _rounding(value - printed_value, tolerance)
    derived_value, within = printed_value, False
    if agrees:
        entered_range = ctx.derived_intervals.of(fig, exclude=key)
        derived_value = fig.known  # defined: it is what printed_value was computed from
        tolerance = stated_range.half_width + entered_range.half_width
        within = stated_range.intersects(entered_range) and _rounding(value - derived_value, tolerance)
        if not within:
            return None, True
    params = {
        "label": ctx.describe(key),
        "stated": shown(value, fig.kind),
        "derived": shown(derived_value, fig.kind),
        "difference": shown(abs(value - derived_value), fig.kind),
        "tolerance": shown(tolerance, fig.kind),
        # the unit for a template that writes none of its own (N001, R001), after figures only
        "unit": UNIT_AFTER.get(fig.kind, ""),
    }
    if within:
        params.update(name=params["label"], left=params["stated"], right=params["derived"])
    locations = [ctx.path_location(("stated", key), "stated"), ctx.figure_location(fig, "derived")]
    return Hit(params, locations, [key]), within


def iter_rule_functions() -> Iterator[tuple[str, RuleFunction]]:
    yield from REGISTRY.items()
