"""Company pages: the display values of the pages (company facts, eligibility panel, offer list,
candidates, applications pipeline, history). No queries here."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from ..application_counts import NOT_COUNTED
from ..applications import STATUS_LABELS
from ..companies import format_siren
from ..eligibility import mission_min_months
from ..offers import WORK_STUDY_MAX_MONTHS
from ..vocab import ApplicationStatus, OfferStatus
from .presenters import (
    ELIGIBLE,
    OFFER_STATUS_LABELS,
    contract_label,
    euros,
    french_date,
    offer_facts,
    paragraphs,
    percent,
    remote_label,
    student_status_label,
)

S = ApplicationStatus

OFFER_STATUS_FILTERS = [("draft", "Brouillons"), ("published", "Publiées"), ("closed", "Fermées")]
PIPELINE = (S.SUBMITTED, S.REVIEWED, S.INTERVIEW, S.OFFERED, S.HIRED, S.REJECTED, S.WITHDRAWN)
PLURALS = {  # « 2 envoyées »
    S.SUBMITTED: "envoyées",
    S.REVIEWED: "examinées",
    S.INTERVIEW: "en entretien",
    S.OFFERED: "avec proposition d'embauche",
    S.HIRED: "embauches",
    S.REJECTED: "refusées",
    S.WITHDRAWN: "retirées",
}
SINGULARS = {S.INTERVIEW: "en entretien", S.OFFERED: "avec proposition d'embauche"}
SIZE_NAMES = {"pme": "PME", "eti": "ETI", "grande_entreprise": "Grande entreprise"}
MET = {True: ("ok", "remplie"), False: ("no", "non remplie"), None: ("unknown", "inconnue")}


def company_facts(company: Mapping[str, Any]) -> list[tuple[str, str]]:
    naf = company.get("naf")
    commune = company.get("commune")
    territory = company.get("territory")
    return [
        ("SIREN", format_siren(company["siren"])),
        ("Activité (NAF)", f"{naf['code']} — {naf['label']}" if naf else "Non renseignée"),
        ("Effectif", f"{company['headcount']} salariés" if company.get("headcount") else "Non renseigné"),
        ("Commune", commune["name"] if commune else "Non renseignée"),
        ("Territoire d'industrie", territory["name"] if territory else "Aucun (ou liste non chargée)"),
        ("Site web", company.get("website") or "Non renseigné"),
    ]


def duration_help(rule: Mapping[str, Any] | None) -> str:
    """The help of the editor's « Durée » field, from the VTE rules in force."""
    if rule is None:
        return f"Alternance : {WORK_STUDY_MAX_MONTHS} mois au plus ; CDI : laissez vide."
    cdd = mission_min_months(rule, "cdd")
    low, green = mission_min_months(rule, "apprentissage"), mission_min_months(rule, "apprentissage", green=True)
    vert = f" ({green} à {WORK_STUDY_MAX_MONTHS} pour une mission VTE Vert)" if green != low else ""
    return f"CDD : {cdd} mois ou plus ; alternance : {low} à {WORK_STUDY_MAX_MONTHS} mois{vert} ; CDI : laissez vide."


def eligibility_view(result: Mapping[str, Any]) -> dict[str, Any]:
    """The eligibility answer (`vte.companies.company_eligibility`) as sentences and states."""
    in_territory = result["in_territory"]
    territory = result.get("territory")
    territory_state = {
        True: ("ok", f"Oui — {territory['name']}" if territory else "Oui"),
        False: ("no", "Non"),
        None: ("unknown", "Inconnue"),
    }[in_territory]
    category = result.get("size_category")
    size_state = (
        ("unknown", "Inconnue")
        if category is None
        else (("no" if category == "grande_entreprise" else "ok"), SIZE_NAMES[category])
    )
    rules = result.get("rules")
    return {
        "facts": [
            {
                "label": "Territoire d'industrie",
                "state": territory_state[0],
                "value": territory_state[1],
                "message": result["territory_message"],
            },
            {
                "label": "Taille de l'entreprise (PME/ETI)",
                "state": size_state[0],
                "value": size_state[1],
                "message": result["size_message"],
            },
        ],
        "aids": [
            {
                "label": aid["label"],
                "amount": euros(aid["amount_eur"]),
                "unit": aid.get("unit") or "",
                "state": ELIGIBLE[aid["eligible"]][0],
                "verdict": ELIGIBLE[aid["eligible"]][1],
                "conditions": [
                    {"message": c["message"], "state": MET[c["met"]][0], "met": MET[c["met"]][1]}
                    for c in aid["conditions"]
                ],
                "mission_conditions": aid["mission_conditions"],
                "limits": aid["limits"],
                "source_text": aid["source_text"],
                "caveat": aid["caveat"],
            }
            for aid in result["aids"]
        ],
        "rules": None
        if rules is None
        else {
            "title": rules.get("title") or rules["version"],
            "version": rules["version"],
            "period": (
                f"du {french_date(rules['valid_from'])} au {french_date(rules['valid_until'])}"
                if rules.get("valid_until")
                else f"depuis le {french_date(rules['valid_from'])}"
            ),
            "summaries": rules["rules"],
        },
        "rules_message": result.get("rules_message"),
        "date": french_date(result["date"]),
    }


def count_phrase(counts: Mapping[str, Any]) -> str:
    """« 3 candidatures : 2 envoyées, 1 en entretien (sans compter 1 candidature retirée) »: the
    total of `vte.application_counts`, its steps, and the withdrawn ones said apart."""
    by_status = counts.get("by_status") or {}
    total = counts.get("total", 0)
    head = f"{total} candidature{'s' if total > 1 else ''}"
    parts = []
    for status in PIPELINE:
        n = by_status.get(status.value, 0)
        if n and status not in NOT_COUNTED:
            word = PLURALS[status] if n > 1 else SINGULARS.get(status, STATUS_LABELS[status])
            parts.append(f"{n} {word}")
    text = head + (" : " + ", ".join(parts) if parts else "")
    return text + withdrawn_note(counts)


def withdrawn_note(counts: Mapping[str, Any]) -> str:
    """« (sans compter 2 candidatures retirées) », or nothing when none was withdrawn."""
    n = counts.get("withdrawn", 0)
    return f" (sans compter {n} candidature{'s' if n > 1 else ''} retirée{'s' if n > 1 else ''})" if n else ""


def matching_students_phrase(n: int | None) -> str:
    """« 12 étudiants visibles correspondent à cette offre » (the editor's preview)."""
    if n is None:
        return "Choisissez un type de contrat pour compter les étudiants visibles qui correspondent à cette offre."
    if n == 0:
        return "Aucun étudiant visible ne correspond pour l'instant à cette offre."
    if n == 1:
        return "1 étudiant visible correspond à cette offre."
    return f"{n} étudiants visibles correspondent à cette offre."


def offer_rows(items_: list[Mapping[str, Any]]) -> list[dict[str, Any]]:
    """The list of « Mes offres »: what each card shows and which buttons it has."""
    rows = []
    for item in items_:
        status = item["status"]
        meta = [contract_label(item["contract_type"])]
        if item.get("duration_months"):
            meta.append(f"{item['duration_months']} mois")
        if item.get("commune"):
            meta.append(item["commune"]["name"])
        if item.get("published_at"):
            meta.append(f"publiée le {french_date(item['published_at'])}")
        if item.get("expires_at"):
            meta.append(f"expire le {french_date(item['expires_at'])}")
        rows.append(
            {
                "id": item["id"],
                "title": item["title"],
                "status": status,
                "status_label": OFFER_STATUS_LABELS[status],
                "meta": " · ".join(meta),
                "green": item.get("green"),
                "territory": (item.get("territory") or {}).get("name"),
                "counts": count_phrase(item.get("applications") or {}),
                "can_edit": status != OfferStatus.CLOSED.value,
                "can_publish": status == OfferStatus.DRAFT.value,
                "can_close": status != OfferStatus.CLOSED.value,
            }
        )
    return rows


def offer_summary(item: Mapping[str, Any]) -> dict[str, Any]:
    row = offer_rows([item])[0]
    row.update(
        remote=remote_label(item["remote"]),
        level=(item.get("level_min") or "").replace("bac", "Bac"),
        skills=item["skills"],
        start=french_date(item.get("start_date")),
    )
    return row


ACTION_LABELS = {
    S.REJECTED: "Refuser la candidature",
    S.WITHDRAWN: "Marquer comme retirée",
}


def person(student: Mapping[str, Any] | None) -> str:
    if student is None:
        return "Compte supprimé"
    name = " ".join(p for p in (student.get("first_name"), student.get("last_name")) if p)
    return name or student.get("email") or f"Candidat n° {student['id']}"


def actions_of(application: Mapping[str, Any]) -> list[dict[str, Any]]:
    return [
        {
            "to": to,
            "label": ACTION_LABELS.get(S(to), f"Passer à « {STATUS_LABELS[S(to)]} »"),
            "danger": to in (S.REJECTED.value, S.WITHDRAWN.value),
            "hire": to == S.HIRED.value,
        }
        for to in application["next_statuses"]
    ]


def application_card(application: Mapping[str, Any]) -> dict[str, Any]:
    student = application.get("student")
    details = []
    if student is not None:
        details = [
            p
            for p in (
                student.get("programme"),
                (student.get("level") or "").replace("bac", "Bac"),
                (student.get("school") or {}).get("name"),
            )
            if p
        ]
    message = application.get("message") or ""
    return {
        "id": application["id"],
        "status": application["status"],
        "name": person(student),
        "details": " · ".join(details),
        "received": french_date(application["created_at"]),
        "excerpt": message if len(message) <= 160 else message[:157].rstrip() + "…",
        "actions": actions_of(application),
        "next": " ".join(application["next_statuses"]),
    }


def pipeline_columns(
    applications: list[Mapping[str, Any]],
    counts: Mapping[str, Any],
    scores: Mapping[int, Mapping[str, Any]] | None = None,
    by_score: bool = False,
) -> list[dict[str, Any]]:
    """One column per status, in the order of the recruitment, headed by its number of
    applications (`counts` of `vte.application_counts`, not the cards shown, which may be fewer);
    each card with the applicant's match score when known (`scores` by student id), best first
    with `by_score`."""
    cards: dict[str, list] = {s.value: [] for s in PIPELINE}
    for application in applications:
        card = application_card(application)
        student_id = (application.get("student") or {}).get("id")
        match = (scores or {}).get(student_id)
        card["score"] = match["score"] if match else None
        card["score_text"] = percent(match["score"]) if match else ""
        card["explanation"] = match["explanation"] if match else ""
        cards[application["status"]].append(card)
    if by_score:
        for column in cards.values():
            column.sort(key=lambda c: -(c["score"] if c["score"] is not None else -1))
    by_status = counts.get("by_status") or {}
    return [
        {
            "status": s.value,
            "label": STATUS_LABELS[s].capitalize(),
            "count": by_status.get(s.value, 0),
            "counted": s not in NOT_COUNTED,
            "cards": cards[s.value],
        }
        for s in PIPELINE
    ]


def candidate_rows(items_: list[Mapping[str, Any]], first_rank: int) -> list[dict[str, Any]]:
    """The ranked candidates: professional fields, contact only for applicants."""
    rows = []
    for rank, item in enumerate(items_, start=first_rank):
        student = item["student"]
        application = item.get("application")
        facts = [
            p
            for p in (
                (student.get("level") or "").replace("bac", "Bac"),
                student_status_label(student.get("status")),
                (student.get("school") or {}).get("name"),
                (student.get("commune") or {}).get("name"),
            )
            if p
        ]
        if student.get("available_from"):
            facts.append(f"disponible le {french_date(student['available_from'])}")
        rows.append(
            {
                "rank": rank,
                "name": person(student) if application else (student.get("programme") or "Profil anonyme"),
                "programme": student.get("programme"),
                "facts": " · ".join(facts),
                "contracts": ", ".join(contract_label(c) for c in student.get("contract_types") or []),
                "skills": student.get("skills") or [],
                "languages": ", ".join(student.get("languages") or []),
                "summary": student.get("summary"),
                "score": item["score"],
                "breakdown": item["breakdown"],
                "application": application
                and {"id": application["id"], "status": STATUS_LABELS[S(application["status"])]},
                "email": student.get("email") if application else None,
                "phone": student.get("phone") if application else None,
                "student_id": student["id"],
                "invited": item.get("invited", False),
            }
        )
    return rows


SIZE_WORDS = {
    "pme": "Petite ou moyenne entreprise (PME)",
    "eti": "Entreprise de taille intermédiaire (ETI)",
    "grande_entreprise": "Grande entreprise",
}


def public_company_view(page: Mapping[str, Any]) -> dict[str, Any]:
    """A company's public page (`vte.company_page.company_public_page`) in French words."""
    headcount = page.get("headcount") or 0
    size = SIZE_WORDS.get(page.get("size_category") or "")
    staff = f"{headcount:,}".replace(",", "\u202f") + (" salariés" if headcount > 1 else " salarié")
    sector = page.get("sector")
    commune = (page.get("commune") or {}).get("name")
    territory = (page.get("territory") or {}).get("name")
    return {
        "id": page["id"],
        "name": page["name"],
        "verified": page.get("verified"),
        "description": paragraphs(page.get("description")),
        "website": page.get("website"),
        # NAF section labels are in capitals (« INDUSTRIE MANUFACTURIÈRE »).
        "sector": f"{sector['label']} — {sector['section'].capitalize()}" if sector else "Secteur non renseigné",
        "size": f"{size}, {staff}" if size and headcount else "Effectif non renseigné",
        "seat": (commune or "Commune non renseignée") + (f", Territoire d'industrie {territory}" if territory else ""),
        "places": ", ".join(page.get("places") or []),
        "offers": [offer_facts(o) for o in page.get("offers") or []],
        "open_offers": page.get("open_offers", 0),
    }
