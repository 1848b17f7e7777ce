"""The catalogue's "À faire" list on a 360 px phone (issue 14): an assigned course late and an
assigned path due soon come first, with their due dates and progress bars, without sideways
scrolling, axe (moderate and worse) clean. Screenshot: tests/artifacts/todo-360.png."""

from __future__ import annotations

from datetime import date
from pathlib import Path
from typing import Any

import pytest

from engine.player import todo
from tests.helpers.assigned import assign
from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.groups import make_group
from tests.helpers.server import serve

pytestmark = pytest.mark.slow


def test_the_to_do_list_on_a_phone(
    browser: Any, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(todo, "today", lambda: date(2027, 3, 1))
    app = browser_player(tmp_path, ("awa@example.org", "Awa Diallo"))
    group = make_group(app, "Salarié·es 2027", members=("awa@example.org",))
    assign(app, group, "course:gender-basics-en", date(2027, 2, 20))
    assign(app, group, "path:parcours-salaries", date(2027, 3, 15))
    with serve(app) as server:
        context, page = signed_in(
            browser,
            server.url + "/login",
            "awa@example.org",
            viewport={"width": 360, "height": 740},
        )
        page.wait_for_url(server.url + "/")
        assert page.locator("h2").first.inner_text() == "À faire"
        assert page.locator(".todo .due").all_inner_texts() == [
            "À faire pour le 20 février En retard",
            "À faire pour le 15 mars",
        ]
        bar = page.get_by_role("progressbar", name="Cours terminés")
        box = bar.bounding_box()
        assert box is not None and box["width"] >= 120
        assert page.evaluate("document.documentElement.scrollWidth") <= 360
        assert axe_violations(page, "moderate") == []
        screenshot(page, "todo-360")
        context.close()
