"""Reading real published texts of many provinces: numbers, punctuation, headings, parts, template, year,
department. Every excerpt below is copied from a real published 决算 text (see the shared real-texts
labels for the sources)."""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.document import read_document
from juesuan.audit.facts import _clauses
from juesuan.audit.run import audit_path


def _doc(tmp_path: Path, text: str, name: str = "doc.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return read_document(p)


def _findings(tmp_path: Path, text: str, name: str = "doc.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return audit_path(p).findings


def _rules(findings, severity=None) -> list[str]:
    return [f.rule_id for f in findings if severity is None or f.severity == severity]


# --- numbers and punctuation ------------------------------------------------------------------------


def test_thousands_separator_is_part_of_the_number():
    # Guangdong 2023 (p08): "增长1,055.4%" is one rate, not "增长1" and "055.4%"
    clauses = _clauses("公务接待费支出决算为22.59万元,比上年决算数增加20.63万元,增长1,055.4%。")
    raws = [m.raw for c in clauses for m in c.mentions]
    assert raws == ["22.59万元", "20.63万元", "1,055.4%"]
    assert [m.raw for c in _clauses("收入合计3,222.64万元") for m in c.mentions] == ["3,222.64万元"]


def test_ascii_comma_between_numbers_still_separates_clauses():
    clauses = _clauses("分别为2,3个,2019,2020年")
    assert [m.raw for c in clauses for m in c.mentions] == ["2", "3个", "2019", "2020年"]
    assert len(clauses) == 4
