"""The VTE rules shipped with the project: data only, validated and read by `vte.eligibility`.

Each rule set covers a period (`valid_from` .. `valid_until`, inclusive) and holds the sourced
rules of that period: the missions (minimum durations), the candidates, the companies, and the
aids with their amounts. Every rule and aid names its public sources (title, address, date as
published: "AAAA", "AAAA-MM" or "AAAA-MM-JJ"; null when the page carries no date) and the date it
was last checked against them (`checked_on`). `confirmed_until`, when set, is the last day the
sources confirm the rule: past it the pages say the rule could not be confirmed for the current
period, with the date of the last check.

The facts come from the public sources quoted in issue 14 (checked by the issue's author; encoded
here on 2026-12-04). A deployment replaces this table with a JSON file of the same shape named by
`VTE_AID_RULES_FILE` (`python -c "import json, vte.aid_rules as r; print(json.dumps(r.DEFAULT_AID_RULES))"`
prints the shipped one as a starting point). `notes` are for the file's maintainers and are never
shown to users.
"""

from __future__ import annotations

from typing import Any

CHECKED_ON = "2026-12-04"

# --------------------------------------------------------------------------- public sources

FAQ_VTE = {"title": "Foire aux questions entreprises du VTE", "address": "vte-france.fr", "date": None}
CODE_TRAVAIL_VERT = {
    "title": "Volontariat territorial en entreprise (VTE) Vert",
    "address": "code.travail.gouv.fr",
    "date": None,
}
EXPERTS_2023 = {
    "title": "« le VTE Territoires d'industrie (TI) : une aide de 4 000 euros »",
    "address": "experts-et-decideurs.fr",
    "date": "2023-10-30",
}
LABARONNE_2022 = {
    "title": "Le volontariat territorial en entreprise (site de Daniel Labaronne, député)",
    "address": "daniel-labaronne.fr",
    "date": "2022-03-28",
}
NORD_2021 = {
    "title": "Aide volontariat territorial en entreprise vert : « une aide portée à 8000 euros »",
    "address": "nord.gouv.fr",
    "date": "2021-04-15",
}
ADEME_2022 = {
    "title": "Le VTE Vert : une aide de 12 000 € (communiqué)",
    "address": "presse.ademe.fr",
    "date": "2022-01",
}
LE_MONDE_2022 = {
    "title": "Le VTE Vert ouvert aux PME et ETI de tous les secteurs, partout en France",
    "address": "lemonde.fr",
    "date": "2022-08",
}
CAP_METIERS_2021 = {
    "title": "Volontariat territorial en entreprise : conditions pour les jeunes et les entreprises",
    "address": "cap-metiers.pro",
    "date": "2021-12",
}
BAC3_2023 = {
    "title": "deux présentations du VTE (niveau bac+3 minimum)",
    "address": None,
    "date": "2023",
}

# --------------------------------------------------------------------------- rules common to every period

MISSIONS = {
    "work_study_min_months": 12,
    "green_work_study_min_months": 10,
    "cdd_min_months": 12,
    "cdi": True,
    "sources": [FAQ_VTE, CODE_TRAVAIL_VERT],
    "checked_on": CHECKED_ON,
}
COMPANIES = {
    "pme_eti": True,
    "head_office_in_france": True,
    "sources": [CAP_METIERS_2021, CODE_TRAVAIL_VERT],
    "checked_on": CHECKED_ON,
}
SIZE = {"pme_max_headcount": 249, "eti_max_headcount": 4999}
CONTRACTS = ["apprentissage", "professionnalisation", "cdd", "cdi"]


def _candidates(min_level: int, sources: list[dict[str, Any]], confirmed_until: str | None = None) -> dict[str, Any]:
    return {
        "min_level": min_level,
        "green_min_level": 3,
        "job_max_years_since_graduation": 2,
        "age_limit": None,
        "sources": [*sources, CODE_TRAVAIL_VERT],
        "checked_on": CHECKED_ON,
        "confirmed_until": confirmed_until,
    }


def _vte_ti(sources: list[dict[str, Any]], confirmed_until: str | None = None) -> dict[str, Any]:
    return {
        "code": "vte_ti",
        "label": "Aide VTE Territoires d'industrie",
        "amount_eur": 4000,
        "unit": "par VTE recruté",
        "conditions": {"pme_eti": True, "in_territory": True, "contract_types": CONTRACTS, "eligible_mission": True},
        "sources": sources,
        "checked_on": CHECKED_ON,
        "confirmed_until": confirmed_until,
    }


def _vte_vert(amount: int, sources: list[dict[str, Any]], confirmed_until: str | None = None) -> dict[str, Any]:
    return {
        "code": "vte_vert",
        "label": "Aide VTE Vert",
        "amount_eur": amount,
        "unit": "par VTE Vert recruté",
        "amount_with_work_study_aid_eur": 8000 if amount > 8000 else None,
        "per_establishment": 1,
        "max_establishments_per_company": 5,
        "cumulative_with": ["vte_ti"],
        "conditions": {"pme_eti": True, "green_mission": True, "contract_types": CONTRACTS, "eligible_mission": True},
        "sources": [*sources, CODE_TRAVAIL_VERT, LE_MONDE_2022],
        "checked_on": CHECKED_ON,
        "confirmed_until": confirmed_until,
    }


DEFAULT_AID_RULES: list[dict[str, Any]] = [
    {
        "version": "vte-2021",
        "title": "Aides VTE 2021 (plan de relance)",
        "valid_from": "2021-01-01",
        "valid_until": "2021-12-31",
        "checked_on": CHECKED_ON,
        "size": SIZE,
        "missions": MISSIONS,
        "candidates": _candidates(2, [CAP_METIERS_2021]),
        "companies": COMPANIES,
        "aids": [_vte_ti([LABARONNE_2022]), _vte_vert(8000, [NORD_2021])],
    },
    {
        "version": "vte-2022",
        "title": "Aides VTE 2022",
        "valid_from": "2022-01-01",
        "valid_until": "2022-12-31",
        "checked_on": CHECKED_ON,
        "size": SIZE,
        "missions": MISSIONS,
        "candidates": _candidates(2, [CAP_METIERS_2021]),
        "companies": COMPANIES,
        "aids": [_vte_ti([LABARONNE_2022]), _vte_vert(12000, [ADEME_2022])],
    },
    {
        "version": "vte-2023-2027",
        "title": "Aides VTE 2023-2027 (Territoires d'industrie, deuxième phase)",
        "valid_from": "2023-01-01",
        "valid_until": "2027-12-31",
        "checked_on": CHECKED_ON,
        "notes": (
            "No public source found for the 8,000 € VTE TI amount once encoded for 2023-2027: the "
            "4,000 € of the 2023 sources is kept, confirmed for 2023 only. The bac+3 floor rests on "
            "two 2023 presentations whose addresses were not kept."
        ),
        "size": SIZE,
        "missions": MISSIONS,
        "candidates": _candidates(3, [BAC3_2023], confirmed_until="2023-12-31"),
        "companies": COMPANIES,
        "aids": [
            _vte_ti([EXPERTS_2023], confirmed_until="2023-12-31"),
            _vte_vert(12000, [ADEME_2022], confirmed_until="2022-12-31"),
        ],
    },
]
