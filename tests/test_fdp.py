"""Tests for juesuan.render.fdp: the example as a Fiscal Data Package, validated with frictionless."""

from __future__ import annotations

import csv
import io
import json
from collections import Counter
from decimal import Decimal
from pathlib import Path

import frictionless
import pytest

from juesuan.build import prepare
from juesuan.render.fdp import export_fdp, format_value
from juesuan.viewmodel import ReportView

from .conftest import EXAMPLE, MINIMAL


@pytest.fixture(scope="module")
def view() -> ReportView:
    return prepare(EXAMPLE)


@pytest.fixture(scope="module")
def files(view: ReportView) -> dict[str, bytes]:
    return export_fdp(view)


@pytest.fixture(scope="module")
def rows(files: dict[str, bytes]) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(files["data.csv"].decode("utf-8"))))


def _total(rows: list[dict[str, str]], **where: str) -> Decimal:
    return sum(
        (Decimal(r["value"]) for r in rows if all(r[k] == v for k, v in where.items())),
        Decimal(0),
    )


def test_frictionless_validates_the_package(files: dict[str, bytes], tmp_path: Path) -> None:
    folder = tmp_path / "fdp"
    folder.mkdir()
    for name, content in files.items():
        (folder / name).write_bytes(content)
    report = frictionless.validate(str(folder / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])
    assert report.tasks[0].stats["rows"] == 83


def test_validation_catches_a_changed_value(files: dict[str, bytes], tmp_path: Path) -> None:
    (tmp_path / "datapackage.json").write_bytes(files["datapackage.json"])
    (tmp_path / "data.csv").write_bytes(files["data.csv"].replace(b",91.14,", b",91.15,", 1))
    report = frictionless.validate(str(tmp_path / "datapackage.json"))
    assert not report.valid
    assert "hash-count" in {e[0] for e in report.flatten(["type"])}


def test_descriptor(files: dict[str, bytes]) -> None:
    meta = json.loads(files["datapackage.json"])
    assert meta["profiles"]["fiscal"] == "1.0.0-rc.1"
    assert meta["fiscalPeriod"] == {"start": "2024-01-01", "end": "2024-12-31"}
    schema = meta["resources"][0]["schema"]
    fields = {f["name"]: f for f in schema["fields"]}
    assert fields["value"]["columnType"] == "value"
    assert (fields["value"]["currency"], fields["value"]["factor"]) == ("CNY", 10000)
    assert (
        fields["fiscalYear"]["columnType"] == "date:fiscal-year" and fields["fiscalYear"]["type"] == "integer"
    )
    assert fields["phase"]["constraints"]["enum"] == ["approved", "adjusted", "executed"]
    assert fields["direction"]["constraints"]["enum"] == ["expenditure", "revenue"]
    assert fields["functionalItemCode"]["columnType"] == "functional-classification:generic:level3:code"
    assert fields["economicItemCode"]["columnType"] == "economic-classification:generic:level2:code"
    assert schema["primaryKey"] == ["figureKey"]
    assert {"name": "currency", "type": "string", "columnType": "value-currency:code", "constant": "CNY"} in (
        schema["extraFields"]
    )
    assert "filter on one measure" in meta["description"]


def test_all_funds_expenditure_adds_up_to_the_report_total(rows: list[dict[str, str]]) -> None:
    spent = [r for r in rows if r["measure"] == "expenditure"]
    assert {(r["fundCode"], r["fundName"], r["phase"], r["direction"]) for r in spent} == {
        ("all", "全部资金", "executed", "expenditure")
    }
    assert _total(rows, measure="expenditure") == Decimal("243.38")
    assert _total(rows, measure="expenditure", natureCode="basic") == Decimal("200.03")
    assert _total(rows, measure="expenditure", natureCode="project") == Decimal("43.35")


def test_revenue_adds_up_to_the_report_total(rows: list[dict[str, str]]) -> None:
    assert _total(rows, direction="revenue") == Decimal("243.33")
    assert _total(rows, measure="income", fundCode="general_budget") == Decimal("243.33")
    assert {r["incomeSourceName"] for r in rows if r["direction"] == "revenue"} == {"财政拨款收入"}


def test_general_budget_fiscal_expenditure(rows: list[dict[str, str]]) -> None:
    assert _total(rows, measure="fiscal_expenditure", fundCode="general_budget") == Decimal("243.33")
    assert _total(rows, measure="fiscal_expenditure", natureCode="basic") == Decimal("199.98")
    assert _total(rows, measure="economic_expenditure", fundCode="general_budget") == Decimal("243.33")
    assert _total(rows, measure="economic_expenditure", natureCode="basic") == Decimal("199.98")
    assert _total(rows, measure="economic_expenditure", economicClassCode="301") == Decimal("179.89")


def test_budgets(rows: list[dict[str, str]]) -> None:
    budgets = [r for r in rows if r["measure"] == "fiscal_budget"]
    assert len(budgets) == 13
    assert {r["phase"] for r in budgets} == {"adjusted"}  # completion_basis: adjusted
    assert _total(rows, measure="fiscal_budget") == Decimal("243.33")


def test_rows_are_figures_of_the_ledger(view: ReportView, rows: list[dict[str, str]]) -> None:
    figures = view.derived.ledger.figures
    assert len({r["figureKey"] for r in rows}) == len(rows)
    for r in rows:
        value = Decimal(r["value"])  # parseable, exact
        assert value == figures[r["figureKey"]].value, r["figureKey"]
        assert r["fiscalYear"] == "2024" and r["administrativeName"] == "乐山市金口河区信访局"
    counts = Counter(r["measure"] for r in rows)
    assert counts == {
        "income": 13,
        "expenditure": 14,
        "fiscal_expenditure": 14,
        "fiscal_budget": 13,
        "economic_expenditure": 29,
    }


def test_functional_levels(rows: list[dict[str, str]]) -> None:
    row = next(r for r in rows if r["figureKey"] == "func.2014004.expenditure.project")
    assert (row["functionalClassCode"], row["functionalClassName"]) == ("201", "一般公共服务支出")
    assert (row["functionalSubclassCode"], row["functionalSubclassName"]) == ("20140", "信访事务")
    assert (row["functionalItemCode"], row["functionalItemName"]) == ("2014004", "信访业务")
    assert (row["natureCode"], row["natureName"]) == ("project", "项目支出")
    econ = next(r for r in rows if r["figureKey"] == "econ.general_budget.30101.basic")
    assert econ["economicClassName"] == "工资福利支出" and econ["economicItemName"] == "基本工资"
    assert econ["functionalItemCode"] == ""


@pytest.mark.parametrize(
    ("value", "text"),
    [
        ("243.33", "243.33"),
        ("0.2", "0.20"),
        ("5", "5.00"),
        ("0.3194", "0.3194"),
        ("1.23456789", "1.234568"),
        ("-0.0000001", "0.00"),
        ("1E+3", "1000.00"),
    ],
)
def test_format_value(value: str, text: str) -> None:
    assert format_value(Decimal(value)) == text


def test_deterministic(view: ReportView, files: dict[str, bytes]) -> None:
    assert export_fdp(view) == files


def test_initial_budget_is_the_approved_phase(write_dataset) -> None:
    files = export_fdp(prepare(write_dataset(MINIMAL)))
    rows = list(csv.DictReader(io.StringIO(files["data.csv"].decode("utf-8"))))
    budget = next(r for r in rows if r["measure"] == "fiscal_budget")
    assert (budget["phase"], budget["value"], budget["figureKey"]) == (
        "approved",
        "100.00",
        "func.2010301.budget",
    )
