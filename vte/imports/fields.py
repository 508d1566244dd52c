"""Typed, strict checks of one JSON object (`Record`): each getter returns the clean value or
records a `LineError` naming the line and the field (dotted path), in French."""

from __future__ import annotations

import difflib
import enum
import re
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date
from typing import Any

from ..input_guard import day_problem, text_problem
from ..vocab import parse_level

DATE_RE = re.compile(r"^\d{4}-\d{2}-\d{2}$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")

# --------------------------------------------------------------------------- field checks


@dataclass(frozen=True)
class LineError:
    """One problem in the file: its line number (from 1), the field (dotted path, None for the
    whole line) and a French message."""

    line: int
    field: str | None
    message: str

    def __str__(self) -> str:
        where = f"ligne {self.line}"
        return f"{where}, « {self.field} » : {self.message}" if self.field else f"{where} : {self.message}"


def type_name(value: Any) -> str:
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "booléen"
    if isinstance(value, int):
        return "nombre entier"
    if isinstance(value, float):
        return "nombre décimal"
    if isinstance(value, str):
        return "texte"
    if isinstance(value, list):
        return "liste"
    if isinstance(value, dict):
        return "objet"
    return type(value).__name__


class Record:
    """One JSON object under validation. The getters return the clean value, or None after
    recording a `LineError`; a missing or null optional key gives None (or the default)."""

    def __init__(self, data: Mapping[str, Any], line: int, errors: list[LineError], prefix: str = ""):
        self.data = data
        self.line = line
        self.errors = errors
        self.prefix = prefix
        self._start = len(errors)

    @property
    def failed(self) -> bool:
        return len(self.errors) > self._start

    def path(self, key: str) -> str:
        return f"{self.prefix}{key}"

    def fail(self, key: str | None, message: str) -> None:
        self.errors.append(LineError(self.line, self.path(key) if key else (self.prefix.rstrip(".") or None), message))
        return None

    def check_keys(self, allowed: Sequence[str], required: Sequence[str]) -> None:
        for key in self.data:
            if key not in allowed:
                close = difflib.get_close_matches(key, allowed, n=1, cutoff=0.75)
                hint = f" (vouliez-vous dire « {close[0]} » ?)" if close else ""
                self.fail(key, f"clé inconnue « {key} »{hint}. Clés acceptées : {', '.join(allowed)}.")
        for key in required:
            if key not in self.data:
                self.fail(key, "champ obligatoire manquant.")
            elif self.data[key] is None:
                self.fail(key, "champ obligatoire : null n'est pas accepté.")

    def raw(self, key: str) -> Any:
        return self.data.get(key)

    def text(self, key: str, *, required: bool = False, max_length: int | None = None) -> str | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            return self.fail(key, f"texte attendu (reçu : {type_name(value)}).")
        value = value.strip()
        if not value:
            return self.fail(key, "ne doit pas être vide.") if required else None
        problem = text_problem(value)
        if problem:
            return self.fail(key, problem)
        if max_length is not None and len(value) > max_length:
            return self.fail(key, f"trop long : {len(value)} caractères (au plus {max_length}).")
        return value

    def texts(self, key: str, *, max_length: int | None = None) -> list[str] | None:
        """A list of strings (items trimmed, empty ones dropped); None when absent or invalid."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            return self.fail(key, f"liste de textes attendue (reçu : {type_name(value)}).")
        items = []
        ok = True
        for position, item in enumerate(value):
            if not isinstance(item, str):
                self.fail(f"{key}[{position}]", f"texte attendu (reçu : {type_name(item)}).")
                ok = False
            elif text_problem(item):
                self.fail(f"{key}[{position}]", text_problem(item))
                ok = False
            elif max_length is not None and len(item.strip()) > max_length:
                self.fail(f"{key}[{position}]", f"trop long : {len(item.strip())} caractères (au plus {max_length}).")
                ok = False
            elif item.strip():
                items.append(" ".join(item.split()))
        return items if ok else None

    def boolean(self, key: str, default: bool = False) -> bool:
        value = self.data.get(key)
        if value is None:
            return default
        if not isinstance(value, bool):
            self.fail(key, f"true ou false attendu (reçu : {type_name(value)}).")
            return default
        return value

    def integer(self, key: str, *, minimum: int | None = None, maximum: int | None = None) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, int):
            return self.fail(key, f"nombre entier attendu (reçu : {type_name(value)}).")
        return self._bounded(key, value, minimum, maximum)

    def number(self, key: str, *, minimum: float | None = None, maximum: float | None = None) -> float | None:
        value = self.data.get(key)
        if value is None:
            return None
        if isinstance(value, bool) or not isinstance(value, (int, float)):
            return self.fail(key, f"nombre attendu (reçu : {type_name(value)}).")
        return self._bounded(key, float(value), minimum, maximum)

    def _bounded(self, key, value, minimum, maximum):
        if minimum is not None and value < minimum:
            return self.fail(key, f"doit valoir au moins {minimum:g} (reçu : {value:g}).")
        if maximum is not None and value > maximum:
            return self.fail(key, f"doit valoir au plus {maximum:g} (reçu : {value:g}).")
        return value

    def day(self, key: str) -> date | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str) or not DATE_RE.match(value.strip()):
            shown = value if isinstance(value, str) else type_name(value)
            return self.fail(key, f"date AAAA-MM-JJ attendue (reçu : {shown}).")
        try:
            day = date.fromisoformat(value.strip())
        except ValueError:
            return self.fail(key, f"date inexistante : {value.strip()}.")
        problem = day_problem(day)
        return self.fail(key, problem) if problem else day

    def choice(self, key: str, enum_cls: type[enum.Enum]) -> Any:
        value = self.data.get(key)
        return None if value is None else self._member(key, value, enum_cls)

    def choices(self, key: str, enum_cls: type[enum.Enum]) -> list | None:
        """A non-empty list of enum values (duplicates removed, order kept)."""
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, list):
            return self.fail(key, f"liste attendue (reçu : {type_name(value)}).")
        if not value:
            return self.fail(key, f"au moins une valeur parmi {', '.join(m.value for m in enum_cls)}.")
        result = []
        ok = True
        for position, item in enumerate(value):
            member = self._member(f"{key}[{position}]", item, enum_cls)
            if member is None:
                ok = False
            elif member not in result:
                result.append(member)
        return result if ok else None

    def _member(self, key: str, value: Any, enum_cls: type[enum.Enum]) -> Any:
        allowed = ", ".join(m.value for m in enum_cls)
        if not isinstance(value, str):
            return self.fail(key, f"une valeur parmi {allowed} attendue (reçu : {type_name(value)}).")
        try:
            return enum_cls(value.strip().lower())
        except ValueError:
            return self.fail(key, f"valeur « {value} » inconnue ; valeurs acceptées : {allowed}.")

    def level(self, key: str) -> int | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, str):
            return self.fail(key, f"niveau « bac+2 » … « bac+8 » attendu (reçu : {type_name(value)}).")
        try:
            return parse_level(value)
        except ValueError:
            return self.fail(key, f"niveau « {value} » invalide : bac+2 … bac+8 attendu.")

    def email(self, key: str) -> str | None:
        value = self.text(key, max_length=254)
        if value is not None and not EMAIL_RE.match(value):
            return self.fail(key, f"adresse électronique invalide : « {value} ».")
        return value

    def nested(self, key: str) -> Record | None:
        value = self.data.get(key)
        if value is None:
            return None
        if not isinstance(value, dict):
            return self.fail(key, f"objet {{…}} attendu (reçu : {type_name(value)}).")
        return Record(value, self.line, self.errors, f"{self.prefix}{key}.")
