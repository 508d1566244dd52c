"""Company operations: registration, update, public description, VTE eligibility, offer list.

Services take the session first, flush, never commit (the view commits once).
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from datetime import date
from typing import Any
from urllib.parse import urlsplit

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from .application_counts import offer_application_counts
from .eligibility import CompanyFacts, MissionFacts, TerritoryFacts, assess
from .errors import ConflictError, InputError
from .index import record_company_change
from .locations import current_territory_by_commune, resolve_location
from .models import Commune, Company, Naf, Offer, User
from .offers import published_filter, serialise_offers
from .refdata.territoires import territory_in_force
from .siren import normalise_siren, siren_error
from .vocab import OfferStatus, Role

NAF_RE = re.compile(r"^(\d{2})\.?(\d{2})([A-Z])$")
DESCRIPTION_MAX_CHARS = 3000
WEBSITE_MAX_CHARS = 300
SCHEME_RE = re.compile(r"^[a-z][a-z0-9+.-]*:", re.IGNORECASE)  # « javascript: », « mailto: » …
HOST_RE = re.compile(r"^(?:[^\W_](?:[\w-]*[^\W_])?\.)+[^\W\d_]{2,}$|^localhost$")


def format_siren(siren: str) -> str:
    return f"{siren[:3]} {siren[3:6]} {siren[6:]}"


def normalise_naf(value: str) -> str | None:
    """ "2562A", "25.62a", "25 62 A" -> "25.62A"; None when the shape is not a NAF sub-class."""
    match = NAF_RE.match(re.sub(r"\s+", "", str(value)).upper())
    return f"{match[1]}.{match[2]}{match[3]}" if match else None


def _naf_code(session: Session, value: str) -> str:
    code = normalise_naf(value)
    if code is None:
        raise InputError.on("naf", f"Code NAF invalide : « {value} » (attendu par ex. 25.62A ou 2562A).")
    if session.get(Naf, code) is None:
        raise InputError.on("naf", f"Code NAF inconnu de la nomenclature NAF rév. 2 : « {value} ».")
    return code


def _siren(session: Session, value: str, company_id: int | None = None) -> str:
    message = siren_error(value)
    if message is not None:
        raise InputError.on("siren", message)
    siren = normalise_siren(value)
    taken = session.scalar(select(Company.id).where(Company.siren == siren))
    if taken is not None and taken != company_id:
        raise _duplicate(siren)
    return siren


def _duplicate(siren: str) -> ConflictError:
    message = (
        f"Une entreprise est déjà inscrite avec le SIREN {format_siren(siren)} : une seule inscription "
        "par SIREN. Demandez à la personne qui l'a inscrite de vous ajouter comme collègue (page « Mon "
        "entreprise »), ou écrivez à l'administrateur du service si vous pensez qu'il s'agit d'une erreur."
    )
    return ConflictError(message, {"siren": ["SIREN déjà inscrit."]})


def website_problem(url: str) -> str | None:
    """What is wrong with a company's website address, if anything: only an absolute http(s)
    address of a named host, without credentials, of WEBSITE_MAX_CHARS at most."""
    if len(url) > WEBSITE_MAX_CHARS:
        return f"Adresse du site trop longue : {WEBSITE_MAX_CHARS} caractères au plus."
    parts = urlsplit(url)
    if parts.scheme.lower() not in ("http", "https") or not url.lower().startswith(("http://", "https://")):
        return "Adresse du site invalide : elle doit commencer par https:// (ou http://)."
    try:
        host = parts.hostname or ""
        parts.port  # noqa: B018 — raises ValueError for a port that is not a number
    except ValueError:
        host = ""
    if "@" in parts.netloc or not HOST_RE.match(host) or any(c.isspace() for c in url):
        return "Adresse du site invalide : indiquez une adresse comme https://www.exemple.fr."
    return None


def _website(value: str | None) -> str | None:
    """The website as stored: trimmed, https:// added to a bare host (« www.exemple.fr »)."""
    url = (value or "").strip()
    if not url:
        return None
    if "://" not in url and not SCHEME_RE.match(url):
        url = "https://" + url
    problem = website_problem(url)
    if problem is not None:
        raise InputError.on("website", problem)
    return url


def _apply(session: Session, company: Company, data: Mapping[str, Any]) -> None:
    """Validate every field first (so an error leaves the row untouched), then assign."""
    siren = _siren(session, data["siren"], company.id)
    naf = _naf_code(session, data["naf"])
    place = resolve_location(session, data["location"], "location")
    name = data["name"].strip()
    if not name:
        raise InputError.on("name", "Indiquez le nom de l'entreprise.")
    website, description = _website(data.get("website")), (data.get("description") or "").strip() or None
    company.siren, company.name, company.naf_code = siren, name, naf
    company.headcount = data["headcount"]
    company.commune_code, company.lat, company.lon = place.commune_code, place.lat, place.lon
    company.website, company.description = website, description


def _flush_unique(session: Session, company: Company) -> None:
    """Flush; a concurrent registration of the same SIREN becomes the same 409."""
    try:
        with session.begin_nested():
            session.flush()
    except IntegrityError:
        raise _duplicate(company.siren) from None


def create_company(session: Session, user: User, data: Mapping[str, Any]) -> Company:
    """Register a company (fields validated by the schema: siren, name, naf, headcount, location)
    and attach the recruiter to it. An admin registers it without being attached."""
    if user.role == Role.COMPANY and user.company_id is not None:
        raise ConflictError(
            "Votre compte est déjà rattaché à une entreprise : modifiez sa fiche plutôt que d'en inscrire une autre.",
            {"company": ["Compte déjà rattaché à une entreprise."]},
        )
    company = Company()
    _apply(session, company, data)
    session.add(company)
    _flush_unique(session, company)
    if user.role == Role.COMPANY:
        user.company_id = company.id
        session.flush()
    return company


def update_company(session: Session, company: Company, data: Mapping[str, Any]) -> Company:
    """Replace the company's fields. Its published offers are logged for the matching indexes,
    which keep the company's name and size (PME/ETI filter)."""
    _apply(session, company, data)
    _flush_unique(session, company)
    record_company_change(session, company.id)
    session.flush()
    return company


def company_to_dict(session: Session, company: Company) -> dict[str, Any]:
    commune = session.get(Commune, company.commune_code) if company.commune_code else None
    naf = session.get(Naf, company.naf_code) if company.naf_code else None
    territory = (
        current_territory_by_commune(session, [company.commune_code]).get(company.commune_code)
        if company.commune_code
        else None
    )
    return {
        "id": company.id,
        "siren": company.siren,
        "name": company.name,
        "naf": {"code": naf.code, "label": naf.label} if naf else None,
        "headcount": company.headcount,
        "description": company.description,
        "website": company.website,
        "commune": {"code": commune.code, "name": commune.name} if commune else None,
        "lat": company.lat,
        "lon": company.lon,
        "territory": {"name": territory[0], "list_version": territory[1]} if territory else None,
        "verified": company.verified_at is not None,
    }


def territory_facts(session: Session, commune_code: str | None, on: date) -> TerritoryFacts:
    """Membership of a commune in the list of Territoires d'industrie in force on `on` (version
    None when no loaded list covers that date: membership unknown)."""
    tlist, name = territory_in_force(session, commune_code, on)
    if tlist is None:
        return TerritoryFacts(list_version=None)
    return TerritoryFacts(list_version=tlist.version, territory=name)


def company_eligibility(
    session: Session,
    company: Company,
    rules: list[dict[str, Any]],
    today: date | None = None,
    mission: MissionFacts | None = None,
) -> dict[str, Any]:
    """Whether the company is a PME/ETI in a Territoire d'industrie (of the list in force on the
    date), and the VTE aids it may expect, from the rules table in force that day
    (`vte.eligibility`). With `mission`, the aids of that mission (an offer's page)."""
    on = today or date.today()
    result = assess(
        CompanyFacts(headcount=company.headcount),
        territory_facts(session, company.commune_code, on),
        rules,
        on,
        mission=mission,
    )
    commune = session.get(Commune, company.commune_code) if company.commune_code else None
    result["company"] = {"id": company.id, "name": company.name, "siren": company.siren}
    result["commune"] = {"code": commune.code, "name": commune.name} if commune else None
    return result


def offer_eligibility(
    session: Session, offer: Offer, rules: list[dict[str, Any]], today: date | None = None
) -> dict[str, Any]:
    """The VTE aids of one offer's mission (its contract, duration, VTE Vert or not) for its company:
    never « VTE Vert : eligible » on a mission that is not VTE Vert."""
    mission = MissionFacts(offer.contract_type.value, offer.duration_months, bool(offer.green))
    return company_eligibility(session, offer.company, rules, today=today, mission=mission)


def list_company_offers(
    session: Session,
    company: Company,
    owner: bool,
    status: OfferStatus | None = None,
    page: int = 1,
    per_page: int = 20,
    today: date | None = None,
) -> tuple[list[dict[str, Any]], int]:
    """The company's offers, newest first. Its recruiters (and admins) see every status, with
    application counts; anyone else sees the published, unexpired ones."""
    conditions = [Offer.company_id == company.id]
    if owner:
        if status is not None:
            conditions.append(Offer.status == status)
    else:
        conditions.extend(published_filter(today))
    total = session.scalar(select(func.count(Offer.id)).where(*conditions))
    offers = session.scalars(
        select(Offer)
        .options(joinedload(Offer.company))
        .where(*conditions)
        .order_by(Offer.published_at.desc().nulls_first(), Offer.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    items = serialise_offers(session, list(offers))
    if owner:
        counts = offer_application_counts(session, [o.id for o in offers])
        for item in items:
            item["applications"] = counts[item["id"]]
    return items, total


def naf_choices(session: Session) -> list[tuple[str, str]]:
    """Every NAF rév. 2 sub-class as (code, label), by code: the choices of a registration form."""
    return [(code, label) for code, label in session.execute(select(Naf.code, Naf.label).order_by(Naf.code))]
