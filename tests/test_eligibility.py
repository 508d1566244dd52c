"""VTE eligibility is a pure function of (company facts, territory, rules, date): no Flask here.

Each rule of the shipped table (`vte/aid_rules.py`) has a test below whose docstring names the
public source it comes from (as quoted in issue 14)."""

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
    candidate_problems,
    mission_duration_problem,
    mission_min_months,
    rule_set_on,
    rules_for_config,
    size_category,
    source_sentence,
    validate_rules,
)

RULES = validate_rules(DEFAULT_AID_RULES)
DAY = date(2026, 3, 1)
IN_TI = TerritoryFacts(list_version="2023-2027", territory="Plastics Vallée")
OUT_OF_TI = TerritoryFacts(list_version="2023-2027")
UNKNOWN_TI = TerritoryFacts(list_version=None)
SME = CompanyFacts(headcount=80)


def aid(result, code):
    return next(a for a in result["aids"] if a["code"] == code)


def addresses(item):
    return {source["address"] for source in item["sources"]}


def table_aid(on, code):
    return next(a for a in rule_set_on(RULES, on)["aids"] if a["code"] == code)


# --------------------------------------------------------------------------- missions


@pytest.mark.parametrize("on", [date(2021, 6, 1), date(2022, 6, 1), date(2024, 6, 1), DAY])
def test_missions_last_at_least_one_year(on):
    """Work-study of at least 12 months, a CDD of at least 12 months, or a CDI.
    Sources: vte-france.fr, FAQ entreprises; code.travail.gouv.fr, page « VTE Vert »."""
    rule = rule_set_on(RULES, on)
    assert {"vte-france.fr", "code.travail.gouv.fr"} <= addresses(rule["missions"])
    assert rule["missions"]["checked_on"] == date(2026, 12, 4)
    assert [mission_min_months(rule, c) for c in ("apprentissage", "professionnalisation", "cdd", "cdi")] == [
        12,
        12,
        12,
        None,
    ]
    assert "au moins 12 mois" in mission_duration_problem(rule, "apprentissage", 6)
    assert "au moins 12 mois" in mission_duration_problem(rule, "cdd", 11)
    assert mission_duration_problem(rule, "professionnalisation", 12) is None
    assert mission_duration_problem(rule, "cdi", None) is None


def test_vte_vert_work_study_floor_is_ten_months():
    """The VTE Vert work-study floor is 10 months (a CDD still lasts 12).
    Source: code.travail.gouv.fr, page « Volontariat territorial en entreprise (VTE) Vert »."""
    rule = rule_set_on(RULES, DAY)
    assert mission_min_months(rule, "apprentissage", green=True) == 10
    assert mission_min_months(rule, "cdd", green=True) == 12
    assert mission_duration_problem(rule, "apprentissage", 10, green=True) is None
    problem = mission_duration_problem(rule, "apprentissage", 9, green=True)
    assert "VTE Vert" in problem and "10 mois" in problem
    # The same 10-month mission is too short for the VTE Territoires d'industrie aid.
    result = assess(SME, IN_TI, RULES, DAY, MissionFacts("apprentissage", duration_months=10, green=True))
    assert aid(result, "vte_vert")["eligible"] is True and aid(result, "vte_ti")["eligible"] is False


# --------------------------------------------------------------------------- VTE Territoires d'industrie


@pytest.mark.parametrize("on", [date(2021, 6, 1), date(2022, 6, 1), date(2023, 6, 1), DAY, date(2027, 12, 31)])
def test_vte_ti_aid_is_4000_euros_in_every_period(on):
    """VTE Territoires d'industrie: 4,000 € per VTE recruited by a company located in a Territoire
    d'industrie. Sources: experts-et-decideurs.fr, 30/10/2023 (« le VTE Territoires d'industrie (TI) :
    une aide de 4 000 euros »); daniel-labaronne.fr, 28/03/2022. No source supports the 8,000 € once
    encoded for 2023-2027."""
    result = assess(SME, IN_TI, RULES, on)
    ti = aid(result, "vte_ti")
    assert ti["amount_eur"] == 4000 and ti["eligible"] is True
    assert addresses(table_aid(on, "vte_ti")) & {"experts-et-decideurs.fr", "daniel-labaronne.fr"}
    assert all(a["amount_eur"] != 8000 for a in result["aids"] if a["code"] == "vte_ti")
    assert aid(assess(SME, OUT_OF_TI, RULES, on), "vte_ti")["eligible"] is False


def test_vte_ti_amount_says_when_it_could_not_be_confirmed_for_the_current_period():
    """The 4,000 € is confirmed by a 2023 source (experts-et-decideurs.fr, 30/10/2023) only: later
    dates carry one short sentence with the date of the last check."""
    confirmed = aid(assess(SME, IN_TI, RULES, date(2023, 11, 1)), "vte_ti")
    assert confirmed["caveat"] is None
    assert confirmed["source_text"] == "Source : experts-et-decideurs.fr (30/10/2023) ; vérifié le 04/12/2026."
    later = aid(assess(SME, IN_TI, RULES, DAY), "vte_ti")
    assert later["caveat"] == (
        "Montant non confirmé pour la période en cours : les sources s'arrêtent en 2023 "
        "(dernière vérification le 04/12/2026)."
    )


# --------------------------------------------------------------------------- VTE Vert


def test_vte_vert_is_8000_euros_in_2021():
    """VTE Vert: 8,000 € in 2021. Source: nord.gouv.fr, 15/04/2021 (« une aide portée à 8000 euros »)."""
    vert = aid(assess(SME, OUT_OF_TI, RULES, date(2021, 6, 1)), "vte_vert")
    assert vert["amount_eur"] == 8000 and vert["eligible"] is True
    assert "nord.gouv.fr (15/04/2021)" in vert["source_text"]
    assert not any("Plafonnée" in text for text in vert["limits"])  # nothing to cap at 8,000 €


@pytest.mark.parametrize("on", [date(2022, 1, 1), date(2022, 12, 31), DAY])
def test_vte_vert_is_12000_euros_from_january_2022(on):
    """VTE Vert: 12,000 € from January 2022. Source: presse.ademe.fr, 01/2022."""
    vert = aid(assess(SME, OUT_OF_TI, RULES, on), "vte_vert")
    assert vert["amount_eur"] == 12000
    assert "presse.ademe.fr (01/2022)" in vert["source_text"]
    assert (vert["caveat"] is None) == (on.year == 2022)


def test_vte_vert_is_capped_at_8000_euros_with_the_exceptional_work_study_aid():
    """Capped at 8,000 € when the exceptional work-study hiring aid is also received.
    Source: code.travail.gouv.fr, page « VTE Vert »."""
    rule_aid = table_aid(DAY, "vte_vert")
    assert rule_aid["amount_with_work_study_aid_eur"] == 8000
    assert "code.travail.gouv.fr" in addresses(rule_aid)
    limits = aid(assess(SME, OUT_OF_TI, RULES, DAY), "vte_vert")["limits"]
    cap = "Plafonnée à 8\u202f000 € si l'entreprise perçoit aussi l'aide exceptionnelle à l'embauche d'alternants."
    assert cap in limits


def test_one_vte_vert_aid_per_establishment_and_five_establishments_per_company():
    """One VTE Vert aid per establishment (SIRET), at most 5 establishments per company (SIREN).
    Source: code.travail.gouv.fr, page « VTE Vert »."""
    rule_aid = table_aid(DAY, "vte_vert")
    assert (rule_aid["per_establishment"], rule_aid["max_establishments_per_company"]) == (1, 5)
    limits = aid(assess(SME, OUT_OF_TI, RULES, DAY), "vte_vert")["limits"]
    assert "Une aide par établissement (SIRET), 5 établissements au plus par entreprise (SIREN)." in limits


def test_vte_vert_is_cumulative_with_vte_ti():
    """VTE Vert and VTE TI are cumulative for the same post. Source: code.travail.gouv.fr."""
    result = assess(SME, IN_TI, RULES, DAY, MissionFacts("cdi", green=True))
    assert aid(result, "vte_ti")["eligible"] is True and aid(result, "vte_vert")["eligible"] is True
    assert "Cumulable avec l'aide VTE Territoires d'industrie." in aid(result, "vte_vert")["limits"]


def test_vte_vert_is_open_to_pme_and_eti_anywhere_in_france():
    """Open to PME/ETI of every sector anywhere in France: the TI location matters only for VTE TI.
    Source: Le Monde, 08/2022."""
    assert "lemonde.fr" in addresses(table_aid(DAY, "vte_vert"))
    assert "in_territory" not in table_aid(DAY, "vte_vert")["conditions"]
    for territory in (OUT_OF_TI, UNKNOWN_TI):
        result = assess(CompanyFacts(headcount=300), territory, RULES, DAY, MissionFacts("cdi", green=True))
        assert aid(result, "vte_vert")["eligible"] is True


def test_vte_vert_needs_a_green_mission():
    """VTE Vert is for ecological-transition missions: never eligible on a mission that is not VTE
    Vert. Source: code.travail.gouv.fr, page « VTE Vert »."""
    result = assess(SME, IN_TI, RULES, DAY, MissionFacts("apprentissage", duration_months=24))
    assert aid(result, "vte_vert")["eligible"] is False and aid(result, "vte_ti")["eligible"] is True
    assert aid(result, "vte_ti")["mission_conditions"] == []


# --------------------------------------------------------------------------- candidates and companies


def test_candidates_from_bac_plus_2_until_2022():
    """VTE candidates from bac+2, no age limit. Source: cap-metiers.pro, 12/2021."""
    rule = rule_set_on(RULES, date(2022, 6, 1))
    assert rule["candidates"]["min_level"] == 2 and "cap-metiers.pro" in addresses(rule["candidates"])
    assert candidate_problems(rule, level=2, contract_type="apprentissage") == []
    assert candidate_problems(rule, level=1, contract_type="apprentissage") == [
        "Le VTE s'adresse aux titulaires d'un bac+2 au moins."
    ]


def test_candidates_from_bac_plus_3_from_2023_a_dated_rule():
    """From 2023 two sources give bac+3 as the floor: a dated rule, flagged as not confirmed after
    2023. Sources: two 2023 presentations of the VTE (quoted in issue 14)."""
    rule = rule_set_on(RULES, DAY)
    assert rule["candidates"]["min_level"] == 3
    assert candidate_problems(rule, level=2, contract_type="cdi", years_since_graduation=0) == [
        "Le VTE s'adresse aux titulaires d'un bac+3 au moins."
    ]
    summary = {r["code"]: r for r in assess(SME, IN_TI, RULES, DAY)["rules"]["rules"]}
    assert summary["candidates"]["text"].startswith("Jeunes à partir de bac+3")
    assert "Règle non confirmée pour la période en cours" in summary["candidates"]["caveat"]


@pytest.mark.parametrize("on", [date(2021, 6, 1), DAY])
def test_vte_vert_candidates_hold_a_bac_plus_3(on):
    """VTE Vert candidates hold at least a bac+3. Source: code.travail.gouv.fr, page « VTE Vert »."""
    rule = rule_set_on(RULES, on)
    assert candidate_problems(rule, level=3, contract_type="cdi", green=True) == []
    assert candidate_problems(rule, level=2, contract_type="cdi", green=True) == [
        "Le VTE Vert s'adresse aux titulaires d'un bac+3 au moins."
    ]


def test_job_contracts_are_for_graduates_of_less_than_two_years_and_there_is_no_age_limit():
    """A CDD or CDI VTE is for young people graduated less than two years ago; no age limit.
    Sources: cap-metiers.pro, 12/2021; code.travail.gouv.fr."""
    rule = rule_set_on(RULES, DAY)
    assert candidate_problems(rule, level=5, contract_type="cdd", years_since_graduation=1) == []
    assert candidate_problems(rule, level=5, contract_type="cdi", years_since_graduation=2) == [
        "Un VTE en CDD ou CDI est ouvert aux diplômés depuis moins de 2 ans."
    ]
    # Work-study is not a first job: the graduation date does not matter, nor does age.
    assert candidate_problems(rule, level=5, contract_type="apprentissage", years_since_graduation=5, age=45) == []
    assert rule["candidates"]["age_limit"] is None


def test_companies_are_pme_or_eti_with_their_head_office_in_france():
    """Companies: PME/ETI (European definition), head office in France.
    Sources: cap-metiers.pro, 12/2021; code.travail.gouv.fr."""
    rule = rule_set_on(RULES, DAY)
    assert rule["companies"] == {**rule["companies"], "pme_eti": True, "head_office_in_france": True}
    assert {"cap-metiers.pro", "code.travail.gouv.fr"} <= addresses(rule["companies"])
    summary = {r["code"]: r for r in assess(SME, IN_TI, RULES, DAY)["rules"]["rules"]}
    assert summary["companies"]["text"] == (
        "Entreprises : PME ou ETI (définition européenne), de tout secteur, siège social en France."
    )
    large = assess(CompanyFacts(headcount=6000), IN_TI, RULES, DAY)
    assert (large["size_category"], large["pme"], large["pme_eti"]) == ("grande_entreprise", False, False)
    assert all(a["eligible"] is False for a in large["aids"])
    assert "grande entreprise" in large["size_message"]


def test_size_thresholds():
    assert [size_category(n) for n in (1, 249, 250, 4999, 5000, None)] == [
        "pme",
        "pme",
        "eti",
        "eti",
        "grande_entreprise",
        None,
    ]


# --------------------------------------------------------------------------- assessment


def test_sme_in_a_territory_gets_both_aids_with_their_sources():
    result = assess(SME, IN_TI, RULES, DAY)
    assert result["in_territory"] is True
    assert result["territory"] == {"name": "Plastics Vallée", "list_version": "2023-2027"}
    assert (result["size_category"], result["pme"], result["pme_eti"]) == ("pme", True, True)
    assert aid(result, "vte_ti")["eligible"] is True and aid(result, "vte_vert")["eligible"] is True
    assert any("transition écologique" in text for text in aid(result, "vte_vert")["mission_conditions"])
    assert result["rules"]["version"] == "vte-2023-2027" and result["rules"]["checked_on"] == date(2026, 12, 4)
    # Nothing internal reaches a user: no « À VÉRIFIER », no « Hypothèse », no maintainers' notes.
    text = json.dumps(result, default=str, ensure_ascii=False)
    assert "VÉRIFIER" not in text and "Hypothèse" not in text and "notes" not in text


def test_outside_a_territory_only_the_green_aid_remains():
    result = assess(CompanyFacts(headcount=300), OUT_OF_TI, RULES, DAY)
    assert result["in_territory"] is False and result["territory"] is None
    assert (result["size_category"], result["pme"], result["pme_eti"]) == ("eti", False, True)
    assert aid(result, "vte_ti")["eligible"] is False
    assert aid(result, "vte_vert")["eligible"] is True
    assert "hors des Territoires" in result["territory_message"]


def test_unknown_membership_is_never_reported_as_false():
    """No list of Territoires d'industrie in force on the date: unknown (None), and said so."""
    result = assess(SME, UNKNOWN_TI, RULES, DAY)
    assert result["in_territory"] is None and result["territory_list_version"] is None
    assert aid(result, "vte_ti")["eligible"] is None
    assert result["territory_message"] == (
        "Appartenance à un Territoire d'industrie inconnue : la liste des Territoires d'industrie "
        "en vigueur le 01/03/2026 n'est pas chargée."
    )


def test_the_rule_set_in_force_depends_on_the_date():
    assert rule_set_on(RULES, date(2021, 6, 1))["version"] == "vte-2021"
    assert rule_set_on(RULES, date(2022, 6, 1))["version"] == "vte-2022"
    assert rule_set_on(RULES, date(2024, 1, 1))["version"] == "vte-2023-2027"
    assert rule_set_on(RULES, date(2020, 6, 1)) is None
    late = assess(SME, IN_TI, RULES, date(2031, 1, 1))
    assert late["aids"] == [] and late["rules"] is None
    assert late["rules_message"] == "Aucun barème d'aides VTE en vigueur le 01/01/2031 : montants inconnus."


def test_a_mission_is_checked_against_the_contract_and_green_conditions():
    short_cdd = assess(SME, IN_TI, RULES, DAY, MissionFacts("cdd", duration_months=6))
    assert aid(short_cdd, "vte_ti")["eligible"] is False
    short_work_study = assess(SME, IN_TI, RULES, DAY, MissionFacts("apprentissage", duration_months=6))
    assert aid(short_work_study, "vte_ti")["eligible"] is False
    unknown_duration = assess(SME, IN_TI, RULES, DAY, MissionFacts("cdd"))
    assert aid(unknown_duration, "vte_ti")["eligible"] is None
    green_cdi = assess(SME, OUT_OF_TI, RULES, DAY, MissionFacts("cdi", green=True))
    assert aid(green_cdi, "vte_vert")["eligible"] is True and aid(green_cdi, "vte_ti")["eligible"] is False


def test_every_aid_and_rule_names_a_source_and_a_check_date():
    for rule in RULES:
        for item in [rule["missions"], rule["candidates"], rule["companies"], *rule["aids"]]:
            assert item["sources"] and isinstance(item["checked_on"], date)
            assert source_sentence(item).endswith(f"vérifié le {item['checked_on']:%d/%m/%Y}.")


def test_amounts_come_from_the_table_not_the_code():
    rules = copy.deepcopy(DEFAULT_AID_RULES)
    rules[-1]["aids"][0]["amount_eur"] = 9500
    result = assess(SME, IN_TI, validate_rules(rules), DAY)
    assert aid(result, "vte_ti")["amount_eur"] == 9500


@pytest.mark.parametrize(
    "mutate, words",
    [
        (lambda r: r[0].update(amout_eur=1), "amout_eur"),
        (lambda r: r[0]["aids"][0].update(amount_eur=-5), "amount_eur"),
        (lambda r: r[0]["aids"][0]["conditions"].update(contract_types=["stage"]), "contract_types"),
        (lambda r: r[0].update(valid_from="2023-13-01"), "valid_from"),
        (lambda r: r[0].pop("checked_on"), "checked_on"),
        (lambda r: r[0]["aids"][0].update(sources=[]), "sources"),
        (lambda r: r[0]["aids"][0].update(sources=[{"title": "x", "address": None, "date": "15/04/2021"}]), "date"),
        (lambda r: r[0].update(missions={**r[0]["missions"], "cdd_min_months": "douze"}), "cdd_min_months"),
        (lambda r: r[0].update(candidates={**r[0]["candidates"], "min_level": -1}), "min_level"),
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
    result = assess(SME, IN_TI, loaded, DAY)
    assert result["rules"]["version"] == "bpifrance-2026-07" and aid(result, "vte_vert")["amount_eur"] == 10000
    assert rules_for_config({})[-1]["version"] == "vte-2023-2027"
    path.write_text("[{", encoding="utf-8")
    os.utime(path, ns=(1, 1))  # another modification time: the file is read again
    with pytest.raises(AidRulesError, match="JSON invalide"):
        rules_for_config({"VTE_AID_RULES_FILE": str(path)})
