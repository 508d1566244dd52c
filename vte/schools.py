"""School operations: the public list, invitation codes, the e-mail
domain, the CSV import of students to invite. Take the session first, flush, never commit."""

from __future__ import annotations

import csv
import io
import secrets
from collections.abc import Iterator
from dataclasses import dataclass, field
from datetime import UTC, datetime
from typing import Any

from flask import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .accounts import EMAIL_RE, attach_account, normalise_email
from .errors import ConflictError, InputError, NotFoundError
from .input_guard import text_problem
from .models import (
    Commune,
    OutboxEmail,
    School,
    SchoolInvitation,
    User,
    as_utc,
)
from .refdata.communes import search_key
from .school_domains import domain_status
from .vocab import Role, StudentStatus, format_level, read_level, word_key

# --- Public list ---------------------------------------------------------------------------------


def list_schools(
    session: Session, q: str | None = None, page: int = 1, per_page: int = 50
) -> tuple[list[dict[str, Any]], int]:
    """Schools by name for the sign-up form; `q` matches words of the name, accents and case
    ignored ("arts metiers chalons" finds « Arts et Métiers - campus de Châlons-en-Champagne »)."""
    rows = session.execute(
        select(School.id, School.name, School.kind, School.commune_code, Commune.name, School.aliases)
        .outerjoin(Commune, Commune.code == School.commune_code)
        .where(School.verified.is_(True))  # names typed by students stay out of the public list
    ).all()
    words = search_key(q).split() if q else []
    if words:
        rows = [r for r in rows if all(w in search_key(f"{r[1]} {r[5] or ''}") for w in words)]
    rows.sort(key=lambda r: (search_key(r[1]), r[0]))
    total = len(rows)
    chunk = rows[(page - 1) * per_page : page * per_page]
    items = [
        {"id": id_, "name": name, "kind": kind.value, "commune": {"code": code, "name": commune_name} if code else None}
        for id_, name, kind, code, commune_name, _ in chunk
    ]
    return items, total


def school_to_dict(session: Session, school: School) -> dict[str, Any]:
    commune = session.get(Commune, school.commune_code) if school.commune_code else None
    return {
        "id": school.id,
        "name": school.name,
        "kind": school.kind.value,
        "uai": school.uai,
        "commune": {"code": commune.code, "name": commune.name} if commune else None,
        "email_domain": school.email_domain,
        "email_domain_status": domain_status(school),
    }


# --- Invitation codes ----------------------------------------------------------------------------

# No 0/O, 1/I/L: codes are read aloud and copied from slides.
CODE_ALPHABET = "ABCDEFGHJKMNPQRSTUVWXYZ23456789"
CODE_LENGTH = 10
IMPORT_LABEL = "Import CSV"


def add_staff(session: Session, school: School, email: str) -> User:
    """Attach a signed-up school-staff account to the school (done by a colleague or an admin):
    staff accounts never attach themselves, so nobody can claim a school's students."""
    user = session.scalars(select(User).where(func.lower(User.email) == normalise_email(email))).first()
    if user is None or user.role != Role.SCHOOL:
        raise NotFoundError(
            "Aucun compte « école » avec cette adresse : la personne doit d'abord s'inscrire comme personnel d'école.",
            {"email": ["Compte « école » introuvable."]},
        )
    attach_account(session, user, "school_id", school.id, "Ce compte est déjà rattaché à une autre école.")
    return user


def list_staff(session: Session, school: School) -> list[User]:
    return list(
        session.scalars(select(User).where(User.school_id == school.id, User.role == Role.SCHOOL).order_by(User.email))
    )


def new_code(length: int = CODE_LENGTH) -> str:
    return "".join(secrets.choice(CODE_ALPHABET) for _ in range(length))


def create_invitation(
    session: Session,
    school: School,
    label: str | None = None,
    max_uses: int | None = None,
    expires_at: datetime | None = None,
) -> SchoolInvitation:
    expires_at = as_utc(expires_at).astimezone(UTC) if expires_at is not None else None
    if expires_at is not None and expires_at <= datetime.now(UTC):
        raise InputError("La date d'expiration doit être dans le futur.", {"expires_at": ["Date passée."]})
    for _ in range(10):
        code = new_code()
        if session.scalar(select(SchoolInvitation.id).where(SchoolInvitation.code == code)) is None:
            break
    else:  # pragma: no cover - 31^10 codes
        raise ConflictError("Impossible de générer un code unique : réessayez.")
    invitation = SchoolInvitation(
        school_id=school.id,
        code=code,
        label=(label or "").strip() or None,
        max_uses=max_uses,
        expires_at=expires_at,
        uses=0,
    )
    session.add(invitation)
    session.flush()
    return invitation


def invitation_active(invitation: SchoolInvitation, now: datetime | None = None) -> bool:
    now = now or datetime.now(UTC)
    expires = as_utc(invitation.expires_at)
    return (
        invitation.revoked_at is None
        and (expires is None or expires > now)
        and (invitation.max_uses is None or invitation.uses < invitation.max_uses)
    )


def invitation_to_dict(invitation: SchoolInvitation) -> dict[str, Any]:
    return {
        "id": invitation.id,
        "code": invitation.code,
        "label": invitation.label,
        "created_at": as_utc(invitation.created_at),
        "expires_at": as_utc(invitation.expires_at),
        "max_uses": invitation.max_uses,
        "uses": invitation.uses,
        "revoked_at": as_utc(invitation.revoked_at),
        "active": invitation_active(invitation),
        "signup_path": signup_path(invitation.code),
    }


def list_invitations(session: Session, school: School) -> list[SchoolInvitation]:
    return list(
        session.scalars(
            select(SchoolInvitation)
            .where(SchoolInvitation.school_id == school.id)
            .order_by(SchoolInvitation.created_at.desc(), SchoolInvitation.id.desc())
        )
    )


def get_invitation(session: Session, school: School, invitation_id: int) -> SchoolInvitation:
    """One of the school's codes; NotFoundError for another school's (or no) code."""
    invitation = session.get(SchoolInvitation, invitation_id)
    if invitation is None or invitation.school_id != school.id:
        raise NotFoundError("Code d'invitation introuvable.")
    return invitation


def revoke_invitation(session: Session, school: School, invitation_id: int) -> SchoolInvitation:
    """The code stops working at once; revoking twice is harmless."""
    invitation = get_invitation(session, school, invitation_id)
    if invitation.revoked_at is None:
        invitation.revoked_at = datetime.now(UTC)
        session.flush()
    return invitation


def signup_path(code: str) -> str:
    return f"/inscription?code={code}"


# --- CSV import of students to invite -------------------------------------------------------------

IMPORT_COLUMNS = ("email", "first_name", "last_name", "programme", "level", "status")
# The names a header may give each column, French first (the name the page and the template use);
# compared with accents, case, spaces, hyphens, underscores and apostrophes ignored (`word_key`).
IMPORT_HEADERS: dict[str, tuple[str, ...]] = {
    "email": ("e-mail", "email", "courriel", "mail", "adresse e-mail", "adresse électronique", "email address"),
    "first_name": ("prénom", "first_name", "first name", "given name"),
    "last_name": ("nom", "last_name", "nom de famille", "last name", "surname", "family name"),
    "programme": ("formation", "programme", "program", "filière", "cursus"),
    "level": ("niveau", "level", "niveau d'études"),
    "status": ("statut", "status", "situation"),
}
# Values of the status column, French or English, with or without the feminine ending.
STATUS_WORDS: dict[StudentStatus, tuple[str, ...]] = {
    StudentStatus.STUDENT: ("étudiant", "étudiante", "étudiant(e)", "en formation", "student"),
    StudentStatus.ALTERNANCE: (
        "alternance",
        "en alternance",
        "alternant",
        "alternante",
        "alternant(e)",
        "apprenti",
        "apprentie",
        "apprenti(e)",
        "work-study",
        "apprentice",
    ),
    StudentStatus.GRADUATE: (
        "jeune diplômé",
        "jeune diplômée",
        "jeune diplômé(e)",
        "diplômé",
        "diplômée",
        "diplômé(e)",
        "graduate",
        "recent graduate",
    ),
}
_COLUMN_BY_KEY = {word_key(name): column for column, names in IMPORT_HEADERS.items() for name in names}
_STATUS_BY_KEY = {word_key(word): status for status, words in STATUS_WORDS.items() for word in words}
assert tuple(IMPORT_HEADERS) == IMPORT_COLUMNS
LEVEL_HINT = "attendu bac+2 … bac+8, ou licence, L3, M1, M2, master, diplôme d'ingénieur, doctorat…"
STATUS_HINT = "attendu étudiant, alternance ou jeune diplômé ; en anglais student ou graduate"
TEMPLATE_ROWS = (
    ("camille.exemple@ecole.example", "Camille", "Exemple", "Génie mécanique", "bac+5", "étudiant"),
    ("dominique.fictif@ecole.example", "Dominique", "Fictif", "Génie industriel", "bac+3", "alternance"),
)
TEMPLATE_FILENAME = "modele-import-etudiants.csv"
MAX_IMPORT_LINES = 5000
INVITATION_KIND = "invitation"


@dataclass
class ImportReport:
    invited: list[str] = field(default_factory=list)
    already_invited: list[str] = field(default_factory=list)
    already_registered: list[str] = field(default_factory=list)
    errors: dict[str, list[str]] = field(default_factory=dict)
    code: str | None = None

    def to_dict(self) -> dict[str, Any]:
        return {
            "invited": len(self.invited),
            "already_invited": len(self.already_invited),
            "already_registered": len(self.already_registered),
            "invitation_code": self.code,
            "errors": self.errors,
        }


def decode_csv(data: bytes) -> str:
    """UTF-8 (with or without BOM); Windows-1252 as Excel FR sometimes saves."""
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def import_template_csv() -> str:
    """The file to fill in: French column names, `;` and a BOM so that Excel (French settings)
    opens it in columns with its accents, two fictional students (`.example` addresses)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(names[0] for names in IMPORT_HEADERS.values())
    writer.writerows(TEMPLATE_ROWS)
    return "\ufeff" + out.getvalue()


def import_template_download() -> Response:
    """`import_template_csv` as an attachment (the import page's link and the API)."""
    return Response(
        import_template_csv().encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{TEMPLATE_FILENAME}"'},
    )


def accepted_headers() -> str:
    """« e-mail (ou email, courriel…), prénom (ou first_name…) … » for error messages."""
    return ", ".join(f"{names[0]} (ou {', '.join(names[1:])})" for names in IMPORT_HEADERS.values())


def _line_problems(row: dict[str, str], names: dict[str, str]) -> list[str]:
    """The problems of a row (canonical keys, stripped values), each naming the column as the
    file's header writes it (`names`)."""
    problems = []
    email = normalise_email(row.get("email", ""))
    if not email:
        problems.append(f"{names['email']} : adresse manquante.")
    elif not EMAIL_RE.match(email) or len(email) > 254:
        problems.append(f"{names['email']} : adresse invalide « {row['email']} ».")
    for column, value in row.items():
        problem = text_problem(value)
        if problem:
            problems.append(f"{names[column]} : {problem}")
    for column, limit in (("first_name", 100), ("last_name", 100), ("programme", 250)):
        if len(row.get(column, "")) > limit:
            problems.append(f"{names[column]} : {limit} caractères au plus.")
    return problems + _read_choices(row, names)


def _read_choices(row: dict[str, str], names: dict[str, str]) -> list[str]:
    """Level and status written in French or English, rewritten as `bac+N` and a `StudentStatus`
    value; the problems of those that are not understood."""
    problems = []
    if row.get("level"):
        try:
            row["level"] = format_level(read_level(row["level"]))
        except ValueError:
            problems.append(f"{names['level']} : « {row['level']} » non reconnu ({LEVEL_HINT}).")
    if row.get("status"):
        status = _STATUS_BY_KEY.get(word_key(row["status"]))
        if status is None:
            problems.append(f"{names['status']} : « {row['status']} » inconnu ({STATUS_HINT}).")
        else:
            row["status"] = status.value
    return problems


def _open_csv(text: str) -> tuple[Any, list[str | None], dict[str, str], str]:
    """A CSV reader past the header, the column of each position (`IMPORT_COLUMNS`, None for a
    column without a name, ignored), the header's name of each column as written, and the
    separator: `;` (Excel FR) or `,`, detected from the header. Names are French or English
    (`IMPORT_HEADERS`). InputError when the file is empty or the header is invalid (unknown or
    repeated columns, no e-mail)."""
    text = text.removeprefix("\ufeff")
    lines = text.splitlines()
    if not lines or not lines[0].strip():
        raise InputError(
            "Fichier vide : la première ligne doit nommer les colonnes.",
            {"fichier": [f"Colonnes attendues : {accepted_headers()}."]},
        )
    delimiter = ";" if lines[0].count(";") >= lines[0].count(",") else ","
    reader = csv.reader(io.StringIO(text), delimiter=delimiter)
    header = [_shown(h.strip()) for h in next(_rows(reader))]
    columns = [_COLUMN_BY_KEY.get(word_key(h)) if h else None for h in header]
    names: dict[str, str] = {}
    problems = []
    unknown = [h for h, column in zip(header, columns, strict=True) if h and column is None]
    if unknown:
        listed = ", ".join(f"« {h} »" for h in unknown)
        problems.append(
            f"Colonne{'s' if len(unknown) > 1 else ''} inconnue{'s' if len(unknown) > 1 else ''} : {listed}. "
            f"Noms acceptés : {accepted_headers()}."
        )
    for h, column in zip(header, columns, strict=True):
        if column is None:
            continue
        if column in names:
            problems.append(f"Les colonnes « {names[column]} » et « {h} » désignent la même donnée : gardez-en une.")
        else:
            names[column] = h
    if "email" not in names:
        problems.append("La colonne « e-mail » (ou email, courriel) est obligatoire.")
    if problems:
        raise InputError("En-tête du fichier invalide : rien n'a été importé.", {"ligne 1": problems})
    return reader, columns, names, delimiter


def _shown(name: str, limit: int = 60) -> str:
    """A header cell as error messages quote it: a long one is cut (messages stay readable)."""
    return name if len(name) <= limit else name[: limit - 1] + "…"


def _rows(reader) -> Iterator[list[str]]:
    """The reader's rows; a line the csv module refuses (a field over its 131,072 characters) is an
    InputError naming that line, not a 500."""
    while True:
        try:
            yield next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            line = f"ligne {reader.line_num}"
            message = (
                "champ trop long : 131 072 caractères au plus par champ."
                if "field larger than field limit" in str(exc)
                else f"ligne CSV illisible ({exc})."
            )
            raise InputError(f"Import annulé, {line} : {message} Rien n'a été importé.", {line: [message]}) from None


def parse_import(text: str) -> tuple[list[tuple[int, dict[str, str]]], dict[str, list[str]]]:
    """The valid rows with their line numbers (the header is line 1), and the errors by line
    (`{"ligne 3": [...]}`). Separator `;` (Excel FR) or `,`, detected from the header. Rows have
    the keys of `IMPORT_COLUMNS` whatever the header's language, `level` as `bac+N` and `status`
    as a `StudentStatus` value."""
    reader, columns, names, delimiter = _open_csv(text)
    rows: list[tuple[int, dict[str, str]]] = []
    errors: dict[str, list[str]] = {}
    seen: dict[str, int] = {}
    for values in _rows(reader):
        line = reader.line_num
        if not any(v.strip() for v in values):
            continue
        if len(rows) + len(errors) >= MAX_IMPORT_LINES:
            raise InputError(
                f"Fichier trop long : {MAX_IMPORT_LINES} étudiants au plus par import.",
                {"fichier": [f"{MAX_IMPORT_LINES} lignes au plus."]},
            )
        if len(values) != len(columns):
            errors[f"ligne {line}"] = [
                f"{len(values)} valeurs pour {len(columns)} colonnes (séparateur « {delimiter} »)."
            ]
            continue
        row = {column: value.strip() for column, value in zip(columns, values, strict=True) if column}
        line_problems = _line_problems(row, names)
        email = normalise_email(row["email"])
        if not line_problems and email in seen:
            line_problems.append(f"{names['email']} : « {email} » figure déjà ligne {seen[email]}.")
        if line_problems:
            errors[f"ligne {line}"] = line_problems
            continue
        seen[email] = line
        rows.append((line, row))
    return rows, errors


def import_invitation(session: Session, school: School) -> SchoolInvitation:
    """The code sent to imported students: the school's active import code, created if needed."""
    for invitation in session.scalars(
        select(SchoolInvitation)
        .where(
            SchoolInvitation.school_id == school.id,
            SchoolInvitation.label == IMPORT_LABEL,
            SchoolInvitation.revoked_at.is_(None),
        )
        .order_by(SchoolInvitation.id.desc())
    ):
        if invitation_active(invitation):
            return invitation
    return create_invitation(session, school, label=IMPORT_LABEL)


def invitation_subject(school: School) -> str:
    return f"{school.name} vous invite sur VTE Match"[:250]


def invitation_body(school: School, row: dict[str, str], code: str) -> str:
    first_name = row.get("first_name") or ""
    greeting = f"Bonjour {first_name}," if first_name else "Bonjour,"
    programme = f" ({row['programme']})" if row.get("programme") else ""
    return (
        f"{greeting}\n\n"
        f"{school.name}{programme} vous invite à rejoindre VTE Match, le service qui met en relation "
        "les étudiants et les PME et ETI de toute la France (Volontariat Territorial en Entreprise).\n\n"
        f"Créez votre compte avec votre code d'invitation : {code}\n"
        f"Lien d'inscription : {signup_path(code)}\n\n"
        "Vous compléterez ensuite vous-même votre profil (formation, compétences, type de contrat "
        "recherché, localisation) pour recevoir des offres adaptées.\n\n"
        f"L'équipe de {school.name}"
    )


def import_students_csv(session: Session, school: School, text: str, skip_invalid: bool = False) -> ImportReport:
    """Invite the students of a CSV file (columns `IMPORT_HEADERS`): one invitation e-mail each in
    the outbox, with the school's import code. All or nothing unless `skip_invalid`. An address
    already invited by this school, or whose account already belongs to it, is not invited again."""
    rows, errors = parse_import(text)
    if errors and not skip_invalid:
        count = len(errors)
        raise InputError(
            f"Import annulé : {count} ligne{'s' if count > 1 else ''} invalide{'s' if count > 1 else ''}, "
            "rien n'a été importé. Corrigez le fichier, ou relancez avec ?skip_invalid=true pour "
            "importer les lignes valides.",
            errors,
        )
    report = ImportReport(errors=errors)
    if not rows:
        return report
    emails = [normalise_email(r["email"]) for _, r in rows]
    subject = invitation_subject(school)
    invited = set(
        session.scalars(
            select(func.lower(OutboxEmail.to_email)).where(
                OutboxEmail.kind == INVITATION_KIND,
                OutboxEmail.subject == subject,
                func.lower(OutboxEmail.to_email).in_(emails),
            )
        )
    )
    registered = set(
        session.scalars(
            select(func.lower(User.email)).where(User.school_id == school.id, func.lower(User.email).in_(emails))
        )
    )
    invitation = import_invitation(session, school)
    report.code = invitation.code
    for (_, row), email in zip(rows, emails, strict=False):
        if email in registered:
            report.already_registered.append(email)
        elif email in invited:
            report.already_invited.append(email)
        else:
            session.add(
                OutboxEmail(
                    to_email=email,
                    subject=subject,
                    kind=INVITATION_KIND,
                    body=invitation_body(school, row, invitation.code),
                )
            )
            report.invited.append(email)
    session.flush()
    return report


__all__ = [
    "CODE_ALPHABET",
    "ImportReport",
    "create_invitation",
    "decode_csv",
    "get_invitation",
    "import_students_csv",
    "import_template_csv",
    "import_template_download",
    "invitation_to_dict",
    "list_invitations",
    "list_schools",
    "parse_import",
    "revoke_invitation",
    "school_to_dict",
]
