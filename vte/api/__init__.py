"""The JSON API under /api/v1, documented by flask-smorest (OpenAPI 3 at /api/openapi.json)."""

from __future__ import annotations

from flask import Flask, render_template, url_for
from flask_smorest import Api

from ..errors import handle_http_exception
from ..extensions import csrf
from ..schemas.common import ErrorSchema
from .account import blp as account_blp
from .admin import blp as admin_blp
from .alerts import blp as alerts_blp
from .applications import blp as applications_blp
from .auth import blp as auth_blp
from .communes import blp as communes_blp
from .companies import blp as companies_blp
from .favourites import blp as favourites_blp
from .invitations import blp as invitations_blp
from .offer_map import blp as offer_map_blp
from .offers import blp as offers_blp
from .schools import blp as schools_blp
from .students import blp as students_blp
from .territoires import blp as territoires_blp
from .territoires import departements_blp


class VteApi(Api):
    """flask-smorest's Api with our error body `{"error": {"code", "message", "fields"}}`, in the
    responses and in the OpenAPI document."""

    ERROR_SCHEMA = ErrorSchema

    def handle_http_exception(self, error):  # noqa: D401 - flask-smorest hook
        return handle_http_exception(error)

    def _openapi_swagger_ui(self):
        """/api/docs without flask-smorest's inline script, which the Content-Security-Policy
        (vte.security_headers) refuses: the same Swagger UI, started by a static file."""
        return render_template(
            "api_docs.html",
            title=self.spec.title,
            spec_url=url_for(f"{self._make_doc_blueprint_name()}.openapi_json"),
            swagger_ui_url=self._swagger_ui_url,
            swagger_ui_config=self.config.get("OPENAPI_SWAGGER_UI_CONFIG", {}),
        )


api = VteApi()


def init_api(app: Flask) -> None:
    description = "API de VTE Match (Volontariat Territorial en Entreprise)."
    api.init_app(app, spec_kwargs={"info": {"description": description}})
    api.spec.components.security_scheme("bearerAuth", {"type": "http", "scheme": "bearer"})
    api.spec.components.security_scheme("cookieAuth", {"type": "apiKey", "in": "cookie", "name": "session"})
    blueprints = (
        auth_blp,
        account_blp,
        communes_blp,
        offer_map_blp,
        offers_blp,
        students_blp,
        companies_blp,
        applications_blp,
        schools_blp,
        territoires_blp,
        departements_blp,
        admin_blp,
        alerts_blp,
        invitations_blp,
        favourites_blp,
    )
    for blueprint in blueprints:
        # Cookie-authenticated API writes are checked by vte.auth (X-CSRFToken header) instead.
        csrf.exempt(blueprint)
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{blueprint.url_prefix or ''}")
