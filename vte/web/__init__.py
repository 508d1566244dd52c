"""The HTML blueprint (French pages). Views are thin: parse the form, call the same service as the
JSON API, commit once, render."""
from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/web")


@bp.app_context_processor
def _page_context():
    from flask_login import current_user

    from .presenters import TEMPLATE_HELPERS, nav_items

    user = current_user if current_user.is_authenticated else None
    return {"nav_items": nav_items(user), **TEMPLATE_HELPERS}


@bp.app_template_global()
def field_label(name: str) -> str:
    """The French name of a form field, for the error summary (`_macros.html`)."""
    from .presenters import field_label as label

    return label(name)


@bp.app_template_global()
def map_tiles() -> dict[str, str]:
    """The optional map tile server (none by default: offline maps), for the `map` macro."""
    from flask import current_app

    return {"url": current_app.config.get("VTE_MAP_TILE_URL") or "",
            "attribution": current_app.config.get("VTE_MAP_TILE_ATTRIBUTION") or ""}


from . import account, company, public, school, student  # noqa: E402,F401  (attach the routes)
