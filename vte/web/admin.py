"""The programme operator's pages: the verification queues (school e-mail domains, companies) and
the outbox of e-mails."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..company_verification import unverified_companies, verify_company
from ..errors import ServiceError
from ..extensions import db
from ..mailer import outbox_rows
from ..school_domains import approve_domain, pending_domains, refuse_domain
from ..vocab import Role
from .access import page_for
from .blueprint import bp
from .forms import roll_back_refused

admin_page = page_for(Role.ADMIN)


@bp.get("/admin")
@admin_page
def admin_home():
    return render_template(
        "admin/home.html", domains=pending_domains(db.session), companies=unverified_companies(db.session)
    )


@bp.get("/admin/courriels")
@admin_page
def admin_outbox():
    """The latest e-mails of the outbox and their delivery (`flask send-mail` sends them)."""
    return render_template("admin/outbox.html", emails=outbox_rows(db.session))


def _decided(action, message: str):
    """Run an admin decision (one commit); a stale or repeated decision comes back as a message."""
    try:
        action()
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        flash(exc.message, "error")
        return redirect(url_for("web.admin_home"))
    flash(message, "success")
    return redirect(url_for("web.admin_home"))


@bp.post("/admin/domaines/<int:school_id>")
@admin_page
def admin_domain_decision(school_id: int):
    domain = (request.form.get("email_domain") or "").strip()
    if request.form.get("decision") == "approve":
        return _decided(
            lambda: approve_domain(db.session, school_id, domain),
            f"Domaine @{domain} validé : les étudiants qui confirment une adresse de ce domaine rejoignent l'école.",
        )
    return _decided(lambda: refuse_domain(db.session, school_id, domain), f"Domaine @{domain} refusé.")


@bp.post("/admin/entreprises/<int:company_id>/verifier")
@admin_page
def admin_verify_company(company_id: int):
    return _decided(lambda: verify_company(db.session, company_id), "Entreprise marquée comme vérifiée.")
