"""Entreprises : inscription, fiche publique, éligibilité VTE, offres de l'entreprise."""

from __future__ import annotations

from flask import current_app
from flask_smorest import Blueprint

from ..auth import current
from ..companies import company_eligibility, company_to_dict, create_company, list_company_offers, update_company
from ..company_verification import add_recruiter, list_recruiters
from ..eligibility import rules_for_config
from ..extensions import db
from ..permissions import get_company_for, manages_company
from ..schemas.companies import (
    CompanyIn,
    CompanyOfferArgs,
    CompanyOfferPage,
    CompanyOut,
    EligibilityOut,
    RecruiterIn,
    RecruiterList,
    RecruiterOut,
)
from ..vocab import OfferStatus, Role

blp = Blueprint("companies", __name__, url_prefix="/companies", description="Entreprises et éligibilité VTE")

RECRUITERS = (Role.COMPANY, Role.ADMIN)


@blp.route("", methods=["POST"])
@blp.arguments(CompanyIn)
@blp.response(201, CompanyOut)
def post_company(data):
    """Register your company (SIREN checked, one registration per SIREN; NAF code as 25.62A or
    2562A; location by INSEE code, postcode or coordinates). Your recruiter account is attached
    to it."""
    company = create_company(db.session, current(roles=RECRUITERS), data)
    db.session.commit()
    return company_to_dict(db.session, company)


@blp.route("/<int:company_id>")
@blp.response(200, CompanyOut)
def get_company(company_id):
    """A company's public description."""
    return company_to_dict(db.session, get_company_for(db.session, company_id, current(require=False), "read"))


@blp.route("/<int:company_id>", methods=["PUT"])
@blp.arguments(CompanyIn)
@blp.response(200, CompanyOut)
def put_company(data, company_id):
    """Replace your company's description (its recruiters and admins)."""
    company = get_company_for(db.session, company_id, current(roles=RECRUITERS), "write")
    update_company(db.session, company, data)
    db.session.commit()
    return company_to_dict(db.session, company)


@blp.route("/<int:company_id>/recruiters")
@blp.response(200, RecruiterList)
def get_recruiters(company_id):
    """The recruiter accounts of your company."""
    company = get_company_for(db.session, company_id, current(roles=RECRUITERS), "write")
    return {"items": list_recruiters(db.session, company)}


@blp.route("/<int:company_id>/recruiters", methods=["POST"])
@blp.arguments(RecruiterIn)
@blp.response(201, RecruiterOut)
def post_recruiter(data, company_id):
    """Add a colleague: a signed-up recruiter account without a company joins yours. Only the
    company's recruiters (and admins) can do it, so nobody joins a SIREN without their consent."""
    company = get_company_for(db.session, company_id, current(roles=RECRUITERS), "write")
    user = add_recruiter(db.session, company, data["email"])
    db.session.commit()
    return user


@blp.route("/<int:company_id>/eligibility")
@blp.response(200, EligibilityOut)
def eligibility(company_id):
    """VTE eligibility today: Territoire d'industrie of the current list (`in_territory` null when
    no list is loaded), PME/ETI by headcount, and the aids to expect from the rules table in
    force (amounts, conditions, source and its date)."""
    company = get_company_for(db.session, company_id, current(require=False), "read")
    return company_eligibility(db.session, company, rules_for_config(current_app.config))


@blp.route("/<int:company_id>/offers")
@blp.arguments(CompanyOfferArgs, location="query")
@blp.response(200, CompanyOfferPage)
def company_offers(args, company_id):
    """The company's offers: all statuses with application counts for its recruiters, the
    published ones for everyone else."""
    user = current(require=False)
    company = get_company_for(db.session, company_id, user, "read")
    owner = manages_company(user, company.id)
    status = OfferStatus(args["status"]) if args.get("status") and owner else None
    items, total = list_company_offers(
        db.session, company, owner, status=status, page=args["page"], per_page=args["per_page"]
    )
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}
