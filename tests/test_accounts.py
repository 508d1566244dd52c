import pytest

from vte.accounts import create_user, find_user_by_email, password_problems, verify_password
from vte.errors import ConflictError, InputError
from vte.vocab import Role


@pytest.mark.parametrize("password", ["court1A!", "toutenminuscules", "abcdefghij12"])
def test_weak_passwords_are_refused_with_a_french_reason(password):
    assert password_problems(password)


def test_a_strong_password_is_accepted():
    assert password_problems("Usinage-CN-2026") == []


def test_created_user_has_a_scrypt_hash_and_can_sign_in(db_session):
    user = create_user(db_session, " Alice@Exemple.FR ", "Usinage-CN-2026", Role.STUDENT)
    assert user.email == "alice@exemple.fr"
    assert user.password_hash.startswith("scrypt:")
    assert verify_password(find_user_by_email(db_session, "ALICE@exemple.fr"), "Usinage-CN-2026")
    assert not verify_password(user, "mauvais-mot-de-passe")
    assert not verify_password(None, "Usinage-CN-2026")


def test_duplicate_email_is_a_conflict(db_session):
    create_user(db_session, "bob@exemple.fr", "Usinage-CN-2026", Role.COMPANY)
    with pytest.raises(ConflictError) as err:
        create_user(db_session, "BOB@exemple.fr", "Usinage-CN-2026", Role.COMPANY)
    assert "email" in err.value.fields


def test_invalid_email_and_weak_password_name_their_field(db_session):
    with pytest.raises(InputError) as err:
        create_user(db_session, "pas-un-email", "Usinage-CN-2026", Role.STUDENT)
    assert "email" in err.value.fields
    with pytest.raises(InputError) as err:
        create_user(db_session, "carla@exemple.fr", "faible", Role.STUDENT)
    assert "password" in err.value.fields
