"""One journey through the API, as the three kinds of users live it: a school invites, a company
posts an offer, a student signs up, fills a profile, sees explained matches and applies; the
company sees the application and its candidate ranking and hires; the school sees the placement
in its statistics and its CSV export."""

from factories import make_school
from vte.accounts import create_user
from vte.siren import luhn_complete
from vte.vocab import Role

PASSWORD = "Parcours-VTE-2026"


class Actor:
    """A browser-like client: session cookie plus the CSRF header on writes."""

    def __init__(self, app):
        self.client = app.test_client()
        self._csrf = None

    def _headers(self):
        if self._csrf is None:
            self._csrf = self.client.get("/api/v1/auth/csrf").get_json()["csrf_token"]
        return {"X-CSRFToken": self._csrf}

    def get(self, url):
        return self.client.get(url)

    def send(self, method, url, json=None):
        response = self.client.open(url, method=method, json=json, headers=self._headers())
        return response

    def sign_in(self, email):
        return self.client.post("/api/v1/auth/login", json={"email": email, "password": PASSWORD})

    def sign_up(self, email, role):
        return self.client.post("/api/v1/auth/signup", json={"email": email, "password": PASSWORD, "role": role})


def test_invite_post_apply_hire_and_count(app, db_session, fake_encoder):
    school_id = make_school(db_session, name="École du parcours").id
    create_user(db_session, "carriere@ecole-parcours.fr", PASSWORD, Role.SCHOOL, school_id=school_id)
    db_session.commit()

    # The school's career centre creates an invitation code.
    school = Actor(app)
    assert school.sign_in("carriere@ecole-parcours.fr").status_code == 200
    code = school.send("POST", f"/api/v1/schools/{school_id}/invitations", {"label": "Promo 2027"}).get_json()["code"]

    # A plastics SME registers and publishes an offer.
    company = Actor(app)
    assert company.sign_up("rh@plastiques-ain.fr", "company").status_code == 201
    created = company.send(
        "POST",
        "/api/v1/companies",
        {
            "siren": luhn_complete("81234567"),
            "name": "Plastiques de l'Ain",
            "naf": "22.29A",
            "headcount": 85,
            "location": {"insee": "01283"},
        },
    )
    assert created.status_code == 201, created.get_json()
    offer = company.send(
        "POST",
        "/api/v1/offers",
        {
            "title": "Ingénieur(e) procédés injection plastique",
            "description": "Vous optimisez les réglages des presses à injecter et animez les AMDEC procédé.",
            "skills": ["injection plastique", "AMDEC", "SolidWorks"],
            "contract_type": "cdi",
        },
    ).get_json()
    assert company.send("POST", f"/api/v1/offers/{offer['id']}/publish").status_code == 200

    # A student signs up with the code, fills the profile, sees why the offer matches, applies.
    student = Actor(app)
    assert student.sign_up("lea.martin@exemple.fr", "student").status_code == 201
    assert student.send("POST", "/api/v1/students/me/school", {"invitation_code": code}).status_code == 200
    profile = student.send(
        "PUT",
        "/api/v1/students/me",
        {
            "first_name": "Léa",
            "last_name": "Martin",
            "programme": "Ingénieur matériaux",
            "level": "bac+5",
            "status": "graduate",
            "summary": "Jeune ingénieure, je veux travailler en injection plastique.",
            "skills": ["Injection plastique", "AMDEC"],
            "contract_types": ["cdi"],
            "location": {"postcode": "01100", "city": "Oyonnax"},
            "max_distance_km": 50,
            "visible": True,
        },
    )
    assert profile.status_code == 200, profile.get_json()
    match = student.get("/api/v1/students/me/matches").get_json()["items"][0]
    assert match["offer"]["id"] == offer["id"]
    assert "compétences communes : injection plastique, AMDEC" in match["breakdown"]["explanation"]
    applied = student.send("POST", "/api/v1/applications", {"offer_id": offer["id"], "message": "Bonjour !"})
    assert applied.status_code == 201, applied.get_json()
    application_id = applied.get_json()["id"]

    # The company sees the applicant (with contact details) and the candidate ranking, then hires.
    applications = company.get(f"/api/v1/applications?offer_id={offer['id']}").get_json()["items"]
    assert [a["student"]["email"] for a in applications] == ["lea.martin@exemple.fr"]
    candidates = company.get(f"/api/v1/offers/{offer['id']}/candidates").get_json()["items"]
    assert [s.lower() for s in candidates[0]["breakdown"]["shared_skills"][:2]] == ["injection plastique", "amdec"]
    for status in ("reviewed", "interview", "offered"):
        assert (
            company.send("POST", f"/api/v1/applications/{application_id}/transitions", {"to": status}).status_code
            == 200
        )
    hired = company.send(
        "POST", f"/api/v1/applications/{application_id}/transitions", {"to": "hired", "start_date": "2027-01-04"}
    )
    assert hired.status_code == 200, hired.get_json()
    assert hired.get_json()["placement"]["territory"]["name"].startswith("Oyonnax")

    # The school sees the placement in its statistics and in the CSV export.
    stats = school.get(f"/api/v1/schools/{school_id}/stats").get_json()
    assert stats["totals"]["placements"] == 1 and stats["totals"]["placed"] == 1
    assert stats["by_programme"][0]["programme"] == "Ingénieur matériaux"
    csv = school.get(f"/api/v1/schools/{school_id}/stats.csv")
    assert csv.mimetype == "text/csv"
    assert "Ingénieur matériaux" in csv.get_data(as_text=True)
