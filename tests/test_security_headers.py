"""Security headers (issue 12, point 6): a CSP without inline scripts that forbids framing,
nosniff, a referrer policy, HSTS only over HTTPS (directly or through the trusted proxies), and
`Cache-Control: no-store` on every page and API answer (static files stay cacheable)."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from vte import create_app
from vte.accounts import create_user
from vte.security_headers import content_security_policy, tile_source
from vte.vocab import Role
from web_support import sign_in

ROOT = Path(__file__).resolve().parent.parent
TEMPLATES = sorted((ROOT / "vte" / "web" / "templates").rglob("*.html"))
PASSWORD = "Entetes-VTE-2026"


def directives(response) -> dict[str, list[str]]:
    policy = response.headers.get("Content-Security-Policy", "")
    parsed = {}
    for part in policy.split(";"):
        name, *values = part.split()
        parsed[name] = values
    return parsed


def assert_protected(response) -> None:
    csp = directives(response)
    assert csp["default-src"] == ["'self'"]
    assert csp["script-src"] == ["'self'"], "scripts from this origin only, never inline"
    assert "'unsafe-inline'" not in csp["style-src"]
    assert "'unsafe-eval'" not in response.headers["Content-Security-Policy"]
    assert csp["frame-ancestors"] == ["'none'"] and csp["object-src"] == ["'none'"]
    assert response.headers["X-Frame-Options"] == "DENY"
    assert response.headers["X-Content-Type-Options"] == "nosniff"
    assert response.headers["Referrer-Policy"] == "same-origin"


def test_public_page_api_answer_and_error_carry_the_security_headers(client):
    for response in (client.get("/"), client.get("/api/v1/auth/me"), client.get("/nulle-part")):
        assert_protected(response)
        assert response.headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" not in response.headers  # plain HTTP: no HSTS


def test_personal_pages_and_api_answers_are_never_stored(client, db_session):
    create_user(db_session, "entetes@exemple.fr", PASSWORD, Role.STUDENT)
    db_session.commit()
    sign_in(client, "entetes@exemple.fr", PASSWORD)
    for path in ("/etudiant/profil", "/api/v1/auth/me", "/etudiant/donnees.json"):
        response = client.get(path)
        assert response.status_code == 200, path
        assert response.headers["Cache-Control"] == "no-store", path
        assert_protected(response)


def test_static_files_stay_cacheable(client):
    response = client.get("/static/web/app.css")
    assert response.status_code == 200
    assert "no-store" not in response.headers.get("Cache-Control", "")
    assert_protected(response)  # nosniff matters most on files


def test_hsts_only_over_https(client):
    assert "Strict-Transport-Security" not in client.get("/static/web/app.css").headers
    secure = client.get("/static/web/app.css", base_url="https://vte.exemple.fr")
    assert secure.headers["Strict-Transport-Security"].startswith("max-age=31536000")


@pytest.mark.parametrize(("proxies", "hsts"), [(0, False), (1, True)])
def test_hsts_behind_a_trusted_proxy_only(proxies, hsts, database_url, tmp_path):
    """X-Forwarded-Proto counts only when VTE_PROXY_COUNT says a proxy sets it."""
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(tmp_path),
            "VTE_PROXY_COUNT": proxies,
        }
    )
    response = app.test_client().get("/static/web/app.css", headers={"X-Forwarded-Proto": "https"})
    assert ("Strict-Transport-Security" in response.headers) is hsts


def test_the_map_tile_server_is_the_only_outside_origin(database_url, tmp_path):
    assert "img-src 'self' data:;" in content_security_policy(None) + ";"
    assert tile_source("https://{s}.tile.openstreetmap.org/{z}/{x}/{y}.png") == "https://*.tile.openstreetmap.org"
    assert tile_source("https://tuiles.exemple.fr/{z}/{x}/{y}.png") == "https://tuiles.exemple.fr"
    assert tile_source("https://tiles-{s}.exemple.fr/{z}/{x}/{y}.png") == "https:"
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": database_url,
            "INSTANCE_PATH": str(tmp_path),
            "VTE_MAP_TILE_URL": "https://tuiles.exemple.fr/{z}/{x}/{y}.png",
        }
    )
    response = app.test_client().get("/static/web/app.css")
    assert directives(response)["img-src"] == ["'self'", "data:", "https://tuiles.exemple.fr"]
    assert directives(response)["connect-src"] == ["'self'"]


def test_api_docs_page_has_no_inline_script(client):
    response = client.get("/api/docs")
    assert response.status_code == 200
    html = response.get_data(as_text=True)
    assert not re.search(r"<script(?![^>]*\bsrc=)[^>]*>", html), "inline script on /api/docs"
    assert 'data-spec-url="/api/openapi.json"' in html
    assert_protected(response)


INLINE_SCRIPT = re.compile(r"<script(?![^>]*\b(?:src=|type=\"application/json\"))[^>]*>", re.I)
INLINE_HANDLER = re.compile(r"<[a-z][^>]*\s(on[a-z]+|style)\s*=", re.I)


@pytest.mark.parametrize("path", TEMPLATES, ids=lambda p: str(p.relative_to(ROOT)))
def test_templates_hold_no_inline_script_handler_or_style(path):
    """What the CSP would refuse, caught before a browser shows an empty map: `<script>` without
    `src` (JSON data blocks excepted: they are not run), `onclick=`, `style=`, `<style>`."""
    text = path.read_text(encoding="utf-8")
    assert not INLINE_SCRIPT.search(text), "inline <script>: move it to static/js"
    assert not INLINE_HANDLER.search(text), "inline event handler or style attribute"
    assert "<style" not in text.lower(), "inline <style>: move it to static/css"
