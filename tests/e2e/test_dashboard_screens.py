"""A course's dashboard with a group's answers, in a browser: on a 1280 px screen its item
tables use the width; on a 360 px phone the page never scrolls sideways (each table
scrolls in its own box); no serious accessibility violation, in both colour schemes.
Screenshots in tests/artifacts/dashboard-*.png for people to look at."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from engine.model import Quiz
from tests.helpers.browser import axe_violations, browser_player, screenshot, signed_in
from tests.helpers.server import serve

pytestmark = pytest.mark.slow
URL = "/admin/courses/genre-bases"
# What six learners answered (grader's shapes): quiz 1 and the self-diagnosis survey.
QUIZ_1 = [
    {"sexe-ou-genre": "b", "genre-change": False, "crenshaw": "intersectionnalité"},
    {"sexe-ou-genre": "a", "genre-change": True, "crenshaw": "interculturalité"},
    {"sexe-ou-genre": "c", "genre-change": False, "crenshaw": "Interculturalite"},
    {"sexe-ou-genre": "b", "genre-change": True, "crenshaw": "mixité"},
    {"sexe-ou-genre": "d", "genre-change": False, "crenshaw": "l'intersectionnalité"},
    {"sexe-ou-genre": "b", "genre-change": False, "crenshaw": "parité"},
]
SURVEY = ["a", "a", "a", "a", "a", "b"]  # the same option for every question: 13, 12, ...


def seed(app: Any) -> None:
    """Six learners who answered, one who did not, all in a group Chloé leads (a
    facilitator's dashboard counts the groups they lead)."""
    from engine.player.accounts import create_user, find_user
    from engine.player.courses import library
    from engine.player.db import session
    from engine.player.models import Group, GroupLeader, GroupMember
    from engine.player.progress import open_attempt, submit
    from tests.helpers.browser import PASSWORD

    with app.app_context():
        db = session()
        course = library().course("genre-bases")
        assert course is not None
        quiz = course.item("quiz-1-notions")
        survey = course.item("autodiagnostic-marqueur-genre")
        assert isinstance(quiz, Quiz) and isinstance(survey, Quiz)
        for n, (answers, pick) in enumerate(zip(QUIZ_1, SURVEY, strict=True)):
            user = create_user(f"learner{n}@example.org", f"Learner {n}", PASSWORD)
            likert = {"1": 1 + n % 4, "2": 4 - n % 4, "3": 2 + n % 3}
            responses = {**answers, "mes-representations": likert}
            submit(db, quiz, open_attempt(db, user.id, course, quiz), responses)
            survey_answers = {q.id: pick for q in survey.questions}
            submit(db, survey, open_attempt(db, user.id, course, survey), survey_answers)
        create_user("late@example.org", "Late Learner", PASSWORD)  # never attempted
        group = Group(name="Atelier ECSI Lille", join_code="ATELIER2")
        db.add(group)
        db.flush()
        emails = [f"learner{n}@example.org" for n in range(len(QUIZ_1))] + ["late@example.org"]
        for email, link in [(e, GroupMember) for e in emails] + [
            ("chloe@example.org", GroupLeader)
        ]:
            person = find_user(email)
            assert person is not None
            db.add(link(group_id=group.id, user_id=person.id))
        db.commit()


def widths(page: Any) -> dict[str, int]:
    return {
        "page": int(page.evaluate("document.documentElement.scrollWidth")),
        "items": int(page.locator("table.items").first.evaluate("t => t.offsetWidth")),
        "box": int(page.locator("table.items").first.evaluate("t => t.parentElement.clientWidth")),
    }


@pytest.mark.parametrize("scheme", ["light", "dark"])
def test_dashboard_uses_a_wide_screen_and_fits_a_phone(
    browser: Any, tmp_path: Path, scheme: str
) -> None:
    app = browser_player(tmp_path, ("chloe@example.org", "Chloé Martin", "facilitator"))
    seed(app)
    with serve(app) as server:
        found = {}
        for width in (1280, 360):
            screen = {"viewport": {"width": width, "height": 900}, "color_scheme": scheme}
            context, page = signed_in(browser, server.url + URL, "chloe@example.org", **screen)
            page.wait_for_url(server.url + URL)
            assert page.get_by_text("1 apprenant·e ne l'a pas encore tenté.").count() == 2
            measured = widths(page)
            if width == 1280:
                assert measured["items"] > 900, measured
                assert measured["page"] == 1280, measured
            else:
                assert measured["page"] == 360, measured  # no sideways scroll
                assert measured["items"] > measured["box"], measured  # scrolls in its box
            found[width] = axe_violations(page)
            screenshot(page, f"dashboard-{scheme}-{width}")
            context.close()
    assert found == {1280: [], 360: []}
