"""Grid search of the ranking's calibration and weights on a judged set (formats.md), in one
process: the files are imported and embedded once, then every setting is ranked and scored.

    python -m scripts.tune_ranking --students S.jsonl --offers O.jsonl --qrels Q.tsv [--model M]

Prints nDCG@10 / MRR@10 / Recall@50 per setting, best first. Use it to choose defaults, then
confirm them with `python -m scripts.evaluate`; a setting tuned on one small set may not transfer, so prefer
round values on a plateau to the single best point.
"""

from __future__ import annotations

import argparse
import itertools
import sys
import tempfile

from scripts import evaluate as ev

FLOORS = (0.0, 0.78, 0.80, 0.82)
CEILINGS = (0.90, 0.92, 0.95, 1.0)
WEIGHT_SETS = (
    {"semantic": 0.50, "skills": 0.20, "geo": 0.20, "territory": 0.05, "green": 0.05},
    {"semantic": 0.60, "skills": 0.15, "geo": 0.15, "territory": 0.05, "green": 0.05},
    {"semantic": 0.65, "skills": 0.15, "geo": 0.10, "territory": 0.05, "green": 0.05},
    {"semantic": 0.70, "skills": 0.10, "geo": 0.10, "territory": 0.05, "green": 0.05},
    {"semantic": 0.55, "skills": 0.25, "geo": 0.10, "territory": 0.05, "green": 0.05},
)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", required=True)
    parser.add_argument("--offers", required=True)
    parser.add_argument("--qrels", required=True)
    parser.add_argument("--model", default=None)
    parser.add_argument("--top", type=int, default=15)
    parser.add_argument("--floors", type=float, nargs="+", default=FLOORS, help="semantic floors to try")
    parser.add_argument("--ceilings", type=float, nargs="+", default=CEILINGS, help="semantic ceilings to try")
    args = parser.parse_args()

    qrels = ev.read_qrels(args.qrels)
    with tempfile.TemporaryDirectory(prefix="vte-tune-") as tmpdir:
        app = ev._make_app(tmpdir, args.model)
        with app.app_context():
            from flask_migrate import upgrade

            from vte.embeddings import get_encoder

            upgrade()
            ev._load_reference_data(app)
            encoder = get_encoder(app.config)
            loaded = ev._import(app, ev._lines(args.students), ev._lines(args.offers), encoder)
            judged = sorted(qrels)
            results = []
            for floor, ceiling, weights in itertools.product(args.floors, args.ceilings, WEIGHT_SETS):
                if ceiling <= floor:
                    continue
                app.config["VTE_SEMANTIC_FLOOR"], app.config["VTE_SEMANTIC_CEILING"] = floor, ceiling
                runs, _ = ev._engine_ranking(app, encoder, loaded, judged, weights, None)
                metrics = ev.score_runs(runs, qrels, len(loaded.offer_text))
                results.append((metrics["ndcg@10"], metrics["mrr@10"], metrics["recall@50"], floor, ceiling, weights))
    print(f"model: {encoder.model_id}")
    print(f"{'nDCG@10':>8} {'MRR@10':>7} {'R@50':>6}  floor ceiling  weights")
    for ndcg, mrr, recall, floor, ceiling, weights in sorted(results, key=lambda r: -r[0])[: args.top]:
        w = " ".join(f"{k[:3]}={v:.2f}" for k, v in weights.items())
        print(f"{ndcg:8.4f} {mrr:7.4f} {recall:6.3f}  {floor:5.2f} {ceiling:7.2f}  {w}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
