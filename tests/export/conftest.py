"""Fixtures of the SCORM browser tests: the bundled genre-bases course exported for each
standard, unzipped and served with the LMS harness (scorm-again, tests/helpers/lms.py) from a
local HTTP server (tests/helpers/server.py), and a window of the session's Chromium.
"""

from __future__ import annotations

import shutil
from collections.abc import Iterator
from typing import Any

import pytest

from engine.loader import load_course
from engine.model import Course
from export.scorm import PRESETS, ScormOptions, export_scorm
from tests.helpers.courses import COURSES
from tests.helpers.lms import HARNESS, SCORM_AGAIN, STANDARDS, STRICT_CHECKER, unzip
from tests.helpers.server import LiveServer, serve_folder


@pytest.fixture(scope="session")
def course() -> Course:
    loaded = load_course(COURSES / "genre-bases")[0]
    assert loaded is not None
    return loaded


@pytest.fixture(scope="session")
def site(tmp_path_factory: pytest.TempPathFactory, course: Course) -> Iterator[LiveServer]:
    """<root>/scorm12/ and <root>/scorm2004/ (the unzipped packages), <root>/scorm12-incomplete/
    (failed reported as incomplete), <root>/scorm2004-modules/ (one SCO per module),
    <root>/moodle/ (--preset moodle), and the harness beside."""
    root = tmp_path_factory.mktemp("lms")
    for standard in STANDARDS:
        unzip(export_scorm(course, ScormOptions(standard=standard)), root / standard)
    unzip(
        export_scorm(course, ScormOptions(standard="scorm12", failed_as="incomplete")),
        root / "scorm12-incomplete",
    )
    unzip(
        export_scorm(course, ScormOptions(standard="scorm2004", sco_per_module=True)),
        root / "scorm2004-modules",
    )
    unzip(export_scorm(course, PRESETS["moodle"]), root / "moodle")
    shutil.copy(SCORM_AGAIN, root / "scorm-again.js")
    shutil.copy(STRICT_CHECKER, root / "cmi-strict.js")
    (root / "harness.html").write_text(HARNESS, encoding="utf-8")
    with serve_folder(root) as served:
        yield served


@pytest.fixture
def context(browser: Any) -> Iterator[Any]:
    ctx = browser.new_context(viewport={"width": 1100, "height": 900})
    yield ctx
    ctx.close()
