"""scripts/wait_ready.py: run.sh prints the URL only once the workers say they are ready."""

from __future__ import annotations

import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

from scripts import wait_ready


def serve(statuses: list[int]):
    """A loopback server answering the given statuses in turn (then the last one)."""

    class Handler(BaseHTTPRequestHandler):
        def do_GET(self):  # noqa: N802 - http.server's hook
            status = statuses.pop(0) if len(statuses) > 1 else statuses[0]
            self.send_response(status)
            self.end_headers()
            self.wfile.write(b'{"status": "pas pret"}' if status != 200 else b'{"status": "ready"}')

        def log_message(self, *args):
            pass

    server = HTTPServer(("127.0.0.1", 0), Handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    return server, f"http://127.0.0.1:{server.server_port}/readyz"


def test_waits_through_not_ready_answers_until_two_in_a_row_say_ready():
    server, url = serve([503, 503, 200, 503, 200, 200])
    try:
        assert wait_ready.wait(url, timeout=10, interval=0.01) is True
    finally:
        server.shutdown()


def test_gives_up_after_the_timeout():
    server, url = serve([503])
    try:
        assert wait_ready.main([url, "--timeout", "0.2"]) == 1
    finally:
        server.shutdown()
