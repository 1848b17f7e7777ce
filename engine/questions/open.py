"""open: a free text, never scored; facilitators read the answers."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from engine.comparison import normalize_text
from engine.fields import Field
from engine.questions.base import Grade, Question, QuestionType, text_of
from engine.questions.building import QuizContext
from engine.questions.reading import MAX_TEXT, Form, typed_answer
from engine.sources import KeyPath

KEYS = {
    "min_words": Field("integer", "Fewest words accepted", default=0, minimum=0),
}


@dataclass(frozen=True, kw_only=True)
class Open(Question):
    type: ClassVar[str] = "open"
    SCORED: ClassVar[bool] = False
    min_words: int = 0


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    return Open(min_words=data["min_words"], **common)


def read(question: Open, form: Form) -> str | None:
    return typed_answer(question, form, MAX_TEXT)


def grade(question: Open, response: Any) -> Grade:
    return Grade(0.0, None, bool(normalize_text(text_of(response))))


TYPE = QuestionType(
    order=100, model=Open, keys=KEYS, build=build, read=read, grade=grade, free_text=True
)
