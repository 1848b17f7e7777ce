"""A course file saved with an error while the player runs with its course watcher (what
`liane serve --reload-courses` starts): the learner, on a lesson, keeps reading and goes on
to the next page; a facilitator sees the problem with its file and line; once the file is
fixed, the notice goes (issue 13)."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

import pytest

from engine.player.commands import watch_courses
from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.course_edits import TYPO, copy_library, edit
from tests.helpers.server import serve

pytestmark = pytest.mark.slow
PROBLEM = "demo/quiz.yml:12:9: clé inconnue `corect` (vouliez-vous dire `correct` ?)"
NOTICE = (
    "Les fichiers de Cours de démonstration ont des erreurs : les apprenant·es voient sa "
    "dernière version correcte tant qu'elles ne sont pas corrigées."
)


def saved_and_reloaded(reloaded: threading.Event, path: Path, old: str, new: str) -> None:
    """Save the change, then wait until the watcher has loaded the courses again."""
    reloaded.clear()
    edit(path, old, new)
    assert reloaded.wait(10), "the courses were not reloaded"


def test_a_typo_keeps_the_course_served_and_staff_see_it_until_fixed(
    browser: Any, tmp_path: Path
) -> None:
    courses = copy_library(tmp_path / "courses")
    app = browser_player(
        tmp_path,
        ("awa@example.org", "Awa Diallo"),
        ("chloe@example.org", "Chloé Martin", "facilitator"),
        COURSES_DIR=str(courses),
    )
    reloaded = threading.Event()
    stop = watch_courses(app, interval=0.1, on_reload=reloaded.set)
    quiz = courses / "demo" / "quiz.yml"
    try:
        with serve(app) as server:
            learner_context, learner = signed_in(
                browser, server.url + "/learn/demo/intro.html", "awa@example.org"
            )
            staff_context, staff = signed_in(
                browser, server.url + "/learn/demo/intro.html", "chloe@example.org"
            )
            assert learner.locator("h1").inner_text() == "Introduction"
            assert staff.locator(".course-problems").count() == 0

            saved_and_reloaded(reloaded, quiz, *TYPO)

            # The learner goes on reading: the next page, then the quiz, as before.
            learner.get_by_role("link", name="Suivant →").click()
            learner.wait_for_url("**/learn/demo/suite.html")
            assert learner.locator("h1").inner_text() == "Suite"
            assert "Deuxième leçon." in learner.locator("main").inner_text()
            learner.get_by_role("link", name="Suivant →").click()
            learner.wait_for_url("**/learn/demo/quiz.html")
            assert learner.locator("h1").inner_text() == "Quiz de démonstration"
            assert learner.locator(".course-problems").count() == 0
            assert "corect" not in learner.content()

            # The facilitator, on the same lesson, sees the problem with its file and line.
            staff.reload()
            notice = staff.locator(".course-problems")
            assert notice.locator("strong").inner_text() == NOTICE
            assert notice.locator("li").all_inner_texts() == [PROBLEM]
            assert staff.locator("h1").inner_text() == "Introduction"  # the lesson is there
            assert axe_violations(staff) == []
            screenshot(staff, "stale-course-notice")
            staff.goto(server.url + "/admin/")
            assert staff.locator(".course-problems li").all_inner_texts() == [PROBLEM]

            saved_and_reloaded(reloaded, quiz, *reversed(TYPO))
            staff.goto(server.url + "/learn/demo/intro.html")
            assert staff.locator("h1").inner_text() == "Introduction"
            assert staff.locator(".course-problems").count() == 0
            staff.goto(server.url + "/admin/")
            assert staff.locator(".course-problems").count() == 0
            learner_context.close()
            staff_context.close()
    finally:
        stop.set()
