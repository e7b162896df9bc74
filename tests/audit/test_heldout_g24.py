"""False alarms and misses found on the held-out group g24, each with the case that must still be found."""

from __future__ import annotations

import pytest

from tests.audit.test_heldout_g19 import _findings, _rules
from tests.audit.test_heldout_g22 import _clean_then_found

_MASKED_COPY = (
    "XX市第一幼儿园\n"
    "2015年度部门决算公开说明\n"
    "(一)主要职能\n"
    "XX市第一幼儿园隶属于XX市教育局,创办于1959年。是我市创办最早、办园经验最丰富的园所。\n"
)


def test_a_list_numbered_inline_after_its_head(tmp_path):
    # g24-04 line 9 (a miss): “(一)基本支出:3093.3838万元。其中1、工资福利支出…,2、…,3、…” — a 其中 list
    # numbered inline splits the one figure of the sentence before (2,338.13 + 76.6438 + 678.71 = 3,093.4838)
    text = (
        "澧县澧阳镇中学2016年部门决算公开\n"
        "三、一般公共预算财政拨款支出情况\n"
        "(一)基本支出:3093.3838万元。其中1、工资福利支出2338.13万元,2、商品和服务支出76.6438万元,"
        "3、对个人和家庭补助支出678.71万元,\n"
    )
    assert set(_rules(tmp_path, text).get("A020", [])) & {"error", "warning"}
    assert "A020" not in _rules(tmp_path, text.replace("3093.3838万元", "3093.4838万元"), "right.txt")


def test_a_copy_masking_the_units_own_place_is_a_note(tmp_path):
    # g24-05, g24-06: a document site's copy names the unit “XX市第一幼儿园”: the place is masked, not a
    # template's blank: one note for the copy, no error
    found = [f for f in _findings(tmp_path, _MASKED_COPY) if f.rule_id == "A040"]
    assert [f.severity for f in found] == ["info"], found
    # a template's “XX” that is not the unit's masked place is still residue
    blank = _MASKED_COPY + "本单位预算代码:XXX,单位负责人:某某。\n"
    assert "error" in _rules(tmp_path, blank, "blank.txt").get("A040", [])
    # and with a named unit, an “XX市” left in the text is still a placeholder
    named = _MASKED_COPY.replace("XX市第一幼儿园\n", "常德市第一幼儿园\n", 1)
    assert "error" in _rules(tmp_path, named, "named.txt").get("A040", [])


# Each case: a passage of a g24 text that drew a false finding, the rules it must not draw, and a slip
# planted in it that the rule must still find.
CASES = {
    # g24-05: “财政补助收入” (事业单位 accounts before 2019) is the 财政拨款收入, a part of the 本年收入
    "subsidy income is the fiscal income": (
        "2015年度部门决算公开说明\n"
        "1、年度收支决算情况。我园年初结转结余数为77.56万元,本年收入总额为761.06万元,其中财政补助收入520.46万元,"
        "事业收入235万元,上级补助收入5.5万元,其他收入0.1万元,收入总计838.62万元;本年支出总额为740.79万元,"
        "其中学前教育支出738.39万元,教育费附加安排的支出2.4万元;结余97.83万元。\n",
        ("A020",),
        ("事业收入235万元", "事业收入236万元"),
        "A020",
    ),
    # g24-06 line 18: “较2016年决算4.08万元” opening a sentence is the prior year's figure (the year is a
    # mention of its own, so the label after it is only “决算”), not a second figure of this year (A010) nor
    # the level of the change (A014, “上年应为3.61万元”); the change is checked against it
    "a sentence opening with the prior year's figure": (
        "2017年度部门决算\n"
        "三、支出决算具体情况\n"
        "住房保障支出(类)住房改革支出(款)住房公积金(项)支出4.55万元,完成预算的100%,用于学校在职教师的住房"
        "公积金开支。较2016年决算4.08万元,增加了0.47万元,增加了11.52%,增加原因公积金基数的增加。\n",
        ("A010", "A014"),
        ("增加了11.52%", "增加了12.52%"),
        "A014",
    ),
    # g24-02 line 9: a 其中 opening a bracket lists inside it only (助理级36人 is the next grade, not part of
    # the 中级17人); a bracketed part above its head is still found
    "a bracketed breakdown lists inside its bracket": (
        "2017年临汾市第五小学决算\n"
        "1、本单位职责:单位人员编制:57人(其中一正两副),实有人员:53人,其中财政供养在职人员53人,离退休人员13人。"
        "人员结构:中级17人(其中正科1人,副科2人),助理级36人。人员来源情况:学校毕业分配17人,招考录用36人。\n",
        ("A021",),
        ("副科2人", "副科20人"),
        "A021",
    ),
    # g24-05 line 15: the retirees beside an 编制 count are not posts of it; people of another kind are
    "retirees beside posts are not posts": (
        "2015年度部门决算公开说明\n"
        "我园截止2015年12月31日,编制数为59人,其中在职在编教职工人数为53人,退休人员23人。\n",
        ("A021",),
        ("退休人员", "聘用人员"),
        "A021",
    ),
    # g24-02 line 25 (a miss): shares written “占比99.25%” (占比, the word for share, names no base) are
    # checked against the head of their list
    "a share written 占比": (
        "2017年临汾市第五小学决算\n"
        "二、支出决算情况说明\n"
        "本年支出合计195.91万元,其中:基本支出194.44万元,占比99.25%;项目支出1.47万元,占比0.75%。\n",
        ("A012", "A013"),
        ("占比99.25%", "占比9.25%"),
        "A012",
    ),
    # g24-03 line 23: “本年收入1,396万元,占总收入100%” beside the sources' shares is the whole restated, not a
    # part (the shares added to 200%); a slip in a source's share still breaks the sum
    "a share of 100% restating the whole": (
        "衢州市衢江区大洲中学单位2016年度部门决算\n"
        "(一)收入决算总体情况\n"
        "衢州市衢江区大洲中学单位2016年度收入决算1,396万元,其中:本年收入1,396万元,占总收入100%,包括财政拨款收入"
        "1,167.66万元(其中,一般公共预算1,129.36万元,政府性基金预算38.3万元),占总收入83.64%;事业单位专户资金"
        "158.3万元,占总收入 11.34%;其他收入70.04万元,占总收入 5.02%。\n",
        ("A012", "A013"),
        ("占总收入 11.34%", "占总收入 12.34%"),
        # the figure at 100% is the shares' base, so the slip is found as the wrong share itself (A012), not
        # only as shares adding up to 101% (A013)
        "A012",
    ),
    # g24-01 line 9: “与2016年相比21.79万元,增加14.01%” (the direction word lost) is the item's change, not
    # one more part of the 本年收入合计
    "a change whose direction word was lost": (
        "2017年度部门决算\n"
        "三、收支决算总体情况\n"
        "2017年马家镇卫生院本年收入合计553.09万元,与2016年相比减少4.94万元,减少0.89%;其中:财政拨款收入177.28万元,"
        "占32.05%,与2016年相比21.79万元,增加14.01%;事业收入375.81万元,占67.95%与2016年相比减少26.73万元,"
        "减少6.64%。\n",
        ("A020",),
        ("收入合计553.09万元", "收入合计563.09万元"),
        "A020",
    ),
    # g24-04 line 12: “无机关运行费” (费 for 经费) is a usual shortening, not a lost character; a character
    # lost elsewhere in the term still is
    "费 for 经费": (
        "澧县澧阳镇中学2016年部门决算公开\n"
        "四、“三公”经费情况\n"
        "2016年“三公”经费支出2.5万元。主要是公务接待费。无机关运行费。无政府采购。\n",
        ("A040",),
        ("无机关运行费", "无机关运经费"),
        "A040",
    ),
    # g24-01 line 10 (a miss): parts whose shares of the total add up to 100% are the whole split, so their
    # changes add up to the total's change (−61.72 + 2.19 ≠ −59.42), though no table of parts names them
    "the changes of a whole split by its shares": (
        "2017年度部门决算\n"
        "三、收支决算总体情况\n"
        "2017年马家镇卫生院本年支出合计525.54万元,与2016年相比减少59.53万元,下降10.17%;其中:基本支出445.80万元,"
        "占84.83%与2016年相比减少61.72万元,减少12.16%;项目支出79.74万元,占15.17%与2016年相比增加2.19万元,"
        "增加2.82%。\n",
        ("A014", "A020"),
        ("减少59.53万元", "减少59.42万元"),
        "A014",
    ),
    # g24-07 line 13: a rate written “增加率为8%” is a rate of increase like “增长率”; before, it was read
    # as no rate at all (0.51 / 5.88 = 8.67%, so 8% is wrong)
    "a rate written 增加率": (
        "太原市小店区路灯管理所2016年度部门决算及“三公经费”决算公示补充说明\n"
        "3、2016年本单位运行经费支出6.39万元,较2015年5.88万元增加了0.51万元,增加率为8.67%,主要是物价上涨。\n",
        ("A014",),
        ("增加率为8.67%", "增加率为8%"),
        "A014",
    ),
    # g24-01 line 3: a second 其中 in the sentence opens a list of its own (titles of some of the staff), so
    # the first list (17 + 16 = 33) ends before it
    "a second 其中 opens its own list": (
        "2017年度部门决算\n"
        "(一)主要职能。\n"
        "我院下辖10个村卫生室27名乡村医生,现有在职职工共33人,其中在编职工17人,临聘人员16人,其中高级职称0名、"
        "中级职称5人,占地面积1332㎡,业务用房1450㎡,服务人口1.85万人。\n",
        ("A021",),
        ("临聘人员16人", "临聘人员18人"),
        "A021",
    ),
}


@pytest.mark.parametrize("case", sorted(CASES))
def test_false_alarm_gone_and_slip_found(tmp_path, case):
    text, gone, slip, rule = CASES[case]
    _clean_then_found(tmp_path, text, gone, slip, rule)
