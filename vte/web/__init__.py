"""The HTML blueprint (French pages). Views are thin: parse, call one service, render."""
from flask import Blueprint

bp = Blueprint("web", __name__, template_folder="templates", static_folder="static",
               static_url_path="/static/web")

from . import views  # noqa: E402,F401  (attach the routes to the blueprint)
