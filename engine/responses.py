"""Reading a learner's answers from a submitted form.

The content partials name their inputs `q-<question id>` (choices, texts) or
`q-<question id>-<part id>` (a matching left, an ordering position, a blank, a likert
statement). This turns such a form into the responses the graders take; the browser runtime
of packages reads its forms the same way.
"""

from __future__ import annotations

from typing import Any

from engine.model import (
    FillBlanks,
    Likert,
    Matching,
    MultipleChoice,
    Ordering,
    Question,
    TrueFalse,
)

MAX_TEXT = 10_000  # characters kept of a typed answer


# A submitted form: werkzeug's MultiDict, or any object with get(key, default) and
# getlist(key) (the tests use a small dict-backed one).
Form = Any


def field_name(question: Question, part: str | None = None) -> str:
    return f"q-{question.id}" if part is None else f"q-{question.id}-{part}"


def response_from_form(question: Question, form: Form) -> Any:
    """The response to one question, in the shape its grader takes."""
    name = field_name(question)
    if isinstance(question, MultipleChoice):
        return [v for v in form.getlist(name) if isinstance(v, str)]
    if isinstance(question, TrueFalse):
        return {"true": True, "false": False}.get(form.get(name, ""))
    if isinstance(question, Matching):
        return {left.id: form.get(field_name(question, left.id)) or None
                for left in question.lefts if form.get(field_name(question, left.id))}
    if isinstance(question, Ordering):
        return [form.get(field_name(question, str(i + 1)), "")
                for i in range(len(question.items))]
    if isinstance(question, FillBlanks):
        return [_text(form.get(field_name(question, blank.id), "")) for blank in question.blanks]
    if isinstance(question, Likert):
        return {s.id: int(v) for s in question.statements
                if (v := form.get(field_name(question, s.id), "")).isdigit()}
    value = form.get(name)
    return _text(value) if isinstance(value, str) else None


def _text(value: Any) -> str:
    return value[:MAX_TEXT] if isinstance(value, str) else ""


def responses_from_form(questions: list[Question], form: Form) -> dict[str, Any]:
    return {q.id: response_from_form(q, form) for q in questions}


