"""The evidence the job-fit model weighs (`vte.fit.FEATURES`), computed on index rows.

A student (or a typed query) is compared with offers, and an offer with students, through the same
features, always oriented student → offer: the cosines of the student's texts (the whole profile,
the wish) with the offer's (the whole offer, its mission), BM25 and TF-IDF of the student's words in
the offer (with the statistics of the offers), and the ROME occupations both are likely to be.

Pure: numpy and scipy on the arrays of a `MatchIndex`; the caller builds the `StudentEvidence` /
`OfferEvidence` (`vte.evidence`).
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass

import numpy as np
from scipy import sparse

from .fit import FEATURES, FIRST_STAGE, FIRST_STAGE_SIZE, PRESELECT_SIZE
from .lexical import TermStats, presence, row_scores
from .occupations import prepared_signals

# Occupation signal (`vte.occupations.SIGNALS`) behind each feature.
ROME_FEATURES = {
    "rome_code": "same_code",
    "rome_metier": "same_metier",
    "rome_domain": "same_domain",
    "rome_broad": "same_broad_domain",
    "rome_cos": "occupation_cosine",
    "rome_soft": "occupation_soft",
}


@dataclass(frozen=True)
class StudentEvidence:
    """A student's side: query vectors of the whole profile and of the wish, the prepared
    occupation distribution (`vte.occupations.prepare`, one row), the word counts of both texts.
    `typed`: a text typed in the search box rather than a profile (`vte.fit.FitModel.for_typed_query`)."""

    vector: np.ndarray | None
    wish_vector: np.ndarray | None
    occupations: Mapping[str, sparse.csr_matrix] | None
    terms: sparse.csr_matrix | None
    wish_terms: sparse.csr_matrix | None
    typed: bool = False


@dataclass(frozen=True)
class OfferEvidence:
    """An offer's side: passage vectors of the whole offer and of its mission, the prepared
    occupation distribution (one row) and the word counts of the whole offer."""

    vector: np.ndarray | None
    mission_vector: np.ndarray | None
    occupations: Mapping[str, sparse.csr_matrix] | None
    terms: sparse.csr_matrix | None


def cosines(matrix: np.ndarray, rows: np.ndarray, vector: np.ndarray | None) -> np.ndarray:
    """matrix[rows] · vector (zeros without a vector); one product over the whole matrix when most
    rows are wanted, cheaper than copying them out."""
    if vector is None or not len(rows):
        return np.zeros(len(rows), dtype=np.float32)
    vector = np.asarray(vector, dtype=np.float32)
    if len(rows) > len(matrix) // 4:
        return (matrix @ vector)[rows]
    return matrix[rows] @ vector


def _rome(occupations_rows: Mapping[str, sparse.csr_matrix], side, names) -> dict[str, np.ndarray]:
    """The ROME features `names` of the rows against one side's prepared distribution."""
    size = next(iter(occupations_rows.values())).shape[0]
    if side is None:
        return {name: np.zeros(size, dtype=np.float32) for name in names}
    wanted = {ROME_FEATURES[name] for name in names}
    signals = prepared_signals({k: side[k] for k in wanted}, {k: occupations_rows[k] for k in wanted}, names=wanted)
    return {name: np.asarray(signals[ROME_FEATURES[name]], dtype=np.float32).ravel() for name in names}


def _slice(prepared: Mapping[str, sparse.csr_matrix], rows: np.ndarray) -> dict[str, sparse.csr_matrix]:
    return {name: matrix[rows] for name, matrix in prepared.items()}


def first_stage(features: Mapping[str, np.ndarray]) -> np.ndarray:
    return sum(weight * features[name] for name, weight in FIRST_STAGE.items())


def _best(score: np.ndarray, size: int | None) -> np.ndarray:
    """Positions of the `size` best scores, sorted by position (all positions with None)."""
    if size is None or len(score) <= size:
        return np.arange(len(score))
    return np.sort(np.argpartition(-score, size - 1)[:size])


def _filled(n: int, positions: np.ndarray, values: np.ndarray, default: float) -> np.ndarray:
    column = np.full(n, default, dtype=np.float32)
    column[positions] = values
    return column


def offer_features(
    index,
    rows: np.ndarray,
    student: StudentEvidence,
    means: Mapping[str, float],
    stage_size: int | None = FIRST_STAGE_SIZE,
    preselect_size: int | None = PRESELECT_SIZE,
) -> tuple[dict[str, np.ndarray], np.ndarray]:
    """The features of the offers `rows` of an offer index for one student, and the positions (in
    `rows`) for which every feature was computed. In three tiers, each on the best of the previous:
    the whole-text cosine and the shared métier for every row (one pass over the vectors); the
    mission cosines for the best `preselect_size` of them, giving the first stage (`FIRST_STAGE`);
    the rest for its best `stage_size`. Elsewhere a feature takes the training mean in `means`
    (None for a size: every row)."""
    a = index.array
    n = len(rows)
    features = {"cos_full": cosines(a("vector"), rows, student.vector)}
    metier = index.derived["occupations"]["same_metier"]
    if student.occupations is not None and n:
        values = np.asarray(metier @ student.occupations["same_metier"].toarray().T, dtype=np.float32).ravel()
        features["rome_metier"] = values[rows]
    else:
        features["rome_metier"] = np.zeros(n, dtype=np.float32)
    preselected = _best(features["cos_full"] + FIRST_STAGE["rome_metier"] * features["rome_metier"], preselect_size)
    queries = [v for v in (student.vector, student.wish_vector) if v is not None]
    if len(queries) == 2 and len(preselected):
        # One pass over the mission vectors for both queries (a matrix product, not two mat-vecs).
        mission = a("mission_vector")[rows[preselected]] @ np.stack(queries, axis=1).astype(np.float32)
    else:
        mission = np.zeros((len(preselected), 2), dtype=np.float32)
    for column, name in enumerate(("cos_mission", "cos_wish_mission")):
        features[name] = _filled(n, preselected, mission[:, column], means.get(name, 0.0))
    detailed = preselected[_best(first_stage(features)[preselected], stage_size)]
    chosen = rows[detailed]
    rest = {
        "cos_wish_full": cosines(a("vector"), chosen, student.wish_vector),
        **_rome(
            _slice(index.derived["occupations"], chosen),
            student.occupations,
            ("rome_code", "rome_domain", "rome_broad", "rome_cos", "rome_soft"),
        ),
        **_offer_words(index, chosen, student),
    }
    for name, values in rest.items():
        features[name] = _filled(n, detailed, values, means.get(name, 0.0))
    return {name: features[name] for name in FEATURES}, detailed


def _offer_words(index, chosen: np.ndarray, student: StudentEvidence) -> dict[str, np.ndarray]:
    words = index.derived
    if student.terms is None or not len(chosen):
        zeros = np.zeros(len(chosen), dtype=np.float32)
        return {"bm25_full": zeros, "bm25_wish": zeros.copy(), "tfidf": zeros.copy()}
    stats: TermStats = words["term_stats"]
    bm25 = words["bm25"][chosen]
    return {
        "bm25_full": row_scores(bm25, presence(student.terms)),
        "bm25_wish": row_scores(bm25, presence(student.wish_terms)),
        "tfidf": row_scores(words["tfidf"][chosen], stats.tfidf_units(student.terms)),
    }


def student_features(index, rows: np.ndarray, offer: OfferEvidence, stats: TermStats | None) -> dict[str, np.ndarray]:
    """The features of the students `rows` of a student index for one offer (every feature for
    every row: the visible students are far fewer than the offers). `stats`: the word statistics
    of the offers (BM25 and TF-IDF weigh words by how rare they are among offers)."""
    a = index.array
    features = {
        "cos_full": cosines(a("vector"), rows, offer.vector),
        "cos_mission": cosines(a("vector"), rows, offer.mission_vector),
        "cos_wish_full": cosines(a("wish_vector"), rows, offer.vector),
        "cos_wish_mission": cosines(a("wish_vector"), rows, offer.mission_vector),
    }
    if len(rows):
        features.update(_rome(_slice(index.derived["occupations"], rows), offer.occupations, tuple(ROME_FEATURES)))
    else:
        features.update({name: np.zeros(0, dtype=np.float32) for name in ROME_FEATURES})
    if offer.terms is None or stats is None or not len(rows):
        zeros = np.zeros(len(rows), dtype=np.float32)
        features.update(bm25_full=zeros, bm25_wish=zeros.copy(), tfidf=zeros.copy())
    else:
        weights = stats.bm25_weights(offer.terms)
        terms, wish_terms = a("terms")[rows], a("wish_terms")[rows]
        features.update(
            bm25_full=row_scores(presence(terms), weights),
            bm25_wish=row_scores(presence(wish_terms), weights),
            tfidf=row_scores(stats.tfidf_units(terms), stats.tfidf_units(offer.terms)),
        )
    return {name: np.asarray(features[name], dtype=np.float32) for name in FEATURES}
