"""False alarms found on the held-out group g29 after its first score, each with the case that must still
be found."""

from __future__ import annotations

from pathlib import Path

from tests.audit.test_heldout_g19 import _findings

DOCS = Path(__file__).resolve().parents[1] / "corpus" / "docs"

# g29-07: a page that holds the cover and the 目录 only, its part lines without their “第X”
_TOC_ONLY = (
    "2020年度 舞钢市武功乡人民政府部门决算\n"
    "2020年度\n舞钢市武功乡人民政府部门决算\n二〇二一年九月\n"
    "目  录\n"
    "第一部分  舞钢市武功乡人民政府概况\n一、部门职责\n二、机构设置\n"
    "部分  2020年度部门决算表\n一、收入支出决算总表\n二、收入决算表\n三、支出决算表\n"
    "四、财政拨款收入支出决算总表\n五、一般公共预算财政拨款支出决算表\n"
    "部分  2020年度部门决算情况说明\n一、收入支出决算总体情况说明\n二、收入决算情况说明\n"
    "三、支出决算情况说明\n十二"
)


def _severities(findings, rules: tuple[str, ...]) -> set[str]:
    return {f.severity for f in findings if f.rule_id in rules}


def test_a_page_that_ends_in_its_toc_is_cut_short(tmp_path):
    found = _findings(tmp_path, _TOC_ONLY)
    assert _severities(found, ("A043", "A044")) == {"info"}
    assert any("文本止于目录" in f.message for f in found if f.rule_id in ("A043", "A044"))
    # the part lines that lost their “第X” are still reported (A042)
    assert any(f.rule_id == "A042" and f.severity == "warning" for f in found)
    # the published page itself (its cover, fields and whole 目录): notes, not warnings; with one paragraph of
    # body after the 目录 it no longer ends in it, and the parts and tables not found are warnings as before
    page = (DOCS / "g29-07.txt").read_text(encoding="utf-8")
    assert _severities(_findings(tmp_path, page, "page.txt"), ("A043", "A044")) == {"info"}
    body = page + "\n第一部分  舞钢市武功乡人民政府概况\n一、部门职责\n负责全乡经济社会发展工作。\n"
    assert "warning" in _severities(_findings(tmp_path, body, "body.txt"), ("A043", "A044"))


# g29-10: a tender site's copy that masks the unit's name, title included, with asterisks
_MASKED_UNIT = (
    "****2023年度单位决算\n"
    "目 录\n第一部分 ****概况\n"
    "第一部分 ****概况\n"
    "本单位设立3个内设机构,分别是:****办公室、行政审批改革科、行政审批业务科。\n"
)


def test_a_copy_that_masks_the_units_own_name_gets_one_note(tmp_path):
    a040 = [f for f in _findings(tmp_path, _MASKED_UNIT) if f.rule_id == "A040"]
    assert [f.severity for f in a040] == ["info"], a040
    # a report that names itself keeps its asterisks as placeholders (g7-09's “********支出2万元”)
    named = _MASKED_UNIT.replace("****2023年度单位决算", "某县行政审批局2023年度单位决算").replace(
        "第一部分 ****概况", "第一部分 某县行政审批局概况"
    )
    a040 = [f for f in _findings(tmp_path, named, "named.txt") if f.rule_id == "A040"]
    assert a040 and all(f.severity == "error" for f in a040), a040


def test_a_forms_equal_target_and_actual_cells_are_no_doubled_word(tmp_path):
    # g29-02: a 自评表 run together: 分值 10, 年度指标值 and 实际完成值 both 显著提升, 得分 10
    form = (
        "中江县水利局2022年度项目支出绩效自评表\n"
        "效益指标(20分)社会效益指标群众生产生活条件改善状况10显著提升显著提升10满意度指标(10分)服务对象满意度指标"
        "受益户满意度10≥95%≥95%10\n"
    )
    assert not [f for f in _findings(tmp_path, form) if f.rule_id == "A040" and "显著提升" in f.message]
    prose = "中江县水利局2022年度部门决算\n本年度群众生产生活条件显著提升显著提升,服务对象满意度较高。\n"
    assert any(f.rule_id == "A040" and "显著提升" in f.message for f in _findings(tmp_path, prose, "p.txt"))


def test_a_count_whose_list_opens_with_a_quoted_summary(tmp_path):
    # g29-10 line 34: “本单位设立 1 个内设机构,分别是:“一室两科”,****办公室、行政审批改革科、行政审批业务科。”
    line = "本单位设立 1 个内设机构,分别是:“一室两科”,办公室、行政审批改革科、行政审批业务科。"
    text = "某区行政审批局2023年度单位决算\n" + line + "\n"
    found = [f for f in _findings(tmp_path, text) if f.rule_id == "A021"]
    assert [f.severity for f in found] == ["warning"] and "列出了3个" in found[0].message, found
    right = text.replace("设立 1 个", "设立 3 个")
    assert not [f for f in _findings(tmp_path, right, "right.txt") if f.rule_id == "A021"]
