"""The labelled audit corpus (tests/corpus/docs): every label is well formed and quotes its own text, and
the scorer of ``bench/audit_corpus.py`` judges findings as its docstring says.

The label tests are parametrised over the label files present when the tests are collected.
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

import pytest
import yaml

from juesuan.findings import CheckReport, Finding, Location

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "tests" / "corpus" / "docs"
LABELS = sorted(DOCS.glob("*.yaml"))


def _load_scorer():
    name = "audit_corpus_bench"
    if name in sys.modules:
        return sys.modules[name]
    spec = importlib.util.spec_from_file_location(name, REPO / "bench" / "audit_corpus.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses look their module up while the class is built
    spec.loader.exec_module(module)
    return module


ac = _load_scorer()


def _data(path: Path) -> dict:
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    assert isinstance(data, dict), f"{path.name}: not a mapping"
    return data


# --- every label file -----------------------------------------------------------------------------------


@pytest.mark.parametrize("path", LABELS, ids=[p.stem for p in LABELS])
def test_label_has_required_keys(path: Path):
    data = _data(path)
    assert data.get("id") == path.stem, "id must equal the file name"
    assert isinstance(data.get("source"), str) and data["source"].strip()
    assert isinstance(data.get("province"), str) and data["province"].strip()
    year = data.get("year", "missing")
    assert year is None or (isinstance(year, int) and not isinstance(year, bool)), "year: int or null"
    assert isinstance(data.get("defects"), list), "defects must be a list (empty when none)"
    assert path.with_suffix(".txt").is_file(), "the labelled .txt must be beside the label"


@pytest.mark.parametrize("path", LABELS, ids=[p.stem for p in LABELS])
def test_defects_are_well_formed(path: Path):
    for i, defect in enumerate(_data(path)["defects"] or []):
        assert isinstance(defect, dict), f"defect {i}: not a mapping"
        assert defect.get("kind"), f"defect {i}: no kind"
        assert defect.get("severity") in ac.SEVERITIES, f"defect {i}: severity {defect.get('severity')!r}"
        assert ac.fragments_of(defect), f"defect {i}: needs at least one `find` fragment"


@pytest.mark.parametrize("path", LABELS, ids=[p.stem for p in LABELS])
def test_must_not_flag_are_find_and_why(path: Path):
    for i, item in enumerate(_data(path).get("must_not_flag") or []):
        assert isinstance(item, dict), f"must_not_flag {i}: must be {{find, why}}"
        assert ac.fragments_of(item), f"must_not_flag {i}: no `find`"
        assert isinstance(item.get("why"), str) and item["why"].strip(), f"must_not_flag {i}: no `why`"


@pytest.mark.parametrize("path", LABELS, ids=[p.stem for p in LABELS])
def test_every_fragment_occurs_in_the_text(path: Path):
    data = _data(path)
    text = path.with_suffix(".txt").read_text(encoding="utf-8")
    missing = [
        f"{section}[{i}]: {frag!r}"
        for section in ("defects", "must_not_flag", "unsure")
        for i, item in enumerate(data.get(section) or [])
        for frag in ac.fragments_of(item)
        if not ac.occurs(text, frag)
    ]
    assert not missing, "fragments not in the text (after normalisation):\n" + "\n".join(missing)


@pytest.mark.parametrize("path", LABELS, ids=[p.stem for p in LABELS])
def test_label_loads_for_the_scorer(path: Path):
    label = ac.load_label(path)
    assert label.id == path.stem
    for entry in label.entries:
        if entry.fragments:
            assert entry.lines, f"{entry.describe()}: no line located"


# --- the matcher ----------------------------------------------------------------------------------------

TEXT = """标题：某某局2023年度部门决算
其中：公务用车购置支出0万元，公务用车运行维护支出0万元。
一般公共预算财政拨款收入17776.10万元,占收入合计的99.94%。
本年支出702.47万元，下降2.5%。
合计 100.01 万元。
"""

LABEL = {
    "id": "t01",
    "source": "test",
    "province": "测试",
    "year": 2023,
    "defects": [
        {"kind": "parts vs total", "severity": "major", "find": ["公务用车运行维护支出0万元"]},
        {"kind": "rate truncated", "severity": "minor", "find": "下降2.5%"},
        {"kind": "0.01 sum gap", "severity": "info", "find": ["合计 100.01 万元"]},
    ],
    "must_not_flag": [{"find": "占收入合计的99.94%", "why": "the base named is 收入合计"}],
    "unsure": [{"find": "标题：某某局", "why": "a doubt"}, "a free note without a fragment"],
}


def finding(severity="error", quote="", message="", line=None, rule="A011") -> Finding:
    return Finding(
        rule, severity, "t", message, {"quote": quote} if quote else {}, (Location("t.txt", line=line),)
    )


@pytest.fixture
def label():
    return ac.label_from_dict(LABEL, TEXT, "t01.txt")


def test_normalise_ignores_whitespace_and_width():
    assert ac.normalise("其中：A（1） ,B；\n 50％") == ac.normalise("其中:A(1),B;50%")
    assert ac.occurs(TEXT, "其中:公务用车购置支出0万元,公务用车运行维护支出0万元")
    assert not ac.occurs(TEXT, "公务用车购置支出1万元")


def test_fragment_lines(label):
    assert ac.fragment_lines(TEXT, "公务用车运行维护支出0万元") == {2}
    assert ac.fragment_lines(TEXT, "合计100.01万元") == {5}
    assert ac.fragment_lines(TEXT, "不在文中") == set()
    assert label.defects[0].lines == {2}


def test_quote_match_is_true(label):
    f = finding(quote="其中:公务用车购置支出0万元,公务用车运行维护支出0万元。", line=99)
    v = ac.judge(f, label)
    assert v.verdict == "TRUE" and v.defects == (label.defects[0],)


def test_message_match_is_true(label):
    f = finding(severity="warning", message="原文：“本年支出702.47万元，下降2.5%”", rule="A014")
    v = ac.judge(f, label)
    assert v.verdict == "TRUE" and v.scored_as == "warning"


def test_a_rule_that_cannot_find_the_kind_does_not_match(label):
    # a year finding on the sentence that holds a truncated rate is not a finding of the rate
    v = ac.judge(finding(message="原文：“本年支出702.47万元，下降2.5%”", rule="A041", line=4), label)
    assert v.verdict == "FALSE" and v.reason == "no labelled defect"


def test_a_completion_rate_on_a_zero_budget_is_a_rate_on_a_zero_base():
    # g1-04 line 20: “因公出国(境)费支出决算为0万元,完成年初预算的100%” on a budget of 0 (A016)
    lab = ac.label_from_dict(
        {**LABEL, "defects": [{"kind": "growth from zero", "severity": "minor", "find": "下降2.5%"}]},
        TEXT,
        "t01.txt",
    )
    for rule, verdict in (("A016", "TRUE"), ("A018", "TRUE"), ("A041", "FALSE")):
        f = finding(message="原文：“本年支出702.47万元，下降2.5%”", rule=rule)
        assert ac.judge(f, lab).verdict == verdict


def test_line_match_is_true(label):
    v = ac.judge(finding(message="各分项之和与合计不符", line=2), label)
    assert v.verdict == "TRUE" and v.reason.startswith("line")


def test_false_alarm(label):
    v = ac.judge(finding(quote="标题", message="未找到名词解释", line=None), label)
    assert v.verdict == "FALSE" and v.reason == "no labelled defect"


def test_must_not_flag_hit_is_false(label):
    f = finding(quote="一般公共预算财政拨款收入17776.10万元,占收入合计的99.94%。", line=3, rule="A012")
    v = ac.judge(f, label)
    assert v.verdict == "FALSE" and v.reason.startswith("must_not_flag")


def test_must_not_flag_beats_a_line_match_to_a_defect(label):
    # the quote names a must_not_flag place; it only shares a line with a defect
    lab = ac.label_from_dict(
        {**LABEL, "must_not_flag": [{"find": "公务用车购置支出0万元", "why": "w"}]}, TEXT, "t01.txt"
    )
    f = finding(quote="公务用车购置支出0万元", line=2)
    assert ac.judge(f, lab).verdict == "FALSE"


def test_info_defect_match_is_false(label):
    v = ac.judge(finding(quote="合计 100.01 万元", line=5, rule="A020"), label)
    assert v.verdict == "FALSE" and v.reason.startswith("info")


def test_unsure_is_not_scored(label):
    v = ac.judge(finding(quote="标题：某某局2023年度部门决算", line=1), label)
    assert v.verdict == "UNSURE"


def test_score_document_counts_and_recall(label):
    report = CheckReport("t01.txt", year=2023)
    report.findings = [
        finding(quote="公务用车运行维护支出0万元", line=2),  # true error, finds the major
        finding(quote="公务用车运行维护支出0万元", line=2),  # a second true error (same defect)
        finding(severity="warning", quote="占收入合计的99.94%", line=3),  # false warning
        finding(severity="info", quote="合计 100.01 万元", line=5),  # info: not scored
    ]
    score = ac.score_document(label, report)
    c = score.counts
    assert (c["errors"], c["true_errors"], c["warnings"], c["true_warnings"]) == (2, 2, 1, 0)
    assert (c["majors"], c["majors_found"], c["minors"], c["minors_found"]) == (1, 1, 1, 0)
    overall = ac.aggregate([score])
    assert overall["error_precision"] == 1.0 and overall["warning_precision"] == 0.0
    assert overall["recall"] == 1.0


def test_one_finding_finds_one_defect():
    text = "支出1023.52万元，比上年增加96.16万元，上升0.6%。\n"
    lab = ac.label_from_dict(
        {
            "id": "t02",
            "defects": [
                {"kind": "wrong growth rate", "severity": "major", "find": ["增加96.16万元，上升0.6%"]},
                {"kind": "changes vs total change", "severity": "major", "find": ["增加96.16万元"]},
            ],
        },
        text,
    )

    one = CheckReport("t02.txt", findings=[finding(quote=text.strip(), line=1, rule="A014")])
    assert ac.score_document(lab, one).counts["majors_found"] == 1
    two = CheckReport(
        "t02.txt", findings=[*one.findings, finding(message="增加96.16万元", line=1, rule="A014")]
    )
    assert ac.score_document(lab, two).counts["majors_found"] == 2


def test_fatal_counts_as_error_and_no_scores_when_empty():
    assert ac.SCORED["fatal"] == "error"
    empty = ac.aggregate([])
    assert empty["error_precision"] is None and empty["recall"] is None
