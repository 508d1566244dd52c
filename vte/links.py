"""Absolute links to the pages that redeem an e-mailed secret (for vte.account_links)."""

from __future__ import annotations

from flask import url_for

from .account_links import LinkBuilder


def reset_link() -> LinkBuilder:
    return lambda secret: url_for("web.password_reset", token=secret, _external=True)


def verification_link() -> LinkBuilder:
    return lambda secret: url_for("web.verify_email_page", token=secret, _external=True)
