"""The database: organisation, users, sessions, submissions, uploads, the audit log, published versions.

A published version and its files are immutable: the ORM refuses any update (except marking a version as
superseded by a newer one) and any delete. The schema itself is created by the Alembic migrations in
``migrations/``; ``tests/web/test_app.py::test_migrations_match_models`` proves the two agree.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import (
    JSON,
    Boolean,
    DateTime,
    ForeignKey,
    Integer,
    LargeBinary,
    String,
    Text,
    UniqueConstraint,
    event,
    inspect,
)
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column, relationship


def now() -> datetime:
    return datetime.now(UTC).replace(microsecond=0)


def counts_of(obj: Any) -> dict[str, int]:
    """Finding counts by severity of anything with ``n_fatal`` … ``n_info`` (a submission, an audit job or
    document, a query row)."""
    return {"fatal": obj.n_fatal, "error": obj.n_error, "warning": obj.n_warning, "info": obj.n_info}


class Base(DeclarativeBase):
    pass


# Organisation kinds (the 类型 column of the import): 地区 → 部门 → 单位.
KINDS = {"region": "地区", "department": "部门", "unit": "单位"}

# Roles.
FILLER, DEPT_REVIEWER, BUREAU_REVIEWER, ADMIN = "filler", "dept_reviewer", "bureau_reviewer", "admin"
ROLES = {FILLER: "填报人", DEPT_REVIEWER: "部门审核人", BUREAU_REVIEWER: "财政局审核人", ADMIN: "管理员"}

# Submission states.
DRAFT, SUBMITTED, RETURNED, APPROVED, PUBLISHED = "draft", "submitted", "returned", "approved", "published"
STATES = {DRAFT: "草稿", SUBMITTED: "已提交", RETURNED: "已退回", APPROVED: "已审核", PUBLISHED: "已公开"}
NOT_STARTED = "not_started"
STATE_LABELS = {NOT_STARTED: "未开始", **STATES}


class Org(Base):
    __tablename__ = "orgs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    code: Mapped[str] = mapped_column(String(64), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    kind: Mapped[str] = mapped_column(String(16))  # region | department | unit
    unit_type: Mapped[str | None] = mapped_column(String(32))  # 行政单位, 事业单位, … when given
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    parent: Mapped[Org | None] = relationship(remote_side=[id])


class User(Base):
    __tablename__ = "users"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    display_name: Mapped[str] = mapped_column(String(100), default="")
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[str] = mapped_column(String(32))
    org_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"))
    active: Mapped[bool] = mapped_column(Boolean, default=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    last_login_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    email: Mapped[str | None] = mapped_column(String(254))  # where notices go when SMTP is configured

    org: Mapped[Org | None] = relationship()


class WebSession(Base):
    """A login: the cookie holds a random token, the database only its SHA-256."""

    __tablename__ = "web_sessions"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    expires_at: Mapped[datetime] = mapped_column(DateTime(timezone=True))


class LoginFailure(Base):
    __tablename__ = "login_failures"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    username: Mapped[str] = mapped_column(String(64), index=True)
    ip: Mapped[str] = mapped_column(String(64), index=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)


class AppSetting(Base):
    __tablename__ = "app_settings"

    key: Mapped[str] = mapped_column(String(64), primary_key=True)
    value: Mapped[str] = mapped_column(Text)


class Submission(Base):
    """One unit's 决算 for one year. ``version`` guards against two people acting on a stale page."""

    __tablename__ = "submissions"
    __table_args__ = (UniqueConstraint("unit_id", "year", name="uq_submission_unit_year"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    state: Mapped[str] = mapped_column(String(16), default=DRAFT)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    n_fatal: Mapped[int] = mapped_column(Integer, default=0)
    n_error: Mapped[int] = mapped_column(Integer, default=0)
    n_warning: Mapped[int] = mapped_column(Integer, default=0)
    n_info: Mapped[int] = mapped_column(Integer, default=0)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    updated_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    unit: Mapped[Org] = relationship()

    __mapper_args__ = {"version_id_col": version}  # noqa: RUF012


class Upload(Base):
    """A file a unit uploaded (kept whole), with the engine's check of it."""

    __tablename__ = "uploads"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    filename: Mapped[str] = mapped_column(String(200))  # sanitised; never used as a path
    kind: Mapped[str] = mapped_column(String(8))  # xlsx | yaml
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)
    check: Mapped[dict[str, Any]] = mapped_column(JSON)
    # the SHA-256 of the upload as stored when it came (``sha256`` follows the text edits made in the form)
    original_sha256: Mapped[str | None] = mapped_column(String(64))
    uploaded_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    uploaded_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)


class Comment(Base):
    __tablename__ = "comments"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    text: Mapped[str] = mapped_column(Text)
    fingerprint: Mapped[str | None] = mapped_column(String(32))  # the finding commented on, if any
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    user: Mapped[User] = relationship()


class AuditEntry(Base):
    """Every state change: who, when, what, and the object before and after."""

    __tablename__ = "audit_log"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    user_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    username: Mapped[str] = mapped_column(String(64), default="")
    action: Mapped[str] = mapped_column(String(32))
    object_type: Mapped[str] = mapped_column(String(32))
    object_id: Mapped[int | None] = mapped_column(Integer)
    before: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    after: Mapped[dict[str, Any] | None] = mapped_column(JSON)
    ip: Mapped[str] = mapped_column(String(64), default="")


class PublishedVersion(Base):
    """An immutable publication: the dataset as submitted, the outputs and their SHA-256."""

    __tablename__ = "published_versions"
    __table_args__ = (UniqueConstraint("unit_id", "year", "number", name="uq_published_unit_year_number"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    unit_id: Mapped[int] = mapped_column(ForeignKey("orgs.id"), index=True)
    year: Mapped[int] = mapped_column(Integer, index=True)
    number: Mapped[int] = mapped_column(Integer)  # 1, 2, … (a correction is a new number)
    title: Mapped[str] = mapped_column(String(300))
    dataset_filename: Mapped[str] = mapped_column(String(200))
    dataset_kind: Mapped[str] = mapped_column(String(8))
    dataset_content: Mapped[bytes] = mapped_column(LargeBinary)
    dataset_sha256: Mapped[str] = mapped_column(String(64))
    published_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    published_by: Mapped[int] = mapped_column(ForeignKey("users.id"))
    superseded_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    superseded_by_id: Mapped[int | None] = mapped_column(Integer)
    correction_note: Mapped[str | None] = mapped_column(Text)  # 更正说明: required from 第2版 on

    unit: Mapped[Org] = relationship()
    files: Mapped[list[PublishedFile]] = relationship(order_by="PublishedFile.id")


class PublishedFile(Base):
    __tablename__ = "published_files"
    __table_args__ = (UniqueConstraint("version_id", "name", name="uq_published_file_name"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    version_id: Mapped[int] = mapped_column(ForeignKey("published_versions.id"), index=True)
    name: Mapped[str] = mapped_column(String(100))  # report.html, report.pdf, … (fixed names)
    format: Mapped[str] = mapped_column(String(16))
    media_type: Mapped[str] = mapped_column(String(100))
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary)


class ImmutableError(RuntimeError):
    """An attempt to change or delete a published version."""


_SUPERSEDE_ONLY = {"superseded_at", "superseded_by_id"}


@event.listens_for(PublishedVersion, "before_update")
def _version_update(mapper: Any, connection: Any, target: PublishedVersion) -> None:
    state = inspect(target)
    changed = {a.key for a in state.attrs if a.history.has_changes()} - {"unit", "files"}
    if changed - _SUPERSEDE_ONLY:
        raise ImmutableError(f"已公开的版本不可修改（{', '.join(sorted(changed - _SUPERSEDE_ONLY))}）")
    if state.attrs.superseded_at.history.deleted and state.attrs.superseded_at.history.deleted[0]:
        raise ImmutableError("已公开的版本不可修改（superseded_at）")


@event.listens_for(PublishedFile, "before_update")
def _file_update(mapper: Any, connection: Any, target: PublishedFile) -> None:
    raise ImmutableError("已公开的文件不可修改")


@event.listens_for(PublishedVersion, "before_delete")
@event.listens_for(PublishedFile, "before_delete")
def _published_delete(mapper: Any, connection: Any, target: Any) -> None:
    raise ImmutableError("已公开的版本不可删除")


class FindingWaiver(Base):
    """A reviewer's waiver of a warning, kept by the finding's fingerprint so it survives a re-upload."""

    __tablename__ = "finding_waivers"
    __table_args__ = (UniqueConstraint("submission_id", "fingerprint", name="uq_waiver_submission_finding"),)

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    submission_id: Mapped[int] = mapped_column(ForeignKey("submissions.id"), index=True)
    fingerprint: Mapped[str] = mapped_column(String(32))
    reason: Mapped[str] = mapped_column(Text)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"))
    at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)

    user: Mapped[User] = relationship()


# Audit inbox: published reports uploaded in a batch and audited in the background (juesuan_web.inbox).
QUEUED, RUNNING, DONE, FAILED = "queued", "running", "done", "failed"
AUDIT_STATUSES = {QUEUED: "排队中", RUNNING: "审查中", DONE: "已完成", FAILED: "失败"}


class AuditJob(Base):
    """One upload of published reports to the audit inbox; the counts follow its documents."""

    __tablename__ = "audit_jobs"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED)  # queued | running | done
    n_documents: Mapped[int] = mapped_column(Integer, default=0)
    n_done: Mapped[int] = mapped_column(Integer, default=0)
    n_failed: Mapped[int] = mapped_column(Integer, default=0)
    n_fatal: Mapped[int] = mapped_column(Integer, default=0)
    n_error: Mapped[int] = mapped_column(Integer, default=0)
    n_warning: Mapped[int] = mapped_column(Integer, default=0)
    n_info: Mapped[int] = mapped_column(Integer, default=0)
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))

    user: Mapped[User] = relationship()


class AuditDocument(Base):
    """One uploaded report of an audit job: the bytes, the engine's findings and the worker's progress.

    ``attempts`` counts the claims; with ``worker`` and ``lease_until`` it lets a crashed worker's document
    be claimed again, and a late result of a lost claim be discarded.
    """

    __tablename__ = "audit_documents"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    job_id: Mapped[int] = mapped_column(ForeignKey("audit_jobs.id"), index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)
    filename: Mapped[str] = mapped_column(String(200))  # sanitised; never used as a path
    size: Mapped[int] = mapped_column(Integer)
    sha256: Mapped[str] = mapped_column(String(64))
    content: Mapped[bytes] = mapped_column(LargeBinary, deferred=True)
    status: Mapped[str] = mapped_column(String(16), default=QUEUED, index=True)
    progress: Mapped[int] = mapped_column(Integer, default=0)  # percent
    attempts: Mapped[int] = mapped_column(Integer, default=0)
    worker: Mapped[str | None] = mapped_column(String(100))
    lease_until: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    department: Mapped[str] = mapped_column(String(200), default="")
    year: Mapped[int | None] = mapped_column(Integer)
    findings: Mapped[list[dict[str, Any]] | None] = mapped_column(JSON, deferred=True)
    n_fatal: Mapped[int] = mapped_column(Integer, default=0)
    n_error: Mapped[int] = mapped_column(Integer, default=0)
    n_warning: Mapped[int] = mapped_column(Integer, default=0)
    n_info: Mapped[int] = mapped_column(Integer, default=0)
    error: Mapped[str | None] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now)
    started_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    finished_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))


# Notices (juesuan_web.notices): a user's in-app inbox, each one also e-mailed when SMTP is configured.
MAIL_PENDING, MAIL_SENDING, MAIL_SENT, MAIL_FAILED = "pending", "sending", "sent", "failed"


class Notice(Base):
    """One notice to one user: a state change of a submission they act on, or a reminder (催报)."""

    __tablename__ = "notices"

    id: Mapped[int] = mapped_column(Integer, primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("users.id"), index=True)
    kind: Mapped[str] = mapped_column(String(16))  # submit | return | approve | publish | reopen | remind
    unit_id: Mapped[int | None] = mapped_column(ForeignKey("orgs.id"), index=True)
    year: Mapped[int | None] = mapped_column(Integer)
    title: Mapped[str] = mapped_column(String(300))
    body: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(300), default="")
    actor_id: Mapped[int | None] = mapped_column(ForeignKey("users.id"))
    created_at: Mapped[datetime] = mapped_column(DateTime(timezone=True), default=now, index=True)
    read_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
    # e-mail: None when none is sent (no SMTP configured, or the user has no address)
    mail_status: Mapped[str | None] = mapped_column(String(16), index=True)
    mail_error: Mapped[str | None] = mapped_column(Text)
    mailed_at: Mapped[datetime | None] = mapped_column(DateTime(timezone=True))
