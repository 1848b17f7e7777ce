"""Inside a lesson, the learner sees where they are ("Leçon 2 sur 4") and a bar of the share
of the course's lessons they have read, named for screen readers."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path

import pytest

from tests.helpers.course_player import learner_on

COURSE = """\
title: Progression
modules:
  - title: Un
    items: [a.md, b.md, quiz.yml]
  - title: Deux
    items: [c.md, d.md]
"""
QUIZ = """\
title: Quiz
questions:
  - id: q1
    type: true_false
    prompt: Vrai ?
    answer: true
"""


@pytest.fixture
def courses(make_course: Callable[..., Path]) -> Path:
    lessons = {f"{name}.md": f"# Leçon {name}\n\nTexte.\n" for name in "abcd"}
    files: dict[str, str | bytes] = {"course.yml": COURSE, "quiz.yml": QUIZ, **lessons}
    return make_course(files, "courses/progression").parent


def progress(page: str) -> tuple[str, str]:
    """The lesson's position as shown, and its bar as HTML."""
    found = re.search(
        r'<div class="lesson-progress">\n<span>(.*?)</span>\n(<progress .*?</progress>)\n</div>',
        page,
    )
    assert found is not None, "no lesson progress on the page"
    return found.group(1), found.group(2)


@pytest.mark.parametrize(
    ("language", "position", "label"),
    [
        ("fr", "Leçon {n} sur 4", "Leçons lues : {read} sur 4"),
        ("en", "Lesson {n} of 4", "Lessons read: {read} of 4"),
    ],
)
def test_position_and_share_of_lessons_read(
    courses: Path, tmp_path: Path, language: str, position: str, label: str
) -> None:
    _app, client = learner_on(courses, f"sqlite:///{tmp_path / 'db.sqlite3'}", language)

    def shown(item: str) -> tuple[str, str]:
        response = client.get(f"/learn/progression/{item}.html")
        assert response.status_code == 200
        return progress(response.get_data(as_text=True))

    def bar(read: int) -> str:
        return (
            f'<progress value="{read}" max="4" aria-label="{label.format(read=read)}">'
            f"{read} / 4</progress>"
        )

    assert shown("b") == (position.format(n=2), bar(1))  # the lesson open counts as read
    assert shown("c") == (position.format(n=3), bar(2))  # across modules: the course's lessons
    client.get("/learn/progression/quiz.html")  # a quiz is not a lesson
    assert shown("b") == (position.format(n=2), bar(2))  # read again: counted once
    assert shown("a") == (position.format(n=1), bar(3))
    assert shown("d") == (position.format(n=4), bar(4))
