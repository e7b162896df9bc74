"""Reading real published texts of many provinces: numbers, punctuation, headings, parts, template, year,
department. Every excerpt below is copied from a real published 决算 text (see the shared real-texts
labels for the sources)."""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.facts import _clauses
from juesuan.audit.read import read_document
from juesuan.audit.run import audit_path


def _doc(tmp_path: Path, text: str, name: str = "doc.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return read_document(p)


def _findings(tmp_path: Path, text: str, name: str = "doc.txt"):
    p = tmp_path / name
    p.write_text(text, encoding="utf-8")
    return audit_path(p).findings


def _rules(findings, severity=None) -> list[str]:
    return [f.rule_id for f in findings if severity is None or f.severity == severity]


# --- numbers and punctuation ------------------------------------------------------------------------


def test_thousands_separator_is_part_of_the_number():
    # Guangdong 2023 (p08): "增长1,055.4%" is one rate, not "增长1" and "055.4%"
    clauses = _clauses("公务接待费支出决算为22.59万元,比上年决算数增加20.63万元,增长1,055.4%。")
    raws = [m.raw for c in clauses for m in c.mentions]
    assert raws == ["22.59万元", "20.63万元", "1,055.4%"]
    assert [m.raw for c in _clauses("收入合计3,222.64万元") for m in c.mentions] == ["3,222.64万元"]


def test_ascii_comma_between_numbers_still_separates_clauses():
    clauses = _clauses("分别为2,3个,2019,2020年")
    assert [m.raw for c in clauses for m in c.mentions] == ["2", "3个", "2019", "2020年"]
    assert len(clauses) == 4


# --- headings and parts -----------------------------------------------------------------------------

FUJIAN_2016 = """2016年度平潭综合实验区三甲医院建设指挥部部门决算说明
一、 部门主要职责平潭综合实验区三甲医院建设指挥部的主要职责是：
（一）负责平潭协和医院工程项目前期各项筹备工作。
二、部门预算单位基本情况 苏澳镇包括1个机关行政处室及4个下属单位，其中：列入部门决算编制范围的单位见下表：
三 、部门主要工作总结 一年来，我镇财政所在镇党委、政府的领导下开展工作。
四、2016年决算收支总体情况 2016年苏澳镇年初结转和结余18.76万元，本年收入1085.50万元。
五、公共财政拨款支出决算情况2016年公共财政拨款支出702.47万元，比2015年决算数减少18.45万元，下降2.5％，具体情况如下：
（一）政府采购支出情况2016年本部门政府采购支出总额0万元。
十一、名词解释
（一）财政拨款收入：指本级财政当年拨付的资金。
附件：1.收支决算总表 2.收入决算表 3.支出决算表 4.财政拨款收入支出决算总表 5.一般公共预算财政拨款支出决算明细表
"""


def test_fujian_flat_sections_and_run_in_headings(tmp_path):
    doc = _doc(tmp_path, FUJIAN_2016)
    heads = {p.heading.title: p.part for p in doc.paragraphs if p.heading is not None}
    assert heads["部门主要职责"] == "overview"
    assert heads["部门预算单位基本情况"] == "overview"
    assert heads["部门主要工作总结"] == "overview"  # "三 、" with a space is a heading
    assert heads["2016年决算收支总体情况"] == "explanation"
    assert heads["公共财政拨款支出决算情况"] == "explanation"
    assert heads["政府采购支出情况"] == "explanation"
    assert heads["名词解释"] == "glossary"
    # the run-in sentence is a paragraph of its own, read for facts
    body = next(p for p in doc.paragraphs if p.text.startswith("2016年公共财政拨款支出"))
    assert body.heading is None and body.part == "explanation" and body.where.line == 7
    # a sentence is not split after a word that only looks like a title end
    assert any(p.text.startswith("（一）负责平潭协和医院") for p in doc.paragraphs)


def test_flattened_page_still_has_its_headings(tmp_path):
    # Fujian 2014 (f01): the web page's text on one line
    flat = (
        "当前位置： 首页政务公开部门决算公开 2014年度平潭综合实验区东庠乡人民政府决算说明 时间：2015-11-11 "
        "现将我单位2014年度部门决算说明如下。一、部门主要职责东庠乡各部门的主要职责是：承担乡党委的工作。"
        "二、部门预算单位基本情况列入2014年部门决算编制范围的单位详细情况见下表。"
        "四、2014年决算收支总体情况 2014年部门决算总支出699.68万元，其中本年支出674.35万元。"
    )
    doc = _doc(tmp_path, flat)
    titles = [p.heading.title for p in doc.paragraphs if p.heading is not None]
    assert titles == ["部门主要职责", "部门预算单位基本情况", "2014年决算收支总体情况"]
    assert doc.year == 2014 and doc.department == "平潭综合实验区东庠乡人民政府"


def test_beijing_parts(tmp_path):
    doc = _doc(
        tmp_path,
        "第一部分 2023年度部门决算报表\n报表详见附件。\n第二部分 2023年度部门决算说明\n一、单位基本情况\n"
        "(一)机构设置、职责\n北京学校为公益一类事业单位。\n",
    )
    parts = {p.heading.title: p.part for p in doc.paragraphs if p.heading and p.heading.level == 0}
    assert parts == {"2023年度部门决算报表": "tables", "2023年度部门决算说明": "explanation"}


# --- template and attached tables -------------------------------------------------------------------

BEIJING_TOC = """2023年度部门决算公开
目    录
第一部分 2023年度部门决算报表
一、收入支出决算总表
二、收入决算表
三、支出决算表
四、财政拨款收入支出决算总表
五、一般公共预算财政拨款收入支出决算表
六、一般公共预算财政拨款支出决算表
七、一般公共预算财政拨款基本支出决算表
八、政府性基金预算财政拨款收入支出决算表
九、政府性基金预算财政拨款基本支出决算表
十、国有资本经营预算财政拨款支出决算表
十一、财政拨款“三公”经费支出决算表
十二、政府采购情况表
第二部分 2023年度部门决算说明
第一部分 2023年度部门决算报表
报表详见附件。
第二部分 2023年度部门决算说明
一、单位基本情况
"""


def test_tables_published_as_attachments_are_not_missing(tmp_path):
    # Beijing 2023 (p07): 13 tables listed, "报表详见附件"
    doc = _doc(tmp_path, BEIJING_TOC)
    assert doc.tables_attached and "报表详见附件" in doc.attachment_evidence
    assert doc.template == ""  # its own tables (政府采购情况表 …): neither Sichuan nor MOF
    findings = _findings(tmp_path, BEIJING_TOC)
    assert not [f for f in findings if f.rule_id in ("A043", "A044") and f.severity != "info"]
    # the same list without the attachment note: the tables are missing, but the template is unknown
    findings = _findings(tmp_path, BEIJING_TOC.replace("报表详见附件。", "（略）"), "b.txt")
    a044 = [f for f in findings if f.rule_id == "A044"]
    assert a044 and all(f.severity == "info" for f in a044)


def test_attachment_file_list_and_the_word_fubiao_do_not_make_a_template(tmp_path):
    doc = _doc(tmp_path, FUJIAN_2016 + "来源：苏澳镇 附件下载 部门决算相关信息统计表.xls支出决算表.xls\n")
    assert doc.template == "" and doc.template_evidence == [] and doc.tables_attached
    assert not [f for f in _findings(tmp_path, FUJIAN_2016) if f.rule_id == "A043"]


def test_template_needs_evidence(reference):
    doc = read_document(reference)
    assert doc.template == "sichuan" and len(doc.template_evidence) >= 10 and not doc.tables_attached


# --- year and department ----------------------------------------------------------------------------


def test_year_and_department_from_titles_in_either_order(tmp_path):
    cases = {
        "2016年度平潭综合实验区三甲医院建设指挥部部门决算说明": (2016, "平潭综合实验区三甲医院建设指挥部"),
        "2023年广东省财政厅一般公共预算财政拨款“三公”经费支出决算情况说明": (2023, "广东省财政厅"),
        "重庆市铜梁区财政局\n2023年度决算公开说明": (2023, "重庆市铜梁区财政局"),
        "某某县审计局2022年决算批复": (2022, "某某县审计局"),
        "寻甸回族彝族自治县塘子街道2023年度“三公”经费决算情况说明": (2023, "寻甸回族彝族自治县塘子街道"),
        "您当前的位置: 首页>政务公开>预算/决算>决算 > 区卫生健康委\n"
        "重庆市綦江区人口和计划生育药具管理中心2022年度部门决算情况说明": (
            2022,
            "重庆市綦江区人口和计划生育药具管理中心",
        ),
    }
    for k, (title, expected) in enumerate(cases.items()):
        doc = _doc(
            tmp_path, title[0] if isinstance(title, tuple) else title + "\n一、部门基本情况\n", f"{k}.txt"
        )
        assert (doc.year, doc.department) == expected, title


def test_year_from_sentences_and_unknown_when_nothing_says_it(tmp_path):
    # Guangxi 2021 (p09): no title; "较2020年度" four times is the prior year, not the report year
    p09 = (
        "(一)本单位2021年度总收入581.45万元,其中本年收入390.55万元,较2020年度决算数减少175.26万元,下降31%。\n"
        "1.一般公共预算财政拨款收入382.17万元。较2020年度决算数减少157.86万元,下降29.2%。\n"
        "2.上级补助收入8.38万元。较2020年度决算数减少17.40万元,下降67.5%。\n"
    )
    doc = _doc(tmp_path, p09)
    assert doc.year == 2021 and doc.department == ""
    assert "A041" not in _rules(_findings(tmp_path, p09, "p.txt"))
    # the department is not a breadcrumb, a site name or a heading
    doc = _doc(tmp_path, "校务公开\n2023年度部门决算公开\n较2022年度决算数减少5万元。\n", "u.txt")
    assert doc.year == 2023 and doc.department == ""
    doc = _doc(tmp_path, "一、部门基本情况\n比2022年增加5万元，比2021年减少3万元。\n", "n.txt")
    assert doc.year is None
    assert "A041" not in _rules(
        _findings(tmp_path, "一、部门基本情况\n比2022年增加5万元，比2021年减少3万元。\n", "m.txt")
    )


# --- years that are right, and a year that is wrong -------------------------------------------------


def test_required_and_historical_years_are_not_stale(tmp_path):
    ok = (
        "2023年广东省财政厅一般公共预算财政拨款“三公”经费支出决算情况说明\n"
        "广东省财政厅2023年度“三公”经费财政拨款支出决算为62.07万元,比上年决算数增加38.97万元,增长168.7%;"
        "比2019年(疫情前)决算数减少24.87万元,降低28.6%。\n"
        "2022年受疫情等因素影响,人员流动减少,“三公”经费支出大幅下降。\n"
        "核准编制人数18人,实有在编人员22人,编制数和人员数都比2021年减少。\n"
        "2022年比2021年增加0.5万元,主要是发放年终奖。\n"
    )
    assert "A041" not in _rules(_findings(tmp_path, ok))


def test_a_stale_year_labelling_the_reports_figures_is_an_error(tmp_path):
    # Fujian 2016 (f03): the 三公 sentence still says 2015
    bad = (
        FUJIAN_2016
        + "七、“三公”经费公共财政拨款支出决算情况 2015年“三公”经费公共财政拨款支出2.00万元，"
        + "同比上升32%，具体情况如下：\n"
    )
    hits = [f for f in _findings(tmp_path, bad) if f.rule_id == "A041"]
    assert [f.severity for f in hits] == ["error"] and "2015年" in hits[0].message
    # comparing with a year that is neither the prior year nor a second required comparison
    bad = (
        "2023年度某某局部门决算\n一、收入决算\n本年收入100.00万元，比2021年决算数增加5.00万元，增长5.26%。\n"
    )
    assert "A041" in _rules(_findings(tmp_path, bad, "c.txt"), "error")


# --- A021: counts against what is really listed ------------------------------------------------------

P07_UNITS = (
    "北京学校内设6个部门,分别为党政办公室、学校发展中心、后勤保障中心、学生成长中心、"
    "课程教学中心、教务考务中心。\n"
)


def test_count_of_a_named_list(tmp_path):
    # Beijing 2023 (p07): six names for six 部门
    assert "A021" not in _rules(_findings(tmp_path, P07_UNITS))
    # one name dropped: the count no longer agrees
    bad = P07_UNITS.replace("、教务考务中心", "")
    hits = [f for f in _findings(tmp_path, bad, "b.txt") if f.rule_id == "A021"]
    assert len(hits) == 1 and "列出了5个" in hits[0].message


def test_no_phantom_count_lists(tmp_path):
    # Fujian 2016 (f03): "二、…包括1个机关行政处室及4个下属单位，其中：…" lists nothing it counts
    text = (
        "二、部门预算单位基本情况苏澳镇包括1个机关行政处室及4个下属单位，其中：列入编制范围的单位见下表：\n"
    )
    assert "A021" not in _rules(_findings(tmp_path, text))
    # a trailing non-member is not one of the parts; a member that is missing is
    ok = "实有人数25人，其中：行政人员20人，工勤人员5人，退休职工28人。\n"
    assert "A021" not in _rules(_findings(tmp_path, ok, "ok.txt"))
    bad = "实有人数26人，其中：行政人员20人，工勤人员5人。\n"
    assert "A021" in _rules(_findings(tmp_path, bad, "bad.txt"))


def test_a_name_with_he_inside_is_one_name(tmp_path):
    # the reference report, line 152: three projects, the third named “脱贫攻坚和乡村振兴工作经费”
    ok = (
        "1.整体情况：区信访局年初预算3个项目，分别是疑难信访专项经费、信访维稳工作经费、"
        "脱贫攻坚和乡村振兴工作经费。\n"
    )
    assert "A021" not in _rules(_findings(tmp_path, ok))
    bad = ok.replace("3个项目", "5个项目")
    assert "A021" in _rules(_findings(tmp_path, bad, "bad.txt"))


def test_a_bracketed_sub_count_and_a_change_are_not_members(tmp_path):
    # g5-01 (武汉市江汉区老干部局 2015), line 8: the bracket splits 事业编制, it is not a fourth member
    ok = "总编制人数17人,其中:行政编制5人,事业编制12人(其中:参照公务员法管理12人)。\n"
    assert "A021" not in _rules(_findings(tmp_path, ok))
    # g5-08 (云南省中西医结合医院 2017), line 4: “比上年减少1人” is a change, not a member of 178
    change = "离退休职工178人,其中离休人员4人、比上年减少1人,退休人员174人。\n"
    assert "A021" not in _rules(_findings(tmp_path, change, "c.txt"))
    bad = ok.replace("事业编制12人", "事业编制13人")
    assert "A021" in _rules(_findings(tmp_path, bad, "bad.txt"))


G6_03 = """一、2022年“三公”经费预算安排情况
2022年度“三公”经费预算总计21.8万元,其中:因公出国(境)经费0万元,公务接待11.8万元,公务用车运行费用10万元。
二、2021年“三公”经费决算情况
2021年度“三公”经费合计支出20.12万元,其中:因公出国(境)经费0万元,公务接待12.39万元,公务用车运行费用7.73万元。
"""


def test_next_years_budget_beside_the_final_accounts(tmp_path):
    # g6-03 (鄂尔多斯, 2021): the page gives the 2022 预算 first, then the 2021 决算
    assert _doc(tmp_path, G6_03).year == 2021
    found = _findings(tmp_path, G6_03, "g.txt")
    assert not [f for f in found if f.rule_id in ("A010", "A041") and f.severity != "info"]
    # a 决算 figure labelled with the next year is still a stale year
    bad = G6_03.replace("2021年度“三公”经费合计支出", "2022年度“三公”经费合计支出")
    assert "A041" in _rules(_findings(tmp_path, bad, "bad.txt"))


def test_year_of_a_mirror_sites_traditional_text(tmp_path):
    # g1-07 (杜集区政府办 2021), traditional characters with pinyin after them
    text = (
        "杜集區(qū)政府辦2021年度一般公共預(yù)算財政撥款“三公”經(jīng)費支出預算為49.9萬元,"
        "支出決算為7.69萬元。\n"
    )
    assert _doc(tmp_path, text).year == 2021


def test_last_years_figures_restated_are_not_a_stale_year(tmp_path):
    # g7-12 (鄂城区 2022), line 7: the 2021 figures are given for the comparison that follows
    text = (
        "鄂城区2022年“三公”经费决算情况\n"
        "鄂城区2022年的“三公”经费决算数合计为1000.86万元。2021年的三公经费决算数合计为807.95万元。\n"
    )
    assert "A041" not in _rules(_findings(tmp_path, text))
    # f03's defect: this year's figure, compared with the year before, under last year's label
    bad = text.replace("807.95万元。", "807.95万元，同比上升32%。")
    assert "A041" in _rules(_findings(tmp_path, bad, "bad.txt"))


def test_template_alternative_is_residue_not_a_comparison(tmp_path):
    # g7-10 (四川, 2023), line 8: the template's “(或与预算数持平)” left in
    text = (
        "2023年一般公共预算财政拨款基本支出911.7万元。\n"
        "2023年“三公”经费财政拨款支出决算为3.46万元,完成预算100%。"
        "决算数小于预算数(或与预算数持平)的主要原因是公务用车年久失修。\n"
    )
    found = _findings(tmp_path, text)
    assert "A040" in _rules(found) and "A017" not in _rules(found)
    assert _doc(tmp_path, text).year == 2023


def test_year_of_a_title_with_the_unit_before_it(tmp_path):
    # g8-10 l.5: a page that is nothing but the table, its caption in the first cell with the unit before
    # the year; g11-14 l.7: a unit named with its other name in brackets before the year
    doc = _doc(
        tmp_path,
        "| 索引号 | 01525903-1-04_A/2017-0920001 | 发布机构 | 施甸县财政局 |\n"
        "施甸县2016年“三公”经费决算情况统计表 | ||||\n"
        "项目 | 上年决算数 | 本年决算数 | 增减金额 | 增减幅度 |\n"
        "合计 | 2911.47 | 2706.86 | -204.61 | -7.03% |\n",
        "g8-10.txt",
    )
    assert doc.year == 2016
    doc = _doc(
        tmp_path,
        "上海市青浦区图书馆(上海市青浦区青杏科技图书馆)2017年度决算\n一、部门基本情况\n",
        "g11-14.txt",
    )
    assert (doc.year, doc.department) == (2017, "上海市青浦区图书馆(上海市青浦区青杏科技图书馆)")
    doc = _doc(tmp_path, "施甸县财政局2016年“三公”经费决算情况统计表\n一、部门基本情况\n", "title.txt")
    assert (doc.year, doc.department) == (2016, "施甸县财政局")
    # a caption that names no year of its own stays without one
    doc = _doc(tmp_path, "| 项目 | 金额 |\n“三公”经费决算情况统计表 | |\n合计 | 12.50 |\n", "none.txt")
    assert doc.year is None


def test_a_path_in_ascii_brackets_is_a_path():
    # g8-08 l.1: “(类)(款)(项)” and “(室)” in ASCII brackets are read as “（类）（款）（项）” are
    from juesuan.audit.facts import find_paths

    text = "一般公共服务(类)政府办公厅(室)及相关机构事务(款)(项):支出决算为441.72万元,完成预算100%"
    wide = text.replace("(", "（").replace(")", "）")
    assert find_paths(text) == find_paths(wide)
    assert [p[2:] for p in find_paths(text)] == [("一般公共服务", "政府办公厅（室）及相关机构事务", "")]
    assert [p[2:] for p in find_paths("一般公共服务支出(类)人大事务(款)行政运行(项)")] == [
        ("一般公共服务支出", "人大事务", "行政运行")
    ]
    assert find_paths("因公出国(境)费支出0万元") == []


def test_a_count_run_onto_a_new_line_is_no_list_item(tmp_path):
    # juesuan's own PDF (corpus synth): the line broke before “0 台（套）。”; lists count from 1, and a number
    # followed by a measure word is a count
    from juesuan.audit.document import parse_numbering

    assert parse_numbering("0 台（套）。") is None and parse_numbering("3 辆") is None
    assert parse_numbering("2 开展调查研究") is not None  # a “2” whose “、” was lost is still an item
    text = (
        "2024年度部门决算\n（三）国有资产占有使用情况\n"
        "截至2024年12月31日，本部门共有车辆1辆，其中：一般公务用车1辆。单价100万元以上专用设备\n"
        "0 台（套）。\n（四）政府采购支出情况\n"
    )
    assert "A042" not in _rules(_findings(tmp_path, text))


def test_year_and_unit_of_titles_read_first_in_these_wordings(tmp_path):
    # each the first lines of a corpus text whose year was unknown before
    cases = {
        # g32-11: 年 inside the unit's name (青年团) is no year
        "中国共产主义青年团贵阳市委员会2017年度部门决算\n中国共产主义青年团贵阳市委员会2017年度部门决算\n": (
            2017,
            "中国共产主义青年团贵阳市委员会",
        ),
        # g45-07: a page's label before the title, the scope in brackets after the year
        "标题:儋州市财政局2023年度(本级) 决算公开报告\n": (2023, "儋州市财政局"),
        # g46-03: 公开资料
        "海南省华侨商业学校2022年决算批复公开资料\n": (2022, "海南省华侨商业学校"),
        # g30-02: a file's time stamp after its name
        "昭通市大关县天星镇中心卫生院2021年部门决算公开表20221013044707503.xls\n": (
            2021,
            "昭通市大关县天星镇中心卫生院",
        ),
        # g34-09, g37-06: a government's accounts, the place in brackets (no unit)
        "(天津市)和平区2021年财政收支情况\n一、一般公共预算\n": (2021, ""),
        "禄丰县2016年度财政总决算报表编制说明\n": (2016, ""),
        # g37-02, g109-05: no title, a sentence naming the year approved or accounted for
        "2016年8月26日,市十二届人大常委会第二十九次会议审议通过了2015年度焦作市财政总决算,现予以公开。\n": (
            2015,
            "",
        ),
        "经鼓楼区财政局汇总,2021年度全区及区本级财政决算收支情况如下:\n一、全区财政决算收支情况\n": (
            2021,
            "",
        ),
        # g56-02, g54-07, g30-07: a 绩效 report named by what it evaluates (项目, 衔接资金项目, 机关整体支出)
        "沅陵县档案局2016年度项目绩效报告\n": (2016, "沅陵县档案局"),
        "海口市秀英区水务局2022年衔接资金项目绩效自评报告\n": (2022, "海口市秀英区水务局"),
        "南县财政局2020年度 机关整体支出绩效评价报告\n一、自评得分情况\n": (2020, "南县财政局"),
        # g52-05, g52-08: a lottery fund's yearly account, by its title or by the sentence announcing it
        "2016年度杭州市体育彩票公益金筹集分配情况和市本级体育彩票公益金使用情况的公告\n": (2016, ""),
        "为贯彻落实《彩票管理条例》,现将2020年福州市体育彩票公益金筹集、使用情况公告如下:\n": (2020, ""),
        # g46-04: a school's accounts of three years, no title: a heading with 收支情况 is not one
        "一、学校基本情况\n2018年-2020年学校整体收支情况如下:\n三、中加班教育成本情况\n": (None, ""),
    }
    for k, (text, expected) in enumerate(cases.items()):
        doc = _doc(tmp_path, text, f"t{k}.txt")
        assert (doc.year, doc.department) == expected, text
