"""Tests for juesuan.tables: the 13 附表 of the Sichuan profile built from the example dataset."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
import yaml

from juesuan.derive import Derived, derive
from juesuan.loader import load_dataset
from juesuan.tables import Cell, Table, build_tables, load_layout

EXAMPLE = Path(__file__).resolve().parents[1] / "examples" / "jinkouhe-xinfang-2024"
ORG = "乐山市金口河区信访局"

TITLES = [
    ("T1", "一", "收入支出决算总表"),
    ("T2", "二", "收入决算表"),
    ("T3", "三", "支出决算表"),
    ("T4", "四", "财政拨款收入支出决算总表"),
    ("T5", "五", "财政拨款支出决算明细表"),
    ("T6", "六", "一般公共预算财政拨款支出决算表"),
    ("T7", "七", "一般公共预算财政拨款支出决算明细表"),
    ("T8", "八", "一般公共预算财政拨款基本支出决算表"),
    ("T9", "九", "一般公共预算财政拨款项目支出决算表"),
    ("T10", "十", "政府性基金预算财政拨款收入支出决算表"),
    ("T11", "十一", "国有资本经营预算财政拨款收入支出决算表"),
    ("T12", "十二", "国有资本经营预算财政拨款支出决算表"),
    ("T13", "十三", "财政拨款“三公”经费支出决算表"),
]

# 一般公共预算财政拨款支出 (合计) of every row of T6: 13 项, their 8 款 and 5 类.
T6_AMOUNTS = {
    "201": "185.21", "20103": "145.52", "2010301": "91.14", "2010350": "54.38",
    "20140": "39.69", "2014004": "39.69",
    "208": "36.64", "20805": "29.74", "2080505": "17.45", "2080506": "10.89", "2080599": "1.40",
    "20811": "1.96", "2081105": "1.96", "20899": "4.94", "2089999": "4.94",
    "210": "5.68", "21011": "5.68", "2101101": "2.77", "2101102": "2.13", "2101103": "0.78",
    "213": "1.50", "21305": "1.50", "2130599": "1.50",
    "221": "14.30", "22102": "14.30", "2210201": "14.30",
}  # fmt: skip


@pytest.fixture(scope="module")
def derived() -> Derived:
    return derive(load_dataset(EXAMPLE))


@pytest.fixture(scope="module")
def tables(derived: Derived) -> dict[str, Table]:
    return {t.id: t for t in build_tables(derived)}


def _row(table: Table, label: str) -> tuple[Cell, ...]:
    """The first body row that has a text cell equal to ``label``."""
    for row in table.body:
        if any(c.value == label for c in row):
            return row
    raise AssertionError(f"{table.id}: no row {label!r}")


def _amounts(row: tuple[Cell, ...]) -> list[Decimal | None]:
    return [c.value for c in row if not isinstance(c.value, str)]


def _after(row: tuple[Cell, ...], label: str) -> Cell:
    """The cell right after the text cell ``label`` in ``row``."""
    texts = [c.value for c in row]
    return row[texts.index(label) + 1]


def _widths(rows: tuple[tuple[Cell, ...], ...]) -> list[int]:
    """Width of each row, counting cells that span down into it from rows above."""
    widths, carried = [], []  # carried: [rows still covered, colspan]
    for row in rows:
        width = sum(span for _, span in carried)
        carried = [(left - 1, span) for left, span in carried if left > 1]
        for cell in row:
            width += cell.colspan
            if cell.rowspan > 1:
                carried.append((cell.rowspan - 1, cell.colspan))
        widths.append(width)
    return widths


def _func_rows(table: Table) -> dict[str, tuple[Cell, ...]]:
    return {row[0].value: row for row in table.body[1:]}


# --------------------------------------------------------------------------- structure


def test_thirteen_tables_in_order(derived: Derived) -> None:
    built = build_tables(derived)
    assert [(t.id, t.number, t.title) for t in built] == TITLES
    for t in built:
        assert t.org_line == f"编制单位：{ORG}"
        assert t.unit_line == "单位：万元"
        assert t.note


def test_widths_match_header(tables: dict[str, Table]) -> None:
    for t in tables.values():
        assert set(_widths(t.header)) == {t.column_count}, t.id
        assert all(c.rowspan == 1 for row in t.body for c in row), t.id
        assert set(_widths(t.body)) == {t.column_count}, t.id


def test_every_amount_comes_from_the_ledger(derived: Derived, tables: dict[str, Table]) -> None:
    count = 0
    for t in tables.values():
        for row in t.header:
            assert all(isinstance(c.value, str) for c in row), t.id
        for row in t.body:
            for cell in row:
                if isinstance(cell.value, Decimal):
                    assert cell.key in derived.ledger, (t.id, cell)
                    assert derived.ledger[cell.key].value == cell.value, (t.id, cell)
                    count += 1
                elif cell.value is None:
                    assert cell.key is None, (t.id, cell)
    assert count > 300


def test_list_tables_start_with_bold_total_row(tables: dict[str, Table]) -> None:
    for tid in ("T2", "T3", "T5", "T6", "T7", "T9", "T10", "T11", "T12"):
        first = tables[tid].body[0]
        assert first[0].value == "合计" and first[0].colspan == 2, tid
        assert all(c.bold for c in first), tid


# --------------------------------------------------------------------------- figures


def test_t1_totals(tables: dict[str, Table]) -> None:
    t1 = tables["T1"]
    assert _after(_row(t1, "本年收入合计"), "本年收入合计").value == Decimal("243.33")
    assert _after(_row(t1, "本年收入合计"), "本年支出合计").value == Decimal("243.38")
    total = t1.body[-1]
    assert [c.value for c in total] == ["总计", Decimal("243.40"), "总计", Decimal("243.40")]
    assert [total[1].key, total[3].key] == ["total.income", "total.expenditure"]
    assert _after(_row(t1, "年初结转和结余"), "年初结转和结余").value == Decimal("0.07")
    assert _after(_row(t1, "年末结转和结余"), "年末结转和结余").value == Decimal("0.02")


def test_t1_lists_every_class_and_the_eight_sources(tables: dict[str, Table]) -> None:
    t1 = tables["T1"]
    left = [row[0].value for row in t1.body[:8]]
    assert left[0] == "一、一般公共预算财政拨款收入" and left[-1] == "八、其他收入"
    classes = [row[2].value for row in t1.body[:-4]]
    assert len(classes) == 26
    assert classes[0] == "一、一般公共服务支出" and classes[-1] == "二十六、抗疫特别国债安排的支出"
    assert all(row[0].value is None and row[1].value is None for row in t1.body[8:-4])
    by_label = {row[2].value: row[3] for row in t1.body[:-4]}
    assert by_label["一、一般公共服务支出"].value == Decimal("185.26")
    assert by_label["二、外交支出"].value is None  # a 类 row is blank when 0
    assert _after(_row(t1, "二、政府性基金预算财政拨款收入"), "二、政府性基金预算财政拨款收入").value == 0


def test_t3_total_row(tables: dict[str, Table]) -> None:
    total = _amounts(tables["T3"].body[0])
    assert total[:3] == [Decimal("243.38"), Decimal("200.03"), Decimal("43.35")]
    assert total[0] == total[1] + total[2]


def test_t4(tables: dict[str, Table]) -> None:
    t4 = tables["T4"]
    assert t4.column_count == 7
    assert _amounts(_row(t4, "本年支出合计"))[-4:] == [Decimal("243.33"), Decimal("243.33"), 0, 0]
    assert _amounts(t4.body[-1]) == [Decimal("243.33"), Decimal("243.33"), Decimal("243.33"), 0, 0]
    row = _row(t4, "一、一般公共服务支出")
    assert row[4].value == Decimal("185.21") and row[4].key == "func.201.fiscal.general_budget.expenditure"
    assert row[5].value is None and row[6].value is None  # blank when 0
    for label in ("一般公共预算财政拨款", "政府性基金预算财政拨款", "国有资本经营预算财政拨款"):
        sub = _row(t4, label)
        assert sub[0].indent == 1 and sub[1].value == 0


def test_t6_rows_and_amounts(tables: dict[str, Table]) -> None:
    t6 = tables["T6"]
    assert _amounts(t6.body[0]) == [Decimal("243.33"), Decimal("199.98"), Decimal("43.35")]
    rows = _func_rows(t6)
    assert list(rows) == list(T6_AMOUNTS)  # tree order, only rows with data
    assert {code: str(row[2].value) for code, row in rows.items()} == T6_AMOUNTS
    assert [rows[c][1].indent for c in ("201", "20103", "2010301")] == [0, 1, 2]
    assert rows["2010301"][1].value == "行政运行"
    assert rows["2010301"][4].value == 0  # zero cells print as 0.00, not blank


def test_t2_and_t9(tables: dict[str, Table]) -> None:
    t2 = tables["T2"]
    assert _amounts(t2.body[0])[:2] == [Decimal("243.33"), Decimal("243.33")]
    assert len(t2.body) == 1 + len(T6_AMOUNTS)
    t9 = _func_rows(tables["T9"])
    assert list(t9) == [
        "201",
        "20140",
        "2014004",
        "208",
        "20811",
        "2081105",
        "20899",
        "2089999",
        "213",
        "21305",
        "2130599",
    ]
    assert tables["T9"].body[0][1].value == Decimal("43.35")


def test_economic_detail_tables(tables: dict[str, Table]) -> None:
    t7 = tables["T7"]
    assert _amounts(t7.body[0]) == [
        Decimal("243.33"),
        Decimal("199.98"),
        Decimal("182.09"),
        Decimal("17.89"),
        Decimal("43.35"),
    ]
    rows = _func_rows(t7)
    assert [c.value for c in rows["301"][2:]] == [Decimal("179.89")] * 3 + [None, 0]
    assert [c.value for c in rows["30201"][2:]] == [
        Decimal("7.20"),
        Decimal("3.20"),
        None,
        Decimal("3.20"),
        Decimal("4.00"),
    ]
    assert rows["30201"][2].key == "econ.general_budget.30201.total"
    assert "310" not in rows  # only rows with data
    t5 = _func_rows(tables["T5"])
    assert t5["30201"][2].key == "econ.all.30201.total"


def test_t8_panels(tables: dict[str, Table]) -> None:
    t8 = tables["T8"]
    footer = t8.body[-1]
    assert [c.value for c in footer] == ["人员经费合计", Decimal("182.09"), "公用经费合计", Decimal("17.89")]
    assert [footer[1].key, footer[3].key] == ["basic.personnel", "basic.public"]
    left = [row[0].value for row in t8.body[:-1] if row[0].value]
    right = [row[3].value for row in t8.body[:-1] if row[3].value]
    assert left[0] == "301" and "303" in left and "30399" in left and "30110" in left
    assert right[0] == "302" and "310" in right and "31013" in right and "30231" in right
    assert all(code[:3] in ("301", "303") for code in left)
    assert all(code[:3] in ("302", "310") for code in right)
    personnel = {row[0].value: row[2] for row in t8.body[:-1] if row[0].value}
    assert personnel["30101"].value == Decimal("38.50")
    assert personnel["303"].value == Decimal("2.20")


def test_empty_fund_tables(tables: dict[str, Table]) -> None:
    notes = {
        "T10": f"说明：{ORG}本年度没有政府性基金预算财政拨款收入和支出，故本表无数据。",
        "T11": f"说明：{ORG}本年度没有国有资本经营预算财政拨款收入和支出，故本表无数据。",
        "T12": f"说明：{ORG}本年度没有国有资本经营预算财政拨款支出，故本表无数据。",
    }
    for tid, note in notes.items():
        t = tables[tid]
        assert t.empty and t.note == note
        assert len(t.body) == 1 and t.body[0][0].value == "合计"
        assert all(c.value is None for c in t.body[0][1:])
    for tid, t in tables.items():
        if tid not in notes:
            assert not t.empty and t.note.startswith("注："), tid


def test_t13(tables: dict[str, Table]) -> None:
    t13 = tables["T13"]
    assert t13.column_count == 12 and len(t13.header) == 3 and len(t13.body) == 1
    row = t13.body[0]
    assert len(row) == 12 and all(isinstance(c.value, Decimal) for c in row)
    assert row[5].value == Decimal("1.10") and row[5].key == "three_public.budget.reception"
    assert row[11].value == Decimal("0.3194") and row[11].key == "three_public.actual.reception"
    assert row[6].value == Decimal("0.3194") and row[6].key == "three_public.actual.total"
    assert [c.value for c in t13.header[0]] == ["预算数", "决算数"]


# --------------------------------------------------------------------------- other data


def _variant(tmp_path: Path, edit) -> Derived:
    data = yaml.safe_load((EXAMPLE / "dataset.yaml").read_text(encoding="utf-8"))
    edit(data)
    path = tmp_path / "dataset.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return derive(load_dataset(path))


def test_gov_fund_table_with_data(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        item = next(i for i in data["functional_items"] if i["code"] == "2014004")
        item["income"]["gov_fund"] = 5
        item["expenditure"]["project"] = 44.69
        item["fiscal"]["gov_fund"] = {"project": 4, "closing": 1}
        data["balances"]["closing_fiscal"] = {"gov_fund": 1}
        data["balances"]["closing"] = 1.02

    built = {t.id: t for t in build_tables(_variant(tmp_path, edit))}
    t10 = built["T10"]
    assert not t10.empty and t10.note.startswith("注：")
    assert _amounts(t10.body[0]) == [0, 5, 4, 0, 4, 1]
    assert list(_func_rows(t10)) == ["201", "20140", "2014004"]
    assert built["T11"].empty and built["T12"].empty
    row = _row(built["T4"], "一、一般公共服务支出")
    assert row[5].value == 4 and row[5].key == "func.201.fiscal.gov_fund.expenditure"


def test_empty_three_public(tmp_path: Path) -> None:
    def edit(data: dict) -> None:
        tp = data["three_public"]
        tp["budget"] = {"reception": 0}
        tp["domestic_reception"] = {"amount": 0, "batches": 0, "persons": 0}

    t13 = next(t for t in build_tables(_variant(tmp_path, edit)) if t.id == "T13")
    assert t13.empty
    assert t13.note == f"说明：{ORG}本年度没有财政拨款“三公”经费支出，故本表无数据。"
    assert len(t13.body) == 1 and all(c.value is None for c in t13.body[0])


# --------------------------------------------------------------------------- layouts and speed


def test_load_layout_editions() -> None:
    layout = load_layout("sichuan", 2024)
    assert layout is load_layout("sichuan", 2024)  # cached
    assert layout["edition"] == 2024 and len(layout["tables"]) == 13
    assert load_layout("sichuan", 2031)["edition"] == 2024  # newest edition ≤ year
    assert load_layout("sichuan", 2020)["edition"] == 2024  # older years fall back to the oldest
    with pytest.raises(ValueError, match="no table layouts"):
        load_layout("nowhere", 2024)


def test_build_is_repeatable(derived: Derived) -> None:
    # the same derived figures give the same tables every time (speed is measured in bench/bench_build.py)
    assert build_tables(derived) == build_tables(derived)


def test_all_fund_totals(tables: dict[str, Table]) -> None:
    assert _row(tables["T4"], "一、一般公共服务支出")[3].value == Decimal("185.21")
    assert _amounts(tables["T5"].body[0])[2:4] == [Decimal("182.09"), Decimal("17.89")]


def test_layout_validation_catches_width_errors() -> None:
    from juesuan.tables import _validate

    good = load_layout("sichuan", 2024)
    broken = {**good, "tables": [{**good["tables"][5], "header": [[{"text": "项目", "colspan": 2}]]}]}
    with pytest.raises(ValueError, match="T6: header widths"):
        _validate(broken, "test.yaml")
    unknown = {**good, "tables": [{**good["tables"][0], "body": {"kind": "pivot"}}]}
    with pytest.raises(ValueError, match="unknown body kind"):
        _validate(unknown, "test.yaml")


def test_split_left_blank_without_economic_detail(write_dataset) -> None:
    """基本支出 without its 经济分类 rows: 人员经费/公用经费 are unknown, so T5/T7 leave them blank (not 0.00,
    which would contradict the 基本支出 beside them) and T8 prints no amount; the check asks for the rows."""
    from .conftest import MINIMAL

    d = derive(load_dataset(write_dataset(MINIMAL)))
    assert "economic_items" in {n.path for n in d.needs}
    tables = {t.id: t for t in build_tables(d)}
    for tid in ("T5", "T7"):
        total = [c.value for c in tables[tid].body[0]]
        assert total == ["合计", Decimal("100.00"), Decimal("100.00"), None, None, Decimal("0.00")], tid
    amounts = [c.value for row in tables["T8"].body for c in row if isinstance(c.value, Decimal)]
    assert amounts == []


def test_part_numbers_leave_no_gap_without_performance(write_dataset) -> None:
    """Without 绩效 attachments (第四部分 附件) the tables are 第四部分, not 第五部分 after a gap."""
    from juesuan.build import prepare
    from juesuan.render.text import render_text

    from .conftest import EXAMPLE, MINIMAL

    text = render_text(prepare(write_dataset(MINIMAL), force=True))
    assert "第四部分 附表" in text and "第五部分" not in text
    full = render_text(prepare(EXAMPLE))
    assert "第四部分 附件" in full and "第五部分 附表" in full
