"""Company pages (issue 5): company profile and eligibility, offers, candidates, pipeline."""
from __future__ import annotations

from flask import render_template

from ..vocab import Role
from . import bp
from .access import page_for


@bp.get("/entreprise")
@page_for(Role.COMPANY)
def company_home():
    return render_template("errors.html", status=501, message="Page en construction."), 501


@bp.get("/entreprise/offres")
@page_for(Role.COMPANY)
def company_offers():
    return render_template("errors.html", status=501, message="Page en construction."), 501
