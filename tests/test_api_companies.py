"""Companies through the API: registration, public description, updates, VTE eligibility, offers."""

import itertools

from sqlalchemy import update

from factories import make_company, make_offer, make_student
from vte.auth import create_token
from vte.models import Application, TerritoireList, User
from vte.siren import luhn_complete
from vte.vocab import ApplicationStatus, OfferStatus, Role

_n = itertools.count(1)


def caller(db_session, api, role=Role.COMPANY, company_id=None):
    """A user of `role` (attached to `company_id`) and an API caller with their token; committed."""
    user = User(email=f"user{next(_n)}@exemple.fr", password_hash="-", role=role, company_id=company_id)
    db_session.add(user)
    db_session.flush()
    _, secret = create_token(db_session, user, "tests")
    db_session.commit()
    return api.as_token(secret)


def body(**changes):
    data = {
        "siren": luhn_complete("73282932"),
        "name": "Plasturgie du Haut-Bugey",
        "naf": "2229A",
        "headcount": 80,
        "location": {"insee": "01283"},
    }
    data.update(changes)
    return data


def test_recruiter_registers_a_company_and_is_attached_to_it(api, db_session):
    me = caller(db_session, api)
    created = me.post("/api/v1/companies", json=body())
    assert created.status_code == 201, created.get_json()
    company = created.get_json()
    assert company["naf"]["code"] == "22.29A" and company["commune"] == {"code": "01283", "name": "Oyonnax"}
    assert company["territory"]["list_version"] == "2020"
    assert me.get("/api/v1/auth/me").get_json()["company_id"] == company["id"]

    public = api.as_token(None).get(f"/api/v1/companies/{company['id']}")
    assert public.status_code == 200 and public.get_json()["siren"] == body()["siren"]
    again = me.post("/api/v1/companies", json=body(siren=luhn_complete("73282933")))
    assert again.status_code == 409 and "déjà rattaché" in again.get_json()["error"]["message"]


def test_registration_errors_name_the_field(api, db_session):
    make_company(db_session, siren=luhn_complete("55210055"))
    me = caller(db_session, api)

    def fields_of(**changes):
        response = me.post("/api/v1/companies", json=body(**changes))
        assert response.status_code == 422, response.get_json()
        return response.get_json()["error"]["fields"]

    assert "clé de contrôle" in fields_of(siren="123456788")["siren"][0]
    assert "9 chiffres" in fields_of(siren="12345")["siren"][0]
    assert "inconnu" in fields_of(naf="99.99Z")["naf"][0]
    assert "invalide" in fields_of(naf="plastique")["naf"][0]
    assert "headcount" in fields_of(headcount=0)
    assert "location.insee" in fields_of(location={"insee": "99999"})
    assert "location" in fields_of(location={"insee": "01283", "postcode": "01100"})
    assert "location.city" in fields_of(location={"postcode": "01400"})

    duplicate = me.post("/api/v1/companies", json=body(siren="552 100 554"))
    assert duplicate.status_code == 409
    error = duplicate.get_json()["error"]
    assert "SIREN 552 100 554" in error["message"] and "siren" in error["fields"]
    assert me.get("/api/v1/auth/me").get_json()["company_id"] is None


def test_only_recruiters_may_register_and_only_its_own_may_update(api, db_session, fake_encoder):
    student = caller(db_session, api, role=Role.STUDENT)
    assert student.post("/api/v1/companies", json=body()).status_code == 403
    assert api.as_token(None).post("/api/v1/companies", json=body()).status_code == 401

    a, b = make_company(db_session), make_company(db_session)
    offer = make_offer(db_session, company=a)
    a_id, a_siren, b_id, b_siren, offer_id = a.id, a.siren, b.id, b.siren, offer.id
    owner, other = caller(db_session, api, company_id=a_id), caller(db_session, api, company_id=b_id)
    changed = body(siren=a_siren, name="Nouveau nom", headcount=120, naf="25.62A")
    assert other.put(f"/api/v1/companies/{a_id}", json=changed).status_code == 403
    assert api.as_token(None).put(f"/api/v1/companies/{a_id}", json=changed).status_code == 401
    assert owner.put(f"/api/v1/companies/{a_id}", json=dict(changed, siren=b_siren)).status_code == 409

    def searched():
        return [i["id"] for i in api.as_token(None).get("/api/v1/offers").get_json()["items"]]

    assert searched() == [offer_id]
    updated = owner.put(f"/api/v1/companies/{a_id}", json=changed)
    assert updated.status_code == 200
    assert (updated.get_json()["name"], updated.get_json()["headcount"]) == ("Nouveau nom", 120)
    # the indexes keep each offer's company size: growing past an ETI hides its offers at once
    assert owner.put(f"/api/v1/companies/{a_id}", json=dict(changed, headcount=6000)).status_code == 200
    assert searched() == []


def test_eligibility_in_a_territoire_d_industrie(api, db_session):
    company_id = make_company(db_session, commune_code="01283", headcount=80).id
    db_session.commit()
    result = api.as_token(None).get(f"/api/v1/companies/{company_id}/eligibility")
    assert result.status_code == 200
    data = result.get_json()
    # Today's eligibility uses the list in force today (the 2023-2027 stand-in of the tests).
    assert data["in_territory"] is True and data["territory_list_version"] == "2023-2027"
    assert "Oyonnax" in data["territory"]["name"]
    assert (data["pme"], data["pme_eti"], data["size_category"]) == (True, True, "pme")
    aids = {a["code"]: a for a in data["aids"]}
    assert aids["vte_ti"]["eligible"] is True and aids["vte_ti"]["amount_eur"] == 4000
    assert aids["vte_ti"]["source_text"].startswith("Source : experts-et-decideurs.fr (30/10/2023)")
    assert aids["vte_vert"]["eligible"] is True and aids["vte_vert"]["mission_conditions"]
    assert data["rules"]["version"] == "vte-2023-2027" and data["rules"]["checked_on"]
    assert [r["code"] for r in data["rules"]["rules"]] == ["missions", "candidates", "companies"]


def test_eligibility_outside_territories_and_for_a_large_company(api, db_session):
    paris_id = make_company(db_session, commune_code="75056", headcount=300).id
    large_id = make_company(db_session, commune_code="01283", headcount=6000).id
    db_session.commit()
    paris = api.as_token(None).get(f"/api/v1/companies/{paris_id}/eligibility").get_json()
    assert paris["in_territory"] is False and paris["territory"] is None
    assert (paris["pme"], paris["pme_eti"]) == (False, True)
    assert {a["code"]: a["eligible"] for a in paris["aids"]} == {"vte_ti": False, "vte_vert": True}
    large = api.as_token(None).get(f"/api/v1/companies/{large_id}/eligibility").get_json()
    assert large["pme_eti"] is False and large["size_category"] == "grande_entreprise"
    assert all(a["eligible"] is False for a in large["aids"])


def test_eligibility_membership_is_unknown_without_the_list_in_force_today(api, db_session):
    """Only the 2020 list (in force 2020-2022) in force on some date: today's membership is unknown,
    not « no » (the 2023-2027 stand-in is given no period, as if it were not loaded)."""
    company_id = make_company(db_session, commune_code="01283").id
    db_session.execute(
        update(TerritoireList).where(TerritoireList.version == "2023-2027").values(valid_from=None, valid_until=None)
    )
    db_session.commit()
    data = api.as_token(None).get(f"/api/v1/companies/{company_id}/eligibility").get_json()
    assert data["in_territory"] is None and data["territory_list_version"] is None
    assert {a["code"]: a["eligible"] for a in data["aids"]}["vte_ti"] is None
    assert "inconnue" in data["territory_message"]
    assert api.as_token(None).get("/api/v1/companies/999999/eligibility").status_code == 404


def test_company_offers_all_statuses_with_counts_for_the_owner_published_for_others(api, db_session):
    company = make_company(db_session)
    published = make_offer(db_session, company=company, title="Publiée")
    draft = make_offer(db_session, company=company, title="Brouillon", status=OfferStatus.DRAFT, published_at=None)
    make_offer(db_session, company=company, title="Fermée", status=OfferStatus.CLOSED)
    student = make_student(db_session)
    db_session.add_all(
        [
            Application(student_id=student.id, offer_id=published.id),
            Application(
                student_id=make_student(db_session).id, offer_id=published.id, status=ApplicationStatus.WITHDRAWN
            ),
        ]
    )
    ids = {"company": company.id, "published": published.id, "draft": draft.id}
    owner = caller(db_session, api, company_id=company.id)
    other = caller(db_session, api, company_id=make_company(db_session).id)

    mine = owner.get(f"/api/v1/companies/{ids['company']}/offers").get_json()
    assert mine["total"] == 3 and {i["status"] for i in mine["items"]} == {"draft", "published", "closed"}
    counts = {i["id"]: i["applications"] for i in mine["items"]}
    assert counts[ids["published"]] == {"total": 1, "withdrawn": 1, "by_status": {"submitted": 1, "withdrawn": 1}}
    assert counts[ids["draft"]]["total"] == 0
    drafts = owner.get(f"/api/v1/companies/{ids['company']}/offers?status=draft").get_json()
    assert [i["id"] for i in drafts["items"]] == [ids["draft"]]

    for viewer in (other, api.as_token(None)):
        seen = viewer.get(f"/api/v1/companies/{ids['company']}/offers").get_json()
        assert seen["total"] == 1 and [i["id"] for i in seen["items"]] == [ids["published"]]
        assert "applications" not in seen["items"][0]
