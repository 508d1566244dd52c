"""Pure text handling: search keys, skill normalisation, and the texts that get embedded.

What is embedded (and so what the semantic score compares):
- an offer: its title, its skills and its description, as a *passage*; its mission alone (the same
  without the company's introduction, `offer_mission_text`);
- a student: their programme, their skills and their summary, as a *query* (a student looks for
  offers, so the asymmetric e5 convention puts the profile on the query side); and what they want
  alone (`student_wish_text`).
The encoder adds the model's prefixes (`query: ` / `passage: `); these functions return bare text.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable

from unidecode import unidecode

_SPACES = re.compile(r"\s+")
_SEPARATORS = re.compile(r"[-'’‘`_/]")
_NON_WORD = re.compile(r"[^0-9a-z+#. ]")


def fold(text: str) -> str:
    """Lower-case, accents removed, hyphens and apostrophes as spaces, spaces collapsed."""
    text = unidecode(text or "").lower()
    text = _SEPARATORS.sub(" ", text)
    return _SPACES.sub(" ", text).strip()


def normalise_skill(label: str) -> str:
    """A comparable form of a free-form skill label ("SolidWorks 3D" -> "solidworks 3d")."""
    text = _NON_WORD.sub(" ", fold(label))
    return _SPACES.sub(" ", text).strip(" .")


def clean_skills(labels: Iterable[str]) -> list[str]:
    """Trim, drop empties and duplicates (by normalised form), keep the first spelling."""
    seen: set[str] = set()
    result = []
    for label in labels or []:
        label = _SPACES.sub(" ", str(label)).strip()
        key = normalise_skill(label)
        if key and key not in seen:
            seen.add(key)
            result.append(label)
    return result


def offer_text(title: str, description: str, skills: Iterable[str]) -> str:
    parts = [title.strip()]
    skills = clean_skills(skills)
    if skills:
        parts.append("Compétences : " + ", ".join(skills) + ".")
    parts.append(description.strip())
    return _SPACES.sub(" ", " ".join(parts)).strip()


def student_text(programme: str | None, summary: str, skills: Iterable[str]) -> str:
    parts = []
    if programme:
        parts.append(programme.strip() + ".")
    skills = clean_skills(skills)
    if skills:
        parts.append("Compétences : " + ", ".join(skills) + ".")
    parts.append(summary.strip())
    return _SPACES.sub(" ", " ".join(parts)).strip()


_SENTENCE_END = re.compile(r"(?<=[.!?])\s+")
# A sentence of a profile that states what the student wants (matched on folded text).
_WISH = re.compile(
    r"\b(je cherche|je recherche|cherche |je vise|vise |j aimerais|je voudrais|je veux|je souhaite|souhaite|"
    r"mon objectif|m interesse|je me destine|me tourner|m attire|attire|ce qui me plait|j aime|mon projet|"
    r"poste d|poste de|metier)"
)
_ADDRESSED = re.compile(r"\bvous\b")
WISH_FALLBACK_SENTENCES = 2


def sentences(text: str) -> list[str]:
    return [part.strip() for part in _SENTENCE_END.split(text or "") if part.strip()]


def offer_mission_text(title: str, description: str, skills: Iterable[str]) -> str:
    """The mission of an offer without the company's introduction: its title, its skills and its
    description from the first sentence addressed to the candidate (« Vous … »); the whole
    description when no sentence is."""
    parts = sentences(description)
    first = next((i for i, sentence in enumerate(parts) if _ADDRESSED.search(fold(sentence))), 0)
    return offer_text(title, " ".join(parts[first:]), skills)


def student_wish_text(programme: str | None, summary: str) -> str:
    """What a student wants: their programme and the sentences of their summary that state a wish
    (« je cherche », « je souhaite », « poste de » …); the last two sentences when none does."""
    parts = sentences(summary)
    wish = [sentence for sentence in parts if _WISH.search(fold(sentence))] or parts[-WISH_FALLBACK_SENTENCES:]
    head = [programme.strip().rstrip(".") + "."] if programme and programme.strip() else []
    return _SPACES.sub(" ", " ".join(head + wish)).strip()


def text_hash(text: str) -> str:
    """SHA-256 of the text (hex): the key of the embedding cache, with the model id."""
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


STOPWORDS = frozenset(
    [
        "les",
        "des",
        "une",
        "dans",
        "pour",
        "par",
        "sur",
        "avec",
        "aux",
        "du",
        "de",
        "la",
        "le",
        "en",
        "et",
        "ou",
        "un",
        "au",
        "ces",
        "ses",
        "son",
        "sa",
        "nos",
        "vos",
        "qui",
        "que",
        "est",
        "pas",
        "plus",
        "chez",
        "vers",
        "sans",
        "sous",
    ]
)


def query_phrases(q: str) -> list[str]:
    """The phrases of a free-text query matched against skill labels: the whole query, its words
    (stop words and words of one or two letters left out) and their consecutive pairs."""
    words = [w for w in re.split(r"[^0-9a-z+#]+", fold(q)) if len(w) >= 3 and w not in STOPWORDS]
    phrases = [q.strip()] + words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]
    return list(dict.fromkeys(p for p in phrases if p))
