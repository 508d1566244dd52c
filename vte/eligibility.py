"""VTE eligibility of a company (and of a mission), from a versioned table of aid rules.

Pure: no database, no Flask. The caller gathers the facts (company size, Territoire d'industrie
membership of its commune in the current list) and passes the rules; `assess` answers whether the
company is a PME/ETI, whether it is in a Territoire d'industrie, and which aids it may expect.

Amounts are data, not code: `DEFAULT_AID_RULES` below is the table shipped with the project, and a
deployment replaces it with a JSON file of the same shape named by `VTE_AID_RULES_FILE`
(`rules_for_config`). Each rule set has a `version`, a `source` and `source_date`, and applies from
`valid_from` to `valid_until` (inclusive, null: open); the set valid on the date asked wins (the most
recent `valid_from` when several are).

Three-valued answers: `True`, `False`, or `None` when a fact is unknown (no current list of
Territoires d'industrie loaded, headcount not given). Unknown is never reported as `False`.
"""

from __future__ import annotations

import json
import os
import threading
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

CONTRACT_TYPES = ("apprentissage", "professionnalisation", "cdd", "cdi")

# The rule sets shipped with the project. Figures to be checked against Bpifrance's current
# conditions before they are shown as more than an estimate (see each set's and aid's `notes`).
DEFAULT_AID_RULES: list[dict[str, Any]] = [
    {
        "version": "vte-2021-2022",
        "title": "Aides VTE du plan de relance (VTE Territoires d'industrie, VTE Vert)",
        "source": (
            "Préfectures du Nord (mise à jour du 15/04/2021) et du Puy-de-Dôme (mise à jour du "
            "28/02/2022) : « Aide volontariat territorial en entreprise vert » ; fiches publiques "
            "décrivant l'aide VTE Territoires d'industrie de 4 000 €"
        ),
        "source_date": "2022-02-28",
        "valid_from": "2021-01-01",
        "valid_until": "2022-12-31",
        "notes": (
            "Période d'application approximative (plan de relance, « 1 jeune, 1 solution ») ; "
            "conservée pour les estimations datées d'avant 2023."
        ),
        "size": {"pme_max_headcount": 249, "eti_max_headcount": 4999},
        "aids": [
            {
                "code": "vte_ti",
                "label": "Aide VTE Territoires d'industrie",
                "amount_eur": 4000,
                "unit": "par VTE recruté",
                "conditions": {
                    "pme_eti": True,
                    "in_territory": True,
                    "contract_types": list(CONTRACT_TYPES),
                    "min_cdd_months": 12,
                },
                "notes": "Montant relevé sur des fiches publiques de 2021-2022 ; à vérifier auprès de Bpifrance.",
            },
            {
                "code": "vte_vert",
                "label": "Aide VTE Vert",
                "amount_eur": 12000,
                "unit": "par VTE recruté (montant maximal)",
                "conditions": {
                    "pme_eti": True,
                    "green_mission": True,
                    "contract_types": list(CONTRACT_TYPES),
                    "min_cdd_months": 12,
                },
                "notes": (
                    "« Jusqu'à 12 000 € » selon les préfectures (certaines fiches indiquent 8 000 €) ; "
                    "ouverte aux PME et ETI de toute la France, cumulable avec l'aide VTE Territoires "
                    "d'industrie selon les fiches publiques ; à vérifier auprès de Bpifrance."
                ),
            },
        ],
    },
    {
        "version": "vte-2023-2027",
        "title": "Aides VTE 2023-2027 (Territoires d'industrie, VTE Vert)",
        "source": (
            "Montants retenus pour VTE Match d'après la présentation du programme Territoires "
            "d'industrie 2023-2027 et du VTE (Bpifrance, vte-france.fr) ; non vérifiés auprès de "
            "Bpifrance"
        ),
        "source_date": "2026-11-27",
        "valid_from": "2023-01-01",
        "valid_until": "2027-12-31",
        "notes": (
            "À VÉRIFIER : les fiches publiques de 2021-2022 donnaient 4 000 € pour l'aide VTE "
            "Territoires d'industrie ; les montants ci-dessous sont ceux retenus par le projet et "
            "doivent être confrontés aux conditions en vigueur de Bpifrance avant toute "
            "communication ferme. « source_date » est la date de saisie de ces montants dans "
            "VTE Match. Remplacez ce tableau par un fichier JSON (VTE_AID_RULES_FILE)."
        ),
        "size": {"pme_max_headcount": 249, "eti_max_headcount": 4999},
        "aids": [
            {
                "code": "vte_ti",
                "label": "Aide VTE Territoires d'industrie",
                "amount_eur": 8000,
                "unit": "par VTE recruté",
                "conditions": {
                    "pme_eti": True,
                    "in_territory": True,
                    "contract_types": list(CONTRACT_TYPES),
                    "min_cdd_months": 12,
                },
                "notes": (
                    "Hypothèse : les contrats d'alternance (apprentissage, professionnalisation) "
                    "ouvrent droit à l'aide comme les CDD d'au moins 12 mois et les CDI, puisque le "
                    "programme VTE les accepte ; à confirmer auprès de Bpifrance, de même que le "
                    "montant et un éventuel plafond par entreprise."
                ),
            },
            {
                "code": "vte_vert",
                "label": "Aide VTE Vert",
                "amount_eur": 12000,
                "unit": "par VTE recruté (montant maximal)",
                "conditions": {
                    "pme_eti": True,
                    "green_mission": True,
                    "contract_types": list(CONTRACT_TYPES),
                    "min_cdd_months": 12,
                },
                "notes": (
                    "Mission de transition écologique et énergétique ; PME et ETI de toute la France "
                    "(pas seulement en Territoire d'industrie). Montant maximal et cumul avec l'aide "
                    "VTE Territoires d'industrie à vérifier auprès de Bpifrance."
                ),
            },
        ],
    },
]

RULE_SET_KEYS = {"version", "title", "source", "source_date", "valid_from", "valid_until", "notes", "size", "aids"}
RULE_SET_REQUIRED = {"version", "source", "source_date", "valid_from", "aids"}
SIZE_KEYS = {"pme_max_headcount", "eti_max_headcount"}
AID_KEYS = {"code", "label", "amount_eur", "unit", "conditions", "notes"}
AID_REQUIRED = {"code", "label", "amount_eur", "conditions"}
CONDITION_KEYS = {"pme_eti", "in_territory", "green_mission", "contract_types", "min_cdd_months"}
DEFAULT_SIZE = {"pme_max_headcount": 249, "eti_max_headcount": 4999}


class AidRulesError(ValueError):
    """The rules table is malformed; the message (French) names the rule set and the key."""


# --------------------------------------------------------------------------- facts


@dataclass(frozen=True)
class CompanyFacts:
    headcount: int | None


@dataclass(frozen=True)
class TerritoryFacts:
    """Membership of the company's commune in the current list of Territoires d'industrie.
    `list_version` is the current list's version (None: no list loaded, membership unknown)."""

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


# --------------------------------------------------------------------------- rules table


def _date(value: Any, where: str, key: str, required: bool = True) -> date | None:
    if value is None and not required:
        return None
    if isinstance(value, date):
        return value
    try:
        return date.fromisoformat(str(value))
    except ValueError:
        raise AidRulesError(f"{where} : « {key} » doit être une date AAAA-MM-JJ (reçu : {value!r}).") from None


def _check_keys(data: Any, allowed: set[str], required: set[str], where: str) -> None:
    if not isinstance(data, Mapping):
        raise AidRulesError(f"{where} : un objet JSON est attendu.")
    unknown = sorted(set(data) - allowed)
    if unknown:
        raise AidRulesError(
            f"{where} : clé(s) inconnue(s) {', '.join(unknown)} (attendues : {', '.join(sorted(allowed))})."
        )
    missing = sorted(required - set(data))
    if missing:
        raise AidRulesError(f"{where} : clé(s) obligatoire(s) manquante(s) : {', '.join(missing)}.")


def _conditions(data: Any, where: str) -> dict[str, Any]:
    _check_keys(data, CONDITION_KEYS, set(), where)
    out = dict(data)
    for key in ("pme_eti", "in_territory", "green_mission"):
        if key in out and not isinstance(out[key], bool):
            raise AidRulesError(f"{where} : « {key} » doit valoir true ou false.")
    if "contract_types" in out:
        types = out["contract_types"]
        if not isinstance(types, list) or not types or any(t not in CONTRACT_TYPES for t in types):
            raise AidRulesError(f"{where} : « contract_types » doit être une liste parmi {', '.join(CONTRACT_TYPES)}.")
    if "min_cdd_months" in out and (not isinstance(out["min_cdd_months"], int) or out["min_cdd_months"] < 0):
        raise AidRulesError(f"{where} : « min_cdd_months » doit être un entier positif.")
    return out


def validate_rules(data: Any) -> list[dict[str, Any]]:
    """Check a rules table (a list of rule sets) and return it with dates parsed. Unknown keys are
    errors, so a typo in a deployment's file never passes silently."""
    if not isinstance(data, list) or not data:
        raise AidRulesError("Le tableau des aides doit être une liste non vide de jeux de règles.")
    result, versions = [], set()
    for n, raw in enumerate(data, start=1):
        where = f"jeu de règles n° {n}"
        _check_keys(raw, RULE_SET_KEYS, RULE_SET_REQUIRED, where)
        where = f"jeu de règles « {raw['version']} »"
        if raw["version"] in versions:
            raise AidRulesError(f"{where} : version en double.")
        versions.add(raw["version"])
        rule = dict(raw)
        rule["source_date"] = _date(raw["source_date"], where, "source_date")
        rule["valid_from"] = _date(raw["valid_from"], where, "valid_from")
        rule["valid_until"] = _date(raw.get("valid_until"), where, "valid_until", required=False)
        if rule["valid_until"] is not None and rule["valid_until"] < rule["valid_from"]:
            raise AidRulesError(f"{where} : « valid_until » précède « valid_from ».")
        size = raw.get("size", DEFAULT_SIZE)
        _check_keys(size, SIZE_KEYS, SIZE_KEYS, f"{where}, size")
        if (
            not all(isinstance(size[k], int) and size[k] > 0 for k in SIZE_KEYS)
            or size["pme_max_headcount"] >= size["eti_max_headcount"]
        ):
            raise AidRulesError(f"{where}, size : seuils entiers attendus, PME < ETI.")
        rule["size"] = dict(size)
        if not isinstance(raw["aids"], list):
            raise AidRulesError(f"{where} : « aids » doit être une liste.")
        aids, codes = [], set()
        for aid in raw["aids"]:
            aid_where = f"{where}, aide {aid.get('code', '?') if isinstance(aid, Mapping) else '?'}"
            _check_keys(aid, AID_KEYS, AID_REQUIRED, aid_where)
            if aid["code"] in codes:
                raise AidRulesError(f"{aid_where} : code en double.")
            codes.add(aid["code"])
            amount = aid["amount_eur"]
            if isinstance(amount, bool) or not isinstance(amount, (int, float)) or amount < 0:
                raise AidRulesError(f"{aid_where} : « amount_eur » doit être un montant positif en euros.")
            aids.append({**aid, "conditions": _conditions(aid["conditions"], f"{aid_where}, conditions")})
        rule["aids"] = aids
        result.append(rule)
    return result


def load_rules_file(path: str) -> list[dict[str, Any]]:
    try:
        with open(path, encoding="utf-8") as fh:
            data = json.load(fh)
    except OSError as exc:
        raise AidRulesError(f"Fichier des aides VTE illisible ({path}) : {exc.strerror or exc}.") from None
    except json.JSONDecodeError as exc:
        raise AidRulesError(
            f"Fichier des aides VTE ({path}) : JSON invalide, ligne {exc.lineno} : {exc.msg}."
        ) from None
    try:
        return validate_rules(data)
    except AidRulesError as exc:
        raise AidRulesError(f"Fichier des aides VTE ({path}) : {exc}") from None


_CACHE: dict[Any, list[dict[str, Any]]] = {}
_CACHE_LOCK = threading.Lock()


def rules_for_config(config: Mapping[str, Any]) -> list[dict[str, Any]]:
    """The rules table of this configuration: the JSON file named by `VTE_AID_RULES_FILE`, or the
    shipped default. Read once per file version (path and modification time)."""
    path = config.get("VTE_AID_RULES_FILE")
    if not path:
        key: Any = "default"
    else:
        try:
            key = (path, os.stat(path).st_mtime_ns)
        except OSError as exc:
            raise AidRulesError(f"Fichier des aides VTE introuvable ({path}) : {exc.strerror or exc}.") from None
    with _CACHE_LOCK:
        if key not in _CACHE:
            _CACHE[key] = validate_rules(DEFAULT_AID_RULES) if key == "default" else load_rules_file(path)
        return _CACHE[key]


def rule_set_on(rules: Sequence[Mapping[str, Any]], on: date) -> Mapping[str, Any] | None:
    """The rule set in force on `on` (the latest `valid_from` among those that cover it)."""
    valid = [r for r in rules if r["valid_from"] <= on and (r["valid_until"] is None or on <= r["valid_until"])]
    return max(valid, key=lambda r: r["valid_from"]) if valid else None


def company_size_limit(rules: Sequence[Mapping[str, Any]], on: date) -> int:
    """The largest headcount a company may have to take part in the VTE on `on`: the ETI threshold
    of the rule set in force (of the shipped default size when no rule set covers the date). The
    one source of this limit, for publishing and for the offers the ranking shows."""
    rule = rule_set_on(rules, on)
    return int((rule["size"] if rule else DEFAULT_SIZE)["eti_max_headcount"])


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


def _territory_message(territory: TerritoryFacts) -> str:
    if not territory.known:
        return (
            "Appartenance à un Territoire d'industrie inconnue : aucune liste des Territoires "
            "d'industrie n'est chargée."
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


def _condition_results(
    conditions: Mapping[str, Any],
    pme_eti: bool | None,
    territory: TerritoryFacts,
    mission: MissionFacts | None,
    size: Mapping[str, int],
) -> tuple[list[dict[str, Any]], list[str]]:
    """(evaluated conditions, conditions left to check on each mission)."""
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
                "message": "Commune située dans un Territoire d'industrie de la liste en vigueur.",
            }
        )
    if conditions.get("green_mission"):
        text = "Mission de transition écologique et énergétique (offre « VTE Vert »)."
        if mission is None:
            per_mission.append(text)
        else:
            results.append({"code": "green_mission", "met": bool(mission.green), "message": text})
    types = conditions.get("contract_types")
    months = conditions.get("min_cdd_months")
    if types or months:
        parts = []
        if types:
            parts.append("contrat : " + ", ".join(types))
        if months:
            parts.append(f"CDD d'au moins {months} mois")
        text = "Contrat éligible (" + " ; ".join(parts) + ")."
        if mission is None:
            per_mission.append(text)
        else:
            met = not types or mission.contract_type in types
            if met and months and mission.contract_type == "cdd":
                met = None if mission.duration_months is None else mission.duration_months >= months
            results.append({"code": "contract", "met": met, "message": text})
    return results, per_mission


def assess(
    company: CompanyFacts,
    territory: TerritoryFacts,
    rules: Sequence[Mapping[str, Any]],
    on: date,
    mission: MissionFacts | None = None,
) -> dict[str, Any]:
    """Eligibility of a company (and, with `mission`, of one of its missions) on date `on`.

    `rules` is a validated table (`validate_rules` / `rules_for_config`). Without a mission the
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
    for aid in rule["aids"] if rule else []:
        conditions, per_mission = _condition_results(aid["conditions"], pme_eti, territory, mission, size)
        aids.append(
            {
                "code": aid["code"],
                "label": aid["label"],
                "amount_eur": aid["amount_eur"],
                "unit": aid.get("unit"),
                "eligible": _all(c["met"] for c in conditions),
                "conditions": conditions,
                "mission_conditions": per_mission,
                "notes": aid.get("notes"),
            }
        )
    return {
        "date": on,
        "in_territory": in_territory,
        "territory": (
            {"name": territory.territory, "list_version": territory.list_version} if territory.territory else None
        ),
        "territory_list_version": territory.list_version,
        "territory_message": _territory_message(territory),
        "headcount": company.headcount,
        "size_category": category,
        "pme": pme,
        "pme_eti": pme_eti,
        "size_message": _size_message(category, company.headcount, size),
        "aids": aids,
        "rules": (
            {
                k: rule.get(k)
                for k in ("version", "title", "source", "source_date", "valid_from", "valid_until", "notes")
            }
            if rule
            else None
        ),
        "rules_message": None
        if rule
        else f"Aucun barème d'aides VTE en vigueur le {on.isoformat()} : montants inconnus.",
    }
