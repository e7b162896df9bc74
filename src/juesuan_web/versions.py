"""Versions and corrections of a submission, and the reviewers' bulk actions.

Every upload of a submission is kept (its own row: who, when, the file's name and SHA-256; an edit of a
text in the form changes that upload's stored copy, and ``Upload.original_sha256`` keeps the hash of the
file as it was sent). Any two uploads can be compared: the figures the engine reads from each (the entered
figures of its ledger, in 万元, named in Chinese) and the texts of the report's fields, as a character diff.

Bulk actions approve or publish several submissions, each in its own transaction: one that is refused does
not stop the others, and each outcome is in the audit log.
"""

from __future__ import annotations

import difflib
import logging
import threading
from collections import OrderedDict
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from juesuan_web import labels, reports, texts, workflow
from juesuan_web.models import (
    STATE_LABELS,
    Org,
    PublishedVersion,
    Submission,
    Upload,
    User,
    counts_of,
)
from juesuan_web.workflow import Actor, Refused

log = logging.getLogger(__name__)

# --------------------------------------------------------------------------- history


def uploads_of(db: Session, sub: Submission | None) -> list[Upload]:
    """The submission's uploads, oldest first (the first is 第1次上传)."""
    if sub is None:
        return []
    return list(db.scalars(select(Upload).where(Upload.submission_id == sub.id).order_by(Upload.id)))


def history(db: Session, sub: Submission | None) -> list[dict[str, Any]]:
    """Each upload: its number, who uploaded it and when, the file, its SHA-256 (as sent and as now, after
    text edits in the form), the check's counts, and the published version made from it, if any."""
    rows = uploads_of(db, sub)
    users = {u.id: u for u in db.scalars(select(User).where(User.id.in_({r.uploaded_by for r in rows})))}
    published: dict[str, list[int]] = {}
    if sub is not None:
        for v in db.scalars(
            select(PublishedVersion)
            .where(PublishedVersion.submission_id == sub.id)
            .order_by(PublishedVersion.number)
        ):
            published.setdefault(v.dataset_sha256, []).append(v.number)
    out = []
    for n, up in enumerate(rows, 1):
        who = users.get(up.uploaded_by)
        out.append(
            {
                "id": up.id,
                "number": n,
                "filename": up.filename,
                "kind": up.kind,
                "size": up.size,
                "sha256": up.sha256,
                "original_sha256": up.original_sha256,
                "edited": up.original_sha256 is not None and up.original_sha256 != up.sha256,
                "uploaded_at": up.uploaded_at,
                "user": (who.display_name or who.username) if who else "",
                "counts": reports.counts(up.check or {}),
                "published_as": published.get(up.sha256, []),
            }
        )
    return out


def published_list(db: Session, unit: Org, year: int) -> list[dict[str, Any]]:
    """The unit's published versions of the year, newest first, each with its 更正说明."""
    return [
        {
            "id": v.id,
            "number": v.number,
            "published_at": v.published_at,
            "superseded": v.superseded_at is not None,
            "correction_note": v.correction_note,
        }
        for v in workflow.versions_of(db, unit, year)
    ]


# --------------------------------------------------------------------------- comparison


@dataclass(frozen=True)
class Read:
    """What the comparison needs of one upload: its entered figures (key → label, value in 万元) and its
    texts (label → text); ``problem`` when the engine could not read its figures."""

    figures: dict[str, tuple[str, Decimal]]
    texts: dict[str, str]
    problem: str | None = None


_CACHE: OrderedDict[tuple[str, str], Read] = OrderedDict()
_CACHE_SIZE = 64
_LOCK = threading.Lock()


def read(kind: str, content: bytes, year: int | None = None) -> Read:
    """The upload read by the engine (``load_any``, then ``derive``): the figures entered in it as its
    ledger holds them; kept by SHA-256, since a stored content never changes under the same hash."""
    key = (kind, reports.sha256(content))
    with _LOCK:
        if key in _CACHE:
            _CACHE.move_to_end(key)
            return _CACHE[key]
    result = _read(kind, content, year)
    with _LOCK:
        _CACHE[key] = result
        while len(_CACHE) > _CACHE_SIZE:
            _CACHE.popitem(last=False)
    return result


def _read(kind: str, content: bytes, year: int | None) -> Read:
    from juesuan.api import InputError, derive, load_dataset

    text_values = {f["label"]: str(f["value"] or "") for f in texts.fields(kind, content)}
    try:
        with reports.materialised(kind, content) as path:
            loaded = load_dataset(path)
            derived = derive(loaded)
    except InputError as err:
        return Read({}, text_values, "；".join(str(p.message) for p in err.problems[:3]) or "数据无法读取")
    except Exception as err:  # a dataset the engine cannot derive: the texts are still compared
        return Read({}, text_values, f"数据无法读取（{type(err).__name__}）")
    figures: dict[str, tuple[str, Decimal]] = {}
    profile = str(loaded.dataset.department.profile)
    y = year or loaded.dataset.department.year
    for fig in derived.ledger.figures.values():
        if fig.op != "input" or fig.value is None or fig.kind != "amount":
            continue
        where = fig.source.key if fig.source is not None else ""
        figures[fig.key] = (figure_label(fig.key, where, y, profile), fig.value)
    return Read(figures, text_values)


def figure_label(key: str, where: str, year: int | None, profile: str = "sichuan") -> str:
    """A ledger figure's Chinese name: by its ledger key (``func.2010301.income.general_budget`` → 2010301
    行政运行·收入·一般公共预算), else by its place in the dataset; the key itself only when neither names
    it."""
    return (
        labels.key_label(key, year=year, profile=profile)
        or labels.key_label(where, year=year, profile=profile)
        or key
    )


def _money(value: Decimal | None) -> str:
    from juesuan.api import format_amount

    return "—" if value is None else format_amount(value, 2, thousands=True)


def text_diff(old: str, new: str) -> list[dict[str, str]]:
    """A readable diff of two texts, character by character (Chinese has no spaces between words):
    segments ``{"op": "equal" | "delete" | "insert", "text": …}`` in reading order. One or two unchanged
    characters between two changes are folded into the change, so a rewritten phrase reads as one deletion
    and one insertion rather than as fragments."""
    matcher = difflib.SequenceMatcher(None, old, new, autojunk=False)
    ops = matcher.get_opcodes()
    out: list[dict[str, str]] = []
    deleted, inserted = "", ""
    for n, (op, i1, i2, j1, j2) in enumerate(ops):
        inside = 0 < n < len(ops) - 1
        if op == "equal" and not (inside and i2 - i1 <= 2):
            if deleted:
                out.append({"op": "delete", "text": deleted})
            if inserted:
                out.append({"op": "insert", "text": inserted})
            deleted, inserted = "", ""
            out.append({"op": "equal", "text": old[i1:i2]})
            continue
        deleted += old[i1:i2]
        inserted += new[j1:j2]
    if deleted:
        out.append({"op": "delete", "text": deleted})
    if inserted:
        out.append({"op": "insert", "text": inserted})
    return out


@dataclass(frozen=True)
class Side:
    """One side of a comparison: an upload (``token`` its id) or the data a version was published from
    (``token`` ``v`` and the version's id), with what a person calls it."""

    token: str
    label: str
    kind: str
    content: bytes
    sha256: str


def side(db: Session, sub: Submission | None, token: str) -> Side | None:
    """The upload or published version ``token`` names, when it is this submission's."""
    if sub is None:
        return None
    if token.isdigit():
        up = db.get(Upload, int(token))
        if up is None or up.submission_id != sub.id:
            return None
        earlier = select(func.count()).where(Upload.submission_id == sub.id, Upload.id <= up.id)
        number = db.scalar(earlier) or 1
        return Side(token, f"第{number}次上传", up.kind, up.content, up.sha256)
    if token.startswith("v") and token[1:].isdigit():
        v = db.get(PublishedVersion, int(token[1:]))
        if v is None or v.submission_id != sub.id:
            return None
        return Side(token, f"已公开第{v.number}版", v.dataset_kind, v.dataset_content, v.dataset_sha256)
    return None


def compare(old: Side, new: Side, year: int | None = None) -> dict[str, Any]:
    """The differences from ``old`` to ``new``: figures that changed (label, old → new, difference, in
    万元; added or removed ones with — on the missing side) and texts that changed (with a diff)."""
    a, b = read(old.kind, old.content, year), read(new.kind, new.content, year)
    figures = []
    for key in list(a.figures) + [k for k in b.figures if k not in a.figures]:
        before, after = a.figures.get(key), b.figures.get(key)
        va, vb = (before[1] if before else None), (after[1] if after else None)
        if va == vb:
            continue
        diff = (vb - va) if va is not None and vb is not None else None
        figures.append(
            {
                "key": key,
                "label": (after or before or (key, None))[0],
                "old": None if va is None else str(va),
                "new": None if vb is None else str(vb),
                "difference": None if diff is None else str(diff),
                "old_display": _money(va),
                "new_display": _money(vb),
                "difference_display": "—" if diff is None else ("+" if diff > 0 else "") + _money(diff),
            }
        )
    changed_texts = []
    for label in list(a.texts) + [k for k in b.texts if k not in a.texts]:
        ta, tb = a.texts.get(label, ""), b.texts.get(label, "")
        if ta == tb:
            continue
        changed_texts.append({"label": label, "old": ta, "new": tb, "diff": text_diff(ta, tb)})
    return {
        "unit": "万元",
        "figures": figures,
        "texts": changed_texts,
        "problems": {"old": a.problem, "new": b.problem},
        "same_file": old.sha256 == new.sha256,
    }


# --------------------------------------------------------------------------- bulk actions


@dataclass
class Outcome:
    """What became of one submission in a bulk action."""

    unit_id: int
    name: str
    ok: bool
    message: str
    state: str | None = None
    version_id: int | None = None
    number: int | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "unit_id": self.unit_id,
            "name": self.name,
            "ok": self.ok,
            "message": self.message,
            "state": self.state,
            "state_label": STATE_LABELS.get(self.state or "", ""),
            "version_id": self.version_id,
            "number": self.number,
        }


def run_one(
    db: Session,
    actor: Actor,
    action: str,
    unit_id: int,
    year: int,
    formats: tuple[str, ...] = (),
    note: str = "",
) -> Outcome:
    """``approve`` or ``publish`` one unit's submission in its own transaction (committed, or rolled back
    and the refusal recorded in the audit log), so the next one starts clean whatever became of this. A
    unit the user may not see is reported as not found, and nothing is recorded about it."""
    unit = db.get(Org, unit_id)
    if unit is None or not workflow.sees_unit(actor.user, unit):
        return Outcome(unit_id, f"单位 {unit_id}", False, "未找到该单位，或您无权查看")
    name = unit.name
    try:
        if action == "approve":
            sub = workflow.approve(db, actor, unit, year, None)
            db.commit()
            return Outcome(unit_id, name, True, "已审核通过", sub.state)
        version = workflow.publish(db, actor, unit, year, None, formats, note)
        number, version_id = version.number, version.id
        db.commit()
        return Outcome(unit_id, name, True, f"已公开第{number}版", "published", version_id, number)
    except Refused as exc:
        message = exc.message
    except (StaleDataError, IntegrityError):
        message = "该申报已被他人同时处理，未执行"
    except Exception:  # one unit's unexpected failure (a renderer's crash) must not stop the others
        log.exception("bulk %s of unit %s failed", action, unit_id)
        message = "系统内部错误，未执行；请稍后单独重试或联系管理员"
    db.rollback()
    workflow.audit(
        db,
        actor.user,
        "bulk_refused",
        "submission",
        _submission_id(db, unit_id, year),
        None,
        {"bulk_action": action, "error": message},
        actor.ip,
    )
    db.commit()
    return Outcome(unit_id, name, False, message)


def _submission_id(db: Session, unit_id: int, year: int) -> int | None:
    return db.scalar(select(Submission.id).where(Submission.unit_id == unit_id, Submission.year == year))


def candidates(db: Session, user: User, unit_ids: list[int], year: int) -> list[dict[str, Any]]:
    """The selected units as the confirmation page lists them: whether each can be published now, and
    the version it would become (a correction, 第2版 on, needs its 更正说明)."""
    out = []
    for unit_id in unit_ids:
        unit = db.get(Org, unit_id)
        if unit is None or not workflow.sees_unit(user, unit):
            out.append({"unit_id": unit_id, "name": f"单位 {unit_id}", "ok": False, "why": "未找到该单位"})
            continue
        sub = workflow.submission_for(db, unit, year)
        previous = workflow.versions_of(db, unit, year)
        dept = db.get(Org, unit.parent_id) if unit.parent_id else None
        row: dict[str, Any] = {
            "unit_id": unit.id,
            "name": unit.name,
            "code": unit.code,
            "department": dept.name if dept else "",
            "state": sub.state if sub else None,
            "state_label": STATE_LABELS[sub.state] if sub else "未开始",
            "counts": counts_of(sub) if sub else None,
            "number": (previous[0].number + 1) if previous else 1,
            "previous": None if not previous else {"id": previous[0].id, "number": previous[0].number},
            "url": f"/units/{unit.id}/{year}",
        }
        latest = workflow.latest_upload(db, sub)
        row["compare_url"] = (
            f"/units/{unit.id}/{year}/versions?a=v{previous[0].id}&b={latest.id}#compare"
            if previous and latest is not None
            else None
        )
        allowed = "publish" in workflow.allowed_actions(user, unit, sub)
        row["ok"] = allowed
        row["why"] = "" if allowed else f"当前状态（{row['state_label']}）不能公开，只有已审核的申报可以公开"
        out.append(row)
    return out


# --------------------------------------------------------------------------- corrections on the public page


def correction_of(db: Session, v: PublishedVersion) -> dict[str, Any]:
    """A published version's place among the corrections: its 更正说明 and the versions it corrects
    (links to 第1版 …), and, when it is superseded, the version that corrects it with that one's note."""
    earlier = db.scalars(
        select(PublishedVersion)
        .where(
            PublishedVersion.unit_id == v.unit_id,
            PublishedVersion.year == v.year,
            PublishedVersion.number < v.number,
        )
        .order_by(PublishedVersion.number)
    )
    newer = db.get(PublishedVersion, v.superseded_by_id) if v.superseded_by_id else None
    return {
        "correction_note": v.correction_note,
        "corrects": [{"id": e.id, "number": e.number, "url": f"/public/{e.id}"} for e in earlier],
        "corrected_by": None
        if newer is None
        else {
            "id": newer.id,
            "number": newer.number,
            "url": f"/public/{newer.id}",
            "correction_note": newer.correction_note,
        },
    }
