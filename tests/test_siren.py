import pytest

from vte.siren import luhn_complete, siren_error


@pytest.mark.parametrize("siren", ["356000000", "443061841", "552100554", "507 523 678"])
def test_real_sirens_are_accepted(siren):
    assert siren_error(siren) is None


@pytest.mark.parametrize(
    "value, message",
    [
        ("123456789", "clé de contrôle"),
        ("35600000", "9 chiffres"),
        ("3560000000", "9 chiffres"),
        ("35600000A", "9 chiffres"),
        ("", "9 chiffres"),
    ],
)
def test_invalid_sirens_are_explained_in_french(value, message):
    assert message in siren_error(value)


def test_luhn_complete_makes_a_valid_siren_from_any_prefix():
    for prefix in ("12345678", "00000001", "99999999"):
        siren = luhn_complete(prefix)
        assert siren.startswith(prefix) and siren_error(siren) is None
