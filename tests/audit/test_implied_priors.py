"""A014: a total's rate recomputed from its items' implied prior years (each item's amount − change, or amount
÷ (1 + rate)), from real published texts (``tests/corpus/docs/*.txt``): the texts as published give nothing,
and a slip planted in the total's rate is found with the recomputed rate."""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.rules.base import Context
from juesuan.audit.run import audit_path, read_for_audit

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"

# g1-02 (龙泉市 2018 “三公”经费), lines 1–2: every item states only its amount and its rate. The items'
# priors are 120 ÷ 1.791 + 1033 ÷ 0.924 + 1618 ÷ 0.988 = 2822.62; 2771 ÷ 2822.62 − 1 = −1.83%
G1_02_TOTAL = "决算总额2771万元,比上年下降1.8%"


def _implied(path: Path) -> list:
    return [f for f in audit_path(path).findings if f.rule_id == "A014" and "推算的上年数" in f.message]


def _planted(tmp_path: Path, name: str, old: str, new: str) -> Path:
    text = (DOCS / name).read_text(encoding="utf-8")
    assert text.count(old) == 1
    path = tmp_path / name
    path.write_text(text.replace(old, new), encoding="utf-8")
    return path


def test_a_total_rate_off_its_items_implied_priors(tmp_path):
    found = _implied(_planted(tmp_path, "g1-02.txt", G1_02_TOTAL, "决算总额2771万元,比上年下降1.5%"))
    assert [f.severity for f in found] == ["error"]
    message = found[0].message
    assert "下降1.5%" in message and "2822.62万元" in message and "下降1.83%" in message
    # within the items' rates (−7.6% … +79.1%): the range check alone cannot see it
    assert not [f for f in audit_path(tmp_path / "g1-02.txt").findings if "不可能超出此范围" in f.message]


def test_a_total_change_beside_items_with_rates_only(tmp_path):
    found = _implied(_planted(tmp_path, "g1-02.txt", G1_02_TOTAL, "决算总额2771万元,比上年减少80万元"))
    assert [f.severity for f in found] == ["error"]
    assert "减少80万元" in found[0].message and "合计应减少51.62万元" in found[0].message
    assert not _implied(_planted(tmp_path, "g1-02.txt", G1_02_TOTAL, "决算总额2771万元,比上年减少52万元"))


def test_a_rate_within_the_rounding_of_the_printed_figures_is_right(tmp_path):
    # 1.9% is within the range the whole 万元 and one-decimal rates allow (下降1.77%…1.89%, ±0.05)
    assert not _implied(_planted(tmp_path, "g1-02.txt", G1_02_TOTAL, "决算总额2771万元,比上年下降1.9%"))


def test_the_published_texts_give_nothing():
    # g1-03: items 12 + 1356 + 995 = 2363 against the total 2364 (whole 万元): the rate 16.77% is within
    # rounding; the others state every item's change (and most a rate) on the prior year or the budget
    for name in ("g1-02", "g1-03", "g21-10", "g8-09", "g15-02", "g21-04", "g18-02", "g4-10", "p10"):
        assert not _implied(DOCS / f"{name}.txt"), name


def _sangong(name: str) -> dict[str, tuple[str, str, list[str]]]:
    doc, error = read_for_audit(DOCS / f"{name}.txt")
    facts = Context(name, doc, error).facts
    return {
        ch.key: (
            ch.current.mention.raw if ch.current else "",
            ch.pct.raw if ch.pct else "",
            [p.key for p in ch.parts],
        )
        for ch in facts.changes
        if ch.key.startswith("sangong.")
    }


def test_a_rate_after_another_items_amount_is_that_items():
    # g1-02: “公务接待费决算1033万元,与上年下降7.6%” — the rate has no subject of its own in its clause; the
    # list of the sentence after “分项情况是:” splits the total of the sentence before, and the “其中” after
    # the car's rate splits the car's figure, not the sentence's first item's
    changes = _sangong("g1-02")
    assert changes["sangong.reception"][:2] == ("1033万元", "7.6%")
    assert changes["sangong.total"][2] == ["sangong.abroad", "sangong.reception", "sangong.car"]
    assert changes["sangong.car"][2] == ["sangong.car_purchase", "sangong.car_run"]
    assert changes["sangong.abroad"][2] == []


def test_a_rate_after_a_bracket_of_parts_is_the_whole_figures():
    # g1-03: “公车购置及运行费995万元(其中公务用车购置费38万元,公务用车运行费958万元),比上年决算数下降26.24%”
    changes = _sangong("g1-03")
    assert changes["sangong.car"][:2] == ("995万元", "26.24%")
    assert "sangong.car_run" not in changes
    assert changes["sangong.reception"][2] == []


# g22-03 (蕉城区 2022 区本级决算), line 3: a change with no comparison named after the share of the adjusted
# budget. Whether the prior year's or the budget's, its base is the amount less the change: 42991 ÷ 416998
# = 10.31%
G22_03 = "增支42991萬元,增長10.3%"


def test_a_rate_after_a_share_of_the_budget_with_no_base_named(tmp_path):
    path = _planted(tmp_path, "g22-03.txt", G22_03, "增支42991萬元,增長11.3%")
    found = [f for f in audit_path(path).findings if f.rule_id == "A014" and "未说明比较基数" in f.message]
    assert [f.severity for f in found] == ["warning"]
    assert "416998万元" in found[0].message and "10.31%" in found[0].message
    published = audit_path(DOCS / "g22-03.txt").findings
    assert not [f for f in published if "未说明比较基数" in f.message]
