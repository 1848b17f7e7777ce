"""A lesson's opening `# Title` that repeats its front-matter `title:` is left out, once, where
lessons are loaded: the player, the packages and the printed documents all read it from
there, so none shows the title twice (two <h1>, one above the other)."""

from __future__ import annotations

import io
import re
import zipfile
from pathlib import Path

import pytest

from engine.loader import load_course
from engine.model import Course, Lesson
from export.scorm import ScormOptions, export_scorm
from tests.helpers.course_player import learner_on

COURSE_YML = """\
title: Titres
language: fr
modules:
  - title: Module
    items:
      - repete.md
      - autre.md
      - sans-entete.md
"""
LESSONS = {
    # The guide's example: the same title in the front matter and as the first heading,
    # here with other case, doubled spaces and Word's apostrophe.
    "repete.md": "---\ntitle: Le diagnostic de l'égalité\nduration: 20\n---\n\n"
    "# Le  Diagnostic de l’égalité\n\nLe texte.\n",
    # A heading that says something else: the author's choice, it stays.
    "autre.md": "---\ntitle: Rôles\n---\n\n# Rôles sociaux et rapports de pouvoir\n\nTexte.\n",
    "sans-entete.md": "# Sans en-tête\n\nTexte.\n",
}


@pytest.fixture
def courses(tmp_path: Path) -> Path:
    folder = tmp_path / "courses" / "titres"
    folder.mkdir(parents=True)
    (folder / "course.yml").write_text(COURSE_YML, encoding="utf-8")
    for name, text in LESSONS.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder.parent


def load(courses: Path) -> Course:
    course, problems = load_course(courses / "titres")
    assert course is not None, problems
    assert problems == []
    return course


def lesson(course: Course, item_id: str) -> Lesson:
    found = course.item(item_id)
    assert isinstance(found, Lesson)
    return found


def test_a_heading_repeating_the_title_is_dropped_another_stays(courses: Path) -> None:
    course = load(courses)
    repeated = lesson(course, "repete")
    assert repeated.title == "Le diagnostic de l'égalité"
    assert repeated.html == "<p>Le texte.</p>\n"
    other = lesson(course, "autre")
    assert other.title == "Rôles"
    assert other.html.startswith("<h1>Rôles sociaux et rapports de pouvoir</h1>\n")
    untitled = lesson(course, "sans-entete")
    assert untitled.title == "Sans en-tête"
    assert untitled.html == "<p>Texte.</p>\n"


def h1s(html: str) -> list[str]:
    return re.findall(r"<h1[^>]*>(.*?)</h1>", html)


def test_player_and_package_show_one_h1(courses: Path, tmp_path: Path) -> None:
    _app, client = learner_on(courses, f"sqlite:///{tmp_path / 'liane.sqlite3'}")
    page = client.get("/learn/titres/repete.html").get_data(as_text=True)
    assert h1s(page) == ["Le diagnostic de l&#39;égalité"]

    package = export_scorm(load(courses), ScormOptions(standard="scorm2004"))
    with zipfile.ZipFile(io.BytesIO(package)) as archive:
        sco = archive.read("index.html").decode()
    section = re.search(r'<section class="sco-item"[^>]*data-item="repete".*?</section>', sco, re.S)
    assert section is not None
    assert h1s(section.group(0)) == ["Le diagnostic de l&#39;égalité"]
