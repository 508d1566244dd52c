"""GET /api/v1/territoires/contours : the Territoires d'industrie as GeoJSON, for maps."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..extensions import db
from ..territory_map import territory_contours

blp = Blueprint("territoires", __name__, url_prefix="/territoires", description="Territoires d'industrie")


class FeatureCollection(Schema):
    type = fields.String(required=True, metadata={"example": "FeatureCollection"})
    features = fields.List(fields.Dict(), required=True,
                           metadata={"description": "Un MultiPolygon par territoire ; propriétés name, list_version."})
    list_version = fields.String(allow_none=True, metadata={"description": "null : aucune liste chargée"})


@blp.route("/contours")
@blp.response(200, FeatureCollection)
def contours():
    """Approximate contours of the territories of the current list (convex hulls of the member
    communes of each EPCI), for maps. Empty when no list is loaded."""
    return territory_contours(db.session)
