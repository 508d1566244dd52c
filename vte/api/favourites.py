"""Offers a student saved (« Sauvegarder »)."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..auth import current
from ..extensions import db
from ..favourites import list_favourites, save_offer, unsave_offer
from ..schemas.favourites import FavouriteIn, FavouriteList
from ..vocab import Role

blp = Blueprint("favourites", __name__, url_prefix="/students/me/favourites", description="Offres sauvegardées")
STUDENTS = (Role.STUDENT,)


@blp.route("")
@blp.response(200, FavouriteList)
def get_favourites():
    """Your saved offers, latest first (a closed offer stays, with its status, until you remove it)."""
    return {"items": list_favourites(db.session, current(roles=STUDENTS))}


@blp.route("", methods=["POST"])
@blp.arguments(FavouriteIn)
@blp.response(200, FavouriteList)
def post_favourite(data):
    """Save an offer (saving it again changes nothing); answers the list."""
    user = current(roles=STUDENTS)
    save_offer(db.session, user, data["offer_id"])
    db.session.commit()
    return {"items": list_favourites(db.session, user)}


@blp.route("/<int:offer_id>", methods=["DELETE"])
@blp.response(204)
def delete_favourite(offer_id):
    """Remove a saved offer (removing one not saved changes nothing)."""
    unsave_offer(db.session, current(roles=STUDENTS), offer_id)
    db.session.commit()
