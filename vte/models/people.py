"""Users, schools, students and companies."""

from __future__ import annotations

import secrets
from datetime import date, datetime

from flask_login import UserMixin
from sqlalchemy import (
    JSON,
    Boolean,
    Date,
    Enum,
    Float,
    ForeignKey,
    Integer,
    String,
    Text,
    UniqueConstraint,
    true,
)
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..extensions import db
from ..vocab import Role, SchoolKind, StudentStatus
from .base import TimestampMixin, UtcDateTime


def str_enum(enum_cls):
    """Store an enum as its value in a VARCHAR with a CHECK constraint (portable)."""
    return Enum(
        enum_cls,
        native_enum=False,
        create_constraint=True,
        length=max(len(m.value) for m in enum_cls),
        values_callable=lambda e: [m.value for m in e],
        validate_strings=True,
    )


def new_session_token() -> str:
    return secrets.token_urlsafe(24)


# Tables holding personal data never give the id of an erased row to a new one (SQLite reuses the
# largest id otherwise; PostgreSQL sequences never do): an id kept in a cookie, a link or a log
# then never names someone else.
NEVER_REUSE_IDS = {"sqlite_autoincrement": True}


class User(UserMixin, TimestampMixin, db.Model):
    """An account. The session cookie names it by `get_id()`, its id *and* its session token:
    rotating the token (logout, password change) ends every session of the account at once."""

    __tablename__ = "user_account"
    __table_args__ = NEVER_REUSE_IDS
    id: Mapped[int] = mapped_column(primary_key=True)
    email: Mapped[str] = mapped_column(String(254), unique=True)
    password_hash: Mapped[str] = mapped_column(String(255))
    role: Mapped[Role] = mapped_column(str_enum(Role))
    display_name: Mapped[str | None] = mapped_column(String(120))
    is_active: Mapped[bool] = mapped_column(Boolean, default=True)
    company_id: Mapped[int | None] = mapped_column(ForeignKey("company.id", ondelete="SET NULL"))
    school_id: Mapped[int | None] = mapped_column(ForeignKey("school.id", ondelete="SET NULL"))
    session_token: Mapped[str] = mapped_column(String(64), default=new_session_token)
    # When the owner proved they read `email` (a link sent to it); None: not verified. A student
    # joins a school by the domain of their address only once it is verified.
    email_verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime())

    def get_id(self) -> str:
        return f"{self.id}:{self.session_token}"

    def rotate_session_token(self) -> None:
        """End every session of this account (each browser must sign in again)."""
        self.session_token = new_session_token()


class School(TimestampMixin, db.Model):
    __tablename__ = "school"
    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(250), index=True)
    kind: Mapped[SchoolKind] = mapped_column(str_enum(SchoolKind))
    uai: Mapped[str | None] = mapped_column(String(8), unique=True)
    commune_code: Mapped[str | None] = mapped_column(ForeignKey("commune.code"))
    # The domain of the students' addresses, as requested by the school; it takes effect (students
    # signing up with it join the school) only once an admin approved it (`email_domain_approved_at`).
    email_domain: Mapped[str | None] = mapped_column(String(120))
    email_domain_approved_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
    source: Mapped[str | None] = mapped_column(String(60))
    # Other names people write (acronyms, former names, campuses), joined by " | "; see
    # vte.refdata.school_names.
    aliases: Mapped[str | None] = mapped_column(Text)
    # False for a school as a student typed it when the registry did not know it: the row keeps the
    # text as entered so that the student is never refused and every page that shows a student's
    # school keeps working (Student.school_id stays NOT NULL); an admin attaches it to a registry
    # school (vte.school_registry.attach_school), which moves its students and deletes it. Kept out
    # of the public list and never resolved from another student's typing unless typed the same.
    verified: Mapped[bool] = mapped_column(Boolean, default=True, server_default=true())
    __table_args__ = (UniqueConstraint("name", name="uq_school_name"),)


class LocatedMixin:
    """A location resolved to a commune, with the coordinates used for distances."""

    commune_code: Mapped[str | None] = mapped_column(ForeignKey("commune.code"), index=True)
    lat: Mapped[float | None] = mapped_column(Float)
    lon: Mapped[float | None] = mapped_column(Float)


class Student(LocatedMixin, TimestampMixin, db.Model):
    """A student profile (fields of the `students.jsonl` format)."""

    __tablename__ = "student"
    id: Mapped[int] = mapped_column(primary_key=True)
    source: Mapped[str] = mapped_column(String(60), default="vte")
    source_id: Mapped[str | None] = mapped_column(String(100))
    user_id: Mapped[int | None] = mapped_column(ForeignKey("user_account.id", ondelete="SET NULL"), unique=True)
    school_id: Mapped[int] = mapped_column(ForeignKey("school.id"), index=True)
    first_name: Mapped[str | None] = mapped_column(String(100))
    last_name: Mapped[str | None] = mapped_column(String(100))
    email: Mapped[str | None] = mapped_column(String(254))
    phone: Mapped[str | None] = mapped_column(String(30))
    programme: Mapped[str | None] = mapped_column(String(250))
    level: Mapped[int] = mapped_column(Integer)
    status: Mapped[StudentStatus] = mapped_column(str_enum(StudentStatus))
    summary: Mapped[str] = mapped_column(Text)
    skills: Mapped[list] = mapped_column(JSON, default=list)
    languages: Mapped[list] = mapped_column(JSON, default=list)
    contract_types: Mapped[list] = mapped_column(JSON, default=list)
    available_from: Mapped[date | None] = mapped_column(Date)
    max_distance_km: Mapped[float | None] = mapped_column(Float)
    wants_green: Mapped[bool] = mapped_column(Boolean, default=False)
    visible: Mapped[bool] = mapped_column(Boolean, default=False)
    # Cache key of the embedded text (vte.embeddings.cache_key); the vector is in embedding_cache.
    text_hash: Mapped[str | None] = mapped_column(String(64))
    # Distribution over ROME codes of this model ({"model": id, "codes": {code: weight}}), computed
    # when the text is embedded (vte.occupation_map); NULL until then.
    occupations: Mapped[dict | None] = mapped_column(JSON)
    # Optimistic locking: every UPDATE says WHERE version = <the version read> and bumps it, so two
    # saves of one profile never mix; clients send the version they edited (If-Match, form field).
    version: Mapped[int] = mapped_column(Integer, nullable=False, default=1, server_default="1")

    school: Mapped[School] = relationship()
    __table_args__ = (UniqueConstraint("source", "source_id", name="uq_student_source_id"), NEVER_REUSE_IDS)
    __mapper_args__ = {"version_id_col": version}


class Company(LocatedMixin, TimestampMixin, db.Model):
    __tablename__ = "company"
    id: Mapped[int] = mapped_column(primary_key=True)
    siren: Mapped[str] = mapped_column(String(9), unique=True)
    name: Mapped[str] = mapped_column(String(250))
    naf_code: Mapped[str | None] = mapped_column(ForeignKey("naf.code"))
    headcount: Mapped[int | None] = mapped_column(Integer)
    # What students read on the company's public page (`vte.company_page`).
    description: Mapped[str | None] = mapped_column(Text)
    website: Mapped[str | None] = mapped_column(String(300))  # http(s) only, checked when written
    # Anyone can type a real SIREN: offers say « entreprise non vérifiée » until an admin checked
    # that the account belongs to the company (`verified_at`).
    verified_at: Mapped[datetime | None] = mapped_column(UtcDateTime())
