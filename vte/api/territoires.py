"""Contours for maps, as GeoJSON: the Territoires d'industrie (GET /api/v1/territoires/contours) and
the départements (GET /api/v1/departements/contours, the offline background of the maps)."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..extensions import db
from ..schemas.places import DepartementCollection, FeatureCollection
from ..territory_map import departement_contours, territory_contours

blp = Blueprint("territoires", __name__, url_prefix="/territoires", description="Territoires d'industrie")
departements_blp = Blueprint(
    "departements", __name__, url_prefix="/departements", description="Départements (fond de carte)"
)


@blp.route("/contours")
@blp.response(200, FeatureCollection)
def contours():
    """Approximate contours of the territories of the current list (convex hulls of the member
    communes of each EPCI), for maps. Empty when no list is loaded."""
    return territory_contours(db.session)


@departements_blp.route("/contours")
@departements_blp.response(200, DepartementCollection)
def departements():
    """Approximate contours of the départements (convex hulls of their communes), the background
    of the maps when no tile server is configured."""
    return departement_contours(db.session)
