"""Student pages (issue 5): profile wizard, « Mes offres », applications, export, erasure."""
from __future__ import annotations

from flask import render_template

from ..vocab import Role
from . import bp
from .access import page_for


@bp.get("/etudiant/offres")
@page_for(Role.STUDENT)
def student_matches():
    return render_template("errors.html", status=501, message="Page en construction."), 501


@bp.get("/etudiant/profil")
@page_for(Role.STUDENT)
def student_profile():
    return render_template("errors.html", status=501, message="Page en construction."), 501


@bp.get("/etudiant/candidatures")
@page_for(Role.STUDENT)
def student_applications():
    return render_template("errors.html", status=501, message="Page en construction."), 501
