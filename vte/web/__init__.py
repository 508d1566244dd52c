"""The HTML pages (French), one module per role. Views are thin: parse the form, call the same
service as the JSON API, commit once, render. `init_web(app)` registers them."""

from __future__ import annotations

from flask import Flask

from . import account, account_recovery, account_settings, admin, alerts, company, favourites, public, school, student  # noqa: F401
from .blueprint import bp


def init_web(app: Flask) -> None:
    app.register_blueprint(bp)
