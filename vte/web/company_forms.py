"""Company pages: the posted forms as the API's input (validated by the shared schemas), and
stored rows as the forms' values."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from typing import Any

from marshmallow import ValidationError
from werkzeug.datastructures import MultiDict

from ..errors import InputError
from ..schemas.applications import TransitionIn
from ..schemas.companies import CompanyIn
from ..schemas.offers import OfferIn
from .forms import checked, errors_of, items, location, put, text, validate

FORM_MESSAGE = "Le formulaire contient des erreurs : corrigez les champs signalés."


def integer(form: MultiDict, name: str) -> int | str | None:
    """A whole number typed in a field (« 35 000 » is 35000); the text itself when it is not one,
    so that the schema names the field."""
    value = text(form, name)
    if value is None:
        return None
    compact = "".join(value.split())
    return int(compact) if compact.isascii() and compact.isdigit() else value


def _place(session, form: MultiDict, errors: dict[str, list[str]]) -> dict[str, Any] | None:
    try:
        return location(session, form)
    except InputError as exc:
        errors.update(errors_of(exc))
        return None


def _validated(schema, payload: dict[str, Any], errors: dict[str, list[str]]) -> dict[str, Any]:
    """Validate with the shared schema; the errors found before (on the commune) win over the
    schema's generic ones for the same field."""
    try:
        data = validate(schema, payload)
    except InputError as exc:
        raise InputError(FORM_MESSAGE, {**errors_of(exc), **errors}) from None
    if errors:
        raise InputError(FORM_MESSAGE, errors)
    return data


def company_data(session, form: MultiDict) -> dict[str, Any]:
    """The registration / edit form of a company, validated by `CompanyIn`."""
    errors: dict[str, list[str]] = {}
    payload = put({}, form, "siren", "name", "naf", "description", "website")
    if integer(form, "headcount") is not None:
        payload["headcount"] = integer(form, "headcount")
    place = _place(session, form, errors)
    if place is not None:
        payload["location"] = place
    return _validated(CompanyIn(), payload, errors)


def _offer_payload(form: MultiDict) -> dict[str, Any]:
    payload = put({}, form, "title", "description", "contract_type", "start_date", "remote", "level_min", "expires_at")
    payload["skills"] = items(form, "skills")
    payload["green"] = checked(form, "green")
    for name in ("duration_months", "salary_min", "salary_max"):
        if integer(form, name) is not None:
            payload[name] = integer(form, name)
    return payload


def offer_data(session, form: MultiDict) -> dict[str, Any]:
    """The offer editor's form, validated by `OfferIn` (no commune: the company's)."""
    errors: dict[str, list[str]] = {}
    payload = _offer_payload(form)
    place = _place(session, form, errors)
    if place is not None:
        payload["location"] = place
    return _validated(OfferIn(), payload, errors)


def preview_input(session, form: MultiDict) -> tuple[dict[str, Any], dict[str, list[str]]]:
    """What the preview reads from a form that may be incomplete: the fields `OfferIn` accepts as
    typed (one it refuses is left out of the preview; saving names it), and the commune, whose
    error is shown (the preview cannot place the offer without it)."""
    errors: dict[str, list[str]] = {}
    place = _place(session, form, errors)
    try:
        data = OfferIn(partial=True).load(_offer_payload(form))
    except ValidationError as exc:
        data = dict(exc.valid_data or {})
    data["description"] = form.get("description") or ""
    data["location"] = place
    return data, errors


def transition_data(form: MultiDict) -> dict[str, Any]:
    return validate(TransitionIn(), put({}, form, "to", "start_date", "contract_type"))


def company_values(company: Mapping[str, Any]) -> dict[str, Any]:
    """A registered company as the edit form's values."""
    commune = company.get("commune") or {}
    return {
        "siren": company["siren"],
        "name": company["name"],
        "naf": (company.get("naf") or {}).get("code", ""),
        "headcount": company.get("headcount"),
        "description": company.get("description") or "",
        "website": company.get("website") or "",
        "commune_label": commune.get("name", ""),
        "commune_code": commune.get("code", ""),
    }


def _iso(value: date | None) -> str:
    return value.isoformat() if value else ""


def offer_values(offer: Mapping[str, Any]) -> dict[str, Any]:
    """A stored offer as the editor's values."""
    commune = offer.get("commune") or {}
    return {
        "title": offer["title"],
        "description": offer["description"],
        "skills": ", ".join(offer["skills"]),
        "contract_type": offer["contract_type"],
        "duration_months": offer.get("duration_months"),
        "start_date": _iso(offer.get("start_date")),
        "commune_label": commune.get("name", ""),
        "commune_code": commune.get("code", ""),
        "remote": offer["remote"],
        "level_min": offer.get("level_min") or "",
        "green": "on" if offer.get("green") else "",
        "salary_min": offer.get("salary_min"),
        "salary_max": offer.get("salary_max"),
        "expires_at": _iso(offer.get("expires_at")),
    }
