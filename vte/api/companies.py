"""Entreprises et éligibilité VTE."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("companies", __name__, url_prefix="/companies", description="Entreprises et éligibilité VTE")
