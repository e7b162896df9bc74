"""False alarms and misses found on the held-out groups g36, g37 and g38 after their first score, each with
the case that must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g19 import _findings
from tests.audit.test_heldout_g33 import _of  # the rule's findings above info


def test_a_mean_per_car_is_no_part(tmp_path):
    # g37-01 line 5: “公务车保有量3辆,全年运行维护费支出5.28万元,平均每辆1.76万元”
    text = (
        "湛江市各民主党派2018年“三公”经费决算\n"
        "3、公务用车购置及运行维护费支出5.28万元,与去年持平,主要包括:(1)公务用车购置费0万元;"
        "(2)公务车保有量3辆,全年运行维护费支出5.28万元,平均每辆1.76万元。\n"
    )
    assert _of(tmp_path, text, "A020") == []


def test_next_years_budget_and_plans_are_not_stale_labels(tmp_path):
    # g36-09 lines 14 and 19: a 2011 report's 2012 budget (compared with the 2011 决算) and its plans
    text = (
        "教育部2011年度“三公”经费决算说明\n"
        "一、2011年“三公”经费决算情况\n"
        "2011年出国(境)经费决算25万元。\n"
        "2012年安排出国(境)经费预算25万元,与2011年决算持平。\n"
        "2012年度,我们将按照“热情友好、节俭高效”的原则,做好相关接待工作。\n"
    )
    assert _of(tmp_path, text, "A041") == []
    stale = text.replace("2011年出国(境)经费决算25万元", "2012年出国(境)经费决算25万元")
    assert _of(tmp_path, stale, "A041", "stale.txt")


def test_a_qizhong_after_an_uncounted_conjunct_splits_that(tmp_path):
    # g36-10 line 11: “…国家统计局本级和8个财政补助事业单位以及国家统计局各级调查队,其中,省级调查总队32个,…”
    text = (
        "国家统计局2011年“三公”经费\n"
        "国家统计局及所属机构包括国家统计局本级和8个财政补助事业单位以及国家统计局各级调查队,其中,"
        "省级调查总队32个,副省级调查队15个,地市级调查队333个,县级调查队887个。\n"
    )
    assert _of(tmp_path, text, "A021") == []
    counted = text.replace("和8个财政补助事业单位以及国家统计局各级调查队,", "各级调查队1266个,")
    found = _of(tmp_path, counted, "A021", "counted.txt")
    assert len(found) == 1 and "合计1267" in found[0].message, found


def test_a_page_cut_inside_a_part_heading_is_cut_short(tmp_path):
    # g37-07: the body stops at “第二部分龙” (the page cut inside the heading)
    text = "\n".join(
        [
            "2017年预算单位部门决算公开",
            "目录",
            "第一部分龙湖区残联概况",
            "第二部分龙湖区残联年部门决算表",
            "一、收入支出决算总表",
            "第三部分龙湖区残联2017年部门决算情况说明",
            "第四部分名词解释",
            "第一部分龙湖区残联概况",
            "区残联单位设3个职能股室所,列入部门决算的单位共有一个。",
            "第二部分龙",
        ]
    )
    found = _findings(tmp_path, text)
    assert [f for f in found if f.rule_id in ("A043", "A044") and f.severity != "info"] == []
    # what is not found is said to be perhaps in the part cut off
    assert [f for f in found if f.rule_id == "A044" and "文本在句中中断" in f.message]


def test_reception_abroad_is_a_part_not_the_item(tmp_path):
    # g38-08 line 23: “公务接待费35.9万元,其中:国内公务接待35.9万元,…;国(境)外公务接待0万元”
    text = (
        "某乡2017年度部门决算\n"
        "2017年全乡“三公”经费决算汇总数为51.58万元。其中:2.公务接待费35.9万元,其中:国内公务接待35.9万元,"
        "共计265批次;国(境)外公务接待0万元,共计0批次。\n"
    )
    assert _of(tmp_path, text, "A010") == []


def test_a_change_in_wan_of_a_level_in_yi(tmp_path):
    # g37-02 line 13: “营业税完成15.28亿元,为预算的79.3%,减收2.21万元,下降12.6%”
    text = "焦作市2015年财政决算\n2.营业税完成15.28亿元,为预算的79.3%,减收2.21万元,下降12.6%;\n"
    found = _of(tmp_path, text, "A025")
    assert len(found) == 1 and "单位应为亿元" in found[0].message, found
    right = text.replace("减收2.21万元", "减收2.21亿元")
    assert _of(tmp_path, right, "A025", "right.txt") == []


def test_a_news_pages_lead_repeated_by_its_article(tmp_path):
    # g36-08 lines 6–10: the lead under “来源:”/“原标题”, then the article opening with it
    lead = (
        "据财新网统计,截至7月24日,已有95家部委在其官网上公布了2012年“三公经费”情况。"
        "在公务用车的费用上,各部门差异较大。"
    )
    text = f"11部委购车均价超25万\n来源:南方都市报\n原标题 [11部委购车均价超25万]\n{lead}\n\n  {lead}\n"
    assert not [f for f in _of(tmp_path, text, "A040") if "同一段文字" in f.message]
    report = f"某局2012年度部门决算\n一、概况\n{lead}\n{lead}\n"
    assert [f for f in _of(tmp_path, report, "A040", "report.txt") if "同一段文字" in f.message]


def test_a_form_scoring_in_whole_points_and_a_mirrors_form(tmp_path):
    # g38-05: “═｜100｜98%｜10｜9” on a form whose scores are all whole points; its traditional mirror
    form = "\n".join(
        [
            "2022年度项目支出绩效自评表",
            "一级指标 | 二级指标 | 三级指标 | 指标值 | 度量单位 | 实际完成值 | 分值 | 得分",
            "产出指标 | 数量指标 | 受益学生覆盖率 | 100 | % | 98% | 10 | 9",
            "产出指标 | 质量指标 | 资金使用合规率 | 100 | % | 100% | 10 | 7",
            "总分 | 100 | 96",
        ]
    )
    found = _of(tmp_path, form, "A061")
    assert len(found) == 1 and "得分：7" in found[0].message, found
    from tests.audit.test_layout_invariance import traditional

    mirrored = _of(tmp_path, traditional(form), "A061", "mirror.txt")
    assert len(mirrored) == 1 and "得分：7" in mirrored[0].message, mirrored


def test_a_count_split_in_a_bracket_after_its_comma(tmp_path):
    # g37-08 line 25: “在校学生 1152人,(中学 576 人,小学 813 人)”: 576 + 813 = 1,389
    text = (
        "青海师范大学附属第三中学2015年度部门决算\n"
        "学校现有 26个班级,在校学生 1152人,(中学 576 人,小学 813 人)。\n"
    )
    found = _of(tmp_path, text, "A021")
    assert len(found) == 1 and "合计1389" in found[0].message, found
    right = text.replace("小学 813 人", "小学 576 人")
    assert _of(tmp_path, right, "A021", "right.txt") == []


def test_a_titles_name_field_left_as_the_template_has_it(tmp_path):
    # g38-06 line 14: “單位名稱2021年度決算公開報告” (a traditional mirror); “第一部分 部门名称概况”
    text = "單位名稱2021年度決算公開報告\n第一部分 部门名称概况\n本单位共有在职人员10人。\n"
    found = [f for f in _of(tmp_path, text, "A040") if "名称" in f.message]
    assert [f.severity for f in found] == ["error", "error"], found
    named = text.replace("單位名稱", "金厂沟梁镇").replace("部门名称", "金厂沟梁镇")
    assert not [f for f in _of(tmp_path, named, "A040", "named.txt") if "名称" in f.message]
    # the field filled in (“单位名称:某某镇”) and a name's own word (“机构名称变更”) are not placeholders
    filled = "2021年度决算公开报告\n单位名称:金厂沟梁镇人民政府\n机构名称2021年未变更。\n"
    assert not [f for f in _of(tmp_path, filled, "A040", "filled.txt") if "名称" in f.message]


def test_an_indicator_and_its_equal_target_and_actual_run_together(tmp_path):
    # g38-11 line 20: “质量指标保证财政建设补助专款专用专款专用专款专用10成本…” (name, target, actual, 分值)
    text = (
        "2020年项目支出绩效自评表\n"
        "产出指标数量指标质量指标保证财政建设补助专款专用专款专用专款专用10成本指标\n"
    )
    assert not [f for f in _of(tmp_path, text, "A040") if "重复的词语" in f.message]
    prose = "某局2020年度部门决算\n资金做到专款专用专款专用,未发现违规。\n"
    assert [f for f in _of(tmp_path, prose, "A040", "prose.txt") if "重复的词语" in f.message]


def test_items_labelled_with_their_year_and_changes_on_a_dated_budget(tmp_path):
    # g39-04 lines 5–13 (国务院办公厅 2013): “因公出国(境)费2013年决算数93.87万元,比2013年年初预算数减少
    # 35.13万元,下降27.2%”: the item keeps its name across the year, and the change is on the budget
    text = (
        "国务院办公厅2013年度部门决算\n"
        "2013年国务院办公厅“三公”经费财政拨款决算数为399.48万元,比2013年年初预算数减少40.52万元,下降9.2%,"
        "其中:因公出国(境)费2013年决算数93.87万元,比2013年年初预算数减少35.13万元,下降27.2%;"
        "公务用车购置及运行费2013年决算数294万元,与2013年年初预算数一致;"
        "公务接待费2013年决算数11.61万元,比2013年年初预算数减少5.39万元,下降31.7%。\n"
        "(一)因公出国(境)费2013年度财政拨款决算数为93.87万元,占“三公”经费财政拨款决算总数的23.5%。\n"
    )
    found = [f for f in _findings(tmp_path, text) if f.severity in ("error", "warning")]
    assert found == [], [(f.rule_id, f.message[:80]) for f in found]
    wrong = text.replace("下降27.2%", "下降17.2%")
    found = [f for f in _findings(tmp_path, wrong, "wrong.txt") if f.rule_id == "A014"]
    assert len(found) == 1 and "27.23%" in found[0].message and "预算数" in found[0].message, found


def test_a_prior_year_run_into_its_amount_after_this_years(tmp_path):
    # g4-01 line 9: “…“三公”经费394.85万元2014247.15万元相比较增长147.70万元” (与2014年247.15万元 lost 与…年)
    text = (
        "区直文化系统2015年度部门决算\n"
        "2015年区直文化系统“三公”经费394.85万元2014247.15万元相比较增长147.70万元。\n"
    )
    found = [f for f in _of(tmp_path, text, "A040") if "年份与金额连写" in f.message]
    assert len(found) == 1 and "2014年247.15" in found[0].message, found


def test_a_budget_its_part_is_measured_on_is_no_part(tmp_path):
    # g40-09 line 6: “…同口径完成94517万元,…(其中:区本级同口径完成51184万元,占区本级年初预算数52000万元的
    # 98.43%;…)”
    text = (
        "某区2020年财政决算\n"
        "全区一般公共预算收入同口径完成94517万元,同比下降9.77%,减收10233万元(其中:区本级同口径完成51184万元,"
        "占区本级年初预算数52000万元的98.43%)。\n"
    )
    assert [f for f in _of(tmp_path, text, "A020") if "52000" in f.message] == []


def test_a_list_left_as_an_ellipsis_and_the_templates_note(tmp_path):
    # g42-01 line 29: “本部门内设机构包括…… 。本部门下属单位包括:……。(注:如无下属单位,应写明“本部门无
    # 下属单位)”
    text = (
        "常州市武进区马杭中心小学2019年度部门决算\n"
        "1. 根据部门职责分工,本部门内设机构包括…… 。本部门下属单位包括:……。"
        "(注:如无下属单位,应写明“本部门无下属单位)\n"
    )
    found = [f for f in _of(tmp_path, text, "A040") if "模板占位符" in f.message]
    assert [f.severity for f in found] == ["error"] * 3, found
    filled = (
        "常州市武进区马杭中心小学2019年度部门决算\n"
        "1. 本部门内设机构包括办公室、教务处等。本部门无下属单位。\n"
    )
    assert _of(tmp_path, filled, "A040", "filled.txt") == []


def test_a_qizhong_after_a_budget_stated_since_splits_the_budget(tmp_path):
    # g39-02 lines 17–18 (中央党校, a 2011 预算 news item): the share 59% is of this year's budget 595.99
    text = (
        "中央党校“三公”经费\n"
        "去年,中央党校“三公经费”支出572.23万元,其中公车费用328.8万元,占57%。"
        "今年,中央党校的预算数为595.99万元,比去年的实际支出高出20多万元。其中公务用车购置及运行费352.56万元,占59%。\n"
    )
    assert [f for f in _of(tmp_path, text, "A012") if "352.56" in f.message] == []
    wrong = text.replace("占59%", "占69%")
    found = [f for f in _of(tmp_path, wrong, "A012", "wrong.txt") if "352.56" in f.message]
    assert len(found) == 1 and "595.99" in found[0].message, found
