"""The ranking engine alone: filters, each component, the combination, top-k and the explanation,
on small in-memory indexes. No Flask, no database."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import numpy as np
import pytest
from scipy import sparse

from vte import ranking
from vte.fit import FEATURES, FitModel
from vte.fit_features import OfferEvidence, StudentEvidence
from vte.index import CONTRACT_BITS, NO_DAY, Columns, MatchIndex, derive_offers, derive_students
from vte.lexical import term_counts
from vte.occupations import RomeReferential, prepare
from vte.ranking import (
    SEARCH_NEAR_PROFILE,
    SEARCH_PROFILE,
    Match,
    Need,
    RankingSettings,
    Seeker,
    combine,
    explain,
    geo_component,
    near_rows,
    rank_offers,
    rank_students,
    top_positions,
)
from vte.vocab import ContractType

TODAY = date(2027, 3, 1)
LYON = (45.7640, 4.8357)
VILLEURBANNE = (45.7719, 4.8902)  # ~4.4 km from Lyon
GRENOBLE = (45.1885, 5.7245)  # ~94 km from Lyon
# A hand-written fit model: the whole-text cosine and the shared métier, nothing else.
FIT = FitModel(
    weights={name: {"cos_full": 8.0, "rome_metier": 4.0}.get(name, 0.0) for name in FEATURES},
    means={name: 0.0 for name in FEATURES},
    calibration=(1.0, -4.0),
)
SETTINGS = RankingSettings(
    weights={"fit": 1.0, "geo": 1.5, "territory": 0.1, "green": 0.1},
    fit_model=FIT,
    half_km=30.0,
    softness_km=3.0,
    company_max_headcount=4999,
)
ROME = RomeReferential.load()


def occupations(*codes: str) -> sparse.csr_matrix:
    """One row per code (empty for None): all the weight on that ROME code."""
    matrix = sparse.lil_matrix((len(codes), len(ROME)), dtype=np.float32)
    for row, code in enumerate(codes):
        if code:
            matrix[row, ROME.code_index[code]] = 1.0
    return sparse.csr_matrix(matrix)


def student_evidence(vector, code=None, text="") -> StudentEvidence:
    return StudentEvidence(
        vector=vector,
        wish_vector=vector,
        occupations=prepare(occupations(code), ROME),
        terms=term_counts([text]),
        wish_terms=term_counts([text]),
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
    code=None,
    text="",
):
    return dict(
        vector=vector,
        code=code,
        text=text,
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
    index = MatchIndex("offer", loader=None, derive=derive_offers)
    n = len(rows)
    vectors = np.vstack([r["vector"] for r in rows]).astype(np.float32)
    index.set_columns(
        Columns(
            ids=np.arange(1, n + 1, dtype=np.int64),
            arrays={
                "vector": vectors,
                "has_vector": np.ones(n, dtype=bool),
                "mission_vector": vectors,
                "occupations": occupations(*[r["code"] for r in rows]),
                "terms": term_counts([r["text"] for r in rows]),
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


def seeker(vector=None, place=LYON, code=None, **kw) -> Seeker:
    base = dict(
        evidence=None if vector is None else student_evidence(vector, code),
        lat=place[0] if place else None,
        lon=place[1] if place else None,
        contract_types=("cdi",),
        level=5,
    )
    base.update(kw)
    return Seeker(**base)


# ----------------------------------------------------------------- components


def test_fit_is_the_calibrated_probability_of_the_models_score():
    features = {name: np.zeros(3) for name in FEATURES}
    features["cos_full"] = np.array([0.0, 0.5, 1.0])
    score = FIT.score(features)
    assert score == pytest.approx([0.0, 4.0, 8.0])
    probability = FIT.probability(score)
    assert probability == pytest.approx(1 / (1 + np.exp(-(score - 4.0))))
    assert FIT.grouped(FIT.contributions(features))["mission"] == pytest.approx(score)


def test_a_capped_feature_counts_up_to_its_cap_and_the_cap_survives_the_model_file():
    # Shared words weigh against the fit here (as in the shipped model): capped, an offer in the
    # student's very words (TF-IDF 0.5) loses no more than one at the cap (0.2).
    words = FitModel(
        weights={name: {"cos_full": 8.0, "tfidf": -10.0}.get(name, 0.0) for name in FEATURES},
        means={name: 0.0 for name in FEATURES},
        calibration=(1.0, -4.0),
        caps={"tfidf": 0.2},
    )
    features = {name: np.zeros(3) for name in FEATURES}
    features["cos_full"] = np.ones(3)
    features["tfidf"] = np.array([0.1, 0.2, 0.5])
    assert words.score(features) == pytest.approx([7.0, 6.0, 6.0])
    assert words.grouped(words.contributions(features))["words"] == pytest.approx([-1.0, -2.0, -2.0])
    assert FitModel.from_dict(words.to_dict()).caps == {"tfidf": 0.2}
    assert FIT.capped("tfidf", [0.5]) == pytest.approx([0.5])  # no cap, the value as it is


def test_words_shared_with_a_typed_query_never_lower_its_fit():
    # As in the shipped model: TF-IDF weighs against the fit (a profile's look-alikes), BM25 for it.
    model = FitModel(
        weights={name: {"cos_full": 8.0, "bm25_full": 0.5, "tfidf": -10.0}.get(name, 0.0) for name in FEATURES},
        means={name: 0.1 if name == "tfidf" else 0.0 for name in FEATURES},
        calibration=(1.0, -4.0),
    )
    typed = model.for_typed_query()
    assert typed.weights["tfidf"] == 0.0  # only the weights against the fit of the words evidence
    assert typed.weights["bm25_full"] == 0.5 and typed.weights["cos_full"] == 8.0
    assert (typed.means, typed.calibration) == (model.means, model.calibration)
    features = {name: np.zeros(2) for name in FEATURES}
    features["cos_full"] = np.ones(2)
    features["tfidf"] = np.array([0.0, 0.4])  # the second offer is written in the query's words
    features["bm25_full"] = np.array([0.0, 2.0])
    assert model.score(features)[1] < model.score(features)[0]  # a profile: the look-alike loses
    assert typed.score(features)[1] > typed.score(features)[0]  # a typed query: it wins


def test_a_typed_query_is_scored_with_the_model_for_typed_queries_a_profile_is_not(monkeypatch):
    features = {name: np.zeros(2) for name in FEATURES}
    features["tfidf"] = np.array([0.0, 0.4])  # the second offer shares the text's words

    def offer_features(index, rows, evidence, means):
        return features, np.arange(len(rows))

    monkeypatch.setattr(ranking, "offer_features", offer_features)
    model = FitModel(
        weights={name: {"tfidf": -10.0}.get(name, 0.0) for name in FEATURES},
        means={name: 0.0 for name in FEATURES},
        calibration=(1.0, 0.0),
    )
    settings = replace(SETTINGS, fit_model=model)
    profile = ranking.offers_fit(None, np.arange(2), StudentEvidence(None, None, None, None, None), settings)
    query = ranking.offers_fit(None, np.arange(2), StudentEvidence(None, None, None, None, None, typed=True), settings)
    assert profile.probability[1] < profile.probability[0]
    assert query.probability == pytest.approx([0.5, 0.5])


def test_geo_is_one_nearby_half_at_half_km_zero_far_or_unknown_and_one_when_fully_remote():
    values = geo_component(
        np.array([0.0, 30.0, 60.0, np.nan, 500.0]), np.array([False, False, False, False, True]), SETTINGS
    )
    assert values == pytest.approx([1.0, 0.5, 0.0, 0.0, 1.0], abs=1e-4)


def test_combine_scales_the_fit_by_the_other_weighted_components():
    parts = {"fit": np.array([0.8, 0.8, 0.2]), "geo": np.array([1.0, 0.0, 1.0]), "green": np.array([1.0, 1.0, 1.0])}
    total = combine(parts, {"fit": 1.0, "geo": 1.5, "territory": 0.1})
    # green has no weight; territory has no values: fit · (1 + 1.5 geo) / 2.5
    assert total == pytest.approx([0.8, 0.8 / 2.5, 0.2])


def test_geography_never_makes_up_for_the_wrong_job():
    parts = {"fit": np.array([0.9, 0.1]), "geo": np.array([0.0, 1.0]), "territory": np.array([0.0, 1.0])}
    right_far, wrong_near = combine(parts, SETTINGS.weights)
    assert right_far > wrong_near


def test_search_profiles_keep_only_their_components_renormalised():
    near = SETTINGS.profile(SEARCH_NEAR_PROFILE).weights
    assert set(near) == {"fit", "territory", "geo"}
    assert sum(near.values()) == pytest.approx(1.0)
    assert near["fit"] == pytest.approx(1.0 / 2.6)
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
    small_only = RankingSettings(weights=SETTINGS.weights, fit_model=FIT, company_max_headcount=249)
    assert rank_offers(index, seeker(), small_only, today=TODAY).total_count == 0
    assert rank_offers(index, seeker(), SETTINGS, today=TODAY).total_count == 1


def test_student_filters_remove_contract_level_availability_and_distance_they_refuse():
    index = MatchIndex("student", loader=None, derive=derive_students)
    n = 4
    index.set_columns(
        Columns(
            ids=np.arange(1, n + 1, dtype=np.int64),
            arrays={
                "vector": np.vstack([unit(1, 0)] * n),
                "wish_vector": np.vstack([unit(1, 0)] * n),
                "occupations": occupations("H1206", None, None, None),
                "terms": term_counts(["SolidWorks"] * n),
                "wish_terms": term_counts([""] * n),
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
        evidence=OfferEvidence(
            vector=unit(1, 0),
            mission_vector=unit(1, 0),
            occupations=prepare(occupations("H1206"), ROME),
            terms=term_counts(["Ingénieur SolidWorks"]),
        ),
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
    assert match.parts["fit"] == pytest.approx(1 / (1 + np.exp(-(8.0 + 4.0 - 4.0))))
    assert match.parts["green"] == 1.0 and match.parts["territory"] == 1.0
    assert match.shared_skills == ["SolidWorks"]  # the vocabulary keeps the first spelling seen
    assert match.occupation == "Ingénieur R&D en industrie"


# ----------------------------------------------------------------- ranking and explanation


def test_the_right_job_nearby_ranks_first_then_the_right_job_far_then_the_wrong_job_nearby():
    profile = unit(1, 0.1, 0)
    index = offer_index(
        [
            offer_row(unit(0, 1, 0), VILLEURBANNE, commune="Villeurbanne", code="M1204"),  # another job, near
            offer_row(
                unit(1, 0, 0),
                VILLEURBANNE,
                commune="Villeurbanne",
                territory="Lyon Industrie",
                skills=("SolidWorks", "cotation"),
                green=True,
                code="H1528",
            ),
            offer_row(unit(1, 0, 0), GRENOBLE, commune="Grenoble", code="H1528"),  # same job, ~94 km
        ]
    )
    s = seeker(profile, code="H1528", skills=("solidworks", "soudure"), wants_green=True)
    result = rank_offers(index, s, SETTINGS, today=TODAY)
    assert [m.id for m in result.matches] == [2, 3, 1]
    best = result.matches[0]
    assert best.total == pytest.approx(
        float(combine({k: np.array([v]) for k, v in best.parts.items()}, SETTINGS.weights)[0])
    )
    assert best.parts["fit"] > 0.9 and best.parts["geo"] > 0.99
    assert best.shared_skills == ["SolidWorks"]
    assert best.occupation == "Technicien qualité en industrie"
    assert best.explanation == (
        "Poste très proche du profil · même métier : Technicien qualité en industrie · 4 km · "
        "Territoire d'industrie Lyon Industrie · mission VTE Vert · compétences communes : SolidWorks"
    )
    assert best.breakdown()["distance_km"] == pytest.approx(4.4, abs=0.3)
    assert set(best.breakdown()["fit_evidence"]) == {"occupation", "mission", "words"}
    wrong = result.matches[2]
    assert wrong.occupation is None and wrong.explanation.startswith("Poste éloigné du profil")


def test_an_offer_in_the_students_own_words_is_not_buried_by_a_capped_words_penalty():
    # A model that, like the shipped one, holds shared words against an offer (they were mostly a
    # trap where it learned). Uncapped, the offer written in the profile's very words, of the same
    # métier, falls below a look-alike of another métier; with the words capped it ranks first.
    text = "Attaché commercial export, prospection de distributeurs à l'international, salons, anglais"
    index = offer_index(
        [
            offer_row(unit(1, 0, 0), VILLEURBANNE, code="M1204", text="Attaché commercial en transport-logistique"),
            offer_row(unit(1, 0, 0), VILLEURBANNE, code="D1407", text=text),
            offer_row(unit(0, 1, 0), VILLEURBANNE, code="H1528", text="Technicien qualité, contrôle des pièces"),
        ]
    )
    student = replace(seeker(unit(1, 0, 0)), evidence=student_evidence(unit(1, 0, 0), "D1407", text))
    weights = {name: {"cos_full": 8.0, "rome_metier": 4.0, "tfidf": -10.0}.get(name, 0.0) for name in FEATURES}
    means = {name: 0.0 for name in FEATURES}
    uncapped = RankingSettings(weights=SETTINGS.weights, fit_model=FitModel(weights, means, (1.0, -4.0)))
    capped = RankingSettings(
        weights=SETTINGS.weights, fit_model=FitModel(weights, means, (1.0, -4.0), caps={"tfidf": 0.3})
    )
    assert [m.id for m in rank_offers(index, student, uncapped, today=TODAY).matches][:2] == [1, 2]
    assert [m.id for m in rank_offers(index, student, capped, today=TODAY).matches][:2] == [2, 1]


def test_a_typed_query_keeps_only_the_offers_that_fit_it():
    index = offer_index([offer_row(unit(1, 0), LYON), offer_row(unit(0, 1), LYON)])
    s = seeker(unit(1, 0.2))
    assert [m.id for m in rank_offers(index, s, SETTINGS, today=TODAY).matches] == [1, 2]
    typed = rank_offers(index, s, SETTINGS, today=TODAY, query=student_evidence(unit(0, 1)))
    assert [m.id for m in typed.matches] == [2] and typed.total_count == 1


def test_a_fully_remote_offer_is_explained_as_remote_work_and_never_beats_the_right_job_nearby():
    index = offer_index(
        [
            offer_row(unit(0.6, 0.8), (48.85, 2.35), remote=True, commune="Paris"),  # weak fit, remote
            offer_row(unit(1, 0), (45.9, 4.8357), commune="Anse"),  # the job, ~15 km
        ]
    )
    result = rank_offers(index, seeker(unit(1, 0)), SETTINGS, today=TODAY)
    assert [m.id for m in result.matches] == [2, 1]
    remote = result.matches[1]
    assert remote.remote_full and remote.breakdown()["remote_full"] is True
    assert "100 % télétravail" in remote.explanation and "km" not in remote.explanation
    assert remote.distance_km > 390  # the real distance stays in the breakdown


def test_explanation_words_follow_the_breakdown_and_never_cite_evidence_that_lowered_the_fit():
    far = Match(id=1, total=0.1, parts={"fit": 0.05, "green": 0.0}, distance_km=0.4, commune=None, territory=None)
    assert explain(far) == "Poste éloigné du profil · moins de 1 km"
    unknown = Match(id=2, total=0.5, parts={"fit": 0.4}, distance_km=None, commune=None, territory=None)
    assert explain(unknown) == "Poste proche du profil"
    lowered = Match(
        id=3,
        total=0.5,
        parts={"fit": 0.4},
        distance_km=None,
        commune=None,
        territory=None,
        occupation="Technicien qualité en industrie",
        evidence={"occupation": -0.3, "mission": 1.0, "words": 0.0},
    )
    assert "même métier" not in explain(lowered)


def test_the_previous_engine_stays_reachable_for_comparison():
    from dataclasses import replace

    from vte.ranking import PREVIOUS_WEIGHTS

    previous = replace(SETTINGS, ranker="weighted_sum")
    index = offer_index(
        [
            offer_row(unit(1, 0), VILLEURBANNE, skills=("SolidWorks", "cotation")),
            offer_row(unit(0.6, 0.8), LYON, remote=True),
        ]
    )
    result = rank_offers(index, seeker(unit(1, 0), skills=("solidworks",)), previous, today=TODAY)
    best = result.matches[0]
    assert best.id == 1 and set(best.parts) == set(PREVIOUS_WEIGHTS)
    assert best.total == pytest.approx(sum(PREVIOUS_WEIGHTS[k] * v for k, v in best.parts.items()))
    assert best.parts["semantic"] == 1.0 and best.parts["skills"] == pytest.approx(0.5)
    assert best.parts["geo"] == pytest.approx(0.5 ** (best.distance_km / 30), abs=1e-4)  # halves every 30 km
    assert result.matches[1].parts["geo"] == 1.0  # fully remote, as it was
    with pytest.raises(ValueError, match="VTE_RANKER"):
        RankingSettings.from_config({"VTE_WEIGHTS": {}, "VTE_GEO_HALF_KM": 30, "VTE_RANKER": "magic"})
