"""likert: statements rated on a scale; never scored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from engine.fields import strings, texts
from engine.questions.base import Choice, Dataclass, Grade, Question, QuestionType, ScaleTally
from engine.questions.building import QuizContext
from engine.questions.reading import Form, field_name, scale_position
from engine.sources import KeyPath

KEYS = {
    "statements": texts("Statements to rate", required=True, min_items=1),
    "scale": strings("Labels of the scale, from one end to the other", required=True, min_items=2),
}


@dataclass(frozen=True, kw_only=True)
class Likert(Question):
    type: ClassVar[str] = "likert"
    NESTED: ClassVar[dict[str, Dataclass]] = {"statements": Choice}
    SCORED: ClassVar[bool] = False
    statements: tuple[Choice, ...] = ()
    scale: tuple[str, ...] = ()


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    statements = tuple(
        Choice(id=str(i + 1), text=ctx.render((*path, "statements", i), s, inline=True))
        for i, s in enumerate(data["statements"])
    )
    return Likert(statements=statements, scale=data["scale"], **common)


def read(question: Likert, form: Form) -> dict[str, int]:
    return {
        s.id: number
        for s in question.statements
        if (number := scale_position(form.get(field_name(question, s.id)), len(question.scale)))
        is not None
    }


def _position(value: Any) -> int | None:
    """A stored place on the scale, from 1; 3.0 counts as 3: JavaScript cannot tell them
    apart."""
    if isinstance(value, int | float) and not isinstance(value, bool) and float(value).is_integer():
        return int(value)
    return None


def grade(question: Likert, response: Any) -> Grade:
    given = response if isinstance(response, dict) else {}
    answered = any(_position(v) is not None for v in given.values())
    return Grade(0.0, None, answered)


def scale_tally(question: Likert, responses: list[Any]) -> ScaleTally:
    """Each statement with the learners at each point of the scale; places off the scale
    (a course whose scale got shorter) are left out."""
    parts = []
    for statement in question.statements:
        counts = [0] * len(question.scale)
        for response in responses:
            place = _position(response.get(statement.id)) if isinstance(response, dict) else None
            if place is not None and 1 <= place <= len(counts):
                counts[place - 1] += 1
        parts.append((statement.id, statement.text, counts))
    return ScaleTally(question.scale, parts)


def form_parts(question: Likert) -> list[tuple[int | str, str]]:
    return [(s.id, field_name(question, s.id)) for s in question.statements]


TYPE = QuestionType(
    order=90,
    model=Likert,
    keys=KEYS,
    build=build,
    read=read,
    grade=grade,
    form_parts=form_parts,
    scale_tally=scale_tally,
)
