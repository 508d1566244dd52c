"""Filter → score → explain → top-k, in both directions.

Each component is a named function of the index columns returning values in [0, 1]; the total is
`Σ weight_c · component_c` with the weights of the configuration (`VTE_WEIGHTS`). The evaluation
baselines are the same engine with other weights.
"""
from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, timedelta
from typing import Any, Mapping

import numpy as np

from . import geo
from .index import CONTRACT_BITS, MatchIndex
from .skills import coverage, shared_skills
from .vocab import ContractType

COMPONENTS = ("semantic", "skills", "geo", "territory", "green")
# An offer may start up to this many days before the student is available.
START_GRACE_DAYS = 31


@dataclass(frozen=True)
class RankingSettings:
    weights: Mapping[str, float]
    half_km: float = 30.0
    semantic_floor: float = 0.0  # cosine mapped to 0 ...
    semantic_ceiling: float = 1.0  # ... and to 1 (model-dependent calibration)

    @classmethod
    def from_config(cls, config: Mapping[str, Any]) -> "RankingSettings":
        return cls(
            weights=dict(config["VTE_WEIGHTS"]),
            half_km=float(config["VTE_GEO_HALF_KM"]),
            semantic_floor=float(config.get("VTE_SEMANTIC_FLOOR", 0.0)),
            semantic_ceiling=float(config.get("VTE_SEMANTIC_CEILING", 1.0)),
        )


@dataclass(frozen=True)
class Seeker:
    """The student side of a match, as the ranking needs it."""

    vector: np.ndarray | None
    lat: float | None
    lon: float | None
    contract_types: tuple[str, ...]
    level: int
    available_from: date | None = None
    max_distance_km: float | None = None
    wants_green: bool = False
    skills: tuple[str, ...] = ()


@dataclass(frozen=True)
class Need:
    """The offer side of a match, as the ranking needs it."""

    vector: np.ndarray | None
    lat: float | None
    lon: float | None
    contract_type: str
    level_min: int | None
    start_date: date | None
    remote_full: bool
    green: bool
    in_territory: bool
    territory: str | None
    commune: str | None
    skills: tuple[str, ...] = ()


@dataclass
class Match:
    id: int
    total: float
    parts: dict[str, float]
    distance_km: float | None
    commune: str | None
    territory: str | None
    shared_skills: list[str] = field(default_factory=list)
    explanation: str = ""

    def breakdown(self) -> dict[str, Any]:
        return {
            "total": round(self.total, 4),
            "components": {k: round(v, 4) for k, v in self.parts.items()},
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "commune": self.commune,
            "territory": self.territory,
            "shared_skills": self.shared_skills,
            "explanation": self.explanation,
        }


@dataclass
class Ranked:
    matches: list[Match]
    total_count: int


def _semantic(matrix: np.ndarray, has_vector: np.ndarray, query: np.ndarray | None, s: RankingSettings) -> np.ndarray:
    if query is None or not len(matrix):
        return np.zeros(len(matrix), dtype=np.float32)
    cos = matrix @ query.astype(np.float32)
    span = max(s.semantic_ceiling - s.semantic_floor, 1e-6)
    return np.where(has_vector, np.clip((cos - s.semantic_floor) / span, 0.0, 1.0), 0.0).astype(np.float32)


def _distances(lat: float | None, lon: float | None, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    if lat is None or lon is None:
        return np.full(len(lats), np.nan)
    return geo.haversine_km(lat, lon, lats, lons)


def _geo(distance: np.ndarray, remote_full: np.ndarray, s: RankingSettings) -> np.ndarray:
    known = np.nan_to_num(distance, nan=np.inf)
    weight = geo.geo_weight(known, s.half_km)
    return np.where(remote_full, 1.0, weight).astype(np.float32)


def _top(total: np.ndarray, limit: int, offset: int) -> np.ndarray:
    """Positions of the best `offset + limit` scores, sorted, then the requested page."""
    wanted = min(offset + limit, len(total))
    if wanted <= 0:
        return np.zeros(0, dtype=np.int64)
    if wanted < len(total):
        best = np.argpartition(-total, wanted - 1)[:wanted]
    else:
        best = np.arange(len(total))
    best = best[np.lexsort((best, -total[best]))]
    return best[offset : offset + limit]


KM_PER_DEGREE_LAT = 110.574


def _within(index: MatchIndex, rows: np.ndarray, lat: float, lon: float, limit_km: float) -> tuple[np.ndarray, np.ndarray]:
    """The rows within `limit_km` of (lat, lon), or fully remote, and their distances. A cheap
    bounding-box test first, so the haversine runs only on the rows near the box."""
    a = index.array
    lats, lons = a("lat")[rows], a("lon")[rows]
    dlat = limit_km / KM_PER_DEGREE_LAT
    dlon = limit_km / (KM_PER_DEGREE_LAT * max(np.cos(np.radians(min(abs(lat) + dlat, 89.0))), 0.01))
    box = (np.abs(lats - lat) <= dlat) & (np.abs(lons - lon) <= dlon)
    remote = a("remote_full")[rows]
    keep = rows[box | remote]
    distance = _distances(lat, lon, a("lat")[keep], a("lon")[keep])
    inside = (np.nan_to_num(distance, nan=np.inf) <= limit_km) | a("remote_full")[keep]
    return keep[inside], distance[inside]


def offer_filter(index: MatchIndex, seeker: Seeker, today: date, filters: Mapping[str, Any]) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the offers the student may see, and the distances to them (NaN: unknown).
    Cheap column tests first, distances only for what is left."""
    a = index.array
    wanted_bits = sum(CONTRACT_BITS[ContractType(c)] for c in seeker.contract_types)
    if filters.get("contract_type"):
        wanted_bits &= CONTRACT_BITS[ContractType(filters["contract_type"])]
    mask = (a("contract") & wanted_bits) != 0
    mask &= a("level_min") <= seeker.level
    mask &= a("expires_day") >= today.toordinal()
    mask &= a("eligible_company")
    if seeker.available_from is not None:
        earliest = (seeker.available_from - timedelta(days=START_GRACE_DAYS)).toordinal()
        mask &= (a("start_day") == 0) | (a("start_day") >= earliest)
    if filters.get("green"):
        mask &= a("green")
    if filters.get("territory_only"):
        mask &= a("territory")
    if filters.get("ids") is not None:
        mask &= np.isin(index.columns.ids, np.asarray(list(filters["ids"]), dtype=np.int64))
    rows = np.flatnonzero(mask)
    limits = [x for x in (filters.get("radius_km"), seeker.max_distance_km) if x is not None]
    if seeker.lat is None or seeker.lon is None:
        return rows, np.full(len(rows), np.nan)
    if limits:
        return _within(index, rows, seeker.lat, seeker.lon, min(limits))
    return rows, _distances(seeker.lat, seeker.lon, a("lat")[rows], a("lon")[rows])


def rank_offers(
    index: MatchIndex,
    seeker: Seeker,
    settings: RankingSettings,
    *,
    today: date | None = None,
    filters: Mapping[str, Any] | None = None,
    limit: int = 20,
    offset: int = 0,
    query_vector: np.ndarray | None = None,
    query_weight: float = 0.75,
) -> Ranked:
    """Offers for a student. `query_vector` (a free-text search) is blended into the semantic
    component with `query_weight`: a typed query states the current intent, the profile still
    personalises the order."""
    today = today or date.today()
    filters = filters or {}
    rows, distance = offer_filter(index, seeker, today, filters)
    a = index.array
    parts = {
        "semantic": _semantic(a("vector")[rows], a("has_vector")[rows], seeker.vector, settings),
        "skills": np.zeros(len(rows), dtype=np.float32),
        "geo": _geo(distance, a("remote_full")[rows], settings),
        "territory": a("territory")[rows].astype(np.float32),
        "green": (a("green")[rows] & seeker.wants_green).astype(np.float32),
    }
    if query_vector is not None:
        text = _semantic(a("vector")[rows], a("has_vector")[rows], query_vector, settings)
        parts["semantic"] = text if seeker.vector is None else (1 - query_weight) * parts["semantic"] + query_weight * text
    label_scores = index.vocabulary.label_scores(list(seeker.skills))
    if seeker.skills and len(rows):
        parts["skills"] = coverage(index.incidence, label_scores)[rows]
    total = sum(settings.weights.get(name, 0.0) * parts[name] for name in COMPONENTS)
    total = np.asarray(total, dtype=np.float64)
    page = _top(total, limit, offset)
    matches = []
    for p in page:
        row = rows[p]
        extra = index.columns.extra[row]
        d = distance[p]
        matches.append(
            Match(
                id=int(index.columns.ids[row]),
                total=float(total[p]),
                parts={name: float(parts[name][p]) for name in COMPONENTS},
                distance_km=None if np.isnan(d) else float(d),
                commune=extra["commune"],
                territory=extra["territory"],
                shared_skills=shared_skills(index.columns.labels[row], label_scores, index.vocabulary),
            )
        )
    for m in matches:
        m.explanation = explain(m)
    return Ranked(matches, int(len(rows)))


def rank_students(
    index: MatchIndex,
    need: Need,
    settings: RankingSettings,
    *,
    today: date | None = None,
    limit: int = 20,
    offset: int = 0,
) -> Ranked:
    """Visible students for an offer: those who accept its contract, have the level, are
    available in time and accept the distance."""
    today = today or date.today()
    a = index.array
    mask = (a("contracts") & CONTRACT_BITS[ContractType(need.contract_type)]) != 0
    if need.level_min:
        mask &= a("level") >= need.level_min
    if need.start_date is not None:
        latest = (need.start_date + timedelta(days=START_GRACE_DAYS)).toordinal()
        mask &= (a("available_day") == 0) | (a("available_day") <= latest)
    distance = _distances(need.lat, need.lon, a("lat"), a("lon"))
    if not need.remote_full:
        mask &= np.nan_to_num(distance, nan=np.inf) <= a("max_km")
    rows = np.flatnonzero(mask)
    offer_labels = index.vocabulary.ids_of(need.skills)
    parts = {
        "semantic": _semantic(a("vector")[rows], a("has_vector")[rows], need.vector, settings),
        "skills": _students_skill_coverage(index, rows, list(need.skills)),
        "geo": _geo(distance[rows], np.full(len(rows), need.remote_full), settings),
        "territory": np.full(len(rows), float(need.in_territory), dtype=np.float32),
        "green": (a("wants_green")[rows] & need.green).astype(np.float32),
    }
    total = np.asarray(sum(settings.weights.get(n, 0.0) * parts[n] for n in COMPONENTS), dtype=np.float64)
    page = _top(total, limit, offset)
    matches = []
    for p in page:
        row = rows[p]
        d = distance[row]
        student_labels = set(index.columns.labels[row])
        scores = index.vocabulary.label_scores([index.vocabulary.display[i] for i in student_labels])
        matches.append(
            Match(
                id=int(index.columns.ids[row]),
                total=float(total[p]),
                parts={name: float(parts[name][p]) for name in COMPONENTS},
                distance_km=None if np.isnan(d) else float(d),
                commune=need.commune,
                territory=need.territory,
                shared_skills=shared_skills(offer_labels, scores, index.vocabulary),
            )
        )
    for m in matches:
        m.explanation = explain(m)
    return Ranked(matches, int(len(rows)))


def _students_skill_coverage(index: MatchIndex, rows: np.ndarray, offer_skills: list[str]) -> np.ndarray:
    """For each student: mean over the offer's skills of the best match among the student's."""
    if not offer_skills or not len(rows):
        return np.zeros(len(rows), dtype=np.float32)
    incidence = index.incidence[rows]
    total = np.zeros(len(rows), dtype=np.float32)
    for skill in offer_skills:
        scores = index.vocabulary.label_scores([skill])
        padded = np.zeros(incidence.shape[1], dtype=np.float32)
        padded[: len(scores)] = scores[: incidence.shape[1]]
        total += incidence.multiply(padded).max(axis=1).toarray().ravel()
    return (total / len(offer_skills)).astype(np.float32)


def closeness_label(semantic: float) -> str:
    if semantic >= 0.75:
        return "Profil très proche"
    if semantic >= 0.5:
        return "Profil proche"
    if semantic >= 0.25:
        return "Profil en partie proche"
    return "Profil éloigné"


def explain(match: Match) -> str:
    """One French line built from the breakdown, e.g. « Profil très proche · 12 km · Territoire
    d'industrie Vallée de l'Arve · compétences communes : SolidWorks, cotation »."""
    pieces = [closeness_label(match.parts["semantic"])]
    if match.distance_km is not None:
        pieces.append(f"{match.distance_km:.0f} km" if match.distance_km >= 1 else "moins de 1 km")
    if match.territory:
        pieces.append(f"Territoire d'industrie {match.territory}")
    if match.parts.get("green"):
        pieces.append("mission VTE Vert")
    if match.shared_skills:
        pieces.append("compétences communes : " + ", ".join(match.shared_skills[:4]))
    return " · ".join(pieces)
