"""Old phones: every main page fits a 360 px wide screen without sideways scrolling (wide
tables scroll inside their own box), for a learner and for a facilitator."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.model import Quiz
from tests.helpers.browser import axe_violations, browser_player, signed_in
from tests.helpers.courses import bundled_course
from tests.helpers.server import serve

pytestmark = pytest.mark.slow
COURSE = bundled_course("genre-bases")
WIDTH = 360


def overflow(page: Any) -> int:
    """How many pixels the page is wider than the screen (0: it fits)."""
    return int(page.evaluate("document.documentElement.scrollWidth")) - WIDTH


def test_every_main_page_fits_360_px(browser: Any, tmp_path: Path) -> None:
    app = browser_player(
        tmp_path,
        ("awa@example.org", "Awa Diallo"),
        ("chloe@example.org", "Chloé Martin", "facilitator"),
    )
    screen = {"viewport": {"width": WIDTH, "height": 740}}
    with serve(app) as server:
        too_wide = {}
        for email in ("awa@example.org", "chloe@example.org"):
            context, page = signed_in(browser, server.url + "/login", email, **screen)
            page.wait_for_url(server.url + "/")
            paths = ["/login", "/", "/learn/genre-bases/"]
            paths += [
                f"/learn/genre-bases/{item.id}.html"
                for item in COURSE.items()
                if not isinstance(item, Quiz)
            ]
            if email.startswith("chloe"):
                paths += ["/admin/", "/admin/courses/genre-bases"]
            for path in paths:
                page.goto(server.url + path)
                too_wide[f"{email} {path}"] = overflow(page)
                # What scrolls inside its box (wide tables) must be reachable by keyboard.
                assert axe_violations(page) == [], path
            quiz = next(item for item in COURSE.items() if isinstance(item, Quiz))
            page.goto(server.url + f"/learn/genre-bases/{quiz.id}.html")
            page.locator('button[name="action"][value="start"]').click()
            page.get_by_role("button", name="Envoyer mes réponses").wait_for()
            too_wide[f"{email} quiz attempt"] = overflow(page)
            page.get_by_role("button", name="Envoyer mes réponses").click()
            page.get_by_role("button", name="Envoyer quand même").click()  # blank questions
            page.wait_for_url("**/attempts/*")
            too_wide[f"{email} results"] = overflow(page)
            context.close()
    assert {path: px for path, px in too_wide.items() if px > 0} == {}
    assert len(too_wide) >= 25
