"""gunicorn settings for scripts/run.sh (`gunicorn -c scripts/gunicorn.conf.py wsgi:app`).

The embedding model is loaded once, in the master, before the workers are forked (`preload_app`):
the workers share its weights copy-on-write instead of each holding its own copy (about 1.2 GB
each), and a worker that replaces a dead one is ready at once. The master loads it with one torch
thread, so that no OpenMP thread pool exists at the fork (a pool inherited by a forked child can
hang its first inference); each worker then sets its own thread count (VTE_TORCH_THREADS).
The master never connects to the database: every worker opens its own connections.

VTE_PRELOAD=0 goes back to one model per worker, loaded in a background thread right after the
fork (requests that need it meanwhile wait for the same load; /readyz says « pas prêt » until then).
"""

import gc
import os
import threading

bind = os.environ.get("VTE_BIND", "127.0.0.1:8000")
workers = int(os.environ.get("VTE_WORKERS", "2"))
timeout = 120
accesslog = "-"
preload_app = os.environ.get("VTE_PRELOAD", "1") != "0"
# One control socket per instance (gunicorn's default, ~/.gunicorn/gunicorn.ctl, is shared by every
# instance of a user: two instances on one machine fought over it).
_instance = os.environ.get("VTE_INSTANCE_PATH") or os.path.join(os.path.dirname(__file__), "..", "instance")
control_socket = os.environ.get("VTE_CONTROL_SOCKET") or os.path.join(
    os.path.abspath(_instance), f"gunicorn-{bind.rsplit(':', 1)[-1]}.ctl"
)
# Workers share the cores: each worker's torch gets its part (read by the app as VTE_TORCH_THREADS).
os.environ.setdefault("VTE_TORCH_THREADS", str(max(1, (os.cpu_count() or 1) // workers)))


def _sentence_encoder(app):
    """The app's sentence-transformers encoder, or None (an injected or non-torch encoder)."""
    from vte.embeddings import SentenceTransformerEncoder, get_encoder

    encoder = get_encoder(app.config)
    return encoder if isinstance(encoder, SentenceTransformerEncoder) else None


def when_ready(server):
    """preload_app: the app is loaded in the master; load the model there too, single-threaded."""
    if not preload_app:
        return
    encoder = _sentence_encoder(server.app.wsgi())
    if encoder is not None:
        threads, encoder.threads = encoder.threads, 1
        try:
            encoder.model  # noqa: B018 - loads the model once, before the fork
        finally:
            encoder.threads = threads
        server.log.info("embedding model loaded in the master, shared by the workers (%s)", encoder.model_id)
    if encoder is not None:
        from vte.occupation_map import mapper_for

        # The ROME appellations (vectors and words) and how alike their codes are, shared the same way.
        mapper_for(encoder).code_similarity  # noqa: B018
    gc.freeze()  # the loaded objects stay out of the collector's way: fewer copied pages per worker


def post_fork(server, worker):
    if not preload_app:
        return
    app = server.app.wsgi()
    encoder = _sentence_encoder(app)
    if encoder is not None and encoder.threads:
        import torch

        torch.set_num_threads(encoder.threads)
    from vte.extensions import db

    with app.app_context():
        db.engine.dispose(close=False)  # never share a pooled connection with the master


def post_worker_init(worker):
    app = worker.wsgi

    def warm_up() -> None:
        encoder = _sentence_encoder(app)
        if encoder is not None:
            encoder.model  # noqa: B018 - loads the model once for this process (already there when preloaded)
        worker.log.info("embedding model ready (%s)", encoder.model_id if encoder else "injected encoder")

    threading.Thread(target=warm_up, name="vte-model-warm-up", daemon=True).start()
