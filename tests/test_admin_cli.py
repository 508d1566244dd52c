"""`flask --app vte create-admin` and `create-user`: accounts made from the command line."""

from sqlalchemy import select

from factories import make_company, make_school
from vte.accounts import verify_password
from vte.models import User
from vte.vocab import Role

PASSWORD = "Admin-VTE-2026!"


def _user(session, email):
    session.expire_all()
    return session.scalars(select(User).where(User.email == email)).first()


def test_create_admin_asks_the_password_twice(cli_runner, db_session):
    result = cli_runner.invoke(args=["create-admin", "Chef@VTE-Match.fr"], input=f"{PASSWORD}\n{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert "Compte admin créé : chef@vte-match.fr" in result.output
    user = _user(db_session, "chef@vte-match.fr")
    assert user.role == Role.ADMIN and verify_password(user, PASSWORD)


def test_create_admin_reads_the_password_from_stdin(cli_runner, db_session):
    result = cli_runner.invoke(args=["create-admin", "ops@vte-match.fr", "--password-stdin"], input=f"{PASSWORD}\n")
    assert result.exit_code == 0, result.output
    assert verify_password(_user(db_session, "ops@vte-match.fr"), PASSWORD)


def test_create_admin_refuses_weak_password_and_existing_address(cli_runner, db_session):
    weak = cli_runner.invoke(args=["create-admin", "faible@vte-match.fr", "--password-stdin"], input="azerty\n")
    assert weak.exit_code != 0 and "Mot de passe trop faible" in weak.output
    assert "Traceback" not in weak.output and _user(db_session, "faible@vte-match.fr") is None
    cli_runner.invoke(args=["create-admin", "deux@vte-match.fr", "--password-stdin"], input=f"{PASSWORD}\n")
    twice = cli_runner.invoke(args=["create-admin", "deux@vte-match.fr", "--password-stdin"], input=f"{PASSWORD}\n")
    assert twice.exit_code != 0 and "existe déjà" in twice.output
    empty = cli_runner.invoke(args=["create-admin", "vide@vte-match.fr", "--password-stdin"], input="")
    assert empty.exit_code != 0 and "Aucun mot de passe" in empty.output


def test_create_admin_prompt_mismatch_asks_again(cli_runner, db_session):
    result = cli_runner.invoke(
        args=["create-admin", "retry@vte-match.fr"], input=f"{PASSWORD}\nautre\n{PASSWORD}\n{PASSWORD}\n"
    )
    assert result.exit_code == 0, result.output
    assert _user(db_session, "retry@vte-match.fr") is not None


def test_create_user_for_school_staff_and_recruiters(cli_runner, db_session):
    school_id = make_school(db_session, name="École CLI").id
    company_id = make_company(db_session).id
    db_session.commit()
    staff = cli_runner.invoke(
        args=[
            "create-user",
            "scol@ecole-cli.fr",
            "--role",
            "school",
            "--school-id",
            str(school_id),
            "--password-stdin",
        ],
        input=f"{PASSWORD}\n",
    )
    assert staff.exit_code == 0, staff.output
    assert f"(école {school_id})" in staff.output
    user = _user(db_session, "scol@ecole-cli.fr")
    assert user.role == Role.SCHOOL and user.school_id == school_id
    recruiter = cli_runner.invoke(
        args=["create-user", "rh@pme.fr", "--role", "company", "--company-id", str(company_id), "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert recruiter.exit_code == 0, recruiter.output
    assert _user(db_session, "rh@pme.fr").company_id == company_id


def test_create_user_errors_are_french_and_fail(cli_runner, db_session):
    missing = cli_runner.invoke(
        args=["create-user", "a@ecole.fr", "--role", "school", "--password-stdin"], input=f"{PASSWORD}\n"
    )
    assert missing.exit_code != 0 and "--school-id" in missing.output
    unknown = cli_runner.invoke(
        args=["create-user", "a@ecole.fr", "--role", "school", "--school-id", "999999", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert unknown.exit_code != 0 and "École 999999 introuvable" in unknown.output
    wrong = cli_runner.invoke(
        args=["create-user", "a@pme.fr", "--role", "admin", "--company-id", "1", "--password-stdin"],
        input=f"{PASSWORD}\n",
    )
    assert wrong.exit_code != 0 and "--company-id" in wrong.output
    bad_email = cli_runner.invoke(args=["create-admin", "pas-une-adresse", "--password-stdin"], input=f"{PASSWORD}\n")
    assert bad_email.exit_code != 0 and "Adresse e-mail invalide" in bad_email.output
    assert _user(db_session, "a@ecole.fr") is None
