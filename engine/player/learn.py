"""Reading a course: its outline, its lessons, its media, and the time spent on them.

Item pages live at /learn/<course>/<item path>.html, mirroring the course folder, so the
relative links and images the renderer left in lessons work as they do in exported packages.
"""

from __future__ import annotations

from flask import (
    Blueprint,
    abort,
    current_app,
    jsonify,
    redirect,
    render_template,
    request,
    send_from_directory,
)
from flask_babel import get_locale
from flask_login import current_user, login_required
from markupsafe import Markup
from werkzeug.wrappers import Response

from engine.course_facts import duration_text, licence_name, licence_url
from engine.model import Course, Lesson, Quiz
from engine.player import progress, projected
from engine.player.courses import course_or_404
from engine.player.db import session, single_statements
from engine.player.navigation import item_url, neighbours
from engine.player.quiz import show_quiz
from engine.responses import parse_count
from engine.rules import course_status

bp = Blueprint("learn", __name__, url_prefix="/learn")
# A course's metadata reads as in the packages and printed documents (engine/course_facts.py).
bp.add_app_template_filter(duration_text, "duration")
bp.add_app_template_filter(licence_name, "licence_name")
bp.add_app_template_filter(licence_url, "licence_url")


@bp.get("/<course_id>/")
@login_required
def outline(course_id: str) -> str:
    course = course_or_404(course_id)
    db = session()
    seen = progress.seen_items(db, current_user.id, course)
    records = progress.quiz_records(db, current_user.id, course)
    last = progress.last_position(db, current_user.id, course)
    resume = course.item(last) if last else None
    return render_template(
        "learn/outline.html",
        course=course,
        seen=seen,
        records=records,
        status=course_status(course, seen, records),
        resume=resume,
        first=next(course.items(), None),
        spent=progress.time_spent(db, current_user.id, course),
    )


@bp.get("/<course_id>/<path:subpath>")
@login_required
def item(course_id: str, subpath: str) -> str | Response:
    course = course_or_404(course_id)
    if subpath.endswith(".html"):
        found = course.item(subpath[: -len(".html")])
        if found is None:
            abort(404)
        if projected.wanted():  # staff only: a learner asking gets the normal page
            if isinstance(found, Quiz):
                return projected.show_quiz(course, found)
            return projected.show_lesson(
                course, found, lesson_content(course, found, projected.VIEW)
            )
        if isinstance(found, Quiz):
            return show_quiz(course, found)
        return show_lesson(course, found)
    # Media: only the files lessons use, so nothing else of the course folder is served.
    if subpath not in course.files:
        abort(404)
    return send_from_directory(course.root, subpath, max_age=3600)


def show_lesson(course: Course, lesson: Lesson) -> str:
    progress.record_visit(single_statements(), current_user.id, course, lesson)
    lessons = [item.id for item in course.lessons]
    seen = progress.seen_items(session(), current_user.id, course)
    return render_template(
        "learn/lesson.html",
        course=course,
        lesson=lesson,
        content=lesson_content(
            course, lesson, "facilitator" if current_user.is_staff else "learner"
        ),
        # "Lesson 2 of 4" and the share of the course's lessons read (this one included: its
        # visit is recorded above), the learner's own: not in the cached content.
        position=lessons.index(lesson.id) + 1,
        lessons=len(lessons),
        read=len(seen.intersection(lessons)),
    )


def lesson_content(course: Course, lesson: Lesson, view: str) -> Markup:
    """Everything of a lesson page below the learner's progress (content, pager) is the same
    for every learner: rendered once per process and language, kept until the courses reload.
    `view` is whose: "learner", "facilitator" (with the facilitator blocks) or
    projected.VIEW (the learners' body, its links and pager kept in the projected view, no
    time tracking: projecting records nothing)."""
    cache = current_app.extensions.setdefault("liane.fragments", {})
    key = (course.id, lesson.id, view, str(get_locale()))
    if key not in cache:
        body = Markup(
            render_template(
                "content/_lesson.html",
                lesson=lesson,
                language=course.language,
                facilitator=view == "facilitator",
            )
        )
        if view == projected.VIEW:
            body = projected.keep_view(body)
        previous, following = neighbours(course, lesson)
        cache[key] = Markup(
            render_template(
                "learn/_lesson_content.html",
                course=course,
                lesson=lesson,
                body=body,
                previous=previous,
                following=following,
                view=projected.VIEW if view == projected.VIEW else None,
            )
        )
    content: Markup = cache[key]
    return content


@bp.post("/<course_id>/time")
@login_required
def time(course_id: str) -> Response:
    """Active time reported by the page every HEARTBEAT_SECONDS while the learner is there."""
    course = course_or_404(course_id)
    item_id = str(request.form.get("item", ""))
    seconds = parse_count(request.form.get("seconds"))
    if course.item(item_id) is None or seconds is None:
        abort(400)
    added = progress.add_active_time(
        session(),
        current_user.id,
        course,
        item_id,
        seconds,
        current_app.config["IDLE_CUTOFF_SECONDS"],
    )
    return jsonify({"added": added})


@bp.get("/<course_id>/resume")
@login_required
def resume(course_id: str) -> Response:
    course = course_or_404(course_id)
    last = progress.last_position(session(), current_user.id, course)
    target = course.item(last) if last else next(course.items(), None)
    if target is None:
        abort(404)
    return redirect(item_url(course, target))
