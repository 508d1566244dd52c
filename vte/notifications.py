"""E-mails about applications, written to the outbox in the transaction of the change (sent by
`flask send-mail`): a company is told of a new or withdrawn application, a student of every
decision on theirs. Flush, never commit."""

from __future__ import annotations

from sqlalchemy.orm import Session

from .company_verification import recruiter_emails
from .links import absolute_url
from .models import Application, OutboxEmail, Student, User
from .vocab import ApplicationStatus

APPLICATION_KIND = "application"
# What a student reads when the company moves their application to a status.
STUDENT_NEWS = {
    ApplicationStatus.REVIEWED: "L'entreprise a examiné votre candidature.",
    ApplicationStatus.INTERVIEW: "L'entreprise souhaite vous rencontrer : elle va vous contacter pour un entretien.",
    ApplicationStatus.OFFERED: "L'entreprise vous fait une proposition d'embauche.",
    ApplicationStatus.HIRED: "Votre embauche est enregistrée. Félicitations !",
    ApplicationStatus.REJECTED: (
        "L'entreprise n'a pas retenu votre candidature. D'autres offres vous attendent sur VTE Match."
    ),
}


def _name(student: Student | None) -> str:
    if student is None:
        return "Un candidat"
    return " ".join(p for p in (student.first_name, student.last_name) if p) or "Un candidat"


def _add(session: Session, to: str, subject: str, body: str) -> None:
    session.add(OutboxEmail(to_email=to, subject=subject[:250], body=body, kind=APPLICATION_KIND))


def application_received(session: Session, application: Application) -> None:
    """Tell the company's recruiters that a student applied."""
    offer = application.offer
    link = absolute_url("web.company_application", application_id=application.id)
    for email in recruiter_emails(session, offer.company_id):
        _add(
            session,
            email,
            f"Nouvelle candidature : {offer.title}",
            f"Bonjour,\n\n{_name(application.student)} a postulé à votre offre « {offer.title} ».\n"
            + (f"Voir la candidature : {link}\n" if link else "")
            + "\nL'équipe VTE Match",
        )
    session.flush()


def status_changed(session: Session, application: Application, to: ApplicationStatus) -> None:
    """A withdrawal is told to the company; any other decision to the student."""
    offer = application.offer
    student = application.student
    if to == ApplicationStatus.WITHDRAWN:
        link = absolute_url("web.company_application", application_id=application.id)
        for email in recruiter_emails(session, offer.company_id):
            _add(
                session,
                email,
                f"Candidature retirée : {offer.title}",
                f"Bonjour,\n\n{_name(student)} a retiré sa candidature à votre offre « {offer.title} ».\n"
                + (f"{link}\n" if link else "")
                + "\nL'équipe VTE Match",
            )
    elif to in STUDENT_NEWS and student is not None and student.user_id is not None:
        account = session.get(User, student.user_id)
        link = absolute_url("web.student_application", application_id=application.id)
        _add(
            session,
            account.email,
            f"Votre candidature « {offer.title} » chez {offer.company.name}",
            f"Bonjour,\n\n{STUDENT_NEWS[to]}\n\nOffre : « {offer.title} » chez {offer.company.name}.\n"
            + (f"Suivre votre candidature : {link}\n" if link else "")
            + "\nL'équipe VTE Match",
        )
    session.flush()
