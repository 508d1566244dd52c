"""Status changes that apply only to the state they were checked against.

A service reads a row, checks that a move is allowed from its status, then writes. Between the
read and the write another request may have moved the row; `move_status` writes with
`UPDATE … SET status = :new WHERE id = :id AND status = :checked`, so the loser of a race changes
nothing and gets a 409 instead of silently overwriting the winner (a lost update). On PostgreSQL
the second UPDATE waits for the first's row lock, then finds the status changed; on SQLite write
requests are serialised by BEGIN IMMEDIATE. Takes the session first; never commits.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import update
from sqlalchemy.orm import Session

from .errors import STALE_MESSAGE, ConflictError


def move_status(session: Session, row: Any, checked: Any, new: Any, message: str = STALE_MESSAGE) -> None:
    """Set `row.status` to `new` only if it is still `checked` in the database; ConflictError
    (409, on the field « status ») otherwise. The row object is updated too."""
    model = type(row)
    moved = session.execute(
        update(model)
        .where(model.id == row.id, model.status == checked)
        .values(status=new)
        .execution_options(synchronize_session=False)
    ).rowcount
    if moved != 1:
        raise ConflictError(message, {"status": [message]})
    session.expire(row, ["status"])
