"""The student's space: profile, school, matches, export."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate, validates_schema

from ..vocab import StudentStatus
from .common import BoundedDate, Breakdown, CommuneRef, LevelField, LocationIn, PageArgs, SchoolRef, page_of
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
    school = fields.Nested(SchoolRef, allow_none=True)
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
    invitation_code = fields.String(
        validate=validate.Length(min=4, max=20), metadata={"description": "Le code d'invitation de votre école."}
    )
    school = fields.String(
        validate=validate.Length(min=1, max=250),
        metadata={
            "description": "Ou le nom de votre école (sigle, ancien nom, campus) ou son code UAI ; une école que le "
            "registre ne connaît pas est gardée telle que saisie et vérifiée par un administrateur."
        },
    )

    @validates_schema
    def one_way(self, data, **kwargs):
        if bool(data.get("invitation_code")) == bool(data.get("school")):
            message = "Donnez soit le code d'invitation de votre école, soit son nom."
            raise ValidationError({"invitation_code": [message], "school": [message]})


class MatchArgs(PageArgs):
    contract_type = fields.String(validate=validate.OneOf(CONTRACTS))
    radius_km = fields.Float(validate=validate.Range(min=1, max=2000))
    green = fields.Boolean()
    territory_only = fields.Boolean()
    q = fields.String(validate=validate.Length(min=1, max=200))


class OfferMatch(Schema):
    # Nothing of the student's own applications here: GET /students/me/matches keeps this answer
    # under `vte.matching.matches_key`, which does not follow them (the HTML page adds them apart).
    offer = fields.Nested(OfferOut, required=True)
    score = fields.Float(required=True)
    breakdown = fields.Nested(Breakdown, required=True)


MatchPage = page_of(OfferMatch, name="MatchPage")
