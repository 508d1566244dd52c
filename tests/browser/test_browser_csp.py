"""The Content-Security-Policy (vte.security_headers) breaks no page: a refused script, style,
image or fetch fails silently for the user (an empty map, a dead button), so the main pages of every
role are opened in Chromium with a listener on CSP violations, and any violation fails the test."""

from __future__ import annotations

import pytest

from pages import DEMO_PASSWORD, sign_in

# Reports every violation of the page into window.__cspViolations (init scripts run outside the
# page's policy, before its own scripts).
LISTEN = """
window.__cspViolations = [];
document.addEventListener("securitypolicyviolation", function (e) {
  window.__cspViolations.push(
    e.violatedDirective + " " + (e.blockedURI || "inline") + " at " + e.sourceFile + ":" + e.lineNumber);
});
"""
MAP_READY = ".leaflet-container .leaflet-overlay-pane path, .leaflet-container .leaflet-marker-pane > *"


@pytest.fixture()
def watched(page):
    """The page, with every CSP violation (event or console message) collected in `page.csp`."""
    page.csp = []
    page.add_init_script(LISTEN)
    page.on(
        "console",
        lambda message: (
            page.csp.append(message.text)
            if message.type == "error" and "Content Security Policy" in message.text
            else None
        ),
    )
    return page


def visit(page, path: str, wait_for: str | None = None) -> None:
    page.goto(path)
    page.wait_for_load_state("networkidle")
    if wait_for:
        page.wait_for_selector(wait_for, state="attached")
    page.csp += page.evaluate("() => window.__cspViolations || []")


def assert_no_violation(page) -> None:
    assert not page.csp, "Content-Security-Policy violations:\n" + "\n".join(page.csp)


def test_public_pages_and_their_maps_respect_the_policy(watched):
    visit(watched, "/")
    visit(watched, "/offres", wait_for=MAP_READY)
    link = watched.locator(".offer-card h3 a").first.get_attribute("href")
    visit(watched, link, wait_for=MAP_READY)
    visit(watched, "/connexion")
    visit(watched, "/inscription")
    visit(watched, "/api/docs", wait_for=".swagger-ui .information-container")
    assert_no_violation(watched)


def test_student_pages_respect_the_policy(watched):
    sign_in(watched, "etudiant@demo.vte-match.fr", DEMO_PASSWORD)
    visit(watched, "/etudiant/profil", wait_for=MAP_READY)
    box = watched.get_by_role("combobox", name="Votre commune")  # the autocomplete and the circle
    box.fill("")
    box.press_sequentially("Oyonn", delay=30)
    watched.get_by_role("option", name="Oyonnax (01100)").first.click()
    watched.wait_for_selector("#carte-mobilite path.mobility-circle")
    visit(watched, "/etudiant/offres", wait_for=MAP_READY)
    visit(watched, "/etudiant/candidatures")
    assert_no_violation(watched)


def test_company_pages_and_offer_editor_respect_the_policy(watched):
    sign_in(watched, "entreprise@demo.vte-match.fr", DEMO_PASSWORD)
    visit(watched, "/entreprise")
    visit(watched, "/entreprise/offres")
    visit(watched, "/entreprise/offres/nouvelle")
    offer = watched.locator("a[href*='/entreprise/offres/'][href$='/modifier']").first
    if offer.count():
        visit(watched, offer.get_attribute("href"))
    visit(watched, "/entreprise/offres")
    board = watched.locator("a[href^='/entreprise/offres/']").filter(has_not_text="Modifier").first
    visit(watched, board.get_attribute("href"))
    assert_no_violation(watched)


def test_school_pages_respect_the_policy(watched):
    sign_in(watched, "ecole@demo.vte-match.fr", DEMO_PASSWORD)
    visit(watched, "/ecole", wait_for="canvas")
    visit(watched, "/ecole/etudiants")
    visit(watched, "/ecole/invitations")
    visit(watched, "/ecole/import")
    assert_no_violation(watched)
