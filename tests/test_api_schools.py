"""Schools: the public list, invitation codes, the e-mail domain, the students list and the CSV
import of students to invite."""

import io

import pytest
from sqlalchemy import func, select

from factories import make_company, make_offer, make_school, make_student
from vte.accounts import create_user
from vte.auth import create_token
from vte.errors import InputError
from vte.models import Application, OutboxEmail, SchoolInvitation, User
from vte.schools import CODE_ALPHABET, parse_import
from vte.vocab import ApplicationStatus, Role

PASSWORD = "Usinage-CN-2026"


def account(session, email, role, **fields):
    user = create_user(session, email, PASSWORD, role, **fields)
    _, secret = create_token(session, user, "tests")
    return user.id, secret


@pytest.fixture()
def school(db_session, api):
    """School A with a staff account, school B with its own staff."""
    a = make_school(db_session, name="École Alpha d'ingénieurs")
    b = make_school(db_session, name="École Bêta de commerce")
    _, staff_a = account(db_session, "staff@alpha.fr", Role.SCHOOL, school_id=a.id)
    _, staff_b = account(db_session, "staff@beta.fr", Role.SCHOOL, school_id=b.id)
    db_session.commit()
    return {"a": a.id, "b": b.id, "staff_a": api.as_token(staff_a), "staff_b": api.as_token(staff_b)}


def signup(client, email):
    """A new student account signed in with the session cookie; returns the CSRF header."""
    response = client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "role": "student"})
    assert response.status_code == 201, response.get_json()
    return {"X-CSRFToken": client.get("/api/v1/auth/csrf").get_json()["csrf_token"]}


def test_public_school_list_for_the_signup_form(client, db_session):
    everything = client.get("/api/v1/schools?per_page=200").get_json()
    assert everything["total"] >= 30
    insa = client.get("/api/v1/schools?q=insa lyon").get_json()
    assert [s["name"] for s in insa["items"]] == ["Institut national des sciences appliquées de Lyon"]
    assert set(insa["items"][0]) == {"id", "name", "kind", "commune"}
    assert insa["items"][0]["kind"] == "engineering" and insa["items"][0]["commune"]["code"] == "69266"
    # Words of the aliases count: campuses, acronyms, accents ignored.
    accents = client.get("/api/v1/schools?q=metiers chalons").get_json()
    assert [s["name"] for s in accents["items"]] == ["Arts et Métiers Sciences et Technologies"]
    assert client.get("/api/v1/schools?q=UTC").get_json()["items"][0]["name"].startswith("Université de technologie")


def test_invitation_code_lets_a_new_student_join_until_revoked(client, api, db_session, school, app):
    staff = school["staff_a"]
    created = staff.post(f"/api/v1/schools/{school['a']}/invitations", json={"label": "Promo 2026", "max_uses": 50})
    assert created.status_code == 201, created.get_json()
    invitation = created.get_json()
    code = invitation["code"]
    assert 8 <= len(code) <= 10 and set(code) <= set(CODE_ALPHABET)
    assert invitation["active"] and invitation["uses"] == 0 and invitation["signup_path"] == f"/inscription?code={code}"

    headers = signup(client, "nina@exemple.fr")
    joined = client.post("/api/v1/students/me/school", json={"invitation_code": code.lower()}, headers=headers)
    assert joined.status_code == 200 and joined.get_json()["id"] == school["a"]

    listed = staff.get(f"/api/v1/schools/{school['a']}/students").get_json()
    nina = [s for s in listed["items"] if s["email"] == "nina@exemple.fr"]
    assert len(nina) == 1 and nina[0]["profile_complete"] is False and nina[0]["student_id"] is None
    assert staff.get(f"/api/v1/schools/{school['a']}/invitations").get_json()["items"][0]["uses"] == 1

    assert staff.delete(f"/api/v1/schools/{school['a']}/invitations/{invitation['id']}").status_code == 204
    assert staff.get(f"/api/v1/schools/{school['a']}/invitations").get_json()["items"][0]["active"] is False
    other = app.test_client()
    headers = signup(other, "paul@exemple.fr")
    refused = other.post("/api/v1/students/me/school", json={"invitation_code": code}, headers=headers)
    assert refused.status_code == 422 and "invitation_code" in refused.get_json()["error"]["fields"]

    # Another school's staff cannot list, create or revoke A's codes.
    assert school["staff_b"].get(f"/api/v1/schools/{school['a']}/invitations").status_code == 403
    assert school["staff_b"].post(f"/api/v1/schools/{school['a']}/invitations", json={}).status_code == 403
    assert school["staff_b"].delete(f"/api/v1/schools/{school['b']}/invitations/{invitation['id']}").status_code == 404


def test_invitation_options_are_validated(school):
    staff = school["staff_a"]
    past = staff.post(f"/api/v1/schools/{school['a']}/invitations", json={"expires_at": "2000-01-01T00:00:00"})
    assert past.status_code == 422 and "expires_at" in past.get_json()["error"]["fields"]
    assert staff.post(f"/api/v1/schools/{school['a']}/invitations", json={"max_uses": 0}).status_code == 422
    ok = staff.post(f"/api/v1/schools/{school['a']}/invitations", json={"expires_at": "2099-06-30T12:00:00+02:00"})
    assert ok.status_code == 201 and ok.get_json()["expires_at"].startswith("2099-06-30T10:00:00")


def test_an_approved_email_domain_makes_verified_students_join(client, app, db_session, school, api):
    staff = school["staff_a"]
    url = f"/api/v1/schools/{school['a']}/email-domain"
    assert staff.put(url, json={"email_domain": "pas un domaine"}).status_code == 422
    webmail = staff.put(url, json={"email_domain": "gmail.com"})
    assert webmail.status_code == 422 and "grand public" in webmail.get_json()["error"]["message"]
    saved = staff.put(url, json={"email_domain": "@Etu.Alpha-Ingenieurs.fr"})
    assert saved.status_code == 200 and saved.get_json()["email_domain"] == "etu.alpha-ingenieurs.fr"
    assert saved.get_json()["email_domain_status"] == "pending"
    taken = school["staff_b"].put(
        f"/api/v1/schools/{school['b']}/email-domain", json={"email_domain": "etu.alpha-ingenieurs.fr"}
    )
    assert taken.status_code == 409
    assert school["staff_b"].put(url, json={"email_domain": "beta.fr"}).status_code == 403

    _, admin_token = account(db_session, "admin@vte-essai.fr", Role.ADMIN)
    db_session.commit()
    admin = api.as_token(admin_token)
    decision = f"/api/v1/admin/school-domains/{school['a']}/approve"
    approved = admin.post(decision, json={"email_domain": "etu.alpha-ingenieurs.fr"})
    assert approved.status_code == 200 and approved.get_json()["email_domain_status"] == "approved"

    signup(client, "ines@etu.alpha-ingenieurs.fr")
    assert client.get("/api/v1/auth/me").get_json()["school_id"] is None  # not before the address is confirmed
    mail = db_session.scalars(
        select(OutboxEmail).where(
            OutboxEmail.to_email == "ines@etu.alpha-ingenieurs.fr", OutboxEmail.kind == "email_verification"
        )
    ).one()
    secret = mail.body.split("/adresse/confirmer/")[1].split()[0]
    assert app.test_client().post("/api/v1/account/verify-email", json={"token": secret}).status_code == 200
    assert client.get("/api/v1/auth/me").get_json()["school_id"] == school["a"]
    assert staff.put(url, json={"email_domain": None}).get_json()["email_domain"] is None


def test_students_list_shows_latest_application_and_filters(db_session, school, api):
    from vte.models import School

    a = db_session.get(School, school["a"])
    offer = make_offer(db_session, company=make_company(db_session), title="Technicienne méthodes")
    busy = make_student(
        db_session, school=a, first_name="Anna", last_name="Bernard", email="anna@alpha.fr", programme="Génie mécanique"
    )
    idle = make_student(
        db_session, school=a, first_name="Zoé", last_name="Zola", email="zoe@alpha.fr", programme="Génie industriel"
    )
    make_student(db_session, school=db_session.get(School, school["b"]), last_name="Ailleurs", email="x@beta.fr")
    db_session.add(Application(student_id=busy.id, offer_id=offer.id, status=ApplicationStatus.INTERVIEW))
    busy_id, idle_id = busy.id, idle.id
    db_session.commit()
    staff = school["staff_a"]
    base = f"/api/v1/schools/{school['a']}/students"
    everyone = staff.get(base).get_json()
    assert everyone["total"] == 2 and [s["last_name"] for s in everyone["items"]] == ["Bernard", "Zola"]
    anna = everyone["items"][0]
    assert anna["latest_application"]["status"] == "interview"
    assert anna["latest_application"]["offer"]["title"] == "Technicienne méthodes"
    assert anna["placement"] is None and anna["level"] == "bac+5"
    interview = staff.get(f"{base}?status=interview").get_json()
    assert [s["student_id"] for s in interview["items"]] == [busy_id]
    none = staff.get(f"{base}?status=none").get_json()
    assert [s["student_id"] for s in none["items"]] == [idle_id]
    assert staff.get(f"{base}?q=industriel").get_json()["items"][0]["student_id"] == idle_id
    assert staff.get(f"{base}?per_page=1&page=2").get_json()["items"][0]["student_id"] == idle_id
    assert staff.get(f"{base}?status=bogus").status_code == 422
    student_user, token = account(db_session, "anna.compte@alpha.fr", Role.STUDENT, school_id=school["a"])
    db_session.commit()
    assert api.as_token(token).get(base).status_code == 403
    assert api.as_token(None).get(base).status_code == 401
    assert staff.get("/api/v1/schools/999999/students").status_code == 404


def test_students_and_statistics_filtered_by_programme_level_and_situation(db_session, school):
    from vte.models import School
    from vte.vocab import StudentStatus

    a = db_session.get(School, school["a"])
    make_student(db_session, school=a, last_name="Bernard", email="anna@alpha.fr", programme="Génie mécanique")
    zoe = make_student(
        db_session,
        school=a,
        last_name="Zola",
        email="zoe@alpha.fr",
        programme="Génie industriel",
        level=3,
        status=StudentStatus.ALTERNANCE,
    )
    zoe_id = zoe.id
    db_session.commit()
    staff = school["staff_a"]
    base = f"/api/v1/schools/{school['a']}"
    for query in ("programme=Génie industriel", "level=bac%2B3", "situation=alternance"):
        listed = staff.get(f"{base}/students?{query}").get_json()
        assert [s["student_id"] for s in listed["items"]] == [zoe_id], query
        assert staff.get(f"{base}/stats?{query}").get_json()["totals"]["students"] == 1, query
    assert staff.get(f"{base}/stats").get_json()["totals"]["students"] == 2
    unknown = staff.get(f"{base}/stats?programme=Astrophysique")
    assert unknown.status_code == 422 and "programme" in unknown.get_json()["error"]["fields"]
    assert staff.get(f"{base}/students?level=bac%2B12").status_code == 422


CSV_OK = (
    "email;first_name;last_name;programme;level;status\r\n"
    "lea.martin@etu.alpha.fr;Léa;Martin;Génie mécanique;bac+5;student\r\n"
    "hugo.petit@etu.alpha.fr;Hugo;Petit;Génie industriel;bac+3;alternance\r\n"
)


def _outbox(session, email=None):
    stmt = select(OutboxEmail).where(OutboxEmail.kind == "invitation")
    if email:
        stmt = stmt.where(OutboxEmail.to_email == email)
    return session.scalars(stmt.order_by(OutboxEmail.id)).all()


def test_csv_import_invites_each_student_once(db_session, school):
    staff = school["staff_a"]
    url = f"/api/v1/schools/{school['a']}/students/import"
    data = {"file": (io.BytesIO(("\ufeff" + CSV_OK).encode("utf-8")), "etudiants.csv")}
    response = staff.post(url, data=data, content_type="multipart/form-data")
    assert response.status_code == 200, response.get_json()
    report = response.get_json()
    assert report["invited"] == 2 and report["errors"] == {}
    code = report["invitation_code"]
    mails = _outbox(db_session)
    assert [m.to_email for m in mails] == ["lea.martin@etu.alpha.fr", "hugo.petit@etu.alpha.fr"]
    assert mails[0].body.startswith("Bonjour Léa,")
    assert code in mails[0].body and f"/inscription?code={code}" in mails[0].body
    assert "École Alpha" in mails[0].subject

    again = staff.post(url, data=CSV_OK.encode("utf-8"), content_type="text/csv")
    assert again.status_code == 200
    assert again.get_json()["invited"] == 0 and again.get_json()["already_invited"] == 2
    assert again.get_json()["invitation_code"] == code
    assert len(_outbox(db_session)) == 2
    invitation = db_session.scalars(select(SchoolInvitation).where(SchoolInvitation.code == code)).one()
    assert invitation.school_id == school["a"]


def test_csv_import_with_a_bad_line_imports_nothing_unless_skip_invalid(db_session, school):
    staff = school["staff_a"]
    url = f"/api/v1/schools/{school['a']}/students/import"
    bad = CSV_OK + "pas-une-adresse;Jean;Durand;Génie civil;bac+12;stagiaire\r\n"
    rejected = staff.post(url, data=bad.encode("utf-8"), content_type="text/csv")
    assert rejected.status_code == 422
    error = rejected.get_json()["error"]
    assert list(error["fields"]) == ["ligne 4"]
    assert len(error["fields"]["ligne 4"]) == 3  # email, level, status
    assert "skip_invalid" in error["message"]
    assert _outbox(db_session) == []

    partial = staff.post(f"{url}?skip_invalid=true", data=bad.encode("utf-8"), content_type="text/csv")
    assert partial.status_code == 200
    assert partial.get_json()["invited"] == 2 and list(partial.get_json()["errors"]) == ["ligne 4"]
    assert len(_outbox(db_session)) == 2


def test_csv_import_refuses_unknown_columns_missing_file_and_other_schools(db_session, school, api):
    staff = school["staff_a"]
    url = f"/api/v1/schools/{school['a']}/students/import"
    header = staff.post(url, data="email,téléphone\r\na@b.fr,0600000000\r\n".encode(), content_type="text/csv")
    assert header.status_code == 422 and "« téléphone »" in header.get_json()["error"]["fields"]["ligne 1"][0]
    assert staff.post(url, json={"email": "a@b.fr"}).status_code == 422
    assert school["staff_b"].post(url, data=CSV_OK.encode(), content_type="text/csv").status_code == 403
    assert _outbox(db_session) == []


def test_csv_import_skips_students_already_registered_in_the_school(db_session, school):
    user = create_user(db_session, "lea.martin@etu.alpha.fr", PASSWORD, Role.STUDENT, school_id=school["a"])
    assert user.id
    db_session.commit()
    report = (
        school["staff_a"]
        .post(f"/api/v1/schools/{school['a']}/students/import", data=CSV_OK.encode(), content_type="text/csv")
        .get_json()
    )
    assert (report["invited"], report["already_registered"]) == (1, 1)
    assert db_session.scalar(select(func.count(User.id)).where(User.email == "hugo.petit@etu.alpha.fr")) == 0


def test_parse_import_accepts_commas_and_windows_lines_and_reports_duplicates():
    rows, errors = parse_import("email,first_name\na@exemple.fr,Ana\n\nb@exemple.fr,Bob\nA@exemple.fr,Ana bis\n")
    assert [line for line, _ in rows] == [2, 4]
    assert list(errors) == ["ligne 5"] and "ligne 2" in errors["ligne 5"][0]
    _, errors = parse_import("email;level\na@exemple.fr;bac+5;en trop\n")
    assert "3 valeurs pour 2 colonnes" in errors["ligne 2"][0]


CSV_FRENCH = (
    "Adresse e-mail;Prénom;NOM;Filière;Niveau;Statut\r\n"
    "lea.martin@etu.alpha.fr;Léa;Martin;Génie mécanique;Bac +5;Étudiante\r\n"
    "hugo.petit@etu.alpha.fr;Hugo;Petit;Génie industriel;Licence;jeune diplômé\r\n"
    "ines.roux@etu.alpha.fr;Inès;Roux;Génie civil;M1;alternant(e)\r\n"
)


def test_csv_import_reads_french_headers_and_values(db_session, school):
    url = f"/api/v1/schools/{school['a']}/students/import"
    response = school["staff_a"].post(url, data=CSV_FRENCH.encode("utf-8"), content_type="text/csv")
    assert response.status_code == 200, response.get_json()
    assert response.get_json()["invited"] == 3 and response.get_json()["errors"] == {}
    mails = _outbox(db_session)
    assert [m.to_email for m in mails] == [
        "lea.martin@etu.alpha.fr",
        "hugo.petit@etu.alpha.fr",
        "ines.roux@etu.alpha.fr",
    ]
    assert mails[0].body.startswith("Bonjour Léa,") and "(Génie mécanique)" in mails[0].body


def test_csv_import_names_the_french_column_of_a_bad_value(db_session, school):
    url = f"/api/v1/schools/{school['a']}/students/import"
    bad = "courriel;niveau;statut\r\nnina@etu.alpha.fr;bachelor;stagiaire\r\n"
    response = school["staff_a"].post(url, data=bad.encode("utf-8"), content_type="text/csv")
    assert response.status_code == 422
    problems = response.get_json()["error"]["fields"]["ligne 2"]
    assert problems[0].startswith("niveau : « bachelor » non reconnu (attendu bac+2 … bac+8, ou licence")
    assert problems[1].startswith("statut : « stagiaire » inconnu (attendu étudiant, alternance ou jeune diplômé")
    assert _outbox(db_session) == []


def test_csv_import_refuses_two_names_of_the_same_column(db_session, school):
    url = f"/api/v1/schools/{school['a']}/students/import"
    twice = "email;courriel\r\na@etu.alpha.fr;a@etu.alpha.fr\r\n"
    response = school["staff_a"].post(url, data=twice.encode("utf-8"), content_type="text/csv")
    assert response.status_code == 422
    assert response.get_json()["error"]["fields"]["ligne 1"] == [
        "Les colonnes « email » et « courriel » désignent la même donnée : gardez-en une."
    ]


def test_import_template_downloads_from_the_api_and_imports_back(db_session, school, client):
    template = client.get("/api/v1/schools/import-template.csv")  # public: no account needed
    assert template.status_code == 200
    assert template.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert 'filename="modele-import-etudiants.csv"' in template.headers["Content-Disposition"]
    body = template.get_data()
    assert body.startswith("\ufeff".encode())
    lines = body.decode("utf-8-sig").splitlines()
    assert lines[0] == "e-mail;prénom;nom;formation;niveau;statut" and len(lines) == 3
    url = f"/api/v1/schools/{school['a']}/students/import"
    data = {"file": (io.BytesIO(body), "modele-import-etudiants.csv")}
    report = school["staff_a"].post(url, data=data, content_type="multipart/form-data").get_json()
    assert (report["invited"], report["errors"]) == (2, {})


@pytest.mark.parametrize(
    ("header", "column"),
    [("Prénom", "first_name"), ("PRENOM", "first_name"), ("first name", "first_name"), ("Nom de famille", "last_name")],
)
def test_parse_import_ignores_accents_case_and_spaces_in_headers(header, column):
    rows, errors = parse_import(f"E-Mail;{header}\nana@exemple.fr;Ana\n")
    assert errors == {} and rows[0][1] == {"email": "ana@exemple.fr", column: "Ana"}


@pytest.mark.parametrize(
    ("level", "status", "expected"),
    [
        ("Bac +5", "étudiant", ("bac+5", "student")),
        ("M2", "Etudiant", ("bac+5", "student")),
        ("master", "student", ("bac+5", "student")),
        ("Licence", "Jeune diplômée", ("bac+3", "graduate")),
        ("L3", "diplômé", ("bac+3", "graduate")),
        ("BTS", "graduate", ("bac+2", "graduate")),
        ("M1", "en alternance", ("bac+4", "alternance")),
        ("doctorat", "apprentie", ("bac+8", "alternance")),
    ],
)
def test_parse_import_reads_levels_and_statuses_in_french_or_english(level, status, expected):
    rows, errors = parse_import(f"email;niveau;statut\nana@exemple.fr;{level};{status}\n")
    assert errors == {}
    assert (rows[0][1]["level"], rows[0][1]["status"]) == expected


def test_parse_import_refuses_ambiguous_levels_and_ignores_unnamed_columns():
    for ambiguous in ("bachelor", "5", "MBA", "bac"):
        _, errors = parse_import(f"email;niveau\nana@exemple.fr;{ambiguous}\n")
        assert errors["ligne 2"][0].startswith(f"niveau : « {ambiguous} » non reconnu"), ambiguous
    rows, errors = parse_import("email;prénom;;\nana@exemple.fr;Ana;;\n")
    assert errors == {} and rows[0][1] == {"email": "ana@exemple.fr", "first_name": "Ana"}
    with pytest.raises(InputError) as refused:
        parse_import("email;" + "x" * 5000 + "\nana@exemple.fr;Ana\n")
    assert f"« {'x' * 59}… »" in refused.value.fields["ligne 1"][0]  # a long name is cut in the message


def test_staff_attach_a_colleague_who_signed_up_but_never_themselves(school, app):
    school_id, colleague = school["a"], school["staff_a"]
    newcomer = app.test_client()
    assert (
        newcomer.post(
            "/api/v1/auth/signup", json={"email": "collegue@alpha.fr", "password": PASSWORD, "role": "school"}
        ).status_code
        == 201
    )
    # Signed up, not attached: the school's data stays closed to them, and they cannot attach themselves.
    assert newcomer.get(f"/api/v1/schools/{school_id}/students").status_code == 403
    csrf = {"X-CSRFToken": newcomer.get("/api/v1/auth/csrf").get_json()["csrf_token"]}
    assert (
        newcomer.post(
            f"/api/v1/schools/{school_id}/staff", json={"email": "collegue@alpha.fr"}, headers=csrf
        ).status_code
        == 403
    )

    unknown = colleague.post(f"/api/v1/schools/{school_id}/staff", json={"email": "inconnu@alpha.fr"})
    assert unknown.status_code == 404 and "email" in unknown.get_json()["error"]["fields"]
    other = colleague.post(f"/api/v1/schools/{school_id}/staff", json={"email": "staff@beta.fr"})
    assert other.status_code == 409
    assert colleague.post(f"/api/v1/schools/{school_id}/staff", json={"email": "COLLEGUE@alpha.fr"}).status_code == 201
    assert newcomer.get(f"/api/v1/schools/{school_id}/students").status_code == 200
    emails = [s["email"] for s in colleague.get(f"/api/v1/schools/{school_id}/staff").get_json()["items"]]
    assert emails == ["collegue@alpha.fr", "staff@alpha.fr"]
