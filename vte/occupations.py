"""Occupations: the ROME 4.0 referential and the mapping of texts onto it.

ROME (France Travail, Licence Ouverte 2.0) has four levels, from fine to broad:
- 1,584 *codes* (« H1528 Technicien / Technicienne qualité en industrie »), the fiches and sub-fiches;
- 532 *métiers*: the parent fiche of each code (a fiche is its own parent);
- the *domaine professionnel*: the code's first three characters (« H15 », quality in industry);
- the *grand domaine*: its first letter (« H », industry).
About 13,000 *appellations* (job titles as offers write them) each point to one code.

A text is mapped to a soft distribution over the codes (`OccupationMapper.distributions`): its
embedding is compared with every appellation's, plus a small TF-IDF word overlap with the label
(which separates « contrôle qualité » from « contrôle de gestion » when the embedding hesitates);
the best `k` appellations are weighted by a softmax and their weights summed per code. Two
distributions are compared at each level by the probability that both texts fall in the same
code, métier, domain or broad domain (`same_code`, `same_metier`, …), and by their cosine.

Everything here is pure (numpy, scipy, scikit-learn): the caller embeds the texts with its encoder.
The referential is read from the compact files built by `scripts/build_rome.py` and loaded once per
process.
"""

from __future__ import annotations

import csv
import gzip
import re
from collections.abc import Sequence
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse
from sklearn.feature_extraction.text import TfidfVectorizer

from .lexical import analyse
from .text import fold

DATA = Path(__file__).resolve().parent / "refdata" / "data"
CODES_FILE = "rome_codes.csv"
APPELLATIONS_FILE = "rome_appellations.csv.gz"
SKILLS_FILE = "rome_skills.csv.gz"
LEVELS = ("code", "metier", "domain", "broad_domain")

TOP_K = 10
TEMPERATURE = 0.02
LEXICAL_WEIGHT = 0.1
CHUNK = 256


def _indicator(index: np.ndarray, columns: int) -> sparse.csr_matrix:
    """A 0/1 matrix with a single 1 per row, at column index[row]."""
    rows = len(index)
    return sparse.csr_matrix((np.ones(rows, dtype=np.float32), (np.arange(rows), index)), shape=(rows, columns))


def _factorise(values: Sequence[str]) -> tuple[list[str], np.ndarray]:
    """The sorted distinct values and, for each value, its position among them."""
    distinct = sorted(set(values))
    position = {v: i for i, v in enumerate(distinct)}
    return distinct, np.array([position[v] for v in values], dtype=np.int32)


_GENDER_PAIR = re.compile(r"^(.+?) / \S+")


def short_label(label: str) -> str:
    """A ROME label with one grammatical form, for a one-line explanation:
    « Technicien / Technicienne de maintenance industrielle » -> « Technicien de maintenance industrielle »."""
    return _GENDER_PAIR.sub(r"\1", label, count=1)


@dataclass(frozen=True, eq=False)
class RomeReferential:
    """The ROME codes with their métier, domain and broad domain as index arrays, the appellations
    with their code's index, and the sparse code -> level aggregation matrices."""

    codes: list[str]
    labels: list[str]
    metiers: list[str]  # the parent codes, sorted
    metier_of: np.ndarray  # code index -> index in metiers
    domains: list[str]  # « H15 », sorted
    domain_of: np.ndarray
    broad_domains: list[str]  # « H », sorted
    broad_domain_of: np.ndarray
    appellation_ids: np.ndarray  # code_ogr
    appellation_labels: list[str]
    appellation_code: np.ndarray  # appellation index -> code index
    code_index: dict[str, int] = field(repr=False)
    aggregation: dict[str, sparse.csr_matrix] = field(repr=False)

    @classmethod
    def load(cls, folder: str | Path | None = None) -> RomeReferential:
        """The referential in `folder` (default: the files shipped in vte/refdata/data/), read once
        per process and folder."""
        return _load(str(Path(folder or DATA).resolve()))

    @classmethod
    def from_rows(cls, codes: Sequence[tuple[str, str, str]], appellations: Sequence[tuple[int, str, str]]):
        """Built from (code, label, parent) rows and (code_ogr, label, code) rows."""
        code_list = [c for c, _, _ in codes]
        index = {c: i for i, c in enumerate(code_list)}
        metiers, metier_of = _factorise([p for _, _, p in codes])
        domains, domain_of = _factorise([c[:3] for c in code_list])
        broad, broad_of = _factorise([c[0] for c in code_list])
        n = len(code_list)
        aggregation = {
            "code": sparse.identity(n, dtype=np.float32, format="csr"),
            "metier": _indicator(metier_of, len(metiers)),
            "domain": _indicator(domain_of, len(domains)),
            "broad_domain": _indicator(broad_of, len(broad)),
        }
        return cls(
            codes=code_list,
            labels=[label for _, label, _ in codes],
            metiers=metiers,
            metier_of=metier_of,
            domains=domains,
            domain_of=domain_of,
            broad_domains=broad,
            broad_domain_of=broad_of,
            appellation_ids=np.array([int(a) for a, _, _ in appellations], dtype=np.int64),
            appellation_labels=[label for _, label, _ in appellations],
            appellation_code=np.array([index[c] for _, _, c in appellations], dtype=np.int32),
            code_index=index,
            aggregation=aggregation,
        )

    def __len__(self) -> int:
        return len(self.codes)

    def aggregate(self, distributions, level: str) -> sparse.csr_matrix:
        """Distributions over codes summed to `level` (one of LEVELS): rows × that level's size."""
        return sparse.csr_matrix(_as_csr(distributions)[0] @ self.aggregation[level])

    def top_occupations(self, distribution, n: int = 3) -> list[tuple[str, str, float]]:
        """The `n` heaviest codes of one distribution: (code, short label, weight), heaviest first,
        zero weights left out."""
        row = np.asarray(_as_csr(distribution)[0][0].toarray()).ravel()
        best = np.argsort(-row, kind="stable")[:n]
        return [(self.codes[j], short_label(self.labels[j]), float(row[j])) for j in best if row[j] > 0]


def _read_codes(path: Path) -> list[tuple[str, str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return [(r["code"], r["label"], r["parent"]) for r in csv.DictReader(fh)]


def _read_appellations(path: Path) -> list[tuple[int, str, str]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return [(int(r["code_ogr"]), r["label"], r["code"]) for r in csv.DictReader(fh)]


@lru_cache(maxsize=4)
def _load(folder: str) -> RomeReferential:
    path = Path(folder)
    return RomeReferential.from_rows(_read_codes(path / CODES_FILE), _read_appellations(path / APPELLATIONS_FILE))


def appellation_texts(referential: RomeReferential) -> list[str]:
    """The texts to embed (as *queries*) for the mapper: the appellations' labels in one grammatical
    form (« Technicien de maintenance », not « Technicien / Technicienne de maintenance »), in order."""
    return [short_label(label) for label in referential.appellation_labels]


class OccupationMapper:
    """Maps texts onto ROME codes, given the encoder's query vectors of `appellation_texts`.

    Holds the appellation matrix (appellations × dim, float32: 13,120 × 384 ≈ 20 MB) and a TF-IDF of
    the labels' stemmed words (`vte.lexical.analyse`), fitted once."""

    def __init__(self, referential: RomeReferential, appellation_vectors: np.ndarray):
        vectors = np.ascontiguousarray(appellation_vectors, dtype=np.float32)
        if vectors.ndim != 2 or len(vectors) != len(referential.appellation_labels):
            raise ValueError(
                f"expected one vector per appellation ({len(referential.appellation_labels)}), got {vectors.shape}"
            )
        self.referential = referential
        self.vectors = vectors
        self.tfidf = TfidfVectorizer(analyzer=analyse, sublinear_tf=True, dtype=np.float32)
        # Transposed once: words × appellations, so a chunk of texts is one sparse product.
        self.label_words = sparse.csr_matrix(self.tfidf.fit_transform(referential.appellation_labels).T)

    @property
    def nbytes(self) -> int:
        """Memory held by the appellation vectors and the label TF-IDF."""
        words = self.label_words
        return self.vectors.nbytes + words.data.nbytes + words.indices.nbytes + words.indptr.nbytes

    @cached_property
    def code_similarity(self) -> CodeSimilarity:
        """How alike the codes are for this encoder (`CodeSimilarity`; 1,584² float32, 10 MB)."""
        return CodeSimilarity.from_appellations(self.referential, self.vectors)

    def appellation_scores(self, vectors: np.ndarray, texts: Sequence[str] | None, lexical_weight: float) -> np.ndarray:
        """rows × appellations: cosine of the vectors with the appellations' plus `lexical_weight` ×
        the TF-IDF cosine of the texts with the labels."""
        scores = np.asarray(vectors, dtype=np.float32) @ self.vectors.T
        if texts is not None and lexical_weight:
            shared = (self.tfidf.transform(texts) @ self.label_words).tocoo()
            scores[shared.row, shared.col] += np.float32(lexical_weight) * shared.data
        return scores

    def distributions(
        self,
        vectors: np.ndarray,
        texts: Sequence[str] | None = None,
        k: int = TOP_K,
        temperature: float = TEMPERATURE,
        lexical_weight: float = LEXICAL_WEIGHT,
    ) -> sparse.csr_matrix:
        """One distribution over the ROME codes per row (rows × codes, float32, each row summing to
        1): softmax (at `temperature`) over the `k` best appellations, summed per code.

        `vectors` are the encoder's *query* vectors of the texts; `texts` (same order) feed the
        lexical part and may be None to use the embedding alone. A row whose text is blank, or whose
        vector is all zeros, gets an empty (all-zero) distribution: it matches no occupation."""
        vectors = np.atleast_2d(np.asarray(vectors, dtype=np.float32))
        if texts is not None and len(texts) != len(vectors):
            raise ValueError(f"{len(texts)} texts for {len(vectors)} vectors")
        k = max(1, min(k, len(self.vectors)))
        parts = [
            self._chunk(
                vectors[start : start + CHUNK],
                None if texts is None else list(texts[start : start + CHUNK]),
                k,
                temperature,
                lexical_weight,
            )
            for start in range(0, len(vectors), CHUNK)
        ]
        if not parts:
            return sparse.csr_matrix((0, len(self.referential)), dtype=np.float32)
        return sparse.csr_matrix(sparse.vstack(parts, format="csr"))

    def _chunk(self, vectors, texts, k, temperature, lexical_weight) -> sparse.csr_matrix:
        scores = self.appellation_scores(vectors, texts, lexical_weight)
        top = np.argpartition(-scores, k - 1, axis=1)[:, :k]
        best = np.take_along_axis(scores, top, axis=1)
        weights = np.exp((best - best.max(axis=1, keepdims=True)) / temperature)
        weights /= weights.sum(axis=1, keepdims=True)
        empty = ~np.any(vectors, axis=1)
        if texts is not None:
            empty |= np.array([not (t or "").strip() for t in texts], dtype=bool)
        weights[empty] = 0.0
        rows = np.repeat(np.arange(len(vectors)), k)
        codes = self.referential.appellation_code[top.ravel()]
        shape = (len(vectors), len(self.referential))
        out = sparse.csr_matrix((weights.ravel().astype(np.float32), (rows, codes)), shape=shape)
        out.sum_duplicates()
        out.eliminate_zeros()
        return out


# --- Signals: two sets of distributions compared at one level --------------------------------------


def _as_csr(distributions) -> tuple[sparse.csr_matrix, bool]:
    """A CSR matrix of the distributions, and whether the input was a single 1-D row."""
    if sparse.issparse(distributions):
        return sparse.csr_matrix(distributions, dtype=np.float32), False
    array = np.asarray(distributions, dtype=np.float32)
    return sparse.csr_matrix(np.atleast_2d(array)), array.ndim == 1


def _squeeze(product: np.ndarray, a_single: bool, b_single: bool):
    if a_single and b_single:
        return product[0, 0]
    if a_single:
        return product[0]
    return product[:, 0] if b_single else product


def _pairwise(a, b, prepare=None) -> np.ndarray:
    left, a_single = _as_csr(a)
    right, b_single = _as_csr(b)
    if prepare is not None:
        left, right = prepare(left), prepare(right)
    # The smaller side dense: one sparse matrix × dense block product (1 × 100k offers: a mat-vec).
    if left.shape[0] <= right.shape[0]:
        product = np.asarray(right @ left.toarray().T, dtype=np.float32).T
    else:
        product = np.asarray(left @ right.toarray().T, dtype=np.float32)
    return _squeeze(np.ascontiguousarray(product), a_single, b_single)


def overlap(a, b) -> np.ndarray:
    """d_a · d_b for every pair of rows (a × b, float32): the probability that the two texts fall in
    the same category when both are distributions over the same categories. A 1-D `a` (one text)
    gives a 1-D result over `b`'s rows, and the other way round. Applied to distributions already
    aggregated with `RomeReferential.aggregate`, it is `same_metier` etc. without re-aggregating
    (what an index holding 100k offers should precompute)."""
    return _pairwise(a, b)


def _summed_to(referential: RomeReferential, level: str):
    matrix = referential.aggregation[level]
    return lambda distributions: distributions @ matrix


def same_code(a, b) -> np.ndarray:
    """P(same ROME code)."""
    return _pairwise(a, b)


def same_metier(a, b, referential: RomeReferential) -> np.ndarray:
    """P(same métier): the codes summed to their parent fiche first."""
    return _pairwise(a, b, _summed_to(referential, "metier"))


def same_domain(a, b, referential: RomeReferential) -> np.ndarray:
    """P(same domaine professionnel), the code's first three characters."""
    return _pairwise(a, b, _summed_to(referential, "domain"))


def same_broad_domain(a, b, referential: RomeReferential) -> np.ndarray:
    """P(same grand domaine), the code's first letter."""
    return _pairwise(a, b, _summed_to(referential, "broad_domain"))


def unit_rows(matrix) -> sparse.csr_matrix:
    """The distributions scaled to unit length (empty rows stay empty): `overlap` of unit rows is
    `occupation_cosine`, for an index that precomputes its offers' side."""
    matrix = _as_csr(matrix)[0]
    norms = np.sqrt(np.asarray(matrix.multiply(matrix).sum(axis=1), dtype=np.float32).ravel())
    scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
    return sparse.csr_matrix(sparse.diags(scale) @ matrix)


def occupation_cosine(a, b) -> np.ndarray:
    """Cosine of the two code distributions (0 when either is empty)."""
    return _pairwise(a, b, unit_rows)


# How sharply the code similarity falls with the cosine of two codes' appellation centroids
# (`CodeSimilarity`). The centroids of a sentence encoder lie close together (e5-small: median
# cosine 0.90 between two codes, 0.96 at the 99th percentile): the power keeps the near codes and
# fades the rest. Measured with the job-fit model re-fitted each time (models/README.md): powers 6
# to 10 give the same figures within 0.004 on both judged sets; 8 is the middle of that range.
SOFT_POWER = 8


class CodeSimilarity:
    """How alike two ROME codes are, from the appellations that name them: S[i, j] =
    max(0, cos(centroid_i, centroid_j))^SOFT_POWER, the centroid of a code being the mean of its
    appellations' vectors (the encoder's, those `OccupationMapper` holds). S is a Gram matrix
    raised elementwise to a power, hence positive semi-definite (Schur product theorem), so
    `occupation_soft` below is a true cosine.

    What it adds to the five signals above: ROME files « Chef de projet éolien » (F1136) under the
    building-engineering fiche F1106 and « Ingénieur énergies renouvelables » (H1237) under
    industrial R&D (H1206), so two texts about wind and solar projects share no code, métier or
    domain, while their codes' job titles are close; the soft cosine (Sidorov et al., 2014) of two
    distributions counts such neighbouring codes in proportion to their likeness."""

    def __init__(self, matrix: np.ndarray):
        matrix = np.ascontiguousarray(matrix, dtype=np.float32)
        if matrix.ndim != 2 or matrix.shape[0] != matrix.shape[1]:
            raise ValueError(f"a code similarity is square, got {matrix.shape}")
        self.matrix = matrix

    @classmethod
    def from_appellations(
        cls, referential: RomeReferential, vectors: np.ndarray, power: float = SOFT_POWER
    ) -> CodeSimilarity:
        vectors = np.asarray(vectors, dtype=np.float32)
        centroids = np.zeros((len(referential), vectors.shape[1]), dtype=np.float32)
        np.add.at(centroids, referential.appellation_code, vectors)
        norms = np.linalg.norm(centroids, axis=1, keepdims=True)
        centroids = np.divide(centroids, norms, out=np.zeros_like(centroids), where=norms > 0)
        return cls(np.clip(centroids @ centroids.T, 0.0, None) ** power)

    @property
    def nbytes(self) -> int:
        return self.matrix.nbytes

    def norms(self, matrix: sparse.csr_matrix, chunk: int = 4096) -> np.ndarray:
        """sqrt(d S dᵀ) of each row (0 for an empty row), a few thousand rows at a time."""
        out = np.zeros(matrix.shape[0], dtype=np.float32)
        for start in range(0, matrix.shape[0], chunk):
            rows = matrix[start : start + chunk]
            out[start : start + chunk] = np.asarray(rows.multiply(rows @ self.matrix).sum(axis=1)).ravel()
        return np.sqrt(np.clip(out, 0.0, None))

    def unit_rows(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        """The rows scaled to unit length under S (empty rows stay empty)."""
        norms = self.norms(matrix)
        scale = np.divide(1.0, norms, out=np.zeros_like(norms), where=norms > 0)
        return sparse.csr_matrix(sparse.diags(scale) @ matrix, dtype=np.float32)

    def one_side(self, matrix: sparse.csr_matrix) -> sparse.csr_matrix:
        """The side that is compared with many rows (a student with the offers, an offer with the
        students): unit rows already multiplied by S, so that `overlap` with the other side's
        `unit_rows` is the soft cosine."""
        return sparse.csr_matrix(self.unit_rows(matrix) @ self.matrix, dtype=np.float32)


SIGNALS = ("same_code", "same_metier", "same_domain", "same_broad_domain", "occupation_cosine", "occupation_soft")


def prepare(
    distributions, referential: RomeReferential, similarity: CodeSimilarity | None = None, one: bool = False
) -> dict[str, sparse.csr_matrix]:
    """The distributions in the form each signal compares them: summed to each level, or scaled to
    unit length for the cosines. An index computes this once for its offers; then
    `prepared_signals` costs one sparse mat-vec per signal (about 1 ms for 1 student × 100k offers).

    The soft cosine is asymmetric in its preparation: `one=True` for the side compared with many
    rows (`CodeSimilarity.one_side`), False for the rows of an index. Without a `similarity`, codes
    are alike only to themselves (the soft cosine is then `occupation_cosine`)."""
    matrix = _as_csr(distributions)[0]
    cosine = unit_rows(matrix)
    soft = cosine if similarity is None else (similarity.one_side if one else similarity.unit_rows)(matrix)
    return {
        "same_code": matrix,
        "same_metier": referential.aggregate(matrix, "metier"),
        "same_domain": referential.aggregate(matrix, "domain"),
        "same_broad_domain": referential.aggregate(matrix, "broad_domain"),
        "occupation_cosine": cosine,
        "occupation_soft": soft,
    }


def prepared_signals(a, b, names=SIGNALS) -> dict[str, np.ndarray]:
    """The signals `names` (default: all five; a × b matrices) from two `prepare`d sides."""
    return {name: overlap(a[name], b[name]) for name in names}


def occupation_signals(
    a, b, referential: RomeReferential, similarity: CodeSimilarity | None = None
) -> dict[str, np.ndarray]:
    """All six signals at once (a × b matrices): same_code, same_metier, same_domain,
    same_broad_domain, occupation_cosine, occupation_soft."""
    return prepared_signals(prepare(a, referential, similarity, one=True), prepare(b, referential, similarity))


# --- Titles ------------------------------------------------------------------------------------------

_CONTRACT = r"alternance|apprentissage|contrat de professionnalisation|contrat pro|cdd(?: de)?(?: \d+ mois)?|cdi|vte"
# « (CDD 12 mois) », « (H/F) », « (télétravail partiel) »: parentheses about the contract, not the job.
_PAREN_NOISE = re.compile(
    r"\([^)]*?(?:cdd|cdi|mois|t[ée]l[ée]travail|à distance|alternance|apprentissage"
    r"|h\s*/\s*f|f\s*/\s*h|vte|pro\b)[^)]*?\)",
    re.IGNORECASE,
)
_LEADING = re.compile(rf"^\s*(?:{_CONTRACT})\s*[–—:-]\s*", re.IGNORECASE)
_TRAILING = re.compile(
    rf"\s*[–—-]\s*(?:{_CONTRACT}|en alternance|100 % télétravail|full remote)\s*$",
    re.IGNORECASE,
)
_APPRENTICE = re.compile(r"\b(?:apprenti\(e\)|apprentie?|alternant\(e\)|alternante?)\s+", re.IGNORECASE)
# Gender endings in parentheses: « Technicien(ne) », « Contrôleur(euse) », « Chargé(e) ».
_GENDER_ENDING = re.compile(r"\((?:e|ne|se|euse|trice|ère|ere|le|te|fe|x|ive|eure)\)", re.IGNORECASE)
_SPACES = re.compile(r"\s+")


def clean_title(title: str | None) -> str:
    """An offer title reduced to the job: « Alternance – Technicien(ne) de maintenance (H/F) » ->
    « Technicien de maintenance »; « Contrôleur de gestion (CDD 12 mois) » -> « Contrôleur de gestion »."""
    text = _PAREN_NOISE.sub("", title or "")
    for _ in range(2):  # « Alternance – VTE – … »
        text = _LEADING.sub("", text)
        text = _TRAILING.sub("", text)
    text = _APPRENTICE.sub("", text)
    text = _GENDER_ENDING.sub("", text)
    text = _SPACES.sub(" ", text).strip(" –—-")
    return text[:1].upper() + text[1:]


# --- Job titles named literally -----------------------------------------------------------------------

# A student's wish that names a ROME job title (« je cherche un poste d'ingénieure qualité ») gives
# that title's code NAMED_WEIGHT of the wish's distribution: the embedding of a whole sentence
# drifts towards the neighbouring jobs its other words evoke. Measured with the recomputed
# occupation features (the job-fit model unchanged): templated set nDCG@10 0.879 -> 0.890,
# semantic set 0.6095 -> 0.6094, its leave-one-region-out (re-fitted) 0.6065 -> 0.6123; the same
# for whole offer titles that are appellations lost 0.005 on the templated set, so offers keep
# their embedding's distribution.
NAMED_WEIGHT = 0.8
MIN_NAMED_WORDS = 2  # a title named inside a sentence: « ingénieur qualité », not « commercial »
_NON_TITLE = re.compile(r"[^0-9a-z&+ ]")
_GENDER_E = re.compile(r"\(e\)")


def folded_key(text: str | None) -> str:
    """A comparable form of a label or a text: lower case, no accents, hyphens, apostrophes and
    punctuation as spaces: « Système de Management de la Qualité (SMQ) » -> « systeme de
    management de la qualite smq »."""
    return _SPACES.sub(" ", _NON_TITLE.sub(" ", fold(text or ""))).strip()


def title_key(text: str | None) -> str:
    """A comparable form of a job title: contract words and « (H/F) » removed (`clean_title`), then
    `folded_key`: « Alternance – Ingénieur(e) qualité (H/F) » -> « ingenieur qualite »."""
    return folded_key(clean_title(text))


def appellation_forms(label: str) -> list[str]:
    """The grammatical forms of a ROME appellation label, as `title_key`s:
    « Attaché commercial / Attachée commerciale export » -> « attache commercial export »,
    « attachee commerciale export »; « Ingénieur(e) RD énergies » -> « ingenieur rd energies »,
    « ingenieure rd energies »."""
    left, sep, right = label.partition(" / ")
    if sep:  # the masculine form takes the words of the feminine one after its own length
        tail = right.split()[len(left.split()) :]
        forms = [" ".join([left, *tail]), right]
    else:
        forms = [label, _GENDER_E.sub("e", label)]
    keys = (title_key(form) for form in forms)
    return list(dict.fromkeys(key for key in keys if key))


class NamedTitles:
    """The ROME appellations by `title_key` of each grammatical form, to recognise a text that
    names a job title literally (a student who wants « un poste d'ingénieure qualité », « devenir
    attaché commercial export »), whatever the embedding makes of its other words."""

    def __init__(self, referential: RomeReferential):
        self.referential = referential
        codes: dict[str, set[int]] = {}
        for label, code in zip(referential.appellation_labels, referential.appellation_code, strict=True):
            for key in appellation_forms(label):
                codes.setdefault(key, set()).add(int(code))
        self.codes = {key: sorted(found) for key, found in codes.items()}
        self.longest = max((len(key.split()) for key in self.codes), default=0)

    def in_text(self, text: str | None, min_words: int = MIN_NAMED_WORDS) -> list[int]:
        """The codes of the longest appellation(s) of at least `min_words` words the text names
        anywhere (on word boundaries), else []."""
        words = folded_key(text).split()
        for size in range(min(self.longest, len(words)), min_words - 1, -1):
            found = sorted(
                {c for i in range(len(words) - size + 1) for c in self.codes.get(" ".join(words[i : i + size]), [])}
            )
            if found:
                return found
        return []

    def blend(self, distributions, named: Sequence[Sequence[int]], weight: float = NAMED_WEIGHT):
        """Each row with named codes: (1 − weight) × its distribution + weight shared equally by those
        codes (a row with no distribution gets them alone); rows with none unchanged."""
        matrix = _as_csr(distributions)[0].tolil(copy=True)
        for row, codes in enumerate(named):
            if not codes:
                continue
            current = matrix[row].toarray().ravel()
            share = weight if current.sum() > 0 else 1.0
            current *= 1.0 - share
            current[list(codes)] += share / len(codes)
            matrix[row] = current
        return sparse.csr_matrix(matrix, dtype=np.float32)


# --- Skills named by the referential ---------------------------------------------------------------


class SkillCodes:
    """The ROME codes whose fiche names each skill (*compétence* or *savoir*) of the referential.

    An offer that asks for « Concevoir des systèmes d'énergie renouvelable adaptés aux besoins des
    clients » and « Etudier la faisabilité d'un projet » is, whatever its title, most likely an
    « Ingénieur énergies renouvelables » (H1237): the one code both skills belong to. Each skill
    written exactly as a referential label (case, accents and punctuation aside) spreads one unit
    over the codes that name it (1/n each: a skill of 15 fiches says little, a skill of one fiche a
    lot); the sum, normalised, is the skills' distribution over the codes. Skills the referential
    does not name (tools, free wording) are simply not evidence."""

    def __init__(self, referential: RomeReferential, rows: Sequence[tuple[str, Sequence[str]]]):
        self.referential = referential
        codes: dict[str, set[int]] = {}
        for label, names in rows:
            found = {referential.code_index[c] for c in names if c in referential.code_index}
            key = folded_key(label)
            if found and key:
                codes.setdefault(key, set()).update(found)
        self.codes = {key: np.array(sorted(found), dtype=np.int32) for key, found in codes.items()}

    @classmethod
    def load(cls, referential: RomeReferential | None = None, folder: str | Path | None = None) -> SkillCodes:
        """The table shipped in vte/refdata/data/ (or `folder`), once per process and referential."""
        referential = referential or RomeReferential.load(folder)
        return _skill_codes(referential, str(Path(folder or DATA).resolve()))

    def named(self, skills: Sequence[str] | None) -> list[str]:
        """The skills of the list the referential names (each once)."""
        keys = (folded_key(s) for s in skills or ())
        return list(dict.fromkeys(key for key in keys if key in self.codes))

    def distributions(self, skill_lists: Sequence[Sequence[str] | None]) -> sparse.csr_matrix:
        """One row per list: the skills' distribution over the codes (rows × codes, float32, each row
        summing to 1), empty for a list that names no referential skill."""
        rows, cols, data = [], [], []
        for row, skills in enumerate(skill_lists):
            for key in self.named(skills):
                codes = self.codes[key]
                rows.extend([row] * len(codes))
                cols.extend(codes.tolist())
                data.extend([1.0 / len(codes)] * len(codes))
        shape = (len(skill_lists), len(self.referential))
        matrix = sparse.csr_matrix((np.asarray(data, dtype=np.float32), (rows, cols)), shape=shape)
        matrix.sum_duplicates()
        totals = np.asarray(matrix.sum(axis=1), dtype=np.float32).ravel()
        scale = np.divide(1.0, totals, out=np.zeros_like(totals), where=totals > 0)
        return sparse.csr_matrix(sparse.diags(scale) @ matrix, dtype=np.float32)


def _read_skills(path: Path) -> list[tuple[str, list[str]]]:
    with gzip.open(path, "rt", encoding="utf-8", newline="") as fh:
        return [(r["label"], r["codes"].split()) for r in csv.DictReader(fh)]


@lru_cache(maxsize=4)
def _skill_codes(referential: RomeReferential, folder: str) -> SkillCodes:
    return SkillCodes(referential, _read_skills(Path(folder) / SKILLS_FILE))


def with_evidence(distributions, evidence, weight: float) -> sparse.csr_matrix:
    """Rows of `distributions` mixed with rows of another distribution over the same codes:
    (1 − weight) × distribution + weight × evidence where a row has evidence (and the evidence alone
    where it has no distribution); rows without evidence unchanged."""
    base = _as_csr(distributions)[0]
    extra = _as_csr(evidence)[0]
    has_base = np.asarray(base.sum(axis=1)).ravel() > 0
    has_extra = np.asarray(extra.sum(axis=1)).ravel() > 0
    keep = np.where(has_extra, np.where(has_base, 1.0 - weight, 0.0), 1.0).astype(np.float32)
    add = np.where(has_extra, np.where(has_base, weight, 1.0), 0.0).astype(np.float32)
    return sparse.csr_matrix(sparse.diags(keep) @ base + sparse.diags(add) @ extra, dtype=np.float32)
