"""The machinery of the audit rules: the ``Context`` a rule sees, the ``Hit`` it returns, the registry
(``@audit_rule``), quoting helpers, and :func:`run_rules`, which runs every catalogued rule and turns hits
into the project's ``Finding`` objects (a rule may lower its severity, never raise it).

Tolerance follows :mod:`juesuan.rules.tolerance`: a figure printed with p decimals stands for any value
within ½·10⁻ᵖ of it; a share or rate recomputed from printed amounts is the range of the ratio over those
intervals, and is consistent when it meets the printed share's own interval. Sums use the envelope
Σ ½·10⁻ᵖ (within it: info, a 尾差).
"""

from __future__ import annotations

import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import TypeVar

from juesuan.audit.document import Document, Paragraph, Where
from juesuan.audit.facts import (
    Amount,
    Facts,
    Mention,
    Sentence,
    extract,
    paragraph_comparisons,
    reception_named_domestic,
)
from juesuan.audit.stdtables import StdTable, interpret_all, table_facts
from juesuan.findings import SEVERITY_RANK, Finding, Location, Severity, fingerprint
from juesuan.rules.catalogue import RuleSpec, load_catalogue, registrar

T = TypeVar("T")


KEY_ZH = {
    "total.all": "收入支出总计",
    "total.fiscal": "财政拨款收入支出总计",
    "income.total": "本年收入合计",
    "expenditure.total": "本年支出合计",
    "gpb.expenditure": "一般公共预算财政拨款支出",
    "gpb.basic": "一般公共预算财政拨款基本支出",
    "gpb.project": "一般公共预算财政拨款项目支出",
    "sangong.total": "“三公”经费财政拨款支出",
    "sangong.abroad": "因公出国（境）费",
    "sangong.car": "公务用车购置及运行维护费",
    "sangong.reception": "公务接待费",
    "admin_cost": "机关运行经费",
    "procurement.total": "政府采购支出",
}


def quoted(label: str) -> str:
    """A label named in a message, in “” once: “公务接待费” for 公务接待费, while a label that holds
    quotation marks of its own is shown as it reads, not wrapped again (“三公”经费, never ““三公”经费”).
    Its own marks are made to pair first: a straight " becomes “ or ”, and an opening mark cut off with
    the label's start (三公”经费, read from “2022年“三公”经费…”) is put back, so the message's marks
    balance. A figure whose subject could not be read is “该项” (“该项与上年相比…”), not an empty “”."""
    text = label.strip()
    if not text:
        return "该项"
    if not any(q in text for q in '“”"'):
        return f"“{text}”"
    out: list[str] = []
    depth = 0
    for ch in text:
        if ch == '"':
            ch = "”" if depth else "“"
        if ch == "“":
            depth += 1
        elif ch == "”":
            if depth == 0:
                out.insert(0, "“")  # its opening mark was cut off with the label's start
            else:
                depth -= 1
        out.append(ch)
    return "".join(out) + "”" * depth


def subject_of(a: Amount) -> str:
    """How to name the subject of an amount in a message: as written, or from its key when generic."""
    label = a.label.strip("“”")
    if len(label) > 3 and label not in ("支出决算", "年初预算", "全年预算"):
        return label
    key = a.key.split(">")[-1]
    if key.startswith(("gpb.item.", "fund.item.", "capital.item.")):
        return key.split(".", 2)[2]
    return KEY_ZH.get(key, label or key)


# --- context and hits ---------------------------------------------------------------------------------


@dataclass
class Hit:
    subject: str
    found: str
    expected: str
    quote: str
    wheres: list[Where]
    severity: Severity | None = None
    keys: list[str] = field(default_factory=list)
    extra: dict[str, str] = field(default_factory=dict)


def line_warning(par: Paragraph, subject: str, found: str, expected: str, key: str) -> Hit:
    """A warning on a whole short line (a 目录 item, a line counting the tables), quoted up to 80
    characters; ``key`` and the paragraph's index tell it apart."""
    return Hit(
        subject,
        found,
        expected,
        par.text.strip()[:80],
        [par.where],
        severity="warning",
        keys=[key, str(par.index)],
    )


class Context:
    """What the audit rules see."""

    def __init__(self, path: str, doc: Document | None, read_error: tuple[str, str] | None = None) -> None:
        self.path = path
        self.doc = doc
        self.read_error = read_error
        self._derived: dict[Callable[[Context], object], object] = {}
        if doc is not None and doc.text_layer and read_error is None:
            self.facts = extract(doc)
            with reception_named_domestic(self.facts.reception_named_domestic):
                paragraph_comparisons(self.facts)
            self.tables = interpret_all(doc)
            self.tfacts = table_facts(self.tables)
        else:
            self.facts = Facts()
            self.tables = []
            self.tfacts = {}

    @property
    def year(self) -> int | None:
        return self.doc.year if self.doc else None

    def tables_of(self, kind: str) -> list[StdTable]:
        return [t for t in self.tables if t.kind == kind and t.readable]

    def derived(self, compute: Callable[[Context], T]) -> T:
        """``compute(self)``, computed once per context: how rules share a derived result without depending
        on each other having run (``compute`` must be a pure function of the context)."""
        if compute not in self._derived:
            self._derived[compute] = compute(self)
        return self._derived[compute]  # type: ignore[return-value]


AuditFunction = Callable[[Context], Iterable[Hit]]
AUDIT_REGISTRY: dict[str, AuditFunction] = {}


audit_rule = registrar(AUDIT_REGISTRY, "audit rule")  # @audit_rule("A010"): family A, kind ``audit``


def quote_of(sentence: Sentence, around: Mention | None = None, width: int = 150) -> str:
    text = sentence.quote.strip()
    if len(text) <= width:
        return text
    if around is not None:
        norm = sentence.text
        start = max(0, around.start - width // 2)
        end = min(len(norm), start + width)
        start, end = _unsplit(norm, start, end, width // 2)
        return ("…" if start else "") + sentence.original(start, end) + "…"
    start, end = _unsplit(text, 0, width, width // 2)
    return text[:end] + "…"


def excerpt(text: str, start: int, end: int) -> str:
    """``text[start:end]`` as a finding quotes it, with “…” where it is cut, never cutting inside a quotation
    (see :func:`_unsplit`: a quotation the cut would open or close is left out)."""
    start, end = max(0, start), min(len(text), end)
    start, end = _unsplit(text, start, end, (end - start) // 2)
    return ("…" if start else "") + text[start:end] + ("…" if end < len(text) else "")


def _unsplit(text: str, start: int, end: int, least: int) -> tuple[int, int]:
    """The cut ``text[start:end]`` moved inward so that it splits no “…” of the text: a quotation the cut
    would open or close is left out (while at least ``least`` characters remain), so an excerpt's marks
    pair as the text's own do (a mark the text leaves unpaired stays as printed)."""
    opened: list[int] = []
    new_start, new_end = start, end
    for k, ch in enumerate(text):
        if ch == "“":
            opened.append(k)
        elif ch == "”" and opened:
            o = opened.pop()
            if o < start <= k < end:
                new_start = max(new_start, k + 1)
            elif start <= o < end <= k:
                new_end = min(new_end, o)
    if new_end - new_start < least:
        return start, end
    return new_start, new_end


def cell_quote(cells) -> str:
    return "｜".join(c.text for c in cells if c.text)[:150]


def row_quote(row) -> str:
    return cell_quote(row.cells) if row.cells else row.name


# --- running ---------------------------------------------------------------------------------------------


def _location(path: str, where: Where, role: str) -> Location:
    cell = None
    line = where.line
    if where.paragraph is not None:
        cell = f"第{where.paragraph}段"
    elif where.table is not None and where.page is None and where.line is None:
        cell = where.describe()
    return Location(file=path, line=line, key=where.describe(), cell=cell, page=where.page, role=role)


def to_finding(ctx: Context, spec: RuleSpec, hit: Hit) -> Finding:
    params = {
        "subject": hit.subject,
        "found": hit.found,
        "expected": hit.expected,
        "quote": hit.quote,
        "where": hit.wheres[0].describe() if hit.wheres else "",
        "actual": hit.found,
        **hit.extra,
    }
    severity = hit.severity or spec.severity
    if SEVERITY_RANK[severity] < SEVERITY_RANK[spec.severity]:
        severity = spec.severity  # a rule may lower its severity, never raise it
    locations = tuple(
        _location(ctx.path, w, "claim" if k == 0 else "source") for k, w in enumerate(hit.wheres or [Where()])
    )
    dept = ctx.doc.department if ctx.doc else ""
    return Finding(
        spec.id,
        severity,
        spec.title,
        spec.format(params),
        params,
        locations,
        spec.hint,
        fingerprint(spec.id, dept, ctx.year or 0, [*hit.keys, hit.subject, hit.found]),
    )


def run_rules(ctx: Context) -> tuple[list[Finding], list[tuple[str, str, str]]]:
    """Every audit rule over the context: findings and (rule, outcome, reason) per rule."""
    catalogue = load_catalogue()
    findings: list[Finding] = []
    outcomes: list[tuple[str, str, str]] = []
    readable = ctx.doc is not None and ctx.doc.text_layer and ctx.read_error is None
    for spec in catalogue.of_kind("audit"):
        fn = AUDIT_REGISTRY[spec.id]
        if not readable and spec.id not in ("A001", "A002", "A003", "A004"):
            outcomes.append((spec.id, "skipped", "文件不可读"))
            continue
        try:
            with reception_named_domestic(ctx.facts.reception_named_domestic):
                hits = list(fn(ctx))
        except Exception as exc:  # a crashing rule is reported, the others still run
            outcomes.append((spec.id, "crashed", traceback.format_exception_only(exc)[-1].strip()))
            findings.append(
                Finding(
                    spec.id,
                    "warning",
                    spec.title,
                    f"规则{spec.id}执行出错：{type(exc).__name__}: {exc}",
                    {"error": f"{type(exc).__name__}: {exc}"},
                    (Location(ctx.path),),
                    spec.hint,
                    fingerprint(spec.id, "", 0, ["crash"]),
                )
            )
            continue
        seen: set[str] = set()
        for hit in hits:
            finding = to_finding(ctx, spec, hit)
            ident = f"{finding.message}|{finding.primary}"
            if ident in seen:
                continue
            seen.add(ident)
            findings.append(finding)
        outcomes.append((spec.id, "failed" if hits else "passed", ""))
    return findings, outcomes
