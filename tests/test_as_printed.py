"""The reference report transcribed as printed: the check engine finds its contradictions, and only those."""

from __future__ import annotations

from pathlib import Path

from juesuan.rules import check_path

AS_PRINTED = Path(__file__).parent / "fixtures" / "jinkouhe-as-printed"


def test_contradictions_of_the_reference_are_found():
    report = check_path(AS_PRINTED)
    errors = sorted((f.rule_id, f.locations[0].key) for f in report.findings if f.severity == "error")
    assert errors == [
        ("E002", "stated.performance.project0.execution_score"),  # 执行率100% scored as 98% → 9.8
        ("N001", "stated.change.fiscal_income.difference"),  # 53.28 in the 绩效 report, 53.25 in the 决算说明
        ("N001", "stated.general_budget.share_of_expenditure"),  # 99.97% for 243.33 / 243.38
        ("N001", "stated.share.income.general_budget"),  # 99.99% for the only source of income
        ("N002", "stated.share.expenditure.basic"),  # 82.18% + 17.81% ≠ 100%
    ]
    rounding = {f.locations[0].key for f in report.findings if f.rule_id == "R001"}
    assert {
        "stated.func.201.fiscal.general_budget.expenditure",
        "stated.func.210.fiscal.general_budget.expenditure",
    } <= rounding
    assert report.exit_code == 1


def test_correct_printed_figures_are_not_flagged():
    report = check_path(AS_PRINTED)
    flagged = {f.locations[0].key for f in report.findings if f.severity in ("error", "warning")}
    for fine in (
        "stated.change.total.percent",
        "stated.completion.three_public.total",
        "stated.change.three_public.total.percent",
        "stated.change.admin_cost.percent",
        "stated.share.general_budget_class.201",
        "stated.share.general_budget_class.213",
        "stated.performance.project1.execution_score",
        "stated.performance.project1.total",
    ):
        assert fine not in flagged, fine
