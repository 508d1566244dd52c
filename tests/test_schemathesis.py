"""Property-based tests of the whole OpenAPI document with schemathesis.

Every operation is called with generated requests (valid and invalid), as each role in turn, on a
seeded database; no response may be a server error or break the documented schema. Each example
runs in a savepoint rolled back afterwards, so examples do not depend on each other.
"""

from __future__ import annotations

import itertools

import pytest
import schemathesis
from hypothesis import HealthCheck, settings
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    response_schema_conformance,
    status_code_conformance,
)
from sqlalchemy.orm import scoped_session, sessionmaker

from vte.embeddings import FakeEncoder
from vte.extensions import db
from vte.index import reset_indexes
from world import ROLES, build_world

EXAMPLES_PER_OPERATION = 16
# What the API promises: never a server error, only documented statuses and content types, bodies
# that match the document. (Schema-valid data may still be refused with a 4xx naming the field:
# an unknown INSEE code is a string of 5 characters all the same.)
CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]


@pytest.fixture(scope="module")
def seeded(app):
    """The shared world, inside a transaction rolled back at the end of the module."""
    app.config["VTE_ENCODER"] = FakeEncoder()
    with app.app_context():
        reset_indexes()
        connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = scoped_session(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))
    world = build_world(db.session, app.config["VTE_ENCODER"])
    db.session.remove()
    yield connection, world
    db.session = original
    outer.rollback()
    connection.close()
    app.config.pop("VTE_ENCODER")
    with app.app_context():
        reset_indexes()


@pytest.fixture(scope="module")
def api_schema(app):
    return schemathesis.openapi.from_wsgi("/api/openapi.json", app)


schema = schemathesis.pytest.from_fixture("api_schema")
_roles = itertools.cycle(ROLES)


@schema.parametrize()
@settings(
    max_examples=EXAMPLES_PER_OPERATION,
    deadline=None,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.filter_too_much],
)
def test_api_never_fails_and_keeps_its_schema(case, seeded):
    connection, world = seeded
    role = next(_roles)
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} if world.tokens[role] else {}
    savepoint = connection.begin_nested()
    try:
        case.call_and_validate(headers=headers, checks=CHECKS)
    finally:
        db.session.remove()
        savepoint.rollback()
