"""The Shanghai (Putuo 2024) PDFs: all nine tables, the narrative, the real problems, no false alarms."""

from __future__ import annotations

import re

import pytest

from juesuan.audit.facts import extract
from juesuan.audit.read import read_document
from juesuan.audit.stdtables import interpret_all
from tests.audit.conftest import audited

NINE = (
    "summary",
    "income",
    "expenditure",
    "fiscal_summary",
    "gpb",
    "gpb_basic",
    "sangong",
    "fund",
    "capital",
)
FILES = ("putuo-caizhengju-2024.pdf", "putuo-guihuaziranziyuanju-2024.pdf", "putuo-shehuigongzuobu-2024.pdf")
# every error-level finding, checked by hand: (rule, page, fragment of the message)
ERRORS = {
    "putuo-caizhengju-2024.pdf": {
        ("A011", 21, "0.3万元"),  # 财政拨款收入支出总计0.3万元 vs 2,961.68 in its table
        ("A012", 21, "71.73%"),  # 2106.66 / 2940.05 = 71.65%
    },
    "putuo-guihuaziranziyuanju-2024.pdf": {
        ("A011", 24, "5377.64"),  # 一般公共预算财政拨款基本支出 5377.64 vs 5364.75 in the tables
        ("A011", 24, "4896.98"),  # 人员经费 4896.98 vs 4884.09
        ("A012", 21, "99.86%"),  # 9746.50 / 9759.38 = 99.87%
        ("A016", 21, "95.45%"),  # 9746.50 / 10210.34 = 95.46%
        ("A040", 25, "下降（增长）"),
    },
    "putuo-shehuigongzuobu-2024.pdf": {
        ("A040", 15, "仍保留该表格式"),  # template instruction left in
        ("A040", 16, "仍保留该表格式"),
    },
}


@pytest.mark.parametrize("name", FILES)
def test_nine_tables_with_titles_pages_and_coded_rows(corpus, name):
    doc = read_document(corpus / name)
    assert doc.year == 2024 and doc.template == "shanghai"
    kinds = {t.kind: t for t in doc.tables if t.kind}
    assert set(NINE) <= set(kinds)
    for kind in NINE:
        table = kinds[kind]
        assert table.title and table.pages and table.pages[0] >= 5
    stds = {s.kind: s for s in interpret_all(doc)}
    for kind in ("income", "expenditure", "gpb"):
        coded = [r for r in stds[kind].rows if len(r.code) == 7]
        assert coded and all(r.name and "total" in r.values for r in coded)
        assert all(r.code.startswith("2") for r in stds[kind].rows if r.code)  # 功能分类 only
    assert all(r.code.startswith("3") for r in stds["gpb_basic"].rows if r.code)  # 经济分类 only
    # tables split across pages keep their rows
    assert len(kinds["summary"].rows) >= 30


def test_split_table_rows_are_bound_to_codes(corpus):
    doc = read_document(corpus / "putuo-caizhengju-2024.pdf")
    income = next(s for s in interpret_all(doc) if s.kind == "income")
    assert income.table.pages == [8, 9]
    row = income.by_code()["2210203"]  # on the second page
    assert row.name == "购房补贴" and str(row.values["total"].value) == "258.50"
    assert row.values["total"].where.page == 9


@pytest.mark.parametrize("name", FILES)
def test_narrative_is_read(corpus, name):
    doc = read_document(corpus / name)
    facts = extract(doc)
    topics = {p.topic for p in doc.paragraphs if p.heading is not None}
    assert {"s1", "s2", "s3", "s4", "s5", "s6", "s7", "s8", "s9", "perf", "other"} <= topics
    assert len([a for a in facts.amounts if a.sentence.paragraph.part == "explanation"]) >= 30
    for a in facts.amounts:  # years and codes are never amounts
        assert not re.fullmatch(r"20\d\d", str(a.value)) or a.mention.unit.endswith("元")


@pytest.mark.parametrize("name", FILES)
def test_real_problems_and_no_error_level_false_alarm(corpus, name):
    report = audited(str(corpus / name))
    errors = [f for f in report.findings if f.severity in ("error", "fatal")]
    expected = ERRORS[name]
    for rule, page, fragment in expected:
        assert any(f.rule_id == rule and f.primary.page == page and fragment in f.message for f in errors), (
            rule,
            page,
            fragment,
        )
    assert len(errors) == len(expected), [f.line() for f in errors]


def test_the_flat_fiscal_total_passage(corpus):
    report = audited(str(corpus / "putuo-caizhengju-2024.pdf"))
    on_passage = [f for f in report.findings if f.primary.page == 21 and "财政拨款收入支出总计" in f.message]
    rules = {f.rule_id: f for f in on_passage}
    assert (
        "A011" in rules and "2961.68" in rules["A011"].message and "0.3万元" in rules["A011"].params["quote"]
    )
    assert "A022" in rules and "持平" in rules["A022"].message


@pytest.mark.parametrize("name", FILES)
def test_every_finding_gives_its_page(corpus, name):
    report = audited(str(corpus / name))
    for f in report.findings:
        if f.rule_id in ("A043", "A005"):
            continue
        assert f.primary.page is not None, f.line()
