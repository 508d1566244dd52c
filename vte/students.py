"""Student operations: join a school, fill the profile, export, erase. Flush, never commit."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .embedding_sync import embed_students
from .embeddings import Encoder
from .errors import ConflictError, InputError
from .locations import resolve_location
from .models import (
    Application,
    Commune,
    Offer,
    Placement,
    School,
    SchoolInvitation,
    Student,
    User,
    as_utc,
)
from .permissions import student_of
from .school_registry import school_ref
from .text import clean_skills, normalise_skill
from .vocab import ApplicationStatus, ContractType, OfferStatus, StudentStatus, format_level


def school_for_email(session: Session, email: str) -> School | None:
    """The school whose domain this address has, if exactly one declared it and an admin approved it."""
    domain = email.rsplit("@", 1)[-1].lower()
    schools = session.scalars(
        select(School).where(func.lower(School.email_domain) == domain, School.email_domain_approved_at.is_not(None))
    ).all()
    return schools[0] if len(schools) == 1 else None


def join_school(session: Session, user: User, code: str) -> School:
    invitation = session.scalars(
        select(SchoolInvitation).where(func.upper(SchoolInvitation.code) == code.strip().upper())
    ).first()
    now = datetime.now(UTC)
    if invitation is None or invitation.revoked_at is not None:
        raise InputError("Code d'invitation inconnu.", {"invitation_code": ["Code d'invitation inconnu."]})
    expires = invitation.expires_at
    if expires is not None and as_utc(expires) < now:
        raise InputError("Ce code d'invitation a expiré.", {"invitation_code": ["Code expiré."]})
    if invitation.max_uses is not None and invitation.uses >= invitation.max_uses:
        raise InputError(
            "Ce code d'invitation a déjà servi le nombre de fois prévu.", {"invitation_code": ["Code épuisé."]}
        )
    invitation.uses += 1
    user.school_id = invitation.school_id
    profile = student_of(session, user)
    if profile is not None:
        profile.school_id = invitation.school_id
    session.flush()
    return invitation.school


STALE_PROFILE = (
    "Votre profil a été modifié entre-temps (dans un autre onglet ou sur un autre appareil) : "
    "rechargez-le, puis refaites vos changements."
)


def save_profile(
    session: Session, encoder: Encoder, user: User, data: Mapping[str, Any], expected_version: int | None = None
) -> Student:
    """Create or update the student's profile from validated fields (formats.md names).
    `expected_version`: the version the client edited (If-Match, the form's hidden field); a
    profile saved since is a 409 instead of a silent overwrite. Two saves at the same moment are
    told apart by the row's version too (optimistic locking: see the Student model)."""
    if user.school_id is None:
        raise ConflictError(
            "Rejoignez d'abord votre école (code d'invitation, adresse e-mail de l'école, ou son nom).",
            {"school": ["Aucune école associée au compte."]},
        )
    place = resolve_location(session, data["location"])
    contract_types = list(dict.fromkeys(data["contract_types"]))
    if not contract_types:
        raise InputError("Choisissez au moins un type de contrat.", {"contract_types": ["Au moins un type."]})
    profile = student_of(session, user)
    if profile is not None and expected_version is not None and profile.version != expected_version:
        raise ConflictError(STALE_PROFILE, {"version": [STALE_PROFILE]})
    if profile is None:
        profile = Student(user_id=user.id, source="vte", email=user.email)
        session.add(profile)
    profile.school_id = user.school_id
    for key in ("first_name", "last_name", "programme", "available_from", "max_distance_km", "phone"):
        if key in data:
            setattr(profile, key, data[key])
    profile.level = data["level"]
    profile.status = StudentStatus(data["status"])
    profile.summary = data["summary"].strip()
    profile.skills = clean_skills(data.get("skills") or [])
    profile.languages = clean_skills(data.get("languages") or [])
    profile.contract_types = [ContractType(c).value for c in contract_types]
    profile.wants_green = bool(data.get("wants_green", False))
    profile.visible = bool(data.get("visible", False))
    profile.commune_code, profile.lat, profile.lon = place.commune_code, place.lat, place.lon
    session.flush()
    embed_students(session, encoder, [profile])
    return profile


def profile_to_dict(
    student: Student, commune_name: str | None = None, private: bool = True, contacts: bool = False
) -> dict[str, Any]:
    """The profile as the API shows it. `private`: the student's own view (contacts, version and the
    coordinates of their place). Otherwise professional fields only, plus the contact fields with
    `contacts` (a company the student applied to, their school); others never see coordinates, only
    the commune."""
    data = {
        "id": student.id,
        "school": school_ref(student.school),
        "programme": student.programme,
        "level": format_level(student.level),
        "status": student.status.value,
        "summary": student.summary,
        "skills": list(student.skills or []),
        "languages": list(student.languages or []),
        "contract_types": list(student.contract_types or []),
        "available_from": student.available_from,
        "commune": {"code": student.commune_code, "name": commune_name} if student.commune_code else None,
        "max_distance_km": student.max_distance_km,
        "wants_green": student.wants_green,
        "visible": student.visible,
    }
    if private or contacts:
        data.update(
            first_name=student.first_name, last_name=student.last_name, email=student.email, phone=student.phone
        )
    if private:
        data.update(version=student.version, lat=student.lat, lon=student.lon)
    return data


def own_profile_to_dict(session: Session, student: Student) -> dict[str, Any]:
    """The student's own profile as they see it (private fields and the commune's name)."""
    commune = session.get(Commune, student.commune_code) if student.commune_code else None
    return profile_to_dict(student, commune.name if commune else None)


def student_space(session: Session, user: User) -> dict[str, Any]:
    """What the profile page starts from: the account's school (None before joining one) and the
    profile as the student sees it (None before it is filled)."""
    school = session.get(School, user.school_id) if user.school_id else None
    profile = student_of(session, user)
    return {
        "school": school_ref(school),
        "profile": own_profile_to_dict(session, profile) if profile is not None else None,
    }


def erasure_preview(session: Session, user: User) -> dict[str, int]:
    """What erasing the account will do: how many open applications get withdrawn, how many
    placements stay (anonymised) in the school's statistics."""
    profile = student_of(session, user)
    if profile is None:
        return {"open_applications": 0, "applications": 0, "placements": 0}
    statuses = dict(
        session.execute(
            select(Application.status, func.count(Application.id))
            .where(Application.student_id == profile.id)
            .group_by(Application.status)
        ).all()
    )
    closed = (ApplicationStatus.HIRED, ApplicationStatus.REJECTED, ApplicationStatus.WITHDRAWN)
    placements = session.scalar(select(func.count(Placement.id)).where(Placement.student_id == profile.id))
    return {
        "open_applications": sum(n for s, n in statuses.items() if s not in closed),
        "applications": sum(statuses.values()),
        "placements": placements or 0,
    }


SUGGESTION_SAMPLE = 1000  # recent published offers read to suggest skills


def skill_suggestions(session: Session, limit: int = 30, sample: int = SUGGESTION_SAMPLE) -> list[str]:
    """The skills most often asked for by the latest published offers (first spelling of each,
    most frequent first), to suggest while a student types theirs. Reads at most `sample` offers."""
    rows = session.scalars(
        select(Offer.skills)
        .where(Offer.status == OfferStatus.PUBLISHED)
        .order_by(Offer.published_at.desc(), Offer.id.desc())
        .limit(sample)
    )
    counts: dict[str, int] = {}
    spelling: dict[str, str] = {}
    for skills in rows:
        for label in clean_skills(skills or []):
            key = normalise_skill(label)
            counts[key] = counts.get(key, 0) + 1
            spelling.setdefault(key, label)
    best = sorted(counts, key=lambda k: (-counts[k], k))[:limit]
    return [spelling[k] for k in best]
