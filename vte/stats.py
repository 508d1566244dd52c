"""Figures shown on the home page."""

from __future__ import annotations

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Offer, Student, Territoire, TerritoireList
from .offers import published_filter


def home_figures(session: Session) -> dict[str, int | str | None]:
    current = session.scalars(select(TerritoireList).where(TerritoireList.is_current.is_(True))).first()
    territories = (
        session.scalar(select(func.count(Territoire.id)).where(Territoire.list_id == current.id)) if current else None
    )
    return {
        "open_offers": session.scalar(select(func.count(Offer.id)).where(*published_filter())),
        "students": session.scalar(select(func.count(Student.id))),
        "territories": territories,
        "territories_version": current.version if current else None,
    }
