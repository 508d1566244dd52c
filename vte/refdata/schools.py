"""Import engineering and business schools into `School`.

Accepted layouts (detected from the header, compared after `search_key` normalisation):

- ``cti`` — CTI-accredited engineering schools (``nom_officiel, autre_nom, code_insee_siege``...):
  kind "engineering";
- ``cge`` — management schools of the Conférence des grandes écoles (``nom_court, nom_wikipedia,
  ville, pays, code_insee``): kind "business"; schools outside France are skipped;
- ``esr`` — the ministry's "principaux établissements d'enseignement supérieur" (``;``-separated,
  ``uai - identifiant, Libellé, Code commune, type d'établissement``...): the kind is inferred from
  the type and the name; establishments that are neither engineering nor business schools
  (universities, art, architecture, veterinary schools...) are skipped and counted.

Schools are matched by UAI when known, else by name (accents and case ignored), so an import can be
run again. The commune must exist in `Commune` (arrondissements and delegated communes are mapped to
their commune); otherwise `commune_code` is left empty and counted.
"""

from __future__ import annotations

import csv
import io
import re
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Commune, School
from ..vocab import SchoolKind
from .communes import resolve_commune_codes, search_key
from .errors import RefDataError
from .school_names import NameIndex, join_aliases, split_aliases

__all__ = [
    "import_schools",
    "load_demo_schools",
    "load_school_registry",
    "demo_schools",
    "classify_school",
    "DEMO_SCHOOLS_CSV",
    "SCHOOL_REGISTRY_CSV",
]

DEMO_SCHOOLS_CSV = Path(__file__).with_name("demo_schools.csv")
SCHOOL_REGISTRY_CSV = Path(__file__).parent / "data" / "schools.csv"
REGISTRY_SOURCE = "registre"

LAYOUTS = {
    "cti": ("nom officiel", "code insee siege"),
    "cge": ("nom court", "nom wikipedia", "code insee"),
    "esr": ("uai identifiant", "libelle", "code commune", "type d etablissement"),
    "demo": ("name", "kind", "commune code", "uai", "email domain"),
}

UAI = re.compile(r"^\d{7}[A-Z]$")

# Name patterns (on `search_key` text). Exclusions are checked first.
_NEITHER = re.compile(
    r"\b(architecture|beaux arts|arts decoratifs|design|veterinaire|musique|danse|theatre|cirque|"
    r"image et du son|sciences po|theologie|travail social|louvre|patrimoine|mode|parfum|sport\w*|"
    r"creation industrielle|handicap\w*|jeunes handi\w*|normale superieure|paysage|militaire|"
    r"enseignement agricole|bibliotheques|histoire|langues|philosophie|relations publiques)\b"
)
_BUSINESS = re.compile(
    r"\b(business|management|commerce|commerciales?|gestion|affaires|audencia|kedge|neoma|essec|"
    r"escp|skema|edhec|excelia|iae|mbs|y schools|ieseg|insead|hec)\b"
)
_ENGINEERING = re.compile(
    r"\b(ingenieurs?|ingenierie|polytechn\w*|centrale|sciences appliquees|insa|mines|"
    r"arts et metiers|electroniques?|electricite|informatique|techniques? avancees?|mecanique|"
    r"microtechniques|aeronautiques?|aerospatiales?|aerotechnique|aviation|travaux publics|"
    r"construction|chimie|chimique|genie|inp|supmeca|isae|esiee|cesi|ismans|junia|yncrea|ecam|"
    r"esigelec|petrole|fonderie|biologie industrielle|biotech\w*|ponts et chaussees|"
    r"sciences geographiques|meteorologie|bois|agronom\w*|agriculture|agro|nucleaires?|"
    r"technologies? industrielles?|unilasalle|textile|eigsi|maritime)\b"
)


def classify_school(name: str, type_label: str = "") -> SchoolKind | None:
    """Engineering, business, or None (neither) from an establishment's name and ESR type."""
    key = search_key(name)
    type_key = search_key(type_label)
    if not key:
        return None
    if "technologie" in key and key.startswith("universite de technologie"):
        return SchoolKind.ENGINEERING
    if type_key == "universite" or re.search(r"\buniversite\b", key):
        return None
    if _NEITHER.search(key):
        return None
    # Engineering first: "Institut Mines-Télécom ... et Institut Mines-Télécom Business school" is
    # mostly engineering schools; business-school names carry no engineering keyword.
    if _ENGINEERING.search(key):
        return SchoolKind.ENGINEERING
    if _BUSINESS.search(key):
        return SchoolKind.BUSINESS
    return None


# --------------------------------------------------------------------------- reading


def _read_csv(path: str | Path) -> tuple[list[str], list[dict[str, str]]]:
    path = Path(path)
    if not path.is_file():
        raise RefDataError(f"Fichier introuvable : {path}")
    data = path.read_bytes()
    if data[:4] == b"PK\x03\x04" or data[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1":
        raise RefDataError(
            f"{path.name} n'est pas un fichier CSV (classeur Excel ou archive) : exportez-le au format CSV."
        )
    if b"\x00" in data[:4096]:
        raise RefDataError(f"{path.name} n'est pas un fichier CSV texte.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")
    first = text.split("\n", 1)[0]
    delimiter = max((";", ",", "\t"), key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    try:
        raw_header = next(reader, [])
        header = [search_key(h.lstrip("\ufeff").replace("_", " ")) for h in raw_header]
        rows = [
            dict(zip(header, (v.strip() for v in row), strict=False)) for row in reader if any(v.strip() for v in row)
        ]
    except csv.Error as exc:
        raise RefDataError(f"{path.name} : CSV illisible ({exc}).") from exc
    return header, rows


def _detect(header: list[str], name: str) -> str:
    present = set(header)
    for layout, columns in LAYOUTS.items():
        if all(c in present for c in columns):
            return layout
    expected = " ; ".join(f"{k} : {', '.join(v)}" for k, v in LAYOUTS.items() if k != "demo")
    raise RefDataError(
        f"Format de liste d'écoles non reconnu ({name}). Colonnes reçues (normalisées) : "
        f"{', '.join(header) or '(aucune)'}. Colonnes attendues (un des formats) : {expected}."
    )


def _insee(value: str) -> str:
    value = (value or "").strip().upper()
    return value.zfill(5) if value.isdigit() and len(value) < 5 else value


def _records(layout: str, rows: list[dict[str, str]], stats: dict) -> list[dict]:
    out = []
    for row in rows:
        if layout == "cti":
            name = row.get("nom officiel", "") or row.get("autre nom", "")
            rec = {
                "name": name,
                "kind": SchoolKind.ENGINEERING,
                "uai": None,
                "commune": _insee(row.get("code insee siege", "")),
                "email_domain": None,
                "aliases": [row.get("autre nom", "")],
            }
        elif layout == "cge":
            if search_key(row.get("pays", "france")) not in ("france", ""):
                stats["skipped_abroad"] += 1
                continue
            name = row.get("nom wikipedia", "") or row.get("nom court", "")
            rec = {
                "name": name,
                "kind": SchoolKind.BUSINESS,
                "uai": None,
                "commune": _insee(row.get("code insee", "")),
                "email_domain": None,
                "aliases": [row.get("nom court", "")],
            }
        elif layout == "esr":
            name = row.get("libelle", "")
            kind = classify_school(name, row.get("type d etablissement", ""))
            if name and kind is None:
                stats["skipped_not_engineering_or_business"] += 1
                continue
            rec = {
                "name": name,
                "kind": kind,
                "uai": (row.get("uai identifiant") or "").upper() or None,
                "commune": _insee(row.get("code commune", "")),
                # Not the website's domain: it is rarely that of the students' addresses, and a domain
                # makes students join the school; schools request theirs, an admin approves it.
                "email_domain": None,
                "aliases": [row.get("nom court", ""), row.get("sigle", "")],
            }
        else:  # demo
            name = row.get("name", "")
            try:
                kind = SchoolKind(row.get("kind", "").strip())
            except ValueError:
                raise RefDataError(
                    f"Type d'école invalide pour {name!r} : {row.get('kind')!r} (attendu engineering ou business)"
                ) from None
            rec = {
                "name": name,
                "kind": kind,
                "uai": (row.get("uai") or "").upper() or None,
                "commune": _insee(row.get("commune code", "")),
                "email_domain": (row.get("email domain") or "").lower() or None,
                "aliases": [],
            }
        rec["name"] = re.sub(r"\s+", " ", rec["name"]).strip()[:250]
        if not rec["name"]:
            stats["skipped_invalid"] += 1
            continue
        if rec["uai"] and not UAI.match(rec["uai"]):
            rec["uai"] = None
        out.append(rec)
    return out


# --------------------------------------------------------------------------- writing


def _name_keys(name: str) -> list[str]:
    """Matching keys of a name: normalised, with and without a parenthesised part, and the
    parenthesised part itself ("Université de technologie de Compiègne (UTC)")."""
    keys = [search_key(name), search_key(re.sub(r"\(.*?\)", " ", name))]
    keys += [search_key(inner) for inner in re.findall(r"\((.*?)\)", name)]
    return [k for i, k in enumerate(keys) if k and k not in keys[:i]]


def _record_keys(rec: dict, ambiguous: set[str]) -> list[str]:
    keys = _name_keys(rec["name"])
    for alias in rec.get("aliases") or ():
        keys += [k for k in _name_keys(alias or "") if k not in keys and k not in ambiguous]
    return keys


def _upsert(session: Session, records: list[dict], source: str, stats: dict) -> None:
    codes = resolve_commune_codes(session, [r["commune"] for r in records if r["commune"]])
    schools = list(session.scalars(select(School).where(School.verified.is_(True))))
    by_uai = {s.uai: s for s in schools if s.uai}
    by_key: dict[str, School] = {}
    for s in schools:
        for k in [k for name in (s.name, *split_aliases(s.aliases)) for k in _name_keys(name)]:
            by_key.setdefault(k, s)
    ambiguous = _shared_aliases(records)
    for rec in records:
        commune = codes.get(rec["commune"]) if rec["commune"] else None
        if rec["commune"] and commune is None:
            stats["unknown_commune"] += 1
        keys = _record_keys(rec, ambiguous)
        school = by_uai.get(rec["uai"]) if rec["uai"] else None
        if school is None:
            school = next((by_key[k] for k in keys if k in by_key), None)
            if school is not None and rec["uai"] and school.uai and school.uai != rec["uai"]:
                # Same name, another UAI: a homonym we cannot store (names are unique).
                stats["name_conflicts"] += 1
                continue
        if school is None:
            school = School(
                name=rec["name"],
                kind=rec["kind"],
                uai=rec["uai"],
                commune_code=commune,
                email_domain=rec["email_domain"],
                # Only the demo file carries domains: given by the operator, so approved.
                email_domain_approved_at=datetime.now(UTC) if rec["email_domain"] else None,
                source=source,
            )
            session.add(school)
            for k in _name_keys(rec["name"]):
                by_key.setdefault(k, school)
            if rec["uai"]:
                by_uai[rec["uai"]] = school
            stats["inserted"] += 1
            continue
        changed = _update_existing(school, rec, commune, source, by_uai)
        stats["updated" if changed else "unchanged"] += 1
    session.flush()


def _shared_aliases(records: list[dict]) -> set[str]:
    """The alias keys (short name, acronym) shared by several incoming rows: they identify none of them."""
    seen_alias: dict[str, int] = {}
    for rec in records:
        for alias in set(rec.get("aliases") or ()):
            for k in _name_keys(alias or ""):
                seen_alias[k] = seen_alias.get(k, 0) + 1
    return {k for k, n in seen_alias.items() if n > 1}


def _update_existing(school: School, rec: dict, commune: str | None, source: str, by_uai: dict[str, School]) -> bool:
    """Update an existing school from a record; True when something changed.

    Keep its name (users know it by it) and source; fill in what we learn; overwrite commune and
    kind only from the source that created it (no flip-flop between two lists that disagree)."""
    owned = school.source == source
    changed = False
    if rec["uai"] and not school.uai and rec["uai"] not in by_uai:
        school.uai = rec["uai"]
        by_uai[rec["uai"]] = school
        changed = True
    if commune and school.commune_code != commune and (owned or school.commune_code is None):
        school.commune_code = commune
        changed = True
    if rec["email_domain"] and not school.email_domain:
        school.email_domain, school.email_domain_approved_at = rec["email_domain"], datetime.now(UTC)
        changed = True
    if owned and school.kind != rec["kind"]:
        school.kind = rec["kind"]
        changed = True
    return changed


def _import(session: Session, path: str | Path, expected_layout: str | None = None) -> dict:
    header, rows = _read_csv(path)
    layout = _detect(header, Path(path).name)
    if expected_layout and layout != expected_layout:
        raise RefDataError(f"{Path(path).name} : format {layout} au lieu de {expected_layout}")
    stats = {
        "layout": layout,
        "rows": len(rows),
        "inserted": 0,
        "updated": 0,
        "unchanged": 0,
        "skipped_not_engineering_or_business": 0,
        "skipped_abroad": 0,
        "skipped_invalid": 0,
        "unknown_commune": 0,
        "name_conflicts": 0,
    }
    records = _records(layout, rows, stats)
    _upsert(session, records, layout, stats)
    stats["schools"] = len(records) - stats["name_conflicts"]
    return stats


def import_schools(session: Session, path: str | Path) -> dict:
    """Import a CTI, CGE or ESR school list (CSV); returns counts (inserted, updated, unchanged,
    skipped..., unknown_commune). Flushes, never commits."""
    return _import(session, path)


# --------------------------------------------------------------------------- the shipped registry


def _registry_rows() -> list[dict[str, str]]:
    with SCHOOL_REGISTRY_CSV.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def load_school_registry(session: Session) -> dict:
    """Load the shipped registry (`data/schools.csv`, built by scripts/build_school_registry.py).

    A school already in the database is the registry's when it has its UAI code or when its name
    is one of the registry school's names (accents and case ignored): it takes the registry's name
    (its own becomes an alias), kind, commune and aliases, and keeps its e-mail domain. Idempotent;
    returns counts (inserted, updated, unchanged, unknown_commune). Flushes, never commits."""
    rows = _registry_rows()
    codes = resolve_commune_codes(session, [r["commune_code"] for r in rows])
    index = NameIndex((i, r["name"], r["aliases"], r["uai"]) for i, r in enumerate(rows))
    matched: dict[int, School] = {}
    for school in session.scalars(select(School).where(School.verified.is_(True)).order_by(School.id)):
        resolution = index.resolve(school.uai) if school.uai else None
        if resolution is None or not resolution.found:
            resolution = index.resolve(school.name)
            if resolution.found and school.uai and rows[resolution.school_id]["uai"] not in ("", school.uai):
                continue  # same name, another establishment
        if resolution.found and resolution.school_id not in matched:
            matched[resolution.school_id] = school
    names = {s.name for s in matched.values()}
    stats = {"rows": len(rows), "inserted": 0, "updated": 0, "unchanged": 0, "unknown_commune": 0}
    for i, row in enumerate(rows):
        commune = codes.get(row["commune_code"])
        if commune is None:
            stats["unknown_commune"] += 1
        values = {
            "kind": SchoolKind(row["kind"]),
            "uai": row["uai"] or None,
            "commune_code": commune,
        }
        school = matched.get(i)
        if school is None:
            session.add(School(name=row["name"], aliases=row["aliases"] or None, source=REGISTRY_SOURCE, **values))
            stats["inserted"] += 1
            continue
        if school.name != row["name"] and row["name"] not in names:
            values["aliases"] = join_aliases([school.name, *split_aliases(row["aliases"])])
            values["name"] = row["name"]
        else:
            values["aliases"] = join_aliases([*split_aliases(row["aliases"]), *split_aliases(school.aliases)])
        values["uai"] = values["uai"] or school.uai
        changed = {k: v for k, v in values.items() if getattr(school, k) != v}
        for key, value in changed.items():
            setattr(school, key, value)
        stats["updated" if changed else "unchanged"] += 1
    session.flush()
    return stats


def load_demo_schools(session: Session) -> int:
    """The registry, plus the e-mail domains of the demo's schools (`demo_schools.csv`: real
    schools, named the way people write them); a demo school the registry does not know is added.
    Returns how many demo schools there are. Idempotent. Flushes, never commits."""
    load_school_registry(session)
    return len(demo_schools(session, create=True))


def demo_schools(session: Session, create: bool = False) -> list[School]:
    """The schools of the demo dataset, in the file's order (one per school: two campuses of a
    school are one school). With `create`, fill in their e-mail domains and add the unknown ones."""
    header, rows = _read_csv(DEMO_SCHOOLS_CSV)
    index = NameIndex(
        session.execute(
            select(School.id, School.name, School.aliases, School.uai, Commune.name)
            .outerjoin(Commune, Commune.code == School.commune_code)
            .where(School.verified.is_(True))
        )
    )
    out: dict[int, School] = {}
    missing = []
    for row in rows:
        resolution = index.resolve(row.get("uai") or row["name"])
        if not resolution.found:
            resolution = index.resolve(row["name"])
        if resolution.found:
            school = session.get(School, resolution.school_id)
            if create and not school.email_domain and row.get("email domain"):
                school.email_domain, school.email_domain_approved_at = row["email domain"].lower(), datetime.now(UTC)
            out.setdefault(school.id, school)
        else:
            missing.append(row)
    if create and missing:
        stats = {"inserted": 0, "updated": 0, "unchanged": 0, "name_conflicts": 0, "unknown_commune": 0}
        stats.update(skipped_invalid=0)
        _upsert(session, _records("demo", missing, stats), "demo", stats)
        return demo_schools(session)
    session.flush()
    return list(out.values())
