"""User accounts: password hashing and strength, creation. Services: flush, never commit."""

from __future__ import annotations

import re

from sqlalchemy import func, or_, select, update
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import ConflictError, InputError
from .login_attempts import check_login_allowed, clear_login_failures, record_login_failure
from .models import User
from .vocab import Role

MIN_PASSWORD_LENGTH = 10
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[a-z]{2,}$", re.IGNORECASE)
# Hash algorithm: scrypt (werkzeug's default), salted, parameters embedded in the hash.
PASSWORD_METHOD = "scrypt"


def password_problems(password: str) -> list[str]:
    """French reasons why a password is too weak (empty list: acceptable)."""
    problems = []
    if len(password) < MIN_PASSWORD_LENGTH:
        problems.append(f"au moins {MIN_PASSWORD_LENGTH} caractères")
    classes = sum(bool(re.search(pattern, password)) for pattern in (r"[a-z]", r"[A-Z]", r"\d", r"[^A-Za-z0-9]"))
    if classes < 3:
        problems.append("au moins trois types de caractères parmi minuscules, majuscules, chiffres et symboles")
    return problems


def hash_password(password: str) -> str:
    return generate_password_hash(password, method=PASSWORD_METHOD)


def verify_password(user: User | None, password: str) -> bool:
    """Constant work whether or not the user exists, so timing does not reveal accounts."""
    if user is None:
        check_password_hash(_DUMMY_HASH, password)
        return False
    return check_password_hash(user.password_hash, password)


_DUMMY_HASH = generate_password_hash("not-a-real-password", method=PASSWORD_METHOD)


def _check_strength(password: str) -> None:
    problems = password_problems(password)
    if problems:
        message = "Mot de passe trop faible : " + " ; ".join(problems) + "."
        raise InputError(message, {"password": [message]})


def set_password(session: Session, user: User, password: str) -> None:
    """A new password (checked for strength); every session of the account ends, so a browser
    left signed in elsewhere is signed out (the caller signs the current one in again)."""
    _check_strength(password)
    user.password_hash = hash_password(password)
    user.rotate_session_token()
    session.flush()


def attempt_login(session: Session, email: str, password: str, address: str | None) -> User | None:
    """Sign-in (the page and POST /api/v1/auth/login): the account when the password is right,
    None after recording a failure for this (e-mail, address) pair; the caller commits either way.
    Raises `TooManyAttemptsError` (429) while the pair must wait, right password or not, for an
    existing account or not (vte/login_attempts.py)."""
    had_failures = check_login_allowed(session, email, address)
    user = find_user_by_email(session, email)
    if verify_password(user, password) and user.is_active:
        if had_failures:
            clear_login_failures(session, email, address)
            session.flush()
        return user
    record_login_failure(session, email, address)
    return None


def normalise_email(email: str) -> str:
    return (email or "").strip().lower()


def find_user_by_email(session: Session, email: str) -> User | None:
    return session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()


def create_user(
    session: Session,
    email: str,
    password: str,
    role: Role,
    display_name: str | None = None,
    company_id: int | None = None,
    school_id: int | None = None,
) -> User:
    email = normalise_email(email)
    if not EMAIL_RE.match(email):
        raise InputError("Adresse e-mail invalide.", {"email": ["Adresse e-mail invalide."]})
    _check_strength(password)
    if find_user_by_email(session, email) is not None:
        raise ConflictError("Un compte existe déjà avec cette adresse e-mail.", {"email": ["Adresse déjà utilisée."]})
    user = User(
        email=email,
        password_hash=hash_password(password),
        role=Role(role),
        display_name=display_name,
        company_id=company_id,
        school_id=school_id,
    )
    session.add(user)
    session.flush()
    return user


def lock_account(session: Session, user: User) -> None:
    """Lock the account's row until the transaction ends (PostgreSQL; SQLite's write transactions
    are serial already), so that two requests counting what it holds (tokens, alerts) against a
    limit cannot both take the last place."""
    session.execute(select(User.id).where(User.id == user.id).with_for_update())


def attach_account(session: Session, user: User, link: str, target_id: int, taken: str) -> None:
    """Set the account's `link` ("company_id" or "school_id") to `target_id`, only while it is empty
    or already that (one conditional UPDATE: two organisations adding the same account at once
    cannot both win); 409 with `taken` otherwise."""
    column = getattr(User, link)
    done = session.execute(
        update(User)
        .where(User.id == user.id, or_(column.is_(None), column == target_id))
        .values({link: target_id})
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise ConflictError(taken, {"email": ["Déjà rattaché."]})
    session.refresh(user)
