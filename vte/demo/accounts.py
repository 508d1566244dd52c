"""Demo accounts, one per role, attached to rows of the demo dataset."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from ..accounts import create_user, find_user_by_email
from ..models import Application, Offer, Placement, Student
from ..vocab import OfferStatus, Role

DEMO_PASSWORD = "Demo-VTE-2026"
DEMO_ACCOUNTS = (
    ("etudiant@demo.vte-match.fr", Role.STUDENT, "Compte étudiant de démonstration"),
    ("entreprise@demo.vte-match.fr", Role.COMPANY, "Compte entreprise de démonstration"),
    ("ecole@demo.vte-match.fr", Role.SCHOOL, "Compte école de démonstration"),
    ("admin@demo.vte-match.fr", Role.ADMIN, "Compte administrateur de démonstration"),
)


def ensure_demo_accounts(session: Session) -> list[tuple[str, str]]:
    """Create the demo accounts that are missing; returns (email, role) of each demo account.
    The school staff member belongs to the demo school with the most placements (so that its
    dashboard has something to show), the student is a visible demo student of that school, the
    recruiter belongs to the demo company whose published offers received the most applications."""
    school_id = session.scalar(
        select(Placement.school_id)
        .join(Student, Student.id == Placement.student_id)
        .where(Student.source == "demo")
        .group_by(Placement.school_id)
        .order_by(func.count(Placement.id).desc(), Placement.school_id)
        .limit(1)
    )
    visible = select(Student).where(Student.source == "demo", Student.visible.is_(True)).order_by(Student.id)
    student = (
        session.scalars(visible.where(Student.school_id == school_id)).first() if school_id else None
    ) or session.scalars(visible).first()
    published = select(Offer).where(Offer.source == "demo", Offer.status == OfferStatus.PUBLISHED)
    company_id = session.scalar(
        select(Offer.company_id)
        .join(Application, Application.offer_id == Offer.id)
        .where(Offer.source == "demo", Offer.status == OfferStatus.PUBLISHED)
        .group_by(Offer.company_id)
        .order_by(func.count(Application.id).desc(), Offer.company_id)
        .limit(1)
    )
    offer = (
        session.scalars(published.where(Offer.company_id == company_id)).first() if company_id else None
    ) or session.scalars(published.order_by(Offer.id)).first()
    if student is None or offer is None:
        return []
    links = {
        Role.STUDENT: {"school_id": student.school_id},
        Role.COMPANY: {"company_id": offer.company_id},
        Role.SCHOOL: {"school_id": student.school_id},
        Role.ADMIN: {},
    }
    accounts = []
    for email, role, name in DEMO_ACCOUNTS:
        user = find_user_by_email(session, email)
        if user is None:
            user = create_user(session, email, DEMO_PASSWORD, role, display_name=name, **links[role])
        if role == Role.STUDENT and student.user_id is None:
            student.user_id = user.id
            user.school_id = student.school_id
        accounts.append((email, role.value))
    session.flush()
    return accounts
