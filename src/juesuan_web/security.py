"""Passwords (argon2), login sessions (random tokens, only their hash stored), CSRF tokens, throttling,
and safe file names."""

from __future__ import annotations

import hashlib
import hmac
import re
import secrets
import unicodedata
from datetime import datetime, timedelta
from typing import Any

from argon2 import PasswordHasher
from argon2.exceptions import InvalidHashError, VerificationError, VerifyMismatchError
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from juesuan_web.models import AppSetting, LoginFailure, User, WebSession, now

SESSION_COOKIE = "juesuan_session"
ANON_COOKIE = "juesuan_anon"  # a random value that anonymous forms (the login) bind their CSRF token to

_FAST = PasswordHasher(time_cost=1, memory_cost=1024, parallelism=1)
_REAL = PasswordHasher()
# A fixed hash to verify against when the user does not exist, so timing does not tell.
_DUMMY_HASH = _REAL.hash("juesuan-dummy-password")


def hasher(fast: bool = False) -> PasswordHasher:
    return _FAST if fast else _REAL


def hash_password(password: str, fast: bool = False) -> str:
    return hasher(fast).hash(password)


def verify_password(stored: str | None, password: str, fast: bool = False) -> bool:
    try:
        return hasher(fast).verify(stored or _DUMMY_HASH, password) and stored is not None
    except (VerifyMismatchError, VerificationError, InvalidHashError):
        return False


def token_hash(token: str) -> str:
    return hashlib.sha256(token.encode("utf-8")).hexdigest()


def secret_key(db: Session, given: str | None) -> str:
    """The key that signs CSRF tokens: given, or generated once and kept in the database."""
    if given:
        return given
    row = db.get(AppSetting, "secret_key")
    if row is None:
        row = AppSetting(key="secret_key", value=secrets.token_hex(32))
        db.add(row)
        db.commit()
    return row.value


def start_session(db: Session, user: User, hours: int) -> str:
    token = secrets.token_urlsafe(32)
    db.add(
        WebSession(token_hash=token_hash(token), user_id=user.id, expires_at=now() + timedelta(hours=hours))
    )
    return token


def user_for_token(db: Session, token: str | None) -> User | None:
    if not token:
        return None
    row = db.scalar(select(WebSession).where(WebSession.token_hash == token_hash(token)))
    if row is None or _aware(row.expires_at) < now():
        return None
    user = db.get(User, row.user_id)
    return user if user is not None and user.active else None


def end_session(db: Session, token: str | None) -> None:
    if token:
        row = db.scalar(select(WebSession).where(WebSession.token_hash == token_hash(token)))
        if row is not None:
            db.delete(row)


def csrf_token(key: str, binding: str) -> str:
    """The CSRF token of a form: an HMAC of the cookie the browser holds (session or anonymous)."""
    return hmac.new(key.encode(), b"csrf:" + binding.encode(), hashlib.sha256).hexdigest()


def csrf_valid(key: str, binding: str | None, given: str | None) -> bool:
    if not binding or not given:
        return False
    return hmac.compare_digest(csrf_token(key, binding), given)


def throttled(
    db: Session, username: str, ip: str, max_pair: int, max_user: int, max_ip: int, minutes: int
) -> bool:
    """Too many failed sign-ins (or password checks) within ``minutes``: of this user name from this
    address (``max_pair``), of this user name from anywhere (``max_user``, a guess spread over addresses),
    or from this address for any user names (``max_ip``, higher: an office behind one NAT shares it)."""
    since = now() - timedelta(minutes=minutes)
    recent = LoginFailure.at >= since

    def count(*where: Any) -> int:
        return db.scalar(select(func.count()).where(recent, *where)) or 0

    return (
        count(LoginFailure.username == username, LoginFailure.ip == ip) >= max_pair
        or count(LoginFailure.username == username) >= max_user
        or count(LoginFailure.ip == ip) >= max_ip
    )


def record_failure(db: Session, username: str, ip: str) -> None:
    db.add(LoginFailure(username=username[:64], ip=ip[:64]))


def _aware(value: datetime) -> datetime:
    """SQLite gives naive datetimes back; they were stored in UTC."""
    from datetime import UTC

    return value if value.tzinfo else value.replace(tzinfo=UTC)


_UNSAFE = re.compile(r"[^\w.\-()（）\u3000-\u9fff]+")


def safe_filename(name: str | None, default: str = "upload") -> str:
    """A display name for an uploaded file: no directories, no control characters, no leading dots.

    It is only ever shown and stored; files are written to disk under fixed names.
    """
    name = unicodedata.normalize("NFC", name or "")
    name = name.replace("\\", "/").rsplit("/", 1)[-1]
    name = _UNSAFE.sub("_", name).strip("._ ")
    return name[:120] or default
