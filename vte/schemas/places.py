"""Places: commune autocomplete, map contours (Territoires d'industrie, départements)."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from .common import NamedCode, TerritoryRef


class CommuneQuery(Schema):
    q = fields.String(required=True, validate=validate.Length(min=1, max=100))
    limit = fields.Integer(load_default=10, validate=validate.Range(min=1, max=50))


class CommuneOut(Schema):
    code = fields.String(required=True)
    name = fields.String(required=True)
    postcodes = fields.List(fields.String(), required=True)
    departement = fields.Nested(NamedCode, required=True)
    population = fields.Integer(required=True)
    lat = fields.Float(allow_none=True)
    lon = fields.Float(allow_none=True)
    territory = fields.Nested(TerritoryRef, allow_none=True)
    territory_known = fields.Boolean(required=True)


class CommuneList(Schema):
    items = fields.List(fields.Nested(CommuneOut), required=True)


class FeatureCollection(Schema):
    type = fields.String(required=True, metadata={"example": "FeatureCollection"})
    features = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "Un MultiPolygon par territoire ; propriétés name, list_version."},
    )
    list_version = fields.String(allow_none=True, metadata={"description": "null : aucune liste chargée"})


class DepartementCollection(Schema):
    type = fields.String(required=True, metadata={"example": "FeatureCollection"})
    features = fields.List(
        fields.Dict(),
        required=True,
        metadata={"description": "Un MultiPolygon par département ; propriétés code, name."},
    )


class TownCollection(Schema):
    type = fields.String(required=True, metadata={"example": "FeatureCollection"})
    features = fields.List(
        fields.Dict(),
        required=True,
        metadata={
            "description": "Un Point par préfecture, les plus peuplées d'abord ; propriétés code (INSEE), name, "
            "rank (1 : chef-lieu de région, 2 : de département), population."
        },
    )
