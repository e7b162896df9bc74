"""The audit inbox's background runner: published reports (txt, docx, pdf) audited outside the request.

An upload (``create_job``) stores one ``AuditJob`` and its ``AuditDocument`` rows, status ``queued``, after
the cheap checks that refuse garbage at the door (wrong type, empty, too large, a zip bomb named .docx); the
file name is only ever shown (``security.safe_filename``). The engine's ``juesuan.audit.run.audit_path``
then runs on the bytes written to a fresh temporary directory under a fixed name with the right suffix
(``audit_bytes``); the temporary path is replaced by the uploaded name in the stored findings.

``Runner`` is the server's worker pool, started and stopped by the app's lifespan: ``audit_workers``
threads, each claiming one queued document at a time from the database and auditing it in its own child
process (PDFium is not thread-safe, an audit holds the GIL, and a document that crashes or exhausts its
process must not take the web server with it). A claim is one ``UPDATE … WHERE status = 'queued'`` checked
by its row count, so two workers — threads or server processes — never take the same document. The claim
bumps ``attempts`` (the claim's fencing token), names the worker (``host:pid:token``) and sets a lease the
worker renews while it waits; a result whose claim was lost is discarded. Documents whose lease ran out, or
whose worker process on this host is gone (a crashed or restarted server, checked on start), go back to
``queued``; after ``MAX_ATTEMPTS`` claims a document is marked failed instead, so no job stays unfinished.
A document whose audit has a fatal finding (unreadable, encrypted, no text layer, empty) is ``failed``
with that finding; an audit over ``AUDIT_TIMEOUT`` seconds is ``failed`` too.

With ``audit_workers = 0`` nothing runs in the background: ``run_pending(sessions)`` audits the queue in
the calling thread (tests use it for determinism). Every state change writes an audit-log entry.
"""

from __future__ import annotations

import contextlib
import io
import logging
import multiprocessing
import os
import secrets
import socket
import tempfile
import threading
import time
import zipfile
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path, PurePosixPath
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from juesuan.api import SEVERITIES, zip_problem
from juesuan_web import security, workflow
from juesuan_web.models import (
    DONE,
    FAILED,
    QUEUED,
    RUNNING,
    AuditDocument,
    AuditJob,
    User,
    now,
)
from juesuan_web.reports import UploadRefused, sha256

log = logging.getLogger(__name__)

SUFFIXES = (".txt", ".docx", ".pdf")
AUDIT_TIMEOUT = 120.0  # seconds for one document (a 25-page PDF takes ~0.15 s)
LEASE_SECONDS = 60  # a claim's lease; renewed every HEARTBEAT_SECONDS while the audit runs
HEARTBEAT_SECONDS = 10.0
SWEEP_SECONDS = 30.0  # how often a runner looks for documents whose lease ran out
MAX_ATTEMPTS = 3  # claims of one document before it is marked failed
CHILD_MEMORY = 4 * 1024**3  # address space of one audit process
FIXED_NAME = "document"  # the audited file is written as document.txt / .docx / .pdf

_SYSTEM: User | None = None  # audit-log entries of the runner carry no user


# --------------------------------------------------------------------------- upload


def inspect_document(filename: str, data: bytes, max_bytes: int) -> str:
    """The display name of an acceptable upload; ``UploadRefused`` (a Chinese reason) otherwise."""
    name = security.safe_filename(filename, default="")
    shown = name or "（无文件名）"
    suffix = PurePosixPath(name).suffix.lower()
    if suffix not in SUFFIXES:
        raise UploadRefused(f"“{shown}”：只接受 PDF（.pdf）、Word（.docx）或文本（.txt）格式的决算报告")
    if not data:
        raise UploadRefused(f"“{shown}”：文件是空的")
    if len(data) > max_bytes:
        raise UploadRefused(
            f"“{shown}”：文件过大（{len(data) / 1048576:.1f} MB，上限 {max_bytes // 1048576} MB）"
        )
    if suffix == ".docx" and data[:2] == b"PK":
        problem = _zip_problem(data)
        if problem:
            raise UploadRefused(f"“{shown}”：{problem}")
    return name


def _zip_problem(data: bytes) -> str | None:
    """Why a .docx package must not be opened (a zip bomb), or None. A damaged package is left to the
    engine, which reports it as a finding."""
    try:
        infos = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except Exception:
        return None
    problem = zip_problem(infos, "Word 文件")
    return f"{problem}，不予受理" if problem else None


def create_job(db: Session, user: User, files: list[tuple[str, bytes]], max_bytes: int, ip: str) -> AuditJob:
    """A job with one queued document per file; every file is checked first, and one bad file refuses the
    whole upload (nothing is stored) with every problem named."""
    if not files:
        raise UploadRefused("请选择要审查的报告文件（PDF、Word 或文本）")
    problems, accepted = [], []
    for filename, data in files:
        try:
            accepted.append((inspect_document(filename, data, max_bytes), data))
        except UploadRefused as exc:
            problems.append(str(exc))
    if problems:
        raise UploadRefused("；".join(problems))
    job = AuditJob(user_id=user.id, status=QUEUED, n_documents=len(accepted), created_at=now())
    db.add(job)
    db.flush()
    for position, (name, data) in enumerate(accepted):
        db.add(
            AuditDocument(
                job_id=job.id,
                position=position,
                filename=name,
                size=len(data),
                sha256=sha256(data),
                content=data,
                status=QUEUED,
                created_at=now(),
            )
        )
    db.flush()
    workflow.audit(
        db,
        user,
        "inbox_upload",
        "audit_job",
        job.id,
        None,
        {
            "status": QUEUED,
            "documents": [{"filename": n, "size": len(d), "sha256": sha256(d)} for n, d in accepted],
        },
        ip,
    )
    return job


# --------------------------------------------------------------------------- one audit


def audit_bytes(filename: str, data: bytes) -> dict[str, Any]:
    """The engine's audit of the bytes as a dict (``CheckReport.to_dict`` without the rule outcomes),
    with the temporary path replaced by ``filename`` wherever it appears."""
    from juesuan.api import audit as audit_path

    suffix = PurePosixPath(filename).suffix.lower()
    if suffix not in SUFFIXES:
        suffix = ".txt"
    with tempfile.TemporaryDirectory(prefix="juesuan-inbox-") as tmp:
        path = Path(tmp) / (FIXED_NAME + suffix)
        path.write_bytes(data)
        report = audit_path(path).to_dict()
    report.pop("outcomes", None)
    return _replace(report, str(path), filename)


def _replace(value: Any, old: str, new: str) -> Any:
    if isinstance(value, str):
        return value.replace(old, new)
    if isinstance(value, dict):
        return {k: _replace(v, old, new) for k, v in value.items()}
    if isinstance(value, list):
        return [_replace(v, old, new) for v in value]
    return value


# --------------------------------------------------------------------------- claims and results


@dataclass(frozen=True)
class Claim:
    doc_id: int
    attempt: int  # the document's ``attempts`` after this claim: the claim's fencing token


def claim(sessions: sessionmaker[Session], worker: str) -> Claim | None:
    """Take the oldest queued document (atomically), or None when the queue is empty."""
    with sessions() as db:
        for _ in range(20):  # another worker may win the row between the SELECT and the UPDATE
            doc_id = db.scalar(
                select(AuditDocument.id)
                .where(AuditDocument.status == QUEUED)
                .order_by(AuditDocument.id)
                .limit(1)
            )
            if doc_id is None:
                return None
            at = now()
            taken = db.execute(
                update(AuditDocument)
                .where(AuditDocument.id == doc_id, AuditDocument.status == QUEUED)
                .values(
                    status=RUNNING,
                    progress=10,
                    attempts=AuditDocument.attempts + 1,
                    worker=worker[:100],
                    lease_until=at + timedelta(seconds=LEASE_SECONDS),
                    started_at=at,
                    finished_at=None,
                    error=None,
                )
                .execution_options(synchronize_session=False)
            )
            if taken.rowcount != 1:
                db.rollback()
                continue
            attempt, job_id = db.execute(
                select(AuditDocument.attempts, AuditDocument.job_id).where(AuditDocument.id == doc_id)
            ).one()
            db.execute(
                update(AuditJob)
                .where(AuditJob.id == job_id, AuditJob.status == QUEUED)
                .values(status=RUNNING)
                .execution_options(synchronize_session=False)
            )
            workflow.audit(
                db,
                _SYSTEM,
                "inbox_start",
                "audit_document",
                doc_id,
                {"status": QUEUED},
                {"status": RUNNING, "attempt": attempt, "worker": worker},
            )
            db.commit()
            return Claim(doc_id, attempt)
    return None


def _mine(c: Claim) -> Any:
    return (
        (AuditDocument.id == c.doc_id)
        & (AuditDocument.status == RUNNING)
        & (AuditDocument.attempts == c.attempt)
    )


def heartbeat(sessions: sessionmaker[Session], c: Claim) -> bool:
    """Renew the claim's lease; False when the claim was lost."""
    with sessions() as db:
        renewed = db.execute(
            update(AuditDocument)
            .where(_mine(c))
            .values(lease_until=now() + timedelta(seconds=LEASE_SECONDS))
            .execution_options(synchronize_session=False)
        )
        db.commit()
        return renewed.rowcount == 1


def load(sessions: sessionmaker[Session], c: Claim) -> tuple[str, bytes]:
    with sessions() as db:
        filename, content = db.execute(
            select(AuditDocument.filename, AuditDocument.content).where(AuditDocument.id == c.doc_id)
        ).one()
        return filename, bytes(content)


def finish(
    sessions: sessionmaker[Session],
    c: Claim,
    report: dict[str, Any] | None = None,
    failure: str | None = None,
) -> bool:
    """Store the audit (``report``) or the reason it could not run (``failure``); count it in the job and
    close the job with its last document. False (nothing stored) when the claim was lost."""
    with sessions() as db:
        done = _finish(db, c, report, failure)
        if done:
            db.commit()
        else:
            db.rollback()
        return done


def _finish(db: Session, c: Claim, report: dict[str, Any] | None, failure: str | None) -> bool:
    findings: list[dict[str, Any]] = []
    counts = dict.fromkeys(SEVERITIES, 0)
    department, year, error = "", None, failure
    if report is not None:
        findings = list(report.get("findings") or [])
        summary = report.get("summary") or {}
        counts = {s: int(summary.get(s, 0)) for s in SEVERITIES}
        department, year = str(report.get("department") or "")[:200], report.get("year")
        fatal = [f for f in findings if f.get("severity") == "fatal"]
        if fatal:
            error = "；".join(str(f.get("message", "")) for f in fatal)
    status = FAILED if error else DONE
    stored = db.execute(
        update(AuditDocument)
        .where(_mine(c))
        .values(
            status=status,
            progress=100,
            findings=findings,
            department=department,
            year=year if isinstance(year, int) else None,
            n_fatal=counts["fatal"],
            n_error=counts["error"],
            n_warning=counts["warning"],
            n_info=counts["info"],
            error=error,
            lease_until=None,
            finished_at=now(),
        )
        .execution_options(synchronize_session=False)
    )
    if stored.rowcount != 1:
        return False
    job_id = db.scalar(select(AuditDocument.job_id).where(AuditDocument.id == c.doc_id))
    db.execute(
        update(AuditJob)
        .where(AuditJob.id == job_id)
        .values(
            n_done=AuditJob.n_done + (1 if status == DONE else 0),
            n_failed=AuditJob.n_failed + (1 if status == FAILED else 0),
            n_fatal=AuditJob.n_fatal + counts["fatal"],
            n_error=AuditJob.n_error + counts["error"],
            n_warning=AuditJob.n_warning + counts["warning"],
            n_info=AuditJob.n_info + counts["info"],
        )
        .execution_options(synchronize_session=False)
    )
    after: dict[str, Any] = {"status": status, "counts": counts}
    if error:
        after["error"] = error[:500]
    workflow.audit(
        db,
        _SYSTEM,
        "inbox_done" if status == DONE else "inbox_failed",
        "audit_document",
        c.doc_id,
        {"status": RUNNING},
        after,
    )
    closed = db.execute(
        update(AuditJob)
        .where(
            AuditJob.id == job_id,
            AuditJob.status != DONE,
            AuditJob.n_done + AuditJob.n_failed >= AuditJob.n_documents,
        )
        .values(status=DONE, finished_at=now())
        .execution_options(synchronize_session=False)
    )
    if closed.rowcount == 1:
        job = db.execute(select(AuditJob.n_done, AuditJob.n_failed).where(AuditJob.id == job_id)).one()
        workflow.audit(
            db,
            _SYSTEM,
            "inbox_job_done",
            "audit_job",
            job_id,
            {"status": RUNNING},
            {"status": DONE, "done": job.n_done, "failed": job.n_failed},
        )
    return True


def release(sessions: sessionmaker[Session], c: Claim, reason: str) -> None:
    """A claim whose audit did not complete (the process died): queued again, or failed after
    ``MAX_ATTEMPTS`` claims."""
    with sessions() as db:
        if c.attempt >= MAX_ATTEMPTS:
            ok = _finish(db, c, None, f"审查未能完成（已尝试{c.attempt}次）：{reason}")
        else:
            ok = _requeue(db, c, reason)
        if ok:
            db.commit()


def _requeue(db: Session, c: Claim, reason: str) -> bool:
    back = db.execute(
        update(AuditDocument)
        .where(_mine(c))
        .values(status=QUEUED, progress=0, worker=None, lease_until=None)
        .execution_options(synchronize_session=False)
    )
    if back.rowcount != 1:
        return False
    workflow.audit(
        db,
        _SYSTEM,
        "inbox_requeue",
        "audit_document",
        c.doc_id,
        {"status": RUNNING, "attempt": c.attempt},
        {"status": QUEUED, "reason": reason},
    )
    return True


def worker_name(token: str) -> str:
    return f"{socket.gethostname()}:{os.getpid()}:{token}"


def _worker_gone(owner: str | None, me: str | None) -> bool:
    """Is the process that claimed a document certainly gone? Only known for this host."""
    if not owner:
        return True
    host, _, rest = owner.partition(":")
    pid_text, _, _token = rest.partition(":")
    if host != socket.gethostname() or not pid_text.isdigit() or owner == me:
        return False
    pid = int(pid_text)
    if pid == os.getpid():
        return me is not None  # this process, but a runner of an earlier life of it
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return True
    except OSError:
        return False
    return False


def recover(sessions: sessionmaker[Session], me: str | None = None, check_owners: bool = False) -> int:
    """Documents left ``running`` by a worker that is gone (lease run out; with ``check_owners``, also a
    dead process on this host): queued again, or failed after ``MAX_ATTEMPTS``. Returns how many."""
    moved = 0
    with sessions() as db:
        at = now()
        rows = db.execute(
            select(
                AuditDocument.id,
                AuditDocument.attempts,
                AuditDocument.worker,
                (AuditDocument.lease_until.is_(None) | (AuditDocument.lease_until < at)).label("expired"),
            ).where(AuditDocument.status == RUNNING)
        ).all()
        for row in rows:
            if not (row.expired or (check_owners and _worker_gone(row.worker, me))):
                continue
            c = Claim(row.id, row.attempts)
            reason = "审查进程已中断"
            if c.attempt >= MAX_ATTEMPTS:
                ok = _finish(db, c, None, f"审查未能完成（已尝试{c.attempt}次）：{reason}")
            else:
                ok = _requeue(db, c, reason)
            moved += int(ok)
        db.commit()
    return moved


def run_pending(sessions: sessionmaker[Session], limit: int | None = None) -> int:
    """Audit queued documents in this thread until the queue is empty (or ``limit`` are done)."""
    me = worker_name("sync-" + secrets.token_hex(4))
    count = 0
    while limit is None or count < limit:
        c = claim(sessions, me)
        if c is None:
            break
        filename, data = load(sessions, c)
        try:
            report = audit_bytes(filename, data)
        except Exception as exc:  # audit_path turns bad input into findings; this is a bug or no memory
            finish(sessions, c, failure=f"审查出错：{type(exc).__name__}")
        else:
            finish(sessions, c, report=report)
        count += 1
    return count


# --------------------------------------------------------------------------- the worker pool


class AuditCrashed(Exception):
    """The audit process died (its document may be tried again)."""


class AuditFailed(Exception):
    """The audit raised in its process (trying again would fail the same way)."""


def _child_main(conn: Any, memory: int) -> None:  # pragma: no cover - runs in the child process
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C stops the server, which stops its children
    try:
        import resource

        resource.setrlimit(resource.RLIMIT_AS, (memory, memory))
    except (ImportError, ValueError, OSError):
        pass
    while True:
        try:
            message = conn.recv()
        except (EOFError, OSError):
            return
        if message is None:
            return
        filename, data = message
        try:
            answer: tuple[str, Any] = ("ok", audit_bytes(filename, data))
        except MemoryError:
            answer = ("error", "内存不足")
        except Exception as exc:
            answer = ("error", f"{type(exc).__name__}: {exc}")
        try:
            conn.send(answer)
        except (OSError, ValueError):
            return


class _Child:
    """One audit process, owned by one worker thread; replaced when it dies or overruns."""

    def __init__(self, mp: Any, memory: int) -> None:
        self.mp = mp
        self.memory = memory
        self.proc: Any = None
        self.conn: Any = None
        self.lock = threading.Lock()

    def _ensure(self) -> None:
        if self.proc is not None and self.proc.is_alive():
            return
        self.stop()
        parent, child = self.mp.Pipe()
        proc = self.mp.Process(
            target=_child_main, args=(child, self.memory), daemon=True, name="juesuan-inbox-audit"
        )
        proc.start()
        child.close()
        with self.lock:
            self.proc, self.conn = proc, parent

    def audit(self, filename: str, data: bytes, timeout: float, beat: Callable[[], bool]) -> dict[str, Any]:
        self._ensure()
        try:
            self.conn.send((filename, data))
        except (OSError, ValueError):
            self.stop()
            raise AuditCrashed("审查进程无法启动") from None
        deadline = time.monotonic() + timeout
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                self.stop()
                raise TimeoutError(f"审查超时（超过{timeout:.0f}秒）")
            try:
                if self.conn.poll(min(left, HEARTBEAT_SECONDS)):
                    kind, payload = self.conn.recv()
                    break
            except (EOFError, OSError):
                code = self.proc.exitcode if self.proc is not None else None
                self.stop()
                raise AuditCrashed(f"审查进程异常退出（{code}）") from None
            beat()
        if kind != "ok":
            raise AuditFailed(f"审查出错：{payload}")
        return payload

    def stop(self) -> None:
        with self.lock:
            proc, conn, self.proc, self.conn = self.proc, self.conn, None, None
        if conn is not None:
            with contextlib.suppress(OSError, ValueError):
                conn.send(None)
        if proc is not None:
            proc.join(1)
            if proc.is_alive():
                proc.kill()
                proc.join(5)
            proc.close()
        if conn is not None:
            conn.close()


class Runner:
    """``workers`` threads auditing queued documents, each through its own child process."""

    def __init__(
        self,
        sessions: sessionmaker[Session],
        workers: int,
        timeout: float = AUDIT_TIMEOUT,
        poll: float = 1.0,
        memory: int = CHILD_MEMORY,
    ) -> None:
        self.sessions = sessions
        self.workers = max(0, workers)
        self.timeout = timeout
        self.poll = poll
        self.memory = memory
        self.name = worker_name(secrets.token_hex(6))
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._threads: list[threading.Thread] = []
        self._children: list[_Child] = []
        self._mp = multiprocessing.get_context("spawn")

    def start(self) -> None:
        """Recover what a crashed server left running, then start the threads (none with 0 workers)."""
        try:
            moved = recover(self.sessions, self.name, check_owners=True)
            if moved:
                log.info("audit inbox: %d interrupted document(s) queued again", moved)
        except Exception:  # the web app must start even so; the sweep tries again
            log.exception("audit inbox: recovery failed")
        for k in range(self.workers):
            child = _Child(self._mp, self.memory)
            self._children.append(child)
            t = threading.Thread(target=self._work, args=(child,), name=f"juesuan-inbox-{k}", daemon=True)
            self._threads.append(t)
            t.start()

    def notify(self) -> None:
        """New documents are queued: wake a waiting worker now rather than at its next poll."""
        self._wake.set()

    def stop(self, timeout: float = 5.0) -> None:
        self._stop.set()
        self._wake.set()
        deadline = time.monotonic() + timeout
        for t in self._threads:
            t.join(max(0.0, deadline - time.monotonic()))
        for child in self._children:  # a worker still auditing: end its process (the document is requeued)
            child.stop()
        for t in self._threads:
            t.join(5)
        self._threads.clear()
        self._children.clear()

    @property
    def running(self) -> bool:
        return any(t.is_alive() for t in self._threads)

    def _work(self, child: _Child) -> None:
        last_sweep = time.monotonic()
        try:
            while not self._stop.is_set():
                try:
                    if time.monotonic() - last_sweep > SWEEP_SECONDS:
                        last_sweep = time.monotonic()
                        recover(self.sessions, self.name)
                    c = claim(self.sessions, self.name)
                    if c is None:
                        self._wake.wait(self.poll)
                        self._wake.clear()
                        continue
                    self._process(c, child)
                except Exception:  # the database is away, say: try again later, never die
                    log.exception("audit inbox worker")
                    self._stop.wait(self.poll)
        finally:
            child.stop()

    def _process(self, c: Claim, child: _Child) -> None:
        filename, data = load(self.sessions, c)
        try:
            report = child.audit(filename, data, self.timeout, lambda: heartbeat(self.sessions, c))
        except (TimeoutError, AuditFailed) as exc:
            finish(self.sessions, c, failure=str(exc))
        except AuditCrashed as exc:
            if self._stop.is_set():
                _release_quietly(self.sessions, c)
            else:
                release(self.sessions, c, str(exc))
        else:
            finish(self.sessions, c, report=report)


def _release_quietly(sessions: sessionmaker[Session], c: Claim) -> None:
    """The server is stopping: give the document back without counting the interrupted attempt."""
    with sessions() as db:
        if _requeue(db, c, "服务停止"):
            db.execute(
                update(AuditDocument)
                .where(AuditDocument.id == c.doc_id, AuditDocument.status == QUEUED)
                .values(attempts=AuditDocument.attempts - 1)
                .execution_options(synchronize_session=False)
            )
            db.commit()
