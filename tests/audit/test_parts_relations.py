"""A020 on the “三公” total: the car item may be listed as its two parts; a list that does not name every
“三公” item is not known to be the whole."""

from __future__ import annotations

from juesuan.audit.run import audit_path

# g5-07 (铜梁区安居镇 2021), line 4
G5_07 = (
    "2021年我镇“三公”经费预算为20万元,其中:因公出国(境)费0万元,公务接待费9万元,"
    "公务用车运行维护费11万元,公务用车购置0万元。\n"
)


def _a020(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text("某镇2021年度部门决算\n" + text, encoding="utf-8")
    return [f for f in audit_path(path).findings if f.rule_id == "A020" and f.severity != "info"]


def test_car_as_its_two_parts(tmp_path):
    assert not _a020(tmp_path, G5_07)
    # whole 万元 stand for ±0.5 each: a gap of 1 is within rounding; with 分 it is not
    exact = G5_07.replace("万元", ".00万元").replace("运行维护费11.00万元", "运行维护费12.00万元")
    bad = _a020(tmp_path, exact, "bad.txt")
    assert [f.severity for f in bad] == ["error"] and "21.00" in bad[0].message


def test_a_list_that_leaves_out_an_item_is_not_the_whole(tmp_path):
    text = "2021年我镇“三公”经费支出20万元,其中:公务接待费9万元,公务用车运行维护费7万元。\n"
    assert not _a020(tmp_path, text)


# g5-09 (中共西湖区委老干部局 2017), line 21: every share is of 总收入, named once at the start
G5_09 = (
    "本年收入合计521.49万元,占总收入99.90%,包括财政拨款收入494.34万元(其中,一般公共预算494.34万元,"
    "政府性基金预算0万元),占94.70%;事业收入0万元,占0%;其他收入27.14万元,占5.20%。\n"
)


def test_shares_of_a_base_named_once_and_a_bracket_before_the_share(tmp_path):
    path = tmp_path / "g.txt"
    path.write_text("中共西湖区委老干部局2017年度部门决算\n" + G5_09, encoding="utf-8")
    found = [f for f in audit_path(path).findings if f.rule_id in ("A012", "A013")]
    assert not found, [f.message for f in found]
    # shares of parts that add up to more than the whole are wrong whatever the base
    path.write_text(path.read_text(encoding="utf-8").replace("占5.20%", "占15.20%"), encoding="utf-8")
    assert "A013" in {f.rule_id for f in audit_path(path).findings}
