"""GET /api/v1/communes: the autocomplete used by every location field."""


def test_oyonnax_comes_with_its_territory(client):
    response = client.get("/api/v1/communes?q=oyonn")
    assert response.status_code == 200
    first = response.get_json()["items"][0]
    assert first["name"] == "Oyonnax"
    assert first["code"] == "01283"
    assert "01100" in first["postcodes"]
    assert first["departement"] == {"code": "01", "name": "Ain"}
    assert "Oyonnax" in first["territory"]["name"]
    assert first["territory"]["list_version"] == "2020"


def test_search_ignores_accents_and_case_and_ranks_by_population(client):
    items = client.get("/api/v1/communes?q=SAINT-ÉTI").get_json()["items"]
    assert items[0]["name"] == "Saint-Étienne"
    populations = [item["population"] for item in items]
    assert populations == sorted(populations, reverse=True)


def test_apostrophes_and_hyphens_are_ignored(client):
    items = client.get("/api/v1/communes?q=l'isle d abe").get_json()["items"]
    assert items and items[0]["name"] == "L'Isle-d'Abeau"


def test_search_by_postcode_prefix(client):
    items = client.get("/api/v1/communes?q=0110").get_json()["items"]
    assert "Oyonnax" in [item["name"] for item in items]
    assert all(any(p.startswith("0110") for p in item["postcodes"]) for item in items)


def test_commune_outside_territories_has_none_but_membership_is_known(client):
    paris = client.get("/api/v1/communes?q=paris&limit=1").get_json()["items"][0]
    assert paris["name"] == "Paris"
    assert paris["territory"] is None
    assert paris["territory_known"] is True


def test_missing_query_is_a_422_naming_the_field(client):
    response = client.get("/api/v1/communes")
    assert response.status_code == 422
    error = response.get_json()["error"]
    assert error["code"] == "validation_error"
    assert "q" in error["fields"]


def test_limit_out_of_range_is_refused(client):
    response = client.get("/api/v1/communes?q=ly&limit=500")
    assert response.status_code == 422
    assert "limit" in response.get_json()["error"]["fields"]


def test_the_article_of_a_name_is_optional(client):
    names = [item["name"] for item in client.get("/api/v1/communes?q=havre").get_json()["items"]]
    assert names[0] == "Le Havre"
