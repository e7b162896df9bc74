"""The units a report says its 决算 consolidates (juesuan.audit.units), from real published texts, and the
A021 check of the count it states against that list. Each real case names the file it comes from."""

from __future__ import annotations

from pathlib import Path

import pytest

from juesuan.audit.read import read_document
from juesuan.audit.run import audit_path
from juesuan.audit.units import canonical, place_of, read_units, same_unit

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "tests" / "corpus" / "docs"
SHARED = REPO / "tests" / "shared"


def _units(path: Path):
    return read_units(read_document(path))


@pytest.mark.parametrize(
    ("name", "units", "count"),
    [
        # “…二级预算单位主要包括重庆市铜梁区国库集中支付核算中心、…、重庆市铜梁区财政预算评审中心
        # 3个直属事业单位”
        ("p03", ("重庆市铜梁区国库集中支付核算中心", "重庆市铜梁区非税收入征收管理中心", "重庆市铜梁区财政预算评审中心"), 3),  # noqa: E501
        # “苏澳镇包括1个机关行政处室及4个下属单位，其中：列入…范围的单位详细情况见下表： 单位名称 经费性质
        # … 苏澳镇人民政府 财政核拨 32 34 苏澳镇农业服务中心 …” (a table flattened into the sentence; its own
        # row left out)
        ("f03", ("苏澳镇农业服务中心", "苏澳镇计生服务中心", "苏澳镇计生协会", "苏澳镇文化服务中心"), 4),
        # “直属下属单位有:区种苗站、区天然林保护管理中心、区林业服务中心和区西山桫椤自然保护区管理中心”
        ("g16-04", ("区种苗站", "区天然林保护管理中心", "区林业服务中心", "区西山桫椤自然保护区管理中心"), None),  # noqa: E501
        # “纳入本套部门决算汇编范围的单位共1个,包括:共青城市泽泉乡中心小学”: the one unit is its own
        ("g11-04", (), 0),
        # “纳入本套部门决算汇编范围的单位共1个,包括内设非独立核算的机构14个”: a count, no names
        ("g7-02", (), 0),
        # “本部门2023 年度预算编制时无二级预算单位”
        ("g14-03", (), None),
        # “纳入辽宁省本溪观音阁经济开发区管委会2023年部门决算编制范围的预算单位包括:⏎
        # 本溪观音阁经济开发区管委会”
        ("g12-05", (), None),
        # “县城管局下设柞水县城市管理监察大队一个下属单位”: a count of one, the name not in a list
        ("g2-07", None, 1),
    ],
)
def test_units_read_from_real_reports(name: str, units: tuple[str, ...] | None, count: int | None) -> None:
    found = _units(DOCS / f"{name}.txt")
    assert found.units == units
    assert found.stated_units == count


def test_reference_report_says_it_has_no_units() -> None:
    # “下属二级预算单位0个…” and “纳入…编制范围的二级预算单位包括：无”
    found = _units(SHARED / "seeds" / "000_4c429ad48011f7fe.txt")
    assert found.units == () and found.count == 0 and found.count_of == "sub"


def test_units_from_the_shanghai_table() -> None:
    # “纳入…编制范围的单位包括：” then a table 序号｜单位名称｜备注, its first row “…（本级）”
    path = SHARED / "corpus" / "shanghai-putuo-2024" / "putuo-guihuaziranziyuanju-2024.pdf"
    if not path.is_file():
        pytest.skip("the Putuo reports are not available")
    found = _units(path)
    assert found.entries[0] == "上海市普陀区规划和自然资源局（本级）"
    assert [canonical(u) for u in found.units or ()] == [
        "上海市普陀区规划和自然资源局执法大队",
        "上海市普陀区土地发展中心",
        "上海市普陀区自然资源确权登记事务中心",
        "上海市普陀区规划和自然资源管理事务中心",
    ]


_HEAD = """乐山市金口河区教育局2024年度部门决算
第一部分 部门概况
一、部门职责
负责全区教育工作。
二、机构设置
"""
_TAIL = """第二部分 2024年度部门决算情况说明
一、收入支出决算总体情况说明
2024年度收入、支出总计均为100.00万元。
"""
_LINES = """纳入本部门2024年度部门决算编制范围的单位包括：
1.乐山市金口河区教育局本级
2.乐山市金口河区第一中学
3.区实验小学
"""


def _doc(tmp_path: Path, body: str, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_text(_HEAD + body + _TAIL, encoding="utf-8")
    return path


def test_units_in_numbered_lines_and_inline(tmp_path: Path) -> None:
    assert _units(_doc(tmp_path, _LINES)).units == ("乐山市金口河区第一中学", "区实验小学")
    inline = "本部门下属单位共2个，分别是金口河区第一中学、金口河区实验小学。\n"
    found = _units(_doc(tmp_path, inline, "inline.txt"))
    assert found.units == ("金口河区第一中学", "金口河区实验小学") and found.stated_units == 2
    assert _units(_doc(tmp_path, "本部门负责全区教育工作。\n", "none.txt")).units is None  # no evidence


def test_count_against_the_listed_units(tmp_path: Path) -> None:
    ok = _doc(tmp_path, "本部门下属二级预算单位2个。\n" + _LINES, "ok.txt")
    assert not [f for f in audit_path(ok).findings if f.rule_id == "A021"]
    bad = _doc(tmp_path, "本部门下属二级预算单位3个。\n" + _LINES, "bad.txt")
    [hit] = [f for f in audit_path(bad).findings if f.rule_id == "A021"]
    assert "下属二级预算单位3个" in hit.message and "本级以外2个" in hit.message and hit.severity == "warning"


def test_same_unit_across_widths_and_place_prefixes() -> None:
    place = place_of("乐山市金口河区林业局")
    assert place == "乐山市金口河区"
    assert same_unit("乐山市金口河区种苗站", "乐山市金口河区种苗站（下属事业单位）", place)
    assert same_unit("金口河区ＸＹ检测中心", "乐山市金口河区XY检测中心", place)  # full-width letters
    assert same_unit("区种苗站", "乐山市金口河区种苗站", place)  # the place written as 区
    assert same_unit("种苗站", "乐山市金口河区种苗站", place)
    assert not same_unit("种苗站", "眉山市东坡区种苗站", place)  # another place's unit of that name
    assert not same_unit("区种苗站", "乐山市金口河区林业种苗站", place)
    # a unit named under the department is not the department, nor are 中心 and 站 one ending
    assert not same_unit("乐山市公安局", "乐山市公安局交通警察支队", place_of("乐山市公安局"))
    assert not same_unit("乐山市金口河区农业服务中心", "乐山市金口河区农业服务站", place)


def test_a_garbled_count_is_no_count_and_the_corpus_run_goes_on(tmp_path: Path) -> None:
    # “…二级预算单位99999999999个” was read as a count and stored in documents.units_stated (int32): the
    # batch's commit raised “Value 99999999999 too large to fit in C integer type” and the corpus run stopped
    from juesuan.corpus.run import audit_corpus

    folder = tmp_path / "reports"
    folder.mkdir()
    garbled = "纳入本部门2024年度部门决算编制范围的二级预算单位99999999999个。\n"
    found = _units(_doc(folder, garbled))
    assert found.count is None and found.stated_units is None
    summary = audit_corpus([folder], tmp_path / "store", workers=1)
    assert summary.audited == 1
