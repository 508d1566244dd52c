"""Build the school registry VTE Match ships (`vte/refdata/data/schools.csv`) from three open lists:

- the CTI-accredited engineering schools (French Wikipedia, « Liste des écoles d'ingénieurs en
  France », CC BY-SA 4.0);
- the management schools of the Conférence des grandes écoles (French Wikipedia, « Conférence des
  grandes écoles », CC BY-SA 4.0);
- the ministry's « principaux établissements d'enseignement supérieur » (MESR, Licence Ouverte 2.0),
  which gives UAI codes, current names, acronyms and the universities.

    python -m scripts.build_school_registry --source ../shared/refdata/schools

One row per school: `name, kind, uai, commune_code, aliases, sources`. `kind` is engineering,
business or university (the ministry's universities; the lists hold no IUT or IAE besides IAE
Paris). `aliases` joins with « | » the other names people write: acronyms, short names, the other
lists' names, former names and campuses (the curated table `EXTRA` below, common knowledge, no
copied text). A CTI or CGE school and a ministry establishment are the same school when one of
their names matches (accents and case ignored) in the same département, or when `SAME` says so.
Rows are sorted by name, so a rebuild from the same files gives identical bytes.
"""

from __future__ import annotations

import argparse
import csv
import re
from pathlib import Path

from vte.refdata.communes import search_key
from vte.refdata.schools import classify_school

OUT = Path(__file__).resolve().parents[1] / "vte" / "refdata" / "data" / "schools.csv"
CTI = "ecoles_ingenieurs_cti_2020_wikipedia.csv"
CGE = "cge_ecoles_management_2024_wikipedia.csv"
ESR = "esr_principaux_etablissements_2023.csv"
COLUMNS = ("name", "kind", "uai", "commune_code", "aliases", "sources")
ALIAS_SEPARATOR = " | "
UAI = re.compile(r"^\d{7}[A-Z]$")

# Ministry establishments (UAI) that are a CTI or CGE school whose names differ in the lists.
SAME = {
    "0597139P": "École centrale de Lille",  # Centrale Lille Institut
    "0760165S": "Institut national des sciences appliquées de Rouen",
    "0133774G": "École centrale de Marseille",
    "0753237L": "École nationale supérieure d'arts et métiers",
    "0171427J": "Excelia",
    "0951214D": "ESSEC Business School",
    "0753547Y": "ESCP Business School",
    "0310156B": "TBS Education",
    "0340137P": "Montpellier Business School",
    "0101059X": "South Champagne Business School",
    "0593202K": "IÉSEG School of Management",
    "0750252S": "Institut supérieur du commerce de Paris",
    "0783054W": "HEC Paris",
    "0290127F": "Brest Business School",
    "0922369A": "EMLV",
    "0590348H": "JUNIA (ex Yncréa Hauts-de-France) (ex groupe HEI-ISA-ISEN) / École des hautes études d'ingénieur",
    "0590343C": "JUNIA (ex Yncréa Hauts-de-France) (ex groupe HEI-ISA-ISEN) / Institut supérieur d'agriculture de "
    "Lille Yncréa Hauts-de-France",
    "0292125C": "Institut supérieur de l'électronique et du numérique de Brest",
    "0831458J": "Institut supérieur de l'électronique et du numérique de Toulon",
    "0693623N": "École supérieure de chimie, physique, électronique de Lyon",
    "0690193K": "Institut national d'enseignement supérieur et de recherche en alimentation, santé animale, "
    "sciences agronomiques et de l'environnement",
    "0130230E": "École de l'air",
    "0492466P": "ISTOM - École supérieure d'agro-développement international",
    "0942193Y": "Institut supérieur des biotechnologies de Paris",
    "0920674H": "EPF",
    "0352337A": "ECAM Rennes - Louis de Broglie",
    "0690194L": "ECAM Lasalle",
    "0490072M": "École supérieure d'agriculture",
    "0692353H": "Institut supérieur d'agriculture Rhône-Alpes",
    "0721484X": "Institut supérieur des matériaux du Mans",
    "0922455U": "CESI",
    "0941954N": "École supérieure d'ingénieurs des travaux de la construction de Paris",
    "0573389Z": "École supérieure d'ingénieurs des travaux de la construction de Metz",
    "0312760G": "Institut supérieur de l'aéronautique et de l'espace",
    "0441916U": "École nationale vétérinaire, agroalimentaire et de l'alimentation de Nantes-Atlantique",
    "0180974L": "Institut national des sciences appliquées Centre Val de Loire",  # Bourges and Blois
    "0600071B": "Institut polytechnique UniLaSalle",  # Beauvais, Rouen and Bruz
    "0930603A": "Institut supérieur de mécanique de Paris",  # renamed ISAE-Supméca
    "0597165T": "",  # Junia: the group of HEI, ISA and ISEN Lille, each listed on its own
    "0912424R": "",  # Institut Mines-Télécom: a group of schools each listed on its own, not a school
    "0912403T": "",  # Institut polytechnique de Paris: a group of schools each listed on its own
}

# Curated knowledge, keyed by any name of the school already in the lists: `aliases` (former names,
# nicknames, campuses), `commune` (a fix of the list's commune code).
ARTS_ET_METIERS_CAMPUSES = (
    "Aix-en-Provence",
    "Angers",
    "Bordeaux",
    "Talence",
    "Châlons-en-Champagne",
    "Cluny",
    "Lille",
    "Metz",
    "Paris",
    "Chambéry",
    "Laval",
    "Bastia",
)
EXTRA: dict[str, dict] = {
    "École nationale supérieure d'arts et métiers": {
        "aliases": ["Arts et Métiers", "Arts et Métiers ParisTech", "ENSAM", "Arts et Métiers Sciences et Technologies"]
        + [
            f"{prefix} {campus}"
            for campus in ARTS_ET_METIERS_CAMPUSES
            for prefix in ("Arts et Métiers", "Arts et Métiers campus de", "ENSAM")
        ]
    },
    "École centrale de Marseille": {"aliases": ["Centrale Marseille", "Centrale Méditerranée", "ECM"]},
    "École centrale de Lille": {"aliases": ["Centrale Lille", "EC Lille", "Centrale Lille Institut"]},
    "École centrale de Lyon": {"aliases": ["Centrale Lyon", "ECL", "EC Lyon"]},
    "École centrale de Nantes": {"aliases": ["Centrale Nantes", "ECN"]},
    "CentraleSupélec": {"aliases": ["Supélec", "École centrale Paris", "Centrale Paris", "Centrale Supélec"]},
    "École polytechnique": {"aliases": ["X", "Polytechnique", "l'X", "École polytechnique Palaiseau"]},
    "Institut supérieur de l'aéronautique et de l'espace": {
        "aliases": ["ISAE-SUPAERO", "SUPAERO", "Supaéro", "Sup'Aéro", "ISAE", "ENSICA"]
    },
    "École nationale supérieure de mécanique et d'aérotechnique de Poitiers": {"aliases": ["ENSMA"]},
    "École nationale supérieure d'électrotechnique, d'électronique, d'informatique, d'hydraulique et des "
    "télécommunications": {"aliases": ["N7", "INP-ENSEEIHT", "Toulouse INP-ENSEEIHT"]},
    "École nationale supérieure des ingénieurs en arts chimiques et technologiques": {
        "aliases": ["A7", "INP-ENSIACET", "Toulouse INP-ENSIACET"]
    },
    "Institut polytechnique de Grenoble": {"aliases": ["Grenoble INP", "INPG", "Grenoble INP-UGA", "INP Grenoble"]},
    "Toulouse INP": {"aliases": ["INP Toulouse", "Institut national polytechnique de Toulouse"]},
    "École nationale supérieure Mines-Télécom Atlantique Bretagne Pays de la Loire": {
        "aliases": [
            "IMT Atlantique",
            "Télécom Bretagne",
            "Mines Nantes",
            "École des mines de Nantes",
            "IMT Atlantique Brest",
            "IMT Atlantique Nantes",
            "IMT Atlantique Rennes",
        ]
    },
    "École nationale supérieure Mines-Télécom Lille Douai": {
        "aliases": ["IMT Nord Europe", "IMT Lille Douai", "Mines Douai", "École des mines de Douai", "Télécom Lille"]
    },
    "École nationale supérieure des mines d'Albi-Carmaux": {"aliases": ["IMT Mines Albi", "Mines Albi"]},
    "École nationale supérieure des mines d'Alès": {"aliases": ["IMT Mines Alès", "Mines Alès", "EMA"]},
    "École nationale supérieure des mines de Saint-Étienne": {
        "aliases": ["EMSE", "École des mines de Saint-Étienne", "Mines Saint-Etienne"]
    },
    "École nationale supérieure des mines de Paris": {"aliases": ["Mines ParisTech", "École des mines de Paris"]},
    "École nationale supérieure des mines de Nancy": {"aliases": ["École des mines de Nancy"]},
    "Télécom Paris": {"aliases": ["Télécom ParisTech", "ENST"]},
    "École nationale supérieure de techniques avancées": {"aliases": ["ENSTA ParisTech", "ENSTA"]},
    "École nationale supérieure de techniques avancées Bretagne": {"aliases": ["ENSIETA"]},
    "Institut national des sciences appliquées Hauts-de-France": {"aliases": ["ENSIAME", "INSA HdF"]},
    "Institut national des sciences appliquées Centre Val de Loire": {
        "aliases": ["INSA Centre-Val de Loire", "ENSI Bourges", "ENIVL"]
    },
    "Institut national des sciences appliquées de Rouen": {"aliases": ["INSA Rouen Normandie"]},
    "École d'ingénieurs SIGMA Clermont": {"aliases": ["IFMA", "ENSCCF"]},
    "École nationale supérieure de mécanique et des microtechniques": {"aliases": ["ENS2M", "ENSMM Besançon"]},
    "Institut national des sciences et industries du vivant et de l'environnement - Université Paris-Saclay": {
        "aliases": ["AgroParisTech"]
    },
    "École nationale supérieure de chimie de Paris": {"aliases": ["Chimie ParisTech", "ENSCP"]},
    "Télécom SudParis": {"aliases": ["Télécom Sud Paris"]},
    "JUNIA (ex Yncréa Hauts-de-France) (ex groupe HEI-ISA-ISEN) / École des hautes études d'ingénieur": {
        "name": "Junia HEI - École des hautes études d'ingénieur",
        "aliases": ["HEI Lille", "Junia HEI", "Hautes études d'ingénieur"],
    },
    "JUNIA (ex Yncréa Hauts-de-France) (ex groupe HEI-ISA-ISEN) / Institut supérieur de l'électronique et du "
    "numérique": {
        "name": "Junia ISEN - Institut supérieur de l'électronique et du numérique de Lille",
        "aliases": ["ISEN Lille", "Junia ISEN"],
    },
    "JUNIA (ex Yncréa Hauts-de-France) (ex groupe HEI-ISA-ISEN) / Institut supérieur d'agriculture de Lille Yncréa "
    "Hauts-de-France": {
        "name": "Junia ISA - Institut supérieur d'agriculture de Lille",
        "aliases": ["ISA Lille", "Junia ISA"],
    },
    "Institut supérieur de l'électronique et du numérique de Brest": {"aliases": ["ISEN Brest", "ISEN Ouest"]},
    "Institut supérieur de l'électronique et du numérique de Toulon": {"aliases": ["ISEN Toulon", "ISEN Méditerranée"]},
    "ECAM Lasalle": {"aliases": ["ECAM Lyon", "ECAM Strasbourg-Europe", "ECAM LaSalle Lyon"]},
    "École d'ingénieurs généralistes - La Rochelle": {"aliases": ["EIGSI La Rochelle"]},
    "Institut catholique d'arts et métiers": {
        "aliases": ["Icam Lille", "Icam Nantes", "Icam Toulouse", "Icam Vannes", "Icam Paris-Sénart"]
    },
    "École spéciale des travaux publics, du bâtiment et de l'industrie": {"aliases": ["ESTP Paris", "ESTP Cachan"]},
    "École polytechnique universitaire de Sorbonne Université": {"aliases": ["Polytech Paris-UPMC"]},
    "CY CERGY Paris Université CY TECH": {
        "name": "CY Tech - CY Cergy Paris Université",
        "commune": "95127",  # the list gives Pau, one of its sites
    },
    "Sup'EnR": {"name": "Sup'EnR - Université de Perpignan", "drop_old_name": True},  # not the university
    "UniLaSalle": {"commune": "60057"},  # Beauvais, its seat (the list gives Bruz, one of its campuses)
    "INSA CVL": {"commune": "18033"},  # Bourges, its seat (the list gives Blois, its other campus)
    "ESIX Normandie": {"name": "ESIX Normandie - École d'ingénieurs de l'université de Caen"},
    "Université Claude Bernard - Lyon 1": {"aliases": ["Lyon 1", "UCBL", "Université Lyon 1"]},
    "Université Lumière - Lyon 2": {"aliases": ["Lyon 2", "Université Lyon 2"]},
    "Université Jean Moulin - Lyon 3": {"aliases": ["Lyon 3", "Université Lyon 3"]},
    "Université Toulouse III - Paul Sabatier": {"aliases": ["Paul Sabatier", "UT3", "Toulouse III"]},
    "Université Paris-Saclay": {"aliases": ["Paris-Saclay", "UPSaclay"]},
    "Université de Technologie de Compiègne": {"aliases": ["UT Compiègne"]},
    "Université de technologie de Troyes": {"aliases": ["UT Troyes"]},
    "Université de technologie de Belfort-Montbéliard": {"aliases": ["UT Belfort-Montbéliard"]},
    # Business schools
    "Grenoble École de management": {"aliases": ["GEM", "ESC Grenoble", "Grenoble Ecole de Management"]},
    "Audencia": {"aliases": ["Audencia Nantes", "Audencia Business School", "ESC Nantes Atlantique"]},
    "Kedge Business School": {"aliases": ["KEDGE BS", "Euromed Management", "BEM Bordeaux"]},
    "Neoma Business School": {"aliases": ["NEOMA", "Reims Management School", "Rouen Business School"]},
    "EM Lyon Business School": {"aliases": ["emlyon business school", "emlyon", "EM Lyon"]},
    "TBS Education": {"aliases": ["Toulouse Business School", "ESC Toulouse"]},
    "Excelia": {"aliases": ["Excelia Business School", "Excelia Group", "ESC La Rochelle"]},
    "Montpellier Business School": {"aliases": ["MBS", "ESC Montpellier"]},
    "Rennes School of Business": {"aliases": ["ESC Rennes"]},
    "Burgundy School of Business": {"aliases": ["ESC Dijon"]},
    "ICN Business School": {"aliases": ["ICN Artem"]},
    "Skema Business School": {"aliases": ["ESC Lille", "CERAM"]},
    "ESCP Business School": {"aliases": ["ESCP Europe", "ESCP-EAP"]},
    "South Champagne Business School": {"aliases": ["Y Schools", "ESC Troyes"]},
    "ESC Clermont Business School": {"aliases": ["Clermont School of Business", "ESC Clermont-Ferrand"]},
    "Groupe École supérieure de commerce de Pau": {"aliases": ["Pau Business School", "ESC Pau Business School"]},
    "Institut Mines-Télécom Business School": {
        "aliases": ["IMT-BS", "Télécom École de management", "TEM"],
        "commune": "91228",  # Évry-Courcouronnes; the list gives Évry (Yonne), 89162
    },
    "Paris School of Business": {"aliases": ["PSB", "ESG Management School"]},
    "EM Strasbourg Business School": {"aliases": ["EM Strasbourg", "École de management Strasbourg"]},
    "Brest Business School": {"aliases": ["ESC Brest"]},
    "EM Normandie Business School": {"aliases": ["EM Normandie", "École de management de Normandie"]},
    "EDHEC Business School": {"aliases": ["EDHEC", "EDHEC Lille", "EDHEC Nice"]},
    "École supérieure des sciences commerciales d'Angers": {"aliases": ["ESSCA School of Management"]},
}


def key(text: str | None) -> str:
    return search_key(text)


def read(path: Path, delimiter: str = ",") -> list[dict[str, str]]:
    with path.open(encoding="utf-8-sig", newline="") as fh:
        return [{k: (v or "").strip() for k, v in row.items()} for row in csv.DictReader(fh, delimiter=delimiter)]


def insee(value: str) -> str:
    value = (value or "").strip().upper()
    return value.zfill(5) if value.isdigit() and len(value) < 5 else value


def departement(commune: str) -> str:
    return commune[:3] if commune.startswith("97") else commune[:2]


def clean_alias(alias: str) -> str:
    """« LaSalle ou ECAM LaSalle » and « ENSEIRB- MATMECA »: one spelling people write."""
    return re.sub(r"\s+", " ", re.sub(r"(?<=\w)-\s+", "-", alias)).strip()


def new_school(name: str, kind: str, commune: str, source: str, aliases: list[str]) -> dict:
    return {
        "name": name,
        "kind": kind,
        "uai": "",
        "commune_code": commune,
        "aliases": [clean_alias(a) for a in aliases if a],
        "sources": [source],
    }


def cti_schools(folder: Path) -> list[dict]:
    out = []
    for row in read(folder / CTI):
        aliases = [part for part in re.split(r"\s+ou\s+", row["autre_nom"]) if part]
        out.append(new_school(row["nom_officiel"], "engineering", insee(row["code_insee_siege"]), "cti", aliases))
    return out


def cge_schools(folder: Path) -> list[dict]:
    out = []
    for row in read(folder / CGE):
        if key(row["pays"]) != "france" or not row["code_insee"]:
            continue
        name = row["nom_wikipedia"] or row["nom_court"]
        out.append(new_school(name, "business", insee(row["code_insee"]), "cge", [row["nom_court"]]))
    return out


def names_of(school: dict) -> list[str]:
    return [school["name"], *school["aliases"]]


def ministry_match(row: dict, by_name: dict, by_key: dict) -> dict | None | bool:
    """The CTI or CGE school a ministry row is, None when it is none of them, False when the row
    is a group of schools that the lists give one by one (skipped)."""
    uai = row["uai - identifiant"].upper()
    if uai in SAME:
        return by_name.get(key(SAME[uai]), False) if SAME[uai] else False
    commune = insee(row["Code commune"])
    names = [n for n in (row["Libellé"], row["nom_court"], row["sigle"]) if n]
    candidates = {
        id(s): s
        for n in names
        for s in by_key.get(key(n), [])
        if departement(s["commune_code"]) == departement(commune)
    }
    return next(iter(candidates.values())) if len(candidates) == 1 else None


def ministry_kind(row: dict) -> str | None:
    """engineering, business, university, or None (architecture, art, veterinary schools, Sciences
    Po...: not the programme's public)."""
    name, type_label = row["Libellé"], row["type d'établissement"]
    kind = classify_school(name, type_label)
    if kind is not None:
        return kind.value
    if key(type_label) == "universite" or re.search(r"\buniversit", key(name)):
        return "university"
    return None


def enrich(school: dict, row: dict) -> None:
    """A CTI or CGE school takes the ministry's UAI, current name and acronyms."""
    school["uai"] = row["uai - identifiant"].upper()
    school["sources"].append("esr")
    if key(row["type d'établissement"]) == "universite":
        school["kind"] = "university"  # a university that also awards a CTI degree
    if school["name"] != row["Libellé"]:
        school["aliases"].append(school["name"])
        school["name"] = row["Libellé"]
    school["aliases"] += [a for a in (row["nom_court"], row["sigle"]) if a]


def merge_ministry(folder: Path, schools: list[dict]) -> None:
    """Give the CTI and CGE schools their UAI (and current name) from the ministry's list; add its
    other engineering and business schools, and its universities."""
    by_name = {key(s["name"]): s for s in schools}
    by_key: dict[str, list[dict]] = {}
    for school in schools:
        for name in names_of(school):
            by_key.setdefault(key(name), []).append(school)
    for row in read(folder / ESR, delimiter=";"):
        commune = insee(row["Code commune"])
        valid = UAI.match(row["uai - identifiant"].upper()) and re.match(r"^\d[\dAB]\d{3}$", commune)
        if not row["Libellé"] or not valid or row["date_fermeture"]:
            continue  # no UAI, closed, or abroad (the commune is not an INSEE code)
        match = ministry_match(row, by_name, by_key)
        if match is False:
            continue
        if match is not None:
            if not match["uai"]:
                enrich(match, row)
            continue
        kind = ministry_kind(row)
        if kind is not None:
            school = new_school(row["Libellé"], kind, commune, "esr", [row["nom_court"], row["sigle"]])
            school["uai"] = row["uai - identifiant"].upper()
            schools.append(school)


def apply_extra(schools: list[dict]) -> None:
    for school in schools:
        names = {key(n) for n in names_of(school)}
        for known, extra in EXTRA.items():
            if key(known) in names:
                school["aliases"] += extra.get("aliases", [])
                if extra.get("name"):
                    if not extra.get("drop_old_name"):
                        school["aliases"].append(school["name"])
                    school["name"] = extra["name"]
                if extra.get("commune"):
                    school["commune_code"] = extra["commune"]


def finish(schools: list[dict]) -> list[dict]:
    """Unique names (a repeated name gets its commune code), aliases without the name and repeats,
    rows sorted by name."""
    seen: dict[str, int] = {}
    for school in schools:
        seen[key(school["name"])] = seen.get(key(school["name"]), 0) + 1
    rows = []
    for school in schools:
        name = re.sub(r"\s+", " ", school["name"]).strip()
        if seen[key(name)] > 1:
            name = f"{name} ({school['commune_code']})"
        aliases, keys = [], {key(name)}
        for alias in school["aliases"]:
            alias = clean_alias(alias)
            if alias and key(alias) not in keys:
                keys.add(key(alias))
                aliases.append(alias)
        rows.append(
            {
                "name": name,
                "kind": school["kind"],
                "uai": school["uai"],
                "commune_code": school["commune_code"],
                "aliases": ALIAS_SEPARATOR.join(aliases),
                "sources": "+".join(dict.fromkeys(school["sources"])),
            }
        )
    rows.sort(key=lambda r: (key(r["name"]), r["name"]))
    return rows


def build_rows(folder: Path) -> list[dict]:
    schools = cti_schools(folder) + cge_schools(folder)
    merge_ministry(folder, schools)
    apply_extra(schools)
    return finish(schools)


def render(rows: list[dict]) -> str:
    import io

    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return buffer.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--source", type=Path, required=True, help="folder holding the three school lists")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    rows = build_rows(args.source)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(render(rows), encoding="utf-8")
    kinds: dict[str, int] = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
    print(f"{args.out}: {len(rows)} schools ({', '.join(f'{k} {n}' for k, n in sorted(kinds.items()))})")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
