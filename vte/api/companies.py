"""Entreprises : inscription, fiche publique, éligibilité VTE, offres de l'entreprise."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..auth import current
from ..companies import company_eligibility, company_to_dict, create_company, list_company_offers, update_company
from ..eligibility import rules_for_config
from ..extensions import db
from ..permissions import get_company_for, manages_company
from ..vocab import OfferStatus, Role
from .offers import ApplicationCounts, OfferOut
from .schemas import CommuneRef, LocationIn, PageArgs, TerritoireRef

blp = Blueprint("companies", __name__, url_prefix="/companies", description="Entreprises et éligibilité VTE")

RECRUITERS = (Role.COMPANY, Role.ADMIN)


class CompanyIn(Schema):
    siren = fields.String(required=True, validate=validate.Length(min=1, max=20), metadata={"example": "552100554"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=250))
    naf = fields.String(required=True, validate=validate.Length(min=1, max=10), metadata={"example": "25.62A"})
    headcount = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=10_000_000))
    location = fields.Nested(LocationIn, required=True)


class NafOut(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


class CompanyOut(Schema):
    id = fields.Integer(required=True)
    siren = fields.String(required=True)
    name = fields.String(required=True)
    naf = fields.Nested(NafOut, allow_none=True)
    headcount = fields.Integer(allow_none=True)
    commune = fields.Nested(CommuneRef, allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    territoire = fields.Nested(TerritoireRef, allow_none=True)


class ConditionOut(Schema):
    code = fields.String(required=True)
    met = fields.Boolean(allow_none=True, metadata={"description": "null : inconnu"})
    message = fields.String(required=True)


class AidOut(Schema):
    code = fields.String(required=True, metadata={"example": "vte_ti"})
    label = fields.String(required=True)
    amount_eur = fields.Float(required=True)
    unit = fields.String(allow_none=True)
    eligible = fields.Boolean(allow_none=True, metadata={"description": "null : inconnu"})
    conditions = fields.List(fields.Nested(ConditionOut), required=True)
    mission_conditions = fields.List(fields.String(), required=True,
                                     metadata={"description": "Conditions à remplir par chaque mission."})
    notes = fields.String(allow_none=True)


class RulesOut(Schema):
    version = fields.String(required=True)
    title = fields.String(allow_none=True)
    source = fields.String(required=True)
    source_date = fields.Date(required=True)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(allow_none=True)
    notes = fields.String(allow_none=True)


class CompanyBriefOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    siren = fields.String(required=True)


class EligibilityOut(Schema):
    company = fields.Nested(CompanyBriefOut, required=True)
    commune = fields.Nested(CommuneRef, allow_none=True)
    date = fields.Date(required=True)
    in_territory = fields.Boolean(allow_none=True,
                                  metadata={"description": "null : aucune liste de Territoires d'industrie chargée"})
    territory = fields.Nested(TerritoireRef, allow_none=True)
    territory_list_version = fields.String(allow_none=True)
    territory_message = fields.String(required=True)
    headcount = fields.Integer(allow_none=True)
    size_category = fields.String(allow_none=True, metadata={"description": "pme, eti, grande_entreprise"})
    pme = fields.Boolean(allow_none=True)
    pme_eti = fields.Boolean(allow_none=True)
    size_message = fields.String(required=True)
    aids = fields.List(fields.Nested(AidOut), required=True)
    rules = fields.Nested(RulesOut, allow_none=True)
    rules_message = fields.String(allow_none=True)


class CompanyOfferArgs(PageArgs):
    status = fields.String(validate=validate.OneOf([s.value for s in OfferStatus]),
                           metadata={"description": "Recruteurs de l'entreprise seulement."})


class CompanyOfferOut(OfferOut):
    applications = fields.Nested(ApplicationCounts, metadata={"description": "Recruteurs de l'entreprise seulement."})


class CompanyOfferPage(Schema):
    items = fields.List(fields.Nested(CompanyOfferOut), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


@blp.route("", methods=["POST"])
@blp.arguments(CompanyIn)
@blp.response(201, CompanyOut)
def post_company(data):
    """Register your company (SIREN checked, one registration per SIREN; NAF code as 25.62A or
    2562A; location by INSEE code, postcode or coordinates). Your recruiter account is attached
    to it."""
    company = create_company(db.session, current(roles=RECRUITERS), data)
    db.session.commit()
    return company_to_dict(db.session, company)


@blp.route("/<int:company_id>")
@blp.response(200, CompanyOut)
def get_company(company_id):
    """A company's public description."""
    return company_to_dict(db.session, get_company_for(db.session, company_id, current(require=False), "read"))


@blp.route("/<int:company_id>", methods=["PUT"])
@blp.arguments(CompanyIn)
@blp.response(200, CompanyOut)
def put_company(data, company_id):
    """Replace your company's description (its recruiters and admins)."""
    company = get_company_for(db.session, company_id, current(roles=RECRUITERS), "write")
    update_company(db.session, company, data)
    db.session.commit()
    return company_to_dict(db.session, company)


@blp.route("/<int:company_id>/eligibility")
@blp.response(200, EligibilityOut)
def eligibility(company_id):
    """VTE eligibility today: Territoire d'industrie of the current list (`in_territory` null when
    no list is loaded), PME/ETI by headcount, and the aids to expect from the rules table in
    force (amounts, conditions, source and its date)."""
    company = get_company_for(db.session, company_id, current(require=False), "read")
    return company_eligibility(db.session, company, rules_for_config(current_app.config))


@blp.route("/<int:company_id>/offers")
@blp.arguments(CompanyOfferArgs, location="query")
@blp.response(200, CompanyOfferPage)
def company_offers(args, company_id):
    """The company's offers: all statuses with application counts for its recruiters, the
    published ones for everyone else."""
    user = current(require=False)
    company = get_company_for(db.session, company_id, user, "read")
    owner = manages_company(user, company.id)
    status = OfferStatus(args["status"]) if args.get("status") and owner else None
    items, total = list_company_offers(db.session, company, owner, status=status,
                                       page=args["page"], per_page=args["per_page"])
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}
