"""Who may open a page: anonymous visitors are sent to the sign-in page (and come back after),
signed-in users of another role get the French 403 page."""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlsplit, urlunsplit

from flask import redirect, request, url_for
from flask_login import current_user

from ..errors import ForbiddenError
from ..vocab import Role


def signed_in_user():
    return current_user if current_user.is_authenticated else None


def page_for(*roles: Role):
    """Decorator: the view runs for signed-in users whose role is in `roles` (admins too)."""
    allowed = set(roles) | {Role.ADMIN}

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = signed_in_user()
            if user is None:
                return redirect(url_for("web.login", next=request.full_path.rstrip("?")))
            if user.role not in allowed:
                raise ForbiddenError("Cette page est réservée à un autre type de compte.")
            return view(*args, **kwargs)

        return wrapper

    return decorate


def home_of(user) -> str:
    """Where a user lands after signing in."""
    if user is None:
        return url_for("web.home")
    return {
        Role.STUDENT: url_for("web.student_matches"),
        Role.COMPANY: url_for("web.company_home"),
        Role.SCHOOL: url_for("web.school_dashboard"),
        Role.ADMIN: url_for("web.admin_home"),
    }.get(user.role, url_for("web.search"))


def safe_next(target: str | None) -> str | None:
    """A `next` URL only when it is a path on this site (no open redirect): no control characters
    or spaces (browsers and urlsplit drop some, turning "/\t/evil" into "//evil"), no scheme, no
    host; rebuilt from its path and query."""
    if not target or not target.startswith("/") or "\\" in target:
        return None
    if any(ord(c) < 0x21 or ord(c) == 0x7F for c in target):
        return None
    parts = urlsplit(target)
    if parts.scheme or parts.netloc or parts.path.startswith("//"):
        return None
    return urlunsplit(("", "", parts.path, parts.query, ""))
