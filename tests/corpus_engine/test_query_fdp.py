"""``corpus query`` (DuckDB over the store) and the Fiscal Data Package of the figures."""

from __future__ import annotations

import csv
import json
from decimal import Decimal
from pathlib import Path

from click.testing import CliRunner
from frictionless import validate

from juesuan.cli import main
from juesuan.corpus.fdp import export_corpus_fdp
from juesuan.corpus.query import query


def test_query_partitions_and_tables(small_store: Path) -> None:
    names, rows = query(small_store, "SELECT region, year, count(*) FROM documents GROUP BY ALL ORDER BY ALL")
    assert names == ["region", "year", "count_star()"]
    assert ("上海市普陀区", 2024, 3) in rows
    assert sum(r[2] for r in rows) == 19  # 14 real texts, the reference, the three reports and the template
    _, rows = query(small_store, "SELECT sum(n_error + n_warning + n_info + n_fatal) FROM documents")
    _, found = query(small_store, "SELECT count(*) FROM findings")
    assert rows[0][0] == found[0][0] > 0
    _, rows = query(small_store, "SELECT typeof(value) FROM figures LIMIT 1")
    assert rows[0][0] == "DECIMAL(24,6)"


def test_query_command(small_store: Path) -> None:
    result = CliRunner().invoke(
        main,
        ["corpus", "query", str(small_store), "SELECT department FROM documents WHERE year = 2024", "--csv"],
    )
    assert result.exit_code == 0, result.output
    assert "上海市普陀区财政局" in result.output and "乐山市金口河区信访局" in result.output
    bad = CliRunner().invoke(main, ["corpus", "query", str(small_store), "SELECT nope FROM documents"])
    assert bad.exit_code == 2 and "查询失败" in bad.output


def test_fdp_of_the_figures_is_valid_and_complete(small_store: Path, tmp_path: Path) -> None:
    n = export_corpus_fdp(small_store, tmp_path / "fdp")
    report = validate(str(tmp_path / "fdp" / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "message"])[:5]
    with open(tmp_path / "fdp" / "data.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert len(rows) == n
    _, total = query(small_store, "SELECT count(*), sum(value) FROM figures")
    assert total[0][0] == n and sum(Decimal(r["value"]) for r in rows) == total[0][1]
    meta = json.loads((tmp_path / "fdp" / "datapackage.json").read_text("utf-8"))
    assert meta["profiles"]["fiscal"] == "1.0.0-rc.1"
    coded = [r for r in rows if r["functionalItemCode"]]
    assert coded and all(r["functionalItemCode"].startswith(r["functionalSubclassCode"]) for r in coded)
