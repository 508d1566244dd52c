"""A small catalogue of published offers for search tests (API and pages): around Oyonnax (01, a
Territoire d'industrie), in Lyon and in Paris, plus offers the search never shows."""

from __future__ import annotations

from datetime import date, timedelta

from factories import make_company, make_offer
from vte.embedding_sync import embed_offers
from vte.vocab import ContractType, Remote

TODAY = date.today()


def build_catalogue(db_session, fake_encoder) -> dict[str, int]:
    """Published offers around Oyonnax (01, Territoire d'industrie), in Lyon and in Paris; plus an
    offer of a large company and an expired one, which the search never shows."""

    def offer(key, commune, days_ago, **fields):
        return key, make_offer(
            db_session, commune_code=commune, published_at=TODAY - timedelta(days=days_ago), **fields
        )

    offers = dict(
        [
            offer("oyonnax", "01283", 1, contract_type=ContractType.CDI, level_min=5),
            offer(
                "nantua",
                "01269",
                2,
                title="Chargé de mission économie circulaire",
                green=True,
                description="Vous menez l'analyse de cycle de vie et l'écoconception de nos produits.",
                skills=["analyse de cycle de vie", "écoconception"],
                contract_type=ContractType.APPRENTISSAGE,
                duration_months=24,
                level_min=3,
            ),
            offer(
                "bourg",
                "01053",
                3,
                title="Comptable fournisseurs",
                skills=["comptabilité", "SAP"],
                description="Saisie des factures fournisseurs et rapprochements bancaires.",
                contract_type=ContractType.CDD,
                duration_months=12,
                level_min=2,
            ),
            offer(
                "lyon",
                "69123",
                4,
                title="Développeur Python industrie 4.0",
                skills=["Python", "MES"],
                description="Vous développez le MES de nos usines en Python.",
                level_min=5,
            ),
            offer(
                "paris",
                "75056",
                5,
                title="Data analyst qualité",
                skills=["SQL", "Power BI"],
                description="Vous analysez les données qualité de nos sites, en télétravail complet.",
                remote=Remote.FULL,
            ),
            offer("large", "01283", 1, company=make_company(db_session, commune_code="01283", headcount=6000)),
            offer("expired", "01283", 90, expires_at=TODAY - timedelta(days=1)),
        ]
    )
    embed_offers(db_session, fake_encoder, list(offers.values()))
    ids = {key: o.id for key, o in offers.items()}
    db_session.commit()
    return ids
