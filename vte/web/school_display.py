"""Display values for the school pages, prepared from the services' dicts (no queries): the key
figures and charts of the placement dashboard, the rows of the students and invitations tables,
the result of a CSV import."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from ..errors import ServiceError
from ..school_stats import NO_PROGRAMME
from ..school_students import NO_APPLICATION
from ..schools import IMPORT_HEADERS, invitation_to_dict
from .presenters import (
    APPLICATION_STATUS_CHOICES,
    LEVEL_CHOICES,
    MONTHS,
    PARIS,
    STATUS_CHOICES,
    contract_label,
    french_date,
    student_status_label,
)

NO_DATA = "—"
STUDENT_STATUS_FILTERS = [*APPLICATION_STATUS_CHOICES, (NO_APPLICATION, "Sans candidature")]
_IMPORT_CONTENT = {
    "email": "adresse e-mail de l'étudiant (obligatoire)",
    "first_name": "prénom",
    "last_name": "nom de famille",
    "programme": "formation suivie (ex. Génie mécanique)",
    "level": "bac+2 … bac+8, ou licence, L3, M1, M2, master, diplôme d'ingénieur, doctorat",
    "status": "étudiant, alternance ou jeune diplômé (en anglais : student, alternance, graduate)",
}
assert list(_IMPORT_CONTENT) == list(IMPORT_HEADERS)
# The import page's table: the column's French name, the other names accepted, what it holds.
IMPORT_COLUMN_HELP = [
    (names[0], ", ".join(names[1:]), _IMPORT_CONTENT[column]) for column, names in IMPORT_HEADERS.items()
]


def decimal(value: float, digits: int = 1) -> str:
    return f"{value:.{digits}f}".replace(".", ",")


def rate(value: float | None) -> str:
    """0.6667 -> « 66,7 % »; None -> « — »."""
    return NO_DATA if value is None else f"{decimal(value * 100)} %"


def plural(count: int, singular: str, plural_form: str | None = None) -> str:
    return f"{count} {singular if count <= 1 else (plural_form or singular + 's')}"


def days(value: float | None) -> str:
    """12.0 -> « 12 jours »; 12.5 -> « 12,5 jours »; None -> « — »."""
    if value is None:
        return NO_DATA
    number = str(int(value)) if float(value).is_integer() else decimal(value)
    return f"{number} jour{'s' if value >= 2 else ''}"


SHORT_MONTHS = ("janv.", "févr.", "mars", "avr.", "mai", "juin", "juil.", "août", "sept.", "oct.", "nov.", "déc.")


def short_month_label(key: str) -> str:
    """« 2026-03 » -> « mars 26 » (chart axes)."""
    year, month = key.split("-")
    return f"{SHORT_MONTHS[int(month) - 1]} {year[2:]}"


def month_label(key: str) -> str:
    """« 2026-03 » -> « mars 2026 »."""
    year, month = key.split("-")
    return f"{MONTHS[int(month) - 1]} {year}"


# --- Programme names ---------------------------------------------------------------------------

# A shared start is dropped only when it says something long enough to be worth saying once.
PREFIX_MIN_WORDS = 2
PREFIX_MIN_CHARS = 12
_EDGE = ",;:-–— "


def _word_key(word: str) -> str:
    return word.strip(_EDGE).casefold()


def _capitalised(text: str) -> str:
    return text[:1].upper() + text[1:]


def programme_labels(names: Sequence[str]) -> dict[str, Any]:
    """Short labels for a school's programmes when they all start with the same words (« Diplôme
    d'ingénieur, génie industriel », « Diplôme d'ingénieur, énergétique » -> « Génie industriel »,
    « Énergétique »): `prefix` is the shared start (said once by the page; "" when nothing is
    dropped), `label` maps each full name to what is shown. Words are cut whole, compared without
    case or edge punctuation; each name keeps at least one word; a single programme, a short shared
    start or two names that would read the same keep their full names."""
    distinct = list(dict.fromkeys(n for n in names if n and n.strip() and n != NO_PROGRAMME))
    unchanged = {"prefix": "", "label": {n: n for n in distinct}}
    if len(distinct) < 2:
        return unchanged
    words = [n.split() for n in distinct]
    limit = min(len(w) for w in words) - 1
    count = 0
    while count < limit and len({_word_key(w[count]) for w in words}) == 1:
        count += 1
    prefix = " ".join(words[0][:count]).strip(_EDGE)
    if count < PREFIX_MIN_WORDS or len(prefix) < PREFIX_MIN_CHARS:
        return unchanged
    short = {n: _capitalised(" ".join(w[count:]).strip(_EDGE)) for n, w in zip(distinct, words, strict=True)}
    if any(not label for label in short.values()) or len(set(map(str.casefold, short.values()))) < len(short):
        return unchanged
    return {"prefix": prefix, "label": short}


def prefix_note(prefix: str) -> str:
    return f"Intitulés abrégés : les formations commencent toutes par « {prefix} »." if prefix else ""


def programme_cell(name: str | None, labels: Mapping[str, Any]) -> dict[str, str]:
    """A programme in a table: the short label shown, the shared start for screen readers only."""
    if not name:
        return {"shown": NO_DATA, "hidden": "", "full": ""}
    shown = labels["label"].get(name, name)
    return {"shown": shown, "hidden": f"{labels['prefix']} " if shown != name else "", "full": name}


# --- Filters -------------------------------------------------------------------------------------


def filter_choices(labels: Mapping[str, Any]) -> dict[str, Any]:
    """The choices of the filters by programme, level and situation (the students' status)."""
    return {
        "programmes": list(labels["label"].items()),
        "programme_help": prefix_note(labels["prefix"]),
        "levels": LEVEL_CHOICES,
        "situations": STATUS_CHOICES,
    }


def filter_summary(args: Mapping[str, Any], labels: Mapping[str, Any]) -> str:
    """The filters applied, in words (« formation « Génie industriel », niveau Bac+5 »)."""
    parts = []
    if args.get("programme"):
        parts.append(f"formation « {labels['label'].get(args['programme'], args['programme'])} »")
    if args.get("level"):
        parts.append(f"niveau {dict(LEVEL_CHOICES).get(args['level'], args['level'])}")
    if args.get("situation"):
        parts.append(student_status_label(args["situation"]).lower())
    return ", ".join(parts)


def dashboard_scope(stats: Mapping[str, Any], args: Mapping[str, Any], labels: Mapping[str, Any]) -> str:
    """Whose figures the dashboard shows, and when they were computed."""
    when = f"Chiffres au {french_date(stats['generated_on'])}"
    summary = filter_summary(args, labels)
    if not summary:
        return f"{when} pour tous les étudiants de l'école."
    return f"{when} pour : {summary} ({plural(stats['totals']['students'], 'étudiant')})."


# --- Dashboard -----------------------------------------------------------------------------------


def key_figures(stats: Mapping[str, Any]) -> list[dict[str, str]]:
    totals = stats["totals"]
    placements = totals["placements"]
    median_days = stats["median_days_to_hire"]
    share = f" ({rate(totals['in_territory'] / placements)} des embauches)" if placements else ""
    return [
        {"label": "Étudiants", "value": str(totals["students"]), "note": "profils rattachés à l'école"},
        {
            "label": "Étudiants placés",
            "value": str(totals["placed"]),
            "note": f"{plural(placements, 'embauche')} au total",
        },
        {"label": "Taux de placement", "value": rate(totals["rate"]), "note": "étudiants placés / étudiants"},
        {"label": "Embauches en Territoire d'industrie", "value": str(totals["in_territory"]), "note": share.strip()},
        {
            "label": "Éligibles VTE Territoires d'industrie",
            "value": str(totals["eligible_vte_ti"]),
            "note": "embauches ouvrant droit à l'aide VTE",
        },
        {
            "label": "Éligibles VTE Vert",
            "value": str(totals["eligible_vte_vert"]),
            "note": "missions de transition écologique",
        },
        {
            "label": "Embauches labellisées VTE",
            "value": str(totals["labelled"]),
            "note": "label demandé à Bpifrance par l'entreprise",
        },
        {
            "label": "Délai médian d'embauche",
            "value": days(median_days),
            "note": "de la création du profil à l'embauche",
        },
    ]


def _chart(
    key: str,
    title: str,
    kind: str,
    labels: Sequence[str],
    values: Sequence[float],
    series: str,
    headers: Sequence[str],
    rows: Sequence[Sequence[Any]],
    unit: str = "",
    titles: Sequence[str] | None = None,
    note: str = "",
) -> dict[str, Any]:
    """`titles`: the full names the chart's tooltips show when `labels` are shortened (said in `note`)."""
    data = {"kind": kind, "labels": list(labels), "values": list(values), "series": series, "unit": unit}
    if titles is not None:
        data["titles"] = list(titles)
    return {
        "id": f"graphique-{key}",
        "title": title,
        "empty": not labels,
        "note": note,
        "data": data,
        "headers": list(headers),
        "rows": [[str(cell) for cell in row] for row in rows],
    }


def charts(stats: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The dashboard's charts, each with the table of its numbers (the same ones)."""
    months = stats["by_month"]
    territories = stats["by_territory"]
    regions = stats["by_region"]
    sections = stats["by_naf_section"]
    programmes = [p for p in stats["by_programme"] if p["rate"] is not None]
    names = programme_labels([p["programme"] for p in programmes])
    short = names["label"]
    shown = [short.get(p["programme"], p["programme"]) for p in programmes]

    def naf(row):
        return f"{row['section']} — {row['label']}" if row["section"] else row["label"]

    return [
        _chart(
            "mois",
            "Embauches par mois (12 derniers mois)",
            "bar",
            [short_month_label(m["month"]) for m in months],
            [m["placements"] for m in months],
            "Embauches",
            ("Mois", "Embauches"),
            [(month_label(m["month"]), m["placements"]) for m in months],
        ),
        _chart(
            "territoires",
            "Embauches par Territoire d'industrie",
            "hbar",
            [t["territory"] for t in territories],
            [t["placements"] for t in territories],
            "Embauches",
            ("Territoire", "Embauches", "Part des embauches"),
            [(t["territory"], t["placements"], rate(t["share"])) for t in territories],
        ),
        _chart(
            "regions",
            "Embauches par région",
            "hbar",
            [r["name"] for r in regions],
            [r["placements"] for r in regions],
            "Embauches",
            ("Région", "Embauches", "Part des embauches"),
            [(r["name"], r["placements"], rate(r["share"])) for r in regions],
        ),
        _chart(
            "secteurs",
            "Embauches par secteur d'activité (section NAF)",
            "hbar",
            [naf(s) for s in sections],
            [s["placements"] for s in sections],
            "Embauches",
            ("Secteur (section NAF)", "Embauches", "Part des embauches"),
            [(naf(s), s["placements"], rate(s["share"])) for s in sections],
        ),
        _chart(
            "formations",
            "Taux de placement par formation",
            "hbar",
            shown,
            [round(p["rate"] * 100, 1) for p in programmes],
            "Taux de placement (%)",
            ("Formation", "Étudiants", "Étudiants placés", "Taux de placement"),
            [(name, p["students"], p["placed"], rate(p["rate"])) for name, p in zip(shown, programmes, strict=True)],
            unit="%",
            titles=[p["programme"] for p in programmes] if names["prefix"] else None,
            note=prefix_note(names["prefix"]),
        ),
    ]


def map_points(places: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """One marker per commune of placement (VteMap.markers clusters them)."""
    return [
        {
            "lat": p["lat"],
            "lon": p["lon"],
            "title": f"{p['name']} : {plural(p['placements'], 'embauche')}",
            "subtitle": f"Territoire d'industrie {p['territory']}" if p["territory"] else "Hors Territoire d'industrie",
        }
        for p in places
        if p["lat"] is not None and p["lon"] is not None
    ]


def places_table(places: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """The map's communes as a table (readable without the map)."""
    return {
        "caption": "Communes d'embauche",
        "headers": ["Commune", "Code INSEE", "Embauches", "Territoire d'industrie"],
        "rows": [
            [p["name"], p["code"], str(p["placements"]), p["territory"] or "Hors Territoire d'industrie"]
            for p in places
        ],
    }


# --- Students ------------------------------------------------------------------------------------


def email_parts(email: str | None) -> tuple[str, str]:
    """« anna@alpha.fr » -> (« anna », « @alpha.fr »): a narrow column may wrap the address before
    the @ only."""
    local, at, domain = (email or "").partition("@")
    return local, at + domain


def student_rows(items: Sequence[Mapping[str, Any]], labels: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The students table: `labels` are the school's programme labels (`programme_labels`)."""
    rows = []
    for item in items:
        latest = item["latest_application"]
        placement = item["placement"]
        rows.append(
            {
                "name": full_name(item) if item["profile_complete"] else "Profil non rempli",
                "id": item["student_id"],
                "email": item["email"] or "",
                "email_parts": email_parts(item["email"]),
                "programme": programme_cell(item["programme"], labels),
                "level": item["level"] or NO_DATA,
                "profile_complete": "Oui" if item["profile_complete"] else "Non",
                "visible": "Oui" if item["visible"] else "Non",
                "application": {
                    "status": latest["status_label"],
                    "offer": latest["offer"]["title"],
                    "company": latest["offer"]["company"],
                    "date": french_date(latest["updated_at"]),
                }
                if latest
                else None,
                "placement": placement_text(placement) if placement else None,
            }
        )
    return rows


def full_name(item: Mapping[str, Any]) -> str:
    return " ".join(part for part in (item["first_name"], item["last_name"]) if part) or "Sans nom"


def placement_text(placement: Mapping[str, Any]) -> dict[str, str]:
    """A hire: the company, and its contract, date and Territoire d'industrie in one line."""
    where = f" — Territoire d'industrie {placement['territory']}" if placement["territory"] else ""
    return {
        "company": placement["company"] or "Entreprise supprimée",
        "detail": f"{contract_label(placement['contract_type'])}, embauche le "
        f"{french_date(placement['hired_at'])}{where}",
    }


def student_page(student: Mapping[str, Any]) -> dict[str, Any]:
    """One student as the school sees them (`school_students.school_student`): the profile's
    facts, then their applications and hires as tables, the latest first."""
    name = full_name(student)
    applications, placements = student["applications"], student["placements"]
    return {
        "name": name,
        "facts": [
            ("E-mail", student["email"] or NO_DATA),
            ("Formation", student["programme"] or NO_DATA),
            ("Niveau", student["level"] or NO_DATA),
            ("Statut", student_status_label(student["status"]) or NO_DATA),
            ("Visible des entreprises", "Oui" if student["visible"] else "Non"),
            ("Profil créé le", french_date(student["created_at"])),
        ],
        "tables": [
            {
                "id": "candidatures",
                "title": f"Candidatures ({len(applications)})",
                "caption": f"Candidatures de {name}, la plus récente d'abord",
                "headers": ["Offre", "Entreprise", "Statut", "Envoyée le", "Dernier changement"],
                "rows": [
                    [
                        a["offer"]["title"],
                        a["offer"]["company"],
                        a["status_label"],
                        french_date(a["created_at"]),
                        french_date(a["updated_at"]),
                    ]
                    for a in applications
                ],
                "empty": "Aucune candidature pour l'instant.",
            },
            {
                "id": "embauches",
                "title": f"Embauches ({len(placements)})",
                "caption": f"Embauches de {name}, la plus récente d'abord",
                "headers": ["Entreprise", "Contrat et date", "Commune", "Début"],
                "rows": [
                    [
                        *placement_text(p).values(),
                        p["commune"] or NO_DATA,
                        french_date(p["start_date"]) if p["start_date"] else NO_DATA,
                    ]
                    for p in placements
                ],
                "empty": "Aucune embauche enregistrée.",
            },
        ],
    }


# --- Invitations ---------------------------------------------------------------------------------


def invitation_rows(invitations, base_url: str, now: datetime | None = None) -> list[dict[str, Any]]:
    """Each code with its state in words and its full sign-up link."""
    now = now or datetime.now(UTC)
    rows = []
    for invitation in invitations:
        data = invitation_to_dict(invitation)
        if data["revoked_at"] is not None:
            state, css = f"Révoqué le {french_date(data['revoked_at'])}", "revoked"
        elif data["expires_at"] is not None and data["expires_at"] <= now:
            state, css = "Expiré", "expired"
        elif data["max_uses"] is not None and data["uses"] >= data["max_uses"]:
            state, css = "Épuisé (nombre d'utilisations atteint)", "expired"
        else:
            state, css = "Actif", "active"
        uses = f"{data['uses']} / {data['max_uses']}" if data["max_uses"] else f"{data['uses']} (sans limite)"
        rows.append(
            {
                "id": data["id"],
                "code": data["code"],
                "label": data["label"] or NO_DATA,
                "created": french_date(data["created_at"]),
                "expires": french_date(data["expires_at"]) if data["expires_at"] else "Sans date limite",
                "uses": uses,
                "state": state,
                "state_class": css,
                "active": data["active"],
                "revocable": data["revoked_at"] is None,
                "url": base_url.rstrip("/") + data["signup_path"],
            }
        )
    return rows


def end_of_day(value: str | None) -> str | None:
    """A date typed in the form (AAAA-MM-JJ) as the end of that day in Paris, ISO 8601; anything
    else is passed on unchanged for the schema to refuse."""
    if value and re.fullmatch(r"\d{4}-\d{2}-\d{2}", value):
        try:
            return datetime.combine(date.fromisoformat(value), time(23, 59, 59), PARIS).isoformat()
        except ValueError:
            return value
    return value


# --- CSV import ----------------------------------------------------------------------------------


def _line_number(key: str) -> int:
    match = re.search(r"\d+", key)
    return int(match.group()) if match else 0


def line_errors(errors: Mapping[str, Sequence[str]]) -> list[str]:
    """{"ligne 3": ["email : …"]} -> ["ligne 3 : email : …"], by line number; file-level problems first."""
    ordered = sorted(errors.items(), key=lambda kv: (kv[0].startswith("ligne"), _line_number(kv[0])))
    return [f"{key} : {problem}" for key, problems in ordered for problem in problems]


def import_result(report: Mapping[str, Any]) -> dict[str, Any]:
    """A done import (`ImportReport.to_dict()`): the counts, the ignored lines, the code sent."""
    return {
        "counts": import_counts(report),
        "ignored": line_errors(report["errors"]),
        "code": report["invitation_code"],
    }


def import_counts(report: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {"label": "Étudiants invités (e-mail envoyé)", "value": report["invited"]},
        {"label": "Déjà invités (pas de second e-mail)", "value": report["already_invited"]},
        {"label": "Déjà inscrits dans l'école", "value": report["already_registered"]},
        {"label": "Lignes ignorées (erreurs)", "value": len(report["errors"])},
    ]


def rejection_of(exc: ServiceError) -> dict[str, Any]:
    """A refused import: the message, each problem by line, and whether ticking « skip invalid
    lines » would help."""
    lines = [key for key in exc.fields if re.fullmatch(r"ligne \d+", key) and key != "ligne 1"]
    count = len(lines)
    message = (
        f"Import annulé : {count} ligne{'s' if count > 1 else ''} invalide{'s' if count > 1 else ''}, "
        "rien n'a été importé."
        if count
        else exc.message
    )
    return {"message": message, "lines": line_errors(exc.fields), "fixable": bool(count)}
