"""School pages (issue 5): placement dashboard (charts, map, CSV export), students, invitation
codes with the e-mail domain and the staff, CSV import of students to invite.

Every page works on the signed-in staff member's school (`user.school_id`); a staff account not yet
attached to a school gets an explanation instead. Admins pick a school (`?school_id=`)."""

from __future__ import annotations

from functools import wraps

from flask import flash, redirect, render_template, request, url_for

from ..errors import InputError, ServiceError
from ..extensions import db
from ..permissions import get_school_for
from ..schemas.schools import EmailDomainIn, ImportArgs, InvitationIn, StaffIn, StudentFilterArgs, StudentListArgs
from ..school_domains import set_email_domain
from ..school_stats import placement_places, school_stats, stats_csv_download
from ..school_students import StudentFilter, list_school_students, school_programmes, school_student
from ..schools import (
    add_staff,
    create_invitation,
    decode_csv,
    get_invitation,
    import_students_csv,
    import_template_download,
    list_invitations,
    list_schools,
    list_staff,
    revoke_invitation,
)
from ..vocab import Role
from .access import page_for, signed_in_user
from .blueprint import bp
from .forms import FormState, checked, errors_of, put, roll_back_refused, text, validate
from .school_display import (
    IMPORT_COLUMN_HELP,
    STUDENT_STATUS_FILTERS,
    charts,
    dashboard_scope,
    end_of_day,
    filter_choices,
    import_result,
    invitation_rows,
    key_figures,
    map_points,
    places_table,
    programme_labels,
    rejection_of,
    student_page,
    student_rows,
)

PER_PAGE = 20


# --- The school of the page ----------------------------------------------------------------------


def school_page(action: str = "read"):
    """Decorator (under `page_for`): the view gets the school as its first argument. Staff get
    their own school; a staff account without a school gets the explanation page; admins choose
    one with `?school_id=`."""

    def decorate(view):
        @wraps(view)
        def wrapper(*args, **kwargs):
            user = signed_in_user()
            if user.role == Role.ADMIN:
                school_id = request.args.get("school_id", type=int)
                if school_id is None:
                    schools, _ = list_schools(db.session, per_page=10_000)
                    target = request.path if request.method == "GET" else url_for("web.school_dashboard")
                    return render_template("school/choose.html", schools=schools, target=target)
            elif user.school_id is None:
                status = 200 if request.method == "GET" else 403
                return render_template("school/no_school.html", email=user.email), status
            else:
                school_id = user.school_id
            return view(get_school_for(db.session, school_id, user, action), *args, **kwargs)

        return wrapper

    return decorate


def here(school) -> dict[str, int]:
    """The query arguments every link of these pages carries: the school, for admins only."""
    user = signed_in_user()
    return {"school_id": school.id} if user is not None and user.role == Role.ADMIN else {}


def page(template: str, school, status: int = 200, **context):
    return render_template(template, school=school, here=here(school), **context), status


def service_errors(exc: ServiceError) -> dict[str, list[str]]:
    """A service's error next to the fields it names, with its full French message (the field
    messages of the services are short labels meant for the JSON API)."""
    return {name: [exc.message] for name in exc.fields} if exc.fields else {"_form": [exc.message]}


# --- Dashboard -----------------------------------------------------------------------------------

FILTERS = ("programme", "level", "situation")


def typed_filters(*extra: str) -> dict[str, str]:
    """The filters typed in the query string (non-empty ones), to validate and to carry in links."""
    return put({}, request.args, *FILTERS, *extra)


@bp.get("/ecole")
@page_for(Role.SCHOOL)
@school_page()
def school_dashboard(school):
    """The placement figures, charts and map, for every student or those of a programme, a level
    or a situation; a filter the school does not have is explained (422), not ignored."""
    form = FormState(request.args)
    labels = programme_labels(school_programmes(db.session, school))
    context = {"form": form, "choices": filter_choices(labels)}
    typed = typed_filters()
    try:
        args = validate(StudentFilterArgs(), typed)
        filters = StudentFilter.of(args)
        stats = school_stats(db.session, school, filters=filters)
    except InputError as exc:
        form.errors.update(errors_of(exc))
        return page("school/dashboard.html", school, 422, stats=None, **context)
    places = placement_places(db.session, school, filters)
    return page(
        "school/dashboard.html",
        school,
        **context,
        stats=stats,
        scope=dashboard_scope(stats, args, labels),
        filters={**typed, **here(school)},
        figures=key_figures(stats),
        charts=charts(stats),
        places_table=places_table(places),
        points=map_points(places),
    )


@bp.get("/ecole/statistiques.csv")
@page_for(Role.SCHOOL)
@school_page()
def school_stats_csv(school):
    """The same CSV as GET /api/v1/schools/<id>/stats.csv (Excel, French settings), for the
    dashboard's filters."""
    filters = StudentFilter.of(validate(StudentFilterArgs(), typed_filters()))
    return stats_csv_download(db.session, school, filters)


# --- Students ------------------------------------------------------------------------------------


@bp.get("/ecole/etudiants")
@page_for(Role.SCHOOL)
@school_page()
def school_students(school):
    form = FormState(request.args)
    labels = programme_labels(school_programmes(db.session, school))
    context = {"form": form, "statuses": STUDENT_STATUS_FILTERS, "choices": filter_choices(labels)}
    typed = typed_filters("status", "q")
    context.update(per_page=PER_PAGE, filters={**typed, **here(school)})
    try:
        args = validate(StudentListArgs(), put(dict(typed), request.args, "page"))
        items, total = list_school_students(db.session, school, args, args["page"], PER_PAGE)
    except InputError as exc:
        form.errors.update(errors_of(exc))
        return page(
            "school/students.html",
            school,
            422,
            **context,
            rows=[],
            total=0,
            page_number=1,
        )
    return page(
        "school/students.html",
        school,
        **context,
        rows=student_rows(items, labels),
        total=total,
        page_number=args["page"],
    )


@bp.get("/ecole/etudiants/<int:student_id>")
@page_for(Role.SCHOOL)
@school_page()
def school_student_page(school, student_id):
    """One of the school's students: profile, applications, hires (another school's: 404)."""
    return page("school/student.html", school, student=student_page(school_student(db.session, school, student_id)))


# --- Invitations, e-mail domain, staff -------------------------------------------------------------


def invitations_page(
    school,
    status: int = 200,
    invite_form: FormState | None = None,
    domain_form: FormState | None = None,
    staff_form: FormState | None = None,
):
    return page(
        "school/invitations.html",
        school,
        status,
        invitations=invitation_rows(list_invitations(db.session, school), request.host_url),
        staff=list_staff(db.session, school),
        invite_form=invite_form or FormState(),
        domain_form=domain_form or FormState({"email_domain": school.email_domain or ""}),
        staff_form=staff_form or FormState(),
    )


@bp.get("/ecole/invitations")
@page_for(Role.SCHOOL)
@school_page()
def school_invitations(school):
    return invitations_page(school)


@bp.post("/ecole/invitations")
@page_for(Role.SCHOOL)
@school_page("write")
def school_invitation_create(school):
    form = FormState(request.form)
    payload = put({}, request.form, "label", "max_uses")
    if text(request.form, "expires_at"):
        payload["expires_at"] = end_of_day(text(request.form, "expires_at"))
    try:
        data = validate(InvitationIn(), payload)
    except InputError as exc:
        form.errors.update(errors_of(exc))
        return invitations_page(school, 422, invite_form=form)
    try:
        invitation = create_invitation(
            db.session,
            school,
            label=data.get("label"),
            max_uses=data.get("max_uses"),
            expires_at=data.get("expires_at"),
        )
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        form.errors.update(service_errors(exc))
        return invitations_page(school, exc.status, invite_form=form)
    flash(f"Code d'invitation {invitation.code} créé : partagez son lien d'inscription avec vos étudiants.", "success")
    return redirect(url_for("web.school_invitations", **here(school)) + "#codes")


@bp.route("/ecole/invitations/<int:invitation_id>/revoquer", methods=["GET", "POST"])
@page_for(Role.SCHOOL)
@school_page("write")
def school_invitation_revoke(school, invitation_id):
    """GET asks for confirmation; POST revokes."""
    if request.method == "GET":
        rows = invitation_rows([get_invitation(db.session, school, invitation_id)], request.host_url)
        return page("school/revoke.html", school, invitation=rows[0])
    invitation = revoke_invitation(db.session, school, invitation_id)
    db.session.commit()
    flash(
        f"Le code {invitation.code} est révoqué : il ne permet plus de rejoindre l'école "
        "(les étudiants déjà inscrits restent rattachés).",
        "success",
    )
    return redirect(url_for("web.school_invitations", **here(school)) + "#codes")


@bp.post("/ecole/domaine")
@page_for(Role.SCHOOL)
@school_page("write")
def school_email_domain(school):
    form = FormState(request.form)
    try:
        data = validate(EmailDomainIn(), {"email_domain": text(request.form, "email_domain")})
    except InputError as exc:
        form.errors.update(errors_of(exc))
        return invitations_page(school, 422, domain_form=form)
    try:
        set_email_domain(db.session, school, data["email_domain"])
        domain = school.email_domain
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        form.errors.update(service_errors(exc))
        return invitations_page(school, exc.status, domain_form=form)
    flash(
        f"Domaine @{domain} enregistré : il prendra effet dès qu'un administrateur l'aura validé."
        if domain
        else "Domaine retiré : les étudiants rejoignent l'école avec un code d'invitation.",
        "success",
    )
    return redirect(url_for("web.school_invitations", **here(school)) + "#domaine")


@bp.post("/ecole/personnel")
@page_for(Role.SCHOOL)
@school_page("write")
def school_staff_add(school):
    form = FormState(request.form)
    try:
        data = validate(StaffIn(), {"email": text(request.form, "email") or ""})
    except InputError as exc:
        form.errors.update(errors_of(exc))
        return invitations_page(school, 422, staff_form=form)
    try:
        user = add_staff(db.session, school, data["email"])
        email = user.email
        db.session.commit()
    except ServiceError as exc:
        db.session.rollback()
        if exc.status not in (404, 409, 422):  # 404: no school-staff account with that address
            raise
        form.errors.update(service_errors(exc))
        return invitations_page(school, 422 if exc.status == 404 else exc.status, staff_form=form)
    flash(f"{email} fait maintenant partie du personnel de l'école.", "success")
    return redirect(url_for("web.school_invitations", **here(school)) + "#personnel")


# --- CSV import ----------------------------------------------------------------------------------


@bp.route("/ecole/import", methods=["GET", "POST"])
@page_for(Role.SCHOOL)
@school_page("write")
def school_import(school):
    """The result is shown in the response (counts and errors are too big for a redirect); sending
    the same file again invites nobody twice."""
    form = FormState(request.form)
    context = {"columns": IMPORT_COLUMN_HELP, "result": None, "rejection": None}
    if request.method == "GET":
        return page("school/import.html", school, form=form, **context)
    try:
        args = validate(ImportArgs(), {"skip_invalid": checked(request.form, "skip_invalid")})
        upload = request.files.get("file")
        if upload is None or not upload.filename:
            raise InputError("Choisissez le fichier CSV à importer.", {"file": ["Choisissez un fichier CSV."]})
        report = import_students_csv(db.session, school, decode_csv(upload.read()), skip_invalid=args["skip_invalid"])
        db.session.commit()
    except ServiceError as exc:
        roll_back_refused(exc)
        if set(exc.fields) <= {"file", "skip_invalid"}:
            form.errors.update(service_errors(exc) if exc.fields else errors_of(exc))
        else:
            context["rejection"] = rejection_of(exc)
        return page("school/import.html", school, exc.status, form=form, **context)
    context["result"] = import_result(report.to_dict())
    return page("school/import.html", school, form=FormState(), **context)


@bp.get("/ecole/import/modele.csv")
@page_for(Role.SCHOOL)
@school_page()
def school_import_template(school):
    """The file to fill in (French columns, `;`, BOM for Excel); the same for every school, like
    GET /api/v1/schools/import-template.csv."""
    return import_template_download()
