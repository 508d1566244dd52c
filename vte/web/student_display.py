"""Display values and form parsing for the student pages (vte/web/student.py): no queries here,
only dicts built from what the services return and from the posted form."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from flask import url_for
from werkzeug.datastructures import MultiDict

from ..errors import InputError
from .forms import checked, errors_of, items, location, put, validate
from .presenters import contract_label, french_date, percent

DEFAULT_RADIUS_KM = 50
PROFILE_TEXT_FIELDS = (
    "first_name",
    "last_name",
    "phone",
    "programme",
    "level",
    "status",
    "summary",
    "available_from",
    "max_distance_km",
)
PROFILE_STEPS = ("Rejoindre votre école", "Compléter votre profil", "Découvrir vos offres")


def offer_url(offer_id: int) -> str:
    """The public page of an offer."""
    return url_for("web.offer", offer_id=offer_id)


# --- Profile ---------------------------------------------------------------------------------------


def profile_steps(has_school: bool, has_profile: bool) -> list[dict[str, Any]]:
    """The wizard's progress: each step done, current or to do."""
    done = 0 if not has_school else (1 if not has_profile else 3)
    current = 0 if not has_school else 1
    states = []
    for i, label in enumerate(PROFILE_STEPS):
        state = "done" if i < done else ("current" if i == current else "todo")
        states.append({"number": i + 1, "label": label, "state": state})
    return states


def _number(value: float | None) -> str:
    if value is None:
        return ""
    return f"{value:g}"


def profile_values(profile: Mapping[str, Any] | None) -> dict[str, Any]:
    """The profile form filled from the stored profile (`own_profile_to_dict`), or a new profile's defaults."""
    if profile is None:
        return {"contract_types": [], "max_distance_km": str(DEFAULT_RADIUS_KM), "visible": False}
    commune = profile.get("commune") or {}
    available = profile.get("available_from")
    return {
        "first_name": profile.get("first_name") or "",
        "last_name": profile.get("last_name") or "",
        "phone": profile.get("phone") or "",
        "programme": profile.get("programme") or "",
        "level": profile.get("level") or "",
        "status": profile.get("status") or "",
        "contract_types": list(profile.get("contract_types") or []),
        "skills": ", ".join(profile.get("skills") or []),
        "languages": ", ".join(profile.get("languages") or []),
        "summary": profile.get("summary") or "",
        "available_from": available.isoformat() if available else "",
        "commune_label": commune.get("name") or "",
        "commune_code": commune.get("code") or "",
        "max_distance_km": _number(profile.get("max_distance_km")),
        "wants_green": bool(profile.get("wants_green")),
        "visible": bool(profile.get("visible")),
        "version": str(profile.get("version") or ""),
    }


def edited_version(form: MultiDict) -> int | None:
    """The profile version the form was filled from (hidden field), None for a new profile."""
    raw = (form.get("version") or "").strip()
    return int(raw) if raw.isdigit() and len(raw) <= 9 else None


def profile_map(profile: Mapping[str, Any] | None) -> dict[str, Any]:
    """Where the mobility circle starts: the stored commune, if any."""
    if not profile or profile.get("lat") is None:
        return {"lat": "", "lon": "", "place": "", "code": ""}
    commune = profile.get("commune") or {}
    return {
        "lat": profile["lat"],
        "lon": profile["lon"],
        "place": commune.get("name") or "",
        "code": commune.get("code") or "",
    }


def parse_profile(session, form: MultiDict, schema) -> dict[str, Any]:
    """The posted profile form as the API's ProfileIn data. All problems at once: the commune's
    and the schema's, as one InputError."""
    payload: dict[str, Any] = put({}, form, *PROFILE_TEXT_FIELDS)
    payload["skills"] = items(form, "skills")
    payload["languages"] = items(form, "languages")
    payload["contract_types"] = [c for c in form.getlist("contract_types") if c]
    payload["wants_green"] = checked(form, "wants_green")
    payload["visible"] = checked(form, "visible")
    errors: dict[str, list[str]] = {}
    try:
        place = location(session, form)
    except InputError as exc:
        errors.update(errors_of(exc))
        place = None
    if place is not None:
        payload["location"] = place
    try:
        data = validate(schema, payload)
    except InputError as exc:
        schema_errors = errors_of(exc)  # « location.insee » and the like land on `location`
        if errors:
            schema_errors.pop("location", None)  # the commune's own message is clearer
        errors = {**schema_errors, **errors}
        data = None
    if errors:
        raise InputError("Le formulaire contient des erreurs : corrigez les champs signalés.", errors)
    return data


# --- Mes offres ------------------------------------------------------------------------------------


def match_cards(items_: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """One card per ranked offer, with what the page shows."""
    cards = []
    for item in items_:
        offer = item["offer"]
        commune = offer.get("commune") or {}
        territory = offer.get("territory") or {}
        application_id = item.get("application_id")
        cards.append(
            {
                "id": offer["id"],
                "title": offer["title"],
                "url": offer_url(offer["id"]),
                "company": offer["company"]["name"],
                "company_verified": offer["company"].get("verified", True),
                "company_url": url_for("web.company_public", company_id=offer["company"]["id"]),
                "commune": commune.get("name") or "Lieu non précisé",
                "contract": contract_label(offer["contract_type"]),
                "green": bool(offer.get("green")),
                "territory": territory.get("name"),
                "remote_full": offer.get("remote") == "full",
                "score": percent(item["score"]),
                "breakdown": item["breakdown"],
                "apply_url": url_for("web.student_apply", offer_id=offer["id"]),
                "application_url": url_for("web.student_application", application_id=application_id)
                if application_id
                else None,
            }
        )
    return cards


def matches_map(items_: list[dict[str, Any]], profile: Mapping[str, Any]) -> dict[str, Any]:
    """The map's data: the listed offers and the student's home (JSON for student-matches.js)."""
    points = []
    for item in items_:
        offer = item["offer"]
        commune = offer.get("commune") or {}
        if commune.get("lat") is None:
            continue
        points.append(
            {
                "lat": commune["lat"],
                "lon": commune["lon"],
                "title": offer["title"],
                "subtitle": f"{offer['company']['name']} — {commune.get('name')} — {percent(item['score'])}",
                "url": offer_url(offer["id"]),
            }
        )
    home = None
    if profile.get("lat") is not None:
        home = {
            "lat": profile["lat"],
            "lon": profile["lon"],
            "label": "Votre commune : " + ((profile.get("commune") or {}).get("name") or ""),
            "radius_km": profile.get("max_distance_km"),
        }
    return {"points": points, "home": home}


def filter_payload(args: MultiDict, per_page: int) -> dict[str, Any]:
    """The filters of « Mes offres » (query string) as the API's MatchArgs input."""
    payload: dict[str, Any] = put({}, args, "q", "contract_type", "radius_km", "page")
    for name in ("green", "territory_only"):
        if checked(args, name):
            payload[name] = True
    payload["per_page"] = per_page
    return payload


def filter_args(args: MultiDict) -> dict[str, str]:
    """The current filters, to keep them in the pagination links."""
    return {k: v for k, v in args.items() if k != "page" and v}


# --- Applications ----------------------------------------------------------------------------------


def application_rows(items_: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [
        {
            "id": a["id"],
            "url": url_for("web.student_application", application_id=a["id"]),
            "title": a["offer"]["title"],
            "company": a["offer"]["company"]["name"],
            "status": a["status"],
            "status_label": a["status_label"],
            "created": french_date(a["created_at"]),
            "updated": french_date(a["updated_at"]),
        }
        for a in items_
    ]


def export_default(value: Any) -> str:
    """JSON for dates and datetimes (ISO 8601)."""
    if hasattr(value, "isoformat"):
        return value.isoformat()
    raise TypeError(f"not serialisable: {type(value).__name__}")
