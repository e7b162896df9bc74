"""The audit inbox: batches of published reports uploaded, audited in the background, findings shown.

The documents are made here: the example built by the engine as text, with three of the reference
report's real mistakes put back (占99.99% for the only income, 82.18% + 17.81%, 99.97%, a doubled “%%”),
and the same text as a Word file and as a PDF. The web app's findings must equal the engine's own audit of
the same bytes.
"""

from __future__ import annotations

import csv
import io
import os
import threading
import time
import zipfile
import zlib
from datetime import timedelta
from functools import cache
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import func, select

from juesuan_web import create_app, inbox
from juesuan_web.models import AuditDocument, AuditEntry, AuditJob, User, now
from tests.web.conftest import EXAMPLE, USERS, make_settings, seed

ROLES = [None, *USERS]
DENIED = {401, 403, 404}
INBOX_ROLES = {"admin", "czj", "bm1", "bm2"}
SHARED_REFERENCE = Path(__file__).resolve().parents[1] / "shared" / "seeds" / "000_4c429ad48011f7fe.txt"

MISTAKES = [
    (
        "一般公共预算财政拨款收入243.33万元，占100.00%；政府性基金预算财政拨款收入0.00万元，占0.00%",
        "一般公共预算财政拨款收入243.33万元，占99.99%；政府性基金预算财政拨款收入0.00万元，占0%%",
    ),
    ("基本支出200.03万元，占82.19%", "基本支出200.03万元，占82.18%"),
    ("占本年支出合计的99.98%", "占本年支出合计的99.97%"),
]


@cache
def report_text() -> str:
    """The example built by the engine as plain text, with the reference's mistakes put back."""
    from juesuan.build import prepare
    from juesuan.render.text import render_text

    text = render_text(prepare(EXAMPLE.parent))
    for right, wrong in MISTAKES:
        assert right in text, right
        text = text.replace(right, wrong, 1)
    return text


@cache
def documents() -> dict[str, bytes]:
    """The same (first part of the) report as .txt, .docx and .pdf."""
    import docx
    import pymupdf

    text = report_text()
    head = text.split("\n")[:40]
    word = docx.Document()
    for line in head:
        word.add_paragraph(line)
    out = io.BytesIO()
    word.save(out)
    pdf = pymupdf.open()
    page, y = None, 1000.0
    for line in head:
        for start in range(0, max(len(line), 1), 38):
            if y > 780:
                page, y = pdf.new_page(), 60.0
            page.insert_text((50, y), line[start : start + 38], fontname="china-s", fontsize=11)
            y += 16
    return {
        "金口河信访局2024决算.txt": text.encode("utf-8"),
        "金口河信访局2024决算.docx": out.getvalue(),
        "金口河信访局2024决算.pdf": pdf.tobytes(),
    }


def engine_findings(tmp_path: Path, name: str, data: bytes) -> list[dict[str, Any]]:
    """The engine's own audit of the same bytes, with the file shown by its name."""
    from juesuan.audit.run import audit_path

    path = tmp_path / "engine" / name
    path.parent.mkdir(exist_ok=True)
    path.write_bytes(data)
    return inbox._replace(audit_path(path).to_dict()["findings"], str(path), name)


def upload(client: Any, files: list[tuple[str, bytes]]) -> Any:
    return client.act("/inbox", files=[("files", (name, data)) for name, data in files])


def stored(app: Any, job_id: int) -> list[AuditDocument]:
    from sqlalchemy.orm import undefer

    with app.state.sessions() as db:
        return list(
            db.scalars(
                select(AuditDocument)
                .where(AuditDocument.job_id == job_id)
                .options(undefer(AuditDocument.findings))
                .order_by(AuditDocument.position)
            )
        )


def count(app: Any, model: Any) -> int:
    with app.state.sessions() as db:
        return db.scalar(select(func.count()).select_from(model))


def actions(app: Any) -> list[str]:
    with app.state.sessions() as db:
        return list(db.scalars(select(AuditEntry.action).order_by(AuditEntry.id)))


# --------------------------------------------------------------------------- the batch


def test_batch_of_three_audited_like_the_engine(app, browsers, tmp_path) -> None:
    bm1 = browsers("bm1")
    docs = documents()
    r = upload(bm1, list(docs.items()))
    assert r.status_code == 200, r.text
    job_url = r.json()["location"]
    job = bm1.get(job_url + ".json").json()
    assert job["job"]["total"] == 3 and job["job"]["finished_documents"] == 0
    assert [d["status"] for d in job["documents"]] == ["queued"] * 3
    assert [d["filename"] for d in job["documents"]] == list(docs)
    page = bm1.get(job_url)
    assert '<script src="/static/inbox.js" defer></script>' in page.text and "排队中" in page.text
    assert "金口河信访局2024决算.pdf" in page.text

    assert inbox.run_pending(app.state.sessions) == 3
    assert inbox.run_pending(app.state.sessions) == 0
    job = bm1.get(job_url + ".json").json()
    assert job["job"]["finished"] and job["job"]["done"] == 3 and job["job"]["failed"] == 0
    assert "inbox.js" not in bm1.get(job_url).text  # nothing left to poll for

    rows = stored(app, job["job"]["id"])
    totals = dict.fromkeys(("fatal", "error", "warning", "info"), 0)
    for row in rows:
        data = docs[row.filename]
        assert row.status == "done" and row.progress == 100 and row.size == len(data)
        assert row.findings == engine_findings(tmp_path, row.filename, data)
        assert row.n_error == sum(1 for f in row.findings if f["severity"] == "error") >= 3
        for sev in totals:
            totals[sev] += getattr(row, f"n_{sev}")
    assert job["job"]["counts"] == totals

    # the reference's mistakes, each with its quoted passage, on the document's page
    for d in job["documents"]:
        body = bm1.get(d["url"] + ".json").json()
        errors = body["findings"]["error"]
        share = [f for f in errors if f["rule_id"] == "A012" and "99.99%" in f["message"]]
        assert share and "一般公共预算财政拨款收入243.33万元，占99.99%" in share[0]["quote"]
        assert any(f["rule_id"] == "A012" and "99.97%" in f["quote"] for f in errors)
        assert any(f["rule_id"] == "A040" and "%%" in f["quote"] for f in errors)
        if d["filename"].endswith(".pdf"):
            assert share[0]["page"] == 1 and share[0]["where"][0].startswith("第1页")
        if d["filename"].endswith(".txt"):
            assert share[0]["where"] == ["第16行"]
        html = bm1.get(d["url"]).text
        assert "占99.99%" in html and "A012" in html and "错误" in html
        assert html.count(share[0]["quote"]) == 1  # quoted in the message: not once more below it
    assert {"inbox_upload", "inbox_start", "inbox_done", "inbox_job_done"} <= set(actions(app))

    # every finding of the job in one CSV (for a reviewer going through hundreds of reports)
    csv_response = bm1.get(job_url + "/findings.csv")
    assert csv_response.status_code == 200 and csv_response.headers["content-type"].startswith("text/csv")
    assert "attachment" in csv_response.headers["content-disposition"]
    lines = list(csv.DictReader(io.StringIO(csv_response.content.decode("utf-8-sig"))))
    assert len(lines) == sum(len(row.findings) for row in rows)
    assert {line["文件"] for line in lines} == set(docs)
    assert any("占99.99%" in line["原文摘录"] and line["规则编号"] == "A012" for line in lines)
    assert {line["严重程度"] for line in lines} <= {"严重", "错误", "警告", "提示"}
    assert "/findings.csv" in bm1.get(job_url).text
    assert browsers("bm2").get(job_url + "/findings.csv").status_code == 404  # another reviewer's job


def test_reference_report_mistakes(app, browsers) -> None:
    if not SHARED_REFERENCE.is_file():
        pytest.skip("shared/seeds (the reference report) is not available")
    from tests.audit.test_reference import EXPECTED_ERRORS

    czj = browsers("czj")
    job_url = upload(czj, [(SHARED_REFERENCE.name, SHARED_REFERENCE.read_bytes())]).json()["location"]
    inbox.run_pending(app.state.sessions)
    doc = czj.get(job_url + ".json").json()["documents"][0]
    errors = czj.get(doc["url"] + ".json").json()["findings"]["error"]
    for rule, line, fragment in EXPECTED_ERRORS:
        assert any(
            f["rule_id"] == rule
            and f["where"][0].startswith(f"第{line}行")
            and fragment in f["message"]
            and f["quote"]
            for f in errors
        ), (rule, line, fragment)


def test_progress_in_the_json_twin(app, browsers) -> None:
    bm2 = browsers("bm2")
    docs = list(documents().items())
    job_url = upload(bm2, docs).json()["location"]
    assert inbox.run_pending(app.state.sessions, limit=1) == 1
    job = bm2.get(job_url + ".json").json()
    assert job["ok"] and job["job"]["status"] == "running" and job["job"]["status_label"] == "审查中"
    assert job["job"]["finished_documents"] == 1 and job["job"]["total"] == 3
    assert [d["status"] for d in job["documents"]] == ["done", "queued", "queued"]
    assert job["documents"][0]["progress"] == 100 and job["documents"][1]["progress"] == 0
    inbox.run_pending(app.state.sessions)
    job = bm2.get(job_url + ".json").json()
    assert job["job"]["status"] == "done" and job["job"]["finished_documents"] == 3
    assert job["job"]["finished_at"] and job["job"]["percent"] == 100
    listing = bm2.get("/inbox.json").json()["jobs"]
    assert [j["url"] for j in listing] == [job_url] and listing[0]["done"] == 3


# --------------------------------------------------------------------------- who may do what


def test_permission_matrix(app, browsers) -> None:
    clients = {role: browsers(role) for role in ROLES}
    txt = [("a.txt", report_text().encode("utf-8"))]
    job_of = {who: upload(clients[who], txt).json()["location"] for who in ("bm1", "bm2", "czj")}
    inbox.run_pending(app.state.sessions)
    doc_of = {
        who: clients[who].get(url + ".json").json()["documents"][0]["url"] for who, url in job_of.items()
    }
    bm1_job, bm2_doc_id = job_of["bm1"], doc_of["bm2"].rsplit("/", 1)[1]
    expected = {
        "/inbox": INBOX_ROLES,
        job_of["bm1"]: {"bm1", "czj", "admin"},
        doc_of["bm1"]: {"bm1", "czj", "admin"},
        job_of["bm2"]: {"bm2", "czj", "admin"},
        doc_of["bm2"]: {"bm2", "czj", "admin"},
        job_of["czj"]: {"czj", "admin"},
        doc_of["czj"]: {"czj", "admin"},
        f"{bm1_job}/{bm2_doc_id}": set(),  # a document reached through another job
        "/inbox/99999": set(),
        f"{bm1_job}/99999": set(),
    }
    for page, allowed in expected.items():
        for role, client in clients.items():
            for url in (page + ".json", page):
                r = client.get(url)
                if role in allowed:
                    assert r.status_code == 200, (role, url, r.status_code)
                elif role is None and not url.endswith(".json"):
                    assert r.status_code == 303 and r.headers["location"].startswith("/login"), (role, url)
                else:
                    assert r.status_code in DENIED, (role, url, r.status_code)
                    assert "a.txt" not in r.text
    # who sees which jobs in the list
    for role, seen in {"bm1": {"bm1"}, "bm2": {"bm2"}, "czj": {"bm1", "bm2", "czj"}}.items():
        listed = {j["url"] for j in clients[role].get("/inbox.json").json()["jobs"]}
        assert listed == {job_of[w] for w in seen}, role
    assert {j["url"] for j in clients["admin"].get("/inbox.json").json()["jobs"]} == set(job_of.values())
    # uploading: fillers and anonymous users are refused, nothing is stored
    before = count(app, AuditJob)
    for role in (None, "tb11", "tb12", "tb21"):
        r = upload(clients[role], txt)
        assert r.status_code in (401, 403), (role, r.status_code)
    assert count(app, AuditJob) == before
    # the navigation shows the inbox to those who may use it
    for role, client in clients.items():
        assert ('href="/inbox"' in client.get("/").text) == (role in INBOX_ROLES), role


def test_csrf_is_required(app, browsers) -> None:
    bm1 = browsers("bm1")
    files = [("files", ("a.txt", report_text().encode("utf-8")))]
    r = bm1.post("/inbox", files=files, headers={"accept": "application/json"})
    assert r.status_code == 403 and "CSRF" in r.json()["error"]
    r = bm1.post("/inbox", data={"csrf_token": "0" * 64}, files=files, headers={"accept": "application/json"})
    assert r.status_code == 403
    assert count(app, AuditJob) == 0 and count(app, AuditDocument) == 0
    form = bm1.get("/inbox").text
    assert 'name="csrf_token"' in form and 'enctype="multipart/form-data"' in form and "multiple" in form
    token = bm1.token("/inbox")
    r = bm1.post("/inbox", data={"csrf_token": token}, files=files)
    assert r.status_code == 303 and r.headers["location"].startswith("/inbox/")


# --------------------------------------------------------------------------- garbage


@cache
def zip_bomb() -> bytes:
    """A .docx-shaped zip whose document.xml inflates to 256 MB of zeros (about 250 KB packed)."""
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("[Content_Types].xml", "<Types/>")
        with z.open("word/document.xml", "w", force_zip64=True) as member:
            block = b"\0" * (1 << 20)
            for _ in range(256):
                member.write(block)
    return out.getvalue()


def encrypted_pdf() -> bytes:
    import pymupdf

    doc = pymupdf.open()
    doc.new_page().insert_text((72, 72), "2024 final accounts")
    return doc.tobytes(encryption=pymupdf.PDF_ENCRYPT_AES_256, owner_pw="owner", user_pw="user")


def test_garbage_is_refused_at_the_door(app, browsers) -> None:
    bm1 = browsers("bm1")
    good = ("a.txt", report_text().encode("utf-8"))
    limit = app.state.settings.max_upload_bytes
    refused = {
        "tool.exe": (b"MZ\x90\x00" * 100, "只接受 PDF"),
        "no-suffix": (b"hello", "只接受 PDF"),
        "empty.pdf": (b"", "文件是空的"),
        "huge.txt": (b"x" * (limit + 1), "文件过大"),
        "bomb.docx": (zip_bomb(), "压缩炸弹"),
    }
    for name, (data, reason) in refused.items():
        batch = [(name, data)] if name == "huge.txt" else [good, (name, data)]  # one bad file refuses all
        r = upload(bm1, batch)
        assert r.status_code == 400, (name, r.status_code)
        assert reason in r.json()["error"] and "上传被拒绝" in r.json()["error"], (name, r.json())
    r = bm1.act("/inbox")
    assert r.status_code == 400 and "请选择" in r.json()["error"]
    html = bm1.post(
        "/inbox",
        data={"csrf_token": bm1.token("/inbox")},
        files=[("files", ("tool.exe", refused["tool.exe"][0]))],
    )
    assert html.status_code == 400 and "只接受 PDF" in html.text and "<html" in html.text
    assert count(app, AuditJob) == 0 and count(app, AuditDocument) == 0


def test_unreadable_documents_fail_with_the_engine_finding(app, browsers) -> None:
    bm1 = browsers("bm1")
    files = [
        ("../../etc/passwd.pdf", b"root:x:0:0:root:/root:/bin/bash\n" * 20),
        ("..\\..\\windows\\garbage.docx", os.urandom(2048)),
        ("locked.pdf", encrypted_pdf()),
        ("fake.docx", b"PK\x03\x04" + os.urandom(500)),
        ("binary.txt", bytes(range(256)) * 8),
        ("good.txt", report_text().encode("utf-8")),
    ]
    job_url = upload(bm1, files).json()["location"]
    inbox.run_pending(app.state.sessions)
    job = bm1.get(job_url + ".json").json()
    assert job["job"]["finished"] and job["job"]["failed"] == 5 and job["job"]["done"] == 1
    by_name = {d["filename"]: d for d in job["documents"]}
    assert set(by_name) == {"passwd.pdf", "garbage.docx", "locked.pdf", "fake.docx", "binary.txt", "good.txt"}
    expected_rule = {
        "passwd.pdf": "A001",
        "garbage.docx": "A001",
        "locked.pdf": "A003",
        "fake.docx": "A001",
        "binary.txt": "A001",
    }
    for name, rule in expected_rule.items():
        d = by_name[name]
        assert d["status"] == "failed" and d["status_label"] == "失败" and d["counts"]["fatal"] == 1, name
        body = bm1.get(d["url"] + ".json").json()
        fatal = body["findings"]["fatal"]
        assert [f["rule_id"] for f in fatal] == [rule], name
        assert f"“{name}”" in fatal[0]["message"] and d["error"] == fatal[0]["message"]
        assert "juesuan-inbox-" not in str(body)  # the temporary path never shows
    assert by_name["good.txt"]["status"] == "done"
    assert "失败" in bm1.get(job_url).text
    assert "inbox_failed" in actions(app)


# --------------------------------------------------------------------------- the workers


def test_claims_are_atomic(app, browsers) -> None:
    bm1 = browsers("bm1")
    upload(bm1, [(f"r{k}.txt", b"x") for k in range(12)])
    taken: list[int] = []
    errors: list[BaseException] = []

    def worker(k: int) -> None:
        try:
            while (c := inbox.claim(app.state.sessions, f"test:{k}")) is not None:
                taken.append(c.doc_id)
        except BaseException as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=worker, args=(k,)) for k in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)
    assert not errors and len(taken) == 12 and len(set(taken)) == 12
    assert actions(app).count("inbox_start") == 12


def test_interrupted_documents_are_queued_again_on_start(app, browsers) -> None:
    bm1 = browsers("bm1")
    job_url = upload(bm1, [(f"r{k}.txt", report_text().encode("utf-8")) for k in range(4)]).json()["location"]
    sessions = app.state.sessions
    claims = [inbox.claim(sessions, f"w{k}") for k in range(4)]
    assert all(claims)
    import socket

    host = socket.gethostname()
    with sessions() as db:
        docs = [db.get(AuditDocument, c.doc_id) for c in claims]
        docs[0].worker = f"{host}:999999999:crashed"  # a process on this host that is gone
        docs[1].worker = "another-host:1:alive"  # another server, lease still running: left alone
        docs[2].worker = "another-host:1:late"  # another server whose lease ran out
        docs[2].lease_until = now() - timedelta(seconds=5)
        docs[3].worker = f"{host}:999999999:crashed"
        docs[3].attempts = inbox.MAX_ATTEMPTS  # interrupted too often: failed, not retried
        db.commit()
    runner = inbox.Runner(sessions, 0)
    runner.start()
    assert not runner.running
    status = {d.filename: d.status for d in stored(app, int(job_url.rsplit("/", 1)[1]))}
    assert status == {"r0.txt": "queued", "r1.txt": "running", "r2.txt": "queued", "r3.txt": "failed"}
    assert actions(app).count("inbox_requeue") == 2
    # the late result of a lost claim is discarded; the live claim still finishes
    assert not inbox.finish(sessions, claims[0], report={"findings": [], "summary": {}})
    assert inbox.finish(sessions, claims[1], report=inbox.audit_bytes("r1.txt", report_text().encode()))
    assert inbox.run_pending(sessions) == 2
    job = bm1.get(job_url + ".json").json()["job"]
    assert job["finished"] and job["done"] == 3 and job["failed"] == 1
    r3 = next(d for d in bm1.get(job_url + ".json").json()["documents"] if d["filename"] == "r3.txt")
    assert "已尝试3次" in r3["error"]


def _background_app(db_url: str, **extra: Any) -> Any:
    application = create_app(make_settings(db_url, **extra))
    seed(application)
    return application


def test_background_worker_finishes_a_job(db_url, tmp_path) -> None:
    from tests.web.conftest import Browser

    application = _background_app(db_url, audit_workers=2)
    bm1 = Browser(application)
    lifespan = application.router.lifespan_context(application)
    try:
        bm1.loop.run_until_complete(lifespan.__aenter__())  # the server starts: so does the runner
        runner = application.state.inbox
        assert runner is not None and runner.running
        assert bm1.login("bm1").status_code == 303
        docs = documents()
        job_url = upload(bm1, list(docs.items())).json()["location"]
        deadline = time.monotonic() + 90
        job = bm1.get(job_url + ".json").json()
        while not job["job"]["finished"] and time.monotonic() < deadline:
            time.sleep(0.2)
            job = bm1.get(job_url + ".json").json()
        assert job["job"]["finished"] and job["job"]["done"] == 3, job
        bm1.loop.run_until_complete(lifespan.__aexit__(None, None, None))  # the server stops
        assert application.state.inbox is None and not runner.running
        for row in stored(application, job["job"]["id"]):
            assert row.findings == engine_findings(tmp_path, row.filename, docs[row.filename])
            assert row.worker == runner.name
    finally:
        if getattr(application.state, "inbox", None) is not None:
            bm1.loop.run_until_complete(lifespan.__aexit__(None, None, None))
        bm1.close()
        application.state.engine.dispose()


def test_background_timeout_fails_the_document(db_url) -> None:
    application = _background_app(db_url, audit_workers=0)
    try:
        with application.state.sessions() as db:
            user = db.scalar(select(User).where(User.username == "bm1"))
            job = inbox.create_job(db, user, [("slow.txt", report_text().encode())], 1 << 20, "")
            db.commit()
            job_id = job.id
        runner = inbox.Runner(application.state.sessions, 1, timeout=0.001)
        runner.start()
        try:
            deadline = time.monotonic() + 60
            while time.monotonic() < deadline:
                (doc,) = stored(application, job_id)
                if doc.status == "failed":
                    break
                time.sleep(0.1)
        finally:
            runner.stop()
        (doc,) = stored(application, job_id)
        assert doc.status == "failed" and "审查超时" in (doc.error or "")
    finally:
        application.state.engine.dispose()


def test_zip_bomb_check_is_cheap_and_exact() -> None:
    assert "解压后过大" in (inbox._zip_problem(zip_bomb()) or "")
    dense = io.BytesIO()
    with zipfile.ZipFile(dense, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", b"\0" * (16 << 20))  # 16 MB from about 16 KB
    assert "压缩比异常" in (inbox._zip_problem(dense.getvalue()) or "")
    small = io.BytesIO()
    with zipfile.ZipFile(small, "w", zipfile.ZIP_DEFLATED) as z:
        z.writestr("word/document.xml", "<w:document/>" * 1000)
    assert inbox._zip_problem(small.getvalue()) is None
    assert inbox._zip_problem(b"PK\x03\x04" + zlib.compress(b"x")) is None  # damaged: left to the engine
