"""VTE eligibility of a company (and of a mission, a candidate), from a versioned, sourced rules table.

Pure: no database, no Flask. The caller gathers the facts (company size, Territoire d'industrie
membership of its commune in the list in force on the date assessed) and passes the rules;
`assess` answers whether the company is a PME/ETI, whether it is in a Territoire d'industrie, and
which aids it may expect; `mission_duration_problem` and `candidate_problems` apply the mission and
candidate rules.

Rules are data, not code: `vte.aid_rules.DEFAULT_AID_RULES` is the table shipped with the project,
and a deployment replaces it with a JSON file of the same shape named by `VTE_AID_RULES_FILE`
(`rules_for_config`). Each rule set has a `version` and applies from `valid_from` to `valid_until`
(inclusive, null: open); the set valid on the date asked wins (the most recent `valid_from` when
several are). Every rule and aid names its sources and the date it was last checked; users see them
as one short sentence (`source_sentence`), and `caveat` says when a rule is not confirmed for the
period assessed.

Three-valued answers: `True`, `False`, or `None` when a fact is unknown (no list of Territoires
d'industrie loaded for the date, headcount not given). Unknown is never reported as `False`.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from .aid_rules import DEFAULT_AID_RULES
from .rules_table import (
    CONTRACT_NAMES,
    CONTRACT_TYPES,
    DEFAULT_SIZE,
    WORK_STUDY,
    AidRulesError,
    company_size_limit,
    rule_set_on,
    rules_for_config,
    validate_rules,
)

__all__ = [
    "CONTRACT_NAMES",
    "CONTRACT_TYPES",
    "DEFAULT_AID_RULES",
    "AidRulesError",
    "CompanyFacts",
    "MissionFacts",
    "TerritoryFacts",
    "assess",
    "candidate_problems",
    "caveat",
    "company_size_limit",
    "mission_duration_problem",
    "mission_min_months",
    "rule_set_on",
    "rules_overview",
    "rules_for_config",
    "size_category",
    "source_sentence",
    "validate_rules",
]

# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class CompanyFacts:
    headcount: int | None


@dataclass(frozen=True)
class TerritoryFacts:
    """Membership of the company's commune in the list of Territoires d'industrie in force on the
    date assessed. `list_version` is that list's version (None: no list loaded for that date,
    membership unknown)."""

    list_version: str | None
    territory: str | None = None

    @property
    def known(self) -> bool:
        return self.list_version is not None


@dataclass(frozen=True)
class MissionFacts:
    """An offer (or a hire) when the aids of a precise mission are wanted."""

    contract_type: str
    duration_months: int | None = None
    green: bool = False


# --------------------------------------------------------------------------- sources, as users read them


def _source_date(value: str | None) -> str:
    """« 15/04/2021 », « 01/2022 », « 2023 » (as precise as the source)."""
    if not value:
        return ""
    return "/".join(reversed(str(value).split("-")))


def _day(value: date) -> str:
    return value.strftime("%d/%m/%Y")


def source_sentence(item: Mapping[str, Any]) -> str:
    """One short sentence naming the sources of a rule or an aid and the date they were checked:
    « Sources : nord.gouv.fr (15/04/2021), code.travail.gouv.fr ; vérifié le 04/12/2026. »"""
    names = []
    for source in item["sources"]:
        name = source.get("address") or source["title"]
        names.append(f"{name} ({_source_date(source['date'])})" if source.get("date") else name)
    word = "Sources" if len(names) > 1 else "Source"
    return f"{word} : {', '.join(names)} ; vérifié le {_day(item['checked_on'])}."


def caveat(item: Mapping[str, Any], on: date, what: str = "Montant non confirmé") -> str | None:
    """The sentence saying a rule (an amount) is not confirmed for the date `on`, when its sources
    stop before it; None when confirmed."""
    until = item.get("confirmed_until")
    if until is None or on <= until:
        return None
    return (
        f"{what} pour la période en cours : les sources s'arrêtent en {until.year} "
        f"(dernière vérification le {_day(item['checked_on'])})."
    )


# --------------------------------------------------------------------------- missions and candidates


def mission_min_months(rule: Mapping[str, Any], contract_type: str, green: bool = False) -> int | None:
    """The shortest eligible mission for this contract under the rule set (None: a CDI, no duration)."""
    missions = rule["missions"]
    if contract_type in WORK_STUDY:
        return missions["green_work_study_min_months"] if green else missions["work_study_min_months"]
    if contract_type == "cdd":
        return missions["cdd_min_months"]
    return None


def mission_duration_problem(
    rule: Mapping[str, Any] | None, contract_type: str, months: int | None, green: bool = False
) -> str | None:
    """What is wrong with the duration of a mission under the rule set, in French, if anything
    (None when it is long enough or no rule set applies). Missing durations are the caller's
    business: this only compares a given duration with the floor."""
    if rule is None or months is None:
        return None
    floor = mission_min_months(rule, contract_type, green)
    if floor is None or months >= floor:
        return None
    kind = "en alternance" if contract_type in WORK_STUDY else "en CDD"
    vert = " VTE Vert" if green and contract_type in WORK_STUDY else ""
    return f"Une mission{vert} {kind} dure au moins {floor} mois pour être éligible au VTE (reçu : {months})."


def candidate_problems(
    rule: Mapping[str, Any],
    level: int | None,
    contract_type: str,
    green: bool = False,
    years_since_graduation: int | None = None,
    age: int | None = None,
) -> list[str]:
    """The candidate rules a young person does not meet for this mission (French sentences; empty:
    eligible as far as the known facts go). Level as bac+N; `age` is accepted and never refused:
    the VTE has no age limit."""
    rules = rule["candidates"]
    problems = []
    floor = rules["green_min_level"] if green else rules["min_level"]
    if level is not None and level < floor:
        problems.append(f"Le {'VTE Vert' if green else 'VTE'} s'adresse aux titulaires d'un bac+{floor} au moins.")
    limit = rules["job_max_years_since_graduation"]
    job = contract_type in ("cdd", "cdi")
    if job and limit is not None and years_since_graduation is not None and years_since_graduation >= limit:
        problems.append(f"Un VTE en CDD ou CDI est ouvert aux diplômés depuis moins de {limit} ans.")
    if rules["age_limit"] is not None and age is not None and age > rules["age_limit"]:
        problems.append(f"Le VTE est ouvert jusqu'à {rules['age_limit']} ans.")
    return problems


def _mission_text(rule: Mapping[str, Any]) -> str:
    m = rule["missions"]
    cdi = ", ou CDI" if m["cdi"] else ""
    return (
        f"Mission d'au moins un an : alternance d'au moins {m['work_study_min_months']} mois "
        f"({m['green_work_study_min_months']} pour un VTE Vert), CDD d'au moins {m['cdd_min_months']} mois{cdi}."
    )


def _candidate_text(rule: Mapping[str, Any]) -> str:
    c = rule["candidates"]
    green = "" if c["green_min_level"] == c["min_level"] else f" (bac+{c['green_min_level']} pour un VTE Vert)"
    parts = [f"à partir de bac+{c['min_level']}{green}"]
    if c["job_max_years_since_graduation"] is not None:
        parts.append(f"diplômés depuis moins de {c['job_max_years_since_graduation']} ans pour un CDD ou un CDI")
    parts.append("sans limite d'âge" if c["age_limit"] is None else f"jusqu'à {c['age_limit']} ans")
    return "Jeunes " + ", ".join(parts) + "."


def _company_text(rule: Mapping[str, Any]) -> str:
    c = rule["companies"]
    parts = []
    if c["pme_eti"]:
        parts.append("PME ou ETI (définition européenne), de tout secteur")
    if c["head_office_in_france"]:
        parts.append("siège social en France")
    return "Entreprises : " + ", ".join(parts) + "."


def rule_summaries(rule: Mapping[str, Any], on: date) -> list[dict[str, Any]]:
    """The mission, candidate and company rules of a rule set as users read them, each with its
    source sentence and, past its confirmation, a caveat."""
    return [
        {
            "code": code,
            "text": text(rule),
            "source_text": source_sentence(rule[code]),
            "caveat": caveat(rule[code], on, "Règle non confirmée"),
        }
        for code, text in (("missions", _mission_text), ("candidates", _candidate_text), ("companies", _company_text))
    ]


# --------------------------------------------------------------------------- assessment


def _all(values: Iterable[bool | None]) -> bool | None:
    """Three-valued AND: False if any is False, else None if any is unknown, else True."""
    values = list(values)
    if any(v is False for v in values):
        return False
    if any(v is None for v in values):
        return None
    return True


def size_category(headcount: int | None, size: Mapping[str, int] = DEFAULT_SIZE) -> str | None:
    """ "pme", "eti", "grande_entreprise", or None when the headcount is unknown. By headcount
    alone: the legal definition (décret 2008-1354) also weighs turnover and balance sheet."""
    if headcount is None:
        return None
    if headcount <= size["pme_max_headcount"]:
        return "pme"
    if headcount <= size["eti_max_headcount"]:
        return "eti"
    return "grande_entreprise"


SIZE_LABELS = {"pme": "PME", "eti": "ETI", "grande_entreprise": "grande entreprise"}


def _territory_message(territory: TerritoryFacts, on: date) -> str:
    if not territory.known:
        return (
            "Appartenance à un Territoire d'industrie inconnue : la liste des Territoires d'industrie "
            f"en vigueur le {_day(on)} n'est pas chargée."
        )
    if territory.territory:
        return (
            f"Commune située dans le Territoire d'industrie « {territory.territory} » (liste {territory.list_version})."
        )
    return f"Commune hors des Territoires d'industrie (liste {territory.list_version})."


def _size_message(category: str | None, headcount: int | None, size: Mapping[str, int]) -> str:
    if category is None:
        return "Effectif inconnu : catégorie d'entreprise indéterminée."
    if category == "grande_entreprise":
        return (
            f"{headcount} salariés : grande entreprise (plus de {size['eti_max_headcount']} salariés), "
            "hors du programme VTE réservé aux PME et ETI."
        )
    return f"{headcount} salariés : {SIZE_LABELS[category]} (catégorie estimée d'après l'effectif seul)."


def _contract_text(rule: Mapping[str, Any], types: list[str], green: bool) -> str:
    """« Contrat éligible : alternance d'au moins 12 mois, CDD d'au moins 12 mois ou CDI. »"""
    parts = []
    work_study = [t for t in types if t in WORK_STUDY]
    if work_study:
        name = "alternance" if len(work_study) == len(WORK_STUDY) else CONTRACT_NAMES[work_study[0]]
        parts.append(f"{name} d'au moins {mission_min_months(rule, work_study[0], green)} mois")
    if "cdd" in types:
        parts.append(f"CDD d'au moins {mission_min_months(rule, 'cdd', green)} mois")
    if "cdi" in types:
        parts.append("CDI")
    listed = ", ".join(parts[:-1]) + " ou " + parts[-1] if len(parts) > 1 else parts[0]
    return f"Contrat éligible : {listed}."


def _mission_met(rule: Mapping[str, Any], types: list[str] | None, mission: MissionFacts, green: bool) -> bool | None:
    if types and mission.contract_type not in types:
        return False
    floor = mission_min_months(rule, mission.contract_type, green)
    if floor is None:
        return True
    if mission.duration_months is None:
        return None
    return mission.duration_months >= floor


def _condition_results(
    rule: Mapping[str, Any],
    conditions: Mapping[str, Any],
    pme_eti: bool | None,
    territory: TerritoryFacts,
    mission: MissionFacts | None,
) -> tuple[list[dict[str, Any]], list[str]]:
    """(evaluated conditions, conditions left to check on each mission)."""
    size = rule["size"]
    results, per_mission = [], []
    if conditions.get("pme_eti"):
        results.append(
            {
                "code": "pme_eti",
                "met": pme_eti,
                "message": f"Entreprise PME ou ETI (au plus {size['eti_max_headcount']} salariés).",
            }
        )
    if conditions.get("in_territory"):
        results.append(
            {
                "code": "in_territory",
                "met": territory.territory is not None if territory.known else None,
                "message": "Entreprise située dans un Territoire d'industrie de la liste en vigueur.",
            }
        )
    green = bool(conditions.get("green_mission"))
    if green:
        text = "Mission de transition écologique et énergétique (offre « VTE Vert »)."
        if mission is None:
            per_mission.append(text)
        else:
            results.append({"code": "green_mission", "met": bool(mission.green), "message": text})
    types = conditions.get("contract_types") or (list(CONTRACT_TYPES) if conditions.get("eligible_mission") else None)
    if types:
        text = _contract_text(rule, types, green)
        if mission is None:
            per_mission.append(text)
        else:
            results.append({"code": "contract", "met": _mission_met(rule, types, mission, green), "message": text})
    return results, per_mission


def _limits(aid: Mapping[str, Any], labels: Mapping[str, str]) -> list[str]:
    """The aid's caps and limits as sentences."""
    out = []
    if aid.get("amount_with_work_study_aid_eur") is not None:
        out.append(
            f"Plafonnée à {aid['amount_with_work_study_aid_eur']:,} € si l'entreprise perçoit aussi l'aide "
            "exceptionnelle à l'embauche d'alternants.".replace(",", "\u202f")
        )
    if aid.get("per_establishment"):
        limit = aid.get("max_establishments_per_company")
        text = "Une aide par établissement (SIRET)"
        out.append(text + (f", {limit} établissements au plus par entreprise (SIREN)." if limit else "."))
    for code in aid.get("cumulative_with") or []:
        out.append(f"Cumulable avec l'{labels.get(code, code)[0].lower()}{labels.get(code, code)[1:]}.")
    return out


def _who(conditions: Mapping[str, Any]) -> str:
    """Whom an aid is for, in one sentence (the home page's cards)."""
    if conditions.get("in_territory"):
        return "Pour une PME ou ETI située dans un Territoire d'industrie."
    if conditions.get("green_mission"):
        return "Pour une mission de transition écologique, dans une PME ou ETI de toute la France."
    return "Pour une PME ou ETI."


def rules_overview(rules: Sequence[Mapping[str, Any]], on: date) -> dict[str, Any] | None:
    """The rules in force on `on` as the public pages show them (no company): the mission,
    candidate and company rules and the aids, each with its source sentence and caveat. None when
    no rule set covers the date."""
    rule = rule_set_on(rules, on)
    if rule is None:
        return None
    labels = {aid["code"]: aid["label"] for aid in rule["aids"]}
    return {
        **{k: rule.get(k) for k in ("version", "title", "valid_from", "valid_until", "checked_on")},
        "rules": rule_summaries(rule, on),
        "aids": [
            {
                "code": aid["code"],
                "label": aid["label"],
                "amount_eur": aid["amount_eur"],
                "unit": aid.get("unit"),
                "who": _who(aid["conditions"]),
                "limits": _limits(aid, labels),
                "source_text": source_sentence(aid),
                "caveat": caveat(aid, on),
            }
            for aid in rule["aids"]
        ],
    }


def assess(
    company: CompanyFacts,
    territory: TerritoryFacts,
    rules: Sequence[Mapping[str, Any]],
    on: date,
    mission: MissionFacts | None = None,
) -> dict[str, Any]:
    """Eligibility of a company (and, with `mission`, of one of its missions) on date `on`.

    `rules` is a validated table (`validate_rules` / `rules_for_config`); `territory` is the
    membership in the list of Territoires d'industrie in force on `on`. Without a mission the
    aids' mission conditions (VTE Vert's ecological-transition mission, the contract) are listed
    under `mission_conditions` and do not count in `eligible`: the answer says what the company
    can expect for a mission that meets them."""
    rule = rule_set_on(rules, on)
    size = rule["size"] if rule else DEFAULT_SIZE
    category = size_category(company.headcount, size)
    pme_eti = None if category is None else category in ("pme", "eti")
    pme = None if category is None else category == "pme"
    in_territory = (territory.territory is not None) if territory.known else None
    aids = []
    labels = {aid["code"]: aid["label"] for aid in rule["aids"]} if rule else {}
    for aid in rule["aids"] if rule else []:
        conditions, per_mission = _condition_results(rule, aid["conditions"], pme_eti, territory, mission)
        aids.append(
            {
                "code": aid["code"],
                "label": aid["label"],
                "amount_eur": aid["amount_eur"],
                "unit": aid.get("unit"),
                "eligible": _all(c["met"] for c in conditions),
                "conditions": conditions,
                "mission_conditions": per_mission,
                "limits": _limits(aid, labels),
                "source_text": source_sentence(aid),
                "caveat": caveat(aid, on),
            }
        )
    return {
        "date": on,
        "in_territory": in_territory,
        "territory": (
            {"name": territory.territory, "list_version": territory.list_version} if territory.territory else None
        ),
        "territory_list_version": territory.list_version,
        "territory_message": _territory_message(territory, on),
        "headcount": company.headcount,
        "size_category": category,
        "pme": pme,
        "pme_eti": pme_eti,
        "size_message": _size_message(category, company.headcount, size),
        "aids": aids,
        "rules": (
            {
                **{k: rule.get(k) for k in ("version", "title", "valid_from", "valid_until", "checked_on")},
                "rules": rule_summaries(rule, on),
            }
            if rule
            else None
        ),
        "rules_message": None if rule else f"Aucun barème d'aides VTE en vigueur le {_day(on)} : montants inconnus.",
    }
