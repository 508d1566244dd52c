"""Scratch databases and reference data for the test sessions (the main suite and the browser
tests each build their own database)."""

from __future__ import annotations

import os
import tempfile
import uuid
from pathlib import Path

from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from vte.extensions import db

REPO = Path(__file__).resolve().parents[1]
SHARED_REFDATA = REPO.parent / "shared" / "refdata"
TERRITOIRES_2020_EPCI = SHARED_REFDATA / "territoires_industrie_2020_epci2026.csv"


def postgres_scratch_database(base_url: str) -> tuple[str, callable]:
    """Create a throw-away database next to `base_url`; return its URL and a dropper."""
    url = make_url(base_url)
    name = f"vte_test_{uuid.uuid4().hex[:10]}"
    admin = create_engine(url, isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}"'))

    def drop() -> None:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()

    return url.set(database=name).render_as_string(hide_password=False), drop


def scratch_database(tmp_path_factory):
    base = os.environ.get("VTE_TEST_DATABASE_URL")
    if base and base.startswith("postgres"):
        from vte.config import normalise_database_url

        url, drop = postgres_scratch_database(normalise_database_url(base))
        yield url
        drop()
    else:
        yield f"sqlite:///{tmp_path_factory.mktemp('db') / 'test.db'}"


def territoires_2023_stand_in(directory: Path) -> Path:
    """A stand-in for the 2023-2027 list, which is not reachable offline: the 2020 territories (EPCI
    holding at least half of their population inside) written in the official data.gouv.fr
    layout by EPCI. Loaded as "2023-2027" so that eligibility today finds a list in force."""
    import csv

    path = directory / "territoires_2023_stand_in.csv"
    with TERRITOIRES_2020_EPCI.open(encoding="utf-8") as source, path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["id_ti", "lib_ti", "siren_groupement", "lib_groupement", "nature_juridique"])
        for row in csv.DictReader(source):
            if float(row["part_population_epci_dans_ti"] or 0) >= 0.5:
                code = f"TI{row['code_ti']}"
                writer.writerow([code, row["nom_ti"], row["siren_epci_2026"], row["nom_epci_2026"], ""])
    return path


def load_reference_data() -> None:
    """Reference data every test may rely on: communes, NAF, the 2020 territories (the current list,
    in force 2020-2022), a 2023-2027 stand-in built from them (in force 2023-2027, not current),
    demo schools."""
    from vte.refdata.communes import load_communes
    from vte.refdata.naf import load_naf
    from vte.refdata.schools import load_demo_schools
    from vte.refdata.territoires import load_territoires

    if not TERRITOIRES_2020_EPCI.exists():
        raise RuntimeError(
            f"The tests read the shared reference data, not found at {SHARED_REFDATA}: "
            "the checkout needs ../shared beside it."
        )
    load_communes(db.session)
    load_naf(db.session)
    load_territoires(db.session, str(TERRITOIRES_2020_EPCI), version="2020")
    with tempfile.TemporaryDirectory() as directory:
        stand_in = territoires_2023_stand_in(Path(directory))
        load_territoires(db.session, str(stand_in), version="2023-2027", make_current=False)
    load_demo_schools(db.session)
    db.session.commit()
