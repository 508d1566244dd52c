"""The outbox reaches a real SMTP server (aiosmtpd, on a free local port): what it received is what
a user would read; retries with back-off, dead letters, and each e-mail sent once even when two
senders run at the same time (issue 13, « real delivery »)."""

from __future__ import annotations

import socket
import threading
from datetime import UTC, datetime, timedelta
from email import message_from_bytes, policy

import pytest
from aiosmtpd.controller import Controller
from flask_migrate import upgrade
from sqlalchemy import select
from sqlalchemy.orm import Session

from factories import TEST_FIT_MODEL
from vte import create_app
from vte.extensions import db
from vte.mailer import BACKOFF, MAX_ATTEMPTS, SmtpSettings, send_due
from vte.models import OutboxEmail


class Inbox:
    """An aiosmtpd handler keeping every message it accepted; `refuse` answers 550 to an address."""

    def __init__(self):
        self.messages = []
        self.refuse: set[str] = set()
        self.lock = threading.Lock()

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):  # noqa: N802 - aiosmtpd hook
        if address in self.refuse:
            return "550 5.1.1 Boîte inconnue"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):  # noqa: N802 - aiosmtpd hook
        with self.lock:
            self.messages.append(message_from_bytes(envelope.content, policy=policy.default))
        return "250 Message accepted for delivery"


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture()
def smtp_server():
    inbox = Inbox()
    controller = Controller(inbox, hostname="127.0.0.1", port=_free_port())
    controller.start()
    yield inbox, SmtpSettings(host="127.0.0.1", port=controller.port, sender="VTE Match <no-reply@vte.example>")
    controller.stop()


@pytest.fixture()
def sessions(empty_database_url, tmp_path):
    """Sessions on a migrated database of their own: the senders commit for real, from threads."""
    app = create_app(
        {
            "ENV_NAME": "testing",
            "SQLALCHEMY_DATABASE_URI": empty_database_url,
            "INSTANCE_PATH": str(tmp_path),
            "VTE_FIT_MODEL_FILE": TEST_FIT_MODEL,
        }
    )
    with app.app_context():
        upgrade()
        engine = db.engine
        yield lambda: Session(engine)
        engine.dispose()


def _queue(factory, *mails):
    with factory() as session:
        for to, subject, body in mails:
            session.add(OutboxEmail(to_email=to, subject=subject, body=body, kind="test"))
        session.commit()


def _rows(factory):
    with factory() as session:
        return session.scalars(select(OutboxEmail).order_by(OutboxEmail.id)).all()


def test_the_outbox_is_delivered_in_french_and_marked_sent(smtp_server, sessions):
    inbox, settings = smtp_server
    _queue(sessions, ("lea@exemple.fr", "VTE Match : choisir un nouveau mot de passe", "Bonjour Léa,\nVoici le lien…"))
    report = send_due(sessions, settings)
    assert (report.sent, report.retried, report.dead) == (1, 0, 0)
    [message] = inbox.messages
    assert message["To"] == "lea@exemple.fr" and message["From"] == "VTE Match <no-reply@vte.example>"
    assert message["Subject"] == "VTE Match : choisir un nouveau mot de passe"
    assert "Bonjour Léa" in message.get_content()
    assert _rows(sessions)[0].sent_at is not None
    assert send_due(sessions, settings).sent == 0 and len(inbox.messages) == 1  # nothing sent twice


def test_an_alert_carries_a_one_click_unsubscribe_header_and_other_mails_do_not(smtp_server, sessions):
    inbox, settings = smtp_server
    stop = "https://vte.example/alertes/desabonner/abc.def"
    with sessions() as session:
        session.add(
            OutboxEmail(
                to_email="lea@exemple.fr", subject="2 nouvelles offres", body="…", kind="alert", unsubscribe_url=stop
            )
        )
        session.add(OutboxEmail(to_email="lea@exemple.fr", subject="Mot de passe", body="…", kind="password_reset"))
        session.commit()
    assert send_due(sessions, settings).sent == 2
    alert, reset = sorted(inbox.messages, key=lambda m: m["Subject"])
    assert alert["List-Unsubscribe"] == f"<{stop}>"
    assert alert["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert reset["List-Unsubscribe"] is None and reset["List-Unsubscribe-Post"] is None


def test_two_senders_at_once_send_each_email_once(smtp_server, sessions):
    inbox, settings = smtp_server
    _queue(sessions, *[(f"etudiant{i}@exemple.fr", f"Message {i}", "Bonjour") for i in range(40)])
    barrier = threading.Barrier(2)
    reports = []

    def sender():
        barrier.wait()
        reports.append(send_due(sessions, settings, limit=40))

    threads = [threading.Thread(target=sender) for _ in range(2)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    received = sorted(m["To"] for m in inbox.messages)
    assert received == sorted(f"etudiant{i}@exemple.fr" for i in range(40))
    assert sum(r.sent for r in reports) == 40
    assert all(r.sent_at is not None for r in _rows(sessions))


def test_an_unreachable_server_is_retried_with_backoff_then_dead(sessions):
    _queue(sessions, ("lea@exemple.fr", "Sujet", "Corps"))
    down = SmtpSettings(host="127.0.0.1", port=_free_port(), timeout=2)
    clock = [datetime.now(UTC)]
    report = send_due(sessions, down, now=lambda: clock[0])
    assert (report.sent, report.retried) == (0, 1)
    row = _rows(sessions)[0]
    assert row.attempts == 1 and row.last_error and row.next_attempt_at is not None
    assert send_due(sessions, down, now=lambda: clock[0]).retried == 0  # not due yet
    for attempt in range(2, MAX_ATTEMPTS + 1):
        clock[0] += BACKOFF[attempt - 2] + timedelta(seconds=1)
        send_due(sessions, down, now=lambda: clock[0])
    row = _rows(sessions)[0]
    assert row.attempts == MAX_ATTEMPTS and row.dead_at is not None and row.sent_at is None


def test_a_refused_mailbox_is_a_dead_letter_at_once(smtp_server, sessions):
    inbox, settings = smtp_server
    inbox.refuse.add("inconnu@exemple.fr")
    _queue(sessions, ("inconnu@exemple.fr", "Sujet", "Corps"), ("lea@exemple.fr", "Sujet", "Corps"))
    report = send_due(sessions, settings)
    assert (report.sent, report.dead) == (1, 1)
    dead, sent = _rows(sessions)
    assert dead.dead_at is not None and "550" in dead.last_error and sent.sent_at is not None


def test_a_crashed_senders_claim_expires(smtp_server, sessions):
    from vte.mailer import CLAIM_SECONDS, claim_batch

    inbox, settings = smtp_server
    _queue(sessions, ("lea@exemple.fr", "Sujet", "Corps"))
    now = datetime.now(UTC)
    with sessions() as session:
        claim_batch(session, 10, now)  # a sender claims, then dies
        session.commit()
    assert send_due(sessions, settings, now=lambda: now).sent == 0
    later = now + timedelta(seconds=CLAIM_SECONDS + 1)
    assert send_due(sessions, settings, now=lambda: later).sent == 1
    assert len(inbox.messages) == 1


def test_the_command_needs_a_server(cli_runner):
    result = cli_runner.invoke(args=["send-mail"])
    assert result.exit_code != 0 and "VTE_SMTP_HOST" in result.output
