"""The quiz of the player's demo course (tests/data/library/demo): its page, right and wrong
answers, what must never reach the page before submission, and pressing its buttons."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

from flask.testing import FlaskClient

from tests.helpers.player import csrf_token

QUIZ = "/learn/demo/quiz.html"
SECRETS = (
    "FEEDBACK-JUSTE-NON",
    "FEEDBACK-FAUX-OUI",
    "EXPLICATION-GENRE",
    "cinq",
    '"correct"',
    "solution",
)
RIGHT = {"q-genre": "b", "q-odd": " Cinq ", "q-vrai": "true", "q-avis": "Très <b>utile</b>"}
WRONG = {"q-genre": "a", "q-odd": "6", "q-vrai": "false", "q-avis": ""}


def act(
    client: FlaskClient, action: str, answers: dict[str, str] | None = None, url: str = QUIZ
) -> Any:
    """Press a button of the quiz page, as a browser would (token and attempt from the page).
    "submit" is confirmed, as after "Send anyway": blank questions ask first otherwise
    (tests/player/test_quiz_confirm.py)."""
    page = client.get(url).get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page)
    confirmed = {"confirm": "1"} if action == "submit" else {}
    data = {"csrf_token": csrf_token(page), "action": action, **confirmed, **(answers or {})}
    if attempt:
        data["attempt"] = attempt.group(1)
    return client.post(url, data=data)


def complete_demo(learner: FlaskClient) -> None:
    """Complete the demo course: both lessons read, the quiz passed."""
    learner.get("/learn/demo/intro.html")
    learner.get("/learn/demo/suite.html")
    act(learner, "start")
    act(learner, "submit", RIGHT)


def immediate_client(tmp_path: Path, database_url: str) -> FlaskClient:
    """A learner (zoe@example.org) signed in to a copy of the demo library whose quiz gives
    immediate feedback (2 attempts): one answer checked at a time."""
    import shutil

    from engine.player.accounts import create_user
    from tests.helpers.courses import LIBRARY
    from tests.helpers.player import make_app, sign_in

    courses = tmp_path / "courses"
    shutil.copytree(LIBRARY, courses)
    quiz_file = courses / "demo" / "quiz.yml"
    quiz_file.write_text(
        quiz_file.read_text(encoding="utf-8").replace(
            "max_attempts: 2\n", "max_attempts: 2\nfeedback: immediate\n"
        ),
        encoding="utf-8",
    )
    app = make_app(database_url, COURSES_DIR=str(courses))
    client = app.test_client()
    with app.app_context():
        create_user("zoe@example.org", "Zoé", "motdepasse-solide")
    sign_in(client, "zoe@example.org")
    return client
