"""Delivery of the outbox (`OutboxEmail`) to an SMTP server: `flask --app vte send-mail`.

Each e-mail is sent once even when several senders run (cron and a systemd timer, two hosts):
a sender first *claims* a row — a conditional UPDATE that succeeds only while nobody holds it —
for `CLAIM_SECONDS`, sends it, then marks it sent under its claim. A sender that dies after the
SMTP server accepted a message but before marking it lets the claim expire, and the message is
sent again: delivery is at least once, never twice while senders are alive.

A temporary failure (connection refused, 4xx) is retried after a growing delay (`BACKOFF`); a
permanent refusal (5xx: unknown mailbox, rejected sender) or the last attempt moves the row to
the dead letters (`dead_at`, with `last_error`), listed on the admin's « Courriels » page.

Settings (environment, see vte/config.py): `VTE_SMTP_HOST` (required to send), `VTE_SMTP_PORT`
(25), `VTE_SMTP_USER` / `VTE_SMTP_PASSWORD`, `VTE_SMTP_STARTTLS` (1 to upgrade the connection),
`VTE_SMTP_TIMEOUT` (10 s), `VTE_MAIL_FROM`.
"""

from __future__ import annotations

import contextlib
import secrets
import smtplib
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta
from email.message import EmailMessage
from email.utils import formatdate, make_msgid
from typing import Any

from sqlalchemy import or_, select, update
from sqlalchemy.orm import Session

from .database import write_transactions
from .models import OutboxEmail, as_utc

CLAIM_SECONDS = 300
# Delay before attempt n+1 after n failures; past the last one, the e-mail is a dead letter.
BACKOFF = (timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2), timedelta(hours=12))
MAX_ATTEMPTS = len(BACKOFF) + 1


class MailerNotConfigured(RuntimeError):
    pass


@dataclass
class SmtpSettings:
    host: str
    port: int = 25
    user: str | None = None
    password: str | None = None
    starttls: bool = False
    timeout: float = 10.0
    sender: str = "VTE Match <no-reply@localhost>"

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> SmtpSettings:
        host = config.get("VTE_SMTP_HOST")
        if not host:
            raise MailerNotConfigured("VTE_SMTP_HOST is not set: no SMTP server to send the outbox to.")
        return cls(
            host=host,
            port=int(config.get("VTE_SMTP_PORT") or 25),
            user=config.get("VTE_SMTP_USER") or None,
            password=config.get("VTE_SMTP_PASSWORD") or None,
            starttls=str(config.get("VTE_SMTP_STARTTLS") or "").lower() in ("1", "true", "yes"),
            timeout=float(config.get("VTE_SMTP_TIMEOUT") or 10),
            sender=config.get("VTE_MAIL_FROM") or cls.sender,
        )


@dataclass
class SendReport:
    sent: int = 0
    retried: int = 0
    dead: int = 0
    errors: list[str] = field(default_factory=list)


def _message(row: OutboxEmail, sender: str) -> EmailMessage:
    message = EmailMessage()
    message["From"] = sender
    message["To"] = row.to_email
    message["Subject"] = row.subject
    message["Date"] = formatdate(localtime=False)
    message["Message-ID"] = make_msgid(idstring=f"vte-outbox-{row.id}")
    if row.unsubscribe_url:  # mail clients show « Se désabonner »; RFC 8058: a POST there, no page
        message["List-Unsubscribe"] = f"<{row.unsubscribe_url}>"
        message["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
    message.set_content(row.body)
    return message


def _due(now: datetime):
    return (
        OutboxEmail.sent_at.is_(None),
        OutboxEmail.dead_at.is_(None),
        or_(OutboxEmail.next_attempt_at.is_(None), OutboxEmail.next_attempt_at <= now),
        or_(OutboxEmail.claimed_until.is_(None), OutboxEmail.claimed_until < now),
    )


def claim_batch(session: Session, limit: int, now: datetime) -> tuple[str, list[int]]:
    """Claim up to `limit` due e-mails for this sender; the caller commits. Each row is claimed
    by its own conditional UPDATE, so a row another sender claimed in between is skipped."""
    claim = secrets.token_hex(8)
    candidates = session.scalars(select(OutboxEmail.id).where(*_due(now)).order_by(OutboxEmail.id).limit(limit)).all()
    claimed = []
    for row_id in candidates:
        done = session.execute(
            update(OutboxEmail)
            .where(OutboxEmail.id == row_id, *_due(now))
            .values(claim=claim, claimed_until=now + timedelta(seconds=CLAIM_SECONDS))
            .execution_options(synchronize_session=False)
        )
        if done.rowcount == 1:
            claimed.append(row_id)
    return claim, claimed


def _record(session: Session, row_id: int, claim: str, values: dict[str, Any]) -> bool:
    """Write the outcome under our claim (False when the claim was lost: expired and re-taken)."""
    done = session.execute(
        update(OutboxEmail)
        .where(OutboxEmail.id == row_id, OutboxEmail.claim == claim)
        .values(claim=None, claimed_until=None, **values)
        .execution_options(synchronize_session=False)
    )
    return done.rowcount == 1


def _permanent(error: Exception) -> bool:
    code = getattr(error, "smtp_code", None)
    if isinstance(error, smtplib.SMTPRecipientsRefused):
        codes = [c for c, _ in error.recipients.values()]
        return bool(codes) and all(500 <= c < 600 for c in codes)
    return isinstance(code, int) and 500 <= code < 600


def send_due(
    session_factory: Callable[[], Session],
    settings: SmtpSettings,
    limit: int = 100,
    now: Callable[[], datetime] = lambda: datetime.now(UTC),
) -> SendReport:
    """Send the due e-mails (at most `limit`), one SMTP connection for the batch; each claim and
    each outcome is its own short write transaction."""
    with write_transactions():
        return _send_due(session_factory, settings, limit, now)


def _send_due(session_factory, settings: SmtpSettings, limit: int, now: Callable[[], datetime]) -> SendReport:
    report = SendReport()
    session = session_factory()
    try:
        claim, ids = claim_batch(session, limit, now())
        session.commit()
        if not ids:
            return report
        rows = {r.id: r for r in session.scalars(select(OutboxEmail).where(OutboxEmail.id.in_(ids)))}
        try:
            smtp = _connect(settings)
        except (OSError, smtplib.SMTPException) as error:
            for row_id in ids:
                _failed(session, rows[row_id], claim, error, now(), report)
            session.commit()
            return report
        try:
            for row_id in ids:
                row = rows[row_id]
                try:
                    smtp.send_message(_message(row, settings.sender))
                except (OSError, smtplib.SMTPException) as error:
                    _failed(session, row, claim, error, now(), report)
                else:
                    if _record(session, row.id, claim, {"sent_at": now(), "attempts": row.attempts + 1}):
                        report.sent += 1
                session.commit()
        finally:
            with contextlib.suppress(OSError, smtplib.SMTPException):
                smtp.quit()
        return report
    finally:
        session.close()


def _connect(settings: SmtpSettings) -> smtplib.SMTP:
    smtp = smtplib.SMTP(settings.host, settings.port, timeout=settings.timeout)
    if settings.starttls:
        smtp.starttls()
    if settings.user:
        smtp.login(settings.user, settings.password or "")
    return smtp


def _failed(session: Session, row: OutboxEmail, claim: str, error: Exception, now: datetime, report) -> None:
    attempts = row.attempts + 1
    message = f"{type(error).__name__}: {error}"[:500]
    report.errors.append(f"#{row.id} → {row.to_email}: {message}")
    if _permanent(error) or attempts >= MAX_ATTEMPTS:
        if _record(session, row.id, claim, {"attempts": attempts, "last_error": message, "dead_at": now}):
            report.dead += 1
    else:
        retry = now + BACKOFF[attempts - 1]
        if _record(session, row.id, claim, {"attempts": attempts, "last_error": message, "next_attempt_at": retry}):
            report.retried += 1


def outbox_rows(session: Session, limit: int = 200) -> list[dict[str, Any]]:
    """The latest e-mails with their delivery state, for the admin's page."""
    rows = session.scalars(select(OutboxEmail).order_by(OutboxEmail.id.desc()).limit(limit)).all()
    return [
        {
            "id": r.id,
            "to": r.to_email,
            "subject": r.subject,
            "kind": r.kind,
            "created_at": r.created_at,
            "state": "envoyé" if r.sent_at else "abandonné" if r.dead_at else "en attente",
            "sent_at": r.sent_at,
            "attempts": r.attempts,
            "next_attempt_at": as_utc(r.next_attempt_at) if r.next_attempt_at else None,
            "last_error": r.last_error,
            "body": r.body,
        }
        for r in rows
    ]
