"""A unit's submission: its page, uploads, preview, text fields, findings and state changes."""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm.exc import StaleDataError
from starlette.responses import HTMLResponse, JSONResponse, Response

from juesuan.api import CheckReport, Finding, Location
from juesuan_web import labels, progress, reports, security, texts, workflow
from juesuan_web.framework import (
    SEVERITY_LABELS,
    Ctx,
    HTTPError,
    Page,
    download,
    draft_marked,
    org_dict,
    report_headers,
    visible_unit,
)
from juesuan_web.models import (
    DRAFT,
    NOT_STARTED,
    PUBLISHED,
    RETURNED,
    STATE_LABELS,
    AuditEntry,
    Comment,
    Org,
    Upload,
    counts_of,
)
from juesuan_web.versions import published_list
from juesuan_web.views import settings as deadlines
from juesuan_web.workflow import Actor

ACTIONS = {"submit", "approve", "return", "publish", "reopen", "withdraw"}


def _findings(
    check: dict[str, Any] | None,
    field_labels: dict[str, str] | None = None,
    waivers: dict[str, Any] | None = None,
    comments: list[dict[str, Any]] | None = None,
) -> dict[str, list[dict[str, Any]]]:
    """Findings by severity; each location links to its form field (a text key) or to its cell, by its
    Chinese name (``label``), never by the dataset's key path."""
    groups: dict[str, list[dict[str, Any]]] = {s: [] for s in SEVERITY_LABELS}
    fields = field_labels or {}
    year = (check or {}).get("year")
    for f in (check or {}).get("findings", []):
        f = dict(f)
        f["locations"] = [
            dict(loc)
            | {
                "anchor": f"field-{loc['key']}" if loc.get("key") in fields else None,
                "label": labels.key_label(loc.get("key", ""), fields, year),
            }
            for loc in f.get("locations", [])
        ]
        for loc in sorted(f["locations"], key=lambda loc: -len(loc.get("key") or "")):
            if loc.get("key") and loc["label"]:  # the engine's message names the place by its key path
                for part in ("message", "hint"):
                    f[part] = str(f.get(part) or "").replace(loc["key"], loc["label"])
        w = (waivers or {}).get(f.get("fingerprint"))
        f["waived"] = (
            None
            if w is None or f["severity"] != "warning"
            else {"reason": w.reason, "user": w.user.display_name or w.user.username, "at": w.at}
        )
        f["comments"] = [
            c for c in comments or [] if c["fingerprint"] and c["fingerprint"] == f.get("fingerprint")
        ]
        groups.setdefault(f["severity"], []).append(f)
    return groups


def _prior_info(ctx: Ctx, unit: Org, year: int, up: Upload | None) -> dict[str, Any]:
    """Where last year's figures come from: the publication of the year before, as the check recorded it."""
    current = workflow.prior_published(ctx.db, unit, year)
    record = (up.check or {}).get("prior") if up is not None else None
    info: dict[str, Any] = {
        "year": year - 1,
        "published": None if current is None else {"id": current.id, "number": current.number},
        "record": record,
    }
    # One note, one wording: where 上年数 come from (the page says it once, here).
    label = f"{year - 1}年度已公开决算" + (f"第{record['number']}版" if record else "")
    typed = "上年数取自上传中填写的数字"
    if up is None:
        info["note"] = (
            f"上年数取自{year - 1}年度已公开决算第{current.number}版，无需另行填写。"
            if current is not None
            else f"{typed}：本单位没有已公开的{year - 1}年度决算。"
        )
    elif not record:
        info["note"] = f"{typed}：本单位没有已公开的{year - 1}年度决算（未填写的不作比较）。"
    elif record.get("used"):
        source = "data.json" if record.get("source") == "data.json" else "公开时的数据集"
        info["note"] = f"上年数取自{label}（{source}）。"
    elif record.get("problem"):
        info["note"] = f"{typed}：{label}无法使用（{record['problem']}）。"
    else:
        info["note"] = f"{typed}（{label}未使用）。"
    return info


def unit_page(ctx: Ctx, unit_id: int, year: int) -> Response:
    """A unit's submission of a year: state, upload, findings, text fields, last year's source, history."""
    unit = visible_unit(ctx, unit_id)
    sub = workflow.submission_for(ctx.db, unit, year)
    up = workflow.latest_upload(ctx.db, sub)
    if workflow.refresh_check(ctx.db, Actor(ctx.user, ctx.ip), unit, year, sub, up):
        ctx.db.flush()  # last year's report was published since the check: the page shows the new one
    comments = []
    history = []
    if sub is not None:
        comments = [
            {
                "user": c.user.display_name or c.user.username,
                "text": c.text,
                "at": c.at,
                "fingerprint": c.fingerprint,
            }
            for c in ctx.db.scalars(
                select(Comment).where(Comment.submission_id == sub.id).order_by(Comment.id)
            )
        ]
        history = [
            {
                "at": a.at,
                "user": a.username,
                "action": a.action,
                "before": a.before,
                "after": a.after,
                "field_label": labels.key_label((a.after or {}).get("field", ""))
                if a.action == "edit_text"
                else "",
            }
            for a in ctx.db.scalars(
                select(AuditEntry)
                .where(AuditEntry.object_type == "submission", AuditEntry.object_id == sub.id)
                .order_by(AuditEntry.id)
            )
        ]
    sent_back = next(
        (
            {
                "action": h["action"],
                "user": h["user"],
                "at": h["at"],
                "comment": (h["after"] or {}).get("comment", ""),
            }
            for h in reversed(history)
            if h["action"] in ("return", "reopen")
        ),
        None,
    )
    versions = published_list(ctx.db, unit, year)
    dept = ctx.db.get(Org, unit.parent_id) if unit.parent_id else None
    waivers = workflow.waivers_of(ctx.db, sub)
    editable = "upload" in workflow.allowed_actions(ctx.user, unit, sub) and up is not None
    fields: list[dict[str, Any]] = []
    if up is not None:
        fields = texts.fields(up.kind, up.content)
        prior = workflow.prior_published(ctx.db, unit, year) if editable else None
        previous = texts.prior_values(prior.dataset_kind, prior.dataset_content, fields) if prior else {}
        for f in fields:
            f["previous"] = previous.get(f["key"])
    return ctx.render(
        "unit.html",
        {
            "title": f"{unit.name} {year}年度",
            "unit": org_dict(unit),
            "department": org_dict(dept),
            "year": year,
            "submission": None
            if sub is None
            else {
                "id": sub.id,
                "state": sub.state,
                "state_label": STATE_LABELS[sub.state],
                "version": sub.version,
                "counts": counts_of(sub),
                "updated_at": sub.updated_at,
            },
            "upload": None
            if up is None
            else {
                "id": up.id,
                "filename": up.filename,
                "kind": up.kind,
                "size": up.size,
                "sha256": up.sha256,
                "uploaded_at": up.uploaded_at,
            },
            "findings": _findings(
                up.check if up else None, {f["key"]: f["label"] for f in fields}, waivers, comments
            ),
            "waived": sum(
                1
                for f in (up.check if up else {}).get("findings", [])
                if f["severity"] == "warning" and f.get("fingerprint") in waivers
            ),
            "actions": workflow.allowed_actions(ctx.user, unit, sub),
            "reviews": workflow.reviews_unit(ctx.user, unit) and sub is not None and sub.state != "published",
            "text_fields": fields,
            "editable": editable,
            "comments": [c for c in comments if not c["fingerprint"]],
            "history": history,
            # why it came back to the unit, shown at the top while the unit is to act on it
            "sent_back": sent_back if sub is not None and sub.state in (RETURNED, DRAFT) else None,
            "versions": versions,
            "prior": _prior_info(ctx, unit, year, up),
            "max_upload_mb": ctx.settings.max_upload_bytes // 1048576,
            "deadline": progress.unit_deadline(
                deadlines.deadline(ctx.db, year),
                deadlines.today(),
                sub.state if sub is not None else NOT_STARTED,
                deadlines.OVERDUE_STATES,
            ),
        },
    )


def preview(ctx: Ctx, unit_id: int, year: int) -> Response:
    """The HTML report exactly as it would be published (marked 未通过校验 while the check fails)."""
    unit = visible_unit(ctx, unit_id)
    sub = workflow.submission_for(ctx.db, unit, year)
    up = workflow.latest_upload(ctx.db, sub)
    if up is None:
        raise HTTPError(404, "尚未上传数据，无法预览")
    workflow.refresh_check(ctx.db, Actor(ctx.user, ctx.ip), unit, year, sub, up)
    html = reports.preview_html(up.kind, up.content, workflow.usable_prior(ctx.db, unit, year, up))
    if html is None:
        raise HTTPError(422, "数据无法读取（有严重问题），无法生成预览；请先处理问题清单中的严重问题")
    if sub is None or sub.state != PUBLISHED:
        html = draft_marked(ctx, html, STATE_LABELS[sub.state if sub is not None else DRAFT])
    if ctx.want_json:
        return JSONResponse({"ok": True, "upload_id": up.id, "html": html})
    return HTMLResponse(html, headers=report_headers())


def upload_file(ctx: Ctx, unit_id: int, year: int, upload_id: int) -> Response:
    """An uploaded file as stored (JSON: its name, SHA-256 and stored check)."""
    unit = visible_unit(ctx, unit_id)
    sub = workflow.submission_for(ctx.db, unit, year)
    up = ctx.db.get(Upload, upload_id)
    if up is None or sub is None or up.submission_id != sub.id:
        raise HTTPError(404, "未找到该文件")
    if ctx.want_json:
        return JSONResponse(
            {"ok": True, "id": up.id, "filename": up.filename, "sha256": up.sha256, "check": up.check}
        )
    return download(up.content, "application/octet-stream", up.filename)


XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


def _profile_of(up: Upload | None) -> str:
    """The table set (profile) of the unit's current upload; the engine's default when it has none or it
    cannot be read."""
    from juesuan.api import default_profile, load_dataset

    default = default_profile()
    if up is None:
        return default
    try:
        with reports.materialised(up.kind, up.content) as path:
            return str(load_dataset(path).dataset.department.profile)
    except Exception:  # an unreadable upload: the blank workbook is still the default one
        return default


def blank_template(ctx: Ctx, unit_id: int, year: int) -> Response:
    """The blank 公开表 workbook (``juesuan template``) of the unit's profile (its upload's), for ``year``."""
    from juesuan.api import write_template

    unit = visible_unit(ctx, unit_id)
    up = workflow.latest_upload(ctx.db, workflow.submission_for(ctx.db, unit, year))
    profile = _profile_of(up)
    if ctx.want_json:
        return JSONResponse({"ok": True, "profile": profile, "year": year})
    return download(write_template(profile, year), XLSX_TYPE, f"{unit.name}{year}年度公开表（空白）.xlsx")


def _report_of(check: dict[str, Any] | None) -> CheckReport:
    """The stored check (``Upload.check``) as the engine's report, for :func:`annotate`."""
    check = check or {}
    return CheckReport(
        source=str(check.get("source", "")),
        department=str(check.get("department") or ""),
        year=check.get("year"),
        findings=[
            Finding(
                rule_id=f["rule_id"],
                severity=f["severity"],
                title=f.get("title", ""),
                message=f.get("message", ""),
                params=dict(f.get("params") or {}),
                locations=tuple(Location(**loc) for loc in f.get("locations", [])),
                hint=f.get("hint", ""),
                fingerprint=f.get("fingerprint", ""),
            )
            for f in check.get("findings", [])
        ],
    )


def annotated(ctx: Ctx, unit_id: int, year: int) -> Response:
    """The current upload, when it is a workbook, with the check's findings as cell comments
    (``juesuan check --annotate``); 404 when there is none or it is a YAML dataset."""
    from juesuan.api import annotate

    unit = visible_unit(ctx, unit_id)
    sub = workflow.submission_for(ctx.db, unit, year)
    up = workflow.latest_upload(ctx.db, sub)
    if up is None or up.kind != reports.XLSX:
        raise HTTPError(404, "当前数据不是工作簿，没有批注版")
    workflow.refresh_check(ctx.db, Actor(ctx.user, ctx.ip), unit, year, sub, up)
    if ctx.want_json:
        return JSONResponse({"ok": True, "upload_id": up.id, "findings": len(up.check.get("findings", []))})
    try:
        with reports.materialised(up.kind, up.content) as path:
            data = annotate(path, _report_of(up.check))
    except Exception as err:  # not an .xlsx openpyxl can open
        raise HTTPError(422, "工作簿无法打开，无法生成批注版") from err
    stem = up.filename.rsplit(".", 1)[0] if "." in up.filename else up.filename
    return download(data, XLSX_TYPE, f"{stem}（校验批注）.xlsx")


def upload(ctx: Ctx, unit_id: int, year: int) -> Response:
    """Upload the 公开表 workbook or a YAML dataset (``file``), optionally with a text file (``texts``)."""
    unit = visible_unit(ctx, unit_id)
    if "file" not in ctx.files or not ctx.files["file"][0]:
        raise HTTPError(400, "请选择要上传的文件", "file")
    raw_name, data = ctx.files["file"]
    name = security.safe_filename(raw_name)
    text_file = None
    if "texts" in ctx.files and ctx.files["texts"][0]:  # optional: the text YAML of a workbook
        text_name, text_data = ctx.files["texts"]
        text_file = (security.safe_filename(text_name), text_data)
    sub, up = workflow.upload(
        ctx.db,
        Actor(ctx.user, ctx.ip),
        unit,
        year,
        name,
        data,
        ctx.settings.max_upload_bytes,
        ctx.int_field("version"),
        text_file,
    )
    return ctx.done(
        f"/units/{unit.id}/{year}",
        {"submission_id": sub.id, "upload_id": up.id, "check": up.check},
        "uploaded",
        filename=name,
        **counts_of(sub),
    )


def act(ctx: Ctx, unit_id: int, year: int, action: str) -> Response:
    """A state change: ``submit``, ``withdraw``, ``approve``, ``return``, ``publish`` or ``reopen``
    (``version`` guards); a correction's ``publish`` carries its ``correction_note``."""
    if action not in ACTIONS:
        raise HTTPError(404, "页面不存在")
    unit = visible_unit(ctx, unit_id)
    actor = Actor(ctx.user, ctx.ip)
    seen = ctx.int_field("version")
    comment = ctx.field("comment")
    if action == "submit":
        sub = workflow.submit(ctx.db, actor, unit, year, seen)
    elif action == "withdraw":
        sub = workflow.withdraw(ctx.db, actor, unit, year, seen)
    elif action == "approve":
        sub = workflow.approve(ctx.db, actor, unit, year, seen, comment)
    elif action == "return":
        sub = workflow.send_back(ctx.db, actor, unit, year, seen, comment)
    elif action == "reopen":
        sub = workflow.reopen(ctx.db, actor, unit, year, seen, comment)
    else:
        v = workflow.publish(
            ctx.db, actor, unit, year, seen, ctx.settings.publish_formats, ctx.field("correction_note")
        )
        return ctx.done(
            f"/public/{v.id}", {"version_id": v.id, "number": v.number}, "published", number=v.number
        )
    return ctx.done(
        f"/units/{unit.id}/{year}", {"state": sub.state, "version": sub.version}, "action_done", action=action
    )


def edit_text(ctx: Ctx, unit_id: int, year: int) -> Response:
    """Save one text field as the user types (JSON in, JSON out). With ``base`` (the field's text as the
    page had it) and ``upload``, only a change to the same field by another tab is a conflict (409);
    without, the submission's ``version`` guards."""
    unit = visible_unit(ctx, unit_id)
    base = ctx.form.get("base") if ctx.form is not None else None
    for attempt in (1, 2):
        try:
            sub, up = workflow.edit_text(
                ctx.db,
                Actor(ctx.user, ctx.ip),
                unit,
                year,
                ctx.field("key"),
                ctx.field("text"),
                ctx.int_field("version"),
                base if isinstance(base, str) else None,
                ctx.int_field("upload"),
            )
            break
        except StaleDataError:
            # another field was saved at the same moment: with ``base`` try once more on the fresh row
            # (the same field changed meanwhile is then refused as a conflict)
            if base is None or attempt == 2:
                raise
            ctx.db.rollback()
            unit = visible_unit(ctx, unit_id)
    return JSONResponse(
        {
            "ok": True,
            "version": sub.version,
            "counts": counts_of(sub),
            "sha256": up.sha256,
            "upload": up.id,
        }
    )


def finding_action(ctx: Ctx, unit_id: int, year: int, fingerprint: str, what: str) -> Response:
    """Comment on a finding (``comment``) or waive a warning with a reason (``waive``), by fingerprint."""
    unit = visible_unit(ctx, unit_id)
    actor = Actor(ctx.user, ctx.ip)
    if what == "comment":
        workflow.comment_finding(ctx.db, actor, unit, year, fingerprint, ctx.field("comment"))
    elif what == "waive":
        workflow.waive(ctx.db, actor, unit, year, fingerprint, ctx.field("reason"))
    else:
        raise HTTPError(404, "页面不存在")
    return ctx.done(
        f"/units/{unit.id}/{year}#finding-{fingerprint}", None, "commented" if what == "comment" else "waived"
    )


ROUTES = [
    Page("/units/{unit_id:int}/{year:int}", unit_page, login=True),
    Page("/units/{unit_id:int}/{year:int}/preview", preview, login=True),
    Page("/units/{unit_id:int}/{year:int}/uploads/{upload_id:int}", upload_file, login=True),
    Page("/units/{unit_id:int}/{year:int}/template.xlsx", blank_template, login=True),
    Page("/units/{unit_id:int}/{year:int}/annotated.xlsx", annotated, login=True),
    Page("/units/{unit_id:int}/{year:int}/upload", upload, login=True, methods=("POST",), form=unit_page),
    Page("/units/{unit_id:int}/{year:int}/text", edit_text, login=True, methods=("POST",)),
    Page(
        "/units/{unit_id:int}/{year:int}/findings/{fingerprint:str}/{what:str}",
        finding_action,
        login=True,
        methods=("POST",),
        form=unit_page,
    ),
    Page("/units/{unit_id:int}/{year:int}/{action:str}", act, login=True, methods=("POST",), form=unit_page),
]
