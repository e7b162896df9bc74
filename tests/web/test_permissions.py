"""The permission matrix: no role reaches a page or an action it should not — including another unit's
draft, its uploaded file and its preview reached by guessing ids. Each action is first tried by every role
that must not do it (refused, nothing changes), then done by one that may."""

from __future__ import annotations

from tests.web.conftest import EXAMPLE, USERS, YEAR, org_id

ROLES = [None, *USERS]  # None: not logged in
DENIED = {401, 403, 404}


def test_pages(app, browsers) -> None:
    u11, u21 = org_id(app, "U11"), org_id(app, "U21")
    tb = browsers("tb11")
    tb.upload(u11, EXAMPLE.read_bytes())
    upload_id = tb.get(f"/units/{u11}/{YEAR}.json").json()["upload"]["id"]
    unit_pages = [
        f"/units/{u11}/{YEAR}",
        f"/units/{u11}/{YEAR}/preview",
        f"/units/{u11}/{YEAR}/uploads/{upload_id}",
    ]
    # page → who may see it
    expected = {
        "/": set(ROLES),
        "/public": set(ROLES),
        "/login": set(ROLES),
        "/review": {"czj", "bm1", "bm2"},
        "/admin": {"admin"},
        "/audit": {"admin", "czj"},
        **{p: {"tb11", "bm1", "czj"} for p in unit_pages},
        f"/units/{u21}/{YEAR}": {"tb21", "bm2", "czj"},
        f"/units/{u11}/{YEAR - 1}": {"tb11", "bm1", "czj"},
        f"/units/{u11}/{YEAR + 1}": set(),  # a year the workflow does not have (issue 12 point 13)
        f"/units/{org_id(app, 'D1')}/{YEAR}": set(),  # a department is not a unit
        f"/units/99999/{YEAR}": set(),
    }
    clients = {role: browsers(role) for role in ROLES}
    for page, allowed in expected.items():
        for role, client in clients.items():
            for url, headers in ((page + ".json" if page != "/" else "/.json", {}), (page, {})):
                r = client.get(url, headers=headers)
                if role in allowed:
                    assert r.status_code == 200, (role, url, r.status_code)
                elif role is None and url.endswith(".json"):
                    assert r.status_code in DENIED, (role, url, r.status_code)
                elif role is None:
                    assert r.status_code == 303 and r.headers["location"].startswith("/login"), (role, url)
                else:
                    assert r.status_code in DENIED, (role, url, r.status_code)
    # the dashboard of a department reviewer lists only the department's units
    assert {row["unit"]["code"] for row in clients["bm1"].get("/review.json").json()["units"]} == {
        "U11",
        "U12",
    }
    assert {row["unit"]["code"] for row in clients["czj"].get("/review.json").json()["units"]} == {
        "U11",
        "U12",
        "U21",
    }


def test_actions(app, browsers) -> None:
    u11 = org_id(app, "U11")
    clients = {role: browsers(role) for role in ROLES}
    base = f"/units/{u11}/{YEAR}"

    def current() -> tuple[str | None, int]:
        page = clients["czj"].get(base + ".json").json()
        sub = page["submission"]
        return (sub["state"], sub["version"]) if sub else (None, 0)

    steps = [
        ("upload", {"tb11"}),
        ("submit", {"tb11"}),
        ("withdraw", {"tb11"}),
        ("submit", {"tb11"}),
        ("return", {"bm1", "czj"}),
        ("upload", {"tb11"}),
        ("submit", {"tb11"}),
        ("approve", {"bm1", "czj"}),
        ("publish", {"czj"}),
        ("reopen", {"czj"}),
    ]
    for action, allowed in steps:
        before = current()
        for role, client in clients.items():
            if role in allowed:
                continue
            if action == "upload":
                r = client.upload(u11, EXAMPLE.read_bytes())
            else:
                r = client.act(f"{base}/{action}", {"comment": "试图越权"})
            assert r.status_code in DENIED, (action, role, r.status_code, r.text)
            assert current() == before, (action, role)
        doer = clients[sorted(allowed)[-1]]
        if action == "upload":
            r = doer.upload(u11, EXAMPLE.read_bytes())
        else:
            r = doer.act(f"{base}/{action}", {"comment": "意见"})
        assert r.status_code == 200, (action, r.text)
        assert current() != before


def test_other_units_draft_by_guessing_ids(app, browsers) -> None:
    """A filler of U12 and the reviewer of D2 probe U11's draft and uploads by id: all refused."""
    u11, u12 = org_id(app, "U11"), org_id(app, "U12")
    tb11 = browsers("tb11")
    tb11.upload(u11, EXAMPLE.read_bytes())
    upload_id = tb11.get(f"/units/{u11}/{YEAR}.json").json()["upload"]["id"]
    for intruder in ("tb12", "bm2"):
        b = browsers(intruder)
        for url in (
            f"/units/{u11}/{YEAR}",
            f"/units/{u11}/{YEAR}/preview",
            f"/units/{u11}/{YEAR}/uploads/{upload_id}",
            f"/units/{u12}/{YEAR}/uploads/{upload_id}",  # own unit, someone else's upload id
        ):
            r = b.get(url + ".json")
            assert r.status_code in DENIED, (intruder, url)
            assert "乐山市金口河区信访局" not in r.text
