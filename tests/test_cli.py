"""The commands of the run command, and their idempotence."""

from sqlalchemy import func, select

from vte.embedding_sync import mission_of_offer, text_of_offer, text_of_student, wish_of_student
from vte.embeddings import FakeEncoder, cache_key
from vte.models import Commune, EmbeddingCache, Naf, Offer, Postcode, Student, User


def _count(session, model):
    return session.scalar(select(func.count()).select_from(model))


def test_load_refdata_twice_changes_nothing(cli_runner, db_session):
    before = [_count(db_session, m) for m in (Commune, Postcode, Naf)]
    result = cli_runner.invoke(args=["load-refdata"])
    assert result.exit_code == 0, result.output
    assert "34875 communes" in result.output
    assert [_count(db_session, m) for m in (Commune, Postcode, Naf)] == before


def test_seed_demo_twice_never_duplicates_and_creates_demo_accounts(cli_runner, db_session, app, monkeypatch):
    monkeypatch.setitem(app.config, "VTE_ENCODER", FakeEncoder())
    result = cli_runner.invoke(args=["seed-demo", "--offers", "30", "--students", "40"])
    assert result.exit_code == 0, result.output
    offers, students = _count(db_session, Offer), _count(db_session, Student)
    assert offers >= 30 and students == 40
    assert _count(db_session, User) == 4

    again = cli_runner.invoke(args=["seed-demo", "--offers", "30", "--students", "40"])
    assert again.exit_code != 0
    assert "Traceback" not in again.output
    assert (_count(db_session, Offer), _count(db_session, Student)) == (offers, students)

    quiet = cli_runner.invoke(args=["seed-demo", "--if-empty"])
    assert quiet.exit_code == 0 and "déjà présentes" in quiet.output

    listing = cli_runner.invoke(args=["demo-accounts"])
    assert "etudiant@demo.vte-match.fr" in listing.output and "Demo-VTE-2026" in listing.output


def test_reembed_embeds_once_then_has_nothing_to_do(cli_runner, db_session, app, monkeypatch):
    monkeypatch.setitem(app.config, "VTE_ENCODER", FakeEncoder())
    cli_runner.invoke(args=["seed-demo", "--offers", "20", "--students", "20"])
    first = cli_runner.invoke(args=["reembed"])
    assert first.exit_code == 0, first.output
    cached = _count(db_session, EmbeddingCache)
    published = db_session.scalars(select(Offer).where(Offer.status == "published")).all()
    visible = db_session.scalars(select(Student).where(Student.visible.is_(True))).all()
    # Each published offer: the whole text, the mission, the title (to place it among occupations);
    # each visible profile: the whole text and the wish. Drafts and hidden profiles: when needed.
    expected = {cache_key(t, "passage") for o in published for t in (text_of_offer(o), mission_of_offer(o))}
    expected |= {cache_key(o.title, "query") for o in published}
    expected |= {cache_key(t, "query") for s in visible for t in (text_of_student(s), wish_of_student(s))}
    assert set(db_session.scalars(select(EmbeddingCache.text_hash))) == expected
    assert all(o.occupations for o in published) and all(s.occupations for s in visible)
    second = cli_runner.invoke(args=["reembed"])
    assert "0 offres et 0 profils recalculés" in second.output
    assert _count(db_session, EmbeddingCache) == cached


def test_setup_is_idempotent_and_says_when_territories_are_unknown(cli_runner, db_session, app, monkeypatch, tmp_path):
    from vte.models import TerritoireList

    monkeypatch.setitem(app.config, "VTE_ENCODER", FakeEncoder())
    db_session.query(TerritoireList).delete()
    db_session.flush()
    monkeypatch.setitem(app.config, "VTE_TERRITOIRES_SOURCE", str(tmp_path / "absent.csv"))
    result = cli_runner.invoke(args=["setup", "--no-demo"])
    assert result.exit_code == 0, result.output
    assert "inconnue" in result.output
    again = cli_runner.invoke(args=["setup", "--no-demo"])
    assert again.exit_code == 0 and "Référentiels déjà chargés" in again.output
