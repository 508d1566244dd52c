"""Keep the vectors of offers and students up to date when they are written.

Every write of an offer or a profile embeds its current texts (the vectors are cached in the
database by model and text hash), stores its occupations (`vte.occupation_map`) and logs the row
in `index_change`, in the same transaction, so the
in-memory index of every process picks the change up on its next refresh. Services: take the
session first, flush, never commit.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

from sqlalchemy import select
from sqlalchemy.orm import Session

from .embeddings import Encoder, cache_key, embed_texts
from .index import record_change
from .models import Offer, Student
from .occupation_map import is_current, mapper_for, offer_occupations, student_occupations, to_json
from .occupations import RomeReferential
from .row_texts import mission_of_offer, text_of_offer, text_of_student, wish_of_student
from .vocab import OfferStatus

__all__ = [
    "embed_offers",
    "embed_students",
    "mission_of_offer",
    "reembed_all",
    "text_of_offer",
    "text_of_student",
    "wish_of_student",
]

Progress = Callable[[int, int], None] | None


def embed_offers(
    session: Session, encoder: Encoder, offers: Iterable[Offer], progress: Progress = None, only_changed: bool = False
) -> int:
    """Make sure every offer's texts (whole, mission) have a vector and its occupations are those of
    its current text and model, and log the offers for the indexes (all of them: a write may change
    a filter column; or, with `only_changed`, those whose text or model changed). Returns how many
    offers changed text (or model)."""
    rows = list(offers)
    texts = [text_of_offer(o) for o in rows]
    missions = [mission_of_offer(o) for o in rows]
    embed_texts(session, encoder, texts, "passage", progress=progress)
    mission_vectors = embed_texts(session, encoder, missions, "passage")
    stale = _stale(rows, texts, "passage", encoder.model_id)
    if stale:
        titles = [rows[i].title for i in stale]
        distributions = offer_occupations(
            mapper_for(encoder),
            embed_texts(session, encoder, titles, "query"),
            titles,
            mission_vectors[stale],
            [missions[i] for i in stale],
            [rows[i].skills or [] for i in stale],
        )
        _store_occupations([rows[i] for i in stale], distributions, encoder.model_id)
    return _record(session, rows, texts, "offer", "passage", stale, only_changed)


def embed_students(
    session: Session,
    encoder: Encoder,
    students: Iterable[Student],
    progress: Progress = None,
    only_changed: bool = False,
) -> int:
    """The same for profiles: vectors of the whole profile and of the wish, occupations."""
    rows = list(students)
    texts = [text_of_student(s) for s in rows]
    wishes = [wish_of_student(s) for s in rows]
    vectors = embed_texts(session, encoder, texts, "query", progress=progress)
    wish_vectors = embed_texts(session, encoder, wishes, "query")
    stale = _stale(rows, texts, "query", encoder.model_id)
    if stale:
        distributions = student_occupations(
            mapper_for(encoder),
            vectors[stale],
            [texts[i] for i in stale],
            wish_vectors[stale],
            [wishes[i] for i in stale],
            [rows[i].skills or [] for i in stale],
        )
        _store_occupations([rows[i] for i in stale], distributions, encoder.model_id)
    return _record(session, rows, texts, "student", "query", stale, only_changed)


def _stale(rows, texts, text_kind, model_id) -> list[int]:
    """Positions of the rows whose text changed since embedded, or whose occupations are missing or
    of another model."""
    return [
        i
        for i, (row, text) in enumerate(zip(rows, texts, strict=True))
        if row.text_hash != cache_key(text, text_kind) or not is_current(row.occupations, model_id)
    ]


def _store_occupations(rows, distributions, model_id: str) -> None:
    referential = RomeReferential.load()
    for position, row in enumerate(rows):
        row.occupations = to_json(distributions[position], referential, model_id)


def _record(session, rows, texts, kind, text_kind, stale, only_changed) -> int:
    for row, text in zip(rows, texts, strict=True):
        row.text_hash = cache_key(text, text_kind)
    session.flush()
    changed = [rows[i] for i in stale]
    record_change(session, kind, [row.id for row in (changed if only_changed else rows)])
    session.flush()
    return len(changed)


def reembed_all(session: Session, encoder: Encoder, progress: Progress = None) -> dict[str, int]:
    """Recompute only what changed: rows whose text or model has no cached vector. Only what the
    indexes hold is embedded ahead: published offers and visible students; a draft is embedded
    when published. A hidden student's profile is embedded when saved; a profile saved under
    another model is embedded in the process (not stored) when they ask for their matches."""
    offers = session.scalars(select(Offer).where(Offer.status == OfferStatus.PUBLISHED)).all()
    students = session.scalars(select(Student).where(Student.visible.is_(True))).all()
    return {
        "offers": embed_offers(session, encoder, offers, progress, only_changed=True),
        "students": embed_students(session, encoder, students, progress, only_changed=True),
    }
