"""Absolute links written into e-mails: to the pages that redeem an e-mailed secret (for
vte.account_links), and to any page (`absolute_url`)."""

from __future__ import annotations

from flask import url_for

from .account_links import LinkBuilder


def reset_link() -> LinkBuilder:
    return lambda secret: url_for("web.password_reset", token=secret, _external=True)


def verification_link() -> LinkBuilder:
    return lambda secret: url_for("web.verify_email_page", token=secret, _external=True)


def absolute_url(endpoint: str, **values) -> str:
    """The absolute address of a page, when there is a request (or a test request context) to build
    it from; empty otherwise (the e-mail then goes without a link)."""
    try:
        return url_for(endpoint, _external=True, **values)
    except RuntimeError:
        return ""
