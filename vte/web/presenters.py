"""French labels and display helpers shared by the pages (no queries, no templates logic)."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import UTC, date, datetime
from typing import Any
from zoneinfo import ZoneInfo

from flask import request, url_for

from ..applications import STATUS_LABELS
from ..ranking import PREVIOUS_WEIGHTS
from ..vocab import (
    CONTRACT_LABELS,
    LEVEL_MAX,
    LEVEL_MIN,
    ApplicationStatus,
    ContractType,
    OfferStatus,
    Remote,
    Role,
    StudentStatus,
)

COMPONENT_LABELS = {
    "fit": "Adéquation au poste (métier et mission)",
    "geo": "Proximité (trajet quotidien)",
    "territory": "Territoire d'industrie",
    "green": "Mission VTE Vert souhaitée",
}
CONTRACT_CHOICES = [(c.value, CONTRACT_LABELS[c]) for c in ContractType]
LEVEL_CHOICES = [(f"bac+{n}", f"Bac+{n}") for n in range(LEVEL_MIN, LEVEL_MAX + 1)]
STATUS_CHOICES = [
    (StudentStatus.STUDENT.value, "Étudiant (en formation)"),
    (StudentStatus.ALTERNANCE.value, "Étudiant en alternance"),
    (StudentStatus.GRADUATE.value, "Jeune diplômé"),
]
REMOTE_CHOICES = [
    (Remote.NONE.value, "Sur site"),
    (Remote.PARTIAL.value, "Télétravail partiel"),
    (Remote.FULL.value, "Télétravail complet"),
]
OFFER_STATUS_LABELS = {
    OfferStatus.DRAFT.value: "Brouillon",
    OfferStatus.PUBLISHED.value: "Publiée",
    OfferStatus.CLOSED.value: "Fermée",
}
# An aid's eligibility (three-valued): CSS class and French text.
ELIGIBLE = {True: ("ok", "Éligible"), False: ("no", "Non éligible"), None: ("unknown", "Éligibilité à confirmer")}
APPLICATION_STATUS_CHOICES = [(s.value, STATUS_LABELS[s]) for s in ApplicationStatus]
PARIS = ZoneInfo("Europe/Paris")
MONTHS = (
    "janvier",
    "février",
    "mars",
    "avril",
    "mai",
    "juin",
    "juillet",
    "août",
    "septembre",
    "octobre",
    "novembre",
    "décembre",
)


# The components of the previous engine (VTE_RANKER=weighted_sum), each a share of the total.
PREVIOUS_COMPONENT_LABELS = {
    "semantic": "Proximité du profil et de la mission",
    "skills": "Compétences en commun",
    "geo": "Distance",
    "territory": "Territoire d'industrie",
    "green": "Mission VTE Vert souhaitée",
}


def component_rows(config: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rows of « Détail du score »: each component, its weight and what it does to the score
    (the fit is the base; the others raise it by at most their weight relative to the fit's)."""
    if config.get("VTE_RANKER") == "weighted_sum":
        return [
            {"key": key, "label": label, "weight": w, "role": f"{w * 100:.0f} % du score"}
            for key, label in PREVIOUS_COMPONENT_LABELS.items()
            for w in [PREVIOUS_WEIGHTS[key]]
        ]
    weights = config["VTE_WEIGHTS"]
    base = float(weights.get("fit", 0.0)) or 1.0
    rows = []
    for key, label in COMPONENT_LABELS.items():
        weight = float(weights.get(key, 0.0))
        if key == "fit":
            role = "base du score"
        elif weight:
            role = f"jusqu'à +{weight / base * 100:.0f} %".replace(".", ",")
        else:
            role = "sans effet"
        rows.append({"key": key, "label": label, "weight": weight, "role": role})
    return rows


_ELIDED = set("AEIOUYÂÀÉÈÊËÎÏÔÖÛÙÜŸ")


def french_of(name: str) -> str:
    """« de Lyon », « d'Oyonnax », « d'Évian-les-Bains »: « de » elided before a vowel."""
    return f"d'{name}" if name[:1].upper() in _ELIDED else f"de {name}"


def contract_label(value: str | None) -> str:
    return CONTRACT_LABELS.get(ContractType(value), value) if value else ""


def status_label(value: str | None) -> str:
    return STATUS_LABELS.get(ApplicationStatus(value), value) if value else ""


def remote_label(value: str | None) -> str:
    return dict(REMOTE_CHOICES).get(value, value or "")


def student_status_label(value: str | None) -> str:
    return dict(STATUS_CHOICES).get(value, value or "")


def french_date(value: date | datetime | str | None) -> str:
    """« 3 mars 2026 », « 1er avril 2026 »."""
    if value is None or value == "":
        return ""
    if isinstance(value, str):
        value = date.fromisoformat(value[:10])
    day = "1er" if value.day == 1 else str(value.day)
    return f"{day} {MONTHS[value.month - 1]} {value.year}"


def french_datetime(value: datetime | None) -> str:
    """« 3 mars 2026 à 14 h 05 », in French time (stored times are UTC)."""
    if value is None:
        return ""
    moment = (value if value.tzinfo else value.replace(tzinfo=UTC)).astimezone(PARIS)
    return f"{french_date(moment)} à {moment.hour} h {moment.minute:02d}"


def euros(value: int | float | None) -> str:
    if value is None:
        return ""
    return f"{value:,.0f}".replace(",", "\u202f") + " €"


def salary(offer: Mapping[str, Any]) -> str:
    low, high = offer.get("salary_min"), offer.get("salary_max")
    if low and high and low != high:
        return f"{euros(low)} à {euros(high)} brut par an"
    if low or high:
        return f"{euros(low or high)} brut par an"
    return "Non précisé"


def percent(value: float | None) -> str:
    return "" if value is None else f"{round(value * 100):d} %"


_NAV = {
    None: [("web.search", "Offres"), ("web.login", "Se connecter"), ("web.signup", "Créer un compte")],
    Role.STUDENT: [
        ("web.student_matches", "Mes offres"),
        ("web.search", "Rechercher"),
        ("web.student_applications", "Mes candidatures"),
        ("web.student_profile", "Mon profil"),
        ("web.student_favourites", "Sauvegardées"),
        ("web.student_alerts", "Mes alertes"),
    ],
    Role.COMPANY: [
        ("web.company_home", "Mon entreprise"),
        ("web.company_offers", "Mes offres"),
        ("web.search", "Offres publiées"),
    ],
    Role.SCHOOL: [
        ("web.school_dashboard", "Tableau de bord"),
        ("web.school_students", "Étudiants"),
        ("web.school_invitations", "Invitations"),
        ("web.school_import", "Import CSV"),
    ],
    Role.ADMIN: [("web.admin_home", "Administration"), ("web.search", "Offres"), ("api-docs.openapi_json", "API")],
}


def nav_items(user) -> list[dict[str, Any]]:
    role = user.role if user is not None else None
    items = [(url_for(e), label) for e, label in _NAV[role]]
    here = current_section(request.path, [url for url, _ in items])
    return [{"url": url, "label": label, "current": url == here} for url, label in items]


def current_section(path: str, urls: list[str]) -> str | None:
    """The menu address to mark current on the page at `path`: its own, or else the closest one
    above it (« Étudiants » on a student's page, « Mes candidatures » on one application)."""
    above = [url for url in urls if path == url or path.startswith(url.rstrip("/") + "/")]
    return max(above, key=len, default=None)


TEMPLATE_HELPERS = {
    "contract_label": contract_label,
    "status_label": status_label,
    "remote_label": remote_label,
    "student_status_label": student_status_label,
    "french_date": french_date,
    "french_datetime": french_datetime,
    "euros": euros,
    "salary": salary,
    "percent": percent,
}


def paragraphs(value: str | None) -> list[str]:
    """A text typed with blank lines (or single new lines) as its paragraphs."""
    return [p.strip() for p in (value or "").replace("\r\n", "\n").split("\n") if p.strip()]


def offer_facts(offer: Mapping[str, Any]) -> dict[str, Any]:
    """An offer (as the services serialise it) with the French texts a page shows."""
    commune = offer.get("commune") or {}
    facts = dict(offer)
    facts.update(
        contract=contract_label(offer.get("contract_type")),
        duration=f"{offer['duration_months']} mois" if offer.get("duration_months") else "",
        place=commune.get("name") or "",
        remote_text=remote_label(offer.get("remote")) if offer.get("remote") != Remote.NONE.value else "",
        level=f"À partir de {offer['level_min'].replace('bac', 'Bac')}" if offer.get("level_min") else "",
        salary_text=salary(offer),
        published=french_date(offer.get("published_at")),
        starts=french_date(offer.get("start_date")),
        expires=french_date(offer.get("expires_at")),
        territory=(offer.get("territory") or {}).get("name"),
        score_text=percent(offer.get("score")) if offer.get("score") is not None else "",
        distance=(f"{offer['distance_km']:.0f} km" if offer.get("distance_km") is not None else ""),
        lat=commune.get("lat"),
        lon=commune.get("lon"),
        status_text=(
            OFFER_STATUS_LABELS.get(offer.get("status"), "").lower()
            if offer.get("status") not in (None, OfferStatus.PUBLISHED.value)
            else ""
        ),
    )
    return facts


def aids_facts(aids: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The aids of an eligibility assessment with their French eligibility text."""
    return [{**aid, "eligible_text": ELIGIBLE[aid["eligible"]][1].lower()} for aid in aids]


# Field names (the API's) as the error summary at the top of a form names them.
FIELD_LABELS = {
    "available_from": "Disponibilité",
    "confirm": "Confirmation",
    "contract_types": "Types de contrat",
    "contract_type": "Type de contrat",
    "current_password": "Mot de passe actuel",
    "description": "Description",
    "display_name": "Nom affiché",
    "duration_months": "Durée",
    "email": "Adresse e-mail",
    "email_domain": "Domaine e-mail",
    "expires_at": "Date d'expiration",
    "file": "Fichier CSV",
    "first_name": "Prénom",
    "green": "VTE Vert",
    "headcount": "Effectif",
    "invitation_code": "Code d'invitation",
    "label": "Libellé",
    "languages": "Langues",
    "last_name": "Nom",
    "level": "Niveau",
    "level_min": "Niveau minimum",
    "location": "Commune",
    "max_distance_km": "Distance maximale",
    "max_uses": "Utilisations maximales",
    "message": "Message",
    "naf": "Code NAF",
    "name": "Nom",
    "password": "Mot de passe",
    "password_confirm": "Confirmation du mot de passe",
    "phone": "Téléphone",
    "programme": "Formation",
    "q": "Recherche",
    "radius_km": "Rayon",
    "remote": "Télétravail",
    "role": "Type de compte",
    "salary_max": "Salaire maximum",
    "salary_min": "Salaire minimum",
    "published_within_days": "Publiée depuis",
    "siren": "SIREN",
    "situation": "Statut de l'étudiant",
    "skills": "Compétences",
    "skip_invalid": "Option d'import",
    "sort": "Tri",
    "start_date": "Date de début",
    "status": "Statut",
    "summary": "Présentation",
    "territory_only": "Territoires d'industrie",
    "title": "Intitulé",
    "to": "Nouveau statut",
    "visible": "Visibilité",
    "wants_green": "VTE Vert",
    "website": "Site web",
}


def field_label(name: str) -> str:
    return FIELD_LABELS.get(name, name.replace("_", " ").capitalize())


def history_rows(
    history: list[Mapping[str, Any]], viewer_id: int | None = None, others: str | None = None
) -> list[dict[str, Any]]:
    """An application's status history, oldest first, in French. With `others` (« l'entreprise »),
    each row says who made the change: « vous » for `viewer_id`, `others` for anyone else."""
    rows = []
    for event in history or []:
        if event.get("from"):
            what = f"« {status_label(event['from'])} » → « {status_label(event['to'])} »"
        else:
            what = f"Candidature « {status_label(event['to'])} »"
        by = event.get("by_user_id")
        who = None if others is None or by is None else ("vous" if by == viewer_id else others)
        rows.append(
            {
                "when": french_datetime(event["at"]),
                "iso": event["at"].isoformat() if event["at"] else "",
                "what": what,
                "who": who,
                "status": event["to"],
            }
        )
    return rows
