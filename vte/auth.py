"""Who is calling: session cookies (HTML and same-site JS) and personal API tokens.

- Flask-Login keeps the signed-in user in the session cookie (HttpOnly, SameSite=Lax, Secure
  outside development).
- `Authorization: Bearer vte_…` authenticates API calls with a personal token; only its SHA-256 is
  stored, and a revoked token stops working at once.
- API calls that change data with the cookie must carry the CSRF token (header X-CSRFToken, from
  `GET /api/v1/auth/csrf`); token-authenticated calls need none (no ambient credential).
"""

from __future__ import annotations

import hashlib
import secrets
from datetime import UTC, datetime

from flask import Flask, current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError, validate_csrf
from sqlalchemy import select
from sqlalchemy.orm import Session
from wtforms import ValidationError

from .errors import ForbiddenError, NotFoundError, UnauthorizedError
from .extensions import csrf, db, limiter, login_manager
from .models import ApiToken, User

TOKEN_PREFIX = "vte_"
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}
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
    user = db.session.get(User, int(user_id)) if user_id.isdigit() else None
    return user if user is not None and user.is_active else None


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


def init_auth(app: Flask) -> None:
    login_manager.init_app(app)
    login_manager.user_loader(_load_user)
    login_manager.request_loader(_load_user_from_token)
    login_manager.unauthorized_handler(_unauthorized)
    login_manager.login_view = "web.login"
    login_manager.login_message = "Connectez-vous pour accéder à cette page."
    csrf.init_app(app)
    limiter.init_app(app)
    app.before_request(_check_api_csrf)
