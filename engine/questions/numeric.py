"""numeric: a typed number, right within a tolerance."""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from html import escape
from typing import Any, ClassVar

from engine.comparison import fold_spaces, parse_number
from engine.fields import Field
from engine.questions.base import EPSILON, Grade, Question, QuestionType, text_of, verdict
from engine.questions.building import QuizContext
from engine.questions.reading import MAX_SHORT_TEXT, Form, typed_answer
from engine.sources import KeyPath

KEYS = {
    "answer": Field("number", "The right number", required=True),
    "tolerance": Field("number", "Accepted distance from the answer", default=0, minimum=0),
}


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    type: ClassVar[str] = "numeric"
    SECRET = Question.SECRET | {"answer", "tolerance"}
    answer: float = 0
    tolerance: float = 0


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    return Numeric(answer=float(data["answer"]), tolerance=float(data["tolerance"]), **common)


def read(question: Numeric, form: Form) -> str | None:
    return typed_answer(question, form, MAX_SHORT_TEXT)


def compared_text(question: Any, response: Any) -> str | None:
    """The response as a typed-number grader compares it: the number read ("3,5" and
    " 3.50" are both 3.5), else the text with its spaces folded (answered, and wrong)."""
    value = parse_number(text_of(response))
    if value is None:
        return fold_spaces(text_of(response)) or None
    return repr(value)


def grade(question: Numeric, response: Any) -> Grade:
    value = parse_number(text_of(response))
    if value is None:
        answered = bool(fold_spaces(text_of(response)))
        return Grade(0.0, False, answered, (False,), verdict(question, 0.0))
    right = abs(value - question.answer) <= question.tolerance + EPSILON
    score = 1.0 if right else 0.0
    return Grade(score, right, True, (right,), verdict(question, score))


def number_text(value: float, language: str) -> str:
    """A number as the course's readers write it: every digit the author gave (an answer
    key must not round, so not `engine.numbers.format_points`, which keeps two decimals) and
    that module's separator, a decimal comma in French: 0.5 -> "0,5", 42.0 -> "42"."""
    text = format(Decimal(repr(float(value))).normalize(), "f")
    text = "0" if text == "-0" else text
    return text.replace(".", ",") if language.lower().startswith("fr") else text


def answer_key(question: Numeric, language: str) -> list[str]:
    """The number, and its tolerance when there is one: "42 (± 0,5)"."""
    text = number_text(question.answer, language)
    if question.tolerance:
        text += f" (± {number_text(question.tolerance, language)})"
    return [escape(text)]


TYPE = QuestionType(
    order=50,
    model=Numeric,
    keys=KEYS,
    build=build,
    read=read,
    grade=grade,
    compared_text=compared_text,
    answer_key=answer_key,
)
