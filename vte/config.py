"""Configuration classes.

Nothing here reads the environment at import time: `create_app` calls `from_env()` on the chosen
class, which returns a plain dict. Every setting that a deployment may change is a `VTE_*`
environment variable (or `DATABASE_URL` / `SECRET_KEY`, the usual names).
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent

# Matching weights (vte/ranking.py): total = fit · (w_fit + Σ w_c · component_c) / Σ w, the job fit
# scaled by geography and the programme's priorities. Named, documented, overridable with
# VTE_WEIGHT_<NAME> (e.g. VTE_WEIGHT_GEO=1). fit 1 / geo 1.5: an offer of the right job nearby
# scores 2.5 times the same job far away (measured on the judged sets, models/README.md);
# territory and green are small nudges among offers of similar fit.
DEFAULT_WEIGHTS: dict[str, float] = {
    "fit": 1.0,
    "geo": 1.5,
    "territory": 0.1,
    "green": 0.1,
}

# Official 2023-2027 list of Territoires d'industrie by EPCI on data.gouv.fr (stable resource link).
OFFICIAL_TERRITOIRES_URL = "https://www.data.gouv.fr/fr/datasets/r/a1aca2c0-5a34-4a21-82bf-74ff0daf16db"


class Config:
    """Defaults shared by every environment."""

    ENV_NAME = "production"
    DEBUG = False
    TESTING = False
    SQLALCHEMY_TRACK_MODIFICATIONS = False
    JSON_SORT_KEYS = False
    MAX_CONTENT_LENGTH = 16 * 1024 * 1024
    SESSION_COOKIE_HTTPONLY = True
    SESSION_COOKIE_SAMESITE = "Lax"
    SESSION_COOKIE_SECURE = True
    # flask-smorest / OpenAPI
    API_TITLE = "VTE Match API"
    API_VERSION = "v1"
    OPENAPI_VERSION = "3.0.3"
    OPENAPI_URL_PREFIX = "/api"
    OPENAPI_JSON_PATH = "openapi.json"
    # Interactive docs at /api/docs, from the swagger-ui-dist copy served by the app (no CDN).
    OPENAPI_SWAGGER_UI_PATH = "docs"
    OPENAPI_SWAGGER_UI_URL = "/static/vendor/swagger-ui/"
    REQUIRE_SECRET_KEY = True
    # Flood protection (Flask-Limiter): sign-up and sign-in attempts per client address, whatever
    # the account. memory:// counts per worker; VTE_RATELIMIT_STORAGE_URI=redis://… shares them.
    RATELIMIT_STORAGE_URI = "memory://"
    RATELIMIT_HEADERS_ENABLED = True
    VTE_LOGIN_LIMIT = "10 per minute;50 per hour"
    # CSRF: forms carry a token; API calls authenticated by the session cookie send it in
    # the X-CSRFToken header; calls with a personal token (Authorization: Bearer) need none.
    WTF_CSRF_TIME_LIMIT = None

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> dict[str, Any]:
        env = os.environ if environ is None else environ
        instance = Path(env.get("VTE_INSTANCE_PATH", ROOT / "instance"))
        cfg = {k: getattr(cls, k) for k in dir(cls) if k.isupper()}
        cfg["INSTANCE_PATH"] = str(instance)
        cfg["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(
            env.get("DATABASE_URL") or f"sqlite:///{instance / 'vte.db'}"
        )
        secret = env.get("SECRET_KEY")
        if secret:
            cfg["SECRET_KEY"] = secret
        cfg["VTE_EMBEDDING_MODEL"] = env.get("VTE_EMBEDDING_MODEL", str(ROOT / "models" / "multilingual-e5-small"))
        # Tokens kept per text: the title, the skills and the start of the description fit in 128
        # (a full offer is ~250 tokens); half the tokens, twice the throughput (models/README.md).
        cfg["VTE_MAX_SEQ_LENGTH"] = int(env.get("VTE_MAX_SEQ_LENGTH", "128")) or None
        cfg["VTE_TERRITOIRES_SOURCE"] = env.get("VTE_TERRITOIRES_SOURCE") or OFFICIAL_TERRITOIRES_URL
        weights = dict(DEFAULT_WEIGHTS)
        for name in weights:
            raw = env.get(f"VTE_WEIGHT_{name.upper()}")
            if raw is not None:
                weights[name] = float(raw)
        cfg["VTE_WEIGHTS"] = weights
        # Geography: `geo` is 0.5 at VTE_GEO_HALF_KM and falls from ~1 to ~0 over a few
        # VTE_GEO_SOFTNESS_KM around it (commuting distance, not « the nearer the better »).
        cfg["VTE_GEO_HALF_KM"] = float(env.get("VTE_GEO_HALF_KM", "30"))
        cfg["VTE_GEO_SOFTNESS_KM"] = float(env.get("VTE_GEO_SOFTNESS_KM", "3"))
        # The job-fit model (weights learned by scripts/train_ranker.py): a JSON file replacing the
        # one shipped in vte/refdata/data/fit_model.json.
        cfg["VTE_FIT_MODEL_FILE"] = env.get("VTE_FIT_MODEL_FILE") or None
        # `fit` (the job-fit model) or `weighted_sum`: the previous engine, kept for comparison
        # (« Mes offres » and candidates; the search box keeps the fit).
        cfg["VTE_RANKER"] = env.get("VTE_RANKER", "fit")
        # A typed search lists only offers whose fit with the text is at least this probability
        # (a short text fits less surely than a whole profile). 0.05, on the demo data: « contrôle
        # qualité » lists 179 quality offers and stops above the first « contrôleur de gestion »
        # (0.029), « acheteur » 103 purchasing offers, « boulangerie » nothing; when none reaches
        # it, the closest few are shown as such.
        cfg["VTE_SEARCH_MIN_FIT"] = float(env.get("VTE_SEARCH_MIN_FIT", "0.05"))
        # VTE rules (missions, candidates, companies, aid amounts; each with its sources and the
        # date it was checked): a JSON file replacing the table shipped in vte/aid_rules.py
        # (DEFAULT_AID_RULES, same shape, validated by vte/rules_table.py); read on first use.
        cfg["VTE_AID_RULES_FILE"] = env.get("VTE_AID_RULES_FILE") or None
        # Map background: none by default (offline; the maps show the territories and markers on a
        # plain background). Set a tile server you may use, e.g. your own or OpenStreetMap's
        # "https://tile.openstreetmap.org/{z}/{x}/{y}.png" within its usage policy.
        cfg["VTE_MAP_TILE_URL"] = env.get("VTE_MAP_TILE_URL") or None
        cfg["VTE_MAP_TILE_ATTRIBUTION"] = env.get("VTE_MAP_TILE_ATTRIBUTION", "© OpenStreetMap contributors")
        # Behind a reverse proxy (nginx, a load balancer): how many proxies set X-Forwarded-For /
        # -Proto / -Host, so that links (invitation e-mails), secure cookies and rate limits use the
        # client's address and the public scheme and host. 0: the app is reached directly.
        cfg["VTE_PROXY_COUNT"] = int(env.get("VTE_PROXY_COUNT", "0"))
        # « Mes offres » pages are kept in each worker under everything they depend on (vte/answer_cache.py):
        # at most this many, and this long at most for what no index change records (a company
        # verified, a new list of Territoires d'industrie). 0 keeps nothing.
        cfg["VTE_ANSWER_CACHE_ENTRIES"] = int(env.get("VTE_ANSWER_CACHE_ENTRIES", "2000"))
        cfg["VTE_ANSWER_CACHE_SECONDS"] = float(env.get("VTE_ANSWER_CACHE_SECONDS", "300"))
        # Threads of torch in each worker (scripts/gunicorn.conf.py sets cores ÷ workers, so that
        # workers do not oversubscribe the CPU); unset: torch's own default.
        threads = env.get("VTE_TORCH_THREADS")
        cfg["VTE_TORCH_THREADS"] = int(threads) if threads else None
        # A session cookie is refused once older than this; logout, password change and erasure
        # end every copy of it before (vte/auth.py).
        cfg["VTE_SESSION_LIFETIME_DAYS"] = float(env.get("VTE_SESSION_LIFETIME_DAYS", "14"))
        # SQLite: how long a write waits for another one to finish before the request gets a 503.
        cfg["VTE_SQLITE_BUSY_TIMEOUT_MS"] = int(env.get("VTE_SQLITE_BUSY_TIMEOUT_MS", "10000"))
        # Sign-in back-off per (account e-mail, client address), in the database, so every worker
        # shares it (vte/login_attempts.py): free failures, then a wait doubling from the base, capped.
        cfg["VTE_LOGIN_FREE_FAILURES"] = int(env.get("VTE_LOGIN_FREE_FAILURES", "5"))
        cfg["VTE_LOGIN_BACKOFF_SECONDS"] = float(env.get("VTE_LOGIN_BACKOFF_SECONDS", "30"))
        cfg["VTE_LOGIN_BACKOFF_MAX_SECONDS"] = float(env.get("VTE_LOGIN_BACKOFF_MAX_SECONDS", "900"))
        # Personal API tokens expire after this many days unless their creator chooses (1 to 365).
        cfg["VTE_API_TOKEN_DAYS"] = int(env.get("VTE_API_TOKEN_DAYS", "90"))
        # Flood limit per client address on sign-up and sign-in (Flask-Limiter's notation).
        if env.get("VTE_LOGIN_LIMIT"):
            cfg["VTE_LOGIN_LIMIT"] = env["VTE_LOGIN_LIMIT"]
        if env.get("VTE_RATELIMIT_STORAGE_URI"):
            cfg["RATELIMIT_STORAGE_URI"] = env["VTE_RATELIMIT_STORAGE_URI"]
        # The SMTP server of `flask send-mail` (vte.mailer); without a host the outbox waits.
        for key in ("VTE_SMTP_HOST", "VTE_SMTP_PORT", "VTE_SMTP_USER", "VTE_SMTP_PASSWORD", "VTE_SMTP_STARTTLS"):
            cfg[key] = env.get(key) or None
        cfg["VTE_SMTP_TIMEOUT"] = float(env.get("VTE_SMTP_TIMEOUT", "10"))
        cfg["VTE_MAIL_FROM"] = env.get("VTE_MAIL_FROM", "VTE Match <no-reply@localhost>")
        # The site's address in e-mails written by commands (alerts, reminders), outside a request.
        cfg["VTE_PUBLIC_URL"] = env.get("VTE_PUBLIC_URL", "http://127.0.0.1:8000")
        return cfg


class DevelopmentConfig(Config):
    ENV_NAME = "development"
    DEBUG = True
    SESSION_COOKIE_SECURE = False
    REQUIRE_SECRET_KEY = False
    SECRET_KEY = "dev-only-not-secret"


class LocalConfig(Config):
    """Production settings for the one-machine run command: served on 127.0.0.1 over plain HTTP,
    so session cookies cannot be marked Secure. Still requires SECRET_KEY (scripts/run.sh keeps
    a generated one in instance/secret_key)."""

    ENV_NAME = "local"
    SESSION_COOKIE_SECURE = False


class TestConfig(Config):
    ENV_NAME = "testing"
    TESTING = True
    VTE_LOGIN_LIMIT = "1000 per minute"  # a test of the limit lowers it
    SESSION_COOKIE_SECURE = False
    REQUIRE_SECRET_KEY = False
    SECRET_KEY = "test-only-not-secret"

    @classmethod
    def from_env(cls, environ: dict[str, str] | None = None) -> dict[str, Any]:
        env = os.environ if environ is None else environ
        cfg = super().from_env(env)
        cfg["SQLALCHEMY_DATABASE_URI"] = normalise_database_url(env.get("VTE_TEST_DATABASE_URL", "sqlite://"))
        return cfg


CONFIGS: dict[str, type[Config]] = {
    "production": Config,
    "local": LocalConfig,
    "development": DevelopmentConfig,
    "testing": TestConfig,
}


def normalise_database_url(url: str) -> str:
    """Accept the common `postgres://` / `postgresql://` spellings and use the psycopg 3 driver."""
    for prefix in ("postgres://", "postgresql://"):
        if url.startswith(prefix):
            return "postgresql+psycopg://" + url[len(prefix) :]
    return url
