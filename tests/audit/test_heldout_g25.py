"""False alarms and misses found on the held-out group g25 (街道 and 乡镇 决算), each with the case that must
still be found."""

from __future__ import annotations

from juesuan.audit.rules import structure
from tests.audit.test_heldout_g19 import _findings
from tests.audit.test_heldout_g22 import _clean_then_found

# g25-04: a mirror's copy of a 镇's report that ends after the 概况, with a whole last sentence
_OPENING_ONLY = (
    "2021年度\n"
    "关市镇人民政府部门决算\n"
    "目录\n"
    "第一部分关市镇人民政府概况\n"
    "一、部门职责\n"
    "二、机构设置\n"
    "第二部分2021年度部门决算表\n"
    "一、收入支出决算总表\n"
    "二、收入决算表\n"
    "三、支出决算表\n"
    "四、财政拨款收入支出决算总表\n"
    "五、一般公共预算财政拨款支出决算表\n"
    "六、一般公共预算财政拨款基本支出决算表\n"
    "七、一般公共预算财政拨款“三公”经费支出决算表\n"
    "第三部分2021年度部门决算情况说明\n"
    "一、收入支出决算总体情况说明\n"
    "二、收入决算情况说明\n"
    "第四部分名词解释\n"
    "第五部分附件\n"
    "第一部分\n"
    "关市镇人民政府概况\n"
    "一、部门职责\n"
    "①贯彻执行党的路线、方针、政策。\n"
    "②抓好本镇党建工作、群团工作、精神文明建设工作、新闻宣传工作。\n"
    "⑨完成上级党委、政府交办的其它事项。\n"
)


def _structure(tmp_path, text: str, name: str) -> set[tuple[str, str]]:
    """The severities of the missing-part and missing-table findings (A043, A044) on ``text``."""
    found = _findings(tmp_path, text, name)
    return {(f.severity, f.message) for f in found if f.rule_id in ("A043", "A044")}


def test_a_page_that_stops_within_its_first_listed_part_is_cut_short(tmp_path):
    # g25-04: the body reaches only 第一部分 of the five its 目录 lists: the parts and tables not seen may be
    # past the cut, so they are notes saying so, not warnings (A043, A044)
    cut = _structure(tmp_path, _OPENING_ONLY, "cut.txt")
    assert cut and {s for s, _ in cut} == {"info"}, cut
    assert all("正文止于目录所列的第一部分" in message for _, message in cut), cut
    # a body that reaches a later part (here the 情况说明 without its 决算表) still lacks the tables
    later = "第三部分2021年度部门决算情况说明\n一、收入支出决算总体情况说明\n本年收入总计100万元。\n"
    assert "warning" in {s for s, _ in _structure(tmp_path, _OPENING_ONLY + later, "reached.txt")}


def test_a_row_of_metadata_fields_without_colons_is_no_doubled_word(tmp_path):
    # g25-01 line 5: “公开方式 主动公开 公开时限 长期公开 是否有效 有效” — the value 主动公开 ends one
    # field and the label 公开时限 begins the next, parted by spaces with no colon: not “公开公开”
    fields = (
        "发布机构 兴庆区文化街街道办事处 责任部门 兴庆区文化街街道办事处\n"
        "公开方式 主动公开 公开时限 长期公开 是否有效 有效\n"
        "2021年度文化街街道办事处部门决算公开\n本年度支出决算主要用于信息平台维护。\n"
    )
    # a word typed twice in prose is still found
    _clean_then_found(tmp_path, fields, ("A040",), ("用于信息", "用于信息信息"), "A040")


_TOWN_REVENUE = (
    "重庆市铜梁区小林镇人民政府\n2022年决算报告\n一、预算收支决算情况\n(一)一般公共预算收支情况\n"
    "全镇本级一般公共预算收入实现111.11万元,为年初预算的116.9%,比上年增长9.0%,其中税收收入109.91万元,"
    "增长14.5%;非税收入1.2万元。加上托底保障补助、结算补助、专项转移支付补助、上年结转、动用预算稳定调节基金等"
    "1,756.37万元,收入总计1,867.48万元。\n"
)

_TOWN_BALANCE = (
    "一、全镇收支决算情况\n(一)一般公共预算\n"
    "全镇一般公共预算收入4402万元,加上级转移支付收入1884万元,其中:一般转移支付收入1478万元(含均衡性转移支付"
    "收入166万元、结算补助收入1312万元),上年结转结余60万元,基金调入103万元,收入合计为6449万元;2023年度本级"
    "财政一般公共预算支出合计6449万元,其中:一般公共服务支出1650万元,农林水支出4799万元。\n"
)


def test_adding_to_the_whole_that_a_qizhong_list_splits(tmp_path):
    # g25-08 line 5: a sentence opening with 加上 and naming no subject adds to the figure that the 其中
    # list of the sentence before splits (111.11 + 1,756.37 = 1,867.48), not to that list's last part (1.2)
    _clean_then_found(tmp_path, _TOWN_REVENUE, ("A020",), ("收入总计1,867.48", "收入总计1,876.48"), "A020")


def test_an_added_sum_closes_at_its_named_total(tmp_path):
    # g25-11 line 4: the sum that 加上 opens closes at the first total it names (收入合计), not at the
    # sentence's last figure (the 支出合计 after it); a 其中 part after 加上 (1,478 of the 1,884) is either
    # the part or the whole, not both: 4,402 + 1,884 + 60 + 103 = 6,449
    _clean_then_found(tmp_path, _TOWN_BALANCE, ("A020",), ("基金调入103万元", "基金调入113万元"), "A020")


# Texts in the wording of g25's documents, each clean, with a slip planted that the rule must find:
# (text, the slip: passage and what replaces it, the rule)
_LETTER = (
    "离石区交口街道办事处2021年部门决算及“三公”经费信息公开说明\n"
    "根据《吕梁市离石区人民政府办公室关于做好全区预(决)算和“三公”经费信息公开工作的通知》"
    "(离政办发〔2014〕130号)的要求,现将本单位2021年度部门决算公开如下。\n"
)
_NOTE = (
    "盘龙区鼓楼街道办事处2018年“三公经费”决算说明\n"
    "根据财政部关于各省、自治区、直辖市财政厅(局)做好预算公开的要求,经盘龙区财政局汇总,现公开如下。\n"
    "2018年度本级财政一般公共预算支出合计64.49万元,其中:一般公共服务支出16.5万元。\n"
)
_DUTIES = (
    "关市镇人民政府2021年度部门决算\n第一部分 关市镇人民政府概况\n一、部门职责\n"
    "贯彻执行党的路线、方针、政策。\n二、机构设置\n本镇设党政综合办公室等机构。\n"
)
_TOWNSHIP = (
    "一、收支决算情况\n(二)政府性基金预算\n"
    "全区政府性基金预算收入完成40万元,主要是抗疫特别国债40万元。上年项目结转0万元,收入总计40万元。\n"
    "全区政府性基金预算支出36万元,主要是抗疫特别国债36万元。结转下年项目支出4万元后,支出总计40万元。\n"
    "二、重点报告事项\n(一)转移支付情况\n"
    "2021年上级共计下达我乡一般公共预算转移支付资金2099万元,其中返还性收入52万元,一般性转移支付收入1937万元,"
    "主要是体制补助收入150万元,结算补助收入1745万元,其他一般转移支付收入42万元;专项转移支付收入110万元。\n"
)
_SANGONG = (
    "盘龙区鼓楼街道办事处2018年“三公经费”决算说明\n"
    "盘龙区鼓楼街道办事处2018年度一般公共预算财政拨款“三公”经费支出预算为13.04万元,支出决算为12.04万元,"
    "完成预算的92.33%。其中:因公出国(境)费支出决算为0万元,完成预算的0%;公务用车购置及运行费支出决算为4.04万元,"
    "完成预算的80.80%;公务接待费支出决算为8万元,完成预算的100%。2018年度一般公共预算财政拨款“三公”经费支出决算数"
    "比2017年减少1.52万元,下降11.21%。其中:因公出国(境)费支出决算增加/减少0万元,增长/下降0%;公务用车购置及"
    "运行费支出决算减少1.52万元,下降27.34%;公务接待费支出决算增加/减少0万元,增长/下降0%。\n"
)
_BALANCE_REPORT = (
    "重庆市铜梁区小林镇人民政府\n2022年决算报告\n一、预算收支决算情况\n"
    "全镇本级一般公共预算支出1,867.48万元,为年初预算的120.9%。加上结转下年等0万元,支出总计1,867.48万元。\n"
    "二、2022年地方财力及平衡情况\n"
    "全镇一般公共预算财力1,867.48万元。支出总计1,867.48万元,由一般公共预算支出1,867.48万元构成。其中,100.00万元"
    "用于道路维护。\n三、其他重点报告事项\n2022年我镇道路建设投入总额1,100.00万元。\n"
)
_DUTIES_RUN_IN = (
    "重庆市忠县兴峰乡人民政府(本级)\n2020年度部门决算情况说明\n一、部门基本情况\n(一)职能职责\n"
    "1.执行本级人民代表大会的决议。2.执行本乡的经济和社会发展规划、预算。8.保障宪法和法律赋予妇女的男女平等"
    "等各项权利。9.不断强化社会维稳体系,确保社会稳定。10.完成上级交办的其他事项。\n"
)
_COVER = "盘龙区鼓楼街道办事处2018年\n\n“三公经费”决算说明\n\n现将2018年“三公”经费决算情况公开如下。\n"
_SUBDISTRICT_DUTIES = (
    "重庆市长寿区凤城街道办事处2021年度部门决算公开说明\n一、单位基本情况\n(一)职能职责。\n"
    "2.执行全街道的社会和经济发展计划、预算,管理本街道内的经济、教育、科技、文化、卫生、体育事业;\n"
    "3.推进乡村振兴,指导辖区乡镇企业和社区开展工作。\n"
)
_RECEPTION = (
    "芜湖市湾沚区陶辛镇2021年度“三公”经费财政拨款支出决算情况\n"
    "2. 公务接待费支出30.00万元, 与2021年度预算相比,减少20.50万元,下降40.59%,下降的原因是厉行节约。\n"
)
_PLANTED = (
    # g25-05 line 59: “公务接待费支出30.00万元, 2021年度预算相比” — the comparison has lost its 与
    (_RECEPTION, ("与2021年度预算相比", "2021年度预算相比"), "A040"),
    # g25-07 line 9: a 街道办事处's duties “管理本乡内的经济…”: a 乡's text copied in (乡村, 乡镇 are words of
    # their own)
    (_SUBDISTRICT_DUTIES, ("管理本街道内", "管理本乡内"), "A040"),
    # g25-10 lines 20–22: a cover title broken over two lines whose year lost its 年 (“…办事处2018” /
    # ““三公经费”决算说明”)
    (_COVER, ("2018年\n", "2018\n"), "A040"),
    # g25-06 line 5: an item of a list run into one paragraph that lost its “.” (“9不断强化…”) between
    # “8.” and “10.”
    (_DUTIES_RUN_IN, ("9.不断强化", "9不断强化"), "A042"),
    # g25-08 line 14: “支出总计,867.48万元” (the 支出总计 1,867.48 with its first digit lost, its separator
    # left after the label); “其中,100.00万元” is a clause mark before a figure, not a figure cut
    (_BALANCE_REPORT, ("。支出总计1,867.48万元,由", "。支出总计,867.48万元,由"), "A010"),
    # g25-10 line 28: an item's change written with the template's alternatives before a zero
    # (“增加/减少0万元”) is a change of nothing, so the items' changes (0 − 1.52 + 0) are checked against
    # the total's
    (_SANGONG, ("减少1.52万元,下降11.21%", "减少2.01万元,下降14.31%"), "A014"),
    # g25-10 line 28: the parts' “完成预算的33.55%” and “66.45%” (their shares of the total) under a total
    # that completed 100%: a total's rate, a mean of its parts', cannot be above the highest of them
    (_SANGONG, ("8万元,完成预算的100%", "8万元,完成预算的66.45%"), "A016"),
    # g25-12 line 7: a sentence opening with the uses it adds (“结转下年项目支出4万元后,支出总计40万元”) adds
    # them to the 支出 of the sentence before (not to the figure its “主要是” says the 支出 is made of)
    (_TOWNSHIP, ("支出36万元,主要是抗疫特别国债36万元", "支出40万元,主要是抗疫特别国债40万元"), "A020"),
    # g25-12 line 12: a figure the sentence says is a sum (“共计下达…资金2085万元”) heads the 其中 list after
    # it; the parts after an item's “主要是”, up to its “;”, are that item's (52 + 1,937 + 110 = 2,099)
    (_TOWNSHIP, ("资金2099万元", "资金2085万元"), "A020"),
    # g25-02 line 67, g25-05 line 57: “(离政办发〔2014130号)”, “(财行〔2014104号)”: 〔2014〕130号 with its
    # closing bracket lost
    (_LETTER, ("〔2014〕130号", "〔2014130号"), "A040"),
    # g25-10 line 24: “经盘龙区财政厅(局)汇总”, the template's “财政厅(局)” left for a district's bureau
    # (the ministry's “各省、自治区、直辖市财政厅(局)” names every province's and is no slip)
    (_NOTE, ("盘龙区财政局", "盘龙区财政厅(局)"), "A040"),
    # g25-11 line 4: “支出合计6449万元,其中:其中:”, the word and its colon written twice
    (_NOTE, ("其中:", "其中:其中:"), "A040"),
    # g25-04 line 27: “一一、部门职责” for 一、 (a list numeral never has two equal digits: eleven is 十一)
    (_DUTIES, ("一、部门职责", "一一、部门职责"), "A042"),
)


def test_slips_of_g25_wording_are_found_in_clean_texts(tmp_path):
    for text, slip, rule in _PLANTED:
        _clean_then_found(tmp_path, text, (rule,), slip, rule)
    assert structure._DOUBLED_NUMERAL.match("一一、部门职责")
    assert not structure._DOUBLED_NUMERAL.match("十一、其他事项")  # eleven
