"""Company pages, second part: an offer's ranked candidates and its applications pipeline, an
application's page, and the status buttons. Also the helpers the other company views share (the
signed-in recruiter, the owned offer, the message of a refused action)."""

from __future__ import annotations

from flask import current_app, flash, get_flashed_messages, redirect, render_template, request, url_for
from flask_login import current_user

from ..applications import change_status, list_applications, serialise_application
from ..apply_invitations import invite_to_apply
from ..eligibility import rules_for_config
from ..embeddings import get_encoder
from ..errors import InputError, ServiceError
from ..extensions import db
from ..matching import applicant_scores, candidates_for_offer
from ..offers import serialise_offer
from ..permissions import get_application_for, get_offer_for
from ..vocab import ApplicationStatus, ContractType, Role
from ..vte_label import placement_of, set_label_step
from .access import page_for
from .blueprint import bp
from .company_display import (
    application_card,
    candidate_rows,
    offer_summary,
    person,
    pipeline_columns,
    withdrawn_note,
)
from .company_forms import transition_data
from .forms import errors_of, page_number, roll_back_refused
from .presenters import CONTRACT_CHOICES, component_rows, history_rows, status_label

CANDIDATES_PER_PAGE = 10
PIPELINE_MAX = 200  # applications shown on an offer's page


def recruiter():
    """The signed-in user (a recruiter or an admin), as the services expect it."""
    return current_user._get_current_object()


def encoder():
    return get_encoder(current_app.config)


def own_offer(offer_id: int):
    """The offer when it belongs to the user's company (or the user is an admin); 404 otherwise."""
    return get_offer_for(db.session, offer_id, recruiter(), "manage")


def problem_text(exc: ServiceError) -> str:
    """The message of a refused action, with the details of each field."""
    parts = [exc.message]
    for problems in errors_of(exc).values():
        parts.extend(p for p in problems if p not in parts)
    return " ".join(parts)


def offer_page(offer, problem: str | None = None, status: int = 200):
    user = recruiter()
    page = page_number(request.args.get("page"))
    detail = serialise_offer(db.session, offer, owner=True)
    candidates, total = candidates_for_offer(
        db.session, encoder(), current_app.config, offer, page, CANDIDATES_PER_PAGE
    )
    applications, listed = list_applications(db.session, user, offer_id=offer.id, per_page=PIPELINE_MAX)
    applicants = [a["student"]["id"] for a in applications if a.get("student")]
    scores = applicant_scores(db.session, encoder(), current_app.config, offer, applicants)
    by_score = request.args.get("tri") == "score"
    counts = detail["applications"]
    return render_template(
        "company/offer.html",
        offer=offer_summary(detail),
        columns=pipeline_columns(applications, counts, scores, by_score),
        by_score=by_score,
        n_applications=counts["total"],
        withdrawn_note=withdrawn_note(counts),
        listed_applications=listed,
        shown_applications=len(applications),
        candidates=candidate_rows(candidates, (page - 1) * CANDIDATES_PER_PAGE + 1),
        n_candidates=total,
        page=page,
        per_page=CANDIDATES_PER_PAGE,
        components=component_rows(current_app.config),
        contract_choices=CONTRACT_CHOICES,
        problem=problem,
        # The confirmation of a move, repeated next to the pipeline (the page opens at #candidatures).
        pipeline_message=(get_flashed_messages(category_filter=["success"]) or [""])[-1],
    ), status


@bp.get("/entreprise/offres/<int:offer_id>")
@page_for(Role.COMPANY)
def company_offer(offer_id: int):
    return offer_page(own_offer(offer_id))


def _application_page(application, problem: str | None = None, status: int = 200):
    detail = serialise_application(db.session, application, recruiter())
    return render_template(
        "company/application.html",
        application=detail,
        card=application_card(detail),
        history=history_rows(detail["history"]),
        contract_choices=CONTRACT_CHOICES,
        problem=problem,
    ), status


@bp.get("/entreprise/candidatures/<int:application_id>")
@page_for(Role.COMPANY)
def company_application(application_id: int):
    return _application_page(get_application_for(db.session, application_id, recruiter(), "read"))


@bp.post("/entreprise/candidatures/<int:application_id>/statut")
@page_for(Role.COMPANY)
def company_application_status(application_id: int):
    """A button of the pipeline: move the application to a legal next status (a hire may carry
    its start date and the contract signed)."""
    user = recruiter()
    application = get_application_for(db.session, application_id, user, "write")
    on_detail = request.form.get("back") == "detail"
    try:
        data = transition_data(request.form)
        contract = ContractType(data["contract_type"]) if data.get("contract_type") else None
        change_status(
            db.session,
            application,
            user,
            ApplicationStatus(data["to"]),
            start_date=data.get("start_date"),
            contract_type=contract,
            aid_rules=rules_for_config(current_app.config),
        )
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        if on_detail:
            return _application_page(application, problem_text(exc), exc.status)
        return offer_page(application.offer, problem_text(exc), exc.status)
    detail = serialise_application(db.session, application, user)
    flash(f"Candidature : {person(detail['student'])}, statut « {status_label(detail['status'])} ».", "success")
    if on_detail:
        return redirect(url_for("web.company_application", application_id=application.id))
    return redirect(url_for("web.company_offer", offer_id=application.offer_id) + "#candidatures")


@bp.post("/entreprise/candidatures/<int:application_id>/label")
@page_for(Role.COMPANY)
def company_label_step(application_id: int):
    """Tick or untick a step of the VTE label after the hire."""
    application = get_application_for(db.session, application_id, recruiter(), "write")
    try:
        step = request.form.get("step", "")
        set_label_step(db.session, placement_of(db.session, application), step, request.form.get("done") == "1")
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        return _application_page(application, problem_text(exc), exc.status)
    flash("Étape du label VTE enregistrée.", "success")
    return redirect(url_for("web.company_application", application_id=application.id) + "#label-vte")


@bp.post("/entreprise/offres/<int:offer_id>/invitations")
@page_for(Role.COMPANY)
def company_invite(offer_id: int):
    """« Inviter à postuler » on a recommended candidate."""
    offer = own_offer(offer_id)
    raw = request.form.get("student_id") or ""
    try:
        if not raw.isdigit():
            raise InputError.on("student_id", "Candidat inconnu.")
        invite_to_apply(db.session, recruiter(), offer, int(raw))
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        return offer_page(offer, problem_text(exc), exc.status)
    flash("Invitation envoyée : le candidat la reçoit par e-mail et la voit dans « Mes offres ».", "success")
    return redirect(url_for("web.company_offer", offer_id=offer.id) + "#candidats")
