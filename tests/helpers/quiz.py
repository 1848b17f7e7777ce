"""The quiz of the player's demo course (tests/data/library/demo): its page, right and wrong
answers, what must never reach the page before submission, and pressing its buttons."""

from __future__ import annotations

import re
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
