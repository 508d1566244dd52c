"""scripts/build_rome.py rebuilds, from France Travail's official export in ../shared/refdata, exactly
the compact ROME files shipped in vte/refdata/data/ (the committed files are derived, not edited)."""

from __future__ import annotations

from pathlib import Path

import pytest

from scripts.build_rome import APPELLATIONS, CODES, build

REPO = Path(__file__).resolve().parents[1]
SHIPPED = REPO / "vte" / "refdata" / "data"
ROME_EXPORT = REPO.parent / "shared" / "refdata" / "rome_v460"

needs_export = pytest.mark.skipif(
    not (ROME_EXPORT / CODES).exists() or not (ROME_EXPORT / APPELLATIONS).exists(),
    reason=f"the official ROME export is not at {ROME_EXPORT} (../shared/refdata missing)",
)


@needs_export
def test_the_build_gives_the_shipped_bytes(tmp_path):
    assert build(ROME_EXPORT, tmp_path) == (1584, 13120)
    for name in ("rome_codes.csv", "rome_appellations.csv.gz", "rome_skills.csv.gz"):
        assert (tmp_path / name).read_bytes() == (SHIPPED / name).read_bytes(), f"{name} differs from the shipped file"


@needs_export
def test_the_build_is_reproducible(tmp_path):
    build(ROME_EXPORT, tmp_path / "a")
    build(ROME_EXPORT, tmp_path / "b")
    for name in ("rome_codes.csv", "rome_appellations.csv.gz", "rome_skills.csv.gz"):
        assert (tmp_path / "a" / name).read_bytes() == (tmp_path / "b" / name).read_bytes()
