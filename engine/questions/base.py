"""What every question type shares: the model's base classes, the grade, and `QuestionType`,
the record a type module fills in to register itself (see `engine.questions`).

A question type is a unit, the way a CTFd challenge type is one plugin: its module
(`engine/questions/<type>.py`) declares its keys, its model class, its checks and build, its
form reading, its grader and the display order of its parts; its partial is
`engine/templates/content/questions/<type>.html`. Nothing else in the engine branches on
types: loading, validation, grading, form reading and attempt plans look the type up in the
registry.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, fields
from typing import TYPE_CHECKING, Any, ClassVar, Protocol

from engine.fields import Field

if TYPE_CHECKING:
    from engine.questions.building import QuizContext
    from engine.sources import KeyPath

Dataclass = type  # `type` is also a field name below, so the builtin gets an alias

# --- the model ------------------------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Option:
    """A choice of a single_choice or multiple_choice question; `id` is a letter a-z."""

    id: str
    text: str
    correct: bool = False
    feedback: str = ""
    score: float | None = None
    SECRET: ClassVar[frozenset[str]] = frozenset({"correct", "feedback", "score"})


@dataclass(frozen=True, kw_only=True)
class Choice:
    """A labelled item: a matching side, an ordering item, a likert statement."""

    id: str
    text: str
    SECRET: ClassVar[frozenset[str]] = frozenset()


@dataclass(frozen=True, kw_only=True)
class Blank:
    id: str
    answers: tuple[str, ...]
    SECRET: ClassVar[frozenset[str]] = frozenset({"answers"})


@dataclass(frozen=True, kw_only=True)
class Question:
    """Fields every question has. `prompt`, `explanation` and feedbacks are HTML."""

    type: ClassVar[str] = ""
    SECRET: ClassVar[frozenset[str]] = frozenset(
        {"explanation", "feedback_correct", "feedback_wrong"}
    )
    NESTED: ClassVar[dict[str, Dataclass]] = {}
    SCORED: ClassVar[bool] = True

    id: str
    prompt: str = ""
    points: float = 1
    explanation: str = ""
    feedback_correct: str = ""
    feedback_wrong: str = ""

    @property
    def has_key(self) -> bool:
        """Whether the question has a right answer to grade against."""
        return self.SCORED

    def to_runtime_dict(self) -> dict[str, Any]:
        return {"type": self.type, **to_dict(self, public=False)}

    def to_public_dict(self) -> dict[str, Any]:
        return {"type": self.type, **to_dict(self, public=True)}


def to_dict(obj: Any, *, public: bool) -> dict[str, Any]:
    """A model dataclass as plain data; `public` leaves out the fields its SECRET names."""
    out: dict[str, Any] = {}
    for f in fields(obj):
        if public and f.name in obj.SECRET:
            continue
        out[f.name] = to_plain(getattr(obj, f.name), public)
    return out


def to_plain(value: Any, public: bool) -> Any:
    if isinstance(value, tuple):
        return [to_plain(v, public) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return to_dict(value, public=public)
    return value


# --- grading ----------------------------------------------------------------------------

EPSILON = 1e-9  # scores are compared to it, in both languages


@dataclass(frozen=True)
class Grade:
    """The result of one answer.

    `score` is the share (0..1) of the question's points earned; `correct` is None when the
    question has no right answer (likert, open, survey choices); `parts` tells, per option,
    pair, item or blank, whether the learner got that part right; `feedback` lists the HTML
    texts to show, in order; `survey_score` sums the `score` of the options picked.
    """

    score: float
    correct: bool | None
    answered: bool
    parts: tuple[bool, ...] = ()
    feedback: tuple[str, ...] = ()
    survey_score: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        return {
            "score": self.score,
            "correct": self.correct,
            "answered": self.answered,
            "parts": list(self.parts),
            "feedback": list(self.feedback),
            "survey_score": self.survey_score,
        }


def verdict(question: Question, score: float, extra: tuple[str, ...] = ()) -> tuple[str, ...]:
    """The feedback texts of a graded answer: the answer's own, then the question's."""
    right = score >= 1 - EPSILON
    general = question.feedback_correct if right else question.feedback_wrong
    return tuple(f for f in (*extra, general) if f)


def text_of(response: Any) -> str:
    """A typed response, or "" for anything that is not a text."""
    return response if isinstance(response, str) else ""


def ids_of(response: Any) -> list[str]:
    """The distinct string ids of a list response, in order."""
    if not isinstance(response, list):
        return []
    seen: list[str] = []
    for item in response:
        if isinstance(item, str) and item not in seen:
            seen.append(item)
    return seen


# --- the registry's record --------------------------------------------------------------


class Shuffler(Protocol):
    """The seeded generator of an attempt (`engine.rules.SeededRandom`)."""

    def shuffle(self, items: Iterable[Any]) -> list[Any]: ...


# Tallies for the facilitators' item analysis: (part id, text, times picked, right).
Tally = list[tuple[str, str, int, bool]]


@dataclass(frozen=True)
class ScaleTally:
    """How a group placed each part of a question on a scale, for the dashboard: the
    scale's labels, then (part id, text, learners at each point of the scale, from the
    first label) for each part."""

    scale: tuple[str, ...]
    parts: list[tuple[str, str, list[int]]]


if TYPE_CHECKING:
    Builder = Callable[[QuizContext, KeyPath, dict[str, Any], dict[str, Any]], Question | None]
    PartOrder = Callable[[Any, bool, Shuffler], tuple[str, ...]]


@dataclass(frozen=True)
class QuestionType:
    """One question type, as its module registers it in `engine.questions.TYPES`.

    - `order`: its place in lists of types (messages, the JSON Schema, the guides);
    - `keys`: the keys its YAML takes besides the common ones (`engine.schema` adds them to
      the quiz's declaration, `liane check` and the editors' JSON Schema);
    - `build(ctx, path, data, common)`: checks the validated keys and makes the model, or
      reports problems to `ctx` and returns None;
    - `read(question, form)`: the response in a submitted form, in the grader's shape,
      bounded by the question (`engine.responses`);
    - `grade(question, response)`: a pure `Grade` (`engine.grading`);
    - `part_order(question, shuffle_options, rng)`: the display order of its parts for one
      attempt (`engine.rules.plan_attempt`); None when it has no parts to order;
    - `tally(question, responses)`: how often each part was picked, for the item analysis
      of the dashboard; None when that means nothing for the type;
    - `compared_text(question, response)`: a typed response as the grader compares it (the
      normalised text, the number read), or None when nothing was typed: the dashboard
      groups the wrong answers typed differently but graded the same; None for types
      answered by picking;
    - `scale_tally(question, responses)`: where the group placed each part on the
      question's scale (`ScaleTally`), for the dashboard; None for types without a scale;
    - `free_text`: its answers are texts facilitators read one by one (the open answers page);
    - `part_labels(question, language)`: a short label (safe HTML, plain words in `language`)
      for each part its grade scores, in the order of `Grade.parts`: live sessions draw the
      share right per part against them (ordering's positions, matching's left items,
      blanks); None for types whose parts are not shown one by one;
    - `part_answers(question, response)`: what the response gives for each of those parts,
      as safe HTML ("" for a part left empty), for reports that read an answer as text;
      set with `part_labels`;
    - `form_parts(question)`: for a question answered in several fields, [key in the
      response (an index for a list), field name] of each, as `read` reads them (packages'
      runtime reads and restores forms with it); None: one field, `q-<question id>`;
    - `right_values(question)`: the input values that are right answers, which the
      packages' runtime marks once it may reveal them; none for most types;
    - `answer_key(question, language)`: its right answers as short lines of safe HTML, for
      answer keys on paper and the facilitator's projection (`engine.grading.answer_key`);
      None only for types that have no right answer (`SCORED = False`: open, likert), which
      a guard test checks.
    """

    model: type[Question]
    keys: Mapping[str, Field]
    order: int  # where it is listed: messages ("known types"), the JSON Schema, the guides
    build: Builder
    read: Callable[[Any, Any], Any]
    grade: Callable[[Any, Any], Grade]
    part_order: PartOrder | None = None
    tally: Callable[[Any, list[Any]], Tally] | None = None
    compared_text: Callable[[Any, Any], str | None] | None = None
    scale_tally: Callable[[Any, list[Any]], ScaleTally] | None = None
    free_text: bool = False
    part_labels: Callable[[Any, str], list[str]] | None = None
    part_answers: Callable[[Any, Any], list[str]] | None = None
    form_parts: Callable[[Any], list[tuple[int | str, str]]] | None = None
    right_values: Callable[[Any], list[str]] | None = None
    answer_key: Callable[[Any, str], list[str]] | None = None

    @property
    def name(self) -> str:
        return self.model.type
