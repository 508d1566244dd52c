"""Form helpers (pure): French messages from the API schemas, flattened per field, converters."""

from __future__ import annotations

from datetime import UTC

import pytest
from marshmallow import Schema, fields, validate
from werkzeug.datastructures import MultiDict

from vte.errors import InputError
from vte.web.forms import FormState, checked, errors_of, french, items, text
from vte.web.forms import validate as validate_form


class Sample(Schema):
    email = fields.Email(required=True)
    summary = fields.String(required=True, validate=validate.Length(min=20, max=5000))
    kinds = fields.List(fields.String(validate=validate.OneOf(["cdi", "cdd"])), validate=validate.Length(min=1, max=4))
    age = fields.Integer(validate=validate.Range(min=16, max=99))
    place = fields.Nested(Schema.from_dict({"insee": fields.String(validate=validate.Length(min=1, max=5))}))


@pytest.mark.parametrize(
    "english, expected",
    [
        ("Missing data for required field.", "Champ obligatoire."),
        ("Not a valid email address.", "Adresse e-mail invalide."),
        ("Length must be between 20 and 5000.", "De 20 à 5000 caractères attendus."),
        ("Longer than maximum length 80.", "Au plus 80 caractères."),
        ("Must be greater than or equal to 16 and less than or equal to 99.", "Valeur entre 16 et 99 attendue."),
        ("Must be one of: cdi, cdd.", "Choix invalide."),
        ("Un message déjà en français.", "Un message déjà en français."),
    ],
)
def test_marshmallow_messages_are_translated(english, expected):
    assert french(english) == expected


def test_validation_errors_are_french_and_named_by_top_level_field():
    with pytest.raises(InputError) as caught:
        validate_form(Sample(), {"summary": "court", "kinds": ["stage"], "age": 5, "place": {"insee": "123456"}})
    errors = caught.value.fields
    assert errors["email"] == ["Champ obligatoire."]
    assert errors["summary"] == ["De 20 à 5000 caractères attendus."]
    assert errors["kinds"] == ["Choix invalide."]
    assert errors["age"] == ["Valeur entre 16 et 99 attendue."]
    assert errors["place"] == ["Au moins un choix ou un caractère, au plus 5."]


def test_service_errors_without_fields_go_to_the_form():
    assert errors_of(InputError("Offre fermée.")) == {"_form": ["Offre fermée."]}
    assert errors_of(InputError("x", {"location": ["Commune inconnue."]})) == {"location": ["Commune inconnue."]}


def test_converters_read_a_posted_form():
    form = MultiDict(
        [("name", "  Léa "), ("empty", "  "), ("skills", "SolidWorks, cotation;\nAMDEC,,"), ("visible", "on")]
    )
    assert text(form, "name") == "Léa" and text(form, "empty") is None and text(form, "absent") is None
    assert items(form, "skills") == ["SolidWorks", "cotation", "AMDEC"]
    assert checked(form, "visible") and not checked(form, "absent")


def test_form_state_gives_back_what_was_typed():
    state = FormState(MultiDict([("contract_types", "cdi"), ("contract_types", "cdd"), ("q", "soudure")]))
    assert state.values_of("contract_types") == ["cdi", "cdd"]
    assert state.value("q") == "soudure" and state.value("absent", "x") == "x"
    assert not state.has_errors
    assert FormState({"contract_types": ["cdi"]}).values_of("contract_types") == ["cdi"]


def test_dotted_service_fields_land_on_the_visible_field():
    exc = InputError("x", {"location.insee": ["Code INSEE inconnu."], "location": ["Commune requise."]})
    assert errors_of(exc) == {"location": ["Code INSEE inconnu.", "Commune requise."]}


def test_dates_and_times_read_the_french_way():
    from datetime import date, datetime

    from vte.web.presenters import french_date, french_datetime

    assert french_date(date(2026, 4, 1)) == "1er avril 2026"
    assert french_date("2026-03-15") == "15 mars 2026"
    assert french_datetime(datetime(2026, 7, 14, 8, 5, tzinfo=UTC)) == "14 juillet 2026 à 10 h 05"
    assert french_datetime(datetime(2026, 1, 10, 23, 30)) == "11 janvier 2026 à 0 h 30"  # naive = UTC


@pytest.mark.parametrize(
    "raw, page", [("3", 3), (None, 1), ("", 1), ("0", 1), ("-2", 1), ("²", 1), ("٣", 1), ("10001", 1), ("abc", 1)]
)
def test_page_numbers_from_the_query_string(raw, page):
    from vte.web.forms import page_number

    assert page_number(raw) == page
