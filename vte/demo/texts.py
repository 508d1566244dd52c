"""French text builders of the demo data: offer titles and descriptions, student summaries,
programmes and application messages (pure: a `random.Random` in, strings out).

Descriptions are assembled from sentence templates, then trimmed or completed so that an offer
description has 60-120 words and a student summary 40-90 words.
"""

from __future__ import annotations

import random

from .fields import FIELDS
from .people import ACHIEVEMENTS, EXPERIENCES, QUALITIES, SOFT_WISHES
from .places import a_commune, de_commune, elide_de

OFFER_WORDS = (60, 120)
SUMMARY_WORDS = (40, 90)

# How a student names the field ("je m'intéresse à ...").
TOPICS = {
    "plasturgie": "la plasturgie",
    "mecanique": "la mécanique de précision",
    "aeronautique": "l'aéronautique",
    "agroalimentaire": "l'agroalimentaire",
    "chimie": "le génie des procédés",
    "textile": "les textiles techniques",
    "bois": "la filière bois",
    "electronique": "l'électronique embarquée",
    "energie": "l'efficacité énergétique",
    "logistique": "la supply chain",
    "controle_gestion": "le contrôle de gestion",
    "export": "le commerce international",
    "qualite": "la qualité",
    "maintenance": "la maintenance industrielle",
    "industrie40": "l'industrie 4.0",
    "rh": "les ressources humaines",
    "achats": "les achats industriels",
    "bureau_etudes": "la conception mécanique",
    "environnement": "la décarbonation de l'industrie",
}

CONTRACT_PHRASES = {
    "apprentissage": "en contrat d'apprentissage",
    "professionnalisation": "en contrat de professionnalisation",
    "cdd": "en CDD de {months} mois",
    "cdi": "en CDI",
}

COMPANY_INTROS = [
    "{entreprise}, {kind} de {effectif} salariés implantée {a_lieu}, {activity} pour {client}.",
    "Implantée {a_lieu} depuis plus de {annees} ans, {entreprise} {activity} pour {client}.",
    "Avec {effectif} collaborateurs, {entreprise} {activity} pour {client} depuis son site {de_lieu}.",
    "{entreprise} {activity} pour {client} ; cette {kind} de {effectif} personnes est installée {a_lieu}.",
    "Entreprise indépendante de {effectif} salariés basée {a_lieu}, {entreprise} {activity} pour {client}.",
]

# A company's presentation on its public page: who it is, what it makes and how, why it recruits.
COMPANY_KNOW_HOW = [
    "Procédés maîtrisés dans nos ateliers : {process_a}, {process_b}. Spécialité : {product}.",
    "Savoir-faire : {process_a}, {process_b} ; production principale : {product}.",
    "Chaque étape est réalisée en interne ({process_a}, {process_b}, contrôle, expédition) ; spécialité : {product}.",
]
COMPANY_RECRUITING = [
    "Nous accueillons chaque année des alternants et de jeunes diplômés, accompagnés par un tuteur.",
    "Nous recrutons de jeunes talents pour accompagner notre croissance et la modernisation de nos outils.",
    "Rejoindre notre équipe, c'est travailler au plus près de la production, avec de vraies responsabilités.",
]

CONTEXTS = [
    "de sa croissance",
    "du programme Volontariat Territorial en Entreprise (VTE)",
    "d'un projet de modernisation de ses ateliers",
    "du départ en retraite d'un collaborateur",
    "de l'ouverture d'une nouvelle ligne de production",
    "du développement de nouveaux marchés",
    "du renforcement de son équipe",
    "d'un plan d'investissement soutenu par France 2030",
]
GREEN_CONTEXTS = ["de son plan de décarbonation", "de sa démarche de transition écologique", "du programme VTE Vert"]

CONTEXT_SENTENCES = [
    "Dans le cadre {ctx}, nous recherchons un(e) {role} {contract}.",
    "Dans le cadre {ctx}, l'entreprise recrute un(e) {role} {contract}.",
    "Pour accompagner sa croissance, elle recrute un(e) {role} {contract}.",
    "Nous recrutons un(e) {role} {contract} dans le cadre {ctx}.",
]

FIRST_MISSION = [
    "Rattaché(e) {manager}, vous aurez pour mission {de_m}.",
    "Rattaché(e) {manager}, vous serez chargé(e) {de_m}.",
    "Au sein d'une équipe de {team} personnes et rattaché(e) {manager}, vous devrez {m}.",
    "Sous la responsabilité du dirigeant, vous aurez pour première mission {de_m}.",
]
MORE_MISSIONS = [
    "Vous serez également amené(e) à {m}.",
    "Il s'agira aussi {de_m}.",
    "Vous devrez par ailleurs {m}.",
    "Vous aurez enfin l'occasion {de_m}.",
    "Au quotidien, vous aurez à {m}.",
]
MISSION_LISTS = ["Vos principales missions : {items}.", "Vos missions : {items}."]

PROFILES_STUDY = [
    "Vous préparez un diplôme de niveau bac+{level} en {discipline}.",
    "Vous suivez une formation de niveau bac+{level} en {discipline}.",
    "Étudiant(e) en {discipline} (niveau bac+{level}), vous cherchez une alternance formatrice.",
]
PROFILES_JOB = [
    "Titulaire d'un bac+{level} en {discipline}, vous débutez ou avez une première expérience.",
    "Jeune diplômé(e) bac+{level} en {discipline}, vous souhaitez rejoindre une PME industrielle.",
    "Issu(e) d'une formation bac+{level} en {discipline}, vous aimez le terrain et le travail en équipe.",
]
SKILL_SENTENCES = [
    "Compétences attendues : {s1}, {s2} et {s3}.",
    "Compétences recherchées : {s1} et {s2} ; {s3} serait un plus.",
    "Savoir-faire attendus : {s1}, {s2}, et si possible {s3}.",
    "Indispensable : {s1} ; apprécié : {s2} et {s3}.",
]
SOFT_SENTENCES = [
    "Rigueur, curiosité et goût du terrain feront la différence.",
    "Vous appréciez les échanges avec les équipes de production.",
    "Autonome et organisé(e), vous savez conduire plusieurs sujets en parallèle.",
    "Votre sens du contact vous permettra de travailler avec tous les services.",
]
PERKS = [
    "Avantages : mutuelle, intéressement et restaurant d'entreprise.",
    "Nous proposons des tickets restaurant, un accompagnement au logement et une vraie place dans l'équipe.",
    "Vous bénéficierez d'un tutorat personnalisé et de formations internes.",
    "Horaires de journée, parking et accès facile depuis les communes voisines.",
]
GREEN_SENTENCES = [
    "Cette mission relève du VTE Vert : vous contribuerez directement à la transition écologique de l'entreprise.",
    "Mission éligible au VTE Vert, au cœur de la trajectoire bas carbone du site.",
]
TI_SENTENCES = [
    "Poste proposé dans le cadre du Volontariat Territorial en Entreprise, au sein du Territoire d'industrie {ti}.",
    "L'entreprise fait partie du Territoire d'industrie {ti}.",
]
REMOTE_SENTENCES = {
    "partial": [
        "Télétravail possible un à deux jours par semaine.",
        "Télétravail partiel possible après la période d'intégration.",
    ],
    "full": ["Poste ouvert au télétravail complet, avec quelques déplacements sur site."],
}


def _capitalise(text: str) -> str:
    return text[:1].upper() + text[1:]


def _lower_title(title: str) -> str:
    """ "Ingénieur qualité" -> "ingénieur qualité", but keep "MES", "ERP" and "RH" in capitals."""
    first, _, rest = title.partition(" ")
    if first.isupper():
        return title
    return (first[:1].lower() + first[1:] + (" " + rest if rest else "")).strip()


def _thousands(n: int) -> str:
    """French digit grouping: 1593 -> "1 593" (non-breaking space)."""
    return f"{n:,}".replace(",", "\u00a0")


def _words(text: str) -> int:
    return len(text.split())


def fill_placeholders(text: str, ctx: dict[str, str]) -> str:
    """Replace {produit}, {de_produit}... in a mission with the company's wording."""
    return text.format(**ctx)


def offer_title(rng: random.Random, base: str, contract: str, months: int | None, green: bool) -> str:
    """A job-board title with the contract wording and the usual "(H/F)"."""
    low = _lower_title(base)
    r = rng.random()
    if contract == "apprentissage":
        options = [
            f"{base} en alternance (H/F)",
            f"Alternance – {base} (H/F)",
            f"Apprenti(e) {low} (H/F)",
            f"{base} – apprentissage {months // 12 if months else 2} ans (H/F)",
        ]
    elif contract == "professionnalisation":
        options = [
            f"{base} en contrat de professionnalisation (H/F)",
            f"Alternance – {base} (H/F)",
            f"{base} – contrat pro (H/F)",
        ]
    elif contract == "cdd":
        options = [
            f"{base} – CDD {months} mois (H/F)",
            f"VTE – {base} (CDD {months} mois)",
            f"{base} (H/F) – CDD {months} mois",
        ]
    else:
        options = [f"{base} (H/F)", f"VTE – {base} (H/F)", f"{base} junior (H/F)", f"{base} – CDI (H/F)"]
    title = options[int(r * len(options))]
    if green and rng.random() < 0.5 and not title.startswith("VTE"):
        title = "VTE Vert – " + title
    return title


def offer_description(
    rng: random.Random,
    *,
    field_key: str,
    company: dict,
    ctx: dict[str, str],
    base_title: str,
    contract: str,
    months: int | None,
    level: int,
    skills: list[str],
    remote: str,
    green: bool,
    territoire: str | None,
    salary: tuple | None,
) -> str:
    """60-120 words of French: the company, the context, the missions, the profile, the rest."""
    field = FIELDS[field_key]
    place = company["commune_name"]
    intro = company_intro(rng, company, place)
    ctx_phrase = rng.choice(GREEN_CONTEXTS if green and rng.random() < 0.6 else CONTEXTS)
    contract_phrase = CONTRACT_PHRASES[contract].format(months=months)
    role = _lower_title(base_title)
    context = rng.choice(CONTEXT_SENTENCES).format(ctx=ctx_phrase, role=role, contract=contract_phrase)

    mission_sentences, extra_mission = _mission_sentences(rng, field, company, ctx)

    profiles = PROFILES_STUDY if contract in ("apprentissage", "professionnalisation") else PROFILES_JOB
    profile = rng.choice(profiles).format(level=level, discipline=rng.choice(field["disciplines"]))
    s1, s2, s3 = (skills + ["gestion de projet"] * 3)[:3]
    skill_sentence = rng.choice(SKILL_SENTENCES).format(s1=s1, s2=s2, s3=s3)
    soft = rng.choice(SOFT_SENTENCES)

    # (sentence, priority) in reading order; priority 0 is always kept, the others are added by
    # priority while the text stays within OFFER_WORDS (and, for the least useful, a random length).
    entries: list[tuple[str, int]] = [(intro, 0), (context, 0), (mission_sentences[0], 0)]
    entries += [(sentence, 2) for sentence in mission_sentences[1:]]
    entries += [(extra_mission, 5), (profile, 0), (skill_sentence, 0), (soft, 6)]
    entries += _conditions(rng, contract, months, salary, remote, green, territoire)
    entries.append((rng.choice(PERKS), 7))
    target = rng.randint(OFFER_WORDS[0] + 15, OFFER_WORDS[1] - 5)
    return _fit_to_length(entries, target)


def company_intro(rng: random.Random, company: dict, place: str) -> str:
    """One sentence on the company: its size, place, activity and clients."""
    return rng.choice(COMPANY_INTROS).format(
        entreprise=company["name"],
        kind="ETI" if company["headcount"] >= 250 else "PME",
        effectif=_thousands(company["headcount"]),
        a_lieu=a_commune(place),
        de_lieu=elide_de(place),
        annees=rng.choice([15, 20, 25, 30, 40, 50]),
        activity=company["activity"],
        client=company["client"],
    )


def company_description(rng: random.Random, company: dict) -> str:
    """Three sentences of presentation for the company's public page."""
    place = company["commune"]["name"]
    process_a, process_b = (
        rng.sample(company["processes"], 2) if len(company["processes"]) > 1 else company["processes"] * 2
    )
    intro = company_intro(rng, company, place)
    know_how = rng.choice(COMPANY_KNOW_HOW).format(
        process_a=process_a, process_b=process_b, product=rng.choice(company["products"])
    )
    return " ".join([intro, _capitalise(know_how), rng.choice(COMPANY_RECRUITING)])


def _mission_sentences(rng: random.Random, field: dict, company: dict, ctx: dict[str, str]) -> tuple[list[str], str]:
    """The mission sentences (the first one always kept) and one more mission kept if room remains."""
    missions = [fill_placeholders(m, ctx) for m in rng.sample(field["missions"], 4)]
    first_frame = rng.choice(FIRST_MISSION)
    if company["headcount"] >= 250 and "dirigeant" in first_frame:  # an ETI: the hire reports to a manager
        first_frame = FIRST_MISSION[0]
    mission_sentences = [
        first_frame.format(
            manager=rng.choice(field["managers"]),
            m=missions[0],
            de_m=elide_de(missions[0]),
            team=rng.choice([3, 4, 5, 6, 8, 10]),
        )
    ]
    if rng.random() < 0.5:
        mission_sentences.append(rng.choice(MISSION_LISTS).format(items=" ; ".join(missions[1:3])))
    else:
        for m, frame in zip(missions[1:3], rng.sample(MORE_MISSIONS, 2), strict=False):
            mission_sentences.append(frame.format(m=m, de_m=elide_de(m)))
    extra_mission = rng.choice(MORE_MISSIONS).format(m=missions[3], de_m=elide_de(missions[3]))
    return mission_sentences, extra_mission


def _conditions(
    rng: random.Random,
    contract: str,
    months: int | None,
    salary: tuple | None,
    remote: str,
    green: bool,
    territoire: str | None,
) -> list[tuple[str, int]]:
    """(sentence, priority) about the contract, the pay, remote work, VTE Vert and the territory."""
    entries: list[tuple[str, int]] = []
    if contract in ("apprentissage", "professionnalisation"):
        entries.append((f"Contrat de {months} mois, rythme d'alternance défini avec votre école.", 3))
    elif contract == "cdd":
        entries.append(
            (
                rng.choice(
                    ["Une embauche en CDI est envisagée à l'issue du contrat.", f"CDD de {months} mois, prolongeable."]
                ),
                3,
            )
        )
    if salary:
        entries.append((f"Rémunération : {salary[0] // 1000} à {salary[1] // 1000} k€ bruts annuels selon profil.", 3))
    if remote in REMOTE_SENTENCES:
        entries.append((rng.choice(REMOTE_SENTENCES[remote]), 3))
    if green:
        entries.append((rng.choice(GREEN_SENTENCES), 1))
    if territoire:
        entries.append((rng.choice(TI_SENTENCES).format(ti=territoire), 4))
    return entries


def _fit_to_length(entries: list[tuple[str, int]], target: int) -> str:
    """The sentences of priority 0, then the others by priority while the text stays within
    OFFER_WORDS (and, past priority 3, within `target` words), in reading order."""
    chosen = {i for i, (_, prio) in enumerate(entries) if prio == 0}
    total = sum(_words(entries[i][0]) for i in chosen)
    for i in sorted(range(len(entries)), key=lambda k: (entries[k][1], k)):
        sentence, prio = entries[i]
        if i in chosen:
            continue
        grown = total + _words(sentence)
        if grown <= OFFER_WORDS[1] and (prio <= 3 or grown <= target):
            chosen.add(i)
            total = grown
    return " ".join(entries[i][0] for i in sorted(chosen))


# --- students -----------------------------------------------------------------------------------


def programme_label(rng: random.Random, field_key: str, school_kind: str) -> str:
    field = FIELDS[field_key]
    options = field["programmes_eng"] if school_kind == "engineering" else field["programmes_biz"]
    # The first programme of a field is the most common one.
    return options[0] if len(options) == 1 or rng.random() < 0.6 else rng.choice(options[1:])


def programme_level(rng: random.Random, programme: str, status: str) -> int:
    """The level prepared (or held, for graduates) in a programme."""
    r = rng.random()
    if programme.startswith("Bachelor"):
        return 2 if (r < 0.12 and status != "graduate") else 3
    if programme.startswith("Mastère"):
        return 6
    if programme.startswith("MSc"):
        return 5
    if status == "graduate":
        return 5
    return 3 if r < 0.3 else (4 if r < 0.6 else 5)


def _a_topic(topic: str) -> str:
    """ "à la qualité", "au contrôle de gestion", "aux achats industriels"."""
    if topic.startswith("le "):
        return "au " + topic[3:]
    if topic.startswith("les "):
        return "aux " + topic[4:]
    return "à " + topic


def _de_topic(topic: str) -> str:
    """ "de la qualité", "du contrôle de gestion", "des achats industriels", "de l'énergie"."""
    if topic.startswith("le "):
        return "du " + topic[3:]
    if topic.startswith("les "):
        return "des " + topic[4:]
    return "de " + topic


_ORDINALS = {1: "première", 2: "deuxième", 3: "troisième"}


def _study_year(programme: str, school_kind: str, level: int) -> str:
    """ "deuxième année du cycle ingénieur", "troisième année de bachelor"..."""
    if school_kind == "engineering":
        return f"{_ORDINALS.get(level - 2, 'dernière')} année du cycle ingénieur"
    if programme.startswith("Bachelor"):
        return f"{_ORDINALS.get(level, 'dernière')} année de bachelor"
    if programme.startswith("Master"):
        return f"{_ORDINALS.get(level - 3, 'dernière')} année de master"
    return "dernière année"


def _school_article(name: str) -> str:
    """ "l'" before "École ...", "Université ...", "INSA ...", "ESTACA"; nothing before "Mines ..."."""
    first = name.split()[0]
    if first in ("École", "Ecole", "Université", "Institut") or (first.isupper() and first[0] in "AEIOUY"):
        return "l'"
    return ""


def a_school(name: str) -> str:
    return f"à {_school_article(name)}{name}"


def de_school(name: str) -> str:
    article = _school_article(name)
    if article:
        return f"de {article}{name}"
    return elide_de(name)


def _programme_words(programme: str) -> str:
    """ "Master Grande École, contrôle de gestion" -> "Master Grande École (contrôle de gestion)"."""
    if ", " in programme:
        head, tail = programme.split(", ", 1)
        return f"{head} ({tail})"
    return programme


def _speciality(programme: str) -> str:
    return programme.split(", ", 1)[1] if ", " in programme else programme


def student_summary(
    rng: random.Random,
    *,
    female: bool,
    field_key: str,
    school_kind: str,
    school_name: str,
    programme: str,
    level: int,
    status: str,
    skills: list[str],
    commune: str,
    max_km: float | None,
    wants_green: bool,
    contract_types: list[str],
) -> str:
    """40-90 words, first person, with gender agreement."""
    e = "e" if female else ""
    topic = TOPICS[field_key]
    year = _study_year(programme, school_kind, level)
    if school_kind == "engineering":
        student = f"Élève ingénieur{e} en {_speciality(programme)} {a_school(school_name)}"
    else:
        student = f"Étudiant{e} en {_programme_words(programme)} {a_school(school_name)}"
    if status == "graduate":
        intro = rng.choice(
            [
                f"Jeune diplômé{e} {de_school(school_name)} ({_speciality(programme)}), "
                f"je cherche un premier poste en lien avec {topic}.",
                f"Diplômé{e} cette année {de_school(school_name)}, je souhaite démarrer ma carrière dans {topic}.",
            ]
        )
    elif status == "alternance":
        length = rng.choice(["de deux ans", "de trois ans", "d'un an"])
        intro = rng.choice(
            [
                f"{student}, je recherche une alternance {length} dans {topic}.",
                f"{student}, je cherche une entreprise d'accueil pour un contrat d'apprentissage {length}.",
            ]
        )
    else:
        intro = rng.choice(
            [
                f"{student} ({year}), je m'intéresse particulièrement {_a_topic(topic)}.",
                f"{student}, je construis mon projet professionnel autour {_de_topic(topic)}.",
            ]
        )
    experience = f"Lors d'un stage {rng.choice(EXPERIENCES)}, {rng.choice(ACHIEVEMENTS)}."
    picked = skills[:3] if len(skills) >= 3 else skills + ["travail en équipe"] * (3 - len(skills))
    skill_sentence = rng.choice(
        [
            f"Compétences : {picked[0]}, {picked[1]} et {picked[2]}.",
            f"Mes points forts : {picked[0]}, {picked[1]} et {picked[2]}.",
            f"Côté compétences, j'ai pratiqué : {picked[0]}, {picked[1]} et {picked[2]}.",
            f"Outils et méthodes que je maîtrise : {picked[0]}, {picked[1]}, {picked[2]}.",
        ]
    )
    q1, q2 = rng.sample(QUALITIES, 2)
    qualities = f"{_capitalise(q1[female])} et {q2[female]}, je m'adapte vite aux équipes de terrain."
    wish = f"Je souhaite rejoindre {rng.choice(SOFT_WISHES)}"
    if max_km is None:
        wish += ", et je suis mobile partout en France."
    else:
        wish += f", à moins de {int(max_km)} km {de_commune(commune)}."
    green = (
        rng.choice(
            [
                f"Sensible aux enjeux climatiques, je serais heureu{'se' if female else 'x'} "
                "de m'engager dans une mission VTE Vert.",
                "La transition écologique de l'industrie me motive particulièrement.",
            ]
        )
        if wants_green
        else ""
    )
    vte = (
        "Le Volontariat Territorial en Entreprise m'attire pour la responsabilité qu'il offre."
        if "cdi" in contract_types or "cdd" in contract_types
        else ""
    )
    parts = [intro, experience, skill_sentence]
    for extra in (green, wish, qualities, vte):
        if extra and len(" ".join(parts + [extra]).split()) <= SUMMARY_WORDS[1]:
            parts.append(extra)
    return " ".join(parts)


MESSAGES = [
    "Bonjour, votre offre correspond à mon projet professionnel et je serais {ravi} d'échanger avec vous.",
    "Bonjour, je suis très {interesse} par cette mission ; vous trouverez mon profil ci-joint.",
    "Madame, Monsieur, je vous propose ma candidature pour ce poste et reste {disponible} pour un entretien.",
    "Bonjour, l'activité de votre entreprise m'intéresse beaucoup et je me permets de postuler.",
]


def application_message(rng: random.Random, female: bool) -> str | None:
    e = "e" if female else ""
    text = rng.choice(MESSAGES).format(ravi=f"ravi{e}", interesse=f"intéressé{e}", disponible="disponible")
    return text if rng.random() < 0.6 else None
