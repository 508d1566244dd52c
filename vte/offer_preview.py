"""The offer editor's preview: how an offer being written will be matched and read, before it is
saved (a new draft, or the changes typed into a saved offer). Reads only: nothing is added to the
session, so nothing can be flushed; the offer's text is embedded in the process, not stored.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

import numpy as np
from sqlalchemy.orm import Session

from .embeddings import Encoder
from .index import student_index
from .locations import current_territory_by_commune, resolve_location, territory_membership_known
from .matching import count_candidates
from .models import Commune, Company, Offer
from .offers import OFFER_VALIDITY_DAYS, offer_to_dict
from .skill_mentions import skills_in_text
from .text import clean_skills
from .vocab import ContractType, OfferStatus, Remote

PREVIEW_DETECTED_MAX = 12  # skills named in the description, shown in the editor's preview
DRAFT_FIELDS = (
    "title",
    "contract_type",
    "duration_months",
    "start_date",
    "remote",
    "level_min",
    "green",
    "salary_min",
    "salary_max",
    "expires_at",
)


def inputs_of(offer: Offer) -> dict[str, Any]:
    """A saved offer as the preview's inputs (the editor opened on it)."""
    inputs = {name: getattr(offer, name) for name in DRAFT_FIELDS}
    inputs.update(
        skills=list(offer.skills or []),
        description=offer.description,
        location={"insee": offer.commune_code} if offer.commune_code else None,
        contract_type=offer.contract_type.value if offer.contract_type else None,
        remote=offer.remote.value if offer.remote else None,
    )
    return inputs


def _draft(
    company: Company, inputs: Mapping[str, Any], labels: list[str], place: tuple[str | None, float, float]
) -> Offer:
    """The offer as typed, never added to the session (its company by id only, so no cascade
    can attach it)."""
    return Offer(
        company_id=company.id,
        title=(inputs.get("title") or "").strip(),
        description=(inputs.get("description") or "").strip(),
        skills=labels,
        contract_type=ContractType(inputs["contract_type"]) if inputs.get("contract_type") else None,
        duration_months=inputs.get("duration_months"),
        start_date=inputs.get("start_date"),
        remote=Remote(inputs.get("remote") or Remote.NONE.value),
        level_min=inputs.get("level_min"),
        green=bool(inputs.get("green")),
        salary_min=inputs.get("salary_min"),
        salary_max=inputs.get("salary_max"),
        expires_at=inputs.get("expires_at"),
        status=OfferStatus.DRAFT,
        commune_code=place[0],
        lat=place[1],
        lon=place[2],
    )


def offer_preview(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    company: Company,
    inputs: Mapping[str, Any],
    offer_id: int | None = None,
    published_at: date | None = None,
    today: date | None = None,
) -> dict[str, Any]:
    """What the editor shows next to the form, from its fields (`inputs`, as `OfferIn` reads them;
    any may be missing):

    - `skills`: the labels it will be matched on, each flagged `known` when a visible student
      names a close enough skill; `detected`: the students' skills its description names but its
      list lacks (`vte.skill_mentions`);
    - `commune` (the company's by default) with its Territoire d'industrie;
    - `students`: how many visible students match it, counted as its recommended candidates are
      (`vte.matching.count_candidates`), None until a contract type is chosen;
    - `offer`: the offer as students will read it once published (`offer_to_dict`'s shape; on
      `published_at`, today by default).

    InputError on `location` when the place cannot be resolved."""
    today = today or date.today()
    labels = clean_skills(inputs.get("skills") or [])
    index = student_index(session, encoder)
    vocabulary = index.vocabulary
    # The labels some visible student has now (the vocabulary also keeps labels seen elsewhere).
    held = np.unique(index.incidence.indices) if index.incidence.nnz else np.zeros(0, dtype=np.int64)
    known = [bool(vocabulary.label_scores([label])[held].max(initial=0.0) > 0) for label in labels]
    students_labels = tuple(vocabulary.display[i] for i in held)
    detected = skills_in_text(students_labels, inputs.get("description") or "", exclude=labels)
    location = inputs.get("location")
    if location:
        resolved = resolve_location(session, location, "location")
        place = (resolved.commune_code, resolved.lat, resolved.lon)
    else:
        place = (company.commune_code, company.lat, company.lon)
    code = place[0]
    commune = session.get(Commune, code) if code else None
    territory = current_territory_by_commune(session, [code]).get(code) if code else None
    draft = _draft(company, inputs, labels, place)
    students = count_candidates(session, encoder, config, draft, today=today) if draft.contract_type else None
    shown = offer_to_dict(draft, commune, territory, company=company)
    shown.update(
        id=offer_id,
        status=OfferStatus.PUBLISHED.value,
        published_at=published_at or today,
        expires_at=draft.expires_at or today + timedelta(days=OFFER_VALIDITY_DAYS),
    )
    return {
        "skills": [{"label": label, "known": k} for label, k in zip(labels, known, strict=False)],
        "detected": detected[:PREVIEW_DETECTED_MAX],
        "commune": {"code": code, "name": commune.name if commune else None} if code else None,
        "default_location": not location,
        "territory": territory[0] if territory else None,
        "territory_known": territory_membership_known(session),
        "students": students,
        "offer": shown,
    }
