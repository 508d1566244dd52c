"""Companies: registration, public description, VTE eligibility, the company's offers."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..companies import DESCRIPTION_MAX_CHARS, WEBSITE_MAX_CHARS
from ..vocab import OfferStatus
from .common import CommuneRef, LocationIn, PageArgs, TerritoryRef, page_of
from .offers import ApplicationCounts, OfferOut


class CompanyIn(Schema):
    siren = fields.String(required=True, validate=validate.Length(min=1, max=20), metadata={"example": "552100554"})
    name = fields.String(required=True, validate=validate.Length(min=1, max=250))
    naf = fields.String(required=True, validate=validate.Length(min=1, max=10), metadata={"example": "25.62A"})
    headcount = fields.Integer(required=True, strict=True, validate=validate.Range(min=1, max=10_000_000))
    location = fields.Nested(LocationIn, required=True)
    description = fields.String(
        allow_none=True,
        validate=validate.Length(max=DESCRIPTION_MAX_CHARS),
        metadata={"description": f"Présentation lue par les étudiants ({DESCRIPTION_MAX_CHARS} caractères au plus)."},
    )
    website = fields.String(
        allow_none=True,
        validate=validate.Length(max=WEBSITE_MAX_CHARS),
        metadata={"description": "Site web, en http:// ou https:// seulement.", "example": "https://www.exemple.fr"},
    )


class NafOut(Schema):
    code = fields.String(required=True)
    label = fields.String(required=True)


class CompanyOut(Schema):
    id = fields.Integer(required=True)
    siren = fields.String(required=True)
    name = fields.String(required=True)
    naf = fields.Nested(NafOut, allow_none=True)
    headcount = fields.Integer(allow_none=True)
    description = fields.String(allow_none=True)
    website = fields.String(allow_none=True)
    commune = fields.Nested(CommuneRef, allow_none=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    territory = fields.Nested(TerritoryRef, allow_none=True)
    verified = fields.Boolean(
        required=True, metadata={"description": "false: « entreprise non vérifiée » until an admin checked it"}
    )


class ConditionOut(Schema):
    code = fields.String(required=True)
    met = fields.Boolean(allow_none=True, metadata={"description": "null : inconnu"})
    message = fields.String(required=True)


class AidOut(Schema):
    code = fields.String(required=True, metadata={"example": "vte_ti"})
    label = fields.String(required=True)
    amount_eur = fields.Float(required=True)
    unit = fields.String(allow_none=True)
    eligible = fields.Boolean(allow_none=True, metadata={"description": "null : inconnu"})
    conditions = fields.List(fields.Nested(ConditionOut), required=True)
    mission_conditions = fields.List(
        fields.String(), required=True, metadata={"description": "Conditions à remplir par chaque mission."}
    )
    limits = fields.List(
        fields.String(), required=True, metadata={"description": "Plafonds, limites et cumuls de l'aide."}
    )
    source_text = fields.String(
        required=True, metadata={"description": "Les sources de l'aide et la date de leur dernière vérification."}
    )
    caveat = fields.String(
        allow_none=True, metadata={"description": "Montant non confirmé pour la période évaluée (null : confirmé)."}
    )


class RuleSummaryOut(Schema):
    code = fields.String(required=True, metadata={"example": "missions"})
    text = fields.String(required=True)
    source_text = fields.String(required=True)
    caveat = fields.String(allow_none=True)


class RulesOut(Schema):
    version = fields.String(required=True)
    title = fields.String(allow_none=True)
    valid_from = fields.Date(required=True)
    valid_until = fields.Date(allow_none=True)
    checked_on = fields.Date(required=True, metadata={"description": "Dernière vérification des sources."})
    rules = fields.List(
        fields.Nested(RuleSummaryOut),
        required=True,
        metadata={"description": "Règles des missions, des candidats et des entreprises, avec leurs sources."},
    )


class CompanyBriefOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    siren = fields.String(required=True)


class EligibilityOut(Schema):
    company = fields.Nested(CompanyBriefOut, required=True)
    commune = fields.Nested(CommuneRef, allow_none=True)
    date = fields.Date(required=True)
    in_territory = fields.Boolean(
        allow_none=True,
        metadata={"description": "null : liste des Territoires d'industrie en vigueur à cette date non chargée"},
    )
    territory = fields.Nested(TerritoryRef, allow_none=True)
    territory_list_version = fields.String(allow_none=True)
    territory_message = fields.String(required=True)
    headcount = fields.Integer(allow_none=True)
    size_category = fields.String(allow_none=True, metadata={"description": "pme, eti, grande_entreprise"})
    pme = fields.Boolean(allow_none=True)
    pme_eti = fields.Boolean(allow_none=True)
    size_message = fields.String(required=True)
    aids = fields.List(fields.Nested(AidOut), required=True)
    rules = fields.Nested(RulesOut, allow_none=True)
    rules_message = fields.String(allow_none=True)


class CompanyOfferArgs(PageArgs):
    status = fields.String(
        validate=validate.OneOf([s.value for s in OfferStatus]),
        metadata={"description": "Recruteurs de l'entreprise seulement."},
    )


class CompanyOfferOut(OfferOut):
    applications = fields.Nested(ApplicationCounts, metadata={"description": "Recruteurs de l'entreprise seulement."})


CompanyOfferPage = page_of(CompanyOfferOut)


class RecruiterIn(Schema):
    email = fields.Email(required=True)


class RecruiterOut(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    display_name = fields.String(allow_none=True)


class RecruiterList(Schema):
    items = fields.List(fields.Nested(RecruiterOut), required=True)
