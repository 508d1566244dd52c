"""« Mon compte », for every role: the address and its confirmation, the password, the export of
one's data and the erasure of the account."""

from __future__ import annotations

import json

from flask import Response, flash, redirect, render_template, request, url_for

from ..account_data import erase_account, export_account
from ..account_links import change_password, send_verification
from ..auth import login_limit, sign_in, sign_out
from ..errors import ServiceError
from ..extensions import db, limiter
from ..links import verification_link
from ..vocab import Role
from .access import page_for, signed_in_user
from .blueprint import bp
from .forms import FormState, checked, errors_of, roll_back_refused
from .student_display import export_default

EXPORT_NAME = "vte-match-mes-donnees.json"
any_account = page_for(Role.STUDENT, Role.COMPANY, Role.SCHOOL)


def export_response(user) -> Response:
    """The download of everything the service holds about `user` (JSON)."""
    body = json.dumps(export_account(db.session, user), ensure_ascii=False, indent=2, default=export_default)
    return Response(
        body,
        mimetype="application/json",
        headers={"Content-Disposition": f'attachment; filename="{EXPORT_NAME}"', "Cache-Control": "no-store"},
    )


def _page(password_form: FormState | None = None, status: int = 200):
    return render_template(
        "account/settings.html", user=signed_in_user(), password_form=password_form or FormState({})
    ), status


@bp.get("/compte")
@any_account
def account():
    return _page()


@bp.post("/compte/mot-de-passe")
@any_account
def account_password():
    user = signed_in_user()
    form = FormState({})
    try:
        if request.form.get("password") != request.form.get("password_confirm"):
            form.errors["password_confirm"] = ["Les deux mots de passe doivent être identiques."]
            return _page(form, 422)
        change_password(db.session, user, request.form.get("current_password", ""), request.form.get("password", ""))
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        form.errors.update(errors_of(exc))
        return _page(form, exc.status)
    sign_in(user)
    flash("Mot de passe modifié : vos autres sessions sont fermées.", "success")
    return redirect(url_for("web.account"))


@bp.post("/compte/confirmation")
@any_account
@limiter.limit(login_limit)
def account_resend_verification():
    user = signed_in_user()
    if user.email_verified_at is None:
        send_verification(db.session, user, verification_link())
        db.session.commit()
        flash(f"Un nouveau lien de confirmation a été envoyé à {user.email}.", "info")
    return redirect(url_for("web.account"))


@bp.get("/compte/donnees.json")
@any_account
def account_export():
    return export_response(signed_in_user())


def _delete_page(form: FormState, status: int = 200):
    return render_template("account/delete.html", form=form, user=signed_in_user()), status


@bp.route("/compte/supprimer", methods=["GET", "POST"])
@any_account
def account_delete():
    user = signed_in_user()
    if user.role == Role.STUDENT:
        return redirect(url_for("web.student_delete"))  # with what happens to applications
    if request.method == "GET":
        return _delete_page(FormState({}))
    if not checked(request.form, "confirm"):
        message = "Cochez la case pour confirmer la suppression définitive de votre compte."
        return _delete_page(FormState(request.form, {"confirm": [message]}), 422)
    try:
        erase_account(db.session, user)
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        return _delete_page(FormState(request.form, errors_of(exc)), exc.status)
    sign_out()
    flash("Votre compte est supprimé. Merci d'avoir utilisé VTE Match.", "success")
    return redirect(url_for("web.home"))
