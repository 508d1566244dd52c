"""A person's data, for every role: export (right of access and portability) and erasure.
Flush, never commit.

`PERSONAL_DATA` names every table that holds data about a person and what erasure does with it;
tests/test_account_data.py checks that every table of the schema is either listed there or in
`NOT_PERSONAL`, so a new table cannot be forgotten.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .errors import ConflictError
from .index import record_change
from .login_attempts import forget_login_failures
from .models import (
    AccountToken,
    ApiToken,
    Application,
    ApplicationEvent,
    ApplyInvitation,
    Company,
    EmbeddingCache,
    FavouriteOffer,
    Offer,
    OutboxEmail,
    Placement,
    SavedSearch,
    School,
    Student,
    User,
)
from .permissions import student_of
from .students import profile_to_dict
from .vocab import ApplicationStatus, Role

# table -> what erasing a person does with their rows there.
PERSONAL_DATA = {
    "user_account": "deleted",
    "student": "deleted (the profile)",
    "application": "kept for the company, withdrawn if open, without message nor link to the person",
    "application_event": "kept (the history of an anonymous application); the author link is cleared",
    "placement": "kept for the school's statistics, without link to the person",
    "api_token": "deleted",
    "account_token": "deleted",
    "saved_search": "deleted (the alerts)",
    "favourite_offer": "deleted (the saved offers)",
    "apply_invitation": "deleted with the profile (invitations to apply the student received)",
    "login_failure": "deleted (failed sign-ins at the account's address, stored as keyed hashes)",
    "outbox_email": "every e-mail to the person's address is deleted, sent or not",
    "embedding_cache": "the vector of the profile's text is deleted (unless an offer has the same text)",
}
# Tables without data about a person (reference data, organisations, offers, index bookkeeping).
NOT_PERSONAL = {
    "alembic_version",
    "commune",
    "commune_alias",
    "company",
    "departement",
    "epci",
    "index_change",
    "naf",
    "offer",
    "postcode",
    "region",
    "school",
    "school_invitation",
    "territoire",
    "territoire_commune",
    "territoire_epci",
    "territoire_list",
}
CLOSED = (ApplicationStatus.HIRED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)


def _applications(session: Session, profile: Student) -> list[dict[str, Any]]:
    return [
        {
            "id": application.id,
            "offer": {
                "id": application.offer.id,
                "title": application.offer.title,
                "company": application.offer.company.name,
            },
            "status": application.status.value,
            "message": application.message,
            "created_at": application.created_at,
            "history": [{"from": e.from_status, "to": e.to_status, "at": e.at} for e in application.events],
        }
        for application in session.scalars(
            select(Application).where(Application.student_id == profile.id).order_by(Application.id)
        )
    ]


def _placements(session: Session, profile: Student) -> list[dict[str, Any]]:
    return [
        {
            "offer_id": p.offer_id,
            "school_id": p.school_id,
            "programme": p.programme,
            "contract_type": p.contract_type.value,
            "start_date": p.start_date,
            "hired_at": p.hired_at,
            "commune_code": p.commune_code,
        }
        for p in session.scalars(select(Placement).where(Placement.student_id == profile.id).order_by(Placement.id))
    ]


def export_account(session: Session, user: User) -> dict[str, Any]:
    """Everything the service holds about the person of `user`, whatever their role."""
    profile = student_of(session, user) if user.role == Role.STUDENT else None
    tokens = session.scalars(select(ApiToken).where(ApiToken.user_id == user.id).order_by(ApiToken.id)).all()
    emails = session.scalars(
        select(OutboxEmail).where(func.lower(OutboxEmail.to_email) == user.email.lower()).order_by(OutboxEmail.id)
    ).all()
    decisions = session.scalars(
        select(ApplicationEvent).where(ApplicationEvent.by_user_id == user.id).order_by(ApplicationEvent.id)
    ).all()
    return {
        "account": {
            "email": user.email,
            "role": user.role.value,
            "display_name": user.display_name,
            "created_at": user.created_at,
            "email_verified_at": user.email_verified_at,
        },
        "school": _school_of(session, user, profile),
        "company": _company_of(session, user),
        "profile": profile_to_dict(profile) if profile else None,
        "applications": _applications(session, profile) if profile else [],
        "placements": _placements(session, profile) if profile else [],
        "application_decisions": [
            {"application_id": e.application_id, "from": e.from_status, "to": e.to_status, "at": e.at}
            for e in decisions
        ],
        "emails": [
            {"subject": e.subject, "kind": e.kind, "created_at": e.created_at, "sent_at": e.sent_at, "body": e.body}
            for e in emails
        ],
        "favourites": [
            {"offer_id": f.offer_id, "saved_at": f.created_at}
            for f in session.scalars(
                select(FavouriteOffer).where(FavouriteOffer.user_id == user.id).order_by(FavouriteOffer.id)
            )
        ],
        "alerts": [
            {"name": a.name, "kind": a.kind, "params": a.params, "frequency": a.frequency, "created_at": a.created_at}
            for a in session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.id))
        ],
        "api_tokens": [
            {
                "name": t.name,
                "prefix": t.prefix,
                "scope": t.scope.value,
                "created_at": t.created_at,
                "expires_at": t.expires_at,
                "last_used_at": t.last_used_at,
                "revoked_at": t.revoked_at,
            }
            for t in tokens
        ],
    }


def _school_of(session: Session, user: User, profile: Student | None) -> dict[str, Any] | None:
    school_id = profile.school_id if profile is not None else user.school_id
    school = session.get(School, school_id) if school_id is not None else None
    return {"id": school.id, "name": school.name} if school is not None else None


def _company_of(session: Session, user: User) -> dict[str, Any] | None:
    company = session.get(Company, user.company_id) if user.company_id is not None else None
    return {"id": company.id, "name": company.name, "siren": company.siren} if company else None


def _erase_profile(session: Session, profile: Student) -> None:
    """Withdraw the open applications, unlink the applications and placements, forget the
    profile's vector, delete the profile."""
    now = datetime.now(UTC)
    for application in session.scalars(select(Application).where(Application.student_id == profile.id)):
        if application.status not in CLOSED:
            session.add(
                ApplicationEvent(
                    application_id=application.id,
                    from_status=application.status.value,
                    to_status=ApplicationStatus.WITHDRAWN.value,
                    at=now,
                )
            )
            application.status = ApplicationStatus.WITHDRAWN
        application.message = None
        application.student_id = None
    session.execute(update(Placement).where(Placement.student_id == profile.id).values(student_id=None))
    if profile.text_hash:
        shared = session.scalar(
            select(func.count()).select_from(Offer).where(Offer.text_hash == profile.text_hash)
        ) or session.scalar(
            select(func.count())
            .select_from(Student)
            .where(Student.text_hash == profile.text_hash, Student.id != profile.id)
        )
        if not shared:
            session.execute(delete(EmbeddingCache).where(EmbeddingCache.text_hash == profile.text_hash))
    session.execute(delete(ApplyInvitation).where(ApplyInvitation.student_id == profile.id))
    record_change(session, "student", [profile.id])
    session.delete(profile)


def erase_account(session: Session, user: User) -> None:
    """Delete the account and what the service holds about its person (see `PERSONAL_DATA`).
    A recruiter's company and a school staff member's school stay: they belong to the
    organisation. The last active admin cannot be erased (nobody could administer the service)."""
    if user.role == Role.ADMIN:
        admins = session.scalar(
            select(func.count(User.id)).where(User.role == Role.ADMIN, User.is_active.is_(True), User.id != user.id)
        )
        if not admins:
            raise ConflictError(
                "Vous êtes le dernier administrateur : nommez-en un autre avant de supprimer ce compte.",
                {"account": ["Dernier administrateur."]},
            )
    profile = student_of(session, user) if user.role == Role.STUDENT else None
    if profile is not None:
        _erase_profile(session, profile)
    session.execute(update(ApplicationEvent).where(ApplicationEvent.by_user_id == user.id).values(by_user_id=None))
    session.execute(delete(OutboxEmail).where(func.lower(OutboxEmail.to_email) == user.email.lower()))
    session.execute(delete(ApiToken).where(ApiToken.user_id == user.id))
    session.execute(delete(AccountToken).where(AccountToken.user_id == user.id))
    session.execute(delete(SavedSearch).where(SavedSearch.user_id == user.id))
    session.execute(delete(FavouriteOffer).where(FavouriteOffer.user_id == user.id))
    forget_login_failures(session, user.email)
    session.delete(user)
    session.flush()
