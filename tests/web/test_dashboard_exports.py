"""The reviewers' dashboard: the 报送截止日期 and 逾期 units (with an injected clock), the list exported as
CSV and XLSX (equal to the dashboard's rows under the same filters), the zip of the published reports with
its manifest, and who may reach each of these pages."""

from __future__ import annotations

import csv
import hashlib
import io
import zipfile
from datetime import UTC, date, datetime
from typing import Any
from urllib.parse import unquote

import openpyxl
import pytest
from sqlalchemy import select

from juesuan_web import models
from juesuan_web.models import AppSetting, Org
from juesuan_web.views import exports
from juesuan_web.views import settings as deadlines
from tests.web.conftest import AS_PRINTED, EXAMPLE, USERS, YEAR, org_id, own_dataset

ROLES = [None, *USERS]  # None: not logged in
DENIED = {401, 403, 404}
REVIEWERS = {"czj", "bm1", "bm2"}
DEADLINE = "2025-05-31"


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    """Set the date the app believes it is: ``clock(date(...))``."""

    def set_today(day: date) -> None:
        monkeypatch.setattr(deadlines, "today", lambda: day)

    return set_today


def set_deadline(client: Any, value: str, year: int = YEAR) -> Any:
    return client.act("/admin/settings", {"year": str(year), "deadline": value})


def stored_deadline(app: Any, year: int = YEAR) -> str | None:
    with app.state.sessions() as db:
        row = db.get(AppSetting, f"deadline:{year}")
        return row.value if row else None


def dashboard(client: Any, query: str = "") -> dict[str, Any]:
    r = client.get(f"/review.json?{query}")
    assert r.status_code == 200, r.text
    return r.json()


def codes(page: dict[str, Any]) -> list[str]:
    return [row["unit"]["code"] for row in page["units"]]


def publish(app: Any, browsers: Any, filler: str, unit_code: str) -> int:
    unit = org_id(app, unit_code)
    tb, czj = browsers(filler), browsers("czj")
    assert tb.upload(unit, own_dataset(app, unit_code)).status_code == 200
    assert tb.act(f"/units/{unit}/{YEAR}/submit").status_code == 200
    assert czj.act(f"/units/{unit}/{YEAR}/approve").status_code == 200
    r = czj.act(f"/units/{unit}/{YEAR}/publish")
    assert r.status_code == 200, r.text
    return r.json()["version_id"]


def filename(response: Any) -> str:
    disposition = response.headers["content-disposition"]
    assert disposition.startswith("attachment")
    return unquote(disposition.split("filename*=UTF-8''", 1)[1])


# --------------------------------------------------------------------------- deadline and overdue


def test_deadline_and_overdue_follow_the_clock(app, browsers, clock) -> None:
    u11, u12 = org_id(app, "U11"), org_id(app, "U12")
    czj, bm1, tb11, tb12 = browsers("czj"), browsers("bm1"), browsers("tb11"), browsers("tb12")
    assert tb11.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb11.act(f"/units/{u11}/{YEAR}/submit").status_code == 200  # U11 submitted
    assert tb12.upload(u12, own_dataset(app, "U12")).status_code == 200  # U12 a draft; U21 not started

    # no deadline: nobody is overdue, whatever the date
    clock(date(2030, 1, 1))
    page = dashboard(czj)
    assert page["deadline"] is None and page["facets"]["overdue"] == 0
    assert not any(row["overdue"] for row in page["units"])
    assert "本年度尚未设置报送截止日期" in czj.get("/review").text

    r = set_deadline(czj, DEADLINE)
    assert r.status_code == 200 and r.json()["deadline"] == DEADLINE
    assert stored_deadline(app) == DEADLINE

    # on the deadline day itself nobody is overdue yet
    clock(date(2025, 5, 31))
    page = dashboard(czj)
    assert page["deadline"] == {"date": DEADLINE, "passed": False, "days_left": 0}
    assert page["facets"]["overdue"] == 0 and codes(dashboard(czj, "overdue=1")) == []
    assert "今日截止" in czj.get("/review").text

    # the day after: the draft and the unit that has not started are overdue; the submitted one is not
    clock(date(2025, 6, 1))
    page = dashboard(czj)
    assert page["deadline"]["passed"] is True
    assert {row["unit"]["code"]: row["overdue"] for row in page["units"]} == {
        "U11": False,
        "U12": True,
        "U21": True,
    }
    assert page["facets"]["overdue"] == 2
    assert codes(dashboard(czj, "overdue=1")) == ["U12", "U21"]
    assert codes(dashboard(czj, "overdue=1&state=draft")) == ["U12"]
    html = czj.get("/review?overdue=1").text
    assert "已截止" in html and 'class="state state-overdue">逾期<' in html and "逾期未提交" in html
    # the facets count before the filters, in the reviewer's scope
    assert dashboard(czj, "state=submitted")["facets"]["overdue"] == 2
    assert dashboard(bm1)["facets"]["overdue"] == 1 and codes(dashboard(bm1, "overdue=1")) == ["U12"]

    # a returned submission is overdue again
    assert bm1.act(f"/units/{u11}/{YEAR}/return", {"comment": "请补充说明"}).status_code == 200
    assert codes(dashboard(czj, "overdue=1")) == ["U11", "U12", "U21"]

    # a later deadline: nobody overdue; cleared: nobody overdue
    assert set_deadline(czj, "2025-06-30").status_code == 200
    assert dashboard(czj)["facets"]["overdue"] == 0
    assert dashboard(czj)["deadline"]["days_left"] == 29
    assert set_deadline(czj, "").status_code == 200
    assert stored_deadline(app) is None and dashboard(czj)["deadline"] is None

    # another year's deadline does not count for this one
    assert set_deadline(czj, "2024-05-31", year=YEAR - 1).status_code == 200
    assert dashboard(czj)["facets"]["overdue"] == 0
    assert dashboard(czj, f"year={YEAR - 1}")["facets"]["overdue"] == 3  # nothing started for that year


def test_today_is_the_local_date_of_models_now(monkeypatch) -> None:
    """Without a replaced ``today``, the clock is ``models.now()`` in the server's local time zone."""
    instant = datetime(2025, 6, 1, 3, 30, tzinfo=UTC)
    monkeypatch.setattr(models, "now", lambda: instant)
    assert deadlines.today() == instant.astimezone().date()
    assert deadlines.is_overdue("draft", date(2025, 5, 31), deadlines.today()) is (
        instant.astimezone().date() > date(2025, 5, 31)
    )
    assert deadlines.is_overdue("not_started", date(2025, 5, 31), date(2025, 6, 1))
    assert not deadlines.is_overdue("approved", date(2025, 5, 31), date(2025, 6, 1))
    assert not deadlines.is_overdue("draft", None, date(2025, 6, 1))


def test_deadline_changes_are_audited(app, browsers) -> None:
    admin, czj = browsers("admin"), browsers("czj")
    assert set_deadline(admin, DEADLINE).status_code == 200
    assert set_deadline(czj, "2025-06-15").status_code == 200
    assert set_deadline(czj, "2025-06-15").status_code == 200  # unchanged: no entry
    assert set_deadline(admin, "").status_code == 200
    entries = [e for e in czj.get("/audit.json").json()["entries"] if e["action"] == "set_deadline"]
    changes = [(e["user"], e["before"]["deadline"], e["after"]["deadline"]) for e in reversed(entries)]
    assert changes == [
        ("admin", None, DEADLINE),
        ("czj", DEADLINE, "2025-06-15"),
        ("admin", "2025-06-15", None),
    ]
    assert all(e["before"]["key"] == f"deadline:{YEAR}" and e["after"]["year"] == YEAR for e in entries)


def test_settings_permissions_csrf_and_invalid_input(app, browsers) -> None:
    clients = {role: browsers(role) for role in ROLES}
    for role, client in clients.items():
        r = client.get("/admin/settings", follow_redirects=False)
        twin = client.get("/admin/settings.json")
        if role in ("admin", "czj"):
            assert r.status_code == 200 and "报送截止日期" in r.text, role
            assert twin.status_code == 200 and twin.json()["form"]["year"] == str(YEAR)
        elif role is None:
            assert r.status_code == 303 and r.headers["location"].startswith("/login")
            assert twin.status_code == 401
        else:
            assert r.status_code == 403 and twin.status_code == 403, role
        if role not in ("admin", "czj"):
            assert set_deadline(client, DEADLINE).status_code in DENIED, role
            assert stored_deadline(app) is None, role

    admin = clients["admin"]
    # CSRF: no token, a wrong one, another session's
    assert admin.post("/admin/settings", data={"year": YEAR, "deadline": DEADLINE}).status_code == 403
    r = admin.post("/admin/settings", data={"year": YEAR, "deadline": DEADLINE, "csrf_token": "0" * 64})
    assert r.status_code == 403 and "CSRF" in r.text
    other = clients["czj"].json_token()
    r = admin.post("/admin/settings", data={"year": YEAR, "deadline": DEADLINE, "csrf_token": other})
    assert r.status_code == 403
    assert stored_deadline(app) is None

    # invalid input: a Chinese message, the form kept, nothing stored
    for year, value, message in [
        (str(YEAR), "2025-02-30", "不是有效的日期"),
        (str(YEAR), "31/05/2025", "格式不正确"),
        (str(YEAR), "2025-5-31", "格式不正确"),
        (str(YEAR), "明天", "格式不正确"),
        (str(YEAR), "1999-12-31", "截止日期应在"),
        ("二〇二四", DEADLINE, "年度应为"),
        ("", DEADLINE, "年度应为"),
        ("12345", DEADLINE, "年度应为"),
    ]:
        r = set_deadline(admin, value, year=year)
        assert r.status_code == 400, (year, value)
        body = r.json()
        assert body["ok"] is False and message in body["error"], (year, value, body)
        assert body["form"] == {"year": year, "deadline": value}
    token = admin.token("/admin/settings")
    r = admin.post("/admin/settings", data={"year": YEAR, "deadline": "2025-13-01", "csrf_token": token})
    assert r.status_code == 400 and "不是有效的日期" in r.text and 'value="2025-13-01"' in r.text
    assert stored_deadline(app) is None

    # the browser form: saved, then redirected back to the page that shows it
    r = admin.post("/admin/settings", data={"year": YEAR, "deadline": DEADLINE, "csrf_token": token})
    assert r.status_code == 303 and r.headers["location"] == f"/admin/settings?year={YEAR}"
    page = admin.get(r.headers["location"])
    assert f'value="{DEADLINE}"' in page.text and f"<td>{DEADLINE}</td>" in page.text


# --------------------------------------------------------------------------- CSV and XLSX exports


def expected_rows(page: dict[str, Any]) -> list[list[Any]]:
    """What an export must hold, from the dashboard's JSON rows (times in the server's local time)."""
    out = []
    for row in page["units"]:
        counts = row["counts"]
        updated = row["updated_at"]
        out.append(
            [
                row["department"]["code"],
                row["department"]["name"],
                row["unit"]["code"],
                row["unit"]["name"],
                row["state_label"],
                *(
                    (counts["fatal"], counts["error"], counts["warning"], counts["info"])
                    if counts
                    else [None] * 4
                ),
                "是" if row["overdue"] else "否",
                datetime.fromisoformat(updated).astimezone().strftime("%Y-%m-%d %H:%M:%S")
                if updated
                else None,
            ]
        )
    return out


def read_csv(response: Any) -> list[list[Any]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"].startswith("text/csv")
    assert response.content.startswith(b"\xef\xbb\xbf")  # the BOM Excel needs
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig"))))
    assert tuple(rows[0]) == exports.COLUMNS
    counts = slice(5, 9)
    return [
        [*r[: counts.start], *[int(v) if v else None for v in r[counts]], r[9], r[10] or None]
        for r in rows[1:]
    ]


def read_xlsx(response: Any) -> list[list[Any]]:
    assert response.status_code == 200, response.text
    wb = openpyxl.load_workbook(io.BytesIO(response.content))
    ws = wb.active
    assert ws.freeze_panes == "A2"
    assert all(cell.font.bold for cell in ws[1])
    assert ws.column_dimensions["D"].width == exports.WIDTHS[3]
    rows = [list(r) for r in ws.iter_rows(values_only=True)]
    assert tuple(rows[0]) == exports.COLUMNS
    out = []
    for r in rows[1:]:
        assert all(v is None or isinstance(v, int) for v in r[5:9]), r  # counts are numbers
        assert r[10] is None or isinstance(r[10], datetime)
        out.append([*r[:10], r[10].strftime("%Y-%m-%d %H:%M:%S") if r[10] else None])
    return out


@pytest.fixture
def states(app, browsers, clock) -> None:
    """U11 submitted (clean), U12 a draft with errors, U21 not started; the deadline has passed."""
    u11, u12 = org_id(app, "U11"), org_id(app, "U12")
    tb11, tb12 = browsers("tb11"), browsers("tb12")
    assert tb11.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb11.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert tb12.upload(u12, own_dataset(app, "U12", AS_PRINTED)).status_code == 200
    assert set_deadline(browsers("czj"), DEADLINE).status_code == 200
    clock(date(2025, 6, 2))


QUERIES = [
    "",
    "sort=errors",
    "sort=state",
    "sort=updated",
    "state=draft",
    "state=not_started",
    "overdue=1",
    "errors=1",
    "dept=D1",
    "dept=D2&overdue=1",
    "q=信访",
    "q=U2",
    "q=没有这个单位",
    f"year={YEAR + 1}",
    "state=bogus&sort=bogus",
    "year=99999999999999999999",  # not a year: the current one
]


def test_exports_equal_the_dashboard(app, browsers, states) -> None:
    for role in ("czj", "bm1", "bm2"):
        client = browsers(role)
        for query in QUERIES:
            page = dashboard(client, query)
            want = expected_rows(page)
            csv_response = client.get(f"/review/export.csv?{query}")
            xlsx_response = client.get(f"/review/export.xlsx?{query}")
            assert read_csv(csv_response) == want, (role, query)
            assert read_xlsx(xlsx_response) == want, (role, query)
            assert csv_response.headers["cache-control"] == "private, no-store"
    czj = browsers("czj")
    # the data is really there: finding counts, overdue, a unit with no submission
    rows = {r[2]: r for r in read_csv(czj.get("/review/export.csv"))}
    assert (rows["U12"][4], rows["U12"][6], rows["U12"][9]) == ("草稿", 5, "是")  # 5 errors in AS_PRINTED
    assert rows["U11"][9] == "否" and rows["U11"][10]
    assert rows["U21"][4:] == ["未开始", None, None, None, None, "是", None]
    assert read_csv(czj.get("/review/export.csv?sort=errors"))[0][2] == "U12"
    # the file names, and the dashboard links that carry the current filters
    assert filename(czj.get("/review/export.csv")) == f"审核清单-{YEAR}.csv"
    assert filename(czj.get("/review/export.xlsx?dept=D1")) == f"审核清单-{YEAR}-D1.xlsx"
    page = dashboard(czj, "state=draft&overdue=1&sort=errors")
    assert page["links"]["csv"] == f"/review/export.csv?year={YEAR}&state=draft&overdue=1&sort=errors"
    html = czj.get("/review?state=draft&overdue=1&sort=errors").text
    assert f'href="/review/export.xlsx?year={YEAR}&amp;state=draft&amp;overdue=1&amp;sort=errors"' in html
    assert f'href="/review/published.zip?year={YEAR}"' in html


def test_department_reviewer_exports_only_the_department(app, browsers, states) -> None:
    bm1, bm2 = browsers("bm1"), browsers("bm2")
    assert [r[2] for r in read_csv(bm1.get("/review/export.csv"))] == ["U11", "U12"]
    assert [r[2] for r in read_xlsx(bm2.get("/review/export.xlsx"))] == ["U21"]
    # asking for another department gives nothing of it
    assert read_csv(bm1.get("/review/export.csv?dept=D2")) == []
    assert read_xlsx(bm2.get("/review/export.xlsx?dept=D1&q=U1")) == []


def test_formulas_in_names_stay_text(app, browsers) -> None:
    """A unit name that a spreadsheet would run as a formula is exported as text."""
    hostile = '=HYPERLINK("http://example.invalid","点击")'
    with app.state.sessions() as db:
        db.scalar(select(Org).where(Org.code == "U12")).name = hostile
        db.commit()
    czj = browsers("czj")
    rows = {r[2]: r for r in read_csv(czj.get("/review/export.csv"))}
    assert rows["U12"][3] == "'" + hostile
    wb = openpyxl.load_workbook(io.BytesIO(czj.get("/review/export.xlsx").content))
    cell = next(row[3] for row in wb.active.iter_rows(min_row=2) if row[2].value == "U12")
    assert cell.data_type == "s" and cell.value == hostile


# --------------------------------------------------------------------------- zip of the published reports


def read_zip(response: Any) -> tuple[zipfile.ZipFile, list[dict[str, str]]]:
    assert response.status_code == 200, response.text
    assert response.headers["content-type"] == "application/zip"
    zf = zipfile.ZipFile(io.BytesIO(response.content))
    assert zf.testzip() is None
    manifest = list(csv.DictReader(io.StringIO(zf.read("manifest.csv").decode("utf-8-sig"))))
    return zf, manifest


def test_published_zip(app, browsers) -> None:
    v11 = publish(app, browsers, "tb11", "U11")
    v21 = publish(app, browsers, "tb21", "U21")
    czj, anon = browsers("czj"), browsers()
    # a correction of U11: version 2 replaces version 1 in the zip
    u11 = org_id(app, "U11")
    assert czj.act(f"/units/{u11}/{YEAR}/reopen", {"comment": "更正"}).status_code == 200
    tb11 = browsers("tb11")
    assert tb11.upload(u11, EXAMPLE.read_bytes()).status_code == 200
    assert tb11.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert czj.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    v11b = czj.act(f"/units/{u11}/{YEAR}/publish", {"correction_note": "更正"}).json()["version_id"]
    assert v11b != v11

    stored = {}  # zip path → stored SHA-256, from the public pages of each current version
    for vid, folder in (
        (v11b, "乐山市金口河区信访局/乐山市金口河区信访局"),
        (v21, "测试区教育局/测试区第一小学"),
    ):
        for f in anon.get(f"/public/{vid}.json").json()["files"]:
            if f["format"] != "dataset":
                stored[f"{folder}/{f['name']}"] = f["sha256"]
    assert len(stored) == 4  # html and json of each (the test settings publish these two)

    r = czj.get(f"/review/published.zip?year={YEAR}")
    assert filename(r) == f"已公开报告-{YEAR}.zip" and r.headers["cache-control"] == "private, no-store"
    zf, manifest = read_zip(r)
    assert sorted(zf.namelist()) == sorted([*stored, "manifest.csv"])
    assert list(manifest[0]) == list(exports.MANIFEST_COLUMNS)
    assert {m["文件"]: m["SHA-256"] for m in manifest} == stored
    for m in manifest:
        assert hashlib.sha256(zf.read(m["文件"])).hexdigest() == m["SHA-256"]
    versions = {m["单位"]: m["版本"] for m in manifest}
    assert versions == {"乐山市金口河区信访局": "2", "测试区第一小学": "1"}
    published = datetime.fromisoformat(anon.get(f"/public/{v11b}.json").json()["published_at"])
    published = published if published.tzinfo else published.replace(tzinfo=UTC)  # SQLite: naive UTC
    assert {m["公开时间"] for m in manifest if m["单位"] == "乐山市金口河区信访局"} == {
        published.astimezone().strftime("%Y-%m-%d %H:%M:%S")
    }
    html = anon.get(f"/public/{v11b}/download/html").content
    assert zf.read("乐山市金口河区信访局/乐山市金口河区信访局/report.html") == html

    # the bureau may narrow to one department; the department reviewers get only their own
    zf, _ = read_zip(czj.get(f"/review/published.zip?year={YEAR}&dept=D2"))
    assert {n.split("/")[0] for n in zf.namelist()} == {"测试区教育局", "manifest.csv"}
    for role, dept in (("bm1", "乐山市金口河区信访局"), ("bm2", "测试区教育局")):
        b = browsers(role)
        zf, manifest = read_zip(b.get(f"/review/published.zip?year={YEAR}"))
        assert {n.split("/")[0] for n in zf.namelist()} == {dept, "manifest.csv"}, role
        assert all(m["文件"].startswith(dept + "/") for m in manifest)
    bm1 = browsers("bm1")
    assert read_zip(bm1.get(f"/review/published.zip?year={YEAR}&dept=D1"))[1]
    for query in ("dept=D2", "dept=NOPE", "dept=U11"):
        r = bm1.get(f"/review/published.zip?year={YEAR}&{query}")
        assert r.status_code == 404 and "测试区第一小学" not in r.text, query

    # the public zip: anyone, the same reports
    r = anon.get(f"/public/reports.zip?year={YEAR}")
    assert filename(r) == f"部门决算公开-{YEAR}.zip"
    zf, manifest = read_zip(r)
    assert {m["文件"]: m["SHA-256"] for m in manifest} == stored
    assert "/public/reports.zip?year=" in anon.get("/public").text
    # a year without publications: a message, not an empty archive
    for client, url in ((anon, "/public/reports.zip"), (czj, "/review/published.zip")):
        r = client.get(f"{url}?year={YEAR - 1}", headers={"accept": "application/json"})
        assert r.status_code == 404 and r.json()["error"] == f"{YEAR - 1}年度暂无已公开的报告"


def test_zip_names_are_sanitised(app, browsers) -> None:
    publish(app, browsers, "tb21", "U21")
    publish(app, browsers, "tb12", "U12")
    with app.state.sessions() as db:
        by_code = {o.code: o for o in db.scalars(select(Org))}
        by_code["D2"].name = "../../etc"
        by_code["U21"].name = "..\\坏\x07名称/子目录\u202e"
        by_code["U12"].name = "乐山市金口河区信访局"  # the same name as U11 in the same department
        db.commit()
    publish(app, browsers, "tb11", "U11")
    zf, manifest = read_zip(browsers().get(f"/public/reports.zip?year={YEAR}"))
    names = zf.namelist()
    for name in names:
        parts = name.split("/")
        assert all(p and p not in (".", "..") and not p.startswith(".") for p in parts), name
        assert "\\" not in name and not any(ord(c) < 32 or c in "\x7f\u202e" for c in name), name
    folders = {tuple(n.split("/")[:2]) for n in names if n != "manifest.csv"}
    assert folders == {
        ("_.._etc", "_坏_名称_子目录"),
        ("乐山市金口河区信访局", "乐山市金口河区信访局"),  # U11, first by code
        ("乐山市金口河区信访局", "乐山市金口河区信访局（U12）"),
    }
    assert len(manifest) == 6 and len({m["文件"] for m in manifest}) == 6


def test_safe_part() -> None:
    assert exports.safe_part("../..") == "_"
    assert exports.safe_part("..") == "未命名" and exports.safe_part("") == "未命名"
    assert exports.safe_part("a/b\\c:d") == "a_b_c_d"
    assert exports.safe_part(" .隐藏") == "隐藏"
    assert exports.safe_part("行\r\n分") == "行_分"
    assert exports.safe_part("abc\u202egpj.exe") == "abcgpj.exe"
    assert len(exports.safe_part("长" * 500)) == 80


# --------------------------------------------------------------------------- who may reach the new pages


def test_new_pages_by_role(app, browsers) -> None:
    publish(app, browsers, "tb11", "U11")
    publish(app, browsers, "tb21", "U21")
    expected = {
        "/review/export.csv": REVIEWERS,
        "/review/export.xlsx": REVIEWERS,
        f"/review/published.zip?year={YEAR}": REVIEWERS,
        "/admin/settings": {"admin", "czj"},
        f"/public/reports.zip?year={YEAR}": set(ROLES),
    }
    clients = {role: browsers(role) for role in ROLES}
    for url, allowed in expected.items():
        for role, client in clients.items():
            r = client.get(url, follow_redirects=False)
            if role in allowed:
                assert r.status_code == 200, (role, url, r.status_code)
            elif role is None:
                assert r.status_code == 303 and r.headers["location"].startswith("/login"), (role, url)
                assert client.get(url, headers={"accept": "application/json"}).status_code == 401
            else:
                assert r.status_code in DENIED, (role, url, r.status_code)
                assert "乐山市金口河区信访局" not in r.text, (role, url)
    # the dashboard shows the settings link only to those who may set the deadline
    assert 'href="/admin/settings?year=' in clients["czj"].get("/review").text
    assert 'href="/admin/settings?year=' not in clients["bm1"].get("/review").text


def test_public_zip_is_built_once_per_content(app, browsers, monkeypatch) -> None:
    """Anyone may download the year's zip: it is built once and served again until a publication changes
    what it holds (a new report, or a correction superseding one)."""
    built = []
    real = exports.build_zip

    def counting(*args: Any) -> Any:
        built.append(args[1:])
        return real(*args)

    monkeypatch.setattr(exports, "build_zip", counting)
    publish(app, browsers, "tb11", "U11")
    anon = browsers()
    first = anon.get(f"/public/reports.zip?year={YEAR}")
    second = browsers().get(f"/public/reports.zip?year={YEAR}")
    assert first.content == second.content and len(built) == 1
    read_zip(second)
    publish(app, browsers, "tb21", "U21")
    _, manifest = read_zip(anon.get(f"/public/reports.zip?year={YEAR}"))
    assert len(built) == 2 and {m["单位"] for m in manifest} == {"乐山市金口河区信访局", "测试区第一小学"}
    assert browsers("czj").get(f"/review/published.zip?year={YEAR}").status_code == 200
    assert len(built) == 3  # the reviewers' zip is never cached (it is private to the reviewer's scope)
