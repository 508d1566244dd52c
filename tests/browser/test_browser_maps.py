"""Maps in a real browser (issue 13): they open on metropolitan France (or the search's circle, or
the results there), show the overseas départements in named insets and the préfectures' names,
without any tile server; on a phone « Mes offres » lists the offers first, its map behind « Carte »."""

from __future__ import annotations

from pages import DEMO_PASSWORD, check_accessibility, no_horizontal_scroll, screenshot, sign_in

OVERSEAS = ["Guadeloupe", "Martinique", "Guyane", "La Réunion", "Mayotte"]


def bounds(page, element_id: str) -> dict:
    """The map's visible bounds (south, west, north, east), from its Leaflet instance."""
    return page.evaluate(
        """id => { const b = document.getElementById(id).vteMap.getBounds();
        return {south: b.getSouth(), west: b.getWest(), north: b.getNorth(), east: b.getEast()}; }""",
        element_id,
    )


def covers_metropolitan_france(box: dict) -> bool:
    return box["south"] <= 41.4 and box["north"] >= 51.0 and box["west"] <= -5.1 and box["east"] >= 9.5


def not_the_world(box: dict) -> bool:
    return (
        box["south"] > 30 and box["north"] < 60 and box["west"] > -20 and box["east"] > box["west"] and box["east"] < 25
    )


def town(page, element_id: str, name: str):
    return page.locator(f"#{element_id} .town-label", has_text=name).first


def insets_are_named(page) -> None:
    insets = page.locator(".map-insets").first
    assert insets.get_attribute("aria-label") == "Départements d'outre-mer"
    names = insets.locator(".map-inset-name").all_inner_texts()
    assert [n.split(" :")[0] for n in names] == OVERSEAS
    labels = insets.locator(".map-inset-map").evaluate_all("boxes => boxes.map(b => b.getAttribute('aria-label'))")
    assert labels == [f"Carte de {n}" for n in OVERSEAS]


def test_search_map_opens_on_metropolitan_france_with_insets_and_town_names(page, phone_page):
    page.goto("/offres")
    page.wait_for_function("() => document.getElementById('carte-etat').textContent.includes('sur la carte')")
    box = bounds(page, "carte-offres")
    assert covers_metropolitan_france(box) and not_the_world(box), box
    insets_are_named(page)
    assert town(page, "carte-offres", "Lyon").is_visible() and town(page, "carte-offres", "Toulouse").is_visible()
    assert town(page, "carte-offres", "Bourg-en-Bresse").count() == 0  # a département's: from zoom 7 on
    page.wait_for_function("() => document.querySelectorAll('#carte-offres path.leaflet-interactive').length > 0")
    screenshot(page, "carte-recherche")
    check_accessibility(page, "carte-recherche")

    phone_page.goto("/offres")
    assert not phone_page.locator("details.map-panel").evaluate("d => d.open")
    phone_page.locator("details.map-panel > summary").click()
    phone_page.wait_for_function("() => document.getElementById('carte-etat').textContent.includes('sur la carte')")
    box = bounds(phone_page, "carte-offres")
    assert covers_metropolitan_france(box) and not_the_world(box), box
    assert town(phone_page, "carte-offres", "Lyon").is_visible()
    insets_are_named(phone_page)
    assert no_horizontal_scroll(phone_page)
    screenshot(phone_page, "carte-recherche")
    check_accessibility(phone_page, "carte-recherche-375")


def test_a_search_around_a_place_frames_its_circle(page):
    page.goto("/offres?commune_code=01283&commune_label=Oyonnax&radius_km=30")
    assert "à moins de 30 km d'Oyonnax" in page.locator(".result-count").inner_text()
    page.wait_for_function("() => document.getElementById('carte-etat').textContent.includes('sur la carte')")
    box = bounds(page, "carte-offres")
    assert box["south"] < 46.26 < box["north"] and box["west"] < 5.66 < box["east"]
    assert box["north"] - box["south"] < 2.5  # the circle (60 km across), not France
    assert page.locator("#carte-offres path.search-circle").count() == 1


def test_mes_offres_on_a_phone_lists_first_and_shows_the_map_behind_carte(page, phone_page):
    sign_in(page, "etudiant@demo.vte-match.fr", DEMO_PASSWORD)
    page.goto("/etudiant/offres")
    assert page.locator("details.map-panel").evaluate("d => d.open")
    page.wait_for_selector("#carte-offres .town-label")
    box = bounds(page, "carte-offres")
    assert not_the_world(box), box
    insets_are_named(page)
    screenshot(page, "mes-offres-carte")
    check_accessibility(page, "mes-offres-carte")

    sign_in(phone_page, "etudiant@demo.vte-match.fr", DEMO_PASSWORD)
    phone_page.goto("/etudiant/offres")
    panel = phone_page.locator("details.map-panel")
    assert not panel.evaluate("d => d.open")
    first_card = phone_page.locator(".card.match").first
    assert first_card.is_visible()
    assert not phone_page.locator("#carte-offres").is_visible()
    summary = panel.locator("summary")
    assert summary.inner_text().startswith("Carte")
    summary.click()
    assert phone_page.locator("#carte-offres").is_visible()
    size = phone_page.locator("#carte-offres").bounding_box()
    assert size and size["height"] > 100
    box = bounds(phone_page, "carte-offres")
    assert not_the_world(box), box
    assert no_horizontal_scroll(phone_page)
    screenshot(phone_page, "mes-offres-carte")
    check_accessibility(phone_page, "mes-offres-carte-375")


def test_school_placement_map_is_framed_on_france(page, phone_page):
    for p in (page, phone_page):
        sign_in(p, "ecole@demo.vte-match.fr", DEMO_PASSWORD)
        p.locator("#carte-embauches").scroll_into_view_if_needed()
        p.wait_for_selector("#carte-embauches .leaflet-marker-icon")
        box = bounds(p, "carte-embauches")
        assert not_the_world(box), box
        insets_are_named(p)
        assert no_horizontal_scroll(p)
        screenshot(p, "ecole-carte")
    check_accessibility(page, "ecole-carte")
    check_accessibility(phone_page, "ecole-carte-375")
