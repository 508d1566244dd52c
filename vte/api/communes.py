"""GET /api/v1/communes?q= : commune autocomplete."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..extensions import db
from ..locations import search_communes
from ..schemas.places import CommuneList, CommuneQuery

blp = Blueprint("communes", __name__, url_prefix="/communes", description="Communes (autocomplétion)")


@blp.route("")
@blp.arguments(CommuneQuery, location="query")
@blp.response(200, CommuneList)
def list_communes(args):
    """Autocomplete communes by name or postcode prefix (accents and case ignored), by population."""
    return {"items": search_communes(db.session, args["q"], args["limit"])}
