"""A company's public page, as students read it: who it is (description, website, sector in words,
size), where its missions are, and its open offers. Reads only; drafts and closed or expired
offers never appear.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from .companies import company_to_dict, list_company_offers
from .eligibility import size_category
from .models import Commune, Company, Naf, Offer
from .offers import published_filter
from .rules_table import DEFAULT_SIZE, rule_set_on
from .text import fold

OPEN_OFFERS_SHOWN = 50  # offers listed on the page (the total is given with them)


def company_public_page(
    session: Session, company: Company, rules: Sequence[Mapping[str, Any]], today: date | None = None
) -> dict[str, Any]:
    """The public description of the company, plus: `sector` (its NAF sub-class and section in
    words), `size_category` (pme, eti, grande_entreprise or None, by the size thresholds of the VTE
    rules in force), `places` (the communes of its open offers, by name), `offers` (its open
    offers, newest first, OPEN_OFFERS_SHOWN at most) and `open_offers` (how many are open)."""
    today = today or date.today()
    page = company_to_dict(session, company)
    naf = session.get(Naf, company.naf_code) if company.naf_code else None
    rule = rule_set_on(rules, today)
    offers, total = list_company_offers(session, company, owner=False, per_page=OPEN_OFFERS_SHOWN, today=today)
    places = session.scalars(
        select(Commune.name)
        .join(Offer, Offer.commune_code == Commune.code)
        .where(Offer.company_id == company.id, *published_filter(today))
        .distinct()
    ).all()
    page.update(
        sector={"label": naf.label, "section": naf.section_label} if naf else None,
        size_category=size_category(company.headcount, rule["size"] if rule else DEFAULT_SIZE),
        places=sorted(places, key=fold),
        offers=offers,
        open_offers=total,
    )
    return page
