"""The workshop kit's offline site and projection mode in Chromium, opened from file:// with
every request to anything but a local file aborted (issue 11): a learner reads a lesson,
answers a quiz, sees the score and finds it again after a reload; a facilitator projects a
quiz at 1024 x 768 and steps through it with the keyboard, revealing an answer; axe finds no
serious violation in either mode. Screenshots go to tests/artifacts/kit-*.png.
"""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

from engine.loader import load_course
from engine.model import Course, Quiz
from export.kit import site_files, write_folder
from tests.export.test_scorm_browser import VISIBLE, Learner
from tests.helpers.browser import axe_violations, screenshot
from tests.helpers.courses import BUNDLED, COURSES

pytestmark = pytest.mark.slow

PROJECTOR = {"width": 1024, "height": 768}
SHOWN = "section.slide:not([hidden])"


def load(course_id: str) -> Course:
    course = load_course(COURSES / course_id)[0]
    assert course is not None
    return course


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """genre-bases' offline site, unpacked as a facilitator would (the PDFs play no part)."""
    folder = tmp_path_factory.mktemp("kit")
    write_folder(site_files(load("genre-bases")), folder)
    return folder


class Offline:
    """A browser window where nothing but local files can load, and what it tried."""

    def __init__(self, browser: Any, **options: Any) -> None:
        self.context = browser.new_context(locale="fr-FR", **options)
        self.requested: list[str] = []
        self.errors: list[str] = []
        self.context.on("request", lambda request: self.requested.append(request.url))
        self.context.route("**/*", self._only_files)

    def _only_files(self, route: Any) -> None:
        if route.request.url.startswith("file://"):
            route.continue_()
        else:
            route.abort()

    def open(self, path: Path, hash_: str = "") -> Any:
        page = self.context.new_page()
        page.on("pageerror", lambda error: self.errors.append(str(error)))
        page.goto(path.as_uri() + hash_)
        return page

    def check(self) -> None:
        assert [url for url in self.requested if not url.startswith("file://")] == []
        assert self.errors == []


@pytest.fixture
def offline(browser: Any) -> Iterator[Offline]:
    window = Offline(browser, viewport=PROJECTOR)
    yield window
    window.context.close()


def test_a_learner_takes_the_course_offline_and_finds_the_progress_again(
    offline: Offline, kit: Path
) -> None:
    course = load("genre-bases")
    page = offline.open(kit / "index.html")
    learner = Learner(page, course)
    page.locator(VISIBLE).wait_for()
    assert page.locator("#liane-status").inner_text() == (
        "Votre progression est gardée dans ce navigateur seulement."
    )
    first = course.lessons[0]
    assert page.locator(VISIBLE).locator("h1").inner_text() == first.title
    assert axe_violations(page) == []
    screenshot(page, "kit-site-lesson")
    for _ in range(3):
        learner.next()
    quiz = learner.quiz()
    for question in learner.shown_questions():
        learner.answer(question)
    assert "Score : 100 %" in learner.submit()
    assert axe_violations(page) == []
    screenshot(page, "kit-site-quiz")
    page.reload()
    page.locator(VISIBLE).wait_for()
    assert learner.item() == quiz.id
    assert "Score : 100 %" in page.locator(VISIBLE).locator(".quiz-result").inner_text()
    keys = page.evaluate("Object.keys(localStorage)")
    assert keys == [f"liane:{course.id}@{course.version}:{first.id}"]
    assert any(url.endswith("liane-runtime.js") for url in offline.requested)
    offline.check()


def test_a_facilitator_projects_a_quiz_and_reveals_an_answer(offline: Offline, kit: Path) -> None:
    course = load("genre-bases")
    quiz = course.quizzes[0]
    page = offline.open(kit / "index.html")
    learner = Learner(page, course)
    page.locator(VISIBLE).wait_for()
    learner.outline(quiz.title)
    page.keyboard.press("p")  # from the site, at the quiz shown
    page.wait_for_url("**/projection.html#slide-*")
    page.evaluate("localStorage.clear()")  # what the site saved as it closed
    slide = page.locator(SHOWN)
    assert slide.locator("h1").inner_text() == quiz.title
    assert page.locator("[data-reveal]").is_hidden()

    page.keyboard.press("ArrowRight")
    question = quiz.questions[0]
    assert slide.get_attribute("data-item") == quiz.id
    assert slide.locator(".slide-context").inner_text() == f"{quiz.title} · Question 1 sur 8"
    reveal = page.get_by_role("button", name="Montrer la réponse")
    assert reveal.is_visible()
    assert slide.locator(".projection-answer").is_hidden()
    assert slide.locator(".mark").count() == 0
    fits = page.evaluate("document.documentElement.scrollHeight <= window.innerHeight")
    assert fits
    screenshot(page, "kit-projection-question")

    page.keyboard.press("r")
    answer = slide.locator(".projection-answer")
    assert answer.is_visible()
    right = slide.locator(".option.is-right")
    assert right.count() == 1
    assert " ".join(right.inner_text().split()) == "Les femmes peuvent allaiter. (bonne réponse)"
    assert question.explanation and "Explication" in answer.inner_text()
    assert page.get_by_role("button", name="Masquer la réponse").is_visible()
    assert axe_violations(page) == []
    screenshot(page, "kit-projection-revealed")

    page.keyboard.press("PageDown")  # a presenter remote's "next"
    assert slide.locator(".slide-context").inner_text().endswith("Question 2 sur 8")
    assert slide.locator(".projection-answer").is_hidden()
    page.keyboard.press("Enter")  # reveals too
    assert slide.locator(".projection-answer").is_visible()
    assert slide.locator(".answer-key, .option.is-right").count() >= 1
    page.keyboard.press("PageUp")
    assert slide.locator(".slide-context").inner_text().endswith("Question 1 sur 8")
    page.keyboard.press("ArrowLeft")
    assert slide.locator("h1").inner_text() == quiz.title

    # Projecting recorded nothing; Escape goes back to the course.
    assert page.evaluate("localStorage.length") == 0
    page.keyboard.press("Escape")
    page.wait_for_url("**/index.html")
    page.locator(VISIBLE).wait_for()
    offline.check()


def test_lessons_are_projected_one_section_at_a_time(offline: Offline, kit: Path) -> None:
    course = load("genre-bases")
    lesson = course.lessons[0]
    page = offline.open(kit / "projection.html")
    slide = page.locator(SHOWN)
    slide.wait_for()
    assert slide.locator("h1").inner_text() == lesson.title
    headings = []
    for _ in range(lesson.html.count("<h2")):
        page.get_by_role("button", name="Suivant →").click()
        headings.append(slide.locator("h2").inner_text())
        assert slide.get_attribute("data-item") == lesson.id
    assert headings[0] == "Le sexe : des caractéristiques biologiques"
    assert page.locator("#projection-count").inner_text() == f"{len(headings) + 1} / " + str(
        page.locator("section.slide").count()
    )
    assert axe_violations(page) == []
    screenshot(page, "kit-projection-lesson")
    offline.check()


@pytest.mark.parametrize("course_id", BUNDLED)
def test_every_projected_question_fits_a_1024_by_768_projector(
    browser: Any, tmp_path: Path, course_id: str
) -> None:
    course = load(course_id)
    write_folder(site_files(course), tmp_path)
    window = Offline(browser, viewport=PROJECTOR)
    try:
        page = window.open(tmp_path / "projection.html")
        page.locator(SHOWN).wait_for()
        total = page.locator("section.slide").count()
        questions = sum(len(q.questions) for q in course.quizzes if isinstance(q, Quiz))
        overflowing = []
        seen = 0
        for index in range(total):
            if index:
                page.keyboard.press("PageDown")
            slide = page.locator(SHOWN)
            if "slide-question" not in (slide.get_attribute("class") or ""):
                continue
            seen += 1
            sizes = page.evaluate(
                "[document.documentElement.scrollHeight, window.innerHeight,"
                " getComputedStyle(document.documentElement).fontSize]"
            )
            if sizes[0] > sizes[1]:
                overflowing.append((slide.get_attribute("id"), sizes))
        assert seen == questions
        assert overflowing == []
        window.check()
    finally:
        window.context.close()
