"""The HTML blueprint `web` and what every page's template sees: the navigation, the display
helpers, the French names of form fields, the map tile server. The pages attach their routes to
`bp` (account, public, student, company, school)."""

from __future__ import annotations

from flask import Blueprint, current_app
from flask_login import current_user

from .presenters import TEMPLATE_HELPERS, field_label, nav_items

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static", static_url_path="/static/web")
# The French name of a form field, for the error summary (`_macros.html`).
bp.add_app_template_global(field_label)


@bp.app_context_processor
def _page_context():
    user = current_user if current_user.is_authenticated else None
    return {"nav_items": nav_items(user), **TEMPLATE_HELPERS}


@bp.app_template_global()
def map_tiles() -> dict[str, str]:
    """The optional map tile server (none by default: offline maps), for the `map` macro."""
    return {
        "url": current_app.config.get("VTE_MAP_TILE_URL") or "",
        "attribution": current_app.config.get("VTE_MAP_TILE_ATTRIBUTION") or "",
    }
