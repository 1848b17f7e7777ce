"""The staff's projected view ("vue projetée", issue 15): a lesson or a quiz as a room may see
it, with no facilitator note in the HTML at all, no answer key, no attempt, no name, no course
notice; its links keep the view; a learner asking for it gets the normal page."""

from __future__ import annotations

import re
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.player.accounts import create_user
from engine.player.db import upgrade
from tests.helpers.course_edits import DRAFT, edit, library_of, player_on_copy, reload
from tests.helpers.courses import bundled_dir
from tests.helpers.player import PASSWORD, make_app, post_form, sign_in
from tests.helpers.quiz import QUIZ, RIGHT, SECRETS, act

INTRO = "/learn/demo/intro.html"
NOTE = "SECRET-ANIMATION"
SWITCH = (
    '<p class="view-switch"><a class="button secondary" href="/learn/demo/{item}.html'
    '?view=projected">Vue projetée</a></p>'
)
LEAVE = '<a href="/learn/demo/{item}.html" data-projected-leave>Quitter la vue projetée</a>'


@pytest.fixture(params=["facilitator", "admin"])
def staff(request: pytest.FixtureRequest, app: Flask, make_user: Callable[..., Any]) -> FlaskClient:
    """A signed-in facilitator, then an administrator."""
    make_user("staff@example.org", "Chloé Martin", request.param)
    client = app.test_client()
    sign_in(client, "staff@example.org")
    return client


def page(client: FlaskClient, url: str) -> str:
    response = client.get(url)
    assert response.status_code == 200, url
    return response.get_data(as_text=True)


def test_staff_see_the_notes_normally_and_never_in_the_projected_view(staff: FlaskClient) -> None:
    normal = page(staff, INTRO)
    assert NOTE in normal
    assert SWITCH.format(item="intro") in normal
    projected = page(staff, INTRO + "?view=projected")
    assert NOTE not in projected
    assert "callout-facilitator" not in projected
    assert '<body class="projection projected">' in projected
    assert LEAVE.format(item="intro") in projected
    assert "Vue projetée</a>" not in projected
    assert '<script src="/static/liane-projected.js?v=' in projected
    assert '<link rel="stylesheet" href="/static/liane-projected.css?v=' in projected
    # The learners' lesson, as it is.
    assert '<h1 lang="fr">Introduction</h1>' in projected
    assert '<img src="media/cycle.svg" alt="Schéma du cycle" />' in projected


def test_the_projected_view_names_nobody_and_shows_no_staff_menu(
    facilitator: FlaskClient,
) -> None:
    normal = page(facilitator, INTRO)
    assert '<a class="who" href="/account" title="Mon compte">Chloé Martin</a>' in normal
    projected = page(facilitator, INTRO + "?view=projected")
    for staff_only in ("Chloé Martin", "Tableau de bord", "Se déconnecter", 'href="/admin/"'):
        assert staff_only not in projected, staff_only
    # Nor the staff's progress in the course (the outline is not offered either).
    assert "Leçon 1 sur 2" in normal
    assert "Leçon 1 sur 2" not in projected
    assert "Leçons lues" not in projected
    assert 'href="/learn/demo/"' not in projected
    assert '<p class="breadcrumb" lang="fr">Cours de démonstration</p>' in projected


def test_navigation_links_keep_the_projected_view(facilitator: FlaskClient) -> None:
    intro = page(facilitator, INTRO + "?view=projected")
    assert (
        '<a class="button" rel="next" href="/learn/demo/suite.html?view=projected">Suivant →</a>'
        in intro
    )
    # A link of the lesson's text to another lesson keeps it too.
    assert '<p>Voir la <a href="suite.html?view=projected">suite</a>.</p>' in intro
    suite = page(facilitator, "/learn/demo/suite.html?view=projected")
    assert (
        '<a class="button secondary" rel="prev" href="/learn/demo/intro.html?view=projected">'
        "← Précédent</a>" in suite
    )
    assert 'rel="next" href="/learn/demo/quiz.html?view=projected"' in suite
    assert LEAVE.format(item="suite") in suite
    quiz = page(facilitator, QUIZ + "?view=projected")
    assert 'rel="prev" href="/learn/demo/suite.html?view=projected"' in quiz
    assert 'rel="next" href="/learn/demo/diagnostic.html?view=projected"' in quiz
    # The normal pages' links do not carry it.
    normal = page(facilitator, INTRO)
    assert '<a class="button" rel="next" href="/learn/demo/suite.html">Suivant →</a>' in normal
    assert '<p>Voir la <a href="suite.html">suite</a>.</p>' in normal
    assert NOTE in normal  # the notes' cached page is not the projected one, nor the reverse
    assert NOTE not in page(facilitator, INTRO + "?view=projected")


def test_a_projected_quiz_shows_its_questions_and_no_answer_mark(
    facilitator: FlaskClient,
) -> None:
    act(facilitator, "start")
    act(facilitator, "submit", RIGHT)  # a passed attempt at 100 %
    normal = page(facilitator, QUIZ)
    assert SWITCH.format(item="quiz") in normal
    assert "Vos tentatives" in normal
    assert "100 %" in normal
    projected = page(facilitator, QUIZ + "?view=projected")
    assert '<h1 lang="fr">Quiz de démonstration</h1>' in projected
    numbers = re.findall(r'<span class="question-n">(\d+)</span>', projected)
    assert numbers == ["1", "2", "3", "4"]
    assert '<span class="option-text" lang="fr">Non</span>' in projected
    for secret in (*SECRETS, "Vos tentatives", "100 %", "Tentative", "is-right", "verdict"):
        assert secret not in projected, secret
    assert "<form" not in projected.split("<main", 1)[1]  # nothing to start, save or submit
    assert LEAVE.format(item="quiz") in projected


def test_a_quiz_attempt_under_way_is_not_projected(facilitator: FlaskClient) -> None:
    act(facilitator, "start")
    act(facilitator, "save", {"q-odd": "MA-REPONSE"})
    normal = page(facilitator, QUIZ)
    assert 'value="MA-REPONSE"' in normal
    assert SWITCH.format(item="quiz") in normal
    projected = page(facilitator, QUIZ + "?view=projected")
    assert "MA-REPONSE" not in projected
    assert 'name="attempt"' not in projected


def test_projecting_records_nothing(facilitator: FlaskClient) -> None:
    projected = page(facilitator, INTRO + "?view=projected")
    assert "data-time-url" not in projected
    outline = page(facilitator, "/learn/demo/")
    assert "is-seen" not in outline
    page(facilitator, INTRO)
    assert '<li class="item item-lesson is-seen">' in page(facilitator, "/learn/demo/")


def normalised(html: str) -> str:
    """A page without its CSRF tokens (signed with the time) and with the language form's
    return address as without the query."""
    html = re.sub(r'(name="csrf_token" value="|name="csrf-token" content=")[^"]+', r"\1", html)
    return html.replace("?view=projected", "?")


@pytest.mark.parametrize("url", [INTRO, QUIZ])
def test_a_learner_asking_for_the_projected_view_gets_the_normal_page(
    learner: FlaskClient, url: str
) -> None:
    asked = page(learner, url + "?view=projected")
    assert normalised(asked) == normalised(page(learner, url))
    for projected_only in ("projected", "Vue projetée", "Quitter la vue projetée"):
        assert projected_only not in normalised(asked)
    assert NOTE not in asked


def test_the_english_interface(facilitator: FlaskClient) -> None:
    post_form(facilitator, "/language", {"language": "en", "next": "/"}, page="/")
    normal = page(facilitator, INTRO)
    assert (
        '<p class="view-switch"><a class="button secondary" '
        'href="/learn/demo/intro.html?view=projected">Projected view</a></p>' in normal
    )
    projected = page(facilitator, INTRO + "?view=projected")
    assert (
        '<a href="/learn/demo/intro.html" data-projected-leave>Leave the projected view</a>'
        in projected
    )
    assert NOTE not in projected


def test_no_draft_notice_in_the_projected_view(database_url: str, tmp_path: Path) -> None:
    app = player_on_copy(database_url, tmp_path)
    edit(library_of(app) / "demo" / "course.yml", *DRAFT)
    reload(app)
    with app.app_context():
        create_user("chloe@example.org", "Chloé Martin", PASSWORD, "facilitator")
    staff = app.test_client()
    sign_in(staff, "chloe@example.org")
    assert '<span class="badge badge-draft">Brouillon</span>' in page(staff, INTRO)
    projected = page(staff, INTRO + "?view=projected")
    assert "course-draft" not in projected
    assert "Brouillon" not in projected


def test_a_projected_ordering_question_never_shows_the_right_order(
    database_url: str, tmp_path: Path
) -> None:
    """The authored order of an ordering question is its answer: the projected quiz shows
    the items as an attempt would (shuffled, never right), the same at every visit."""
    upgrade(database_url)
    app = make_app(database_url, COURSES_DIR=str(bundled_dir()))
    with app.app_context():
        create_user("chloe@example.org", "Chloé Martin", PASSWORD, "facilitator")
    staff = app.test_client()
    sign_in(staff, "chloe@example.org")
    url = "/learn/genre-bases/quiz-2-cycle-de-projet.html?view=projected"
    projected = page(staff, url)
    question = projected.split('id="question-cycle"', 1)[1].split("</fieldset>", 1)[0]
    shown = re.findall(r'<li data-choice="([^"]+)">', question)
    assert sorted(shown) == ["a", "b", "c", "d", "e"]
    assert shown != ["a", "b", "c", "d", "e"]  # the items' ids in the authored (right) order
    assert normalised(page(staff, url)) == normalised(projected)
