"""Territoires d'industrie: layouts, versions, membership queries.

The session-wide database (tests/conftest.py) already holds the communes and the 2020 list loaded
from the by-EPCI copy (version "2020", current)."""

from __future__ import annotations

from pathlib import Path

import pytest
from sqlalchemy import func, select

from vte.models import Territoire, TerritoireCommune, TerritoireEpci, TerritoireList
from vte.refdata.errors import RefDataError
from vte.refdata.territoires import (
    current_list,
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
