from decimal import Decimal as D

import pytest

from juesuan.dataset import Indicator, ProjectEvaluation, ProjectFunds
from juesuan.performance import ScoringProblem, grade_of, parse_quantity, score_indicator, score_project


def ind(target, actual, weight=20, **kw):
    return Indicator(
        level1="产出指标",
        level2="数量指标",
        name="指标",
        target=target,
        actual=actual,
        weight=D(weight),
        **kw,
    )


@pytest.mark.parametrize(
    ("text", "value", "unit", "direction"),
    [
        ("≥20个", "20", "个", "positive"),
        ("≧20个", "20", "个", "positive"),
        ("≤1.5万元", "1.5", "万元", "negative"),
        ("≦20万元", "20", "万元", "negative"),
        ("100%", "100", "%", None),
        ("19.69万元", "19.69", "万元", None),
        ("不低于95%", "95", "%", "positive"),
    ],
)
def test_parse_quantity(text, value, unit, direction):
    q = parse_quantity(text)
    assert q is not None and q.value == D(value) and q.unit == unit and q.direction == direction


@pytest.mark.parametrize("text", ["优良中差", "2024年12月31日前", "持续提升", "完成", ""])
def test_not_a_quantity(text):
    assert parse_quantity(text) is None


def test_positive_indicator_is_proportional_and_capped():
    assert score_indicator(ind("≥20个", "22个"), 2).score == D(20)
    assert score_indicator(ind("100%", "85%", 10), 2).score == D("8.5")
    assert score_indicator(ind("≥20个", "15个"), 2).score == D(15)


def test_negative_indicator():
    assert score_indicator(ind("≤20万元", "19.69万元"), 2).score == D(20)
    assert score_indicator(ind("≤20万元", "25万元"), 2).score == D(16)
    assert score_indicator(ind("≤20万元", "0万元"), 2).score == D(20)


def test_qualitative_indicators():
    assert score_indicator(ind("优良中差", "优", 10), 2).score == D(10)
    assert score_indicator(ind("2024年12月31日前", "完成"), 2).score == D(20)
    assert score_indicator(ind("持续提升", "持续提升"), 2).score == D(20)
    assert score_indicator(ind("优良中差", "良", 10, grade="部分达成", score=D(7)), 2).score == D(7)
    with pytest.raises(ScoringProblem) as info:
        score_indicator(ind("优良中差", "良", 10), 2)
    assert info.value.key == "indicator_grade"
    with pytest.raises(ScoringProblem) as info:
        score_indicator(ind("优良中差", "良", 10, grade="部分达成", score=D(9)), 2)
    assert info.value.key == "indicator_score_range"
    with pytest.raises(ScoringProblem) as info:
        score_indicator(ind("优良中差", "良", 10, grade="部分达成"), 2)
    assert info.value.key == "indicator_score_missing"


def test_manual_and_unit_problems():
    assert score_indicator(ind("见说明", "见说明", 10, kind="manual", score=D("8.5")), 2).score == D("8.5")
    with pytest.raises(ScoringProblem) as info:
        score_indicator(ind("见说明", "见说明", 10, kind="manual", score=D(11)), 2)
    assert info.value.key == "indicator_score_over_weight"
    with pytest.raises(ScoringProblem) as info:
        score_indicator(ind("≥20个", "22人"), 2)
    assert info.value.key == "indicator_unit"


def project(budget, executed, indicators):
    return ProjectEvaluation(
        name="项目",
        funds=ProjectFunds(budget_fiscal=D(budget), executed_fiscal=D(executed)),
        expected_goal="目标",
        actual_goal="完成",
        indicators=indicators,
    )


def test_project_score_rounds_each_part_and_sums():
    p = project("20", "19.69", [ind("≥20个", "22个", 90)])
    scored = score_project(p, 1)
    assert scored.execution_rate == D("98.45")
    assert scored.execution_score == D("9.8")  # 9.845 → 9.8 at one decimal, half-up
    assert scored.total == D("99.8")
    assert scored.weight_total == D(100)
    assert score_project(p, 2).execution_score == D("9.85")


def test_zero_budget_project():
    scored = score_project(project("0", "0", [ind("≥20个", "22个", 90)]), 2)
    assert scored.execution_rate is None and scored.execution_score == 0


@pytest.mark.parametrize(
    ("score", "grade"), [(95, "excellent"), (90, "excellent"), (89.99, "good"), (60, "fair"), (59, "poor")]
)
def test_grades(score, grade):
    assert grade_of(D(str(score))) == grade
