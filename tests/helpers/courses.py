"""The courses tests use: the bundled courses this repository ships, and the player's small
test library (tests/data/library)."""

from __future__ import annotations

import atexit
import shutil
import tempfile
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from engine.model import Course

ROOT = Path(__file__).resolve().parent.parent.parent
COURSES = ROOT / "courses"
# The courses this repository ships, which tests of "the bundled courses" check, and their
# training paths. courses/ may hold more (a draft an author is writing): tests never load
# the folder as a whole, so a draft with errors does not turn the suite red.
BUNDLED = ("genre-bases", "politique-genre", "gender-basics-en")
BUNDLED_PATHS = "paths.yml"
# The player's test library: the "demo" course (two lessons, a quiz, a survey).
LIBRARY = ROOT / "tests" / "data" / "library"


def copy_bundled(dest: Path) -> Path:
    """Copy the bundled courses and paths.yml, and nothing else of courses/, into a new
    folder `dest` (for the player's COURSES_DIR or load_library); return `dest`."""
    dest.mkdir(parents=True)
    for course_id in BUNDLED:
        shutil.copytree(COURSES / course_id, dest / course_id)
    shutil.copy2(COURSES / BUNDLED_PATHS, dest / BUNDLED_PATHS)
    return dest


@cache
def bundled_dir() -> Path:
    """One copy of the bundled courses for the whole session, never written to (for
    module-level constants and the player's COURSES_DIR); removed when the session ends."""
    temp = Path(tempfile.mkdtemp(prefix="liane-bundled-"))
    atexit.register(shutil.rmtree, temp, ignore_errors=True)
    return copy_bundled(temp / "courses")


@cache
def bundled_course(course_id: str) -> Course:
    """A bundled course, loaded once from bundled_dir()."""
    from engine.loader import load_library

    library = load_library(bundled_dir())[0]
    assert library is not None
    course = library.course(course_id)
    assert course is not None, course_id
    return course
