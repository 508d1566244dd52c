"""Applications: apply, list, follow the status machine, record the placement of a hire.

The status machine is a pure table (`TRANSITIONS`, `transition_problem`) that needs no database.
Services take the session first, flush, and never commit.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload

from .eligibility import CompanyFacts, MissionFacts, TerritoryFacts, assess, rules_for_config
from .errors import ConflictError, ForbiddenError, InputError
from .locations import current_territory_by_commune
from .models import Application, ApplicationEvent, Commune, Naf, Offer, Placement, Student, User, as_utc
from .notifications import application_received, status_changed
from .permissions import get_offer_for, student_of
from .refdata.territoires import territory_in_force
from .students import profile_to_dict
from .transitions import move_status
from .vocab import ApplicationStatus, ContractType, OfferStatus, Role
from .vte_label import label_status

S = ApplicationStatus

STATUS_LABELS: dict[ApplicationStatus, str] = {
    S.SUBMITTED: "envoyée",
    S.REVIEWED: "examinée",
    S.INTERVIEW: "entretien",
    S.OFFERED: "proposition d'embauche",
    S.HIRED: "embauche",
    S.REJECTED: "refusée",
    S.WITHDRAWN: "retirée",
}

FINAL_STATUSES = frozenset({S.HIRED, S.REJECTED, S.WITHDRAWN})
OPEN_STATUSES = tuple(s for s in ApplicationStatus if s not in FINAL_STATUSES)

# Who may move an application from which status to which. The company follows the recruitment
# path (and may reject at any open step); the student may only withdraw. Admins may do both.
TRANSITIONS: dict[str, dict[ApplicationStatus, frozenset[ApplicationStatus]]] = {
    "company": {
        S.SUBMITTED: frozenset({S.REVIEWED, S.REJECTED}),
        S.REVIEWED: frozenset({S.INTERVIEW, S.REJECTED}),
        S.INTERVIEW: frozenset({S.OFFERED, S.REJECTED}),
        S.OFFERED: frozenset({S.HIRED, S.REJECTED}),
    },
    "student": {status: frozenset({S.WITHDRAWN}) for status in OPEN_STATUSES},
}
TRANSITIONS["admin"] = {
    status: TRANSITIONS["company"].get(status, frozenset()) | TRANSITIONS["student"].get(status, frozenset())
    for status in OPEN_STATUSES
}

ACTORS = {Role.COMPANY: "company", Role.STUDENT: "student", Role.ADMIN: "admin"}


def label(status: ApplicationStatus | str) -> str:
    return STATUS_LABELS[ApplicationStatus(status)]


def allowed_transitions(current: ApplicationStatus, actor: str) -> frozenset[ApplicationStatus]:
    return TRANSITIONS.get(actor, {}).get(current, frozenset())


def transition_problem(current: ApplicationStatus, requested: ApplicationStatus, actor: str) -> str | None:
    """None when `actor` may move an application from `current` to `requested`; otherwise the
    French reason, naming both statuses."""
    if requested in allowed_transitions(current, actor):
        return None
    head = (
        f"Transition impossible : la candidature est « {label(current)} » ({current.value}) "
        f"et ne peut pas passer à « {label(requested)} » ({requested.value})"
    )
    if current in FINAL_STATUSES:
        return f"{head} : ce statut est définitif."
    if requested == current:
        return f"{head} : c'est déjà son statut."
    allowed = sorted(allowed_transitions(current, actor), key=list(ApplicationStatus).index)
    if not allowed:
        return f"{head}."
    names = ", ".join(f"« {label(s)} » ({s.value})" for s in allowed)
    return f"{head}. Statuts possibles depuis « {label(current)} » : {names}."


def actor_for(user: User) -> str:
    actor = ACTORS.get(user.role)
    if actor is None:
        raise ForbiddenError("Le personnel des écoles consulte les candidatures sans pouvoir les modifier.")
    return actor


def actor_may_request(requested: ApplicationStatus, actor: str) -> bool:
    """Whether the actor may ever ask for this status (so that a student asking for « entretien »
    is told it is the company's decision, not that the step is out of order)."""
    return any(requested in targets for targets in TRANSITIONS.get(actor, {}).values())


# --- Applying ------------------------------------------------------------------------------------


def apply_to_offer(
    session: Session, user: User, offer_id: int, message: str | None = None, today: date | None = None
) -> Application:
    if user.role != Role.STUDENT:
        raise ForbiddenError("Seuls les étudiants peuvent postuler à une offre.")
    student = student_of(session, user)
    if student is None:
        raise ConflictError(
            "Complétez d'abord votre profil avant de postuler.",
            {"profile": ["Profil non renseigné."]},
        )
    offer = get_offer_for(session, offer_id, user, "read")
    today = today or date.today()
    if offer.status != OfferStatus.PUBLISHED or (offer.expires_at is not None and offer.expires_at < today):
        raise ConflictError(
            "Cette offre n'accepte plus de candidatures : elle a expiré ou a été fermée.",
            {"offer_id": ["Offre expirée ou fermée."]},
        )
    existing = session.scalar(
        select(Application.id).where(Application.student_id == student.id, Application.offer_id == offer.id)
    )
    if existing is not None:
        raise ConflictError("Vous avez déjà postulé à cette offre.", {"offer_id": ["Candidature déjà envoyée."]})
    text = (message or "").strip() or None
    application = Application(student_id=student.id, offer_id=offer.id, status=S.SUBMITTED, message=text)
    try:
        with session.begin_nested():  # a concurrent double submit meets the unique constraint
            session.add(application)
            session.flush()
    except IntegrityError:
        raise ConflictError(
            "Vous avez déjà postulé à cette offre.", {"offer_id": ["Candidature déjà envoyée."]}
        ) from None
    session.add(
        ApplicationEvent(
            application_id=application.id, from_status=None, to_status=S.SUBMITTED.value, by_user_id=user.id
        )
    )
    session.flush()
    application_received(session, application)
    return application


# --- Listing and reading -------------------------------------------------------------------------


def list_applications(
    session: Session,
    user: User,
    offer_id: int | None = None,
    status: ApplicationStatus | None = None,
    page: int = 1,
    per_page: int = 20,
) -> tuple[list[dict[str, Any]], int]:
    """The applications `user` may see: a student's own, those to a company's offers, those of a
    school's students, all for admins. Newest first."""
    stmt = select(Application)
    if user.role == Role.STUDENT:
        student = student_of(session, user)
        if student is None:
            return [], 0
        stmt = stmt.where(Application.student_id == student.id)
    elif user.role == Role.COMPANY:
        if user.company_id is None:
            return [], 0
        stmt = stmt.join(Offer, Offer.id == Application.offer_id).where(Offer.company_id == user.company_id)
    elif user.role == Role.SCHOOL:
        if user.school_id is None:
            return [], 0
        stmt = stmt.join(Student, Student.id == Application.student_id).where(Student.school_id == user.school_id)
    elif user.role != Role.ADMIN:
        return [], 0
    if offer_id is not None:
        stmt = stmt.where(Application.offer_id == offer_id)
    if status is not None:
        stmt = stmt.where(Application.status == status)
    total = session.scalar(select(func.count()).select_from(stmt.subquery()))
    rows = (
        session.scalars(
            stmt.options(
                joinedload(Application.offer).joinedload(Offer.company),
                joinedload(Application.student).joinedload(Student.school),
            )
            .order_by(Application.created_at.desc(), Application.id.desc())
            .offset((page - 1) * per_page)
            .limit(per_page)
        )
        .unique()
        .all()
    )
    return serialise_applications(session, rows, user, with_history=False), total


def serialise_applications(
    session: Session, applications: list[Application], user: User, with_history: bool
) -> list[dict[str, Any]]:
    codes = {a.student.commune_code for a in applications if a.student is not None and a.student.commune_code}
    names = (
        dict(session.execute(select(Commune.code, Commune.name).where(Commune.code.in_(codes))).all()) if codes else {}
    )
    placements = (
        {
            p.application_id: p
            for p in session.scalars(
                select(Placement).where(Placement.application_id.in_([a.id for a in applications]))
            )
        }
        if applications
        else {}
    )
    return [application_to_dict(a, user, names, placements.get(a.id), with_history) for a in applications]


def application_to_dict(
    application: Application, user: User, commune_names: dict[str, str], placement: Placement | None, with_history: bool
) -> dict[str, Any]:
    """The application as `user` sees it. The student sees their own profile whole; the company
    receiving it and the student's school see the applicant's contact fields (the student chose to
    apply) but never the coordinates of their place — and the company no longer once the student
    withdrew. Erased students appear as None."""
    student = application.student
    own = user.role == Role.STUDENT
    contacts = not own and (user.role != Role.COMPANY or application.status != ApplicationStatus.WITHDRAWN)
    offer = application.offer
    data: dict[str, Any] = {
        "id": application.id,
        "status": application.status.value,
        "status_label": label(application.status),
        "message": application.message,
        "created_at": application.created_at,
        "updated_at": application.updated_at,
        "offer": {
            "id": offer.id,
            "title": offer.title,
            "company": {"id": offer.company.id, "name": offer.company.name},
        },
        "student": (
            profile_to_dict(student, commune_names.get(student.commune_code), private=own, contacts=contacts)
            if student is not None
            else None
        ),
        "next_statuses": sorted(
            (s.value for s in allowed_transitions(application.status, ACTORS.get(user.role, ""))),
            key=[s.value for s in ApplicationStatus].index,
        ),
        "placement": placement_to_dict(placement) if placement is not None else None,
    }
    if with_history:
        data["history"] = [
            {"from": e.from_status, "to": e.to_status, "at": e.at, "by_user_id": e.by_user_id}
            for e in application.events
        ]
    return data


def placement_to_dict(placement: Placement) -> dict[str, Any]:
    return {
        "id": placement.id,
        "contract_type": placement.contract_type.value,
        "start_date": placement.start_date,
        "hired_at": placement.hired_at,
        "commune_code": placement.commune_code,
        "region_code": placement.region_code,
        "naf_section": placement.naf_section,
        "territory": (
            {"name": placement.territoire_name, "list_version": placement.territoire_list_version}
            if placement.territoire_name
            else None
        ),
        "eligible_vte_ti": placement.eligible_vte_ti,
        "eligible_vte_vert": placement.eligible_vte_vert,
        "days_to_hire": placement.days_to_hire,
        "vte_label": label_status(placement),
    }


def serialise_application(session: Session, application: Application, user: User) -> dict[str, Any]:
    return serialise_applications(session, [application], user, with_history=True)[0]


# --- Status changes ------------------------------------------------------------------------------


STALE_APPLICATION = (
    "Cette candidature vient de changer d'état (par l'entreprise ou l'étudiant) : rechargez la page pour voir "
    "son état actuel."
)


def change_status(
    session: Session,
    application: Application,
    user: User,
    to: ApplicationStatus,
    start_date: date | None = None,
    contract_type: ContractType | None = None,
    now: datetime | None = None,
    aid_rules: Sequence[Mapping[str, Any]] | None = None,
) -> Application:
    """Move the application to `to` if the table allows it for this user; append the event; a
    hire records the Placement in the same transaction."""
    actor = actor_for(user)
    to = ApplicationStatus(to)
    current = application.status
    if not actor_may_request(to, actor):
        if actor == "student":
            raise ForbiddenError(
                f"Vous pouvez seulement retirer votre candidature (withdrawn) : le passage à "
                f"« {label(to)} » ({to.value}) est décidé par l'entreprise."
            )
        raise ForbiddenError(
            "Seul l'étudiant peut retirer sa candidature (withdrawn) ; l'entreprise peut la refuser (rejected)."
        )
    problem = transition_problem(current, to, actor)
    if problem is not None:
        raise ConflictError(problem, {"to": [problem]})
    if to != S.HIRED and (start_date is not None or contract_type is not None):
        message = "« start_date » et « contract_type » ne s'indiquent qu'avec une embauche (hired)."
        raise InputError(
            message,
            {
                k: [message]
                for k in ("start_date", "contract_type")
                if (start_date if k == "start_date" else contract_type) is not None
            },
        )
    now = now or datetime.now(UTC)
    move_status(session, application, current, to, STALE_APPLICATION)
    session.add(
        ApplicationEvent(
            application_id=application.id, from_status=current.value, to_status=to.value, at=now, by_user_id=user.id
        )
    )
    if to == S.HIRED:
        record_placement(
            session, application, hired_at=now, start_date=start_date, contract_type=contract_type, aid_rules=aid_rules
        )
    session.flush()
    status_changed(session, application, to)
    return application


def placement_eligibility(
    headcount: int | None,
    territory: tuple[str, str] | None,
    list_version: str | None,
    mission: MissionFacts,
    on: date,
    rules: Sequence[Mapping[str, Any]],
) -> tuple[bool | None, bool | None]:
    """(VTE Territoires d'industrie, VTE Vert) eligibility of a hire on date `on`, by the aid
    rules table of vte.eligibility (three-valued: None when a fact is unknown). `territory` is
    (name, list version) when the mission's commune is in the list in force on `on`; `list_version`
    is that list's version (None: no list loaded for that date)."""
    facts = TerritoryFacts(list_version=list_version, territory=territory[0] if territory else None)
    result = assess(CompanyFacts(headcount=headcount), facts, rules, on, mission=mission)
    by_code = {aid["code"]: aid["eligible"] for aid in result["aids"]}
    return by_code.get("vte_ti"), by_code.get("vte_vert")


def record_placement(
    session: Session,
    application: Application,
    hired_at: datetime,
    start_date: date | None = None,
    contract_type: ContractType | None = None,
    aid_rules: Sequence[Mapping[str, Any]] | None = None,
) -> Placement:
    """The facts of a hire kept for school statistics (they survive the student's erasure):
    where, which sector, which Territoire d'industrie of the current list, VTE eligibility."""
    student = application.student
    if student is None:
        raise ConflictError("Cette candidature n'a plus d'étudiant (compte supprimé) : embauche impossible.")
    offer = application.offer
    company = offer.company
    commune = session.get(Commune, offer.commune_code) if offer.commune_code else None
    naf_section = session.scalar(select(Naf.section).where(Naf.code == company.naf_code)) if company.naf_code else None
    territory = (
        current_territory_by_commune(session, [offer.commune_code]).get(offer.commune_code)
        if offer.commune_code
        else None
    )
    # Eligibility by the list of Territoires d'industrie in force on the day of the hire (the
    # territory kept for statistics is the current list's, as the maps show it).
    hire_day = as_utc(hired_at).date()
    in_force, in_force_name = territory_in_force(session, offer.commune_code, hire_day)
    contract = ContractType(contract_type) if contract_type else offer.contract_type
    eligible_ti, eligible_vert = placement_eligibility(
        company.headcount,
        (in_force_name, in_force.version) if in_force_name else None,
        in_force.version if in_force else None,
        MissionFacts(contract_type=contract.value, duration_months=offer.duration_months, green=bool(offer.green)),
        hire_day,
        aid_rules if aid_rules is not None else rules_for_config({}),
    )
    placement = Placement(
        student_id=student.id,
        application_id=application.id,
        school_id=student.school_id,
        programme=student.programme,
        offer_id=offer.id,
        company_id=company.id,
        contract_type=contract,
        start_date=start_date or offer.start_date,
        hired_at=hired_at,
        commune_code=offer.commune_code,
        region_code=commune.region_code if commune else None,
        naf_section=naf_section,
        territoire_name=territory[0] if territory else None,
        territoire_list_version=territory[1] if territory else None,
        eligible_vte_ti=eligible_ti,
        eligible_vte_vert=eligible_vert,
        days_to_hire=max(0, (as_utc(hired_at) - as_utc(student.created_at)).days) if student.created_at else None,
    )
    session.add(placement)
    session.flush()
    return placement
