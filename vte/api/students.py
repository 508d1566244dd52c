"""The student's own space: profile, matches, export, erasure."""
from __future__ import annotations

from flask import current_app
from flask_login import logout_user
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..auth import current
from ..embeddings import get_encoder
from ..extensions import db
from ..matching import match_filters, offer_matches
from ..students import erase_account, export_data, join_school, profile_out, require_profile, save_profile
from ..vocab import ContractType, Role, StudentStatus
from .offers import OfferOut
from .schemas import Breakdown, CommuneRef, IdNameRef, LevelField, LocationIn, MessageOut, PageArgs

blp = Blueprint("students", __name__, url_prefix="/students", description="Espace étudiant")

CONTRACTS = [c.value for c in ContractType]
STUDENT_ONLY = (Role.STUDENT,)


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
    contract_types = fields.List(fields.String(validate=validate.OneOf(CONTRACTS)), required=True,
                                 validate=validate.Length(min=1, max=4))
    available_from = fields.Date(allow_none=True)
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


class MatchPage(Schema):
    items = fields.List(fields.Nested(OfferMatch), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class ExportOut(Schema):
    account = fields.Dict(required=True)
    profile = fields.Dict(allow_none=True)
    applications = fields.List(fields.Dict(), required=True)
    api_tokens = fields.List(fields.Dict(), required=True)


@blp.route("/me")
@blp.response(200, ProfileOut)
def get_profile():
    """Your profile (404 until you fill it)."""
    return profile_out(db.session, require_profile(db.session, current(roles=STUDENT_ONLY)))


@blp.route("/me", methods=["PUT"])
@blp.arguments(ProfileIn)
@blp.response(200, ProfileOut)
def put_profile(data):
    """Create or replace your profile (fields of formats.md; location by INSEE code, postcode or
    coordinates). Your text is embedded at once so that your matches are up to date."""
    user = current(roles=STUDENT_ONLY)
    profile = save_profile(db.session, get_encoder(current_app.config), user, data)
    db.session.commit()
    return profile_out(db.session, profile)


@blp.route("/me/school", methods=["POST"])
@blp.arguments(JoinSchoolIn)
@blp.response(200, IdNameRef)
def post_school(data):
    """Join your school with the invitation code it gave you."""
    school = join_school(db.session, current(roles=STUDENT_ONLY), data["invitation_code"])
    db.session.commit()
    return school


@blp.route("/me/matches")
@blp.arguments(MatchArgs, location="query")
@blp.response(200, MatchPage)
def matches(args):
    """Offers ranked for you, each with its score breakdown and a one-line explanation."""
    user = current(roles=STUDENT_ONLY)
    profile = require_profile(db.session, user)
    result = offer_matches(db.session, get_encoder(current_app.config), current_app.config, profile,
                           filters=match_filters(args), query=args.get("q"), page=args["page"], per_page=args["per_page"])
    db.session.commit()  # embeddings of a new query are cached
    return result


@blp.route("/me/export")
@blp.response(200, ExportOut)
def export():
    """All the data the service holds about you, as JSON."""
    return export_data(db.session, current(roles=STUDENT_ONLY))


@blp.route("/me", methods=["DELETE"])
@blp.response(200, MessageOut)
def delete_me():
    """Delete your account and profile. Open applications are withdrawn; placements stay in your
    school's statistics without your name."""
    erase_account(db.session, current(roles=STUDENT_ONLY))
    db.session.commit()
    logout_user()
    return {"message": "Compte supprimé."}
