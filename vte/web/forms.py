"""HTML forms: the posted fields become the API's input dict, validated by the same marshmallow
schema (`vte.schemas`), and the errors come back in French next to each field.

A view builds the payload with the small converters below, calls `validate(schema, payload)`,
then one service; `InputError` (from the schema or the service) re-renders the form, filled, with
`errors_of(exc)`.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from marshmallow import Schema, ValidationError
from werkzeug.datastructures import MultiDict

from ..errors import InputError, ServiceError
from ..extensions import db
from ..locations import search_communes
from ..text import fold

# marshmallow's English messages, translated for end users (pattern -> French template).
_TRANSLATIONS: list[tuple[re.Pattern, str]] = [
    (re.compile(r"^Missing data for required field\.$"), "Champ obligatoire."),
    (re.compile(r"^Field may not be null\.$"), "Champ obligatoire."),
    (re.compile(r"^Not a valid email address\.$"), "Adresse e-mail invalide."),
    (re.compile(r"^Not a valid integer\.$"), "Nombre entier attendu."),
    (re.compile(r"^Not a valid number\.$"), "Nombre attendu."),
    (re.compile(r"^Not a valid date\.$"), "Date invalide (format attendu : AAAA-MM-JJ)."),
    (re.compile(r"^Not a valid datetime\.$"), "Date invalide."),
    (re.compile(r"^Not a valid boolean\.$"), "Valeur oui/non attendue."),
    (re.compile(r"^Must be one of: .*\.$"), "Choix invalide."),
    (re.compile(r"^Shorter than minimum length (\d+)\.$"), r"Au moins \1 caractères."),
    (re.compile(r"^Longer than maximum length (\d+)\.$"), r"Au plus \1 caractères."),
    (re.compile(r"^Length must be between 1 and (\d+)\.$"), r"Au moins un choix ou un caractère, au plus \1."),
    (re.compile(r"^Length must be between (\d+) and (\d+)\.$"), r"De \1 à \2 caractères attendus."),
    (
        re.compile(r"^Must be greater than or equal to ([\d.]+) and less than or equal to ([\d.]+)\.$"),
        r"Valeur entre \1 et \2 attendue.",
    ),
    (re.compile(r"^Must be greater than or equal to ([\d.]+)\.$"), r"Valeur d'au moins \1 attendue."),
    (re.compile(r"^Must be less than or equal to ([\d.]+)\.$"), r"Valeur d'au plus \1 attendue."),
    (re.compile(r"^Unknown field\.$"), "Champ inconnu."),
    (re.compile(r"^Invalid value\.$"), "Valeur invalide."),
]


def french(message: str) -> str:
    for pattern, template in _TRANSLATIONS:
        if pattern.match(message):
            return pattern.sub(template, message)
    return message


def _flatten(messages: Any, prefix: str = "") -> dict[str, list[str]]:
    """{"location": {"insee": ["..."]}, "skills": {0: ["..."]}} -> {"location": [...], "skills": [...]}:
    a form shows one message list per visible field, named by the top-level key."""
    out: dict[str, list[str]] = {}
    if isinstance(messages, Mapping):
        for key, value in messages.items():
            name = prefix or str(key)
            for sub_name, sub in _flatten(value, name).items():
                out.setdefault(sub_name, []).extend(m for m in sub if m not in out.get(sub_name, []))
    elif isinstance(messages, (list, tuple)):
        for item in messages:
            for sub_name, sub in _flatten(item, prefix).items():
                out.setdefault(sub_name, []).extend(sub)
    else:
        out.setdefault(prefix or "_schema", []).append(french(str(messages)))
    return out


def errors_of(exc: InputError) -> dict[str, list[str]]:
    """A service's or a schema's InputError as {field: [French messages]}, with dotted names
    (« location.insee ») folded onto the visible field (« location »); the general message goes
    under "_form" when no field is named."""
    errors: dict[str, list[str]] = {}
    for name, problems in (_flatten(exc.fields) if exc.fields else {}).items():
        key = name.split(".")[0]
        errors.setdefault(key, []).extend(p for p in problems if p not in errors.get(key, []))
    if not errors:
        errors["_form"] = [exc.message]
    return errors


FORM_STATUSES = (409, 422)  # refusals the user fixes on the form itself


def roll_back_refused(exc: ServiceError) -> None:
    """Undo a refused write. A 409 or 422 is the user's to fix: the caller shows the form again
    with the messages; anything else (403, 404…) goes on to the French error page."""
    db.session.rollback()
    if exc.status not in FORM_STATUSES:
        raise exc


def validate(schema: Schema, payload: Mapping[str, Any]) -> dict[str, Any]:
    """Load `payload` with the shared schema (`vte.schemas`); InputError with French per-field messages."""
    try:
        return schema.load(payload)
    except ValidationError as exc:
        fields = _flatten(exc.messages)
        raise InputError("Le formulaire contient des erreurs : corrigez les champs signalés.", fields) from None


# --- Converters from the posted form to the schema's payload -----------------------------------


def text(form: MultiDict, name: str) -> str | None:
    """A trimmed text field; None when empty (so optional fields stay absent or null)."""
    value = (form.get(name) or "").strip()
    return value or None


def put(payload: dict[str, Any], form: MultiDict, *names: str) -> dict[str, Any]:
    """Copy the non-empty text fields `names` into `payload`."""
    for name in names:
        value = text(form, name)
        if value is not None:
            payload[name] = value
    return payload


MAX_PAGE = 10_000


def page_number(value: str | None) -> int:
    """The `page` of a query string: a plain number from 1 to MAX_PAGE, else the first page."""
    if value and value.isascii() and value.isdigit() and 0 < int(value) <= MAX_PAGE:
        return int(value)
    return 1


def items(form: MultiDict, name: str) -> list[str]:
    """A list typed as one text (commas, semicolons or new lines between items)."""
    raw = form.get(name) or ""
    return [part.strip() for part in re.split(r"[,;\n]", raw) if part.strip()]


def checked(form: MultiDict, name: str) -> bool:
    return form.get(name) in ("on", "1", "true", "oui")


def location(session, form: MultiDict, prefix: str = "") -> dict[str, str] | None:
    """The location of a form: the commune picked in the autocomplete (hidden INSEE code), else
    the typed text (« Oyonnax », « 01100 », « Oyonnax (01100) ») when it names one commune;
    None when nothing was typed. InputError on the `location` field when the text is ambiguous
    or unknown, so the page can ask to pick from the list."""
    insee = text(form, f"{prefix}commune_code")
    if insee:
        return {"insee": insee}
    typed = text(form, f"{prefix}commune_label")
    if not typed:
        return None
    match = re.match(r"^(.*?)\s*\((\d{5})\)\s*$", typed)
    name, postcode = (match.group(1), match.group(2)) if match else (typed, None)
    if postcode or re.fullmatch(r"\d{5}", name):
        place = {"postcode": postcode or name}
        if postcode and name:
            place["city"] = name
        return place
    found = search_communes(session, name, 5)
    exact = [c for c in found if fold(c["name"]) == fold(name)]
    if len(exact) == 1 or len(found) == 1:
        return {"insee": (exact or found)[0]["code"]}
    message = (
        "Commune inconnue : vérifiez l'orthographe ou tapez le code postal."
        if not found
        else "Plusieurs communes correspondent : choisissez-la dans la liste ou tapez le code postal."
    )
    raise InputError(message, {"location": [message]})


@dataclass
class FormState:
    """What a template needs to show a form: the submitted (or stored) values and the errors."""

    values: Mapping[str, Any] = field(default_factory=dict)
    errors: dict[str, list[str]] = field(default_factory=dict)

    def value(self, name: str, default: Any = "") -> Any:
        getter = getattr(self.values, "get", None)
        value = getter(name) if getter else None
        return default if value is None else value

    def values_of(self, name: str) -> list[str]:
        getlist = getattr(self.values, "getlist", None)
        if getlist is not None:
            return getlist(name)
        value = self.values.get(name) if self.values else None
        return list(value) if isinstance(value, (list, tuple)) else ([value] if value else [])

    @property
    def has_errors(self) -> bool:
        return bool(self.errors)
