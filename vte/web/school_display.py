"""Display values for the school pages, prepared from the services' dicts (no queries): the key
figures and charts of the placement dashboard, the rows of the students and invitations tables,
the result of a CSV import."""

from __future__ import annotations

import re
from collections.abc import Mapping, Sequence
from datetime import UTC, date, datetime, time
from typing import Any

from ..errors import ServiceError
from ..schools import IMPORT_HEADERS, NO_APPLICATION, invitation_to_dict
from .presenters import APPLICATION_STATUS_CHOICES, MONTHS, PARIS, contract_label, french_date

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
) -> dict[str, Any]:
    return {
        "id": f"graphique-{key}",
        "title": title,
        "empty": not labels,
        "data": {"kind": kind, "labels": list(labels), "values": list(values), "series": series, "unit": unit},
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
            [p["programme"] for p in programmes],
            [round(p["rate"] * 100, 1) for p in programmes],
            "Taux de placement (%)",
            ("Formation", "Étudiants", "Étudiants placés", "Taux de placement"),
            [(p["programme"], p["students"], p["placed"], rate(p["rate"])) for p in programmes],
            unit="%",
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


def student_rows(items: Sequence[Mapping[str, Any]]) -> list[dict[str, Any]]:
    rows = []
    for item in items:
        name = " ".join(part for part in (item["first_name"], item["last_name"]) if part)
        latest = item["latest_application"]
        placement = item["placement"]
        placed = None
        if placement:
            where = f" — Territoire d'industrie {placement['territory']}" if placement["territory"] else ""
            placed = {
                "company": placement["company"] or "Entreprise supprimée",
                "detail": f"{contract_label(placement['contract_type'])}, embauche le "
                f"{french_date(placement['hired_at'])}{where}",
            }
        rows.append(
            {
                "name": name or ("Profil non rempli" if not item["profile_complete"] else "Sans nom"),
                "email": item["email"] or "",
                "email_parts": email_parts(item["email"]),
                "programme": item["programme"] or NO_DATA,
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
                "placement": placed,
            }
        )
    return rows


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
