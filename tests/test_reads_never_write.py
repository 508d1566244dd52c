"""Read requests never write: searches, « Mes offres » and candidates embed their query in the
process (a bounded LRU), never in the database, so a GET is never a write transaction.

One exception, by design: a personal API token's `last_used_at` (issue 12, point 11). It is set
only when the stored value is over an hour old — at most one tiny UPDATE per token per hour, a
conditional one, so workers racing for it write once — after the request's own (read) transaction
has ended, in a transaction of its own that waits at most 200 ms for SQLite's write lock and gives
up silently otherwise (vte/auth.py `_record_token_use`). A read under load then never queues behind
writers for its own data; the tests below allow exactly that statement, once per token."""

from __future__ import annotations

import pytest

from vte.embeddings import QUERY_VECTORS
from web_support import sign_in
from world import PASSWORD, build_world

TOKEN_BOOKKEEPING = "update api_token set last_used_at="


def data_writes(seen: list[str]) -> list[str]:
    """The writes other than recording a token's last use."""
    return [statement for statement in seen if not statement.lower().startswith(TOKEN_BOOKKEEPING)]


@pytest.fixture()
def world(db_session, fake_encoder):
    return build_world(db_session, fake_encoder)


def test_api_searches_matches_and_candidates_write_nothing(api, world, writes, fake_encoder):
    student = api.as_token(world.tokens["student_a"])
    company = api.as_token(world.tokens["company_a"])
    calls_before = fake_encoder.calls
    urls = [
        (api, "/api/v1/offers?q=technicien%20injection%20inédit"),
        (api, "/api/v1/offers/map?q=technicien%20injection%20inédit"),
        (api, "/api/v1/offers?q=technicien%20injection%20inédit&commune=01283&radius_km=50"),
        (student, "/api/v1/students/me/matches"),
        (student, "/api/v1/students/me/matches?q=moules%20et%20presses%20inédit"),
        (company, f"/api/v1/offers/{world.ids['offer_a']}/candidates"),
        (api, f"/api/v1/offers/{world.ids['offer_a']}/similar"),
    ]
    for caller, url in urls:
        response = caller.get(url)
        assert response.status_code == 200, (url, response.get_json())
    assert data_writes(writes) == []
    # The two tokens' first use of the hour, once each (the student's token served two requests).
    assert len(writes) == 2
    # The two new texts were embedded once each, then served from the process's cache.
    assert fake_encoder.calls - calls_before == 2
    assert len(QUERY_VECTORS) >= 2


def test_pages_of_search_matches_and_candidates_write_nothing(client, world, writes):
    client.get("/offres?q=soudure%20inédite")
    sign_in(client, "etudiant.a@matrice.fr", PASSWORD)
    writes.clear()  # signing in is a write; what follows is not
    assert client.get("/etudiant/offres?q=injection%20inédite").status_code == 200
    assert client.get("/offres?q=soudure%20inédite&commune=01283").status_code == 200
    # The offer page computes the student's score and the similar offers.
    assert client.get(f"/offres/{world.ids['offer_a']}").status_code == 200
    assert writes == []
    client.post("/deconnexion", data={})
    sign_in(client, "recruteur.a@matrice.fr", PASSWORD)
    writes.clear()
    assert client.get(f"/entreprise/offres/{world.ids['offer_a']}").status_code == 200
    assert writes == []
