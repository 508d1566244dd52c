"""Alerts (saved searches) of a student: created from the offers page or « Mes offres », listed
and removed at /etudiant/alertes; the e-mails' one-click unsubscribe page."""

from __future__ import annotations

from flask import current_app, flash, redirect, render_template, request, url_for

from ..alerts import FREQUENCY_LABELS, create_alert, delete_alert, list_alerts, unsubscribe
from ..errors import ServiceError
from ..extensions import csrf, db
from ..schemas.offers import SearchArgs
from .access import signed_in_user
from .blueprint import bp
from .forms import FormState, errors_of, roll_back_refused, validate
from .public import search_payload
from .student import student_page


def _alerts_page(status: int = 200, problem: str | None = None):
    return render_template(
        "student/alerts.html",
        alerts=list_alerts(db.session, signed_in_user()),
        frequencies=FREQUENCY_LABELS,
        problem=problem,
    ), status


@bp.get("/etudiant/alertes")
@student_page
def student_alerts():
    return _alerts_page()


@bp.post("/etudiant/alertes")
@student_page
def student_alert_create():
    """From the offers page (the search's fields) or « Mes offres » (kind=matches)."""
    kind = request.form.get("kind", "search")
    try:
        params = validate(SearchArgs(), search_payload(request.form)) if kind == "search" else {}
        alert = create_alert(db.session, signed_in_user(), kind, params, request.form.get("frequency", ""))
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        return _alerts_page(exc.status, " ".join(sum(errors_of(exc).values(), [])) or exc.message)
    flash(
        f"Alerte créée : vous recevrez {FREQUENCY_LABELS[alert.frequency]} les nouvelles offres de « {alert.name} ».",
        "success",
    )
    return redirect(url_for("web.student_alerts"))


@bp.post("/etudiant/alertes/<int:alert_id>/supprimer")
@student_page
def student_alert_delete(alert_id: int):
    delete_alert(db.session, signed_in_user(), alert_id)  # 404 when not yours
    db.session.commit()
    flash("Alerte supprimée.", "success")
    return redirect(url_for("web.student_alerts"))


@bp.route("/alertes/desabonner/<token>", methods=["GET", "POST"])
@csrf.exempt  # the signed token in the address is the credential; a mail provider's one-click POST has no form token
def alert_unsubscribe(token: str):
    """The e-mail's link: a page with one button (a mail client that prefetches links changes
    nothing); its POST removes the alert, without signing in. The same POST is the e-mail's
    one-click List-Unsubscribe address (RFC 8058), which mail providers call with
    `List-Unsubscribe=One-Click`."""
    form = FormState({})
    if request.method == "GET":
        return render_template("student/alert_unsubscribe.html", form=form, done=False)
    try:
        removed = unsubscribe(db.session, token, current_app.config["SECRET_KEY"])
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        form.errors["_form"] = [exc.message]
        return render_template("student/alert_unsubscribe.html", form=form, done=False), exc.status
    return render_template("student/alert_unsubscribe.html", form=form, done=True, alert=removed)
