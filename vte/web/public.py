"""Public pages: home, offer search with a map, offer page."""
from __future__ import annotations

from flask import render_template

from ..extensions import db
from ..stats import home_figures
from . import bp


@bp.get("/")
def home():
    return render_template("public/home.html", figures=home_figures(db.session))


@bp.get("/offres")
def search():
    return render_template("errors.html", status=501, message="Page en construction."), 501
