"""vte.fit_features: the same evidence whichever side asks (a student's offers, an offer's
candidates), and the two stages of the offers' side."""

from __future__ import annotations

import numpy as np
import pytest

from factories import make_offer, make_student
from vte.embedding_sync import embed_offers, embed_students
from vte.embeddings import FakeEncoder
from vte.evidence import offer_evidence, student_evidence
from vte.fit import FEATURES, FIRST_STAGE
from vte.fit_features import first_stage, offer_features, student_features
from vte.index import offer_index, student_index

TITLES = [
    ("Technicien contrôle qualité (H/F)", "Vous réalisez les contrôles qualité en production."),
    ("Contrôleur de gestion (H/F)", "Vous préparez les budgets et le reporting."),
    ("Technicien de maintenance industrielle (H/F)", "Vous assurez la maintenance préventive des lignes."),
    ("Développeur Python (H/F)", "Vous développez nos outils de pilotage de production."),
]


@pytest.fixture()
def pair_world(db_session):
    encoder = FakeEncoder()
    offers = [make_offer(db_session, title=t, description=d, skills=[]) for t, d in TITLES]
    students = [
        make_student(db_session, summary="Je cherche un poste en contrôle qualité, norme ISO 9001.", skills=[]),
        make_student(db_session, summary="Je souhaite travailler en maintenance industrielle.", skills=[]),
    ]
    embed_offers(db_session, encoder, offers)
    embed_students(db_session, encoder, students)
    return encoder, offers, students


def test_a_pair_has_the_same_features_from_the_student_and_from_the_offer(db_session, pair_world):
    encoder, offers, students = pair_world
    offers_index, students_index = offer_index(db_session, encoder), student_index(db_session, encoder)
    offer_rows = np.array([offers_index.columns.position()[o.id] for o in offers])
    student_rows = np.array([students_index.columns.position()[s.id] for s in students])
    stats = offers_index.derived["term_stats"]
    for s, student in enumerate(students):
        from_student, _ = offer_features(offers_index, offer_rows, student_evidence(db_session, encoder, student), {})
        for o, offer in enumerate(offers):
            from_offer = student_features(
                students_index, student_rows, offer_evidence(db_session, encoder, offer), stats
            )
            for name in FEATURES:
                assert from_student[name][o] == pytest.approx(from_offer[name][s], abs=1e-4), (name, s, o)


def test_the_first_stage_picks_the_rows_that_get_every_feature_the_others_get_the_mean(db_session, pair_world):
    encoder, offers, students = pair_world
    index = offer_index(db_session, encoder)
    rows = np.array([index.columns.position()[o.id] for o in offers])
    evidence = student_evidence(db_session, encoder, students[0])
    means = {name: 123.0 for name in FEATURES}
    full, everything = offer_features(index, rows, evidence, means, stage_size=None)
    staged, detailed = offer_features(index, rows, evidence, means, stage_size=2)
    assert list(everything) == [0, 1, 2, 3] and len(detailed) == 2
    best_two = np.argsort(-first_stage(full), kind="stable")[:2]
    assert set(detailed) == set(best_two)
    for name in FEATURES:
        if name in FIRST_STAGE:
            assert staged[name] == pytest.approx(full[name])  # computed for every row
        else:
            assert staged[name][detailed] == pytest.approx(full[name][detailed])
            others = np.setdiff1d(np.arange(4), detailed)
            assert (staged[name][others] == 123.0).all()
    assert full["rome_code"][0] > full["rome_code"][1]  # quality profile: the quality offer's code
