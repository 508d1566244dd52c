"""Skills named in a free text (an offer's description), among known skill labels. Pure.

A label is looked for under each of its *forms*: the label itself, without a parenthesised part
(« maîtrise statistique des procédés (MSP) » → « maîtrise statistique des procédés »), and the
acronyms it carries (« MSP », each side of « SPC/MSP »). Forms and text are compared word by word
after the same normalisation: lower case, accents removed, hyphens and apostrophes as spaces, and
simple plural folding (« audits internes » = « audit interne »). A short acronym (« 8D », « 5S »,
« SPC ») is matched as written, as a whole word: « 5S » is not in « 25S », « spc » is not « SPC ».
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

from unidecode import unidecode

MAX_SKILL_WORDS = 6  # longest form looked for, in words
MIN_FOLDED_CHARS = 3  # shorter lower-case forms ("C", "R") would match ordinary French words
SHORT_ACRONYM_MAX = 3  # acronyms up to this length are matched as written only

# A word: letters or digits, then letters, digits, « + » or « # » (C++, C#); accents kept.
_WORD = re.compile(r"[^\W_][\w+#]*")
# An acronym as people write one: capitals and digits, at least one capital (AMDEC, 8D, 5S).
_ACRONYM = re.compile(r"^(?=[0-9]*[A-Z])[A-Z0-9]{2,8}$")
_PARENTHESISED = re.compile(r"\(([^()]*)\)")


def fold_word(word: str) -> str:
    """Lower case, no accents, a final plural « s » or « x » dropped (« procédés » → « procede »)."""
    word = unidecode(word).lower()
    if len(word) > 3 and word[-1] in "sx" and word[-2] != "s":
        word = word[:-1]
    return word


def words(text: str) -> list[str]:
    return _WORD.findall(text or "")


def folded(text: str) -> tuple[str, ...]:
    return tuple(fold_word(w) for w in words(text))


def is_short_acronym(form: str) -> bool:
    return bool(_ACRONYM.match(form)) and len(form) <= SHORT_ACRONYM_MAX


def forms_of(label: str) -> list[str]:
    """The spellings under which a label is looked for (see the module's docstring)."""
    label = " ".join(label.split())
    found = [label]
    outside = " ".join(_PARENTHESISED.sub(" ", label).split())
    if outside and outside != label:
        found.append(outside)
    for inside in _PARENTHESISED.findall(label):
        found.extend(part for part in re.split(r"[/,;]", inside) if _ACRONYM.match(part.strip()))
    if "/" in outside:
        found.extend(part for part in outside.split("/") if _ACRONYM.match(part.strip()))
    return list(dict.fromkeys(f.strip() for f in found if f.strip()))


@dataclass
class MentionIndex:
    """The forms of a list of labels, by the folded words they are looked for under (`phrases`)
    or, for short acronyms, as written (`acronyms`); each to the label's position."""

    labels: Sequence[str]
    phrases: dict[tuple[str, ...], int] = field(default_factory=dict)
    acronyms: dict[str, int] = field(default_factory=dict)
    forms: list[set[str]] = field(default_factory=list)

    def __post_init__(self) -> None:
        for position, label in enumerate(self.labels):
            keys: set[str] = set()
            for form in forms_of(label):
                if is_short_acronym(form):
                    self.acronyms.setdefault(form, position)
                    keys.add(form)
                    continue
                key = folded(form)
                if key and len(key) <= MAX_SKILL_WORDS and len(" ".join(key)) >= MIN_FOLDED_CHARS:
                    self.phrases.setdefault(key, position)
                    keys.add(" ".join(key))
            self.forms.append(keys)

    def keys_of(self, labels: Iterable[str]) -> set[str]:
        """The keys (folded phrases, acronyms) of other labels: those of an offer's own list."""
        keys: set[str] = set()
        for label in labels:
            for form in forms_of(label):
                keys.add(form if is_short_acronym(form) else " ".join(folded(form)))
        return keys

    def find(self, text: str, exclude: Iterable[str] = ()) -> list[str]:
        """The labels named in `text`, in order of first mention, the longest form first at each
        word; labels sharing a form with one of `exclude` are left out."""
        raw = words(text)
        keys = [fold_word(w) for w in raw]
        excluded = self.keys_of(exclude)
        found: list[int] = []
        i = 0
        while i < len(raw):
            step, hit = 1, None
            for n in range(min(MAX_SKILL_WORDS, len(raw) - i), 0, -1):
                hit = self.phrases.get(tuple(keys[i : i + n]))
                if hit is not None:
                    step = n
                    break
            if hit is None:
                hit = self.acronyms.get(raw[i])
                if hit is None and raw[i].endswith("s"):  # « des AMDECs », « les 8Ds »
                    hit = self.acronyms.get(raw[i][:-1])
            if hit is not None and hit not in found and not self.forms[hit] & excluded:
                found.append(hit)
            i += step
        return [self.labels[p] for p in found]


@lru_cache(maxsize=8)
def mention_index(labels: tuple[str, ...]) -> MentionIndex:
    """The index of these labels, built once per distinct list (the students' skills change
    rarely; the editor's preview asks often)."""
    return MentionIndex(labels)


def skills_in_text(labels: Sequence[str], text: str, exclude: Iterable[str] = ()) -> list[str]:
    """The labels of `labels` named in `text` (see `MentionIndex.find`)."""
    return mention_index(tuple(labels)).find(text, exclude)
