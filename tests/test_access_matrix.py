"""The full access matrix: every role × every API endpoint and method → the expected status.

Each cell runs in its own savepoint, rolled back afterwards, so cells never see each other's
writes. An API route missing from MATRIX fails `test_every_api_route_is_in_the_matrix`: adding an
endpoint means deciding who may call it.
"""

from __future__ import annotations

from vte.extensions import db
from vte.index import reset_indexes
from world import ENTERED_SCHOOL, PASSWORD, ROLES, build_world


def _status(**by_role: int) -> dict[str, int]:
    """Expected statuses: `default=` for every role not named."""
    default = by_role.pop("default", None)
    table = {role: by_role.get(role, default) for role in ROLES}
    missing = [role for role, code in table.items() if code is None]
    assert not missing, f"no expectation for {missing}"
    return table


STUDENTS_ONLY = dict(anonymous=401, student_a=200, student_b=200, default=403)
SCHOOL_A_STAFF = dict(anonymous=401, school_a=200, admin=200, default=403)
COMPANY_A_OWNER = dict(anonymous=401, company_a=200, admin=200, default=403)
EVERYONE = dict(default=200)
SIGNED_IN = dict(anonymous=401, default=200)
ADMIN_ONLY = dict(anonymous=401, admin=200, default=403)

PROFILE = {
    "level": "bac+5",
    "status": "graduate",
    "summary": "Ingénieure matériaux cherchant un poste en plasturgie.",
    "contract_types": ["cdi"],
    "location": {"insee": "01283"},
}
OFFER = {
    "title": "Technicien méthodes",
    "description": "Amélioration des procédés d'injection.",
    "contract_type": "cdi",
    "skills": ["injection plastique"],
}
COMPANY = {
    "siren": "552100554",
    "name": "Nouvelle entreprise",
    "naf": "22.29A",
    "headcount": 40,
    "location": {"insee": "01283"},
}
CSV_IMPORT = (
    "email;first_name;last_name;programme;level;status\n"
    "nouvel.etudiant@ecole-a.fr;Nina;Roux;Génie mécanique;bac+5;student\n"
)

# (method, rule) -> (path template, request kwargs, expected status per role)
MATRIX: dict[tuple[str, str], tuple[str, dict, dict[str, int]]] = {
    # accounts
    ("POST", "/api/v1/auth/signup"): (
        "/api/v1/auth/signup",
        {"json": {"email": "nouveau@matrice.fr", "password": PASSWORD, "role": "student"}},
        _status(default=201),
    ),
    ("POST", "/api/v1/auth/login"): (
        "/api/v1/auth/login",
        {"json": {"email": "inconnu@matrice.fr", "password": PASSWORD}},
        _status(default=401),
    ),
    ("POST", "/api/v1/auth/logout"): ("/api/v1/auth/logout", {}, _status(**EVERYONE)),
    ("GET", "/api/v1/auth/me"): ("/api/v1/auth/me", {}, _status(**SIGNED_IN)),
    ("GET", "/api/v1/auth/csrf"): ("/api/v1/auth/csrf", {}, _status(**EVERYONE)),
    ("GET", "/api/v1/auth/tokens"): ("/api/v1/auth/tokens", {}, _status(**SIGNED_IN)),
    ("POST", "/api/v1/auth/tokens"): (
        "/api/v1/auth/tokens",
        {"json": {"name": "script"}},
        _status(anonymous=401, default=201),
    ),
    ("DELETE", "/api/v1/auth/tokens/<int:token_id>"): (
        "/api/v1/auth/tokens/{token_student_a}",
        {},
        _status(anonymous=401, student_a=204, default=404),
    ),
    # reference data
    ("GET", "/api/v1/communes"): ("/api/v1/communes?q=oyonn", {}, _status(**EVERYONE)),
    ("GET", "/api/v1/offers/map"): ("/api/v1/offers/map?commune=01283&radius_km=50", {}, _status(**EVERYONE)),
    ("GET", "/api/v1/territoires/contours"): ("/api/v1/territoires/contours", {}, _status(**EVERYONE)),
    ("GET", "/api/v1/departements/contours"): ("/api/v1/departements/contours", {}, _status(**EVERYONE)),
    ("GET", "/api/v1/departements/prefectures"): ("/api/v1/departements/prefectures", {}, _status(**EVERYONE)),
    # students
    ("GET", "/api/v1/students/me"): ("/api/v1/students/me", {}, _status(**STUDENTS_ONLY)),
    ("PUT", "/api/v1/students/me"): ("/api/v1/students/me", {"json": PROFILE}, _status(**STUDENTS_ONLY)),
    ("DELETE", "/api/v1/students/me"): ("/api/v1/students/me", {}, _status(**STUDENTS_ONLY)),
    ("GET", "/api/v1/students/me/export"): ("/api/v1/students/me/export", {}, _status(**STUDENTS_ONLY)),
    ("GET", "/api/v1/students/me/matches"): ("/api/v1/students/me/matches", {}, _status(**STUDENTS_ONLY)),
    ("POST", "/api/v1/students/me/school"): (
        "/api/v1/students/me/school",
        {"json": {"invitation_code": "MATRICEA"}},
        _status(**STUDENTS_ONLY),
    ),
    # companies
    ("POST", "/api/v1/companies"): (
        "/api/v1/companies",
        {"json": COMPANY},
        _status(anonymous=401, company_a=409, company_b=409, admin=201, default=403),
    ),
    ("GET", "/api/v1/companies/<int:company_id>"): ("/api/v1/companies/{company_a}", {}, _status(**EVERYONE)),
    ("PUT", "/api/v1/companies/<int:company_id>"): (
        "/api/v1/companies/{company_a}",
        {
            "json": {
                "siren": "{siren_a}",
                "name": "Plasturgie A",
                "naf": "22.29A",
                "headcount": 60,
                "location": {"insee": "01283"},
            }
        },
        _status(**COMPANY_A_OWNER),
    ),
    ("GET", "/api/v1/companies/<int:company_id>/eligibility"): (
        "/api/v1/companies/{company_a}/eligibility",
        {},
        _status(**EVERYONE),
    ),
    ("GET", "/api/v1/companies/<int:company_id>/offers"): (
        "/api/v1/companies/{company_a}/offers",
        {},
        _status(**EVERYONE),
    ),
    # offers
    ("GET", "/api/v1/offers"): ("/api/v1/offers", {}, _status(**EVERYONE)),
    ("POST", "/api/v1/offers"): (
        "/api/v1/offers",
        {"json": OFFER},
        _status(anonymous=401, company_a=201, company_b=201, default=403),
    ),
    ("POST", "/api/v1/offers/preview"): (
        "/api/v1/offers/preview",
        {"json": {"title": "Technicien méthodes", "contract_type": "cdi"}},
        _status(anonymous=401, company_a=200, company_b=200, default=403),
    ),
    ("POST", "/api/v1/offers/<int:offer_id>/preview"): (
        "/api/v1/offers/{draft_a}/preview",
        {"json": {"level_min": "bac+3"}},
        _status(**COMPANY_A_OWNER),
    ),
    ("GET", "/api/v1/offers/<int:offer_id>"): (
        "/api/v1/offers/{draft_a}",
        {},
        _status(company_a=200, admin=200, default=404),
    ),
    ("GET", "/api/v1/offers/<int:offer_id>/similar"): ("/api/v1/offers/{offer_a}/similar", {}, _status(**EVERYONE)),
    ("PUT", "/api/v1/offers/<int:offer_id>"): ("/api/v1/offers/{offer_a}", {"json": OFFER}, _status(**COMPANY_A_OWNER)),
    ("POST", "/api/v1/offers/<int:offer_id>/publish"): (
        "/api/v1/offers/{draft_a}/publish",
        {},
        _status(**COMPANY_A_OWNER),
    ),
    ("POST", "/api/v1/offers/<int:offer_id>/close"): ("/api/v1/offers/{offer_a}/close", {}, _status(**COMPANY_A_OWNER)),
    ("GET", "/api/v1/offers/<int:offer_id>/candidates"): (
        "/api/v1/offers/{offer_a}/candidates",
        {},
        _status(**COMPANY_A_OWNER),
    ),
    # applications
    ("POST", "/api/v1/applications"): (
        "/api/v1/applications",
        {"json": {"offer_id": "{offer_b}"}},
        _status(anonymous=401, student_a=201, student_b=409, default=403),
    ),
    ("GET", "/api/v1/applications"): ("/api/v1/applications", {}, _status(**SIGNED_IN)),
    ("GET", "/api/v1/applications/<int:application_id>"): (
        "/api/v1/applications/{app_a}",
        {},
        _status(anonymous=401, student_a=200, company_a=200, school_a=200, admin=200, default=404),
    ),
    ("POST", "/api/v1/applications/<int:application_id>/transitions"): (
        "/api/v1/applications/{app_a}/transitions",
        {"json": {"to": "reviewed"}},
        _status(anonymous=401, student_a=403, company_a=200, school_a=403, admin=200, default=404),
    ),
    # schools
    ("GET", "/api/v1/schools"): ("/api/v1/schools", {}, _status(**EVERYONE)),
    ("GET", "/api/v1/schools/<int:school_id>"): ("/api/v1/schools/{school_a}", {}, _status(**SCHOOL_A_STAFF)),
    ("PUT", "/api/v1/schools/<int:school_id>/email-domain"): (
        "/api/v1/schools/{school_a}/email-domain",
        {"json": {"email_domain": "ecole-a.fr"}},
        _status(**SCHOOL_A_STAFF),
    ),
    ("GET", "/api/v1/schools/<int:school_id>/staff"): (
        "/api/v1/schools/{school_a}/staff",
        {},
        _status(**SCHOOL_A_STAFF),
    ),
    ("POST", "/api/v1/schools/<int:school_id>/staff"): (
        "/api/v1/schools/{school_a}/staff",
        {"json": {"email": "ecole.b@matrice.fr"}},
        _status(anonymous=401, school_a=409, admin=409, default=403),
    ),
    ("GET", "/api/v1/schools/<int:school_id>/students"): (
        "/api/v1/schools/{school_a}/students",
        {},
        _status(**SCHOOL_A_STAFF),
    ),
    ("POST", "/api/v1/schools/<int:school_id>/invitations"): (
        "/api/v1/schools/{school_a}/invitations",
        {"json": {"label": "Promo 2027"}},
        _status(anonymous=401, school_a=201, admin=201, default=403),
    ),
    ("GET", "/api/v1/schools/<int:school_id>/invitations"): (
        "/api/v1/schools/{school_a}/invitations",
        {},
        _status(**SCHOOL_A_STAFF),
    ),
    ("DELETE", "/api/v1/schools/<int:school_id>/invitations/<int:invitation_id>"): (
        "/api/v1/schools/{school_a}/invitations/{invitation_a}",
        {},
        _status(anonymous=401, school_a=204, admin=204, default=403),
    ),
    ("GET", "/api/v1/schools/<int:school_id>/stats"): (
        "/api/v1/schools/{school_a}/stats",
        {},
        _status(**SCHOOL_A_STAFF),
    ),
    ("GET", "/api/v1/schools/<int:school_id>/stats.csv"): (
        "/api/v1/schools/{school_a}/stats.csv",
        {},
        _status(**SCHOOL_A_STAFF),
    ),
    ("GET", "/api/v1/schools/import-template.csv"): ("/api/v1/schools/import-template.csv", {}, _status(**EVERYONE)),
    ("GET", "/api/v1/schools/unattached"): ("/api/v1/schools/unattached", {}, _status(**ADMIN_ONLY)),
    ("POST", "/api/v1/schools/unattached/attach"): (
        "/api/v1/schools/unattached/attach",
        {"json": {"entered_name": ENTERED_SCHOOL, "school_id": "{school_a}"}},
        _status(**ADMIN_ONLY),
    ),
    ("POST", "/api/v1/schools/<int:school_id>/students/import"): (
        "/api/v1/schools/{school_a}/students/import",
        {"data": CSV_IMPORT.encode(), "content_type": "text/csv"},
        _status(**SCHOOL_A_STAFF),
    ),
    # your account (every role)
    ("POST", "/api/v1/account/password-reset"): (
        "/api/v1/account/password-reset",
        {"json": {"email": "inconnu@matrice.fr"}},
        _status(default=202),
    ),
    ("POST", "/api/v1/account/password-reset/confirm"): (
        "/api/v1/account/password-reset/confirm",
        {"json": {"token": "pas-un-jeton", "password": PASSWORD}},
        _status(default=422),
    ),
    ("POST", "/api/v1/account/password"): (
        "/api/v1/account/password",
        {"json": {"current_password": "pas le bon", "password": PASSWORD + "!"}},
        _status(anonymous=401, default=422),
    ),
    ("POST", "/api/v1/account/verify-email"): (
        "/api/v1/account/verify-email",
        {"json": {"token": "pas-un-jeton"}},
        _status(default=422),
    ),
    ("POST", "/api/v1/account/verify-email/resend"): (
        "/api/v1/account/verify-email/resend",
        {},
        _status(anonymous=401, default=202),
    ),
    ("GET", "/api/v1/account/export"): ("/api/v1/account/export", {}, _status(**SIGNED_IN)),
    # the only admin cannot erase themselves (nobody would administer the service)
    ("DELETE", "/api/v1/account"): ("/api/v1/account", {}, _status(anonymous=401, admin=409, default=200)),
    # the VTE label step: application A is not hired yet (409 for those who may tick it)
    ("POST", "/api/v1/applications/<int:application_id>/vte-label"): (
        "/api/v1/applications/{app_a}/vte-label",
        {"json": {"step": "label_requested", "done": True}},
        _status(anonymous=401, company_a=409, admin=409, company_b=404, default=403),
    ),
    # invitations to apply (an unknown student: 422 for those who may invite)
    ("POST", "/api/v1/offers/<int:offer_id>/invitations"): (
        "/api/v1/offers/{offer_a}/invitations",
        {"json": {"student_id": 999999}},
        _status(anonymous=401, company_a=422, admin=422, company_b=403, default=403),
    ),
    ("GET", "/api/v1/students/me/invitations"): ("/api/v1/students/me/invitations", {}, _status(**STUDENTS_ONLY)),
    # saved offers, students only
    ("GET", "/api/v1/students/me/favourites"): ("/api/v1/students/me/favourites", {}, _status(**STUDENTS_ONLY)),
    ("POST", "/api/v1/students/me/favourites"): (
        "/api/v1/students/me/favourites",
        {"json": {"offer_id": "{offer_a}"}},
        _status(**STUDENTS_ONLY),
    ),
    ("DELETE", "/api/v1/students/me/favourites/<int:offer_id>"): (
        "/api/v1/students/me/favourites/{offer_a}",
        {},
        _status(anonymous=401, student_a=204, student_b=204, default=403),
    ),
    # alerts (saved searches), students only
    ("GET", "/api/v1/alerts"): ("/api/v1/alerts", {}, _status(**STUDENTS_ONLY)),
    ("POST", "/api/v1/alerts"): (
        "/api/v1/alerts",
        {"json": {"frequency": "weekly", "search": {"q": "plasturgie"}}},
        _status(anonymous=401, student_a=201, student_b=201, default=403),
    ),
    ("DELETE", "/api/v1/alerts/<int:alert_id>"): (
        "/api/v1/alerts/999999",
        {},
        _status(anonymous=401, student_a=404, student_b=404, default=403),
    ),
    # a company's recruiters
    ("GET", "/api/v1/companies/<int:company_id>/recruiters"): (
        "/api/v1/companies/{company_a}/recruiters",
        {},
        _status(**COMPANY_A_OWNER),
    ),
    ("POST", "/api/v1/companies/<int:company_id>/recruiters"): (
        "/api/v1/companies/{company_a}/recruiters",
        {"json": {"email": "inconnu@matrice.fr"}},
        _status(anonymous=401, company_a=422, admin=422, default=403),
    ),
    # administration (the world's school A domain is approved and its companies verified: 409)
    ("GET", "/api/v1/admin/school-domains"): ("/api/v1/admin/school-domains", {}, _status(**ADMIN_ONLY)),
    ("POST", "/api/v1/admin/school-domains/<int:school_id>/approve"): (
        "/api/v1/admin/school-domains/{school_a}/approve",
        {"json": {"email_domain": "ecole-a.fr"}},
        _status(anonymous=401, admin=409, default=403),
    ),
    ("POST", "/api/v1/admin/school-domains/<int:school_id>/refuse"): (
        "/api/v1/admin/school-domains/{school_a}/refuse",
        {"json": {"email_domain": "ecole-a.fr"}},
        _status(anonymous=401, admin=409, default=403),
    ),
    ("GET", "/api/v1/admin/companies/unverified"): ("/api/v1/admin/companies/unverified", {}, _status(**ADMIN_ONLY)),
    ("POST", "/api/v1/admin/companies/<int:company_id>/verify"): (
        "/api/v1/admin/companies/{company_a}/verify",
        {},
        _status(anonymous=401, admin=409, default=403),
    ),
}


def api_routes(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/v1")
        for method in rule.methods - {"HEAD", "OPTIONS"}
    }


def test_every_api_route_is_in_the_matrix(app):
    routes = api_routes(app)
    assert routes - set(MATRIX) == set(), "add these endpoints to the access matrix"
    assert set(MATRIX) - routes == set(), "these matrix rows name routes that do not exist"


def _fill(value, ids):
    if isinstance(value, str):
        return value.format(**ids) if "{" in value else value
    if isinstance(value, dict):
        filled = {k: _fill(v, ids) for k, v in value.items()}
        return {k: int(v) if k.endswith("_id") and isinstance(v, str) and v.isdigit() else v for k, v in filled.items()}
    return value


def test_access_matrix(app, db_session, fake_encoder):
    world = build_world(db_session, fake_encoder)
    connection = db_session.connection()
    db_session.remove()
    failures = []
    cells = 0
    for (method, _rule), (template, kwargs, expected) in sorted(MATRIX.items()):
        for role in ROLES:
            savepoint = connection.begin_nested()
            with app.app_context():
                reset_indexes()
            client = app.test_client()
            headers = {"Authorization": f"Bearer {world.tokens[role]}"} if world.tokens[role] else {}
            path = _fill(template, world.ids)
            body = {k: _fill(v, world.ids) for k, v in kwargs.items()}
            response = client.open(path, method=method, headers=headers, **body)
            db.session.remove()
            savepoint.rollback()
            cells += 1
            if response.status_code != expected[role]:
                detail = (response.get_json(silent=True) or {}).get("error", {}).get("message", "")
                failures.append(
                    f"{method} {path} as {role}: {response.status_code} (expected {expected[role]}) {detail}"
                )
    assert not failures, f"{len(failures)} of {cells} cells differ:\n" + "\n".join(failures)
    assert cells == len(MATRIX) * len(ROLES)
