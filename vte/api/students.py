"""The student's own space: profile, matches, export, erasure."""

from __future__ import annotations

import re

from flask import current_app, request
from flask_smorest import Blueprint

from ..account_data import erase_account, export_account
from ..auth import current, sign_out
from ..embeddings import get_encoder
from ..errors import InputError
from ..extensions import db
from ..matching import kept_offer_matches, match_params
from ..permissions import student_of
from ..schemas.account import ExportOut
from ..schemas.common import MessageOut, SchoolRef
from ..schemas.students import JoinSchoolIn, MatchArgs, MatchPage, ProfileIn, ProfileOut
from ..school_registry import choose_school, school_ref
from ..students import (
    join_school,
    own_profile_to_dict,
    save_profile,
)
from ..vocab import Role

blp = Blueprint("students", __name__, url_prefix="/students", description="Espace étudiant")

STUDENT_ONLY = (Role.STUDENT,)


@blp.route("/me")
@blp.response(200, ProfileOut)
def get_profile():
    """Your profile (404 until you fill it). Its `ETag` names its version: send it back in
    `If-Match` with PUT to save only over the version you edited (409 otherwise)."""
    profile = own_profile_to_dict(db.session, student_of(db.session, current(roles=STUDENT_ONLY), required=True))
    return profile, 200, {"ETag": version_etag(profile["version"])}


@blp.route("/me", methods=["PUT"])
@blp.arguments(ProfileIn)
@blp.response(200, ProfileOut)
def put_profile(data):
    """Create or replace your profile (fields of formats.md; location by INSEE code, postcode or
    coordinates). Your text is embedded at once so that your matches are up to date."""
    user = current(roles=STUDENT_ONLY)
    expected = if_match_version(request.headers.get("If-Match"))
    profile = save_profile(db.session, get_encoder(current_app.config), user, data, expected_version=expected)
    db.session.commit()
    saved = own_profile_to_dict(db.session, profile)
    return saved, 200, {"ETag": version_etag(saved["version"])}


def version_etag(version: int) -> str:
    return f'"v{version}"'


def if_match_version(header: str | None) -> int | None:
    """The version named by an If-Match header (`"v3"`, `W/"v3"`); None without one; 422 when it
    names no version of ours."""
    if not header or header.strip() == "*":
        return None
    found = re.fullmatch(r'\s*(?:W/)?"v(\d{1,9})"\s*', header)
    if found is None:
        raise InputError.on("If-Match", 'En-tête If-Match invalide : renvoyez l\'ETag reçu, par exemple "v3".')
    return int(found.group(1))


@blp.route("/me/school", methods=["POST"])
@blp.arguments(JoinSchoolIn)
@blp.response(200, SchoolRef)
def post_school(data):
    """Join your school with the invitation code it gave you, or name it (`school`: a name, an
    acronym, a former name, a campus or a UAI code). A name that designates several schools is a
    422 listing them; a name the registry does not know is kept as entered (`verified` false)."""
    user = current(roles=STUDENT_ONLY)
    if data.get("invitation_code"):
        school = join_school(db.session, user, data["invitation_code"])
    else:
        school = choose_school(db.session, user, data["school"])
    db.session.commit()
    return school_ref(school)


def present_matches(page: dict) -> str:
    """The JSON of a page of « Mes offres » (MatchPage shows none of the student's applications, so
    `kept_offer_matches` may keep it)."""
    return current_app.json.dumps(MatchPage().dump(page))


@blp.route("/me/matches")
@blp.arguments(MatchArgs, location="query")
@blp.response(200, MatchPage)
def matches(args):
    """Offers ranked for you, each with its score breakdown and a one-line explanation."""
    body = kept_offer_matches(
        db.session,
        get_encoder(current_app.config),
        current_app.config,
        current(roles=STUDENT_ONLY),
        present_matches,
        **match_params(args),
    )
    return current_app.response_class(body, mimetype="application/json")


@blp.route("/me/export")
@blp.response(200, ExportOut)
def export():
    """All the data the service holds about you, as JSON."""
    return export_account(db.session, current(roles=STUDENT_ONLY))


@blp.route("/me", methods=["DELETE"])
@blp.response(200, MessageOut)
def delete_me():
    """Delete your account and profile. Open applications are withdrawn; placements stay in your
    school's statistics without your name."""
    erase_account(db.session, current(roles=STUDENT_ONLY))
    db.session.commit()
    sign_out()
    return {"message": "Compte supprimé."}
