"""Personal API tokens, sign-in failures, school invitation codes and the outbox of e-mails to send."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..vocab import TokenScope
from .base import UtcDateTime, as_utc, utcnow
from .people import NEVER_REUSE_IDS, School, User, str_enum


class ApiToken(db.Model):
    """A personal API token. Only a SHA-256 of the secret is stored; it is shown once. It works
    until `expires_at` or its revocation; a `read` token only for GET, HEAD and OPTIONS.
    `last_used_at` is kept to the hour (vte/auth.py)."""

    __tablename__ = "api_token"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    name: Mapped[str] = mapped_column(String(100))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(12))  # first characters, to recognise a token
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    scope: Mapped[TokenScope] = mapped_column(str_enum(TokenScope), default=TokenScope.WRITE)
    user: Mapped[User] = relationship()

    @property
    def is_expired(self) -> bool:
        return as_utc(self.expires_at) <= utcnow()


class LoginFailure(db.Model):
    """Failed sign-ins for one (e-mail, client address) pair, the counter of the back-off
    (vte/login_attempts.py). Both are stored as keyed hashes (HMAC with SECRET_KEY): the table
    never holds a typed address in clear (nor a password typed in the e-mail field), nor an IP
    address. One row per pair, upserted atomically; gone after a success or a day of silence."""

    __tablename__ = "login_failure"
    account_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    address_key: Mapped[str] = mapped_column(String(64), primary_key=True)
    failures: Mapped[int] = mapped_column(Integer)
    last_failure_at: Mapped[datetime] = mapped_column(UtcDateTime(), index=True)


class SchoolInvitation(db.Model):
    """A code a school gives its students so that they join it when they sign up."""

    __tablename__ = "school_invitation"
    id: Mapped[int] = mapped_column(primary_key=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id", ondelete="CASCADE"), index=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    label: Mapped[str | None] = mapped_column(String(120))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    max_uses: Mapped[int | None] = mapped_column(Integer)
    uses: Mapped[int] = mapped_column(Integer, default=0)
    revoked_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    school: Mapped[School] = relationship()


class OutboxEmail(db.Model):
    """An e-mail to send (invitations, links...): written in the same transaction as what caused
    it; `flask send-mail` (vte.mailer) delivers it to the SMTP server. A sender claims a row for a
    while (`claimed_until`) before sending, so two senders never send one e-mail twice; a failure
    is retried later (`next_attempt_at`, with back-off) until `dead_at` (dead letter)."""

    __tablename__ = "outbox_email"
    __table_args__ = (Index("ix_outbox_email_pending", "sent_at", "dead_at", "next_attempt_at"), NEVER_REUSE_IDS)
    id: Mapped[int] = mapped_column(primary_key=True)
    to_email: Mapped[str] = mapped_column(String(254))
    subject: Mapped[str] = mapped_column(String(250))
    body: Mapped[str] = mapped_column(Text)
    kind: Mapped[str] = mapped_column(String(40))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    attempts: Mapped[int] = mapped_column(Integer, default=0, server_default="0")
    next_attempt_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    claimed_until: Mapped[datetime | None] = mapped_column(UtcDateTime())
    claim: Mapped[str | None] = mapped_column(String(32))
    last_error: Mapped[str | None] = mapped_column(String(500))
    dead_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    # E-mails one may stop receiving (alerts): the one-click address of the List-Unsubscribe header.
    unsubscribe_url: Mapped[str | None] = mapped_column(String(500))
