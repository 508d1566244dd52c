"""`students.jsonl` (formats.md, « Student »): validation and upsert by (source, id)."""

from __future__ import annotations

from sqlalchemy import select

from ..embedding_sync import embed_students
from ..models import Student
from ..school_registry import entered_school
from ..text import clean_skills
from ..vocab import ContractType, StudentStatus
from .common import EnteredSchool, Importer, SchoolCache, assign, chunks
from .fields import Record
from .places import LocationCache

STUDENT_KEYS = (
    "id",
    "first_name",
    "last_name",
    "email",
    "school",
    "programme",
    "level",
    "status",
    "summary",
    "skills",
    "languages",
    "contract_types",
    "available_from",
    "location",
    "max_distance_km",
    "wants_green",
    "visible",
)
STUDENT_REQUIRED = ("id", "school", "level", "status", "summary", "contract_types", "location")
MAX_DISTANCE_KM = 2000.0  # beyond, use null (anywhere in France)


class StudentImporter(Importer):
    kind = "students"
    allowed = STUDENT_KEYS
    required = STUDENT_REQUIRED

    def prepare(self, parsed):
        self.locations = LocationCache(self.session)
        self.locations.prefetch(data.get("location") for _, data in parsed)
        self.schools = SchoolCache(self.session)

    def validate(self, record: Record) -> dict | None:
        location = self.locations.resolve(record, "location")
        contract_types = record.choices("contract_types", ContractType)
        values = {
            "first_name": record.text("first_name", max_length=100),
            "last_name": record.text("last_name", max_length=100),
            "email": record.email("email"),
            "school_id": self.schools.resolve(record, "school"),
            "programme": record.text("programme", max_length=250),
            "level": record.level("level"),
            "status": record.choice("status", StudentStatus),
            "summary": record.text("summary", required=True),
            "skills": clean_skills(record.texts("skills", max_length=200) or []),
            "languages": _unique(record.texts("languages", max_length=100) or []),
            "contract_types": [c.value for c in contract_types or []],
            "available_from": record.day("available_from"),
            "max_distance_km": record.number("max_distance_km", minimum=0, maximum=MAX_DISTANCE_KM),
            "wants_green": record.boolean("wants_green"),
            "visible": record.boolean("visible"),
        }
        if location is not None:
            values.update(commune_code=location.commune_code, lat=location.lat, lon=location.lon)
        return values

    def write(self, records: list[dict]) -> list[Student]:
        self._entered_schools(records)
        existing: dict[str, Student] = {}
        ids = [r["source_id"] for r in records]
        for chunk in chunks(ids):
            for student in self.session.scalars(
                select(Student).where(Student.source == self.source, Student.source_id.in_(chunk))
            ):
                existing[student.source_id] = student
        rows = []
        for values in records:
            student = existing.get(values["source_id"])
            if student is None:
                student = Student(source=self.source, **values)
                self.session.add(student)
                self.report.created += 1
            elif assign(student, values):
                self.report.updated += 1
            else:
                self.report.unchanged += 1
            rows.append(student)
        self.session.flush()
        return rows

    def _entered_schools(self, records: list[dict]) -> None:
        """Schools the registry does not know are kept as entered (never a refused line), in
        unverified schools an admin attaches later; the report says which."""
        ids: dict[str, int] = {}
        for values in records:
            school = values["school_id"]
            if isinstance(school, EnteredSchool):
                if school.name not in ids:
                    ids[school.name] = entered_school(self.session, school.name).id
                values["school_id"] = ids[school.name]
        if ids:
            names = ", ".join(f"« {n} »" for n in list(ids)[:10]) + (" …" if len(ids) > 10 else "")
            self.report.warnings.append(
                f"Écoles inconnues du registre ou ambiguës, gardées telles que saisies et à rattacher par "
                f"un administrateur ({len(ids)}) : {names}."
            )

    def embed(self, rows, encoder, progress) -> int:
        return embed_students(self.session, encoder, rows, progress)


def _unique(labels: list[str]) -> list[str]:
    seen, result = set(), []
    for label in labels:
        key = label.casefold()
        if key not in seen:
            seen.add(key)
            result.append(label)
    return result
