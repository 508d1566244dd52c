"""School lists (CTI, CGE, ESR), the bundled demo schools, and the classifier."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from vte.models import Commune, School
from vte.refdata.errors import RefDataError
from vte.refdata.schools import DEMO_SCHOOLS_CSV, classify_school, demo_schools, import_schools, load_demo_schools
from vte.vocab import SchoolKind

SCHOOLS = Path(__file__).resolve().parents[2] / "shared" / "refdata" / "schools"
CTI = SCHOOLS / "ecoles_ingenieurs_cti_2020_wikipedia.csv"
CGE = SCHOOLS / "cge_ecoles_management_2024_wikipedia.csv"
ESR = SCHOOLS / "esr_principaux_etablissements_2023.csv"

needs_refdata = pytest.mark.skipif(not CTI.exists(), reason="../shared/refdata missing")


def _count(session, *where):
    return session.scalar(select(func.count()).select_from(School).where(*where))


def test_demo_schools_are_registry_schools_with_demo_domains(db_session):
    with DEMO_SCHOOLS_CSV.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert 20 <= len(rows) <= 40
    before = _count(db_session)
    schools = demo_schools(db_session)
    # Two Arts et Métiers campuses are one registry school; every other row is its own school.
    assert len(schools) == len(rows) - 1
    assert load_demo_schools(db_session) == len(schools)  # already loaded by conftest: no duplicates
    assert _count(db_session) == before
    for school in schools:
        assert school.verified and school.source == "registre", school.name
        assert school.email_domain and "." in school.email_domain
        assert db_session.get(Commune, school.commune_code) is not None, school.name
    assert {s.kind for s in schools} == {SchoolKind.ENGINEERING, SchoolKind.BUSINESS}
    insa = db_session.scalar(select(School).where(School.uai == "0690192J"))
    assert insa.name == "Institut national des sciences appliquées de Lyon"
    assert insa.email_domain == "insa-lyon.fr" and insa.commune_code == "69266"


@pytest.fixture
def no_schools(db_session):
    """The lists imported into an empty school table (the template database holds the registry)."""
    db_session.execute(delete(School))
    return db_session


@needs_refdata
def test_import_cti(no_schools):
    db_session = no_schools
    stats = import_schools(db_session, CTI)
    assert stats["layout"] == "cti" and stats["rows"] == 204
    assert stats["inserted"] + stats["updated"] + stats["unchanged"] == 204
    assert stats["inserted"] > 190  # a few share a name (« ISEN »...)
    assert stats["unknown_commune"] == 0
    again = import_schools(db_session, CTI)
    assert again["inserted"] == 0 and again["updated"] == 0 and again["unchanged"] == 204
    school = db_session.scalar(select(School).where(School.name == "École centrale de Marseille"))
    assert school.kind == SchoolKind.ENGINEERING and school.commune_code == "13055"


@needs_refdata
def test_import_cge(no_schools):
    db_session = no_schools
    stats = import_schools(db_session, CGE)
    assert stats["layout"] == "cge" and stats["rows"] == 40
    assert stats["skipped_abroad"] == 3
    assert stats["inserted"] + stats["updated"] + stats["unchanged"] == 37
    school = db_session.scalar(select(School).where(School.name == "Audencia"))
    assert school.kind == SchoolKind.BUSINESS and school.commune_code == "44109"
    assert import_schools(db_session, CGE)["inserted"] == 0


@needs_refdata
def test_import_esr(no_schools):
    db_session = no_schools
    stats = import_schools(db_session, ESR)
    assert stats["layout"] == "esr" and stats["rows"] == 250
    assert stats["skipped_not_engineering_or_business"] > 100
    assert 80 <= stats["schools"] <= 140
    # Paris arrondissements (75115...) are mapped to Paris.
    ece = db_session.scalar(select(School).where(School.uai == "0754431J"))
    assert ece.commune_code == "75056" and ece.kind == SchoolKind.ENGINEERING
    assert _count(db_session, School.uai == "0690192J") == 1
    assert _count(db_session, School.name == "Université de Lille") == 0
    neoma = db_session.scalar(select(School).where(School.uai == "0760167U"))
    assert neoma.kind == SchoolKind.BUSINESS
    again = import_schools(db_session, ESR)
    assert again["inserted"] == 0 and again["updated"] == 0


@needs_refdata
def test_import_all_lists_in_any_order_is_stable(db_session):
    for path in (ESR, CTI, CGE):
        import_schools(db_session, path)
    total = _count(db_session)
    load_demo_schools(db_session)
    for path in (CGE, CTI, ESR):
        stats = import_schools(db_session, path)
        assert stats["inserted"] == 0 and stats["updated"] == 0, (path.name, stats)
    assert _count(db_session) == total


@needs_refdata
def test_importing_the_lists_over_the_registry_adds_almost_nothing(db_session):
    """The registry is built from these lists: an import matches its schools by UAI, name or alias."""
    before = _count(db_session)
    inserted = {path.name: import_schools(db_session, path)["inserted"] for path in (CTI, CGE, ESR)}
    assert sum(inserted.values()) <= 10, inserted
    assert _count(db_session) - before == sum(inserted.values())


def test_unknown_commune_and_bad_layout(db_session, tmp_path):
    path = tmp_path / "cti.csv"
    path.write_text(
        "nom_officiel,autre_nom,code_insee_siege\nÉcole d'essai des tests,EET,99999\nÉcole d'essai de Lyon,EEL,69381\n",
        encoding="utf-8",
    )
    stats = import_schools(db_session, path)
    assert stats["inserted"] == 2 and stats["unknown_commune"] == 1
    assert db_session.scalar(select(School).where(School.name == "École d'essai des tests")).commune_code is None
    assert db_session.scalar(select(School).where(School.name == "École d'essai de Lyon")).commune_code == "69123"

    bad = tmp_path / "bad.csv"
    bad.write_text("a;b;c\n1;2;3\n", encoding="utf-8")
    with pytest.raises(RefDataError) as info:
        import_schools(db_session, bad)
    assert "nom officiel" in str(info.value) and "a, b, c" in str(info.value)


@pytest.mark.parametrize(
    "name, type_label, expected",
    [
        ("Institut national des sciences appliquées de Lyon", "École", SchoolKind.ENGINEERING),
        ("Université de technologie de Compiègne", "École", SchoolKind.ENGINEERING),
        ("École nationale d'ingénieurs de Tarbes", "École", SchoolKind.ENGINEERING),
        ("Arts et Métiers Sciences et Technologies", "Grand établissement", SchoolKind.ENGINEERING),
        ("Neoma Business School", "École", SchoolKind.BUSINESS),
        ("École supérieure des sciences commerciales d'Angers", "École", SchoolKind.BUSINESS),
        ("Institut d'économie scientifique et de gestion", "École", SchoolKind.BUSINESS),
        ("Université de Lille", "Université", None),
        ("Université Polytechnique Hauts-de-France", "Université", None),
        ("École nationale supérieure d'architecture de Strasbourg", "École", None),
        ("École nationale vétérinaire de Toulouse", "École", None),
        ("Sciences Po", "Grand établissement", None),
        ("", "École", None),
    ],
)
def test_classify_school(name, type_label, expected):
    assert classify_school(name, type_label) == expected
