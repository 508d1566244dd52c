"""What the matching engine stores: cached embeddings and the change log that keeps every
process's in-memory index in step with the database."""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import Integer, LargeBinary, String
from sqlalchemy.orm import Mapped, mapped_column

from ..extensions import db
from .base import UtcDateTime, utcnow


class EmbeddingCache(db.Model):
    """One vector per (model, text): the key is a SHA-256 of the prefixed text."""

    __tablename__ = "embedding_cache"
    model_id: Mapped[str] = mapped_column(String(120), primary_key=True)
    text_hash: Mapped[str] = mapped_column(String(64), primary_key=True)
    vector: Mapped[bytes] = mapped_column(LargeBinary)
    created_at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)


class IndexChange(db.Model):
    """Appended in the same transaction as a write to an offer or a student; each process reads
    the entries past the last one it has seen and reloads those rows into its index."""

    __tablename__ = "index_change"
    id: Mapped[int] = mapped_column(primary_key=True, autoincrement=True)
    kind: Mapped[str] = mapped_column(String(10))  # "offer" | "student"
    object_id: Mapped[int] = mapped_column(Integer)
    at: Mapped[datetime] = mapped_column(UtcDateTime(), default=utcnow)
