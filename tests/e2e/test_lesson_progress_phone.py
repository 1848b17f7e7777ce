"""On a 360 px phone, a lesson says where the learner is and shows the share of the course's
lessons read as a progress bar a screen reader names; the outline's metadata line wraps.
Screenshots in tests/artifacts/ (lesson-progress-360.png, outline-facts-360.png)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.server import serve

pytestmark = pytest.mark.slow


def test_lesson_progress_and_course_facts_on_a_phone(browser: Any, tmp_path: Path) -> None:
    app = browser_player(tmp_path, ("awa@example.org", "Awa Diallo"))
    with serve(app) as server:
        context, page = signed_in(
            browser,
            server.url + "/login",
            "awa@example.org",
            viewport={"width": 360, "height": 740},
        )
        page.wait_for_url(server.url + "/")
        page.goto(server.url + "/learn/genre-bases/01-sexe-et-genre.html")
        page.goto(server.url + "/learn/genre-bases/04-diagnostic-genre.html")
        assert page.locator(".lesson-progress span").inner_text() == "Leçon 4 sur 8"
        bar = page.get_by_role("progressbar", name="Leçons lues : 2 sur 8")
        assert bar.is_visible()
        box = bar.bounding_box()
        assert box is not None and box["width"] >= 120  # a bar, not a sliver, at 360 px
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page, "moderate") == []
        screenshot(page, "lesson-progress-360")

        page.goto(server.url + "/learn/genre-bases/")
        facts = page.get_by_role("list", name="À propos de ce cours")
        assert facts.get_by_role("listitem").all_inner_texts() == [
            "Durée : 3\u00a0h",
            "Public : Salarié·es des associations de solidarité internationale, Membres des "
            "conseils d'administration et bénévoles, Adhérent·es du réseau Lianes coopération, "
            "Animateur·rices d'ateliers d'ECSI",
            "Auteur·e : Lianes coopération",
            "Licence CC BY-SA 4.0",
            "ODD 5, 10, 17",
        ]
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page, "moderate") == []
        screenshot(page, "outline-facts-360")
        context.close()
