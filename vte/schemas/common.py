"""Schemas every area uses: pagination, the error body, references to other rows, locations, the
score breakdown of a match."""

from __future__ import annotations

from marshmallow import Schema, ValidationError, fields, validate

from ..database import MAX_ID
from ..input_guard import day_problem
from ..vocab import parse_level


class PageArgs(Schema):
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))
    per_page = fields.Integer(load_default=20, validate=validate.Range(min=1, max=100))


def page_of(item: type[Schema], name: str | None = None, **extra: fields.Field) -> type[Schema]:
    """The page envelope `{items, total, page, per_page}` around `item` (plus `extra` fields), as a
    schema class named `name` (by default the item's name without « Out », then « Page »): the
    name of its OpenAPI component, unique across the API."""
    name = name or item.__name__.removesuffix("Out") + "Page"
    return Schema.from_dict(
        {
            "items": fields.List(fields.Nested(item), required=True),
            "total": fields.Integer(required=True),
            "page": fields.Integer(required=True),
            "per_page": fields.Integer(required=True),
            **extra,
        },
        name=name,
    )


class ErrorBody(Schema):
    code = fields.String(required=True)
    message = fields.String(required=True)
    fields = fields.Dict(required=True)


class ErrorSchema(Schema):
    error = fields.Nested(ErrorBody, required=True)


class NamedCode(Schema):
    code = fields.String(allow_none=True)
    name = fields.String(allow_none=True)


def row_id(**kwargs) -> fields.Integer:
    """The id of a row, sent by a client: a positive integer the database can hold (PostgreSQL's
    integer), so that a number out of range is a 422 naming the field, never a database error."""
    return fields.Integer(validate=validate.Range(min=1, max=MAX_ID), **kwargs)


class IdNameRef(Schema):
    """A row named in another one's output: a school, a company."""

    id = fields.Integer(required=True)
    name = fields.String(required=True)


class SchoolRef(IdNameRef):
    """A student's school; `verified` false for a name the student typed that the registry does not
    know (kept as entered until an admin attaches it)."""

    verified = fields.Boolean(required=True)


class CommuneRef(Schema):
    code = fields.String(required=True)
    name = fields.String(allow_none=True)


class TerritoryRef(Schema):
    """A Territoire d'industrie and the version of the list it belongs to."""

    name = fields.String(required=True)
    list_version = fields.String(required=True)


class LevelField(fields.String):
    """`bac+2` … `bac+8` on the wire, the integer 2 … 8 inside."""

    def _deserialize(self, value, attr, data, **kwargs):
        try:
            return parse_level(super()._deserialize(value, attr, data, **kwargs))
        except ValueError as exc:
            raise ValidationError(str(exc)) from None

    def _serialize(self, value, attr, obj, **kwargs):
        if isinstance(value, int):
            return f"bac+{value}"
        return value


class BoundedDate(fields.Date):
    """A date between 1900 and 2100 (`vte.input_guard`): `0001-01-01` or `9999-12-31` would parse,
    then overflow the day arithmetic of the pages that show it."""

    def _deserialize(self, value, attr, data, **kwargs):
        day = super()._deserialize(value, attr, data, **kwargs)
        problem = day_problem(day)
        if problem:
            raise ValidationError(problem)
        return day


class BoundedAwareDateTime(fields.AwareDateTime):
    """A date-time between 1900 and 2100, like `BoundedDate`."""

    def _deserialize(self, value, attr, data, **kwargs):
        moment = super()._deserialize(value, attr, data, **kwargs)
        problem = day_problem(moment)
        if problem:
            raise ValidationError(problem)
        return moment


class LocationIn(Schema):
    """Exactly one of: `insee`; `postcode` (+ `city` when the postcode is shared); `lat` + `lon`."""

    insee = fields.String(validate=validate.Length(min=1, max=5))
    postcode = fields.String(validate=validate.Length(min=1, max=5))
    city = fields.String(validate=validate.Length(min=1, max=100))
    lat = fields.Float(validate=validate.Range(min=-90, max=90))
    lon = fields.Float(validate=validate.Range(min=-180, max=180))


class MessageOut(Schema):
    message = fields.String(required=True)


class Breakdown(Schema):
    """Why a match scores what it scores: the components, the job-fit evidence, the distance, the
    shared skills."""

    total = fields.Float(required=True)
    components = fields.Dict(keys=fields.String(), values=fields.Float(), required=True)
    fit_evidence = fields.Dict(
        keys=fields.String(),
        values=fields.Float(),
        required=True,
        metadata={
            "description": "what raised (> 0) or lowered (< 0) the job fit, in the model's score units: "
            "occupation (ROME), mission (texts), words (shared words)"
        },
    )
    occupation = fields.String(
        allow_none=True, metadata={"description": "the occupation both sides share, when it raised the fit"}
    )
    distance_km = fields.Float(allow_none=True)
    commune = fields.String(allow_none=True)
    territory = fields.String(allow_none=True)
    shared_skills = fields.List(fields.String(), required=True)
    explanation = fields.String(required=True)
    remote_full = fields.Boolean(
        required=True, metadata={"description": "a fully remote offer: its distance does not count"}
    )
