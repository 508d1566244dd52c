"""Status changes apply only to the state they were checked against: a request that read an
application or an offer before another request moved it changes nothing and gets a 409 (no lost
update, no forked history, no second placement)."""

from __future__ import annotations

import pytest
from sqlalchemy import func, select, update
from sqlalchemy.orm.attributes import set_committed_value

from vte.applications import change_status
from vte.errors import ConflictError
from vte.models import Application, ApplicationEvent, Offer, Placement, User
from vte.offers import close_offer, publish_offer
from vte.vocab import ApplicationStatus, OfferStatus
from world import build_world


@pytest.fixture()
def world(db_session, fake_encoder):
    return build_world(db_session, fake_encoder)


def behind_its_back(session, model, row_id, status):
    """Another request's committed change, which the loaded object does not see."""
    session.execute(
        update(model).where(model.id == row_id).values(status=status).execution_options(synchronize_session=False)
    )


def recruiter(session):
    return session.scalars(select(User).where(User.email == "recruteur.a@matrice.fr")).one()


def test_a_company_move_after_the_student_withdrew_is_refused(db_session, world):
    application = db_session.get(Application, world.ids["app_a"])
    assert application.status == ApplicationStatus.SUBMITTED
    behind_its_back(db_session, Application, application.id, ApplicationStatus.WITHDRAWN)
    with pytest.raises(ConflictError) as refused:
        change_status(db_session, application, recruiter(db_session), ApplicationStatus.REVIEWED)
    assert "vient de changer d'état" in refused.value.message and "status" in refused.value.fields
    db_session.expire_all()
    assert db_session.get(Application, world.ids["app_a"]).status == ApplicationStatus.WITHDRAWN
    events = db_session.scalars(
        select(ApplicationEvent.to_status).where(ApplicationEvent.application_id == application.id)
    )
    assert "reviewed" not in list(events)


def test_a_second_hire_from_a_stale_page_records_no_second_placement(db_session, world):
    application = db_session.get(Application, world.ids["app_a"])
    behind_its_back(db_session, Application, application.id, ApplicationStatus.OFFERED)
    db_session.expire(application)
    change_status(db_session, application, recruiter(db_session), ApplicationStatus.HIRED)
    # A second page loaded the application while it was still « offered » and hires again.
    set_committed_value(application, "status", ApplicationStatus.OFFERED)
    with pytest.raises(ConflictError):
        change_status(db_session, application, recruiter(db_session), ApplicationStatus.HIRED)
    count = db_session.scalar(select(func.count(Placement.id)).where(Placement.application_id == application.id))
    assert count == 1


def test_a_legal_move_goes_through_and_is_recorded(db_session, world):
    application = db_session.get(Application, world.ids["app_a"])
    change_status(db_session, application, recruiter(db_session), ApplicationStatus.REVIEWED)
    db_session.expire_all()
    assert db_session.get(Application, world.ids["app_a"]).status == ApplicationStatus.REVIEWED


def test_publishing_a_draft_that_another_request_published_is_a_409(db_session, world, fake_encoder):
    draft = db_session.get(Offer, world.ids["draft_a"])
    behind_its_back(db_session, Offer, draft.id, OfferStatus.PUBLISHED)
    with pytest.raises(ConflictError):
        publish_offer(db_session, fake_encoder, draft, [])
    closed = db_session.get(Offer, world.ids["offer_a"])
    behind_its_back(db_session, Offer, closed.id, OfferStatus.CLOSED)
    with pytest.raises(ConflictError):
        close_offer(db_session, fake_encoder, closed)
