"""Écoles : la liste publique, et pour le personnel de l'école : étudiants, codes d'invitation,
domaine e-mail, statistiques de placement (JSON et CSV), import CSV d'étudiants à inviter."""
from __future__ import annotations

from datetime import timezone

from flask import Response, request
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..auth import current
from ..errors import InputError
from ..extensions import db
from ..permissions import get_school_for
from ..school_stats import school_stats, stats_csv
from ..schools import (
    IMPORT_COLUMNS,
    NO_APPLICATION,
    add_staff,
    create_invitation,
    decode_csv,
    import_students_csv,
    invitation_to_dict,
    list_invitations,
    list_school_students,
    list_staff,
    list_schools,
    revoke_invitation,
    school_to_dict,
    set_email_domain,
)
from ..vocab import ApplicationStatus
from .schemas import CommuneRef, ErrorSchema, IdNameRef, PageArgs

blp = Blueprint("schools", __name__, url_prefix="/schools", description="Écoles : étudiants, statistiques, imports")

APPLICATION_STATUSES = [s.value for s in ApplicationStatus] + [NO_APPLICATION]


# --- Schemas -------------------------------------------------------------------------------------


class SchoolListArgs(Schema):
    q = fields.String(validate=validate.Length(min=1, max=100),
                      metadata={"description": "Mots du nom (accents et casse ignorés)."})
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=50, validate=validate.Range(min=1, max=200))


class SchoolBrief(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    kind = fields.String(required=True, metadata={"description": "engineering ou business"})
    commune = fields.Nested(CommuneRef, allow_none=True)


class SchoolPage(Schema):
    items = fields.List(fields.Nested(SchoolBrief), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class SchoolOut(SchoolBrief):
    uai = fields.String(allow_none=True)
    email_domain = fields.String(allow_none=True)


class EmailDomainIn(Schema):
    email_domain = fields.String(required=True, allow_none=True, validate=validate.Length(max=120),
                                 metadata={"description": "Domaine des adresses de vos étudiants "
                                                          "(ex. etu.mon-ecole.fr) ; null pour le retirer."})


class StudentListArgs(PageArgs):
    status = fields.String(validate=validate.OneOf(APPLICATION_STATUSES),
                           metadata={"description": "Statut de la dernière candidature, ou « none » "
                                                    "pour les étudiants sans candidature."})
    q = fields.String(validate=validate.Length(min=1, max=100),
                      metadata={"description": "Nom, prénom, e-mail ou formation."})


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
    territoire = fields.String(allow_none=True)
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


class SchoolStudentPage(Schema):
    items = fields.List(fields.Nested(SchoolStudent), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    per_page = fields.Integer(required=True)


class InvitationIn(Schema):
    label = fields.String(allow_none=True, validate=validate.Length(max=120),
                          metadata={"description": "Pour vous y retrouver (ex. « Promo 2026 génie méca »)."})
    max_uses = fields.Integer(allow_none=True, validate=validate.Range(min=1, max=100_000))
    expires_at = fields.AwareDateTime(allow_none=True, default_timezone=timezone.utc,
                                      metadata={"description": "Date-heure ISO 8601 ; sans fuseau : UTC."})


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
    territoire = fields.String(required=True)
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
    skip_invalid = fields.Boolean(load_default=False,
                                  metadata={"description": "Importer les lignes valides et signaler les autres."})


class ImportOut(Schema):
    invited = fields.Integer(required=True)
    already_invited = fields.Integer(required=True)
    already_registered = fields.Integer(required=True)
    invitation_code = fields.String(allow_none=True)
    errors = fields.Dict(keys=fields.String(), values=fields.List(fields.String()), required=True)


class ImportErrors(ErrorSchema):
    """The error body of a rejected import: `fields` maps "ligne N" to that line's problems."""


IMPORT_BODY = {
    "description": (
        "Fichier CSV UTF-8 (ou Windows-1252), séparateur « ; » ou « , », en-tête obligatoire. Colonnes : "
        + ", ".join(IMPORT_COLUMNS) + " (email obligatoire ; level : bac+2 … bac+8 ; status : alternance, "
        "graduate ou student). Envoyez-le en multipart/form-data (champ « file ») ou tel quel (text/csv)."
    ),
    "required": True,
    "content": {
        "multipart/form-data": {"schema": {"type": "object", "properties": {"file": {"type": "string", "format": "binary"}},
                                           "required": ["file"]}},
        "text/csv": {"schema": {"type": "string"},
                     "example": "email;first_name;last_name;programme;level;status\r\n"
                                "lea.martin@etu.exemple.fr;Léa;Martin;Génie mécanique;bac+5;student\r\n"},
    },
}


# --- Views ---------------------------------------------------------------------------------------


@blp.route("")
@blp.arguments(SchoolListArgs, location="query")
@blp.response(200, SchoolPage)
def list_(args):
    """Schools (public, for the sign-up form), by name."""
    items, total = list_schools(db.session, args.get("q"), page=args["page"], per_page=args["per_page"])
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


@blp.route("/<int:school_id>")
@blp.response(200, SchoolOut)
def get(school_id):
    """Your school (staff of the school or admin)."""
    return school_to_dict(db.session, get_school_for(db.session, school_id, current(), "read"))


@blp.route("/<int:school_id>/email-domain", methods=["PUT"])
@blp.arguments(EmailDomainIn)
@blp.response(200, SchoolOut)
def put_email_domain(data, school_id):
    """Declare the domain of your students' addresses: students who sign up with it join your
    school at once. Public webmail domains are refused."""
    school = get_school_for(db.session, school_id, current(), "write")
    set_email_domain(db.session, school, data["email_domain"])
    db.session.commit()
    return school_to_dict(db.session, school)


class StaffIn(Schema):
    email = fields.Email(required=True)


class StaffOut(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    display_name = fields.String(allow_none=True)


class StaffList(Schema):
    items = fields.List(fields.Nested(StaffOut), required=True)


@blp.route("/<int:school_id>/staff")
@blp.response(200, StaffList)
def get_staff(school_id):
    """The school's staff accounts."""
    school = get_school_for(db.session, school_id, current(), "read")
    return {"items": list_staff(db.session, school)}


@blp.route("/<int:school_id>/staff", methods=["POST"])
@blp.arguments(StaffIn)
@blp.response(201, StaffOut)
def post_staff(data, school_id):
    """Attach a colleague who signed up as school staff (role `school`) to your school."""
    school = get_school_for(db.session, school_id, current(), "write")
    user = add_staff(db.session, school, data["email"])
    db.session.commit()
    return user


@blp.route("/<int:school_id>/students")
@blp.arguments(StudentListArgs, location="query")
@blp.response(200, SchoolStudentPage)
def students(args, school_id):
    """Your students (profiles, and accounts that joined without a profile yet), with their latest
    application and their placement."""
    school = get_school_for(db.session, school_id, current(), "read")
    items, total = list_school_students(db.session, school, status=args.get("status"), q=args.get("q"),
                                        page=args["page"], per_page=args["per_page"])
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


@blp.route("/<int:school_id>/invitations", methods=["POST"])
@blp.arguments(InvitationIn)
@blp.response(201, InvitationOut)
def post_invitation(data, school_id):
    """A new invitation code (10 characters, no ambiguous letters) that students enter at
    sign-up or in their space to join your school."""
    school = get_school_for(db.session, school_id, current(), "write")
    invitation = create_invitation(db.session, school, label=data.get("label"), max_uses=data.get("max_uses"),
                                   expires_at=data.get("expires_at"))
    db.session.commit()
    return invitation_to_dict(invitation)


@blp.route("/<int:school_id>/invitations")
@blp.response(200, InvitationList)
def get_invitations(school_id):
    """Your invitation codes, newest first (revoked and expired ones included, `active` false)."""
    school = get_school_for(db.session, school_id, current(), "read")
    return {"items": [invitation_to_dict(i) for i in list_invitations(db.session, school)]}


@blp.route("/<int:school_id>/invitations/<int:invitation_id>", methods=["DELETE"])
@blp.response(204)
def delete_invitation(school_id, invitation_id):
    """Revoke a code: it stops working at once (students who joined stay in the school)."""
    school = get_school_for(db.session, school_id, current(), "write")
    revoke_invitation(db.session, school, invitation_id)
    db.session.commit()


@blp.route("/<int:school_id>/stats")
@blp.response(200, StatsOut)
def stats(school_id):
    """Placement statistics: rates by programme; placements by Territoire d'industrie, région,
    NAF section and month (last 12); median days from profile creation to hire."""
    school = get_school_for(db.session, school_id, current(), "read")
    return school_stats(db.session, school)


@blp.route("/<int:school_id>/stats.csv")
@blp.response(200, {"type": "string"}, content_type="text/csv",
              description="Tableau CSV pour Excel : séparateur « ; », virgule décimale, UTF-8 avec BOM, "
                          "en-têtes en français.")
def stats_csv_export(school_id):
    """The same statistics as a CSV file for Excel (French settings)."""
    return stats_csv_download(get_school_for(db.session, school_id, current(), "read"))


def stats_csv_download(school) -> Response:
    """The school's statistics as a CSV attachment (this endpoint and the dashboard's export link)."""
    body = stats_csv(school_stats(db.session, school))
    return Response(body.encode("utf-8"), content_type="text/csv; charset=utf-8", headers={
        "Content-Disposition": f'attachment; filename="statistiques-placement-ecole-{school.id}.csv"',
    })


def _uploaded_csv() -> str:
    upload = request.files.get("file")
    if upload is not None:
        return decode_csv(upload.read())
    if request.mimetype in ("text/csv", "text/plain", "application/csv"):
        return decode_csv(request.get_data())
    raise InputError(
        "Envoyez un fichier CSV : en multipart/form-data (champ « file ») ou en corps text/csv.",
        {"file": ["Fichier CSV manquant."]},
    )


@blp.route("/<int:school_id>/students/import", methods=["POST"])
@blp.arguments(ImportArgs, location="query")
@blp.doc(requestBody=IMPORT_BODY)
@blp.response(200, ImportOut)
@blp.alt_response(422, schema=ImportErrors, description="Lignes invalides, par ligne dans `fields` "
                                                       "(ex. {\"ligne 3\": [\"…\"]}) : rien n'est importé.")
def import_students(args, school_id):
    """Invite students from a CSV file: each new address gets an invitation e-mail with your
    school's code and the sign-up link; students fill their profile themselves. All or nothing
    unless `skip_invalid=true`. An address already invited is not invited twice."""
    school = get_school_for(db.session, school_id, current(), "write")
    report = import_students_csv(db.session, school, _uploaded_csv(), skip_invalid=args["skip_invalid"])
    db.session.commit()
    return report.to_dict()
