"""The command line: build writes the outputs atomically; bad input exits non-zero and writes nothing."""

from __future__ import annotations

import json
from pathlib import Path

from click.testing import CliRunner

from juesuan.cli import main

from .conftest import EXAMPLE, MINIMAL


def run(*args: str):
    return CliRunner().invoke(main, list(args))


def test_build_example(tmp_path):
    out = tmp_path / "out"
    result = run("build", str(EXAMPLE), "-o", str(out))
    assert result.exit_code == 0, result.output
    html = (out / "report.html").read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>")
    assert html.count("<svg") == 7
    assert "乐山市金口河区信访局2024年度部门决算" in html
    assert 'src="http' not in html and "<script" not in html  # self-contained, no remote resources
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))
    assert data["figures"]["total.income"]["value"] == "243.40"
    assert data["figures"]["income.total"]["inputs"]
    assert data["figures"]["func.2010301.income.general_budget"]["source"]["line"] > 0
    # inputs named relative to their folder: the published file shows no folder of the machine that built it
    sources = {f["source"]["file"] for f in data["figures"].values() if "source" in f}
    assert sources == {"dataset.yaml"} and data["check"]["source"] == "dataset.yaml"
    assert str(EXAMPLE.parent) not in (out / "data.json").read_text(encoding="utf-8")
    assert all(i["holds"] for i in data["identities"])
    assert sorted(p.name for p in out.iterdir()) == [
        "data.json",
        "fdp",
        "report.docx",
        "report.html",
        "report.pdf",
        "tables.xlsx",
    ]
    assert sorted(p.name for p in (out / "fdp").iterdir()) == ["data.csv", "datapackage.json"]


def test_build_text_format_only(tmp_path):
    result = run("build", str(EXAMPLE), "-o", str(tmp_path / "o"), "--format", "txt")
    assert result.exit_code == 0
    assert [p.name for p in (tmp_path / "o").iterdir()] == ["report.txt"]


def test_bad_input_exits_2_and_writes_nothing(tmp_path):
    dataset = tmp_path / "dataset.yaml"
    dataset.write_text(MINIMAL.replace("year: 2024", "year: 二〇二四"), encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(dataset), "-o", str(out))
    assert result.exit_code == 2
    assert f"{dataset}:6:" in result.output
    assert not out.exists()
    assert [p.name for p in tmp_path.iterdir()] == ["dataset.yaml"]


def test_failed_build_keeps_previous_outputs(tmp_path):
    out = tmp_path / "out"
    assert run("build", str(EXAMPLE), "-o", str(out)).exit_code == 0
    before = (out / "report.html").read_bytes()
    dataset = tmp_path / "dataset.yaml"
    dataset.write_text("department: [\n", encoding="utf-8")
    assert run("build", str(dataset), "-o", str(out)).exit_code == 2
    assert (out / "report.html").read_bytes() == before


def test_inconsistent_data_exits_1(tmp_path):
    dataset = tmp_path / "dataset.yaml"
    dataset.write_text(MINIMAL + "balances: {closing: 5.00}\n", encoding="utf-8")
    result = run("build", str(dataset), "-o", str(tmp_path / "out"))
    assert result.exit_code == 1
    assert "dataset.yaml:14: [T001]" in result.output
    assert not (tmp_path / "out").exists()


def test_output_path_is_a_file(tmp_path):
    target = tmp_path / "taken"
    target.write_text("x")
    result = run("build", str(EXAMPLE), "-o", str(target))
    assert result.exit_code == 2
    assert target.read_text() == "x"


def test_missing_explanations_are_reported(tmp_path):
    text = MINIMAL + "prior_year: {total: 50.00, fiscal_total: 50.00, general_budget_expenditure: 50.00}\n"
    dataset = tmp_path / "dataset.yaml"
    dataset.write_text(text, encoding="utf-8")
    result = run("build", str(dataset), "-o", str(tmp_path / "out"))
    assert result.exit_code == 0
    assert "收入、支出总计变动原因" in result.output
    report = (tmp_path / "out" / "report.html").read_text(encoding="utf-8")
    assert "各增加50.00万元，增长100.00%" in report
    assert "主要变动原因是。" not in report and "主要变动原因是" not in report


def test_schema_command():
    result = run("schema")
    assert result.exit_code == 0
    schema = json.loads(result.output)
    assert "department" in schema["properties"]


def test_schema_file_is_current():
    schema = json.loads(run("schema").output)
    on_disk = json.loads(
        (Path(__file__).parent.parent / "docs" / "dataset.schema.json").read_text(encoding="utf-8")
    )
    assert schema == on_disk, "regenerate with: juesuan schema > docs/dataset.schema.json"


def test_force_writes_a_marked_report(tmp_path):
    dataset = tmp_path / "dataset.yaml"
    dataset.write_text(MINIMAL + "balances: {closing: 5.00}\n", encoding="utf-8")
    out = tmp_path / "out"
    result = run("build", str(dataset), "-o", str(out), "--force", "--format", "txt", "--format", "html")
    assert result.exit_code == 0, result.output
    text = (out / "report.txt").read_text(encoding="utf-8")
    assert text.startswith("【未通过校验】")
    assert "[T001]" in text.split("附：校验发现的问题")[1]
    assert "未通过校验" in (out / "report.html").read_text(encoding="utf-8")


def test_force_cannot_build_unreadable_input(tmp_path):
    dataset = tmp_path / "dataset.yaml"
    dataset.write_text("department: [\n", encoding="utf-8")
    result = run("build", str(dataset), "-o", str(tmp_path / "out"), "--force")
    assert result.exit_code == 2
    assert not (tmp_path / "out").exists()


def test_check_command_outputs(tmp_path):
    dataset = tmp_path / "dataset.yaml"
    dataset.write_text(MINIMAL + "balances: {closing: 5.00}\n", encoding="utf-8")
    result = run("check", str(dataset))
    assert result.exit_code == 1
    assert f"{dataset}:14: [T001]" in result.output
    data = json.loads(run("check", str(dataset), "--json").output)
    assert data["summary"]["error"] == 1
    assert data["findings"][0]["rule_id"] == "T001" and data["findings"][0]["fingerprint"]
    csv_text = run("check", str(dataset), "--csv").output
    assert csv_text.splitlines()[0].startswith("规则编号,严重程度")
    assert run("check", str(EXAMPLE)).exit_code == 0
    garbage = tmp_path / "garbage.yaml"
    garbage.write_bytes(b"\xff\xfe\x00garbage")
    assert run("check", str(garbage)).exit_code == 2


def test_rules_command():
    result = run("rules")
    assert result.exit_code == 0 and "T001" in result.output


def test_check_for_a_unit_and_year():
    """``juesuan check --unit/--unit-code/--year``: another unit's or year's file is an error naming both."""
    r = run("check", str(EXAMPLE), "--unit", "乐山市金口河区信访局", "--year", "2024")
    assert r.exit_code == 0, r.output
    r = run("check", str(EXAMPLE), "--unit", "乐山市金口河区第一小学", "--year", "2025")
    assert r.exit_code == 1
    assert "[C005]" in r.output and "乐山市金口河区信访局" in r.output
    assert "乐山市金口河区第一小学" in r.output
    assert "[C007]" in r.output and "2025" in r.output


def test_data_json_names_inputs_relative_to_their_common_folder(tmp_path):
    """A workbook with a texts folder: lineage says ``公开表.xlsx`` and ``texts/…``, not where they lay."""
    from juesuan.build import _portable_names

    book, text = tmp_path / "in" / "公开表.xlsx", tmp_path / "in" / "texts" / "概况.md"
    names = _portable_names({str(book), str(text)})
    assert names == {str(book): "公开表.xlsx", str(text): "texts/概况.md"}
    assert _portable_names(set()) == {}


def test_the_command_line_sets_the_collectors_policy_at_start() -> None:
    import gc

    from juesuan import api

    before = gc.get_threshold()
    try:
        gc.set_threshold(700, 10, 10)
        result = run("check", str(EXAMPLE))
        assert result.exit_code == 0, result.output
        assert gc.get_threshold() == api.GC_THRESHOLDS
        assert gc.get_freeze_count() > 0
    finally:
        gc.unfreeze()
        gc.set_threshold(*before)
