"""Object-level authorisation, in one place.

Every view that touches a student, an offer, a company, an application or a school goes through
one of these `get_*_for(session, id, user, action)` helpers, which load the row or raise 404 / 403.
The rules (design.md, "Roles and data protection"):
- a student reads and edits only their own profile and applications;
- a company manages only its own offers, sees the applicants to them and the visible students
  (professional fields only);
- a school sees only its own students and their applications and placements;
- admins see everything.
"""

from __future__ import annotations

from typing import Literal

from sqlalchemy import Row, select
from sqlalchemy.orm import Session

from .errors import ForbiddenError, NotFoundError
from .index import last_change
from .models import Application, Company, Offer, School, Student, User
from .vocab import OfferStatus, Role

Action = Literal["read", "write", "manage"]


def _deny(message: str = "Accès refusé à cette ressource.") -> ForbiddenError:
    return ForbiddenError(message)


def student_of(session: Session, user: User, required: bool = False) -> Student | None:
    """The profile of a student account: None before the profile is filled, or with `required`,
    404 « complétez d'abord votre profil »."""
    profile = session.scalars(select(Student).where(Student.user_id == user.id)).first()
    if profile is None and required:
        raise NotFoundError("Profil non renseigné : complétez d'abord votre profil.")
    return profile


# Read with the session's account (`account_with_profile_marks`), or else on demand.
_MARKS_NOT_READ = object()


def _profile_marks():
    return Student.id, Student.version, last_change().label("last_change")


def account_with_profile_marks(session: Session, user_id: int) -> User | None:
    """The account `user_id` (the session's, for Flask-Login's loader) with the marks of its student
    profile (see `profile_version_of`) read in the same round trip: « Mes offres », the page asked
    most, then finds its kept answer without another query. Any role: the profile is absent for
    the others (an outer join on a unique column, and the index's last change, cost no more)."""
    row = session.execute(
        select(User, *_profile_marks()).outerjoin(Student, Student.user_id == User.id).where(User.id == user_id)
    ).first()
    if row is None:
        return None
    user = row[0]
    user.profile_marks = row if row.id is not None else None  # this request's; the session ends with it
    return user


def profile_version_of(session: Session, user: User) -> Row:
    """(id, version, last_change) of a student account's profile, with the offer index's last
    change, 404 like `student_of(required=True)` when there is none: enough to find an answer
    kept for this version without loading the profile. Read with the account when it was loaded
    by `account_with_profile_marks`."""
    row = getattr(user, "profile_marks", _MARKS_NOT_READ)
    if row is _MARKS_NOT_READ:
        row = session.execute(select(*_profile_marks()).where(Student.user_id == user.id)).first()
    if row is None:
        raise NotFoundError("Profil non renseigné : complétez d'abord votre profil.")
    return row


def manages_company(user: User | None, company_id: int | None) -> bool:
    """The user is one of the company's recruiters, or an admin: they manage its offers, see all
    their statuses and the applicants to them."""
    if user is None or company_id is None:
        return False
    return user.role == Role.ADMIN or (user.role == Role.COMPANY and user.company_id == company_id)


def get_company_for(session: Session, company_id: int, user: User | None, action: Action) -> Company:
    company = session.get(Company, company_id)
    if company is None:
        raise NotFoundError("Entreprise introuvable.")
    if action == "read":
        return company  # company identity and eligibility are public information
    if not manages_company(user, company.id):
        raise _deny("Seuls les recruteurs de cette entreprise peuvent la modifier.")
    return company


def get_offer_for(session: Session, offer_id: int, user: User | None, action: Action) -> Offer:
    """Published offers are public; drafts and closed offers, and any change, belong to the
    offer's company (and admins). `manage` (a company's own pages about its offer): 404 for
    anyone else, as if the offer did not exist; `write` says 403 to those who may see it."""
    offer = session.get(Offer, offer_id)
    if offer is None:
        raise NotFoundError("Offre introuvable.")
    owner = manages_company(user, offer.company_id)
    if action == "manage" and not owner:
        raise NotFoundError("Offre introuvable.")
    if action == "read" and (offer.status == OfferStatus.PUBLISHED or owner):
        return offer
    if not owner:
        if action == "read":
            raise NotFoundError("Offre introuvable.")
        raise _deny("Seule l'entreprise qui a publié cette offre peut la gérer.")
    return offer


def get_application_for(session: Session, application_id: int, user: User | None, action: Action) -> Application:
    """The student who applied, the offer's company, the student's school (read only), admins.

    Unknown or not yours: 404 (the id reveals nothing). The student's school may read it; asking
    it to change it is a 403, since it already knows the application exists."""
    application = session.get(Application, application_id)
    if application is None or user is None:
        raise NotFoundError("Candidature introuvable.")
    student = application.student  # None once the student erased their account
    if user.role == Role.ADMIN:
        return application
    if user.role == Role.STUDENT and student is not None and student.user_id == user.id:
        return application
    if user.role == Role.COMPANY and user.company_id is not None and application.offer.company_id == user.company_id:
        return application
    if (
        user.role == Role.SCHOOL
        and student is not None
        and user.school_id is not None
        and student.school_id == user.school_id
    ):
        if action == "read":
            return application
        raise _deny("Le personnel de l'école consulte les candidatures de ses étudiants sans pouvoir les modifier.")
    raise NotFoundError("Candidature introuvable.")


def get_school_for(session: Session, school_id: int, user: User | None, action: Action) -> School:
    school = session.get(School, school_id)
    if school is None:
        raise NotFoundError("École introuvable.")
    if user is None or not (user.role == Role.ADMIN or (user.role == Role.SCHOOL and user.school_id == school.id)):
        raise _deny("Seul le personnel de cette école y a accès.")
    return school


def get_student_for(session: Session, student_id: int, user: User | None, action: Action) -> Student:
    """A student's own profile; their school's staff (read); a company only for visible
    students (read, professional fields: the view decides which fields); admins."""
    student = session.get(Student, student_id)
    if student is None or user is None:
        raise NotFoundError("Profil introuvable.")
    if user.role == Role.ADMIN or (user.role == Role.STUDENT and student.user_id == user.id):
        return student
    if action == "read" and user.role == Role.SCHOOL and student.school_id == user.school_id:
        return student
    if action == "read" and user.role == Role.COMPANY and student.visible:
        return student
    raise NotFoundError("Profil introuvable.")
