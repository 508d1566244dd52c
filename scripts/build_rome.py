"""Build the compact ROME 4.0 tables VTE Match ships in `vte/refdata/data/` from France Travail's
official RefRomeCsv export (Licence Ouverte 2.0).

    python -m scripts.build_rome FOLDER   # the folder of unix_referentiel_*_v460_utf8.csv

Writes:
- `rome_codes.csv` — one row per ROME code: `code, label, parent` (the parent métier of a sub-fiche,
  itself for a métier); the professional domain is the code's first three characters, the broad
  domain its first letter;
- `rome_appellations.csv.gz` — one row per job title (appellation): `code_ogr, label, code`
  (the short label, as job titles are written in offers), rarely used titles included;
- `rome_skills.csv.gz` — one row per skill label (a *compétence* or a *savoir*, as offers list
  them): `label, codes`, the ROME codes whose fiche names that skill (space-separated), from
  `unix_liens_rome_referentiels_v460_utf8.csv`; labels no code names are left out.
Rows are sorted, so a rebuild from the same export gives identical files.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import io
from pathlib import Path

OUT = Path(__file__).resolve().parents[1] / "vte" / "refdata" / "data"
CODES = "unix_referentiel_code_rome_v460_utf8.csv"
APPELLATIONS = "unix_referentiel_appellation_v460_utf8.csv"
COMPETENCES = "unix_referentiel_competence_v460_utf8.csv"
SAVOIRS = "unix_referentiel_savoir_v460_utf8.csv"
LINKS = "unix_liens_rome_referentiels_v460_utf8.csv"


def read(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        return list(csv.DictReader(fh))


def _write_gz(path: Path, header: list[str], rows) -> None:
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    # mtime=0: the same input gives the same bytes.
    with gzip.GzipFile(path, "wb", mtime=0) as gz:
        gz.write(buffer.getvalue().encode("utf-8"))


def skill_codes(folder: Path, known: set[str]) -> list[tuple[str, str]]:
    """(label, space-separated codes) of every compétence and savoir some known code names."""
    labels = {r["code_ogr"]: r["libelle_competence"].strip() for r in read(folder / COMPETENCES)}
    labels.update({r["code_ogr_savoir"]: r["libelle_savoir"].strip() for r in read(folder / SAVOIRS)})
    codes: dict[str, set[str]] = {}
    for link in read(folder / LINKS):
        label = labels.get(link["code_ogr"])
        if label and link["code_rome"] in known:
            codes.setdefault(label, set()).add(link["code_rome"])
    return sorted((label, " ".join(sorted(found))) for label, found in codes.items())


def build(folder: Path, out: Path = OUT) -> tuple[int, int]:
    codes = sorted(
        (r["code_rome"], r["libelle_rome"].strip(), r["code_rome_parent"] or r["code_rome"])
        for r in read(folder / CODES)
    )
    known = {c for c, _, _ in codes}
    appellations = sorted(
        (int(r["code_ogr"]), r["libelle_appellation_court"].strip(), r["code_rome"])
        for r in read(folder / APPELLATIONS)
        if r["code_rome"] in known
    )
    out.mkdir(parents=True, exist_ok=True)
    with (out / "rome_codes.csv").open("w", encoding="utf-8", newline="") as fh:
        writer = csv.writer(fh, lineterminator="\n")
        writer.writerow(["code", "label", "parent"])
        writer.writerows(codes)
    _write_gz(out / "rome_appellations.csv.gz", ["code_ogr", "label", "code"], appellations)
    _write_gz(out / "rome_skills.csv.gz", ["label", "codes"], skill_codes(folder, known))
    return len(codes), len(appellations)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("folder", type=Path, help="folder of the RefRomeCsv v4.60 files")
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args(argv)
    n_codes, n_titles = build(args.folder, args.out)
    print(f"{n_codes} ROME codes, {n_titles} job titles -> {args.out}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
