"""Two processes on one database agree: a write committed by one is ranked by the other.

The second process is a real OS process (as a second gunicorn worker would be), with its own
in-memory index refreshed from the database's change log."""

import json
import subprocess
import sys
import textwrap
from datetime import date, timedelta
from pathlib import Path

from vte import create_app
from vte.embedding_sync import embed_offers, embed_students
from vte.embeddings import FakeEncoder
from vte.extensions import db
from vte.models import Company, Offer, School, Student
from vte.vocab import ContractType, OfferStatus, SchoolKind, StudentStatus

REPO = Path(__file__).resolve().parents[1]

WORKER = textwrap.dedent(
    """
    import json, sys
    from vte import create_app
    from vte.embeddings import FakeEncoder
    from vte.extensions import db
    from vte.matching import rank_offers_for_student
    from vte.models import Student

    app = create_app({"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": sys.argv[1],
                      "VTE_ENCODER": FakeEncoder()})
    with app.app_context():
        student = db.session.get(Student, int(sys.argv[2]))
        for line in sys.stdin:  # one ranking per line read: the index lives across requests
            ranked = rank_offers_for_student(db.session, FakeEncoder(), app.config, student)
            db.session.rollback()
            print(json.dumps([m.id for m in ranked.matches]), flush=True)
    """
)


def _offer(company, title, **fields):
    today = date.today()
    return Offer(
        company=company,
        title=title,
        description=f"{title} dans notre usine.",
        skills=["usinage"],
        contract_type=ContractType.CDI,
        status=OfferStatus.PUBLISHED,
        published_at=today,
        expires_at=today + timedelta(days=30),
        lat=46.26,
        lon=5.66,
        **fields,
    )


def test_a_write_in_one_process_is_ranked_by_another(empty_database_url, tmp_path):
    encoder = FakeEncoder()
    writer = create_app(
        {"ENV_NAME": "testing", "SQLALCHEMY_DATABASE_URI": empty_database_url, "INSTANCE_PATH": str(tmp_path)}
    )
    with writer.app_context():
        from flask_migrate import upgrade

        upgrade()
        school = School(name="École de test", kind=SchoolKind.ENGINEERING)
        company = Company(siren="356000000", name="Usinage de l'Ain", headcount=50)
        student = Student(
            school=school,
            level=5,
            status=StudentStatus.GRADUATE,
            summary="Usinage",
            contract_types=["cdi"],
            lat=46.26,
            lon=5.66,
            max_distance_km=50,
            visible=True,
        )
        first = _offer(company, "Technicien usinage")
        db.session.add_all([school, company, student, first])
        db.session.flush()
        embed_offers(db.session, encoder, [first])
        embed_students(db.session, encoder, [student])
        db.session.commit()
        student_id, first_id = student.id, first.id

    worker = subprocess.Popen(
        [sys.executable, "-c", WORKER, empty_database_url, str(student_id)],
        cwd=REPO,
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
    )
    try:

        def ranked_by_worker():
            worker.stdin.write("rank\n")
            worker.stdin.flush()
            return json.loads(worker.stdout.readline())

        assert ranked_by_worker() == [first_id]

        with writer.app_context():
            company = db.session.scalars(db.select(Company)).one()
            second = _offer(company, "Technicien usinage commande numérique")
            db.session.add(second)
            db.session.flush()
            embed_offers(db.session, encoder, [second])
            db.session.commit()
            second_id = second.id
        assert sorted(ranked_by_worker()) == sorted([first_id, second_id])

        with writer.app_context():
            closed = db.session.get(Offer, first_id)
            closed.status = OfferStatus.CLOSED
            embed_offers(db.session, encoder, [closed])
            db.session.commit()
        assert ranked_by_worker() == [second_id]
    finally:
        worker.stdin.close()
        worker.wait(timeout=30)
        with writer.app_context():
            db.engine.dispose()
