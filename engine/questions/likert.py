"""likert: statements rated on a scale; never scored."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from engine.fields import strings, texts
from engine.questions.base import Choice, Dataclass, Grade, Question, QuestionType
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


def grade(question: Likert, response: Any) -> Grade:
    given = response if isinstance(response, dict) else {}
    # 3.0 counts as 3: JavaScript cannot tell them apart.
    answered = any(
        isinstance(v, int | float) and not isinstance(v, bool) and float(v).is_integer()
        for v in given.values()
    )
    return Grade(0.0, None, answered)


def form_parts(question: Likert) -> list[tuple[int | str, str]]:
    return [(s.id, field_name(question, s.id)) for s in question.statements]


TYPE = QuestionType(
    order=90, model=Likert, keys=KEYS, build=build, read=read, grade=grade, form_parts=form_parts
)
