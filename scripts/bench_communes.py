"""Benchmark of the commune autocomplete (`GET /api/v1/communes?q=`): prints p50/p95/max latency.

Uses the database of DATABASE_URL, or a temporary SQLite file loaded with the reference data.

    python -m scripts.bench_communes [--rounds 5]
"""

from __future__ import annotations

import argparse
import os
import statistics
import tempfile
import time

QUERIES = [
    "oyonn",
    "lyon",
    "saint",
    "sai",
    "paris",
    "marseil",
    "69003",
    "011",
    "bourg en",
    "châtill",
    "l'isle",
    "havre",
    "ax",
    "mont",
    "st",
    "grenob",
    "74",
    "besanç",
    "la roch",
    "vill",
]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()

    from vte import create_app
    from vte.extensions import db

    tmp = None
    overrides = {"ENV_NAME": "development"}
    if not os.environ.get("DATABASE_URL"):
        tmp = tempfile.mkdtemp()
        overrides["SQLALCHEMY_DATABASE_URI"] = f"sqlite:///{tmp}/bench.db"
    app = create_app(overrides)
    with app.app_context():
        from flask_migrate import upgrade
        from sqlalchemy import func, select

        from vte.models import Commune

        upgrade()
        if not db.session.scalar(select(func.count()).select_from(Commune)):
            from vte.refdata.communes import load_communes

            load_communes(db.session)
            db.session.commit()
    client = app.test_client()
    for q in QUERIES:  # warm-up
        client.get("/api/v1/communes", query_string={"q": q})
    timings = []
    for _ in range(args.rounds):
        for q in QUERIES:
            started = time.perf_counter()
            response = client.get("/api/v1/communes", query_string={"q": q})
            timings.append((time.perf_counter() - started) * 1000)
            assert response.status_code == 200, response.get_data(as_text=True)
    timings.sort()
    p95 = timings[int(0.95 * (len(timings) - 1))]
    print(f"commune autocomplete over {len(timings)} requests (through the Flask test client):")
    print(f"  p50 {statistics.median(timings):.1f} ms   p95 {p95:.1f} ms   max {timings[-1]:.1f} ms")


if __name__ == "__main__":
    main()
