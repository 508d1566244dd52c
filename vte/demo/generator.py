"""The demo dataset: companies, offers, students, applications (with history) and placements.

`seed_demo(session, ...)` reads the reference tables once (communes, Territoires d'industrie, NAF,
schools), builds every row in memory from one `random.Random(seed)`, then writes them with a few
bulk INSERTs. The *content* (names, titles, SIRENs, communes, skills...) depends only on the seed
and the reference data; dates are relative to `today`. Random numbers are always drawn in the same
order whatever the date, so that the content stays identical from one day to the next.

Like every service it flushes and never commits.
"""

from __future__ import annotations

import math
import random
import re
import time as clock
from collections.abc import Callable
from datetime import UTC, date, datetime, time, timedelta

from sqlalchemy import insert, select
from sqlalchemy.orm import Session
from unidecode import unidecode

from ..models import (
    Application,
    ApplicationEvent,
    Commune,
    Company,
    Naf,
    Offer,
    Placement,
    Student,
    Territoire,
    TerritoireCommune,
    TerritoireList,
)
from ..refdata.schools import demo_schools, load_demo_schools
from ..siren import luhn_complete
from ..vocab import ApplicationStatus, ContractType, OfferStatus, Remote, StudentStatus
from . import pipeline, texts
from .common import Pool, weighted
from .fields import COMMON_SKILLS, FIELDS, TRANSVERSAL_WEIGHTS
from .people import LAST_NAMES
from .places import de_commune, elide_de, place_words
from .sectors import SECTORS, sector_fields
from .students import make_students

SOURCE = "demo"
Progress = Callable[[str], None] | None

CONTRACT_WEIGHTS = [("apprentissage", 35), ("professionnalisation", 10), ("cdd", 20), ("cdi", 35)]
REMOTE_FRIENDLY = {"controle_gestion", "industrie40", "export", "achats", "environnement", "rh", "logistique"}
LEGAL_FORMS = [("", 70), ("SAS ", 18), ("SA ", 4), ("SARL ", 8)]


class DemoDataError(RuntimeError):
    """The database lacks the reference data the demo needs."""


# ------------------------------------------------------------------------------ reference data


def _say(progress: Progress, message: str) -> None:
    if progress:
        progress(message)


def _refuse_if_seeded(session: Session) -> None:
    for model in (Offer, Student):
        if session.scalar(select(model.id).where(model.source == SOURCE).limit(1)) is not None:
            raise ValueError(
                "Des données de démonstration (source « demo ») sont déjà présentes : "
                "seed-demo ne les duplique pas. Supprimez-les ou repartez d'une base vide."
            )


def _load_reference(session: Session) -> dict:
    communes = [
        dict(
            code=r.code,
            name=r.name,
            dep=r.departement_code,
            region=r.region_code,
            pop=r.population or 0,
            lat=r.lat,
            lon=r.lon,
        )
        for r in session.execute(
            select(
                Commune.code,
                Commune.name,
                Commune.departement_code,
                Commune.region_code,
                Commune.population,
                Commune.lat,
                Commune.lon,
            ).where(Commune.lat.is_not(None), Commune.lon.is_not(None))
        )
    ]
    communes.sort(key=lambda c: c["code"])  # in Python: the same order whatever the collation
    if not communes:
        raise DemoDataError(
            "La table des communes est vide : chargez d'abord les référentiels avec "
            "`flask --app vte load-refdata` (ou `flask --app vte setup`)."
        )
    territory: dict[str, tuple[str, str]] = {}
    rows = session.execute(
        select(TerritoireCommune.commune_code, Territoire.code, Territoire.name, TerritoireList.version)
        .join(Territoire, Territoire.id == TerritoireCommune.territoire_id)
        .join(TerritoireList, TerritoireList.id == Territoire.list_id)
        .where(TerritoireList.is_current.is_(True))
    ).all()
    for code, _, name, version in sorted(rows):
        territory.setdefault(code, (name, version))
    list_loaded = (
        bool(territory)
        or session.scalar(select(TerritoireList.id).where(TerritoireList.is_current.is_(True)).limit(1)) is not None
    )

    schools = _load_schools(session)
    naf_sections = dict(session.execute(select(Naf.code, Naf.section)).all())
    sirens = set(session.scalars(select(Company.siren)))
    return dict(
        communes=communes,
        by_code={c["code"]: c for c in communes},
        territory=territory,
        list_loaded=list_loaded,
        schools=schools,
        naf=naf_sections,
        sirens=sirens,
    )


def _load_schools(session: Session) -> list[dict]:
    """The demo's schools (`demo_schools.csv`, real registry schools with demo e-mail domains):
    the registry holds hundreds, the demo's students come from these few."""
    load_demo_schools(session)  # idempotent: the registry and the demo schools' e-mail domains
    schools = demo_schools(session)
    if not schools:
        raise DemoDataError(
            "Aucune école en base : importez des écoles (`flask --app vte import-schools FICHIER`) "
            "ou lancez `flask --app vte setup`."
        )
    return [
        dict(id=s.id, name=s.name, kind=s.kind.value, commune=s.commune_code, domain=s.email_domain)
        for s in sorted(schools, key=lambda s: s.id)
    ]


def _company_pools(ref: dict) -> list[tuple[float, Pool]]:
    """Where demo companies are: mostly towns of 2,000-100,000 inhabitants in a Territoire
    d'industrie (or, with no list loaded, small industrial towns weighted by population)."""
    towns = [c for c in ref["communes"] if 2000 <= c["pop"] <= 100_000]
    villages = [c for c in ref["communes"] if 700 <= c["pop"] < 2000]

    def pool(items):
        return Pool(items, [math.sqrt(c["pop"]) for c in items])

    if ref["territory"]:
        ti = ref["territory"]
        pools = [
            (0.70, pool([c for c in towns if c["code"] in ti])),
            (0.08, pool([c for c in villages if c["code"] in ti])),
            (0.22, pool([c for c in towns if c["code"] not in ti])),
        ]
    else:
        pools = [(0.88, pool(towns)), (0.12, pool(villages))]
    return [(share, p) for share, p in pools if p] or [(1.0, pool(ref["communes"]))]


def _pick_from_pools(rng: random.Random, pools: list[tuple[float, Pool]]):
    r = rng.random() * sum(share for share, _ in pools)
    for share, p in pools:
        if r < share:
            return p.pick(rng)
        r -= share
    return pools[-1][1].pick(rng)


# ------------------------------------------------------------------------------ companies


def _headcount(rng: random.Random) -> int:
    r, x = rng.random(), rng.random()
    if r < 0.35:
        return 10 + int(x * 40)
    if r < 0.85:
        return 50 + int(x * 200)
    return int(math.exp(math.log(250) + x * (math.log(4999) - math.log(250))))


def _make_companies(rng: random.Random, ref: dict, count: int) -> list[dict]:
    pools = _company_pools(ref)
    sector_keys = sorted(SECTORS)
    names: set[str] = set()
    sirens = ref["sirens"]
    companies = []
    for _ in range(count):
        commune = _pick_from_pools(rng, pools)
        sector_key = weighted(
            rng,
            [(k, SECTORS[k]["weight"] * (3 if commune["dep"] in SECTORS[k]["hot_depts"] else 1)) for k in sector_keys],
        )
        sector = SECTORS[sector_key]
        sector = {**sector, **rng.choice(sector["niches"])}  # one niche: NAF, products and name agree
        naf = rng.choice(sector["naf"])
        words = place_words(commune["name"], commune["dep"])
        for attempt in range(8):
            words["nom"] = rng.choice(LAST_NAMES)
            words["sigle"] = "".join(rng.choice("ABCDEFGHIJLMNPRSTV") for _ in range(rng.choice((3, 3, 4))))
            form = weighted(rng, LEGAL_FORMS)
            pattern = rng.choice(sector["names"])
            name = pattern.format(**words)
            if form and not name.startswith(("SAS ", "Établissements")):
                name = form + name
            if name not in names:
                break
            name = f"{name} {words['Adj_m'] if attempt % 2 else commune['name']}"
            if name not in names:
                break
        names.add(name)
        while True:
            siren = luhn_complete(str(rng.randint(30_000_000, 99_999_999)))
            if siren not in sirens:
                sirens.add(siren)
                break
        headcount = _headcount(rng)
        companies.append(
            dict(
                siren=siren,
                name=name,
                sector=sector_key,
                commune=commune,
                naf=naf if naf in ref["naf"] else None,
                headcount=headcount,
                activity=rng.choice(sector["activity"]),
                client=rng.choice(sector["clients"]),
                products=sector["products"],
                processes=sector["processes"],
                weight=1 + (headcount >= 50) + 2 * (headcount >= 250),
                created_days=rng.randint(60, 900),
            )
        )
    return companies


# ------------------------------------------------------------------------------ offers


def _salary(rng: random.Random, contract: str, level: int) -> tuple[int, int] | None:
    r, a, b = rng.random(), rng.random(), rng.random()
    if r < 0.15:
        return None
    if contract == "apprentissage":
        low = 12_000 + int(a * 5) * 1000
        high = min(22_000, low + 2000 + int(b * 4) * 1000)
    elif contract == "professionnalisation":
        low = 14_000 + int(a * 5) * 1000
        high = min(24_000, low + 2000 + int(b * 4) * 1000)
    elif level >= 5:
        low = (33_000 if contract == "cdd" else 35_000) + int(a * 7) * 1000
        high = low + 3000 + int(b * 5) * 1000
    else:
        low = 26_000 + int(a * 7) * 1000
        high = low + 2000 + int(b * 4) * 1000
    return low, high


TECHNICIAN_TITLES = ("Technicien", "Dessinateur", "Gestionnaire", "Assistant", "Approvisionneur")
SENIOR_TITLES = ("Ingénieur", "Chef de projet", "Responsable")


def _offer_level(r: float, title: str, contract: str) -> int:
    """The minimum level of an offer, consistent with its title (mostly bac+3 or bac+5)."""
    work_study = contract in ("apprentissage", "professionnalisation")
    if title.startswith(TECHNICIAN_TITLES):
        return 2 if r < 0.4 else 3
    if title.startswith(SENIOR_TITLES):
        if work_study:  # an apprentice engineer prepares the diploma (cycle ingénieur)
            return 3 if r < 0.45 else 4 if r < 0.6 else 5
        return 4 if r < 0.1 else 5
    if work_study:
        return 2 if r < 0.1 else 3 if r < 0.55 else 4 if r < 0.7 else 5
    return 3 if r < 0.45 else 4 if r < 0.5 else 5


WORK_STUDY = ("apprentissage", "professionnalisation")


def _duration_months(contract: str, r: float) -> int | None:
    """The length of a fixed-term contract (None for a CDI), from one random draw `r`."""
    if contract == "apprentissage":
        return 12 if r < 0.25 else (24 if r < 0.8 else 36)
    if contract == "professionnalisation":
        return 12 if r < 0.4 else (18 if r < 0.7 else 24)
    if contract == "cdd":
        return 12 if r < 0.5 else (18 if r < 0.8 else 24)
    return None


def _remote_mode(r: float, field_key: str) -> str:
    """Mostly on site; fully remote only in the fields where it is plausible."""
    if r < 0.75:
        return "none"
    return "partial" if (r < 0.95 or field_key not in REMOTE_FRIENDLY) else "full"


def _offer_skills(rng: random.Random, field: dict) -> list[str]:
    """Four to seven skills of the field, sometimes one common skill more."""
    n_skills = rng.randint(4, 7)
    skills = rng.sample(field["skills"], min(n_skills, len(field["skills"])))
    if rng.random() < 0.4:
        extra = rng.choice(COMMON_SKILLS)
        if extra not in skills:
            skills.append(extra)
    return skills


def _offer_context(rng: random.Random, company: dict) -> dict[str, str]:
    """The company's wording put into the field's missions: a product, a process, the site."""
    commune = company["commune"]
    product, process = rng.choice(company["products"]), rng.choice(company["processes"])
    site = rng.choice(["notre site", "l'usine", "notre atelier"]) + " " + de_commune(commune["name"])
    return dict(
        produit=product,
        de_produit=elide_de(product),
        procede=process,
        de_procede=elide_de(process),
        site=site,
        de_site=elide_de(site),
        client=company["client"],
    )


def _offer_dates(
    rng: random.Random, status: str, contract: str, today: date
) -> tuple[date | None, date | None, date, date, int]:
    """(published_at, expires_at, start, created, pub_days) of an offer of `status`. The numbers are
    drawn in the same order for every status, so that content never depends on today."""
    pub_days, exp_len, start_days, created_lag, r_sept = (
        rng.randint(0, 89),
        rng.randint(30, 120),
        rng.randint(0, 180),
        rng.randint(0, 6),
        rng.random(),
    )
    if status == "published":
        published_at = today - timedelta(days=pub_days)
        if exp_len <= pub_days:
            exp_len = pub_days + 1 + exp_len % 30
        expires_at = published_at + timedelta(days=exp_len)
        start = today + timedelta(days=start_days)
        if contract in WORK_STUDY and r_sept < 0.4:
            september = date(today.year + (today.month >= 9), 9, 1)
            if (september - today).days <= 180:
                start = september
        created = published_at - timedelta(days=created_lag)
    elif status == "closed":
        published_at = today - timedelta(days=20 + pub_days * 340 // 89)
        expires_at = published_at + timedelta(days=exp_len)
        start = published_at + timedelta(days=30 + start_days * 120 // 180)
        created = published_at - timedelta(days=created_lag)
    else:
        published_at = expires_at = None
        start = today + timedelta(days=30 + start_days * 150 // 180)
        created = today - timedelta(days=pub_days % 30)
    return published_at, expires_at, start, created, pub_days


def _make_offers(rng: random.Random, ref: dict, companies: list[dict], published: int, today: date) -> list[dict]:
    statuses = ["published"] * published + ["draft"] * round(published * 0.1) + ["closed"] * round(published * 0.1)
    rng.shuffle(statuses)
    order = list(range(len(companies)))
    rng.shuffle(order)
    weights = Pool(companies, [c["weight"] for c in companies])
    field_pools = {key: Pool(*zip(*sector_fields(key, TRANSVERSAL_WEIGHTS), strict=False)) for key in SECTORS}
    offers = []
    for index, status in enumerate(statuses):
        company = companies[order[index]] if index < len(order) else weights.pick(rng)
        field_key = field_pools[company["sector"]].pick(rng)
        field = FIELDS[field_key]
        contract = weighted(rng, CONTRACT_WEIGHTS)
        months = _duration_months(contract, rng.random())
        titles = field["titles"]
        if contract in WORK_STUDY:  # no apprentice "Responsable ..."
            titles = [t for t in titles if not t.startswith("Responsable")] or titles
        base = rng.choice(titles)
        level = _offer_level(rng.random(), base, contract)
        remote = _remote_mode(rng.random(), field_key)
        green_p = max(field["green"], 0.5 if company["sector"] == "energie" else 0.0)
        green = rng.random() < green_p
        salary = _salary(rng, contract, level)
        skills = _offer_skills(rng, field)
        commune = company["commune"]
        ctx = _offer_context(rng, company)
        title = texts.offer_title(rng, base, contract, months, green)
        territory = ref["territory"].get(commune["code"])
        mention_ti = rng.random() < 0.5
        description = texts.offer_description(
            rng,
            field_key=field_key,
            ctx=ctx,
            base_title=base,
            contract=contract,
            months=months,
            level=level,
            skills=skills,
            remote=remote,
            green=green,
            salary=salary,
            territoire=territory[0] if (territory and mention_ti) else None,
            company=dict(
                name=company["name"],
                headcount=company["headcount"],
                commune_name=commune["name"],
                activity=company["activity"],
                client=company["client"],
            ),
        )
        published_at, expires_at, start, created, pub_days = _offer_dates(rng, status, contract, today)
        offers.append(
            dict(
                company=company,
                field=field_key,
                status=status,
                title=title,
                description=description,
                skills=skills,
                contract=contract,
                months=months,
                level=level,
                remote=remote,
                green=green,
                salary=salary,
                published_at=published_at,
                expires_at=expires_at,
                start=start,
                created=created,
                pub_days=pub_days,
                territory=territory,
            )
        )
    return offers


# ------------------------------------------------------------------------------ writing


def _bulk_insert(session: Session, model, rows: list[dict]) -> None:
    """One Core executemany INSERT per table: the ORM bulk path splits rows into many batches
    when their None values differ, and RETURNING ordered ids is slow on SQLite, so the callers
    read the new ids back by natural key."""
    if rows:
        session.execute(insert(model.__table__), rows)


def _ids_by_source_id(session: Session, model, prefix: str, count: int) -> list[int]:
    """The ids of demo rows "<prefix>1" ... "<prefix><count>", in that order."""
    found = dict(session.execute(select(model.source_id, model.id).where(model.source == SOURCE)).all())
    return [found[f"{prefix}{n}"] for n in range(1, count + 1)]


def _at(day: date, minutes: int = 9 * 60) -> datetime:
    return datetime.combine(day, time(0), tzinfo=UTC) + timedelta(minutes=minutes)


def seed_demo(
    session: Session,
    offers: int = 2000,
    students: int = 5000,
    seed: int = 42,
    progress: Progress = None,
    today: date | None = None,
) -> dict:
    """Create a realistic, deterministic demo dataset; returns counts and the time taken.

    `offers` published offers (plus ~10 % drafts and ~10 % closed ones), about one company per 3.5
    offers, `students` students and about 0.3 application per student (13 % of them hired, each
    with its Placement). Raises ValueError when demo rows already exist and DemoDataError when the
    reference data (communes, schools) is missing. Flushes, never commits.
    """
    started = clock.perf_counter()
    if offers < 0 or students < 0:
        raise ValueError("Les nombres d'offres et d'étudiants doivent être positifs.")
    _refuse_if_seeded(session)
    if today is None:
        now = datetime.now(UTC).replace(microsecond=0)
        today = now.date()
    else:
        now = datetime.combine(today, time(18), tzinfo=UTC)
    rng = random.Random(seed)

    _say(progress, "Lecture des référentiels (communes, territoires, NAF, écoles)…")
    ref = _load_reference(session)
    total_offers = offers + 2 * round(offers * 0.1)
    n_companies = max(1, round(total_offers / 3.5)) if total_offers else 0
    _say(progress, f"Génération de {n_companies} entreprises et {total_offers} offres…")
    companies = _make_companies(rng, ref, n_companies)
    offer_plans = _make_offers(rng, ref, companies, offers, today)
    _say(progress, f"Génération de {students} étudiants…")
    student_plans = make_students(rng, ref, students, today)
    plans = pipeline.plan_applications(rng, student_plans, offer_plans, round(students * 0.3), now)
    created = pipeline.student_created_at(rng, student_plans, plans, now)

    _say(progress, "Écriture en base…")
    _write_companies(session, companies, today)
    offer_ids = _write_offers(session, offer_plans)
    student_ids = _write_students(session, student_plans, created)
    application_ids = _write_applications(session, plans, student_ids, offer_ids)
    events = []
    placements = []
    for plan, app_id in zip(plans, application_ids, strict=False):
        previous = None
        for step, at in zip(plan["steps"], plan["times"], strict=False):
            events.append(dict(application_id=app_id, from_status=previous, to_status=step, at=at, by_user_id=None))
            previous = step
        if plan["status"] == "hired":
            s, o = plan["student"], plan["offer"]
            placements.append(
                pipeline.placement_row(
                    plan,
                    student_plans[s],
                    offer_plans[o],
                    dict(
                        student=student_ids[s],
                        application=app_id,
                        offer=offer_ids[o],
                        company=offer_plans[o]["company"]["id"],
                    ),
                    created[s],
                    ref["naf"],
                    ref["list_loaded"],
                )
            )
    if events:
        _bulk_insert(session, ApplicationEvent, events)
    if placements:
        _bulk_insert(session, Placement, placements)
    session.flush()

    stats = {
        "companies": len(companies),
        "offers": _count_by_status(offer_plans),
        "students": len(student_plans),
        "applications": len(plans),
        "application_events": len(events),
        "placements": len(placements),
        "seconds": round(clock.perf_counter() - started, 2),
    }
    _say(progress, f"Terminé en {stats['seconds']} s.")
    return stats


def demo_website(company: dict) -> str | None:
    """A website for two companies in three, under the reserved .example domain (RFC 2606: never a
    real site), so that the demo's company pages show one without pointing at anyone's."""
    if int(company["siren"]) % 3 == 0:
        return None
    slug = re.sub(r"[^a-z0-9]+", "-", unidecode(company["name"]).lower()).strip("-")
    return f"https://www.{slug}.example"


def _write_companies(session: Session, companies: list[dict], today: date) -> None:
    """Insert the companies and note each one's new id in its plan."""
    _bulk_insert(
        session,
        Company,
        [
            dict(
                siren=c["siren"],
                name=c["name"],
                description=texts.company_description(random.Random(c["siren"]), c),
                website=demo_website(c),
                naf_code=c["naf"],
                headcount=c["headcount"],
                commune_code=c["commune"]["code"],
                lat=c["commune"]["lat"],
                lon=c["commune"]["lon"],
                created_at=_at(today - timedelta(days=c["created_days"])),
                updated_at=_at(today - timedelta(days=c["created_days"])),
            )
            for c in companies
        ],
    )
    id_by_siren = (
        dict(
            session.execute(
                select(Company.siren, Company.id).where(Company.siren.in_([c["siren"] for c in companies]))
            ).all()
        )
        if len(companies) < 900
        else dict(session.execute(select(Company.siren, Company.id)).all())
    )
    for company in companies:
        company["id"] = id_by_siren[company["siren"]]


def _write_offers(session: Session, offer_plans: list[dict]) -> list[int]:
    """Insert the offers; their ids in plan order."""
    offer_rows = []
    for n, o in enumerate(offer_plans, start=1):
        commune = o["company"]["commune"]
        created_at = _at(o["created"], 8 * 60 + (n * 37) % 600)
        offer_rows.append(
            dict(
                source=SOURCE,
                source_id=f"demo-offer-{n}",
                company_id=o["company"]["id"],
                title=o["title"],
                description=o["description"],
                skills=o["skills"],
                contract_type=ContractType(o["contract"]),
                duration_months=o["months"],
                start_date=o["start"],
                remote=Remote(o["remote"]),
                level_min=o["level"],
                green=o["green"],
                salary_min=o["salary"][0] if o["salary"] else None,
                salary_max=o["salary"][1] if o["salary"] else None,
                status=OfferStatus(o["status"]),
                published_at=o["published_at"],
                expires_at=o["expires_at"],
                commune_code=commune["code"],
                lat=commune["lat"],
                lon=commune["lon"],
                created_at=created_at,
                updated_at=created_at,
            )
        )
    _bulk_insert(session, Offer, offer_rows)
    return _ids_by_source_id(session, Offer, "demo-offer-", len(offer_rows))


def _write_students(session: Session, student_plans: list[dict], created: list[datetime]) -> list[int]:
    """Insert the students (created at `created`); their ids in plan order."""
    student_rows = []
    for n, (s, created_at) in enumerate(zip(student_plans, created, strict=False), start=1):
        student_rows.append(
            dict(
                source=SOURCE,
                source_id=f"demo-student-{n}",
                school_id=s["school"]["id"],
                first_name=s["first"],
                last_name=s["last"],
                email=s["email"],
                programme=s["programme"],
                level=s["level"],
                status=StudentStatus(s["status"]),
                summary=s["summary"],
                skills=s["skills"],
                languages=s["languages"],
                contract_types=s["contracts"],
                available_from=s["available"],
                commune_code=s["commune"]["code"],
                lat=s["commune"]["lat"],
                lon=s["commune"]["lon"],
                max_distance_km=s["max_km"],
                wants_green=s["wants_green"],
                visible=s["visible"],
                created_at=created_at,
                updated_at=created_at,
            )
        )
    _bulk_insert(session, Student, student_rows)
    return _ids_by_source_id(session, Student, "demo-student-", len(student_rows))


def _write_applications(session: Session, plans: list[dict], student_ids: list[int], offer_ids: list[int]) -> list[int]:
    """Insert the applications at their current status; their ids in plan order."""
    _bulk_insert(
        session,
        Application,
        [
            dict(
                student_id=student_ids[p["student"]],
                offer_id=offer_ids[p["offer"]],
                status=ApplicationStatus(p["status"]),
                message=p["message"],
                created_at=p["times"][0],
                updated_at=p["times"][-1],
            )
            for p in plans
        ],
    )
    by_pair = {
        (s, o): i
        for i, s, o in session.execute(
            select(Application.id, Application.student_id, Application.offer_id)
            .join(Student, Student.id == Application.student_id)
            .where(Student.source == SOURCE)
        )
    }
    return [by_pair[(student_ids[p["student"]], offer_ids[p["offer"]])] for p in plans]


def _count_by_status(offer_plans: list[dict]) -> dict[str, int]:
    """The number of offers of each status (every status named, even at 0)."""
    by_status = {status.value: 0 for status in OfferStatus}
    for o in offer_plans:
        by_status[o["status"]] += 1
    return by_status
