"""The held-out groups g101–g105 after their first score: each fix from the real text, with the case that
must still be found."""

from __future__ import annotations

from tests.audit.test_heldout_g33 import _findings


# g105-02 line 31: a rate after a bracketed list of parts is the figure's before the bracket
def test_a_completion_rate_after_a_bracket_of_parts_is_the_figures_before_it(tmp_path):
    text = (
        "义和镇2020年度决算\n"
        "2020年,政府性基金预算收入年初预算为890万元,决算收入为719万元(其中:城市建设配套费4万元,上级补助收入"
        "525万元,上年结转190万元),较上年下降79.3%,完成预算数的80.8%。\n"
    )
    assert [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A016"] == []
    wrong = text.replace("完成预算数的80.8%", "完成预算数的90.8%")
    said = [f for f in _findings(tmp_path, wrong, "wrong.txt") if f.rule_id == "A016"]
    assert len(said) == 1 and "719万元" in said[0].message and "80.79%" in said[0].message


# g105-02 line 27: earlier years named in the cause of a change are history, not a stale label
def test_years_in_the_cause_of_a_change(tmp_path):
    text = (
        "义和镇2020年度决算\n一、决算情况说明\n"
        "2020年,一般公共预算支出决算数为6721万元。部分支出科目有所下降,主要为:卫生健康因2019年支付2018年、2019年"
        "退休干部体检费,支出减少57万元,下降25.4%。\n"
    )
    assert [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A041"] == []
    stale = text.replace("主要为:卫生健康因2019年支付2018年、2019年退休干部体检费,", "") + (
        "2018年因公出国(境)费支出3万元,较上年减少1万元。\n"
    )
    said = _findings(tmp_path, stale, "stale.txt")
    assert [f for f in said if f.rule_id == "A041" and "2018年" in f.message]


# g104-03 line 3: a form's field label run into its value is no placeholder
def test_a_field_label_run_into_its_value(tmp_path):
    text = (
        "雨花区2022年度部门(单位)整体支出绩效评价自评报告部门(单位)名称长沙市雨花区发展和改革局预算编码302001\n"
    )
    assert [f for f in _findings(tmp_path, text, "doc.txt") if "部门(单位)名称" in f.message] == []
    left = "第一部分:部门(单位)名称概况\n一、主要职能\n"
    assert [f for f in _findings(tmp_path, left, "left.txt") if f.rule_id == "A040" and "名称" in f.message]


# g103-01 line 2: the spaced 目录 title flattened into the first entry is not a heading with a lost character
def test_the_toc_title_flattened_into_its_first_entry(tmp_path):
    text = (
        "赣州市沙河中心小学 2022 年度决算\n目 第一部分 录 赣州市沙河中心小学概况\n"
        "第二部分 2022年度单位决算表\n"
        "第一部分 赣州市沙河中心小学概况\n第二部分 2022年度单位决算表\n"
    )
    assert [f for f in _findings(tmp_path, text, "doc.txt") if "缺字" in f.message] == []


# g102-01 line 2: a 决算 published before its year was over
def test_a_report_published_before_its_year_closed(tmp_path):
    text = (
        "目录\n公开时间:2023年9月6日\n第一部分 单位概况\n第二部分 2023年度单位决算情况说明\n"
        "一、收入支出决算总体情况说明\n2023年度收入总计100万元,支出总计100万元。\n"
    )
    said = [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A041"]
    assert [f for f in said if "2023年9月6日" in f.message and f.severity == "warning"]
    later = text.replace("公开时间:2023年9月6日", "公开时间:2024年9月6日")
    assert [f for f in _findings(tmp_path, later, "later.txt") if f.rule_id == "A041"] == []
    budget = later.replace("决算", "预算").replace("2024年9月6日", "2023年1月6日")
    assert [f for f in _findings(tmp_path, budget, "budget.txt") if "公开" in f.message] == []


# g102-04 line 21: a staff count split by 包括 into the kinds of post, inside a 其中 list of its own
def test_a_staff_count_split_by_included_kinds(tmp_path):
    text = (
        "南昌市第八人民医院2023年度单位决算\n"
        "实有人数115人,其中:在职人数56人,包括行政人员0人、全部补助事业人员0人、部分补助事业人员56人、自收自支"
        "事业人员0人,离休人员0人,退休人员59人。\n"
    )
    assert [f for f in _findings(tmp_path, text, "doc.txt") if f.rule_id == "A021"] == []
    wrong = text.replace("部分补助事业人员56人", "部分补助事业人员0人")
    said = [f for f in _findings(tmp_path, wrong, "wrong.txt") if f.rule_id == "A021"]
    assert len(said) == 1 and "包括" in said[0].message and "应等于56人" in said[0].message
    # a list of other things may name some of the whole only
    kinds = "包括行政人员0人、全部补助事业人员0人、部分补助事业人员56人、自收自支事业人员0人"
    some = text.replace(kinds, "包括高级职称5人、中级职称10人")
    assert [f for f in _findings(tmp_path, some, "some.txt") if f.rule_id == "A021"] == []
