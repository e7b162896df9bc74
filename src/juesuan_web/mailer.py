"""E-mail of notices over SMTP, with the standard library's ``smtplib`` and ``email``.

The administrator sets the server at ``/admin/mail`` (host, port, user name, sender, encryption and the
site's address for links); they are kept in the ``AppSetting`` table under ``smtp:…``. The password is
never stored or shown: it is read from the environment variable ``JUESUAN_SMTP_PASSWORD`` when a message is
sent. With no host set, notices stay in the app.

A notice to be e-mailed is stored with ``mail_status = "pending"``; :func:`deliver_pending` runs after the
request that created it has committed (a background task of the response), claims the pending notices (so
two server processes never send one twice), sends them over one connection and records ``sent`` or
``failed`` with the reason. A failure is logged and listed for the administrator; it never undoes or
delays the action that caused the notice.
"""

from __future__ import annotations

import logging
import os
import re
import smtplib
import ssl
from dataclasses import dataclass
from email.message import EmailMessage
from email.utils import formataddr, make_msgid, parseaddr

from sqlalchemy import select, update
from sqlalchemy.orm import Session, sessionmaker

from juesuan_web.models import (
    MAIL_FAILED,
    MAIL_PENDING,
    MAIL_SENDING,
    MAIL_SENT,
    AppSetting,
    Notice,
    User,
    now,
)

log = logging.getLogger("juesuan_web.mailer")

PASSWORD_ENV = "JUESUAN_SMTP_PASSWORD"
PREFIX = "smtp:"
FIELDS = ("host", "port", "user", "sender", "security", "site")
SECURITY = {
    "starttls": "STARTTLS（通常为 587 端口）",
    "ssl": "SSL/TLS（通常为 465 端口）",
    "none": "不加密（仅限内网）",
}
DEFAULT_PORTS = {"starttls": 587, "ssl": 465, "none": 25}
TIMEOUT = 20  # seconds per connection and command
BATCH = 500
EMAIL = re.compile(r"^[^@\s<>\"',;]+@[^@\s<>\"',;]+\.[^@\s<>\"',;]+$")
SUBJECT_PREFIX = "【决算公开平台】"


class MailError(Exception):
    """A message could not be sent; the text says why (shown to the administrator)."""


class InvalidSetting(ValueError):
    """A value of the SMTP form that cannot be used; ``field`` is the form field."""

    def __init__(self, message: str, field: str) -> None:
        super().__init__(message)
        self.field = field


@dataclass(frozen=True)
class SmtpConfig:
    host: str
    port: int
    user: str
    sender: str
    security: str  # starttls | ssl | none
    site: str  # the address of this server as users reach it, for links in messages ("" → none)

    @property
    def password(self) -> str:
        return os.environ.get(PASSWORD_ENV, "")


def stored(db: Session) -> dict[str, str]:
    """The stored SMTP settings (absent ones as empty strings)."""
    rows = db.scalars(select(AppSetting).where(AppSetting.key.in_([PREFIX + k for k in FIELDS])))
    values = dict.fromkeys(FIELDS, "")
    for row in rows:
        values[row.key[len(PREFIX) :]] = row.value
    return values


def load(db: Session) -> SmtpConfig | None:
    """The SMTP server to send through, or None when none is configured (notices stay in the app)."""
    v = stored(db)
    if not v["host"]:
        return None
    security = v["security"] if v["security"] in SECURITY else "starttls"
    port = int(v["port"]) if v["port"].isdigit() else DEFAULT_PORTS[security]
    return SmtpConfig(v["host"], port, v["user"], v["sender"], security, v["site"].rstrip("/"))


def configured(db: Session) -> bool:
    return bool(stored(db)["host"])


def valid_address(text: str) -> bool:
    return bool(EMAIL.match(text)) and len(text) <= 254


def parse_form(values: dict[str, str]) -> dict[str, str]:
    """The SMTP form, checked: an empty host means no e-mail (the other fields are then kept as typed)."""
    v = {k: (values.get(k) or "").strip() for k in FIELDS}
    if v["security"] not in SECURITY:
        raise InvalidSetting("请选择加密方式", "security")
    if not v["host"]:
        return v
    if not re.fullmatch(r"[A-Za-z0-9.\-:\[\]]{1,253}", v["host"]):
        raise InvalidSetting("服务器地址应为主机名或 IP 地址，例如 smtp.example.gov.cn", "host")
    if v["port"] and not (v["port"].isdigit() and 0 < int(v["port"]) < 65536):
        raise InvalidSetting("端口应为 1 至 65535 之间的数字", "port")
    if not v["port"]:
        v["port"] = str(DEFAULT_PORTS[v["security"]])
    _, address = parseaddr(v["sender"])
    if not valid_address(address):
        raise InvalidSetting(
            "发件人应为电子邮件地址，例如 决算公开平台 <juesuan@czj.example.gov.cn>", "sender"
        )
    if len(v["user"]) > 200:
        raise InvalidSetting("用户名过长", "user")
    if v["site"] and not re.fullmatch(r"https?://[^\s<>\"]{1,200}", v["site"]):
        raise InvalidSetting(
            "站点地址应以 http:// 或 https:// 开头，例如 https://juesuan.czj.example.gov.cn", "site"
        )
    return v


def save(db: Session, values: dict[str, str]) -> tuple[dict[str, str], dict[str, str]]:
    """Store the checked settings; returns (before, after) for the audit log (there is no password)."""
    before = stored(db)
    for key in FIELDS:
        row = db.get(AppSetting, PREFIX + key)
        if values[key] == "":
            if row is not None:
                db.delete(row)
        elif row is None:
            db.add(AppSetting(key=PREFIX + key, value=values[key]))
        else:
            row.value = values[key]
    db.flush()
    return before, stored(db)


# --------------------------------------------------------------------------- sending


def compose(config: SmtpConfig, to: str, subject: str, body: str, url: str = "") -> EmailMessage:
    """A plain-text message in UTF-8; a relative ``url`` becomes a link on the configured site."""
    msg = EmailMessage()
    name, address = parseaddr(config.sender)
    msg["From"] = formataddr((name, address)) if name else address
    msg["To"] = to
    msg["Subject"] = SUBJECT_PREFIX + subject
    msg["Message-ID"] = make_msgid(domain=address.rpartition("@")[2] or None)
    text = body.strip()
    if url:
        link = (config.site + url) if config.site and url.startswith("/") else url
        text += ("\n\n" if text else "") + f"查看：{link}"
    msg.set_content(text + "\n\n（本邮件由决算公开平台自动发送，请勿直接回复。）\n")
    return msg


def connect(config: SmtpConfig) -> smtplib.SMTP:
    """An open, authenticated connection (MailError when the password is needed but not set)."""
    context = ssl.create_default_context()
    smtp: smtplib.SMTP
    if config.security == "ssl":
        smtp = smtplib.SMTP_SSL(config.host, config.port, timeout=TIMEOUT, context=context)
    else:
        smtp = smtplib.SMTP(config.host, config.port, timeout=TIMEOUT)
    try:
        if config.security == "starttls":
            smtp.starttls(context=context)
        if config.user:
            if not config.password:
                raise MailError(f"已设置 SMTP 用户名，但环境变量 {PASSWORD_ENV} 未设置")
            smtp.login(config.user, config.password)
    except BaseException:
        smtp.close()
        raise
    return smtp


def reason(exc: BaseException) -> str:
    """Why sending failed, for the log and the administrator."""
    if isinstance(exc, MailError):
        return str(exc)
    return f"{type(exc).__name__}: {exc}"[:1000]


def send_one(config: SmtpConfig, msg: EmailMessage) -> None:
    """Send one message now (the administrator's test); MailError with the reason when it fails."""
    try:
        with connect(config) as smtp:
            smtp.send_message(msg)
    except (smtplib.SMTPException, OSError, MailError) as exc:
        log.warning("test e-mail to %s failed: %s", msg["To"], reason(exc))
        raise MailError(reason(exc)) from None


def deliver_pending(sessions: sessionmaker[Session]) -> tuple[int, int]:
    """Send every pending notice (claimed first, so no other process sends it too); (sent, failed).
    Never raises: a failure is recorded on the notice and logged."""
    try:
        return _deliver(sessions)
    except Exception:  # the action that queued the notice has succeeded; nothing here may undo it
        log.exception("delivering notices failed")
        return 0, 0


def _deliver(sessions: sessionmaker[Session]) -> tuple[int, int]:
    with sessions() as db:
        ids = list(
            db.scalars(
                select(Notice.id).where(Notice.mail_status == MAIL_PENDING).order_by(Notice.id).limit(BATCH)
            )
        )
        if not ids:
            return 0, 0
        claimed = list(
            db.scalars(
                update(Notice)
                .where(Notice.id.in_(ids), Notice.mail_status == MAIL_PENDING)
                .values(mail_status=MAIL_SENDING)
                .returning(Notice.id)
            )
        )
        db.commit()
        if not claimed:
            return 0, 0
        rows = list(db.scalars(select(Notice).where(Notice.id.in_(claimed)).order_by(Notice.id)))
        try:
            result = _send(db, rows)
        except Exception as exc:  # whatever went wrong, no claimed notice stays "sending"
            log.exception("delivering notices failed")
            for n in rows:
                if n.mail_status == MAIL_SENDING:
                    _failed(n, reason(exc))
            result = (0, len(rows))
        db.commit()
    return result


def _failed(notice: Notice, why: str) -> None:
    notice.mail_status, notice.mail_error, notice.mailed_at = MAIL_FAILED, why, now()
    log.warning("notice %s to user %s not e-mailed: %s", notice.id, notice.user_id, why)


def _send(db: Session, rows: list[Notice]) -> tuple[int, int]:
    """Send the claimed notices over one connection; each ends ``sent`` or ``failed``."""
    users = {n.user_id for n in rows}
    addresses = {
        uid: address for uid, address in db.execute(select(User.id, User.email).where(User.id.in_(users)))
    }
    config = load(db)
    todo = []
    for n in rows:
        to = addresses.get(n.user_id) or ""
        if config is None:
            _failed(n, "未配置邮件服务器")
        elif not valid_address(to):
            _failed(n, "该用户没有有效的电子邮件地址")
        else:
            todo.append((n, compose(config, to, n.title, n.body, n.url)))
    if todo and config is not None:
        try:
            with connect(config) as smtp:
                for n, msg in todo:
                    try:
                        smtp.send_message(msg)
                    except smtplib.SMTPRecipientsRefused as exc:
                        _failed(n, reason(exc))
                    else:
                        n.mail_status, n.mail_error, n.mailed_at = MAIL_SENT, None, now()
        except (smtplib.SMTPException, OSError, MailError) as exc:
            for n, _ in todo:
                if n.mail_status == MAIL_SENDING:
                    _failed(n, reason(exc))
    sent = sum(1 for n in rows if n.mail_status == MAIL_SENT)
    return sent, len(rows) - sent


def recent_failures(db: Session, limit: int = 20) -> list[tuple[Notice, str]]:
    """The latest notices whose e-mail failed, with the user name of each addressee."""
    return [
        (n, name)
        for n, name in db.execute(
            select(Notice, User.username)
            .join(User, User.id == Notice.user_id)
            .where(Notice.mail_status == MAIL_FAILED)
            .order_by(Notice.id.desc())
            .limit(limit)
        ).all()
    ]


def password_set() -> bool:
    return bool(os.environ.get(PASSWORD_ENV))
