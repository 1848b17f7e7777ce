"""Taking quizzes: attempts, saving, grading on the server, limits, privacy."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select

from engine.player.models import Attempt
from tests.helpers.concurrency import all_at_once
from tests.helpers.player import count_attempts_and_answers, csrf_token, sign_in
from tests.helpers.quiz import QUIZ, RIGHT, SECRETS, WRONG, act, immediate_client


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
    # Wrong, attempts left: the verdict only (test_explanations_wait_for_the_right_answers).
    assert '<p class="verdict-title is-wrong">Réponse incorrecte</p>' in results
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
    tmp_path: Path, database_url: str, make_user: Callable[..., Any]
) -> None:
    client = immediate_client(tmp_path, database_url)
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


def verdict_of(page: str, qid: str) -> str:
    """The verdict drawn under a question (content/_questions.html), the fieldset's end."""
    start = page.index(f'id="verdict-{qid}"')
    end = page.index("</fieldset>", start)
    found = re.search(r"^[^>]*>(.*)</div>\s*$", page[start:end], re.S)
    assert found is not None, page[start:end]
    return " ".join(found.group(1).split())


def test_explanations_wait_for_the_right_answers(learner: FlaskClient) -> None:
    """Issue 12: an explanation and an option's own feedback often state the right answer;
    they wait until the right answers may be shown (passed or no attempt left: may_reveal),
    unless the answer is right. The verdict shows at once. The demo quiz has 2 attempts."""
    act(learner, "start")
    location = act(learner, "submit", WRONG).headers["Location"]
    first = learner.get(location).get_data(as_text=True)
    assert verdict_of(first, "genre") == '<p class="verdict-title is-wrong">Réponse incorrecte</p>'
    for secret in ("FEEDBACK-FAUX-OUI", "FEEDBACK-JUSTE-NON", "EXPLICATION-GENRE", "(bonne"):
        assert secret not in first, secret
    # The last attempt, wrong again: no attempt left, everything is shown.
    act(learner, "start")
    location = act(learner, "submit", WRONG).headers["Location"]
    last = learner.get(location).get_data(as_text=True)
    assert verdict_of(last, "genre") == (
        '<p class="verdict-title is-wrong">Réponse incorrecte</p> '
        '<div class="feedback-text" lang="fr"><p>FEEDBACK-FAUX-OUI</p> </div>'
        '<div class="explanation"><p class="explanation-title">Explication</p>'
        '<div class="explanation-text" lang="fr">'
        "<p>EXPLICATION-GENRE</p> </div></div>"
    )
    assert '<span class="mark">(bonne réponse)</span>' in last


def test_a_right_answer_shows_its_explanation_at_once(learner: FlaskClient) -> None:
    """A right answer tells nothing the learner does not know: its explanation and its
    option's feedback show in an attempt not passed, the right answers of the others do not."""
    act(learner, "start")
    answers = {**WRONG, "q-genre": "b"}  # 1 of 3: not passed, an attempt left
    location = act(learner, "submit", answers).headers["Location"]
    results = learner.get(location).get_data(as_text=True)
    assert verdict_of(results, "genre") == (
        '<p class="verdict-title is-right">Bonne réponse</p> '
        '<div class="feedback-text" lang="fr"><p>FEEDBACK-JUSTE-NON</p> </div>'
        '<div class="explanation"><p class="explanation-title">Explication</p>'
        '<div class="explanation-text" lang="fr">'
        "<p>EXPLICATION-GENRE</p> </div></div>"
    )
    assert "(bonne réponse)" not in results  # the key waits: may_reveal is false


def test_a_check_follows_the_same_rule(
    tmp_path: Path, database_url: str, make_user: Callable[..., Any]
) -> None:
    """A wrong answer checked during attempt 1 of 2 (immediate feedback) shows its verdict,
    not its option's feedback, explanation or the right answer, whether the page reloads or
    the script asks for the question alone (checked_review); in the last attempt it shows
    them, the attempt under way counting as used."""
    client = immediate_client(tmp_path, database_url)
    act(client, "start")
    act(client, "check:genre", {"q-genre": "a"})
    page = client.get(QUIZ).get_data(as_text=True)
    assert verdict_of(page, "genre") == '<p class="verdict-title is-wrong">Réponse incorrecte</p>'
    for secret in ("FEEDBACK-FAUX-OUI", "EXPLICATION-GENRE", "(bonne"):
        assert secret not in page, secret
    act(client, "submit", WRONG)
    act(client, "start")  # the last attempt
    page = client.get(QUIZ).get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page)
    assert attempt is not None
    fragment = client.post(
        QUIZ,
        data={
            "csrf_token": csrf_token(page),
            "attempt": attempt.group(1),
            "action": "check:genre",
            "q-genre": "a",
        },
        headers={"X-Liane-Check": "1"},
    ).get_data(as_text=True)
    assert verdict_of(fragment, "genre") == (
        '<p class="verdict-title is-wrong">Réponse incorrecte</p> '
        '<div class="feedback-text" lang="fr"><p>FEEDBACK-FAUX-OUI</p> </div>'
        '<div class="explanation"><p class="explanation-title">Explication</p>'
        '<div class="explanation-text" lang="fr">'
        "<p>EXPLICATION-GENRE</p> </div></div>"
    )
    assert '<span class="mark">(bonne réponse)</span>' in fragment
    assert verdict_of(client.get(QUIZ).get_data(as_text=True), "genre") == verdict_of(
        fragment, "genre"
    )


def test_points_on_result_pages_follow_the_interface_language(app: Flask) -> None:
    """One rule for the player and the packages (engine/numbers.py): two decimals at most,
    a decimal comma in French."""
    points = app.jinja_env.filters["points"]
    with app.test_request_context(headers={"Accept-Language": "fr"}):
        assert (points(7.333333), points(8.0), points(None)) == ("7,33", "8", "0")
    with app.test_request_context(headers={"Accept-Language": "en"}):
        assert points(7.666666) == "7.67"
