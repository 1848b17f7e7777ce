"""Taking quizzes: attempts, saving, grading on the server, limits, privacy."""

from __future__ import annotations

import re
from collections.abc import Callable
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from engine.player.models import Attempt
from tests.helpers.concurrency import all_at_once
from tests.helpers.player import count_attempts_and_answers, csrf_token, sign_in
from tests.helpers.quiz import QUIZ, RIGHT, SECRETS, WRONG, act


def test_the_answer_key_never_reaches_the_page_before_submission(learner: FlaskClient) -> None:
    bodies = [learner.get(QUIZ).get_data(as_text=True)]
    act(learner, "start")
    bodies.append(learner.get(QUIZ).get_data(as_text=True))
    act(learner, "save", {"q-genre": "a"})
    bodies.append(learner.get(QUIZ).get_data(as_text=True))
    for body in bodies:
        for secret in SECRETS:
            assert secret not in body, secret
    assert 'value="b"' in bodies[1] and "Le genre est-il biologique ?" in bodies[1]


def test_saved_answers_survive_a_closed_browser(app: Flask, learner: FlaskClient) -> None:
    act(learner, "start")
    act(learner, "save", {"q-genre": "b", "q-odd": "cinq"})
    other = app.test_client()  # a new browser: no cookie, sign in again
    sign_in(other, "awa@example.org")
    page = other.get(QUIZ).get_data(as_text=True)
    assert re.search(r'value="b" checked', page)
    assert 'value="cinq"' in page


def test_submit_grades_on_the_server(learner: FlaskClient) -> None:
    act(learner, "start")
    response = act(learner, "submit", WRONG)
    assert response.status_code == 302
    results = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "Score : 0 %" in results or "Score: 0 %" in results
    # Wrong, attempts left: feedback and explanation, but not the right answers yet.
    assert "FEEDBACK-FAUX-OUI" in results and "EXPLICATION-GENRE" in results
    assert "FEEDBACK-JUSTE-NON" not in results
    act(learner, "start")
    response = act(learner, "submit", RIGHT)
    results = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "100 %" in results and "(3 / 3)" in results
    assert "Très &lt;b&gt;utile&lt;/b&gt;" in results  # an open answer, escaped


def test_max_attempts_are_enforced(app: Flask, learner: FlaskClient) -> None:
    for _ in range(2):
        act(learner, "start")
        act(learner, "submit", WRONG)
    response = act(learner, "start")
    assert response.status_code == 302
    page = learner.get(QUIZ).get_data(as_text=True)
    assert 'value="start"' not in page
    with app.app_context():
        from engine.player.db import session

        assert session().scalar(select(func.count()).select_from(Attempt)) == 2


def test_concurrent_submissions_count_once(app: Flask, learner: FlaskClient) -> None:
    act(learner, "start")
    page = learner.get(QUIZ).get_data(as_text=True)
    token = csrf_token(page)
    attempt = re.search(r'name="attempt" value="(\d+)"', page)
    assert attempt is not None
    cookies = {c.key: c.value for c in learner._cookies.values()}  # noqa: SLF001
    codes: list[int] = []

    def submit() -> None:
        client = app.test_client()
        for key, value in cookies.items():
            client.set_cookie(key, value)
        codes.append(
            client.post(
                QUIZ,
                data={
                    "csrf_token": token,
                    "action": "submit",
                    "attempt": attempt.group(1),
                    **RIGHT,
                },
            ).status_code
        )

    all_at_once([submit] * 6)
    assert codes == [302] * 6
    assert count_attempts_and_answers(app) == (1, 4)


def test_learners_cannot_read_each_others_results(
    app: Flask, learner: FlaskClient, make_user: Callable[..., Any], facilitator: FlaskClient
) -> None:
    act(learner, "start")
    location = act(learner, "submit", RIGHT).headers["Location"]
    make_user("bea@example.org", "Béa")
    other = app.test_client()
    sign_in(other, "bea@example.org")
    assert other.get(location).status_code == 404
    assert facilitator.get(location).status_code == 200


def test_survey_shows_its_outcome_band(learner: FlaskClient) -> None:
    url = "/learn/demo/diagnostic.html"
    act(learner, "start", url=url)
    response = act(learner, "submit", {"q-analyse": "b", "q-objectif": "c"}, url=url)
    results = learner.get(response.headers["Location"]).get_data(as_text=True)
    assert "Votre projet relève du marqueur G1" in results


def test_immediate_feedback_checks_one_answer_and_locks_it(
    tmp_path: object, database_url: str, make_user: Callable[..., Any]
) -> None:
    import shutil
    from pathlib import Path

    from tests.helpers.courses import LIBRARY
    from tests.helpers.player import make_app

    courses = Path(str(tmp_path)) / "courses"
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
        from engine.player.auth import create_user

        create_user("zoe@example.org", "Zoé", "motdepasse-solide")
    sign_in(client, "zoe@example.org")
    act(client, "start")
    page = client.get(QUIZ).get_data(as_text=True)
    assert 'value="check:genre"' in page
    act(client, "check:genre", {"q-genre": "b"})
    page = client.get(QUIZ).get_data(as_text=True)
    assert "FEEDBACK-JUSTE-NON" in page and "EXPLICATION-GENRE" in page
    assert 'value="check:genre"' not in page
    # The other questions' keys are still hidden.
    assert "cinq" not in page
    # A checked answer is final: changing it on submit changes nothing.
    response = act(client, "submit", {**RIGHT, "q-genre": "a"})
    results = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "(3 / 3)" in results


def test_points_on_result_pages_follow_the_interface_language(app: Flask) -> None:
    """One rule for the player and the packages (engine/numbers.py): two decimals at most,
    a decimal comma in French."""
    points = app.jinja_env.filters["points"]
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert (points(7.333333), points(8.0), points(None)) == ("7,33", "8", "0")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert points(7.666666) == "7.67"
