"""The facilitators' dashboard: learners x courses, completion funnel, score histogram, item
analysis, open answers, CSV exports, and accounts. Facilitators and admins only.

Reach (issue 14): an administrator counts every learner; a facilitator the learners of the
groups they lead, and none when they lead no group. `?group=<id>` narrows any page or CSV
file to one group the reader may see; another group's id is refused (403) before anything
is read about its members.
"""

from __future__ import annotations

import functools
import re
import unicodedata
from collections.abc import Callable
from dataclasses import dataclass
from datetime import date
from functools import wraps
from typing import Any, TypeVar

from flask import (
    Blueprint,
    Response,
    abort,
    current_app,
    flash,
    get_template_attribute,
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

from engine.i18n import N_
from engine.model import Course, Quiz
from engine.player import accounts, analytics, group_import, groups, packages
from engine.player.courses import course_or_404, library
from engine.player.csvfile import csv_response
from engine.player.db import session
from engine.player.mail import problem as mail_problem
from engine.player.models import Group, User

bp = Blueprint("admin", __name__, url_prefix="/admin")
F = TypeVar("F", bound=Callable[..., Any])
USER_ID = re.compile(r"[0-9]{1,9}")
GROUP_ID = USER_ID  # as the group pages' int(max=999999999): no database overflow


def staff_required(view: F) -> F:
    @wraps(view)
    @login_required
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        if not current_user.is_staff:
            abort(403)
        return view(*args, **kwargs)

    return wrapper  # type: ignore[return-value]


@dataclass
class Reach:
    """Whom a dashboard page counts for the person reading it."""

    groups: list[Group]  # what the group selector offers
    group: Group | None  # the group chosen with ?group=, if any
    users: list[User]
    leads_none: bool  # a facilitator who leads no group: an empty dashboard says why

    @property
    def query(self) -> dict[str, int]:
        """The URL parameters that keep the same group in links and CSV files."""
        return {"group": self.group.id} if self.group else {}

    def filename(self, *parts: str) -> str:
        """A CSV file's name, with the group's name when one is chosen: two groups'
        files downloaded the same day do not overwrite each other."""
        named = [*parts[:-1], *([_slug(self.group.name)] if self.group else []), parts[-1]]
        return "-".join(["liane", *named]) + ".csv"


def reach() -> Reach:
    """The learners the signed-in staff member may count, narrowed to `?group=` when
    given: 404 for an id that names no group (administrators), 403 for a group the
    facilitator does not lead, existing or not (the answer tells nothing about it)."""
    db = session()
    visible = groups.visible_groups(current_user)
    wanted = request.args.get("group", "")
    if wanted:
        chosen = next(
            (g for g in visible if GROUP_ID.fullmatch(wanted) and g.id == int(wanted)), None
        )
        if chosen is None:
            abort(404 if current_user.role == "admin" else 403)
        return Reach(visible, chosen, analytics.learners(db, [chosen.id]), False)
    if current_user.role == "admin":
        return Reach(visible, None, analytics.learners(db), False)
    return Reach(visible, None, analytics.learners(db, [g.id for g in visible]), not visible)


def _slug(name: str) -> str:
    """A group's name in a file name: ASCII letters and digits, words joined by dashes
    ("Salarié·es 2027" -> "salariees-2027")."""
    ascii_name = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode()
    return re.sub(r"[^a-z0-9]+", "-", ascii_name.lower()).strip("-")[:60] or "group"


@bp.get("/")
@staff_required
def index() -> str:
    db = session()
    scope = reach()
    courses = library().courses
    matrix = {
        c.id: {r.user.id: r for r in analytics.course_rows(db, c, scope.users)} for c in courses
    }
    return render_template(
        "admin/index.html", users=scope.users, courses=courses, matrix=matrix, reach=scope
    )


@bp.get("/report.csv")
@staff_required
def report_csv() -> Response:
    """Time and completion per learner and course: evidence of training hours."""
    db = session()
    scope = reach()
    users = scope.users
    label = functools.cache(status_label)  # rendered once per state, not per row
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
                    label(row.status.state),
                    row.status.lessons_done,
                    row.status.lessons_total,
                    row.quizzes_passed,
                    _percent(row.score),
                    round(row.seconds / 60),
                    _date(row.first_seen),
                    _date(row.last_seen),
                    row.certificate or "",
                ]
            )
    return csv_response(
        scope.filename("report"),
        [
            "name",
            "email",
            "course",
            "version",
            "status",
            "status_label",
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


def status_label(state: str) -> str:
    """A course state's name in the reader's language ("Réussi" for `passed`), as the
    status badges write it: CSV files give it next to the stable code."""
    return str(get_template_attribute("_status.html", "state_label")(state).unescape())


@bp.get("/courses/<course_id>")
@staff_required
def course(course_id: str) -> str:
    db = session()
    current = course_or_404(course_id)
    scope = reach()
    users = scope.users
    attempts = analytics.course_attempts(db, current, users)
    rows = _learner_rows(current, users, attempts)
    dates, dates_error = _dates()
    reports = analytics.quiz_reports(db, current, users, attempts)
    changes = {
        r.quiz.id: analytics.band_change(r.quiz, attempts, len(users), *dates)
        for r in reports
        if dates
    }
    return render_template(
        "admin/course.html",
        course=current,
        reach=scope,
        rows=rows,
        funnel=analytics.funnel(current, rows),
        histogram=analytics.histogram(rows),
        not_attempted=analytics.not_attempted(current, rows),
        reports=reports,
        dates=dates,
        dates_error=dates_error,
        changes=changes,
    )


def _learner_rows(
    current: Course, users: list[User], attempts: list[Any] | None = None
) -> list[analytics.LearnerRow]:
    """The learners' rows of one course, each flagged late or not as of today."""
    db = session()
    rows = analytics.course_rows(db, current, users, attempts)
    analytics.flag_late(db, current, library().paths, rows, date.today())
    return rows


def _dates() -> tuple[tuple[date, date] | None, str | None]:
    """The two dates the survey's bands are compared at (`?from=&to=`, what the page's
    date fields send): none when both are empty, else both or a message saying what to
    correct (shown on the page: a typo is not an error page)."""
    typed = request.args.get("from", ""), request.args.get("to", "")
    if not any(t.strip() for t in typed):
        return None, None
    if not all(t.strip() for t in typed):
        return None, _("Choose both dates to compare the outcome bands.")
    try:
        first, second = (groups.parse_date(t) for t in typed)
    except accounts.AccountError as error:
        return None, _sentence(error.text(_))
    assert first is not None and second is not None  # neither is empty
    if second < first:
        return None, _("The second date is before the first: swap them.")
    return (first, second), None


@bp.get("/courses/<course_id>/items.csv")
@staff_required
def items_csv(course_id: str) -> Response:
    """One row per question: its prompt, the share right, each option's text with its
    count and share, the most frequent wrong answers typed."""
    db = session()
    current = course_or_404(course_id)
    scope = reach()
    rows = []
    for report in analytics.quiz_reports(db, current, scope.users):
        for item in report.items:
            picks = " | ".join(
                f"{o.text}: {o.count}" + ("" if o.share is None else f" ({_percent(o.share)} %)")
                for o in item.options
            )
            wrong = " | ".join(f"{text}: {count}" for text, count in item.wrong)
            rows.append(
                [
                    report.quiz.id,
                    item.question_id,
                    item.prompt,
                    item.answers,
                    _percent(item.correct_share),
                    "" if item.discrimination is None else round(item.discrimination, 2),
                    picks,
                    wrong,
                ]
            )
    return csv_response(
        scope.filename(current.id, "items"),
        [
            "quiz",
            "question",
            "prompt",
            "answers",
            "correct_percent",
            "discrimination",
            "picks",
            "wrong_answers",
        ],
        rows,
    )


@bp.get("/courses/<course_id>/<path:quiz_id>/distributions.csv")
@staff_required
def distributions_csv(course_id: str, quiz_id: str) -> Response:
    """A quiz's outcome bands and scales as the dashboard draws them: learners per band,
    then per statement and point of each scale, with their shares."""
    db = session()
    current = course_or_404(course_id)
    scope = reach()
    report = _report(db, current, quiz_id, scope.users)
    rows: list[list[Any]] = [
        ["band", "", "", band.title, band.count, _percent(band.share)] for band in report.bands
    ]
    if report.no_band:
        rows.append(
            ["band", "", "", "", report.no_band, _percent(report.no_band / report.attempted)]
        )
    for scale in report.scales:
        for _part, text, counts in scale.parts:
            rows += [
                ["scale", scale.question_id, text, label, count, _percent(part_share)]
                for label, (count, part_share) in zip(scale.scale, counts, strict=True)
            ]
    return csv_response(
        scope.filename(current.id, report.quiz.id.replace("/", "-"), "distributions"),
        ["table", "question", "statement", "answer", "learners", "percent"],
        rows,
    )


def _report(db: Session, current: Course, quiz_id: str, users: list[User]) -> analytics.QuizReport:
    """The report of one quiz of the course, for these learners; 404 for any other id."""
    quiz = _quiz(current, quiz_id)
    reports = analytics.quiz_reports(db, current, users)
    return next(r for r in reports if r.quiz.id == quiz.id)


def _quiz(current: Course, quiz_id: str) -> Quiz:
    quiz = current.item(quiz_id)
    if not isinstance(quiz, Quiz):
        abort(404)
    return quiz


@bp.get("/courses/<course_id>/<path:quiz_id>/change.csv")
@staff_required
def change_csv(course_id: str, quiz_id: str) -> Response:
    """A survey's outcome bands at two dates (`?from=&to=`) and the difference, as the
    page's table gives them; 400 with the page's message when the dates are wrong."""
    current = course_or_404(course_id)
    quiz = _quiz(current, quiz_id)
    scope = reach()
    dates, error = _dates()
    if dates is None:
        message = error or _("Choose both dates to compare the outcome bands.")
        return Response(message, status=400, mimetype="text/plain")
    attempts = analytics.course_attempts(session(), current, scope.users)
    change = analytics.band_change(quiz, attempts, len(scope.users), *dates)
    if change is None:
        abort(404)
    first, second = (day.isoformat() for day in dates)
    rows: list[list[Any]] = [
        [
            band.title,
            _points_range(band.low, band.high),
            band.counts[0],
            _percent(band.shares[0]),
            band.counts[1],
            _percent(band.shares[1]),
            band.difference,
        ]
        for band in change.bands
    ]
    rows += [
        ["no_band", "", *_pair(change.no_band), change.no_band[1] - change.no_band[0]],
        [
            "not_answered",
            "",
            *_pair(change.not_answered),
            change.not_answered[1] - change.not_answered[0],
        ],
    ]
    return csv_response(
        scope.filename(current.id, quiz.id.replace("/", "-"), f"{first}-{second}-change"),
        [
            "band",
            "points",
            f"learners_{first}",
            f"percent_{first}",
            f"learners_{second}",
            f"percent_{second}",
            "difference",
        ],
        rows,
    )


def _pair(counts: tuple[int, int]) -> list[Any]:
    """Two counts in the change file's columns, without shares (not among bands)."""
    return [counts[0], "", counts[1], ""]


def _points_range(low: float, high: float) -> str:
    return f"{low:g}" if low == high else f"{low:g}-{high:g}"


@bp.get("/courses/<course_id>/learners.csv")
@staff_required
def learners_csv(course_id: str) -> Response:
    current = course_or_404(course_id)
    scope = reach()
    late = _("Late")
    label = functools.cache(status_label)  # rendered once per state, not per row
    rows = [
        [
            r.user.name,
            r.user.email,
            r.status.state,
            label(r.status.state),
            r.status.lessons_done,
            r.status.lessons_total,
            _percent(r.score),
            round(r.seconds / 60),
            "late" if r.late else "",
            late if r.late else "",
            r.due_on.isoformat() if r.due_on else "",
        ]
        for r in _learner_rows(current, scope.users)
    ]
    return csv_response(
        scope.filename(current.id, "learners"),
        [
            "name",
            "email",
            "status",
            "status_label",
            "lessons_done",
            "lessons_total",
            "score_percent",
            "active_minutes",
            "late",
            "late_label",
            "due_on",
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
    scope = reach()
    rows_ = analytics.course_rows(db, current, scope.users)
    rows: list[list[Any]] = [
        ["funnel", step, count] for step, count in analytics.funnel(current, rows_)
    ]
    rows += [
        ["score_band", f"{band * 10}-{band * 10 + 9 if band < 9 else 100}", count]
        for band, count in enumerate(analytics.histogram(rows_))
    ]
    # Learners without a score, left out of the bands above: the page says how many.
    rows.append(["score_band", "not_attempted", analytics.not_attempted(current, rows_)])
    return csv_response(scope.filename(current.id, "summary"), ["table", "step", "learners"], rows)


@bp.get("/courses/<course_id>/<path:quiz_id>/open.csv")
@staff_required
def open_csv(course_id: str, quiz_id: str) -> Response:
    current = course_or_404(course_id)
    scope = reach()
    report = _report(session(), current, quiz_id, scope.users)
    rows = [[a.learner, _date(a.date), a.question, a.text] for a in report.open_answers]
    return csv_response(
        scope.filename(current.id, "open-answers"), ["learner", "date", "question", "answer"], rows
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
        if action == "create" and request.form.get("invite"):
            return _invite_from_form()
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
    invitations: accounts.Invitations | None = None,
) -> str:
    everyone = list(session().query(User).order_by(User.name, User.id))
    unable = mail_problem(current_app.config)
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
        joined_groups=group_import.joined_groups(report) if report else [],
        invitations=invitations,
        mail_problem=unable.text(_) if unable else None,
        mail_failure=invitations.error.text(_) if invitations and invitations.error else None,
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
    report = group_import.import_members(
        text, actor_role=current_user.role, refuse_forbidden=True, actor_id=current_user.id
    )
    invited = (
        accounts.invite_members(report.created, within=accounts.PAGE_SECONDS)
        if request.form.get("invite")
        else None
    )
    return _users_page(report=report, invitations=invited)


def _invite_from_form() -> str:
    """An account whose owner chooses the password from an invitation's link; the page
    says whether the email went out, and shows the link when it did not."""
    if request.form.get("password"):
        raise accounts.AccountError(N_("leave the password empty to send an invitation"))
    user = accounts.add_account(
        request.form.get("email", ""),
        request.form.get("name", ""),
        None,
        request.form.get("role", "learner"),
        actor_role=current_user.role,
    )
    return _users_page(invitations=accounts.invite([user], within=accounts.PAGE_SECONDS))


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
