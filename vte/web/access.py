"""Who may open a page: anonymous visitors are sent to the sign-in page (and come back after),
signed-in users of another role get the French 403 page."""
from __future__ import annotations

from functools import wraps

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
    }.get(user.role, url_for("web.search"))


def safe_next(target: str | None) -> str | None:
    """A `next` URL only when it stays on this site (no open redirect)."""
    if target and target.startswith("/") and not target.startswith("//") and "\\" not in target:
        return target
    return None
