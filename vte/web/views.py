"""Public pages."""
from __future__ import annotations

from flask import render_template

from ..extensions import db
from ..stats import home_figures
from . import bp


@bp.get("/")
def home():
    return render_template("home.html", figures=home_figures(db.session))
