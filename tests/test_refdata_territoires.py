"""Territoires d'industrie: layouts, versions, membership queries.

The session-wide database (tests/conftest.py) already holds the communes and the 2020 list loaded
from the by-EPCI copy (version "2020", current)."""

from __future__ import annotations

from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import func, select

from factories import make_company
from vte.companies import company_eligibility
from vte.eligibility import rules_for_config
from vte.models import Territoire, TerritoireCommune, TerritoireEpci, TerritoireList
from vte.refdata.errors import RefDataError
from vte.refdata.territoires import (
    current_list,
    list_in_force,
    load_territoires,
    membership_known,
    territoire_for_communes,
)

REFDATA = Path(__file__).resolve().parents[2] / "shared" / "refdata"
TI_2020_EPCI = REFDATA / "territoires_industrie_2020_epci2026.csv"
TI_2020_COMMUNES = REFDATA / "territoires_industrie_2020_communes.csv"

needs_refdata = pytest.mark.skipif(not TI_2020_EPCI.exists(), reason="../shared/refdata missing")

OYONNAX = "01283"
HAUT_BUGEY_AGGLO = "200042935"  # the EPCI of Oyonnax
ANNONAY_RHONE_AGGLO = "200072015"


def _count(session, model, *where):
    return session.scalar(select(func.count()).select_from(model).where(*where))


def _members(session, tlist):
    ids = select(Territoire.id).where(Territoire.list_id == tlist.id)
    return (
        _count(session, TerritoireEpci, TerritoireEpci.territoire_id.in_(ids)),
        _count(session, TerritoireCommune, TerritoireCommune.territoire_id.in_(ids)),
    )


@needs_refdata
def test_2020_epci_layout(db_session):
    tlist = load_territoires(db_session, str(TI_2020_EPCI))
    assert tlist.version == "2020" and tlist.layout == "2020_epci" and tlist.is_current
    assert len(tlist.territoires) == 148
    stats = tlist.import_stats
    assert stats["territoires"] == 148
    assert stats["skipped_rows"] > 0  # EPCI with less than half their population in the territory
    assert len(stats["unknown_epci"]) <= 5
    epci, communes = _members(db_session, tlist)
    assert 500 <= epci <= 547 and communes > 14_000
    found = territoire_for_communes(db_session, [OYONNAX, "75056"])
    assert "Oyonnax" in found[OYONNAX].name and "75056" not in found
    assert membership_known(db_session)
    assert current_list(db_session).id == tlist.id


@needs_refdata
def test_reimport_same_version_is_idempotent(db_session):
    first = load_territoires(db_session, str(TI_2020_EPCI), version="2020")
    ids = {t.code: t.id for t in first.territoires}
    members = _members(db_session, first)
    lists = _count(db_session, TerritoireList)

    again = load_territoires(db_session, str(TI_2020_EPCI), version="2020")

    assert again.id == first.id
    assert _count(db_session, TerritoireList) == lists
    assert {t.code: t.id for t in again.territoires} == ids
    assert _members(db_session, again) == members
    assert _count(db_session, Territoire, Territoire.list_id == again.id) == 148


@needs_refdata
def test_2020_communes_layout_not_current(db_session):
    before = current_list(db_session)
    tlist = load_territoires(db_session, str(TI_2020_COMMUNES), version="2020-communes", make_current=False)
    assert tlist.layout == "2020_communes" and not tlist.is_current
    assert len(tlist.territoires) == 148
    assert tlist.import_stats["unknown_communes"] == []
    epci, communes = _members(db_session, tlist)
    assert communes > 15_000 and 400 <= epci <= 600
    assert current_list(db_session).id == before.id
    oyonnax = db_session.scalar(
        select(Territoire)
        .join(TerritoireCommune, TerritoireCommune.territoire_id == Territoire.id)
        .where(Territoire.list_id == tlist.id, TerritoireCommune.commune_code == OYONNAX)
    )
    assert "Oyonnax" in oyonnax.name
    assert (
        _count(
            db_session,
            TerritoireEpci,
            TerritoireEpci.territoire_id == oyonnax.id,
            TerritoireEpci.epci_siren == HAUT_BUGEY_AGGLO,
        )
        == 1
    )


def test_official_epci_layout(db_session, tmp_path):
    path = tmp_path / "ti_epci.csv"
    path.write_text(
        "id_ti;lib_ti;siren_groupement;lib_groupement;nature_juridique\n"
        f"TI-84-001;Haut-Bugey industriel;{HAUT_BUGEY_AGGLO};Haut-Bugey Agglomération;CA\n"
        f"TI-84-002;Annonay;{ANNONAY_RHONE_AGGLO};Annonay Rhône Agglo;CA\n"
        "TI-84-002;Annonay;999999999;EPCI inconnu;CC\n",
        encoding="utf-8-sig",
    )
    tlist = load_territoires(db_session, str(path))
    assert tlist.version == "2023-2027" and tlist.layout == "official_epci" and tlist.is_current
    assert sorted(t.code for t in tlist.territoires) == ["TI-84-001", "TI-84-002"]
    assert tlist.import_stats["unknown_epci"] == ["999999999"]
    assert current_list(db_session).version == "2023-2027"
    others = db_session.scalars(select(TerritoireList).where(TerritoireList.id != tlist.id)).all()
    assert all(not other.is_current for other in others)
    found = territoire_for_communes(db_session, [OYONNAX, "07010", "75056"])
    assert found[OYONNAX].name == "Haut-Bugey industriel"
    assert found["07010"].code == "TI-84-002"  # Annonay, member of Annonay Rhône Agglo
    assert "75056" not in found


def test_official_communes_layout_latin1_with_aliases(db_session, tmp_path):
    path = tmp_path / "liste-ti-com2023.csv"
    path.write_bytes(
        (
            "insee_com,lib_com,id_ti,lib_ti\n"
            f"{OYONNAX},Oyonnax,TI-01,Plastics Vallée et Bugey\n"
            "1283,Oyonnax,TI-01,Plastics Vallée et Bugey\n"  # leading zero lost in a spreadsheet
            "69381,Lyon 1er Arrondissement,TI-02,Lyon Vallée de la chimie\n"
            "00000,Inconnue,TI-02,Lyon Vallée de la chimie\n"
        ).encode("latin-1")
    )
    tlist = load_territoires(db_session, str(path), version="2023-2027-communes")
    assert tlist.layout == "official_communes" and tlist.version == "2023-2027-communes"
    names = {t.code: t.name for t in tlist.territoires}
    assert names["TI-01"] == "Plastics Vallée et Bugey"
    stats = tlist.import_stats
    assert stats["unknown_communes"] == ["00000"] and stats["mapped_through_alias"] == 1
    found = territoire_for_communes(db_session, [OYONNAX, "69123"])
    assert found[OYONNAX].code == "TI-01" and found["69123"].code == "TI-02"
    # Oyonnax and Lyon hold less than half of their EPCI's population: no EPCI is derived.
    epcis = set(
        db_session.scalars(
            select(TerritoireEpci.epci_siren)
            .join(Territoire, Territoire.id == TerritoireEpci.territoire_id)
            .where(Territoire.list_id == tlist.id)
        )
    )
    assert epcis == set()


def test_unexpected_layout(db_session, tmp_path):
    path = tmp_path / "other.csv"
    path.write_text("code;nom;population\n01283;Oyonnax;22427\n", encoding="utf-8")
    with pytest.raises(RefDataError) as info:
        load_territoires(db_session, str(path))
    message = str(info.value)
    assert "code, nom, population" in message  # received
    assert "siren_groupement" in message and "insee_com" in message  # expected


def test_not_a_csv_and_missing_sources(db_session, tmp_path):
    xlsx = tmp_path / "liste.xlsx"
    xlsx.write_bytes(b"PK\x03\x04" + b"\x00" * 100)
    with pytest.raises(RefDataError, match="CSV"):
        load_territoires(db_session, str(xlsx))
    with pytest.raises(RefDataError, match="introuvable"):
        load_territoires(db_session, str(tmp_path / "absent.csv"))
    with pytest.raises(RefDataError, match="Téléchargement impossible"):
        load_territoires(db_session, "http://127.0.0.1:9/territoires.csv")
    empty = tmp_path / "empty.csv"
    empty.write_text("id_ti,lib_ti,siren_groupement,lib_groupement,nature_juridique\n", encoding="utf-8")
    with pytest.raises(RefDataError, match="aucune ligne"):
        load_territoires(db_session, str(empty))


def test_membership_unknown_without_current_list(db_session):
    for tlist in db_session.scalars(select(TerritoireList)):
        tlist.is_current = False
    db_session.flush()
    assert not membership_known(db_session)
    assert current_list(db_session) is None
    assert territoire_for_communes(db_session, [OYONNAX]) == {}


# --------------------------------------------------------------------------- lists by date


def _official_2023_fixture(tmp_path, leave_out: str) -> Path:
    """A small list in the data.gouv.fr 2023-2027 layout by EPCI, built from the 2020 copy: the
    Auvergne-Rhône-Alpes territories, without the one of the EPCI `leave_out`."""
    import csv

    with TI_2020_EPCI.open(encoding="utf-8") as fh:
        rows = [
            r
            for r in csv.DictReader(fh)
            if r["code_region"] == "84" and float(r["part_population_epci_dans_ti"]) >= 0.5
        ]
    dropped = {r["code_ti"] for r in rows if r["siren_epci_2026"] == leave_out}
    path = tmp_path / "territoires-dindustrie-2023-epci.csv"
    with path.open("w", encoding="utf-8", newline="") as out:
        writer = csv.writer(out, delimiter=";")
        writer.writerow(["id_ti", "lib_ti", "siren_groupement", "lib_groupement", "nature_juridique"])
        for r in rows:
            if r["code_ti"] not in dropped:
                writer.writerow(
                    [f"TI-{r['code_ti']}", r["nom_ti"], r["siren_epci_2026"], r["nom_epci_2026"], r["type_epci"]]
                )
    return path


@needs_refdata
def test_each_list_keeps_the_period_it_is_in_force(db_session):
    """148 territories by 2020 (the 2020 list, in force until the end of 2022), 183 for 2023-2027
    (gouvernement.fr, 13/11/2023): the list in force on a date is the one whose period covers it."""
    by_version = {t.version: t for t in db_session.scalars(select(TerritoireList))}
    assert (by_version["2020"].valid_from, by_version["2020"].valid_until) == (date(2020, 1, 1), date(2022, 12, 31))
    assert (by_version["2023-2027"].valid_from, by_version["2023-2027"].valid_until) == (
        date(2023, 1, 1),
        date(2027, 12, 31),
    )
    assert list_in_force(db_session, date(2021, 6, 1)).version == "2020"
    assert list_in_force(db_session, date(2022, 12, 31)).version == "2020"
    assert list_in_force(db_session, date(2023, 1, 1)).version == "2023-2027"
    # The 124-territory launch list (21/11/2018) has no open-data copy: before 2020, unknown.
    assert list_in_force(db_session, date(2019, 6, 1)) is None
    assert list_in_force(db_session, date(2028, 1, 1)) is None


@needs_refdata
def test_a_company_ti_status_is_assessed_with_the_list_in_force_on_the_date(db_session, tmp_path):
    """Oyonnax is in the 2020 list; in this 2023-layout fixture its territory is left out: the
    company is in a Territoire d'industrie in 2022, outside in 2024, unknown in 2019 (never « no »)."""
    tlist = load_territoires(db_session, str(_official_2023_fixture(tmp_path, HAUT_BUGEY_AGGLO)))
    assert tlist.version == "2023-2027" and tlist.layout == "official_epci"
    assert (tlist.valid_from, tlist.valid_until) == (date(2023, 1, 1), date(2027, 12, 31))
    oyonnax = make_company(db_session, commune_code=OYONNAX, headcount=80)
    annonay = make_company(db_session, commune_code="07010", headcount=80)
    rules = rules_for_config({})

    def status(company, on):
        result = company_eligibility(db_session, company, rules, today=on)
        ti = next((a for a in result["aids"] if a["code"] == "vte_ti"), None)
        return result["in_territory"], result["territory_list_version"], ti and ti["eligible"]

    assert status(oyonnax, date(2022, 6, 1)) == (True, "2020", True)
    assert status(oyonnax, date(2024, 6, 1)) == (False, "2023-2027", False)
    assert status(annonay, date(2022, 6, 1)) == (True, "2020", True)
    assert status(annonay, date(2024, 6, 1)) == (True, "2023-2027", True)
    assert status(oyonnax, date(2019, 6, 1))[0] is None  # no list loaded for 2019: unknown
    message = company_eligibility(db_session, oyonnax, rules, today=date(2021, 3, 1))["territory_message"]
    assert "(liste 2020)" in message


def test_official_communes_layout_and_an_explicit_period(db_session, tmp_path):
    path = tmp_path / "liste-ti-com2023.csv"
    path.write_text(f"insee_com,lib_com,id_ti,lib_ti\n{OYONNAX},Oyonnax,TI-01,Plastics Vallée\n", encoding="utf-8")
    tlist = load_territoires(
        db_session, str(path), version="2023-2027-communes", valid_from=date(2023, 7, 1), valid_until=date(2027, 6, 30)
    )
    assert (tlist.valid_from, tlist.valid_until) == (date(2023, 7, 1), date(2027, 6, 30))
    assert tlist.import_stats["valid_from"] == date(2023, 7, 1)
    with pytest.raises(RefDataError, match="Période de validité impossible"):
        load_territoires(db_session, str(path), valid_from=date(2027, 1, 1), valid_until=date(2023, 1, 1))


def test_load_territoires_command_says_the_period(cli_runner, db_session, tmp_path):
    path = tmp_path / "ti_epci.csv"
    path.write_text(
        "id_ti;lib_ti;siren_groupement;lib_groupement;nature_juridique\n"
        f"TI-84-001;Haut-Bugey industriel;{HAUT_BUGEY_AGGLO};Haut-Bugey Agglomération;CA\n",
        encoding="utf-8",
    )
    result = cli_runner.invoke(args=["load-territoires", str(path), "--valid-from", "2023-01-01"])
    assert result.exit_code == 0, result.output
    assert "liste 2023-2027 chargée (1 territoires, en vigueur du 01/01/2023 au 31/12/2027)" in result.output
    bad = cli_runner.invoke(args=["load-territoires", str(path), "--valid-from", "2028-01-01"])
    assert bad.exit_code != 0 and "Période de validité impossible" in bad.output
