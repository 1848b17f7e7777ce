"""The staff's projected view in Chromium (issue 15): entered from a lesson's "Vue projetée"
link, it has no facilitator note; the keys a presenter remote sends move from item to item
staying in the view (into a quiz and back), Escape leaves it; axe finds no serious or
critical violation; docs/images/projected-lesson.png is a 1280x720 projected lesson."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.courses import ROOT
from tests.helpers.server import serve

pytestmark = pytest.mark.slow
COURSE = "/learn/genre-bases/"
LESSONS = ("01-sexe-et-genre", "02-roles-et-rapports-de-pouvoir", "03-intersectionnalite")
QUIZ = "quiz-1-notions"
# In the facilitator block of each of the three lessons.
NOTE = "Animer cette séquence"
SCREENSHOT = ROOT / "docs" / "images" / "projected-lesson.png"


def press(page: Any, key: str, url: str) -> None:
    """Press `key` and wait for the page it leads to."""
    page.keyboard.press(key)
    page.wait_for_url(url)
    page.wait_for_load_state()


def test_projected_view_hides_notes_and_moves_with_the_keys(browser: Any, tmp_path: Path) -> None:
    app = browser_player(tmp_path, ("chloe@example.org", "Chloé Martin", "facilitator"))
    with serve(app) as server:
        base = server.url + COURSE

        def projected(item: str) -> str:
            return f"{base}{item}.html?view=projected"

        first = f"{base}{LESSONS[0]}.html"
        context, page = signed_in(
            browser, first, "chloe@example.org", viewport={"width": 1280, "height": 720}
        )
        page.wait_for_url(first)
        assert page.get_by_text(NOTE).count() == 1  # the facilitator sees the notes here
        screenshot(page, "projected-view-switch")
        page.get_by_role("link", name="Vue projetée").click()
        page.wait_for_url(projected(LESSONS[0]))
        assert NOTE not in page.content()
        assert "Chloé Martin" not in page.content()
        assert page.locator("h1").inner_text() == "Sexe et genre : de quoi parle-t-on ?"
        assert axe_violations(page) == []
        SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(SCREENSHOT))
        # The projector's type: a root of 10 px + 1.4 vw (27.92 px on 1280 px), body text
        # 1.0625 rem of it (liane.css); 17 px in the normal view.
        size = page.evaluate("getComputedStyle(document.querySelector('.lesson-body p')).fontSize")
        assert size == "29.665px"

        press(page, "ArrowRight", projected(LESSONS[1]))
        assert NOTE not in page.content()
        press(page, "PageDown", projected(LESSONS[2]))
        assert NOTE not in page.content()
        press(page, "ArrowRight", projected(QUIZ))
        assert page.locator("fieldset.question").count() > 0
        assert page.locator("main form, .verdict, .is-right").count() == 0
        screenshot(page, "projected-quiz")
        press(page, "PageUp", projected(LESSONS[2]))
        press(page, "ArrowLeft", projected(LESSONS[1]))
        assert NOTE not in page.content()
        # A key with Shift, Alt, Ctrl or Meta stays the browser's: the script leaves it
        # (a listener added after the script's sees it not prevented, and the page stays).
        page.evaluate(
            "document.addEventListener('keydown', e => { window.prevented = e.defaultPrevented })"
        )
        for key in ("Shift+ArrowRight", "Alt+ArrowLeft", "Control+PageDown"):
            page.keyboard.press(key)
            assert page.evaluate("window.prevented") is False, key
        page.keyboard.press("ArrowRight")  # the same listener sees the script's own keys
        page.wait_for_url(projected(LESSONS[2]))
        page.go_back()
        page.wait_for_url(projected(LESSONS[1]))

        press(page, "Escape", f"{base}{LESSONS[1]}.html")
        assert page.get_by_text(NOTE).count() == 1  # back to the facilitator's own page
        assert page.locator("body.projected").count() == 0
        # Out of the view, the keys are the browser's again: no script for them.
        assert page.locator('script[src*="liane-projected.js"]').count() == 0
        context.close()
