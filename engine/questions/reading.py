"""Reading a learner's answers from a submitted form: the helpers each type's `read` uses.

The content partials name their inputs `q-<question id>` (choices, texts) or
`q-<question id>-<part id>` (a matching left, an ordering position, a blank, a likert
statement). A type's `read` turns such a form into the response its grader takes, bounded by
the question: only ids it has, no more parts than it has, typed texts cut to a length and
rid of control characters. A forged form can then cost no more to store than an honest one,
and nothing a database refuses (a NUL) reaches it. The browser runtime of packages reads its
forms the same way.
"""

from __future__ import annotations

import re
from typing import Any

from engine.questions.base import Question

MAX_TEXT = 10_000  # characters kept of an open answer
MAX_SHORT_TEXT = 500  # of a short answer, a number, a blank

# A submitted form: werkzeug's MultiDict, or any object with get(key, default) and
# getlist(key) (the tests use a small dict-backed one).
Form = Any

# Typed text keeps tabs and line breaks; other control characters (NUL among them, which
# PostgreSQL refuses in text) are what a paste from another program brings, never meaning.
CONTROL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f]")
COUNT = re.compile("[0-9]{1,9}")


def field_name(question: Question, part: str | None = None) -> str:
    return f"q-{question.id}" if part is None else f"q-{question.id}-{part}"


def one_of(value: Any, known: set[str]) -> bool:
    return isinstance(value, str) and value in known


def scale_position(value: Any, count: int) -> int | None:
    """A place on a scale of `count`, from 1: ASCII digits only (`"²".isdigit()` is true)."""
    number = parse_count(value)
    return number if number is not None and 1 <= number <= count else None


def cut_text(value: Any, limit: int) -> str:
    """A typed text cut to `limit` characters, without control characters; "" if no text."""
    return without_controls(value[:limit]) if isinstance(value, str) else ""


def typed_answer(question: Question, form: Form, limit: int) -> str | None:
    """The one text field of a question, cut to `limit`; None when the form has none."""
    value = form.get(field_name(question))
    if not isinstance(value, str):
        return None
    return cut_text(value, limit)


def without_controls(text: str) -> str:
    """Text as typed, without the control characters that mean nothing in it."""
    return CONTROL.sub("", text)


def parse_count(value: Any) -> int | None:
    """A whole number written in ASCII digits (at most nine), else None.

    The one way numbers from forms and addresses are read: `str.isdigit()` accepts "²" and
    `int()` accepts "1_000", " 7 " and 5,000 digits (then fails); databases refuse ids
    beyond their integer size.
    """
    return int(value) if isinstance(value, str) and COUNT.fullmatch(value) else None
