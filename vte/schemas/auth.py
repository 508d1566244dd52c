"""Accounts: sign-up, sign-in, the signed-in user, personal API tokens, the CSRF token."""

from __future__ import annotations

from marshmallow import Schema, fields, validate

from ..vocab import MAX_TOKEN_DAYS, Role, TokenScope

SIGNUP_ROLES = (Role.STUDENT.value, Role.COMPANY.value, Role.SCHOOL.value)


class SignupIn(Schema):
    email = fields.Email(required=True)
    password = fields.String(required=True, validate=validate.Length(max=200), load_only=True)
    role = fields.String(required=True, validate=validate.OneOf(SIGNUP_ROLES))
    display_name = fields.String(validate=validate.Length(max=120))
    invitation_code = fields.String(
        validate=validate.Length(max=40),
        metadata={"description": "A school's invitation code: the student joins it at once."},
    )
    school = fields.String(
        validate=validate.Length(max=250),
        metadata={
            "description": "Étudiants : le nom de votre école (sigle, ancien nom, campus) ou son code UAI, si "
            "l'adresse e-mail ne la désigne pas ; gardé tel que saisi si le registre ne la connaît pas."
        },
    )


class LoginIn(Schema):
    email = fields.String(required=True, validate=validate.Length(max=254))
    password = fields.String(required=True, validate=validate.Length(max=200), load_only=True)


class UserOut(Schema):
    id = fields.Integer(required=True)
    email = fields.String(required=True)
    role = fields.Function(lambda u: u.role.value, required=True)
    display_name = fields.String(allow_none=True)
    company_id = fields.Integer(allow_none=True)
    school_id = fields.Integer(allow_none=True)
    email_verified = fields.Function(
        lambda u: u.email_verified_at is not None,
        metadata={"description": "The address was confirmed by the e-mailed link."},
    )


class TokenIn(Schema):
    name = fields.String(required=True, validate=validate.Length(min=1, max=100))
    scope = fields.String(
        load_default=TokenScope.WRITE.value,
        validate=validate.OneOf([s.value for s in TokenScope]),
        metadata={"description": "read : GET, HEAD et OPTIONS seulement ; write (défaut) : tout"},
    )
    days = fields.Integer(
        strict=True,
        validate=validate.Range(min=1, max=MAX_TOKEN_DAYS),
        metadata={"description": f"Durée de validité en jours (1 à {MAX_TOKEN_DAYS}) ; 90 par défaut"},
    )


class TokenOut(Schema):
    id = fields.Integer(required=True)
    name = fields.String(required=True)
    prefix = fields.String(required=True)
    scope = fields.Function(lambda t: t.scope.value, required=True, metadata={"enum": [s.value for s in TokenScope]})
    created_at = fields.DateTime(required=True)
    expires_at = fields.DateTime(required=True)
    expired = fields.Boolean(required=True, attribute="is_expired")
    last_used_at = fields.DateTime(allow_none=True, metadata={"description": "À l'heure près"})


class NewTokenOut(TokenOut):
    token = fields.String(required=True, attribute="secret", metadata={"description": "Shown once; store it now."})


class TokenList(Schema):
    items = fields.List(fields.Nested(TokenOut), required=True)


class CsrfOut(Schema):
    csrf_token = fields.String(required=True)
