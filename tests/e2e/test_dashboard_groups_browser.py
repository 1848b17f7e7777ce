"""A group's survey bands at two dates, in a browser (issue 14): a facilitator leading two
groups picks one in the dashboard's selector, types two dates in the survey's fields and
reads the bands side by side with the difference, in a chart and a table; on a 360 px phone
the page never scrolls sideways; no moderate or worse accessibility violation, in both
colour schemes. The data: tests/player/test_dashboard_groups.py's seed."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.helpers.browser import PASSWORD, axe_violations, browser_player, screenshot, signed_in
from tests.helpers.courses import LIBRARY
from tests.helpers.server import serve
from tests.player.test_dashboard_groups import ATELIER, seed

pytestmark = pytest.mark.slow


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_a_group_s_bands_at_two_dates(browser: Any, tmp_path: Path, scheme: str) -> None:
    app = browser_player(tmp_path, COURSES_DIR=str(LIBRARY))
    seed(app, PASSWORD)
    with serve(app) as server:
        for width in (1280, 360):
            screen = {"viewport": {"width": width, "height": 900}, "color_scheme": scheme}
            context, page = signed_in(
                browser, server.url + "/admin/courses/demo", "hugo@example.org", **screen
            )
            page.select_option("#group-filter", label=ATELIER)
            page.get_by_role("button", name="Afficher").click()
            assert page.locator("h1").inner_text() == f"Cours de démonstration : {ATELIER}"
            page.fill("#from-2", "2027-01-31")
            page.fill("#to-2", "2027-06-30")
            page.get_by_role("button", name="Comparer").click()
            table = page.get_by_role("region", name="Évolution entre deux dates")
            rows = table.locator("tbody tr").all_inner_texts()
            assert [row.split("\t") for row in rows] == [
                ["Votre projet relève du marqueur G0", "1 (50 %)", "0 (0 %)", "-1"],
                ["Votre projet relève du marqueur G1", "1 (50 %)", "2 (67 %)", "+1"],
                ["Votre projet relève du marqueur G2", "0 (0 %)", "1 (33 %)", "+1"],
                ["Pas encore répondu", "1", "0", "-1"],
            ]
            chart = page.get_by_role("img", name="Apprenant·es par profil à deux dates")
            assert chart.locator("rect.pair-0").count() == chart.locator("rect.pair-1").count()
            assert page.evaluate("document.documentElement.scrollWidth") == width
            assert axe_violations(page, least="moderate") == []
            screenshot(page, f"dashboard-group-bands-{scheme}-{width}")
            context.close()
