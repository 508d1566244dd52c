"""Sign-in back-off per (account e-mail, client address), kept in the database so that every worker
and every machine sees the same counters.

An address that fails to sign in to one account gets `VTE_LOGIN_FREE_FAILURES` free attempts, then
waits `VTE_LOGIN_BACKOFF_SECONDS` before the next one, a wait that doubles with each further
failure up to `VTE_LOGIN_BACKOFF_MAX_SECONDS`. The counter belongs to the pair: an attacker failing
from their address never locks the account's owner out of theirs, and a success resets only its own
pair. The answer is the same whether or not an account has that e-mail. A refused attempt is not
counted (the wait does not grow while one waits) and its password is not even checked.

Services: take the session, flush, never commit (the login view commits the failure).
"""

from __future__ import annotations

import hashlib
import hmac
import math
from dataclasses import dataclass
from datetime import datetime, timedelta

from flask import current_app
from sqlalchemy import delete, select
from sqlalchemy.dialects import postgresql, sqlite
from sqlalchemy.orm import Session

from .errors import ServiceError
from .models import LoginFailure
from .models.base import as_utc, utcnow

DEFAULT_FREE_FAILURES = 5
DEFAULT_BACKOFF_SECONDS = 30
DEFAULT_BACKOFF_MAX_SECONDS = 15 * 60
# A pair's counter is forgotten after a day without failure (and never while it still makes one wait).
RETENTION = timedelta(days=1)
UNKNOWN_ADDRESS = "inconnue"


class TooManyAttemptsError(ServiceError):
    """429 with Retry-After: this (e-mail, address) pair must wait before its next sign-in attempt."""

    status = 429
    code = "too_many_requests"

    def __init__(self, retry_after: int):
        super().__init__(
            "Trop de tentatives de connexion infructueuses pour ce compte depuis votre adresse : "
            f"réessayez dans {wait_in_french(retry_after)}."
        )
        self.retry_after = retry_after
        self.headers = {"Retry-After": str(retry_after)}


@dataclass(frozen=True)
class Backoff:
    free_failures: int = DEFAULT_FREE_FAILURES
    base_seconds: float = DEFAULT_BACKOFF_SECONDS
    max_seconds: float = DEFAULT_BACKOFF_MAX_SECONDS

    def wait_after(self, failures: int) -> float:
        """Seconds to wait after `failures` consecutive failures: none while they are free, then
        the base, doubling with each failure, capped."""
        if failures < self.free_failures:
            return 0.0
        doublings = min(failures - self.free_failures, 32)  # 2**32 · base is far past any cap
        return min(self.base_seconds * 2**doublings, self.max_seconds)

    @classmethod
    def from_config(cls, config) -> Backoff:
        return cls(
            free_failures=int(config.get("VTE_LOGIN_FREE_FAILURES", DEFAULT_FREE_FAILURES)),
            base_seconds=float(config.get("VTE_LOGIN_BACKOFF_SECONDS", DEFAULT_BACKOFF_SECONDS)),
            max_seconds=float(config.get("VTE_LOGIN_BACKOFF_MAX_SECONDS", DEFAULT_BACKOFF_MAX_SECONDS)),
        )


def wait_in_french(seconds: int) -> str:
    """« 45 secondes », « 1 minute », « 15 minutes » (rounded up to the minute past one minute)."""
    if seconds < 60:
        return f"{seconds} seconde{'s' if seconds > 1 else ''}"
    minutes = math.ceil(seconds / 60)
    return f"{minutes} minute{'s' if minutes > 1 else ''}"


def _key(kind: str, value: str) -> str:
    """A keyed hash (HMAC-SHA256 with SECRET_KEY): equal for equal values, meaningless without the key."""
    secret = current_app.secret_key or ""
    if isinstance(secret, str):
        secret = secret.encode("utf-8")
    return hmac.new(secret, f"{kind}:{value}".encode("utf-8", "surrogatepass"), hashlib.sha256).hexdigest()


def account_key(email: str) -> str:
    return _key("account", (email or "").strip().lower())


def address_key(address: str | None) -> str:
    return _key("address", address or UNKNOWN_ADDRESS)


def _pair(email: str, address: str | None):
    return LoginFailure.account_key == account_key(email), LoginFailure.address_key == address_key(address)


def check_login_allowed(session: Session, email: str, address: str | None, now: datetime | None = None) -> bool:
    """Raise `TooManyAttemptsError` while this pair must wait; return whether it has failures on
    record (the caller clears them after a success). Locks the pair's row on PostgreSQL until the
    end of the transaction, so concurrent attempts of one pair are checked one after the other
    (SQLite's write transactions already are)."""
    now = now or utcnow()
    row = session.scalars(select(LoginFailure).where(*_pair(email, address)).with_for_update()).first()
    if row is None:
        return False
    policy = Backoff.from_config(current_app.config)
    free_at = as_utc(row.last_failure_at) + timedelta(seconds=policy.wait_after(row.failures))
    if free_at > now:
        raise TooManyAttemptsError(max(1, math.ceil((free_at - now).total_seconds())))
    return True


def _insert_for(session: Session):
    dialect = session.get_bind().dialect.name
    if dialect == "postgresql":
        return postgresql.insert
    if dialect == "sqlite":
        return sqlite.insert
    raise RuntimeError(f"No atomic upsert for the {dialect} dialect.")


def record_login_failure(session: Session, email: str, address: str | None, now: datetime | None = None) -> None:
    """One more failure for this pair, in one atomic statement (INSERT … ON CONFLICT DO UPDATE), so
    two workers failing at once count two; counters silent for a day are purged on the way."""
    now = now or utcnow()
    insert = _insert_for(session)
    statement = insert(LoginFailure).values(
        account_key=account_key(email), address_key=address_key(address), failures=1, last_failure_at=now
    )
    statement = statement.on_conflict_do_update(
        index_elements=[LoginFailure.account_key, LoginFailure.address_key],
        set_={"failures": LoginFailure.failures + 1, "last_failure_at": now},
    )
    session.execute(statement)
    purge_login_failures(session, now)
    session.flush()


def clear_login_failures(session: Session, email: str, address: str | None) -> None:
    """A success from this address: its counter starts again (other addresses keep theirs)."""
    session.execute(delete(LoginFailure).where(*_pair(email, address)))


def forget_login_failures(session: Session, email: str) -> None:
    """Every counter of this e-mail, from every address (account erasure)."""
    session.execute(delete(LoginFailure).where(LoginFailure.account_key == account_key(email)))


def purge_login_failures(session: Session, now: datetime | None = None) -> None:
    now = now or utcnow()
    retention = max(RETENTION, timedelta(seconds=2 * Backoff.from_config(current_app.config).max_seconds))
    session.execute(delete(LoginFailure).where(LoginFailure.last_failure_at < now - retention))
