"""Error bodies and health check."""


def test_unknown_api_route_is_a_json_404(client):
    response = client.get("/api/v1/nope")
    assert response.status_code == 404
    assert response.get_json() == {
        "error": {"code": "not_found", "message": "Page ou ressource introuvable.", "fields": {}}
    }


def test_wrong_method_is_a_json_405(client):
    response = client.delete("/api/v1/communes?q=ly")
    assert response.status_code == 405
    assert response.get_json()["error"]["code"] == "method_not_allowed"


def test_unknown_page_is_a_french_html_404(client):
    response = client.get("/nulle-part")
    assert response.status_code == 404
    assert response.mimetype == "text/html"
    assert "introuvable" in response.get_data(as_text=True)
    assert 'lang="fr"' in response.get_data(as_text=True)


def test_bad_pagination_names_the_field(client):
    response = client.get("/api/v1/offers?page=0&per_page=abc")
    assert response.status_code == 422
    fields = response.get_json()["error"]["fields"]
    assert {"page", "per_page"} <= set(fields)


def test_healthz_answers_when_the_database_does(client):
    response = client.get("/healthz")
    assert response.status_code == 200
    assert response.get_json()["database"] == "ok"


def test_healthz_is_503_when_the_database_is_down(tmp_path):
    from vte import create_app

    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": "postgresql+psycopg://nobody@127.0.0.1:1/none?connect_timeout=1",
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    response = app.test_client().get("/healthz")
    assert response.status_code == 503
    assert response.get_json()["database"] == "unreachable"


def test_readyz_says_not_ready_until_the_workers_model_is_loaded(app, client, monkeypatch):
    from vte.embeddings import SentenceTransformerEncoder

    encoder = SentenceTransformerEncoder("/absent/model")  # never loaded here
    monkeypatch.setitem(app.config, "VTE_ENCODER", encoder)
    waiting = client.get("/readyz")
    assert waiting.status_code == 503 and waiting.headers["Retry-After"] == "2"
    assert waiting.get_json() == {"status": "pas prêt", "database": "ok", "model": "loading"}
    monkeypatch.setattr(encoder, "_model", object())  # as after the load
    ready = client.get("/readyz")
    assert ready.status_code == 200 and ready.get_json()["status"] == "ready"


def test_openapi_document_lists_the_endpoints(client):
    spec = client.get("/api/openapi.json").get_json()
    assert spec["openapi"].startswith("3.")
    assert {"/api/v1/communes", "/api/v1/offers"} <= set(spec["paths"])


def test_interactive_docs_are_served_without_any_cdn(client):
    page = client.get("/api/docs").get_data(as_text=True)
    assert "/static/vendor/swagger-ui/swagger-ui-bundle.js" in page
    assert "//cdn" not in page and "unpkg" not in page
    assert client.get("/static/vendor/swagger-ui/swagger-ui-bundle.js").status_code == 200
