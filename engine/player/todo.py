"""A learner's "to do": the paths and courses assigned to them, each with its courses, the
learner's progress, its due date as they read it, and whether it is late.

The catalogue shows it first, and `liane remind` emails those near or past their due date:
both read completion here, so a path "done" in the catalogue is one `liane remind` leaves
alone. A path is completed when every course of it (that the learner may see) is; a path
whose courses are all gone from the library, or an assignment of a course or path that no
longer exists, is not listed (nothing to do, nothing to open).
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from datetime import date

from flask_babel import format_date

from engine.model import Course, Library
from engine.player.groups import Assigned
from engine.rules import CourseStatus


@dataclass(frozen=True)
class Todo:
    assigned: Assigned
    title: str
    courses: tuple[tuple[Course, CourseStatus], ...]  # the course, or the path's courses

    @property
    def kind(self) -> str:
        return self.assigned.kind

    @property
    def target_id(self) -> str:
        return self.assigned.target_id

    @property
    def due_on(self) -> date | None:
        return self.assigned.due_on

    @property
    def done(self) -> int:
        """How many of its courses are completed."""
        return sum(1 for _course, status in self.courses if status.completed)

    @property
    def completed(self) -> bool:
        return self.done == len(self.courses)

    def late(self, today: date) -> bool:
        """Past its due date and not completed: what "En retard" / "Late" marks."""
        return self.assigned.late(today) and not self.completed

    def near(self, today: date, days: int) -> bool:
        """Due within `days` days, or past, and not completed: what `liane remind` emails."""
        return self.due_on is not None and (self.due_on - today).days <= days and not self.completed


def todo_list(
    library: Library,
    assigned: Iterable[Assigned],
    status_of: Callable[[Course], CourseStatus],
    visible: Callable[[Course], bool],
) -> list[Todo]:
    """The assignments as the learner sees them, in their order (soonest due first)."""
    paths = {path.id: path for path in library.paths}
    found: list[Todo] = []
    for entry in assigned:
        if entry.kind == "course":
            course = library.course(entry.target_id)
            if course is None or not visible(course):
                continue
            title, courses = course.title, [course]
        else:
            path = paths.get(entry.target_id)
            if path is None:
                continue
            title = path.title
            courses = [
                c for cid in path.courses if (c := library.course(cid)) is not None and visible(c)
            ]
            if not courses:
                continue
        found.append(Todo(entry, title, tuple((c, status_of(c)) for c in courses)))
    return found


def today() -> date:
    """The server's day, which due dates are compared with (a function: tests move it)."""
    return date.today()


def due_date(day: date, today: date) -> str:
    """A due date in the reader's language (Flask-Babel's locale): "15 mars" / "15 March",
    with the year when it is not this year's ("15 mars 2027")."""
    return str(format_date(day, "d MMMM" if day.year == today.year else "d MMMM y"))
