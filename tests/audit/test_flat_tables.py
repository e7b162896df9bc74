"""Tables flattened by a web page to one cell per line with “|” (an empty cell a lone “|”)."""

from pathlib import Path

from juesuan.audit.read_txt import read_txt
from juesuan.audit.stdtables import interpret_all, table_facts

# g1-07 (杜集区政府办 2021, a mirror site's traditional characters): no row breaks, one empty cell
G1_07 = """一、2021年度一般公共預算財政撥款“三公”經(jīng)費支出決算表
單位:萬元
項 目 |
預 算 數(shù) |
決 算 數(shù) |
合 計 |
49.9 |
7.69 |
因公出國(境)費 |
20 |
|
公務接待費 |
14.9 |
5.21 |
公務用車購置及運行維護費 |
15 |
2.48 |
其中:公務用車運行維護費 |
15 |
2.48 |
公務用車購置費 |
二、2021年度一般公共預算財政撥款“三公”經(jīng)費支出情況說明
"""


def _facts(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    doc = read_txt(path)
    return {k: str(v.value.value) for k, v in table_facts(interpret_all(doc)).items()}


def test_one_cell_per_line_rows_by_header_width(tmp_path: Path) -> None:
    facts = _facts(tmp_path, G1_07)
    assert facts["sangong.total@budget"] == "49.9"
    assert facts["sangong.abroad@budget"] == "20"
    assert "sangong.abroad@actual" not in facts  # an empty cell, not a row break
    assert facts["sangong.car@budget"] == "15"
    assert facts["sangong.reception@actual"] == "5.21"


def test_the_standard_identities_see_the_rows(tmp_path: Path) -> None:
    found = _sangong_findings(tmp_path, G1_07.replace("49.9 |", "59.9 |"), "A030")
    (msg,) = [f.message for f in found]
    assert "合计预算数：59.9" in msg and "＝49.90，相差10.00" in msg
    assert not _sangong_findings(tmp_path, G1_07, "A030")


def test_cells_that_do_not_fit_the_header_are_not_a_table_of_rows(tmp_path: Path) -> None:
    text = G1_07.replace("49.9 |\n7.69 |\n", "49.9 |\n")  # a missing cell: rows no longer fit
    assert "sangong.abroad@budget" not in _facts(tmp_path, text)


# g1-07, lines 27–29: the items said to equal their budgets, which the table above gives as 20 and 15
G1_07_CLAIMS = """1.因公出國(境)費支出0萬元,與2021年度預算相比無增減。
2.公務接待費支出5.21萬元。
3.公務用車購置及運行維護費支出2.48萬元,與2021年度預算相比無變化。
"""


def _sangong_findings(tmp_path: Path, text: str, rule: str) -> list:
    from juesuan.audit.run import audit_path

    path = tmp_path / "claims.txt"
    path.write_text("杜集區政府辦2021年度“三公”經費決算\n" + text, encoding="utf-8")
    return [f for f in audit_path(path).findings if f.rule_id == rule]


def _a017(tmp_path: Path, text: str) -> list:
    return _sangong_findings(tmp_path, text, "A017")


def test_a_claim_of_no_change_against_the_tables_budget(tmp_path):
    found = _a017(tmp_path, G1_07 + G1_07_CLAIMS)
    assert [f.severity for f in found] == ["error", "error"]
    assert "预算数为20万元" in found[0].message and "应为减少20.00万元" in found[0].message
    assert "预算数为15万元" in found[1].message and "应为减少12.52万元" in found[1].message
    # the same claims against budgets that agree are right
    agreeing = G1_07.replace("\n20 |\n", "\n0 |\n").replace("\n15 |\n2.48 |\n其中", "\n2.48 |\n2.48 |\n其中")
    assert not _a017(tmp_path, agreeing + G1_07_CLAIMS)


# --- tables cut by their rhythm (juesuan.audit.flat_cells) -------------------------------------------------

DOCS = Path(__file__).resolve().parent.parent / "corpus" / "docs"


def _corpus(name: str) -> str:
    return (DOCS / f"{name}.txt").read_text(encoding="utf-8")


def _audit(tmp_path: Path, text: str, name: str = "t.txt") -> list:
    from juesuan.audit.run import audit_path

    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return audit_path(path).findings


def _tables(tmp_path: Path, text: str):
    path = tmp_path / "t.txt"
    path.write_text(text, encoding="utf-8")
    return read_txt(path).tables


def test_three_groups_side_by_side_each_cell_closed_by_the_next_line(tmp_path: Path) -> None:
    # g20-07 (民进常州市委 2016): 收入 | 支出(按功能分类) | 支出(按支出性质), 项目 / 行次 / 决算数 each, the
    # cells in 元 each closed by a “|” line, a 栏次 row under the header, the text cut after 三、事业收入
    (table,) = _tables(tmp_path, _corpus("g20-07"))
    assert table.kind == "summary" and table.unit == "元" and table.header_rows == 3
    assert [len(r) for r in table.rows] == [2, 9, 9, 9, 9, 9, 3]
    assert [c.text for c in table.rows[3]][:3] == ["一、财政拨款收入", "1", "2,277,100.00"]
    (std,) = interpret_all(read_txt(tmp_path / "t.txt"))
    assert std.readable
    # the 行次 is no figure, the 按支出性质 group no 功能分类 of the 支出
    assert str(std.pairs["R:class:一般公共服务"].values["value"].value) == "177.820000"
    assert not any("基本" in k or "项目" in k for k in std.pairs)
    assert not [f for f in _audit(tmp_path, _corpus("g20-07")) if f.rule_id == "A006"]


def test_two_groups_with_a_numbering_row_narrower_than_the_table(tmp_path: Path) -> None:
    # g10-01 (黔南州中医医院): “栏 次 | 1 | 栏 次 | 2” over groups of three columns
    (table, *_) = _tables(tmp_path, _corpus("g10-01"))
    assert table.kind == "summary" and table.title == "表1 收入支出决算总表"
    (std, *_) = interpret_all(read_txt(tmp_path / "t.txt"))
    assert str(std.pairs["L:gpb"].values["value"].value) == "4194.89"
    assert str(std.pairs["L:business"].values["value"].value) == "38358.13"
    # g4-03 (逸夫小学): its title a cell of the table, the empty cells lone bars
    (table, *_) = _tables(tmp_path, _corpus("g4-03"))
    assert table.kind == "summary" and table.title == "收入支出决算总表"
    (std, *_) = interpret_all(read_txt(tmp_path / "t.txt"))
    assert str(std.pairs["R:class:教育"].values["value"].value) == "550"
    assert str(std.pairs["L:other"].values["value"].value) == "87"


# g6-05 (大亚湾区 2015, a traditional-script mirror): a header of two rows (公務用車購置及運行費 and
# 公務接待費 over their 小計 and parts), one label broken over two lines, a 行次 row, a note where a figure
# stands
G6_05 = _corpus("g6-05")
G6_05_TABLE = G6_05[G6_05.index("三公經(jīng)費項目 |") :]


def _a030(tmp_path: Path, text: str) -> list[str]:
    return [f"{f.severity} {f.message}" for f in _audit(tmp_path, text) if f.rule_id == "A030"]


def test_a_two_row_header_over_subtotal_groups(tmp_path: Path) -> None:
    (table,) = _tables(tmp_path, G6_05_TABLE)
    leaves = [c.text for c in table.rows[1]]
    assert leaves[3] == "公務(wù)用車購置及運行費/小計"
    assert leaves[4] == "公務(wù)用車購置及運行費/公務(wù)用車購置費"
    assert leaves[6] == "公務(wù)接待費/小計" and len(leaves) == 9
    assert [c.text for c in table.rows[3]][-1] == "以前年度結(jié)轉(zhuǎn)資金9.83"  # the note stays text
    assert _a030(tmp_path, G6_05_TABLE) == []  # every 合計 and 小計 adds up


def test_a_wrong_total_column_in_a_flattened_table(tmp_path: Path) -> None:
    wrong_total = G6_05_TABLE.replace("2015年度決算數(shù) |\n6.94 |", "2015年度決算數(shù) |\n6.64 |")
    (msg,) = _a030(tmp_path, wrong_total)
    assert msg.startswith("error ") and "“2015年度决算数”行“合计”列：6.64" in msg
    assert "因公出国(境)费＋公务用车购置及运行费＋公务接待费＝6.94，相差0.30" in msg
    wrong_part = G6_05_TABLE.replace("1.05 |\n0.47 |", "1.05 |\n0.41 |")
    (msg,) = _a030(tmp_path, wrong_part)
    assert "“公务接待费小计”列：1.05，行政运行＋其他城乡社区管理事务支出＝0.99" in msg


def test_a_dash_for_the_minus_sign_is_a_figure(tmp_path: Path) -> None:
    # “—0.07”: a negative figure as some pages print it, read while the header is placed
    (table,) = _tables(tmp_path, G6_05_TABLE.replace("-0.10 |", "—0.10 |"))
    assert [c.text for c in table.rows[1]][6] == "公務(wù)接待費/小計"


def test_cells_out_of_rhythm_leave_the_table_unread(tmp_path: Path) -> None:
    # one figure lost from a row: no width keeps one kind of cell per column, nothing is cut or checked
    missing = G6_05_TABLE.replace("2014年度決算數(shù) |\n4.06 |\n", "2014年度決算數(shù) |\n")
    (table,) = _tables(tmp_path, missing)
    assert all(len(r) == 1 for r in table.rows)
    assert _a030(tmp_path, missing.replace("6.94 |", "6.64 |")) == []


# g1-03 (衢江区 2016): the first cell “年度” closed by the next line, 公车购置及运行维护费 over 合计 /
# 车辆购置 / 车辆运行, a row of rates under the figures
G1_03 = _corpus("g1-03")
G1_03_TABLE = G1_03[G1_03.index("2016年决算数与2015年决算数对比情况") :]


def test_a_total_column_over_a_group_and_a_row_of_rates(tmp_path: Path) -> None:
    (table,) = _tables(tmp_path, G1_03_TABLE)
    assert [c.text for c in table.rows[1]][4] == "公车购置及运行维护费/合计"
    assert _a030(tmp_path, G1_03_TABLE) == []  # the 增减% row is not a sum
    (msg,) = _a030(tmp_path, G1_03_TABLE.replace("2364\n", "2346\n"))
    # two rows only: one confirms the columns, so the other is a warning
    assert msg.startswith("warning ") and "“2016年”行“合计”列：2346" in msg and "＝2364，相差18" in msg


def test_a_title_line_is_not_the_first_line_of_a_cell(tmp_path: Path) -> None:
    # g6-09: “2020年度全区“三公”经费使用情况” (no bar) starts the next table; a label broken over two lines
    # has no figure in it (g6-05's “公務(wù)用車” / “購置費 |”)
    tables = _tables(tmp_path, _corpus("g6-09"))
    assert [c.text for c in tables[0].rows[-1]] == ["总“三公”经费支出", "1928.76", "-", "-"]
    assert tables[1].rows[0][0].text == "使用项目"


def _one_cell_a_line(text: str) -> str:
    """Rows printed one a line between “|” (“公务接待费 | 0.95 | 0.95 |”) printed one cell a line instead."""
    out = []
    for line in text.split("\n"):
        cells = [c.strip() for c in line.split("|")]
        while cells and not cells[-1]:
            cells.pop()
        out.extend([f"{c} |" if c else "|" for c in cells] if line.count("|") >= 2 else [line])
    return "\n".join(out)


def test_a_table_printed_by_rows_and_one_cell_a_line_reads_the_same(tmp_path: Path) -> None:
    # g1-10 (合肥市图书馆 2021): 预算数 and 决算数 each over 合计 / 一般公共预算 / 政府性基金
    text = _corpus("g1-10")
    by_rows = [[c.text for c in r] for r in _tables(tmp_path, text)[0].rows]
    flat = _one_cell_a_line(text)
    (table,) = _tables(tmp_path, flat)
    assert [[c.text for c in r] for r in table.rows[2:]] == by_rows[2:]
    assert [c.text for c in table.rows[1]][1:4] == ["预算数/合计", "预算数/一般公共预算", "预算数/政府性基金"]
    assert _a030(tmp_path, flat) == []
    slip = flat.replace("公务接待费 |\n0.95 |", "公务接待费 |\n0.85 |")
    errors = [m for m in _a030(tmp_path, slip) if m.startswith("error ")]
    assert errors == [
        "error 《编制单位:合肥市图书馆 金额单位:万元》“公务接待费”行“预算数合计”列：0.85，"
        "一般公共预算＋政府性基金＝0.95，相差0.10。原文：“公务接待费｜0.85｜0.95｜0.00｜0.39｜0.39｜0.00”"
    ]
    # printed by rows, the lower header row lacks the cell 项目 spans: the rows place it the same way
    assert _a030(tmp_path, text) == []
    by_rows_slip = text.replace("公务接待费 | 0.95", "公务接待费 | 0.85")
    assert [m for m in _a030(tmp_path, by_rows_slip) if m.startswith("error ")] == errors
