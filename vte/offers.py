"""Offer operations: listing, serialisation. Take the session first; never commit."""
from __future__ import annotations

from datetime import date
from typing import Any

from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from .locations import current_territory_by_commune
from .models import Commune, Offer
from .vocab import OfferStatus, format_level


def published_filter(today: date | None = None):
    today = today or date.today()
    return (
        Offer.status == OfferStatus.PUBLISHED,
        or_(Offer.expires_at.is_(None), Offer.expires_at >= today),
    )


def list_published_offers(
    session: Session, page: int = 1, per_page: int = 20, today: date | None = None
) -> tuple[list[dict[str, Any]], int]:
    conditions = published_filter(today)
    total = session.scalar(select(func.count(Offer.id)).where(*conditions))
    offers = session.scalars(
        select(Offer)
        .options(joinedload(Offer.company))
        .where(*conditions)
        .order_by(Offer.published_at.desc().nulls_last(), Offer.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return serialise_offers(session, offers), total


def serialise_offers(session: Session, offers: list[Offer]) -> list[dict[str, Any]]:
    codes = list({o.commune_code for o in offers if o.commune_code})
    communes = {
        c.code: c for c in session.scalars(select(Commune).where(Commune.code.in_(codes)))
    }
    territories = current_territory_by_commune(session, codes)
    return [offer_to_dict(o, communes.get(o.commune_code), territories.get(o.commune_code)) for o in offers]


def offer_to_dict(offer: Offer, commune: Commune | None, territory: tuple[str, str] | None) -> dict[str, Any]:
    return {
        "id": offer.id,
        "title": offer.title,
        "description": offer.description,
        "skills": list(offer.skills or []),
        "contract_type": offer.contract_type.value,
        "duration_months": offer.duration_months,
        "start_date": offer.start_date,
        "remote": offer.remote.value,
        "level_min": format_level(offer.level_min) if offer.level_min else None,
        "green": offer.green,
        "salary_min": offer.salary_min,
        "salary_max": offer.salary_max,
        "published_at": offer.published_at,
        "expires_at": offer.expires_at,
        "company": {"id": offer.company.id, "name": offer.company.name, "siren": offer.company.siren},
        "commune": (
            {"code": commune.code, "name": commune.name, "lat": commune.lat, "lon": commune.lon}
            if commune
            else None
        ),
        "territoire": {"name": territory[0], "list_version": territory[1]} if territory else None,
    }
