"""Entry point for gunicorn: `gunicorn wsgi:app`."""

from vte import create_app

app = create_app()
