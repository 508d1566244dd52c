"""Tolerant skill matching with TF-IDF character n-grams (scikit-learn).

Every distinct skill label (normalised with `vte.text.normalise_skill`) gets an id in a
`SkillVocabulary`. A row (an offer or a student) is a set of label ids, kept as a sparse incidence
matrix, so the `skills` component of thousands of rows is one sparse product:

    label_score[l] = max over the query's skills q of  cos(tfidf(l), tfidf(q)),  0 below THRESHOLD
    skills(row)    = mean over the offer's labels of label_score   (how much of what the offer
                     asks for the student has)

`best_label_score` gives the best label of each row instead of the mean (a free-text query
against offers, or one skill of an offer against each student's labels).
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .text import normalise_skill

# Two labels count as the same skill from this cosine of their character n-gram profiles:
# "Solidworks" ~ "SolidWorks 3D" ~ "solid works" pass, "SAP" vs "SAS" does not.
MATCH_THRESHOLD = 0.55


class SkillVocabulary:
    """Distinct normalised labels, their display spelling and their TF-IDF vectors."""

    def __init__(self) -> None:
        self.ids: dict[str, int] = {}
        self._raw: dict[str, int | None] = {}  # spelling as received -> id (skips normalising)
        self.display: list[str] = []
        self._vectorizer: TfidfVectorizer | None = None
        self._matrix = None
        self._fitted_size = 0

    def __len__(self) -> int:
        return len(self.display)

    def id_of(self, label: str) -> int | None:
        if label in self._raw:
            return self._raw[label]
        self._raw[label] = found = self._id_of(label)
        return found

    def _id_of(self, label: str) -> int | None:
        key = normalise_skill(label)
        if not key:
            return None
        if key not in self.ids:
            self.ids[key] = len(self.display)
            self.display.append(label.strip())
        return self.ids[key]

    def ids_of(self, labels: Iterable[str]) -> list[int]:
        result = []
        for label in labels if labels is not None else []:
            i = self.id_of(label)
            if i is not None and i not in result:
                result.append(i)
        return result

    def _fit(self) -> None:
        if self._fitted_size == len(self.display) and self._matrix is not None:
            return
        keys = [normalise_skill(label) for label in self.display] or ["_"]
        self._vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), sublinear_tf=True)
        self._matrix = self._vectorizer.fit_transform(keys)
        self._fitted_size = len(self.display)

    def label_scores(self, query_labels: Sequence[str]) -> np.ndarray:
        """For every label of the vocabulary, its best similarity to one of `query_labels`."""
        size = len(self.display)
        if not size or not query_labels:
            return np.zeros(size, dtype=np.float32)
        self._fit()
        queries = [normalise_skill(q) for q in query_labels if normalise_skill(q)]
        if not queries:
            return np.zeros(size, dtype=np.float32)
        q = self._vectorizer.transform(queries)
        sims = (self._matrix @ q.T).toarray().max(axis=1)
        sims = np.where(sims >= MATCH_THRESHOLD, sims, 0.0)
        # Same normalised label: a full match even when TF-IDF weights make the cosine < 1.
        for query in queries:
            i = self.ids.get(query)
            if i is not None:
                sims[i] = 1.0
        return np.minimum(sims, 1.0).astype(np.float32)


def incidence_matrix(rows: Sequence[Sequence[int]], vocabulary_size: int) -> sparse.csr_matrix:
    """Rows × labels, 1 where the row has the label."""
    indptr = np.zeros(len(rows) + 1, dtype=np.int64)
    indptr[1:] = np.cumsum([len(r) for r in rows])
    indices = np.fromiter((i for r in rows for i in r), dtype=np.int32, count=int(indptr[-1]))
    data = np.ones(len(indices), dtype=np.float32)
    return sparse.csr_matrix((data, indices, indptr), shape=(len(rows), max(vocabulary_size, 1)))


def coverage(incidence: sparse.csr_matrix, label_scores: np.ndarray) -> np.ndarray:
    """Mean label score over each row's labels (0 for a row without labels)."""
    size = incidence.shape[1]
    scores = np.zeros(size, dtype=np.float32)
    scores[: len(label_scores)] = label_scores[:size]
    counts = np.diff(incidence.indptr)
    total = incidence @ scores
    return np.where(counts > 0, total / np.maximum(counts, 1), 0.0).astype(np.float32)


def best_label_score(incidence: sparse.csr_matrix, label_scores: np.ndarray) -> np.ndarray:
    """Best label score within each row (0 for a row without labels): the max over the row's
    labels, for every row at once on the CSR arrays, with no per-row Python loop."""
    size = incidence.shape[1]
    scores = np.zeros(size, dtype=np.float32)
    scores[: len(label_scores)] = label_scores[:size]
    best = np.zeros(incidence.shape[0], dtype=np.float32)
    has_labels = np.diff(incidence.indptr) > 0
    if incidence.nnz:
        best[has_labels] = np.maximum.reduceat(scores[incidence.indices], incidence.indptr[:-1][has_labels])
    return best


def shared_skills(row_labels: Sequence[int], label_scores: np.ndarray, vocabulary: SkillVocabulary) -> list[str]:
    """The row's labels that matched, best first (ties in the row's own order)."""
    matched = [
        (-label_scores[i], position, i)
        for position, i in enumerate(row_labels)
        if i < len(label_scores) and label_scores[i] > 0
    ]
    return [vocabulary.display[i] for _, _, i in sorted(matched)]
