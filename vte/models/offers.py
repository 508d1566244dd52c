"""Offers, applications (with their history) and placements."""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..vocab import ApplicationStatus, ContractType, OfferStatus, Remote
from .base import TimestampMixin, UtcDateTime, utcnow
from .people import NEVER_REUSE_IDS, Company, LocatedMixin, Student, str_enum


class Offer(LocatedMixin, TimestampMixin, db.Model):
    """A mission posted by a company (fields of the `offers.jsonl` format)."""

    __tablename__ = "offer"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(60), default="vte")
    source_id: Mapped[str | None] = mapped_column(String(100))
    company_id: Mapped[int] = mapped_column(ForeignKey("company.id", ondelete="CASCADE"), index=True)
    title: Mapped[str] = mapped_column(String(250))
    description: Mapped[str] = mapped_column(Text)
    skills: Mapped[list] = mapped_column(JSON, default=list)
    contract_type: Mapped[ContractType] = mapped_column(str_enum(ContractType))
    duration_months: Mapped[int | None] = mapped_column(Integer)
    start_date: Mapped[date | None] = mapped_column(Date)
    remote: Mapped[Remote] = mapped_column(str_enum(Remote), default=Remote.NONE)
    level_min: Mapped[int | None] = mapped_column(Integer)
    green: Mapped[bool] = mapped_column(Boolean, default=False)
    salary_min: Mapped[int | None] = mapped_column(Integer)
    salary_max: Mapped[int | None] = mapped_column(Integer)
    status: Mapped[OfferStatus] = mapped_column(str_enum(OfferStatus), default=OfferStatus.DRAFT, index=True)
    published_at: Mapped[date | None] = mapped_column(Date, index=True)
    expires_at: Mapped[date | None] = mapped_column(Date)
    # Cache key of the embedded text (vte.embeddings.cache_key); the vector is in embedding_cache.
    text_hash: Mapped[str | None] = mapped_column(String(64))
    # Distribution over ROME codes of this model ({"model": id, "codes": {code: weight}}), computed
    # when the text is embedded (vte.occupation_map); NULL until then.
    occupations: Mapped[dict | None] = mapped_column(JSON)

    company: Mapped[Company] = relationship()
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_offer_source_id"),)


class Application(TimestampMixin, db.Model):
    __tablename__ = "application"
    id: Mapped[int] = mapped_column(primary_key=True)
    # NULL once the student erased their account: the application stays, withdrawn and anonymous.
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id", ondelete="SET NULL"))
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    status: Mapped[ApplicationStatus] = mapped_column(str_enum(ApplicationStatus), default=ApplicationStatus.SUBMITTED)
    message: Mapped[str | None] = mapped_column(Text)

    student: Mapped[Student | None] = relationship()
    offer: Mapped[Offer] = relationship()
    events: Mapped[list[ApplicationEvent]] = relationship(
        back_populates="application", cascade="all, delete-orphan", order_by="ApplicationEvent.id"
    )
    __table_args__ = (UniqueConstraint("student_id", "offer_id", name="uq_application_student_offer"), NEVER_REUSE_IDS)


class ApplicationEvent(db.Model):
    """One status change of an application (the history a student and a company see)."""

    __tablename__ = "application_event"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    application_id: Mapped[int] = mapped_column(ForeignKey("application.id", ondelete="CASCADE"), index=True)
    from_status: Mapped[str | None] = mapped_column(String(20))
    to_status: Mapped[str] = mapped_column(String(20))
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    application: Mapped[Application] = relationship(back_populates="events")


class Placement(TimestampMixin, db.Model):
    """A hire, kept for school statistics. `student_id` is cleared when the student is erased;
    the school, programme and the facts of the placement stay (anonymised)."""

    __tablename__ = "placement"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    student_id: Mapped[int | None] = mapped_column(ForeignKey("student.id", ondelete="SET NULL"), index=True)
    application_id: Mapped[int | None] = mapped_column(ForeignKey("application.id", ondelete="SET NULL"), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    programme: Mapped[str | None] = mapped_column(String(250))
    offer_id: Mapped[int | None] = mapped_column(ForeignKey("offer.id", ondelete="SET NULL"))
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="SET NULL"))
    contract_type: Mapped[ContractType] = mapped_column(str_enum(ContractType))
    start_date: Mapped[date | None] = mapped_column(Date)
    hired_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    commune_code: Mapped[str | None] = mapped_column(String(5))
    region_code: Mapped[str | None] = mapped_column(String(3))
    naf_section: Mapped[str | None] = mapped_column(String(1))
    territoire_name: Mapped[str | None] = mapped_column(String(200))
    territoire_list_version: Mapped[str | None] = mapped_column(String(40))
    eligible_vte_ti: Mapped[bool | None] = mapped_column(Boolean)
    eligible_vte_vert: Mapped[bool | None] = mapped_column(Boolean)
    days_to_hire: Mapped[int | None] = mapped_column(Integer)
    # The VTE label step after the hire (vte.vte_label): the company requests the label on
    # Bpifrance's platform and both sign the VTE charter; reminders sent so far (0, 1, 2).
    label_requested_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    charter_signed_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    label_reminders_sent: Mapped[int] = mapped_column(Integer, default=0, server_default="0")


class ApplyInvitation(db.Model):
    """A company's invitation to a recommended candidate to apply to one of its offers (vte.apply_invitations).
    Deleted with the offer or the student's profile."""

    __tablename__ = "apply_invitation"
    __table_args__ = (UniqueConstraint("offer_id", "student_id", name="uq_apply_invitation"), NEVER_REUSE_IDS)
    id: Mapped[int] = mapped_column(primary_key=True)
    offer_id: Mapped[int] = mapped_column(ForeignKey("offer.id", ondelete="CASCADE"), index=True)
    student_id: Mapped[int] = mapped_column(ForeignKey("student.id", ondelete="CASCADE"), index=True)
    by_user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"))
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
    offer: Mapped[Offer] = relationship()
