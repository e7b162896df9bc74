"""``juesuan audit`` and ``juesuan extract``: outputs, exit codes, batches."""

from __future__ import annotations

import json

import yaml
from click.testing import CliRunner

from juesuan.cli import main


def test_audit_json_csv_html_and_exit_status(reference, tmp_path):
    runner = CliRunner()
    result = runner.invoke(main, ["audit", str(reference), "--json"])
    assert result.exit_code == 1
    payload = json.loads(result.output)
    assert payload["summary"]["error"] > 0 and payload["year"] == 2024
    result = runner.invoke(main, ["audit", str(reference), "--csv"])
    assert result.exit_code == 1 and result.output.startswith("规则编号,严重程度")
    html = tmp_path / "audit.html"
    result = runner.invoke(main, ["audit", str(reference), "--html", str(html), "--min-severity", "error"])
    assert result.exit_code == 1 and "错误" in result.output
    text = html.read_text(encoding="utf-8")
    assert "<blockquote>" in text and "医疗卫生与计划生育" in text and "第116行" in text


def test_audit_clean_file_exits_0_and_folder_batch(tmp_path):
    (tmp_path / "a.txt").write_text("第一部分 部门概况\n2024年度本年收入合计100.00万元。\n", encoding="utf-8")
    (tmp_path / "b.pdf").write_bytes(b"not a pdf")
    runner = CliRunner()
    assert runner.invoke(main, ["audit", str(tmp_path / "a.txt")]).exit_code == 0
    result = runner.invoke(main, ["audit", str(tmp_path), "--jobs", "2"])
    assert result.exit_code == 2 and "b.pdf" in result.output and "a.txt" in result.output


def test_extract_writes_a_dataset_that_check_can_load(reference, tmp_path):
    out = tmp_path / "dataset.yaml"
    runner = CliRunner()
    result = runner.invoke(main, ["extract", str(reference), "-o", str(out)])
    assert result.exit_code == 0, result.output
    data = yaml.safe_load(out.read_text(encoding="utf-8"))
    assert data["department"]["name"] == "乐山市金口河区信访局" and data["department"]["year"] == 2024
    assert data["admin_cost"]["amount"] == 17.89 and data["prior_year"]["total"] == 296.7
    assert len(data["performance"]["projects"]) == 3
    check = runner.invoke(main, ["check", str(out), "--json"])
    assert check.exit_code in (0, 1), check.output  # loads (no fatal input problem)
    assert json.loads(check.output)["summary"]["fatal"] == 0
