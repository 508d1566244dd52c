"""The VTE rules table: validation, loading (shipped default or a deployment's JSON file), and the
rule set in force on a date. Pure: no database, no Flask. `vte.eligibility` applies the rules."""

from __future__ import annotations

import json
import os
import re
import threading
from collections.abc import Mapping, Sequence
from datetime import date
from typing import Any

from .aid_rules import DEFAULT_AID_RULES

CONTRACT_TYPES = ("apprentissage", "professionnalisation", "cdd", "cdi")
WORK_STUDY = ("apprentissage", "professionnalisation")
CONTRACT_NAMES = {
    "apprentissage": "contrat d'apprentissage",
    "professionnalisation": "contrat de professionnalisation",
    "cdd": "CDD",
    "cdi": "CDI",
}

SOURCED_KEYS = {"sources", "checked_on", "confirmed_until"}
RULE_SET_KEYS = {
    "version",
    "title",
    "valid_from",
    "valid_until",
    "checked_on",
    "notes",
    "size",
    "missions",
    "candidates",
    "companies",
    "aids",
}
RULE_SET_REQUIRED = {"version", "valid_from", "checked_on", "missions", "candidates", "companies", "aids"}
SIZE_KEYS = {"pme_max_headcount", "eti_max_headcount"}
MISSION_KEYS = {"work_study_min_months", "green_work_study_min_months", "cdd_min_months", "cdi"}
CANDIDATE_KEYS = {"min_level", "green_min_level", "job_max_years_since_graduation", "age_limit"}
COMPANY_KEYS = {"pme_eti", "head_office_in_france"}
AID_KEYS = {
    "code",
    "label",
    "amount_eur",
    "unit",
    "conditions",
    "amount_with_work_study_aid_eur",
    "per_establishment",
    "max_establishments_per_company",
    "cumulative_with",
    "notes",
} | SOURCED_KEYS
AID_REQUIRED = {"code", "label", "amount_eur", "conditions", "sources", "checked_on"}
CONDITION_KEYS = {"pme_eti", "in_territory", "green_mission", "contract_types", "eligible_mission"}
SOURCE_KEYS = {"title", "address", "date"}
SOURCE_DATE = re.compile(r"^\d{4}(-\d{2}(-\d{2})?)?$")
DEFAULT_SIZE = {"pme_max_headcount": 249, "eti_max_headcount": 4999}


class AidRulesError(ValueError):
    """The rules table is malformed; the message (French) names the rule set and the key."""


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


def _count(value: Any, where: str, key: str, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, int) or value < 0:
        raise AidRulesError(f"{where} : « {key} » doit être un entier positif.")


def _sourced(data: Mapping[str, Any], where: str) -> dict[str, Any]:
    """The sources, `checked_on` and `confirmed_until` of a rule or an aid, checked and parsed."""
    sources = data.get("sources")
    if not isinstance(sources, list) or not sources:
        raise AidRulesError(f"{where} : « sources » doit être une liste non vide de sources.")
    for n, source in enumerate(sources, start=1):
        _check_keys(source, SOURCE_KEYS, SOURCE_KEYS, f"{where}, source n° {n}")
        if not isinstance(source["title"], str) or not source["title"].strip():
            raise AidRulesError(f"{where}, source n° {n} : « title » doit être un texte non vide.")
        if source["address"] is not None and not isinstance(source["address"], str):
            raise AidRulesError(f"{where}, source n° {n} : « address » doit être un texte ou null.")
        if source["date"] is not None and not SOURCE_DATE.match(str(source["date"])):
            raise AidRulesError(f"{where}, source n° {n} : « date » doit s'écrire AAAA, AAAA-MM ou AAAA-MM-JJ.")
    return {
        "sources": [dict(s) for s in sources],
        "checked_on": _date(data.get("checked_on"), where, "checked_on"),
        "confirmed_until": _date(data.get("confirmed_until"), where, "confirmed_until", required=False),
    }


def _section(data: Any, keys: set[str], where: str) -> dict[str, Any]:
    """A sourced rule (missions, candidates, companies): its own keys, all required, and its sources."""
    _check_keys(data, keys | SOURCED_KEYS, keys | {"sources", "checked_on"}, where)
    return {**data, **_sourced(data, where)}


def _missions(data: Any, where: str) -> dict[str, Any]:
    out = _section(data, MISSION_KEYS, where)
    for key in MISSION_KEYS - {"cdi"}:
        _count(out[key], where, key)
    if not isinstance(out["cdi"], bool):
        raise AidRulesError(f"{where} : « cdi » doit valoir true ou false.")
    return out


def _candidates(data: Any, where: str) -> dict[str, Any]:
    out = _section(data, CANDIDATE_KEYS, where)
    for key in ("min_level", "green_min_level"):
        _count(out[key], where, key)
    for key in ("job_max_years_since_graduation", "age_limit"):
        _count(out[key], where, key, optional=True)
    return out


def _companies(data: Any, where: str) -> dict[str, Any]:
    out = _section(data, COMPANY_KEYS, where)
    if not all(isinstance(out[k], bool) for k in COMPANY_KEYS):
        raise AidRulesError(f"{where} : « pme_eti » et « head_office_in_france » valent true ou false.")
    return out


def _conditions(data: Any, where: str) -> dict[str, Any]:
    _check_keys(data, CONDITION_KEYS, set(), where)
    out = dict(data)
    for key in ("pme_eti", "in_territory", "green_mission", "eligible_mission"):
        if key in out and not isinstance(out[key], bool):
            raise AidRulesError(f"{where} : « {key} » doit valoir true ou false.")
    if "contract_types" in out:
        types = out["contract_types"]
        if not isinstance(types, list) or not types or any(t not in CONTRACT_TYPES for t in types):
            raise AidRulesError(f"{where} : « contract_types » doit être une liste parmi {', '.join(CONTRACT_TYPES)}.")
    return out


def _amount(value: Any, where: str, key: str, optional: bool = False) -> None:
    if value is None and optional:
        return
    if isinstance(value, bool) or not isinstance(value, (int, float)) or value < 0:
        raise AidRulesError(f"{where} : « {key} » doit être un montant positif en euros.")


def _aid(aid: Any, where: str) -> dict[str, Any]:
    _check_keys(aid, AID_KEYS, AID_REQUIRED, where)
    _amount(aid["amount_eur"], where, "amount_eur")
    _amount(aid.get("amount_with_work_study_aid_eur"), where, "amount_with_work_study_aid_eur", optional=True)
    for key in ("per_establishment", "max_establishments_per_company"):
        _count(aid.get(key), where, key, optional=True)
    cumulative = aid.get("cumulative_with", [])
    if not isinstance(cumulative, list) or not all(isinstance(c, str) for c in cumulative):
        raise AidRulesError(f"{where} : « cumulative_with » doit être une liste de codes d'aides.")
    return {
        **aid,
        "cumulative_with": list(cumulative),
        "conditions": _conditions(aid["conditions"], f"{where}, conditions"),
        **_sourced(aid, where),
    }


def _rule_set(raw: Any, n: int) -> dict[str, Any]:
    where = f"jeu de règles n° {n}"
    _check_keys(raw, RULE_SET_KEYS, RULE_SET_REQUIRED, where)
    where = f"jeu de règles « {raw['version']} »"
    rule = dict(raw)
    rule["checked_on"] = _date(raw["checked_on"], where, "checked_on")
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
    rule["missions"] = _missions(raw["missions"], f"{where}, missions")
    rule["candidates"] = _candidates(raw["candidates"], f"{where}, candidates")
    rule["companies"] = _companies(raw["companies"], f"{where}, companies")
    if not isinstance(raw["aids"], list):
        raise AidRulesError(f"{where} : « aids » doit être une liste.")
    aids, codes = [], set()
    for aid in raw["aids"]:
        aid_where = f"{where}, aide {aid.get('code', '?') if isinstance(aid, Mapping) else '?'}"
        checked = _aid(aid, aid_where)
        if checked["code"] in codes:
            raise AidRulesError(f"{aid_where} : code en double.")
        codes.add(checked["code"])
        aids.append(checked)
    rule["aids"] = aids
    return rule


def validate_rules(data: Any) -> list[dict[str, Any]]:
    """Check a rules table (a list of rule sets) and return it with dates parsed. Unknown keys are
    errors, so a typo in a deployment's file never passes silently."""
    if not isinstance(data, list) or not data:
        raise AidRulesError("Le tableau des aides doit être une liste non vide de jeux de règles.")
    result, versions = [], set()
    for n, raw in enumerate(data, start=1):
        rule = _rule_set(raw, n)
        if rule["version"] in versions:
            raise AidRulesError(f"jeu de règles « {rule['version']} » : version en double.")
        versions.add(rule["version"])
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
