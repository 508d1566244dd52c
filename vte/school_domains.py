"""The e-mail domain of a school's students: requested by the school, approved by an admin.
Flush, never commit.

A student whose *verified* address has an approved domain joins that school
(`vte.students.school_for_email`). A request takes effect only once an admin approved it, and a
changed domain needs a new approval; public webmail and disposable-address domains are refused
(`vte.mail_domains`).
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .errors import ConflictError, InputError, NotFoundError
from .mail_domains import DOMAIN_RE, is_public_mail_domain
from .models import School, User
from .vocab import Role

STALE_REQUEST = "Cette demande a changé entre-temps (domaine modifié ou déjà traité) : rechargez la page."


def domain_status(school: School) -> str | None:
    """None (no domain), "pending" (waiting for an admin) or "approved"."""
    if not school.email_domain:
        return None
    return "approved" if school.email_domain_approved_at is not None else "pending"


def set_email_domain(session: Session, school: School, domain: str | None) -> School:
    """Request (or clear, with None) the domain of the school's student addresses. A new or
    changed domain waits for an admin's approval."""
    if domain is None or not domain.strip():
        school.email_domain, school.email_domain_approved_at = None, None
        session.flush()
        return school
    value = domain.strip().lower().lstrip("@")
    if not DOMAIN_RE.match(value):
        raise InputError(
            f"Domaine invalide : « {domain} » (ex. etu.mon-ecole.fr).", {"email_domain": ["Domaine invalide."]}
        )
    if is_public_mail_domain(value):
        message = f"« {value} » est une messagerie grand public : n'importe qui pourrait rejoindre l'école."
        raise InputError(message, {"email_domain": [message]})
    if (school.email_domain or "").lower() != value:
        other = session.scalar(
            select(School.name).where(func.lower(School.email_domain) == value, School.id != school.id)
        )
        if other is not None:
            raise ConflictError(
                f"Le domaine « {value} » est déjà déclaré par une autre école ({other}).",
                {"email_domain": ["Domaine déjà déclaré."]},
            )
        school.email_domain, school.email_domain_approved_at = value, None
    session.flush()
    return school


def pending_domains(session: Session) -> list[dict[str, Any]]:
    """The domains waiting for an admin, oldest school first, with the staff who may have asked."""
    schools = session.scalars(
        select(School)
        .where(School.email_domain.is_not(None), School.email_domain_approved_at.is_(None))
        .order_by(School.name)
    ).all()
    staff: dict[int, list[str]] = {}
    for school_id, email in session.execute(
        select(User.school_id, User.email).where(User.role == Role.SCHOOL, User.school_id.in_([s.id for s in schools]))
    ):
        staff.setdefault(school_id, []).append(email)
    return [
        {"school_id": s.id, "school": s.name, "email_domain": s.email_domain, "staff": sorted(staff.get(s.id, []))}
        for s in schools
    ]


def _decide(session: Session, school_id: int, domain: str, values: dict[str, Any]) -> School:
    """Apply an admin's decision only to the request they saw (same domain, still pending)."""
    school = session.get(School, school_id)
    if school is None:
        raise NotFoundError("École introuvable.")
    done = session.execute(
        update(School)
        .where(
            School.id == school_id,
            func.lower(School.email_domain) == domain.strip().lower(),
            School.email_domain_approved_at.is_(None),
        )
        .values(**values)
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise ConflictError(STALE_REQUEST, {"email_domain": [STALE_REQUEST]})
    session.refresh(school)
    return school


def approve_domain(session: Session, school_id: int, domain: str) -> School:
    """From now on, students who verify an address at `domain` join the school."""
    return _decide(session, school_id, domain, {"email_domain_approved_at": datetime.now(UTC)})


def refuse_domain(session: Session, school_id: int, domain: str) -> School:
    """The request is dropped (the school may ask again, e.g. for its students' own domain)."""
    return _decide(session, school_id, domain, {"email_domain": None})
