"""School names the way people write them (pure: no database).

A `NameIndex` holds, for each school, its name and aliases (acronyms, former names, campuses) as
keys: accents, case, hyphens and apostrophes ignored (`search_key`), and a looser key without the
small words people add or drop (« École centrale de Lille » = « Centrale Lille », « INSA de
Rennes » = « INSA Rennes », « Arts et Métiers - campus de Cluny » = « Arts et Métiers Cluny »).

`resolve(text)` answers:
- `found` — a UAI code, or a name or alias of exactly one school;
- `ambiguous` — a name several schools share (« ISEN »), or the beginning of names of schools
  (« INSA », « Centrale », « Polytech »; also « Rennes » for Rennes School of Business): the
  candidates are given, nothing is chosen, because a wrong guess would show the student to another
  school;
- `unknown` — nothing matches; close names, if any, are given as suggestions.
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .communes import search_key

ALIAS_SEPARATOR = " | "
UAI_RE = re.compile(r"^\d{7}[A-Z]$")
# Words people add or drop without changing which school they mean.
FILLER = frozenset({"a", "au", "aux", "campus", "d", "de", "des", "du", "ecole", "en", "l", "la", "le", "les", "site"})
MAX_CANDIDATES = 8


def split_aliases(aliases: str | None) -> list[str]:
    return [a.strip() for a in (aliases or "").split("|") if a.strip()]


def join_aliases(aliases: Iterable[str]) -> str | None:
    seen, out = set(), []
    for alias in aliases:
        alias = (alias or "").strip()
        if alias and search_key(alias) not in seen:
            seen.add(search_key(alias))
            out.append(alias)
    return ALIAS_SEPARATOR.join(out) or None


def name_key(text: str | None) -> str:
    """The exact key: accents, case, hyphens, apostrophes and spaces ignored."""
    return search_key(text)


def loose_key(text: str | None) -> str:
    """The exact key without filler words and a parenthesised part: « Université de technologie de
    Compiègne (UTC) » -> « universite technologie compiegne »."""
    text = re.sub(r"\(.*?\)", " ", text or "")
    return " ".join(w for w in search_key(text).split() if w not in FILLER)


def names_of(name: str, aliases: str | None) -> list[str]:
    """A school's name, its aliases, and the parenthesised part of each (« … (UTC) » -> « UTC »)."""
    names = [name, *split_aliases(aliases)]
    names += [inner for n in list(names) for inner in re.findall(r"\((.*?)\)", n)]
    return names


@dataclass
class Resolution:
    status: str  # "found", "ambiguous" or "unknown"
    text: str  # what was typed, stripped
    school_id: int | None = None
    candidates: list[tuple[int, str]] = field(default_factory=list)  # (id, name), best first

    @property
    def found(self) -> bool:
        return self.status == "found"


class NameIndex:
    """Schools by UAI, exact key and loose key. `schools`: (id, name, aliases, uai) or (id, name,
    aliases, uai, city): with the city of its seat, a name followed by the city names the school
    too (« ENSGSI Nancy », « ISEL Le Havre »)."""

    def __init__(self, schools: Iterable[tuple]):
        self.names: dict[int, str] = {}
        self.by_uai: dict[str, int] = {}
        self.exact: dict[str, set[int]] = {}
        self.loose: dict[str, set[int]] = {}
        for school_id, name, aliases, uai, *rest in schools:
            self.names[school_id] = name
            if uai:
                self.by_uai[uai.strip().upper()] = school_id
            city = loose_key(rest[0]) if rest and rest[0] else ""
            for text in names_of(name, aliases):
                if name_key(text):
                    self.exact.setdefault(name_key(text), set()).add(school_id)
                loose = loose_key(text)
                if loose:
                    self.loose.setdefault(loose, set()).add(school_id)
                if loose and city and not loose.endswith(city):
                    self.loose.setdefault(f"{loose} {city}", set()).add(school_id)

    def _candidates(self, ids: Iterable[int]) -> list[tuple[int, str]]:
        return sorted(((i, self.names[i]) for i in set(ids)), key=lambda c: (search_key(c[1]), c[0]))

    def _answer(self, text: str, ids: set[int]) -> Resolution:
        if len(ids) == 1:
            (school_id,) = ids
            return Resolution("found", text, school_id, [(school_id, self.names[school_id])])
        return Resolution("ambiguous", text, candidates=self._candidates(ids)[:MAX_CANDIDATES])

    def resolve(self, text: str | None) -> Resolution:
        text = re.sub(r"\s+", " ", text or "").strip()
        code = text.upper()
        if UAI_RE.match(code):
            school_id = self.by_uai.get(code)
            if school_id is not None:
                return Resolution("found", text, school_id, [(school_id, self.names[school_id])])
            return Resolution("unknown", text)
        exact, loose = name_key(text), loose_key(text)
        if not exact:
            return Resolution("unknown", text)
        for key, table in ((exact, self.exact), (loose, self.loose)):
            if key and key in table:
                return self._answer(text, table[key])
        if loose:
            prefix = loose + " "
            starts = {i for k, ids in self.loose.items() if k.startswith(prefix) for i in ids}
            if starts:
                return Resolution("ambiguous", text, candidates=self._candidates(starts)[:MAX_CANDIDATES])
        close = difflib.get_close_matches(loose or exact, list(self.loose), n=3, cutoff=0.85)
        suggestions = [i for k in close for i in sorted(self.loose[k])]
        return Resolution("unknown", text, candidates=self._candidates(suggestions)[:MAX_CANDIDATES])
