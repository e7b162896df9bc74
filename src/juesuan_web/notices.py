"""Notices: a user's in-app inbox (``/notices``, the unread count in every page's header), also e-mailed
when SMTP is configured (:mod:`juesuan_web.mailer`).

Who is told what: on 提交 the reviewers of the unit (its department's 部门审核人 and the 财政局审核人);
on 退回, 审核, 公开 and 更正 the unit's 填报人; a 催报 (reminder) goes to the 填报人 of overdue units. Only
active users, never the person who acted. The wording is in ``templates/notice_texts.txt``.

Notices are added in the action's own transaction: an action that fails leaves none. A notice to be
e-mailed is stored as pending and sets ``db.info[MAIL_FLAG]``; the app sends the pending ones once the
request has committed.
"""

from __future__ import annotations

from collections.abc import Iterable
from datetime import datetime
from functools import cache
from importlib import resources
from typing import Any

from jinja2 import Environment, FileSystemLoader
from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session

from juesuan_web import mailer
from juesuan_web.models import (
    BUREAU_REVIEWER,
    DEPT_REVIEWER,
    FILLER,
    MAIL_PENDING,
    Notice,
    Org,
    User,
    now,
)

MAIL_FLAG = "juesuan_notices_mail"
MAIL_ON = "juesuan_notices_mail_on"
TO_UNIT = frozenset({"return", "approve", "publish", "reopen", "remind"})
KIND_LABELS = {
    "submit": "待审核",
    "return": "退回",
    "approve": "审核通过",
    "publish": "已公开",
    "reopen": "更正",
    "remind": "催报",
}
PER_PAGE = 50


@cache
def _wording() -> Any:
    folder = str(resources.files("juesuan_web") / "templates")
    env = Environment(loader=FileSystemLoader(folder), autoescape=False, keep_trailing_newline=False)
    return env.get_template("notice_texts.txt").module


def title_of(kind: str, unit: str, year: int) -> str:
    return str(_wording().title(kind, unit, year)).strip()


def body_of(kind: str, unit: str, year: int, actor: str, **extra: Any) -> str:
    return str(_wording().body(kind, unit, year, actor, **extra)).strip()


def display_name(user: User | None) -> str:
    return (user.display_name or user.username) if user is not None else "系统"


def unit_fillers(db: Session, unit_ids: Iterable[int]) -> dict[int, list[User]]:
    """The active 填报人 of each unit."""
    ids = list(set(unit_ids))
    out: dict[int, list[User]] = {i: [] for i in ids}
    if not ids:
        return out
    for u in db.scalars(
        select(User).where(User.role == FILLER, User.active.is_(True), User.org_id.in_(ids)).order_by(User.id)
    ):
        out[u.org_id or 0].append(u)
    return out


def reviewers_of(db: Session, unit: Org) -> list[User]:
    """Who reviews the unit: its department's 部门审核人 and every 财政局审核人 (active)."""
    dept_reviewer = (User.role == DEPT_REVIEWER) & (User.org_id == unit.parent_id)
    return list(
        db.scalars(
            select(User)
            .where(User.active.is_(True), or_(User.role == BUREAU_REVIEWER, dept_reviewer))
            .order_by(User.id)
        )
    )


def notify(
    db: Session,
    users: Iterable[User],
    kind: str,
    unit: Org,
    year: int,
    actor: User | None,
    url: str,
    **extra: Any,
) -> int:
    """Add the notice of ``kind`` about ``unit`` to each user's inbox (e-mail pending when SMTP is
    configured and the user has an address); returns how many were added."""
    mail = None
    title = title_of(kind, unit.name, year)
    body = body_of(kind, unit.name, year, display_name(actor), **extra)
    added = 0
    for user in users:
        if not user.active or (actor is not None and user.id == actor.id):
            continue
        if mail is None:  # asked once per transaction (a 催报 notifies hundreds)
            mail = db.info.setdefault(MAIL_ON, mailer.configured(db))
        status = MAIL_PENDING if mail and user.email and mailer.valid_address(user.email) else None
        db.add(
            Notice(
                user_id=user.id,
                kind=kind,
                unit_id=unit.id,
                year=year,
                title=title[:300],
                body=body,
                url=url[:300],
                actor_id=actor.id if actor is not None else None,
                mail_status=status,
            )
        )
        if status:
            db.info[MAIL_FLAG] = True
        added += 1
    return added


def on_transition(db: Session, actor: User, unit: Org, year: int, action: str, comment: str = "") -> int:
    """The notices of a state change (called by ``workflow`` in the action's transaction)."""
    url = f"/units/{unit.id}/{year}"
    if action == "submit":
        return notify(db, reviewers_of(db, unit), "submit", unit, year, actor, url)
    if action in TO_UNIT:
        fillers = unit_fillers(db, [unit.id])[unit.id]
        return notify(db, fillers, action, unit, year, actor, url, comment=comment.strip()[:2000])
    return 0


def reminded_since(db: Session, unit_ids: Iterable[int], year: int, since: datetime) -> set[int]:
    """The units among ``unit_ids`` that got a 催报 for ``year`` at or after ``since``."""
    ids = list(unit_ids)
    if not ids:
        return set()
    return set(
        db.scalars(
            select(Notice.unit_id)
            .where(
                Notice.kind == "remind",
                Notice.year == year,
                Notice.unit_id.in_(ids),
                Notice.created_at >= since,
            )
            .distinct()
        )
    )


# --------------------------------------------------------------------------- the inbox


def unread_count(db: Session, user: User | None) -> int:
    if user is None:
        return 0
    stmt = select(func.count()).select_from(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    return db.scalar(stmt) or 0


def inbox(db: Session, user: User, page: int, unread_only: bool = False) -> tuple[list[Notice], int]:
    """One page of the user's notices, newest first, and how many there are."""
    where = [Notice.user_id == user.id] + ([Notice.read_at.is_(None)] if unread_only else [])
    total = db.scalar(select(func.count()).select_from(Notice).where(*where)) or 0
    rows = list(
        db.scalars(
            select(Notice)
            .where(*where)
            .order_by(Notice.id.desc())
            .offset((page - 1) * PER_PAGE)
            .limit(PER_PAGE)
        )
    )
    return rows, total


def mark_read(db: Session, user: User, notice_id: int | None = None) -> int:
    """Mark one notice (or, with None, all) of the user as read; returns how many changed."""
    stmt = update(Notice).where(Notice.user_id == user.id, Notice.read_at.is_(None))
    if notice_id is not None:
        stmt = stmt.where(Notice.id == notice_id)
    result = db.execute(stmt.values(read_at=now()).execution_options(synchronize_session=False))
    return int(getattr(result, "rowcount", 0) or 0)
