"""A051: an unknown or near 科目 name is a warning only when the catalogue rows it is compared with are
verified against a published source; otherwise the catalogue may simply lack it, and it is noted (info)."""

from __future__ import annotations

from juesuan.audit.rules.classification import _known_complete
from juesuan.audit.run import audit_path

HEAD = "某区某局2024年度部门决算\n第二部分 2024年度部门决算情况说明\n"


def _a051(tmp_path, line: str):
    path = tmp_path / "doc.txt"
    path.write_text(HEAD + line + "\n", encoding="utf-8")
    return [f for f in audit_path(path).findings if f.rule_id == "A051"]


def test_unknown_name_under_verified_rows_is_a_warning(tmp_path):
    # every 项 of 21205 城乡社区环境卫生 is verified: a name that is not among them is certainly wrong
    line = "1、城乡社区支出（类）城乡社区环境卫生（款）环卫保洁支出（项）。支出决算为5.00万元。"
    hits = _a051(tmp_path, line)
    assert [f.severity for f in hits] == ["warning"]


def test_unknown_name_under_recalled_rows_is_only_noted(tmp_path):
    # Putuo 规划和自然资源局 2024, p.24: the 项 names of 22001 are recalled, not verified
    line = "11、自然资源海洋气象等支出（类）自然资源事务（款）其他国土资源事务支出（项）。决算45.00万元。"
    hits = _a051(tmp_path, line)
    assert hits and {f.severity for f in hits} == {"info"}


def test_a_name_of_another_level_is_certain():
    # 住房保障支出 is a 类: written as a 款 it is wrong whatever the catalogue's coverage
    assert _known_complete("住房保障支出", "款", "221", 2024)
    assert not _known_complete("其他国土资源事务支出", "项", "22001", 2024)


def test_item_name_holding_a_pause_mark_is_one_item(tmp_path):
    """“环境保护法规、规划及标准（项）” after its 类 and 款 is one 项 (juesuan's own glossary line): the 、
    does not cut it into “规划及标准”, so the glossary covers the item (A053)."""
    from juesuan.audit.facts import find_paths

    line = (
        "节能环保支出（类）环境保护管理事务（款）环境保护法规、规划及标准（项）："
        "反映用于环境保护法规、规划及标准制定方面的支出。"
    )
    path = ("节能环保支出", "环境保护管理事务", "环境保护法规、规划及标准")
    assert [p[2:] for p in find_paths(line)] == [path]
    # a 项 named after a 款 with “（室）” keeps its bracket (“其他政府办公厅（室）及相关机构事务支出”)
    office = (
        "一般公共服务支出（类）政府办公厅（室）及相关机构事务（款）"
        "其他政府办公厅（室）及相关机构事务支出（项）："
    )
    assert find_paths(office)[0][4] == "其他政府办公厅（室）及相关机构事务支出"
    # a list of 项 joined by 、 is still two items
    listed = "其中：行政运行（项）12.00万元、机关服务（项）3.00万元"
    assert [p[4] for p in find_paths(listed)] == ["行政运行", "机关服务"]
    # a 项 name opening with a quoted word (2130508 “三西”农业建设专项补助, juesuan's own glossary line, found
    # by the own-output property): the whole name, quotes included, so the glossary covers the item
    quoted = (
        "农林水支出（类）巩固脱贫攻坚成果衔接乡村振兴（款）“三西”农业建设专项补助（项）："
        "反映用于“三西”地区农业建设方面的专项补助支出。"
    )
    assert [p[2:] for p in find_paths(quoted)] == [
        ("农林水支出", "巩固脱贫攻坚成果衔接乡村振兴", "“三西”农业建设专项补助")
    ]
    # a 项 name holding the catalogue's other bracketed word (2100202 中医（民族）医院)
    hospital = "卫生健康支出（类）公立医院（款）中医（民族）医院（项）：反映中医（民族）医院的支出。"
    assert next(p[2:] for p in find_paths(hospital)) == ("卫生健康支出", "公立医院", "中医（民族）医院")
