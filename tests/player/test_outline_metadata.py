"""The course outline shows what its author wrote about it (duration, audience, authors,
licence, SDGs) and each lesson's duration; nothing, not even a label, for what was left out."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.course_player import learner_on

FULL = """\
title: Genre et projets
language: fr
duration: 90
audience:
  - Salarié·es des associations
  - Bénévoles
authors:
  - Lianes coopération
license: CC-BY-SA-4.0
sdg: [5, 10, 17]
modules:
  - title: Module
    items:
      - lecon.md
      - autre.md
"""
BARE = """\
title: Sans métadonnées
modules:
  - title: Module
    items:
      - lecon.md
"""
LESSON = "---\nduration: 20\n---\n# Une leçon\n\nTexte.\n"
UNTIMED = "# Une autre leçon\n\nTexte.\n"


@pytest.fixture
def courses(make_course: Callable[..., Path]) -> Path:
    make_course({"course.yml": FULL, "lecon.md": LESSON, "autre.md": UNTIMED}, "courses/full")
    two = BARE + "authors: [Awa Diallo, Chloé Martin]\nlicense: Tous droits réservés\n"
    make_course({"course.yml": two, "lecon.md": UNTIMED}, "courses/two")
    return make_course({"course.yml": BARE, "lecon.md": UNTIMED}, "courses/bare").parent


def facts(page: str) -> list[str]:
    """The items of the outline's line of metadata, as HTML (each is one line of markup)."""
    found = re.search(r'<ul class="course-facts"[^>]*>\n(.*?)</ul>', page, re.S)
    assert found is not None, "no course facts on the page"
    return re.findall(r"<li>(.*?)</li>", found.group(1))


def kinds(page: str) -> list[str]:
    return re.findall(r'<span class="item-kind">(.*?)</span>', page)


@pytest.mark.parametrize(
    ("language", "expected", "lesson_kinds"),
    [
        (
            "fr",
            [
                "Durée : 1\u00a0h\u00a030",
                'Public : <span lang="fr">Salarié·es des associations, Bénévoles</span>',
                'Auteur·e : <span lang="fr">Lianes coopération</span>',
                'Licence <a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">'
                "CC BY-SA 4.0</a>",
                "ODD 5, 10, 17",
            ],
            ["Leçon · 20\u00a0min", "Leçon"],
        ),
        (
            "en",
            [
                "Duration: 1\u00a0h\u00a030",
                'Audience: <span lang="fr">Salarié·es des associations, Bénévoles</span>',
                'Author: <span lang="fr">Lianes coopération</span>',
                'Licence <a rel="license" href="https://creativecommons.org/licenses/by-sa/4.0/">'
                "CC BY-SA 4.0</a>",
                "SDG 5, 10, 17",
            ],
            ["Lesson · 20\u00a0min", "Lesson"],
        ),
    ],
)
def test_the_outline_shows_the_courses_metadata(
    courses: Path, tmp_path: Path, language: str, expected: list[str], lesson_kinds: list[str]
) -> None:
    _app, client = learner_on(courses, f"sqlite:///{tmp_path / 'db.sqlite3'}", language)
    page = client.get("/learn/full/").get_data(as_text=True)
    assert facts(page) == expected
    assert kinds(page) == lesson_kinds


def test_only_what_the_author_wrote(courses: Path, tmp_path: Path) -> None:
    _app, client = learner_on(courses, f"sqlite:///{tmp_path / 'db.sqlite3'}")
    bare = client.get("/learn/bare/").get_data(as_text=True)
    assert "course-facts" not in bare
    assert kinds(bare) == ["Leçon"]
    two = client.get("/learn/two/").get_data(as_text=True)
    assert facts(two) == [
        'Auteur·es : <span lang="fr">Awa Diallo, Chloé Martin</span>',
        'Licence <span lang="fr">Tous droits réservés</span>',
    ]
