"""Candidatures."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("applications", __name__, url_prefix="/applications", description="Candidatures")
