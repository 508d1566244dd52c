"""Accounts: sign-up, sign-in (rate-limited), sign-out, CSRF token, personal API tokens."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

from ..accounts import find_user_by_email, register_account, verify_password
from ..auth import (
    BAD_CREDENTIALS,
    create_token,
    current,
    end_sessions,
    list_tokens,
    login_limit,
    revoke_token,
    sign_in,
    sign_out,
    signed_in_by_cookie,
)
from ..errors import UnauthorizedError
from ..extensions import db, limiter
from ..schemas.auth import CsrfOut, LoginIn, NewTokenOut, SignupIn, TokenIn, TokenList, UserOut
from ..schemas.common import MessageOut
from ..vocab import Role

blp = Blueprint("auth", __name__, url_prefix="/auth", description="Comptes et authentification")


@blp.route("/signup", methods=["POST"])
@blp.arguments(SignupIn)
@blp.response(201, UserOut)
@limiter.limit(login_limit)
def signup(data):
    """Create a student, recruiter or school-staff account and sign in. A student whose e-mail
    domain was declared by a school joins it at once; otherwise the school named in `school`."""
    user, _ = register_account(
        db.session,
        data["email"],
        data["password"],
        Role(data["role"]),
        display_name=data.get("display_name"),
        school_name=data.get("school"),
    )
    db.session.commit()
    sign_in(user)
    return user


def _login_account_key() -> str:
    """Rate-limit key per targeted account, so spreading attempts over addresses does not help."""
    payload = request.get_json(silent=True)
    email = payload.get("email", "") if isinstance(payload, dict) else ""
    return "login:" + str(email).strip().lower()[:254]


@blp.route("/login", methods=["POST"])
@blp.arguments(LoginIn)
@blp.response(200, UserOut)
@limiter.limit(login_limit)
@limiter.limit(login_limit, key_func=_login_account_key)
def login(data):
    """Sign in with a session cookie. The answer is the same for an unknown e-mail and a wrong
    password."""
    user = find_user_by_email(db.session, data["email"])
    if not verify_password(user, data["password"]) or not user.is_active:
        raise UnauthorizedError(BAD_CREDENTIALS)
    sign_in(user)
    return user


@blp.route("/logout", methods=["POST"])
@blp.response(200, MessageOut)
def logout():
    """Sign out: every copy of this session cookie, and the account's other browser sessions,
    stop working (a personal API token stays valid until revoked)."""
    user = signed_in_by_cookie()
    if user is not None:
        end_sessions(db.session, user)
        db.session.commit()
    sign_out()
    return {"message": "Déconnecté."}


@blp.route("/me")
@blp.response(200, UserOut)
def me():
    """The signed-in account."""
    return current()


@blp.route("/csrf")
@blp.response(200, CsrfOut)
def csrf_token():
    """A CSRF token for API calls that change data with the session cookie (header X-CSRFToken)."""
    return {"csrf_token": generate_csrf()}


@blp.route("/tokens")
@blp.response(200, TokenList)
def tokens():
    """Your active personal API tokens."""
    return {"items": list_tokens(db.session, current())}


@blp.route("/tokens", methods=["POST"])
@blp.arguments(TokenIn)
@blp.response(201, NewTokenOut)
def new_token(data):
    """Create a personal API token (send it as `Authorization: Bearer <token>`)."""
    token, secret = create_token(db.session, current(), data["name"])
    db.session.commit()
    return {
        "id": token.id,
        "name": token.name,
        "prefix": token.prefix,
        "created_at": token.created_at,
        "last_used_at": None,
        "token": secret,
    }


@blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@blp.response(204)
def delete_token(token_id):
    """Revoke a token: it stops working at once."""
    revoke_token(db.session, current(), token_id)
    db.session.commit()
