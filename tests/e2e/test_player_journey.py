"""A learner's whole journey in a real browser, then the facilitator's view of it.

The learner registers, follows « Parcours salarié·es », reads lessons, fails then passes a
quiz, closes the browser, signs in again and resumes where they were, completes the course
and downloads the certificate; the facilitator then sees it in the dashboard. Every main
page is checked with axe-core and kept as a screenshot.
"""

from __future__ import annotations

import subprocess
from pathlib import Path
from typing import Any

import pytest

from engine.model import (
    FillBlanks,
    Likert,
    Matching,
    MultipleChoice,
    Numeric,
    Open,
    Ordering,
    Question,
    Quiz,
    ShortAnswer,
    SingleChoice,
    TrueFalse,
)
from tests.helpers.browser import (
    ARTIFACTS,
    PASSWORD,
    axe_violations,
    browser_player,
    screenshot,
    signed_in,
)
from tests.helpers.courses import bundled_course
from tests.helpers.groups import make_group
from tests.helpers.server import serve

pytestmark = pytest.mark.slow
COURSE = bundled_course("genre-bases")


def answer(page: Any, question: Question, right: bool) -> None:
    """Fill one question of the page with the right (or a wrong) answer."""
    box = page.locator(f"#question-{question.id}")
    name = f"q-{question.id}"
    if isinstance(question, SingleChoice):
        options = [o for o in question.options if o.correct == right] or question.options
        if isinstance(question, MultipleChoice):
            for option in options:
                box.locator(f'input[value="{option.id}"]').check()
        else:
            box.locator(f'input[value="{options[0].id}"]').check()
    elif isinstance(question, TrueFalse):
        value = question.answer if right else not question.answer
        box.locator(f'input[value="{"true" if value else "false"}"]').check()
    elif isinstance(question, ShortAnswer):
        box.locator(f'input[name="{name}"]').fill(question.answers[0] if right else "zzz")
    elif isinstance(question, Numeric):
        box.locator(f'input[name="{name}"]').fill(
            str(question.answer).replace(".", ",") if right else "99999"
        )
    elif isinstance(question, Matching):
        for left, target in question.solution:
            choice = target if right else next(r.id for r in question.rights if r.id != target)
            box.locator(f'select[name="{name}-{left}"]').select_option(choice)
    elif isinstance(question, Ordering):
        order = question.solution if right else tuple(reversed(question.solution))
        for position, item in enumerate(order, start=1):
            box.locator(f'select[name="{name}-{position}"]').select_option(item)
    elif isinstance(question, FillBlanks):
        for blank in question.blanks:
            box.locator(f'input[name="{name}-{blank.id}"]').fill(
                blank.answers[0] if right else "zzz"
            )
    elif isinstance(question, Likert):
        for statement in question.statements:
            box.locator(f'input[name="{name}-{statement.id}"]').first.check()
    elif isinstance(question, Open):
        box.locator(f'textarea[name="{name}"]').fill(
            " ".join(["réflexion"] * max(question.min_words, 3))
        )


def take_quiz(page: Any, quiz: Quiz, right: bool, shot: str | None = None) -> None:
    """From the quiz's page: start an attempt, answer every question shown, submit."""
    page.locator('button[name="action"][value="start"]').click()
    page.get_by_role("button", name="Envoyer mes réponses").wait_for()
    if shot:
        screenshot(page, shot)
        assert axe_violations(page) == []
    for qid in page.locator("fieldset.question").evaluate_all(
        "els => els.map(e => e.dataset.question)"
    ):
        question = quiz.question(qid)
        assert question is not None
        answer(page, question, right)
    page.get_by_role("button", name="Envoyer mes réponses").click()


def test_learner_journey_then_dashboard(browser: Any, tmp_path: Path) -> None:
    app = browser_player(tmp_path)
    with serve(app) as server:
        context = browser.new_context(locale="fr-FR", viewport={"width": 390, "height": 844})
        page = context.new_page()
        page.goto(server.url + "/register")
        page.fill("#name", "Awa Diallo")
        page.fill("#email", "awa@example.org")
        page.fill("#password", PASSWORD)
        page.fill("#confirm", PASSWORD)
        page.get_by_role("button", name="Créer mon compte").click()
        page.wait_for_url(server.url + "/")
        screenshot(page, "01-catalog")
        assert axe_violations(page) == []

        path = page.locator("section.path", has_text="Parcours salarié·es")
        path.get_by_role("link", name=COURSE.title).click()
        screenshot(page, "02-outline")
        assert axe_violations(page) == []
        page.get_by_role("link", name="Commencer").click()

        items = list(COURSE.items())
        first_quiz_done = False
        for index, item in enumerate(items):
            assert page.url.endswith(f"/learn/genre-bases/{item.id}.html"), page.url
            if isinstance(item, Quiz):
                if not first_quiz_done:
                    screenshot(page, "04-quiz-intro")
                    take_quiz(page, item, right=False, shot="05-quiz-attempt")
                    screenshot(page, "06-results-failed")
                    assert axe_violations(page) == []
                    page.get_by_role("link", name="Réessayer").click()
                    first_quiz_done = True
                take_quiz(page, item, right=True)
                if item.graded:
                    assert page.locator(".result .verdict-title").inner_text() == "Réussi"
                if index + 1 < len(items):
                    page.get_by_role("link", name="Continuer le cours").click()
            else:
                if index == 0:
                    screenshot(page, "03-lesson")
                    assert axe_violations(page) == []
                    assert page.locator(".callout-facilitator").count() == 0
                if index == 2:
                    # Close the browser, come back, sign in: "Resume" leads here.
                    context.close()
                    context, page = signed_in(
                        browser, server.url + "/learn/genre-bases/", "awa@example.org"
                    )
                    page.get_by_role("link", name="Reprendre").click()
                    assert page.url.endswith(f"/learn/genre-bases/{item.id}.html")
                if index + 1 < len(items):
                    page.get_by_role("link", name="Suivant").click()

        page.goto(server.url + "/learn/genre-bases/")
        assert page.locator(".badge-passed").count() == 1
        with page.expect_download() as download:
            page.get_by_role("link", name="Télécharger mon certificat (PDF)").click()
        pdf = tmp_path / "certificat.pdf"
        download.value.save_as(pdf)
        text = " ".join(
            subprocess.run(
                ["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True
            ).stdout.split()
        )
        assert "Awa Diallo" in text and COURSE.title in text
        subprocess.run(
            [
                "pdftoppm",
                "-png",
                "-r",
                "50",
                "-singlefile",
                str(pdf),
                str(ARTIFACTS / "09-certificate"),
            ],
            check=True,
        )
        context.close()

        with app.app_context():
            from engine.player.accounts import create_user

            create_user("chloe@example.org", "Chloé Martin", PASSWORD, "facilitator")
        # A facilitator sees the learners of the groups they lead (issue 14).
        make_group(
            app, "Atelier ECSI Lille", leaders=("chloe@example.org",), members=("awa@example.org",)
        )
        context, page = signed_in(browser, server.url + "/login", "chloe@example.org")
        page.get_by_role("link", name="Tableau de bord").click()
        row = page.locator("tr", has_text="Awa Diallo")
        assert row.locator(".badge-passed").count() >= 1
        screenshot(page, "07-dashboard")
        assert axe_violations(page) == []
        page.get_by_role("link", name=COURSE.title).click()
        funnel = page.get_by_role("region", name="Apprenant·es à chaque étape")
        assert funnel.locator("td").all_inner_texts() == ["1", "1", "1", "1", "1"]
        assert page.locator("figure.chart svg").count() >= 2
        screenshot(page, "08-dashboard-course")
        assert axe_violations(page) == []
        context.close()
