"""Slips planted by ``bench/auto_slips.py`` into relations that hold by the corpus texts' own arithmetic, that
the auditor missed: each fix with the real sentence, the slip found and the correct text silent."""

from __future__ import annotations

from tests.audit.test_wording import found_then_silent

# g14-08 line 11: the completion between the level and its change names the budget by what it budgets
# (“完成全年预算收入的66.4%”); it does not part the change from its level
BUSINESS_INCOME = (
    "常州市金坛第一人民医院2020年财务信息公开\n"
    "1、2020年完成业务收入44009万元,完成全年预算收入的66.4%,比上年同期减少16177万元,减少{pct}%。\n"
)


def test_a_completion_of_the_budgeted_income_between_a_level_and_its_change(tmp_path):
    wrong, right = (BUSINESS_INCOME.format(pct=p) for p in ("62.9", "26.9"))
    found_then_silent(tmp_path, wrong, right, "A014", "62.9%", "26.88%")
