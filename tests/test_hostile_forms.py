"""Hostile values on the HTML forms, the query strings and the JSON-lines importers (issue 12,
point 9; the JSON API is in test_hostile_input.py): a date outside 1900–2100 is a message next to
its field, a NUL or a lone surrogate a French 422 naming the field, deep JSON a line error."""

from __future__ import annotations

import json
import re

import pytest
from sqlalchemy import func, select

from factories import make_company, make_school
from test_imports import offer_record, refused, student_record
from test_web_company import offer_form
from test_web_student import PROFILE_FORM
from vte.accounts import create_user
from vte.embeddings import FakeEncoder
from vte.imports import import_offers, import_students
from vte.input_guard import DATE_RANGE_MESSAGE, json_body_problems, json_depth_problem
from vte.models import Offer, Student
from vte.vocab import Role
from web_support import post_form, sign_in, text_of

PASSWORD = "Hostile-VTE-2026"


def field_error(response, name: str) -> str | None:
    match = re.search(rf'id="f-{name}-error">([^<]*)<', response.get_data(as_text=True))
    return match.group(1) if match else None


def student(client, db_session) -> None:
    school = make_school(db_session)
    create_user(db_session, "hostile@exemple.fr", PASSWORD, Role.STUDENT, school_id=school.id)
    db_session.commit()
    sign_in(client, "hostile@exemple.fr", PASSWORD)


def recruiter(client, db_session) -> int:
    company_id = make_company(db_session).id
    create_user(db_session, "recruteur.hostile@exemple.fr", PASSWORD, Role.COMPANY, company_id=company_id)
    db_session.commit()
    sign_in(client, "recruteur.hostile@exemple.fr", PASSWORD)
    return company_id


@pytest.mark.parametrize("day", ["0001-01-01", "1899-12-31", "2101-01-01", "9999-12-31"])
def test_profile_form_shows_a_far_date_next_to_its_field(client, db_session, fake_encoder, day):
    student(client, db_session)
    response = post_form(client, "/etudiant/profil", dict(PROFILE_FORM, available_from=day))
    assert response.status_code == 422
    assert field_error(response, "available_from") == DATE_RANGE_MESSAGE
    assert db_session.scalar(select(func.count(Student.id)).where(Student.email == "hostile@exemple.fr")) == 0


@pytest.mark.parametrize("field", ["start_date", "expires_at"])
def test_offer_editor_shows_a_far_date_next_to_its_field(client, db_session, fake_encoder, field):
    company_id = recruiter(client, db_session)
    response = post_form(client, "/entreprise/offres/nouvelle", offer_form(**{field: "9999-12-31"}))
    assert response.status_code == 422
    assert field_error(response, field) == DATE_RANGE_MESSAGE
    assert db_session.scalar(select(func.count(Offer.id)).where(Offer.company_id == company_id)) == 0


def test_a_nul_in_a_form_field_is_a_french_422_naming_it(client, db_session, fake_encoder):
    student(client, db_session)
    response = post_form(
        client, "/etudiant/profil", dict(PROFILE_FORM, summary="Ingénieure\x00 matériaux, plasturgie.")
    )
    assert response.status_code == 422
    text = text_of(response)
    assert "Données invalides : summary." in text and "summary : Caractère nul (U+0000) refusé." in text
    assert db_session.scalar(select(func.count(Student.id)).where(Student.email == "hostile@exemple.fr")) == 0


@pytest.mark.parametrize("path", ["/offres?q=a%00b", "/api/v1/communes?q=oy%00", "/api/v1/offers?q=%00"])
def test_a_nul_in_a_query_string_is_a_422_naming_the_parameter(client, path):
    response = client.get(path)
    assert response.status_code == 422
    if path.startswith("/api/"):
        assert list(response.get_json()["error"]["fields"]) == ["q"]
    else:
        assert "Données invalides : q." in text_of(response)


def test_json_depth_is_measured_without_parsing():
    deep = b'{"a": 1, "summary": ' + b"[" * 100_000 + b"]" * 100_000 + b"}"
    assert json_depth_problem(deep) == "summary"
    assert json_depth_problem(b"[" * 40 + b"]" * 40) == "_schema"
    assert json_depth_problem(b'{"q": "' + b"[" * 100 + b'"}') is None  # brackets inside a string
    assert json_depth_problem(b'{"location": {"insee": "01283"}, "skills": ["a", "b"]}') is None
    assert json_body_problems(b'{"location": {"city": "Oy\\u0000"}}') == {
        "location": {"city": ["Caractère nul (U+0000) refusé."]}
    }
    assert list(json_body_problems(b'{"skills": ["ok", "\\ud800"]}')["skills"]) == [1]


def test_jsonl_imports_name_the_line_and_field_of_hostile_values(db_session):
    lines = [
        json.dumps(student_record(id="etu-1", summary="Ingénieure\x00 matériaux, je cherche un poste.")),
        json.dumps(student_record(id="etu-2", available_from="0001-01-01")),
        '{"id": "etu-3", "summary": ' + "[" * 5000 + "]" * 5000 + "}",
        json.dumps(student_record(id="etu-4", skills=["soudure", "\ud800"])),
    ]
    errors = refused(import_students, db_session, lines, "test", FakeEncoder())
    assert [(e.line, e.field) for e in errors] == [(1, "summary"), (2, "available_from"), (3, None), (4, "skills[1]")]
    assert errors[1].message == DATE_RANGE_MESSAGE
    assert "trop imbriquée" in errors[2].message
    errors = refused(
        import_offers, db_session, [json.dumps(offer_record(expires_at="9999-12-31"))], "test", FakeEncoder()
    )
    assert [(e.line, e.field, e.message) for e in errors] == [(1, "expires_at", DATE_RANGE_MESSAGE)]
