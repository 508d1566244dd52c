"""Public pages: home, offer search (list and map), offer page."""

from __future__ import annotations

from datetime import date
from urllib.parse import urlencode

from flask import current_app, render_template, request, url_for
from werkzeug.routing import BuildError

from ..companies import offer_eligibility
from ..company_page import company_public_page
from ..eligibility import rules_for_config, rules_overview
from ..embeddings import get_encoder
from ..errors import InputError
from ..extensions import db
from ..favourites import is_saved
from ..matching import offer_match
from ..offer_search import search_filters, search_offers
from ..offers import DEFAULT_RADIUS_KM, serialise_offer
from ..permissions import get_company_for, get_offer_for, manages_company, student_of
from ..schemas.offers import SearchArgs
from ..similar_offers import similar_offers
from ..stats import home_figures
from ..vocab import Role
from .access import signed_in_user
from .blueprint import bp
from .company_display import count_phrase, public_company_view
from .forms import FormState, checked, errors_of, location, text, validate
from .presenters import (
    CONTRACT_CHOICES,
    LEVEL_CHOICES,
    aids_facts,
    component_rows,
    french_of,
    offer_facts,
    paragraphs,
    percent,
)

SORT_CHOICES = [
    ("date", "Les plus récentes"),
    ("relevance", "Pertinence (avec une recherche)"),
    ("distance", "Distance (avec un lieu)"),
]
REMOTE_FILTER_CHOICES = [("any", "Télétravail possible"), ("full", "Entièrement à distance")]
PUBLISHED_CHOICES = [("1", "24 heures"), ("7", "7 jours"), ("30", "30 jours")]
RADIUS_CHOICES = [(str(km), f"{km} km") for km in (10, 20, 30, 50, 100, 200)]
PLACE_FIELDS = ("commune", "postcode")  # the service's names for the place typed in the commune box
SEARCH_FIELDS = (
    "q",
    "commune_label",
    "commune_code",
    "radius_km",
    "contract_type",
    "level",
    "green",
    "territory_only",
    "remote",
    "salary_min",
    "published_within_days",
    "sort",
)


@bp.get("/")
def home():
    rules = rules_overview(rules_for_config(current_app.config), date.today())
    return render_template("public/home.html", figures=home_figures(db.session), rules=rules)


def search_payload(args) -> dict:
    """The search form's fields as the API's search arguments."""
    payload = {"page": args.get("page", "1")}
    for name in ("q", "contract_type", "level", "sort", "remote", "salary_min", "published_within_days"):
        if text(args, name):
            payload[name] = text(args, name)
    if checked(args, "green"):
        payload["green"] = True
    if checked(args, "territory_only"):
        payload["territory_only"] = True
    place = location(db.session, args)
    if place is not None:
        payload["commune" if "insee" in place else "postcode"] = place.get("insee") or place.get("postcode")
        payload["radius_km"] = text(args, "radius_km") or DEFAULT_RADIUS_KM
    return payload


def last_page_if_beyond(result: dict | None) -> int:
    """The last page of a result asked past its end (`?page=9999`), else 0."""
    if not result or not result["total"] or result["items"]:
        return 0
    return -(-result["total"] // result["per_page"])


@bp.get("/offres")
def search():
    """The search form, the page of results and the map (the map asks /api/v1/offers/map for the
    points of the same search)."""
    form = FormState(request.args)
    result, status, payload = None, 200, {}
    try:
        payload = search_payload(request.args)
        args = validate(SearchArgs(), payload)
        result = search_offers(
            db.session,
            get_encoder(current_app.config),
            current_app.config,
            q=args.get("q"),
            filters=search_filters(args),
            sort=args.get("sort"),
            page=args["page"],
            per_page=args["per_page"],
        )
    except InputError as exc:
        db.session.rollback()
        for name, problems in errors_of(exc).items():  # the place is one field on the page
            form.errors.setdefault("location" if name in PLACE_FIELDS else name, []).extend(problems)
        status = 422
    kept = {k: request.args[k] for k in SEARCH_FIELDS if request.args.get(k)}
    map_query = urlencode(map_arguments(payload)) if result else ""
    place = (result or {}).get("place")
    map_circle = (
        {"lat": place["commune"]["lat"], "lon": place["commune"]["lon"], "radius_km": place["radius_km"]}
        if place
        else None
    )
    return render_template(
        "public/search.html",
        form=form,
        result=result,
        kept=kept,
        map_query=map_query,
        map_circle=map_circle,
        contract_choices=CONTRACT_CHOICES,
        level_choices=LEVEL_CHOICES,
        sort_choices=SORT_CHOICES,
        radius_choices=RADIUS_CHOICES,
        remote_filter_choices=REMOTE_FILTER_CHOICES,
        published_choices=PUBLISHED_CHOICES,
        items=[offer_facts(i) for i in (result or {}).get("items", [])],
        remote_items=[offer_facts(i) for i in ((result or {}).get("remote") or {}).get("items", [])],
        place_of=french_of(result["place"]["commune"]["name"]) if result and result.get("place") else "",
        beyond_last_page=last_page_if_beyond(result),
        first_page_args={k: v for k, v in kept.items() if k != "page"},
    ), status


def map_arguments(payload: dict) -> dict:
    """The search's arguments for /api/v1/offers/map (no page; booleans as the query string has them)."""
    return {k: ("true" if v is True else v) for k, v in payload.items() if k != "page"}


@bp.get("/offres/<int:offer_id>")
def offer(offer_id):
    """An offer: mission, company, place on a map, territory, and (not for students: the company's
    subsidies are its business) the VTE aids of this mission."""
    user = signed_in_user()
    found = get_offer_for(db.session, offer_id, user, "read")
    owner = manages_company(user, found.company_id)
    detail = serialise_offer(db.session, found, owner=owner)
    is_student = user is not None and user.role == Role.STUDENT
    eligibility = None
    if not is_student:
        eligibility = offer_eligibility(db.session, found, rules_for_config(current_app.config))
        eligibility["aids"] = aids_facts(eligibility["aids"])
    encoder = get_encoder(current_app.config)
    # A student with a profile sees the score « Mes offres » gives this offer; `profile` tells the
    # page whether « no score » means « no profile yet » or « outside your criteria ».
    profile = student_of(db.session, user) if is_student else None
    match = offer_match(db.session, encoder, current_app.config, profile, found.id) if profile else None
    return render_template(
        "public/offer.html",
        apply_url=_apply_url(found.id),
        matches_url=_student_url("web.student_matches"),
        offer=offer_facts(detail),
        description=paragraphs(detail["description"]),
        eligibility=eligibility,
        owner=owner,
        owner_counts=count_phrase(detail["applications"]) if owner else "",
        is_student=is_student,
        has_profile=profile is not None,
        match={**match, "score_text": percent(match["score"])} if match else None,
        score_rows=component_rows(current_app.config),
        similar=[offer_facts(o) for o in similar_offers(db.session, encoder, current_app.config, found)],
        saved=is_saved(db.session, user, found.id),
    )


@bp.get("/entreprises/<int:company_id>")
def company_public(company_id: int):
    """A company as students read it: description, website, sector, size, places, open offers."""
    company = get_company_for(db.session, company_id, signed_in_user(), "read")
    page = company_public_page(db.session, company, rules_for_config(current_app.config))
    return render_template(
        "public/company.html", company=public_company_view(page), manages=manages_company(signed_in_user(), company.id)
    )


def _apply_url(offer_id: int) -> str:
    return _student_url("web.student_apply", offer_id=offer_id) or url_for("web.offer", offer_id=offer_id)


def _student_url(endpoint: str, **values) -> str | None:
    try:
        return url_for(endpoint, **values)
    except BuildError:  # the student pages are not registered in this build
        return None
