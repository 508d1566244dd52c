"""Écoles : la liste publique, et pour le personnel de l'école : étudiants, codes d'invitation,
domaine e-mail, statistiques de placement (JSON et CSV), import CSV d'étudiants à inviter."""

from __future__ import annotations

from flask import request
from flask_smorest import Blueprint

from ..auth import current
from ..errors import InputError
from ..extensions import db
from ..permissions import get_school_for
from ..schemas.schools import (
    AttachIn,
    AttachOut,
    EmailDomainIn,
    ImportArgs,
    ImportErrors,
    ImportOut,
    InvitationIn,
    InvitationList,
    InvitationOut,
    SchoolListArgs,
    SchoolOut,
    SchoolPage,
    SchoolStudentPage,
    StaffIn,
    StaffList,
    StaffOut,
    StatsOut,
    StudentFilterArgs,
    StudentListArgs,
    UnattachedList,
)
from ..school_domains import set_email_domain
from ..school_registry import attach_school, unattached_schools
from ..school_stats import school_stats, stats_csv_download
from ..school_students import StudentFilter, list_school_students
from ..schools import (
    IMPORT_HEADERS,
    add_staff,
    create_invitation,
    decode_csv,
    import_students_csv,
    import_template_download,
    invitation_to_dict,
    list_invitations,
    list_schools,
    list_staff,
    revoke_invitation,
    school_to_dict,
)
from ..vocab import Role

blp = Blueprint("schools", __name__, url_prefix="/schools", description="Écoles : étudiants, statistiques, imports")
ADMIN_ONLY = (Role.ADMIN,)

IMPORT_BODY = {
    "description": (
        "Fichier CSV UTF-8 (ou Windows-1252), séparateur « ; » ou « , », en-tête obligatoire, noms de colonnes "
        "en français ou en anglais (accents, majuscules et espaces ignorés) : "
        + " ; ".join(" ou ".join(names) for names in IMPORT_HEADERS.values())
        + ". L'e-mail est obligatoire ; niveau : bac+2 … bac+8, ou licence, L3, M1, M2, master, diplôme "
        "d'ingénieur, doctorat ; statut : étudiant (student), alternance, jeune diplômé (graduate). Modèle : "
        "GET /api/v1/schools/import-template.csv. Envoyez-le en multipart/form-data (champ « file ») ou tel quel "
        "(text/csv)."
    ),
    "required": True,
    "content": {
        "multipart/form-data": {
            "schema": {
                "type": "object",
                "properties": {"file": {"type": "string", "format": "binary"}},
                "required": ["file"],
            }
        },
        "text/csv": {
            "schema": {"type": "string"},
            "example": "e-mail;prénom;nom;formation;niveau;statut\r\n"
            "lea.martin@etu.exemple.fr;Léa;Martin;Génie mécanique;bac+5;étudiant\r\n",
        },
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


@blp.route("/unattached")
@blp.response(200, UnattachedList)
def unattached():
    """Admins: the school names students typed that the registry does not know, most students
    first, with registry schools of a close name."""
    current(roles=ADMIN_ONLY)
    return {"items": unattached_schools(db.session)}


@blp.route("/unattached/attach", methods=["POST"])
@blp.arguments(AttachIn)
@blp.response(200, AttachOut)
def attach(data):
    """Admins: attach a typed school name to a registry school; its students move there and the
    name becomes an alias of that school (unless it names several schools)."""
    current(roles=ADMIN_ONLY)
    result = attach_school(db.session, data["entered_name"], data["school_id"])
    db.session.commit()
    return result


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
    items, total = list_school_students(db.session, school, args, args["page"], args["per_page"])
    return {"items": items, "total": total, "page": args["page"], "per_page": args["per_page"]}


@blp.route("/<int:school_id>/invitations", methods=["POST"])
@blp.arguments(InvitationIn)
@blp.response(201, InvitationOut)
def post_invitation(data, school_id):
    """A new invitation code (10 characters, no ambiguous letters) that students enter at
    sign-up or in their space to join your school."""
    school = get_school_for(db.session, school_id, current(), "write")
    invitation = create_invitation(
        db.session, school, label=data.get("label"), max_uses=data.get("max_uses"), expires_at=data.get("expires_at")
    )
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
@blp.arguments(StudentFilterArgs, location="query")
@blp.response(200, StatsOut)
def stats(args, school_id):
    """Placement statistics: rates by programme; placements by Territoire d'industrie, région,
    NAF section and month (last 12); median days from profile creation to hire. Optionally for the
    students of one programme, level or situation only."""
    school = get_school_for(db.session, school_id, current(), "read")
    return school_stats(db.session, school, filters=StudentFilter.of(args))


@blp.route("/<int:school_id>/stats.csv")
@blp.response(
    200,
    {"type": "string"},
    content_type="text/csv",
    description="Tableau CSV pour Excel : séparateur « ; », virgule décimale, UTF-8 avec BOM, en-têtes en français.",
)
def stats_csv_export(school_id):
    """The same statistics as a CSV file for Excel (French settings)."""
    return stats_csv_download(db.session, get_school_for(db.session, school_id, current(), "read"))


@blp.route("/import-template.csv")
@blp.response(
    200,
    {"type": "string"},
    content_type="text/csv",
    description="Modèle d'import : en-têtes en français, séparateur « ; », UTF-8 avec BOM, deux étudiants fictifs.",
)
def import_template():
    """The CSV file to fill in for POST /schools/<id>/students/import. Public: it holds no data
    (two fictional students), and integrators may read it before their school account exists."""
    return import_template_download()


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
@blp.alt_response(
    422,
    schema=ImportErrors,
    description='Lignes invalides, par ligne dans `fields` (ex. {"ligne 3": ["…"]}) : rien n\'est importé.',
)
def import_students(args, school_id):
    """Invite students from a CSV file: each new address gets an invitation e-mail with your
    school's code and the sign-up link; students fill their profile themselves. All or nothing
    unless `skip_invalid=true`. An address already invited is not invited twice."""
    school = get_school_for(db.session, school_id, current(), "write")
    report = import_students_csv(db.session, school, _uploaded_csv(), skip_invalid=args["skip_invalid"])
    db.session.commit()
    return report.to_dict()
