"""The web app's settings: where the data lives and the limits it enforces."""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path

DEFAULT_SQLITE = "juesuan.sqlite3"
PUBLISH_FORMATS = ("html", "pdf", "docx", "xlsx", "json")


def normalise_db_url(url: str | None) -> str:
    """A SQLAlchemy URL: a bare path means a SQLite file; ``postgresql://`` is served by psycopg 3."""
    if not url:
        url = os.environ.get("JUESUAN_DB") or ""
    if not url:
        url = DEFAULT_SQLITE
    if "://" not in url:
        return f"sqlite:///{Path(url).expanduser().resolve()}"
    for prefix in ("postgresql://", "postgres://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url


@dataclass
class Settings:
    """Everything ``create_app`` needs; the defaults make ``juesuan serve`` work with no set-up."""

    db_url: str = ""
    secret_key: str | None = None  # None: generated once and kept in the database
    year: int = 2024  # the year the workflow is collecting
    max_upload_bytes: int = 20 * 1024 * 1024
    secure_cookies: bool = False  # set when served over HTTPS only
    session_hours: int = 12
    login_max_failures: int = 5  # per (user name, client address) within login_window_minutes
    login_max_failures_user: int = 20  # per user name, from any address
    login_max_failures_ip: int = 100  # per client address, any user names (an office behind one NAT)
    login_window_minutes: int = 15
    publish_formats: tuple[str, ...] = PUBLISH_FORMATS
    fast_password_hash: bool = False  # tests only: cheaper argon2 parameters
    audit_workers: int = 2  # background audits of the inbox (0: none; ``inbox.run_pending`` does them)
    warm_up: bool = False  # a server process: render once at start so the first publish is not slow
    extra: dict[str, str] = field(default_factory=dict)

    def __post_init__(self) -> None:
        self.db_url = normalise_db_url(self.db_url)
