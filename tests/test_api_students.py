"""The student's journey through the API: sign up, join a school, profile, matches, export, erase."""

import pytest
from sqlalchemy import select, update
from sqlalchemy.orm.exc import StaleDataError

from factories import make_offer, make_school
from vte.accounts import create_user
from vte.embedding_sync import embed_offers
from vte.models import Application, Placement, SchoolInvitation, Student, User
from vte.students import save_profile
from vte.vocab import ApplicationStatus, ContractType, Role

PASSWORD = "Usinage-CN-2026"
PROFILE = {
    "first_name": "Léa",
    "last_name": "Martin",
    "programme": "Diplôme d'ingénieur, génie des matériaux",
    "level": "bac+5",
    "status": "graduate",
    "summary": "Ingénieure matériaux, je cherche un premier poste en plasturgie et injection plastique.",
    "skills": ["injection plastique", "AMDEC", "anglais"],
    "contract_types": ["cdi", "cdd"],
    "location": {"postcode": "01100", "city": "Oyonnax"},
    "max_distance_km": 60,
    "visible": True,
}


def _token_for_new_student(client, api, db_session, email="lea@exemple.fr"):
    client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "role": "student"})
    csrf = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    secret = client.post("/api/v1/auth/tokens", json={"name": "t"}, headers={"X-CSRFToken": csrf}).get_json()["token"]
    return api.as_token(secret)


def test_student_joins_school_fills_profile_and_sees_explained_matches(client, api, db_session, fake_encoder):
    school = make_school(db_session, name="École test plasturgie")
    db_session.add(SchoolInvitation(school_id=school.id, code="PLAST2026"))
    near = make_offer(
        db_session,
        commune_code="01283",
        title="Ingénieur procédés injection plastique",
        skills=["injection plastique", "AMDEC"],
    )
    other = make_offer(
        db_session,
        commune_code="01283",
        title="Comptable fournisseurs",
        description="Saisie et rapprochements bancaires.",
        skills=["comptabilité"],
        contract_type=ContractType.APPRENTISSAGE,
    )
    embed_offers(db_session, fake_encoder, [near, other])
    near_id = near.id
    db_session.commit()
    me = _token_for_new_student(client, api, db_session)

    early = me.put("/api/v1/students/me", json=PROFILE)
    assert early.status_code == 409 and "école" in early.get_json()["error"]["message"]
    joined = me.post("/api/v1/students/me/school", json={"invitation_code": "plast2026"})
    assert joined.status_code == 200 and joined.get_json()["name"] == "École test plasturgie"

    saved = me.put("/api/v1/students/me", json=PROFILE)
    assert saved.status_code == 200, saved.get_json()
    body = saved.get_json()
    assert body["commune"] == {"code": "01283", "name": "Oyonnax"}
    assert body["level"] == "bac+5" and body["school"]["name"] == "École test plasturgie"

    matches = me.get("/api/v1/students/me/matches").get_json()
    assert matches["total"] == 1  # the apprenticeship is filtered out: the student wants CDI/CDD
    best = matches["items"][0]
    assert best["offer"]["id"] == near_id
    assert best["breakdown"]["shared_skills"] == ["injection plastique", "AMDEC"]
    assert "Oyonnax" in best["breakdown"]["territory"]
    assert best["breakdown"]["explanation"].startswith("Poste")
    assert set(best["breakdown"]["components"]) == {"fit", "geo", "territory", "green"}
    assert set(best["breakdown"]["fit_evidence"]) == {"occupation", "mission", "words"}


def test_profile_errors_name_the_field(client, api, db_session, fake_encoder):
    school_id = make_school(db_session, name="École erreurs").id
    me = _token_for_new_student(client, api, db_session)
    db_session.execute(User.__table__.update().values(school_id=school_id))
    db_session.commit()
    bad = dict(PROFILE, level="bac+12", contract_types=["stage"], location={"postcode": "01400"})
    response = me.put("/api/v1/students/me", json=bad)
    assert response.status_code == 422
    assert {"level", "contract_types"} <= set(response.get_json()["error"]["fields"])
    shared = me.put("/api/v1/students/me", json=dict(PROFILE, location={"postcode": "01400"}))
    assert shared.status_code == 422
    assert "location.city" in shared.get_json()["error"]["fields"]
    assert db_session.scalars(select(Student).where(Student.summary == PROFILE["summary"])).first() is None


def test_export_then_erasure_keeps_anonymous_placements_and_withdraws_applications(
    client, api, db_session, fake_encoder
):
    school_id = make_school(db_session, name="École export").id
    db_session.add(SchoolInvitation(school_id=school_id, code="EXPORT01"))
    me = _token_for_new_student(client, api, db_session, email="tom@exemple.fr")
    me.post("/api/v1/students/me/school", json={"invitation_code": "EXPORT01"})
    me.put("/api/v1/students/me", json=PROFILE)
    student = db_session.scalars(select(Student).where(Student.email == "tom@exemple.fr")).one()
    open_offer, hired_offer = make_offer(db_session), make_offer(db_session)
    pending = Application(student_id=student.id, offer_id=open_offer.id, message="Bonjour")
    hired = Application(student_id=student.id, offer_id=hired_offer.id, status=ApplicationStatus.HIRED)
    db_session.add_all([pending, hired])
    db_session.flush()
    db_session.add(
        Placement(
            student_id=student.id,
            application_id=hired.id,
            school_id=school_id,
            contract_type=ContractType.CDI,
            programme=student.programme,
        )
    )
    db_session.flush()
    student_id, pending_id = student.id, pending.id
    db_session.commit()

    export = me.get("/api/v1/students/me/export").get_json()
    assert export["account"]["email"] == "tom@exemple.fr"
    assert export["profile"]["summary"] == PROFILE["summary"]
    assert {a["status"] for a in export["applications"]} == {"submitted", "hired"}

    assert me.delete("/api/v1/students/me").status_code == 200
    db_session.expire_all()
    assert db_session.get(Student, student_id) is None
    assert db_session.scalars(select(User).where(User.email == "tom@exemple.fr")).first() is None
    assert db_session.get(Application, pending_id).status == ApplicationStatus.WITHDRAWN
    assert db_session.get(Application, pending_id).student_id is None
    placement = db_session.scalars(select(Placement).where(Placement.school_id == school_id)).one()
    assert placement.student_id is None and placement.programme == PROFILE["programme"]
    assert me.get("/api/v1/auth/me").status_code == 401


def test_profile_saves_carry_a_version_and_a_stale_one_is_refused(client, api, db_session, fake_encoder):
    school = make_school(db_session, name="École test versions")
    db_session.add(SchoolInvitation(school_id=school.id, code="VERS2026"))
    db_session.commit()
    me = _token_for_new_student(client, api, db_session, email="versions@exemple.fr")
    me.post("/api/v1/students/me/school", json={"invitation_code": "VERS2026"})
    first = me.put("/api/v1/students/me", json=PROFILE)
    etag = first.headers["ETag"]
    assert first.status_code == 200 and etag == f'"v{first.get_json()["version"]}"'
    assert me.get("/api/v1/students/me").headers["ETag"] == etag

    edited = {**PROFILE, "summary": "Ingénieure matériaux, je vise la plasturgie automobile."}
    second = me.put("/api/v1/students/me", json=edited, headers={"If-Match": etag})
    assert second.status_code == 200 and second.headers["ETag"] != etag
    # Another tab still shows the first version: its save is refused, the newer profile stays whole.
    stale = me.put("/api/v1/students/me", json=PROFILE, headers={"If-Match": etag})
    assert stale.status_code == 409
    assert "modifié entre-temps" in stale.get_json()["error"]["message"]
    assert me.get("/api/v1/students/me").get_json()["summary"] == edited["summary"]
    bad = me.put("/api/v1/students/me", json=PROFILE, headers={"If-Match": "n'importe quoi"})
    assert bad.status_code == 422 and "If-Match" in bad.get_json()["error"]["fields"]


def test_two_saves_of_one_profile_at_once_never_mix(db_session, fake_encoder):
    """The second of two concurrent saves read the version the first one replaced: its UPDATE
    matches no row and is refused (optimistic locking), instead of mixing both."""
    school = make_school(db_session, name="École test concurrence")
    user = create_user(db_session, "mix@exemple.fr", PASSWORD, Role.STUDENT, school_id=school.id)
    data = {**PROFILE, "level": 5}
    profile = save_profile(db_session, fake_encoder, user, data)
    db_session.flush()
    db_session.execute(
        update(Student)
        .where(Student.id == profile.id)
        .values(version=Student.version + 1, summary="Autre onglet.")
        .execution_options(synchronize_session=False)
    )  # the other save committed meanwhile; this session still holds the version it read
    with pytest.raises(StaleDataError):
        save_profile(db_session, fake_encoder, user, {**data, "summary": "Ce onglet-ci."})
