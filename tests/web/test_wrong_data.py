"""Issue 12, “wrong data accepted”: another unit's or another year's file is refused with a message naming
both, on the page and in its JSON twin, and nothing is stored (so nothing can be submitted or published)."""

from __future__ import annotations

import io

from openpyxl import load_workbook

from juesuan.excel.export import export_workbook
from juesuan.loader import load_dataset
from tests.web.conftest import EXAMPLE, YEAR, dataset_for, org_id

XINFANG = "乐山市金口河区信访局"
SCHOOL = "测试区第一小学"


def unit_page(b, unit):
    return b.get(f"/units/{unit}/{YEAR}.json").json()


def test_another_units_dataset_is_refused(app, browsers) -> None:
    u21 = org_id(app, "U21")
    tb21 = browsers("tb21")
    r = tb21.upload(u21, EXAMPLE.read_bytes())
    assert r.status_code == 400
    error = r.json()["error"]
    assert "C005" not in error and XINFANG in error and SCHOOL in error and "单位名称" in error
    page = unit_page(tb21, u21)
    assert page["submission"] is None or page["submission"]["state"] == "draft"
    assert not page.get("upload")
    assert tb21.act(f"/units/{u21}/{YEAR}/submit").status_code == 400  # nothing to submit
    # the HTML form: the message on the page
    token = tb21.token(f"/units/{u21}/{YEAR}")
    html = tb21.post(
        f"/units/{u21}/{YEAR}/upload",
        data={"csrf_token": token},
        files={"file": ("dataset.yaml", EXAMPLE.read_bytes())},
    )
    assert html.status_code == 400 and XINFANG in html.text and SCHOOL in html.text
    # its own dataset is accepted
    assert tb21.upload(u21, dataset_for(SCHOOL)).status_code == 200


def test_another_units_workbook_is_refused(app, browsers) -> None:
    u21 = org_id(app, "U21")
    workbook = export_workbook(load_dataset(EXAMPLE))
    r = browsers("tb21").upload(u21, workbook, "信访局.xlsx")
    assert r.status_code == 400
    assert XINFANG in r.json()["error"] and SCHOOL in r.json()["error"]


def test_another_year_is_refused(app, browsers) -> None:
    u11 = org_id(app, "U11")
    text = EXAMPLE.read_text(encoding="utf-8").replace('"2014004"', '"2010308"')  # a 2023 code
    text = text.replace("  year: 2024\n", "  year: 2023\n", 1)
    r = browsers("tb11").upload(u11, text.encode("utf-8"))
    assert r.status_code == 400
    error = r.json()["error"]
    assert "2023" in error and str(YEAR) in error and XINFANG in error


def test_another_units_code_is_refused(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb11 = browsers("tb11")

    def with_code(code: str) -> bytes:
        text = EXAMPLE.read_text(encoding="utf-8")
        return text.replace(f"  name: {XINFANG}\n", f"  name: {XINFANG}\n  code: {code}\n", 1).encode()

    r = tb11.upload(u11, with_code("U21"))
    assert r.status_code == 400 and "U21" in r.json()["error"] and "U11" in r.json()["error"]
    assert tb11.upload(u11, with_code("U11")).status_code == 200


def test_workbook_code_cell(app, browsers, tmp_path) -> None:
    """The workbook's 文字说明 has a 单位代码 row; a number typed there is read as the code."""
    u11 = org_id(app, "U11")
    text = EXAMPLE.read_text(encoding="utf-8").replace(
        f"  name: {XINFANG}\n", f"  name: {XINFANG}\n  code: X\n", 1
    )
    (tmp_path / "d.yaml").write_text(text, encoding="utf-8")
    wb = load_workbook(io.BytesIO(export_workbook(load_dataset(tmp_path / "d.yaml"))))
    row = next(r for r in wb["文字说明"].iter_rows() if r[1].value == "department.code")
    assert row[0].value == "单位代码"
    row[2].value = 101001
    out = io.BytesIO()
    wb.save(out)
    r = browsers("tb11").upload(u11, out.getvalue(), "u.xlsx")
    assert r.status_code == 400 and "“101001”" in r.json()["error"] and "“U11”" in r.json()["error"]
    row[2].value = "U11"
    out = io.BytesIO()
    wb.save(out)
    assert browsers("tb11").upload(u11, out.getvalue(), "u.xlsx").status_code == 200


def test_unreadable_file_of_another_year_is_refused(app, browsers) -> None:
    """A file that cannot be read as a dataset still names its unit and year: checked all the same."""
    u21 = org_id(app, "U21")
    text = dataset_for(SCHOOL).decode().replace("  year: 2024\n", "  year: 2023\n", 1)
    r = browsers("tb21").upload(u21, text.encode())
    assert r.status_code == 400 and "2023" in r.json()["error"] and SCHOOL in r.json()["error"]
