"""gunicorn settings for scripts/run.sh (`gunicorn -c scripts/gunicorn.conf.py wsgi:app`).

Each worker loads the embedding model in a background thread right after it starts (after the
fork, as design.md asks), so the first text search does not wait for the model to load; requests
that need it meanwhile simply wait for the same load.
"""

import os
import threading

bind = os.environ.get("VTE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("VTE_WORKERS", "2"))
timeout = 120
accesslog = "-"


def post_worker_init(worker):
    app = worker.wsgi

    def warm_up() -> None:
        from vte.embeddings import SentenceTransformerEncoder, get_encoder

        encoder = get_encoder(app.config)
        if isinstance(encoder, SentenceTransformerEncoder):
            encoder.model  # noqa: B018 - loads the model once for this process
        worker.log.info("embedding model ready (%s)", encoder.model_id)

    threading.Thread(target=warm_up, name="vte-model-warm-up", daemon=True).start()
