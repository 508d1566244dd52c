"""Applications: a student applies, the company follows the recruitment to the hire, the placement
feeds the school's statistics; nobody else sees or moves the application. The status machine is
also tested alone, without Flask."""

from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from factories import make_company, make_offer, make_school, make_student
from vte.accounts import create_user
from vte.applications import (
    FINAL_STATUSES,
    TRANSITIONS,
    allowed_transitions,
    placement_eligibility,
    transition_problem,
)
from vte.auth import create_token
from vte.eligibility import MissionFacts, rules_for_config
from vte.models import ApplicationEvent, Company, Placement
from vte.vocab import ApplicationStatus as S
from vte.vocab import OfferStatus, Role

PASSWORD = "Usinage-CN-2026"
TERRITORY = "Oyonnax - Bugey Sud - Plaine de l'Ain - Pays Bellegardien - Pays de Gex"


def account(session, email, role, **fields):
    """A user of `role` and a personal token for them: (user id, token)."""
    user = create_user(session, email, PASSWORD, role, **fields)
    _, secret = create_token(session, user, "tests")
    return user.id, secret


@pytest.fixture()
def world(db_session, api):
    return pipeline_world(db_session, api)


def pipeline_world(db_session, api):
    """Two schools with staff, two companies with recruiters, a student of school A with a
    profile created 30 days ago, and an offer of company X in Oyonnax (Territoire d'industrie)."""
    school_a = make_school(db_session, name="École A plasturgie")
    school_b = make_school(db_session, name="École B commerce")
    x = make_company(db_session, commune_code="01283", naf_code="22.29A", headcount=120, name="Plastiques X")
    y = make_company(db_session, commune_code="01283", name="Concurrent Y")
    offer = make_offer(
        db_session, company=x, commune_code="01283", title="Ingénieur procédés injection", duration_months=18
    )
    second = make_offer(db_session, company=x, commune_code="01283", title="Technicien qualité")
    _, staff_a = account(db_session, "staff@ecole-a.fr", Role.SCHOOL, school_id=school_a.id)
    _, staff_b = account(db_session, "staff@ecole-b.fr", Role.SCHOOL, school_id=school_b.id)
    _, rec_x = account(db_session, "rh@plastiques-x.fr", Role.COMPANY, company_id=x.id)
    _, rec_y = account(db_session, "rh@concurrent-y.fr", Role.COMPANY, company_id=y.id)
    _, admin = account(db_session, "admin@vte-match.fr", Role.ADMIN)
    student_user, lea = account(db_session, "lea@etu.ecole-a.fr", Role.STUDENT, school_id=school_a.id)
    student = make_student(
        db_session,
        school=school_a,
        user_id=student_user,
        first_name="Léa",
        last_name="Martin",
        email="lea@etu.ecole-a.fr",
        phone="0601020304",
        programme="Génie des matériaux",
        created_at=datetime.now(UTC) - timedelta(days=30),
    )
    ids = dict(
        school_a=school_a.id,
        school_b=school_b.id,
        x=x.id,
        y=y.id,
        offer=offer.id,
        second=second.id,
        student=student.id,
        student_user=student_user,
    )
    db_session.commit()
    return {
        "ids": ids,
        "student": api.as_token(lea),
        "x": api.as_token(rec_x),
        "y": api.as_token(rec_y),
        "staff_a": api.as_token(staff_a),
        "staff_b": api.as_token(staff_b),
        "admin": api.as_token(admin),
    }


def move(caller, application_id, to, **extra):
    return caller.post(f"/api/v1/applications/{application_id}/transitions", json={"to": to, **extra})


def test_full_pipeline_from_application_to_school_statistics(world, db_session):
    ids, student, x = world["ids"], world["student"], world["x"]
    applied = student.post(
        "/api/v1/applications", json={"offer_id": ids["offer"], "message": "Bonjour, je suis motivée."}
    )
    assert applied.status_code == 201, applied.get_json()
    body = applied.get_json()
    app_id = body["id"]
    assert body["status"] == "submitted" and body["next_statuses"] == ["withdrawn"]
    assert [(e["from"], e["to"]) for e in body["history"]] == [(None, "submitted")]

    again = student.post("/api/v1/applications", json={"offer_id": ids["offer"]})
    assert again.status_code == 409
    assert again.get_json()["error"]["message"] == "Vous avez déjà postulé à cette offre."

    # The company sees the applicant's contact fields.
    listing = x.get("/api/v1/applications").get_json()
    assert listing["total"] == 1
    applicant = listing["items"][0]["student"]
    assert applicant["email"] == "lea@etu.ecole-a.fr" and applicant["phone"] == "0601020304"
    assert listing["items"][0]["next_statuses"] == ["reviewed", "rejected"]

    jump = move(x, app_id, "hired")
    assert jump.status_code == 409
    message = jump.get_json()["error"]["message"]
    assert "submitted" in message and "hired" in message and "« envoyée »" in message

    for step in ("reviewed", "interview", "offered"):
        response = move(x, app_id, step)
        assert response.status_code == 200, response.get_json()
        assert response.get_json()["status"] == step
    start = (date.today() + timedelta(days=20)).isoformat()
    hired = move(x, app_id, "hired", start_date=start, contract_type="cdd")
    assert hired.status_code == 200, hired.get_json()
    detail = hired.get_json()
    assert detail["status"] == "hired" and detail["next_statuses"] == []
    assert [e["to"] for e in detail["history"]] == ["submitted", "reviewed", "interview", "offered", "hired"]
    assert all(e["by_user_id"] for e in detail["history"])
    placement = detail["placement"]
    assert placement["territory"]["name"] == TERRITORY and placement["territory"]["list_version"] == "2020"
    assert placement["region_code"] == "84" and placement["commune_code"] == "01283"
    assert placement["naf_section"] == "C" and placement["contract_type"] == "cdd"
    assert placement["start_date"] == start
    assert placement["eligible_vte_ti"] is True and placement["eligible_vte_vert"] is False
    assert placement["days_to_hire"] == 30

    row = db_session.scalars(select(Placement).where(Placement.application_id == app_id)).one()
    assert (row.school_id, row.programme, row.company_id, row.offer_id) == (
        ids["school_a"],
        "Génie des matériaux",
        ids["x"],
        ids["offer"],
    )

    late = move(student, app_id, "withdrawn")
    assert late.status_code == 409 and "définitif" in late.get_json()["error"]["message"]

    # The school sees the placement in its statistics, as JSON and as CSV.
    stats = world["staff_a"].get(f"/api/v1/schools/{ids['school_a']}/stats")
    assert stats.status_code == 200, stats.get_json()
    stats = stats.get_json()
    assert stats["totals"]["placements"] == 1 and stats["totals"]["placed"] == 1
    assert stats["by_territory"][0] == {"territory": TERRITORY, "in_territory": True, "placements": 1, "share": 1.0}
    assert stats["by_region"][0]["name"] == "Auvergne-Rhône-Alpes"
    assert stats["by_naf_section"][0]["section"] == "C"
    assert stats["by_programme"][0] == {
        "programme": "Génie des matériaux",
        "students": 1,
        "placed": 1,
        "placements": 1,
        "rate": 1.0,
    }
    assert stats["median_days_to_hire"] == 30.0
    assert stats["by_month"][-1]["placements"] == 1 and len(stats["by_month"]) == 12

    csv_response = world["staff_a"].get(f"/api/v1/schools/{ids['school_a']}/stats.csv")
    assert csv_response.status_code == 200
    assert csv_response.mimetype == "text/csv"
    assert "attachment" in csv_response.headers["Content-Disposition"]
    raw = csv_response.get_data()
    assert raw.startswith("\ufeff".encode("utf-8"))
    text = raw.decode("utf-8-sig")
    assert text.splitlines()[0].startswith("Rubrique;Libellé;Code;Étudiants")
    assert f"Territoire d'industrie;{TERRITORY};;;;1;;100,0" in text
    assert "Région;Auvergne-Rhône-Alpes;84;;;1;;100,0" in text

    # The school's students list shows the hire.
    students = world["staff_a"].get(f"/api/v1/schools/{ids['school_a']}/students").get_json()
    lea = next(s for s in students["items"] if s["student_id"] == ids["student"])
    assert lea["latest_application"]["status"] == "hired"
    assert lea["placement"]["company"] == "Plastiques X"


def test_other_company_school_and_strangers_cannot_see_or_move(world):
    ids = world["ids"]
    app_id = world["student"].post("/api/v1/applications", json={"offer_id": ids["offer"]}).get_json()["id"]
    y = world["y"]
    assert y.get(f"/api/v1/applications/{app_id}").status_code == 404
    assert move(y, app_id, "reviewed").status_code == 404
    assert y.get("/api/v1/applications").get_json()["total"] == 0
    # The student's school reads, but cannot change.
    staff_a = world["staff_a"]
    seen = staff_a.get(f"/api/v1/applications/{app_id}")
    assert seen.status_code == 200 and seen.get_json()["student"]["email"] == "lea@etu.ecole-a.fr"
    assert seen.get_json()["next_statuses"] == []
    assert move(staff_a, app_id, "reviewed").status_code == 403
    assert staff_a.get("/api/v1/applications").get_json()["total"] == 1
    # Another school neither.
    staff_b = world["staff_b"]
    assert staff_b.get(f"/api/v1/applications/{app_id}").status_code == 404
    assert staff_b.get("/api/v1/applications").get_json()["total"] == 0
    assert staff_b.get(f"/api/v1/schools/{ids['school_a']}/students").status_code == 403
    assert staff_b.get(f"/api/v1/schools/{ids['school_a']}/stats").status_code == 403
    assert staff_b.get(f"/api/v1/schools/{ids['school_a']}/stats.csv").status_code == 403
    # The student may only withdraw; the company may not withdraw for them.
    forbidden = move(world["student"], app_id, "reviewed")
    assert forbidden.status_code == 403 and "retirer" in forbidden.get_json()["error"]["message"]
    assert move(world["x"], app_id, "withdrawn").status_code == 403
    assert world["admin"].get(f"/api/v1/applications/{app_id}").status_code == 200


def test_student_withdraws_from_any_open_status(world, db_session):
    ids, student, x = world["ids"], world["student"], world["x"]
    app_id = student.post("/api/v1/applications", json={"offer_id": ids["second"]}).get_json()["id"]
    assert move(x, app_id, "reviewed").status_code == 200
    assert move(x, app_id, "interview").status_code == 200
    withdrawn = move(student, app_id, "withdrawn")
    assert withdrawn.status_code == 200 and withdrawn.get_json()["status"] == "withdrawn"
    refused = move(x, app_id, "rejected")
    assert refused.status_code == 409
    assert "retirée" in refused.get_json()["error"]["message"]
    events = db_session.scalars(
        select(ApplicationEvent).where(ApplicationEvent.application_id == app_id).order_by(ApplicationEvent.id)
    ).all()
    assert [(e.from_status, e.to_status) for e in events][-1] == ("interview", "withdrawn")
    assert events[-1].by_user_id == ids["student_user"]
    assert db_session.scalar(select(func.count(Placement.id)).where(Placement.application_id == app_id)) == 0


def test_companies_and_schools_see_a_commune_never_coordinates_and_no_contacts_after_withdrawal(world):
    ids, student, x = world["ids"], world["student"], world["x"]
    app_id = student.post("/api/v1/applications", json={"offer_id": ids["second"]}).get_json()["id"]
    url = f"/api/v1/applications/{app_id}"
    own = student.get(url).get_json()["student"]
    assert own["lat"] is not None and own["email"] == "lea@etu.ecole-a.fr"  # the student sees it all
    for viewer in ("x", "staff_a"):
        seen = world[viewer].get(url).get_json()["student"]
        assert seen["email"] == "lea@etu.ecole-a.fr" and seen["commune"]["code"]
        assert "lat" not in seen and "lon" not in seen, viewer
    assert move(student, app_id, "withdrawn").status_code == 200
    after = x.get(url).get_json()["student"]
    assert not {"email", "phone", "first_name", "last_name", "lat", "lon"} & set(after)
    assert after["programme"] == "Génie des matériaux"  # the professional fields stay
    assert world["staff_a"].get(url).get_json()["student"]["email"] == "lea@etu.ecole-a.fr"  # the school still


def test_rejected_from_open_status_and_start_date_only_for_hires(world):
    ids, x = world["ids"], world["x"]
    app_id = world["student"].post("/api/v1/applications", json={"offer_id": ids["offer"]}).get_json()["id"]
    early = move(x, app_id, "reviewed", start_date="2030-01-01")
    assert early.status_code == 422 and "start_date" in early.get_json()["error"]["fields"]
    assert move(x, app_id, "nonsense").status_code == 422
    assert move(x, app_id, "rejected").status_code == 200
    assert move(x, app_id, "reviewed").status_code == 409


def test_cannot_apply_to_expired_draft_or_unknown_offer_nor_without_profile(world, db_session, api):
    ids = world["ids"]
    x = db_session.get(Company, ids["x"])
    expired = make_offer(db_session, company=x, expires_at=date.today() - timedelta(days=1)).id
    draft = make_offer(db_session, company=x, status=OfferStatus.DRAFT).id
    _, newcomer = account(db_session, "nouveau@etu.ecole-a.fr", Role.STUDENT, school_id=ids["school_a"])
    db_session.commit()
    student = world["student"]
    response = student.post("/api/v1/applications", json={"offer_id": expired})
    assert response.status_code == 409 and "expiré" in response.get_json()["error"]["message"]
    assert student.post("/api/v1/applications", json={"offer_id": draft}).status_code == 404
    assert student.post("/api/v1/applications", json={"offer_id": 999999}).status_code == 404
    assert student.post("/api/v1/applications", json={}).status_code == 422
    no_profile = api.as_token(newcomer).post("/api/v1/applications", json={"offer_id": ids["offer"]})
    assert no_profile.status_code == 409 and "profil" in no_profile.get_json()["error"]["message"]
    assert world["x"].post("/api/v1/applications", json={"offer_id": ids["offer"]}).status_code == 403
    assert api.as_token(None).post("/api/v1/applications", json={"offer_id": ids["offer"]}).status_code == 401


def test_lists_are_scoped_filtered_and_paginated(world):
    ids, student, x = world["ids"], world["student"], world["x"]
    first = student.post("/api/v1/applications", json={"offer_id": ids["offer"]}).get_json()["id"]
    student.post("/api/v1/applications", json={"offer_id": ids["second"]})
    move(x, first, "reviewed")
    mine = student.get("/api/v1/applications").get_json()
    assert mine["total"] == 2 and {a["offer"]["id"] for a in mine["items"]} == {ids["offer"], ids["second"]}
    reviewed = x.get("/api/v1/applications?status=reviewed").get_json()
    assert reviewed["total"] == 1 and reviewed["items"][0]["id"] == first
    by_offer = x.get(f"/api/v1/applications?offer_id={ids['second']}").get_json()
    assert by_offer["total"] == 1 and by_offer["items"][0]["offer"]["id"] == ids["second"]
    page = x.get("/api/v1/applications?per_page=1&page=2").get_json()
    assert page["total"] == 2 and len(page["items"]) == 1
    assert world["admin"].get("/api/v1/applications").get_json()["total"] == 2
    assert x.get("/api/v1/applications?status=unknown").status_code == 422


# --- The status machine, without Flask ------------------------------------------------------------


def test_company_path_is_linear_with_rejection_from_any_open_status():
    company = TRANSITIONS["company"]
    assert company[S.SUBMITTED] == {S.REVIEWED, S.REJECTED}
    assert company[S.REVIEWED] == {S.INTERVIEW, S.REJECTED}
    assert company[S.INTERVIEW] == {S.OFFERED, S.REJECTED}
    assert company[S.OFFERED] == {S.HIRED, S.REJECTED}
    for final in FINAL_STATUSES:
        for actor in ("company", "student", "admin"):
            assert allowed_transitions(final, actor) == frozenset()


def test_student_may_only_withdraw_and_school_nothing():
    for status in (S.SUBMITTED, S.REVIEWED, S.INTERVIEW, S.OFFERED):
        assert allowed_transitions(status, "student") == {S.WITHDRAWN}
        assert allowed_transitions(status, "school") == frozenset()
        assert S.WITHDRAWN in allowed_transitions(status, "admin")


def test_transition_problems_name_both_statuses():
    assert transition_problem(S.OFFERED, S.HIRED, "company") is None
    skip = transition_problem(S.SUBMITTED, S.HIRED, "company")
    assert "« envoyée » (submitted)" in skip and "« embauche » (hired)" in skip
    assert "« examinée » (reviewed)" in skip  # says what is possible
    final = transition_problem(S.WITHDRAWN, S.REJECTED, "company")
    assert "définitif" in final and "(withdrawn)" in final and "(rejected)" in final
    assert "déjà" in transition_problem(S.REVIEWED, S.REVIEWED, "company")


RULES = rules_for_config({})
HIRE_DAY = date(2026, 3, 1)
IN_TI = ("Plastics Vallée", "2020")


@pytest.mark.parametrize(
    "headcount, territory, list_version, mission, expected",
    [
        (120, IN_TI, "2020", MissionFacts("cdi"), (True, False)),
        (120, IN_TI, "2020", MissionFacts("cdi", green=True), (True, True)),
        (120, None, "2020", MissionFacts("cdi", green=True), (False, True)),  # VTE Vert: all of France
        (6000, IN_TI, "2020", MissionFacts("cdi", green=True), (False, False)),
        (120, IN_TI, "2020", MissionFacts("cdd", duration_months=6), (False, False)),
        (120, IN_TI, "2020", MissionFacts("cdd", duration_months=None), (None, False)),
        (120, None, None, MissionFacts("cdi"), (None, False)),
        (None, IN_TI, "2020", MissionFacts("cdi", green=True), (None, None)),
    ],
)
def test_placement_eligibility_follows_the_aid_rules_table(headcount, territory, list_version, mission, expected):
    assert placement_eligibility(headcount, territory, list_version, mission, HIRE_DAY, RULES) == expected


def _mails(db_session, to):
    from vte.models import OutboxEmail

    db_session.expire_all()
    return db_session.scalars(select(OutboxEmail).where(OutboxEmail.to_email == to).order_by(OutboxEmail.id)).all()


def test_each_side_is_told_by_email(world, db_session):
    """Issue 13, application events: the company hears of a new and of a withdrawn application,
    the student of each decision, in French, with a link to the page."""
    ids, student, x = world["ids"], world["student"], world["x"]
    app_id = student.post("/api/v1/applications", json={"offer_id": ids["offer"]}).get_json()["id"]
    [received] = _mails(db_session, "rh@plastiques-x.fr")
    assert received.subject == "Nouvelle candidature : Ingénieur procédés injection"
    assert "Léa Martin a postulé à votre offre" in received.body
    assert f"/entreprise/candidatures/{app_id}" in received.body
    assert _mails(db_session, "rh@concurrent-y.fr") == []

    move(x, app_id, "interview")  # not allowed from submitted: nothing is sent
    assert _mails(db_session, "lea@etu.ecole-a.fr") == []
    assert move(x, app_id, "reviewed").status_code == 200
    assert move(x, app_id, "interview").status_code == 200
    news = _mails(db_session, "lea@etu.ecole-a.fr")
    assert [m.subject for m in news] == ["Votre candidature « Ingénieur procédés injection » chez Plastiques X"] * 2
    assert "L'entreprise souhaite vous rencontrer" in news[1].body
    assert f"/etudiant/candidatures/{app_id}" in news[1].body

    assert move(student, app_id, "withdrawn").status_code == 200
    withdrawn = _mails(db_session, "rh@plastiques-x.fr")[-1]
    assert withdrawn.subject == "Candidature retirée : Ingénieur procédés injection"
    assert len(_mails(db_session, "lea@etu.ecole-a.fr")) == 2  # the student is not told of their own act
