#!/usr/bin/env python3
"""Open every main page of a running VTE Match as each demo account and print the status and the
time of each; exit 1 when a page answers an error.

    python -m scripts.smoke_pages                      # http://127.0.0.1:8000, demo accounts
    python -m scripts.smoke_pages --base-url https://vte.example.org --password '…'

Meant for the demo dataset of `scripts/run.sh` (accounts listed by `flask --app vte demo-accounts`):
a deployment check, and the latency of the pages on a realistic amount of data.
"""

from __future__ import annotations

import argparse
import http.cookiejar
import re
import sys
import time
import urllib.error
import urllib.parse
import urllib.request

CSRF = re.compile(r'<meta name="csrf-token" content="([^"]+)"')
PUBLIC = [
    "/",
    "/offres",
    "/offres?q=maintenance+industrielle",
    "/offres?commune_label=01100&radius_km=50&sort=distance",
    "/connexion",
    "/inscription",
]
ROLES = {
    "etudiant@demo.vte-match.fr": [
        "/etudiant/offres",
        "/etudiant/offres?q=qualit%C3%A9&page=2",
        "/etudiant/profil",
        "/etudiant/candidatures",
        "/etudiant/supprimer",
    ],
    "entreprise@demo.vte-match.fr": ["/entreprise", "/entreprise/offres", "/entreprise/offres/nouvelle"],
    "ecole@demo.vte-match.fr": [
        "/ecole",
        "/ecole/etudiants",
        "/ecole/etudiants?status=hired",
        "/ecole/invitations",
        "/ecole/import",
        "/ecole/statistiques.csv",
    ],
}
# Pages found on the ones above: the first link of each kind.
FOLLOW = [
    re.compile(r'href="(/offres/\d+)"'),
    re.compile(r'href="(/entreprise/offres/\d+)"'),
    re.compile(r'href="(/etudiant/candidatures/\d+)"'),
]


class Browser:
    def __init__(self, base: str):
        self.base = base.rstrip("/")
        self.opener = urllib.request.build_opener(urllib.request.HTTPCookieProcessor(http.cookiejar.CookieJar()))

    def get(self, path: str) -> tuple[int, str, float]:
        started = time.perf_counter()
        try:
            with self.opener.open(self.base + path, timeout=60) as response:
                body = response.read().decode("utf-8", "replace")
                return response.status, body, time.perf_counter() - started
        except urllib.error.HTTPError as exc:
            return exc.code, exc.read().decode("utf-8", "replace"), time.perf_counter() - started

    def sign_in(self, email: str, password: str) -> bool:
        _, page, _ = self.get("/connexion")
        token = CSRF.search(page).group(1)
        data = urllib.parse.urlencode({"csrf_token": token, "email": email, "password": password}).encode()
        try:
            with self.opener.open(self.base + "/connexion", data=data, timeout=60) as response:
                return "/connexion" not in response.url
        except urllib.error.HTTPError:
            return False


def visit(browser: Browser, who: str, paths: list[str]) -> int:
    failures, seen, queue = 0, set(), list(paths)
    while queue:
        path = queue.pop(0)
        if path in seen:
            continue
        seen.add(path)
        status, body, seconds = browser.get(path)
        ok = status < 400
        failures += not ok
        print(f"{who:32} {status} {seconds * 1000:8.1f} ms  {path}")
        if ok and path in paths:
            for pattern in FOLLOW:
                found = pattern.search(body)
                if found and found.group(1) not in seen:
                    queue.append(found.group(1))
    return failures


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--base-url", default="http://127.0.0.1:8000")
    parser.add_argument("--password", default="Demo-VTE-2026")
    args = parser.parse_args(argv)
    failures = visit(Browser(args.base_url), "anonyme", PUBLIC)
    for email, paths in ROLES.items():
        browser = Browser(args.base_url)
        if not browser.sign_in(email, args.password):
            print(f"{email}: connexion refusée", file=sys.stderr)
            failures += 1
            continue
        failures += visit(browser, email, paths)
    print(f"{failures} page(s) en erreur" if failures else "Toutes les pages répondent.")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
