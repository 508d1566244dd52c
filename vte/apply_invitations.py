"""A company invites a recommended candidate to apply (issue 13). Flush, never commit.

From the ranked candidates of one of its published offers, a recruiter invites a visible student
who has not applied: the student gets an e-mail and sees the invitation on « Mes offres ». One
invitation per (offer, student): a second one is a 409.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import ConflictError, InputError
from .links import absolute_url
from .models import Application, ApplyInvitation, Offer, OutboxEmail, Student, User
from .vocab import ApplicationStatus, OfferStatus

ALREADY = "Ce candidat est déjà invité à postuler à cette offre."


def invite_to_apply(session: Session, user: User, offer: Offer, student_id: int) -> ApplyInvitation:
    """`offer` is one the user manages (checked by the caller)."""
    if offer.status != OfferStatus.PUBLISHED:
        raise ConflictError("Publiez l'offre avant d'inviter des candidats.", {"offer_id": ["Offre non publiée."]})
    student = session.get(Student, student_id)
    if student is None or not student.visible:
        raise InputError.on("student_id", "Ce profil n'existe pas ou n'est pas visible des entreprises.")
    applied = session.scalar(
        select(Application.id).where(
            Application.offer_id == offer.id,
            Application.student_id == student.id,
            Application.status != ApplicationStatus.WITHDRAWN,
        )
    )
    if applied is not None:
        raise ConflictError("Ce candidat a déjà postulé à cette offre.", {"student_id": ["Déjà candidat."]})
    invitation = ApplyInvitation(offer_id=offer.id, student_id=student.id, by_user_id=user.id)
    try:
        with session.begin_nested():  # two recruiters inviting at once meet the unique constraint
            session.add(invitation)
            session.flush()
    except IntegrityError:
        raise ConflictError(ALREADY, {"student_id": [ALREADY]}) from None
    account = session.get(User, student.user_id) if student.user_id else None
    if account is not None:
        link = absolute_url("web.offer", offer_id=offer.id)
        session.add(
            OutboxEmail(
                to_email=account.email,
                kind="apply_invitation",
                subject=f"{offer.company.name} vous invite à postuler : {offer.title}"[:250],
                body=(
                    "Bonjour,\n\n"
                    f"{offer.company.name} a lu votre profil sur VTE Match et vous invite à postuler à son offre "
                    f"« {offer.title} ».\n" + (f"Lire l'offre et postuler : {link}\n" if link else "") + "\n"
                    "L'équipe VTE Match"
                ),
            )
        )
    session.flush()
    return invitation


def invited_student_ids(session: Session, offer: Offer) -> set[int]:
    return set(session.scalars(select(ApplyInvitation.student_id).where(ApplyInvitation.offer_id == offer.id)))


def invitations_for_student(session: Session, student: Student, today: date | None = None) -> list[dict[str, Any]]:
    """Open invitations: offers still published and unexpired that the student has not applied to."""
    today = today or date.today()
    applied = select(Application.offer_id).where(Application.student_id == student.id)
    rows = session.execute(
        select(ApplyInvitation, Offer)
        .join(Offer, Offer.id == ApplyInvitation.offer_id)
        .where(
            ApplyInvitation.student_id == student.id,
            Offer.status == OfferStatus.PUBLISHED,
            (Offer.expires_at.is_(None)) | (Offer.expires_at >= today),
            Offer.id.not_in(applied),
        )
        .order_by(ApplyInvitation.id.desc())
    ).all()
    return [
        {
            "offer_id": offer.id,
            "title": offer.title,
            "company": offer.company.name,
            "invited_at": invitation.created_at,
        }
        for invitation, offer in rows
    ]
