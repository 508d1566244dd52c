"""`flask --app vte send-mail`: deliver the outbox to the SMTP server (vte.mailer), from cron or a
systemd timer (`--loop` keeps running). Unlike other commands it commits per e-mail: a claim, then
the outcome, so that a crash or a second sender never sends one e-mail twice."""

from __future__ import annotations

import time
from datetime import UTC, datetime

import click
from flask import current_app, url_for
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from .alerts import due_alerts, run_alert
from .database import write_transactions
from .embeddings import get_encoder
from .extensions import db
from .mailer import MailerNotConfigured, SmtpSettings, send_due
from .vte_label import send_label_reminders


@click.command("send-mail")
@click.option("--batch", default=100, show_default=True, help="E-mails sent per SMTP connection.")
@click.option("--loop", type=float, default=None, help="Keep sending, waiting this many seconds between rounds.")
@with_appcontext
def send_mail_command(batch: int, loop: float | None) -> None:
    """Send the due e-mails of the outbox (retries with back-off; dead letters after the last)."""
    try:
        settings = SmtpSettings.from_config(current_app.config)
    except MailerNotConfigured as exc:
        raise click.ClickException(f"{exc} Set VTE_SMTP_HOST (and VTE_SMTP_PORT, VTE_MAIL_FROM…).") from None
    while True:
        report = send_due(lambda: Session(db.engine), settings, limit=batch)
        click.echo(f"sent {report.sent}, to retry {report.retried}, dead letters {report.dead}")
        for line in report.errors:
            click.echo(f"  {line}", err=True)
        if loop is None:
            return
        if report.sent < batch:
            time.sleep(loop)


@click.command("send-reminders")
@with_appcontext
def send_reminders_command() -> None:
    """Queue today's reminders (daily, from cron): the VTE label to request 30 and 7 days before
    its deadline. `send-mail` then delivers them."""
    with write_transactions():
        count = send_label_reminders(db.session)
        db.session.commit()
    click.echo(f"reminders queued for {count} hire(s)")


@click.command("send-alerts")
@with_appcontext
def send_alerts_command() -> None:
    """Run the saved searches that are due (daily, from cron): an e-mail per alert with new offers,
    none when nothing is new. Links point to VTE_PUBLIC_URL."""
    config = current_app.config
    encoder = get_encoder(config)
    now = datetime.now(UTC)
    queued = 0
    with current_app.test_request_context(base_url=config["VTE_PUBLIC_URL"]), write_transactions():
        for alert in due_alerts(db.session, now):
            queued += run_alert(
                db.session,
                encoder,
                config,
                alert,
                now,
                lambda offer_id: url_for("web.offer", offer_id=offer_id, _external=True),
                lambda token: url_for("web.alert_unsubscribe", token=token, _external=True),
            )
            db.session.commit()  # one alert at a time: a crash never re-sends the ones done
    click.echo(f"alert e-mails queued: {queued}")
