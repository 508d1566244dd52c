"""The ranking engine alone: filters, each component, the combination, top-k and the explanation,
on small in-memory indexes. No Flask, no database."""

from __future__ import annotations

from datetime import date

import numpy as np
import pytest

from vte.index import CONTRACT_BITS, NO_DAY, Columns, MatchIndex
from vte.ranking import (
    SEARCH_NEAR_PROFILE,
    SEARCH_PROFILE,
    Need,
    RankingSettings,
    Seeker,
    combine,
    explain,
    geo_component,
    near_rows,
    rank_offers,
    rank_students,
    semantic,
    top_positions,
)
from vte.vocab import ContractType

TODAY = date(2027, 3, 1)
LYON = (45.7640, 4.8357)
VILLEURBANNE = (45.7719, 4.8902)  # ~4.4 km from Lyon
GRENOBLE = (45.1885, 5.7245)  # ~94 km from Lyon
SETTINGS = RankingSettings(
    weights={"semantic": 0.65, "skills": 0.15, "geo": 0.10, "territory": 0.05, "green": 0.05},
    half_km=30.0,
    semantic_floor=0.0,
    semantic_ceiling=1.0,
    company_max_headcount=4999,
)


def unit(*values: float) -> np.ndarray:
    v = np.asarray(values, dtype=np.float32)
    return v / np.linalg.norm(v)


def offer_row(
    vector,
    place,
    *,
    contract=ContractType.CDI,
    level_min=0,
    start=0,
    expires=NO_DAY,
    remote=False,
    green=False,
    territory=None,
    headcount=50.0,
    skills=(),
    commune="Lyon",
):
    return dict(
        vector=vector,
        place=place,
        contract=contract,
        level_min=level_min,
        start=start,
        expires=expires,
        remote=remote,
        green=green,
        territory=territory,
        headcount=headcount,
        skills=skills,
        commune=commune,
    )


def offer_index(rows: list[dict]) -> MatchIndex:
    index = MatchIndex("offer", loader=None)
    n = len(rows)
    index.set_columns(
        Columns(
            ids=np.arange(1, n + 1, dtype=np.int64),
            arrays={
                "vector": np.vstack([r["vector"] for r in rows]).astype(np.float32),
                "has_vector": np.ones(n, dtype=bool),
                "lat": np.array([r["place"][0] if r["place"] else np.nan for r in rows]),
                "lon": np.array([r["place"][1] if r["place"] else np.nan for r in rows]),
                "contract": np.array([CONTRACT_BITS[r["contract"]] for r in rows], dtype=np.int16),
                "level_min": np.array([r["level_min"] for r in rows], dtype=np.int8),
                "start_day": np.array([r["start"] for r in rows], dtype=np.int32),
                "expires_day": np.array([r["expires"] for r in rows], dtype=np.int32),
                "published_day": np.zeros(n, dtype=np.int32),
                "remote_full": np.array([r["remote"] for r in rows], dtype=bool),
                "green": np.array([r["green"] for r in rows], dtype=bool),
                "territory": np.array([r["territory"] is not None for r in rows], dtype=bool),
                "headcount": np.array([r["headcount"] for r in rows], dtype=np.float64),
            },
            labels=[index.vocabulary.ids_of(r["skills"]) for r in rows],
            extra=[{"commune_code": None, "commune": r["commune"], "territory": r["territory"]} for r in rows],
        )
    )
    return index


def seeker(vector=None, place=LYON, **kw) -> Seeker:
    base = dict(
        vector=vector,
        lat=place[0] if place else None,
        lon=place[1] if place else None,
        contract_types=("cdi",),
        level=5,
    )
    base.update(kw)
    return Seeker(**base)


# ----------------------------------------------------------------- components


def test_semantic_maps_the_calibrated_cosine_range_onto_zero_one():
    settings = RankingSettings(weights={}, semantic_floor=0.8, semantic_ceiling=0.9)
    values = semantic(np.array([0.7, 0.8, 0.85, 0.9, 0.95]), np.ones(5, dtype=bool), settings)
    assert values == pytest.approx([0.0, 0.0, 0.5, 1.0, 1.0], abs=1e-6)
    assert semantic(np.array([0.95]), np.array([False]), settings)[0] == 0.0  # no vector, no credit


def test_geo_halves_every_half_km_is_zero_when_unknown_and_one_when_fully_remote():
    values = geo_component(
        np.array([0.0, 30.0, 60.0, np.nan, 500.0]), np.array([False, False, False, False, True]), SETTINGS
    )
    assert values == pytest.approx([1.0, 0.5, 0.25, 0.0, 1.0], abs=1e-6)


def test_combine_is_the_weighted_sum_of_the_named_components():
    parts = {"semantic": np.array([1.0, 0.0]), "geo": np.array([0.0, 1.0]), "green": np.array([1.0, 1.0])}
    total = combine(parts, {"semantic": 0.6, "geo": 0.3, "territory": 0.1})
    assert total == pytest.approx([0.6, 0.3])  # green has no weight, territory no values


def test_search_profiles_keep_only_their_components_renormalised():
    near = SETTINGS.profile(SEARCH_NEAR_PROFILE).weights
    assert set(near) == {"semantic", "skills", "territory", "geo"}
    assert sum(near.values()) == pytest.approx(1.0)
    assert near["semantic"] == pytest.approx(0.65 / 0.95)
    assert "geo" not in SETTINGS.profile(SEARCH_PROFILE).weights


def test_top_positions_sorts_the_best_breaks_ties_by_position_and_pages():
    total = np.array([0.2, 0.9, 0.5, 0.9, 0.1])
    assert list(top_positions(total, 3, 0)) == [1, 3, 2]
    assert list(top_positions(total, 2, 2)) == [2, 0]
    assert list(top_positions(total, 10, 4)) == [4]
    assert list(top_positions(total, 5, 9)) == []


def test_near_rows_keeps_places_within_the_radius_and_fully_remote_offers_in_row_order():
    index = offer_index(
        [
            offer_row(unit(1, 0), GRENOBLE),
            offer_row(unit(1, 0), VILLEURBANNE),
            offer_row(unit(1, 0), (48.85, 2.35), remote=True),  # Paris, fully remote
            offer_row(unit(1, 0), None),  # unknown place
        ]
    )
    rows, distance = near_rows(index, np.arange(4), *LYON, 30.0)
    assert list(rows) == [1, 2]
    assert distance[0] == pytest.approx(4.4, abs=0.3)
    assert distance[1] > 390  # the remote offer keeps its real distance


# ----------------------------------------------------------------- filters


def test_offer_filters_remove_contract_level_expiry_start_distance_and_large_companies():
    close = unit(1, 0)
    index = offer_index(
        [
            offer_row(close, VILLEURBANNE),  # 1: passes
            offer_row(close, VILLEURBANNE, contract=ContractType.APPRENTISSAGE),  # 2: contract
            offer_row(close, VILLEURBANNE, level_min=6),  # 3: level
            offer_row(close, VILLEURBANNE, expires=TODAY.toordinal() - 1),  # 4: expired
            offer_row(close, VILLEURBANNE, start=date(2026, 1, 1).toordinal()),  # 5: starts too early
            offer_row(close, GRENOBLE),  # 6: too far
            offer_row(close, VILLEURBANNE, headcount=6000),  # 7: not a PME/ETI
            offer_row(close, VILLEURBANNE, headcount=np.nan),  # 8: unknown size passes
        ]
    )
    s = seeker(close, available_from=date(2027, 9, 1), max_distance_km=50)
    result = rank_offers(index, s, SETTINGS, today=TODAY, limit=20)
    assert sorted(m.id for m in result.matches) == [1, 8]
    assert result.total_count == 2


def test_company_size_limit_comes_from_the_settings():
    index = offer_index([offer_row(unit(1, 0), LYON, headcount=300.0)])
    small_only = RankingSettings(weights=SETTINGS.weights, company_max_headcount=249)
    assert rank_offers(index, seeker(), small_only, today=TODAY).total_count == 0
    assert rank_offers(index, seeker(), SETTINGS, today=TODAY).total_count == 1


def test_student_filters_remove_contract_level_availability_and_distance_they_refuse():
    index = MatchIndex("student", loader=None)
    n = 4
    index.set_columns(
        Columns(
            ids=np.arange(1, n + 1, dtype=np.int64),
            arrays={
                "vector": np.vstack([unit(1, 0)] * n),
                "has_vector": np.ones(n, dtype=bool),
                "lat": np.array([VILLEURBANNE[0], VILLEURBANNE[0], GRENOBLE[0], VILLEURBANNE[0]]),
                "lon": np.array([VILLEURBANNE[1], VILLEURBANNE[1], GRENOBLE[1], VILLEURBANNE[1]]),
                "max_km": np.array([50.0, 50.0, 50.0, 50.0]),
                "contracts": np.array(
                    [CONTRACT_BITS[ContractType.CDI]] * 3 + [CONTRACT_BITS[ContractType.CDD]], dtype=np.int16
                ),
                "level": np.array([5, 3, 5, 5], dtype=np.int8),
                "available_day": np.zeros(n, dtype=np.int32),
                "wants_green": np.array([True, False, False, False]),
            },
            labels=[index.vocabulary.ids_of(["SolidWorks"])] + [[]] * 3,
            extra=[{"commune_code": None, "commune": None}] * n,
        )
    )
    need = Need(
        vector=unit(1, 0),
        lat=LYON[0],
        lon=LYON[1],
        contract_type="cdi",
        level_min=5,
        start_date=None,
        remote_full=False,
        green=True,
        in_territory=True,
        territory="Vallée",
        commune="Lyon",
        skills=("Solidworks",),
    )
    result = rank_students(index, need, SETTINGS, today=TODAY)
    assert [m.id for m in result.matches] == [1]  # 2: level, 3: too far for them, 4: contract
    match = result.matches[0]
    assert match.parts["skills"] == pytest.approx(1.0)
    assert match.parts["green"] == 1.0 and match.parts["territory"] == 1.0
    assert match.shared_skills == ["SolidWorks"]  # the vocabulary keeps the first spelling seen


# ----------------------------------------------------------------- ranking and explanation


def test_closer_job_and_place_rank_first_and_the_breakdown_adds_up():
    profile = unit(1, 0.1, 0)
    index = offer_index(
        [
            offer_row(unit(0, 1, 0), VILLEURBANNE, commune="Villeurbanne"),  # another job, near
            offer_row(
                unit(1, 0, 0),
                VILLEURBANNE,
                commune="Villeurbanne",
                territory="Lyon Industrie",
                skills=("SolidWorks", "cotation"),
                green=True,
            ),
            offer_row(unit(1, 0, 0), (45.9, 4.8357), commune="Anse"),  # same job, ~15 km
        ]
    )
    s = seeker(profile, skills=("solidworks", "soudure"), wants_green=True)
    result = rank_offers(index, s, SETTINGS, today=TODAY)
    assert [m.id for m in result.matches] == [2, 3, 1]
    best = result.matches[0]
    expected = sum(SETTINGS.weights[name] * value for name, value in best.parts.items())
    assert best.total == pytest.approx(expected, abs=1e-6)
    assert best.parts["skills"] == pytest.approx(0.5)  # one of the offer's two skills
    assert best.shared_skills == ["SolidWorks"]
    assert best.explanation == (
        "Profil très proche · 4 km · Territoire d'industrie Lyon Industrie · mission VTE Vert · "
        "compétences communes : SolidWorks"
    )
    assert best.breakdown()["distance_km"] == pytest.approx(4.4, abs=0.3)


def test_a_typed_query_reorders_offers_for_the_same_student():
    index = offer_index([offer_row(unit(1, 0), LYON), offer_row(unit(0, 1), LYON)])
    s = seeker(unit(1, 0.2))
    assert [m.id for m in rank_offers(index, s, SETTINGS, today=TODAY).matches] == [1, 2]
    typed = rank_offers(index, s, SETTINGS, today=TODAY, query_vector=unit(0, 1))
    assert [m.id for m in typed.matches] == [2, 1]


def test_a_fully_remote_offer_is_explained_as_remote_work_not_as_a_distance():
    index = offer_index([offer_row(unit(1, 0), (48.85, 2.35), remote=True, commune="Paris")])
    match = rank_offers(index, seeker(unit(1, 0)), SETTINGS, today=TODAY).matches[0]
    assert match.remote_full and match.breakdown()["remote_full"] is True
    assert match.explanation == "Profil très proche · 100 % télétravail"
    assert match.distance_km > 390  # the real distance stays in the breakdown


def test_explanation_words_follow_the_breakdown():
    from vte.ranking import Match

    far = Match(id=1, total=0.1, parts={"semantic": 0.1, "green": 0.0}, distance_km=0.4, commune=None, territory=None)
    assert explain(far) == "Profil éloigné · moins de 1 km"
    unknown = Match(id=2, total=0.5, parts={"semantic": 0.6}, distance_km=None, commune=None, territory=None)
    assert explain(unknown) == "Profil proche"
