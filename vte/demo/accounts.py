"""Demo accounts, one per role, attached to rows of the demo dataset."""
from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..accounts import create_user, find_user_by_email
from ..models import Offer, Student
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
    The student is a visible demo student, the recruiter belongs to the company of a published
    demo offer, the school staff member to that student's school."""
    student = session.scalars(
        select(Student).where(Student.source == "demo", Student.visible.is_(True)).order_by(Student.id)
    ).first()
    offer = session.scalars(
        select(Offer).where(Offer.source == "demo", Offer.status == OfferStatus.PUBLISHED).order_by(Offer.id)
    ).first()
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
