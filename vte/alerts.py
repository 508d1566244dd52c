"""Saved searches e-mailed as alerts (issue 13). Flush, never commit.

A student saves a search of the offers page (its arguments) or « Mes offres », daily or weekly.
`flask --app vte send-alerts` (from cron) runs each alert that is due: the offers published since
its last run that match it and were never sent, ranked by the engine, at most `MAX_PER_EMAIL`,
each in one line with its explanation; no e-mail when nothing is new. Every e-mail carries a
signed link that removes the alert in one click (no sign-in needed).
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from datetime import datetime, timedelta
from typing import Any

from itsdangerous import BadSignature, URLSafeSerializer
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from .accounts import lock_account
from .embeddings import Encoder
from .errors import ConflictError, InputError, NotFoundError
from .matching import offer_matches
from .models import Commune, OutboxEmail, SavedSearch, User, as_utc
from .offer_search import search_filters, search_offers
from .offers import DEFAULT_RADIUS_KM
from .permissions import student_of
from .vocab import Role

FREQUENCIES = {"daily": timedelta(days=1), "weekly": timedelta(days=7)}
FREQUENCY_LABELS = {"daily": "chaque jour", "weekly": "chaque semaine"}
KINDS = ("search", "matches")
MAX_ALERTS = 20
MAX_PER_EMAIL = 10
CANDIDATES = 100  # ranked offers read per alert run
KEEP_SENT = 500
SALT = "vte-alert-unsubscribe"
ALERT_KIND = "alert"


def _serializer(secret_key: str) -> URLSafeSerializer:
    return URLSafeSerializer(secret_key, salt=SALT)


def unsubscribe_token(alert: SavedSearch, secret_key: str) -> str:
    return _serializer(secret_key).dumps({"alert": alert.id, "user": alert.user_id})


def describe(kind: str, params: Mapping[str, Any], place_name: str | None = None) -> str:
    """The alert's name as the student reads it."""
    if kind == "matches":
        return "Mes offres (selon mon profil)"
    parts = [f"« {params['q']} »" if params.get("q") else "Toutes les offres"]
    if place_name:
        parts.append(f"autour de {place_name} ({params.get('radius_km', DEFAULT_RADIUS_KM):g} km)")
    if params.get("contract_type"):
        parts.append(params["contract_type"])
    if params.get("green"):
        parts.append("VTE Vert")
    return ", ".join(parts)


def create_alert(session: Session, user: User, kind: str, params: Mapping[str, Any], frequency: str) -> SavedSearch:
    """Save a search (`params`: the validated arguments of the offers search) or « Mes offres »;
    its name is what the student reads in the list and the e-mails."""
    if user.role != Role.STUDENT:
        raise InputError.on("kind", "Les alertes sont réservées aux comptes étudiants.")
    if kind not in KINDS:
        raise InputError.on("kind", "Type d'alerte inconnu.")
    if frequency not in FREQUENCIES:
        raise InputError.on("frequency", "Fréquence attendue : chaque jour ou chaque semaine.")
    if kind == "matches" and student_of(session, user) is None:
        raise ConflictError("Complétez d'abord votre profil : « Mes offres » en dépend.", {"kind": ["Profil absent."]})
    lock_account(session, user)
    count = session.scalar(select(func.count(SavedSearch.id)).where(SavedSearch.user_id == user.id))
    if count >= MAX_ALERTS:
        message = f"Vous avez déjà {MAX_ALERTS} alertes : supprimez-en une avant d'en créer une autre."
        raise ConflictError(message, {"kind": [message]})
    clean = {k: v for k, v in params.items() if k not in ("page", "per_page")} if kind == "search" else {}
    place = session.get(Commune, clean["commune"]) if clean.get("commune") else None
    name = describe(kind, clean, place.name if place else None)
    alert = SavedSearch(user_id=user.id, kind=kind, name=name[:200], params=clean, frequency=frequency)
    session.add(alert)
    session.flush()
    return alert


def list_alerts(session: Session, user: User) -> list[SavedSearch]:
    return list(session.scalars(select(SavedSearch).where(SavedSearch.user_id == user.id).order_by(SavedSearch.id)))


def delete_alert(session: Session, user: User, alert_id: int) -> None:
    alert = session.get(SavedSearch, alert_id)
    if alert is None or alert.user_id != user.id:
        raise NotFoundError("Alerte introuvable.")
    session.delete(alert)
    session.flush()


def unsubscribe(session: Session, token: str, secret_key: str) -> SavedSearch | None:
    """Remove the alert of a signed link; None when it was already removed. 422 on a bad link."""
    try:
        data = _serializer(secret_key).loads(token)
    except BadSignature:
        raise InputError.on("token", "Ce lien de désabonnement n'est pas valable.") from None
    alert = session.get(SavedSearch, int(data.get("alert", 0)))
    if alert is None or alert.user_id != data.get("user"):
        return None
    session.delete(alert)
    session.flush()
    return alert


def _candidates(session: Session, encoder: Encoder, config, alert: SavedSearch, user: User) -> list[dict[str, Any]]:
    """Ranked offers of the alert as {offer, line}: the engine's order, best first."""
    if alert.kind == "matches":
        profile = student_of(session, user)
        if profile is None:
            return []
        page = offer_matches(session, encoder, config, profile, per_page=CANDIDATES)
        return [{"offer": i["offer"], "why": i["breakdown"].get("explanation")} for i in page["items"]]
    params = alert.params or {}
    result = search_offers(
        session,
        encoder,
        config,
        q=params.get("q"),
        filters=search_filters(params),
        sort="relevance" if params.get("q") else "date",
        per_page=CANDIDATES,
    )
    return [{"offer": i, "why": None} for i in result["items"]]


def _line(item: Mapping[str, Any], offer_link: Callable[[int], str]) -> str:
    offer = item["offer"]
    place = (offer.get("commune") or {}).get("name") or "lieu non précisé"
    line = f"• {offer['title']} — {offer['company']['name']}, {place}"
    if item.get("why"):
        line += f" — {item['why']}"
    return line + f"\n  {offer_link(offer['id'])}"


def run_alert(
    session: Session,
    encoder: Encoder,
    config: Mapping[str, Any],
    alert: SavedSearch,
    now: datetime,
    offer_link: Callable[[int], str],
    unsubscribe_link: Callable[[str], str],
) -> bool:
    """Run one due alert (claimed by a conditional update, so two runs never both send it);
    True when an e-mail was queued."""
    previous = alert.checked_at
    claimed = session.execute(
        update(SavedSearch)
        .where(SavedSearch.id == alert.id, SavedSearch.checked_at == previous)
        .values(checked_at=now)
        .execution_options(synchronize_session=False)
    )
    if claimed.rowcount != 1:
        return False
    user = session.get(User, alert.user_id)
    since = as_utc(previous).date() - timedelta(days=1)  # a day's margin: publication dates have no time
    sent = set(alert.sent_offer_ids or [])
    fresh = [
        item
        for item in _candidates(session, encoder, config, alert, user)
        if item["offer"]["id"] not in sent
        and item["offer"].get("published_at")
        and str(item["offer"]["published_at"]) >= since.isoformat()
    ][:MAX_PER_EMAIL]
    if not fresh:
        session.flush()
        return False
    n = len(fresh)
    lines = "\n".join(_line(item, offer_link) for item in fresh)
    stop = unsubscribe_link(unsubscribe_token(alert, config["SECRET_KEY"]))
    session.add(
        OutboxEmail(
            to_email=user.email,
            kind=ALERT_KIND,
            unsubscribe_url=stop,
            subject=f"{n} nouvelle{'s' if n > 1 else ''} offre{'s' if n > 1 else ''} : {alert.name}"[:250],
            body=(
                f"Bonjour,\n\nVoici les nouvelles offres de votre alerte « {alert.name} » "
                f"({FREQUENCY_LABELS[alert.frequency]}), les plus proches de ce que vous cherchez d'abord :\n\n"
                f"{lines}\n\n"
                f"Ne plus recevoir cette alerte (un clic) : {stop}\n\n"
                "L'équipe VTE Match"
            ),
        )
    )
    session.execute(
        update(SavedSearch)
        .where(SavedSearch.id == alert.id)
        .values(last_sent_at=now, sent_offer_ids=([item["offer"]["id"] for item in fresh] + list(sent))[:KEEP_SENT])
        .execution_options(synchronize_session=False)
    )
    session.flush()
    return True


def due_alerts(session: Session, now: datetime) -> list[SavedSearch]:
    return [
        a
        for a in session.scalars(select(SavedSearch).order_by(SavedSearch.id))
        if as_utc(a.checked_at) + FREQUENCIES.get(a.frequency, FREQUENCIES["daily"]) <= now + timedelta(minutes=5)
    ]


def alert_to_dict(alert: SavedSearch) -> dict[str, Any]:
    return {
        "id": alert.id,
        "kind": alert.kind,
        "name": alert.name,
        "params": alert.params,
        "frequency": alert.frequency,
        "created_at": alert.created_at,
        "last_sent_at": alert.last_sent_at,
    }
