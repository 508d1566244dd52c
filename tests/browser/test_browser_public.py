"""Public pages in a real browser: search with the commune autocomplete and the map, offer page."""

from __future__ import annotations

from pages import check_accessibility, no_horizontal_scroll, screenshot


def test_search_with_autocomplete_list_and_map(page):
    page.goto("/offres")
    box = page.get_by_role("combobox", name="Autour de la commune")
    box.press_sequentially("Oyonn", delay=30)
    option = page.get_by_role("option", name="Oyonnax (01100)")
    option.first.wait_for()
    box.press("ArrowDown")
    box.press("Enter")
    assert box.input_value() == "Oyonnax (01100)"
    page.get_by_label("Rayon").select_option("100")
    page.get_by_role("button", name="Rechercher").click()
    page.wait_for_load_state()
    count = page.locator(".result-count").inner_text()
    assert "à moins de 100 km d'Oyonnax" in count
    total = int(count.split()[0])
    assert total > 0
    assert page.locator("ol.results").first.locator(".offer-card").count() == min(total, 20)
    # every point of the search is on the map (clusters or single markers), with the territories
    page.wait_for_function("() => document.getElementById('carte-etat').textContent.includes('sur la carte')")
    assert f"{total} offre" in page.locator("#carte-etat").inner_text()
    assert page.locator("#carte-offres .leaflet-marker-icon").count() > 0
    # the territories come from their own request, which may end after the markers'
    page.wait_for_function("() => document.querySelectorAll('#carte-offres path.leaflet-interactive').length > 0")
    screenshot(page, "recherche")
    check_accessibility(page, "recherche")

    page.locator(".offer-card h3 a").first.click()
    page.wait_for_load_state()
    assert page.locator("h2", has_text="L'entreprise et les aides VTE").count() == 1
    assert page.locator("#carte-offre .leaflet-marker-icon").count() == 1
    screenshot(page, "offre")
    check_accessibility(page, "offre")


def test_search_and_offer_fit_a_phone(phone_page):
    phone_page.goto("/offres?q=qualit%C3%A9")
    assert "offre" in phone_page.locator(".result-count").inner_text()
    phone_page.wait_for_function("() => document.getElementById('carte-etat').textContent.includes('sur la carte')")
    assert no_horizontal_scroll(phone_page)
    screenshot(phone_page, "recherche")
    check_accessibility(phone_page, "recherche-375")
    phone_page.locator(".offer-card h3 a").first.click()
    phone_page.wait_for_load_state()
    assert no_horizontal_scroll(phone_page)
    screenshot(phone_page, "offre")
    check_accessibility(phone_page, "offre-mobile")


def test_a_search_error_is_explained_and_the_form_kept(page):
    page.goto("/offres?commune_label=Zzzzville&q=soudure")
    assert "Commune inconnue" in page.locator(".error-summary").inner_text()
    assert page.get_by_label("Recherche libre").input_value() == "soudure"


def test_on_a_phone_results_come_first_with_filters_and_map_behind_buttons(phone_page):
    """Issue 13: on a phone the filters and the map are closed panels, opened by « Filtres » and
    « Carte des offres »; the map is drawn when opened."""
    phone_page.goto("/offres?q=qualit%C3%A9")
    assert not phone_page.locator("details.filters-panel").evaluate("d => d.open")
    assert not phone_page.locator("details.map-panel").evaluate("d => d.open")
    assert phone_page.locator(".offer-card").first.is_visible()
    phone_page.get_by_text("Filtres", exact=True).click()
    assert phone_page.get_by_label("Recherche libre").is_visible()
    phone_page.locator("details.map-panel > summary").click()
    phone_page.wait_for_function("() => document.getElementById('carte-etat').textContent.includes('sur la carte')")
    size = phone_page.locator("#carte-offres").bounding_box()
    assert size and size["height"] > 100
    screenshot(phone_page, "recherche-filtres-ouverts")
    check_accessibility(phone_page, "recherche-filtres-375")
