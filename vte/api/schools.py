"""Écoles : étudiants, statistiques, imports."""
from __future__ import annotations

from flask_smorest import Blueprint

blp = Blueprint("schools", __name__, url_prefix="/schools", description="Écoles : étudiants, statistiques, imports")
