"""`flask --app vte send-mail`: deliver the outbox to the SMTP server (vte.mailer), from cron or a
systemd timer (`--loop` keeps running). Unlike other commands it commits per e-mail: a claim, then
the outcome, so that a crash or a second sender never sends one e-mail twice."""

from __future__ import annotations

import time

import click
from flask import current_app
from flask.cli import with_appcontext
from sqlalchemy.orm import Session

from .extensions import db
from .mailer import MailerNotConfigured, SmtpSettings, send_due


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
