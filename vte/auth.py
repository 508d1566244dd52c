"""Who is calling: session cookies (HTML and same-site JS) and personal API tokens.

- Flask-Login keeps the signed-in user in the session cookie (HttpOnly, SameSite=Lax, Secure
  outside development) as `<id>:<session token>` (`User.get_id`): the loader accepts the cookie
  only while the account's token is unchanged, and logout, password change and erasure change or
  remove it, so every copy of the cookie stops working at once. The cookie is refused once older
  than `VTE_SESSION_LIFETIME_DAYS` (default 14 days).
- The CSRF secret (in the session) is a new one after sign-in and after sign-out.
- `Authorization: Bearer vte_…` authenticates API calls with a personal token; only its SHA-256 is
  stored, and a revoked token stops working at once.
- API calls that change data with the cookie must carry the CSRF token (header X-CSRFToken, from
  `GET /api/v1/auth/csrf`); token-authenticated calls need none (no ambient credential).
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from datetime import UTC, datetime, timedelta

from flask import Flask, current_app, g, request, session
from flask_login import current_user, login_user, logout_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import ValidationError

from .database import MAX_ID
from .errors import ForbiddenError, NotFoundError, UnauthorizedError
from .extensions import csrf, db, limiter, login_manager
from .models import ApiToken, User

TOKEN_PREFIX = "vte_"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
DEFAULT_SESSION_LIFETIME_DAYS = 14
# The one answer to a failed sign-in (page and API): the same for an unknown e-mail and a wrong password.
BAD_CREDENTIALS = "Adresse e-mail ou mot de passe incorrect."


def login_limit() -> str:
    """The rate limit of sign-up and sign-in attempts (`VTE_LOGIN_LIMIT`), for `limiter.limit`."""
    return current_app.config["VTE_LOGIN_LIMIT"]


def token_digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def create_token(session: Session, user: User, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`; the secret is returned once and never stored."""
    secret = TOKEN_PREFIX + secrets.token_urlsafe(32)
    token = ApiToken(user_id=user.id, name=name.strip() or "jeton", token_hash=token_digest(secret), prefix=secret[:10])
    session.add(token)
    session.flush()
    return token, secret


def list_tokens(session: Session, user: User) -> list[ApiToken]:
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
    user = db.session.get(User, int(raw_id))
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
    token = db.session.scalars(
        select(ApiToken).where(ApiToken.token_hash == token_digest(secret), ApiToken.revoked_at.is_(None))
    ).first()
    if token is None or not token.user.is_active:
        return None
    g.auth_via_token = True
    return token.user


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
    limiter.init_app(app)
    app.before_request(_check_api_csrf)
