"""ordering: items to put in the right order; all or nothing by default."""

from __future__ import annotations

from dataclasses import dataclass
from html import escape
from typing import Any, ClassVar

from engine.fields import Field, texts
from engine.i18n import _, translator
from engine.questions.base import (
    EPSILON,
    Choice,
    Dataclass,
    Grade,
    Question,
    QuestionType,
    Shuffler,
    verdict,
)
from engine.questions.building import LETTERS, QuizContext, sorted_choices
from engine.questions.reading import Form, field_name, one_of
from engine.sources import KeyPath

KEYS = {
    "items": texts("Items in the right order", required=True, min_items=2),
    "scoring": Field(
        "enum",
        "all_or_nothing, or partial credit",
        default="all_or_nothing",
        choices=("all_or_nothing", "partial"),
    ),
}


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    """Items are listed sorted by text; `solution` is the right order of their ids."""

    type: ClassVar[str] = "ordering"
    SECRET = Question.SECRET | {"solution"}
    NESTED: ClassVar[dict[str, Dataclass]] = {"items": Choice}
    items: tuple[Choice, ...] = ()
    solution: tuple[str, ...] = ()
    scoring: str = "all_or_nothing"


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    items = data["items"]
    if len(items) > len(LETTERS):
        ctx.error(
            (*path, "items"),
            _("too many items ({n}); at most {max}").format(n=len(items), max=len(LETTERS)),
        )
        return None
    for i, item in enumerate(items):
        if item in items[:i]:
            ctx.error(
                (*path, "items", i),
                _("the same item is listed twice"),
                _("each item must be different, or the right order is ambiguous"),
            )
            return None
    choices = sorted_choices(ctx, [((*path, "items", i), t) for i, t in enumerate(items)])
    return Ordering(
        items=tuple(sorted(choices.values(), key=lambda c: c.id)),
        solution=tuple(choices[t].id for t in items),
        scoring=data["scoring"],
        **common,
    )


def read(question: Ordering, form: Form) -> list[str]:
    items = {i.id for i in question.items}
    return [
        value if one_of(value := form.get(field_name(question, str(i + 1))), items) else ""
        for i in range(len(question.items))
    ]


def grade(question: Ordering, response: Any) -> Grade:
    given = response if isinstance(response, list) else []
    parts = tuple(i < len(given) and given[i] == item for i, item in enumerate(question.solution))
    # As matching: answered once an item is placed. A form reads an unplaced position as ""
    # (its select left on "Choose…"), so a list of blanks is unanswered, like a blank text.
    items = {c.id for c in question.items}
    answered = any(isinstance(v, str) and v in items for v in given)
    if question.scoring == "partial":
        score = sum(parts) / len(parts) if parts else 0.0
    else:
        score = 1.0 if all(parts) and len(given) == len(question.solution) else 0.0
    return Grade(score, score >= 1 - EPSILON, answered, parts, verdict(question, score))


def part_order(question: Ordering, shuffle_options: bool, rng: Shuffler) -> tuple[str, ...]:
    """Always shuffled, never shown in the right order: that would give the answer away."""
    ids = [c.id for c in question.items]
    shuffled = rng.shuffle(ids)
    if list(shuffled) == list(question.solution):
        shuffled = shuffled[1:] + shuffled[:1]
    return tuple(shuffled)


def form_parts(question: Ordering) -> list[tuple[int | str, str]]:
    return [(i, field_name(question, str(i + 1))) for i in range(len(question.items))]


def answer_key(question: Ordering, language: str) -> list[str]:
    """The items in the right order, numbered: "1. <first item>"."""
    texts = {c.id: c.text for c in question.items}
    return [f"{rank}. {texts[item]}" for rank, item in enumerate(question.solution, start=1)]


def part_labels(question: Ordering, language: str) -> list[str]:
    """The positions its grade scores one by one: "Position 1", "Position 2"..."""
    tr = translator(language).gettext
    return [escape(tr("Position %(n)s") % {"n": n}) for n in range(1, len(question.solution) + 1)]


def part_answers(question: Ordering, response: Any) -> list[str]:
    """The item placed at each position, "" where none is."""
    texts = {c.id: c.text for c in question.items}
    given = response if isinstance(response, list) else []
    return [
        texts.get(given[i], "") if i < len(given) and isinstance(given[i], str) else ""
        for i in range(len(question.solution))
    ]


TYPE = QuestionType(
    order=70,
    model=Ordering,
    keys=KEYS,
    build=build,
    read=read,
    grade=grade,
    part_order=part_order,
    form_parts=form_parts,
    answer_key=answer_key,
    part_labels=part_labels,
    part_answers=part_answers,
)
