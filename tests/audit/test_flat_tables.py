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


def test_cells_that_do_not_fit_the_header_are_not_a_table_of_rows(tmp_path: Path) -> None:
    text = G1_07.replace("49.9 |\n7.69 |\n", "49.9 |\n")  # a missing cell: rows no longer fit
    assert "sangong.abroad@budget" not in _facts(tmp_path, text)


# g1-07, lines 27–29: the items said to equal their budgets, which the table above gives as 20 and 15
G1_07_CLAIMS = """1.因公出國(境)費支出0萬元,與2021年度預算相比無增減。
2.公務接待費支出5.21萬元。
3.公務用車購置及運行維護費支出2.48萬元,與2021年度預算相比無變化。
"""


def _a017(tmp_path: Path, text: str) -> list:
    from juesuan.audit.run import audit_path

    path = tmp_path / "claims.txt"
    path.write_text("杜集區政府辦2021年度“三公”經費決算\n" + text, encoding="utf-8")
    return [f for f in audit_path(path).findings if f.rule_id == "A017"]


def test_a_claim_of_no_change_against_the_tables_budget(tmp_path):
    found = _a017(tmp_path, G1_07 + G1_07_CLAIMS)
    assert [f.severity for f in found] == ["error", "error"]
    assert "预算数为20万元" in found[0].message and "应为减少20.00万元" in found[0].message
    assert "预算数为15万元" in found[1].message and "应为减少12.52万元" in found[1].message
    # the same claims against budgets that agree are right
    agreeing = G1_07.replace("\n20 |\n", "\n0 |\n").replace("\n15 |\n2.48 |\n其中", "\n2.48 |\n2.48 |\n其中")
    assert not _a017(tmp_path, agreeing + G1_07_CLAIMS)
