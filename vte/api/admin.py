"""Administration: the verification queues of the programme operator (admins only)."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import current
from ..companies import company_to_dict
from ..company_verification import unverified_companies, verify_company
from ..extensions import db
from ..schemas.admin import DomainDecisionIn, PendingDomainList, UnverifiedCompanyList
from ..schemas.companies import CompanyOut
from ..schemas.schools import SchoolOut
from ..school_domains import approve_domain, pending_domains, refuse_domain
from ..schools import school_to_dict
from ..vocab import Role

blp = Blueprint("admin", __name__, url_prefix="/admin", description="Administration : files de vérification")
ADMIN_ONLY = (Role.ADMIN,)


@blp.route("/school-domains")
@blp.response(200, PendingDomainList)
def get_pending_domains():
    """E-mail domains requested by schools, waiting for approval."""
    current(roles=ADMIN_ONLY)
    return {"items": pending_domains(db.session)}


@blp.route("/school-domains/<int:school_id>/approve", methods=["POST"])
@blp.arguments(DomainDecisionIn)
@blp.response(200, SchoolOut)
def post_approve_domain(data, school_id):
    """Approve the school's domain: students who confirm an address at it join the school.
    409 when the request changed since you saw it."""
    current(roles=ADMIN_ONLY)
    school = approve_domain(db.session, school_id, data["email_domain"])
    db.session.commit()
    return school_to_dict(db.session, school)


@blp.route("/school-domains/<int:school_id>/refuse", methods=["POST"])
@blp.arguments(DomainDecisionIn)
@blp.response(200, SchoolOut)
def post_refuse_domain(data, school_id):
    """Refuse the school's domain request (it is cleared). 409 when it changed since you saw it."""
    current(roles=ADMIN_ONLY)
    school = refuse_domain(db.session, school_id, data["email_domain"])
    db.session.commit()
    return school_to_dict(db.session, school)


@blp.route("/companies/unverified")
@blp.response(200, UnverifiedCompanyList)
def get_unverified_companies():
    """Companies not verified yet (their offers say « entreprise non vérifiée »)."""
    current(roles=ADMIN_ONLY)
    return {"items": unverified_companies(db.session)}


@blp.route("/companies/<int:company_id>/verify", methods=["POST"])
@blp.response(200, CompanyOut)
def post_verify_company(company_id):
    """Mark a company verified (409 if it already is)."""
    current(roles=ADMIN_ONLY)
    company = verify_company(db.session, company_id)
    db.session.commit()
    return company_to_dict(db.session, company)
