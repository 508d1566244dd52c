"""Dates in JSON answers: ISO 8601 (« 2026-12-04T21:30:00+00:00 »), as the OpenAPI schemas promise,
also where a value reaches JSON without a schema field (the data export's dictionaries). Flask's
default would write an HTTP date (« Fri, 04 Dec 2026 21:30:00 GMT »), which loses the offset and
sorts badly."""

from __future__ import annotations

from datetime import date
from typing import Any

from flask.json.provider import DefaultJSONProvider


class IsoDatesJSONProvider(DefaultJSONProvider):
    @staticmethod
    def default(o: Any) -> Any:
        if isinstance(o, date):  # datetime is a date too
            return o.isoformat()
        return DefaultJSONProvider.default(o)
