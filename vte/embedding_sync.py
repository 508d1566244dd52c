"""Keep the vectors of offers and students up to date when they are written.

Every write of an offer or a profile embeds its current text (the vector is cached in the database
by model and text hash) and logs the row in `index_change`, in the same transaction, so the
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
from .text import offer_text, student_text
from .vocab import OfferStatus

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
    session: Session,
    encoder: Encoder,
    students: Iterable[Student],
    progress: Progress = None,
    only_changed: bool = False,
) -> int:
    return _embed(session, encoder, list(students), "student", "query", text_of_student, progress, only_changed)


def _embed(session, encoder, rows, kind, text_kind, text_of, progress, only_changed) -> int:
    texts = [text_of(row) for row in rows]
    embed_texts(session, encoder, texts, text_kind, progress=progress)
    changed = []
    for row, text in zip(rows, texts, strict=False):
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
    when published. A hidden student's profile is embedded when saved; a profile saved under
    another model is embedded in the process (not stored) when they ask for their matches."""
    offers = session.scalars(select(Offer).where(Offer.status == OfferStatus.PUBLISHED)).all()
    students = session.scalars(select(Student).where(Student.visible.is_(True))).all()
    return {
        "offers": embed_offers(session, encoder, offers, progress, only_changed=True),
        "students": embed_students(session, encoder, students, progress, only_changed=True),
    }
