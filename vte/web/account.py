"""Sign-up, sign-in and sign-out pages. Same services and limits as /api/v1/auth."""

from __future__ import annotations

from flask import flash, redirect, render_template, request, url_for

from ..accounts import attempt_login
from ..auth import BAD_CREDENTIALS, end_sessions, login_limit, sign_in, sign_out
from ..errors import InputError, ServiceError, keep_retry_after
from ..extensions import db, limiter
from ..links import verification_link
from ..login_attempts import TooManyAttemptsError
from ..schemas.auth import SignupIn
from ..signup import register_account
from ..vocab import Role
from .access import home_of, safe_next, signed_in_user
from .blueprint import bp
from .forms import FormState, errors_of, roll_back_refused, text, validate

SIGNUP_ROLES = (
    ("student", "Étudiant ou jeune diplômé", "Trouvez une mission en alternance, en CDD ou en CDI."),
    ("company", "Entreprise (PME, ETI)", "Publiez vos missions et découvrez les candidats qui leur correspondent."),
    ("school", "École", "Suivez les candidatures et les placements de vos étudiants."),
)


@bp.route("/connexion", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def login():
    next_url = safe_next(request.values.get("next"))
    form = FormState(request.form)
    if request.method == "POST":
        email, password = request.form.get("email", ""), request.form.get("password", "")
        try:
            user = attempt_login(db.session, email, password, request.remote_addr)
        except TooManyAttemptsError as exc:
            form.errors["_form"] = [exc.message]
            keep_retry_after(exc.headers)
            return render_template("account/login.html", form=form, next_url=next_url), 429, exc.headers
        db.session.commit()  # the failure counter, or its reset
        if user is not None:
            sign_in(user)
            return redirect(next_url or home_of(user))
        form.errors["_form"] = [BAD_CREDENTIALS]
        return render_template("account/login.html", form=form, next_url=next_url), 401
    return render_template("account/login.html", form=form, next_url=next_url)


@bp.route("/inscription", methods=["GET", "POST"])
@limiter.limit(login_limit, methods=["POST"])
def signup():
    """One form for the three roles; `?code=` (from a school's invitation e-mail) pre-selects the
    student role and the code."""
    code = request.values.get("code", "")
    if request.method == "GET":
        role = request.args.get("role") or ("student" if code else "")
        values = {"role": role, "invitation_code": code}
        return render_template("account/signup.html", form=FormState(values), roles=SIGNUP_ROLES)
    form = FormState(request.form)
    try:
        data = validate(
            SignupIn(),
            {
                "email": text(request.form, "email") or "",
                "password": request.form.get("password", ""),
                "role": request.form.get("role", ""),
                **({"display_name": text(request.form, "display_name")} if text(request.form, "display_name") else {}),
                **({"school": text(request.form, "school")} if text(request.form, "school") else {}),
            },
        )
        if request.form.get("password") != request.form.get("password_confirm"):
            raise InputError(
                "Les mots de passe ne correspondent pas.",
                {"password_confirm": ["Les deux mots de passe doivent être identiques."]},
            )
        role = Role(data["role"])
        result = register_account(
            db.session,
            data["email"],
            data["password"],
            role,
            verification_link(),
            display_name=data.get("display_name"),
            invitation_code=text(request.form, "invitation_code"),
            school_name=data.get("school"),
        )
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        form.errors.update(errors_of(exc))
        return render_template("account/signup.html", form=form, roles=SIGNUP_ROLES), exc.status
    user = result.user
    sign_in(user)
    flash(
        f"Un e-mail vient d'être envoyé à {user.email} : ouvrez le lien qu'il contient pour confirmer votre adresse.",
        "info",
    )
    if role == Role.STUDENT:
        if result.school is not None:
            flash(f"Bienvenue ! Vous avez rejoint {result.school.name}.", "success")
        elif result.school_after_verification is not None:
            flash(
                f"Bienvenue ! Vous rejoindrez {result.school_after_verification.name} dès que votre adresse "
                "sera confirmée.",
                "success",
            )
        else:
            flash("Bienvenue !", "success")
        return redirect(url_for("web.student_profile"))
    if role == Role.COMPANY:
        flash("Bienvenue ! Décrivez maintenant votre entreprise.", "success")
        return redirect(url_for("web.company_home"))
    flash(
        "Bienvenue ! Un membre du personnel de votre école doit vous rattacher à elle "
        "(ou un administrateur du service).",
        "success",
    )
    return redirect(url_for("web.school_dashboard"))


@bp.post("/deconnexion")
def logout():
    user = signed_in_user()
    if user is not None:
        end_sessions(db.session, user)  # every copy of the cookie, every browser
        db.session.commit()
        sign_out()
        flash("Vous êtes déconnecté.", "info")
    return redirect(url_for("web.home"))
