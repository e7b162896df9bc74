"""Workbook in and out: round trips for both profiles, a real-export-looking workbook, the Putuo 2024 tables
typed into the mof template, findings located by sheet and cell, --annotate, bad workbooks, prior year."""

from __future__ import annotations

import io
import json
import re
import shutil
import subprocess
import zipfile
from decimal import Decimal
from pathlib import Path

import pytest
import yaml
from openpyxl import load_workbook

from juesuan.derive import derive
from juesuan.errors import InputError
from juesuan.excel.annotate import annotate
from juesuan.excel.export import export_workbook
from juesuan.excel.importer import load_any, load_workbook_dataset
from juesuan.excel.template import write_template
from juesuan.loader import load_dataset
from juesuan.rules import check_path
from juesuan.rules.engine import check_dataset
from tests.excel.messy import messy, put_cached_value

ROOT = Path(__file__).resolve().parents[2]
EXAMPLE = ROOT / "examples" / "jinkouhe-xinfang-2024" / "dataset.yaml"
AS_PRINTED = ROOT / "tests" / "fixtures" / "jinkouhe-as-printed" / "dataset.yaml"
PUTUO = ROOT / "tests" / "fixtures" / "putuo-caizhengju-2024.xlsx"
PUTUO_PDF = ROOT / "tests" / "shared" / "corpus" / "shanghai-putuo-2024" / "putuo-caizhengju-2024.pdf"


def _as_profile(source: Path, profile: str, tmp_path: Path) -> Path:
    data = yaml.safe_load(source.read_text(encoding="utf-8"))
    data["department"]["profile"] = profile
    path = tmp_path / f"{profile}.yaml"
    path.write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return path


def _export(source: Path, tmp_path: Path, name: str = "book.xlsx") -> tuple[Path, object]:
    loaded = load_dataset(source)
    path = tmp_path / name
    path.write_bytes(export_workbook(loaded))
    return path, loaded


# --------------------------------------------------------------------------- round trips


@pytest.mark.parametrize("profile", ["sichuan", "mof"])
@pytest.mark.parametrize("source", [EXAMPLE, AS_PRINTED], ids=["example", "as-printed"])
def test_round_trip(source: Path, profile: str, tmp_path: Path) -> None:
    path, loaded = _export(_as_profile(source, profile, tmp_path), tmp_path)
    back = load_workbook_dataset(path)
    assert back.dataset == loaded.dataset
    sheets = load_workbook(path).sheetnames
    assert len([s for s in sheets if s[0].isdigit()]) == (13 if profile == "sichuan" else 9)


def test_export_of_the_import_is_the_same_workbook(tmp_path: Path) -> None:
    path, _loaded = _export(EXAMPLE, tmp_path)
    again = zipfile.ZipFile(io.BytesIO(export_workbook(load_workbook_dataset(path))))
    first = zipfile.ZipFile(path)
    skip = {"docProps/core.xml"}  # its modification time is the time of saving
    assert {n: first.read(n) for n in first.namelist() if n not in skip} == {
        n: again.read(n) for n in again.namelist() if n not in skip
    }


def test_template_lists_tables_and_text_fields(tmp_path: Path) -> None:
    for profile, count in (("mof", 9), ("sichuan", 13)):
        book = load_workbook(io.BytesIO(write_template(profile)))
        assert book.sheetnames[0] == "填报说明"
        assert len([s for s in book.sheetnames if s[0].isdigit()]) == count
        text = book["文字说明"]
        keys = [row[1].value for row in text.iter_rows(min_row=4)]
        assert {
            "department.duties",
            "department.organisation.included_units",
            "explanations.total_change",
        } <= set(keys)
        t2 = book[book.sheetnames[2]]
        assert t2["A5"].number_format == "@"  # code cells are text
    path = tmp_path / "blank.xlsx"
    path.write_bytes(write_template("mof"))
    with pytest.raises(InputError) as info:
        load_workbook_dataset(path)
    assert any("department.name" in p.key for p in info.value.problems)


# --------------------------------------------------------------------------- a real export


def test_messy_export_imports_to_the_same_figures(tmp_path: Path) -> None:
    path, loaded = _export(_as_profile(AS_PRINTED, "mof", tmp_path), tmp_path)
    untidy = tmp_path / "untidy.xlsx"
    untidy.write_bytes(messy(path.read_bytes()))
    book = load_workbook(untidy)
    assert book.sheetnames[0] == "Sheet1" and "文字说明" not in book.sheetnames
    formulas = [c for ws in load_workbook(untidy).worksheets for row in ws.iter_rows() for c in row
                if isinstance(c.value, str) and c.value.startswith("=")]  # fmt: skip
    assert len(formulas) == 1
    back = load_workbook_dataset(untidy)
    assert back.dataset == loaded.dataset
    # the codes were split over 类/款/项 columns: the 项 is located at its 类 cell
    cells = back.document.cells
    assert re.fullmatch(r"Sheet\d+![A-Z]+\d+", cells[("functional_items", 0, "code")])


def test_formula_without_cached_value_is_reported(tmp_path: Path) -> None:
    path, _ = _export(_as_profile(EXAMPLE, "mof", tmp_path), tmp_path)
    book = load_workbook(path)
    ws = book[book.sheetnames[3]]  # 3 支出决算表
    ws["C6"] = "=SUM(C7:C8)"
    bad = tmp_path / "formula.xlsx"
    book.save(bad)
    with pytest.raises(InputError) as info:
        load_workbook_dataset(bad)
    assert "3 支出决算表!C6" in str(info.value) and "公式" in str(info.value)


def test_cached_value_helper(tmp_path: Path) -> None:
    from openpyxl import Workbook

    wb = Workbook()
    wb.active["A1"] = "=1+1"
    buffer = io.BytesIO()
    wb.save(buffer)
    data = put_cached_value(buffer.getvalue(), wb.active.title, "A1", Decimal("2"))
    assert load_workbook(io.BytesIO(data), data_only=True).active["A1"].value == 2


# --------------------------------------------------------------------------- the Putuo 2024 tables

# figure key → as printed in putuo-caizhengju-2024.pdf (万元)
PUTUO_FIGURES = {
    "func.2010601.income.total": "1,511.90", "func.2010601.income.fiscal": "1,511.89",
    "func.2010601.income.other": "0.01", "func.2010602.income.total": "16.19",
    "func.2010602.income.other": "6.19", "func.2010607.income.total": "135.25",
    "func.2010608.income.total": "449.52", "func.20106.income.total": "2,112.86",
    "func.201.income.total": "2,112.86", "func.201.income.other": "6.20",
    "func.2010601.expenditure.basic": "1,503.52", "func.2010601.expenditure.project": "8.37",
    "func.201.expenditure.total": "2,106.66", "func.201.expenditure.project": "603.14",
    "func.2080501.expenditure.total": "84.65", "func.2080505.expenditure.total": "160.75",
    "func.2080506.expenditure.total": "80.38", "func.2080599.expenditure.total": "0.94",
    "func.210.expenditure.total": "60.99", "func.2210201.expenditure.total": "187.19",
    "func.2210203.expenditure.total": "258.50", "func.221.expenditure.total": "445.69",
    "func.201.fiscal.general_budget.basic": "1,503.52", "expenditure.project": "603.14",
    "income.other": "6.20", "balance.opening": "49.14", "balance.closing": "55.34",
    "fiscal.general_budget.opening": "21.63", "fiscal.general_budget.closing": "21.63",
    "econ.general_budget.30101.basic": "262.33", "econ.general_budget.30102.basic": "1,238.58",
    "econ.general_budget.303.basic": "69.41", "econ.general_budget.310.basic": "13.58",
    "econ.general_budget.30239.basic": "48.49", "three_public.budget.total": "0.95",
    "three_public.budget.reception": "0.95", "admin_cost": "184.65", "func.2010608.budget": "450.52",
}  # fmt: skip
PUTUO_PHRASES = [
    "完成年初预算的98.20%",
    "财政拨款收入2940.06万元，占99.79%；其他收入6.20万元，占0.21%",  # the PDF: 2940.05 (尾差), 99.79%, 0.21%
    "项目支出603.14万元，占20.51%",
    "下降1.87%",
    "下降2.10%",
    "社会保障和就业支出（类）326.72万元，占11.11%",
    "机关运行经费支出184.65万元，比2023年度增加2.55万元，增长1.40%",
    "年初预算为1560.05万元，支出决算为1511.89万元",
    "年初预算为135.90万元，支出决算为135.25万元",
    "上海市普陀区财政局2024年度无政府性基金预算财政拨款收入和支出。",
]
# the printed totals that differ from the sum of their rows (决算 software rounds each level from 元)
PUTUO_ROUNDING = {"1 收入支出决算总表!D12", "2 收入决算表!D5", "6 一般公共预算财政拨款基本支出决算表!F44"}


@pytest.fixture(scope="module")
def putuo():
    loaded = load_workbook_dataset(PUTUO)
    return loaded, derive(loaded)


def test_putuo_figures_match_the_pdf(putuo) -> None:
    from juesuan.viewmodel import build_view

    loaded, derived = putuo
    assert loaded.dataset.department.profile == "mof"
    matched = 0
    for key, printed in PUTUO_FIGURES.items():
        value = derived.ledger[key].value
        assert f"{value:,.2f}" == printed, key
        matched += 1
    view = build_view(derived)
    text = "\n".join(b.text for b in view.blocks)
    for phrase in PUTUO_PHRASES:
        assert phrase in text
        matched += 1
    assert matched >= 30
    assert [t.title for t in view.tables.values()][6] == "财政拨款“三公”经费支出决算表"
    if PUTUO_PDF.exists() and shutil.which("pdftotext"):
        pdf = subprocess.run(
            ["pdftotext", "-layout", str(PUTUO_PDF), "-"], capture_output=True, text=True
        ).stdout
        flat = re.sub(r"\s+", "", pdf)
        for printed in PUTUO_FIGURES.values():
            assert printed in pdf or printed.replace(",", "") in flat, printed


def test_putuo_rounding_differences_are_reported_at_their_cells(putuo) -> None:
    _, derived = putuo
    report = check_dataset(derived)
    assert report.passes
    cells = {loc.cell for f in report.findings if f.rule_id == "R001" for loc in f.locations if loc.cell}
    assert cells >= PUTUO_ROUNDING


# --------------------------------------------------------------------------- findings and --annotate


def _broken(tmp_path: Path) -> Path:
    path, _ = _export(_as_profile(EXAMPLE, "mof", tmp_path), tmp_path)
    book = load_workbook(path)
    ws = book["3 支出决算表"]
    assert ws["A8"].value == "2010301"
    ws["D8"] = 95.19  # 基本支出 of 2010301: 4.00 more than entered elsewhere
    ws = book["2 收入决算表"]
    ws["C6"] = "186.00"  # the 类 201 total as printed, 0.79 more than its rows
    bad = tmp_path / "broken.xlsx"
    book.save(bad)
    return bad


def test_findings_name_sheet_and_cell(tmp_path: Path) -> None:
    bad = _broken(tmp_path)
    report = check_path(bad)
    assert not report.passes
    located = {loc.cell for f in report.findings for loc in f.locations if loc.cell}
    assert "3 支出决算表!D8" in located
    assert "2 收入决算表!C6" in located
    line = next(
        f.line() for f in report.findings if any(loc.cell == "2 收入决算表!C6" for loc in f.locations)
    )
    assert "2 收入决算表!C6" in line


def test_annotate(tmp_path: Path) -> None:
    bad = _broken(tmp_path)
    report = check_path(bad)
    out = tmp_path / "annotated.xlsx"
    out.write_bytes(annotate(bad, report))
    book = load_workbook(out)
    assert book.sheetnames[0] == "校验结果"
    cell = book["3 支出决算表"]["D8"]
    assert cell.comment is not None and "[" in cell.comment.text
    assert cell.fill.fill_type == "solid"
    if _calc_available(tmp_path):
        _soffice_pdf(out, tmp_path)
        assert (tmp_path / "annotated.pdf").stat().st_size > 1000


def _soffice_pdf(path: Path, outdir: Path) -> subprocess.CompletedProcess:
    profile = f"-env:UserInstallation=file://{outdir / 'lo-profile'}"
    return subprocess.run(
        ["soffice", profile, "--headless", "--convert-to", "pdf", "--outdir", str(outdir), str(path)],
        capture_output=True,
        timeout=180,
    )


def _calc_available(tmp_path: Path) -> bool:
    """soffice is installed with Calc (a Writer-only install cannot load .xlsx)."""
    if not shutil.which("soffice"):
        return False
    from openpyxl import Workbook

    probe = tmp_path / "probe.xlsx"
    wb = Workbook()
    wb.active["A1"] = 1
    wb.save(probe)
    _soffice_pdf(probe, tmp_path)
    return (tmp_path / "probe.pdf").exists()


# --------------------------------------------------------------------------- bad workbooks


def _problem(path: Path) -> str:
    with pytest.raises(InputError) as info:
        load_any(path)
    return str(info.value)


def test_not_xlsx(tmp_path: Path) -> None:
    path = tmp_path / "book.xlsx"
    path.write_text("收入决算表,1,2\n", encoding="utf-8")
    assert "不是 Excel 工作簿" in _problem(path)
    docx = tmp_path / "word.xlsx"
    with zipfile.ZipFile(docx, "w") as z:
        z.writestr("word/document.xml", "<w/>")
    assert "xl/workbook.xml" in _problem(docx)


def test_encrypted_and_xls(tmp_path: Path) -> None:
    ole = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\0" * 600
    path = tmp_path / "secret.xlsx"
    path.write_bytes(ole + "EncryptedPackage".encode("utf-16-le") + b"\0" * 100)
    assert "已加密" in _problem(path)
    old = tmp_path / "old.xlsx"
    old.write_bytes(ole + b"Workbook")
    assert ".xls" in _problem(old)


def test_zip_bomb_and_huge_file(tmp_path: Path) -> None:
    bomb = tmp_path / "bomb.xlsx"
    with zipfile.ZipFile(bomb, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("xl/workbook.xml", b"<workbook/>")
        z.writestr("xl/worksheets/sheet1.xml", b"\0" * (2 * 1024 * 1024))
    data = bytearray(bomb.read_bytes())
    central = data.rfind(b"PK\x01\x02")  # the last central directory entry: sheet1.xml
    data[central + 24 : central + 28] = (3 * 1024 * 1024 * 1024 - 1).to_bytes(4, "little")
    bomb.write_bytes(bytes(data))
    assert "压缩炸弹" in _problem(bomb)
    huge = tmp_path / "huge.xlsx"
    with huge.open("wb") as f:
        f.truncate(60 * 1024 * 1024)
    assert "过大" in _problem(huge)


def test_missing_table(tmp_path: Path) -> None:
    path, _ = _export(_as_profile(EXAMPLE, "mof", tmp_path), tmp_path)
    book = load_workbook(path)
    del book["7 财政拨款“三公”经费支出决算表"]
    book.save(path)
    assert "未找到表“财政拨款“三公”经费支出决算表”" in _problem(path)


def test_header_not_recognised(tmp_path: Path) -> None:
    path, _ = _export(_as_profile(EXAMPLE, "mof", tmp_path), tmp_path)
    book = load_workbook(path)
    ws = book["2 收入决算表"]
    assert ws["C3"].value == "本年收入合计"
    ws["C3"] = "本年收入数"
    book.save(path)
    message = _problem(path)
    assert "2 收入决算表!" in message and "本年收入合计" in message


def test_text_in_amount_cell(tmp_path: Path) -> None:
    path, _ = _export(_as_profile(EXAMPLE, "mof", tmp_path), tmp_path)
    book = load_workbook(path)
    book["3 支出决算表"]["D8"] = "九十一"
    book.save(path)
    assert "3 支出决算表!D8：金额单元格内容“九十一”不是数字" in _problem(path)
    report = check_path(path)
    assert report.findings[0].rule_id.startswith("F") and "3 支出决算表!D8" in report.findings[0].message


def test_text_yaml_and_units(tmp_path: Path) -> None:
    """Texts from a YAML file; a table in 元 is converted to the dataset's unit exactly."""
    path, loaded = _export(_as_profile(EXAMPLE, "mof", tmp_path), tmp_path)
    book = load_workbook(path)
    text = book["文字说明"]
    for row in text.iter_rows(min_row=4):
        if row[1].value == "department.duties":
            duties = row[2].value
            row[2].value = None
    ws = book["7 财政拨款“三公”经费支出决算表"]
    ws["L2"] = "单位：元"
    for cell in ws[7]:
        if isinstance(cell.value, int | float):
            cell.value = float(Decimal(str(cell.value)) * 10000)
    book.save(path)
    side = tmp_path / "text.yaml"
    side.write_text(yaml.safe_dump({"department": {"duties": duties}}, allow_unicode=True), encoding="utf-8")
    back = load_any(path, side)
    assert back.dataset == loaded.dataset
    assert back.document.origin_of(("department", "duties"))[0] == str(side)


# --------------------------------------------------------------------------- prior year


def test_prior_year_from_data_json(tmp_path: Path) -> None:
    from juesuan.build import data_json
    from juesuan.viewmodel import build_view

    data = yaml.safe_load(EXAMPLE.read_text(encoding="utf-8"))
    import copy

    last = copy.deepcopy(
        dict(data, department=dict(data["department"], year=2023), prior_year={}, performance={})
    )
    for item in last["functional_items"]:
        if item["code"] == "2014004":  # 信访事务 was 2010308 in the 2023 edition
            item["code"] = "2010308"
    last["balances"] = {
        "opening": Decimal("0.12"),
        "closing": Decimal("0.07"),
    }  # 0.12 + 243.33 = 243.38 + 0.07
    prior_path = tmp_path / "2023.yaml"
    prior_path.write_text(
        yaml.safe_dump(json.loads(json.dumps(last, default=str)), allow_unicode=True), encoding="utf-8"
    )
    prior_path.write_text(
        prior_path.read_text(encoding="utf-8").replace("'0.12'", "0.12").replace("'0.07'", "0.07"),
        encoding="utf-8",
    )
    view = build_view(derive(load_dataset(prior_path)))
    (tmp_path / "data.json").write_text(
        json.dumps(data_json(view), ensure_ascii=False, default=str), encoding="utf-8"
    )
    current = dict(data, prior_year={"dataset": "data.json"})
    path = tmp_path / "current.yaml"
    path.write_text(yaml.safe_dump(current, allow_unicode=True, sort_keys=False), encoding="utf-8")
    loaded = load_dataset(path)
    assert loaded.prior is not None and loaded.prior.dataset.department.year == 2023
    derived = derive(loaded)
    assert derived.other["prior"]["closing_balance"].value == Decimal("0.07")
    assert not [f for f in check_dataset(derived).findings if f.rule_id == "Y001"]
    # the same, from a workbook naming the data.json
    book_path = tmp_path / "current.xlsx"
    book_path.write_bytes(export_workbook(loaded))
    back = load_workbook_dataset(book_path)
    assert back.prior is not None and back.dataset == loaded.dataset
    # a prior closing balance that does not match this year's opening balance: Y001
    current["balances"] = {"opening": Decimal("0.09"), "closing": Decimal("0.04")}
    path.write_text(
        yaml.safe_dump(json.loads(json.dumps(current, default=str)), allow_unicode=True, sort_keys=False)
        .replace("'0.09'", "0.09")
        .replace("'0.04'", "0.04"),
        encoding="utf-8",
    )
    report = check_dataset(derive(load_dataset(path)))
    assert [f for f in report.findings if f.rule_id == "Y001"]


def test_input_workbooks_are_deterministic():
    """The template and the export are saved like tables.xlsx: fixed properties and zip timestamps."""
    import zipfile

    data = write_template("sichuan", 2024)
    with zipfile.ZipFile(io.BytesIO(data)) as archive:
        assert {info.date_time for info in archive.infolist()} == {(2025, 6, 30, 0, 0, 0)}
    assert write_template("sichuan", 2024) == data
