"""« Offres similaires »: the published, open offers nearest to an offer, by the engine's vectors.

Read-only: the offers' vectors come from the in-memory offer index (`vte.index`), nothing is
embedded or written. An offer outside the index (a draft or a closed offer, seen by its company)
has no similar offers.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from .embeddings import Encoder
from .fit_features import cosines
from .index import offer_index
from .models import Offer
from .offers import serialise_offers
from .ranking import RankingSettings, open_offers
from .vocab import OfferStatus

DEFAULT_LIMIT = 5
# At most this many offers of one company in the block: a company that posts the same job in
# several places would otherwise fill it with its own copies, and the block is for discovering
# other employers; one sibling offer is still worth showing (a related post in the same firm).
MAX_PER_COMPANY = 1
# Candidates read from the database before the per-company cap, as a multiple of the limit.
CANDIDATE_FACTOR = 4


def similar_offer_ids(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    offer: Offer,
    *,
    limit: int = DEFAULT_LIMIT,
    today: date | None = None,
) -> list[tuple[int, float]]:
    """(offer id, cosine) of the open offers nearest to `offer`, best first, itself excluded."""
    today = today or date.today()
    index = offer_index(session, encoder)
    position = index.columns.position().get(offer.id)
    if position is None or not index.array("has_vector")[position] or limit <= 0:
        return []
    settings = RankingSettings.from_config(config, today)
    mask = open_offers(index, today, settings) & index.array("has_vector")
    mask[position] = False
    rows = np.flatnonzero(mask)
    matrix = index.array("vector")
    similarity = cosines(matrix, rows, matrix[position])
    wanted = min(len(rows), limit * CANDIDATE_FACTOR)
    if wanted == 0:
        return []
    best = np.argpartition(-similarity, wanted - 1)[:wanted] if wanted < len(rows) else np.arange(len(rows))
    best = best[np.lexsort((index.columns.ids[rows[best]], -similarity[best]))]
    ranked = [(int(index.columns.ids[rows[p]]), float(similarity[p])) for p in best]
    # The index may lag a write of this very request; the database says what is published now.
    ids = [i for i, _ in ranked]
    company_of = dict(
        session.execute(
            select(Offer.id, Offer.company_id).where(Offer.id.in_(ids), Offer.status == OfferStatus.PUBLISHED)
        ).all()
    )
    kept, per_company = [], {offer.company_id: 0}
    for offer_id, score in ranked:
        company = company_of.get(offer_id)
        if company is None or per_company.get(company, 0) >= MAX_PER_COMPANY:
            continue
        per_company[company] = per_company.get(company, 0) + 1
        kept.append((offer_id, score))
        if len(kept) == limit:
            break
    return kept


def similar_offers(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    offer: Offer,
    *,
    limit: int = DEFAULT_LIMIT,
    today: date | None = None,
) -> list[dict[str, Any]]:
    """The nearest open offers, serialised as everywhere else, each with its `similarity` (cosine)."""
    ranked = similar_offer_ids(session, encoder, config, offer, limit=limit, today=today)
    if not ranked:
        return []
    offers = session.scalars(select(Offer).where(Offer.id.in_([i for i, _ in ranked]))).all()
    serialised = {o["id"]: o for o in serialise_offers(session, list(offers))}
    return [{**serialised[i], "similarity": round(s, 4)} for i, s in ranked if i in serialised]
