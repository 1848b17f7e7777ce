"""Editing a course folder while the player serves it (issue 13: last good versions, drafts),
as an author's editor saves: the new text written beside, then moved in place, so a watcher
never reads a half-written file."""

from __future__ import annotations

import shutil
from pathlib import Path

from flask import Flask

from tests.helpers.courses import LIBRARY


def copy_library(dest: Path) -> Path:
    """A copy of the player's test library (the demo course and paths.yml) to edit."""
    shutil.copytree(LIBRARY, dest)
    return dest


def edit(path: Path, old: str, new: str) -> None:
    """Replace `old` (which must be there) with `new` in `path`, saved as an editor does."""
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} is not in {path}"
    beside = path.with_name(path.name + ".saving")
    beside.write_text(text.replace(old, new, 1), encoding="utf-8")
    beside.replace(path)


def reload(app: Flask) -> None:
    """What `liane serve --reload-courses` does on a change, at once."""
    from engine.player.courses import load_courses

    with app.app_context():
        load_courses(app)


# The demo course's single-choice question: its right option's `correct:` mistyped.
TYPO = ("correct: true", "corect: true")
DRAFT = ('version: "2.0"\n', 'version: "2.0"\nstatus: draft\n')


def player_on_copy(database_url: str, tmp_path: Path) -> Flask:
    """The player (migrated database) on a copy of the test library in tmp_path/courses, to
    edit: see library_of()."""
    from engine.player.db import upgrade
    from tests.helpers.player import make_app

    upgrade(database_url)
    return make_app(database_url, COURSES_DIR=str(copy_library(tmp_path / "courses")))


def library_of(app: Flask) -> Path:
    """The courses folder the player serves."""
    return Path(app.config["COURSES_DIR"])
