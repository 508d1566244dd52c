"""The programme operator's verification queues."""

from __future__ import annotations

from marshmallow import Schema, fields, validate


class DomainDecisionIn(Schema):
    email_domain = fields.String(
        required=True,
        validate=validate.Length(min=1, max=120),
        metadata={"description": "The domain you saw: the decision applies only if the request is unchanged."},
    )


class PendingDomainOut(Schema):
    school_id = fields.Integer(required=True)
    school = fields.String(required=True)
    email_domain = fields.String(required=True)
    staff = fields.List(fields.String(), required=True)


class PendingDomainList(Schema):
    items = fields.List(fields.Nested(PendingDomainOut), required=True)


class UnverifiedCompanyOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    siren = fields.String(required=True)
    created_at = fields.DateTime(required=True)
    recruiters = fields.List(fields.String(), required=True)
    published_offers = fields.Integer(required=True)


class UnverifiedCompanyList(Schema):
    items = fields.List(fields.Nested(UnverifiedCompanyOut), required=True)
