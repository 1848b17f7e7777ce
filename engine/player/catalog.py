"""The catalog: training paths and courses, with the learner's progress in each.

What is assigned to the learner comes first ("À faire" / "To do", engine/player/todo.py):
each assigned path or course with its due date, "late" when past it and not completed, and
the progress. The rest follows, without repeating it: the paths not assigned, then the
courses neither assigned nor in an assigned path (headed "Other ..." when there is a to-do
list). Paths and courses come in the authors' `order` (smaller first, those without one
last), then by title as a reader sorts it: accents and case aside ("Économie" between
"Droit" and "Finances"). Drafts and `visibility: assigned` courses are listed for staff
with a badge; learners see a draft nowhere, an assigned-only course only when assigned.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TypeVar

from flask import Blueprint, render_template
from flask_login import current_user, login_required

from engine.comparison import strip_accents
from engine.model import Course, TrainingPath
from engine.player import progress
from engine.player import todo as todos
from engine.player.courses import assigned_to, library, visible_to
from engine.player.db import session

bp = Blueprint("catalog", __name__)
Listed = TypeVar("Listed", Course, TrainingPath)


def catalogue_order(entries: Sequence[Listed]) -> list[Listed]:
    """By `order`, then by title without accents nor case (ties: the title as written,
    then the id, so the order never depends on the folders' order on disk)."""

    def key(entry: Listed) -> tuple[bool, int, str, str, str]:
        title = entry.title.casefold()
        return (
            entry.order is None,
            entry.order or 0,
            strip_accents(title),
            title,
            entry.id,
        )

    return sorted(entries, key=key)


@bp.get("/")
@login_required
def index() -> str:
    lib = library()
    db = session()
    shown = catalogue_order([c for c in lib.courses if visible_to(c, current_user)])
    statuses = {c.id: progress.status(db, current_user.id, c) for c in shown}
    courses = {c.id: c for c in shown}
    todo = todos.todo_list(
        lib,
        assigned_to(current_user),
        status_of=lambda course: statuses[course.id],
        visible=lambda course: course.id in courses,
    )
    assigned_paths = {entry.target_id for entry in todo if entry.kind == "path"}
    above = {course.id for entry in todo for course, _status in entry.courses}
    paths = [
        (p, listed)
        for p in catalogue_order(lib.paths)
        if p.id not in assigned_paths
        and (listed := [courses[cid] for cid in p.courses if cid in courses])
    ]
    return render_template(
        "catalog/index.html",
        todo=todo,
        today=todos.today(),
        due_date=todos.due_date,
        courses=[c for c in shown if c.id not in above],
        paths=paths,
        statuses=statuses,
    )
