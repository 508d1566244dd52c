"""scripts/evaluate.py: the metrics on hand-computed cases, the qrels reader, and one end-to-end run
on a tiny hand-made set with the fake encoder (a fresh temporary database, never the user's)."""

from __future__ import annotations

import json
import math

import pytest

from scripts import evaluate as evaluate_mod
from vte.siren import luhn_complete

METRIC_KEYS = {"ndcg@10", "mrr@10", "recall@50", "students", "offers"}


# --------------------------------------------------------------------------- pure metrics
def test_ndcg_on_a_hand_computed_example():
    grades = {"a": 0, "b": 3, "c": 1, "d": 2}
    dcg = 3 / math.log2(3) + 1 / math.log2(4)  # a (0) at rank 1, b (3) at 2, c (1) at 3
    ideal = 3 / math.log2(2) + 2 / math.log2(3) + 1 / math.log2(4)  # 3, 2, 1
    assert evaluate_mod.ndcg_at(["a", "b", "c"], grades) == pytest.approx(dcg / ideal)
    assert evaluate_mod.ndcg_at(["a", "b", "c"], grades) == pytest.approx(0.50249, abs=1e-5)


def test_ndcg_is_one_for_the_ideal_order_and_cut_at_k():
    grades = {"a": 3, "b": 2, "c": 1}
    assert evaluate_mod.ndcg_at(["a", "b", "c", "x"], grades) == pytest.approx(1.0)
    # Only the first k count: the ideal is cut at k too.
    assert evaluate_mod.ndcg_at(["a", "x", "b"], grades, k=1) == pytest.approx(1.0)
    assert evaluate_mod.ndcg_at(["x", "a"], grades, k=1) == 0.0
    # Unjudged offers are grade 0; the ideal comes from every judged grade, ranked or not.
    assert evaluate_mod.ndcg_at(["a"], grades) == pytest.approx(3 / (3 + 2 / math.log2(3) + 0.5))


def test_ndcg_is_undefined_without_a_positive_grade():
    assert evaluate_mod.ndcg_at(["a"], {"a": 0, "b": 0}) is None
    assert evaluate_mod.ndcg_at([], {"a": 2}) == 0.0


def test_mrr_counts_the_first_offer_of_grade_two_or_more():
    grades = {"a": 1, "b": 3, "c": 2}
    assert evaluate_mod.mrr_at(["a", "b", "c"], grades) == 0.5  # "a" (grade 1) is not relevant
    assert evaluate_mod.mrr_at(["c", "a"], grades) == 1.0
    assert evaluate_mod.mrr_at(["x"] * 10 + ["b"], grades) == 0.0  # beyond the top 10
    assert evaluate_mod.mrr_at(["a"], {"a": 1}) is None  # no relevant offer at all
    assert evaluate_mod.RELEVANT == 2


def test_recall_counts_the_relevant_offers_in_the_top_k():
    grades = {"a": 3, "b": 2, "c": 1, "d": 2}
    assert evaluate_mod.recall_at(["a", "c", "x"], grades) == pytest.approx(1 / 3)
    assert evaluate_mod.recall_at(["x", "b", "d", "a"], grades) == 1.0
    assert evaluate_mod.recall_at(["x", "b", "d", "a"], grades, k=2) == pytest.approx(1 / 3)
    assert evaluate_mod.recall_at(["c"], {"c": 1}) is None


def test_score_runs_averages_over_judged_students():
    qrels = {"s1": {"a": 3}, "s2": {"b": 2, "c": 0}, "s3": {"d": 1}}
    runs = {"s1": ["a"], "s2": ["c", "b"], "unjudged": ["a"]}
    result = evaluate_mod.score_runs(runs, qrels, offers=4)
    assert set(result) == METRIC_KEYS
    assert result["students"] == 3 and result["offers"] == 4
    # s1 perfect; s2: b at rank 2 -> nDCG (2/log2 3)/2; s3 is missing from the runs -> 0.
    assert result["ndcg@10"] == pytest.approx(round((1 + 1 / math.log2(3) + 0) / 3, 4))
    # s3 has no grade >= 2: left out of MRR and recall.
    assert result["mrr@10"] == pytest.approx(0.75)
    assert result["recall@50"] == 1.0


def test_read_qrels(tmp_path):
    path = tmp_path / "q.tsv"
    path.write_text("student_id\toffer_id\tgrade\nS1\tO1\t3\nS1\tO2\t0\n\nS2\tO1\t1\n", encoding="utf-8")
    assert evaluate_mod.read_qrels(path) == {"S1": {"O1": 3, "O2": 0}, "S2": {"O1": 1}}
    path.write_text("S1\tO1\t3\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="header"):
        evaluate_mod.read_qrels(path)
    path.write_text("student_id\toffer_id\tgrade\nS1\tO1\t4\n", encoding="utf-8")
    with pytest.raises(SystemExit, match="outside"):
        evaluate_mod.read_qrels(path)


def test_main_prints_one_json_object_or_a_table(monkeypatch, capsys, tmp_path):
    metrics = {"ndcg@10": 0.5, "mrr@10": 0.25, "recall@50": 1.0, "students": 2, "offers": 3}
    fixed = {"ranker": metrics, "baselines": {n: metrics for n in evaluate_mod.BASELINES}, "seconds": 1.0}
    calls = []
    monkeypatch.setattr(evaluate_mod, "evaluate", lambda *a, **k: calls.append((a, k)) or fixed)
    for name in ("s.jsonl", "o.jsonl", "q.tsv"):
        (tmp_path / name).write_text("", encoding="utf-8")
    args = [
        "--students",
        str(tmp_path / "s.jsonl"),
        "--offers",
        str(tmp_path / "o.jsonl"),
        "--qrels",
        str(tmp_path / "q.tsv"),
        "--model",
        "fake",
        "--seed",
        "7",
    ]
    assert evaluate_mod.main(args + ["--json"]) == 0
    assert json.loads(capsys.readouterr().out) == fixed
    assert calls[-1][1]["model"] == "fake" and calls[-1][1]["seed"] == 7
    assert evaluate_mod.main(args) == 0
    table = capsys.readouterr().out
    assert "nDCG@10" in table and "geo_only" in table and "0.5000" in table


def test_students_are_grouped_by_region_prefix_only_when_every_id_has_one():
    assert evaluate_mod.prefix_groups(["g01", "o02", "g10"]) == {"g": ["g01", "g10"], "o": ["o02"]}
    assert evaluate_mod.prefix_groups(["g01", "g02"]) is None  # one region: nothing to compare
    assert evaluate_mod.prefix_groups(["g01", "S-1"]) is None
    assert evaluate_mod.prefix_groups(["g01", "S-1"], force=True) == {"g": ["g01"], "s": ["S-1"]}
    assert evaluate_mod.prefix_groups(["42"], force=True) == {"": ["42"]}


def test_scores_by_group_average_within_each_group():
    qrels = {"g01": {"a": 3}, "g02": {"b": 3}, "o01": {"a": 3}}
    runs = {"g01": ["a"], "g02": ["x"], "o01": ["a"]}
    groups = evaluate_mod.prefix_groups(qrels)
    by_group = evaluate_mod.score_groups(runs, qrels, 2, groups)
    assert by_group["g"]["ndcg@10"] == 0.5 and by_group["g"]["students"] == 2
    assert by_group["o"]["ndcg@10"] == 1.0


def test_table_shows_ablations_and_regions():
    metrics = {"ndcg@10": 0.5, "mrr@10": 0.25, "recall@50": 1.0, "students": 2, "offers": 3}
    group = {"ranker": metrics, "baselines": {n: metrics for n in evaluate_mod.BASELINES}}
    result = {**group, "ablation": {"without_geo": metrics}, "by_prefix": {"g": group, "o": group}, "seconds": 1.0}
    table = evaluate_mod.format_table(result)
    assert "without_geo" in table and "by id prefix" in table
    assert any(line.startswith("o ") for line in table.splitlines())


# --------------------------------------------------------------------------- end to end
def _company(prefix: str, insee: str) -> dict:
    return {
        "siren": luhn_complete(prefix),
        "name": f"Société {prefix}",
        "naf": "25.62B",
        "headcount": 120,
        "location": {"insee": insee},
    }


def _offer(oid, prefix, insee, title, description, contract, **extra) -> dict:
    offer = {
        "id": oid,
        "company": _company(prefix, insee),
        "title": title,
        "description": description,
        "contract_type": contract,
    }
    if contract in ("apprentissage", "professionnalisation", "cdd"):
        offer["duration_months"] = 24
    offer.update(extra)
    return offer


QUALITY = (
    "Ingénieure qualité : pilotage du système de management de la qualité ISO 9001, traitement des "
    "non-conformités, audits fournisseurs et indicateurs qualité en usine de décolletage."
)

STUDENTS = [
    # Only OFF-1 passes her filters (apprenticeship, within 50 km of Lyon).
    {
        "id": "S-APP",
        "school": "INSA Lyon",
        "level": "bac+5",
        "status": "alternance",
        "summary": "Je cherche une alternance en maintenance industrielle près de Lyon.",
        "skills": ["GMAO"],
        "contract_types": ["apprentissage"],
        "location": {"insee": "69123"},
        "max_distance_km": 50,
    },
    # Two offers pass: OFF-4 (same text, same commune) must come before OFF-5 (unrelated, farther).
    # Her school is in no registry: evaluation accepts any school name.
    {
        "id": "S-CDI",
        "school": "École supérieure de décolletage de la vallée (inconnue du registre)",
        "level": "bac+5",
        "status": "graduate",
        "summary": QUALITY,
        "skills": ["ISO 9001", "AMDEC"],
        "contract_types": ["cdi"],
        "location": {"insee": "01283"},
        "max_distance_km": 45,
    },  # Bourg-en-Bresse (~33 km) yes, Lyon (~70 km) no
    # Not judged: not ranked. A UAI code that no registry holds.
    {
        "id": "S-NONE",
        "school": "0999999Z",
        "level": "bac+3",
        "status": "student",
        "summary": "Profil sans jugement.",
        "contract_types": ["cdd"],
        "location": {"insee": "69123"},
    },
]
OFFERS = [
    _offer(
        "OFF-1",
        "35000001",
        "69266",
        "Apprenti technicien de maintenance (H/F)",
        "Maintenance préventive et curative des lignes de production, GMAO.",
        "apprentissage",
        skills=["GMAO"],
    ),
    _offer(
        "OFF-2",
        "35000002",
        "69123",
        "Technicien de maintenance (H/F)",
        "Maintenance industrielle, dépannage des lignes.",
        "cdi",
    ),
    _offer(
        "OFF-3",
        "35000003",
        "75056",
        "Alternance maintenance industrielle (H/F)",
        "Maintenance industrielle à Paris.",
        "apprentissage",
    ),
    _offer("OFF-4", "35000004", "01283", "Ingénieur qualité (H/F)", QUALITY, "cdi", skills=["ISO 9001", "AMDEC"]),
    _offer("OFF-5", "35000005", "01053", "Comptable (H/F)", "Tenue de la comptabilité générale et paie.", "cdi"),
]
QRELS = [
    ("S-APP", "OFF-1", 3),
    ("S-APP", "OFF-2", 0),
    ("S-APP", "OFF-3", 0),
    ("S-CDI", "OFF-4", 3),
    ("S-CDI", "OFF-5", 1),
    ("S-CDI", "OFF-3", 0),
]


@pytest.fixture(scope="module")
def toy_run(tmp_path_factory):
    folder = tmp_path_factory.mktemp("evalset")
    (folder / "students.jsonl").write_text(
        "".join(json.dumps(s, ensure_ascii=False) + "\n" for s in STUDENTS), encoding="utf-8"
    )
    (folder / "offers.jsonl").write_text(
        "".join(json.dumps(o, ensure_ascii=False) + "\n" for o in OFFERS), encoding="utf-8"
    )
    (folder / "qrels.tsv").write_text(
        "student_id\toffer_id\tgrade\n" + "".join(f"{s}\t{o}\t{g}\n" for s, o, g in QRELS), encoding="utf-8"
    )
    user_db = folder / "user.db"
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("DATABASE_URL", f"sqlite:///{user_db}")  # the user's database must stay untouched
        runs: dict = {}
        result = evaluate_mod.evaluate(
            folder / "students.jsonl",
            folder / "offers.jsonl",
            folder / "qrels.tsv",
            model="fake",
            seed=3,
            run_path=folder / "run.tsv",
            runs_out=runs,
        )
    return result, runs, folder, user_db


@pytest.mark.slow
def test_evaluate_returns_the_documented_shape(toy_run):
    result, _, _, user_db = toy_run
    assert set(result) == {"ranker", "baselines", "ablation", "seconds"}  # no region prefix: no by_prefix
    assert set(result["baselines"]) == {"random", "tfidf", "embedding_only", "geo_only", "previous_engine"}
    assert set(result["ablation"]) == {f"without_{c}" for c in ("geo", "territory", "green")} | {
        f"without_{group}_evidence" for group in ("occupation", "mission", "words")
    }
    for metrics in [result["ranker"], *result["baselines"].values()]:
        assert set(metrics) == METRIC_KEYS
        assert metrics["students"] == 2 and metrics["offers"] == 5
        for key in ("ndcg@10", "mrr@10", "recall@50"):
            assert 0.0 <= metrics[key] <= 1.0
    assert result["seconds"] > 0
    json.dumps(result)
    assert not user_db.exists()


@pytest.mark.slow
def test_a_perfect_ranking_scores_one(toy_run):
    result, runs, _, _ = toy_run
    assert runs["ranker"]["S-APP"] == ["OFF-1"]  # contract and distance filters
    assert runs["ranker"]["S-CDI"] == ["OFF-4", "OFF-5"]
    assert result["ranker"]["ndcg@10"] == 1.0
    assert result["ranker"]["mrr@10"] == 1.0
    assert result["ranker"]["recall@50"] == 1.0
    # Baselines rank the same filtered candidates, in their own order.
    for name in evaluate_mod.BASELINES:
        assert {s: sorted(r) for s, r in runs[name].items()} == {"S-APP": ["OFF-1"], "S-CDI": ["OFF-4", "OFF-5"]}
    assert runs["tfidf"]["S-CDI"][0] == "OFF-4"


@pytest.mark.slow
def test_run_file_lists_the_ranking_with_source_ids(toy_run):
    _, _, folder, _ = toy_run
    lines = (folder / "run.tsv").read_text(encoding="utf-8").splitlines()
    assert lines[0] == "student_id\toffer_id\trank\tscore"
    rows = [line.split("\t") for line in lines[1:]]
    assert [(s, o, r) for s, o, r, _ in rows] == [
        ("S-APP", "OFF-1", "1"),
        ("S-CDI", "OFF-4", "1"),
        ("S-CDI", "OFF-5", "2"),
    ]
    scores = [float(x) for *_, x in rows]
    assert scores[1] >= scores[2]
