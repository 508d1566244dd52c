"""GET /api/v1/offers/map : the offers of a search as map points (same filters as the search)."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from ..embeddings import get_encoder
from ..extensions import db
from ..offer_search import offer_points, search_filters
from ..schemas.offers import MapArgs, OfferPoints

blp = Blueprint("offer_map", __name__, url_prefix="/offers", description="Offres de mission VTE")


@blp.route("/map")
@blp.arguments(MapArgs, location="query")
@blp.response(200, OfferPoints)
def offers_map(args):
    """The offers of a search (same filters and order as GET /offers) as points for a map: the
    first 2,000, each at its commune."""
    result = offer_points(
        db.session,
        get_encoder(current_app.config),
        current_app.config,
        q=args.get("q"),
        filters=search_filters(args),
        sort=args.get("sort"),
    )
    return result
