"""Ranking through the services, with the deterministic fake encoder."""

from datetime import date, timedelta

import pytest

from factories import TEST_FIT_MODEL, make_offer, make_student
from vte.embedding_sync import embed_offers, embed_students
from vte.embeddings import FakeEncoder
from vte.matching import rank_offers_for_student, rank_students_for_offer
from vte.vocab import ContractType, OfferStatus, Remote

CONFIG = {
    "VTE_WEIGHTS": {"fit": 1.0, "geo": 1.5, "territory": 0.1, "green": 0.1},
    "VTE_GEO_HALF_KM": 30,
    "VTE_FIT_MODEL_FILE": TEST_FIT_MODEL,
}


@pytest.fixture()
def encoder():
    return FakeEncoder()


def test_closer_and_more_similar_offer_ranks_first_with_an_explained_breakdown(db_session, encoder):
    near = make_offer(
        db_session, commune_code="01283", title="Ingénieur injection plastique", skills=["Injection plastique", "AMDEC"]
    )
    far = make_offer(
        db_session, commune_code="42218", title="Ingénieur injection plastique", skills=["injection plastique"]
    )
    other = make_offer(
        db_session,
        commune_code="01283",
        title="Contrôleur de gestion",
        description="Clôtures mensuelles, budget et reporting financier.",
        skills=["contrôle de gestion", "SAP"],
    )
    student = make_student(
        db_session, commune_code="01283", max_distance_km=200, skills=["injection plastique", "amdec"]
    )
    embed_offers(db_session, encoder, [near, far, other])
    embed_students(db_session, encoder, [student])

    result = rank_offers_for_student(db_session, encoder, CONFIG, student)
    ids = [m.id for m in result.matches]
    assert ids[0] == near.id
    assert set(ids) == {near.id, far.id, other.id}
    best = result.matches[0]
    assert set(best.parts) == {"fit", "geo", "territory", "green"}
    assert all(0.0 <= v <= 1.0 for v in best.parts.values())
    by_id = {m.id: m for m in result.matches}
    assert by_id[far.id].parts["fit"] > by_id[other.id].parts["fit"]  # the same job, far away, fits better
    assert best.distance_km < 2 and best.commune == "Oyonnax"
    assert "Oyonnax" in best.territory
    assert best.shared_skills == ["Injection plastique", "AMDEC"]
    assert "compétences communes : Injection plastique, AMDEC" in best.explanation
    assert "Territoire d'industrie" in best.explanation
    weights = CONFIG["VTE_WEIGHTS"]
    scale = sum(weights[k] * best.parts[k] for k in ("geo", "territory", "green")) + weights["fit"]
    assert best.total == pytest.approx(best.parts["fit"] * scale / sum(weights.values()))


def test_hard_filters_remove_wrong_contract_level_distance_expiry_and_drafts(db_session, encoder):
    student = make_student(
        db_session, commune_code="01283", max_distance_km=50, level=3, contract_types=["apprentissage"]
    )
    today = date.today()
    ok = make_offer(db_session, contract_type=ContractType.APPRENTISSAGE, level_min=3)
    wrong_contract = make_offer(db_session, contract_type=ContractType.CDI)
    too_high = make_offer(db_session, contract_type=ContractType.APPRENTISSAGE, level_min=5)
    too_far = make_offer(db_session, commune_code="13055", contract_type=ContractType.APPRENTISSAGE)
    remote = make_offer(db_session, commune_code="13055", contract_type=ContractType.APPRENTISSAGE, remote=Remote.FULL)
    expired = make_offer(db_session, contract_type=ContractType.APPRENTISSAGE, expires_at=today - timedelta(days=1))
    draft = make_offer(db_session, contract_type=ContractType.APPRENTISSAGE, status=OfferStatus.DRAFT)
    big = make_offer(db_session, contract_type=ContractType.APPRENTISSAGE)
    big.company.headcount = 12000
    offers = [ok, wrong_contract, too_high, too_far, remote, expired, draft, big]
    embed_offers(db_session, encoder, offers)
    embed_students(db_session, encoder, [student])

    result = rank_offers_for_student(db_session, encoder, CONFIG, student)
    assert {m.id for m in result.matches} == {ok.id, remote.id}
    assert result.total_count == 2
    remote_match = next(m for m in result.matches if m.id == remote.id)
    assert remote_match.parts["geo"] == 1.0


def test_a_new_offer_is_ranked_without_restart_and_a_closed_one_disappears(db_session, encoder):
    student = make_student(db_session)
    first = make_offer(db_session)
    embed_offers(db_session, encoder, [first])
    assert [m.id for m in rank_offers_for_student(db_session, encoder, CONFIG, student).matches] == [first.id]

    second = make_offer(db_session, title="Technicien injection plastique")
    embed_offers(db_session, encoder, [second])
    first.status = OfferStatus.CLOSED
    embed_offers(db_session, encoder, [first])
    assert [m.id for m in rank_offers_for_student(db_session, encoder, CONFIG, student).matches] == [second.id]


def test_candidates_for_an_offer_respect_visibility_and_the_students_distance(db_session, encoder):
    offer = make_offer(db_session, commune_code="01283")
    near = make_student(db_session, commune_code="01283", max_distance_km=30)
    hidden = make_student(db_session, commune_code="01283", visible=False)
    far_limit = make_student(db_session, commune_code="69123", max_distance_km=20)
    anywhere = make_student(
        db_session,
        commune_code="69123",
        max_distance_km=None,
        summary="Comptable, je cherche un poste en finance.",
        skills=["comptabilité"],
    )
    embed_offers(db_session, encoder, [offer])
    embed_students(db_session, encoder, [near, hidden, far_limit, anywhere])

    result = rank_students_for_offer(db_session, encoder, CONFIG, offer)
    assert [m.id for m in result.matches] == [near.id, anywhere.id]
    assert result.matches[0].shared_skills == ["injection plastique"]
    assert result.matches[0].parts["fit"] > result.matches[1].parts["fit"]  # the accountant fits less


def test_free_text_query_reorders_the_results(db_session, encoder):
    student = make_student(db_session, summary="Ingénieur généraliste", skills=[])
    a = make_offer(
        db_session,
        title="Responsable maintenance industrielle",
        description="Maintenance préventive des lignes.",
        skills=["maintenance"],
    )
    b = make_offer(
        db_session,
        title="Chargé de projet export",
        description="Développement commercial à l'international.",
        skills=["export"],
    )
    embed_offers(db_session, encoder, [a, b])
    by_export = rank_offers_for_student(db_session, encoder, CONFIG, student, query="export international")
    by_maintenance = rank_offers_for_student(db_session, encoder, CONFIG, student, query="maintenance préventive")
    assert by_export.matches[0].id == b.id
    assert by_maintenance.matches[0].id == a.id


def test_the_same_text_is_never_embedded_twice(db_session, encoder):
    offer = make_offer(db_session)
    embed_offers(db_session, encoder, [offer])
    calls = encoder.calls
    embed_offers(db_session, encoder, [offer])
    assert encoder.calls == calls


def test_reembed_recomputes_only_what_changed(db_session, encoder):
    from sqlalchemy import func, select

    from vte.embedding_sync import reembed_all
    from vte.models import IndexChange

    offer = make_offer(db_session)
    student = make_student(db_session)
    reembed_all(db_session, encoder)
    changes = db_session.scalar(select(func.count(IndexChange.id)))
    assert reembed_all(db_session, encoder) == {"offers": 0, "students": 0}
    assert db_session.scalar(select(func.count(IndexChange.id))) == changes

    offer.description += " Poste basé à Oyonnax."
    assert reembed_all(db_session, encoder) == {"offers": 1, "students": 0}
    assert student.text_hash is not None


def test_a_page_of_matches_costs_a_fixed_number_of_queries_not_one_per_offer(db_session, encoder):
    from sqlalchemy import event

    from factories import make_company
    from vte.matching import offer_matches

    student = make_student(db_session, max_distance_km=None)
    offers = [make_offer(db_session, company=make_company(db_session)) for _ in range(12)]
    embed_offers(db_session, encoder, offers)
    embed_students(db_session, encoder, [student])
    offer_matches(db_session, encoder, CONFIG, student)  # the index is built once per process
    db_session.expunge_all()
    student = db_session.get(type(student), student.id)
    selects = []

    def count(conn, cursor, statement, parameters, context, executemany):
        if statement.lstrip().upper().startswith("SELECT"):
            selects.append(statement)

    connection = db_session.connection()
    event.listen(connection, "before_cursor_execute", count)
    try:
        page = offer_matches(db_session, encoder, CONFIG, student, per_page=12)
    finally:
        event.remove(connection, "before_cursor_execute", count)
    assert len(page["items"]) == 12 and {i["offer"]["company"]["name"] for i in page["items"]}
    assert len(selects) <= 12, [" ".join(s.split())[:90] for s in selects]  # was 12 company queries alone


def test_the_keyword_box_of_my_offers_filters(db_session, encoder):
    """Issue 13: on « Mes offres », a typed text keeps only the offers that fit it (the search's
    floor), instead of reordering every offer."""
    student = make_student(db_session)
    offer = make_offer(db_session, title="Technicien injection plastique", skills=["injection plastique"])
    embed_offers(db_session, encoder, [offer])
    everything = rank_offers_for_student(db_session, encoder, CONFIG, student)
    assert everything.total_count >= 1
    nonsense = rank_offers_for_student(db_session, encoder, CONFIG, student, query="xqzw vbnk")
    assert nonsense.total_count == 0 and nonsense.matches == []
    fitting = rank_offers_for_student(db_session, encoder, CONFIG, student, query="injection plastique")
    assert offer.id in [m.id for m in fitting.matches]
    assert fitting.total_count <= everything.total_count
