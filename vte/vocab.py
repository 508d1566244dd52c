"""Controlled vocabularies shared by the models, the schemas and the importers (pure, no I/O).

Values are the interchange-format spellings of `formats.md`; labels are the French texts shown to
users.
"""

from __future__ import annotations

import enum
import re

from unidecode import unidecode


class Role(str, enum.Enum):
    STUDENT = "student"
    COMPANY = "company"
    SCHOOL = "school"
    ADMIN = "admin"


class ContractType(str, enum.Enum):
    APPRENTISSAGE = "apprentissage"
    PROFESSIONNALISATION = "professionnalisation"
    CDD = "cdd"
    CDI = "cdi"


CONTRACT_LABELS = {
    ContractType.APPRENTISSAGE: "Contrat d'apprentissage",
    ContractType.PROFESSIONNALISATION: "Contrat de professionnalisation",
    ContractType.CDD: "CDD (12 mois ou plus)",
    ContractType.CDI: "CDI",
}

WORK_STUDY_CONTRACTS = frozenset({ContractType.APPRENTISSAGE, ContractType.PROFESSIONNALISATION})


class StudentStatus(str, enum.Enum):
    ALTERNANCE = "alternance"
    GRADUATE = "graduate"
    STUDENT = "student"


class Remote(str, enum.Enum):
    NONE = "none"
    PARTIAL = "partial"
    FULL = "full"


class OfferStatus(str, enum.Enum):
    DRAFT = "draft"
    PUBLISHED = "published"
    CLOSED = "closed"


class ApplicationStatus(str, enum.Enum):
    SUBMITTED = "submitted"
    REVIEWED = "reviewed"
    INTERVIEW = "interview"
    OFFERED = "offered"
    HIRED = "hired"
    REJECTED = "rejected"
    WITHDRAWN = "withdrawn"


class SchoolKind(str, enum.Enum):
    ENGINEERING = "engineering"
    BUSINESS = "business"
    UNIVERSITY = "university"
    OTHER = "other"  # a school typed by a student that the registry does not know (kind unknown)


class TokenScope(str, enum.Enum):
    """What a personal API token may do: `read` allows GET, HEAD and OPTIONS only."""

    READ = "read"
    WRITE = "write"


MAX_TOKEN_DAYS = 365  # a personal API token works 1 to 365 days


# Levels are stored as the number of years after the baccalauréat: "bac+5" <-> 5.
LEVEL_MIN, LEVEL_MAX = 2, 8


def parse_level(value: str) -> int:
    """`"bac+5"` -> 5. Raises ValueError for anything outside bac+2 ... bac+8."""
    text = str(value).strip().lower().replace(" ", "")
    if not text.startswith("bac+"):
        raise ValueError(f"niveau invalide : {value!r} (attendu bac+2 … bac+8)")
    try:
        level = int(text[4:])
    except ValueError:
        raise ValueError(f"niveau invalide : {value!r} (attendu bac+2 … bac+8)") from None
    if not LEVEL_MIN <= level <= LEVEL_MAX:
        raise ValueError(f"niveau invalide : {value!r} (attendu bac+2 … bac+8)")
    return level


# Words for a level that people write in files (the CSV import of a school), by number of years
# after the baccalauréat. Only diplomas whose level is unambiguous: not « bachelor » (3 or 4
# years), « MBA » or « MS » (a mastère spécialisé or a Master of Science), nor a bare number.
LEVEL_WORDS: dict[int, tuple[str, ...]] = {
    2: ("BTS", "DUT", "DEUST", "L2", "licence 2"),
    3: ("licence", "L3", "licence 3", "licence pro", "licence professionnelle", "BUT"),
    4: ("M1", "master 1", "maîtrise"),
    5: ("master", "M2", "master 2", "diplôme d'ingénieur", "ingénieur", "MSc", "master of science"),
    6: ("mastère spécialisé",),
    8: ("doctorat", "doctorate", "PhD"),
}


def word_key(value: str) -> str:
    """What is left of a word to compare it: lower case, no accents, letters, digits and `+` only.
    `"Bac +5"` -> `"bac+5"`, `"Diplôme d'ingénieur"` -> `"diplomedingenieur"`."""
    return re.sub(r"[^a-z0-9+]", "", unidecode(str(value)).lower())


_LEVEL_BY_KEY = {word_key(word): level for level, words in LEVEL_WORDS.items() for word in words}


def read_level(value: str) -> int:
    """A level as people write it: `parse_level`'s `bac+5` (any case and spacing) or a word of
    `LEVEL_WORDS` (`"M2"`, `"Master"`, `"licence"` ...). Raises ValueError otherwise."""
    key = word_key(value)
    if key in _LEVEL_BY_KEY:
        return _LEVEL_BY_KEY[key]
    return parse_level(key)


def format_level(level: int) -> str:
    return f"bac+{level}"
