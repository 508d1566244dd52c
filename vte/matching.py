"""Matching services: keep embeddings up to date and rank, on database objects.

The HTML pages and the JSON API call these; they take the session first, flush, never commit.
"""
from __future__ import annotations

from datetime import date
from typing import Any, Callable, Iterable, Mapping

from sqlalchemy import select
from sqlalchemy.orm import Session

from .embeddings import Encoder, cache_key, embed_texts
from .index import offer_index, record_change, student_index
from .models import Application, Offer, Student
from .ranking import Need, RankingSettings, Ranked, Seeker, rank_offers, rank_students
from .text import offer_text, student_text
from .vocab import OfferStatus, Remote

Progress = Callable[[int, int], None] | None


def text_of_offer(offer: Offer) -> str:
    return offer_text(offer.title, offer.description, offer.skills or [])


def text_of_student(student: Student) -> str:
    return student_text(student.programme, student.summary, student.skills or [])


def embed_offers(
    session: Session, encoder: Encoder, offers: Iterable[Offer], progress: Progress = None, only_changed: bool = False
) -> int:
    """Make sure every offer's current text has a vector and log the offers for the indexes (all
    of them: a write may change a filter column; or, with `only_changed`, those whose text or model
    changed). Returns how many offers changed text (or model)."""
    return _embed(session, encoder, list(offers), "offer", "passage", text_of_offer, progress, only_changed)


def embed_students(
    session: Session, encoder: Encoder, students: Iterable[Student], progress: Progress = None, only_changed: bool = False
) -> int:
    return _embed(session, encoder, list(students), "student", "query", text_of_student, progress, only_changed)


def _embed(session, encoder, rows, kind, text_kind, text_of, progress, only_changed) -> int:
    texts = [text_of(row) for row in rows]
    embed_texts(session, encoder, texts, text_kind, progress=progress)
    changed = []
    for row, text in zip(rows, texts):
        key = cache_key(text, text_kind)
        if row.text_hash != key:
            row.text_hash = key
            changed.append(row)
    session.flush()
    record_change(session, kind, [row.id for row in (changed if only_changed else rows)])
    session.flush()
    return len(changed)


def reembed_all(session: Session, encoder: Encoder, progress: Progress = None) -> dict[str, int]:
    """Recompute only what changed: rows whose text or model has no cached vector. Only what the
    indexes hold is embedded ahead: published offers and visible students; a draft is embedded
    when published, a hidden student's profile when they ask for their matches."""
    offers = session.scalars(select(Offer).where(Offer.status == OfferStatus.PUBLISHED)).all()
    students = session.scalars(select(Student).where(Student.visible.is_(True))).all()
    return {
        "offers": embed_offers(session, encoder, offers, progress, only_changed=True),
        "students": embed_students(session, encoder, students, progress, only_changed=True),
    }


def seeker_for(session: Session, encoder: Encoder, student: Student) -> Seeker:
    vector = embed_texts(session, encoder, [text_of_student(student)], "query")[0]
    return Seeker(
        vector=vector,
        lat=student.lat,
        lon=student.lon,
        contract_types=tuple(student.contract_types or ()),
        level=student.level,
        available_from=student.available_from,
        max_distance_km=student.max_distance_km,
        wants_green=bool(student.wants_green),
        skills=tuple(student.skills or ()),
    )


def need_for(session: Session, encoder: Encoder, offer: Offer, territory: str | None, commune: str | None) -> Need:
    vector = embed_texts(session, encoder, [text_of_offer(offer)], "passage")[0]
    return Need(
        vector=vector,
        lat=offer.lat,
        lon=offer.lon,
        contract_type=offer.contract_type.value,
        level_min=offer.level_min,
        start_date=offer.start_date,
        remote_full=offer.remote == Remote.FULL,
        green=bool(offer.green),
        in_territory=territory is not None,
        territory=territory,
        commune=commune,
        skills=tuple(offer.skills or ()),
    )


def rank_offers_for_student(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    student: Student,
    *,
    filters: Mapping[str, Any] | None = None,
    query: str | None = None,
    limit: int = 20,
    offset: int = 0,
    today: date | None = None,
) -> Ranked:
    index = offer_index(session, encoder)
    seeker = seeker_for(session, encoder, student)
    query_vector = embed_texts(session, encoder, [query], "query")[0] if query else None
    return rank_offers(
        index,
        seeker,
        RankingSettings.from_config(config),
        today=today,
        filters=filters,
        limit=limit,
        offset=offset,
        query_vector=query_vector,
    )


MATCH_FILTERS = ("contract_type", "radius_km", "green", "territory_only")


def match_filters(args: Mapping[str, Any]) -> dict[str, Any]:
    """The filters of « Mes offres » among validated arguments (MatchArgs)."""
    return {k: args[k] for k in MATCH_FILTERS if k in args}


def offer_matches(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    student: Student,
    *,
    filters: Mapping[str, Any] | None = None,
    query: str | None = None,
    page: int = 1,
    per_page: int = 20,
    today: date | None = None,
) -> dict[str, Any]:
    """One page of « Mes offres » (the HTML page and GET /students/me/matches): the ranked offers,
    each serialised with its score, its breakdown and the id of the student's application to it
    (None when they have not applied)."""
    from .offers import serialise_offers  # offers imports this module

    ranked = rank_offers_for_student(session, encoder, config, student, filters=filters, query=query,
                                     limit=per_page, offset=(page - 1) * per_page, today=today)
    ids = [m.id for m in ranked.matches]
    offers = session.scalars(select(Offer).where(Offer.id.in_(ids))).all() if ids else []
    serialised = {o["id"]: o for o in serialise_offers(session, list(offers))}
    applied = dict(session.execute(
        select(Application.offer_id, Application.id)
        .where(Application.student_id == student.id, Application.offer_id.in_(ids))
    ).all()) if ids else {}
    items = [{"offer": serialised[m.id], "score": round(m.total, 4), "breakdown": m.breakdown(),
              "application_id": applied.get(m.id)}
             for m in ranked.matches if m.id in serialised]
    return {"items": items, "total": ranked.total_count, "page": page, "per_page": per_page}


def rank_students_for_offer(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    offer: Offer,
    *,
    limit: int = 20,
    offset: int = 0,
    today: date | None = None,
) -> Ranked:
    from .locations import current_territory_by_commune
    from .models import Commune

    index = student_index(session, encoder)
    territory = current_territory_by_commune(session, [offer.commune_code]).get(offer.commune_code)
    commune = session.get(Commune, offer.commune_code) if offer.commune_code else None
    need = need_for(session, encoder, offer, territory[0] if territory else None, commune.name if commune else None)
    return rank_students(index, need, RankingSettings.from_config(config), today=today, limit=limit, offset=offset)
