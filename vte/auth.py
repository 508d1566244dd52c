"""Who is calling: session cookies (HTML and same-site JS) and personal API tokens.

- Flask-Login keeps the signed-in user in the session cookie (HttpOnly, SameSite=Lax, Secure
  outside development) as `<id>:<session token>` (`User.get_id`): the loader accepts the cookie
  only while the account's token is unchanged, and logout, password change and erasure change or
  remove it, so every copy of the cookie stops working at once. The cookie is refused once older
  than `VTE_SESSION_LIFETIME_DAYS` (default 14 days).
- The CSRF secret (in the session) is a new one after sign-in and after sign-out.
- `Authorization: Bearer vte_…` authenticates API calls with a personal token; only its SHA-256 is
  stored, and a revoked or expired token stops working at once. A token expires after
  `VTE_API_TOKEN_DAYS` (90) or the days chosen at its creation (1 to 365); a `read` token may only
  GET, HEAD and OPTIONS (anything else: 403); an account holds at most 20 active tokens. Its last
  use is kept to the hour, in a short transaction of its own at the end of the request, so a read
  writes at most one tiny UPDATE per token per hour (and never waits long for it).
- API calls that change data with the cookie must carry the CSRF token (header X-CSRFToken, from
  `GET /api/v1/auth/csrf`); token-authenticated calls need none (no ambient credential).
"""

from __future__ import annotations

import hashlib
import hmac
import logging
import os
import secrets
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, validate_csrf
from limits import parse_many
from sqlalchemy import func, or_, select, text, update
from sqlalchemy.exc import SQLAlchemyError
from sqlalchemy.orm import Session
from wtforms import ValidationError

from .accounts import lock_account
from .database import MAX_ID, SAFE_METHODS, write_transactions
from .errors import (
    ConflictError,
    ForbiddenError,
    InputError,
    NotFoundError,
    UnauthorizedError,
    restore_retry_after,
)
from .extensions import csrf, db, limiter, login_manager
from .models import ApiToken, User
from .models.base import utcnow
from .permissions import account_with_profile_marks
from .vocab import MAX_TOKEN_DAYS, TokenScope

log = logging.getLogger(__name__)

TOKEN_PREFIX = "vte_"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DEFAULT_TOKEN_DAYS = 90
MAX_ACTIVE_TOKENS = 20
# A token's last use is recorded when the stored one is older than this: at most one write per hour.
LAST_USE_PRECISION = timedelta(hours=1)
# How long that bookkeeping may wait for a lock before giving up (it is retried on the next use).
LAST_USE_LOCK_WAIT_MS = 200
READ_SCOPE_REFUSAL = (
    "Ce jeton d'API a la portée « read » (lecture seule) : il ne permet que les requêtes GET, HEAD "
    "et OPTIONS. Créez un jeton de portée « write » pour modifier des données."
)
DEFAULT_SESSION_LIFETIME_DAYS = 14
# The one answer to a failed sign-in (page and API): the same for an unknown e-mail and a wrong password.
BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


def login_limit() -> str:
    """The rate limit of sign-up and sign-in attempts (`VTE_LOGIN_LIMIT`), for `limiter.limit`."""
    return current_app.config["VTE_LOGIN_LIMIT"]


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def default_token_days() -> int:
    """Days a new token works unless its creator chooses (`VTE_API_TOKEN_DAYS`)."""
    return int(current_app.config.get("VTE_API_TOKEN_DAYS") or DEFAULT_TOKEN_DAYS)


def _active(now: datetime):
    return ApiToken.revoked_at.is_(None), ApiToken.expires_at > now


def create_token(
    session: Session,
    user: User,
    name: str,
    scope: TokenScope | str = TokenScope.WRITE,
    days: int = DEFAULT_TOKEN_DAYS,
) -> tuple[ApiToken, str]:
    """A new token for `user`, working `days` days (1 to 365) with `scope`; the secret is returned
    once and never stored. 409 when the account already holds `MAX_ACTIVE_TOKENS` active ones."""
    if not (isinstance(days, int) and 1 <= days <= MAX_TOKEN_DAYS):
        raise InputError.on("days", f"La durée de validité d'un jeton va de 1 à {MAX_TOKEN_DAYS} jours.")
    try:
        scope = TokenScope(scope)
    except ValueError:
        raise InputError.on("scope", "Portée inconnue : « read » (lecture seule) ou « write ».") from None
    now = utcnow()
    lock_account(session, user)
    active = session.scalar(select(func.count(ApiToken.id)).where(ApiToken.user_id == user.id, *_active(now)))
    if active >= MAX_ACTIVE_TOKENS:
        message = (
            f"Vous avez déjà {MAX_ACTIVE_TOKENS} jetons d'API actifs, le maximum : "
            "révoquez-en un avant d'en créer un autre."
        )
        raise ConflictError(message, {"tokens": [message]})
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(
        user_id=user.id,
        name=name.strip() or "jeton",
        token_hash=token_digest(secret),
        prefix=secret[:10],
        scope=scope,
        created_at=now,
        expires_at=now + timedelta(days=days),
    )
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session, user: User) -> list[ApiToken]:
    """The account's unrevoked tokens, the expired ones included (shown as such until revoked)."""
    return list(
        session.scalars(
            select(ApiToken).where(ApiToken.user_id == user.id, ApiToken.revoked_at.is_(None)).order_by(ApiToken.id)
        )
    )


def revoke_token(session: Session, user: User, token_id: int) -> None:
    token = session.get(ApiToken, token_id)
    if token is None or token.user_id != user.id or token.revoked_at is not None:
        raise NotFoundError("Jeton introuvable.")
    token.revoked_at = datetime.now(UTC)
    session.flush()


def _load_user(user_id: str) -> User | None:
    """The account of a session cookie `<id>:<session token>`, while that token is its current one."""
    raw_id, _, token = user_id.partition(":")
    if not token or not (raw_id.isascii() and raw_id.isdigit()) or int(raw_id) > MAX_ID:
        return None
    user = account_with_profile_marks(db.session, int(raw_id))
    if user is None or not user.is_active or not user.session_token:
        return None
    return user if hmac.compare_digest(user.session_token.encode(), token.encode()) else None


def end_sessions(session: Session, user: User) -> None:
    """Every session cookie of `user` stops working (logout, password change)."""
    user.rotate_session_token()
    session.flush()


def _forget_csrf_secret() -> None:
    """A new CSRF secret from now on: tokens handed out before no longer validate."""
    field = current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token")
    session.pop(field, None)
    g.pop(field, None)  # Flask-WTF caches this request's token there


def sign_in(user: User) -> None:
    """Start a session for `user` (page and API sign-in and sign-up), with a new CSRF secret."""
    _forget_csrf_secret()
    login_user(user)


def sign_out() -> None:
    """End this browser's session and its CSRF secret. Call `end_sessions` (and commit) first to
    revoke every copy of the cookie."""
    logout_user()
    _forget_csrf_secret()


def signed_in_by_cookie() -> User | None:
    """The user of this request's session cookie (None when anonymous or signed by an API token)."""
    if not current_user.is_authenticated or g.get("auth_via_token"):
        return None
    return current_user


def _load_user_from_token(req) -> User | None:
    header = req.headers.get("Authorization", "")
    if not header.startswith("Bearer "):
        return None
    secret = header[len("Bearer ") :].strip()
    now = utcnow()
    token = db.session.scalars(
        select(ApiToken).where(ApiToken.token_hash == token_digest(secret), *_active(now))
    ).first()
    if token is None or not token.user.is_active:
        return None
    g.auth_via_token = True
    g.api_token_scope = token.scope
    if token.last_used_at is None or token.last_used_at < now - LAST_USE_PRECISION:
        g.api_token_to_touch = token.id  # recorded once the request is done (_record_token_use)
    return token.user


def _check_token_scope():
    """A `read` token may not change anything: 403 on any method but GET, HEAD and OPTIONS."""
    if request.method in SAFE_METHODS or not request.headers.get("Authorization", "").startswith("Bearer "):
        return
    if current_user.is_authenticated and g.get("api_token_scope") == TokenScope.READ:  # loads the token
        raise ForbiddenError(READ_SCOPE_REFUSAL)


def _record_token_use(_exc=None):
    """Set the token's `last_used_at` after the request, in a transaction of its own that holds one
    conditional UPDATE (so two workers do not both write it) and waits at most
    `LAST_USE_LOCK_WAIT_MS` for a lock: a read request stays a read for every other purpose, and
    the bookkeeping never fails or slows it (missed now, it is written at the next use)."""
    token_id = g.pop("api_token_to_touch", None)
    if token_id is None:
        return
    now = utcnow()
    statement = (
        update(ApiToken)
        .where(
            ApiToken.id == token_id,
            or_(ApiToken.last_used_at.is_(None), ApiToken.last_used_at < now - LAST_USE_PRECISION),
        )
        .values(last_used_at=now)
        .execution_options(synchronize_session=False)
    )
    try:
        db.session.rollback()  # the request's own transaction is over: nothing of it is kept
        if db.session.get_bind().dialect.name == "postgresql":
            with write_transactions():  # a transaction, not a read request's autocommit: SET LOCAL applies
                db.session.execute(text(f"SET LOCAL lock_timeout = {LAST_USE_LOCK_WAIT_MS}"))
                db.session.execute(statement)
                db.session.commit()
        else:  # SQLite: the busy timeout is the connection's; shorten it for this one statement
            connection = db.session.connection()
            usual = connection.exec_driver_sql("PRAGMA busy_timeout").scalar()
            connection.exec_driver_sql(f"PRAGMA busy_timeout={LAST_USE_LOCK_WAIT_MS}")
            try:
                db.session.execute(statement)
            finally:
                connection.exec_driver_sql(f"PRAGMA busy_timeout={int(usual)}")
            db.session.commit()
    except SQLAlchemyError as exc:
        db.session.rollback()
        log.info("Last use of API token %s not recorded: %s", token_id, str(exc).splitlines()[0][:200])


def _unauthorized():
    raise UnauthorizedError("Authentification requise : connectez-vous ou fournissez un jeton d'API.")


def _check_api_csrf():
    """Cookie-authenticated API writes must carry the CSRF token."""
    if not request.path.startswith("/api/") or request.method not in UNSAFE_METHODS:
        return
    if not current_user.is_authenticated or g.get("auth_via_token"):  # loading sets the flag
        return
    try:
        validate_csrf(request.headers.get("X-CSRFToken", ""))
    except (ValidationError, CSRFError):
        raise ForbiddenError(
            "Jeton CSRF manquant ou invalide : envoyez l'en-tête X-CSRFToken (GET /api/v1/auth/csrf) "
            "ou authentifiez-vous avec un jeton d'API."
        ) from None


def current(require: bool = True, roles: tuple | None = None) -> User | None:
    """The signed-in user; 401 when required and absent, 403 when their role is not allowed."""
    user = current_user if current_user.is_authenticated else None
    if user is None:
        if require:
            _unauthorized()
        return None
    if roles is not None and user.role not in roles:
        raise ForbiddenError("Cette action n'est pas permise pour votre type de compte.")
    return user


def _session_lifetime(app: Flask) -> timedelta:
    raw = app.config.get("VTE_SESSION_LIFETIME_DAYS")
    if raw is None:
        raw = os.environ.get("VTE_SESSION_LIFETIME_DAYS", str(DEFAULT_SESSION_LIFETIME_DAYS))
    try:
        days = float(raw)
    except (TypeError, ValueError):
        days = 0
    if not days > 0:
        raise RuntimeError(f"VTE_SESSION_LIFETIME_DAYS must be a positive number of days, not {raw!r}.")
    return timedelta(days=days)


def _login_limit(app: Flask) -> None:
    """A limit the operator mistyped stops the start, not the first sign-in (a 500)."""
    raw = app.config["VTE_LOGIN_LIMIT"]
    try:
        parse_many(raw)
    except ValueError:
        raise RuntimeError(
            f"VTE_LOGIN_LIMIT must be rate limits like '10 per minute;50 per hour', not {raw!r}."
        ) from None


def _token_days(app: Flask) -> None:
    days = app.config.get("VTE_API_TOKEN_DAYS", DEFAULT_TOKEN_DAYS)
    if not (isinstance(days, int) and 1 <= days <= MAX_TOKEN_DAYS):
        raise RuntimeError(
            f"VTE_API_TOKEN_DAYS must be a whole number of days from 1 to {MAX_TOKEN_DAYS}, not {days!r}."
        )


def init_auth(app: Flask) -> None:
    # A session cookie (signed, timestamped) is refused once older than this; so is a remember-me one.
    lifetime = _session_lifetime(app)
    app.config["PERMANENT_SESSION_LIFETIME"] = lifetime
    app.config["REMEMBER_COOKIE_DURATION"] = lifetime
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.request_loader(_load_user_from_token)
    login_manager.unauthorized_handler(_unauthorized)
    login_manager.login_view = "web.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    csrf.init_app(app)
    app.after_request(restore_retry_after)  # before Flask-Limiter's hook, hence run after it
    limiter.init_app(app)
    _token_days(app)
    _login_limit(app)
    app.before_request(_check_token_scope)
    app.before_request(_check_api_csrf)
    app.teardown_request(_record_token_use)
