"""Who speaks for a company: an admin verifies a newly registered company, and only its
recruiters attach a colleague to it. Flush, never commit.

Anyone can type a real SIREN; until an admin checked that the account belongs to the company (a
call, a domain, a Kbis), its offers say « entreprise non vérifiée ». A SIREN is held by one
company record (unique), and a second account joins it only when a recruiter of the company adds
it (`add_recruiter`): nobody takes over a company's page without its consent.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .accounts import attach_account, normalise_email
from .errors import ConflictError, InputError, NotFoundError
from .index import record_company_change
from .models import Company, Offer, User
from .vocab import OfferStatus, Role

ALREADY_VERIFIED = "Cette entreprise vient déjà d'être vérifiée."


def unverified_companies(session: Session) -> list[dict[str, Any]]:
    """Companies waiting for verification, oldest first, with their recruiters and offers."""
    companies = session.scalars(
        select(Company).where(Company.verified_at.is_(None)).order_by(Company.created_at, Company.id)
    ).all()
    ids = [c.id for c in companies]
    recruiters: dict[int, list[str]] = {}
    for company_id, email in session.execute(
        select(User.company_id, User.email).where(User.role == Role.COMPANY, User.company_id.in_(ids))
    ):
        recruiters.setdefault(company_id, []).append(email)
    published = dict(
        session.execute(
            select(Offer.company_id, func.count(Offer.id))
            .where(Offer.company_id.in_(ids), Offer.status == OfferStatus.PUBLISHED)
            .group_by(Offer.company_id)
        ).all()
    )
    return [
        {
            "id": c.id,
            "name": c.name,
            "siren": c.siren,
            "created_at": c.created_at,
            "recruiters": sorted(recruiters.get(c.id, [])),
            "published_offers": published.get(c.id, 0),
        }
        for c in companies
    ]


def verify_company(session: Session, company_id: int) -> Company:
    """Mark the company verified (once: the loser of two concurrent verifications gets 409)."""
    company = session.get(Company, company_id)
    if company is None:
        raise NotFoundError("Entreprise introuvable.")
    done = session.execute(
        update(Company)
        .where(Company.id == company_id, Company.verified_at.is_(None))
        .values(verified_at=datetime.now(UTC))
        .execution_options(synchronize_session=False)
    )
    if done.rowcount != 1:
        raise ConflictError(ALREADY_VERIFIED, {"company": [ALREADY_VERIFIED]})
    record_company_change(session, company_id)  # its offers now show the company as verified
    session.refresh(company)
    return company


def list_recruiters(session: Session, company: Company) -> list[User]:
    return list(
        session.scalars(
            select(User).where(User.company_id == company.id, User.role == Role.COMPANY).order_by(User.email)
        )
    )


def recruiter_emails(session: Session, company_id: int) -> list[str]:
    """The addresses of the company's active recruiter accounts (who its e-mails go to)."""
    return list(
        session.scalars(
            select(User.email).where(User.company_id == company_id, User.role == Role.COMPANY, User.is_active.is_(True))
        )
    )


def add_recruiter(session: Session, company: Company, email: str) -> User:
    """Attach a signed-up recruiter account without a company to `company` (done by one of its
    recruiters, or an admin)."""
    user = session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()
    if user is None or user.role != Role.COMPANY:
        message = (
            "Aucun compte « entreprise » avec cette adresse : la personne doit d'abord s'inscrire comme entreprise."
        )
        raise InputError(message, {"email": [message]})
    attach_account(session, user, "company_id", company.id, "Ce compte est déjà rattaché à une autre entreprise.")
    return user
