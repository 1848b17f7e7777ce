"""The participants' pages of a live session: no account, a nickname and a cookie.

A phone polls its small JSON state with an ETag: an unchanged state costs a 304 after one
indexed SELECT, and a changed one makes the page reload (docs/performance.md, "Live
sessions", measures it against server-sent events' costs). Without script, waiting pages
refresh themselves (`<noscript><meta refresh>`), so an old phone still follows. The
facilitator's side (start, projected screen, phone remote) is engine/player/live_screen.py.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_babel import gettext as _
from werkzeug.wrappers import Response

from engine.grading import grade
from engine.model import Course, Quiz
from engine.player import live, live_answers
from engine.player.courses import library
from engine.player.db import session
from engine.player.models import LiveParticipant, LiveSession, now
from engine.player.quiz import review
from engine.player.security import limiter

bp = Blueprint("live", __name__, url_prefix="/live")

PARTICIPANT_COOKIE = "liane_live"  # one per session: its path is the session's address


def _join_limit() -> str:
    return str(current_app.config.get("LIVE_JOIN_RATE_LIMIT", "120 per minute"))


def _answer_limit() -> str:
    return str(current_app.config.get("LIVE_ANSWER_RATE_LIMIT", "60 per minute"))


def _participant_key() -> str:
    """Answers are counted per participant (their cookie), so a room behind one address (a
    hotspot's NAT) is never limited as a whole; a client without the cookie, per address."""
    token = request.cookies.get(PARTICIPANT_COOKIE, "")
    return (
        "live-token:" + live.token_hash(token) if token else "live-addr:" + str(request.remote_addr)
    )


# --- what a session is about ----------------------------------------------------------------


def course_and_quiz(item: LiveSession) -> tuple[Course, Quiz]:
    """The session's course and quiz as loaded now; a course removed or changed so much
    that the quiz is gone leaves the session unreachable (its summary stays readable)."""
    course = library().course(item.course_id)
    quiz = course.item(item.quiz_id) if course is not None else None
    if course is None or not isinstance(quiz, Quiz):
        abort(404)
    return course, quiz


# --- participants ---------------------------------------------------------------------------


@bp.route("", methods=["GET", "POST"])
@limiter.limit(_join_limit, methods=["POST"])
def enter() -> str | tuple[str, int] | Response:
    """Type the code read on the screen."""
    if request.method == "GET":
        return render_template("live/enter.html", typed="", error=None)
    typed = request.form.get("code", "")[:40]
    item = live.by_code(session(), typed)
    if item is None:
        error = _("No session is open with this code. Check it on the screen.")
        return render_template("live/enter.html", typed=typed, error=error), 404
    return redirect(url_for("live.room", code=item.code))


def _joinable(code: str) -> LiveSession:
    """A session open to new participants, or the page saying it is not."""
    item = live.by_code(session(), code)
    if item is None:
        abort(_closed())
    return item


def _taken_part(code: str) -> tuple[LiveSession, LiveParticipant]:
    """A session the person took part in, ended or not (their answers and score stay
    theirs to see), or the page saying it is not open."""
    item = live.by_code(session(), code, ended=True)
    person = _participant(item) if item is not None else None
    if item is None or person is None:
        abort(_closed())
    return item, person


def _closed() -> Response:
    return make_response(render_template("live/closed.html"), 404)


def _participant(item: LiveSession) -> LiveParticipant | None:
    return live_answers.participant(session(), item, request.cookies.get(PARTICIPANT_COOKIE))


@bp.get("/<code>")
def room(code: str) -> str | Response:
    """The participant's page: the nickname form, then whatever the room is at, and their
    score once it has ended."""
    item = live.by_code(session(), code, ended=True)
    person = _participant(item) if item is not None else None
    if item is None or (person is None and not live.is_live(item, now())):
        return _closed()
    if person is None:
        return render_template("live/join.html", item=item, nickname="", error=None)
    course, quiz = course_and_quiz(item)
    return render_template("live/room.html", **_room(item, course, quiz, person))


def moment_context(
    item: LiveSession, course: Course, quiz: Quiz, at: datetime
) -> tuple[live.Moment, dict[str, Any]]:
    """What the participant's page, the screen and the remote all draw from: the session's
    moment (read once) and the template variables it gives."""
    moment = live.moment(quiz, item, at)
    return moment, {
        "item": item,
        "course": course,
        "quiz": quiz,
        "phase": moment.phase,
        "number": moment.number,
        "total": len(moment.questions),
        "question": moment.question.to_public_dict() if moment.question else None,
        "order": moment.order,
        "left": moment.left,
    }


def _room(item: LiveSession, course: Course, quiz: Quiz, person: LiveParticipant) -> dict[str, Any]:
    at = now()
    moment, context = moment_context(item, course, quiz, at)
    phase, question = moment.phase, moment.question
    context.update(
        person=person, given=None, review=None, tag=live.state_tag(item, at), waiting=True
    )
    if question is not None:
        given = live_answers.answer_of(session(), person, question.id)
        context["given"] = given
        context["waiting"] = phase != "answering" or given is not None
        if phase == "answer":  # their own answer, or none, with the right one marked
            graded = given.grade if given is not None and given.grade else None
            context["review"] = review(
                question, graded or grade(question, None).to_dict(), reveal=True
            )
    if phase == "end":
        context["score"] = (
            live_answers.score_of(session(), quiz, item, person) if quiz.graded else None
        )
        context["band"] = live_answers.band_of(session(), quiz, item, person)
    return context


@bp.post("/<code>/join")
@limiter.limit(_join_limit)
def join(code: str) -> str | tuple[str, int] | Response:
    item = _joinable(code)
    if _participant(item) is not None:  # a second tab, a double tap: the same person
        return redirect(url_for("live.room", code=item.code))
    typed = request.form.get("nickname", "")[:200]
    nickname = live_answers.clean_nickname(typed)
    if not nickname:
        error = _("Type a name to join.") if item.ask_name else _("Choose a nickname to join.")
        return render_template("live/join.html", item=item, nickname=typed, error=error), 400
    try:
        _person, token = live_answers.join(session(), item, nickname)
    except live_answers.RoomFull:
        error = _("This session is full.")
        return render_template("live/join.html", item=item, nickname=typed, error=error), 403
    response = redirect(url_for("live.room", code=item.code))
    set_session_cookie(response, item, PARTICIPANT_COOKIE, token, f"/live/{item.code}")
    return response


def set_session_cookie(
    response: Response, item: LiveSession, name: str, value: str, path: str
) -> None:
    """A cookie of one session's pages only (its `path`), kept a week past the session's
    end so the summary can still be opened, never readable by a script."""
    response.set_cookie(
        name,
        value,
        path=path,
        max_age=int((item.expires_at - now()).total_seconds()) + 7 * 24 * 3600,
        httponly=True,
        samesite="Lax",
        secure=bool(current_app.config["SESSION_COOKIE_SECURE"]),
    )


@bp.post("/<code>/answer")
@limiter.limit(_answer_limit, key_func=_participant_key)
def answer(code: str) -> Response:
    """One answer, graded on the server. With the page's script (X-Liane-Live), a JSON
    word on what happened; without, the page again."""
    item, person = _taken_part(code)  # ended meanwhile: "closed", and the page reloads
    _course, quiz = course_and_quiz(item)
    outcome = live_answers.submit(
        session(), quiz, item, person, request.form.get("question", ""), request.form
    )
    if request.headers.get("X-Liane-Live"):
        return jsonify(outcome=outcome)
    return redirect(url_for("live.room", code=item.code, _anchor="live"))


@bp.get("/<code>/state")
def state(code: str) -> Response:
    """What the participant's page compares to know when to reload: tiny, and a 304 when
    nothing changed. A session that ended says so (the page then shows its end)."""
    item = live.by_code(session(), code, ended=True)
    at = now()
    if item is None:  # no such code: the page reloads into the page saying so
        body: dict[str, Any] = {"version": "none", "phase": "end"}
    else:
        body = {
            "version": live.state_tag(item, at),
            "phase": live.effective_phase(item, at),
            "left": live.seconds_left(item, at),
        }
    return conditional_json(body, body["version"])


def conditional_json(body: dict[str, Any], tag: str) -> Response:
    """`body` as JSON with the ETag `tag`: Werkzeug answers 304 with no body to a poll that
    names it (If-None-Match); never stored without asking again."""
    response = jsonify(body)
    response.set_etag(tag)
    response.cache_control.no_cache = True
    response.cache_control.private = True
    return response.make_conditional(request)
