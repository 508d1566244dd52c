"""Schools: the public list, the school's students, invitation codes, e-mail domain, staff,
placement statistics, the CSV import of students to invite."""

from __future__ import annotations

from datetime import UTC

from marshmallow import Schema, fields, validate

from ..school_students import NO_APPLICATION
from ..vocab import LEVEL_MAX, LEVEL_MIN, ApplicationStatus, StudentStatus, format_level
from .common import BoundedAwareDateTime, CommuneRef, ErrorSchema, IdNameRef, PageArgs, page_of

APPLICATION_STATUSES = [s.value for s in ApplicationStatus] + [NO_APPLICATION]


class SchoolListArgs(Schema):
    q = fields.String(
        validate=validate.Length(min=1, max=100), metadata={"description": "Mots du nom (accents et casse ignorés)."}
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class SchoolBrief(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "engineering, business ou university"})
    commune = fields.Nested(CommuneRef, allow_none=True)


SchoolPage = page_of(SchoolBrief, name="SchoolPage")


class SchoolOut(SchoolBrief):
    uai = fields.String(allow_none=True)
    email_domain = fields.String(allow_none=True)
    email_domain_status = fields.String(
        allow_none=True,
        validate=validate.OneOf(["pending", "approved"]),
        metadata={"description": "pending: waits for an admin's approval before students join by it"},
    )


class EmailDomainIn(Schema):
    email_domain = fields.String(
        required=True,
        allow_none=True,
        validate=validate.Length(max=120),
        metadata={
            "description": "Domaine des adresses de vos étudiants (ex. etu.mon-ecole.fr) ; null pour le retirer."
        },
    )


class StudentFilterArgs(Schema):
    """The school's students a page or a statistic is about (`StudentFilter`)."""

    programme = fields.String(
        validate=validate.Length(min=1, max=250),
        metadata={"description": "Formation, telle que les étudiants l'ont saisie (exactement)."},
    )
    level = fields.String(
        validate=validate.OneOf([format_level(n) for n in range(LEVEL_MIN, LEVEL_MAX + 1)]),
        metadata={"description": "Niveau : bac+2 … bac+8."},
    )
    situation = fields.String(
        validate=validate.OneOf([s.value for s in StudentStatus]),
        metadata={"description": "student (en formation), alternance ou graduate (jeune diplômé)."},
    )


class StudentListArgs(PageArgs, StudentFilterArgs):
    status = fields.String(
        validate=validate.OneOf(APPLICATION_STATUSES),
        metadata={"description": "Statut de la dernière candidature, ou « none » pour les étudiants sans candidature."},
    )
    q = fields.String(
        validate=validate.Length(min=1, max=100), metadata={"description": "Nom, prénom, e-mail ou formation."}
    )


class OfferBrief(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    company = fields.String(required=True)


class LatestApplication(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)
    status_label = fields.String(required=True)
    updated_at = fields.DateTime(required=True)
    offer = fields.Nested(OfferBrief, required=True)


class StudentPlacement(Schema):
    company = fields.String(allow_none=True)
    contract_type = fields.String(required=True)
    start_date = fields.Date(allow_none=True)
    hired_at = fields.DateTime(required=True)
    territory = fields.String(allow_none=True)
    region_code = fields.String(allow_none=True)


class SchoolStudent(Schema):
    student_id = fields.Integer(allow_none=True, metadata={"description": "null tant que le profil n'est pas rempli"})
    user_id = fields.Integer(allow_none=True)
    profile_complete = fields.Boolean(required=True)
    first_name = fields.String(allow_none=True)
    last_name = fields.String(allow_none=True)
    email = fields.String(allow_none=True)
    programme = fields.String(allow_none=True)
    level = fields.String(allow_none=True)
    status = fields.String(allow_none=True)
    visible = fields.Boolean(required=True)
    created_at = fields.DateTime(required=True)
    latest_application = fields.Nested(LatestApplication, allow_none=True)
    placement = fields.Nested(StudentPlacement, allow_none=True)


SchoolStudentPage = page_of(SchoolStudent)


class InvitationIn(Schema):
    label = fields.String(
        allow_none=True,
        validate=validate.Length(max=120),
        metadata={"description": "Pour vous y retrouver (ex. « Promo 2026 génie méca »)."},
    )
    max_uses = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=100_000))
    expires_at = BoundedAwareDateTime(
        allow_none=True, default_timezone=UTC, metadata={"description": "Date-heure ISO 8601 ; sans fuseau : UTC."}
    )


class InvitationOut(Schema):
    id = fields.Integer(required=True)
    code = fields.String(required=True)
    label = fields.String(allow_none=True)
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(allow_none=True)
    max_uses = fields.Integer(allow_none=True)
    uses = fields.Integer(required=True)
    revoked_at = fields.DateTime(allow_none=True)
    active = fields.Boolean(required=True)
    signup_path = fields.String(required=True)


class InvitationList(Schema):
    items = fields.List(fields.Nested(InvitationOut), required=True)


class ProgrammeStats(Schema):
    programme = fields.String(required=True)
    students = fields.Integer(required=True)
    placed = fields.Integer(required=True)
    placements = fields.Integer(required=True)
    rate = fields.Float(allow_none=True, metadata={"description": "placés / étudiants (0 à 1)"})


class TerritoryStats(Schema):
    territory = fields.String(required=True)
    in_territory = fields.Boolean(required=True)
    placements = fields.Integer(required=True)
    share = fields.Float(allow_none=True)


class RegionStats(Schema):
    code = fields.String(allow_none=True)
    name = fields.String(required=True)
    placements = fields.Integer(required=True)
    share = fields.Float(allow_none=True)


class NafStats(Schema):
    section = fields.String(allow_none=True)
    label = fields.String(required=True)
    placements = fields.Integer(required=True)
    share = fields.Float(allow_none=True)


class MonthStats(Schema):
    month = fields.String(required=True, metadata={"example": "2026-03"})
    placements = fields.Integer(required=True)


class Totals(Schema):
    students = fields.Integer(required=True)
    placed = fields.Integer(required=True)
    placements = fields.Integer(required=True)
    rate = fields.Float(allow_none=True)
    in_territory = fields.Integer(required=True)
    eligible_vte_ti = fields.Integer(required=True)
    eligible_vte_vert = fields.Integer(required=True)
    labelled = fields.Integer(required=True, metadata={"description": "placements whose VTE label was requested"})


class StatsOut(Schema):
    school = fields.Nested(IdNameRef, required=True)
    generated_on = fields.Date(required=True)
    totals = fields.Nested(Totals, required=True)
    median_days_to_hire = fields.Float(allow_none=True)
    by_programme = fields.List(fields.Nested(ProgrammeStats), required=True)
    by_territory = fields.List(fields.Nested(TerritoryStats), required=True)
    by_region = fields.List(fields.Nested(RegionStats), required=True)
    by_naf_section = fields.List(fields.Nested(NafStats), required=True)
    by_month = fields.List(fields.Nested(MonthStats), required=True)


class ImportArgs(Schema):
    skip_invalid = fields.Boolean(
        load_default=False, metadata={"description": "Importer les lignes valides et signaler les autres."}
    )


class ImportOut(Schema):
    invited = fields.Integer(required=True)
    already_invited = fields.Integer(required=True)
    already_registered = fields.Integer(required=True)
    invitation_code = fields.String(allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True)


class ImportErrors(ErrorSchema):
    """The error body of a rejected import: `fields` maps "ligne N" to that line's problems."""


class StaffIn(Schema):
    email = fields.Email(required=True)


class StaffOut(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    display_name = fields.String(allow_none=True)


class StaffList(Schema):
    items = fields.List(fields.Nested(StaffOut), required=True)


# --- Schools typed by students that the registry does not know (admin) -----------------------------


class UnattachedSchool(Schema):
    school_id = fields.Integer(required=True, metadata={"description": "La fiche provisoire de ce nom."})
    entered_name = fields.String(required=True, metadata={"description": "Le nom tel que saisi."})
    students = fields.Integer(required=True, metadata={"description": "Profils étudiants qui l'indiquent."})
    accounts = fields.Integer(required=True, metadata={"description": "Comptes étudiants (avec ou sans profil)."})
    first_entered_at = fields.DateTime(required=True)
    suggestions = fields.List(
        fields.Nested(IdNameRef), required=True, metadata={"description": "Écoles du registre au nom proche."}
    )


class UnattachedList(Schema):
    items = fields.List(fields.Nested(UnattachedSchool), required=True)


class AttachIn(Schema):
    entered_name = fields.String(required=True, validate=validate.Length(min=1, max=250))
    school_id = fields.Integer(required=True, metadata={"description": "L'école du registre à laquelle rattacher."})


class AttachOut(Schema):
    school = fields.Nested(IdNameRef, required=True)
    entered_name = fields.String(required=True)
    students = fields.Integer(required=True)
    accounts = fields.Integer(required=True)
    alias_added = fields.Boolean(
        required=True, metadata={"description": "Le nom saisi désigne désormais cette école (nouvel alias)."}
    )
