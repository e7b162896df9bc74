"""The unit page's downloads: the blank 公开表 workbook of the unit's profile and the current workbook with
the check's findings as cell comments; only the unit's filler and its reviewers get them."""

from __future__ import annotations

import io
from urllib.parse import quote, unquote

from openpyxl import load_workbook

from juesuan.excel.export import export_workbook
from juesuan.loader import load_dataset
from tests.web.conftest import EXAMPLE, YEAR, org_id

XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _broken_workbook() -> tuple[bytes, str]:
    """The example as a workbook with one amount changed (a T010 error on its cells)."""
    wb = load_workbook(io.BytesIO(export_workbook(load_dataset(EXAMPLE))))
    ws = wb["3 支出决算表"]
    cell = next(c for row in ws.iter_rows() for c in row if isinstance(c.value, (int, float)) and c.value > 1)
    cell.value = cell.value + 1
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue(), f"3 支出决算表!{cell.coordinate}"


def test_blank_template(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb11 = browsers("tb11")
    page = tb11.get(f"/units/{u11}/{YEAR}")
    assert f"/units/{u11}/{YEAR}/template.xlsx" in page.text and "annotated.xlsx" not in page.text
    r = tb11.get(f"/units/{u11}/{YEAR}/template.xlsx")
    assert r.status_code == 200 and r.headers["content-type"] == XLSX_TYPE
    assert unquote(r.headers["content-disposition"].split("filename*=UTF-8''")[1]) == (
        f"乐山市金口河区信访局{YEAR}年度公开表（空白）.xlsx"
    )
    wb = load_workbook(io.BytesIO(r.content))
    profile_sheets = load_workbook(io.BytesIO(export_workbook(load_dataset(EXAMPLE)))).sheetnames
    assert wb.sheetnames == profile_sheets and "13 财政拨款“三公”经费支出决算表" in wb.sheetnames
    assert tb11.get(f"/units/{u11}/{YEAR}/template.xlsx.json").json()["profile"] == "sichuan"
    assert tb11.get(f"/units/{u11}/{YEAR}/annotated.xlsx").status_code == 404  # nothing uploaded yet
    for other in ("tb12", "tb21", "bm2"):
        assert browsers(other).get(f"/units/{u11}/{YEAR}/template.xlsx").status_code in {403, 404}


def test_annotated_workbook(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb11 = browsers("tb11")
    data, changed = _broken_workbook()
    assert tb11.upload(u11, data, "信访局公开表.xlsx").status_code == 200
    check = tb11.get(f"/units/{u11}/{YEAR}.json").json()["upload"]
    assert check  # the upload is there
    page = tb11.get(f"/units/{u11}/{YEAR}")
    assert f"/units/{u11}/{YEAR}/annotated.xlsx" in page.text
    for who in ("tb11", "bm1", "czj"):
        r = browsers(who).get(f"/units/{u11}/{YEAR}/annotated.xlsx")
        assert r.status_code == 200, (who, r.status_code, r.text[:200])
        assert r.headers["content-type"] == XLSX_TYPE
        name = quote("信访局公开表（校验批注）.xlsx")
        assert "filename*=UTF-8''" + name in r.headers["content-disposition"]
    wb = load_workbook(io.BytesIO(r.content))
    sheet, ref = changed.split("!")
    assert wb[sheet][ref].comment is not None and "T010" in wb[sheet][ref].comment.text
    assert "校验结果" in wb.sheetnames
    for other in ("tb12", "tb21", "bm2"):
        assert browsers(other).get(f"/units/{u11}/{YEAR}/annotated.xlsx").status_code in {403, 404}
    # a YAML upload replaces it: no annotated workbook any more
    assert tb11.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb11.get(f"/units/{u11}/{YEAR}/annotated.xlsx").status_code == 404
    assert "annotated.xlsx" not in tb11.get(f"/units/{u11}/{YEAR}").text
