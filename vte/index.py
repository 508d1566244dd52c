"""In-memory matrices of offers and students for ranking, one set per process.

Nothing outside this module knows that it holds numpy arrays: the ranking asks for `offer_index()`
/ `student_index()` and reads named columns. Each index is built from the database on first use
and refreshed from the `index_change` log: the rows changed since the last entry this process saw
are reloaded, so several gunicorn workers (and several machines on one PostgreSQL) agree.
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date
from typing import Any

import numpy as np
from flask import current_app, has_app_context
from scipy import sparse
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .answer_cache import answer_cache
from .embeddings import Encoder, cache_key, cached_vectors
from .lexical import TermStats, term_counts
from .models import Commune, Company, IndexChange, Offer, Student, Territoire, TerritoireCommune, TerritoireList
from .occupation_map import from_json, mapper_for
from .occupations import CodeSimilarity, RomeReferential, prepare
from .row_texts import mission_of_offer, text_of_offer, text_of_student, wish_of_student
from .skills import SkillVocabulary, incidence_matrix
from .vocab import ContractType, OfferStatus, Remote

CONTRACT_BITS = {c: 1 << i for i, c in enumerate(ContractType)}
NO_DAY = np.iinfo(np.int32).max
LOAD_CHUNK = 2000


def salary_top(offer: Offer) -> float:
    """The top of the announced salary range, NaN when none is given."""
    top = offer.salary_max or offer.salary_min
    return np.nan if top is None else float(top)


def day_number(value: date | None, missing: int = NO_DAY) -> int:
    return value.toordinal() if value else missing


@dataclass
class Columns:
    """Columnar rows: `ids` plus named arrays of the same length, and per-row label lists."""

    ids: np.ndarray = field(default_factory=lambda: np.zeros(0, dtype=np.int64))
    arrays: dict[str, np.ndarray] = field(default_factory=dict)
    labels: list[list[int]] = field(default_factory=list)
    extra: list[dict[str, Any]] = field(default_factory=list)

    def position(self) -> dict[int, int]:
        return {int(i): p for p, i in enumerate(self.ids)}

    def replace(self, remove_ids: set[int], rows: Columns) -> Columns:
        keep = np.array([int(i) not in remove_ids for i in self.ids], dtype=bool)
        arrays = {}
        for name, values in self.arrays.items():
            if name not in rows.arrays:
                arrays[name] = values[keep]
            elif sparse.issparse(values):
                arrays[name] = sparse.csr_matrix(sparse.vstack([values[np.flatnonzero(keep)], rows.arrays[name]]))
            else:
                arrays[name] = np.concatenate([values[keep], rows.arrays[name]])
        kept = np.flatnonzero(keep)
        return Columns(
            ids=np.concatenate([self.ids[keep], rows.ids]),
            arrays=arrays,
            labels=[self.labels[p] for p in kept] + rows.labels,
            extra=[self.extra[p] for p in kept] + rows.extra,
        )


class MatchIndex:
    """Rows of one kind ("offer" or "student") ready for vectorised filtering and scoring, plus
    what is derived from all of them at once (`derived`: the occupations prepared for comparison,
    the word statistics of the offers), recomputed when rows change."""

    def __init__(
        self,
        kind: str,
        loader: Callable[[Session, Encoder, list[int] | None, MatchIndex], Columns],
        derive: Callable[[Columns, CodeSimilarity | None], dict[str, Any]] | None = None,
    ):
        self.kind = kind
        self._loader = loader
        self._derive = derive
        self.derived: dict[str, Any] = {}
        # The encoder's `CodeSimilarity` (set by `refresh`; None: codes alike only to themselves).
        self.similarity: CodeSimilarity | None = None
        self.model_id: str | None = None
        self.columns = Columns()
        self.vocabulary = SkillVocabulary()
        self.incidence = incidence_matrix([], 0)
        self.last_change_id = -1
        self._lock = threading.Lock()

    def __len__(self) -> int:
        return len(self.columns.ids)

    def refresh(self, session: Session, encoder: Encoder, latest: int | None = None) -> None:
        """Bring the index up to date with the database (cheap when nothing changed). `latest`: the
        last change's id when the caller read it already (`last_change()` in its own query)."""
        latest = (session.scalar(select(last_change())) if latest is None else latest) or 0
        if self.model_id == encoder.model_id and latest == self.last_change_id:
            return
        with self._lock:
            self.similarity = mapper_for(encoder).code_similarity
            if self.model_id != encoder.model_id or not 0 <= self.last_change_id <= latest:
                self.vocabulary = SkillVocabulary()
                self.columns = self._loader(session, encoder, None, self)
            else:
                changed = set(
                    session.scalars(
                        select(IndexChange.object_id).where(
                            IndexChange.kind == self.kind, IndexChange.id > self.last_change_id
                        )
                    )
                )
                if changed:
                    rows = self._loader(session, encoder, sorted(changed), self)
                    self.columns = self.columns.replace(changed, rows)
            self.set_columns(self.columns)
            self.model_id = encoder.model_id
            self.last_change_id = latest

    def set_columns(self, columns: Columns) -> None:
        """Hold these rows (their label ids from `self.vocabulary`) and their skill incidence."""
        self.columns = columns
        self.incidence = incidence_matrix(columns.labels, len(self.vocabulary))
        self.derived = self._derive(columns, self.similarity) if self._derive and columns.arrays else {}

    def array(self, name: str) -> np.ndarray:
        return self.columns.arrays[name]


def record_change(session: Session, kind: str, object_ids) -> None:
    """Log that rows changed; call it in the same transaction as the write."""
    session.add_all(IndexChange(kind=kind, object_id=int(i)) for i in object_ids)


def record_company_change(session: Session, company_id: int) -> None:
    """Log that every offer of a company changed (the indexes and « Mes offres » show its name,
    size and verification with each offer); call it in the same transaction as the write."""
    record_change(session, "offer", session.scalars(select(Offer.id).where(Offer.company_id == company_id)).all())


def _vectors(session: Session, encoder: Encoder, hashes: list[str | None]) -> tuple[np.ndarray, np.ndarray]:
    """Vectors for cache keys (zeros where absent) and a mask of the rows that have one."""
    found = cached_vectors(session, encoder.model_id, hashes)
    matrix = np.zeros((len(hashes), encoder.dim), dtype=np.float32)
    has = np.zeros(len(hashes), dtype=bool)
    for row, h in enumerate(hashes):
        if h in found:
            matrix[row] = found[h]
            has[row] = True
    return matrix, has


def _territories(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    rows = session.execute(
        select(TerritoireCommune.commune_code, Territoire.name)
        .join(Territoire, Territoire.id == TerritoireCommune.territoire_id)
        .join(TerritoireList, TerritoireList.id == Territoire.list_id)
        .where(TerritoireList.is_current.is_(True), TerritoireCommune.commune_code.in_(list(codes)))
    ).all()
    return dict(rows)


def _commune_names(session: Session, codes: set[str]) -> dict[str, str]:
    if not codes:
        return {}
    return dict(session.execute(select(Commune.code, Commune.name).where(Commune.code.in_(list(codes)))).all())


def load_offers(session: Session, encoder: Encoder, ids: list[int] | None, index: MatchIndex) -> Columns:
    """Published offers (all of them, or those of `ids` that are still published)."""
    stmt = (
        select(Offer, Company.headcount, Company.name)
        .join(Company, Company.id == Offer.company_id)
        .where(Offer.status == OfferStatus.PUBLISHED)
        .order_by(Offer.id)
    )
    rows = []
    id_chunks = [None] if ids is None else [ids[i : i + LOAD_CHUNK] for i in range(0, len(ids), LOAD_CHUNK)]
    for chunk in id_chunks:
        rows.extend(session.execute(stmt if chunk is None else stmt.where(Offer.id.in_(chunk))).all())
    codes = {o.commune_code for o, _, _ in rows if o.commune_code}
    territories = _territories(session, codes)
    names = _commune_names(session, codes)
    vectors, has_vector = _vectors(session, encoder, [o.text_hash for o, _, _ in rows])
    missions, _ = _vectors(session, encoder, [cache_key(mission_of_offer(o), "passage") for o, _, _ in rows])
    referential = RomeReferential.load()
    n = len(rows)
    nan = np.full(n, np.nan)
    return Columns(
        ids=np.array([o.id for o, _, _ in rows], dtype=np.int64),
        arrays={
            "vector": vectors,
            "has_vector": has_vector,
            "mission_vector": missions,
            "occupations": from_json([o.occupations for o, _, _ in rows], referential, encoder.model_id),
            "terms": term_counts([text_of_offer(o) for o, _, _ in rows]),
            "lat": np.array([o.lat if o.lat is not None else np.nan for o, _, _ in rows]) if n else nan,
            "lon": np.array([o.lon if o.lon is not None else np.nan for o, _, _ in rows]) if n else nan,
            "contract": np.array([CONTRACT_BITS[o.contract_type] for o, _, _ in rows], dtype=np.int16),
            "level_min": np.array([o.level_min or 0 for o, _, _ in rows], dtype=np.int8),
            "start_day": np.array([day_number(o.start_date, 0) for o, _, _ in rows], dtype=np.int32),
            "expires_day": np.array([day_number(o.expires_at) for o, _, _ in rows], dtype=np.int32),
            "published_day": np.array([day_number(o.published_at, 0) for o, _, _ in rows], dtype=np.int32),
            "remote_full": np.array([o.remote == Remote.FULL for o, _, _ in rows], dtype=bool),
            "remote_any": np.array([o.remote not in (None, Remote.NONE) for o, _, _ in rows], dtype=bool),
            # The top of the announced salary range (NaN: not given), for the salary filter.
            "salary_top": np.array([salary_top(o) for o, _, _ in rows], dtype=np.float64),
            "green": np.array([bool(o.green) for o, _, _ in rows], dtype=bool),
            "territory": np.array([o.commune_code in territories for o, _, _ in rows], dtype=bool),
            # NaN: unknown headcount. The ranking compares it with the rules in force that day.
            "headcount": np.array([np.nan if hc is None else hc for _, hc, _ in rows], dtype=np.float64),
        },
        labels=[index.vocabulary.ids_of(o.skills) for o, _, _ in rows],
        extra=[
            {
                "commune_code": o.commune_code,
                "commune": names.get(o.commune_code),
                "territory": territories.get(o.commune_code),
                "title": o.title,
                "company": company_name,
            }
            for o, _, company_name in rows
        ],
    )


def load_students(session: Session, encoder: Encoder, ids: list[int] | None, index: MatchIndex) -> Columns:
    """Students visible to companies (all of them, or those of `ids` that still are)."""
    stmt = select(Student).where(Student.visible.is_(True)).order_by(Student.id)
    rows: list[Student] = []
    id_chunks = [None] if ids is None else [ids[i : i + LOAD_CHUNK] for i in range(0, len(ids), LOAD_CHUNK)]
    for chunk in id_chunks:
        rows.extend(session.scalars(stmt if chunk is None else stmt.where(Student.id.in_(chunk))).all())
    names = _commune_names(session, {s.commune_code for s in rows if s.commune_code})
    vectors, has_vector = _vectors(session, encoder, [s.text_hash for s in rows])
    wishes = [wish_of_student(s) for s in rows]
    wish_vectors, _ = _vectors(session, encoder, [cache_key(w, "query") for w in wishes])
    referential = RomeReferential.load()
    return Columns(
        ids=np.array([s.id for s in rows], dtype=np.int64),
        arrays={
            "vector": vectors,
            "has_vector": has_vector,
            "wish_vector": wish_vectors,
            "occupations": from_json([s.occupations for s in rows], referential, encoder.model_id),
            "terms": term_counts([text_of_student(s) for s in rows]),
            "wish_terms": term_counts(wishes),
            "lat": np.array([s.lat if s.lat is not None else np.nan for s in rows], dtype=np.float64),
            "lon": np.array([s.lon if s.lon is not None else np.nan for s in rows], dtype=np.float64),
            "max_km": np.array(
                [s.max_distance_km if s.max_distance_km is not None else np.inf for s in rows], dtype=np.float64
            ),
            "contracts": np.array(
                [sum(CONTRACT_BITS[ContractType(c)] for c in (s.contract_types or [])) for s in rows], dtype=np.int16
            ),
            "level": np.array([s.level for s in rows], dtype=np.int8),
            "available_day": np.array([day_number(s.available_from, 0) for s in rows], dtype=np.int32),
            "wants_green": np.array([bool(s.wants_green) for s in rows], dtype=bool),
        },
        labels=[index.vocabulary.ids_of(s.skills) for s in rows],
        extra=[{"commune_code": s.commune_code, "commune": names.get(s.commune_code)} for s in rows],
    )


_INDEXES: dict[str, MatchIndex] = {}
_INDEXES_LOCK = threading.Lock()
EXTENSION_KEY = "vte.indexes"


def _registry() -> dict[str, MatchIndex]:
    """Indexes live with the Flask app (one per app instance, as in one gunicorn worker), or in
    the module when used outside an application context (benchmarks)."""
    if has_app_context():
        return current_app.extensions.setdefault(EXTENSION_KEY, {})
    return _INDEXES


def _index(kind: str, loader, derive, key: str) -> MatchIndex:
    with _INDEXES_LOCK:
        registry = _registry()
        if key not in registry:
            registry[key] = MatchIndex(kind, loader, derive)
        return registry[key]


def database_key(session: Session) -> str:
    """The database a session is bound to, as text (indexes and kept answers are per database)."""
    bind = session.get_bind()
    return str(getattr(bind, "url", None) or bind.engine.url)


def derive_offers(columns: Columns, similarity: CodeSimilarity | None = None) -> dict[str, Any]:
    """The offers' occupations prepared for comparison, and their word statistics."""
    terms = columns.arrays["terms"]
    stats = TermStats(terms)
    return {
        "occupations": prepare(columns.arrays["occupations"], RomeReferential.load(), similarity),
        "term_stats": stats,
        "bm25": stats.bm25_weights(terms),
        "tfidf": stats.tfidf_units(terms),
    }


def derive_students(columns: Columns, similarity: CodeSimilarity | None = None) -> dict[str, Any]:
    return {"occupations": prepare(columns.arrays["occupations"], RomeReferential.load(), similarity)}


def last_change():
    """The id of the last logged change, as a scalar subquery (to read with other columns)."""
    return select(func.max(IndexChange.id)).scalar_subquery()


def offer_index(session: Session, encoder: Encoder, latest: int | None = None) -> MatchIndex:
    """The offer index for this database, refreshed (`latest`: see `MatchIndex.refresh`)."""
    index = _index("offer", load_offers, derive_offers, f"offer:{database_key(session)}")
    index.refresh(session, encoder, latest)
    return index


def student_index(session: Session, encoder: Encoder) -> MatchIndex:
    """The index of visible students for this database, refreshed."""
    index = _index("student", load_students, derive_students, f"student:{database_key(session)}")
    index.refresh(session, encoder)
    return index


def reset_indexes() -> None:
    """Forget the indexes of the current app (and the module's), and the answers ranked with them:
    tests, or after a restore."""
    with _INDEXES_LOCK:
        _registry().clear()
        _INDEXES.clear()
    answer_cache().clear()
