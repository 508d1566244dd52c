"""What browser tests do on a page: sign in, save a screenshot, run axe-core, check the width."""

from __future__ import annotations

from pathlib import Path

from databases import REPO

ARTIFACTS = REPO / "test-artifacts" / "screenshots"
AXE_URL = "/static/vendor/axe-core/axe.min.js"
DEMO_PASSWORD = "Demo-VTE-2026"
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
