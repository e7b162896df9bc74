"""User management by the administrator (edit, reset password, deactivate, reactivate) and every user's own
password change: each action works, is audit-logged without any password, ends sessions where it must, and
is refused to everyone else and without a CSRF token."""

from __future__ import annotations

import json
from typing import Any

import pytest

from juesuan_web.framework import HTTPError
from juesuan_web.models import ADMIN, User
from juesuan_web.views.admin import guard_admin_removal
from tests.web.conftest import PASSWORD, USERS

DENIED = {401, 403, 404}
NEW_PASSWORD = "battery-staple-42"


def user_ids(admin: Any) -> dict[str, int]:
    return {u["username"]: u["id"] for u in admin.get("/admin.json").json()["users"]}


def profile(admin: Any, user_id: int) -> dict[str, Any]:
    r = admin.get(f"/admin/users/{user_id}.json")
    assert r.status_code == 200, r.text
    user = r.json()["user"]
    return {k: user[k] for k in ("display_name", "role", "org", "active")}


def audit_entries(admin: Any, action: str, user_id: int) -> list[dict[str, Any]]:
    entries = admin.get(f"/audit.json?object_type=user&object_id={user_id}").json()["entries"]
    return [e for e in entries if e["action"] == action]


def assert_no_secret(entry: dict[str, Any], *passwords: str) -> None:
    text = json.dumps([entry["before"], entry["after"]], ensure_ascii=False)
    assert "argon2" not in text and "hash" not in text
    for password in passwords:
        assert password not in text


def test_admin_edits_a_user(app, browsers) -> None:
    admin = browsers("admin")
    ids = user_ids(admin)
    tb11 = ids["tb11"]
    page = admin.get(f"/admin/users/{tb11}")
    assert page.status_code == 200 and "修改基本信息" in page.text and "重置密码" in page.text
    # validated like creation: 部门审核人 needs a department, 填报人 a unit
    for body in (
        {"role": "dept_reviewer", "org": ""},
        {"role": "dept_reviewer", "org": "U11"},
        {"role": "filler", "org": "D1"},
        {"role": "filler", "org": "NOPE"},
        {"role": "superuser", "org": ""},
    ):
        r = admin.act(f"/admin/users/{tb11}/edit", {"display_name": "x"} | body)
        assert r.status_code == 400, (body, r.text)
    assert profile(admin, tb11)["display_name"] == "tb11"

    r = admin.act(
        f"/admin/users/{tb11}/edit", {"display_name": "王填报", "role": "dept_reviewer", "org": "D1"}
    )
    assert r.status_code == 200 and r.json()["location"] == f"/admin/users/{tb11}"
    after = profile(admin, tb11)
    assert after["display_name"] == "王填报" and after["role"] == "dept_reviewer"
    assert after["org"]["code"] == "D1"
    # the change takes effect for the user's next request: now a department reviewer
    assert browsers("tb11").get("/review.json").status_code == 200
    (entry,) = audit_entries(admin, "update_user", tb11)
    assert entry["user"] == "admin"
    assert entry["before"] == {
        "username": "tb11",
        "display_name": "tb11",
        "role": "filler",
        "org": "U11",
        "active": True,
    }
    assert entry["after"]["role"] == "dept_reviewer" and entry["after"]["org"] == "D1"
    assert_no_secret(entry, PASSWORD)

    # a role without an organisation drops it; a field left out is kept
    assert admin.act(f"/admin/users/{tb11}/edit", {"role": "bureau_reviewer", "org": "D1"}).status_code == 200
    after = profile(admin, tb11)
    assert after["role"] == "bureau_reviewer" and after["org"] is None and after["display_name"] == "王填报"
    assert len(audit_entries(admin, "update_user", tb11)) == 2


def test_admin_page_lists_state_and_last_login(app, browsers) -> None:
    admin = browsers("admin")
    ids = user_ids(admin)
    assert admin.act(f"/admin/users/{ids['tb12']}/deactivate").status_code == 200
    users = {u["username"]: u for u in admin.get("/admin.json").json()["users"]}
    assert users["admin"]["last_login_at"] and users["admin"]["active"]
    assert users["tb21"]["last_login_at"] is None
    assert users["tb12"]["active"] is False
    page = admin.get("/admin").text
    for uid in ids.values():
        assert f'href="/admin/users/{uid}"' in page
    assert "已停用" in page and "从未登录" in page and "最近登录" in page
    assert 'href="/admin/settings"' in page and "报送截止日期等设置" in page


def test_reset_password_ends_sessions(app, browsers) -> None:
    admin = browsers("admin")
    tb11 = user_ids(admin)["tb11"]
    victim = browsers("tb11")
    other_tab = browsers("tb11")
    assert victim.get("/account.json").status_code == 200
    assert admin.get(f"/admin/users/{tb11}.json").json()["user"]["sessions"] == 2
    assert admin.act(f"/admin/users/{tb11}/password", {"password": "short"}).status_code == 400
    assert victim.get("/account.json").status_code == 200  # a refused reset changes nothing
    r = admin.act(f"/admin/users/{tb11}/password", {"password": NEW_PASSWORD})
    assert r.status_code == 200 and r.json()["sessions_ended"] == 2
    for b in (victim, other_tab):
        assert b.get("/account.json").status_code == 401
    assert browsers().login("tb11", PASSWORD).status_code == 400
    assert browsers().login("tb11", NEW_PASSWORD).status_code == 303
    (entry,) = audit_entries(admin, "reset_password", tb11)
    assert entry["user"] == "admin" and entry["before"]["sessions"] == 2
    assert entry["after"]["password_changed"] is True
    assert_no_secret(entry, PASSWORD, NEW_PASSWORD)
    # the administrator's own password is changed on /account, with the current one
    r = admin.act(f"/admin/users/{user_ids(admin)['admin']}/password", {"password": NEW_PASSWORD})
    assert r.status_code == 400 and "账户" in r.json()["error"]
    assert browsers().login("admin", PASSWORD).status_code == 303


def test_deactivate_and_reactivate(app, browsers) -> None:
    admin = browsers("admin")
    tb11 = user_ids(admin)["tb11"]
    victim = browsers("tb11")
    assert victim.get("/account.json").status_code == 200
    r = admin.act(f"/admin/users/{tb11}/deactivate")
    assert r.status_code == 200 and r.json()["sessions_ended"] == 1
    # the existing session stops working at once, and the user cannot sign in again
    assert victim.get("/account.json").status_code == 401
    r = victim.get("/account")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert browsers().login("tb11").status_code == 400
    assert profile(admin, tb11)["active"] is False
    (entry,) = audit_entries(admin, "deactivate_user", tb11)
    assert entry["before"]["active"] is True and entry["after"]["active"] is False
    assert entry["after"]["sessions_ended"] == 1
    assert_no_secret(entry, PASSWORD)
    # deactivating twice is harmless and not logged again
    assert admin.act(f"/admin/users/{tb11}/deactivate").status_code == 200
    assert len(audit_entries(admin, "deactivate_user", tb11)) == 1

    assert admin.act(f"/admin/users/{tb11}/reactivate").status_code == 200
    assert profile(admin, tb11)["active"] is True
    assert browsers().login("tb11").status_code == 303  # the old password works again
    (entry,) = audit_entries(admin, "reactivate_user", tb11)
    assert entry["before"]["active"] is False and entry["after"]["active"] is True


def test_html_forms_work(app, browsers) -> None:
    """The forms of the user page post to the right actions with the page's CSRF token."""
    admin = browsers("admin")
    tb21 = user_ids(admin)["tb21"]
    token = admin.token(f"/admin/users/{tb21}")
    r = admin.post(
        f"/admin/users/{tb21}/edit",
        data={"csrf_token": token, "display_name": "李老师", "role": "filler", "org": "U21"},
    )
    assert r.status_code == 303 and r.headers["location"] == f"/admin/users/{tb21}"
    page = admin.get(f"/admin/users/{tb21}").text
    assert "李老师" in page and f'action="/admin/users/{tb21}/deactivate"' in page
    r = admin.post(f"/admin/users/{tb21}/deactivate", data={"csrf_token": token})
    assert r.status_code == 303
    page = admin.get(f"/admin/users/{tb21}").text
    assert f'action="/admin/users/{tb21}/reactivate"' in page and "<td>停用账户</td>" in page


def test_self_and_last_admin_protection(app, browsers) -> None:
    admin = browsers("admin")
    me = user_ids(admin)["admin"]
    # the only active administrator: neither deactivated nor demoted
    for url, body in (
        (f"/admin/users/{me}/deactivate", {}),
        (f"/admin/users/{me}/edit", {"role": "bureau_reviewer"}),
    ):
        r = admin.act(url, body)
        assert r.status_code == 409 and "最后一个" in r.json()["error"], r.text
    # with a second administrator, still not oneself
    r = admin.act("/admin/users", {"username": "admin2", "password": PASSWORD, "role": "admin"})
    assert r.status_code == 200
    admin2 = r.json()["user_id"]
    for url, body in (
        (f"/admin/users/{me}/deactivate", {}),
        (f"/admin/users/{me}/edit", {"role": "filler", "org": "U11"}),
    ):
        r = admin.act(url, body)
        assert r.status_code == 409 and "本人" in r.json()["error"], r.text
    assert profile(admin, me)["role"] == ADMIN and profile(admin, me)["active"] is True
    # a display-name change of oneself is fine
    assert admin.act(f"/admin/users/{me}/edit", {"display_name": "管理员甲"}).status_code == 200
    assert profile(admin, me)["role"] == ADMIN
    # another administrator can be demoted or deactivated, and then the first is the last one again
    other = browsers("admin2")
    assert admin.act(f"/admin/users/{admin2}/deactivate").status_code == 200
    assert other.get("/admin.json").status_code == 401
    r = admin.act(f"/admin/users/{me}/deactivate")
    assert r.status_code == 409 and "最后一个" in r.json()["error"]
    assert admin.act(f"/admin/users/{admin2}/reactivate").status_code == 200
    # admin2 may demote admin (then admin2 is the last administrator)
    admin2_browser = browsers("admin2")
    r = admin2_browser.act(f"/admin/users/{me}/edit", {"role": "bureau_reviewer"})
    assert r.status_code == 200, r.text
    assert admin.get("/admin.json").status_code == 403
    r = admin2_browser.act(f"/admin/users/{admin2}/edit", {"role": "bureau_reviewer"})
    assert r.status_code == 409 and "最后一个" in r.json()["error"]


def test_last_admin_guard(app) -> None:
    """Whoever acts, the last active administrator is never taken away."""
    from sqlalchemy import select

    with app.state.sessions() as db:
        admin = db.scalar(select(User).where(User.username == "admin"))
        czj = db.scalar(select(User).where(User.username == "czj"))
        with pytest.raises(HTTPError) as refused:
            guard_admin_removal(db, czj, admin)
        assert refused.value.status == 409
        guard_admin_removal(db, admin, czj)  # not an administrator: nothing to guard


def test_others_are_refused(app, browsers) -> None:
    admin = browsers("admin")
    ids = user_ids(admin)
    target = ids["tb21"]
    clients = {role: browsers(role) for role in [None, *USERS] if role != "admin"}
    before = profile(admin, target)
    n_audit = len(admin.get("/audit.json").json()["entries"])
    actions = [
        ("/admin/users", {"username": "intruder", "password": PASSWORD, "role": "admin"}),
        (f"/admin/users/{target}/edit", {"display_name": "越权", "role": "admin"}),
        (f"/admin/users/{target}/password", {"password": NEW_PASSWORD}),
        (f"/admin/users/{target}/deactivate", {}),
        (f"/admin/users/{target}/reactivate", {}),
        (f"/admin/users/{ids['admin']}/deactivate", {}),
    ]
    for role, client in clients.items():
        for url in (f"/admin/users/{target}", f"/admin/users/{target}.json"):
            r = client.get(url)
            if role is None and not url.endswith(".json"):
                assert r.status_code == 303 and r.headers["location"].startswith("/login"), (role, url)
            else:
                assert r.status_code in DENIED, (role, url, r.status_code)
                if url.endswith(".json"):
                    assert "tb21" not in r.text
        for url, body in actions:
            r = client.act(url, body)
            assert r.status_code in DENIED, (role, url, r.status_code)
    assert profile(admin, target) == before
    assert "intruder" not in user_ids(admin)
    assert len(admin.get("/audit.json").json()["entries"]) == n_audit
    assert browsers().login("tb21").status_code == 303  # the password is unchanged
    # a user id that does not exist
    assert admin.get("/admin/users/99999.json").status_code == 404
    assert admin.act("/admin/users/99999/deactivate").status_code == 404


def test_csrf_required(app, browsers) -> None:
    admin = browsers("admin")
    tb = browsers("tb11")
    ids = user_ids(admin)
    target = ids["tb21"]
    before = profile(admin, target)
    posts = [
        (admin, "/admin/users", {"username": "nocsrf", "password": PASSWORD, "role": "admin"}),
        (admin, f"/admin/users/{target}/edit", {"display_name": "无校验", "role": "admin"}),
        (admin, f"/admin/users/{target}/password", {"password": NEW_PASSWORD}),
        (admin, f"/admin/users/{target}/deactivate", {}),
        (admin, f"/admin/users/{target}/reactivate", {}),
        (tb, "/account/password", {"current_password": PASSWORD, "new_password": NEW_PASSWORD}),
    ]
    for client, url, body in posts:
        for extra in ({}, {"csrf_token": "0" * 64}):
            r = client.post(url, data=body | extra, headers={"accept": "application/json"})
            assert r.status_code == 403 and "CSRF" in r.json()["error"], (url, r.text)
        # another browser's valid token does not do either
        r = client.post(url, data=body | {"csrf_token": browsers().json_token()})
        assert r.status_code == 403, url
    assert profile(admin, target) == before
    assert "nocsrf" not in user_ids(admin)
    assert browsers().login("tb11").status_code == 303 and browsers().login("tb21").status_code == 303
    # with the token in the header, it works
    r = admin.post(
        f"/admin/users/{target}/edit",
        data={"display_name": "有校验"},
        headers={"accept": "application/json", "x-csrf-token": admin.json_token()},
    )
    assert r.status_code == 200 and profile(admin, target)["display_name"] == "有校验"


def test_display_names_are_escaped(app, browsers) -> None:
    admin = browsers("admin")
    tb11 = user_ids(admin)["tb11"]
    evil = '<script>alert("x")</script>'
    assert admin.act(f"/admin/users/{tb11}/edit", {"display_name": evil}).status_code == 200
    tb = browsers("tb11")
    for client, url in ((admin, f"/admin/users/{tb11}"), (admin, "/admin"), (tb, "/account"), (tb, "/")):
        page = client.get(url).text
        assert evil not in page and "&lt;script&gt;" in page, url


def test_own_password_change(app, browsers) -> None:
    tb = browsers("tb11")
    other = browsers("tb11")
    page = tb.get("/account")
    assert page.status_code == 200 and "修改密码" in page.text and "tb11" in page.text
    assert tb.get("/account.json").json()["account"]["other_sessions"] == 1

    def change(current: str, new: str, confirm: str | None = None) -> Any:
        body = {"current_password": current, "new_password": new, "confirm_password": confirm or new}
        return tb.act("/account/password", body)

    r = change("wrong-password", NEW_PASSWORD)
    assert r.status_code == 400 and r.json()["error"] == "当前密码不正确" and r.json()["status"] == 400
    assert change(PASSWORD, "short").status_code == 400
    assert change(PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x").status_code == 400
    assert change(PASSWORD, PASSWORD).status_code == 400
    assert other.get("/account.json").status_code == 200  # nothing changed yet
    r = change(PASSWORD, NEW_PASSWORD)
    assert r.status_code == 200 and r.json()["other_sessions_ended"] == 1
    # this session stays, the other one ends
    assert tb.get("/account.json").status_code == 200
    assert other.get("/account.json").status_code == 401
    assert "密码已修改" in tb.get("/account?changed=1").text
    assert browsers().login("tb11", PASSWORD).status_code == 400
    assert browsers().login("tb11", NEW_PASSWORD).status_code == 303
    admin = browsers("admin")
    (entry,) = audit_entries(admin, "change_password", user_ids(admin)["tb11"])
    assert entry["user"] == "tb11" and entry["after"]["password_changed"] is True
    assert_no_secret(entry, PASSWORD, NEW_PASSWORD)
    # the HTML form
    token = tb.token("/account")
    r = tb.post(
        "/account/password",
        data={
            "csrf_token": token,
            "current_password": NEW_PASSWORD,
            "new_password": PASSWORD,
            "confirm_password": PASSWORD,
        },
    )
    assert r.status_code == 303 and r.headers["location"] == "/account?changed=1"
    r = tb.post("/account/password", data={"csrf_token": token, "current_password": "nope"})
    assert r.status_code == 400 and "当前密码不正确" in r.text


def test_own_password_change_is_throttled(app, browsers) -> None:
    tb = browsers("tb11", ip="10.0.0.9")
    body = {"new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    for _ in range(5):
        r = tb.act("/account/password", body | {"current_password": "guess-guess"})
        assert r.status_code == 400
    r = tb.act("/account/password", body | {"current_password": PASSWORD})
    assert r.status_code == 429 and "次数过多" in r.json()["error"]
    # the failures count towards the login throttle of that user name (at that address) too
    assert browsers(ip="10.0.0.9").login("tb11", PASSWORD).status_code == 429
    assert browsers(ip="10.0.0.11").login("tb11", PASSWORD).status_code == 303


def test_account_needs_login(app, browsers) -> None:
    anon = browsers()
    r = anon.get("/account")
    assert r.status_code == 303 and r.headers["location"].startswith("/login")
    assert anon.get("/account.json").status_code == 401
    body = {"current_password": PASSWORD, "new_password": NEW_PASSWORD, "confirm_password": NEW_PASSWORD}
    assert anon.act("/account/password", body).status_code == 401
    for role in USERS:
        page = browsers(role).get("/")
        assert 'href="/account"' in page.text
