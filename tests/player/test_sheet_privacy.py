"""A lesson's activity sheet is facilitator material: no text of it reaches learners, neither
in the player's pages nor in a SCORM package (issue 11).

The sheet's texts are unique words, so a search of every page and every packaged file for
them cannot miss one in some rendered form (Markdown, HTML escaping, JSON)."""

from __future__ import annotations

import io
import shutil
import zipfile
from pathlib import Path

import pytest

from engine.loader import load_course
from engine.model import Lesson
from engine.player.accounts import create_user
from engine.player.db import upgrade
from export.scorm import ScormOptions, export_scorm
from tests.helpers.courses import LIBRARY
from tests.helpers.player import PASSWORD, make_app, sign_in

SHEET = """\
---
method: Zorbimethode en sous-groupes
materials:
  - Zorbimateriel de deux couleurs
preparation: |
  Zorbipreparation des **photos**.
instructions: Zorbiconsigne *lue* au groupe.
debrief:
  - Zorbidebrief un ?
  - Zorbidebrief *deux* ?
vigilance: Zorbivigilance sur la parole.
variants: Zorbivariante en ligne.
---
"""
SECRETS = (
    "Zorbimethode",
    "Zorbimateriel",
    "Zorbipreparation",
    "Zorbiconsigne",
    "Zorbidebrief",
    "Zorbivigilance",
    "Zorbivariante",
)


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    """The test library with an activity sheet on the demo course's first lesson."""
    root = tmp_path / "courses"
    shutil.copytree(LIBRARY, root)
    intro = root / "demo" / "intro.md"
    intro.write_text(SHEET + intro.read_text(encoding="utf-8"), encoding="utf-8")
    course, problems = load_course(root / "demo")
    assert problems == []
    assert course is not None
    lesson = course.item("intro")
    assert isinstance(lesson, Lesson) and lesson.sheet is not None
    assert lesson.sheet.method == "Zorbimethode en sous-groupes"
    assert len(lesson.sheet.debrief) == 2
    return root


def leaked(text: str) -> list[str]:
    return [secret for secret in SECRETS if secret in text]


def test_learners_pages_show_nothing_of_the_sheet(courses: Path, database_url: str) -> None:
    upgrade(database_url)
    app = make_app(database_url, COURSES_DIR=str(courses))
    with app.app_context():
        create_user("awa@example.org", "Awa Diallo", PASSWORD)
    learner = app.test_client()
    sign_in(learner, "awa@example.org")
    for url in ("/", "/learn/demo/", "/learn/demo/intro.html", "/learn/demo/suite.html"):
        response = learner.get(url)
        assert response.status_code == 200, url
        page = response.get_data(as_text=True)
        assert leaked(page) == [], url
    lesson = learner.get("/learn/demo/intro.html").get_data(as_text=True)
    assert "Le genre est une construction sociale." in lesson


@pytest.mark.parametrize(
    "options",
    [ScormOptions(standard="scorm12"), ScormOptions(standard="scorm2004", sco_per_module=True)],
    ids=["scorm12", "scorm2004-modules"],
)
def test_packages_carry_nothing_of_the_sheet(courses: Path, options: ScormOptions) -> None:
    course = load_course(courses / "demo")[0]
    assert course is not None
    package = export_scorm(course, options)
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        texts = {
            name: archive.read(name).decode("utf-8", errors="replace")
            for name in archive.namelist()
        }
    assert any("Le genre est une construction sociale." in text for text in texts.values())
    assert {name: leaked(text) for name, text in texts.items() if leaked(text)} == {}
