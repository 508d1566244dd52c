"""What a person keeps in the service besides their profile: single-use links (password reset,
address verification), saved searches (alerts), saved offers (favourites)."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import JSON, ForeignKey, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UtcDateTime, utcnow
from .people import NEVER_REUSE_IDS, User


class AccountToken(db.Model):
    """A link's secret, of one `purpose` ("password_reset", "email_verification"). Only its
    SHA-256 is stored; it works once (`used_at`) and until `expires_at`. Issuing a new one of the
    same purpose ends the previous ones."""

    __tablename__ = "account_token"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    purpose: Mapped[str] = mapped_column(String(30))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    # The address the link was sent to: a verification proves this address, not a later one.
    email: Mapped[str] = mapped_column(String(254))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UtcDateTime())
    used_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    user: Mapped[User] = relationship()


class SavedSearch(db.Model):
    """A student's saved search (`kind` "search": the public search's arguments in `params`) or
    « Mes offres » (`kind` "matches"), e-mailed daily or weekly when new offers match it
    (vte.alerts). `sent_offer_ids` keeps the offers already sent (the latest ones), so an offer is
    announced once."""

    __tablename__ = "saved_search"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    kind: Mapped[str] = mapped_column(String(10))
    name: Mapped[str] = mapped_column(String(200))
    params: Mapped[dict] = mapped_column(JSON, default=dict)
    frequency: Mapped[str] = mapped_column(String(10))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    checked_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    last_sent_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    sent_offer_ids: Mapped[list] = mapped_column(JSON, default=list)


class FavouriteOffer(db.Model):
    """An offer a student saved (« Sauvegarder ») to come back to (vte.favourites)."""

    __tablename__ = "favourite_offer"
    __table_args__ = (UniqueConstraint("user_id", "offer_id", name="uq_favourite_offer"), NEVER_REUSE_IDS)
    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(ForeignKey("user_account.id", ondelete="CASCADE"), index=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
