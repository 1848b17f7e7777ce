"""The reports of live sessions: the list of sessions (reopened later), each session's
summary page, its CSV files (per question; per participant and question) and its PDF.

Who may read them: the people who may run the session (`live_screen.managed_session`: an
administrator, the staff member who started it, whoever holds its secret); the list, staff
only, shows the sessions each may open.

Where the figures come from (`report_of`): the answers are the source of truth, so while the
session's course is the one it ran on (same version, the quiz still there) the summary is
computed from them every time: a session still running, one that expired without being
ended, an answer hidden afterwards all read right. Once the course has changed, its
questions may have other options, texts or ids, and the answers would be read against the
wrong questions: the summary kept with the session when it ended (`LiveSession.summary`,
made by the same `live_answers.stored_summary`) is shown as it was, and the page says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from flask import Blueprint, Response, abort, current_app, render_template
from flask_babel import gettext as _
from flask_login import current_user
from sqlalchemy import func, or_, select

from engine.model import Course, Quiz
from engine.pdf import html_to_pdf
from engine.player import live, live_answers, live_summary
from engine.player.admin import staff_required
from engine.player.courses import library
from engine.player.csvfile import csv_response
from engine.player.db import session
from engine.player.live_screen import managed_session
from engine.player.models import LiveParticipant, LiveSession, now

bp = Blueprint("live_reports", __name__, url_prefix="/live")
SESSION_ID = "<int(max=999999999):session_id>"  # as the live pages: no database overflow


@bp.after_request
def _not_stored(response: Response) -> Response:
    """Every page and file here names participants: no browser or proxy keeps a copy."""
    response.cache_control.no_store = True
    return response


# --- what a session's summary is computed from ----------------------------------------------


@dataclass(frozen=True)
class Report:
    data: dict[str, Any] | None  # None: the course changed and no summary was kept
    kept: bool  # the summary kept at the end, not computed now
    course: Course | None
    language: str


def report_of(item: LiveSession) -> Report:
    """The summary to show (see the module's docstring for which, and why)."""
    course = library().course(item.course_id)
    quiz = course.item(item.quiz_id) if course is not None else None
    if course is not None and course.version == item.course_version and isinstance(quiz, Quiz):
        data = live_answers.stored_summary(session(), course, quiz, item)
        return Report(data, False, course, course.language)
    language = course.language if course is not None else ""
    kept = item.summary
    if isinstance(kept, dict) and kept.get("format") == live_summary.REPORT_FORMAT:
        return Report(kept, True, course, language)
    return Report(None, False, course, language)


def state_of(item: LiveSession) -> str:
    """running | ended | expired (the join code stops working either way)."""
    if item.ended_at is not None:
        return "ended"
    return "running" if live.is_live(item, now()) else "expired"


# --- pages ----------------------------------------------------------------------------------


@bp.get("/sessions")
@staff_required
def sessions() -> str:
    """The sessions the reader may open, newest first: an administrator's are all of
    them, a facilitator's those they started and those started by `liane workshop`."""
    db = session()
    query = select(LiveSession).order_by(LiveSession.created_at.desc(), LiveSession.id.desc())
    if current_user.role != "admin":
        query = query.where(
            or_(LiveSession.created_by == current_user.id, LiveSession.created_by.is_(None))
        )
    items = list(db.scalars(query))
    people = dict(
        db.execute(
            select(LiveParticipant.session_id, func.count())
            .where(LiveParticipant.session_id.in_([i.id for i in items]))
            .group_by(LiveParticipant.session_id)
        ).all()
    )
    titles = {c.id: c.title for c in library().courses}
    rows = [
        {
            "item": item,
            "course": titles.get(item.course_id, item.course_id),
            "participants": people.get(item.id, 0),
            "state": state_of(item),
        }
        for item in items
    ]
    return render_template("live/sessions.html", rows=rows, **_texts())


@bp.get(f"/s/{SESSION_ID}/summary")
def summary(session_id: int) -> str:
    item = managed_session(session_id)
    found = report_of(item)
    return render_template(
        "live/summary.html", item=item, report=found, state=state_of(item), **_texts()
    )


def _texts() -> dict[str, Any]:
    """Words the summary's templates share (page and PDF)."""
    return {"states": state_names()}


def state_names() -> dict[str, str]:
    return {"running": _("Running"), "ended": _("Ended"), "expired": _("Expired")}


def _data(item: LiveSession) -> dict[str, Any]:
    """The summary behind a file: 404 when there is none (the course changed and nothing
    was kept)."""
    data = report_of(item).data
    if data is None:
        abort(404)
    return data


@bp.get(f"/s/{SESSION_ID}/summary.csv")
def summary_csv(session_id: int) -> Response:
    """One row per question, in the session's order: answers, right, the share right, the
    most common wrong answers (the participants' own words for typed answers: no names)."""
    item = managed_session(session_id)
    data = _data(item)
    rows = [
        [
            q["number"],
            q["id"],
            q["type"],
            q["prompt"],
            q["answers"],
            "" if q["right"] is None else q["right"],
            _percent(q["right"], q["answers"]),
            " | ".join(f"{text}: {count}" for text, count in q["wrong"]),
        ]
        for q in data["questions"]
    ]
    return csv_response(
        _filename(item, "summary"),
        [
            "number",
            "question",
            "type",
            "prompt",
            "answers",
            "right",
            "correct_percent",
            "wrong_answers",
        ],
        rows,
    )


@bp.get(f"/s/{SESSION_ID}/answers.csv")
def answers_csv(session_id: int) -> Response:
    """One row per participant and question answered: the nickname, the question, the
    answer as text, whether it is right (1, 0, empty for a question without a right
    answer) and its score (the share of the question's points earned, 0 to 1)."""
    item = managed_session(session_id)
    data = _data(item)
    rows = [
        [
            a["nickname"],
            a["number"],
            a["question"],
            a["answer"],
            "" if a["correct"] is None else int(a["correct"]),
            a["score"],
        ]
        for a in data["answers"]
    ]
    return csv_response(
        _filename(item, "answers"),
        ["nickname", "question_number", "question", "answer", "correct", "score"],
        rows,
    )


@bp.get(f"/s/{SESSION_ID}/summary.pdf")
def summary_pdf(session_id: int) -> Response:
    """The summary page on paper (WeasyPrint, as certificates: engine/pdf.py)."""
    item = managed_session(session_id)
    found = report_of(item)
    if found.data is None:
        abort(404)
    html = render_template(
        "live/summary_pdf.html", item=item, report=found, state=state_of(item), **_texts()
    )
    static = Path(current_app.static_folder or "static")
    pdf = html_to_pdf(html, static, [static / "liane-live-results.css"])
    filename = _filename(item, "summary", "pdf")
    return Response(
        pdf,
        mimetype="application/pdf",
        headers={"Content-Disposition": f'attachment; filename="{filename}"'},
    )


def _filename(item: LiveSession, what: str, extension: str = "csv") -> str:
    """`liane-live-<date>-<session>-<what>.<extension>`: two sessions' files never clash."""
    return f"liane-live-{item.created_at:%Y-%m-%d}-{item.id}-{what}.{extension}"


def _percent(count: int | None, total: int) -> int | str:
    return "" if count is None or not total else round(100 * count / total)
