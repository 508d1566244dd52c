"""SIREN numbers: 9 digits whose Luhn checksum is valid (pure)."""

from __future__ import annotations


def normalise_siren(value: str) -> str:
    return "".join(str(value).split())


def luhn_valid(digits: str) -> bool:
    total = 0
    for index, char in enumerate(reversed(digits)):
        n = int(char)
        if index % 2 == 1:
            n *= 2
            if n > 9:
                n -= 9
        total += n
    return total % 10 == 0


def siren_error(value: str) -> str | None:
    """The French message explaining why `value` is not a SIREN, or None when it is one."""
    siren = normalise_siren(value)
    if len(siren) != 9 or not siren.isdigit():
        return "Le SIREN doit comporter exactement 9 chiffres."
    if not luhn_valid(siren):
        return "Ce SIREN n'est pas valide (clé de contrôle incorrecte)."
    return None


def luhn_complete(prefix8: str) -> str:
    """Append the check digit that makes `prefix8` a valid SIREN (used by the demo generator)."""
    for last in "0123456789":
        if luhn_valid(prefix8 + last):
            return prefix8 + last
    raise AssertionError("unreachable: one digit always completes a Luhn number")
