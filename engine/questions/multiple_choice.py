"""multiple_choice: options, any number of them right; partial credit by default.

Its model extends SingleChoice's (same options, one more key), so code about options in
general takes both.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from engine.fields import Field
from engine.i18n import _
from engine.questions.base import EPSILON, Grade, Question, QuestionType, Tally, ids_of, verdict
from engine.questions.building import PARTIAL_SCORING, QuizContext
from engine.questions.reading import Form, field_name, one_of
from engine.questions.single_choice import (
    OPTION,
    OPTIONS_HINT,
    SingleChoice,
    answer_key,
    build_options,
    option_order,
    right_values,
    tally_options,
)
from engine.sources import KeyPath

KEYS = {
    "options": Field(
        "list",
        "Options; at least one is correct",
        required=True,
        min_items=2,
        items=OPTION,
        hint=OPTIONS_HINT,
    ),
    "scoring": PARTIAL_SCORING,
}


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(SingleChoice):
    type: ClassVar[str] = "multiple_choice"
    scoring: str = "partial"


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    options = build_options(ctx, path, data)
    if ctx.graded and not any(o.correct for o in options):
        ctx.error(
            (*path, "options"),
            _("no option is marked `correct: true`"),
            _("mark at least one right option with `correct: true`"),
        )
        return None
    return MultipleChoice(options=options, scoring=data["scoring"], **common)


def read(question: MultipleChoice, form: Form) -> list[str]:
    known = {o.id for o in question.options}
    return list(dict.fromkeys(v for v in form.getlist(field_name(question)) if one_of(v, known)))


def grade(question: MultipleChoice, response: Any) -> Grade:
    known = {o.id for o in question.options}
    picked = {i for i in ids_of(response) if i in known}
    chosen = [o for o in question.options if o.id in picked]
    survey = sum(o.score or 0.0 for o in chosen)
    extra = tuple(o.feedback for o in chosen if o.feedback)
    answered = bool(picked)
    if not question.has_key:
        return Grade(0.0, None, answered, feedback=extra, survey_score=survey)
    correct_ids = {o.id for o in question.options if o.correct}
    parts = tuple((o.id in picked) == o.correct for o in question.options)
    if question.scoring == "all_or_nothing":
        score = 1.0 if picked == correct_ids else 0.0
    else:
        right = len(picked & correct_ids)
        wrong = len(picked - correct_ids)
        score = max(0.0, (right - wrong) / len(correct_ids))
    return Grade(
        score,
        score >= 1 - EPSILON,
        answered,
        parts,
        verdict(question, score, extra) if answered else verdict(question, score),
        survey,
    )


def tally(question: MultipleChoice, responses: list[Any]) -> Tally:
    return tally_options(
        question,
        (oid for value in responses for oid in (value if isinstance(value, list) else [value])),
    )


TYPE = QuestionType(
    order=20,
    model=MultipleChoice,
    keys=KEYS,
    build=build,
    read=read,
    grade=grade,
    part_order=option_order,
    tally=tally,
    right_values=right_values,
    answer_key=answer_key,  # one line per right option, as single_choice
)
