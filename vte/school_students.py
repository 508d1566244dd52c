"""A school's students as its staff see them: the list (filtered by programme, level, situation,
latest application status and words), one student's page (profile, applications, placements), and
the filter the placement statistics share with the list. Take the session first; read only."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, false, func, literal, not_, or_, select, union_all
from sqlalchemy.orm import Session

from .applications import label as status_label
from .errors import InputError, NotFoundError
from .models import Application, Commune, Company, Offer, Placement, School, Student, User
from .vocab import ApplicationStatus, Role, StudentStatus, format_level, parse_level

NO_APPLICATION = "none"


# --- The filter shared by the dashboard and the list ---------------------------------------------


@dataclass(frozen=True)
class StudentFilter:
    """Which of the school's students a page is about: a programme (as the students typed it), a
    level (years after the baccalauréat), a situation (student, alternance, graduate). Empty: all."""

    programme: str | None = None
    level: int | None = None
    situation: StudentStatus | None = None

    @classmethod
    def of(cls, args: Mapping[str, Any]) -> StudentFilter:
        """From validated arguments (`StudentFilterArgs`): `level` as « bac+5 »."""
        level = args.get("level")
        situation = args.get("situation")
        return cls(
            programme=args.get("programme") or None,
            level=parse_level(level) if level else None,
            situation=StudentStatus(situation) if situation else None,
        )

    @property
    def active(self) -> bool:
        return any(v is not None for v in (self.programme, self.level, self.situation))

    def students(self) -> list:
        """Conditions on `Student`."""
        conditions = []
        if self.programme is not None:
            conditions.append(Student.programme == self.programme)
        if self.level is not None:
            conditions.append(Student.level == self.level)
        if self.situation is not None:
            conditions.append(Student.status == self.situation)
        return conditions

    def placements(self, school: School) -> list:
        """Conditions on `Placement` (besides its school): the hires of the matching students. An
        erased student's hire keeps only its programme, so it counts under a programme filter alone."""
        if not self.active:
            return []
        matching = Placement.student_id.in_(select(Student.id).where(Student.school_id == school.id, *self.students()))
        if self.programme is not None and self.level is None and self.situation is None:
            return [or_(matching, and_(Placement.student_id.is_(None), Placement.programme == self.programme))]
        return [matching]


def school_programmes(session: Session, school: School) -> list[str]:
    """The programmes of the school's students and of its recorded hires, alphabetically."""
    names = set(
        session.scalars(select(Student.programme).where(Student.school_id == school.id, Student.programme.is_not(None)))
    ) | set(
        session.scalars(
            select(Placement.programme).where(Placement.school_id == school.id, Placement.programme.is_not(None))
        )
    )
    return sorted((n for n in names if n.strip()), key=str.casefold)


def check_filter(session: Session, school: School, filters: StudentFilter) -> None:
    """A programme no student of the school follows is a mistake (a stale or edited link) worth
    saying, rather than an empty page."""
    if filters.programme is not None and filters.programme not in school_programmes(session, school):
        raise InputError(
            "Aucun étudiant de l'école ne suit cette formation.",
            {"programme": ["Aucun étudiant de l'école ne suit cette formation : choisissez-la dans la liste."]},
        )


# --- The list ------------------------------------------------------------------------------------


def _latest_status(student_id_column):
    return (
        select(Application.status)
        .where(Application.student_id == student_id_column)
        .order_by(Application.updated_at.desc(), Application.id.desc())
        .limit(1)
        .correlate_except(Application)
        .scalar_subquery()
    )


def list_school_students(
    session: Session, school: School, args: Mapping[str, Any] | None = None, page: int = 1, per_page: int = 20
) -> tuple[list[dict[str, Any]], int]:
    """The school's students: profiles, and accounts that joined but have not filled their profile
    yet (`profile_complete` false). Each with its latest application and its placement.

    `args` (validated `StudentListArgs`): `status` is the status of the latest application
    (`submitted` … `withdrawn`), or `none` for students who have not applied; `q` matches names,
    e-mail and programme; `programme`, `level` and `situation` keep the profiles they describe
    (`StudentFilter`; accounts without a profile have none)."""
    args = args or {}
    status, q, filters = args.get("status"), args.get("q"), StudentFilter.of(args)
    check_filter(session, school, filters)
    latest = _latest_status(Student.id)
    profiles = select(
        Student.id.label("student_id"),
        Student.user_id.label("user_id"),
        func.lower(func.coalesce(Student.last_name, Student.email, "")).label("sort_key"),
    ).where(Student.school_id == school.id, *filters.students())
    accounts = select(
        literal(None, type_=Student.id.type).label("student_id"),
        User.id.label("user_id"),
        func.lower(User.email).label("sort_key"),
    ).where(
        User.role == Role.STUDENT,
        User.school_id == school.id,
        not_(select(Student.id).where(Student.user_id == User.id).exists()),
    )
    if filters.active:
        accounts = accounts.where(false())
    if q:
        pattern = f"%{q.strip().lower()}%"
        profiles = profiles.where(
            or_(
                *(
                    func.lower(c).like(pattern)
                    for c in (Student.first_name, Student.last_name, Student.email, Student.programme)
                )
            )
        )
        accounts = accounts.where(
            or_(func.lower(User.email).like(pattern), func.lower(User.display_name).like(pattern))
        )
    if status:
        if status == NO_APPLICATION:
            profiles = profiles.where(latest.is_(None))
        else:
            profiles = profiles.where(latest == ApplicationStatus(status).value)
            accounts = accounts.where(false())
    both = union_all(profiles, accounts).subquery()
    total = session.scalar(select(func.count()).select_from(both))
    page_rows = session.execute(
        select(both.c.student_id, both.c.user_id)
        .order_by(both.c.sort_key, both.c.student_id, both.c.user_id)
        .offset((page - 1) * per_page)
        .limit(per_page)
    ).all()
    return _describe_school_students(session, page_rows), total


def _application_dict(application: Application, title: str, company: str) -> dict[str, Any]:
    return {
        "id": application.id,
        "status": application.status.value,
        "status_label": status_label(application.status),
        "created_at": application.created_at,
        "updated_at": application.updated_at,
        "offer": {"id": application.offer_id, "title": title, "company": company},
    }


def _applications(session: Session, student_ids: list[int]):
    """(application, offer title, company name), oldest change first."""
    return session.execute(
        select(Application, Offer.title, Company.name)
        .join(Offer, Offer.id == Application.offer_id)
        .join(Company, Company.id == Offer.company_id)
        .where(Application.student_id.in_(student_ids))
        .order_by(Application.updated_at, Application.id)
    )


def _placement_dict(placement: Placement, company: str | None, commune: str | None = None) -> dict[str, Any]:
    return {
        "company": company,
        "contract_type": placement.contract_type.value,
        "start_date": placement.start_date,
        "hired_at": placement.hired_at,
        "commune": commune,
        "territory": placement.territoire_name,
        "region_code": placement.region_code,
    }


def _placements(session: Session, student_ids: list[int]):
    """(placement, company name, commune name), oldest hire first."""
    return session.execute(
        select(Placement, Company.name, Commune.name)
        .outerjoin(Company, Company.id == Placement.company_id)
        .outerjoin(Commune, Commune.code == Placement.commune_code)
        .where(Placement.student_id.in_(student_ids))
        .order_by(Placement.hired_at, Placement.id)
    )


def _profile_dict(s: Student) -> dict[str, Any]:
    return {
        "student_id": s.id,
        "user_id": s.user_id,
        "profile_complete": True,
        "first_name": s.first_name,
        "last_name": s.last_name,
        "email": s.email,
        "programme": s.programme,
        "level": format_level(s.level),
        "status": s.status.value,
        "visible": s.visible,
        "created_at": s.created_at,
    }


def _describe_school_students(session: Session, rows) -> list[dict[str, Any]]:
    student_ids = [r.student_id for r in rows if r.student_id is not None]
    user_ids = [r.user_id for r in rows if r.student_id is None]
    students = {s.id: s for s in session.scalars(select(Student).where(Student.id.in_(student_ids)))}
    users = {u.id: u for u in session.scalars(select(User).where(User.id.in_(user_ids)))}
    latest: dict[int, dict[str, Any]] = {}
    placements: dict[int, dict[str, Any]] = {}
    if student_ids:
        for application, title, company in _applications(session, student_ids):
            latest[application.student_id] = _application_dict(application, title, company)
        for placement, company, _commune in _placements(session, student_ids):
            placements[placement.student_id] = _placement_dict(placement, company)
    items = []
    for row in rows:
        if row.student_id is not None:
            s = students[row.student_id]
            items.append(
                {**_profile_dict(s), "latest_application": latest.get(s.id), "placement": placements.get(s.id)}
            )
        else:
            u = users[row.user_id]
            items.append(
                {
                    "student_id": None,
                    "user_id": u.id,
                    "profile_complete": False,
                    "first_name": None,
                    "last_name": None,
                    "email": u.email,
                    "programme": None,
                    "level": None,
                    "status": None,
                    "visible": False,
                    "created_at": u.created_at,
                    "latest_application": None,
                    "placement": None,
                }
            )
    return items


# --- One student ---------------------------------------------------------------------------------


def school_student(session: Session, school: School, student_id: int) -> dict[str, Any]:
    """One of the school's students as its staff see them: the profile's school fields, every
    application (latest change first) and every hire. Another school's student is not found."""
    student = session.get(Student, student_id)
    if student is None or student.school_id != school.id:
        raise NotFoundError("Aucun étudiant de l'école ne correspond à cette adresse.")
    applications = [_application_dict(*row) for row in _applications(session, [student.id])][::-1]
    placements = [_placement_dict(*row) for row in _placements(session, [student.id])][::-1]
    return {**_profile_dict(student), "applications": applications, "placements": placements}
