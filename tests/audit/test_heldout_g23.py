"""False alarms found on the held-out group g23 (the 绩效自评 family), each with what is still found."""

from __future__ import annotations

from juesuan.audit.run import read_for_audit
from tests.audit.test_heldout_g19 import _findings


def _a040_a042(tmp_path, text: str, name: str = "doc.txt") -> list[tuple[str, str]]:
    """The A040 and A042 findings at error or warning: (rule, message)."""
    return [
        (f.rule_id, f.message)
        for f in _findings(tmp_path, text, name)
        if f.rule_id in ("A040", "A042") and f.severity in ("error", "warning")
    ]


_COVER = (
    "岳阳市2018年度部门整体支出\n\n绩效评价自评报告\n\n"
    "部门(单位)名称:  岳阳市城市管理监督指挥中心                                 \n\n"
    "预 算 编 码:   906017                         \n\n"
    "评价方式:部门(单位)绩效自评\n\n报告日期:2019年06月18日\n"
)


def test_a_filled_in_unit_name_field_is_not_a_placeholder(tmp_path):
    # g23-02 line 15: the cover's field label “部门(单位)名称:” with the unit's name after it
    assert _a040_a042(tmp_path, _COVER) == []
    # the label left with no name (the next field follows) is still the template's residue
    blank = _COVER.replace("岳阳市城市管理监督指挥中心", "")
    assert any(r == "A040" and "部门(单位)名称" in m for r, m in _a040_a042(tmp_path, blank, "blank.txt"))
    # and the name's slot left in a heading is still found
    heading = "第一部分:部门(单位)名称概况\n一、主要职能\n"
    assert any(r == "A040" for r, _ in _a040_a042(tmp_path, heading, "heading.txt"))


_SCORE_TABLE = (
    "编辑: 飞鸟 | 2019-07-11 |\n"
    "20 分)项目决策(10 分)科学决策必要性 (政策依据)\n"
    "5 5 可行性 (政策完善)\n"
    "5 5 (\n"
    "10 ) 绩效目标明确性\n"
    "5 5 合理性\n"
    "5 5\n"
    "14 (\n"
    "10 分)项目管理(7分)资金管理资金分配\n"
    "3 3 资金使用\n"
    "4 4 (\n"
    "3 分)项目执行执行规范\n"
    "3 2 ( 特性指标70 分)项目绩效(20 ) 项目完成完成数量\n"
    "5 5 完成质量\n"
    "5 4 完成时效\n"
    "40 社会效益(可选项)\n"
    "40 生态效益(可选项) 可持续效益(可选项) 服务对象满意度\n"
    "10 10 总分 3.部门整体支出绩效自评开展情况. 按照预算绩效管理要求,本部门对\n"
    "2017 年整体支出开展绩 效自评,自评得分\n"
    "90 分,存在的问题:一是年初编制项目资金 预算时对对象摸底不够准确,造成预算资金过大.\n"
    "2017 年部门整体支出绩效评价得分表 一级指 标 二级指标 三级指标 得分 "
    "部门决 策(25 分) 目标任务(15 分) 相关性(5 分)\n"
    "5 明确性(5 分)\n"
    "5 合理性(5 分)\n"
    "5 预算编制(10 分) 测算依据(5 分)\n"
    "2 目标管理(5 分)\n"
    "4 综合管 理(30 分) 专项资金分配时限(2 分)\n"
)


def test_a_flattened_score_table_has_no_list_and_no_doubled_words(tmp_path):
    # g23-07: an indicator run into its sub-indicator (“项目执行执行规范”), 对 before 对象, and the 得分 cells
    # opening the lines (“5 合理性(5 分)”) are neither doubled words nor a list's numbers
    assert _a040_a042(tmp_path, _SCORE_TABLE) == []


def test_doubled_words_and_numbering_are_still_found_in_prose(tmp_path):
    prose = (
        "2021年度部门决算\n"
        "一、收入支出决算总体情况说明\n"
        "本年度收入支出支出总计均为120.5万元,主要是是人员经费增加。\n"
        "二、收入决算情况说明\n"
        "二、支出决算情况说明\n"
    )
    found = _a040_a042(tmp_path, prose)
    assert any(r == "A040" and "支出" in m for r, m in found), found
    assert any(r == "A040" and "“是”" in m for r, m in found), found
    assert any(r == "A042" for r, _ in found), found


def _rules_at(tmp_path, text: str, name: str) -> dict[str, set[str]]:
    out: dict[str, set[str]] = {}
    for f in _findings(tmp_path, text, name):
        out.setdefault(f.rule_id, set()).add(f.severity)
    return out


_SICHUAN_FORMS = (
    "合计 | 100 | |||||||||\n"
    "评价结论 | 根据财政局资金下达的管理办法,将资金支付给项目施工方。 | |||||||||\n"
    "项目负责人:查小兵 | 财务负责人:唐勇 | |||||||||\n"
    "部门预算项目支出绩效自评表(2023年度) | ||||||||||\n"
    "项目名称 | 51092324T000010263357-2023年全县安可替代补助资金项目 | |||||||||\n"
    "主管部门 | 大英县司法局部门 | 实施单位 | 大英县司法局 | |||||||\n"
    "预算执行情况(10分) | 年度预算数(万元) | 年初预算 | 调整后预算数 | "
    "预算执行数 | 预算执行率 | 权重 | 得分 | 原因 | ||\n"
    "总额 | 0.00 | 3.36 | 3.36 | 100.00% | 10 | 10 | 1.预算执行率=预算执行数/调整后预算数. | |||\n"
    "其中:财政资金 | 0.00 | 3.36 | 3.36 | 100.00% | / | / | ||||\n"
    "单位资金 | 0.00 | 0.00 | 0.00 | 0.00% | / | / | ||||\n"
)


def test_a_sichuan_form_under_its_title_row_is_read_by_its_columns(tmp_path):
    # g23-03: the form's title is a row of the “|” block (after the previous form's rows); its 资金 rows
    # (总额, 其中:财政资金) are read under 调整后预算数 / 预算执行数 / 预算执行率, and its year from the title
    doc = _findings(tmp_path, _SICHUAN_FORMS, "forms.txt")
    assert not [f for f in doc if f.rule_id.startswith("A06") and f.severity in ("error", "warning")]
    assert not [f for f in doc if f.rule_id == "A005" and "年度" in f.message]
    slip = _SICHUAN_FORMS.replace("总额 | 0.00 | 3.36 | 3.36 |", "总额 | 0.00 | 3.36 | 3.00 |")
    assert "error" in _rules_at(tmp_path, slip, "slip.txt").get("A060", set())


_YUNNAN_FORM = (
    "| 2020年度項(xiàng)目支出績效自評表 | ||||||||||\n"
    "| 項(xiàng)目名稱 |\n"
    "2020年省級自然資源衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi)支出績效自評表 |\n"
    "|||||||||\n"
    "| 主管部門 | 麗江市自然資源和規(guī)劃局 | 實(shí)施單位 | 麗江市古城區(qū)自然資源局 | |||||||\n"
    "|\n"
    "項(xiàng)目資金 (萬元) |\n"
    "年初預(yù)算數(shù) | 全年預(yù)算數(shù) | 全年執(zhí)行數(shù) | 分值 | 執(zhí)行率 | 得分 | ||||\n"
    "| 年度資金總額 | 90 | 89.974 | 89.974 | 10.00 | 100% | 10.00 | ||||\n"
    "| 產(chǎn)出指標(biāo) | 數(shù)量指標(biāo) | 衛(wèi)片執(zhí)法補(bǔ)助經(jīng)費(fèi) | "
    "﹦ | 72890 | 元 | 72890 | 10.00 | 9.00 | ||\n"
    "| 滿意度指標(biāo) | 服務(wù)對象滿意度指標(biāo) | 滿意度 | ≥ | 95 | % | 95 | 10.00 |\n"
)


def test_a_mirrors_form_is_read_under_its_column_names_and_a_cut_form_has_no_weights_sum(tmp_path):
    # g23-08: the 年度资金总额 row's 全年预算数 and 全年执行数 are the 2nd and 3rd amounts (after 年初预算数),
    # the column names in traditional characters (“執行率” holds no marker of a traditional text); the page
    # ends inside the form, its last row cut, so its weights are not summed (A064)
    found = _rules_at(tmp_path, _YUNNAN_FORM, "yunnan.txt")
    assert "A060" not in found and "A064" not in found, found
    slip = _YUNNAN_FORM.replace("| 90 | 89.974 | 89.974 |", "| 90 | 89.974 | 80.974 |")
    assert "error" in _rules_at(tmp_path, slip, "slip.txt").get("A060", set())


def _year(tmp_path, text: str, name: str) -> int | None:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    doc, _ = read_for_audit(path)
    assert doc is not None
    return doc.year


def test_the_year_of_a_performance_report(tmp_path):
    # g23-02: a city template's cover, its title on two lines after the city's name
    assert _year(tmp_path, _COVER, "cover.txt") == 2018
    # g23-01: an untitled 部门整体支出绩效评价报告 stating “2021年部门决算收支完成情况”
    report = (
        "部门整体支出绩效评价报告\n一、基本情况\n(一)部门整体支出概况。\n2021年部门决算收支完成情况。\n"
        "1、收入:792.22万元。同比上年度增加189.25万元,增加31.39%。\n"
    )
    assert _year(tmp_path, report, "report.txt") == 2021
    # g23-07: “本部门对2017 年整体支出开展绩效自评”
    scored = (
        "3.部门整体支出绩效自评开展情况. 按照预算绩效管理要求,本部门对\n"
        "2017 年整体支出开展绩 效自评,自评得分\n"
    )
    assert _year(tmp_path, scored, "scored.txt") == 2017
    # a place before a year that is not a title names no year of its own
    assert _year(tmp_path, "岳阳市2018年度工作要点\n全市完成各项任务。\n", "plan.txt") is None


def test_a_year_without_its_nian_before_a_report_word(tmp_path):
    # g23-02 line 1: “…中心2018绩效评价自评报告”; g15-07: “纳入…2021部门决算编制范围”
    title = "岳阳市城市管理监督指挥中心2018绩效评价自评报告及评分表(整体支出)\n"
    found = _a040_a042(tmp_path, title)
    assert any(r == "A040" and "2018绩效" in m for r, m in found), found
    # with its 年, or a code's digits before the word (not a year), it is not
    assert _a040_a042(tmp_path, title.replace("2018绩效", "2018年绩效"), "ok.txt") == []
    assert _a040_a042(tmp_path, "项目编码:51092320181绩效目标表\n", "code.txt") == []


_WORK_LIST = (
    "年度主要工作内容\n"
    "1.完成数字化城市管理监督、指挥、调度和协调工作。2.做好全市数字化城市管理系统市级平台的日常维护和管理。"
    "3.对各类城市管理信息的收集、分析和整理。4.完成数字城管各终端单位的考核考评。4.对受理的数字化城市管理的投诉、"
    "举报等有关工作进行处理。5.对各县市区数字化城市管理工作的业务指导。\n"
)


def test_an_item_numbered_twice_in_a_list_run_into_one_paragraph(tmp_path):
    # g23-02 line 60: 1. 2. 3. 4. 4. 5. in one paragraph
    found = _a040_a042(tmp_path, _WORK_LIST)
    assert [m for r, m in found if r == "A042" and "“4.”重复" in m], found
    # numbered right, or two lists run together (a restart at 1), it is not
    right = _WORK_LIST.replace("5.对各", "6.对各").replace("4.对受理", "5.对受理")
    assert _a040_a042(tmp_path, right, "a.txt") == []
    restart = _WORK_LIST.replace("4.对受理", "1.对受理").replace("5.对各", "2.对各")
    assert _a040_a042(tmp_path, restart, "b.txt") == []


def test_a_unit_column_puts_the_target_before_it(tmp_path):
    # g23-08: 指标性质 | 指标值 | 度量单位 | 实际完成值 | 分值 | 得分: “﹦ | 100 | % | 100 | 20 | 19” is a
    # target met in full yet scored 19 of 20 (A061, a warning); scored 20 it is right
    form = _YUNNAN_FORM.replace(
        "| 滿意度指標(biāo) |",
        "| 質(zhì)量指標(biāo) | 項(xiàng)目驗(yàn)收合格率 | ﹦ | 100 | % | 100 | 20 | 19 | |||\n"
        "| 滿意度指標(biāo) |",
    )
    assert "warning" in _rules_at(tmp_path, form, "short.txt").get("A061", set())
    full = form.replace("| 100 | 20 | 19 |", "| 100 | 20 | 20 |")
    assert "A061" not in _rules_at(tmp_path, full, "full.txt")
    # an upper bound (≤): less than the target is no shortfall
    bound = form.replace("﹦ | 100 | % | 100 | 20 | 19", "≤ | 100 | % | 80 | 20 | 20")
    assert "A061" not in _rules_at(tmp_path, bound, "bound.txt")


def test_a_bracketed_word_written_again_after_its_bracket(tmp_path):
    # g23-06: “西部(重庆)重庆科学城” for 西部(重庆)科学城
    found = _a040_a042(tmp_path, "为建设成渝地区双城经济圈和西部(重庆)重庆科学城营造良好氛围。\n")
    assert any(r == "A040" and "(重庆)重庆" in m for r, m in found), found
    ok = "为西部(重庆)科学城营造良好氛围。(一)一般公共预算财政拨款收入。\n"
    assert _a040_a042(tmp_path, ok, "ok.txt") == []


def test_the_execution_score_in_a_funds_row(tmp_path):
    # the 资金 row carries 分值 | 执行率 | 得分 (Yunnan) or 预算执行率 | 权重 | 得分 (Sichuan):
    # 得分 = 分值 × 执行率
    yunnan = _YUNNAN_FORM.replace("| 10.00 | 100% | 10.00 |", "| 10.00 | 100% | 9.00 |")
    assert "error" in _rules_at(tmp_path, yunnan, "yunnan.txt").get("A061", set())
    sichuan = _SICHUAN_FORMS.replace("| 100.00% | 10 | 10 |", "| 100.00% | 10 | 8 |")
    assert "error" in _rules_at(tmp_path, sichuan, "sichuan.txt").get("A061", set())
    assert "A061" not in _rules_at(tmp_path, _SICHUAN_FORMS, "right.txt")


_FORM_TAIL = (
    "绩效指标(90分) | 一级指标 | 二级指标 | 三级指标 | 指标性质 | 指标值 | 度量单位 | 完成值 | "
    "权重 | 得分 | 未完成原因分析 |\n"
    "产出指标 | 经济成本指标 | 成本控制数 | ≤ | 30 | 万元 | 完成 | 90 | 90 | ||\n"
    "合计 | 100 | |||||||||\n"
    "评价结论 | 根据财政局资金下达的管理办法,将资金支付给项目施工方。 | |||||||||\n"
)


def test_the_rest_of_a_form_at_the_top_of_a_page(tmp_path):
    # g23-03 lines 1–3: a form's indicator rows under its header, its title and 资金 rows on the page before:
    # read as a 自评表 (a score above its weight is found), its weights not summed without the 预算执行 part
    assert not {"A061", "A064"} & set(_rules_at(tmp_path, _FORM_TAIL, "tail.txt"))
    over = _FORM_TAIL.replace("| 90 | 90 |", "| 90 | 95 |")
    assert "error" in _rules_at(tmp_path, over, "over.txt").get("A061", set())


def test_a_change_opened_by_tongbi_is_named_by_its_figure(tmp_path):
    # g23-01 line 11 with a rate slip: the message names 财政拨款收入, not “同” (the 同 of 同比上年度)
    text = "1、收入:792.22万元。其中:财政拨款收入792.22万元,同比上年度增加209.28万元,增加38.9%。\n"
    found = [f for f in _findings(tmp_path, text) if f.rule_id == "A014"]
    assert found and all("“财政拨款收入”" in f.message and "“同”" not in f.message for f in found), found


_RUN_IN_INCOME = (
    "2021年部门决算收支完成情况。\n"
    "1、收入:792.22万元。同比上年度增加189.25万元,增加31.39%。其中:财政拨款收入792.22万元,"
    "同比上年度增加209.28万元,增加35.9%。\n"
)


def test_a_change_after_a_run_in_item_heading(tmp_path):
    # g23-01 line 11: “1、收入:792.22万元。” labels the figure by the heading's word before the colon, and the
    # sentence “同比上年度增加189.25万元,增加31.39%” is of that figure (189.25 / 602.97 = 31.39%: right)
    assert "A014" not in _rules_at(tmp_path, _RUN_IN_INCOME, "right.txt")
    slip = _RUN_IN_INCOME.replace("增加31.39%", "增加33.39%")
    found = [f for f in _findings(tmp_path, slip, "slip.txt") if f.rule_id == "A014"]
    assert found and "“收入”" in found[0].message, found


def test_spending_listed_as_personnel_public_and_project(tmp_path):
    # g23-01 line 12: 支出 = 人员经费 + 公用经费 + 项目支出 (the 基本支出 as its two parts)
    text = "2、支出:799.12万元。其中:人员经费支出434.89万元,公用经费支出77.4万元,项目支出286.83万元。\n"
    assert "A020" not in _rules_at(tmp_path, text, "right.txt")
    slip = text.replace("支出:799.12万元", "支出:789.12万元")
    assert _rules_at(tmp_path, slip, "slip.txt").get("A020", set()) & {"error", "warning"}
