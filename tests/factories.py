"""Factories: build valid rows with sensible defaults; override what the test is about."""

from __future__ import annotations

import itertools
from datetime import UTC, date, datetime, timedelta
from pathlib import Path

from sqlalchemy import select

from vte.models import Commune, Company, Offer, School, Student
from vte.siren import luhn_complete
from vte.vocab import ContractType, OfferStatus, Remote, SchoolKind, StudentStatus

_counter = itertools.count(1)
# The tests rank with a hand-written job-fit model suited to the fake encoder (tests/fit_model.json).
TEST_FIT_MODEL = str(Path(__file__).resolve().parent / "fit_model.json")


def commune(session, code: str) -> Commune:
    found = session.get(Commune, code)
    assert found is not None, f"commune {code} not loaded"
    return found


def make_school(session, **fields) -> School:
    school = session.scalars(select(School).order_by(School.id)).first()
    if school is not None and not fields:
        return school
    n = next(_counter)
    values = {"name": f"École d'essai {n}", "kind": SchoolKind.ENGINEERING, "commune_code": "69123"}
    values.update(fields)
    if values.get("email_domain") and "email_domain_approved_at" not in values:
        values["email_domain_approved_at"] = datetime.now(UTC)  # as if an admin approved it
    school = School(**values)
    session.add(school)
    session.flush()
    return school


def make_company(session, commune_code: str = "01283", **fields) -> Company:
    n = next(_counter)
    place = commune(session, commune_code)
    values = {
        "siren": luhn_complete(f"{90000000 + n:08d}"),
        "name": f"Entreprise d'essai {n}",
        "headcount": 80,
        "commune_code": place.code,
        "lat": place.lat,
        "lon": place.lon,
        "verified_at": datetime.now(UTC),  # as if an admin verified it (pass verified_at=None for a new one)
    }
    values.update(fields)
    company = Company(**values)
    session.add(company)
    session.flush()
    return company


def make_offer(session, company: Company | None = None, commune_code: str | None = None, **fields) -> Offer:
    company = company or make_company(session, **({"commune_code": commune_code} if commune_code else {}))
    place = commune(session, commune_code or company.commune_code)
    today = date.today()
    values = {
        "company": company,
        "title": "Ingénieur méthodes injection plastique",
        "description": "Vous améliorez les procédés d'injection plastique de notre atelier.",
        "skills": ["injection plastique", "AMDEC"],
        "contract_type": ContractType.CDI,
        "remote": Remote.NONE,
        "status": OfferStatus.PUBLISHED,
        "published_at": today - timedelta(days=3),
        "expires_at": today + timedelta(days=60),
        "commune_code": place.code,
        "lat": place.lat,
        "lon": place.lon,
    }
    values.update(fields)
    offer = Offer(**values)
    session.add(offer)
    session.flush()
    return offer


def make_student(session, commune_code: str = "01283", **fields) -> Student:
    place = commune(session, commune_code)
    values = {
        "school": make_school(session),
        "level": 5,
        "status": StudentStatus.GRADUATE,
        "summary": "Jeune ingénieur en plasturgie, je cherche un poste en injection plastique.",
        "skills": ["injection plastique"],
        "contract_types": ["cdi", "cdd"],
        "commune_code": place.code,
        "lat": place.lat,
        "lon": place.lon,
        "max_distance_km": 100.0,
        "visible": True,
    }
    values.update(fields)
    student = Student(**values)
    session.add(student)
    session.flush()
    return student
