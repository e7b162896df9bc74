"""False alarms and misses found on the held-out group g22, each with the case that must still be found."""

from __future__ import annotations

from juesuan.audit.facts import subject_key
from tests.audit.test_heldout_g19 import _findings, _rules


def _clean_then_found(tmp_path, text: str, gone: tuple[str, ...], slip: tuple[str, str], rule: str) -> None:
    """``text`` (from a held-out document) draws none of the ``gone`` rules, and the same text with one
    slip planted (``slip``: the passage and what replaces it) draws ``rule`` at error or warning."""
    rules = _rules(tmp_path, text)
    assert not set(gone) & set(rules), rules
    assert set(_rules(tmp_path, text.replace(*slip), "slip.txt").get(rule, [])) & {"error", "warning"}

_TWO_DEPARTMENTS = (
    "省质监局购置23辆公车\n"
    "省质监局公布,2011年“三公经费”财政拨款支出共1660.78万元,其中因公出国(境)费支出43.28万元。\n"
    "公务用车购置及运行费支出1352.78万元,公务接待费支出264.72万元。\n"
    "省审计厅公务接待费47万\n"
    "省审计厅2011年“三公”经费财政拨款支出数361.17万元,其中因公出国(境)费167.39万元。\n"
    "2011年省审计厅公务用车购置及运行费146.21万元。\n"
)


def test_another_named_bodys_figures_are_its_own(tmp_path):
    # g22-01: a news item on two departments; the second's “三公” total and items (named by the body at the
    # opening of their sentences) are not second statements of the first's
    assert "A010" not in _rules(tmp_path, _TWO_DEPARTMENTS)
    # one body's item stated twice with two values is still found
    twice = _TWO_DEPARTMENTS + "省审计厅公务用车购置及运行费支出164.21万元,主要用于审计业务。\n"
    assert "A010" in _rules(tmp_path, twice, "twice.txt")
    # and a body named twice (with and without its full place) is one body
    one = (
        "寻甸回族彝族自治县农业农村局2019年“三公”经费支出决算为12.5万元。\n"
        "寻甸县农业农村局2019年“三公”经费支出决算为21.5万元。\n"
    )
    assert "A010" in _rules(tmp_path, one, "one.txt")


_DISTRICT = (
    "一、2020年全区收支决算\n"
    "全区一般公共预算总收入410338万元,完成调整后预算的97.3%,下降6.4%,其中地方一般公共预算收入271630万元,"
    "完成调整后预算的99.2%,下降4.7%;加上级补助收入120846万元,上年结余收入42690万元,债务转贷收入16714万元,"
    "调入预算稳定调节基金44421万元,调入资金18300万元,收入合计514601万元。\n"
)


def test_a_figure_and_its_own_part_are_not_both_added(tmp_path):
    # g22-02 line 3: the 收入合计 adds the transfers to the 地方 revenue (the 其中 part of the 总收入), not
    # to both the 总收入 and its part; a 收入合计 that neither reading gives is still found
    _clean_then_found(tmp_path, _DISTRICT, ("A020",), ("收入合计514601万元", "收入合计515601万元"), "A020")


_HUANGPU = (
    "黄埔区2013年区“三公”经费总计为4509万元,比2012年减少1697万元,下降27.3%。"
    "其中:因公出国(境)费用410万元,占“三公”经费总额9.1%,同比减少153万元,下降27.2%;公务用车购置及运行维护费"
    "3545万元,占“三公”经费总额78.6%,同比减少970万元,下降21.5%。其中:公务用车购置费710万元,占“三公”经费总额"
    "15.7%,同比减少569万元,下降44.5%。公务用车运行维护费2835万元,占“三公”经费总额62.9%,同比减少401万元,"
    "下降12.4%;公务接待费554万元,占“三公”经费总额12.3%,同比减少574万元,下降50.9%。\n"
    "其中,序列部门中“三公”总数超百万的部门共有5个,分别是区公安分局(900.07万)、区城管局(385.76万)、"
    "教育局(229.89万)、区农业园林局(105.38万)和区水务局(102.42万)。\n"
)


def test_the_outer_list_resumes_after_an_items_own_parts(tmp_path):
    # g22-06 line 3: the car item's 其中 (购置费, 运行维护费) is a list of its own parts; the 公务接待费 after
    # it is the third item of the “三公” total (its change −574 with −153 and −970 makes −1,697); an item's
    # change that does not add up is still found
    _clean_then_found(tmp_path, _HUANGPU, ("A014", "A020"), ("同比减少574万元", "同比减少547万元"), "A014")


def test_a_count_split_by_its_own_qizhong_is_no_list_of_the_figure_before(tmp_path):
    # g22-06 line 4: “其中,…的部门共有5个,分别是A(900.07万)、…” names five departments and their “三公”
    # totals: not the parts of the 公务接待费 554 that closes the sentence before
    assert "A020" not in _rules(tmp_path, _HUANGPU)
    # a 其中 sentence splitting the figure before it is still checked
    split = "2015年全县财政总收入127606万元,比上年增长5%。其中:中央级收入54386万元,省级收入73220万元。\n"
    _clean_then_found(tmp_path, split, ("A020",), ("73220", "83220"), "A020")


def test_a_shortened_term_running_on_into_another_word_is_no_lost_character(tmp_path):
    # g22-07 line 2: “收入計劃105.28%” is the revenue plan, not 收入总计 with its 总 lost; a 收入总计 that
    # lost its 总 is still found
    text = (
        "2013年度区级决算\n"
        "去年全区公共财政预算收入519531万元,完成年度预算收入计划105.28%,较2012年增长16.75%。\n"
    )
    slip = ("收入计划105.28%", "收入计519531万元")
    _clean_then_found(tmp_path, text, ("A040",), slip, "A040")


def test_an_instruction_to_the_form_filler_is_residue(tmp_path):
    # g22-05 line 27: the Shanghai template's instruction for 机构设置 left before the answer is found; a
    # 填报说明's account of where its figures come from (“…依据本单位会计账簿…填列”, g22-12) is not
    head = "上海市青浦区绿化管理所2018年度决算\n二、机构设置\n"
    left = head + "由单位根据三定方案等相关规定中有关内部机构设置填写。\n根据上述职责,本所设6个内设机构。\n"
    assert "A040" in _rules(tmp_path, left)
    account = "一、决算信息来源说明\n本套决算主表决算数据主要依据本单位会计账簿总账及明细账数据填列。\n"
    assert "A040" not in _rules(tmp_path, account, "account.txt")


def test_asterisks_in_a_copy_that_masks_characters_are_a_note(tmp_path):
    # g22-06 lines 1 and 4: a portal masked words with “*” (single ones inside words too: “降幅*明显”); its
    # “**” is reported as a possible mask (info), not as a template placeholder (error)
    masked = "黄埔区共有62个部门晒出决算。38个区**部门中8个部门还未晒账。降幅*明显的是水务局。\n"
    assert _rules(tmp_path, masked).get("A040") == ["info"]
    # “**” in a text that masks nothing else is still a placeholder
    plain = "**局2019年度部门决算\n本部门2019年度收入合计100万元。\n"
    assert "error" in _rules(tmp_path, plain, "plain.txt").get("A040", [])


def test_a_governments_zengzhi_and_jianzhi_are_changes(tmp_path):
    # g22-03 lines 5–11: “較上年增支204萬元,增長23.1%”, “較上年減支1100萬元,下降33.3%” (增支, 减支, 增收,
    # 减收: a government 决算's change words); right rates draw nothing, a planted wrong one is found
    text = (
        "将2022年区本级财政总决算相关重要事项说明如下:\n"
        "1.人大事务1087万元,较上年增支204万元,增长23.1%;\n"
        "2.税收事务2200万元,较上年减支1100万元,下降33.3%;\n"
    )
    _clean_then_found(tmp_path, text, ("A014",), ("增支204万元,增长23.1%", "增支204万元,增长32.1%"), "A014")


def test_a_funds_balance_after_income_and_spending(tmp_path):
    # g22-02: “上述收支相抵,年终结余X” is the 收入合计 less the 支出合计 before it, or, with no totals, the
    # incomes listed before the first 支出 less the spending: 514601 − 448985 = 65616, 1493 + 44 + 140 −
    # 1459 = 218; a balance planted wrong is found
    text = (
        "1.一般公共预算收支及其平衡情况\n"
        "全区一般公共预算收入271630万元,加上级补助收入120846万元,上年结余收入42690万元,收入合计435166万元。"
        "一般公共预算支出361315万元,加上解上级支出52441万元,支出合计413756万元。"
        "上述收支相抵,年终结余21410万元,全部结转下年使用。\n"
        "3.国有资本经营收支及其平衡情况\n"
        "国有资本经营收入1493万元,上级补助收入44万元,上年结余140万元,国有资本经营支出1459万元。"
        "上述收支相抵,年终结余218万元,全部结转下年使用。\n"
    )
    _clean_then_found(tmp_path, text, ("A020",), ("年终结余21410万元", "年终结余24110万元"), "A020")
    _clean_then_found(tmp_path, text, ("A020",), ("年终结余218万元", "年终结余281万元"), "A020")


def test_a_sum_in_yi_yuan_is_shown_in_yi_yuan(tmp_path):
    # g22-09 (a slip planted in its total): a total and parts in 亿元 are summed in 亿元 in the message, not
    # as “30100.00万元” beside “3.10亿元”
    text = (
        "2013年市直党政机关、全额拨款事业单位的“三公”经费财政拨款支出决算3.10亿元,为预算控制数的90.7%。"
        "其中,因公出国(境)费用0.31亿元;公务用车购置及运行维护费2.25亿元;公务接待费0.45亿元。\n"
    )
    [hit] = [f for f in _findings(tmp_path, text) if f.rule_id == "A020"]
    assert "＝3.01亿元，相差0.09亿元" in hit.message and "万元" not in hit.message.split("原文")[0]


def test_the_car_item_written_with_joined_parts_is_the_car_item():
    # g22-08 line 9 “公务用车购置及运行维护支出”, g22-11 line 17 “公务用车购置费及运行维护费”: the car item
    # (购置 and 运行维护), not its 购置 part; its parts keep their keys
    for name in (
        "公务用车购置及运行维护支出",
        "公务用车购置费及运行维护费",
        "公务用车购置和运行维护费",
        "公务用车购置运行维护费",
    ):
        assert subject_key(name) == "sangong.car", name
    assert subject_key("公务用车购置费") == "sangong.car_purchase"
    assert subject_key("公务用车购置支出") == "sangong.car_purchase"
    assert subject_key("公务用车运行维护费") == "sangong.car_run"


def test_the_items_of_a_total_in_numbered_paragraphs(tmp_path):
    # g22-08: “…“三公”经费支出总数为5,572万元…。” / “其中:” / “1.因公出国(境)支出169万元…” / “2.公务用车购置
    # 及运行维护支出4,647万元…” / “3.公务接待支出756万元…”: with the car item read as the car item, the three
    # add up; a total planted wrong is found
    text = (
        "关于汉阳区2013年“三公”经费决算支出情况说明\n\n"
        "此次公开的我区2013年“三公”经费支出总数为5,572万元,比上年增长18.86%。\n\n其中:\n\n"
        "1.因公出国(境)支出169万元,比上年下降16.34%。\n\n"
        "2.公务用车购置及运行维护支出4,647万元,比上年增长58.65%。\n\n"
        "3.公务接待支出756万元。\n"
    )
    _clean_then_found(tmp_path, text, ("A020",), ("总数为5,572万元", "总数为5,752万元"), "A020")


def test_a_budgets_items_in_paragraphs_after_its_qizhong(tmp_path):
    # g22-11 lines 6–12: “…预算919万元(其中一般公共预算经费拨款841万元),与上年预算安排持平。其中:” then
    # “一是…不安排” (an item with no figure), “二是公务接待费预算288万元(…)”, “三是公务用车购置及运行维护费
    # 预算631万元(…)”: the list splits the 919 (not the bracketed 841) into budget items, 288 + 631 = 919;
    # a total planted below its items is found
    text = (
        "一、2018年“三公”经费预算\n"
        "2018年,全县“三公”经费预算919万元(其中一般公共预算经费拨款841万元),与上年预算安排持平。其中:\n"
        "一是因公出国(境)费用不安排,与上年持平;\n"
        "二是公务接待费预算288万元(其中一般公共预算经费拨款271万元),与上年持平;\n"
        "三是公务用车购置及运行维护费预算631万元(其中一般公共预算经费拨款570万元),与上年持平。\n"
    )
    _clean_then_found(tmp_path, text, ("A020",), ("经费预算919万元", "经费预算900万元"), "A020")


_SANJIANG = (
    "一、2018年“三公”经费预算\n"
    "二是公务接待费预算288万元(其中一般公共预算经费拨款271万元),与上年持平;\n"
    "三是公务用车购置及运行维护费预算631万元(其中一般公共预算经费拨款570万元),与上年持平。\n"
    "二、2018年“三公”经费决算执行情况\n"
    "二是公务接待费282万元,完成预算的97.92%,下降0.35%。\n"
    "三是公务用车购置费及运行维护费1001万元(含公务用车购置费不可比因素),完成预算的158.64%,同比增长34.91%。\n"
)


def test_a_completion_rate_against_the_budget_stated_in_an_earlier_part(tmp_path):
    # g22-11 lines 15–17: “…完成预算的97.92%”, “…完成预算的158.64%” with the budgets stated in part 一
    # (288, 631): the rates are checked against them (a warning, the budget's line named); a 元 written for
    # 万元 whose rate is right in 万元 is A025's, not a wrong completion rate
    _clean_then_found(tmp_path, _SANJIANG, ("A016",), ("完成预算的158.64%", "完成预算的185.64%"), "A016")
    slipped = _SANJIANG.replace("二是公务接待费282万元", "二是公务接待费282元")
    assert "A016" not in _rules(tmp_path, slipped, "slipped.txt")


def test_a_count_then_its_names_with_figures_beside_them(tmp_path):
    # g22-06 line 4: “…的部门共有5个,分别是区公安分局(900.07万)、…和区水务局(102.42万)。”: five names (each
    # with its figure in brackets) for 5; a count planted wrong is found; two lists after one 分别是 (g20-02,
    # “派出人民法庭4个,分别是政治处、…,名山人民法庭、…”) are not read as one
    text = (
        "其中,序列部门中“三公”总数超百万的部门共有5个,分别是区公安分局(900.07万)、区城管局(385.76万)、"
        "教育局(229.89万)、区农业园林局(105.38万)和区水务局(102.42万)。\n"
    )
    _clean_then_found(tmp_path, text, ("A021",), ("共有5个", "共有6个"), "A021")
    courts = (
        "本单位内设3个职能部门,派出人民法庭2个,分别是政治处、办公室、立案庭,名山人民法庭、社坛人民法庭。\n"
    )
    assert "A021" not in _rules(tmp_path, courts, "courts.txt")


def test_the_new_checks_keep_to_what_their_sentences_say(tmp_path):
    # guards of the checks above, each on a variant of a held-out text:
    # - a description of who fills a form in, inside a sentence, is no leftover instruction (g22-05);
    described = "五、其他\n项目支出绩效自评表由单位根据实际情况填写后报财政部门审核。\n"
    assert "A040" not in _rules(tmp_path, described, "described.txt")
    # - a budget of another year stated earlier is not the budget of this year's completion rate (g22-11);
    other_year = _SANJIANG.replace("二是公务接待费预算288万元", "2017年二是公务接待费预算300万元").replace(
        "二是公务接待费282万元", "2018年二是公务接待费282万元"
    )
    assert "A016" not in _rules(tmp_path, other_year, "other_year.txt")
    # - a 支出's own listed parts are not subtracted again from a fund's balance (g22-02).
    fund = (
        "3.国有资本经营收支及其平衡情况\n"
        "国有资本经营收入1493万元,上年结余140万元,国有资本经营支出1459万元,其中:解决历史遗留问题支出459万元,"
        "国有企业资本金注入1000万元。上述收支相抵,年终结余174万元,全部结转下年使用。\n"
    )
    assert "A020" not in _rules(tmp_path, fund, "fund.txt")
