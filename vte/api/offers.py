"""Offers: GET /api/v1/offers (published offers, paginated with a total)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..extensions import db
from ..offers import list_published_offers
from .schemas import PageArgs, TerritoireRef

blp = Blueprint("offers", __name__, url_prefix="/offers", description="Offres de mission VTE")


class CompanyBrief(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    siren = fields.String(required=True)


class OfferOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    contract_type = fields.String(required=True)
    duration_months = fields.Integer(allow_none=True)
    start_date = fields.Date(allow_none=True)
    remote = fields.String(required=True)
    level_min = fields.String(allow_none=True)
    green = fields.Boolean(required=True)
    salary_min = fields.Integer(allow_none=True)
    salary_max = fields.Integer(allow_none=True)
    published_at = fields.Date(allow_none=True)
    expires_at = fields.Date(allow_none=True)
    company = fields.Nested(CompanyBrief, required=True)
    commune = fields.Dict(allow_none=True)
    territoire = fields.Nested(TerritoireRef, allow_none=True)


class OfferPage(Schema):
    items = fields.List(fields.Nested(OfferOut), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


@blp.route("")
@blp.arguments(PageArgs, location="query")
@blp.response(200, OfferPage)
def list_offers(args):
    """Published, unexpired offers, most recent first."""
    items, total = list_published_offers(db.session, page=args["page"], per_page=args["per_page"])
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}
