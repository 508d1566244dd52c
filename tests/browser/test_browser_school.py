"""The school staff's pages in a real browser: dashboard (charts, tables, map, CSV export),
students filtered by status, invitation codes, CSV import with its progress and per-line errors."""

from __future__ import annotations

import csv
import io
import re
import uuid
from datetime import UTC, datetime, timedelta
from pathlib import Path

import pytest

from pages import DEMO_PASSWORD, check_accessibility, no_horizontal_scroll, screenshot, sign_in
from vte.school_stats import NO_PROGRAMME

STAFF = "ecole@demo.vte-match.fr"


@pytest.fixture(scope="module", autouse=True)
def demo_school_has_placements(live_app):
    """The small browser dataset may give the demo staff's school no hire yet: hire three of its
    students (through the service that records a placement on hire) so the charts and the map have
    something to show."""
    from sqlalchemy import func, select

    from vte.applications import record_placement
    from vte.extensions import db
    from vte.models import Application, Offer, Placement, Student, User
    from vte.vocab import ApplicationStatus, OfferStatus

    with live_app.app_context():
        school_id = db.session.scalar(select(User.school_id).where(User.email == STAFF))
        if db.session.scalar(select(func.count(Placement.id)).where(Placement.school_id == school_id)) < 3:
            students = db.session.scalars(
                select(Student).where(Student.school_id == school_id).order_by(Student.id).limit(3)
            ).all()
            offers = db.session.scalars(
                select(Offer).where(Offer.status == OfferStatus.PUBLISHED).order_by(Offer.id).limit(40)
            ).all()
            now = datetime.now(UTC)
            for n, student in enumerate(students):
                applied = set(
                    db.session.scalars(select(Application.offer_id).where(Application.student_id == student.id))
                )
                offer = next(o for o in offers[n * 11 :] if o.id not in applied)
                application = Application(student_id=student.id, offer_id=offer.id, status=ApplicationStatus.HIRED)
                db.session.add(application)
                db.session.flush()
                record_placement(db.session, application, now - timedelta(days=20 + 45 * n))
            db.session.commit()
        db.session.remove()


def signed_in(p):
    sign_in(p, STAFF, DEMO_PASSWORD)
    assert p.url.endswith("/ecole"), p.url
    return p


def charts_drawn(p) -> int:
    """How many chart canvases have a Chart.js instance."""
    return p.evaluate("""() => Array.from(document.querySelectorAll('canvas[data-chart]'))
        .filter(c => window.Chart && Chart.getChart(c)).length""")


def test_dashboard_draws_the_charts_with_their_tables_and_the_map(page, phone_page):
    for p in (page, phone_page):
        signed_in(p)
        assert "Placements des étudiants de" in p.locator("h1").inner_text()
        figures = p.locator(".key-figures")
        assert "Taux de placement" in figures.inner_text() and "Délai médian d'embauche" in figures.inner_text()
        canvases = p.locator("canvas[data-chart]")
        assert canvases.count() == 5
        p.wait_for_function(
            "() => Array.from(document.querySelectorAll('canvas[data-chart]'))"
            ".every(c => window.Chart && Chart.getChart(c))"
        )
        assert charts_drawn(p) == 5
        # The months chart's numbers, readable in its table.
        months = p.locator("#graphique-mois-titre").locator("xpath=..")
        months.get_by_text("Voir les données").click()
        table = months.get_by_role("table")
        assert table.is_visible() and table.locator("tbody tr").count() == 12
        total_hires = sum(int(c) for c in table.locator("tbody tr td").all_inner_texts())
        assert total_hires >= 1  # the demo school has placements
        chart_total = p.evaluate(
            "() => Chart.getChart(document.getElementById('graphique-mois'))"
            ".data.datasets[0].data.reduce((a, b) => a + b, 0)"
        )
        assert chart_total == total_hires
        # The map: markers (or clusters of them) for the communes of the placements.
        p.locator("#carte-embauches").scroll_into_view_if_needed()
        p.wait_for_selector("#carte-embauches .leaflet-marker-icon")
        assert p.locator("#carte-embauches .leaflet-marker-icon").count() >= 1
        assert no_horizontal_scroll(p)
        screenshot(p, "ecole-tableau-de-bord")
    check_accessibility(page, "ecole-tableau-de-bord")
    check_accessibility(phone_page, "ecole-tableau-de-bord-375")


def test_csv_export_downloads_the_statistics(page):
    signed_in(page)
    students = page.locator(".key-figure", has_text="Étudiants").first.locator(".value").inner_text()
    with page.expect_download() as info:
        page.get_by_role("link", name=re.compile("Exporter les statistiques")).click()
    download = info.value
    assert download.suggested_filename.startswith("statistiques-placement-ecole-")
    text = Path(download.path()).read_text(encoding="utf-8-sig")
    rows = list(csv.reader(io.StringIO(text), delimiter=";"))
    assert rows[0] == [
        "Rubrique",
        "Libellé",
        "Code",
        "Étudiants",
        "Étudiants placés",
        "Embauches",
        "Taux de placement (%)",
        "Part des embauches (%)",
    ]
    assert rows[1][0] == "Ensemble" and rows[1][3] == students


def test_students_filtered_by_status_hired(page, phone_page):
    for p in (page, phone_page):
        signed_in(p)
        p.goto("/ecole/etudiants")
        p.get_by_label("Statut de la dernière candidature").select_option(label="embauche")
        p.get_by_role("button", name="Filtrer").click()
        p.wait_for_load_state()
        assert "status=hired" in p.url
        rows = p.locator("table.students tbody tr")
        assert rows.count() >= 1
        for cell in p.locator("table.students tbody tr td:nth-child(7)").all_inner_texts():
            assert cell.startswith("embauche")
        assert p.get_by_label("Statut de la dernière candidature").input_value() == "hired"
        assert no_horizontal_scroll(p)
        screenshot(p, "ecole-etudiants")
    check_accessibility(page, "ecole-etudiants")
    check_accessibility(phone_page, "ecole-etudiants-375")


def figure(p, label: str) -> int:
    return int(
        p.locator(".key-figure dt", has_text=re.compile(f"^{label}$"))
        .locator("xpath=..")
        .locator(".value")
        .inner_text()
    )


def test_dashboard_has_one_navigation_and_filters_by_programme(page, phone_page):
    for p in (page, phone_page):
        signed_in(p)
        assert p.locator("nav").count() == 1
        nav = p.get_by_role("navigation", name="Navigation principale")
        assert nav.get_by_role("link", name="Tableau de bord").get_attribute("aria-current") == "page"
        everyone = figure(p, "Étudiants")
        choice = p.get_by_label("Formation", exact=True)
        value = choice.locator("option").nth(1).get_attribute("value")
        shown = choice.locator("option").nth(1).inner_text()
        choice.select_option(value)
        p.get_by_label("Niveau", exact=True).select_option("bac+5")
        p.get_by_role("button", name="Filtrer").click()
        p.wait_for_load_state()
        assert "programme=" in p.url and "level=bac%2B5" in p.url
        assert p.get_by_label("Formation", exact=True).input_value() == value
        scope = p.locator("#perimetre").inner_text()
        assert f"pour : formation « {shown} », niveau Bac+5 (" in scope
        filtered = figure(p, "Étudiants")
        assert 1 <= filtered < everyone and f"({filtered} étudiant" in scope
        # The list of these students has the same count.
        p.get_by_role("link", name="Voir la liste de ces étudiants").click()
        p.wait_for_load_state()
        assert p.locator("#nombre-etudiants").inner_text().startswith(f"{filtered} étudiant")
        assert p.get_by_label("Formation", exact=True).input_value() == value
        p.go_back()
        p.wait_for_load_state()
        assert no_horizontal_scroll(p)
        screenshot(p, "ecole-tableau-de-bord-filtre")
    check_accessibility(page, "ecole-tableau-de-bord-filtre")
    check_accessibility(phone_page, "ecole-tableau-de-bord-filtre-375")


def test_programme_labels_drop_their_shared_start_and_wrap_whole(page, phone_page):
    for p in (page, phone_page):
        signed_in(p)
        chart = p.locator("#graphique-formations-titre").locator("xpath=..")
        note = chart.locator(".meta").inner_text()
        assert note.startswith("Intitulés abrégés : les formations commencent toutes par « ")
        prefix = note.split("« ")[1].split(" »")[0]
        p.wait_for_function("() => window.Chart && Chart.getChart(document.getElementById('graphique-formations'))")
        ticks = p.evaluate(
            "() => Chart.getChart(document.getElementById('graphique-formations')).scales.y.ticks"
            ".map(t => [].concat(t.label))"
        )
        labels = p.evaluate("() => JSON.parse(document.getElementById('graphique-formations-donnees').textContent)")
        assert [" ".join(lines) for lines in ticks] == labels["labels"]  # whole labels, nothing cut
        assert not any(label.startswith(prefix) for label in labels["labels"])
        # The shared start is found whatever the case (a programme typed in by a student); students
        # who named no programme (one signs up in the journey test) are counted apart.
        named = [title for title in labels["titles"] if title != NO_PROGRAMME]
        assert named and all(title.casefold().startswith(prefix.casefold()) for title in named), (prefix, named)
        width = p.viewport_size["width"]
        assert all(len(line) <= (18 if width < 500 else 34) or " " not in line for lines in ticks for line in lines)


def test_a_student_row_opens_the_student(page, phone_page):
    for p in (page, phone_page):
        signed_in(p)
        p.goto("/ecole/etudiants?status=hired")
        row = p.locator("table.students tbody tr[data-row-link]").first
        name = row.locator("th a").inner_text()
        row.locator("td").nth(2).click()  # anywhere on the row, not only the name
        p.wait_for_url(re.compile(r"/ecole/etudiants/\d+$"))
        assert p.locator("h1").inner_text() == name
        text = p.locator("main").inner_text()
        assert re.search(r"Candidatures \(\d+\)", text) and "embauche" in text
        assert re.search(r"Embauches \([1-9]\d*\)", text)
        assert p.locator("nav").count() == 1
        assert no_horizontal_scroll(p)
        screenshot(p, "ecole-etudiant")
        # The keyboard way: the name is a link.
        p.go_back()
        p.wait_for_load_state()
        link = p.locator("table.students tbody tr[data-row-link] th a").first
        link.focus()
        p.keyboard.press("Enter")
        p.wait_for_url(re.compile(r"/ecole/etudiants/\d+$"))
        assert p.locator("h1").inner_text() == name
    check_accessibility(page, "ecole-etudiant")
    check_accessibility(phone_page, "ecole-etudiant-375")


def test_create_an_invitation_code_and_see_its_signup_link(page, phone_page):
    label = f"Promo essai {uuid.uuid4().hex[:6]}"
    signed_in(page)
    page.goto("/ecole/invitations")
    page.get_by_label("Libellé").fill(label)
    page.locator("#f-max_uses").fill("30")
    page.get_by_role("button", name="Créer le code").click()
    page.wait_for_load_state()
    flash = page.locator(".flash").inner_text()
    code = re.search(r"Code d'invitation (\w+) créé", flash).group(1)
    card = page.locator(f"[data-invitation='{code}']")
    assert label in card.inner_text() and "Actif" in card.inner_text() and "0 / 30" in card.inner_text()
    link = card.get_by_label(f"Lien d'inscription du code {code}")
    assert link.input_value().endswith(f"/inscription?code={code}")
    assert link.input_value().startswith("http://127.0.0.1:")
    assert card.get_by_role("button", name="Copier le lien").is_visible()
    screenshot(page, "ecole-invitations")
    check_accessibility(page, "ecole-invitations")
    signed_in(phone_page)
    phone_page.goto("/ecole/invitations")
    assert code in phone_page.locator(".invitations").inner_text()
    assert no_horizontal_scroll(phone_page)
    screenshot(phone_page, "ecole-invitations")
    check_accessibility(phone_page, "ecole-invitations-375")


def csv_file(lines):
    body = "email;first_name;last_name;programme;level;status\r\n" + "".join(line + "\r\n" for line in lines)
    return {"name": "etudiants.csv", "mimeType": "text/csv", "buffer": body.encode("utf-8")}


def watch_status(p):
    """Record every text of the import's role=status line (the progress messages)."""
    p.evaluate("""() => {
        window.importStatuses = [];
        const status = document.querySelector('[data-import-status]');
        new MutationObserver(() => window.importStatuses.push(status.textContent))
            .observe(status, {childList: true, characterData: true, subtree: true});
    }""")


def test_import_shows_line_errors_imports_nothing_then_counts_a_valid_file(page, phone_page):
    tag = uuid.uuid4().hex[:8]
    good = [
        f"lea.{tag}@etu.exemple.fr;Léa;Martin;Génie mécanique;bac+5;student",
        f"hugo.{tag}@etu.exemple.fr;Hugo;Petit;Génie industriel;bac+3;alternance",
    ]
    bad = [good[0], "pas-une-adresse;Jean;Durand;Génie civil;bac+5;student", good[1]]
    for p in (page, phone_page):
        signed_in(p)
        p.goto("/ecole/import")
        watch_status(p)
        p.locator("#f-file").set_input_files(csv_file(bad))
        p.get_by_role("button", name="Importer").click()
        result = p.locator(".import-result.rejected")
        result.wait_for()
        assert "Import annulé : 1 ligne invalide, rien n'a été importé." in result.inner_text()
        assert "ligne 3 : email : adresse invalide « pas-une-adresse »." in result.inner_text()
        assert p.locator("[data-import-status]").text_content().startswith("Import annulé")
        assert "Import en cours…" in p.evaluate("() => window.importStatuses")
        assert p.evaluate("() => document.activeElement.id") == "resultat-titre"
        assert no_horizontal_scroll(p)
        screenshot(p, "ecole-import-erreurs")
    check_accessibility(page, "ecole-import-erreurs")
    check_accessibility(phone_page, "ecole-import-erreurs-375")

    # Nothing was written: the same addresses are new when the corrected file is sent.
    page.locator("#f-file").set_input_files(csv_file(good))
    page.get_by_role("button", name="Importer").click()
    done = page.locator(".import-result.done")
    done.wait_for()
    text = done.inner_text()
    assert re.search(r"Étudiants invités \(e-mail envoyé\)\s*2", text)
    assert re.search(r"Déjà invités \(pas de second e-mail\)\s*0", text)
    assert re.search(r"Déjà inscrits dans l'école\s*0", text)
    assert page.locator("[data-import-status]").text_content() == "Import terminé : 2 invités."
    screenshot(page, "ecole-import-termine")


def test_import_works_without_javascript(browser, live_server):
    context = browser.new_context(
        java_script_enabled=False, base_url=live_server, viewport={"width": 1280, "height": 900}, locale="fr-FR"
    )
    try:
        p = context.new_page()
        signed_in(p)
        p.goto("/ecole/import")
        tag = uuid.uuid4().hex[:8]
        p.locator("#f-file").set_input_files(csv_file([f"sans.js.{tag}@etu.exemple.fr;Sam;Nojs;;;"]))
        p.get_by_label("Importer les lignes valides et ignorer les autres").check()
        p.get_by_role("button", name="Importer").click()
        p.wait_for_load_state()
        assert "Import terminé" in p.title()
        assert re.search(r"Étudiants invités \(e-mail envoyé\)\s*1", p.locator(".import-result.done").inner_text())
    finally:
        context.close()
