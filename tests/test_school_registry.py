"""The shipped school registry: built by its committed script, loaded at setup, names resolved the
way people write them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import delete, func, select

from factories import make_company, make_offer, make_student
from scripts.build_school_registry import OUT, build_rows, render
from vte.accounts import create_user
from vte.auth import create_token
from vte.errors import InputError, NotFoundError
from vte.models import Application, School, Student
from vte.refdata.schools import load_school_registry
from vte.school_registry import (
    attach_school,
    entered_school,
    resolve_school,
    school_for_typed_name,
    unattached_schools,
)
from vte.vocab import ApplicationStatus, Role, SchoolKind
from web_support import post_form, sign_in, text_of

PASSWORD = "Usinage-CN-2026"

SHARED_SCHOOLS = Path(__file__).resolve().parents[2] / "shared" / "refdata" / "schools"


@pytest.mark.skipif(not SHARED_SCHOOLS.is_dir(), reason="../shared/refdata/schools missing")
def test_committed_registry_is_what_the_script_builds():
    assert OUT.read_text(encoding="utf-8") == render(build_rows(SHARED_SCHOOLS)), (
        "vte/refdata/data/schools.csv is stale: run python -m scripts.build_school_registry "
        "--source ../shared/refdata/schools and commit the file"
    )


def test_registry_rows_are_complete():
    with OUT.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    kinds = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
        assert row["name"] and row["commune_code"], row
    assert len({r["name"] for r in rows}) == len(rows)
    uais = [r["uai"] for r in rows if r["uai"]]
    assert len(set(uais)) == len(uais)
    assert kinds["engineering"] >= 190 and kinds["business"] >= 35 and kinds["university"] >= 60


# --------------------------------------------------------------------------- loaded at setup


def test_the_template_database_holds_the_registry(db_session):
    """Setup (and the tests' database) load the registry: every row, with its UAI and commune."""
    with OUT.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    loaded = db_session.scalar(select(func.count()).select_from(School).where(School.source == "registre"))
    assert loaded == len(rows)
    assert load_school_registry(db_session)["inserted"] == 0  # idempotent
    utc = db_session.scalar(select(School).where(School.uai == "0601223D"))
    assert utc.name == "Université de technologie de Compiègne" and utc.commune_code == "60159"
    assert utc.kind == SchoolKind.ENGINEERING and utc.verified
    assert db_session.scalar(select(School.kind).where(School.name == "Université de Lille")) == SchoolKind.UNIVERSITY


# --------------------------------------------------------------------------- names as people write them


@pytest.mark.parametrize(
    "typed, expected",
    [
        ("UTC", "Université de technologie de Compiègne"),
        ("utc", "Université de technologie de Compiègne"),
        ("0601223D", "Université de technologie de Compiègne"),
        ("Centrale Lille", "Centrale Lille Institut"),
        ("École Centrale de Lille", "Centrale Lille Institut"),
        ("Arts et Métiers", "Arts et Métiers Sciences et Technologies"),
        ("arts et metiers", "Arts et Métiers Sciences et Technologies"),
        ("ENSAM", "Arts et Métiers Sciences et Technologies"),
        ("Arts et Métiers - campus de Cluny", "Arts et Métiers Sciences et Technologies"),  # campus
        ("INSA Rennes", "Institut national des sciences appliquées de Rennes"),
        ("insa de rennes", "Institut national des sciences appliquées de Rennes"),
        ("IMT Atlantique", "École nationale supérieure Mines-Télécom Atlantique Bretagne Pays de la Loire"),
        ("Télécom Bretagne", "École nationale supérieure Mines-Télécom Atlantique Bretagne Pays de la Loire"),  # former
        ("Grenoble École de Management", "Grenoble École de management"),
        ("GRENOBLE ECOLE DE MANAGEMENT", "Grenoble École de management"),
        ("ESC Grenoble", "Grenoble École de management"),  # former name
        ("Audencia", "Audencia"),
        ("ENSGSI Nancy", "École nationale supérieure en génie des systèmes et de l'innovation"),  # acronym + city
        ("Supaéro", "Institut supérieur de l'aéronautique et de l'espace"),
        ("Lyon 1", "Université Claude Bernard - Lyon 1"),
    ],
)
def test_names_resolve_the_way_people_write_them(db_session, typed, expected):
    resolution = resolve_school(db_session, typed)
    assert resolution.status == "found", (typed, resolution)
    assert db_session.get(School, resolution.school_id).name == expected


@pytest.mark.parametrize(
    "typed, among",
    [
        (
            "INSA",
            [
                "Institut national des sciences appliquées de Rennes",
                "Institut national des sciences appliquées de Lyon",
            ],
        ),
        ("insa", ["Institut national des sciences appliquées de Toulouse"]),
        ("Centrale", ["Centrale Lyon", "Centrale Lille Institut"]),
        ("ISEN", ["Institut supérieur de l'électronique et du numérique de Brest"]),
        ("Polytech", ["École polytechnique de l'université d'Orléans"]),
    ],
)
def test_a_name_of_several_schools_is_ambiguous_with_the_candidates(db_session, typed, among):
    resolution = resolve_school(db_session, typed)
    assert resolution.status == "ambiguous" and resolution.school_id is None
    names = [name for _, name in resolution.candidates]
    assert len(names) >= 2 and all(n in names for n in among), names


def test_an_unknown_name_is_unknown_with_close_names_as_suggestions(db_session):
    assert resolve_school(db_session, "IUT de Lannion").status == "unknown"
    typo = resolve_school(db_session, "Audenica")
    assert typo.status == "unknown" and [n for _, n in typo.candidates] == ["Audencia"]
    assert resolve_school(db_session, "0000000A").status == "unknown"  # a UAI code nobody has


def test_a_form_refuses_an_ambiguous_name_naming_the_field_and_keeps_an_unknown_one(db_session):
    with pytest.raises(InputError) as info:
        school_for_typed_name(db_session, "INSA")
    assert "school" in info.value.fields and "Institut national des sciences appliquées de Lyon" in info.value.message
    with pytest.raises(InputError) as info:
        school_for_typed_name(db_session, "   ")
    assert list(info.value.fields) == ["school"]
    kept = school_for_typed_name(db_session, "IUT de  Lannion")
    assert kept.name == "IUT de Lannion" and kept.verified is False and kept.kind == SchoolKind.OTHER
    assert school_for_typed_name(db_session, "iut DE lannion").id == kept.id  # the same entry
    assert school_for_typed_name(db_session, "INSA Rennes").verified


# --------------------------------------------------------------------------- the admin's queue


def _student_of(db_session, school, email):
    user = create_user(db_session, email, PASSWORD, Role.STUDENT, school_id=school.id)
    student = make_student(db_session, school=school, user_id=user.id, email=email)
    return user, student


def test_unattached_schools_lists_what_was_entered_and_attach_moves_the_students(db_session):
    lannion = entered_school(db_session, "IUT de Lannion")
    _, first = _student_of(db_session, lannion, "a@exemple.fr")
    _, second = _student_of(db_session, entered_school(db_session, "iut de LANNION"), "b@exemple.fr")
    create_user(db_session, "c@exemple.fr", PASSWORD, Role.STUDENT, school_id=lannion.id)  # no profile yet
    entered_school(db_session, "Nobody's school")  # nobody left there: not listed
    audenica = entered_school(db_session, "Audenica")
    _student_of(db_session, audenica, "d@exemple.fr")

    items = unattached_schools(db_session)
    assert [(i["entered_name"], i["students"], i["accounts"]) for i in items] == [
        ("IUT de Lannion", 2, 3),
        ("Audenica", 1, 1),
    ]
    assert [s["name"] for s in items[1]["suggestions"]] == ["Audencia"]

    target = db_session.scalar(select(School).where(School.uai == "0353074B"))  # Université de Rennes
    result = attach_school(db_session, "iut de lannion", target.id)
    assert result["students"] == 2 and result["accounts"] == 3 and result["alias_added"]
    assert db_session.get(Student, first.id).school_id == target.id
    assert db_session.get(Student, second.id).school_id == target.id
    assert db_session.get(School, lannion.id) is None
    assert [i["entered_name"] for i in unattached_schools(db_session)] == ["Audenica"]
    # The next student who types it is attached at once.
    assert resolve_school(db_session, "IUT de Lannion").school_id == target.id


def test_attach_refuses_an_unknown_name_or_school_naming_the_field(db_session):
    entered = entered_school(db_session, "École de la forêt")
    registry = db_session.scalar(select(School).where(School.uai == "0601223D"))
    with pytest.raises(NotFoundError) as info:
        attach_school(db_session, "Jamais saisie", registry.id)
    assert list(info.value.fields) == ["entered_name"]
    for bad in (10**9, entered.id):  # no school; an unverified one is no registry school
        with pytest.raises(NotFoundError) as info:
            attach_school(db_session, "École de la forêt", bad)
        assert list(info.value.fields) == ["school_id"]


def test_an_ambiguous_name_attached_by_an_admin_stays_ambiguous(db_session):
    entered = entered_school(db_session, "INSA")  # e.g. from a students.jsonl import
    _student_of(db_session, entered, "insa@exemple.fr")
    lyon = db_session.scalar(select(School).where(School.uai == "0690192J"))
    assert attach_school(db_session, "INSA", lyon.id)["alias_added"] is False
    assert resolve_school(db_session, "INSA").status == "ambiguous"


# --------------------------------------------------------------------------- API


def _admin(db_session, api):
    user = create_user(db_session, "admin@exemple.fr", PASSWORD, Role.ADMIN)
    _, secret = create_token(db_session, user, "tests")
    return api.as_token(secret)


def test_admin_endpoints_list_and_attach_and_nobody_else_may(db_session, api):
    entered = entered_school(db_session, "IUT de Lannion")
    _, student = _student_of(db_session, entered, "lannion@exemple.fr")
    target = db_session.scalar(select(School).where(School.uai == "0353074B"))
    other = create_user(db_session, "staff@exemple.fr", PASSWORD, Role.SCHOOL, school_id=target.id)
    _, staff_secret = create_token(db_session, other, "tests")
    admin = _admin(db_session, api)
    student_id, target_id = student.id, target.id
    db_session.commit()

    assert api.get("/api/v1/schools/unattached").status_code == 401
    staff = api.as_token(staff_secret)
    assert staff.get("/api/v1/schools/unattached").status_code == 403
    assert (
        staff.post(
            "/api/v1/schools/unattached/attach", json={"entered_name": "IUT de Lannion", "school_id": target_id}
        ).status_code
        == 403
    )

    listed = admin.get("/api/v1/schools/unattached")
    assert listed.status_code == 200
    assert [(i["entered_name"], i["students"]) for i in listed.get_json()["items"]] == [("IUT de Lannion", 1)]

    bad = admin.post("/api/v1/schools/unattached/attach", json={"entered_name": "IUT de Lannion"})
    assert bad.status_code == 422 and "school_id" in bad.get_json()["error"]["fields"]
    missing = admin.post("/api/v1/schools/unattached/attach", json={"entered_name": "Autre", "school_id": target_id})
    assert missing.status_code == 404 and "entered_name" in missing.get_json()["error"]["fields"]

    done = admin.post(
        "/api/v1/schools/unattached/attach", json={"entered_name": "iut de lannion", "school_id": target_id}
    )
    assert done.status_code == 200, done.get_json()
    assert done.get_json()["students"] == 1 and done.get_json()["school"]["id"] == target_id
    assert admin.get("/api/v1/schools/unattached").get_json()["items"] == []
    # The school's staff now sees the student.
    students = staff.get(f"/api/v1/schools/{target_id}/students").get_json()["items"]
    assert [s["student_id"] for s in students] == [student_id]


def test_a_student_names_their_school_by_api_at_signup_or_later(client, db_session):
    response = client.post(
        "/api/v1/auth/signup",
        json={"email": "jeanne@exemple.fr", "password": PASSWORD, "role": "student", "school": "INSA Rennes"},
    )
    assert response.status_code == 201, response.get_json()
    school_id = response.get_json()["school_id"]
    assert db_session.get(School, school_id).name == "Institut national des sciences appliquées de Rennes"
    csrf = {"X-CSRFToken": client.get("/api/v1/auth/csrf").get_json()["csrf_token"]}
    ambiguous = client.post("/api/v1/students/me/school", json={"school": "Centrale"}, headers=csrf)
    assert ambiguous.status_code == 422
    assert "Centrale Lyon" in ambiguous.get_json()["error"]["fields"]["school"][0]
    neither = client.post("/api/v1/students/me/school", json={}, headers=csrf)
    assert neither.status_code == 422 and "school" in neither.get_json()["error"]["fields"]
    kept = client.post("/api/v1/students/me/school", json={"school": "IUT de Lannion"}, headers=csrf)
    assert kept.status_code == 200
    assert kept.get_json()["name"] == "IUT de Lannion" and kept.get_json()["verified"] is False
    public = [s["name"] for s in client.get("/api/v1/schools?q=lannion").get_json()["items"]]
    assert public and "IUT de Lannion" not in public  # the registry's school of Lannion, not the typed name


# --------------------------------------------------------------------------- pages


def test_signup_page_with_a_school_name_and_the_profile_page_of_an_unattached_school(client, db_session):
    response = post_form(
        client,
        "/inscription",
        {
            "role": "student",
            "email": "paul@exemple.fr",
            "password": PASSWORD,
            "password_confirm": PASSWORD,
            "school": "École des métiers imaginaires",
        },
    )
    assert response.status_code == 302, text_of(response)[:500]
    page = client.get("/etudiant/profil")
    assert page.status_code == 200
    text = text_of(page)
    assert "Vous êtes rattaché à École des métiers imaginaires" in text
    assert "Nous ne connaissons pas encore cette école" in text

    ambiguous = post_form(client, "/etudiant/ecole", {"school": "INSA"})
    assert ambiguous.status_code == 422
    assert "peut désigner plusieurs écoles" in text_of(ambiguous)
    joined = post_form(client, "/etudiant/ecole", {"school": "insa de rennes"})
    assert joined.status_code == 302
    text = text_of(client.get("/etudiant/profil"))
    assert "Vous êtes rattaché à Institut national des sciences appliquées de Rennes" in text
    assert "Nous ne connaissons pas encore" not in text


def test_a_company_sees_an_applicant_whose_school_is_unattached(client, db_session):
    company = make_company(db_session)
    offer = make_offer(db_session, company=company)
    _, student = _student_of(db_session, entered_school(db_session, "École des métiers imaginaires"), "e@exemple.fr")
    student.visible = True
    row = Application(student_id=student.id, offer_id=offer.id, status=ApplicationStatus.SUBMITTED)
    db_session.add(row)
    db_session.flush()
    create_user(db_session, "rh@exemple.fr", PASSWORD, Role.COMPANY, company_id=company.id)
    app_id = row.id
    db_session.commit()
    sign_in(client, "rh@exemple.fr", PASSWORD)
    page = client.get(f"/entreprise/candidatures/{app_id}")
    assert page.status_code == 200
    assert "École des métiers imaginaires (nom saisi par l'étudiant, pas encore vérifié)" in text_of(page)


def test_after_attaching_the_schools_staff_sees_the_student_on_its_pages(client, db_session):
    _, student = _student_of(db_session, entered_school(db_session, "Institut des essais"), "f@exemple.fr")
    student.first_name, student.last_name = "Lina", "Marchal"
    target = db_session.scalar(select(School).where(School.uai == "0601223D"))
    create_user(db_session, "staff.utc@exemple.fr", PASSWORD, Role.SCHOOL, school_id=target.id)
    target_id = target.id
    db_session.commit()
    sign_in(client, "staff.utc@exemple.fr", PASSWORD)
    assert "Lina" not in text_of(client.get("/ecole/etudiants"))
    attach_school(db_session, "Institut des essais", target_id)
    db_session.commit()
    page = client.get("/ecole/etudiants")
    assert page.status_code == 200 and "Marchal" in text_of(page)
    assert client.get("/ecole").status_code == 200


def test_setup_loads_the_registry_and_no_demo_domains_without_the_demo(cli_runner, db_session, app, monkeypatch):
    from vte.embeddings import FakeEncoder

    monkeypatch.setitem(app.config, "VTE_ENCODER", FakeEncoder())
    db_session.execute(delete(School))
    db_session.commit()
    result = cli_runner.invoke(args=["setup", "--no-demo"])
    assert result.exit_code == 0, result.output
    with OUT.open(encoding="utf-8") as fh:
        rows = len(list(csv.DictReader(fh)))
    assert f"Registre des écoles : {rows} écoles ({rows} ajoutées, 0 mises à jour)" in result.output
    assert db_session.scalar(select(func.count()).select_from(School)) == rows
    # E-mail domains let students join a school at once: only a school (or the demo) declares them.
    assert db_session.scalar(select(func.count()).select_from(School).where(School.email_domain.is_not(None))) == 0
    again = cli_runner.invoke(args=["setup", "--no-demo"])
    assert f"Registre des écoles : {rows} écoles (0 ajoutées, 0 mises à jour)" in again.output
