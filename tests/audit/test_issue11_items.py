"""Issue 11, items that had no test of their own: each with a short text in the layout of real published
决算 texts (the sources are named per test) and the case that must stay quiet."""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.read import read_document
from juesuan.audit.run import audit_path


def _write(tmp_path: Path, text: str, name: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def _findings(tmp_path: Path, text: str, name: str = "doc.txt"):
    return audit_path(_write(tmp_path, text, name)).findings


def _of(findings, rule: str) -> list[tuple[str, str]]:
    return [(f.severity, f.message) for f in findings if f.rule_id == rule]


def test_year_and_unit_from_a_sangong_title(tmp_path):
    # “2017年<单位>“三公”经费…” (g9-04, 甘肃 2017): year first, the unit before “三公”
    doc = read_document(
        _write(
            tmp_path,
            "2017年庆城县文化馆“三公”经费支出决算情况说明\n2017年“三公”经费支出决算为5.00万元。\n",
            "t.txt",
        )
    )
    assert (doc.year, doc.department) == (2017, "庆城县文化馆")


def test_text_flattened_to_one_line_is_read_clause_by_clause(tmp_path):
    # f01 (福建 2014): the page's text on one line; the 其中 list of 本年收入 is still checked
    flat = (
        "2014年度平潭综合实验区东庠乡人民政府决算说明 一、收入决算情况 2014年本年收入675.26万元，"
        "其中：财政拨款收入600.00万元，其他收入95.26万元。二、支出决算情况 本年支出674.35万元。"
    )
    hits = _of(_findings(tmp_path, flat), "A020")
    assert [s for s, _ in hits] == ["error"] and "695.26" in hits[0][1]
    assert not _of(_findings(tmp_path, flat.replace("95.26", "75.26"), "ok.txt"), "A020")


def test_template_unit_name_left_in(tmp_path):
    # f01 (福建 2014): “××部门” left from the template
    text = "2014年度部门决算说明\n一、部门主要职责\n××部门的主要职责是：承担乡党委的工作。\n"
    hits = _of(_findings(tmp_path, text), "A040")
    assert [s for s, _ in hits] == ["error"] and "××" in hits[0][1]
    assert not _of(_findings(tmp_path, text.replace("××部门", "东庠乡"), "ok.txt"), "A040")


def test_a_gap_of_0_01_is_a_rounding_note(tmp_path):
    # a 尾差 of one cent of 万元 between a total and its parts is info, never an error
    text = "2016年度部门决算说明\n本年收入100.01万元，其中：财政拨款收入80.00万元，其他收入20.00万元。\n"
    assert [s for s, _ in _of(_findings(tmp_path, text), "A020")] == ["info"]
    bad = text.replace("100.01", "100.21")
    assert [s for s, _ in _of(_findings(tmp_path, bad, "bad.txt"), "A020")] == ["error"]


def test_increase_and_decrease_run_together(tmp_path):
    # “增加减少” (g1-07 l.24 has “大小于”): only one direction word can be right
    text = "2016年度部门决算说明\n“三公”经费支出10.00万元，比上年增加减少2.00万元，主要是压减开支。\n"
    hits = _of(_findings(tmp_path, text), "A040")
    assert [s for s, _ in hits] == ["error"] and "增加减少" in hits[0][1]
    assert not _of(_findings(tmp_path, text.replace("增加减少", "减少"), "ok.txt"), "A040")


_CARS = (
    "2016年度部门决算说明\n"
    "三、“三公”经费支出情况\n"
    "公务用车运行维护费10.00万元，主要用于年末公务用车保有量20辆的燃料费、维修费。\n"
    "八、其他重要事项\n"
    "（二）国有资产占用情况 2016年末，本部门共有车辆16辆，其中：一般公务用车16辆、执法执勤用车0辆。\n"
)


def test_cars_held_in_one_section_more_than_all_cars_in_another(tmp_path):
    # issue 11: 年末公务用车保有量20辆 vs 共有车辆16辆 (the Fujian layout states both, f02–f04 agree)
    hits = _of(_findings(tmp_path, _CARS), "A021")
    assert [s for s, _ in hits] == ["warning"] and "共有车辆16辆" in hits[0][1]
    assert not _of(_findings(tmp_path, _CARS.replace("保有量20辆", "保有量16辆"), "ok.txt"), "A021")
    # fewer 公务用车 than cars is usual (执法执勤用车 are not 公务用车); last year's count is not this year's
    fewer = _CARS.replace("保有量20辆", "保有量12辆")
    assert not _of(_findings(tmp_path, fewer, "fewer.txt"), "A021")
    prior = _CARS.replace("主要用于年末公务用车保有量20辆", "上年公务用车保有量20辆")
    assert not _of(_findings(tmp_path, prior, "prior.txt"), "A021")
