"""Matching services: rank, then serialise, on database objects, in both directions.

« Mes offres » (the HTML page and GET /students/me/matches) and an offer's ranked candidates (the
company's page and GET /offers/<id>/candidates) call these. They take the session first and never
write: a profile or an offer is embedded when written (`vte.embedding_sync`); a vector missing
from the database cache (a model changed since) is computed in the process, not stored.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import Row, select
from sqlalchemy.orm import Session, joinedload

from .answer_cache import answer_cache
from .embeddings import Encoder
from .evidence import offer_evidence, query_evidence, student_evidence
from .index import database_key, offer_index, student_index
from .locations import current_territory_by_commune
from .models import Application, ApplyInvitation, Commune, Offer, Student, User
from .offers import serialise_offers
from .permissions import profile_version_of
from .ranking import Need, Ranked, RankingSettings, Seeker, rank_offers, rank_students
from .students import profile_to_dict
from .vocab import ApplicationStatus, Remote

MATCH_FILTERS = ("contract_type", "radius_km", "green", "territory_only")


def match_params(args: Mapping[str, Any]) -> dict[str, Any]:
    """The keyword arguments of `offer_matches` / `matches_key` from validated arguments (MatchArgs):
    the filters, the typed text and the page."""
    return {
        "filters": {k: args[k] for k in MATCH_FILTERS if k in args},
        "query": args.get("q"),
        "page": args["page"],
        "per_page": args["per_page"],
    }


def seeker_for(session: Session, encoder: Encoder, student: Student) -> Seeker:
    return Seeker(
        evidence=student_evidence(session, encoder, student),
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
    return Need(
        evidence=offer_evidence(session, encoder, offer),
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
    today = today or date.today()
    index = offer_index(session, encoder)
    return rank_offers(
        index,
        seeker_for(session, encoder, student),
        RankingSettings.from_config(config, today),
        today=today,
        filters=filters,
        limit=limit,
        offset=offset,
        query=query_evidence(session, encoder, query) if query else None,
    )


def matches_key(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    student: Student | Row,
    *,
    filters: Mapping[str, Any] | None = None,
    query: str | None = None,
    page: int = 1,
    per_page: int = 20,
    today: date | None = None,
    latest_change: int | None = None,
) -> tuple:
    """Everything a page of « Mes offres » depends on but the student's applications: the key it is
    kept under (`vte.answer_cache`). Of the student, only `id` and `version` are read (the profile,
    or its row from `permissions.profile_version_of`). Refreshes the offer index, whose last change
    is part of it (`latest_change`: read already by the caller, see `index.last_change`)."""
    return (
        "offer_matches",
        database_key(session),
        student.id,
        student.version,
        encoder.model_id,
        RankingSettings.config_key(config),
        offer_index(session, encoder, latest_change).last_change_id,
        frozen(filters),
        query,
        page,
        per_page,
        today or date.today(),
    )


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
    """One page of « Mes offres »: the ranked offers, each serialised with its score, its
    breakdown and the id of the student's application to it (None when they have not applied).

    The ranked, serialised page is kept in the process (`vte.answer_cache`) under everything it
    depends on (`matches_key`), so that the same page asked again costs the index's freshness
    check and the student's applications, not a ranking."""
    today = today or date.today()
    key = matches_key(
        session, encoder, config, student, filters=filters, query=query, page=page, per_page=per_page, today=today
    )
    ranked_page = answer_cache().get_or_compute(
        key,
        lambda: _ranked_page(
            session, encoder, config, student, filters=filters, query=query, page=page, per_page=per_page, today=today
        ),
    )
    ids = [item["offer"]["id"] for item in ranked_page["items"]]
    applied = (
        dict(
            session.execute(
                select(Application.offer_id, Application.id).where(
                    Application.student_id == student.id, Application.offer_id.in_(ids)
                )
            ).all()
        )
        if ids
        else {}
    )
    items = [{**item, "application_id": applied.get(item["offer"]["id"])} for item in ranked_page["items"]]
    return {"items": items, "total": ranked_page["total"], "page": page, "per_page": per_page}


def kept_offer_matches(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    user: User,
    present: Callable[[dict[str, Any]], Any],
    **params: Any,
) -> Any:
    """`present(page)` for a page of « Mes offres » of a student account (404 without a profile),
    kept under `matches_key`: for a presentation that shows none of the student's applications
    (the API's JSON), the same page asked again is neither ranked nor presented again. The profile's
    version and the index's last change are read in one round trip, with the session's account
    (`permissions.account_with_profile_marks`); the profile itself is loaded only to rank."""
    ref = profile_version_of(session, user)
    today = date.today()
    key = matches_key(session, encoder, config, ref, latest_change=ref.last_change, today=today, **params)

    def presented() -> Any:  # ranked here, not through offer_matches: no second key, no second entry
        student = session.get(Student, ref.id)
        ranked = _ranked_page(session, encoder, config, student, today=today, **params)
        return present({**ranked, "page": params["page"], "per_page": params["per_page"]})

    return answer_cache().get_or_compute((present, *key), presented)


def _ranked_page(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    student: Student,
    *,
    filters: Mapping[str, Any] | None,
    query: str | None,
    page: int,
    per_page: int,
    today: date,
) -> dict[str, Any]:
    """The ranked offers of one page of « Mes offres », serialised, without the student's
    applications (they change without the ranking changing)."""
    ranked = rank_offers_for_student(
        session,
        encoder,
        config,
        student,
        filters=filters,
        query=query,
        limit=per_page,
        offset=(page - 1) * per_page,
        today=today,
    )
    ids = [m.id for m in ranked.matches]
    offers = session.scalars(select(Offer).where(Offer.id.in_(ids))).all() if ids else []
    serialised = {o["id"]: o for o in serialise_offers(session, list(offers))}
    items = tuple(
        {"offer": serialised[m.id], "score": round(m.total, 4), "breakdown": m.breakdown()}
        for m in ranked.matches
        if m.id in serialised
    )
    return {"items": items, "total": ranked.total_count}


def frozen(filters: Mapping[str, Any] | None) -> tuple:
    """Filters as a hashable, order-free key."""
    return tuple(
        sorted(
            (name, tuple(value) if isinstance(value, list | set | tuple) else value)
            for name, value in (filters or {}).items()
        )
    )


def offer_match(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    student: Student,
    offer_id: int,
    *,
    today: date | None = None,
) -> dict[str, Any] | None:
    """The score and breakdown « Mes offres » gives this one offer (no keyword, no filter), or None
    when « Mes offres » would not list it (not published, expired, or outside the student's
    contract types, level, availability or distance). Ranks only this offer: a cheap call.

    The same as « Mes offres » for every offer its second stage scores in full (the best
    `vte.fit.FIRST_STAGE_SIZE` by the first stage, where its first pages come from); for an offer
    further down, « Mes offres » puts the training mean in place of some evidence, where this one
    offer gets all of it."""
    ranked = rank_offers_for_student(
        session, encoder, config, student, filters={"ids": [offer_id]}, limit=1, today=today
    )
    if not ranked.matches:
        return None
    match = ranked.matches[0]
    return {"score": round(match.total, 4), "breakdown": match.breakdown()}


def rank_students_for_offer(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    offer: Offer,
    *,
    limit: int = 20,
    offset: int = 0,
    today: date | None = None,
    only_ids: Sequence[int] | None = None,
) -> Ranked:
    today = today or date.today()
    index = student_index(session, encoder)
    territory = current_territory_by_commune(session, [offer.commune_code]).get(offer.commune_code)
    commune = session.get(Commune, offer.commune_code) if offer.commune_code else None
    need = need_for(session, encoder, offer, territory[0] if territory else None, commune.name if commune else None)
    return rank_students(
        index,
        need,
        RankingSettings.from_config(config, today),
        term_stats=offer_index(session, encoder).derived.get("term_stats"),
        today=today,
        limit=limit,
        offset=offset,
        only_ids=only_ids,
    )


def count_candidates(
    session: Session, encoder: Encoder, config: Mapping[str, Any], offer: Offer, today: date | None = None
) -> int:
    """How many visible students match the offer: the number its recommended candidates
    (`candidates_for_offer`) count, by the same engine and the same rules. The offer may be one
    not saved (the editor's preview)."""
    return rank_students_for_offer(session, encoder, config, offer, limit=0, today=today).total_count


def applicant_scores(
    session: Session, encoder: Encoder, config: Mapping[str, Any], offer: Offer, student_ids: Sequence[int]
) -> dict[int, dict[str, Any]]:
    """{student id: {score, explanation}} for an offer's applicants, ranked like the recommended
    candidates (an applicant outside the offer's criteria, or hidden, has no entry)."""
    if not student_ids:
        return {}
    ranked = rank_students_for_offer(
        session, encoder, config, offer, limit=len(student_ids), only_ids=list(student_ids)
    )
    return {m.id: {"score": round(m.total, 4), "explanation": m.explanation} for m in ranked.matches}


def candidates_for_offer(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    offer: Offer,
    page: int = 1,
    per_page: int = 20,
    today: date | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """Visible students ranked for the offer, with the score breakdown. A company sees their
    professional fields only, plus the contact fields of those who applied to this offer (an
    application not withdrawn)."""
    ranked = rank_students_for_offer(
        session, encoder, config, offer, limit=per_page, offset=(page - 1) * per_page, today=today
    )
    ids = [m.id for m in ranked.matches]
    students = {
        s.id: s
        for s in session.scalars(
            select(Student).options(joinedload(Student.school)).where(Student.id.in_(ids), Student.visible.is_(True))
        )
    }
    names = dict(
        session.execute(
            select(Commune.code, Commune.name).where(Commune.code.in_({s.commune_code for s in students.values()}))
        ).all()
    )
    applications = {
        a.student_id: a
        for a in session.scalars(
            select(Application).where(
                Application.offer_id == offer.id,
                Application.student_id.in_(ids),
                Application.status != ApplicationStatus.WITHDRAWN,
            )
        )
    }
    invited = set(
        session.scalars(
            select(ApplyInvitation.student_id).where(
                ApplyInvitation.offer_id == offer.id, ApplyInvitation.student_id.in_(ids)
            )
        )
    )
    items = []
    for match in ranked.matches:
        student = students.get(match.id)
        if student is None:
            continue
        application = applications.get(student.id)
        profile = profile_to_dict(
            student, names.get(student.commune_code), private=False, contacts=application is not None
        )
        items.append(
            {
                "student": profile,
                "application": (
                    {"id": application.id, "status": application.status.value} if application is not None else None
                ),
                "score": round(match.total, 4),
                "breakdown": match.breakdown(),
                "invited": student.id in invited,
            }
        )
    return items, ranked.total_count
