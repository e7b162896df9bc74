"""The audit of the reference report (乐山市金口河区信访局 2024): its real mistakes pinned, nothing else."""

from __future__ import annotations

from tests.audit.conftest import audited

# (rule, line, a fragment of what was found) — checked by hand against the reference text
EXPECTED_ERRORS = {
    ("A012", 23, "99.99%"),  # the only income source printed as 99.99%
    ("A012", 27, "82.18%"),  # 200.03 + 43.35 = 243.38, so 82.19% + 17.81%: the 82.18% is off (sum 99.99%)
    ("A012", 36, "99.97%"),  # 243.33 / 243.38 = 99.98%
    ("A012", 140, "99.99%"),
    ("A014", 140, "53.28"),  # 53.28 and 17.95% do not fit 243.33 (53.25 elsewhere)
    ("A040", 23, "%%"),
    ("A040", 27, "%%"),
    ("A040", 70, "增减少"),
    ("A040", 75, "增加/减少"),
    ("A040", 75, "增长/下降"),
    ("A040", 77, "增加/减少"),
    ("A040", 77, "增长/下降"),
    ("A040", 85, "增加/减少"),
    ("A040", 85, "增长/下降"),
    ("A040", 87, "增加/减少"),
    ("A040", 87, "增长/下降"),
    ("A040", 195, "#DIV/0!"),
    ("A040", 341, "#DIV/0!"),
    ("A040", 486, "#DIV/0!"),
    ("A050", 109, "信访事务"),  # 2010308 ended with the 2023 edition
    ("A050", 116, "医疗卫生与计划生育"),  # renamed 卫生健康支出 in 2018
    ("A050", 117, "医疗卫生与计划生育"),
    ("A050", 118, "医疗卫生与计划生育"),
    ("A060", 222, "98%"),  # 信访维稳: 执行率1 (20 of 20) but the indicator says 98%
    ("A061", 224, "9.8"),  # and scores 9.8 instead of 10
    ("A063", 99, "94分"),  # the text says 94分, the 自评表 98.8
}
EXPECTED_WARNINGS = {
    ("A042", 77, "2."),  # the list number "2." twice
    ("A052", 109, "2010308"),  # 名词解释 of a 科目 that is not reported
    ("A053", 53, "在说明中列支"),  # 信访业务 reported without 名词解释
}
EXPECTED_INFO = {
    ("A020", 41, "185.22"),  # 类 subtotal vs its 项: a rounding difference
    ("A020", 41, "5.67"),
}


def _findings(report, severity):
    return [f for f in report.findings if f.severity == severity]


def _matches(findings, rule, line, fragment):
    return [
        f
        for f in findings
        if f.rule_id == rule and f.primary is not None and f.primary.line == line and fragment in f.message
    ]


def test_reference_real_mistakes_are_found(reference):
    report = audited(str(reference))
    assert report.year == 2024 and report.department == "乐山市金口河区信访局"
    errors = _findings(report, "error")
    for rule, line, fragment in EXPECTED_ERRORS:
        assert _matches(errors, rule, line, fragment), (rule, line, fragment)
    warnings = _findings(report, "warning")
    for rule, line, fragment in EXPECTED_WARNINGS:
        assert _matches(warnings, rule, line, fragment), (rule, line, fragment)
    infos = _findings(report, "info")
    for rule, line, fragment in EXPECTED_INFO:
        assert _matches(infos, rule, line, fragment), (rule, line, fragment)


def test_reference_no_error_on_anything_consistent(reference):
    report = audited(str(reference))
    errors = {(f.rule_id, f.primary.line) for f in _findings(report, "error")}
    assert errors == {(rule, line) for rule, line, _ in EXPECTED_ERRORS}
    # the 13 项 and their 完成预算100%, 17.89 / 17.75%, 36.64 / 15.06%, 0.32 / 29.04% / 54.93% are consistent
    quiet = set(range(50, 64)) | {41, 70, 72, 80, 81, 90}
    numeric = {f"A0{n}" for n in range(10, 24)}
    assert not [
        f.line()
        for f in report.findings
        if f.severity in ("error", "warning") and f.primary.line in quiet and f.rule_id in numeric
    ]


def test_every_finding_says_what_where_and_quotes(reference):
    report = audited(str(reference))
    for f in report.findings:
        assert f.params["found"] and f.params["expected"], f
        assert f.primary is not None and (f.primary.line or f.rule_id in ("A043", "A005")), f
        if f.rule_id not in ("A043", "A005"):
            assert f.params["quote"], f


def test_table_named_in_the_appendix_list_but_absent(reference):
    report = audited(str(reference))
    missing = [f for f in report.findings if f.rule_id == "A044"]
    assert len(missing) == 13 and {f.primary.line for f in missing} == set(range(635, 648))
