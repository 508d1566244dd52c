"""Pages reached from an e-mailed link, or before signing in: « Mot de passe oublié », the new
password of a reset link, the confirmation of an address. A link opened (GET) shows a form; only
its POST redeems the secret, so a mail client that prefetches links uses nothing up."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..account_links import RESET_REQUESTED, request_password_reset, reset_password, verify_email
from ..auth import login_limit, sign_in
from ..errors import InputError, ServiceError
from ..extensions import db, limiter
from ..links import reset_link
from ..models import School
from ..vocab import Role
from .access import home_of, signed_in_user
from .blueprint import bp
from .forms import FormState, errors_of, roll_back_refused, text


def _link_errors(exc: ServiceError) -> dict[str, list[str]]:
    """The form's errors; a bad link (no field on the page) is a message of the whole form."""
    errors = errors_of(exc)
    if "token" in errors:
        errors["_form"] = errors.pop("token")
    return errors


@bp.route("/mot-de-passe-oublie", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def password_forgotten():
    form = FormState(request.form)
    if request.method == "POST":
        email = text(request.form, "email")
        if not email:
            form.errors["email"] = ["Indiquez l'adresse e-mail de votre compte."]
            return render_template("account/password_forgotten.html", form=form), 422
        request_password_reset(db.session, email[:254], reset_link())
        db.session.commit()
        flash(RESET_REQUESTED, "info")
        return redirect(url_for("web.login"))
    return render_template("account/password_forgotten.html", form=form)


@bp.route("/mot-de-passe/nouveau/<token>", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def password_reset(token: str):
    form = FormState(request.form)
    if request.method == "GET":
        return render_template("account/password_reset.html", form=form)
    try:
        if request.form.get("password") != request.form.get("password_confirm"):
            raise InputError.on("password_confirm", "Les deux mots de passe doivent être identiques.")
        user = reset_password(db.session, token, request.form.get("password", ""))
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        form.errors.update(_link_errors(exc))
        return render_template("account/password_reset.html", form=form, bad_link="_form" in form.errors), exc.status
    sign_in(user)
    flash("Votre nouveau mot de passe est enregistré ; vos autres sessions sont fermées.", "success")
    return redirect(home_of(user))


@bp.route("/adresse/confirmer/<token>", methods=["GET", "POST"])
def verify_email_page(token: str):
    form = FormState({})
    if request.method == "GET":
        return render_template("account/verify_email.html", form=form)
    try:
        user = verify_email(db.session, token)
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        form.errors.update(_link_errors(exc))
        return render_template("account/verify_email.html", form=form), exc.status
    school = db.session.get(School, user.school_id) if user.role == Role.STUDENT and user.school_id else None
    flash(
        "Votre adresse e-mail est confirmée." + (f" Vous êtes rattaché à {school.name}." if school else ""),
        "success",
    )
    current = signed_in_user()
    return redirect(home_of(current) if current is not None else url_for("web.login"))
