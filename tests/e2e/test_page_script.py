"""What the player's small script does in a real browser: it reports active time while the
learner is on a page, and saves quiz answers as they are given, so a closed tab loses
nothing. Both send the page's CSRF token (a meta tag) with fetch."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import select

from engine.player.db import session
from engine.player.models import Attempt, ItemProgress
from tests.helpers.browser import browser_player, signed_in
from tests.helpers.server import serve

pytestmark = pytest.mark.slow


def test_active_time_and_autosave_from_the_page(browser: Any, tmp_path: Path) -> None:
    app = browser_player(tmp_path, ("awa@example.org", "Awa Diallo"), HEARTBEAT_SECONDS=1)
    with serve(app) as server:
        lesson = server.url + "/learn/genre-bases/01-sexe-et-genre.html"
        context, page = signed_in(browser, lesson, "awa@example.org")
        posts: list[int] = []
        page.on("response", lambda r: posts.append(r.status) if r.url.endswith("/time") else None)
        page.wait_for_url(lesson)
        # An active reader for about 3 s: three heartbeats of 1 s, each answered (recorded).
        for step in range(3):
            with page.expect_response(lambda r: r.url.endswith("/time"), timeout=5_000):
                page.mouse.move(10 + step * 5, 200)
        assert posts and set(posts) == {200}
        with app.app_context():
            seconds = session().scalar(
                select(ItemProgress.seconds).filter_by(item_id="01-sexe-et-genre")
            )
        assert seconds is not None and 2 <= seconds <= 4

        quiz = server.url + "/learn/genre-bases/quiz-1-notions.html"
        page.goto(quiz)
        page.locator('button[name="action"][value="start"]').click()
        first = page.locator("fieldset.question").first
        choice = first.locator("input[type=radio]").first
        value = choice.get_attribute("value")
        with page.expect_response(
            lambda r: r.request.method == "POST" and r.url.endswith("quiz-1-notions.html")
        ) as saved:
            choice.check()
        assert saved.value.status == 204  # saved by the script, no page change
        context.close()  # the tab is closed without saving or submitting

        context, page = signed_in(browser, quiz, "awa@example.org")
        page.wait_for_url(quiz)
        first = page.locator("fieldset.question").first
        assert first.locator(f'input[value="{value}"]').is_checked()
        context.close()
    with app.app_context():
        attempts = session().scalars(select(Attempt)).all()
    assert len(attempts) == 1 and attempts[0].submitted_at is None
