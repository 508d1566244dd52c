"""Territoires d'industrie: lists (with their version), territories, and their members."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import Boolean, Date, ForeignKey, Index, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from .base import UtcDateTime, utcnow


class TerritoireList(db.Model):
    """One loaded list (e.g. the 2023-2027 list, or the 2020 list). Exactly one is current: the one
    maps and ranking show. `valid_from`..`valid_until` (inclusive) is the period the list was in
    force: a company's eligibility on a date is assessed with the list in force on that date
    (null: period unknown, the list is never used for eligibility)."""

    __tablename__ = "territoire_list"
    id: Mapped[int] = mapped_column(primary_key=True)
    version: Mapped[str] = mapped_column(String(40), unique=True)
    source: Mapped[str] = mapped_column(String(500))
    layout: Mapped[str] = mapped_column(String(30))
    is_current: Mapped[bool] = mapped_column(Boolean, default=False)
    loaded_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    valid_from: Mapped[date | None] = mapped_column(Date)
    valid_until: Mapped[date | None] = mapped_column(Date)
    territoires: Mapped[list[Territoire]] = relationship(back_populates="list", cascade="all, delete-orphan")


class Territoire(db.Model):
    __tablename__ = "territoire"
    id: Mapped[int] = mapped_column(primary_key=True)
    list_id: Mapped[int] = mapped_column(ForeignKey("territoire_list.id", ondelete="CASCADE"))
    code: Mapped[str] = mapped_column(String(20))
    name: Mapped[str] = mapped_column(String(200))
    list: Mapped[TerritoireList] = relationship(back_populates="territoires")
    __table_args__ = (UniqueConstraint("list_id", "code", name="uq_territoire_list_code"),)


class TerritoireEpci(db.Model):
    __tablename__ = "territoire_epci"
    territoire_id: Mapped[int] = mapped_column(ForeignKey("territoire.id", ondelete="CASCADE"), primary_key=True)
    epci_siren: Mapped[str] = mapped_column(String(9), primary_key=True)


class TerritoireCommune(db.Model):
    """Commune membership, given by the list or derived from its EPCI members."""

    __tablename__ = "territoire_commune"
    territoire_id: Mapped[int] = mapped_column(ForeignKey("territoire.id", ondelete="CASCADE"), primary_key=True)
    commune_code: Mapped[str] = mapped_column(String(5), primary_key=True)
    __table_args__ = (Index("ix_territoire_commune_commune_code", "commune_code"),)
