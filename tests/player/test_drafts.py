"""`status: draft` in course.yml: learners find the course nowhere (catalogue, paths, any of
its addresses: 404 as for a course that does not exist); facilitators and admins open it,
with a "Brouillon" / "Draft" badge (issue 13)."""

from __future__ import annotations

import html
import re
from pathlib import Path

import pytest
from flask import Flask
from flask.testing import FlaskClient

from engine.player.models import Attempt
from tests.helpers.course_edits import DRAFT, edit, library_of, player_on_copy, reload
from tests.helpers.player import post_form
from tests.helpers.quiz import complete_demo

PAGES = (
    "/learn/demo/",
    "/learn/demo/intro.html",
    "/learn/demo/suite.html",
    "/learn/demo/quiz.html",
    "/learn/demo/diagnostic.html",
    "/learn/demo/media/cycle.svg",
    "/learn/demo/resume",
)
NOTICE_FR = (
    "Brouillon Les apprenant·es ne voient pas ce cours. Pour le publier, supprimez la ligne "
    "`status: draft` de son course.yml."
)
NOTICE_EN = (
    "Draft Learners do not see this course. To publish it, remove the line `status: draft` "
    "from its course.yml."
)


@pytest.fixture
def app(database_url: str, tmp_path: Path) -> Flask:
    return player_on_copy(database_url, tmp_path)


def draft_notice(page: str) -> list[str]:
    found = re.findall(r'<p class="flash course-draft">(.*?)</p>', page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", text)) for text in found]


def test_a_draft_is_nowhere_for_learners(app: Flask, learner: FlaskClient) -> None:
    courses = library_of(app)
    complete_demo(learner)  # while published: an attempt, a certificate to download
    assert learner.get("/certificates/demo.pdf").status_code == 200
    with app.app_context():
        from engine.player.db import session

        attempt_id = session().query(Attempt).one().id
    edit(courses / "demo" / "course.yml", *DRAFT)
    reload(app)

    catalogue = learner.get("/").get_data(as_text=True)
    assert "/learn/demo/" not in catalogue
    assert "Parcours de test" not in catalogue  # a path with no course left for them
    assert "Brouillon" not in catalogue
    for url in (*PAGES, "/certificates/demo.pdf", f"/attempts/{attempt_id}"):
        assert learner.get(url).status_code == 404, url
    for url in ("/learn/demo/time", "/learn/demo/quiz.html"):
        response = post_form(
            learner, url, {"action": "start", "item": "intro", "seconds": "5"}, "/"
        )
        assert response.status_code == 404, url
    for url in ("/admin/courses/demo/scorm12.zip", "/admin/courses/demo/kit.zip"):
        assert learner.get(url).status_code == 403, url  # staff pages, whatever the course


def test_staff_open_a_draft_with_its_badge(app: Flask, facilitator: FlaskClient) -> None:
    courses = library_of(app)
    edit(courses / "demo" / "course.yml", *DRAFT)
    reload(app)
    catalogue = facilitator.get("/").get_data(as_text=True)
    badge = '<span class="badge badge-draft">Brouillon</span>'
    assert '<a href="/learn/demo/" lang="fr">Cours de démonstration</a> ' + badge in catalogue
    assert '<a href="/learn/demo/">Cours de démonstration</a> ' + badge in catalogue  # its path
    for url in PAGES:
        response = facilitator.get(url, follow_redirects=True)
        response.close()  # the media file is sent as a stream
        assert response.status_code == 200, url
    for url in PAGES[:5]:
        page = facilitator.get(url).get_data(as_text=True)
        assert draft_notice(page) == [NOTICE_FR], url
    english = facilitator.get("/learn/demo/", headers={"Accept-Language": "en"})
    assert draft_notice(english.get_data(as_text=True)) == [NOTICE_EN]
    assert facilitator.get("/admin/courses/demo").status_code == 200
    assert facilitator.get("/admin/courses/demo/scorm12.zip").status_code == 200


def test_a_published_course_shows_no_badge(facilitator: FlaskClient) -> None:
    for url in ("/", "/learn/demo/", "/learn/demo/intro.html"):
        page = facilitator.get(url).get_data(as_text=True)
        assert "badge-draft" not in page and draft_notice(page) == [], url
