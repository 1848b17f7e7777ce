"""Reading a learner's answers from a submitted form.

The content partials name their inputs `q-<question id>` (choices, texts) or
`q-<question id>-<part id>` (a matching left, an ordering position, a blank, a likert
statement). This turns such a form into the responses the graders take; the browser runtime
of packages reads its forms the same way.
"""

from __future__ import annotations

import re
from typing import Any

from engine.model import (
    FillBlanks,
    Likert,
    Matching,
    MultipleChoice,
    Open,
    Ordering,
    Question,
    SingleChoice,
    TrueFalse,
)

MAX_TEXT = 10_000  # characters kept of an open answer
MAX_SHORT_TEXT = 500  # of a short answer, a number, a blank


# A submitted form: werkzeug's MultiDict, or any object with get(key, default) and
# getlist(key) (the tests use a small dict-backed one).
Form = Any


def field_name(question: Question, part: str | None = None) -> str:
    return f"q-{question.id}" if part is None else f"q-{question.id}-{part}"


def response_from_form(question: Question, form: Form) -> Any:
    """The response to one question, in the shape its grader takes, bounded by the
    question: only ids it has, no more parts than it has, typed texts cut to a length and
    rid of control characters. A forged form can then cost no more to store than an
    honest one, and nothing a database refuses (a NUL) reaches it."""
    name = field_name(question)
    if isinstance(question, MultipleChoice):
        known = {o.id for o in question.options}
        return list(dict.fromkeys(v for v in form.getlist(name) if _one_of(v, known)))
    if isinstance(question, SingleChoice):
        value = form.get(name)
        return value if _one_of(value, {o.id for o in question.options}) else None
    if isinstance(question, TrueFalse):
        return {"true": True, "false": False}.get(_text(form.get(name), 5))
    if isinstance(question, Matching):
        rights = {r.id for r in question.rights}
        return {left.id: value for left in question.lefts
                if _one_of(value := form.get(field_name(question, left.id)), rights)}
    if isinstance(question, Ordering):
        items = {i.id for i in question.items}
        return [value if _one_of(value := form.get(field_name(question, str(i + 1))), items)
                else "" for i in range(len(question.items))]
    if isinstance(question, FillBlanks):
        return [_text(form.get(field_name(question, blank.id)), MAX_SHORT_TEXT)
                for blank in question.blanks]
    if isinstance(question, Likert):
        return {s.id: number for s in question.statements
                if (number := _position(form.get(field_name(question, s.id)),
                                        len(question.scale))) is not None}
    value = form.get(name)
    if not isinstance(value, str):
        return None
    return _text(value, MAX_TEXT if isinstance(question, Open) else MAX_SHORT_TEXT)


def _one_of(value: Any, known: set[str]) -> bool:
    return isinstance(value, str) and value in known


def _position(value: Any, count: int) -> int | None:
    """A place on a scale of `count`, from 1: ASCII digits only (`"²".isdigit()` is true)."""
    number = parse_count(value)
    return number if number is not None and 1 <= number <= count else None


# Typed text keeps tabs and line breaks; other control characters (NUL among them, which
# PostgreSQL refuses in text) are what a paste from another program brings, never meaning.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")


def _text(value: Any, limit: int) -> str:
    return without_controls(value[:limit]) if isinstance(value, str) else ""


def without_controls(text: str) -> str:
    """Text as typed, without the control characters that mean nothing in it."""
    return CONTROL.sub("", text)


COUNT = re.compile("[0-9]{1,9}")


def parse_count(value: Any) -> int | None:
    """A whole number written in ASCII digits (at most nine), else None.

    The one way numbers from forms and addresses are read: `str.isdigit()` accepts "²" and
    `int()` accepts "1_000", " 7 " and 5,000 digits (then fails); databases refuse ids
    beyond their integer size.
    """
    return int(value) if isinstance(value, str) and COUNT.fullmatch(value) else None


def responses_from_form(questions: list[Question], form: Form) -> dict[str, Any]:
    return {q.id: response_from_form(q, form) for q in questions}


