"""Sign-up, sign-in and sign-out pages through the test client."""

from __future__ import annotations

from sqlalchemy import func, select

from factories import make_school
from vte.extensions import limiter
from vte.models import SchoolInvitation, User
from vte.vocab import Role
from web_support import csrf_token, post_form, sign_in, text_of

PASSWORD = "Bonjour-VTE-2026"


def _signup(client, **fields):
    data = {"role": "student", "email": "lea@exemple.fr", "password": PASSWORD, "password_confirm": PASSWORD}
    data.update(fields)
    return post_form(client, "/inscription", data)


def _users(db_session) -> int:
    return db_session.scalar(select(func.count(User.id)))


def test_a_form_without_its_csrf_token_is_refused(client, db_session):
    response = client.post(
        "/inscription",
        data={"role": "student", "email": "x@exemple.fr", "password": PASSWORD, "password_confirm": PASSWORD},
    )
    assert response.status_code == 400
    assert _users(db_session) == 0


def test_student_signs_up_with_an_invitation_code_and_lands_on_the_profile(client, db_session):
    school = make_school(db_session, name="École des Mines d'essai")
    db_session.add(SchoolInvitation(school_id=school.id, code="BIENVENUE2"))
    school_id = school.id
    db_session.commit()
    form = client.get("/inscription?code=BIENVENUE2").get_data(as_text=True)
    assert 'value="BIENVENUE2"' in form and 'value="student" checked' in form
    response = _signup(client, invitation_code="bienvenue2", display_name="Léa Martin")
    assert response.status_code == 302 and response.headers["Location"].endswith("/etudiant/profil")
    user = db_session.scalars(select(User).where(User.email == "lea@exemple.fr")).one()
    assert user.role == Role.STUDENT and user.school_id == school_id and user.display_name == "Léa Martin"
    page = client.get("/")
    assert "Léa Martin" in text_of(page) and "Se déconnecter" in text_of(page)


def test_a_wrong_invitation_code_keeps_the_form_and_creates_nothing(client, db_session):
    response = _signup(client, invitation_code="INCONNU99", display_name="Léa")
    assert response.status_code == 422
    page = text_of(response)
    assert "Code d'invitation inconnu" in page
    html = response.get_data(as_text=True)
    assert 'value="lea@exemple.fr"' in html and 'value="INCONNU99"' in html and 'value="Léa"' in html
    assert 'value="' + PASSWORD not in html  # passwords are never sent back
    assert _users(db_session) == 0


def test_signup_errors_name_each_field(client, db_session):
    response = _signup(client, email="pas-une-adresse", password="court", password_confirm="court", role="")
    assert response.status_code == 422
    html = response.get_data(as_text=True)
    assert 'href="#f-email"' in html and 'href="#f-role"' in html
    assert "Adresse e-mail invalide." in text_of(response)
    mismatch = _signup(client, password_confirm="Autre-chose-2026")
    assert mismatch.status_code == 422
    assert "Les deux mots de passe doivent être identiques." in text_of(mismatch)
    weak = _signup(client, password="motdepasse", password_confirm="motdepasse")
    assert "Mot de passe trop faible" in text_of(weak)
    assert _users(db_session) == 0


def test_an_address_already_used_is_a_conflict_on_the_email_field(client, db_session):
    assert _signup(client).status_code == 302
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    again = _signup(client)
    assert again.status_code == 409
    assert "Adresse déjà utilisée." in text_of(again)


def test_company_and_school_accounts_land_on_their_space(client, db_session):
    company = _signup(client, role="company", email="rh@pme.fr")
    assert company.headers["Location"].endswith("/entreprise")
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    school = _signup(client, role="school", email="carrieres@ecole.fr")
    assert school.headers["Location"].endswith("/ecole")


def test_sign_in_returns_to_the_page_asked_and_sign_out_ends_the_session(client, db_session):
    _signup(client)
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    guarded = client.get("/etudiant/offres")
    assert guarded.status_code == 302 and "/connexion?next=/etudiant/offres" in guarded.headers["Location"]
    response = post_form(
        client, "/connexion", {"email": "LEA@exemple.fr", "password": PASSWORD, "next": "/etudiant/candidatures"}
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/etudiant/candidatures")
    out = client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    assert out.status_code == 302
    assert "Se connecter" in text_of(client.get("/"))


def test_next_never_leaves_the_site(client, db_session):
    _signup(client)
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    response = post_form(
        client, "/connexion", {"email": "lea@exemple.fr", "password": PASSWORD, "next": "//evil.example/"}
    )
    assert response.status_code == 302 and "evil" not in response.headers["Location"]


def test_wrong_password_and_unknown_address_get_the_same_answer(client, db_session):
    _signup(client)
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    wrong = post_form(client, "/connexion", {"email": "lea@exemple.fr", "password": "Mauvais-2026"})
    unknown = post_form(client, "/connexion", {"email": "personne@exemple.fr", "password": "Mauvais-2026"})
    assert wrong.status_code == unknown.status_code == 401
    assert "Adresse e-mail ou mot de passe incorrect." in text_of(wrong) and text_of(unknown).count("incorrect") == 1
    assert 'value="lea@exemple.fr"' in wrong.get_data(as_text=True)


def test_sign_in_form_is_rate_limited(client, app, db_session, monkeypatch):
    monkeypatch.setitem(app.config, "VTE_LOGIN_LIMIT", "3 per minute")
    with app.app_context():
        limiter.reset()
    codes = [
        post_form(client, "/connexion", {"email": "x@exemple.fr", "password": "Mauvais-2026"}).status_code
        for _ in range(4)
    ]
    assert codes == [401, 401, 401, 429]
    assert client.get("/connexion").status_code == 200  # reading the form is not limited


def test_a_signed_in_page_of_another_role_is_forbidden_in_french(client, db_session):
    _signup(client, role="company", email="rh@pme.fr")
    response = client.get("/etudiant/offres")
    assert response.status_code == 403
    assert "réservée à un autre type de compte" in text_of(response)


def test_sign_in_helper_matches_the_form(client, db_session):
    _signup(client)
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    sign_in(client, "lea@exemple.fr", PASSWORD)
    assert "Se déconnecter" in text_of(client.get("/"))


def test_next_with_hidden_characters_never_leaves_the_site(client, db_session):
    from vte.web.access import safe_next

    for target in (
        "/\t/evil.example/",
        "/\n/evil.example/",
        "/\x0b/evil.example/",
        "/ /evil.example/",
        "//evil.example",
        "/\\evil.example",
        "https://evil.example/",
        "/%09/evil.example/x",
    ):
        cleaned = safe_next(target)
        assert cleaned is None or (cleaned.startswith("/") and not cleaned.startswith("//")), target
    assert safe_next("/etudiant/offres?page=2") == "/etudiant/offres?page=2"
    _signup(client)
    client.post("/deconnexion", data={"csrf_token": csrf_token(client, "/")})
    response = post_form(
        client, "/connexion", {"email": "lea@exemple.fr", "password": PASSWORD, "next": "/\t/evil.example/"}
    )
    assert response.status_code == 302 and "evil" not in response.headers["Location"]
