"""Offer operations: write and publish (draft → published → closed), serialise, search, and rank
the candidates of an offer. Take the session first; flush, never commit.

Every write embeds the offer (`embed_offers`), which also logs it in `index_change`, so the
in-memory index of every process picks the change up on its next refresh.
"""
from __future__ import annotations

import re
import weakref
from dataclasses import dataclass
from datetime import date, timedelta
from typing import Any, Mapping

import numpy as np
from sqlalchemy import func, or_, select
from sqlalchemy.orm import Session, joinedload

from . import geo
from .eligibility import rule_set_on, size_category
from .embeddings import Encoder, embed_texts
from .errors import ConflictError, InputError
from .index import CONTRACT_BITS, MatchIndex, offer_index
from .locations import current_territory_by_commune, resolve_location
from .matching import embed_offers, rank_students_for_offer
from .models import Application, Commune, Company, Departement, Offer, Postcode, Region, Student, User
from .ranking import KM_PER_DEGREE_LAT, RankingSettings
from .students import profile_to_dict
from .text import clean_skills, fold
from .vocab import WORK_STUDY_CONTRACTS, ApplicationStatus, ContractType, OfferStatus, Remote, format_level

OFFER_VALIDITY_DAYS = 60  # a published offer expires after this many days unless told otherwise
MIN_CDD_MONTHS = 12  # a VTE in CDD lasts at least a year
WORK_STUDY_MONTHS = (6, 36)  # apprenticeship / professionalisation contracts
DEFAULT_RADIUS_KM = 30.0
SORTS = ("relevance", "distance", "date")


def _fail(field: str, message: str) -> InputError:
    return InputError(message, {field: [message]})


def published_filter(today: date | None = None):
    today = today or date.today()
    return (
        Offer.status == OfferStatus.PUBLISHED,
        or_(Offer.expires_at.is_(None), Offer.expires_at >= today),
    )


def list_published_offers(
    session: Session, page: int = 1, per_page: int = 20, today: date | None = None
) -> tuple[list[dict[str, Any]], int]:
    conditions = published_filter(today)
    total = session.scalar(select(func.count(Offer.id)).where(*conditions))
    offers = session.scalars(
        select(Offer)
        .options(joinedload(Offer.company))
        .where(*conditions)
        .order_by(Offer.published_at.desc().nulls_last(), Offer.id.desc())
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return serialise_offers(session, offers), total


def serialise_offers(session: Session, offers: list[Offer]) -> list[dict[str, Any]]:
    codes = list({o.commune_code for o in offers if o.commune_code})
    communes = {
        c.code: c for c in session.scalars(select(Commune).where(Commune.code.in_(codes)))
    }
    territories = current_territory_by_commune(session, codes)
    return [offer_to_dict(o, communes.get(o.commune_code), territories.get(o.commune_code)) for o in offers]


def offer_to_dict(offer: Offer, commune: Commune | None, territory: tuple[str, str] | None) -> dict[str, Any]:
    return {
        "id": offer.id,
        "title": offer.title,
        "description": offer.description,
        "skills": list(offer.skills or []),
        "contract_type": offer.contract_type.value,
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
        "company": {"id": offer.company.id, "name": offer.company.name, "siren": offer.company.siren},
        "commune": (
            {"code": commune.code, "name": commune.name, "lat": commune.lat, "lon": commune.lon}
            if commune
            else None
        ),
        "territoire": {"name": territory[0], "list_version": territory[1]} if territory else None,
    }


def application_counts(session: Session, offer_ids: list[int]) -> dict[int, dict[str, Any]]:
    """{offer id: {"total": n, "by_status": {status: n}}}; `total` leaves out withdrawn ones."""
    counts: dict[int, dict[str, Any]] = {i: {"total": 0, "by_status": {}} for i in offer_ids}
    if not offer_ids:
        return counts
    rows = session.execute(
        select(Application.offer_id, Application.status, func.count(Application.id))
        .where(Application.offer_id.in_(offer_ids))
        .group_by(Application.offer_id, Application.status)
    ).all()
    for offer_id, status, n in rows:
        counts[offer_id]["by_status"][status.value] = n
        if status != ApplicationStatus.WITHDRAWN:
            counts[offer_id]["total"] += n
    return counts


def offer_detail(session: Session, offer: Offer, owner: bool) -> dict[str, Any]:
    """One offer as the API shows it; its company's recruiters also get the application counts."""
    item = serialise_offers(session, [offer])[0]
    if owner:
        item["applications"] = application_counts(session, [offer.id])[offer.id]
    return item


# --------------------------------------------------------------------------- writing


def company_of(session: Session, user: User) -> Company:
    """The recruiter's company, or 409 when they have not registered it yet."""
    company = session.get(Company, user.company_id) if user.company_id else None
    if company is None:
        raise ConflictError(
            "Inscrivez d'abord votre entreprise (POST /api/v1/companies) avant de déposer une offre.",
            {"company": ["Aucune entreprise associée au compte."]},
        )
    return company


def _check_fields(data: Mapping[str, Any], today: date) -> None:
    """Cross-field rules of a VTE offer; every problem is reported at once, by field."""
    problems: dict[str, list[str]] = {}
    contract = ContractType(data["contract_type"])
    months = data.get("duration_months")
    if contract == ContractType.CDD:
        if months is None:
            problems["duration_months"] = [f"Durée obligatoire pour un CDD (au moins {MIN_CDD_MONTHS} mois)."]
        elif months < MIN_CDD_MONTHS:
            problems["duration_months"] = [f"Un VTE en CDD dure au moins {MIN_CDD_MONTHS} mois (reçu : {months})."]
    elif contract in WORK_STUDY_CONTRACTS:
        low, high = WORK_STUDY_MONTHS
        if months is None:
            problems["duration_months"] = [f"Durée obligatoire pour un contrat en alternance ({low} à {high} mois)."]
        elif not low <= months <= high:
            problems["duration_months"] = [
                f"Un contrat en alternance dure de {low} à {high} mois (reçu : {months})."
            ]
    elif months is not None:
        problems["duration_months"] = ["Un CDI n'a pas de durée : laissez ce champ vide."]
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


def _assign(session: Session, offer: Offer, company: Company, data: Mapping[str, Any], today: date) -> None:
    _check_fields(data, today)
    if data.get("location"):
        place = resolve_location(session, data["location"], "location")
        offer.commune_code, offer.lat, offer.lon = place.commune_code, place.lat, place.lon
    elif company.commune_code is None and company.lat is None:
        raise _fail("location", "Indiquez le lieu de la mission : votre entreprise n'a pas de localisation.")
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


def create_offer(session: Session, encoder: Encoder, user: User, data: Mapping[str, Any],
                 today: date | None = None) -> Offer:
    """A draft offer of the recruiter's company (fields of formats.md, validated by the schema);
    the location defaults to the company's."""
    company = company_of(session, user)
    offer = Offer(company=company, source="vte", status=OfferStatus.DRAFT)
    _assign(session, offer, company, data, today or date.today())
    session.add(offer)
    session.flush()
    embed_offers(session, encoder, [offer])
    return offer


def update_offer(session: Session, encoder: Encoder, offer: Offer, data: Mapping[str, Any],
                 today: date | None = None) -> Offer:
    """Replace the fields of a draft or published offer (a closed offer is final)."""
    if offer.status == OfferStatus.CLOSED:
        raise ConflictError("Cette offre est fermée : elle ne peut plus être modifiée.",
                            {"status": ["Offre fermée."]})
    _assign(session, offer, offer.company, data, today or date.today())
    session.flush()
    embed_offers(session, encoder, [offer])
    return offer


def publish_offer(session: Session, encoder: Encoder, offer: Offer, rules: list[dict[str, Any]],
                  today: date | None = None) -> Offer:
    """Publish a draft today; it expires after OFFER_VALIDITY_DAYS unless a date was set. The VTE
    is for PME and ETI: a company above the rules' ETI threshold cannot publish."""
    today = today or date.today()
    if offer.status == OfferStatus.PUBLISHED:
        raise ConflictError("Cette offre est déjà publiée.", {"status": ["Offre déjà publiée."]})
    if offer.status == OfferStatus.CLOSED:
        raise ConflictError("Cette offre est fermée : elle ne peut pas être republiée. Créez-en une nouvelle.",
                            {"status": ["Offre fermée."]})
    rule = rule_set_on(rules, today)
    if rule is not None and size_category(offer.company.headcount, rule["size"]) == "grande_entreprise":
        limit = rule["size"]["eti_max_headcount"]
        raise ConflictError(
            f"Le VTE est réservé aux PME et ETI (au plus {limit} salariés) : avec {offer.company.headcount} "
            "salariés, votre entreprise ne peut pas publier d'offre VTE.",
            {"company": ["Entreprise hors PME/ETI."]},
        )
    if offer.expires_at is not None and offer.expires_at < today:
        raise _fail("expires_at", f"La date d'expiration ({offer.expires_at.isoformat()}) est passée : "
                                  "modifiez-la avant de publier.")
    offer.status = OfferStatus.PUBLISHED
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
    offer.status = OfferStatus.CLOSED
    session.flush()
    embed_offers(session, encoder, [offer])
    return offer


# --------------------------------------------------------------------------- search


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    lat: float
    lon: float


def _search_place(session: Session, commune: str | None, postcode: str | None) -> Place | None:
    if commune and postcode:
        raise _fail("postcode", "Indiquez soit « commune » (code INSEE), soit « postcode », pas les deux.")
    if commune:
        try:
            found = resolve_location(session, {"insee": commune}, "commune")
        except InputError as exc:
            raise _fail("commune", exc.message) from None
        return Place(found.commune_code, found.commune_name, found.lat, found.lon)
    if postcode:
        code = postcode.strip()
        if not re.fullmatch(r"\d{5}", code):
            raise _fail("postcode", f"Code postal invalide : « {postcode} » (5 chiffres).")
        # A postcode shared by several communes: the most populous one (they are close together).
        found = session.scalars(
            select(Commune).join(Postcode, Postcode.commune_code == Commune.code)
            .where(Postcode.code == code, Commune.lat.is_not(None))
            .order_by(Commune.population.desc(), Commune.code).limit(1)
        ).first()
        if found is None:
            raise _fail("postcode", f"Code postal inconnu : « {postcode} ».")
        return Place(found.code, found.name, found.lat, found.lon)
    return None


AREA_MESSAGES = {
    "departement": "Département inconnu : « {} » (code INSEE du département, ex. 01, 2A, 974).",
    "region": "Région inconnue : « {} » (code INSEE de la région, ex. 84 pour Auvergne-Rhône-Alpes).",
}


def _area_code(session: Session, model, value: str | None, field: str) -> str | None:
    if value is None:
        return None
    code = value.strip().upper()
    if code.isdigit() and len(code) == 1:
        code = "0" + code
    if session.get(model, code) is None:
        raise _fail(field, AREA_MESSAGES[field].format(value))
    return code


_AREAS: "weakref.WeakKeyDictionary[MatchIndex, tuple[Any, dict[str, tuple[str, str]], np.ndarray, np.ndarray]]" = (
    weakref.WeakKeyDictionary()
)


def _areas(session: Session, index: MatchIndex) -> tuple[np.ndarray, np.ndarray]:
    """Département and région codes of each indexed offer, aligned with the index rows. Built
    once per index refresh from a {commune: (département, région)} dict that only grows by the
    communes new offers bring."""
    cached = _AREAS.get(index)
    if cached is not None and cached[0] is index.columns:
        return cached[2], cached[3]
    places = dict(cached[1]) if cached is not None else {}
    codes = [extra.get("commune_code") or "" for extra in index.columns.extra]
    missing = sorted({c for c in codes if c and c not in places})
    for start in range(0, len(missing), 2000):
        chunk = missing[start : start + 2000]
        for code, dep, reg in session.execute(
            select(Commune.code, Commune.departement_code, Commune.region_code).where(Commune.code.in_(chunk))
        ):
            places[code] = (dep or "", reg or "")
    unique, inverse = np.unique(np.asarray(codes, dtype=str), return_inverse=True)
    dep_rows = np.asarray([places.get(c, ("", ""))[0] for c in unique], dtype=object)[inverse]
    reg_rows = np.asarray([places.get(c, ("", ""))[1] for c in unique], dtype=object)[inverse]
    _AREAS[index] = (index.columns, places, dep_rows, reg_rows)
    return dep_rows, reg_rows


STOPWORDS = frozenset(
    "les des une dans pour par sur avec aux du de la le en et ou un au ces ses son sa nos vos "
    "qui que est pas plus chez vers sans sous".split()
)


def query_phrases(q: str) -> list[str]:
    """The phrases of a free-text query matched against skill labels: the whole query, its words
    (stop words and words of one or two letters left out) and their consecutive pairs."""
    words = [w for w in re.split(r"[^0-9a-z+#]+", fold(q)) if len(w) >= 3 and w not in STOPWORDS]
    phrases = [q.strip()] + words + [f"{a} {b}" for a, b in zip(words, words[1:])]
    return list(dict.fromkeys(p for p in phrases if p))


def _lexical(index: MatchIndex, rows: np.ndarray, q: str) -> np.ndarray:
    """For each row: how well its best skill label matches a phrase of the query (0 … 1)."""
    incidence = index.incidence
    if not len(rows) or not len(index.vocabulary) or not incidence.nnz:
        return np.zeros(len(rows), dtype=np.float32)
    scores = index.vocabulary.label_scores(query_phrases(q))
    padded = np.zeros(incidence.shape[1], dtype=np.float32)
    padded[: len(scores)] = scores[: incidence.shape[1]]
    # Max of the label scores within each row of the sparse incidence (CSR), for every row at
    # once: cheaper than slicing the rows out, and no per-row Python loop.
    values = padded[incidence.indices]
    starts = incidence.indptr[:-1]
    has_labels = np.diff(incidence.indptr) > 0
    best = np.zeros(incidence.shape[0], dtype=np.float32)
    best[has_labels] = np.maximum.reduceat(values, starts[has_labels])
    return best[rows]


def select_offers(
    index: MatchIndex,
    settings: RankingSettings,
    today: date,
    filters: Mapping[str, Any],
    *,
    place: Place | None = None,
    radius_km: float | None = None,
    query: str | None = None,
    query_vector: np.ndarray | None = None,
    areas: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None]:
    """The index rows that pass the filters, their distances to `place` (NaN without one) and,
    with a query, their relevance in [0, 1]. Column tests first, distances and scores only on
    what is left; no per-offer Python loop."""
    a = index.array
    mask = (a("expires_day") >= today.toordinal()) & (a("published_day") <= today.toordinal())
    mask &= a("eligible_company")
    if filters.get("contract_type"):
        mask &= (a("contract") & CONTRACT_BITS[ContractType(filters["contract_type"])]) != 0
    if filters.get("level") is not None:
        mask &= a("level_min") <= int(filters["level"])
    if filters.get("green") is not None:
        mask &= a("green") == bool(filters["green"])
    if filters.get("territory_only"):
        mask &= a("territory")
    if areas is not None:
        if filters.get("departement"):
            mask &= areas[0] == filters["departement"]
        if filters.get("region"):
            mask &= areas[1] == filters["region"]
    rows = np.flatnonzero(mask)
    distance = np.full(len(rows), np.nan)
    if place is not None:
        radius = radius_km or DEFAULT_RADIUS_KM
        dlat = radius / KM_PER_DEGREE_LAT
        dlon = dlat / max(np.cos(np.radians(min(abs(place.lat) + dlat, 89.0))), 0.01)
        near = (np.abs(a("lat")[rows] - place.lat) <= dlat) & (np.abs(a("lon")[rows] - place.lon) <= dlon)
        rows = rows[near | a("remote_full")[rows]]  # a fully remote offer passes wherever it is
        distance = geo.haversine_km(place.lat, place.lon, a("lat")[rows], a("lon")[rows])
        inside = (np.nan_to_num(distance, nan=np.inf) <= radius) | a("remote_full")[rows]
        rows, distance = rows[inside], distance[inside]
    if query is None or query_vector is None:
        return rows, distance, None
    vectors = a("vector")
    if len(rows) > len(vectors) // 4:  # most rows: one product, no copy of the selected rows
        cos = (vectors @ query_vector.astype(np.float32))[rows]
    else:
        cos = vectors[rows] @ query_vector.astype(np.float32)
    span = max(settings.semantic_ceiling - settings.semantic_floor, 1e-6)
    parts = {
        "semantic": np.where(a("has_vector")[rows], np.clip((cos - settings.semantic_floor) / span, 0, 1), 0.0),
        "skills": _lexical(index, rows, query),
        "territory": a("territory")[rows].astype(np.float32),
    }
    if place is not None:
        weight = geo.geo_weight(np.nan_to_num(distance, nan=np.inf), settings.half_km)
        parts["geo"] = np.where(a("remote_full")[rows], 1.0, weight)
    weights = {name: settings.weights.get(name, 0.0) for name in parts}
    norm = sum(weights.values()) or 1.0
    score = np.asarray(sum(weights[n] * parts[n] for n in parts), dtype=np.float64) / norm
    return rows, distance, score


def order_rows(ids: np.ndarray, published_day: np.ndarray, distance: np.ndarray, score: np.ndarray | None,
               sort: str, limit: int | None = None) -> np.ndarray:
    """Positions of the first `limit` rows (all without a limit) in the requested order; ties go
    to the most recently published, then to the newest id. Only the rows that can reach the first
    `limit` places are fully sorted."""
    if sort == "relevance" and score is not None:
        primary = -score
    elif sort == "distance":
        primary = np.nan_to_num(distance, nan=np.inf)
    else:  # date: one unique integer key
        primary = -(published_day.astype(np.int64) * (1 << 32) + ids)
    candidates = np.arange(len(primary))
    if limit is not None and 0 < limit < len(primary):
        kth = np.partition(primary, limit - 1)[limit - 1]
        candidates = np.flatnonzero(primary <= kth)
    order = candidates[np.lexsort((-ids[candidates], -published_day[candidates], primary[candidates]))]
    return order if limit is None else order[:limit]


def search_offers(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    q: str | None = None,
    filters: Mapping[str, Any] | None = None,
    sort: str | None = None,
    page: int = 1,
    per_page: int = 20,
    today: date | None = None,
) -> dict[str, Any]:
    """Public search of published, unexpired offers of PME/ETI, on the in-memory index.

    Filters (all vectorised on the index columns): `commune` (INSEE) or `postcode` with
    `radius_km` (default 30 km; fully remote offers always pass), `departement`, `region`,
    `contract_type`, `level` (offers asking at most that level), `green` (true: VTE Vert only,
    false: the others), `territory_only`. With `q`, offers are scored by the query embedding
    (`semantic`) and a lexical match of the query words on skill labels (`skills`), plus the
    distance (`geo`, when a place is given) and the Territoire d'industrie bonus, with the
    configured weights; `sort` is `relevance` (default with q), `date` (default without) or
    `distance` (needs a place)."""
    filters = dict(filters or {})
    today = today or date.today()
    q = (q or "").strip() or None
    place = _search_place(session, filters.get("commune"), filters.get("postcode"))
    radius = filters.get("radius_km")
    if radius is not None and place is None:
        raise _fail("radius_km", "Le rayon s'applique autour d'un lieu : indiquez « commune » ou « postcode ».")
    if place is not None and radius is None:
        radius = DEFAULT_RADIUS_KM
    departement = _area_code(session, Departement, filters.get("departement"), "departement")
    region = _area_code(session, Region, filters.get("region"), "region")
    sort = sort or ("relevance" if q else "date")
    if sort == "relevance" and q is None:
        raise _fail("sort", "Le tri par pertinence demande une recherche en texte libre (« q »).")
    if sort == "distance" and place is None:
        raise _fail("sort", "Le tri par distance demande un lieu : indiquez « commune » ou « postcode ».")

    index = offer_index(session, encoder)
    filters.update(departement=departement, region=region)
    areas = _areas(session, index) if departement or region else None
    query_vector = embed_texts(session, encoder, [q], "query")[0] if q else None
    rows, distance, score = select_offers(
        index, RankingSettings.from_config(config), today, filters, place=place, radius_km=radius,
        query=q, query_vector=query_vector, areas=areas,
    )
    ids = index.columns.ids[rows]
    order = order_rows(ids, index.array("published_day")[rows], distance, score, sort, limit=page * per_page)
    page_positions = order[(page - 1) * per_page :]
    page_ids = [int(ids[p]) for p in page_positions]
    offers = {
        o.id: o
        for o in session.scalars(select(Offer).options(joinedload(Offer.company)).where(Offer.id.in_(page_ids)))
    }
    serialised = {item["id"]: item for item in serialise_offers(session, list(offers.values()))}
    items = []
    for p in page_positions:
        item = serialised.get(int(ids[p]))
        if item is None:  # deleted since the index was refreshed
            continue
        d = distance[p]
        item["distance_km"] = None if np.isnan(d) else round(float(d), 1)
        item["score"] = None if score is None else round(float(score[p]), 4)
        items.append(item)
    return {
        "items": items,
        "total": int(len(rows)),
        "page": page,
        "per_page": per_page,
        "sort": sort,
        "place": (
            {"commune": {"code": place.code, "name": place.name}, "radius_km": radius} if place else None
        ),
    }


# --------------------------------------------------------------------------- candidates


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
            select(Student).options(joinedload(Student.school))
            .where(Student.id.in_(ids), Student.visible.is_(True))
        )
    }
    names = dict(session.execute(
        select(Commune.code, Commune.name).where(Commune.code.in_({s.commune_code for s in students.values()}))
    ).all())
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
    items = []
    for match in ranked.matches:
        student = students.get(match.id)
        if student is None:
            continue
        profile = profile_to_dict(student, names.get(student.commune_code), private=False)
        application = applications.get(student.id)
        if application is not None:
            profile.update(first_name=student.first_name, last_name=student.last_name,
                           email=student.email, phone=student.phone)
        items.append({
            "student": profile,
            "application": (
                {"id": application.id, "status": application.status.value} if application is not None else None
            ),
            "score": round(match.total, 4),
            "breakdown": match.breakdown(),
        })
    return items, ranked.total_count
