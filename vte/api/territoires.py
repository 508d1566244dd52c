"""Contours for maps, as GeoJSON: the Territoires d'industrie (GET /api/v1/territoires/contours) and
the départements (GET /api/v1/departements/contours, the offline background of the maps)."""
from __future__ import annotations

from flask_smorest import Blueprint
from marshmallow import Schema, fields

from ..extensions import db
from ..territory_map import departement_contours, territory_contours

blp = Blueprint("territoires", __name__, url_prefix="/territoires", description="Territoires d'industrie")
departements_blp = Blueprint("departements", __name__, url_prefix="/departements",
                             description="Départements (fond de carte)")


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


class DepartementCollection(Schema):
    type = fields.String(required=True, metadata={"example": "FeatureCollection"})
    features = fields.List(fields.Dict(), required=True,
                           metadata={"description": "Un Polygon par département ; propriétés code, name."})


@departements_blp.route("/contours")
@departements_blp.response(200, DepartementCollection)
def departements():
    """Approximate contours of the départements (convex hulls of their communes), the background
    of the maps when no tile server is configured."""
    return departement_contours(db.session)
