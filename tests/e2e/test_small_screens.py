"""The smallest screens: a 320 px phone (WCAG 1.4.10, reflow) and a 360 px phone with text
at 200 % (WCAG 1.4.4): no page of a learner's journey scrolls sideways; long French words
wrap."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.model import Quiz
from tests.helpers.browser import browser_player, signed_in
from tests.helpers.courses import bundled_course
from tests.helpers.server import serve

pytestmark = pytest.mark.slow


@pytest.mark.parametrize(
    "width,text", [(320, "100%"), (360, "200%")], ids=["320px", "360px-text-200"]
)
def test_no_page_scrolls_sideways(browser: Any, tmp_path: Path, width: int, text: str) -> None:
    app = browser_player(tmp_path, ("awa@example.org", "Awa Diallo"))
    too_wide = {}
    with serve(app) as server:
        context, page = signed_in(
            browser,
            server.url + "/login",
            "awa@example.org",
            viewport={"width": width, "height": 740},
        )
        page.wait_for_url(server.url + "/")
        paths = ["/", "/account"]
        for course_id in ("genre-bases", "politique-genre"):
            course = bundled_course(course_id)
            paths.append(f"/learn/{course_id}/")
            paths += [
                f"/learn/{course_id}/{item.id}.html"
                for item in course.items()
                if not isinstance(item, Quiz)
            ]
        for path in paths:
            page.goto(server.url + path)
            # Text at 200 %, as a browser's text size setting does (rem and em follow it).
            page.evaluate(f"document.documentElement.style.fontSize = '{text}'")
            too_wide[path] = page.evaluate("document.documentElement.scrollWidth") - width
        context.close()
    assert {path: px for path, px in too_wide.items() if px > 0} == {}
