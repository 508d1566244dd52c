"""GET /api/v1/offers/map : the offers of a search as map points (same filters as the search)."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..embeddings import get_encoder
from ..extensions import db
from ..offer_search import MAX_POINTS, offer_points, search_filters
from .offers import SearchArgs

blp = Blueprint("offer_map", __name__, url_prefix="/offers", description="Offres de mission VTE")


class MapArgs(SearchArgs):
    class Meta:
        exclude = ("page", "per_page")


class OfferPoint(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    company = fields.String(required=True)
    green = fields.Boolean(required=True)
    lat = fields.Float(required=True)
    lon = fields.Float(required=True)


class OfferPoints(Schema):
    items = fields.List(fields.Nested(OfferPoint), required=True)
    total = fields.Integer(required=True, metadata={"description": "Offres trouvées"})
    truncated = fields.Boolean(required=True, metadata={"description": f"Plus de {MAX_POINTS} offres : les premières seulement"})


@blp.route("/map")
@blp.arguments(MapArgs, location="query")
@blp.response(200, OfferPoints)
def offers_map(args):
    """The offers of a search (same filters and order as GET /offers) as points for a map: the
    first 2,000, each at its commune."""
    result = offer_points(db.session, get_encoder(current_app.config), current_app.config, q=args.get("q"),
                          filters=search_filters(args), sort=args.get("sort"))
    db.session.commit()  # the embedding of a new query is cached
    return result
