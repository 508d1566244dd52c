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
# One control socket per instance (gunicorn's default, ~/.gunicorn/gunicorn.ctl, is shared by every
# instance of a user: two instances on one machine fought over it).
_instance = os.environ.get("VTE_INSTANCE_PATH") or os.path.join(os.path.dirname(__file__), "..", "instance")
control_socket = os.environ.get("VTE_CONTROL_SOCKET") or os.path.join(
    os.path.abspath(_instance), f"gunicorn-{bind.rsplit(':', 1)[-1]}.ctl"
)
# Workers share the cores: each worker's torch gets its part (read by the app as VTE_TORCH_THREADS).
os.environ.setdefault("VTE_TORCH_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))


def post_worker_init(worker):
    app = worker.wsgi

    def warm_up() -> None:
        from vte.embeddings import SentenceTransformerEncoder, get_encoder

        encoder = get_encoder(app.config)
        if isinstance(encoder, SentenceTransformerEncoder):
            encoder.model  # noqa: B018 - loads the model once for this process
        worker.log.info("embedding model ready (%s)", encoder.model_id)

    threading.Thread(target=warm_up, name="vte-model-warm-up", daemon=True).start()
