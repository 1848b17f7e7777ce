"""A live session's reports in a browser: the list of sessions and the summary page of a
session of the bundled quiz 1 (every kind of answer it has), on a 1280 px screen and a
360 px phone: no sideways scroll (tables scroll in their own box), no moderate or worse
accessibility violation, a nickname with markup shown as text. Screenshots in
tests/artifacts/live-summary-*.png for people to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
from werkzeug.datastructures import MultiDict

from engine.model import Quiz
from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.server import serve

pytestmark = pytest.mark.slow
NICKNAMES = ("Awa", "Bruno", "<i>Chloé</i>")


# What the three participants answer (grader's shapes), per question of quiz 1; matching's
# are made from its solution (right-hand ids are drawn from sorted texts).
RESPONSES: dict[str, list[Any]] = {
    "sexe-ou-genre": ["b", "a", "c"],
    "genre-change": [False, True, True],
    "acces-controle": ["b", "a", "a"],
    "crenshaw": ["intersectionnalité", "interculturalité", "Interculturalite"],
    "strategique": ["c", "a", "b"],
    "mes-representations": [{"1": 4, "2": 3, "3": 2}, {"1": 3, "2": 3, "3": 1}, {"1": 4}],
    "exemple-projet": ["Un projet d'eau", "Une coopérative", "un projet  d'eau"],
}


def responses(question: Any) -> list[Any]:
    if question.id in RESPONSES:
        return RESPONSES[question.id]
    right = dict(question.solution)
    first = next(iter(right.values()))
    return [right, dict.fromkeys(right, first), {}]


def fields(question: Any, response: Any) -> MultiDict[str, str]:
    """A response as the live page's form sends it (the type's form_parts, or q-<id>)."""
    from engine.questions import question_type

    def text(value: Any) -> str:
        return str(value).lower() if isinstance(value, bool) else str(value)

    parts = question_type(question).form_parts
    if parts is None:
        return MultiDict({f"q-{question.id}": text(response)})
    return MultiDict(
        {name: text(response[key]) for key, name in parts(question) if key in response}
    )


def run(app: Any) -> int:
    """A whole session of quiz 1, three participants answering every question."""
    from engine.player import live, live_answers
    from engine.player.courses import library
    from engine.player.db import session

    with app.app_context():
        db = session()
        course = library().course("genre-bases")
        quiz = course.item("quiz-1-notions") if course else None
        assert course is not None and isinstance(quiz, Quiz)
        item, _secret = live.start(db, course, quiz, created_by=None)
        people = [live_answers.join(db, item, nickname)[0] for nickname in NICKNAMES]
        for position, question in enumerate(live.questions_of(quiz, item)):
            while item.position != position:
                assert live.step(db, quiz, item, "next", item.version)
            assert live.step(db, quiz, item, "open", item.version)
            for person, response in zip(people, responses(question), strict=True):
                form = fields(question, response)
                expected = "blank" if response == {} else "stored"
                assert live_answers.submit(db, quiz, item, person, question.id, form) == expected
        live.finish(db, item, live_answers.stored_summary(db, course, quiz, item))
        return item.id


@pytest.mark.parametrize("width", [1280, 360])
def test_the_summary_of_a_session_reads_on_any_screen(
    browser: Any, tmp_path: Path, width: int
) -> None:
    from engine.player import live_reports

    app = browser_player(tmp_path, ("ada@example.org", "Ada Admin", "admin"))
    if "live_reports" not in app.blueprints:  # until engine/player/__init__.py registers it
        app.register_blueprint(live_reports.bp)
    session_id = run(app)
    with serve(app) as server:
        screen = {"viewport": {"width": width, "height": 900}}
        context, page = signed_in(
            browser, server.url + "/live/sessions", "ada@example.org", **screen
        )
        page.wait_for_url(server.url + "/live/sessions")
        assert axe_violations(page, least="moderate") == []
        screenshot(page, f"live-sessions-{width}")
        page.get_by_role("link", name="Ouvrir le bilan").first.click()
        page.wait_for_url(f"{server.url}/live/s/{session_id}/summary")
        assert page.get_by_role("rowheader", name="<i>Chloé</i>").count() == 1
        assert page.locator("i").count() == 0  # the nickname's markup is text
        assert int(page.evaluate("document.documentElement.scrollWidth")) == width
        assert axe_violations(page, least="moderate") == []
        screenshot(page, f"live-summary-{width}")
        context.close()
