"""Where focus lands after an action, in a real browser: a form sent back with errors
opens on its first wrong field with the count announced; the results of a quiz open at the
top, focus on the result heading, whatever question was checked last."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import browser_player, signed_in
from tests.helpers.server import serve

pytestmark = pytest.mark.slow


def test_registration_errors_are_announced_and_the_first_is_focused(
    browser: Any, tmp_path: Path
) -> None:
    app = browser_player(tmp_path)
    with serve(app) as server:
        context = browser.new_context(viewport={"width": 360, "height": 740}, locale="fr-FR")
        page = context.new_page()
        page.goto(server.url + "/register")
        # What the server says: old phones send the form without checking it first.
        page.evaluate("document.querySelector('form.card').noValidate = true")
        page.fill("#name", "Awa")
        page.fill("#email", "pas-une-adresse@")
        page.fill("#password", "court")
        page.fill("#confirm", "court")
        page.keyboard.press("Enter")
        page.wait_for_load_state()
        assert page.locator("[role=alert]").inner_text() == "Champs à corriger : 2."
        assert page.evaluate("document.activeElement.id") == "email"
        context.close()


def test_results_open_at_the_top_with_focus_on_the_result(browser: Any, tmp_path: Path) -> None:
    app = browser_player(tmp_path, ("awa@example.org", "Awa Diallo"))
    with serve(app) as server:
        quiz = server.url + "/learn/genre-bases/quiz-2-cycle-de-projet.html"
        context, page = signed_in(browser, quiz, "awa@example.org")
        page.wait_for_url(quiz)
        page.locator('button[name="action"][value="start"]').click()
        page.goto(quiz + "#question-q3")  # the quiz page scrolled to a later question
        page.locator('button[name="action"][value="submit"]').click()
        page.get_by_role("button", name="Envoyer quand même").click()  # blank questions
        page.wait_for_url("**/attempts/*")
        assert page.url.endswith("#top")
        assert page.title().startswith("Résultats : ")
        assert page.evaluate("document.activeElement.id") == "result-title"
        assert page.evaluate("window.scrollY") < 80  # at the top, the score in view
        context.close()
