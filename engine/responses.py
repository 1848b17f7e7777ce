"""Reading a learner's answers from a submitted form.

The content partials name their inputs `q-<question id>` (choices, texts) or
`q-<question id>-<part id>` (a matching left, an ordering position, a blank, a likert
statement). This turns such a form into the responses the graders take, through each type's
`read` (`engine/questions/<type>.py`, helpers in `engine.questions.reading`); the browser
runtime of packages reads its forms the same way.
"""

from __future__ import annotations

from typing import Any

from engine.questions import Question, question_type
from engine.questions.reading import (
    MAX_SHORT_TEXT,
    MAX_TEXT,
    Form,
    field_name,
    parse_count,
    without_controls,
)


def response_from_form(question: Question, form: Form) -> Any:
    """The response to one question, in the shape its grader takes, bounded by the
    question: only ids it has, no more parts than it has, typed texts cut to a length and
    rid of control characters. A forged form can then cost no more to store than an
    honest one, and nothing a database refuses (a NUL) reaches it."""
    return question_type(question).read(question, form)


def responses_from_form(questions: list[Question], form: Form) -> dict[str, Any]:
    return {q.id: response_from_form(q, form) for q in questions}


__all__ = [
    "MAX_SHORT_TEXT",
    "MAX_TEXT",
    "Form",
    "field_name",
    "parse_count",
    "response_from_form",
    "responses_from_form",
    "without_controls",
]
