"""Dark mode (issue 12): the player and a package follow the system's colour scheme, and axe
finds no moderate, serious or critical violation (contrast included) in either scheme, at
1280 and 360 px, on the catalog, an outline, a lesson, a quiz, its results, the dashboard and
a package's page. Projection mode stays light (a projector)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.loader import load_course
from export.kit import site_files, write_folder
from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.courses import COURSES
from tests.helpers.server import serve

pytestmark = pytest.mark.slow
SCHEMES = ("light", "dark")
WIDTHS = (1280, 360)
# The page background of each scheme (liane.css's --soft).
BACKGROUND = {"light": "rgb(244, 241, 236)", "dark": "rgb(19, 21, 24)"}
QUIZ = "/learn/genre-bases/quiz-2-cycle-de-projet.html"


def background(page: Any) -> str:
    return str(page.evaluate("getComputedStyle(document.body).backgroundColor"))


def test_the_player_in_both_schemes(browser: Any, tmp_path: Path) -> None:
    # One facilitator per scheme and width: the quiz allows 3 attempts.
    chloes = [(f"chloe{n}@example.org", "Chloé Martin", "facilitator") for n in range(4)]
    app = browser_player(tmp_path, *chloes)
    found: dict[str, list[dict[str, Any]]] = {}
    with serve(app) as server:
        for n, (scheme, width) in enumerate((s, w) for s in SCHEMES for w in WIDTHS):
            screen = {"viewport": {"width": width, "height": 800}, "color_scheme": scheme}
            email = f"chloe{n}@example.org"
            context, page = signed_in(browser, server.url + "/", email, **screen)
            page.wait_for_url(server.url + "/")
            assert background(page) == BACKGROUND[scheme]
            pages = [
                "/",
                "/learn/genre-bases/",
                "/learn/genre-bases/01-sexe-et-genre.html",
                "/admin/",
                "/admin/courses/genre-bases",
            ]
            for path in pages:
                page.goto(server.url + path)
                found[f"{scheme} {width} {path}"] = axe_violations(page, least="moderate")
            # The outline's "seen" mark is not read in the lesson link's name.
            page.goto(server.url + "/learn/genre-bases/")
            seen = page.locator(".item.is-seen > a").first
            assert "✓" not in str(seen.evaluate("e => e.textContent"))
            name = page.get_by_role("link", name="Sexe et genre : de quoi parle-t-on ?")
            assert name.count() == 1
            page.goto(server.url + QUIZ)
            page.locator('button[name="action"][value="start"]').click()
            page.get_by_role("button", name="Envoyer mes réponses").wait_for()
            found[f"{scheme} {width} quiz"] = axe_violations(page, least="moderate")
            if width == 360:
                screenshot(page, f"dark-mode-{scheme}-quiz")
            page.get_by_role("button", name="Envoyer mes réponses").click()
            page.get_by_role("button", name="Envoyer quand même").click()
            page.wait_for_url("**/attempts/*")
            found[f"{scheme} {width} results"] = axe_violations(page, least="moderate")
            if width == 360:
                screenshot(page, f"dark-mode-{scheme}-results")
            context.close()
    assert {where: v for where, v in found.items() if v} == {}
    assert len(found) == 28


def test_a_package_in_both_schemes_and_projection_stays_light(browser: Any, tmp_path: Path) -> None:
    from tests.export.test_scorm_browser import VISIBLE, Learner

    course = load_course(COURSES / "genre-bases")[0]
    assert course is not None
    write_folder(site_files(course), tmp_path)
    found: dict[str, list[dict[str, Any]]] = {}
    for scheme in SCHEMES:
        for width in WIDTHS:
            context = browser.new_context(
                locale="fr-FR", viewport={"width": width, "height": 800}, color_scheme=scheme
            )
            page = context.new_page()
            page.goto((tmp_path / "index.html").as_uri())
            page.locator(VISIBLE).wait_for()
            assert background(page) == BACKGROUND[scheme]
            found[f"{scheme} {width} lesson"] = axe_violations(page, least="moderate")
            Learner(page, course).outline(course.quizzes[1].title)
            page.locator(VISIBLE).locator("fieldset.question").first.wait_for()
            found[f"{scheme} {width} quiz"] = axe_violations(page, least="moderate")
            if width == 360:
                screenshot(page, f"dark-mode-{scheme}-package")
            page.goto((tmp_path / "projection.html").as_uri())
            assert background(page) == "rgb(255, 255, 255)"
            ink = page.evaluate("getComputedStyle(document.body).color")
            assert ink == "rgb(31, 35, 40)"  # --ink of the light scheme
            context.close()
    assert {where: v for where, v in found.items() if v} == {}
