"""short_answer: a typed answer, compared with accepted answers and patterns."""

from __future__ import annotations

import re
from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar

from engine.comparison import APOSTROPHES, normalize_text, strip_accents
from engine.fields import Field, strings
from engine.i18n import _, translator
from engine.patterns import regex_problem
from engine.questions.base import Grade, Question, QuestionType, text_of, verdict
from engine.questions.building import QuizContext
from engine.questions.reading import MAX_SHORT_TEXT, Form, typed_answer
from engine.sources import KeyPath

KEYS = {
    "answers": strings("Accepted answers", default=()),
    "patterns": strings("Accepted regular expressions (the whole answer must match)", default=()),
    "case_sensitive": Field("boolean", "Whether case matters", default=False),
    "ignore_accents": Field("boolean", "Whether accents are ignored", default=False),
}


@dataclass(frozen=True, kw_only=True)
class ShortAnswer(Question):
    type: ClassVar[str] = "short_answer"
    SECRET = Question.SECRET | {"answers", "patterns"}
    answers: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    case_sensitive: bool = False
    ignore_accents: bool = False


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    if not data["answers"] and not data["patterns"]:
        ctx.error(
            path,
            _("a short_answer question needs `answers` or `patterns`"),
            _("list the accepted answers under `answers:`"),
        )
        return None
    ok = True
    for i, pattern in enumerate(data["patterns"]):
        message = regex_problem(pattern)
        if message:
            ctx.error((*path, "patterns", i), *message)
            ok = False
    if not ok:
        return None
    return ShortAnswer(
        answers=data["answers"],
        patterns=data["patterns"],
        case_sensitive=data["case_sensitive"],
        ignore_accents=data["ignore_accents"],
        **common,
    )


def read(question: ShortAnswer, form: Form) -> str | None:
    return typed_answer(question, form, MAX_SHORT_TEXT)


def compared_text(question: ShortAnswer, response: Any) -> str | None:
    """The response as `grade` compares it: case and accents as the question says."""
    return normalize_text(text_of(response), **_options(question)) or None


def _options(question: ShortAnswer) -> dict[str, bool]:
    return {"case_sensitive": question.case_sensitive, "ignore_accents": question.ignore_accents}


def grade(question: ShortAnswer, response: Any) -> Grade:
    options = _options(question)
    given = compared_text(question, response)
    if not given:
        return Grade(0.0, False, False, (False,), verdict(question, 0.0))
    right = any(given == normalize_text(a, **options) for a in question.answers) or any(
        _pattern_matches(p, given, question) for p in question.patterns
    )
    score = 1.0 if right else 0.0
    return Grade(score, right, True, (right,), verdict(question, score))


def _pattern_matches(pattern: str, given: str, question: ShortAnswer) -> bool:
    pattern = APOSTROPHES.sub("'", pattern)  # as in typed answers
    if question.ignore_accents:
        pattern = strip_accents(pattern)
    flags = 0 if question.case_sensitive else re.IGNORECASE
    try:
        return re.fullmatch(pattern, given, flags) is not None
    except re.error:  # the validator refuses such patterns; never crash a learner
        return False


def answer_key(question: ShortAnswer, language: str) -> list[str]:
    """The accepted answers on one line ("Paris / paris"), then one line per pattern: a
    marker reads them all at a glance."""
    tr = translator(language).gettext
    lines = [" / ".join(escape(a) for a in question.answers)] if question.answers else []
    lines += [
        escape(tr("Any answer matching %(pattern)s")).replace(
            "%(pattern)s", f"<code>{escape(pattern)}</code>"
        )
        for pattern in question.patterns
    ]
    return lines


TYPE = QuestionType(
    order=40,
    model=ShortAnswer,
    keys=KEYS,
    build=build,
    read=read,
    grade=grade,
    compared_text=compared_text,
    answer_key=answer_key,
)
