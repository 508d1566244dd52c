"""Accounts: sign-up, sign-in (rate-limited), sign-out, CSRF token, personal API tokens."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint
from flask_wtf.csrf import generate_csrf

from ..accounts import attempt_login
from ..auth import (
    BAD_CREDENTIALS,
    create_token,
    current,
    default_token_days,
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
from ..links import verification_link
from ..schemas.auth import CsrfOut, LoginIn, NewTokenOut, SignupIn, TokenIn, TokenList, UserOut
from ..schemas.common import ErrorSchema, MessageOut
from ..signup import register_account
from ..vocab import Role

blp = Blueprint("auth", __name__, url_prefix="/auth", description="Comptes et authentification")


@blp.route("/signup", methods=["POST"])
@blp.arguments(SignupIn)
@blp.response(201, UserOut)
@limiter.limit(login_limit)
def signup(data):
    """Create a student, recruiter or school-staff account and sign in; a link to confirm the
    address is e-mailed. A student joins the school of `invitation_code` at once, or the school whose
    approved domain their address has once the address is confirmed, or else the school named in `school`."""
    result = register_account(
        db.session,
        data["email"],
        data["password"],
        Role(data["role"]),
        verification_link(),
        display_name=data.get("display_name"),
        invitation_code=data.get("invitation_code"),
        school_name=data.get("school"),
    )
    db.session.commit()
    sign_in(result.user)
    return result.user


@blp.route("/login", methods=["POST"])
@blp.arguments(LoginIn)
@blp.response(200, UserOut)
@blp.alt_response(429, schema=ErrorSchema, description="Trop de tentatives : attendre `Retry-After` secondes.")
@limiter.limit(login_limit)
def login(data):
    """Sign in with a session cookie. The answer is the same for an unknown e-mail and a wrong
    password. After a few failures for one e-mail from one address, that address waits before
    its next attempt for that e-mail (429 with Retry-After), a wait that doubles with each failure;
    other addresses are not concerned."""
    user = attempt_login(db.session, data["email"], data["password"], request.remote_addr)
    db.session.commit()  # the failure counter, or its reset
    if user is None:
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
    """Your personal API tokens not revoked: scope, expiry (`expired` once past) and last use
    (to the hour)."""
    return {"items": list_tokens(db.session, current())}


@blp.route("/tokens", methods=["POST"])
@blp.arguments(TokenIn)
@blp.response(201, NewTokenOut)
def new_token(data):
    """Create a personal API token (send it as `Authorization: Bearer <token>`): scope `read` (GET,
    HEAD, OPTIONS only) or `write`, valid `days` days (90 by default, 365 at most). At most 20
    active tokens per account (409 beyond)."""
    token, secret = create_token(
        db.session, current(), data["name"], scope=data["scope"], days=data.get("days") or default_token_days()
    )
    db.session.commit()
    token.secret = secret  # shown this once (NewTokenOut.token); only its hash is stored
    return token


@blp.route("/tokens/<int:token_id>", methods=["DELETE"])
@blp.response(204)
def delete_token(token_id):
    """Revoke a token: it stops working at once."""
    revoke_token(db.session, current(), token_id)
    db.session.commit()
