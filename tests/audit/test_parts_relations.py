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
