"""Alerts of a student: saved searches (or « Mes offres ») e-mailed daily or weekly when new offers
match them (`flask send-alerts`)."""

from __future__ import annotations

from flask_smorest import Blueprint

from ..alerts import alert_to_dict, create_alert, delete_alert, list_alerts
from ..auth import current
from ..extensions import db
from ..schemas.alerts import AlertIn, AlertList, AlertOut
from ..vocab import Role

blp = Blueprint("alerts", __name__, url_prefix="/alerts", description="Alertes e-mail (recherches sauvegardées)")
STUDENTS = (Role.STUDENT,)


@blp.route("")
@blp.response(200, AlertList)
def get_alerts():
    """Your alerts."""
    return {"items": [alert_to_dict(a) for a in list_alerts(db.session, current(roles=STUDENTS))]}


@blp.route("", methods=["POST"])
@blp.arguments(AlertIn)
@blp.response(201, AlertOut)
def post_alert(data):
    """Save a search (`kind: search` with the arguments of GET /api/v1/offers in `search`) or « Mes
    offres » (`kind: matches`) as an alert, sent `daily` or `weekly`; at most 20 per student."""
    alert = create_alert(db.session, current(roles=STUDENTS), data["kind"], data["search"], data["frequency"])
    db.session.commit()
    return alert_to_dict(alert)


@blp.route("/<int:alert_id>", methods=["DELETE"])
@blp.response(204)
def remove_alert(alert_id):
    """Delete one of your alerts."""
    delete_alert(db.session, current(roles=STUDENTS), alert_id)
    db.session.commit()
