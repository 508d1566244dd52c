"""How the operator's figures read on the page (French numbers and labels)."""

from __future__ import annotations

from typing import Any

from .presenters import euros
from .school_display import days, rate


def _card(label: str, value: str, note: str) -> dict[str, str]:
    return {"label": label, "value": value, "note": note}


def programme_cards(national: dict[str, Any]) -> list[dict[str, str]]:
    return [
        {
            "label": "Offres ouvertes",
            "value": str(national["open_offers"]),
            "note": f"dont {national['green_offers']} VTE Vert",
        },
        {"label": "Candidatures", "value": str(national["applications"]), "note": "aux offres ouvertes"},
        {
            "label": "Offres sans candidat",
            "value": str(national["stale_offers"]),
            "note": "publiées depuis plus de 30 jours",
        },
        {
            "label": "Embauches",
            "value": str(national["hires"]),
            "note": f"{rate(national['green_share'])} en VTE Vert",
        },
        {"label": "Embauches labellisées VTE", "value": str(national["labelled"]), "note": "label demandé à Bpifrance"},
        {
            "label": "Aide estimée engagée",
            "value": euros(national["estimated_aid_eur"]),
            "note": "d'après les règles en vigueur à chaque embauche",
        },
        {
            "label": "Délai médian d'embauche",
            "value": days(national["median_days_to_hire"]),
            "note": "du profil à l'embauche",
        },
    ]
