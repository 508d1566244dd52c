"""User accounts: password hashing and strength, creation. Services: flush, never commit."""

from __future__ import annotations

import re

from sqlalchemy import func, select
from sqlalchemy.orm import Session
from werkzeug.security import check_password_hash, generate_password_hash

from .errors import ConflictError, InputError
from .models import School, User
from .school_registry import choose_school
from .students import join_school, school_for_email
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


def register_account(
    session: Session,
    email: str,
    password: str,
    role: Role,
    display_name: str | None = None,
    invitation_code: str | None = None,
    school_name: str | None = None,
) -> tuple[User, School | None]:
    """Sign-up (the page and POST /api/v1/auth/signup): a student whose e-mail domain was declared
    by one school joins it at once, or the school of `invitation_code`, or else the school they
    named (`school_name`: kept as entered when the registry does not know it); returns the account
    and the student's school (None for other roles, or before joining one)."""
    school = school_for_email(session, email) if role == Role.STUDENT else None
    user = create_user(
        session, email, password, role, display_name=display_name, school_id=school.id if school else None
    )
    if role == Role.STUDENT and invitation_code:
        school = join_school(session, user, invitation_code)
    elif role == Role.STUDENT and school is None and school_name and school_name.strip():
        school = choose_school(session, user, school_name)
    return user, school
