"""A course saved with errors while the player runs keeps its last good version; staff see
its problems (file:line:col: message (hint)) in their language until they are fixed, learners
never do. A course broken from the start is listed for staff with its problems (issue 13)."""

from __future__ import annotations

import html
import logging
import re
import threading
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.player.accounts import create_user
from engine.player.commands import watch_courses
from engine.player.db import upgrade
from tests.helpers.course_edits import TYPO, copy_library, edit, library_of, player_on_copy, reload
from tests.helpers.player import PASSWORD, make_app, sign_in

EN = {"Accept-Language": "en"}
TYPO_FR = ("demo/quiz.yml:12:9: clé inconnue `corect` (vouliez-vous dire `correct` ?)",)
TYPO_EN = ("demo/quiz.yml:12:9: unknown key `corect` (did you mean `correct`?)",)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Flask:
    return player_on_copy(database_url, tmp_path)


def banner(page: str) -> list[tuple[str, tuple[str, ...]]]:
    """Each problem notice of a page: (its sentence, its problem lines), as text."""
    found = []
    for section in re.findall(
        r'<section class="flash flash-error course-problems".*?</section>', page, re.S
    ):
        sentence = re.search(r"<strong>(.*?)</strong>", section, re.S)
        assert sentence is not None
        lines = tuple(html.unescape(x) for x in re.findall(r"<li><code>(.*?)</code></li>", section))
        found.append((html.unescape(sentence.group(1)), lines))
    return found


STALE_FR = (
    "Les fichiers de Cours de démonstration ont des erreurs : les apprenant·es voient sa "
    "dernière version correcte tant qu'elles ne sont pas corrigées."
)
STALE_EN = (
    "The files of Cours de démonstration have errors: learners keep seeing its last good "
    "version until they are fixed."
)


def test_a_typo_keeps_the_last_good_version_and_staff_see_it_until_fixed(
    app: Flask, learner: FlaskClient, facilitator: FlaskClient, admin: FlaskClient
) -> None:
    courses = library_of(app)
    assert learner.get("/learn/demo/intro.html").status_code == 200
    edit(courses / "demo" / "quiz.yml", *TYPO)
    edit(courses / "demo" / "suite.md", "# ", "# Modifiée : ")  # not served: the course is broken
    reload(app)

    lesson = learner.get("/learn/demo/intro.html")
    assert lesson.status_code == 200
    assert "Le genre est une construction sociale." in lesson.get_data(as_text=True)
    following = learner.get("/learn/demo/suite.html").get_data(as_text=True)
    assert "Modifiée" not in following  # the last good version, as it was
    quiz = learner.get("/learn/demo/quiz.html")
    assert quiz.status_code == 200
    for page in (lesson.get_data(as_text=True), following, learner.get("/").get_data(as_text=True)):
        assert banner(page) == []
        assert "corect" not in page

    for url in (
        "/learn/demo/",
        "/learn/demo/intro.html",
        "/learn/demo/quiz.html",
        "/admin/",
        "/admin/courses/demo",
        "/",
    ):
        response = facilitator.get(url)
        assert response.status_code == 200, url
        assert banner(response.get_data(as_text=True)) == [(STALE_FR, TYPO_FR)], url
    english = facilitator.get("/learn/demo/intro.html", headers=EN).get_data(as_text=True)
    assert banner(english) == [(STALE_EN, TYPO_EN)]
    # The results stay on the dashboard: the learner who read a lesson is still listed
    # (for an administrator: a facilitator counts the groups they lead, none here).
    assert "Awa Diallo" in admin.get("/admin/courses/demo").get_data(as_text=True)

    edit(courses / "demo" / "quiz.yml", *reversed(TYPO))
    reload(app)
    for url in ("/learn/demo/", "/learn/demo/intro.html", "/admin/", "/admin/courses/demo", "/"):
        assert banner(facilitator.get(url).get_data(as_text=True)) == [], url
    assert "Modifiée" in learner.get("/learn/demo/suite.html").get_data(as_text=True)


def test_a_course_broken_at_start_up_is_listed_for_staff_only(
    database_url: str, tmp_path: Path
) -> None:
    courses = copy_library(tmp_path / "courses")
    edit(courses / "demo" / "quiz.yml", *TYPO)
    upgrade(database_url)
    app = make_app(database_url, COURSES_DIR=str(courses))
    with app.app_context():
        create_user("awa@example.org", "Awa Diallo", PASSWORD, "learner")
        create_user("chloe@example.org", "Chloé Martin", PASSWORD, "admin")
    learner, admin = app.test_client(), app.test_client()
    sign_in(learner, "awa@example.org")
    sign_in(admin, "chloe@example.org")

    assert learner.get("/learn/demo/").status_code == 404
    catalogue = learner.get("/").get_data(as_text=True)
    assert "/learn/demo/" not in catalogue
    assert banner(catalogue) == []

    broken_en = "The files of demo have errors: learners cannot open it until they are fixed."
    broken_fr = (
        "Les fichiers de demo ont des erreurs : les apprenant·es ne peuvent pas l'ouvrir "
        "tant qu'elles ne sont pas corrigées."
    )
    for url in ("/", "/admin/"):
        assert banner(admin.get(url).get_data(as_text=True)) == [(broken_fr, TYPO_FR)], url
        assert banner(admin.get(url, headers=EN).get_data(as_text=True)) == [
            (broken_en, TYPO_EN)
        ], url
    assert admin.get("/learn/demo/").status_code == 404  # nothing to serve yet

    edit(courses / "demo" / "quiz.yml", *reversed(TYPO))
    reload(app)
    assert learner.get("/learn/demo/").status_code == 200
    assert banner(admin.get("/admin/").get_data(as_text=True)) == []


def test_the_watcher_logs_a_broken_reload_in_the_servers_language(
    app: Flask, monkeypatch: pytest.MonkeyPatch, caplog: pytest.LogCaptureFixture
) -> None:
    courses = library_of(app)
    monkeypatch.setenv("LIANE_LANG", "fr")
    caplog.set_level(logging.INFO, logger=app.logger.name)
    reloaded = threading.Event()
    stop = watch_courses(app, interval=0.05, on_reload=reloaded.set)
    try:
        edit(courses / "demo" / "quiz.yml", *TYPO)
        assert reloaded.wait(5)
    finally:
        stop.set()
    messages = [record.getMessage() for record in caplog.records]
    assert messages == [
        "le cours `demo` a des erreurs : sa dernière version correcte reste servie",
        *TYPO_FR,
        "cours rechargés",
    ]
    assert app.extensions["liane.library"].course("demo").title == "Cours de démonstration"
