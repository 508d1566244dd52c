"""scripts/train_ranker.py: the pairs it learns from, and one run on a tiny judged set with the fake
encoder that writes a job-fit model the product loads."""

from __future__ import annotations

import json

import numpy as np
import pytest

from scripts import train_ranker
from test_evaluate import OFFERS, QRELS, STUDENTS
from vte.fit import FEATURES, FitModel


def write_toy_set(folder):
    """The tiny judged set of test_evaluate (two judged students, five offers) in `folder`."""
    folder.mkdir()
    lines = {"students.jsonl": STUDENTS, "offers.jsonl": OFFERS}
    for name, rows in lines.items():
        (folder / name).write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    (folder / "qrels.tsv").write_text(
        "student_id\toffer_id\tgrade\n" + "".join(f"{s}\t{o}\t{g}\n" for s, o, g in QRELS), encoding="utf-8"
    )
    return folder


def pairs(grades, judged, features):
    return train_ranker.StudentPairs(
        student="g01",
        offers=[f"o{i}" for i in range(len(grades))],
        features=np.asarray(features, dtype=np.float64),
        grades=np.asarray(grades, dtype=np.float64),
        judged=np.asarray(judged, dtype=bool),
        parts={},
        weight=0.5,
        set_name="set",
    )


def test_pairs_are_the_judged_offers_with_different_grades_better_minus_worse():
    features = np.eye(4, len(FEATURES))
    data = [pairs([3, 0, 1, 0], [True, True, True, False], features)]
    diffs, weights = train_ranker.pairs_of(data, np.random.default_rng(0))
    # judged: o0 (3), o1 (0), o2 (1); o3 is unjudged and never paired
    expected = {tuple(features[a] - features[b]) for a, b in ((0, 1), (0, 2), (2, 1))}
    assert {tuple(d) for d in diffs} == expected
    assert list(weights) == [0.5, 0.5, 0.5]


def test_the_learned_model_prefers_the_feature_that_separates_the_grades():
    rng = np.random.default_rng(1)
    data = []
    for _ in range(20):
        features = rng.random((12, len(FEATURES)))
        grades = (features[:, FEATURES.index("rome_metier")] > 0.6).astype(float) * 3
        data.append(pairs(grades, np.ones(12, dtype=bool), features))
    model = train_ranker.fit_model(data, c=1.0)
    weights = dict(model.weights)
    assert weights["rome_metier"] > 0 and weights["rome_metier"] == max(weights.values(), key=abs)
    scores = model.score({name: np.array([0.9 if name == "rome_metier" else 0.5]) for name in FEATURES})
    assert model.probability(scores)[0] > 0.5


def test_the_words_scores_are_capped_at_the_99th_percentile_of_the_training_pairs():
    rng = np.random.default_rng(2)
    data = []
    for _ in range(10):
        features = rng.random((20, len(FEATURES)))
        features[:, FEATURES.index("tfidf")] = np.linspace(0.0, 1.0, 20) ** 4  # a few large values
        grades = (features[:, FEATURES.index("rome_metier")] > 0.5).astype(float) * 3
        data.append(pairs(grades, np.ones(20, dtype=bool), features))
    model = train_ranker.fit_model(data, c=1.0)
    assert set(model.caps) == {"bm25_full", "bm25_wish", "tfidf"}
    tfidf = np.concatenate([d.features[:, FEATURES.index("tfidf")] for d in data])
    assert model.caps["tfidf"] == pytest.approx(np.percentile(tfidf, 99))
    assert model.means["tfidf"] == pytest.approx(np.minimum(tfidf, model.caps["tfidf"]).mean())
    # beyond the cap a larger value changes nothing
    above = {name: np.array([0.5, 0.5]) for name in FEATURES}
    above["tfidf"] = np.array([model.caps["tfidf"], 1.0])
    first, second = model.score(above)
    assert first == pytest.approx(second)


@pytest.mark.slow
def test_a_run_on_a_judged_set_writes_a_model_the_product_loads(tmp_path, capsys):
    folder = write_toy_set(tmp_path / "set")
    out = tmp_path / "fit_model.json"
    assert train_ranker.main(["--set", str(folder), "--model", "fake", "--out", str(out), "--json"]) == 0
    report = json.loads(capsys.readouterr().out)
    model = FitModel.load(out)
    assert set(model.weights) == set(FEATURES)
    assert model.about["trained_on"] == ["set (weight 1.0)"]
    assert report["in_sample"]["students"] == 2 and 0 <= report["in_sample"]["ndcg@10"] <= 1


def test_the_features_file_keeps_where_the_offers_are_so_geography_can_be_re_evaluated(tmp_path):
    folder = write_toy_set(tmp_path / "set")
    cache = tmp_path / "features.npz"
    assert train_ranker.main(["--set", str(folder), "--model", "fake", "--features", str(cache), "--dry-run"]) == 0
    computed = train_ranker.load_features(cache)
    assert computed and all(d.distance is not None and len(d.distance) == len(d.offers) for d in computed)
    again = tmp_path / "again.npz"
    train_ranker.save_features(again, computed)
    for first, second in zip(computed, train_ranker.load_features(again), strict=True):
        assert np.array_equal(first.distance, second.distance, equal_nan=True)
        assert np.array_equal(first.remote, second.remote) and first.max_km == second.max_km
        assert np.array_equal(first.features, second.features)


def test_a_run_on_a_kept_features_file_weighs_each_set_as_its_own_options_say(tmp_path, monkeypatch):
    folder = write_toy_set(tmp_path / "set")
    cache = tmp_path / "features.npz"
    assert train_ranker.main(["--set", str(folder), "--model", "fake", "--features", str(cache), "--dry-run"]) == 0
    weights_seen = []
    fit = train_ranker.fit_model

    def spy(data, c, about=None):
        weights_seen.append({d.weight for d in data})
        return fit(data, c, about)

    monkeypatch.setattr(train_ranker, "fit_model", spy)
    assert train_ranker.main(["--set", f"{folder}:3", "--features", str(cache), "--dry-run"]) == 0
    assert weights_seen and all(seen == {3.0} for seen in weights_seen)


def test_the_shipped_model_loads_and_leans_on_the_mission_and_the_occupation():
    model = FitModel.load()
    assert model.weights["cos_mission"] > 0 and model.weights["cos_full"] > 0
    occupation = sum(model.weights[n] * 0.3 for n in ("rome_metier", "rome_domain", "rome_broad", "rome_cos"))
    assert occupation > 0  # sharing the occupation at every level raises the fit
    assert model.weights["rome_soft"] > 0  # so do neighbouring occupations
    assert model.about["leave_one_region_out_ndcg@10"] > 0.55
    assert 0 < model.caps["tfidf"] < 0.5  # an offer in the student's very words is not pushed down without limit
