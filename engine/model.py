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

from engine.questions import (
    TYPES,
    Blank,
    Choice,
    FillBlanks,
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Option,
    Ordering,
    Question,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from engine.questions.base import to_plain

# --- questions ------------------------------------------------------------------------
# Each type's class lives with the rest of the type in engine/questions/<type>.py; they are
# named here too, as part of the model every consumer reads.

QUESTION_CLASSES: dict[str, type[Question]] = {name: t.model for name, t in TYPES.items()}


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
            value = tuple(
                nested(**{k: (tuple(v) if isinstance(v, list) else v) for k, v in item.items()})
                for item in value
            )
        elif isinstance(value, list):
            value = tuple(tuple(v) if isinstance(v, list) else v for v in value)
        kwargs[f.name] = value
    return cls(**kwargs)


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
    duration: int | None = None  # minutes, for the facilitator guide's plan
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
        # `duration` plans a workshop (the facilitator guide reads the model): the browser
        # has no use for it, so the runtime's data stays as it was.
        data = {
            f.name: to_plain(getattr(self, f.name), public)
            for f in fields(self)
            if f.name not in ("questions", "duration")
        }
        data["questions"] = [
            q.to_public_dict() if public else q.to_runtime_dict() for q in self.questions
        ]
        return data


@dataclass(frozen=True, kw_only=True)
class ActivitySheet:
    """A lesson's "fiche d'animation": how a facilitator runs it with a group.

    Facilitator material, like the facilitator blocks: the workshop kit's guide prints it,
    learners never see it (it is in no public or runtime dict). `method` and `materials` are
    plain text; the other texts are rendered HTML (`debrief`: one inline HTML per question).
    """

    method: str = ""
    materials: tuple[str, ...] = ()
    preparation: str = ""
    instructions: str = ""
    debrief: tuple[str, ...] = ()
    vigilance: str = ""
    variants: str = ""


@dataclass(frozen=True, kw_only=True)
class Lesson:
    """A rendered lesson. `html` is what learners see; `facilitator_html` adds the
    facilitator blocks in place; `facilitator_notes` are those blocks alone (for the guide);
    `sheet` is its activity sheet, None when the front matter gives none of its keys."""

    id: str
    source: str
    title: str
    html: str
    facilitator_html: str
    facilitator_notes: tuple[str, ...] = ()
    duration: int | None = None
    objectives: tuple[str, ...] = ()
    files: tuple[str, ...] = ()  # course-relative paths of the media it uses
    sheet: ActivitySheet | None = None

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
    group_size: tuple[int, int] | None = None  # (min, max) participants; n gives (n, n)
    materials: tuple[str, ...] = ()  # what the room needs, plain text
    allow_html: bool = False
    status: str = "published"  # draft: staff only (engine/player/courses.py visible_to)
    # assigned: learners see the course only when it is assigned to them, directly or
    # through a path (engine/player/courses.py visible_to)
    visibility: str = "all"
    order: int | None = None  # place in the catalogue, before the title
    completion: Completion = field(default_factory=Completion)
    modules: tuple[Module, ...] = ()

    @property
    def is_draft(self) -> bool:
        return self.status == "draft"

    @property
    def assigned_only(self) -> bool:
        return self.visibility == "assigned"

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
    order: int | None = None  # place in the catalogue, before the title


@dataclass(frozen=True, kw_only=True)
class Library:
    """All the courses of a folder and its training paths."""

    root: Path
    courses: tuple[Course, ...] = ()
    paths: tuple[TrainingPath, ...] = ()

    def course(self, course_id: str) -> Course | None:
        return next((c for c in self.courses if c.id == course_id), None)


__all__ = [
    "QUESTION_CLASSES",
    "ActivitySheet",
    "Blank",
    "Choice",
    "Completion",
    "Course",
    "FillBlanks",
    "Item",
    "Lesson",
    "Library",
    "Likert",
    "Matching",
    "Module",
    "MultipleChoice",
    "Numeric",
    "Open",
    "Option",
    "Ordering",
    "Outcome",
    "Question",
    "Quiz",
    "ShortAnswer",
    "SingleChoice",
    "TrainingPath",
    "TrueFalse",
    "question_from_runtime",
]
