"""The facilitators' dashboard: learners x courses, completion funnel, score histogram, item
analysis, open answers, CSV exports, and accounts. Facilitators and admins only."""

from __future__ import annotations

import re
from collections.abc import Callable
from functools import wraps
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    flash,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from flask_babel import pgettext
from flask_login import current_user, login_required
from sqlalchemy.orm import Session
from werkzeug.wrappers import Response as BaseResponse

from engine.model import Course, Quiz
from engine.player import accounts, analytics, packages
from engine.player.courses import course_or_404, library
from engine.player.csvfile import csv_response
from engine.player.db import session
from engine.player.models import User

bp = Blueprint("admin", __name__, url_prefix="/admin")
F = TypeVar("F", bound=Callable[..., Any])
USER_ID = re.compile(r"[0-9]{1,9}")


def staff_required(view: F) -> F:
    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@bp.get("/")
@staff_required
def index() -> str:
    db = session()
    users = analytics.learners(db)
    courses = library().courses
    matrix = {c.id: {r.user.id: r for r in analytics.course_rows(db, c, users)} for c in courses}
    return render_template("admin/index.html", users=users, courses=courses, matrix=matrix)


@bp.get("/report.csv")
@staff_required
def report_csv() -> Response:
    """Time and completion per learner and course: evidence of training hours."""
    db = session()
    users = analytics.learners(db)
    rows = []
    for course in library().courses:
        for row in analytics.course_rows(db, course, users):
            rows.append(
                [
                    row.user.name,
                    row.user.email,
                    course.id,
                    course.version,
                    row.status.state,
                    row.status.lessons_done,
                    row.status.lessons_total,
                    row.quizzes_passed,
                    _percent(row.status.score),
                    round(row.seconds / 60),
                    _date(row.first_seen),
                    _date(row.last_seen),
                    row.certificate or "",
                ]
            )
    return csv_response(
        "liane-report.csv",
        [
            "name",
            "email",
            "course",
            "version",
            "status",
            "lessons_done",
            "lessons_total",
            "quizzes_passed",
            "score_percent",
            "active_minutes",
            "first_seen",
            "last_seen",
            "certificate",
        ],
        rows,
    )


def _learner_rows(db: Session, current: Course) -> list[analytics.LearnerRow]:
    """Every learner's row for one course: the course page and its CSV files."""
    return analytics.course_rows(db, current, analytics.learners(db))


@bp.get("/courses/<course_id>")
@staff_required
def course(course_id: str) -> str:
    db = session()
    current = course_or_404(course_id)
    rows = _learner_rows(db, current)
    quizzes = [
        (q, analytics.item_analysis(db, current, q), analytics.open_answers(db, current, q))
        for q in current.quizzes
    ]
    return render_template(
        "admin/course.html",
        course=current,
        rows=rows,
        funnel=analytics.funnel(current, rows),
        histogram=analytics.histogram(rows),
        quizzes=quizzes,
    )


@bp.get("/courses/<course_id>/items.csv")
@staff_required
def items_csv(course_id: str) -> Response:
    db = session()
    current = course_or_404(course_id)
    rows = []
    for quiz in current.quizzes:
        for item in analytics.item_analysis(db, current, quiz):
            picks = " | ".join(f"{oid}: {count}" for oid, _text, count, _right in item.options)
            rows.append(
                [
                    quiz.id,
                    item.question_id,
                    item.answers,
                    _percent(item.correct_share),
                    "" if item.discrimination is None else round(item.discrimination, 2),
                    picks,
                ]
            )
    return csv_response(
        f"liane-{current.id}-items.csv",
        ["quiz", "question", "answers", "correct_percent", "discrimination", "picks"],
        rows,
    )


@bp.get("/courses/<course_id>/learners.csv")
@staff_required
def learners_csv(course_id: str) -> Response:
    db = session()
    current = course_or_404(course_id)
    rows = [
        [
            r.user.name,
            r.user.email,
            r.status.state,
            r.status.lessons_done,
            r.status.lessons_total,
            _percent(r.status.score),
            round(r.seconds / 60),
        ]
        for r in _learner_rows(db, current)
    ]
    return csv_response(
        f"liane-{current.id}-learners.csv",
        [
            "name",
            "email",
            "status",
            "lessons_done",
            "lessons_total",
            "score_percent",
            "active_minutes",
        ],
        rows,
    )


@bp.get("/courses/<course_id>/<any(scorm12, scorm2004, moodle):kind>.zip")
@staff_required
def scorm_package(course_id: str, kind: str) -> Response:
    """The course as a SCORM package, for partners' LMSs (same as `liane export scorm`)."""
    return _zip_download(packages.scorm_package(course_or_404(course_id), kind))


@bp.get("/courses/<course_id>/kit.zip")
@staff_required
def workshop_kit(course_id: str) -> Response:
    """The course's workshop kit: offline site, projection mode, guide, booklet and answer
    key (same as `liane export kit`). Staff only: its guide holds the facilitator notes."""
    return _zip_download(packages.workshop_kit(course_or_404(course_id)))


def _zip_download(package: packages.Package) -> Response:
    """A built package or kit, sent as the file its name says."""
    return Response(
        package.data,
        mimetype="application/zip",
        headers={"Content-Disposition": f'attachment; filename="{package.filename}"'},
    )


@bp.get("/courses/<course_id>/summary.csv")
@staff_required
def summary_csv(course_id: str) -> Response:
    """The funnel and the score histogram of the course page, as numbers."""
    db = session()
    current = course_or_404(course_id)
    rows_ = _learner_rows(db, current)
    rows: list[list[Any]] = [
        ["funnel", step, count] for step, count in analytics.funnel(current, rows_)
    ]
    rows += [
        ["score_band", f"{band * 10}-{band * 10 + 9 if band < 9 else 100}", count]
        for band, count in enumerate(analytics.histogram(rows_))
    ]
    return csv_response(f"liane-{current.id}-summary.csv", ["table", "step", "learners"], rows)


@bp.get("/courses/<course_id>/<path:quiz_id>/open.csv")
@staff_required
def open_csv(course_id: str, quiz_id: str) -> Response:
    db = session()
    current = course_or_404(course_id)
    quiz = current.item(quiz_id)
    if not isinstance(quiz, Quiz):
        abort(404)
    rows = [
        [a["learner"], _date(a["date"]), a["question"], a["text"]]
        for a in analytics.open_answers(db, current, quiz)
    ]
    return csv_response(
        f"liane-{current.id}-open-answers.csv", ["learner", "date", "question", "answer"], rows
    )


@bp.route("/users", methods=["GET", "POST"])
@staff_required
def users() -> str | tuple[str, int] | BaseResponse:
    """Accounts: facilitators create, import and reset learners; administrators anyone,
    and change roles. A forbidden action answers 403 and changes nothing."""
    if request.method == "GET":
        return _users_page()
    actions = {"create": _create_from_form, "reset": _reset_from_form, "role": _role_from_form}
    action = request.form.get("action", "")
    try:
        if action == "import":
            return _import_from_upload()
        if action not in actions:
            abort(400)
        actions[action]()
    except accounts.NotAllowed as refused:  # the page says why; nothing was changed
        return _users_page(refused=_sentence(refused.text(_))), 403
    except accounts.AccountError as error:
        flash(_sentence(error.text(_)), "error")
    return redirect(url_for("admin.users"))


def _users_page(
    report: accounts.ImportReport | None = None,
    import_error: str | None = None,
    refused: str | None = None,
) -> str:
    everyone = list(session().query(User).order_by(User.name, User.id))
    return render_template(
        "admin/users.html",
        users=everyone,
        roles=accounts.grantable_roles(current_user.role),
        role_names=role_names(),
        may_change_roles=accounts.may_change_roles(current_user.role),
        report=report,
        import_error=import_error,
        refused=refused,
        problems=[problem.text(_) for problem in report.problems] if report else [],
    )


def role_names() -> dict[str, str]:
    # "Facilitator" alone is also the title of facilitator notes in lessons ("Notes
    # d'animation"): the role has its own context, so each gets its own translation.
    return {
        "learner": _("Learner"),
        "facilitator": pgettext("role", "Facilitator"),
        "admin": _("Administrator"),
    }


def _create_from_form() -> None:
    user = accounts.add_account(
        request.form.get("email", ""),
        request.form.get("name", ""),
        request.form.get("password", ""),
        request.form.get("role", "learner"),
        actor_role=current_user.role,
    )
    flash(_("Account created for %(name)s.", name=user.name), "info")


def _import_from_upload() -> str:
    """The report is shown on the page itself: a long one in flash messages made a session
    cookie larger than browsers keep."""
    upload = request.files.get("file")
    if upload is None or not upload.filename:
        return _users_page(import_error=_("Choose a CSV file."))
    try:
        text = accounts.decode_csv(upload.read())
    except accounts.AccountError as error:
        return _users_page(import_error=error.text(_))
    report = accounts.import_members(text, actor_role=current_user.role, refuse_forbidden=True)
    return _users_page(report=report)


def _reset_from_form() -> None:
    user = accounts.reset_password(
        request.form.get("email", ""),
        request.form.get("password", ""),
        actor_role=current_user.role,
    )
    flash(_("Password changed for %(name)s.", name=user.name), "info")


def _role_from_form() -> None:
    if not accounts.may_change_roles(current_user.role):
        abort(403)
    user_id = request.form.get("user", "")
    user = session().get(User, int(user_id)) if USER_ID.fullmatch(user_id) else None
    if user is None:
        abort(404)
    accounts.change_role(
        user, request.form.get("role", ""), actor_id=current_user.id, actor_role=current_user.role
    )
    flash(_("%(name)s is now: %(role)s.", name=user.name, role=role_names()[user.role]), "info")


def _sentence(text: str) -> str:
    """A rule's message (`the name is required`) as a message of its own on the page."""
    return text[:1].upper() + text[1:] + ("" if text.endswith(".") else ".")


def _percent(value: float | None) -> int | str:
    return "" if value is None else round(value * 100)


def _date(value: Any) -> str:
    return value.isoformat(timespec="minutes") if value else ""
