"""Errors raised by the services and how they reach the user.

API requests (paths under /api) get `{"error": {"code", "message", "fields"}}`; HTML requests get a
French error page. Services raise `ServiceError` subclasses and never build responses.
"""

from __future__ import annotations

import contextlib
import logging
import threading
import time
from typing import Any

from flask import Flask, g, jsonify, render_template, request
from sqlalchemy.exc import IntegrityError, InterfaceError, OperationalError, SQLAlchemyError
from sqlalchemy.orm.exc import StaleDataError
from werkzeug.exceptions import HTTPException

from .extensions import db

log = logging.getLogger(__name__)


class ServiceError(Exception):
    status = 400
    code = "bad_request"
    headers: dict[str, str] | None = None  # sent with the error (Retry-After on a 429...)

    def __init__(self, message: str, fields: dict[str, Any] | None = None):
        super().__init__(message)
        self.message = message
        self.fields = fields or {}


class InputError(ServiceError):
    """Input that cannot be accepted; `fields` names each bad field with a French message."""

    status = 422
    code = "validation_error"

    @classmethod
    def on(cls, field: str, message: str) -> InputError:
        """The error of one field, with `message` as both the summary and the field's message."""
        return cls(message, {field: [message]})


class UnauthorizedError(ServiceError):
    status = 401
    code = "unauthorized"


class NotFoundError(ServiceError):
    status = 404
    code = "not_found"


class ForbiddenError(ServiceError):
    status = 403
    code = "forbidden"


class ConflictError(ServiceError):
    status = 409
    code = "conflict"


FRENCH_HTTP_MESSAGES = {
    400: "Requête invalide.",
    401: "Authentification requise.",
    403: "Accès refusé.",
    404: "Page ou ressource introuvable.",
    405: "Méthode non autorisée pour cette adresse.",
    409: "Conflit avec l'état actuel de la ressource.",
    413: "Fichier ou requête trop volumineux.",
    415: "Type de contenu non pris en charge.",
    422: "Données invalides.",
    429: "Trop de requêtes : réessayez dans un moment.",
    500: "Erreur interne du serveur.",
    503: "Service momentanément indisponible.",
}

HTTP_CODES = {
    400: "bad_request",
    401: "unauthorized",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    413: "payload_too_large",
    415: "unsupported_media_type",
    422: "validation_error",
    429: "too_many_requests",
    500: "internal_error",
    503: "unavailable",
}


def wants_json() -> bool:
    return request.path.startswith("/api/") or request.path == "/api"


def keep_retry_after(headers: dict[str, str] | None) -> None:
    """Make this response's own Retry-After the one sent (see `restore_retry_after`)."""
    if headers and "Retry-After" in headers:
        g.retry_after = headers["Retry-After"]


def restore_retry_after(response):
    """after_request hook, registered before Flask-Limiter's so that it runs after it: on the
    routes it limits, Flask-Limiter rewrites Retry-After to the end of its own window when that is
    later; the wait the application stated (a sign-in back-off, a busy database) is the one sent."""
    value = g.pop("retry_after", None)
    if value is not None:
        response.headers["Retry-After"] = value
    return response


def error_response(
    status: int, code: str, message: str, fields: dict[str, Any] | None = None, headers: dict[str, str] | None = None
):
    keep_retry_after(headers)
    if wants_json():
        body = {"error": {"code": code, "message": message, "fields": fields or {}}}
        return jsonify(body), status, headers or {}
    html = render_template("errors.html", status=status, message=message, fields=fields or {})
    return html, status, headers or {}


def flatten_webargs_messages(messages: dict[str, Any]) -> dict[str, Any]:
    """webargs groups messages by location ({"json": {"level": [...]}}); keep the field names."""
    fields: dict[str, Any] = {}
    for location_messages in messages.values():
        if isinstance(location_messages, dict):
            fields.update(location_messages)
        else:
            fields.setdefault("_schema", location_messages)
    return fields


def handle_http_exception(exc: HTTPException):
    status = exc.code or 500
    data = getattr(exc, "data", None) or {}
    fields = flatten_webargs_messages(data["messages"]) if "messages" in data else {}
    message = FRENCH_HTTP_MESSAGES.get(status, exc.description or "Erreur.")
    if fields:
        names = ", ".join(sorted(fields))
        message = f"Données invalides : {names}."
    # Keep the exception's own headers (Allow on a 405, Retry-After on a 429...).
    headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
    if exc.response is not None:
        headers.update(
            {k: v for k, v in exc.response.headers.items() if k.lower().startswith(("retry-after", "x-ratelimit"))}
        )
    return error_response(status, HTTP_CODES.get(status, "error"), message, fields, headers)


def handle_service_error(exc: ServiceError):
    return error_response(exc.status, exc.code, exc.message, exc.fields, exc.headers)


def _first_line(exc: Exception) -> str:
    """The driver's message of a database error, first line only (empty messages included)."""
    lines = str(getattr(exc, "orig", None) or exc).strip().splitlines()
    return lines[0][:200] if lines else type(exc).__name__


UNAVAILABLE_RETRY_AFTER_S = 5
OUTAGE_LOG_EVERY_S = 60.0
_last_outage_log = {"at": -OUTAGE_LOG_EVERY_S}
_outage_lock = threading.Lock()


def handle_database_unavailable(exc: Exception):
    """The database cannot be reached or is busy (SQLite's write lock held past the busy timeout):
    a 503 « service momentanément indisponible » with Retry-After, never a 500. One log line per
    minute of outage, without the traceback, so an outage does not fill the log."""
    with contextlib.suppress(SQLAlchemyError):  # the connection may be gone already
        db.session.rollback()
    now = time.monotonic()
    with _outage_lock:
        if now - _last_outage_log["at"] >= OUTAGE_LOG_EVERY_S:
            _last_outage_log["at"] = now
            log.warning("Database unavailable (%s %s): %s", request.method, request.path, _first_line(exc))
    return error_response(
        503,
        HTTP_CODES[503],
        FRENCH_HTTP_MESSAGES[503] + " Réessayez dans quelques secondes.",
        headers={"Retry-After": str(UNAVAILABLE_RETRY_AFTER_S)},
    )


DUPLICATE_MESSAGE = (
    "Cet enregistrement existe déjà : une autre requête vient de le créer. Rechargez la page pour le voir."
)


def handle_integrity_error(exc: IntegrityError):
    """A uniqueness or reference rule of the database refused the write — in practice the loser of
    two identical writes at the same moment (the same e-mail signed up twice, the same first profile
    saved twice): a 409, the whole transaction rolled back, never a 500."""
    db.session.rollback()
    log.info("Write refused by a database constraint on %s %s: %s", request.method, request.path, _first_line(exc))
    return error_response(409, HTTP_CODES[409], DUPLICATE_MESSAGE)


STALE_MESSAGE = "Cet élément vient d'être modifié par une autre requête : rechargez la page et réessayez."


def handle_stale_data(exc: StaleDataError):
    """An UPDATE of a versioned row found another version than the one read (two saves at once):
    the later one is a 409, rolled back, never a mix of both."""
    db.session.rollback()
    return error_response(409, HTTP_CODES[409], STALE_MESSAGE, {"version": [STALE_MESSAGE]})


def handle_unexpected(exc: Exception):
    log.exception("Unhandled error on %s %s", request.method, request.path)
    db.session.rollback()
    return error_response(500, "internal_error", FRENCH_HTTP_MESSAGES[500])


def register_error_handlers(app: Flask) -> None:
    app.register_error_handler(ServiceError, handle_service_error)
    app.register_error_handler(HTTPException, handle_http_exception)
    app.register_error_handler(OperationalError, handle_database_unavailable)
    app.register_error_handler(IntegrityError, handle_integrity_error)
    app.register_error_handler(StaleDataError, handle_stale_data)
    app.register_error_handler(InterfaceError, handle_database_unavailable)
    if not app.config.get("PROPAGATE_EXCEPTIONS") and not app.testing:
        app.register_error_handler(Exception, handle_unexpected)
