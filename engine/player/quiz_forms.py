"""The parts of a quiz page that protect a learner from a slip: which questions are still
blank (asked before an attempt is submitted, so one stray tap never burns it), the form's
answers carried through the confirmation page, and one question's HTML on its own (the
verdict of an answer checked in place, drawn by the same content partial as the page).

Nothing here decides on its own: a question is blank when the engine's grader calls its
response unanswered (`Grade.answered`: a blank text, an ordering left on "Choose…"), so the
confirmation names exactly the questions the results will count as not answered; a verdict
comes from the grader through the caller's review."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from flask import get_template_attribute
from markupsafe import Markup
from werkzeug.datastructures import MultiDict

from engine.grading import grade
from engine.model import Question

QUESTION_FIELD = "q-"  # every answer input is named q-<id> or q-<id>-<part> (responses.py)


def unanswered(
    questions: Iterable[Question], responses: dict[str, Any], checked: Iterable[str]
) -> list[tuple[int, Question]]:
    """The blank questions with their number on the page (from 1). A checked question is
    left out even when blank: it is locked, there is nothing left to answer."""
    done = set(checked)
    return [
        (number, q)
        for number, q in enumerate(questions, start=1)
        if q.id not in done and not grade(q, responses.get(q.id)).answered
    ]


def answer_fields(form: MultiDict[str, str]) -> list[tuple[str, str]]:
    """The answer fields of a posted quiz form, every value of each (checkboxes repeat a
    name), for the confirmation page to post them again unchanged."""
    return [(k, v) for k, v in form.items(multi=True) if k.startswith(QUESTION_FIELD)]


def question_html(
    question: Question,
    number: int,
    order: tuple[str, ...] | None,
    response: Any,
    review: dict[str, Any] | None,
    language: str,
) -> Markup:
    """One question as the page draws it (content/_questions.html), for the script that
    checks an answer in place: the partial is the only place a verdict's HTML is written.
    `language` is the course's, which the partial puts on the course's texts only (the
    interface's words around them are in the page's language)."""
    macro = get_template_attribute("content/_questions.html", "question")
    public = question.to_public_dict()
    return Markup(macro(public, number, order, response, review, lang=language))
