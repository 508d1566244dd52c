"""Export and erasure are complete for every role (issue 12, point 7): every table of the schema is
classified as personal or not, and after erasing a person no personal table holds their address,
their account id or their profile id; the export carries what the person would expect to find."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest
from sqlalchemy import select

from vte.account_data import NOT_PERSONAL, PERSONAL_DATA
from vte.account_links import send_verification
from vte.extensions import db
from vte.models import ApplicationEvent, EmbeddingCache, OutboxEmail, Placement, Student, User
from vte.vocab import ContractType
from web_support import post_form, sign_in, text_of
from world import PASSWORD, build_world


def test_every_table_is_classified():
    tables = set(db.metadata.tables)
    unclassified = tables - set(PERSONAL_DATA) - NOT_PERSONAL
    assert not unclassified, f"say in vte/account_data.py whether these hold personal data: {sorted(unclassified)}"
    assert not (set(PERSONAL_DATA) - tables), "PERSONAL_DATA names a table that does not exist"


@pytest.fixture()
def world(db_session, fake_encoder):
    world = build_world(db_session, fake_encoder)
    student = db_session.get(Student, db_session.scalars(select(Student).order_by(Student.id)).first().id)
    user = db_session.get(User, student.user_id)
    recruiter = db_session.scalars(select(User).where(User.email == "recruteur.a@matrice.fr")).one()
    application_id = world.ids["app_a"]
    db_session.add_all(
        [
            Placement(
                student_id=student.id,
                application_id=application_id,
                school_id=student.school_id,
                programme="Génie des matériaux",
                contract_type=ContractType.CDI,
                hired_at=datetime.now(UTC),
            ),
            ApplicationEvent(
                application_id=application_id, from_status="submitted", to_status="reviewed", by_user_id=recruiter.id
            ),
        ]
    )
    for person in (user, recruiter):
        db_session.add(OutboxEmail(to_email=person.email, subject="Invitation", body="Bonjour", kind="invitation"))
        send_verification(db_session, person, lambda secret: f"https://vte.example/adresse/confirmer/{secret}")
    db_session.commit()
    return world


def _personal_rows(db_session) -> dict[str, list[dict]]:
    rows = {}
    for name in PERSONAL_DATA:
        table = db.metadata.tables[name]
        rows[name] = [dict(r._mapping) for r in db_session.execute(select(table))]
    return rows


def _references(column_name: str, target: str) -> list[tuple[str, str]]:
    """(table, column) pairs of personal tables whose column is a foreign key to `target`."""
    found = []
    for name in PERSONAL_DATA:
        for column in db.metadata.tables[name].columns:
            if any(fk.column.table.name == target for fk in column.foreign_keys):
                found.append((name, column.name))
    return found


def _traces(db_session, email: str, user_id: int, student_id: int | None) -> list[str]:
    traces = []
    rows = _personal_rows(db_session)
    for table, items in rows.items():
        for row in items:
            if any(isinstance(v, str) and email.lower() in v.lower() for v in row.values()):
                traces.append(f"{table}: address in {row}")
    for table, column in _references("id", "user_account"):
        traces += [f"{table}.{column} = {user_id}" for row in rows[table] if row[column] == user_id]
    if student_id is not None:
        for table, column in _references("id", "student"):
            traces += [f"{table}.{column} = {student_id}" for row in rows[table] if row[column] == student_id]
    if "user_account" in rows:
        traces += ["user_account row" for row in rows["user_account"] if row["id"] == user_id]
    return traces


@pytest.mark.parametrize("email", ["etudiant.a@matrice.fr", "recruteur.a@matrice.fr", "ecole.a@matrice.fr"])
def test_erasure_leaves_no_trace_of_the_person(app, db_session, world, email):
    user = db_session.scalars(select(User).where(User.email == email)).one()
    student = db_session.scalars(select(Student).where(Student.user_id == user.id)).first()
    student_id, text_hash = (student.id, student.text_hash) if student else (None, None)
    assert _traces(db_session, email, user.id, student_id)  # the fixture gave them data to erase

    client = app.test_client()
    assert client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD}).status_code == 200
    csrf = {"X-CSRFToken": client.get("/api/v1/auth/csrf").get_json()["csrf_token"]}
    assert client.delete("/api/v1/account", headers=csrf).status_code == 200
    db_session.expire_all()
    assert _traces(db_session, email, user.id, student_id) == []
    if text_hash and not db_session.scalars(select(Student.id).where(Student.text_hash == text_hash)).first():
        assert db_session.scalars(select(EmbeddingCache).where(EmbeddingCache.text_hash == text_hash)).first() is None
    assert client.get("/api/v1/auth/me").status_code == 401


def test_export_is_complete_for_a_student(app, db_session, world):
    client = app.test_client()
    client.post("/api/v1/auth/login", json={"email": "etudiant.a@matrice.fr", "password": PASSWORD})
    data = client.get("/api/v1/account/export").get_json()
    assert data["account"]["email"] == "etudiant.a@matrice.fr"
    assert data["school"]["name"] == "École A (matrice)"
    assert data["profile"] is not None and len(data["applications"]) == 1
    assert data["placements"][0]["programme"] == "Génie des matériaux"
    assert [e["subject"] for e in data["emails"]][:1] == ["Invitation"]
    assert any(e["kind"] == "email_verification" for e in data["emails"])
    assert data["api_tokens"][0]["name"] == "matrice"
    assert client.get("/api/v1/students/me/export").get_json() == data  # the older address says the same
    created = datetime.fromisoformat(data["account"]["created_at"])  # ISO 8601 with its offset, not an HTTP date
    assert created.utcoffset() == timedelta(0) and abs(datetime.now(UTC) - created) < timedelta(hours=1)
    assert all(datetime.fromisoformat(e["created_at"]).utcoffset() == timedelta(0) for e in data["emails"])


def test_export_for_a_recruiter_and_a_school_staff_member(app, db_session, world):
    recruiter = app.test_client()
    recruiter.post("/api/v1/auth/login", json={"email": "recruteur.a@matrice.fr", "password": PASSWORD})
    data = recruiter.get("/api/v1/account/export").get_json()
    assert data["company"]["id"] == world.ids["company_a"]
    assert data["application_decisions"] == [
        {
            "application_id": world.ids["app_a"],
            "from": "submitted",
            "to": "reviewed",
            "at": data["application_decisions"][0]["at"],
        }
    ]
    staff = app.test_client()
    staff.post("/api/v1/auth/login", json={"email": "ecole.a@matrice.fr", "password": PASSWORD})
    assert staff.get("/api/v1/account/export").get_json()["school"]["name"] == "École A (matrice)"


def test_account_pages_for_a_recruiter(app, db_session, world):
    client = app.test_client()
    sign_in(client, "recruteur.a@matrice.fr", PASSWORD)
    download = client.get("/compte/donnees.json")
    assert download.status_code == 200 and "attachment" in download.headers["Content-Disposition"]
    assert download.get_json()["account"]["email"] == "recruteur.a@matrice.fr"
    page = client.get("/compte/supprimer")
    assert "la fiche de votre entreprise et ses offres restent en ligne" in text_of(page)
    unchecked = post_form(client, "/compte/supprimer", {})
    assert unchecked.status_code == 422 and "Cochez la case" in text_of(unchecked)
    done = post_form(client, "/compte/supprimer", {"confirm": "on"}, follow_redirects=True)
    assert "Votre compte est supprimé" in text_of(done)
    db_session.expire_all()
    assert db_session.scalars(select(User).where(User.email == "recruteur.a@matrice.fr")).first() is None


def test_the_last_admin_cannot_be_erased(app, db_session, world):
    client = app.test_client()
    client.post("/api/v1/auth/login", json={"email": "admin@matrice.fr", "password": PASSWORD})
    csrf = {"X-CSRFToken": client.get("/api/v1/auth/csrf").get_json()["csrf_token"]}
    refused = client.delete("/api/v1/account", headers=csrf)
    assert refused.status_code == 409 and "dernier administrateur" in refused.get_json()["error"]["message"]
