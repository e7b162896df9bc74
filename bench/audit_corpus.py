"""Score ``juesuan audit`` against the labelled corpus of real published 决算 texts.

Run by hand: ``.venv/bin/python bench/audit_corpus.py [EXTRA_DIR ...] [--verbose] [--json OUT]``.

Every ``<id>.txt`` in ``tests/corpus/docs`` (and in any extra folder given on the command line, same
format) that has an ``<id>.yaml`` label beside it is audited in-process (``juesuan.audit.run``), and each
finding is judged against the label (the format is described in ``tests/corpus/README.md``):

- a finding *matches* a label entry (a defect, a ``must_not_flag`` place or an ``unsure`` doubt) strongly
  when its quoted passage or its message contains one of the entry's ``find`` fragments, and weakly when
  a line of its locations is a line that holds one of the fragments, provided the finding's rule is one
  that can find a defect of that kind (:data:`KIND_RULES`: a year finding on a sentence that also holds
  a wrong rate is not a finding of the wrong rate). Text is compared after
  :func:`normalise` (no whitespace; ASCII ``,:;()%`` and full-width ``，：；（）％`` are the same);
- the strongest match decides: at the best strength found, a major or minor defect makes the finding
  TRUE; otherwise a ``must_not_flag`` place, an info defect (a 0.01 尾差 is never an error) or no match at
  all make it FALSE; an ``unsure`` entry alone makes it UNSURE (left out of the scores);
- fatal and error findings are scored as errors, warnings as warnings; info findings are not scored;
- recall is the share of major defects found by an error or warning finding. One finding finds at most
  one defect (a maximum matching between findings and defects), so a single finding on a sentence that
  holds two labelled defects does not count for both.

It prints a table per document, one per province and an overall line (``rich``); ``--verbose`` adds,
per document, every scored finding marked TRUE/FALSE/UNSURE and every major and minor defect marked
found/missed. ``--json OUT`` writes the scores. The exit status is 0 (it is a benchmark) unless
``--check`` is given: then 1 when error precision, warning precision or recall is below its threshold.

The matching logic (:func:`load_label`, :func:`label_from_dict`, :func:`judge`, :func:`score_document`,
:func:`aggregate`) is importable; ``tests/audit/test_corpus_labels.py`` tests it.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
DOCS = ROOT / "tests" / "corpus" / "docs"

SEVERITIES = ("major", "minor", "info")
SCORED = {"fatal": "error", "error": "error", "warning": "warning"}  # finding severity → scored as
_WIDE = str.maketrans({"，": ",", "：": ":", "；": ";", "（": "(", "）": ")", "％": "%"})
_SPACE = re.compile(r"\s+")


def normalise(text: str) -> str:
    """Text as compared by the matcher: no whitespace at all, full-width ``，：；（）％`` as ASCII."""
    return _SPACE.sub("", text).translate(_WIDE)


def fragments_of(entry: object) -> tuple[str, ...]:
    """The ``find`` fragments of a label entry: a string or a list of strings (none for a bare string
    entry, which is a free note)."""
    if not isinstance(entry, dict):
        return ()
    find = entry.get("find")
    if find is None:
        return ()
    if isinstance(find, str):
        return (find,)
    return tuple(str(f) for f in find)


def _line_index(text: str) -> tuple[str, list[int]]:
    """The normalised text and, for each of its characters, the 1-based line of the original text."""
    chars: list[str] = []
    lines: list[int] = []
    for number, line in enumerate(text.splitlines(), start=1):
        for ch in normalise(line):
            chars.append(ch)
            lines.append(number)
    return "".join(chars), lines


def fragment_lines(text: str, fragment: str) -> set[int]:
    """Every line of ``text`` that holds (part of) an occurrence of ``fragment`` (normalised); empty
    when the fragment does not occur."""
    flat, lines = _line_index(text)
    needle = normalise(fragment)
    found: set[int] = set()
    if not needle:
        return found
    start = flat.find(needle)
    while start >= 0:
        found.update(lines[start : start + len(needle)])
        start = flat.find(needle, start + 1)
    return found


def occurs(text: str, fragment: str) -> bool:
    """Whether ``fragment`` occurs in ``text`` once both are normalised."""
    needle = normalise(fragment)
    return bool(needle) and needle in normalise(text)


@dataclass(frozen=True)
class Entry:
    """One labelled item: a defect, a ``must_not_flag`` place or an ``unsure`` doubt."""

    section: str  # defect | must_not_flag | unsure
    index: int  # position in its section (an entry's identity within its label)
    kind: str  # the defect kind; "" for the other sections
    severity: str  # major | minor | info for defects; "" for the other sections
    fragments: tuple[str, ...]
    lines: frozenset[int]
    note: str = ""  # arithmetic or why

    @property
    def scored_defect(self) -> bool:
        """A defect that makes a matching finding true (major or minor)."""
        return self.section == "defect" and self.severity in ("major", "minor")

    def describe(self) -> str:
        head = f"{self.kind} ({self.severity})" if self.section == "defect" else self.section
        frag = f" “{self.fragments[0]}”" if self.fragments else ""
        return head + frag


@dataclass
class Label:
    """A document's label, with its fragments located in its text."""

    id: str
    txt: Path
    province: str
    year: int | None
    level: str | None = None
    kind: str | None = None
    department: str | None = None
    complete: bool | None = None
    entries: list[Entry] = field(default_factory=list)

    @property
    def defects(self) -> list[Entry]:
        return [e for e in self.entries if e.section == "defect"]

    @property
    def majors(self) -> list[Entry]:
        return [e for e in self.defects if e.severity == "major"]

    @property
    def minors(self) -> list[Entry]:
        return [e for e in self.defects if e.severity == "minor"]


def label_from_dict(data: dict, text: str, txt: Path | str = "") -> Label:
    """A :class:`Label` from parsed YAML and the document's text (fragments are located in ``text``)."""

    def entry(section: str, index: int, item: object) -> Entry:
        frags = fragments_of(item)
        lines: set[int] = set()
        for frag in frags:
            lines |= fragment_lines(text, frag)
        if isinstance(item, dict):
            note = str(item.get("arithmetic") or item.get("why") or item.get("note") or "")
            return Entry(
                section,
                index,
                str(item.get("kind", "")) if section == "defect" else "",
                str(item.get("severity", "")) if section == "defect" else "",
                frags,
                frozenset(lines),
                note,
            )
        return Entry(section, index, "", "", (), frozenset(), str(item))

    entries: list[Entry] = []
    for section, key in (("defect", "defects"), ("must_not_flag", "must_not_flag"), ("unsure", "unsure")):
        for i, item in enumerate(data.get(key) or []):
            entries.append(entry(section, i, item))
    return Label(
        id=str(data.get("id", Path(txt).stem)),
        txt=Path(txt),
        province=str(data.get("province") or "?"),
        year=data.get("year"),
        level=data.get("level"),
        kind=data.get("kind"),
        department=data.get("department"),
        complete=data.get("complete"),
        entries=entries,
    )


def load_label(yaml_path: Path) -> Label:
    """Read ``<id>.yaml`` and the ``<id>.txt`` beside it."""
    txt = yaml_path.with_suffix(".txt")
    data = yaml.safe_load(yaml_path.read_text(encoding="utf-8")) or {}
    return label_from_dict(data, txt.read_text(encoding="utf-8"), txt)


def discover(dirs: Iterable[Path]) -> tuple[list[Path], list[Path]]:
    """Label files (``*.yaml`` with a ``.txt`` beside) in the folders, and ``.txt`` files with no label."""
    labels: list[Path] = []
    unlabelled: list[Path] = []
    for d in dirs:
        for txt in sorted(Path(d).glob("*.txt")):
            y = txt.with_suffix(".yaml")
            (labels if y.is_file() else unlabelled).append(y if y.is_file() else txt)
    return labels, unlabelled


# --- judging findings -----------------------------------------------------------------------------------


def finding_text(finding) -> str:
    """What a finding says, normalised: its quoted passage and its message."""
    params = getattr(finding, "params", None) or {}
    return normalise(f"{params.get('quote', '')}\n{finding.message}")


def finding_key(finding) -> tuple[str, str, str]:
    """A finding as the slip benches (``planted_slips``, ``auto_slips``) compare it: rule, severity and
    message."""
    return (finding.rule_id, finding.severity, finding.message)


def scored_findings(report) -> list:
    """The errors and warnings of a report (what the scores count)."""
    return [f for f in report.findings if f.severity in SCORED]


def new_findings(report, baseline: Counter) -> list:
    """The errors and warnings of ``report`` beyond those ``baseline`` counts (by :func:`finding_key`, each
    as many times as counted): what a change to the text added."""
    left = Counter(baseline)
    new = []
    for f in scored_findings(report):
        if left[finding_key(f)] > 0:
            left[finding_key(f)] -= 1
        else:
            new.append(f)
    return new


def finding_lines(finding) -> set[int]:
    return {loc.line for loc in finding.locations if loc.line is not None}


_ARITH = ("A010", "A011", "A012", "A013", "A014", "A015", "A016", "A017", "A018", "A019", "A020", "A022")
_TABLES = ("A030", "A031", "A032")
#: Which rules can find which kind of defect: a finding of another rule on the same passage is not a finding
#: of that defect (the auditor quotes whole sentences, and a sentence may hold several figures). A kind not
#: listed here accepts any rule.
KIND_RULES: dict[str, tuple[str, ...]] = {
    "parts vs total": ("A011", "A020", "A021", *_TABLES),
    "changes vs total change": ("A014", "A020"),
    "balance identity": ("A020", "A024", *_TABLES),
    "0.01 sum gap": ("A020", *_TABLES),
    "shares do not add up": ("A012", "A013"),
    "wrong share": ("A011", "A012", "A013"),
    "wrong growth rate": ("A011", "A014", "A018"),
    "wrong change amount": ("A011", "A014"),
    "rate truncated": ("A012", "A014", "A016"),
    "wrong completion rate": ("A016", "A019", "A060"),  # A060: a 自评表's 预算执行率
    "completion rate on wrong base": ("A016", "A019"),
    "growth from zero": ("A014", "A016", "A018"),  # a rate on a zero base: growth, or completion (A016)
    "direction word vs numbers": ("A014", "A015", "A017", "A022"),
    "contradictory direction words": ("A015", "A017", "A040"),
    "same figure differs": ("A010", "A011", "A024", "A025", *_TABLES),  # A024: 收入总计 ≠ 支出总计
    "unit slip": ("A010", "A011", "A025"),
    "counts disagree": ("A021", "A026"),
    "wrong year": ("A041",),
    "numbering": ("A042",),
    "template residue": ("A040",),
    "blank amount": ("A040",),
    "duplicated words": ("A040", "A042"),  # A042: one item written again under the next number
    "stray character in amount": ("A040", "A023"),
    "wrong definition": ("A052", "A054"),
    "wrong term": ("A050", "A051", "A040"),
    # a misspelt word is found by the text-level scan, not by an arithmetic finding on the same line
    "typo": ("A040",),
}


def compatible(finding, entry: Entry) -> bool:
    """Whether the finding's rule can find a defect of the entry's kind (other entries: always)."""
    if entry.section != "defect":
        return True
    rules = KIND_RULES.get(entry.kind)
    return rules is None or finding.rule_id in rules


def strength(finding, entry: Entry) -> int:
    """2 when the finding's quote or message holds one of the entry's fragments, 1 when one of its lines
    holds one, 0 otherwise; 0 as well when the finding's rule cannot find a defect of the entry's kind."""
    if not compatible(finding, entry):
        return 0
    said = finding_text(finding)
    if any(normalise(f) and normalise(f) in said for f in entry.fragments):
        return 2
    if entry.lines & finding_lines(finding):
        return 1
    return 0


@dataclass
class Verdict:
    """How one finding was judged."""

    finding: object
    scored_as: str | None  # error | warning | None (info: not scored)
    verdict: str  # TRUE | FALSE | UNSURE
    reason: str
    defects: tuple[Entry, ...] = ()  # the defects it matched (TRUE only)


def judge(finding, label: Label) -> Verdict:
    """Judge one finding against a label (see the module docstring for the rules)."""
    scored_as = SCORED.get(finding.severity)
    best = 0
    matched: list[Entry] = []
    for e in label.entries:
        s = strength(finding, e)
        if s > best:
            best, matched = s, [e]
        elif s and s == best:
            matched.append(e)
    how = {2: "quote", 1: "line"}.get(best, "")
    defects = tuple(e for e in matched if e.scored_defect)
    if defects:
        return Verdict(finding, scored_as, "TRUE", f"{how}: {defects[0].describe()}", defects)
    for e in matched:
        if e.section == "must_not_flag":
            return Verdict(finding, scored_as, "FALSE", f"must_not_flag ({how}): {e.note or e.describe()}")
    for e in matched:
        if e.section == "defect":  # an info defect
            return Verdict(finding, scored_as, "FALSE", f"info defect ({how}): {e.describe()}")
    if matched:
        return Verdict(finding, scored_as, "UNSURE", f"unsure ({how}): {matched[0].note}")
    return Verdict(finding, scored_as, "FALSE", "no labelled defect")


def _max_matching(edges: dict[int, list[Entry]]) -> dict[Entry, int]:
    """A maximum matching of findings (by index) to defects: each side used at most once."""
    owner: dict[Entry, int] = {}

    def augment(f: int, seen: set[Entry]) -> bool:
        for d in edges[f]:
            if d in seen:
                continue
            seen.add(d)
            if d not in owner or augment(owner[d], seen):
                owner[d] = f
                return True
        return False

    for f in edges:
        augment(f, set())
    return owner


@dataclass
class DocScore:
    """One document's judged findings and found/missed defects."""

    label: Label
    report: object  # juesuan.findings.CheckReport
    verdicts: list[Verdict]
    found: dict[Entry, Verdict | None]  # every major and minor defect → the finding that found it

    def count(self, scored_as: str, verdict: str | None = None) -> int:
        return sum(
            1
            for v in self.verdicts
            if v.scored_as == scored_as
            and (verdict is None or v.verdict == verdict)
            and v.verdict != "UNSURE"
        )

    @property
    def counts(self) -> dict[str, int]:
        return {
            "errors": self.count("error"),
            "true_errors": self.count("error", "TRUE"),
            "warnings": self.count("warning"),
            "true_warnings": self.count("warning", "TRUE"),
            "unsure": sum(1 for v in self.verdicts if v.scored_as and v.verdict == "UNSURE"),
            "majors": len(self.label.majors),
            "majors_found": sum(1 for d in self.label.majors if self.found.get(d)),
            "minors": len(self.label.minors),
            "minors_found": sum(1 for d in self.label.minors if self.found.get(d)),
        }


COUNTS = (
    "errors",
    "true_errors",
    "warnings",
    "true_warnings",
    "unsure",
    "majors",
    "majors_found",
    "minors",
    "minors_found",
)


def score_document(label: Label, report) -> DocScore:
    """Judge every finding of ``report`` and decide which major and minor defects were found."""
    verdicts = [judge(f, label) for f in report.findings]
    found: dict[Entry, Verdict | None] = {}
    for severity in ("major", "minor"):
        edges = {
            i: [d for d in v.defects if d.severity == severity]
            for i, v in enumerate(verdicts)
            if v.scored_as and v.verdict == "TRUE"
        }
        owner = _max_matching({i: ds for i, ds in edges.items() if ds})
        for d in label.defects:
            if d.severity == severity:
                found[d] = verdicts[owner[d]] if d in owner else None
    return DocScore(label, report, verdicts, found)


def _ratio(num: int, den: int) -> float | None:
    return round(num / den, 4) if den else None


def aggregate(scores: Sequence[DocScore]) -> dict[str, object]:
    """Summed counts and the three scores of a group of documents."""
    total = dict.fromkeys(COUNTS, 0)
    for s in scores:
        for k, v in s.counts.items():
            total[k] += v
    out: dict[str, object] = {"documents": len(scores), **total}
    out["error_precision"] = _ratio(total["true_errors"], total["errors"])
    out["warning_precision"] = _ratio(total["true_warnings"], total["warnings"])
    out["recall"] = _ratio(total["majors_found"], total["majors"])
    return out


def summarise(scores: Sequence[DocScore]) -> dict[str, object]:
    """Overall and per-province scores plus every document's detail, as JSON-ready data."""
    provinces: dict[str, list[DocScore]] = {}
    for s in scores:
        provinces.setdefault(s.label.province, []).append(s)
    return {
        "overall": aggregate(scores),
        "provinces": {p: aggregate(ss) for p, ss in sorted(provinces.items())},
        "documents": [_doc_json(s) for s in scores],
    }


def _doc_json(s: DocScore) -> dict[str, object]:
    return {
        "id": s.label.id,
        "file": str(s.label.txt),
        "province": s.label.province,
        "year": s.label.year,
        "year_detected": getattr(s.report, "year", None),
        **s.counts,
        "findings": [
            {
                "rule_id": v.finding.rule_id,
                "severity": v.finding.severity,
                "verdict": v.verdict if v.scored_as else "not scored",
                "reason": v.reason,
                "lines": sorted(finding_lines(v.finding)),
                "message": v.finding.message,
            }
            for v in s.verdicts
        ],
        "defects": [
            {
                "kind": d.kind,
                "severity": d.severity,
                "find": list(d.fragments),
                "found_by": (f"{found.finding.rule_id}" if found else None),
            }
            for d, found in s.found.items()
        ],
    }


# --- the command ----------------------------------------------------------------------------------------


def _pct(value: object) -> str:
    return "—" if value is None else f"{float(value) * 100:.1f}%"


def _frac(num: object, den: object) -> str:
    return f"{num}/{den}"


def _line(f) -> str:
    lines = sorted(finding_lines(f))
    return ",".join(map(str, lines)) if lines else "—"


def _clip(text: str, cells: int) -> str:
    """``text`` on one line, cut to ``cells`` terminal cells (a Chinese character takes two)."""
    from rich.cells import cell_len

    text = " ".join(text.split())
    if cell_len(text) <= cells:
        return text
    out = ""
    for ch in text:
        if cell_len(out + ch) > cells - 1:
            break
        out += ch
    return out + "…"


def print_document(s: DocScore, console) -> None:
    """Every scored finding marked TRUE/FALSE/UNSURE (with why), then every major and minor defect
    marked found/missed."""
    from rich.markup import escape

    lab = s.label
    detected = getattr(s.report, "year", None)
    year = f"{lab.year}" if detected == lab.year else f"{lab.year} (auditor read {detected})"
    console.rule(f"[bold]{lab.id}[/] {lab.province} {lab.department or ''} {year}", align="left")
    style = {"TRUE": "green", "FALSE": "red", "UNSURE": "yellow"}
    for v in s.verdicts:
        if not v.scored_as:
            continue
        f = v.finding
        console.print(
            f"  [{style[v.verdict]}]{v.verdict:<6}[/] {f.severity:<7} {f.rule_id} L{_line(f):<6} "
            + escape(_clip(f.message, 120))
        )
        console.print(f"{'':>17}[dim]→ {escape(_clip(v.reason, 130))}[/]")
    for d, by in s.found.items():
        if by:
            mark, who = "[green]found [/]", f" ← {by.finding.rule_id} L{_line(by.finding)}"
        else:
            mark, who = ("[red]MISSED[/]" if d.severity == "major" else "[dim]missed[/]"), ""
        frag = d.fragments[0] if d.fragments else ""
        lines = ",".join(map(str, sorted(d.lines))) or "—"
        console.print(
            f"  {mark} {d.severity:<7} L{lines:<6} " + escape(_clip(f"{d.kind}: “{frag}”", 90)) + who
        )
        console.print(f"{'':>17}[dim]{escape(_clip(d.note, 130))}[/]")
    if not any(v.scored_as for v in s.verdicts) and not s.found:
        console.print("  (no scored finding, no labelled defect)")


def print_report(scores: Sequence[DocScore], summary: dict, verbose: bool, console) -> None:
    from rich.table import Table

    if verbose:
        for s in scores:
            print_document(s, console)

    docs = Table(title="documents", header_style="bold")
    for col in ("id", "province", "year", "errors T/all", "warnings T/all", "major found", "minor found"):
        docs.add_column(col)
    for s in scores:
        c = s.counts
        detected = getattr(s.report, "year", None)
        year = f"{s.label.year}" if detected == s.label.year else f"{s.label.year} [red](read {detected})[/]"
        docs.add_row(
            s.label.id,
            s.label.province,
            year,
            _frac(c["true_errors"], c["errors"]),
            _frac(c["true_warnings"], c["warnings"]),
            _frac(c["majors_found"], c["majors"]),
            _frac(c["minors_found"], c["minors"]),
        )
    console.print(docs)

    table = Table(title="scores", header_style="bold")
    for col in (
        "group",
        "docs",
        "errors T/all",
        "error precision",
        "warnings T/all",
        "warning precision",
        "major found",
        "recall",
        "minor found",
        "unsure",
    ):
        table.add_column(col)

    def row(name: str, a: dict, style: str = "") -> None:
        table.add_row(
            f"[{style}]{name}[/]" if style else name,
            str(a["documents"]),
            _frac(a.get("true_errors", 0), a.get("errors", 0)),
            _pct(a["error_precision"]),
            _frac(a.get("true_warnings", 0), a.get("warnings", 0)),
            _pct(a["warning_precision"]),
            _frac(a.get("majors_found", 0), a.get("majors", 0)),
            _pct(a["recall"]),
            _frac(a.get("minors_found", 0), a.get("minors", 0)),
            str(a.get("unsure", 0)),
        )

    for province, a in summary["provinces"].items():
        row(province, a)
    table.add_section()
    row("overall", summary["overall"], "bold")
    console.print(table)


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("dirs", nargs="*", type=Path, help="extra folders of <id>.txt + <id>.yaml")
    parser.add_argument("--verbose", "-v", action="store_true", help="every finding and defect per document")
    parser.add_argument("--json", type=Path, metavar="OUT", help="write the scores as JSON to OUT")
    parser.add_argument(
        "--only",
        action="append",
        metavar="ID",
        help="score only these document ids (an id ending in * is a prefix: 'g11-*')",
    )
    parser.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel audits")
    parser.add_argument("--check", action="store_true", help="exit 1 when a score is below its threshold")
    parser.add_argument("--error-precision", type=float, default=0.95)
    parser.add_argument("--warning-precision", type=float, default=0.8)
    parser.add_argument("--recall", type=float, default=0.9)
    args = parser.parse_args(argv)

    from rich.console import Console

    from juesuan.audit.run import audit_paths

    console = Console()
    if not console.is_terminal:
        console = Console(width=150)
    label_paths, unlabelled = discover([DOCS, *args.dirs])
    labels = [load_label(p) for p in label_paths]
    if args.only:
        exact = {x for x in args.only if not x.endswith("*")}
        prefixes = tuple(x[:-1] for x in args.only if x.endswith("*"))
        labels = [lab for lab in labels if lab.id in exact or (prefixes and lab.id.startswith(prefixes))]
    for txt in unlabelled:
        console.print(f"[yellow]no label, skipped:[/] {txt}")
    reports = audit_paths([lab.txt for lab in labels], jobs=args.jobs)
    scores = [score_document(lab, rep) for lab, rep in zip(labels, reports, strict=True)]
    summary = summarise(scores)
    print_report(scores, summary, args.verbose, console)
    if args.json:
        args.json.write_text(json.dumps(summary, ensure_ascii=False, indent=1), encoding="utf-8")
    if not args.check:
        return 0
    overall = summary["overall"]
    failed = [
        f"{name} {_pct(overall[key])} < {_pct(limit)}"
        for name, key, limit in (
            ("error precision", "error_precision", args.error_precision),
            ("warning precision", "warning_precision", args.warning_precision),
            ("recall", "recall", args.recall),
        )
        if overall[key] is not None and overall[key] < limit
    ]
    for line in failed:
        console.print(f"[red]below threshold:[/] {line}")
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
