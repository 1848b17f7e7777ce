"""The facilitator's side of a live session: starting one from a course, the projected
screen (keys of a laptop and of a presenter remote) and the phone remote, for staff or
whoever holds the session's secret (`liane workshop` prints it). The participants' pages
are engine/player/live_pages.py; the reports, engine/player/live_reports.py.
"""

from __future__ import annotations

import hmac
from datetime import datetime
from typing import Any
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    url_for,
)
from flask_login import current_user
from werkzeug.wrappers import Response

from engine.grading import answer_key
from engine.model import Course, Quiz
from engine.player import live, live_answers
from engine.player.addresses import is_reachable_from_others, join_addresses
from engine.player.admin import staff_required
from engine.player.courses import course_or_404
from engine.player.db import session
from engine.player.group_pages import qr_svg
from engine.player.live_pages import (
    conditional_json,
    course_and_quiz,
    moment_context,
    set_session_cookie,
)
from engine.player.models import LiveSession, now
from engine.responses import parse_count

bp = Blueprint("live_screen", __name__, url_prefix="/live")

KEY_COOKIE = "liane_live_key"  # the secret of the screen and remote, path /live/s/<id>
COUNTDOWNS = (0, 15, 20, 30, 45, 60, 90, 120)


def managed_session(session_id: int) -> LiveSession:
    """A session the person may run: an administrator, the staff member who started it
    (any staff member for one started by `liane workshop`), or whoever holds its secret
    (the cookie set by the screen's or the remote's address with `?key=`). 404 otherwise:
    a stranger cannot tell a session number from another."""
    item = session().get(LiveSession, session_id)
    if item is None:
        abort(404)
    if (
        current_user.is_authenticated
        and current_user.is_staff
        and (current_user.role == "admin" or item.created_by in (None, current_user.id))
    ):
        return item
    key = request.cookies.get(KEY_COOKIE, "")
    if key and hmac.compare_digest(live.token_hash(key), item.secret_hash):
        return item
    abort(404)


def _with_key(session_id: int, endpoint: str) -> Response | None:
    """`?key=<secret>`: keep the secret in a cookie for this session's pages, then show the
    address without it (no secret left in the history or on the projected address bar)."""
    key = request.args.get("key")
    if key is None:
        return None
    item = session().get(LiveSession, session_id)
    if item is None or not hmac.compare_digest(live.token_hash(key), item.secret_hash):
        abort(404)
    response = redirect(url_for(endpoint, session_id=session_id))
    set_session_cookie(response, item, KEY_COOKIE, key, f"/live/s/{session_id}")
    return response


# --- starting a session ---------------------------------------------------------------------


@bp.get("/new/<course_id>")
@staff_required
def new(course_id: str) -> str:
    course = course_or_404(course_id)
    return render_template(
        "live/new.html", course=course, quizzes=course.quizzes, countdowns=COUNTDOWNS
    )


@bp.post("/start")
@staff_required
def start() -> Response:
    course = course_or_404(request.form.get("course", ""))
    quiz = course.item(request.form.get("quiz", ""))
    if not isinstance(quiz, Quiz):
        abort(400)
    countdown = parse_count(request.form.get("countdown")) or 0
    item, _secret = live.start(
        session(),
        course,
        quiz,
        created_by=current_user.id,
        countdown=countdown if countdown in COUNTDOWNS else 0,
        ask_name=request.form.get("ask_name") == "1",
        show_names=request.form.get("show_names") == "1",
    )
    return redirect(url_for("live_screen.screen", session_id=item.id))


# --- the screen and the remote -------------------------------------------------------------


@bp.get("/s/<int(max=999999999):session_id>/screen")
def screen(session_id: int) -> str | Response:
    keyed = _with_key(session_id, "live_screen.screen")
    if keyed is not None:
        return keyed
    item = managed_session(session_id)
    course, quiz = course_and_quiz(item)
    return render_template("live/screen.html", **_screen(item, course, quiz))


def _screen(item: LiveSession, course: Course, quiz: Quiz) -> dict[str, Any]:
    at = now()
    db = session()
    moment, context = moment_context(item, course, quiz, at)
    phase, question = moment.phase, moment.question
    people = live_answers.participants_of(db, item)
    context.update(
        participants=people,
        answers=0,
        tag=screen_tag(item, at, len(people)),
        code=live.shown_code(item.code),
    )
    if phase == "lobby":
        sites = room_sites()
        join_url = sites[0] + url_for("live.room", code=item.code)
        context["join_url"] = join_url
        context["entry_urls"] = [site + url_for("live.enter") for site in sites]
        context["qr"] = qr_svg(join_url)
        context["this_machine_only"] = not is_reachable_from_others(
            urlsplit(sites[0]).hostname or ""
        )
    if phase == "end":
        context["report"] = live_answers.stored_summary(db, course, quiz, item)
    if question is not None:
        context["answers"] = live_answers.count_answers(db, item, question.id)
        if phase in ("results", "answer"):
            context["distribution"] = live_answers.distribution_of(
                db, item, question, moment.order, reveal=phase == "answer", language=course.language
            )
        if phase == "answer":
            context["key"] = answer_key(question, course.language)
            context["explanation"] = question.explanation
    return context


def screen_tag(item: LiveSession, at: datetime, people: int) -> str:
    """The screen's version: the phones' (live.state_tag), and on the join screen, which
    lists the nicknames, the number of participants: each arrival draws it again."""
    tag = live.state_tag(item, at)
    return f"{tag}-{people}" if live.effective_phase(item, at) == "lobby" else tag


def room_sites() -> list[str]:
    """The addresses (http://host:port) at which the room's phones reach this server, the
    likely first: the site's public address (BASE_URL) when set; the address the screen was
    opened at when it is not this machine's own (the facilitator typed the network's);
    then this machine's addresses on the room's network (engine/player/addresses.py). The
    screen opened at 127.0.0.1 on the laptop must not give phones 127.0.0.1. When the
    server listens on this machine only, the loopback address is all there is, and the
    screen says so."""
    opened_at = urlsplit(request.host_url)  # "[::1]:5000" and "host:5000" alike
    host = opened_at.hostname or ""
    port = opened_at.port or (443 if opened_at.scheme == "https" else 80)
    sites = join_addresses(port, "")
    opened = request.host_url.rstrip("/")
    if is_reachable_from_others(host) and not str(current_app.config.get("BASE_URL") or ""):
        sites = [opened, *sites]
    return list(dict.fromkeys(sites)) or [opened]


@bp.get("/s/<int(max=999999999):session_id>/screen/state")
def screen_state(session_id: int) -> Response:
    item = managed_session(session_id)
    _course, quiz = course_and_quiz(item)
    at = now()
    db = session()
    question = live.current_question(quiz, item)
    answers = live_answers.count_answers(db, item, question.id) if question is not None else 0
    people = live_answers.count_participants(db, item)
    tag = screen_tag(item, at, people)
    body = {
        "version": tag,
        "answers": answers,
        "participants": people,
        "left": live.seconds_left(item, at),
    }
    return conditional_json(body, f"{tag}-{answers}-{people}")


@bp.post("/s/<int(max=999999999):session_id>/step")
def step(session_id: int) -> Response:
    """A facilitator's step, from the screen's buttons and keys or the remote. `v` is the
    version the page was drawn at: a second press of the same step does nothing."""
    item = managed_session(session_id)
    course, quiz = course_and_quiz(item)
    action = request.form.get("action", "")
    version = parse_count(request.form.get("v"))
    done = version is not None and live.step(session(), quiz, item, action, version)
    if action == "finish" and version == item.version and item.ended_at is None:
        live.finish(session(), item, live_answers.stored_summary(session(), course, quiz, item))
        done = True
    if request.headers.get("X-Liane-Live"):
        return jsonify(done=done, version=item.version)
    return redirect(url_for(_back_to(), session_id=item.id))


def _back_to() -> str:
    return "live_screen.control" if request.form.get("from") == "control" else "live_screen.screen"


@bp.get("/s/<int(max=999999999):session_id>/control")
def control(session_id: int) -> str | Response:
    """The phone remote: the same steps as the screen's buttons, and what the screen must
    not show yet: the typed answers and the nicknames, each of which can be hidden."""
    keyed = _with_key(session_id, "live_screen.control")
    if keyed is not None:
        return keyed
    item = managed_session(session_id)
    course, quiz = course_and_quiz(item)
    context = _screen(item, course, quiz)
    question = live.current_question(quiz, item)
    typed = []
    if question is not None:
        typed = live_answers.typed_answers(session(), item, question.id)
    return render_template("live/control.html", typed=typed, **context)


@bp.post("/s/<int(max=999999999):session_id>/hide")
def hide(session_id: int) -> Response:
    item = managed_session(session_id)
    hidden = request.form.get("hidden") == "1"
    if request.form.get("what") == "participant":
        person = parse_count(request.form.get("participant"))
        if person is None:
            abort(400)
        live_answers.hide_participant(session(), item, person, hidden)
    else:
        live_answers.hide_answers(
            session(),
            item,
            request.form.get("question", "")[:100],
            request.form.get("text", "")[:2000],
            hidden,
        )
    return redirect(url_for(_back_to(), session_id=item.id))
