"""False alarms and misses found on the held-out group g19, each with the case that must still be found."""

from __future__ import annotations

import pytest

from juesuan.audit.read import read_document
from juesuan.audit.run import audit_path


def _findings(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return audit_path(path).findings


def _rules(tmp_path, text: str, name: str = "doc.txt") -> dict[str, list[str]]:
    out: dict[str, list[str]] = {}
    for f in _findings(tmp_path, text, name):
        out.setdefault(f.rule_id, []).append(f.severity)
    return out


def test_an_income_source_after_the_fiscal_income_is_its_sibling(tmp_path):
    # g19-08 line 40: a list of the 收入's sources with no figure of the 收入 before it
    ok = (
        "2019年度部门决算\n"
        "本年收入的具体构成为:财政拨款收入1233.333865万元,占100%;事业收入0万元,占0%;"
        "经营收入0万元,占0 %;其他收入0万元,占0%。\n"
    )
    assert "A020" not in _rules(tmp_path, ok)
    # a real 其中 of the 财政拨款收入 is still its parts
    bad = (
        "2019年度部门决算\n财政拨款收入1233.33万元,其中:一般公共预算财政拨款收入1000万元,"
        "政府性基金预算财政拨款收入200万元。\n"
    )
    assert "A020" in _rules(tmp_path, bad, "bad.txt")


def test_a_composition_lists_the_parts_of_the_figure_its_lead_in_names(tmp_path):
    # g11-10 lines 37–38: “本年收入的具体构成为:” splits the 本年收入合计 of the sentence before
    # (231.24, not 213.24)
    text = (
        "2020年度部门决算\n一、收入决算情况说明\n"
        "本部门2020年度收入总计 231.24万元,其中年初结转和结余0万元;本年收入合计231.24万元,"
        "较2019年增加5.24万元,增长2.3 %,主要原因是:正常支出。\n"
        "本年收入的具体构成为:财政拨款收入213.24万元,占 100 %;事业收入 0 万元,占 0%;经营收入 0 万元,"
        "占 0 %;其他收入 0 万元,占0 %。\n"
    )
    sums = [f for f in _findings(tmp_path, text) if f.rule_id == "A020"]
    assert [f.severity for f in sums] == ["error"]
    assert "231.24" in sums[0].message and "213.24＋0＋0＋0" in sums[0].message
    assert "具体构成为" in sums[0].message  # the quote shows the parts as well as the total
    ok = text.replace("财政拨款收入213.24万元", "财政拨款收入231.24万元")
    assert "A020" not in _rules(tmp_path, ok, "ok.txt")


#: A021 false warnings of g19, each (text that must pass, text that must still be flagged)
_COUNTS = {
    # g19-05 line 2: a change in a count is not a count of what follows it
    "change": (
        "2013年度决算\n相比去年,此次公开的部门增加了19个,公开范围更广泛、内容更细化。\n",
        "2013年度部门决算\n本部门内设3个科室,分别是办公室、财务科。\n",
    ),
    # g19-07 line 19: a 其中 list cut by the end of the page after two of its five units
    "cut": (
        "2017年度部门决算\n2017年末,本院有人员编制614名,其中:机关本级政法专项编制455名,分院事业编制13名,"
        "长沙铁路运输检察院",
        "2017年度部门决算\n2017年末,本院有人员编制614名,其中:机关本级政法专项编制455名,分院事业编制13名。\n",
    ),
    # g19-09 line 17: subsets by what they did (99 published X, 66 also published Y, of 104) are no partition
    "subsets": (
        "2015年度中央部门决算\n此次集中公布的中央部门达104个,其中,公布政府采购决算情况的共99个,"
        "同时公开中小企业合同金额的部门达66个,超过总数的六成。\n",
        "2015年度部门决算\n年末实有人数14人,其中在职人员13人,退休人员3人。\n",
    ),
}


@pytest.mark.parametrize("case", sorted(_COUNTS))
def test_counts_that_are_not_a_whole_and_its_members(tmp_path, case):
    ok, bad = _COUNTS[case]
    assert "A021" not in _rules(tmp_path, ok)
    assert "A021" in _rules(tmp_path, bad, "bad.txt")


def test_an_item_that_opens_a_list_of_its_own_parts_over_numbered_lines(tmp_path):
    # g19-02 lines 3–6: the 运行费 line repeats the item's total; the “三公” list resumes at (三)
    text = (
        "经区财政局汇总,2017年区级“三公”经费公共财政拨款支出1360.13万元。具体情况如下:\n"
        "(一)因公出国(境)费22.00万元。\n"
        "(二)公务用车购置及运行费1116.14万元。其中:\n"
        "1、公务用车购置费34.71万元,公务用车购置1辆中巴车。\n"
        "2、公务用车运行费1116.14万元,年末公务用车保有量404辆。\n"
        "(三)公务接待费221.98万元,国内公务接待893批次。\n"
    )
    sums = {f.severity: f for f in _findings(tmp_path, text) if f.rule_id == "A020"}
    assert "34.71＋1116.14" in sums["error"].message
    assert "2、公务用车运行费" in sums["error"].message  # the quote reaches the line at fault
    assert "22.00＋1116.14＋221.98" in sums["info"].message  # the outer list, a 0.01 尾差
    ok = text.replace("2、公务用车运行费1116.14万元", "2、公务用车运行费1081.43万元")
    assert "error" not in _rules(tmp_path, ok, "ok.txt").get("A020", [])


def test_an_items_change_stated_only_by_its_parts(tmp_path):
    # g19-02: −28.23 − 79.4 − 596.98 + 1.36 = −703.25 against the total's “减少支出613.80万元”
    text = (
        "2017年区级“三公”经费公共财政拨款支出1360.13万元,比上年减少支出613.80万元。具体情况如下:\n"
        "(一)因公出国(境)费22.00万元。与2016年相比,因公出国(境)经费支出减少28.23万元。\n"
        "(二)公务用车购置及运行费1116.14万元。其中:\n"
        "1、公务用车购置费34.71万元,与2016年相比,公务用车购置费减少79.4万元。\n"
        "2、公务用车运行费1081.43万元,与2016年相比,公务用车运行费减少596.98万元。\n"
        "(三)公务接待费221.98万元。与2016年相比,公务接待费支出增加1.36万元。\n"
    )
    sums = [f for f in _findings(tmp_path, text) if f.rule_id == "A014" and "各项增减额" in f.message]
    assert len(sums) == 1 and "-703.25" in sums[0].message
    ok = text.replace("减少支出613.80万元", "减少支出703.25万元")
    assert not [f for f in _findings(tmp_path, ok, "ok.txt") if f.rule_id == "A014"]


@pytest.mark.parametrize(
    ("text", "year"),
    [
        # g19-07: a 部门整体支出绩效评价报告 reports on the year's spending, like a 决算
        ("当前位置:首页 > 通知公告\n湖南省人民检察院2017年度部门整体支出绩效评价报告\n一、部门概况\n", 2017),
        # g19-09: a news item on the publication of the year's 决算
        ("中央部門首曬政采支持中小企業\n7月22日,百余家中央部門集中公布2015年度中央部門決算,其中…\n", 2015),
        # g19-06: the year after its subject
        ("大英文学艺术界联合会\n大英县文学艺术界联合会财政拨款“三公”经费2015年决算情况如下:\n", 2015),
    ],
)
def test_the_year_of_g19_titles_and_sentences(tmp_path, text, year):
    path = tmp_path / "doc.txt"
    path.write_text(text, encoding="utf-8")
    assert read_document(path).year == year


#: A014 misses of g19-01, each (text with the slip, the slip, its correction, words the finding must say)
_RATES = {
    # line 6: a sentence opening with a subject and its change goes on with the comparison before it
    "goes on": (
        "2016年度部门决算\n(一)收入支出决算总体情况说明\n"
        "本部门2016年度收入总计6955.73万元,支出总计6,954.57万元。与2015年决算数相比,收入增加950.05万元、"
        "增长15.82%,主要原因是上年结转。支出增加841.13万元,增长13.36%,主要原因是增人增资。\n",
        "增长13.36%",
        "增长13.76%",
        ("与上年相比", "13.76%"),
    ),
    # lines 11–12: a change on the budget in a sentence of its own after the reason for the one before;
    # 1,311.69 / (6,955.73 + 1,311.69) = 15.87%
    "budget": (
        "2016年度部门决算\n(二)财政拨款收入支出决算总体情况说明\n"
        "本部门2016年度财政拨款收入6955.73万元,较上年决算数增加950.05万元,增长15.82%。主要原因是上年结转。"
        "较年初预算数减少1311.69万元,下降25.86%。主要原因是部分预算项目未使用。\n",
        "下降25.86%",
        "下降15.87%",
        ("与预算数相比", "预算数应为8267.42万元"),
    ),
}


@pytest.mark.parametrize("case", sorted(_RATES))
def test_changes_bound_across_sentences(tmp_path, case):
    text, slip, right, words = _RATES[case]
    rates = [f for f in _findings(tmp_path, text) if f.rule_id == "A014"]
    assert len(rates) == 1 and all(w in rates[0].message for w in words)
    assert "A014" not in _rules(tmp_path, text.replace(slip, right), "ok.txt")
