"""Values no field may hold, refused before they reach a view, a service or the database.

- Text with a NUL character (PostgreSQL refuses it in every text column) or a lone surrogate such
  as `"\\ud800"` (valid in a JSON escape, but not Unicode: it cannot be encoded in UTF-8).
- JSON nested deeper than `MAX_JSON_DEPTH` (no body needs more than a few levels; Python's parser
  raises RecursionError past about 1,000).
- Dates outside `EARLIEST_DATE`..`LATEST_DATE` (`0001-01-01` or `9999-12-31` parse, then overflow the
  day arithmetic of the owner's pages): the schemas' `BoundedDate` and the importers use `day_problem`.

`init_input_guard(app)` checks every request's query string, form fields and JSON body in one
`before_request` hook and answers 422 naming each bad field (nested like marshmallow's messages).
The CSV and JSON-lines importers call `text_problem` and `json_depth_problem` on their own lines.
"""

from __future__ import annotations

import json
import re
from datetime import date, datetime
from typing import Any

from flask import Flask, request

from .errors import InputError

MAX_JSON_DEPTH = 32
EARLIEST_DATE = date(1900, 1, 1)
LATEST_DATE = date(2100, 12, 31)
DATE_RANGE_MESSAGE = "Date hors limites : indiquez une date entre 1900 et 2100."
NUL_MESSAGE = "Caractère nul (U+0000) refusé."
SURROGATE_MESSAGE = "Texte invalide : caractère Unicode incomplet (demi-paire de substitution)."
DEPTH_MESSAGE = f"Structure JSON trop imbriquée ({MAX_JSON_DEPTH} niveaux au plus)."

_SURROGATE = re.compile("[\ud800-\udfff]")
# A JSON string (escapes included) or a bracket: strings are skipped whole, so a bracket inside one
# does not count.
_JSON_TOKEN = re.compile(rb'"(?:[^"\\]|\\.)*"|[\[\]{}]', re.S)


def text_problem(value: str | None) -> str | None:
    """Why `value` cannot be stored as text, in French, or None (also for no value at all: a
    multipart part without a name gives None)."""
    if not isinstance(value, str):
        return None
    if "\x00" in value:
        return NUL_MESSAGE
    if _SURROGATE.search(value):
        return SURROGATE_MESSAGE
    return None


def day_problem(value: date | datetime) -> str | None:
    """Why `value` is not a plausible date for this service (1900–2100), in French, or None."""
    day = value.date() if isinstance(value, datetime) else value
    return None if EARLIEST_DATE <= day <= LATEST_DATE else DATE_RANGE_MESSAGE


def json_depth_problem(raw: bytes) -> str | None:
    """The top-level key under which `raw` (a JSON text) nests deeper than `MAX_JSON_DEPTH`
    (`_schema` when the excess is not under a key of a top-level object), or None. Reads the
    brackets only, without parsing, so that it works where the parser would raise RecursionError."""
    if raw.count(b"[") + raw.count(b"{") <= MAX_JSON_DEPTH:
        return None
    stack: list[bytes] = []
    key = None
    for match in _JSON_TOKEN.finditer(raw):
        token = match.group()
        if token in (b"[", b"{"):
            stack.append(token)
            if len(stack) > MAX_JSON_DEPTH:
                return key if key is not None else "_schema"
        elif token in (b"]", b"}"):
            if stack:
                stack.pop()
            if len(stack) <= 1:
                key = None
        elif len(stack) == 1 and stack[0] == b"{":
            try:
                key = json.loads(token)
            except ValueError:
                key = None
    return None


def _walk(value: Any, problems: dict, key: Any) -> None:
    """Record in `problems[key]` what is wrong with `value` (nested dicts for objects and lists)."""
    if isinstance(value, str):
        message = text_problem(value)
        if message:
            problems[key] = [message]
    elif isinstance(value, dict):
        inner: dict = {}
        for name, item in value.items():
            message = text_problem(name)
            if message:
                inner[_printable(name)] = [message]
            else:
                _walk(item, inner, name)
        if inner:
            problems[key] = inner
    elif isinstance(value, list):
        inner = {}
        for position, item in enumerate(value):
            _walk(item, inner, position)
        if inner:
            problems[key] = inner


def _printable(name: str) -> str:
    return _SURROGATE.sub("\ufffd", name.replace("\x00", "\\0"))


def json_body_problems(raw: bytes) -> dict[str, Any]:
    """The bad fields of a JSON body, by name; {} when it is fine or not JSON at all (the view's
    parser then answers 400)."""
    deep = json_depth_problem(raw)
    if deep is not None:
        return {_printable(deep): [DEPTH_MESSAGE]}
    try:
        data = json.loads(raw)
    except (ValueError, RecursionError):
        return {}
    problems: dict[str, Any] = {}
    if isinstance(data, dict):
        for name, item in data.items():
            message = text_problem(name)
            if message:
                problems[_printable(name)] = [message]
            else:
                _walk(item, problems, name)
    else:
        _walk(data, problems, "_schema")
    return problems


def request_problems() -> dict[str, Any]:
    """The bad fields of the current request: query string, form fields, JSON body."""
    problems: dict[str, Any] = {}
    sources = [request.args]
    if request.mimetype in ("application/x-www-form-urlencoded", "multipart/form-data"):
        sources.append(request.form)
    for source in sources:
        for name, values in source.lists():
            messages = [m for m in (text_problem(name), *(text_problem(v) for v in values)) if m]
            if messages:
                problems[_printable(name)] = messages[:1]
    for name, value in (request.view_args or {}).items():
        if isinstance(value, str) and text_problem(value):
            problems[name] = [text_problem(value)]
    if request.is_json:
        problems.update(json_body_problems(request.get_data(cache=True)))
    return problems


def check_request() -> None:
    problems = request_problems()
    if problems:
        names = ", ".join(sorted(problems))
        raise InputError(f"Données invalides : {names}.", problems)


def init_input_guard(app: Flask) -> None:
    app.before_request(check_request)
