"""The school staff's pages: placement dashboard (figures, charts, map, CSV export), students,
invitation codes, e-mail domain, staff, CSV import; and who may open them."""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, date, datetime, timedelta

import pytest
from sqlalchemy import func, select

from factories import commune, make_company, make_offer, make_school, make_student
from vte.accounts import create_user
from vte.models import Application, OutboxEmail, Placement, School, SchoolInvitation
from vte.school_stats import placement_places, school_stats
from vte.vocab import ApplicationStatus, ContractType, Role
from vte.web.presenters import MONTHS, current_section
from web_support import post_form, sign_in, text_of

PASSWORD = "Usinage-CN-2026"
PAGES = [
    "/ecole",
    "/ecole/etudiants",
    "/ecole/invitations",
    "/ecole/import",
    "/ecole/import/modele.csv",
    "/ecole/statistiques.csv",
]


@pytest.fixture()
def schools(db_session):
    """School A (with a staff account) and school B (with its own staff)."""
    a = make_school(db_session, name="École Alpha d'ingénieurs")
    b = make_school(db_session, name="École Bêta de commerce")
    create_user(db_session, "staff@alpha.fr", PASSWORD, Role.SCHOOL, school_id=a.id)
    create_user(db_session, "staff@beta.fr", PASSWORD, Role.SCHOOL, school_id=b.id)
    db_session.commit()
    return {"a": a.id, "b": b.id}


@pytest.fixture()
def staff(client, schools):
    """The test client signed in as school A's staff."""
    sign_in(client, "staff@alpha.fr", PASSWORD)
    return client


def placement(
    school_id,
    student_id=None,
    code="01283",
    days_ago=10,
    territoire="Plastics Vallée",
    naf="C",
    programme="Génie mécanique",
    **fields,
):
    values = dict(
        student_id=student_id,
        school_id=school_id,
        programme=programme,
        contract_type=ContractType.CDI,
        hired_at=datetime.now(UTC) - timedelta(days=days_ago),
        commune_code=code,
        region_code="84",
        naf_section=naf,
        territoire_name=territoire,
        eligible_vte_ti=bool(territoire),
        eligible_vte_vert=False,
        days_to_hire=30,
    )
    values.update(fields)
    return Placement(**values)


@pytest.fixture()
def placed(db_session, schools):
    """School A: three students, two placed (one placed twice), an erased student's placement, and
    school B's placement that must not show."""
    a, b = db_session.get(School, schools["a"]), db_session.get(School, schools["b"])
    anna = make_student(
        db_session, school=a, first_name="Anna", last_name="Bernard", email="anna@alpha.fr", programme="Génie mécanique"
    )
    hugo = make_student(
        db_session, school=a, first_name="Hugo", last_name="Petit", email="hugo@alpha.fr", programme="Génie industriel"
    )
    make_student(
        db_session, school=a, first_name="Zoé", last_name="Zola", email="zoe@alpha.fr", programme="Génie industriel"
    )
    db_session.add_all(
        [
            placement(a.id, anna.id, days_ago=5, days_to_hire=20),
            placement(
                a.id,
                anna.id,
                code="69123",
                days_ago=40,
                territoire=None,
                naf="M",
                region_code="84",
                days_to_hire=50,
                eligible_vte_vert=None,
            ),
            placement(
                a.id,
                hugo.id,
                code="01283",
                days_ago=70,
                programme="Génie industriel",
                eligible_vte_vert=True,
                days_to_hire=10,
            ),
            placement(
                a.id,
                None,
                code="75056",
                days_ago=100,
                territoire=None,
                naf=None,
                region_code="11",
                programme="Chimie",
                days_to_hire=None,
            ),
            placement(b.id, None, code="13055", territoire="Marseille Fos", region_code="93"),
        ]
    )
    db_session.commit()
    return {"a": a.id, "b": b.id}


def chart_data(html: str, chart_id: str):
    match = re.search(rf'<script type="application/json" id="{chart_id}">(.*?)</script>', html, re.S)
    assert match, f"no JSON block {chart_id}"
    return json.loads(match.group(1))


def students_text(response) -> str:
    """The visible text of the students page (addresses may wrap before their @: <wbr>)."""
    return text_of(response).replace(" @", "@")


def percent(value):
    return f"{value * 100:.1f}".replace(".", ",") + " %"


# --- Access ------------------------------------------------------------------------------------


def test_anonymous_visitors_are_sent_to_sign_in(client, db_session):
    for path in PAGES:
        response = client.get(path)
        assert response.status_code == 302, path
        assert "/connexion" in response.headers["Location"] and "next=" in response.headers["Location"]


def test_students_and_companies_get_a_french_403(client, db_session, schools):
    create_user(db_session, "etu@alpha.fr", PASSWORD, Role.STUDENT, school_id=schools["a"])
    create_user(db_session, "rh@pme.fr", PASSWORD, Role.COMPANY)
    db_session.commit()
    for email in ("etu@alpha.fr", "rh@pme.fr"):
        browser = client.application.test_client()
        sign_in(browser, email, PASSWORD)
        for path in PAGES:
            response = browser.get(path)
            assert response.status_code == 403, (email, path)
            assert "réservée à un autre type de compte" in text_of(response)
        refused = post_form(browser, "/ecole/invitations", {"label": "Intrus"})
        assert refused.status_code == 403
    assert db_session.scalar(select(func.count(SchoolInvitation.id))) == 0


def test_staff_without_a_school_get_an_explanation_and_cannot_write(client, db_session):
    create_user(db_session, "nouvelle@ecole.fr", PASSWORD, Role.SCHOOL)
    db_session.commit()
    sign_in(client, "nouvelle@ecole.fr", PASSWORD)
    for path in PAGES:
        page = client.get(path)
        assert page.status_code == 200, path
        text = text_of(page)
        assert "Votre compte n'est rattaché à aucune école" in text
        assert "nouvelle@ecole.fr" in text and "administrateur" in text
    assert post_form(client, "/ecole/invitations", {"label": "Promo"}).status_code == 403
    assert post_form(client, "/ecole/domaine", {"email_domain": "etu.ecole.fr"}).status_code == 403
    assert db_session.scalar(select(func.count(SchoolInvitation.id))) == 0


def test_admins_choose_a_school_then_see_its_pages(client, db_session, placed):
    create_user(db_session, "admin@vte.fr", PASSWORD, Role.ADMIN)
    db_session.commit()
    sign_in(client, "admin@vte.fr", PASSWORD)
    choose = client.get("/ecole")
    assert choose.status_code == 200 and "Choisir une école" in text_of(choose)
    assert f'<option value="{placed["a"]}">' in choose.get_data(as_text=True)
    dashboard = client.get(f"/ecole?school_id={placed['a']}")
    assert dashboard.status_code == 200 and "École Alpha d'ingénieurs" in text_of(dashboard)
    assert f"/ecole/etudiants?school_id={placed['a']}" in dashboard.get_data(as_text=True)
    students = client.get(f"/ecole/etudiants?school_id={placed['a']}")
    assert "Bernard" in text_of(students)
    assert client.get("/ecole?school_id=999999").status_code == 404


# --- Dashboard ---------------------------------------------------------------------------------


def test_dashboard_figures_and_charts_match_the_statistics(staff, db_session, placed):
    stats = school_stats(db_session, db_session.get(School, placed["a"]))
    totals = stats["totals"]
    assert (totals["students"], totals["placed"], totals["placements"]) == (3, 2, 4)  # not school B's
    response = staff.get("/ecole")
    assert response.status_code == 200
    html, text = response.get_data(as_text=True), text_of(response)
    assert "Placements des étudiants de École Alpha d'ingénieurs" in text
    assert "Étudiants 3 " in text and "Étudiants placés 2 4 embauches au total" in text
    assert f"Taux de placement {percent(totals['rate'])}" in text
    assert f"Embauches en Territoire d'industrie {totals['in_territory']} " in text
    assert f"Éligibles VTE Territoires d'industrie {totals['eligible_vte_ti']} " in text
    assert f"Éligibles VTE Vert {totals['eligible_vte_vert']} " in text
    assert "Délai médian d'embauche 20 jours" in text and stats["median_days_to_hire"] == 20.0

    months = chart_data(html, "graphique-mois-donnees")
    assert months["values"] == [m["placements"] for m in stats["by_month"]] and len(months["labels"]) == 12
    this_month = date.today()
    assert months["labels"][-1].endswith(str(this_month.year)[2:])
    assert f"{MONTHS[this_month.month - 1]} {this_month.year} " in text  # the table: full month names
    territories = chart_data(html, "graphique-territoires-donnees")
    assert territories["labels"] == [t["territory"] for t in stats["by_territory"]]
    assert territories["values"] == [t["placements"] for t in stats["by_territory"]]
    assert dict(zip(territories["labels"], territories["values"], strict=False)) == {
        "Plastics Vallée": 2,
        "Hors Territoire d'industrie": 2,
    }
    regions = chart_data(html, "graphique-regions-donnees")
    assert regions["values"] == [r["placements"] for r in stats["by_region"]] == [3, 1]
    assert regions["labels"] == [r["name"] for r in stats["by_region"]]
    sectors = chart_data(html, "graphique-secteurs-donnees")
    assert sectors["values"] == [s["placements"] for s in stats["by_naf_section"]]
    assert sectors["labels"][0].startswith("C — ")
    rates = chart_data(html, "graphique-formations-donnees")
    assert dict(zip(rates["labels"], rates["values"], strict=False)) == {
        "Génie mécanique": 100.0,
        "Génie industriel": 50.0,
    }
    assert rates["unit"] == "%"
    # Each chart is also a table: the numbers are readable without the canvas.
    assert html.count("<summary>Voir les données") == 5 and html.count('<canvas id="graphique-') == 5
    assert "Génie industriel 2 1 50,0 %" in text and "Plastics Vallée 2 50,0 %" in text
    assert 'src="/static/vendor/chart.js/chart.umd.min.js"' in html
    assert "<script>" not in html  # no inline script: data in JSON blocks only


def test_dashboard_map_has_one_marker_per_commune_with_coordinates(staff, db_session, placed):
    html = staff.get("/ecole").get_data(as_text=True)
    points = chart_data(html, "carte-embauches-donnees")
    oyonnax = commune(db_session, "01283")
    by_title = {p["title"]: p for p in points}
    assert f"{oyonnax.name} : 2 embauches" in by_title
    assert by_title[f"{oyonnax.name} : 2 embauches"]["lat"] == pytest.approx(oyonnax.lat)
    assert by_title[f"{oyonnax.name} : 2 embauches"]["subtitle"] == "Territoire d'industrie Plastics Vallée"
    assert len(points) == 3  # Oyonnax, Lyon, Paris; not Marseille (school B)
    assert 'data-territories-url="/api/v1/territoires/contours"' in html
    places = placement_places(db_session, db_session.get(School, placed["a"]))
    assert [p["placements"] for p in places] == [2, 1, 1] and places[0]["code"] == "01283"


def test_dashboard_without_placements_says_so(staff, db_session, schools):
    text = text_of(staff.get("/ecole"))
    assert "Étudiants 0 " in text and "Taux de placement —" in text
    assert "Aucune embauche localisée pour l'instant" in text


def test_csv_export_is_the_statistics_for_excel(staff, db_session, placed):
    response = staff.get("/ecole/statistiques.csv")
    assert response.status_code == 200 and response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    body = response.get_data(as_text=True)
    assert body.startswith("\ufeff")
    rows = list(csv.reader(io.StringIO(body[1:]), delimiter=";"))
    assert rows[0][:3] == ["Rubrique", "Libellé", "Code"]
    assert rows[1] == ["Ensemble", "École Alpha d'ingénieurs", "", "3", "2", "4", "66,7", ""]
    assert ["Formation", "Génie industriel", "", "2", "1", "1", "50,0", ""] in rows
    assert not any("Marseille" in cell for row in rows for cell in row)
    # The dashboard links to it.
    assert 'href="/ecole/statistiques.csv"' in staff.get("/ecole").get_data(as_text=True)


# --- Students ----------------------------------------------------------------------------------


@pytest.fixture()
def applied(db_session, placed):
    """Anna hired, Hugo in interview, Zoé without application, an account without a profile."""
    from vte.models import Student

    by_name = {s.last_name: s for s in db_session.scalars(select(Student).where(Student.school_id == placed["a"]))}
    offer = make_offer(
        db_session, company=make_company(db_session, name="Plasturgie de l'Ain"), title="Technicienne méthodes"
    )
    db_session.add(Application(student_id=by_name["Bernard"].id, offer_id=offer.id, status=ApplicationStatus.HIRED))
    db_session.add(Application(student_id=by_name["Petit"].id, offer_id=offer.id, status=ApplicationStatus.INTERVIEW))
    create_user(db_session, "sans.profil@alpha.fr", PASSWORD, Role.STUDENT, school_id=placed["a"])
    db_session.commit()
    return placed


def test_students_list_shows_profile_latest_application_and_placement(staff, applied):
    response = staff.get("/ecole/etudiants")
    assert response.status_code == 200
    text = students_text(response)
    assert "4 étudiants" in text
    assert text.index("Bernard") < text.index("Petit") < text.index("sans.profil@alpha.fr") < text.index("Zola")
    assert (
        "Anna Bernard anna@alpha.fr Génie mécanique bac+5 Oui Oui embauche Technicienne méthodes — "
        "Plasturgie de l'Ain" in text
    )
    assert "Hugo Petit hugo@alpha.fr Génie industriel bac+5 Oui Oui entretien Technicienne méthodes" in text
    assert "Profil non rempli sans.profil@alpha.fr — — Non Non Sans candidature" in text
    assert "CDI, embauche le" in text


def test_students_filters_by_status_and_text(staff, applied):
    hired = students_text(staff.get("/ecole/etudiants?status=hired"))
    assert "1 étudiant " in hired and "Bernard" in hired and "Petit" not in hired
    none = students_text(staff.get("/ecole/etudiants?status=none"))
    assert "Zola" in none and "Bernard" not in none and "sans.profil@alpha.fr" in none
    search = students_text(staff.get("/ecole/etudiants?q=industriel"))
    assert "Petit" in search and "Zola" in search and "Bernard" not in search
    page = staff.get("/ecole/etudiants?status=hired").get_data(as_text=True)
    assert '<option value="hired" selected>embauche</option>' in page
    empty = students_text(staff.get("/ecole/etudiants?q=personne"))
    assert "0 étudiant" in empty and "Aucun étudiant ne correspond" in empty


def test_students_unknown_filter_is_explained(staff, applied):
    response = staff.get("/ecole/etudiants?status=bogus")
    assert response.status_code == 422
    assert 'id="f-status-error">Choix invalide.' in response.get_data(as_text=True)


def test_students_are_paginated(staff, db_session, schools):
    a = db_session.get(School, schools["a"])
    for n in range(23):
        make_student(db_session, school=a, last_name=f"Élève {n:02d}", email=f"eleve{n:02d}@alpha.fr")
    db_session.commit()
    first = staff.get("/ecole/etudiants").get_data(as_text=True)
    assert "Page 1 sur 2" in first and 'href="/ecole/etudiants?page=2"' in first
    second = students_text(staff.get("/ecole/etudiants?page=2"))
    assert "Élève 22" in second and "Élève 00" not in second


def test_another_schools_students_never_show(staff, db_session, placed):
    make_student(db_session, school=db_session.get(School, placed["b"]), last_name="Ailleurs", email="x@beta.fr")
    db_session.commit()
    assert "Ailleurs" not in students_text(staff.get("/ecole/etudiants"))
    assert "Ailleurs" not in text_of(staff.get(f"/ecole/etudiants?school_id={placed['b']}"))


def test_student_rows_link_to_the_student_page(staff, db_session, applied):
    from vte.models import Student

    anna = db_session.scalar(select(Student).where(Student.last_name == "Bernard"))
    html = staff.get("/ecole/etudiants").get_data(as_text=True)
    assert f'<a href="/ecole/etudiants/{anna.id}">Anna Bernard</a>' in html
    assert html.count("data-row-link") == 3  # the three profiles; the account without one has no page
    assert "Profil non rempli</th>" in html
    assert 'src="/static/web/js/school-students.js"' in html


def test_the_student_page_shows_what_the_school_may_see(staff, db_session, applied):
    from vte.models import Student

    anna = db_session.scalar(select(Student).where(Student.last_name == "Bernard"))
    response = staff.get(f"/ecole/etudiants/{anna.id}")
    assert response.status_code == 200
    text = students_text(response)
    assert "Anna Bernard" in text and "← Étudiants de École Alpha d'ingénieurs" in text
    assert "E-mail anna@alpha.fr" in text and "Formation Génie mécanique" in text and "Niveau bac+5" in text
    assert "Statut Jeune diplômé" in text and "Visible des entreprises Oui" in text
    assert "Candidatures (1) " in text and "Technicienne méthodes Plasturgie de l'Ain embauche" in text
    assert "Embauches (2) " in text and "CDI, embauche le" in text
    oyonnax, lyon = commune(db_session, "01283").name, commune(db_session, "69123").name
    # The latest hire first (5 days ago in Oyonnax, then 40 days ago in Lyon).
    assert text.index(oyonnax) < text.index(lyon)
    zola = db_session.scalar(select(Student).where(Student.last_name == "Zola"))
    assert "Aucune candidature pour l'instant." in text_of(staff.get(f"/ecole/etudiants/{zola.id}"))
    assert '<a href="/ecole/etudiants" aria-current="page">Étudiants</a>' in response.get_data(as_text=True)


def test_the_menu_marks_the_section_a_page_belongs_to():
    menu = ["/ecole", "/ecole/etudiants", "/ecole/invitations", "/offres"]
    assert current_section("/ecole", menu) == "/ecole"
    assert current_section("/ecole/etudiants/12", menu) == "/ecole/etudiants"  # the closest above, not /ecole
    assert current_section("/ecole/etudiants-archives", menu) == "/ecole"  # a path segment, not a prefix
    assert current_section("/compte", menu) is None


def test_another_schools_student_page_is_not_found(staff, client, db_session, placed):
    other = make_student(db_session, school=db_session.get(School, placed["b"]), last_name="Ailleurs", email="x@b.fr")
    db_session.commit()
    missing = staff.get(f"/ecole/etudiants/{other.id}")
    assert missing.status_code == 404 and "Ailleurs" not in text_of(missing)
    assert staff.get(f"/ecole/etudiants/{other.id}?school_id={placed['b']}").status_code == 404
    assert staff.get("/ecole/etudiants/999999").status_code == 404
    # An admin sees it under its own school only.
    create_user(db_session, "admin@vte.fr", PASSWORD, Role.ADMIN)
    db_session.commit()
    admin = client.application.test_client()
    sign_in(admin, "admin@vte.fr", PASSWORD)
    assert admin.get(f"/ecole/etudiants/{other.id}?school_id={placed['a']}").status_code == 404
    page = admin.get(f"/ecole/etudiants/{other.id}?school_id={placed['b']}")
    assert page.status_code == 200 and "Ailleurs" in text_of(page)
    assert f'href="/ecole/etudiants?school_id={placed["b"]}"' in page.get_data(as_text=True)


# --- One navigation, filters, readable programmes ---------------------------------------------


def test_staff_pages_have_one_navigation(staff, applied):
    for path in ("/ecole", "/ecole/etudiants", "/ecole/invitations", "/ecole/import"):
        html = staff.get(path).get_data(as_text=True)
        assert html.count("<nav") == 1 + html.count('class="pagination"'), path
        assert 'aria-label="Navigation principale"' in html and 'class="school-links"' not in html
        for label in ("Tableau de bord", "Étudiants", "Invitations", "Import CSV"):
            assert f">{label}</a>" in html, (path, label)


def test_admins_keep_the_school_links(client, db_session, placed):
    create_user(db_session, "admin@vte.fr", PASSWORD, Role.ADMIN)
    db_session.commit()
    sign_in(client, "admin@vte.fr", PASSWORD)
    html = client.get(f"/ecole?school_id={placed['a']}").get_data(as_text=True)
    assert 'class="school-links"' in html
    assert f'href="/ecole/invitations?school_id={placed["a"]}"' in html


@pytest.fixture()
def mixed(db_session, applied):
    """Zoé (Génie industriel) is in alternance at bac+3."""
    from vte.models import Student
    from vte.vocab import StudentStatus

    zoe = db_session.scalar(select(Student).where(Student.last_name == "Zola"))
    zoe.level, zoe.status = 3, StudentStatus.ALTERNANCE
    db_session.commit()
    return applied


def test_dashboard_filters_by_programme_level_and_status(staff, mixed):
    everyone = text_of(staff.get("/ecole"))
    assert "Étudiants 3 " in everyone and "pour tous les étudiants de l'école" in everyone
    industrial = staff.get("/ecole?programme=Génie industriel")
    assert industrial.status_code == 200
    text = text_of(industrial)
    assert "pour : formation « Génie industriel » (2 étudiants)." in text
    assert "Étudiants 2 " in text and "Étudiants placés 1 1 embauche au total" in text
    assert "Taux de placement 50,0 %" in text
    html = industrial.get_data(as_text=True)
    assert '<option value="Génie industriel" selected>Génie industriel</option>' in html
    rates = chart_data(html, "graphique-formations-donnees")
    assert (rates["labels"], rates["values"]) == (["Génie industriel"], [50.0])
    # The erased student's hire counts under its programme, not under a level.
    chemistry = text_of(staff.get("/ecole?programme=Chimie"))
    assert "Étudiants 0 " in chemistry and "Étudiants placés 0 1 embauche au total" in chemistry
    bac5 = text_of(staff.get("/ecole?level=bac%2B5"))
    assert "Étudiants 2 " in bac5 and "Étudiants placés 2 3 embauches au total" in bac5
    alternance = text_of(staff.get("/ecole?situation=alternance"))
    assert "pour : étudiant en alternance (1 étudiant)." in alternance
    assert "Étudiants 1 " in alternance and "Étudiants placés 0 0 embauche au total" in alternance
    both = text_of(staff.get("/ecole?programme=Génie industriel&level=bac%2B3&situation=alternance"))
    assert "Étudiants 1 " in both
    # The links carry the filters: the CSV export and the list of these students.
    html = staff.get("/ecole?programme=Génie industriel&level=bac%2B5").get_data(as_text=True)
    assert 'href="/ecole/statistiques.csv?programme=G%C3%A9nie+industriel&amp;level=bac%2B5"' in html
    assert 'href="/ecole/etudiants?programme=G%C3%A9nie+industriel&amp;level=bac%2B5"' in html
    rows = list(
        csv.reader(
            io.StringIO(staff.get("/ecole/statistiques.csv?programme=Chimie").get_data(as_text=True)[1:]), delimiter=";"
        )
    )
    assert rows[1][3:6] == ["0", "0", "1"]


def test_dashboard_bad_filters_are_explained_in_french(staff, db_session, mixed):
    level = staff.get("/ecole?level=bac%2B12")
    assert level.status_code == 422
    assert 'id="f-level-error">Choix invalide.' in level.get_data(as_text=True)
    assert "Corrigez le filtre signalé pour voir les chiffres." in text_of(level)
    programme = staff.get("/ecole?programme=Astrophysique")
    assert programme.status_code == 422
    assert "Aucun étudiant de l'école ne suit cette formation" in text_of(programme)
    situation = staff.get("/ecole?situation=retraite")
    assert situation.status_code == 422 and "Statut de l'étudiant : Choix invalide." in text_of(situation)
    # School B's programme is not one of school A's.
    b = db_session.get(School, mixed["b"])
    make_student(db_session, school=b, last_name="Ailleurs", email="x@b.fr", programme="Commerce international")
    db_session.commit()
    assert staff.get("/ecole?programme=Commerce international").status_code == 422


def test_students_filters_by_programme_level_and_status(staff, mixed):
    industrial = students_text(staff.get("/ecole/etudiants?programme=Génie industriel"))
    assert "2 étudiants" in industrial and "Petit" in industrial and "Zola" in industrial
    assert "Bernard" not in industrial and "sans.profil@alpha.fr" not in industrial
    bac3 = students_text(staff.get("/ecole/etudiants?level=bac%2B3"))
    assert "1 étudiant " in bac3 and "Zola" in bac3 and "Petit" not in bac3
    alternance = students_text(staff.get("/ecole/etudiants?situation=alternance&status=none"))
    assert "1 étudiant " in alternance and "Zola" in alternance
    graduates = students_text(staff.get("/ecole/etudiants?situation=graduate&programme=Génie industriel"))
    assert "1 étudiant " in graduates and "Petit" in graduates
    bad = staff.get("/ecole/etudiants?level=master")
    assert bad.status_code == 422 and 'id="f-level-error">Choix invalide.' in bad.get_data(as_text=True)
    assert staff.get("/ecole/etudiants?programme=Astrophysique").status_code == 422


def test_long_programme_names_are_shortened_to_what_tells_them_apart(staff, db_session, schools):
    a = db_session.get(School, schools["a"])
    prefix = "Diplôme d'ingénieur de l'École Alpha spécialité"
    students = [
        make_student(db_session, school=a, last_name=f"Élève {n}", email=f"e{n}@alpha.fr", programme=f"{prefix} {s}")
        for n, s in enumerate(("génie industriel", "mécanique", "génie industriel"))
    ]
    db_session.add(placement(a.id, students[0].id, programme=students[0].programme))
    db_session.commit()
    html = staff.get("/ecole").get_data(as_text=True)
    rates = chart_data(html, "graphique-formations-donnees")
    assert rates["labels"] == ["Génie industriel", "Mécanique"]
    assert rates["titles"] == [f"{prefix} génie industriel", f"{prefix} mécanique"]
    text = text_of(staff.get("/ecole"))
    assert f"Intitulés abrégés : les formations commencent toutes par « {prefix} »." in text
    assert "Génie industriel 2 1 50,0 %" in text
    assert f'<option value="{prefix} mécanique">Mécanique</option>' in html.replace("&#39;", "'")
    # The students table: the short name shown, the full one for screen readers and as a tooltip.
    students = staff.get("/ecole/etudiants").get_data(as_text=True).replace("&#39;", "'")
    assert f'title="{prefix} mécanique"><span class="visually-hidden">{prefix} </span>Mécanique</td>' in students


# --- Invitations -------------------------------------------------------------------------------


def test_create_an_invitation_code_and_see_its_signup_link(staff, db_session, schools):
    response = post_form(
        staff,
        "/ecole/invitations",
        {"label": "Promo 2026", "max_uses": "50", "expires_at": (date.today() + timedelta(days=30)).isoformat()},
    )
    assert response.status_code == 302 and response.headers["Location"].endswith("/ecole/invitations#codes")
    invitation = db_session.scalars(select(SchoolInvitation).where(SchoolInvitation.school_id == schools["a"])).one()
    assert (invitation.label, invitation.max_uses) == ("Promo 2026", 50)
    page = staff.get("/ecole/invitations")
    text, html = text_of(page), page.get_data(as_text=True)
    assert f"Code d'invitation {invitation.code} créé" in text
    assert f'value="http://localhost/inscription?code={invitation.code}"' in html
    assert "Promo 2026" in text and "0 / 50" in text and "Actif" in text


def test_invitation_errors_are_shown_next_to_the_fields_and_nothing_is_created(staff, db_session, schools):
    past = post_form(staff, "/ecole/invitations", {"label": "Trop tard", "expires_at": "2000-01-01"})
    assert past.status_code == 422
    html = past.get_data(as_text=True)
    assert 'id="f-expires_at-error">La date d&#39;expiration doit être dans le futur.' in html
    assert 'value="Trop tard"' in html and 'value="2000-01-01"' in html
    zero = post_form(staff, "/ecole/invitations", {"max_uses": "0"})
    assert zero.status_code == 422 and "Valeur entre 1 et 100000 attendue." in text_of(zero)
    garbage = post_form(staff, "/ecole/invitations", {"max_uses": "beaucoup"})
    assert garbage.status_code == 422 and "Nombre entier attendu." in text_of(garbage)
    assert db_session.scalar(select(func.count(SchoolInvitation.id))) == 0


def test_revoking_asks_for_confirmation_then_the_code_stops(staff, db_session, schools):
    post_form(staff, "/ecole/invitations", {"label": "À révoquer"})
    invitation = db_session.scalars(select(SchoolInvitation)).one()
    invitation_id, code = invitation.id, invitation.code
    confirm = staff.get(f"/ecole/invitations/{invitation_id}/revoquer")
    assert confirm.status_code == 200 and f"Révoquer le code {code} ?" in text_of(confirm)
    db_session.expire_all()
    assert db_session.get(SchoolInvitation, invitation_id).revoked_at is None  # GET changes nothing
    done = post_form(staff, f"/ecole/invitations/{invitation_id}/revoquer", {})
    assert done.status_code == 302
    db_session.expire_all()
    assert db_session.get(SchoolInvitation, invitation_id).revoked_at is not None
    text = text_of(staff.get("/ecole/invitations"))
    assert f"Le code {code} est révoqué" in text and "Révoqué le" in text


def test_another_schools_invitation_is_not_found(staff, db_session, schools):
    other = SchoolInvitation(school_id=schools["b"], code="BETA234567", uses=0)
    db_session.add(other)
    db_session.commit()
    assert staff.get(f"/ecole/invitations/{other.id}/revoquer").status_code == 404
    assert post_form(staff, f"/ecole/invitations/{other.id}/revoquer", {}).status_code == 404
    db_session.expire_all()
    assert db_session.get(SchoolInvitation, other.id).revoked_at is None
    assert "BETA234567" not in staff.get("/ecole/invitations").get_data(as_text=True)


def test_email_domain_errors_in_french_next_to_the_field(staff, db_session, schools):
    webmail = post_form(staff, "/ecole/domaine", {"email_domain": "gmail.com"})
    assert webmail.status_code == 422
    html = webmail.get_data(as_text=True)
    error = re.search(r'id="f-email_domain-error">([^<]*)<', html).group(1)
    assert "messagerie grand public" in error
    assert 'value="gmail.com"' in html
    invalid = post_form(staff, "/ecole/domaine", {"email_domain": "pas un domaine"})
    assert invalid.status_code == 422 and "Domaine invalide" in text_of(invalid)
    db_session.get(School, schools["b"]).email_domain = "etu.beta.fr"
    db_session.commit()
    taken = post_form(staff, "/ecole/domaine", {"email_domain": "etu.beta.fr"})
    assert taken.status_code == 409 and "déjà déclaré par une autre école" in text_of(taken)
    db_session.expire_all()
    assert db_session.get(School, schools["a"]).email_domain is None

    saved = post_form(staff, "/ecole/domaine", {"email_domain": "@Etu.Alpha.fr"})
    assert saved.status_code == 302
    page = staff.get("/ecole/invitations")
    assert "Domaine @etu.alpha.fr : en attente de validation par un administrateur" in text_of(page)
    assert 'value="etu.alpha.fr"' in page.get_data(as_text=True)
    cleared = post_form(staff, "/ecole/domaine", {"email_domain": ""})
    assert cleared.status_code == 302
    db_session.expire_all()
    assert db_session.get(School, schools["a"]).email_domain is None


def test_staff_list_and_adding_a_colleague(staff, db_session, schools):
    create_user(db_session, "collegue@alpha.fr", PASSWORD, Role.SCHOOL, display_name="Claire Collègue")
    db_session.commit()
    unknown = post_form(staff, "/ecole/personnel", {"email": "inconnu@alpha.fr"})
    assert unknown.status_code == 422
    assert 'id="f-email-error">Aucun compte « école » avec cette adresse' in unknown.get_data(as_text=True)
    other = post_form(staff, "/ecole/personnel", {"email": "staff@beta.fr"})
    assert other.status_code == 409 and "déjà rattaché à une autre école" in text_of(other)
    bad = post_form(staff, "/ecole/personnel", {"email": "pas-une-adresse"})
    assert bad.status_code == 422 and "Adresse e-mail invalide." in text_of(bad)
    added = post_form(staff, "/ecole/personnel", {"email": "COLLEGUE@alpha.fr"})
    assert added.status_code == 302
    text = text_of(staff.get("/ecole/invitations"))
    assert "collegue@alpha.fr fait maintenant partie du personnel" in text
    assert "Claire Collègue (collegue@alpha.fr)" in text and "staff@alpha.fr" in text


# --- CSV import --------------------------------------------------------------------------------

CSV_OK = (
    "email;first_name;last_name;programme;level;status\r\n"
    "lea.martin@etu.alpha.fr;Léa;Martin;Génie mécanique;bac+5;student\r\n"
    "hugo.petit@etu.alpha.fr;Hugo;Petit;Génie industriel;bac+3;alternance\r\n"
)
CSV_BAD = CSV_OK + "pas-une-adresse;Jean;Durand;Génie civil;bac+12;stagiaire\r\n"


def upload(client, content: str, skip_invalid: bool = False):
    data = {"file": (io.BytesIO(content.encode("utf-8")), "etudiants.csv")}
    if skip_invalid:
        data["skip_invalid"] = "on"
    return post_form(client, "/ecole/import", data, content_type="multipart/form-data")


def invitations_sent(session):
    return session.scalar(select(func.count(OutboxEmail.id)).where(OutboxEmail.kind == "invitation"))


def test_import_page_documents_the_columns(staff, schools):
    response = staff.get("/ecole/import")
    text = text_of(response)
    assert response.status_code == 200 and "Importer des étudiants (CSV)" in text
    for french, english in [
        ("e-mail", "email"),
        ("prénom", "first_name"),
        ("nom", "last_name"),
        ("formation", "programme"),
        ("niveau", "level"),
        ("statut", "status"),
    ]:
        assert f" {french} {english}," in text, french  # the table: name, other names, content
    assert "étudiant, alternance ou jeune diplômé (en anglais : student, alternance, graduate)" in text
    assert "bac+2 … bac+8, ou licence, L3, M1, M2, master" in text
    html = response.get_data(as_text=True)
    assert '<a href="/ecole/import/modele.csv" download>Télécharger le modèle de fichier (CSV pour Excel)</a>' in html
    assert 'enctype="multipart/form-data"' in html and '<label for="f-file">Fichier CSV' in html
    assert "Importer les lignes valides et ignorer les autres" in text
    assert "<progress" in html and 'role="status" data-import-status' in html


def test_import_invites_the_students_and_counts_them(staff, db_session, schools):
    create_user(db_session, "hugo.petit@etu.alpha.fr", PASSWORD, Role.STUDENT, school_id=schools["a"])
    db_session.commit()
    response = upload(staff, CSV_OK)
    assert response.status_code == 200
    text = text_of(response)
    assert "Import terminé" in text
    assert "Étudiants invités (e-mail envoyé) 1" in text and "Déjà inscrits dans l'école 1" in text
    assert invitations_sent(db_session) == 1
    code = db_session.scalars(select(SchoolInvitation.code).where(SchoolInvitation.school_id == schools["a"])).one()
    assert f"Code d'invitation envoyé : {code}" in text
    again = text_of(upload(staff, CSV_OK))
    assert "Étudiants invités (e-mail envoyé) 0" in again and "Déjà invités (pas de second e-mail) 1" in again
    assert invitations_sent(db_session) == 1


def test_import_with_a_bad_line_shows_each_problem_and_writes_nothing(staff, db_session, schools):
    response = upload(staff, CSV_BAD)
    assert response.status_code == 422
    text = text_of(response)
    assert "Import refusé" in text and "Import annulé : 1 ligne invalide, rien n'a été importé." in text
    assert "ligne 4 : email : adresse invalide « pas-une-adresse »." in text
    assert "ligne 4 : level :" in text and "ligne 4 : status : « stagiaire » inconnu" in text
    assert "skip_invalid" not in text
    assert invitations_sent(db_session) == 0
    assert db_session.scalar(select(func.count(SchoolInvitation.id))) == 0

    partial = upload(staff, CSV_BAD, skip_invalid=True)
    assert partial.status_code == 200
    text = text_of(partial)
    assert "Étudiants invités (e-mail envoyé) 2" in text and "Lignes ignorées (erreurs) 1" in text
    assert "ligne 4 : email : adresse invalide" in text
    assert invitations_sent(db_session) == 2


def test_import_refuses_a_bad_header_and_a_missing_file(staff, db_session, schools):
    header = upload(staff, "email,Téléphone portable\r\na@b.fr,0600000000\r\n")
    assert header.status_code == 422
    text = text_of(header)
    assert "ligne 1 : Colonne inconnue : « Téléphone portable ». Noms acceptés : e-mail (ou email, courriel" in text
    assert "prénom (ou first_name" in text and "statut (ou status" in text
    missing = post_form(staff, "/ecole/import", {"skip_invalid": "on"}, content_type="multipart/form-data")
    assert missing.status_code == 422
    html = missing.get_data(as_text=True)
    assert 'id="f-file-error">Choisissez le fichier CSV à importer.' in html
    assert 'name="skip_invalid" checked' in html  # the option is kept
    assert invitations_sent(db_session) == 0


def test_import_reads_french_headers_and_values_whatever_their_case_and_accents(staff, db_session, schools):
    french = (
        "ADRESSE E-MAIL;prenom;Nom;Formation;NIVEAU;statut\r\n"
        "lea.martin@etu.alpha.fr;Léa;Martin;Génie mécanique;Master;étudiante\r\n"
        "hugo.petit@etu.alpha.fr;Hugo;Petit;Génie industriel;Bac +3;Jeune diplômé\r\n"
        "ines.roux@etu.alpha.fr;Inès;Roux;Génie civil;L3;Alternance\r\n"
    )
    response = upload(staff, french)
    assert response.status_code == 200
    text = text_of(response)
    assert "Import terminé" in text and "Étudiants invités (e-mail envoyé) 3" in text
    assert "Lignes ignorées (erreurs) 0" in text
    assert invitations_sent(db_session) == 3
    body = db_session.scalars(select(OutboxEmail.body).where(OutboxEmail.to_email == "ines.roux@etu.alpha.fr")).one()
    assert body.startswith("Bonjour Inès,") and "(Génie civil)" in body


def test_import_names_the_french_column_of_a_bad_value(staff, db_session, schools):
    response = upload(staff, "Courriel;Niveau;Statut\r\nnina@etu.alpha.fr;Bachelor;stagiaire\r\n")
    assert response.status_code == 422
    text = text_of(response)
    assert "ligne 2 : Niveau : « Bachelor » non reconnu" in text
    assert "ligne 2 : Statut : « stagiaire » inconnu (attendu étudiant, alternance ou jeune diplômé" in text
    assert invitations_sent(db_session) == 0


def test_the_template_downloads_for_excel_and_imports_back(staff, db_session, schools):
    template = staff.get("/ecole/import/modele.csv")
    assert template.status_code == 200
    assert template.headers["Content-Type"] == "text/csv; charset=utf-8"
    assert template.headers["Content-Disposition"] == 'attachment; filename="modele-import-etudiants.csv"'
    body = template.get_data()
    assert body.startswith(b"\xef\xbb\xbf")  # the BOM: Excel reads UTF-8 and keeps the accents
    rows = list(csv.reader(io.StringIO(body.decode("utf-8-sig")), delimiter=";"))
    assert rows[0] == ["e-mail", "prénom", "nom", "formation", "niveau", "statut"]
    assert len(rows) == 3 and all(row[0].endswith("@ecole.example") for row in rows[1:])
    imported = post_form(
        staff,
        "/ecole/import",
        {"file": (io.BytesIO(body), "modele-import-etudiants.csv")},
        content_type="multipart/form-data",
    )
    assert imported.status_code == 200
    text = text_of(imported)
    assert "Étudiants invités (e-mail envoyé) 2" in text and "Lignes ignorées (erreurs) 0" in text
    assert invitations_sent(db_session) == 2


def test_staff_cannot_target_another_school_with_school_id(staff, db_session, schools):
    """`?school_id=` is for admins: a staff member's pages always show their own school."""
    data = {"file": (io.BytesIO(CSV_OK.encode("utf-8")), "etudiants.csv")}
    response = post_form(staff, f"/ecole/import?school_id={schools['b']}", data, content_type="multipart/form-data")
    assert response.status_code == 200
    assert (
        db_session.scalar(select(func.count(SchoolInvitation.id)).where(SchoolInvitation.school_id == schools["b"]))
        == 0
    )
    assert "École Alpha" in text_of(staff.get(f"/ecole?school_id={schools['b']}"))
