"""What the job-fit model compares, gathered for one student, one offer or one typed query.

Reads only: vectors come from `vector_for` (the process's LRU, the database cache, else the
encoder), occupations from the row when they are those of its current text and model, else are
computed in the process (a profile saved under another model, a draft never embedded).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from .embeddings import Encoder, cache_key, vector_for
from .fit_features import OfferEvidence, StudentEvidence
from .lexical import term_counts
from .models import Offer, Student
from .occupation_map import from_json, is_current, mapper_for, offer_occupations, student_occupations
from .occupations import RomeReferential, prepare
from .row_texts import mission_of_offer, text_of_offer, text_of_student, wish_of_student


def _stored(row, text: str, kind: str, model_id: str, referential: RomeReferential):
    if row.text_hash == cache_key(text, kind) and is_current(row.occupations, model_id):
        return from_json([row.occupations], referential, model_id)
    return None


def student_evidence(session: Session, encoder: Encoder, student: Student) -> StudentEvidence:
    mapper = mapper_for(encoder)
    text, wish = text_of_student(student), wish_of_student(student)
    vector = vector_for(session, encoder, text, "query")
    wish_vector = vector_for(session, encoder, wish, "query")
    occupations = _stored(student, text, "query", encoder.model_id, mapper.referential)
    if occupations is None:
        occupations = student_occupations(
            mapper, vector[None], [text], wish_vector[None], [wish], [student.skills or []]
        )
    return StudentEvidence(
        vector=vector,
        wish_vector=wish_vector,
        occupations=prepare(occupations, mapper.referential, mapper.code_similarity, one=True),
        terms=term_counts([text]),
        wish_terms=term_counts([wish]),
    )


def offer_evidence(session: Session, encoder: Encoder, offer: Offer) -> OfferEvidence:
    mapper = mapper_for(encoder)
    text, mission = text_of_offer(offer), mission_of_offer(offer)
    vector = vector_for(session, encoder, text, "passage")
    mission_vector = vector_for(session, encoder, mission, "passage")
    occupations = _stored(offer, text, "passage", encoder.model_id, mapper.referential)
    if occupations is None:
        title_vector = vector_for(session, encoder, offer.title, "query")
        occupations = offer_occupations(
            mapper,
            title_vector[None],
            [offer.title],
            mission_vector[None],
            [mission],
            [offer.skills or []],
        )
    return OfferEvidence(
        vector=vector,
        mission_vector=mission_vector,
        occupations=prepare(occupations, mapper.referential, mapper.code_similarity, one=True),
        terms=term_counts([text]),
    )


def query_evidence(session: Session, encoder: Encoder, query: str) -> StudentEvidence:
    """A typed search, compared with offers as a student's profile and wish would be."""
    vector = vector_for(session, encoder, query, "query")
    mapper = mapper_for(encoder)
    occupations = mapper.distributions(vector[None], [query])
    terms = term_counts([query])
    return StudentEvidence(
        vector=vector,
        wish_vector=vector,
        occupations=prepare(occupations, mapper.referential, mapper.code_similarity, one=True),
        terms=terms,
        wish_terms=terms,
        typed=True,
    )
