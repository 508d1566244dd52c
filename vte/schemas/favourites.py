"""Offers saved by a student."""

from __future__ import annotations

from marshmallow import Schema, fields

from .common import row_id
from .offers import OfferOut


class FavouriteIn(Schema):
    offer_id = row_id(required=True, strict=True)


class FavouriteOut(Schema):
    saved_at = fields.DateTime(required=True)
    offer = fields.Nested(OfferOut, required=True)


class FavouriteList(Schema):
    items = fields.List(fields.Nested(FavouriteOut), required=True)
