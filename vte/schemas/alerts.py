"""Alerts: saved searches e-mailed daily or weekly."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .offers import SearchArgs


class AlertIn(Schema):
    kind = fields.String(
        load_default="search",
        validate=validate.OneOf(["search", "matches"]),
        metadata={"description": "search: the offers search of `search`; matches: « Mes offres »"},
    )
    frequency = fields.String(required=True, validate=validate.OneOf(["daily", "weekly"]))
    search = fields.Nested(SearchArgs, load_default=dict, metadata={"description": "The search's arguments"})


class AlertOut(Schema):
    id = fields.Integer(required=True)
    kind = fields.String(required=True)
    name = fields.String(required=True)
    params = fields.Dict(required=True)
    frequency = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    last_sent_at = fields.DateTime(allow_none=True)


class AlertList(Schema):
    items = fields.List(fields.Nested(AlertOut), required=True)
