"""The VTE label step after a hire. Flush, never commit.

After hiring a young person, the company requests the VTE label on Bpifrance's platform within
six months of the hire, and the young person and the company sign the VTE charter (issue 14,
from vte-france.fr's FAQ for companies, checked 2026-12-04). The pipeline shows this checklist
with its deadline; `flask --app vte send-reminders` (daily, from cron) e-mails the company's
recruiters 30 and 7 days before the deadline while the label is not requested; the statistics
count labelled placements.
"""

from __future__ import annotations

import calendar
from datetime import UTC, date, datetime, timedelta
from typing import Any

from sqlalchemy import select, update
from sqlalchemy.orm import Session

from .company_verification import recruiter_emails
from .errors import ConflictError, InputError
from .models import Application, Company, OutboxEmail, Placement, as_utc

LABEL_DEADLINE_MONTHS = 6
LABEL_SOURCE = "vte-france.fr, FAQ entreprises (vérifié le 04/12/2026)"
# Reminders before the deadline, in days; the n-th is sent once `label_reminders_sent` < n.
REMINDER_DAYS = (30, 7)
STEPS = {"label_requested": "label_requested_at", "charter_signed": "charter_signed_at"}
STEP_LABELS = {
    "label_requested": "Label VTE demandé sur la plateforme de Bpifrance",
    "charter_signed": "Charte VTE signée par le jeune et l'entreprise",
}
STALE_STEP = "Cette étape vient d'être modifiée par ailleurs : rechargez la page."


def add_months(day: date, months: int) -> date:
    month = day.month - 1 + months
    year, month = day.year + month // 12, month % 12 + 1
    return date(year, month, min(day.day, calendar.monthrange(year, month)[1]))


def label_deadline(placement: Placement) -> date:
    return add_months(as_utc(placement.hired_at).date(), LABEL_DEADLINE_MONTHS)


def label_status(placement: Placement, today: date | None = None) -> dict[str, Any]:
    """The checklist of a placement: each step done or not, the deadline and how far it is."""
    today = today or datetime.now(UTC).date()
    deadline = label_deadline(placement)
    steps = [
        {"code": code, "label": STEP_LABELS[code], "done_at": getattr(placement, column)}
        for code, column in STEPS.items()
    ]
    done = all(step["done_at"] is not None for step in steps)
    return {
        "deadline": deadline,
        "days_left": (deadline - today).days,
        "overdue": not done and placement.label_requested_at is None and today > deadline,
        "done": done,
        "steps": steps,
        "source": LABEL_SOURCE,
    }


def placement_of(session: Session, application: Application) -> Placement:
    """The hire of an application; 409 before the hire."""
    placement = session.scalars(select(Placement).where(Placement.application_id == application.id)).first()
    if placement is None:
        message = "Le label VTE se demande après l'embauche : cette candidature n'est pas « embauchée »."
        raise ConflictError(message, {"step": [message]})
    return placement


def set_label_step(session: Session, placement: Placement, step: str, done: bool) -> Placement:
    """Tick (or untick) one step; applies only if the step is still in the state the user saw."""
    if step not in STEPS:
        raise InputError.on("step", f"Étape inconnue : « {step} » (label_requested ou charter_signed).")
    column = getattr(Placement, STEPS[step])
    changed = session.execute(
        update(Placement)
        .where(Placement.id == placement.id, column.is_(None) if done else column.is_not(None))
        .values({STEPS[step]: datetime.now(UTC) if done else None})
        .execution_options(synchronize_session=False)
    )
    if changed.rowcount != 1:
        raise ConflictError(STALE_STEP, {"step": [STALE_STEP]})
    session.refresh(placement)
    return placement


def labelled_count(placements) -> int:
    return sum(1 for p in placements if p.label_requested_at is not None)


def send_label_reminders(session: Session, today: date | None = None) -> int:
    """Queue the reminders due today (30 and 7 days before the deadline, label not requested),
    once each even when two runs overlap; returns how many placements were reminded."""
    today = today or datetime.now(UTC).date()
    reminded = 0
    rows = session.scalars(
        select(Placement).where(
            Placement.label_requested_at.is_(None),
            Placement.company_id.is_not(None),
            Placement.label_reminders_sent < len(REMINDER_DAYS),
        )
    ).all()
    for placement in rows:
        deadline = label_deadline(placement)
        due = sum(1 for days in REMINDER_DAYS if today >= deadline - timedelta(days=days))
        if due <= placement.label_reminders_sent or today > deadline:
            continue
        claimed = session.execute(
            update(Placement)
            .where(Placement.id == placement.id, Placement.label_reminders_sent == placement.label_reminders_sent)
            .values(label_reminders_sent=due)
            .execution_options(synchronize_session=False)
        )
        if claimed.rowcount != 1:
            continue
        company = session.get(Company, placement.company_id)
        for email in recruiter_emails(session, placement.company_id):
            session.add(
                OutboxEmail(
                    to_email=email,
                    kind="vte_label_reminder",
                    subject=f"VTE Match : demandez le label VTE avant le {deadline.strftime('%d/%m/%Y')}",
                    body=(
                        "Bonjour,\n\n"
                        f"Pour l'embauche du {as_utc(placement.hired_at).strftime('%d/%m/%Y')} chez "
                        f"{company.name if company else 'votre entreprise'}, le label VTE doit être demandé sur la "
                        f"plateforme de Bpifrance avant le {deadline.strftime('%d/%m/%Y')} "
                        f"({(deadline - today).days} jours), et la charte VTE signée par le jeune et l'entreprise.\n"
                        "Cochez l'étape dans VTE Match une fois faite : les rappels s'arrêtent.\n\n"
                        "L'équipe VTE Match"
                    ),
                )
            )
        reminded += 1
    session.flush()
    return reminded
