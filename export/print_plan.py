"""The timed plan of a workshop (the "déroulé pédagogique" of the facilitator guide): each
lesson and quiz with its duration, the time elapsed before and after it, and the clock times
when the facilitator gives the start of the session.

Durations come from the course: a lesson's `duration`, a quiz's `duration`; a quiz without
one is estimated from its questions (`quiz_minutes`). A lesson without a duration adds
nothing to the clock and shows no duration: the plan says what the author wrote, no more.
"""

from __future__ import annotations

import datetime
import math
from dataclasses import dataclass

from engine.model import Course, Item, Lesson, Quiz
from engine.questions import question_type

# Minutes a participant needs per question when the quiz gives no duration: one for a
# question answered with one tick or a few words, two for one answered in several parts
# (matching, ordering, blanks, a likert grid), three for a free text to write.
MINUTES_ONE_FIELD = 1
MINUTES_SEVERAL_PARTS = 2
MINUTES_FREE_TEXT = 3
NOON = datetime.time(12, 30)  # a session that starts before and ends after has two half-days


def quiz_minutes(quiz: Quiz) -> int:
    """The quiz's `duration`, else an estimate from its questions.

    The estimate reads the question types' traits in the registry (a free text, several
    fields) rather than their names; a quiz that draws n questions counts the average
    question n times, rounded up.
    """
    if quiz.duration is not None:
        return quiz.duration
    per_question = []
    for question in quiz.questions:
        kind = question_type(question)
        if kind.free_text:
            per_question.append(MINUTES_FREE_TEXT)
        elif kind.form_parts is not None:
            per_question.append(MINUTES_SEVERAL_PARTS)
        else:
            per_question.append(MINUTES_ONE_FIELD)
    if not per_question:
        return 0
    if quiz.draw is not None and quiz.draw < len(per_question):
        return math.ceil(sum(per_question) / len(per_question) * quiz.draw)
    return sum(per_question)


def item_minutes(item: Item) -> int | None:
    return item.duration if isinstance(item, Lesson) else quiz_minutes(item)


@dataclass(frozen=True)
class Step:
    """One row of the plan."""

    number: int
    item: Item
    minutes: int | None
    elapsed_before: int  # minutes since the start of the session
    elapsed_after: int
    clock: str  # "14 h 00 – 14 h 15", or "" without a start time

    @property
    def is_lesson(self) -> bool:
        return isinstance(self.item, Lesson)

    @property
    def method(self) -> str:
        sheet = self.item.sheet if isinstance(self.item, Lesson) else None
        return sheet.method if sheet else ""

    @property
    def materials(self) -> tuple[str, ...]:
        sheet = self.item.sheet if isinstance(self.item, Lesson) else None
        return sheet.materials if sheet else ()


@dataclass(frozen=True)
class PlanModule:
    """A module's rows: the plan's table draws each as one row group under its title."""

    title: str
    steps: tuple[Step, ...]


@dataclass(frozen=True)
class Plan:
    modules: tuple[PlanModule, ...]
    total: int  # minutes
    start: datetime.time | None
    end: datetime.time | None

    @property
    def steps(self) -> tuple[Step, ...]:
        return tuple(step for module in self.modules for step in module.steps)

    @property
    def half_days(self) -> tuple[str, ...]:
        """Which half-days the session covers, "morning" and/or "afternoon": both when the
        start is not known (the attendance sheet then has a column for each)."""
        if self.start is None or self.end is None:
            return ("morning", "afternoon")
        covered = []
        if self.start < NOON:
            covered.append("morning")
        if self.end > NOON or self.start >= NOON:
            covered.append("afternoon")
        return tuple(covered)


def clock_time(time: datetime.time, language: str) -> str:
    """ "14 h 05" in French (with no-break spaces), "14:05" otherwise."""
    if language.lower().startswith("fr"):
        return f"{time.hour}\u00a0h\u00a0{time.minute:02d}"
    return f"{time.hour}:{time.minute:02d}"


def _after(start: datetime.time, minutes: int) -> datetime.time:
    moment = datetime.datetime.combine(datetime.date(2000, 1, 1), start)
    return (moment + datetime.timedelta(minutes=minutes)).time()


def build_plan(course: Course, start: datetime.time | None = None) -> Plan:
    """The course's items in order, timed from 0 (and from `start` on the clock)."""
    modules = []
    elapsed = 0
    number = 0
    for module in course.modules:
        steps = []
        for item in module.items:
            number += 1
            minutes = item_minutes(item)
            after = elapsed + (minutes or 0)
            clock = ""
            if start is not None:
                clock = (
                    f"{clock_time(_after(start, elapsed), course.language)}"
                    f" – {clock_time(_after(start, after), course.language)}"
                )
            steps.append(Step(number, item, minutes, elapsed, after, clock))
            elapsed = after
        modules.append(PlanModule(module.title, tuple(steps)))
    end = _after(start, elapsed) if start is not None else None
    return Plan(tuple(modules), elapsed, start, end)
