"""Invitations to apply (a company invites a recommended candidate)."""

from __future__ import annotations

from marshmallow import Schema, fields

from .common import row_id


class InviteIn(Schema):
    student_id = row_id(required=True, strict=True, metadata={"description": "A recommended candidate"})


class ApplyInvitationOut(Schema):
    offer_id = fields.Integer(required=True)
    title = fields.String(required=True)
    company = fields.String(required=True)
    invited_at = fields.DateTime(required=True)


class ApplyInvitationList(Schema):
    items = fields.List(fields.Nested(ApplyInvitationOut), required=True)
