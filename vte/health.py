"""Probes for load balancers and `scripts/run.sh`.

- `GET /healthz` (liveness): 200 when the database answers, 503 otherwise.
- `GET /readyz` (readiness): 200 once the database answers and this worker's embedding model is
  loaded (gunicorn loads it right after the fork); until then 503 « pas prêt », so that no
  request is sent to a worker whose first text search would wait for the model."""

from __future__ import annotations

from flask import Blueprint, current_app, jsonify
from sqlalchemy import text
from sqlalchemy.exc import SQLAlchemyError

from .embeddings import get_encoder
from .extensions import db

bp = Blueprint("health", __name__)


def database_answers() -> bool:
    try:
        db.session.execute(text("SELECT 1"))
    except SQLAlchemyError:
        db.session.rollback()
        return False
    return True


@bp.get("/healthz")
def healthz():
    if not database_answers():
        return jsonify(status="error", database="unreachable"), 503
    return jsonify(status="ok", database="ok")


@bp.get("/readyz")
def readyz():
    model_ready = getattr(get_encoder(current_app.config), "ready", True)  # encoders without a load: ready
    database = database_answers()
    if not (database and model_ready):
        body = {
            "status": "pas prêt",
            "database": "ok" if database else "unreachable",
            "model": "ok" if model_ready else "loading",
        }
        return jsonify(body), 503, {"Retry-After": "2"}
    return jsonify(status="ready", database="ok", model="ok")
