"""Load, race and fault kit for a running VTE Match (issue 11). Loopback only, bounded in time and count.

    python -m scripts.loadtest --url http://127.0.0.1:8001 --clients 50 --duration 60 \\
        --races --database-url postgresql://postgres@127.0.0.1:5432/vte_load [--fault restart-db]
    python -m scripts.loadtest --url http://127.0.0.1:8001 --throughput

The mixed workload goes through the JSON API as its users would: students sign up, save their
profile (with If-Match), read « Mes offres », apply and withdraw; companies sign up, register,
create and publish offers, close some and move applications along; anonymous readers search
(known and new texts), open offers and call /healthz. Every write the server acknowledged (2xx)
goes into a client-side journal; with --database-url, a verification pass then reads the database
(SQLAlchemy, read only) and counts what was acknowledged but is missing or different (lost) and
what exists more than once (duplicated). --races fires the issue's races (two transitions of one
application at once, concurrent profile saves, one draft published twice, two hires at once, one
e-mail signed up several times at once, one new search text from ten clients) and checks that each
has exactly one winner and 409 for the others. --fault injects a fault mid-run: restart-db,
stop-db (PostgreSQL, with pg_ctlcluster) or kill-worker (SIGKILL to one gunicorn worker).

The exit status is 1 when a request got a 5xx other than 503, an answer outside what the operation
may answer, a connection error without an injected fault, a race without exactly one winner, or an
acknowledged write lost or duplicated. Sign-up and sign-in are rate-limited per address: serve the
application with `scripts.loadtest_wsgi:app` (the same application, the limit raised) when many
simulated clients sign up from 127.0.0.1.
"""

from __future__ import annotations

import argparse
import http.client
import ipaddress
import json
import os
import random
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections import Counter, defaultdict
from collections.abc import Callable
from concurrent.futures import ProcessPoolExecutor
from dataclasses import dataclass, field
from multiprocessing import get_context
from pathlib import Path
from urllib.parse import urlencode, urlsplit

PASSWORD = "Charge-VTE-2026"
DEMO_STUDENT = ("etudiant@demo.vte-match.fr", "Demo-VTE-2026")
# Students join a school with an invitation code (--invitation-code, or one the demo school's staff
# account creates at the start), as the sign-up form allows.
DEMO_SCHOOL_STAFF = ("ecole@demo.vte-match.fr", "Demo-VTE-2026")
COMMUNES = ("01283", "69123", "38185", "74010", "42218", "25056", "68224", "76540")
WORDS = [
    "ingénieur",
    "méthodes",
    "usinage",
    "commande",
    "numérique",
    "maintenance",
    "industrielle",
    "automatisme",
    "qualité",
    "production",
    "amélioration",
    "continue",
    "lean",
    "soudure",
    "chaudronnerie",
    "plasturgie",
    "injection",
    "moule",
    "électronique",
    "bureau",
    "études",
    "conception",
    "mécanique",
    "SolidWorks",
    "CATIA",
    "robotique",
    "supply",
    "chain",
    "logistique",
    "achats",
    "contrôle",
    "gestion",
    "commercial",
    "export",
    "technico",
    "énergie",
    "environnement",
    "décarbonation",
    "recyclage",
    "chimie",
    "procédés",
    "agroalimentaire",
    "textile",
    "bois",
    "métallurgie",
    "fonderie",
    "traitement",
    "surface",
    "informatique",
    "industrielle",
    "data",
    "cybersécurité",
    "réseau",
    "électricité",
    "froid",
    "hydraulique",
    "pneumatique",
    "HSE",
    "sécurité",
    "ordonnancement",
    "planification",
    "essais",
    "métrologie",
]
KNOWN_QUERIES = (
    "ingénieur méthodes",
    "maintenance industrielle",
    "qualité production",
    "automatisme robotique",
    "supply chain",
    "bureau d'études mécanique",
)
OPEN = ("submitted", "reviewed", "interview", "offered")
RANK = {"submitted": 0, "reviewed": 1, "interview": 2, "offered": 3, "hired": 4, "rejected": 4, "withdrawn": 4}
OFFER_RANK = {"draft": 0, "published": 1, "closed": 2}
NEXT = {"submitted": "reviewed", "reviewed": "interview", "interview": "offered", "offered": "hired"}
# How long a race's set-up step waits out 503s (a fault injected during the races) before giving up.
SETUP_PATIENCE_S = 20.0
# What each kind of request may answer besides 503 (busy or unreachable database).
EXPECTED = {
    "signup": {201},
    "csrf": {200},
    "login": {200},
    "profile-save": {200},
    "apply": {201, 409},
    "withdraw": {200, 409},
    "transition": {200, 409},
    "company-create": {201},
    "offer-create": {201},
    "publish": {200},
    "close": {200, 409},
    "matches": {200},
    "my-applications": {200},
    "company-applications": {200},
    "search": {200},
    "search-new": {200},
    "offer-page": {200, 404},
    "healthz": {200},
    "race": {200, 201, 409},
    "race-setup": {200, 201},
    "probe": {200, 503},
}


# --- HTTP ----------------------------------------------------------------------------------------


def require_loopback(url: str) -> tuple[str, int]:
    """Host and port of `url`, refusing anything but plain HTTP to a loopback address."""
    parts = urlsplit(url)
    if parts.scheme != "http" or not parts.hostname:
        raise SystemExit(f"loadtest: {url!r}: only http://<loopback>:<port> URLs are accepted")
    port = parts.port or 80
    try:
        addresses = {info[4][0] for info in socket.getaddrinfo(parts.hostname, port, proto=socket.IPPROTO_TCP)}
    except OSError as error:
        raise SystemExit(f"loadtest: {parts.hostname}: {error}") from None
    if not addresses or not all(ipaddress.ip_address(a.split("%")[0]).is_loopback for a in addresses):
        raise SystemExit(f"loadtest: {parts.hostname} is not a loopback address; this kit only loads this machine")
    return parts.hostname, port


@dataclass
class Answer:
    status: int  # 0: connection error or timeout (the outcome of a write is then unknown)
    data: object = None
    etag: str | None = None
    error: str = ""

    @property
    def ok(self) -> bool:
        return 200 <= self.status < 300


@dataclass
class Stats:
    """Latencies and statuses per class of request; one per thread, merged at the end."""

    latencies: dict[str, list[float]] = field(default_factory=lambda: defaultdict(list))
    statuses: dict[str, Counter] = field(default_factory=lambda: defaultdict(Counter))
    samples: dict[tuple[str, int], str] = field(default_factory=dict)
    unexpected: Counter = field(default_factory=Counter)

    def record(self, cls: str, answer: Answer, seconds: float) -> None:
        self.latencies[cls].append(seconds)
        self.statuses[cls][answer.status] += 1
        allowed = EXPECTED.get(cls, {200}) | {503}
        if answer.status and answer.status not in allowed:
            self.unexpected[(cls, answer.status)] += 1
            self.samples.setdefault((cls, answer.status), answer.error[:300])

    def merge(self, other: Stats) -> None:
        for cls, values in other.latencies.items():
            self.latencies[cls].extend(values)
        for cls, counts in other.statuses.items():
            self.statuses[cls].update(counts)
        for key, text in other.samples.items():
            self.samples.setdefault(key, text)
        self.unexpected.update(other.unexpected)


class Budget:
    """The run's bounds: a deadline and a maximum number of requests, shared by every client."""

    def __init__(self, seconds: float, max_requests: int):
        self.deadline = time.monotonic() + seconds
        self.left = max_requests
        self._lock = threading.Lock()

    def take(self) -> bool:
        if time.monotonic() >= self.deadline:
            return False
        with self._lock:
            if self.left <= 0:
                return False
            self.left -= 1
            return True

    @property
    def open(self) -> bool:
        return time.monotonic() < self.deadline and self.left > 0


class Client:
    """One simulated user: one keep-alive connection, a cookie jar, the CSRF token of its session."""

    def __init__(self, host: str, port: int, stats: Stats, timeout: float = 60.0):
        self.host, self.port, self.timeout = host, port, timeout
        self.stats = stats
        self.cookies: dict[str, str] = {}
        self.csrf: str | None = None
        self.conn: http.client.HTTPConnection | None = None

    def connect(self) -> None:
        if self.conn is None:
            self.conn = http.client.HTTPConnection(self.host, self.port, timeout=self.timeout)
        if self.conn.sock is None:
            self.conn.connect()

    def call(self, cls: str, method: str, path: str, body=None, headers: dict | None = None) -> Answer:
        head = {"Accept": "application/json", **(headers or {})}
        if self.cookies:
            head["Cookie"] = "; ".join(f"{k}={v}" for k, v in self.cookies.items())
        if method != "GET" and self.csrf:
            head["X-CSRFToken"] = self.csrf
        payload = None
        if body is not None:
            payload = json.dumps(body).encode()
            head["Content-Type"] = "application/json"
        deadline = time.monotonic() + SETUP_PATIENCE_S
        while True:
            started = time.perf_counter()
            answer = self._send(method, path, payload, head)
            self.stats.record(cls, answer, time.perf_counter() - started)
            # A race's set-up waits out a 503 as a client honouring Retry-After would: a fault
            # injected during the races must not fail a race whose set-up it happened to interrupt.
            if cls != "race-setup" or answer.status != 503 or time.monotonic() > deadline:
                return answer
            time.sleep(1.0)

    def _send(self, method: str, path: str, payload: bytes | None, head: dict, decode: bool = True) -> Answer:
        """One request; the JSON answer decoded unless `decode` is false (the throughput cells read
        every byte but decode nothing: on a small machine the client's decoding competes with the
        server it measures)."""
        for attempt in (1, 2):
            try:
                self.connect()
                self.conn.request(method, path, body=payload, headers=head)
                response = self.conn.getresponse()
                raw = response.read()
            except (ConnectionError, http.client.HTTPException, OSError) as error:
                self.close()
                # A keep-alive connection the server closed while idle: sending again is safe only
                # if nothing was sent (RemoteDisconnected before any byte of an answer).
                if attempt == 1 and isinstance(error, http.client.RemoteDisconnected) and method == "GET":
                    continue
                return Answer(0, error=f"{type(error).__name__}: {error}")
            if response.getheader("Connection", "").lower() == "close":
                self.close()
            for cookie in response.headers.get_all("Set-Cookie") or []:
                name, _, rest = cookie.partition("=")
                self.cookies[name.strip()] = rest.split(";", 1)[0]
            try:
                data = json.loads(raw) if raw and decode else None
            except ValueError:
                data = None
            error = "" if response.status < 400 else raw.decode("utf-8", "replace")
            return Answer(response.status, data, response.getheader("ETag"), error)
        raise AssertionError("unreachable")

    def close(self) -> None:
        if self.conn is not None:
            self.conn.close()
            self.conn = None

    def fetch_csrf(self) -> bool:
        answer = self.call("csrf", "GET", "/api/v1/auth/csrf")
        if answer.ok:
            self.csrf = answer.data["csrf_token"]
        return answer.ok


# --- Journal -------------------------------------------------------------------------------------


class Journal:
    """Acknowledged writes (the server said 2xx) and writes whose outcome is unknown (no answer)."""

    def __init__(self):
        self.acks: list[tuple[str, object, object, float]] = []
        self.maybes: list[tuple[str, object, object]] = []
        self._lock = threading.Lock()

    def note(self, kind: str, key, value, answer: Answer) -> None:
        with self._lock:
            if answer.ok:
                self.acks.append((kind, key, value, time.monotonic()))
            elif answer.status == 0:
                self.maybes.append((kind, key, value))

    def count(self, kind: str) -> int:
        return sum(1 for k, *_ in self.acks if k == kind)


def luhn_complete(eight: str) -> str:
    """A SIREN: eight digits and their Luhn check digit."""
    for check in "0123456789":
        digits = [int(c) for c in eight + check]
        total = sum(d if i % 2 == 0 else (d * 2 - 9 if d * 2 > 9 else d * 2) for i, d in enumerate(digits))
        if total % 10 == 0:
            return eight + check
    raise AssertionError(eight)


class Names:
    """Unique e-mails, SIRENs and texts for one run."""

    def __init__(self, seed: int):
        self.run = uuid.uuid4().hex[:8]
        self._n = 0
        self._lock = threading.Lock()
        self._siren_base = random.Random(seed ^ int(self.run, 16)).randrange(10_000_000, 89_000_000)

    def next(self) -> int:
        with self._lock:
            self._n += 1
            return self._n

    def email(self, role: str) -> str:
        return f"lt-{self.run}-{role}-{self.next()}@charge.vte-match.test"

    def siren(self) -> str:
        return luhn_complete(str(self._siren_base + self.next()))


def new_text(rng: random.Random) -> str:
    return " ".join(rng.sample(WORDS, 4))


def profile_body(rng: random.Random, token: str) -> dict:
    words = rng.sample(WORDS, 6)
    return {
        "first_name": "Charge",
        "last_name": token,
        "programme": "Ingénieur généraliste",
        "level": "bac+5",
        "status": "graduate",
        "summary": f"Profil {token} : je cherche un poste en {' '.join(words)}.",
        "skills": [token, *words[:3]],
        "contract_types": ["cdi", "cdd", "apprentissage"],
        "location": {"insee": rng.choice(COMMUNES)},
        "max_distance_km": 2000,
        "visible": True,
    }


def offer_body(rng: random.Random, token: str) -> dict:
    words = rng.sample(WORDS, 8)
    contract = rng.choice(["cdi", "cdd", "apprentissage"])
    return {
        "title": f"Ingénieur(e) {words[0]} {words[1]} {token}",
        "description": f"Mission {token} : {' '.join(words)}. Vous rejoignez une PME industrielle du territoire.",
        "skills": words[2:5],
        "contract_type": contract,
        "duration_months": {"cdi": None, "cdd": 12, "apprentissage": 24}[contract],
        "location": {"insee": rng.choice(COMMUNES)},
    }


# --- Actors --------------------------------------------------------------------------------------


@dataclass
class Shared:
    """What clients learn from each other: offers open to applications."""

    offers: list[int] = field(default_factory=list)
    lock: threading.Lock = field(default_factory=threading.Lock)

    def add_offer(self, offer_id: int) -> None:
        with self.lock:
            self.offers.append(offer_id)

    def remove_offer(self, offer_id: int) -> None:
        with self.lock:
            if offer_id in self.offers:
                self.offers.remove(offer_id)

    def pick_offer(self, rng: random.Random) -> int | None:
        with self.lock:
            return rng.choice(self.offers) if self.offers else None


@dataclass
class Context:
    host: str
    port: int
    budget: Budget
    journal: Journal
    names: Names
    shared: Shared
    invitation_code: str | None = None


def sign_up(client: Client, ctx: Context, role: str, email: str | None = None, cls: str = "signup") -> str | None:
    email = email or ctx.names.email(role)
    body = {"email": email, "password": PASSWORD, "role": role}
    if role == "student" and ctx.invitation_code:
        body["invitation_code"] = ctx.invitation_code
    answer = client.call(cls, "POST", "/api/v1/auth/signup", body)
    ctx.journal.note("account", email, role, answer)
    if answer.ok and client.fetch_csrf():
        return email
    return None


def save_profile(client: Client, ctx: Context, email: str, rng: random.Random, etag: str | None, cls="profile-save"):
    token = f"p{ctx.names.next()}"
    answer = client.call(
        cls, "PUT", "/api/v1/students/me", profile_body(rng, token), {"If-Match": etag} if etag else None
    )
    version = int(answer.etag.strip('W/"v')) if answer.ok and answer.etag else None
    ctx.journal.note("profile", email, (version, token), answer)
    return answer


def create_offer(
    client: Client, ctx: Context, rng: random.Random, publish: bool = True, cls: str | None = None
) -> int | None:
    """A new offer, published unless `publish` is false (`cls`: the class of both requests, e.g. a
    race's set-up, which waits out 503s)."""
    token = f"o{ctx.names.next()}"
    answer = client.call(cls or "offer-create", "POST", "/api/v1/offers", offer_body(rng, token))
    if not answer.ok:
        return None
    offer_id = answer.data["id"]
    ctx.journal.note("offer", offer_id, "draft", answer)
    if publish:
        published = client.call(cls or "publish", "POST", f"/api/v1/offers/{offer_id}/publish")
        ctx.journal.note("offer", offer_id, "published", published)
        if published.ok:
            ctx.shared.add_offer(offer_id)
    return offer_id


def register_company(client: Client, ctx: Context, cls: str = "company-create") -> int | None:
    body = {
        "siren": ctx.names.siren(),
        "name": f"Charge {ctx.names.run} {ctx.names.next()}",
        "naf": "25.62A",
        "headcount": 80,
        "location": {"insee": "01283"},
    }
    answer = client.call(cls, "POST", "/api/v1/companies", body)
    ctx.journal.note("company", answer.data["id"] if answer.ok else None, body["siren"], answer)
    return answer.data["id"] if answer.ok else None


def move(client: Client, ctx: Context, application_id: int, to: str, cls: str = "transition") -> Answer:
    answer = client.call(cls, "POST", f"/api/v1/applications/{application_id}/transitions", {"to": to})
    ctx.journal.note("application", application_id, to, answer)
    return answer


def apply(client: Client, ctx: Context, offer_id: int, cls: str = "apply") -> Answer:
    answer = client.call(cls, "POST", "/api/v1/applications", {"offer_id": offer_id, "message": "Bonjour !"})
    key = answer.data["id"] if answer.ok else None
    if answer.ok:
        ctx.journal.note("application", key, "submitted", answer)
    return answer


def student(ctx: Context, stats: Stats, rng: random.Random) -> None:
    client = Client(ctx.host, ctx.port, stats)
    if not ctx.budget.take() or not (email := sign_up(client, ctx, "student")):
        return
    saved = save_profile(client, ctx, email, rng, None)
    etag = saved.etag if saved.ok else None
    actions = ("matches", "search", "apply", "save", "withdraw", "mine")
    while ctx.budget.take():
        action = rng.choices(actions, weights=(25, 15, 25, 15, 10, 10))[0]
        if action == "matches" or etag is None:
            client.call("matches", "GET", "/api/v1/students/me/matches")
        elif action == "search":
            client.call("search", "GET", "/api/v1/offers?" + urlencode({"q": rng.choice(KNOWN_QUERIES)}))
        elif action == "apply" and (offer_id := ctx.shared.pick_offer(rng)):
            apply(client, ctx, offer_id)
        elif action == "save":
            saved = save_profile(client, ctx, email, rng, etag)
            etag = saved.etag if saved.ok else etag
        elif action in ("withdraw", "mine"):
            mine = client.call("my-applications", "GET", "/api/v1/applications?per_page=50")
            candidates = [a["id"] for a in (mine.data or {}).get("items", []) if a["status"] in OPEN]
            if action == "withdraw" and candidates:
                move(client, ctx, rng.choice(candidates), "withdrawn", cls="withdraw")
    client.close()


def company(ctx: Context, stats: Stats, rng: random.Random) -> None:
    client = Client(ctx.host, ctx.port, stats)
    if not ctx.budget.take() or not sign_up(client, ctx, "company") or not register_company(client, ctx):
        return
    offers = [o for o in (create_offer(client, ctx, rng) for _ in range(2)) if o]
    actions = ("offer", "move", "close", "read")
    while ctx.budget.take():
        action = rng.choices(actions, weights=(10, 70, 5, 15))[0]
        if action == "offer":
            if offer_id := create_offer(client, ctx, rng):
                offers.append(offer_id)
        elif action == "close" and len(offers) > 2:
            offer_id = offers.pop(0)
            ctx.shared.remove_offer(offer_id)
            ctx.journal.note(
                "offer", offer_id, "closed", client.call("close", "POST", f"/api/v1/offers/{offer_id}/close")
            )
        elif action == "read" and offers:
            client.call("offer-page", "GET", f"/api/v1/offers/{rng.choice(offers)}")
        else:
            listed = client.call("company-applications", "GET", "/api/v1/applications?per_page=50")
            items = [a for a in (listed.data or {}).get("items", []) if a["status"] in OPEN]
            if items:
                chosen = rng.choice(items)
                to = "rejected" if rng.random() < 0.15 else NEXT[chosen["status"]]
                move(client, ctx, chosen["id"], to)
    client.close()


def reader(ctx: Context, stats: Stats, rng: random.Random) -> None:
    client = Client(ctx.host, ctx.port, stats)
    actions = ("search", "search-new", "offer-page", "healthz")
    while ctx.budget.take():
        action = rng.choices(actions, weights=(30, 20, 30, 20))[0]
        if action == "search":
            client.call("search", "GET", "/api/v1/offers?" + urlencode({"q": rng.choice(KNOWN_QUERIES)}))
        elif action == "search-new":
            client.call("search-new", "GET", "/api/v1/offers?" + urlencode({"q": new_text(rng)}))
        elif action == "offer-page" and (offer_id := ctx.shared.pick_offer(rng)):
            client.call("offer-page", "GET", f"/api/v1/offers/{offer_id}")
        else:
            client.call("healthz", "GET", "/healthz")
    client.close()


# --- Races ---------------------------------------------------------------------------------------


@dataclass
class RaceResult:
    name: str
    statuses: list[int]
    ok: bool
    detail: str = ""


def fire(calls: list[Callable[[], Answer]], clients: list[Client]) -> list[Answer]:
    """Run the calls at the same instant, each on its own already-open connection. When every one
    was answered 503 (a fault injected at that instant: none was served), they are fired again
    after a second, as clients honouring Retry-After would, for up to SETUP_PATIENCE_S."""
    deadline = time.monotonic() + SETUP_PATIENCE_S
    while True:
        answers = _fire_once(calls, clients)
        if any(a.status != 503 for a in answers) or time.monotonic() > deadline:
            return answers
        time.sleep(1.0)


def _fire_once(calls: list[Callable[[], Answer]], clients: list[Client]) -> list[Answer]:
    for client in clients:
        client.connect()
    barrier = threading.Barrier(len(calls))
    answers: list[Answer | None] = [None] * len(calls)

    def run(i: int) -> None:
        barrier.wait()
        answers[i] = calls[i]()

    threads = [threading.Thread(target=run, args=(i,)) for i in range(len(calls))]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    return answers


def one_winner(name: str, answers: list[Answer], expected_losers: frozenset = frozenset({409})) -> RaceResult:
    statuses = [a.status for a in answers]
    winners = sum(1 for a in answers if a.ok)
    losers_ok = all(a.ok or a.status in expected_losers for a in answers)
    detail = "; ".join(a.error[:160] for a in answers if not a.ok and a.status not in expected_losers)
    return RaceResult(name, statuses, winners == 1 and losers_ok, detail)


def chain_problem(history: list[dict]) -> str | None:
    """Why an application's history is not one chain of moves (each from the previous one's status)."""
    previous = None
    for event in history:
        if event["from"] != previous:
            return f"{event['from']}→{event['to']} after {previous}"
        previous = event["to"]
    return None


def serial_outcome(name: str, answers: list[Answer], targets: list[str], history: list[dict]) -> RaceResult:
    """Two moves of one application at once are correct when they ran one after the other: the
    first wins, the second wins only if it is legal from the first's status (« examinée » then
    « refusée »), else gets 409; the history stays one chain, each winner in it once."""
    statuses = [a.status for a in answers]
    moved = [e["to"] for e in history[1:]]
    won = [t for a, t in zip(answers, targets, strict=True) if a.ok]
    problems = [chain_problem(history)] if chain_problem(history) else []
    if not won:
        problems.append("no winner")
    if any(not a.ok and a.status != 409 for a in answers):
        problems.append("a loser did not get 409")
    if sorted(moved[-len(won) :] if won else []) != sorted(won) or len(moved) != len(set(moved)):
        problems.append(f"history {moved} for winners {won}")
    return RaceResult(name, statuses, not problems, "; ".join(problems))


class RaceKit:
    """Fresh accounts for the races: one company with its offers, students with profiles."""

    def __init__(self, ctx: Context, stats: Stats, rng: random.Random):
        self.ctx, self.stats, self.rng = ctx, stats, rng
        self.results: list[RaceResult] = []

    def client(self) -> Client:
        return Client(self.ctx.host, self.ctx.port, self.stats)

    def pair(self, client: Client) -> Client:
        """A second connection sharing the client's session (the same user in two tabs)."""
        twin = self.client()
        twin.cookies, twin.csrf = dict(client.cookies), client.csrf
        return twin

    def new_student(self) -> tuple[Client, str, str | None]:
        client = self.client()
        email = sign_up(client, self.ctx, "student", cls="race-setup")
        saved = save_profile(client, self.ctx, email, self.rng, None, cls="race-setup") if email else None
        return client, email, saved.etag if saved is not None and saved.ok else None

    def run(self, rounds: int) -> list[RaceResult]:
        company = self.client()
        if not sign_up(company, self.ctx, "company", cls="race-setup") or not register_company(
            company, self.ctx, cls="race-setup"
        ):
            self.results.append(RaceResult("setup", [], False, "the race company could not be created"))
            return self.results
        for _ in range(rounds):
            self.transitions(company)
            self.profile_saves()
            self.publish_twice(company)
            self.same_email()
            self.same_new_search()
        return self.results

    def application_at(self, company: Client, status: str) -> tuple[Client, int] | None:
        """A new application (new offer, new student) moved by the company up to `status`."""
        offer_id = create_offer(company, self.ctx, self.rng, cls="race-setup")
        student_client, email, _ = self.new_student()
        if offer_id is None or email is None:
            return None
        applied = apply(student_client, self.ctx, offer_id, cls="race-setup")
        if not applied.ok:
            return None
        application_id = applied.data["id"]
        current = "submitted"
        while current != status:
            current = NEXT[current]
            if not move(company, self.ctx, application_id, current, cls="race-setup").ok:
                return None
        return student_client, application_id

    def transitions(self, company: Client) -> None:
        cases = (
            ("examinée deux fois", "submitted", ("company", "reviewed"), ("company", "reviewed")),
            ("examinée vs refusée", "submitted", ("company", "reviewed"), ("company", "rejected")),
            ("examinée vs retirée", "submitted", ("company", "reviewed"), ("student", "withdrawn")),
            ("embauchée vs refusée", "offered", ("company", "hired"), ("company", "rejected")),
            ("deux embauchées", "offered", ("company", "hired"), ("company", "hired")),
        )
        for name, start, *moves in cases:
            prepared = self.application_at(company, start)
            if prepared is None:
                self.results.append(RaceResult(f"transition {name}", [], False, "setup failed"))
                continue
            student_client, application_id = prepared
            actors = [self.pair(company if who == "company" else student_client) for who, _ in moves]
            calls = [
                (lambda c=c, to=to, a=application_id: move(c, self.ctx, a, to, cls="race"))
                for c, (_, to) in zip(actors, moves, strict=True)
            ]
            answers = fire(calls, actors)
            detail = company.call("race-setup", "GET", f"/api/v1/applications/{application_id}")
            history = (detail.data or {}).get("history", [])
            self.results.append(serial_outcome(f"transition {name}", answers, [to for _, to in moves], history))

    def profile_saves(self, n: int = 3) -> None:
        student_client, email, etag = self.new_student()
        if etag is None:
            self.results.append(RaceResult("profile saves", [], False, "setup failed"))
            return
        tabs = [self.pair(student_client) for _ in range(n)]
        calls = [(lambda c=c: save_profile(c, self.ctx, email, self.rng, etag, cls="race")) for c in tabs]
        self.results.append(one_winner("concurrent profile saves", fire(calls, tabs)))

    def publish_twice(self, company: Client) -> None:
        answer = company.call("race-setup", "POST", "/api/v1/offers", offer_body(self.rng, f"d{self.ctx.names.next()}"))
        if not answer.ok:
            self.results.append(RaceResult("draft published twice", [], False, "setup failed"))
            return
        offer_id = answer.data["id"]
        self.ctx.journal.note("offer", offer_id, "draft", answer)
        tabs = [self.pair(company) for _ in range(2)]

        def publish(c: Client) -> Answer:
            published = c.call("race", "POST", f"/api/v1/offers/{offer_id}/publish")
            self.ctx.journal.note("offer", offer_id, "published", published)
            return published

        self.results.append(one_winner("draft published twice", fire([lambda c=c: publish(c) for c in tabs], tabs)))

    def same_email(self, n: int = 4) -> None:
        email = self.ctx.names.email("student")
        clients = [self.client() for _ in range(n)]

        def signup(c: Client) -> Answer:
            answer = c.call(
                "race", "POST", "/api/v1/auth/signup", {"email": email, "password": PASSWORD, "role": "student"}
            )
            self.ctx.journal.note("account", email, "student", answer)
            return answer

        self.results.append(
            one_winner("one e-mail signed up 4 times", fire([lambda c=c: signup(c) for c in clients], clients))
        )

    def same_new_search(self, n: int = 10) -> None:
        query = "/api/v1/offers?" + urlencode({"q": new_text(self.rng) + f" {self.ctx.names.run}"})
        clients = [self.client() for _ in range(n)]
        answers = fire([lambda c=c: c.call("race", "GET", query) for c in clients], clients)
        statuses = [a.status for a in answers]
        self.results.append(
            RaceResult("one new search text from 10 clients", statuses, all(s == 200 for s in statuses))
        )


# --- Faults --------------------------------------------------------------------------------------


def pg_ctlcluster(action: str, cluster: str | None) -> None:
    version, name = (cluster or f"{sorted(os.listdir('/etc/postgresql'))[-1]}/main").split("/")
    subprocess.run(["pg_ctlcluster", "--skip-systemctl-redirect", version, name, action], check=True, timeout=120)


def listening_pids(port: int) -> list[int]:
    """The processes holding the listening socket of `port` (gunicorn's master and its workers)."""
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            lines = Path(table).read_text().splitlines()[1:]
        except OSError:
            continue
        for line in lines:
            cols = line.split()
            if int(cols[1].rsplit(":", 1)[1], 16) == port and cols[3] == "0A":  # LISTEN
                inodes.add(cols[9])
    pids = []
    for proc in Path("/proc").iterdir():
        if not proc.name.isdigit():
            continue
        try:
            links = {os.readlink(fd) for fd in (proc / "fd").iterdir()}
        except OSError:
            continue
        if any(f"socket:[{inode}]" in links for inode in inodes):
            pids.append(int(proc.name))
    return pids


def parent_of(pid: int) -> int:
    return int(Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[1])


def gunicorn_workers(port: int) -> tuple[int, list[int]]:
    """The master serving `port` and its children (the workers)."""
    pids = listening_pids(port)
    masters = [p for p in pids if parent_of(p) not in pids]
    if len(masters) != 1:
        raise RuntimeError(f"cannot tell gunicorn's master among {pids} listening on port {port}")
    master = masters[0]
    return master, sorted(p for p in pids if parent_of(p) == master)


@dataclass
class FaultReport:
    kind: str
    injected_at: float = 0.0
    detail: str = ""
    recovered_after: float | None = None


def inject_fault(kind: str, at: float, down: float, cluster: str | None, port: int, health: Client) -> FaultReport:
    report = FaultReport(kind)
    time.sleep(at)
    started = time.monotonic()
    report.injected_at = at
    if kind == "restart-db":
        pg_ctlcluster("restart", cluster)
        report.detail = f"PostgreSQL restarted in {time.monotonic() - started:.1f} s"
    elif kind == "stop-db":
        pg_ctlcluster("stop", cluster)
        time.sleep(down)
        pg_ctlcluster("start", cluster)
        report.detail = f"PostgreSQL stopped for {time.monotonic() - started:.1f} s"
    elif kind == "kill-worker":
        master, workers = gunicorn_workers(port)
        victim = random.choice(workers)
        os.kill(victim, signal.SIGKILL)
        report.detail = f"SIGKILL to worker {victim} (master {master}, workers {workers})"
    # Recovered: /healthz and /readyz answer 200 again (a new worker has loaded its model).
    while time.monotonic() - started < 180:
        if (
            health.call("probe", "GET", "/healthz").status == 200
            and health.call("probe", "GET", "/readyz").status == 200
        ):
            report.recovered_after = time.monotonic() - started
            break
        time.sleep(0.2)
    return report


# --- Verification against the database -----------------------------------------------------------


@dataclass
class Verdict:
    checked: Counter = field(default_factory=Counter)
    lost: int = 0
    duplicated: int = 0
    problems: list[str] = field(default_factory=list)

    def lose(self, text: str) -> None:
        self.lost += 1
        self.problems.append("lost: " + text)

    def duplicate(self, text: str) -> None:
        self.duplicated += 1
        self.problems.append("duplicated: " + text)


def chunks(values: list, size: int = 500):
    for i in range(0, len(values), size):
        yield values[i : i + size]


def rows_by(conn, sql: str, keys: list) -> list:
    from sqlalchemy import bindparam, text

    statement = text(sql).bindparams(bindparam("keys", expanding=True))
    out = []
    for part in chunks(keys):
        out.extend(conn.execute(statement, {"keys": part}).all())
    return out


def verify(database_url: str, journal: Journal) -> Verdict:
    """Read the database and compare it with the journal of acknowledged writes."""
    from sqlalchemy import create_engine

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
    from vte.config import normalise_database_url

    acks: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for kind, key, value, _at in sorted(journal.acks, key=lambda a: a[3]):
        acks[kind][key].append(value)
    maybes: dict[str, dict] = defaultdict(lambda: defaultdict(list))
    for kind, key, value in journal.maybes:
        maybes[kind][key].append(value)
    verdict = Verdict()
    engine = create_engine(normalise_database_url(database_url))
    try:
        with engine.connect() as conn:
            verify_accounts(conn, acks["account"], verdict)
            verify_companies(conn, acks["company"], verdict)
            verify_offers(conn, acks["offer"], maybes["offer"], verdict)
            verify_profiles(conn, acks["profile"], maybes["profile"], verdict)
            verify_applications(conn, acks["application"], maybes["application"], verdict)
    finally:
        engine.dispose()
    return verdict


def verify_accounts(conn, accounts: dict, verdict: Verdict) -> None:
    emails = [e.lower() for e in accounts]
    found = Counter(
        r[0] for r in rows_by(conn, "SELECT lower(email) FROM user_account WHERE lower(email) IN :keys", emails)
    )
    for email in emails:
        verdict.checked["accounts"] += 1
        if found[email] == 0:
            verdict.lose(f"account {email}")
        elif found[email] > 1:
            verdict.duplicate(f"account {email} ×{found[email]}")
    for email, acked in accounts.items():
        if len(acked) > 1:
            verdict.duplicate(f"sign-up of {email} acknowledged {len(acked)} times")


def verify_companies(conn, companies: dict, verdict: Verdict) -> None:
    ids = [k for k in companies if k is not None]
    found = dict(rows_by(conn, "SELECT id, siren FROM company WHERE id IN :keys", ids))
    for company_id in ids:
        verdict.checked["companies"] += 1
        if found.get(company_id) != companies[company_id][-1]:
            verdict.lose(f"company {company_id}")


def verify_offers(conn, offers: dict, maybes: dict, verdict: Verdict) -> None:
    found = dict(rows_by(conn, "SELECT id, status FROM offer WHERE id IN :keys", list(offers)))
    for offer_id, statuses in offers.items():
        verdict.checked["offers"] += 1
        expected = max(statuses, key=OFFER_RANK.__getitem__)
        status = found.get(offer_id)
        later = [s for s in maybes.get(offer_id, []) if OFFER_RANK[s] > OFFER_RANK[expected]]
        if status is None:
            verdict.lose(f"offer {offer_id}")
        elif status != expected and status not in later:
            verdict.lose(f"offer {offer_id} is {status}, acknowledged {expected}")
        if statuses.count("published") > 1:
            verdict.duplicate(f"offer {offer_id} published {statuses.count('published')} times")


def verify_profiles(conn, profiles: dict, maybes: dict, verdict: Verdict) -> None:
    sql = (
        "SELECT lower(u.email), s.version, s.last_name, s.skills FROM student s "
        "JOIN user_account u ON u.id = s.user_id WHERE lower(u.email) IN :keys"
    )
    rows = rows_by(conn, sql, [e.lower() for e in profiles])
    found = defaultdict(list)
    for email, version, last_name, skills in rows:
        found[email].append((version, last_name, skills if isinstance(skills, list) else json.loads(skills)))
    for email, saves in profiles.items():
        verdict.checked["profiles"] += 1
        version, token = max(saves, key=lambda s: s[0] or 0)
        rows = found.get(email.lower(), [])
        if not rows:
            verdict.lose(f"profile of {email}")
            continue
        if len(rows) > 1:
            verdict.duplicate(f"profile of {email} ×{len(rows)}")
        db_version, db_token, skills = rows[0]
        unknown = {t for _, t in maybes.get(email, [])}
        if (db_version, db_token) != (version, token) and db_token not in unknown:
            verdict.lose(f"profile of {email}: v{db_version} {db_token}, acknowledged v{version} {token}")
        elif skills[:1] != [db_token]:
            verdict.lose(f"profile of {email} mixes two saves ({db_token} with skills of {skills[:1]})")
        if len({v for v, _ in saves}) != len(saves):
            verdict.duplicate(f"two saves of {email} acknowledged as one version")


def verify_applications(conn, applications: dict, maybes: dict, verdict: Verdict) -> None:
    ids = [k for k in applications if k is not None]
    rows = rows_by(conn, "SELECT id, student_id, offer_id, status FROM application WHERE id IN :keys", ids)
    found = {r[0]: r for r in rows}
    sql = "SELECT application_id, from_status, to_status, id FROM application_event WHERE application_id IN :keys"
    histories = defaultdict(list)
    for application_id, from_status, to_status, _ in sorted(rows_by(conn, sql, ids), key=lambda r: r[3]):
        histories[application_id].append({"from": from_status, "to": to_status})
    sql = "SELECT application_id FROM placement WHERE application_id IN :keys"
    placements = Counter(r[0] for r in rows_by(conn, sql, ids))
    sql = (
        "SELECT offer_id, count(*) FROM application WHERE offer_id IN :keys "
        "GROUP BY student_id, offer_id HAVING count(*) > 1"
    )
    for offer_id, n in rows_by(conn, sql, sorted({r[2] for r in rows})):
        verdict.duplicate(f"{n} applications of one student to offer {offer_id}")
    for application_id in ids:
        verdict.checked["applications"] += 1
        row = found.get(application_id)
        if row is None:
            verdict.lose(f"application {application_id}")
            continue
        check_application(application_id, row[3], applications[application_id], maybes.get(application_id, []), verdict)
        check_history(application_id, applications[application_id], histories[application_id], verdict)
        check_placement(application_id, row[3], placements[application_id], verdict)


def check_application(application_id: int, status: str, acked: list[str], unknown: list[str], verdict: Verdict):
    """The application is in the furthest acknowledged status (or a later one whose answer was lost)."""
    finals = {s for s in acked if RANK[s] == 4}
    if len(finals) > 1:
        verdict.lose(f"application {application_id}: {sorted(finals)} both acknowledged")
    expected = max(acked, key=RANK.__getitem__)
    later = [s for s in unknown if RANK[s] > RANK[expected]]
    if status != expected and status not in later:
        verdict.lose(f"application {application_id} is {status}, acknowledged {expected}")


def check_history(application_id: int, acked: list[str], history: list[dict], verdict: Verdict) -> None:
    """One chain of moves, each acknowledged move in it exactly once."""
    if problem := chain_problem(history):
        verdict.lose(f"history of application {application_id} forks: {problem}")
    seen = Counter(e["to"] for e in history)
    for status in set(acked):
        if seen[status] == 0:
            verdict.lose(f"event {status} of application {application_id}")
        elif seen[status] > 1:
            verdict.duplicate(f"event {status} of application {application_id} ×{seen[status]}")


def check_placement(application_id: int, status: str, placements: int, verdict: Verdict) -> None:
    """One placement for a hire, none otherwise."""
    if placements > 1:
        verdict.duplicate(f"placement of application {application_id} ×{placements}")
    elif status == "hired" and placements == 0:
        verdict.lose(f"placement of hired application {application_id}")
    elif status != "hired" and placements:
        verdict.duplicate(f"placement of application {application_id}, which is {status}")


# --- The mixed run -------------------------------------------------------------------------------


@dataclass
class MixedReport:
    seconds: float
    stats: Stats
    journal: Journal
    races: list[RaceResult]
    fault: FaultReport | None
    verdict: Verdict | None
    recovered: bool


def seed_offers(ctx: Context, stats: Stats) -> None:
    """Published offers to apply to before the companies publish theirs: the first search page."""
    client = Client(ctx.host, ctx.port, stats)
    answer = client.call("search", "GET", "/api/v1/offers?per_page=50")
    for item in (answer.data or {}).get("items", []):
        ctx.shared.add_offer(item["id"])
    client.close()


def invitation_code(ctx: Context, args, stats: Stats) -> str | None:
    """--invitation-code, else a code created by the demo school's staff account (None when it
    cannot sign in: the students then have no school and their profile saves fail, visibly)."""
    if args.invitation_code:
        return args.invitation_code
    client = Client(ctx.host, ctx.port, stats)
    try:
        email, password = DEMO_SCHOOL_STAFF
        me = client.call("login", "POST", "/api/v1/auth/login", {"email": email, "password": password})
        if not (me.ok and me.data.get("school_id") and client.fetch_csrf()):
            return None
        path = f"/api/v1/schools/{me.data['school_id']}/invitations"
        created = client.call("race-setup", "POST", path, {"label": "Test de charge"})
        return created.data["code"] if created.ok else None
    finally:
        client.close()


def run_mixed(args) -> MixedReport:
    host, port = require_loopback(args.url)
    budget = Budget(args.duration, args.max_requests)
    ctx = Context(host, port, budget, Journal(), Names(args.seed), Shared())
    ctx.invitation_code = invitation_code(ctx, args, Stats())
    roles = [student, company, reader]
    weights = (0.4, 0.2, 0.4)
    plan = [roles[0]] * round(args.clients * weights[0]) + [roles[1]] * max(1, round(args.clients * weights[1]))
    plan += [roles[2]] * max(0, args.clients - len(plan))
    stats_per_thread = [Stats() for _ in plan]
    started = time.monotonic()
    seed_offers(ctx, stats_per_thread[0])
    threads = [
        threading.Thread(target=role, args=(ctx, stats, random.Random(args.seed * 1000 + i)), name=f"lt-{i}")
        for i, (role, stats) in enumerate(zip(plan, stats_per_thread, strict=True))
    ]
    race_stats, fault_box, race_box = Stats(), [], []
    if args.races:
        kit = RaceKit(ctx, race_stats, random.Random(args.seed))
        threads.append(threading.Thread(target=lambda: race_box.extend(kit.run(args.race_rounds)), name="lt-races"))
    if args.fault:
        probe = Client(host, port, Stats(), timeout=5)
        at = args.fault_at if args.fault_at is not None else args.duration / 3
        threads.append(
            threading.Thread(
                target=lambda: fault_box.append(
                    inject_fault(args.fault, at, args.fault_down, args.pg_cluster, port, probe)
                ),
                name="lt-fault",
            )
        )
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    seconds = time.monotonic() - started
    stats = Stats()
    for part in [*stats_per_thread, race_stats]:
        stats.merge(part)
    recovered = wait_recovered(host, port)
    verdict = verify(args.database_url, ctx.journal) if args.database_url else None
    return MixedReport(seconds, stats, ctx.journal, race_box, fault_box[0] if fault_box else None, verdict, recovered)


def wait_recovered(host: str, port: int, timeout: float = 120) -> bool:
    """After the run: the service answers /readyz 200 (database and every model ready)."""
    client = Client(host, port, Stats(), timeout=5)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if client.call("probe", "GET", "/readyz").status == 200:
            return True
        time.sleep(0.5)
    return False


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(q * len(ordered)))] * 1000 if ordered else 0.0


def error_classes(stats: Stats) -> Counter:
    out = Counter()
    for counts in stats.statuses.values():
        for status, n in counts.items():
            if status == 0:
                out["connection errors"] += n
            elif status == 409:
                out["409 (expected conflicts)"] += n
            elif status == 503:
                out["503"] += n
            elif status == 500:
                out["500"] += n
            elif status >= 400:
                out[f"{status}"] += n
    return out


def summarise(report: MixedReport) -> tuple[list[str], list[str]]:
    """The printed report and the reasons to fail."""
    lines, failures = latency_table(report), []
    errors = error_classes(report.stats)
    lines += ["", "errors: " + (", ".join(f"{k}: {v}" for k, v in sorted(errors.items())) or "none")]
    server_errors = sum(n for k, n in errors.items() if k.isdigit() and int(k) >= 500 and k != "503")
    if server_errors:
        failures.append(f"{server_errors} answers 5xx other than 503")
    for (cls, status), n in sorted(report.stats.unexpected.items()):
        lines.append(f"  unexpected {status} on {cls} ×{n}: {report.stats.samples.get((cls, status), '')[:200]}")
        if status < 500:
            failures.append(f"{n} × {status} on {cls}")
    if errors["connection errors"] and report.fault is None:
        failures.append(f"{errors['connection errors']} connection errors without a fault")
    acked = Counter(kind for kind, *_ in report.journal.acks)
    lines.append("acknowledged writes: " + ", ".join(f"{k}: {v}" for k, v in sorted(acked.items())))
    lines.append(f"writes without an answer (outcome unknown): {len(report.journal.maybes)}")
    for part in (race_lines, fault_lines, verdict_lines):
        more, failed = part(report)
        lines += more
        failures += failed
    if not report.recovered:
        failures.append("/readyz did not answer 200 after the run")
    return lines, failures


def latency_table(report: MixedReport) -> list[str]:
    stats = report.stats
    total = sum(len(v) for v in stats.latencies.values())
    lines = [f"requests: {total} in {report.seconds:.1f} s = {total / report.seconds:.1f} req/s", ""]
    lines.append(f"{'class':<22}{'n':>7}{'p50 ms':>9}{'p95 ms':>9}{'p99 ms':>9}  statuses")
    for cls in sorted(stats.latencies):
        values = stats.latencies[cls]
        statuses = " ".join(f"{s or 'conn'}:{n}" for s, n in sorted(stats.statuses[cls].items()))
        lines.append(
            f"{cls:<22}{len(values):>7}{percentile(values, 0.5):>9.0f}{percentile(values, 0.95):>9.0f}"
            f"{percentile(values, 0.99):>9.0f}  {statuses}"
        )
    return lines


def race_lines(report: MixedReport) -> tuple[list[str], list[str]]:
    if not report.races:
        return [], []
    passed = sum(r.ok for r in report.races)
    lines = [f"races: {passed}/{len(report.races)} with one winner, 409 for the others (or legal one after the other)"]
    lines += [f"  {'ok  ' if r.ok else 'FAIL'} {r.name}: {r.statuses} {r.detail}" for r in report.races]
    return lines, ([f"{len(report.races) - passed} races went wrong"] if passed != len(report.races) else [])


def fault_lines(report: MixedReport) -> tuple[list[str], list[str]]:
    fault = report.fault
    if fault is None:
        return [], []
    recovery = f"{fault.recovered_after:.1f} s" if fault.recovered_after is not None else "NOT recovered"
    lines = [f"fault {fault.kind} at {fault.injected_at:.0f} s: {fault.detail}; ready again after {recovery}"]
    return lines, (["the service did not recover from the fault"] if fault.recovered_after is None else [])


def verdict_lines(report: MixedReport) -> tuple[list[str], list[str]]:
    verdict = report.verdict
    if verdict is None:
        return ["lost: not verified, duplicated: not verified (give --database-url)"], []
    lines = ["checked: " + ", ".join(f"{k}: {v}" for k, v in sorted(verdict.checked.items()))]
    lines.append(f"lost: {verdict.lost}, duplicated: {verdict.duplicated}")
    lines += [f"  {p}" for p in verdict.problems[:20]]
    failed = verdict.lost or verdict.duplicated
    return lines, ([f"lost {verdict.lost}, duplicated {verdict.duplicated}"] if failed else [])


# --- Throughput ----------------------------------------------------------------------------------


def sign_in(host: str, port: int, email: str, password: str) -> dict[str, str]:
    client = Client(host, port, Stats())
    answer = client.call("login", "POST", "/api/v1/auth/login", {"email": email, "password": password})
    if not answer.ok:
        raise SystemExit(f"loadtest: cannot sign in as {email}: {answer.status} {answer.error[:200]}")
    client.close()
    return client.cookies


def _throughput_process(
    host, port, kind, threads, start_at, seconds, cookies, seed
) -> tuple[int, Counter, list[float]]:
    """One process of a throughput cell: `threads` clients hammering one endpoint until the end."""
    done, statuses, latencies, lock = [0], Counter(), [], threading.Lock()

    def loop(i: int) -> None:
        rng = random.Random(seed * 100 + i)
        client = Client(host, port, Stats())
        client.cookies = dict(cookies)
        local, local_lat, local_status = 0, [], Counter()
        end = start_at + seconds
        while time.time() < start_at:
            time.sleep(0.001)
        while time.time() < end:
            if kind == "healthz":
                path = "/healthz"
            elif kind == "matches":
                path = "/api/v1/students/me/matches"
            else:
                path = "/api/v1/offers?" + urlencode({"q": f"{new_text(rng)} {seed}-{i}-{local}"})
            started = time.perf_counter()
            answer = client._send(
                "GET", path, None, {"Accept": "application/json", **_cookie_header(client)}, decode=False
            )
            local_lat.append(time.perf_counter() - started)
            local_status[answer.status] += 1
            local += 1
        with lock:
            done[0] += local
            statuses.update(local_status)
            latencies.extend(local_lat)

    workers = [threading.Thread(target=loop, args=(i,)) for i in range(threads)]
    for worker in workers:
        worker.start()
    for worker in workers:
        worker.join()
    return done[0], statuses, latencies


def _cookie_header(client: Client) -> dict[str, str]:
    return {"Cookie": "; ".join(f"{k}={v}" for k, v in client.cookies.items())} if client.cookies else {}


def throughput(args) -> list[str]:
    host, port = require_loopback(args.url)
    cookies = sign_in(host, port, args.student_email, args.student_password)
    levels = [int(n) for n in args.throughput_clients.split(",")]
    kinds = (("healthz", "/healthz (the ceiling)"), ("matches", "« Mes offres »"), ("search-new", "search, new text"))
    header = f"{'endpoint':<26}" + "".join(f"{f'{n} clients':>22}" for n in levels)
    lines = [f"throughput: req/s (p50 / p99 ms), {args.throughput_seconds:.0f} s per cell", header]
    processes = max(1, min(args.client_processes, max(levels)))
    context = get_context("fork")
    with ProcessPoolExecutor(processes, mp_context=context) as pool:
        for kind, title in kinds:
            cells, bad = [], Counter()
            for n in levels:
                used = min(processes, n)
                per = [n // used + (1 if i < n % used else 0) for i in range(used)]
                start_at = time.time() + 1.0
                futures = [
                    pool.submit(
                        _throughput_process,
                        host,
                        port,
                        kind,
                        k,
                        start_at,
                        args.throughput_seconds,
                        cookies,
                        1000 * n + i,
                    )
                    for i, k in enumerate(per)
                ]
                count, statuses, latencies = 0, Counter(), []
                for future in futures:
                    c, s, lat = future.result()
                    count, latencies = count + c, latencies + lat
                    statuses.update(s)
                bad.update({s: v for s, v in statuses.items() if s != 200})
                rate = count / args.throughput_seconds
                cells.append(f"{rate:.0f} ({percentile(latencies, 0.5):.0f} / {percentile(latencies, 0.99):.0f})")
            note = ("  non-200: " + ", ".join(f"{s or 'conn'}:{v}" for s, v in sorted(bad.items()))) if bad else ""
            lines.append(f"{title:<26}" + "".join(f"{c:>22}" for c in cells) + note)
    return lines


# --- Command line --------------------------------------------------------------------------------


def parse_args(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(prog="python -m scripts.loadtest", description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", required=True, help="the service, on a loopback address: http://127.0.0.1:8001")
    parser.add_argument("--clients", type=int, default=50, help="concurrent simulated users (default 50)")
    parser.add_argument("--duration", type=float, default=60, help="seconds of load (default 60)")
    parser.add_argument("--max-requests", type=int, default=200_000, help="stop after this many requests")
    parser.add_argument("--database-url", help="the service's database, read after the run to verify the journal")
    parser.add_argument("--races", action="store_true", help="fire the races of issue 11 during the load")
    parser.add_argument("--race-rounds", type=int, default=3, help="how many times each race is fired (default 3)")
    parser.add_argument("--fault", choices=("restart-db", "stop-db", "kill-worker"), help="inject a fault mid-run")
    parser.add_argument("--fault-at", type=float, help="seconds into the run (default: a third of --duration)")
    parser.add_argument("--fault-down", type=float, default=5.0, help="stop-db: seconds the database stays down")
    parser.add_argument("--pg-cluster", help="PostgreSQL cluster as VERSION/NAME (default: newest version, main)")
    parser.add_argument("--seed", type=int, default=11)
    parser.add_argument("--throughput", action="store_true", help="measure req/s of three endpoints instead")
    parser.add_argument("--throughput-clients", default="1,8,32", help="client counts (default 1,8,32)")
    parser.add_argument("--throughput-seconds", type=float, default=10.0, help="seconds per cell (default 10)")
    parser.add_argument(
        "--client-processes",
        type=int,
        default=8,
        help="client processes for --throughput (the threads of one process read answers one at a time: "
        "with 2 processes, the client, not the server, capped « Mes offres » at 8 clients)",
    )
    parser.add_argument(
        "--invitation-code",
        help="a school's invitation code for the students who sign up (default: one created with the demo "
        "school's staff account)",
    )
    parser.add_argument("--student-email", default=DEMO_STUDENT[0], help="the student of « Mes offres »")
    parser.add_argument("--student-password", default=DEMO_STUDENT[1])
    args = parser.parse_args(argv)
    if not 1 <= args.clients <= 500 or not 0 < args.duration <= 3600:
        parser.error("--clients must be within 1..500 and --duration within 0..3600 s")
    if args.fault in ("restart-db", "stop-db") and not (args.database_url or "").startswith("postgres"):
        parser.error(f"--fault {args.fault} needs --database-url naming the PostgreSQL database of the service")
    if args.database_url and args.database_url.startswith("postgres"):
        host = urlsplit(args.database_url).hostname or "localhost"
        if host not in ("localhost", "") and not ipaddress.ip_address(socket.gethostbyname(host)).is_loopback:
            parser.error("--database-url must be on this machine")
    return args


def main(argv: list[str] | None = None) -> int:
    args = parse_args(argv)
    if args.throughput:
        print("\n".join(throughput(args)))
        return 0
    report = run_mixed(args)
    lines, failures = summarise(report)
    print("\n".join(lines))
    if failures:
        print("FAILED: " + "; ".join(failures))
        return 1
    print("OK")
    return 0


if __name__ == "__main__":
    sys.exit(main())
