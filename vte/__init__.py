"""VTE Match: matching students with SMEs of the Territoires d'industrie.

`create_app(config=None)` is the application factory. `config` may be the name of a configuration
("development", "testing", "production") or a dict of overrides applied on top of the
configuration named by `VTE_ENV` (default "production").
"""

from __future__ import annotations

import os
from typing import Any

from flask import Flask
from werkzeug.middleware.proxy_fix import ProxyFix

from .config import CONFIGS


def create_app(config: str | dict[str, Any] | None = None) -> Flask:
    # Imported here, not at the top: `import vte.<module>` runs this file first, and the pure
    # helpers (geo, text, ranking), the scripts and their tests should not pay for SQLAlchemy, the
    # models, both faces and their services (about 3 s) just to import one function.
    from . import models  # noqa: F401  (register the tables on the metadata)
    from .api import init_api
    from .auth import init_auth
    from .cli import register_cli
    from .database import IdConverter, configure_engine_events, end_sessions_safely, engine_options
    from .errors import register_error_handlers
    from .extensions import db, migrate
    from .health import bp as health_bp
    from .input_guard import init_input_guard
    from .json_dates import IsoDatesJSONProvider
    from .security_headers import init_security_headers
    from .web import init_web

    overrides: dict[str, Any] = {}
    name = os.environ.get("VTE_ENV", "production")
    if isinstance(config, str):
        name = config
    elif isinstance(config, dict):
        overrides = config
        name = overrides.pop("ENV_NAME", name)
    if name not in CONFIGS:
        raise RuntimeError(f"Unknown VTE_ENV {name!r}; expected one of {sorted(CONFIGS)}")
    settings = CONFIGS[name].from_env()
    settings.update(overrides)

    app = Flask(__name__, instance_path=settings["INSTANCE_PATH"], instance_relative_config=False)
    app.config.update(settings)
    app.json = IsoDatesJSONProvider(app)
    app.url_map.converters["int"] = IdConverter  # before any route is added
    proxies = int(app.config.get("VTE_PROXY_COUNT") or 0)
    if proxies:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies)
    if app.config.get("REQUIRE_SECRET_KEY") and not app.config.get("SECRET_KEY"):
        raise RuntimeError(
            "SECRET_KEY is not set. Set the SECRET_KEY environment variable (a long random "
            "string, the same for every worker) before starting VTE Match in production."
        )
    if app.config["SQLALCHEMY_DATABASE_URI"].startswith("sqlite:///"):
        os.makedirs(app.instance_path, exist_ok=True)
    app.config.setdefault("SQLALCHEMY_ENGINE_OPTIONS", engine_options(app.config["SQLALCHEMY_DATABASE_URI"]))

    db.init_app(app)
    end_sessions_safely(app, db)
    migrate.init_app(app, db, directory=os.path.join(os.path.dirname(__file__), "migrations"))
    with app.app_context():
        configure_engine_events(db.engine, app.config["VTE_SQLITE_BUSY_TIMEOUT_MS"])
    if app.config["ENV_NAME"] == "production":
        # Never serve a database where a demo account still accepts the published password.
        from .demo.accounts import check_no_published_password

        check_no_published_password(app)

    init_auth(app)
    init_api(app)
    init_web(app)
    app.register_blueprint(health_bp)
    register_error_handlers(app)
    init_security_headers(app)
    init_input_guard(app)
    register_cli(app)
    return app
