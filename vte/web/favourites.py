"""« Sauvegarder » on an offer page, and the student's saved offers (/etudiant/favoris)."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..extensions import db
from ..favourites import list_favourites, save_offer, unsave_offer
from .access import signed_in_user
from .blueprint import bp
from .presenters import offer_facts
from .student import student_page


@bp.get("/etudiant/favoris")
@student_page
def student_favourites():
    items = list_favourites(db.session, signed_in_user())
    return render_template(
        "student/favourites.html",
        items=[{"saved_at": i["saved_at"], "offer": offer_facts(i["offer"])} for i in items],
    )


@bp.post("/etudiant/favoris")
@student_page
def student_favourite_toggle():
    """Save or remove an offer (`action` save/remove), then back to the page the button was on."""
    raw = request.form.get("offer_id") or ""
    if not raw.isdigit():
        flash("Offre inconnue.", "error")
        return redirect(url_for("web.student_favourites"))
    offer_id = int(raw)
    if request.form.get("action") == "remove":
        unsave_offer(db.session, signed_in_user(), offer_id)
        message = "Offre retirée de vos offres sauvegardées."
    else:
        save_offer(db.session, signed_in_user(), offer_id)
        message = "Offre sauvegardée : retrouvez-la dans « Sauvegardées »."
    db.session.commit()
    flash(message, "success")
    if request.form.get("back") == "list":
        return redirect(url_for("web.student_favourites"))
    return redirect(url_for("web.offer", offer_id=offer_id))
