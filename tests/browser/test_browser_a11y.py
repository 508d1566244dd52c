"""Accessibility details checked in a real browser: the commune autocomplete's announcements, the
focus on a form's error summary and its links, the French map controls, the heading levels of an
error summary inside a section."""

from __future__ import annotations

import re

from pages import DEMO_PASSWORD, sign_in

ACTIVE_ID = "() => document.activeElement && document.activeElement.id"


def test_the_autocomplete_announces_how_many_communes_it_proposes(page):
    page.goto("/offres")
    status = page.locator("[data-commune-autocomplete] [role=status]")
    assert status.get_attribute("aria-live") == "polite"
    assert status.inner_text() == ""
    box = page.get_by_role("combobox", name="Autour de la commune")
    box.press_sequentially("Oyonn", delay=30)
    page.get_by_role("option", name="Oyonnax (01100)").first.wait_for()
    shown = page.locator("#f-commune-list [role=option]").count()
    expected = "1 commune proposée" if shown == 1 else f"{shown} communes proposées"
    page.wait_for_function("() => document.querySelector('[data-commune-status]').textContent.trim() !== ''")
    assert status.text_content().strip() == expected
    box.fill("")
    box.press_sequentially("Zzzzvil", delay=30)
    page.wait_for_function(
        "() => document.querySelector('[data-commune-status]').textContent.includes('Aucune commune')"
    )
    assert status.text_content().strip() == "Aucune commune trouvée"
    assert page.locator("#f-commune-list").is_hidden()


def test_a_failed_sign_in_puts_the_focus_on_the_error_summary(page):
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill("etudiant@demo.vte-match.fr")
    page.get_by_label("Mot de passe").fill("pas-le-bon")
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()
    summary = page.locator("#erreurs")
    assert summary.get_attribute("role") == "alert"
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'erreurs'")
    assert page.evaluate(ACTIVE_ID) == "erreurs"


def test_an_unknown_commune_describes_the_input_and_its_summary_link_focuses_it(page):
    page.goto("/offres?commune_label=Zzzzville")
    box = page.locator("#f-commune_label")
    described = (box.get_attribute("aria-describedby") or "").split()
    error = page.locator("#f-location")
    assert "Commune inconnue" in error.inner_text()
    assert "f-location" in described and "f-commune_label-help" in described
    assert box.get_attribute("aria-invalid") == "true"
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'erreurs'")
    link = page.locator("#erreurs a[href='#f-location']")
    link.click()
    assert page.evaluate(ACTIVE_ID) == "f-commune_label"
    # the keyboard way: Tab from the focused summary reaches the link, Enter moves to the field
    page.locator("#erreurs").focus()
    page.keyboard.press("Tab")
    assert page.evaluate("() => document.activeElement.getAttribute('href')") == "#f-location"
    page.keyboard.press("Enter")
    assert page.evaluate(ACTIVE_ID) == "f-commune_label"


def test_map_controls_and_tooltips_speak_french(page):
    page.goto("/offres?q=qualit%C3%A9")
    page.wait_for_function("() => document.getElementById('carte-etat').textContent.includes('sur la carte')")
    zoom_in = page.locator("#carte-offres .leaflet-control-zoom-in")
    zoom_out = page.locator("#carte-offres .leaflet-control-zoom-out")
    assert zoom_in.get_attribute("title") == "Zoom avant" and zoom_in.get_attribute("aria-label") == "Zoom avant"
    assert zoom_out.get_attribute("title") == "Zoom arrière"
    assert page.locator("#carte-offres .leaflet-control-zoom").count() == 1
    # the markers link to the offer pages (address built by the server, url_for)
    template = page.locator("#carte-offres").get_attribute("data-offer-url")
    assert template == "/offres/0"

    page.locator(".offer-card h3 a").first.click()
    page.wait_for_load_state()
    page.locator("#carte-offre .leaflet-marker-icon").first.click()
    close = page.locator("#carte-offre .leaflet-popup-close-button")
    close.wait_for()
    assert close.get_attribute("aria-label") == "Fermer la fenêtre"
    # a territory's name is plain text in its tooltip
    page.wait_for_function("() => document.querySelectorAll('#carte-offre path.leaflet-interactive').length > 0")
    page.locator("#carte-offre").evaluate("""element => {
        const path = element.querySelector('path.leaflet-interactive');
        const box = path.getBoundingClientRect();
        path.dispatchEvent(new MouseEvent('mouseover', {
            bubbles: true, clientX: box.x + box.width / 2, clientY: box.y + box.height / 2,
        }));
    }""")
    tooltip = page.locator("#carte-offre .leaflet-tooltip")
    tooltip.first.wait_for()
    assert tooltip.first.inner_text().startswith("Territoire d'industrie ")


def test_an_error_summary_inside_a_section_takes_the_next_heading_level(page):
    sign_in(page, "ecole@demo.vte-match.fr", DEMO_PASSWORD)
    page.goto("/ecole/invitations")
    page.locator("#f-max_uses").fill("0")
    page.get_by_role("button", name="Créer le code").click()
    page.wait_for_load_state()
    summary = page.locator("#erreurs")
    assert summary.locator("h4").inner_text() == "Le formulaire contient des erreurs"
    levels = page.evaluate(
        "() => [...document.querySelectorAll('main h1, main h2, main h3, main h4, main h5, main h6')]"
        ".map(h => Number(h.tagName[1]))"
    )
    skips = [(a, b) for a, b in zip(levels, levels[1:], strict=False) if b > a + 1]
    assert levels[0] == 1 and not skips, levels
    page.wait_for_function("() => document.activeElement && document.activeElement.id === 'erreurs'")
    assert re.search(r"utilisations", summary.inner_text(), re.I)
