"""What maps draw, as GeoJSON: the Territoires d'industrie (GET /api/v1/territoires/contours), the
départements (GET /api/v1/departements/contours, the offline background of the maps) and their
préfectures, to label the main towns (GET /api/v1/departements/prefectures)."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..extensions import db
from ..schemas.places import DepartementCollection, FeatureCollection, TownCollection
from ..territory_map import departement_contours, main_towns, territory_contours

blp = Blueprint("territoires", __name__, url_prefix="/territoires", description="Territoires d'industrie")
departements_blp = Blueprint(
    "departements", __name__, url_prefix="/departements", description="Départements (fond de carte)"
)


@blp.route("/contours")
@blp.response(200, FeatureCollection)
def contours():
    """Outlines of the territories of the current list (the union of their member communes'
    polygons, simplified to ~400 m), for maps. Empty when no list is loaded."""
    return territory_contours(db.session)


@departements_blp.route("/contours")
@departements_blp.response(200, DepartementCollection)
def departements():
    """Outlines of the départements (simplified to ~1 km), the background of the maps when no
    tile server is configured."""
    return departement_contours(db.session)


@departements_blp.route("/prefectures")
@departements_blp.response(200, TownCollection)
def prefectures():
    """The préfectures (chefs-lieux of départements and régions) at their commune's coordinates,
    to label the main towns on maps without tiles."""
    return main_towns(db.session)
