"""Issue 12, points 5 and 6: progress at a glance (per department and state, the paginated dashboard, the
deadline on the unit's page) and notices (the inbox with its unread count, notices on 提交/退回/审核/公开,
the 催报 to overdue units, e-mail through a real SMTP server on loopback). SQLite and PostgreSQL."""

from __future__ import annotations

import email
import logging
import re
import socket
from collections.abc import Iterator
from datetime import date
from email.policy import default as default_policy
from typing import Any

import pytest
from sqlalchemy import select

from juesuan_web import mailer
from juesuan_web.models import MAIL_FAILED, MAIL_SENT, AppSetting, Notice, Org, User
from tests.web.conftest import YEAR, org_id, own_dataset

DEADLINE = date(2025, 5, 31)


@pytest.fixture
def clock(monkeypatch: pytest.MonkeyPatch) -> Any:
    from juesuan_web.views import settings as deadlines

    def set_today(day: date) -> None:
        monkeypatch.setattr(deadlines, "today", lambda: day)

    return set_today


def set_deadline(browsers: Any, day: date = DEADLINE) -> None:
    czj = browsers("czj")
    r = czj.act("/admin/settings", {"year": str(YEAR), "deadline": day.isoformat()})
    assert r.status_code == 200, r.text


def notices_of(app: Any, username: str) -> list[Notice]:
    with app.state.sessions() as db:
        uid = db.scalar(select(User.id).where(User.username == username))
        return list(db.scalars(select(Notice).where(Notice.user_id == uid).order_by(Notice.id)))


def set_emails(app: Any, addresses: dict[str, str]) -> None:
    with app.state.sessions() as db:
        for username, address in addresses.items():
            db.scalar(select(User).where(User.username == username)).email = address
        db.commit()


def submit_u11(app: Any, browsers: Any) -> Any:
    tb11 = browsers("tb11")
    u11 = org_id(app, "U11")
    assert tb11.upload(u11, own_dataset(app, "U11")).status_code == 200
    r = tb11.act(f"/units/{u11}/{YEAR}/submit")
    assert r.status_code == 200, r.text
    return tb11


# --------------------------------------------------------------------------- point 5: progress


def test_progress_per_department_and_state(app, browsers, clock) -> None:
    clock(date(2025, 6, 3))
    set_deadline(browsers)
    submit_u11(app, browsers)
    czj = browsers("czj")
    data = czj.get("/review.json").json()
    rows = {r["department"]["code"]: r for r in data["progress"]["departments"]}
    assert set(rows) == {"D1", "D2"}
    assert rows["D1"]["total"] == 2 and rows["D1"]["counts"]["submitted"] == 1
    assert rows["D1"]["counts"]["not_started"] == 1 and rows["D1"]["overdue"] == 1
    assert rows["D2"]["counts"]["not_started"] == 1 and rows["D2"]["overdue"] == 1
    everything = data["progress"]["all"]
    assert everything["total"] == 3 and everything["overdue"] == 2
    assert [(s["state"], s["count"], s["percent"]) for s in rows["D1"]["bar"]] == [
        ("submitted", 1, 50.0),
        ("not_started", 1, 50.0),
    ]
    page = czj.get("/review").text
    assert 'id="progress"' in page and 'class="seg-submitted" style="width:50.0%"' in page
    # each count links to the list of that department and state
    assert f"/review?year={YEAR}&amp;dept=D1&amp;state=submitted" in page
    # a department's reviewer sees only the department's row (and the total of it)
    bm2 = browsers("bm2").get("/review.json").json()["progress"]
    assert [r["department"]["code"] for r in bm2["departments"]] == ["D2"] and bm2["all"]["total"] == 1
    # the department filter narrows the progress too
    only = czj.get("/review.json?dept=D1").json()["progress"]
    assert [r["department"]["code"] for r in only["departments"]] == ["D1"] and only["all"]["total"] == 2


def add_units(app: Any, n: int, dept: str = "D2") -> None:
    with app.state.sessions() as db:
        parent = db.scalar(select(Org.id).where(Org.code == dept))
        for i in range(n):
            db.add(Org(code=f"X{i:03d}", name=f"测试单位{i:03d}", kind="unit", parent_id=parent))
        db.commit()


def test_dashboard_is_paginated_keeping_filters_and_sort(app, browsers) -> None:
    add_units(app, 117)  # 120 units in all
    czj = browsers("czj")
    first = czj.get("/review.json").json()
    assert first["total"] == 120 and len(first["units"]) == 50
    assert first["pagination"] | {"numbers": None} == {
        "page": 1,
        "pages": 3,
        "per_page": 50,
        "total": 120,
        "first": 1,
        "last": 50,
        "prev": None,
        "next": f"/review?year={YEAR}&page=2",
        "numbers": None,
    }
    third = czj.get("/review.json?page=3").json()
    assert len(third["units"]) == 20 and third["pagination"]["first"] == 101
    codes = [u["unit"]["code"] for u in first["units"] + czj.get("/review.json?page=2").json()["units"]]
    codes += [u["unit"]["code"] for u in third["units"]]
    assert len(set(codes)) == 120  # every unit on exactly one page
    # a page number out of range shows the nearest page
    assert czj.get("/review.json?page=99").json()["page"] == 3
    assert czj.get("/review.json?page=0").json()["page"] == 1
    # filters and sort stay in the page links
    filtered = czj.get("/review.json?dept=D2&q=测试单位&sort=state").json()
    assert filtered["total"] == 117
    nxt = filtered["pagination"]["next"]
    assert "dept=D2" in nxt and "sort=state" in nxt and "page=2" in nxt and "q=" in nxt
    html = czj.get("/review?dept=D2&sort=state&page=2").text
    assert 'aria-current="page">2<' in html and "共 118 个单位，本页第 51–100 个" in html
    assert html.count('<td><a href="/units/') == 50


def test_unit_page_shows_deadline_and_days(app, browsers, clock) -> None:
    u11 = org_id(app, "U11")
    tb11 = browsers("tb11")
    assert 'id="deadline"' not in tb11.get(f"/units/{u11}/{YEAR}").text  # none set: nothing shown
    set_deadline(browsers)
    clock(date(2025, 5, 21))
    data = tb11.get(f"/units/{u11}/{YEAR}.json").json()["deadline"]
    assert data == {
        "date": "2025-05-31",
        "days_left": 10,
        "passed": False,
        "overdue_days": 0,
        "submitted": False,
    }
    assert "剩余 10 天" in tb11.get(f"/units/{u11}/{YEAR}").text
    clock(date(2025, 5, 31))
    assert "今日截止" in tb11.get(f"/units/{u11}/{YEAR}").text
    clock(date(2025, 6, 4))
    assert "逾期 4 天" in tb11.get(f"/units/{u11}/{YEAR}").text
    submit_u11(app, browsers)
    page = tb11.get(f"/units/{u11}/{YEAR}").text
    assert "逾期" not in page.split('id="deadline"')[1].split("</p>")[0] and "已截止；本单位已提交" in page


# --------------------------------------------------------------------------- point 6: notices


def test_notices_follow_the_workflow(app, browsers) -> None:
    u11 = org_id(app, "U11")
    tb11 = submit_u11(app, browsers)
    # 提交: the unit's reviewers (its department's and the bureau's), not another department's, not the unit
    assert [n.kind for n in notices_of(app, "bm1")] == ["submit"]
    assert [n.kind for n in notices_of(app, "czj")] == ["submit"]
    assert notices_of(app, "bm2") == [] and notices_of(app, "tb11") == []
    note = notices_of(app, "bm1")[0]
    assert note.title == f"乐山市金口河区信访局已提交{YEAR}年度部门决算，请审核"
    assert note.url == f"/units/{u11}/{YEAR}" and note.mail_status is None  # no SMTP: in the app only
    bm1 = browsers("bm1")
    page = bm1.get("/review").text
    assert '<span class="unread" id="unread-count" title="1 条未读">1</span>' in page
    # 退回 with the reviewer's words, to the unit's filler only
    r = bm1.act(f"/units/{u11}/{YEAR}/return", {"comment": "请补充“三公”经费说明"})
    assert r.status_code == 200, r.text
    returned = notices_of(app, "tb11")
    assert [n.kind for n in returned] == ["return"] and "请补充“三公”经费说明" in returned[0].body
    assert notices_of(app, "tb12") == []
    inbox = tb11.get("/notices").text
    assert "已被退回" in inbox and "请补充“三公”经费说明" in inbox and 'id="unread-count"' in inbox
    # 审核 and 公开
    assert tb11.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    assert bm1.act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    czj = browsers("czj")
    assert czj.act(f"/units/{u11}/{YEAR}/publish").status_code == 200
    assert [n.kind for n in notices_of(app, "tb11")] == ["return", "approve", "publish"]
    # 更正: back to the unit with the reason
    assert czj.act(f"/units/{u11}/{YEAR}/reopen", {"comment": "第3页数字有误"}).status_code == 200
    reopened = notices_of(app, "tb11")[-1]
    assert reopened.kind == "reopen" and "第3页数字有误" in reopened.body and "需要更正" in reopened.title
    assert tb11.act(f"/units/{u11}/{YEAR}/submit").status_code == 200
    listed = tb11.get("/notices.json").json()
    assert [n["kind"] for n in listed["notices"]] == ["reopen", "publish", "approve", "return"]
    assert listed["unread"] == 4 and listed["pagination"]["total"] == 4


def test_marking_notices_read(app, browsers) -> None:
    submit_u11(app, browsers)
    bm1, czj = browsers("bm1"), browsers("czj")
    (mine,) = notices_of(app, "bm1")
    (theirs,) = notices_of(app, "czj")
    # nobody marks another's notice
    assert bm1.act(f"/notices/{theirs.id}/read").status_code == 404
    assert notices_of(app, "czj")[0].read_at is None
    # 查看: marked read and on to the page it is about
    token = bm1.token("/notices")
    r = bm1.post(f"/notices/{mine.id}/read", data={"csrf_token": token, "open": "1"})
    assert r.status_code == 303 and r.headers["location"] == mine.url
    assert notices_of(app, "bm1")[0].read_at is not None
    assert 'id="unread-count"' not in bm1.get("/notices").text
    # 全部标为已读
    assert czj.get("/notices.json").json()["unread"] == 1
    r = czj.post("/notices/read", data={"csrf_token": czj.token("/notices")})
    assert r.status_code == 303
    assert "已将 1 条通知标为已读" in czj.get("/notices").text
    assert czj.get("/notices.json").json()["unread"] == 0
    assert czj.get("/notices.json?unread=1").json()["notices"] == []


def test_reminder_to_overdue_units(app, browsers, clock) -> None:
    set_deadline(browsers)
    submit_u11(app, browsers)  # U11 has submitted: never overdue
    czj, bm1, tb12 = browsers("czj"), browsers("bm1"), browsers("tb12")
    clock(date(2025, 5, 30))
    refused = czj.act("/notices/remind", {"year": str(YEAR)})
    assert refused.status_code == 409 and "尚未过" in refused.json()["error"]
    assert tb12.act("/notices/remind", {"year": str(YEAR)}).status_code == 403  # a filler may not
    clock(date(2025, 6, 2))
    page = czj.get("/review").text
    assert "向 2 个逾期单位发送催报通知" in page
    # a department's reviewer reminds the department's overdue units only
    r = bm1.act("/notices/remind", {"year": str(YEAR)})
    assert r.status_code == 200 and r.json()["units"] == ["U12"] and r.json()["users"] == 1
    (note,) = notices_of(app, "tb12")
    assert note.kind == "remind" and "逾期 2 天" in note.body and "2025-05-31" in note.body
    # the bureau: the rest; U12 was reminded today already and is not reminded twice
    token = czj.token("/review")
    r = czj.post(f"/notices/remind?year={YEAR}", data={"csrf_token": token, "year": str(YEAR)})
    assert r.status_code == 303 and r.headers["location"] == f"/review?year={YEAR}"
    flash = czj.get(r.headers["location"]).text
    assert "已向 1 个逾期单位的 1 位填报人发送催报通知" in flash and "另有 1 个单位今日已催报" in flash
    assert [n.kind for n in notices_of(app, "tb21")] == ["remind"] and len(notices_of(app, "tb12")) == 1
    assert notices_of(app, "tb11") == []
    # the audit log records who reminded whom
    entries = [e for e in czj.get("/audit.json").json()["entries"] if e["action"] == "remind"]
    assert sorted(tuple(e["after"]["units"]) for e in entries) == [("U12",), ("U21",)]


def test_reminder_by_the_administrator_and_units_without_filler(app, browsers, clock) -> None:
    set_deadline(browsers)
    clock(date(2025, 6, 10))
    add_units(app, 1, "D1")  # a unit with no 填报人 account
    admin = browsers("admin")
    assert "催报逾期单位" in admin.get(f"/admin/settings?year={YEAR}").text
    r = admin.act("/notices/remind", {"year": str(YEAR)})
    body = r.json()
    assert (
        body["overdue"] == 4 and body["units"] == ["U11", "U12", "U21"] and body["without_filler"] == ["X000"]
    )
    token = admin.token("/admin/settings")
    r = admin.post("/notices/remind", data={"csrf_token": token, "year": str(YEAR)})
    assert r.headers["location"] == f"/admin/settings?year={YEAR}"
    text = admin.get(r.headers["location"]).text
    assert "没有发出新的催报通知" in text and "另有 3 个单位今日已催报" in text
    assert "1 个逾期单位没有启用的填报人账户" in text
    audit = browsers("czj").get("/audit.json").json()
    assert any(e["action"] == "remind" for e in audit["entries"])


# --------------------------------------------------------------------------- e-mail


class Received:
    """An aiosmtpd handler keeping each message it is given."""

    def __init__(self) -> None:
        self.messages: list[Any] = []

    async def handle_DATA(self, server: Any, session: Any, envelope: Any) -> str:
        self.messages.append(email.message_from_bytes(envelope.content, policy=default_policy))
        return "250 OK"


class Authenticator:
    def __init__(self, login: str, password: str) -> None:
        self.login, self.password, self.seen = login.encode(), password.encode(), []

    def __call__(self, server: Any, session: Any, envelope: Any, mechanism: str, auth_data: Any) -> Any:
        from aiosmtpd.smtp import AuthResult

        self.seen.append(auth_data.login)
        ok = auth_data.login == self.login and auth_data.password == self.password
        return AuthResult(success=ok)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def smtp_server() -> Iterator[tuple[int, Received, Authenticator]]:
    controller_mod = pytest.importorskip("aiosmtpd.controller")
    handler, auth = Received(), Authenticator("juesuan", "s3cret-smtp")
    port = free_port()
    controller = controller_mod.Controller(
        handler, hostname="127.0.0.1", port=port, authenticator=auth, auth_require_tls=False
    )
    controller.start()
    try:
        yield port, handler, auth
    finally:
        controller.stop()


def configure_smtp(browsers: Any, port: int, user: str = "juesuan") -> Any:
    admin = browsers("admin")
    r = admin.act(
        "/admin/mail",
        {
            "host": "127.0.0.1",
            "port": str(port),
            "security": "none",
            "user": user,
            "sender": "决算公开平台 <juesuan@czj.example.gov.cn>",
            "site": "https://juesuan.example.gov.cn/",
        },
    )
    assert r.status_code == 200, r.text
    return admin


def test_notices_are_emailed_through_smtp(app, browsers, smtp_server, monkeypatch) -> None:
    port, received, auth = smtp_server
    monkeypatch.setenv(mailer.PASSWORD_ENV, "s3cret-smtp")
    admin = configure_smtp(browsers, port)
    set_emails(app, {"bm1": "bm1@example.gov.cn", "czj": "czj@example.gov.cn", "tb11": "tb11@example.gov.cn"})
    submit_u11(app, browsers)
    # sent once the action has committed: to both reviewers with an address, logged in with the password
    to = sorted(m["To"] for m in received.messages)
    assert to == ["bm1@example.gov.cn", "czj@example.gov.cn"] and auth.seen == [b"juesuan"]
    msg = received.messages[0]
    u11 = org_id(app, "U11")
    assert msg["Subject"] == f"【决算公开平台】乐山市金口河区信访局已提交{YEAR}年度部门决算，请审核"
    assert msg["From"] == "决算公开平台 <juesuan@czj.example.gov.cn>"
    assert f"https://juesuan.example.gov.cn/units/{u11}/{YEAR}" in msg.get_content()
    assert [n.mail_status for n in notices_of(app, "bm1")] == [MAIL_SENT]
    assert mailer.deliver_pending(app.state.sessions) == (0, 0) and len(received.messages) == 2  # sent once
    assert notices_of(app, "bm2") == []
    # the password is never stored or shown
    with app.state.sessions() as db:
        assert all("s3cret" not in s.value for s in db.scalars(select(AppSetting)))
    page = admin.get("/admin/mail").text
    assert "s3cret" not in page and mailer.PASSWORD_ENV in page and "已启用邮件通知" in page
    # a user without an address gets the notice in the app only
    bm1 = browsers("bm1")
    assert bm1.act(f"/units/{u11}/{YEAR}/return", {"comment": "请修改"}).status_code == 200
    assert (
        received.messages[-1]["To"] == "tb11@example.gov.cn"
        and "请修改" in received.messages[-1].get_content()
    )
    # the administrator's test message
    r = admin.act("/admin/mail/test", {"to": "admin@example.gov.cn"})
    assert r.status_code == 200 and received.messages[-1]["Subject"] == "【决算公开平台】测试邮件"


def test_a_send_failure_never_breaks_the_action(app, browsers, smtp_server, monkeypatch, caplog) -> None:
    port, received, _ = smtp_server
    monkeypatch.delenv(mailer.PASSWORD_ENV, raising=False)
    admin = configure_smtp(browsers, port)  # a user name but no password in the environment
    set_emails(app, {"bm1": "bm1@example.gov.cn"})
    with caplog.at_level(logging.WARNING, logger="juesuan_web.mailer"):
        submit_u11(app, browsers)  # the submission itself succeeds
    (note,) = notices_of(app, "bm1")
    assert note.mail_status == MAIL_FAILED and mailer.PASSWORD_ENV in (note.mail_error or "")
    assert received.messages == [] and any("not e-mailed" in r.getMessage() for r in caplog.records)
    page = admin.get("/admin/mail").text
    assert 'id="mail-failures"' in page and "bm1" in page and "未设置" in page
    # a server that does not answer: the action succeeds, the failure is recorded
    closed = free_port()
    configure_smtp(browsers, closed, user="")
    u11 = org_id(app, "U11")
    assert browsers("bm1").act(f"/units/{u11}/{YEAR}/approve").status_code == 200
    set_emails(app, {"tb11": "tb11@example.gov.cn"})
    assert browsers("czj").act(f"/units/{u11}/{YEAR}/publish").status_code == 200
    (published,) = [n for n in notices_of(app, "tb11") if n.kind == "publish"]
    assert published.mail_status == MAIL_FAILED and "ConnectionRefusedError" in (published.mail_error or "")
    # the test message says why it failed, on the form
    token = admin.token("/admin/mail")
    r = admin.post("/admin/mail/test", data={"csrf_token": token, "to": "x@example.gov.cn"})
    assert r.status_code == 502 and "测试邮件发送失败" in r.text and 'value="x@example.gov.cn"' in r.text


def test_no_smtp_means_in_app_only_and_the_settings_form(app, browsers) -> None:
    set_emails(app, {"bm1": "bm1@example.gov.cn"})
    admin = browsers("admin")
    assert "未启用邮件通知" in admin.get("/admin/mail").text
    submit_u11(app, browsers)
    assert [n.mail_status for n in notices_of(app, "bm1")] == [None]
    token = admin.token("/admin/mail")
    r = admin.post(
        "/admin/mail",
        data={
            "csrf_token": token,
            "host": "smtp.example.gov.cn",
            "port": "587",
            "security": "starttls",
            "user": "",
            "sender": "not an address",
            "site": "",
        },
    )
    assert r.status_code == 400 and "发件人应为电子邮件地址" in r.text
    assert 'value="smtp.example.gov.cn"' in r.text  # what was typed is kept
    with app.state.sessions() as db:
        assert db.get(AppSetting, "smtp:host") is None
    # saving an empty server turns e-mail off
    ok = admin.act("/admin/mail", {"host": "", "security": "starttls"})
    assert ok.status_code == 200 and ok.json()["settings"]["host"] == ""


def test_user_email_on_the_user_forms(app, browsers) -> None:
    admin = browsers("admin")
    r = admin.act(
        "/admin/users",
        {"username": "tb99", "password": "long-enough-1", "role": "filler", "org": "U21", "email": "x@"},
    )
    assert r.status_code == 400 and "电子邮件地址格式不正确" in r.json()["error"]
    r = admin.act(
        "/admin/users",
        {
            "username": "tb99",
            "password": "long-enough-1",
            "role": "filler",
            "org": "U21",
            "email": "tb99@example.gov.cn",
        },
    )
    assert r.status_code == 200
    uid = r.json()["user_id"]
    assert "tb99@example.gov.cn" in admin.get(f"/admin/users/{uid}").text
    assert admin.act(f"/admin/users/{uid}/edit", {"email": "new@example.gov.cn"}).status_code == 200
    with app.state.sessions() as db:
        assert db.get(User, uid).email == "new@example.gov.cn"
    assert admin.act(f"/admin/users/{uid}/edit", {"display_name": "张三"}).status_code == 200  # kept
    with app.state.sessions() as db:
        assert db.get(User, uid).email == "new@example.gov.cn"
    history = admin.get(f"/admin/users/{uid}").text
    assert re.search(r"电子邮件", history)


def test_mail_left_pending_is_sent_when_the_server_starts(app, browsers, smtp_server, monkeypatch) -> None:
    """A server stopped between an action and its e-mail: the next start sends what is still pending."""
    import asyncio

    from juesuan_web.models import MAIL_PENDING, MAIL_SENDING

    port, received, _ = smtp_server
    monkeypatch.setenv(mailer.PASSWORD_ENV, "s3cret-smtp")
    configure_smtp(browsers, port)
    set_emails(app, {"bm1": "bm1@example.gov.cn"})
    with app.state.sessions() as db:
        bm1 = db.scalar(select(User.id).where(User.username == "bm1"))
        db.add(
            Notice(
                user_id=bm1, kind="submit", title="待审核", body="", url="/review", mail_status=MAIL_PENDING
            )
        )
        db.commit()

    async def start_and_wait() -> None:
        async with app.router.lifespan_context(app):
            for _ in range(150):
                if notices_of(app, "bm1")[0].mail_status not in (MAIL_PENDING, MAIL_SENDING):
                    return  # sent or failed (a claimed notice is "sending" until the server answers)
                await asyncio.sleep(0.1)

    asyncio.run(start_and_wait())
    assert [m["To"] for m in received.messages] == ["bm1@example.gov.cn"]
    assert [n.mail_status for n in notices_of(app, "bm1")] == [MAIL_SENT]
