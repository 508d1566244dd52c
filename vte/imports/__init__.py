"""Import `students.jsonl` and `offers.jsonl` (see formats.md).

    report = import_offers(session, lines, source="pole-emploi", encoder=encoder)

Every line is validated first (strict: unknown keys, types, vocabularies, dates, locations,
schools, SIREN, NAF), collecting `LineError(line, field, message)` in French. When any line is
invalid and `skip_invalid` is false, `ImportFailed` (an `InputError` carrying the report) is raised
before anything is written. Otherwise the valid lines are written — a record already imported from
the same `source` with the same `id` is updated, not duplicated — and embedded in one batch. The
functions flush and never commit: the caller commits once (or rolls back).

`progress(stage, done, total)`, when given, is called during "validation", "écriture" and
"embeddings".
"""

from __future__ import annotations

from collections.abc import Iterable

from sqlalchemy.orm import Session

from .common import Progress, run_import
from .fields import LineError
from .offers import OfferImporter
from .report import ImportFailed, ImportReport
from .students import StudentImporter

__all__ = ["ImportFailed", "ImportReport", "LineError", "import_offers", "import_students"]


def import_students(
    session: Session,
    lines: Iterable[str],
    source: str,
    encoder,
    skip_invalid: bool = False,
    progress: Progress = None,
) -> ImportReport:
    """Create or update students from JSON Lines (`students.jsonl`)."""
    return run_import(StudentImporter, session, lines, source, encoder, skip_invalid, progress)


def import_offers(
    session: Session,
    lines: Iterable[str],
    source: str,
    encoder,
    skip_invalid: bool = False,
    progress: Progress = None,
) -> ImportReport:
    """Create or update offers, and their companies by SIREN, from JSON Lines (`offers.jsonl`)."""
    return run_import(OfferImporter, session, lines, source, encoder, skip_invalid, progress)
