"""Figures no check bound (bench/figure_coverage.py), now checked: each case from a real text's wording, the
correct text passing and one figure changed failing."""

from __future__ import annotations

from juesuan.audit.run import audit_path


def _findings(tmp_path, text: str, name: str = "doc.txt") -> list[tuple[str, str, str]]:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [(f.rule_id, f.severity, f.message) for f in audit_path(path).findings]


def _said(tmp_path, text: str, rule: str, severity: str = "", name: str = "bad.txt") -> list[str]:
    """The messages of ``rule`` (at ``severity`` when given) on ``text``."""
    return [m for r, sev, m in _findings(tmp_path, text, name) if r == rule and severity in ("", sev)]


def _rules(tmp_path, text: str, name: str = "doc.txt") -> set[str]:
    return {r for r, sev, _m in _findings(tmp_path, text, name) if sev in ("error", "warning")}


# g5-06 line 2 (a Guangdong template): the budget written inside the completion phrase
_BUDGET_IN_PHRASE = (
    "2019年度“三公”经费财政拨款支出决算说明\n"
    "清远市生态环境局2019年度“三公”经费财政拨款支出决算为17.06万元,完成预算27万元的63.2%。"
    "其中:因公出国(境)费支出决算为7.8万元,完成预算10万元的78.0%;公务用车购置及运行费支出决算为7.5万元,"
    "完成预算12万元的62.5%;公务接待费支出决算为1.76万元,完成预算5万元的35.2%。\n"
)


def test_a_budget_written_inside_the_completion_phrase_is_its_base(tmp_path):
    assert not _rules(tmp_path, _BUDGET_IN_PHRASE) & {"A016", "A019"}
    # each rate is of the budget its own phrase names, not of the sentence's last budget (5万元)
    bad = _BUDGET_IN_PHRASE.replace("的62.5%", "的68.5%")
    (said,) = _said(tmp_path, bad, "A016")
    assert "68.5%" in said and "7.5万元÷预算数12万元" in said
    total = _BUDGET_IN_PHRASE.replace("的63.2%", "的68.2%")
    assert "A016" in _rules(tmp_path, total, "total.txt")


def test_a_budget_written_inside_the_phrase_names_its_kind(tmp_path):
    # p08 line 3: “完成全年预算84.82万元的73.2%”
    ok = (
        "2023年度“三公”经费财政拨款支出决算说明\n"
        "广东省财政厅2023年度“三公”经费财政拨款支出决算为62.07万元,完成全年预算84.82万元的73.2%,"
        "比上年决算数增加38.97万元,增长168.7%。\n"
    )
    assert "A016" not in _rules(tmp_path, ok)
    assert "A016" in _rules(tmp_path, ok.replace("的73.2%", "的75.2%"), "bad.txt")


def test_a_comparison_with_last_year_is_not_one_with_the_budget(tmp_path):
    # p08 lines 3–5: “…支出决算大于上年决算数的主要情况” is no 决算数大于预算数 (the 决算 is under its budget)
    text = (
        "2023年度“三公”经费财政拨款支出决算说明\n"
        "广东省财政厅2023年度“三公”经费财政拨款支出决算为62.07万元,完成全年预算84.82万元的73.2%。"
        "其中:公务接待费支出决算为22.59万元,完成预算43.2万元的52.3%。\n"
        "2023年度“三公”经费支出决算小于预算数的主要情况:从严控制“三公”经费开支。\n"
        "2023年度“三公”经费支出决算大于上年决算数的主要情况:公务往来恢复正常。\n"
    )
    assert "A017" not in _rules(tmp_path, text)
    # the subject the sentence names (the “三公” total), not the paragraph's last rate (公务接待费)
    bad = text.replace("决算小于预算数的主要情况", "决算大于预算数的主要情况")
    found = _said(tmp_path, bad, "A017")
    assert found and all("62.07万元" in m for m in found)


def test_a_prior_figure_named_by_the_comparison_alone_is_the_levels(tmp_path):
    # g22-10 lines 3–4: “…支出决算汇总数为715.53万元,较上年845.61万元减少130.08万元,下降15.38%”
    ok = (
        "2019年度“三公”经费支出决算情况说明\n"
        "2019年度,全县一般公共预算财政拨款“三公”经费支出决算汇总数为715.53万元,较上年845.61万元减少130.08万元,"
        "下降15.38%。\n"
        "公务接待费为296.57万元,较上年383.55万元减少86.98万元,下降22.68%。\n"
    )
    assert "A014" not in _rules(tmp_path, ok)
    bad = ok.replace("较上年383.55万元", "较上年313.55万元")
    (said,) = _said(tmp_path, bad, "A014")
    # the change and its rate agree (86.98 ÷ 383.55 = 22.68%): the prior figure beside them is the one told
    assert "上年数：313.55万元" in said and "应为383.55万元" in said
    # without a rate to tell which figure is wrong, the change is recomputed from both figures
    (said,) = _said(tmp_path, bad.replace(",下降22.68%", ""), "A014")
    assert "上年数313.55万元" in said and "应为减少16.98万元" in said


def test_a_yuan_level_beside_a_prior_in_wan_is_a_unit_slip_not_a_wrong_change(tmp_path):
    # g24-06 line 12: “其中:基本支出252.5元,较上年231.5万元,增加21万元” (252.5万元 written 252.5元)
    text = (
        "2017年度部门决算情况说明\n"
        "本年支出合计252.5万元,较上年231.5万元,增加21万元,其中:基本支出252.5元,较上年231.5万元,增加21万元。\n"
    )
    assert not any(r == "A014" and "252.5元" in m for r, _s, m in _findings(tmp_path, text))
    bad = text.replace("增加21万元。", "增加24万元。")
    assert any(r == "A014" and "252.5元" in m for r, _s, m in _findings(tmp_path, bad, "bad.txt"))


def test_a_prior_figure_under_the_levels_own_name_is_its_prior(tmp_path):
    # g2-03 line 1: “…支出431万元,比上年累计支出433万元减少2万元”;
    # g24-07 line 9: “收入决算205.27万元,比上年收入决算221.17万元减少15.9万元”
    ok = (
        "2020年度“三公”经费支出决算说明\n"
        "2020年“三公”经费支出431万元,比上年累计支出433万元减少2万元,下降0.46%。\n"
        "1、2016年收入决算205.27万元,比上年收入决算221.17万元减少15.9万元,减少率为7.19%,主要是人员退休经费减少。\n"
    )
    assert "A014" not in _rules(tmp_path, ok)
    bad = ok.replace("比上年累计支出433万元", "比上年累计支出463万元")
    assert any(r == "A014" and "上年数：463万元" in m for r, _s, m in _findings(tmp_path, bad, "bad.txt"))
    bad = ok.replace("比上年收入决算221.17万元", "比上年收入决算251.17万元")
    assert any(r == "A014" and "上年数：251.17万元" in m for r, _s, m in _findings(tmp_path, bad, "bad2.txt"))
    # a prior figure of another subject is not the level's (“收入…,比上年支出决算…”)
    other = ok.replace("比上年收入决算221.17万元", "比上年支出决算251.17万元")
    assert not any("251.17" in m for r, _s, m in _findings(tmp_path, other, "other.txt") if r == "A014")


def test_the_reception_item_named_without_its_fee_is_the_item(tmp_path):
    # g6-03 line 4: “…合计支出20.12万元,其中:因公出国(境)经费0万元,公务接待12.39万元,公务用车运行费用7.73万元”
    ok = (
        "2021年度“三公”经费支出情况说明\n"
        "2021年度“三公”经费合计支出20.12万元,其中:因公出国(境)经费0万元,公务接待12.39万元,公务用车运行费用7.73万元。\n"
    )
    assert "A020" not in _rules(tmp_path, ok)
    # the three items make the whole: a list short of it is an error, not an incomplete “其中”
    bad = ok.replace("公务接待12.39万元", "公务接待12.09万元")
    (said,) = _said(tmp_path, bad, "A020", "error")
    assert "0＋12.09＋7.73＝19.82万元" in said


def test_the_items_decided_under_the_decided_whole_are_its_parts(tmp_path):
    # g4-10 line 86 (a Shanghai template): the 决算 of each item under the 决算 of the whole, after the budget
    ok = (
        "2019年度“三公”经费财政拨款支出决算说明\n"
        "“三公”经费财政拨款支出年初预算为683.51万元,支出决算为358.18万元,完成预算的52.4%,其中:因公出国(境)费"
        "决算为0万元,完成预算的0%;公务用车购置及运行维护费支出决算为316.57万元,完成预算的76.21%;公务接待费支出"
        "决算为41.61万元,完成预算的22.12%。\n"
    )
    assert "A020" not in _rules(tmp_path, ok)
    bad = ok.replace("决算为41.61万元", "决算为11.61万元")
    (said,) = _said(tmp_path, bad, "A020", "error")
    assert "0＋316.57＋11.61＝328.18万元" in said
    # a detail of one item (“具体是国内接待费支出决算…”, g8-04 line 3) is not a further item of the whole
    detail = ok.replace("完成预算的22.12%。", "完成预算的22.12%,具体是国内接待费支出决算41.61万元。")
    assert "A020" not in _rules(tmp_path, detail, "detail.txt")


def test_a_comma_list_ends_at_the_semicolon_and_at_the_grand_total(tmp_path):
    # g24-05 line 18: the 本年收入 list ends at 收入总计; the 本年支出 list at the semicolon before 结余
    ok = (
        "2015年度部门决算情况说明\n"
        "我园年初结转结余数为77.56万元,本年收入总额为761.06万元,其中财政补助收入520.46万元,事业收入235万元,"
        "上级补助收入5.5万元,其他收入0.1万元,收入总计838.62万元;本年支出总额为740.79万元,其中学前教育支出"
        "738.39万元,教育费附加安排的支出2.4万元;结余97.83万元。\n"
    )
    assert "A020" not in _rules(tmp_path, ok)
    bad = ok.replace("教育费附加安排的支出2.4万元", "教育费附加安排的支出5.4万元")
    (said,) = _said(tmp_path, bad, "A020", "error")
    assert "740.79万元" in said and "738.39＋5.4＝743.79万元" in said


def test_a_list_set_apart_by_semicolons_or_going_on_after_one_does_not_end_there(tmp_path):
    # g2-02 line 10: items set apart by semicolons, each with its budget and difference after commas
    items = (
        "2018年度“三公”经费支出决算说明\n"
        "2018年度本部门一般公共预算财政拨款安排的“三公\"经费支出2.05万元,年初预算为2.95万元,差值为0.9万元。"
        "其中:因公出国(境)支出0万元,年初预算为0万元,差值为0万元,原因为压缩各项开支;公务用车购置支出0万元,"
        "年初预算为0万元,差值为0万元,原因为压缩各项开支;公务用车运行维护费支出0万元,年初预算为0.95万元,"
        "差值为0.95万元,原因为压缩各项开支;公务接待费支出2.05万元,年初预算为2万元,差值为0.05万元。\n"
    )
    assert "A020" not in _rules(tmp_path, items)
    bad = items.replace("公务接待费支出2.05万元", "公务接待费支出2.35万元")
    assert "A020" in _rules(tmp_path, bad, "bad.txt")
    # g24-06 line 9: “其中:财政拨款收入252.5万元,经营收入0万元;其他收入0万元”: a source after the semicolon
    mixed = (
        "2017年度部门决算情况说明\n"
        "本年收入合计252.5万元,较上年231.5万元,增加21万元,其中:财政拨款收入252.5万元,经营收入0万元;其他收入0万元。\n"
    )
    assert "A020" not in _rules(tmp_path, mixed, "mixed.txt")
    assert "A020" in _rules(tmp_path, mixed.replace("其他收入0万元", "其他收入3万元"), "mixed_bad.txt")


def test_a_figure_named_by_its_decision_alone_under_a_heading_clause_heads_its_list(tmp_path):
    # g24-04 lines 6–7: “1、收入决算:2016年决算数3181.33万元,其中:…”
    ok = (
        "澧县某中学2016年部门决算公开\n"
        "1、收入决算:2016年决算数3181.33万元,其中:公共预算财政拨款收入3165.33万元,政府性基金预算拨款收入16.00万元。\n"
    )
    assert "A020" not in _rules(tmp_path, ok)
    bad = ok.replace("拨款收入16.00万元", "拨款收入46.00万元")
    # (a warning: the figure's subject is only its heading's word)
    (said,) = _said(tmp_path, bad, "A020", "warning")
    assert "3165.33＋46.00＝3211.33万元" in said
    # a clause naming something else is no heading of the figure
    other = bad.replace("1、收入决算:", "1、学校概况:")
    assert "A020" not in _rules(tmp_path, other, "other.txt")


def test_numbered_parts_after_a_figure_and_an_introducer_of_its_own(tmp_path):
    # g24-08 lines 11–13: “(一) 收入总计 3666.34万元。包括:” then “1. 财政拨款收入…”, “2. 事业收入…”
    ok = (
        "2016年度区级部门决算公开\n"
        "一、收入支出情况总体说明\n"
        "(一) 收入总计 3666.34万元。包括:\n"
        "1. 财政拨款收入3629.02万元,为当年从区级财政取得的一般公共预算拨款和政府性基金预算拨款\n"
        "2. 事业收入37.32万元,为财政安排的预算外收入。\n"
    )
    assert "A020" not in _rules(tmp_path, ok)
    bad = ok.replace("事业收入37.32万元", "事业收入67.32万元")
    (said,) = _said(tmp_path, bad, "A020")
    assert "3629.02＋67.32＝3696.34万元" in said


def test_a_change_on_the_budget_beside_the_rate_gives_its_budget(tmp_path):
    # g16-10 lines 9–12: “…支出决算为0.78万元,完成预算的39%,比预算减少1.22万元” (0.78 / 2.00 = 39%)
    ok = (
        "2019年度“三公”经费支出决算说明\n"
        "3.公务接待费支出决算为0.78万元,完成预算的39%,比预算减少1.22万元,主要原因是减少公务接待活动。\n"
    )
    assert "A016" not in _rules(tmp_path, ok)
    (said,) = _said(tmp_path, ok.replace("完成预算的39%", "完成预算的49%"), "A016")
    assert "预算数应为2.00万元" in said and "39.00%" in said
