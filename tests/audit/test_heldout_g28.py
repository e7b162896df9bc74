"""False alarms found on the held-out group g28 after its first score, each with the case that must still
be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _findings

# g28-08 line 21: the car item's two parts in a bracket, each with its prior year and its budget
_CAR_PARTS = (
    "迪庆州州本级2021年度“三公”经费决算情况说明\n"
    "公务用车购置及运行维护费为1012万元,较上年1024万元减少12万元,下降1%,较预算数898万元增加114万元,增长13%"
    "(其中:公务用车购置费209万元,较上年251万元减少42万元,下降17%,较预算数62万元增加147万元,增长237%;"
    "公务用车运行维护费803万元,较上年773万元增加30万元,增长4%,较预算数836万元减少33万元,下降4%)。\n"
)


def _changes(tmp_path, text: str, name: str = "doc.txt") -> list[str]:
    return [f.message for f in _findings(tmp_path, text, name) if f.rule_id == "A014"]


def test_a_prior_named_by_its_comparison_after_another_items_figures_is_its_own_items(tmp_path):
    # “…;公务用车运行维护费803万元,较上年773万元增加30万元”: the 773 is the 运行维护费's prior (803 − 773
    # = 30), not the 购置费's, whose name the label read back over the figures between would find first
    assert _changes(tmp_path, _CAR_PARTS) == []
    wrong = _CAR_PARTS.replace("较上年773万元增加30万元", "较上年773万元增加35万元")
    found = _changes(tmp_path, wrong, "wrong.txt")
    assert found and all("运行维护费" in m and "803" in m and "773" in m for m in found), found
