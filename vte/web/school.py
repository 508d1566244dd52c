"""School pages (issue 5): dashboard, students, invitations, CSV import."""
from __future__ import annotations

from flask import render_template

from ..vocab import Role
from . import bp
from .access import page_for


@bp.get("/ecole")
@page_for(Role.SCHOOL)
def school_dashboard():
    return render_template("errors.html", status=501, message="Page en construction."), 501


@bp.get("/ecole/etudiants")
@page_for(Role.SCHOOL)
def school_students():
    return render_template("errors.html", status=501, message="Page en construction."), 501


@bp.get("/ecole/invitations")
@page_for(Role.SCHOOL)
def school_invitations():
    return render_template("errors.html", status=501, message="Page en construction."), 501
