"""What both importers share: the school lookup (locations are in `places`) and the two-phase
driver: validate every line, then write the valid ones, then embed them in one batch.

Nothing is written before every line has been checked, so a refused import leaves the session
untouched. Like every service, the driver flushes and never commits.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass
from typing import Any

from sqlalchemy.orm import Session

from ..errors import InputError
from ..school_registry import registry_index
from .fields import Record
from .report import ImportFailed, ImportReport, parse_lines

# progress(stage, done, total): stage is "validation", "écriture" or "embeddings".
Progress = Callable[[str, int, int], None] | None

IN_CHUNK = 1000  # values per SQL IN (...) list
PROGRESS_EVERY = 1000
ID_MAX_LENGTH = 100  # Offer.source_id / Student.source_id
SOURCE_MAX_LENGTH = 60  # Offer.source / Student.source

# --------------------------------------------------------------------------- cached lookups


def chunks(values: Sequence, size: int = IN_CHUNK) -> Iterator[Sequence]:
    for start in range(0, len(values), size):
        yield values[start : start + size]


@dataclass(frozen=True)
class EnteredSchool:
    """A school name the registry does not know (or that names several schools): the student is
    kept with the name as entered, in an unverified school written with the valid lines."""

    name: str


class SchoolCache:
    """Schools by UAI code, name or alias, the way people write them (vte.refdata.school_names)."""

    def __init__(self, session: Session):
        self.index = registry_index(session)
        self.entered: list[str] = []

    def resolve(self, record: Record, key: str) -> int | EnteredSchool | None:
        value = record.text(key, required=True, max_length=250)
        if value is None:
            return None
        resolution = self.index.resolve(value)
        if resolution.found:
            return resolution.school_id
        value = " ".join(value.split())
        if value not in self.entered:
            self.entered.append(value)
        return EnteredSchool(value)


def assign(row: Any, values: Mapping[str, Any]) -> bool:
    """Set the attributes that differ; True when anything changed."""
    changed = False
    for name, value in values.items():
        if getattr(row, name) != value:
            setattr(row, name, value)
            changed = True
    return changed


def check_source(source: str) -> str:
    text = (source or "").strip() if isinstance(source, str) else ""
    if not text or len(text) > SOURCE_MAX_LENGTH:
        message = f"Nom de source invalide : 1 à {SOURCE_MAX_LENGTH} caractères attendus."
        raise InputError(message, {"source": [message]})
    return text


# --------------------------------------------------------------------------- driver


class Importer:
    """One kind of record: its keys, how a line is validated and how valid lines are written."""

    kind = ""
    allowed: tuple[str, ...] = ()
    required: tuple[str, ...] = ()

    def __init__(self, session: Session, source: str, report: ImportReport):
        self.session = session
        self.source = source
        self.report = report

    def prepare(self, parsed: list[tuple[int, dict]]) -> None:
        """Load what validation needs, in a few queries."""

    def validate(self, record: Record) -> dict | None:
        raise NotImplementedError

    def write(self, records: list[dict]) -> list:
        """Create or update the rows (flushed); return them in file order."""
        raise NotImplementedError

    def embed(self, rows: list, encoder, progress) -> int:
        raise NotImplementedError

    def after(self, rows: list) -> None:
        """Anything to do once the rows are written and embedded."""


def run_import(
    importer_cls: type[Importer],
    session: Session,
    lines: Iterable[str],
    source: str,
    encoder,
    skip_invalid: bool,
    progress: Progress,
) -> ImportReport:
    started = time.perf_counter()
    source = check_source(source)
    report = ImportReport(importer_cls.kind, source)
    importer = importer_cls(session, source, report)
    parsed = list(parse_lines(lines, report))
    importer.prepare(parsed)

    valid: list[dict] = []
    seen_ids: dict[str, int] = {}
    for done, (line, data) in enumerate(parsed, start=1):
        record = Record(data, line, report.errors)
        record.check_keys(importer.allowed, importer.required)
        source_id = record.text("id", required=True, max_length=ID_MAX_LENGTH)
        if source_id is not None:
            if source_id in seen_ids:
                record.fail("id", f"identifiant « {source_id} » déjà utilisé ligne {seen_ids[source_id]}.")
            else:
                seen_ids[source_id] = line
        values = importer.validate(record)
        if not record.failed and values is not None:
            values["source_id"] = source_id
            valid.append(values)
        if progress and (done % PROGRESS_EVERY == 0 or done == len(parsed)):
            progress("validation", done, len(parsed))
    report.errors.sort(key=lambda e: e.line)  # stable: a line's errors keep their order
    if report.errors and not skip_invalid:
        report.seconds = time.perf_counter() - started
        raise ImportFailed(report)

    rows = importer.write(valid)
    if progress:
        progress("écriture", len(rows), len(rows))
    report.ids = [row.id for row in rows]
    if rows:
        report.embedded = importer.embed(
            rows, encoder, (lambda done, total: progress("embeddings", done, total)) if progress else None
        )
    importer.after(rows)
    session.flush()
    report.seconds = time.perf_counter() - started
    return report
