"""Offers: the offer as shown and as written, the public search (list and map), the candidates
ranked for an offer."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..offer_search import MAX_POINTS
from ..offers import SORTS
from ..vocab import ContractType, Remote
from .common import BoundedDate, Breakdown, LevelField, LocationIn, PageArgs, TerritoryRef, page_of

CONTRACTS = [c.value for c in ContractType]
MAX_SALARY = 1_000_000


class CompanyBrief(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    siren = fields.String(required=True)
    verified = fields.Boolean(metadata={"description": "false: « entreprise non vérifiée »"})


class OfferOut(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    skills = fields.List(fields.String(), required=True)
    contract_type = fields.String(required=True)
    duration_months = fields.Integer(allow_none=True)
    start_date = fields.Date(allow_none=True)
    remote = fields.String(required=True)
    level_min = fields.String(allow_none=True)
    green = fields.Boolean(required=True)
    salary_min = fields.Integer(allow_none=True)
    salary_max = fields.Integer(allow_none=True)
    status = fields.String(metadata={"description": "draft, published, closed"})
    published_at = fields.Date(allow_none=True)
    expires_at = fields.Date(allow_none=True)
    company = fields.Nested(CompanyBrief, required=True)
    commune = fields.Dict(allow_none=True)
    territory = fields.Nested(TerritoryRef, allow_none=True)


class OfferIn(Schema):
    """The fields of an offer (formats.md, « Offer ») except `id`, `company` and the dates of
    publication, which the service sets."""

    title = fields.String(required=True, validate=validate.Length(min=1, max=250))
    description = fields.String(required=True, validate=validate.Length(min=1, max=20_000))
    skills = fields.List(fields.String(validate=validate.Length(min=1, max=80)), validate=validate.Length(max=50))
    contract_type = fields.String(required=True, validate=validate.OneOf(CONTRACTS))
    duration_months = fields.Integer(
        allow_none=True,
        strict=True,
        validate=validate.Range(min=1, max=120),
        metadata={
            "description": (
                "Minimum fixé par les règles VTE en vigueur : CDD et alternance 12 mois ou plus "
                "(alternance VTE Vert : 10 mois ou plus), alternance 36 mois au plus ; CDI : vide"
            )
        },
    )
    start_date = BoundedDate(allow_none=True)
    location = fields.Nested(
        LocationIn, allow_none=True, metadata={"description": "Par défaut : la localisation de l'entreprise"}
    )
    remote = fields.String(validate=validate.OneOf([r.value for r in Remote]), load_default=Remote.NONE.value)
    level_min = LevelField(allow_none=True, metadata={"example": "bac+3"})
    green = fields.Boolean(load_default=False, metadata={"description": "Mission VTE Vert (transition écologique)"})
    salary_min = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0, max=MAX_SALARY))
    salary_max = fields.Integer(allow_none=True, strict=True, validate=validate.Range(min=0, max=MAX_SALARY))
    expires_at = BoundedDate(allow_none=True, metadata={"description": "Par défaut : 60 jours après la publication"})


class OfferDraftIn(OfferIn):
    """The fields of an offer being written (the preview): any may be missing."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("partial", True)
        super().__init__(*args, **kwargs)


class PreviewedOffer(OfferOut):
    id = fields.Integer(allow_none=True, metadata={"description": "null pour une offre pas encore enregistrée"})
    contract_type = fields.String(allow_none=True, metadata={"description": "null tant qu'il n'est pas choisi"})


class PreviewSkill(Schema):
    label = fields.String(required=True)
    known = fields.Boolean(required=True, metadata={"description": "Un étudiant visible a une compétence proche"})


class OfferPreview(Schema):
    """How an offer being written will be matched and read (vte.offer_preview); nothing is saved."""

    skills = fields.List(fields.Nested(PreviewSkill), required=True)
    detected = fields.List(
        fields.String(),
        required=True,
        metadata={"description": "Compétences d'étudiants nommées dans la description mais absentes de la liste"},
    )
    commune = fields.Dict(allow_none=True)
    default_location = fields.Boolean(required=True, metadata={"description": "Lieu : celui de l'entreprise"})
    territory = fields.String(allow_none=True, metadata={"description": "Territoire d'industrie du lieu"})
    territory_known = fields.Boolean(required=True)
    students = fields.Integer(
        allow_none=True,
        metadata={
            "description": (
                "Étudiants visibles qui correspondent à l'offre, comptés comme ses candidats recommandés ; "
                "null tant que le type de contrat n'est pas choisi"
            )
        },
    )
    offer = fields.Nested(
        PreviewedOffer, required=True, metadata={"description": "L'offre telle que la liront les étudiants"}
    )


class ApplicationCounts(Schema):
    """The counts of `vte.application_counts`, the same on every page."""

    total = fields.Integer(
        required=True,
        metadata={"description": "Candidatures reçues, hors candidatures retirées par l'étudiant."},
    )
    withdrawn = fields.Integer(required=True, metadata={"description": "Candidatures retirées (non comptées)."})
    by_status = fields.Dict(keys=fields.String(), values=fields.Integer(), required=True)


class OfferDetail(OfferOut):
    applications = fields.Nested(ApplicationCounts, metadata={"description": "Recruteurs de l'entreprise seulement."})


class SearchArgs(PageArgs):
    q = fields.String(validate=validate.Length(min=1, max=200), metadata={"description": "Texte libre"})
    commune = fields.String(validate=validate.Length(min=1, max=5), metadata={"description": "Code INSEE"})
    postcode = fields.String(validate=validate.Length(min=1, max=5))
    radius_km = fields.Float(
        validate=validate.Range(min=1, max=2000),
        metadata={"description": "Autour de « commune » ou « postcode » ; 30 par défaut"},
    )
    departement = fields.String(validate=validate.Length(min=1, max=3), metadata={"example": "01"})
    region = fields.String(validate=validate.Length(min=1, max=3), metadata={"example": "84"})
    contract_type = fields.String(validate=validate.OneOf(CONTRACTS))
    level = LevelField(
        metadata={"description": "Votre niveau : offres demandant au plus ce niveau", "example": "bac+5"}
    )
    green = fields.Boolean(metadata={"description": "true : VTE Vert seulement ; false : les autres"})
    territory_only = fields.Boolean()
    remote = fields.String(
        validate=validate.OneOf(["any", "full"]),
        metadata={"description": "any: télétravail partiel ou total ; full: entièrement à distance"},
    )
    salary_min = fields.Integer(
        validate=validate.Range(min=0, max=500_000),
        metadata={"description": "Salaire annuel brut (€) : offres dont la fourchette atteint ce montant"},
    )
    published_within_days = fields.Integer(
        validate=validate.Range(min=1, max=365), metadata={"description": "Publiées depuis au plus N jours"}
    )
    sort = fields.String(
        validate=validate.OneOf(SORTS),
        metadata={"description": "relevance (défaut avec q), date (défaut sans q), distance"},
    )


class SearchItem(OfferOut):
    distance_km = fields.Float(allow_none=True, metadata={"description": "Quand un lieu est donné"})
    score = fields.Float(allow_none=True, metadata={"description": "Pertinence (0 à 1) quand q est donné"})


class SimilarArgs(Schema):
    limit = fields.Integer(load_default=5, validate=validate.Range(min=1, max=20))


class SimilarItem(OfferOut):
    similarity = fields.Float(required=True, metadata={"description": "Cosinus des textes des deux offres (-1 à 1)"})


class SimilarOffers(Schema):
    items = fields.List(fields.Nested(SimilarItem), required=True)


class RemoteBlock(Schema):
    total = fields.Integer(required=True)
    items = fields.List(fields.Nested(SearchItem), required=True)


class PlaceOut(Schema):
    commune = fields.Dict(required=True)
    radius_km = fields.Float(required=True)


OfferPage = page_of(
    SearchItem,
    name="OfferPage",
    sort=fields.String(),
    place=fields.Nested(PlaceOut, allow_none=True),
    approximate=fields.Boolean(
        metadata={"description": "true: no offer really fits the text q; the items are the closest ones (at most 10)"}
    ),
    remote=fields.Nested(
        RemoteBlock,
        allow_none=True,
        metadata={"description": "around a place: the fully remote offers from farther away (not in total)"},
    ),
)


class MapArgs(SearchArgs):
    class Meta:
        exclude = ("page", "per_page")


class OfferPoint(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    company = fields.String(required=True)
    green = fields.Boolean(required=True)
    lat = fields.Float(required=True)
    lon = fields.Float(required=True)


class OfferPoints(Schema):
    items = fields.List(fields.Nested(OfferPoint), required=True)
    total = fields.Integer(required=True, metadata={"description": "Offres trouvées"})
    truncated = fields.Boolean(
        required=True, metadata={"description": f"Plus de {MAX_POINTS} offres : les premières seulement"}
    )


class CandidateApplication(Schema):
    id = fields.Integer(required=True)
    status = fields.String(required=True)


class Candidate(Schema):
    student = fields.Dict(
        required=True,
        metadata={"description": "Champs professionnels ; nom, e-mail et téléphone seulement si l'étudiant a postulé"},
    )
    application = fields.Nested(CandidateApplication, allow_none=True)
    score = fields.Float(required=True)
    breakdown = fields.Nested(Breakdown, required=True)


CandidatePage = page_of(Candidate)
