"""Hostile values at every write endpoint of the JSON API (issue 12, point 9), with hypothesis.

The write endpoints are read from the URL map; each is called as a role that may use it, with the
valid body of the access matrix in which one field, chosen among the fields of its OpenAPI request
schema, holds a value that once caused a 500: a NUL character (PostgreSQL refuses it), a lone
surrogate such as "\\ud800" (not encodable in UTF-8), JSON nested thousands deep (RecursionError),
a date before 1900 or after 2100 (0001-01-01 and 9999-12-31 broke the owner's pages). The CSV import
gets a field over 131,072 characters (the csv module's limit) and a NUL.

Every answer must be a 422 naming the field (endpoints that read no body: anything but a 5xx), and
a refused request must leave every table as it was (no half-written record). Each example runs in a
savepoint rolled back afterwards, on a world seeded once for the module.
"""

from __future__ import annotations

import hashlib
import json
from datetime import date

import pytest
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis import strategies as st
from sqlalchemy import func, select
from sqlalchemy.orm import scoped_session, sessionmaker

from test_access_matrix import CSV_IMPORT, MATRIX, _fill
from vte.embeddings import FakeEncoder
from vte.extensions import db
from vte.index import reset_indexes
from world import ROLES, build_world

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}
WRITE_ENDPOINTS = sorted(key for key in MATRIX if key[0] in UNSAFE)
EXAMPLES = 8
DEEP = "\x01profond\x01"  # stands for the deeply nested JSON, spliced into the serialised body
SNAPSHOT_MAX_ROWS = 2000  # larger tables (reference data) are compared by their row count only
IGNORED_COLUMNS = {"last_used_at"}  # a token's use is not a write of the request's data
HYPOTHESIS = settings(
    max_examples=EXAMPLES,
    deadline=None,
    derandomize=True,
    phases=[Phase.explicit, Phase.generate],  # no shrinking: a failure is reported as found, at once
    report_multiple_bugs=False,
    suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow],
)


def write_routes(app) -> set[tuple[str, str]]:
    return {
        (method, rule.rule)
        for rule in app.url_map.iter_rules()
        if rule.rule.startswith("/api/")
        for method in rule.methods & UNSAFE
    }


def test_every_write_endpoint_is_attacked(app):
    assert write_routes(app) == set(WRITE_ENDPOINTS)


@pytest.fixture(scope="module")
def seeded(app):
    """The access matrix's world, inside a transaction rolled back at the end of the module, and
    the OpenAPI document."""
    app.config["VTE_ENCODER"] = FakeEncoder()
    with app.app_context():
        reset_indexes()
        connection = db.engine.connect()
    outer = connection.begin()
    original = db.session
    db.session = scoped_session(sessionmaker(bind=connection, join_transaction_mode="create_savepoint"))
    world = build_world(db.session, app.config["VTE_ENCODER"])
    db.session.remove()
    spec = app.test_client().get("/api/openapi.json").get_json()
    yield connection, world, spec
    db.session = original
    outer.rollback()
    connection.close()
    app.config.pop("VTE_ENCODER")
    with app.app_context():
        reset_indexes()


# --------------------------------------------------------------------------- what to send


def caller_role(expected: dict[str, int]) -> str:
    """A role that gets past authorisation: one with a 2xx, else one with a business refusal, else
    the anonymous caller (signing in with an unknown address is a 401 for everyone)."""
    for role in ROLES:
        if 200 <= expected[role] < 300:
            return role
    return next((role for role in ROLES if expected[role] not in (401, 403, 404)), "anonymous")


def resolve(spec: dict, schema: dict) -> dict:
    while "$ref" in schema:
        schema = spec["components"]["schemas"][schema["$ref"].rsplit("/", 1)[1]]
    if "allOf" in schema:
        return resolve(spec, schema["allOf"][0])
    return schema


def body_fields(spec: dict, method: str, rule: str) -> list[tuple[tuple, str]]:
    """(path, kind) of every field of the JSON request body: kind is "date", "date-time", "text"
    or "other" (numbers, booleans); array items get the index 0. [] without a JSON body."""
    path = rule.replace("<int:", "{").replace(">", "}")
    operation = spec["paths"][path][method.lower()]
    content = operation.get("requestBody", {}).get("content", {})
    if "application/json" not in content:
        return []
    found: list[tuple[tuple, str]] = []

    def walk(schema: dict, prefix: tuple) -> None:
        schema = resolve(spec, schema)
        if schema.get("type") == "object" or "properties" in schema:
            for name, sub in schema.get("properties", {}).items():
                if not sub.get("readOnly"):
                    walk(sub, (*prefix, name))
        elif schema.get("type") == "array":
            walk(schema.get("items", {}), (*prefix, 0))
        elif schema.get("type") == "string":
            found.append((prefix, schema.get("format") if schema.get("format") in ("date", "date-time") else "text"))
        else:
            found.append((prefix, "other"))

    walk(content["application/json"]["schema"], ())
    return found


def with_value(body: dict, path: tuple, value) -> dict:
    """A deep copy of `body` with `value` at `path` (dicts created on the way, lists replaced)."""
    copy = json.loads(json.dumps(body))
    target = copy
    for step, following in zip(path, path[1:], strict=False):
        if isinstance(following, int):
            target[step] = [None]
        elif not isinstance(target.get(step), dict):
            target[step] = {}
        target = target[step]
    if isinstance(path[-1], int):
        target[0] = value
    else:
        target[path[-1]] = value
    return copy


def serialise(body: dict, depth: int) -> bytes:
    """JSON with non-ASCII characters escaped (a lone surrogate becomes "\\ud800"), `DEEP` replaced
    by `depth` nested lists (which json.dumps itself could not write)."""
    text = json.dumps(body, ensure_ascii=True)
    return text.replace(json.dumps(DEEP), "[" * depth + "]" * depth).encode("ascii")


texts = st.text(st.characters(codec="utf-8", exclude_characters="\x00"), max_size=12)
nul_texts = st.builds(lambda a, b: f"{a}\x00{b}", texts, texts)
surrogate_texts = st.builds(
    lambda a, s, b: f"{a}{s}{b}", texts, st.characters(min_codepoint=0xD800, max_codepoint=0xDFFF), texts
)
far_days = st.dates(max_value=date(1899, 12, 31)) | st.dates(min_value=date(2101, 1, 1))


@st.composite
def attacks(draw, fields: list[tuple[tuple, str]]):
    """(field path, kind of attack, value): text with NUL or a lone surrogate, a deep structure,
    a date outside 1900–2100."""
    path, kind = draw(st.sampled_from(fields))
    choices = ["nul", "surrogate", "deep"] + (["far date"] if kind in ("date", "date-time") else [])
    attack = draw(st.sampled_from(choices))
    if attack == "nul":
        return path, attack, draw(nul_texts)
    if attack == "surrogate":
        return path, attack, draw(surrogate_texts)
    if attack == "deep":
        return path, attack, DEEP
    day = draw(far_days).isoformat()
    return path, attack, day if kind == "date" else f"{day}T12:00:00+01:00"


# --------------------------------------------------------------------------- what must hold


def snapshot(connection) -> dict[str, object]:
    """Every table's row count; the rows themselves (hashed) for the tables small enough."""
    state = {}
    for table in db.metadata.sorted_tables:
        count = connection.execute(select(func.count()).select_from(table)).scalar_one()
        if count > SNAPSHOT_MAX_ROWS:
            state[table.name] = count
            continue
        columns = [c for c in table.columns if c.name not in IGNORED_COLUMNS]
        rows = connection.execute(select(*columns).order_by(*table.primary_key.columns)).all()
        state[table.name] = (count, hashlib.sha256(repr(rows).encode()).hexdigest())
    return state


def call(app, seeded, method: str, rule: str, **request):
    """Call the endpoint as its role in a savepoint; the response and whether the tables changed."""
    connection, world, _spec = seeded
    template, _kwargs, expected = MATRIX[(method, rule)]
    role = caller_role(expected)
    headers = {"Authorization": f"Bearer {world.tokens[role]}"} if world.tokens[role] else {}
    savepoint = connection.begin_nested()
    try:
        with app.app_context():
            reset_indexes()
        before = snapshot(connection)
        response = app.test_client().open(_fill(template, world.ids), method=method, headers=headers, **request)
        db.session.remove()
        changed = snapshot(connection) != before
    finally:
        db.session.remove()
        savepoint.rollback()
    return response, changed


def error_fields(response) -> dict:
    return ((response.get_json(silent=True) or {}).get("error") or {}).get("fields") or {}


@pytest.mark.parametrize(("method", "rule"), [e for e in WRITE_ENDPOINTS if "/import" not in e[1]])
def test_hostile_json_is_refused_by_field_and_writes_nothing(app, seeded, method, rule):
    _connection, world, spec = seeded
    fields = body_fields(spec, method, rule)
    _template, kwargs, _expected = MATRIX[(method, rule)]
    baseline = {k: _fill(v, world.ids) for k, v in kwargs.get("json", {}).items()}
    # Endpoints without a body get one anyway, under a made-up name: they must ignore it or refuse it.
    targets = fields or [(("commentaire",), "text")]

    @HYPOTHESIS
    @given(attack=attacks(targets), depth=st.integers(min_value=40, max_value=20_000))
    def check(attack, depth):
        path, kind, value = attack
        body = serialise(with_value(baseline, path, value), depth)
        response, changed = call(app, seeded, method, rule, data=body, content_type="application/json")
        where = f"{method} {rule} with {kind} in {'.'.join(map(str, path))}"
        assert response.status_code < 500, f"{where}: {response.status_code}"
        if response.status_code >= 400:
            assert not changed, f"{where}: refused ({response.status_code}) but the tables changed"
        if fields:
            assert response.status_code == 422, f"{where}: {response.status_code} {response.get_data(as_text=True)}"
            assert path[0] in error_fields(response), f"{where}: the error does not name {path[0]}"

    check()


IMPORT = ("POST", "/api/v1/schools/<int:school_id>/students/import")
HEADER, LINE = CSV_IMPORT.splitlines()


@HYPOTHESIS
@given(
    column=st.sampled_from(HEADER.split(";")),
    value=nul_texts | st.integers(min_value=131_073, max_value=300_000).map(lambda n: "x" * n),
)
def test_hostile_csv_import_is_refused_by_line_and_writes_nothing(app, seeded, column, value):
    cells = dict(zip(HEADER.split(";"), LINE.split(";"), strict=True))
    cells[column] = value
    data = f"{HEADER}\n{';'.join(cells.values())}\n".encode()
    response, changed = call(app, seeded, *IMPORT, data=data, content_type="text/csv")
    assert response.status_code == 422, response.get_data(as_text=True)[:300]
    assert "ligne 2" in error_fields(response)
    assert not changed
