"""The application as the load kit serves it (`gunicorn -c scripts/gunicorn.conf.py scripts.loadtest_wsgi:app`).

The same application as `wsgi.py`, with two differences for a load test on one machine:

- sign-up and sign-in are limited per client address (`VTE_LOGIN_LIMIT`, 10 a minute): every
  simulated user of `scripts/loadtest.py` comes from 127.0.0.1, so the limit is raised
  (`VTE_LOADTEST_LOGIN_LIMIT`, default 100000 per minute);
- `VTE_LOADTEST_ENCODER=fake` uses the deterministic FakeEncoder instead of the sentence model
  (the test suite's short load run: no 20 s model load per worker).
"""

import os

from vte import create_app

overrides: dict = {"VTE_LOGIN_LIMIT": os.environ.get("VTE_LOADTEST_LOGIN_LIMIT", "100000 per minute")}
if os.environ.get("VTE_LOADTEST_ENCODER") == "fake":
    from vte.embeddings import FakeEncoder

    overrides["VTE_ENCODER"] = FakeEncoder()
app = create_app(overrides)
