"""绩效自评 scoring: budget execution rate, quantitative and qualitative indicators, totals and grades.

Rules (see docs/dataset.md, 绩效 section):
- 预算执行率 = 全年执行数 ÷ 全年预算数; its score = weight × min(rate, 1).
- Quantitative indicator, 正向 (target "≥X", "X"): score = weight × min(actual ÷ target, 1);
  反向 (target "≤X"): score = weight × min(target ÷ actual, 1). An actual of 0 against a 反向 target
  (or a target of 0 for a 正向 one) earns the full weight.
- Qualitative indicator: grade 达成 → full weight unless a score in [80%, 100%] of the weight is given;
  部分达成 → a given score in [60%, 80%); 未达成 → a given score in [0, 60%). When no grade is given,
  an actual equal to the target, the top grade of a grade scale (优 of “优良中差”) or 完成/达成/达到
  counts as 达成.
- Manual indicator: the given score.
Every score is rounded half-up to the dataset's ``performance.scoring_decimals``; the total is the sum of
the rounded scores (so the printed parts add up to the printed total). Grade: ≥90 优, ≥80 良, ≥60 中,
otherwise 差.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from decimal import Decimal

from juesuan.dataset import Indicator, ProjectEvaluation
from juesuan.money import HUNDRED, ZERO, round_half_up

_COMPARATORS = {
    "≥": "positive",
    "≧": "positive",
    ">=": "positive",
    "＞=": "positive",
    "不低于": "positive",
    "不少于": "positive",
    ">": "positive",
    "＞": "positive",
    "≤": "negative",
    "≦": "negative",
    "<=": "negative",
    "＜=": "negative",
    "不高于": "negative",
    "不超过": "negative",
    "<": "negative",
    "＜": "negative",
    "=": "positive",
    "＝": "positive",
}
_QUANTITY = re.compile(
    r"^\s*(?P<cmp>≥|≧|>=|＞=|不低于|不少于|≤|≦|<=|＜=|不高于|不超过|>|＞|<|＜|=|＝)?\s*"
    r"(?P<num>\d+(?:\.\d+)?)\s*(?P<unit>[^\d]{0,6})\s*$"
)
_ACHIEVED_WORDS = {"完成", "达成", "达到", "已完成", "全部完成", "按时完成", "是", "达标"}
GRADE_RANGES = {
    "达成": (Decimal("0.8"), Decimal(1)),
    "部分达成": (Decimal("0.6"), Decimal("0.8")),
    "未达成": (ZERO, Decimal("0.6")),
}


@dataclass(frozen=True, slots=True)
class Quantity:
    """A number read from an indicator text such as “≥20个”."""

    value: Decimal
    unit: str
    direction: str | None


def parse_quantity(text: str) -> Quantity | None:
    """Read “≥20个”, “≦20万元”, “90%”, “19.69万元”; None for texts that are not a quantity."""
    match = _QUANTITY.match(text)
    if not match:
        return None
    cmp = match.group("cmp")
    return Quantity(
        Decimal(match.group("num")), match.group("unit").strip(), _COMPARATORS.get(cmp) if cmp else None
    )


@dataclass(frozen=True, slots=True)
class IndicatorScore:
    """The score of one indicator and how it was obtained."""

    indicator: Indicator
    method: str  # quantitative | qualitative | manual
    score: Decimal
    direction: str | None = None
    ratio: Decimal | None = None  # actual ÷ target (正向) or target ÷ actual (反向), uncapped
    grade: str | None = None


class ScoringProblem(ValueError):
    """An indicator that cannot be scored; carries a message key of data/messages.yaml, its params, and the
    indicator's index in its project (set by ``score_project``)."""

    def __init__(self, key: str, **params: object) -> None:
        super().__init__(key)
        self.key = key
        self.params = params
        self.index = 0


def _is_top_grade(target: str, actual: str) -> bool:
    scale = target.strip()
    return (
        len(scale) >= 2 and all(ch in "优良中差好一般较合格不" for ch in scale) and actual.strip() == scale[0]
    )


def score_indicator(ind: Indicator, decimals: int) -> IndicatorScore:
    """Score one indicator by the rules in this module's docstring."""
    weight = ind.weight
    kind = ind.kind
    target_q = parse_quantity(ind.target) if ind.target_value is None else None
    actual_q = parse_quantity(ind.actual) if ind.actual_value is None else None
    if kind == "auto":
        has_target = ind.target_value is not None or target_q is not None
        has_actual = ind.actual_value is not None or actual_q is not None
        kind = "quantitative" if has_target and has_actual else "qualitative"
        if ind.score is not None and ind.grade is None and kind == "qualitative":
            kind = "manual"
    if kind == "manual":
        if ind.score is None:
            raise ScoringProblem("indicator_grade", name=ind.name)
        if ind.score > weight:
            raise ScoringProblem("indicator_score_over_weight", name=ind.name, score=ind.score, weight=weight)
        return IndicatorScore(ind, "manual", round_half_up(ind.score, decimals))
    if kind == "quantitative":
        target = ind.target_value if ind.target_value is not None else (target_q.value if target_q else None)
        actual = ind.actual_value if ind.actual_value is not None else (actual_q.value if actual_q else None)
        if target is None:
            raise ScoringProblem("indicator_target", name=ind.name, target=ind.target)
        if actual is None:
            raise ScoringProblem("indicator_actual", name=ind.name, actual=ind.actual)
        if target_q and actual_q and target_q.unit and actual_q.unit and target_q.unit != actual_q.unit:
            raise ScoringProblem("indicator_unit", name=ind.name, target=ind.target, actual=ind.actual)
        direction = ind.direction or (target_q.direction if target_q and target_q.direction else "positive")
        if direction == "negative":
            ratio = Decimal(1) if actual == 0 else target / actual
        else:
            ratio = Decimal(1) if target == 0 else actual / target
        score = weight * min(ratio, Decimal(1))
        return IndicatorScore(ind, "quantitative", round_half_up(score, decimals), direction, ratio)
    grade = ind.grade
    if grade is None:
        actual_text, target_text = ind.actual.strip(), ind.target.strip()
        if (
            actual_text == target_text
            or actual_text in _ACHIEVED_WORDS
            or _is_top_grade(target_text, actual_text)
        ):
            grade = "达成"
        else:
            raise ScoringProblem("indicator_grade", name=ind.name)
    low, high = GRADE_RANGES[grade]
    if ind.score is None:
        if grade != "达成":
            raise ScoringProblem("indicator_score_missing", name=ind.name, grade=grade)
        return IndicatorScore(ind, "qualitative", round_half_up(weight, decimals), grade=grade)
    in_range = weight * low <= ind.score <= weight * high
    if grade != "达成" and ind.score >= weight * high:
        in_range = False
    if not in_range:
        raise ScoringProblem(
            "indicator_score_range",
            name=ind.name,
            score=ind.score,
            grade=grade,
            low=weight * low,
            high=weight * high,
        )
    return IndicatorScore(ind, "qualitative", round_half_up(ind.score, decimals), grade=grade)


@dataclass(frozen=True, slots=True)
class ProjectScore:
    """A project's self-evaluation result."""

    evaluation: ProjectEvaluation
    budget_total: Decimal
    executed_total: Decimal
    execution_rate: Decimal | None  # percent, exact
    fiscal_rate: Decimal | None
    other_rate: Decimal | None
    execution_score: Decimal
    indicators: tuple[IndicatorScore, ...]
    weight_total: Decimal
    total: Decimal
    grade: str

    @property
    def level1_totals(self) -> dict[str, tuple[Decimal, Decimal]]:
        """(weight, score) per 一级指标, in the order the indicators list them."""
        out: dict[str, tuple[Decimal, Decimal]] = {}
        for s in self.indicators:
            weight, score = out.get(s.indicator.level1, (ZERO, ZERO))
            out[s.indicator.level1] = (weight + s.indicator.weight, score + s.score)
        return out


def grade_of(score: Decimal) -> str:
    """评价等级 key: 90(含)以上 excellent (优), 80(含)–90 good (良), 60(含)–80 fair (中), below poor (差).

    The Chinese names are in the profile's labels (``grades``).
    """
    if score >= 90:
        return "excellent"
    if score >= 80:
        return "good"
    if score >= 60:
        return "fair"
    return "poor"


def _rate(executed: Decimal, budget: Decimal) -> Decimal | None:
    return None if budget == 0 else executed * HUNDRED / budget


def score_project(evaluation: ProjectEvaluation, decimals: int) -> ProjectScore:
    """Score a 项目支出绩效自评表; raises ``ScoringProblem`` (with the indicator index) when it cannot."""
    funds = evaluation.funds
    budget = funds.budget_fiscal + funds.budget_other
    executed = funds.executed_fiscal + funds.executed_other
    rate = _rate(executed, budget)
    weight = evaluation.execution_weight
    execution_score = (
        ZERO if rate is None else round_half_up(weight * min(rate / HUNDRED, Decimal(1)), decimals)
    )
    scores = []
    for index, indicator in enumerate(evaluation.indicators):
        try:
            scores.append(score_indicator(indicator, decimals))
        except ScoringProblem as problem:
            problem.index = index
            raise
    total = execution_score + sum((s.score for s in scores), ZERO)
    weight_total = weight + sum((i.weight for i in evaluation.indicators), ZERO)
    return ProjectScore(
        evaluation,
        budget,
        executed,
        rate,
        _rate(funds.executed_fiscal, funds.budget_fiscal),
        _rate(funds.executed_other, funds.budget_other),
        execution_score,
        tuple(scores),
        weight_total,
        total,
        grade_of(total),
    )
