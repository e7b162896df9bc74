"""The 报送截止日期 of each year as stored in the ``AppSetting`` table, and the range of years the workflow
accepts. The settings page edits them (:mod:`juesuan_web.views.settings`); the framework asks them whether a
year in a URL exists.
"""

from __future__ import annotations

import re
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session

from juesuan_web.models import AppSetting

DEADLINE_PREFIX = "deadline:"
MIN_YEAR, MAX_YEAR = 2000, 2100
ISO_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def deadline_key(year: int) -> str:
    return f"{DEADLINE_PREFIX}{year}"


def deadline(db: Session, year: int) -> date | None:
    """The year's deadline, or None when none is set (or the stored value is unreadable)."""
    row = db.get(AppSetting, deadline_key(year))
    return parse_stored(row.value) if row is not None else None


def all_deadlines(db: Session) -> dict[int, date]:
    rows = db.scalars(select(AppSetting).where(AppSetting.key.like(f"{DEADLINE_PREFIX}%")))
    out: dict[int, date] = {}
    for row in rows:
        suffix = row.key[len(DEADLINE_PREFIX) :]
        value = parse_stored(row.value)
        if suffix.isdigit() and value is not None:
            out[int(suffix)] = value
    return dict(sorted(out.items(), reverse=True))


def parse_stored(value: str) -> date | None:
    try:
        return date.fromisoformat(value) if ISO_DATE.match(value) else None
    except ValueError:
        return None
