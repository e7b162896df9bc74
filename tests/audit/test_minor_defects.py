"""Minor defects of real texts (rates cut instead of rounded, …): each detector with the real passage it
must find and a correct real passage it must leave alone."""

from __future__ import annotations

from juesuan.audit.run import audit_path


def _findings(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return audit_path(path).findings


def _of(tmp_path, text: str, rule: str, name: str = "doc.txt") -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in _findings(tmp_path, text, name) if f.rule_id == rule]


def test_a_rate_cut_after_its_last_digit_is_a_warning(tmp_path):
    # g1-09 line 17: 0.28 ÷ (1.52 + 0.28) = 15.56% → 16%, printed 15%
    bad = (
        "2021年度部门决算\n"
        "2.公务接待费支出1.52万元, 与2021年度预算相比,减少0.28万元,下降15%,下降的原因是公务接待支出减少。\n"
    )
    found = _of(tmp_path, bad, "A014")
    assert [s for s, _m in found] == ["warning"]
    assert "四舍五入应为16%" in found[0][1]
    # g1-04 line 22: 9.6 ÷ 36.0 = 26.6667% → 26.67%, rounded as it should be
    ok = (
        "2016年度部门决算\n(二)公务接待经费支出26.4万元,与2015年度决算相比,减少9.6万元,下降26.67%,"
        "公务接待220批次,人数2929人。\n"
    )
    assert _of(tmp_path, ok, "A014", "ok.txt") == []


def test_a_cut_rate_repeated_without_its_level_takes_the_level_of_the_same_change(tmp_path):
    # g4-05 lines 2–3: 52.15 stated with “减少30.31万元” in one paragraph, the rate in the next
    text = (
        "2016年度部门决算\n"
        "“三公”经费支出为163.58万元,其中:因公出国(境)费支出52.15万元,"
        "因公出国(境)费支出较2015年因公出国(境)费减少30.31万元,减少原因主要是2016年出国团组减少。\n"
        "2016年度“三公”经费财政拨款支出决算数比2015年减少80.74万元,下降33.05%。"
        "其中:因公出国(境)费支出决算减少30.31万元,下降36.75%。\n"
    )
    [(severity, message)] = _of(tmp_path, text, "A014")
    assert severity == "warning" and "36.76%" in message
    assert _of(tmp_path, text.replace("36.75%", "36.76%"), "A014", "ok.txt") == []


def test_a_rate_on_an_imprecise_prior_is_not_judged_cut(tmp_path):
    # f02 line 24: 469.53 ÷ 16.36 = 2869.99%, but 16.36 (±0.01) allows 2868%–2872%
    ok = "2016年度部门决算\n（一）综合医院支出485.89万元，较2015年决算数增加469.53万元，增长2869%。\n"
    assert _of(tmp_path, ok, "A014") == []


def _severities(tmp_path, text: str, rule: str, name: str = "doc.txt") -> list[str]:
    return [s for s, _m in _of(tmp_path, text, rule, name)]


def test_one_item_missing_from_a_numbered_list_is_a_warning(tmp_path):
    # f01 lines 15–20: the items of (二) run 1.–5. then 7.
    items = [
        "1.基本支出和项目支出674.35万元。",
        "2.上缴上级支出0万元。",
        "3.经营支出0万元。",
        "4.对附属单位补助支出0万元。",
        "5.结余分配0万元。",
        "7.年末结转结余25.34万元。",
    ]
    bad = "2014年度部门决算\n（二）支出情况\n" + "\n".join(items) + "\n"
    assert _severities(tmp_path, bad, "A042") == ["warning"]
    ok = bad.replace("7.年末", "6.年末")
    assert _severities(tmp_path, ok, "A042", "ok.txt") == []


def test_a_gap_whose_number_lost_its_punctuation_or_spans_parts_stays_info(tmp_path):
    # g7-02: 第一部分 then 第三部分 — the tables (第二部分) are published apart
    parts = "2020年度部门决算\n第一部分 部门概况\n一、部门职责\n第三部分 2020年度部门决算情况说明\n"
    assert _severities(tmp_path, parts, "A042", "parts.txt") == ["info"]
    # g5-09 lines 8–11: “6做好…” lost its “、”; the item is there
    lost = (
        "2017年度部门决算\n4、组织离休干部参加有关会议和政治活动。\n"
        "5、开展调查研究,接待处理来信来访。\n6做好全区离休干部公用经费和特需经费的收缴发放工作。\n"
        "7、做好区级退休干部的服务管理工作。\n"
    )
    assert _severities(tmp_path, lost, "A042") == ["info"]


def test_a_standard_term_mis_written_is_a_warning(tmp_path):
    slips = {
        # g13-07 line 25: 舍入 (四舍五入) written 收舍
        "收舍": "二是本级支出增加1050万元、地方政府债务还本支出因收舍原因增加1万元、上解支出增加2162万元。",
        # g12-13 line 22: 应对气候变化 written 气侯
        "气侯": "组织、指导全市森林资源调查和动态监测;承担林业应对气侯变化的相关工作。",
        # g2-11 line 2 (目录): 一般公共预算财政拨款 written 一般公共决算
        "一般公共决算": "三、2021 年度一般公共决算财政拨款安排的“三公”经费支出决算及增减变动情况说明",
        # g1-04 line 23: 公务用车运行维护费 with its 费 written twice
        "运行费维护费": "其中:公务用车运行费维护费41.9万元,包括燃修费、修理费、过路过桥费、保险费等支出。",
    }
    right = {"收舍": "舍入", "气侯": "气候", "一般公共决算": "一般公共预算", "运行费维护费": "运行维护费"}
    for n, (wrong, passage) in enumerate(slips.items()):
        bad = f"2021年度部门决算\n{passage}\n"
        found = [(s, m) for s, m in _of(tmp_path, bad, "A040", f"bad{n}.txt") if wrong in m]
        assert [s for s, _m in found] == ["warning"], wrong
        assert f"应为“{right[wrong]}”" in found[0][1]
        ok = bad.replace(wrong, right[wrong])
        assert _of(tmp_path, ok, "A040", f"ok{n}.txt") == [], wrong


def test_amounts_listed_first_under_qizhong_may_not_exceed_their_total(tmp_path):
    # g13-04 (项目支出绩效自评表, 年度总体目标): 30 + 30 + 29.99 = 89.99 > 89.97
    bad = (
        "2022年度项目支出绩效自评表\n本项目共完成预算资金89.97万元。其中:30万元用于基建工程项目预算编制;"
        "30万元用于基建工程项目审计;29.99万元用于基建工程项目设计、规划、测绘。\n"
    )
    [(severity, message)] = [(s, m) for s, m in _of(tmp_path, bad, "A020") if "大于合计" in m]
    assert severity == "warning" and "89.99万元" in message
    # the same text's 预期目标: 30 + 30 + 30 = 90
    ok = (
        "2022年度项目支出绩效自评表\n本项目共申请预算资金90万元。其中:30万元用于基建工程项目预算编制;"
        "30万元用于基建工程项目审计;30万元用于基建工程项目设计、规划、测绘。\n"
    )
    assert _of(tmp_path, ok, "A020", "ok.txt") == []


def test_qunian_without_its_nian_is_a_dropped_character(tmp_path):
    # g7-01 line 35
    bad = "2020年度部门决算\n(3)确保安全工作,信访稳定比去大幅度下降。\n"
    [(severity, message)] = _of(tmp_path, bad, "A040")
    assert severity == "warning" and "去年" in message
    assert _of(tmp_path, bad.replace("比去", "比去年"), "A040", "ok.txt") == []
    # g5-03 lines 15–16: “比去 / 年增加0.5万元” broken across two lines is not a dropped 年
    split = "2020年度部门决算\n公务接待费支出决算比预算无增减变化,比去\n年增加0.5万元。\n"
    assert _of(tmp_path, split, "A040", "split.txt") == []


def test_a_sentence_opening_with_the_comparison_is_of_the_figure_before_it(tmp_path):
    # g8-11 line 9: 24.1522 ÷ (364.6552 + 24.1522) = 6.21187% → 6.2119%, printed 6.2118%
    bad = (
        "2021年度单位决算\n1.财政拨款收入364.6552万元,为财政拨款资金。较上年度决算数减少24.1522万元,"
        "下降6.2118%,主要是公共卫生财政拨款减少。\n"
    )
    [(_severity, message)] = _of(tmp_path, bad, "A014")
    assert "364.6552万元" in message and "6.2119%" in message
    # g8-11 line 11: 33.1608 ÷ (93.1608 − 33.1608) = 55.268%
    ok = (
        "2021年度单位决算\n3.事业收入93.1608万元,为事业单位开展专业业务活动及辅助活动所取得的收入。"
        "较上年度决算数增加33.1608万元,增长55.268%。\n"
    )
    assert _of(tmp_path, ok, "A014", "ok.txt") == []
