"""numeric_range: a typed number, right when it falls within a range the author gives."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar

from engine.comparison import fold_spaces, parse_number
from engine.fields import Field
from engine.i18n import _, translator
from engine.questions.base import EPSILON, Grade, Question, QuestionType, text_of, verdict
from engine.questions.building import QuizContext
from engine.questions.numeric import compared_text, number_text
from engine.questions.reading import MAX_SHORT_TEXT, Form, typed_answer
from engine.sources import KeyPath

RANGE_HINT = "write the lowest and the highest right value, e.g. `answer: [40, 50]`"

KEYS = {
    "answer": Field(
        "list",
        "The lowest and the highest right value, both included",
        required=True,
        items=Field("number"),
        min_items=2,
        hint=RANGE_HINT,
    ),
    "unit": Field("string", "A unit shown after the field, e.g. % or years", default=""),
}


@dataclass(frozen=True, kw_only=True)
class NumericRange(Question):
    type: ClassVar[str] = "numeric_range"
    SECRET = Question.SECRET | {"answer"}
    answer: tuple[float, float] = (0.0, 0.0)  # (min, max), both included
    unit: str = ""


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    # The validator has checked a list of at least two numbers (`min_items`, `items`).
    bounds: tuple[float, ...] = data["answer"]
    where = (*path, "answer")
    if len(bounds) != 2:
        ctx.error(
            where,
            _("`answer` needs exactly two numbers, found {n}").format(n=len(bounds)),
            _(RANGE_HINT),
        )
        return None
    low, high = float(bounds[0]), float(bounds[1])
    if low > high:
        ctx.error(
            where,
            _("`answer` goes down from {first} to {second}: the lowest value comes first").format(
                first=bounds[0], second=bounds[1]
            ),
            _("write `answer: [{second}, {first}]`").format(first=bounds[0], second=bounds[1]),
        )
        return None
    return NumericRange(answer=(low, high), unit=data["unit"], **common)


def read(question: NumericRange, form: Form) -> str | None:
    return typed_answer(question, form, MAX_SHORT_TEXT)


def grade(question: NumericRange, response: Any) -> Grade:
    value = parse_number(text_of(response))
    if value is None:  # as numeric: empty is unanswered, any other text answered and wrong
        answered = bool(fold_spaces(text_of(response)))
        return Grade(0.0, False, answered, (False,), verdict(question, 0.0))
    low, high = question.answer
    right = low - EPSILON <= value <= high + EPSILON
    score = 1.0 if right else 0.0
    return Grade(score, right, True, (right,), verdict(question, score))


def answer_key(question: NumericRange, language: str) -> list[str]:
    """The range and its unit: "entre 10 et 20 %", "from 10 to 20 %"."""
    tr = translator(language).gettext
    low, high = (number_text(bound, language) for bound in question.answer)
    text = tr("from %(low)s to %(high)s") % {"low": low, "high": high}
    return [escape(f"{text} {question.unit}" if question.unit else text)]


TYPE = QuestionType(
    order=55,
    model=NumericRange,
    keys=KEYS,
    build=build,
    read=read,
    grade=grade,
    compared_text=compared_text,
    answer_key=answer_key,
)
