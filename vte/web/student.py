"""Student pages (issue 5): profile wizard, « Mes offres », apply, applications, export, erasure.

Each view parses the form with the shared schema (`vte.schemas`), calls the same service as /api/v1/students and
/api/v1/applications, commits once and redirects (or re-renders the form, filled, with the errors).
"""

from __future__ import annotations

from functools import wraps

from flask import current_app, flash, redirect, render_template, request, url_for

from ..account_data import erase_account
from ..applications import apply_to_offer, change_status, list_applications, serialise_application
from ..apply_invitations import invitations_for_student
from ..auth import sign_out
from ..embeddings import get_encoder
from ..errors import ConflictError, InputError, ServiceError
from ..extensions import db
from ..matching import match_params, offer_matches
from ..offers import serialise_offer
from ..permissions import get_application_for, get_offer_for, student_of
from ..schemas.applications import ApplyIn
from ..schemas.students import JoinSchoolIn, MatchArgs, ProfileIn
from ..school_registry import choose_school
from ..students import (
    erasure_preview,
    join_school,
    own_profile_to_dict,
    save_profile,
    skill_suggestions,
    student_space,
)
from ..vocab import ApplicationStatus, Role
from . import student_display as show
from .access import page_for, signed_in_user
from .account_settings import export_response
from .blueprint import bp
from .forms import FormState, checked, errors_of, page_number, put, roll_back_refused, validate
from .presenters import CONTRACT_CHOICES, LEVEL_CHOICES, STATUS_CHOICES, component_rows, history_rows

MATCHES_PER_PAGE = 10
APPLICATIONS_PER_PAGE = 20
NEED_PROFILE = "Complétez d'abord votre profil : vos offres sont classées à partir de lui."


def student_page(view):
    """A page of the student space: students only (others: sign-in or 403); an admin, who has no
    student profile, gets a plain explanation instead."""

    @page_for(Role.STUDENT)
    @wraps(view)
    def wrapper(*args, **kwargs):
        if signed_in_user().role == Role.ADMIN:
            return render_template("student/admin_notice.html")
        return view(*args, **kwargs)

    return wrapper


# --- Profile wizard ---------------------------------------------------------------------------------


def _profile_page(form: FormState | None = None, join_form: FormState | None = None, status: int = 200):
    space = student_space(db.session, signed_in_user())
    profile = space["profile"]
    page = render_template(
        "student/profile.html",
        form=form or FormState(show.profile_values(profile)),
        join_form=join_form or FormState({}),
        school=space["school"],
        has_profile=profile is not None,
        mobility=show.profile_map(profile),
        suggestions=skill_suggestions(db.session),
        steps=show.profile_steps(space["school"] is not None, profile is not None),
        contract_choices=CONTRACT_CHOICES,
        level_choices=LEVEL_CHOICES,
        status_choices=STATUS_CHOICES,
    )
    return page, status


@bp.get("/etudiant/profil")
@student_page
def student_profile():
    return _profile_page()


@bp.post("/etudiant/profil")
@student_page
def student_profile_save():
    try:
        data = show.parse_profile(db.session, request.form, ProfileIn())
        save_profile(
            db.session,
            get_encoder(current_app.config),
            signed_in_user(),
            data,
            expected_version=show.edited_version(request.form),
        )
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        if "school" in exc.fields:  # no school yet: the page shows the invitation-code step
            return _profile_page(join_form=FormState({}, {"invitation_code": [exc.message]}), status=exc.status)
        return _profile_page(form=FormState(request.form, errors_of(exc)), status=exc.status)
    flash("Profil enregistré : voici les offres qui vous correspondent.", "success")
    return redirect(url_for("web.student_matches"))


@bp.post("/etudiant/ecole")
@student_page
def student_join_school():
    try:
        data = validate(JoinSchoolIn(), put({}, request.form, "invitation_code", "school"))
        if data.get("invitation_code"):
            school = join_school(db.session, signed_in_user(), data["invitation_code"])
        else:
            school = choose_school(db.session, signed_in_user(), data["school"])
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        return _profile_page(join_form=FormState(request.form, errors_of(exc)), status=exc.status)
    if not school.verified:
        flash(
            f"École enregistrée telle que saisie : « {school.name} ». Notre équipe la vérifiera. "
            "Complétez maintenant votre profil.",
            "success",
        )
        return redirect(url_for("web.student_profile"))
    flash(f"Vous avez rejoint {school.name}. Complétez maintenant votre profil.", "success")
    return redirect(url_for("web.student_profile"))


# --- Mes offres -------------------------------------------------------------------------------------


@bp.get("/etudiant/offres")
@student_page
def student_matches():
    profile = student_of(db.session, signed_in_user())
    if profile is None:
        flash(NEED_PROFILE, "info")
        return redirect(url_for("web.student_profile"))
    form, status = FormState(request.args), 200
    result = {"items": [], "total": 0, "page": 1, "per_page": MATCHES_PER_PAGE}
    try:
        args = validate(MatchArgs(), show.filter_payload(request.args, MATCHES_PER_PAGE))
        result = offer_matches(
            db.session,
            get_encoder(current_app.config),
            current_app.config,
            profile,
            **match_params(args),
        )
    except InputError as exc:
        db.session.rollback()
        form.errors.update(errors_of(exc))
        status = 422
    me = own_profile_to_dict(db.session, profile)
    return render_template(
        "student/matches.html",
        form=form,
        result=result,
        cards=show.match_cards(result["items"]),
        map_data=show.matches_map(result["items"], me),
        me=me,
        rows=component_rows(current_app.config),
        contract_choices=[c for c in CONTRACT_CHOICES if c[0] in me["contract_types"]],
        filters=show.filter_args(request.args),
        invitations=invitations_for_student(db.session, profile),
    ), status


# --- Apply ------------------------------------------------------------------------------------------


def _apply_page(offer_id: int, form: FormState, status: int = 200):
    user = signed_in_user()
    offer = serialise_offer(db.session, get_offer_for(db.session, offer_id, user, "read"), owner=False)
    existing, _ = list_applications(db.session, user, offer_id=offer_id, per_page=1)
    return render_template(
        "student/apply.html",
        form=form,
        offer=offer,
        offer_url=show.offer_url(offer_id),
        existing=show.application_rows(existing)[0] if existing else None,
    ), status


@bp.get("/etudiant/offres/<int:offer_id>/postuler")
@student_page
def student_apply(offer_id: int):
    if student_of(db.session, signed_in_user()) is None:
        flash(NEED_PROFILE, "info")
        return redirect(url_for("web.student_profile"))
    return _apply_page(offer_id, FormState({}))


@bp.post("/etudiant/offres/<int:offer_id>/postuler")
@student_page
def student_apply_send(offer_id: int):
    try:
        data = validate(ApplyIn(), {"offer_id": offer_id, **put({}, request.form, "message")})
        application = apply_to_offer(db.session, signed_in_user(), data["offer_id"], data.get("message"))
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        errors = {"_form": [exc.message]} if isinstance(exc, ConflictError) else errors_of(exc)
        return _apply_page(offer_id, FormState(request.form, errors), exc.status)
    flash("Votre candidature est envoyée : l'entreprise voit maintenant votre profil et votre message.", "success")
    return redirect(url_for("web.student_application", application_id=application.id))


# --- Mes candidatures -------------------------------------------------------------------------------


@bp.get("/etudiant/candidatures")
@student_page
def student_applications():
    page = page_number(request.args.get("page"))
    items, total = list_applications(db.session, signed_in_user(), page=page, per_page=APPLICATIONS_PER_PAGE)
    return render_template(
        "student/applications.html",
        rows=show.application_rows(items),
        total=total,
        page=page,
        per_page=APPLICATIONS_PER_PAGE,
    )


def _application(application_id: int, action: str = "read") -> dict:
    user = signed_in_user()
    return serialise_application(db.session, get_application_for(db.session, application_id, user, action), user)


@bp.get("/etudiant/candidatures/<int:application_id>")
@student_page
def student_application(application_id: int):
    detail = _application(application_id)
    return render_template(
        "student/application.html",
        application=detail,
        offer_url=show.offer_url(detail["offer"]["id"]),
        history=history_rows(detail["history"], signed_in_user().id, others="l'entreprise"),
        can_withdraw=ApplicationStatus.WITHDRAWN.value in detail["next_statuses"],
    )


def _withdraw_page(application_id: int, form: FormState, status: int = 200):
    detail = _application(application_id)
    return render_template(
        "student/withdraw.html",
        application=detail,
        form=form,
        can_withdraw=ApplicationStatus.WITHDRAWN.value in detail["next_statuses"],
    ), status


@bp.get("/etudiant/candidatures/<int:application_id>/retrait")
@student_page
def student_withdraw(application_id: int):
    return _withdraw_page(application_id, FormState({}))


@bp.post("/etudiant/candidatures/<int:application_id>/retrait")
@student_page
def student_withdraw_confirm(application_id: int):
    user = signed_in_user()
    application = get_application_for(db.session, application_id, user, "write")
    try:
        change_status(db.session, application, user, ApplicationStatus.WITHDRAWN)
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        return _withdraw_page(application_id, FormState({}, {"_form": [exc.message]}), exc.status)
    flash("Votre candidature est retirée. L'entreprise en est informée.", "success")
    return redirect(url_for("web.student_application", application_id=application_id))


# --- My data: export and erasure --------------------------------------------------------------------


@bp.get("/etudiant/donnees.json")
@student_page
def student_export():
    return export_response(signed_in_user())


def _delete_page(form: FormState, status: int = 200):
    return render_template(
        "student/delete.html", form=form, preview=erasure_preview(db.session, signed_in_user())
    ), status


@bp.get("/etudiant/supprimer")
@student_page
def student_delete():
    return _delete_page(FormState({}))


@bp.post("/etudiant/supprimer")
@student_page
def student_delete_confirm():
    if not checked(request.form, "confirm"):
        message = "Cochez la case pour confirmer la suppression définitive de votre compte."
        return _delete_page(FormState(request.form, {"confirm": [message]}), 422)
    erase_account(db.session, signed_in_user())
    db.session.commit()
    sign_out()
    flash("Votre compte et votre profil sont supprimés. Merci d'avoir utilisé VTE Match.", "success")
    return redirect(url_for("web.home"))
