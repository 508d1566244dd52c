"""Measure the ranking on a judged set (formats.md, « Evaluation output »).

    python -m scripts.evaluate --students S.jsonl --offers O.jsonl --qrels Q.tsv
        [--json] [--run FILE] [--model NAME_OR_PATH|fake] [--seed N]

The files are imported into a fresh temporary SQLite database (never the user's), built with the
app factory and the migrations and loaded with the reference data (communes, NAF, schools; the
Territoires d'industrie only when VTE_TERRITOIRES_SOURCE names a local file), with the production
importers (`vte.imports`). Every offer is then ranked for every student that has at least one
judgement, with the production ranking (`vte.matching.rank_offers_for_student`) and the
configuration of the environment (default weights unless VTE_WEIGHT_* are set). `--model`
overrides VTE_EMBEDDING_MODEL; `--model fake` uses the deterministic test encoder.

Metrics (averaged over the students that have a judgement; a student with no relevant offer is
left out of the average of a metric that is undefined for it):
- nDCG@10: graded, gain = grade (0-3), discount log2(rank + 1); the ideal list is made of all the
  grades judged for the student (absent pairs are 0);
- MRR@10: reciprocal rank of the first offer of grade >= 2 ("relevant") in the top 10, else 0;
- Recall@50: fraction of the student's offers of grade >= 2 found in the top 50.

Baselines apply the same hard filters (they rank the ranker's candidate set: the ranker is asked
for every offer that passes the filters) and differ only in scoring:
- random: a seeded shuffle (`--seed`);
- tfidf: scikit-learn TF-IDF cosine between the student's text and the offers' texts (the texts
  the product embeds: `vte.embedding_sync.text_of_student` / `text_of_offer`), fitted on the offers;
- embedding_only: the cosine of the embeddings of those two texts (the product's default model);
- geo_only: the geography component alone (`vte.ranking.geo_component` of the distance);
- previous_engine: the engine before the job-fit model (`VTE_RANKER=weighted_sum`).
The ablation ranks with the production engine without one weighted component (its weight 0), and
without one kind of job-fit evidence (`vte.fit.GROUPS`: its features' weights 0 in the fit model).
Ties are broken by offer order in the file (the engine breaks them by database id, which is
the file order here).

stdout carries only the result (one JSON object with --json, else a table); progress goes to stderr.
"""

from __future__ import annotations

import argparse
import contextlib
import csv
import json
import math
import random
import re
import sys
import tempfile
import time
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

RELEVANT = 2  # grade from which an offer counts as relevant for MRR and recall
NDCG_K, MRR_K, RECALL_K = 10, 10, 50
RUN_DEPTH = 50  # lines per student in --run files
ALL = 10**9  # "every offer that passes the filters"
SOURCE = "evaluation"
BASELINES = ("random", "tfidf", "embedding_only", "geo_only", "previous_engine")
PREFIXED_ID = re.compile(r"^[A-Za-z]+\d")  # « g01 », « o150 »: a region letter, then a number
LEADING_LETTERS = re.compile(r"^[A-Za-z]*")


# =========================================================================== metrics (pure)
def dcg(gains: Sequence[float], k: int) -> float:
    return sum(g / math.log2(i + 2) for i, g in enumerate(list(gains)[:k]))


def ndcg_at(ranking: Sequence[str], grades: Mapping[str, int], k: int = NDCG_K) -> float | None:
    """nDCG@k of `ranking` (offer ids, best first) against the judged `grades`; None when the
    student has no offer of positive grade (undefined)."""
    ideal = dcg(sorted((g for g in grades.values() if g > 0), reverse=True), k)
    if ideal <= 0:
        return None
    return dcg([grades.get(o, 0) for o in ranking], k) / ideal


def mrr_at(
    ranking: Sequence[str], grades: Mapping[str, int], k: int = MRR_K, threshold: int = RELEVANT
) -> float | None:
    """Reciprocal rank of the first offer with grade >= threshold in the top k (0 if none there);
    None when the student has no such offer at all."""
    if not any(g >= threshold for g in grades.values()):
        return None
    for rank, offer in enumerate(ranking[:k], start=1):
        if grades.get(offer, 0) >= threshold:
            return 1.0 / rank
    return 0.0


def recall_at(
    ranking: Sequence[str], grades: Mapping[str, int], k: int = RECALL_K, threshold: int = RELEVANT
) -> float | None:
    """Fraction of the offers with grade >= threshold that are in the top k; None if there is none."""
    relevant = {o for o, g in grades.items() if g >= threshold}
    if not relevant:
        return None
    return len(relevant & set(ranking[:k])) / len(relevant)


def mean(values: Iterable[float | None]) -> float:
    kept = [v for v in values if v is not None]
    return sum(kept) / len(kept) if kept else 0.0


def score_runs(runs: Mapping[str, Sequence[str]], qrels: Mapping[str, Mapping[str, int]], offers: int) -> dict:
    """The metrics dict of formats.md for rankings by student (students without a judgement are
    ignored; a judged student missing from `runs` counts as an empty ranking)."""
    students = sorted(qrels)
    return {
        "ndcg@10": round(mean(ndcg_at(runs.get(s, []), qrels[s]) for s in students), 4),
        "mrr@10": round(mean(mrr_at(runs.get(s, []), qrels[s]) for s in students), 4),
        "recall@50": round(mean(recall_at(runs.get(s, []), qrels[s]) for s in students), 4),
        "students": len(students),
        "offers": offers,
    }


def prefix_groups(student_ids: Iterable[str], force: bool = False) -> dict[str, list[str]] | None:
    """Judged students grouped by the letters their ids start with (the development set's regions:
    g01 … o10 …), when every id has such a prefix and there are at least two (or always, with
    `force`: ids that start without a letter then form the group ""). None otherwise."""
    groups: dict[str, list[str]] = {}
    for sid in sorted(student_ids):
        if not force and PREFIXED_ID.match(sid) is None:
            return None
        groups.setdefault(LEADING_LETTERS.match(sid).group(0).lower(), []).append(sid)
    return groups if force or len(groups) >= 2 else None


def score_groups(
    runs: Mapping[str, Sequence[str]],
    qrels: Mapping[str, Mapping[str, int]],
    offers: int,
    groups: Mapping[str, Sequence[str]],
) -> dict[str, dict]:
    """`score_runs` within each group of students."""
    return {name: score_runs(runs, {s: qrels[s] for s in members}, offers) for name, members in groups.items()}


# =========================================================================== input files
def read_qrels(path: str | Path) -> dict[str, dict[str, int]]:
    """{student_id: {offer_id: grade}} from a qrels.tsv (header `student_id offer_id grade`)."""
    out: dict[str, dict[str, int]] = {}
    with open(path, encoding="utf-8", newline="") as fh:
        reader = csv.reader(fh, delimiter="\t")
        header = next(reader, None)
        if header is None or [h.strip() for h in header] != ["student_id", "offer_id", "grade"]:
            raise SystemExit(f"{path}: the first line must be the header student_id<TAB>offer_id<TAB>grade")
        for n, row in enumerate(reader, start=2):
            if not row or not "".join(row).strip():
                continue
            if len(row) != 3:
                raise SystemExit(f"{path}, line {n}: expected 3 tab-separated fields, got {len(row)}")
            student, offer, grade = (x.strip() for x in row)
            try:
                value = int(grade)
            except ValueError:
                raise SystemExit(f"{path}, line {n}: grade {grade!r} is not an integer 0-3") from None
            if not 0 <= value <= 3:
                raise SystemExit(f"{path}, line {n}: grade {value} outside 0-3")
            out.setdefault(student, {})[offer] = value
    return out


def _lines(path: str | Path) -> list[str]:
    with open(path, encoding="utf-8") as fh:
        return fh.read().splitlines()


def _ids_in(lines: Iterable[str]) -> list[str]:
    ids = []
    for line in lines:
        if line.strip():
            with contextlib.suppress(ValueError, AttributeError):
                ids.append(str(json.loads(line).get("id")))
    return ids


# =========================================================================== ranking
@dataclass
class Loaded:
    """The imported set: database ids <-> source ids, and the texts for TF-IDF."""

    student_db: dict[str, int]  # source id -> database id
    offer_source: dict[int, str]  # database id -> source id
    offer_order: dict[str, int]  # source id -> position in the offers file (tie-break)
    student_text: dict[str, str]
    offer_text: dict[str, str]


_STARTED = time.perf_counter()


def _say(message: str) -> None:
    print(f"[{time.perf_counter() - _STARTED:6.1f} s] {message}", file=sys.stderr, flush=True)


def _progress(stage: str) -> Callable[[str, int, int], None]:
    last = {"t": 0.0}

    def report(step: str, done: int, total: int) -> None:
        now = time.perf_counter()
        if done == total or now - last["t"] > 2:
            last["t"] = now
            _say(f"  {stage} — {step} : {done}/{total}")

    return report


def _make_app(tmpdir: str, model: str | None):
    from vte import create_app
    from vte.embeddings import FakeEncoder

    overrides = {
        "ENV_NAME": "development",
        "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmpdir}/eval.db",
        "INSTANCE_PATH": tmpdir,
    }
    if model == "fake":
        overrides["VTE_ENCODER"] = FakeEncoder()
    elif model:
        overrides["VTE_EMBEDDING_MODEL"] = model
    return create_app(overrides)


def _load_reference_data(app) -> None:
    from vte.extensions import db
    from vte.refdata.communes import load_communes
    from vte.refdata.naf import load_naf
    from vte.refdata.schools import load_demo_schools

    _say("Loading reference data (communes, NAF, schools)…")
    load_communes(db.session)
    load_naf(db.session)
    load_demo_schools(db.session)
    source = app.config.get("VTE_TERRITOIRES_SOURCE") or ""
    if source and "://" not in source and Path(source).is_file():
        from vte.refdata.territoires import load_territoires

        _say(f"Loading Territoires d'industrie from {source}…")
        load_territoires(db.session, source)
    else:
        _say("Territoires d'industrie not loaded (VTE_TERRITOIRES_SOURCE is not a local file).")
    db.session.commit()


def _import(app, students_lines: list[str], offers_lines: list[str], encoder) -> Loaded:
    from sqlalchemy import select

    from vte.embedding_sync import text_of_offer, text_of_student
    from vte.extensions import db
    from vte.imports import ImportFailed, import_offers, import_students
    from vte.models import Offer, Student

    for kind, lines, func in (("students", students_lines, import_students), ("offers", offers_lines, import_offers)):
        _say(f"Importing {kind}…")
        try:
            report = func(db.session, lines, SOURCE, encoder, skip_invalid=False, progress=_progress(kind))
        except ImportFailed as exc:
            db.session.rollback()
            errors = getattr(exc, "report", None)
            details = "\n".join(
                f"  line {e.line}: {e.field}: {e.message}" for e in (errors.errors if errors else [])[:20]
            )
            raise SystemExit(f"The {kind} file does not import:\n{details or exc}") from None
        db.session.commit()
        _say(f"  {report.imported} {kind} imported.")
    students = db.session.scalars(select(Student).where(Student.source == SOURCE)).all()
    offers = db.session.scalars(select(Offer).where(Offer.source == SOURCE)).all()
    order = {sid: n for n, sid in enumerate(_ids_in(offers_lines))}
    return Loaded(
        student_db={s.source_id: s.id for s in students},
        offer_source={o.id: o.source_id for o in offers},
        offer_order=order,
        student_text={s.source_id: text_of_student(s) for s in students},
        offer_text={o.source_id: text_of_offer(o) for o in offers},
    )


def _engine_ranking(
    app,
    encoder,
    loaded: Loaded,
    student_ids: list[str],
    weights: Mapping[str, float] | None,
    today: date | None,
    ranker: str | None = None,
) -> tuple[dict[str, list[str]], dict[str, list[float]]]:
    """Every offer that passes the filters, in the engine's order, for each student (`ranker`:
    another VTE_RANKER than the configured one)."""
    from vte.extensions import db
    from vte.matching import rank_offers_for_student
    from vte.models import Student

    config = dict(app.config)
    if ranker:
        config["VTE_RANKER"] = ranker
    if weights is not None:
        config["VTE_WEIGHTS"] = {name: float(weights.get(name, 0.0)) for name in app.config["VTE_WEIGHTS"]}
    runs: dict[str, list[str]] = {}
    scores: dict[str, list[float]] = {}
    for sid in student_ids:
        if sid not in loaded.student_db:
            runs[sid], scores[sid] = [], []
            continue
        student = db.session.get(Student, loaded.student_db[sid])
        ranked = rank_offers_for_student(db.session, encoder, config, student, limit=ALL, today=today)
        runs[sid] = [loaded.offer_source[m.id] for m in ranked.matches if m.id in loaded.offer_source]
        scores[sid] = [m.total for m in ranked.matches if m.id in loaded.offer_source]
    db.session.commit()  # embeddings of the students computed while ranking stay cached
    return runs, scores


def _rescore(
    candidates: Mapping[str, list[str]], score: Callable[[str, list[str]], list[float]], order: Mapping[str, int]
) -> dict[str, list[str]]:
    out = {}
    for sid, offers in candidates.items():
        values = score(sid, offers) if offers else []
        out[sid] = [
            o for _, _, o in sorted(zip((-v for v in values), (order.get(o, 0) for o in offers), offers, strict=False))
        ]
    return out


def _random_scorer(seed: int) -> Callable[[str, list[str]], list[float]]:
    def score(sid: str, offers: list[str]) -> list[float]:
        # Drawn in a fixed order (sorted ids), so the seed alone decides, whatever the model.
        rng = random.Random(f"{seed}:{sid}")
        values = {o: rng.random() for o in sorted(offers)}
        return [values[o] for o in offers]

    return score


def _tfidf_scorer(loaded: Loaded) -> Callable[[str, list[str]], list[float]]:
    from sklearn.feature_extraction.text import TfidfVectorizer

    names = sorted(loaded.offer_text)
    vectorizer = TfidfVectorizer(strip_accents="unicode", lowercase=True, sublinear_tf=True)
    matrix = vectorizer.fit_transform([loaded.offer_text[n] for n in names])  # rows are L2-normalised
    row = {n: i for i, n in enumerate(names)}

    def score(sid: str, offers: list[str]) -> list[float]:
        query = vectorizer.transform([loaded.student_text.get(sid, "")])
        sims = (matrix[[row[o] for o in offers]] @ query.T).toarray().ravel()
        return [float(x) for x in sims]

    return score


def write_run(
    path: str | Path, runs: Mapping[str, Sequence[str]], scores: Mapping[str, Sequence[float]], depth: int = RUN_DEPTH
) -> None:
    with open(path, "w", encoding="utf-8", newline="") as fh:
        fh.write("student_id\toffer_id\trank\tscore\n")
        for sid in sorted(runs):
            for rank, (oid, value) in enumerate(zip(runs[sid][:depth], scores[sid][:depth], strict=False), start=1):
                fh.write(f"{sid}\t{oid}\t{rank}\t{value:.6f}\n")


def _embedding_scorer(encoder, loaded: Loaded) -> Callable[[str, list[str]], list[float]]:
    from vte.embeddings import embed_texts
    from vte.extensions import db

    def score(sid: str, offers: list[str]) -> list[float]:
        query = embed_texts(db.session, encoder, [loaded.student_text.get(sid, "")], "query")[0]
        vectors = embed_texts(db.session, encoder, [loaded.offer_text[o] for o in offers], "passage")
        return [float(x) for x in vectors @ query]

    return score


def _geo_scorer(app, loaded: Loaded) -> Callable[[str, list[str]], list[float]]:
    import numpy as np

    from vte.extensions import db
    from vte.models import Offer, Student
    from vte.ranking import RankingSettings, distances, geo_component
    from vte.vocab import Remote

    settings = RankingSettings.from_config(app.config)
    offer_db = {source: oid for oid, source in loaded.offer_source.items()}

    def score(sid: str, offers: list[str]) -> list[float]:
        student = db.session.get(Student, loaded.student_db[sid])
        rows = [db.session.get(Offer, offer_db[o]) for o in offers]
        lats = np.array([np.nan if o.lat is None else o.lat for o in rows])
        lons = np.array([np.nan if o.lon is None else o.lon for o in rows])
        remote = np.array([o.remote == Remote.FULL for o in rows])
        near = geo_component(distances(student.lat, student.lon, lats, lons), remote, settings)
        return [float(x) for x in near]

    return score


def _baseline_runs(
    app, encoder, loaded: Loaded, judged: list[str], ranker: dict[str, list[str]], seed: int, today: date | None
) -> dict[str, dict[str, list[str]]]:
    """The baselines' rankings of the ranker's candidates (same hard filters, other scores)."""
    _say("Baselines…")
    previous, _ = _engine_ranking(app, encoder, loaded, judged, None, today, ranker="weighted_sum")
    return {
        "random": _rescore(ranker, _random_scorer(seed), loaded.offer_order),
        "tfidf": _rescore(ranker, _tfidf_scorer(loaded), loaded.offer_order),
        "embedding_only": _rescore(ranker, _embedding_scorer(encoder, loaded), loaded.offer_order),
        "geo_only": _rescore(ranker, _geo_scorer(app, loaded), loaded.offer_order),
        "previous_engine": previous,
    }


def _ablation_runs(app, encoder, loaded: Loaded, judged: list[str], today: date | None) -> dict[str, dict]:
    """The ranker without each weighted component (its weight set to 0, the others unchanged), and
    without each kind of job-fit evidence (the weights of its features set to 0)."""
    from vte.fit import GROUPS, FitModel

    weights = dict(app.config["VTE_WEIGHTS"])
    ablations = {}
    for component in sorted(c for c, w in weights.items() if w and c != "fit"):  # the fit: see the evidence
        _say(f"Ablation: without {component}…")
        ablations[f"without_{component}"], _ = _engine_ranking(
            app, encoder, loaded, judged, {**weights, component: 0.0}, today
        )
    model = FitModel.load(app.config.get("VTE_FIT_MODEL_FILE"))
    saved = app.config.get("VTE_FIT_MODEL_FILE")
    with tempfile.TemporaryDirectory() as folder:
        for group, names in GROUPS.items():
            _say(f"Ablation: without the {group} evidence…")
            path = Path(folder) / f"without_{group}.json"
            data = model.to_dict()
            data["weights"].update({name: 0.0 for name in names})
            path.write_text(json.dumps(data), encoding="utf-8")
            app.config["VTE_FIT_MODEL_FILE"] = str(path)
            try:
                ablations[f"without_{group}_evidence"], _ = _engine_ranking(app, encoder, loaded, judged, None, today)
            finally:
                app.config["VTE_FIT_MODEL_FILE"] = saved
    return ablations


def _scores(ranker, baselines, ablations, qrels, n_offers: int, groups: dict[str, list[str]] | None) -> dict:
    """The result dict: the ranker, the baselines, the ablation and, with groups, the same by group."""
    result = {
        "ranker": score_runs(ranker, qrels, n_offers),
        "baselines": {name: score_runs(baselines[name], qrels, n_offers) for name in BASELINES},
        "ablation": {name: score_runs(runs, qrels, n_offers) for name, runs in ablations.items()},
    }
    if groups:
        ranker_groups = score_groups(ranker, qrels, n_offers, groups)
        baseline_groups = {b: score_groups(baselines[b], qrels, n_offers, groups) for b in BASELINES}
        result["by_prefix"] = {
            name: {"ranker": ranker_groups[name], "baselines": {b: baseline_groups[b][name] for b in BASELINES}}
            for name in groups
        }
    return result


# =========================================================================== entry points
def evaluate(
    students_path: str | Path,
    offers_path: str | Path,
    qrels_path: str | Path,
    model: str | None = "fake",
    seed: int = 0,
    run_path: str | Path | None = None,
    today: date | None = None,
    runs_out: dict | None = None,
    group_by_prefix: bool = False,
) -> dict:
    """Import the files into a throw-away database, rank, and return the result dict of formats.md.
    `model`: "fake" (test encoder), None (VTE_EMBEDDING_MODEL or the bundled default), or a
    sentence-transformers name or folder. `runs_out`, when given, receives every ranking
    ({"ranker": {student: [offer ids]}, "random": ..., ...}) for analysis. The result also holds
    `ablation` (the ranker without each weighted component) and, when the student ids carry a
    region prefix (or with `group_by_prefix`), `by_prefix` (the ranker and baselines by prefix)."""
    started = time.perf_counter()
    qrels = read_qrels(qrels_path)
    students_lines, offers_lines = _lines(students_path), _lines(offers_path)
    with tempfile.TemporaryDirectory(prefix="vte-eval-") as tmpdir:
        app = _make_app(tmpdir, model)
        name = app.config.get("VTE_EMBEDDING_MODEL") or ""
        if model != "fake" and ("/" in name or name.startswith(".")) and not Path(name).is_dir():
            raise SystemExit(
                f"Model folder not found: {name} (build the default one with "
                "python scripts/build_model.py, or pass --model NAME_OR_PATH or --model fake)"
            )
        try:
            with app.app_context():
                from flask_migrate import upgrade

                from vte.embeddings import get_encoder
                from vte.extensions import db

                _say(f"Temporary database in {tmpdir}; creating the schema…")
                upgrade()
                _load_reference_data(app)
                encoder = get_encoder(app.config)
                _say(f"Encoder: {encoder.model_id}")
                loaded = _import(app, students_lines, offers_lines, encoder)
                judged = sorted(qrels)
                missing_students = [s for s in judged if s not in loaded.student_db]
                missing_offers = {o for g in qrels.values() for o in g} - set(loaded.offer_text)
                if missing_students:
                    _say(f"Warning: {len(missing_students)} judged students are not in the students file.")
                if missing_offers:
                    _say(f"Warning: {len(missing_offers)} judged offers are not in the offers file.")
                _say(f"Ranking {len(judged)} students with weights {dict(app.config['VTE_WEIGHTS'])}…")
                ranker, ranker_scores = _engine_ranking(app, encoder, loaded, judged, None, today)
                unreachable = sum(1 for s in judged for o, g in qrels[s].items() if g > 0 and o not in set(ranker[s]))
                if unreachable:
                    _say(
                        f"Note: {unreachable} judged-relevant pairs are removed by the hard filters "
                        "(no ranking can find them)."
                    )
                n_offers = len(loaded.offer_text)
                baselines = _baseline_runs(app, encoder, loaded, judged, ranker, seed, today)
                ablations = _ablation_runs(app, encoder, loaded, judged, today)
                result = _scores(
                    ranker, baselines, ablations, qrels, n_offers, prefix_groups(judged, force=group_by_prefix)
                )
                if runs_out is not None:
                    runs_out.update({"ranker": ranker, **baselines})
                if run_path:
                    write_run(run_path, ranker, ranker_scores)
                    _say(f"Ranking written to {run_path}")
                db.session.remove()
                db.engine.dispose()
        finally:
            from vte.index import reset_indexes

            reset_indexes()
    result["seconds"] = round(time.perf_counter() - started, 2)
    return result


def format_table(result: Mapping) -> str:
    rows = [("ranker", result["ranker"])] + [(f"  {k}", v) for k, v in result["baselines"].items()]
    rows += [(f"  {k}", v) for k, v in result.get("ablation", {}).items()]
    lines = [f"{'':<24}{'nDCG@10':>9}{'MRR@10':>9}{'R@50':>9}", "-" * 51]
    for name, m in rows:
        lines.append(f"{name:<24}{m['ndcg@10']:>9.4f}{m['mrr@10']:>9.4f}{m['recall@50']:>9.4f}")
    r = result["ranker"]
    lines.append("-" * 51)
    lines.append(
        f"{r['students']} students, {r['offers']} offers, {result['seconds']:.1f} s (relevant = grade >= {RELEVANT})"
    )
    by_prefix = result.get("by_prefix")
    if by_prefix:
        lines += ["", "nDCG@10 by id prefix:", f"{'':<8}{'ranker':>9}" + "".join(f"{b:>16}" for b in BASELINES)]
        for name, group in by_prefix.items():
            values = [group["ranker"]] + [group["baselines"][b] for b in BASELINES]
            lines.append(
                f"{name or '-':<8}{values[0]['ndcg@10']:>9.4f}" + "".join(f"{v['ndcg@10']:>16.4f}" for v in values[1:])
            )
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description="Evaluate VTE Match's ranking on a judged set (formats.md).")
    parser.add_argument("--students", required=True, help="students.jsonl")
    parser.add_argument("--offers", required=True, help="offers.jsonl")
    parser.add_argument("--qrels", required=True, help="qrels.tsv (student_id, offer_id, grade 0-3)")
    parser.add_argument("--json", action="store_true", help="print one JSON object instead of a table")
    parser.add_argument("--run", metavar="FILE", help="write the ranker's top 50 per student (TSV)")
    parser.add_argument(
        "--model",
        metavar="NAME_OR_PATH",
        help="embedding model (overrides VTE_EMBEDDING_MODEL); 'fake' for the test encoder",
    )
    parser.add_argument("--seed", type=int, default=0, help="seed of the random baseline (default 0)")
    parser.add_argument(
        "--group-by-prefix",
        action="store_true",
        help="figures by the letters the student ids start with (automatic for ids like g01)",
    )
    args = parser.parse_args(argv)
    for path in (args.students, args.offers, args.qrels):
        if not Path(path).is_file():
            parser.error(f"file not found: {path}")
    # No --model: the configuration's model (VTE_EMBEDDING_MODEL, else the bundled default).
    result = evaluate(
        args.students,
        args.offers,
        args.qrels,
        model=args.model,
        seed=args.seed,
        run_path=args.run,
        group_by_prefix=args.group_by_prefix,
    )
    if args.json:
        print(json.dumps(result, ensure_ascii=False))
    else:
        print(format_table(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
