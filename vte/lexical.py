"""Lexical matching: French words folded, stop-listed and lightly stemmed, and a BM25 index.

- `analyse(text)`: the words a text is compared on. Accents and case are folded (`vte.text.fold`),
  French function words are dropped, and a crude suffix stripping makes « maintenance » meet
  « maintenances », « contrôleur » meet « contrôleurs » (not a linguistic stemmer: it only has to
  send the forms job texts use to the same key, and never merges two words shorter than 5 letters).
- `Bm25Index(documents)`: Okapi BM25 (k1 = 1.2, b = 0.75, the `1 + …` idf that stays positive)
  over a fixed list of documents, kept as a sparse matrix of per-term BM25 weights so that a query
  is one sparse product. Immutable: rebuild it when the documents change.

Pure: no Flask, no database.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import CountVectorizer

from .text import fold

K1 = 1.2
B = 0.75

# French function words (folded); one-letter words are dropped anyway.
_STOPWORDS = """
ai as au aux avec avez avoir avons ainsi apres aussi avant ce ces cette chez comme dans de des deux dont du elle en
entre est et ete etre eux il ils je la le les leur leurs lui ma mais me mes moi mon ne nos notre nous on ont ou par
pas plus pour qu que qui sa sans se ses si son sont sous sur ta te tes toi ton tous tout toute toutes tres trois tu
un une vers vos votre vous
"""
STOPWORDS = frozenset(_STOPWORDS.split())

_WORD = re.compile(r"[a-z0-9+#]+")

# Singular suffixes, longest first: the first one that leaves a stem of at least MIN_STEM letters goes.
_SUFFIXES = ("issement", "ation", "ement", "trice", "euse", "ique", "eur", "ite", "e")
# Feminine doubled consonants: « industrielle » -> « industriel », « technicienne » -> « technicien ».
_FEMININE = ("elle", "enne", "onne")
MIN_STEM = 4


@lru_cache(maxsize=1 << 16)
def stem(word: str) -> str:
    """A crude French stem: the plural « s », then a feminine doubled consonant or one derivational
    suffix. « maintenances », « maintenance » -> « maintenanc »; « contrôleuse », « contrôleurs »,
    « contrôle » -> « control »; « industrielle » -> « industriel »; short words stay as they are."""
    if word.endswith("s") and len(word) > MIN_STEM + 1:
        word = word[:-1]
    for ending in _FEMININE:
        if word.endswith(ending) and len(word) - 2 >= MIN_STEM:
            return word[:-2]
    for suffix in _SUFFIXES:
        if word.endswith(suffix) and len(word) - len(suffix) >= MIN_STEM:
            return word[: -len(suffix)]
    return word


def analyse(text: str | None) -> list[str]:
    """The stemmed words of a text, in order, without stop words and one-letter words."""
    return [stem(word) for word in _WORD.findall(fold(text or "")) if len(word) > 1 and word not in STOPWORDS]


class Bm25Index:
    """BM25 scores of a query against a fixed list of documents.

    `weights[d, t] = idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·len(d)/avg_len))`, so the score of
    a query is the sum of the weights of its distinct terms: a sparse matrix–vector product.
    A query term absent from every document contributes nothing."""

    def __init__(self, documents: Sequence[str], k1: float = K1, b: float = B):
        self.k1, self.b = k1, b
        self.size = len(documents)
        counter = CountVectorizer(analyzer=analyse, dtype=np.float64)
        try:
            counts = sparse.csr_matrix(counter.fit_transform(documents))
            self.vocabulary: dict[str, int] = dict(counter.vocabulary_)
        except ValueError:  # no document has a single word
            counts = sparse.csr_matrix((self.size, 0))
            self.vocabulary = {}
        self.lengths = np.asarray(counts.sum(axis=1), dtype=np.float64).ravel()
        self.average_length = float(self.lengths.mean()) if self.size else 0.0
        frequency = np.bincount(counts.indices, minlength=counts.shape[1])
        self.idf = np.log1p((self.size - frequency + 0.5) / (frequency + 0.5))
        self.weights = self._weights(counts)

    def _weights(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        relative = self.lengths / self.average_length if self.average_length else np.ones(self.size)
        norm = self.k1 * (1.0 - self.b + self.b * relative)  # per document
        rows = np.repeat(np.arange(self.size), np.diff(counts.indptr))
        tf = counts.data
        data = self.idf[counts.indices] * tf * (self.k1 + 1.0) / (tf + norm[rows])
        weights = sparse.csr_matrix((data.astype(np.float32), counts.indices, counts.indptr), shape=counts.shape)
        weights.sort_indices()
        return weights

    def query_terms(self, text: str | None) -> np.ndarray:
        """The vocabulary columns of a query's distinct known terms."""
        columns = {self.vocabulary[t] for t in analyse(text) if t in self.vocabulary}
        return np.fromiter(sorted(columns), dtype=np.int64, count=len(columns))

    def _query_matrix(self, texts: Iterable[str | None]) -> sparse.csr_matrix:
        columns = [self.query_terms(text) for text in texts]
        indptr = np.cumsum([0] + [len(c) for c in columns])
        indices = np.concatenate(columns) if columns else np.zeros(0, dtype=np.int64)
        data = np.ones(len(indices), dtype=np.float32)
        return sparse.csr_matrix((data, indices, indptr), shape=(len(columns), len(self.vocabulary)))

    def _rows(self, rows) -> sparse.csr_matrix:
        return self.weights if rows is None else self.weights[np.asarray(rows, dtype=np.int64)]

    def scores(self, query: str | None, rows: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """BM25 of `query` against every document (float32, one per document), or against the
        documents `rows` only, in that order."""
        return self.score_matrix([query], rows)[0]

    def score_matrix(self, queries: Sequence[str | None], rows: Sequence[int] | np.ndarray | None = None) -> np.ndarray:
        """BM25 of each query (rows of the result) against each document (or each of `rows`)."""
        queries_terms = self._query_matrix(queries)
        # documents × queries: the big matrix stays in its CSR layout (no transpose of it per call).
        product = self._rows(rows) @ queries_terms.T
        return np.ascontiguousarray(product.toarray().T, dtype=np.float32)
