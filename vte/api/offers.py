"""Offres : recherche publique, dépôt et cycle de vie (brouillon → publiée → fermée), candidats."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from ..auth import current
from ..eligibility import rules_for_config
from ..embeddings import get_encoder
from ..extensions import db
from ..matching import candidates_for_offer
from ..offer_preview import inputs_of, offer_preview
from ..offer_search import search_filters, search_offers
from ..offers import (
    close_offer,
    company_of,
    create_offer,
    publish_offer,
    serialise_offer,
    update_offer,
)
from ..permissions import get_offer_for, manages_company
from ..schemas.common import PageArgs
from ..schemas.offers import (
    CandidatePage,
    OfferDetail,
    OfferDraftIn,
    OfferIn,
    OfferPage,
    OfferPreview,
    SearchArgs,
    SimilarArgs,
    SimilarOffers,
)
from ..similar_offers import similar_offers
from ..vocab import Role

blp = Blueprint("offers", __name__, url_prefix="/offers", description="Offres de mission VTE")

RECRUITERS = (Role.COMPANY, Role.ADMIN)


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
        db.session,
        _encoder(),
        current_app.config,
        q=args.get("q"),
        filters=search_filters(args),
        sort=args.get("sort"),
        page=args["page"],
        per_page=args["per_page"],
    )
    return result


@blp.route("", methods=["POST"])
@blp.arguments(OfferIn)
@blp.response(201, OfferDetail)
def post_offer(data):
    """Create an offer of your company, as a draft (publish it with POST /offers/{id}/publish)."""
    offer = create_offer(
        db.session, _encoder(), current(roles=(Role.COMPANY,)), data, rules=rules_for_config(current_app.config)
    )
    db.session.commit()
    return serialise_offer(db.session, offer, owner=True)


@blp.route("/preview", methods=["POST"])
@blp.arguments(OfferDraftIn)
@blp.response(200, OfferPreview)
def preview_new_offer(data):
    """How an offer of your company being written will be matched and read, before it is saved:
    the skills students hold, those its description names but its list lacks, its place and
    Territoire d'industrie, how many visible students match it, and the offer as students will
    read it. Any field may be missing; nothing is saved."""
    user = current(roles=(Role.COMPANY,))
    return offer_preview(db.session, _encoder(), current_app.config, company_of(db.session, user), data)


@blp.route("/<int:offer_id>/preview", methods=["POST"])
@blp.arguments(OfferDraftIn)
@blp.response(200, OfferPreview)
def preview_offer_changes(data, offer_id):
    """The preview of changes to a saved offer of your company: the fields sent replace the saved
    ones, the others stay as saved. Nothing is saved."""
    offer = get_offer_for(db.session, offer_id, current(roles=RECRUITERS), "write")
    return offer_preview(
        db.session,
        _encoder(),
        current_app.config,
        offer.company,
        {**inputs_of(offer), **data},
        offer_id=offer.id,
        published_at=offer.published_at,
    )


@blp.route("/<int:offer_id>")
@blp.response(200, OfferDetail)
def get_offer(offer_id):
    """An offer: public once published; drafts and closed offers for their company only."""
    user = current(require=False)
    offer = get_offer_for(db.session, offer_id, user, "read")
    return serialise_offer(db.session, offer, owner=manages_company(user, offer.company_id))


@blp.route("/<int:offer_id>/similar")
@blp.arguments(SimilarArgs, location="query")
@blp.response(200, SimilarOffers)
def similar(args, offer_id):
    """The published, open offers nearest to this one by the engine (cosine of the offers' texts),
    best first; at most one per company. None for a draft or a closed offer."""
    offer = get_offer_for(db.session, offer_id, current(require=False), "read")
    return {"items": similar_offers(db.session, _encoder(), current_app.config, offer, limit=args["limit"])}


@blp.route("/<int:offer_id>", methods=["PUT"])
@blp.arguments(OfferIn)
@blp.response(200, OfferDetail)
def put_offer(data, offer_id):
    """Replace the fields of your draft or published offer."""
    offer = get_offer_for(db.session, offer_id, current(roles=RECRUITERS), "write")
    update_offer(db.session, _encoder(), offer, data, rules=rules_for_config(current_app.config))
    db.session.commit()
    return serialise_offer(db.session, offer, owner=True)


@blp.route("/<int:offer_id>/publish", methods=["POST"])
@blp.response(200, OfferDetail)
def publish(offer_id):
    """Publish your draft today (expires in 60 days unless `expires_at` was set); 409 if it is
    already published or closed."""
    offer = get_offer_for(db.session, offer_id, current(roles=RECRUITERS), "write")
    publish_offer(db.session, _encoder(), offer, rules_for_config(current_app.config))
    db.session.commit()
    return serialise_offer(db.session, offer, owner=True)


@blp.route("/<int:offer_id>/close", methods=["POST"])
@blp.response(200, OfferDetail)
def close(offer_id):
    """Close your offer: it leaves the search and the students' matches at once."""
    offer = get_offer_for(db.session, offer_id, current(roles=RECRUITERS), "write")
    close_offer(db.session, _encoder(), offer)
    db.session.commit()
    return serialise_offer(db.session, offer, owner=True)


@blp.route("/<int:offer_id>/candidates")
@blp.arguments(PageArgs, location="query")
@blp.response(200, CandidatePage)
def candidates(args, offer_id):
    """Visible students ranked for your offer, with the score breakdown. Professional fields only,
    except for the students who applied to this offer (name, e-mail, phone)."""
    offer = get_offer_for(db.session, offer_id, current(roles=RECRUITERS), "write")
    page, per_page = args["page"], args["per_page"]
    items, total = candidates_for_offer(db.session, _encoder(), current_app.config, offer, page, per_page)
    return {"items": items, "total": total, "page": page, "per_page": per_page}
