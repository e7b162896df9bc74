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
    # shares of parts that add up to more than the whole are wrong whatever the base; the share off the base
    # the others imply (521.49 ÷ 99.90%, 494.34 ÷ 94.70%) is named by A012 (A013 then leaves the sum)
    path.write_text(path.read_text(encoding="utf-8").replace("占5.20%", "占15.20%"), encoding="utf-8")
    said = [f for f in audit_path(path).findings if f.rule_id in ("A012", "A013") and f.severity != "info"]
    assert len(said) == 1 and "15.20%" in said[0].message, [f.message for f in said]


# f02 (平潭 2016), lines 23-26: the 项级 items as numbered paragraphs under the stated total
F02 = (
    "五、公共财政拨款支出决算情况2016年公共财政拨款支出702.47万元，比2015年决算数减少18.45万元，下降2.5％，"
    "具体情况如下（按项级科目分类统计）：\n"
    "（一）综合医院支出485.89万元，较2015年决算数增加469.53万元，增长2869%。主要原因是在项目支出中的项级科目进行调整，均为项目支出。\n"
    "（二）其他基层医疗卫生机构支出182.11万元，较2015年决算数减少413.56万元，下降69.43%。主要原因是在项目支出中的项级科目进行调整，均为项目支出。\n"
    "（三）其他医疗卫生与计划生育支出34.47万元，较2015年决算数减少74.42万元，下降68.34%。主要原因是在项目支出中的项级科目进行调整，均为项目支出。\n"
    "六、政府性基金支出决算情况2016年度政府性基金支出0万元。与2015年决算数相同，均无政府性基金支出数。\n"
)


def test_numbered_paragraphs_under_the_details_of_a_total(tmp_path):
    assert not _a020(tmp_path, F02)
    # “具体情况如下” lists the whole: items short of the total are wrong too, not a 其中 left incomplete
    for slip, name in (("182.11万元", "a.txt"), ("182.41万元", "b.txt")):
        text = F02.replace("182.11万元", slip.replace("182.11", "152.11") if name == "a.txt" else slip)
        found = _a020(tmp_path, text, name)
        assert len(found) == 1 and "702.47" in found[0].message, [f.message for f in found]


# g6-01 (2016), line 4: a head named 总收入 (收入总计 or 本年收入: the text does not say) over its 其中 list
G6_01 = (
    "2016年度总收入27,664.71万元,其中:财政拨款收入9,787.85万元,教育事业收入5,738.74万元,"
    "其他收入12,037.17万元,经营收入100.95万元。\n"
)


def test_a_list_under_a_head_named_total_income(tmp_path):
    assert not _a020(tmp_path, G6_01)
    found = _a020(tmp_path, G6_01.replace("5,738.74", "5,938.74"), "over.txt")
    assert [f.severity for f in found] == ["warning"] and "27864.71" in found[0].message
    # short of the head is not wrong: 总收入 may hold a 年初结转 the list leaves out
    assert not _a020(tmp_path, G6_01.replace("5,738.74", "5,538.74"), "short.txt")
