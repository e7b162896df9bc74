"""Mutation test: copies of the reference with one injected defect each; at least 95% must be caught.

A mutant is caught when its audit has a warning or error that the unmutated reference does not have
(same rule, line and message). The mutants are deterministic (``tests/audit/mutants.py``).
"""

from __future__ import annotations

from collections import Counter

from juesuan.audit.run import audit_path
from tests.audit.conftest import audited
from tests.audit.mutants import mutants


def _key(f):
    return (f.rule_id, f.primary.line if f.primary else None, f.message)


def test_at_least_95_percent_of_single_defects_are_caught(reference, tmp_path):
    text = reference.read_text(encoding="utf-8")
    baseline = {_key(f) for f in audited(str(reference)).findings}
    cases = mutants(text)
    assert len(cases) >= 100
    assert Counter(m.kind for m in cases).keys() == {"figure", "share", "direction", "placeholder", "year"}
    missed = []
    for k, m in enumerate(cases):
        path = tmp_path / f"mutant{k}.txt"
        path.write_text(m.text, encoding="utf-8")
        report = audit_path(path)
        new = [
            f
            for f in report.findings
            if f.severity in ("fatal", "error", "warning") and _key(f) not in baseline
        ]
        if not new:
            missed.append((m.kind, m.line, m.before, m.after))
    rate = 1 - len(missed) / len(cases)
    assert rate >= 0.95, (rate, missed)
