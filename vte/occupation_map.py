"""Occupations of offers and students, with the process's encoder.

- `mapper_for(encoder)`: the `OccupationMapper` of this encoder, one per process and model. It needs
  the encoder's query vectors of the ~13,000 ROME appellations: read from a file beside the model
  (`models/<model>/rome-appellations-<digest>.npy`, written at setup by
  `python -m scripts.build_model`, or `write_appellation_vectors`), else encoded in the process
  (seconds with the test encoder, minutes with a real model: hence the file).
- `offer_occupations` / `student_occupations`: the distribution over ROME codes of an offer (its
  title and its mission) or of a student (their whole profile and their wish), each the mean of two
  texts' distributions, a third of it given to the codes of the skills the referential names
  (`vte.occupations.SkillCodes`). Stored on the row when it is written (`vte.embedding_sync`), as a compact
  JSON {"model": id, "mapping": version, "codes": {code: weight}}, read back by the index with `from_json`.
"""

from __future__ import annotations

import hashlib
import logging
import threading
import time
from pathlib import Path

import numpy as np
from scipy import sparse

from .embeddings import Encoder
from .occupations import (
    NamedTitles,
    OccupationMapper,
    RomeReferential,
    SkillCodes,
    appellation_texts,
    clean_title,
    with_evidence,
)

log = logging.getLogger(__name__)
# The version of the mapping behind a stored distribution: a row stored by another one is stale
# (recomputed by `flask reembed`, which `flask setup` runs). 2: a wish naming a ROME job title.
# 3: the skills the referential names (`SkillCodes`).
MAPPING = 3
# The share of a distribution given to the codes of the skills the referential names, when it names
# any (`SkillCodes`, `with_evidence`).
SKILLS_WEIGHT = 1 / 3
WEIGHT_DIGITS = 4
MIN_WEIGHT = 1e-3  # weights below this are dropped from the stored distribution

_MAPPERS: dict[str, OccupationMapper] = {}
_NAMED: dict[int, NamedTitles] = {}
_LOCK = threading.Lock()


def appellation_digest(referential: RomeReferential) -> str:
    """Changes whenever the appellation texts change (a new ROME release)."""
    return hashlib.sha256("\n".join(appellation_texts(referential)).encode()).hexdigest()[:12]


def vectors_file(encoder: Encoder, referential: RomeReferential) -> Path | None:
    """Where the appellation vectors of a model read from a local folder are kept (None for other
    encoders: they are encoded in the process)."""
    folder = getattr(encoder, "name_or_path", None)
    if not folder or not Path(folder).is_dir():
        return None
    model = hashlib.sha256(encoder.model_id.encode()).hexdigest()[:8]
    return Path(folder) / f"rome-appellations-{model}-{appellation_digest(referential)}.npy"


def encode_appellations(encoder: Encoder, referential: RomeReferential) -> np.ndarray:
    return np.asarray(encoder.encode(appellation_texts(referential), "query"), dtype=np.float32)


def write_appellation_vectors(encoder: Encoder, referential: RomeReferential | None = None) -> Path | None:
    """Encode the appellations and keep them beside the model (setup); returns the file, or None
    when the encoder has no folder. Does nothing when the file exists."""
    referential = referential or RomeReferential.load()
    path = vectors_file(encoder, referential)
    if path is None or path.is_file():
        return path
    started = time.perf_counter()
    vectors = encode_appellations(encoder, referential)
    partial = path.with_suffix(".partial.npy")
    np.save(partial, vectors.astype(np.float16))
    partial.replace(path)
    log.info("ROME appellations embedded in %.0f s -> %s", time.perf_counter() - started, path)
    return path


def mapper_for(encoder: Encoder) -> OccupationMapper:
    """The process's mapper for this encoder's model."""
    mapper = _MAPPERS.get(encoder.model_id)
    if mapper is not None:
        return mapper
    with _LOCK:
        if encoder.model_id not in _MAPPERS:
            referential = RomeReferential.load()
            path = vectors_file(encoder, referential)
            if path is not None and path.is_file():
                vectors = np.load(path).astype(np.float32)
            else:
                if path is not None:
                    log.warning("no %s: embedding the ROME appellations in this process (run setup)", path.name)
                vectors = encode_appellations(encoder, referential)
            _MAPPERS[encoder.model_id] = OccupationMapper(referential, vectors)
        return _MAPPERS[encoder.model_id]


def named_titles(referential: RomeReferential) -> NamedTitles:
    """The process's index of the ROME job titles (built once per referential, ~1 s)."""
    named = _NAMED.get(id(referential))
    if named is None:
        with _LOCK:
            named = _NAMED.setdefault(id(referential), NamedTitles(referential))
    return named


def _mean_of_two(mapper: OccupationMapper, first, second) -> sparse.csr_matrix:
    """½ (d(first) + d(second)) per row; each of `first`, `second` is (vectors, texts)."""
    a = mapper.distributions(first[0], first[1])
    b = mapper.distributions(second[0], second[1])
    return sparse.csr_matrix((a + b) * 0.5)


def _wish_distributions(mapper: OccupationMapper, vectors, wishes) -> sparse.csr_matrix:
    """The wishes' distributions, with the code of a ROME job title a wish names (`NamedTitles`)."""
    named = named_titles(mapper.referential)
    return named.blend(mapper.distributions(vectors, wishes), [named.in_text(wish) for wish in wishes])


def _with_skills(mapper: OccupationMapper, distributions, skills) -> sparse.csr_matrix:
    """The distributions with SKILLS_WEIGHT given to the codes of the skills the referential names."""
    if skills is None:
        return sparse.csr_matrix(distributions)
    evidence = SkillCodes.load(mapper.referential).distributions(list(skills))
    return with_evidence(distributions, evidence, SKILLS_WEIGHT)


def offer_occupations(
    mapper: OccupationMapper, title_vectors, titles, mission_vectors, missions, skills=None
) -> sparse.csr_matrix:
    """Offers × codes: the mean of the distributions of the title (its query vector, the cleaned
    title for the word overlap) and of the mission (its vector and text), mixed with the codes of
    the skills (one list per offer, or None) that the ROME referential names."""
    texts = _mean_of_two(mapper, (title_vectors, [clean_title(t) for t in titles]), (mission_vectors, list(missions)))
    return _with_skills(mapper, texts, skills)


def student_occupations(
    mapper: OccupationMapper, vectors, texts, wish_vectors, wishes, skills=None
) -> sparse.csr_matrix:
    """Students × codes: the mean of the distributions of the whole profile and of the wish (with
    the code of a ROME job title the wish names), mixed with the codes of the skills (one list per
    student, or None) that the ROME referential names."""
    whole = mapper.distributions(vectors, list(texts))
    both = sparse.csr_matrix((whole + _wish_distributions(mapper, wish_vectors, list(wishes))) * 0.5)
    return _with_skills(mapper, both, skills)


def to_json(row: sparse.csr_matrix, referential: RomeReferential, model_id: str) -> dict:
    """One row of a distribution as stored on an offer or a student."""
    row = sparse.csr_matrix(row)
    codes = {
        referential.codes[j]: round(float(w), WEIGHT_DIGITS)
        for j, w in zip(row.indices, row.data, strict=False)
        if w >= MIN_WEIGHT
    }
    return {"model": model_id, "mapping": MAPPING, "codes": dict(sorted(codes.items(), key=lambda kv: -kv[1]))}


def from_json(values: list[dict | None], referential: RomeReferential, model_id: str) -> sparse.csr_matrix:
    """Rows × codes from stored distributions; a row stored under another model or mapping (or
    never) is empty: it will be recomputed by `flask reembed`, meanwhile it matches no occupation."""
    rows, cols, data = [], [], []
    for r, value in enumerate(values):
        if not is_current(value, model_id):
            continue
        for code, weight in value.get("codes", {}).items():
            j = referential.code_index.get(code)
            if j is not None:
                rows.append(r)
                cols.append(j)
                data.append(weight)
    shape = (len(values), len(referential))
    return sparse.csr_matrix((np.asarray(data, dtype=np.float32), (rows, cols)), shape=shape)


def is_current(value: dict | None, model_id: str) -> bool:
    """Whether a stored distribution is of this model and of the current mapping."""
    return bool(value) and value.get("model") == model_id and value.get("mapping") == MAPPING
