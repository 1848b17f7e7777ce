"""Courses reload from disk without a restart (`liane serve --reload-courses`)."""

from __future__ import annotations

import shutil
import threading
from pathlib import Path

from engine.player.commands import watch_courses
from engine.player.db import upgrade
from tests.helpers.courses import LIBRARY
from tests.helpers.player import make_app


def test_changed_course_files_are_reloaded(tmp_path: Path) -> None:
    courses = tmp_path / "courses"
    shutil.copytree(LIBRARY, courses)
    url = f"sqlite:///{tmp_path / 'db.sqlite3'}"
    upgrade(url)
    app = make_app(url, COURSES_DIR=str(courses))
    assert app.extensions["liane.library"].course("demo").title == "Cours de démonstration"
    reloaded = threading.Event()
    stop = watch_courses(app, interval=0.05, on_reload=reloaded.set)
    course_yml = courses / "demo" / "course.yml"
    # Written beside, then moved in place: the watcher never sees a half-written file.
    edited = tmp_path / "course.yml"
    edited.write_text(
        course_yml.read_text(encoding="utf-8").replace(
            "title: Cours de démonstration", "title: Cours renommé"
        ),
        encoding="utf-8",
    )
    edited.replace(course_yml)
    reloaded.wait(5)
    stop.set()
    assert app.extensions["liane.library"].course("demo").title == "Cours renommé"
