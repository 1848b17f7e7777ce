"""The courses, loaded once per process into `app.extensions`.

A course with errors is left out (and logged) so the others stay available; `liane check`
tells authors what to fix. `liane serve --reload-courses` reloads on change in development.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, current_app

from engine.loader import load_library
from engine.model import Course, Library


def load_courses(app: Flask) -> Library:
    library, problems = load_library(Path(app.config["COURSES_DIR"]), partial=True)
    for problem in problems:
        (app.logger.error if problem.is_error else app.logger.warning)(problem.format())
    if library is None:
        library = Library(root=Path(app.config["COURSES_DIR"]))
    app.extensions["liane.library"] = library
    app.extensions["liane.fragments"] = {}  # pages rendered from the previous courses
    app.extensions["liane.packages"] = {}  # SCORM packages built from them
    return library


def library() -> Library:
    library: Library = current_app.extensions["liane.library"]
    return library


def course_or_404(course_id: str) -> Course:
    course = library().course(course_id)
    if course is None:
        abort(404)
    return course
