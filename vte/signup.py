"""Sign-up (the page and POST /api/v1/auth/signup). Flush, never commit."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy.orm import Session

from .account_links import LinkBuilder, send_verification
from .accounts import create_user
from .models import School, User
from .school_registry import choose_school
from .students import join_school, school_for_email
from .vocab import Role


@dataclass
class SignupResult:
    user: User
    # The school joined with an invitation code (a student only).
    school: School | None
    # The school whose approved domain the address has: joined once the address is verified.
    school_after_verification: School | None


def register_account(
    session: Session,
    email: str,
    password: str,
    role: Role,
    link_for: LinkBuilder,
    display_name: str | None = None,
    invitation_code: str | None = None,
    school_name: str | None = None,
) -> SignupResult:
    """Create the account and e-mail it a verification link. A student joins the school of
    `invitation_code` at once; one whose address has a school's approved domain joins it only when
    they open the link (anyone can type an address they do not own); otherwise the school they
    named (`school_name`, kept as entered when the registry does not know it)."""
    user = create_user(session, email, password, role, display_name=display_name)
    school = join_school(session, user, invitation_code) if role == Role.STUDENT and invitation_code else None
    pending = school_for_email(session, user.email) if role == Role.STUDENT and school is None else None
    if role == Role.STUDENT and school is None and pending is None and school_name and school_name.strip():
        school = choose_school(session, user, school_name)
    send_verification(session, user, link_for)
    return SignupResult(user, school, pending)
