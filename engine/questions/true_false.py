"""true_false: a statement, right or wrong."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar

from engine.fields import Field
from engine.i18n import N_, _, translator
from engine.questions.base import Grade, Question, QuestionType, Tally, verdict
from engine.questions.building import QuizContext
from engine.questions.reading import Form, cut_text, field_name
from engine.sources import KeyPath

KEYS = {
    "answer": Field("boolean", "The right answer: true or false"),
    "feedback_true": Field("text", "Shown when the learner answers true", default=""),
    "feedback_false": Field("text", "Shown when the learner answers false", default=""),
}


@dataclass(frozen=True, kw_only=True)
class TrueFalse(Question):
    type: ClassVar[str] = "true_false"
    SECRET = Question.SECRET | {"answer", "feedback_true", "feedback_false"}
    answer: bool | None = None
    feedback_true: str = ""
    feedback_false: str = ""

    @property
    def has_key(self) -> bool:
        return self.answer is not None


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    if data["answer"] is None and ctx.graded:
        ctx.error(path, _("missing key `answer`"), _("add `answer: true` or `answer: false`"))
        return None
    return TrueFalse(
        answer=data["answer"],
        feedback_true=ctx.render((*path, "feedback_true"), data["feedback_true"])
        if data["feedback_true"]
        else "",
        feedback_false=ctx.render((*path, "feedback_false"), data["feedback_false"])
        if data["feedback_false"]
        else "",
        **common,
    )


def read(question: TrueFalse, form: Form) -> bool | None:
    return {"true": True, "false": False}.get(cut_text(form.get(field_name(question)), 5))


def grade(question: TrueFalse, response: Any) -> Grade:
    if not isinstance(response, bool):
        return Grade(
            0.0,
            False if question.has_key else None,
            False,
            feedback=verdict(question, 0.0) if question.has_key else (),
        )
    own = question.feedback_true if response else question.feedback_false
    extra = (own,) if own else ()
    if not question.has_key:
        return Grade(0.0, None, True, feedback=extra)
    right = response == question.answer
    score = 1.0 if right else 0.0
    return Grade(score, right, True, (right,), verdict(question, score, extra))


def tally(question: TrueFalse, responses: list[Any]) -> Tally:
    """True, then False, with the times each was answered. Their labels are in the engine's
    language (`engine.i18n.in_language`: a live session shows them in the course's)."""
    return [
        (
            str(value).lower(),
            _(label),
            sum(1 for r in responses if isinstance(r, bool) and r == value),
            question.answer is value,
        )
        for value, label in ((True, N_("True")), (False, N_("False")))
    ]


def right_values(question: TrueFalse) -> list[str]:
    return [] if question.answer is None else [str(question.answer).lower()]


def answer_key(question: TrueFalse, language: str) -> list[str]:
    """ "True" or "False", in the course's language."""
    if question.answer is None:
        return []
    tr = translator(language).gettext
    return [escape(tr("True") if question.answer else tr("False"))]


TYPE = QuestionType(
    order=30,
    model=TrueFalse,
    keys=KEYS,
    build=build,
    read=read,
    grade=grade,
    tally=tally,
    right_values=right_values,
    answer_key=answer_key,
)
