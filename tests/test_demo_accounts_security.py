"""No published admin password on any install (issue 12, point 1): the demo is seeded by default
only where it is meant to be tried, the demo admin's password is generated and shown once, and
production refuses to start while a demo account accepts the published password."""

from __future__ import annotations

import pytest
from sqlalchemy import select

from factories import TEST_FIT_MODEL
from vte import create_app
from vte.accounts import create_user, find_user_by_email, verify_password
from vte.demo.accounts import DEMO_PASSWORD
from vte.embeddings import FakeEncoder
from vte.extensions import db
from vte.models import User
from vte.vocab import Role

ADMIN = "admin@demo.vte-match.fr"
STUDENT = "etudiant@demo.vte-match.fr"
SMALL = ["--offers", "30", "--students", "40"]


def _accepts_published_password(session, email) -> bool:
    return verify_password(find_user_by_email(session, email), DEMO_PASSWORD)


def _printed_password(output: str, email: str) -> str:
    line = next(line for line in output.splitlines() if email in line and "Vte-" in line)
    return line.split()[-1]


def test_seeded_demo_admin_has_a_generated_password_printed_once(cli_runner, db_session, app, monkeypatch):
    monkeypatch.setitem(app.config, "VTE_ENCODER", FakeEncoder())
    result = cli_runner.invoke(args=["seed-demo", *SMALL])
    assert result.exit_code == 0, result.output
    assert not _accepts_published_password(db_session, ADMIN)
    password = _printed_password(result.output, ADMIN)
    assert verify_password(find_user_by_email(db_session, ADMIN), password)
    assert _accepts_published_password(db_session, STUDENT)  # the demo environment's shared password
    listing = cli_runner.invoke(args=["demo-accounts"]).output
    assert password not in listing
    admin_line = next(line for line in listing.splitlines() if ADMIN in line)
    assert DEMO_PASSWORD not in admin_line
    assert DEMO_PASSWORD in next(line for line in listing.splitlines() if STUDENT in line)


def test_demo_outside_the_demo_environments_has_no_published_password(cli_runner, db_session, app, monkeypatch):
    monkeypatch.setitem(app.config, "VTE_ENCODER", FakeEncoder())
    monkeypatch.setitem(app.config, "ENV_NAME", "production")
    result = cli_runner.invoke(args=["seed-demo", *SMALL])
    assert result.exit_code == 0, result.output
    users = db_session.scalars(select(User).where(User.email.like("%@demo.vte-match.fr"))).all()
    assert len(users) == 4
    for user in users:
        assert not verify_password(user, DEMO_PASSWORD)
        assert verify_password(user, _printed_password(result.output, user.email))


def test_an_admin_left_with_the_published_password_gets_a_generated_one(cli_runner, db_session, app, monkeypatch):
    create_user(db_session, ADMIN, DEMO_PASSWORD, Role.ADMIN)
    db_session.commit()
    monkeypatch.setitem(app.config, "VTE_ENCODER", FakeEncoder())
    result = cli_runner.invoke(args=["seed-demo", *SMALL])
    assert result.exit_code == 0, result.output
    assert not _accepts_published_password(db_session, ADMIN)
    assert verify_password(find_user_by_email(db_session, ADMIN), _printed_password(result.output, ADMIN))


def test_rerunning_setup_on_an_older_install_retires_the_admins_published_password(cli_runner, db_session):
    """scripts/run.sh on a database seeded by an older version: the demo is there (nothing to
    seed), but its admin still has the published password."""
    from factories import make_offer

    make_offer(db_session)
    create_user(db_session, ADMIN, DEMO_PASSWORD, Role.ADMIN)
    db_session.commit()
    result = cli_runner.invoke(args=["seed-demo", "--if-empty"])
    assert result.exit_code == 0, result.output
    assert not _accepts_published_password(db_session, ADMIN)
    assert verify_password(find_user_by_email(db_session, ADMIN), _printed_password(result.output, ADMIN))
    again = cli_runner.invoke(args=["seed-demo", "--if-empty"])
    assert "Vte-" not in again.output


def test_new_passwords_replace_every_published_one(cli_runner, db_session, app, monkeypatch):
    monkeypatch.setitem(app.config, "VTE_ENCODER", FakeEncoder())
    cli_runner.invoke(args=["seed-demo", *SMALL])
    result = cli_runner.invoke(args=["demo-accounts", "--new-passwords"])
    assert result.exit_code == 0, result.output
    for email in (ADMIN, STUDENT):
        assert not _accepts_published_password(db_session, email)
        assert verify_password(find_user_by_email(db_session, email), _printed_password(result.output, email))


@pytest.mark.parametrize(
    ("env", "flag", "seeded"),
    [
        ("testing", [], False),
        ("production", [], False),
        ("local", [], True),
        ("development", [], True),
        ("production", ["--demo"], True),
        ("local", ["--no-demo"], False),
    ],
)
def test_setup_seeds_the_demo_only_where_it_is_meant_to_be_tried(
    cli_runner, db_session, app, monkeypatch, env, flag, seeded
):
    import vte.cli

    calls = []
    monkeypatch.setattr(vte.cli, "seed_demo", lambda *a, **kw: calls.append(kw) or {})
    monkeypatch.setattr(vte.cli, "ensure_demo_accounts", lambda *a, **kw: [])
    monkeypatch.setitem(app.config, "VTE_ENCODER", FakeEncoder())
    monkeypatch.setitem(app.config, "ENV_NAME", env)
    result = cli_runner.invoke(args=["setup", *flag])
    assert result.exit_code == 0, result.output
    assert bool(calls) is seeded
    if not seeded:
        assert "setup --demo" in result.output


def _committed_app(url, tmp_path):
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": url,
            "INSTANCE_PATH": str(tmp_path),
            "VTE_FIT_MODEL_FILE": TEST_FIT_MODEL,
        }
    )
    with app.app_context():
        from flask_migrate import upgrade

        upgrade()
    return app


def test_production_refuses_to_start_while_a_demo_account_has_the_published_password(
    empty_database_url, tmp_path, monkeypatch
):
    app = _committed_app(empty_database_url, tmp_path)
    with app.app_context():
        create_user(db.session, STUDENT, DEMO_PASSWORD, Role.STUDENT)
        db.session.commit()
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    monkeypatch.setenv("VTE_INSTANCE_PATH", str(tmp_path))
    with pytest.raises(RuntimeError, match="published demo password") as refusal:
        create_app("production")
    assert STUDENT in str(refusal.value) and "--new-passwords" in str(refusal.value)

    result = app.test_cli_runner().invoke(args=["demo-accounts", "--new-passwords"])
    assert result.exit_code == 0, result.output
    production = create_app("production")
    with production.app_context():
        db.engine.dispose()
    with app.app_context():
        db.session.remove()
        db.engine.dispose()


def test_production_starts_on_a_database_not_migrated_yet(empty_database_url, tmp_path, monkeypatch):
    """`flask --app vte db upgrade` builds the app before the tables exist."""
    monkeypatch.setenv("SECRET_KEY", "x" * 40)
    monkeypatch.setenv("DATABASE_URL", empty_database_url)
    monkeypatch.setenv("VTE_INSTANCE_PATH", str(tmp_path))
    app = create_app("production")
    with app.app_context():
        db.engine.dispose()
