"""The outcome of an import (`ImportReport`, `LineError`), the refusal (`ImportFailed`) and the
parsing of JSON Lines into objects, with French messages naming the line."""

from __future__ import annotations

import json
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import Any

from ..errors import InputError
from .fields import LineError, type_name

# --------------------------------------------------------------------------- report


@dataclass
class ImportReport:
    kind: str  # "students" | "offers"
    source: str
    lines: int = 0  # non-blank lines read
    created: int = 0
    updated: int = 0  # existing rows (same source and id) that changed
    unchanged: int = 0  # existing rows identical to their line
    errors: list[LineError] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    companies_created: int = 0
    companies_updated: int = 0
    embedded: int = 0  # rows whose embedded text (or model) changed
    ids: list[int] = field(default_factory=list)  # database ids of the imported rows, file order
    seconds: float = 0.0

    @property
    def invalid_lines(self) -> list[int]:
        return sorted({e.line for e in self.errors})

    @property
    def imported(self) -> int:
        return self.created + self.updated + self.unchanged

    def summary(self) -> str:
        """A French summary of the counts (the errors are listed separately)."""
        feminine = self.kind == "offers"
        noun = _plural(self.created, "offre" if feminine else "profil")
        parts = [
            f"{self.created} {noun} {_plural(self.created, 'créée' if feminine else 'créé')}",
            f"{self.updated} {_plural(self.updated, 'mise' if feminine else 'mis')} à jour",
            f"{self.unchanged} {_plural(self.unchanged, 'inchangée' if feminine else 'inchangé')}",
        ]
        text = f"{self.lines} {_plural(self.lines, 'ligne')} (source « {self.source} ») : " + ", ".join(parts)
        if self.kind == "offers":
            text += (
                f" ; {self.companies_created} {_plural(self.companies_created, 'entreprise')} "
                f"{_plural(self.companies_created, 'créée')}, {self.companies_updated} "
                f"{_plural(self.companies_updated, 'mise')} à jour"
            )
        invalid = len(self.invalid_lines)
        if invalid:
            text += f" ; {invalid} {_plural(invalid, 'ligne invalide ignorée', 'lignes invalides ignorées')}"
        return text + "."


def _plural(count: int, singular: str, plural: str | None = None) -> str:
    """French agreement: singular for 0 and 1."""
    return singular if abs(count) < 2 else (plural or singular + "s")


class ImportFailed(InputError):
    """The file has invalid lines and `skip_invalid` was not given: nothing was written."""

    def __init__(self, report: ImportReport):
        invalid = report.invalid_lines
        message = (
            f"Import refusé : {len(invalid)} {_plural(len(invalid), 'ligne invalide', 'lignes invalides')} "
            f"sur {report.lines} ; rien n'a été importé."
        )
        fields: dict[str, list[str]] = {}
        for error in report.errors:
            fields.setdefault(f"ligne {error.line}", []).append(
                f"{error.field} : {error.message}" if error.field else error.message
            )
        super().__init__(message, fields)
        self.report = report


# --------------------------------------------------------------------------- parsing

_JSON_MESSAGES = {
    "Expecting value": "valeur attendue",
    "Expecting ',' delimiter": "virgule attendue",
    "Expecting ':' delimiter": "deux-points attendus",
    "Expecting property name enclosed in double quotes": "nom de clé entre guillemets doubles attendu",
    "Unterminated string starting at": "chaîne non terminée",
    "Extra data": "texte en trop après l'objet",
    "Invalid control character at": "caractère de contrôle interdit dans une chaîne",
    "Invalid \\escape": "séquence d'échappement invalide",
    "Illegal trailing comma before end of object": "virgule en trop avant la fin de l'objet",
    "Illegal trailing comma before end of array": "virgule en trop avant la fin de la liste",
}


class _DuplicateKey(ValueError):
    def __init__(self, key: str):
        super().__init__(key)
        self.key = key


class _BadConstant(ValueError):
    pass


def _unique_pairs(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result: dict[str, Any] = {}
    for key, value in pairs:
        if key in result:
            raise _DuplicateKey(key)
        result[key] = value
    return result


def _reject_constant(name: str) -> Any:
    raise _BadConstant(name)


def parse_lines(lines: Iterable[str], report: ImportReport) -> Iterator[tuple[int, dict]]:
    """(line number, object) for each non-blank line that is a JSON object; errors go to the report."""
    for number, raw in enumerate(lines, start=1):
        text = raw.rstrip("\r\n")
        if number == 1:
            text = text.lstrip("\ufeff")
        if not text.strip():
            continue
        report.lines += 1
        try:
            data = json.loads(text, object_pairs_hook=_unique_pairs, parse_constant=_reject_constant)
        except _DuplicateKey as exc:
            report.errors.append(LineError(number, exc.key, "clé présente deux fois dans le même objet."))
            continue
        except _BadConstant as exc:
            report.errors.append(LineError(number, None, f"JSON invalide : « {exc} » n'est pas un nombre JSON."))
            continue
        except json.JSONDecodeError as exc:
            message = _JSON_MESSAGES.get(exc.msg, exc.msg)
            report.errors.append(LineError(number, None, f"JSON invalide : {message} (colonne {exc.colno})."))
            continue
        except RecursionError:
            report.errors.append(LineError(number, None, "JSON invalide : structure trop imbriquée."))
            continue
        if not isinstance(data, dict):
            report.errors.append(
                LineError(number, None, f"chaque ligne doit être un objet JSON {{…}} (reçu : {type_name(data)}).")
            )
            continue
        yield number, data
