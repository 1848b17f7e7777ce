"""A library for the tests of assignments (issue 14): the demo course, a second course, and
a course with `visibility: assigned`; a path of the demo course and a path of the two others.
Groups and their assignments are made as staff would (engine/player/groups.py)."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

from flask import Flask
from flask.testing import FlaskClient

from engine.player import groups
from engine.player.courses import library
from engine.player.db import session
from engine.player.models import Group
from tests.helpers.courses import LIBRARY
from tests.helpers.quiz import RIGHT, act

PATHS = """\
- id: parcours-test
  title: Parcours de test
  courses: [demo]
- id: parcours-avance
  title: Parcours avancé
  courses: [second, reserve]
"""
SECOND = "Deuxième cours"
RESERVED = "Cours réservé"


def assignment_library(dest: Path) -> Path:
    """The folder `dest` holding the three courses and the two paths."""
    shutil.copytree(LIBRARY, dest)
    for course_id, title, extra in (
        ("second", SECOND, ""),
        ("reserve", RESERVED, "visibility: assigned\n"),
    ):
        shutil.copytree(dest / "demo", dest / course_id)
        settings = dest / course_id / "course.yml"
        text = settings.read_text(encoding="utf-8")
        assert "title: Cours de démonstration\n" in text
        settings.write_text(
            text.replace("title: Cours de démonstration\n", f"title: {title}\n{extra}"),
            encoding="utf-8",
        )
    (dest / "paths.yml").write_text(PATHS, encoding="utf-8")
    return dest


def assign(app: Flask, group_id: int, target: str, due_on: date | None) -> int:
    """Assign `path:<id>` or `course:<id>` to the group, due `due_on`; the assignment's id."""
    with app.app_context():
        group = session().get(Group, group_id)
        assert group is not None
        return groups.assign(group, target, due_on, library=library()).id


def complete(client: FlaskClient, course_id: str) -> None:
    """Complete a copy of the demo course: both lessons read, the quiz passed."""
    client.get(f"/learn/{course_id}/intro.html")
    client.get(f"/learn/{course_id}/suite.html")
    quiz = f"/learn/{course_id}/quiz.html"
    act(client, "start", url=quiz)
    act(client, "submit", RIGHT, url=quiz)
