"""Load a list of Territoires d'industrie from a CSV file (local path or http(s) URL).

Accepted layouts (detected from the header; extra columns are ignored, header names are compared
case-insensitively; `,`, `;` or tab separated; UTF-8 with or without BOM, else Windows-1252):

- ``official_epci`` — the official 2023–2027 list by EPCI (data.gouv.fr,
  `programme-territoires-dindustrie`): ``id_ti, lib_ti, siren_groupement, lib_groupement,
  nature_juridique``;
- ``official_communes`` — the official list by commune: ``insee_com, lib_com, id_ti, lib_ti``;
- ``2020_communes`` — the 2020 list by commune: ``code_ti, nom_ti, code_region, nom_region,
  code_commune_cog2020, code_commune_2026, siren_epci_2026, nom_epci_2026``;
- ``2020_epci`` — the 2020 list by EPCI with ``part_population_epci_dans_ti`` (EPCI whose share
  of population inside the territory is below 0.5 are left out).

Each list keeps the period it was in force (`valid_from`..`valid_until`): 124 territories at the
launch (21/11/2018), 148 by 2020 (the 2020 layouts: in force 2020-2022), 183 for 2023-2027 (the
official layouts; gouvernement.fr, 13/11/2023). A company's eligibility on a date is assessed with
the list in force on that date (`list_in_force`); with none loaded for it, membership is unknown.

Membership is stored both ways: EPCI layouts give `TerritoireEpci` rows and the communes are derived
from `Commune.epci_siren`; commune layouts give `TerritoireCommune` rows (old / alias codes mapped to
current communes) and the EPCI are derived from them (an EPCI is a member when at least half of its
population lives in the territory's communes). Communes must be loaded first.
"""

from __future__ import annotations

import csv
import io
import logging
import re
from collections import defaultdict
from dataclasses import dataclass
from datetime import date
from pathlib import Path

import requests
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session

from ..models import Commune, Epci, Territoire, TerritoireCommune, TerritoireEpci, TerritoireList, utcnow
from .communes import resolve_commune_codes
from .errors import RefDataError

__all__ = [
    "LAYOUTS",
    "load_territoires",
    "read_table",
    "detect_layout",
    "current_list",
    "list_in_force",
    "territory_in_force",
    "territoire_for_communes",
    "membership_known",
]

log = logging.getLogger(__name__)

DOWNLOAD_TIMEOUT = 30  # seconds
EPCI_SHARE_MIN = 0.5


# The periods the lists were in force, by default version (the 124-territory launch list of
# 21/11/2018 has no open-data copy: before 2020 membership is unknown).
PERIOD_2020 = (date(2020, 1, 1), date(2022, 12, 31))
PERIOD_2023_2027 = (date(2023, 1, 1), date(2027, 12, 31))


@dataclass(frozen=True)
class Layout:
    name: str
    columns: tuple[str, ...]
    version: str
    by: str  # "epci" or "commune"
    period: tuple[date, date] = PERIOD_2023_2027


LAYOUTS = (
    Layout(
        "official_epci",
        ("id_ti", "lib_ti", "siren_groupement", "lib_groupement", "nature_juridique"),
        "2023-2027",
        "epci",
    ),
    Layout("official_communes", ("insee_com", "lib_com", "id_ti", "lib_ti"), "2023-2027", "commune"),
    Layout(
        "2020_communes",
        (
            "code_ti",
            "nom_ti",
            "code_region",
            "nom_region",
            "code_commune_cog2020",
            "code_commune_2026",
            "siren_epci_2026",
            "nom_epci_2026",
        ),
        "2020",
        "commune",
        PERIOD_2020,
    ),
    Layout(
        "2020_epci",
        ("code_ti", "nom_ti", "siren_epci_2026", "nom_epci_2026", "part_population_epci_dans_ti"),
        "2020",
        "epci",
        PERIOD_2020,
    ),
)


# --------------------------------------------------------------------------- reading the source


def _fetch(source: str) -> bytes:
    if re.match(r"^https?://", source, re.I):
        try:
            response = requests.get(source, timeout=DOWNLOAD_TIMEOUT)
            response.raise_for_status()
        except requests.RequestException as exc:
            raise RefDataError(
                f"Téléchargement impossible de la liste des Territoires d'industrie ({source}) : {exc}"
            ) from exc
        return response.content
    path = Path(source).expanduser()
    if not path.is_file():
        raise RefDataError(f"Fichier introuvable : {source}")
    try:
        return path.read_bytes()
    except OSError as exc:
        raise RefDataError(f"Lecture impossible de {source} : {exc}") from exc


def _decode(data: bytes, source: str) -> str:
    if data[:4] == b"PK\x03\x04":
        raise RefDataError(
            f"{source} n'est pas un fichier CSV (archive ZIP ou classeur Excel .xlsx) : "
            "exportez la feuille au format CSV (séparateur « , » ou « ; »)."
        )
    if data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise RefDataError(f"{source} n'est pas un fichier CSV (classeur Excel .xls) : exportez-le en CSV.")
    if b"\x00" in data[:4096]:
        raise RefDataError(f"{source} n'est pas un fichier CSV texte (contenu binaire ou UTF-16).")
    head = data[:2048].lstrip().lower()
    if head.startswith((b"<!doctype html", b"<html", b"<?xml")):
        raise RefDataError(f"{source} n'est pas un fichier CSV (page HTML ou XML reçue).")
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return data.decode("cp1252", errors="replace")


def read_table(source: str) -> tuple[list[str], list[dict[str, str]]]:
    """Read a CSV (path or URL): returns the lower-cased header and the rows as dicts keyed by it.
    Raises RefDataError for unreadable or non-CSV content."""
    text = _decode(_fetch(source), source)
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    if first.count(delimiter) == 0:
        raise RefDataError(
            f"{source} : impossible de reconnaître un en-tête CSV (aucun séparateur « , », « ; » "
            f"ou tabulation sur la première ligne : {first[:120]!r})."
        )
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        header = [h.strip().strip('"').lstrip("\ufeff").strip().lower() for h in next(reader)]
        rows = [
            dict(zip(header, (v.strip() for v in row), strict=False)) for row in reader if any(v.strip() for v in row)
        ]
    except csv.Error as exc:
        raise RefDataError(f"{source} : CSV illisible ({exc}).") from exc
    return header, rows


def detect_layout(header: list[str], source: str = "fichier") -> Layout:
    """The first layout whose columns are all present in `header`, else RefDataError naming the
    expected and received columns."""
    present = set(header)
    for layout in LAYOUTS:
        if all(c in present for c in layout.columns):
            return layout
    expected = " ; ".join(f"{layout.name} : {', '.join(layout.columns)}" for layout in LAYOUTS)
    raise RefDataError(
        f"Format de liste des Territoires d'industrie non reconnu ({source}). "
        f"Colonnes reçues : {', '.join(header) or '(aucune)'}. Colonnes attendues (un des formats) : "
        f"{expected}."
    )


def _siren(value: str) -> str:
    value = re.sub(r"\s", "", value or "")
    return value.zfill(9) if value.isdigit() and len(value) < 9 else value


def _insee(value: str) -> str:
    value = re.sub(r"\s", "", value or "").upper()
    return value.zfill(5) if value.isdigit() and len(value) < 5 else value


def _share(value: str) -> float:
    try:
        return float((value or "0").replace(",", ".").replace("%", "")) / (100.0 if "%" in (value or "") else 1.0)
    except ValueError:
        return 0.0


# --------------------------------------------------------------------------- the loader


def _parse(layout: Layout, rows: list[dict[str, str]]):
    """-> (territories {code: name}, members {code: set(sirens or insee codes)}, skipped)"""
    names: dict[str, str] = {}
    members: dict[str, set[str]] = defaultdict(set)
    skipped = 0
    for row in rows:
        if layout.name.startswith("official"):
            code, name = row.get("id_ti", ""), row.get("lib_ti", "")
        else:
            code, name = row.get("code_ti", ""), row.get("nom_ti", "")
            if code.isdigit() and len(code) < 4:
                code = code.zfill(4)  # "0101": a spreadsheet may have dropped the leading zero
        code = code.strip()
        if not code:
            skipped += 1
            continue
        names.setdefault(code, name.strip() or code)
        if layout.name == "official_epci":
            member = _siren(row.get("siren_groupement", ""))
        elif layout.name == "2020_epci":
            if _share(row.get("part_population_epci_dans_ti", "")) < EPCI_SHARE_MIN:
                skipped += 1
                continue
            member = _siren(row.get("siren_epci_2026", ""))
        elif layout.name == "official_communes":
            member = _insee(row.get("insee_com", ""))
        else:  # 2020_communes: the 2026 code, else the 2020 one (resolved through aliases)
            member = _insee(row.get("code_commune_2026", "") or row.get("code_commune_cog2020", ""))
        if member:
            members[code].add(member)
        else:
            skipped += 1
    return names, members, skipped


def _communes_of_epcis(session: Session, sirens: set[str]) -> dict[str, list[str]]:
    out: dict[str, list[str]] = defaultdict(list)
    items = sorted(sirens)
    for i in range(0, len(items), 500):
        rows = session.execute(
            select(Commune.epci_siren, Commune.code).where(Commune.epci_siren.in_(items[i : i + 500]))
        )
        for siren, code in rows:
            out[siren].append(code)
    return out


def _epcis_of_communes(session: Session, territory_communes: dict[str, set[str]]) -> dict[str, set[str]]:
    """For each territory, the EPCI with at least half of their population in its communes."""
    info: dict[str, tuple[str | None, int]] = {}
    all_codes = sorted({c for codes in territory_communes.values() for c in codes})
    for i in range(0, len(all_codes), 500):
        for code, siren, pop in session.execute(
            select(Commune.code, Commune.epci_siren, Commune.population).where(Commune.code.in_(all_codes[i : i + 500]))
        ):
            info[code] = (siren, pop or 0)
    sirens = {s for s, _ in info.values() if s}
    totals: dict[str, list[int]] = {}
    sorted_sirens = sorted(sirens)
    for start in range(0, len(sorted_sirens), 500):
        part = sorted_sirens[start : start + 500]
        for siren, pop in session.execute(
            select(Commune.epci_siren, Commune.population).where(Commune.epci_siren.in_(part))
        ):
            acc = totals.setdefault(siren, [0, 0])
            acc[0] += pop or 0
            acc[1] += 1
    out: dict[str, set[str]] = {}
    for code, communes in territory_communes.items():
        inside: dict[str, list[int]] = {}
        for c in communes:
            siren, pop = info.get(c, (None, 0))
            if siren:
                acc = inside.setdefault(siren, [0, 0])
                acc[0] += pop
                acc[1] += 1
        keep = set()
        for siren, (pop, n) in inside.items():
            total_pop, total_n = totals.get(siren, (0, 0))
            share = pop / total_pop if total_pop else (n / total_n if total_n else 0.0)
            if share >= EPCI_SHARE_MIN:
                keep.add(siren)
        out[code] = keep
    return out


def load_territoires(
    session: Session,
    source: str,
    version: str | None = None,
    make_current: bool = True,
    valid_from: date | None = None,
    valid_until: date | None = None,
) -> TerritoireList:
    """Load (or replace) the list of Territoires d'industrie of `version` from SOURCE (CSV path or
    http(s) URL). The version defaults to "2023-2027" for the official layouts and "2020" for the
    2020 copies, and the period the list was in force to 2023-2027 and 2020-2022 (`valid_from`,
    `valid_until` override it). Flushes, never commits. Statistics (unknown EPCI / communes, skipped rows...) are
    attached to the returned list as the plain attribute `import_stats` and logged."""
    source = str(source)
    header, rows = read_table(source)
    layout = detect_layout(header, source)
    if not rows:
        raise RefDataError(f"{source} : le fichier ne contient aucune ligne de données.")
    if session.scalar(select(Commune.code).limit(1)) is None:
        raise RefDataError(
            "Les communes ne sont pas chargées : lancez d'abord `flask --app vte load-refdata` "
            "(la table commune est vide)."
        )
    version = (version or layout.version).strip()
    start, end = valid_from or layout.period[0], valid_until or layout.period[1]
    if end < start:
        raise RefDataError(f"Période de validité impossible : {end.isoformat()} précède {start.isoformat()}.")
    names, members, skipped = _parse(layout, rows)

    stats: dict = {
        "layout": layout.name,
        "version": version,
        "rows": len(rows),
        "skipped_rows": skipped,
        "territoires": len(names),
        "valid_from": start,
        "valid_until": end,
    }
    if layout.by == "epci":
        epci_members, commune_members = _members_by_epci(session, members, version, stats)
    else:
        epci_members, commune_members = _members_by_commune(session, members, version, stats)

    tlist = _list_of_version(session, version, source, layout)
    tlist.valid_from, tlist.valid_until = start, end
    _sync_territoires(session, tlist, names)
    epci_rows, commune_rows = _insert_members(session, tlist, epci_members, commune_members)

    if make_current:
        session.execute(update(TerritoireList).where(TerritoireList.id != tlist.id).values(is_current=False))
        tlist.is_current = True
    session.flush()
    # The bulk UPDATE above bypassed the identity map: refresh flags of lists already loaded.
    for obj in session.identity_map.values():
        if isinstance(obj, TerritoireList) and obj is not tlist:
            session.expire(obj, ["is_current"])

    stats["territoire_epci"] = len(epci_rows)
    stats["territoire_communes"] = len(commune_rows)
    stats["communes"] = len({r["commune_code"] for r in commune_rows})
    tlist.import_stats = stats
    log.info(
        "Territoires d'industrie %s chargés : %s",
        version,
        {k: (len(v) if isinstance(v, list) else v) for k, v in stats.items()},
    )
    return tlist


def _members_by_epci(
    session: Session, members: dict[str, set[str]], version: str, stats: dict
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(EPCI, communes) of each territory from a list by EPCI: the communes are those of the EPCI.
    Notes the unknown EPCI and those without communes in `stats`."""
    epci_members = {code: set(sirens) for code, sirens in members.items()}
    all_sirens = {s for sirens in epci_members.values() for s in sirens}
    by_epci = _communes_of_epcis(session, all_sirens)
    sirens_sorted = sorted(all_sirens)
    known_epci = set()
    for start in range(0, len(sirens_sorted), 500):
        known_epci.update(session.scalars(select(Epci.siren).where(Epci.siren.in_(sirens_sorted[start : start + 500]))))
    unknown = sorted(s for s in all_sirens if s not in by_epci and s not in known_epci)
    without_communes = sorted(s for s in all_sirens if s not in by_epci and s in known_epci)
    commune_members = {code: {c for s in sirens for c in by_epci.get(s, ())} for code, sirens in epci_members.items()}
    stats["epci"] = len(all_sirens)
    stats["unknown_epci"] = unknown
    stats["epci_without_communes"] = without_communes
    if unknown:
        log.warning(
            "Territoires d'industrie %s : %d EPCI inconnus (SIREN) : %s",
            version,
            len(unknown),
            ", ".join(unknown[:20]),
        )
    return epci_members, commune_members


def _members_by_commune(
    session: Session, members: dict[str, set[str]], version: str, stats: dict
) -> tuple[dict[str, set[str]], dict[str, set[str]]]:
    """(EPCI, communes) of each territory from a list by commune: old and alias codes mapped to
    current communes, the EPCI derived from them. Notes the unknown codes in `stats`."""
    all_codes = {c for codes in members.values() for c in codes}
    resolved = resolve_commune_codes(session, all_codes)
    unknown = sorted(c for c in all_codes if c not in resolved)
    commune_members = {code: {resolved[c] for c in codes if c in resolved} for code, codes in members.items()}
    epci_members = _epcis_of_communes(session, commune_members)
    stats["communes_in_file"] = len(all_codes)
    stats["mapped_through_alias"] = sum(1 for c in all_codes if c in resolved and resolved[c] != c)
    stats["unknown_communes"] = unknown
    if unknown:
        log.warning(
            "Territoires d'industrie %s : %d codes commune inconnus : %s",
            version,
            len(unknown),
            ", ".join(unknown[:20]),
        )
    return epci_members, commune_members


def _list_of_version(session: Session, version: str, source: str, layout: Layout) -> TerritoireList:
    """The list of `version`, created (not current) or updated with its new source."""
    tlist = session.scalar(select(TerritoireList).where(TerritoireList.version == version))
    if tlist is None:
        tlist = TerritoireList(version=version, source=source[:500], layout=layout.name, is_current=False)
        session.add(tlist)
    else:
        tlist.source = source[:500]
        tlist.layout = layout.name
        tlist.loaded_at = utcnow()
    session.flush()
    return tlist


def _sync_territoires(session: Session, tlist: TerritoireList, names: dict[str, str]) -> None:
    """Territories: keep the ids of codes already present, drop the ones gone, add the new ones;
    the memberships of the former territories are deleted (they are inserted again)."""
    existing = {t.code: t for t in tlist.territoires}
    old_ids = [t.id for t in existing.values() if t.id is not None]
    for chunk_start in range(0, len(old_ids), 500):
        chunk = old_ids[chunk_start : chunk_start + 500]
        session.execute(delete(TerritoireCommune).where(TerritoireCommune.territoire_id.in_(chunk)))
        session.execute(delete(TerritoireEpci).where(TerritoireEpci.territoire_id.in_(chunk)))
    for code, territoire in existing.items():
        if code not in names:
            tlist.territoires.remove(territoire)
    for code, name in names.items():
        territoire = existing.get(code)
        if territoire is None:
            tlist.territoires.append(Territoire(code=code, name=name[:200]))
        elif territoire.name != name[:200]:
            territoire.name = name[:200]
    session.flush()


def _insert_members(
    session: Session,
    tlist: TerritoireList,
    epci_members: dict[str, set[str]],
    commune_members: dict[str, set[str]],
) -> tuple[list[dict], list[dict]]:
    """Insert the territories' EPCI and communes; returns the rows inserted."""
    ids = {t.code: t.id for t in tlist.territoires}
    epci_rows = [
        {"territoire_id": ids[code], "epci_siren": s}
        for code in sorted(epci_members)
        for s in sorted(epci_members[code])
    ]
    commune_rows = [
        {"territoire_id": ids[code], "commune_code": c}
        for code in sorted(commune_members)
        for c in sorted(commune_members[code])
    ]
    if epci_rows:
        session.execute(insert(TerritoireEpci), epci_rows)
    if commune_rows:
        session.execute(insert(TerritoireCommune), commune_rows)
    return epci_rows, commune_rows


# --------------------------------------------------------------------------- queries


def current_list(session: Session) -> TerritoireList | None:
    """The current list of Territoires d'industrie, or None when none is loaded."""
    return session.scalar(
        select(TerritoireList)
        .where(TerritoireList.is_current.is_(True))
        .order_by(TerritoireList.loaded_at.desc())
        .limit(1)
    )


def list_in_force(session: Session, on: date) -> TerritoireList | None:
    """The list of Territoires d'industrie in force on `on` (the current one when several cover the
    date, else the latest loaded), or None when no loaded list covers it."""
    return session.scalar(
        select(TerritoireList)
        .where(TerritoireList.valid_from <= on, TerritoireList.valid_until >= on)
        .order_by(TerritoireList.is_current.desc(), TerritoireList.loaded_at.desc(), TerritoireList.id.desc())
        .limit(1)
    )


def territory_in_force(
    session: Session, commune_code: str | None, on: date
) -> tuple[TerritoireList | None, str | None]:
    """(the list in force on `on`, the name of the territory of that list the commune belongs to).
    (None, None) when no list covers the date: membership unknown, never "outside"."""
    tlist = list_in_force(session, on)
    if tlist is None or not commune_code:
        return tlist, None
    name = session.scalar(
        select(Territoire.name)
        .join(TerritoireCommune, TerritoireCommune.territoire_id == Territoire.id)
        .where(Territoire.list_id == tlist.id, TerritoireCommune.commune_code == commune_code)
        .order_by(Territoire.code)
        .limit(1)
    )
    return tlist, name


def membership_known(session: Session) -> bool:
    """True when a current list exists (otherwise membership must be shown as unknown)."""
    return session.scalar(select(TerritoireList.id).where(TerritoireList.is_current.is_(True)).limit(1)) is not None


def territoire_for_communes(session: Session, codes: list[str]) -> dict[str, Territoire]:
    """{commune code: Territoire} for the given current commune codes that belong to a territory
    of the current list (a commune in several territories gets the one with the smallest code)."""
    wanted = sorted({c for c in codes if c})
    out: dict[str, Territoire] = {}
    for i in range(0, len(wanted), 500):
        rows = session.execute(
            select(TerritoireCommune.commune_code, Territoire)
            .join(Territoire, Territoire.id == TerritoireCommune.territoire_id)
            .join(TerritoireList, TerritoireList.id == Territoire.list_id)
            .where(TerritoireList.is_current.is_(True), TerritoireCommune.commune_code.in_(wanted[i : i + 500]))
            .order_by(TerritoireCommune.commune_code, Territoire.code)
        )
        for code, territoire in rows:
            out.setdefault(code, territoire)
    return out
