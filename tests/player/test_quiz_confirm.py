"""Quizzes that never trap, without JavaScript (issue 12): Enter in a field only saves, an
attempt with blank questions is sent only once confirmed on a page of its own (nothing
recorded before), and checking one answer reloads the page at that question with focus on
its verdict. With the script's header, a check returns the question's HTML alone."""

from __future__ import annotations

import html
import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from werkzeug.datastructures import MultiDict

from engine.player.models import Attempt
from engine.player.quiz_forms import unanswered
from engine.responses import responses_from_form
from tests.helpers.courses import bundled_course
from tests.helpers.player import count_attempts_and_answers, csrf_token
from tests.helpers.quiz import QUIZ, RIGHT, SECRETS, act, immediate_client

FRENCH = {"Accept-Language": "fr-FR"}
ENGLISH = {"Accept-Language": "en-GB"}


def press(
    client: FlaskClient,
    action: str,
    answers: dict[str, str] | None = None,
    headers: dict[str, str] | None = None,
) -> Any:
    """Press a button of the quiz page as a browser without script does: no confirmation."""
    page = client.get(QUIZ).get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page)
    assert attempt is not None
    data = {
        "csrf_token": csrf_token(page),
        "attempt": attempt.group(1),
        "action": action,
        **(answers or {}),
    }
    return client.post(QUIZ, data=data, headers=headers or {})


def hidden_fields(page: str) -> list[tuple[str, str]]:
    """The fields of the confirmation page's form (not the header's sign-out form)."""
    form = page[page.index('<form method="post" action="/learn/demo/quiz.html"') :]
    return re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)">', form)


def attempts(app: Flask) -> list[Attempt]:
    from sqlalchemy import select

    from engine.player.db import session

    with app.app_context():
        return list(session().scalars(select(Attempt)))


def test_blank_questions_ask_first_and_nothing_is_recorded(
    app: Flask, learner: FlaskClient
) -> None:
    act(learner, "start")
    response = press(learner, "submit", {"q-genre": "b"}, FRENCH)
    assert response.status_code == 200
    page = response.get_data(as_text=True)
    assert "<title>Questions sans réponse : Quiz de démonstration · Liane</title>" in page
    assert (
        '<h1 id="confirm-title" tabindex="-1" autofocus data-autofocus>'
        "3 questions sans réponse sur 4 : envoyer quand même ?</h1>"
    ) in page
    assert "<p>Rien n’est encore envoyé : vos réponses sont gardées.</p>" in page
    links = re.findall(r'<li><a href="([^"]+)">([^<]+)</a> – <span lang="fr">([^<]+)</span>', page)
    assert [(href, n, html.unescape(prompt)) for href, n, prompt in links] == [
        (
            "/learn/demo/quiz.html#question-odd",
            "Question 2",
            "Quel ODD porte sur l'égalité femmes-hommes ?",
        ),
        (
            "/learn/demo/quiz.html#question-vrai",
            "Question 3",
            "Les données ventilées par sexe sont utiles.",
        ),
        ("/learn/demo/quiz.html#question-avis", "Question 4", "Qu'en pensez-vous ?"),
    ]
    assert (
        '<button type="submit" name="action" value="submit" class="button">'
        "Envoyer quand même</button>" in page
    )
    assert (
        '<a class="button secondary" href="/learn/demo/quiz.html#question-odd">Revenir au quiz</a>'
    ) in page
    # Nothing recorded: the attempt is still open, no answer graded; the answer is kept.
    assert count_attempts_and_answers(app) == (1, 0)
    [attempt] = attempts(app)
    assert attempt.submitted_at is None and attempt.responses["genre"] == "b"
    quiz_page = learner.get(QUIZ).get_data(as_text=True)
    assert re.search(r'value="b" checked', quiz_page)

    # "Envoyer quand même" posts the same answers again, confirmed.
    fields = hidden_fields(page)
    assert [name for name, _ in fields] == ["csrf_token", "attempt", "confirm", "q-genre"]
    assert fields[2:] == [("confirm", "1"), ("q-genre", "b")]
    sent = learner.post(QUIZ, data={**dict(fields), "action": "submit"})
    assert sent.status_code == 302 and "/attempts/" in sent.headers["Location"]
    assert count_attempts_and_answers(app) == (1, 4)
    [attempt] = attempts(app)
    assert attempt.submitted_at is not None and attempt.points_earned == 1


def test_one_blank_question_is_named_in_english(app: Flask, learner: FlaskClient) -> None:
    act(learner, "start")
    page = press(learner, "submit", {**RIGHT, "q-avis": "  "}, ENGLISH).get_data(as_text=True)
    assert "<title>Unanswered questions: Quiz de démonstration · Liane</title>" in page
    assert ">1 question unanswered out of 4: send anyway?</h1>" in page
    assert "<p>Nothing is sent yet: your answers are kept.</p>" in page
    assert re.findall(r'<li><a href="[^"]+">([^<]+)</a>', page) == ["Question 4"]
    assert ">Send anyway</button>" in page and ">Back to the quiz</a>" in page
    assert count_attempts_and_answers(app) == (1, 0)


def test_a_checkbox_answer_is_carried_with_every_value(learner: FlaskClient) -> None:
    """Hidden fields repeat a name as the form did (several boxes ticked)."""
    act(learner, "start")
    page = press(learner, "submit", {"q-odd": 'a "quoted" <b>'}).get_data(as_text=True)
    assert '<input type="hidden" name="q-odd" value="a &#34;quoted&#34; &lt;b&gt;">' in page


def test_a_complete_attempt_is_sent_at_once(app: Flask, learner: FlaskClient) -> None:
    act(learner, "start")
    response = press(learner, "submit", RIGHT)
    assert response.status_code == 302 and "/attempts/" in response.headers["Location"]
    assert count_attempts_and_answers(app) == (1, 4)


def test_enter_in_a_field_presses_a_button_that_only_saves(
    app: Flask, learner: FlaskClient
) -> None:
    """Without script, Enter sends the form with its first submit button: it saves."""
    act(learner, "start")
    page = learner.get(QUIZ, headers=ENGLISH).get_data(as_text=True)
    form = page[page.index('<form method="post" id="quiz"') :]
    first = re.search(r"<button[^>]*>[^<]*</button>", form)
    assert first is not None
    assert first.group(0) == (
        '<button type="submit" name="action" value="save" class="default-action" '
        'tabindex="-1" aria-hidden="true">Save</button>'
    )
    response = press(learner, "save", {"q-odd": "cinq"}, ENGLISH)
    assert response.status_code == 302
    assert response.headers["Location"] == "/learn/demo/quiz.html#quiz"
    page = learner.get(QUIZ, headers=ENGLISH).get_data(as_text=True)
    assert '<p class="flash flash-info" role="status">Your answers are saved.</p>' in page
    assert 'value="cinq"' in page
    assert count_attempts_and_answers(app) == (1, 0)


@pytest.fixture
def immediate(tmp_path: Path, database_url: str, make_user: Callable[..., Any]) -> FlaskClient:
    """A learner on the demo quiz with immediate feedback (one answer checked at a time)."""
    client = immediate_client(tmp_path, database_url)
    act(client, "start")
    return client


def test_the_first_button_is_still_harmless_with_check_buttons(immediate: FlaskClient) -> None:
    page = immediate.get(QUIZ).get_data(as_text=True)
    form = page[page.index('<form method="post" id="quiz"') :]
    values = re.findall(r'<button type="submit" name="action" value="([^"]+)"', form)
    assert values == [
        "save",
        "check:genre",
        "check:odd",
        "check:vrai",
        "check:avis",
        "save",
        "submit",
    ]


def test_a_check_without_script_lands_on_its_verdict(immediate: FlaskClient) -> None:
    response = press(immediate, "check:genre", {"q-genre": "b"})
    assert response.status_code == 302
    assert response.headers["Location"] == "/learn/demo/quiz.html?checked=genre#verdict-genre"
    page = immediate.get(response.headers["Location"], headers=FRENCH).get_data(as_text=True)
    assert page.count(" autofocus ") == 1
    assert (
        '<div class="verdict" id="verdict-genre" tabindex="-1" autofocus data-autofocus>\n'
        '<p class="verdict-title is-right">Bonne réponse</p>'
    ) in page
    assert "FEEDBACK-JUSTE-NON" in page
    # The plain page (a later visit) puts focus nowhere in particular.
    assert "autofocus" not in immediate.get(QUIZ).get_data(as_text=True)
    # A question not checked yet, named in the address, is ignored.
    assert "autofocus" not in immediate.get(QUIZ + "?checked=odd").get_data(as_text=True)


def test_a_check_from_the_script_returns_the_question_alone(immediate: FlaskClient) -> None:
    script = {"X-Liane-Check": "1", **FRENCH}
    response = press(immediate, "check:odd", {"q-odd": "six", "q-genre": "a"}, script)
    assert response.status_code == 200
    body = response.get_data(as_text=True)
    assert body.startswith(
        '<fieldset class="question question-short_answer is-reviewed" id="question-odd"'
    )
    assert body.endswith("</fieldset>")
    assert (
        '<legend id="qn-odd" class="question-number">'
        'Question <span class="question-n">2</span></legend>' in body
    )
    assert 'value="six" disabled' in body
    assert '<p class="verdict-title is-wrong">Réponse incorrecte</p>' in body
    assert '<div class="verdict" id="verdict-odd">' in body
    # The page keeps its own live region (liane.js puts the verdict in it): none comes back.
    assert "question-feedback" not in body and "aria-live" not in body
    # Only this question: nothing of the others, their keys least of all.
    assert "question-genre" not in body
    for secret in ("FEEDBACK-FAUX-OUI", "FEEDBACK-JUSTE-NON", "EXPLICATION-GENRE"):
        assert secret not in body
    # The other answers were saved with it, and stay open.
    page = immediate.get(QUIZ).get_data(as_text=True)
    assert re.search(r'value="a" checked>', page) and 'value="check:genre"' in page
    # The check is final: checked again with another answer, the first one stands.
    again = press(immediate, "check:odd", {"q-odd": "cinq"}, script).get_data(as_text=True)
    assert 'value="six" disabled' in again and "is-wrong" in again
    # A question this attempt does not show is refused.
    assert press(immediate, "check:nope", {}, script).status_code == 400


def live_regions(page: str) -> list[str]:
    return re.findall(
        r'<div class="question-feedback" id="feedback-([^"]+)" aria-live="polite">', page
    )


def test_live_regions_only_where_liane_js_puts_a_verdict(immediate: FlaskClient) -> None:
    """Issue 12: an empty live region per question is drawn only when its answer may be
    checked in place (immediate feedback, not checked yet)."""
    assert live_regions(immediate.get(QUIZ).get_data(as_text=True)) == [
        "genre",
        "odd",
        "vrai",
        "avis",
    ]
    press(immediate, "check:genre", {"q-genre": "b"})
    page = immediate.get(QUIZ).get_data(as_text=True)
    assert live_regions(page) == ["odd", "vrai", "avis"]
    assert '<div class="verdict" id="verdict-genre">' in page


def test_no_live_region_in_a_quiz_graded_on_submit(learner: FlaskClient) -> None:
    """Nothing is checked in place there: no empty live region, nor on the results page."""
    act(learner, "start")
    page = learner.get(QUIZ).get_data(as_text=True)
    assert live_regions(page) == [] and "question-feedback" not in page
    results = learner.get(act(learner, "submit", RIGHT).headers["Location"])
    page = results.get_data(as_text=True)
    assert "question-feedback" not in page and '<div class="verdict" id="verdict-genre">' in page


def test_a_check_after_the_attempt_was_sent_elsewhere_says_so(immediate: FlaskClient) -> None:
    page = immediate.get(QUIZ).get_data(as_text=True)
    attempt = re.search(r'name="attempt" value="(\d+)"', page)
    assert attempt is not None
    form = {"csrf_token": csrf_token(page), "attempt": attempt.group(1)}
    sent = immediate.post(QUIZ, data={**form, **RIGHT, "action": "submit"})
    assert sent.status_code == 302
    late = immediate.post(
        QUIZ, data={**form, "action": "check:genre"}, headers={"X-Liane-Check": "1"}
    )
    assert late.status_code == 409 and late.get_data() == b""


def test_checked_questions_are_not_asked_about(immediate: FlaskClient) -> None:
    """A question checked blank is locked: there is nothing left to answer in it."""
    press(immediate, "check:genre", {})
    page = press(immediate, "submit", {"q-odd": "cinq", "q-vrai": "true"}, ENGLISH)
    page = page.get_data(as_text=True)
    assert ">1 question unanswered out of 4: send anyway?</h1>" in page
    assert re.findall(r'<li><a href="[^"]+">([^<]+)</a>', page) == ["Question 4"]


def test_the_confirmation_page_shows_no_key(learner: FlaskClient) -> None:
    act(learner, "start")
    page = press(learner, "submit", {"q-genre": "a"}).get_data(as_text=True)
    for secret in SECRETS:
        assert secret not in page, secret


def test_the_page_gives_the_script_its_texts_in_both_languages(learner: FlaskClient) -> None:
    act(learner, "start")
    texts = {
        "en": (
            'data-text-offline="No connection: your answers are kept on this device"',
            'data-text-online="Connection back: your answers are saved"',
            'data-one="1 question unanswered out of {total}: send anyway?"',
            'data-many="{n} questions unanswered out of {total}: send anyway?"',
            'data-text="Go to the first unanswered question (question {number})"',
            "data-confirm>Send anyway</button>",
            "data-cancel>Back to the quiz</button>",
        ),
        "fr": (
            'data-text-offline="Pas de connexion : vos réponses sont gardées sur cet appareil"',
            'data-text-online="Connexion rétablie : vos réponses sont enregistrées"',
            'data-one="1 question sans réponse sur {total} : envoyer quand même ?"',
            'data-many="{n} questions sans réponse sur {total} : envoyer quand même ?"',
            'data-text="Aller à la première question sans réponse (question {number})"',
            "data-confirm>Envoyer quand même</button>",
            "data-cancel>Revenir au quiz</button>",
        ),
    }
    for language, expected in texts.items():
        page = learner.get(QUIZ, headers={"Accept-Language": language}).get_data(as_text=True)
        for text in expected:
            assert text in page, (language, text)
    # The draft's key names the person and the attempt.
    [attempt] = re.findall(r'name="attempt" value="(\d+)"', page)
    assert re.search(rf'data-draft-key="liane-draft:\d+:{attempt}"', page)


def test_blank_is_what_the_grader_calls_unanswered() -> None:
    """An ordering whose selects are all left on "Choose…" is blank, as a blank text is;
    one item placed is an answer. Read from a form as the player reads it."""
    quiz = next(
        q for q in bundled_course("genre-bases").quizzes if q.id == "quiz-2-cycle-de-projet"
    )
    numbers = {q.id: n for n, q in enumerate(quiz.questions, start=1)}
    first = quiz.questions[0]
    assert first.type == "ordering"
    form = {f"q-cycle-{k}": "" for k in range(1, 6)} | {"q-donnees-ventilees": "  "}
    responses = responses_from_form(list(quiz.questions), MultiDict(form))
    assert responses["cycle"] == ["", "", "", "", ""]
    blank = [q.id for _, q in unanswered(quiz.questions, responses, [])]
    assert blank == [q.id for q in quiz.questions]
    form["q-cycle-3"] = first.items[0].id
    responses = responses_from_form(list(quiz.questions), MultiDict(form))
    blank = [(n, q.id) for n, q in unanswered(quiz.questions, responses, [])]
    assert blank == [(numbers[q.id], q.id) for q in quiz.questions[1:]]
