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
