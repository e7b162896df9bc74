"""Who may do what, and the life of a submission: draft → 已提交 → 已退回 / 已审核 → 已公开.

Every action checks the actor's role and scope, the submission's state and the version the actor saw (so
two people acting on the same page cannot both win), and writes an audit entry with the before and after.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from sqlalchemy.orm.attributes import flag_modified

from juesuan_web import notices, reports, texts
from juesuan_web.models import (
    ADMIN,
    APPROVED,
    BUREAU_REVIEWER,
    DEPT_REVIEWER,
    DRAFT,
    FILLER,
    PUBLISHED,
    RETURNED,
    STATES,
    SUBMITTED,
    AuditEntry,
    Comment,
    FindingWaiver,
    Org,
    PublishedFile,
    PublishedVersion,
    Submission,
    Upload,
    User,
    counts_of,
    now,
)


class Refused(Exception):
    """An action that is not allowed now; ``status`` is the HTTP status to answer with."""

    def __init__(self, message: str, status: int = 400, field: str | None = None) -> None:
        super().__init__(message)
        self.message = message
        self.status = status
        self.field = field  # the form field it concerns, shown beside it


# --------------------------------------------------------------------------- permissions


def sees_unit(user: User | None, unit: Org) -> bool:
    """May ``user`` see this unit's submission (draft included)?"""
    if user is None or unit.kind != "unit":
        return False
    if user.role == BUREAU_REVIEWER:
        return True
    if user.role == DEPT_REVIEWER:
        return user.org_id is not None and unit.parent_id == user.org_id
    if user.role == FILLER:
        return user.org_id == unit.id
    return False


def edits_unit(user: User | None, unit: Org) -> bool:
    return user is not None and user.role == FILLER and user.org_id == unit.id


def reviews_unit(user: User | None, unit: Org) -> bool:
    return user is not None and user.role in (DEPT_REVIEWER, BUREAU_REVIEWER) and sees_unit(user, unit)


def publishes(user: User | None) -> bool:
    return user is not None and user.role == BUREAU_REVIEWER


def is_reviewer(user: User | None) -> bool:
    return user is not None and user.role in (DEPT_REVIEWER, BUREAU_REVIEWER)


def is_admin(user: User | None) -> bool:
    return user is not None and user.role == ADMIN


def reads_audit(user: User | None) -> bool:
    return user is not None and user.role in (ADMIN, BUREAU_REVIEWER)


def may(user: User | None, unit: Org, action: str) -> bool:
    """Does the role allow ``action`` on this unit at all (whatever the state)?"""
    if action in ("upload", "submit", "withdraw"):
        return edits_unit(user, unit)
    if action in ("approve", "return"):
        return reviews_unit(user, unit)
    return publishes(user)


def allowed_actions(user: User | None, unit: Org, sub: Submission | None) -> list[str]:
    state = sub.state if sub is not None else DRAFT
    out = []
    if edits_unit(user, unit) and state in (DRAFT, RETURNED):
        out += ["upload", "submit"]
    if edits_unit(user, unit) and state == SUBMITTED:
        out += ["withdraw"]  # 撤回: back to draft while no reviewer has acted on it
    if reviews_unit(user, unit) and state == SUBMITTED:
        out += ["approve", "return"]
    if reviews_unit(user, unit) and state == APPROVED:
        out += ["return"]
    if publishes(user) and state == APPROVED:
        out += ["publish"]
    if publishes(user) and state == PUBLISHED:
        out += ["reopen"]
    return out


# --------------------------------------------------------------------------- audit


def audit(
    db: Session,
    user: User | None,
    action: str,
    obj: str,
    obj_id: int | None,
    before: dict[str, Any] | None,
    after: dict[str, Any] | None,
    ip: str = "",
) -> None:
    db.add(
        AuditEntry(
            user_id=user.id if user else None,
            username=user.username if user else "",
            action=action,
            object_type=obj,
            object_id=obj_id,
            before=before,
            after=after,
            ip=ip[:64],
        )
    )


def snapshot(sub: Submission | None) -> dict[str, Any] | None:
    if sub is None:
        return None
    return {
        "state": sub.state,
        "version": sub.version,
        "counts": counts_of(sub),
    }


# --------------------------------------------------------------------------- queries


def latest_upload(db: Session, sub: Submission | None) -> Upload | None:
    if sub is None:
        return None
    return db.scalar(select(Upload).where(Upload.submission_id == sub.id).order_by(Upload.id.desc()).limit(1))


def submission_for(db: Session, unit: Org, year: int) -> Submission | None:
    return db.scalar(select(Submission).where(Submission.unit_id == unit.id, Submission.year == year))


def versions_of(db: Session, unit: Org, year: int) -> list[PublishedVersion]:
    return list(
        db.scalars(
            select(PublishedVersion)
            .where(PublishedVersion.unit_id == unit.id, PublishedVersion.year == year)
            .order_by(PublishedVersion.number.desc())
        )
    )


# --------------------------------------------------------------------------- actions


@dataclass
class Actor:
    user: User
    ip: str = ""


def _expect(sub: Submission | None, seen_version: int | None) -> None:
    """Refuse when the page the actor acted on is stale (someone else acted in between)."""
    if seen_version is not None and sub is not None and sub.version != seen_version:
        raise Refused("该申报已被他人更新（状态或内容已变化），请刷新页面后再操作", 409)


def upload(
    db: Session,
    actor: Actor,
    unit: Org,
    year: int,
    filename: str,
    data: bytes,
    max_bytes: int,
    seen_version: int | None,
    text_file: tuple[str, bytes] | None = None,
) -> tuple[Submission, Upload]:
    """Store an upload and its check. ``text_file`` (name, bytes) is a text YAML sent with a workbook: its
    values are written into the workbook's 文字说明 sheet, so one file is stored. Last year's figures come
    from the unit's publication of the year before (``prior_source``)."""
    sub = submission_for(db, unit, year)
    _expect(sub, seen_version)
    if not edits_unit(actor.user, unit):
        raise Refused("只有本单位的填报人可以上传", 403)
    if sub is not None and sub.state not in (DRAFT, RETURNED):
        raise Refused(f"当前状态（{STATES[sub.state]}）不能修改：已提交的申报需先由审核人退回", 409)
    kind = reports.inspect_upload(filename, data, max_bytes)  # UploadRefused when unsafe
    merged_text = None
    if text_file is not None:
        if kind != reports.XLSX:
            raise reports.UploadRefused(
                "文字内容文件只能与公开表工作簿（.xlsx）一同上传；YAML 数据集请直接在其中填写文字内容"
            )
        text_name, text_data = text_file
        data = texts.merge_text_file(data, text_name, text_data, max_bytes)  # UploadRefused naming the line
        merged_text = {"filename": text_name, "sha256": reports.sha256(text_data)}
    report = reports.check(kind, data, filename, prior_source(db, unit, year), expected_of(unit, year))
    wrong = [f["message"] for f in report["findings"] if f["rule_id"] in reports.SUBMITTER_RULES]
    if wrong:  # another unit's (or year's) file: not stored, so it can never be submitted or published
        raise reports.UploadRefused("；".join(wrong))
    if report.get("year") not in (None, year):
        raise reports.UploadRefused(f"数据集的年度为 {report['year']}，本次填报的是 {year} 年度")
    before = snapshot(sub)
    if sub is None:
        sub = Submission(unit_id=unit.id, year=year, state=DRAFT)
        db.add(sub)
        db.flush()
    _set_counts(sub, report)
    sub.updated_at = now()
    flag_modified(sub, "updated_at")  # a new upload is a new version of the draft, even with equal counts
    row = Upload(
        submission_id=sub.id,
        filename=filename,
        kind=kind,
        size=len(data),
        sha256=reports.sha256(data),
        content=data,
        check=report,
        uploaded_by=actor.user.id,
        original_sha256=reports.sha256(data),
    )
    db.add(row)
    db.flush()
    after = snapshot(sub) | {"upload": {"id": row.id, "filename": filename, "sha256": row.sha256}}
    if merged_text is not None:
        after["upload"]["text_file"] = merged_text
    audit(db, actor.user, "upload", "submission", sub.id, before, after, actor.ip)
    return sub, row


def expected_of(unit: Org, year: int) -> reports.Expected:
    """Whose file an upload for ``unit`` and ``year`` must be: the unit's name and code, and the year."""
    return reports.Expected(unit.name, unit.code, year)


def _set_counts(sub: Submission, report: dict[str, Any]) -> None:
    c = reports.counts(report)
    sub.n_fatal, sub.n_error, sub.n_warning, sub.n_info = c["fatal"], c["error"], c["warning"], c["info"]


# --------------------------------------------------------------------------- last year's figures


def prior_source(db: Session, unit: Org, year: int) -> reports.PriorSource | None:
    """Last year's figures for ``year``'s check: the ``data.json`` of the unit's current publication of
    ``year`` − 1, or the dataset it was published from when it has none."""
    version = prior_published(db, unit, year)
    if version is None:
        return None
    data_json = db.scalar(
        select(PublishedFile)
        .where(PublishedFile.version_id == version.id, PublishedFile.format == "json")
        .order_by(PublishedFile.id)
        .limit(1)
    )
    if data_json is not None:
        return reports.PriorSource(version.id, version.number, version.year, "json", data_json.content)
    return reports.PriorSource(
        version.id, version.number, version.year, version.dataset_kind, version.dataset_content
    )


def check_is_stale(db: Session, unit: Org, year: int, up: Upload | None) -> bool:
    """Was the upload checked against another publication of last year than the current one (last year's
    report published, or corrected, after the upload was checked)?"""
    if up is None:
        return False
    recorded = (up.check or {}).get("prior") or {}
    current = prior_published(db, unit, year)
    return recorded.get("version_id") != (current.id if current is not None else None)


def refresh_check(
    db: Session, actor: Actor | None, unit: Org, year: int, sub: Submission | None, up: Upload | None
) -> bool:
    """Check the latest upload again when its check is stale (``check_is_stale``), unless it is published;
    the counts follow, and the audit log says why. Does not flush. True when it re-checked."""
    if sub is None or up is None or sub.state == PUBLISHED or not check_is_stale(db, unit, year, up):
        return False
    before = snapshot(sub)
    report = reports.check(
        up.kind, up.content, up.filename, prior_source(db, unit, year), expected_of(unit, year)
    )
    up.check = report
    _set_counts(sub, report)
    audit(
        db,
        actor.user if actor else None,
        "recheck",
        "submission",
        sub.id,
        before,
        snapshot(sub) | {"prior": report.get("prior")},
        actor.ip if actor else "",
    )
    return True


def usable_prior(db: Session, unit: Org, year: int, up: Upload) -> reports.PriorSource | None:
    """Last year's figures as the upload's (fresh) check used them, for its preview and publication."""
    return reports.prior_usable(up.check, prior_source(db, unit, year))


def _transition(
    db: Session,
    actor: Actor,
    unit: Org,
    year: int,
    action: str,
    seen_version: int | None,
    comment: str = "",
) -> Submission:
    sub = submission_for(db, unit, year)
    _expect(sub, seen_version)
    if sub is None:
        raise Refused("该单位本年度尚未开始填报")
    if not may(actor.user, unit, action):
        raise Refused(
            "未找到" if not sees_unit(actor.user, unit) else "无权执行此操作",
            404 if not sees_unit(actor.user, unit) else 403,
        )
    if action not in allowed_actions(actor.user, unit, sub):
        raise Refused(f"当前状态（{STATES[sub.state]}）下不能执行此操作", 409)
    before = snapshot(sub)
    target = {
        "submit": SUBMITTED,
        "approve": APPROVED,
        "return": RETURNED,
        "publish": PUBLISHED,
        "reopen": RETURNED,
        "withdraw": DRAFT,
    }[action]
    if action == "submit":
        up = latest_upload(db, sub)
        if up is None:
            raise Refused("尚未上传数据，不能提交")
        rechecked = refresh_check(db, actor, unit, year, sub, up)  # last year's report may be new
        if sub.n_fatal or sub.n_error:
            why = "上年决算已公开，已按上年数重新校验：" if rechecked else ""
            raise Refused(f"{why}还有 {sub.n_fatal + sub.n_error} 个严重/错误问题未解决，不能提交")
    if action in ("return", "reopen") and not comment.strip():
        raise Refused("退回时请填写意见", field="comment")
    sub.state = target
    sub.updated_at = now()
    if comment.strip():
        db.add(Comment(submission_id=sub.id, user_id=actor.user.id, text=comment.strip()[:5000]))
    db.flush()  # raises StaleDataError when another request changed the row meanwhile
    after = snapshot(sub) | ({"comment": comment.strip()[:5000]} if comment.strip() else {})
    audit(db, actor.user, action, "submission", sub.id, before, after, actor.ip)
    notices.on_transition(db, actor.user, unit, year, action, comment)
    return sub


def submit(db: Session, actor: Actor, unit: Org, year: int, seen: int | None) -> Submission:
    return _transition(db, actor, unit, year, "submit", seen)


def approve(
    db: Session, actor: Actor, unit: Org, year: int, seen: int | None, comment: str = ""
) -> Submission:
    return _transition(db, actor, unit, year, "approve", seen, comment)


def send_back(db: Session, actor: Actor, unit: Org, year: int, seen: int | None, comment: str) -> Submission:
    return _transition(db, actor, unit, year, "return", seen, comment)


def reopen(db: Session, actor: Actor, unit: Org, year: int, seen: int | None, comment: str) -> Submission:
    """A published report needs a correction: back to the unit; its next publication is a new version."""
    return _transition(db, actor, unit, year, "reopen", seen, comment)


def withdraw(db: Session, actor: Actor, unit: Org, year: int, seen: int | None) -> Submission:
    """The unit takes back a submission no reviewer has acted on yet (撤回): draft again, to be changed."""
    return _transition(db, actor, unit, year, "withdraw", seen)


def publish(
    db: Session,
    actor: Actor,
    unit: Org,
    year: int,
    seen: int | None,
    formats: tuple[str, ...],
    correction_note: str = "",
) -> PublishedVersion:
    """Publish the approved submission as a new immutable version; a correction (第2版 on) needs its
    更正说明 (``correction_note``), shown on the public page beside the link to the version it corrects."""
    sub = submission_for(db, unit, year)
    _expect(sub, seen)
    if not may(actor.user, unit, "publish"):
        raise Refused("无权执行此操作", 403)
    if sub is None or "publish" not in allowed_actions(actor.user, unit, sub):
        raise Refused("只有已审核的申报可以公开", 409)
    previous = versions_of(db, unit, year)
    number = (previous[0].number + 1) if previous else 1
    note = _plain_text(correction_note)[:5000]
    if previous and not note:
        raise Refused(
            f"这是对已公开报告的更正（第{number}版），请填写更正说明：更正了什么、为什么更正",
            field="correction_note",
        )
    up = latest_upload(db, sub)
    if up is None:
        raise Refused("没有可公开的数据")
    refresh_check(db, actor, unit, year, sub, up)
    try:
        title, files = reports.publish_outputs(up.kind, up.content, formats, usable_prior(db, unit, year, up))
    except reports.CheckFailed as exc:
        raise Refused(f"数据未通过校验，不能公开（{exc}）") from None
    version = PublishedVersion(
        submission_id=sub.id,
        unit_id=unit.id,
        year=year,
        number=number,
        title=title,
        dataset_filename=up.filename,
        dataset_kind=up.kind,
        dataset_content=up.content,
        dataset_sha256=up.sha256,
        published_by=actor.user.id,
        correction_note=note or None,
    )
    db.add(version)
    db.flush()
    for name, content in sorted(files.items()):
        fmt = reports.FILE_FORMATS.get(name, "other")
        db.add(
            PublishedFile(
                version_id=version.id,
                name=name,
                format=fmt,
                media_type=reports.MEDIA_TYPES.get(fmt, "application/octet-stream"),
                size=len(content),
                sha256=reports.sha256(content),
                content=content,
            )
        )
    for old in previous:
        if old.superseded_at is None:
            old.superseded_at = now()
            old.superseded_by_id = version.id
    _transition(db, actor, unit, year, "publish", None)
    audit(
        db,
        actor.user,
        "publish_version",
        "published_version",
        version.id,
        None,
        {
            "number": number,
            "dataset_sha256": up.sha256,
            "files": {n: reports.sha256(c) for n, c in files.items()},
        }
        | ({"correction_note": note} if note else {}),
        actor.ip,
    )
    following = submission_for(db, unit, year + 1)  # next year's draft now has last year's figures
    refresh_check(db, actor, unit, year + 1, following, latest_upload(db, following))
    return version


FIELD_CONFLICT = "此项已在其他窗口或由他人修改，您的修改未保存；请刷新页面，看到最新内容后再修改"


def _plain_text(text: str) -> str:
    return text.replace("\r\n", "\n").replace("\r", "\n").strip()


def edit_text(
    db: Session,
    actor: Actor,
    unit: Org,
    year: int,
    key: str,
    text: str,
    seen_version: int | None,
    base: str | None = None,
    upload_id: int | None = None,
) -> tuple[Submission, Upload]:
    """Set one text field of the stored dataset, re-check it and bump the version.

    Field-level optimistic concurrency when ``base`` (the field's text as the page last had it) is given:
    the edit is refused (409) only when this very field changed since (another tab or person saved a
    different text), or the data was uploaded again (``upload_id``); two tabs editing different fields
    both save. Without ``base`` the whole submission's ``seen_version`` guards, as for every other action.
    """
    sub = submission_for(db, unit, year)
    if not edits_unit(actor.user, unit):
        raise Refused("只有本单位的填报人可以修改", 403)
    if seen_version is None and base is None:
        raise Refused("缺少页面版本号，请刷新页面后重试", 400)
    if base is None:
        _expect(sub, seen_version)
    up = latest_upload(db, sub)
    if sub is None or up is None:
        raise Refused("请先上传数据集或工作簿")
    if sub.state not in (DRAFT, RETURNED):
        raise Refused(f"当前状态（{STATES[sub.state]}）不能修改：已提交的申报需先由审核人退回", 409)
    if upload_id is not None and upload_id != up.id:
        raise Refused("数据已重新上传，您的修改未保存；请刷新页面后再修改", 409, field=key)
    text = _plain_text(text)
    if len(text) > texts.MAX_TEXT:
        raise Refused(f"文字过长（上限 {texts.MAX_TEXT} 字）")
    fields = {f["key"]: f for f in texts.fields(up.kind, up.content)}
    current = {k: f["value"] for k, f in fields.items()}
    if key not in current:
        raise Refused("没有这个文字字段", 404)
    if current[key] == text:
        return sub, up
    if base is not None and _plain_text(current[key] or "") != _plain_text(base):
        raise Refused(FIELD_CONFLICT, 409, field=key)
    try:
        content = texts.apply(up.kind, up.content, key, text, fields[key]["match"] or None)
    except ValueError as exc:
        raise Refused(f"无法修改：{exc}") from None
    report = reports.check(
        up.kind, content, up.filename, prior_source(db, unit, year), expected_of(unit, year)
    )
    up.content, up.size, up.sha256, up.check = content, len(content), reports.sha256(content), report
    before = snapshot(sub) | {"field": key, "text": current[key]}
    _set_counts(sub, report)
    sub.updated_at = now()
    flag_modified(sub, "updated_at")
    db.flush()  # UPDATE … WHERE version = :seen; StaleDataError (409) when another tab saved meanwhile
    after = snapshot(sub) | {"field": key, "text": text, "sha256": up.sha256}
    audit(db, actor.user, "edit_text", "submission", sub.id, before, after, actor.ip)
    return sub, up


def _finding(sub: Submission | None, db: Session, fingerprint: str) -> dict[str, Any]:
    up = latest_upload(db, sub)
    for f in (up.check if up else {}).get("findings", []):
        if f.get("fingerprint") == fingerprint:
            return f
    raise Refused("当前数据中没有这个问题", 404)


def comment_finding(db: Session, actor: Actor, unit: Org, year: int, fingerprint: str, text: str) -> Comment:
    sub = submission_for(db, unit, year)
    if not (reviews_unit(actor.user, unit) or edits_unit(actor.user, unit)):
        raise Refused("无权执行此操作", 403)
    _finding(sub, db, fingerprint)
    if not text.strip():
        raise Refused("请填写意见", field="comment")
    row = Comment(
        submission_id=sub.id, user_id=actor.user.id, text=text.strip()[:5000], fingerprint=fingerprint
    )
    db.add(row)
    db.flush()
    audit(
        db,
        actor.user,
        "comment",
        "submission",
        sub.id,
        None,
        {"finding": fingerprint, "comment": row.text},
        actor.ip,
    )
    return row


def waive(db: Session, actor: Actor, unit: Org, year: int, fingerprint: str, reason: str) -> FindingWaiver:
    """A reviewer waives a warning (never an error or a fatal problem), with a reason."""
    sub = submission_for(db, unit, year)
    if not reviews_unit(actor.user, unit):
        raise Refused("只有审核人可以豁免问题", 403)
    if sub.state == PUBLISHED:
        raise Refused("已公开的申报不能修改", 409)
    finding = _finding(sub, db, fingerprint)
    if finding["severity"] != "warning":
        raise Refused("只有警告可以豁免；严重问题和错误必须修改数据", 400)
    if not reason.strip():
        raise Refused("豁免时请填写理由", field="reason")
    row = db.scalar(
        select(FindingWaiver).where(
            FindingWaiver.submission_id == sub.id, FindingWaiver.fingerprint == fingerprint
        )
    )
    if row is not None:
        raise Refused("该问题已被豁免", 409)
    row = FindingWaiver(
        submission_id=sub.id, fingerprint=fingerprint, reason=reason.strip()[:2000], user_id=actor.user.id
    )
    db.add(row)
    db.flush()
    audit(
        db,
        actor.user,
        "waive",
        "submission",
        sub.id,
        None,
        {"finding": fingerprint, "rule_id": finding["rule_id"], "reason": row.reason},
        actor.ip,
    )
    return row


def waivers_of(db: Session, sub: Submission | None) -> dict[str, FindingWaiver]:
    if sub is None:
        return {}
    return {
        w.fingerprint: w
        for w in db.scalars(select(FindingWaiver).where(FindingWaiver.submission_id == sub.id))
    }


def prior_published(db: Session, unit: Org, year: int) -> PublishedVersion | None:
    """The unit's current (not superseded) publication of the year before."""
    return db.scalar(
        select(PublishedVersion)
        .where(
            PublishedVersion.unit_id == unit.id,
            PublishedVersion.year == year - 1,
            PublishedVersion.superseded_at.is_(None),
        )
        .order_by(PublishedVersion.number.desc())
        .limit(1)
    )


def unit_counts(db: Session) -> int:
    return db.scalar(select(func.count()).select_from(Org).where(Org.kind == "unit")) or 0
