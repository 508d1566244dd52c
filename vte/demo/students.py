"""Demo students: school, programme, level, status, skills, summary, location (French data)."""

from __future__ import annotations

import math
import random
from collections.abc import Callable
from datetime import date, timedelta

import numpy as np

from ..geo import haversine_km
from . import texts
from .common import Pool, weighted
from .fields import COMMON_SKILLS, FIELDS
from .people import ENGLISH_LEVELS, FIRST_NAMES_F, FIRST_NAMES_M, LANGUAGES, LAST_NAMES, OTHER_LEVELS
from .places import ascii_slug

NEAR_SCHOOL_KM = 50.0


def _near_pools(ref: dict, towns: list[dict]) -> Callable[[str | None], Pool | None]:
    lat = np.array([c["lat"] for c in towns])
    lon = np.array([c["lon"] for c in towns])
    cache: dict[str | None, Pool | None] = {}

    def near(code: str | None) -> Pool | None:
        if code not in cache:
            origin = ref["by_code"].get(code) if code else None
            if origin is None:
                cache[code] = None
            else:
                d = haversine_km(origin["lat"], origin["lon"], lat, lon)
                idx = np.nonzero(d <= NEAR_SCHOOL_KM)[0]
                items = [towns[i] for i in idx]
                cache[code] = Pool(items, [math.sqrt(c["pop"]) for c in items]) if items else None
        return cache[code]

    return near


def _contracts(status: str, level: int, r: float) -> list[str]:
    """The contracts a student accepts, from their status and level and one random draw `r`."""
    if status == "alternance":
        return ["apprentissage"] if r < 0.6 else ["apprentissage", "professionnalisation"]
    if status == "graduate" or level >= 5:
        return ["cdi"] if r < 0.35 else ["cdd", "cdi"]
    return ["apprentissage"] if r < 0.5 else ["apprentissage", "professionnalisation"]


def _student_skills(rng: random.Random, field: dict) -> list[str]:
    """Three to eight skills of the field, topped up (and sometimes one replaced) by common ones."""
    k = rng.randint(3, 8)
    skills = rng.sample(field["skills"], min(k, len(field["skills"])))
    while len(skills) < k:
        extra = rng.choice(COMMON_SKILLS)
        if extra not in skills:
            skills.append(extra)
    if rng.random() < 0.3:
        extra = rng.choice(COMMON_SKILLS)
        if extra not in skills:
            skills[-1] = extra
    return skills


def _languages(rng: random.Random) -> list[str]:
    """English (nearly always) and up to two other languages, each with a level."""
    languages = []
    if rng.random() < 0.96:
        languages.append("anglais " + weighted(rng, ENGLISH_LEVELS))
    for _ in range(weighted(rng, [(0, 45), (1, 45), (2, 10)])):
        language = weighted(rng, LANGUAGES[1:])
        if not any(x.startswith(language) for x in languages):
            languages.append(f"{language} {weighted(rng, OTHER_LEVELS)}")
    return languages


def _home_commune(
    rng: random.Random, ref: dict, school: dict, near: Callable[[str | None], Pool | None], anywhere: Pool
) -> dict:
    """Where the student lives: the school's commune, a town near it, or anywhere in France."""
    r_place = rng.random()
    pool = near(school["commune"])
    if pool and r_place < 0.2 and school["commune"] in ref["by_code"]:
        return ref["by_code"][school["commune"]]
    if pool and r_place < 0.8:
        return pool.pick(rng)
    return anywhere.pick(rng)


def _unique_email(first: str, last: str, school: dict, taken: set[str]) -> str:
    """first.last@the-school's-domain, numbered when taken; noted in `taken`."""
    local = f"{ascii_slug(first)}.{ascii_slug(last)}"
    domain = school["domain"] or "etu.example.fr"
    email, n = f"{local}@{domain}", 1
    while email in taken:
        n += 1
        email = f"{local}{n}@{domain}"
    taken.add(email)
    return email


def make_students(rng: random.Random, ref: dict, count: int, today: date) -> list[dict]:
    towns = [c for c in ref["communes"] if c["pop"] >= 2000]
    near = _near_pools(ref, towns)
    anywhere = Pool(
        [c for c in towns if c["pop"] >= 5000] or towns,
        [c["pop"] for c in towns if c["pop"] >= 5000] or [1] * len(towns),
    )
    schools = ref["schools"]
    field_weights = {
        kind: [
            (k, f["eng" if kind == "engineering" else "biz"])
            for k, f in sorted(FIELDS.items())
            if f["eng" if kind == "engineering" else "biz"] > 0
            and f["programmes_eng" if kind == "engineering" else "programmes_biz"]
        ]
        for kind in ("engineering", "business")
    }
    emails: set[str] = set()
    students = []
    for _ in range(count):
        school = rng.choice(schools)
        kind = school["kind"] if school["kind"] in field_weights else "engineering"
        field_key = weighted(rng, field_weights[kind])
        female = rng.random() < (0.32 if kind == "engineering" else 0.55)
        first = rng.choice(FIRST_NAMES_F if female else FIRST_NAMES_M)
        last = rng.choice(LAST_NAMES)
        programme = texts.programme_label(rng, field_key, kind)
        status = weighted(rng, [("alternance", 45), ("graduate", 30), ("student", 25)])
        if status == "student" and "par apprentissage" in programme:
            status = "alternance"
        level = texts.programme_level(rng, programme, status)
        contracts = _contracts(status, level, rng.random())
        skills = _student_skills(rng, FIELDS[field_key])
        languages = _languages(rng)
        commune = _home_commune(rng, ref, school, near, anywhere)
        max_km = weighted(rng, [(20, 15), (50, 35), (100, 25), (200, 10), (None, 15)])
        wants_green = rng.random() < (0.75 if field_key in ("environnement", "energie") else 0.25)
        visible = rng.random() < 0.7
        avail_days = rng.randint(0, 240)
        available = today + timedelta(
            days={"alternance": avail_days * 150 // 240, "graduate": avail_days * 60 // 240}.get(
                status, 30 + avail_days * 210 // 240
            )
        )
        summary = texts.student_summary(
            rng,
            female=female,
            field_key=field_key,
            school_kind=kind,
            school_name=school["name"],
            programme=programme,
            level=level,
            status=status,
            skills=skills,
            commune=commune["name"],
            max_km=max_km,
            wants_green=wants_green,
            contract_types=contracts,
        )
        email = _unique_email(first, last, school, emails)
        students.append(
            dict(
                school=school,
                field=field_key,
                female=female,
                first=first,
                last=last,
                email=email,
                programme=programme,
                level=level,
                status=status,
                summary=summary,
                skills=skills,
                languages=languages,
                contracts=contracts,
                available=available,
                commune=commune,
                max_km=max_km,
                wants_green=wants_green,
                visible=visible,
                created_minutes=rng.randint(1, 420) * 1440 + rng.randint(0, 1439),
            )
        )
    return students
