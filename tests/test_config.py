import pytest

from vte import create_app


def test_production_refuses_to_start_without_secret_key(monkeypatch, tmp_path):
    monkeypatch.delenv("SECRET_KEY", raising=False)
    monkeypatch.setenv("VTE_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="SECRET_KEY"):
        create_app("production")


def test_production_starts_with_a_secret_key_and_secure_cookies(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("VTE_INSTANCE_PATH", str(tmp_path))
    app = create_app("production")
    assert app.config["SESSION_COOKIE_SECURE"] is True
    assert app.config["SQLALCHEMY_DATABASE_URI"] == f"sqlite:///{tmp_path / 'vte.db'}"


def test_database_url_and_weights_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", "postgres://u@db.example/vte")
    monkeypatch.setenv("VTE_WEIGHT_GEO", "0.35")
    monkeypatch.setenv("VTE_INSTANCE_PATH", str(tmp_path))
    app = create_app("production")
    assert app.config["SQLALCHEMY_DATABASE_URI"] == "postgresql+psycopg://u@db.example/vte"
    assert app.config["VTE_WEIGHTS"]["geo"] == 0.35


def test_torch_threads_per_worker_come_from_the_environment(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("VTE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.delenv("VTE_TORCH_THREADS", raising=False)
    assert create_app("production").config["VTE_TORCH_THREADS"] is None
    monkeypatch.setenv("VTE_TORCH_THREADS", "1")
    assert create_app("production").config["VTE_TORCH_THREADS"] == 1


def test_the_sign_in_flood_limit_comes_from_the_environment_and_a_typo_stops_the_start(monkeypatch, tmp_path):
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("VTE_INSTANCE_PATH", str(tmp_path))
    monkeypatch.setenv("VTE_LOGIN_LIMIT", "3 per minute")
    app = create_app("production")
    assert app.config["VTE_LOGIN_LIMIT"] == "3 per minute"
    client = app.test_client()
    answers = [
        client.post(
            "/api/v1/auth/login", json={"email": "x@exemple.fr", "password": "faux"}, base_url="https://localhost"
        )
        for _ in range(4)
    ]
    assert [a.status_code == 429 for a in answers] == [False, False, False, True]  # (no tables here: 503s)
    monkeypatch.setenv("VTE_LOGIN_LIMIT", "3 par minute")
    with pytest.raises(RuntimeError, match="VTE_LOGIN_LIMIT"):
        create_app("production")


def test_sqlite_connections_use_wal_foreign_keys_and_busy_timeout(tmp_path):
    from sqlalchemy import text

    from vte.extensions import db

    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": f"sqlite:///{tmp_path / 'x.db'}",
            "INSTANCE_PATH": str(tmp_path),
        }
    )
    with app.app_context(), db.engine.connect() as conn:
        assert conn.execute(text("PRAGMA journal_mode")).scalar() == "wal"
        assert conn.execute(text("PRAGMA foreign_keys")).scalar() == 1
        assert conn.execute(text("PRAGMA busy_timeout")).scalar() == 10_000


def test_behind_a_proxy_the_forwarded_scheme_host_and_client_are_used(monkeypatch, tmp_path):
    from flask import request

    monkeypatch.setenv("VTE_INSTANCE_PATH", str(tmp_path))
    headers = {"X-Forwarded-For": "203.0.113.7", "X-Forwarded-Proto": "https", "X-Forwarded-Host": "vte.example.org"}
    seen = {}

    for proxies, expected in (
        (0, ("http://localhost/", "127.0.0.1")),
        (1, ("https://vte.example.org/", "203.0.113.7")),
    ):
        monkeypatch.setenv("VTE_PROXY_COUNT", str(proxies))
        app = create_app("testing")

        @app.get("/probe")
        def probe():
            seen["url"] = (request.host_url, request.remote_addr)
            return ""

        app.test_client().get("/probe", headers=headers, environ_base={"REMOTE_ADDR": "127.0.0.1"})
        assert seen["url"] == expected
