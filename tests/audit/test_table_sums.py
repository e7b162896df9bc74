"""A030 on tables that are not standard 决算 tables: a 合计/总计 row against its parts, 其中 rows as parts of
the row above them, the column's declared precision (:mod:`juesuan.audit.rules.table_sums`)."""

from __future__ import annotations

from pathlib import Path

from juesuan.audit.run import audit_path

RECEPTION = "公务接待费 | 0.95 | 0.95 | 0.00 | 0.39 |"
SLIP = "公务接待费 | 0.95 | 0.95 | 0.00 | 0.59 |"
DOCS = Path(__file__).resolve().parent.parent / "corpus" / "docs"


def _sums(tmp_path, text: str, name: str = "doc.txt"):
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return [
        f
        for f in audit_path(path).findings
        if f.rule_id == "A030" and "各分项之和" in f.message and f.severity != "info"
    ]


def _doc(doc_id: str) -> str:
    return (DOCS / f"{doc_id}.txt").read_text(encoding="utf-8")


def test_a_total_printed_last_with_a_sub_list(tmp_path):
    # g1-10 (合肥市图书馆 2021): 总计 closes the rows; 其中 rows are parts of 公务用车购置及运行费
    text = _doc("g1-10")
    assert not _sums(tmp_path, text)
    slip = text.replace(RECEPTION, SLIP)
    found = _sums(tmp_path, slip, "slip.txt")
    assert [f.severity for f in found] == ["warning"]  # a 其中 list: which rows it holds is a reading
    assert "1.75" in found[0].message and "1.96" in found[0].message
    assert 9 in {loc.line for loc in found[0].locations}  # every operand is pointed at


def test_a_plain_list_is_an_error(tmp_path):
    # the same table without its 其中 rows: one reading, every figure with two decimals
    text = _doc("g1-10")
    sub = ("其中:公务用车运行维护费", "公务用车购置费 |")
    lines = [ln for ln in text.splitlines() if not ln.startswith(sub)]
    plain = "\n".join(lines) + "\n"
    assert not _sums(tmp_path, plain)
    slip = plain.replace(RECEPTION, SLIP)
    assert {f.severity for f in _sums(tmp_path, slip, "slip.txt")} == {"error"}


def test_a_total_printed_first_in_traditional_characters(tmp_path):
    # g15-04 (岳阳县 2015): 合計(jì) 3318 = 0 + 1372 + 1946; 其中 (1)(2) are parts of 公務用車費
    text = _doc("g15-04")
    assert not _sums(tmp_path, text)
    found = _sums(tmp_path, text.replace("| 1372 |", "| 1672 |"), "slip.txt")
    assert [f.severity for f in found] == ["warning"] and "3618" in found[0].message


def test_a_complete_sub_list_and_the_declared_precision(tmp_path):
    # g15-03 (昌宁县 2015): 964.19 = 918.19 + 46 and 972.75 = 939.99 + 32.76 (the 其中 list is complete:
    # it adds up exactly in a column); “977.3” and “46” are read to the column's two decimals
    text = _doc("g15-03")
    assert not _sums(tmp_path, text)
    sub = _sums(tmp_path, text.replace("| 939.99 |", "| 969.99 |"), "sub.txt")
    assert [f.severity for f in sub] == ["warning"] and "1002.75" in sub[0].message
    half = _sums(tmp_path, text.replace("| 977.3 |", "| 977.8 |"), "half.txt")
    assert [f.severity for f in half] == ["warning"] and "1954.22" in half[0].message


def test_a_sub_list_not_shown_complete_is_not_judged(tmp_path):
    # g1-10: the 其中 list 2.10 = 2.10 + 0.00 never adds up with two parts not zero: it may be partial
    run = "其中:公务用车运行维护费 | 2.10 | 2.10 | 0.00 | 1.37 |"
    text = _doc("g1-10").replace(run, run.replace("1.37", "1.07"))
    assert not _sums(tmp_path, text)


def test_a_sangong_table_by_rows_reads_its_column_precision(tmp_path):
    # g1-06 (杜集区机关事务管理中心 2021): 167.37 = 0 + 2.14 + 165.23 with “0” and “1” printed bare; a slip of
    # 0.30 was a 尾差 when “0” stood for ±0.5; the 决算 column prints two decimals, so it is a gap
    text = _doc("g1-06")
    a030 = [f for f in audit_path(_write(tmp_path, text)).findings if f.rule_id == "A030"]
    assert not [f for f in a030 if f.severity != "info"]
    slip = text.replace("\n2.14 |", "\n2.44 |", 1)
    found = [f for f in audit_path(_write(tmp_path, slip, "slip.txt")).findings if f.rule_id == "A030"]
    assert [f.severity for f in found] == ["warning"] and "167.67" in found[0].message
    assert 19 in {loc.line for loc in found[0].locations}


def _write(tmp_path, text: str, name: str = "doc.txt") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path
