"""GET /api/v1/communes?q= : commune autocomplete."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..extensions import db
from ..locations import search_communes
from .schemas import NamedCode, TerritoireRef

blp = Blueprint("communes", __name__, url_prefix="/communes", description="Communes (autocomplétion)")


class CommuneQuery(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=100))
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class CommuneOut(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    postcodes = fields.List(fields.String(), required=True)
    departement = fields.Nested(NamedCode, required=True)
    population = fields.Integer(required=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    territoire = fields.Nested(TerritoireRef, allow_none=True)
    territoire_known = fields.Boolean(required=True)


class CommuneList(Schema):
    items = fields.List(fields.Nested(CommuneOut), required=True)


@blp.route("")
@blp.arguments(CommuneQuery, location="query")
@blp.response(200, CommuneList)
def list_communes(args):
    """Autocomplete communes by name or postcode prefix (accents and case ignored), by population."""
    return {"items": search_communes(db.session, args["q"], args["limit"])}
