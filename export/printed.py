"""The workshop kit's printed documents: the facilitator guide, the participant booklet and
the answer key, as PDF (issue 11).

Each document is one HTML page from a template of `export/templates/print/`, printed by
WeasyPrint (`engine.pdf.html_to_pdf`: tagged PDF/UA, the course's language, local files
only) with `print.css` beside the templates. Lessons and questions come from the same content
partials as the player and the packages: `content/_lesson.html` (with the facilitator blocks
for the guide, without for the booklet) and each type's `content/questions/<type>.html`,
whose `paper` macro lays its answer area out to fill in by hand.

What may reach which document is decided here, not in the templates: the booklet's questions
are their public dicts (`to_public_dict`: no answer, explanation, feedback or score); only the
guide and the key get answers (`engine.grading.answer_key`) and feedback.

Stages, in order: the plan (durations, clock), the questions of every quiz (display order,
keys), the lessons rendered once per view, then each document rendered and printed.
"""

from __future__ import annotations

import datetime
import posixpath
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from engine.course_facts import duration_text
from engine.grading import answer_key, feedback_texts
from engine.i18n import N_, translator
from engine.model import Course, Lesson, Question, Quiz
from engine.numbers import format_points
from engine.pdf import html_to_pdf
from engine.questions import question_type
from engine.rules import SeededRandom
from engine.templating import content_environment
from export.print_plan import build_plan, clock_time, quiz_minutes
from export.print_typography import french_spaces
from export.site import rebase

TEMPLATES = Path(__file__).parent / "templates"
STYLESHEET = TEMPLATES / "print" / "print.css"

# (file name, template, title): names and titles are English msgids, translated into the
# course's language ("guide-animateur.pdf" in French).
DOCUMENTS = (
    (N_("facilitator-guide.pdf"), "print/guide.html", N_("Facilitator guide")),
    (N_("participant-booklet.pdf"), "print/booklet.html", N_("Participant booklet")),
    (N_("answer-key.pdf"), "print/answer_key.html", N_("Answer key")),
)


@dataclass(frozen=True)
class PrintedQuestion:
    """A question as the documents print it.

    `public` is all the booklet reads; `key`, `feedbacks` (label, HTML) and `explanation` are
    for the guide and the answer key; `scores` are a survey option's points (letter, points),
    which the booklet prints on its scoring grid, the page after the questions.
    """

    number: int
    public: dict[str, Any]
    order: tuple[str, ...] | None
    key: list[str]
    keyless: bool  # a type with no right answer (open, likert): "free answer" in the key
    feedbacks: list[tuple[str, str]]
    explanation: str
    scores: list[tuple[str, str]]


@dataclass(frozen=True)
class PrintedQuiz:
    quiz: Quiz
    anchor: str
    minutes: int
    questions: tuple[PrintedQuestion, ...]
    bands: tuple[tuple[str, str, str], ...]  # survey outcomes: (range text, title, HTML text)

    @property
    def survey(self) -> bool:
        return self.quiz.kind == "survey"


def _order(quiz: Quiz, question: Question, number: int) -> tuple[str, ...] | None:
    """The parts' order on paper: the authored order for choices (their letters), and a
    fixed shuffle for types that are always shuffled (ordering: never the right order)."""
    part_order = question_type(question).part_order
    if part_order is None:
        return None
    seed = sum(ord(c) for c in f"{quiz.id}:{question.id}") * 7919 + number
    return part_order(question, False, SeededRandom(seed))


def _band_range(low: float, high: float, language: str) -> str:
    """ "entre 0 et 11", or "12" for a band of one total."""
    if low == high:
        return format_points(low, language)
    tr = translator(language).gettext
    return tr("from %(low)s to %(high)s") % {
        "low": format_points(low, language),
        "high": format_points(high, language),
    }


def printed_quiz(quiz: Quiz, index: int, language: str) -> PrintedQuiz:
    questions = []
    for number, question in enumerate(quiz.questions, start=1):
        options = getattr(question, "options", ())
        questions.append(
            PrintedQuestion(
                number=number,
                public=question.to_public_dict(),
                order=_order(quiz, question, number),
                key=answer_key(question, language),
                keyless=not question.SCORED,
                feedbacks=feedback_texts(question, language, option_text=True),
                explanation=question.explanation,
                scores=[
                    (o.id.upper(), format_points(o.score or 0, language))
                    for o in options
                    if quiz.kind == "survey"
                ],
            )
        )
    bands = tuple((_band_range(o.min, o.max, language), o.title, o.text) for o in quiz.outcomes)

    return PrintedQuiz(quiz, f"item-{index}", quiz_minutes(quiz), tuple(questions), bands)


def _lesson_html(course: Course, lesson: Lesson, *, facilitator: bool) -> str:
    env = content_environment(course.language, (TEMPLATES,))
    html = env.get_template("content/_lesson.html").render(
        lesson=lesson, language=course.language, facilitator=facilitator
    )
    return rebase(html, posixpath.dirname(lesson.id))


def _sections(course: Course) -> list[dict[str, Any]]:
    """The course's items in order, each rendered for every document that prints it."""
    sections: list[dict[str, Any]] = []
    for index, item in enumerate(course.items(), start=1):
        if isinstance(item, Lesson):
            sections.append(
                {
                    "kind": "lesson",
                    "anchor": f"item-{index}",
                    "item": item,
                    "guide_html": _lesson_html(course, item, facilitator=True),
                    "booklet_html": _lesson_html(course, item, facilitator=False),
                }
            )
        else:
            printed = printed_quiz(item, index, course.language)
            sections.append(
                {"kind": "quiz", "anchor": printed.anchor, "item": item, "quiz": printed}
            )
    return sections


def render_documents(course: Course, *, start: datetime.time | None = None) -> dict[str, str]:
    """Each document's HTML, keyed by file name (what `printed_documents` prints; tests and
    template work read it without WeasyPrint)."""
    tr = translator(course.language).gettext
    env = content_environment(course.language, (TEMPLATES,))
    plan = build_plan(course, start)
    context = {
        "course": course,
        "language": course.language,
        "plan": plan,
        "sections": _sections(course),
        "start_text": clock_time(plan.start, course.language) if plan.start else "",
        "end_text": clock_time(plan.end, course.language) if plan.end else "",
        "duration_text": duration_text,
        "points": lambda value: format_points(value, course.language),
    }
    pages = {}
    for filename, template, title in DOCUMENTS:
        html = env.get_template(template).render(document_title=tr(title), **context)
        if course.language.lower().startswith("fr"):
            html = french_spaces(html)
        pages[tr(filename)] = html
    return pages


def printed_documents(
    course: Course,
    *,
    start: datetime.time | None = None,
    on_step: Callable[[str], None] | None = None,
) -> dict[str, bytes]:
    """The guide, the booklet and the answer key as PDF, keyed by their file names in the
    course's language; `on_step` hears each document's file name once it is printed."""
    documents = {}
    for filename, html in render_documents(course, start=start).items():
        documents[filename] = html_to_pdf(html, course.root, [STYLESHEET])
        if on_step is not None:
            on_step(filename)
    return documents
