"""Demo applications, their status history and the placements of hired students (pure planning:
indices into the generated offers and students; `generator.py` writes the rows).

The history follows the application state machine: submitted -> reviewed -> interview -> offered
-> hired; rejected is reachable from any non-final state, withdrawn (by the student) too.
"""

from __future__ import annotations

import math
import random
from collections import defaultdict
from datetime import UTC, datetime, time, timedelta

from . import texts
from .common import weighted

STATUS_WEIGHTS = [
    ("submitted", 24),
    ("reviewed", 14),
    ("interview", 12),
    ("offered", 5),
    ("hired", 13),
    ("rejected", 24),
    ("withdrawn", 8),
]
PIPELINE = ["submitted", "reviewed", "interview", "offered", "hired"]
OPEN_STATUSES = {"submitted", "reviewed", "interview", "offered"}
HIRE_WINDOW_DAYS = 60  # a closed offer was filled within two months of its publication
MIN_DAYS_BEFORE_HIRE = 25  # a published offer needs this age before one of its candidates is hired


def _km(a: dict, b: dict) -> float:
    la1, lo1, la2, lo2 = map(math.radians, (a["lat"], a["lon"], b["lat"], b["lon"]))
    h = math.sin((la2 - la1) / 2) ** 2 + math.cos(la1) * math.cos(la2) * math.sin((lo2 - lo1) / 2) ** 2
    return 2 * 6371.0088 * math.asin(min(1.0, math.sqrt(h)))


def steps_for(rng: random.Random, status: str) -> list[str]:
    """The statuses an application went through to reach `status`."""
    if status == "hired":
        return list(PIPELINE)
    if status in OPEN_STATUSES:
        return PIPELINE[: PIPELINE.index(status) + 1]
    if status == "rejected":
        reached = weighted(rng, [(0, 40), (1, 35), (2, 20), (3, 5)])
    else:  # withdrawn
        reached = weighted(rng, [(0, 50), (1, 35), (2, 15)])
    return PIPELINE[: reached + 1] + [status]


def timeline(rng: random.Random, steps: list[str], offer: dict, now: datetime) -> list[datetime]:
    """Increasing timestamps for `steps`, after the offer's publication and before `now`."""
    gaps = [rng.uniform(12, 240) for _ in steps[1:]]  # hours between two status changes
    frac = rng.random()
    begin = datetime.combine(offer["published_at"], time(8), tzinfo=UTC)
    end = now
    if offer["status"] == "closed":
        end = min(now, begin + timedelta(days=HIRE_WINDOW_DAYS))
    window = max((end - begin).total_seconds() / 3600 - 1, 1.0)
    total = sum(gaps)
    scale = min(1.0, 0.9 * window / total) if total else 1.0
    t = begin + timedelta(hours=frac * (window - total * scale))
    times = [t]
    for gap in gaps:
        t = t + timedelta(hours=gap * scale)
        times.append(t)
    return [x.replace(microsecond=0) for x in times]


class _OfferIndex:
    """Offers grouped by (pool, field, contract) and (pool, contract) for quick candidate lists."""

    def __init__(self, offers: list[dict]):
        self.offers = offers
        self.by_field = defaultdict(list)
        self.by_contract = defaultdict(list)
        for i, o in enumerate(offers):
            pools = []
            if o["status"] == "published":
                pools.append("published")
                if o["pub_days"] >= MIN_DAYS_BEFORE_HIRE:
                    pools.append("published_old")
            elif o["status"] == "closed":
                pools.append("closed")
            for pool in pools:
                self.by_field[(pool, o["field"], o["contract"])].append(i)
                self.by_contract[(pool, o["contract"])].append(i)

    def candidates(self, rng: random.Random, pool: str, student: dict, excluded: set[int]) -> list[int]:
        level = student["level"]
        found = [
            i
            for c in student["contracts"]
            for i in self.by_field[(pool, student["field"], c)]
            if self.offers[i]["level"] <= level and i not in excluded
        ]
        if found:
            return found
        wide = [i for c in student["contracts"] for i in self.by_contract[(pool, c)]]
        sample = rng.sample(wide, min(60, len(wide)))
        return [i for i in sample if self.offers[i]["level"] <= level and i not in excluded]


def _closest(rng: random.Random, offers: list[dict], student: dict, cands: list[int]) -> int:
    """Prefer offers within the student's distance; otherwise the nearest of a sample."""
    sample = rng.sample(cands, min(15, len(cands)))
    here = student["commune"]
    dist = [(_km(here, offers[i]["company"]["commune"]), i) for i in sample]
    limit = student["max_km"]
    within = [i for d, i in dist if limit is None or d <= limit]
    return rng.choice(within) if within else min(dist)[1]


def _pools_for(rng: random.Random, status: str) -> list[str]:
    """Where an application reaching `status` finds its offer, in order of preference."""
    if status == "hired":
        return ["closed", "published_old"]
    if status in OPEN_STATUSES:
        return ["published"]
    return ["published", "closed"] if rng.random() < 0.7 else ["closed", "published"]


def _pick_pair(
    rng: random.Random,
    index: _OfferIndex,
    students: list[dict],
    status: str,
    pairs: set[tuple[int, int]],
    hired_students: set[int],
    full_offers: set[int],
) -> tuple[int, int] | None:
    """A new (student, offer) pair for an application reaching `status`: up to six students are
    tried; a hired one is hired once, into an offer that is not full. None when all six fail."""
    pools = _pools_for(rng, status)
    for _attempt in range(6):
        s = rng.randrange(len(students))
        if status == "hired" and s in hired_students:
            continue
        student = students[s]
        excluded = full_offers if status == "hired" else set()
        for pool in pools:
            cands = [i for i in index.candidates(rng, pool, student, excluded) if (s, i) not in pairs]
            if cands:
                return s, _closest(rng, index.offers, student, cands)
    return None


def plan_applications(
    rng: random.Random, students: list[dict], offers: list[dict], count: int, now: datetime
) -> list[dict]:
    """`count` applications (fewer if the offers cannot absorb them), each with its events."""
    if not students or not offers:
        return []
    index = _OfferIndex(offers)
    pairs: set[tuple[int, int]] = set()
    hired_students: set[int] = set()
    hires: dict[int, int] = defaultdict(int)  # offer -> hired applicants (a closed offer may fill two posts)
    full_offers: set[int] = set()
    plans = []
    for _ in range(count):
        status = weighted(rng, STATUS_WEIGHTS)
        chosen = _pick_pair(rng, index, students, status, pairs, hired_students, full_offers)
        if chosen is None:
            continue
        s, o = chosen
        pairs.add(chosen)
        if status == "hired":
            hired_students.add(s)
            hires[o] += 1
            if offers[o]["status"] != "closed" or hires[o] >= 2:
                full_offers.add(o)
        steps = steps_for(rng, status)
        times = timeline(rng, steps, offers[o], now)
        plans.append(
            dict(
                student=s,
                offer=o,
                status=status,
                steps=steps,
                times=times,
                message=texts.application_message(rng, students[s]["female"]),
            )
        )
    return plans


def student_created_at(rng: random.Random, students: list[dict], plans: list[dict], now: datetime) -> list[datetime]:
    """Account creation dates: before the first application of the student."""
    first: dict[int, datetime] = {}
    for plan in plans:
        s = plan["student"]
        if s not in first or plan["times"][0] < first[s]:
            first[s] = plan["times"][0]
    created = []
    for s, student in enumerate(students):
        lead = timedelta(days=rng.randint(1, 60), minutes=rng.randint(0, 1439))
        if s in first:
            created.append(first[s] - lead)
        else:
            created.append(now - timedelta(minutes=student["created_minutes"]))
    return created


def placement_row(
    plan: dict,
    student: dict,
    offer: dict,
    ids: dict,
    created: datetime,
    naf_sections: dict[str, str],
    list_loaded: bool,
) -> dict:
    """The Placement of a hired application (the facts kept for school statistics)."""
    hired_at = plan["times"][-1]
    company = offer["company"]
    commune = company["commune"]
    territory = offer["territory"]
    start = offer["start"]
    if start is None or start < hired_at.date():
        start = hired_at.date() + timedelta(days=14)
    in_ti = bool(territory)
    pme_eti = company["headcount"] < 5000
    eligible_ti = (in_ti and pme_eti) if list_loaded else None
    # VTE Vert is open to PME/ETI anywhere in France: the territory matters only for VTE TI.
    eligible_vert = pme_eti and bool(offer["green"])
    return dict(
        student_id=ids["student"],
        application_id=ids["application"],
        school_id=student["school"]["id"],
        programme=student["programme"],
        offer_id=ids["offer"],
        company_id=ids["company"],
        contract_type=offer["contract"],
        start_date=start,
        hired_at=hired_at,
        commune_code=commune["code"],
        region_code=commune["region"],
        naf_section=naf_sections.get(company["naf"]) if company["naf"] else None,
        territoire_name=territory[0] if territory else None,
        territoire_list_version=territory[1] if territory else None,
        eligible_vte_ti=eligible_ti,
        eligible_vte_vert=eligible_vert,
        days_to_hire=(hired_at - created).days,
        created_at=hired_at,
        updated_at=hired_at,
    )
