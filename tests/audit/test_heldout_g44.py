"""False alarms found on the held-out groups g44, g45 and g46 after their first score, each from the real
text, with the case that must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _findings
from tests.audit.test_heldout_g33 import _of  # the rule's findings above info

# g44-09 line 16: one office's bracket names two more signs (“(挂卫生健康办公室、物业管理办公室牌子)”)
_OFFICES = (
    "重庆市璧山区人民政府来凤街道办事处(本级)2024年度部门决算情况说明\n"
    "重庆市璧山区人民政府来凤街道办事处(本级)统一设置党政内设机构8个,即:党政办公室、党群工作办公室、"
    "经济发展办公室(挂统计办公室牌子)、民政和社区事务办公室(挂卫生健康办公室、物业管理办公室牌子)、"
    "平安建设办公室、规划建设管理环保办公室、财政办公室、应急管理办公室。\n"
)


def test_a_list_inside_one_names_bracket_is_not_counted(tmp_path):
    assert _of(tmp_path, _OFFICES, "A021") == []
    # a ninth office named is still one too many
    more = _OFFICES.replace("财政办公室、", "财政办公室、综合行政执法办公室、")
    found = _of(tmp_path, more, "A021", "more.txt")
    assert len(found) == 1 and "列出了9个" in found[0].message, found


# g44-02 line 2: the first two members add up to the head; the figures after them are other measures
_POPULATION = (
    "长寿区龙河镇2019年度部门决算\n"
    "全镇公路里程354公里。总人口48368人,其中农业人口40556人,城镇人口7812人,街镇常住人口2378人,"
    "流动人口542人,人口密度每平方公里538人。\n"
)


def test_a_list_going_on_past_the_members_that_add_up(tmp_path):
    assert _of(tmp_path, _POPULATION, "A021") == []
    # members that add up nowhere are still a wrong sum
    wrong = _POPULATION.replace("城镇人口7812人", "城镇人口7912人")
    assert _of(tmp_path, wrong, "A021", "wrong.txt")


# g45-06 lines 74–78 and g45-01 lines 1–4: the page numbers the list under a title afresh
_DUTIES = (
    "陵水黎族自治县人民政府办公室2019年度部门决算\n"
    "第一部分县政府办部门概况\n"
    "1. 部门职责\n"
    "1.贯彻落实党和国家的方针政策、法律法规,执行省委省政府、县委县政府决策部署。\n"
    "2.负责县政府会议的准备工作,协助县政府领导同志组织实施会议决定事项。\n"
    "2. 机构设置\n"
    "县政府办内设8个股室。\n"
)


def test_a_list_under_its_title_numbered_afresh_is_no_repeat(tmp_path):
    assert [f for f in _of(tmp_path, _DUTIES, "A042") if "重复" in f.message] == []
    # a duty numbered as the one before it is still a repeat
    twice = _DUTIES.replace("2.负责县政府", "1.负责县政府")
    assert [f for f in _of(tmp_path, twice, "A042", "twice.txt") if "重复" in f.message]


# g46-01 lines 72–79: each title of a part a list of its own on the page, “1. ” every time
_PAGE_LISTS = (
    "广水市白泉卫生院2023年度部门决算\n"
    "第三部分 广水市白泉卫生院2023年度部门决算情况说明\n"
    "1. 收入支出决算总体情况说明\n"
    "2023年度收、支总计4680.58万元。\n"
    "1. 收入决算情况说明\n"
    "2023年本年收入合计4680.58万元。\n"
)


def test_titles_the_page_lists_one_by_one_are_no_repeats(tmp_path):
    assert [f for f in _of(tmp_path, _PAGE_LISTS, "A042") if "重复" in f.message] == []
    # numbered so by the author (“1.” with no space), they are still a repeat
    own = _PAGE_LISTS.replace("1. 收入", "1.收入")
    assert [f for f in _of(tmp_path, own, "A042", "own.txt") if "重复" in f.message]


# g45-02 line 27: 加上 opens the sentence after a 其中 sentence; it adds to the figure that sentence splits
_ADDED = (
    "湛江市2020年财政决算草案的报告\n"
    "2020年,全市一般公共预算收入137.78亿元,完成年度预算105.9%,同比增长5%。其中:税收收入87.75亿元,"
    "同比下降4.7%,占一般公共预算收入比重63.7%;非税收入50.03亿元,同比增长27.8%,占一般公共预算收入比重36.3%。"
    "加上上级补助收入366.92亿元(其中返还性收入18.20亿元、一般性转移支付收入295.68亿元、专项转移支付收入"
    "53.03亿元)、待偿债置换一般债券上年结余4364万元、上年结余55.84亿元、调入资金47.08亿元、债务(转贷)收入"
    "39.68亿元、动用预算稳定调节基金25.82亿元等,全市一般公共预算收入总计673.56亿元。\n"
)


def test_added_to_the_figure_a_qizhong_sentence_splits(tmp_path):
    assert _of(tmp_path, _ADDED, "A020") == []
    notes = [f for f in _findings(tmp_path, _ADDED, "notes.txt") if "收入总计" in f.message]
    # the 0.0036亿元 gap is a rounding note that shows the part in 万元 with its unit
    assert len(notes) == 1 and notes[0].severity == "info" and "＋4364万元＋" in notes[0].message, notes
    wrong = _ADDED.replace("收入总计673.56亿元", "收入总计683.56亿元")
    assert _of(tmp_path, wrong, "A020", "wrong.txt")


# g46-03 line 11: a form's cover flattened into one line of space-parted cells
_COVER = (
    "海南省华侨商业学校2022年度决算\n"
    "报表小类 单户表 单位类型 公益二类事业单位 单位预算级次 二级预算单位 单位经费保障方式 差额 "
    "是否编制部门预算 是 是否编制政府财务报告 是 是否编制行政事业单位国有资产报告 是 财政区划代码 460000\n"
)


def test_cells_of_a_flattened_form_are_no_doubled_words(tmp_path):
    assert [f for f in _of(tmp_path, _COVER, "A040") if "重复的词语" in f.message] == []
    prose = "海南省华侨商业学校2022年度决算\n本单位为公益二类事业单位单位预算级次为二级。\n"
    assert [f for f in _of(tmp_path, prose, "A040", "prose.txt") if "重复的词语" in f.message]


# g46-04 lines 5–10: the text announces three years' figures, up to the report's
_SERIES = (
    "河南省实验中学2020年度财务情况\n"
    "二、学校财务整体情况\n"
    "2018年-2020年学校整体收支情况如下:\n"
    "2018年总收入127,011,195.09元(含结转),总支出119,021,498.29元。\n"
    "2019年总收入186,119,947.20元(含结转),总支出158,071,148.49元。\n"
    "2020年总收入174,997,332.93元(含结转),总支出165,864,948.13元。\n"
)


def test_the_earlier_years_of_an_announced_series_are_right(tmp_path):
    assert _of(tmp_path, _SERIES, "A041") == []
    # without the series announced, 2018 labels figures of a 2020 report
    bare = _SERIES.replace("2018年-2020年学校整体收支情况如下:\n", "")
    assert _of(tmp_path, bare, "A041", "bare.txt")


# g46-06 line 41: a level in 亿元 beside a change in 万元; the level's rounding allows the rate printed
_COARSE = (
    "2021年财务决算报告\n"
    "2021年医院发生总费用14.07亿元,同比增加7451万元,增幅5.59%。其中:自筹资金和财政基本经费开支(业务支出)"
    "12.99亿元,同比增加7843.92万元,增幅6.42%。\n"
)


def test_a_rate_on_a_level_rounded_to_the_yi_is_not_truncated(tmp_path):
    assert _of(tmp_path, _COARSE, "A014") == []
    # the same level printed to the 万元 pins the rate at 6.4265%: 6.42 is wrong
    exact = _COARSE.replace("12.99亿元", "129,900.00万元")
    found = _of(tmp_path, exact, "A014", "exact.txt")
    assert len(found) == 1 and "增减率应为6.43%" in found[0].message, found


# g46-02 line 9, the text flattened to one line: the balance “此外” after the income list is no part of it
_BESIDES = (
    "2019年度部门决算\n"
    "2.收入情况。2019年度收入合计2,320.51万元,较上年决算数增加941.42万元,增长68.3%,主要原因是:事业收入增加"
    "687.73万元;其他收入减少104.14万元;其中:财政拨款收入1,015.31万元,占43.8%;事业收入765.83万元,占33.0%;"
    "经营收入433.86万元,占18.7%;其他收入105.51万元,占4.5%;此外,年初结转和结余143.22万元。\n"
)


def test_a_balance_said_besides_the_income_list_is_no_part(tmp_path):
    assert _of(tmp_path, _BESIDES, "A020") == []
    wrong = _BESIDES.replace("其他收入105.51万元,占4.5%", "其他收入115.51万元,占4.5%")
    assert _of(tmp_path, wrong, "A020", "wrong.txt")


# g46-05 lines 4–12: a mirror's pinyin after the characters (“收入總計(jì) 1759.77 萬(wàn)元。包括:”) no
# longer makes the sentence a heading, so its numbered parts are read; the sources alone are no error
_GLOSSED = (
    "市檔案局2018年度部門決算\n"
    "一、收入支出總體情況說(shuō)明\n"
    "(一)收入總計(jì) 1759.77 萬(wàn)元。包括:\n"
    "1.財(cái)政撥款收入 1713.23 萬(wàn)元,為當(dāng)年從財(cái)政取得的一般公共預(yù)算撥款。\n"
    "2.上級(jí)補(bǔ)助收入 0 萬(wàn)元。\n"
    "3.事業(yè)收入 0 萬(wàn)元。\n"
    "4.經(jīng)營(yíng)收入 0 萬(wàn)元。\n"
    "5.附屬單位上繳收入 0 萬(wàn)元。\n"
    "6.其他收入 3.62 萬(wàn)元。\n"
    "7.用事業(yè)基金彌補(bǔ)收支差額 0 萬(wàn)元。\n"
    "8.年初結(jié)轉(zhuǎn)和結(jié)余 42.97 萬(wàn)元。\n"
)


def test_a_glossed_sentence_is_no_heading_and_its_parts_are_read(tmp_path):
    found = _of(tmp_path, _GLOSSED, "A020")
    assert len(found) == 1 and "＋42.97＝1759.82万元，相差0.05万元" in found[0].message, found
    right = _GLOSSED.replace("42.97 萬", "42.92 萬")
    assert _of(tmp_path, right, "A020", "right.txt") == []


# g44-06 line 37: the 2022 report describes its offices “2021年末”, last year's text left in place
_OFFICES_LAST_YEAR = (
    "重庆市荣昌区清升镇人民政府2022年度部门决算\n"
    "(二)机构设置\n"
    "2021年末下设机构分别为:党政办公室、党群工作办公室、经济发展办公室。\n"
)


def test_offices_described_at_the_end_of_last_year(tmp_path):
    found = _of(tmp_path, _OFFICES_LAST_YEAR, "A041")
    assert len(found) == 1 and "应为2022年末" in found[0].message, found
    assert _of(tmp_path, _OFFICES_LAST_YEAR.replace("2021年末下设", "2022年末下设"), "A041", "r.txt") == []
    compared = _OFFICES_LAST_YEAR.replace("2021年末下设机构分别为", "与2021年末相比下设机构增加1个,分别为")
    assert _of(tmp_path, compared, "A041", "compared.txt") == []


# g45-03 line 18: the reason names a rise of an item the text states fell by 332.09万元
_REASON = (
    "红河县本级2021年“三公”经费决算情况说明\n"
    "公务用车购置及运行维护费为1,003.64万元,比2020年减少35.99万元,减少3.46%。其中:公务用车运行维护费"
    "707.53万元,比2020年减少332.09万元,减少31.94%。\n"
    "从汇总数据看,2021年县本级“三公”经费决算数比2020年减少166.4万元。主要是原因公务用车运行维护费增加,"
    "我县2021年度脱贫攻坚第三方考核等工作的开展。\n"
)


def test_a_reason_against_the_items_stated_change(tmp_path):
    found = _of(tmp_path, _REASON, "A022")
    assert len(found) == 1 and "减少332.09万元" in found[0].message, found
    right = _REASON.replace("公务用车运行维护费增加,", "公务用车运行维护费减少,")
    assert _of(tmp_path, right, "A022", "right.txt") == []
