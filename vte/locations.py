"""Location resolution and commune search, on the reference tables.

A Location (see formats.md) is exactly one of `{"insee"}`, `{"postcode", "city"?}` or
`{"lat", "lon"}`; `resolve_location` turns it into a commune and the coordinates used for
distances, or raises `InputError` naming the field.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import dataclass
from typing import Any

from sqlalchemy import and_, or_, select
from sqlalchemy.orm import Session

from . import geo
from .errors import InputError
from .models import Commune, CommuneAlias, Departement, Postcode, Territoire, TerritoireCommune, TerritoireList
from .refdata.communes import search_key

INSEE_RE = re.compile(r"^(\d{5}|2[AB]\d{3})$")
POSTCODE_RE = re.compile(r"^\d{5}$")
ARTICLES = ("le", "la", "les", "l")
LOCATION_KEYS = ({"insee"}, {"postcode"}, {"postcode", "city"}, {"lat", "lon"})


@dataclass(frozen=True)
class ResolvedLocation:
    commune_code: str
    commune_name: str
    lat: float
    lon: float


def resolve_location(session: Session, location: Any, field: str = "location") -> ResolvedLocation:
    if not isinstance(location, Mapping):
        raise InputError.on(field, "La localisation doit être un objet : code INSEE, code postal ou lat/lon.")
    keys = {k for k, v in location.items() if v is not None and v != ""}
    if keys not in LOCATION_KEYS:
        raise InputError.on(
            field,
            "Indiquez exactement un des trois : « insee », « postcode » (avec « city » si besoin) "
            f"ou « lat » et « lon » (reçu : {', '.join(sorted(location)) or 'rien'}).",
        )
    if "insee" in keys:
        return _by_insee(session, str(location["insee"]).strip().upper(), f"{field}.insee")
    if "postcode" in keys:
        return _by_postcode(session, str(location["postcode"]).strip(), location.get("city"), field)
    return _by_coordinates(session, location["lat"], location["lon"], field)


def _commune_location(commune: Commune) -> ResolvedLocation:
    return ResolvedLocation(commune.code, commune.name, commune.lat, commune.lon)


def _by_insee(session: Session, code: str, field: str) -> ResolvedLocation:
    if not INSEE_RE.match(code):
        raise InputError.on(field, f"Code INSEE invalide : « {code} » (5 caractères, ex. 69123 ou 2A004).")
    commune = session.get(Commune, code)
    if commune is None:
        alias = session.scalars(select(CommuneAlias).where(CommuneAlias.code == code)).first()
        if alias is not None:
            commune = session.get(Commune, alias.commune_code)
    if commune is None or commune.lat is None:
        raise InputError.on(field, f"Code INSEE inconnu : « {code} ».")
    return _commune_location(commune)


def _by_postcode(session: Session, code: str, city: Any, field: str) -> ResolvedLocation:
    if not POSTCODE_RE.match(code):
        raise InputError.on(f"{field}.postcode", f"Code postal invalide : « {code} » (5 chiffres).")
    communes = session.scalars(
        select(Commune)
        .join(Postcode, Postcode.commune_code == Commune.code)
        .where(Postcode.code == code)
        .order_by(Commune.population.desc())
    ).all()
    if not communes:
        raise InputError.on(f"{field}.postcode", f"Code postal inconnu : « {code} ».")
    if city:
        wanted = search_key(str(city))
        for commune in communes:
            if commune.search_name == wanted:
                return _commune_location(commune)
        aliases = session.scalars(
            select(CommuneAlias).where(CommuneAlias.commune_code.in_([c.code for c in communes]))
        ).all()
        for alias in aliases:
            if search_key(alias.name) == wanted:
                return _commune_location(session.get(Commune, alias.commune_code))
        names = ", ".join(c.name for c in communes[:10])
        raise InputError.on(
            f"{field}.city",
            f"« {city} » n'est pas desservie par le code postal {code} (communes : {names}).",
        )
    if len(communes) > 1:
        names = ", ".join(c.name for c in communes[:10])
        raise InputError.on(
            f"{field}.city",
            f"Le code postal {code} dessert plusieurs communes ({names}) : précisez « city ».",
        )
    return _commune_location(communes[0])


def _by_coordinates(session: Session, lat: Any, lon: Any, field: str) -> ResolvedLocation:
    try:
        lat_f, lon_f = float(lat), float(lon)
    except (TypeError, ValueError):
        raise InputError.on(field, "« lat » et « lon » doivent être des nombres (degrés WGS84).") from None
    if isinstance(lat, bool) or isinstance(lon, bool) or not geo.in_france(lat_f, lon_f):
        raise InputError.on(
            field,
            f"Coordonnées hors de France ({lat_f}, {lon_f}) : la métropole ou un département d'outre-mer est attendu.",
        )
    nearest = nearest_commune(session, lat_f, lon_f)
    if nearest is None:
        raise InputError.on(field, "Aucune commune connue près de ces coordonnées.")
    return ResolvedLocation(nearest.code, nearest.name, lat_f, lon_f)


def nearest_commune(session: Session, lat: float, lon: float) -> Commune | None:
    for span in (0.15, 0.5, 2.0):
        rows = session.scalars(
            select(Commune).where(
                and_(
                    Commune.lat.between(lat - span, lat + span),
                    Commune.lon.between(lon - span * 1.5, lon + span * 1.5),
                )
            )
        ).all()
        if rows:
            distances = geo.haversine_km(lat, lon, [c.lat for c in rows], [c.lon for c in rows])
            return rows[int(distances.argmin())]
    return None


def current_territory_by_commune(session: Session, codes: list[str]) -> dict[str, tuple[str, str]]:
    """{commune code: (territory name, list version)} for the communes in the current list."""
    if not codes:
        return {}
    rows = session.execute(
        select(TerritoireCommune.commune_code, Territoire.name, TerritoireList.version)
        .join(Territoire, Territoire.id == TerritoireCommune.territoire_id)
        .join(TerritoireList, TerritoireList.id == Territoire.list_id)
        .where(TerritoireList.is_current.is_(True), TerritoireCommune.commune_code.in_(codes))
    ).all()
    return {code: (name, version) for code, name, version in rows}


def territory_membership_known(session: Session) -> bool:
    return session.scalar(select(TerritoireList.id).where(TerritoireList.is_current.is_(True))) is not None


def search_communes(session: Session, query: str, limit: int = 10) -> list[dict[str, Any]]:
    """Accent- and case-insensitive prefix search on names and postcodes, by population."""
    text = query.strip()
    if not text:
        return []
    if text.isdigit():
        code_rows = (
            session.execute(
                select(Postcode.commune_code).where(Postcode.code >= text, Postcode.code < text + "~").distinct()
            )
            .scalars()
            .all()
        )
        stmt = select(Commune).where(Commune.code.in_(code_rows))
    else:
        key = search_key(text)
        if not key:
            return []
        # "havre" finds "Le Havre", "rochelle" finds "La Rochelle": articles are optional.
        prefixes = [key] + [f"{article} {key}" for article in ARTICLES if not key.startswith(article + " ")]
        stmt = select(Commune).where(
            or_(*(and_(Commune.search_name >= p, Commune.search_name < p + "~") for p in prefixes))
        )
    communes = session.scalars(stmt.order_by(Commune.population.desc()).limit(limit)).all()
    return describe_communes(session, communes)


def describe_communes(session: Session, communes: list[Commune]) -> list[dict[str, Any]]:
    codes = [c.code for c in communes]
    postcodes: dict[str, list[str]] = {code: [] for code in codes}
    for commune_code, postcode in session.execute(
        select(Postcode.commune_code, Postcode.code).where(Postcode.commune_code.in_(codes)).order_by(Postcode.code)
    ):
        postcodes[commune_code].append(postcode)
    departements = {
        d.code: d.name
        for d in session.scalars(
            select(Departement).where(Departement.code.in_({c.departement_code for c in communes}))
        )
    }
    territories = current_territory_by_commune(session, codes)
    known = territory_membership_known(session)
    results = []
    for c in communes:
        territory = territories.get(c.code)
        results.append(
            {
                "code": c.code,
                "name": c.name,
                "postcodes": postcodes[c.code],
                "departement": {"code": c.departement_code, "name": departements.get(c.departement_code)},
                "population": c.population,
                "lat": c.lat,
                "lon": c.lon,
                "territory": ({"name": territory[0], "list_version": territory[1]} if territory else None),
                "territory_known": known,
            }
        )
    return results
