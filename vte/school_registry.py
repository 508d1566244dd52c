"""Schools as students type them: resolution against the registry, schools kept as entered, and
what an admin does with them. Take the session first, flush, never commit.

A name the registry knows (`vte.refdata.school_names`) attaches the student to that school. A name
it does not know is never refused: it is kept as entered in an unverified `School` row (see the
comment on `School.verified` for why a row rather than a nullable `Student.school_id`), which
students typing the same name share; `unattached_schools` lists these rows for an admin and
`attach_school` moves their students to a registry school. An ambiguous name (« INSA ») is refused
on forms with the candidates, so that the student picks; an import keeps it as entered instead.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, func, select, update
from sqlalchemy.orm import Session

from .errors import InputError, NotFoundError
from .input_guard import text_problem
from .models import Commune, Placement, School, Student, User
from .permissions import student_of
from .refdata.school_names import NameIndex, Resolution, join_aliases, name_key, split_aliases
from .vocab import Role, SchoolKind

ENTERED_SOURCE = "saisie"
NAME_MAX_LENGTH = 250
HOMONYM_SUFFIX = " (saisie)"


def entered_key(name: str) -> str:
    """The key of a name kept as entered (without the suffix that sets it apart from a homonym)."""
    return name_key(name.removesuffix(HOMONYM_SUFFIX))


def registry_index(session: Session) -> NameIndex:
    """The verified schools by name, alias and UAI."""
    return NameIndex(
        session.execute(
            select(School.id, School.name, School.aliases, School.uai, Commune.name)
            .outerjoin(Commune, Commune.code == School.commune_code)
            .where(School.verified.is_(True))
        )
    )


def resolve_school(session: Session, text: str | None) -> Resolution:
    """Which registry school `text` names (a name, an alias, a UAI code); see `NameIndex.resolve`."""
    return registry_index(session).resolve(text)


def entered_school(session: Session, text: str) -> School:
    """The unverified school row for a name the registry does not know: the one already entered
    with the same spelling (accents, case and spacing ignored), or a new one."""
    text = " ".join(text.split())[:NAME_MAX_LENGTH]
    key = name_key(text)
    for school in session.scalars(select(School).where(School.verified.is_(False))):
        if entered_key(school.name) == key:
            return school
    name = text
    if session.scalar(select(School.id).where(School.name == name)) is not None:
        name = text[: NAME_MAX_LENGTH - len(HOMONYM_SUFFIX)] + HOMONYM_SUFFIX  # names are unique
    school = School(name=name, kind=SchoolKind.OTHER, source=ENTERED_SOURCE, verified=False)
    session.add(school)
    session.flush()
    return school


def check_typed_name(text: str | None, field: str = "school") -> str:
    """The typed name, stripped; InputError naming `field` when it is empty, too long or not text."""
    value = " ".join((text or "").split())
    if not value:
        raise InputError.on(field, "Indiquez le nom de votre école.")
    if len(value) > NAME_MAX_LENGTH:
        raise InputError.on(field, f"Nom d'école trop long : {NAME_MAX_LENGTH} caractères au plus.")
    problem = text_problem(value)
    if problem:
        raise InputError.on(field, f"Nom d'école invalide : {problem}")
    return value


def ambiguity_message(resolution: Resolution) -> str:
    names = ", ".join(f"« {name} »" for _, name in resolution.candidates)
    return (
        f"« {resolution.text} » peut désigner plusieurs écoles ou une école plus précise : {names}. "
        "Précisez le nom (par exemple avec la ville), ou saisissez le code UAI de l'école."
    )


def school_for_typed_name(session: Session, text: str | None, field: str = "school") -> School:
    """The school a student typed: the registry school it names; an InputError on `field` listing
    the candidates when it is ambiguous; otherwise the school kept as entered (never refused)."""
    value = check_typed_name(text, field)
    resolution = resolve_school(session, value)
    if resolution.found:
        return session.get(School, resolution.school_id)
    if resolution.status == "ambiguous":
        message = ambiguity_message(resolution)
        raise InputError.on(field, message)
    return entered_school(session, value)


def choose_school(session: Session, user: User, text: str | None) -> School:
    """A student names their school (sign-up, profile, API) instead of using an invitation code."""
    school = school_for_typed_name(session, text)
    user.school_id = school.id
    profile = student_of(session, user)
    if profile is not None:
        profile.school_id = school.id
    session.flush()
    return school


def school_ref(school: School | None) -> dict[str, Any] | None:
    """How a student's school is shown: its name, and `verified` false for a name kept as entered."""
    if school is None:
        return None
    return {"id": school.id, "name": school.name, "verified": bool(school.verified)}


# --- The admin's queue -----------------------------------------------------------------------------


def unattached_schools(session: Session) -> list[dict[str, Any]]:
    """The school names students entered that the registry does not know, most students first:
    `entered_name`, `students` (profiles), `accounts` (student accounts, with or without a
    profile), `first_entered_at`, and `suggestions` (registry schools with a close name)."""
    rows = session.scalars(select(School).where(School.verified.is_(False))).all()
    if not rows:
        return []
    ids = [s.id for s in rows]
    profiles = dict(
        session.execute(
            select(Student.school_id, func.count(Student.id))
            .where(Student.school_id.in_(ids))
            .group_by(Student.school_id)
        ).all()
    )
    accounts = dict(
        session.execute(
            select(User.school_id, func.count(User.id))
            .where(User.school_id.in_(ids), User.role == Role.STUDENT)
            .group_by(User.school_id)
        ).all()
    )
    index = registry_index(session)
    items = []
    for school in rows:
        if not profiles.get(school.id) and not accounts.get(school.id):
            continue
        resolution = index.resolve(school.name)
        items.append(
            {
                "school_id": school.id,
                "entered_name": school.name,
                "students": profiles.get(school.id, 0),
                "accounts": accounts.get(school.id, 0),
                "first_entered_at": school.created_at,
                "suggestions": [{"id": i, "name": n} for i, n in resolution.candidates],
            }
        )
    items.sort(key=lambda i: (-i["students"], -i["accounts"], name_key(i["entered_name"])))
    return items


def attach_school(session: Session, entered_name: str, school_id: int) -> dict[str, Any]:
    """Attach the school entered as `entered_name` (accents and case ignored) to the registry school
    `school_id`: its students, their accounts and placements move there, and the name becomes an
    alias of that school (unless it already names other schools), so the next student who types it
    is attached at once. The unverified row is deleted."""
    target = session.get(School, school_id) if isinstance(school_id, int) else None
    if target is None or not target.verified:
        raise NotFoundError(
            "École introuvable dans le registre : choisissez une école existante.",
            {"school_id": ["École introuvable dans le registre."]},
        )
    key = name_key(entered_name)
    entered = [
        s for s in session.scalars(select(School).where(School.verified.is_(False))) if entered_key(s.name) == key
    ]
    if not key or not entered:
        raise NotFoundError(
            f"Aucune école saisie sous le nom « {entered_name} » n'attend de rattachement.",
            {"entered_name": ["Nom saisi introuvable."]},
        )
    ids = [s.id for s in entered]
    moved_students = session.execute(
        update(Student)
        .where(Student.school_id.in_(ids))
        .values(school_id=target.id, version=Student.version + 1)
        .execution_options(synchronize_session=False)
    ).rowcount
    moved_accounts = session.execute(
        update(User)
        .where(User.school_id.in_(ids))
        .values(school_id=target.id)
        .execution_options(synchronize_session=False)
    ).rowcount
    session.execute(
        update(Placement)
        .where(Placement.school_id.in_(ids))
        .values(school_id=target.id)
        .execution_options(synchronize_session=False)
    )
    alias_added = False
    typed = entered[0].name.removesuffix(HOMONYM_SUFFIX)
    if registry_index(session).resolve(typed).status == "unknown":
        target.aliases = join_aliases([*split_aliases(target.aliases), typed])
        alias_added = True
    session.flush()
    session.execute(delete(School).where(School.id.in_(ids)))
    session.expire_all()  # the rows moved by the UPDATEs above, and the deleted schools
    return {
        "school": {"id": target.id, "name": target.name},
        "entered_name": typed,
        "students": moved_students,
        "accounts": moved_accounts,
        "alias_added": alias_added,
    }


__all__ = [
    "attach_school",
    "choose_school",
    "entered_school",
    "registry_index",
    "resolve_school",
    "school_for_typed_name",
    "school_ref",
    "unattached_schools",
]
