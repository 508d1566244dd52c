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


def bm25_weights(
    counts: sparse.csr_matrix, idf: np.ndarray, average_length: float, k1: float = K1, b: float = B
) -> sparse.csr_matrix:
    """Documents × words: `idf(t) · tf·(k1 + 1) / (tf + k1·(1 − b + b·len(d)/avg_len))` for each
    word count of `counts`, with the collection's `idf` (per column) and average document length."""
    counts = sparse.csr_matrix(counts)
    lengths = np.asarray(counts.sum(axis=1)).ravel()
    relative = lengths / average_length if average_length else np.ones(counts.shape[0])
    norm = k1 * (1.0 - b + b * relative)  # per document
    rows = np.repeat(np.arange(counts.shape[0]), np.diff(counts.indptr))
    tf = counts.data
    data = idf[counts.indices] * tf * (k1 + 1.0) / (tf + norm[rows])
    weights = sparse.csr_matrix((data.astype(np.float32), counts.indices, counts.indptr), shape=counts.shape)
    weights.sort_indices()
    return weights


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
        self.weights = bm25_weights(counts, self.idf, self.average_length, k1, b)

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


# --------------------------------------------------------------------------- hashed term counts
# Indexes of offers and of students, and free-text queries, are compared word by word without a
# shared vocabulary: each analysed word goes to a column by a stable hash (2^20 columns: collisions
# are rare enough for a feature among others).
HASH_FEATURES = 1 << 20


@lru_cache(maxsize=1)
def _hasher():
    from sklearn.feature_extraction.text import HashingVectorizer

    return HashingVectorizer(
        analyzer=analyse, n_features=HASH_FEATURES, alternate_sign=False, norm=None, dtype=np.float32
    )


def term_counts(texts: Sequence[str | None]) -> sparse.csr_matrix:
    """Texts × hashed words: how many times each analysed word occurs."""
    if not len(texts):
        return sparse.csr_matrix((0, HASH_FEATURES), dtype=np.float32)
    return sparse.csr_matrix(_hasher().transform([t or "" for t in texts]))


class TermStats:
    """Document frequencies and lengths of a collection (the offers), for BM25 and TF-IDF of any
    query against any of its documents."""

    def __init__(self, counts: sparse.csr_matrix, k1: float = K1, b: float = B):
        self.k1, self.b = k1, b
        self.size = counts.shape[0]
        frequency = np.bincount(counts.indices, minlength=HASH_FEATURES).astype(np.float32)
        self.idf = np.log1p((self.size - frequency + 0.5) / (frequency + 0.5)).astype(np.float32)
        lengths = np.asarray(counts.sum(axis=1), dtype=np.float32).ravel()
        self.average_length = float(lengths.mean()) if self.size else 1.0

    def bm25_weights(self, documents: sparse.csr_matrix) -> sparse.csr_matrix:
        """Documents × words: the BM25 weight of each word in each document."""
        documents = sparse.csr_matrix(documents, dtype=np.float32)
        return bm25_weights(documents, self.idf, self.average_length, self.k1, self.b)

    def tfidf_units(self, counts: sparse.csr_matrix) -> sparse.csr_matrix:
        """Rows scaled to unit length after weighting each word by its idf."""
        weighted = sparse.csr_matrix(counts, dtype=np.float32, copy=True)
        weighted.data *= self.idf[weighted.indices]
        rows = np.repeat(np.arange(weighted.shape[0]), np.diff(weighted.indptr))
        norms = np.sqrt(np.bincount(rows, weights=weighted.data**2, minlength=weighted.shape[0])).astype(np.float32)
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        weighted.data *= scale[rows]
        return weighted


def presence(counts: sparse.csr_matrix) -> sparse.csr_matrix:
    """The same matrix with 1 where a word occurs: a BM25 query counts each distinct word once."""
    present = sparse.csr_matrix(counts, dtype=np.float32, copy=True)
    present.data[:] = 1.0
    return present


def dense_row(row: sparse.csr_matrix) -> np.ndarray:
    """One sparse row as a dense vector over the hashed words (4 MB): matrix × this vector is a
    plain CSR mat-vec, far cheaper than a sparse × sparse product over 2^20 columns."""
    out = np.zeros(row.shape[1], dtype=np.float32)
    row = sparse.csr_matrix(row)
    np.add.at(out, row.indices, row.data)
    return out


def row_scores(documents: sparse.csr_matrix, query: sparse.csr_matrix) -> np.ndarray:
    """Σ_w documents[i, w] · query[0, w] for every row i of `documents` (one sparse query row)."""
    if documents.shape[0] == 0:
        return np.zeros(0, dtype=np.float32)
    return np.asarray(documents @ dense_row(query), dtype=np.float32).ravel()
