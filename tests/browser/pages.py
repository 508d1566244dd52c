"""What browser tests do on a page: sign in, save a screenshot, run axe-core, check the width."""

from __future__ import annotations

from contextlib import suppress
from pathlib import Path

from databases import REPO

ARTIFACTS = REPO / "test-artifacts" / "screenshots"
AXE_URL = "/static/vendor/axe-core/axe.min.js"
DEMO_PASSWORD = "Demo-VTE-2026"
PHONE = {"width": 375, "height": 812}
DESKTOP = {"width": 1280, "height": 900}
AXE_RESULTS: dict[str, list] = {}


def sign_in(page, email: str, password: str) -> None:
    page.goto("/connexion")
    page.get_by_label("Adresse e-mail").fill(email)
    page.get_by_label("Mot de passe").fill(password)
    page.get_by_role("button", name="Se connecter").click()
    page.wait_for_load_state()


def screenshot(page, name: str) -> Path:
    """Save a full-page screenshot as a test artefact, named by page and width."""
    path = ARTIFACTS / f"{name}-{page.viewport_size['width']}px.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def check_accessibility(page, name: str) -> list[dict]:
    """Run axe-core on the page; fail on serious or critical violations. Returns all violations
    (minor and moderate ones are reported in the test output)."""
    # By its address on the app, not inlined from the file: the CSP refuses inline scripts.
    page.add_script_tag(url=AXE_URL)
    result = page.evaluate("async () => await axe.run(document, {resultTypes: ['violations']})")
    violations = result["violations"]
    summary = [(v["id"], v["impact"], len(v["nodes"])) for v in violations]
    AXE_RESULTS[name] = summary
    serious = [v for v in violations if v["impact"] in ("serious", "critical")]
    assert not serious, f"axe-core on {name}: " + "; ".join(
        f"{v['id']} ({v['impact']}): {v['help']} — {[n['target'] for n in v['nodes'][:3]]}" for v in serious
    )
    return violations


def no_horizontal_scroll(page) -> bool:
    """The page fits its viewport's width (no sideways scrolling on a phone)."""
    return page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth + 1")


def too_wide(page) -> list[str]:
    """The elements sticking out of the viewport (to explain a horizontal scroll)."""
    return page.evaluate("""() => [document.documentElement.scrollWidth, window.innerWidth].concat(
        Array.from(document.querySelectorAll('body *'))
        .filter(e => !(e.parentElement && e.parentElement.closest('.leaflet-container'))
            && e.getBoundingClientRect().right > window.innerWidth + 1)
        .slice(0, 8).map(e => e.tagName + '.' + e.className + ' ' + Math.round(e.getBoundingClientRect().right)))""")


def at_both_widths(page, name: str, reload: bool = True, ready: str | None = None) -> None:
    """Screenshot and axe-core at 1280 px, then at 375 px (no sideways scrolling), back to 1280 px.
    The page is loaded again at 375 px (as a phone would) unless it holds a form being filled;
    `ready` is a selector to wait for (a map's markers)."""
    screenshot(page, name)
    check_accessibility(page, name)
    page.set_viewport_size(PHONE)
    if reload:
        page.reload()
        page.wait_for_load_state()
    if ready:
        page.wait_for_selector(ready)
    with suppress(Exception):  # let Leaflet finish its resize animation
        page.wait_for_function("() => document.documentElement.scrollWidth <= window.innerWidth + 1", timeout=5000)
    assert no_horizontal_scroll(page), f"{name}: horizontal scroll at 375 px, from {too_wide(page)}"
    screenshot(page, name)
    check_accessibility(page, f"{name}-375px")
    page.set_viewport_size(DESKTOP)
    if reload:
        page.reload()
        page.wait_for_load_state()
        if ready:
            page.wait_for_selector(ready)
