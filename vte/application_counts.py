"""How many applications an offer, or a company, has received: the one definition every page and
the API use (« Mes offres », the offer's page and its pipeline, the company's home, the public
offer page for its recruiters, GET /offers/<id> and GET /companies/<id>/offers).

Counted: every application received, whatever its step, except those the student withdrew (a
withdrawn application is no longer a candidacy; it is reported apart, as `withdrawn`). Takes the
session first; reads only.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Application, Offer
from .vocab import ApplicationStatus

NOT_COUNTED = frozenset({ApplicationStatus.WITHDRAWN})
# What `total` means, in the words the pages use next to the number.
COUNTED_TEXT = "hors candidatures retirées par l'étudiant"


def empty_counts() -> dict[str, Any]:
    return {"total": 0, "withdrawn": 0, "by_status": {}}


def _add(counts: dict[str, Any], status: ApplicationStatus, n: int) -> None:
    counts["by_status"][status.value] = counts["by_status"].get(status.value, 0) + n
    if status in NOT_COUNTED:
        counts["withdrawn"] += n
    else:
        counts["total"] += n


def offer_application_counts(session: Session, offer_ids: Iterable[int]) -> dict[int, dict[str, Any]]:
    """{offer id: {"total": counted, "withdrawn": n, "by_status": {status: n}}} in one query."""
    ids = list(dict.fromkeys(offer_ids))
    counts = {i: empty_counts() for i in ids}
    if not ids:
        return counts
    rows = session.execute(
        select(Application.offer_id, Application.status, func.count(Application.id))
        .where(Application.offer_id.in_(ids))
        .group_by(Application.offer_id, Application.status)
    ).all()
    for offer_id, status, n in rows:
        _add(counts[offer_id], ApplicationStatus(status), n)
    return counts


def company_application_counts(session: Session, company_id: int) -> dict[str, Any]:
    """The same counts over all the offers of a company (every status of offer)."""
    counts = empty_counts()
    rows = session.execute(
        select(Application.status, func.count(Application.id))
        .join(Offer, Offer.id == Application.offer_id)
        .where(Offer.company_id == company_id)
        .group_by(Application.status)
    ).all()
    for status, n in rows:
        _add(counts, ApplicationStatus(status), n)
    return counts
