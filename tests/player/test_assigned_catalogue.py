"""The catalogue's "À faire" / "To do" list (issue 14): what is assigned to the learner comes
first, with its due date in their language (the year when it is not this year's), "En
retard" / "Late" when past due and not completed, and their progress; the rest of the
catalogue follows without repeating it. A learner sees only their own assignments. On
SQLite, and PostgreSQL when LIANE_TEST_POSTGRES_URL is set."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from datetime import date
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.player import todo
from engine.player.db import upgrade
from tests.helpers.assigned import assign, assignment_library
from tests.helpers.groups import make_group
from tests.helpers.player import make_app, sign_in
from tests.helpers.quiz import complete_demo

TODAY = date(2027, 3, 1)


@pytest.fixture
def app(database_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Flask:
    monkeypatch.setattr(todo, "today", lambda: TODAY)
    upgrade(database_url)
    return make_app(database_url, COURSES_DIR=str(assignment_library(tmp_path / "courses")))


def words(fragment: str) -> str:
    return " ".join(html.unescape(re.sub(r"<[^>]+>", " ", fragment)).split())


def todo_entries(page: str) -> list[tuple[str, str]]:
    """(id, text) of each entry of the to-do list, in order."""
    found = re.findall(r'<li class="card todo" id="([^"]+)">(.*?)\n</li>', page, re.S)
    return [(entry_id, words(text)) for entry_id, text in found]


def headings(page: str) -> list[str]:
    return [words(h) for h in re.findall(r"<h2[^>]*>(.*?)</h2>", page)]


def other_courses(page: str) -> list[str]:
    return [words(t) for t in re.findall(r'<li class="card course">\s*<h3>(.*?)</h3>', page, re.S)]


def other_paths(page: str) -> list[str]:
    return [words(t) for t in re.findall(r'<h3 id="path-[^"]+">(.*?)</h3>', page)]


@pytest.fixture
def awa_assigned(app: Flask, learner: FlaskClient) -> FlaskClient:
    """Awa (the `learner`) in two groups: the demo course due 20 February 2027 (late on
    TODAY) through one, also due 1 April through the other; the advanced path due 15 March
    2027; a course due 10 January 2028."""
    first = make_group(app, "Salarié·es 2027", members=("awa@example.org",))
    second = make_group(app, "Atelier ECSI Lille", members=("awa@example.org",))
    assign(app, first, "course:demo", date(2027, 2, 20))
    assign(app, second, "course:demo", date(2027, 4, 1))
    assign(app, first, "path:parcours-avance", date(2027, 3, 15))
    return learner


def test_the_to_do_list_in_french(awa_assigned: FlaskClient) -> None:
    page = awa_assigned.get("/").get_data(as_text=True)
    assert todo_entries(page) == [
        (
            "todo-course-demo",
            "Cours de démonstration À faire pour le 20 février En retard "
            "Non commencé · Leçons lues : 0 sur 2 0 / 2",
        ),
        (
            "todo-path-parcours-avance",
            "Parcours Parcours avancé À faire pour le 15 mars 0 cours terminé(s) sur 2 0 / 2 "
            "Deuxième cours Non commencé Cours réservé Non commencé",
        ),
    ]
    # The rest: the path not assigned; every course is above, so no "other courses".
    assert headings(page) == ["À faire", "Autres parcours"]
    assert other_paths(page) == ["Parcours de test"]
    assert '<time datetime="2027-02-20">À faire pour le 20 février</time>' in page


def test_the_to_do_list_in_english(awa_assigned: FlaskClient) -> None:
    page = awa_assigned.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert [text for _id, text in todo_entries(page)] == [
        "Cours de démonstration Due 20 February Late Not started · 0 of 2 lessons 0 / 2",
        "Training path Parcours avancé Due 15 March 0 of 2 courses completed 0 / 2 "
        "Deuxième cours Not started Cours réservé Not started",
    ]
    assert headings(page) == ["To do", "Other training paths"]


def test_another_year_shows_the_year_and_a_completed_course_is_not_late(
    app: Flask, learner: FlaskClient
) -> None:
    group = make_group(app, "Salarié·es 2027", members=("awa@example.org",))
    assign(app, group, "course:demo", date(2027, 2, 20))
    assign(app, group, "course:second", date(2028, 1, 10))
    complete_demo(learner)
    french = learner.get("/").get_data(as_text=True)
    assert todo_entries(french) == [
        ("todo-course-demo", "Cours de démonstration À faire pour le 20 février "
         "Réussi · Leçons lues : 2 sur 2 2 / 2"),
        ("todo-course-second", "Deuxième cours À faire pour le 10 janvier 2028 "
         "Non commencé · Leçons lues : 0 sur 2 0 / 2"),
    ]  # fmt: skip
    english = learner.get("/", headers={"Accept-Language": "en"}).get_data(as_text=True)
    assert "Due 10 January 2028" in [
        words(t) for t in re.findall(r"<time[^>]*>(.*?)</time>", english)
    ]
    # The rest, without repeating them: both paths (none is assigned), no course left
    # but the assigned-only one, which Awa may not see.
    assert headings(french) == ["À faire", "Autres parcours"]
    assert other_paths(french) == ["Parcours avancé", "Parcours de test"]  # by title
    assert "Cours réservé" not in french


def test_an_undated_assignment_has_no_date_nor_late_mark(app: Flask, learner: FlaskClient) -> None:
    group = make_group(app, "Salarié·es 2027", members=("awa@example.org",))
    assign(app, group, "course:second", None)
    page = learner.get("/").get_data(as_text=True)
    assert todo_entries(page) == [
        ("todo-course-second", "Deuxième cours Non commencé · Leçons lues : 0 sur 2 0 / 2")
    ]
    assert headings(page) == ["À faire", "Autres parcours", "Autres cours"]
    assert other_courses(page) == ["Cours de démonstration"]


def test_a_learner_sees_only_their_own_assignments(
    app: Flask, awa_assigned: FlaskClient, make_user: Callable[..., Any]
) -> None:
    make_user("bea@example.org", "Béa Martin")
    make_group(app, "Bénévoles", members=("bea@example.org",))
    bea = app.test_client()
    sign_in(bea, "bea@example.org")
    page = bea.get("/").get_data(as_text=True)
    assert todo_entries(page) == []
    assert "À faire" not in page and "En retard" not in page
    assert headings(page) == ["Parcours de formation", "Tous les cours"]
    assert other_courses(page) == ["Cours de démonstration", "Deuxième cours"]
    # Awa's list is unchanged by Béa's group.
    assert [i for i, _t in todo_entries(awa_assigned.get("/").get_data(as_text=True))] == [
        "todo-course-demo",
        "todo-path-parcours-avance",
    ]
