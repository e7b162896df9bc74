"""Findings: what a check found, as data — rule, severity, Chinese message, values and locations.

A ``Finding`` is never raised; rules return them. Each carries every place involved (dataset file, line
and key path; a workbook sheet!cell; a page of a published document) and a fingerprint built from the
logical keys only, so a finding keeps its identity when the file is re-ordered or re-uploaded.
"""

from __future__ import annotations

import csv
import hashlib
import io
import json
from dataclasses import dataclass, field
from typing import Literal

Severity = Literal["fatal", "error", "warning", "info"]
SEVERITY_STYLE = {"fatal": "bold red", "error": "red", "warning": "yellow", "info": "cyan"}  # rich styles
# the one severity order, gravest first
SEVERITIES: tuple[Severity, ...] = ("fatal", "error", "warning", "info")
SEVERITY_RANK: dict[str, int] = {s: i for i, s in enumerate(SEVERITIES)}  # 0 = gravest
Outcome = Literal["passed", "failed", "skipped", "not_applicable", "crashed"]


@dataclass(frozen=True, slots=True)
class Location:
    """One place a finding concerns. ``key`` is the logical key (figure key or dataset key path)."""

    file: str = ""
    line: int | None = None
    key: str = ""
    cell: str | None = None  # "Sheet!C12" for workbook input
    page: int | None = None  # for published documents
    role: str = ""  # total | item | stated | derived | source | claim | prior

    def __str__(self) -> str:
        where = self.file
        if self.cell:
            where += f":{self.cell}"
        elif self.page is not None:
            where += f":第{self.page}页"
        elif self.line is not None:
            where += f":{self.line}"
        return where

    def to_dict(self) -> dict[str, object]:
        return {
            k: v
            for k, v in (
                ("file", self.file),
                ("line", self.line),
                ("key", self.key),
                ("cell", self.cell),
                ("page", self.page),
                ("role", self.role),
            )
            if v not in (None, "")
        }


@dataclass(frozen=True, slots=True)
class Finding:
    """One problem (or note) found by one rule."""

    rule_id: str
    severity: Severity
    title: str
    message: str
    params: dict[str, str] = field(default_factory=dict)
    locations: tuple[Location, ...] = ()
    hint: str = ""
    fingerprint: str = ""

    @property
    def primary(self) -> Location | None:
        return self.locations[0] if self.locations else None

    def line(self) -> str:
        """``file:line: [T001] message`` — the form editors and terminals understand."""
        where = str(self.primary) if self.primary else ""
        return f"{where}: [{self.rule_id}] {self.message}" if where else f"[{self.rule_id}] {self.message}"

    def to_dict(self) -> dict[str, object]:
        return {
            "rule_id": self.rule_id,
            "severity": self.severity,
            "title": self.title,
            "message": self.message,
            "params": self.params,
            "locations": [loc.to_dict() for loc in self.locations],
            "hint": self.hint,
            "fingerprint": self.fingerprint,
        }


def fingerprint(rule_id: str, department: str, year: int, keys: list[str]) -> str:
    """Stable id of a finding: rule, department, year and the logical keys involved (no lines, no cells)."""
    text = "\x1f".join([rule_id, department, str(year), *sorted(set(keys))])
    return hashlib.sha256(text.encode("utf-8")).hexdigest()[:16]


@dataclass
class RuleOutcome:
    """How one rule ended on one dataset."""

    rule_id: str
    outcome: Outcome
    reason: str = ""


@dataclass
class CheckReport:
    """The result of checking one input: findings plus each rule's outcome."""

    source: str
    department: str = ""
    year: int | None = None
    findings: list[Finding] = field(default_factory=list)
    outcomes: list[RuleOutcome] = field(default_factory=list)

    def count(self, severity: Severity) -> int:
        return sum(1 for f in self.findings if f.severity == severity)

    @property
    def exit_code(self) -> int:
        """0: no error or fatal finding; 1: errors; 2: a fatal finding."""
        if self.count("fatal"):
            return 2
        return 1 if self.count("error") else 0

    @property
    def passes(self) -> bool:
        return self.exit_code == 0

    def sorted_findings(self) -> list[Finding]:
        return sorted(
            self.findings,
            key=lambda f: (
                SEVERITY_RANK[f.severity],
                f.rule_id,
                f.primary.line if f.primary and f.primary.line else 0,
            ),
        )

    def to_dict(self) -> dict[str, object]:
        return {
            "source": self.source,
            "department": self.department,
            "year": self.year,
            "summary": {s: self.count(s) for s in SEVERITIES},
            "findings": [f.to_dict() for f in self.sorted_findings()],
            "outcomes": [
                {"rule_id": o.rule_id, "outcome": o.outcome, "reason": o.reason} for o in self.outcomes
            ],
        }

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1)


CSV_COLUMNS = (
    "规则编号",
    "严重程度",
    "标题",
    "说明",
    "文件",
    "行",
    "单元格",
    "页",
    "字段",
    "填报值",
    "应为",
    "差额",
    "容差",
    "指纹",
)


def to_csv(reports: list[CheckReport]) -> str:
    """Findings of one or more reports as CSV with Chinese headers, one row per finding."""
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(CSV_COLUMNS)
    for report in reports:
        for f in report.sorted_findings():
            loc = f.primary or Location(file=report.source)
            writer.writerow(
                [
                    f.rule_id,
                    f.severity,
                    f.title,
                    f.message,
                    loc.file,
                    loc.line or "",
                    loc.cell or "",
                    loc.page or "",
                    loc.key,
                    f.params.get("actual", ""),
                    f.params.get("expected", ""),
                    f.params.get("difference", ""),
                    f.params.get("tolerance", ""),
                    f.fingerprint,
                ]
            )
    return out.getvalue()


def severity_name(severity: str) -> str:
    """The Chinese name of a severity (阻断/错误/警告/提示), from data/messages.yaml: the one place these
    names are written."""
    from juesuan.errors import message

    return str(message(f"severity_{severity}"))


def severity_names() -> dict[str, str]:
    """Every severity's Chinese name, gravest first."""
    return {s: severity_name(s) for s in SEVERITIES}


def summary_line(report: CheckReport) -> str:
    """“阻断0项，错误1项，警告0项，提示2项”."""
    from juesuan.errors import message

    return message("summary_joiner").join(
        message("summary_count", name=severity_name(s), count=report.count(s)) for s in SEVERITIES
    )
