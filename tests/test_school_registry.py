"""The shipped school registry: built by its committed script, loaded at setup, names resolved the
way people write them."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest

from scripts.build_school_registry import OUT, build_rows, render

SHARED_SCHOOLS = Path(__file__).resolve().parents[2] / "shared" / "refdata" / "schools"


@pytest.mark.skipif(not SHARED_SCHOOLS.is_dir(), reason="../shared/refdata/schools missing")
def test_committed_registry_is_what_the_script_builds():
    assert OUT.read_text(encoding="utf-8") == render(build_rows(SHARED_SCHOOLS)), (
        "vte/refdata/data/schools.csv is stale: run python -m scripts.build_school_registry "
        "--source ../shared/refdata/schools and commit the file"
    )


def test_registry_rows_are_complete():
    with OUT.open(encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    kinds = {}
    for row in rows:
        kinds[row["kind"]] = kinds.get(row["kind"], 0) + 1
        assert row["name"] and row["commune_code"], row
    assert len({r["name"] for r in rows}) == len(rows)
    uais = [r["uai"] for r in rows if r["uai"]]
    assert len(set(uais)) == len(uais)
    assert kinds["engineering"] >= 190 and kinds["business"] >= 35 and kinds["university"] >= 60
