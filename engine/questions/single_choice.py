"""single_choice: options, exactly one of them right (or none, in a survey quiz).

Its options, their building and display order are shared with multiple_choice, which
extends this type.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any, ClassVar

from engine.errors import warning
from engine.fields import Field, Shape
from engine.i18n import _
from engine.questions.base import (
    Dataclass,
    Grade,
    Option,
    Question,
    QuestionType,
    Shuffler,
    Tally,
    verdict,
)
from engine.questions.building import LETTERS, QuizContext
from engine.questions.reading import Form, field_name, one_of
from engine.sources import KeyPath

OPTION = Shape(
    {
        "text": Field("text", "Text of the option (Markdown)", required=True),
        "correct": Field("boolean", "Whether this option is right", default=False),
        "feedback": Field("text", "Shown when the learner picks this option", default=""),
        "score": Field("number", "Points this option adds in a survey quiz"),
    },
    name="option",
)

OPTIONS_HINT = "write at least 2 options, each on its own line starting with `- text:`"

KEYS = {
    "options": Field(
        "list",
        "Options; exactly one is correct",
        required=True,
        min_items=2,
        items=OPTION,
        hint=OPTIONS_HINT,
    ),
}


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    type: ClassVar[str] = "single_choice"
    NESTED: ClassVar[dict[str, Dataclass]] = {"options": Option}
    options: tuple[Option, ...] = ()

    @property
    def has_key(self) -> bool:
        return any(o.correct for o in self.options)


def build_options(ctx: QuizContext, path: KeyPath, data: dict[str, Any]) -> tuple[Option, ...]:
    raw = data["options"]
    if len(raw) > len(LETTERS):
        ctx.error(
            (*path, "options"),
            _("too many options ({n}); at most {max}").format(n=len(raw), max=len(LETTERS)),
        )
    options = []
    for i, option in enumerate(raw[: len(LETTERS)]):
        where = (*path, "options", i)
        if option["score"] is not None and ctx.graded:
            ctx.problems.append(
                warning(
                    ctx.pos((*where, "score"), key=True),
                    _("`score` only counts in survey quizzes"),
                    _("remove it, or set `kind: survey` on the quiz"),
                )
            )
        options.append(
            Option(
                id=LETTERS[i],
                text=ctx.render((*where, "text"), option["text"], inline=True),
                correct=option["correct"],
                feedback=ctx.render((*where, "feedback"), option["feedback"])
                if option["feedback"]
                else "",
                score=option["score"],
            )
        )
    return tuple(options)


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    options = build_options(ctx, path, data)
    right = [i for i, o in enumerate(options) if o.correct]
    if len(right) > 1:
        ctx.error(
            (*path, "options", right[1], "correct"),
            _("a single_choice question needs exactly one correct option, found {n}").format(
                n=len(right)
            ),
            _("keep `correct: true` on one option only, or use `type: multiple_choice`"),
        )
        return None
    if not right and ctx.graded:
        ctx.error(
            (*path, "options"),
            _("no option is marked `correct: true`"),
            _("add `correct: true` under the right option"),
        )
        return None
    return SingleChoice(options=options, **common)


def read(question: SingleChoice, form: Form) -> str | None:
    value = form.get(field_name(question))
    return value if one_of(value, {o.id for o in question.options}) else None


def grade(question: SingleChoice, response: Any) -> Grade:
    picked = next((o for o in question.options if o.id == response), None)
    if picked is None:
        return Grade(
            0.0,
            False if question.has_key else None,
            False,
            feedback=verdict(question, 0.0) if question.has_key else (),
        )
    survey = picked.score or 0.0
    if not question.has_key:
        return Grade(
            0.0,
            None,
            True,
            feedback=(picked.feedback,) if picked.feedback else (),
            survey_score=survey,
        )
    score = 1.0 if picked.correct else 0.0
    extra = (picked.feedback,) if picked.feedback else ()
    return Grade(
        score, picked.correct, True, (picked.correct,), verdict(question, score, extra), survey
    )


def option_order(question: SingleChoice, shuffle_options: bool, rng: Shuffler) -> tuple[str, ...]:
    ids = [o.id for o in question.options]
    return tuple(rng.shuffle(ids)) if shuffle_options else tuple(ids)


def tally_options(question: SingleChoice, picks: Iterable[Any]) -> Tally:
    """Each option with the times it was picked, from the option ids given."""
    times: dict[str, int] = defaultdict(int)
    for oid in picks:
        if isinstance(oid, str):
            times[oid] += 1
    return [(o.id, o.text, times[o.id], o.correct) for o in question.options]


def tally(question: SingleChoice, responses: list[Any]) -> Tally:
    return tally_options(question, responses)


def right_values(question: SingleChoice) -> list[str]:
    return [o.id for o in question.options if o.correct]


def answer_key(question: SingleChoice, language: str) -> list[str]:
    """Each right option as "B. <its text>": the letter of its place in the authored order,
    the order printed sheets show (option ids are those letters, lower case)."""
    return [f"{o.id.upper()}. {o.text}" for o in question.options if o.correct]


TYPE = QuestionType(
    order=10,
    model=SingleChoice,
    keys=KEYS,
    build=build,
    read=read,
    grade=grade,
    part_order=option_order,
    tally=tally,
    right_values=right_values,
    answer_key=answer_key,
)
