"""The load kit's short run (issue 11): gunicorn with 2 workers on a fresh database of the suite's
kind, 10 clients for 10 s with the races fired; nothing answered 500, nothing acknowledged was lost
or written twice, and every race had exactly one winner."""

from __future__ import annotations

import os
import signal
import socket
import sqlite3
import subprocess
import sys
from argparse import Namespace
from datetime import UTC, datetime

import pytest
from sqlalchemy import create_engine, text
from sqlalchemy.engine import make_url

from databases import REPO
from scripts import loadtest, wait_ready
from vte.extensions import db


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def loaded_database_url(app, database_url, tmp_path):
    """A copy of the session's database (migrated, reference data loaded) for the server to commit
    to: loading the reference data again would take half a minute."""
    if database_url.startswith("sqlite"):
        copy = tmp_path / "loadtest.db"
        source, target = sqlite3.connect(make_url(database_url).database), sqlite3.connect(copy)
        source.backup(target)
        source.close()
        target.close()
        yield f"sqlite:///{copy}"
        return
    with app.app_context():
        db.engine.dispose()  # a template database must have no other connection
    url = make_url(database_url)
    name = f"{url.database}_load"
    admin = create_engine(url.set(database="postgres"), isolation_level="AUTOCOMMIT")
    with admin.connect() as conn:
        conn.execute(text(f'CREATE DATABASE "{name}" TEMPLATE "{url.database}"'))
    try:
        yield url.set(database=name).render_as_string(hide_password=False)
    finally:
        with admin.connect() as conn:
            conn.execute(text(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)'))
        admin.dispose()


def school_invitation(database_url: str) -> str:
    """An invitation code of one school of the loaded database, for the students who sign up."""
    engine = create_engine(database_url)
    with engine.begin() as conn:
        school_id = conn.execute(text("SELECT min(id) FROM school")).scalar_one()
        conn.execute(
            text("INSERT INTO school_invitation (school_id, code, uses, created_at) VALUES (:s, 'CHARGE01', 0, :now)"),
            {"s": school_id, "now": datetime.now(UTC)},
        )
    engine.dispose()
    return "CHARGE01"


@pytest.fixture()
def server(loaded_database_url, tmp_path):
    """gunicorn (2 workers, scripts/gunicorn.conf.py) serving the load kit's application on a free
    port, with the fake encoder."""
    port = free_port()
    env = {
        **os.environ,
        "VTE_ENV": "local",
        "SECRET_KEY": "loadtest-only-not-secret",
        "DATABASE_URL": loaded_database_url,
        "VTE_INSTANCE_PATH": str(tmp_path),
        "VTE_BIND": f"127.0.0.1:{port}",
        "VTE_WORKERS": "2",
        "VTE_LOADTEST_ENCODER": "fake",
    }
    log = (tmp_path / "gunicorn.log").open("wb")
    process = subprocess.Popen(
        [sys.executable, "-m", "gunicorn", "-c", "scripts/gunicorn.conf.py", "scripts.loadtest_wsgi:app"],
        cwd=REPO,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    try:
        ready = False
        for _ in range(60):
            if process.poll() is not None:
                break
            ready = wait_ready.wait(f"http://127.0.0.1:{port}/readyz", timeout=1, interval=0.2)
            if ready:
                break
        if not ready:
            pytest.fail("gunicorn did not get ready:\n" + (tmp_path / "gunicorn.log").read_text()[-3000:])
        yield Namespace(
            url=f"http://127.0.0.1:{port}",
            database_url=loaded_database_url,
            log=tmp_path / "gunicorn.log",
            invitation_code=school_invitation(loaded_database_url),
        )
    finally:
        process.send_signal(signal.SIGTERM)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()
        log.close()


def test_ten_clients_for_ten_seconds_with_races_lose_nothing(server):
    args = loadtest.parse_args(
        ["--url", server.url, "--clients", "10", "--duration", "10", "--races", "--race-rounds", "1"]
        + ["--database-url", server.database_url, "--invitation-code", server.invitation_code]
    )
    report = loadtest.run_mixed(args)
    lines, failures = loadtest.summarise(report)
    print("\n".join(lines))
    errors = loadtest.error_classes(report.stats)
    assert errors["500"] == 0, lines
    assert failures == [], lines
    assert report.verdict.lost == 0 and report.verdict.duplicated == 0, report.verdict.problems
    assert {race.name for race in report.races if race.ok} == {race.name for race in report.races}
    assert len(report.races) == 9
    acked = {kind for kind, *_ in report.journal.acks}
    assert {"account", "company", "offer", "profile", "application"} <= acked
    # The verification would see an acknowledged write that is not in the database.
    report.journal.acks.append(("application", 10**9, "submitted", 0.0))
    report.journal.acks.append(("profile", "absent@insa-lyon.fr", (1, "p0"), 0.0))
    verdict = loadtest.verify(server.database_url, report.journal)
    assert verdict.lost == 2 and verdict.duplicated == 0


def test_a_race_with_two_winners_or_a_500_fails():
    won, lost, crashed = loadtest.Answer(200), loadtest.Answer(409), loadtest.Answer(500)
    assert loadtest.one_winner("ok", [won, lost]).ok
    assert not loadtest.one_winner("two winners", [won, won]).ok
    assert not loadtest.one_winner("no winner", [lost, lost]).ok
    assert not loadtest.one_winner("a crash", [won, crashed]).ok


def test_only_loopback_addresses_are_loaded():
    assert loadtest.require_loopback("http://127.0.0.1:8001") == ("127.0.0.1", 8001)
    for url in ("http://192.0.2.1:80", "https://127.0.0.1:8001", "http://example.org"):
        with pytest.raises(SystemExit):
            loadtest.require_loopback(url)


def test_503_during_an_outage_is_allowed_but_a_500_fails_the_run():
    stats = loadtest.Stats()
    stats.record("search", loadtest.Answer(503), 0.01)
    report = loadtest.MixedReport(1.0, stats, loadtest.Journal(), [], None, loadtest.Verdict(), True)
    assert loadtest.summarise(report)[1] == []
    stats.record("search", loadtest.Answer(500, error="Internal Server Error"), 0.01)
    assert loadtest.summarise(report)[1] == ["1 answers 5xx other than 503"]


def test_a_race_the_fault_interrupted_whole_is_fired_again(monkeypatch):
    """Both contenders answered 503 (the database restarting at that instant): none was served, so
    the race is fired again, as clients honouring Retry-After would; one 503 among answers is not."""
    monkeypatch.setattr(loadtest.time, "sleep", lambda seconds: None)

    def race(*rounds):
        """`fire` over contenders answering these statuses, one round after the other."""
        pending = iter(rounds)
        monkeypatch.setattr(loadtest, "_fire_once", lambda calls, clients: [loadtest.Answer(s) for s in next(pending)])
        return [a.status for a in loadtest.fire([lambda: None, lambda: None], [])]

    assert race([503, 503], [503, 503], [200, 409]) == [200, 409]
    assert race([200, 503], [200, 409]) == [200, 503]  # one was served: not fired again
