"""Offers a student saves (« Sauvegarder ») to come back to. Flush, never commit.

Saving twice, or removing an offer not saved, changes nothing (the same answer): a button pressed
twice, or in two tabs, is not an error. An offer closed since it was saved stays in the list,
marked as such, until the student removes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from .errors import ForbiddenError
from .models import FavouriteOffer, Offer, User
from .offers import serialise_offers
from .permissions import get_offer_for
from .vocab import Role

MAX_FAVOURITES = 500


def _student(user: User) -> None:
    if user.role != Role.STUDENT:
        raise ForbiddenError("Seuls les étudiants sauvegardent des offres.")


def save_offer(session: Session, user: User, offer_id: int) -> None:
    _student(user)
    get_offer_for(session, offer_id, user, "read")  # 404 for an offer the student cannot see
    try:
        with session.begin_nested():
            session.add(FavouriteOffer(user_id=user.id, offer_id=offer_id))
            session.flush()
    except IntegrityError:
        pass  # already saved (maybe from another tab): nothing to do


def unsave_offer(session: Session, user: User, offer_id: int) -> None:
    _student(user)
    session.execute(
        delete(FavouriteOffer).where(FavouriteOffer.user_id == user.id, FavouriteOffer.offer_id == offer_id)
    )
    session.flush()


def is_saved(session: Session, user: User | None, offer_id: int) -> bool:
    if user is None or user.role != Role.STUDENT:
        return False
    return (
        session.scalar(
            select(FavouriteOffer.id).where(FavouriteOffer.user_id == user.id, FavouriteOffer.offer_id == offer_id)
        )
        is not None
    )


def list_favourites(session: Session, user: User) -> list[dict[str, Any]]:
    """The saved offers, latest saved first, each serialised with when it was saved."""
    _student(user)
    rows = session.execute(
        select(FavouriteOffer.created_at, Offer)
        .join(Offer, Offer.id == FavouriteOffer.offer_id)
        .where(FavouriteOffer.user_id == user.id)
        .order_by(FavouriteOffer.id.desc())
        .limit(MAX_FAVOURITES)
    ).all()
    offers = serialise_offers(session, [offer for _, offer in rows])
    return [{"saved_at": saved_at, "offer": offer} for (saved_at, _), offer in zip(rows, offers, strict=True)]
