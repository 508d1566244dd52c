"""Placement statistics of a school, as JSON and as a CSV for Excel (French settings).

`school_stats(session, school)` loads the rows; everything else here is pure aggregation that the
tests exercise without a database. Definitions:
- *students*: the school's current student profiles; *placed*: those with at least one placement;
  *rate* = placed / students (by programme and overall);
- *placements*: every hire recorded for the school, including those of students who have since
  erased their account (placements are kept, anonymised); territory, région, NAF section and
  month shares are shares of placements;
- *days to hire*: from the creation of the student's profile to the hire (median).
"""

from __future__ import annotations

import csv
import io
import statistics
from collections import Counter
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime
from typing import Any

from flask import Response
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .models import Commune, Naf, Placement, Region, School, Student
from .school_students import StudentFilter, check_filter

NO_PROGRAMME = "Formation non renseignée"
OUTSIDE_TERRITORY = "Hors Territoire d'industrie"
UNKNOWN = "Non renseigné"
MONTHS = 12


@dataclass(frozen=True)
class PlacementRow:
    student_id: int | None
    programme: str | None
    hired_at: datetime
    territoire_name: str | None
    region_code: str | None
    naf_section: str | None
    days_to_hire: int | None
    eligible_vte_ti: bool | None = None
    eligible_vte_vert: bool | None = None
    labelled: bool = False  # the company requested the VTE label (vte.vte_label)


# --- Pure aggregation ----------------------------------------------------------------------------


def ratio(part: int, whole: int) -> float | None:
    return round(part / whole, 4) if whole else None


def programme_rates(
    students: Sequence[tuple[int, str | None]], placements: Sequence[PlacementRow]
) -> list[dict[str, Any]]:
    """By programme: students, placed students, placements, rate (placed / students). A programme
    known only from placements of erased students has 0 students and no rate."""

    def key(programme: str | None) -> str:
        return (programme or "").strip() or NO_PROGRAMME

    programme_of = {student_id: key(programme) for student_id, programme in students}
    counts = Counter(programme_of.values())
    placed: dict[str, set[int]] = {}
    hires = Counter()
    for p in placements:
        hires[key(p.programme)] += 1
        if p.student_id in programme_of:
            placed.setdefault(programme_of[p.student_id], set()).add(p.student_id)
    rows = []
    for name in set(counts) | set(hires):
        n_placed = len(placed.get(name, ()))
        rows.append(
            {
                "programme": name,
                "students": counts[name],
                "placed": n_placed,
                "placements": hires[name],
                "rate": ratio(n_placed, counts[name]),
            }
        )
    rows.sort(key=lambda r: (-r["students"], -r["placements"], r["programme"]))
    return rows


def shares(keys: Iterable[str | None]) -> list[tuple[str | None, int, float | None]]:
    """(key, count, share of the total) by decreasing count; None (unknown) last."""
    counts = Counter(keys)
    total = sum(counts.values())
    ordered = sorted(counts.items(), key=lambda kv: (kv[0] is None, -kv[1], kv[0] or ""))
    return [(k, n, ratio(n, total)) for k, n in ordered]


def month_key(moment: date | datetime) -> str:
    return f"{moment.year:04d}-{moment.month:02d}"


def last_months(today: date, months: int = MONTHS) -> list[str]:
    """The `months` month keys ending with today's month, oldest first."""
    year, month = today.year, today.month
    keys = []
    for _ in range(months):
        keys.append(f"{year:04d}-{month:02d}")
        year, month = (year, month - 1) if month > 1 else (year - 1, 12)
    return keys[::-1]


def monthly_counts(moments: Iterable[date | datetime], today: date, months: int = MONTHS) -> list[dict[str, Any]]:
    keys = last_months(today, months)
    counts = Counter(month_key(m) for m in moments)
    return [{"month": k, "placements": counts.get(k, 0)} for k in keys]


def median(values: Iterable[int | float | None]) -> float | None:
    present = [v for v in values if v is not None]
    return float(statistics.median(present)) if present else None


def aggregate(
    school: dict[str, Any],
    students: Sequence[tuple[int, str | None]],
    placements: Sequence[PlacementRow],
    region_names: dict[str, str],
    naf_labels: dict[str, str],
    today: date,
) -> dict[str, Any]:
    """The statistics document (see the module docstring for the definitions)."""
    student_ids = {s for s, _ in students}
    placed = {p.student_id for p in placements if p.student_id in student_ids}
    by_territory = [
        {"territory": name or OUTSIDE_TERRITORY, "in_territory": name is not None, "placements": n, "share": share}
        for name, n, share in shares(p.territoire_name for p in placements)
    ]
    by_region = [
        {"code": code, "name": region_names.get(code, code) if code else UNKNOWN, "placements": n, "share": share}
        for code, n, share in shares(p.region_code for p in placements)
    ]
    by_naf = [
        {"section": code, "label": naf_labels.get(code, code) if code else UNKNOWN, "placements": n, "share": share}
        for code, n, share in shares(p.naf_section for p in placements)
    ]
    median_days = median(p.days_to_hire for p in placements)
    return {
        "school": school,
        "generated_on": today,
        "totals": {
            "students": len(student_ids),
            "placed": len(placed),
            "placements": len(placements),
            "rate": ratio(len(placed), len(student_ids)),
            "in_territory": sum(1 for p in placements if p.territoire_name),
            "eligible_vte_ti": sum(1 for p in placements if p.eligible_vte_ti),
            "eligible_vte_vert": sum(1 for p in placements if p.eligible_vte_vert),
            "labelled": sum(1 for p in placements if p.labelled),
        },
        "median_days_to_hire": median_days,
        "by_programme": programme_rates(students, placements),
        "by_territory": by_territory,
        "by_region": by_region,
        "by_naf_section": by_naf,
        "by_month": monthly_counts((p.hired_at for p in placements), today),
    }


# --- CSV -----------------------------------------------------------------------------------------

CSV_HEADER = (
    "Rubrique",
    "Libellé",
    "Code",
    "Étudiants",
    "Étudiants placés",
    "Embauches",
    "Taux de placement (%)",
    "Part des embauches (%)",
)
FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def french_number(value: float | int | None, percent: bool = False, digits: int = 1) -> str:
    """`0.255` -> `25,5` (percent); `12.0` -> `12,0`; None -> empty."""
    if value is None:
        return ""
    if percent:
        value = value * 100
    return f"{value:.{digits}f}".replace(".", ",")


def safe_cell(value: Any) -> str:
    """A cell Excel will not run as a formula."""
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_START) else text


def stats_csv(stats: dict[str, Any]) -> str:
    """The statistics as one table for Excel FR: `;` separator, decimal commas, CRLF lines and a
    UTF-8 byte order mark (so accents display right)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    totals = stats["totals"]
    pct = lambda v: french_number(v, percent=True)  # noqa: E731
    rows: list[tuple] = [
        (
            "Ensemble",
            stats["school"]["name"],
            "",
            totals["students"],
            totals["placed"],
            totals["placements"],
            pct(totals["rate"]),
            "",
        ),
        ("Délai médian d'embauche (jours)", french_number(stats["median_days_to_hire"]), "", "", "", "", "", ""),
    ]
    rows += [
        ("Formation", r["programme"], "", r["students"], r["placed"], r["placements"], pct(r["rate"]), "")
        for r in stats["by_programme"]
    ]
    rows += [
        ("Territoire d'industrie", r["territory"], "", "", "", r["placements"], "", pct(r["share"]))
        for r in stats["by_territory"]
    ]
    rows += [
        ("Région", r["name"], r["code"] or "", "", "", r["placements"], "", pct(r["share"])) for r in stats["by_region"]
    ]
    rows += [
        ("Section NAF", r["label"], r["section"] or "", "", "", r["placements"], "", pct(r["share"]))
        for r in stats["by_naf_section"]
    ]
    rows += [("Mois", r["month"], "", "", "", r["placements"], "", "") for r in stats["by_month"]]
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return "\ufeff" + out.getvalue()


# --- Loading -------------------------------------------------------------------------------------


def school_stats(
    session: Session, school: School, today: date | None = None, filters: StudentFilter | None = None
) -> dict[str, Any]:
    """The statistics of the school's students (of those `filters` keeps) and of their hires."""
    filters = filters or StudentFilter()
    check_filter(session, school, filters)
    students = session.execute(
        select(Student.id, Student.programme).where(Student.school_id == school.id, *filters.students())
    ).all()
    placements = [
        PlacementRow(*row)
        for row in session.execute(
            select(
                Placement.student_id,
                Placement.programme,
                Placement.hired_at,
                Placement.territoire_name,
                Placement.region_code,
                Placement.naf_section,
                Placement.days_to_hire,
                Placement.eligible_vte_ti,
                Placement.eligible_vte_vert,
                Placement.label_requested_at.is_not(None),
            ).where(Placement.school_id == school.id, *filters.placements(school))
        )
    ]
    region_codes = {p.region_code for p in placements if p.region_code}
    sections = {p.naf_section for p in placements if p.naf_section}
    region_names = (
        dict(session.execute(select(Region.code, Region.name).where(Region.code.in_(region_codes))).all())
        if region_codes
        else {}
    )
    naf_labels = (
        {
            section: label.capitalize() if label.isupper() else label  # the INSEE file shouts
            for section, label in session.execute(
                select(Naf.section, Naf.section_label).where(Naf.section.in_(sections)).distinct()
            )
        }
        if sections
        else {}
    )
    return aggregate(
        {"id": school.id, "name": school.name},
        [tuple(s) for s in students],
        placements,
        region_names,
        naf_labels,
        today or date.today(),
    )


def stats_csv_download(session: Session, school: School, filters: StudentFilter | None = None) -> Response:
    """The school's statistics (of the students `filters` keeps) as a CSV attachment
    (GET /api/v1/schools/<id>/stats.csv and the dashboard's export link)."""
    body = stats_csv(school_stats(session, school, filters=filters))
    return Response(
        body.encode("utf-8"),
        content_type="text/csv; charset=utf-8",
        headers={
            "Content-Disposition": f'attachment; filename="statistiques-placement-ecole-{school.id}.csv"',
        },
    )


def placement_places(session: Session, school: School, filters: StudentFilter | None = None) -> list[dict[str, Any]]:
    """The communes where the school's students (those `filters` keeps) were hired (for a map):
    code, name, coordinates, number of placements and the Territoire d'industrie recorded with them;
    most placements first. Placements without a commune are left out (they still count in
    `school_stats`)."""
    filters = filters or StudentFilter()
    rows = session.execute(
        select(
            Placement.commune_code,
            Commune.name,
            Commune.lat,
            Commune.lon,
            func.count(Placement.id),
            func.max(Placement.territoire_name),
        )
        .join(Commune, Commune.code == Placement.commune_code)
        .where(Placement.school_id == school.id, *filters.placements(school))
        .group_by(Placement.commune_code, Commune.name, Commune.lat, Commune.lon)
    ).all()
    places = [
        {"code": code, "name": name, "lat": lat, "lon": lon, "placements": count, "territory": territory}
        for code, name, lat, lon, count, territory in rows
    ]
    places.sort(key=lambda p: (-p["placements"], p["name"], p["code"]))
    return places
