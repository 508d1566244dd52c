"""Your account, whatever your role: password, address verification, export, erasure."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

SECRET = validate.Length(min=1, max=200)


class PasswordResetIn(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254))


class PasswordResetConfirmIn(Schema):
    token = fields.String(required=True, validate=SECRET, metadata={"description": "From the e-mailed link."})
    password = fields.String(required=True, validate=validate.Length(max=200), load_only=True)


class PasswordChangeIn(Schema):
    current_password = fields.String(required=True, validate=validate.Length(max=200), load_only=True)
    password = fields.String(required=True, validate=validate.Length(max=200), load_only=True)


class VerifyEmailIn(Schema):
    token = fields.String(required=True, validate=SECRET, metadata={"description": "From the e-mailed link."})


class ExportOut(Schema):
    """Everything the service holds about you (vte.account_data.export_account)."""

    account = fields.Dict(required=True)
    school = fields.Dict(allow_none=True)
    company = fields.Dict(allow_none=True)
    profile = fields.Dict(allow_none=True)
    applications = fields.List(fields.Dict(), required=True)
    placements = fields.List(fields.Dict(), required=True)
    application_decisions = fields.List(fields.Dict(), required=True)
    emails = fields.List(fields.Dict(), required=True)
    alerts = fields.List(fields.Dict(), required=True)
    favourites = fields.List(fields.Dict(), required=True)
    api_tokens = fields.List(fields.Dict(), required=True)
