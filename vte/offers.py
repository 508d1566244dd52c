"""Offer operations: write and publish (draft → published → closed), serialise (the editor's
preview is in `vte.offer_preview`, the public search in `vte.offer_search`, the ranked candidates in
`vte.matching`). Take the session first; flush, never commit.

Every write embeds the offer (`vte.embedding_sync.embed_offers`), which also logs it in `index_change`, so the
in-memory index of every process picks the change up on its next refresh.
"""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date, timedelta
from typing import Any

from sqlalchemy import inspect, or_, select
from sqlalchemy.orm import Session

from .application_counts import offer_application_counts
from .eligibility import company_size_limit, mission_duration_problem, mission_min_months, rule_set_on, rules_for_config
from .embedding_sync import embed_offers
from .embeddings import Encoder
from .errors import ConflictError, InputError
from .locations import current_territory_by_commune, resolve_location
from .models import Commune, Company, Offer, User
from .text import clean_skills
from .transitions import move_status
from .vocab import WORK_STUDY_CONTRACTS, ContractType, OfferStatus, Remote, format_level

OFFER_VALIDITY_DAYS = 60  # a published offer expires after this many days unless told otherwise
WORK_STUDY_MAX_MONTHS = 36  # apprenticeship / professionalisation contracts (the floor is in the VTE rules)
DEFAULT_RADIUS_KM = 30.0
SORTS = ("relevance", "distance", "date")
STALE_OFFER = "Cette offre vient de changer d'état (publiée ou fermée entre-temps) : rechargez la page."


def published_filter(today: date | None = None):
    today = today or date.today()
    return (
        Offer.status == OfferStatus.PUBLISHED,
        or_(Offer.expires_at.is_(None), Offer.expires_at >= today),
    )


def serialise_offers(session: Session, offers: list[Offer]) -> list[dict[str, Any]]:
    """The offers as dicts, in three queries at most whatever their number: the companies not
    loaded with the offers are loaded in one go (each `offer.company` then comes from the session's
    identity map, not one query per offer), then the communes and Territoires d'industrie."""
    company_ids = {o.company_id for o in offers if "company" in inspect(o).unloaded}
    # Held until the end: the identity map only keeps objects something else refers to.
    companies = session.scalars(select(Company).where(Company.id.in_(company_ids))).all() if company_ids else []
    codes = list({o.commune_code for o in offers if o.commune_code})
    communes = {c.code: c for c in session.scalars(select(Commune).where(Commune.code.in_(codes)))}
    territories = current_territory_by_commune(session, codes)
    result = [offer_to_dict(o, communes.get(o.commune_code), territories.get(o.commune_code)) for o in offers]
    del companies
    return result


def offer_to_dict(
    offer: Offer, commune: Commune | None, territory: tuple[str, str] | None, company: Company | None = None
) -> dict[str, Any]:
    """The offer as the API shows it; `company`: its company when the offer is not attached to it
    (the editor's preview of an offer not saved)."""
    company = company or offer.company
    return {
        "id": offer.id,
        "title": offer.title,
        "description": offer.description,
        "skills": list(offer.skills or []),
        "contract_type": offer.contract_type.value if offer.contract_type else None,  # None: a preview
        "duration_months": offer.duration_months,
        "start_date": offer.start_date,
        "remote": offer.remote.value,
        "level_min": format_level(offer.level_min) if offer.level_min else None,
        "green": offer.green,
        "salary_min": offer.salary_min,
        "salary_max": offer.salary_max,
        "status": offer.status.value,
        "published_at": offer.published_at,
        "expires_at": offer.expires_at,
        "company": {
            "id": company.id,
            "name": company.name,
            "siren": company.siren,
            "verified": company.verified_at is not None,
        },
        "commune": (
            {"code": commune.code, "name": commune.name, "lat": commune.lat, "lon": commune.lon} if commune else None
        ),
        "territory": {"name": territory[0], "list_version": territory[1]} if territory else None,
    }


def serialise_offer(session: Session, offer: Offer, owner: bool) -> dict[str, Any]:
    """One offer as the API shows it; its company's recruiters also get the application counts."""
    item = serialise_offers(session, [offer])[0]
    if owner:
        item["applications"] = offer_application_counts(session, [offer.id])[offer.id]
    return item


# --------------------------------------------------------------------------- writing


def company_of(session: Session, user: User) -> Company:
    """The recruiter's company, or 409 when they have not registered it yet."""
    company = session.get(Company, user.company_id) if user.company_id else None
    if company is None:
        raise ConflictError(
            "Inscrivez d'abord votre entreprise avant de déposer une offre.",
            {"company": ["Aucune entreprise associée au compte."]},
        )
    return company


def _duration_problem(
    rule: Mapping[str, Any] | None, contract: ContractType, months: int | None, green: bool
) -> str | None:
    """What is wrong with the duration for this type of contract, if anything: the floor of a CDD
    or a work-study contract comes from the VTE rules in force (`vte.eligibility`: a VTE Vert
    work-study mission may be shorter), a work-study contract lasts WORK_STUDY_MAX_MONTHS at most,
    a CDI has no duration."""
    if contract == ContractType.CDI:
        return "Un CDI n'a pas de durée : laissez ce champ vide." if months is not None else None
    floor = mission_min_months(rule, contract.value, green) if rule is not None else None
    if months is None:
        kind = "un CDD" if contract == ContractType.CDD else "un contrat en alternance"
        return f"Durée obligatoire pour {kind}" + (f" (au moins {floor} mois)." if floor else ".")
    if contract in WORK_STUDY_CONTRACTS and months > WORK_STUDY_MAX_MONTHS:
        return f"Un contrat en alternance dure au plus {WORK_STUDY_MAX_MONTHS} mois (reçu : {months})."
    return mission_duration_problem(rule, contract.value, months, green)


def _check_fields(data: Mapping[str, Any], today: date, rules: list[dict[str, Any]]) -> None:
    """Cross-field rules of a VTE offer; every problem is reported at once, by field."""
    problems: dict[str, list[str]] = {}
    contract, months = ContractType(data["contract_type"]), data.get("duration_months")
    duration = _duration_problem(rule_set_on(rules, today), contract, months, bool(data.get("green")))
    if duration is not None:
        problems["duration_months"] = [duration]
    low, high = data.get("salary_min"), data.get("salary_max")
    if low is not None and high is not None and low > high:
        problems["salary_max"] = [f"Le salaire maximum ({high} €) est inférieur au minimum ({low} €)."]
    expires = data.get("expires_at")
    if expires is not None and expires < today:
        problems["expires_at"] = [f"La date d'expiration ({expires.isoformat()}) est déjà passée."]
    if not data["title"].strip():
        problems["title"] = ["Indiquez un intitulé."]
    if not data["description"].strip():
        problems["description"] = ["Décrivez la mission."]
    if problems:
        names = ", ".join(sorted(problems))
        raise InputError(f"Données invalides : {names}.", problems)


def _assign(
    session: Session,
    offer: Offer,
    company: Company,
    data: Mapping[str, Any],
    today: date,
    rules: list[dict[str, Any]] | None,
) -> None:
    _check_fields(data, today, rules if rules is not None else rules_for_config({}))
    if data.get("location"):
        place = resolve_location(session, data["location"], "location")
        offer.commune_code, offer.lat, offer.lon = place.commune_code, place.lat, place.lon
    elif company.commune_code is None and company.lat is None:
        raise InputError.on("location", "Indiquez le lieu de la mission : votre entreprise n'a pas de localisation.")
    else:
        offer.commune_code, offer.lat, offer.lon = company.commune_code, company.lat, company.lon
    offer.title = data["title"].strip()
    offer.description = data["description"].strip()
    offer.skills = clean_skills(data.get("skills") or [])
    offer.contract_type = ContractType(data["contract_type"])
    offer.duration_months = data.get("duration_months")
    offer.start_date = data.get("start_date")
    offer.remote = Remote(data.get("remote") or Remote.NONE.value)
    offer.level_min = data.get("level_min")
    offer.green = bool(data.get("green", False))
    offer.salary_min = data.get("salary_min")
    offer.salary_max = data.get("salary_max")
    offer.expires_at = data.get("expires_at")


def create_offer(
    session: Session,
    encoder: Encoder,
    user: User,
    data: Mapping[str, Any],
    today: date | None = None,
    rules: list[dict[str, Any]] | None = None,
) -> Offer:
    """A draft offer of the recruiter's company (fields of formats.md, validated by the schema);
    the location defaults to the company's. The minimum duration is the VTE rules' in force today
    (`rules`: the configuration's table, the shipped one by default)."""
    company = company_of(session, user)
    offer = Offer(company=company, source="vte", status=OfferStatus.DRAFT)
    _assign(session, offer, company, data, today or date.today(), rules)
    session.add(offer)
    session.flush()
    embed_offers(session, encoder, [offer])
    return offer


def update_offer(
    session: Session,
    encoder: Encoder,
    offer: Offer,
    data: Mapping[str, Any],
    today: date | None = None,
    rules: list[dict[str, Any]] | None = None,
) -> Offer:
    """Replace the fields of a draft or published offer (a closed offer is final)."""
    if offer.status == OfferStatus.CLOSED:
        raise ConflictError("Cette offre est fermée : elle ne peut plus être modifiée.", {"status": ["Offre fermée."]})
    _assign(session, offer, offer.company, data, today or date.today(), rules)
    session.flush()
    embed_offers(session, encoder, [offer])
    return offer


def publish_offer(
    session: Session, encoder: Encoder, offer: Offer, rules: list[dict[str, Any]], today: date | None = None
) -> Offer:
    """Publish a draft today; it expires after OFFER_VALIDITY_DAYS unless a date was set. The VTE
    is for PME and ETI: a company above the rules' ETI threshold cannot publish."""
    today = today or date.today()
    if offer.status == OfferStatus.PUBLISHED:
        raise ConflictError("Cette offre est déjà publiée.", {"status": ["Offre déjà publiée."]})
    if offer.status == OfferStatus.CLOSED:
        raise ConflictError(
            "Cette offre est fermée : elle ne peut pas être republiée. Créez-en une nouvelle.",
            {"status": ["Offre fermée."]},
        )
    limit = company_size_limit(rules, today)
    if offer.company.headcount is not None and offer.company.headcount > limit:
        raise ConflictError(
            f"Le VTE est réservé aux PME et ETI (au plus {limit} salariés) : avec {offer.company.headcount} "
            "salariés, votre entreprise ne peut pas publier d'offre VTE.",
            {"company": ["Entreprise hors PME/ETI."]},
        )
    if offer.expires_at is not None and offer.expires_at < today:
        raise InputError.on(
            "expires_at",
            f"La date d'expiration ({offer.expires_at.isoformat()}) est passée : modifiez-la avant de publier.",
        )
    move_status(session, offer, OfferStatus.DRAFT, OfferStatus.PUBLISHED, STALE_OFFER)
    offer.published_at = today
    if offer.expires_at is None:
        offer.expires_at = today + timedelta(days=OFFER_VALIDITY_DAYS)
    session.flush()
    embed_offers(session, encoder, [offer])
    return offer


def close_offer(session: Session, encoder: Encoder, offer: Offer) -> Offer:
    """Close a draft or published offer: it leaves the search and the matches at once."""
    if offer.status == OfferStatus.CLOSED:
        raise ConflictError("Cette offre est déjà fermée.", {"status": ["Offre déjà fermée."]})
    move_status(session, offer, offer.status, OfferStatus.CLOSED, STALE_OFFER)
    session.flush()
    embed_offers(session, encoder, [offer])
    return offer
