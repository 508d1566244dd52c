"""The student's space: profile, school, matches, export."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..vocab import StudentStatus
from .common import BoundedDate, Breakdown, CommuneRef, IdNameRef, LevelField, LocationIn, PageArgs, page_of
from .offers import CONTRACTS, OfferOut


class ProfileIn(Schema):
    first_name = fields.String(validate=validate.Length(max=100), allow_none=True)
    last_name = fields.String(validate=validate.Length(max=100), allow_none=True)
    phone = fields.String(validate=validate.Length(max=30), allow_none=True)
    programme = fields.String(validate=validate.Length(max=250), allow_none=True)
    level = LevelField(required=True, metadata={"example": "bac+5"})
    status = fields.String(required=True, validate=validate.OneOf([s.value for s in StudentStatus]))
    summary = fields.String(required=True, validate=validate.Length(min=20, max=5000))
    skills = fields.List(fields.String(validate=validate.Length(min=1, max=80)), validate=validate.Length(max=50))
    languages = fields.List(fields.String(validate=validate.Length(min=1, max=60)), validate=validate.Length(max=20))
    contract_types = fields.List(
        fields.String(validate=validate.OneOf(CONTRACTS)), required=True, validate=validate.Length(min=1, max=4)
    )
    available_from = BoundedDate(allow_none=True)
    location = fields.Nested(LocationIn, required=True)
    max_distance_km = fields.Float(allow_none=True, validate=validate.Range(min=1, max=2000))
    wants_green = fields.Boolean()
    visible = fields.Boolean()


class ProfileOut(Schema):
    id = fields.Integer(required=True)
    school = fields.Nested(IdNameRef, allow_none=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    phone = fields.String(allow_none=True)
    programme = fields.String(allow_none=True)
    level = fields.String(required=True)
    status = fields.String(required=True)
    summary = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    languages = fields.List(fields.String(), required=True)
    contract_types = fields.List(fields.String(), required=True)
    available_from = fields.Date(allow_none=True)
    commune = fields.Nested(CommuneRef, allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    max_distance_km = fields.Float(allow_none=True)
    wants_green = fields.Boolean(required=True)
    visible = fields.Boolean(required=True)
    version = fields.Integer(
        metadata={"description": "changes at every save; send it back in If-Match to save only over this version"}
    )


class JoinSchoolIn(Schema):
    invitation_code = fields.String(required=True, validate=validate.Length(min=4, max=20))


class MatchArgs(PageArgs):
    contract_type = fields.String(validate=validate.OneOf(CONTRACTS))
    radius_km = fields.Float(validate=validate.Range(min=1, max=2000))
    green = fields.Boolean()
    territory_only = fields.Boolean()
    q = fields.String(validate=validate.Length(min=1, max=200))


class OfferMatch(Schema):
    offer = fields.Nested(OfferOut, required=True)
    score = fields.Float(required=True)
    breakdown = fields.Nested(Breakdown, required=True)


MatchPage = page_of(OfferMatch, name="MatchPage")
