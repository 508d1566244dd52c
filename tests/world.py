"""A small world with two of each kind of account, shared by the access-matrix and schemathesis
tests: schools A and B, companies A and B with offers, students A and B with applications."""

from __future__ import annotations

from dataclasses import dataclass

from factories import commune, make_company, make_offer, make_school
from vte.accounts import create_user
from vte.auth import create_token
from vte.embedding_sync import embed_offers, embed_students
from vte.models import Application, SchoolInvitation, Student
from vte.school_registry import entered_school
from vte.vocab import ContractType, OfferStatus, Role, StudentStatus

ENTERED_SCHOOL = "École saisie (matrice)"
ROLES = ("anonymous", "student_a", "student_b", "company_a", "company_b", "school_a", "school_b", "admin")
PASSWORD = "Matrice-VTE-2026"


@dataclass
class World:
    tokens: dict[str, str | None]
    ids: dict[str, int | str]


def _student(session, school, email, code):
    user = create_user(session, email, PASSWORD, Role.STUDENT, school_id=school.id)
    place = commune(session, code)
    student = Student(
        user_id=user.id,
        school_id=school.id,
        email=email,
        level=5,
        status=StudentStatus.GRADUATE,
        summary="Ingénieur en plasturgie, je cherche un poste en injection plastique.",
        skills=["injection plastique"],
        contract_types=["cdi", "apprentissage"],
        commune_code=place.code,
        lat=place.lat,
        lon=place.lon,
        max_distance_km=300,
        visible=True,
    )
    session.add(student)
    session.flush()
    return user, student


def build_world(session, encoder) -> World:
    school_a = make_school(session, name="École A (matrice)", email_domain="ecole-a.fr")
    school_b = make_school(session, name="École B (matrice)")
    entered_school(session, ENTERED_SCHOOL)  # a name a student typed, for the admin to attach
    invitation = SchoolInvitation(school_id=school_a.id, code="MATRICEA")
    session.add(invitation)
    company_a = make_company(session, commune_code="01283", naf_code="22.29A")
    company_b = make_company(session, commune_code="69123", naf_code="25.62A")
    offer_a = make_offer(session, company=company_a, contract_type=ContractType.CDI)
    draft_a = make_offer(session, company=company_a, status=OfferStatus.DRAFT, published_at=None)
    offer_b = make_offer(session, company=company_b, commune_code="69123", contract_type=ContractType.CDI)
    user_sa, student_a = _student(session, school_a, "etudiant.a@matrice.fr", "01283")
    user_sb, student_b = _student(session, school_b, "etudiant.b@matrice.fr", "69123")
    users = {
        "student_a": user_sa,
        "student_b": user_sb,
        "company_a": create_user(session, "recruteur.a@matrice.fr", PASSWORD, Role.COMPANY, company_id=company_a.id),
        "company_b": create_user(session, "recruteur.b@matrice.fr", PASSWORD, Role.COMPANY, company_id=company_b.id),
        "school_a": create_user(session, "ecole.a@matrice.fr", PASSWORD, Role.SCHOOL, school_id=school_a.id),
        "school_b": create_user(session, "ecole.b@matrice.fr", PASSWORD, Role.SCHOOL, school_id=school_b.id),
        "admin": create_user(session, "admin@matrice.fr", PASSWORD, Role.ADMIN),
    }
    app_a = Application(student_id=student_a.id, offer_id=offer_a.id, message="Bonjour")
    app_b = Application(student_id=student_b.id, offer_id=offer_b.id)
    session.add_all([app_a, app_b])
    session.flush()
    embed_offers(session, encoder, [offer_a, draft_a, offer_b])
    embed_students(session, encoder, [student_a, student_b])
    tokens: dict[str, str | None] = {"anonymous": None}
    token_ids = {}
    for role, user in users.items():
        token, secret = create_token(session, user, "matrice")
        tokens[role] = secret
        token_ids[role] = token.id
    ids: dict = {
        "school_a": school_a.id,
        "school_b": school_b.id,
        "invitation_a": invitation.id,
        "company_a": company_a.id,
        "siren_a": company_a.siren,
        "offer_a": offer_a.id,
        "draft_a": draft_a.id,
        "offer_b": offer_b.id,
        "app_a": app_a.id,
        "token_student_a": token_ids["student_a"],
    }
    session.commit()
    return World(tokens, ids)
