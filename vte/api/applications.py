"""Candidatures: a student applies; the company follows the recruitment; the school reads."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..applications import apply_to_offer, application_detail, change_status, list_applications
from ..auth import current
from ..eligibility import rules_for_config
from ..database import MAX_ID
from ..extensions import db
from ..permissions import get_application_for
from ..vocab import ApplicationStatus, ContractType, Role
from .schemas import IdNameRef, PageArgs, TerritoireRef
from .students import ProfileOut

blp = Blueprint("applications", __name__, url_prefix="/applications", description="Candidatures")

STATUSES = [s.value for s in ApplicationStatus]
CONTRACTS = [c.value for c in ContractType]


class ApplyIn(Schema):
    offer_id = fields.Integer(required=True, validate=validate.Range(min=1, max=MAX_ID))
    message = fields.String(allow_none=True, validate=validate.Length(max=5000),
                            metadata={"description": "Message de motivation (facultatif)."})


class ApplicationArgs(PageArgs):
    offer_id = fields.Integer(validate=validate.Range(min=1, max=MAX_ID))
    status = fields.String(validate=validate.OneOf(STATUSES))


class TransitionIn(Schema):
    to = fields.String(required=True, validate=validate.OneOf(STATUSES),
                       metadata={"description": "Statut demandé. L'entreprise : reviewed, interview, offered, "
                                                "hired, rejected ; l'étudiant : withdrawn."})
    start_date = fields.Date(allow_none=True, metadata={"description": "Date de prise de poste (embauche)."})
    contract_type = fields.String(allow_none=True, validate=validate.OneOf(CONTRACTS),
                                  metadata={"description": "Contrat signé, si autre que celui de l'offre (embauche)."})


class OfferRef(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    company = fields.Nested(IdNameRef, required=True)


class PlacementOut(Schema):
    id = fields.Integer(required=True)
    contract_type = fields.String(required=True)
    start_date = fields.Date(allow_none=True)
    hired_at = fields.DateTime(required=True)
    commune_code = fields.String(allow_none=True)
    region_code = fields.String(allow_none=True)
    naf_section = fields.String(allow_none=True)
    territoire = fields.Nested(TerritoireRef, allow_none=True)
    eligible_vte_ti = fields.Boolean(allow_none=True)
    eligible_vte_vert = fields.Boolean(allow_none=True)
    days_to_hire = fields.Integer(allow_none=True)


class HistoryEvent(Schema):
    from_ = fields.String(data_key="from", attribute="from", allow_none=True)
    to = fields.String(required=True)
    at = fields.DateTime(required=True)
    by_user_id = fields.Integer(allow_none=True)


class ApplicationOut(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    message = fields.String(allow_none=True)
    created_at = fields.DateTime(required=True)
    updated_at = fields.DateTime(required=True)
    offer = fields.Nested(OfferRef, required=True)
    student = fields.Nested(ProfileOut, allow_none=True,
                            metadata={"description": "Le candidat ; null si son compte a été supprimé."})
    next_statuses = fields.List(fields.String(), required=True,
                                metadata={"description": "Statuts que vous pouvez demander maintenant."})
    placement = fields.Nested(PlacementOut, allow_none=True)


class ApplicationDetailOut(ApplicationOut):
    history = fields.List(fields.Nested(HistoryEvent), required=True)


class ApplicationPage(Schema):
    items = fields.List(fields.Nested(ApplicationOut), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


@blp.route("", methods=["POST"])
@blp.arguments(ApplyIn)
@blp.response(201, ApplicationDetailOut)
def apply(data):
    """Apply to a published, unexpired offer (students with a profile; once per offer)."""
    user = current(roles=(Role.STUDENT,))
    application = apply_to_offer(db.session, user, data["offer_id"], data.get("message"))
    db.session.commit()
    return application_detail(db.session, application, user)


@blp.route("")
@blp.arguments(ApplicationArgs, location="query")
@blp.response(200, ApplicationPage)
def list_(args):
    """The applications you may see, newest first: a student's own, those to a company's offers,
    those of a school's students, all for admins."""
    user = current()
    status = ApplicationStatus(args["status"]) if "status" in args else None
    items, total = list_applications(db.session, user, offer_id=args.get("offer_id"), status=status,
                                     page=args["page"], per_page=args["per_page"])
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


@blp.route("/<int:application_id>")
@blp.response(200, ApplicationDetailOut)
def get(application_id):
    """One application with its status history."""
    user = current()
    return application_detail(db.session, get_application_for(db.session, application_id, user, "read"), user)


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
    change_status(db.session, application, user, ApplicationStatus(data["to"]),
                  start_date=data.get("start_date"), contract_type=contract,
                  aid_rules=rules_for_config(current_app.config))
    db.session.commit()
    return application_detail(db.session, application, user)
