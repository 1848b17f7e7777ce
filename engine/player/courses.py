"""The courses, loaded once per process into `app.extensions`, and who may see each.

`liane serve --reload-courses` loads them again when a file changes. An author's typo must
not take a course offline in the middle of a session: a course whose files now have errors
keeps being served in its last good version (learners keep reading, its results stay on the
dashboard), and its problems are kept so facilitators and admins see them on its pages and
on the dashboard (templates/_course_notices.html) until they are fixed. A course broken from
the start has no version to serve: it is listed for staff with its problems, and is a 404
for everyone. Its problems are loaded once per interface language, so each staff member
reads them in theirs; the server's log says them in the server's language (engine.i18n).

Each process keeps its own last good versions: several gunicorn workers load the courses
each at its start, so a worker started after a file broke has none to serve.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, replace
from pathlib import Path

from flask import Flask, abort, current_app, g
from flask_login import current_user

from engine.errors import Problem
from engine.i18n import _, current_language, in_language
from engine.loader import is_course_dir, load_course, load_library
from engine.model import Course, Library
from engine.player.groups import Assigned, assignments_for


@dataclass(frozen=True)
class CourseProblems:
    """A course whose files have errors, as staff are told about it until they are fixed."""

    course_id: str
    title: str  # its last good version's, else its folder's name
    stale: bool  # True: its last good version is served; False: it is not served at all
    lines: dict[str, tuple[str, ...]]  # interface language -> `file:line:col: message (hint)`

    def lines_in(self, language: str) -> tuple[str, ...]:
        return self.lines.get(language) or next(iter(self.lines.values()), ())


@dataclass(frozen=True)
class StaffNotices:
    """What a page about a course (or the dashboard, about every course) tells staff."""

    draft: bool = False
    problems: tuple[CourseProblems, ...] = ()


def problem_line(problem: Problem, root: Path) -> str:
    """`file:line:col: message (hint)`, the file relative to the courses folder: the shape
    of `liane check`, without the severity word (only errors are listed)."""
    text = f"{problem.pos.display(root)}: {problem.message}"
    return f"{text} ({problem.hint})" if problem.hint else text


def load_courses(app: Flask) -> Library:
    """Load (or reload) the courses; a course that no longer loads keeps its last good
    version. Also gives templates `course_notices()` (idempotent: called at each reload)."""
    root = Path(app.config["COURSES_DIR"])
    previous: Library | None = app.extensions.get("liane.library")
    loaded, problems = load_library(root, partial=True)
    if loaded is None:
        loaded = Library(root=root.resolve())
    folders = _course_folders(root.resolve())
    served: list[Course] = []
    troubles: dict[str, CourseProblems] = {}
    for folder in folders:
        course = loaded.course(folder.name)
        if course is None:
            last = previous.course(folder.name) if previous is not None else None
            troubles[folder.name] = _course_problems(app, folder, last, problems)
            course = last
        if course is not None:
            served.append(course)
    library = replace(loaded, courses=tuple(served))
    _log(app.logger, problems, troubles, root.resolve())
    app.extensions["liane.library"] = library
    app.extensions["liane.problems"] = troubles
    app.extensions["liane.fragments"] = {}  # pages rendered from the previous courses
    app.extensions["liane.packages"] = {}  # SCORM packages built from them
    app.jinja_env.globals["course_notices"] = course_notices
    return library


def _course_folders(root: Path) -> list[Path]:
    """The folders load_library reads as courses, in its order."""
    if is_course_dir(root):
        return [root]
    if not root.is_dir():
        return []
    return sorted(
        p
        for p in root.iterdir()
        if p.is_dir() and not p.name.startswith((".", "_")) and is_course_dir(p)
    )


def _course_problems(
    app: Flask, folder: Path, last: Course | None, found: list[Problem]
) -> CourseProblems:
    """The errors of one course in each interface language: this load's, in the server's
    language, and the course loaded again for the others (only a broken course is)."""
    server = current_language()
    lines: dict[str, tuple[str, ...]] = {}
    for language in app.config["LANGUAGES"]:
        if language == server:
            own = [p for p in found if p.pos.path.is_relative_to(folder)]
        else:
            with in_language(language):
                own = load_course(folder)[1]
        lines[language] = tuple(problem_line(p, folder.parent) for p in own if p.is_error)
    return CourseProblems(
        course_id=folder.name,
        title=last.title if last is not None else folder.name,
        stale=last is not None,
        lines=lines,
    )


def _log(
    logger: logging.Logger,
    problems: list[Problem],
    troubles: dict[str, CourseProblems],
    root: Path,
) -> None:
    """The server's log, in the server's language (LIANE_LANG, else LANG...)."""
    for trouble in troubles.values():
        logger.error(
            (
                _("course `{id}` has errors: its last good version is still served")
                if trouble.stale
                else _("course `{id}` has errors: it is not served until they are fixed")
            ).format(id=trouble.course_id)
        )
    for problem in problems:
        (logger.error if problem.is_error else logger.warning)(problem_line(problem, root))


def library() -> Library:
    library: Library = current_app.extensions["liane.library"]
    return library


def visible_to(course: Course, user: object) -> bool:
    """Whether `user` may see `course` at all (catalogue, paths, every page of it). The one
    place this rule lives: every course page resolves its course through course_or_404, and
    the catalogue filters with this. Facilitators and admins see every course; learners
    neither drafts nor, when the course says `visibility: assigned`, a course that is not
    assigned to them (directly, or through a path assigned to one of their groups)."""
    if getattr(user, "is_staff", False):
        return True
    if course.is_draft:
        return False
    return not course.assigned_only or course.id in _assigned_course_ids(user)


def assigned_to(user: object) -> list[Assigned]:
    """What is assigned to `user` (groups.assignments_for), read once per request: the
    catalogue lists it and visible_to tests each course against it, on one query."""
    user_id = getattr(user, "id", None) if getattr(user, "is_authenticated", False) else None
    if user_id is None:
        return []
    cached: dict[int, list[Assigned]] = g.setdefault("liane_assigned", {})
    if user_id not in cached:
        cached[user_id] = assignments_for(user_id)
    return cached[user_id]


def _assigned_course_ids(user: object) -> set[str]:
    """The courses assigned to `user`, directly or as a course of an assigned path."""
    paths = {path.id: path for path in library().paths}
    found: set[str] = set()
    for entry in assigned_to(user):
        if entry.kind == "course":
            found.add(entry.target_id)
        elif entry.target_id in paths:
            found.update(paths[entry.target_id].courses)
    return found


def course_or_404(course_id: str) -> Course:
    """The course a page is about, or 404 when it does not exist, does not load, or is not
    for this person (a learner cannot tell a draft from a missing course)."""
    course = library().course(course_id)
    if course is None or not visible_to(course, current_user):
        abort(404)
    g.liane_course = course  # for the staff notices of the page
    return course


def course_problems() -> dict[str, CourseProblems]:
    """The courses whose files have errors, by id."""
    troubles: dict[str, CourseProblems] = current_app.extensions.get("liane.problems", {})
    return troubles


def course_notices() -> StaffNotices:
    """For templates: nothing for learners; for staff, on a course's page, whether it is a
    draft and its problems, elsewhere (dashboard, catalogue) every course's problems."""
    if not getattr(current_user, "is_staff", False):
        return StaffNotices()
    troubles = course_problems()
    course: Course | None = g.get("liane_course")
    if course is None:
        return StaffNotices(problems=tuple(troubles.values()))
    found = troubles.get(course.id)
    return StaffNotices(draft=course.is_draft, problems=(found,) if found else ())
