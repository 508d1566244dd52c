"""VTE eligibility is a pure function of (company facts, territory, rules, date): no Flask here."""

import copy
import json
import os
from datetime import date

import pytest

from vte.eligibility import (
    DEFAULT_AID_RULES,
    AidRulesError,
    CompanyFacts,
    MissionFacts,
    TerritoryFacts,
    assess,
    rule_set_on,
    rules_for_config,
    size_category,
    validate_rules,
)

RULES = validate_rules(DEFAULT_AID_RULES)
DAY = date(2026, 3, 1)
IN_TI = TerritoryFacts(list_version="2020", territory="Plastics Vallée")
OUT_OF_TI = TerritoryFacts(list_version="2020")
UNKNOWN_TI = TerritoryFacts(list_version=None)


def aid(result, code):
    return next(a for a in result["aids"] if a["code"] == code)


def test_sme_in_a_territory_gets_both_aids_with_the_rules_source():
    result = assess(CompanyFacts(headcount=80), IN_TI, RULES, DAY)
    assert result["in_territory"] is True
    assert result["territory"] == {"name": "Plastics Vallée", "list_version": "2020"}
    assert (result["size_category"], result["pme"], result["pme_eti"]) == ("pme", True, True)
    assert aid(result, "vte_ti")["eligible"] is True and aid(result, "vte_ti")["amount_eur"] == 8000
    vert = aid(result, "vte_vert")
    assert vert["eligible"] is True and vert["amount_eur"] == 12000
    assert any("transition écologique" in text for text in vert["mission_conditions"])
    assert result["rules"]["version"] == "vte-2023-2027"
    assert isinstance(result["rules"]["source_date"], date)
    assert "VÉRIFIER" in result["rules"]["notes"]


def test_outside_a_territory_only_the_green_aid_remains():
    result = assess(CompanyFacts(headcount=300), OUT_OF_TI, RULES, DAY)
    assert result["in_territory"] is False and result["territory"] is None
    assert (result["size_category"], result["pme"], result["pme_eti"]) == ("eti", False, True)
    assert aid(result, "vte_ti")["eligible"] is False
    assert aid(result, "vte_vert")["eligible"] is True
    assert "hors des Territoires" in result["territory_message"]


def test_unknown_membership_is_never_reported_as_false():
    result = assess(CompanyFacts(headcount=80), UNKNOWN_TI, RULES, DAY)
    assert result["in_territory"] is None and result["territory_list_version"] is None
    assert aid(result, "vte_ti")["eligible"] is None
    assert "inconnue" in result["territory_message"]


def test_large_company_is_neither_pme_nor_eti():
    result = assess(CompanyFacts(headcount=6000), IN_TI, RULES, DAY)
    assert (result["size_category"], result["pme"], result["pme_eti"]) == ("grande_entreprise", False, False)
    assert all(a["eligible"] is False for a in result["aids"])
    assert "grande entreprise" in result["size_message"]


def test_size_thresholds():
    assert [size_category(n) for n in (1, 249, 250, 4999, 5000, None)] == [
        "pme",
        "pme",
        "eti",
        "eti",
        "grande_entreprise",
        None,
    ]


def test_the_rule_set_in_force_depends_on_the_date():
    assert aid(assess(CompanyFacts(80), IN_TI, RULES, date(2022, 6, 1)), "vte_ti")["amount_eur"] == 4000
    assert rule_set_on(RULES, date(2024, 1, 1))["version"] == "vte-2023-2027"
    late = assess(CompanyFacts(80), IN_TI, RULES, date(2031, 1, 1))
    assert late["aids"] == [] and late["rules"] is None and "Aucun barème" in late["rules_message"]


def test_a_mission_is_checked_against_the_contract_and_green_conditions():
    company = CompanyFacts(headcount=80)
    short_cdd = assess(company, IN_TI, RULES, DAY, MissionFacts("cdd", duration_months=6))
    assert aid(short_cdd, "vte_ti")["eligible"] is False
    green_cdi = assess(company, OUT_OF_TI, RULES, DAY, MissionFacts("cdi", green=True))
    assert aid(green_cdi, "vte_vert")["eligible"] is True and aid(green_cdi, "vte_ti")["eligible"] is False
    not_green = assess(company, IN_TI, RULES, DAY, MissionFacts("apprentissage", duration_months=24))
    assert aid(not_green, "vte_vert")["eligible"] is False and aid(not_green, "vte_ti")["eligible"] is True
    assert aid(not_green, "vte_ti")["mission_conditions"] == []


def test_amounts_come_from_the_table_not_the_code():
    rules = copy.deepcopy(DEFAULT_AID_RULES)
    rules[-1]["aids"][0]["amount_eur"] = 9500
    result = assess(CompanyFacts(80), IN_TI, validate_rules(rules), DAY)
    assert aid(result, "vte_ti")["amount_eur"] == 9500


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda r: r[0].update(amout_eur=1), "amout_eur"),
        (lambda r: r[0]["aids"][0].update(amount_eur=-5), "amount_eur"),
        (lambda r: r[0]["aids"][0]["conditions"].update(contract_types=["stage"]), "contract_types"),
        (lambda r: r[0].update(valid_from="2023-13-01"), "valid_from"),
        (lambda r: r[0].pop("source_date"), "source_date"),
    ],
)
def test_a_malformed_table_is_refused_with_a_message_naming_the_key(mutate, words):
    rules = copy.deepcopy(DEFAULT_AID_RULES)
    mutate(rules)
    with pytest.raises(AidRulesError, match=words):
        validate_rules(rules)


def test_a_json_file_named_in_the_configuration_replaces_the_table(tmp_path):
    rules = copy.deepcopy(DEFAULT_AID_RULES[-1:])
    rules[0]["version"] = "bpifrance-2026-07"
    rules[0]["aids"][1]["amount_eur"] = 10000
    path = tmp_path / "aides.json"
    path.write_text(json.dumps(rules), encoding="utf-8")
    loaded = rules_for_config({"VTE_AID_RULES_FILE": str(path)})
    result = assess(CompanyFacts(80), IN_TI, loaded, DAY)
    assert result["rules"]["version"] == "bpifrance-2026-07" and aid(result, "vte_vert")["amount_eur"] == 10000
    assert rules_for_config({})[-1]["version"] == "vte-2023-2027"
    path.write_text("[{", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # another modification time: the file is read again
    with pytest.raises(AidRulesError, match="JSON invalide"):
        rules_for_config({"VTE_AID_RULES_FILE": str(path)})
