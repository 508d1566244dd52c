"""Benchmark of the ranking engine against FAISS's exact scan, plus embedding and import speed.

For 1k, 10k and 100k synthetic offers (384 dims, two vectors each, an occupation distribution and
~80 words) it prints the p50/p95 latency of ranking the offers for one student (filters, the job-fit
model's two stages, geography, explanations of the top 20), the same for FAISS
`IndexFlatIP` top 20 on the same matrix (the exact-scan reference), their ratio, the index build
time and the process memory. Then the embedding throughput of the configured model on ~60-word
French texts and the time to import 10k offers (skipped with --quick).

    python -m scripts.bench_ranking [--json] [--quick] [--queries 60]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import tempfile
import time
from datetime import date, timedelta
from functools import lru_cache
from pathlib import Path

import numpy as np
from scipy import sparse

from vte.config import DEFAULT_WEIGHTS
from vte.fit import FitModel
from vte.fit_features import StudentEvidence
from vte.index import CONTRACT_BITS, Columns, MatchIndex, derive_offers
from vte.lexical import HASH_FEATURES
from vte.occupations import CodeSimilarity, RomeReferential, prepare
from vte.ranking import RankingSettings, Seeker, rank_offers
from vte.vocab import ContractType

ROOT = Path(__file__).resolve().parents[1]

DIM = 384
SIZES = (1_000, 10_000, 100_000)
SKILL_POOL = [
    "injection plastique",
    "AMDEC",
    "SolidWorks",
    "SAP",
    "lean manufacturing",
    "HACCP",
    "automates Siemens",
    "Power BI",
    "contrôle de gestion",
    "soudure TIG",
    "usinage CN",
    "CATIA",
    "supply chain",
    "ISO 9001",
    "maintenance préventive",
    "Python",
    "anglais",
    "export",
    "achats",
    "GMAO",
    "métrologie",
    "chimie analytique",
]
# A vocabulary of realistic size: the base labels and 2,000 variants of them.
LABELS = SKILL_POOL + [
    f"{SKILL_POOL[i % len(SKILL_POOL)]} {word} {i}"
    for i, word in zip(range(2000), ["avancé", "appliqué", "industriel", "expert"] * 500, strict=True)
]
# Metropolitan France, roughly.
LAT_RANGE, LON_RANGE = (43.0, 50.5), (-1.5, 7.5)
SETTINGS = RankingSettings(weights=DEFAULT_WEIGHTS, fit_model=FitModel.load())
WORDS = 20_000  # distinct words of the synthetic texts
WORDS_PER_TEXT = 80
CODES_PER_TEXT = 8


def rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * os.sysconf("SC_PAGE_SIZE") / 2**20


def synthetic_vectors(rng: np.random.Generator, n: int) -> np.ndarray:
    vectors = rng.standard_normal((n, DIM), dtype=np.float32)
    vectors /= np.linalg.norm(vectors, axis=1, keepdims=True)
    return vectors


def synthetic_rows(rng: np.random.Generator, n: int, columns: int, per_row: int, counts: bool) -> sparse.csr_matrix:
    """n sparse rows of `per_row` random columns among the first `columns` (Zipf-like: a few
    frequent ones); word counts, or weights summing to 1 (occupation distributions)."""
    picked = np.minimum(rng.zipf(1.3, size=(n, per_row)) - 1, columns - 1)
    if counts:
        picked = picked * 7919 % HASH_FEATURES  # spread the words over the hashed space
        data = np.ones(n * per_row, dtype=np.float32)
        width = HASH_FEATURES
    else:
        picked = rng.integers(0, columns, size=(n, per_row))
        data = rng.dirichlet(np.full(per_row, 0.3), size=n).astype(np.float32).ravel()
        width = columns
    matrix = sparse.csr_matrix((data, (np.repeat(np.arange(n), per_row), picked.ravel())), shape=(n, width))
    matrix.sum_duplicates()
    return matrix


@lru_cache(maxsize=1)
def code_similarity() -> CodeSimilarity:
    """A dense code similarity as the product computes it, from synthetic appellation vectors."""
    referential = RomeReferential.load()
    rng = np.random.default_rng(1)
    return CodeSimilarity.from_appellations(referential, synthetic_vectors(rng, len(referential.appellation_labels)))


def build_index(n: int, rng: np.random.Generator) -> MatchIndex:
    """The same structure `vte.index.load_offers` builds from the database, from synthetic rows."""
    today = date.today().toordinal()
    index = MatchIndex("offer", loader=None, derive=derive_offers)
    index.similarity = code_similarity()
    codes = len(RomeReferential.load())
    picks = rng.integers(0, len(LABELS), size=(n, 6))
    counts = rng.integers(2, 7, size=n)
    labels = [index.vocabulary.ids_of([LABELS[j] for j in row[:k]]) for row, k in zip(picks, counts, strict=True)]
    contracts = [list(ContractType)[i] for i in rng.integers(0, len(ContractType), n)]
    columns = Columns(
        ids=np.arange(1, n + 1, dtype=np.int64),
        arrays={
            "vector": synthetic_vectors(rng, n),
            "mission_vector": synthetic_vectors(rng, n),
            "occupations": synthetic_rows(rng, n, codes, CODES_PER_TEXT, counts=False),
            "terms": synthetic_rows(rng, n, WORDS, WORDS_PER_TEXT, counts=True),
            "has_vector": np.ones(n, dtype=bool),
            "lat": rng.uniform(*LAT_RANGE, n),
            "lon": rng.uniform(*LON_RANGE, n),
            "contract": np.array([CONTRACT_BITS[c] for c in contracts], dtype=np.int16),
            "level_min": rng.choice([0, 2, 3, 5], size=n).astype(np.int8),
            "start_day": (today + rng.integers(0, 180, n)).astype(np.int32),
            "expires_day": (today + rng.integers(1, 120, n)).astype(np.int32),
            "published_day": (today - rng.integers(0, 90, n)).astype(np.int32),
            "remote_full": rng.random(n) < 0.03,
            "green": rng.random(n) < 0.2,
            "territory": rng.random(n) < 0.4,
            "headcount": rng.integers(5, 4000, n).astype(np.float64),
        },
        labels=labels,
        extra=[{"commune_code": None, "commune": f"Commune {i}", "territory": None} for i in range(n)],
    )
    index.set_columns(columns)
    return index


def seekers(rng: np.random.Generator, count: int) -> list[Seeker]:
    referential = RomeReferential.load()
    result = []
    for _ in range(count):
        terms = synthetic_rows(rng, 1, WORDS, WORDS_PER_TEXT, counts=True)
        evidence = StudentEvidence(
            vector=synthetic_vectors(rng, 1)[0],
            wish_vector=synthetic_vectors(rng, 1)[0],
            occupations=prepare(
                synthetic_rows(rng, 1, len(referential), CODES_PER_TEXT, counts=False),
                referential,
                code_similarity(),
                one=True,
            ),
            terms=terms,
            wish_terms=terms[:, :],
        )
        result.append(
            Seeker(
                evidence=evidence,
                lat=float(rng.uniform(*LAT_RANGE)),
                lon=float(rng.uniform(*LON_RANGE)),
                contract_types=("cdi", "cdd"),
                level=5,
                available_from=date.today() + timedelta(days=30),
                max_distance_km=float(rng.choice([50, 100, 200])),
                wants_green=bool(rng.random() < 0.3),
                skills=tuple(str(x) for x in rng.choice(SKILL_POOL, size=4, replace=False)),
            )
        )
    return result


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def bench_size(n: int, queries: int) -> dict:
    import faiss

    rng = np.random.default_rng(n)
    before = rss_mb()
    started = time.perf_counter()
    index = build_index(n, rng)
    build_s = time.perf_counter() - started
    flat = faiss.IndexFlatIP(DIM)
    flat.add(index.array("vector"))
    students = seekers(rng, queries)
    for s in students[:3]:  # warm-up
        rank_offers(index, s, SETTINGS, limit=20)
    ours, theirs = [], []
    for s in students:
        t = time.perf_counter()
        rank_offers(index, s, SETTINGS, limit=20)
        ours.append((time.perf_counter() - t) * 1000)
        t = time.perf_counter()
        flat.search(s.evidence.vector.reshape(1, -1), 20)
        theirs.append((time.perf_counter() - t) * 1000)
    p50, faiss_p50 = statistics.median(ours), statistics.median(theirs)
    return {
        "p50_ms": round(p50, 2),
        "p95_ms": round(percentile(ours, 0.95), 2),
        "faiss_p50_ms": round(faiss_p50, 2),
        "ratio_to_faiss": round(p50 / faiss_p50, 2),
        "build_s": round(build_s, 3),
        "rss_mb": round(rss_mb(), 1),
        "index_mb": round(rss_mb() - before, 1),
    }


def french_texts(count: int, words: int = 60) -> list[str]:
    """`count` distinct French job-offer texts of `words` words (the issue's unit: ~60 words)."""
    base = [
        "Au",
        "sein",
        "de",
        "notre",
        "atelier",
        "de",
        "plasturgie",
        "situé",
        "dans",
        "la",
        "vallée,",
        "vous",
        "prenez",
        "en",
        "charge",
        "l'amélioration",
        "continue",
        "des",
        "procédés",
        "d'injection",
        "plastique,",
        "le",
        "suivi",
        "des",
        "indicateurs",
        "de",
        "performance",
        "et",
        "l'animation",
        "des",
        "démarches",
        "AMDEC",
        "avec",
        "les",
        "équipes",
        "de",
        "production.",
        "Vous",
        "travaillez",
        "avec",
        "le",
        "bureau",
        "d'études",
        "sur",
        "l'industrialisation",
        "des",
        "nouveaux",
        "produits,",
        "rédigez",
        "les",
        "gammes",
        "et",
        "participez",
        "aux",
        "audits",
        "qualité",
        "ISO",
        "9001",
        "auprès",
        "de",
        "nos",
        "clients",
        "automobiles.",
    ]
    return [" ".join(base[: words - 3] + ["Mission", "numéro", f"{i}."]) for i in range(count)]


def embedding_throughput(model: str, count: int = 200) -> float | None:
    """Texts/s of the application's encoder for `model` (sentence-transformers, batches of 16)."""
    from vte.embeddings import SentenceTransformerEncoder

    if not Path(model).is_dir():
        return None
    encoder = SentenceTransformerEncoder(model)
    texts = french_texts(count)
    encoder.encode(texts[:16], "passage")  # load and warm up
    started = time.perf_counter()
    encoder.encode(texts, "passage")
    return count / (time.perf_counter() - started)


def import_10k_seconds() -> float | None:
    """Time `import-offers` of 10k generated offers into a scratch SQLite database."""
    try:
        from vte.imports import import_offers
    except ImportError:
        return None
    from flask_migrate import upgrade

    from vte import create_app
    from vte.extensions import db
    from vte.refdata.communes import load_communes
    from vte.refdata.naf import load_naf

    tmp = tempfile.mkdtemp()
    app = create_app({"ENV_NAME": "development", "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp}/import.db"})
    communes = ["01283", "42218", "69123", "25056", "74010", "59606", "31555", "44109", "38185", "21231"]
    lines = []
    for i in range(10_000):
        lines.append(
            json.dumps(
                {
                    "id": f"bench-{i}",
                    "company": {
                        "siren": "356000000",
                        "name": "Entreprise de test",
                        "naf": "25.62A",
                        "headcount": 120,
                        "location": {"insee": communes[i % len(communes)]},
                    },
                    "title": f"Technicien méthodes {i % 97}",
                    "description": french_texts(1)[0] + f" Référence {i}.",
                    "skills": SKILL_POOL[i % 7 : i % 7 + 4],
                    "contract_type": "cdi",
                },
                ensure_ascii=False,
            )
        )
    with app.app_context():
        upgrade()
        load_communes(db.session)
        load_naf(db.session)
        db.session.commit()
        from vte.embeddings import get_encoder

        encoder = get_encoder(app.config)
        started = time.perf_counter()
        import_offers(db.session, lines, "bench", encoder)
        db.session.commit()
        return time.perf_counter() - started


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--json", action="store_true", help="print one JSON object")
    parser.add_argument("--quick", action="store_true", help="skip the 10k import")
    parser.add_argument("--queries", type=int, default=60)
    parser.add_argument(
        "--model", default=os.environ.get("VTE_EMBEDDING_MODEL", str(ROOT / "models" / "multilingual-e5-small"))
    )
    args = parser.parse_args()

    result: dict = {"sizes": {}}
    for n in SIZES:
        result["sizes"][str(n)] = bench_size(n, args.queries)
        if not args.json:
            r = result["sizes"][str(n)]
            print(
                f"{n:>7} offers: p50 {r['p50_ms']:.2f} ms  p95 {r['p95_ms']:.2f} ms  | FAISS flat p50 "
                f"{r['faiss_p50_ms']:.2f} ms  ratio {r['ratio_to_faiss']:.2f}  | build {r['build_s']:.2f} s  "
                f"index {r['index_mb']:.0f} MB  rss {r['rss_mb']:.0f} MB",
                flush=True,
            )
    throughput = embedding_throughput(args.model)
    result["embed_texts_per_s"] = None if throughput is None else round(throughput, 1)
    if not args.json:
        print(
            f"embedding throughput ({args.model}, 60-word French texts): "
            + ("model not found" if throughput is None else f"{throughput:.1f} texts/s"),
            flush=True,
        )
    if not args.quick:
        seconds = import_10k_seconds()
        result["import_10k_s"] = None if seconds is None else round(seconds, 1)
        if not args.json:
            print("import of 10k offers: " + ("importer not available" if seconds is None else f"{seconds:.1f} s"))
    if args.json:
        print(json.dumps(result))


if __name__ == "__main__":
    main()
