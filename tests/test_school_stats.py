"""School placement statistics: the pure aggregation functions, then the loader on the database."""

import csv
import io
from datetime import UTC, date, datetime, timedelta

from factories import make_school, make_student
from vte.models import Placement
from vte.school_stats import (
    NO_PROGRAMME,
    OUTSIDE_TERRITORY,
    PlacementRow,
    aggregate,
    french_number,
    last_months,
    median,
    monthly_counts,
    programme_rates,
    safe_cell,
    school_stats,
    shares,
    stats_csv,
)
from vte.vocab import ContractType

TODAY = date(2026, 3, 15)


def row(
    student_id,
    programme="Génie mécanique",
    hired=datetime(2026, 2, 10, tzinfo=UTC),
    territoire="Vallée de l'Arve",
    region="84",
    naf="C",
    days=40,
    ti=True,
    vert=False,
    labelled=False,
):
    return PlacementRow(student_id, programme, hired, territoire, region, naf, days, ti, vert, labelled)


def test_programme_rates_count_placed_students_once_and_erased_students_as_placements_only():
    students = [(1, "Génie mécanique"), (2, "Génie mécanique"), (3, None), (4, "  ")]
    placements = [row(1), row(1, days=10), row(None, programme="Chimie"), row(3, programme=None)]
    rates = {r["programme"]: r for r in programme_rates(students, placements)}
    assert rates["Génie mécanique"] == {
        "programme": "Génie mécanique",
        "students": 2,
        "placed": 1,
        "placements": 2,
        "rate": 0.5,
    }
    assert rates[NO_PROGRAMME] == {"programme": NO_PROGRAMME, "students": 2, "placed": 1, "placements": 1, "rate": 0.5}
    assert rates["Chimie"] == {"programme": "Chimie", "students": 0, "placed": 0, "placements": 1, "rate": None}


def test_shares_put_unknown_last_and_sum_to_one():
    result = shares(["B", None, "A", "B", "A", "B"])
    assert result == [("B", 3, 0.5), ("A", 2, 0.3333), (None, 1, 0.1667)]
    assert shares([]) == []


def test_last_twelve_months_cross_the_year_boundary():
    months = last_months(TODAY)
    assert len(months) == 12 and months[0] == "2025-04" and months[-1] == "2026-03"
    assert last_months(date(2026, 1, 31), 3) == ["2025-11", "2025-12", "2026-01"]
    counts = monthly_counts([datetime(2026, 3, 1), date(2025, 4, 30), date(2025, 3, 31), date(2026, 3, 2)], TODAY)
    assert counts[0] == {"month": "2025-04", "placements": 1}
    assert counts[-1] == {"month": "2026-03", "placements": 2}
    assert sum(c["placements"] for c in counts) == 3  # March 2025 is outside the window


def test_median_ignores_missing_values():
    assert median([10, None, 30, 20]) == 20.0
    assert median([10, 20]) == 15.0
    assert median([None]) is None and median([]) is None


def test_aggregate_names_regions_sections_and_counts_outside_territories():
    placements = [row(1, labelled=True), row(2, territoire=None, region="11", naf="M", ti=False, days=20)]
    stats = aggregate(
        {"id": 7, "name": "École"},
        [(1, "Génie mécanique"), (2, "Génie mécanique"), (3, "Chimie")],
        placements,
        {"84": "Auvergne-Rhône-Alpes", "11": "Île-de-France"},
        {"C": "Industrie manufacturière"},
        TODAY,
    )
    assert stats["totals"] == {
        "students": 3,
        "placed": 2,
        "placements": 2,
        "rate": 0.6667,
        "in_territory": 1,
        "eligible_vte_ti": 1,
        "eligible_vte_vert": 0,
        "labelled": 1,
    }
    assert stats["median_days_to_hire"] == 30.0
    assert {r["territory"] for r in stats["by_territory"]} == {"Vallée de l'Arve", OUTSIDE_TERRITORY}
    assert [r["name"] for r in stats["by_region"]] == ["Île-de-France", "Auvergne-Rhône-Alpes"]  # ties: by code
    assert {r["section"]: r["label"] for r in stats["by_naf_section"]} == {"C": "Industrie manufacturière", "M": "M"}
    assert stats["by_month"][-2] == {"month": "2026-02", "placements": 2}


def test_csv_is_excel_french_with_bom_semicolons_and_decimal_commas():
    stats = aggregate(
        {"id": 7, "name": "=École"},
        [(1, "Génie mécanique"), (2, "Génie mécanique"), (3, "@Chimie")],
        [row(1)],
        {"84": "Auvergne-Rhône-Alpes"},
        {"C": "Industrie manufacturière"},
        TODAY,
    )
    text = stats_csv(stats)
    assert text.startswith("\ufeff") and "\r\n" in text
    rows = list(csv.reader(io.StringIO(text[1:]), delimiter=";"))
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
    assert rows[1] == ["Ensemble", "'=École", "", "3", "1", "1", "33,3", ""]
    assert rows[2] == ["Délai médian d'embauche (jours)", "40,0", "", "", "", "", "", ""]
    assert ["Formation", "Génie mécanique", "", "2", "1", "1", "50,0", ""] in rows
    assert ["Formation", "'@Chimie", "", "1", "0", "0", "0,0", ""] in rows
    assert ["Section NAF", "Industrie manufacturière", "C", "", "", "1", "", "100,0"] in rows
    assert sum(1 for r in rows if r[0] == "Mois") == 12


def test_number_and_cell_helpers():
    assert french_number(0.255, percent=True) == "25,5"
    assert french_number(None) == ""
    assert safe_cell("+33 6") == "'+33 6" and safe_cell("Génie") == "Génie" and safe_cell(None) == ""


def test_school_stats_reads_only_the_schools_rows(db_session):
    mine, other = make_school(db_session, name="École statistiques"), make_school(db_session, name="École voisine")
    student = make_student(db_session, school=mine, programme="Génie des procédés")
    make_student(db_session, school=mine, programme="Génie des procédés")
    make_student(db_session, school=other)
    hired = datetime.now(UTC) - timedelta(days=3)
    db_session.add_all(
        [
            Placement(
                student_id=student.id,
                school_id=mine.id,
                programme="Génie des procédés",
                contract_type=ContractType.CDI,
                hired_at=hired,
                region_code="84",
                naf_section="C",
                territoire_name="Vallée de l'Arve",
                territoire_list_version="2020",
                eligible_vte_ti=True,
                eligible_vte_vert=True,
                days_to_hire=12,
            ),
            Placement(
                student_id=None,
                school_id=mine.id,
                programme="Génie des procédés",
                contract_type=ContractType.CDD,
                hired_at=hired,
                region_code="84",
                naf_section="C",
                days_to_hire=30,
            ),
            Placement(school_id=other.id, contract_type=ContractType.CDI, hired_at=hired, region_code="11"),
        ]
    )
    db_session.flush()
    stats = school_stats(db_session, mine)
    assert stats["totals"]["students"] == 2 and stats["totals"]["placed"] == 1
    assert stats["totals"]["placements"] == 2 and stats["totals"]["eligible_vte_vert"] == 1
    assert stats["by_programme"] == [
        {"programme": "Génie des procédés", "students": 2, "placed": 1, "placements": 2, "rate": 0.5}
    ]
    assert stats["by_region"] == [{"code": "84", "name": "Auvergne-Rhône-Alpes", "placements": 2, "share": 1.0}]
    assert stats["by_naf_section"][0]["label"].startswith("Industrie manufacturière")
    assert stats["median_days_to_hire"] == 21.0
    assert stats["by_month"][-1]["placements"] + stats["by_month"][-2]["placements"] == 2
