"""vte.lexical: the French word analyser and the BM25 index. Pure: no Flask, no database."""

from __future__ import annotations

import math

import numpy as np
import pytest

from vte.lexical import Bm25Index, analyse, stem

CORPUS = [
    "Maintenance industrielle",  # maintenanc industriel                      (2 words)
    "Maintenance informatique et maintenance réseau",  # maintenanc informat maintenanc reseau (4)
    "Contrôle qualité",  # control qual                                        (2)
]


def test_analyse_folds_case_and_accents_and_drops_function_words():
    assert analyse("Contrôle QUALITÉ de la production") == analyse("controle qualite production")
    assert analyse("de la et pour les") == []
    assert analyse(None) == [] and analyse("") == []


@pytest.mark.parametrize(
    "forms",
    [
        ("maintenance", "maintenances", "Maintenance"),
        ("contrôleur", "contrôleuse", "contrôleurs", "contrôle"),
        ("industriel", "industrielle", "industrielles", "industriels"),
        ("technicien", "technicienne", "techniciens"),
        ("développeur", "développeuse", "développement"),
        ("qualité", "qualités", "Qualite"),
    ],
)
def test_stemming_meets_the_forms_of_one_word(forms):
    assert len({tuple(analyse(form)) for form in forms}) == 1


def test_stemming_leaves_short_words_and_tool_names_alone():
    assert [stem(w) for w in ("bus", "sap", "rh", "cnc")] == ["bus", "sap", "rh", "cnc"]
    assert analyse("C++ et C# sous SAP") == ["c++", "c#", "sap"]


def test_bm25_by_hand():
    index = Bm25Index(CORPUS)
    k1, b, n, avg = 1.2, 0.75, 3, (2 + 4 + 2) / 3

    def term(tf, length, df):
        idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
        return idf * tf * (k1 + 1) / (tf + k1 * (1 - b + b * length / avg))

    maintenance = index.scores("maintenance")
    assert maintenance == pytest.approx([term(1, 2, 2), term(2, 4, 2), 0.0], rel=1e-5)
    # The same numbers written out: idf = ln(1 + 1.5/2.5) = ln 1.6; document 0: norm = 1.2·(0.25 + 0.75·2/(8/3)).
    assert maintenance[0] == pytest.approx(math.log(1.6) * 2.2 / (1 + 1.2 * (0.25 + 0.5625)), rel=1e-5)
    assert maintenance[0] == pytest.approx(0.52355, abs=1e-5)

    both = index.scores("maintenances industrielles")
    assert both == pytest.approx([term(1, 2, 2) + term(1, 2, 1), term(2, 4, 2), 0.0], rel=1e-5)
    assert both.dtype == np.float32 and both.shape == (3,)


def test_a_query_word_counts_once_and_unknown_words_score_zero():
    index = Bm25Index(CORPUS)
    assert index.scores("maintenance maintenance") == pytest.approx(index.scores("maintenance"))
    assert np.all(index.scores("boulangerie") == 0)
    assert np.all(index.scores("") == 0)
    assert index.scores("boulangerie maintenance") == pytest.approx(index.scores("maintenance"))


def test_rows_subset_equals_the_full_scores_at_those_rows():
    documents = [f"technicien maintenance site {i} " + "qualité " * (i % 4) for i in range(40)]
    documents += ["contrôle de gestion budgétaire", "comptable fournisseurs"]
    index = Bm25Index(documents)
    full = index.scores("technicien qualité gestion")
    rows = [41, 3, 40, 3, 17]
    assert np.array_equal(index.scores("technicien qualité gestion", rows=rows), full[rows])
    assert np.array_equal(index.scores("technicien qualité gestion", rows=np.array([], dtype=int)), full[[]])


def test_score_matrix_is_one_row_per_query():
    index = Bm25Index(CORPUS)
    queries = ["maintenance", "contrôle qualité", "boulangerie"]
    matrix = index.score_matrix(queries, rows=[2, 0])
    assert matrix.shape == (3, 2)
    for i, query in enumerate(queries):
        assert np.array_equal(matrix[i], index.scores(query)[[2, 0]])


def test_degenerate_corpora():
    assert Bm25Index([]).scores("maintenance").shape == (0,)
    empty_words = Bm25Index(["", "de la", None])
    assert np.all(empty_words.scores("maintenance") == 0) and empty_words.scores("x").shape == (3,)


def test_hashed_bm25_agrees_with_the_vocabulary_index_and_tfidf_rows_have_unit_length():
    from vte.lexical import TermStats, presence, row_scores, term_counts

    documents = [
        "Technicien contrôle qualité en production",
        "Contrôleur de gestion, budgets et reporting",
        "Technicien de maintenance industrielle",
        "",
    ]
    query = "technicienne qualité"
    counts = term_counts(documents)
    stats = TermStats(counts)
    hashed = row_scores(stats.bm25_weights(counts), presence(term_counts([query])))
    assert hashed == pytest.approx(Bm25Index(documents).scores(query), abs=1e-5)
    units = stats.tfidf_units(counts)
    norms = np.sqrt(np.asarray(units.multiply(units).sum(axis=1)).ravel())
    assert norms[:3] == pytest.approx([1.0, 1.0, 1.0]) and norms[3] == 0.0
    tfidf = row_scores(units, stats.tfidf_units(term_counts([query])))
    assert tfidf[0] > tfidf[2] > tfidf[1] == 0.0  # both words, one word, none
