"""Offres : recherche publique, dépôt et cycle de vie (brouillon → publiée → fermée), candidats."""
from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..auth import current
from ..eligibility import rules_for_config
from ..embeddings import get_encoder
from ..extensions import db
from ..offers import (
    SORTS,
    candidates_for_offer,
    close_offer,
    create_offer,
    offer_detail,
    publish_offer,
    update_offer,
)
from ..offer_search import search_filters, search_offers
from ..permissions import get_offer_for, manages_company
from ..vocab import ContractType, Remote, Role
from .schemas import Breakdown, LevelField, LocationIn, PageArgs, TerritoireRef

blp = Blueprint("offers", __name__, url_prefix="/offers", description="Offres de mission VTE")

CONTRACTS = [c.value for c in ContractType]
RECRUITERS = (Role.COMPANY, Role.ADMIN)
MAX_SALARY = 1_000_000


class CompanyBrief(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    siren = fields.String(required=True)


class OfferOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    contract_type = fields.String(required=True)
    duration_months = fields.Integer(allow_none=True)
    start_date = fields.Date(allow_none=True)
    remote = fields.String(required=True)
    level_min = fields.String(allow_none=True)
    green = fields.Boolean(required=True)
    salary_min = fields.Integer(allow_none=True)
    salary_max = fields.Integer(allow_none=True)
    status = fields.String(metadata={"description": "draft, published, closed"})
    published_at = fields.Date(allow_none=True)
    expires_at = fields.Date(allow_none=True)
    company = fields.Nested(CompanyBrief, required=True)
    commune = fields.Dict(allow_none=True)
    territoire = fields.Nested(TerritoireRef, allow_none=True)


class OfferIn(Schema):
    """The fields of an offer (formats.md, « Offer ») except `id`, `company` and the dates of
    publication, which the service sets."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=250))
    description = fields.String(required=True, validate=validate.Length(min=1, max=20_000))
    skills = fields.List(fields.String(validate=validate.Length(min=1, max=80)), validate=validate.Length(max=50))
    contract_type = fields.String(required=True, validate=validate.OneOf(CONTRACTS))
    duration_months = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=1, max=120),
                                     metadata={"description": "CDD : 12 mois ou plus ; alternance : 6 à 36 mois"})
    start_date = fields.Date(allow_none=True)
    location = fields.Nested(LocationIn, allow_none=True,
                             metadata={"description": "Par défaut : la localisation de l'entreprise"})
    remote = fields.String(validate=validate.OneOf([r.value for r in Remote]), load_default=Remote.NONE.value)
    level_min = LevelField(allow_none=True, metadata={"example": "bac+3"})
    green = fields.Boolean(load_default=False, metadata={"description": "Mission VTE Vert (transition écologique)"})
    salary_min = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0, max=MAX_SALARY))
    salary_max = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0, max=MAX_SALARY))
    expires_at = fields.Date(allow_none=True, metadata={"description": "Par défaut : 60 jours après la publication"})


class ApplicationCounts(Schema):
    total = fields.Integer(required=True)
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class OfferDetail(OfferOut):
    applications = fields.Nested(ApplicationCounts, metadata={"description": "Recruteurs de l'entreprise seulement."})


class SearchArgs(PageArgs):
    q = fields.String(validate=validate.Length(min=1, max=200), metadata={"description": "Texte libre"})
    commune = fields.String(validate=validate.Length(min=1, max=5), metadata={"description": "Code INSEE"})
    postcode = fields.String(validate=validate.Length(min=1, max=5))
    radius_km = fields.Float(validate=validate.Range(min=1, max=2000),
                             metadata={"description": "Autour de « commune » ou « postcode » ; 30 par défaut"})
    departement = fields.String(validate=validate.Length(min=1, max=3), metadata={"example": "01"})
    region = fields.String(validate=validate.Length(min=1, max=3), metadata={"example": "84"})
    contract_type = fields.String(validate=validate.OneOf(CONTRACTS))
    level = LevelField(metadata={"description": "Votre niveau : offres demandant au plus ce niveau", "example": "bac+5"})
    green = fields.Boolean(metadata={"description": "true : VTE Vert seulement ; false : les autres"})
    territory_only = fields.Boolean()
    sort = fields.String(validate=validate.OneOf(SORTS),
                         metadata={"description": "relevance (défaut avec q), date (défaut sans q), distance"})


class SearchItem(OfferOut):
    distance_km = fields.Float(allow_none=True, metadata={"description": "Quand un lieu est donné"})
    score = fields.Float(allow_none=True, metadata={"description": "Pertinence (0 à 1) quand q est donné"})


class PlaceOut(Schema):
    commune = fields.Dict(required=True)
    radius_km = fields.Float(required=True)


class OfferPage(Schema):
    items = fields.List(fields.Nested(SearchItem), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)
    sort = fields.String()
    place = fields.Nested(PlaceOut, allow_none=True)


class CandidateApplication(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)


class Candidate(Schema):
    student = fields.Dict(required=True, metadata={
        "description": "Champs professionnels ; nom, e-mail et téléphone seulement si l'étudiant a postulé"})
    application = fields.Nested(CandidateApplication, allow_none=True)
    score = fields.Float(required=True)
    breakdown = fields.Nested(Breakdown, required=True)


class CandidatePage(Schema):
    items = fields.List(fields.Nested(Candidate), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


def _encoder():
    return get_encoder(current_app.config)


@blp.route("")
@blp.arguments(SearchArgs, location="query")
@blp.response(200, OfferPage)
def list_offers(args):
    """Search the published, unexpired offers: free text `q` (ranked by meaning and by the skills
    named), around a place (`commune` or `postcode`, `radius_km`), by `departement`, `region`,
    `contract_type`, `level`, `green`, `territory_only`; `sort` by relevance, date or distance."""
    result = search_offers(
        db.session, _encoder(), current_app.config, q=args.get("q"),
        filters=search_filters(args), sort=args.get("sort"),
        page=args["page"], per_page=args["per_page"],
    )
    db.session.commit()  # the embedding of a new query is cached
    return result


@blp.route("", methods=["POST"])
@blp.arguments(OfferIn)
@blp.response(201, OfferDetail)
def post_offer(data):
    """Create an offer of your company, as a draft (publish it with POST /offers/{id}/publish)."""
    offer = create_offer(db.session, _encoder(), current(roles=(Role.COMPANY,)), data)
    db.session.commit()
    return offer_detail(db.session, offer, owner=True)


@blp.route("/<int:offer_id>")
@blp.response(200, OfferDetail)
def get_offer(offer_id):
    """An offer: public once published; drafts and closed offers for their company only."""
    user = current(require=False)
    offer = get_offer_for(db.session, offer_id, user, "read")
    return offer_detail(db.session, offer, owner=manages_company(user, offer.company_id))


@blp.route("/<int:offer_id>", methods=["PUT"])
@blp.arguments(OfferIn)
@blp.response(200, OfferDetail)
def put_offer(data, offer_id):
    """Replace the fields of your draft or published offer."""
    offer = get_offer_for(db.session, offer_id, current(roles=RECRUITERS), "write")
    update_offer(db.session, _encoder(), offer, data)
    db.session.commit()
    return offer_detail(db.session, offer, owner=True)


@blp.route("/<int:offer_id>/publish", methods=["POST"])
@blp.response(200, OfferDetail)
def publish(offer_id):
    """Publish your draft today (expires in 60 days unless `expires_at` was set); 409 if it is
    already published or closed."""
    offer = get_offer_for(db.session, offer_id, current(roles=RECRUITERS), "write")
    publish_offer(db.session, _encoder(), offer, rules_for_config(current_app.config))
    db.session.commit()
    return offer_detail(db.session, offer, owner=True)


@blp.route("/<int:offer_id>/close", methods=["POST"])
@blp.response(200, OfferDetail)
def close(offer_id):
    """Close your offer: it leaves the search and the students' matches at once."""
    offer = get_offer_for(db.session, offer_id, current(roles=RECRUITERS), "write")
    close_offer(db.session, _encoder(), offer)
    db.session.commit()
    return offer_detail(db.session, offer, owner=True)


@blp.route("/<int:offer_id>/candidates")
@blp.arguments(PageArgs, location="query")
@blp.response(200, CandidatePage)
def candidates(args, offer_id):
    """Visible students ranked for your offer, with the score breakdown. Professional fields only,
    except for the students who applied to this offer (name, e-mail, phone)."""
    offer = get_offer_for(db.session, offer_id, current(roles=RECRUITERS), "write")
    page, per_page = args["page"], args["per_page"]
    items, total = candidates_for_offer(db.session, _encoder(), current_app.config, offer, page, per_page)
    db.session.commit()  # the offer's embedding is cached
    return {"items": items, "total": total, "page": page, "per_page": per_page}
