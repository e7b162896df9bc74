"""False alarms and misses found on the held-out group g20, each with the case that must still be found."""

from __future__ import annotations

from juesuan.audit.facts import subject_key
from juesuan.audit.run import audit_document
from tests.audit.test_heldout_g19 import _findings, _rules


def test_a_qualified_part_of_an_item_is_not_the_item():
    # g20-03 lines 9–10: “涉外的公務接待費支出140萬元” and “其他公務接待費支出517.42萬元” are the two parts of
    # 公務接待 657.42, not two statements of it
    assert subject_key("涉外的公务接待费支出") == "sangong.foreign"
    assert subject_key("而其他公务接待费支出") == ""
    assert subject_key("公务接待费支出") == "sangong.reception"
    assert subject_key("其他收入") == "income.other"  # a subject whose name holds 其他 is still itself


def test_the_items_named_together_are_their_whole():
    # g20-04 line 1: the three items named, then their 预算数 and 決算數: the “三公” total, not the car item
    assert subject_key("因公出国(境)费、公务用车购置及运行费和公务接待费的财政拨款") == "sangong.total"
    assert subject_key("公务用车购置费和公务用车运行维护费") == "sangong.car"
    assert subject_key("因公出国(境)费和公务接待费") == ""  # two of three: a sum that is no item
    assert subject_key("公务用车购置及运行费") == "sangong.car"


_AUDIT_OFFICE = (
    "審計署11日在其網站公佈:2010年因公出國(境)費、公務用車購置及運行費和公務接待費的財政撥款預算數2711.65萬元、"
    "決算數2488.79萬元,2011年預算數2687.06萬元。\n"
    "2010年審計署「三公經費」財政撥款預算中,因公出國(境)費617萬元,公務用車購置及運行費1229.65萬元,公務接待費865萬元。\n"
    "2011年審計署「三公經費」財政撥款預算中,因公出國(境)費617萬元(零增長),公務用車購置及運行費1205.06萬元"
    "(較2010年壓縮2%),公務接待費865萬元(零增長)。\n"
)


def test_a_budget_split_by_its_items_and_another_years_budget(tmp_path):
    # g20-04: the items of “…預算中,” are budget figures (their sum is the 預算數 2711.65, not the 決算數
    # 2488.79), and the 2011 budget's items are not second statements of the 2010 ones
    rules = _rules(tmp_path, _AUDIT_OFFICE)
    assert "A010" not in rules and "A020" not in rules
    # a budget whose items do not add up is still found
    bad = _AUDIT_OFFICE.replace("公務接待費865萬元。", "公務接待費856萬元。")
    assert "A020" in _rules(tmp_path, bad, "bad.txt")
    # one year's item stated twice with two values is still found
    twice = (
        "2019年度部门决算\n2019年“三公”经费支出决算中,公务用车购置及运行费12.5万元。\n"
        "2019年公务用车购置及运行费支出决算为21.5万元,主要用于车辆运行。\n"
    )
    assert "A010" in _rules(tmp_path, twice, "twice.txt")


def test_a_reason_naming_earlier_years_is_no_stale_year(tmp_path):
    # g20-01 line 8: the 支出 fell because 2016's settlement funds and refunds of 2016 and earlier years
    # were not paid again: history, not this year's figures under a wrong year
    head = "重庆市某区人民法院\n2018年度部门决算情况说明\n二、部门决算情况说明\n"
    ok = head + (
        "3.支出情况。本院2018年度支出合计10,073.94万元,较上年决算数减少583.15万元,下降5.47%,主要原因是减少了"
        "区财政下达2016年结算资金和退2016年及以前年度退诉讼费资金。\n"
    )
    assert "A041" not in _rules(tmp_path, ok)
    # an earlier year labelling this year's figures is still found
    stale = head + "3.支出情况。2016年度本院支出合计10,073.94万元,主要用于审判业务。\n"
    assert "A041" in _rules(tmp_path, stale, "stale.txt")


def test_a_count_whose_noun_runs_on_is_no_list(tmp_path):
    # g20-04 line 4: “7個直屬事業單位所有因公出國(境)費、…和公務接待費的…” counts units, then names expenses
    ok = (
        "2010年度部门决算\n審計署此次公佈的「三公經費」財政撥款情況反映的是審計署本級、18個派出機構和7個直屬事業單位所有"
        "因公出國(境)費、公務用車購置及運行費和公務接待費的財政撥款支出情況。\n"
    )
    assert "A021" not in _rules(tmp_path, ok)
    # a count and its list opened by a bracket are still checked
    bad = "2010年度部门决算\n其中行政单位3个(办公室、财务股、业务股、人事股)。\n"
    assert "A021" in _rules(tmp_path, bad, "bad.txt")


_CELLS = str.split(
    "公开01表 金额单位:元 收入 支出 项目 行次 决算数 项目(按功能分类) 行次 决算数 按支出性质 行次 决算数 "
    "一、财政拨款收入 1 2,277,100.00 一、一般公共服务支出 28 1,778,200.00 一、基本支出 55 1,602,100.00 "
    "二、上级补助收入 3 0.00 二、外交支出 29 0.00 二、项目支出 56 675,000.00"
)
_BARS_BELOW = "一、收入支出决算总表\n|\n|\n" + "".join(f"{c}\n|\n" for c in _CELLS)


def test_a_table_whose_cells_close_on_the_next_line(tmp_path):
    # g20-07: a 收支总表 flattened one cell a line, each cell's “|” on the line after it; its three columns
    # each number their rows 一、二、: table cells, not a list numbered twice; the table is cut into its
    # rows by its rhythm (tests/audit/test_flat_tables.py), so it is read (no A006)
    text = "2016年度民进常州市委决算公开\n第二部分 民进常州市委2016年度部门决算表\n" + _BARS_BELOW
    rules = _rules(tmp_path, text)
    assert "A042" not in rules
    assert "A006" not in rules
    # with a cell lost the rows cannot be cut: the table is said to be unread, not read as empty
    lost = text.replace("28\n|\n1,778,200.00\n", "1,778,200.00\n")
    assert _rules(tmp_path, lost, "lost.txt").get("A006") == ["warning"]
    # numbered paragraphs of prose are still a list
    prose = "2016年度部门决算\n一、部门概况\n一、收入情况\n"
    assert "A042" in _rules(tmp_path, prose, "prose.txt")


_TIANSHAN = (
    "乌鲁木齐市天山区2019年度“三公”经费公开说明\n"
    "2019年度,天山区本级一般公共预算财政拨款三公经费支出合计585.53万元(包括基本支出和项目支出安排的经费),"
    "同比减少144.92万元,各部门单位贯彻落实有关规定,降低支出。\n"
    "其中:因公出国(境)经费0万元,同比减少0万元,主要是部分部门单位今年无出国考察、培训等安排。公务用车购置及运行费"
    "585.53万元,同比减少144.92万元(公务用车购置费0万元,同比减少0万元主要是严把车辆管控关,公务用车购置量减少;"
    "公务用车运行维护费585.53万元,同比减少0万元)。各部门单位严把车辆管控关。公务接待费0.00万元,同比减少0.11万元"
    "各部门单位严把监督检查关。\n"
)


def test_changes_on_the_same_period_and_inside_a_bracket(tmp_path):
    # g20-08: “同比减少” is a change on the year before, and a change inside the bracket of the car item's
    # parts is the part's (the bracket is one clause: its label starts after the last mark)
    sums = [f for f in _findings(tmp_path, _TIANSHAN) if f.rule_id == "A014"]
    assert sorted(f.severity for f in sums) == ["error", "error"]
    messages = " ".join(f.message for f in sums)
    assert "0.00＋0.00＝0.00万元，相差144.92万元" in messages  # the car item's parts
    assert "相差0.11万元" in messages  # the items against the total
    # the right figures pass
    ok = _TIANSHAN.replace("运行维护费585.53万元,同比减少0万元", "运行维护费585.53万元,同比减少144.92万元")
    ok = ok.replace("同比减少0.11万元", "同比减少0万元")
    assert "A014" not in _rules(tmp_path, ok, "ok.txt")


def test_a_change_after_a_bracket_of_parts_is_the_figures(tmp_path):
    # g7-06 (kept): “…2712万元(其中:公务用车购置费0万元,公务用车运行维护费2712万元),比预算数减少107万元” is
    # the car item's change, not its last part's
    path = tmp_path / "doc.txt"
    path.write_text(
        "2017年度部门决算\n2017年公务用车购置及运行维护费2712万元(其中:公务用车购置费0万元,公务用车运行维护费2712万元),"
        "比上年减少107万元,下降3.8%。\n",
        encoding="utf-8",
    )
    changes = audit_document(path)[1].facts.changes
    assert [c.key for c in changes if c.delta is not None] == ["sangong.car"]


def test_the_year_of_a_news_item_without_a_title(tmp_path):
    # g20-04 and g20-03: the year before the “三公” items and their 决算数, and before an item's name
    path = tmp_path / "news.txt"
    path.write_text(_AUDIT_OFFICE, encoding="utf-8")
    assert audit_document(path)[1].year == 2010
    page = tmp_path / "page.txt"
    page.write_text("審計署表示,2010年公務用車購置及運作費主要包括兩方面的支出。\n", "utf-8")
    assert audit_document(page)[1].year == 2010
    # a comparison names no report year
    other = tmp_path / "other.txt"
    other.write_text("比2019年决算数增加5万元。\n", encoding="utf-8")
    assert audit_document(other)[1].year is None


def test_next_years_budget_compared_with_this_year(tmp_path):
    # g20-04 line 3, once its year (2010) is read: “2011年…預算中,…(較2010年壓縮2%)” compares next year's
    # budget with this year's, not this year's figures with a wrong prior year
    assert "A041" not in _rules(tmp_path, _AUDIT_OFFICE)
    # a comparison of this year's figure with the wrong year is still found
    stale = "2010年度部门决算\n2010年公务接待费865万元,较2008年减少5万元。\n"
    assert "A041" in _rules(tmp_path, stale, "stale.txt")
