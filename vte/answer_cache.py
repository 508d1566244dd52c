"""Answers of the ranking kept in the process for a short while, keyed by everything they depend on.

« Mes offres » is read far more often than anything it depends on changes: a student opens it,
pages, comes back. Its ranked and serialised page is kept per (database, student and the version of
their profile, model, last index change, filters, text, page, day): any write that changes an
offer, a company's offers or a profile logs an index change or bumps the profile's version, so a
kept answer is never served after its inputs changed (a company's edit or verification logs its
offers). What no index change records (a new list of Territoires d'industrie, the rules file)
shows after at most `VTE_ANSWER_CACHE_SECONDS`.

One cache per app (one per gunicorn worker); nothing is written to the database.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Callable, Hashable
from typing import Any

from cachetools import TTLCache
from flask import current_app, has_app_context

EXTENSION_KEY = "vte.answer_cache"
DEFAULT_ENTRIES = 2000
DEFAULT_SECONDS = 300.0


class AnswerCache:
    """A bounded, expiring, thread-safe map from a key to a computed answer."""

    def __init__(
        self,
        entries: int = DEFAULT_ENTRIES,
        seconds: float = DEFAULT_SECONDS,
        timer: Callable[[], float] = time.monotonic,
    ):
        self.enabled = entries > 0 and seconds > 0
        self._entries = TTLCache(maxsize=max(1, entries), ttl=max(seconds, 1e-9), timer=timer)
        self._lock = threading.Lock()
        self.hits = self.misses = 0

    def get_or_compute(self, key: Hashable, compute: Callable[[], Any]) -> Any:
        """The kept answer for `key`, or `compute()` kept for the next call. Two threads missing
        the same key both compute it (no lock held while computing); the answers are equal."""
        if not self.enabled:
            return compute()
        with self._lock:
            answer = self._entries.get(key)
            if answer is not None:
                self.hits += 1
                return answer
            self.misses += 1
        answer = compute()
        with self._lock:
            self._entries[key] = answer
        return answer

    def __len__(self) -> int:
        with self._lock:
            return len(self._entries)

    def clear(self) -> None:
        with self._lock:
            self._entries.clear()


_OUTSIDE_APP = AnswerCache(entries=0)  # benchmarks and scripts without an app: nothing kept


def answer_cache() -> AnswerCache:
    """The cache of the current app, built from its configuration on first use."""
    if not has_app_context():
        return _OUTSIDE_APP
    extensions = current_app.extensions
    cache = extensions.get(EXTENSION_KEY)
    if cache is None:
        config = current_app.config
        cache = extensions.setdefault(
            EXTENSION_KEY,
            AnswerCache(
                entries=int(config.get("VTE_ANSWER_CACHE_ENTRIES", DEFAULT_ENTRIES)),
                seconds=float(config.get("VTE_ANSWER_CACHE_SECONDS", DEFAULT_SECONDS)),
            ),
        )
    return cache
