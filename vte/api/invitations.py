"""Invitations to apply: a company invites a recommended candidate; the student reads theirs."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..apply_invitations import invitations_for_student, invite_to_apply
from ..auth import current
from ..extensions import db
from ..permissions import get_offer_for, student_of
from ..schemas.apply_invitations import ApplyInvitationList, ApplyInvitationOut, InviteIn
from ..vocab import Role

blp = Blueprint("invitations", __name__, url_prefix="", description="Invitations à postuler")


@blp.route("/offers/<int:offer_id>/invitations", methods=["POST"])
@blp.arguments(InviteIn)
@blp.response(201, ApplyInvitationOut)
def post_invitation(data, offer_id):
    """Invite a visible candidate who has not applied to apply to your published offer: they get an
    e-mail and see it on « Mes offres ». 409 when already invited or already a candidate."""
    user = current(roles=(Role.COMPANY, Role.ADMIN))
    offer = get_offer_for(db.session, offer_id, user, "write")
    invitation = invite_to_apply(db.session, user, offer, data["student_id"])
    db.session.commit()
    return {
        "offer_id": offer.id,
        "title": offer.title,
        "company": offer.company.name,
        "invited_at": invitation.created_at,
    }


@blp.route("/students/me/invitations")
@blp.response(200, ApplyInvitationList)
def get_my_invitations():
    """The invitations to apply you received, for offers still open that you have not applied to."""
    profile = student_of(db.session, current(roles=(Role.STUDENT,)))
    return {"items": invitations_for_student(db.session, profile) if profile else []}
