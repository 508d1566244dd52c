"""Importers of `students.jsonl` and `offers.jsonl` (formats.md): strict validation with French
messages naming the line and the field, all-or-nothing unless skip_invalid, upsert by
(source, id), companies by SIREN, batch embeddings, and the two CLI commands."""

from __future__ import annotations

import json
from datetime import date, timedelta

import pytest
from sqlalchemy import event, func, select

from vte.embeddings import FakeEncoder
from vte.errors import InputError
from vte.imports import ImportFailed, LineError, import_offers, import_students
from vte.models import Company, IndexChange, Offer, School, Student
from vte.siren import luhn_complete
from vte.vocab import ContractType, OfferStatus, Remote, StudentStatus

SIREN = luhn_complete("12345678")
OTHER_SIREN = luhn_complete("87654321")


def jsonl(*records) -> list[str]:
    return [r if isinstance(r, str) else json.dumps(r, ensure_ascii=False) for r in records]


def student_record(**overrides) -> dict:
    record = {
        "id": "etu-1",
        "school": "INSA Lyon",
        "level": "bac+5",
        "status": "graduate",
        "summary": "Ingénieure en génie mécanique, je cherche un poste en conception de moules.",
        "contract_types": ["cdi", "cdd"],
        "location": {"insee": "01283"},
    }
    record.update(overrides)
    return {k: v for k, v in record.items() if v is not ...}


def offer_record(**overrides) -> dict:
    record = {
        "id": "off-1",
        "company": {
            "siren": SIREN,
            "name": "Plasturgie de l'Ain",
            "naf": "22.29A",
            "headcount": 85,
            "location": {"insee": "01283"},
        },
        "title": "Ingénieur méthodes injection plastique",
        "description": "Vous améliorez les procédés d'injection de notre atelier d'Oyonnax.",
        "contract_type": "cdi",
    }
    record.update(overrides)
    return {k: v for k, v in record.items() if v is not ...}


def count(session, model) -> int:
    return session.scalar(select(func.count()).select_from(model))


def refused(call, *args, **kwargs) -> list[LineError]:
    with pytest.raises(ImportFailed) as info:
        call(*args, **kwargs)
    assert isinstance(info.value, InputError)
    return info.value.report.errors


def errors_of(session, importer, *records) -> list[LineError]:
    return refused(importer, session, jsonl(*records), "test", FakeEncoder())


def fields_of(errors) -> list[tuple[int, str | None]]:
    return [(e.line, e.field) for e in errors]


# --------------------------------------------------------------------------- students


def test_import_students_with_all_fields(db_session):
    record = student_record(
        first_name="Camille",
        last_name="Durand",
        email="camille.durand@example.fr",
        programme="Diplôme d'ingénieur, génie mécanique",
        skills=["SolidWorks", " solidworks ", "gestion de projet", ""],
        languages=["anglais C1", "Anglais C1", "allemand B2"],
        available_from="2025-09-01",
        max_distance_km=80,
        wants_green=True,
        visible=True,
    )
    report = import_students(db_session, jsonl(record), "ecole-x", FakeEncoder())

    assert (report.created, report.updated, report.lines, report.errors) == (1, 0, 1, [])
    student = db_session.scalars(select(Student).where(Student.source == "ecole-x")).one()
    assert report.ids == [student.id]
    assert student.source_id == "etu-1"
    assert student.school.name == "Institut national des sciences appliquées de Lyon"
    assert (student.first_name, student.last_name, student.email) == ("Camille", "Durand", "camille.durand@example.fr")
    assert student.programme == "Diplôme d'ingénieur, génie mécanique"
    assert student.level == 5 and student.status == StudentStatus.GRADUATE
    assert student.skills == ["SolidWorks", "gestion de projet"]
    assert student.languages == ["anglais C1", "allemand B2"]
    assert student.contract_types == ["cdi", "cdd"]
    assert student.available_from == date(2025, 9, 1)
    assert student.commune_code == "01283" and student.lat and student.lon
    assert student.max_distance_km == 80.0
    assert student.wants_green is True and student.visible is True
    assert student.text_hash  # embedded
    logged = db_session.scalars(select(IndexChange.object_id).where(IndexChange.kind == "student")).all()
    assert student.id in logged


def test_student_defaults_and_school_by_uai_or_folded_name(db_session):
    records = [
        student_record(id="a", school="0690192J"),
        student_record(id="b", school="insa-lyon"),
        student_record(id="c", school="  INSA LYON ", max_distance_km=None),
    ]
    import_students(db_session, jsonl(*records), "test", FakeEncoder())
    students = db_session.scalars(select(Student).where(Student.source == "test").order_by(Student.source_id)).all()
    insa = db_session.scalars(select(School).where(School.uai == "0690192J")).one()
    assert [s.school_id for s in students] == [insa.id] * 3
    assert all(s.visible is False and s.wants_green is False for s in students)
    assert students[2].max_distance_km is None  # null: anywhere in France


def test_reimporting_students_updates_them(db_session):
    encoder = FakeEncoder()
    import_students(db_session, jsonl(student_record(), student_record(id="etu-2")), "test", encoder)
    report = import_students(
        db_session,
        jsonl(student_record(summary="Nouveau résumé : je vise la plasturgie."), student_record(id="etu-2")),
        "test",
        encoder,
    )
    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert count(db_session, Student) == 2 + count_other_students(db_session)
    student = db_session.scalars(select(Student).where(Student.source_id == "etu-1")).one()
    assert student.summary == "Nouveau résumé : je vise la plasturgie."


def count_other_students(session) -> int:
    return session.scalar(select(func.count()).select_from(Student).where(Student.source != "test"))


def test_same_id_from_another_source_is_another_student(db_session):
    import_students(db_session, jsonl(student_record()), "ecole-a", FakeEncoder())
    import_students(db_session, jsonl(student_record()), "ecole-b", FakeEncoder())
    assert db_session.scalar(select(func.count()).select_from(Student).where(Student.source_id == "etu-1")) == 2


def test_unknown_key_is_named_with_its_line(db_session):
    errors = errors_of(db_session, import_students, student_record(), student_record(id="etu-2", sumary="x"))
    assert fields_of(errors) == [(2, "sumary")]
    assert "« sumary »" in errors[0].message and "summary" in errors[0].message  # suggestion
    assert str(errors[0]).startswith("ligne 2")


def test_missing_and_null_required_fields(db_session):
    errors = errors_of(
        db_session, import_students, student_record(summary=...), student_record(id="etu-2", school=None)
    )
    assert fields_of(errors) == [(1, "summary"), (2, "school")]
    assert "obligatoire" in errors[0].message and "obligatoire" in errors[1].message


def test_bad_vocabularies(db_session):
    errors = errors_of(
        db_session,
        import_students,
        student_record(level="bac+9"),
        student_record(id="2", level="master"),
        student_record(id="3", status="chômeur"),
        student_record(id="4", contract_types=["cdi", "stage"]),
        student_record(id="5", contract_types=[]),
    )
    assert fields_of(errors) == [
        (1, "level"),
        (2, "level"),
        (3, "status"),
        (4, "contract_types[1]"),
        (5, "contract_types"),
    ]
    assert "bac+2" in errors[0].message and "stage" in errors[3].message


def test_wrong_types(db_session):
    errors = errors_of(
        db_session,
        import_students,
        student_record(id=12),
        student_record(id="2", level=5),
        student_record(id="3", visible="oui", skills="SolidWorks"),
        student_record(id="4", available_from="01/09/2025", max_distance_km="50"),
        student_record(id="5", available_from="2025-02-30", skills=["a", 3]),
        student_record(id="6", email="pas-une-adresse", max_distance_km=-1),
    )
    assert fields_of(errors) == [
        (1, "id"),
        (2, "level"),
        (3, "skills"),
        (3, "visible"),
        (4, "available_from"),
        (4, "max_distance_km"),
        (5, "skills[1]"),
        (5, "available_from"),
        (6, "email"),
        (6, "max_distance_km"),
    ]
    assert "texte attendu" in errors[0].message and "nombre entier" in errors[0].message
    assert "date inexistante" in errors[7].message


def test_duplicate_id_in_file(db_session):
    errors = errors_of(db_session, import_students, student_record(), student_record(id="etu-2"), student_record())
    assert fields_of(errors) == [(3, "id")]
    assert "ligne 1" in errors[0].message


def test_unknown_or_ambiguous_school_is_kept_as_entered_not_refused(db_session):
    records = [
        student_record(id="1", school="École imaginaire des tests"),
        student_record(id="2", school="ecole IMAGINAIRE des tests"),
        student_record(id="3", school="0000000A"),
        student_record(id="4", school="INSA"),
        student_record(id="5", school="IMT Atlantique"),
    ]
    report = import_students(db_session, jsonl(*records), "test", FakeEncoder())
    assert report.created == 5 and not report.errors
    students = {s.source_id: s for s in db_session.scalars(select(Student).where(Student.source == "test")).all()}
    assert students["1"].school_id == students["2"].school_id  # one entry for one name, however written
    entered = students["1"].school
    assert entered.name == "École imaginaire des tests" and entered.verified is False
    assert students["3"].school.name == "0000000A" and students["3"].school.verified is False
    assert students["4"].school.name == "INSA" and students["4"].school.verified is False
    assert students["5"].school.verified and students["5"].school.uai is None
    assert "IMT Atlantique" in (students["5"].school.aliases or "")
    assert any("École imaginaire des tests" in w and "INSA" in w for w in report.warnings), report.warnings


def test_location_errors(db_session):
    errors = errors_of(
        db_session,
        import_students,
        student_record(location={"insee": "99999"}),
        student_record(id="2", location={"postcode": "01400"}),
        student_record(id="3", location={"postcode": "01400", "city": "Lyon"}),
        student_record(id="4", location={"lat": 40.7, "lon": -74.0}),
        student_record(id="5", location={"insee": "69123", "postcode": "69003"}),
        student_record(id="6", location="Lyon"),
    )
    assert fields_of(errors) == [
        (1, "location.insee"),
        (2, "location.city"),
        (3, "location.city"),
        (4, "location"),
        (5, "location"),
        (6, "location"),
    ]
    assert "99999" in errors[0].message and "plusieurs communes" in errors[1].message


def test_locations_by_postcode_coordinates_and_arrondissement(db_session):
    records = [
        student_record(id="a", location={"postcode": "01400", "city": "Châtillon-sur-Chalaronne"}),
        student_record(id="b", location={"insee": "69383"}),  # Lyon 3e -> Lyon
        student_record(id="c", location={"lat": 45.76, "lon": 4.83}),
        student_record(id="d", location={"postcode": "69003"}),  # served by Lyon alone
    ]
    import_students(db_session, jsonl(*records), "test", FakeEncoder())
    found = dict(
        db_session.execute(select(Student.source_id, Student.commune_code).where(Student.source == "test")).all()
    )
    assert found == {"a": "01093", "b": "69123", "c": "69123", "d": "69123"}


def test_invalid_json_and_blank_lines(db_session):
    lines = [
        "\ufeff" + json.dumps(student_record()),
        "",
        '{"id": "x", ',
        "[1, 2]",
        '{"id": "y", "id": "z"}',
        '{"id": "w", "max_distance_km": NaN}',
        "   ",
    ]
    errors = refused(import_students, db_session, lines, "test", FakeEncoder())
    assert fields_of(errors) == [(3, None), (4, None), (5, "id"), (6, None)]
    assert "JSON invalide" in errors[0].message
    assert "objet JSON" in errors[1].message


def test_one_bad_line_imports_nothing(db_session):
    before = count(db_session, Student)
    with pytest.raises(ImportFailed) as info:
        import_students(
            db_session,
            jsonl(student_record(), student_record(id="etu-2", level="bac+12"), student_record(id="etu-3")),
            "test",
            FakeEncoder(),
        )
    assert info.value.report.invalid_lines == [2]
    assert "ligne 2" in info.value.fields and "Import refusé" in info.value.message
    assert count(db_session, Student) == before


def test_skip_invalid_imports_the_good_lines(db_session):
    report = import_students(
        db_session,
        jsonl(student_record(), student_record(id="etu-2", level="bac+12"), student_record(id="etu-3")),
        "test",
        FakeEncoder(),
        skip_invalid=True,
    )
    assert report.created == 2 and report.invalid_lines == [2]
    assert sorted(db_session.scalars(select(Student.source_id).where(Student.source == "test"))) == ["etu-1", "etu-3"]
    assert "1 ligne invalide ignorée" in report.summary()


def test_bad_source_name(db_session):
    with pytest.raises(InputError) as info:
        import_students(db_session, jsonl(student_record()), "", FakeEncoder())
    assert "source" in info.value.fields


# --------------------------------------------------------------------------- offers


def test_import_offers_with_all_fields(db_session):
    today = date.today()
    full = offer_record(
        skills=["Injection plastique", "AMDEC", "amdec"],
        contract_type="cdd",
        duration_months=18,
        start_date=(today + timedelta(days=30)).isoformat(),
        location={"postcode": "69003", "city": "Lyon"},
        remote="partial",
        level_min="bac+5",
        green=True,
        salary_min=38000,
        salary_max=45000,
        published_at=(today - timedelta(days=2)).isoformat(),
        expires_at=(today + timedelta(days=60)).isoformat(),
    )
    full["company"]["naf"] = "2229A"
    second = offer_record(id="off-2", contract_type="apprentissage", duration_months=24)
    report = import_offers(db_session, jsonl(full, second), "jobboard", FakeEncoder())

    assert (report.created, report.companies_created, report.errors) == (2, 1, [])
    company = db_session.scalars(select(Company).where(Company.siren == SIREN)).one()
    assert (company.name, company.naf_code, company.headcount, company.commune_code) == (
        "Plasturgie de l'Ain",
        "22.29A",
        85,
        "01283",
    )
    offers = {o.source_id: o for o in db_session.scalars(select(Offer).where(Offer.source == "jobboard"))}
    offer = offers["off-1"]
    assert offer.company_id == company.id
    assert offer.title == "Ingénieur méthodes injection plastique"
    assert offer.skills == ["Injection plastique", "AMDEC"]
    assert offer.contract_type == ContractType.CDD and offer.duration_months == 18
    assert offer.start_date == today + timedelta(days=30)
    assert offer.commune_code == "69123"
    assert offer.remote == Remote.PARTIAL and offer.level_min == 5 and offer.green is True
    assert (offer.salary_min, offer.salary_max) == (38000, 45000)
    assert offer.published_at == today - timedelta(days=2)
    assert offer.expires_at == today + timedelta(days=60)
    assert offer.status == OfferStatus.PUBLISHED and offer.text_hash
    default = offers["off-2"]
    assert default.commune_code == "01283"  # the company's location
    assert default.remote == Remote.NONE and default.green is False and default.level_min is None
    assert default.published_at == today and default.status == OfferStatus.PUBLISHED
    logged = set(db_session.scalars(select(IndexChange.object_id).where(IndexChange.kind == "offer")))
    assert {offer.id, default.id} <= logged


def test_reimporting_offers_updates_offers_and_company(db_session):
    encoder = FakeEncoder()
    import_offers(db_session, jsonl(offer_record(), offer_record(id="off-2")), "test", encoder)
    offers_before, companies_before = count(db_session, Offer), count(db_session, Company)
    changed, same = offer_record(title="Ingénieure process injection"), offer_record(id="off-2")
    changed["company"]["headcount"] = same["company"]["headcount"] = 120
    report = import_offers(db_session, jsonl(changed, same), "test", encoder)

    assert (report.created, report.updated, report.unchanged) == (0, 1, 1)
    assert (report.companies_created, report.companies_updated) == (0, 1)
    assert (count(db_session, Offer), count(db_session, Company)) == (offers_before, companies_before)
    offer = db_session.scalars(select(Offer).where(Offer.source == "test", Offer.source_id == "off-1")).one()
    assert offer.title == "Ingénieure process injection"
    assert offer.company.headcount == 120
    assert report.warnings == []


def test_last_line_wins_for_a_company_and_a_warning_says_so(db_session):
    first, second = offer_record(), offer_record(id="off-2")
    second["company"]["name"] = "Plasturgie de l'Ain SAS"
    report = import_offers(db_session, jsonl(first, second), "test", FakeEncoder())
    assert report.companies_created == 1
    assert db_session.scalars(select(Company.name).where(Company.siren == SIREN)).one() == "Plasturgie de l'Ain SAS"
    assert len(report.warnings) == 1 and SIREN in report.warnings[0] and "ligne 2" in report.warnings[0]


def test_existing_company_is_reused_by_siren(db_session):
    from tests.factories import make_company

    company = make_company(db_session)
    record = offer_record()
    record["company"]["siren"] = company.siren[:3] + " " + company.siren[3:]  # spaces are accepted
    import_offers(db_session, jsonl(record), "test", FakeEncoder())
    offer = db_session.scalars(select(Offer).where(Offer.source == "test")).one()
    assert offer.company_id == company.id and company.name == "Plasturgie de l'Ain"


def test_offer_errors(db_session):
    bad_siren = offer_record(id="1")
    bad_siren["company"]["siren"] = "123456789"
    numeric_siren = offer_record(id="2")
    numeric_siren["company"]["siren"] = 552100554
    bad_naf = offer_record(id="3")
    bad_naf["company"]["naf"] = "99.99Z"
    company_key = offer_record(id="4")
    company_key["company"]["effectif"] = 12
    company_place = offer_record(id="5")
    company_place["company"]["location"] = {"insee": "00000"}
    errors = errors_of(
        db_session,
        import_offers,
        bad_siren,
        numeric_siren,
        bad_naf,
        company_key,
        company_place,
        offer_record(id="6", contract_type="cdd"),
        offer_record(id="7", contract_type="cdd", duration_months=6),
        offer_record(id="8", contract_type="professionnalisation"),
        offer_record(id="9", contract_type="interim"),
        offer_record(id="10", salary_min=50000, salary_max=40000),
        offer_record(id="11", remote="parfois", level_min="bac"),
        offer_record(id="12", published_at="2025-06-01", expires_at="2025-05-01"),
        offer_record(id="13", company=...),
        offer_record(id="14", duration_months=12.5, location={"insee": "2A004"}),
    )
    assert fields_of(errors) == [
        (1, "company.siren"),
        (2, "company.siren"),
        (3, "company.naf"),
        (4, "company.effectif"),
        (5, "company.location.insee"),
        (6, "duration_months"),
        (7, "duration_months"),
        (8, "duration_months"),
        (9, "contract_type"),
        (10, "salary_max"),
        (11, "remote"),
        (11, "level_min"),
        (12, "expires_at"),
        (13, "company"),
        (14, "duration_months"),
    ]
    assert "clé de contrôle" in errors[0].message
    assert "12 mois" in errors[6].message


def test_naf_without_dot_and_default_offer_location(db_session):
    record = offer_record(location=None)
    record["company"]["naf"] = "2562a"
    import_offers(db_session, jsonl(record), "test", FakeEncoder())
    offer = db_session.scalars(select(Offer).where(Offer.source == "test")).one()
    assert offer.company.naf_code == "25.62A" and offer.commune_code == "01283"


def test_offer_file_with_one_bad_line_imports_nothing(db_session):
    offers, companies = count(db_session, Offer), count(db_session, Company)
    other = offer_record(id="off-3")
    other["company"]["siren"] = OTHER_SIREN
    errors = errors_of(db_session, import_offers, offer_record(), offer_record(id="off-2", contract_type="cdd"), other)
    assert fields_of(errors) == [(2, "duration_months")]
    assert (count(db_session, Offer), count(db_session, Company)) == (offers, companies)


def test_skip_invalid_offers(db_session):
    bad = offer_record(id="off-2")
    bad["company"]["siren"] = "111111111"
    report = import_offers(
        db_session, jsonl(offer_record(), bad, offer_record(id="off-3")), "test", FakeEncoder(), skip_invalid=True
    )
    assert report.created == 2 and fields_of(report.errors) == [(2, "company.siren")]


def test_import_reads_the_database_a_few_times_not_once_a_line(db_session):
    places = [
        {"insee": "01283"},
        {"insee": "69123"},
        {"insee": "69381"},
        {"postcode": "69003"},
        {"postcode": "01400", "city": "Romans"},
        {"lat": 45.9, "lon": 5.3},
        {"lat": 46.2, "lon": 5.6},
    ]
    records = []
    for n in range(300):
        record = offer_record(id=f"o{n}", location=places[n % len(places)])
        record["company"]["siren"] = luhn_complete(f"{40000000 + n % 30:08d}")
        records.append(record)
    statements = []
    connection = db_session.connection()

    def count_statement(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            statements.append(statement)

    event.listen(connection, "before_cursor_execute", count_statement)
    try:
        report = import_offers(db_session, jsonl(*records), "test", FakeEncoder())
    finally:
        event.remove(connection, "before_cursor_execute", count_statement)
    assert report.created == 300 and report.companies_created == 30
    assert len(statements) < 30, statements


def test_bulk_location_resolution_agrees_with_resolve_location(db_session):
    import random

    from vte.imports.fields import Record
    from vte.imports.places import LocationCache
    from vte.locations import resolve_location
    from vte.models import Commune, Postcode

    rng = random.Random(7)
    communes = db_session.execute(
        select(Commune.code, Commune.name, Commune.lat, Commune.lon).where(Commune.lat.is_not(None))
    ).all()
    sample = rng.sample(communes, 150)
    postcodes = dict(
        db_session.execute(
            select(Postcode.commune_code, Postcode.code).where(Postcode.commune_code.in_([c.code for c in sample]))
        ).all()
    )
    locations = [{"insee": "69383"}, {"insee": "2a004"}, {"lat": 43.0, "lon": 5.0}, {"lat": -21.1, "lon": 55.5}]
    for c in sample:
        locations.append({"insee": c.code})
        locations.append({"lat": c.lat + rng.uniform(-0.05, 0.05), "lon": c.lon + rng.uniform(-0.05, 0.05)})
        if c.code in postcodes:
            locations.append({"postcode": postcodes[c.code], "city": c.name.upper()})
            locations.append({"postcode": postcodes[c.code]})
    cache = LocationCache(db_session)
    cache.prefetch(locations)
    for location in locations:
        errors = []
        got = cache.resolve(Record({"location": location}, 1, errors), "location")
        try:
            expected = resolve_location(db_session, location, "location")
        except InputError as exc:
            assert got is None and [e.field for e in errors] == list(exc.fields), location
        else:
            assert got == expected, location


# --------------------------------------------------------------------------- CLI


@pytest.fixture()
def fake_encoder(app, monkeypatch):
    encoder = FakeEncoder()
    monkeypatch.setitem(app.config, "VTE_ENCODER", encoder)
    return encoder


def write_jsonl(path, *records) -> str:
    path.write_text("\n".join(jsonl(*records)) + "\n", encoding="utf-8")
    return str(path)


def test_cli_import_offers(cli_runner, db_session, fake_encoder, tmp_path):
    path = write_jsonl(tmp_path / "offers.jsonl", offer_record(), offer_record(id="off-2"))
    result = cli_runner.invoke(args=["import-offers", path, "--source", "partenaire"])
    assert result.exit_code == 0, result.output
    assert "2 offres créées, 0 mise à jour" in result.output and "1 entreprise créée" in result.output
    assert db_session.scalar(select(func.count()).select_from(Offer).where(Offer.source == "partenaire")) == 2
    assert fake_encoder.calls >= 1


def test_cli_import_students_default_source(cli_runner, db_session, fake_encoder, tmp_path):
    path = write_jsonl(tmp_path / "students.jsonl", student_record())
    result = cli_runner.invoke(args=["import-students", path])
    assert result.exit_code == 0, result.output
    assert "1 profil créé" in result.output
    assert db_session.scalars(select(Student.source).where(Student.source_id == "etu-1")).all() == ["import"]


def test_cli_refuses_a_file_with_a_bad_line(cli_runner, db_session, fake_encoder, tmp_path):
    before = count(db_session, Student)
    path = write_jsonl(tmp_path / "students.jsonl", student_record(), student_record(id="etu-2", levle="bac+5"))
    result = cli_runner.invoke(args=["import-students", path])
    assert result.exit_code != 0
    assert "ligne 2" in result.output and "levle" in result.output and "Import refusé" in result.output
    assert count(db_session, Student) == before


def test_cli_skip_invalid(cli_runner, db_session, fake_encoder, tmp_path):
    path = write_jsonl(tmp_path / "students.jsonl", student_record(), student_record(id="etu-2", level="bac+1"))
    result = cli_runner.invoke(args=["import-students", path, "--skip-invalid", "--source", "s"])
    assert result.exit_code == 0, result.output
    assert "ligne 2" in result.output and "1 ligne invalide ignorée" in result.output
    assert db_session.scalars(select(Student.source_id).where(Student.source == "s")).all() == ["etu-1"]


def test_cli_rejects_a_file_that_is_not_utf8(cli_runner, db_session, fake_encoder, tmp_path):
    path = tmp_path / "students.jsonl"
    path.write_bytes(json.dumps(student_record()).encode() + b"\n" + '{"id": "é"}'.encode("latin-1") + b"\n")
    result = cli_runner.invoke(args=["import-students", str(path)])
    assert result.exit_code != 0 and "ligne 2" in result.output and "UTF-8" in result.output
