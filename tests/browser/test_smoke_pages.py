"""scripts/smoke_pages.py against the live server: every main page of every demo account answers."""

from __future__ import annotations

from scripts import smoke_pages


def test_every_main_page_answers_for_every_demo_account(live_server, capsys):
    assert smoke_pages.main(["--base-url", live_server]) == 0
    out = capsys.readouterr().out
    assert "Toutes les pages répondent." in out
    for path in ("/etudiant/offres", "/entreprise/offres", "/ecole/statistiques.csv", "/offres?q="):
        assert path in out
    assert " /offres/" in out and " /entreprise/offres/" in out  # pages found by following links


def test_a_wrong_password_is_reported(live_server, capsys):
    assert smoke_pages.main(["--base-url", live_server, "--password", "pas-le-bon"]) == 1
    assert "connexion refusée" in capsys.readouterr().err
