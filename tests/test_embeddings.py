"""Encoders and the embedding cache."""

from pathlib import Path

import numpy as np

from vte.embeddings import FakeEncoder, SentenceTransformerEncoder, embed_texts, model_identity
from vte.models import EmbeddingCache

MODEL = Path(__file__).resolve().parents[1] / "models" / "multilingual-e5-small"


def test_fake_encoder_is_deterministic_normalised_and_lexical():
    a, b = FakeEncoder(), FakeEncoder()
    texts = ["soudure TIG sur inox", "soudure TIG inox", "contrôle de gestion"]
    va, vb = a.encode(texts, "passage"), b.encode(texts, "passage")
    assert np.array_equal(va, vb)
    assert np.allclose(np.linalg.norm(va, axis=1), 1.0)
    assert va[0] @ va[1] > va[0] @ va[2]


def test_cache_never_embeds_the_same_text_twice(db_session):
    encoder = FakeEncoder()
    first = embed_texts(db_session, encoder, ["usinage", "fraisage", "usinage"], "passage")
    assert encoder.calls == 1
    assert np.array_equal(first[0], first[2])
    again = embed_texts(db_session, encoder, ["fraisage", "usinage"], "passage")
    assert encoder.calls == 1
    assert np.allclose(again, first[[1, 0]])
    # the same text as a query is another vector (the model's prefixes differ)
    embed_texts(db_session, encoder, ["usinage"], "query")
    assert encoder.calls == 2
    assert db_session.query(EmbeddingCache).count() == 3


def test_default_model_loads_offline_and_understands_french():
    """The model built by scripts/build_model.py (the test command builds it first)."""
    assert MODEL.is_dir(), "run `python scripts/build_model.py` first"
    encoder = SentenceTransformerEncoder(str(MODEL))
    assert encoder.dim == 384 and encoder._model is None  # an index of cached vectors needs no model
    assert model_identity(str(MODEL)) == encoder.model_id
    assert encoder.model_id.startswith("multilingual-e5-small@")
    query = encoder.encode(["Je cherche un poste de soudeur en chaudronnerie."], "query")[0]
    passages = encoder.encode(
        [
            "Soudeur TIG/MIG pour notre atelier de chaudronnerie industrielle.",
            "Assistant comptable : saisie des factures et rapprochements bancaires.",
        ],
        "passage",
    )
    assert encoder.dim == 384 and passages.dtype == np.float32
    assert np.allclose(np.linalg.norm(passages, axis=1), 1.0, atol=1e-4)
    assert query @ passages[0] > query @ passages[1] + 0.03
