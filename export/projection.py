"""The workshop kit's projection mode: the course as slides for a room (projection.html).

A facilitator projects it from a borrowed laptop: one lesson section (`##`) or one question at
a time in large type, the answer revealed on demand. It is rendered from the same content
partials as the offline site and the SCORM packages, and loads its own small script
(static/liane-projection.js), never the runtime: it records no learner progress by
construction. Facilitator notes and activity sheets are not in it (the room sees it).
"""

from __future__ import annotations

import json
import posixpath
from dataclasses import dataclass, field
from functools import partial
from typing import Any

from engine.grading import answer_key, feedback_texts
from engine.model import Course, Lesson, Question, Quiz
from engine.numbers import format_points
from engine.templating import content_environment
from export.site import ASSETS, TEMPLATES, rebase, right_options

PROJECTION_PAGE = "projection.html"
PROJECTION_FILES = ("liane-projection.css", "liane-projection.js")


@dataclass(frozen=True)
class Slide:
    """One screen: `kind` is lesson (a section of a lesson), quiz (its title), question or
    outcomes (a survey's bands); `item` is the index of its lesson or quiz in the course."""

    kind: str
    item: int
    item_id: str
    context: str  # the lesson's or quiz's title, over the slide's own heading
    html: str = ""
    question: dict[str, Any] | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def lesson_sections(html: str) -> list[str]:
    """A lesson's HTML cut before each top-level `<h2>`: the part before the first one, then
    one part per section. Parsed, not searched, so a heading inside a callout never cuts it."""
    import lxml.html

    if not html.strip():
        return [""]
    parts: list[list[str]] = [[]]
    for node in lxml.html.fragments_fromstring(html):
        if isinstance(node, str):  # text before the first element
            parts[-1].append(node)
            continue
        if node.tag == "h2" and parts[-1]:
            parts.append([])
        tail, node.tail = node.tail, None
        parts[-1].append(lxml.html.tostring(node, encoding="unicode", method="html"))
        if tail and tail.strip():
            parts[-1].append(tail)
    return ["\n".join(part) for part in parts]


def plan_slides(course: Course) -> list[Slide]:
    """Every slide in course order: a lesson's sections, a quiz's title then each of its
    questions (all of them, in the authored order: the answer key's letters follow it), and a
    survey's outcome bands last."""
    slides: list[Slide] = []
    for index, item in enumerate(course.items()):
        folder = posixpath.dirname(item.id)
        if isinstance(item, Lesson):
            for number, part in enumerate(lesson_sections(item.html)):
                slides.append(
                    Slide(
                        "lesson",
                        index,
                        item.id,
                        item.title,
                        rebase(part, folder),
                        extra={
                            "first": number == 0,
                            "objectives": item.objectives if number == 0 else (),
                        },
                    )
                )
            continue
        slides.append(Slide("quiz", index, item.id, item.title, extra={"quiz": item}))
        for question in item.questions:
            slides.append(question_slide(course, index, item, question))
        if item.outcomes:
            points = partial(format_points, language=course.language)
            slides.append(
                Slide(
                    "outcomes", index, item.id, item.title, extra={"quiz": item, "points": points}
                )
            )
    return slides


def question_slide(course: Course, index: int, quiz: Quiz, question: Question) -> Slide:
    right = right_options(question)
    # Right options are marked in place: their key would say it twice.
    key = [] if right else answer_key(question, course.language)
    # Options by their letter alone: their text is on the slide.
    feedback = feedback_texts(question, course.language, option_text=False)
    return Slide(
        "question",
        index,
        quiz.id,
        quiz.title,
        question=question.to_public_dict(),
        extra={
            "quiz": quiz,
            "key": key,
            "feedback": feedback,
            "explanation": question.explanation,
            "right": json.dumps(right),
            "revealable": bool(right or key or feedback or question.explanation),
            "total": len(quiz.questions),
            "number": quiz.questions.index(question) + 1,
        },
    )


def render_projection(course: Course) -> str:
    """projection.html: every slide hidden but the one the script shows."""
    env = content_environment(course.language, (TEMPLATES,))
    return env.get_template("projection.html").render(
        course=course,
        slides=plan_slides(course),
        assets=ASSETS,
        files=PROJECTION_FILES,
    )
