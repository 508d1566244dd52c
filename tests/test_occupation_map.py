"""vte.occupation_map and vte.evidence: occupations stored on write, read back by the index, the
appellation vectors kept beside a model folder, and what a read computes when nothing is stored."""

from __future__ import annotations

import numpy as np

from factories import make_offer, make_student
from vte.embedding_sync import embed_offers, embed_students
from vte.embeddings import FakeEncoder
from vte.evidence import offer_evidence, student_evidence
from vte.index import offer_index
from vte.occupation_map import (
    MAPPING,
    SKILLS_WEIGHT,
    from_json,
    is_current,
    mapper_for,
    offer_occupations,
    student_occupations,
    to_json,
    vectors_file,
    write_appellation_vectors,
)
from vte.occupations import RomeReferential, SkillCodes


def top_code(value: dict) -> str:
    return next(iter(value["codes"]))


def test_an_offer_is_stored_with_its_occupations_of_this_model_heaviest_first(db_session):
    encoder = FakeEncoder()
    quality = make_offer(
        db_session,
        title="Technicien contrôle qualité (H/F)",
        description="Vous réalisez les contrôles qualité en production et le suivi des non-conformités.",
        skills=["contrôle qualité"],
    )
    finance = make_offer(
        db_session,
        title="Contrôleur de gestion (H/F)",
        description="Vous préparez les budgets et le reporting financier.",
        skills=["contrôle de gestion"],
    )
    embed_offers(db_session, encoder, [quality, finance])
    assert is_current(quality.occupations, encoder.model_id)
    weights = list(quality.occupations["codes"].values())
    assert weights == sorted(weights, reverse=True) and 0.99 <= sum(weights) <= 1.001
    assert top_code(quality.occupations).startswith("H15")  # quality in industry
    assert top_code(finance.occupations) == "M1204"  # contrôle de gestion
    assert not is_current(quality.occupations, "another-model")


def test_a_changed_model_or_text_recomputes_the_occupations_and_an_unchanged_one_does_not(db_session):
    encoder = FakeEncoder()
    offer = make_offer(db_session)
    embed_offers(db_session, encoder, [offer])
    stored = offer.occupations
    assert embed_offers(db_session, encoder, [offer], only_changed=True) == 0
    assert offer.occupations is stored
    other = FakeEncoder(dim=32)
    assert embed_offers(db_session, other, [offer], only_changed=True) == 1
    assert offer.occupations["model"] == other.model_id


def test_stored_distributions_round_trip_and_rows_of_another_model_stay_empty():
    rome = RomeReferential.load()
    row = np.zeros((1, len(rome)), dtype=np.float32)
    row[0, rome.code_index["H1528"]] = 0.75
    row[0, rome.code_index["H1502"]] = 0.25
    stored = to_json(row, rome, "m1")
    assert stored == {"model": "m1", "mapping": MAPPING, "codes": {"H1528": 0.75, "H1502": 0.25}}
    other_model = {"model": "m2", "mapping": MAPPING, "codes": {"H1528": 1.0}}
    older_mapping = {"model": "m1", "codes": {"H1528": 1.0}}  # stored before the mapping had a version
    back = from_json([stored, None, other_model, older_mapping], rome, "m1").toarray()
    assert back[0, rome.code_index["H1528"]] == 0.75 and back[1:].sum() == 0
    assert not is_current(older_mapping, "m1")


def test_a_row_stored_by_an_older_mapping_is_recomputed(db_session):
    encoder = FakeEncoder()
    offer = make_offer(db_session)
    embed_offers(db_session, encoder, [offer])
    offer.occupations = {"model": encoder.model_id, "codes": {"H1528": 1.0}}  # as stored before
    assert embed_offers(db_session, encoder, [offer], only_changed=True) == 1
    assert offer.occupations["mapping"] == MAPPING and is_current(offer.occupations, encoder.model_id)


def test_a_student_whose_wish_names_a_rome_job_title_gets_its_code_first(db_session):
    student = make_student(
        db_session,
        programme="Programme Grande École",
        summary="J'ai vendu des machines en Allemagne. Je souhaite devenir attaché commercial export dans une PME.",
    )
    embed_students(db_session, FakeEncoder(), [student])
    assert top_code(student.occupations) == "D1433"  # Commercial export


def test_the_index_reads_the_stored_occupations_and_the_evidence_agrees(db_session):
    encoder = FakeEncoder()
    offer = make_offer(db_session, title="Technicien contrôle qualité (H/F)")
    student = make_student(db_session, summary="Je cherche un poste de technicien qualité en industrie.")
    embed_offers(db_session, encoder, [offer])
    embed_students(db_session, encoder, [student])
    index = offer_index(db_session, encoder)
    row = index.columns.position()[offer.id]
    stored = index.array("occupations")[row].toarray().ravel()
    live = offer_evidence(db_session, encoder, offer).occupations["same_code"].toarray().ravel()
    assert np.allclose(stored, live, atol=1e-3) and stored.sum() > 0.99
    evidence = student_evidence(db_session, encoder, student)
    assert evidence.occupations["same_code"].sum() > 0.99 and evidence.terms.nnz > 0


def test_a_profile_never_embedded_gets_its_occupations_computed_without_writing(db_session):
    encoder = FakeEncoder()
    student = make_student(db_session, summary="Je souhaite devenir technicienne de maintenance industrielle.")
    assert student.occupations is None
    evidence = student_evidence(db_session, encoder, student)
    assert evidence.occupations["same_code"].sum() > 0.99
    assert student.occupations is None and student not in db_session.dirty


def test_appellation_vectors_are_kept_beside_a_model_folder_and_read_back(tmp_path):
    class FolderEncoder(FakeEncoder):
        def __init__(self, folder):
            super().__init__(dim=16)
            self.name_or_path = str(folder)
            self.model_id = "folder-model-for-test"

    encoder = FolderEncoder(tmp_path)
    rome = RomeReferential.load()
    path = write_appellation_vectors(encoder, rome)
    assert path == vectors_file(encoder, rome) and path.parent == tmp_path and path.is_file()
    calls = encoder.calls
    assert write_appellation_vectors(encoder, rome) == path and encoder.calls == calls  # done once
    mapper = mapper_for(encoder)
    assert encoder.calls == calls  # read from the file, not encoded again
    assert mapper.vectors.shape == (len(rome.appellation_labels), 16)
    assert vectors_file(FakeEncoder(), rome) is None  # no folder: encoded in the process


RENEWABLES = ["Analyser les données de production pour améliorer les rendements", "Etudier la faisabilité d'un projet"]


def test_the_skills_the_referential_names_take_their_share_of_an_offers_occupations():
    # Pure: the fake encoder's mapper, no database.
    encoder = FakeEncoder()
    mapper = mapper_for(encoder)
    rome = mapper.referential
    titles = ["Chef de projet photovoltaïque et biomasse (H/F)"]
    missions = ["Vous dimensionnez des centrales solaires en toiture et des chaufferies bois."]
    args = (mapper, encoder.encode(titles, "query"), titles, encoder.encode(missions, "passage"), missions)
    texts_only = offer_occupations(*args).toarray()[0]
    with_skills = offer_occupations(*args, [RENEWABLES + ["PVsyst"]]).toarray()[0]
    skills = SkillCodes.load(rome).distributions([RENEWABLES]).toarray()[0]
    assert np.allclose(with_skills, (1 - SKILLS_WEIGHT) * texts_only + SKILLS_WEIGHT * skills, atol=1e-6)
    renewables = rome.code_index["H1237"]  # Ingénieur énergies renouvelables: named by both skills
    assert with_skills[renewables] > texts_only[renewables] + 0.05
    assert abs(with_skills.sum() - 1) < 1e-5
    # Tools and free wording are no evidence: the texts' distribution is unchanged.
    assert np.allclose(offer_occupations(*args, [["PVsyst", "photovoltaïque"]]).toarray()[0], texts_only)


def test_a_students_referential_skills_count_too_and_every_write_stores_them(db_session):
    encoder = FakeEncoder()
    mapper = mapper_for(encoder)
    rome = mapper.referential
    summary = "Je cherche un premier emploi dans l'industrie."
    vectors = encoder.encode([summary], "query")
    plain = student_occupations(mapper, vectors, [summary], vectors, [summary]).toarray()[0]
    skilled = student_occupations(mapper, vectors, [summary], vectors, [summary], [RENEWABLES]).toarray()[0]
    assert skilled[rome.code_index["H1237"]] > plain[rome.code_index["H1237"]] + 0.05
    student = make_student(db_session, summary=summary, skills=RENEWABLES)
    embed_students(db_session, encoder, [student])
    assert student.occupations["codes"].get("H1237", 0) > 0.05
