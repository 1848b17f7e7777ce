"""matching: pairs to match, left to right; extra right-hand choices may match nothing."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, ClassVar

from engine.fields import Field, Shape, texts
from engine.i18n import _
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
from engine.questions.building import LETTERS, PARTIAL_SCORING, QuizContext, sorted_choices
from engine.questions.reading import Form, field_name, one_of
from engine.sources import KeyPath

PAIR = Shape(
    {
        "left": Field("text", "Left-hand item", required=True),
        "right": Field("text", "Matching right-hand item", required=True),
    },
    name="pair",
)

KEYS = {
    "pairs": Field("list", "Pairs to match", required=True, min_items=2, items=PAIR),
    "distractors": texts("Extra right-hand choices that match nothing", default=()),
    "scoring": PARTIAL_SCORING,
}


@dataclass(frozen=True, kw_only=True)
class Matching(Question):
    """Lefts keep the author's order; rights are sorted by text, so ids reveal nothing."""

    type: ClassVar[str] = "matching"
    SECRET = Question.SECRET | {"solution"}
    NESTED: ClassVar[dict[str, Dataclass]] = {"lefts": Choice, "rights": Choice}
    lefts: tuple[Choice, ...] = ()
    rights: tuple[Choice, ...] = ()
    solution: tuple[tuple[str, str], ...] = ()  # (left id, right id)
    scoring: str = "partial"


def build(
    ctx: QuizContext, path: KeyPath, data: dict[str, Any], common: dict[str, Any]
) -> Question | None:
    pairs = data["pairs"]
    if len(pairs) > 9:
        ctx.error(
            (*path, "pairs"),
            _("too many pairs ({n}); at most 9").format(n=len(pairs)),
            _("split the question in two"),
        )
        return None
    rights = [((*path, "pairs", i, "right"), p["right"]) for i, p in enumerate(pairs)]
    rights += [((*path, "distractors", i), d) for i, d in enumerate(data["distractors"])]
    if len({text for _w, text in rights}) > len(LETTERS):
        ctx.error((*path, "distractors"), _("too many right-hand choices; at most 26"))
        return None
    choices = sorted_choices(ctx, rights)
    lefts = tuple(
        Choice(id=str(i + 1), text=ctx.render((*path, "pairs", i, "left"), p["left"], inline=True))
        for i, p in enumerate(pairs)
    )
    solution = tuple((str(i + 1), choices[p["right"]].id) for i, p in enumerate(pairs))
    return Matching(
        lefts=lefts,
        rights=tuple(sorted(choices.values(), key=lambda c: c.id)),
        solution=solution,
        scoring=data["scoring"],
        **common,
    )


def read(question: Matching, form: Form) -> dict[str, str]:
    rights = {r.id for r in question.rights}
    return {
        left.id: value
        for left in question.lefts
        if one_of(value := form.get(field_name(question, left.id)), rights)
    }


def grade(question: Matching, response: Any) -> Grade:
    given = response if isinstance(response, dict) else {}
    parts = tuple(given.get(left) == right for left, right in question.solution)
    rights = {c.id for c in question.rights}
    answered = any(v in rights for v in given.values() if isinstance(v, str))
    if question.scoring == "all_or_nothing":
        score = 1.0 if all(parts) else 0.0
    else:
        score = sum(parts) / len(parts) if parts else 0.0
    return Grade(score, score >= 1 - EPSILON, answered, parts, verdict(question, score))


def part_order(question: Matching, shuffle_options: bool, rng: Shuffler) -> tuple[str, ...]:
    """The right-hand choices, shuffled with the options."""
    ids = [c.id for c in question.rights]
    return tuple(rng.shuffle(ids)) if shuffle_options else tuple(ids)


def form_parts(question: Matching) -> list[tuple[int | str, str]]:
    return [(left.id, field_name(question, left.id)) for left in question.lefts]


def answer_key(question: Matching, language: str) -> list[str]:
    """One line per pair, in the authored order of the lefts: "left → right"."""
    lefts = {c.id: c.text for c in question.lefts}
    rights = {c.id: c.text for c in question.rights}
    return [f"{lefts[left]} → {rights[right]}" for left, right in question.solution]


def part_labels(question: Matching, language: str) -> list[str]:
    """The left items, in the order its grade scores the pairs."""
    lefts = {c.id: c.text for c in question.lefts}
    return [lefts[left] for left, _right in question.solution]


def part_answers(question: Matching, response: Any) -> list[str]:
    """The right-hand choice matched with each left item, "" where none is."""
    rights = {c.id: c.text for c in question.rights}
    given = response if isinstance(response, dict) else {}
    return [
        rights.get(value, "") if isinstance(value := given.get(left), str) else ""
        for left, _right in question.solution
    ]


TYPE = QuestionType(
    order=60,
    model=Matching,
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
