"""The programme operator's figures (issue 14, the operator's view): national, by région and by
Territoire d'industrie — open offers, applications, hires, VTE Vert share, labelled hires,
estimated aid committed, median time to hire, offers still without applicants after 30 days.

`aggregate` is pure (rows in, figures out); `programme_stats` loads the rows. An offer belongs to
the territory of its commune in the current list; a hire to the territory recorded when it was
made (`Placement.territoire_name`). The aid is an estimate: for each hire, the amounts of the aids
it was eligible to, in the rule set in force on the day of the hire (vte.eligibility).
"""

from __future__ import annotations

import csv
import io
from collections import defaultdict
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, datetime, timedelta
from statistics import median
from typing import Any

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .eligibility import rule_set_on
from .models import (
    Application,
    Commune,
    Offer,
    Placement,
    Region,
    Territoire,
    TerritoireCommune,
    TerritoireList,
    as_utc,
)
from .school_stats import french_number, safe_cell
from .vocab import OfferStatus

OUTSIDE = "Hors Territoire d'industrie"
STALE_DAYS = 30
AID_CODES = {"vte_ti": "eligible_vte_ti", "vte_vert": "eligible_vte_vert"}


@dataclass(frozen=True)
class OfferRow:
    territory: str | None
    region: str | None
    green: bool
    published_at: date | None
    applications: int


@dataclass(frozen=True)
class HireRow:
    territory: str | None
    region: str | None
    hired_at: datetime
    eligible_vte_ti: bool | None
    eligible_vte_vert: bool | None
    labelled: bool
    days_to_hire: int | None


def aid_of(hire: HireRow, rules: Sequence[Mapping[str, Any]]) -> int:
    """The aid a hire may bring, in euros, by the rules in force on its day (0 when none applies)."""
    rule_set = rule_set_on(rules, as_utc(hire.hired_at).date())
    if rule_set is None:
        return 0
    total = 0
    for aid in rule_set.get("aids", []):
        flag = AID_CODES.get(aid.get("code"))
        if flag and getattr(hire, flag):
            total += int(aid.get("amount_eur") or 0)
    return total


def _figures(offers: list[OfferRow], hires: list[HireRow], rules, today: date) -> dict[str, Any]:
    stale_before = today - timedelta(days=STALE_DAYS)
    days = [h.days_to_hire for h in hires if h.days_to_hire is not None]
    return {
        "open_offers": len(offers),
        "green_offers": sum(1 for o in offers if o.green),
        "applications": sum(o.applications for o in offers),
        "stale_offers": sum(
            1 for o in offers if not o.applications and o.published_at and o.published_at <= stale_before
        ),
        "hires": len(hires),
        "green_hires": sum(1 for h in hires if h.eligible_vte_vert),
        "green_share": round(sum(1 for h in hires if h.eligible_vte_vert) / len(hires), 4) if hires else None,
        "labelled": sum(1 for h in hires if h.labelled),
        "estimated_aid_eur": sum(aid_of(h, rules) for h in hires),
        "median_days_to_hire": median(days) if days else None,
    }


def _grouped(offers, hires, key_offer, key_hire) -> dict[Any, tuple[list, list]]:
    groups: dict[Any, tuple[list, list]] = defaultdict(lambda: ([], []))
    for o in offers:
        groups[key_offer(o)][0].append(o)
    for h in hires:
        groups[key_hire(h)][1].append(h)
    return groups


def aggregate(
    offers: Sequence[OfferRow],
    hires: Sequence[HireRow],
    rules: Sequence[Mapping[str, Any]],
    region_names: Mapping[str, str],
    today: date,
) -> dict[str, Any]:
    by_region = [
        {
            "code": code,
            "name": region_names.get(code, code) if code else "Non renseignée",
            **_figures(o, h, rules, today),
        }
        for code, (o, h) in _grouped(offers, hires, lambda o: o.region, lambda h: h.region).items()
    ]
    by_territory = [
        {"territory": name or OUTSIDE, "in_territory": name is not None, **_figures(o, h, rules, today)}
        for name, (o, h) in _grouped(offers, hires, lambda o: o.territory, lambda h: h.territory).items()
    ]
    activity = lambda r: (-(r["hires"] + r["applications"]), -r["open_offers"])  # noqa: E731
    return {
        "generated_on": today,
        "national": _figures(list(offers), list(hires), rules, today),
        "by_region": sorted(by_region, key=lambda r: (*activity(r), r["name"])),
        "by_territory": sorted(by_territory, key=lambda r: (not r["in_territory"], *activity(r), r["territory"])),
    }


def programme_stats(session: Session, rules: Sequence[Mapping[str, Any]], today: date | None = None) -> dict[str, Any]:
    today = today or date.today()
    current = session.scalars(select(TerritoireList).where(TerritoireList.is_current.is_(True))).first()
    counts = (
        select(Application.offer_id, func.count(Application.id).label("n")).group_by(Application.offer_id).subquery()
    )
    territory = (
        select(TerritoireCommune.commune_code, Territoire.name)
        .join(Territoire, Territoire.id == TerritoireCommune.territoire_id)
        .where(Territoire.list_id == (current.id if current else -1))
        .subquery()
    )
    offers = [
        OfferRow(name, region, bool(green), published_at, n or 0)
        for name, region, green, published_at, n in session.execute(
            select(territory.c.name, Commune.region_code, Offer.green, Offer.published_at, counts.c.n)
            .outerjoin(Commune, Commune.code == Offer.commune_code)
            .outerjoin(territory, territory.c.commune_code == Offer.commune_code)
            .outerjoin(counts, counts.c.offer_id == Offer.id)
            .where(Offer.status == OfferStatus.PUBLISHED)
        )
    ]
    hires = [
        HireRow(*row)
        for row in session.execute(
            select(
                Placement.territoire_name,
                Placement.region_code,
                Placement.hired_at,
                Placement.eligible_vte_ti,
                Placement.eligible_vte_vert,
                Placement.label_requested_at.is_not(None),
                Placement.days_to_hire,
            )
        )
    ]
    names = dict(session.execute(select(Region.code, Region.name)).all())
    stats = aggregate(offers, hires, rules, names, today)
    stats["territories_version"] = current.version if current else None
    return stats


CSV_HEADER = [
    "niveau",
    "nom",
    "offres ouvertes",
    "offres VTE Vert",
    "candidatures",
    "offres sans candidat après 30 jours",
    "embauches",
    "part VTE Vert des embauches",
    "embauches labellisées",
    "aide estimée (€)",
    "délai médian d'embauche (jours)",
]


def _cells(level: str, name: str, f: Mapping[str, Any]) -> list[Any]:
    share = "" if f["green_share"] is None else french_number(f["green_share"], percent=True) + " %"
    days = french_number(f["median_days_to_hire"])
    return [
        level,
        name,
        f["open_offers"],
        f["green_offers"],
        f["applications"],
        f["stale_offers"],
        f["hires"],
        share,
        f["labelled"],
        f["estimated_aid_eur"],
        days,
    ]


def stats_csv(stats: Mapping[str, Any]) -> str:
    """The figures as a CSV for a spreadsheet (`;`, UTF-8 with BOM, French numbers)."""
    out = io.StringIO()
    writer = csv.writer(out, delimiter=";", lineterminator="\r\n")
    writer.writerow(CSV_HEADER)
    rows = [_cells("France", "Ensemble", stats["national"])]
    rows += [_cells("Région", r["name"], r) for r in stats["by_region"]]
    rows += [_cells("Territoire d'industrie", r["territory"], r) for r in stats["by_territory"]]
    for row in rows:
        writer.writerow([safe_cell(c) for c in row])
    return "\ufeff" + out.getvalue()
