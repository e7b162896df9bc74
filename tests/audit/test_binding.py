"""How stated figures are bound to each other (the base of a share, the items of a list, the pairing of an
amount and a rate), on excerpts of real published texts; each behaviour with a passing and a failing case."""

from __future__ import annotations

from decimal import Decimal

from juesuan.audit.document import Document, Paragraph, Where, analyse_structure
from juesuan.audit.facts import extract
from juesuan.audit.run import audit_path


def _facts(*texts: str):
    doc = Document(path="t.txt", format="txt")
    doc.blocks = [Paragraph(k, t, [(0, Where(line=k + 1))]) for k, t in enumerate(texts)]
    analyse_structure(doc)
    return extract(doc)


def _audit(tmp_path, *lines: str, rules: tuple[str, ...] = ()):
    path = tmp_path / "doc.txt"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    found = audit_path(path).findings
    return [f for f in found if not rules or f.rule_id in rules]


# --- the base of a share ------------------------------------------------------------------------------

P07 = (
    "2023年度本年收入合计17786.10万元，比上年减少3433.46万元，下降16.18%。",
    "1.财政拨款收入17776.10万元，占收入合计的99.94%。其中：一般公共预算财政拨款收入17776.10万元，"
    "占收入合计的{pct}%；政府性基金预算财政拨款收入0.00万元，占收入合计的0%。",
)


def test_a_named_base_wins_over_the_list_head():
    f = _facts(P07[0], P07[1].format(pct="99.94"))
    share = next(s for s in f.shares if s.amount.key.endswith("income.gpb"))
    assert share.base is not None and share.base.value == Decimal("17786.10")


def test_named_base_share_true_and_false(tmp_path):
    assert not _audit(tmp_path, P07[0], P07[1].format(pct="99.94"), rules=("A012",))
    (hit,) = _audit(tmp_path, P07[0], P07[1].format(pct="98.94"), rules=("A012",))
    assert hit.severity == "error" and "17786.10" in hit.message and "99.94%" in hit.message


SANGONG = (
    "2023年度“三公”经费财政拨款支出预算为44.52万元，支出决算为22.62万元，完成预算的50.81%。"
    "其中：公务接待费20.10万元，占{pct}%。"
)


def test_a_share_is_of_the_total_of_the_same_kind():
    f = _facts(SANGONG.format(pct="88.86"))
    (share,) = f.shares
    assert share.base is not None and share.base.value == Decimal("22.62") and share.base.role != "budget"


def test_share_of_the_actual_not_the_budget(tmp_path):
    assert not _audit(tmp_path, SANGONG.format(pct="88.86"), rules=("A012",))
    (hit,) = _audit(tmp_path, SANGONG.format(pct="45.15"), rules=("A012",))
    assert "22.62" in hit.message and "88.86%" in hit.message


# --- parts vs total in a 其中 list continued in the next paragraphs ------------------------------------


def _car(purchase: str, run: str) -> tuple[str, ...]:
    return (
        "2.公务用车购置及运行维护费支出4.02万元。其中：",
        f"公务用车购置支出{purchase}万元，购置车辆0辆。本单位2023年度无此项支出。",
        f"公务用车运行维护支出{run}万元，开支一般公共预算财政拨款的公务用车保有量为7辆。",
    )


def test_car_parts_vs_car_total(tmp_path):  # p10 (云南), real text: 0 + 0 ≠ 4.02
    assert not _audit(tmp_path, *_car("0", "4.02"), rules=("A020",))
    (hit,) = _audit(tmp_path, *_car("0", "0"), rules=("A020",))
    assert hit.severity == "error" and "4.02" in hit.message and "0＋0" in hit.message


def _income(fiscal: str) -> tuple[str, ...]:
    return (
        "（一）2016本年收入1085.50万元，比2015年决算数增加155.86万元，上升16.77%，具体情况如下：",
        f"1.财政拨款收入{fiscal}万元，其中政府性基金54.00万元；",
        "2.事业收入0万元；",
        "3.经营收入0万元；",
        "4.其他收入0万元。",
    )


def test_income_sources_vs_income_total(tmp_path):  # f03 (福建), real text: gap 54.00
    assert not _audit(tmp_path, *_income("1085.50"), rules=("A020",))
    (hit,) = _audit(tmp_path, *_income("1031.50"), rules=("A020",))
    assert hit.severity == "error" and "54.00" in hit.message


def test_one_part_named_is_not_the_whole_list(tmp_path):  # p01 (重庆): the list is cut after one item
    lines = (
        "2023年度支出合计11350.09万元，较上年决算数增加203.1万元。其中：基本支出8468.07万元，占74.61%。",
    )
    assert all(f.severity == "info" for f in _audit(tmp_path, *lines, rules=("A020",)))


# --- item changes vs the total change ------------------------------------------------------------------

P10_CHANGES = (
    "2023年度一般公共预算财政拨款“三公”经费支出决算数比2022年减少{total}万元，下降{rate}%。"
    "其中：因公出国（境）费支出决算增加0万元，增长0.00%；公务用车购置及运行费支出决算增加0.05万元，"
    "增长1.26%；公务接待费支出决算减少0.46万元，下降5.44%。"
)


def test_item_changes_are_parts_of_the_total_change():
    f = _facts(P10_CHANGES.format(total="0.41", rate="3.34"))
    head = next(c for c in f.changes if c.key == "sangong.total")
    assert [p.key for p in head.parts] == ["sangong.abroad", "sangong.car", "sangong.reception"]


def test_item_changes_vs_total_change(tmp_path):  # p10 (云南) as published, and the f03 slip
    assert not _audit(tmp_path, P10_CHANGES.format(total="0.41", rate="3.34"), rules=("A014",))
    (hit,) = _audit(tmp_path, P10_CHANGES.format(total="0.51", rate="3.34"), rules=("A014",))
    assert hit.severity == "error" and "-0.41" in hit.message


def test_total_rate_within_the_items_rates(tmp_path):
    (hit,) = _audit(tmp_path, P10_CHANGES.format(total="0.41", rate="13.34"), rules=("A014",))
    assert "-5.44%至1.26%" in hit.message


def test_a_rate_with_its_own_subject_is_another_item():
    f = _facts(
        "2023年“三公”经费支出3.5万元，与上年相比，公务用车购置费增加0.89万元，公务用车运行费下降20.25%。"
    )
    purchase = next(c for c in f.changes if c.key == "sangong.car_purchase")
    run = next(c for c in f.changes if c.key == "sangong.car_run")
    assert purchase.pct is None and run.pct is not None and run.pct.value == Decimal("20.25")
    f = _facts("2023年公务用车购置费3万元，与上年相比增加0.89万元，增长42.11%。")
    (change,) = f.changes
    assert change.pct is not None and change.delta is not None


# --- a rate on a zero prior year, in every phrasing ----------------------------------------------------


def test_growth_from_zero_in_every_phrasing(tmp_path):  # f03 (福建): 39.83 “增加39.83万元，增长100%”
    for up, rate in (("增加", "增长"), ("增加（减少）", "增长（下降）"), ("增加", "上升")):
        line = f"2016年节能环保支出39.83万元，比2015年决算数{up}39.83万元，{rate}100%。"
        (hit,) = _audit(tmp_path, line, rules=("A018",))
        assert "39.83" in hit.message
    assert not _audit(
        tmp_path, "2016年节能环保支出39.83万元，比2015年决算数增加19.83万元，增长99.15%。", rules=("A018",)
    )


# --- what is not one of this year's figures ----------------------------------------------------------


def test_a_prior_year_figure_is_not_this_years(tmp_path):  # g2-03 (陕西)
    line = (
        "2020年“三公”经费支出431万元，比上年累计支出433万元减少2万元，下降0.46%。其中，公务用车及运行维护费支出"
        "251万元，比上年累计支出285万元下降34万元，下降12%；公务用车购置支出56万元比上年增加56万元；"
        "公务接待支出124万元，比上年累计支出148万元下降24万元，下降{rate}%。"
    )
    f = _facts(line.format(rate="16"))
    assert Decimal("285") not in {a.value for a in f.amounts}
    assert not _audit(tmp_path, line.format(rate="16"), rules=("A014",))
    (hit,) = _audit(tmp_path, line.format(rate="26"), rules=("A014",))
    assert "124" in hit.message


def test_a_budget_list_is_not_the_actuals(tmp_path):  # g4-05 (云南): A010 across 预算 and 决算 was false
    lines = (
        "2016年，市人大“三公”经费预算为168.53万元，其中：因公出国（境）费39万元、公务用车运行维护费119.5万元、"
        "国内公务接待费10万元。“三公”经费支出为163.58万元，完成预算的97.06%，其中：因公出国（境）费支出52.15万元，"
        "完成预算的133.72%；公务用车运行维护费支出104.46万元，完成预算的87.39%。",
    )
    f = _facts(*lines)
    assert {a.role for a in f.amounts if a.value == Decimal("119.5")} == {"budget"}
    assert not _audit(tmp_path, *lines, rules=("A010",))
    (hit,) = _audit(tmp_path, *lines, "公务用车运行维护费支出114.46万元。", rules=("A010",))
    assert "104.46" in hit.message


def test_an_amount_inside_the_share_phrase_is_its_base(tmp_path):  # g2-06 (湖南)
    line = "财政拨款支出按功能科目分类，一般公共服务支出0万元，占本年财政拨款支出488.80万元的{pct}%。"
    (share,) = _facts(line.format(pct="0")).shares
    assert share.amount.value == 0 and share.base is not None and share.base.value == Decimal("488.80")
    assert not _audit(tmp_path, line.format(pct="0"), rules=("A012",))
    assert _audit(tmp_path, line.format(pct="5"), rules=("A012",))
