"""A014: a total's change stated in one paragraph and its items' changes each in a numbered paragraph after
it (“…“三公”经费决算20.2万元,与2016年决算相比减少0.8万元…” / “一、…因公出国(境)费决算7.8万元,与2016年
决算相比减少1.3万元…” / “二、…” / “三、…”): the items become the total's parts, so the changes' sum and the
rate recomputed from the items' implied prior years are checked — only when the numbered paragraphs are
exactly the total's known parts, each with its amount and its change in one sentence, a nested list of an
item's parts left out."""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.rules.base import Context
from juesuan.audit.run import audit_path, read_for_audit

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"

# g3-03 (天津市红桥区人民法院 2017 “三公”经费), lines 4–7. As published the car's 持平 follows its only part's
# figure (“决算11.9万元,全部为公务用车运行维护费11.9万元,与2016年持平”): it is that part's change, the car
# states none of its own, and the items are not read as the total's parts.
G3_03_CAR = "决算11.9万元,全部为公务用车运行维护费11.9万元,与2016年持平"
# the same words with the 持平 said of the car's own figure
G3_03_CAR_OWN = "决算11.9万元,与2016年持平,全部为公务用车运行维护费11.9万元"
G3_03_TOTAL = "与2016年决算相比减少0.8万元"


def _text(name: str, *edits: tuple[str, str]) -> str:
    text = (DOCS / name).read_text(encoding="utf-8")
    for old, new in edits:
        assert text.count(old) == 1, old
        text = text.replace(old, new)
    return text


def _planted(tmp_path: Path, *edits: tuple[str, str]) -> Path:
    path = tmp_path / "g3-03.txt"
    path.write_text(_text("g3-03.txt", *edits), encoding="utf-8")
    return path


def _a014(path: Path) -> list:
    return [f for f in audit_path(path).findings if f.rule_id == "A014"]


def _sum_error(path: Path) -> str:
    """The message of the one finding that the items' changes do not add up to the total's (an error)."""
    found = [f for f in _a014(path) if "各项增减额合计" in f.message]
    assert [f.severity for f in found] == ["error"]
    return found[0].message


def _parts(path: Path, name: str) -> dict[str, list[str]]:
    doc, error = read_for_audit(path)
    facts = Context(name, doc, error).facts
    return {ch.key: [p.key for p in ch.parts] for ch in facts.changes if ch.parts_apart}


ITEMS = ["sangong.abroad", "sangong.car", "sangong.reception"]


def test_published_texts_with_an_item_that_states_no_change_of_its_own():
    # f02, f03: “（一）因公出国（境）费0万元。” states no change; g19-02: the car's change only by its
    # numbered parts; g22-08: 公务接待 has no change; g3-03: the car's 持平 is its part's; g1-04: no total
    # change. None is read, and g3-03 (right as published) gives no A014 finding.
    for name in ("f02", "f03", "g19-02", "g22-08", "g3-03", "g1-04"):
        assert _parts(DOCS / f"{name}.txt", name) == {}, name
    assert not _a014(DOCS / "g3-03.txt")


def test_items_in_numbered_paragraphs_are_the_totals_parts(tmp_path):
    path = _planted(tmp_path, (G3_03_CAR, G3_03_CAR_OWN))
    assert _parts(path, "g3-03") == {"sangong.total": ITEMS}
    # −1.3 + 0 + 0.5 = −0.8: right
    assert not _a014(path)


def test_a_slip_in_the_totals_change(tmp_path):
    path = _planted(tmp_path, (G3_03_CAR, G3_03_CAR_OWN), (G3_03_TOTAL, "与2016年决算相比减少1.8万元"))
    message = _sum_error(path)
    assert "减少1.8万元" in message and "-0.80万元" in message and "相差1.00万元" in message


def test_a_slip_in_the_totals_rate_against_the_items_implied_priors(tmp_path):
    # priors 7.8 + 1.3 = 9.1, 11.9 (持平), 0.5 − 0.5 = 0: 21.0; 20.2 ÷ 21.0 − 1 = −3.81%
    right = _planted(tmp_path, (G3_03_CAR, G3_03_CAR_OWN), (G3_03_TOTAL, "与2016年决算相比下降3.8%"))
    assert not _a014(right)
    wrong = _planted(tmp_path, (G3_03_CAR, G3_03_CAR_OWN), (G3_03_TOTAL, "与2016年决算相比下降4.8%"))
    found = [f for f in _a014(wrong) if "推算的上年数" in f.message]
    # the car's 持平 carries no figure bound to it: a warning
    assert [f.severity for f in found] == ["warning"]
    assert "21.00万元" in found[0].message and "下降3.81%" in found[0].message


# the car's line as a numbered list of its parts under its own figure and change
G3_03_CAR_NESTED = (
    "二、2017年公务用车购置及运行维护费决算11.9万元,与2016年持平。\n"
    "1.公务用车购置费0万元,与2016年持平。\n"
    "2.公务用车运行维护费11.9万元,与2016年持平。"
)


def test_a_nested_list_of_an_items_parts_is_not_counted_again(tmp_path):
    car = "二、2017年公务用车购置及运行维护费" + G3_03_CAR + "。"
    path = _planted(tmp_path, (car, G3_03_CAR_NESTED), (G3_03_TOTAL, "与2016年决算相比减少1.8万元"))
    assert _parts(path, "g3-03") == {"sangong.total": ITEMS}
    assert "-0.80万元" in _sum_error(path)
