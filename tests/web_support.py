"""Helpers for tests of the HTML pages through the test client: the CSRF token of a page, signing
in through the form."""

from __future__ import annotations

import html as html_lib
import re

CSRF_META = re.compile(r'<meta name="csrf-token" content="([^"]+)"')


def csrf_token(client, path: str = "/connexion") -> str:
    page = client.get(path)
    match = CSRF_META.search(page.get_data(as_text=True))
    assert match, f"no CSRF token on {path}"
    return match.group(1)


def post_form(client, path: str, data: dict, **kw):
    """POST a form the way a browser does: with the page's CSRF token."""
    return client.post(path, data={"csrf_token": csrf_token(client), **data}, **kw)


def sign_in(client, email: str, password: str) -> None:
    response = post_form(client, "/connexion", {"email": email, "password": password})
    assert response.status_code == 302, response.get_data(as_text=True)[:500]


def text_of(response) -> str:
    """The page's visible text, tags removed and spaces collapsed (for assertions on what a user
    reads)."""
    html = response.get_data(as_text=True)
    html = re.sub(r"<(script|style)\b.*?</\1>", " ", html, flags=re.S)
    return re.sub(r"\s+", " ", html_lib.unescape(re.sub(r"<[^>]+>", " ", html))).strip()
