"""Filter → score → explain → top-k, in both directions. Pure numpy: no Flask, no database.

The score of a student–offer pair is the job fit scaled by where the job is:

    total = fit · (w_fit + w_geo·geo + w_territory·territory + w_green·green) / (sum of the weights)

- `fit`: P(the offer is the job the student is after), from the job-fit model (`vte.fit`) over the
  evidence of `vte.fit_features` (texts, ROME occupations, shared words);
- `geo`: 1 near home, 0.5 at `half_km`, falling off over `softness_km` (1 for a fully remote
  offer, 0 for an unknown place); `territory`: the offer is in a Territoire d'industrie; `green`: a
  VTE Vert mission for a student who wants one.
Geography multiplies the fit, so it orders offers of the right job and never makes up for the
wrong one. The weights are named and configurable (`VTE_WEIGHTS`); the public search is the same
engine with a named profile of weights (`SEARCH_PROFILE`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from typing import Any

import numpy as np

from . import geo
from .eligibility import company_size_limit, rules_for_config
from .fit import FitModel
from .fit_features import OfferEvidence, StudentEvidence, cosines, offer_features, student_features
from .index import CONTRACT_BITS, MatchIndex
from .occupations import RomeReferential, short_label
from .skills import best_label_score, coverage, shared_skills
from .vocab import ContractType

COMPONENTS = ("fit", "geo", "territory", "green")
# The public search scores offers against a typed query, with no student: the components that
# make sense without one (geo only around a chosen place), the configured weights renormalised.
SEARCH_PROFILE = ("fit", "territory")
SEARCH_NEAR_PROFILE = SEARCH_PROFILE + ("geo",)
# An offer may start up to this many days before the student is available.
START_GRACE_DAYS = 31
# The previous engine (before the job-fit model), kept for comparison (`VTE_RANKER=weighted_sum`):
# total = Σ weight · component, the cosine mapped from [0.80, 0.92] onto [0, 1], the geography
# halving every `half_km`, the share of the offer's skills the student has.
PREVIOUS_WEIGHTS = {"semantic": 0.65, "skills": 0.15, "geo": 0.10, "territory": 0.05, "green": 0.05}
PREVIOUS_COSINE_RANGE = (0.80, 0.92)
RANKERS = ("fit", "weighted_sum")
# Distances from an offer to its candidates are shown rounded to this step (privacy).
CANDIDATE_DISTANCE_STEP_KM = 5.0
# A shared occupation is named in the explanation from this probability on.
SHARED_METIER_MIN = 0.15


@dataclass(frozen=True)
class RankingSettings:
    weights: Mapping[str, float]
    fit_model: FitModel
    half_km: float = 30.0
    softness_km: float = 3.0
    # Largest headcount of a company whose offers are shown (the ETI threshold of the VTE rules).
    company_max_headcount: float = np.inf
    # Offers whose fit with a typed search is below this are not results of that search.
    search_min_fit: float = 0.05
    ranker: str = "fit"  # or "weighted_sum": the previous engine, for comparison

    @classmethod
    def from_config(cls, config: Mapping[str, Any], today: date | None = None) -> RankingSettings:
        if (config.get("VTE_RANKER") or "fit") not in RANKERS:
            raise ValueError(f"VTE_RANKER must be one of {', '.join(RANKERS)}, not {config.get('VTE_RANKER')!r}")
        return cls(
            weights=dict(config["VTE_WEIGHTS"]),
            fit_model=FitModel.load(config.get("VTE_FIT_MODEL_FILE")),
            half_km=float(config["VTE_GEO_HALF_KM"]),
            softness_km=float(config.get("VTE_GEO_SOFTNESS_KM", 3.0)),
            company_max_headcount=company_size_limit(rules_for_config(config), today or date.today()),
            search_min_fit=float(config.get("VTE_SEARCH_MIN_FIT", 0.05)),
            ranker=str(config.get("VTE_RANKER") or "fit"),
        )

    @staticmethod
    def config_key(config: Mapping[str, Any]) -> tuple:
        """What `from_config` reads from the configuration, hashable: answers ranked under other
        settings are not the same answers."""
        return (
            tuple(sorted(dict(config["VTE_WEIGHTS"]).items())),
            config.get("VTE_FIT_MODEL_FILE"),
            config["VTE_GEO_HALF_KM"],
            config.get("VTE_GEO_SOFTNESS_KM"),
            config.get("VTE_SEARCH_MIN_FIT"),
            config.get("VTE_RANKER"),
            config.get("VTE_AID_RULES_FILE"),
        )

    def profile(self, components: Sequence[str]) -> RankingSettings:
        """The same settings with only `components` weighted, their weights summing to 1."""
        kept = {name: float(self.weights.get(name, 0.0)) for name in components}
        norm = sum(kept.values()) or 1.0
        return replace(self, weights={name: w / norm for name, w in kept.items()})


@dataclass(frozen=True)
class Seeker:
    """The student side of a match, as the ranking needs it."""

    evidence: StudentEvidence | None
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

    evidence: OfferEvidence | None
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
    # The job-fit evidence in the units of the model's score, per kind (occupation, mission, words).
    evidence: dict[str, float] = field(default_factory=dict)
    occupation: str | None = None  # the occupation both sides most likely share, when they do

    @property
    def cited_occupation(self) -> str | None:
        """The shared occupation, when the occupations raised the fit (never cited against it)."""
        return self.occupation if self.evidence.get("occupation", 0.0) > 0 else None

    def breakdown(self) -> dict[str, Any]:
        return {
            "total": round(self.total, 4),
            "components": {k: round(v, 4) for k, v in self.parts.items()},
            "fit_evidence": {k: round(v, 3) for k, v in self.evidence.items()},
            "occupation": self.cited_occupation,
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


@dataclass
class Fit:
    """The job fit of some rows: P(fit), and the model's evidence per kind (see `vte.fit.GROUPS`)."""

    probability: np.ndarray
    evidence: dict[str, np.ndarray]

    @classmethod
    def of(cls, model: FitModel, features: Mapping[str, np.ndarray]) -> Fit:
        contributions = model.contributions(features)
        score = sum(contributions.values()) if contributions else np.zeros(0)
        return cls(model.probability(score), model.grouped(contributions))

    def at(self, p: int) -> dict[str, float]:
        return {name: float(values[p]) for name, values in self.evidence.items()}


def offers_fit(index: MatchIndex, rows: np.ndarray, evidence: StudentEvidence | None, s: RankingSettings) -> Fit:
    """The job fit of the offers `rows` for a student or a typed query (0 without evidence)."""
    if evidence is None or not len(rows):
        return Fit(np.zeros(len(rows)), {})
    features, _ = offer_features(index, rows, evidence, s.fit_model.means)
    return Fit.of(s.fit_model.for_typed_query() if evidence.typed else s.fit_model, features)


def geo_component(distance: np.ndarray, remote_full: np.ndarray, s: RankingSettings) -> np.ndarray:
    """1 near home, 0.5 at `half_km`, ~0 beyond; 0 for an unknown place; 1 for a fully remote offer."""
    weight = geo.near_weight(np.nan_to_num(distance, nan=np.inf), s.half_km, s.softness_km)
    return np.where(remote_full, 1.0, weight).astype(np.float32)


def distances(lat: float | None, lon: float | None, lats: np.ndarray, lons: np.ndarray) -> np.ndarray:
    if lat is None or lon is None:
        return np.full(len(lats), np.nan)
    return geo.haversine_km(lat, lon, lats, lons)


def previous_parts(
    cosine: np.ndarray,
    skills: np.ndarray,
    distance: np.ndarray,
    remote_full: np.ndarray,
    territory: np.ndarray,
    green: np.ndarray,
    s: RankingSettings,
) -> dict[str, np.ndarray]:
    """The components of the previous engine (`PREVIOUS_WEIGHTS`), for comparison."""
    low, high = PREVIOUS_COSINE_RANGE
    near = np.power(0.5, np.nan_to_num(distance, nan=np.inf) / s.half_km)
    return {
        "semantic": np.clip((cosine - low) / (high - low), 0.0, 1.0).astype(np.float32),
        "skills": np.asarray(skills, dtype=np.float32),
        "geo": np.where(remote_full, 1.0, near).astype(np.float32),
        "territory": np.asarray(territory, dtype=np.float32),
        "green": np.asarray(green, dtype=np.float32),
    }


def weighted_sum(parts: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """The previous engine's combination: Σ weight · component."""
    size = len(next(iter(parts.values()))) if parts else 0
    return sum((float(weights.get(name, 0.0)) * values for name, values in parts.items()), np.zeros(size))


def combine(parts: Mapping[str, np.ndarray], weights: Mapping[str, float]) -> np.ndarray:
    """THE combination: `fit · (w_fit + Σ w_c · component_c) / Σ w` over the other components
    (float64, one value per row, in [0, 1])."""
    size = len(next(iter(parts.values()))) if parts else 0
    fit = np.asarray(parts.get("fit", np.zeros(size)), dtype=np.float64)
    scale = np.full(size, float(weights.get("fit", 0.0)))
    norm = float(weights.get("fit", 0.0))
    for name, values in parts.items():
        weight = float(weights.get(name, 0.0))
        if name != "fit" and weight:
            scale += weight * values
            norm += weight
    return fit * scale / (norm or 1.0)


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
    """For each student: mean over the offer's skills of the best match among the student's (the
    previous engine's `skills` component)."""
    if not offer_skills or not len(rows):
        return np.zeros(len(rows), dtype=np.float32)
    incidence = index.incidence[rows]
    total = np.zeros(len(rows), dtype=np.float32)
    for skill in offer_skills:
        total += best_label_score(incidence, index.vocabulary.label_scores([skill]))
    return (total / len(offer_skills)).astype(np.float32)


class SharedOccupation:
    """Names the occupation one side (a student, or an offer) most likely shares with rows of the
    other side's prepared distributions (`vte.occupations.prepare`): the ROME code when that is
    likely enough, else the métier (the code's parent fiche); None when neither is. The one side
    is held dense, each row read from its CSR arrays: a page of 20 costs microseconds."""

    def __init__(self, one_side, rows_side):
        self.rows = rows_side
        self.referential = RomeReferential.load()
        self.one = None
        if one_side is not None and rows_side is not None:
            self.one = {
                level: np.asarray(one_side[level][0].toarray(), dtype=np.float32).ravel()
                for level in ("same_code", "same_metier")
            }

    def of(self, row: int) -> str | None:
        if self.one is None:
            return None
        referential = self.referential
        for level in ("same_code", "same_metier"):
            matrix = self.rows[level]
            start, end = matrix.indptr[row], matrix.indptr[row + 1]
            columns = matrix.indices[start:end]
            joint = matrix.data[start:end] * self.one[level][columns]
            if len(joint) and joint.max() >= SHARED_METIER_MIN:
                best = int(columns[int(joint.argmax())])
                code = best if level == "same_code" else referential.code_index[referential.metiers[best]]
                return short_label(referential.labels[code])
        return None


def _page_of_matches(
    ids: np.ndarray,
    total: np.ndarray,
    parts: Mapping[str, np.ndarray],
    fit: Fit,
    distance: np.ndarray,
    remote_full: np.ndarray,
    page: np.ndarray,
    describe,
) -> list[Match]:
    """The Match of each position of `page`, explained. `describe(p)` gives (commune, territory,
    shared skills, shared métier) of position p."""
    matches = []
    for p in page:
        commune, territory, skills, occupation = describe(p)
        d = distance[p]
        match = Match(
            id=int(ids[p]),
            total=float(total[p]),
            parts={name: float(values[p]) for name, values in parts.items()},
            distance_km=None if np.isnan(d) else float(d),
            commune=commune,
            territory=territory,
            shared_skills=skills,
            remote_full=bool(remote_full[p]),
            evidence=fit.at(p),
            occupation=occupation,
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
    query: StudentEvidence | None = None,
) -> Ranked:
    """Offers for a student. With `query` (a free-text search on « Mes offres »), the fit is that
    of the typed text: it states the current intent; the student's filters and place still apply."""
    rows, distance = offer_filter(index, seeker, today or date.today(), filters or {}, settings)
    a = index.array
    evidence = query if query is not None else seeker.evidence
    fit = offers_fit(index, rows, evidence, settings)
    label_scores = index.vocabulary.label_scores(list(seeker.skills))
    green = (a("green")[rows] & seeker.wants_green).astype(np.float32)
    if settings.ranker == "weighted_sum":
        skills = coverage(index.incidence, label_scores)[rows] if seeker.skills else np.zeros(len(rows))
        cosine = cosines(a("vector"), rows, evidence.vector if evidence else None)
        parts = previous_parts(cosine, skills, distance, a("remote_full")[rows], a("territory")[rows], green, settings)
        total = weighted_sum(parts, PREVIOUS_WEIGHTS)
    else:
        parts = {
            "fit": fit.probability.astype(np.float32),
            "geo": geo_component(distance, a("remote_full")[rows], settings),
            "territory": a("territory")[rows].astype(np.float32),
            "green": green,
        }
        total = combine(parts, settings.weights)
    columns = index.columns
    shared = SharedOccupation(evidence.occupations if evidence else None, index.derived.get("occupations"))

    def describe(p):
        row = rows[p]
        extra = columns.extra[row]
        occupation = shared.of(row)
        skills = shared_skills(columns.labels[row], label_scores, index.vocabulary)
        return extra["commune"], extra["territory"], skills, occupation

    # The keyword box filters: with a typed text, only the offers whose fit with it reaches the
    # search's floor (VTE_SEARCH_MIN_FIT) are listed and counted, as on the offers page.
    kept = np.flatnonzero(fit.probability >= settings.search_min_fit) if query is not None else None
    page = top_positions(total, limit, offset) if kept is None else kept[top_positions(total[kept], limit, offset)]
    matches = _page_of_matches(columns.ids[rows], total, parts, fit, distance, a("remote_full")[rows], page, describe)
    return Ranked(matches, int(len(rows) if kept is None else len(kept)))


def rank_students(
    index: MatchIndex,
    need: Need,
    settings: RankingSettings,
    *,
    term_stats=None,
    today: date | None = None,
    limit: int = 20,
    offset: int = 0,
    only_ids: Sequence[int] | None = None,
) -> Ranked:
    """Visible students for an offer, best first (see `student_filter`). `term_stats`: the word
    statistics of the offers (`derived["term_stats"]` of the offer index). `only_ids`: rank only
    these students (an offer's applicants)."""
    rows, distance = student_filter(index, need, today or date.today())
    if only_ids is not None:
        keep = np.isin(index.columns.ids[rows], np.asarray(list(only_ids), dtype=np.int64))
        rows, distance = rows[keep], distance[keep]
    a = index.array
    if need.evidence is None or not len(rows):
        fit = Fit(np.zeros(len(rows)), {})
    else:
        fit = Fit.of(settings.fit_model, student_features(index, rows, need.evidence, term_stats))
    remote = np.full(len(rows), need.remote_full)
    territory = np.full(len(rows), float(need.in_territory), dtype=np.float32)
    green = (a("wants_green")[rows] & need.green).astype(np.float32)
    if settings.ranker == "weighted_sum":
        skills = _student_skill_coverage(index, rows, need.skills)
        cosine = cosines(a("vector"), rows, need.evidence.vector if need.evidence else None)
        parts = previous_parts(cosine, skills, distance, remote, territory, green, settings)
        total = weighted_sum(parts, PREVIOUS_WEIGHTS)
    else:
        parts = {
            "fit": fit.probability.astype(np.float32),
            "geo": geo_component(distance, remote, settings),
            "territory": territory,
            "green": green,
        }
        total = combine(parts, settings.weights)
    vocabulary = index.vocabulary
    offer_labels = vocabulary.ids_of(need.skills)
    shared = SharedOccupation(need.evidence.occupations if need.evidence else None, index.derived.get("occupations"))

    def describe(p):
        row = rows[p]
        student_labels = set(index.columns.labels[row])
        scores = vocabulary.label_scores([vocabulary.display[i] for i in student_labels])
        occupation = shared.of(row)
        return need.commune, need.territory, shared_skills(offer_labels, scores, vocabulary), occupation

    page = top_positions(total, limit, offset)
    # A company learns how far a candidate lives, not where: distances shown rounded up to 5 km.
    step = CANDIDATE_DISTANCE_STEP_KM
    shown = np.ceil(np.maximum(distance, 0.01) / step) * step
    matches = _page_of_matches(index.columns.ids[rows], total, parts, fit, shown, remote, page, describe)
    return Ranked(matches, int(len(rows)))


# --------------------------------------------------------------------------- explanation


def closeness_label(fit: float) -> str:
    """The job fit in words (P(fit) of the model)."""
    if fit >= 0.6:
        return "Poste très proche du profil"
    if fit >= 0.3:
        return "Poste proche du profil"
    if fit >= 0.1:
        return "Poste en partie proche du profil"
    return "Poste éloigné du profil"


def explain(match: Match) -> str:
    """One French line built from the breakdown, e.g. « Poste très proche du profil · même métier :
    Technicien qualité en industrie · 12 km · Territoire d'industrie Vallée de l'Arve ·
    compétences communes : SolidWorks, cotation ». Only evidence that raised the fit is named."""
    pieces = [closeness_label(match.parts.get("fit", match.parts.get("semantic", 0.0)))]
    if match.cited_occupation:
        pieces.append(f"même métier : {match.cited_occupation}")
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
