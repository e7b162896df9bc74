"""False alarms and misses found on the held-out group g22, each with the case that must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _rules

_TWO_DEPARTMENTS = (
    "省质监局购置23辆公车\n"
    "省质监局公布,2011年“三公经费”财政拨款支出共1660.78万元,其中因公出国(境)费支出43.28万元。\n"
    "公务用车购置及运行费支出1352.78万元,公务接待费支出264.72万元。\n"
    "省审计厅公务接待费47万\n"
    "省审计厅2011年“三公”经费财政拨款支出数361.17万元,其中因公出国(境)费167.39万元。\n"
    "2011年省审计厅公务用车购置及运行费146.21万元。\n"
)


def test_another_named_bodys_figures_are_its_own(tmp_path):
    # g22-01: a news item on two departments; the second's “三公” total and items (named by the body at the
    # opening of their sentences) are not second statements of the first's
    assert "A010" not in _rules(tmp_path, _TWO_DEPARTMENTS)
    # one body's item stated twice with two values is still found
    twice = _TWO_DEPARTMENTS + "省审计厅公务用车购置及运行费支出164.21万元,主要用于审计业务。\n"
    assert "A010" in _rules(tmp_path, twice, "twice.txt")
    # and a body named twice (with and without its full place) is one body
    one = (
        "寻甸回族彝族自治县农业农村局2019年“三公”经费支出决算为12.5万元。\n"
        "寻甸县农业农村局2019年“三公”经费支出决算为21.5万元。\n"
    )
    assert "A010" in _rules(tmp_path, one, "one.txt")
