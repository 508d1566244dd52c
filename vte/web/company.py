"""Company pages (issue 5): company profile and eligibility, « Mes offres », the offer editor.
The candidates and the applications pipeline are in `company_pipeline`.

Thin views: parse the form with the shared schema (`company_forms`), call the same services as the
JSON API, commit once, Post/Redirect/Get. A recruiter manages their own company's offers and
applications only (another company's offer or application: 404); admins may open any offer's page
but have no company of their own.
"""

from __future__ import annotations

from datetime import date

from flask import current_app, flash, redirect, render_template, request, url_for

from ..application_counts import company_application_counts
from ..companies import (
    company_eligibility,
    company_to_dict,
    create_company,
    list_company_offers,
    naf_choices,
    update_company,
)
from ..company_verification import add_recruiter, list_recruiters
from ..eligibility import rule_set_on, rules_for_config
from ..errors import ServiceError
from ..extensions import db
from ..offer_preview import DRAFT_FIELDS, inputs_of, offer_preview
from ..offers import close_offer, create_offer, publish_offer, serialise_offer, update_offer
from ..permissions import get_company_for
from ..vocab import OfferStatus, Role
from .access import page_for
from .blueprint import bp
from .company_display import (
    OFFER_STATUS_FILTERS,
    company_facts,
    count_phrase,
    duration_help,
    eligibility_view,
    matching_students_phrase,
    offer_rows,
    offer_summary,
)
from .company_forms import company_data, company_values, offer_data, offer_values, preview_input
from .company_pipeline import encoder, offer_page, own_offer, problem_text, recruiter
from .forms import FormState, errors_of, page_number, roll_back_refused, text
from .presenters import CONTRACT_CHOICES, LEVEL_CHOICES, REMOTE_CHOICES, french_date, offer_facts, paragraphs

OFFERS_PER_PAGE = 20
EDITOR_FIELDS = {*DRAFT_FIELDS, "description", "skills", "location"}  # the fields the editor shows errors by


def _company(user):
    """The recruiter's company, or None (not registered yet, or an admin)."""
    if user.role != Role.COMPANY or user.company_id is None:
        return None
    return get_company_for(db.session, user.company_id, user, "write")


def _without_company(user):
    """The page shown instead of a company page to a recruiter without a company, or an admin."""
    return render_template("company/notice.html", admin=user.role == Role.ADMIN)


# --------------------------------------------------------------------------- company profile


def _home_page(company, form: FormState, status: int = 200, colleague_form: FormState | None = None):
    choices = naf_choices(db.session)
    if company is None:
        return render_template("company/register.html", form=form, naf_choices=choices), status
    details = company_to_dict(db.session, company)
    eligibility = eligibility_view(company_eligibility(db.session, company, rules_for_config(current_app.config)))
    return render_template(
        "company/home.html",
        company=details,
        facts=company_facts(details),
        form=form,
        eligibility=eligibility,
        naf_choices=choices,
        recruiters=list_recruiters(db.session, company),
        applications=count_phrase(company_application_counts(db.session, company.id)),
        colleague_form=colleague_form or FormState(),
    ), status


@bp.route("/entreprise", methods=["GET", "POST"])
@page_for(Role.COMPANY)
def company_home():
    user = recruiter()
    if user.role == Role.ADMIN:
        return _without_company(user)
    company = _company(user)
    if request.method == "GET":
        values = company_values(company_to_dict(db.session, company)) if company is not None else {}
        return _home_page(company, FormState(values))
    try:
        data = company_data(db.session, request.form)
        if company is None:
            company = create_company(db.session, user, data)
            message = f"Entreprise « {company.name} » inscrite. Voici son éligibilité au VTE."
        else:
            update_company(db.session, company, data)
            message = "Les informations de l'entreprise sont enregistrées."
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        errors = errors_of(exc)
        if exc.status == 409:
            errors["_form"] = [exc.message]
        return _home_page(_company(user), FormState(request.form, errors), exc.status)
    flash(message, "success")
    return redirect(url_for("web.company_home"))


@bp.post("/entreprise/collegues")
@page_for(Role.COMPANY)
def company_colleague_add():
    """Attach a colleague's recruiter account to the company (their consent is their sign-up; the
    company's is this form)."""
    user = recruiter()
    company = _company(user)
    if company is None:
        return redirect(url_for("web.company_home"))
    form = FormState(request.form)
    try:
        added = add_recruiter(db.session, company, text(request.form, "email") or "")
        email = added.email
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        form.errors.update(errors_of(exc))
        values = company_values(company_to_dict(db.session, company))
        return _home_page(company, FormState(values), exc.status, colleague_form=form)
    flash(f"{email} peut maintenant gérer l'entreprise et ses offres.", "success")
    return redirect(url_for("web.company_home") + "#collegues")


# --------------------------------------------------------------------------- my offers


def _offers_page(company, status: str | None, page: int, problem: str | None = None, code: int = 200):
    chosen = OfferStatus(status) if status in {s.value for s in OfferStatus} else None
    found, total = list_company_offers(
        db.session, company, owner=True, status=chosen, page=page, per_page=OFFERS_PER_PAGE
    )
    return render_template(
        "company/offers.html",
        company=company_to_dict(db.session, company),
        offers=offer_rows(found),
        total=total,
        page=page,
        per_page=OFFERS_PER_PAGE,
        status=chosen.value if chosen else "",
        filters=OFFER_STATUS_FILTERS,
        status_text=dict(OFFER_STATUS_FILTERS).get(chosen.value, "").lower() if chosen else "",
        problem=problem,
        applications=count_phrase(company_application_counts(db.session, company.id)),
    ), code


@bp.get("/entreprise/offres")
@page_for(Role.COMPANY)
def company_offers():
    user = recruiter()
    company = _company(user)
    if company is None:
        return _without_company(user)
    return _offers_page(company, request.args.get("status"), page_number(request.args.get("page")))


def _back_url(offer) -> str:
    if request.form.get("back") == "offer" or recruiter().role == Role.ADMIN:
        return url_for("web.company_offer", offer_id=offer.id)
    return url_for("web.company_offers")


def _action_failed(offer, exc: ServiceError):
    """A refused publish/close, shown on the page the button was on."""
    if request.form.get("back") == "offer" or recruiter().role == Role.ADMIN:
        return offer_page(offer, problem=problem_text(exc), status=exc.status)
    return _offers_page(offer.company, None, 1, problem=problem_text(exc), code=exc.status)


def _offer_action(offer_id: int, act, done):
    """Publish or close (`act(offer)`), one commit; back to the page of the button with the
    message `done(offer)`, or that page with the refusal."""
    offer = own_offer(offer_id)
    try:
        act(offer)
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        return _action_failed(offer, exc)
    flash(done(offer), "success")
    return redirect(_back_url(offer))


@bp.post("/entreprise/offres/<int:offer_id>/publier")
@page_for(Role.COMPANY)
def company_offer_publish(offer_id: int):
    return _offer_action(
        offer_id,
        lambda offer: publish_offer(db.session, encoder(), offer, rules_for_config(current_app.config)),
        lambda offer: (
            f"Offre « {offer.title} » publiée : elle est visible des étudiants jusqu'au "
            f"{french_date(offer.expires_at)}."
        ),
    )


@bp.post("/entreprise/offres/<int:offer_id>/fermer")
@page_for(Role.COMPANY)
def company_offer_close(offer_id: int):
    return _offer_action(
        offer_id,
        lambda offer: close_offer(db.session, encoder(), offer),
        lambda offer: (
            f"Offre « {offer.title} » fermée : elle n'apparaît plus dans la recherche ni dans les "
            "suggestions des étudiants."
        ),
    )


# --------------------------------------------------------------------------- offer editor


def _editor(offer, company, form: FormState, preview=None, status: int = 200):
    return render_template(
        "company/offer_form.html",
        offer=offer_summary(serialise_offer(db.session, offer, owner=True)) if offer else None,
        company=company_to_dict(db.session, company),
        form=form,
        preview=preview,
        contract_choices=CONTRACT_CHOICES,
        level_choices=LEVEL_CHOICES,
        remote_choices=REMOTE_CHOICES,
        duration_help=duration_help(rule_set_on(rules_for_config(current_app.config), date.today())),
    ), status


def _preview(offer, company):
    """The « Aperçu » button: the form again, filled, with how the offer will be matched and read.
    Nothing is saved."""
    inputs, errors = preview_input(db.session, request.form)
    preview = None
    if not errors:
        try:
            preview = _previewed(company, inputs, offer)
        except ServiceError as exc:
            if exc.status != 422:
                raise
            errors = errors_of(exc)
    return _editor(offer, company, FormState(request.form, errors), preview, 422 if errors else 200)


def _previewed(company, inputs, offer=None) -> dict:
    """The preview of the service with the offer as students will read it (`offer_facts`)."""
    preview = offer_preview(
        db.session,
        encoder(),
        current_app.config,
        company,
        inputs,
        offer_id=offer.id if offer else None,
        published_at=offer.published_at if offer else None,
    )
    shown = preview["offer"]
    preview["facts"] = offer_facts(shown)
    preview["paragraphs"] = paragraphs(shown["description"])
    preview["students_text"] = matching_students_phrase(preview["students"])
    return preview


def _save(offer, company):
    """The editor's buttons: « Aperçu », « Enregistrer » (a new offer stays a draft) and
    « Enregistrer et publier » (save, then publish a draft: one commit)."""
    action = request.form.get("action")
    if action == "preview":
        return _preview(offer, company)
    user = recruiter()
    text_encoder = encoder()
    try:
        data = offer_data(db.session, request.form)
        rules = rules_for_config(current_app.config)
        saved = (
            create_offer(db.session, text_encoder, user, data, rules=rules)
            if offer is None
            else update_offer(db.session, text_encoder, offer, data, rules=rules)
        )
        published = action == "publish" and saved.status == OfferStatus.DRAFT
        if published:
            publish_offer(db.session, text_encoder, saved, rules)
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        errors = {k: v for k, v in errors_of(exc).items() if k in EDITOR_FIELDS}
        if exc.status == 409 or not errors:  # a message about the offer as a whole (status, company)
            errors["_form"] = [exc.message]
        return _editor(offer, company, FormState(request.form, errors), status=exc.status)
    if published:
        flash(
            f"Offre « {saved.title} » publiée : elle est visible des étudiants jusqu'au "
            f"{french_date(saved.expires_at)}.",
            "success",
        )
        return redirect(url_for("web.company_offers"))
    if offer is None:
        flash(
            f"Brouillon « {saved.title} » enregistré. Vérifiez l'aperçu, puis publiez l'offre quand elle est prête.",
            "success",
        )
    else:
        flash(f"Offre « {saved.title} » enregistrée.", "success")
    return redirect(url_for("web.company_offer_edit", offer_id=saved.id))


@bp.route("/entreprise/offres/nouvelle", methods=["GET", "POST"])
@page_for(Role.COMPANY)
def company_offer_new():
    user = recruiter()
    company = _company(user)
    if company is None:
        return _without_company(user)
    if request.method == "GET":
        return _editor(None, company, FormState({"remote": "none"}))
    return _save(None, company)


@bp.route("/entreprise/offres/<int:offer_id>/modifier", methods=["GET", "POST"])
@page_for(Role.COMPANY)
def company_offer_edit(offer_id: int):
    offer = own_offer(offer_id)
    if request.method == "POST":
        return _save(offer, offer.company)
    values = offer_values(serialise_offer(db.session, offer, owner=True))
    return _editor(offer, offer.company, FormState(values), _previewed(offer.company, inputs_of(offer), offer))
