"""Your account, whatever your role: forgotten password, password change, address verification,
export of your data, erasure."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..account_data import erase_account, export_account
from ..account_links import (
    RESET_REQUESTED,
    change_password,
    request_password_reset,
    reset_password,
    send_verification,
    verify_email,
)
from ..auth import current, login_limit, sign_in, sign_out
from ..extensions import db, limiter
from ..links import reset_link, verification_link
from ..schemas.account import ExportOut, PasswordChangeIn, PasswordResetConfirmIn, PasswordResetIn, VerifyEmailIn
from ..schemas.auth import UserOut
from ..schemas.common import MessageOut

blp = Blueprint("account", __name__, url_prefix="/account", description="Votre compte et vos données")


@blp.route("/password-reset", methods=["POST"])
@blp.arguments(PasswordResetIn)
@blp.response(202, MessageOut)
@limiter.limit(login_limit)
def password_reset(data):
    """E-mail a link to choose a new password (valid one hour, once). The answer is the same
    whether or not the address has an account."""
    request_password_reset(db.session, data["email"], reset_link())
    db.session.commit()
    return {"message": RESET_REQUESTED}


@blp.route("/password-reset/confirm", methods=["POST"])
@blp.arguments(PasswordResetConfirmIn)
@blp.response(200, UserOut)
@limiter.limit(login_limit)
def password_reset_confirm(data):
    """Choose a new password with the link's token: every session of the account ends, and
    this one is signed in."""
    user = reset_password(db.session, data["token"], data["password"])
    db.session.commit()
    sign_in(user)
    return user


@blp.route("/password", methods=["POST"])
@blp.arguments(PasswordChangeIn)
@blp.response(200, MessageOut)
def password_change(data):
    """Change your password (the current one is asked): your other sessions end."""
    user = current()
    change_password(db.session, user, data["current_password"], data["password"])
    db.session.commit()
    sign_in(user)
    return {"message": "Mot de passe modifié."}


@blp.route("/verify-email", methods=["POST"])
@blp.arguments(VerifyEmailIn)
@blp.response(200, UserOut)
def post_verify_email(data):
    """Confirm your address with the e-mailed link's token; a student whose address has a
    school's approved domain joins that school."""
    user = verify_email(db.session, data["token"])
    db.session.commit()
    return user


@blp.route("/verify-email/resend", methods=["POST"])
@blp.response(202, MessageOut)
@limiter.limit(login_limit)
def resend_verification():
    """E-mail a new verification link to your address."""
    user = current()
    if user.email_verified_at is not None:
        return {"message": "Votre adresse est déjà confirmée."}
    send_verification(db.session, user, verification_link())
    db.session.commit()
    return {"message": f"Un lien de confirmation a été envoyé à {user.email}."}


@blp.route("/export")
@blp.response(200, ExportOut)
def export():
    """All the data the service holds about you, as JSON (every role)."""
    return export_account(db.session, current())


@blp.route("", methods=["DELETE"])
@blp.response(200, MessageOut)
def delete():
    """Delete your account and what the service holds about you. A recruiter's company and a
    school's page stay (they belong to the organisation); a student's open applications are
    withdrawn and placements stay in the school's statistics without a name."""
    erase_account(db.session, current())
    db.session.commit()
    sign_out()
    return {"message": "Compte supprimé."}
