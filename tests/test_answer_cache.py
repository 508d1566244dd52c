"""« Mes offres » pages kept in the process: asked again, a page is not ranked again, and it is never
served after anything it shows changed (an application, a new or closed offer, the profile, the
company's verification)."""

from __future__ import annotations

import pytest
from sqlalchemy import event

from factories import make_company, make_offer, make_school
from vte.answer_cache import AnswerCache
from vte.company_verification import verify_company
from vte.embedding_sync import embed_offers
from vte.extensions import db
from vte.models import SchoolInvitation

PASSWORD = "Cache-Offres-2026"
PROFILE = {
    "first_name": "Inès",
    "last_name": "Roux",
    "programme": "Diplôme d'ingénieur, plasturgie",
    "level": "bac+5",
    "status": "graduate",
    "summary": "Ingénieure plasturgie, je cherche un poste en injection plastique.",
    "skills": ["injection plastique", "AMDEC"],
    "contract_types": ["cdi", "cdd"],
    "location": {"postcode": "01100", "city": "Oyonnax"},
    "max_distance_km": 60,
    "visible": True,
}


class Clock:
    def __init__(self):
        self.now = 0.0

    def __call__(self) -> float:
        return self.now


def test_an_answer_is_computed_once_then_kept_until_it_expires():
    clock, calls = Clock(), []
    cache = AnswerCache(entries=10, seconds=60, timer=clock)

    def compute():
        calls.append(1)
        return {"n": len(calls)}

    assert cache.get_or_compute("k", compute) == {"n": 1}
    assert cache.get_or_compute("k", compute) == {"n": 1} and len(calls) == 1
    assert cache.get_or_compute("other", compute) == {"n": 2}
    clock.now = 61
    assert cache.get_or_compute("k", compute) == {"n": 3}  # expired: computed again


def test_the_cache_holds_a_bounded_number_of_answers_and_zero_keeps_nothing():
    cache = AnswerCache(entries=3, seconds=60)
    for key in range(10):
        cache.get_or_compute(key, lambda key=key: key)
    assert len(cache) == 3
    off, calls = AnswerCache(entries=0), []
    off.get_or_compute("k", lambda: calls.append(1))
    off.get_or_compute("k", lambda: calls.append(1))
    assert len(calls) == 2 and len(off) == 0


@pytest.fixture()
def student_world(client, api, db_session, fake_encoder):
    school = make_school(db_session, name="École cache")
    db_session.add(SchoolInvitation(school_id=school.id, code="CACHE2026"))
    company = make_company(db_session, verified_at=None)
    offer = make_offer(db_session, company=company, title="Ingénieur procédés injection plastique")
    embed_offers(db_session, fake_encoder, [offer])
    ids = {"offer": offer.id, "company": offer.company_id}
    db_session.commit()
    client.post("/api/v1/auth/signup", json={"email": "ines@exemple.fr", "password": PASSWORD, "role": "student"})
    csrf = client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
    secret = client.post("/api/v1/auth/tokens", json={"name": "t"}, headers={"X-CSRFToken": csrf}).get_json()["token"]
    me = api.as_token(secret)
    assert me.post("/api/v1/students/me/school", json={"invitation_code": "CACHE2026"}).status_code == 200
    assert me.put("/api/v1/students/me", json=PROFILE).status_code == 200
    return me, ids


@pytest.fixture()
def rankings(monkeypatch):
    """How many times « Mes offres » was ranked (rather than served as kept)."""
    import vte.matching

    calls, rank = [], vte.matching.rank_offers_for_student

    def counted(*args, **kwargs):
        calls.append(1)
        return rank(*args, **kwargs)

    monkeypatch.setattr(vte.matching, "rank_offers_for_student", counted)
    return calls


def titles(page):
    return [item["offer"]["title"] for item in page["items"]]


def test_the_same_page_asked_again_is_not_ranked_again(student_world, rankings):
    me, _ = student_world
    first = me.get("/api/v1/students/me/matches").get_json()
    again = me.get("/api/v1/students/me/matches").get_json()
    assert again == first and titles(first) == ["Ingénieur procédés injection plastique"]
    assert len(rankings) == 1
    me.get("/api/v1/students/me/matches?contract_type=cdi")  # other arguments: another page
    assert len(rankings) == 2


def test_a_kept_page_asked_again_from_a_signed_in_browser_reads_the_database_once(student_world, client):
    """The session's account is loaded with its profile's version and the index's last change: a
    kept page then costs that one statement, where it cost two."""
    statements = []

    def record(conn, cursor, statement, parameters, context, executemany):
        if "SAVEPOINT" not in statement:  # the test's own transaction around each request
            statements.append(statement)

    with client.application.app_context():
        engine = db.engine
    first = client.get("/api/v1/students/me/matches").get_json()  # the browser that signed up
    event.listen(engine, "before_cursor_execute", record)
    try:
        again = client.get("/api/v1/students/me/matches").get_json()
    finally:
        event.remove(engine, "before_cursor_execute", record)
    assert again == first and titles(again) == ["Ingénieur procédés injection plastique"]
    assert len(statements) == 1 and "student" in statements[0] and "user_account" in statements[0]


def test_an_account_without_a_profile_is_told_to_fill_it_in_on_mes_offres(client):
    client.post(
        "/api/v1/auth/signup", json={"email": "sans.profil@exemple.fr", "password": PASSWORD, "role": "student"}
    )
    response = client.get("/api/v1/students/me/matches")
    assert response.status_code == 404 and "complétez d'abord votre profil" in response.get_json()["error"]["message"]


def test_a_kept_page_is_never_served_after_what_it_shows_changed(
    student_world, rankings, client, db_session, fake_encoder
):
    me, ids = student_world
    assert "Candidature envoyée" not in client.get("/etudiant/offres").get_data(as_text=True)

    assert me.post("/api/v1/applications", json={"offer_id": ids["offer"]}).status_code == 201
    assert "Candidature envoyée" in client.get("/etudiant/offres").get_data(as_text=True)
    assert len(rankings) == 1  # the student's applications are read afresh, the ranking was kept

    assert me.get("/api/v1/students/me/matches").get_json()["items"][0]["offer"]["company"]["verified"] is False
    verify_company(db_session, ids["company"])
    db_session.commit()
    assert me.get("/api/v1/students/me/matches").get_json()["items"][0]["offer"]["company"]["verified"] is True

    newer = make_offer(db_session, commune_code="01283", title="Technicienne injection plastique")
    embed_offers(db_session, fake_encoder, [newer])
    db_session.commit()
    page = me.get("/api/v1/students/me/matches").get_json()
    assert page["total"] == 2 and "Technicienne injection plastique" in titles(page)

    version = me.get("/api/v1/students/me").headers["ETag"]
    narrower = {**PROFILE, "contract_types": ["cdd"]}  # the offers are CDI: none fits any more
    assert me.put("/api/v1/students/me", json=narrower, headers={"If-Match": version}).status_code == 200
    assert me.get("/api/v1/students/me/matches").get_json()["total"] == 0
