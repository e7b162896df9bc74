"""The audit inbox: reviewers upload published reports (PDF, Word, text) in batches and read the findings.

The upload only stores the files and queues them; ``juesuan_web.inbox`` audits them in the background.
财政局审核人 and 管理员 see every job, 部门审核人 their own; 填报人 have no inbox.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from starlette.datastructures import UploadFile
from starlette.responses import Response

from juesuan_web import inbox, workflow
from juesuan_web.framework import SEVERITY_LABELS, Ctx, HTTPError, Page, download, require
from juesuan_web.models import (
    ADMIN,
    AUDIT_STATUSES,
    BUREAU_REVIEWER,
    DONE,
    FAILED,
    AuditDocument,
    AuditJob,
    User,
    counts_of,
)

MAX_FILES = 50
JOB_STATUSES = {"queued": "排队中", "running": "审查中", "done": "已完成"}


def _require_inbox(ctx: Ctx) -> User:
    require(workflow.is_reviewer(ctx.user) or workflow.is_admin(ctx.user))
    assert ctx.user is not None
    return ctx.user


def _sees_all(user: User) -> bool:
    return user.role in (BUREAU_REVIEWER, ADMIN)


def _visible_job(ctx: Ctx, job_id: int) -> AuditJob:
    """The job, if this user may see it; otherwise 404 whether or not it exists (ids are guessable)."""
    user = _require_inbox(ctx)
    job = ctx.db.get(AuditJob, job_id)
    if job is None or not (_sees_all(user) or job.user_id == user.id):
        raise HTTPError(404, "未找到该审查任务，或您无权查看")
    return job


def _job_dict(job: AuditJob) -> dict[str, Any]:
    finished = job.n_done + job.n_failed
    return {
        "id": job.id,
        "user": job.user.display_name or job.user.username,
        "created_at": job.created_at,
        "finished_at": job.finished_at,
        "status": job.status,
        "status_label": JOB_STATUSES.get(job.status, job.status),
        "total": job.n_documents,
        "done": job.n_done,
        "failed": job.n_failed,
        "finished_documents": finished,
        "finished": job.status == DONE,
        "percent": round(100 * finished / job.n_documents) if job.n_documents else 100,
        "counts": counts_of(job),
        "url": f"/inbox/{job.id}",
    }


def _doc_dict(doc: AuditDocument) -> dict[str, Any]:
    return {
        "id": doc.id,
        "filename": doc.filename,
        "size": doc.size,
        "sha256": doc.sha256,
        "status": doc.status,
        "status_label": AUDIT_STATUSES.get(doc.status, doc.status),
        "progress": doc.progress,
        "attempts": doc.attempts,
        "department": doc.department,
        "year": doc.year,
        "counts": counts_of(doc),
        "error": doc.error,
        "started_at": doc.started_at,
        "finished_at": doc.finished_at,
        "finished": doc.status in (DONE, FAILED),
        "url": f"/inbox/{doc.job_id}/{doc.id}",
    }


def _uploaded(ctx: Ctx) -> list[tuple[str, bytes]]:
    """Every file of the form, in order (a multiple file input sends them all under one name)."""
    out: list[tuple[str, bytes]] = []
    if ctx.form is None:
        return out
    for _key, value in ctx.form.multi_items():
        if isinstance(value, UploadFile):
            value.file.seek(0)
            data = value.file.read()
            if value.filename or data:  # an empty file input sends a nameless, empty part
                out.append((value.filename or "", data))
    return out


def inbox_page(ctx: Ctx) -> Response:
    """The audit inbox: the user's audit jobs (all jobs for 财政局审核人 and 管理员) and the upload form."""
    user = _require_inbox(ctx)
    stmt = select(AuditJob).order_by(AuditJob.id.desc()).limit(200)
    if not _sees_all(user):
        stmt = stmt.where(AuditJob.user_id == user.id)
    return ctx.render(
        "inbox.html",
        {
            "title": "已公开报告审查",
            "jobs": [_job_dict(j) for j in ctx.db.scalars(stmt)],
            "sees_all": _sees_all(user),
            "max_files": MAX_FILES,
            "max_upload_mb": ctx.settings.max_upload_bytes // 1048576,
        },
    )


def inbox_upload(ctx: Ctx) -> Response:
    """Upload published reports (PDF, DOCX or TXT, up to 50 at once); they are audited in the background."""
    user = _require_inbox(ctx)
    job = inbox.create_job(ctx.db, user, _uploaded(ctx), ctx.settings.max_upload_bytes, ctx.ip)
    ctx.db.commit()  # before the runner is woken, so that it finds the documents
    runner = getattr(ctx.request.app.state, "inbox", None)
    if runner is not None:
        runner.notify()
    return ctx.done(f"/inbox/{job.id}", {"job": _job_dict(job)}, "inbox_uploaded", files=job.n_documents)


def job_page(ctx: Ctx, job_id: int) -> Response:
    """One audit job's progress: each document's status and finding counts (the page polls its JSON twin)."""
    job = _visible_job(ctx, job_id)
    docs = ctx.db.scalars(
        select(AuditDocument)
        .where(AuditDocument.job_id == job.id)
        .order_by(AuditDocument.position, AuditDocument.id)
    )
    return ctx.render(
        "inbox_job.html",
        {"title": f"审查任务 {job.id}", "job": _job_dict(job), "documents": [_doc_dict(d) for d in docs]},
    )


def _where(loc: dict[str, Any]) -> str:
    """A location as a reader looks for it: the page first (PDF), then the line, paragraph or table."""
    parts = []
    key = str(loc.get("key") or "")
    page = loc.get("page")
    if page is not None and f"第{page}页" not in key:
        parts.append(f"第{page}页")
    if key:
        parts.append(key)
    elif loc.get("line") is not None:
        parts.append(f"第{loc['line']}行")
    return "".join(parts)


def _sort_key(f: dict[str, Any]) -> tuple[int, int, str]:
    loc = (f.get("locations") or [{}])[0]
    return (int(loc.get("page") or 0), int(loc.get("line") or 0), str(f.get("rule_id", "")))


def document_page(ctx: Ctx, job_id: int, doc_id: int) -> Response:
    """The findings of one audited document by severity, with rule, page and the quoted passage."""
    job = _visible_job(ctx, job_id)
    doc = ctx.db.get(AuditDocument, doc_id)
    if doc is None or doc.job_id != job.id:
        raise HTTPError(404, "未找到该文件，或您无权查看")
    groups: dict[str, list[dict[str, Any]]] = {s: [] for s in SEVERITY_LABELS}
    for f in sorted(doc.findings or [], key=_sort_key):
        params = f.get("params") or {}
        groups.setdefault(str(f.get("severity")), []).append(
            {
                "rule_id": f.get("rule_id", ""),
                "title": f.get("title", ""),
                "message": f.get("message", ""),
                "hint": f.get("hint", ""),
                "quote": params.get("quote", ""),
                "where": [w for w in (_where(loc) for loc in f.get("locations") or []) if w],
                "page": next((loc["page"] for loc in f.get("locations") or [] if loc.get("page")), None),
                "fingerprint": f.get("fingerprint", ""),
            }
        )
    return ctx.render(
        "inbox_document.html",
        {
            "title": f"{doc.filename} · 审查结果",
            "job": _job_dict(job),
            "document": _doc_dict(doc),
            "findings": groups,
        },
    )


FINDING_COLUMNS = ("文件", "规则编号", "严重程度", "标题", "说明", "页", "位置", "原文摘录", "指纹")


def job_findings_csv(ctx: Ctx, job_id: int) -> Response:
    """Every finding of an audit job, one row each (UTF-8 CSV with BOM), documents in upload order."""
    from juesuan_web.views.exports import PRIVATE, csv_bytes

    job = _visible_job(ctx, job_id)
    rows: list[list[Any]] = []
    docs = ctx.db.scalars(
        select(AuditDocument).where(AuditDocument.job_id == job.id).order_by(AuditDocument.id)
    )
    for doc in docs:
        if doc.status == "failed" and not doc.findings:
            rows.append([doc.filename, "", "严重", "无法审查", doc.error or "", "", "", "", ""])
        for f in sorted(doc.findings or [], key=_sort_key):
            locations = f.get("locations") or []
            rows.append(
                [
                    doc.filename,
                    f.get("rule_id", ""),
                    SEVERITY_LABELS.get(str(f.get("severity")), f.get("severity", "")),
                    f.get("title", ""),
                    f.get("message", ""),
                    next((loc["page"] for loc in locations if loc.get("page")), ""),
                    "；".join(w for w in (_where(loc) for loc in locations) if w),
                    (f.get("params") or {}).get("quote", ""),
                    f.get("fingerprint", ""),
                ]
            )
    response = download(
        csv_bytes(FINDING_COLUMNS, rows), "text/csv; charset=utf-8", f"审查结果-任务{job.id}.csv"
    )
    response.headers.update(PRIVATE)
    return response


ROUTES = [
    Page("/inbox", inbox_page, login=True),
    Page("/inbox/{job_id:int}/findings.csv", job_findings_csv, login=True),
    Page("/inbox", inbox_upload, login=True, methods=("POST",), max_files=MAX_FILES, form=inbox_page),
    Page("/inbox/{job_id:int}", job_page, login=True),
    Page("/inbox/{job_id:int}/{doc_id:int}", document_page, login=True),
]
