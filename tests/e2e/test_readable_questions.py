"""Matching, ordering and fill in the blanks readable by everyone (issue 12), in Chromium on
phones of 360 and 320 px: every choice shown in full (the selects name them by letter), a
choice placed twice said at once in the question's live region, blanks named by their
sentence, and the review written as text (the answer given, right or wrong, and the right one
once it may be shown) instead of locked selects and fields; in the player and in a package
(the workshop kit's offline site: the SCORM page and runtime, from file://)."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from engine.loader import load_course
from engine.model import Course, FillBlanks, Ordering
from export.kit import site_files, write_folder
from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.courses import COURSES
from tests.helpers.server import LiveServer, serve

pytestmark = pytest.mark.slow
CYCLE = "/learn/genre-bases/quiz-2-cycle-de-projet.html"  # after submission, 3 attempts
LETTERS = "ABCDEFGHIJKLMNOPQRSTUVWXYZ"
# The four blanks of "diagnostic-trous", named by the words around them.
BLANK_NAMES = [
    "Le diagnostic genre établit le profil d' … (qui fait quoi), le profil d'",
    "(qui fait quoi), le profil d' … et de",
    "et de … des ressources, et identifie les facteurs d'influence",
    "Il est réalisé … la conception du projet.",
]


def course() -> Course:
    loaded = load_course(COURSES / "genre-bases")[0]
    assert loaded is not None
    return loaded


def ordering() -> Ordering:
    question = course().quizzes[1].question("cycle")
    assert isinstance(question, Ordering)
    return question


def blanks() -> FillBlanks:
    question = course().quizzes[1].question("diagnostic-trous")
    assert isinstance(question, FillBlanks)
    return question


@pytest.fixture
def player(tmp_path: Path) -> Iterator[tuple[Flask, LiveServer]]:
    app = browser_player(tmp_path, ("awa@example.org", "Awa Diallo"))
    with serve(app) as server:
        yield app, server


def fits(page: Any, selector: str) -> bool:
    """Every element of `selector` shows all its text: nothing cut, nothing wider than it."""
    return bool(
        page.locator(selector).evaluate_all(
            "els => els.length > 0 && els.every(e => e.scrollWidth <= e.clientWidth"
            " && e.getBoundingClientRect().right <= document.documentElement.clientWidth)"
        )
    )


def check_ordering_form(page: Any, box: Any, width: int) -> list[str]:
    """The items in full, lettered as shown; each select's options "A. <text>"; an item
    placed twice said in the live region, then unsaid. Returns the item ids as lettered."""
    question = ordering()
    texts = {item.id: item.text for item in question.items}
    shown = box.locator(".pair-choices-list li").evaluate_all(
        "els => els.map(e => e.dataset.choice)"
    )
    assert sorted(shown) == sorted(texts)
    assert box.locator(".pair-choices-list li").all_inner_texts() == [
        f"{LETTERS[k]}. {texts[item]}" for k, item in enumerate(shown)
    ]
    assert fits(page, "#question-cycle .pair-choices-list li, #question-cycle select")
    options = box.locator("select").first.locator("option").all_inner_texts()
    assert options == ["Choisir…"] + [f"{LETTERS[k]}. {texts[i]}" for k, i in enumerate(shown)]
    assert page.evaluate("document.documentElement.scrollWidth") <= width

    region = box.locator(".pairs-warning")
    assert region.get_attribute("aria-live") == "polite"
    assert region.inner_text() == ""
    box.locator('select[name="q-cycle-1"]').select_option(shown[2])
    box.locator('select[name="q-cycle-2"]').select_option(shown[0])
    box.locator('select[name="q-cycle-3"]').select_option(shown[2])
    assert region.inner_text() == (
        "C est placé à 2 positions (1, 3) : chaque élément n'a qu'une place."
    )
    invalid = box.locator('select[aria-invalid="true"]').evaluate_all("els => els.map(e => e.name)")
    assert invalid == ["q-cycle-1", "q-cycle-3"]
    assert box.locator('select[name="q-cycle-1"]').get_attribute("aria-describedby") == (
        region.get_attribute("id")
    )
    box.locator('select[name="q-cycle-3"]').select_option(shown[1])
    assert region.inner_text() == ""
    assert box.locator('select[aria-invalid="true"]').count() == 0
    return list(shown)


def test_ordering_and_blanks_in_the_player(browser: Any, player: tuple[Flask, LiveServer]) -> None:
    _app, server = player
    question, text = ordering(), blanks()
    for width in (360, 320):
        screen = {"viewport": {"width": width, "height": 740}}
        context, page = signed_in(browser, server.url + CYCLE, "awa@example.org", **screen)
        page.goto(server.url + CYCLE)
        start = page.locator('button[name="action"][value="start"]')
        if width == 360:  # the attempt then goes on at 320 px
            start.click()
        page.get_by_role("button", name="Envoyer mes réponses").wait_for()
        box = page.locator("#question-cycle")
        check_ordering_form(page, box, width)
        for name in BLANK_NAMES:
            assert page.get_by_role("textbox", name=name, exact=True).count() == 1
        assert page.get_by_role("textbox", name="Champ à compléter 1").count() == 0
        assert axe_violations(page, least="moderate") == []
        screenshot(page, f"readable-ordering-{width}")
        context.close()

    # One attempt: the order right but for two items swapped, two blanks wrong, the rest
    # left blank; then the review reads as text, without the right answers (2 attempts left).
    context, page = signed_in(
        browser, server.url + CYCLE, "awa@example.org", viewport={"width": 360, "height": 740}
    )
    page.goto(server.url + CYCLE)
    page.get_by_role("button", name="Envoyer mes réponses").wait_for()
    box = page.locator("#question-cycle")
    given = list(question.solution)
    given[0], given[1] = given[1], given[0]
    for position, item in enumerate(given, start=1):
        box.locator(f'select[name="q-cycle-{position}"]').select_option(item)
    typed = [text.blanks[0].answers[0], "zzz", text.blanks[2].answers[0], ""]
    for blank, value in zip(text.blanks, typed, strict=True):
        page.locator(f'input[name="q-diagnostic-trous-{blank.id}"]').fill(value)
    page.get_by_role("button", name="Envoyer mes réponses").click()
    page.get_by_role("button", name="Envoyer quand même").click()
    page.wait_for_url("**/attempts/*")
    texts = {item.id: item.text for item in question.items}
    review = page.locator("#question-cycle")
    assert review.locator("select").count() == 0
    assert review.locator(".ordering li").all_inner_texts() == [
        f"Position {n} :\n{texts[item]} ({'juste' if n > 2 else 'faux'})"
        for n, item in enumerate(given, start=1)
    ]
    assert review.locator(".part-expected").count() == 0  # attempts left: not shown yet
    filled = page.locator("#question-diagnostic-trous")
    assert filled.locator("input").count() == 0
    assert filled.locator(".blank-review li").all_inner_texts() == [
        f"{typed[0]} (juste)",
        "zzz (faux)",
        f"{typed[2]} (juste)",
        "aucune (faux)",
    ]
    assert filled.locator(".blank-given").all_inner_texts() == [
        f"{typed[0]}1",
        "zzz2",
        f"{typed[2]}3",
        "…4",
    ]
    assert axe_violations(page, least="moderate") == []
    screenshot(page, "readable-review-360")

    # Two more attempts, the same: out of attempts, the right answers are shown.
    for _attempt in (2, 3):
        page.goto(server.url + CYCLE)
        page.locator('button[name="action"][value="start"]').click()
        page.get_by_role("button", name="Envoyer mes réponses").click()
        page.get_by_role("button", name="Envoyer quand même").click()
        page.wait_for_url("**/attempts/*")
    review = page.locator("#question-cycle")
    assert review.locator(".ordering li").all_inner_texts() == [
        f"Position {n} :\naucune (faux)\nBonne réponse : {texts[item]}"
        for n, item in enumerate(question.solution, start=1)
    ]
    filled = page.locator("#question-diagnostic-trous")
    assert filled.locator(".blank-review li").all_inner_texts() == [
        "aucune (faux)\nRéponses acceptées : " + " / ".join(blank.answers) for blank in text.blanks
    ]
    assert axe_violations(page, least="moderate") == []
    screenshot(page, "readable-review-key-360")
    context.close()


@pytest.fixture(scope="module")
def kit(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = tmp_path_factory.mktemp("kit")
    write_folder(site_files(course()), folder)
    return folder


def test_ordering_in_a_package_follows_the_runtime_order(browser: Any, kit: Path) -> None:
    """The runtime shuffles the options of a package's page: liane-pairs.js letters the list
    and the options in that order, and flags an item placed twice."""
    from tests.export.test_scorm_browser import VISIBLE, Learner

    quiz = course().quizzes[1]
    errors: list[str] = []
    for width in (360, 320):
        context = browser.new_context(locale="fr-FR", viewport={"width": width, "height": 740})
        page = context.new_page()
        page.on("pageerror", lambda error: errors.append(str(error)))
        page.goto((kit / "index.html").as_uri())
        page.locator(VISIBLE).wait_for()
        Learner(page, course()).outline(quiz.title)
        box = page.locator(VISIBLE).locator("fieldset.question-ordering")
        box.wait_for()
        question = ordering()
        texts = {item.id: item.text for item in question.items}
        order = (
            box.locator("select")
            .first.locator("option")
            .evaluate_all("els => els.map(e => e.value).filter(Boolean)")
        )
        assert order != list(question.solution)
        listed = box.locator(".pair-choices-list li").evaluate_all(
            "els => els.map(e => e.dataset.choice)"
        )
        assert listed == order
        assert box.locator(".pair-choices-list li").all_inner_texts() == [
            f"{LETTERS[k]}. {texts[item]}" for k, item in enumerate(order)
        ]
        assert box.locator("select").nth(1).locator("option").all_inner_texts() == ["Choisir…"] + [
            f"{LETTERS[k]}. {texts[item]}" for k, item in enumerate(order)
        ]
        box.locator("select").nth(0).select_option(order[1])
        box.locator("select").nth(4).select_option(order[1])
        assert box.locator(".pairs-warning").inner_text() == (
            "B est placé à 2 positions (1, 5) : chaque élément n'a qu'une place."
        )
        assert page.evaluate("document.documentElement.scrollWidth") <= width
        assert axe_violations(page, least="moderate") == []
        screenshot(page, f"readable-package-ordering-{width}")
        assert errors == []
        context.close()
