"""Links sent by e-mail to an account: password reset and address verification. Flush, never commit.

A link carries a random secret; only its SHA-256 is stored (`AccountToken`). It works once, until
it expires (1 hour for a password reset, 7 days for a verification), and for the address it was
sent to. Asking for a new link of the same kind ends the previous ones.

The services do not know the site's address: the caller passes `link_for(secret) -> url` (the
views build it with `url_for(..., _external=True)`).
"""

from __future__ import annotations

import hashlib
import secrets
from collections.abc import Callable
from datetime import UTC, datetime, timedelta

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .accounts import find_user_by_email, normalise_email, set_password, verify_password
from .errors import ConflictError, InputError
from .models import AccountToken, OutboxEmail, User, as_utc
from .permissions import student_of
from .students import school_for_email
from .vocab import Role

PASSWORD_RESET = "password_reset"
EMAIL_VERIFICATION = "email_verification"
LIFETIMES = {PASSWORD_RESET: timedelta(hours=1), EMAIL_VERIFICATION: timedelta(days=7)}
# The one answer to « mot de passe oublié », whether or not the address has an account.
RESET_REQUESTED = (
    "Si un compte existe avec cette adresse, un e-mail vient de lui être envoyé avec un lien pour "
    "choisir un nouveau mot de passe (valable une heure)."
)
INVALID_LINK = "Ce lien n'est pas ou plus valable : demandez-en un nouveau."
USED_LINK = "Ce lien vient déjà d'être utilisé."

LinkBuilder = Callable[[str], str]


def _digest(secret: str) -> str:
    return hashlib.sha256(secret.encode("utf-8")).hexdigest()


def issue_link(session: Session, user: User, purpose: str) -> str:
    """A new secret of `purpose` for `user` (the previous unused ones stop working)."""
    now = datetime.now(UTC)
    session.execute(
        update(AccountToken)
        .where(AccountToken.user_id == user.id, AccountToken.purpose == purpose, AccountToken.used_at.is_(None))
        .values(used_at=now)
    )
    secret = secrets.token_urlsafe(32)
    session.add(
        AccountToken(
            user_id=user.id,
            purpose=purpose,
            token_hash=_digest(secret),
            email=user.email,
            created_at=now,
            expires_at=now + LIFETIMES[purpose],
        )
    )
    session.flush()
    return secret


def _redeem(session: Session, secret: str, purpose: str) -> User:
    """The account of a valid link, which is used up now; 422 on a wrong, expired or spent link,
    409 for the loser of two concurrent uses."""
    token = session.scalars(
        select(AccountToken).where(AccountToken.token_hash == _digest(secret or ""), AccountToken.purpose == purpose)
    ).first()
    now = datetime.now(UTC)
    if (
        token is None
        or token.used_at is not None
        or as_utc(token.expires_at) < now
        or not token.user.is_active
        or normalise_email(token.user.email) != normalise_email(token.email)
    ):
        raise InputError.on("token", INVALID_LINK)
    spent = session.execute(
        update(AccountToken)
        .where(AccountToken.id == token.id, AccountToken.used_at.is_(None))
        .values(used_at=now)
        .execution_options(synchronize_session=False)
    )
    if spent.rowcount != 1:
        raise ConflictError(USED_LINK, {"token": [USED_LINK]})
    session.refresh(token)
    return token.user


def _mark_verified(session: Session, user: User) -> None:
    """The address is proved: a student without a school joins the one whose approved domain it is."""
    if user.email_verified_at is None:
        user.email_verified_at = datetime.now(UTC)
    if user.role == Role.STUDENT and user.school_id is None:
        school = school_for_email(session, user.email)
        if school is not None:
            user.school_id = school.id
            profile = student_of(session, user)
            if profile is not None:
                profile.school_id = school.id
    session.flush()


def request_password_reset(session: Session, email: str, link_for: LinkBuilder) -> None:
    """E-mail a reset link to the account of `email`, if there is an active one. The caller
    answers `RESET_REQUESTED` either way, so the answer does not reveal who has an account."""
    user = find_user_by_email(session, email)
    if user is None or not user.is_active:
        return
    link = link_for(issue_link(session, user, PASSWORD_RESET))
    session.add(
        OutboxEmail(
            to_email=user.email,
            kind=PASSWORD_RESET,
            subject="VTE Match : choisir un nouveau mot de passe",
            body=(
                "Bonjour,\n\n"
                "Quelqu'un (vous, sans doute) a demandé à changer le mot de passe de votre compte VTE Match.\n"
                f"Pour en choisir un nouveau, ouvrez ce lien dans l'heure :\n{link}\n\n"
                "Si vous n'avez rien demandé, ignorez ce message : votre mot de passe reste le même.\n\n"
                "L'équipe VTE Match"
            ),
        )
    )
    session.flush()


def reset_password(session: Session, secret: str, password: str) -> User:
    """Set a new password with a reset link. Every session of the account ends; the link proved
    the address, so it counts as verified."""
    user = _redeem(session, secret, PASSWORD_RESET)
    set_password(session, user, password)
    _mark_verified(session, user)
    return user


def send_verification(session: Session, user: User, link_for: LinkBuilder) -> None:
    """E-mail a link that proves the account's address (after sign-up, or on request)."""
    link = link_for(issue_link(session, user, EMAIL_VERIFICATION))
    session.add(
        OutboxEmail(
            to_email=user.email,
            kind=EMAIL_VERIFICATION,
            subject="VTE Match : confirmez votre adresse e-mail",
            body=(
                "Bonjour,\n\n"
                "Pour confirmer l'adresse de votre compte VTE Match, ouvrez ce lien (valable 7 jours) :\n"
                f"{link}\n\n"
                "Si vous n'avez pas créé de compte, ignorez ce message.\n\n"
                "L'équipe VTE Match"
            ),
        )
    )
    session.flush()


def verify_email(session: Session, secret: str) -> User:
    """Redeem a verification link: the address is verified (and a student joins the school whose
    approved domain it is)."""
    user = _redeem(session, secret, EMAIL_VERIFICATION)
    _mark_verified(session, user)
    return user


def change_password(session: Session, user: User, current_password: str, new_password: str) -> None:
    """Change the password knowing the current one; every other session of the account ends."""
    if not verify_password(user, current_password or ""):
        raise InputError.on("current_password", "Mot de passe actuel incorrect.")
    if current_password == new_password:
        raise InputError.on("password", "Choisissez un mot de passe différent de l'actuel.")
    set_password(session, user, new_password)
