"""Applications: applying, the status transitions, the application as shown, its placement."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..vocab import ApplicationStatus
from .common import BoundedDate, IdNameRef, PageArgs, TerritoryRef, page_of, row_id
from .offers import CONTRACTS
from .students import ProfileOut

STATUSES = [s.value for s in ApplicationStatus]


class ApplyIn(Schema):
    offer_id = row_id(required=True)
    message = fields.String(
        allow_none=True,
        validate=validate.Length(max=5000),
        metadata={"description": "Message de motivation (facultatif)."},
    )


class ApplicationArgs(PageArgs):
    offer_id = row_id()
    status = fields.String(validate=validate.OneOf(STATUSES))


class TransitionIn(Schema):
    to = fields.String(
        required=True,
        validate=validate.OneOf(STATUSES),
        metadata={
            "description": "Statut demandé. L'entreprise : reviewed, interview, offered, "
            "hired, rejected ; l'étudiant : withdrawn."
        },
    )
    start_date = BoundedDate(allow_none=True, metadata={"description": "Date de prise de poste (embauche)."})
    contract_type = fields.String(
        allow_none=True,
        validate=validate.OneOf(CONTRACTS),
        metadata={"description": "Contrat signé, si autre que celui de l'offre (embauche)."},
    )


class OfferRef(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    company = fields.Nested(IdNameRef, required=True)


class LabelStepOut(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)
    done_at = fields.DateTime(allow_none=True)


class VteLabelOut(Schema):
    """The VTE label step after the hire (vte.vte_label)."""

    deadline = fields.Date(required=True, metadata={"description": "six months after the hire"})
    days_left = fields.Integer(required=True)
    overdue = fields.Boolean(required=True)
    done = fields.Boolean(required=True)
    steps = fields.List(fields.Nested(LabelStepOut), required=True)
    source = fields.String(required=True)


class PlacementOut(Schema):
    id = fields.Integer(required=True)
    contract_type = fields.String(required=True)
    start_date = fields.Date(allow_none=True)
    hired_at = fields.DateTime(required=True)
    commune_code = fields.String(allow_none=True)
    region_code = fields.String(allow_none=True)
    naf_section = fields.String(allow_none=True)
    territory = fields.Nested(TerritoryRef, allow_none=True)
    eligible_vte_ti = fields.Boolean(allow_none=True)
    eligible_vte_vert = fields.Boolean(allow_none=True)
    days_to_hire = fields.Integer(allow_none=True)
    vte_label = fields.Nested(VteLabelOut, required=True)


class LabelStepIn(Schema):
    step = fields.String(required=True, validate=validate.OneOf(["label_requested", "charter_signed"]))
    done = fields.Boolean(required=True)


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
    student = fields.Nested(
        ProfileOut, allow_none=True, metadata={"description": "Le candidat ; null si son compte a été supprimé."}
    )
    next_statuses = fields.List(
        fields.String(), required=True, metadata={"description": "Statuts que vous pouvez demander maintenant."}
    )
    placement = fields.Nested(PlacementOut, allow_none=True)


class ApplicationDetailOut(ApplicationOut):
    history = fields.List(fields.Nested(HistoryEvent), required=True)


ApplicationPage = page_of(ApplicationOut)
