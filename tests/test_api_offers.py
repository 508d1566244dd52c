"""Offers through the API: the draft → published → closed lifecycle, owner-only writes, public
search with its filters, and the ranked candidates of an offer."""

import itertools
from datetime import date, timedelta

import pytest

from catalogue import TODAY, build_catalogue
from factories import make_company, make_offer, make_school, make_student
from vte.auth import create_token
from vte.embedding_sync import embed_students
from vte.models import Application, User
from vte.vocab import OfferStatus, Role

_n = itertools.count(1)
OFFER = {
    "title": "Ingénieur méthodes injection plastique",
    "description": "Vous améliorez les procédés d'injection plastique de notre atelier de moules.",
    "skills": ["injection plastique", "AMDEC"],
    "contract_type": "cdi",
    "level_min": "bac+5",
}


def account(db_session, api, role=Role.COMPANY, company_id=None):
    """(API caller with a personal token, user id) for a new user of `role`; committed."""
    user = User(email=f"offres{next(_n)}@exemple.fr", password_hash="-", role=role, company_id=company_id)
    db_session.add(user)
    db_session.flush()
    _, secret = create_token(db_session, user, "tests")
    user_id = user.id
    db_session.commit()
    return api.as_token(secret), user_id


def public_ids(api, query=""):
    response = api.as_token(None).get(f"/api/v1/offers{query}")
    assert response.status_code == 200, response.get_json()
    return [item["id"] for item in response.get_json()["items"]]


def test_offer_lifecycle_draft_publish_close(api, db_session, fake_encoder):
    company_id = make_company(db_session, commune_code="01283").id
    owner, _ = account(db_session, api, company_id=company_id)
    student, student_user = account(db_session, api, role=Role.STUDENT)
    make_student(db_session, user_id=student_user, commune_code="01283", contract_types=["cdi"])
    db_session.commit()

    created = owner.post("/api/v1/offers", json=OFFER)
    assert created.status_code == 201, created.get_json()
    offer = created.get_json()
    offer_id = offer["id"]
    assert offer["status"] == "draft" and offer["published_at"] is None
    assert offer["commune"]["code"] == "01283"  # the company's location by default
    assert api.as_token(None).get(f"/api/v1/offers/{offer_id}").status_code == 404
    assert owner.get(f"/api/v1/offers/{offer_id}").get_json()["applications"]["total"] == 0
    assert offer_id not in public_ids(api)
    assert student.get("/api/v1/students/me/matches").get_json()["total"] == 0

    published = owner.post(f"/api/v1/offers/{offer_id}/publish")
    assert published.status_code == 200
    today = date.today()  # not the import-time TODAY: a run may cross midnight
    assert published.get_json()["published_at"] == today.isoformat()
    assert published.get_json()["expires_at"] == (today + timedelta(days=60)).isoformat()
    assert owner.post(f"/api/v1/offers/{offer_id}/publish").status_code == 409
    assert public_ids(api) == [offer_id]
    assert api.as_token(None).get(f"/api/v1/offers/{offer_id}").get_json()["title"] == OFFER["title"]
    assert [m["offer"]["id"] for m in student.get("/api/v1/students/me/matches").get_json()["items"]] == [offer_id]

    renamed = owner.put(f"/api/v1/offers/{offer_id}", json=dict(OFFER, title="Ingénieur procédés plasturgie"))
    assert renamed.status_code == 200 and renamed.get_json()["status"] == "published"
    assert api.as_token(None).get("/api/v1/offers").get_json()["items"][0]["title"] == "Ingénieur procédés plasturgie"

    closed = owner.post(f"/api/v1/offers/{offer_id}/close")
    assert closed.status_code == 200 and closed.get_json()["status"] == "closed"
    assert owner.post(f"/api/v1/offers/{offer_id}/close").status_code == 409
    assert owner.post(f"/api/v1/offers/{offer_id}/publish").status_code == 409
    assert owner.put(f"/api/v1/offers/{offer_id}", json=OFFER).status_code == 409
    assert offer_id not in public_ids(api)
    assert student.get("/api/v1/students/me/matches").get_json()["total"] == 0
    assert api.as_token(None).get(f"/api/v1/offers/{offer_id}").status_code == 404
    assert owner.get(f"/api/v1/offers/{offer_id}").status_code == 200


def test_offer_fields_are_checked_and_errors_name_the_field(api, db_session, fake_encoder):
    without_company, _ = account(db_session, api)
    refused = without_company.post("/api/v1/offers", json=OFFER)
    assert refused.status_code == 409 and "entreprise" in refused.get_json()["error"]["message"]

    owner, _ = account(db_session, api, company_id=make_company(db_session).id)

    def fields_of(**changes):
        response = owner.post("/api/v1/offers", json=dict(OFFER, **changes))
        assert response.status_code == 422, response.get_json()
        return response.get_json()["error"]["fields"]

    assert "duration_months" in fields_of(contract_type="cdd")
    assert "12 mois" in fields_of(contract_type="cdd", duration_months=6)["duration_months"][0]
    assert "au plus 36 mois" in fields_of(contract_type="apprentissage", duration_months=40)["duration_months"][0]
    assert "duration_months" in fields_of(contract_type="professionnalisation")
    assert "duration_months" in fields_of(duration_months=12)  # a CDI has no duration
    assert "salary_max" in fields_of(salary_min=40000, salary_max=30000)
    assert "expires_at" in fields_of(expires_at=(TODAY - timedelta(days=1)).isoformat())
    assert "level_min" in fields_of(level_min="bac+12")
    assert "contract_type" in fields_of(contract_type="stage")
    assert "company" in fields_of(company={"siren": "552100554"})  # not a field of this body
    assert "location.insee" in fields_of(location={"insee": "99999"})

    ok = owner.post(
        "/api/v1/offers",
        json=dict(
            OFFER,
            contract_type="apprentissage",
            duration_months=24,
            location={"insee": "69123"},
            salary_min=20000,
            salary_max=24000,
        ),
    )
    assert ok.status_code == 201 and ok.get_json()["commune"]["code"] == "69123"


def test_work_study_offers_last_at_least_the_rules_minimum(api, db_session, fake_encoder):
    """A VTE mission lasts at least a year: work-study of at least 12 months, 10 for a VTE Vert
    mission (vte-france.fr FAQ entreprises; code.travail.gouv.fr, VTE Vert). The editor used to
    accept 6-month work-study offers."""
    owner, _ = account(db_session, api, company_id=make_company(db_session).id)

    def post(**changes):
        return owner.post("/api/v1/offers", json=dict(OFFER, **changes))

    six = post(contract_type="apprentissage", duration_months=6)
    assert six.status_code == 422
    assert six.get_json()["error"]["fields"]["duration_months"] == [
        "Une mission en alternance dure au moins 12 mois pour être éligible au VTE (reçu : 6)."
    ]
    ten = post(contract_type="professionnalisation", duration_months=10)
    assert ten.status_code == 422 and "au moins 12 mois" in ten.get_json()["error"]["fields"]["duration_months"][0]
    green_nine = post(contract_type="apprentissage", duration_months=9, green=True)
    assert green_nine.get_json()["error"]["fields"]["duration_months"] == [
        "Une mission VTE Vert en alternance dure au moins 10 mois pour être éligible au VTE (reçu : 9)."
    ]
    assert post(contract_type="apprentissage", duration_months=10, green=True).status_code == 201
    assert post(contract_type="apprentissage", duration_months=12).status_code == 201
    green_cdd = post(contract_type="cdd", duration_months=10, green=True)
    assert (
        green_cdd.status_code == 422
        and "au moins 12 mois" in green_cdd.get_json()["error"]["fields"]["duration_months"][0]
    )


def test_only_the_owner_changes_an_offer(api, db_session, fake_encoder):
    a, b = make_company(db_session), make_company(db_session)
    draft = make_offer(db_session, company=a, status=OfferStatus.DRAFT, published_at=None)
    published = make_offer(db_session, company=a)
    draft_id, published_id = draft.id, published.id
    owner, _ = account(db_session, api, company_id=a.id)
    other, _ = account(db_session, api, company_id=b.id)
    student, _ = account(db_session, api, role=Role.STUDENT)

    assert other.put(f"/api/v1/offers/{published_id}", json=OFFER).status_code == 403
    assert other.post(f"/api/v1/offers/{draft_id}/publish").status_code == 403
    assert other.post(f"/api/v1/offers/{published_id}/close").status_code == 403
    assert student.put(f"/api/v1/offers/{published_id}", json=OFFER).status_code == 403
    assert api.as_token(None).post(f"/api/v1/offers/{draft_id}/publish").status_code == 401
    assert other.get(f"/api/v1/offers/{draft_id}").status_code == 404  # drafts are private
    assert other.get(f"/api/v1/offers/{published_id}").status_code == 200
    assert "applications" not in other.get(f"/api/v1/offers/{published_id}").get_json()
    assert api.as_token(None).put("/api/v1/offers/999999", json=OFFER).status_code == 401
    assert owner.put("/api/v1/offers/999999", json=OFFER).status_code == 404
    assert owner.put(f"/api/v1/offers/{published_id}", json=OFFER).status_code == 200


def test_a_large_company_cannot_publish_a_vte_offer(api, db_session, fake_encoder):
    company = make_company(db_session, headcount=6000)
    draft_id = make_offer(db_session, company=company, status=OfferStatus.DRAFT, published_at=None).id
    owner, _ = account(db_session, api, company_id=company.id)
    refused = owner.post(f"/api/v1/offers/{draft_id}/publish")
    assert refused.status_code == 409 and "PME et ETI" in refused.get_json()["error"]["message"]


@pytest.fixture()
def catalogue(db_session, fake_encoder):
    return build_catalogue(db_session, fake_encoder)


def names(ids, found):
    by_id = {v: k for k, v in ids.items()}
    return [by_id[i] for i in found]


def test_search_without_filters_lists_visible_offers_by_date(api, catalogue):
    assert names(catalogue, public_ids(api)) == ["oyonnax", "nantua", "bourg", "lyon", "paris"]
    page = api.as_token(None).get("/api/v1/offers?per_page=2&page=2").get_json()
    assert page["total"] == 5 and names(catalogue, [i["id"] for i in page["items"]]) == ["bourg", "lyon"]
    assert all(i["distance_km"] is None and i["score"] is None for i in page["items"])


@pytest.mark.parametrize(
    "query, expected",
    [
        ("contract_type=cdi", {"oyonnax", "lyon", "paris"}),
        ("level=bac%2B3", {"nantua", "bourg", "paris"}),
        ("green=true", {"nantua"}),
        ("green=false", {"oyonnax", "bourg", "lyon", "paris"}),
        ("territory_only=true", {"oyonnax", "nantua", "bourg"}),
        ("departement=01", {"oyonnax", "nantua", "bourg"}),
        ("departement=69", {"lyon"}),
        ("region=84", {"oyonnax", "nantua", "bourg", "lyon"}),
        ("region=11", {"paris"}),
        ("departement=01&contract_type=cdd", {"bourg"}),
    ],
)
def test_each_filter_narrows_the_search(api, catalogue, query, expected):
    assert set(names(catalogue, public_ids(api, "?" + query))) == expected


def test_search_around_a_place_gives_distances_and_sorts_by_distance(api, catalogue):
    near = api.as_token(None).get("/api/v1/offers?commune=01283&sort=distance").get_json()
    # 30 km by default; the fully remote offer from Paris is a block of its own, not « within 30 km »
    assert names(catalogue, [i["id"] for i in near["items"]]) == ["oyonnax", "nantua"] and near["total"] == 2
    commune = near["place"]["commune"]
    assert (commune["code"], commune["name"], near["place"]["radius_km"]) == ("01283", "Oyonnax", 30.0)
    assert 46.2 < commune["lat"] < 46.3 and 5.6 < commune["lon"] < 5.7  # the centre of the map's circle
    distances = [i["distance_km"] for i in near["items"]]
    assert distances == sorted(distances) and distances[0] == 0 and distances[-1] <= 30
    assert near["remote"]["total"] == 1 and names(catalogue, [i["id"] for i in near["remote"]["items"]]) == ["paris"]
    assert near["remote"]["items"][0]["distance_km"] > 350

    wider = api.as_token(None).get("/api/v1/offers?postcode=01100&radius_km=60&sort=distance").get_json()
    assert names(catalogue, [i["id"] for i in wider["items"]]) == ["oyonnax", "nantua", "bourg"]
    by_date = api.as_token(None).get("/api/v1/offers?commune=01283&radius_km=60").get_json()
    assert names(catalogue, [i["id"] for i in by_date["items"]]) == ["oyonnax", "nantua", "bourg"]
    assert all(i["distance_km"] is not None for i in by_date["items"])
    assert api.as_token(None).get("/api/v1/offers").get_json()["remote"] is None  # no place, no block


@pytest.mark.parametrize(
    "q, first",
    [
        ("injection plastique", "oyonnax"),
        ("comptabilité fournisseurs", "bourg"),
        ("développeur python", "lyon"),
        ("écoconception", "nantua"),
    ],
)
def test_free_text_puts_the_relevant_offer_first(api, catalogue, q, first):
    found = api.as_token(None).get(f"/api/v1/offers?q={q}").get_json()
    assert found["sort"] == "relevance" and 1 <= found["total"] == len(found["items"]) < 5  # not every offer
    assert names(catalogue, [i["id"] for i in found["items"]])[0] == first
    scores = [i["score"] for i in found["items"]]
    assert scores == sorted(scores, reverse=True) and 0 < scores[0] <= 1


def test_free_text_combines_with_filters_and_other_sorts(api, catalogue):
    everywhere = api.as_token(None).get("/api/v1/offers?q=développeur python").get_json()
    assert names(catalogue, [i["id"] for i in everywhere["items"]])[0] == "lyon"
    found = api.as_token(None).get("/api/v1/offers?q=développeur python&departement=01").get_json()
    assert set(names(catalogue, [i["id"] for i in found["items"]])) <= {"oyonnax", "nantua", "bourg"}
    by_date = api.as_token(None).get("/api/v1/offers?q=injection plastique&sort=date").get_json()
    dates = [i["published_at"] for i in by_date["items"]]
    assert dates == sorted(dates, reverse=True) and by_date["total"] == len(by_date["items"]) >= 1
    assert all(i["score"] is not None for i in by_date["items"])


def test_a_search_with_no_real_match_says_so_instead_of_listing_everything(api, catalogue, monkeypatch):
    from vte import offer_search

    relevant = api.as_token(None).get("/api/v1/offers?q=injection plastique").get_json()
    assert relevant["approximate"] is False
    monkeypatch.setattr(offer_search, "CLOSEST_WHEN_NONE", 2)
    found = api.as_token(None).get("/api/v1/offers?q=boulangerie artisanale").get_json()
    assert found["approximate"] is True and found["total"] == len(found["items"]) == 2  # the closest, flagged
    nothing = api.as_token(None).get("/api/v1/offers?q=boulangerie artisanale&departement=69&green=true").get_json()
    assert nothing["total"] == 0 and nothing["approximate"] is False  # no offer passes the filters at all


@pytest.mark.parametrize(
    "query, field",
    [
        ("commune=99999", "commune"),
        ("commune=abc", "commune"),
        ("postcode=00000", "postcode"),
        ("postcode=1100", "postcode"),
        ("commune=01283&postcode=01100", "postcode"),
        ("radius_km=20", "radius_km"),
        ("sort=distance", "sort"),
        ("sort=relevance", "sort"),
        ("sort=salaire", "sort"),
        ("departement=00", "departement"),
        ("region=99", "region"),
        ("contract_type=stage", "contract_type"),
        ("level=bac%2B12", "level"),
    ],
)
def test_search_errors_name_the_field(api, catalogue, query, field):
    response = api.as_token(None).get("/api/v1/offers?" + query)
    assert response.status_code == 422
    assert field in response.get_json()["error"]["fields"]


def test_owner_sees_ranked_candidates_with_contacts_only_for_applicants(api, db_session, fake_encoder):
    company = make_company(db_session, commune_code="01283")
    offer = make_offer(db_session, company=company, skills=["injection plastique", "AMDEC"])
    school = make_school(db_session)
    fit = make_student(
        db_session, school=school, first_name="Inès", email="ines@exemple.fr", skills=["injection plastique", "AMDEC"]
    )
    applicant = make_student(
        db_session,
        "01269",
        school=school,
        first_name="Hugo",
        last_name="Petit",
        email="hugo@exemple.fr",
        phone="0600000000",
        skills=["AMDEC"],
        summary="Ingénieur qualité, je cherche un poste en plasturgie.",
    )
    hidden = make_student(db_session, school=school, visible=False)
    far = make_student(db_session, "75056", school=school, max_distance_km=50)
    wrong_contract = make_student(db_session, school=school, contract_types=["apprentissage"])
    embed_students(db_session, fake_encoder, [fit, applicant, hidden, far, wrong_contract])
    db_session.add(Application(student_id=applicant.id, offer_id=offer.id, message="Bonjour"))
    ids = {"offer": offer.id, "fit": fit.id, "applicant": applicant.id}
    owner, _ = account(db_session, api, company_id=company.id)
    other, _ = account(db_session, api, company_id=make_company(db_session).id)
    student, _ = account(db_session, api, role=Role.STUDENT)

    response = owner.get(f"/api/v1/offers/{ids['offer']}/candidates")
    assert response.status_code == 200, response.get_json()
    data = response.get_json()
    assert data["total"] == 2
    assert [c["student"]["id"] for c in data["items"]] == [ids["fit"], ids["applicant"]]
    best, second = data["items"]
    assert best["score"] >= second["score"] > 0
    assert set(best["breakdown"]["components"]) == {"fit", "geo", "territory", "green"}
    assert best["breakdown"]["shared_skills"] == ["injection plastique", "AMDEC"]
    # how far, not where: distances rounded up to 5 km, in the breakdown and in the explanation
    assert [c["breakdown"]["distance_km"] for c in data["items"]] == [5.0, 15.0]  # 0 km (Oyonnax), ~12 km
    assert "· 5 km" in best["breakdown"]["explanation"]
    assert best["breakdown"]["explanation"]
    assert best["application"] is None
    assert not {"email", "first_name", "last_name", "phone", "lat", "lon"} & set(best["student"])
    assert best["student"]["skills"] == ["injection plastique", "AMDEC"]
    assert second["application"]["status"] == "submitted"
    assert (second["student"]["email"], second["student"]["first_name"]) == ("hugo@exemple.fr", "Hugo")

    assert other.get(f"/api/v1/offers/{ids['offer']}/candidates").status_code == 403
    assert student.get(f"/api/v1/offers/{ids['offer']}/candidates").status_code == 403
    assert api.as_token(None).get(f"/api/v1/offers/{ids['offer']}/candidates").status_code == 401
    assert owner.get("/api/v1/offers/999999/candidates").status_code == 404
    paged = owner.get(f"/api/v1/offers/{ids['offer']}/candidates?per_page=1&page=2").get_json()
    assert paged["total"] == 2 and [c["student"]["id"] for c in paged["items"]] == [ids["applicant"]]
