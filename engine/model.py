"""The course model: immutable data that the player and every exporter read.

Built once by `engine.loader` (read, validate, render); nothing downstream parses an author's
file again. Texts meant for display are already rendered to safe HTML here.

Two serialisers keep the answer key where it belongs: `to_public_dict()` leaves out every
field that would reveal an answer (for the player's pages, before submission), and
`to_runtime_dict()` keeps them (for SCORM and kit packages, which grade in the browser).
"""

from __future__ import annotations

from collections.abc import Iterator
from dataclasses import dataclass, field, fields
from pathlib import Path
from typing import Any, ClassVar

Dataclass = type  # `type` is also a field name below, so the builtin gets an alias

# --- questions ------------------------------------------------------------------------


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
        {"explanation", "feedback_correct", "feedback_wrong"})
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
        return {"type": self.type, **_to_dict(self, public=False)}

    def to_public_dict(self) -> dict[str, Any]:
        return {"type": self.type, **_to_dict(self, public=True)}


@dataclass(frozen=True, kw_only=True)
class SingleChoice(Question):
    type: ClassVar[str] = "single_choice"
    NESTED: ClassVar[dict[str, Dataclass]] = {"options": Option}
    options: tuple[Option, ...] = ()

    @property
    def has_key(self) -> bool:
        return any(o.correct for o in self.options)


@dataclass(frozen=True, kw_only=True)
class MultipleChoice(SingleChoice):
    type: ClassVar[str] = "multiple_choice"
    scoring: str = "partial"


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


@dataclass(frozen=True, kw_only=True)
class ShortAnswer(Question):
    type: ClassVar[str] = "short_answer"
    SECRET = Question.SECRET | {"answers", "patterns"}
    answers: tuple[str, ...] = ()
    patterns: tuple[str, ...] = ()
    case_sensitive: bool = False
    ignore_accents: bool = False


@dataclass(frozen=True, kw_only=True)
class Numeric(Question):
    type: ClassVar[str] = "numeric"
    SECRET = Question.SECRET | {"answer", "tolerance"}
    answer: float = 0
    tolerance: float = 0


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


@dataclass(frozen=True, kw_only=True)
class Ordering(Question):
    """Items are listed sorted by text; `solution` is the right order of their ids."""

    type: ClassVar[str] = "ordering"
    SECRET = Question.SECRET | {"solution"}
    NESTED: ClassVar[dict[str, Dataclass]] = {"items": Choice}
    items: tuple[Choice, ...] = ()
    solution: tuple[str, ...] = ()
    scoring: str = "all_or_nothing"


@dataclass(frozen=True, kw_only=True)
class FillBlanks(Question):
    """`segments` are HTML pieces; blank i stands between segments i and i+1."""

    type: ClassVar[str] = "fill_blanks"
    NESTED: ClassVar[dict[str, Dataclass]] = {"blanks": Blank}
    segments: tuple[str, ...] = ()
    blanks: tuple[Blank, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Likert(Question):
    type: ClassVar[str] = "likert"
    NESTED: ClassVar[dict[str, Dataclass]] = {"statements": Choice}
    SCORED: ClassVar[bool] = False
    statements: tuple[Choice, ...] = ()
    scale: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Open(Question):
    type: ClassVar[str] = "open"
    SCORED: ClassVar[bool] = False
    min_words: int = 0


QUESTION_CLASSES: dict[str, type[Question]] = {
    cls.type: cls for cls in (SingleChoice, MultipleChoice, TrueFalse, ShortAnswer, Numeric,
                              Matching, Ordering, FillBlanks, Likert, Open)
}


def question_from_runtime(data: dict[str, Any]) -> Question:
    """Rebuild a question from its runtime dict (the shape of tests/vectors/grading.json)."""
    cls = QUESTION_CLASSES[data["type"]]
    kwargs: dict[str, Any] = {}
    for f in fields(cls):
        if f.name not in data:
            continue
        value = data[f.name]
        if f.name in cls.NESTED:
            nested = cls.NESTED[f.name]
            value = tuple(nested(**{k: (tuple(v) if isinstance(v, list) else v)
                                    for k, v in item.items()}) for item in value)
        elif isinstance(value, list):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        kwargs[f.name] = value
    return cls(**kwargs)


def _to_dict(obj: Any, *, public: bool) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for f in fields(obj):
        if public and f.name in obj.SECRET:
            continue
        out[f.name] = _plain(getattr(obj, f.name), public)
    return out


def _plain(value: Any, public: bool) -> Any:
    if isinstance(value, tuple):
        return [_plain(v, public) for v in value]
    if hasattr(value, "__dataclass_fields__"):
        return _to_dict(value, public=public)
    return value


# --- quizzes, lessons, courses ---------------------------------------------------------


@dataclass(frozen=True, kw_only=True)
class Outcome:
    """A band of a survey's summed score, e.g. "G1: gender is a significant objective"."""

    min: float
    max: float
    title: str
    text: str = ""

    def contains(self, total: float) -> bool:
        return self.min - 1e-9 <= total <= self.max + 1e-9


@dataclass(frozen=True, kw_only=True)
class Quiz:
    id: str  # file path without extension, relative to the course folder
    source: str  # file path relative to the course folder
    title: str
    kind: str = "graded"
    pass_mark: float = 0.8
    max_attempts: int = 0
    shuffle_questions: bool = False
    shuffle_options: bool = False
    draw: int | None = None
    feedback: str = "after_submit"
    outcomes: tuple[Outcome, ...] = ()
    questions: tuple[Question, ...] = ()

    kind_name: ClassVar[str] = "quiz"

    @property
    def graded(self) -> bool:
        return self.kind == "graded"

    def question(self, question_id: str) -> Question | None:
        return next((q for q in self.questions if q.id == question_id), None)

    def outcome_for(self, total: float) -> Outcome | None:
        return next((o for o in self.outcomes if o.contains(total)), None)

    def to_runtime_dict(self) -> dict[str, Any]:
        return self._dict(public=False)

    def to_public_dict(self) -> dict[str, Any]:
        return self._dict(public=True)

    def _dict(self, *, public: bool) -> dict[str, Any]:
        data = {f.name: _plain(getattr(self, f.name), public) for f in fields(self)
                if f.name != "questions"}
        data["questions"] = [q.to_public_dict() if public else q.to_runtime_dict()
                             for q in self.questions]
        return data


@dataclass(frozen=True, kw_only=True)
class Lesson:
    """A rendered lesson. `html` is what learners see; `facilitator_html` adds the
    facilitator blocks in place; `facilitator_notes` are those blocks alone (for the guide)."""

    id: str
    source: str
    title: str
    html: str
    facilitator_html: str
    facilitator_notes: tuple[str, ...] = ()
    duration: int | None = None
    objectives: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # course-relative paths of the media it uses

    kind_name: ClassVar[str] = "lesson"


Item = Lesson | Quiz


@dataclass(frozen=True, kw_only=True)
class Module:
    title: str
    items: tuple[Item, ...]


@dataclass(frozen=True, kw_only=True)
class Completion:
    lessons: str = "all"  # all | none
    quizzes: str = "passed"  # passed | attempted | none


@dataclass(frozen=True, kw_only=True)
class Course:
    id: str
    root: Path
    title: str
    language: str = "fr"
    version: str = "1.0"
    description: str = ""
    objectives: tuple[str, ...] = ()
    audience: tuple[str, ...] = ()
    duration: int | None = None
    authors: tuple[str, ...] = ()
    license: str = ""
    tags: tuple[str, ...] = ()
    sdg: tuple[int, ...] = ()
    allow_html: bool = False
    completion: Completion = field(default_factory=Completion)
    modules: tuple[Module, ...] = ()

    def items(self) -> Iterator[Item]:
        for module in self.modules:
            yield from module.items

    @property
    def lessons(self) -> tuple[Lesson, ...]:
        return tuple(i for i in self.items() if isinstance(i, Lesson))

    @property
    def quizzes(self) -> tuple[Quiz, ...]:
        return tuple(i for i in self.items() if isinstance(i, Quiz))

    def item(self, item_id: str) -> Item | None:
        return next((i for i in self.items() if i.id == item_id), None)

    @property
    def files(self) -> tuple[str, ...]:
        """Every media file the lessons use, once, sorted: what a package must carry."""
        return tuple(sorted({f for lesson in self.lessons for f in lesson.files}))


@dataclass(frozen=True, kw_only=True)
class TrainingPath:
    """A parcours: an ordered list of courses for one audience."""

    id: str
    title: str
    description: str = ""
    courses: tuple[str, ...] = ()


@dataclass(frozen=True, kw_only=True)
class Library:
    """All the courses of a folder and its training paths."""

    root: Path
    courses: tuple[Course, ...] = ()
    paths: tuple[TrainingPath, ...] = ()

    def course(self, course_id: str) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)
