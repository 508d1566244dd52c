"""The programme operator's pages: the verification queues (school e-mail domains, companies) and
the outbox of e-mails."""

from __future__ import annotations

from flask import Response, current_app, flash, redirect, render_template, request, url_for

from ..company_verification import unverified_companies, verify_company
from ..eligibility import rules_for_config
from ..errors import ServiceError
from ..extensions import db
from ..mailer import outbox_rows
from ..programme_stats import programme_stats, stats_csv
from ..school_domains import approve_domain, pending_domains, refuse_domain
from ..school_registry import attach_school, unattached_schools
from ..vocab import Role
from .access import page_for
from .admin_display import programme_cards
from .blueprint import bp
from .forms import roll_back_refused
from .school_display import days, rate

admin_page = page_for(Role.ADMIN)


@bp.get("/admin")
@admin_page
def admin_home():
    return render_template(
        "admin/home.html",
        domains=pending_domains(db.session),
        companies=unverified_companies(db.session),
        entered_schools=unattached_schools(db.session),
    )


@bp.get("/admin/courriels")
@admin_page
def admin_outbox():
    """The latest e-mails of the outbox and their delivery (`flask send-mail` sends them)."""
    return render_template("admin/outbox.html", emails=outbox_rows(db.session))


@bp.get("/admin/programme")
@admin_page
def admin_programme():
    """National, regional and per-territory figures, a map of territories by activity."""
    stats = programme_stats(db.session, rules_for_config(current_app.config))
    return render_template(
        "admin/programme.html",
        stats=stats,
        cards=programme_cards(stats["national"]),
        activity={r["territory"]: r["hires"] + r["applications"] for r in stats["by_territory"] if r["in_territory"]},
        share=rate,
        days=days,
    )


@bp.get("/admin/programme.csv")
@admin_page
def admin_programme_csv():
    stats = programme_stats(db.session, rules_for_config(current_app.config))
    return Response(
        stats_csv(stats),
        mimetype="text/csv",
        headers={"Content-Disposition": 'attachment; filename="vte-match-programme.csv"'},
    )


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


@bp.post("/admin/ecoles-saisies")
@admin_page
def admin_attach_school():
    """Attach a school name typed by students to a school of the registry."""
    entered = (request.form.get("entered_name") or "").strip()
    raw_id = request.form.get("school_id") or ""
    if not raw_id.isdigit():
        flash("Choisissez l'école du registre à laquelle rattacher ce nom.", "error")
        return redirect(url_for("web.admin_home") + "#ecoles")
    return _decided(
        lambda: attach_school(db.session, entered, int(raw_id)),
        f"« {entered} » est rattaché à l'école choisie : ses étudiants y sont inscrits.",
    )


@bp.post("/admin/entreprises/<int:company_id>/verifier")
@admin_page
def admin_verify_company(company_id: int):
    return _decided(lambda: verify_company(db.session, company_id), "Entreprise marquée comme vérifiée.")
