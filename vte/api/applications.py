"""Candidatures: a student applies; the company follows the recruitment; the school reads."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from ..applications import apply_to_offer, change_status, list_applications, serialise_application
from ..auth import current
from ..eligibility import rules_for_config
from ..extensions import db
from ..permissions import get_application_for
from ..schemas.applications import (
    ApplicationArgs,
    ApplicationDetailOut,
    ApplicationPage,
    ApplyIn,
    LabelStepIn,
    TransitionIn,
)
from ..vocab import ApplicationStatus, ContractType, Role
from ..vte_label import placement_of, set_label_step

blp = Blueprint("applications", __name__, url_prefix="/applications", description="Candidatures")


@blp.route("", methods=["POST"])
@blp.arguments(ApplyIn)
@blp.response(201, ApplicationDetailOut)
def apply(data):
    """Apply to a published, unexpired offer (students with a profile; once per offer)."""
    user = current(roles=(Role.STUDENT,))
    application = apply_to_offer(db.session, user, data["offer_id"], data.get("message"))
    db.session.commit()
    return serialise_application(db.session, application, user)


@blp.route("")
@blp.arguments(ApplicationArgs, location="query")
@blp.response(200, ApplicationPage)
def list_(args):
    """The applications you may see, newest first: a student's own, those to a company's offers,
    those of a school's students, all for admins."""
    user = current()
    status = ApplicationStatus(args["status"]) if "status" in args else None
    items, total = list_applications(
        db.session, user, offer_id=args.get("offer_id"), status=status, page=args["page"], per_page=args["per_page"]
    )
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


@blp.route("/<int:application_id>")
@blp.response(200, ApplicationDetailOut)
def get(application_id):
    """One application with its status history."""
    user = current()
    return serialise_application(db.session, get_application_for(db.session, application_id, user, "read"), user)


@blp.route("/<int:application_id>/transitions", methods=["POST"])
@blp.arguments(TransitionIn)
@blp.response(200, ApplicationDetailOut)
def transition(data, application_id):
    """Change the status. The company: submitted → reviewed → interview → offered → hired, or
    rejected from any open status; the student: withdrawn from any open status. Any other change
    is a 409 naming the current and requested statuses. A hire records the placement."""
    user = current()
    application = get_application_for(db.session, application_id, user, "write")
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
    return serialise_application(db.session, application, user)


@blp.route("/<int:application_id>/vte-label", methods=["POST"])
@blp.arguments(LabelStepIn)
@blp.response(200, ApplicationDetailOut)
def vte_label_step(data, application_id):
    """After a hire, tick (`done: true`) or untick a step of the VTE label: `label_requested` (on
    Bpifrance's platform, within six months of the hire) or `charter_signed` (the VTE charter, by
    the young person and the company). The company's recruiters and admins only; 409 when the step
    is already in the requested state."""
    user = current(roles=(Role.COMPANY, Role.ADMIN))
    application = get_application_for(db.session, application_id, user, "write")
    set_label_step(db.session, placement_of(db.session, application), data["step"], data["done"])
    db.session.commit()
    return serialise_application(db.session, application, user)
