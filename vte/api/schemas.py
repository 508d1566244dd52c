"""Marshmallow schemas shared by API endpoints: pagination, errors, locations."""
from __future__ import annotations

from marshmallow import Schema, fields, validate


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


class ErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(required=True)


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBody, required=True)


class NamedCode(Schema):
    code = fields.String(allow_none=True)
    name = fields.String(allow_none=True)


class TerritoireRef(Schema):
    name = fields.String(required=True)
    list_version = fields.String(required=True)
