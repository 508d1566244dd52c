"""The demo dataset generator (`vte.demo.seed_demo`): determinism, validity, consistency."""

from __future__ import annotations

from collections import Counter
from datetime import date, timedelta

import pytest
from sqlalchemy import func, select

from vte.demo import DemoDataError, seed_demo
from vte.demo.sectors import SECTORS
from vte.models import (
    Application,
    ApplicationEvent,
    Company,
    Naf,
    Offer,
    Placement,
    Student,
    Territoire,
    TerritoireCommune,
    TerritoireList,
)
from vte.siren import luhn_valid

SMALL = dict(offers=60, students=200, seed=7)


def _snapshot(session) -> dict:
    """The content that must not change for a given seed (ids and timestamps may)."""
    return {
        "titles": session.scalars(select(Offer.title).where(Offer.source == "demo").order_by(Offer.id)).all(),
        "descriptions": session.scalars(
            select(Offer.description).where(Offer.source == "demo").order_by(Offer.id)
        ).all(),
        "sirens": session.scalars(select(Company.siren).order_by(Company.id)).all(),
        "companies": session.execute(
            select(Company.name, Company.commune_code, Company.naf_code).order_by(Company.id)
        ).all(),
        "students": session.execute(
            select(Student.first_name, Student.last_name, Student.email, Student.commune_code, Student.skills)
            .where(Student.source == "demo")
            .order_by(Student.id)
        ).all(),
        "applications": session.execute(
            select(Student.source_id, Offer.source_id, Application.status)
            .join(Student, Student.id == Application.student_id)
            .join(Offer, Offer.id == Application.offer_id)
            .order_by(Application.id)
        ).all(),
    }


@pytest.fixture()
def seeded(db_session):
    stats = seed_demo(db_session, **SMALL)
    return db_session, stats


def test_same_seed_same_content_whatever_the_day(db_session):
    first = db_session.begin_nested()
    seed_demo(db_session, **SMALL, today=date(2026, 1, 15))
    one = _snapshot(db_session)
    first.rollback()
    second = db_session.begin_nested()
    seed_demo(db_session, **SMALL)
    two = _snapshot(db_session)
    second.rollback()
    assert one["titles"] and one["students"] and one["applications"]
    assert one == two
    third = db_session.begin_nested()
    seed_demo(db_session, **{**SMALL, "seed": 8})
    other = _snapshot(db_session)
    third.rollback()
    assert other["titles"] != one["titles"] and other["sirens"] != one["sirens"]


def test_stats_and_sizes(seeded):
    session, stats = seeded
    assert stats["offers"] == {"published": 60, "draft": 6, "closed": 6}
    assert stats["students"] == 200
    assert stats["companies"] == session.scalar(select(func.count(Company.id)))
    assert 15 <= stats["companies"] <= 25  # about one company per 3.5 offers
    assert stats["applications"] == session.scalar(select(func.count(Application.id))) > 0
    assert stats["placements"] == session.scalar(select(func.count(Placement.id))) > 0
    assert stats["seconds"] >= 0


def test_sirens_valid_and_unique(seeded):
    session, _ = seeded
    sirens = session.scalars(select(Company.siren)).all()
    assert len(sirens) == len(set(sirens))
    assert all(len(s) == 9 and s.isdigit() and luhn_valid(s) for s in sirens)


def test_companies_are_smes_in_real_communes_with_real_naf(seeded):
    session, _ = seeded
    naf_codes = set(session.scalars(select(Naf.code)))
    if naf_codes:  # every code the generator may use exists in NAF rév. 2
        used = {code for sector in SECTORS.values() for niche in sector["niches"] for code in niche["naf"]}
        assert used <= naf_codes, used - naf_codes
    for company in session.scalars(select(Company)):
        assert company.commune_code and company.lat is not None and company.lon is not None
        assert 10 <= company.headcount < 5000
        assert company.naf_code is None or company.naf_code in naf_codes


def test_offers_cover_contracts_and_rules(seeded):
    session, _ = seeded
    today = date.today()
    offers = session.scalars(select(Offer).where(Offer.source == "demo")).all()
    assert {o.contract_type.value for o in offers} == {"apprentissage", "professionnalisation", "cdd", "cdi"}
    assert any(o.green for o in offers)
    for o in offers:
        assert o.source_id.startswith("demo-offer-")
        assert 60 <= len(o.description.split()) <= 120, o.description
        assert (o.commune_code, o.lat, o.lon) == (o.company.commune_code, o.company.lat, o.company.lon)
        assert 2 <= o.level_min <= 5
        if o.contract_type.value == "cdd":
            assert 12 <= o.duration_months <= 24
        elif o.contract_type.value == "cdi":
            assert o.duration_months is None
        else:
            assert 12 <= o.duration_months <= 36
        if o.salary_min is not None:
            assert o.salary_min < o.salary_max
        if o.status.value == "published":
            assert today - timedelta(days=90) < o.published_at <= today < o.expires_at
            assert 30 <= (o.expires_at - o.published_at).days <= 120
            assert today <= o.start_date <= today + timedelta(days=184)
        elif o.status.value == "draft":
            assert o.published_at is None


def test_offers_mostly_in_territoires_dindustrie(seeded):
    session, _ = seeded
    current = session.scalar(select(TerritoireList.id).where(TerritoireList.is_current.is_(True)))
    if current is None:
        pytest.skip("no list of Territoires d'industrie loaded")
    members = set(
        session.scalars(
            select(TerritoireCommune.commune_code)
            .join(Territoire, Territoire.id == TerritoireCommune.territoire_id)
            .where(Territoire.list_id == current)
        )
    )
    codes = session.scalars(select(Offer.commune_code).where(Offer.status == "published")).all()
    assert sum(code in members for code in codes) / len(codes) > 0.5


def test_students_are_consistent(seeded):
    session, _ = seeded
    students = session.scalars(select(Student).where(Student.source == "demo")).all()
    emails = [s.email for s in students]
    assert len(set(emails)) == len(emails)
    for s in students:
        assert s.first_name and s.last_name and "@" in s.email
        assert 40 <= len(s.summary.split()) <= 90, s.summary
        assert 3 <= len(s.skills) <= 8 and len(set(s.skills)) == len(s.skills)
        assert s.commune_code and s.lat is not None
        assert s.max_distance_km in (20, 50, 100, 200, None)
        if s.status.value == "alternance":
            assert set(s.contract_types) <= {"apprentissage", "professionnalisation"}
        elif s.status.value == "graduate":
            assert set(s.contract_types) <= {"cdd", "cdi"}
    assert 0.5 < sum(s.visible for s in students) / len(students) < 0.9
    assert Counter(s.school.kind.value for s in students).keys() >= {"engineering", "business"}


def test_applications_follow_the_state_machine(seeded):
    session, _ = seeded
    allowed = {
        None: {"submitted"},
        "submitted": {"reviewed", "rejected", "withdrawn"},
        "reviewed": {"interview", "rejected", "withdrawn"},
        "interview": {"offered", "rejected", "withdrawn"},
        "offered": {"hired", "rejected", "withdrawn"},
    }
    applications = session.scalars(select(Application)).all()
    for app in applications:
        events = app.events
        assert events, app.id
        previous, at = None, None
        for event in events:
            assert event.from_status == previous
            assert event.to_status in allowed[previous]
            assert at is None or event.at > at
            previous, at = event.to_status, event.at
        assert previous == app.status.value
        assert app.offer.status.value in ("published", "closed")
        assert app.offer.contract_type.value in app.student.contract_types
        assert app.offer.level_min <= app.student.level
        assert _naive(app.student.created_at) < _naive(events[0].at)


def _naive(value):
    return value.replace(tzinfo=None)


def test_placements_match_hired_applications(seeded):
    session, _ = seeded
    hired = session.scalars(select(Application).where(Application.status == "hired")).all()
    placements = {p.application_id: p for p in session.scalars(select(Placement))}
    assert hired and set(placements) == {a.id for a in hired}
    assert len({a.student_id for a in hired}) == len(hired)  # one hire per student
    for app in hired:
        p = placements[app.id]
        offer, student = app.offer, app.student
        assert (p.student_id, p.offer_id, p.company_id) == (student.id, offer.id, offer.company_id)
        assert p.school_id == student.school_id and p.programme == student.programme
        assert p.contract_type == offer.contract_type and p.commune_code == offer.commune_code
        assert _naive(p.hired_at) == _naive(app.events[-1].at)
        assert p.days_to_hire == (_naive(p.hired_at) - _naive(student.created_at)).days > 0
        assert p.region_code
        if offer.company.naf_code:
            assert p.naf_section == session.get(Naf, offer.company.naf_code).section
        if p.territoire_name:
            assert p.eligible_vte_ti is True and p.territoire_list_version
        elif p.eligible_vte_ti is not None:
            assert p.eligible_vte_ti is False
        # VTE Vert: a green mission of a PME/ETI, in a Territoire d'industrie or not (Le Monde, 08/2022).
        assert p.eligible_vte_vert == (offer.green and offer.company.headcount < 5000)


def test_second_call_refuses_without_duplicating(seeded):
    session, _ = seeded
    before = [
        session.scalar(select(func.count(m.id))) for m in (Company, Offer, Student, Application, ApplicationEvent)
    ]
    with pytest.raises(ValueError, match="démonstration"):
        seed_demo(session, **SMALL)
    after = [session.scalar(select(func.count(m.id))) for m in (Company, Offer, Student, Application, ApplicationEvent)]
    assert before == after


def test_refuses_clearly_without_communes(tmp_path):
    from vte import create_app
    from vte.extensions import db

    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'empty.db'}",
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    with app.app_context():
        db.create_all()
        with pytest.raises(DemoDataError, match="load-refdata"):
            seed_demo(db.session, offers=5, students=5)
        db.session.rollback()
        db.engine.dispose()


def test_demo_accounts_show_a_school_with_placements_and_a_company_with_applicants(db_session):
    from vte.accounts import find_user_by_email
    from vte.demo.accounts import ensure_demo_accounts

    seed_demo(db_session, **SMALL)
    assert len(ensure_demo_accounts(db_session)) == 4
    staff = find_user_by_email(db_session, "ecole@demo.vte-match.fr")
    recruiter = find_user_by_email(db_session, "entreprise@demo.vte-match.fr")
    student = find_user_by_email(db_session, "etudiant@demo.vte-match.fr")
    placements = dict(
        db_session.execute(select(Placement.school_id, func.count(Placement.id)).group_by(Placement.school_id)).all()
    )
    assert placements and placements.get(staff.school_id) == max(placements.values())
    assert student.school_id == staff.school_id
    applicants = db_session.scalar(
        select(func.count(Application.id))
        .join(Offer, Offer.id == Application.offer_id)
        .where(Offer.company_id == recruiter.company_id)
    )
    assert applicants > 0
    assert len(ensure_demo_accounts(db_session)) == 4  # idempotent


def test_demo_companies_present_themselves_with_a_description_and_a_reserved_website(seeded):
    session, _ = seeded
    from vte.models import Company

    companies = session.scalars(select(Company)).all()
    assert companies and all(c.description and c.name in c.description for c in companies)
    websites = [c.website for c in companies if c.website]
    assert len(websites) >= len(companies) // 2  # two in three have one
    assert all(w.startswith("https://www.") and w.endswith(".example") for w in websites)  # never a real site
