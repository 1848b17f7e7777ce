"""The projected view ("vue projetée"): a lesson or a quiz as the room may see it on the wall.

Staff see the facilitator blocks of the lessons, their own attempts and the course's draft
and error notices; none of that may reach a projector. In the projected view a lesson is the
learners' version (no facilitator block in the HTML at all), a quiz is its questions from
their public data (no answer key, no attempt, no score), and the page names nobody: no menu,
no progress, only the way out. Type is set for a projector (static/liane-projected.css) and
the keys a presenter remote sends move from item to item (static/liane-projected.js).

Why `?view=projected` on the address and not a flag in the session: a facilitator projects
from a laptop with two windows of one browser, one on the projector and one on their own
screen with the notes; a session flag would switch both. The parameter rides on the pager's
links and on the links between items inside a lesson (rewritten here), so moving along never
drops it; leaving is a link (or Escape) to the same item without it.

For a learner the parameter means nothing: the page is the normal one, which has nothing
staff-only to hide. Projecting records nothing (no visit, no time): showing a lesson to a room
is not the facilitator's own reading, and their "Resume" stays where they were.
"""

from __future__ import annotations

import re
from dataclasses import replace

from flask import render_template, request
from flask_login import current_user
from markupsafe import Markup

from engine.model import Course, Item, Lesson, Quiz
from engine.player.navigation import item_url, neighbours
from engine.rules import plan_attempt

VIEW = "projected"
SEED = 0  # the projected quizzes' parts order (show_quiz)

# A lesson's links to other items of its course, as the renderer leaves them: relative
# (no scheme, no leading slash), to a page (`suite.html`, `../m2/a.html#part`).
_ITEM_LINK = re.compile(r'href="(?![a-zA-Z][a-zA-Z0-9+.-]*:|/|#)([^"?#]*\.html)(#[^"]*)?"')


def wanted() -> bool:
    """Whether this request asks for the projected view and may have it (staff only)."""
    return request.args.get("view") == VIEW and current_user.is_staff


def keep_view(html: str) -> Markup:
    """A learner's lesson HTML whose links to other items keep the projected view: a link
    that dropped it would open the next lesson with its facilitator notes on the wall."""
    # On a plain str: re.sub on Markup would escape the replacement's quotes.
    return Markup(_ITEM_LINK.sub(rf'href="\1?view={VIEW}\2"', str(html)))


def show_lesson(course: Course, lesson: Lesson, content: Markup) -> str:
    """A lesson's projected page; `content` its body and pager (learn.lesson_content for
    VIEW: the learners' body, links kept in the view)."""
    return _page("learn/projected_lesson.html", course, lesson, lesson=lesson, content=content)


def show_quiz(course: Course, quiz: Quiz) -> str:
    """A quiz's projected page: its questions from their public data, all of them in the
    authored order (the room discusses the quiz; nobody takes an attempt here). Their parts
    are in the order an attempt would draw (ordering items never in the right order, which
    the authored one is), from one fixed seed, so the letters stay the same whenever the
    facilitator comes back to the page."""
    plan = plan_attempt(replace(quiz, draw=None, shuffle_questions=False), SEED)
    questions = [q.to_public_dict() for q in quiz.questions]
    return _page(
        "learn/projected_quiz.html",
        course,
        quiz,
        quiz=quiz,
        questions=questions,
        orders=plan.orders,
    )


def _page(template: str, course: Course, item: Item, **context: object) -> str:
    previous, following = neighbours(course, item)
    return render_template(
        template,
        course=course,
        previous=previous,
        following=following,
        view=VIEW,
        leave=item_url(course, item),
        **context,
    )
