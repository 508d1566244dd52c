"""The public offer search (`GET /api/v1/offers`): vectorised filters on the offer index, a text
query ranked by the job-fit model (the text read as a wished job), sort by relevance, distance or
date.
Takes the session first; never commits."""

from __future__ import annotations

import re
import weakref
from collections.abc import Mapping
from dataclasses import dataclass
from datetime import date
from typing import Any

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from .embeddings import Encoder
from .errors import InputError
from .evidence import query_evidence
from .fit_features import StudentEvidence
from .index import CONTRACT_BITS, MatchIndex, offer_index
from .locations import resolve_location
from .models import Commune, Company, Departement, Offer, Postcode, Region
from .offers import DEFAULT_RADIUS_KM, serialise_offers
from .ranking import (
    SEARCH_NEAR_PROFILE,
    SEARCH_PROFILE,
    RankingSettings,
    combine,
    geo_component,
    near_rows,
    offers_fit,
    open_offers,
)
from .vocab import ContractType

# When no offer fits a typed search, this many of the closest are shown, flagged as such.
CLOSEST_WHEN_NONE = 10
# Around a place, the fully remote offers from farther away: a block of their own, its first few.
REMOTE_BLOCK = 5
SEARCH_FILTERS = (
    "commune",
    "postcode",
    "radius_km",
    "departement",
    "region",
    "contract_type",
    "level",
    "green",
    "territory_only",
    "remote",
    "salary_min",
    "published_within_days",
)


def search_filters(args: Mapping[str, Any]) -> dict[str, Any]:
    """The filters of a search among validated arguments (the API's SearchArgs)."""
    return {k: args[k] for k in SEARCH_FILTERS if k in args}


@dataclass(frozen=True)
class Place:
    code: str
    name: str
    lat: float
    lon: float


def _search_place(session: Session, commune: str | None, postcode: str | None) -> Place | None:
    if commune and postcode:
        raise InputError.on("postcode", "Indiquez soit « commune » (code INSEE), soit « postcode », pas les deux.")
    if commune:
        try:
            found = resolve_location(session, {"insee": commune}, "commune")
        except InputError as exc:
            raise InputError.on("commune", exc.message) from None
        return Place(found.commune_code, found.commune_name, found.lat, found.lon)
    if postcode:
        code = postcode.strip()
        if not re.fullmatch(r"\d{5}", code):
            raise InputError.on("postcode", f"Code postal invalide : « {postcode} » (5 chiffres).")
        # A postcode shared by several communes: the most populous one (they are close together).
        found = session.scalars(
            select(Commune)
            .join(Postcode, Postcode.commune_code == Commune.code)
            .where(Postcode.code == code, Commune.lat.is_not(None))
            .order_by(Commune.population.desc(), Commune.code)
            .limit(1)
        ).first()
        if found is None:
            raise InputError.on("postcode", f"Code postal inconnu : « {postcode} ».")
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
        raise InputError.on(field, AREA_MESSAGES[field].format(value))
    return code


_AREAS: weakref.WeakKeyDictionary[MatchIndex, tuple[Any, dict[str, tuple[str, str]], np.ndarray, np.ndarray]] = (
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


def _search_mask(
    index: MatchIndex,
    settings: RankingSettings,
    today: date,
    filters: Mapping[str, Any],
    areas: tuple[np.ndarray, np.ndarray] | None,
) -> np.ndarray:
    """The column tests of a search: open and published offers, then each filter given."""
    a = index.array
    mask = open_offers(index, today, settings) & (a("published_day") <= today.toordinal())
    if filters.get("contract_type"):
        mask &= (a("contract") & CONTRACT_BITS[ContractType(filters["contract_type"])]) != 0
    if filters.get("level") is not None:
        mask &= a("level_min") <= int(filters["level"])
    if filters.get("green") is not None:
        mask &= a("green") == bool(filters["green"])
    if filters.get("territory_only"):
        mask &= a("territory")
    mask &= _offer_terms_mask(index, today, filters)
    if areas is not None and filters.get("departement"):
        mask &= areas[0] == filters["departement"]
    if areas is not None and filters.get("region"):
        mask &= areas[1] == filters["region"]
    return mask


def _offer_terms_mask(index: MatchIndex, today: date, filters: Mapping[str, Any]) -> np.ndarray:
    """Remote work, salary and publication date filters (all offers pass when none is given)."""
    a = index.array
    mask = np.ones(len(a("published_day")), dtype=bool)
    if filters.get("remote") in ("any", "full"):
        mask &= a("remote_any" if filters["remote"] == "any" else "remote_full")
    if filters.get("salary_min"):
        with np.errstate(invalid="ignore"):  # offers without a salary never pass a salary filter
            mask &= a("salary_top") >= float(filters["salary_min"])
    if filters.get("published_within_days"):
        mask &= a("published_day") >= today.toordinal() - int(filters["published_within_days"])
    return mask


def select_offers(
    index: MatchIndex,
    settings: RankingSettings,
    today: date,
    filters: Mapping[str, Any],
    *,
    place: Place | None = None,
    radius_km: float | None = None,
    query: str | None = None,
    query_evidence: StudentEvidence | None = None,
    areas: tuple[np.ndarray, np.ndarray] | None = None,
) -> tuple[np.ndarray, np.ndarray, np.ndarray | None, bool]:
    """The index rows that pass the filters, their distances to `place` (NaN without one), with a
    query their relevance in [0, 1], and whether they are only the closest offers (no offer fits
    the query: its `CLOSEST_WHEN_NONE` best are kept, flagged). Column tests first, distances and
    scores only on what is left; no per-offer Python loop."""
    a = index.array
    rows = np.flatnonzero(_search_mask(index, settings, today, filters, areas))
    distance = np.full(len(rows), np.nan)
    if place is not None:
        rows, distance = near_rows(index, rows, place.lat, place.lon, radius_km or DEFAULT_RADIUS_KM)
    if query is None or query_evidence is None:
        return rows, distance, None, False
    fit = offers_fit(index, rows, query_evidence, settings).probability
    relevant = fit >= settings.search_min_fit
    approximate = bool(len(rows)) and not relevant.any()
    if approximate:
        relevant = np.zeros(len(rows), dtype=bool)
        relevant[np.argsort(-fit, kind="stable")[:CLOSEST_WHEN_NONE]] = True
    rows, distance, fit = rows[relevant], distance[relevant], fit[relevant]
    parts = {"fit": fit, "territory": a("territory")[rows].astype(np.float32)}
    if place is not None:
        parts["geo"] = geo_component(distance, a("remote_full")[rows], settings)
    profile = settings.profile(SEARCH_NEAR_PROFILE if place is not None else SEARCH_PROFILE)
    return rows, distance, combine(parts, profile.weights), approximate


def order_rows(
    ids: np.ndarray,
    published_day: np.ndarray,
    distance: np.ndarray,
    score: np.ndarray | None,
    sort: str,
    limit: int | None = None,
) -> np.ndarray:
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


@dataclass
class Selection:
    """The offers that pass a search's filters, with their distances and relevance."""

    index: MatchIndex
    rows: np.ndarray
    distance: np.ndarray
    score: np.ndarray | None
    sort: str
    place: Place | None
    radius: float | None
    approximate: bool = False  # no offer fits the text: these are the closest ones


def select_for_search(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    q: str | None,
    filters: Mapping[str, Any],
    sort: str | None,
    today: date,
) -> Selection:
    """Check the search arguments (InputError naming the field) and select the matching rows."""
    filters = dict(filters)
    place = _search_place(session, filters.get("commune"), filters.get("postcode"))
    radius = filters.get("radius_km")
    if radius is not None and place is None:
        raise InputError.on("radius_km", "Le rayon s'applique autour d'un lieu : indiquez « commune » ou « postcode ».")
    if place is not None and radius is None:
        radius = DEFAULT_RADIUS_KM
    departement = _area_code(session, Departement, filters.get("departement"), "departement")
    region = _area_code(session, Region, filters.get("region"), "region")
    sort = sort or ("relevance" if q else "date")
    if sort == "relevance" and q is None:
        raise InputError.on("sort", "Le tri par pertinence demande une recherche en texte libre (« q »).")
    if sort == "distance" and place is None:
        raise InputError.on("sort", "Le tri par distance demande un lieu : indiquez « commune » ou « postcode ».")

    index = offer_index(session, encoder)
    filters.update(departement=departement, region=region)
    areas = _areas(session, index) if departement or region else None
    evidence = query_evidence(session, encoder, q) if q else None
    rows, distance, score, approximate = select_offers(
        index,
        RankingSettings.from_config(config, today),
        today,
        filters,
        place=place,
        radius_km=radius,
        query=q,
        query_evidence=evidence,
        areas=areas,
    )
    return Selection(index, rows, distance, score, sort, place, radius, approximate)


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
    `radius_km` (default 30 km; fully remote offers from farther away are the separate `remote`
    block: its total and first `REMOTE_BLOCK`), `departement`, `region`,
    `contract_type`, `level` (offers asking at most that level), `green` (true: VTE Vert only,
    false: the others), `territory_only`. With `q`, only offers whose job fit with the text reaches
    `VTE_SEARCH_MIN_FIT` are results, scored by that fit, the distance (`geo`, when a place is
    given) and the Territoire d'industrie bonus, with the configured weights; `sort` is
    `relevance` (default with q), `date` (default without) or `distance` (needs a place)."""
    q = (q or "").strip() or None
    found = select_for_search(session, encoder, config, q, filters or {}, sort, today or date.today())
    index, sort, place, radius = found.index, found.sort, found.place, found.radius
    near, away = split_remote(found)
    ids = index.columns.ids[found.rows]
    published = index.array("published_day")[found.rows]
    order = order_rows(
        ids[near], published[near], found.distance[near], _at(found.score, near), sort, limit=page * per_page
    )
    result = {
        "items": _serialised(session, found, near[order[(page - 1) * per_page :]]),
        "total": int(len(near)),
        "page": page,
        "per_page": per_page,
        "sort": sort,
        "place": (
            {
                "commune": {"code": place.code, "name": place.name, "lat": place.lat, "lon": place.lon},
                "radius_km": radius,
            }
            if place
            else None
        ),
        "approximate": found.approximate,
        "remote": None,
    }
    if place is not None:
        remote_sort = "relevance" if found.score is not None else "date"
        first = order_rows(
            ids[away], published[away], found.distance[away], _at(found.score, away), remote_sort, limit=REMOTE_BLOCK
        )
        result["remote"] = {"total": int(len(away)), "items": _serialised(session, found, away[first])}
    return result


def split_remote(found: Selection) -> tuple[np.ndarray, np.ndarray]:
    """Positions (in `found.rows`) of the offers within the search's radius, and of the fully remote
    offers beyond it (around a place they are a block of their own, not « à moins de N km »);
    without a place every offer is in the first."""
    everything = np.arange(len(found.rows))
    if found.place is None:
        return everything, np.zeros(0, dtype=np.int64)
    remote = found.index.array("remote_full")[found.rows]
    beyond = remote & ~(np.nan_to_num(found.distance, nan=np.inf) <= (found.radius or DEFAULT_RADIUS_KM))
    return everything[~beyond], everything[beyond]


def _at(values: np.ndarray | None, positions: np.ndarray) -> np.ndarray | None:
    return None if values is None else values[positions]


def _serialised(session: Session, found: Selection, positions: np.ndarray) -> list[dict[str, Any]]:
    """The offers at these positions of the selection, in that order, with distance and score."""
    ids = found.index.columns.ids[found.rows]
    wanted = [int(ids[p]) for p in positions]
    offers = list(session.scalars(select(Offer).options(joinedload(Offer.company)).where(Offer.id.in_(wanted))))
    serialised = {item["id"]: item for item in serialise_offers(session, offers)}
    items = []
    for p in positions:
        item = serialised.get(int(ids[p]))
        if item is None:  # deleted since the index was refreshed
            continue
        d = found.distance[p]
        item["distance_km"] = None if np.isnan(d) else round(float(d), 1)
        item["score"] = None if found.score is None else round(float(found.score[p]), 4)
        items.append(item)
    return items


MAX_POINTS = 2000


def offer_points(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    q: str | None = None,
    filters: Mapping[str, Any] | None = None,
    sort: str | None = None,
    limit: int = MAX_POINTS,
    today: date | None = None,
) -> dict[str, Any]:
    """The same search as `search_offers`, as map points: the first `limit` offers in the search
    order with their commune's coordinates (fully remote offers at their company's commune; around
    a place, only those within the radius, as the list)."""
    q = (q or "").strip() or None
    found = select_for_search(session, encoder, config, q, filters or {}, sort, today or date.today())
    near, _ = split_remote(found)  # the map shows the place's offers, not remote ones from afar
    ids = found.index.columns.ids[found.rows][near]
    order = order_rows(
        ids,
        found.index.array("published_day")[found.rows][near],
        found.distance[near],
        _at(found.score, near),
        found.sort,
        limit=limit,
    )
    positions = found.rows[near][order]
    lat, lon = found.index.array("lat")[positions], found.index.array("lon")[positions]
    point_ids = [int(i) for i in ids[order]]
    titles = {
        row.id: (row.title, row.name, row.green)
        for row in session.execute(
            select(Offer.id, Offer.title, Company.name, Offer.green)
            .join(Company, Company.id == Offer.company_id)
            .where(Offer.id.in_(point_ids))
        )
    }
    items = [
        {
            "id": i,
            "title": titles[i][0],
            "company": titles[i][1],
            "green": bool(titles[i][2]),
            "lat": round(float(y), 5),
            "lon": round(float(x), 5),
        }
        for i, y, x in zip(point_ids, lat, lon, strict=False)
        if i in titles and not (np.isnan(y) or np.isnan(x))
    ]
    return {"items": items, "total": int(len(near)), "truncated": len(near) > limit}
