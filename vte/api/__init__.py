"""The JSON API under /api/v1, documented by flask-smorest (OpenAPI 3 at /api/openapi.json)."""
from __future__ import annotations

from flask import Flask
from flask_smorest import Api

from ..errors import handle_http_exception


class VteApi(Api):
    """flask-smorest's Api with our error body `{"error": {"code", "message", "fields"}}`."""

    def handle_http_exception(self, error):  # noqa: D401 - flask-smorest hook
        return handle_http_exception(error)


api = VteApi()


def init_api(app: Flask) -> None:
    from .communes import blp as communes_blp
    from .offers import blp as offers_blp

    api.init_app(app, spec_kwargs={"info": {"description": "API de VTE Match (Volontariat Territorial en Entreprise)."}})
    for blueprint in (communes_blp, offers_blp):
        api.register_blueprint(blueprint, url_prefix=f"/api/v1{blueprint.url_prefix or ''}")
