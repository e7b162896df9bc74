"""Last year's dataset given by the caller (``prior=`` / ``--prior``): a data.json, a YAML dataset or a
workbook replaces ``prior_year.dataset``; figures given inline still win; the same consistency checks."""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from juesuan.build import build, prepare
from juesuan.cli import main
from juesuan.derive import derive
from juesuan.excel.importer import load_any
from juesuan.loader import load_dataset
from juesuan.rules import check_path

ROOT = Path(__file__).resolve().parents[1]
EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml"
SOURCE = EXAMPLE.read_text(encoding="utf-8")


def last_year_text() -> str:
    """The example as a 2023 dataset: the 2023 code of 信访事务, 20.00 more for it, other balances."""
    text = (
        SOURCE.replace("  year: 2024", "  year: 2023")
        .replace('"2014004"', '"2010308"')
        .replace("39.69", "59.69")
        .replace('{code: "30299", project: 17.85}', '{code: "30299", project: 37.85}')
        .replace("  opening: 0.07\n  closing: 0.02", "  opening: 0.12\n  closing: 0.07")
        .replace("  closing_balance: 0.07", "  closing_balance: 0.12")
    )
    assert text.count("59.69") >= 4
    return text


def without_inline_prior(text: str) -> str:
    """This year's dataset without its inline prior_year block."""
    return text[: text.index("prior_year:")] + text[text.index("explanations:") :]


THIS_YEAR = without_inline_prior(SOURCE).replace(
    "  total_change: 2024年减少3个项目", "  # total_change: 2024年减少3个项目"
)


@pytest.fixture(scope="module")
def files(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    tmp = tmp_path_factory.mktemp("prior")
    last = tmp / "2023" / "dataset.yaml"
    last.parent.mkdir()
    last.write_text(last_year_text(), encoding="utf-8")
    assert check_path(last).passes
    build(last, tmp / "out2023", ("json",))
    current = tmp / "2024.yaml"
    current.write_text(THIS_YEAR, encoding="utf-8")
    from juesuan.excel.export import export_workbook

    workbook = tmp / "2023.xlsx"
    workbook.write_bytes(export_workbook(load_dataset(last)))
    return {
        "yaml": last,
        "json": tmp / "out2023" / "data.json",
        "xlsx": workbook,
        "current": current,
        "tmp": tmp,
    }


def rule_ids(report) -> list[str]:
    return [f.rule_id for f in report.findings]


@pytest.mark.parametrize("form", ["json", "yaml", "xlsx"])
def test_prior_given_is_used(files: dict[str, Path], form: str) -> None:
    loaded = load_any(files["current"], prior=files[form])
    assert loaded.prior is not None and loaded.prior.dataset.department.year == 2023
    derived = derive(loaded)
    assert derived.ledger["prior.total"].value == Decimal("263.45")  # 263.33 + 0.12
    assert derived.ledger["prior.total"].op == "prior_dataset"
    assert derived.ledger["prior.three_public.reception"].value == Decimal("0.3194")
    report = check_path(files["current"], prior=files[form])
    ids = rule_ids(report)
    # last year's figures are there: no “上年数 missing”, and the change of 收入、支出总计 needs its reason
    assert "C002" not in ids
    reasons = [f for f in report.findings if f.rule_id == "C001"]
    assert any("收入、支出总计变动原因" in f.message for f in reasons)
    assert report.count("fatal") == 0 and report.count("error") == 0


def test_without_prior_the_comparisons_are_missing(files: dict[str, Path]) -> None:
    report = check_path(files["current"])
    assert rule_ids(report).count("C002") == 5
    assert not any("收入、支出总计变动原因" in f.message for f in report.findings)


def test_inline_figures_win(files: dict[str, Path]) -> None:
    loaded = load_any(EXAMPLE, prior=files["json"])
    assert loaded.prior is None  # the dataset's own prior_year figures are used
    derived = derive(loaded)
    assert derived.ledger["prior.total"].value == Decimal("296.70")
    assert derived.ledger["prior.total"].op == "input"
    assert check_path(EXAMPLE, prior=files["json"]).passes


def test_given_prior_replaces_the_named_dataset(files: dict[str, Path]) -> None:
    named = files["tmp"] / "named.yaml"
    named.write_text(
        THIS_YEAR.replace("explanations:", "prior_year:\n  dataset: no-such-file.yaml\n\nexplanations:", 1),
        encoding="utf-8",
    )
    missing = check_path(named)
    assert missing.count("fatal") == 1  # the named file does not exist
    assert "no-such-file.yaml" in missing.findings[0].message
    report = check_path(named, prior=files["json"])
    assert report.count("fatal") == 0 and "C002" not in rule_ids(report)


def test_year_and_department_are_checked(files: dict[str, Path]) -> None:
    report = check_path(files["current"], prior=EXAMPLE)  # a 2024 dataset as 2024's prior
    fatal = [f for f in report.findings if f.severity == "fatal"]
    assert [f.rule_id for f in fatal] == ["F005"]
    assert "年度为 2024，应为 2023" in fatal[0].message and str(EXAMPLE) in fatal[0].message
    other = files["tmp"] / "other.yaml"
    other.write_text(last_year_text().replace("乐山市金口河区信访局", "某某县示范局"), encoding="utf-8")
    report = check_path(files["current"], prior=other)
    assert [f.rule_id for f in report.findings if f.severity == "fatal"] == ["F005"]
    assert any("某某县示范局" in f.message for f in report.findings)
    broken = files["tmp"] / "broken.json"
    broken.write_text("{not json", encoding="utf-8")
    assert "F005" not in rule_ids(check_path(files["current"], prior=broken))
    assert check_path(files["current"], prior=broken).count("fatal") == 1


def test_prior_for_a_workbook_input(files: dict[str, Path]) -> None:
    from juesuan.excel.export import export_workbook

    current = files["tmp"] / "2024.xlsx"
    current.write_bytes(export_workbook(load_dataset(files["current"])))
    loaded = load_any(current, prior=files["json"])
    assert loaded.prior is not None
    assert derive(loaded).ledger["prior.fiscal_total"].value == Decimal("263.33")
    assert "C002" not in rule_ids(check_path(current, prior=files["json"]))


def test_prepare_and_cli(files: dict[str, Path]) -> None:
    view = prepare(files["current"], force=True, prior=files["json"])
    assert view.derived.ledger["prior.total"].value == Decimal("263.45")

    runner = CliRunner()
    result = runner.invoke(main, ["check", str(files["current"]), "--prior", str(files["json"]), "--json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert not any(f["rule_id"] == "C002" for f in payload["findings"])
    result = runner.invoke(main, ["check", str(files["current"]), "--prior", str(EXAMPLE)])
    assert result.exit_code == 2 and "F005" in result.output

    out = files["tmp"] / "out2024"
    result = runner.invoke(
        main,
        ["build", str(files["current"]), "--prior", str(files["xlsx"]), "-o", str(out), "--format", "json"],
    )
    assert result.exit_code == 0, result.output
    data = json.loads((out / "data.json").read_text(encoding="utf-8"))
    assert data["figures"]["prior.total"]["value"] == "263.45"
    assert data["dataset"]["prior_year"]["dataset"] is None  # the given file is not written into the data


def test_published_prior_wins_over_inline_figures(files: dict[str, Path]) -> None:
    """Last year's published report (``PublishedPrior``, as the web app gives it) is last year even when the
    dataset gives its own figures: those are compared with it (Y002: both values; an error beyond 尾差)."""
    from juesuan.loader import PublishedPrior

    inline = files["tmp"] / "inline.yaml"
    inline.write_text(SOURCE, encoding="utf-8")  # 2023 total 296.70 inline; published 263.45
    plain = check_path(inline, prior=files["json"])
    assert "Y002" not in rule_ids(plain)  # --prior: inline figures still win, nothing compared
    report = check_path(inline, prior=PublishedPrior(files["json"]))
    y002 = {f.locations[0].key: f for f in report.findings if f.rule_id == "Y002"}
    assert y002["prior_year.total"].severity == "error"
    assert "296.70" in y002["prior_year.total"].message and "263.45" in y002["prior_year.total"].message
    assert y002["prior_year.total"].params["difference"] == "33.25"
    derived = derive(load_any(inline, prior=PublishedPrior(files["json"])))
    assert derived.other["prior"]["total"].value == Decimal("263.45")
