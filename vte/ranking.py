"""Filter → score → explain → top-k, in both directions. Pure numpy: no Flask, no database.

One place computes each component (a named function of index columns returning values in
[0, 1]); one place combines them (`combine`: `Σ weight_c · component_c` with the weights of the
configuration, `VTE_WEIGHTS`). The public search is the same engine with a named profile of
weights (`SEARCH_PROFILE`), and the evaluation baselines are the engine with other weights.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from . import geo
from .eligibility import company_size_limit, rules_for_config
from .index import CONTRACT_BITS, MatchIndex
from .skills import best_label_score, coverage, shared_skills
from .vocab import ContractType

COMPONENTS = ("semantic", "skills", "geo", "territory", "green")
# The public search scores offers against a typed query, with no student: the components that
# make sense without one (geo only around a chosen place), the configured weights renormalised.
SEARCH_PROFILE = ("semantic", "skills", "territory")
SEARCH_NEAR_PROFILE = SEARCH_PROFILE + ("geo",)
# An offer may start up to this many days before the student is available.
START_GRACE_DAYS = 31


@dataclass(frozen=True)
class RankingSettings:
    weights: Mapping[str, float]
    half_km: float = 30.0
    semantic_floor: float = 0.0  # cosine mapped to 0 ...
    semantic_ceiling: float = 1.0  # ... and to 1 (model-dependent calibration)
    # Largest headcount of a company whose offers are shown (the ETI threshold of the VTE rules).
    company_max_headcount: float = np.inf

    @classmethod
    def from_config(cls, config: Mapping[str, Any], today: date | None = None) -> RankingSettings:
        return cls(
            weights=dict(config["VTE_WEIGHTS"]),
            half_km=float(config["VTE_GEO_HALF_KM"]),
            semantic_floor=float(config.get("VTE_SEMANTIC_FLOOR", 0.0)),
            semantic_ceiling=float(config.get("VTE_SEMANTIC_CEILING", 1.0)),
            company_max_headcount=company_size_limit(rules_for_config(config), today or date.today()),
        )

    def profile(self, components: Sequence[str]) -> RankingSettings:
        """The same settings with only `components` weighted, their weights summing to 1."""
        kept = {name: float(self.weights.get(name, 0.0)) for name in components}
        norm = sum(kept.values()) or 1.0
        return replace(self, weights={name: w / norm for name, w in kept.items()})


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
    remote_full: bool = False  # a fully remote offer: its distance does not matter

    def breakdown(self) -> dict[str, Any]:
        return {
            "total": round(self.total, 4),
            "components": {k: round(v, 4) for k, v in self.parts.items()},
            "distance_km": None if self.distance_km is None else round(self.distance_km, 1),
            "commune": self.commune,
            "territory": self.territory,
            "shared_skills": self.shared_skills,
            "explanation": self.explanation,
            "remote_full": self.remote_full,
        }


@dataclass
class Ranked:
    matches: list[Match]
    total_count: int


# --------------------------------------------------------------------------- components


def cosine(vectors: np.ndarray, rows: np.ndarray, query: np.ndarray) -> np.ndarray:
    """Cosine of `query` with the (L2-normalised) vectors of `rows`. For most of the rows, one
    product over the whole matrix is cheaper than copying the selected rows out."""
    query = query.astype(np.float32)
    if len(rows) > len(vectors) // 4:
        return (vectors @ query)[rows]
    return vectors[rows] @ query


def semantic(cos: np.ndarray, has_vector: np.ndarray, s: RankingSettings) -> np.ndarray:
    """The model's cosine range [floor, ceiling] mapped onto [0, 1]; 0 for a row with no vector."""
    span = max(s.semantic_ceiling - s.semantic_floor, 1e-6)
    return np.where(has_vector, np.clip((cos - s.semantic_floor) / span, 0.0, 1.0), 0.0).astype(np.float32)


def semantic_of(index: MatchIndex, rows: np.ndarray, query: np.ndarray | None, s: RankingSettings) -> np.ndarray:
    """The `semantic` component of `rows` against a query vector (zeros without one)."""
    if query is None or not len(rows):
        return np.zeros(len(rows), dtype=np.float32)
    return semantic(cosine(index.array("vector"), rows, query), index.array("has_vector")[rows], s)


def geo_component(distance: np.ndarray, remote_full: np.ndarray, s: RankingSettings) -> np.ndarray:
    """1 near home, halving every `half_km`; 0 for an unknown place; 1 for a fully remote offer."""
    weight = geo.geo_weight(np.nan_to_num(distance, nan=np.inf), s.half_km)
    return np.where(remote_full, 1.0, weight).astype(np.float32)


def distances(lat: float | None, lon: float | None, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    if lat is None or lon is None:
        return np.full(len(lats), np.nan)
    return geo.haversine_km(lat, lon, lats, lons)


def combine(parts: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """THE combination: the weighted sum of the components (float64, one value per row)."""
    size = len(next(iter(parts.values()))) if parts else 0
    total = np.zeros(size, dtype=np.float64)
    for name, values in parts.items():
        weight = float(weights.get(name, 0.0))
        if weight:
            total += weight * values
    return total


def top_positions(total: np.ndarray, limit: int, offset: int) -> np.ndarray:
    """Positions of the best `offset + limit` scores, sorted (ties: lower position first), then
    the requested page."""
    wanted = min(offset + limit, len(total))
    if wanted <= 0:
        return np.zeros(0, dtype=np.int64)
    best = np.argpartition(-total, wanted - 1)[:wanted] if wanted < len(total) else np.arange(len(total))
    best = best[np.lexsort((best, -total[best]))]
    return best[offset : offset + limit]


# --------------------------------------------------------------------------- filters


def open_offers(index: MatchIndex, today: date, s: RankingSettings) -> np.ndarray:
    """Mask of the offers anyone may see today: not expired, of a company the VTE admits."""
    a = index.array
    mask = a("expires_day") >= today.toordinal()
    mask &= ~(a("headcount") > s.company_max_headcount)  # unknown (NaN) headcounts pass
    return mask


def near_rows(
    index: MatchIndex, rows: np.ndarray, lat: float, lon: float, limit_km: float
) -> tuple[np.ndarray, np.ndarray]:
    """The rows within `limit_km` of (lat, lon) or fully remote (wherever they are), in row order,
    and their distances (NaN where unknown)."""
    a = index.array
    lats, lons = a("lat")[rows], a("lon")[rows]
    inside, distance = geo.within_km(lat, lon, lats, lons, limit_km)
    remote = np.setdiff1d(np.flatnonzero(a("remote_full")[rows]), inside)
    positions = np.concatenate([inside, remote])
    dist = np.concatenate([distance, distances(lat, lon, lats[remote], lons[remote])])
    order = np.argsort(positions, kind="stable")
    return rows[positions[order]], dist[order]


def offer_filter(
    index: MatchIndex, seeker: Seeker, today: date, filters: Mapping[str, Any], s: RankingSettings
) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the offers the student may see, and the distances to them (NaN: unknown).
    Cheap column tests first, distances only for what is left."""
    a = index.array
    wanted_bits = sum(CONTRACT_BITS[ContractType(c)] for c in seeker.contract_types)
    if filters.get("contract_type"):
        wanted_bits &= CONTRACT_BITS[ContractType(filters["contract_type"])]
    mask = open_offers(index, today, s)
    mask &= (a("contract") & wanted_bits) != 0
    mask &= a("level_min") <= seeker.level
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
        return near_rows(index, rows, seeker.lat, seeker.lon, min(limits))
    return rows, distances(seeker.lat, seeker.lon, a("lat")[rows], a("lon")[rows])


def student_filter(index: MatchIndex, need: Need, today: date) -> tuple[np.ndarray, np.ndarray]:
    """Positions of the visible students who accept the offer's contract, have its level, are
    available in time and accept the distance; and the distances to them."""
    a = index.array
    mask = (a("contracts") & CONTRACT_BITS[ContractType(need.contract_type)]) != 0
    if need.level_min:
        mask &= a("level") >= need.level_min
    if need.start_date is not None:
        latest = (need.start_date + timedelta(days=START_GRACE_DAYS)).toordinal()
        mask &= (a("available_day") == 0) | (a("available_day") <= latest)
    distance = distances(need.lat, need.lon, a("lat"), a("lon"))
    if not need.remote_full:
        mask &= np.nan_to_num(distance, nan=np.inf) <= a("max_km")
    rows = np.flatnonzero(mask)
    return rows, distance[rows]


# --------------------------------------------------------------------------- both directions


def _student_skill_coverage(index: MatchIndex, rows: np.ndarray, offer_skills: Sequence[str]) -> np.ndarray:
    """For each student: mean over the offer's skills of the best match among the student's."""
    if not offer_skills or not len(rows):
        return np.zeros(len(rows), dtype=np.float32)
    incidence = index.incidence[rows]
    total = np.zeros(len(rows), dtype=np.float32)
    for skill in offer_skills:
        total += best_label_score(incidence, index.vocabulary.label_scores([skill]))
    return (total / len(offer_skills)).astype(np.float32)


def _page_of_matches(
    ids: np.ndarray,
    total: np.ndarray,
    parts: Mapping[str, np.ndarray],
    distance: np.ndarray,
    remote_full: np.ndarray,
    page: np.ndarray,
    place_of,
    shared_of,
) -> list[Match]:
    """The Match of each position of `page`, explained. `place_of(p)` gives (commune, territory)
    and `shared_of(p)` the shared skills of position p."""
    matches = []
    for p in page:
        commune, territory = place_of(p)
        d = distance[p]
        match = Match(
            id=int(ids[p]),
            total=float(total[p]),
            parts={name: float(values[p]) for name, values in parts.items()},
            distance_km=None if np.isnan(d) else float(d),
            commune=commune,
            territory=territory,
            shared_skills=shared_of(p),
            remote_full=bool(remote_full[p]),
        )
        match.explanation = explain(match)
        matches.append(match)
    return matches


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
    rows, distance = offer_filter(index, seeker, today or date.today(), filters or {}, settings)
    a = index.array
    label_scores = index.vocabulary.label_scores(list(seeker.skills))
    parts = {
        "semantic": semantic_of(index, rows, seeker.vector, settings),
        "skills": coverage(index.incidence, label_scores)[rows]
        if seeker.skills and len(rows)
        else np.zeros(len(rows), dtype=np.float32),
        "geo": geo_component(distance, a("remote_full")[rows], settings),
        "territory": a("territory")[rows].astype(np.float32),
        "green": (a("green")[rows] & seeker.wants_green).astype(np.float32),
    }
    if query_vector is not None:
        typed = semantic_of(index, rows, query_vector, settings)
        parts["semantic"] = (
            typed if seeker.vector is None else ((1 - query_weight) * parts["semantic"] + query_weight * typed)
        )
    total = combine(parts, settings.weights)
    columns = index.columns

    def place_of(p):
        extra = columns.extra[rows[p]]
        return extra["commune"], extra["territory"]

    def shared_of(p):
        return shared_skills(columns.labels[rows[p]], label_scores, index.vocabulary)

    page = top_positions(total, limit, offset)
    matches = _page_of_matches(
        columns.ids[rows], total, parts, distance, a("remote_full")[rows], page, place_of, shared_of
    )
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
    """Visible students for an offer, best first (see `student_filter`)."""
    rows, distance = student_filter(index, need, today or date.today())
    a = index.array
    parts = {
        "semantic": semantic_of(index, rows, need.vector, settings),
        "skills": _student_skill_coverage(index, rows, need.skills),
        "geo": geo_component(distance, np.full(len(rows), need.remote_full), settings),
        "territory": np.full(len(rows), float(need.in_territory), dtype=np.float32),
        "green": (a("wants_green")[rows] & need.green).astype(np.float32),
    }
    total = combine(parts, settings.weights)
    vocabulary = index.vocabulary
    offer_labels = vocabulary.ids_of(need.skills)

    def shared_of(p):
        student_labels = set(index.columns.labels[rows[p]])
        scores = vocabulary.label_scores([vocabulary.display[i] for i in student_labels])
        return shared_skills(offer_labels, scores, vocabulary)

    page = top_positions(total, limit, offset)
    remote = np.full(len(rows), need.remote_full)
    matches = _page_of_matches(
        index.columns.ids[rows],
        total,
        parts,
        distance,
        remote,
        page,
        lambda p: (need.commune, need.territory),
        shared_of,
    )
    return Ranked(matches, int(len(rows)))


# --------------------------------------------------------------------------- explanation


def closeness_label(semantic_part: float) -> str:
    if semantic_part >= 0.75:
        return "Profil très proche"
    if semantic_part >= 0.5:
        return "Profil proche"
    if semantic_part >= 0.25:
        return "Profil en partie proche"
    return "Profil éloigné"


def explain(match: Match) -> str:
    """One French line built from the breakdown, e.g. « Profil très proche · 12 km · Territoire
    d'industrie Vallée de l'Arve · compétences communes : SolidWorks, cotation »."""
    pieces = [closeness_label(match.parts["semantic"])]
    if match.remote_full:
        pieces.append("100 % télétravail")
    elif match.distance_km is not None:
        pieces.append(f"{match.distance_km:.0f} km" if match.distance_km >= 1 else "moins de 1 km")
    if match.territory:
        pieces.append(f"Territoire d'industrie {match.territory}")
    if match.parts.get("green"):
        pieces.append("mission VTE Vert")
    if match.shared_skills:
        pieces.append("compétences communes : " + ", ".join(match.shared_skills[:4]))
    return " · ".join(pieces)
